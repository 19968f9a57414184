// The local admin's pieces: session tokens the Shopify library accepts, and a stand-in script that
// at least parses.
import "@shopify/shopify-api/adapters/node";
import { ApiVersion, shopifyApi } from "@shopify/shopify-api";
import { describe, expect, it } from "vitest";
import { APP_BRIDGE_STAND_IN } from "../../../app/local-admin/app-bridge-stand-in.server";
import { SHOP_DOMAIN, adminHost, mintSessionToken } from "../../../app/local-admin/session-token.server";

const api = shopifyApi({
  apiKey: "local-key", apiSecretKey: "local-secret", apiVersion: ApiVersion.July26, hostName: "localhost:3000", isEmbeddedApp: true,
  scopes: [], logger: { level: 0 },
});

describe("session tokens of the local admin", () => {
  it("are valid for Shopify's library for one minute, with App Bridge's claims", async () => {
    const now = new Date();
    const { token, expiresAt } = mintSessionToken({ shop: "kanta-demo.myshopify.com", apiKey: "local-key", secret: "local-secret", sub: "7", now });
    const payload = await api.session.decodeSessionToken(token);
    expect(payload).toMatchObject({
      iss: "https://kanta-demo.myshopify.com/admin", dest: "https://kanta-demo.myshopify.com", aud: "local-key", sub: "7",
      exp: Math.floor(now.getTime() / 1000) + 60,
    });
    expect(expiresAt).toBe(new Date((Math.floor(now.getTime() / 1000) + 60) * 1000).toISOString());
    expect(Object.keys(payload).sort()).toEqual(["aud", "dest", "exp", "iat", "iss", "jti", "nbf", "sid", "sub"]);
  });

  it("are refused when signed with another secret or expired", async () => {
    const forged = mintSessionToken({ shop: "kanta-demo.myshopify.com", apiKey: "local-key", secret: "not-the-secret", sub: "1" }).token;
    await expect(api.session.decodeSessionToken(forged)).rejects.toThrow();
    const old = mintSessionToken({ shop: "kanta-demo.myshopify.com", apiKey: "local-key", secret: "local-secret", sub: "1", now: new Date(Date.now() - 120_000) });
    await expect(api.session.decodeSessionToken(old.token)).rejects.toThrow();
  });

  it("name the shop's admin as Shopify's host parameter does", () => {
    expect(Buffer.from(adminHost("kanta-demo.myshopify.com"), "base64").toString()).toBe("admin.shopify.com/store/kanta-demo");
    expect(api.utils.sanitizeHost(adminHost("kanta-demo.myshopify.com"))).toBe(adminHost("kanta-demo.myshopify.com"));
    expect(["kanta-demo.myshopify.com", "a.myshopify.com"].every((s) => SHOP_DOMAIN.test(s))).toBe(true);
    expect(["evil.com", "x.myshopify.com.evil.com", "-x.myshopify.com", "X.MYSHOPIFY.COM"].some((s) => SHOP_DOMAIN.test(s))).toBe(false);
  });
});

describe("the App Bridge stand-in", () => {
  it("is a script that parses", () => {
    expect(() => new Function(APP_BRIDGE_STAND_IN)).not.toThrow();
  });
});
