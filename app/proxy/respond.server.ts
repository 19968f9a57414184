// What every /proxy route does the same way: verify Shopify's App Proxy signature, pick the
// storefront's language, read a small JSON body against its schema, and answer errors as
// {"error": {"code", "message", "detail"?}} (ProxyErrorSchema) that are never cached.
import type { z } from "zod";
import { env } from "../env.server";
import { ProxyAuthError, verifyAppProxyRequest, type VerifiedProxyRequest } from "./app-proxy.server";
import { errorMessage, storefrontLocale, type ProxyErrorCode, type StorefrontLocale } from "./messages";
import type { ProxyError } from "./schema";

export const NO_STORE = { "Cache-Control": "no-store" } as const;
export const PRIVATE_NO_STORE = { "Cache-Control": "private, no-store" } as const;

const MAX_BODY_BYTES = 16 * 1024;

export function proxyError(code: ProxyErrorCode, status: number, locale: StorefrontLocale, detail?: string): Response {
  const body: ProxyError = { error: { code, message: errorMessage(code, locale), ...(detail ? { detail } : {}) } };
  return Response.json(body, { status, headers: NO_STORE });
}

export function methodNotAllowed(allow: string): Response {
  const body: ProxyError = { error: { code: "method_not_allowed", message: `Use ${allow}.` } };
  return Response.json(body, { status: 405, headers: { Allow: allow, ...NO_STORE } });
}

export type ProxyContext = { url: URL; locale: StorefrontLocale; proxy: VerifiedProxyRequest };

/** The verified request, or the 401/400 answer for a missing, forged or stale signature. */
export function verifyProxy(request: Request): ProxyContext | Response {
  const url = new URL(request.url);
  const locale = storefrontLocale(url.searchParams.get("locale"), request.headers.get("Accept-Language"));
  try {
    return { url, locale, proxy: verifyAppProxyRequest(url, env().SHOPIFY_API_SECRET) };
  } catch (error) {
    if (error instanceof ProxyAuthError) {
      const body: ProxyError = { error: { code: "unauthorized", message: error.message } };
      return Response.json(body, { status: error.status, headers: NO_STORE });
    }
    throw error;
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
