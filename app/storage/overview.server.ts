// Figures for the merchant's overview page, all scoped to one shop.
import type { SqlExecutor } from "./sql.server";

export type ProgramOverview = {
  /** Active members: merged, retired (deleted in Shopify) and redacted shoppers cannot redeem. */
  members: number;
  /** Points active members hold and can spend (a negative balance, after a refund, counts as none). */
  pointsOutstanding: number;
  ordersEarning: number;
  webhooks: { pending: number; failed: number; done: number };
  failedEvents: { id: number; topic: string; attempts: number; lastError: string | null; receivedAt: string }[];
  historyImport: { status: string; customers: number; orders: number; since: string | null; lastError: string | null } | null;
  lastReconciliation: { at: string; checked: number; repaired: number } | null;
  awardHistoricPoints: boolean;
};

export async function loadOverview(db: SqlExecutor, shop: string): Promise<ProgramOverview> {
  const members = await db.get<{ n: number; pts: number | null }>(
    `SELECT COUNT(*) AS n, SUM(CASE WHEN balance > 0 THEN balance ELSE 0 END) AS pts FROM member
     WHERE shop = ? AND status = 'active' AND redacted_at IS NULL`,
    [shop],
  );
  const orders = await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM order_record WHERE shop = ? AND points_posted > 0`, [shop]);
  const statuses = await db.all<{ status: string; n: number }>(
    `SELECT status, COUNT(*) AS n FROM webhook_event WHERE shop = ? GROUP BY status`,
    [shop],
  );
  const count = (s: string) => Number(statuses.find((r) => r.status === s)?.n ?? 0);
  const failed = await db.all<{ id: number; topic: string; attempts: number; last_error: string | null; received_at: string }>(
    `SELECT id, topic, attempts, last_error, received_at FROM webhook_event WHERE shop = ? AND status = 'failed' ORDER BY id DESC LIMIT 20`,
    [shop],
  );
  const job = await db.get<{ status: string; progress_json: string; last_error: string | null }>(
    `SELECT status, progress_json, last_error FROM job WHERE shop = ? AND kind = 'backfill' ORDER BY id DESC LIMIT 1`,
    [shop],
  );
  const progress = job ? (JSON.parse(job.progress_json) as { customers?: number; orders?: number; since?: string }) : null;
  const report = await db.get<{ created_at: string; orders_checked: number; orders_repaired: number }>(
    `SELECT created_at, orders_checked, orders_repaired FROM reconciliation_report WHERE shop = ? ORDER BY id DESC LIMIT 1`,
    [shop],
  );
  const settings = await db.get<{ award_historic_points: number | boolean }>(`SELECT award_historic_points FROM shop WHERE domain = ?`, [shop]);
  return {
    historyImport: job
      ? { status: job.status, customers: progress?.customers ?? 0, orders: progress?.orders ?? 0, since: progress?.since ?? null, lastError: job.last_error }
      : null,
    lastReconciliation: report
      ? { at: String(report.created_at), checked: Number(report.orders_checked), repaired: Number(report.orders_repaired) }
      : null,
    awardHistoricPoints: Boolean(settings?.award_historic_points),
    members: Number(members?.n ?? 0),
    pointsOutstanding: Number(members?.pts ?? 0),
    ordersEarning: Number(orders?.n ?? 0),
    webhooks: { pending: count("pending") + count("processing"), failed: count("failed"), done: count("done") },
    failedEvents: failed.map((f) => ({ id: Number(f.id), topic: f.topic, attempts: Number(f.attempts), lastError: f.last_error, receivedAt: String(f.received_at) })),
  };
}
