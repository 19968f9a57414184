// `npm run bench:flows` (`npm run bench:flows -- --pg` adds PostgreSQL): the flows sweep at scale
// and mail throughput. Prints figures and ratios; asserts nothing about timings.
//
//  1. The sweep. A database with BENCH_MEMBERS members (default 1,000,000) over 10 shops, each with
//     the purchase rhythm its orders give (about 1.9 paid orders a member; a tenth never ordered),
//     1 % of them due for a win-back. Timed next to a baseline measured in the same run on the same
//     data (a bare indexed SELECT of the due rows):
//       - the win-back part of the sweep (startDueWinBacks: selection, re-check from the orders,
//         run creation with its scheduled mails), with 1 % due and with 0.1 % due (the same
//         database with nine in ten due members moved into the future): the time follows the due
//         rows, not all rows;
//       - the whole runDue pass over the due rows (checkouts, win-back, program events; no SMTP).
//  2. Sending. BENCH_MAILS due win-back mails (default 500) sent by the engine (runDue with a
//     mailer: claim, checks, render, SMTP, record) to a local SMTP server (a bare one on a loopback
//     port, discarding what it receives), next to raw nodemailer sends of the same kind of message
//     to the same server. The benchmark's win-back steps carry no incentive (an incentive is an
//     Admin API call, not mail).
//
// Environment: BENCH_MEMBERS, BENCH_MAILS, BENCH_KEEP=1 (keep the SQLite files and print where).
import Database from "better-sqlite3";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import nodemailer from "nodemailer";
import pg from "pg";
import { WinBackSettingsSchema, defaultFlow, serializeFlow, FLOW_KINDS, type FlowConfig } from "../app/flows/config";
import { runDue, type RunDueReport } from "../app/flows/engine.server";
import { lapseDueAt, purchaseRhythm } from "../app/flows/rhythm";
import { startDueWinBacks } from "../app/flows/win-back.server";
import { createMailer } from "../app/mail/mailer.server";
import { openPostgres, openSqlite, type SqlDatabase } from "../app/storage/sql.server";

function intEnv(name: string, fallback: number, min = 1): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min) throw new Error(`${name} must be an integer ≥ ${min}, got ${raw}`);
  return v;
}

const MEMBERS = intEnv("BENCH_MEMBERS", 1_000_000);
const MAILS = intEnv("BENCH_MAILS", 500);
const KEEP = process.env.BENCH_KEEP === "1";
const WITH_PG = process.argv.includes("--pg");
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SHOPS = Array.from({ length: 10 }, (_, i) => `bench-flows-${i}.myshopify.com`);
const DUE_SHARE = 0.01;
const HOLDOUT_PCT = 10;
const DAY = 86_400_000;
/** The sweep's "now": fixed, so every run seeds the same data. */
const NOW = new Date("2026-06-01T12:00:00.000Z");
const SETTINGS = WinBackSettingsSchema.parse({});
const CADENCES = [14, 21, 30, 45, 60];

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

type SeedMember = {
  shop: string; gid: string; email: string; consent: string; lastOrderAt: string | null; paidOrders: number; cadence: number | null;
  dueAt: string | null; orders: string[];
};

/** The members, in id order: a tenth never ordered, 40 % one order, half 2–4 orders at a steady cadence; DUE_SHARE are due. */
function* seedMembers(): Generator<SeedMember> {
  const random = rng(20260601);
  for (let i = 1; i <= MEMBERS; i += 1) {
    const shop = SHOPS[i % SHOPS.length]!;
    const gid = `gid://shopify/Customer/${7_000_000_000 + i}`;
    const consent = random() < 0.85 ? "subscribed" : "not_subscribed";
    const r = random();
    const orders: string[] = [];
    if (r >= 0.1) {
      const repeat = r >= 0.5;
      const cadence = repeat ? CADENCES[Math.floor(random() * CADENCES.length)]! : 0;
      const count = repeat ? 2 + Math.floor(random() * 3) : 1;
      const lapseDays = repeat ? Math.max(SETTINGS.lapseFactor * cadence, SETTINGS.minLapseDays) : SETTINGS.oneTimeBuyerDays;
      const due = random() < DUE_SHARE / 0.9;
      const sinceLast = due ? lapseDays + 1 + Math.floor(random() * 100) : Math.floor(random() * lapseDays);
      const last = NOW.getTime() - sinceLast * DAY - Math.floor(random() * 23) * 3_600_000;
      for (let k = 0; k < count; k += 1) orders.push(new Date(last - k * cadence * DAY).toISOString());
    }
    const facts = purchaseRhythm(orders, "UTC");
    yield {
      shop, gid, email: `shopper${i}@example.com`, consent, lastOrderAt: facts.lastOrderAt, paidOrders: facts.paidOrders, cadence: facts.cadenceDays,
      dueAt: lapseDueAt(facts, SETTINGS, null)?.toISOString() ?? null, orders,
    };
  }
}

