// What the storefront may read about the logged-in shopper (and the public program description).
import { resolveMemberGid } from "../storage/ledger.server";
import { loadShopSettings } from "../storage/shops.server";
import type { SqlExecutor } from "../storage/sql.server";

export type ProgramSummary = {
  earn: { points: number; perAmount: string; currency: string | null };
  description: string;
};

export type MeResponse = {
  shop: string;
  customer: { id: string } | null;
  points?: { balance: number };
  tier?: { name: string } | null;
  program: ProgramSummary;
};

function programSummary(points: number, perMajorUnits: number, currency: string | null): ProgramSummary {
  const amount = String(perMajorUnits);
  const unit = currency ?? "unit of currency";
  return {
    earn: { points, perAmount: amount, currency },
    description: `Earn ${points} point${points === 1 ? "" : "s"} for every ${amount} ${unit} you spend.`,
  };
}

export async function loadMe(db: SqlExecutor, shop: string, customerGid: string | null): Promise<MeResponse> {
  const settings = await loadShopSettings(db, shop);
  let currency = settings?.currency ?? null;
  if (!currency) {
    const row = await db.get<{ currency: string }>(`SELECT currency FROM order_record WHERE shop = ? AND currency IS NOT NULL LIMIT 1`, [shop]);
    currency = row?.currency ?? null;
  }
  const rule = settings?.earningRule ?? { points: 1, perMajorUnits: 1, earnOnTestOrders: false };
  const program = programSummary(rule.points, rule.perMajorUnits, currency);
  if (!customerGid) return { shop, customer: null, program };
  const owner = await resolveMemberGid(db, shop, customerGid);
  const row = await db.get<{ balance: number }>(`SELECT balance FROM member WHERE shop = ? AND customer_gid = ?`, [shop, owner]);
  return {
    shop,
    customer: { id: customerGid },
    points: { balance: Number(row?.balance ?? 0) },
    tier: null,
    program,
  };
}
