// Reads what the public program summary is made of (earning rule, rewards, tiers, ways to earn)
// for one shop and builds it with programSummary().
import { DEFAULT_EARNING_RULE } from "../loyalty/earning";
import { readActions } from "../storage/actions.server";
import { listRewards, shopCurrency } from "../storage/rewards.server";
import { loadShopSettings } from "../storage/shops.server";
import type { SqlExecutor } from "../storage/sql.server";
import { loadTierProgram } from "../storage/tiers.server";
import { programSummary } from "./program-summary";
import type { ProgramMetafield } from "./schema";

/** The shop's kanta.program metafield value as it should be now. Reads only (no defaults are created). */
export async function loadProgramSummary(db: SqlExecutor, shop: string): Promise<ProgramMetafield> {
  const settings = await loadShopSettings(db, shop);
  const currency = settings?.currency ?? (await shopCurrency(db, shop));
  const rewards = await listRewards(db, shop, { enabledOnly: true });
  const tierProgram = await loadTierProgram(db, shop);
  const actions = await readActions(db, shop, { enabledOnly: true });
  return programSummary({
    currency,
    earningRule: settings?.earningRule ?? DEFAULT_EARNING_RULE,
    rewards,
    tierBasis: tierProgram?.basis ?? "spend",
    tiers: tierProgram?.tiers ?? [],
    actions,
  });
}
