// What a flow is: its kind, its steps (delay, incentive) and its kind-specific settings, with the
// defaults a shop gets on install. Pure: the engine reads these, the admin edits them; the stored
// form is flow.steps_json / flow.settings_json, always parsed through these schemas.
import { z } from "zod";

export const MARKETING_FLOWS = ["abandoned_checkout", "win_back"] as const;
export const PROGRAM_FLOWS = ["points_expiring", "tier_upgrade", "welcome", "points_earned"] as const;
export const FLOW_KINDS = [...MARKETING_FLOWS, ...PROGRAM_FLOWS] as const;
export type MarketingFlowKind = (typeof MARKETING_FLOWS)[number];
export type ProgramFlowKind = (typeof PROGRAM_FLOWS)[number];
export type FlowKind = (typeof FLOW_KINDS)[number];

export function isMarketingFlow(kind: FlowKind): kind is MarketingFlowKind {
  return (MARKETING_FLOWS as readonly string[]).includes(kind);
}

/**
 * The incentive a step offers.
 * - `discount`: a new single-use code made for this shopper (any reward type but "variable"):
 *   percentBps for percent_off, valueMinor (shop currency) for amount_off, variantGid for
 *   free_product, nothing for free_shipping. `preferOwnPoints`: when the shopper's own balance
 *   already buys a reward, offer the own-points link instead and keep the margin.
 * - `own_points`: a signed, expiring one-click link that redeems the shopper's own points into a
 *   code (the best reward their balance buys, or `rewardId`) and applies it to their cart. Points
 *   are spent only when the shopper clicks.
 */
export const IncentiveSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("discount"),
    kind: z.enum(["amount_off", "percent_off", "free_shipping", "free_product"]),
    percentBps: z.number().int().min(1).max(10_000).nullable().default(null),
    valueMinor: z.number().int().min(1).nullable().default(null),
    variantGid: z.string().regex(/^gid:\/\/shopify\/ProductVariant\/\d+$/).nullable().default(null),
    /** Days the code stays valid. */
    lifetimeDays: z.number().int().min(1).max(90).default(7),
    preferOwnPoints: z.boolean().default(true),
  }).strict(),
  z.object({
    type: z.literal("own_points"),
    /** A reward of the catalog; null = the most valuable reward the balance buys when the shopper clicks. */
    rewardId: z.string().regex(/^\d{1,12}$/).nullable().default(null),
    /** Hours the one-click link works. */
    linkHours: z.number().int().min(1).max(24 * 30).default(72),
  }).strict(),
]).superRefine((v, ctx) => {
  if (v.type !== "discount") return;
  if (v.kind === "percent_off" && v.percentBps === null) ctx.addIssue({ code: "custom", path: ["percentBps"], message: "percent_off needs percentBps" });
  if (v.kind === "amount_off" && v.valueMinor === null) ctx.addIssue({ code: "custom", path: ["valueMinor"], message: "amount_off needs valueMinor" });
  if (v.kind === "free_product" && v.variantGid === null) ctx.addIssue({ code: "custom", path: ["variantGid"], message: "free_product needs variantGid" });
});
export type Incentive = z.infer<typeof IncentiveSchema>;

export const FlowStepSchema = z.object({
  /** Hours after the flow's anchor (abandoned checkout: its last change; win-back: when the member became due). */
  delayHours: z.number().int().min(0).max(24 * 365),
  incentive: IncentiveSchema.nullable().default(null),
}).strict();
export type FlowStep = z.infer<typeof FlowStepSchema>;

export const MAX_STEPS = 5;

/** Steps in order of their delays, strictly increasing. */
export const FlowStepsSchema = z.array(FlowStepSchema).min(1).max(MAX_STEPS).superRefine((steps, ctx) => {
  for (let i = 1; i < steps.length; i += 1) {
    if (steps[i]!.delayHours <= steps[i - 1]!.delayHours) {
      ctx.addIssue({ code: "custom", path: [i, "delayHours"], message: "each step must come later than the one before" });
    }
  }
});

export const AbandonedCheckoutSettingsSchema = z.object({
  /** Carts below this total (shop currency minor units) start no flow; null = any cart. */
  minCartMinor: z.number().int().min(0).nullable().default(null),
}).strict();
export type AbandonedCheckoutSettings = z.infer<typeof AbandonedCheckoutSettingsSchema>;

