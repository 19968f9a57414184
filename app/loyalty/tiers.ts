// VIP tiers: which tier a member holds, the qualifying window, grace and overrides, the default
// tiers and the merchant's tier editor input. Pure rules, no IO.
//
// Thresholds are in the program's basis: shop-currency minor units of eligible spend, or points.
// Multipliers are basis points (10,000 = 1×). Times are ISO-8601 strings or Dates (UTC instants);
// the qualifying window is computed in the shop's IANA time zone with Intl.
import { z } from "zod";
import { i18nFor, type Translate } from "../i18n/i18n";
import { currencyExponent, formatMinorUnits, MoneyError, parseMinorUnits } from "./money";
import { amountExampleError, type FieldErrors } from "./rewards";

export type { FieldErrors };

export const TIER_BASES = ["spend", "points"] as const;
export type TierBasis = (typeof TIER_BASES)[number];

export const TIER_WINDOWS = ["lifetime", "calendar_year", "rolling_12m"] as const;
export type TierWindow = (typeof TIER_WINDOWS)[number];

export type TierChangeReason = "order" | "refund" | "recalculation" | "daily" | "override" | "override_ended" | "grace_ended";

export type Tier = {
  id: number;
  name: string;
  /** In the program basis: minor units of spend, or points. */
  threshold: number;
  /** 12,500 = 1.25×. */
  multiplierBps: number;
  entryRewardPoints: number;
  freeShipping: boolean;
  graceDays: number;
};

export const BASE_TIER_MULTIPLIER_BPS = 10_000;

export const TIER_LIMITS = {
  maxTiers: 10,
  maxNameLength: 50,
  minMultiplierBps: 10_000,
  maxMultiplierBps: 100_000,
  maxGraceDays: 365,
  maxEntryRewardPoints: 1_000_000,
  /** Thresholds, qualifying values and lifetime spend are stored as 32-bit integers. */
  maxStoredValue: 2_147_483_647,
} as const;

/** Tiers from the lowest threshold to the highest. */
export function sortTiers<T extends { threshold: number }>(tiers: readonly T[]): T[] {
  return [...tiers].sort((a, b) => a.threshold - b.threshold);
}

/** The highest tier whose threshold is at most `value` (a threshold-0 tier is always reached). */
export function tierForValue<T extends { threshold: number }>(tiers: readonly T[], value: number): T | null {
  let found: T | null = null;
  for (const t of tiers) if (t.threshold <= Math.max(0, value) && (found === null || t.threshold > found.threshold)) found = t;
  return found;
}

/** The tier after `held` (or the lowest one above `value` when nothing is held), and what is missing to reach it. */
export function nextTierFor<T extends { threshold: number }>(
  tiers: readonly T[], held: T | null, value: number,
): { tier: T; remaining: number } | null {
  const floor = held?.threshold ?? -1;
  const v = Math.max(0, value);
  const above = sortTiers(tiers).find((t) => t.threshold > floor && t.threshold > v);
  return above ? { tier: above, remaining: above.threshold - v } : null;
}

export function multiplierBpsOf(tier: Pick<Tier, "multiplierBps"> | null | undefined): number {
  return tier ? tier.multiplierBps : BASE_TIER_MULTIPLIER_BPS;
}

/** 12,500 → 1.25 (exact for whole basis points of a percent). */
export function multiplierNumber(bps: number): number {
  return Number((bps / 10_000).toFixed(4));
}

/** "1.25×" for lists and labels. */
export function multiplierText(bps: number): string {
  return `${(bps / 10_000).toFixed(2).replace(/0$/, "").replace(/\.0$/, "")}×`;
}

// ---------------------------------------------------------------------------------------------
// Time zones and the qualifying window

export type WallTime = { year: number; month: number; day: number; hour: number; minute: number; second: number; millisecond: number };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The zone to compute in: the shop's when it is a zone Intl knows, else UTC. */
export function safeTimeZone(timeZone: string | null | undefined): string {
  return timeZone && isValidTimeZone(timeZone) ? timeZone : "UTC";
}

/** The local date and time of an instant in a time zone. */
export function wallTimeOf(instant: Date, timeZone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(safeTimeZone(timeZone)).formatToParts(instant)) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second!,
    millisecond: instant.getUTCMilliseconds(),
  };
}

/** Local time minus UTC at an instant, in milliseconds (e.g. −5 h in New York in winter). */
function offsetMs(instantMs: number, timeZone: string): number {
  const w = wallTimeOf(new Date(instantMs), timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond) - instantMs;
}

