// What the storefront may read about the logged-in shopper (and the public program description).
import { formatMinorUnits } from "../loyalty/money";
import { minimumPoints, variableMaxSpend, type Reward } from "../loyalty/rewards";
import { resolveMemberGid } from "../storage/ledger.server";
import { ensureDefaultRewards, listRewards } from "../storage/rewards.server";
import { loadShopSettings } from "../storage/shops.server";
import type { SqlDatabase } from "../storage/sql.server";
import { combinesText, type StorefrontLocale } from "./messages";

export type ProgramSummary = {
  earn: { points: number; perAmount: string; currency: string | null };
  description: string;
};

export type PublicReward = {
  id: string;
  name: string;
  kind: Reward["kind"];
  /** Points the reward costs (variable rewards: points per step). */
  pointsCost: number;
  affordable: boolean;
  /** amount_off / variable (per step) / free_product: a decimal in `currency`. */
  value: string | null;
  percent: number | null;
  currency: string;
  minimumOrder: string | null;
  lifetimeDays: number;
  combinesWith: { orderDiscounts: boolean; productDiscounts: boolean; shippingDiscounts: boolean };
  /** How the code combines with other discounts, in the storefront's language. */
  combinesText: string;
  variable?: { step: number; minPoints: number; maxPoints: number | null; maxSpend: number };
};

export type MeResponse = {
  shop: string;
  customer: { id: string } | null;
  points?: { balance: number };
  tier?: { name: string } | null;
  program: ProgramSummary;
  rewards: PublicReward[];
};

function programSummary(points: number, perMajorUnits: number, currency: string | null): ProgramSummary {
  const amount = String(perMajorUnits);
  const unit = currency ?? "unit of currency";
  return {
    earn: { points, perAmount: amount, currency },
    description: `Earn ${points} point${points === 1 ? "" : "s"} for every ${amount} ${unit} you spend.`,
  };
}

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

export async function loadMe(db: SqlDatabase, shop: string, customerGid: string | null, locale: StorefrontLocale = "en"): Promise<MeResponse> {
  const settings = await loadShopSettings(db, shop);
  let currency = settings?.currency ?? null;
  if (!currency) {
    const row = await db.get<{ currency: string }>(`SELECT currency FROM order_record WHERE shop = ? AND currency IS NOT NULL LIMIT 1`, [shop]);
    currency = row?.currency ?? null;
  }
  if (settings) await ensureDefaultRewards(db, shop);
  const rewards = await listRewards(db, shop, { enabledOnly: true });
  const rule = settings?.earningRule ?? { points: 1, perMajorUnits: 1, earnOnTestOrders: false };
  const program = programSummary(rule.points, rule.perMajorUnits, currency);
  if (!customerGid) return { shop, customer: null, program, rewards: rewards.map((r) => publicReward(r, null, locale)) };
  const owner = await resolveMemberGid(db, shop, customerGid);
  const row = await db.get<{ balance: number }>(`SELECT balance FROM member WHERE shop = ? AND customer_gid = ?`, [shop, owner]);
  const balance = Number(row?.balance ?? 0);
  return {
    shop,
    customer: { id: customerGid },
    points: { balance },
    tier: null,
    program,
    rewards: rewards.map((r) => publicReward(r, balance, locale)),
  };
}
