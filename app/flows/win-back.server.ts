// Win-back storage: each member's purchase rhythm kept on the member row (last_order_at,
// paid_orders, cadence_days) with the moment they count as lapsing precomputed into
// member.winback_due_at, so the sweep reads only due rows through that column's index.
// The rules themselves are in ./rhythm.ts.
import { log } from "../lib/log.server";
import { loadFlow } from "../storage/flow-config.server";
import { startRuns, type NewRun } from "../storage/flow-runs.server";
import type { SqlDatabase, SqlExecutor } from "../storage/sql.server";
import { WinBackSettingsSchema, type FlowStep, type WinBackSettings } from "./config";
import { hasMarketingConsent } from "./stopping";
import { lapseDueAt, needsShopCadence, purchaseRhythm, shopCadenceFromCounts, whyDue, winBackDedupeKey, type RhythmFacts, type WhyDue } from "./rhythm";

/** A paid order that counts: not a test, not cancelled, not deleted (historic imports count too). */
const COUNTS = "paid = ? AND test = ? AND cancelled = ? AND deleted = ?";
const COUNTS_PARAMS = [true, false, false, false] as const;

/** How long the hot path trusts a shop's win-back settings, and the shop-wide cadence (it moves slowly; reading it scans the shop's members). */
const SETTINGS_TTL_MS = 30_000;
const FALLBACK_TTL_MS = 60 * 60_000;

type ShopWinBack = {
  /** Shop installed and the win-back flow on. */
  on: boolean;
  /** The stored flow could not be read: leave its members alone. */
  broken: boolean;
  timeZone: string;
  settings: WinBackSettings;
  steps: FlowStep[];
  holdoutPct: number;
  loadedAt: number;
};

const cache = new Map<string, ShopWinBack>();
const fallbacks = new Map<string, { days: number | null; at: number }>();

/** Drops the cached win-back settings of a shop (all shops without an argument), e.g. after the merchant saves them. */
export function forgetWinBackSettings(shop?: string): void {
  if (shop === undefined) cache.clear();
  else cache.delete(shop);
}

async function loadShopWinBack(db: SqlExecutor, shop: string): Promise<ShopWinBack> {
  const row = await db.get<{ status: string; timezone: string | null }>(`SELECT status, timezone FROM shop WHERE domain = ?`, [shop]);
  const base = { timeZone: row?.timezone || "UTC", loadedAt: performance.now() };
  try {
    const flow = await loadFlow(db, shop, "win_back");
    const settings = WinBackSettingsSchema.parse(flow.settings);
    return { ...base, on: row?.status === "active" && flow.enabled, broken: false, settings, steps: flow.steps, holdoutPct: flow.holdoutPct };
  } catch (error) {
    log.warn("win-back flow settings unreadable", { shop, error: (error as Error).message });
    return { ...base, on: false, broken: true, settings: WinBackSettingsSchema.parse({}), steps: [], holdoutPct: 0 };
  }
}

async function cachedShopWinBack(db: SqlExecutor, shop: string): Promise<ShopWinBack> {
  const hit = cache.get(shop);
  if (hit && performance.now() - hit.loadedAt < SETTINGS_TTL_MS) return hit;
  const fresh = await loadShopWinBack(db, shop);
  cache.set(shop, fresh);
  return fresh;
}

/**
 * The shop's median member cadence (the fallback for repeat buyers without their own), from a
 * histogram of the members' cadences; cached per shop for an hour (`fresh` reads it again).
 */
async function shopFallbackDays(db: SqlExecutor, shop: string, fresh = false): Promise<number | null> {
  const hit = fallbacks.get(shop);
  if (!fresh && hit && performance.now() - hit.at < FALLBACK_TTL_MS) return hit.days;
  const rows = await db.all<{ days: number; n: number }>(
    `SELECT cadence_days AS days, COUNT(*) AS n FROM member WHERE shop = ? AND cadence_days IS NOT NULL GROUP BY cadence_days`,
    [shop],
  );
  const days = shopCadenceFromCounts(rows.map((r) => ({ days: Number(r.days), count: Number(r.n) })));
  // Not kept while no member has a cadence (a new shop): the first ones are worth seeing at once.
  if (days === null) fallbacks.delete(shop);
  else fallbacks.set(shop, { days, at: performance.now() });
  return days;
}

const isoOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : new Date(String(v)).toISOString());

/** A timestamp parameter where PostgreSQL cannot infer its type from a column (CASE, VALUES). */
const tsParam = (db: SqlExecutor) => (db.dialect === "postgresql" ? "CAST(? AS TIMESTAMP(3))" : "?");

/**
 * Recomputes one member's purchase rhythm from their paid orders and when they will count as
 * lapsing (null when the win-back flow is off, the shop uninstalled, the member not active, or the
 * win-back for this last order already started). Called by the order hook inside the order's
 * transaction, after the order record is saved; on PostgreSQL the webhook worker already holds
 * the member's row lock, so two orders of one customer never compute from each other's blind spot.
 * Idempotent: the facts come from all the member's orders, whatever order events arrive in.
 */
export async function updatePurchaseRhythm(tx: SqlExecutor, shop: string, customerGid: string, _now: Date): Promise<void> {
  const ctx = await cachedShopWinBack(tx, shop);
  const orders = await tx.all<{ processed_at: string | null }>(
    `SELECT processed_at FROM order_record WHERE shop = ? AND customer_gid = ? AND ${COUNTS}`,
    [shop, customerGid, ...COUNTS_PARAMS],
  );
  const facts = purchaseRhythm(orders.map((o) => o.processed_at), ctx.timeZone);
  let due: string | null = null;
  if (ctx.on) {
    const fallback = needsShopCadence(facts) ? await shopFallbackDays(tx, shop) : null;
    due = lapseDueAt(facts, ctx.settings, fallback)?.toISOString() ?? null;
  }
  const dedupe = facts.lastOrderAt === null ? null : winBackDedupeKey(customerGid, facts.lastOrderAt);
  await tx.run(
    `UPDATE member SET last_order_at = ?, paid_orders = ?, cadence_days = ?,
       winback_due_at = CASE WHEN status <> 'active' OR EXISTS (SELECT 1 FROM flow_run r WHERE r.shop = ? AND r.dedupe_key = ?)
                        THEN NULL ELSE ${tsParam(tx)} END
     WHERE shop = ? AND customer_gid = ?`,
    [facts.lastOrderAt, facts.paidOrders, facts.cadenceDays, shop, dedupe, due, shop, customerGid],
  );
}

type MemberFactsRow = {
  id: number; customer_gid: string; status: string; last_order_at: unknown; paid_orders: number; cadence_days: number | null; winback_due_at: unknown;
};

const RECOMPUTE_BATCH = 2_000;

/** Splits items into chunks of a few fixed sizes: a multi-row statement or IN list then has a few shapes (and prepared forms) only. */
function* fixedChunks<T>(items: readonly T[], sizes: readonly number[] = [256, 64, 16, 4, 1]): Generator<T[]> {
  let i = 0;
  for (const size of sizes) {
    while (items.length - i >= size) {
      yield items.slice(i, i + size);
      i += size;
    }
  }
}

const marks = (n: number) => Array(n).fill("?").join(", ");

/** Writes member columns for many members in a few statements: UPDATE … FROM a VALUES list. */
async function writeMembers(
  tx: SqlExecutor, shop: string, rows: { id: number; values: unknown[] }[],
  columns: { name: string; type: "ts" | "int" }[],
): Promise<void> {
  const cast = (type: "ts" | "int") => (type === "int" ? "CAST(? AS INTEGER)" : tsParam(tx));
  const tuple = `(CAST(? AS INTEGER), ${columns.map((c) => cast(c.type)).join(", ")})`;
  for (const chunk of fixedChunks(rows)) {
    await tx.run(
      `WITH v (id, ${columns.map((_c, k) => `c${k}`).join(", ")}) AS (VALUES ${chunk.map(() => tuple).join(", ")})
       UPDATE member SET ${columns.map((c, k) => `${c.name} = v.c${k}`).join(", ")}
       FROM v WHERE member.shop = ? AND member.id = v.id`,
      [...chunk.flatMap((r) => [r.id, ...r.values]), shop],
    );
  }
}

