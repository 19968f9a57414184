// The daily points expiry of a shop: expiry entries in the ledger and 'points_expiring' reminder
// events. Members are read in batches chosen by SQL (only those who can have something to expire
// or announce), never all at once; each expiry is re-planned and written in its own short
// transaction with the member locked, so a redemption or an order racing the run is respected.
import {
  DEFAULT_EXPIRY_SETTINGS, EXPIRY_MODES, awardCandidateBound, expiryCutoff, expiryIdempotencyKey, latestInstant, planAwardExpiry,
  planInactivityExpiry, reminderDedupeKey, type ExpiryMode, type ExpirySettings, type LedgerFact, type MemberExpiryPlan,
} from "../loyalty/expiry";
import { appendLedgerEntry } from "./ledger.server";
import type { SqlDatabase, SqlExecutor } from "./sql.server";

export type ExpiryRunResult = { expired: { members: number; points: number }; reminders: number };

export type ExpiryRunOptions = { batchSize?: number };

const DAY_MS = 86_400_000;

type CandidateRow = { id: number; customer_gid: string; status: string; redacted_at: string | null };

type EntryRow = {
  id: number; customer_gid: string; points: number; source: string; order_gid: string | null; idempotency_key: string; created_at: string;
};

function toDate(now: Date | string): Date {
  const d = typeof now === "string" ? new Date(now) : now;
  if (!Number.isFinite(d.getTime())) throw new Error(`runExpiry: invalid time ${String(now)}`);
  return d;
}

function iso(value: unknown): string {
  return value instanceof Date ? value.toISOString() : String(value);
}

/** The shop's expiry settings (defaults when the shop has no row yet). */
export async function loadExpirySettings(db: SqlExecutor, shop: string): Promise<ExpirySettings> {
  const row = await db.get<{ expiry_mode: string; expiry_months: number; expiry_reminder_days: number }>(
    `SELECT expiry_mode, expiry_months, expiry_reminder_days FROM shop WHERE domain = ?`,
    [shop],
  );
  if (!row) return { ...DEFAULT_EXPIRY_SETTINGS };
  const mode = (EXPIRY_MODES as readonly string[]).includes(row.expiry_mode) ? (row.expiry_mode as ExpiryMode) : "off";
  return { mode, months: Number(row.expiry_months), reminderDays: Number(row.expiry_reminder_days) };
}

function factFromRow(r: EntryRow): LedgerFact {
  return {
    id: Number(r.id), points: Number(r.points), source: r.source, orderGid: r.order_gid, idempotencyKey: r.idempotency_key,
    createdAt: iso(r.created_at),
  };
}

const placeholders = (n: number) => Array.from({ length: n }, () => "?").join(", ");

/** Members after `afterId` who may have points to expire or announce, in id order. */
async function candidates(db: SqlExecutor, shop: string, settings: ExpirySettings, now: Date, afterId: number, limit: number): Promise<CandidateRow[]> {
  const bound = awardCandidateBound(now, settings).toISOString();
  if (settings.mode === "per_award") {
    return await db.all<CandidateRow>(
      `SELECT m.id, m.customer_gid, m.status, m.redacted_at FROM member m
       WHERE m.shop = ? AND m.balance > 0 AND m.id > ?
         AND EXISTS (SELECT 1 FROM ledger_entry e WHERE e.shop = m.shop AND e.customer_gid = m.customer_gid AND e.points > 0 AND e.created_at <= ?)
       ORDER BY m.id LIMIT ?`,
      [shop, afterId, bound, limit],
    );
  }
  // order_record.processed_at is the payload's text (it may carry an offset): compare with a day to spare.
  const orderBound = new Date(Date.parse(bound) + DAY_MS).toISOString();
  return await db.all<CandidateRow>(
    `SELECT m.id, m.customer_gid, m.status, m.redacted_at FROM member m
     WHERE m.shop = ? AND m.balance > 0 AND m.id > ?
       AND NOT EXISTS (SELECT 1 FROM ledger_entry e WHERE e.shop = m.shop AND e.customer_gid = m.customer_gid AND e.source <> 'expiry' AND e.created_at > ?)
       AND NOT EXISTS (SELECT 1 FROM order_record o WHERE o.shop = m.shop AND o.customer_gid = m.customer_gid AND o.processed_at > ?)
     ORDER BY m.id LIMIT ?`,
    [shop, afterId, bound, orderBound, limit],
  );
}