/**
 * The instant of a local date and time in a time zone. A local time that occurs twice (clocks
 * set back) is its first occurrence; one that does not exist (clocks set forward) is moved forward
 * by the length of the gap (02:30 on a spring-forward night in New York is 03:30 EDT).
 */
export function zonedTimeToUtc(wall: WallTime, timeZone: string): Date {
  const zone = safeTimeZone(timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.millisecond);
  const before = offsetMs(asUtc - 86_400_000, zone);
  const after = offsetMs(asUtc + 86_400_000, zone);
  const valid = [...new Set([before, after])]
    .map((offset) => asUtc - offset)
    .filter((t) => offsetMs(t, zone) === asUtc - t)
    .sort((a, b) => a - b);
  return new Date(valid.length ? valid[0]! : asUtc - before);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Where the qualifying window starts (inclusive), or null for lifetime.
 * - calendar_year: 1 January 00:00 of the current year in the shop's zone.
 * - rolling_12m: the same local date and time twelve months ago; 29 February falls back to
 *   28 February when the earlier year has no leap day.
 */
export function windowStart(window: TierWindow, now: Date, timeZone: string): Date | null {
  if (window === "lifetime") return null;
  const local = wallTimeOf(now, timeZone);
  if (window === "calendar_year") {
    return zonedTimeToUtc({ year: local.year, month: 1, day: 1, hour: 0, minute: 0, second: 0, millisecond: 0 }, timeZone);
  }
  const year = local.year - 1;
  const day = Math.min(local.day, daysInMonth(year, local.month));
  return zonedTimeToUtc({ ...local, year, day }, timeZone);
}

// ---------------------------------------------------------------------------------------------
// The tier a member holds

export type MemberTierState = {
  /** The tier held now (computed, or the override while it lasts). */
  tierId: number | null;
  graceUntil: string | null;
  overrideTierId: number | null;
  overrideUntil: string | null;
};

export type TierDecision = {
  tierId: number | null;
  graceUntil: string | null;
  /** The override is over (its end passed, or its tier no longer exists): clear it. */
  overrideEnded: boolean;
  /** The held tier changes. */
  changed: boolean;
  /** Why, when it changes. */
  reason: TierChangeReason | null;
  /** By threshold: a tier that no longer exists ranks by `formerThresholds`, no tier below every tier. */
  direction: "up" | "down" | "same";
  /** An upgrade into a tier above the entry level (threshold > 0): entry reward and upgrade event. */
  celebrated: boolean;
};

export function overrideActive(member: Pick<MemberTierState, "overrideTierId" | "overrideUntil">, tiers: readonly Tier[], now: Date): boolean {
  if (member.overrideTierId === null) return false;
  if (member.overrideUntil !== null && Date.parse(member.overrideUntil) <= now.getTime()) return false;
  return tiers.some((t) => t.id === member.overrideTierId);
}

/** A tier's rank for up/down: its threshold; a removed tier its former threshold; no tier −1. */
export function tierRankKey(tierId: number | null, tiers: readonly Tier[], formerThresholds?: ReadonlyMap<number, number>): number {
  if (tierId === null) return -1;
  const t = tiers.find((x) => x.id === tierId);
  if (t) return t.threshold;
  return formerThresholds?.get(tierId) ?? -1;
}

/**
 * What the member holds given their qualifying `value` now.
 * 1. An active override is the held tier.
 * 2. An override that ended gives way to the computed tier at once.
 * 3. Below the held tier, a tier with grace days keeps the member until grace_until (set now
 *    when not set yet); once it passed, the computed tier applies.
 * 4. Otherwise the computed tier applies and any grace is cleared (re-qualifying clears it).
 */
export function decideTier(
  tiers: readonly Tier[],
  member: MemberTierState,
  value: number,
  now: Date,
  reason: TierChangeReason,
  formerThresholds?: ReadonlyMap<number, number>,
): TierDecision {
  const computed = tierForValue(tiers, value);
  let tierId: number | null = computed?.id ?? null;
  let graceUntil: string | null = null;
  let overrideEnded = false;
  let why: TierChangeReason = reason;
  if (member.overrideTierId !== null && overrideActive(member, tiers, now)) {
    tierId = member.overrideTierId;
    why = "override";
  } else if (member.overrideTierId !== null) {
    overrideEnded = true;
    why = "override_ended";
  } else {
    const held = member.tierId === null ? undefined : tiers.find((t) => t.id === member.tierId);
    if (held && (computed?.threshold ?? -1) < held.threshold && held.graceDays > 0) {
      if (member.graceUntil === null) {
        tierId = held.id;
        graceUntil = new Date(now.getTime() + held.graceDays * 86_400_000).toISOString();
      } else if (Date.parse(member.graceUntil) > now.getTime()) {
        tierId = held.id;
        graceUntil = member.graceUntil;
      } else {
        why = "grace_ended";
      }
    }
  }
  const changed = tierId !== member.tierId;
  const from = tierRankKey(member.tierId, tiers, formerThresholds);
  const to = tierRankKey(tierId, tiers, formerThresholds);
  const direction = to > from ? "up" : to < from ? "down" : "same";
  return {
    tierId, graceUntil, overrideEnded, changed, reason: changed ? why : null, direction,
    celebrated: changed && direction === "up" && to > 0,
  };
}

/** The tier a member holds at `now` (an override that ended or a grace that passed already count). */
export function heldTierNow(tiers: readonly Tier[], member: MemberTierState, storedValue: number, now: Date): Tier | null {
  const d = decideTier(tiers, member, storedValue, now, "daily");
  return d.tierId === null ? null : (tiers.find((t) => t.id === d.tierId) ?? null);
}

// ---------------------------------------------------------------------------------------------
// Tier-exclusive rewards

/** Whether a member holding `heldTier` may see and redeem a reward (rewards without a tier: everyone). */
export function rewardVisibleTo(
  reward: { tierId: number | null },
  heldTier: Pick<Tier, "id" | "threshold"> | null,
  tiers: readonly Pick<Tier, "id" | "threshold">[],
): boolean {
  if (reward.tierId === null) return true;
  // A reward tied to a tier that no longer exists stays locked until the merchant picks another.
  const required = tiers.find((t) => t.id === reward.tierId);
  if (!required || !heldTier) return false;
  return heldTier.threshold >= required.threshold;
}

// ---------------------------------------------------------------------------------------------
// Defaults and scale

export type TierDraft = Omit<Tier, "id"> & { id: number | null };

/** Bronze 0, Silver 500, Gold 1,500 (whole units of the shop currency) of spend; 1×, 1.25×, 1.5×. */
export function defaultTiers(currency: string): TierDraft[] {
  const major = 10 ** currencyExponent(currency);
  const base = { id: null, entryRewardPoints: 0, freeShipping: false, graceDays: 0 };
  return [
    { ...base, name: "Bronze", threshold: 0, multiplierBps: 10_000 },
    { ...base, name: "Silver", threshold: 500 * major, multiplierBps: 12_500 },
    { ...base, name: "Gold", threshold: 1_500 * major, multiplierBps: 15_000 },
  ];
}

/**
 * Orders of magnitude of everyday prices against the defaults (which assume prices in the tens of
 * a currency like USD or EUR): currencies whose unit is small get earning and thresholds scaled.
 * Approximate by design; it is a suggestion the merchant can take or leave.
 */
const SCALE_BY_CURRENCY: Readonly<Record<string, number>> = Object.freeze({
  // ×10: prices in the hundreds
  CNY: 10, CZK: 10, DKK: 10, EGP: 10, HKD: 10, MAD: 10, MXN: 10, NOK: 10, SEK: 10, THB: 10, TRY: 10, TWD: 10, UAH: 10, ZAR: 10,
  // ×100: prices in the thousands
  AMD: 100, DJF: 100, DZD: 100, HUF: 100, INR: 100, ISK: 100, JPY: 100, KES: 100, KMF: 100, KZT: 100, LKR: 100, PHP: 100, PKR: 100,
  RSD: 100, RUB: 100, VUV: 100, XPF: 100,
  // ×1,000
  ARS: 1_000, BIF: 1_000, CLP: 1_000, COP: 1_000, KHR: 1_000, KRW: 1_000, MMK: 1_000, MNT: 1_000, NGN: 1_000, RWF: 1_000,
  TZS: 1_000, UGX: 1_000, XAF: 1_000, XOF: 1_000,
  // ×10,000
  GNF: 10_000, IDR: 10_000, IRR: 10_000, LAK: 10_000, LBP: 10_000, PYG: 10_000, SLL: 10_000, UZS: 10_000, VND: 10_000,
});

export type ScaleSuggestion = {
  currency: string;
  exponent: number;
  /** 1: the defaults fit; otherwise multiply earning's "per amount" and the thresholds by it. */
  factor: number;
  scaled: boolean;
  earn: { points: number; perMajorUnits: number };
  tiers: { name: string; threshold: number; thresholdText: string; multiplierBps: number }[];
  message: string;
};

/** What the setup screen can offer a shop whose currency unit is small (JPY, KRW, HUF, VND, …). */
export function suggestedScale(currency: string): ScaleSuggestion {
  const exponent = currencyExponent(currency);
  const factor = SCALE_BY_CURRENCY[currency] ?? 1;
  const tiers = defaultTiers(currency).map((t) => {
    const threshold = t.threshold * factor;
    return { name: t.name, threshold, thresholdText: `${formatMajorPlain(threshold, currency)} ${currency}`, multiplierBps: t.multiplierBps };
  });
  const count = (n: number) => n.toLocaleString("en-US");
  const message = factor === 1
    ? `Prices in ${currency} suit the defaults: 1 point per 1 ${currency}, Silver from 500 ${currency} and Gold from 1,500 ${currency}.`
    : `Prices in ${currency} run about ${count(factor)} times higher than in currencies like USD: earn 1 point per ${count(factor)} ${currency} ` +
      `and set the thresholds ${count(factor)} times higher (Silver from ${tiers[1]!.thresholdText}, Gold from ${tiers[2]!.thresholdText}).`;
  return { currency, exponent, factor, scaled: factor !== 1, earn: { points: 1, perMajorUnits: factor }, tiers, message };
}

/** "500", "12.5": a decimal without trailing zeros. */
function formatMajorPlain(minor: number, currency: string): string {
  const text = formatMinorUnits(minor, currency);
  const trimmed = text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
  const [whole, fraction] = trimmed.split(".");
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return fraction ? `${grouped}.${fraction}` : grouped;
}

// ---------------------------------------------------------------------------------------------
// The merchant's tier editor

export type TierProposal = { basis: TierBasis; window: TierWindow; tiers: TierDraft[] };

/** "1.25", "1.25x", 1.25 → 12,500; at most two decimals, 1.00–10.00. */
export function parseMultiplierBps(value: unknown): number | null {
  const text = typeof value === "number" && Number.isFinite(value) ? String(value) : typeof value === "string" ? value.trim() : null;
  if (text === null) return null;
  const m = /^(\d{1,2})(?:\.(\d{1,2}))?\s*[x×]?$/i.exec(text);
  if (!m) return null;
  const bps = Number(m[1]) * 10_000 + Number((m[2] ?? "").padEnd(2, "0")) * 100;
  return bps >= TIER_LIMITS.minMultiplierBps && bps <= TIER_LIMITS.maxMultiplierBps ? bps : null;
}

const checkbox = z.union([z.boolean(), z.enum(["on", "true", "false", ""])]).optional()
  .transform((v) => v === true || v === "on" || v === "true");
const scalar = z.union([z.string(), z.number()]);

function buildSchemas(t: Translate) {
  const nameRequired = t("validation.common.nameRequired");
  const list = t("validation.tier.list");
  return {
    tier: z.object({
      id: z.union([z.number(), z.string(), z.null()]).optional(),
      name: z.string({ invalid_type_error: nameRequired, required_error: nameRequired }),
      threshold: scalar.optional(),
      multiplier: scalar.optional(),
      entryRewardPoints: scalar.optional(),
      freeShipping: checkbox,
      graceDays: scalar.optional(),
    }),
    proposal: z.object({
      basis: z.enum(TIER_BASES, { errorMap: () => ({ message: t("validation.tier.basis") }) }),
      window: z.enum(TIER_WINDOWS, { errorMap: () => ({ message: t("validation.tier.window") }) }),
      tiers: z.array(z.unknown(), { invalid_type_error: list, required_error: list })
        .max(TIER_LIMITS.maxTiers, t("validation.tier.tooMany", { max: String(TIER_LIMITS.maxTiers) })),
    }),
  };
}

const schemas = new WeakMap<Translate, ReturnType<typeof buildSchemas>>();

/** The tier editor's input schemas with messages in the translator's language (one pair per language). */
function tierSchemas(t: Translate): ReturnType<typeof buildSchemas> {
  let s = schemas.get(t);
  if (!s) {
    s = buildSchemas(t);
    schemas.set(t, s);
  }
  return s;
}

/** Merchant input for the tier editor: the program's basis and window and its tiers. */
export type TierProposalInput = {
  basis: string;
  window: string;
  tiers: {
    id?: number | string | null;
    name: string;
    /** spend: an amount in the shop currency ("500", "1500.00"); points: whole points. */
    threshold: number | string;
    /** "1.25" (×); defaults to 1. */
    multiplier?: number | string;
    entryRewardPoints?: number | string;
    freeShipping?: boolean | string;
    graceDays?: number | string;
  }[];
};

function wholeNumber(value: unknown, label: string, min: number, max: number, errors: FieldErrors, field: string, t: Translate): number | null {
  if (value === undefined || value === null || value === "") return 0;
  const text = typeof value === "number" ? (Number.isSafeInteger(value) ? String(value) : "x") : String(value).trim();
  if (!/^-?\d{1,10}$/.test(text)) {
    errors[field] = t("validation.common.wholeNumber", { label });
    return null;
  }
  const n = Number(text);
  if (n < min) errors[field] = t("validation.common.atLeast", { label, min });
  else if (n > max) errors[field] = t("validation.common.atMost", { label, max });
  else return n;
  return null;
}

function threshold(value: unknown, basis: TierBasis, currency: string, errors: FieldErrors, field: string, t: Translate): number | null {
  if (value === undefined || value === null || (typeof value === "string" && value.trim() === "")) {
    errors[field] = t("validation.tier.thresholdRequired");
    return null;
  }
  let n: number;
  if (basis === "points") {
    const text = typeof value === "number" ? (Number.isSafeInteger(value) ? String(value) : "x") : String(value).trim();
    if (!/^-?\d{1,16}$/.test(text)) {
      errors[field] = t("validation.tier.thresholdPoints");
      return null;
    }
    n = Number(text);
  } else {
    try {
      n = parseMinorUnits(value as string | number, currency);
    } catch (error) {
      if (!(error instanceof MoneyError)) throw error;
      errors[field] = amountExampleError(currency, 500, t);
      return null;
    }
  }
  if (n < 0) {
    errors[field] = t("validation.tier.thresholdNegative");
    return null;
  }
  if (n > TIER_LIMITS.maxStoredValue) {
    errors[field] = t("validation.tier.thresholdTooLarge");
    return null;
  }
  return n;
}

/**
 * Checks the tier editor's input and returns the proposal (thresholds in the basis' unit: minor
 * units of `currency`, or points), or the errors by field ("basis", "window", "tiers",
 * "tiers.<i>.<field>"). Warnings do not block saving.
 */
export function tierProposalFromInput(
  raw: unknown,
  currency: string,
  t: Translate = i18nFor("en").t,
): { ok: true; proposal: TierProposal; warnings: string[] } | { ok: false; errors: FieldErrors } {
  const { proposal: proposalSchema, tier: tierSchema } = tierSchemas(t);
  const parsed = proposalSchema.safeParse(raw);
  const errors: FieldErrors = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
    return { ok: false, errors };
  }
  const { basis, window } = parsed.data;
  const tiers: TierDraft[] = [];
  parsed.data.tiers.forEach((rawTier, i) => {
    const at = (field: string) => `tiers.${i}.${field}`;
    const checked = tierSchema.safeParse(rawTier);
    if (!checked.success) {
      for (const issue of checked.error.issues) errors[at(String(issue.path[0] ?? "name"))] ??= issue.message;
      return;
    }
    const input = checked.data;
    let id: number | null = null;
    if (input.id !== undefined && input.id !== null && input.id !== "") {
      const text = String(input.id);
      if (/^\d{1,12}$/.test(text)) id = Number(text);
      else errors[at("id")] = t("validation.tier.unknown");
    }
    const name = input.name.trim();
    if (!name) errors[at("name")] = t("validation.common.nameRequired");
    else if (name.length > TIER_LIMITS.maxNameLength) errors[at("name")] = t("validation.common.nameTooLong", { max: String(TIER_LIMITS.maxNameLength) });
    const th = threshold(input.threshold, basis, currency, errors, at("threshold"), t);
    const multiplierBps = input.multiplier === undefined || input.multiplier === "" ? 10_000 : parseMultiplierBps(input.multiplier);
    if (multiplierBps === null) errors[at("multiplier")] = t("validation.tier.multiplier");
    const entry = wholeNumber(
      input.entryRewardPoints, t("validation.label.entryReward"), 0, TIER_LIMITS.maxEntryRewardPoints, errors, at("entryRewardPoints"), t,
    );
    const grace = wholeNumber(input.graceDays, t("validation.label.gracePeriod"), 0, TIER_LIMITS.maxGraceDays, errors, at("graceDays"), t);
    tiers.push({
      id, name, threshold: th ?? -1, multiplierBps: multiplierBps ?? 10_000, entryRewardPoints: entry ?? 0,
      freeShipping: input.freeShipping, graceDays: grace ?? 0,
    });
  });
  const proposal: TierProposal = { basis, window, tiers };
  if (Object.keys(errors).length === 0) Object.assign(errors, validateTierProposal(proposal, t));
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, proposal, warnings: tierWarnings(proposal, t) };
}

