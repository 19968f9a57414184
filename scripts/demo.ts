// `npm run demo`: a local Kanta demo store on SQLite, with no Shopify account. Prepares the
// database and the build, starts the production server, replays a year of simulated, signed
// webhooks for kanta-demo.myshopify.com through POST /webhooks, waits for the worker, then
// prints where to look and keeps the server running until Ctrl-C.
//   --fresh              delete the demo database first (by default a re-run reuses it)
//   --sign <customer id> print a freshly signed storefront URL (GET /proxy/me) and exit
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { parseArgs } from "node:util";
import { sqliteFileFromUrl } from "../app/storage/sql.server";
import { simulateStoreHistory } from "../test/support/shopify-payloads";
import { fmt, sleep, Ui } from "./lib/demo-console";
import { DemoDb, type DemoSummary, type TopMember } from "./lib/demo-db";
import {
  DEFAULT_PORT, DEMO_CUSTOMERS, DEMO_DAYS, DEMO_DEFAULTS, DEMO_SEED, DEMO_SHOP, DemoError, ROOT,
  choosePort, readState, removeState, signedMeUrl, withDefaults, writeState,
} from "./lib/demo-env";
import { replayWebhooks, waitForDrain } from "./lib/demo-seed";

const USAGE = `usage: npm run demo [-- --fresh]              start the local demo store (--fresh: new database)
       npm run demo -- --sign <customer id>     print a freshly signed /proxy/me URL and exit`;

const ui = new Ui();
const stopController = new AbortController();
let server: { proc: ChildProcess; exited: Promise<number | null> } | null = null;
let db: DemoDb | null = null;
let stopping = false;

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

async function shutdown(code: number, signal?: NodeJS.Signals): Promise<never> {
  if (!stopping) {
    stopping = true;
    stopController.abort();
    if (signal) ui.done(`stopping the demo (${signal})…`);
    if (server && server.proc.exitCode === null && server.proc.signalCode === null) {
      server.proc.kill(signal ?? "SIGTERM");
      const force = setTimeout(() => server?.proc.kill("SIGKILL"), 10_000);
      const exitCode = await server.exited;
      clearTimeout(force);
      if (signal && exitCode !== 0) code = 1;
    }
    db?.close();
  }
  process.exit(code);
}

