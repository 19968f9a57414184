// Verifies Shopify App Proxy requests. Shopify adds shop, logged_in_customer_id, path_prefix,
// timestamp and signature: a hex HMAC-SHA256 (app secret) over the sorted `key=value` pairs,
// joined without separators, multiple values of one key joined with ",".
import { createHmac, timingSafeEqual } from "node:crypto";

export type VerifiedProxyRequest = {
  shop: string;
  /** gid://shopify/Customer/<id>, or null for a logged-out shopper. */
  customerGid: string | null;
  pathPrefix: string | null;
};

export class ProxyAuthError extends Error {
  constructor(message: string, readonly status: 400 | 401 = 401) {
    super(message);
  }
}

// The same window @shopify/shopify-api allows: a proxied request is signed when it is forwarded.
const MAX_AGE_SECONDS = 90;

export function appProxySignature(params: URLSearchParams, secret: string): string {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of params) {
    if (key === "signature") continue;
    grouped.set(key, [...(grouped.get(key) ?? []), value]);
  }
  const message = [...grouped.keys()]
    .sort()
    .map((key) => `${key}=${grouped.get(key)!.join(",")}`)
    .join("");
  return createHmac("sha256", secret).update(message).digest("hex");
}

export function verifyAppProxyRequest(url: URL, secret: string, nowSeconds = Math.floor(Date.now() / 1000)): VerifiedProxyRequest {
  const params = url.searchParams;
  const signature = params.get("signature");
  if (!signature || !/^[0-9a-f]{64}$/i.test(signature)) throw new ProxyAuthError("missing or malformed App Proxy signature");
  const expected = Buffer.from(appProxySignature(params, secret), "hex");
  const given = Buffer.from(signature, "hex");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new ProxyAuthError("invalid App Proxy signature");
  const timestamp = Number(params.get("timestamp"));
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > MAX_AGE_SECONDS) {
    throw new ProxyAuthError("App Proxy request expired or has no timestamp");
  }
  const shop = params.get("shop") ?? "";
  if (!/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/.test(shop)) throw new ProxyAuthError("App Proxy request has no valid shop", 400);
  const customerId = params.get("logged_in_customer_id") ?? "";
  if (customerId !== "" && !/^\d{1,20}$/.test(customerId)) throw new ProxyAuthError("logged_in_customer_id is malformed", 400);
  return {
    shop,
    customerGid: customerId ? `gid://shopify/Customer/${customerId}` : null,
    pathPrefix: params.get("path_prefix"),
  };
}