/**
 * The rules every tier set follows (also for proposals built in code): names non-empty and unique
 * (ignoring case), thresholds whole, ≥ 0 and distinct, multipliers 1.00×–10.00×, grace 0–365 days,
 * entry rewards 0–1,000,000 points, at most ten tiers, tier ids not repeated.
 */
export function validateTierProposal(p: TierProposal, t: Translate = i18nFor("en").t): FieldErrors {
  const errors: FieldErrors = {};
  if (!(TIER_BASES as readonly string[]).includes(p.basis)) errors.basis = t("validation.tier.basis");
  if (!(TIER_WINDOWS as readonly string[]).includes(p.window)) errors.window = t("validation.tier.window");
  if (p.tiers.length > TIER_LIMITS.maxTiers) errors.tiers = t("validation.tier.tooMany", { max: String(TIER_LIMITS.maxTiers) });
  const names = new Map<string, number>();
  const thresholds = new Map<number, number>();
  const ids = new Set<number>();
  p.tiers.forEach((tier, i) => {
    const at = (field: string) => `tiers.${i}.${field}`;
    const name = tier.name.trim();
    if (!name) errors[at("name")] = t("validation.common.nameRequired");
    else if (name.length > TIER_LIMITS.maxNameLength) errors[at("name")] = t("validation.common.nameTooLong", { max: String(TIER_LIMITS.maxNameLength) });
    // eslint-disable-next-line no-control-regex
    else if (/[\u0000-\u001f\u007f]/.test(name)) errors[at("name")] = t("validation.tier.nameLine");
    else if (names.has(name.toLowerCase())) errors[at("name")] = t("validation.tier.nameTaken");
    else names.set(name.toLowerCase(), i);
    if (!Number.isSafeInteger(tier.threshold) || tier.threshold < 0) errors[at("threshold")] ??= t("validation.tier.thresholdNegative");
    else if (tier.threshold > TIER_LIMITS.maxStoredValue) errors[at("threshold")] ??= t("validation.tier.thresholdTooLarge");
    else if (thresholds.has(tier.threshold)) errors[at("threshold")] = t("validation.tier.thresholdTaken");
    else thresholds.set(tier.threshold, i);
    if (
      !Number.isSafeInteger(tier.multiplierBps) || tier.multiplierBps < TIER_LIMITS.minMultiplierBps || tier.multiplierBps > TIER_LIMITS.maxMultiplierBps
    ) {
      errors[at("multiplier")] ??= t("validation.tier.multiplier");
    }
    if (!Number.isSafeInteger(tier.entryRewardPoints) || tier.entryRewardPoints < 0 || tier.entryRewardPoints > TIER_LIMITS.maxEntryRewardPoints) {
      errors[at("entryRewardPoints")] ??= t("validation.common.atMost", { label: t("validation.label.entryReward"), max: TIER_LIMITS.maxEntryRewardPoints });
    }
    if (!Number.isSafeInteger(tier.graceDays) || tier.graceDays < 0 || tier.graceDays > TIER_LIMITS.maxGraceDays) {
      errors[at("graceDays")] ??= t("validation.common.atMost", { label: t("validation.label.gracePeriod"), max: TIER_LIMITS.maxGraceDays });
    }
    if (tier.id !== null) {
      if (ids.has(tier.id)) errors[at("id")] = t("validation.tier.repeated");
      ids.add(tier.id);
    }
  });
  return errors;
}

/** Advice that does not block saving. */
export function tierWarnings(p: TierProposal, t: Translate = i18nFor("en").t): string[] {
  const warnings: string[] = [];
  if (p.tiers.length && Math.min(...p.tiers.map((tier) => tier.threshold)) > 0) {
    warnings.push(t("validation.tier.lowestAboveZero"));
  }
  return warnings;
}
