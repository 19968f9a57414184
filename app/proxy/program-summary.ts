// The shop's public program summary: the kanta.program shop metafield the theme app extension
// paints from before any App Proxy call, and the public parts of /proxy/me. Pure: no IO.
import type { EarningAction } from "../loyalty/actions";
import { formatMinorUnits } from "../loyalty/money";
import type { Reward } from "../loyalty/rewards";
import type { TierBasis } from "../loyalty/tiers";
import { PROGRAM_METAFIELD_VERSION, type ProgramMetafield, type ProgramTier } from "./schema";

export type ProgramSummaryTier = { id: number; name: string; threshold: number; multiplierBps: number; freeShipping: boolean };

export type ProgramSummaryInput = {
  currency: string | null;
  earningRule: { points: number; perMajorUnits: number };
  rewards: Reward[];
  tierBasis: TierBasis;
  tiers: ProgramSummaryTier[];
  actions: EarningAction[];
};

/** "Earn 1 point for every 1 EUR you spend." */
export function earnDescription(points: number, perMajorUnits: number, currency: string | null): string {
  const unit = currency ?? (perMajorUnits === 1 ? "unit of currency" : "units of currency");
  return `Earn ${points} point${points === 1 ? "" : "s"} for every ${perMajorUnits} ${unit} you spend.`;
}

/**
 * A tier's threshold as text: a decimal in the shop currency for a spend basis ("500.00"), a number
 * of points otherwise. A spend threshold without a known currency stays in minor units.
 */
export function thresholdText(threshold: number, basis: TierBasis, currency: string | null): string {
  return basis === "spend" && currency ? formatMinorUnits(threshold, currency) : String(threshold);
}

/** The public tier list: lowest threshold first (ties by id). */
export function programTiers(tiers: readonly ProgramSummaryTier[], basis: TierBasis, currency: string | null): ProgramTier[] {
  return [...tiers]
    .sort((a, b) => a.threshold - b.threshold || a.id - b.id)
    .map((t) => ({
      id: String(t.id),
      name: t.name,
      threshold: thresholdText(t.threshold, basis, currency),
      thresholdValue: t.threshold,
      multiplierBps: t.multiplierBps,
      freeShipping: t.freeShipping,
    }));
}

/**
 * The kanta.program metafield. Rewards: switched on and open to every member (tier-exclusive ones
 * are shown by /proxy/me to the members who hold the tier); actions: switched on; both in the
 * merchant's order.
 */
export function programSummary(input: ProgramSummaryInput): ProgramMetafield {
  const { currency, earningRule, tierBasis } = input;
  const byPosition = <T extends { position: number; id: number }>(a: T, b: T) => a.position - b.position || a.id - b.id;
  return {
    version: PROGRAM_METAFIELD_VERSION,
    currency,
    earn: { points: earningRule.points, perAmount: String(earningRule.perMajorUnits), currency },
    description: earnDescription(earningRule.points, earningRule.perMajorUnits, currency),
    rewards: input.rewards
      .filter((r) => r.enabled && r.tierId === null)
      .sort(byPosition)
      .map((r) => ({ id: String(r.id), name: r.name, kind: r.kind, pointsCost: r.pointsCost })),
    tierBasis,
    tiers: programTiers(input.tiers, tierBasis, currency),
    actions: input.actions
      .filter((a) => a.enabled)
      .sort(byPosition)
      .map((a) => ({ kind: a.kind, name: a.name, points: a.points })),
  };
}
