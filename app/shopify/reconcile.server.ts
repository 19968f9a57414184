// Reconciliation: every period, ask the Admin API for orders updated since the last watermark and
// replay, through the same pipeline, every order the ledger does not reflect (never seen, or seen
// in an older version, or missing a refund). A report of each pass is kept.
import type { JobRow, StepResult } from "../jobs/jobs.server";
import type { SqlDatabase } from "../storage/sql.server";
import { insertInboxEvents } from "../webhooks/inbox.server";
import type { AdminGraphql } from "./admin-client.server";
import { restOrderPayload, type AdminOrderNode } from "./admin-order-payload";
import { fetchOrdersPage } from "./admin-orders.server";

/** Webhooks may be late by seconds to a day; an overlap keeps an order from slipping between passes. */
const OVERLAP_MS = 5 * 60 * 1000;

type Cursor = { since?: string | null; until?: string; after?: string | null };
type Progress = { checked?: number; repaired?: number; repairedOrders?: string[] };

type Known = { order_gid: string; order_updated_at: string | null; refunds_json: string; currency: string | null };

/** Whether the stored record already reflects this version of the order. */
export function recordReflects(known: Known | undefined, order: AdminOrderNode): boolean {
  if (!known || known.currency === null || !known.order_updated_at) return false;
  if (Date.parse(known.order_updated_at) < Date.parse(order.updatedAt)) return false;
  const refunds = new Set((JSON.parse(known.refunds_json) as { refundGid: string }[]).map((r) => r.refundGid));
  return order.refunds.every((r) => refunds.has(r.id));
}

export async function reconcileStep(
  db: SqlDatabase,
  job: JobRow,
  graphql: AdminGraphql,
  opts: { intervalMinutes: number; onStored?: () => void },
): Promise<StepResult> {
  const cursor = job.cursor as Cursor;
  const progress = job.progress as Progress;
  let since = cursor.since;
  if (since === undefined) {
    const shop = await db.get<{ reconciled_until: string | null; installed_at: string | null }>(
      `SELECT reconciled_until, installed_at FROM shop WHERE domain = ?`,
      [job.shop],
    );
    const from = shop?.reconciled_until ?? null;
    since = from ? new Date(Date.parse(from) - OVERLAP_MS).toISOString() : null;
  }
  const until = cursor.until ?? new Date().toISOString();
  const query = since ? `updated_at:>='${since}' AND updated_at:<='${until}'` : `updated_at:<='${until}'`;
  const page = await fetchOrdersPage(graphql, job.shop, { after: cursor.after ?? null, query });
  const nodes = page.orders;
  const known = new Map<string, Known>();
  if (nodes.length) {
    const rows = await db.all<Known>(
      `SELECT order_gid, order_updated_at, refunds_json, currency FROM order_record WHERE shop = ? AND order_gid IN (${nodes.map(() => "?").join(", ")})`,
      [job.shop, ...nodes.map((n) => n.id)],
    );
    for (const r of rows) known.set(r.order_gid, r);
  }
  const missing = nodes.filter((n) => !recordReflects(known.get(n.id), n));
  if (missing.length) {
    await db.transaction((tx) =>
      insertInboxEvents(
        tx,
        missing.map((o) => ({
          shop: job.shop, topic: "kanta/orders_reconcile", dedupeKey: `reconcile:${o.id}:${o.updatedAt}`,
          webhookId: null, eventId: null, apiVersion: null, triggeredAt: null, body: JSON.stringify(restOrderPayload(o)),
        })),
      ),
    );
    opts.onStored?.();
  }
  const repairedOrders = [...(progress.repairedOrders ?? []), ...missing.map((m) => m.id)].slice(0, 1000);
  const next: Progress = {
    checked: (progress.checked ?? 0) + nodes.length,
    repaired: (progress.repaired ?? 0) + missing.length,
    repairedOrders,
  };
  if (page.hasNextPage) {
    return { done: false, cursor: { since, until, after: page.endCursor }, progress: next };
  }
  const now = new Date().toISOString();
  await db.transaction(async (tx) => {
    await tx.run(
      `INSERT INTO reconciliation_report (shop, since, until, orders_checked, orders_repaired, repaired_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [job.shop, since, until, next.checked, next.repaired, JSON.stringify(repairedOrders), now],
    );
    await tx.run(`UPDATE shop SET reconciled_until = ?, updated_at = ? WHERE domain = ?`, [until, now, job.shop]);
  });
  return { done: true, cursor: { since, until, after: null }, progress: next, nextRunAt: new Date(Date.now() + opts.intervalMinutes * 60_000) };
}