/** Paid orders' processed_at of some customers of a shop, by customer. */
async function paidOrderDates(tx: SqlExecutor, shop: string, gids: readonly string[]): Promise<Map<string, (string | null)[]>> {
  const byCustomer = new Map<string, (string | null)[]>();
  for (const part of fixedChunks(gids)) {
    const orders = await tx.all<{ customer_gid: string; processed_at: string | null }>(
      `SELECT customer_gid, processed_at FROM order_record WHERE shop = ? AND customer_gid IN (${marks(part.length)}) AND ${COUNTS}`,
      [shop, ...part, ...COUNTS_PARAMS],
    );
    for (const o of orders) {
      const list = byCustomer.get(o.customer_gid);
      if (list) list.push(o.processed_at);
      else byCustomer.set(o.customer_gid, [o.processed_at]);
    }
  }
  return byCustomer;
}

async function membersPage(tx: SqlExecutor, shop: string, after: string, limit: number): Promise<MemberFactsRow[]> {
  // On PostgreSQL the page's members are locked in key order, as the webhook worker locks them.
  const lock = tx.dialect === "postgresql" ? " FOR UPDATE" : "";
  return await tx.all<MemberFactsRow>(
    `SELECT id, customer_gid, status, last_order_at, paid_orders, cadence_days, winback_due_at FROM member
     WHERE shop = ? AND customer_gid > ? ORDER BY customer_gid LIMIT ?${lock}`,
    [shop, after, limit],
  );
}

/**
 * Recomputes every member's purchase rhythm from the shop's paid orders (after a history import,
 * or for members whose orders predate the win-back flow), then every member's win-back due time
 * under the current settings (after the merchant changes them: pass { dueOnly: true } to skip the
 * orders). Works in pages of members in customer order, each its own transaction, writing only
 * members whose values change. Returns the writes: members whose facts changed plus members whose
 * due time changed.
 */
