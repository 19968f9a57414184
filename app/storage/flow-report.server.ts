// What the flows report reads: one row per recipient of a flow in a period (its sends, clicks and
// recovered orders), the mails whose fate is unknown or that failed, and whether the shop ever
// mailed anything. Every query is scoped by shop and runs on an index:
// flow_run (shop, flow_kind, started_at) → flow_message (shop, run_id) → flow_click
// (shop, message_id); flow_conversion (shop, flow_kind, ordered_at); program mails through
// flow_message (shop, run_id IS NULL) (all of the shop's program mails, filtered by kind and
// period); problems through flow_message (status, due_at).
import { flowReport, type FlowReport, type RecipientRow } from "../analytics/flow-report";
import { FLOW_KINDS, isMarketingFlow, type FlowKind } from "../flows/config";
import type { SqlExecutor } from "./sql.server";

/** [from, to): flow runs that started (program mails: that were sent) in it. */
export type ReportPeriod = { from: Date; to: Date };

/** The period of the last `days` days up to `now`. */
export function lastDays(days: number, now: Date): ReportPeriod {
  return { from: new Date(now.getTime() - days * 86_400_000), to: now };
}

type RunRow = { holdout: boolean | number; sends: number; clicks: number; orders: number; revenue: number | string | null };

/**
 * The recipients of a flow: for the marketing flows, each run that started in the period and
 * reached at least one sent (mailed) or held-out (holdout) message, with its recovered orders and
 * their revenue (orders in the shop currency only, when it is known); for program mails, each
 * shopper sent (or held out from) one in the period. Test sends are never counted.
 */
export async function loadFlowRecipients(
  db: SqlExecutor, shop: string, kind: FlowKind, period: ReportPeriod, currency: string | null,
): Promise<RecipientRow[]> {
  const from = period.from.toISOString();
  const to = period.to.toISOString();
  const rows: RunRow[] = [];
  if (isMarketingFlow(kind)) {
    const currencyFilter = currency ? " AND c.currency = ?" : "";
    // Driven by the period's runs; each run's mails and clicks through (shop, run_id) and (shop, message_id).
    rows.push(...await db.all<RunRow>(
      `WITH conversions AS (
         SELECT c.run_id, COUNT(*) AS n, SUM(c.revenue_minor) AS revenue FROM flow_conversion c
         WHERE c.shop = ? AND c.flow_kind = ? AND c.ordered_at >= ?${currencyFilter} GROUP BY c.run_id
       )
       SELECT x.holdout AS holdout, x.sends AS sends, x.clicks AS clicks, COALESCE(conversions.n, 0) AS orders, COALESCE(conversions.revenue, 0) AS revenue
       FROM (
         SELECT r.id, r.holdout,
           (SELECT COUNT(*) FROM flow_message m WHERE m.shop = ? AND m.run_id = r.id AND m.status IN ('sent', 'held_out')) AS sends,
           (SELECT COUNT(*) FROM flow_click k WHERE k.shop = ? AND k.message_id IN (SELECT m.id FROM flow_message m WHERE m.shop = ? AND m.run_id = r.id)) AS clicks
         FROM flow_run r WHERE r.shop = ? AND r.flow_kind = ? AND r.started_at >= ? AND r.started_at < ?
       ) x
       LEFT JOIN conversions ON conversions.run_id = x.id
       WHERE x.sends > 0
       ORDER BY x.id`,
      [shop, kind, from, ...(currency ? [currency] : []), shop, shop, shop, shop, kind, from, to],
    ));
  }
  // Program mails belong to no run: one recipient per shopper.
  rows.push(...await db.all<RunRow>(
    `SELECT x.holdout AS holdout, COUNT(*) AS sends, SUM(x.clicks) AS clicks, 0 AS orders, 0 AS revenue
     FROM (
       SELECT COALESCE(m.customer_gid, 'email:' || m.email) AS who, m.holdout AS holdout,
         (SELECT COUNT(*) FROM flow_click k WHERE k.shop = ? AND k.message_id = m.id) AS clicks
       FROM flow_message m
       WHERE m.shop = ? AND m.run_id IS NULL AND m.flow_kind = ? AND m.status IN ('sent', 'held_out')
         AND m.sent_at >= ? AND m.sent_at < ? AND m.dedupe_key NOT LIKE 'test:%'
     ) x
     GROUP BY x.who, x.holdout
     ORDER BY x.who`,
    [shop, shop, kind, from, to],
  ));
  return rows.map((r) => ({
    holdout: Boolean(r.holdout),
    sends: Number(r.sends),
    clicks: Number(r.clicks),
    orders: Number(r.orders),
    revenueMinor: Number(r.revenue ?? 0),
  }));
}

