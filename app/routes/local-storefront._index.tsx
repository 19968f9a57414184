// GET /local-storefront?shop=…&customer=…: the theme app extension on a local storefront page (loopback app URL only; 404 otherwise).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getSql } from "../db.server";
import { renderPreview } from "../storefront-preview/preview.server";

export const loader = async ({ request }: LoaderFunctionArgs) => renderPreview(getSql(), request);
