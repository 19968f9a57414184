// The preview's stand-in for Shopify's App Proxy: a storefront request to /apps/kanta/<path> is
// forwarded to the app's /proxy/<path> as Shopify forwards it — the shopper's query kept, plus
// `shop`, `logged_in_customer_id` (empty when logged out), `path_prefix`, `timestamp` and
// `signature` (appProxySignature with the app secret); the method, body and content type kept, the
// shopper's language passed on as Accept-Language; the answer streamed back without cookies.
import { appProxySignature } from "../proxy/app-proxy.server";

export const PROXY_PATH_PREFIX = "/apps/kanta";

/** What Shopify's App Proxy adds to the query; a shopper's own values for these are replaced. */
const PROXY_PARAMS = ["shop", "logged_in_customer_id", "path_prefix", "timestamp", "signature"] as const;

export type ForwardIdentity = { shop: string; customerId: string | null; secret: string; nowSeconds?: number };

/** The query the app receives: the shopper's, then Shopify's parameters, signed. */
export function signedForwardQuery(original: URLSearchParams, identity: ForwardIdentity): URLSearchParams {
  const query = new URLSearchParams();
  for (const [key, value] of original) if (!(PROXY_PARAMS as readonly string[]).includes(key)) query.append(key, value);
  query.set("shop", identity.shop);
  query.set("logged_in_customer_id", identity.customerId ?? "");
  query.set("path_prefix", PROXY_PATH_PREFIX);
  query.set("timestamp", String(identity.nowSeconds ?? Math.floor(Date.now() / 1000)));
  query.set("signature", appProxySignature(query, identity.secret));
  return query;
}

/** Request headers passed on to the app. */
const FORWARDED_REQUEST_HEADERS = ["content-type", "accept", "user-agent"];
/** Response headers passed back to the storefront (never Set-Cookie, as Shopify strips it). */
const FORWARDED_RESPONSE_HEADERS = ["content-type", "cache-control", "retry-after", "location", "allow", "vary", "x-ratelimit-limit", "x-ratelimit-remaining"];

/** The /proxy/<subpath> request the app receives, with the answer streamed back. */
export async function forwardToAppProxy(
  request: Request,
  subpath: string,
  identity: ForwardIdentity & { acceptLanguage: string | null },
): Promise<Response> {
  const incoming = new URL(request.url);
  const target = new URL(`/proxy/${subpath}`, incoming.origin);
  target.search = signedForwardQuery(incoming.searchParams, identity).toString();
  const headers = new Headers();
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = request.headers.get(name);
    if (value) headers.set(name, value);
  }
  const language = identity.acceptLanguage ?? request.headers.get("accept-language");
  if (language) headers.set("accept-language", language);
  const hasBody = !["GET", "HEAD"].includes(request.method.toUpperCase());
  const upstream = await fetch(target, {
    method: request.method,
    headers,
    body: hasBody ? await request.arrayBuffer() : undefined,
    redirect: "manual",
  });
  const out = new Headers();
  for (const name of FORWARDED_RESPONSE_HEADERS) {
    const value = upstream.headers.get(name);
    if (value) out.set(name, value);
  }
  return new Response(upstream.body, { status: upstream.status, statusText: upstream.statusText, headers: out });
}
