// Background work that talks to Shopify: the job runner (install, history import,
// reconciliation) and the debounced metafield sync. Runs beside the webhook worker.
import type { SqlDatabase } from "../storage/sql.server";
import { JobRunner } from "../jobs/jobs.server";
import { log } from "../lib/log.server";
import type { AdminGraphql } from "./admin-client.server";
import { repostHistoricStep } from "./historic-points.server";
import { historyImportStep } from "./history-import.server";
import { installShop } from "./install.server";
import { syncAllMetafields } from "./metafield-sync.server";
import { reconcileStep } from "./reconcile.server";
import { returnExpiredCodes, settlePendingRedemptions, shopsWithRedemptionUpkeep } from "./redemption.server";

export type BackgroundOptions = {
  adminFor: (shop: string) => Promise<AdminGraphql>;
  reconcileIntervalMinutes: number;
  metafieldSyncMs?: number;
  /** How often pending redemptions are settled and expired codes returned (default 60 s). */
  redemptionUpkeepMs?: number;
  /** Called when events were put in the inbox, so the webhook worker starts at once. */
  onInboxEvents?: () => void;
};

export function startBackground(db: SqlDatabase, opts: BackgroundOptions) {
  const runner = new JobRunner(db, {
    install: async (job) => {
      await installShop(db, job.shop, await opts.adminFor(job.shop));
      return { done: true };
    },
    backfill: async (job) => historyImportStep(db, job, await opts.adminFor(job.shop), opts.onInboxEvents),
    repost_historic: async (job) => repostHistoricStep(db, job),
    reconcile: async (job) =>
      reconcileStep(db, job, await opts.adminFor(job.shop), { intervalMinutes: opts.reconcileIntervalMinutes, onStored: opts.onInboxEvents }),
  });
  runner.start();
  let syncing = false;
  const timer = setInterval(async () => {
    if (syncing) return;
    syncing = true;
    try {
      await syncAllMetafields(db, opts.adminFor);
    } catch (error) {
      log.error("metafield sync pass failed", { error });
    } finally {
      syncing = false;
    }
  }, opts.metafieldSyncMs ?? 5000);
  timer.unref();
  let upkeeping = false;
  const upkeep = setInterval(async () => {
    if (upkeeping) return;
    upkeeping = true;
    try {
      for (const shop of await shopsWithRedemptionUpkeep(db)) {
        try {
          await returnExpiredCodes(db, shop);
          await settlePendingRedemptions(db, shop, await opts.adminFor(shop));
        } catch (error) {
          log.warn("redemption upkeep failed for a shop", { shop, error: (error as Error).message });
        }
      }
    } catch (error) {
      log.error("redemption upkeep pass failed", { error });
    } finally {
      upkeeping = false;
    }
  }, opts.redemptionUpkeepMs ?? 60_000);
  upkeep.unref();
  return {
    runner,
    async stop() {
      clearInterval(timer);
      clearInterval(upkeep);
      await runner.stop();
    },
  };
}
