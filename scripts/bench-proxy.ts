// `npm run bench:proxy`: GET /proxy/me latency at a fixed request rate on a shop with 100,000
// members, against the production build on SQLite. Builds the database (the migrations, then a
// bulk load in one transaction): members with welcome bonuses, paid orders (with their order
// records, so the history shows "Order #…"), redemptions and expiries in the ledger, referral
// codes; the default rewards, ways to earn (birthday and referrals switched on) and tiers, every
// member placed in a tier. Then starts the app as the tests do (test/support/app-server.ts) with
// the production defaults (the short /proxy/me cache and the rate limit on) and sends, in an open
// loop (request i goes out at start + i / rate whether or not earlier ones were answered, and is
// timed from that moment):
//  - baseline: GET /healthz (the framework and one trivial query) at the same rate;
//  - GET /proxy/me signed exactly as Shopify's App Proxy signs it, each for a random member.
// The two kinds alternate in blocks (6 × 5 s each by default) so that both meet the same load from
// whatever else the machine runs. Prints p50/p95/p99 of each and the ratio; asserts nothing.
//
// Environment:
//   BENCH_MEMBERS    members (default 100000)
//   BENCH_RATE       requests per second (default 100)
//   BENCH_SECONDS    seconds of each kind of request (default 30)
//   BENCH_ROUNDS     alternating blocks of each kind (default 6)
//   BENCH_KEEP=1     keep the database file and print its path
import Database from "better-sqlite3";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { DEFAULT_REFERRAL_CONFIG } from "../app/loyalty/actions";
import { CODE_ALPHABET } from "../app/loyalty/rewards";
import { MeResponseSchema } from "../app/proxy/schema";
import { ensureDefaultActions } from "../app/storage/actions.server";
import { ensureDefaultRewards } from "../app/storage/rewards.server";
import { openSqlite } from "../app/storage/sql.server";
import { ensureDefaultTiers } from "../app/storage/tiers.server";
import { appProxyQuery } from "../test/support/webhook-signing";
import { REPO_ROOT, loadAppServerSupport } from "./lib/bench-support";

function intEnv(name: string, fallback: number, min = 1): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min) throw new Error(`${name} must be an integer ≥ ${min}, got ${raw}`);
  return v;
}

const MEMBERS = intEnv("BENCH_MEMBERS", 100_000);
const RATE = intEnv("BENCH_RATE", 100);
const SECONDS = intEnv("BENCH_SECONDS", 30);
const ROUNDS = intEnv("BENCH_ROUNDS", 6);
const KEEP = process.env.BENCH_KEEP === "1";
const SHOP = "bench-proxy.myshopify.com";
const CUSTOMER_BASE = 7_100_000_000;
const DAY_MS = 86_400_000;
const TARGET_P95_MS = 20;