export async function recomputeRhythms(db: SqlDatabase, shop: string, _now: Date, opts: { dueOnly?: boolean } = {}): Promise<number> {
  forgetWinBackSettings(shop);
  const ctx = await cachedShopWinBack(db, shop);
  let changed = 0;
  if (!opts.dueOnly) {
    let after = "";
    for (;;) {
      const page = await db.transaction(async (tx) => {
        const members = await membersPage(tx, shop, after, RECOMPUTE_BATCH);
        if (members.length === 0) return null;
        const orders = await tx.all<{ customer_gid: string; processed_at: string | null }>(
          `SELECT customer_gid, processed_at FROM order_record WHERE shop = ? AND customer_gid >= ? AND customer_gid <= ? AND ${COUNTS}`,
          [shop, members[0]!.customer_gid, members[members.length - 1]!.customer_gid, ...COUNTS_PARAMS],
        );
        const byCustomer = new Map<string, (string | null)[]>();
        for (const o of orders) {
          const list = byCustomer.get(o.customer_gid);
          if (list) list.push(o.processed_at);
          else byCustomer.set(o.customer_gid, [o.processed_at]);
        }
        const writes: { id: number; values: unknown[] }[] = [];
        for (const m of members) {
          const f = purchaseRhythm(byCustomer.get(m.customer_gid) ?? [], ctx.timeZone);
          const cadence = m.cadence_days === null ? null : Number(m.cadence_days);
          if (f.lastOrderAt !== isoOrNull(m.last_order_at) || f.paidOrders !== Number(m.paid_orders) || f.cadenceDays !== cadence) {
            writes.push({ id: Number(m.id), values: [f.lastOrderAt, f.paidOrders, f.cadenceDays] });
          }
        }
        await writeMembers(tx, shop, writes, [{ name: "last_order_at", type: "ts" }, { name: "paid_orders", type: "int" }, { name: "cadence_days", type: "int" }]);
        return { last: members[members.length - 1]!.customer_gid, written: writes.length };
      }, { relaxedDurability: true });
      if (!page) break;
      after = page.last;
      changed += page.written;
    }
  }
  const fallback = ctx.on ? await shopFallbackDays(db, shop, true) : null;
  let after = "";
  let dueChanged = 0;
  for (;;) {
    const page = await db.transaction(async (tx) => {
      const members = await membersPage(tx, shop, after, RECOMPUTE_BATCH);
      if (members.length === 0) return null;
      const next = new Map<number, string | null>();
      for (const m of members) {
        const facts: RhythmFacts = {
          lastOrderAt: isoOrNull(m.last_order_at), paidOrders: Number(m.paid_orders), cadenceDays: m.cadence_days === null ? null : Number(m.cadence_days),
        };
        const due = ctx.on && m.status === "active" ? lapseDueAt(facts, ctx.settings, fallback) : null;
        next.set(Number(m.id), due === null ? null : due.toISOString());
      }
      // A member whose win-back for this last order already started stays without a due time.
      const candidates = members.filter((m) => next.get(Number(m.id)) !== null);
      if (candidates.length) {
        const keys = candidates.map((m) => winBackDedupeKey(m.customer_gid, isoOrNull(m.last_order_at)!));
        const startedRuns = new Set<string>();
        for (const part of fixedChunks(keys)) {
          const rows = await tx.all<{ dedupe_key: string }>(
            `SELECT dedupe_key FROM flow_run WHERE shop = ? AND dedupe_key IN (${marks(part.length)})`,
            [shop, ...part],
          );
          for (const r of rows) startedRuns.add(r.dedupe_key);
        }
        candidates.forEach((m, i) => {
          if (startedRuns.has(keys[i]!)) next.set(Number(m.id), null);
        });
      }
      const writes = members
        .filter((m) => next.get(Number(m.id)) !== isoOrNull(m.winback_due_at))
        .map((m) => ({ id: Number(m.id), values: [next.get(Number(m.id))] }));
      await writeMembers(tx, shop, writes, [{ name: "winback_due_at", type: "ts" }]);
      return { last: members[members.length - 1]!.customer_gid, written: writes.length };
    }, { relaxedDurability: true });
    if (!page) break;
    after = page.last;
    dueChanged += page.written;
  }
  return changed + dueChanged;
}

type DueRow = {
  id: number; shop: string; customer_gid: string; email: string | null; marketing_consent: string | null; locale: string | null;
  status: string; winback_due_at: unknown;
};

const SWEEP_BATCH = 2_000;

/**
 * Starts the win-back runs that are due as of `now`: members whose winback_due_at has passed, read
 * through the global index on that column in due order, in batches (each its own transaction; on
 * PostgreSQL rows another worker holds are skipped). Each member is checked again from their
 * orders first (a newer paid order moves the due time instead). A run starts (dedupe
 * `winback:<customer>:<last order>`, anchored at `now` so the steps keep their spacing, context =
 * the why-due facts, holdout from the flow; the runs of a batch are written together by startRuns) for active members of active shops with the flow on,
 * an email and subscribed marketing consent; every member read leaves the due rows (started, moved,
 * or cleared). Returns the runs started, and how many of those are in the holdout.
 */
