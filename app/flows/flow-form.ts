// The flow editor's form: a flow's config as the merchant edits it (delays in hours or days, money
// as decimals in the shop currency, percentages) and back, checked through the schemas of
// app/flows/config.ts with every error on its field, in the admin's language. Pure.
import { z } from "zod";
import { i18nFor, type Translate } from "../i18n/i18n";
import { formatMinorUnits, parseMinorUnits } from "../loyalty/money";
import { amountExampleError, parsePercentBps } from "../loyalty/rewards";
import {
  AbandonedCheckoutSettingsSchema, FlowStepsSchema, IncentiveSchema, isMarketingFlow, MAX_HOLDOUT_PCT, MAX_STEPS, WinBackSettingsSchema,
  type AbandonedCheckoutSettings, type FlowConfig, type FlowKind, type FlowStep, type Incentive, type WinBackSettings,
} from "./config";

export type FieldErrors = Record<string, string>;

export const INCENTIVE_CHOICES = ["none", "percent_off", "amount_off", "free_shipping", "free_product", "own_points"] as const;
export type IncentiveChoice = (typeof INCENTIVE_CHOICES)[number];
export type DelayUnit = "hours" | "days";

/** One step as the form holds it. */
export type StepFormValues = {
  delay: string;
  delayUnit: DelayUnit;
  incentive: IncentiveChoice;
  percent: string;
  amount: string;
  variantGid: string;
  lifetimeDays: string;
  preferOwnPoints: boolean;
  /** own_points: "" = the best reward the shopper's balance buys. */
  rewardId: string;
  linkHours: string;
};

export type FlowFormValues = {
  enabled: boolean;
  holdoutPct: string;
  steps: StepFormValues[];
  /** Abandoned checkout: "" = any cart. */
  minCart: string;
  lapseFactor: string;
  minLapseDays: string;
  oneTimeBuyerDays: string;
  minCadenceDays: string;
  maxCadenceDays: string;
};

const money = (minor: number | null, currency: string | null) => {
  if (minor === null) return "";
  if (!currency) return String(minor);
  try {
    return formatMinorUnits(minor, currency);
  } catch {
    return String(minor);
  }
};

/** "12.5" for 1250 basis points, "10" for 1000. */
const percentText = (bps: number | null) => (bps === null ? "" : String(bps / 100));

const NEW_STEP: StepFormValues = {
  delay: "24", delayUnit: "hours", incentive: "none", percent: "10", amount: "", variantGid: "", lifetimeDays: "7", preferOwnPoints: true,
  rewardId: "", linkHours: "72",
};

/** A blank step for the editor's "add a step": a day after the last one, in its unit. */
export function newStepValues(after: StepFormValues | undefined): StepFormValues {
  const previous = after && /^\d{1,6}$/.test(after.delay) ? Number(after.delay) : null;
  if (!after || previous === null) return { ...NEW_STEP };
  return after.delayUnit === "days"
    ? { ...NEW_STEP, delay: String(previous + 1), delayUnit: "days" }
    : { ...NEW_STEP, delay: String(previous + 24), delayUnit: "hours" };
}

function stepValues(step: FlowStep, currency: string | null): StepFormValues {
  const days = step.delayHours >= 24 && step.delayHours % 24 === 0;
  const out: StepFormValues = { ...NEW_STEP, delay: String(days ? step.delayHours / 24 : step.delayHours), delayUnit: days ? "days" : "hours" };
  const incentive = step.incentive;
  if (!incentive) return out;
  if (incentive.type === "own_points") {
    return { ...out, incentive: "own_points", rewardId: incentive.rewardId ?? "", linkHours: String(incentive.linkHours) };
  }
  return {
    ...out,
    incentive: incentive.kind,
    percent: incentive.kind === "percent_off" ? percentText(incentive.percentBps) : out.percent,
    amount: incentive.kind === "amount_off" ? money(incentive.valueMinor, currency) : "",
    variantGid: incentive.variantGid ?? "",
    lifetimeDays: String(incentive.lifetimeDays),
    preferOwnPoints: incentive.preferOwnPoints,
  };
}

/** A stored config → the form's values. */
export function flowFormValues(config: FlowConfig, currency: string | null): FlowFormValues {
  const ac = config.kind === "abandoned_checkout" ? (config.settings as AbandonedCheckoutSettings) : AbandonedCheckoutSettingsSchema.parse({});
  const wb = config.kind === "win_back" ? (config.settings as WinBackSettings) : WinBackSettingsSchema.parse({});
  return {
    enabled: config.enabled,
    holdoutPct: String(config.holdoutPct),
    steps: config.steps.map((s) => stepValues(s, currency)),
    minCart: money(ac.minCartMinor, currency),
    lapseFactor: String(wb.lapseFactor),
    minLapseDays: String(wb.minLapseDays),
    oneTimeBuyerDays: String(wb.oneTimeBuyerDays),
    minCadenceDays: String(wb.minCadenceDays),
    maxCadenceDays: String(wb.maxCadenceDays),
  };
}