const started = Date.now();
const say = (msg: string) => process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${msg}\n`);
const fmt = (n: number) => n.toLocaleString("en-US");

/** A small deterministic generator (mulberry32). */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** REF- and 8 characters of the code alphabet, one per member (base 31 of its number). */
function referralCode(i: number): string {
  let out = "";
  for (let n = i, k = 0; k < 8; k++, n = Math.floor(n / CODE_ALPHABET.length)) out = CODE_ALPHABET[n % CODE_ALPHABET.length] + out;
  return `REF-${out}`;
}

const FIRST = ["Aino", "Anna", "Eero", "Elina", "Juho", "Laura", "Mikko", "Noora", "Olli", "Sara", "Ville", "Maria", "James", "Emma", "Liam", "Olivia"];
const LAST = ["Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Hämäläinen", "Laine", "Heikkinen", "Smith", "Johnson", "Brown", "Garcia", "Miller"];

type Counts = { ledger: number; orders: number };

function bulkLoad(file: string, now: Date): Counts {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  const iso = now.toISOString();
  const random = rng(20261202);
  const counts: Counts = { ledger: 0, orders: 0 };
  db.transaction(() => {
    db.prepare(
      `INSERT INTO shop (domain, name, currency, timezone, status, earn_points, earn_per_major_units, earn_on_test_orders, primary_domain, created_at, updated_at)
       VALUES (?, 'Bench Store', 'EUR', 'Europe/Helsinki', 'active', 1, 1, 0, 'shop.bench-proxy.example', ?, ?)`,
    ).run(SHOP, iso, iso);
    const member = db.prepare(
      `INSERT INTO member (shop, customer_gid, email, first_name, last_name, locale, status, balance, referral_code, joined_at)
       VALUES (?, ?, ?, ?, ?, ?, 'active', ?, ?, ?)`,
    );
    const order = db.prepare(
      `INSERT INTO order_record (shop, order_gid, name, customer_gid, currency, processed_at, paid, cancelled, deleted, test, historic,
         net_eligible_minor, points_posted, entry_count, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'EUR', ?, 1, 0, 0, 0, 0, ?, ?, 1, ?, ?)`,
    );
    const entry = db.prepare(
      `INSERT INTO ledger_entry (shop, customer_gid, points, source, idempotency_key, order_gid, caused_by, reason, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    let orderSeq = 0;
    let holdSeq = 0;
    for (let i = 1; i <= MEMBERS; i++) {
      const gid = `gid://shopify/Customer/${CUSTOMER_BASE + i}`;
      const first = FIRST[Math.floor(random() * FIRST.length)]!;
      const last = LAST[Math.floor(random() * LAST.length)]!;
      const joinedMs = now.getTime() - (30 + Math.floor(random() * 700)) * DAY_MS;
      // The member's entries, in time order: welcome bonus, orders, now and then a redemption or an expiry.
      const entries: { points: number; source: string; key: string; orderGid: string | null; reason: string; at: number }[] = [];
      if (random() < 0.85) entries.push({ points: 100, source: "bonus", key: `welcome:${gid}`, orderGid: null, reason: "welcome", at: joinedMs });
      const orders = Math.floor(random() * random() * 14);
      let t = joinedMs;
      for (let k = 0; k < orders; k++) {
        t += Math.floor(random() * ((now.getTime() - t) / 2));
        const net = 1_500 + Math.floor(random() * 18_000);
        const orderGid = `gid://shopify/Order/${9_100_000_000 + ++orderSeq}`;
        order.run(SHOP, orderGid, `#${1000 + orderSeq}`, gid, new Date(t).toISOString(), net, Math.floor(net / 100), iso, iso);
        counts.orders++;
        entries.push({ points: Math.floor(net / 100), source: "order", key: `order:${orderGid}:1`, orderGid, reason: "order paid", at: t });
        const balance = entries.reduce((s, e) => s + e.points, 0);
        if (balance >= 500 && random() < 0.15) {
          entries.push({ points: -500, source: "redemption", key: `redemption:${++holdSeq}:hold`, orderGid: null, reason: "reward", at: t + 3_600_000 });
        } else if (balance > 50 && random() < 0.03) {
          entries.push({ points: -25, source: "expiry", key: `expiry:${gid}:${k}`, orderGid: null, reason: "points expired", at: t + 60_000 });
        }
      }
      const balance = entries.reduce((s, e) => s + e.points, 0);
      member.run(SHOP, gid, `${first.toLowerCase()}.${last.toLowerCase()}${i}@example.com`, first, last, random() < 0.3 ? "fi" : "en", balance,
        referralCode(i), new Date(joinedMs).toISOString());
      for (const e of entries) {
        entry.run(SHOP, gid, e.points, e.source, e.key, e.orderGid, "bench", e.reason, new Date(e.at).toISOString());
        counts.ledger++;
      }
    }
  })();
  db.close();
  return counts;
}

