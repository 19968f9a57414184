import { describe, expect, it } from "vitest";
import { historyKind, historyEntry } from "../../../app/proxy/history";
import { MeCache } from "../../../app/proxy/me-cache.server";
import { clientAddress, rateLimitKey, SlidingWindowLimiter } from "../../../app/proxy/rate-limit.server";

describe("SlidingWindowLimiter", () => {
  it("admits `limit` requests in any window, then says when the oldest one leaves it", () => {
    const l = new SlidingWindowLimiter({ limit: 3, windowMs: 60_000 });
    expect([0, 10_000, 20_000].map((t) => l.hit("a", t))).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    expect(l.hit("a", 30_000)).toEqual({ ok: false, retryAfterSeconds: 30 });
    expect(l.hit("a", 59_500)).toEqual({ ok: false, retryAfterSeconds: 1 });
    // Refused requests do not count: at 60 s the first admission has left the window.
    expect(l.hit("a", 60_000)).toEqual({ ok: true });
    expect(l.hit("a", 60_001)).toEqual({ ok: false, retryAfterSeconds: 10 });
    expect(l.hit("b", 60_001)).toEqual({ ok: true });
  });

  it("forgets idle keys and keeps at most maxKeys", () => {
    const l = new SlidingWindowLimiter({ limit: 1, windowMs: 1_000, maxKeys: 3, sweepEveryMs: 500 });
    for (const k of ["a", "b", "c"]) l.hit(k, 0);
    expect(l.size).toBe(3);
    l.hit("d", 100); // full: the least recently admitted key (a) goes, so a is admitted again
    expect(l.size).toBe(3);
    expect(l.hit("a", 200)).toEqual({ ok: true });
    expect(l.hit("d", 300)).toMatchObject({ ok: false });
    l.hit("e", 1_150); // sweeps c and d (idle for a whole window); a was admitted at 200
    expect(l.size).toBe(2);
    expect(l.hit("a", 1_160)).toMatchObject({ ok: false });
  });

  it("keys by shop and customer, else by the first forwarded address", () => {
    const req = (xff?: string) => new Request("https://app.example/proxy/me", { headers: xff ? { "X-Forwarded-For": xff } : {} });
    expect(clientAddress(req("203.0.113.7, 10.0.0.1"))).toBe("203.0.113.7");
    expect(clientAddress(req())).toBe("unknown");
    expect(rateLimitKey({ shop: "s.myshopify.com", customerGid: "gid://shopify/Customer/1" }, req("203.0.113.7"))).toBe("s.myshopify.com gid://shopify/Customer/1");
    expect(rateLimitKey({ shop: "s.myshopify.com", customerGid: null }, req("203.0.113.7, 10.0.0.1"))).toBe("s.myshopify.com ip:203.0.113.7");
  });
});

describe("MeCache", () => {
  const A = MeCache.key("s.myshopify.com", "gid://shopify/Customer/1", "en");
  const A_FI = MeCache.key("s.myshopify.com", "gid://shopify/Customer/1", "fi");
  const SHOPPER = MeCache.shopper("s.myshopify.com", "gid://shopify/Customer/1");

  it("serves an answer until it expires", () => {
    const c = new MeCache({ ttlMs: 10_000 });
    expect(c.set(A, SHOPPER, c.ticket(), "one", 0)).toBe(true);
    expect(c.get(A, 9_999)).toBe("one");
    expect(c.get(A, 10_000)).toBeNull();
    expect(c.size).toBe(0);
  });

  it("a write clears every language of the shopper and refuses reads begun before it", () => {
    const c = new MeCache({ ttlMs: 10_000 });
    c.set(A, SHOPPER, c.ticket(), "en", 0);
    c.set(A_FI, SHOPPER, c.ticket(), "fi", 0);
    const early = c.ticket();
    c.invalidate("s.myshopify.com", "gid://shopify/Customer/1", 1);
    expect([c.get(A, 2), c.get(A_FI, 2)]).toEqual([null, null]);
    expect(c.set(A, SHOPPER, early, "stale", 3)).toBe(false);
    expect(c.set(A, SHOPPER, c.ticket(), "fresh", 3)).toBe(true);
    expect(c.get(A, 4)).toBe("fresh");
  });

  it("a program change clears the whole shop, and only that shop", () => {
    const c = new MeCache({ ttlMs: 10_000 });
    const other = MeCache.key("t.myshopify.com", null, "en");
    c.set(A, SHOPPER, c.ticket(), "a", 0);
    c.set(other, MeCache.shopper("t.myshopify.com", null), c.ticket(), "t", 0);
    const early = c.ticket();
    c.invalidateShop("s.myshopify.com", 1);
    expect([c.get(A, 2), c.get(other, 2)]).toEqual([null, "t"]);
    expect(c.set(MeCache.key("s.myshopify.com", null, "fi"), MeCache.shopper("s.myshopify.com", null), early, "stale", 3)).toBe(false);
  });

  it("is bounded and can be off", () => {
    const c = new MeCache({ ttlMs: 10_000, maxEntries: 2 });
    for (const n of [1, 2, 3]) c.set(MeCache.key("s.myshopify.com", `gid://shopify/Customer/${n}`, "en"), `s ${n}`, c.ticket(), String(n), n);
    expect(c.size).toBe(2);
    expect(c.get(MeCache.key("s.myshopify.com", "gid://shopify/Customer/1", "en"), 4)).toBeNull();
    const off = new MeCache({ ttlMs: 0 });
    expect(off.set(A, SHOPPER, off.ticket(), "x", 0)).toBe(false);
    expect(off.get(A, 0)).toBeNull();
  });
});