/** Ledger entries of several members, grouped by member. */
async function entriesOf(db: SqlExecutor, shop: string, gids: string[]): Promise<Map<string, LedgerFact[]>> {
  const out = new Map<string, LedgerFact[]>(gids.map((g) => [g, []]));
  if (gids.length === 0) return out;
  const rows = await db.all<EntryRow>(
    `SELECT id, customer_gid, points, source, order_gid, idempotency_key, created_at FROM ledger_entry
     WHERE shop = ? AND customer_gid IN (${placeholders(gids.length)}) ORDER BY customer_gid, id`,
    [shop, ...gids],
  );
  for (const r of rows) out.get(r.customer_gid)?.push(factFromRow(r));
  return out;
}

/** Balance and last activity (latest non-expiry entry or order) of several members. */
async function activityOf(db: SqlExecutor, shop: string, gids: string[]): Promise<Map<string, { balance: number; last: string | null }>> {
  const out = new Map<string, { balance: number; last: string | null }>();
  if (gids.length === 0) return out;
  const list = placeholders(gids.length);
  const members = await db.all<{ customer_gid: string; balance: number }>(
    `SELECT customer_gid, balance FROM member WHERE shop = ? AND customer_gid IN (${list})`,
    [shop, ...gids],
  );
  const entries = await db.all<{ customer_gid: string; last: string | null }>(
    `SELECT customer_gid, MAX(created_at) AS last FROM ledger_entry WHERE shop = ? AND customer_gid IN (${list}) AND source <> 'expiry'
     GROUP BY customer_gid`,
    [shop, ...gids],
  );
  const orders = await db.all<{ customer_gid: string; processed_at: string }>(
    `SELECT customer_gid, processed_at FROM order_record WHERE shop = ? AND customer_gid IN (${list}) AND processed_at IS NOT NULL`,
    [shop, ...gids],
  );
  const times = new Map<string, (string | null)[]>();
  for (const e of entries) times.set(e.customer_gid, [e.last === null ? null : iso(e.last)]);
  for (const o of orders) times.set(o.customer_gid, [...(times.get(o.customer_gid) ?? []), o.processed_at]);
  for (const m of members) out.set(m.customer_gid, { balance: Number(m.balance), last: latestInstant(times.get(m.customer_gid) ?? []) });
  return out;
}

async function plansFor(db: SqlExecutor, shop: string, settings: ExpirySettings, now: Date, gids: string[]): Promise<Map<string, MemberExpiryPlan>> {
  const plans = new Map<string, MemberExpiryPlan>();
  if (settings.mode === "per_award") {
    for (const [gid, entries] of await entriesOf(db, shop, gids)) plans.set(gid, planAwardExpiry(entries, settings, now));
  } else {
    for (const [gid, a] of await activityOf(db, shop, gids)) plans.set(gid, planInactivityExpiry(a.balance, a.last, settings, now));
  }
  return plans;
}

