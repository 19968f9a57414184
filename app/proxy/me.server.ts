// GET /proxy/me (Shopify's App Proxy forwards https://SHOP/apps/kanta/me here): the shopper's
// balance, tier, progress, rewards, ways to earn, referral link and recent history, or the public
// program for a logged-out shopper (MeResponseSchema). Answers are reused for a few seconds per
// shopper and language (me-cache.server.ts); browsers never cache them.
//
// The hottest storefront read, so the HTTP server answers it on the raw Node layer before Express
// and Remix (as it does webhooks); the Remix route /proxy/me runs the same function.
import type { IncomingMessage, ServerResponse } from "node:http";
import { getSql } from "../db.server";
import { log } from "../lib/log.server";
import { MeCache, meCache } from "./me-cache.server";
import { loadMe } from "./member-summary.server";
import { PRIVATE_NO_STORE, proxyError, proxyRoute } from "./respond.server";

const HEADERS = { "Content-Type": "application/json; charset=utf-8", ...PRIVATE_NO_STORE };

export async function serveMe(request: Request): Promise<Response> {
  return proxyRoute(request, async ({ proxy, locale }) => {
    const cache = meCache();
    const key = MeCache.key(proxy.shop, proxy.customerGid, locale);
    const cached = cache.get(key);
    if (cached !== null) return new Response(cached, { headers: HEADERS });
    const ticket = cache.ticket();
    const body = JSON.stringify(await loadMe(getSql(), proxy.shop, proxy.customerGid, locale));
    cache.set(key, MeCache.shopper(proxy.shop, proxy.customerGid), ticket, body);
    return new Response(body, { headers: HEADERS });
  });
}

/** A GET of /proxy/me (with its query), which the raw Node layer answers itself. */
export function isProxyMeRequest(method: string | undefined, url: string | undefined): boolean {
  if (method !== "GET" || !url) return false;
  const path = url.split("?", 1)[0];
  return path === "/proxy/me" || path === "/proxy/me/";
}

/** The raw Node answer of GET /proxy/me: only the headers the route reads are passed on. */
export async function handleProxyMe(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const headers: Record<string, string> = {};
  for (const name of ["accept-language", "x-forwarded-for"]) {
    const value = req.headers[name];
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  let answer: Response;
  try {
    answer = await serveMe(new Request(`http://localhost${req.url}`, { headers }));
  } catch (error) {
    // Only a broken URL gets here (proxyRoute answers every other failure itself).
    log.warn("app proxy request refused", { error: (error as Error).message });
    answer = proxyError("bad_request", 400, "en", "the request URL could not be read");
  }
  const body = await answer.text();
  res.writeHead(answer.status, { ...Object.fromEntries(answer.headers), "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}