describe("history labels", () => {
  const base = { id: 7, orderGid: null, orderName: null, createdAt: "2026-03-01T10:00:00.000Z" };
  const names = { actions: new Map([[4, "Follow us on Instagram"]]), tiers: new Map([[2, "Gold"]]) };
  it("names each kind of ledger entry in English and Finnish", () => {
    const cases: [Parameters<typeof historyKind>[0] & { orderName?: string | null }, string, string][] = [
      [{ source: "order", points: 45, idempotencyKey: "order:gid://shopify/Order/1:1", orderGid: "gid://shopify/Order/1", orderName: "#1001" }, "Order #1001", "Tilaus #1001"],
      [{ source: "refund", points: -5, idempotencyKey: "order:gid://shopify/Order/1:2", orderGid: "gid://shopify/Order/1", orderName: "#1001" }, "Refund on order #1001", "Hyvitys tilauksesta #1001"],
      [{ source: "cancellation", points: -40, idempotencyKey: "order:x:3", orderGid: "x", orderName: null }, "Order cancelled", "Tilaus peruttu"],
      [{ source: "adjustment", points: 3, idempotencyKey: "order:x:4", orderGid: "x", orderName: "#9" }, "Order #9 changed", "Tilaus #9 muuttui"],
      [{ source: "adjustment", points: 10, idempotencyKey: "adjustment:k1", orderGid: null }, "Adjustment", "Korjaus"],
      [{ source: "bonus", points: 100, idempotencyKey: "welcome:gid://shopify/Customer/1", orderGid: null }, "Welcome bonus", "Tervetuliaisbonus"],
      [{ source: "bonus", points: 100, idempotencyKey: "birthday:gid://shopify/Customer/1:2026", orderGid: null }, "Birthday bonus", "Syntymäpäiväbonus"],
      [{ source: "bonus", points: 500, idempotencyKey: "referral:3", orderGid: "o" }, "Referral bonus", "Suosittelubonus"],
      [{ source: "bonus", points: 50, idempotencyKey: "review:gid://shopify/LineItem/1", orderGid: "o" }, "Product review", "Tuotearvio"],
      [{ source: "bonus", points: 30, idempotencyKey: "custom:4:gid://shopify/Customer/1", orderGid: null }, "Follow us on Instagram", "Follow us on Instagram"],
      [{ source: "bonus", points: 30, idempotencyKey: "custom:5:gid://shopify/Customer/1", orderGid: null }, "Bonus points", "Bonuspisteet"],
      [{ source: "bonus", points: 200, idempotencyKey: "tier-entry:2:gid://shopify/Customer/1", orderGid: null }, "Tier reward: Gold", "Tasopalkinto: Gold"],
      [{ source: "redemption", points: -500, idempotencyKey: "redemption:1:hold", orderGid: null }, "Reward redeemed", "Palkinto lunastettu"],
      [{ source: "redemption", points: 500, idempotencyKey: "redemption:1:release", orderGid: null }, "Points returned", "Pisteet palautettu"],
      [{ source: "expiry", points: -20, idempotencyKey: "expiry:x", orderGid: null }, "Points expired", "Pisteet vanhenivat"],
      [{ source: "merge", points: 80, idempotencyKey: "merge:x:in", orderGid: null }, "Accounts merged", "Tilit yhdistetty"],
    ];
    for (const [e, en, fi] of cases) {
      const facts = { ...base, orderName: null, ...e };
      expect(historyEntry(facts, "en", names)).toEqual({ id: "7", date: base.createdAt, points: e.points, kind: historyKind(e), label: en });
      expect(historyEntry(facts, "fi", names).label).toBe(fi);
    }
  });
});
