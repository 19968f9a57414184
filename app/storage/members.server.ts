// The admin's members list: one shop's active members, filtered by tier or by a prefix of their
// email or name, sorted by balance, lifetime spend or join order, a page at a time. Keyset
// pagination: a page starts after the last row of the previous one (no OFFSET scans), on the
// indexes member(shop, balance), member(shop, spent_minor) and member(shop, tier_id).
import type { SqlExecutor } from "./sql.server";

export type MemberSort = "balance" | "spent" | "joined";

export type MemberListQuery = {
  /** Prefix of the email, first name or last name (any case), or a customer id (gid or number). */
  search?: string | null;
  tierId?: number | null;
  sort: MemberSort;
  direction: "asc" | "desc";
  /** 1–200 (default 50). */
  limit?: number;
  /** The `next` cursor of the previous page. */
  after?: string | null;
};

export type MemberListItem = {
  id: number;
  customerGid: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  balance: number;
  /** Lifetime net eligible spend, minor units of the shop currency. */
  spentMinor: number;
  tierId: number | null;
  /** Qualifying value in the tier window (spend in minor units, or points). */
  tierValue: number;
  joinedAt: string;
};

export type MemberPage = { members: MemberListItem[]; next: string | null };

export class MemberQueryError extends Error {
  override readonly name = "MemberQueryError";
}

type Row = {
  id: number; customer_gid: string; email: string | null; first_name: string | null; last_name: string | null; balance: number;
  spent_minor: number; tier_id: number | null; tier_value: number; joined_at: string;
};

const SORT_COLUMN: Record<MemberSort, string> = { balance: "m.balance", spent: "m.spent_minor", joined: "m.id" };

