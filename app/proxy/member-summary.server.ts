// What the storefront may read about the logged-in shopper (and the public program description).
import { actionView, reviewLimit, type ActionState, type EarningAction } from "../loyalty/actions";
import { DEFAULT_EARNING_RULE } from "../loyalty/earning";
import { formatMinorUnits } from "../loyalty/money";
import { minimumPoints, variableMaxSpend, type Reward } from "../loyalty/rewards";
import { rewardVisibleTo, type Tier } from "../loyalty/tiers";
import { listActions, memberActionState, memberReferral } from "../storage/actions.server";
import { resolveMemberGid } from "../storage/ledger.server";
import { ensureDefaultRewards, listRewards, shopCurrency } from "../storage/rewards.server";
import { loadShopSettings } from "../storage/shops.server";
import type { SqlDatabase, SqlExecutor } from "../storage/sql.server";
import { ensureDefaultTiers, loadTierProgram, loadTierStatus, type TierStatus } from "../storage/tiers.server";
import { HISTORY_LIMIT, historyEntry } from "./history";
import { combinesText, progressMessage, type StorefrontLocale } from "./messages";
import { programSummary } from "./program-summary";
import type { HistoryEntry, MeResponse, ProgramSummary, PublicAction, PublicReward, PublicTier, TierProgress } from "./schema";

export type { MeResponse, ProgramSummary, PublicAction, PublicReward, PublicTier, TierProgress };

export function publicReward(r: Reward, balance: number | null, locale: StorefrontLocale): PublicReward {
  const out: PublicReward = {
    id: String(r.id),
    name: r.name,
    kind: r.kind,
    pointsCost: r.pointsCost,
    affordable: balance !== null && balance >= minimumPoints(r),
    value: r.valueMinor === null ? null : formatMinorUnits(r.valueMinor, r.currency),
    percent: r.percentBps === null ? null : r.percentBps / 100,
    currency: r.currency,
    minimumOrder: r.minOrderMinor === null ? null : formatMinorUnits(r.minOrderMinor, r.currency),
    lifetimeDays: r.lifetimeDays,
    combinesWith: { orderDiscounts: r.combinesWith.order, productDiscounts: r.combinesWith.product, shippingDiscounts: r.combinesWith.shipping },
    combinesText: combinesText(r.combinesWith, locale),
  };
  if (r.kind === "variable") {
    out.variable = {
      step: r.pointsCost, minPoints: minimumPoints(r), maxPoints: r.maxPoints, maxSpend: balance === null ? 0 : variableMaxSpend(r, balance),
    };
  }
  return out;
}

export function publicAction(a: EarningAction, state: ActionState): PublicAction {
  const view = actionView(a, state);
  return {
    id: String(a.id), kind: a.kind, name: a.name, points: a.points, available: view.available, completed: view.completed,
    ...(view.url ? { url: view.url } : {}),
  };
}

export function publicTier(status: TierStatus | null): PublicTier | null {
  const t = status?.tier;
  return t ? { id: String(t.id), name: t.name, multiplier: t.multiplier, freeShipping: t.freeShipping, graceUntil: status!.graceUntil } : null;
}

/**
 * The way to the next tier: money text in the shop currency for a spend basis, points otherwise.
 * Null when the shop has no tiers (or, for a spend basis, no known currency yet).
 */
export function tierProgress(status: TierStatus | null, currency: string | null, locale: StorefrontLocale): TierProgress | null {
  if (!status || (!status.tier && !status.next)) return null;
  if (status.basis === "spend" && !currency) return null;
  const text = (n: number) => (status.basis === "spend" ? formatMinorUnits(n, currency!) : String(n));
  const next = status.next ? { name: status.next.name, threshold: text(status.next.threshold), remaining: text(status.next.remaining) } : null;
  const remaining = next && status.basis === "spend" ? `${next.remaining} ${currency}` : next?.remaining;
  return {
    basis: status.basis,
    window: status.window,
    current: text(status.value),
    currency: status.basis === "spend" ? currency : null,
    next,
    message: progressMessage(status.basis, next ? { name: next.name, remaining: remaining! } : null, locale),
  };
}

const LOGGED_OUT: ActionState = { loggedIn: false, welcomed: false, birthdaySet: false, completedCustom: new Set(), reviewLimitReached: false };

