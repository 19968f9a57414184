// Flows in the admin's words: each kind's name and what it does, a step's delay and incentive,
// and a flow's one-line summary.
import type { FlowConfig, FlowKind, FlowStep } from "../flows/config";
import type { I18n, MessageKey } from "../i18n/i18n";

export const FLOW_NAMES: Record<FlowKind, MessageKey> = {
  abandoned_checkout: "flows.kind.abandonedCheckout",
  win_back: "flows.kind.winBack",
  points_expiring: "flows.kind.pointsExpiring",
  tier_upgrade: "flows.kind.tierUpgrade",
  welcome: "flows.kind.welcome",
  points_earned: "flows.kind.pointsEarned",
};

const PROGRAM_SUMMARIES: Record<Exclude<FlowKind, "abandoned_checkout" | "win_back">, MessageKey> = {
  points_expiring: "flows.summary.pointsExpiring",
  tier_upgrade: "flows.summary.tierUpgrade",
  welcome: "flows.summary.welcome",
  points_earned: "flows.summary.pointsEarned",
};

/** "right away", "1 hour", "3 days". */
export function delayText(hours: number, { t }: I18n): string {
  if (hours === 0) return t("flows.delay.now");
  if (hours % 24 === 0) return t("flows.delay.days", { count: hours / 24 });
  return t("flows.delay.hours", { count: hours });
}

/** "10 % off", "5.00 EUR off", "free shipping", "a free product", "their own points"; null without an incentive. */
export function incentiveText(step: FlowStep, { t, money, number }: I18n, currency: string | null): string | null {
  const incentive = step.incentive;
  if (!incentive) return null;
  if (incentive.type === "own_points") return t("flows.incentive.ownPoints");
  switch (incentive.kind) {
    case "percent_off":
      return t("flows.incentive.percentOff", { percent: number((incentive.percentBps ?? 0) / 100) });
    case "amount_off":
      return t("flows.incentive.amountOff", { amount: currency ? money(incentive.valueMinor ?? 0, currency) : String(incentive.valueMinor) });
    case "free_shipping":
      return t("flows.incentive.freeShipping");
    case "free_product":
      return t("flows.incentive.freeProduct");
  }
}

/** "1 hour, 24 hours (10 % off), 3 days". */
export function stepsText(steps: readonly FlowStep[], i18n: I18n, currency: string | null): string {
  return steps
    .map((s) => {
      const incentive = incentiveText(s, i18n, currency);
      return incentive ? `${delayText(s.delayHours, i18n)} (${incentive})` : delayText(s.delayHours, i18n);
    })
    .join(", ");
}

/** What a flow does, in one line. */
export function flowSummary(config: FlowConfig, i18n: I18n, currency: string | null): string {
  const { t } = i18n;
  if (config.kind !== "abandoned_checkout" && config.kind !== "win_back") return t(PROGRAM_SUMMARIES[config.kind]);
  const steps = stepsText(config.steps, i18n, currency);
  const line = config.kind === "abandoned_checkout"
    ? t("flows.summary.abandonedCheckout", { count: config.steps.length, steps })
    : t("flows.summary.winBack", { count: config.steps.length, steps });
  return config.holdoutPct > 0 ? `${line} ${t("flows.summary.holdout", { pct: config.holdoutPct })}` : line;
}
