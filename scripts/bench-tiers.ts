// `npm run bench:tiers`: VIP tiers at scale on SQLite. Builds a database (the migrations, then a
// bulk load in one transaction) with BENCH_MEMBERS members and BENCH_ORDERS orders over the last
// two years, then times, next to baselines measured in the same run on the same data:
//  - recalculateTiers for every member (first placement, an unchanged re-run, after a tier edit),
//    previewTiers, and the one-member re-evaluation an order webhook does;
//  - the admin's members list (listMembers: the exact query the admin runs) by balance, spend and
//    join order, filtered by tier, searched by email and name prefix, first and later pages.
// Prints figures and ratios; asserts nothing about timings.
//
// Environment:
//   BENCH_MEMBERS   members (default 100000)
//   BENCH_ORDERS    orders (default 1000000)
//   BENCH_REPEAT    runs of each list query; the median is reported (default 7)
//   BENCH_KEEP=1    keep the database file and print its path
import Database from "better-sqlite3";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TierProposal } from "../app/loyalty/tiers";
import { listMembers, type MemberListQuery } from "../app/storage/members.server";
import { openSqlite, type SqlDatabase } from "../app/storage/sql.server";
import {
  ensureDefaultTiers, evaluateMemberTier, listTiers, loadTierProgram, previewTiers, recalculateTiers, saveTiers,
} from "../app/storage/tiers.server";

function intEnv(name: string, fallback: number, min = 1): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min) throw new Error(`${name} must be an integer ≥ ${min}, got ${raw}`);
  return v;
}

const MEMBERS = intEnv("BENCH_MEMBERS", 100_000);
const ORDERS = intEnv("BENCH_ORDERS", 1_000_000);
const REPEAT = intEnv("BENCH_REPEAT", 7);
const KEEP = process.env.BENCH_KEEP === "1";
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SHOP = "bench-tiers.myshopify.com";
const DAY_MS = 86_400_000;

const started = Date.now();
const say = (msg: string) => process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${msg}\n`);

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

const FIRST = ["Aino", "Anna", "Eero", "Elina", "Juho", "Laura", "Mikko", "Noora", "Olli", "Sara", "Ville", "Maria", "James", "Emma", "Liam", "Olivia"];
const LAST = ["Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Hämäläinen", "Laine", "Heikkinen", "Smith", "Johnson", "Brown", "Garcia", "Miller"];

/** Shopify's processed_at: local time with the shop's UTC offset (New York, winter). */
function shopifyTime(ms: number): string {
  return `${new Date(ms - 5 * 3_600_000).toISOString().slice(0, 19)}-05:00`;
}

function buildDatabase(file: string, now: Date): void {
  say(`migrating ${file}`);
  execFileSync(process.execPath, [path.join(ROOT, "scripts", "db.mjs"), "deploy"], {
    cwd: ROOT, env: { ...process.env, DATABASE_PROVIDER: "sqlite", DATABASE_URL: `file:${file}` }, stdio: ["ignore", "ignore", "inherit"],
  });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  const iso = now.toISOString();
  const random = rng(20261202);
  say(`loading ${MEMBERS.toLocaleString("en-US")} members and ${ORDERS.toLocaleString("en-US")} orders in one transaction`);
  db.transaction(() => {
    db.prepare(
      `INSERT INTO shop (domain, currency, timezone, status, earn_points, earn_per_major_units, earn_on_test_orders, created_at, updated_at)
       VALUES (?, 'USD', 'America/New_York', 'active', 1, 1, 0, ?, ?)`,
    ).run(SHOP, iso, iso);
    const member = db.prepare(
      `INSERT INTO member (shop, customer_gid, email, first_name, last_name, status, balance, joined_at) VALUES (?, ?, ?, ?, ?, 'active', ?, ?)`,
    );
    for (let i = 1; i <= MEMBERS; i++) {
      const first = FIRST[Math.floor(random() * FIRST.length)]!;
      const last = LAST[Math.floor(random() * LAST.length)]!;
      const joined = new Date(now.getTime() - Math.floor(random() * 900) * DAY_MS).toISOString();
      member.run(SHOP, `gid://shopify/Customer/${7_000_000_000 + i}`, `${first.toLowerCase()}.${last.toLowerCase()}${i}@example.com`, first, last,
        Math.floor(random() * 5_000), joined);
    }
    const order = db.prepare(
      `INSERT INTO order_record (shop, order_gid, customer_gid, currency, processed_at, paid, cancelled, deleted, test, historic, net_eligible_minor,
         points_posted, entry_count, created_at, updated_at)
       VALUES (?, ?, ?, 'USD', ?, ?, ?, 0, ?, 0, ?, ?, 1, ?, ?)`,
    );
    for (let i = 1; i <= ORDERS; i++) {
      const customer = 1 + Math.floor(random() * MEMBERS);
      const net = 500 + Math.floor(random() * 25_000);
      const at = now.getTime() - Math.floor(random() * 730 * DAY_MS);
      const r = random();
      order.run(SHOP, `gid://shopify/Order/${9_000_000_000 + i}`, `gid://shopify/Customer/${7_000_000_000 + customer}`, shopifyTime(at),
        r < 0.97 ? 1 : 0, r >= 0.97 && r < 0.99 ? 1 : 0, r >= 0.99 ? 1 : 0, net, Math.floor(net / 100), iso, iso);
    }
  })();
  db.close();
  say(`loaded (${(fs.statSync(file).size / 1e6).toFixed(0)} MB)`);
}

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const t0 = performance.now();
  const result = await fn();
  return { ms: performance.now() - t0, result };
}

