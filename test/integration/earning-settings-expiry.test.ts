// Earning settings with product exclusions, points expiry with reminder events, and manual
// adjustments — over real HTTP against the production build, on SQLite and PostgreSQL, with the
// Admin API answered by the local emulator. Settings, expiry runs and adjustments go through
// their service functions against the test database (the admin pages call the same functions).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { AdminEmulator } from "../../app/emulator/admin-emulator.server";
import { EmulatorStore } from "../../app/emulator/store.server";
import { addMonths } from "../../app/loyalty/expiry";
import { resetAdminPacer, type AdminGraphql } from "../../app/shopify/admin-client.server";
import { adjustPoints, listAdjustments } from "../../app/storage/adjustments.server";
import { runExpiry } from "../../app/storage/expiry.server";
import { balanceMismatches } from "../../app/storage/ledger.server";
import { loadProgramSettings, saveEarningSettings, saveExpirySettings } from "../../app/storage/program-settings.server";
import type { SqlDatabase } from "../../app/storage/sql.server";
import { ensureAdminSchema } from "../../scripts/admin-schema.mjs";
import {
  TEST_API_KEY, TEST_SECRET, createTestDatabase, openTestSql, startApp, waitFor, waitForInboxDrained,
  type Provider, type RunningApp, type TestDatabase,
} from "../support/app-server";
import { deliver } from "../support/deliver";
import { emulatedShop } from "../support/emulator-seed";
import { DESKTOP_UA, embeddedAppUrl } from "../support/session-token";
import {
  applyRefund, buildCustomersDelete, buildCustomersMerge, buildOrdersPaid, buildOrdersUpdated, buildRefundsCreate, createCustomer, createOrder,
  createRefund, createRng, makeShop, type CustomerRecord, type LineInput, type OrderRecord, type ShopInfo,
} from "../support/shopify-payloads";

const templates = () => ({ sqliteTemplate: inject("sqliteTemplate"), pgAdminUrl: inject("pgAdminUrl"), pgTemplate: inject("pgTemplate") });

const DAY = 86_400_000;
const SHIRT = "710000000001"; // tagged "No points"
const SOCKS = "710000000002"; // in the Clearance collection
const MUG = "710000000003"; // tagged "Mugs"
const CLEARANCE = "gid://shopify/Collection/720000000001";
const product = (id: string) => `gid://shopify/Product/${id}`;

