// `npm run bench:admin`: talking to Shopify, measured against the production build (one app
// process, SQLite) and the local Admin API emulator (Shopify's schema, cost rules and leaky
// bucket). Prints figures; asserts nothing about timings.
//
//  1. History import: a Shopify Plus shop with BENCH_IMPORT_ORDERS paid orders (one customer per
//     10 orders) over the last 300 days is installed by opening the embedded app; timed until every
//     order is in order_record (historic) and the inbox is drained. Then a small Standard-plan
//     import (BENCH_STANDARD_ORDERS), and a leaky-bucket model fed with the measured per-page
//     costs, checked against both imports, says what a Standard shop takes for the full count.
//  2. Reconciliation: BENCH_RECONCILE_ORDERS orders in the emulator, 99 % of them known to Kanta
//     (brought in by the history import itself, with the rate limit lifted: at Plus rates it
//     would take ~17 min for 100k), 1 % added to the emulator only (their webhooks "lost"), with
//     updated_at after the watermark. A full pass (shop.reconciled_until = NULL: every order is
//     compared) is timed until its report and until the repaired orders' ledger entries exist;
//     then 1 % more are lost and an incremental pass (since the watermark − 5 min) is timed at
//     Plus rates.
//
// Environment:
//   BENCH_IMPORT_ORDERS     orders of the Plus history import (default 20000)
//   BENCH_STANDARD_ORDERS   orders of the Standard-plan import that checks the model (default 400; 0 skips it)
//   BENCH_RECONCILE_ORDERS  orders in the reconciled shop (default 100000)
//   BENCH_RECONCILE_LIMIT   lifted (default): the full pass runs with the bucket kept full, so it
//                           measures Kanta's own time, and the Plus/Standard figures are computed;
//                           plus: the full pass runs at Plus rates (≈ 17 min for 100k orders)
//   BENCH_MODEL_RTT_MS      round trip assumed per Admin API request for the model's "with latency" rows
//                           (default 150; the emulator answers in-process, without any)
//   BENCH_PROFILE=1         profile the app process (V8 sampling profiler, all phases) and print where its CPU went
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { EmulatorStore } from "../app/emulator/store.server";
import type { SqlDatabase } from "../app/storage/sql.server";
import { probePageCosts, type PageCost } from "./lib/bench-admin-probe";
import { startCpuMeter } from "./lib/bench-cpu";
import { formatDiagnostics, formatProfileSummary, summariseCpuProfile, writeDiagnosticsPreload } from "./lib/bench-profile";
import {
  PLUS, STANDARD, count, fmt, inboxPending, jobTimes, lastProcessedMs, lastRequestSeq, liftRateLimit, processCpuSeconds,
  requestLogCounts, requestStats, simulatePaging, startPinger, table, type BucketPlan, type OperationStats, type PageKind,
} from "./lib/bench-admin-measure";
import { DAY_MS, addOrders, seedShop, type BenchShop, type Plan } from "./lib/bench-admin-seed";
import { REPO_ROOT, loadAppServerSupport, type AppServerSupport } from "./lib/bench-support";

function intEnv(name: string, fallback: number, min = 1): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min) throw new Error(`${name} must be an integer ≥ ${min}, got ${raw}`);
  return v;
}

const IMPORT_ORDERS = intEnv("BENCH_IMPORT_ORDERS", 20_000);
const STANDARD_ORDERS = intEnv("BENCH_STANDARD_ORDERS", 400, 0);
const RECONCILE_ORDERS = intEnv("BENCH_RECONCILE_ORDERS", 100_000, 100);
const MISSING = Math.round(RECONCILE_ORDERS / 100);
const KNOWN = RECONCILE_ORDERS - MISSING;
const PROFILE = process.env.BENCH_PROFILE === "1";
const MODEL_RTT_MS = intEnv("BENCH_MODEL_RTT_MS", 150, 0);
const RECONCILE_LIMIT = (process.env.BENCH_RECONCILE_LIMIT || "lifted") as "lifted" | "plus";
if (RECONCILE_LIMIT !== "lifted" && RECONCILE_LIMIT !== "plus") throw new Error(`BENCH_RECONCILE_LIMIT must be lifted or plus, got ${String(RECONCILE_LIMIT)}`);
/** Reconciliation keeps the repaired order ids of a pass in its report, up to this many. */
const REPORT_ID_CAP = 1000;
const POLL_MS = 200;
const PROGRESS_MS = 5_000;

