// Session tokens as Shopify's App Bridge issues them: an HS256 JWT signed with the app secret,
// valid for one minute, with the claims authenticate.admin checks. Only the local admin mints them.
import { createHmac, randomUUID } from "node:crypto";

const b64url = (data: string | Buffer) => Buffer.from(data).toString("base64url");

export const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

/** Shopify's `host` parameter: the base64 of the shop's admin address. */
export function adminHost(shop: string): string {
  return Buffer.from(`admin.shopify.com/store/${shop.replace(/\.myshopify\.com$/, "")}`).toString("base64").replace(/=+$/, "");
}

export type SessionTokenInput = { shop: string; apiKey: string; secret: string; sub: string; now?: Date };

/** A signed session token and when it expires (60 s after `now`). */
export function mintSessionToken(input: SessionTokenInput): { token: string; expiresAt: string } {
  const now = Math.floor((input.now ?? new Date()).getTime() / 1000);
  const header = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = b64url(
    JSON.stringify({
      iss: `https://${input.shop}/admin`, dest: `https://${input.shop}`, aud: input.apiKey, sub: input.sub,
      exp: now + 60, nbf: now - 5, iat: now - 5, jti: randomUUID(), sid: randomUUID(),
    }),
  );
  const signature = createHmac("sha256", input.secret).update(`${header}.${payload}`).digest("base64url");
  return { token: `${header}.${payload}.${signature}`, expiresAt: new Date((now + 60) * 1000).toISOString() };
}