export const WinBackSettingsSchema = z.object({
  /** A member is lapsing after lapseFactor × their own cadence … */
  lapseFactor: z.number().min(1).max(10).default(2),
  /** … but never sooner than this many days after their last order. */
  minLapseDays: z.number().int().min(1).max(730).default(30),
  /** One-time buyers (no cadence yet) are lapsing after this many days. */
  oneTimeBuyerDays: z.number().int().min(1).max(730).default(90),
  /** Cadences are clamped into these bounds (days); also bounds the shop-wide fallback. */
  minCadenceDays: z.number().int().min(1).max(365).default(7),
  maxCadenceDays: z.number().int().min(1).max(730).default(365),
}).strict().refine((s) => s.minCadenceDays <= s.maxCadenceDays, { message: "minCadenceDays must not exceed maxCadenceDays", path: ["maxCadenceDays"] });
export type WinBackSettings = z.infer<typeof WinBackSettingsSchema>;

export const ProgramFlowSettingsSchema = z.object({}).strict();

export type FlowConfig = {
  kind: FlowKind;
  enabled: boolean;
  steps: FlowStep[];
  settings: AbandonedCheckoutSettings | WinBackSettings | Record<string, never>;
  /** 0–50: the share of shoppers kept as a control group (recorded, not mailed). */
  holdoutPct: number;
};

export const MAX_HOLDOUT_PCT = 50;

/** The steps and settings a shop starts with. Marketing flows are on after install; welcome and points-earned mails are off. */
export function defaultFlow(kind: FlowKind): FlowConfig {
  switch (kind) {
    case "abandoned_checkout":
      return {
        kind, enabled: true, holdoutPct: 0,
        settings: AbandonedCheckoutSettingsSchema.parse({}),
        steps: [
          { delayHours: 1, incentive: null },
          { delayHours: 24, incentive: IncentiveSchema.parse({ type: "discount", kind: "percent_off", percentBps: 1000, lifetimeDays: 7 }) },
          { delayHours: 72, incentive: null },
        ],
      };
    case "win_back":
      return {
        kind, enabled: true, holdoutPct: 0,
        settings: WinBackSettingsSchema.parse({}),
        steps: [
          { delayHours: 0, incentive: IncentiveSchema.parse({ type: "discount", kind: "percent_off", percentBps: 1500, lifetimeDays: 14 }) },
          { delayHours: 7 * 24, incentive: null },
          { delayHours: 14 * 24, incentive: null },
        ],
      };
    case "points_expiring":
    case "tier_upgrade":
      return { kind, enabled: true, holdoutPct: 0, settings: {}, steps: [{ delayHours: 0, incentive: null }] };
    case "welcome":
    case "points_earned":
      return { kind, enabled: false, holdoutPct: 0, settings: {}, steps: [{ delayHours: 0, incentive: null }] };
  }
}

export class FlowConfigError extends Error {
  constructor(readonly path: string, message: string) {
    super(`${path}: ${message}`);
  }
}

function firstIssue(error: z.ZodError, prefix: string): FlowConfigError {
  const issue = error.issues[0]!;
  return new FlowConfigError([prefix, ...issue.path].join("."), issue.message);
}

/** A stored flow row → its config; throws FlowConfigError when the stored JSON does not fit. */
export function parseFlow(row: { kind: string; enabled: boolean | number; steps_json: string; settings_json: string; holdout_pct: number }): FlowConfig {
  if (!(FLOW_KINDS as readonly string[]).includes(row.kind)) throw new FlowConfigError("kind", `unknown flow kind ${row.kind}`);
  const kind = row.kind as FlowKind;
  const steps = FlowStepsSchema.safeParse(JSON.parse(row.steps_json));
  if (!steps.success) throw firstIssue(steps.error, "steps");
  const settingsSchema = kind === "abandoned_checkout" ? AbandonedCheckoutSettingsSchema : kind === "win_back" ? WinBackSettingsSchema : ProgramFlowSettingsSchema;
  const settings = settingsSchema.safeParse(JSON.parse(row.settings_json));
  if (!settings.success) throw firstIssue(settings.error, "settings");
  const holdoutPct = Number(row.holdout_pct);
  if (!Number.isInteger(holdoutPct) || holdoutPct < 0 || holdoutPct > MAX_HOLDOUT_PCT) throw new FlowConfigError("holdoutPct", `must be 0-${MAX_HOLDOUT_PCT}`);
  return { kind, enabled: Boolean(row.enabled), steps: steps.data, settings: settings.data as FlowConfig["settings"], holdoutPct };
}

/** The stored form of a config (steps_json, settings_json). */
export function serializeFlow(config: FlowConfig): { steps_json: string; settings_json: string; holdout_pct: number; enabled: boolean } {
  return { steps_json: JSON.stringify(config.steps), settings_json: JSON.stringify(config.settings), holdout_pct: config.holdoutPct, enabled: config.enabled };
}
