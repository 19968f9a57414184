import { describe, expect, it } from "vitest";
import { appProxySignature, verifyAppProxyRequest } from "../../../app/proxy/app-proxy.server";

// Shopify's documented example ("Authenticate app proxies"): secret "hush", extra=1&extra=2.
function documented(loggedInCustomerId: string) {
  const p = new URLSearchParams({
    extra: "1",
    logged_in_customer_id: loggedInCustomerId,
    path_prefix: "/apps/awesome_reviews",
    shop: "shop-name.myshopify.com",
    timestamp: "1317327555",
  });
  p.append("extra", "2");
  return p;
}

describe("App Proxy signatures", () => {
  it("matches Shopify's documented digests, logged in and logged out", () => {
    expect(appProxySignature(documented("1"), "hush")).toBe("4c68c8624d737112c91818c11017d24d334b524cb5c2b8ba08daa056f7395ddb");
    expect(appProxySignature(documented(""), "hush")).toBe("e072b6d7e6622d85912a5214b860d3100dc1e73d9bc29f43796ac8c9ff8093cb");
  });

  it("accepts a fresh signed request and names the logged-in customer by GID", () => {
    const params = new URLSearchParams({ shop: "kanta-demo.myshopify.com", logged_in_customer_id: "820982911946154508", path_prefix: "/apps/kanta", timestamp: "1700000000" });
    params.set("signature", appProxySignature(params, "secret"));
    expect(verifyAppProxyRequest(new URL(`https://app.example/proxy/me?${params}`), "secret", 1700000030)).toEqual({
      shop: "kanta-demo.myshopify.com",
      customerGid: "gid://shopify/Customer/820982911946154508",
      pathPrefix: "/apps/kanta",
    });
  });

  it("rejects a wrong secret, a changed parameter, a stale timestamp and a missing signature", () => {
    const params = new URLSearchParams({ shop: "kanta-demo.myshopify.com", logged_in_customer_id: "1", path_prefix: "/apps/kanta", timestamp: "1700000000" });
    params.set("signature", appProxySignature(params, "secret"));
    const url = (p: URLSearchParams) => new URL(`https://app.example/proxy/me?${p}`);
    expect(() => verifyAppProxyRequest(url(params), "other", 1700000000)).toThrow("invalid App Proxy signature");
    const changed = new URLSearchParams(params);
    changed.set("logged_in_customer_id", "2");
    expect(() => verifyAppProxyRequest(url(changed), "secret", 1700000000)).toThrow("invalid App Proxy signature");
    expect(() => verifyAppProxyRequest(url(params), "secret", 1700000091)).toThrow("App Proxy request expired or has no timestamp");
    const unsigned = new URLSearchParams(params);
    unsigned.delete("signature");
    expect(() => verifyAppProxyRequest(url(unsigned), "secret", 1700000000)).toThrow("missing or malformed App Proxy signature");
  });
});