async function buildDatabase(file: string, now: Date): Promise<Counts> {
  say(`migrating ${file}`);
  execFileSync(process.execPath, [path.join(REPO_ROOT, "scripts", "db.mjs"), "deploy"], {
    cwd: REPO_ROOT, env: { ...process.env, DATABASE_PROVIDER: "sqlite", DATABASE_URL: `file:${file}`, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  say(`loading ${fmt(MEMBERS)} members with their orders and ledger entries in one transaction`);
  const counts = bulkLoad(file, now);
  say(`loaded ${fmt(counts.orders)} orders and ${fmt(counts.ledger)} ledger entries; rewards, ways to earn and tiers (every member placed)`);
  const db = openSqlite(`file:${file}`);
  try {
    await ensureDefaultRewards(db, SHOP);
    await ensureDefaultActions(db, SHOP);
    await db.run(`UPDATE earning_action SET enabled = ?, config_json = CASE WHEN kind = 'referral' THEN ? ELSE config_json END
      WHERE shop = ? AND kind IN ('birthday', 'referral')`, [true, JSON.stringify(DEFAULT_REFERRAL_CONFIG), SHOP]);
    await ensureDefaultTiers(db, SHOP, now);
    // Evaluated today: the daily pass does not start a whole-shop recalculation during the measurement.
    await db.run(`UPDATE shop SET tiers_evaluated_at = ? WHERE domain = ?`, [now.toISOString(), SHOP]);
    const placed = await db.all<{ name: string | null; n: number }>(
      `SELECT t.name, COUNT(*) AS n FROM member m LEFT JOIN tier t ON t.id = m.tier_id WHERE m.shop = ? GROUP BY t.name ORDER BY MIN(t.threshold)`, [SHOP],
    );
    say(`tiers: ${placed.map((p) => `${p.name ?? "none"} ${fmt(Number(p.n))}`).join(", ")}`);
  } finally {
    await db.close();
  }
  say(`database ready (${(fs.statSync(file).size / 1e6).toFixed(0)} MB)`);
  return counts;
}

// ---------------------------------------------------------------------------------------------
// Open-loop GET load

type Phase = { latenciesMs: Float64Array; ok: number; errors: Map<string, number>; samples: string[]; maxSendLagMs: number; achievedPerS: number };

function get(agent: http.Agent, port: number, urlPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ agent, host: "127.0.0.1", port, method: "GET", path: urlPath }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.once("end", () => resolve({ status: res.statusCode ?? 0, body }));
      res.once("error", reject);
    });
    req.once("error", reject);
    req.end();
  });
}

/** Request i is due at start + i / rate and timed from then; a 1 ms timer sends whatever is due. */
async function openLoop(port: number, paths: string[], rate: number, check?: (body: string) => void): Promise<Phase> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const n = paths.length;
  const latencies: number[] = [];
  const errors = new Map<string, number>();
  const samples: string[] = [];
  const note = (kind: string, sample: string) => {
    errors.set(kind, (errors.get(kind) ?? 0) + 1);
    if (samples.length < 3) samples.push(`${kind}: ${sample.slice(0, 200)}`);
  };
  const pending: Promise<void>[] = [];
  let next = 0;
  let maxLagNs = 0n;
  const intervalNs = BigInt(Math.round(1e9 / rate));
  const start = process.hrtime.bigint();
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = process.hrtime.bigint();
      while (next < n && start + BigInt(next) * intervalNs <= now) {
        const due = start + BigInt(next) * intervalNs;
        if (now - due > maxLagNs) maxLagNs = now - due;
        const urlPath = paths[next++]!;
        pending.push(get(agent, port, urlPath).then(
          (res) => {
            const done = process.hrtime.bigint();
            if (res.status !== 200) return note(String(res.status), res.body);
            try {
              check?.(res.body);
            } catch (error) {
              return note("invalid", (error as Error).message);
            }
            latencies.push(Number(done - due) / 1e6);
          },
          (error: NodeJS.ErrnoException) => note(error.code ?? "error", error.message),
        ));
      }
      if (next >= n) {
        clearInterval(timer);
        resolve();
      }
    };
    const timer = setInterval(tick, 1);
  });
  const sentNs = process.hrtime.bigint() - start;
  await Promise.all(pending);
  agent.destroy();
  const sorted = Float64Array.from(latencies).sort();
  return { latenciesMs: sorted, ok: sorted.length, errors, samples, maxSendLagMs: Number(maxLagNs) / 1e6, achievedPerS: n / (Number(sentNs) / 1e9) };
}

