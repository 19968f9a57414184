// Keeps the storefront's customer metafields (kanta.points, kanta.tier) current.
// Ledger writes mark the customer in metafield_sync; this pass waits until a customer has been
// quiet for the debounce period, then writes 25 customers at a time (25 metafields per metafieldsSet call).
import { KantaMetafieldsSet } from "../graphql/documents";
import type { KantaMetafieldsSetMutation, KantaMetafieldsSetMutationVariables } from "../graphql/types.generated";
import { log } from "../lib/log.server";
import type { SqlDatabase } from "../storage/sql.server";
import { adminRequest, expectPayload, type AdminGraphql } from "./admin-client.server";
import { KANTA_NAMESPACE } from "./install.server";

export const METAFIELDS_PER_CALL = 25;

/** Syncs one batch for one shop; returns how many customers were written. */
export async function syncMetafieldBatch(
  db: SqlDatabase,
  shop: string,
  graphql: AdminGraphql,
  opts: { debounceMs?: number; now?: Date } = {},
): Promise<number> {
  const now = opts.now ?? new Date();
  const quietSince = new Date(now.getTime() - (opts.debounceMs ?? 2000)).toISOString();
  const rows = await db.all<{ customer_gid: string; dirty_at: string; balance: number | null; status: string | null; tier_name: string | null }>(
    `SELECT s.customer_gid, s.dirty_at, m.balance, m.status, t.name AS tier_name FROM metafield_sync s
     LEFT JOIN member m ON m.shop = s.shop AND m.customer_gid = s.customer_gid
     LEFT JOIN tier t ON t.shop = m.shop AND t.id = m.tier_id AND t.archived_at IS NULL
     WHERE s.shop = ? AND s.dirty_at <= ? ORDER BY s.dirty_at LIMIT ?`,
    [shop, quietSince, METAFIELDS_PER_CALL],
  );
  // Only active members have a Shopify customer to write to: merged-away and deleted customers
  // are gone from Shopify, and redacted members carry a pseudonym.
  let writable = rows.filter((r) => r.customer_gid.startsWith("gid://shopify/Customer/") && r.balance !== null && r.status === "active");
  for (let attempt = 0; writable.length && attempt < 2; attempt++) {
    // kanta.points for everyone, kanta.tier (the tier's name) for members holding a tier.
    const inputs = writable.flatMap((r) => [
      { ownerId: r.customer_gid, namespace: KANTA_NAMESPACE, key: "points", type: "number_integer", value: String(Number(r.balance)) },
      ...(r.tier_name ? [{ ownerId: r.customer_gid, namespace: KANTA_NAMESPACE, key: "tier", type: "single_line_text_field", value: r.tier_name }] : []),
    ]);
    const gone = new Set<string>();
    for (let start = 0; start < inputs.length; start += METAFIELDS_PER_CALL) {
      const chunk = inputs.slice(start, start + METAFIELDS_PER_CALL);
      const data = await adminRequest<KantaMetafieldsSetMutation, KantaMetafieldsSetMutationVariables>(
        graphql, KantaMetafieldsSet, { metafields: chunk }, { shop },
      );
      const errors = data.metafieldsSet?.userErrors ?? [];
      // A customer deleted in Shopify before its webhook reached Kanta: skip that owner, write the rest.
      const missing = errors.filter((e) => e.field?.[0] === "metafields" && e.field?.[2] === "ownerId").map((e) => chunk[Number(e.field?.[1])]?.ownerId);
      if (errors.length > 0 && missing.length === errors.length) {
        for (const owner of missing) if (owner) gone.add(owner);
        continue;
      }
      expectPayload(data.metafieldsSet, "metafieldsSet kanta.points");
    }
    if (gone.size === 0) break;
    log.warn("metafield sync: customers no longer in Shopify skipped", { shop, customers: [...gone] });
    writable = writable.filter((r) => !gone.has(r.customer_gid));
  }
  // Only rows unchanged since they were read are cleared: a newer balance is synced next time.
  await db.transaction(async (tx) => {
    for (const r of rows) {
      await tx.run(`DELETE FROM metafield_sync WHERE shop = ? AND customer_gid = ? AND dirty_at = ?`, [shop, r.customer_gid, r.dirty_at]);
    }
  });
  return writable.length;
}

/** Shops that have customers waiting for a metafield write and an installed app (an offline session). */
export async function shopsWithPendingMetafields(db: SqlDatabase): Promise<string[]> {
  const rows = await db.all<{ shop: string }>(
    `SELECT DISTINCT s.shop FROM metafield_sync s JOIN shop ON shop.domain = s.shop
     WHERE shop.status = 'active' AND shop.shop_gid IS NOT NULL`,
  );
  return rows.map((r) => r.shop);
}

export async function syncAllMetafields(db: SqlDatabase, adminFor: (shop: string) => Promise<AdminGraphql>): Promise<number> {
  let written = 0;
  for (const shop of await shopsWithPendingMetafields(db)) {
    try {
      const graphql = await adminFor(shop);
      for (;;) {
        const n = await syncMetafieldBatch(db, shop, graphql);
        written += n;
        if (n < METAFIELDS_PER_CALL) break;
      }
    } catch (error) {
      log.warn("metafield sync failed; will retry", { shop, error: (error as Error).message });
    }
  }
  return written;
}