async function median(fn: () => Promise<unknown>, runs = REPEAT): Promise<number> {
  await fn(); // warm the statement cache and the page cache
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await time(fn)).ms);
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const pad = (s: string, n: number) => (s.length >= n ? s : s + " ".repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : " ".repeat(n - s.length) + s);

function table(title: string, rows: { name: string; ms: number; target?: number; baseline?: number; note?: string }[]): string {
  const out = [title, `${pad("measurement", 66)}  ${lpad("ms", 9)}  ${lpad("target", 8)}  ${lpad("× baseline", 10)}  note`, "-".repeat(120)];
  for (const r of rows) {
    out.push(
      `${pad(r.name, 66)}  ${lpad(ms(r.ms), 9)}  ${lpad(r.target === undefined ? "" : `≤ ${r.target}`, 8)}  ` +
      `${lpad(r.baseline ? `${(r.ms / r.baseline).toFixed(2)}` : "", 10)}  ${r.note ?? ""}`,
    );
  }
  return out.join("\n");
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kanta-bench-tiers-"));
  const file = path.join(dir, "bench.sqlite");
  const now = new Date();
  buildDatabase(file, now);
  const db: SqlDatabase = openSqlite(`file:${file}`);
  try {
    // Baselines: reading the same data with nothing on top.
    say("baselines");
    // Each read twice, the second timed: the recalculations below find the pages cached too.
    const warm = async <T>(fn: () => Promise<T>) => {
      await fn();
      return await time(fn);
    };
    const countOrders = await warm(() => db.get(`SELECT COUNT(*) AS n FROM order_record WHERE shop = ?`, [SHOP]));
    // The same read as the recalculation's (a shop this large is read in storage order).
    const bareAggregate = await warm(() => db.get(
      `SELECT COUNT(*) AS n FROM (SELECT customer_gid, SUM(net_eligible_minor) AS s FROM order_record NOT INDEXED
       WHERE shop = ? AND paid = ? AND cancelled = ? AND deleted = ? AND test = ? GROUP BY customer_gid) x`,
      [SHOP, true, false, false, false],
    ));
    const plainPage = await median(() => db.all(`SELECT id, customer_gid, balance FROM member WHERE shop = ? ORDER BY balance DESC LIMIT 50`, [SHOP]));

    say("ensureDefaultTiers: the default tiers, and every member placed");
    const first = await time(() => ensureDefaultTiers(db, SHOP, now));
    const placed = await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM tier_change WHERE shop = ?`, [SHOP]);
    say("recalculateTiers: unchanged re-run");
    const again = await time(() => recalculateTiers(db, SHOP, now, { reason: "daily", causedBy: "bench" }));
    const tiers = await listTiers(db, SHOP);
    const proposal: TierProposal = {
      basis: "spend", window: "rolling_12m",
      tiers: [
        { ...tiers[0]!, id: tiers[0]!.id },
        { ...tiers[1]!, threshold: 40_000, graceDays: 30 },
        { ...tiers[2]!, entryRewardPoints: 250 },
        { id: null, name: "Platinum", threshold: 300_000, multiplierBps: 20_000, entryRewardPoints: 1_000, freeShipping: true, graceDays: 0 },
      ],
    };
    say("previewTiers");
    const preview = await time(() => previewTiers(db, SHOP, proposal, now));
    say("saveTiers (edit + recalculation of everyone)");
    const saved = await time(() => saveTiers(db, SHOP, proposal, now, "bench"));
    if (!saved.result.ok) throw new Error(`saveTiers refused the proposal: ${JSON.stringify(saved.result.errors)}`);
    const distribution = await db.all<{ name: string | null; n: number }>(
      `SELECT t.name, COUNT(*) AS n FROM member m LEFT JOIN tier t ON t.id = m.tier_id WHERE m.shop = ? GROUP BY t.name ORDER BY MIN(t.threshold)`,
      [SHOP],
    );

    say("one member's re-evaluation (the order webhook's extra work)");
    const program = await loadTierProgram(db, SHOP);
    const random = rng(7);
    const N = 2_000;
    const hot = await time(async () => {
      for (let i = 0; i < N; i++) {
        const gid = `gid://shopify/Customer/${7_000_000_000 + 1 + Math.floor(random() * MEMBERS)}`;
        await db.transaction((tx) => evaluateMemberTier(tx, SHOP, gid, now.toISOString(), { reason: "order", causedBy: "bench", program }));
      }
    });
    const emptyTx = await time(async () => {
      for (let i = 0; i < N; i++) await db.transaction(async (tx) => tx.get(`SELECT 1 AS x`));
    });

    say("members list");
    const gold = saved.result.tiers.find((t) => t.name === "Gold")!;
    const platinum = saved.result.tiers.find((t) => t.name === "Platinum")!;
    const base: MemberListQuery = { sort: "balance", direction: "desc", limit: 50 };
    const pageAfter = async (q: MemberListQuery, pages: number) => {
      let after: string | null = null;
      for (let i = 0; i < pages; i++) after = (await listMembers(db, SHOP, { ...q, after })).next;
      return after;
    };
    const balanceCursor = await pageAfter(base, 20);
    const spentCursor = await pageAfter({ ...base, sort: "spent" }, 20);
    const list = [
      { name: "balance desc, first page", q: base },
      { name: "balance desc, page 21 (keyset cursor)", q: { ...base, after: balanceCursor } },
      { name: "spent desc, first page", q: { ...base, sort: "spent" as const } },
      { name: "spent desc, page 21 (keyset cursor)", q: { ...base, sort: "spent" as const, after: spentCursor } },
      { name: "spent asc, first page", q: { ...base, sort: "spent" as const, direction: "asc" as const } },
      { name: "joined desc, first page", q: { ...base, sort: "joined" as const } },
      { name: `tier ${gold.name}, balance desc`, q: { ...base, tierId: gold.id } },
      { name: `tier ${platinum.name}, spent desc`, q: { ...base, sort: "spent" as const, tierId: platinum.id } },
      { name: "search email prefix \"emma.smith1\", balance desc", q: { ...base, search: "emma.smith1" } },
      { name: "search name prefix \"virta\", balance desc", q: { ...base, search: "virta" } },
      { name: "search rare prefix \"zzz\" (no match: every member read)", q: { ...base, search: "zzz" } },
      { name: "search customer id", q: { ...base, search: String(7_000_000_000 + 4242) } },
    ];
    const listRows: { name: string; ms: number; target?: number; baseline?: number; note?: string }[] = [];
    for (const l of list) {
      const page = await listMembers(db, SHOP, l.q);
      listRows.push({ name: l.name, ms: await median(() => listMembers(db, SHOP, l.q)), target: 50, baseline: plainPage, note: `${page.members.length} rows` });
    }
    const memberScan = await median(() => db.get(`SELECT COUNT(*) AS n FROM member WHERE +shop = ? AND status = 'active'`, [SHOP]));
    const offsetPage = await median(() => db.all(`SELECT id, customer_gid, balance FROM member WHERE shop = ? ORDER BY balance DESC LIMIT 50 OFFSET 1000`, [SHOP]));

    const lines: string[] = [];
    lines.push(`VIP tiers on SQLite: ${MEMBERS.toLocaleString("en-US")} members, ${ORDERS.toLocaleString("en-US")} orders over 730 days; node ${process.version}, ${os.cpus().length} CPUs`);
    lines.push("");
    lines.push(table("Recalculation (set-based SQL, one transaction)", [
      { name: "baseline: COUNT(*) over the shop's orders", ms: countOrders.ms },
      { name: "baseline: bare aggregate (GROUP BY customer over counted orders)", ms: bareAggregate.ms },
      { name: `ensureDefaultTiers: seeding, first placement (${Number(placed?.n).toLocaleString("en-US")} members)`, ms: first.ms, target: 5000, baseline: bareAggregate.ms },
      { name: "recalculateTiers, nothing changed", ms: again.ms, target: 5000, baseline: bareAggregate.ms },
      { name: `previewTiers (up ${preview.result.up}, down ${preview.result.down}, same ${preview.result.same})`, ms: preview.ms, baseline: bareAggregate.ms },
      {
        name: `saveTiers + recalculation (${saved.result.recalculation.changed.toLocaleString("en-US")} changed, ` +
          `${saved.result.recalculation.entryRewards.toLocaleString("en-US")} entry rewards)`,
        ms: saved.ms, target: 5000, baseline: bareAggregate.ms,
      },
    ]));
    lines.push(`tiers after the edit: ${distribution.map((d) => `${d.name ?? "none"} ${Number(d.n).toLocaleString("en-US")}`).join(", ")}`);
    lines.push("");
    lines.push(table("Order webhook hot path: one member re-evaluated in its own transaction", [
      { name: "baseline: an empty transaction", ms: emptyTx.ms / N },
      { name: "evaluateMemberTier (aggregate of the member's orders, decision, write)", ms: hot.ms / N, baseline: emptyTx.ms / N, note: `mean of ${N}` },
    ]));
    lines.push("");
    lines.push(table(`Members list (listMembers, 50 a page, median of ${REPEAT})`, [
      { name: "baseline: SELECT … WHERE shop = ? ORDER BY balance DESC LIMIT 50", ms: plainPage },
      { name: "baseline: reading every member of the shop (COUNT(*), storage order)", ms: memberScan },
      ...listRows,
      { name: "for comparison: LIMIT 50 OFFSET 1000 (not used: keyset pages instead)", ms: offsetPage, baseline: plainPage },
    ]));
    const over = listRows.filter((r) => r.ms > 50).map((r) => r.name);
    lines.push("");
    lines.push(`recalculation of every member: ${ms(first.ms)} ms first placement, ${ms(again.ms)} ms unchanged (target ≤ 5000 ms); ` +
      `members list: slowest ${ms(Math.max(...listRows.map((r) => r.ms)))} ms (target ≤ 50 ms${over.length ? `; above: ${over.join(", ")}` : ""})`);
    process.stdout.write(`${lines.join("\n")}\n`);
  } finally {
    await db.close();
    if (KEEP) say(`database kept at ${file}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
