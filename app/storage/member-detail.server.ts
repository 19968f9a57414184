// One member as the merchant's admin shows them: profile, balance and tier, the tier history, the
// ledger traced to orders and their lines, and the member's redemptions. Every query is scoped by
// shop and served by an index (ledger_entry, tier_change: shop + customer_gid + id).
import { codeState, type CodeState } from "../loyalty/rewards";
import type { SqlExecutor } from "./sql.server";

export type TierRef = { id: number; name: string };

export type MemberProfileView = {
  customerGid: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  status: string;
  mergedIntoGid: string | null;
  marketingConsent: string | null;
  locale: string | null;
  tags: string | null;
  birthday: string | null;
  referralCode: string | null;
  referredBy: string | null;
  joinedAt: string;
  retiredAt: string | null;
  redacted: boolean;
  balance: number;
  spentMinor: number;
  tier: TierRef | null;
  tierSince: string | null;
  tierValue: number;
  graceUntil: string | null;
  override: { tier: TierRef | null; reason: string | null; until: string | null; by: string | null } | null;
};

export type LedgerLineView = { lineGid: string; title: string | null; quantity: number | null; eligibleMinor: number };

export type LedgerEntryView = {
  id: number;
  createdAt: string;
  points: number;
  source: string;
  reason: string | null;
  causedBy: string;
  orderGid: string | null;
  orderName: string | null;
  refundGid: string | null;
  lines: LedgerLineView[];
};

export type TierChangeView = { id: number; createdAt: string; from: TierRef | null; to: TierRef | null; reason: string; causedBy: string };

export type MemberRedemptionView = {
  id: number;
  createdAt: string;
  rewardName: string;
  points: number;
  valueMinor: number | null;
  currency: string;
  code: string;
  state: CodeState;
  usedOrderGid: string | null;
};

const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));
const isoOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : iso(v));

type TierNames = Map<number, string>;

async function tierNames(db: SqlExecutor, shop: string): Promise<TierNames> {
  const rows = await db.all<{ id: number; name: string }>(`SELECT id, name FROM tier WHERE shop = ?`, [shop]);
  return new Map(rows.map((r) => [Number(r.id), r.name]));
}

const tierRef = (names: TierNames, id: unknown): TierRef | null => {
  if (id === null || id === undefined) return null;
  const n = Number(id);
  return { id: n, name: names.get(n) ?? `#${n}` };
};

type MemberRow = {
  customer_gid: string; email: string | null; first_name: string | null; last_name: string | null; status: string;
  merged_into_gid: string | null; marketing_consent: string | null; locale: string | null; tags: string | null; birthday: string | null;
  referral_code: string | null; referred_by: string | null; joined_at: unknown; retired_at: unknown; redacted_at: unknown;
  balance: number; spent_minor: number; tier_id: number | null; tier_since: unknown; tier_value: number; grace_until: unknown;
  override_tier_id: number | null; override_reason: string | null; override_until: unknown; override_by: string | null;
};

/** The member's profile, balance and tier; null when the shop has no member with this customer id. */
export async function loadMemberProfile(db: SqlExecutor, shop: string, customerGid: string): Promise<MemberProfileView | null> {
  const row = await db.get<MemberRow>(
    `SELECT customer_gid, email, first_name, last_name, status, merged_into_gid, marketing_consent, locale, tags, birthday, referral_code,
       referred_by, joined_at, retired_at, redacted_at, balance, spent_minor, tier_id, tier_since, tier_value, grace_until,
       override_tier_id, override_reason, override_until, override_by
     FROM member WHERE shop = ? AND customer_gid = ?`,
    [shop, customerGid],
  );
  if (!row) return null;
  const names = await tierNames(db, shop);
  const overridden = row.override_tier_id !== null || row.override_reason !== null || row.override_until !== null;
  return {
    customerGid: row.customer_gid,
    email: row.email,
    firstName: row.first_name,
    lastName: row.last_name,
    status: row.status,
    mergedIntoGid: row.merged_into_gid,
    marketingConsent: row.marketing_consent,
    locale: row.locale,
    tags: row.tags,
    birthday: row.birthday,
    referralCode: row.referral_code,
    referredBy: row.referred_by,
    joinedAt: iso(row.joined_at),
    retiredAt: isoOrNull(row.retired_at),
    redacted: row.redacted_at !== null && row.redacted_at !== undefined,
    balance: Number(row.balance),
    spentMinor: Number(row.spent_minor ?? 0),
    tier: tierRef(names, row.tier_id),
    tierSince: isoOrNull(row.tier_since),
    tierValue: Number(row.tier_value ?? 0),
    graceUntil: isoOrNull(row.grace_until),
    override: overridden
      ? { tier: tierRef(names, row.override_tier_id), reason: row.override_reason, until: isoOrNull(row.override_until), by: row.override_by }
      : null,
  };
}

