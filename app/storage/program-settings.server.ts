// The shop's earning settings (rate, test orders, excluded product tags and collections) and
// expiry settings: read, checked and saved. Saving new exclusions queues the exclusions sync,
// which resolves them to product ids (excluded_product) through the Admin API.
import { KantaCollection } from "../graphql/documents";
import { i18nFor, type Translate } from "../i18n/i18n";
import type { KantaCollectionQuery, KantaCollectionQueryVariables } from "../graphql/types.generated";
import { enqueueJob } from "../jobs/jobs.server";
import type { ExpirySettings } from "../loyalty/expiry";
import {
  earningSettingsFromInput, expirySettingsFromInput, joinList, splitList, type EarningSettings, type FieldErrors,
} from "../loyalty/program-settings";
import { AdminApiError, adminRequest, type AdminGraphql } from "../shopify/admin-client.server";
import { sameList } from "./excluded-products.server";
import { loadExpirySettings } from "./expiry.server";
import { ensureShop } from "./shops.server";
import type { SqlDatabase, SqlExecutor } from "./sql.server";

export type ProgramSettings = {
  earning: EarningSettings & { exclusionsSyncedAt: string | null; excludedProducts: number };
  expiry: ExpirySettings;
};

export type SaveResult = { ok: true } | { ok: false; errors: FieldErrors };

export type SaveEarningOptions = {
  /** The shop's Admin GraphQL caller: collections added to the exclusions are checked against the store. */
  admin?: AdminGraphql;
};

export const EXCLUSIONS_SYNC_JOB = "exclusions_sync";

type EarningRow = {
  earn_points: number; earn_per_major_units: number; earn_on_test_orders: number | boolean; excluded_product_tags: string;
  excluded_collections: string; exclusions_synced_at: string | null;
};

const DEFAULT_EARNING: EarningSettings = { points: 1, perMajorUnits: 1, earnOnTestOrders: false, excludedTags: [], excludedCollections: [] };

function toIso(now: Date | string): string {
  return typeof now === "string" ? now : now.toISOString();
}

