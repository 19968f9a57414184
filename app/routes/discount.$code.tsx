// GET /discount/<CODE> on the local storefront preview, which has no cart: says the code will be applied at checkout.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { discountPage } from "../storefront-preview/preview.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => discountPage(request, params.code ?? "");
