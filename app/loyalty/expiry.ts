// Points expiry: which of a member's points expire, and when shoppers should be reminded. Pure
// rules, no IO. Dates are UTC instants; months are calendar months (a date that does not exist
// in the target month falls back to that month's last day: 31 Jan + 1 month = 28/29 Feb).
//
// per_award: every award expires `months` after it was earned, oldest first. The member's
// ledger is replayed in order (created_at, then id) to find what is left of each award:
// - An award is a positive entry (order, order_line, bonus, adjustment, refund, cancellation,
//   merge: whatever raised the balance), dated by its created_at.
// - A positive `redemption` entry is not an award: it releases or returns a hold, so it gives
//   the points back to the awards that hold consumed, with their original dates (a hold never
//   makes points younger). What cannot be matched to a hold becomes an award of its own.
// - A reversal (a negative order, order_line, refund, cancellation or adjustment entry that
//   carries an order id) takes from that order's own awards first, then oldest first.
// - Any other negative entry (a redemption hold, a staff adjustment, an expiry, a merge out)
//   consumes the oldest awards first.
// - What is consumed beyond every open award is a debt (a reversal may take the balance below
//   zero); later awards and releases pay the debt back before anything of them can expire.
//
// inactivity: the whole balance expires `months` after the member's last activity (any ledger
// entry other than an expiry, or an order).

export const EXPIRY_MODES = ["off", "per_award", "inactivity"] as const;
export type ExpiryMode = (typeof EXPIRY_MODES)[number];

export type ExpirySettings = { mode: ExpiryMode; months: number; reminderDays: number };

export const DEFAULT_EXPIRY_SETTINGS: ExpirySettings = { mode: "off", months: 12, reminderDays: 14 };

const DAY_MS = 86_400_000;

/** One ledger entry of a member, as expiry needs it. */
export type LedgerFact = {
  id: number;
  points: number;
  source: string;
  orderGid: string | null;
  idempotencyKey: string;
  /** ISO-8601 instant */
  createdAt: string;
};

export type OpenAward = {
  entryId: number;
  createdAt: string;
  orderGid: string | null;
  /** points of the award not yet spent, reversed or expired */
  remaining: number;
};

export type ExpiryReminder = { points: number; expiresAt: string };

export type MemberExpiryPlan = {
  /** points to expire now (0 = nothing); never more than the balance */
  expire: number;
  /** points expiring within the reminder window, one per expiry date (UTC), earliest first */
  reminders: ExpiryReminder[];
};

/** `date` moved by `months` calendar months (UTC), clamped to the last day of the target month. */
export function addMonths(date: Date, months: number): Date {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(y, m, Math.min(date.getUTCDate(), lastDay), date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds()),
  );
}

/** When points earned (or last active) at `from` expire. */
export function expiresAt(from: string | Date, months: number): Date {
  return addMonths(typeof from === "string" ? new Date(from) : from, months);
}

/** The run's cutoff: points earned at or before it have been held for `months` (names the run in idempotency keys). */
export function expiryCutoff(now: Date, months: number): Date {
  return addMonths(now, -months);
}

/** `expiry:<customerGid>:<cutoff date>`: one expiry entry per member per daily run. */
export function expiryIdempotencyKey(customerGid: string, now: Date, months: number): string {
  return `expiry:${customerGid}:${expiryCutoff(now, months).toISOString().slice(0, 10)}`;
}

/** `points_expiring:<customerGid>:<expiry date>`: one reminder per member and expiry date. */
export function reminderDedupeKey(customerGid: string, expiresAtIso: string): string {
  return `points_expiring:${customerGid}:${expiresAtIso.slice(0, 10)}`;
}

const REVERSAL_SOURCES = new Set(["order", "order_line", "refund", "cancellation", "adjustment"]);

function redemptionId(key: string): string | null {
  return /^redemption:(\d+):/.exec(key)?.[1] ?? null;
}

function byTime(a: LedgerFact, b: LedgerFact): number {
  const ta = Date.parse(a.createdAt);
  const tb = Date.parse(b.createdAt);
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.id - b.id;
}

/**
 * Replays a member's entries: the awards with points left (oldest first), and the debt (points
 * taken beyond every award). Σ remaining − debt equals the sum of the entries.
 */
