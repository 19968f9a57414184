// The local admin: Kanta's embedded admin in a plain browser, without Shopify around it, for the
// demo and the browser tests. It is on only when SHOPIFY_APP_URL is a loopback address (and the
// request itself arrives on a loopback host); a deployed app never serves any of it.
//   GET /local-admin?shop=…[&path=/app/…][&locale=fi]  signs a session token with the app secret and
//       opens the app as Shopify's admin would (/app?embedded=1&shop=…&host=…&id_token=…);
//   GET /local-admin/session-token?shop=…             a fresh token for the App Bridge stand-in;
//   GET /local-admin/app-bridge.js                    the stand-in, rendered instead of Shopify's CDN script.
import { env } from "../env.server";
import { log } from "../lib/log.server";
import { APP_BRIDGE_STAND_IN } from "./app-bridge-stand-in.server";
import { SHOP_DOMAIN, adminHost, mintSessionToken } from "./session-token.server";

export const STAND_IN_PATH = "/local-admin/app-bridge.js";
/** The staff user id (`sub`) of the local admin's session tokens, unless ?user= names another. */
export const LOCAL_STAFF_USER = "1";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

function configured(): boolean {
  try {
    return env().appUrlIsLoopback;
  } catch {
    return false;
  }
}

if (configured()) {
  log.warn("LOCAL ADMIN ON: /local-admin signs session tokens with the app secret and serves an App Bridge stand-in (SHOPIFY_APP_URL is a loopback address)", {
    appUrl: env().SHOPIFY_APP_URL,
  });
}

/** Whether this request may use the local admin: loopback app URL, and a loopback Host. */
export function localAdminEnabled(request: Request): boolean {
  if (!configured()) return false;
  return LOOPBACK.has(new URL(request.url).hostname);
}

/** The App Bridge script for the app shell: the stand-in in the local admin, else Shopify's CDN (undefined). */
export function appBridgeScriptUrl(request: Request): string | undefined {
  return localAdminEnabled(request) ? STAND_IN_PATH : undefined;
}

const notFound = () => new Response("Not Found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
const badRequest = (message: string) => new Response(message, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });

function shopParam(url: URL): string | Response {
  const shop = url.searchParams.get("shop")?.trim().toLowerCase() ?? "";
  return SHOP_DOMAIN.test(shop) ? shop : badRequest("shop must be a shop domain like kanta-demo.myshopify.com");
}

function userParam(url: URL): string | Response {
  const user = url.searchParams.get("user") ?? LOCAL_STAFF_USER;
  return /^\d{1,20}$/.test(user) ? user : badRequest("user must be a numeric staff user id");
}

/** GET /local-admin: opens the embedded app for a shop with a freshly signed session token. */
export async function openLocalAdmin(
  request: Request,
  hasOfflineSession: (shop: string) => Promise<boolean>,
): Promise<Response> {
  if (!localAdminEnabled(request)) return notFound();
  const url = new URL(request.url);
  const shop = shopParam(url);
  if (shop instanceof Response) return shop;
  const user = userParam(url);
  if (user instanceof Response) return user;
  const path = url.searchParams.get("path") || "/app";
  if (!/^\/app(\/[A-Za-z0-9_\-./]*)?$/.test(path) || path.includes("..")) return badRequest("path must be a page of the app, like /app/members");
  if (!(await hasOfflineSession(shop)) && env().KANTA_ADMIN_EMULATOR !== "1") {
    return new Response(
      `${shop} has no offline session here: install Kanta on it first (npm run demo installs the demo shop), or run with the Admin API emulator.`,
      { status: 409, headers: { "Content-Type": "text/plain; charset=utf-8" } },
    );
  }
  const { SHOPIFY_API_KEY: apiKey, SHOPIFY_API_SECRET: secret } = env();
  const target = new URLSearchParams({ embedded: "1", shop, host: adminHost(shop), id_token: mintSessionToken({ shop, apiKey, secret, sub: user }).token });
  const locale = url.searchParams.get("locale");
  if (locale && /^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})?$/.test(locale)) target.set("locale", locale);
  return new Response(null, { status: 302, headers: { Location: `${path}?${target}`, "Cache-Control": "no-store" } });
}

/** GET /local-admin/session-token: a fresh session token for the stand-in's shopify.idToken(). */
export function localSessionToken(request: Request): Response {
  if (!localAdminEnabled(request)) return notFound();
  const url = new URL(request.url);
  const shop = shopParam(url);
  if (shop instanceof Response) return shop;
  const user = userParam(url);
  if (user instanceof Response) return user;
  const { SHOPIFY_API_KEY: apiKey, SHOPIFY_API_SECRET: secret } = env();
  return Response.json(mintSessionToken({ shop, apiKey, secret, sub: user }), { headers: { "Cache-Control": "no-store" } });
}

/** GET /local-admin/app-bridge.js */
export function appBridgeStandIn(request: Request): Response {
  if (!localAdminEnabled(request)) return notFound();
  return new Response(APP_BRIDGE_STAND_IN, {
    headers: { "Content-Type": "application/javascript; charset=utf-8", "Cache-Control": "no-store" },
  });
}

/**
 * The bounce page of the local admin: Shopify's library answers a document request whose session
 * token is missing or expired with a page that loads App Bridge from the CDN to fetch a new one;
 * here the stand-in does it. Null when the request is not for the local admin.
 */
export function localBouncePage(request: Request): Response | null {
  if (!localAdminEnabled(request) || new URL(request.url).pathname !== "/auth/session-token") return null;
  const apiKey = env().SHOPIFY_API_KEY.replace(/[^A-Za-z0-9_-]/g, "");
  return new Response(`<!DOCTYPE html><script data-api-key="${apiKey}" src="${STAND_IN_PATH}"></script>\n`, {
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
  });
}