const t0 = Date.now();
const say = (msg: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${msg}`);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const seconds = (ms: number) => ms / 1000;
/** One decimal, rounded as in the table, without thousands separators. */
const plain = (v: number) => fmt(v, 1).replace(/,/g, "");

// ---------------------------------------------------------------------------------------------
// Cleanup: child process, connections, temp dirs; also on Ctrl-C.

const cleanups: { what: string; fn: () => unknown }[] = [];
const onCleanup = (what: string, fn: () => unknown) => cleanups.push({ what, fn });
let cleaning: Promise<void> | null = null;
function runCleanups(): Promise<void> {
  cleaning ??= (async () => {
    for (const c of cleanups.splice(0).reverse()) {
      try {
        await c.fn();
      } catch (error) {
        console.error(`cleanup (${c.what}) failed: ${(error as Error).message}`);
      }
    }
  })();
  return cleaning;
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the app and removing temp files…`);
    void runCleanups().finally(() => process.exit(130));
  });
}

function ensureBuild() {
  if (fs.existsSync(path.join(REPO_ROOT, "build", "server.js")) && fs.existsSync(path.join(REPO_ROOT, "build", "index.js"))) return;
  say("build/server.js is missing: npm run build");
  execFileSync("npm", ["run", "build", "--silent"], { cwd: REPO_ROOT, stdio: "inherit" });
}

