// Kanta's HTTP server: webhook intake and the App Proxy's GET /proxy/me on the raw Node layer,
// everything else through Remix.
// Also runs the webhook worker (unless KANTA_WORKER=off) and the hourly pruning of raw events.
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { closeDatabases, getSql } from "../app/db.server";
import { EnvError, env } from "../app/env.server";
import { log } from "../app/lib/log.server";
import { handleProxyMe, isProxyMeRequest } from "../app/proxy/me.server";
import { createWebhookIntake, isWebhookPath } from "../app/webhooks/http-intake.server";
import { WebhookInbox } from "../app/webhooks/inbox.server";
import { WebhookWorker, pruneWebhookEvents, releaseStaleClaims } from "../app/webhooks/worker.server";
import { startBackground } from "../app/shopify/background.server";

async function main() {
  let config;
  try {
    config = env();
  } catch (error) {
    if (error instanceof EnvError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const db = getSql();
  await db.get("SELECT 1 AS ok");

  const inbox = new WebhookInbox(db);
  const intake = createWebhookIntake({ secret: config.SHOPIFY_API_SECRET, inbox });
  let worker: WebhookWorker | null = null;
  if (config.KANTA_WORKER === "inline") {
    if (db.dialect === "sqlite") {
      // One process owns a SQLite file: claims left by a killed process can be taken back now.
      const released = await releaseStaleClaims(db);
      if (released > 0) log.info("resuming webhook events left in progress", { count: released });
    }
    worker = new WebhookWorker(db, { lockSeconds: config.WEBHOOK_LOCK_SECONDS });
    inbox.onStored = () => worker?.wake();
    worker.start();
  }
  let background: { stop: () => Promise<void> } | null = null;
  if (config.KANTA_WORKER === "inline") {
    const { adminFor } = await import("../app/shopify.server");
    background = startBackground(db, {
      adminFor,
      reconcileIntervalMinutes: config.RECONCILE_INTERVAL_MINUTES,
      metafieldSyncMs: config.METAFIELD_SYNC_INTERVAL_MS,
      onInboxEvents: () => worker?.wake(),
    });
  }
  const prune = async () => {
    try {
      const removed = await pruneWebhookEvents(db, config.WEBHOOK_RETENTION_DAYS);
      if (removed > 0) log.info("pruned processed webhook events", { removed, retentionDays: config.WEBHOOK_RETENTION_DAYS });
    } catch (error) {
      log.error("pruning webhook events failed", { error });
    }
  };
  void prune();
  const pruneTimer = setInterval(prune, 3_600_000);
  pruneTimer.unref();

  const buildPath = path.resolve(process.cwd(), "build", "index.js");
  const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
  const app = express();
  app.disable("x-powered-by");
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  // No trailing-slash redirect for folders: /local-storefront is a page, public/local-storefront/ its files.
  app.use(express.static("public", { maxAge: "1h", redirect: false }));
  app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV ?? "production" }));

  const server = http.createServer((req, res) => {
    if (isWebhookPath(req.url)) {
      intake(req, res).catch((error) => {
        log.error("webhook intake crashed", { error });
        if (!res.headersSent) res.writeHead(500).end();
      });
      return;
    }
    // The storefront's hottest read (App Proxy → /proxy/me) skips Express and Remix too.
    if (isProxyMeRequest(req.method, req.url)) {
      handleProxyMe(req, res).catch((error) => {
        log.error("app proxy /proxy/me crashed", { error });
        if (!res.headersSent) res.writeHead(500).end();
      });
      return;
    }
    app(req, res);
  });
  server.keepAliveTimeout = 65_000;
  server.listen(config.PORT, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : config.PORT;
    log.info("kanta listening", { port, database: config.DATABASE_PROVIDER, worker: config.KANTA_WORKER });
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info("shutting down", { signal });
    server.close();
    await worker?.stop();
    await background?.stop();
    await closeDatabases();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error) => {
  log.error("kanta failed to start", { error });
  process.exit(1);
});
