// Ending flow runs: a run stops for good (order paid, checkout completed, unsubscribe, superseded,
// uninstall, flow switched off) and its mails that were not sent yet are cancelled, in the
// caller's transaction. A stopped run frees the shopper's active slot (active_key = NULL).
import { randomBytes } from "node:crypto";
import type { FlowStep, MarketingFlowKind } from "../flows/config";
import { inHoldout } from "../flows/holdout";
import type { SqlExecutor } from "./sql.server";

export type StopReason = "order_paid" | "checkout_completed" | "unsubscribed" | "superseded" | "uninstalled" | "flow_off" | "no_consent" | "redacted";

export type Shopper = { customerGid?: string | null; email?: string | null };

/**
 * Stops the active runs of one shopper (matched by customer GID or by email, so devices and guest
 * checkouts merge), optionally only of some flows; returns how many runs stopped.
 */
export async function stopRuns(
  tx: SqlExecutor, shop: string, who: Shopper, reason: StopReason, nowIso: string, flowKinds?: readonly string[],
): Promise<number> {
  const email = who.email?.trim().toLowerCase() || null;
  const customerGid = who.customerGid || null;
  if (!email && !customerGid) return 0;
  // One statement per known column, each an equality on its (shop, column) index: SQLite's planner,
  // without table statistics, would scan all of the shop's runs for an OR of the two (or for a
  // filter on flow_kind, which leads the unique index). The flows are filtered here.
  const found = new Set<number>();
  for (const [column, value] of [["customer_gid", customerGid], ["email", email]] as const) {
    if (!value) continue;
    const rows = await tx.all<{ id: number; flow_kind: string }>(
      `SELECT id, flow_kind FROM flow_run WHERE shop = ? AND ${column} = ? AND status = 'active'`,
      [shop, value],
    );
    for (const r of rows) if (!flowKinds?.length || flowKinds.includes(r.flow_kind)) found.add(Number(r.id));
  }
  if (found.size === 0) return 0;
  const ids = [...found];
  const inIds = ids.map(() => "?").join(", ");
  await tx.run(
    `UPDATE flow_run SET status = 'stopped', stop_reason = ?, active_key = NULL, ended_at = ? WHERE shop = ? AND id IN (${inIds})`,
    [reason, nowIso, shop, ...ids],
  );
  await tx.run(
    `UPDATE flow_message SET status = 'cancelled', skip_reason = ?, updated_at = ? WHERE shop = ? AND status = 'scheduled' AND run_id IN (${inIds})`,
    [reason, nowIso, shop, ...ids],
  );
  return ids.length;
}

/** Stops every active run of a shop (uninstall, or a flow switched off). */
export async function stopAllRuns(tx: SqlExecutor, shop: string, reason: StopReason, nowIso: string, flowKinds?: readonly string[]): Promise<number> {
  const kinds = flowKinds && flowKinds.length ? ` AND flow_kind IN (${flowKinds.map(() => "?").join(", ")})` : "";
  const kindParams = flowKinds ?? [];
  await tx.run(
    `UPDATE flow_message SET status = 'cancelled', skip_reason = ?, updated_at = ?
     WHERE shop = ? AND status = 'scheduled' AND run_id IN (SELECT id FROM flow_run WHERE shop = ? AND status = 'active'${kinds})`,
    [reason, nowIso, shop, shop, ...kindParams],
  );
  const stopped = await tx.all<{ id: number }>(
    `UPDATE flow_run SET status = 'stopped', stop_reason = ?, active_key = NULL, ended_at = ? WHERE shop = ? AND status = 'active'${kinds} RETURNING id`,
    [reason, nowIso, shop, ...kindParams],
  );
  return stopped.length;
}

export type NewRun = {
  flowKind: MarketingFlowKind;
  shopperKey: string;
  customerGid: string | null;
  email: string | null;
  checkoutToken?: string | null;
  locale: string | null;
  /** Why the run exists: cart lines and recovery URL, or the cadence facts that made the member due. */
  context: Record<string, unknown>;
  /** Step delays count from here. */
  anchorAt: Date;
  dedupeKey: string;
  holdoutPct: number;
};

/**
 * Starts a run and schedules one mail per step (due at anchor + delay; the sender applies quiet
 * hours and the frequency cap when it gets there). Returns null, writing nothing, when the dedupe
 * key was used before or the shopper already has an active run of this flow. Call inside a
 * transaction; the run's holdout place is stable per shopper (app/flows/holdout.ts).
 */
