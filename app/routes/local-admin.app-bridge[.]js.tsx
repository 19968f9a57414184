// GET /local-admin/app-bridge.js: the local stand-in for Shopify's App Bridge script.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { appBridgeStandIn } from "../local-admin/local-admin.server";

export const loader = async ({ request }: LoaderFunctionArgs) => appBridgeStandIn(request);
