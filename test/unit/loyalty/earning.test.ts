import { describe, it, expect } from "vitest";
import {
  DEFAULT_EARNING_RULE,
  mergeRefunds,
  orderPointsTarget,
  pointsDelta,
  type EarningRule,
  type OrderPointsState,
} from "../../../app/loyalty/earning";
import {
  orderFactsFromPayload,
  refundFactsFromPayload,
  type OrderFacts,
  type RefundFacts,
} from "../../../app/loyalty/order-facts";
import { LINE_GIFT_CARD_ID, LINE_MUG_ID, LINE_TOWEL_ID, lineItem, orderPayload, refundPayload, standardOrder } from "./fixtures";

const RULE = DEFAULT_EARNING_RULE;
const SHOP_ORDER = { totalPriceMinor: 14668, presentmentTotalMinor: 13510, currency: "USD", presentmentCurrency: "EUR" };

function stateOf(facts: OrderFacts, extra: Partial<OrderPointsState> = {}): OrderPointsState {
  return {
    currency: facts.currency,
    lines: facts.lines,
    refunds: facts.refunds,
    totalPriceMinor: facts.totalPriceMinor,
    paid: facts.paid,
    cancelled: facts.cancelledAt !== null,
    deleted: false,
    test: facts.test,
    multiplierBps: 10000,
    taxesIncluded: facts.taxesIncluded,
    presentmentCurrency: facts.presentmentCurrency,
    presentmentTotalMinor: facts.presentmentTotalMinor ?? null,
    ...extra,
  };
}

function standardState(extra: Partial<OrderPointsState> = {}): OrderPointsState {
  return stateOf(orderFactsFromPayload(standardOrder()), extra);
}

function refund(spec: Parameters<typeof refundPayload>[0]): RefundFacts {
  return refundFactsFromPayload(refundPayload(spec), SHOP_ORDER);
}

const mugRefund = (id: string, quantity: number, subtotal: string, tax = "0.00", createdAt?: string) =>
  refund({
    id,
    createdAt,
    lines: [{ id: `9${id}`, lineItemId: LINE_MUG_ID, quantity, subtotal, tax }],
    transactions: [{ amount: subtotal }],
  });

