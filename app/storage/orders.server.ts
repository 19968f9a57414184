// order_record rows <-> OrderRecordState. Reads lock the row on PostgreSQL so that two workers
// never plan postings for the same order at once.
import type { OrderRecordState } from "../loyalty/order-posting";
import type { SqlExecutor } from "./sql.server";

type OrderRow = {
  id: number; order_gid: string; name: string | null; customer_gid: string | null; customer_email: string | null;
  currency: string | null; presentment_currency: string | null; presentment_total_minor: number | null;
  processed_at: string | null; order_updated_at: string | null; source_name: string | null;
  test: number | boolean; historic: number | boolean; paid: number | boolean; cancelled: number | boolean; deleted: number | boolean;
  taxes_included: number | boolean; total_price_minor: number | null; lines_json: string | null;
  refunds_json: string; discount_codes_json: string; checkout_token: string | null; address_hash: string | null; multiplier_bps: number | null;
  net_eligible_minor: number; points_posted: number; entry_count: number; posted_lines_json: string;
};

function fromRow(r: OrderRow): OrderRecordState {
  return {
    orderGid: r.order_gid, name: r.name, customerGid: r.customer_gid, customerEmail: r.customer_email,
    currency: r.currency, presentmentCurrency: r.presentment_currency,
    presentmentTotalMinor: r.presentment_total_minor === null ? null : Number(r.presentment_total_minor),
    processedAt: r.processed_at, orderUpdatedAt: r.order_updated_at, sourceName: r.source_name,
    test: Boolean(r.test), historic: Boolean(r.historic), paid: Boolean(r.paid), cancelled: Boolean(r.cancelled), deleted: Boolean(r.deleted),
    taxesIncluded: Boolean(r.taxes_included),
    totalPriceMinor: r.total_price_minor === null ? null : Number(r.total_price_minor),
    lines: r.lines_json === null ? null : JSON.parse(r.lines_json),
    refunds: JSON.parse(r.refunds_json), discountCodes: JSON.parse(r.discount_codes_json),
    checkoutToken: r.checkout_token, addressHash: r.address_hash,
    multiplierBps: r.multiplier_bps === null ? null : Number(r.multiplier_bps),
    netEligibleMinor: Number(r.net_eligible_minor), pointsPosted: Number(r.points_posted),
    entryCount: Number(r.entry_count), postedLines: JSON.parse(r.posted_lines_json),
  };
}

export async function loadOrderForUpdate(db: SqlExecutor, shop: string, orderGid: string, now: string): Promise<OrderRecordState | null> {
  if (db.dialect === "postgresql") {
    // Lock the order's row, creating an empty one first: without a row to lock, two workers
    // (say, orders/paid and refunds/create) would both start from nothing and one would
    // overwrite the other's facts. SQLite transactions are already exclusive.
    await db.run(
      `INSERT INTO order_record (shop, order_gid, created_at, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (shop, order_gid) DO NOTHING`,
      [shop, orderGid, now, now],
    );
    const row = await db.get<OrderRow>(`SELECT * FROM order_record WHERE shop = ? AND order_gid = ? FOR UPDATE`, [shop, orderGid]);
    return row ? fromRow(row) : null;
  }
  const row = await db.get<OrderRow>(`SELECT * FROM order_record WHERE shop = ? AND order_gid = ?`, [shop, orderGid]);
  return row ? fromRow(row) : null;
}

const COLUMNS = [
  "name", "customer_gid", "customer_email", "currency", "presentment_currency", "presentment_total_minor",
  "processed_at", "order_updated_at", "source_name", "test", "historic", "paid", "cancelled", "deleted", "taxes_included",
  "total_price_minor", "lines_json", "refunds_json", "discount_codes_json", "checkout_token", "address_hash", "multiplier_bps",
  "net_eligible_minor", "points_posted", "entry_count", "posted_lines_json",
] as const;

function values(s: OrderRecordState): unknown[] {
  return [
    s.name, s.customerGid, s.customerEmail, s.currency, s.presentmentCurrency, s.presentmentTotalMinor,
    s.processedAt, s.orderUpdatedAt, s.sourceName, s.test, s.historic, s.paid, s.cancelled, s.deleted, s.taxesIncluded,
    s.totalPriceMinor, s.lines === null ? null : JSON.stringify(s.lines), JSON.stringify(s.refunds),
    JSON.stringify(s.discountCodes), s.checkoutToken, s.addressHash ?? null, s.multiplierBps, s.netEligibleMinor, s.pointsPosted,
    s.entryCount, JSON.stringify(s.postedLines),
  ];
}

const UPSERT_SQL = `INSERT INTO order_record (shop, order_gid, ${COLUMNS.join(", ")}, created_at, updated_at)
  VALUES (?, ?, ${COLUMNS.map(() => "?").join(", ")}, ?, ?)
  ON CONFLICT (shop, order_gid) DO UPDATE SET ${COLUMNS.map((c) => `${c} = excluded.${c}`).join(", ")}, updated_at = excluded.updated_at`;

/**
 * Writes the record. Two workers racing on a brand-new order both see no row; the ledger's
 * unique idempotency key then rejects the second posting and its transaction retries.
 */
export async function saveOrder(db: SqlExecutor, shop: string, s: OrderRecordState, now: string): Promise<void> {
  await db.run(UPSERT_SQL, [shop, s.orderGid, ...values(s), now, now]);
}