export async function startDueWinBacks(db: SqlDatabase, now: Date, opts: { limit?: number } = {}): Promise<{ started: number; heldOut: number }> {
  const nowIso = now.toISOString();
  const limit = opts.limit ?? Number.POSITIVE_INFINITY;
  const shops = new Map<string, ShopWinBack>();
  let started = 0;
  let heldOut = 0;
  let seen = 0;
  let after: { dueAt: string; id: number } | null = null;
  while (seen < limit) {
    const size = Math.min(SWEEP_BATCH, limit - seen);
    // SQLite commits a batch without waiting for the disk: a batch lost to a power cut is simply
    // started again (its due rows come back with it, and no mail of its runs can have been sent:
    // claiming one is a later, durable commit).
    const batch: { read: number; last: { dueAt: string; id: number } | null } = await db.transaction(async (tx) => {
      const lock = tx.dialect === "postgresql" ? " FOR UPDATE SKIP LOCKED" : "";
      const keyset = after ? " AND winback_due_at >= ? AND (winback_due_at > ? OR id > ?)" : "";
      const rows = await tx.all<DueRow>(
        `SELECT id, shop, customer_gid, email, marketing_consent, locale, status, winback_due_at FROM member
         WHERE winback_due_at <= ?${keyset} ORDER BY winback_due_at, id LIMIT ?${lock}`,
        after ? [nowIso, after.dueAt, after.dueAt, after.id, size] : [nowIso, size],
      );
      if (rows.length === 0) return { read: 0, last: null };
      const byShop = new Map<string, DueRow[]>();
      for (const r of rows) {
        const list = byShop.get(r.shop);
        if (list) list.push(r);
        else byShop.set(r.shop, [r]);
      }
      for (const [shop, members] of byShop) {
        let ctx = shops.get(shop);
        if (!ctx) {
          ctx = await loadShopWinBack(tx, shop);
          shops.set(shop, ctx);
        }
        const r = await startForShop(tx, shop, ctx, members, now);
        started += r.started;
        heldOut += r.heldOut;
      }
      const lastRow = rows[rows.length - 1]!;
      return { read: rows.length, last: { dueAt: isoOrNull(lastRow.winback_due_at)!, id: Number(lastRow.id) } };
    }, { relaxedDurability: true });
    if (batch.read === 0 || batch.last === null) break;
    seen += batch.read;
    after = batch.last;
    if (batch.read < size) break;
  }
  return { started, heldOut };
}

async function startForShop(
  tx: SqlExecutor, shop: string, ctx: ShopWinBack, members: DueRow[], now: Date,
): Promise<{ started: number; heldOut: number }> {
  if (ctx.broken) return { started: 0, heldOut: 0 };
  if (!ctx.on) {
    // Uninstalled, or the flow was switched off: nothing is due until the rhythm is recomputed.
    for (const part of fixedChunks(members.map((m) => Number(m.id)))) {
      await tx.run(`UPDATE member SET winback_due_at = NULL WHERE shop = ? AND id IN (${marks(part.length)})`, [shop, ...part]);
    }
    return { started: 0, heldOut: 0 };
  }
  const byCustomer = await paidOrderDates(tx, shop, members.map((m) => m.customer_gid));
  const emails = [...new Set(members.map((m) => m.email?.trim().toLowerCase()).filter((e): e is string => !!e))];
  const suppressed = new Set<string>();
  for (const part of fixedChunks(emails)) {
    const rows = await tx.all<{ email: string }>(`SELECT email FROM mail_suppression WHERE shop = ? AND email IN (${marks(part.length)})`, [shop, ...part]);
    for (const r of rows) suppressed.add(r.email);
  }
  const writes: { id: number; values: unknown[] }[] = [];
  const runs: NewRun[] = [];
  for (const m of members) {
    const facts = purchaseRhythm(byCustomer.get(m.customer_gid) ?? [], ctx.timeZone);
    const write = (due: string | null) => writes.push({ id: Number(m.id), values: [facts.lastOrderAt, facts.paidOrders, facts.cadenceDays, due] });
    if (m.status !== "active") {
      write(null);
      continue;
    }
    const fallback = needsShopCadence(facts) ? await shopFallbackDays(tx, shop) : null;
    const why = whyDue(facts, ctx.settings, fallback);
    if (why.lapsingSince === null || Date.parse(why.lapsingSince) > now.getTime()) {
      // A newer order (or no paid order at all): the due time moves instead.
      write(why.lapsingSince);
      continue;
    }
    write(null);
    const email = m.email?.trim().toLowerCase() || null;
    // Marketing mail needs an address and consent; both groups of the holdout are chosen among
    // mailable members only, so the comparison stays fair.
    if (!email || !hasMarketingConsent(m.marketing_consent, null) || suppressed.has(email)) continue;
    runs.push({
      flowKind: "win_back",
      shopperKey: m.customer_gid,
      customerGid: m.customer_gid,
      email,
      locale: m.locale,
      context: { ...why },
      anchorAt: now,
      dedupeKey: winBackDedupeKey(m.customer_gid, facts.lastOrderAt!),
      holdoutPct: ctx.holdoutPct,
    });
  }
  const started = runs.length ? await startRuns(tx, shop, runs, ctx.steps, now) : new Map<string, { holdout: boolean }>();
  // In row order: neighbouring rows share pages.
  writes.sort((a, b) => a.id - b.id);
  await writeMembers(tx, shop, writes, [
    { name: "last_order_at", type: "ts" }, { name: "paid_orders", type: "int" }, { name: "cadence_days", type: "int" }, { name: "winback_due_at", type: "ts" },
  ]);
  return { started: started.size, heldOut: [...started.values()].filter((r) => r.holdout).length };
}

