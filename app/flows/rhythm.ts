// Win-back timing from each shopper's own purchase rhythm. Pure: the storage layer feeds it the
// dates of a member's paid orders (processed_at, when the order was placed, not when Kanta heard
// of it) and the shop's win-back settings; it answers when the member counts as lapsing and why.
//
// - Orders placed on the same calendar day (in the shop's time zone) are one purchase occasion.
// - A member's cadence is the median gap in whole days between consecutive occasions (null below
//   two occasions); the median ignores one long pause or one quick top-up.
// - A repeat buyer lapses lapseFactor × cadence after their last order (the cadence clamped into
//   [minCadenceDays, maxCadenceDays]), never sooner than minLapseDays; a repeat buyer without a
//   usable cadence (all orders on one day) takes the shop's median cadence instead; a one-time
//   buyer lapses oneTimeBuyerDays after their order.
import type { WinBackSettings } from "./config";

export const DAY_MS = 86_400_000;

export type RhythmFacts = {
  /** The latest paid order's processed_at (ISO-8601, UTC); null without paid orders. */
  lastOrderAt: string | null;
  paidOrders: number;
  /** The member's own median gap in days; null below two purchase occasions. */
  cadenceDays: number | null;
};

const dayFormats = new Map<string, Intl.DateTimeFormat | null>();

function dayFormat(timeZone: string): Intl.DateTimeFormat | null {
  let f = dayFormats.get(timeZone);
  if (f === undefined) {
    try {
      f = timeZone === "UTC" ? null : new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    } catch {
      f = null; // an unknown zone counts days in UTC
    }
    dayFormats.set(timeZone, f);
  }
  return f;
}

/** The calendar day of an instant in a time zone, as days since 1970-01-01; null for an unreadable date. */
export function calendarDay(at: string | Date, timeZone = "UTC"): number | null {
  const ms = typeof at === "string" ? Date.parse(at) : at.getTime();
  if (Number.isNaN(ms)) return null;
  const f = dayFormat(timeZone);
  if (f === null) return Math.floor(ms / DAY_MS);
  const [y, m, d] = f.format(ms).split("-").map(Number);
  return Math.floor(Date.UTC(y!, m! - 1, d!) / DAY_MS);
}

function median(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The median gap in whole days between the member's purchase occasions (orders on one calendar
 * day in `timeZone` are one occasion), rounded half up; null below two occasions. Unreadable dates
 * are ignored.
 */
export function cadenceDays(orderDates: readonly string[], timeZone = "UTC"): number | null {
  const days = [...new Set(orderDates.map((d) => calendarDay(d, timeZone)).filter((d): d is number => d !== null))].sort((a, b) => a - b);
  if (days.length < 2) return null;
  const gaps: number[] = [];
  for (let i = 1; i < days.length; i += 1) gaps.push(days[i]! - days[i - 1]!);
  gaps.sort((a, b) => a - b);
  return Math.round(median(gaps));
}

/** The facts kept on the member row, from the processed_at of their paid orders. */
export function purchaseRhythm(orderDates: readonly (string | null)[], timeZone = "UTC"): RhythmFacts {
  let last = Number.NEGATIVE_INFINITY;
  const readable: string[] = [];
  for (const d of orderDates) {
    if (d === null) continue;
    const ms = Date.parse(d);
    if (Number.isNaN(ms)) continue;
    readable.push(d);
    if (ms > last) last = ms;
  }
  if (readable.length === 0) return { lastOrderAt: null, paidOrders: 0, cadenceDays: null };
  return { lastOrderAt: new Date(last).toISOString(), paidOrders: readable.length, cadenceDays: cadenceDays(readable, timeZone) };
}

/** The shop-wide fallback: the median of its members' cadences (rounded half up); null without any. */
export function shopCadence(memberCadences: readonly number[]): number | null {
  if (memberCadences.length === 0) return null;
  return Math.round(median([...memberCadences].sort((a, b) => a - b)));
}

