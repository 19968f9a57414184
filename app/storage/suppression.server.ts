// Unsubscribes: an address that must get no more marketing mail from a shop. Kept here at once
// (the active flows of that shopper stop in the same transaction) and written back to Shopify's
// email marketing consent afterwards (app/shopify/consent-sync.server.ts).
import { stopRuns } from "./flow-runs.server";
import type { SqlDatabase, SqlExecutor } from "./sql.server";

export type SuppressionSource = "link" | "one_click" | "admin";

/**
 * Suppresses the address: records it (once; a second unsubscribe changes nothing) and stops the
 * shopper's active runs, cancelling their scheduled mails, in one transaction.
 */
export async function suppress(
  db: SqlDatabase, shop: string, who: { email: string; customerGid?: string | null }, source: SuppressionSource, now: Date,
): Promise<{ created: boolean }> {
  const email = who.email.trim().toLowerCase();
  if (!email) throw new Error("suppress: an email address is required");
  const nowIso = now.toISOString();
  return await db.transaction(async (tx) => {
    // A guest's address may still belong to a customer Kanta knows: then Shopify's consent is theirs.
    const customerGid = who.customerGid || (await customerByEmail(tx, shop, email));
    const inserted = await tx.run(
      `INSERT INTO mail_suppression (shop, email, customer_gid, reason, source, created_at)
       VALUES (?, ?, ?, 'unsubscribed', ?, ?) ON CONFLICT DO NOTHING`,
      [shop, email, customerGid, source, nowIso],
    );
    await stopRuns(tx, shop, { email, customerGid }, "unsubscribed", nowIso);
    return { created: inserted > 0 };
  });
}

async function customerByEmail(tx: SqlExecutor, shop: string, email: string): Promise<string | null> {
  const rows = await tx.all<{ customer_gid: string }>(
    `SELECT customer_gid FROM member WHERE shop = ? AND email = ? AND status = 'active' LIMIT 2`, [shop, email],
  );
  return rows.length === 1 ? rows[0]!.customer_gid : null;
}

export async function isSuppressed(db: SqlExecutor, shop: string, email: string): Promise<boolean> {
  const address = email.trim().toLowerCase();
  if (!address) return false;
  const row = await db.get(`SELECT 1 AS hit FROM mail_suppression WHERE shop = ? AND email = ?`, [shop, address]);
  return row !== undefined;
}

export type MessageByToken = {
  id: number;
  shop: string;
  run_id: number | null;
  flow_kind: string;
  step: number;
  email: string | null;
  customer_gid: string | null;
  status: string;
  marketing: boolean;
  /** The run's locale, else the member's. */
  locale: string | null;
};

/** The flow message a link names by its tracking token (the token is unique across shops). */
export async function messageByToken(db: SqlExecutor, token: string): Promise<MessageByToken | undefined> {
  const row = await db.get<Omit<MessageByToken, "locale" | "marketing"> & { marketing: number | boolean; run_locale: string | null; member_locale: string | null }>(
    `SELECT m.id, m.shop, m.run_id, m.flow_kind, m.step, m.email, m.customer_gid, m.status, m.marketing,
            r.locale AS run_locale, mem.locale AS member_locale
     FROM flow_message m
     LEFT JOIN flow_run r ON r.shop = m.shop AND r.id = m.run_id
     LEFT JOIN member mem ON mem.shop = m.shop AND mem.customer_gid = m.customer_gid
     WHERE m.tracking_token = ?`,
    [token],
  );
  if (!row) return undefined;
  return {
    id: Number(row.id), shop: row.shop, run_id: row.run_id === null ? null : Number(row.run_id), flow_kind: row.flow_kind,
    step: Number(row.step), email: row.email, customer_gid: row.customer_gid, status: row.status, marketing: Boolean(row.marketing),
    locale: row.run_locale ?? row.member_locale ?? null,
  };
}
