// Observing the app from outside for `npm run bench:admin`: the jobs and inbox in Kanta's
// database, the Admin API requests in the emulator's store, the app process's CPU time, and a
// model of Shopify's leaky bucket for what a plan would take.
import fs from "node:fs";
import type { EmulatorStore } from "../../app/emulator/store.server";
import type { SqlDatabase } from "../../app/storage/sql.server";

export type JobTimes = { status: string; createdMs: number; finishedMs: number | null; progress: Record<string, unknown>; lastError: string | null };

export async function jobTimes(sql: SqlDatabase, shop: string, kind: string): Promise<JobTimes | null> {
  const row = await sql.get<{ status: string; created_at: string; finished_at: string | null; progress_json: string; last_error: string | null }>(
    `SELECT status, created_at, finished_at, progress_json, last_error FROM job WHERE shop = ? AND kind = ? ORDER BY id DESC LIMIT 1`,
    [shop, kind],
  );
  if (!row) return null;
  return {
    status: row.status,
    createdMs: Date.parse(String(row.created_at)),
    finishedMs: row.finished_at ? Date.parse(String(row.finished_at)) : null,
    progress: JSON.parse(row.progress_json) as Record<string, unknown>,
    lastError: row.last_error,
  };
}

export async function count(sql: SqlDatabase, q: string, params: unknown[] = []): Promise<number> {
  return Number((await sql.get<{ n: number }>(q, params))?.n ?? 0);
}

/** Events of any shop not yet applied (the worker is shared by all shops). */
export async function inboxPending(sql: SqlDatabase): Promise<number> {
  return await count(sql, `SELECT COUNT(*) AS n FROM webhook_event WHERE status IN ('pending', 'processing')`);
}

/** When the last of a shop's events (optionally of one topic) was applied, epoch ms. */
export async function lastProcessedMs(sql: SqlDatabase, shop: string, topic?: string): Promise<number | null> {
  const row = await sql.get<{ t: string | null }>(
    `SELECT MAX(processed_at) AS t FROM webhook_event WHERE shop = ?${topic ? " AND topic = ?" : ""}`,
    topic ? [shop, topic] : [shop],
  );
  return row?.t ? Date.parse(String(row.t)) : null;
}

export type OperationStats = { operation: string; requests: number; firstMs: number; lastMs: number };

/** Admin API requests the emulator received for a shop after request `afterSeq`, by operation. */
export function requestStats(store: EmulatorStore, domain: string, afterSeq = 0): OperationStats[] {
  const rows = store.db
    .prepare(
      `SELECT operation_name AS operation, COUNT(*) AS requests, MIN(at) AS firstMs, MAX(at) AS lastMs
       FROM emulator_request WHERE domain = ? AND seq > ? GROUP BY operation_name ORDER BY MIN(seq)`,
    )
    .all(domain, afterSeq) as OperationStats[];
  return rows;
}

export function lastRequestSeq(store: EmulatorStore): number {
  return Number((store.db.prepare(`SELECT COALESCE(MAX(seq), 0) AS n FROM emulator_request`).get() as { n: number }).n);
}

/** The cross-check the brief asks for: store.requestLog(domain) counted by operation. */
export function requestLogCounts(store: EmulatorStore, domain: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const op of store.requestLog(domain)) counts.set(op, (counts.get(op) ?? 0) + 1);
  return counts;
}

/** User + system CPU seconds of a process (Linux /proc), or null elsewhere / once it has exited. */
export function processCpuSeconds(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(rest[11]) + Number(rest[12])) / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

/**
 * Keeps a shop's emulated bucket full (Plus: 20,000 points) so the app never waits on Shopify's
 * rate limit: what remains is Kanta's own time. The app's emulator reads the bucket from the
 * shared store on every request.
 */
export function liftRateLimit(store: EmulatorStore, domain: string, points = 20_000, everyMs = 20): { stop: () => void } {
  const top = () => store.setBucket(domain, points, Date.now());
  top();
  const timer = setInterval(top, everyMs);
  return { stop: () => clearInterval(timer) };
}

// ---------------------------------------------------------------------------------------------
// Shopify's leaky bucket, as Kanta's pacer meets it: before each request it waits until the
// bucket holds the request's *requested* cost; the request then takes its *actual* cost (Shopify
// charges the requested cost and refunds the difference with the response).

export type BucketPlan = { name: string; maximumAvailable: number; restoreRate: number };
export const STANDARD: BucketPlan = { name: "Standard", maximumAvailable: 2_000, restoreRate: 100 };
export const PLUS: BucketPlan = { name: "Plus", maximumAvailable: 20_000, restoreRate: 1_000 };

export type PageKind = { pages: number; requested: number; actual: number };

/**
 * Seconds a sequence of pages takes against a full bucket when each request itself takes
 * `serviceS` (Kanta's and the API's own time per page, no waiting).
 */
export function simulatePaging(kinds: PageKind[], plan: BucketPlan, serviceS: number): { seconds: number; waitS: number } {
  let available = plan.maximumAvailable;
  let t = 0;
  let waitS = 0;
  for (const k of kinds) {
    for (let i = 0; i < k.pages; i++) {
      const need = Math.min(k.requested, plan.maximumAvailable);
      if (available < need) {
        const w = (need - available) / plan.restoreRate;
        waitS += w;
        t += w;
        available = need;
      }
      available -= k.actual;
      t += serviceS;
      available = Math.min(plan.maximumAvailable, available + plan.restoreRate * serviceS);
    }
  }
  return { seconds: t, waitS };
}

// ---------------------------------------------------------------------------------------------
// Output

export function fmt(v: number | null | undefined, digits = 0): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "n/a";
  return v.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A table: the first column and those from `leftFrom` on are left-aligned, the others (numbers) right-aligned. */
export function table(header: string[], rows: string[][], leftFrom = header.length): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 || i >= leftFrom ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ").trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/**
 * Requests GET `url` one after another (a pause of `everyMs` between them) and records the
 * slowest answer: how long the app keeps HTTP (webhooks, the admin) waiting while it works.
 */
export function startPinger(url: string, everyMs = 500): { stop: () => Promise<{ maxMs: number; requests: number; failed: number }> } {
  let running = true;
  let maxMs = 0;
  let requests = 0;
  let failed = 0;
  const loop = (async () => {
    while (running) {
      const t = performance.now();
      try {
        const res = await fetch(url);
        await res.arrayBuffer();
        if (!res.ok) failed++;
      } catch {
        failed++;
      }
      maxMs = Math.max(maxMs, performance.now() - t);
      requests++;
      if (running) await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return { maxMs, requests, failed };
    },
  };
}