function migrate(url: string) {
  try {
    execFileSync(process.execPath, [path.join(REPO_ROOT, "scripts", "db.mjs"), "deploy"], {
      cwd: REPO_ROOT,
      env: { ...process.env, DATABASE_PROVIDER: "sqlite", DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
      encoding: "utf8",
    });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    throw new Error(`migrating SQLite failed:\n${e.stdout ?? ""}${e.stderr ?? ""}`);
  }
}

// ---------------------------------------------------------------------------------------------

type Ctx = { support: AppServerSupport; sql: SqlDatabase; store: EmulatorStore; appUrl: string; appPid: number | undefined };

type ImportResult = {
  label: string;
  domain: string;
  plan: Plan;
  lifted: boolean;
  orders: number;
  customers: number;
  imported: number;
  /** Opening the app → inbox drained. */
  wallS: number;
  /** Opening the app → install job done. */
  installS: number;
  /** Backfill job created → done (Admin API paging, events stored as pages arrive). */
  pagingS: number;
  /** Backfill job done → the shop's last event applied (pipeline tail). */
  tailS: number;
  /** Backfill job created → last event applied. */
  importS: number;
  ordersPerS: number;
  customersPages: OperationStats | undefined;
  ordersPages: OperationStats | undefined;
  requests: Map<string, number>;
  appCpuS: number | null;
  /** Share of the machine's CPUs used by other processes meanwhile (null off Linux). */
  otherCpu: number | null;
  /** Slowest GET /healthz meanwhile, ms. */
  healthzMaxMs: number;
};

/** Installs a seeded shop by opening the embedded app and waits for its history import to land. */
async function runImport(ctx: Ctx, label: string, shop: BenchShop, plan: Plan, lifted: boolean, timeoutMs: number): Promise<ImportResult> {
  const { support, sql, store } = ctx;
  const domain = shop.domain;
  const orders = shop.orders;
  const { TEST_API_KEY, TEST_SECRET } = support;
  const { DESKTOP_UA, embeddedAppUrl } = await import("../test/support/session-token");
  const cpu0 = processCpuSeconds(ctx.appPid);
  const meter = startCpuMeter();
  const pinger = startPinger(`${ctx.appUrl}/healthz`);
  const openMs = Date.now();
  const res = await fetch(embeddedAppUrl(ctx.appUrl, domain, TEST_API_KEY, TEST_SECRET), { headers: { "User-Agent": DESKTOP_UA } });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${label}: opening the embedded app answered ${res.status}`);
  let nextProgress = Date.now() + PROGRESS_MS;
  for (;;) {
    const backfill = await jobTimes(sql, domain, "backfill");
    if (backfill?.status === "failed") throw new Error(`${label}: the backfill job failed: ${backfill.lastError}`);
    const install = await jobTimes(sql, domain, "install");
    if (install?.status === "failed") throw new Error(`${label}: the install job failed: ${install.lastError}`);
    if (backfill?.status === "done" && (await inboxPending(sql)) === 0) break;
    if (Date.now() - openMs > timeoutMs) throw new Error(`${label}: import not done after ${timeoutMs / 1000} s (backfill ${JSON.stringify(backfill)})`);
    if (Date.now() >= nextProgress) {
      nextProgress += PROGRESS_MS;
      const inLedger = await count(sql, `SELECT COUNT(*) AS n FROM order_record WHERE shop = ? AND historic = ?`, [domain, true]);
      const p = backfill?.progress ?? {};
      say(
        `${label}: ${fmt(inLedger)} / ${fmt(orders)} orders in order_record; backfill ${backfill?.status ?? "not queued yet"} ` +
          `(${String(p.phase ?? "customers")}, ${fmt(Number(p.customers ?? 0))} customers, ${fmt(Number(p.orders ?? 0))} orders stored); ` +
          `inbox pending ${fmt(await inboxPending(sql))}${install?.status === "done" ? "" : `; install ${install?.status ?? "not queued yet"}`}`,
      );
    }
    await sleep(POLL_MS);
  }
  const cpu1 = processCpuSeconds(ctx.appPid);
  const otherCpu = meter.stop()?.otherShare ?? null;
  const healthz = await pinger.stop();
  const install = (await jobTimes(sql, domain, "install"))!;
  const backfill = (await jobTimes(sql, domain, "backfill"))!;
  const drainedMs = (await lastProcessedMs(sql, domain)) ?? Date.now();
  const imported = await count(sql, `SELECT COUNT(*) AS n FROM order_record WHERE shop = ? AND historic = ?`, [domain, true]);
  const stats = requestStats(store, domain);
  const importS = seconds(drainedMs - backfill.createdMs);
  return {
    label, domain, plan, lifted, orders, customers: shop.people.length, imported,
    wallS: seconds(drainedMs - openMs),
    installS: seconds((install.finishedMs ?? drainedMs) - openMs),
    pagingS: seconds(backfill.finishedMs! - backfill.createdMs),
    tailS: seconds(Math.max(0, drainedMs - backfill.finishedMs!)),
    importS,
    ordersPerS: imported / importS,
    customersPages: stats.find((s) => s.operation === "KantaCustomersPage"),
    ordersPages: stats.find((s) => s.operation === "KantaOrdersPage"),
    requests: requestLogCounts(store, domain),
    appCpuS: cpu0 !== null && cpu1 !== null ? cpu1 - cpu0 : null,
    otherCpu,
    healthzMaxMs: healthz.maxMs,
  };
}

const otherNote = (share: number | null) => (share === null ? "" : `; other processes used ${fmt(100 * share)} % of the machine's CPUs meanwhile`);

function printImport(r: ImportResult) {
  const ops = [...r.requests].map(([op, n]) => `${op} ${fmt(n)}`).join(", ");
  const phase = (s: OperationStats | undefined) => (s ? `${fmt(s.requests)} pages in ${fmt(seconds(s.lastMs - s.firstMs), 1)} s` : "none");
  const lines = [
    `${r.label}: ${fmt(r.imported)} of ${fmt(r.orders)} orders in order_record (historic) ${r.imported === r.orders ? "(all)" : "(MISMATCH)"}, ${fmt(r.customers)} customers`,
    `  open app → drained ${fmt(r.wallS, 1)} s (install ${fmt(r.installS, 1)} s); backfill start → drained ${fmt(r.importS, 1)} s = ${fmt(r.ordersPerS, 1)} orders/s`,
    `  Admin API paging (backfill job) ${fmt(r.pagingS, 1)} s [customers: ${phase(r.customersPages)}; orders: ${phase(r.ordersPages)}], pipeline tail after the last page ${fmt(r.tailS, 2)} s`,
    `  Admin API requests: ${ops}`,
    `  app process CPU ${fmt(r.appCpuS, 1)} s over ${fmt(r.wallS, 1)} s wall (${r.appCpuS === null ? "n/a" : `${fmt((100 * r.appCpuS) / r.wallS)} % of one core`})${otherNote(r.otherCpu)}`,
    `  slowest GET /healthz meanwhile ${fmt(r.healthzMaxMs)} ms`,
  ];
  console.log(lines.join("\n"));
}

// ---------------------------------------------------------------------------------------------

type PassResult = {
  label: string;
  limit: "lifted" | "plus";
  since: string | null;
  until: string;
  checked: number;
  expectedChecked: number;
  repaired: number;
  expectedRepaired: number;
  verdict: string;
  /** Trigger (run_after = now) → first Admin API request. */
  pickupS: number;
  /** First request → report written (paging and comparison). */
  passS: number;
  /** First request → last repaired order's ledger entry. */
  postedS: number;
  /** Trigger → last ledger entry. */
  totalS: number;
  pages: number;
  requests: Map<string, number>;
  appCpuS: number | null;
  otherCpu: number | null;
  healthzMaxMs: number;
};

async function runPass(ctx: Ctx, label: string, domain: string, lost: string[], full: boolean, limit: "lifted" | "plus"): Promise<PassResult> {
  const { sql, store } = ctx;
  const seq0 = lastRequestSeq(store);
  const reports0 = await count(sql, `SELECT COUNT(*) AS n FROM reconciliation_report WHERE shop = ?`, [domain]);
  const ledgerId0 = await count(sql, `SELECT COALESCE(MAX(id), 0) AS n FROM ledger_entry WHERE shop = ?`, [domain]);
  if (full) await sql.run(`UPDATE shop SET reconciled_until = NULL WHERE domain = ?`, [domain]);
  const cpu0 = processCpuSeconds(ctx.appPid);
  const meter = startCpuMeter();
  const pinger = startPinger(`${ctx.appUrl}/healthz`);
  const triggerMs = Date.now();
  const moved = await sql.run(`UPDATE job SET run_after = ? WHERE shop = ? AND kind = 'reconcile' AND status = 'queued'`, [new Date(triggerMs).toISOString(), domain]);
  if (moved !== 1) throw new Error(`${label}: expected one queued reconcile job, moved ${moved}`);
  let nextProgress = Date.now() + PROGRESS_MS;
  const deadline = triggerMs + 3_600_000;
  // Until the report is written…
  while ((await count(sql, `SELECT COUNT(*) AS n FROM reconciliation_report WHERE shop = ?`, [domain])) === reports0) {
    const job = await jobTimes(sql, domain, "reconcile");
    if (job?.status === "failed") throw new Error(`${label}: the reconcile job failed: ${job.lastError}`);
    if (Date.now() > deadline) throw new Error(`${label}: no report after an hour`);
    if (Date.now() >= nextProgress) {
      nextProgress += PROGRESS_MS;
      const running = await sql.get<{ progress_json: string }>(
        `SELECT progress_json FROM job WHERE shop = ? AND kind = 'reconcile' AND status IN ('running', 'queued') AND run_after <= ? ORDER BY id LIMIT 1`,
        [domain, new Date().toISOString()],
      );
      const p = running ? (JSON.parse(running.progress_json) as { checked?: number; repaired?: number }) : {};
      say(`${label}: ${fmt(p.checked ?? 0)} orders checked, ${fmt(p.repaired ?? 0)} repaired so far; inbox pending ${fmt(await inboxPending(sql))}`);
    }
    await sleep(POLL_MS);
  }
  // …and until the repaired orders are posted.
  for (;;) {
    const posted = await count(sql, `SELECT COUNT(*) AS n FROM ledger_entry WHERE shop = ? AND id > ?`, [domain, ledgerId0]);
    if (posted >= lost.length && (await inboxPending(sql)) === 0) break;
    if (Date.now() > deadline) throw new Error(`${label}: repaired orders not posted after an hour (${posted} of ${lost.length})`);
    if (Date.now() >= nextProgress) {
      nextProgress += PROGRESS_MS;
      say(`${label}: report written; ${fmt(posted)} of ${fmt(lost.length)} repaired orders posted`);
    }
    await sleep(POLL_MS);
  }
  const cpu1 = processCpuSeconds(ctx.appPid);
  const otherCpu = meter.stop()?.otherShare ?? null;
  const healthz = await pinger.stop();
  const report = (await sql.get<{ since: string | null; until: string; orders_checked: number; orders_repaired: number; repaired_json: string; created_at: string }>(
    `SELECT since, until, orders_checked, orders_repaired, repaired_json, created_at FROM reconciliation_report WHERE shop = ? ORDER BY id DESC LIMIT 1`,
    [domain],
  ))!;
  const lastEntry = await sql.get<{ t: string }>(`SELECT MAX(created_at) AS t FROM ledger_entry WHERE shop = ? AND id > ?`, [domain, ledgerId0]);
  const postedEntries = await sql.all<{ order_gid: string }>(`SELECT DISTINCT order_gid FROM ledger_entry WHERE shop = ? AND id > ?`, [domain, ledgerId0]);
  const stats = requestStats(store, domain, seq0);
  const pages = stats.find((s) => s.operation === "KantaOrdersPage");
  const firstMs = Math.min(...stats.map((s) => s.firstMs));
  // What the pass should have compared: the emulator's orders updated within [since, until].
  const sinceMs = report.since ? Date.parse(report.since) : -Infinity;
  const untilMs = Date.parse(report.until);
  const expectedChecked = Number(
    (store.db.prepare(`SELECT COUNT(*) AS n FROM emulator_order WHERE domain = ? AND updated_at >= ? AND updated_at <= ?`).get(
      domain, Number.isFinite(sinceMs) ? sinceMs : -1, untilMs,
    ) as { n: number }).n,
  );
  const checked = Number(report.orders_checked);
  const repaired = Number(report.orders_repaired);
  const problems: string[] = [];
  if (checked !== expectedChecked) problems.push(`checked ${checked}, expected ${expectedChecked}`);
  if (repaired !== lost.length) problems.push(`repaired ${repaired}, expected ${lost.length}`);
  const lostSet = new Set(lost);
  const reported = JSON.parse(report.repaired_json) as string[];
  const wrong = reported.filter((id) => !lostSet.has(id));
  if (wrong.length) problems.push(`${wrong.length} repaired orders were not lost (e.g. ${wrong[0]})`);
  if (lost.length <= REPORT_ID_CAP && reported.length !== lost.length) problems.push(`report lists ${reported.length} repaired orders`);
  const notPosted = lost.filter((id) => !postedEntries.some((e) => e.order_gid === id)).length;
  if (notPosted) problems.push(`${notPosted} lost orders have no ledger entry`);
  const extra = postedEntries.filter((e) => !lostSet.has(e.order_gid)).length;
  if (extra) problems.push(`${extra} other orders got ledger entries`);
  const lastEntryMs = Date.parse(String(lastEntry?.t));
  return {
    label, limit, since: report.since, until: report.until, checked, expectedChecked, repaired, expectedRepaired: lost.length,
    verdict: problems.length ? `MISMATCH: ${problems.join("; ")}` : "correct",
    pickupS: seconds(firstMs - triggerMs),
    passS: seconds(Date.parse(report.created_at) - firstMs),
    postedS: seconds(lastEntryMs - firstMs),
    totalS: seconds(lastEntryMs - triggerMs),
    pages: pages?.requests ?? 0,
    requests: new Map(stats.map((s) => [s.operation, s.requests])),
    appCpuS: cpu0 !== null && cpu1 !== null ? cpu1 - cpu0 : null,
    otherCpu,
    healthzMaxMs: healthz.maxMs,
  };
}

function printPass(r: PassResult) {
  console.log(
    [
      `${r.label} (${r.limit === "lifted" ? "rate limit lifted" : "Plus rate limit"}): since ${r.since ?? "(none: every order)"} until ${r.until}`,
      `  checked ${fmt(r.checked)} (expected ${fmt(r.expectedChecked)}), repaired ${fmt(r.repaired)} (expected ${fmt(r.expectedRepaired)}): ${r.verdict}`,
      `  trigger → first request ${fmt(r.pickupS, 2)} s; first request → report ${fmt(r.passS, 1)} s (${fmt(r.pages)} order pages, ${fmt(r.checked / r.passS)} orders checked/s); ` +
        `→ last repaired order posted ${fmt(r.postedS, 1)} s; trigger → posted ${fmt(r.totalS, 1)} s`,
      `  Admin API requests: ${[...r.requests].map(([op, n]) => `${op} ${fmt(n)}`).join(", ")}; app process CPU ${fmt(r.appCpuS, 1)} s${otherNote(r.otherCpu)}`,
      `  slowest GET /healthz meanwhile ${fmt(r.healthzMaxMs)} ms`,
    ].join("\n"),
  );
}

// ---------------------------------------------------------------------------------------------
// The leaky-bucket model

/** Pages of a listing of `nodes` items, as the import or a pass reads them (at least one request). */
function pagesOf(nodes: number, cost: PageCost): PageKind[] {
  const base = 2; // a connection's own cost
  const perNode = (cost.actual - base) / cost.perPage;
  const full = Math.floor(nodes / cost.perPage);
  const rest = nodes - full * cost.perPage;
  const kinds: PageKind[] = [];
  if (full) kinds.push({ pages: full, requested: cost.requested, actual: cost.actual });
  if (rest || !full) kinds.push({ pages: 1, requested: cost.requested, actual: base + rest * perNode });
  return kinds;
}

function importPages(orders: number, customers: number, costs: { customers: PageCost; orders: PageCost }): PageKind[] {
  return [...pagesOf(customers, costs.customers), ...pagesOf(orders, costs.orders)];
}

function model(kinds: PageKind[], plan: BucketPlan, serviceS: number) {
  return simulatePaging(kinds, plan, serviceS);
}

// ---------------------------------------------------------------------------------------------

async function main() {
  ensureBuild();
  const support = await loadAppServerSupport();
  say(`bench:admin: history import of ${fmt(IMPORT_ORDERS)} orders (Plus), reconciliation of ${fmt(RECONCILE_ORDERS)} orders (${fmt(MISSING)} missing)`);

  say("probing the cost of one page (emulator in this process, its own in-memory store)");
  const costs = await probePageCosts();
  for (const c of [costs.customers, costs.orders]) {
    say(`  ${c.operation} (${c.perPage} a page): requested ${fmt(c.requested)} points, actual ${fmt(c.actual, 1)} points; emulator service time ${fmt(c.serviceMs, 2)} ms`);
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kanta-bench-admin-"));
  onCleanup(`remove ${dir}`, () => fs.rmSync(dir, { recursive: true, force: true }));
  const dbFile = path.join(dir, "kanta.sqlite");
  say("migrating a fresh SQLite database (scripts/db.mjs deploy)");
  migrate(`file:${dbFile}`);
  const db = { provider: "sqlite" as const, url: `file:${dbFile}` };
  const storeFile = path.join(dir, "emulator.sqlite");
  const store = new EmulatorStore(storeFile);
  onCleanup("close the emulator store", () => store.close());

  const now = Date.now();
  say(`seeding the emulator: ${fmt(IMPORT_ORDERS)} orders for ${fmt(Math.ceil(IMPORT_ORDERS / 10))} customers (Plus)${STANDARD_ORDERS ? `, ${fmt(STANDARD_ORDERS)} (Standard)` : ""}`);
  const plusShop = seedShop(store, "import-plus.myshopify.com", "60000000001", Math.max(1, Math.ceil(IMPORT_ORDERS / 10)), "plus", "bench-admin-import");
  addOrders(store, plusShop, IMPORT_ORDERS, new Date(now - 300 * DAY_MS), new Date(now - DAY_MS));
  const standardShop = STANDARD_ORDERS
    ? seedShop(store, "import-standard.myshopify.com", "60000000002", Math.max(1, Math.ceil(STANDARD_ORDERS / 10)), "standard", "bench-admin-standard")
    : null;
  if (standardShop) addOrders(store, standardShop, STANDARD_ORDERS, new Date(now - 300 * DAY_MS), new Date(now - DAY_MS));

  const profileDir = PROFILE ? path.join(dir, "profile") : null;
  if (profileDir) fs.mkdirSync(profileDir);
  const app = await support.startApp(db, {
    KANTA_ADMIN_EMULATOR: "1", KANTA_ADMIN_EMULATOR_DB: storeFile,
    ...(profileDir ? { NODE_OPTIONS: `--require ${writeDiagnosticsPreload(profileDir)}` } : {}),
  });
  // kill -9 on the way out after a failure: a graceful stop can wait for a busy job step.
  onCleanup("stop the app", () => app.crash());
  const sql = support.openTestSql(db);
  onCleanup("close the SQL connection", () => sql.close());
  const ctx: Ctx = { support, sql, store, appUrl: app.url, appPid: app.proc.pid };
  say(`app listening on ${app.url} (pid ${app.proc.pid}, build/server.js of ${fs.statSync(path.join(REPO_ROOT, "build", "server.js")).mtime.toISOString().slice(0, 19)} UTC)`);

  // ---- Phase 1: history import ----
  const plusModel = model(importPages(IMPORT_ORDERS, plusShop.people.length, costs), PLUS, 0);
  say(`phase 1: history import, Plus plan (the bucket alone allows it in ≥ ${fmt(plusModel.seconds)} s)`);
  const plus = await runImport(ctx, "import (Plus)", plusShop, "plus", false, Math.max(600_000, plusModel.seconds * 3_000));
  printImport(plus);
  let standard: ImportResult | null = null;
  if (standardShop) {
    const m = model(importPages(STANDARD_ORDERS, standardShop.people.length, costs), STANDARD, 0);
    say(`phase 1b: history import, Standard plan, ${fmt(STANDARD_ORDERS)} orders (the bucket alone allows it in ≥ ${fmt(m.seconds)} s)`);
    standard = await runImport(ctx, "import (Standard)", standardShop, "standard", false, Math.max(300_000, m.seconds * 3_000));
    printImport(standard);
  }

  // ---- Phase 2: reconciliation ----
  say(`phase 2: seeding the emulator with ${fmt(KNOWN)} orders for ${fmt(Math.ceil(RECONCILE_ORDERS / 10))} customers (Plus)`);
  const reconShop = seedShop(store, "reconcile-plus.myshopify.com", "60000000003", Math.ceil(RECONCILE_ORDERS / 10), "plus", "bench-admin-reconcile");
  addOrders(store, reconShop, KNOWN, new Date(Date.now() - 300 * DAY_MS), new Date(Date.now() - 3_600_000));
  say(`phase 2: Kanta learns the ${fmt(KNOWN)} known orders through the history import, rate limit lifted`);
  const lift = liftRateLimit(store, reconShop.domain);
  onCleanup("stop lifting the rate limit", () => lift.stop());
  const known = await runImport(ctx, "import (lifted)", reconShop, "plus", true, 1_800_000);
  printImport(known);

  const watermark = await sql.get<{ reconciled_until: string | null }>(`SELECT reconciled_until FROM shop WHERE domain = ?`, [reconShop.domain]);
  const waterMs = Date.parse(String(watermark?.reconciled_until));
  /** Orders whose webhooks never arrived: in the emulator only, updated within (afterMs, now). */
  const loseOrders = async (n: number, afterMs: number): Promise<string[]> => {
    const from = afterMs + 2_000; // the Admin API's timestamps have whole seconds
    while (Date.now() - 1_000 < from + 1_000) await sleep(200);
    return addOrders(store, reconShop, n, new Date(from), new Date(Date.now() - 1_000));
  };
  const lost = await loseOrders(MISSING, waterMs);
  say(`phase 2: ${fmt(lost.length)} orders added to the emulator only (webhooks lost), updated after the watermark ${watermark?.reconciled_until}; emulator holds ${fmt(store.countOrders(reconShop.domain))}`);

  if (RECONCILE_LIMIT === "plus") lift.stop();
  say(`phase 2: full pass (reconciled_until = NULL), ${RECONCILE_LIMIT === "plus" ? "Plus rate limit" : "rate limit lifted"}`);
  const fullPass = await runPass(ctx, "full pass", reconShop.domain, lost, true, RECONCILE_LIMIT);
  printPass(fullPass);
  lift.stop();

  const lost2 = await loseOrders(MISSING, Date.parse(fullPass.until));
  say(`phase 2: ${fmt(lost2.length)} more orders lost after the full pass's watermark; incremental pass at Plus rates`);
  const incremental = await runPass(ctx, "incremental pass", reconShop.domain, lost2, false, "plus");
  printPass(incremental);
  await app.stop();
  // The app's warnings and errors, by message (and Admin API operation).
  const problems = new Map<string, number>();
  for (const line of app.logs().split("\n")) {
    if (!/"level":"(error|warn)"/.test(line) || /ADMIN API EMULATOR ON/.test(line)) continue;
    let key = line.slice(0, 120);
    try {
      const entry = JSON.parse(line) as { level?: string; msg?: string; operation?: string };
      key = `${entry.level}: ${entry.msg}${entry.operation ? ` (${entry.operation})` : ""}`;
    } catch {
      // not a log line of ours: keep its start
    }
    problems.set(key, (problems.get(key) ?? 0) + 1);
  }
  if (profileDir) {
    console.log("\nCPU profile of the app process (all phases):");
    for (const f of fs.readdirSync(profileDir).filter((x) => x.endsWith(".cpuprofile"))) console.log(formatProfileSummary(summariseCpuProfile(path.join(profileDir, f))));
    for (const f of fs.readdirSync(profileDir).filter((x) => x.startsWith("diag-") && x.endsWith(".json"))) console.log(formatDiagnostics(path.join(profileDir, f)));
  }

  // ---- Figures ----
  // Kanta's own time per page (job step, inbox, pipeline, and the in-process emulator's ~1 ms),
  // from the import that never waited on the bucket.
  const serviceS = known.pagingS / ((known.customersPages?.requests ?? 0) + (known.ordersPages?.requests ?? 0));
  const rttS = MODEL_RTT_MS / 1000;
  const importKinds = importPages(IMPORT_ORDERS, plusShop.people.length, costs);
  const reconKinds = pagesOf(RECONCILE_ORDERS, costs.orders);
  const modelRows: string[][] = [];
  const modelRow = (what: string, kinds: PageKind[], plan: BucketPlan, rtt: number, measured: number | null) => {
    const m = model(kinds, plan, serviceS + rtt);
    modelRows.push([what, `${plan.name}${rtt ? ` +${MODEL_RTT_MS} ms` : ""}`, fmt(m.seconds, 1), fmt(m.waitS, 1), measured === null ? "—" : fmt(measured, 1)]);
    return m.seconds;
  };
  modelRow(`import ${fmt(IMPORT_ORDERS)} orders`, importKinds, PLUS, 0, plus.pagingS);
  if (standard) modelRow(`import ${fmt(STANDARD_ORDERS)} orders`, importPages(STANDARD_ORDERS, standard.customers, costs), STANDARD, 0, standard.pagingS);
  const standardImportS = modelRow(`import ${fmt(IMPORT_ORDERS)} orders`, importKinds, STANDARD, 0, null);
  const plusReconS = modelRow(`full pass ${fmt(RECONCILE_ORDERS)} orders`, reconKinds, PLUS, 0, RECONCILE_LIMIT === "plus" ? fullPass.passS : null);
  const standardReconS = modelRow(`full pass ${fmt(RECONCILE_ORDERS)} orders`, reconKinds, STANDARD, 0, null);
  let plusImportRttS = NaN;
  let plusReconRttS = NaN;
  if (MODEL_RTT_MS) {
    plusImportRttS = modelRow(`import ${fmt(IMPORT_ORDERS)} orders`, importKinds, PLUS, rttS, null);
    modelRow(`import ${fmt(IMPORT_ORDERS)} orders`, importKinds, STANDARD, rttS, null);
    plusReconRttS = modelRow(`full pass ${fmt(RECONCILE_ORDERS)} orders`, reconKinds, PLUS, rttS, null);
  }
  console.log(
    `\nLeaky-bucket model of the paging (Kanta's pacer waits until the bucket holds a page's requested cost; the page then ` +
      `takes its actual cost). Per page: the measured costs above and Kanta's own ${fmt(serviceS * 1000, 2)} ms (lifted import)` +
      `${MODEL_RTT_MS ? `, "+${MODEL_RTT_MS} ms": plus an assumed network round trip per request (the emulator has none)` : ""}:`,
  );
  console.log(table(["paging", "plan", "model s", "of it waiting s", "measured s"], modelRows));

  const cpuShare = (cpuS: number | null, wallS: number) => (cpuS === null ? "n/a" : `${fmt((100 * cpuS) / wallS)} % of one core`);
  const other = (share: number | null) => (share === null ? "" : `; other processes: ${fmt(100 * share)} % of the CPUs`);
  const rows: string[][] = [
    ["history import, Plus plan", `${fmt(plus.imported)} orders`, `of ${fmt(plus.orders)} ${plus.imported === plus.orders ? "(all)" : "(MISMATCH)"}; ${fmt(plus.customers)} customers; 300 days; 1 line each`],
    ["  wall time", `${fmt(plus.wallS, 1)} s`, `open app → inbox drained (install ${fmt(plus.installS, 1)} s)`],
    ["  orders/s into the ledger", fmt(plus.ordersPerS, 1), `backfill start → last event applied (${fmt(plus.importS, 1)} s)`],
    ["  Admin API paging | pipeline tail", `${fmt(plus.pagingS, 1)} | ${fmt(plus.tailS, 2)} s`, "the pipeline applies each page while the next is read"],
    ["  Admin API requests", fmt([...plus.requests.values()].reduce((a, b) => a + b, 0)), [...plus.requests].map(([k, v]) => `${k.replace(/^Kanta/, "")} ${fmt(v)}`).join(", ")],
    ["  app CPU", `${fmt(plus.appCpuS, 1)} s`,
      `${cpuShare(plus.appCpuS, plus.wallS)}${plus.appCpuS !== null && plus.appCpuS < plus.wallS / 2 ? ": the rest is waiting for the bucket" : ""}${other(plus.otherCpu)}`],
  ];
  if (standard) {
    rows.push(["history import, Standard plan", `${fmt(standard.imported)} orders`, `${fmt(standard.ordersPerS, 1)} orders/s measured over ${fmt(standard.importS, 1)} s (the first 2,000 points are the bucket's)`]);
  }
  rows.push(
    [`  Standard, ${fmt(IMPORT_ORDERS)} orders (computed)`, `${fmt(standardImportS)} s`, `${fmt(IMPORT_ORDERS / standardImportS, 1)} orders/s (model above)`],
  );
  if (MODEL_RTT_MS) {
    rows.push([`  Plus, +${MODEL_RTT_MS} ms a request (computed)`, `${fmt(plusImportRttS)} s`, `${fmt(IMPORT_ORDERS / plusImportRttS, 1)} orders/s: one page of ${costs.orders.perPage} in flight at a time`]);
  }
  rows.push(
    ["history import, rate limit lifted", `${fmt(known.ordersPerS)} orders/s`, `${fmt(known.imported)} orders in ${fmt(known.importS, 1)} s; app ${cpuShare(known.appCpuS, known.wallS)}${other(known.otherCpu)}`],
    ["  slowest GET /healthz meanwhile", `${fmt(known.healthzMaxMs)} ms`, `vs ${fmt(plus.healthzMaxMs)} ms during the Plus import`],
    ["reconciliation, full pass", `${fmt(fullPass.checked)} orders`, `${fmt(fullPass.repaired)} repaired of ${fmt(MISSING)} missing: ${fullPass.verdict}`],
    [`  wall time, ${fullPass.limit === "lifted" ? "rate limit lifted" : "Plus rate limit"}`, `${fmt(fullPass.totalS, 1)} s`,
      `trigger → last repaired order posted; paging+compare ${fmt(fullPass.passS, 1)} s (${fmt(fullPass.pages)} pages, ${fmt(fullPass.checked / fullPass.passS)} orders/s)${other(fullPass.otherCpu)}`],
    ["  repaired orders posted", `${fmt(fullPass.postedS - fullPass.passS, 2)} s`, "after the report (each page's repairs are applied while the next page is read)"],
    ["  at Plus rates (computed)", `${fmt(plusReconS)} s`, `Standard: ${fmt(standardReconS)} s (${fmt(standardReconS / 3600, 1)} h)${MODEL_RTT_MS ? `; Plus +${MODEL_RTT_MS} ms a request: ${fmt(plusReconRttS)} s` : ""}`],
    ["reconciliation, incremental pass", `${fmt(incremental.checked)} orders`, `${fmt(incremental.repaired)} repaired of ${fmt(lost2.length)} missing, Plus rate limit: ${incremental.verdict}`],
    ["  wall time", `${fmt(incremental.totalS, 1)} s`, `trigger → last repaired order posted; paging+compare ${fmt(incremental.passS, 1)} s (${fmt(incremental.pages)} pages)`],
  );
  if (problems.size) {
    rows.push(["app warnings/errors", fmt([...problems.values()].reduce((x, y) => x + y, 0)), [...problems].map(([k, n]) => `${k} ×${fmt(n)}`).join("; ")]);
  }
  console.log(`\nFigures (SQLite, one app process, emulated Admin API; ${os.cpus().length} CPUs, node ${process.version}; total ${fmt((Date.now() - t0) / 1000)} s):`);
  console.log(table(["", "value", "notes"], rows, 2));
  console.log(
    `history import: ${plain(plus.ordersPerS)} orders/s (Plus plan); reconciliation of ${RECONCILE_ORDERS} orders (${MISSING} missing): ${plain(fullPass.totalS)} s`,
  );
}

try {
  await main();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await runCleanups();
}