/** The form's values as the flat fields the editor posts (steps.<i>.<field>). */
export function flowFormFields(kind: FlowKind, v: FlowFormValues): Record<string, string> {
  const out: Record<string, string> = { enabled: v.enabled ? "true" : "false" };
  if (!isMarketingFlow(kind)) return out;
  out.holdoutPct = v.holdoutPct;
  v.steps.forEach((s, i) => {
    out[`steps.${i}.delay`] = s.delay;
    out[`steps.${i}.delayUnit`] = s.delayUnit;
    out[`steps.${i}.incentive`] = s.incentive;
    if (s.incentive === "percent_off") out[`steps.${i}.percent`] = s.percent;
    if (s.incentive === "amount_off") out[`steps.${i}.amount`] = s.amount;
    if (s.incentive === "free_product") out[`steps.${i}.variantGid`] = s.variantGid;
    if (s.incentive === "own_points") {
      out[`steps.${i}.rewardId`] = s.rewardId;
      out[`steps.${i}.linkHours`] = s.linkHours;
    } else if (s.incentive !== "none") {
      out[`steps.${i}.lifetimeDays`] = s.lifetimeDays;
      out[`steps.${i}.preferOwnPoints`] = s.preferOwnPoints ? "true" : "false";
    }
  });
  if (kind === "abandoned_checkout") out.minCart = v.minCart;
  if (kind === "win_back") {
    Object.assign(out, {
      lapseFactor: v.lapseFactor, minLapseDays: v.minLapseDays, oneTimeBuyerDays: v.oneTimeBuyerDays, minCadenceDays: v.minCadenceDays,
      maxCadenceDays: v.maxCadenceDays,
    });
  }
  return out;
}

const STEP_FIELD = /^steps\.(\d{1,2})\.(delay|delayUnit|incentive|percent|amount|variantGid|lifetimeDays|preferOwnPoints|rewardId|linkHours)$/;

/** steps.<i>.<field> → rows in index order (at most MAX_STEPS + 1 are read: one too many is an error). */
function stepRows(fields: Record<string, unknown>): Record<string, string>[] {
  const rows = new Map<number, Record<string, string>>();
  for (const [key, value] of Object.entries(fields)) {
    const m = STEP_FIELD.exec(key);
    if (!m || typeof value !== "string") continue;
    const index = Number(m[1]);
    const row = rows.get(index) ?? {};
    row[m[2]!] = value.trim();
    rows.set(index, row);
  }
  return [...rows.entries()].sort((a, b) => a[0] - b[0]).map(([, row]) => row);
}

const WHOLE = /^\d{1,6}$/;
const DECIMAL = /^\d{1,2}(?:\.\d{1,2})?$/;

type Labels = Record<string, string>;

/** The label of a field key (steps.<i>.<field> or a setting), for the range messages. */
function labelOf(field: string, t: Translate): string {
  const labels: Labels = {
    delay: t("validation.label.delay"),
    lifetimeDays: t("validation.label.codeLifetime"),
    linkHours: t("validation.label.linkLifetime"),
    holdoutPct: t("validation.label.holdout"),
    lapseFactor: t("validation.label.lapseFactor"),
    minLapseDays: t("validation.label.minLapseDays"),
    oneTimeBuyerDays: t("validation.label.oneTimeBuyerDays"),
    minCadenceDays: t("validation.label.minCadence"),
    maxCadenceDays: t("validation.label.maxCadence"),
    minCart: t("validation.label.minCart"),
  };
  return labels[field.replace(/^steps\.\d+\./, "")] ?? field;
}

/** Form field of a schema issue: steps [i, "incentive", "percentBps"] → steps.i.percent; settings ["minCartMinor"] → minCart. */
const SCHEMA_FIELD: Record<string, string> = {
  delayHours: "delay", percentBps: "percent", valueMinor: "amount", variantGid: "variantGid", lifetimeDays: "lifetimeDays",
  linkHours: "linkHours", rewardId: "rewardId", preferOwnPoints: "preferOwnPoints", type: "incentive", kind: "incentive",
  minCartMinor: "minCart", lapseFactor: "lapseFactor", minLapseDays: "minLapseDays", oneTimeBuyerDays: "oneTimeBuyerDays",
  minCadenceDays: "minCadenceDays", maxCadenceDays: "maxCadenceDays",
};