/** The benchmark's flows: the defaults, the win-back with a holdout and its steps without an incentive. */
function benchFlows(): FlowConfig[] {
  return FLOW_KINDS.map((kind) => {
    const d = defaultFlow(kind);
    return kind === "win_back" ? { ...d, holdoutPct: HOLDOUT_PCT, steps: d.steps.map((s) => ({ ...s, incentive: null })) } : d;
  });
}

const MEMBER_COLUMNS = "shop, customer_gid, email, first_name, marketing_consent, locale, status, balance, joined_at, last_order_at, paid_orders, cadence_days, winback_due_at";
const ORDER_COLUMNS = "shop, order_gid, customer_gid, currency, processed_at, paid, test, cancelled, deleted, historic, total_price_minor, created_at, updated_at";

function memberValues(m: SeedMember, iso: string): unknown[] {
  return [m.shop, m.gid, m.email, "Sam", m.consent, "en", "active", 0, iso, m.lastOrderAt, m.paidOrders, m.cadence, m.dueAt];
}

function migrate(provider: "sqlite" | "postgresql", url: string): void {
  execFileSync(process.execPath, [path.join(ROOT, "scripts", "db.mjs"), "deploy"], {
    cwd: ROOT, env: { ...process.env, DATABASE_PROVIDER: provider, DATABASE_URL: url }, stdio: ["ignore", "ignore", "inherit"],
  });
}

const shopName = (i: number) => `Bench shop ${i}`;
const SHOP_SQL = `INSERT INTO shop (domain, name, currency, timezone, status, earn_points, earn_per_major_units, earn_on_test_orders, mail_from,
  postal_address, created_at, updated_at) VALUES (?, ?, 'USD', 'UTC', 'active', 1, 1, ?, 'Bench <bench@example.com>', '1 Bench Street, Helsinki', ?, ?)`;

/** SQLite: the migrations, then one transaction of prepared multi-row inserts. Returns the due members. */
function buildSqlite(file: string): number {
  say(`migrating ${file}`);
  migrate("sqlite", `file:${file}`);
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  const iso = NOW.toISOString();
  const ROWS = 200;
  const multi = (table: string, columns: string, rows: number) =>
    db.prepare(`INSERT INTO ${table} (${columns}) VALUES ${Array(rows).fill(`(${columns.split(",").map(() => "?").join(", ")})`).join(", ")}`);
  const memberMany = multi("member", MEMBER_COLUMNS, ROWS);
  const orderMany = multi("order_record", ORDER_COLUMNS, ROWS);
  const memberOne = multi("member", MEMBER_COLUMNS, 1);
  const orderOne = multi("order_record", ORDER_COLUMNS, 1);
  let due = 0;
  let orderSeq = 0;
  say(`loading ${fmt(MEMBERS)} members and their orders in one transaction`);
  db.transaction(() => {
    const shop = db.prepare(SHOP_SQL);
    SHOPS.forEach((domain, i) => shop.run(domain, shopName(i), 0, iso, iso));
    const flow = db.prepare(`INSERT INTO flow (shop, kind, enabled, steps_json, settings_json, holdout_pct, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    for (const s of SHOPS) {
      for (const f of benchFlows()) {
        const x = serializeFlow(f);
        flow.run(s, f.kind, x.enabled ? 1 : 0, x.steps_json, x.settings_json, x.holdout_pct, iso, iso);
      }
      db.prepare(`UPDATE shop SET flows_seeded_at = ? WHERE domain = ?`).run(iso, s);
    }
    let members: unknown[] = [];
    let orders: unknown[] = [];
    let mCount = 0;
    let oCount = 0;
    for (const m of seedMembers()) {
      if (m.dueAt !== null && m.dueAt <= iso) due += 1;
      members.push(...memberValues(m, iso));
      mCount += 1;
      if (mCount === ROWS) {
        memberMany.run(members);
        members = [];
        mCount = 0;
      }
      for (const at of m.orders) {
        orderSeq += 1;
        orders.push(m.shop, `gid://shopify/Order/${9_000_000_000 + orderSeq}`, m.gid, "USD", at, 1, 0, 0, 0, 0, 4_900, iso, iso);
        oCount += 1;
        if (oCount === ROWS) {
          orderMany.run(orders);
          orders = [];
          oCount = 0;
        }
      }
    }
    for (let k = 0; k < mCount; k += 1) memberOne.run(members.slice(k * 13, k * 13 + 13));
    for (let k = 0; k < oCount; k += 1) orderOne.run(orders.slice(k * 13, k * 13 + 13));
  })();
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  say(`loaded ${fmt(MEMBERS)} members, ${fmt(orderSeq)} orders, ${fmt(due)} due (${(fs.statSync(file).size / 1e6).toFixed(0)} MB)`);
  return due;
}

