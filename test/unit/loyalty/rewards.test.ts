import { describe, expect, it } from "vitest";
import {
  codeFromBytes, codeState, decimalOf, defaultRewards, discountPlan, minimumPoints, parsePercentBps, percentageOf, priceRedemption,
  returnDue, rewardFromInput, RewardRuleError, variableMaxSpend, type Reward,
} from "../../../app/loyalty/rewards";

function reward(over: Partial<Reward>): Reward {
  return {
    id: 1, kind: "amount_off", name: "5 off", pointsCost: 500, valueMinor: 500, percentBps: null, collectionGid: null, variantGid: null,
    variantTitle: null, minPoints: null, maxPoints: null, currency: "USD", minOrderMinor: null, lifetimeDays: 30,
    combinesWith: { order: false, product: true, shipping: true }, tierId: null, enabled: true, position: 0, ...over,
  };
}

const variable = (over: Partial<Reward> = {}) =>
  reward({ kind: "variable", name: "Points for money", pointsCost: 100, valueMinor: 100, minPoints: 200, maxPoints: 5000, ...over });

function ruleError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof RewardRuleError) return e.code;
    throw e;
  }
  return "no error";
}

describe("default catalog", () => {
  it("500 → 5 off, 1,000 → 10 off in shop currency, free shipping for 300", () => {
    const usd = defaultRewards("USD");
    expect(usd.map((r) => [r.kind, r.name, r.pointsCost, r.valueMinor, r.currency])).toEqual([
      ["amount_off", "5 USD off your order", 500, 500, "USD"],
      ["amount_off", "10 USD off your order", 1000, 1000, "USD"],
      ["free_shipping", "Free shipping", 300, null, "USD"],
    ]);
    expect(defaultRewards("JPY").map((r) => r.valueMinor)).toEqual([5, 10, null]);
    expect(defaultRewards("KWD").map((r) => r.valueMinor)).toEqual([5000, 10000, null]);
    expect(usd[0]!.combinesWith).toEqual({ order: false, product: true, shipping: true });
    expect(usd[2]!.combinesWith).toEqual({ order: true, product: true, shipping: false });
  });
});

describe("variable reward math", () => {
  it("amount is points to spend: a multiple of the step, between min and max, buying exact minor units", () => {
    expect(priceRedemption(variable(), 200)).toEqual({ points: 200, valueMinor: 200 });
    expect(priceRedemption(variable(), 5000)).toEqual({ points: 5000, valueMinor: 5000 });
    expect(priceRedemption(variable({ pointsCost: 250, valueMinor: 300, minPoints: 250 }), 750)).toEqual({ points: 750, valueMinor: 900 });
    expect(ruleError(() => priceRedemption(variable(), 150))).toBe("amount_not_a_step");
    expect(ruleError(() => priceRedemption(variable(), 0))).toBe("amount_not_a_step");
    expect(ruleError(() => priceRedemption(variable(), -100))).toBe("amount_not_a_step");
    expect(ruleError(() => priceRedemption(variable(), 100.5))).toBe("amount_not_a_step");
    expect(ruleError(() => priceRedemption(variable(), 100))).toBe("amount_below_minimum");
    expect(ruleError(() => priceRedemption(variable(), 5100))).toBe("amount_above_maximum");
    expect(ruleError(() => priceRedemption(variable(), undefined))).toBe("amount_required");
  });

  it("fixed rewards refuse an amount", () => {
    expect(priceRedemption(reward({}), undefined)).toEqual({ points: 500, valueMinor: 500 });
    expect(ruleError(() => priceRedemption(reward({}), 500))).toBe("amount_not_allowed");
  });

  it("currency exponents: JPY steps of ¥1, KWD steps of 0.100", () => {
    expect(priceRedemption(variable({ currency: "JPY", pointsCost: 1, valueMinor: 1, minPoints: 100, maxPoints: null }), 1234))
      .toEqual({ points: 1234, valueMinor: 1234 });
    const kwd = variable({ currency: "KWD", pointsCost: 100, valueMinor: 100, minPoints: 100, maxPoints: null });
    const price = priceRedemption(kwd, 1500);
    expect(price).toEqual({ points: 1500, valueMinor: 1500 });
    expect(decimalOf(price.valueMinor!, "KWD")).toBe("1.500");
    expect(decimalOf(500, "JPY")).toBe("500");
    expect(decimalOf(500, "USD")).toBe("5.00");
  });

  it("largest affordable spend and the minimum", () => {
    expect(variableMaxSpend(variable(), 1999)).toBe(1900);
    expect(variableMaxSpend(variable(), 9999)).toBe(5000);
    expect(variableMaxSpend(variable(), 199)).toBe(0);
    expect(minimumPoints(variable())).toBe(200);
    expect(minimumPoints(variable({ minPoints: null }))).toBe(100);
    expect(minimumPoints(reward({}))).toBe(500);
  });
});