/** CPU time the process has used so far, ms (Linux /proc; NaN elsewhere). */
function appCpuMs(pid: number | undefined): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    // utime and stime are fields 14 and 15 of stat; fields[0] here is field 3.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

const CLOCK_TICKS = 100;

function mergePhases(phases: Phase[]): Phase {
  const errors = new Map<string, number>();
  for (const p of phases) for (const [k, v] of p.errors) errors.set(k, (errors.get(k) ?? 0) + v);
  return {
    latenciesMs: Float64Array.from(phases.flatMap((p) => [...p.latenciesMs])).sort(),
    ok: phases.reduce((s, p) => s + p.ok, 0),
    errors,
    samples: phases.flatMap((p) => p.samples).slice(0, 3),
    maxSendLagMs: Math.max(...phases.map((p) => p.maxSendLagMs)),
    achievedPerS: phases.reduce((s, p) => s + p.achievedPerS, 0) / phases.length,
  };
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));

// ---------------------------------------------------------------------------------------------

async function main() {
  if (!fs.existsSync(path.join(REPO_ROOT, "build", "server.js"))) {
    say("build/server.js is missing: npm run build");
    execFileSync("npm", ["run", "build", "--silent"], { cwd: REPO_ROOT, stdio: "inherit" });
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kanta-bench-proxy-"));
  const file = path.join(dir, "bench.sqlite");
  const now = new Date();
  const counts = await buildDatabase(file, now);

  const support = await loadAppServerSupport();
  const secret = support.TEST_SECRET;
  // The production defaults for the App Proxy (appEnv turns the /proxy/me cache off for tests).
  const app = await support.startApp({ provider: "sqlite", url: `file:${file}` }, { PROXY_ME_CACHE_SECONDS: "10", PROXY_RATE_LIMIT_PER_MINUTE: "60" });
  const stop = async () => {
    await app.stop();
    if (!KEEP) fs.rmSync(dir, { recursive: true, force: true });
  };
  process.once("SIGINT", () => void stop().then(() => process.exit(130)));
  try {
    say(`app listening on ${app.url} (pid ${app.proc.pid}, build/server.js of ${fs.statSync(path.join(REPO_ROOT, "build", "server.js")).mtime.toISOString().slice(0, 19)} UTC)`);
    const random = rng(99);
    const total = RATE * SECONDS;
    const meCheck = (body: string) => {
      const me = MeResponseSchema.parse(JSON.parse(body));
      if (!me.customer) throw new Error("answered as a logged-out shopper");
    };
    /** Signed just before the phase starts (the signature's timestamp is good for 90 s). */
    const mePaths = (count: number) => {
      const paths = Array.from({ length: count }, () => {
        const i = 1 + Math.floor(random() * MEMBERS);
        const q = appProxyQuery({ shop: SHOP, loggedInCustomerId: String(CUSTOMER_BASE + i), pathPrefix: "/apps/kanta", extra: { locale: random() < 0.3 ? "fi" : "en" } }, secret);
        return `/proxy/me?${q}`;
      });
      return { paths };
    };

    say(`warming up: ${RATE * 3} requests of each kind`);
    await openLoop(app.port, Array.from({ length: RATE * 3 }, () => "/healthz"), RATE);
    await openLoop(app.port, mePaths(RATE * 3).paths, RATE, meCheck);

    // The two kinds alternate in blocks, so that both meet the same background load of the machine.
    const rounds = Math.max(1, Math.min(ROUNDS, SECONDS));
    const perBlock = Math.floor(total / rounds);
    const baseBlocks: Phase[] = [];
    const meBlocks: Phase[] = [];
    const members = new Set<string>();
    say(`${rounds} rounds of ${fmt(perBlock)} GET /healthz (baseline) then ${fmt(perBlock)} GET /proxy/me for random members, at ${RATE}/s`);
    const load0 = os.loadavg()[0]!;
    const cpu = { base: 0, me: 0 };
    for (let r = 0; r < rounds; r++) {
      let c0 = appCpuMs(app.proc.pid);
      baseBlocks.push(await openLoop(app.port, Array.from({ length: perBlock }, () => "/healthz"), RATE));
      cpu.base += appCpuMs(app.proc.pid) - c0;
      const me = mePaths(perBlock);
      for (const p of me.paths) members.add(new URLSearchParams(p.slice(p.indexOf("?") + 1)).get("logged_in_customer_id")!);
      c0 = appCpuMs(app.proc.pid);
      meBlocks.push(await openLoop(app.port, me.paths, RATE, meCheck));
      cpu.me += appCpuMs(app.proc.pid) - c0;
    }
    const load1 = os.loadavg()[0]!;
    const base = mergePhases(baseBlocks);
    const measured = mergePhases(meBlocks);

    const sample = MeResponseSchema.parse(JSON.parse((await get(new http.Agent(), app.port, mePaths(1).paths[0]!)).body));
    const row = (name: string, p: Phase) =>
      `${name.padEnd(34)} ${String(p.ok).padStart(6)} ${ms(percentile(p.latenciesMs, 50)).padStart(8)} ${ms(percentile(p.latenciesMs, 95)).padStart(8)} ` +
      `${ms(percentile(p.latenciesMs, 99)).padStart(8)} ${ms(p.latenciesMs[p.latenciesMs.length - 1] ?? NaN).padStart(8)} ${p.achievedPerS.toFixed(1).padStart(8)}` +
      `${p.errors.size ? `  errors: ${[...p.errors].map(([k, v]) => `${k}×${v}`).join(", ")}` : ""}`;
    const p95 = percentile(measured.latenciesMs, 95);
    const lines = [
      "",
      `GET /proxy/me at ${RATE} requests/s (open loop, ${SECONDS} s of each kind in ${rounds} alternating rounds), SQLite, ${fmt(MEMBERS)} members, ` +
        `${fmt(counts.orders)} orders, ${fmt(counts.ledger)} ledger entries; ${fmt(members.size)} distinct members asked for`,
      `answers checked against MeResponseSchema; a sample member: balance ${sample.points?.balance}, tier ${sample.tier?.name ?? "none"}, ` +
        `${sample.rewards.length} rewards, ${sample.actions.length} ways to earn, ${sample.history?.length ?? 0} history entries`,
      "",
      `${"request".padEnd(34)} ${"200s".padStart(6)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"max ms".padStart(8)} ${"rate/s".padStart(8)}`,
      "-".repeat(92),
      row("GET /healthz (baseline)", base),
      row("GET /proxy/me (random members)", measured),
      "",
      `/proxy/me ÷ baseline: p50 ${(percentile(measured.latenciesMs, 50) / percentile(base.latenciesMs, 50)).toFixed(2)}×, ` +
        `p95 ${(p95 / percentile(base.latenciesMs, 95)).toFixed(2)}×, p99 ${(percentile(measured.latenciesMs, 99) / percentile(base.latenciesMs, 99)).toFixed(2)}×`,
      ...(Number.isNaN(cpu.base) ? [] : [
        `app process CPU per request (user + system, all threads): /healthz ${ms(cpu.base / base.ok)} ms, /proxy/me ${ms(cpu.me / measured.ok)} ms ` +
          `(${(cpu.me / cpu.base).toFixed(2)}×)`,
      ]),
      `target: p95 ≤ ${TARGET_P95_MS} ms — ${p95 <= TARGET_P95_MS ? "met" : "NOT met"} (${ms(p95)} ms)`,
      `load generator: worst send lag ${ms(Math.max(base.maxSendLagMs, measured.maxSendLagMs))} ms; machine load average ${load0.toFixed(1)} → ${load1.toFixed(1)} ` +
        `on ${os.cpus().length} CPUs; node ${process.version}`,
      ...[...base.samples, ...measured.samples].map((s) => `error sample: ${s}`),
      ...(KEEP ? [`database kept: ${file}`] : []),
    ];
    process.stdout.write(lines.join("\n") + "\n");
  } finally {
    await stop();
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