function likePrefix(text: string): string {
  return `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * SQLite has no statistics to choose between the shop's sort index and a scan, so the list tells
 * it. For a shop holding a large share of the members (a quarter or more, as a store's own
 * database does), reading the table in storage order is the fast way for searches (matches are
 * then sorted) and for join order (storage order is join order). A small tier is read through
 * the tier index and sorted; a large one by walking the sort index until the page is full.
 * PostgreSQL's planner makes these choices itself.
 */
async function sqlitePlan(db: SqlExecutor, shop: string, q: MemberListQuery, searching: boolean): Promise<{ scan: boolean; smallTier: boolean }> {
  if (db.dialect !== "sqlite") return { scan: false, smallTier: false };
  const dominant = await dominantShop(db, shop);
  let smallTier = false;
  if (q.tierId !== undefined && q.tierId !== null) {
    const tier = await db.get<{ n: number }>(
      `SELECT COUNT(*) AS n FROM (SELECT 1 FROM member WHERE shop = ? AND tier_id = ? LIMIT ${SMALL_TIER}) x`,
      [shop, q.tierId],
    );
    smallTier = Number(tier?.n ?? 0) < SMALL_TIER;
  }
  return { scan: dominant && !smallTier && (searching || q.sort === "joined"), smallTier };
}

const SMALL_TIER = 2_000;

/** Whether the shop holds a quarter of the members or more; counted at most once a minute per shop. */
const dominance = new Map<string, { dominant: boolean; at: number }>();

async function dominantShop(db: SqlExecutor, shop: string): Promise<boolean> {
  const cached = dominance.get(shop);
  if (cached && Date.now() - cached.at < 60_000) return cached.dominant;
  const row = await db.get<{ shop_members: number; all_members: number | null }>(
    `SELECT (SELECT COUNT(*) FROM member WHERE shop = ?) AS shop_members, (SELECT MAX(id) FROM member) AS all_members`,
    [shop],
  );
  const dominant = Number(row?.shop_members ?? 0) * 4 >= Number(row?.all_members ?? 0);
  if (dominance.size > 10_000) dominance.clear();
  dominance.set(shop, { dominant, at: Date.now() });
  return dominant;
}

/** One page of members. Throws MemberQueryError for a cursor that is not one of ours. */
export async function listMembers(db: SqlExecutor, shop: string, q: MemberListQuery): Promise<MemberPage> {
  const sort = SORT_COLUMN[q.sort];
  if (!sort) throw new MemberQueryError(`unknown sort ${String(q.sort)}`);
  const desc = q.direction !== "asc";
  const limit = Math.min(Math.max(Math.trunc(q.limit ?? 50), 1), 200);
  const search = (q.search ?? "").trim().toLowerCase().slice(0, 100);
  const customerId = search ? /^(?:gid:\/\/shopify\/customer\/)?(\d{1,20})$/.exec(search)?.[1] : undefined;
  const plan = await sqlitePlan(db, shop, q, Boolean(search) && !customerId);
  // SQLite: a unary + keeps a term from choosing the index (the plan above decides instead).
  const noIndex = (column: string) => (db.dialect === "sqlite" ? `+${column}` : column);
  const where = [`${plan.scan ? noIndex("m.shop") : "m.shop"} = ?`, "m.status = 'active'"];
  const params: unknown[] = [shop];
  let from = "member m";
  if (q.tierId !== undefined && q.tierId !== null) {
    if (plan.smallTier) from = "member m INDEXED BY member_shop_tier_id_idx";
    where.push(`${plan.smallTier || db.dialect !== "sqlite" ? "m.tier_id" : noIndex("m.tier_id")} = ?`);
    params.push(q.tierId);
  }
  if (customerId) {
    where.push("m.customer_gid = ?");
    params.push(`gid://shopify/Customer/${customerId}`);
  } else if (search) {
    // Prefix of the email or either name, ignoring case (SQLite's LIKE ignores ASCII case; PostgreSQL's ILIKE).
    const like = db.dialect === "postgresql" ? "ILIKE" : "LIKE";
    const pattern = likePrefix(search);
    where.push(`(m.email ${like} ? ESCAPE '\\' OR m.first_name ${like} ? ESCAPE '\\' OR m.last_name ${like} ? ESCAPE '\\')`);
    params.push(pattern, pattern, pattern);
  }
  if (q.after) {
    const cmp = desc ? "<" : ">";
    if (q.sort === "joined") {
      if (!/^\d{1,15}$/.test(q.after)) throw new MemberQueryError("the page cursor is not valid");
      where.push(`m.id ${cmp} ?`);
      params.push(Number(q.after));
    } else {
      const m = /^(-?\d{1,15}):(\d{1,15})$/.exec(q.after);
      if (!m) throw new MemberQueryError("the page cursor is not valid");
      where.push(`(${sort} ${cmp} ? OR (${sort} = ? AND m.id ${cmp} ?))`);
      params.push(Number(m[1]), Number(m[1]), Number(m[2]));
    }
  }
  const order = q.sort === "joined" ? `m.id ${desc ? "DESC" : "ASC"}` : `${sort} ${desc ? "DESC" : "ASC"}, m.id ${desc ? "DESC" : "ASC"}`;
  params.push(limit + 1);
  const rows = await db.all<Row>(
    `SELECT m.id, m.customer_gid, m.email, m.first_name, m.last_name, m.balance, m.spent_minor, m.tier_id, m.tier_value, m.joined_at
     FROM ${from} WHERE ${where.join(" AND ")} ORDER BY ${order} LIMIT ?`,
    params,
  );
  const page = rows.slice(0, limit).map((r): MemberListItem => ({
    id: Number(r.id), customerGid: r.customer_gid, email: r.email, firstName: r.first_name, lastName: r.last_name,
    balance: Number(r.balance), spentMinor: Number(r.spent_minor), tierId: r.tier_id === null ? null : Number(r.tier_id),
    tierValue: Number(r.tier_value), joinedAt: String(r.joined_at),
  }));
  const last = page[page.length - 1];
  let next: string | null = null;
  if (rows.length > limit && last) {
    next = q.sort === "joined" ? String(last.id) : `${q.sort === "balance" ? last.balance : last.spentMinor}:${last.id}`;
  }
  return { members: page, next };
}