export type WinBackRow = {
  customerGid: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  /** When the member counts as lapsing. */
  dueAt: string;
  /** due: lapsing now (the next sweep starts the win-back); upcoming: lapsing later. */
  state: "due" | "upcoming";
  /** Whether the win-back would mail them (an email and subscribed marketing consent). */
  mailable: boolean;
  why: WhyDue;
  /** Pass as `after` to get the rows after this one. */
  cursor: string;
};

export class WinBackQueueError extends Error {}

/**
 * Members with a win-back due time, soonest first (due now, then due soon), with why they are due
 * (cadence, last order, expected next order, lapsing since). Keyset paged: `after` is a row's cursor.
 */
export async function winBackQueue(
  db: SqlExecutor, shop: string, opts: { limit: number; after?: string; now?: Date },
): Promise<WinBackRow[]> {
  if (!Number.isInteger(opts.limit) || opts.limit < 1 || opts.limit > 500) throw new WinBackQueueError("limit must be an integer from 1 to 500");
  let keyset = "";
  const params: unknown[] = [shop];
  if (opts.after !== undefined) {
    const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|(\d{1,15})$/.exec(opts.after);
    if (!m || Number.isNaN(Date.parse(m[1]!))) throw new WinBackQueueError("after must be a cursor from the previous page");
    keyset = " AND winback_due_at >= ? AND (winback_due_at > ? OR id > ?)";
    params.push(m[1], m[1], Number(m[2]));
  }
  params.push(opts.limit);
  // In due order through the due-time index (its order is (winback_due_at, id) on SQLite, whose
  // planner would otherwise read the whole shop by its shop index and sort it; "+shop" keeps it
  // off that index). PostgreSQL's planner weighs both from its statistics.
  const shopTerm = db.dialect === "sqlite" ? "+shop = ?" : "shop = ?";
  const rows = await db.all<{
    id: number; customer_gid: string; email: string | null; first_name: string | null; last_name: string | null; marketing_consent: string | null;
    last_order_at: unknown; paid_orders: number; cadence_days: number | null; winback_due_at: unknown;
  }>(
    `SELECT id, customer_gid, email, first_name, last_name, marketing_consent, last_order_at, paid_orders, cadence_days, winback_due_at
     FROM member WHERE ${shopTerm} AND winback_due_at IS NOT NULL${keyset} ORDER BY winback_due_at, id LIMIT ?`,
    params,
  );
  if (rows.length === 0) return [];
  const ctx = await cachedShopWinBack(db, shop);
  const now = (opts.now ?? new Date()).getTime();
  const out: WinBackRow[] = [];
  for (const r of rows) {
    const facts: RhythmFacts = {
      lastOrderAt: isoOrNull(r.last_order_at), paidOrders: Number(r.paid_orders), cadenceDays: r.cadence_days === null ? null : Number(r.cadence_days),
    };
    const fallback = needsShopCadence(facts) ? await shopFallbackDays(db, shop) : null;
    const dueAt = isoOrNull(r.winback_due_at)!;
    out.push({
      customerGid: r.customer_gid, email: r.email, firstName: r.first_name, lastName: r.last_name, dueAt,
      state: Date.parse(dueAt) <= now ? "due" : "upcoming",
      mailable: !!r.email && hasMarketingConsent(r.marketing_consent, null),
      why: whyDue(facts, ctx.settings, fallback),
      cursor: `${dueAt}|${Number(r.id)}`,
    });
  }
  return out;
}