describe("orderPointsTarget", () => {
  it("earns on the discounted item subtotal only (no shipping, no tax, no gift card)", () => {
    expect(orderPointsTarget(standardState(), RULE)).toEqual({
      points: 79,
      netEligibleMinor: 7952,
      lines: [
        { lineGid: `gid://shopify/LineItem/${LINE_MUG_ID}`, eligibleMinor: 4250, refundedMinor: 0, netMinor: 4250 },
        { lineGid: `gid://shopify/LineItem/${LINE_TOWEL_ID}`, eligibleMinor: 3702, refundedMinor: 0, netMinor: 3702 },
        { lineGid: `gid://shopify/LineItem/${LINE_GIFT_CARD_ID}`, eligibleMinor: 0, refundedMinor: 0, netMinor: 0 },
      ],
    });
  });

  it("floors: 19.99 USD → 19 points", () => {
    const facts = orderFactsFromPayload(
      orderPayload({ totalPrice: "19.99", lines: [lineItem({ id: "1", title: "Socks", price: "19.99", quantity: 1 })] }),
    );
    expect(orderPointsTarget(stateOf(facts), RULE)).toMatchObject({ points: 19, netEligibleMinor: 1999 });
  });

  it("applies a 1.25× tier multiplier with floor", () => {
    // 79.52 × 1.25 = 99.40 → 99
    expect(orderPointsTarget(standardState({ multiplierBps: 12500 }), RULE).points).toBe(99);
    const facts = orderFactsFromPayload(
      orderPayload({ totalPrice: "19.99", lines: [lineItem({ id: "1", title: "Socks", price: "19.99", quantity: 1 })] }),
    );
    // 19.99 × 1.25 = 24.9875 → 24
    expect(orderPointsTarget(stateOf(facts, { multiplierBps: 12500 }), RULE).points).toBe(24);
  });

  it("honours points / perMajorUnits", () => {
    const rule: EarningRule = { points: 5, perMajorUnits: 2, earnOnTestOrders: false };
    // 7952 × 5 / 200 = 198.8 → 198
    expect(orderPointsTarget(standardState(), rule).points).toBe(198);
  });

  it("uses the currency exponent: JPY and KWD orders", () => {
    const jpy = orderFactsFromPayload(
      orderPayload({
        currency: "JPY",
        totalPrice: "5355",
        shipping: { price: "900" },
        lines: [lineItem({ id: "3001", title: "Matcha", price: "1500", quantity: 3, allocations: ["450"], taxes: ["405"] }, "JPY")],
      }),
    );
    expect(orderPointsTarget(stateOf(jpy), RULE)).toMatchObject({ points: 4050, netEligibleMinor: 4050 });
    expect(orderPointsTarget(stateOf(jpy), { ...RULE, perMajorUnits: 100 }).points).toBe(40);

    const kwd = orderFactsFromPayload(
      orderPayload({
        currency: "KWD",
        totalPrice: "25.456",
        shipping: { price: "2.000" },
        lines: [lineItem({ id: "3002", title: "Oud", price: "12.345", quantity: 2, allocations: ["1.234"] }, "KWD")],
      }),
    );
    expect(orderPointsTarget(stateOf(kwd), RULE)).toMatchObject({ points: 23, netEligibleMinor: 23456 });
  });

  it("taxes-included order: tax is removed from the base and from refunds", () => {
    const facts = orderFactsFromPayload(
      orderPayload({
        currency: "EUR",
        taxesIncluded: true,
        totalPrice: "48.10",
        shipping: { price: "4.90", tax: "0.78" },
        lines: [
          lineItem({ id: "2001", title: "Tote bag", price: "24.00", quantity: 2, allocations: ["4.80"], taxes: ["6.90"] }, "EUR"),
        ],
      }),
    );
    expect(orderPointsTarget(stateOf(facts), RULE)).toMatchObject({ points: 36, netEligibleMinor: 3630 });

    // refund one bag: subtotal 21.60 incl. 3.45 VAT → 18.15 off the base
    const r = refundFactsFromPayload(
      refundPayload({
        id: "11",
        currency: "EUR",
        lines: [{ id: "12", lineItemId: "2001", quantity: 1, subtotal: "21.60", tax: "3.45" }],
        transactions: [{ amount: "21.60" }],
      }),
    );
    expect(orderPointsTarget(stateOf(facts, { refunds: [r] }), RULE)).toMatchObject({
      points: 18,
      netEligibleMinor: 1815,
      lines: [{ lineGid: "gid://shopify/LineItem/2001", eligibleMinor: 3630, refundedMinor: 1815, netMinor: 1815 }],
    });
  });

  it("partial refund of one line reduces that line only", () => {
    const target = orderPointsTarget(standardState({ refunds: [mugRefund("21", 1, "21.25", "1.70")] }), RULE);
    expect(target.netEligibleMinor).toBe(2125 + 3702);
    expect(target.points).toBe(58);
    expect(target.lines[0]).toEqual({
      lineGid: `gid://shopify/LineItem/${LINE_MUG_ID}`,
      eligibleMinor: 4250,
      refundedMinor: 2125, // tax-exclusive order: refund tax is not subtracted from the subtotal
      netMinor: 2125,
    });
  });

  it("full refund → 0 points (gift card refund line ignored, over-refund capped)", () => {
    const full = refund({
      id: "31",
      lines: [
        { id: "32", lineItemId: LINE_MUG_ID, quantity: 2, subtotal: "42.50", tax: "3.40" },
        { id: "33", lineItemId: LINE_TOWEL_ID, quantity: 3, subtotal: "37.02", tax: "2.96" },
        { id: "34", lineItemId: LINE_GIFT_CARD_ID, quantity: 1, subtotal: "50.00" },
        { id: "35", lineItemId: "999", quantity: 1, subtotal: "5.00" }, // unknown line
      ],
      transactions: [{ amount: "135.88" }],
    });
    const extra = mugRefund("36", 1, "21.25"); // duplicate-ish extra refund on the mug: capped
    const target = orderPointsTarget(standardState({ refunds: [full, extra] }), RULE);
    expect(target).toEqual({
      points: 0,
      netEligibleMinor: 0,
      lines: [
        { lineGid: `gid://shopify/LineItem/${LINE_MUG_ID}`, eligibleMinor: 4250, refundedMinor: 4250, netMinor: 0 },
        { lineGid: `gid://shopify/LineItem/${LINE_TOWEL_ID}`, eligibleMinor: 3702, refundedMinor: 3702, netMinor: 0 },
        { lineGid: `gid://shopify/LineItem/${LINE_GIFT_CARD_ID}`, eligibleMinor: 0, refundedMinor: 0, netMinor: 0 },
      ],
    });
  });

  it("amount-only refund reduces proportionally (shop currency)", () => {
    // 73.34 of 146.68 = 1/2 → 7952 / 2 = 3976
    const half = refund({ id: "41", transactions: [{ amount: "73.34" }] });
    expect(orderPointsTarget(standardState({ refunds: [half] }), RULE)).toMatchObject({ points: 39, netEligibleMinor: 3976 });

    // 29.34 of 146.68 → floor(7952 × 11734 / 14668) = 6361
    const part = refund({ id: "42", transactions: [{ amount: "29.34" }] });
    const target = orderPointsTarget(standardState({ refunds: [part] }), RULE);
    expect(target).toMatchObject({ points: 63, netEligibleMinor: 6361 });
    // per-line values are not reduced by amount-only refunds
    expect(target.lines[0]?.netMinor).toBe(4250);
  });

  it("amount-only refund in presentment currency uses the presentment total", () => {
    // 67.55 EUR of 135.10 EUR = 1/2
    const half = refund({ id: "43", transactions: [{ amount: "67.55", currency: "EUR" }] });
    expect(orderPointsTarget(standardState({ refunds: [half] }), RULE).netEligibleMinor).toBe(3976);
  });

  it("several amount-only refunds add up as fractions of the original total", () => {
    const quarter1 = refund({ id: "44", transactions: [{ amount: "36.67" }] });
    const quarter2 = refund({ id: "45", transactions: [{ amount: "36.67" }] });
    // 2 × 3667/14668 = 1/2 → 3976
    expect(orderPointsTarget(standardState({ refunds: [quarter1, quarter2] }), RULE).netEligibleMinor).toBe(3976);
    const rest = refund({ id: "46", transactions: [{ amount: "73.34" }] });
    expect(orderPointsTarget(standardState({ refunds: [quarter1, quarter2, rest] }), RULE).netEligibleMinor).toBe(0);
  });

  it("line refunds and amount-only refunds do not double count", () => {
    // mug fully refunded by line (42.50), then half the original total refunded by amount:
    // 7952 − 4250 − 7952/2 < 0 → 0
    const mug = mugRefund("47", 2, "42.50");
    const half = refund({ id: "48", transactions: [{ amount: "73.34" }] });
    expect(orderPointsTarget(standardState({ refunds: [mug, half] }), RULE)).toMatchObject({ points: 0, netEligibleMinor: 0 });
  });

  it("a deferred amount-only refund (arrived before the order) is resolved from the state total", () => {
    const early = refundFactsFromPayload(refundPayload({ id: "49", transactions: [{ amount: "73.34" }] }));
    expect(early.amountOnly?.denominator).toBe(0);
    expect(orderPointsTarget(standardState({ refunds: [early] }), RULE).netEligibleMinor).toBe(3976);
    // without a known total it is ignored (not guessed)
    expect(orderPointsTarget(standardState({ refunds: [early], totalPriceMinor: null }), RULE).netEligibleMinor).toBe(7952);
  });

  it("a shipping-only refund changes nothing", () => {
    const shipping = refund({ id: "51", transactions: [{ amount: "10.00" }], shipping: { amount: "10.00" } });
    expect(shipping.amountOnly).toBe(null);
    expect(orderPointsTarget(standardState({ refunds: [shipping] }), RULE)).toMatchObject({ points: 79, netEligibleMinor: 7952 });
  });

  it("cancelled, deleted and unpaid orders earn 0 but still report the base", () => {
    expect(orderPointsTarget(standardState({ cancelled: true }), RULE)).toMatchObject({ points: 0, netEligibleMinor: 7952 });
    expect(orderPointsTarget(standardState({ deleted: true }), RULE)).toMatchObject({ points: 0, netEligibleMinor: 7952 });
    expect(orderPointsTarget(standardState({ paid: false }), RULE)).toMatchObject({ points: 0, netEligibleMinor: 7952 });
    const cancelledFacts = orderFactsFromPayload(standardOrder({ cancelledAt: "2024-03-02T08:00:00-05:00" }));
    expect(orderPointsTarget(stateOf(cancelledFacts), RULE).points).toBe(0);
    const pendingFacts = orderFactsFromPayload(standardOrder({ financialStatus: "pending" }));
    expect(orderPointsTarget(stateOf(pendingFacts), RULE).points).toBe(0);
  });

  it("test orders earn 0 unless the rule enables them", () => {
    const facts = orderFactsFromPayload(standardOrder({ test: true }));
    expect(orderPointsTarget(stateOf(facts), RULE).points).toBe(0);
    expect(orderPointsTarget(stateOf(facts), { ...RULE, earnOnTestOrders: true }).points).toBe(79);
  });

  it("refund before order (lines null) → 0", () => {
    const early = mugRefund("61", 1, "21.25");
    const state: OrderPointsState = {
      currency: "USD",
      lines: null,
      refunds: [early],
      totalPriceMinor: null,
      paid: false,
      cancelled: false,
      deleted: false,
      test: false,
      multiplierBps: 10000,
    };
    expect(orderPointsTarget(state, RULE)).toEqual({ points: 0, netEligibleMinor: 0, lines: [] });
    expect(orderPointsTarget({ ...state, paid: true }, RULE)).toEqual({ points: 0, netEligibleMinor: 0, lines: [] });
  });

  it("edited order: earns on the current quantity", () => {
    const facts = orderFactsFromPayload(
      standardOrder({
        lines: [
          lineItem({ id: LINE_MUG_ID, title: "Ceramic Mug", price: "25.00", quantity: 2, currentQuantity: 1, allocations: ["5.00", "2.50"] }),
          lineItem({ id: LINE_TOWEL_ID, title: "Linen Tea Towel", price: "12.99", quantity: 3, currentQuantity: 0, allocations: ["1.95"] }),
        ],
      }),
    );
    // mug 4250 × 1/2 = 2125; towel removed
    expect(orderPointsTarget(stateOf(facts), RULE)).toMatchObject({ points: 21, netEligibleMinor: 2125 });
  });

  it("ignores tip lines and refunds of them", () => {
    const facts = orderFactsFromPayload(
      orderPayload({
        totalPrice: "25.00",
        lines: [
          lineItem({ id: "4001", title: "Coffee beans", price: "20.00", quantity: 1 }),
          lineItem({ id: "4002", title: "Tip", price: "5.00", quantity: 1, extra: { tip_payment_gateway: "shopify_payments" } }),
        ],
      }),
    );
    const tipRefund = refundFactsFromPayload(
      refundPayload({ id: "71", lines: [{ id: "72", lineItemId: "4002", quantity: 1, subtotal: "5.00" }] }),
    );
    expect(orderPointsTarget(stateOf(facts, { refunds: [tipRefund] }), RULE)).toMatchObject({ points: 20, netEligibleMinor: 2000 });
  });

  it("stays exact for very large amounts (BigInt)", () => {
    const facts = orderFactsFromPayload(
      orderPayload({
        totalPrice: "90071992547409.91",
        lines: [lineItem({ id: "1", title: "Yacht", price: "90071992547409.91", quantity: 1 })],
      }),
    );
    // 9007199254740991 × 12500 / 1_000_000 = 112589990684262.3875 → floor
    expect(orderPointsTarget(stateOf(facts, { multiplierBps: 12500 }), RULE).points).toBe(112589990684262);
  });

  it("rejects invalid rules and multipliers", () => {
    expect(() => orderPointsTarget(standardState(), { ...RULE, perMajorUnits: 0 })).toThrow(RangeError);
    expect(() => orderPointsTarget(standardState(), { ...RULE, points: 1.5 })).toThrow(RangeError);
    expect(() => orderPointsTarget(standardState({ multiplierBps: 1.5 }), RULE)).toThrow(RangeError);
  });
});