/** Runs a setup command with its output captured, shown only if it fails. */
function step(title: string, command: string, args: string[], env: NodeJS.ProcessEnv): void {
  const started = performance.now();
  ui.status(`${title}…`);
  const r = spawnSync(command, args, { cwd: ROOT, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.signal === "SIGINT" || r.signal === "SIGTERM") process.exit(130);
  if (r.status !== 0) {
    ui.done(`✖ ${title}`);
    process.stderr.write(`${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? `${r.error.message}\n` : ""}`);
    throw new DemoError(`${title} failed (exit ${r.status ?? r.signal})`);
  }
  ui.done(`✔ ${title} (${seconds(started)})`);
}

function newestMtime(target: string): number {
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(target).reduce((max, name) => Math.max(max, newestMtime(path.join(target, name))), stat.mtimeMs);
}

/** Why the production build must be (re)made, or null when it is current. */
function buildOutdated(): string | null {
  const outputs = ["build/server.js", "build/index.js", "public/build"].map((f) => path.join(ROOT, f));
  if (!outputs.every((f) => fs.existsSync(f))) return "build/ is missing";
  const built = Math.min(...outputs.slice(0, 2).map((f) => fs.statSync(f).mtimeMs));
  const sources = Math.max(...["app", "server"].map((d) => newestMtime(path.join(ROOT, d))));
  return sources > built ? "app/ changed since the last build" : null;
}

function startServer(env: NodeJS.ProcessEnv): void {
  const proc = spawn(process.execPath, [path.join(ROOT, "build", "server.js")], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  for (const [input, output] of [[proc.stdout!, process.stdout], [proc.stderr!, process.stderr]] as const) {
    readline.createInterface({ input }).on("line", (line) => ui.log(`[server] ${line}`, output));
  }
  const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
  exited.then((code) => {
    if (stopping) return;
    ui.done(`✖ the server exited unexpectedly (${code === null ? `signal ${proc.signalCode}` : `exit ${code}`}); see its log above`);
    void shutdown(1);
  });
  server = { proc, exited };
}

async function waitUntilHealthy(baseUrl: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${baseUrl}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new DemoError("the server did not answer GET /healthz within 30 s");
}

function printReport(o: {
  localUrl: string; dbFile: string; secret: string; summary: DemoSummary; top: TopMember[]; defaultSecret: boolean;
}): void {
  const { localUrl, summary: s } = o;
  const row = (label: string, value: string) => `    ${label.padEnd(20)}${value}`;
  const lines = [
    "",
    "Kanta demo store is running (Ctrl-C to stop)",
    "",
    `  App         ${localUrl}/`,
    `  Health      ${localUrl}/healthz`,
    `  Database    ${path.relative(ROOT, o.dbFile)}`,
    "",
    `  ${DEMO_SHOP}`,
    row("members", fmt(s.members)),
    row("ledger entries", fmt(s.ledgerEntries)),
    row("points outstanding", fmt(s.pointsOutstanding)),
    row("orders that earned", fmt(s.ordersEarning)),
    row("webhooks", `${fmt(s.webhooks.done)} done, ${fmt(s.webhooks.failed)} failed${s.webhooks.pending ? `, ${fmt(s.webhooks.pending)} pending` : ""}`),
    ...s.failedEvents.slice(0, 5).map((f) => `      failed #${f.id} ${f.topic}: ${f.lastError ?? "?"}`),
    "",
    "  Storefront: GET /apps/kanta/me, as Shopify's App Proxy forwards it to /proxy/me (signed query).",
    "  Each signature below is valid for 90 s; mint a fresh one with",
    "    npm run demo -- --sign <customer id>",
    `    e.g. curl "$(npm run -s demo -- --sign ${o.top[0]?.customerId ?? "<customer id>"})"`,
    "",
    ...o.top.flatMap((m) => [`    ${m.name} (customer ${m.customerId}), ${fmt(m.balance)} points`, `      ${signedMeUrl(localUrl, o.secret, m.customerId)}`]),
    "    Logged out (program description only)",
    `      ${signedMeUrl(localUrl, o.secret, null)}`,
    "",
    "  There is no Shopify here: the Shopify Admin API is not contacted. The webhooks were generated",
    `  locally (seed "${DEMO_SEED}"), signed with ${o.defaultSecret ? `the demo secret "${DEMO_DEFAULTS.SHOPIFY_API_SECRET}"` : "your SHOPIFY_API_SECRET"} and posted to`,
    "  POST /webhooks as Shopify would. The embedded admin (/app) needs a real Shopify session, so its",
    "  figures are printed above instead.",
    "",
  ];
  ui.done(lines.join("\n"));
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({ options: { fresh: { type: "boolean" }, sign: { type: "string" }, help: { type: "boolean", short: "h" } } }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (args.help) return void console.log(USAGE);
  process.chdir(ROOT);

  if (args.sign !== undefined) {
    if (!/^\d{1,20}$/.test(args.sign)) throw new DemoError(`--sign needs a numeric Shopify customer id (logged_in_customer_id)\n${USAGE}`);
    const port = process.env.PORT || readState().port || DEFAULT_PORT;
    console.log(signedMeUrl(`http://localhost:${port}`, process.env.SHOPIFY_API_SECRET || DEMO_DEFAULTS.SHOPIFY_API_SECRET!, args.sign));
    return;
  }

  process.on("SIGINT", () => void shutdown(0, "SIGINT"));
  process.on("SIGTERM", () => void shutdown(0, "SIGTERM"));

  const { port, note } = await choosePort(process.env.PORT);
  const env = withDefaults(process.env, port);
  if (env.DATABASE_PROVIDER !== "sqlite" || !env.DATABASE_URL!.startsWith("file:")) {
    throw new DemoError("npm run demo runs on SQLite: unset DATABASE_PROVIDER and DATABASE_URL (or point DATABASE_URL at a file:)");
  }
  const dbFile = sqliteFileFromUrl(env.DATABASE_URL!);
  console.log(`Kanta demo: a local store on SQLite (${path.relative(ROOT, dbFile)}), no Shopify account needed`);
  if (note) console.log(`  note: ${note}`);
  if (args.fresh) {
    for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(dbFile + suffix, { force: true });
    removeState();
    console.log(`  --fresh: deleted the demo database`);
  } else if (fs.existsSync(dbFile)) {
    console.log("  reusing the demo database (--fresh starts over)");
  }
  fs.mkdirSync(path.dirname(dbFile), { recursive: true });

  step("Prisma clients generated", process.execPath, ["scripts/db.mjs", "generate"], env);
  step("migrations applied", process.execPath, ["scripts/db.mjs", "deploy"], env);
  const outdated = buildOutdated();
  if (outdated) step(`built (${outdated})`, "npm", ["run", "build", "--silent"], env);
  else console.log("✔ build is up to date");

  const localUrl = `http://localhost:${port}`;
  const started = performance.now();
  startServer(env);
  await waitUntilHealthy(`http://127.0.0.1:${port}`);
  console.log(`✔ server started at ${localUrl} (pid ${server!.proc.pid}, LOG_LEVEL=${env.LOG_LEVEL}) in ${seconds(started)}`);

  // The history ends at the start of the UTC day of the first run; kept so that re-runs replay
  // byte-identical deliveries (same event ids) that the inbox deduplicates.
  const endDate = readState().endDate ?? new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000).toISOString();
  writeState({ endDate, port });
  const deliveries = simulateStoreHistory({
    seed: DEMO_SEED, customers: DEMO_CUSTOMERS, days: DEMO_DAYS, endDate: new Date(endDate), currency: "USD", shop: { domain: DEMO_SHOP },
  });
  console.log(`  simulated ${DEMO_CUSTOMERS} customers over ${DEMO_DAYS} days to ${endDate.slice(0, 10)} (seed "${DEMO_SEED}"): ${fmt(deliveries.length)} deliveries`);

  const replay = await replayWebhooks(ui, {
    baseUrl: `http://127.0.0.1:${port}`, secret: env.SHOPIFY_API_SECRET!, deliveries, concurrency: 16, signal: stopController.signal,
  });
  if (stopping) return;
  ui.done(
    `✔ replayed ${fmt(deliveries.length)} signed webhooks in ${replay.seconds.toFixed(1)} s (${fmt(deliveries.length / replay.seconds)}/s): ` +
      `${fmt(replay.stored)} stored, ${fmt(replay.duplicates)} duplicates acknowledged without storing again`,
  );
  for (const r of replay.rejected.slice(0, 5)) console.error(`  ✖ ${r.topic} was refused: HTTP ${r.status} ${r.body}`);
  if (replay.rejected.length > 0) console.error(`  ✖ ${fmt(replay.rejected.length)} deliveries refused in all`);

  db = new DemoDb(dbFile);
  const drainStarted = performance.now();
  const left = await waitForDrain(ui, db, stopController.signal);
  if (stopping) return;
  if (left === 0) ui.done(`✔ the worker has processed every webhook event (waited ${seconds(drainStarted)} after the replay)`);
  else ui.done(`! ${fmt(left)} webhook events are still pending after a minute without progress (retrying with backoff; see the server log)`);

  const defaultSecret = !process.env.SHOPIFY_API_SECRET;
  printReport({ localUrl, dbFile, secret: env.SHOPIFY_API_SECRET!, summary: await db.summary(DEMO_SHOP), top: db.topMembers(DEMO_SHOP, 3), defaultSecret });
  await server!.exited; // runs until Ctrl-C (or the server stops by itself)
}

main().catch(async (error) => {
  if (stopping) return;
  ui.done(error instanceof DemoError ? `✖ ${error.message}` : `✖ the demo failed: ${(error as Error).stack ?? error}`);
  await shutdown(1);
});