/** The shop's tiers that can be given (not archived), lowest threshold first. */
export async function activeTiers(db: SqlExecutor, shop: string): Promise<{ id: number; name: string; threshold: number }[]> {
  const rows = await db.all<{ id: number; name: string; threshold: number }>(
    `SELECT id, name, threshold FROM tier WHERE shop = ? AND archived_at IS NULL ORDER BY threshold, id`,
    [shop],
  );
  return rows.map((r) => ({ id: Number(r.id), name: r.name, threshold: Number(r.threshold) }));
}

/** The member's tier changes, newest first. */
export async function memberTierHistory(db: SqlExecutor, shop: string, customerGid: string, limit = 50): Promise<TierChangeView[]> {
  const rows = await db.all<{ id: number; from_tier_id: number | null; to_tier_id: number | null; reason: string; caused_by: string; created_at: unknown }>(
    `SELECT id, from_tier_id, to_tier_id, reason, caused_by, created_at FROM tier_change
     WHERE shop = ? AND customer_gid = ? ORDER BY id DESC LIMIT ?`,
    [shop, customerGid, limit],
  );
  if (rows.length === 0) return [];
  const names = await tierNames(db, shop);
  return rows.map((r) => ({
    id: Number(r.id), createdAt: iso(r.created_at), from: tierRef(names, r.from_tier_id), to: tierRef(names, r.to_tier_id), reason: r.reason,
    causedBy: r.caused_by,
  }));
}

type OrderLine = { title: string | null; quantity: number | null; position: number };

function orderLines(linesJson: string | null): Map<string, OrderLine> {
  const lines = new Map<string, OrderLine>();
  if (!linesJson) return lines;
  try {
    const parsed = JSON.parse(linesJson) as unknown;
    if (!Array.isArray(parsed)) return lines;
    for (const l of parsed as { lineGid?: unknown; title?: unknown; quantity?: unknown }[]) {
      if (typeof l?.lineGid !== "string") continue;
      lines.set(l.lineGid, {
        title: typeof l.title === "string" ? l.title : null, quantity: typeof l.quantity === "number" ? l.quantity : null, position: lines.size,
      });
    }
  } catch {
    // an unreadable record shows the lines without titles
  }
  return lines;
}

/**
 * A page of the member's ledger, newest first, each entry with its order and lines (titles from
 * the order Kanta recorded). `before`: the id of the last entry of the previous page. Returns one
 * more entry than `limit` when there is an older page (the caller trims it).
 */
