// Background work that talks to Shopify: the job runner (install, history import,
// reconciliation) and the debounced metafield sync. Runs beside the webhook worker.
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { env } from "../env.server";
import { runDue, type RunDueReport } from "../flows/engine.server";
import { mailerFromEnv } from "../mail/mailer.server";
import type { SqlDatabase } from "../storage/sql.server";
import { awardBirthdays } from "../storage/actions.server";
import { runExpiry } from "../storage/expiry.server";
import type { SqlExecutor } from "../storage/sql.server";
import { runDailyTierEvaluation, shopsDueForTierEvaluation } from "../storage/tiers.server";
import { JobRunner } from "../jobs/jobs.server";
import { log } from "../lib/log.server";
import type { AdminGraphql } from "./admin-client.server";
import { exclusionsSyncStep } from "./exclusions.server";
import { repostHistoricStep } from "./historic-points.server";
import { historyImportStep } from "./history-import.server";
import { installShop } from "./install.server";
import { shopsWithUnsyncedUnsubscribes, syncUnsubscribes } from "./consent-sync.server";
import { syncAllMetafields } from "./metafield-sync.server";
import { reconcileStep } from "./reconcile.server";
import { returnExpiredCodes, settlePendingRedemptions, shopsWithRedemptionUpkeep } from "./redemption.server";

export type BackgroundOptions = {
  adminFor: (shop: string) => Promise<AdminGraphql>;
  reconcileIntervalMinutes: number;
  metafieldSyncMs?: number;
  /** How often pending redemptions are settled and expired codes returned (default 60 s). */
  redemptionUpkeepMs?: number;
  /** How often shops due for their daily tier evaluation are looked for (default 15 minutes). */
  tierPassMs?: number;
  /** Called when events were put in the inbox, so the webhook worker starts at once. */
  onInboxEvents?: () => void;
  /** How often due flow work runs: abandoned checkouts, win-backs, program mails, sending (default 30 s). */
  flowsPassMs?: number;
  /** How often unsubscribes not yet written back to Shopify's email marketing consent are retried (default 60 s). */
  consentSyncMs?: number;
};

/** Whether a flows pass did anything worth a log line. */
function flowsActivity(r: RunDueReport): boolean {
  const m = r.messages;
  return r.checkouts.looked + r.winBack.started + r.programEvents.handled + r.interrupted
    + m.claimed + m.lostClaims > 0;
}

/** Active shops, and whether their daily expiry run is due (expiry on, last run 20 hours ago or more). */
async function shopsWithDailyProgramWork(db: SqlExecutor, now: Date): Promise<{ domain: string; expiryDue: boolean }[]> {
  const rows = await db.all<{ domain: string; expiry_mode: string; expiry_evaluated_at: string | null }>(
    `SELECT domain, expiry_mode, expiry_evaluated_at FROM shop WHERE status = 'active' ORDER BY domain`,
  );
  const dueBefore = now.getTime() - 20 * 3_600_000;
  return rows.map((r) => ({
    domain: r.domain,
    expiryDue: r.expiry_mode !== "off" && (r.expiry_evaluated_at === null || Date.parse(String(r.expiry_evaluated_at)) <= dueBefore),
  }));
}

export function startBackground(db: SqlDatabase, opts: BackgroundOptions) {
  const runner = new JobRunner(db, {
    install: async (job) => {
      await installShop(db, job.shop, await opts.adminFor(job.shop));
      return { done: true };
    },
    backfill: async (job) => historyImportStep(db, job, await opts.adminFor(job.shop), opts.onInboxEvents),
    repost_historic: async (job) => repostHistoricStep(db, job),
    exclusions_sync: async (job) => exclusionsSyncStep(db, job, await opts.adminFor(job.shop)),
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
  let evaluatingTiers = false;
  const tierPass = setInterval(async () => {
    if (evaluatingTiers) return;
    evaluatingTiers = true;
    try {
      for (const shop of await shopsDueForTierEvaluation(db)) {
        try {
          await runDailyTierEvaluation(db, shop);
        } catch (error) {
          log.warn("daily tier evaluation failed for a shop", { shop, error: (error as Error).message });
        }
      }
      // Birthdays are checked on every pass (cheap, once a year per member by key), so no day is
      // missed whatever time the pass runs at; expiry runs once a day per shop.
      const now = new Date();
      for (const shop of await shopsWithDailyProgramWork(db, now)) {
        try {
          await awardBirthdays(db, shop.domain, now);
          if (shop.expiryDue) await runExpiry(db, shop.domain, now);
        } catch (error) {
          log.warn("daily program pass failed for a shop", { shop: shop.domain, error: (error as Error).message });
        }
      }
    } catch (error) {
      log.error("daily tier evaluation pass failed", { error });
    } finally {
      evaluatingTiers = false;
    }
  }, opts.tierPassMs ?? 15 * 60_000);
  tierPass.unref();
  // Flows: one pass over what is due (several processes may run it at once; mails are claimed).
  const flowsWorker = `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  let flowing = false;
  const flowsPass = setInterval(async () => {
    if (flowing) return;
    flowing = true;
    try {
      const config = env();
      const report = await runDue(db, new Date(), {
        mailer: mailerFromEnv(), admin: opts.adminFor, appUrl: config.SHOPIFY_APP_URL, secret: config.SHOPIFY_API_SECRET, workerId: flowsWorker,
      });
      if (flowsActivity(report)) log.info("flows pass", report);
    } catch (error) {
      log.error("flows pass failed", { error });
    } finally {
      flowing = false;
    }
  }, opts.flowsPassMs ?? 30_000);
  flowsPass.unref();
  let syncingConsent = false;
  const consentPass = setInterval(async () => {
    if (syncingConsent) return;
    syncingConsent = true;
    try {
      for (const shop of await shopsWithUnsyncedUnsubscribes(db)) {
        try {
          await syncUnsubscribes(db, shop, await opts.adminFor(shop));
        } catch (error) {
          log.warn("unsubscribe write-back failed for a shop", { shop, error: (error as Error).message });
        }
      }
    } catch (error) {
      log.error("unsubscribe write-back pass failed", { error });
    } finally {
      syncingConsent = false;
    }
  }, opts.consentSyncMs ?? 60_000);
  consentPass.unref();
  return {
    runner,
    async stop() {
      clearInterval(timer);
      clearInterval(upkeep);
      clearInterval(tierPass);
      clearInterval(flowsPass);
      clearInterval(consentPass);
      await runner.stop();
    },
  };
}
