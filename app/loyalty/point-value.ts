// What a point is worth in money, and what the points members hold could cost the merchant
// (the program's liability). Pure rules, no IO.
//
// A point's value is the best rate a shopper can get for it: among the enabled rewards that turn
// points into a fixed amount of money — "amount off" (value ÷ points cost) and "points for money"
// (value per step ÷ points per step) — the highest value per point, in the shop's currency.
// Percentage-off, free-shipping and free-product rewards have no fixed money value and do not count.
// Liability = points outstanding × that value, rounded half up to the currency's minor unit.
import type { Reward } from "./rewards";

export type PointValue = {
  /** The rate as a fraction: `valueMinor` minor units of `currency` for `points` points. */
  valueMinor: number;
  points: number;
  currency: string;
  rewardId: number;
  rewardName: string;
};

/** The best value per point among the enabled amount-off and points-for-money rewards, or null. */
export function bestPointValue(rewards: readonly Reward[], currency: string): PointValue | null {
  let best: PointValue | null = null;
  for (const r of rewards) {
    if (!r.enabled || (r.kind !== "amount_off" && r.kind !== "variable")) continue;
    if (r.currency !== currency || r.valueMinor === null || r.valueMinor <= 0 || r.pointsCost <= 0) continue;
    // r.valueMinor / r.pointsCost > best.valueMinor / best.points, compared exactly.
    if (!best || BigInt(r.valueMinor) * BigInt(best.points) > BigInt(best.valueMinor) * BigInt(r.pointsCost)) {
      best = { valueMinor: r.valueMinor, points: r.pointsCost, currency, rewardId: r.id, rewardName: r.name };
    }
  }
  return best;
}

/** `points` at `rate`, in minor units, rounded half up (points below zero are worth nothing). */
export function pointsValueMinor(points: number, rate: Pick<PointValue, "valueMinor" | "points">): number {
  if (points <= 0) return 0;
  const numerator = BigInt(points) * BigInt(rate.valueMinor) * 2n + BigInt(rate.points);
  const value = numerator / (2n * BigInt(rate.points));
  return Number(value);
}
