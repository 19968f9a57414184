// `npm run bench:webhooks`: signed orders/paid webhooks over HTTP against the production build,
// on SQLite (one app process) and PostgreSQL (two app processes), next to a bare Node server that
// only verifies the HMAC and inserts the raw body into SQLite (the floor cost of a durable
// acknowledgement). Prints figures; asserts nothing about timings.
//
// Two phases:
//  1. Saturation (all runs): closed loop, BENCH_CONCURRENCY requests in flight, for throughput:
//     acknowledged/s and points-posted/s (first send → last ledger entry). Its latency is not a
//     target figure: with a fixed number in flight it is ≈ in-flight / throughput (Little's law).
//  2. Fixed rate (SQLite and baseline): once the saturation run's inbox has drained, the same
//     process gets BENCH_RATE × BENCH_RATE_SECONDS further deliveries (new orders, new event ids)
//     in an open loop: request i goes out at start + i / BENCH_RATE whether or not earlier ones
//     were answered, and is timed from that scheduled time to its 200 (no coordinated omission).
//     A request due while BENCH_MAX_IN_FLIGHT are unanswered is dropped and counted; percentiles
//     count dropped and failed requests as never acknowledged. For the app, the time from the last
//     send until every order of the phase has its ledger entry says whether the worker kept up.
//     Connections are kept alive (Shopify's delivery system reuses them too) and opened on demand;
//     notes split the latency by new and reused connections and give the p99 of each second.
//
// Each run also reports how much CPU other processes on the machine took during its phases.
//
// Environment:
//   BENCH_ORDERS         deliveries in the saturation run (default 20000)
//   BENCH_CONCURRENCY    requests in flight in the saturation run (default 64)
//   BENCH_RATE           arrival rate of the fixed-rate phase, requests/s (default 1000)
//   BENCH_RATE_SECONDS   length of the fixed-rate phase, s (default 10)
//   BENCH_MAX_IN_FLIGHT  cap on unanswered requests in the fixed-rate phase (default 512)
//   BENCH_PREOPEN        keep-alive connections opened before the fixed-rate phase (default 0: the
//                        load generator opens one whenever a request is due and all are busy)
//   BENCH_CUSTOMERS      distinct customers (default 3000)
//   BENCH_RUNS           comma list of sqlite,postgresql,baseline (default: all three)
//   BENCH_PG_APPS        app processes in the PostgreSQL run (default 2)
//   BENCH_PROFILE=1      profile the app processes (V8 sampling profiler) and print where their CPU went
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { SqlDatabase } from "../app/storage/sql.server";
import { startCpuMeter } from "./lib/bench-cpu";
import { percentile, runLoad, runOpenLoop, type LoadResult, type OpenLoopResult } from "./lib/bench-load";
import { generateDeliveries, subsetDeliveries, type BenchDeliverySet } from "./lib/bench-orders";
import { formatDiagnostics, formatProfileSummary, summariseCpuProfile, writeDiagnosticsPreload } from "./lib/bench-profile";
import { REPO_ROOT, loadAppServerSupport, type AppServerSupport } from "./lib/bench-support";

type Provider = "sqlite" | "postgresql";
type EmbeddedPg = {
  url: (db?: string) => string;
  port: number;
  createDatabase: (name: string, template?: string) => Promise<void>;
  stop: () => Promise<void>;
};

function intEnv(name: string, fallback: number, min = 1): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min) throw new Error(`${name} must be an integer ≥ ${min}, got ${raw}`);
  return v;
}

const ORDERS = intEnv("BENCH_ORDERS", 20_000);
const CONCURRENCY = intEnv("BENCH_CONCURRENCY", 64);
const RATE = intEnv("BENCH_RATE", 1_000);
const RATE_SECONDS = intEnv("BENCH_RATE_SECONDS", 10);
const RATE_ORDERS = RATE * RATE_SECONDS;
const MAX_IN_FLIGHT = intEnv("BENCH_MAX_IN_FLIGHT", 512);
const PREOPEN = Math.min(intEnv("BENCH_PREOPEN", 0, 0), MAX_IN_FLIGHT);
const CUSTOMERS = Math.min(intEnv("BENCH_CUSTOMERS", 3_000), ORDERS + RATE_ORDERS);
const RUNS = new Set((process.env.BENCH_RUNS ?? "sqlite,postgresql,baseline").split(",").map((s) => s.trim()).filter(Boolean));
for (const r of RUNS) if (!["sqlite", "postgresql", "baseline"].includes(r)) throw new Error(`BENCH_RUNS: unknown run "${r}"`);
const PROFILE = process.env.BENCH_PROFILE === "1";
const PG_APPS = intEnv("BENCH_PG_APPS", 2);
const POLL_MS = 50;
/** Polling once the fixed-rate phase has sent everything (the load is over, so polling costs nothing). */
const RATE_POLL_MS = 10;
/** Give up waiting for postings when the ledger has not grown for this long after the last ack. */
const STALL_MS = 30_000;
/** The worker kept up with the fixed rate if the phase's last order is posted within this long of the last send. */
const KEPT_UP_MS = 1_000;
/** Shopify's timeout for a whole webhook request: a later acknowledgement counts as a failed delivery. */
const SHOPIFY_TIMEOUT_MS = 5_000;
/** Other processes using more than this share of the CPUs during a phase disturb its figures. */
const OTHER_CPU_WARN = 0.1;
/** How long the saturation run's inbox may take to drain before the fixed-rate phase starts anyway. */
const DRAIN_TIMEOUT_MS = 120_000;

