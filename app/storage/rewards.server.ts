// The rewards catalog and redemptions, per shop.
import { defaultRewards, type Reward, type RewardKind } from "../loyalty/rewards";
import type { SqlDatabase, SqlExecutor } from "./sql.server";

type RewardRow = {
  id: number; kind: string; name: string; points_cost: number; value_minor: number | null; percent_bps: number | null;
  collection_gid: string | null; variant_gid: string | null; variant_title: string | null; min_points: number | null;
  max_points: number | null; currency: string; min_order_minor: number | null; lifetime_days: number;
  combines_order: number | boolean; combines_product: number | boolean; combines_shipping: number | boolean;
  tier_id: number | null; enabled: number | boolean; position: number;
};

const REWARD_COLUMNS = `id, kind, name, points_cost, value_minor, percent_bps, collection_gid, variant_gid, variant_title, min_points,
  max_points, currency, min_order_minor, lifetime_days, combines_order, combines_product, combines_shipping, tier_id, enabled, position`;

const num = (v: number | null) => (v === null ? null : Number(v));

function rewardFromRow(r: RewardRow): Reward {
  return {
    id: Number(r.id), kind: r.kind as RewardKind, name: r.name, pointsCost: Number(r.points_cost), valueMinor: num(r.value_minor),
    percentBps: num(r.percent_bps), collectionGid: r.collection_gid, variantGid: r.variant_gid, variantTitle: r.variant_title,
    minPoints: num(r.min_points), maxPoints: num(r.max_points), currency: r.currency, minOrderMinor: num(r.min_order_minor),
    lifetimeDays: Number(r.lifetime_days),
    combinesWith: { order: Boolean(r.combines_order), product: Boolean(r.combines_product), shipping: Boolean(r.combines_shipping) },
    tierId: num(r.tier_id), enabled: Boolean(r.enabled), position: Number(r.position),
  };
}

/** The shop's currency: from its facts, else from the orders Kanta has seen. */
export async function shopCurrency(db: SqlExecutor, shop: string): Promise<string | null> {
  const row = await db.get<{ currency: string | null }>(`SELECT currency FROM shop WHERE domain = ?`, [shop]);
  if (row?.currency) return row.currency;
  const order = await db.get<{ currency: string }>(`SELECT currency FROM order_record WHERE shop = ? AND currency IS NOT NULL LIMIT 1`, [shop]);
  return order?.currency ?? null;
}

/**
 * Creates the default catalog once, as soon as the shop's currency is known (at install, or from
 * the first order of a shop seen only through webhooks). Returns true when it created it.
 */
export async function ensureDefaultRewards(db: SqlDatabase, shop: string): Promise<boolean> {
  const seeded = await db.get<{ rewards_seeded_at: string | null }>(`SELECT rewards_seeded_at FROM shop WHERE domain = ?`, [shop]);
  if (!seeded || seeded.rewards_seeded_at) return false;
  return await db.transaction(async (tx) => {
    const now = new Date().toISOString();
    const currency = await shopCurrency(tx, shop);
    if (!currency) return false;
    const claimed = await tx.run(`UPDATE shop SET rewards_seeded_at = ? WHERE domain = ? AND rewards_seeded_at IS NULL`, [now, shop]);
    if (claimed === 0) return false;
    for (const r of defaultRewards(currency)) await insertReward(tx, shop, r, now);
    return true;
  });
}

export async function listRewards(db: SqlExecutor, shop: string, opts: { enabledOnly?: boolean } = {}): Promise<Reward[]> {
  const rows = await db.all<RewardRow>(
    `SELECT ${REWARD_COLUMNS} FROM reward WHERE shop = ? AND archived_at IS NULL ${opts.enabledOnly ? "AND enabled = ?" : ""}
     ORDER BY position, id`,
    opts.enabledOnly ? [shop, true] : [shop],
  );
  return rows.map(rewardFromRow);
}

export async function getReward(db: SqlExecutor, shop: string, id: number): Promise<Reward | null> {
  const row = await db.get<RewardRow>(`SELECT ${REWARD_COLUMNS} FROM reward WHERE shop = ? AND id = ? AND archived_at IS NULL`, [shop, id]);
  return row ? rewardFromRow(row) : null;
}

function rewardValues(r: Omit<Reward, "id">) {
  return [
    r.kind, r.name, r.pointsCost, r.valueMinor, r.percentBps, r.collectionGid, r.variantGid, r.variantTitle, r.minPoints, r.maxPoints,
    r.currency, r.minOrderMinor, r.lifetimeDays, r.combinesWith.order, r.combinesWith.product, r.combinesWith.shipping, r.tierId ?? null,
    r.enabled, r.position,
  ];
}