async function loadEarning(db: SqlExecutor, shop: string): Promise<ProgramSettings["earning"]> {
  const row = await db.get<EarningRow>(
    `SELECT earn_points, earn_per_major_units, earn_on_test_orders, excluded_product_tags, excluded_collections, exclusions_synced_at
     FROM shop WHERE domain = ?`,
    [shop],
  );
  const count = await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM excluded_product WHERE shop = ?`, [shop]);
  if (!row) return { ...DEFAULT_EARNING, exclusionsSyncedAt: null, excludedProducts: Number(count?.n ?? 0) };
  return {
    points: Number(row.earn_points),
    perMajorUnits: Number(row.earn_per_major_units),
    earnOnTestOrders: Boolean(row.earn_on_test_orders),
    excludedTags: splitList(row.excluded_product_tags),
    excludedCollections: splitList(row.excluded_collections),
    exclusionsSyncedAt: row.exclusions_synced_at === null ? null : String(row.exclusions_synced_at),
    excludedProducts: Number(count?.n ?? 0),
  };
}

/** What the admin shows: the earning rule, the exclusions (and how many products they resolve to), expiry. */
export async function loadProgramSettings(db: SqlExecutor, shop: string): Promise<ProgramSettings> {
  return { earning: await loadEarning(db, shop), expiry: await loadExpirySettings(db, shop) };
}

/** Collections (of `gids`) the store does not have. Throws AdminApiError when Shopify cannot be asked. */
export async function missingCollections(graphql: AdminGraphql, shop: string, gids: string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const id of gids) {
    const data = await adminRequest<KantaCollectionQuery, KantaCollectionQueryVariables>(graphql, KantaCollection, { id }, { shop, maxAttempts: 3 });
    if (!data.collection) missing.push(id);
  }
  return missing;
}

/**
 * Saves the earning settings (fields: points, perMajorUnits, earnOnTestOrders, excludedTags,
 * excludedCollections; absent fields are kept). Collections not saved before are checked through
 * the Admin API (`opts.admin`). Changed exclusions are resolved to products by the exclusions
 * sync job; with no exclusions left, the excluded products are cleared at once. Orders already
 * recorded keep the exclusions they were recorded with. (The caller rewrites the storefront's
 * program summary when the rate changed: refreshProgramSummary.)
 */
export async function saveEarningSettings(
  db: SqlDatabase, shop: string, input: unknown, now: Date | string = new Date(), opts: SaveEarningOptions = {}, t: Translate = i18nFor("en").t,
): Promise<SaveResult> {
  const at = toIso(now);
  const current = await loadEarning(db, shop);
  const checked = earningSettingsFromInput(input, current, t);
  if (!checked.ok) return checked;
  const next = checked.settings;

  const added = next.excludedCollections.filter((c) => !current.excludedCollections.includes(c));
  if (added.length) {
    if (!opts.admin) throw new Error("saveEarningSettings: checking new excluded collections needs opts.admin");
    try {
      const missing = await missingCollections(opts.admin, shop, added);
      if (missing.length) {
        return { ok: false, errors: { excludedCollections: t("validation.settings.noCollection", { ids: missing.join(", ") }) } };
      }
    } catch (error) {
      if (!(error instanceof AdminApiError)) throw error;
      return { ok: false, errors: { form: t("validation.settings.collectionsUnavailable") } };
    }
  }

  const exclusionsChanged =
    !sameList(next.excludedTags, current.excludedTags) || !sameList(next.excludedCollections, current.excludedCollections);
  const noExclusions = next.excludedTags.length === 0 && next.excludedCollections.length === 0;
  await db.transaction(async (tx) => {
    await ensureShop(tx, shop, at);
    await tx.run(
      `UPDATE shop SET earn_points = ?, earn_per_major_units = ?, earn_on_test_orders = ?, excluded_product_tags = ?, excluded_collections = ?,
         updated_at = ? WHERE domain = ?`,
      [next.points, next.perMajorUnits, next.earnOnTestOrders, joinList(next.excludedTags), joinList(next.excludedCollections), at, shop],
    );
    if (exclusionsChanged && noExclusions) {
      await tx.run(`DELETE FROM excluded_product WHERE shop = ?`, [shop]);
      await tx.run(`UPDATE shop SET exclusions_synced_at = ? WHERE domain = ?`, [at, shop]);
    }
  });
  if (!noExclusions && (exclusionsChanged || current.exclusionsSyncedAt === null)) await requestExclusionsSync(db, shop, new Date(at));
  return { ok: true };
}

/** Saves the expiry settings (fields: mode, months, reminderDays; absent fields are kept). */
export async function saveExpirySettings(
  db: SqlDatabase, shop: string, input: unknown, now: Date | string = new Date(), t: Translate = i18nFor("en").t,
): Promise<SaveResult> {
  const at = toIso(now);
  const current = await loadExpirySettings(db, shop);
  const checked = expirySettingsFromInput(input, current, t);
  if (!checked.ok) return checked;
  const s = checked.settings;
  await db.transaction(async (tx) => {
    await ensureShop(tx, shop, at);
    await tx.run(
      `UPDATE shop SET expiry_mode = ?, expiry_months = ?, expiry_reminder_days = ?, updated_at = ? WHERE domain = ?`,
      [s.mode, s.months, s.reminderDays, at, shop],
    );
  });
  return { ok: true };
}

/** Runs the exclusions sync now: moves a queued (e.g. tomorrow's) run forward, or queues one. */
export async function requestExclusionsSync(db: SqlDatabase, shop: string, now = new Date()): Promise<void> {
  const at = now.toISOString();
  const moved = await db.run(
    `UPDATE job SET run_after = ?, updated_at = ? WHERE shop = ? AND kind = ? AND status = 'queued'`,
    [at, at, shop, EXCLUSIONS_SYNC_JOB],
  );
  // A run in progress notices the change when it stores its result, and starts over.
  if (moved === 0) await enqueueJob(db, shop, EXCLUSIONS_SYNC_JOB, now);
}
