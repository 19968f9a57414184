// What every /proxy route does the same way: verify Shopify's App Proxy signature, count the
// request against the shopper's rate limit, pick the storefront's language, read a small JSON body
// against its schema, answer errors as {"error": {"code", "message", "detail"?}} (ProxyErrorSchema)
// in that language and never cached, and clear the shopper's cached /proxy/me after their writes.
import type { z } from "zod";
import { env } from "../env.server";
import { log } from "../lib/log.server";
import { ProxyAuthError, verifyAppProxyRequest, type VerifiedProxyRequest } from "./app-proxy.server";
import { meCache } from "./me-cache.server";
import { errorMessage, storefrontLocale, type ProxyErrorCode, type StorefrontLocale } from "./messages";
import { checkProxyRateLimit } from "./rate-limit.server";
import type { ProxyError } from "./schema";

export const NO_STORE = { "Cache-Control": "no-store" } as const;
export const PRIVATE_NO_STORE = { "Cache-Control": "private, no-store" } as const;

const MAX_BODY_BYTES = 16 * 1024;

export function proxyError(code: ProxyErrorCode, status: number, locale: StorefrontLocale, detail?: string, headers: Record<string, string> = {}): Response {
  const body: ProxyError = { error: { code, message: errorMessage(code, locale), ...(detail ? { detail } : {}) } };
  return Response.json(body, { status, headers: { ...NO_STORE, ...headers } });
}

function requestLocale(request: Request, url = new URL(request.url)): StorefrontLocale {
  return storefrontLocale(url.searchParams.get("locale"), request.headers.get("Accept-Language"));
}

export function methodNotAllowed(allow: string, request?: Request): Response {
  return proxyError("method_not_allowed", 405, request ? requestLocale(request) : "en", `use ${allow}`, { Allow: allow });
}

export type ProxyContext = { url: URL; locale: StorefrontLocale; proxy: VerifiedProxyRequest };

/**
 * The verified request; or the localized answer for a missing, forged or stale signature (401),
 * a malformed shop or customer id (400), or a shopper over their rate limit (429 with Retry-After).
 * The customer is only ever `logged_in_customer_id` of the signed query.
 */
export function verifyProxy(request: Request): ProxyContext | Response {
  const url = new URL(request.url);
  const locale = requestLocale(request, url);
  let proxy: VerifiedProxyRequest;
  try {
    proxy = verifyAppProxyRequest(url, env().SHOPIFY_API_SECRET);
  } catch (error) {
    if (error instanceof ProxyAuthError) return proxyError(error.status === 401 ? "unauthorized" : "bad_request", error.status, locale, error.message);
    throw error;
  }
  const rate = checkProxyRateLimit(proxy, request);
  if (!rate.ok) {
    return proxyError("rate_limited", 429, locale, `at most ${env().PROXY_RATE_LIMIT_PER_MINUTE} requests a minute`, {
      "Retry-After": String(rate.retryAfterSeconds),
    });
  }
  return { url, locale, proxy };
}

/** The logged-in shopper changed their own data: their cached /proxy/me answers go. */
export function shopperWrote(proxy: VerifiedProxyRequest): void {
  if (proxy.customerGid) meCache().invalidate(proxy.shop, proxy.customerGid);
}

/**
 * Runs a /proxy route: verification and rate limit first, then `handle`; an unexpected failure is
 * logged and answered with the localized server_error. `writes`: the route may change the
 * shopper's data, so their cached /proxy/me is cleared once it is done (whatever the outcome).
 */
export async function proxyRoute(request: Request, handle: (ctx: ProxyContext) => Promise<Response>, opts: { writes?: boolean } = {}): Promise<Response> {
  const ctx = verifyProxy(request);
  if (ctx instanceof Response) return ctx;
  try {
    return await handle(ctx);
  } catch (error) {
    if (error instanceof Response) throw error;
    log.error("app proxy request failed", { shop: ctx.proxy.shop, path: ctx.url.pathname, error });
    return proxyError("server_error", 500, ctx.locale);
  } finally {
    if (opts.writes) shopperWrote(ctx.proxy);
  }
}

/** The JSON body checked against `schema`, or the localized bad_request answer saying what is wrong. */
export async function readJsonBody<S extends z.ZodTypeAny>(request: Request, schema: S, locale: StorefrontLocale): Promise<z.infer<S> | Response> {
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > MAX_BODY_BYTES) return proxyError("bad_request", 413, locale, `the body must be at most ${MAX_BODY_BYTES} bytes`);
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) return proxyError("bad_request", 413, locale, `the body must be at most ${MAX_BODY_BYTES} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return proxyError("bad_request", 400, locale, "the body must be JSON");
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return proxyError("bad_request", 400, locale, `${issue.path.join(".") || "body"}: ${issue.message}`);
  }
  return parsed.data;
}