export async function insertReward(db: SqlExecutor, shop: string, r: Omit<Reward, "id">, now: string): Promise<number> {
  const row = await db.get<{ id: number }>(
    `INSERT INTO reward (kind, name, points_cost, value_minor, percent_bps, collection_gid, variant_gid, variant_title, min_points, max_points,
       currency, min_order_minor, lifetime_days, combines_order, combines_product, combines_shipping, tier_id, enabled, position, shop, created_at,
       updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    [...rewardValues(r), shop, now, now],
  );
  return Number(row!.id);
}

export async function nextRewardPosition(db: SqlExecutor, shop: string): Promise<number> {
  const row = await db.get<{ p: number | null }>(`SELECT MAX(position) AS p FROM reward WHERE shop = ? AND archived_at IS NULL`, [shop]);
  return row?.p === null || row?.p === undefined ? 0 : Number(row.p) + 1;
}

/** Returns false when the reward does not exist in this shop. */
export async function updateReward(db: SqlExecutor, shop: string, id: number, r: Omit<Reward, "id">, now: string): Promise<boolean> {
  const changed = await db.run(
    `UPDATE reward SET kind = ?, name = ?, points_cost = ?, value_minor = ?, percent_bps = ?, collection_gid = ?, variant_gid = ?,
       variant_title = ?, min_points = ?, max_points = ?, currency = ?, min_order_minor = ?, lifetime_days = ?, combines_order = ?,
       combines_product = ?, combines_shipping = ?, tier_id = ?, enabled = ?, position = ?, updated_at = ?
     WHERE shop = ? AND id = ? AND archived_at IS NULL`,
    [...rewardValues(r), now, shop, id],
  );
  return changed > 0;
}

/** Removes a reward from the catalog; its redemptions keep their snapshot. */
export async function archiveReward(db: SqlExecutor, shop: string, id: number, now: string): Promise<boolean> {
  return (await db.run(`UPDATE reward SET archived_at = ?, updated_at = ? WHERE shop = ? AND id = ? AND archived_at IS NULL`, [now, now, shop, id])) > 0;
}

// ---------------------------------------------------------------------------------------------
// Redemptions

export type RedemptionRow = {
  id: number; customer_gid: string; buyer_gid: string; reward_id: number; reward_json: string; idempotency_key: string;
  points: number; value_minor: number | null; currency: string; code: string; discount_gid: string | null; status: string;
  error: string | null; ends_at: string; used_order_gid: string | null; used_at: string | null; returned_at: string | null;
  created_at: string;
};

const REDEMPTION_COLUMNS = `id, customer_gid, buyer_gid, reward_id, reward_json, idempotency_key, points, value_minor, currency, code,
  discount_gid, status, error, ends_at, used_order_gid, used_at, returned_at, created_at`;

export async function findRedemptionByKey(db: SqlExecutor, shop: string, buyerGid: string, key: string): Promise<RedemptionRow | undefined> {
  return await db.get<RedemptionRow>(
    `SELECT ${REDEMPTION_COLUMNS} FROM redemption WHERE shop = ? AND buyer_gid = ? AND idempotency_key = ?`,
    [shop, buyerGid, key],
  );
}

export async function getRedemption(db: SqlExecutor, shop: string, id: number): Promise<RedemptionRow | undefined> {
  return await db.get<RedemptionRow>(`SELECT ${REDEMPTION_COLUMNS} FROM redemption WHERE shop = ? AND id = ?`, [shop, id]);
}

export type RedemptionFilter = {
  /** pending | active | used | expired | returned | failed */
  state?: string;
  rewardId?: number;
  /** matches the code, the customer id or the member's email (case-insensitive) */
  search?: string;
  limit?: number;
  /** the id of the last row of the previous page */
  before?: number;
};

export type RedemptionListItem = RedemptionRow & { email: string | null; first_name: string | null; last_name: string | null };

/** Newest first, for the admin list. */
export async function listRedemptions(db: SqlExecutor, shop: string, f: RedemptionFilter, now: Date): Promise<RedemptionListItem[]> {
  const where = ["r.shop = ?"];
  const params: unknown[] = [shop];
  const nowIso = now.toISOString();
  switch (f.state) {
    case "active":
      where.push("r.status = 'active' AND r.ends_at > ?");
      params.push(nowIso);
      break;
    case "expired":
      where.push("r.status = 'active' AND r.ends_at <= ?");
      params.push(nowIso);
      break;
    case "pending": case "used": case "returned": case "failed":
      where.push("r.status = ?");
      params.push(f.state);
      break;
  }
  if (f.rewardId !== undefined) {
    where.push("r.reward_id = ?");
    params.push(f.rewardId);
  }
  if (f.search) {
    const like = `%${f.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(`(LOWER(r.code) LIKE ? ESCAPE '\\' OR LOWER(r.buyer_gid) LIKE ? ESCAPE '\\' OR LOWER(COALESCE(m.email, '')) LIKE ? ESCAPE '\\')`);
    params.push(like, like, like);
  }
  if (f.before !== undefined) {
    where.push("r.id < ?");
    params.push(f.before);
  }
  params.push(Math.min(Math.max(f.limit ?? 50, 1), 200));
  return await db.all<RedemptionListItem>(
    `SELECT ${REDEMPTION_COLUMNS.split(",").map((c) => `r.${c.trim()}`).join(", ")}, m.email, m.first_name, m.last_name
     FROM redemption r LEFT JOIN member m ON m.shop = r.shop AND m.customer_gid = r.customer_gid
     WHERE ${where.join(" AND ")} ORDER BY r.id DESC LIMIT ?`,
    params,
  );
}

/** Marks the shop's Kanta codes used by an order (codes compare case-insensitively, as Shopify's do). */
export async function markCodesUsed(db: SqlExecutor, shop: string, codes: string[], orderGid: string, now: string): Promise<RedemptionRow[]> {
  const used: RedemptionRow[] = [];
  for (const code of codes) {
    const upper = code.trim().toUpperCase();
    if (!upper.startsWith("KANTA-")) continue;
    const row = await db.get<RedemptionRow>(
      `SELECT ${REDEMPTION_COLUMNS} FROM redemption WHERE shop = ? AND code = ?`,
      [shop, upper],
    );
    if (!row || row.status === "used" || row.status === "failed") continue;
    await db.run(
      `UPDATE redemption SET status = 'used', used_order_gid = ?, used_at = ?, updated_at = ? WHERE shop = ? AND id = ?`,
      [orderGid, now, now, shop, row.id],
    );
    used.push(row);
  }
  return used;
}
