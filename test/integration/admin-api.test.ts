// Talking to Shopify, against the local Admin API emulator (validated against Shopify's real
// schema): install through the embedded app's first open, history import, crash mid-import,
// reconciliation, metafield sync, THROTTLED retries and userErrors.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { EmulatorStore } from "../../app/emulator/store.server";
import type { SqlDatabase } from "../../app/storage/sql.server";
import {
  TEST_API_KEY, TEST_SECRET, createTestDatabase, openTestSql, startApp, waitFor, waitForInboxDrained,
  type Provider, type RunningApp, type TestDatabase,
} from "../support/app-server";
import { deliver } from "../support/deliver";
import { emulatedCustomer, emulatedOrder, emulatedShop } from "../support/emulator-seed";
import { buildOrdersPaid, createCustomer, createOrder, createRng, makeShop, type CustomerRecord, type OrderRecord } from "../support/shopify-payloads";
import { DESKTOP_UA, embeddedAppUrl, sessionToken } from "../support/session-token";
import { ensureAdminSchema } from "../../scripts/admin-schema.mjs";

const templates = () => ({ sqliteTemplate: inject("sqliteTemplate"), pgAdminUrl: inject("pgAdminUrl"), pgTemplate: inject("pgTemplate") });

/** A shop with `count` paid orders over the last ~300 days; each order is one line of k.37 units. */
function history(seed: string, domain: string, count: number, customers: number) {
  const rng = createRng(seed);
  const shop = makeShop({ domain, id: String(60_000_000_000 + count) });
  const people: CustomerRecord[] = Array.from({ length: customers }, () => createCustomer(rng, {}));
  const now = Date.now();
  const orders: OrderRecord[] = Array.from({ length: count }, (_, i) => {
    const units = 5 + (i % 50);
    const at = new Date(now - (300 - (i * 300) / count) * 86_400_000);
    return createOrder(rng, {
      shop, customer: people[i % customers], currency: "USD", taxRate: 0, financialStatus: "paid", processedAt: at, createdAt: at,
      lines: [{ title: `Item ${i}`, unitPriceMinor: units * 100 + 37, quantity: 1 }],
    });
  });
  return { shop, people, orders, netMinor: orders.map((_, i) => (5 + (i % 50)) * 100 + 37) };
}

