// Summarises V8 .cpuprofile files (written by `node --cpu-prof`): self time per function and per
// coarse category, so the benchmark can say where the server's CPU went.
import fs from "node:fs";
import path from "node:path";

type CallFrame = { functionName: string; url: string; lineNumber: number; columnNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; hitCount?: number; children?: number[] };
type CpuProfile = { nodes: ProfileNode[]; startTime: number; endTime: number; samples?: number[]; timeDeltas?: number[] };

export type ProfileSummary = {
  file: string;
  totalMs: number;
  idleMs: number;
  top: { name: string; where: string; selfMs: number; pct: number }[];
  categories: { name: string; selfMs: number; pct: number }[];
};

function category(f: CallFrame): string {
  const u = f.url;
  if (f.functionName === "(garbage collector)") return "GC";
  if (f.functionName === "(idle)") return "idle";
  if (f.functionName === "(program)") return "V8/native (program)";
  if (u === "" && f.functionName) return `native: ${f.functionName}`;
  if (u.includes("better-sqlite3")) return "better-sqlite3 (JS side)";
  if (u.includes("/node_modules/pg") || u.includes("node_modules/pg-")) return "pg driver";
  if (u.startsWith("node:")) return `node core: ${u.slice(5).split("/")[0] === "internal" ? u.slice(5).split("/").slice(0, 2).join("/") : u.slice(5)}`;
  if (u.includes("/build/server.js")) return "app (build/server.js)";
  if (u.includes("/build/index.js")) return "remix build";
  if (u.includes("node_modules")) return `dep: ${u.split("node_modules/").pop()?.split("/")[0]}`;
  return u ? path.basename(u) : "(unknown)";
}

export function summariseCpuProfile(file: string, topN = 20): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // timeDeltas[i] is the time before sample i; attribute the gap after a sample to it.
  for (let i = 0; i < samples.length; i++) {
    const dt = deltas[i + 1] ?? 0;
    selfUs.set(samples[i], (selfUs.get(samples[i]) ?? 0) + Math.max(0, dt));
  }
  const byFn = new Map<string, { name: string; where: string; us: number }>();
  const byCat = new Map<string, number>();
  let totalUs = 0;
  let idleUs = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    const f = node.callFrame;
    totalUs += us;
    if (f.functionName === "(idle)") idleUs += us;
    const where = f.url ? `${f.url.replace(/^file:\/\//, "").split("/").slice(-2).join("/")}:${f.lineNumber + 1}` : "";
    const key = `${f.functionName}|${where}`;
    const entry = byFn.get(key) ?? { name: f.functionName || "(anonymous)", where, us: 0 };
    entry.us += us;
    byFn.set(key, entry);
    const cat = category(f);
    byCat.set(cat, (byCat.get(cat) ?? 0) + us);
  }
  const busyUs = Math.max(1, totalUs - idleUs);
  return {
    file,
    totalMs: totalUs / 1000,
    idleMs: idleUs / 1000,
    top: [...byFn.values()]
      .filter((e) => e.name !== "(idle)")
      .sort((a, b) => b.us - a.us)
      .slice(0, topN)
      .map((e) => ({ name: e.name, where: e.where, selfMs: e.us / 1000, pct: (100 * e.us) / busyUs })),
    categories: [...byCat.entries()]
      .filter(([name]) => name !== "idle")
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15)
      .map(([name, us]) => ({ name, selfMs: us / 1000, pct: (100 * us) / busyUs })),
  };
}

export function formatProfileSummary(s: ProfileSummary): string {
  const out: string[] = [];
  out.push(`  ${path.basename(s.file)}: ${(s.totalMs / 1000).toFixed(1)} s sampled, ${((s.totalMs - s.idleMs) / 1000).toFixed(1)} s busy`);
  out.push("  self time by category (% of busy):");
  for (const c of s.categories) out.push(`    ${c.pct.toFixed(1).padStart(5)}%  ${c.selfMs.toFixed(0).padStart(7)} ms  ${c.name}`);
  out.push("  top functions by self time (% of busy):");
  for (const t of s.top) out.push(`    ${t.pct.toFixed(1).padStart(5)}%  ${t.selfMs.toFixed(0).padStart(7)} ms  ${t.name}  ${t.where}`);
  return out.join("\n");
}

/**
 * Node 20 refuses `--cpu-prof` in NODE_OPTIONS, so app processes get this preload instead
 * (`NODE_OPTIONS=--require <file>`). It
 *  - runs the V8 sampling profiler through node:inspector and writes `cpu-<pid>.cpuprofile`,
 *  - records event-loop delay (perf_hooks.monitorEventLoopDelay),
 *  - times better-sqlite3 transactions (BEGIN IMMEDIATE … COMMIT, which block the event loop
 *    for their whole length including the fsync) and autocommit writes outside transactions,
 * and writes `diag-<pid>.json` next to the profile when the process exits (graceful stop).
 * Returns the path of the preload, written into `dir`.
 */
