import { describe, expect, it } from "vitest";
import {
  decideCheckout, hasMarketingConsent, isAbandoned, isPurchase, orderJustPurchased, reachesMinimum, type AbandonmentFacts,
} from "../../../app/flows/stopping";

const at = (s: string) => new Date(s);
const CHANGED = at("2026-06-01T10:00:00Z");

function facts(over: Partial<Omit<AbandonmentFacts, "checkout">> & { checkout?: Partial<AbandonmentFacts["checkout"]> } = {}): AbandonmentFacts {
  return {
    paidOrdersAt: [],
    newerCheckout: false,
    flow: { enabled: true, minCartMinor: null },
    shopCurrency: "EUR",
    ...over,
    checkout: {
      token: "tok", customerGid: "gid://shopify/Customer/1", email: "a@example.com", totalMinor: 5000, currency: "EUR",
      completedAt: null, lastChangeAt: CHANGED, ...over.checkout,
    },
  };
}

describe("is this checkout abandoned", () => {
  it("not when it completed", () => {
    expect(isAbandoned({ completedAt: "2026-06-01T10:05:00.000Z", lastChangeAt: CHANGED }, [])).toBe(false);
  });

  it("not when the same customer or email paid an order placed after its last change", () => {
    expect(isAbandoned({ completedAt: null, lastChangeAt: CHANGED }, [at("2026-06-01T10:30:00Z")])).toBe(false);
    expect(isAbandoned({ completedAt: null, lastChangeAt: CHANGED }, [at("2026-06-01T10:00:00Z")])).toBe(false);
  });

  it("yes when the only paid orders came before the checkout's last change", () => {
    expect(isAbandoned({ completedAt: null, lastChangeAt: CHANGED }, [at("2026-05-20T10:00:00Z"), at("2026-06-01T09:59:59Z")])).toBe(true);
    expect(isAbandoned({ completedAt: null, lastChangeAt: CHANGED }, [])).toBe(true);
  });
});

describe("starting the recovery flow", () => {
  it("starts for an abandoned cart with an email when the flow is on", () => {
    expect(decideCheckout(facts())).toEqual({ start: true });
  });

  it("records why it does not start, in order of precedence", () => {
    expect(decideCheckout(facts({ checkout: { completedAt: "2026-06-01T10:01:00Z" }, flow: { enabled: false, minCartMinor: null } }))).toEqual({ start: false, state: "completed" });
    expect(decideCheckout(facts({ paidOrdersAt: [at("2026-06-01T10:20:00Z")], newerCheckout: true }))).toEqual({ start: false, state: "not_abandoned" });
    expect(decideCheckout(facts({ newerCheckout: true, checkout: { email: null } }))).toEqual({ start: false, state: "superseded" });
    expect(decideCheckout(facts({ flow: { enabled: false, minCartMinor: null } }))).toEqual({ start: false, state: "flow_off" });
    expect(decideCheckout(facts({ checkout: { email: null } }))).toEqual({ start: false, state: "no_email" });
    expect(decideCheckout(facts({ flow: { enabled: true, minCartMinor: 5001 } }))).toEqual({ start: false, state: "below_minimum" });
  });

  it("the minimum cart is in the shop currency; exactly the minimum qualifies", () => {
    expect(reachesMinimum(5000, "EUR", 5000, "EUR")).toBe(true);
    expect(reachesMinimum(4999, "EUR", 5000, "EUR")).toBe(false);
    expect(reachesMinimum(null, "EUR", 5000, "EUR")).toBe(false);
    expect(reachesMinimum(100, "EUR", null, "EUR")).toBe(true);
    // A cart in a market's own currency is not compared with a minimum in the shop's.
    expect(reachesMinimum(100, "SEK", 5000, "EUR")).toBe(true);
  });
});

describe("orders stop flows", () => {
  const paid = { paid: true, test: false, cancelled: false, deleted: false };

  it("a purchase is paid, real, not cancelled and not deleted", () => {
    expect(isPurchase(paid)).toBe(true);
    expect(isPurchase({ ...paid, paid: false })).toBe(false);
    expect(isPurchase({ ...paid, test: true })).toBe(false);
    expect(isPurchase({ ...paid, cancelled: true })).toBe(false);
    expect(isPurchase({ ...paid, deleted: true })).toBe(false);
  });

  it("only the change that makes an order a purchase stops flows; replays and imported history do not", () => {
    expect(orderJustPurchased(null, { ...paid, historic: false })).toBe(true);
    expect(orderJustPurchased({ ...paid, paid: false }, { ...paid, historic: false })).toBe(true);
    expect(orderJustPurchased(paid, { ...paid, historic: false })).toBe(false);
    expect(orderJustPurchased(null, { ...paid, historic: true })).toBe(false);
    expect(orderJustPurchased(null, { ...paid, test: true, historic: false })).toBe(false);
  });
});

describe("marketing consent", () => {
  it("the member's Shopify consent decides when known", () => {
    expect(hasMarketingConsent("subscribed", false)).toBe(true);
    for (const state of ["not_subscribed", "pending", "unsubscribed", "redacted", "invalid"]) expect(hasMarketingConsent(state, true)).toBe(false);
  });

  it("without a consent state, the checkout's marketing box decides", () => {
    expect(hasMarketingConsent(null, true)).toBe(true);
    expect(hasMarketingConsent(null, false)).toBe(false);
    expect(hasMarketingConsent(undefined, null)).toBe(false);
  });
});