function issueField(prefix: "steps" | "settings", path: (string | number)[]): string {
  if (prefix === "steps") {
    if (path.length === 0 || typeof path[0] !== "number") return "steps";
    const last = [...path].reverse().find((p) => typeof p === "string") as string | undefined;
    return `steps.${path[0]}.${last ? (SCHEMA_FIELD[last] ?? last) : "delay"}`;
  }
  const last = path.find((p) => typeof p === "string") as string | undefined;
  return last ? (SCHEMA_FIELD[last] ?? last) : "form";
}

/** A schema issue in the admin's language. */
function issueMessage(field: string, issue: z.ZodIssue, t: Translate): string {
  const name = field.replace(/^steps\.\d+\./, "");
  const label = labelOf(field, t);
  if (field === "steps") return t("validation.flow.stepCount", { max: String(MAX_STEPS) });
  if (name === "delay") return issue.code === "custom" ? t("validation.flow.stepOrder") : t("validation.flow.delayRange");
  if (name === "percent") return t("validation.common.percent");
  if (name === "amount") return t("validation.common.amountRequired");
  if (name === "variantGid") return t("validation.reward.variantGid");
  if (name === "rewardId") return t("validation.flow.reward");
  if (name === "incentive") return t("validation.flow.incentive");
  if (name === "maxCadenceDays" && issue.code === "custom") return t("validation.flow.cadenceBounds");
  if (issue.code === "too_small") return t("validation.common.atLeast", { label, min: String(issue.minimum) });
  if (issue.code === "too_big") return t("validation.common.atMost", { label, max: String(issue.maximum) });
  if (issue.code === "invalid_type" && issue.received === "nan") return t("validation.common.wholeNumber", { label });
  return t("validation.flow.invalid");
}

/**
 * The editor's fields → the flow's new config, or the errors by field. `current` is the stored
 * config (program mails keep their steps; only on/off is edited there). Decimal fields must
 * already be in the app's notation (app/admin/decimal-input.ts).
 */