describe("pointsDelta", () => {
  it("is target minus already posted", () => {
    expect(pointsDelta(79, 50)).toBe(29);
    expect(pointsDelta(0, 79)).toBe(-79);
    expect(pointsDelta(79, 79)).toBe(0);
    expect(() => pointsDelta(1.5, 0)).toThrow(RangeError);
  });
});

describe("mergeRefunds", () => {
  const r = (id: string, createdAt: string | null): RefundFacts => ({
    refundGid: `gid://shopify/Refund/${id}`,
    orderGid: "gid://shopify/Order/1",
    createdAt,
    lines: [],
    amountOnly: null,
    shippingRefundMinor: 0,
  });

  it("unions by refundGid and orders by createdAt then gid", () => {
    const a = [r("30", "2024-03-05T10:00:00Z"), r("10", "2024-03-06T10:00:00Z")];
    const b = [r("10", "2024-03-06T10:00:00Z"), r("9", "2024-03-05T10:00:00Z"), r("11", null), r("20", "2024-03-05T06:00:00-05:00")];
    expect(mergeRefunds(a, b).map((x) => x.refundGid)).toEqual([
      "gid://shopify/Refund/9", // 10:00Z, ties with 30 → numeric gid order
      "gid://shopify/Refund/30",
      "gid://shopify/Refund/20", // 06:00-05:00 = 11:00Z (compared as instants, not strings)
      "gid://shopify/Refund/10",
      "gid://shopify/Refund/11",
    ]);
  });

  it("orders 18-digit gids numerically when dates tie", () => {
    const a = [r("1000000000000000000", "2024-03-05T10:00:00Z"), r("999999999999999999", "2024-03-05T10:00:00Z")];
    expect(mergeRefunds(a, []).map((x) => x.refundGid)).toEqual([
      "gid://shopify/Refund/999999999999999999",
      "gid://shopify/Refund/1000000000000000000",
    ]);
  });

  it("keeps a resolved amount-only ratio over an unresolved copy of the same refund", () => {
    const resolved = { ...r("5", null), amountOnly: { numerator: 100, denominator: 1000, currency: "USD" } };
    const unresolved = { ...r("5", null), amountOnly: { numerator: 100, denominator: 0, currency: "USD" } };
    expect(mergeRefunds([resolved], [unresolved])).toEqual([resolved]);
    expect(mergeRefunds([unresolved], [resolved])).toEqual([resolved]);
  });
});
