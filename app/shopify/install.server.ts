// Installing Kanta in a shop: record the shop's facts, create Kanta's metafield definitions (read
// by the storefront), publish the program summary, then start the history import.
import { KantaMetafieldDefinitionCreate, KantaMetafieldsSet, KantaShopFacts } from "../graphql/documents";
import type {
  KantaMetafieldDefinitionCreateMutation, KantaMetafieldDefinitionCreateMutationVariables,
  KantaMetafieldsSetMutation, KantaMetafieldsSetMutationVariables, KantaShopFactsQuery,
} from "../graphql/types.generated";
import { enqueueJob } from "../jobs/jobs.server";
import { log } from "../lib/log.server";
import { ensureDefaultActions } from "../storage/actions.server";
import { meCache } from "../proxy/me-cache.server";
import { loadProgramSummary } from "../proxy/program-summary.server";
import { ensureDefaultFlows } from "../storage/flow-config.server";
import { ensureDefaultRewards } from "../storage/rewards.server";
import { ensureShop } from "../storage/shops.server";
import type { SqlDatabase } from "../storage/sql.server";
import { ensureDefaultTiers } from "../storage/tiers.server";
import { adminRequest, expectPayload, type AdminGraphql } from "./admin-client.server";

export const KANTA_NAMESPACE = "kanta";

/** The definitions the storefront needs; PUBLIC_READ lets Liquid and the Storefront API read them. */
export const METAFIELD_DEFINITIONS = [
  { ownerType: "CUSTOMER", key: "points", type: "number_integer", name: "Kanta points", description: "The customer's points balance." },
  { ownerType: "CUSTOMER", key: "tier", type: "single_line_text_field", name: "Kanta tier", description: "The customer's VIP tier." },
  { ownerType: "SHOP", key: "program", type: "json", name: "Kanta program", description: "How shoppers earn points (public summary)." },
] as const;

export async function recordShopFacts(db: SqlDatabase, shop: string, graphql: AdminGraphql): Promise<void> {
  const data = await adminRequest<KantaShopFactsQuery, undefined>(graphql, KantaShopFacts, undefined, { shop });
  const s = data.shop;
  const now = new Date().toISOString();
  // The postal address every mail carries: Shopify's billing address, unless the merchant set one.
  const postalAddress = s.billingAddress.formatted.map((line) => line.trim()).filter(Boolean).join(", ") || null;
  await ensureShop(db, shop, now);
  await db.run(
    `UPDATE shop SET shop_gid = ?, name = ?, currency = ?, timezone = ?, contact_email = ?, plan_name = ?, primary_domain = ?,
       facts_synced_at = ?, installed_at = COALESCE(installed_at, ?), reconciled_until = COALESCE(reconciled_until, ?),
       postal_address = COALESCE(postal_address, ?), status = 'active', uninstalled_at = NULL, updated_at = ?
     WHERE domain = ?`,
    [s.id, s.name, s.currencyCode, s.ianaTimezone, s.contactEmail ?? null, s.plan.publicDisplayName, s.primaryDomain.host, now, now, now,
      postalAddress, now, shop],
  );
}

export async function createMetafieldDefinitions(shop: string, graphql: AdminGraphql): Promise<void> {
  for (const d of METAFIELD_DEFINITIONS) {
    const data = await adminRequest<KantaMetafieldDefinitionCreateMutation, KantaMetafieldDefinitionCreateMutationVariables>(
      graphql,
      KantaMetafieldDefinitionCreate,
      {
        definition: {
          namespace: KANTA_NAMESPACE, key: d.key, type: d.type, ownerType: d.ownerType, name: d.name, description: d.description,
          access: { storefront: "PUBLIC_READ" },
        },
      },
      { shop },
    );
    const payload = data.metafieldDefinitionCreate;
    // Already created by an earlier install: that is the state we want.
    if (payload?.userErrors.length && payload.userErrors.every((e) => e.code === "TAKEN")) continue;
    expectPayload(payload, `metafieldDefinitionCreate ${d.ownerType} ${KANTA_NAMESPACE}.${d.key}`);
  }
}

/** Writes the shop's public program summary (kanta.program), read by the storefront blocks. */
export async function publishProgramSummary(db: SqlDatabase, shop: string, graphql: AdminGraphql): Promise<void> {
  const row = await db.get<{ shop_gid: string | null }>(`SELECT shop_gid FROM shop WHERE domain = ?`, [shop]);
  if (!row?.shop_gid) throw new Error(`shop ${shop} has no recorded facts yet`);
  // What the storefront shows before any App Proxy call (theme app extension, first paint).
  const summary = await loadProgramSummary(db, shop);
  const data = await adminRequest<KantaMetafieldsSetMutation, KantaMetafieldsSetMutationVariables>(
    graphql,
    KantaMetafieldsSet,
    { metafields: [{ ownerId: row.shop_gid, namespace: KANTA_NAMESPACE, key: "program", type: "json", value: JSON.stringify(summary) }] },
    { shop },
  );
  expectPayload(data.metafieldsSet, "metafieldsSet kanta.program");
}

/**
 * Rewrites the program summary after the merchant changed the program (earning, rewards, tiers,
 * ways to earn). A failure is logged, not thrown: the change is saved, and the next change or
 * install rewrites it.
 */
export async function refreshProgramSummary(db: SqlDatabase, shop: string, graphql: AdminGraphql): Promise<void> {
  // The storefront's cached /proxy/me answers describe the old program.
  meCache().invalidateShop(shop);
  try {
    const row = await db.get<{ shop_gid: string | null }>(`SELECT shop_gid FROM shop WHERE domain = ?`, [shop]);
    if (row?.shop_gid) await publishProgramSummary(db, shop, graphql);
  } catch (error) {
    log.warn("program summary not rewritten", { shop, error: (error as Error).message });
  }
}

/** The install job: idempotent, so a retry after a failure simply runs it again. */
export async function installShop(db: SqlDatabase, shop: string, graphql: AdminGraphql): Promise<void> {
  await recordShopFacts(db, shop, graphql);
  await ensureDefaultActions(db, shop);
  await ensureDefaultRewards(db, shop);
  await ensureDefaultTiers(db, shop);
  // Abandoned-checkout recovery and win-back are on with their defaults (the merchant can switch them off).
  await ensureDefaultFlows(db, shop, new Date().toISOString());
  await createMetafieldDefinitions(shop, graphql);
  await publishProgramSummary(db, shop, graphql);
  const imported = await db.get(`SELECT id FROM job WHERE shop = ? AND kind = 'backfill' AND status = 'done'`, [shop]);
  if (!imported) await enqueueJob(db, shop, "backfill");
  await enqueueJob(db, shop, "reconcile", new Date(Date.now() + 60 * 60 * 1000));
}
