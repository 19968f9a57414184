import { describe, expect, it } from "vitest";
import { signedLink, unsubscribeHeaders, verifyLink } from "../../../app/mail/links.server";

const SECRET = "shpss_test_secret";
const APP = "https://kanta.example";
const TOKEN = "Qm9vdHN0cmFwVG9rZW4xMjM";

function tamper(link: string, param: string, value: string): URL {
  const url = new URL(link);
  url.searchParams.set(param, value);
  return url;
}

describe("signed mail links", () => {
  it("unsubscribe: round trip", () => {
    const link = signedLink(APP, "unsubscribe", TOKEN, SECRET);
    expect(link).toMatch(/^https:\/\/kanta\.example\/mail\/unsubscribe\?t=Qm9vdHN0cmFwVG9rZW4xMjM&s=[A-Za-z0-9_-]{43}$/);
    expect(verifyLink(new URL(link), "unsubscribe", SECRET)).toEqual({ trackingToken: TOKEN });
  });

  it("a trailing slash on the app URL makes no double slash", () => {
    expect(signedLink(`${APP}/`, "unsubscribe", TOKEN, SECRET).startsWith(`${APP}/mail/unsubscribe?`)).toBe(true);
  });

  it("click: round trip keeps the target exactly", () => {
    const target = "https://aurora.example/cart/c1?key=abc&utm_source=kanta";
    const link = signedLink(APP, "click", TOKEN, SECRET, { target });
    const url = new URL(link);
    expect(url.pathname).toBe("/mail/click");
    expect(url.searchParams.get("u")).toBe(target);
    expect(verifyLink(url, "click", SECRET)).toEqual({ trackingToken: TOKEN, target });
  });

  it("points: round trip before the expiry, expired after it", () => {
    const expiresAt = new Date("2026-06-04T09:00:00Z");
    const link = signedLink(APP, "points", TOKEN, SECRET, { expiresAt });
    expect(new URL(link).searchParams.get("e")).toBe(String(expiresAt.getTime() / 1000));
    expect(verifyLink(new URL(link), "points", SECRET, new Date("2026-06-04T08:59:59Z"))).toEqual({ trackingToken: TOKEN, expiresAt });
    expect(verifyLink(new URL(link), "points", SECRET, new Date("2026-06-04T09:00:00Z"))).toEqual({ error: "expired" });
  });

  it("tampered token, target, expiry or signature → invalid", () => {
    const click = signedLink(APP, "click", TOKEN, SECRET, { target: "https://aurora.example/cart" });
    expect(verifyLink(tamper(click, "u", "https://evil.example/"), "click", SECRET)).toEqual({ error: "invalid" });
    expect(verifyLink(tamper(click, "t", "Qm9vdHN0cmFwVG9rZW4xMjQ"), "click", SECRET)).toEqual({ error: "invalid" });
    const sig = new URL(click).searchParams.get("s")!;
    expect(verifyLink(tamper(click, "s", (sig[0] === "A" ? "B" : "A") + sig.slice(1)), "click", SECRET)).toEqual({ error: "invalid" });
    const points = signedLink(APP, "points", TOKEN, SECRET, { expiresAt: new Date("2026-06-04T09:00:00Z") });
    expect(verifyLink(tamper(points, "e", "4102444800"), "points", SECRET, new Date("2026-06-01T00:00:00Z"))).toEqual({ error: "invalid" });
  });

  it("missing or malformed parameters → invalid", () => {
    expect(verifyLink(new URL(`${APP}/mail/unsubscribe`), "unsubscribe", SECRET)).toEqual({ error: "invalid" });
    expect(verifyLink(new URL(`${APP}/mail/unsubscribe?t=${TOKEN}`), "unsubscribe", SECRET)).toEqual({ error: "invalid" });
    expect(verifyLink(new URL(`${APP}/mail/unsubscribe?t=short&s=${"a".repeat(43)}`), "unsubscribe", SECRET)).toEqual({ error: "invalid" });
    const click = signedLink(APP, "click", TOKEN, SECRET, { target: "https://aurora.example/cart" });
    const noTarget = new URL(click);
    noTarget.searchParams.delete("u");
    expect(verifyLink(noTarget, "click", SECRET)).toEqual({ error: "invalid" });
  });

  it("a link of one kind does not pass as another, nor under another secret", () => {
    const unsubscribe = new URL(signedLink(APP, "unsubscribe", TOKEN, SECRET));
    expect(verifyLink(unsubscribe, "click", SECRET)).toEqual({ error: "invalid" });
    expect(verifyLink(unsubscribe, "points", SECRET)).toEqual({ error: "invalid" });
    const click = new URL(signedLink(APP, "click", TOKEN, SECRET, { target: "https://aurora.example/" }));
    expect(verifyLink(click, "unsubscribe", SECRET)).toEqual({ error: "invalid" });
    expect(verifyLink(unsubscribe, "unsubscribe", "another-secret")).toEqual({ error: "invalid" });
  });

  it("a click link only takes http(s) targets", () => {
    expect(() => signedLink(APP, "click", TOKEN, SECRET, { target: "javascript:alert(1)" })).toThrow(/http\(s\) target/);
    expect(() => signedLink(APP, "click", TOKEN, SECRET)).toThrow(/http\(s\) target/);
    expect(() => signedLink(APP, "points", TOKEN, SECRET)).toThrow(/expiresAt/);
  });

  it("RFC 8058 headers", () => {
    expect(unsubscribeHeaders("https://kanta.example/mail/unsubscribe?t=x&s=y")).toEqual({
      "List-Unsubscribe": "<https://kanta.example/mail/unsubscribe?t=x&s=y>",
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    });
  });
});
