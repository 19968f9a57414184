// VIP tiers per shop: the default tiers, each member's tier after their orders (on the webhook hot
// path, one member at a time), the set-based recalculation of a whole shop (daily and after every
// tier edit), the editor's preview and save, manual overrides, and what the storefront shows.
//
// A member's tier is decided by the pure rules in app/loyalty/tiers.ts (decideTier). The one-member
// path calls them in JS; the whole-shop path states the same rules as SQL (CASE expressions built
// from the shop's tiers) so that 100,000 members are recalculated in a handful of statements.
import {
  decideTier, heldTierNow, multiplierBpsOf, nextTierFor, overrideActive, safeTimeZone, sortTiers, TIER_LIMITS,
  validateTierProposal, windowStart, defaultTiers, type MemberTierState, type Tier, type TierBasis, type TierChangeReason, type TierDraft,
  type TierProposal, type TierWindow,
} from "../loyalty/tiers";
import { i18nFor, type Translate } from "../i18n/i18n";
import type { OrderRecordState } from "../loyalty/order-posting";
import type { FieldErrors } from "../loyalty/rewards";
import { appendLedgerEntry, resolveMemberGid } from "./ledger.server";
import { shopCurrency } from "./rewards.server";
import type { Dialect, SqlDatabase, SqlExecutor } from "./sql.server";

export type TierProgram = {
  shop: string;
  basis: TierBasis;
  window: TierWindow;
  timeZone: string;
  /** Active tiers, lowest threshold first. */
  tiers: Tier[];
};

type TierRow = {
  id: number; name: string; threshold: number; multiplier_bps: number; entry_reward_points: number;
  free_shipping: number | boolean; grace_days: number;
};

const TIER_COLUMNS = "id, name, threshold, multiplier_bps, entry_reward_points, free_shipping, grace_days";

function tierFromRow(r: TierRow): Tier {
  return {
    id: Number(r.id), name: r.name, threshold: Number(r.threshold), multiplierBps: Number(r.multiplier_bps),
    entryRewardPoints: Number(r.entry_reward_points), freeShipping: Boolean(r.free_shipping), graceDays: Number(r.grace_days),
  };
}

const BASES: readonly string[] = ["spend", "points"];
const WINDOWS: readonly string[] = ["lifetime", "calendar_year", "rolling_12m"];

/** The shop's basis, window, time zone and active tiers (null when the shop is unknown). One query. */
export async function loadTierProgram(db: SqlExecutor, shop: string): Promise<TierProgram | null> {
  const rows = await db.all<Partial<TierRow> & { tier_basis: string; tier_window: string; timezone: string }>(
    `SELECT s.tier_basis, s.tier_window, s.timezone, t.id, t.name, t.threshold, t.multiplier_bps, t.entry_reward_points, t.free_shipping,
       t.grace_days
     FROM shop s LEFT JOIN tier t ON t.shop = s.domain AND t.archived_at IS NULL
     WHERE s.domain = ? ORDER BY t.threshold, t.id`,
    [shop],
  );
  const first = rows[0];
  if (!first) return null;
  return {
    shop,
    basis: (BASES.includes(first.tier_basis) ? first.tier_basis : "spend") as TierBasis,
    window: (WINDOWS.includes(first.tier_window) ? first.tier_window : "rolling_12m") as TierWindow,
    timeZone: safeTimeZone(first.timezone),
    tiers: rows.filter((r) => r.id !== null && r.id !== undefined).map((r) => tierFromRow(r as TierRow)),
  };
}

/** The shop's active tiers, lowest first. */
export async function listTiers(db: SqlExecutor, shop: string): Promise<Tier[]> {
  const rows = await db.all<TierRow>(`SELECT ${TIER_COLUMNS} FROM tier WHERE shop = ? AND archived_at IS NULL ORDER BY threshold, id`, [shop]);
  return rows.map(tierFromRow);
}

/** Thresholds of the shop's archived tiers (members still on one rank by it until recalculated). */
async function formerThresholds(db: SqlExecutor, shop: string): Promise<Map<number, number>> {
  const rows = await db.all<{ id: number; threshold: number }>(`SELECT id, threshold FROM tier WHERE shop = ? AND archived_at IS NOT NULL`, [shop]);
  return new Map(rows.map((r) => [Number(r.id), Number(r.threshold)]));
}

// ---------------------------------------------------------------------------------------------
// Default tiers

/**
 * Creates the default tiers once, as soon as the shop's currency is known (at install, or lazily
 * from the first reader), and places every member. Returns true when it created them.
 */
export async function ensureDefaultTiers(db: SqlDatabase, shop: string, now: Date = new Date()): Promise<boolean> {
  const seeded = await db.get<{ tiers_seeded_at: string | null }>(`SELECT tiers_seeded_at FROM shop WHERE domain = ?`, [shop]);
  if (!seeded || seeded.tiers_seeded_at) return false;
  return await db.transaction(async (tx) => {
    const at = now.toISOString();
    const currency = await shopCurrency(tx, shop);
    if (!currency) return false;
    const claimed = await tx.run(`UPDATE shop SET tiers_seeded_at = ? WHERE domain = ? AND tiers_seeded_at IS NULL`, [at, shop]);
    if (claimed === 0) return false;
    for (const t of defaultTiers(currency)) await insertTier(tx, shop, t, at);
    // Placing the members of a shop that had no tiers is no upgrade: no entry rewards, no events.
    await recalculateInTransaction(tx, shop, now, { reason: "recalculation", causedBy: "kanta:default-tiers", silent: true });
    return true;
  }, { relaxedDurability: true }); // safe to redo: a lost seeding is seeded again
}

