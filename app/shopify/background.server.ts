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

export type BackgroundOptions = {
  adminFor: (shop: string) => Promise<AdminGraphql>;
  reconcileIntervalMinutes: number;
  metafieldSyncMs?: number;
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
  return {
    runner,
    async stop() {
      clearInterval(timer);
      await runner.stop();
    },
  };
}
