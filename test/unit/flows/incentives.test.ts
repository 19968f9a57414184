import { describe, expect, it } from "vitest";
import { IncentiveSchema } from "../../../app/flows/config";
import { discountLanding, incentiveReward, ownPointsReward } from "../../../app/flows/incentives";
import { discountPlan } from "../../../app/loyalty/rewards";

type R = { id: number; kind: "amount_off" | "free_shipping" | "variable"; pointsCost: number; enabled: boolean; currency: string; tierId: number | null };
const REWARDS: R[] = [
  { id: 1, kind: "amount_off", pointsCost: 500, enabled: true, currency: "USD", tierId: null },
  { id: 2, kind: "amount_off", pointsCost: 1000, enabled: true, currency: "USD", tierId: null },
  { id: 3, kind: "free_shipping", pointsCost: 300, enabled: true, currency: "USD", tierId: null },
  { id: 4, kind: "variable", pointsCost: 100, enabled: true, currency: "USD", tierId: null },
  { id: 5, kind: "amount_off", pointsCost: 800, enabled: true, currency: "USD", tierId: 9 },
];
const everyone = (r: R) => r.tierId === null;

describe("the reward a shopper's own points buy", () => {
  it("the most valuable fixed-price reward the balance buys", () => {
    expect(ownPointsReward(REWARDS, 600, { rewardId: null, currency: "USD", visible: everyone })?.id).toBe(1);
    expect(ownPointsReward(REWARDS, 1000, { rewardId: null, currency: "USD", visible: everyone })?.id).toBe(2);
    expect(ownPointsReward(REWARDS, 299, { rewardId: null, currency: "USD", visible: everyone })).toBeNull();
  });

  it("the named reward only when the balance buys it; tier-locked, switched-off and other-currency rewards never", () => {
    expect(ownPointsReward(REWARDS, 600, { rewardId: 3, currency: "USD", visible: everyone })?.id).toBe(3);
    expect(ownPointsReward(REWARDS, 600, { rewardId: 2, currency: "USD", visible: everyone })).toBeNull();
    expect(ownPointsReward(REWARDS, 900, { rewardId: null, currency: "USD", visible: everyone })?.id).toBe(1);
    expect(ownPointsReward(REWARDS, 900, { rewardId: null, currency: "USD", visible: () => true })?.id).toBe(5);
    expect(ownPointsReward(REWARDS.map((r) => ({ ...r, enabled: r.id !== 1 })), 600, { rewardId: null, currency: "USD", visible: everyone })?.id).toBe(3);
    expect(ownPointsReward(REWARDS, 600, { rewardId: null, currency: "EUR", visible: everyone })).toBeNull();
  });
});

describe("a flow discount code", () => {
  it("is a single-use code for the shopper through the redemption discount plan", () => {
    const incentive = IncentiveSchema.parse({ type: "discount", kind: "percent_off", percentBps: 1000, lifetimeDays: 7 });
    if (incentive.type !== "discount") throw new Error("unreachable");
    const { reward, valueMinor } = incentiveReward(incentive, "EUR", null);
    const plan = discountPlan(reward, { points: 0, valueMinor }, {
      code: "KANTA-AAAAA-BBBBB", buyerGid: "gid://shopify/Customer/1", startsAt: new Date("2026-06-01T00:00:00Z"),
      endsAt: new Date("2026-06-08T00:00:00Z"), title: "t",
    });
    expect(plan).toEqual({
      mutation: "basic",
      input: {
        title: "t", code: "KANTA-AAAAA-BBBBB", startsAt: "2026-06-01T00:00:00.000Z", endsAt: "2026-06-08T00:00:00.000Z", usageLimit: 1,
        appliesOncePerCustomer: true, context: { customers: { add: ["gid://shopify/Customer/1"] } },
        combinesWith: { orderDiscounts: false, productDiscounts: true, shippingDiscounts: true },
        customerGets: { value: { percentage: 0.1 }, items: { all: true } },
      },
    });
  });

  it("amount off and free product take off an exact amount in the shop currency", () => {
    const amount = IncentiveSchema.parse({ type: "discount", kind: "amount_off", valueMinor: 500 });
    const product = IncentiveSchema.parse({ type: "discount", kind: "free_product", variantGid: "gid://shopify/ProductVariant/7" });
    if (amount.type !== "discount" || product.type !== "discount") throw new Error("unreachable");
    expect(incentiveReward(amount, "JPY", null).valueMinor).toBe(500);
    expect(incentiveReward(product, "EUR", 1299)).toMatchObject({ valueMinor: 1299, reward: { kind: "free_product", variantGid: "gid://shopify/ProductVariant/7" } });
  });
});

describe("where an applied code lands", () => {
  it("on the checkout's recovery path in the shop, else the cart", () => {
    expect(discountLanding("https://shop.example/", "KANTA-AAAAA-BBBBB", "https://shop.example/123/checkouts/abc/recover?key=k1"))
      .toBe("https://shop.example/discount/KANTA-AAAAA-BBBBB?redirect=%2F123%2Fcheckouts%2Fabc%2Frecover%3Fkey%3Dk1");
    expect(discountLanding("https://shop.example", "KANTA-AAAAA-BBBBB", null)).toBe("https://shop.example/discount/KANTA-AAAAA-BBBBB?redirect=%2Fcart");
    expect(discountLanding("https://shop.example", "KANTA-AAAAA-BBBBB", "not a url")).toBe("https://shop.example/discount/KANTA-AAAAA-BBBBB?redirect=%2Fcart");
  });
});
