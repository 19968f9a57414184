// Writing unsubscribes back to Shopify: each suppressed address of a known customer becomes
// UNSUBSCRIBED in the customer's email marketing consent. Called right after an unsubscribe and
// by a background pass every minute; a failure is kept on the row and tried again on the next pass.
import { KantaCustomerEmailMarketingConsentUpdate } from "../graphql/documents";
import type {
  KantaCustomerEmailMarketingConsentUpdateMutation, KantaCustomerEmailMarketingConsentUpdateMutationVariables,
} from "../graphql/types.generated";
import { log } from "../lib/log.server";
import type { SqlDatabase, SqlExecutor } from "../storage/sql.server";
import { AdminUserErrors, adminRequest, expectPayload, type AdminGraphql } from "./admin-client.server";

/** consent_error of a row that is never sent: Shopify has no customer for it. */
export const NO_SHOPIFY_CUSTOMER = "no Shopify customer";

const BATCH = 100;

/** Active shops with unsubscribes still to write back. */
export async function shopsWithUnsyncedUnsubscribes(db: SqlExecutor): Promise<string[]> {
  const rows = await db.all<{ shop: string }>(
    `SELECT DISTINCT ms.shop FROM mail_suppression ms JOIN shop s ON s.domain = ms.shop
     WHERE ms.consent_synced_at IS NULL AND s.status = 'active'
       AND (ms.consent_error IS NULL OR ms.consent_error NOT LIKE ?)
     ORDER BY ms.shop`,
    [`${NO_SHOPIFY_CUSTOMER}%`],
  );
  return rows.map((r) => r.shop);
}

function isoInstant(value: unknown): string {
  const date = value instanceof Date ? value : new Date(String(value));
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * Writes the shop's pending unsubscribes to Shopify (up to 100 per call). A row without a
 * customer, or whose customer Shopify does not know, is marked and left alone from then on.
 */
export async function syncUnsubscribes(db: SqlDatabase, shop: string, admin: AdminGraphql, now: Date = new Date()): Promise<{ synced: number; failed: number }> {
  await db.run(
    `UPDATE mail_suppression SET consent_error = ? WHERE shop = ? AND customer_gid IS NULL AND consent_synced_at IS NULL AND consent_error IS NULL`,
    [NO_SHOPIFY_CUSTOMER, shop],
  );
  const rows = await db.all<{ id: number; customer_gid: string; created_at: unknown }>(
    `SELECT id, customer_gid, created_at FROM mail_suppression
     WHERE shop = ? AND consent_synced_at IS NULL AND customer_gid IS NOT NULL AND (consent_error IS NULL OR consent_error NOT LIKE ?)
     ORDER BY id LIMIT ${BATCH}`,
    [shop, `${NO_SHOPIFY_CUSTOMER}%`],
  );
  let synced = 0;
  let failed = 0;
  for (const row of rows) {
    const id = Number(row.id);
    try {
      const data = await adminRequest<KantaCustomerEmailMarketingConsentUpdateMutation, KantaCustomerEmailMarketingConsentUpdateMutationVariables>(
        admin,
        KantaCustomerEmailMarketingConsentUpdate,
        {
          input: {
            customerId: row.customer_gid,
            emailMarketingConsent: { marketingState: "UNSUBSCRIBED", consentUpdatedAt: isoInstant(row.created_at) },
          },
        },
        { shop },
      );
      expectPayload(data.customerEmailMarketingConsentUpdate, `customerEmailMarketingConsentUpdate ${row.customer_gid}`);
      const syncedAt = now.toISOString();
      await db.transaction(async (tx) => {
        await tx.run(`UPDATE mail_suppression SET consent_synced_at = ?, consent_error = NULL WHERE shop = ? AND id = ?`, [syncedAt, shop, id]);
        await tx.run(`UPDATE member SET marketing_consent = 'unsubscribed' WHERE shop = ? AND customer_gid = ?`, [shop, row.customer_gid]);
      });
      synced += 1;
    } catch (error) {
      const unknownCustomer = error instanceof AdminUserErrors && error.userErrors.some((e) => e.field?.join(".") === "input.customerId");
      const message = (error as Error).message.slice(0, 500);
      await db.run(`UPDATE mail_suppression SET consent_error = ? WHERE shop = ? AND id = ?`, [
        unknownCustomer ? `${NO_SHOPIFY_CUSTOMER}: ${message}` : message, shop, id,
      ]);
      failed += 1;
      log.warn("unsubscribe not written back to Shopify", { shop, customerGid: row.customer_gid, error: message });
    }
  }
  return { synced, failed };
}