export async function memberLedger(
  db: SqlExecutor, shop: string, customerGid: string, opts: { limit: number; before?: number },
): Promise<LedgerEntryView[]> {
  const params: unknown[] = [shop, customerGid];
  let before = "";
  if (opts.before !== undefined) {
    before = " AND id < ?";
    params.push(opts.before);
  }
  params.push(opts.limit + 1);
  const entries = await db.all<{
    id: number; points: number; source: string; reason: string | null; caused_by: string; order_gid: string | null; refund_gid: string | null;
    created_at: unknown;
  }>(
    `SELECT id, points, source, reason, caused_by, order_gid, refund_gid, created_at FROM ledger_entry
     WHERE shop = ? AND customer_gid = ?${before} ORDER BY id DESC LIMIT ?`,
    params,
  );
  if (entries.length === 0) return [];
  const ids = entries.map((e) => Number(e.id));
  const lineRows = await db.all<{ entry_id: number; line_gid: string; eligible_minor: number }>(
    `SELECT entry_id, line_gid, eligible_minor FROM ledger_entry_line WHERE shop = ? AND entry_id IN (${ids.map(() => "?").join(", ")}) ORDER BY id`,
    [shop, ...ids],
  );
  const orderGids = [...new Set(entries.map((e) => e.order_gid).filter((g): g is string => g !== null))];
  const orders = orderGids.length
    ? await db.all<{ order_gid: string; name: string | null; lines_json: string | null }>(
        `SELECT order_gid, name, lines_json FROM order_record WHERE shop = ? AND order_gid IN (${orderGids.map(() => "?").join(", ")})`,
        [shop, ...orderGids],
      )
    : [];
  const orderByGid = new Map(orders.map((o) => [o.order_gid, { name: o.name, lines: orderLines(o.lines_json) }]));
  const linesByEntry = new Map<number, { line_gid: string; eligible_minor: number }[]>();
  for (const l of lineRows) {
    const list = linesByEntry.get(Number(l.entry_id)) ?? [];
    list.push(l);
    linesByEntry.set(Number(l.entry_id), list);
  }
  return entries.map((e) => {
    const order = e.order_gid ? orderByGid.get(e.order_gid) : undefined;
    return {
      id: Number(e.id),
      createdAt: iso(e.created_at),
      points: Number(e.points),
      source: e.source,
      reason: e.reason,
      causedBy: e.caused_by,
      orderGid: e.order_gid,
      orderName: order?.name ?? null,
      refundGid: e.refund_gid,
      // In the order's own line order (lines Kanta no longer knows last).
      lines: (linesByEntry.get(Number(e.id)) ?? [])
        .map((l, index) => ({ l, known: order?.lines.get(l.line_gid), index }))
        .sort((x, y) => (x.known?.position ?? Infinity) - (y.known?.position ?? Infinity) || x.index - y.index)
        .map(({ l, known }) => ({
          lineGid: l.line_gid, title: known?.title ?? null, quantity: known?.quantity ?? null, eligibleMinor: Number(l.eligible_minor),
        })),
    };
  });
}

function rewardName(rewardJson: string, rewardId: number): string {
  try {
    const snapshot = JSON.parse(rewardJson) as { name?: unknown };
    if (typeof snapshot.name === "string" && snapshot.name) return snapshot.name;
  } catch {
    // fall through
  }
  return `#${rewardId}`;
}

/** The member's redemptions, newest first. */
export async function memberRedemptions(db: SqlExecutor, shop: string, customerGid: string, now: Date, limit = 20): Promise<MemberRedemptionView[]> {
  const rows = await db.all<{
    id: number; reward_id: number; reward_json: string; points: number; value_minor: number | null; currency: string; code: string;
    status: string; ends_at: unknown; used_order_gid: string | null; created_at: unknown;
  }>(
    `SELECT id, reward_id, reward_json, points, value_minor, currency, code, status, ends_at, used_order_gid, created_at FROM redemption
     WHERE shop = ? AND customer_gid = ? ORDER BY id DESC LIMIT ?`,
    [shop, customerGid, limit],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    createdAt: iso(r.created_at),
    rewardName: rewardName(r.reward_json, Number(r.reward_id)),
    points: Number(r.points),
    valueMinor: r.value_minor === null ? null : Number(r.value_minor),
    currency: r.currency,
    code: r.code,
    state: codeState(r.status, iso(r.ends_at), now),
    usedOrderGid: r.used_order_gid,
  }));
}
