// The exclusions sync: the merchant excludes products from earning by product tag and by
// collection, but order lines only carry product ids, so Kanta resolves the tags and collections
// to product ids through the Admin API (250 ids a page, 253 points at most per query) and stores
// them in excluded_product. Everything is read first, then the set is replaced in one
// transaction — unless the merchant changed the exclusions meanwhile, in which case it starts
// over. Runs when the merchant saves new exclusions and then daily.
import { KantaCollectionProducts, KantaProductsByTag } from "../graphql/documents";
import type {
  KantaCollectionProductsQuery, KantaCollectionProductsQueryVariables, KantaProductsByTagQuery, KantaProductsByTagQueryVariables,
} from "../graphql/types.generated";
import type { JobRow, StepResult } from "../jobs/jobs.server";
import { log } from "../lib/log.server";
import { loadExclusions, replaceExcludedProducts } from "../storage/excluded-products.server";
import type { SqlDatabase } from "../storage/sql.server";
import { adminRequest, type AdminGraphql } from "./admin-client.server";

const DAY_MS = 86_400_000;

/** Shopify search syntax for one exact tag: `tag:'summer sale'` (the other quote when the tag holds one). */
export function tagSearchQuery(tag: string): string {
  const text = tag.replace(/\\/g, "\\\\");
  if (!text.includes("'")) return `tag:'${text}'`;
  if (!text.includes('"')) return `tag:"${text}"`;
  return `tag:'${text.replace(/'/g, "\\'")}'`;
}

export type ResolvedExclusions = { products: Set<string>; missingCollections: string[] };

/** Reads every product carrying one of `tags` or belonging to one of `collections`. */
export async function resolveExclusions(
  graphql: AdminGraphql, shop: string, exclusions: { tags: string[]; collections: string[] },
): Promise<ResolvedExclusions> {
  const products = new Set<string>();
  const missingCollections: string[] = [];
  for (const tag of exclusions.tags) {
    let after: string | null = null;
    do {
      const data: KantaProductsByTagQuery = await adminRequest<KantaProductsByTagQuery, KantaProductsByTagQueryVariables>(
        graphql, KantaProductsByTag, { query: tagSearchQuery(tag), after }, { shop },
      );
      for (const p of data.products.nodes) products.add(p.id);
      after = data.products.pageInfo.hasNextPage ? (data.products.pageInfo.endCursor ?? null) : null;
    } while (after !== null);
  }
  for (const id of exclusions.collections) {
    let after: string | null = null;
    do {
      const data: KantaCollectionProductsQuery = await adminRequest<KantaCollectionProductsQuery, KantaCollectionProductsQueryVariables>(
        graphql, KantaCollectionProducts, { id, after }, { shop },
      );
      if (!data.collection) {
        // Deleted in Shopify since it was saved: it excludes nothing any more.
        missingCollections.push(id);
        break;
      }
      for (const p of data.collection.products.nodes) products.add(p.id);
      const page = data.collection.products.pageInfo;
      after = page.hasNextPage ? (page.endCursor ?? null) : null;
    } while (after !== null);
  }
  return { products, missingCollections };
}

export type ExclusionsSyncResult = {
  /** false when the exclusions changed while they were being read (nothing stored: run again) */
  synced: boolean;
  products: number;
  missingCollections: string[];
  /** whether the shop has exclusions to keep in sync */
  hasExclusions: boolean;
};

/** Resolves the shop's current exclusions and stores the product ids. */
export async function syncExclusions(db: SqlDatabase, shop: string, graphql: AdminGraphql, now = new Date()): Promise<ExclusionsSyncResult> {
  const exclusions = await loadExclusions(db, shop);
  if (!exclusions) return { synced: true, products: 0, missingCollections: [], hasExclusions: false };
  const hasExclusions = exclusions.tags.length > 0 || exclusions.collections.length > 0;
  const resolved = hasExclusions ? await resolveExclusions(graphql, shop, exclusions) : { products: new Set<string>(), missingCollections: [] };
  const synced = await replaceExcludedProducts(db, shop, exclusions, resolved.products, now);
  if (resolved.missingCollections.length) {
    log.warn("exclusions sync: excluded collections no longer exist", { shop, collections: resolved.missingCollections });
  }
  return { synced, products: resolved.products.size, missingCollections: resolved.missingCollections, hasExclusions };
}

/** The 'exclusions_sync' job: one full sync per step; done → the next run tomorrow while exclusions exist. */
export async function exclusionsSyncStep(db: SqlDatabase, job: JobRow, graphql: AdminGraphql): Promise<StepResult> {
  const started = new Date();
  const r = await syncExclusions(db, job.shop, graphql, started);
  if (!r.synced) return { done: false, progress: { ...job.progress, restartedAt: started.toISOString() } };
  return {
    done: true,
    progress: { products: r.products, missingCollections: r.missingCollections, syncedAt: started.toISOString() },
    nextRunAt: r.hasExclusions ? new Date(started.getTime() + DAY_MS) : undefined,
  };
}
