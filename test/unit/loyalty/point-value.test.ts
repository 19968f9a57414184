// The money value of a point (the best enabled amount-off or points-for-money reward) and the
// liability of outstanding points, exactly.
import { describe, expect, it } from "vitest";
import { bestPointValue, pointsValueMinor } from "../../../app/loyalty/point-value";
import { defaultRewards, type Reward } from "../../../app/loyalty/rewards";

const rewards = (currency: string): Reward[] => defaultRewards(currency).map((r, i) => ({ ...r, id: i + 1 }));
const reward = (over: Partial<Reward>): Reward => ({ ...rewards("USD")[0]!, id: 99, ...over });

describe("bestPointValue", () => {
  it("takes the default catalog's rate: 500 points = 5.00 (the first of equal rates)", () => {
    expect(bestPointValue(rewards("USD"), "USD")).toEqual({ valueMinor: 500, points: 500, currency: "USD", rewardId: 1, rewardName: "5 USD off your order" });
    expect(bestPointValue(rewards("JPY"), "JPY")).toEqual({ valueMinor: 5, points: 500, currency: "JPY", rewardId: 1, rewardName: "5 JPY off your order" });
  });

  it("compares rates exactly and counts points-for-money rewards", () => {
    const better = reward({ id: 7, kind: "variable", name: "Points for money", pointsCost: 3, valueMinor: 4, minPoints: 3, maxPoints: 300 });
    expect(bestPointValue([...rewards("USD"), better], "USD")).toMatchObject({ valueMinor: 4, points: 3, rewardId: 7 });
    // 333/333 is 1 per point, 1000/999 slightly more.
    const a = reward({ id: 1, pointsCost: 333, valueMinor: 333 });
    const b = reward({ id: 2, pointsCost: 999, valueMinor: 1000 });
    expect(bestPointValue([a, b], "USD")?.rewardId).toBe(2);
  });

  it("ignores disabled rewards, rewards without a fixed value and rewards in another currency", () => {
    expect(bestPointValue([
      reward({ enabled: false, valueMinor: 10_000 }),
      reward({ kind: "percent_off", valueMinor: null, percentBps: 5000 }),
      reward({ kind: "free_shipping", valueMinor: null }),
      reward({ kind: "free_product", valueMinor: 99_999 }),
      reward({ currency: "EUR", valueMinor: 10_000 }),
    ], "USD")).toBeNull();
    expect(bestPointValue([], "USD")).toBeNull();
  });
});

describe("pointsValueMinor", () => {
  it("is points × rate rounded half up to the minor unit", () => {
    expect(pointsValueMinor(1032, { valueMinor: 500, points: 500 })).toBe(1032);
    expect(pointsValueMinor(3, { valueMinor: 1, points: 2 })).toBe(2);
    expect(pointsValueMinor(1, { valueMinor: 1, points: 3 })).toBe(0);
    expect(pointsValueMinor(1, { valueMinor: 2, points: 3 })).toBe(1);
    expect(pointsValueMinor(1, { valueMinor: 5, points: 500 })).toBe(0);
    expect(pointsValueMinor(100, { valueMinor: 5, points: 500 })).toBe(1);
  });

  it("is exact for large balances and zero for none", () => {
    expect(pointsValueMinor(9_000_000_000_000, { valueMinor: 1000, points: 999 })).toBe(9_009_009_009_009);
    expect(pointsValueMinor(0, { valueMinor: 500, points: 500 })).toBe(0);
    expect(pointsValueMinor(-40, { valueMinor: 500, points: 500 })).toBe(0);
  });
});