/** The member's most recent ledger entries, newest first, with their orders' names. */
async function recentHistory(
  db: SqlExecutor, shop: string, memberGid: string, locale: StorefrontLocale, actions: readonly EarningAction[], tiers: readonly Tier[],
): Promise<HistoryEntry[]> {
  const rows = await db.all<{
    id: number; points: number; source: string; idempotency_key: string; order_gid: string | null; order_name: string | null; created_at: string;
  }>(
    `SELECT e.id, e.points, e.source, e.idempotency_key, e.order_gid, o.name AS order_name, e.created_at
     FROM ledger_entry e LEFT JOIN order_record o ON o.shop = e.shop AND o.order_gid = e.order_gid
     WHERE e.shop = ? AND e.customer_gid = ? ORDER BY e.id DESC LIMIT ?`,
    [shop, memberGid, HISTORY_LIMIT],
  );
  const names = { actions: new Map(actions.map((a) => [a.id, a.name])), tiers: new Map(tiers.map((t) => [t.id, t.name])) };
  return rows.map((r) => historyEntry({
    id: Number(r.id), points: Number(r.points), source: r.source, idempotencyKey: r.idempotency_key, orderGid: r.order_gid,
    orderName: r.order_name, createdAt: r.created_at,
  }, locale, names));
}

/**
 * What /proxy/me answers. `customerGid` comes from the verified App Proxy signature only: the
 * shopper sees their own data, and a logged-out shopper the public program.
 */
export async function loadMe(
  db: SqlDatabase, shop: string, customerGid: string | null, locale: StorefrontLocale = "en", now = new Date(),
): Promise<MeResponse> {
  const settings = await loadShopSettings(db, shop);
  const currency = settings?.currency ?? (await shopCurrency(db, shop));
  if (settings) {
    await ensureDefaultRewards(db, shop);
    await ensureDefaultTiers(db, shop, now);
  }
  const tierProgram = await loadTierProgram(db, shop);
  const shopTiers = tierProgram?.tiers ?? [];
  const tiers = customerGid ? await loadTierStatus(db, shop, customerGid, now) : null;
  // Tier-exclusive rewards are shown only to members holding that tier or a higher one.
  const held = tiers?.tier ? (shopTiers.find((t) => t.id === tiers.tier!.id) ?? null) : null;
  const allRewards = await listRewards(db, shop, { enabledOnly: true });
  const rewards = allRewards.filter((r) => rewardVisibleTo(r, held, shopTiers));
  const allActions = await listActions(db, shop);
  const actions = allActions.filter((a) => a.enabled);
  const rule = settings?.earningRule ?? DEFAULT_EARNING_RULE;
  const summary = programSummary({
    currency, earningRule: rule, rewards: allRewards, tierBasis: tierProgram?.basis ?? "spend", tiers: shopTiers, actions,
  });
  const program: ProgramSummary = { earn: summary.earn, description: summary.description, tierBasis: summary.tierBasis };
  if (!customerGid) {
    return {
      shop, customer: null, program, tiers: summary.tiers, rewards: rewards.map((r) => publicReward(r, null, locale)),
      actions: actions.map((a) => publicAction(a, LOGGED_OUT)),
    };
  }
  const owner = await resolveMemberGid(db, shop, customerGid);
  const row = await db.get<{ balance: number }>(`SELECT balance FROM member WHERE shop = ? AND customer_gid = ?`, [shop, owner]);
  const balance = Number(row?.balance ?? 0);
  const review = actions.find((a) => a.kind === "review");
  const limit = review ? reviewLimit(review) : null;
  const member = row ? await memberActionState(db, shop, owner, limit?.days ?? 30, now) : null;
  const state: ActionState = {
    loggedIn: true,
    welcomed: member?.welcomed ?? false,
    birthdaySet: Boolean(member?.birthday),
    completedCustom: member?.completedCustom ?? new Set(),
    reviewLimitReached: limit !== null && (member?.reviewsInWindow ?? 0) >= limit.count,
  };
  // A shopper Kanta has not seen yet gets a referral code once they are a member.
  const referral = row && actions.some((a) => a.kind === "referral") ? await memberReferral(db, shop, owner) : null;
  return {
    shop,
    customer: { id: customerGid },
    points: { balance },
    tier: publicTier(tiers),
    progress: tierProgress(tiers, currency, locale),
    program,
    tiers: summary.tiers,
    rewards: rewards.map((r) => publicReward(r, balance, locale)),
    actions: actions.map((a) => publicAction(a, state)),
    referral,
    birthday: { set: state.birthdaySet },
    history: row ? await recentHistory(db, shop, owner, locale, allActions, shopTiers) : [],
  };
}
