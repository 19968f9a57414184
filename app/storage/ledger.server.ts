// Members and the append-only points ledger. Balances are derived from entries; member.balance is
// a cache written in the same transaction as each entry.
import type { SqlExecutor } from "./sql.server";

export type LedgerSource =
  | "order" | "order_line" | "refund" | "cancellation" | "adjustment" | "bonus" | "redemption" | "expiry" | "merge";

export type NewLedgerEntry = {
  customerGid: string;
  points: number;
  source: LedgerSource;
  idempotencyKey: string;
  orderGid?: string | null;
  refundGid?: string | null;
  causedBy: string;
  reason?: string | null;
  lines?: { lineGid: string; eligibleMinor: number }[];
};

export type MemberProfile = {
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  marketingConsent?: string | null;
  locale?: string | null;
  tags?: string | null;
};

/** Makes the customer a member if Kanta has not seen them before. Returns true when created. */
export async function ensureMember(db: SqlExecutor, shop: string, customerGid: string, now: string, email?: string | null): Promise<boolean> {
  const changes = await db.run(
    `INSERT INTO member (shop, customer_gid, email, status, balance, joined_at) VALUES (?, ?, ?, 'active', 0, ?)
     ON CONFLICT (shop, customer_gid) DO NOTHING`,
    [shop, customerGid, email ?? null, now],
  );
  return changes > 0;
}

/** Follows customers/merge links to the member who now owns the points. */
export async function resolveMemberGid(db: SqlExecutor, shop: string, customerGid: string): Promise<string> {
  let gid = customerGid;
  for (let hops = 0; hops < 10; hops++) {
    const row = await db.get<{ merged_into_gid: string | null }>(
      `SELECT merged_into_gid FROM member WHERE shop = ? AND customer_gid = ?`,
      [shop, gid],
    );
    if (!row?.merged_into_gid) return gid;
    gid = row.merged_into_gid;
  }
  return gid;
}

/**
 * Appends an entry and updates the cached balance. Returns false when an entry with the same
 * idempotency key already exists (a replay): nothing is written then.
 */
export async function appendLedgerEntry(db: SqlExecutor, shop: string, e: NewLedgerEntry, now: string): Promise<boolean> {
  const row = await db.get<{ id: number }>(
    `INSERT INTO ledger_entry (shop, customer_gid, points, source, idempotency_key, order_gid, refund_gid, caused_by, reason, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (shop, idempotency_key) DO NOTHING RETURNING id`,
    [shop, e.customerGid, e.points, e.source, e.idempotencyKey, e.orderGid ?? null, e.refundGid ?? null, e.causedBy, e.reason ?? null, now],
  );
  if (!row) return false;
  for (const line of e.lines ?? []) {
    await db.run(
      `INSERT INTO ledger_entry_line (shop, entry_id, line_gid, eligible_minor) VALUES (?, ?, ?, ?)`,
      [shop, row.id, line.lineGid, line.eligibleMinor],
    );
  }
  await db.run(`UPDATE member SET balance = balance + ? WHERE shop = ? AND customer_gid = ?`, [e.points, shop, e.customerGid]);
  // The storefront reads the balance from a customer metafield: mark it for the (debounced) sync.
  await db.run(
    `INSERT INTO metafield_sync (shop, customer_gid, dirty_at) VALUES (?, ?, ?)
     ON CONFLICT (shop, customer_gid) DO UPDATE SET dirty_at = excluded.dirty_at`,
    [shop, e.customerGid, now],
  );
  return true;
}

export async function memberBalance(db: SqlExecutor, shop: string, customerGid: string): Promise<{ cached: number; ledger: number } | null> {
  const row = await db.get<{ balance: number; ledger: number | null }>(
    `SELECT m.balance AS balance, (SELECT SUM(points) FROM ledger_entry e WHERE e.shop = m.shop AND e.customer_gid = m.customer_gid) AS ledger
     FROM member m WHERE m.shop = ? AND m.customer_gid = ?`,
    [shop, customerGid],
  );
  if (!row) return null;
  return { cached: Number(row.balance), ledger: Number(row.ledger ?? 0) };
}

/** Members of a shop whose cached balance differs from the sum of their entries (should be none). */
export async function balanceMismatches(db: SqlExecutor, shop: string): Promise<{ customerGid: string; cached: number; ledger: number }[]> {
  const rows = await db.all<{ customer_gid: string; balance: number; ledger: number | null }>(
    `SELECT m.customer_gid, m.balance, s.total AS ledger FROM member m
     LEFT JOIN (SELECT customer_gid, SUM(points) AS total FROM ledger_entry WHERE shop = ? GROUP BY customer_gid) s
       ON s.customer_gid = m.customer_gid
     WHERE m.shop = ? AND m.balance <> COALESCE(s.total, 0)`,
    [shop, shop],
  );
  return rows.map((r) => ({ customerGid: r.customer_gid, cached: Number(r.balance), ledger: Number(r.ledger ?? 0) }));
}

export async function updateMemberProfile(db: SqlExecutor, shop: string, customerGid: string, p: MemberProfile, profileUpdatedAt: string | null): Promise<void> {
  // Out-of-order deliveries: an older customers/update never overwrites a newer one.
  await db.run(
    `UPDATE member SET email = ?, first_name = ?, last_name = ?, marketing_consent = ?, locale = ?, tags = ?, profile_updated_at = ?
     WHERE shop = ? AND customer_gid = ? AND (profile_updated_at IS NULL OR CAST(? AS TEXT) IS NULL OR profile_updated_at <= CAST(? AS TEXT))`,
    [p.email ?? null, p.firstName ?? null, p.lastName ?? null, p.marketingConsent ?? null, p.locale ?? null, p.tags ?? null,
      profileUpdatedAt, shop, customerGid, profileUpdatedAt, profileUpdatedAt],
  );
}