export function openAwards(entries: readonly LedgerFact[]): { awards: OpenAward[]; debt: number } {
  const awards: OpenAward[] = [];
  let debt = 0;
  /** redemption id → what its hold took from which award */
  const holds = new Map<string, { award: OpenAward; points: number }[]>();

  const payDebt = (points: number): number => {
    const pay = Math.min(debt, points);
    debt -= pay;
    return points - pay;
  };
  const take = (award: OpenAward, left: number, parts?: { award: OpenAward; points: number }[]): number => {
    const n = Math.min(award.remaining, left);
    if (n <= 0) return left;
    award.remaining -= n;
    parts?.push({ award, points: n });
    return left - n;
  };

  for (const e of [...entries].sort(byTime)) {
    if (!Number.isSafeInteger(e.points) || e.points === 0) continue;
    if (e.points > 0) {
      let left = payDebt(e.points);
      const id = e.source === "redemption" ? redemptionId(e.idempotencyKey) : null;
      if (e.source === "redemption") {
        for (const part of id ? (holds.get(id) ?? []) : []) {
          const back = Math.min(part.points, left);
          part.award.remaining += back;
          part.points -= back;
          left -= back;
          if (left === 0) break;
        }
      }
      if (left > 0) awards.push({ entryId: e.id, createdAt: e.createdAt, orderGid: e.orderGid, remaining: left });
      continue;
    }
    let left = -e.points;
    const parts: { award: OpenAward; points: number }[] = [];
    if (e.orderGid !== null && REVERSAL_SOURCES.has(e.source)) {
      for (const a of awards) {
        if (left === 0) break;
        if (a.orderGid === e.orderGid) left = take(a, left);
      }
    }
    for (const a of awards) {
      if (left === 0) break;
      left = take(a, left, parts);
    }
    debt += left;
    const id = e.source === "redemption" ? redemptionId(e.idempotencyKey) : null;
    if (id) holds.set(id, [...(holds.get(id) ?? []), ...parts]);
  }
  return { awards: awards.filter((a) => a.remaining > 0), debt };
}

function ledgerSum(entries: readonly LedgerFact[]): number {
  return entries.reduce((sum, e) => sum + (Number.isSafeInteger(e.points) ? e.points : 0), 0);
}

/** Groups reminders by the UTC date they expire on (earliest instant of each date), earliest first. */
function remindersByDate(items: { points: number; at: Date }[]): ExpiryReminder[] {
  const byDate = new Map<string, { points: number; at: Date }>();
  for (const item of items) {
    const date = item.at.toISOString().slice(0, 10);
    const group = byDate.get(date);
    if (!group) byDate.set(date, { points: item.points, at: item.at });
    else {
      group.points += item.points;
      if (item.at < group.at) group.at = item.at;
    }
  }
  return [...byDate.values()]
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .map((g) => ({ points: g.points, expiresAt: g.at.toISOString() }));
}

/**
 * per_award: points of awards earned at least `months` ago expire now (never more than the
 * balance); awards expiring within `reminderDays` after now are announced.
 */
export function planAwardExpiry(entries: readonly LedgerFact[], settings: ExpirySettings, now: Date): MemberExpiryPlan {
  const { awards } = openAwards(entries);
  const balance = Math.max(0, ledgerSum(entries));
  const horizon = now.getTime() + settings.reminderDays * DAY_MS;
  let due = 0;
  const soon: { points: number; at: Date }[] = [];
  for (const a of awards) {
    const at = expiresAt(a.createdAt, settings.months);
    if (at.getTime() <= now.getTime()) due += a.remaining;
    else if (settings.reminderDays > 0 && at.getTime() <= horizon) soon.push({ points: a.remaining, at });
  }
  const expire = Math.min(due, balance);
  // What is left after this run's expiry; reminders never promise more than that.
  let left = balance - expire;
  const reminders: ExpiryReminder[] = [];
  for (const r of remindersByDate(soon)) {
    const points = Math.min(r.points, left);
    if (points <= 0) break;
    reminders.push({ points, expiresAt: r.expiresAt });
    left -= points;
  }
  return { expire, reminders };
}

/**
 * inactivity: the whole balance expires `months` after the last activity; a reminder when that
 * moment falls within `reminderDays` after now.
 */
export function planInactivityExpiry(balance: number, lastActivityAt: string | null, settings: ExpirySettings, now: Date): MemberExpiryPlan {
  if (!Number.isSafeInteger(balance) || balance <= 0 || lastActivityAt === null || !Number.isFinite(Date.parse(lastActivityAt))) {
    return { expire: 0, reminders: [] };
  }
  const at = expiresAt(lastActivityAt, settings.months);
  if (at.getTime() <= now.getTime()) return { expire: balance, reminders: [] };
  if (settings.reminderDays > 0 && at.getTime() <= now.getTime() + settings.reminderDays * DAY_MS) {
    return { expire: 0, reminders: [{ points: balance, expiresAt: at.toISOString() }] };
  }
  return { expire: 0, reminders: [] };
}

/** The latest of several ISO instants (null when none parses). */
export function latestInstant(values: readonly (string | null | undefined)[]): string | null {
  let best: number | null = null;
  for (const v of values) {
    if (!v) continue;
    const t = Date.parse(v);
    if (Number.isFinite(t) && (best === null || t > best)) best = t;
  }
  return best === null ? null : new Date(best).toISOString();
}

/**
 * The earliest created_at an award may have and still expire or be announced by `now`: a
 * generous bound for selecting candidates in SQL (calendar months vary by up to 3 days).
 */
export function awardCandidateBound(now: Date, settings: ExpirySettings): Date {
  return new Date(addMonths(new Date(now.getTime() + settings.reminderDays * DAY_MS), -settings.months).getTime() + 4 * DAY_MS);
}