/** PostgreSQL: the migrations, then the same rows in batches of unnest() arrays. Returns the due members. */
async function buildPostgres(url: string): Promise<number> {
  say("migrating the PostgreSQL database");
  migrate("postgresql", url);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const iso = NOW.toISOString();
  let due = 0;
  try {
    await client.query("BEGIN");
    let n = 0;
    const shopSql = SHOP_SQL.replace(/\?/g, () => `$${++n}`);
    for (const [i, domain] of SHOPS.entries()) await client.query(shopSql, [domain, shopName(i), false, iso, iso]);
    for (const s of SHOPS) {
      for (const f of benchFlows()) {
        const x = serializeFlow(f);
        await client.query(
          `INSERT INTO flow (shop, kind, enabled, steps_json, settings_json, holdout_pct, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`,
          [s, f.kind, x.enabled, x.steps_json, x.settings_json, x.holdout_pct, iso],
        );
      }
    }
    const BATCH = 20_000;
    const m: unknown[][] = Array.from({ length: 13 }, () => []);
    const o: unknown[][] = Array.from({ length: 5 }, () => []);
    let orderSeq = 0;
    const flushMembers = async () => {
      if (m[0]!.length === 0) return;
      await client.query(
        `INSERT INTO member (${MEMBER_COLUMNS}) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
           $8::int[], $9::timestamp(3)[], $10::timestamp(3)[], $11::int[], $12::int[], $13::timestamp(3)[])`,
        m,
      );
      for (const col of m) col.length = 0;
    };
    const flushOrders = async () => {
      if (o[0]!.length === 0) return;
      await client.query(
        `INSERT INTO order_record (${ORDER_COLUMNS})
         SELECT s, g, c, 'USD', p, true, false, false, false, false, 4900, $5::timestamp(3), $5::timestamp(3)
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS x(s, g, c, p)`,
        [o[0], o[1], o[2], o[3], iso],
      );
      for (const col of o) col.length = 0;
    };
    say(`loading ${fmt(MEMBERS)} members and their orders`);
    for (const s of seedMembers()) {
      if (s.dueAt !== null && s.dueAt <= iso) due += 1;
      memberValues(s, iso).forEach((v, k) => m[k]!.push(v));
      for (const at of s.orders) {
        orderSeq += 1;
        o[0]!.push(s.shop);
        o[1]!.push(`gid://shopify/Order/${9_000_000_000 + orderSeq}`);
        o[2]!.push(s.gid);
        o[3]!.push(at);
      }
      if (m[0]!.length >= BATCH) await flushMembers();
      if (o[0]!.length >= BATCH) await flushOrders();
    }
    await flushMembers();
    await flushOrders();
    await client.query("COMMIT");
    await client.query("VACUUM ANALYZE member");
    await client.query("VACUUM ANALYZE order_record");
    say(`loaded ${fmt(MEMBERS)} members, ${fmt(orderSeq)} orders, ${fmt(due)} due`);
  } finally {
    await client.end();
  }
  return due;
}

/** Wall time, and this process's CPU time (the machine may be shared: CPU time shows the work itself). */
async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; cpuMs: number; result: T }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await fn();
  const c = process.cpuUsage(c0);
  return { ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000, result };
}

