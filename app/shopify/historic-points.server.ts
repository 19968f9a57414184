// The merchant's choice for historic orders (imported from before Kanta): count them for tiers
// only (default), or also award their points. Changing it re-posts every historic order through
// the same planning as live orders, so the ledger always matches the current choice.
import type { JobRow, StepResult } from "../jobs/jobs.server";
import { enqueueJob } from "../jobs/jobs.server";
import { loadOrderForUpdate } from "../storage/orders.server";
import type { SqlDatabase } from "../storage/sql.server";
import { settle } from "../webhooks/handlers/orders.server";

const BATCH = 200;

export async function setHistoricPointsChoice(db: SqlDatabase, shop: string, award: boolean): Promise<void> {
  const changed = await db.run(
    `UPDATE shop SET award_historic_points = ?, updated_at = ? WHERE domain = ? AND award_historic_points <> ?`,
    [award, new Date().toISOString(), shop, award],
  );
  if (changed > 0) await enqueueJob(db, shop, "repost_historic");
}

/** One step: re-plan the next batch of historic orders (by row id) under the current choice. */
export async function repostHistoricStep(db: SqlDatabase, job: JobRow): Promise<StepResult> {
  const after = Number((job.cursor as { afterId?: number }).afterId ?? 0);
  const rows = await db.all<{ id: number; order_gid: string }>(
    `SELECT id, order_gid FROM order_record WHERE shop = ? AND historic = ? AND id > ? ORDER BY id LIMIT ?`,
    [job.shop, true, after, BATCH],
  );
  let posted = 0;
  for (const row of rows) {
    await db.transaction(async (tx) => {
      const now = new Date().toISOString();
      const before = await loadOrderForUpdate(tx, job.shop, row.order_gid, now);
      if (!before) return;
      const count = await tx.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ledger_entry WHERE shop = ? AND order_gid = ?`, [job.shop, row.order_gid]);
      await settle(tx, { shop: job.shop, now, eventId: 0, causedBy: "setting:historic-points" }, before, before, { kind: "order" });
      const after = await tx.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ledger_entry WHERE shop = ? AND order_gid = ?`, [job.shop, row.order_gid]);
      if (Number(after?.n) > Number(count?.n)) posted++;
    });
  }
  const progress = job.progress as { orders?: number; posted?: number };
  const next = { orders: (progress.orders ?? 0) + rows.length, posted: (progress.posted ?? 0) + posted };
  const last = rows.length ? Number(rows[rows.length - 1].id) : after;
  return { done: rows.length < BATCH, cursor: { afterId: last }, progress: next };
}
