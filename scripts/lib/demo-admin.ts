// The demo's Shopify Admin API: Kanta's local emulator (KANTA_ADMIN_EMULATOR=1), seeded from the
// same simulation as the replayed webhooks, so the install and the history import that run when the
// merchant first opens the embedded app read the very orders the webhooks described.
import fs from "node:fs";
import { EmulatorStore } from "../../app/emulator/store.server";
import { seedEmulator } from "../../test/support/emulator-seed";
import { DESKTOP_UA, embeddedAppUrl } from "../../test/support/session-token";
import type { CustomerRecord, OrderRecord, SimulatedStore } from "../../test/support/shopify-payloads";
import { fmt, sleep, type Ui } from "./demo-console";
import type { DemoDb, JobState } from "./demo-db";
import { DemoError } from "./demo-env";

/** The demo shop is a Shopify Plus shop: its Admin API bucket restores 1,000 points/s (100 on other plans). */
export const DEMO_PLAN = { planName: "Shopify Plus", shopifyPlus: true } as const;

export function removeEmulatorStore(file: string): void {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(file + suffix, { force: true });
}

const customerId = (gid: unknown) => String(gid).replace(/^gid:\/\/shopify\/Customer\//, "");

/**
 * The shop as Shopify's Admin API shows it at the end of the simulated year. The simulation keeps
 * every customer it ever made and the orders as placed; its webhooks also delete, erase (redact)
 * and merge a few customers, which Shopify reflects: deleted and merged-away customers are gone,
 * the orders of an erased or deleted customer have no customer (an erased one's have no email
 * either), and a merged-away customer's orders belong to the customer kept (keeping the email
 * they were placed with).
 */
export function shopifyEndState(simulated: Pick<SimulatedStore, "shop" | "customers" | "orders" | "deliveries">) {
  const deleted = new Set<string>();
  const erased = new Set<string>();
  const mergedInto = new Map<string, string>();
  for (const d of simulated.deliveries) {
    if (d.topic !== "customers/delete" && d.topic !== "customers/redact" && d.topic !== "customers/merge") continue;
    // resourceId is the customer's id as a string (the bodies carry 64-bit ids as JSON numbers).
    if (d.topic === "customers/delete") deleted.add(d.resourceId!);
    else if (d.topic === "customers/redact") erased.add(d.resourceId!);
    else {
      const body = JSON.parse(d.body) as { status?: string; admin_graphql_api_customer_kept_id?: string; admin_graphql_api_customer_deleted_id?: string };
      if (body.status === "completed") mergedInto.set(customerId(body.admin_graphql_api_customer_deleted_id), customerId(body.admin_graphql_api_customer_kept_id));
    }
  }
  const byId = new Map(simulated.customers.map((c) => [c.id, c]));
  const kept = (id: string): CustomerRecord | null => {
    let to = id;
    for (let hops = 0; mergedInto.has(to) && hops < 10; hops++) to = mergedInto.get(to)!;
    return deleted.has(to) || erased.has(to) ? null : byId.get(to) ?? null;
  };
  const customers = simulated.customers.filter((c) => !deleted.has(c.id) && !erased.has(c.id) && !mergedInto.has(c.id));
  const orders = simulated.orders.map((o): OrderRecord => {
    const id = o.customer?.id;
    if (!id || !(deleted.has(id) || erased.has(id) || mergedInto.has(id))) return o;
    const owner = kept(id);
    return { ...o, customer: owner, email: erased.has(id) ? null : o.email };
  });
  return {
    shop: simulated.shop, customers, orders,
    changes: {
      leftOut: simulated.customers.length - customers.length, deleted: deleted.size, erased: erased.size, merged: mergedInto.size,
      ordersReassigned: orders.filter((o, i) => o !== simulated.orders[i]).length,
    },
  };
}

/** Opens (creating if needed) the emulator's store and writes the simulated shop, customers and final orders into it. */
export function seedAdminEmulator(file: string, simulated: Pick<SimulatedStore, "shop" | "customers" | "orders" | "deliveries">) {
  const store = new EmulatorStore(file);
  try {
    const endState = shopifyEndState(simulated);
    const seeded = seedEmulator(store, endState, DEMO_PLAN);
    return { store, ...seeded, changes: endState.changes };
  } catch (error) {
    store.close();
    throw error;
  }
}

/**
 * Opens the embedded app as Shopify's admin does for the merchant (a fresh session token, a
 * desktop browser). The first open exchanges the token for an offline session and installs.
 */
export async function openAppAsMerchant(baseUrl: string, shop: string, apiKey: string, secret: string): Promise<void> {
  const res = await fetch(embeddedAppUrl(baseUrl, shop, apiKey, secret), { headers: { "User-Agent": DESKTOP_UA } });
  const body = await res.text();
  if (res.status !== 200) {
    throw new DemoError(`opening the embedded app (GET /app) answered HTTP ${res.status}: ${body.replace(/\s+/g, " ").slice(0, 300)}`);
  }
}

export type ImportOutcome = { backfill: JobState | null; install: JobState | null; pending: number; settled: boolean };

const counts = (p: Record<string, unknown>) => ({
  customers: Number(p.customers ?? 0),
  orders: Number(p.orders ?? 0),
  phase: typeof p.phase === "string" ? p.phase : "customers",
});

function describe(install: JobState | null, backfill: JobState | null, pending: number): string {
  const parts: string[] = [];
  if (!backfill) parts.push(`installing (${install?.status ?? "waiting for the install job"})`);
  else {
    const c = counts(backfill.progress);
    const phase = backfill.status === "done" ? "done" : c.phase === "customers" ? "reading customers" : "reading orders";
    parts.push(`history import ${phase}: ${fmt(c.customers)} customers, ${fmt(c.orders)} orders`);
  }
  const failing = backfill?.lastError ?? install?.lastError;
  if (failing) parts.push(`retrying after: ${failing.slice(0, 120)}`);
  parts.push(`${fmt(pending)} inbox events to process`);
  return parts.join("; ");
}

/**
 * Follows the install and history import on one status line (a line per phase change when not a
 * TTY) until the backfill job is done and the inbox drained. Gives up after `stallMs` without any
 * change, or at once when a job failed for good.
 */
export async function waitForHistoryImport(ui: Ui, db: DemoDb, shop: string, signal: AbortSignal, stallMs = 60_000): Promise<ImportOutcome> {
  let last = "";
  let lastPhase = "";
  let lastChange = Date.now();
  for (;;) {
    const install = db.job(shop, "install");
    const backfill = db.job(shop, "backfill");
    const pending = db.unfinished();
    const settled = backfill?.status === "done" && pending === 0;
    const failed = [install, backfill].find((j) => j?.status === "failed");
    if (failed) throw new DemoError(`a ${failed === install ? "install" : "history import"} job failed: ${failed.lastError ?? "no error recorded"}`);
    const text = describe(install, backfill, pending);
    if (text !== last) {
      lastChange = Date.now();
      last = text;
      if (ui.tty) ui.status(text);
      else {
        const phase = backfill ? (backfill.status === "done" ? "done" : counts(backfill.progress).phase) : "install";
        if (phase !== lastPhase) ui.log(`  ${text}`);
        lastPhase = phase;
      }
    }
    if (settled || signal.aborted || Date.now() - lastChange > stallMs) return { backfill, install, pending, settled };
    await sleep(200);
  }
}

export type MetafieldFacts = { definitions: number; points: number; program: boolean; pending: number; requests: number };

export function metafieldFacts(store: EmulatorStore, db: DemoDb, shop: string): MetafieldFacts {
  const metafields = store.metafields(shop);
  return {
    definitions: store.metafieldDefinitions(shop).length,
    points: metafields.filter((m) => m.namespace === "kanta" && m.key === "points").length,
    program: metafields.some((m) => m.namespace === "kanta" && m.key === "program"),
    pending: db.pendingMetafieldWrites(shop),
    requests: store.requestLog(shop).length,
  };
}

/**
 * Waits (up to `timeoutMs`) for the metafield sync, which runs every 5 s, to write every pending
 * kanta.points metafield, showing how many are written.
 */
export async function waitForPointsMetafields(
  ui: Ui, store: EmulatorStore, db: DemoDb, shop: string, signal: AbortSignal, timeoutMs = 15_000,
): Promise<MetafieldFacts & { waitedMs: number }> {
  const started = Date.now();
  for (;;) {
    const facts = metafieldFacts(store, db, shop);
    const waitedMs = Date.now() - started;
    if (facts.pending === 0 || waitedMs >= timeoutMs || signal.aborted) return { ...facts, waitedMs };
    ui.status(`syncing kanta.points metafields: ${fmt(facts.points)} written, ${fmt(facts.pending)} waiting (${(waitedMs / 1000).toFixed(0)} s)`);
    await sleep(250);
  }
}