/** The baseline: the due rows read bare through the index, as the sweep selects them (twice, the second timed). */
async function bareDueSelect(db: SqlDatabase): Promise<{ ms: number; rows: number }> {
  const q = () => db.all(`SELECT id, shop, customer_gid FROM member WHERE winback_due_at <= ? ORDER BY winback_due_at, id`, [NOW.toISOString()]);
  await q();
  const t = await time(q);
  return { ms: t.ms, rows: t.result.length };
}

type SweepFigures = { label: string; due: number; baselineMs: number; ms: number; cpuMs: number; started: number; heldOut: number; left: number; runs: number; messages: number };

async function dueLeft(db: SqlDatabase): Promise<number> {
  return Number((await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM member WHERE winback_due_at <= ?`, [NOW.toISOString()]))?.n ?? 0);
}

async function counts(db: SqlDatabase): Promise<{ runs: number; messages: number }> {
  const runs = Number((await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM flow_run`))?.n ?? 0);
  const messages = Number((await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM flow_message`))?.n ?? 0);
  return { runs, messages };
}

const DEPS_BASE = { admin: async () => { throw new Error("no Admin API in the benchmark"); }, appUrl: "http://127.0.0.1:3000", secret: "bench-secret", workerId: "bench" };

async function winBackSweep(label: string, db: SqlDatabase): Promise<SweepFigures> {
  const due = await dueLeft(db);
  const base = await bareDueSelect(db);
  say(`${label}: startDueWinBacks over ${fmt(due)} due members`);
  const t = await time(() => startDueWinBacks(db, NOW));
  return { label, due, baselineMs: base.ms, ms: t.ms, cpuMs: t.cpuMs, ...t.result, left: await dueLeft(db), ...(await counts(db)) };
}

async function wholeRunDue(label: string, db: SqlDatabase): Promise<SweepFigures & { report: RunDueReport }> {
  const due = await dueLeft(db);
  const base = await bareDueSelect(db);
  say(`${label}: runDue (no SMTP) over ${fmt(due)} due members`);
  const t = await time(() => runDue(db, NOW, { ...DEPS_BASE, mailer: null, limit: MEMBERS }));
  return { label, due, baselineMs: base.ms, ms: t.ms, cpuMs: t.cpuMs, started: t.result.winBack.started, heldOut: t.result.winBack.heldOut, left: await dueLeft(db), ...(await counts(db)), report: t.result };
}

/**
 * A bare SMTP server on a loopback port that accepts and discards every message. (smtp-server
 * waits 100 ms before its greeting on every connection to catch clients that talk too early; with
 * one connection per message that delay alone would be the whole figure.)
 */
async function sinkServer(): Promise<{ url: string; received: () => number; close: () => Promise<void> }> {
  let received = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    socket.setNoDelay(true);
    socket.write("220 bench ESMTP\r\n");
    let buffer = "";
    let inData = false;
    socket.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("latin1");
      for (;;) {
        if (inData) {
          const end = buffer.indexOf("\r\n.\r\n");
          if (end === -1) break;
          buffer = buffer.slice(end + 5);
          inData = false;
          received += 1;
          socket.write("250 2.0.0 queued\r\n");
          continue;
        }
        const nl = buffer.indexOf("\r\n");
        if (nl === -1) break;
        const verb = buffer.slice(0, 4).toUpperCase();
        buffer = buffer.slice(nl + 2);
        if (verb === "EHLO") socket.write("250-bench\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n");
        else if (verb === "DATA") {
          inData = true;
          buffer = `\r\n${buffer}`; // so a message ending at once is still found
          socket.write("354 go ahead\r\n");
        } else if (verb === "QUIT") socket.end("221 bye\r\n");
        else socket.write("250 OK\r\n");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const address = server.address();
  const port = address && typeof address === "object" ? address.port : 0;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received: () => received,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

type SendFigures = { label: string; mails: number; engineMs: number; engineSent: number; engineHeldOut: number; rawMs: number; rawSent: number };

/** BENCH_MAILS due mails through the engine, then as many raw nodemailer sends, to the same local server. */
async function sendThroughput(label: string, db: SqlDatabase): Promise<SendFigures> {
  const sink = await sinkServer();
  const mailer = createMailer(sink.url);
  try {
    say(`${label}: the engine sends ${fmt(MAILS)} due mails`);
    const engine = await time(() => runDue(db, NOW, { ...DEPS_BASE, mailer, limit: MAILS }));
    const engineSent = sink.received();
    say(`${label}: ${fmt(MAILS)} raw nodemailer sends`);
    const transport = nodemailer.createTransport({ url: sink.url, logger: false, debug: false });
    const body = "Hi Sam,\n\nit has been a while. Come back and see what is new.\n\n1 Bench Street, Helsinki\n".repeat(8);
    const raw = await time(async () => {
      for (let i = 0; i < MAILS; i += 1) {
        await transport.sendMail({
          from: "Bench <bench@example.com>", to: `shopper${i}@example.com`, subject: "We miss you", text: body, html: `<p>${body}</p>`,
          headers: { "List-Unsubscribe": "<https://example.com/u>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
        });
      }
    });
    transport.close();
    return {
      label, mails: MAILS, engineMs: engine.ms, engineSent, engineHeldOut: engine.result.messages.heldOut, rawMs: raw.ms, rawSent: sink.received() - engineSent,
    };
  } finally {
    mailer.close();
    await sink.close();
  }
}

const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const pad = (s: string, n: number) => (s.length >= n ? s : s + " ".repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : " ".repeat(n - s.length) + s);

function sweepTable(rows: SweepFigures[]): string {
  const out = [
    `${pad("sweep", 44)}  ${lpad("due", 7)}  ${lpad("ms", 7)}  ${lpad("cpu ms", 7)}  ${lpad("µs/due", 7)}  ${lpad("target", 7)}  ${lpad("baseline", 8)}  ${lpad("×", 6)}  started (held out), left due, runs, mails`,
    "-".repeat(140),
  ];
  for (const r of rows) {
    out.push(
      `${pad(r.label, 44)}  ${lpad(fmt(r.due), 7)}  ${lpad(ms(r.ms), 7)}  ${lpad(ms(r.cpuMs), 7)}  ${lpad((r.due ? (r.ms * 1000) / r.due : 0).toFixed(0), 7)}  ${lpad("≤ 5000", 7)}  ` +
      `${lpad(ms(r.baselineMs), 8)}  ${lpad((r.ms / Math.max(r.baselineMs, 0.001)).toFixed(0), 6)}  ` +
      `${fmt(r.started)} (${fmt(r.heldOut)}), ${fmt(r.left)}, ${fmt(r.runs)}, ${fmt(r.messages)}`,
    );
  }
  return out.join("\n");
}

function sendTable(rows: SendFigures[]): string {
  const out = [`${pad("sending", 44)}  ${lpad("mails", 6)}  ${lpad("ms", 7)}  ${lpad("mails/s", 8)}  ${lpad("× raw", 6)}`, "-".repeat(90)];
  for (const r of rows) {
    const perMail = r.engineMs / Math.max(r.engineSent, 1);
    const rawPerMail = r.rawMs / Math.max(r.rawSent, 1);
    out.push(`${pad(`${r.label}: engine (runDue, ${fmt(r.engineHeldOut)} held out)`, 44)}  ${lpad(fmt(r.engineSent), 6)}  ${lpad(ms(r.engineMs), 7)}  ${lpad((1000 / perMail).toFixed(0), 8)}  ${lpad((perMail / rawPerMail).toFixed(2), 6)}`);
    out.push(`${pad(`${r.label}: raw nodemailer (baseline)`, 44)}  ${lpad(fmt(r.rawSent), 6)}  ${lpad(ms(r.rawMs), 7)}  ${lpad((1000 / rawPerMail).toFixed(0), 8)}  ${lpad("1.00", 6)}`);
  }
  return out.join("\n");
}

async function sqliteRuns(dir: string): Promise<{ sweeps: SweepFigures[]; sends: SendFigures[] }> {
  const base = path.join(dir, "base.sqlite");
  buildSqlite(base);
  const copy = (name: string, prepare?: (db: Database.Database) => void) => {
    const file = path.join(dir, `${name}.sqlite`);
    fs.copyFileSync(base, file);
    if (prepare) {
      const raw = new Database(file);
      prepare(raw);
      raw.pragma("wal_checkpoint(TRUNCATE)");
      raw.close();
    }
    return openSqlite(`file:${file}`);
  };
  const sweeps: SweepFigures[] = [];
  const sends: SendFigures[] = [];
  // The whole pass first: it also warms the process up (JIT, statement caches) for the two win-back
  // sweeps compared after it.
  let db = copy("run-due");
  sweeps.push(await wholeRunDue("SQLite: whole runDue, 1 % due", db));
  sends.push(await sendThroughput("SQLite", db));
  await db.close();
  db = copy("one-percent");
  sweeps.push(await winBackSweep("SQLite: win-back sweep, 1 % due", db));
  await db.close();
  db = copy("tenth-percent", (raw) => {
    // Nine in ten due members move a year ahead: 0.1 % of all members stay due.
    raw.prepare(`UPDATE member SET winback_due_at = '2027-06-01T00:00:00.000Z' WHERE winback_due_at <= ? AND id % 10 <> 0`).run(NOW.toISOString());
  });
  sweeps.push(await winBackSweep("SQLite: win-back sweep, 0.1 % due", db));
  await db.close();
  return { sweeps, sends };
}

type EmbeddedPg = { url: (db?: string) => string; createDatabase: (name: string, template?: string) => Promise<void>; stop: () => Promise<void> };

async function postgresRuns(): Promise<{ sweeps: SweepFigures[]; sends: SendFigures[] }> {
  const mod = (await import(pathToFileURL(path.join(ROOT, "scripts", "lib", "embedded-pg.mjs")).href)) as {
    startEmbeddedPostgres: (opts?: { log?: (m: string) => void }) => Promise<EmbeddedPg>;
  };
  say("starting embedded PostgreSQL");
  const server = await mod.startEmbeddedPostgres();
  const sweeps: SweepFigures[] = [];
  const sends: SendFigures[] = [];
  try {
    await server.createDatabase("bench_base");
    await buildPostgres(server.url("bench_base"));
    const copy = async (name: string, prepare?: string) => {
      await server.createDatabase(name, "bench_base");
      const db = openPostgres(server.url(name));
      if (prepare) {
        await db.run(prepare, [NOW.toISOString()]);
        await db.run("VACUUM ANALYZE member");
      }
      return db;
    };
    let db = await copy("bench_run_due");
    sweeps.push(await wholeRunDue("PostgreSQL: whole runDue, 1 % due", db));
    sends.push(await sendThroughput("PostgreSQL", db));
    await db.close();
    db = await copy("bench_one");
    sweeps.push(await winBackSweep("PostgreSQL: win-back sweep, 1 % due", db));
    await db.close();
    db = await copy("bench_tenth", `UPDATE member SET winback_due_at = '2027-06-01T00:00:00.000Z' WHERE winback_due_at <= ? AND id % 10 <> 0`);
    sweeps.push(await winBackSweep("PostgreSQL: win-back sweep, 0.1 % due", db));
    await db.close();
  } finally {
    await server.stop();
  }
  return { sweeps, sends };
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kanta-bench-flows-"));
  try {
    const lite = await sqliteRuns(dir);
    const pgRuns = WITH_PG ? await postgresRuns() : { sweeps: [], sends: [] };
    const sweeps = [...lite.sweeps, ...pgRuns.sweeps];
    const sends = [...lite.sends, ...pgRuns.sends];
    console.log(`\nFlows benchmark: ${fmt(MEMBERS)} members over ${SHOPS.length} shops, now = ${NOW.toISOString()}, win-back holdout ${HOLDOUT_PCT} %`);
    console.log(`baseline: the due rows read bare through member.winback_due_at's index (SELECT id, shop, customer_gid … ORDER BY winback_due_at)\n`);
    console.log(sweepTable(sweeps));
    for (const provider of ["SQLite", "PostgreSQL"]) {
      const a = sweeps.find((r) => r.label === `${provider}: win-back sweep, 1 % due`);
      const b = sweeps.find((r) => r.label === `${provider}: win-back sweep, 0.1 % due`);
      if (a && b) console.log(`${a.label.split(":")[0]}: ${fmt(a.due)} due → ${ms(a.ms)} ms, ${fmt(b.due)} due → ${ms(b.ms)} ms (${(a.ms / b.ms).toFixed(1)}× the time for ${(a.due / Math.max(b.due, 1)).toFixed(1)}× the due rows; all rows: ${fmt(MEMBERS)} both times)`);
    }
    console.log(`\n${sendTable(sends)}`);
    if (KEEP) console.log(`\nkept: ${dir}`);
  } finally {
    if (!KEEP) fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
