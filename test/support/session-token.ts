// Session tokens as App Bridge sends them (HS256 JWT signed with the app secret), for driving the
// embedded admin locally.
import { createHmac, randomUUID } from "node:crypto";

const b64url = (data: string | Buffer) => Buffer.from(data).toString("base64url");

export function sessionToken(shop: string, apiKey: string, secret: string, now = Math.floor(Date.now() / 1000)): string {
  const header = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = b64url(
    JSON.stringify({
      iss: `https://${shop}/admin`, dest: `https://${shop}`, aud: apiKey, sub: "42",
      exp: now + 60, nbf: now - 5, iat: now - 5, jti: randomUUID(), sid: randomUUID(),
    }),
  );
  const signature = createHmac("sha256", secret).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}

/** The URL Shopify's admin opens for an embedded app, with a fresh session token. */
export function embeddedAppUrl(baseUrl: string, shop: string, apiKey: string, secret: string, path = "/app"): string {
  const host = Buffer.from(`admin.shopify.com/store/${shop.replace(".myshopify.com", "")}`).toString("base64url");
  const q = new URLSearchParams({ embedded: "1", shop, host, id_token: sessionToken(shop, apiKey, secret) });
  return `${baseUrl}${path}?${q}`;
}

/** authenticate.admin answers bots with 410: browsers and tests present a desktop user agent. */
export const DESKTOP_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";