async function insertTier(tx: SqlExecutor, shop: string, t: TierDraft, at: string): Promise<number> {
  const row = await tx.get<{ id: number }>(
    `INSERT INTO tier (shop, name, threshold, multiplier_bps, entry_reward_points, free_shipping, grace_days, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    [shop, t.name.trim(), t.threshold, t.multiplierBps, t.entryRewardPoints, t.freeShipping, t.graceDays, at, at],
  );
  return Number(row!.id);
}

// ---------------------------------------------------------------------------------------------
// One member (the webhook hot path, overrides)

type MemberTierRow = {
  tier_id: number | null; tier_value: number; spent_minor: number; grace_until: string | null;
  override_tier_id: number | null; override_until: string | null; status: string; merged_into_gid: string | null;
};

async function readMemberTier(tx: SqlExecutor, shop: string, customerGid: string, lock = false): Promise<MemberTierRow | undefined> {
  const forUpdate = lock && tx.dialect === "postgresql" ? " FOR UPDATE" : "";
  return await tx.get<MemberTierRow>(
    `SELECT tier_id, tier_value, spent_minor, grace_until, override_tier_id, override_until, status, merged_into_gid FROM member
     WHERE shop = ? AND customer_gid = ?${forUpdate}`,
    [shop, customerGid],
  );
}

function memberState(r: MemberTierRow): MemberTierState {
  return {
    tierId: r.tier_id === null ? null : Number(r.tier_id),
    graceUntil: r.grace_until,
    overrideTierId: r.override_tier_id === null ? null : Number(r.override_tier_id),
    overrideUntil: r.override_until,
  };
}

const clampStored = (n: number) => Math.min(Math.max(0, Math.trunc(n)), TIER_LIMITS.maxStoredValue);

/**
 * SQL condition: `processed_at` on or after an instant. Shopify writes it as local time with the
 * shop's UTC offset (−12 h … +14 h), so comparing the text with the instant's UTC text decides
 * every order more than a day from the boundary; only the few within a day are parsed.
 * Parameters: windowParams(start).
 */
function processedSince(dialect: Dialect, column = "o.processed_at"): string {
  const text = dialect === "postgresql" ? `${column} COLLATE "C"` : column;
  const exact = dialect === "postgresql"
    ? `(CASE WHEN ${column} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}' THEN CAST(${column} AS TIMESTAMPTZ) END) >= CAST(? AS TIMESTAMPTZ)`
    : `strftime('%Y-%m-%dT%H:%M:%fZ', ${column}) >= ?`;
  return `(${text} >= ? OR (${text} >= ? AND ${exact}))`;
}

function windowParams(start: string): string[] {
  const t = Date.parse(start);
  const wall = (ms: number) => new Date(ms).toISOString().slice(0, 19);
  return [wall(t + 86_400_000), wall(t - 86_400_000), start];
}

const COUNTED_ORDER = "o.paid = ? AND o.cancelled = ? AND o.deleted = ? AND o.test = ?";
const COUNTED_ORDER_PARAMS = [true, false, false, false] as const;
/** Points that qualify: earned from orders (net of refunds and cancellations) and bonuses, but not tier entry rewards. */
const COUNTED_POINTS = `e.source IN ('order', 'refund', 'cancellation', 'bonus') AND e.idempotency_key NOT LIKE 'tier-entry:%'`;

/** Qualifying value (in the window) and lifetime eligible spend of the customers `gids` together. */
async function qualifyingValue(
  tx: SqlExecutor, program: TierProgram, gids: string[], now: Date,
): Promise<{ value: number; spent: number }> {
  const start = windowStart(program.window, now, program.timeZone)?.toISOString() ?? null;
  const inList = gids.map(() => "?").join(", ");
  const windowed = program.basis === "spend" && start !== null
    ? `SUM(CASE WHEN ${processedSince(tx.dialect)} THEN o.net_eligible_minor ELSE 0 END)`
    : "SUM(o.net_eligible_minor)";
  const orders = await tx.get<{ value: number | null; spent: number | null }>(
    `SELECT ${windowed} AS value, SUM(o.net_eligible_minor) AS spent FROM order_record o
     WHERE o.shop = ? AND o.customer_gid IN (${inList}) AND ${COUNTED_ORDER}`,
    [...(program.basis === "spend" && start !== null ? windowParams(start) : []), program.shop, ...gids, ...COUNTED_ORDER_PARAMS],
  );
  const spent = Number(orders?.spent ?? 0);
  if (program.basis === "spend") return { value: Number(orders?.value ?? 0), spent };
  const points = await tx.get<{ value: number | null }>(
    `SELECT SUM(e.points) AS value FROM ledger_entry e
     WHERE e.shop = ? AND e.customer_gid IN (${inList}) AND ${COUNTED_POINTS}${start !== null ? " AND e.created_at >= ?" : ""}`,
    [program.shop, ...gids, ...(start !== null ? [start] : [])],
  );
  return { value: Number(points?.value ?? 0), spent };
}

export type MemberTierOutcome = {
  customerGid: string;
  fromTierId: number | null;
  tierId: number | null;
  changed: boolean;
  direction: "up" | "down" | "same";
  reason: TierChangeReason | null;
  tierChangeId: number | null;
  entryRewardPoints: number;
  value: number;
  spent: number;
};

export type EvaluateOptions = {
  reason: TierChangeReason;
  causedBy: string;
  program?: TierProgram | null;
  /** The member's row if already read in this transaction. */
  member?: MemberTierRow;
  /** Other customer ids whose orders count for this member (a customer merged into it). */
  alsoCount?: string[];
  /** No entry reward and no upgrade event (history imported from before Kanta). */
  silent?: boolean;
};

/**
 * Re-evaluates one member's tier inside the caller's transaction: qualifying value, lifetime
 * spend, the held tier (grace, override), a tier_change row when the tier changes, and on an
 * upgrade the entry reward (once per member and tier) and a tier_upgrade program event.
 * Returns null when the shop has no tiers or the customer is no active member.
 */
export async function evaluateMemberTier(
  tx: SqlExecutor, shop: string, customerGid: string, now: string, opts: EvaluateOptions,
): Promise<MemberTierOutcome | null> {
  const program = opts.program === undefined ? await loadTierProgram(tx, shop) : opts.program;
  if (!program || program.tiers.length === 0) return null;
  const row = opts.member ?? (await readMemberTier(tx, shop, customerGid, true));
  if (!row || row.status !== "active") return null;
  const at = new Date(now);
  const gids = [customerGid, ...(opts.alsoCount ?? []).filter((g) => g !== customerGid)];
  const q = await qualifyingValue(tx, program, gids, at);
  const value = clampStored(q.value);
  const spent = clampStored(q.spent);
  const state = memberState(row);
  const d = decideTier(program.tiers, state, value, at, opts.reason);
  const outcome: MemberTierOutcome = {
    customerGid, fromTierId: state.tierId, tierId: d.tierId, changed: d.changed, direction: d.direction, reason: d.reason,
    tierChangeId: null, entryRewardPoints: 0, value, spent,
  };
  const same = !d.changed && !d.overrideEnded && value === Number(row.tier_value) && spent === Number(row.spent_minor) &&
    d.graceUntil === row.grace_until;
  if (same) return outcome;
  await tx.run(
    `UPDATE member SET tier_id = ?, tier_value = ?, spent_minor = ?, grace_until = ?, tier_since = COALESCE(?, tier_since)
     WHERE shop = ? AND customer_gid = ?`,
    [d.tierId, value, spent, d.graceUntil, d.changed ? now : null, shop, customerGid],
  );
  if (d.overrideEnded) {
    await tx.run(
      `UPDATE member SET override_tier_id = NULL, override_reason = NULL, override_until = NULL, override_by = NULL WHERE shop = ? AND customer_gid = ?`,
      [shop, customerGid],
    );
  }
  if (!d.changed) return outcome;
  const change = await tx.get<{ id: number }>(
    `INSERT INTO tier_change (shop, customer_gid, from_tier_id, to_tier_id, reason, caused_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    [shop, customerGid, state.tierId, d.tierId, d.reason, opts.causedBy, now],
  );
  outcome.tierChangeId = Number(change!.id);
  // The storefront's kanta.tier metafield follows.
  await tx.run(
    `INSERT INTO metafield_sync (shop, customer_gid, dirty_at) VALUES (?, ?, ?)
     ON CONFLICT (shop, customer_gid) DO UPDATE SET dirty_at = excluded.dirty_at`,
    [shop, customerGid, now],
  );
  if (!d.celebrated || opts.silent) return outcome;
  const to = program.tiers.find((t) => t.id === d.tierId)!;
  const from = program.tiers.find((t) => t.id === state.tierId) ?? null;
  if (to.entryRewardPoints > 0) {
    const granted = await appendLedgerEntry(tx, shop, {
      customerGid, points: to.entryRewardPoints, source: "bonus", idempotencyKey: `tier-entry:${to.id}:${customerGid}`,
      causedBy: opts.causedBy, reason: `entered tier ${to.name}`,
    }, now);
    if (granted) outcome.entryRewardPoints = to.entryRewardPoints;
  }
  await tx.run(
    `INSERT INTO program_event (shop, customer_gid, kind, dedupe_key, payload_json, due_at, created_at) VALUES (?, ?, 'tier_upgrade', ?, ?, ?, ?)
     ON CONFLICT (shop, dedupe_key) DO NOTHING`,
    [shop, customerGid, `tier_upgrade:${customerGid}:${to.id}:${outcome.tierChangeId}`, JSON.stringify({ from: from?.name ?? null, to: to.name }), now, now],
  );
  return outcome;
}

/** How much an order counts for tiers as recorded: its customer and its net eligible spend when it counts. */
function orderCounts(s: OrderRecordState | null): string {
  if (!s || !s.customerGid) return "";
  const counts = s.paid && !s.cancelled && !s.deleted && !s.test;
  return `${s.customerGid}|${counts ? s.netEligibleMinor : 0}|${s.processedAt ?? ""}`;
}

export type OrderTierContext = {
  /** The multiplier an order that earns for the first time now earns with. */
  multiplierBps: number;
  program: TierProgram | null;
  /** The member who owns the order's points (merges followed), once resolved. */
  owner: string | null;
  member?: MemberTierRow;
};

/**
 * Before an order is posted: the shop's tiers and, when the order may earn for the first time,
 * the multiplier of the tier its member holds now (before this order counts). Historic orders
 * (imported from before Kanta) earn at the base multiplier: the tier held when they were paid is
 * not known. Guests and shops without tiers: the base multiplier.
 */
export async function orderTierContext(tx: SqlExecutor, shop: string, order: OrderRecordState, now: string): Promise<OrderTierContext> {
  const base = { multiplierBps: multiplierBpsOf(null), program: null, owner: null };
  if (!order.customerGid) return base;
  const program = await loadTierProgram(tx, shop);
  if (!program || program.tiers.length === 0) return base;
  if (order.multiplierBps !== null || order.historic) return { ...base, program };
  // Usually the customer is the member; a merged-away customer's points go to the member it was merged into.
  let owner = order.customerGid;
  let member = await readMemberTier(tx, shop, owner, true);
  if (member?.merged_into_gid) {
    owner = await resolveMemberGid(tx, shop, owner);
    member = await readMemberTier(tx, shop, owner, true);
  }
  if (!member || member.status !== "active") return { ...base, program, owner };
  const held = heldTierNow(program.tiers, memberState(member), Number(member.tier_value), new Date(now));
  return { multiplierBps: multiplierBpsOf(held), program, owner, member };
}

/**
 * After an order's entry (or a change in how the order counts, e.g. a historic order imported):
 * re-evaluates the member's tier, the order now counting.
 */
export async function reevaluateAfterOrder(
  tx: SqlExecutor, shop: string, ctx: OrderTierContext, before: OrderRecordState | null, after: OrderRecordState,
  posted: boolean, reason: "order" | "refund", causedBy: string, now: string,
): Promise<MemberTierOutcome | null> {
  if (!ctx.program || ctx.program.tiers.length === 0 || !after.customerGid) return null;
  if (!posted && orderCounts(before) === orderCounts(after)) return null;
  const owner = ctx.owner ?? (await resolveMemberGid(tx, shop, after.customerGid));
  return await evaluateMemberTier(tx, shop, owner, now, {
    reason, causedBy, program: ctx.program, member: ctx.owner === owner ? ctx.member : undefined,
    alsoCount: after.customerGid !== owner ? [after.customerGid] : [], silent: after.historic,
  });
}

// ---------------------------------------------------------------------------------------------
// The whole shop, set-based

type Frag = { text: string; params: unknown[] };
const raw = (text: string): Frag => ({ text, params: [] });
const param = (value: unknown): Frag => ({ text: "?", params: [value] });

function sql(strings: TemplateStringsArray, ...parts: Frag[]): Frag {
  let text = strings[0]!;
  const params: unknown[] = [];
  parts.forEach((part, i) => {
    text += part.text + strings[i + 1]!;
    params.push(...part.params);
  });
  return { text, params };
}

function join(frags: Frag[], separator: string): Frag {
  return { text: frags.map((f) => f.text).join(separator), params: frags.flatMap((f) => f.params) };
}

function int(n: number): string {
  if (!Number.isSafeInteger(n)) throw new Error(`not an integer: ${n}`);
  return String(n);
}

/** The tiers a pass decides with. Ids of tiers not saved yet (preview) are negative. */
type SqlTier = { id: number; name: string; threshold: number; graceDays: number; entryRewardPoints: number };

type PassSpec = {
  dialect: Dialect;
  shop: string;
  basis: TierBasis;
  window: TierWindow;
  timeZone: string;
  tiers: SqlTier[];
  /** Removed tiers members may still hold: id → threshold (for up/down). */
  former: Map<number, number>;
  now: Date;
  reason: TierChangeReason;
  silent: boolean;
  /** SQLite: read the orders table in storage order rather than through the (shop, customer) index. */
  scanOrders: boolean;
};

/**
 * The decision for every active member of the shop, as CTEs ending in a SELECT of
 * (customer_gid, old_tier, new_tier, value, spent, grace_until, override_ended, reason, changed,
 * direction, celebrated, grant_points). Mirrors decideTier.
 */
function decisionQuery(s: PassSpec): Frag {
  const d = s.dialect;
  const ts = (iso: string): Frag => (d === "postgresql" ? { text: "CAST(? AS TIMESTAMP(3))", params: [iso] } : param(iso));
  const nowIso = s.now.toISOString();
  const tiers = sortTiers(s.tiers);
  const ids = tiers.map((t) => int(t.id));
  const inTiers = (x: string, list: string[]) => (list.length ? `${x} IN (${list.join(", ")})` : "1 = 0");
  const computed = (v: string) =>
    tiers.length ? `CASE ${[...tiers].reverse().map((t) => `WHEN ${v} >= ${int(t.threshold)} THEN ${int(t.id)}`).join(" ")} ELSE NULL END` : "CAST(NULL AS INTEGER)";
  const keyPairs = [...tiers.map((t) => [t.id, t.threshold] as const), ...[...s.former].filter(([id]) => !tiers.some((t) => t.id === id))];
  const key = (x: string) =>
    keyPairs.length ? `(CASE ${x} ${keyPairs.map(([id, th]) => `WHEN ${int(id)} THEN ${int(th)}`).join(" ")} ELSE -1 END)` : "(-1)";
  const withGrace = tiers.filter((t) => t.graceDays > 0);
  const graceEnd = (x: string): Frag =>
    withGrace.length
      ? sql`CASE ${raw(x)} ${join(withGrace.map((t) => sql`WHEN ${raw(int(t.id))} THEN ${ts(new Date(s.now.getTime() + t.graceDays * 86_400_000).toISOString())}`), " ")} ELSE NULL END`
      : raw("NULL");
  const entry = (x: string) => {
    const rewarding = tiers.filter((t) => t.entryRewardPoints > 0);
    return rewarding.length ? `(CASE ${x} ${rewarding.map((t) => `WHEN ${int(t.id)} THEN ${int(t.entryRewardPoints)}`).join(" ")} ELSE 0 END)` : "0";
  };
  const clamp = (x: string) => `(CASE WHEN ${x} < 0 THEN 0 WHEN ${x} > ${int(TIER_LIMITS.maxStoredValue)} THEN ${int(TIER_LIMITS.maxStoredValue)} ELSE ${x} END)`;

  const start = windowStart(s.window, s.now, s.timeZone)?.toISOString() ?? null;
  const orderSpend = (withValue: boolean): Frag => {
    const value = !withValue ? raw("0") : start === null ? raw("SUM(o.net_eligible_minor)")
      : sql`SUM(CASE WHEN ${{ text: processedSince(d), params: windowParams(start) }} THEN o.net_eligible_minor ELSE 0 END)`;
    return sql`SELECT o.customer_gid AS gid, ${value} AS value, SUM(o.net_eligible_minor) AS spent FROM order_record o${raw(s.scanOrders ? " NOT INDEXED" : "")}
      WHERE o.shop = ${param(s.shop)} AND o.customer_gid IS NOT NULL AND ${{ text: COUNTED_ORDER, params: [...COUNTED_ORDER_PARAMS] }}
      GROUP BY o.customer_gid`;
  };
  const perCustomer = s.basis === "spend"
    ? orderSpend(true)
    : sql`${orderSpend(false)} UNION ALL
      SELECT e.customer_gid AS gid, SUM(e.points) AS value, 0 AS spent FROM ledger_entry e
      WHERE e.shop = ${param(s.shop)} AND ${raw(COUNTED_POINTS)}${start === null ? raw("") : sql` AND e.created_at >= ${ts(start)}`}
      GROUP BY e.customer_gid`;

  const ovActive = sql`(override_tier_id IS NOT NULL AND (override_until IS NULL OR override_until > ${ts(nowIso)}) AND ${raw(inTiers("override_tier_id", ids))})`;
  return sql`WITH per_customer AS (${perCustomer}),
    calc AS (
      SELECT COALESCE(mm.merged_into_gid, pc.gid) AS owner, SUM(pc.value) AS value, SUM(pc.spent) AS spent
      FROM per_customer pc LEFT JOIN member mm ON mm.shop = ${param(s.shop)} AND mm.customer_gid = pc.gid
      GROUP BY COALESCE(mm.merged_into_gid, pc.gid)
    ),
    vals AS (
      SELECT u.gid, SUM(u.value) AS value, SUM(u.spent) AS spent FROM (
        SELECT m.customer_gid AS gid, 0 AS value, 0 AS spent FROM member m WHERE m.shop = ${param(s.shop)} AND m.status = 'active'
        UNION ALL SELECT c.owner AS gid, c.value, c.spent FROM calc c
      ) u GROUP BY u.gid
    ),
    base AS (
      SELECT m.customer_gid, m.tier_id, m.tier_value, m.spent_minor, m.grace_until, m.override_tier_id, m.override_until,
        ${raw(clamp("vals.value"))} AS v, ${raw(clamp("vals.spent"))} AS spent
      FROM vals JOIN member m ON m.shop = ${param(s.shop)} AND m.customer_gid = vals.gid
      WHERE m.status = 'active'
    ),
    computed AS (SELECT b.*, ${raw(computed("b.v"))} AS c_tier FROM base b),
    flagged AS (
      SELECT c.*,
        CASE WHEN ${ovActive} THEN 1 ELSE 0 END AS ov_active,
        CASE WHEN override_tier_id IS NOT NULL AND NOT ${ovActive} THEN 1 ELSE 0 END AS ov_ended,
        CASE WHEN ${raw(inTiers("tier_id", withGrace.map((t) => int(t.id))))} AND ${raw(key("c_tier"))} < ${raw(key("tier_id"))} THEN 1 ELSE 0 END AS grace_case
      FROM computed c
    ),
    decided AS (
      SELECT f.*,
        CASE WHEN ov_active = 1 THEN override_tier_id WHEN ov_ended = 1 THEN c_tier
          WHEN grace_case = 1 AND (grace_until IS NULL OR grace_until > ${ts(nowIso)}) THEN tier_id ELSE c_tier END AS new_tier,
        CASE WHEN ov_active = 1 OR ov_ended = 1 THEN NULL WHEN grace_case = 1 AND grace_until IS NULL THEN ${graceEnd("tier_id")}
          WHEN grace_case = 1 AND grace_until > ${ts(nowIso)} THEN grace_until ELSE NULL END AS new_grace,
        CASE WHEN ov_active = 1 THEN 'override' WHEN ov_ended = 1 THEN 'override_ended'
          WHEN grace_case = 1 AND grace_until IS NOT NULL AND grace_until <= ${ts(nowIso)} THEN 'grace_ended' ELSE ${param(s.reason)} END AS reason
      FROM flagged f
    ),
    classified AS (
      SELECT x.*,
        ${raw(s.silent ? "0" : `CASE WHEN new_tier IS DISTINCT FROM tier_id AND ${key("new_tier")} > ${key("tier_id")} AND ${key("new_tier")} > 0
          THEN 1 ELSE 0 END`)} AS celebrated
      FROM decided x
    )
    SELECT customer_gid, tier_id AS old_tier, new_tier, v AS value, spent, new_grace AS grace_until, ov_ended AS override_ended, reason,
      CASE WHEN new_tier IS DISTINCT FROM tier_id OR v <> tier_value OR spent <> spent_minor OR new_grace IS DISTINCT FROM grace_until
        OR ov_ended = 1 THEN 1 ELSE 0 END AS changed,
      CASE WHEN ${raw(key("new_tier"))} > ${raw(key("tier_id"))} THEN 1 WHEN ${raw(key("new_tier"))} < ${raw(key("tier_id"))} THEN -1 ELSE 0 END AS direction,
      celebrated,
      celebrated * ${raw(entry("new_tier"))} AS grant_points
    FROM classified`;
}

/**
 * SQLite, when the shop holds a large share of the database (a quarter of the members or more):
 * reading every order in storage order and skipping other shops' is several times faster than
 * reading the shop's orders one by one through the (shop, customer) index, which jumps around the
 * table. PostgreSQL's planner makes this choice itself.
 */
async function scanOrders(db: SqlExecutor, shop: string): Promise<boolean> {
  if (db.dialect !== "sqlite") return false;
  const row = await db.get<{ shop_members: number; all_members: number | null }>(
    `SELECT (SELECT COUNT(*) FROM member WHERE shop = ?) AS shop_members, (SELECT MAX(id) FROM member) AS all_members`,
    [shop],
  );
  const mine = Number(row?.shop_members ?? 0);
  return mine >= 1_000 && mine * 4 >= Number(row?.all_members ?? 0);
}

export type RecalculationResult = {
  members: number;
  /** Members whose tier changed. */
  changed: number;
  up: number;
  down: number;
  entryRewards: number;
  entryRewardPoints: number;
};

export type RecalculateOptions = { reason: "recalculation" | "daily"; causedBy: string };

const NEXT_TABLE = "kanta_tier_next";
const NEXT_COLUMNS = "customer_gid, old_tier, new_tier, value, spent, grace_until, override_ended, reason, changed, direction, celebrated, grant_points";

async function createNextTable(tx: SqlExecutor): Promise<void> {
  if (tx.dialect === "postgresql") {
    await tx.run(
      `CREATE TEMP TABLE ${NEXT_TABLE} (customer_gid TEXT PRIMARY KEY, old_tier INTEGER, new_tier INTEGER, value BIGINT NOT NULL,
         spent BIGINT NOT NULL, grace_until TIMESTAMP(3), override_ended INTEGER NOT NULL, reason TEXT NOT NULL, changed INTEGER NOT NULL,
         direction INTEGER NOT NULL, celebrated INTEGER NOT NULL, grant_points INTEGER NOT NULL) ON COMMIT DROP`,
    );
    return;
  }
  await tx.run(
    `CREATE TEMP TABLE IF NOT EXISTS ${NEXT_TABLE} (customer_gid TEXT PRIMARY KEY, old_tier INTEGER, new_tier INTEGER, value INTEGER NOT NULL,
       spent INTEGER NOT NULL, grace_until TEXT, override_ended INTEGER NOT NULL, reason TEXT NOT NULL, changed INTEGER NOT NULL,
       direction INTEGER NOT NULL, celebrated INTEGER NOT NULL, grant_points INTEGER NOT NULL)`,
  );
  await tx.run(`DELETE FROM ${NEXT_TABLE}`);
}

/**
 * Recalculates every active member of the shop in set-based SQL: qualifying values aggregated per
 * customer (merged customers count for the member they were merged into), the held tier with grace
 * and overrides, tier_change rows for every change, entry rewards (once per member and tier, as
 * ledger entries with their balances) and tier_upgrade events for upgrades, metafield syncs.
 */
export async function recalculateTiers(db: SqlDatabase, shop: string, now: Date, opts: RecalculateOptions): Promise<RecalculationResult> {
  // Derived state only (a lost commit is simply recalculated; entry rewards have idempotency keys):
  // SQLite may commit without waiting for the disk.
  return await db.transaction((tx) => recalculateInTransaction(tx, shop, now, opts), { relaxedDurability: true });
}

async function recalculateInTransaction(
  tx: SqlExecutor, shop: string, now: Date, opts: { reason: TierChangeReason; causedBy: string; silent?: boolean },
): Promise<RecalculationResult> {
  const program = await loadTierProgram(tx, shop);
  if (!program) return { members: 0, changed: 0, up: 0, down: 0, entryRewards: 0, entryRewardPoints: 0 };
  const at = now.toISOString();
  if (tx.dialect === "postgresql") {
    // Lock the shop's members in key order, as the webhook worker does: no deadlock with it.
    await tx.get(`SELECT COUNT(*) AS n FROM (SELECT customer_gid FROM member WHERE shop = ? ORDER BY customer_gid FOR UPDATE) locked`, [shop]);
  }
  await createNextTable(tx);
  const decision = decisionQuery({
    dialect: tx.dialect, shop, basis: program.basis, window: program.window, timeZone: program.timeZone, tiers: program.tiers,
    former: await formerThresholds(tx, shop), now, reason: opts.reason, silent: opts.silent === true, scanOrders: await scanOrders(tx, shop),
  });
  // Only members with something to write: an unchanged member costs no write at all.
  await tx.run(`INSERT INTO ${NEXT_TABLE} (${NEXT_COLUMNS}) SELECT ${NEXT_COLUMNS} FROM (${decision.text}) d WHERE d.changed = 1`, decision.params);
  const ts = tx.dialect === "postgresql" ? "CAST(? AS TIMESTAMP(3))" : "?";
  const entryKey = `'tier-entry:' || CAST(n.new_tier AS TEXT) || ':' || n.customer_gid`;
  // Entry rewards are given once per member and tier: not again after a downgrade and a return.
  await tx.run(
    `UPDATE ${NEXT_TABLE} SET grant_points = 0 WHERE grant_points > 0 AND EXISTS (
       SELECT 1 FROM ledger_entry e WHERE e.shop = ?
         AND e.idempotency_key = 'tier-entry:' || CAST(${NEXT_TABLE}.new_tier AS TEXT) || ':' || ${NEXT_TABLE}.customer_gid)`,
    [shop],
  );
  await tx.run(
    `UPDATE member AS m SET tier_id = n.new_tier, tier_value = n.value, spent_minor = n.spent, grace_until = n.grace_until,
       tier_since = CASE WHEN n.new_tier IS DISTINCT FROM n.old_tier THEN ${ts} ELSE m.tier_since END,
       override_tier_id = CASE WHEN n.override_ended = 1 THEN NULL ELSE m.override_tier_id END,
       override_reason = CASE WHEN n.override_ended = 1 THEN NULL ELSE m.override_reason END,
       override_until = CASE WHEN n.override_ended = 1 THEN NULL ELSE m.override_until END,
       override_by = CASE WHEN n.override_ended = 1 THEN NULL ELSE m.override_by END,
       balance = m.balance + n.grant_points
     FROM ${NEXT_TABLE} AS n
     WHERE m.shop = ? AND m.customer_gid = n.customer_gid AND (n.changed = 1 OR n.grant_points > 0)`,
    [at, shop],
  );
  const names = program.tiers;
  const nameCase = (column: string, json: boolean) =>
    names.length ? `(CASE ${column} ${names.map((t) => `WHEN ${int(t.id)} THEN ?`).join(" ")} ELSE ${json ? "'null'" : "''"} END)` : (json ? "'null'" : "''");
  const nameParams = (json: boolean) => names.map((t) => (json ? JSON.stringify(t.name) : t.name));
  await tx.run(
    `INSERT INTO ledger_entry (shop, customer_gid, points, source, idempotency_key, caused_by, reason, created_at)
     SELECT ?, n.customer_gid, n.grant_points, 'bonus', ${entryKey}, ?, 'entered tier ' || ${nameCase("n.new_tier", false)}, ${ts}
     FROM ${NEXT_TABLE} n WHERE n.grant_points > 0
     ON CONFLICT (shop, idempotency_key) DO NOTHING`,
    [shop, opts.causedBy, ...nameParams(false), at],
  );
  const lastChange = await tx.get<{ id: number | null }>(`SELECT MAX(id) AS id FROM tier_change`);
  await tx.run(
    `INSERT INTO tier_change (shop, customer_gid, from_tier_id, to_tier_id, reason, caused_by, created_at)
     SELECT ?, n.customer_gid, n.old_tier, n.new_tier, n.reason, ?, ${ts} FROM ${NEXT_TABLE} n WHERE n.new_tier IS DISTINCT FROM n.old_tier`,
    [shop, opts.causedBy, at],
  );
  const allNames = [...program.tiers];
  const former = await tx.all<{ id: number; name: string }>(`SELECT id, name FROM tier WHERE shop = ? AND archived_at IS NOT NULL`, [shop]);
  for (const f of former) allNames.push({ id: Number(f.id), name: f.name } as Tier);
  const fromCase = allNames.length
    ? `(CASE n.old_tier ${allNames.map((t) => `WHEN ${int(t.id)} THEN ?`).join(" ")} ELSE 'null' END)` : "'null'";
  await tx.run(
    `INSERT INTO program_event (shop, customer_gid, kind, dedupe_key, payload_json, due_at, created_at)
     SELECT ?, tc.customer_gid, 'tier_upgrade',
       'tier_upgrade:' || tc.customer_gid || ':' || CAST(tc.to_tier_id AS TEXT) || ':' || CAST(tc.id AS TEXT),
       '{"from":' || ${fromCase} || ',"to":' || ${nameCase("n.new_tier", true)} || '}', ${ts}, ${ts}
     FROM tier_change tc JOIN ${NEXT_TABLE} n ON n.customer_gid = tc.customer_gid
     WHERE tc.shop = ? AND tc.id > ? AND tc.caused_by = ? AND n.celebrated = 1
     ON CONFLICT (shop, dedupe_key) DO NOTHING`,
    [shop, ...allNames.map((t) => JSON.stringify(t.name)), ...nameParams(true), at, at, shop, Number(lastChange?.id ?? 0), opts.causedBy],
  );
  await tx.run(
    `INSERT INTO metafield_sync (shop, customer_gid, dirty_at)
     SELECT ?, n.customer_gid, ? FROM ${NEXT_TABLE} n WHERE n.new_tier IS DISTINCT FROM n.old_tier OR n.grant_points > 0
     ON CONFLICT (shop, customer_gid) DO UPDATE SET dirty_at = excluded.dirty_at`,
    [shop, at],
  );
  const members = await tx.get<{ n: number }>(`SELECT COUNT(*) AS n FROM member WHERE shop = ? AND status = 'active'`, [shop]);
  const stats = await tx.get<{ changed: number | null; up: number | null; down: number | null; grants: number | null; points: number | null }>(
    `SELECT SUM(CASE WHEN new_tier IS DISTINCT FROM old_tier THEN 1 ELSE 0 END) AS changed,
       SUM(CASE WHEN new_tier IS DISTINCT FROM old_tier AND direction = 1 THEN 1 ELSE 0 END) AS up,
       SUM(CASE WHEN new_tier IS DISTINCT FROM old_tier AND direction = -1 THEN 1 ELSE 0 END) AS down,
       SUM(CASE WHEN grant_points > 0 THEN 1 ELSE 0 END) AS grants, SUM(grant_points) AS points
     FROM ${NEXT_TABLE}`,
  );
  await tx.run(`UPDATE shop SET tiers_evaluated_at = ? WHERE domain = ?`, [at, shop]);
  if (tx.dialect === "sqlite") await tx.run(`DELETE FROM ${NEXT_TABLE}`);
  return {
    members: Number(members?.n ?? 0), changed: Number(stats?.changed ?? 0), up: Number(stats?.up ?? 0), down: Number(stats?.down ?? 0),
    entryRewards: Number(stats?.grants ?? 0), entryRewardPoints: Number(stats?.points ?? 0),
  };
}

// ---------------------------------------------------------------------------------------------
// The tier editor: preview and save

export type TierPreview = {
  members: number;
  up: number;
  down: number;
  same: number;
  /** Members per proposed tier, lowest first. */
  byTier: { name: string; members: number }[];
  /** Members who would hold no tier (the lowest threshold is above 0). */
  none: number;
};

export class TierProposalError extends Error {
  constructor(readonly errors: FieldErrors) {
    super(`invalid tier proposal: ${Object.entries(errors).map(([k, v]) => `${k}: ${v}`).join("; ")}`);
  }
}

/** Tiers of a proposal with ids for SQL: saved tiers keep theirs, new ones get −1, −2, … */
function proposalTiers(p: TierProposal): SqlTier[] {
  let next = 0;
  return p.tiers.map((t) => ({
    id: t.id ?? --next, name: t.name.trim(), threshold: t.threshold, graceDays: t.graceDays, entryRewardPoints: t.entryRewardPoints,
  }));
}

/**
 * What saving the proposal would do to the shop's members now, without writing: how many move up,
 * down or stay, and how many each tier would hold (overrides and grace periods included).
 */
export async function previewTiers(
  db: SqlExecutor, shop: string, proposal: TierProposal, now: Date, t: Translate = i18nFor("en").t,
): Promise<TierPreview> {
  const errors = validateTierProposal(proposal, t);
  if (Object.keys(errors).length) throw new TierProposalError(errors);
  const program = await loadTierProgram(db, shop);
  const tiers = proposalTiers(proposal);
  const current = await db.all<{ id: number; threshold: number }>(`SELECT id, threshold FROM tier WHERE shop = ?`, [shop]);
  const former = new Map(current.filter((c) => !tiers.some((t) => t.id === Number(c.id))).map((c) => [Number(c.id), Number(c.threshold)]));
  const decision = decisionQuery({
    dialect: db.dialect, shop, basis: proposal.basis, window: proposal.window, timeZone: program?.timeZone ?? "UTC", tiers, former, now,
    reason: "recalculation", silent: true, scanOrders: await scanOrders(db, shop),
  });
  const rows = await db.all<{ new_tier: number | null; n: number; up: number | null; down: number | null }>(
    `SELECT d.new_tier, COUNT(*) AS n, SUM(CASE WHEN d.direction = 1 THEN 1 ELSE 0 END) AS up,
       SUM(CASE WHEN d.direction = -1 THEN 1 ELSE 0 END) AS down
     FROM (${decision.text}) d GROUP BY d.new_tier`,
    decision.params,
  );
  const count = (id: number | null) => Number(rows.find((r) => (r.new_tier === null ? null : Number(r.new_tier)) === id)?.n ?? 0);
  const members = rows.reduce((a, r) => a + Number(r.n), 0);
  const up = rows.reduce((a, r) => a + Number(r.up ?? 0), 0);
  const down = rows.reduce((a, r) => a + Number(r.down ?? 0), 0);
  return {
    members, up, down, same: members - up - down,
    byTier: sortTiers(tiers).map((t) => ({ name: t.name, members: count(t.id) })),
    none: count(null),
  };
}

export type SaveTiersResult =
  | { ok: true; tiers: Tier[]; recalculation: RecalculationResult }
  | { ok: false; errors: FieldErrors };

/**
 * Replaces the shop's tier set with the proposal (tiers with an id are updated, new ones created,
 * missing ones archived: their members are recalculated) and recalculates every member, in one
 * transaction. Invalid proposals change nothing and come back with errors by field.
 */
export async function saveTiers(
  db: SqlDatabase, shop: string, proposal: TierProposal, now: Date, causedBy: string, t: Translate = i18nFor("en").t,
): Promise<SaveTiersResult> {
  const errors = validateTierProposal(proposal, t);
  if (Object.keys(errors).length) return { ok: false, errors };
  const at = now.toISOString();
  return await db.transaction(async (tx): Promise<SaveTiersResult> => {
    const current = await listTiers(tx, shop);
    const unknown: FieldErrors = {};
    proposal.tiers.forEach((tier, i) => {
      if (tier.id !== null && !current.some((c) => c.id === tier.id)) unknown[`tiers.${i}.id`] = t("validation.tier.gone");
    });
    if (Object.keys(unknown).length) return { ok: false, errors: unknown };
    const exists = await tx.run(
      `UPDATE shop SET tier_basis = ?, tier_window = ?, tiers_seeded_at = COALESCE(tiers_seeded_at, ?), updated_at = ? WHERE domain = ?`,
      [proposal.basis, proposal.window, at, at, shop],
    );
    if (exists === 0) return { ok: false, errors: { form: t("validation.tier.shopUnknown") } };
    const kept: number[] = [];
    for (const t of proposal.tiers) {
      if (t.id !== null) {
        await tx.run(
          `UPDATE tier SET name = ?, threshold = ?, multiplier_bps = ?, entry_reward_points = ?, free_shipping = ?, grace_days = ?, updated_at = ?
           WHERE shop = ? AND id = ? AND archived_at IS NULL`,
          [t.name.trim(), t.threshold, t.multiplierBps, t.entryRewardPoints, t.freeShipping, t.graceDays, at, shop, t.id],
        );
        kept.push(t.id);
      } else {
        kept.push(await insertTier(tx, shop, t, at));
      }
    }
    for (const c of current) {
      if (!kept.includes(c.id)) {
        await tx.run(`UPDATE tier SET archived_at = ?, updated_at = ? WHERE shop = ? AND id = ? AND archived_at IS NULL`, [at, at, shop, c.id]);
      }
    }
    const recalculation = await recalculateInTransaction(tx, shop, now, { reason: "recalculation", causedBy });
    return { ok: true, tiers: await listTiers(tx, shop), recalculation };
  });
}

// ---------------------------------------------------------------------------------------------
// Manual overrides

export type TierOverrideInput = {
  /** The tier to hold while the override lasts; null ends the member's override now. */
  tierId: number | null;
  reason: string;
  /** ISO-8601 end, or null for no end. */
  until: string | null;
  /** Who sets it (staff member, for the record). */
  by: string;
};

export type TierOverrideResult = { ok: true; outcome: MemberTierOutcome | null } | { ok: false; errors: FieldErrors };

/**
 * Puts a member on a tier whatever their qualifying value (until a date, or until ended), or ends
 * their override. While it lasts it is the tier held (multiplier, perks, tier-exclusive rewards);
 * when it ends the computed tier applies (tier_change reason override_ended).
 */
export async function setTierOverride(
  db: SqlDatabase, shop: string, customerGid: string, input: TierOverrideInput, now: Date, t: Translate = i18nFor("en").t,
): Promise<TierOverrideResult> {
  const errors: FieldErrors = {};
  const by = typeof input.by === "string" ? input.by.trim() : "";
  const reason = typeof input.reason === "string" ? input.reason.trim() : "";
  if (!by) errors.by = t("validation.override.byRequired");
  else if (by.length > 200) errors.by = t("validation.override.byTooLong", { max: 200 });
  if (input.tierId !== null) {
    if (!Number.isSafeInteger(input.tierId) || input.tierId <= 0) errors.tierId = t("validation.common.chooseTier");
    if (!reason) errors.reason = t("validation.override.reasonRequired");
    else if (reason.length > 500) errors.reason = t("validation.override.reasonTooLong", { max: 500 });
    if (input.until !== null) {
      const end = typeof input.until === "string" ? Date.parse(input.until) : Number.NaN;
      if (!Number.isFinite(end)) errors.until = t("validation.override.until");
      else if (end <= now.getTime()) errors.until = t("validation.override.untilPast");
    }
  }
  if (!/^gid:\/\/shopify\/Customer\/\d{1,20}$/.test(customerGid)) errors.customerGid = t("validation.common.customerGid");
  if (Object.keys(errors).length) return { ok: false, errors };
  const at = now.toISOString();
  return await db.transaction(async (tx): Promise<TierOverrideResult> => {
    const owner = await resolveMemberGid(tx, shop, customerGid);
    const member = await readMemberTier(tx, shop, owner, true);
    if (!member || member.status !== "active") return { ok: false, errors: { customerGid: t("validation.override.noMember") } };
    const program = await loadTierProgram(tx, shop);
    if (input.tierId !== null) {
      if (!program?.tiers.some((tier) => tier.id === input.tierId)) return { ok: false, errors: { tierId: t("validation.override.noTier") } };
      await tx.run(
        `UPDATE member SET override_tier_id = ?, override_reason = ?, override_until = ?, override_by = ? WHERE shop = ? AND customer_gid = ?`,
        [input.tierId, reason, input.until === null ? null : new Date(input.until).toISOString(), by, shop, owner],
      );
    } else {
      if (member.override_tier_id === null) return { ok: true, outcome: null };
      // Ends now: the next decision sees it over and gives the computed tier back.
      await tx.run(`UPDATE member SET override_until = ? WHERE shop = ? AND customer_gid = ?`, [at, shop, owner]);
    }
    const outcome = await evaluateMemberTier(tx, shop, owner, at, { reason: "override", causedBy: by, program });
    return { ok: true, outcome };
  });
}

// ---------------------------------------------------------------------------------------------
// What shoppers see

export type TierStatus = {
  tier: { id: number; name: string; multiplier: number; freeShipping: boolean } | null;
  basis: TierBasis;
  window: TierWindow;
  /** Qualifying value in the window: minor units of the shop currency (spend) or points. */
  value: number;
  next: { name: string; threshold: number; remaining: number } | null;
  graceUntil: string | null;
  override: { reason: string; until: string | null } | null;
};

type MemberStatusRow = MemberTierRow & { override_reason: string | null };

async function memberStatusRow(db: SqlExecutor, shop: string, customerGid: string): Promise<MemberStatusRow | undefined> {
  const owner = await resolveMemberGid(db, shop, customerGid);
  return await db.get<MemberStatusRow>(
    `SELECT tier_id, tier_value, spent_minor, grace_until, override_tier_id, override_until, override_reason, status, merged_into_gid FROM member
     WHERE shop = ? AND customer_gid = ?`,
    [shop, owner],
  );
}

/** The tier a customer holds now, and the shop's tiers (for tier-exclusive rewards). */
export async function heldTierOf(db: SqlExecutor, shop: string, customerGid: string | null, now: Date): Promise<{ held: Tier | null; tiers: Tier[] }> {
  const program = await loadTierProgram(db, shop);
  if (!program || program.tiers.length === 0) return { held: null, tiers: [] };
  const row = customerGid ? await memberStatusRow(db, shop, customerGid) : undefined;
  const active = row && row.status === "active";
  const state: MemberTierState = active ? memberState(row) : { tierId: null, graceUntil: null, overrideTierId: null, overrideUntil: null };
  return { held: heldTierNow(program.tiers, state, active ? Number(row.tier_value) : 0, now), tiers: program.tiers };
}

/** The name for the kanta.tier metafield (null: no tier). */
export async function tierName(db: SqlExecutor, shop: string, customerGid: string, now: Date = new Date()): Promise<string | null> {
  return (await heldTierOf(db, shop, customerGid, now)).held?.name ?? null;
}

/**
 * The shopper's tier for the storefront: the tier held (override and grace included), the
 * qualifying value and what is missing for the next tier. Creates the default tiers first when
 * the shop has none yet and its currency is known. Null for a shop Kanta does not know.
 */
export async function loadTierStatus(db: SqlDatabase, shop: string, customerGid: string | null, now: Date = new Date()): Promise<TierStatus | null> {
  await ensureDefaultTiers(db, shop, now);
  const program = await loadTierProgram(db, shop);
  if (!program) return null;
  const row = customerGid ? await memberStatusRow(db, shop, customerGid) : undefined;
  const active = row !== undefined && row.status === "active";
  const state: MemberTierState = active ? memberState(row) : { tierId: null, graceUntil: null, overrideTierId: null, overrideUntil: null };
  const value = active ? Number(row.tier_value) : 0;
  const d = decideTier(program.tiers, state, value, now, "daily");
  const held = d.tierId === null ? null : (program.tiers.find((t) => t.id === d.tierId) ?? null);
  const next = nextTierFor(program.tiers, held, value);
  return {
    tier: held ? { id: held.id, name: held.name, multiplier: held.multiplierBps / 10_000, freeShipping: held.freeShipping } : null,
    basis: program.basis,
    window: program.window,
    value,
    next: next ? { name: next.tier.name, threshold: next.tier.threshold, remaining: next.remaining } : null,
    graceUntil: d.graceUntil,
    override: active && overrideActive(state, program.tiers, now) ? { reason: row.override_reason ?? "", until: row.override_until } : null,
  };
}

// ---------------------------------------------------------------------------------------------
// The daily pass

/** Shops with tiers whose last full evaluation is a day old or more. */
export async function shopsDueForTierEvaluation(db: SqlExecutor, now: Date = new Date()): Promise<string[]> {
  const rows = await db.all<{ domain: string }>(
    `SELECT domain FROM shop WHERE status = 'active' AND tiers_seeded_at IS NOT NULL AND (tiers_evaluated_at IS NULL OR tiers_evaluated_at <= ?)
     ORDER BY domain`,
    [new Date(now.getTime() - 86_400_000).toISOString()],
  );
  return rows.map((r) => r.domain);
}

/**
 * Daily: windows move on, grace periods and overrides end. Claims the shop first (several app
 * processes may run the pass): null when another process evaluated it within the day.
 */
export async function runDailyTierEvaluation(db: SqlDatabase, shop: string, now: Date = new Date()): Promise<RecalculationResult | null> {
  return await db.transaction(async (tx) => {
    const claimed = await tx.run(
      `UPDATE shop SET tiers_evaluated_at = ? WHERE domain = ? AND (tiers_evaluated_at IS NULL OR tiers_evaluated_at <= ?)`,
      [now.toISOString(), shop, new Date(now.getTime() - 86_400_000).toISOString()],
    );
    if (claimed === 0) return null;
    return await recalculateInTransaction(tx, shop, now, { reason: "daily", causedBy: "kanta:daily" });
  }, { relaxedDurability: true });
}