export function writeDiagnosticsPreload(dir: string, samplingIntervalUs = 1000): string {
  const file = path.join(dir, "bench-diagnostics-preload.cjs");
  fs.writeFileSync(
    file,
    `"use strict";
const inspector = require("node:inspector");
const fs = require("node:fs");
const path = require("node:path");
const { createRequire } = require("node:module");
const { monitorEventLoopDelay } = require("node:perf_hooks");
const DIR = ${JSON.stringify(dir)};
const session = new inspector.Session();
session.connect();
session.post("Profiler.enable");
session.post("Profiler.setSamplingInterval", { interval: ${samplingIntervalUs} });
session.post("Profiler.start");
const eld = monitorEventLoopDelay({ resolution: 1 });
eld.enable();

const now = () => Number(process.hrtime.bigint()) / 1e6;
const tx = new Map(); // kind -> { totalMs: [], commitMs: [], stmts: 0 }
const autocommit = new Map(); // sql prefix -> ms[]
let open = null;
try {
  const Database = createRequire(path.join(process.cwd(), "package.json"))("better-sqlite3");
  const probe = new Database(":memory:");
  const Statement = Object.getPrototypeOf(probe.prepare("SELECT 1"));
  probe.close();
  const exec = Database.prototype.exec;
  Database.prototype.exec = function (sql) {
    if (sql === "BEGIN IMMEDIATE") {
      open = { start: now(), kind: null, stmts: 0 };
      return exec.call(this, sql);
    }
    if (sql === "COMMIT" && open) {
      const c0 = now();
      const r = exec.call(this, sql);
      const end = now();
      const kind = open.kind || "(empty)";
      const e = tx.get(kind) || { totalMs: [], commitMs: [], stmts: 0 };
      e.totalMs.push(end - open.start);
      e.commitMs.push(end - c0);
      e.stmts += open.stmts;
      tx.set(kind, e);
      open = null;
      return r;
    }
    if (sql === "ROLLBACK") open = null;
    return exec.call(this, sql);
  };
  const writes = new WeakMap(); // statement -> sql prefix when it writes, else ""
  const classify = (st) => {
    let k = writes.get(st);
    if (k === undefined) {
      k = st.reader && !/^\\s*(INSERT|UPDATE|DELETE)/i.test(st.source) ? "" : st.source.replace(/\\s+/g, " ").trim().slice(0, 40);
      writes.set(st, k);
    }
    return k;
  };
  for (const m of ["run", "get", "all", "iterate"]) {
    const orig = Statement[m];
    Statement[m] = function () {
      if (open) {
        open.stmts++;
        if (!open.kind) open.kind = this.source.replace(/\\s+/g, " ").trim().slice(0, 40);
        return orig.apply(this, arguments);
      }
      const key = classify(this);
      if (!key) return orig.apply(this, arguments);
      const t0 = now();
      const r = orig.apply(this, arguments);
      const list = autocommit.get(key) || [];
      list.push(now() - t0);
      autocommit.set(key, list);
      return r;
    };
  }
} catch (error) {
  // better-sqlite3 not loadable from here: timings stay empty.
}

let written = false;
process.on("exit", () => {
  if (written) return;
  written = true;
  eld.disable();
  const ms = (ns) => ns / 1e6;
  const diag = {
    eventLoopDelayMs: { mean: ms(eld.mean), p50: ms(eld.percentile(50)), p99: ms(eld.percentile(99)), max: ms(eld.max) },
    transactions: Object.fromEntries([...tx].map(([k, v]) => [k, v])),
    autocommit: Object.fromEntries(autocommit),
  };
  fs.writeFileSync(path.join(DIR, "diag-" + process.pid + ".json"), JSON.stringify(diag));
  // Same-thread inspector sessions answer synchronously, so this completes inside "exit".
  session.post("Profiler.stop", (err, res) => {
    if (!err) fs.writeFileSync(path.join(DIR, "cpu-" + process.pid + ".cpuprofile"), JSON.stringify(res.profile));
  });
});
`,
  );
  return file;
}

type Diag = {
  eventLoopDelayMs: { mean: number; p50: number; p99: number; max: number };
  transactions: Record<string, { totalMs: number[]; commitMs: number[]; stmts: number }>;
  autocommit: Record<string, number[]>;
};

function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
  const sum = sorted.reduce((a, b) => a + b, 0);
  return { n: sorted.length, sum, mean: sum / Math.max(1, sorted.length), p50: q(50), p99: q(99), max: sorted[sorted.length - 1] ?? NaN };
}

/** Formats a diag-<pid>.json written by the preload. */
export function formatDiagnostics(file: string): string {
  const d = JSON.parse(fs.readFileSync(file, "utf8")) as Diag;
  const out: string[] = [];
  const e = d.eventLoopDelayMs;
  out.push(`  ${path.basename(file)}: event-loop delay mean ${e.mean.toFixed(1)} ms, p50 ${e.p50.toFixed(1)}, p99 ${e.p99.toFixed(1)}, max ${e.max.toFixed(1)} ms`);
  const txs = Object.entries(d.transactions);
  if (txs.length) {
    out.push("  SQLite transactions (event loop blocked from BEGIN IMMEDIATE to COMMIT), by first statement:");
    for (const [kind, v] of txs) {
      const t = stats(v.totalMs);
      const c = stats(v.commitMs);
      out.push(
        `    ${kind.padEnd(40)} ${String(t.n).padStart(6)} tx, ${(v.stmts / Math.max(1, t.n)).toFixed(0).padStart(5)} stmts/tx; ` +
          `held ${t.mean.toFixed(1)} ms mean / ${t.p99.toFixed(1)} p99 / ${t.max.toFixed(1)} max, ${(t.sum / 1000).toFixed(1)} s total; ` +
          `COMMIT ${c.mean.toFixed(2)} ms mean / ${c.p99.toFixed(1)} p99, ${(c.sum / 1000).toFixed(1)} s total`,
      );
    }
  }
  const ac = Object.entries(d.autocommit);
  if (ac.length) {
    out.push("  SQLite autocommit writes (own transaction and fsync each):");
    for (const [sql, v] of ac) {
      const t = stats(v);
      out.push(`    ${sql.padEnd(40)} ${String(t.n).padStart(6)} ×, ${t.mean.toFixed(2)} ms mean / ${t.p99.toFixed(1)} p99, ${(t.sum / 1000).toFixed(1)} s total`);
    }
  }
  return out.join("\n");
}
