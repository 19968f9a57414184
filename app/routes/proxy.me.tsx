// GET /apps/kanta/me on the storefront (forwarded by Shopify's App Proxy to /proxy/me).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getSql } from "../db.server";
import { env } from "../env.server";
import { ProxyAuthError, verifyAppProxyRequest } from "../proxy/app-proxy.server";
import { loadMe } from "../proxy/member-summary.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  let verified;
  try {
    verified = verifyAppProxyRequest(new URL(request.url), env().SHOPIFY_API_SECRET);
  } catch (error) {
    if (error instanceof ProxyAuthError) {
      return Response.json({ error: error.message }, { status: error.status, headers: { "Cache-Control": "no-store" } });
    }
    throw error;
  }
  const me = await loadMe(getSql(), verified.shop, verified.customerGid);
  return Response.json(me, { headers: { "Cache-Control": "private, no-store" } });
};
