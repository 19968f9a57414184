// What an order means for the flows, inside the order's own webhook transaction: when it has just
// become a purchase, its checkout is marked completed and the shopper's other checkouts waiting for
// the abandoned-checkout sweep not abandoned, the shopper's marketing flows stop (matched by
// customer or email), and the flow whose mail (or code) led to it is credited once per order; whenever what the order counts for changes, the member's
// purchase rhythm (win-back timing) is recomputed. A handful of indexed statements: the hot path.
import type { OrderRecordState } from "../loyalty/order-posting";
import { stopRuns } from "../storage/flow-runs.server";
import type { SqlExecutor } from "../storage/sql.server";
import { ATTRIBUTION_WINDOW_MS, attributeOrder, type AttributionMessage } from "./attribution";
import { MARKETING_FLOWS } from "./config";
import { isPurchase, orderJustPurchased } from "./stopping";
import { updatePurchaseRhythm } from "./win-back.server";

type OrderView = Pick<
  OrderRecordState,
  "orderGid" | "customerGid" | "customerEmail" | "currency" | "processedAt" | "test" | "historic" | "paid" | "cancelled" | "deleted"
  | "totalPriceMinor" | "discountCodes" | "checkoutToken"
>;

function instant(text: string | null, fallback: string): Date {
  const t = text === null ? Number.NaN : Date.parse(text);
  return new Date(Number.isNaN(t) ? Date.parse(fallback) : t);
}

/** What the order counts for in a member's rhythm: its customer, and its date while it is a purchase. */
function rhythmKey(o: OrderView | null): string {
  if (!o || !o.customerGid) return "";
  return `${o.customerGid}|${isPurchase(o) ? o.processedAt ?? "" : "-"}`;
}

type MessageRow = { id: number; run_id: number | null; flow_kind: string; holdout: boolean | number; status: string; sent_at: unknown; code: string | null };

// Each lookup by shopper is one statement per known column (customer GID, email): every one is an
// equality on its (shop, column) index, which SQLite's planner picks without table statistics (an
// OR of the two, or another indexed column in the filter, can make it scan the shop instead).
type Who = { column: "customer_gid" | "email"; value: string }[];

function shopperColumns(customerGid: string | null, email: string | null): Who {
  const who: Who = [];
  if (customerGid) who.push({ column: "customer_gid", value: customerGid });
  if (email) who.push({ column: "email", value: email });
  return who;
}

/** The shopper's flow messages that can earn this order: sent (or held out) within the window, or carrying a code. */
async function candidateMessages(tx: SqlExecutor, shop: string, who: Who, orderedAt: Date): Promise<AttributionMessage[]> {
  const since = new Date(orderedAt.getTime() - ATTRIBUTION_WINDOW_MS).toISOString();
  const byId = new Map<number, MessageRow>();
  for (const { column, value } of who) {
    const found = await tx.all<MessageRow>(
      `SELECT id, run_id, flow_kind, holdout, status, sent_at, code FROM flow_message
       WHERE shop = ? AND ${column} = ? AND (sent_at >= ? OR code IS NOT NULL)`,
      [shop, value, since],
    );
    for (const r of found) if (r.run_id !== null && (r.status === "sent" || r.status === "held_out")) byId.set(Number(r.id), r);
  }
  const rows = [...byId.values()];
  return rows.map((r) => ({
    id: Number(r.id), runId: Number(r.run_id), flowKind: r.flow_kind, holdout: Boolean(r.holdout), status: r.status,
    sentAt: r.sent_at === null || r.sent_at === undefined ? null : new Date(String(r.sent_at)), code: r.code,
  }));
}

/**
 * The flows' part of applying an order change (call after the order record is saved, in the same
 * transaction). `nowIso` is the apply time.
 */
export async function flowsAfterOrder(tx: SqlExecutor, shop: string, before: OrderView | null, after: OrderView, nowIso: string): Promise<void> {
  if (orderJustPurchased(before, after)) {
    const orderedAt = instant(after.processedAt, nowIso);
    const email = after.customerEmail?.trim().toLowerCase() || null;
    // Checkouts first, then runs: the sweep takes its locks in the same order.
    if (after.checkoutToken) {
      // The checkout became this order.
      await tx.run(
        `UPDATE checkout SET completed_at = COALESCE(completed_at, ?), flow_check_at = NULL, flow_state = 'completed' WHERE shop = ? AND token = ?`,
        [orderedAt.toISOString(), shop, after.checkoutToken],
      );
    }
    const who = shopperColumns(after.customerGid, email);
    if (who.length) {
      // The shopper's other checkouts waiting for the sweep, last changed before this order, are not abandoned.
      for (const { column, value } of who) {
        await tx.run(
          `UPDATE checkout SET flow_check_at = NULL, flow_state = 'not_abandoned'
           WHERE shop = ? AND ${column} = ? AND flow_check_at IS NOT NULL AND checkout_updated_at <= ?`,
          [shop, value, orderedAt.toISOString()],
        );
      }
      await stopRuns(tx, shop, { customerGid: after.customerGid, email }, "order_paid", nowIso, MARKETING_FLOWS);
      if (after.currency && after.totalPriceMinor !== null) {
        const credits = attributeOrder({ orderedAt, discountCodes: after.discountCodes }, await candidateMessages(tx, shop, who, orderedAt));
        for (const c of credits) {
          await tx.run(
            `INSERT INTO flow_conversion (shop, flow_kind, run_id, message_id, order_gid, holdout, via, revenue_minor, currency, ordered_at, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (shop, flow_kind, order_gid) DO NOTHING`,
            [shop, c.flowKind, c.runId, c.messageId, after.orderGid, c.holdout, c.via, after.totalPriceMinor, after.currency, orderedAt.toISOString(), nowIso],
          );
        }
      }
    }
  }
  // Win-back timing follows the member's purchases (a new one, a cancelled one, a moved date).
  const was = rhythmKey(before);
  const is = rhythmKey(after);
  if (was !== is) {
    const now = new Date(nowIso);
    if (after.customerGid) await updatePurchaseRhythm(tx, shop, after.customerGid, now);
    if (before?.customerGid && before.customerGid !== after.customerGid) await updatePurchaseRhythm(tx, shop, before.customerGid, now);
  }
}
