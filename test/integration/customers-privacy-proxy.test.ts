// Customers, privacy and lifecycle webhooks, the storefront read through the App Proxy, health
// and configuration errors — over real HTTP against the production build.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { SqlDatabase } from "../../app/storage/sql.server";
import {
  TEST_SECRET, appEnv, createTestDatabase, openTestSql, runAppExpectingExit, startApp, waitForInboxDrained,
  type Provider, type RunningApp, type TestDatabase,
} from "../support/app-server";
import { deliver } from "../support/deliver";
import {
  buildAppUninstalled, buildCheckoutsCreate, buildCustomersCreate, buildCustomersDataRequest, buildCustomersDelete,
  buildCustomersMerge, buildCustomersRedact, buildOrdersPaid, buildShopRedact, createCustomer, createOrder, createRng, makeShop,
  type CustomerRecord,
} from "../support/shopify-payloads";
import { appProxyQuery } from "../support/webhook-signing";

const templates = () => ({ sqliteTemplate: inject("sqliteTemplate"), pgAdminUrl: inject("pgAdminUrl"), pgTemplate: inject("pgTemplate") });

describe.each<Provider>(["sqlite", "postgresql"])("customers, privacy and the storefront (%s)", (provider) => {
  let db: TestDatabase;
  let app: RunningApp;
  let sql: SqlDatabase;
  const rng = createRng(`privacy-${provider}`);
  let n = 0;
  const newShop = () => makeShop({ domain: `privacy-${provider}-${++n}.myshopify.com`, id: String(70000000000 + n) });

  beforeAll(async () => {
    db = await createTestDatabase(provider, templates());
    app = await startApp(db);
    sql = openTestSql(db);
  });
  afterAll(async () => {
    await app?.stop();
    await sql?.close();
    await db?.drop();
  });

  /** A member with one paid order of 80.00 USD (80 points). */
  async function memberWithOrder(shop: string, customer: CustomerRecord = createCustomer(rng, { email: `buyer-${randomUUID().slice(0, 6)}@example.com` })) {
    const order = createOrder(rng, { customer, currency: "USD", lines: [{ title: "Boots", unitPriceMinor: 8000, quantity: 1 }], taxRate: 0, financialStatus: "paid" });
    await deliver(app.url, shop, buildCustomersCreate(customer));
    await deliver(app.url, shop, buildOrdersPaid(order));
    await waitForInboxDrained(sql);
    return { customer, order, customerGid: `gid://shopify/Customer/${customer.id}` };
  }

  const count = async (sqlText: string, params: unknown[]) => Number((await sql.get<{ n: number }>(sqlText, params))?.n ?? 0);

  it("customers/merge moves the balance to the kept customer and later refunds reverse there", async () => {
    const shop = newShop();
    const a = await memberWithOrder(shop.domain);
    const b = await memberWithOrder(shop.domain);
    await deliver(app.url, shop.domain, buildCustomersMerge({ keptId: a.customer.id, deletedId: b.customer.id }));
    await waitForInboxDrained(sql);
    const rows = await sql.all<{ customer_gid: string; balance: number; status: string; merged_into_gid: string | null }>(
      `SELECT customer_gid, balance, status, merged_into_gid FROM member WHERE shop = ? ORDER BY balance DESC`,
      [shop.domain],
    );
    expect(rows.map((r) => ({ ...r, balance: Number(r.balance) }))).toEqual([
      { customer_gid: a.customerGid, balance: 160, status: "active", merged_into_gid: null },
      { customer_gid: b.customerGid, balance: 0, status: "merged", merged_into_gid: a.customerGid },
    ]);
  });

  it("customers/delete retires the member and keeps the ledger", async () => {
    const shop = newShop();
    const a = await memberWithOrder(shop.domain);
    await deliver(app.url, shop.domain, buildCustomersDelete(a.customer));
    await waitForInboxDrained(sql);
    const m = await sql.get<{ status: string; balance: number }>(`SELECT status, balance FROM member WHERE shop = ?`, [shop.domain]);
    expect({ status: m?.status, balance: Number(m?.balance) }).toEqual({ status: "retired", balance: 80 });
  });

  it("customers/data_request assembles the member's profile, ledger and orders for the merchant", async () => {
    const shop = newShop();
    const a = await memberWithOrder(shop.domain);
    await deliver(app.url, shop.domain, buildCustomersDataRequest(shop, { id: a.customer.id, email: a.customer.email, phone: null } as never, [a.order.id], "9001"));
    await waitForInboxDrained(sql);
    const req = await sql.get<{ kind: string; data_json: string; summary: string }>(`SELECT kind, data_json, summary FROM privacy_request WHERE shop = ?`, [shop.domain]);
    expect(req?.kind).toBe("customers/data_request");
    expect(req?.summary).toBe("data assembled for 1 member record(s)");
    const data = JSON.parse(req!.data_json);
    expect(data.members[0].customerGid).toBe(a.customerGid);
    expect(data.members[0].profile.email).toBe(a.customer.email);
    expect(data.members[0].ledger.map((e: { points: number; source: string }) => [Number(e.points), e.source])).toEqual([[80, "order"]]);
    expect(data.members[0].orders.map((o: { order_gid: string }) => o.order_gid)).toEqual([`gid://shopify/Order/${a.order.id}`]);
  });

  it("customers/redact erases personal data everywhere and keeps the ledger total under a pseudonym", async () => {
    const shop = newShop();
    const a = await memberWithOrder(shop.domain);
    await deliver(app.url, shop.domain, buildCheckoutsCreate(rng, { customer: a.customer, currency: "USD", lines: [{ title: "Hat", unitPriceMinor: 2500 }] }));
    await waitForInboxDrained(sql);
    expect(await count(`SELECT COUNT(*) AS n FROM checkout WHERE shop = ?`, [shop.domain])).toBe(1);
    await deliver(app.url, shop.domain, buildCustomersRedact(shop, { id: a.customer.id, email: a.customer.email, phone: null } as never, [a.order.id]));
    await waitForInboxDrained(sql);
    const m = await sql.get<{ customer_gid: string; email: string | null; first_name: string | null; balance: number }>(
      `SELECT customer_gid, email, first_name, balance FROM member WHERE shop = ?`,
      [shop.domain],
    );
    expect(m?.customer_gid).toMatch(/^redacted:[0-9a-f]{24}$/);
    expect({ email: m?.email, first_name: m?.first_name, balance: Number(m?.balance) }).toEqual({ email: null, first_name: null, balance: 80 });
    expect(await count(`SELECT COUNT(*) AS n FROM ledger_entry WHERE shop = ? AND customer_gid = ?`, [shop.domain, a.customerGid])).toBe(0);
    expect(await count(`SELECT COUNT(*) AS n FROM checkout WHERE shop = ?`, [shop.domain])).toBe(0);
    expect(await count(`SELECT COUNT(*) AS n FROM order_record WHERE shop = ? AND customer_email IS NOT NULL`, [shop.domain])).toBe(0);
    expect(await count(`SELECT COUNT(*) AS n FROM webhook_event WHERE shop = ? AND body LIKE ?`, [shop.domain, `%${a.customer.email}%`])).toBe(0);

    // A late customer event or order for the erased customer does not bring their data back.
    await deliver(app.url, shop.domain, buildCustomersCreate(a.customer));
    const late = createOrder(rng, { customer: a.customer, currency: "USD", lines: [{ title: "Scarf", unitPriceMinor: 2000, quantity: 1 }], taxRate: 0, financialStatus: "paid" });
    await deliver(app.url, shop.domain, buildOrdersPaid(late));
    await waitForInboxDrained(sql);
    expect(await count(`SELECT COUNT(*) AS n FROM member WHERE shop = ?`, [shop.domain])).toBe(1);
    expect(await count(`SELECT COUNT(*) AS n FROM member WHERE shop = ? AND email IS NOT NULL`, [shop.domain])).toBe(0);
    expect(await count(`SELECT COUNT(*) AS n FROM order_record WHERE shop = ? AND (customer_email IS NOT NULL OR customer_gid = ?)`, [shop.domain, a.customerGid])).toBe(0);
    const after = await sql.get<{ balance: number }>(`SELECT balance FROM member WHERE shop = ?`, [shop.domain]);
    expect(Number(after?.balance)).toBe(100);
  });

  it("customers/redact naming the customer only by email still erases them", async () => {
    const shop = newShop();
    const a = await memberWithOrder(shop.domain);
    await deliver(app.url, shop.domain, {
      topic: "customers/redact",
      body: JSON.stringify({ shop_id: 1, shop_domain: shop.domain, customer: { email: a.customer.email }, orders_to_redact: [] }),
    });
    await waitForInboxDrained(sql);
    expect(await count(`SELECT COUNT(*) AS n FROM member WHERE shop = ? AND email IS NOT NULL`, [shop.domain])).toBe(0);
    expect(await count(`SELECT COUNT(*) AS n FROM member WHERE shop = ? AND customer_gid = ?`, [shop.domain, a.customerGid])).toBe(0);
  });

  it("app/uninstalled marks the shop and keeps its data; shop/redact deletes all of it", async () => {
    const shop = newShop();
    await memberWithOrder(shop.domain);
    await deliver(app.url, shop.domain, buildAppUninstalled(shop));
    await waitForInboxDrained(sql);
    const s = await sql.get<{ status: string }>(`SELECT status FROM shop WHERE domain = ?`, [shop.domain]);
    expect(s?.status).toBe("uninstalled");
    expect(await count(`SELECT COUNT(*) AS n FROM ledger_entry WHERE shop = ?`, [shop.domain])).toBe(1);
    const other = newShop();
    await memberWithOrder(other.domain);
    await deliver(app.url, shop.domain, buildShopRedact(shop));
    await waitForInboxDrained(sql);
    for (const table of ["member", "ledger_entry", "ledger_entry_line", "order_record", "checkout", "privacy_request"]) {
      expect(await count(`SELECT COUNT(*) AS n FROM ${table} WHERE shop = ?`, [shop.domain]), table).toBe(0);
    }
    const events = await sql.all<{ topic: string; body: string | null }>(`SELECT topic, body FROM webhook_event WHERE shop = ?`, [shop.domain]);
    expect(events).toEqual([{ topic: "shop/redact", body: null }]);
    expect(await count(`SELECT COUNT(*) AS n FROM shop WHERE domain = ?`, [shop.domain])).toBe(0);
    expect(await count(`SELECT COUNT(*) AS n FROM ledger_entry WHERE shop = ?`, [other.domain])).toBe(1);
  });

  const DEFAULT_TIERS = [
    { id: expect.any(String), name: "Bronze", threshold: "0.00", thresholdValue: 0, multiplierBps: 10_000, freeShipping: false },
    { id: expect.any(String), name: "Silver", threshold: "500.00", thresholdValue: 50_000, multiplierBps: 12_500, freeShipping: false },
    { id: expect.any(String), name: "Gold", threshold: "1500.00", thresholdValue: 150_000, multiplierBps: 15_000, freeShipping: false },
  ];

  it("GET /proxy/me answers a signed request with the shopper's balance, and nothing else", async () => {
    const shop = newShop();
    const a = await memberWithOrder(shop.domain);
    const b = await memberWithOrder(shop.domain);
    const signed = appProxyQuery({ shop: shop.domain, loggedInCustomerId: a.customer.id, pathPrefix: "/apps/kanta" }, TEST_SECRET);
    const me = await fetch(`${app.url}/proxy/me?${signed}`);
    expect(me.status).toBe(200);
    const body = (await me.json()) as { rewards: { name: string; pointsCost: number; affordable: boolean }[] };
    // What counts for tiers: the order's 80.00 while it is within the rolling year.
    const value = Number((await sql.get<{ v: number }>(`SELECT tier_value AS v FROM member WHERE shop = ? AND customer_gid = ?`, [shop.domain, a.customerGid]))?.v);
    expect(body).toEqual({
      shop: shop.domain,
      customer: { id: a.customerGid },
      points: { balance: 80 },
      // The default tiers, created once the shop's currency was known: Bronze from 0, Silver from 500 USD.
      tier: { id: expect.any(String), name: "Bronze", multiplier: 1, freeShipping: false, graceUntil: null },
      progress: {
        basis: "spend", window: "rolling_12m", current: (value / 100).toFixed(2), currency: "USD",
        next: { name: "Silver", threshold: "500.00", remaining: ((50_000 - value) / 100).toFixed(2) },
        message: `Spend ${((50_000 - value) / 100).toFixed(2)} USD more to reach Silver.`,
      },
      program: { earn: { points: 1, perAmount: "1", currency: "USD" }, description: "Earn 1 point for every 1 USD you spend.", tierBasis: "spend" },
      tiers: DEFAULT_TIERS,
      rewards: expect.any(Array),
      // The default earning actions: only the welcome bonus is on (given in installed shops only).
      actions: [{ id: expect.any(String), kind: "welcome", name: "Welcome bonus", points: 100, available: false, completed: false }],
      referral: null,
      birthday: { set: false },
      history: [{ id: expect.any(String), date: expect.any(String), points: 80, kind: "order", label: `Order ${a.order.name}` }],
    });
    // The default catalog, created once the shop's currency was known (from its first order).
    expect(body.rewards.map((r) => [r.name, r.pointsCost, r.affordable])).toEqual([
      ["5 USD off your order", 500, false], ["10 USD off your order", 1000, false], ["Free shipping", 300, false],
    ]);
    // Changing the customer id invalidates the signature: no other shopper's data.
    const tampered = new URLSearchParams(signed);
    tampered.set("logged_in_customer_id", b.customer.id);
    const forged = await fetch(`${app.url}/proxy/me?${tampered}`);
    expect(forged.status).toBe(401);
    expect(await forged.json()).toEqual({
      error: { code: "unauthorized", message: "This request could not be verified. Please reload the page and try again.", detail: "invalid App Proxy signature" },
    });
    const unsigned = await fetch(`${app.url}/proxy/me?shop=${shop.domain}&logged_in_customer_id=${a.customer.id}`);
    expect(unsigned.status).toBe(401);
    const stale = appProxyQuery({ shop: shop.domain, loggedInCustomerId: a.customer.id, pathPrefix: "/apps/kanta", timestamp: Math.floor(Date.now() / 1000) - 3600 }, TEST_SECRET);
    expect((await fetch(`${app.url}/proxy/me?${stale}`)).status).toBe(401);
    const loggedOut = appProxyQuery({ shop: shop.domain, loggedInCustomerId: "", pathPrefix: "/apps/kanta" }, TEST_SECRET);
    const anon = await fetch(`${app.url}/proxy/me?${loggedOut}`);
    expect(anon.status).toBe(200);
    expect(await anon.json()).toEqual({
      shop: shop.domain,
      customer: null,
      program: { earn: { points: 1, perAmount: "1", currency: "USD" }, description: "Earn 1 point for every 1 USD you spend.", tierBasis: "spend" },
      tiers: DEFAULT_TIERS,
      rewards: body.rewards,
      actions: [{ id: expect.any(String), kind: "welcome", name: "Welcome bonus", points: 100, available: true, completed: false }],
    });
  });
});

describe("health and configuration", () => {
  it("a missing or malformed variable stops the server with a message that names it", async () => {
    const env = appEnv({ provider: "sqlite", url: "file:/tmp/kanta-never-created.sqlite" });
    delete (env as Record<string, string | undefined>).SHOPIFY_API_SECRET;
    env.DATABASE_URL = "postgresql://not-sqlite";
    const r = await runAppExpectingExit(env);
    expect(r.code).toBe(1);
    expect(r.output).toContain("SHOPIFY_API_SECRET: is required");
    expect(r.output).toContain("DATABASE_URL: must start with file: when DATABASE_PROVIDER=sqlite");
  });

  it("/healthz answers 503 once the database is gone, and the server stays up", async () => {
    const db = await createTestDatabase("postgresql", templates());
    const app = await startApp(db);
    try {
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
      await db.drop();
      const down = await fetch(`${app.url}/healthz`);
      expect(down.status).toBe(503);
      expect((await down.json()).status).toBe("error");
      expect(app.proc.exitCode).toBe(null);
    } finally {
      await app.crash();
    }
  });
});