/** The same median from a histogram of cadences ({days, count}), as SQL can give it cheaply. */
export function shopCadenceFromCounts(counts: readonly { days: number; count: number }[]): number | null {
  const rows = counts.filter((c) => c.count > 0).sort((a, b) => a.days - b.days);
  const total = rows.reduce((n, c) => n + c.count, 0);
  if (total === 0) return null;
  const nth = (k: number) => {
    let seen = 0;
    for (const r of rows) {
      seen += r.count;
      if (k < seen) return r.days;
    }
    return rows[rows.length - 1]!.days;
  };
  const mid = total >> 1;
  return Math.round(total % 2 === 1 ? nth(mid) : (nth(mid - 1) + nth(mid)) / 2);
}

export type LapseBasis = "own_cadence" | "shop_cadence" | "one_time_buyer";

export type WhyDue = {
  lastOrderAt: string | null;
  paidOrders: number;
  /** The member's own median gap (days), null below two purchase occasions. */
  cadenceDays: number | null;
  /** What the lapse is measured from; null without paid orders. */
  basis: LapseBasis | null;
  /** The cadence the rule used (own or the shop's, clamped to the bounds); null for one-time buyers. */
  usedCadenceDays: number | null;
  /** When the member would order again at their rhythm: last order + used cadence. */
  expectedNextOrderAt: string | null;
  /** Days after the last order at which the member counts as lapsing. */
  lapseAfterDays: number | null;
  /** When the member counts as lapsing (the win-back is due); null without paid orders. */
  lapsingSince: string | null;
};

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(Math.max(v, lo), hi);
}

/** Why (and from when) the member counts as lapsing under these settings. */
export function whyDue(facts: RhythmFacts, settings: WinBackSettings, shopFallbackDays: number | null): WhyDue {
  const base = { lastOrderAt: facts.lastOrderAt, paidOrders: facts.paidOrders, cadenceDays: facts.cadenceDays };
  const last = facts.lastOrderAt === null ? Number.NaN : Date.parse(facts.lastOrderAt);
  if (facts.paidOrders <= 0 || Number.isNaN(last)) {
    return { ...base, basis: null, usedCadenceDays: null, expectedNextOrderAt: null, lapseAfterDays: null, lapsingSince: null };
  }
  const at = (days: number) => new Date(last + Math.round(days * DAY_MS)).toISOString();
  const cadence = facts.paidOrders >= 2 ? (facts.cadenceDays ?? shopFallbackDays) : null;
  if (cadence === null) {
    const days = settings.oneTimeBuyerDays;
    return { ...base, basis: "one_time_buyer", usedCadenceDays: null, expectedNextOrderAt: null, lapseAfterDays: days, lapsingSince: at(days) };
  }
  const used = clamp(cadence, settings.minCadenceDays, settings.maxCadenceDays);
  const days = Math.max(settings.lapseFactor * used, settings.minLapseDays);
  return {
    ...base,
    basis: facts.cadenceDays !== null ? "own_cadence" : "shop_cadence",
    usedCadenceDays: used,
    expectedNextOrderAt: at(used),
    lapseAfterDays: days,
    lapsingSince: at(days),
  };
}

/**
 * When the member counts as lapsing: last order + max(lapseFactor × clamped cadence, minLapseDays)
 * for repeat buyers (the shop's cadence when their own is unknown), last order + oneTimeBuyerDays
 * for one-time buyers; null without paid orders.
 */
export function lapseDueAt(facts: RhythmFacts, settings: WinBackSettings, shopFallbackDays: number | null): Date | null {
  const why = whyDue(facts, settings, shopFallbackDays);
  return why.lapsingSince === null ? null : new Date(why.lapsingSince);
}

/** Whether the rule needs the shop's cadence for this member (a repeat buyer without their own). */
export function needsShopCadence(facts: RhythmFacts): boolean {
  return facts.paidOrders >= 2 && facts.cadenceDays === null && facts.lastOrderAt !== null;
}

/** One win-back per member and last order: the run's dedupe key. */
export function winBackDedupeKey(customerGid: string, lastOrderAt: string): string {
  return `winback:${customerGid}:${lastOrderAt}`;
}
