/**
 * Signing helpers that reproduce what Shopify sends, for tests, benchmarks and
 * the demo replay.
 *
 * - Webhooks: X-Shopify-Hmac-Sha256 is the base64 HMAC-SHA256 of the raw
 *   request body, keyed with the app's client secret.
 * - App proxy: `signature` is the hex HMAC-SHA256 of the query parameters
 *   (without `signature`) written as `key=value`, sorted by key, with the
 *   values of a repeated key joined by "," and the pairs joined with no
 *   separator (shopify.dev, "Authenticate app proxies").
 */
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";

export const DEFAULT_API_VERSION = "2026-07";

/** Base64 HMAC-SHA256 of the raw body. A string body is hashed as UTF-8 bytes. */
export function signWebhook(body: string | Uint8Array, secret: string): string {
  return createHmac("sha256", secret).update(body).digest("base64");
}

/** Constant-time check of an X-Shopify-Hmac-Sha256 value. */
export function verifyWebhookSignature(body: string | Uint8Array, hmacHeader: string | null | undefined, secret: string): boolean {
  if (!hmacHeader) return false;
  const expected = Buffer.from(signWebhook(body, secret));
  const given = Buffer.from(hmacHeader);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export interface WebhookHeaderInput {
  topic: string;
  shopDomain: string;
  body: string;
  secret: string;
  /** X-Shopify-Webhook-Id; a random UUID if omitted. */
  webhookId?: string;
  /** X-Shopify-Event-Id; a random UUID if omitted. */
  eventId?: string;
  apiVersion?: string;
  /** X-Shopify-Triggered-At, e.g. "2025-07-10T16:15:47.000000Z"; now if omitted. */
  triggeredAt?: string | Date;
  /** Optional X-Shopify-Name (subscription name). */
  name?: string;
}

function triggeredAtHeader(value: string | Date | undefined): string {
  if (typeof value === "string") return value;
  const d = value ?? new Date();
  return `${d.toISOString().slice(0, 23)}000Z`;
}

/** The headers Shopify sends with an HTTPS webhook delivery. */
export function webhookHeaders(input: WebhookHeaderInput): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "X-Shopify-Topic": input.topic,
    "X-Shopify-Hmac-Sha256": signWebhook(input.body, input.secret),
    "X-Shopify-Shop-Domain": input.shopDomain,
    "X-Shopify-API-Version": input.apiVersion ?? DEFAULT_API_VERSION,
    "X-Shopify-Webhook-Id": input.webhookId ?? randomUUID(),
    "X-Shopify-Event-Id": input.eventId ?? randomUUID(),
    "X-Shopify-Triggered-At": triggeredAtHeader(input.triggeredAt),
  };
  if (input.name) headers["X-Shopify-Name"] = input.name;
  return headers;
}

export type AppProxyParams = Record<string, string | readonly string[]>;

/**
 * The string Shopify signs for an app proxy request: `signature` removed,
 * `key=value` per key (repeated values joined with ","), sorted by key
 * (code-point order), concatenated with no separator. For example:
 * "extra=1,2logged_in_customer_id=1path_prefix=/apps/awesome_reviewsshop=…timestamp=1317327555".
 * Values are the decoded query values.
 */
export function appProxyMessage(params: AppProxyParams): string {
  return Object.keys(params)
    .filter((k) => k !== "signature")
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((k) => {
      const v = params[k]!;
      return `${k}=${typeof v === "string" ? v : v.join(",")}`;
    })
    .join("");
}

/** Hex HMAC-SHA256 app proxy signature of `params` (any existing `signature` is ignored). */
export function appProxySignature(params: AppProxyParams, secret: string): string {
  return createHmac("sha256", secret).update(appProxyMessage(params)).digest("hex");
}

/** Returns `params` plus a valid `signature`. */
export function signAppProxyQuery<P extends AppProxyParams>(params: P, secret: string): Omit<P, "signature"> & { signature: string } {
  const { signature: _ignored, ...rest } = params as P & { signature?: unknown };
  return { ...(rest as Omit<P, "signature">), signature: appProxySignature(params, secret) };
}

/** Signed params as URLSearchParams (repeated keys stay repeated), ready to append to a proxy URL. */
export function signedAppProxySearchParams(params: AppProxyParams, secret: string): URLSearchParams {
  const signed = signAppProxyQuery(params, secret) as AppProxyParams;
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(signed)) {
    if (typeof v === "string") sp.append(k, v);
    else for (const item of v) sp.append(k, item);
  }
  return sp;
}

export interface AppProxyRequestInput {
  shop: string;
  /** Empty string (or omitted) for a visitor who isn't logged in, as Shopify sends it. */
  loggedInCustomerId?: string;
  pathPrefix: string;
  /** Unix seconds; defaults to now (@shopify/shopify-api rejects timestamps more than 90s off). */
  timestamp?: number;
  extra?: AppProxyParams;
}

/** The standard parameters Shopify adds to a proxied request, signed. */
export function appProxyQuery(input: AppProxyRequestInput, secret: string): URLSearchParams {
  return signedAppProxySearchParams(
    {
      ...(input.extra ?? {}),
      shop: input.shop,
      logged_in_customer_id: input.loggedInCustomerId ?? "",
      path_prefix: input.pathPrefix,
      timestamp: String(input.timestamp ?? Math.floor(Date.now() / 1000)),
    },
    secret,
  );
}
