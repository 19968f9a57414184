// A webhook and background-job worker without the web server: run several of these against one PostgreSQL database
// (with KANTA_WORKER=off on the web processes) to scale processing out.
import { closeDatabases, getSql } from "../app/db.server";
import { env } from "../app/env.server";
import { log } from "../app/lib/log.server";
import { startBackground } from "../app/shopify/background.server";
import { WebhookWorker } from "../app/webhooks/worker.server";

const config = env();
const worker = new WebhookWorker(getSql(), { lockSeconds: config.WEBHOOK_LOCK_SECONDS });
worker.start();
const { adminFor } = await import("../app/shopify.server");
const background = startBackground(getSql(), {
  adminFor,
  reconcileIntervalMinutes: config.RECONCILE_INTERVAL_MINUTES,
  metafieldSyncMs: config.METAFIELD_SYNC_INTERVAL_MS,
  onInboxEvents: () => worker.wake(),
});
log.info("kanta webhook worker started", { id: worker.id, database: config.DATABASE_PROVIDER });
const stop = async () => {
  await worker.stop();
  await background.stop();
  await closeDatabases();
  process.exit(0);
};
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