/** Every flow's mailed-vs-holdout report for the period, in FLOW_KINDS order. */
export async function loadFlowReports(
  db: SqlExecutor, shop: string, period: ReportPeriod, currency: string | null,
): Promise<{ kind: FlowKind; report: FlowReport }[]> {
  const out: { kind: FlowKind; report: FlowReport }[] = [];
  for (const kind of FLOW_KINDS) out.push({ kind, report: flowReport(await loadFlowRecipients(db, shop, kind, period, currency)) });
  return out;
}

/** Every due time is after it: the range lets the planner read unknown and failed mails through (status, due_at). */
const EPOCH = "1970-01-01T00:00:00.000Z";

export type MailProblem = {
  id: number;
  flowKind: string;
  step: number;
  email: string | null;
  status: "unknown" | "failed";
  lastError: string | null;
  attempts: number;
  dueAt: string;
  updatedAt: string;
};

/**
 * Mails the merchant must know about: "unknown" (the SMTP server may have accepted it but the
 * outcome was never recorded; never resent automatically) and "failed" (given up after retries).
 * Counts of all of them and the newest `limit`.
 */
export async function loadMailProblems(
  db: SqlExecutor, shop: string, limit = 25,
): Promise<{ unknown: number; failed: number; latest: MailProblem[] }> {
  const counts = await db.all<{ status: string; n: number }>(
    `SELECT status, COUNT(*) AS n FROM flow_message WHERE status IN ('unknown', 'failed') AND due_at >= ? AND shop = ? GROUP BY status`, [EPOCH, shop],
  );
  const rows = await db.all<{
    id: number; flow_kind: string; step: number; email: string | null; status: "unknown" | "failed"; last_error: string | null; attempts: number;
    due_at: string; updated_at: string;
  }>(
    `SELECT id, flow_kind, step, email, status, last_error, attempts, due_at, updated_at FROM flow_message
     WHERE status IN ('unknown', 'failed') AND due_at >= ? AND shop = ? ORDER BY updated_at DESC, id DESC LIMIT ?`,
    [EPOCH, shop, limit],
  );
  const count = (status: string) => Number(counts.find((c) => c.status === status)?.n ?? 0);
  return {
    unknown: count("unknown"),
    failed: count("failed"),
    latest: rows.map((r) => ({
      id: Number(r.id), flowKind: r.flow_kind, step: Number(r.step), email: r.email, status: r.status, lastError: r.last_error,
      attempts: Number(r.attempts), dueAt: String(r.due_at), updatedAt: String(r.updated_at),
    })),
  };
}

/** Whether any flow mail of the shop was ever sent, held out, or tried (test sends aside). */
export async function hasFlowMail(db: SqlExecutor, shop: string): Promise<boolean> {
  const row = await db.get<{ id: number }>(
    `SELECT id FROM flow_message WHERE shop = ? AND status IN ('sent', 'held_out', 'unknown', 'failed') AND dedupe_key NOT LIKE 'test:%' LIMIT 1`,
    [shop],
  );
  return row !== undefined;
}
