// The shop's excluded products (excluded_product): the product ids its excluded tags and
// collections resolved to. Order lines recorded for the first time look their product up here.
import { splitList } from "../loyalty/program-settings";
import type { SqlDatabase, SqlExecutor } from "./sql.server";

export const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

function toIso(now: Date | string): string {
  return typeof now === "string" ? now : now.toISOString();
}

/** The exclusions as saved (what a sync resolves). */
export async function loadExclusions(db: SqlExecutor, shop: string): Promise<{ tags: string[]; collections: string[] } | null> {
  const row = await db.get<{ excluded_product_tags: string; excluded_collections: string }>(
    `SELECT excluded_product_tags, excluded_collections FROM shop WHERE domain = ?`,
    [shop],
  );
  return row ? { tags: splitList(row.excluded_product_tags), collections: splitList(row.excluded_collections) } : null;
}

/**
 * Replaces the shop's excluded products with `products`, in one transaction — only if the
 * exclusions are still the ones they were resolved from (else false: resolve again).
 */
export async function replaceExcludedProducts(
  db: SqlDatabase, shop: string, resolvedFrom: { tags: string[]; collections: string[] }, products: Iterable<string>, now: Date | string,
): Promise<boolean> {
  const at = toIso(now);
  const ids = [...new Set(products)].sort();
  return await db.transaction(async (tx) => {
    const forUpdate = tx.dialect === "postgresql" ? " FOR UPDATE" : "";
    const row = await tx.get<{ excluded_product_tags: string; excluded_collections: string }>(
      `SELECT excluded_product_tags, excluded_collections FROM shop WHERE domain = ?${forUpdate}`,
      [shop],
    );
    if (!row) return false;
    if (!sameList(splitList(row.excluded_product_tags), resolvedFrom.tags) || !sameList(splitList(row.excluded_collections), resolvedFrom.collections)) {
      return false;
    }
    await tx.run(`DELETE FROM excluded_product WHERE shop = ?`, [shop]);
    for (let i = 0; i < ids.length; i += 400) {
      const chunk = ids.slice(i, i + 400);
      await tx.run(
        `INSERT INTO excluded_product (shop, product_gid) VALUES ${chunk.map(() => "(?, ?)").join(", ")}`,
        chunk.flatMap((id) => [shop, id]),
      );
    }
    await tx.run(`UPDATE shop SET exclusions_synced_at = ? WHERE domain = ?`, [at, shop]);
    return true;
  });
}

/** Which of `productGids` the shop excludes from earning. */
export async function excludedProductsAmong(db: SqlExecutor, shop: string, productGids: string[]): Promise<Set<string>> {
  if (productGids.length === 0) return new Set();
  const rows = await db.all<{ product_gid: string }>(
    `SELECT product_gid FROM excluded_product WHERE shop = ? AND product_gid IN (${productGids.map(() => "?").join(", ")})`,
    [shop, ...productGids],
  );
  return new Set(rows.map((r) => r.product_gid));
}

/** Shops whose exclusions resolve to products (for the daily re-sync). */
export async function shopsWithExclusions(db: SqlExecutor): Promise<string[]> {
  const rows = await db.all<{ domain: string }>(
    `SELECT domain FROM shop WHERE status = 'active' AND (excluded_product_tags <> '' OR excluded_collections <> '') ORDER BY domain`,
  );
  return rows.map((r) => r.domain);
}