/** Fixed-rate (open-loop) phase. */
type RatePhase = {
  load: OpenLoopResult;
  p50: number;
  p99: number;
  max: number;
  /** ms from the last send until every acknowledged order of the phase had its ledger entry; null for the baseline. */
  postedAfterMs: number | null;
  /** The same from the last acknowledgement: the worker's own lag behind intake. */
  postedAfterAckMs: number | null;
  postedComplete: boolean;
  check: string;
  notes: string[];
  /** Share of the machine's CPUs used by other processes during the phase; null where unknown. */
  otherCpu: number | null;
};

type RunResult = {
  label: string;
  /** Saturation (closed-loop) phase. */
  load: LoadResult;
  ackPerS: number;
  p50: number;
  p99: number;
  /** Orders with their ledger entry per second, first send → last entry; null for the baseline. */
  postedPerS: number | null;
  postedComplete: boolean;
  check: string;
  notes: string[];
  otherCpu: number | null;
  rate: RatePhase | null;
};

const t0 = Date.now();
const say = (msg: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${msg}`);

// ---------------------------------------------------------------------------------------------
// Cleanup: every child process, database and temp dir registers its undo here.

const cleanups: { what: string; fn: () => Promise<void> | void }[] = [];
function onCleanup(what: string, fn: () => Promise<void> | void) {
  cleanups.push({ what, fn });
}
let cleanupChain: Promise<void> = Promise.resolve();
let interrupted: Promise<void> | null = null;
/** Undoes, newest first, everything registered after the first `keep` entries. Calls run one after another. */
function runCleanups(keep = 0): Promise<void> {
  cleanupChain = cleanupChain.then(async () => {
    for (const c of cleanups.splice(keep).reverse()) {
      try {
        await c.fn();
      } catch (error) {
        console.error(`cleanup (${c.what}) failed: ${(error as Error).message}`);
      }
    }
  });
  return cleanupChain;
}
/** Runs one benchmark run and releases its processes, databases and temp dirs before the next. */
async function scoped<T>(fn: () => Promise<T>): Promise<T> {
  const mark = cleanups.length;
  try {
    return await fn();
  } finally {
    await runCleanups(mark);
  }
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping child processes and removing temp files…`);
    interrupted = runCleanups().finally(() => process.exit(130));
  });
}

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  onCleanup(`remove ${dir}`, () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// ---------------------------------------------------------------------------------------------
// Setup helpers

function ensureBuild() {
  if (fs.existsSync(path.join(REPO_ROOT, "build", "server.js")) && fs.existsSync(path.join(REPO_ROOT, "build", "index.js"))) return;
  say("build/server.js is missing: npm run build");
  execFileSync("npm", ["run", "build", "--silent"], { cwd: REPO_ROOT, stdio: "inherit" });
}

function migrate(provider: Provider, url: string) {
  try {
    execFileSync(process.execPath, [path.join(REPO_ROOT, "scripts", "db.mjs"), "deploy"], {
      cwd: REPO_ROOT,
      env: { ...process.env, DATABASE_PROVIDER: provider, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
      encoding: "utf8",
    });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    throw new Error(`migrating ${provider} failed:\n${e.stdout ?? ""}${e.stderr ?? ""}`);
  }
}

async function startPostgres(log: (m: string) => void): Promise<EmbeddedPg> {
  const mod = (await import(pathToFileURL(path.join(REPO_ROOT, "scripts", "lib", "embedded-pg.mjs")).href)) as {
    startEmbeddedPostgres: (opts?: { log?: (m: string) => void }) => Promise<EmbeddedPg>;
  };
  return await mod.startEmbeddedPostgres({ log });
}

/** Extra environment for app processes: LOG_LEVEL=info because startApp() waits for the
 * "kanta listening" info line (no info line is logged per webhook, so this costs nothing). */
function appExtraEnv(profileDir: string | null): Record<string, string> {
  return { LOG_LEVEL: "info", ...(profileDir ? { NODE_OPTIONS: `--require ${writeDiagnosticsPreload(profileDir)}` } : {}) };
}

function appProblems(logs: string): string[] {
  const lines = logs.split("\n").filter((l) => /^\{.*"level":"(warn|error)"/.test(l));
  if (lines.length === 0) return [];
  return [`app logged ${lines.length} warning/error line(s); first: ${lines[0].slice(0, 300)}`];
}

// ---------------------------------------------------------------------------------------------
// Measurement

async function countPostedOrders(sql: SqlDatabase): Promise<number> {
  const row = await sql.get<{ n: number }>(`SELECT COUNT(DISTINCT order_gid) AS n FROM ledger_entry`);
  return Number(row?.n ?? 0);
}

/** Polls until `expected` distinct orders have ledger entries (or the ledger stops growing once the load is done). */
async function waitForPostings(
  sql: SqlDatabase,
  expected: number,
  loadDone: () => boolean,
  pollMs = POLL_MS,
): Promise<{ doneNs: bigint; posted: number; complete: boolean }> {
  let posted = 0;
  let lastGrowth = Date.now();
  for (;;) {
    const n = await countPostedOrders(sql);
    const now = process.hrtime.bigint();
    if (n > posted) {
      posted = n;
      lastGrowth = Date.now();
    }
    if (posted >= expected) return { doneNs: now, posted, complete: true };
    if (loadDone() && Date.now() - lastGrowth > STALL_MS) return { doneNs: now, posted, complete: false };
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** PostgreSQL sessions of the app by what they were doing, sampled every 100 ms (BENCH_PROFILE=1). */
async function samplePgWaits(sql: SqlDatabase, active: () => boolean): Promise<{ samples: number; counts: Map<string, number> }> {
  const counts = new Map<string, number>();
  let samples = 0;
  while (active()) {
    const rows = await sql.all<{ state: string | null; wait: string | null; query: string | null }>(
      `SELECT state, COALESCE(wait_event_type || ':' || wait_event, 'CPU') AS wait, regexp_replace(left(query, 70), '\\s+', ' ', 'g') AS query
       FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
    );
    samples++;
    for (const r of rows) {
      const key = r.state === "active" ? `active  ${r.wait}  ${r.query}` : `${r.state}  ${r.state === "idle in transaction" ? r.wait + "  " + r.query : ""}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { samples, counts };
}

function printPgWaits(w: { samples: number; counts: Map<string, number> }) {
  console.log(`\nPostgreSQL sessions, average count per sample (${w.samples} samples):`);
  for (const [k, n] of [...w.counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
    console.log(`  ${(n / w.samples).toFixed(2).padStart(6)}  ${k}`);
  }
}

async function verifyLedger(sql: SqlDatabase, set: BenchDeliverySet): Promise<string> {
  const problems: string[] = [];
  const rows = await sql.all<{ order_gid: string; points: number; n: number }>(
    `SELECT order_gid, SUM(points) AS points, COUNT(*) AS n FROM ledger_entry WHERE shop = ? GROUP BY order_gid`,
    [set.shop],
  );
  const got = new Map(rows.map((r) => [r.order_gid, { points: Number(r.points), n: Number(r.n) }]));
  let missing = 0;
  let wrong = 0;
  let multi = 0;
  let total = 0;
  let firstWrong = "";
  for (const d of set.deliveries) {
    const g = got.get(d.orderGid);
    if (!g) {
      missing++;
      continue;
    }
    total += g.points;
    if (g.n !== 1) multi++;
    if (g.points !== d.points) {
      wrong++;
      firstWrong ||= `${d.orderGid}: expected ${d.points}, ledger ${g.points}`;
    }
  }
  if (missing) problems.push(`${missing} orders without a ledger entry`);
  if (wrong) problems.push(`${wrong} orders with wrong points (e.g. ${firstWrong})`);
  if (multi) problems.push(`${multi} orders with more than one entry`);
  if (got.size > set.deliveries.length) problems.push(`${got.size - set.deliveries.length} unexpected orders in the ledger`);
  if (total !== set.totalPoints) problems.push(`total points ${total} ≠ expected ${set.totalPoints}`);
  const balance = await sql.get<{ s: number }>(`SELECT SUM(balance) AS s FROM member WHERE shop = ?`, [set.shop]);
  if (Number(balance?.s ?? 0) !== set.totalPoints) problems.push(`member balances sum to ${Number(balance?.s ?? 0)} ≠ ${set.totalPoints}`);
  const statuses = await sql.all<{ status: string; n: number }>(`SELECT status, COUNT(*) AS n FROM webhook_event GROUP BY status`);
  const byStatus = Object.fromEntries(statuses.map((s) => [s.status, Number(s.n)]));
  const events = Object.values(byStatus).reduce((a, b) => a + b, 0);
  if (byStatus.failed) problems.push(`${byStatus.failed} webhook events failed`);
  if (events !== set.deliveries.length) problems.push(`${events} webhook events stored for ${set.deliveries.length} deliveries`);
  return problems.length ? `MISMATCH: ${problems.join("; ")}` : `correct (${rows.length} orders, ${total} points)`;
}

/** Saturation phase against app processes: closed loop, then waits for every order's ledger entry. */
async function measureApp(label: string, sql: SqlDatabase, provider: Provider, apps: { port: number }[], set: BenchDeliverySet): Promise<RunResult> {
  let startNs = 0n;
  let loadFinished = false;
  const cpu = startCpuMeter();
  const loadP = runLoad({
    targets: apps.map((a) => ({ host: "127.0.0.1", port: a.port })),
    path: "/webhooks",
    deliveries: set.deliveries,
    concurrency: CONCURRENCY,
    onStart: (ns) => (startNs = ns),
  }).finally(() => (loadFinished = true));
  const postedP = waitForPostings(sql, set.deliveries.length, () => loadFinished);
  let sampling = true;
  const waitsP = PROFILE && provider === "postgresql" ? samplePgWaits(sql, () => sampling) : null;
  const [load, posted] = await Promise.all([loadP, postedP]);
  const otherCpu = cpu.stop()?.otherShare ?? null;
  sampling = false;
  const waits = await waitsP;
  const postedMs = Number(posted.doneNs - startNs) / 1e6;
  const notes: string[] = [];
  if (!posted.complete) notes.push(`only ${posted.posted}/${set.deliveries.length} orders posted; the ledger stopped growing`);
  const check = await verifyLedger(sql, set);
  if (waits) printPgWaits(waits);
  return {
    label,
    load,
    ackPerS: (load.acknowledged / load.ackElapsedMs) * 1000,
    p50: percentile(load.latenciesMs, 50),
    p99: percentile(load.latenciesMs, 99),
    postedPerS: (posted.posted / postedMs) * 1000,
    postedComplete: posted.complete,
    check,
    notes,
    otherCpu,
    rate: null,
  };
}

/** Percentile over every scheduled request of an open-loop phase; dropped and failed ones count as never acknowledged (+∞). */
function openLoopPercentile(load: OpenLoopResult, p: number): number {
  const rank = Math.max(0, Math.ceil((p / 100) * load.scheduled) - 1);
  return rank < load.acknowledged ? load.latenciesMs[rank] : Infinity;
}

/** p99 ack latency of the requests scheduled in each second of an open-loop phase (unacknowledged = +∞), ms. */
function p99BySecond(load: OpenLoopResult): number[] {
  const out: number[] = [];
  for (let from = 0; from < load.scheduled; from += RATE) {
    const slice = load.latencyByIndexMs.slice(from, Math.min(load.scheduled, from + RATE));
    const acked = slice.filter((v) => !Number.isNaN(v)).sort();
    const rank = Math.max(0, Math.ceil(0.99 * slice.length) - 1);
    out.push(rank < acked.length ? acked[rank] : Infinity);
  }
  return out;
}

/** Ack latency of requests sent on connections opened for them during the phase vs. on reused ones. */
function byConnection(load: OpenLoopResult): string {
  const fresh: number[] = [];
  const reused: number[] = [];
  for (let i = 0; i < load.scheduled; i++) {
    const v = load.latencyByIndexMs[i];
    if (!Number.isNaN(v)) (load.freshConnection[i] ? fresh : reused).push(v);
  }
  const describe = (a: number[]) => {
    const sorted = Float64Array.from(a).sort();
    return a.length ? `p50 ${fmt(percentile(sorted, 50), 1)}, p99 ${fmt(percentile(sorted, 99), 1)} ms` : "none";
  };
  return (
    `acknowledged requests on connections opened during the phase: ${fresh.length}, ${describe(fresh)}; ` +
    `on reused connections: ${reused.length}, ${describe(reused)}`
  );
}

/**
 * Fixed-rate phase: `set` at RATE/s, open loop. With `app`, then waits until every acknowledged
 * order has its ledger entry and checks the ledger against everything acknowledged so far
 * (`app.before` plus this phase).
 */
async function measureRate(targets: { port: number }[], set: BenchDeliverySet, app: { sql: SqlDatabase; before: BenchDeliverySet } | null): Promise<RatePhase> {
  const postedBefore = app ? await countPostedOrders(app.sql) : 0;
  const cpu = startCpuMeter();
  const load = await runOpenLoop({
    targets: targets.map((t) => ({ host: "127.0.0.1", port: t.port })),
    path: "/webhooks",
    deliveries: set.deliveries,
    ratePerS: RATE,
    maxInFlight: MAX_IN_FLIGHT,
    preopenConnections: PREOPEN,
  });
  const notes: string[] = [];
  if (load.dropped) notes.push(`fixed rate: ${load.dropped} of ${load.scheduled} requests dropped (due while ${MAX_IN_FLIGHT} were unanswered)`);
  notes.push(
    `fixed rate: the load generator used ${fmt(load.generatorCpu * 100)}% of a CPU; its sends ran up to ${load.maxSendLagMs.toFixed(1)} ms behind schedule (counted in the latency)`,
  );
  notes.push(`fixed rate: p99 ack ms by second of the schedule: ${p99BySecond(load).map((v) => fmt(v, 0)).join(", ")}`);
  notes.push(`fixed rate: ${byConnection(load)}`);
  const acked = subsetDeliveries(set, set.deliveries.filter((_, i) => load.acked[i] === 1));
  const posted = app ? await waitForPostings(app.sql, postedBefore + acked.deliveries.length, () => true, RATE_POLL_MS) : null;
  const otherCpu = cpu.stop()?.otherShare ?? null;
  let check: string;
  if (app && posted) {
    if (!posted.complete) notes.push(`fixed rate: only ${posted.posted - postedBefore}/${acked.deliveries.length} orders posted; the ledger stopped growing`);
    check = await verifyLedger(app.sql, subsetDeliveries(set, [...app.before.deliveries, ...acked.deliveries]));
  } else {
    check = load.acknowledged === load.scheduled ? "all stored" : `${load.scheduled - load.acknowledged} not stored`;
  }
  return {
    load,
    p50: openLoopPercentile(load, 50),
    p99: openLoopPercentile(load, 99),
    max: load.acknowledged ? load.latenciesMs[load.acknowledged - 1] : NaN,
    postedAfterMs: posted ? Number(posted.doneNs - load.lastSendNs) / 1e6 : null,
    postedAfterAckMs: posted && load.acknowledged ? Number(posted.doneNs - load.lastAckNs) / 1e6 : null,
    postedComplete: posted?.complete ?? true,
    check,
    notes,
    otherCpu,
  };
}

function printProfiles(dir: string, label: string) {
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".cpuprofile")) : [];
  if (files.length === 0) {
    console.log(`  (no CPU profile written for ${label})`);
    return;
  }
  console.log(`\nCPU profile, ${label}:`);
  for (const f of files) console.log(formatProfileSummary(summariseCpuProfile(path.join(dir, f))));
  for (const f of fs.readdirSync(dir).filter((x) => x.startsWith("diag-") && x.endsWith(".json"))) console.log(formatDiagnostics(path.join(dir, f)));
}

// ---------------------------------------------------------------------------------------------
// The three runs

async function runSqlite(support: AppServerSupport, set: BenchDeliverySet, rateSet: BenchDeliverySet): Promise<RunResult> {
  const dir = tempDir("kanta-bench-sqlite-");
  const template = path.join(dir, "template.sqlite");
  say("SQLite: migrating a fresh database (scripts/db.mjs deploy)");
  migrate("sqlite", `file:${template}`);
  const db = await support.createTestDatabase("sqlite", { sqliteTemplate: template, pgAdminUrl: "", pgTemplate: "" });
  onCleanup("drop SQLite database", db.drop);
  const profileDir = PROFILE ? tempDir("kanta-bench-prof-") : null;
  const app = await support.startApp(db, appExtraEnv(profileDir));
  onCleanup("stop SQLite app", app.stop);
  const sql = support.openTestSql(db);
  onCleanup("close SQLite connection", () => sql.close());
  say(`SQLite: app listening on ${app.url}; saturation: sending ${set.deliveries.length} deliveries, ${CONCURRENCY} in flight`);
  const result = await measureApp("SQLite, 1 app process", sql, "sqlite", [app], set);
  say("SQLite: waiting for the inbox to drain");
  try {
    await support.waitForInboxDrained(sql, DRAIN_TIMEOUT_MS);
  } catch (error) {
    result.notes.push(`fixed rate phase started on an undrained inbox: ${(error as Error).message.slice(0, 300)}`);
  }
  say(`SQLite: fixed rate: ${rateSet.deliveries.length} new deliveries at ${RATE}/s, open loop`);
  result.rate = await measureRate([app], rateSet, { sql, before: set });
  await app.stop();
  result.notes.push(...appProblems(app.logs()));
  if (profileDir) printProfiles(profileDir, "SQLite app process");
  return result;
}

async function runPostgres(support: AppServerSupport, set: BenchDeliverySet): Promise<RunResult> {
  say("PostgreSQL: starting embedded PostgreSQL");
  const pgLog = { deadlocks: 0, errors: 0, first: "" };
  const pgServer = await startPostgres((m) => {
    if (/deadlock detected/.test(m)) pgLog.deadlocks++;
    if (/\b(ERROR|FATAL|PANIC):/.test(m)) {
      pgLog.errors++;
      pgLog.first ||= m.replace(/\s+/g, " ").trim().slice(0, 700);
    }
  });
  onCleanup("stop embedded PostgreSQL", pgServer.stop);
  const template = "kanta_bench_template";
  await pgServer.createDatabase(template);
  say("PostgreSQL: migrating (scripts/db.mjs deploy)");
  migrate("postgresql", pgServer.url(template));
  const db = await support.createTestDatabase("postgresql", { sqliteTemplate: "", pgAdminUrl: pgServer.url("postgres"), pgTemplate: template });
  onCleanup("drop PostgreSQL database", db.drop);
  const profileDir = PROFILE ? tempDir("kanta-bench-prof-") : null;
  const apps = await Promise.all(Array.from({ length: PG_APPS }, () => support.startApp(db, appExtraEnv(profileDir))));
  for (const app of apps) onCleanup("stop PostgreSQL app", app.stop);
  const sql = support.openTestSql(db);
  onCleanup("close PostgreSQL connection", () => sql.close());
  say(`PostgreSQL: ${PG_APPS} app process(es) on ${apps.map((a) => a.port).join(", ")}; saturation: sending ${set.deliveries.length} deliveries round-robin, ${CONCURRENCY} in flight`);
  const result = await measureApp(`PostgreSQL, ${PG_APPS} app process${PG_APPS === 1 ? "" : "es"}`, sql, "postgresql", apps, set);
  await Promise.all(apps.map((a) => a.stop()));
  for (const app of apps) result.notes.push(...appProblems(app.logs()));
  if (pgLog.errors) result.notes.push(`PostgreSQL logged ${pgLog.errors} error(s), ${pgLog.deadlocks} deadlock(s); first: ${pgLog.first}`);
  if (profileDir) printProfiles(profileDir, "PostgreSQL app processes");
  return result;
}

async function startBareServer(dbFile: string, secret: string): Promise<{ port: number; proc: ChildProcess; stop: () => Promise<void> }> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? os.tmpdir(),
    NODE_ENV: "production",
    BENCH_DB: dbFile,
    BENCH_SECRET: secret,
  };
  const proc = spawn(process.execPath, ["--import", "tsx", path.join(REPO_ROOT, "scripts", "lib", "bench-bare-server.ts")], {
    cwd: REPO_ROOT,
    env: env as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGTERM");
    await exited;
  };
  let output = "";
  proc.stderr!.on("data", (d) => (output += d));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bare server did not start in 30 s:\n${output}`)), 30_000);
    proc.stdout!.on("data", (d) => {
      output += d;
      const m = output.match(/\{"port":(\d+)\}/);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    proc.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`bare server exited with ${code}:\n${output}`));
    });
  });
  return { port, proc, stop };
}

async function runBaseline(support: AppServerSupport, set: BenchDeliverySet, rateSet: BenchDeliverySet): Promise<RunResult> {
  const dir = tempDir("kanta-bench-bare-");
  const server = await startBareServer(path.join(dir, "raw.sqlite"), support.TEST_SECRET);
  onCleanup("stop bare server", server.stop);
  say(`Baseline: bare server on ${server.port}; saturation: sending ${set.deliveries.length} deliveries, ${CONCURRENCY} in flight`);
  const cpu = startCpuMeter();
  const load = await runLoad({ targets: [{ host: "127.0.0.1", port: server.port }], path: "/webhooks", deliveries: set.deliveries, concurrency: CONCURRENCY });
  const otherCpu = cpu.stop()?.otherShare ?? null;
  say(`Baseline: fixed rate: ${rateSet.deliveries.length} new deliveries at ${RATE}/s, open loop`);
  const rate = await measureRate([server], rateSet, null);
  await server.stop();
  return {
    label: "Baseline: bare http + HMAC + SQLite INSERT",
    load,
    ackPerS: (load.acknowledged / load.ackElapsedMs) * 1000,
    p50: percentile(load.latenciesMs, 50),
    p99: percentile(load.latenciesMs, 99),
    postedPerS: null,
    postedComplete: true,
    check: load.acknowledged === set.deliveries.length ? "all stored" : `${set.deliveries.length - load.acknowledged} not stored`,
    notes: [],
    otherCpu,
    rate,
  };
}

// ---------------------------------------------------------------------------------------------
// Report

function fmt(v: number | null, digits = 0): string {
  if (v === null) return "n/a";
  if (!Number.isFinite(v)) return "—";
  return v.toFixed(digits);
}

function errorCell(errors: Map<string, number>): string {
  return [...errors.entries()].map(([k, n]) => `${k}×${n}`).join(" ") || "0";
}

/** Prints a table; columns from `leftFrom` on are left-aligned (text), the others (figures) right-aligned. */
function table(header: string[], rows: string[][], leftFrom: number) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i >= leftFrom ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ").trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(line(r));
}

function workerCell(r: RatePhase): string {
  if (r.postedAfterMs === null) return "n/a";
  const afterAck = r.postedAfterAckMs === null ? "" : ` (${(r.postedAfterAckMs / 1000).toFixed(2)} s after last ack)`;
  const after = `${(r.postedAfterMs / 1000).toFixed(2)} s after last send${afterAck}`;
  if (!r.postedComplete) return `no: ledger stopped growing ${after}`;
  return `${r.postedAfterMs <= KEPT_UP_MS ? "yes" : "no"}: all posted ${after}`;
}

function printTables(results: RunResult[]) {
  console.log(`Saturation: closed loop, ${CONCURRENCY} in flight, ${ORDERS} deliveries (latency here ≈ ${CONCURRENCY} / throughput)`);
  table(
    ["run", "acknowledged/s", "points-posted/s", "p50 ack ms", "p99 ack ms", "errors", "check"],
    results.map((r) => [
      r.label,
      fmt(r.ackPerS),
      r.postedPerS === null ? "n/a" : `${fmt(r.postedPerS)}${r.postedComplete ? "" : " (incomplete)"}`,
      fmt(r.p50, 1),
      fmt(r.p99, 1),
      errorCell(r.load.errors),
      r.check,
    ]),
    5,
  );
  const rated = results.filter((r): r is RunResult & { rate: RatePhase } => r.rate !== null);
  if (rated.length) {
    console.log(
      `\nFixed rate: open loop, ${RATE}/s for ${RATE_SECONDS} s, ${RATE_ORDERS} new deliveries, ≤ ${MAX_IN_FLIGHT} in flight (offered = sent + dropped), ` +
        `${PREOPEN ? `${PREOPEN} keep-alive connections opened beforehand` : "keep-alive connections opened on demand"}\n` +
        `ack latency from each request's scheduled send, dropped and failed requests counted as never acknowledged; ` +
        `worker kept up = all posted ≤ ${(KEPT_UP_MS / 1000).toFixed(0)} s after the last send; ` +
        `Shopify counts an ack after ${SHOPIFY_TIMEOUT_MS / 1000} s as a failed delivery`,
    );
    table(
      ["run", "offered/s", "acked/s", "p50 ack ms", "p99 ack ms", "max ack ms", `acks > ${SHOPIFY_TIMEOUT_MS / 1000} s`, "max in flight", "dropped", "errors", "worker kept up", "check"],
      rated.map(({ label, rate: r }) => [
        label,
        fmt(r.load.achievedPerS),
        fmt(r.load.ackedPerS),
        fmt(r.p50, 1),
        fmt(r.p99, 1),
        fmt(r.max, 1),
        String(r.load.latenciesMs.filter((v) => v > SHOPIFY_TIMEOUT_MS).length),
        String(r.load.maxInFlightSeen),
        String(r.load.dropped),
        errorCell(r.load.errors),
        workerCell(r),
        r.check,
      ]),
      9,
    );
  }
  for (const r of results) {
    if (r.otherCpu !== null) {
      const during = [`${fmt(r.otherCpu * 100)}% of the ${os.cpus().length} CPUs during saturation`];
      if (r.rate && r.rate.otherCpu !== null) during.push(`${fmt(r.rate.otherCpu * 100)}% during the fixed-rate phase`);
      const disturbed = Math.max(r.otherCpu, r.rate?.otherCpu ?? 0) > OTHER_CPU_WARN;
      console.log(`  ${r.label}: other processes on the machine used ${during.join(", ")}${disturbed ? " (busy elsewhere: figures disturbed)" : ""}`);
    }
    for (const s of r.load.errorSamples) console.log(`  ${r.label}: error ${s}`);
    for (const s of r.rate?.load.errorSamples ?? []) console.log(`  ${r.label}: fixed rate: error ${s}`);
    for (const n of [...r.notes, ...(r.rate?.notes ?? [])]) console.log(`  ${r.label}: ${n}`);
  }
}

function buildTime(): string {
  return fs.statSync(path.join(REPO_ROOT, "build", "server.js")).mtime.toISOString().slice(0, 19).replace("T", " ");
}

async function main() {
  ensureBuild();
  const builtAtStart = buildTime();
  const support = await loadAppServerSupport();
  say(`generating ${ORDERS} + ${RATE_ORDERS} signed orders/paid deliveries (${CUSTOMERS} customers, 1–4 lines each)`);
  const all = generateDeliveries({ orders: ORDERS + RATE_ORDERS, customers: CUSTOMERS, secret: support.TEST_SECRET });
  const set = subsetDeliveries(all, all.deliveries.slice(0, ORDERS));
  const rateSet = subsetDeliveries(all, all.deliveries.slice(ORDERS));
  say(
    `generated: ${all.lines} lines, ${(all.totalBytes / all.deliveries.length / 1024).toFixed(1)} KiB average body; ` +
      `${set.totalPoints} points expected from the saturation run, ${rateSet.totalPoints} from the fixed-rate phase`,
  );

  const results: { sqlite?: RunResult; postgresql?: RunResult; baseline?: RunResult } = {};
  try {
    if (RUNS.has("sqlite")) results.sqlite = await scoped(() => runSqlite(support, set, rateSet));
    if (RUNS.has("postgresql")) results.postgresql = await scoped(() => runPostgres(support, set));
    if (RUNS.has("baseline")) results.baseline = await scoped(() => runBaseline(support, set, rateSet));
  } finally {
    await runCleanups();
  }

  const ran = [results.sqlite, results.postgresql, results.baseline].filter((r): r is RunResult => r !== undefined);
  const built = buildTime();
  const rebuilt = built === builtAtStart ? "" : ` (rebuilt during the run, was ${builtAtStart}: runs may have used different builds)`;
  console.log(
    `\nkeep-alive HTTP; ${os.cpus().length} CPUs, node ${process.version}; build/server.js of ${built} UTC${rebuilt}; total ${((Date.now() - t0) / 1000).toFixed(0)} s; ` +
      `each fixed-rate phase follows its saturation run on the same process (for the app, once its inbox has drained)\n`,
  );
  printTables(ran);
  console.log("");
  const num = (v: number, digits: number) => (Number.isFinite(v) ? (digits === 0 ? String(Math.round(v)) : v.toFixed(digits)) : "n/a");
  const n = results.sqlite?.postedPerS ?? NaN;
  const x = results.sqlite?.rate?.p99 ?? NaN;
  const m = results.baseline?.ackPerS ?? NaN;
  const sr = results.sqlite?.rate;
  const unacked = sr ? sr.load.scheduled - sr.load.acknowledged : 0;
  console.log(
    `p99 ack below is at the fixed rate of ${RATE}/s (open loop, offered ${num(sr?.load.achievedPerS ?? NaN, 0)}/s` +
      (sr && !Number.isFinite(sr.p99)
        ? `; n/a: ${unacked} of ${sr.load.scheduled} requests, over 1%, were dropped or failed; p99 of the acknowledged ones ${num(percentile(sr.load.latenciesMs, 99), 1)} ms`
        : "") +
      `); at saturation (${CONCURRENCY} in flight) the SQLite p99 ack is ${num(results.sqlite?.p99 ?? NaN, 1)} ms`,
  );
  console.log(`order webhooks/s: ${num(n, 0)} end to end; p99 ack ${num(x, 1)} ms; baseline ${num(m, 0)}/s; ratio ${num(n / m, 2)}`);
}

main().catch(async (error) => {
  if (interrupted) {
    await interrupted; // exits with 130 once everything is cleaned up
    return;
  }
  await runCleanups();
  console.error(error);
  process.exit(1);
});