describe("merchant input", () => {
  const base = { name: "Big", pointsCost: "1000", lifetimeDays: "30", combinesProduct: "on", combinesShipping: "on", enabled: "on" };

  it("parses money in the shop currency exactly", () => {
    const r = rewardFromInput({ ...base, kind: "amount_off", value: "12.5", minOrder: "50" }, "USD");
    expect(r).toEqual({
      ok: true,
      reward: {
        kind: "amount_off", name: "Big", pointsCost: 1000, valueMinor: 1250, percentBps: null, collectionGid: null, variantGid: null,
        variantTitle: null, minPoints: null, maxPoints: null, currency: "USD", minOrderMinor: 5000, lifetimeDays: 30,
        combinesWith: { order: false, product: true, shipping: true }, tierId: null, enabled: true,
      },
    });
    expect(rewardFromInput({ ...base, kind: "amount_off", value: "500" }, "JPY")).toMatchObject({ ok: true, reward: { valueMinor: 500 } });
    expect(rewardFromInput({ ...base, kind: "amount_off", value: "5.5" }, "JPY")).toEqual({
      ok: false, errors: { value: "Enter an amount like 5 (JPY has 0 decimals)" },
    });
    expect(rewardFromInput({ ...base, kind: "amount_off", value: "1.234" }, "KWD")).toMatchObject({ ok: true, reward: { valueMinor: 1234 } });
  });

  it("reports every bad field and never half-parses", () => {
    expect(rewardFromInput({ kind: "bogus", name: "", pointsCost: "x", lifetimeDays: "0" }, "USD")).toEqual({
      ok: false,
      errors: {
        kind: "Choose a reward type",
        name: "Name is required",
        pointsCost: "Points cost must be a whole number",
        lifetimeDays: "Code lifetime must be at least 1",
      },
    });
    expect(rewardFromInput({ ...base, kind: "percent_off", percent: "150", collectionGid: "abc" }, "USD")).toEqual({
      ok: false,
      errors: {
        percent: "Enter a percentage above 0 and at most 100, with up to two decimals",
        collectionGid: "Enter a collection id like gid://shopify/Collection/123",
      },
    });
    expect(rewardFromInput({ ...base, kind: "variable", pointsCost: "100", value: "1", minPoints: "150", maxPoints: "100" }, "USD")).toEqual({
      ok: false, errors: { minPoints: "Must be a multiple of the step (100 points)", maxPoints: "Must be at least the minimum" },
    });
    expect(rewardFromInput({ ...base, kind: "free_product" }, "USD")).toEqual({
      ok: false, errors: { variantGid: "Enter a product variant id like gid://shopify/ProductVariant/123" },
    });
  });

  it("percent as basis points", () => {
    expect(parsePercentBps("10")).toBe(1000);
    expect(parsePercentBps("12.5")).toBe(1250);
    expect(parsePercentBps("100")).toBe(10000);
    expect(parsePercentBps("0")).toBeNull();
    expect(parsePercentBps("100.01")).toBeNull();
    expect(parsePercentBps("1.234")).toBeNull();
    expect(percentageOf(1250)).toBe(0.125);
    expect(percentageOf(1)).toBe(0.0001);
  });
});