describe.each<Provider>(["sqlite", "postgresql"])("Admin API: install, history import, reconciliation (%s, emulated Shopify)", (provider) => {
  let db: TestDatabase | undefined;
  let app: RunningApp | undefined;
  let sql: SqlDatabase | undefined;
  let store: EmulatorStore | undefined;
  let storeFile = "";

  beforeAll(() => {
    ensureAdminSchema();
  });

  async function boot(extra: Record<string, string> = {}) {
    app = await startApp(db!, {
      KANTA_ADMIN_EMULATOR: "1", KANTA_ADMIN_EMULATOR_DB: storeFile, METAFIELD_SYNC_INTERVAL_MS: "300", ...extra,
    });
    return app;
  }

  /** `plus`: a Shopify Plus shop, whose Admin API bucket restores 1,000 points/s instead of 100. */
  async function setup(seed: string, domain: string, count: number, customers: number, plan: "standard" | "plus" = "standard") {
    db = await createTestDatabase(provider, templates());
    sql = openTestSql(db);
    storeFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kanta-emu-")), "emulator.sqlite");
    store = new EmulatorStore(storeFile);
    const h = history(seed, domain, count, customers);
    store.upsertShop(
      emulatedShop(h.shop, { accessToken: "shpat_emulated_offline", ...(plan === "plus" ? { planName: "Shopify Plus", shopifyPlus: true } : {}) }),
    );
    store.upsertCustomers(domain, h.people.map(emulatedCustomer));
    store.upsertOrders(domain, h.orders.map(emulatedOrder));
    return h;
  }

  /** Opens the embedded app the way Shopify's admin does: token exchange, then install. */
  async function openApp(domain: string) {
    const res = await fetch(embeddedAppUrl(app!.url, domain, TEST_API_KEY, TEST_SECRET), { headers: { "User-Agent": DESKTOP_UA } });
    expect(res.status).toBe(200);
  }

  async function job(domain: string, kind: string) {
    return await sql!.get<{ status: string; progress_json: string; last_error: string | null; attempts: number }>(
      `SELECT status, progress_json, last_error, attempts FROM job WHERE shop = ? AND kind = ? ORDER BY id DESC LIMIT 1`,
      [domain, kind],
    );
  }

  const count = async (q: string, p: unknown[]) => Number((await sql!.get<{ n: number }>(q, p))?.n ?? 0);

  afterEach(async () => {
    await app?.crash();
    app = undefined;
    store?.close();
    await sql?.close();
    await db?.drop();
  });

  it("first open installs: shop facts, metafield definitions, program summary; the import lands exactly, tiers-only, and a second run changes nothing", async () => {
    const domain = "history-import.myshopify.com";
    // The full 10,000-order import runs on SQLite; PostgreSQL runs the same path at 1,000 orders.
    const orders = provider === "sqlite" ? 10_000 : 1_000;
    const h = await setup("history-import", domain, orders, 800, "plus");
    await boot();
    await openApp(domain);
    await waitFor(async () => (await job(domain, "backfill"))?.status === "done", "history import", 400_000);
    await waitForInboxDrained(sql!, 120_000);

    const shop = await sql!.get(`SELECT name, currency, timezone, contact_email, plan_name, primary_domain, shop_gid, status FROM shop WHERE domain = ?`, [domain]);
    const seeded = store!.shop(domain)!;
    expect(shop).toEqual({
      name: seeded.name, currency: "USD", timezone: seeded.ianaTimezone, contact_email: seeded.contactEmail,
      plan_name: seeded.plan.publicDisplayName, primary_domain: seeded.primaryDomain.host, shop_gid: seeded.id, status: "active",
    });
    expect(store!.metafieldDefinitions(domain).map((d) => `${d.ownerType} ${d.namespace}.${d.key} ${d.type} ${(d.input.access as { storefront?: string } | undefined)?.storefront}`).sort()).toEqual([
      "CUSTOMER kanta.points number_integer PUBLIC_READ",
      "CUSTOMER kanta.tier single_line_text_field PUBLIC_READ",
      "SHOP kanta.program json PUBLIC_READ",
    ]);
    const program = store!.metafield(domain, seeded.id, "kanta", "program");
    expect(JSON.parse(program!.value)).toEqual({
      version: 2,
      currency: "USD",
      earn: { points: 1, perAmount: "1", currency: "USD" },
      description: "Earn 1 point for every 1 USD you spend.",
      rewards: [
        { id: expect.any(String), name: "5 USD off your order", kind: "amount_off", pointsCost: 500 },
        { id: expect.any(String), name: "10 USD off your order", kind: "amount_off", pointsCost: 1000 },
        { id: expect.any(String), name: "Free shipping", kind: "free_shipping", pointsCost: 300 },
      ],
      tierBasis: "spend",
      tiers: [
        { id: expect.any(String), name: "Bronze", threshold: "0.00", thresholdValue: 0, multiplierBps: 10000, freeShipping: false },
        { id: expect.any(String), name: "Silver", threshold: "500.00", thresholdValue: 50000, multiplierBps: 12500, freeShipping: false },
        { id: expect.any(String), name: "Gold", threshold: "1500.00", thresholdValue: 150000, multiplierBps: 15000, freeShipping: false },
      ],
      actions: [{ kind: "welcome", name: "Welcome bonus", points: 100 }],
    });

    expect(JSON.parse((await job(domain, "backfill"))!.progress_json)).toMatchObject({ orders, customers: 800, phase: "done" });
    expect(await count(`SELECT COUNT(*) AS n FROM order_record WHERE shop = ? AND historic = ? AND paid = ?`, [domain, true, true])).toBe(orders);
    const net = await sql!.get<{ s: number }>(`SELECT SUM(net_eligible_minor) AS s FROM order_record WHERE shop = ?`, [domain]);
    expect(Number(net?.s)).toBe(h.netMinor.reduce((a, b) => a + b, 0));
    expect(await count(`SELECT COUNT(*) AS n FROM member WHERE shop = ?`, [domain])).toBe(800);
    expect(await count(`SELECT COUNT(*) AS n FROM ledger_entry WHERE shop = ?`, [domain])).toBe(0);

    // Running the import again changes nothing.
    const before = await count(`SELECT COUNT(*) AS n FROM webhook_event WHERE shop = ?`, [domain]);
    await sql!.run(`UPDATE job SET status = 'queued', cursor_json = '{}', progress_json = '{}', run_after = ? WHERE shop = ? AND kind = 'backfill'`, [new Date().toISOString(), domain]);
    await waitFor(async () => (await job(domain, "backfill"))?.status === "done", "second history import", 400_000);
    await waitForInboxDrained(sql!);
    expect(JSON.parse((await job(domain, "backfill"))!.progress_json)).toMatchObject({ orders: 0, customers: 0 });
    expect(await count(`SELECT COUNT(*) AS n FROM webhook_event WHERE shop = ?`, [domain])).toBe(before);
    expect(await count(`SELECT COUNT(*) AS n FROM ledger_entry WHERE shop = ?`, [domain])).toBe(0);
  }, 900_000);

  it("the merchant's choice for historic orders, made in the admin, re-posts them exactly (and back)", async () => {
    const domain = "history-award.myshopify.com";
    const h = await setup("history-award", domain, 300, 30, "plus");
    await boot();
    await openApp(domain);
    await waitFor(async () => (await job(domain, "backfill"))?.status === "done", "history import", 60_000);
    await waitForInboxDrained(sql!);
    expect(await count(`SELECT COUNT(*) AS n FROM ledger_entry WHERE shop = ?`, [domain])).toBe(0);

    const choose = async (award: "yes" | "no") => {
      const res = await fetch(`${app!.url}/app?index&_data=routes%2Fapp._index`, {
        method: "POST",
        headers: {
          "User-Agent": DESKTOP_UA,
          Authorization: `Bearer ${sessionToken(domain, TEST_API_KEY, TEST_SECRET)}`,
          "Content-Type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams({ intent: "historic-points", award }),
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ saved: true });
      await waitFor(async () => (await job(domain, "repost_historic"))?.status === "done", "re-posting historic orders", 60_000);
    };
    const expected = h.netMinor.reduce((a, m) => a + Math.floor(m / 100), 0);
    await choose("yes");
    const points = await sql!.get<{ s: number }>(`SELECT SUM(points) AS s FROM ledger_entry WHERE shop = ?`, [domain]);
    expect(Number(points?.s)).toBe(expected);
    expect(JSON.parse((await job(domain, "repost_historic"))!.progress_json)).toEqual({ orders: 300, posted: 300 });
    const balances = await sql!.get<{ s: number }>(`SELECT SUM(balance) AS s FROM member WHERE shop = ?`, [domain]);
    expect(Number(balances?.s)).toBe(expected);
    await choose("no");
    const after = await sql!.get<{ s: number; n: number }>(`SELECT SUM(points) AS s, COUNT(*) AS n FROM ledger_entry WHERE shop = ?`, [domain]);
    expect({ sum: Number(after?.s), entries: Number(after?.n) }).toEqual({ sum: 0, entries: 600 });
    // A bad form gets a clear error and changes nothing.
    const bad = await fetch(`${app!.url}/app?index&_data=routes%2Fapp._index`, {
      method: "POST",
      headers: { "User-Agent": DESKTOP_UA, Authorization: `Bearer ${sessionToken(domain, TEST_API_KEY, TEST_SECRET)}`, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "historic-points", award: "maybe" }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: "Unknown or incomplete action" });
  });

  it("a crash in the middle of the import resumes from its cursor and lands exactly", async () => {
    const domain = "history-crash.myshopify.com";
    const h = await setup("history-crash", domain, 2_000, 200, "plus");
    await boot({ WEBHOOK_LOCK_SECONDS: "2" });
    await openApp(domain);
    await waitFor(async () => {
      const j = await job(domain, "backfill");
      return j && (JSON.parse(j.progress_json).orders ?? 0) >= 500;
    }, "import under way", 120_000);
    await app!.crash();
    expect((await job(domain, "backfill"))?.status).not.toBe("done");
    await boot({ WEBHOOK_LOCK_SECONDS: "2" });
    // The claim of the killed process expires (lock 120 s by default): move it along.
    await sql!.run(`UPDATE job SET locked_until = ? WHERE shop = ? AND status = 'running'`, [new Date(0).toISOString(), domain]);
    await waitFor(async () => (await job(domain, "backfill"))?.status === "done", "resumed import", 300_000);
    await waitForInboxDrained(sql!, 60_000);
    expect(await count(`SELECT COUNT(*) AS n FROM order_record WHERE shop = ?`, [domain])).toBe(2_000);
    const net = await sql!.get<{ s: number }>(`SELECT SUM(net_eligible_minor) AS s FROM order_record WHERE shop = ?`, [domain]);
    expect(Number(net?.s)).toBe(h.netMinor.reduce((a, b) => a + b, 0));
    expect(JSON.parse((await job(domain, "backfill"))!.progress_json).orders).toBe(2_000);
  }, 600_000);

  it("reconciliation repairs an order whose webhooks never arrived and leaves a correct one untouched; metafields follow", async () => {
    const domain = "reconcile.myshopify.com";
    await setup("reconcile", domain, 0, 0);
    await boot();
    await openApp(domain);
    await waitFor(async () => (await job(domain, "backfill"))?.status === "done", "empty import", 60_000);
    // This test counts the entries of orders alone: the welcome bonus (on by default) is switched off.
    await sql!.run(`UPDATE earning_action SET enabled = ? WHERE shop = ? AND kind = 'welcome'`, [false, domain]);

    const rng = createRng("reconcile-orders");
    const shopInfo = makeShop({ domain, id: "60000000000" });
    const alice = createCustomer(rng, {});
    const bob = createCustomer(rng, {});
    store!.upsertCustomers(domain, [alice, bob].map(emulatedCustomer));
    const recent = new Date(Date.now() - 60_000);
    const lost = createOrder(rng, { shop: shopInfo, customer: alice, currency: "USD", taxRate: 0, financialStatus: "paid", processedAt: recent, createdAt: recent, lines: [{ title: "Lost", unitPriceMinor: 4200, quantity: 1 }] });
    const seen = createOrder(rng, { shop: shopInfo, customer: bob, currency: "USD", taxRate: 0, financialStatus: "paid", processedAt: recent, createdAt: recent, lines: [{ title: "Seen", unitPriceMinor: 1700, quantity: 2 }] });
    store!.upsertOrders(domain, [lost, seen].map(emulatedOrder));
    await deliver(app!.url, domain, buildOrdersPaid(seen));
    // A customer Shopify no longer has (deleted before its webhook arrived): its metafield write is
    // skipped, and the others are still written.
    const ghost = createCustomer(rng, {});
    const ghostOrder = createOrder(rng, { shop: shopInfo, customer: ghost, currency: "USD", taxRate: 0, financialStatus: "paid", processedAt: recent, createdAt: recent, lines: [{ title: "Ghost", unitPriceMinor: 900, quantity: 1 }] });
    await deliver(app!.url, domain, buildOrdersPaid(ghostOrder));
    await waitForInboxDrained(sql!);
    expect(await count(`SELECT COUNT(*) AS n FROM ledger_entry WHERE shop = ?`, [domain])).toBe(2);

    await sql!.run(`UPDATE job SET run_after = ? WHERE shop = ? AND kind = 'reconcile' AND status = 'queued'`, [new Date().toISOString(), domain]);
    await waitFor(async () => await sql!.get(`SELECT id FROM reconciliation_report WHERE shop = ?`, [domain]), "reconciliation report", 60_000);
    await waitForInboxDrained(sql!);
    const report = await sql!.get<{ orders_checked: number; orders_repaired: number; repaired_json: string }>(
      `SELECT orders_checked, orders_repaired, repaired_json FROM reconciliation_report WHERE shop = ?`,
      [domain],
    );
    expect({ checked: Number(report?.orders_checked), repaired: Number(report?.orders_repaired), orders: JSON.parse(report!.repaired_json) }).toEqual({
      checked: 2, repaired: 1, orders: [`gid://shopify/Order/${lost.id}`],
    });
    const entries = await sql!.all<{ order_gid: string; points: number; source: string }>(
      `SELECT order_gid, points, source FROM ledger_entry WHERE shop = ? ORDER BY id`,
      [domain],
    );
    expect(entries.map((e) => [e.order_gid, Number(e.points), e.source])).toEqual([
      [`gid://shopify/Order/${seen.id}`, 34, "order"],
      [`gid://shopify/Order/${ghostOrder.id}`, 9, "order"],
      [`gid://shopify/Order/${lost.id}`, 42, "order"],
    ]);
    // The next pass is scheduled one period later.
    // (The report is written by the pass's last step; the job is put back in the queue right after.)
    const next = await waitFor(
      async () => await sql!.get<{ run_after: string }>(`SELECT run_after FROM job WHERE shop = ? AND kind = 'reconcile' AND status = 'queued'`, [domain]),
      "next reconciliation queued", 30_000,
    );
    expect(Date.parse(String(next.run_after)) - Date.now()).toBeGreaterThan(55 * 60_000);

    // The storefront metafields follow the ledger (debounced, 25 owners per call).
    await waitFor(async () => store!.metafields(domain).filter((m) => m.key === "points").length === 2, "points metafields", 30_000);
    await waitFor(async () => (await count(`SELECT COUNT(*) AS n FROM metafield_sync WHERE shop = ?`, [domain])) === 0, "metafield sync to settle", 30_000);
    const points = Object.fromEntries(store!.metafields(domain).filter((m) => m.key === "points").map((m) => [m.ownerId, m.value]));
    expect(points).toEqual({ [`gid://shopify/Customer/${alice.id}`]: "42", [`gid://shopify/Customer/${bob.id}`]: "34" });
  });

  it("THROTTLED answers are retried; userErrors surface as errors and are retried, not ignored", async () => {
    const domain = "faults.myshopify.com";
    await setup("faults", domain, 600, 60);
    store!.injectFault(domain, "KantaOrdersPage", { kind: "throttled", times: 2 });
    store!.injectFault(domain, "KantaMetafieldDefinitionCreate", {
      kind: "userErrors", times: 1, userErrors: [{ field: ["definition", "key"], message: "Key is reserved", code: "INVALID" }],
    });
    await boot();
    await openApp(domain);
    await waitFor(async () => (await job(domain, "install"))?.last_error, "install error", 30_000);
    expect((await job(domain, "install"))?.last_error).toBe("metafieldDefinitionCreate CUSTOMER kanta.points: definition.key: Key is reserved (INVALID)");
    // 600 orders at 90 points a page take the 100 points/s bucket about 50 s to serve.
    await waitFor(async () => (await job(domain, "backfill"))?.status === "done", "import after retries", 90_000);
    await waitForInboxDrained(sql!);
    expect(await count(`SELECT COUNT(*) AS n FROM order_record WHERE shop = ?`, [domain])).toBe(600);
    const log = store!.requestLog(domain);
    // 600 orders, 8 a page: 75 pages + the 2 injected THROTTLED answers. The metafield sync shares
    // the shop's bucket, so the bucket itself may throttle a page or two more: each is retried.
    const pages = log.filter((op) => op === "KantaOrdersPage").length;
    expect(pages).toBeGreaterThanOrEqual(75 + 2);
    expect(pages).toBeLessThanOrEqual(75 + 2 + 3);
    expect((await job(domain, "install"))?.status).toBe("done");
  });
});