describe.each<Provider>(["sqlite", "postgresql"])("earning settings, exclusions, expiry and adjustments (%s)", (provider) => {
  let db: TestDatabase;
  let app: RunningApp;
  let sql: SqlDatabase;
  let store: EmulatorStore;
  let admin: AdminGraphql;
  const rng = createRng(`earning-expiry-${provider}`);
  const shop = makeShop({ domain: `exclusions-${provider}.myshopify.com`, id: String(82_000_000_000) });
  const domain = shop.domain;
  const NOW = new Date(Math.floor(Date.now() / 1000) * 1000);

  beforeAll(async () => {
    ensureAdminSchema();
    db = await createTestDatabase(provider, templates());
    sql = openTestSql(db);
    const storeFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kanta-emu-")), "emulator.sqlite");
    store = new EmulatorStore(storeFile);
    store.upsertShop(emulatedShop(shop, { accessToken: "shpat_emulated_offline" }));
    store.upsertCollections(domain, [{ id: CLEARANCE, title: "Clearance" }]);
    store.upsertProducts(domain, [
      { id: product(SHIRT), title: "Shirt", tags: ["No points", "Apparel"] },
      { id: product(SOCKS), title: "Socks", tags: ["Apparel"], collections: [CLEARANCE] },
      { id: product(MUG), title: "Mug", tags: ["Mugs"] },
    ]);
    // The test's own Admin API caller (the admin pages pass the merchant's): the same emulated store.
    const emulator = new AdminEmulator({ schemaPath: ensureAdminSchema(), store: new EmulatorStore(storeFile) });
    admin = async (query, options) => {
      const res = await emulator.handle(domain, { query, variables: options?.variables });
      return new Response(JSON.stringify(res.body), { status: res.status, headers: res.headers });
    };
    resetAdminPacer();
    app = await startApp(db, { KANTA_ADMIN_EMULATOR: "1", KANTA_ADMIN_EMULATOR_DB: storeFile, METAFIELD_SYNC_INTERVAL_MS: "60000" });
    const res = await fetch(embeddedAppUrl(app.url, domain, TEST_API_KEY, TEST_SECRET), { headers: { "User-Agent": DESKTOP_UA } });
    expect(res.status).toBe(200);
    await waitFor(async () => (await sql.get(`SELECT 1 AS x FROM shop WHERE domain = ? AND facts_synced_at IS NOT NULL`, [domain])) ?? false, "install");
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    store?.close();
    await sql?.close();
    await db?.drop();
  });

  const gidOf = (c: CustomerRecord) => `gid://shopify/Customer/${c.id}`;
  const balance = async (shopDomain: string, c: CustomerRecord) =>
    Number((await sql.get<{ balance: number }>(`SELECT balance FROM member WHERE shop = ? AND customer_gid = ?`, [shopDomain, gidOf(c)]))?.balance);
  const entries = async (shopDomain: string, c: CustomerRecord) =>
    (await sql.all<{ points: number; source: string }>(`SELECT points, source FROM ledger_entry WHERE shop = ? AND customer_gid = ? ORDER BY id`, [shopDomain, gidOf(c)]))
      .map((e) => [Number(e.points), e.source]);
  /** Only the entries of orders (the shop's earning actions may add others, e.g. a welcome bonus). */
  const orderEntries = async (shopDomain: string, c: CustomerRecord) =>
    (await sql.all<{ points: number; source: string }>(
      `SELECT points, source FROM ledger_entry WHERE shop = ? AND customer_gid = ? AND order_gid IS NOT NULL ORDER BY id`, [shopDomain, gidOf(c)],
    )).map((e) => [Number(e.points), e.source]);
  const excludedProducts = async () =>
    (await sql.all<{ product_gid: string }>(`SELECT product_gid FROM excluded_product WHERE shop = ? ORDER BY product_gid`, [domain])).map((r) => r.product_gid);

  async function paidOrder(s: ShopInfo, customer: CustomerRecord, lines: LineInput[], createdAt = NOW): Promise<OrderRecord> {
    const order = createOrder(rng, { shop: s, customer, currency: "USD", taxRate: 0, financialStatus: "paid", lines, createdAt });
    expect((await deliver(app.url, s.domain, buildOrdersPaid(order))).status).toBe(200);
    await waitForInboxDrained(sql);
    return order;
  }

  /** Moves the ledger entries of an order (or, with none given, all of a member's entries) to `at`. */
  async function backdate(shopDomain: string, c: CustomerRecord, at: Date, orderId?: string) {
    if (orderId) {
      await sql.run(`UPDATE ledger_entry SET created_at = ? WHERE shop = ? AND order_gid = ?`, [at.toISOString(), shopDomain, `gid://shopify/Order/${orderId}`]);
    } else {
      await sql.run(`UPDATE ledger_entry SET created_at = ? WHERE shop = ? AND customer_gid = ?`, [at.toISOString(), shopDomain, gidOf(c)]);
    }
  }

  const lines = (): LineInput[] => [
    { title: "Shirt", unitPriceMinor: 3000, productId: SHIRT },
    { title: "Socks", unitPriceMinor: 1299, productId: SOCKS },
    { title: "Mug", unitPriceMinor: 1850, quantity: 2, productId: MUG },
  ];

  describe("earning settings and excluded products", () => {
    const buyer = createCustomer(rng, {});
    let first: OrderRecord;

    it("saving checks every field and the collections against the store; bad input changes nothing", async () => {
      expect(await saveEarningSettings(sql, domain, { points: "0", perMajorUnits: "x", excludedTags: Array.from({ length: 51 }, (_, i) => `t${i}`) }, NOW, { admin })).toEqual({
        ok: false,
        errors: { points: "Points must be at least 1", perMajorUnits: "Amount spent must be a whole number", excludedTags: "Enter at most 50 tags" },
      });
      expect(await saveEarningSettings(sql, domain, { excludedCollections: `${CLEARANCE}, gid://shopify/Collection/999` }, NOW, { admin })).toEqual({
        ok: false,
        errors: { excludedCollections: "No collection with this id in your store: gid://shopify/Collection/999" },
      });
      expect(await loadProgramSettings(sql, domain)).toEqual({
        earning: { points: 1, perMajorUnits: 1, earnOnTestOrders: false, excludedTags: [], excludedCollections: [], exclusionsSyncedAt: null, excludedProducts: 0 },
        expiry: { mode: "off", months: 12, reminderDays: 14 },
      });
      expect(await sql.get(`SELECT id FROM job WHERE shop = ? AND kind = 'exclusions_sync'`, [domain])).toBeUndefined();
    });

    it("saving exclusions runs the sync: the tagged products and the collection's products are excluded", async () => {
      expect(await saveEarningSettings(sql, domain, { excludedTags: " No points ", excludedCollections: CLEARANCE }, NOW, { admin })).toEqual({ ok: true });
      await waitFor(async () => (await excludedProducts()).length === 2, "exclusions sync");
      expect(await excludedProducts()).toEqual([product(SHIRT), product(SOCKS)]);
      const settings = await loadProgramSettings(sql, domain);
      expect(settings.earning).toEqual({
        points: 1, perMajorUnits: 1, earnOnTestOrders: false, excludedTags: ["No points"], excludedCollections: [CLEARANCE],
        exclusionsSyncedAt: expect.any(String), excludedProducts: 2,
      });
      // The next run is tomorrow's.
      const next = await sql.get<{ run_after: string }>(`SELECT run_after FROM job WHERE shop = ? AND kind = 'exclusions_sync' AND status = 'queued'`, [domain]);
      expect(Date.parse(String(next!.run_after)) - Date.now()).toBeGreaterThan(DAY - 120_000);
      expect(store.requestLog(domain).filter((op) => op === "KantaProductsByTag" || op === "KantaCollectionProducts")).toEqual([
        "KantaProductsByTag", "KantaCollectionProducts",
      ]);
    });

    it("an order with excluded lines earns only on the other lines", async () => {
      first = await paidOrder(shop, buyer, lines());
      // Shirt (tag) and socks (collection) are excluded: 2 × 18.50 = 37.00 → 37 points.
      expect(await orderEntries(domain, buyer)).toEqual([[37, "order"]]);
      const record = await sql.get<{ lines_json: string; net_eligible_minor: number }>(
        `SELECT lines_json, net_eligible_minor FROM order_record WHERE shop = ? AND order_gid = ?`, [domain, `gid://shopify/Order/${first.id}`],
      );
      expect(JSON.parse(record!.lines_json).map((l: { productGid: string; excluded?: boolean }) => [l.productGid, l.excluded ?? false])).toEqual([
        [product(SHIRT), true], [product(SOCKS), true], [product(MUG), false],
      ]);
      expect(Number(record!.net_eligible_minor)).toBe(3700);
    });

    it("changing the exclusions later never re-prices an order already recorded; new orders use the new ones", async () => {
      // Now only mugs are excluded.
      expect(await saveEarningSettings(sql, domain, { excludedTags: "Mugs", excludedCollections: "" }, NOW, { admin })).toEqual({ ok: true });
      await waitFor(async () => JSON.stringify(await excludedProducts()) === JSON.stringify([product(MUG)]), "exclusions re-sync");

      const updated = { ...first, updatedAt: new Date(first.updatedAt.getTime() + 3_600_000) };
      expect((await deliver(app.url, domain, buildOrdersUpdated(updated))).status).toBe(200);
      await waitForInboxDrained(sql);
      expect(await orderEntries(domain, buyer)).toEqual([[37, "order"]]);

      // A refund of one mug reverses exactly what that line earned, though mugs are excluded now:
      // 37.00 − 18.50 = 18.50 eligible → 18 points.
      const refund = createRefund(rng, updated, { lines: [{ lineItemId: updated.lines[2]!.id, quantity: 1, restockType: "return" }] });
      expect((await deliver(app.url, domain, buildRefundsCreate(applyRefund(updated, refund), refund))).status).toBe(200);
      await waitForInboxDrained(sql);
      expect(await orderEntries(domain, buyer)).toEqual([[37, "order"], [-19, "refund"]]);

      // A new order: shirt and socks earn (42.99 → 42), the mugs do not.
      await paidOrder(shop, buyer, lines());
      expect(await orderEntries(domain, buyer)).toEqual([[37, "order"], [-19, "refund"], [42, "order"]]);
      expect(Number((await sql.get<{ n: number }>(
        `SELECT SUM(points) AS n FROM ledger_entry WHERE shop = ? AND customer_gid = ? AND order_gid IS NOT NULL`, [domain, gidOf(buyer)],
      ))!.n)).toBe(60);
      expect(await balanceMismatches(sql, domain)).toEqual([]);
    });

    it("the earning rate and test orders are saved; no exclusions left clears the excluded products at once", async () => {
      expect(await saveEarningSettings(sql, domain, { points: "2", perMajorUnits: "5", earnOnTestOrders: true, excludedTags: [] }, NOW, { admin })).toEqual({ ok: true });
      expect(await excludedProducts()).toEqual([]);
      expect((await loadProgramSettings(sql, domain)).earning).toEqual({
        points: 2, perMajorUnits: 5, earnOnTestOrders: true, excludedTags: [], excludedCollections: [], exclusionsSyncedAt: NOW.toISOString(),
        excludedProducts: 0,
      });
      const other = createCustomer(rng, {});
      // 2 points per 5 USD: 2 × 18.50 + 30.00 + 12.99 = 79.99 → floor(79.99 × 2 / 5) = 31.
      await paidOrder(shop, other, lines());
      expect(await orderEntries(domain, other)).toEqual([[31, "order"]]);
    });
  });

  describe("expiry per award", () => {
    const s = makeShop({ domain: `expiry-award-${provider}.myshopify.com`, id: String(82_000_000_001) });
    const c1 = createCustomer(rng, {});
    const c2 = createCustomer(rng, {});
    const c3 = createCustomer(rng, {});
    let bDate: Date;

    it("validates the expiry settings", async () => {
      expect(await saveExpirySettings(sql, s.domain, { mode: "weekly", months: 0 }, NOW)).toEqual({
        ok: false,
        errors: { mode: "Choose how points expire: off, per_award, inactivity", months: "Months must be at least 1" },
      });
      expect(await runExpiry(sql, s.domain, NOW)).toEqual({ expired: { members: 0, points: 0 }, reminders: 0 });
      expect(await saveExpirySettings(sql, s.domain, { mode: "per_award", months: "12", reminderDays: "14" }, NOW)).toEqual({ ok: true });
      expect((await loadProgramSettings(sql, s.domain)).expiry).toEqual({ mode: "per_award", months: 12, reminderDays: 14 });
    });

    it("expires what is left of each award N months after it was earned, oldest first, and reminds before", async () => {
      // c1: 100 points 13 months ago, 50 points 12 months minus 7 days ago, 30 spent 6 months ago.
      const a = await paidOrder(s, c1, [{ title: "Coat", unitPriceMinor: 10000, productId: "1" }]);
      const b = await paidOrder(s, c1, [{ title: "Hat", unitPriceMinor: 5000, productId: "2" }]);
      expect(await adjustPoints(sql, s.domain, { customerGid: gidOf(c1), points: -30, reason: "Damaged voucher", staff: "staff:1", idempotencyKey: "c1-spend" }, NOW))
        .toMatchObject({ ok: true, balance: 120 });
      await backdate(s.domain, c1, addMonths(NOW, -13), a.id);
      bDate = new Date(addMonths(NOW, -12).getTime() + 7 * DAY);
      await backdate(s.domain, c1, bDate, b.id);
      await sql.run(`UPDATE ledger_entry SET created_at = ? WHERE shop = ? AND source = 'adjustment'`, [addMonths(NOW, -6).toISOString(), s.domain]);
      // c2: recent points only.
      await paidOrder(s, c2, [{ title: "Scarf", unitPriceMinor: 4000, productId: "3" }]);
      // c3: 60 points 14 months ago; 25 points two months ago, refunded a month ago: the refund
      // takes its own order's points, so the old 60 are what expires.
      const old = await paidOrder(s, c3, [{ title: "Boots", unitPriceMinor: 6000, productId: "4" }]);
      const recent = await paidOrder(s, c3, [{ title: "Gloves", unitPriceMinor: 2500, productId: "5" }]);
      const refund = createRefund(rng, recent, { lines: [{ lineItemId: recent.lines[0]!.id, quantity: 1, restockType: "return" }] });
      expect((await deliver(app.url, s.domain, buildRefundsCreate(applyRefund(recent, refund), refund))).status).toBe(200);
      await waitForInboxDrained(sql);
      await backdate(s.domain, c3, addMonths(NOW, -14), old.id);
      await sql.run(`UPDATE ledger_entry SET created_at = ? WHERE shop = ? AND order_gid = ? AND source = 'order'`, [addMonths(NOW, -2).toISOString(), s.domain, `gid://shopify/Order/${recent.id}`]);
      await sql.run(`UPDATE ledger_entry SET created_at = ? WHERE shop = ? AND order_gid = ? AND source = 'refund'`, [addMonths(NOW, -1).toISOString(), s.domain, `gid://shopify/Order/${recent.id}`]);
      expect(await entries(s.domain, c3)).toEqual([[60, "order"], [25, "order"], [-25, "refund"]]);

      expect(await runExpiry(sql, s.domain, NOW)).toEqual({ expired: { members: 2, points: 130 }, reminders: 1 });
      expect(await entries(s.domain, c1)).toEqual([[100, "order"], [50, "order"], [-30, "adjustment"], [-70, "expiry"]]);
      expect(await balance(s.domain, c1)).toBe(50);
      expect(await entries(s.domain, c3)).toEqual([[60, "order"], [25, "order"], [-25, "refund"], [-60, "expiry"]]);
      expect(await balance(s.domain, c3)).toBe(0);
      expect(await balance(s.domain, c2)).toBe(40);

      const cutoff = addMonths(NOW, -12).toISOString().slice(0, 10);
      const expiry = await sql.get<{ idempotency_key: string; caused_by: string; reason: string }>(
        `SELECT idempotency_key, caused_by, reason FROM ledger_entry WHERE shop = ? AND customer_gid = ? AND source = 'expiry'`, [s.domain, gidOf(c1)],
      );
      expect(expiry).toEqual({
        idempotency_key: `expiry:${gidOf(c1)}:${cutoff}`, caused_by: "kanta:expiry",
        reason: `70 points earned on or before ${cutoff} expired (12 months after they were earned)`,
      });
      const expiresAt = addMonths(bDate, 12).toISOString();
      const events = await sql.all<{ customer_gid: string; kind: string; dedupe_key: string; payload_json: string; due_at: string; handled_at: string | null }>(
        `SELECT customer_gid, kind, dedupe_key, payload_json, due_at, handled_at FROM program_event WHERE shop = ? ORDER BY id`, [s.domain],
      );
      expect(events.map((e) => ({ ...e, due_at: new Date(e.due_at).toISOString(), payload: JSON.parse(e.payload_json), payload_json: undefined }))).toEqual([{
        customer_gid: gidOf(c1), kind: "points_expiring", dedupe_key: `points_expiring:${gidOf(c1)}:${expiresAt.slice(0, 10)}`,
        payload: { points: 50, expiresAt }, payload_json: undefined, due_at: NOW.toISOString(), handled_at: null,
      }]);
      expect(await balanceMismatches(sql, s.domain)).toEqual([]);
    });

    it("running again the same day writes nothing", async () => {
      expect(await runExpiry(sql, s.domain, NOW)).toEqual({ expired: { members: 0, points: 0 }, reminders: 0 });
      expect(await runExpiry(sql, s.domain, new Date(NOW.getTime() + 3_600_000))).toEqual({ expired: { members: 0, points: 0 }, reminders: 0 });
      expect(Number((await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ledger_entry WHERE shop = ? AND source = 'expiry'`, [s.domain]))!.n)).toBe(2);
      expect(Number((await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM program_event WHERE shop = ?`, [s.domain]))!.n)).toBe(1);
      // Eight days later c1's remaining 50 expire too (a new cutoff date, a new key).
      expect(await runExpiry(sql, s.domain, new Date(NOW.getTime() + 8 * DAY))).toEqual({ expired: { members: 1, points: 50 }, reminders: 0 });
      expect(await balance(s.domain, c1)).toBe(0);
    });
  });

  describe("expiry after inactivity", () => {
    const s = makeShop({ domain: `expiry-idle-${provider}.myshopify.com`, id: String(82_000_000_002) });
    const idle = createCustomer(rng, {});
    const soon = createCustomer(rng, {});
    const ordered = createCustomer(rng, {});
    const adjusted = createCustomer(rng, {});

    it("the whole balance expires N months after the last activity (an entry other than expiry, or an order)", async () => {
      expect(await saveExpirySettings(sql, s.domain, { mode: "inactivity", months: 6, reminderDays: 10 }, NOW)).toEqual({ ok: true });
      const sevenMonths = addMonths(NOW, -7);
      await paidOrder(s, idle, [{ title: "Lamp", unitPriceMinor: 8000, productId: "11" }], sevenMonths);
      await backdate(s.domain, idle, sevenMonths);
      const soonAt = new Date(addMonths(NOW, -6).getTime() + 5 * DAY);
      await paidOrder(s, soon, [{ title: "Vase", unitPriceMinor: 4000, productId: "12" }], soonAt);
      await backdate(s.domain, soon, soonAt);
      // Points 8 months ago, then an order that earned nothing (0.50) a month ago: still active.
      await paidOrder(s, ordered, [{ title: "Rug", unitPriceMinor: 9000, productId: "13" }], addMonths(NOW, -8));
      await backdate(s.domain, ordered, addMonths(NOW, -8));
      await paidOrder(s, ordered, [{ title: "Card", unitPriceMinor: 50, productId: "14" }], addMonths(NOW, -1));
      expect(await entries(s.domain, ordered)).toEqual([[90, "order"]]);
      // Points 9 months ago, a staff adjustment two months ago: active.
      await paidOrder(s, adjusted, [{ title: "Desk", unitPriceMinor: 7000, productId: "15" }], addMonths(NOW, -9));
      expect(await adjustPoints(sql, s.domain, { customerGid: gidOf(adjusted), points: 5, reason: "Survey", staff: "ops@example.com", idempotencyKey: "a-1" }, NOW))
        .toMatchObject({ ok: true, balance: 75 });
      await backdate(s.domain, adjusted, addMonths(NOW, -9));
      await sql.run(`UPDATE ledger_entry SET created_at = ? WHERE shop = ? AND source = 'adjustment'`, [addMonths(NOW, -2).toISOString(), s.domain]);

      expect(await runExpiry(sql, s.domain, NOW)).toEqual({ expired: { members: 1, points: 80 }, reminders: 1 });
      expect(await entries(s.domain, idle)).toEqual([[80, "order"], [-80, "expiry"]]);
      expect(await balance(s.domain, idle)).toBe(0);
      expect([await balance(s.domain, soon), await balance(s.domain, ordered), await balance(s.domain, adjusted)]).toEqual([40, 90, 75]);
      const reason = await sql.get<{ reason: string }>(`SELECT reason FROM ledger_entry WHERE shop = ? AND source = 'expiry'`, [s.domain]);
      expect(reason).toEqual({ reason: "80 points expired after 6 months without activity" });
      const expiresAt = addMonths(soonAt, 6).toISOString();
      const events = await sql.all<{ customer_gid: string; dedupe_key: string; payload_json: string }>(
        `SELECT customer_gid, dedupe_key, payload_json FROM program_event WHERE shop = ? AND kind = 'points_expiring'`, [s.domain],
      );
      expect(events.map((e) => ({ ...e, payload_json: JSON.parse(e.payload_json) }))).toEqual([
        { customer_gid: gidOf(soon), dedupe_key: `points_expiring:${gidOf(soon)}:${expiresAt.slice(0, 10)}`, payload_json: { points: 40, expiresAt } },
      ]);
      expect(await runExpiry(sql, s.domain, NOW)).toEqual({ expired: { members: 0, points: 0 }, reminders: 0 });
      // Six days later the reminded balance expires.
      expect(await runExpiry(sql, s.domain, new Date(NOW.getTime() + 6 * DAY))).toEqual({ expired: { members: 1, points: 40 }, reminders: 0 });
      expect(await balanceMismatches(sql, s.domain)).toEqual([]);
    });
  });

  describe("manual adjustments", () => {
    const s = makeShop({ domain: `adjust-${provider}.myshopify.com`, id: String(82_000_000_003) });
    const ann = createCustomer(rng, {});
    const kept = createCustomer(rng, {});
    const removed = createCustomer(rng, {});
    const gone = createCustomer(rng, {});
    const adjust = (input: Record<string, unknown>) => adjustPoints(sql, s.domain, input, NOW);
    const count = async () => Number((await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ledger_entry WHERE shop = ?`, [s.domain]))!.n);

    it("adds and takes away points with who, when and why in the ledger", async () => {
      await paidOrder(s, ann, [{ title: "Bag", unitPriceMinor: 12000, productId: "21" }]);
      const plus = await adjust({ customerGid: gidOf(ann), points: 50, reason: "Apology for a late delivery", staff: "staff:9001", idempotencyKey: "k-1" });
      expect(plus).toEqual({ ok: true, balance: 170, entryId: expect.any(Number) });
      const minus = await adjust({ customerGid: ann.id, points: "-70", reason: "Points given twice", staff: "lead@example.com", idempotencyKey: "k-2" });
      expect(minus).toEqual({ ok: true, balance: 100, entryId: expect.any(Number) });
      expect(await balance(s.domain, ann)).toBe(100);
      const row = await sql.get<{ points: number; source: string; caused_by: string; reason: string; idempotency_key: string; created_at: string }>(
        `SELECT points, source, caused_by, reason, idempotency_key, created_at FROM ledger_entry WHERE shop = ? AND id = ?`,
        [s.domain, (minus as { entryId: number }).entryId],
      );
      expect({ ...row, points: Number(row!.points), created_at: new Date(row!.created_at).toISOString() }).toEqual({
        points: -70, source: "adjustment", caused_by: "lead@example.com", reason: "Points given twice", idempotency_key: "adjustment:k-2",
        created_at: NOW.toISOString(),
      });
      // The same key again: the same entry, nothing written; with other values: refused.
      const before = await count();
      expect(await adjust({ customerGid: gidOf(ann), points: 50, reason: "Apology for a late delivery", staff: "staff:9001", idempotencyKey: "k-1" }))
        .toEqual({ ok: true, balance: 100, entryId: (plus as { entryId: number }).entryId });
      expect(await adjust({ customerGid: gidOf(ann), points: 60, reason: "Apology for a late delivery", staff: "staff:9001", idempotencyKey: "k-1" }))
        .toEqual({ ok: false, errors: { idempotencyKey: "This idempotency key was already used for a different adjustment" } });
      expect(await count()).toBe(before);
    });

    it("a negative adjustment beyond the balance is refused and writes nothing", async () => {
      const before = await count();
      expect(await adjust({ customerGid: gidOf(ann), points: -101, reason: "Too much", staff: "staff:9001", idempotencyKey: "k-3" })).toEqual({
        ok: false,
        errors: { points: "The balance is 100 points: at most 100 can be taken away" },
      });
      expect(await count()).toBe(before);
      expect(await balance(s.domain, ann)).toBe(100);
      expect(await adjust({ customerGid: gidOf(ann), points: -100, reason: "All of it", staff: "staff:9001", idempotencyKey: "k-4" })).toMatchObject({ ok: true, balance: 0 });
    });

    it("bad input, unknown, deleted and merged customers", async () => {
      const before = await count();
      expect(await adjust({ customerGid: 42, points: "1.5", reason: " ", idempotencyKey: "" })).toEqual({
        ok: false,
        errors: {
          customerGid: "Send the customer id as a string (like gid://shopify/Customer/123)",
          points: "Points must be a whole number",
          reason: "Reason is required",
          staff: "Staff member is required",
          idempotencyKey: "Idempotency key is required",
        },
      });
      expect(await adjust({ customerGid: "gid://shopify/Customer/999999", points: 10, reason: "x", staff: "s", idempotencyKey: "k-5" })).toEqual({
        ok: false, errors: { customerGid: "No member with this customer id in this shop" },
      });
      // Another shop's member is not this shop's.
      expect(await adjustPoints(sql, domain, { customerGid: gidOf(ann), points: 10, reason: "x", staff: "s", idempotencyKey: "k-6" }, NOW)).toEqual({
        ok: false, errors: { customerGid: "No member with this customer id in this shop" },
      });
      await paidOrder(s, gone, [{ title: "Pen", unitPriceMinor: 1000, productId: "22" }]);
      expect((await deliver(app.url, s.domain, buildCustomersDelete(gone))).status).toBe(200);
      await waitForInboxDrained(sql);
      expect(await adjust({ customerGid: gidOf(gone), points: 10, reason: "x", staff: "s", idempotencyKey: "k-7" })).toEqual({
        ok: false, errors: { customerGid: "This customer was deleted in Shopify: their points can no longer be adjusted" },
      });
      expect(await count()).toBe(before + 1);

      await paidOrder(s, kept, [{ title: "Cap", unitPriceMinor: 2000, productId: "23" }]);
      await paidOrder(s, removed, [{ title: "Belt", unitPriceMinor: 3000, productId: "24" }]);
      expect((await deliver(app.url, s.domain, buildCustomersMerge({ keptId: kept.id, deletedId: removed.id }))).status).toBe(200);
      await waitForInboxDrained(sql);
      expect(await adjust({ customerGid: gidOf(removed), points: 10, reason: "Birthday", staff: "staff:9001", idempotencyKey: "k-8" }))
        .toMatchObject({ ok: true, balance: 60 });
      expect([await balance(s.domain, kept), await balance(s.domain, removed)]).toEqual([60, 0]);
      expect(await balanceMismatches(sql, s.domain)).toEqual([]);
    });

    it("lists manual adjustments, newest first, page by page", async () => {
      const all = await listAdjustments(sql, s.domain, { limit: 10 });
      expect(all.map((a) => [a.customerGid, a.points, a.reason, a.staff])).toEqual([
        [gidOf(kept), 10, "Birthday", "staff:9001"],
        [gidOf(ann), -100, "All of it", "staff:9001"],
        [gidOf(ann), -70, "Points given twice", "lead@example.com"],
        [gidOf(ann), 50, "Apology for a late delivery", "staff:9001"],
      ]);
      expect(all[0]!.createdAt).toBe(NOW.toISOString());
      const page = await listAdjustments(sql, s.domain, { limit: 2, before: all[1]!.id });
      expect(page.map((a) => a.points)).toEqual([-70, 50]);
      expect(await listAdjustments(sql, domain, {})).toEqual([]);
    });
  });
});
