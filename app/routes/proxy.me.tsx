// GET /apps/kanta/me on the storefront (forwarded by Shopify's App Proxy to /proxy/me). The HTTP
// server answers it before Remix (server/index.ts); this route serves the same answer otherwise.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { serveMe } from "../proxy/me.server";

export const loader = async ({ request }: LoaderFunctionArgs) => serveMe(request);