/** Expires what the member's ledger says is due, planned again under the member's lock. Returns the points expired. */
async function expireMember(db: SqlDatabase, shop: string, customerGid: string, settings: ExpirySettings, now: Date): Promise<number> {
  return await db.transaction(async (tx) => {
    const forUpdate = tx.dialect === "postgresql" ? " FOR UPDATE" : "";
    const member = await tx.get<{ balance: number }>(`SELECT balance FROM member WHERE shop = ? AND customer_gid = ?${forUpdate}`, [shop, customerGid]);
    if (!member || Number(member.balance) <= 0) return 0;
    const plan = (await plansFor(tx, shop, settings, now, [customerGid])).get(customerGid);
    const points = Math.min(plan?.expire ?? 0, Number(member.balance));
    if (points <= 0) return 0;
    const cutoff = expiryCutoff(now, settings.months).toISOString().slice(0, 10);
    const months = `${settings.months} month${settings.months === 1 ? "" : "s"}`;
    const reason =
      settings.mode === "per_award"
        ? `${points} points earned on or before ${cutoff} expired (${months} after they were earned)`
        : `${points} points expired after ${months} without activity`;
    const written = await appendLedgerEntry(
      tx,
      shop,
      {
        customerGid, points: -points, source: "expiry", idempotencyKey: expiryIdempotencyKey(customerGid, now, settings.months),
        causedBy: "kanta:expiry", reason,
      },
      now.toISOString(),
    );
    return written ? points : 0;
  });
}

/** Writes 'points_expiring' events (due now) that do not exist yet; returns how many were new. */
async function writeReminders(db: SqlDatabase, shop: string, items: { customerGid: string; points: number; expiresAt: string }[], now: Date): Promise<number> {
  if (items.length === 0) return 0;
  return await db.transaction(async (tx) => {
    let created = 0;
    for (const r of items) {
      const row = await tx.get<{ id: number }>(
        `INSERT INTO program_event (shop, customer_gid, kind, dedupe_key, payload_json, due_at, created_at)
         VALUES (?, ?, 'points_expiring', ?, ?, ?, ?) ON CONFLICT (shop, dedupe_key) DO NOTHING RETURNING id`,
        [shop, r.customerGid, reminderDedupeKey(r.customerGid, r.expiresAt), JSON.stringify({ points: r.points, expiresAt: r.expiresAt }),
          now.toISOString(), now.toISOString()],
      );
      if (row) created++;
    }
    return created;
  });
}

/**
 * One expiry pass over a shop (the daily job): per the shop's mode, expires what is due with one
 * 'expiry' entry per member (`expiry:<customerGid>:<cutoff date>`, so a second run on the same
 * day writes nothing) and records reminders for points expiring within the reminder window.
 */
export async function runExpiry(db: SqlDatabase, shop: string, now: Date | string = new Date(), opts: ExpiryRunOptions = {}): Promise<ExpiryRunResult> {
  const at = toDate(now);
  const result: ExpiryRunResult = { expired: { members: 0, points: 0 }, reminders: 0 };
  const settings = await loadExpirySettings(db, shop);
  if (settings.mode === "off") return result;
  const batchSize = Math.max(1, Math.min(opts.batchSize ?? 500, 1000));
  let afterId = 0;
  for (;;) {
    const batch = await candidates(db, shop, settings, at, afterId, batchSize);
    if (batch.length === 0) break;
    afterId = Number(batch[batch.length - 1].id);
    const plans = await plansFor(db, shop, settings, at, batch.map((m) => m.customer_gid));
    const reminders: { customerGid: string; points: number; expiresAt: string }[] = [];
    for (const m of batch) {
      const plan = plans.get(m.customer_gid);
      if (!plan) continue;
      if (plan.expire > 0) {
        const points = await expireMember(db, shop, m.customer_gid, settings, at);
        if (points > 0) {
          result.expired.members++;
          result.expired.points += points;
        }
      }
      // Only shoppers Kanta may still write to are reminded.
      if (m.status === "active" && m.redacted_at === null) {
        for (const r of plan.reminders) reminders.push({ customerGid: m.customer_gid, ...r });
      }
    }
    result.reminders += await writeReminders(db, shop, reminders, at);
    if (batch.length < batchSize) break;
    // Let webhooks and other work run between batches.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  await db.run(`UPDATE shop SET expiry_evaluated_at = ? WHERE domain = ?`, [at.toISOString(), shop]);
  return result;
}
