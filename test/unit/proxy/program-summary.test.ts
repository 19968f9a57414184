import { describe, expect, it } from "vitest";
import { defaultActions, type EarningAction } from "../../../app/loyalty/actions";
import { defaultRewards, type Reward } from "../../../app/loyalty/rewards";
import { programSummary, type ProgramSummaryInput } from "../../../app/proxy/program-summary";
import { ProgramMetafieldSchema } from "../../../app/proxy/schema";

const rewards = (currency: string): Reward[] => defaultRewards(currency).map((r, i) => ({ ...r, id: i + 1 }));
const actions = (): EarningAction[] => defaultActions().map((a, i) => ({ ...a, id: i + 1 }));
const TIERS = [
  { id: 3, name: "Gold", threshold: 150_000, multiplierBps: 15_000, freeShipping: true },
  { id: 1, name: "Bronze", threshold: 0, multiplierBps: 10_000, freeShipping: false },
  { id: 2, name: "Silver", threshold: 50_000, multiplierBps: 12_500, freeShipping: false },
];

function input(over: Partial<ProgramSummaryInput> = {}): ProgramSummaryInput {
  return { currency: "EUR", earningRule: { points: 1, perMajorUnits: 1 }, rewards: rewards("EUR"), tierBasis: "spend", tiers: TIERS, actions: actions(), ...over };
}

describe("programSummary (the kanta.program metafield)", () => {
  it("is exactly the storefront contract's shape", () => {
    const summary = programSummary(input());
    expect(summary).toEqual({
      version: 2,
      currency: "EUR",
      earn: { points: 1, perAmount: "1", currency: "EUR" },
      description: "Earn 1 point for every 1 EUR you spend.",
      rewards: [
        { id: "1", name: "5 EUR off your order", kind: "amount_off", pointsCost: 500 },
        { id: "2", name: "10 EUR off your order", kind: "amount_off", pointsCost: 1000 },
        { id: "3", name: "Free shipping", kind: "free_shipping", pointsCost: 300 },
      ],
      tierBasis: "spend",
      tiers: [
        { id: "1", name: "Bronze", threshold: "0.00", thresholdValue: 0, multiplierBps: 10_000, freeShipping: false },
        { id: "2", name: "Silver", threshold: "500.00", thresholdValue: 50_000, multiplierBps: 12_500, freeShipping: false },
        { id: "3", name: "Gold", threshold: "1500.00", thresholdValue: 150_000, multiplierBps: 15_000, freeShipping: true },
      ],
      actions: [{ kind: "welcome", name: "Welcome bonus", points: 100 }],
    });
    expect(ProgramMetafieldSchema.parse(summary)).toEqual(summary);
  });

  it("formats spend thresholds with the currency's exponent and leaves points thresholds as points", () => {
    const jpy = programSummary(input({ currency: "JPY", rewards: rewards("JPY"), tiers: [{ id: 1, name: "Gold", threshold: 50_000, multiplierBps: 15_000, freeShipping: false }] }));
    expect(jpy.tiers[0]).toMatchObject({ threshold: "50000", thresholdValue: 50_000 });
    const kwd = programSummary(input({ currency: "KWD", tiers: [{ id: 1, name: "Gold", threshold: 1_500, multiplierBps: 15_000, freeShipping: false }] }));
    expect(kwd.tiers[0]).toMatchObject({ threshold: "1.500", thresholdValue: 1_500 });
    const points = programSummary(input({ tierBasis: "points", tiers: [{ id: 1, name: "Gold", threshold: 2_000, multiplierBps: 15_000, freeShipping: false }] }));
    expect(points).toMatchObject({ tierBasis: "points", tiers: [{ threshold: "2000", thresholdValue: 2_000 }] });
  });

  it("lists only rewards every member may redeem and actions that are on, in the merchant's order", () => {
    const r = rewards("EUR");
    r[0] = { ...r[0]!, enabled: false };
    r[1] = { ...r[1]!, tierId: 3 };
    r[2] = { ...r[2]!, position: 9 };
    const extra: Reward = { ...r[2]!, id: 7, name: "First", position: -1 };
    const a = actions().map((x) => ({ ...x, enabled: true }));
    a.push({ id: 9, kind: "custom", name: "Follow us", points: 25, enabled: true, config: { url: "https://example.com" }, position: -1 });
    const summary = programSummary(input({ rewards: [...r, extra], actions: a }));
    expect(summary.rewards.map((x) => x.name)).toEqual(["First", "Free shipping"]);
    expect(summary.actions.map((x) => x.kind)).toEqual(["custom", "welcome", "birthday", "referral", "review"]);
  });

  it("works before the shop's currency and tiers are known", () => {
    const summary = programSummary(input({ currency: null, earningRule: { points: 2, perMajorUnits: 5 }, rewards: [], tiers: [], actions: [] }));
    expect(summary).toEqual({
      version: 2, currency: null, earn: { points: 2, perAmount: "5", currency: null },
      description: "Earn 2 points for every 5 units of currency you spend.", rewards: [], tierBasis: "spend", tiers: [], actions: [],
    });
    expect(ProgramMetafieldSchema.safeParse(summary).success).toBe(true);
  });
});
