// Shop rows: created on first sight with default settings; every other table is scoped by domain.
import type { EarningRule } from "../loyalty/earning";
import type { SqlExecutor } from "./sql.server";

export type ShopSettings = {
  domain: string;
  status: string;
  currency: string | null;
  timezone: string;
  earningRule: EarningRule;
  awardHistoricPoints: boolean;
};

export async function ensureShop(db: SqlExecutor, domain: string, now: string): Promise<void> {
  await db.run(
    `INSERT INTO shop (domain, timezone, status, earn_points, earn_per_major_units, earn_on_test_orders, created_at, updated_at)
     VALUES (?, 'UTC', 'active', 1, 1, ?, ?, ?) ON CONFLICT (domain) DO NOTHING`,
    [domain, false, now, now],
  );
}

type ShopRow = {
  domain: string; status: string; currency: string | null; timezone: string;
  earn_points: number; earn_per_major_units: number; earn_on_test_orders: number | boolean; award_historic_points: number | boolean;
};

export async function loadShopSettings(db: SqlExecutor, domain: string): Promise<ShopSettings | null> {
  const row = await db.get<ShopRow>(
    `SELECT domain, status, currency, timezone, earn_points, earn_per_major_units, earn_on_test_orders, award_historic_points FROM shop WHERE domain = ?`,
    [domain],
  );
  if (!row) return null;
  return {
    domain: row.domain,
    status: row.status,
    currency: row.currency,
    timezone: row.timezone,
    earningRule: {
      points: Number(row.earn_points),
      perMajorUnits: Number(row.earn_per_major_units),
      earnOnTestOrders: Boolean(row.earn_on_test_orders),
    },
    awardHistoricPoints: Boolean(row.award_historic_points),
  };
}
