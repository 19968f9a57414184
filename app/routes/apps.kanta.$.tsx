// /apps/kanta/* on the local storefront preview: forwarded to /proxy/* and signed as Shopify's App Proxy does (loopback app URL only).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { forwardPreviewProxy } from "../storefront-preview/preview.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => forwardPreviewProxy(request, params["*"] ?? "");
export const action = async ({ request, params }: ActionFunctionArgs) => forwardPreviewProxy(request, params["*"] ?? "");