describe("the discount a redemption creates", () => {
  const ctx = {
    code: "KANTA-ABCDE-FGHJK", buyerGid: "gid://shopify/Customer/7390123456789012345", title: "Kanta: 5 off",
    startsAt: new Date("2026-12-01T10:00:00.000Z"), endsAt: new Date("2026-12-31T10:00:00.000Z"),
  };

  it("amount off: bound to the customer, single use, once per customer, combining as set", () => {
    const plan = discountPlan(reward({ minOrderMinor: 2500 }), { points: 500, valueMinor: 500 }, ctx);
    expect(plan).toEqual({
      mutation: "basic",
      input: {
        title: "Kanta: 5 off", code: "KANTA-ABCDE-FGHJK", startsAt: "2026-12-01T10:00:00.000Z", endsAt: "2026-12-31T10:00:00.000Z",
        usageLimit: 1, appliesOncePerCustomer: true,
        context: { customers: { add: ["gid://shopify/Customer/7390123456789012345"] } },
        combinesWith: { orderDiscounts: false, productDiscounts: true, shippingDiscounts: true },
        minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: "25.00" } },
        customerGets: { value: { discountAmount: { amount: "5.00", appliesOnEachItem: false } }, items: { all: true } },
      },
    });
  });

  it("percentage on a collection, free shipping, free product, variable", () => {
    const pct = discountPlan(reward({ kind: "percent_off", percentBps: 1250, valueMinor: null, collectionGid: "gid://shopify/Collection/9" }), { points: 500, valueMinor: null }, ctx);
    expect(pct.input.customerGets).toEqual({ value: { percentage: 0.125 }, items: { collections: { add: ["gid://shopify/Collection/9"] } } });
    const ship = discountPlan(reward({ kind: "free_shipping", valueMinor: null }), { points: 300, valueMinor: null }, ctx);
    expect(ship.mutation).toBe("freeShipping");
    expect(ship.input.destination).toEqual({ all: true });
    expect(ship.input.customerGets).toBeUndefined();
    const product = discountPlan(reward({ kind: "free_product", valueMinor: 1999, variantGid: "gid://shopify/ProductVariant/5" }), { points: 800, valueMinor: 1999 }, ctx);
    expect(product.input.customerGets).toEqual({
      value: { discountAmount: { amount: "19.99", appliesOnEachItem: false } },
      items: { products: { productVariantsToAdd: ["gid://shopify/ProductVariant/5"] } },
    });
    const jpy = discountPlan(variable({ currency: "JPY", valueMinor: 1 }), { points: 700, valueMinor: 7 }, ctx);
    expect(jpy.input.customerGets).toEqual({ value: { discountAmount: { amount: "7", appliesOnEachItem: false } }, items: { all: true } });
  });

  it("codes have no look-alike characters", () => {
    expect(codeFromBytes(new Uint8Array([0, 1, 2, 3, 4, 30, 31, 60, 61, 255]))).toBe("KANTA-23456-Z2YZ9");
    expect(codeFromBytes(new Uint8Array(10).fill(7))).toMatch(/^KANTA-[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/);
  });
});

describe("code states and returns", () => {
  const now = new Date("2026-12-10T00:00:00.000Z");
  it("active past its end shows as expired; points return 48 h after expiry", () => {
    expect(codeState("active", "2026-12-11T00:00:00.000Z", now)).toBe("active");
    expect(codeState("active", "2026-12-09T00:00:00.000Z", now)).toBe("expired");
    expect(codeState("used", "2026-12-09T00:00:00.000Z", now)).toBe("used");
    expect(returnDue("2026-12-08T00:00:00.000Z", now)).toBe(true);
    expect(returnDue("2026-12-08T00:00:00.001Z", now)).toBe(false);
  });
});