export function flowFromForm(
  current: FlowConfig,
  fields: Record<string, unknown>,
  currency: string | null,
  t: Translate = i18nFor("en").t,
): { ok: true; config: FlowConfig } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const text = (key: string) => (typeof fields[key] === "string" ? (fields[key] as string).trim() : "");
  const enabledText = text("enabled");
  if (enabledText !== "true" && enabledText !== "false") errors.enabled = t("validation.common.onOff", { label: t("validation.label.flowOn") });
  const enabled = enabledText === "true";
  if (!isMarketingFlow(current.kind)) {
    return Object.keys(errors).length ? { ok: false, errors } : { ok: true, config: { ...current, enabled } };
  }

  // Holdout: a whole percentage 0–MAX_HOLDOUT_PCT.
  const holdoutText = text("holdoutPct") || "0";
  let holdoutPct = 0;
  if (!WHOLE.test(holdoutText)) errors.holdoutPct = t("validation.common.wholeNumber", { label: labelOf("holdoutPct", t) });
  else if (Number(holdoutText) > MAX_HOLDOUT_PCT) errors.holdoutPct = t("validation.common.atMost", { label: labelOf("holdoutPct", t), max: String(MAX_HOLDOUT_PCT) });
  else holdoutPct = Number(holdoutText);

  // Steps: the typed text → numbers; a field that cannot be read keeps its error and stays out of the schema check.
  const rows = stepRows(fields);
  if (rows.length === 0 || rows.length > MAX_STEPS) errors.steps = t("validation.flow.stepCount", { max: String(MAX_STEPS) });
  const candidates: unknown[] = rows.slice(0, MAX_STEPS).map((row, i) => {
    const at = (name: string) => `steps.${i}.${name}`;
    const whole = (name: string): number | undefined => {
      const value = row[name] ?? "";
      if (WHOLE.test(value)) return Number(value);
      errors[at(name)] = value === "" ? t("validation.common.fieldRequired", { label: labelOf(name, t) }) : t("validation.common.wholeNumber", { label: labelOf(name, t) });
      return undefined;
    };
    const unit = row.delayUnit === "days" ? 24 : row.delayUnit === "hours" || row.delayUnit === undefined ? 1 : null;
    if (unit === null) errors[at("delay")] = t("validation.flow.delayUnit");
    const delay = whole("delay");
    const delayHours = delay === undefined || unit === null ? undefined : delay * unit;
    const choice = (row.incentive ?? "none") as IncentiveChoice;
    if (!(INCENTIVE_CHOICES as readonly string[]).includes(choice)) {
      errors[at("incentive")] = t("validation.flow.incentive");
      return { delayHours, incentive: null };
    }
    if (choice === "none") return { delayHours, incentive: null };
    if (choice === "own_points") {
      const rewardId = row.rewardId ? row.rewardId : null;
      return { delayHours, incentive: { type: "own_points", rewardId, linkHours: whole("linkHours") } };
    }
    const incentive: Record<string, unknown> = {
      type: "discount", kind: choice, lifetimeDays: whole("lifetimeDays"), preferOwnPoints: row.preferOwnPoints !== "false",
    };
    if (choice === "percent_off") {
      const bps = row.percent ? parsePercentBps(row.percent) : null;
      if (bps === null) errors[at("percent")] = t("validation.common.percent");
      incentive.percentBps = bps ?? undefined;
    }
    if (choice === "amount_off") {
      if (!currency) errors[at("amount")] = t("validation.flow.noCurrency");
      else if (!row.amount) errors[at("amount")] = t("validation.common.amountRequired");
      else {
        try {
          const minor = parseMinorUnits(row.amount, currency);
          if (minor <= 0) errors[at("amount")] = t("validation.common.amountPositive");
          else incentive.valueMinor = minor;
        } catch {
          errors[at("amount")] = amountExampleError(currency, 5, t);
        }
      }
    }
    if (choice === "free_product") {
      if (!row.variantGid) errors[at("variantGid")] = t("validation.reward.variantGid");
      else incentive.variantGid = row.variantGid;
    }
    return { delayHours, incentive };
  });
  let steps: FlowStep[] = current.steps;
  const parsedSteps = FlowStepsSchema.safeParse(candidates);
  if (parsedSteps.success) steps = parsedSteps.data;
  else {
    for (const issue of parsedSteps.error.issues) {
      const field = issueField("steps", issue.path);
      errors[field] ??= issueMessage(field, issue, t);
    }
  }
  // Each incentive once more on its own, so that its errors name their fields even when the union hides them.
  candidates.forEach((c, i) => {
    const incentive = (c as { incentive: unknown }).incentive;
    if (!incentive) return;
    const parsed = IncentiveSchema.safeParse(incentive);
    if (parsed.success) return;
    for (const issue of parsed.error.issues) {
      const field = issueField("steps", [i, "incentive", ...issue.path]);
      errors[field] ??= issueMessage(field, issue, t);
    }
  });

  // Kind settings.
  let settings: FlowConfig["settings"] = current.settings;
  if (current.kind === "abandoned_checkout") {
    let minCartMinor: number | null | undefined = null;
    const minCart = text("minCart");
    if (minCart) {
      if (!currency) {
        errors.minCart = t("validation.flow.noCurrency");
        minCartMinor = undefined;
      } else {
        try {
          minCartMinor = parseMinorUnits(minCart, currency);
          if (minCartMinor < 0) {
            errors.minCart = t("validation.flow.minCartNegative");
            minCartMinor = undefined;
          }
        } catch {
          errors.minCart = amountExampleError(currency, 25, t);
          minCartMinor = undefined;
        }
      }
    }
    const parsed = AbandonedCheckoutSettingsSchema.safeParse({ minCartMinor });
    if (parsed.success) settings = parsed.data;
    else for (const issue of parsed.error.issues) errors[issueField("settings", issue.path)] ??= issueMessage(issueField("settings", issue.path), issue, t);
  } else {
    const lapse = text("lapseFactor");
    let lapseFactor: number | undefined;
    if (DECIMAL.test(lapse)) lapseFactor = Number(lapse);
    else errors.lapseFactor = lapse === "" ? t("validation.common.fieldRequired", { label: labelOf("lapseFactor", t) }) : t("validation.flow.lapseFactor");
    const days = (name: string): number | undefined => {
      const value = text(name);
      if (WHOLE.test(value)) return Number(value);
      errors[name] = value === "" ? t("validation.common.fieldRequired", { label: labelOf(name, t) }) : t("validation.common.wholeNumber", { label: labelOf(name, t) });
      return undefined;
    };
    const candidate = {
      lapseFactor, minLapseDays: days("minLapseDays"), oneTimeBuyerDays: days("oneTimeBuyerDays"), minCadenceDays: days("minCadenceDays"),
      maxCadenceDays: days("maxCadenceDays"),
    };
    // A field that could not be read already has its error: the schema's default for it is never saved.
    const parsed = WinBackSettingsSchema.safeParse(candidate);
    if (parsed.success) settings = parsed.data;
    else {
      for (const issue of parsed.error.issues) {
        const field = issueField("settings", issue.path);
        errors[field] ??= issueMessage(field, issue, t);
      }
    }
  }

  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, config: { kind: current.kind, enabled, holdoutPct, steps, settings } };
}

/** The free-product variants a config names (checked against the store before saving). */
export function freeProductVariants(config: FlowConfig): { step: number; variantGid: string }[] {
  return config.steps.flatMap((s, step) => {
    const incentive: Incentive | null = s.incentive;
    return incentive && incentive.type === "discount" && incentive.kind === "free_product" && incentive.variantGid
      ? [{ step, variantGid: incentive.variantGid }]
      : [];
  });
}
