// GET /apps/kanta/me on the storefront (forwarded by Shopify's App Proxy to /proxy/me).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getSql } from "../db.server";
import { env } from "../env.server";
import { ProxyAuthError, verifyAppProxyRequest } from "../proxy/app-proxy.server";
import { loadMe } from "../proxy/member-summary.server";
import { storefrontLocale } from "../proxy/messages";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  let verified;
  try {
    verified = verifyAppProxyRequest(url, env().SHOPIFY_API_SECRET);
  } catch (error) {
    if (error instanceof ProxyAuthError) {
      return Response.json({ error: error.message }, { status: error.status, headers: { "Cache-Control": "no-store" } });
    }
    throw error;
  }
  const locale = storefrontLocale(url.searchParams.get("locale"), request.headers.get("Accept-Language"));
  const me = await loadMe(getSql(), verified.shop, verified.customerGid, locale);
  return Response.json(me, { headers: { "Cache-Control": "private, no-store" } });
};