export async function startRun(tx: SqlExecutor, shop: string, run: NewRun, steps: readonly FlowStep[], now: Date): Promise<{ runId: number; holdout: boolean } | null> {
  const nowIso = now.toISOString();
  const email = run.email?.trim().toLowerCase() || null;
  const holdout = inHoldout(shop, run.flowKind, run.shopperKey, run.holdoutPct);
  const inserted = await tx.get<{ id: number }>(
    `INSERT INTO flow_run (shop, flow_kind, shopper_key, active_key, customer_gid, email, checkout_token, holdout, status, locale, context_json, anchor_at, started_at, dedupe_key)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?, ?, ?)
     ON CONFLICT DO NOTHING RETURNING id`,
    [shop, run.flowKind, run.shopperKey, run.shopperKey, run.customerGid, email, run.checkoutToken ?? null, holdout, run.locale,
      JSON.stringify(run.context), run.anchorAt.toISOString(), nowIso, run.dedupeKey],
  );
  if (!inserted) return null;
  const runId = Number(inserted.id);
  for (const [step, s] of steps.entries()) {
    await tx.run(
      `INSERT INTO flow_message (shop, run_id, flow_kind, step, customer_gid, email, marketing, holdout, status, due_at, attempts, tracking_token, dedupe_key, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'scheduled', ?, 0, ?, ?, ?, ?)`,
      [shop, runId, run.flowKind, step, run.customerGid, email, true, holdout,
        new Date(run.anchorAt.getTime() + s.delayHours * 3_600_000).toISOString(), newTrackingToken(), `run:${runId}:${step}`, nowIso, nowIso],
    );
  }
  return { runId, holdout };
}

/** Splits items into chunks of a few fixed sizes: a multi-row statement then has a few shapes (and prepared forms) only. */
function* fixedChunks<T>(items: readonly T[], sizes: readonly number[] = [256, 64, 16, 4, 1]): Generator<T[]> {
  let i = 0;
  for (const size of sizes) {
    while (items.length - i >= size) {
      yield items.slice(i, i + size);
      i += size;
    }
  }
}

/**
 * startRun for many shoppers of one shop at once (a sweep starting hundreds of runs): the same
 * rules — a used dedupe key or a shopper with an active run of the flow starts nothing; one
 * scheduled mail per step; a stable holdout place — in a few multi-row statements instead of a
 * round trip per row. Returns the runs started by dedupe key. Call inside a transaction.
 */
export async function startRuns(
  tx: SqlExecutor, shop: string, runs: readonly NewRun[], steps: readonly FlowStep[], now: Date,
): Promise<Map<string, { runId: number; holdout: boolean }>> {
  const nowIso = now.toISOString();
  const byKey = new Map(runs.map((run) => [run.dedupeKey, {
    run, email: run.email?.trim().toLowerCase() || null, holdout: inHoldout(shop, run.flowKind, run.shopperKey, run.holdoutPct),
  }]));
  const started = new Map<string, { runId: number; holdout: boolean; run: NewRun; email: string | null }>();
  for (const part of fixedChunks([...byKey.values()])) {
    const inserted = await tx.all<{ id: number; dedupe_key: string }>(
      `INSERT INTO flow_run (shop, flow_kind, shopper_key, active_key, customer_gid, email, checkout_token, holdout, status, locale, context_json, anchor_at, started_at, dedupe_key)
       VALUES ${part.map(() => "(?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?, ?, ?)").join(", ")}
       ON CONFLICT DO NOTHING RETURNING id, dedupe_key`,
      part.flatMap(({ run, email, holdout }) => [shop, run.flowKind, run.shopperKey, run.shopperKey, run.customerGid, email, run.checkoutToken ?? null,
        holdout, run.locale, JSON.stringify(run.context), run.anchorAt.toISOString(), nowIso, run.dedupeKey]),
    );
    for (const r of inserted) {
      const p = byKey.get(r.dedupe_key)!;
      started.set(r.dedupe_key, { runId: Number(r.id), holdout: p.holdout, run: p.run, email: p.email });
    }
  }
  const messages = [...started.values()].flatMap((r) => steps.map((s, step) => ({ r, s, step })));
  // The tracking tokens' random bits in one draw for the batch, not one per token.
  const random = randomBytes(16 * messages.length);
  const token = (i: number) => random.subarray(16 * i, 16 * i + 16).toString("base64url");
  let drawn = 0;
  for (const part of fixedChunks(messages)) {
    await tx.run(
      `INSERT INTO flow_message (shop, run_id, flow_kind, step, customer_gid, email, marketing, holdout, status, due_at, attempts, tracking_token, dedupe_key, created_at, updated_at)
       VALUES ${part.map(() => "(?, ?, ?, ?, ?, ?, ?, ?, 'scheduled', ?, 0, ?, ?, ?, ?)").join(", ")}`,
      part.flatMap(({ r, s, step }) => [shop, r.runId, r.run.flowKind, step, r.run.customerGid, r.email, true, r.holdout,
        new Date(r.run.anchorAt.getTime() + s.delayHours * 3_600_000).toISOString(), token(drawn++), `run:${r.runId}:${step}`, nowIso, nowIso]),
    );
  }
  return new Map([...started].map(([key, r]) => [key, { runId: r.runId, holdout: r.holdout }]));
}

/** 128 random bits, base64url: names a message in its links. */
export function newTrackingToken(): string {
  return randomBytes(16).toString("base64url");
}
