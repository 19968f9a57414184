import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "../../../app/env.server";
import { parseLosslessJson } from "../../../app/lib/json";
import { verifyWebhookHmac } from "../../../app/webhooks/http-intake.server";
import { backoffMs } from "../../../app/webhooks/worker.server";

describe("webhook HMAC", () => {
  const body = Buffer.from('{"id":820982911946154508}');
  const good = createHmac("sha256", "secret").update(body).digest("base64");
  it("accepts the base64 HMAC-SHA256 of the raw body and nothing else", () => {
    expect(verifyWebhookHmac(body, good, "secret")).toBe(true);
    expect(verifyWebhookHmac(body, good, "other")).toBe(false);
    expect(verifyWebhookHmac(Buffer.from('{"id":820982911946154509}'), good, "secret")).toBe(false);
    expect(verifyWebhookHmac(body, "not base64 at all", "secret")).toBe(false);
  });
});

describe("lossless JSON", () => {
  it("keeps 18-digit ids exact and other numbers as numbers", () => {
    expect(parseLosslessJson('{"id":820982911946154508,"n":42,"p":19.99,"neg":-7}')).toEqual({ id: "820982911946154508", n: 42, p: 19.99, neg: -7 });
  });
});

describe("worker backoff", () => {
  it("doubles from 2 s and stops at one hour", () => {
    expect([1, 2, 3, 10, 12, 20].map(backoffMs)).toEqual([2000, 4000, 8000, 1_024_000, 3_600_000, 3_600_000]);
  });
});

describe("environment", () => {
  const base = { SHOPIFY_API_KEY: "k", SHOPIFY_API_SECRET: "s", SHOPIFY_APP_URL: "http://localhost:3000", SCOPES: "read_orders" };
  it("defaults to an embedded SQLite database on port 3000", () => {
    const env = parseEnv(base);
    expect({ provider: env.DATABASE_PROVIDER, url: env.DATABASE_URL, port: env.PORT, loopback: env.appUrlIsLoopback, retention: env.WEBHOOK_RETENTION_DAYS }).toEqual({
      provider: "sqlite", url: "file:./kanta.sqlite", port: 3000, loopback: true, retention: 30,
    });
  });
  it("names every bad variable", () => {
    expect(() => parseEnv({ ...base, SHOPIFY_APP_URL: "nope", DATABASE_PROVIDER: "postgresql", DATABASE_URL: "file:x" })).toThrow(EnvError);
    try {
      parseEnv({ ...base, SHOPIFY_APP_URL: "nope", DATABASE_PROVIDER: "postgresql", DATABASE_URL: "file:x", PORT: "99999" });
    } catch (e) {
      expect((e as Error).message).toBe(
        [
          "Kanta cannot start; fix these environment variables:",
          "  SHOPIFY_APP_URL: must be an absolute URL, e.g. https://kanta.example.com",
          "  PORT: Number must be less than or equal to 65535",
          "  DATABASE_URL: must be a postgresql:// URL when DATABASE_PROVIDER=postgresql",
        ].join("\n"),
      );
    }
  });
});

describe("lossless JSON edge cases", () => {
  it("never touches digits inside strings, decimals or exponents, and keeps safe long integers as numbers", () => {
    const text =
      '{"note":"call 123456789012345678 now \\"987654321098765432\\"","a":[820982911946154508,-820982911946154508],"d":1234567890123456789.5,"e":12345678901234567e2,"safe":9007199254740991}';
    expect(parseLosslessJson(text)).toEqual({
      note: 'call 123456789012345678 now "987654321098765432"',
      a: ["820982911946154508", "-820982911946154508"],
      d: Number("1234567890123456789.5"),
      e: Number("12345678901234567e2"),
      safe: 9007199254740991,
    });
  });
  it("reports malformed JSON", () => {
    expect(() => parseLosslessJson('{"id": 820982911946154508,')).toThrow(/^body is not valid JSON/);
  });
});
