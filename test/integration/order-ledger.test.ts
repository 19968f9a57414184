// The order webhook pipeline over real HTTP against the production build, on SQLite and PostgreSQL:
// duplicates, ordering, refunds, cancellations, shop isolation and bad input.
import { randomUUID } from "node:crypto";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { SqlDatabase } from "../../app/storage/sql.server";
import { createTestDatabase, openTestSql, startApp, waitForInboxDrained, type Provider, type RunningApp, type TestDatabase } from "../support/app-server";
import { deliver } from "../support/deliver";
import {
  applyRefund, buildCustomersCreate, buildOrdersCancelled, buildOrdersCreate, buildOrdersPaid, buildOrdersUpdated,
  buildRefundsCreate, createCustomer, createOrder, createRefund, createRng, type OrderOptions,
} from "../support/shopify-payloads";

function postHeadersOnly(baseUrl: string, contentLength: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${baseUrl}/webhooks`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Content-Length": String(contentLength) },
    });
    req.on("response", (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    req.on("error", reject);
    req.flushHeaders();
  });
}

const templates = () => ({ sqliteTemplate: inject("sqliteTemplate"), pgAdminUrl: inject("pgAdminUrl"), pgTemplate: inject("pgTemplate") });

describe.each<Provider>(["sqlite", "postgresql"])("order webhooks → ledger (%s)", (provider) => {
  let db: TestDatabase;
  let app: RunningApp;
  let sql: SqlDatabase;
  let shopCounter = 0;
  const newShop = () => `ledger-${provider}-${++shopCounter}-${randomUUID().slice(0, 6)}.myshopify.com`;
  const rng = createRng(`ledger-${provider}`);

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

  async function balance(shop: string, customerGid: string): Promise<number | null> {
    const row = await sql.get<{ balance: number }>(`SELECT balance FROM member WHERE shop = ? AND customer_gid = ?`, [shop, customerGid]);
    return row ? Number(row.balance) : null;
  }
  async function entries(shop: string, orderGid: string) {
    return (
      await sql.all<{ points: number; source: string; idempotency_key: string }>(
        `SELECT points, source, idempotency_key FROM ledger_entry WHERE shop = ? AND order_gid = ? ORDER BY id`,
        [shop, orderGid],
      )
    ).map((e) => ({ points: Number(e.points), source: e.source, key: e.idempotency_key }));
  }
  function order(opts: Partial<OrderOptions> = {}) {
    const customer = createCustomer(rng, {});
    const o = createOrder(rng, {
      customer,
      currency: "USD",
      lines: [
        { title: "Linen shirt", unitPriceMinor: 4999, quantity: 2 },
        { title: "Socks", unitPriceMinor: 1250, quantity: 1 },
      ],
      shippingMinor: 595,
      taxRate: 0.1,
      financialStatus: "paid",
      ...opts,
    });
    return { customer, order: o, customerGid: `gid://shopify/Customer/${customer.id}`, orderGid: `gid://shopify/Order/${o.id}` };
  }

  it("the same event delivered five times at once earns once (112 points for 112.48 eligible)", async () => {
    const shop = newShop();
    const { order: o, customerGid, orderGid } = order();
    const paid = buildOrdersPaid(o);
    const eventId = randomUUID();
    const results = await Promise.all(Array.from({ length: 5 }, () => deliver(app.url, shop, { ...paid, eventId })));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    await waitForInboxDrained(sql);
    // 2 × 49.99 + 12.50 = 112.48 of lines; shipping 5.95 and 10 % tax excluded.
    expect(await entries(shop, orderGid)).toEqual([{ points: 112, source: "order", key: `order:${orderGid}:1` }]);
    expect(await balance(shop, customerGid)).toBe(112);
    const stored = await sql.get<{ n: number; deliveries: number }>(
      `SELECT COUNT(*) AS n, MAX(deliveries) AS deliveries FROM webhook_event WHERE shop = ?`,
      [shop],
    );
    expect(Number(stored?.n)).toBe(1);
    expect(Number(stored?.deliveries)).toBe(5);
  });

  it("orders/create + orders/paid + orders/updated for one order earn once", async () => {
    const shop = newShop();
    const { order: o, customerGid, orderGid } = order();
    for (const d of [buildOrdersCreate(o), buildOrdersPaid(o), buildOrdersUpdated(o)]) {
      expect((await deliver(app.url, shop, d)).status).toBe(200);
    }
    await waitForInboxDrained(sql);
    expect(await entries(shop, orderGid)).toEqual([{ points: 112, source: "order", key: `order:${orderGid}:1` }]);
    expect(await balance(shop, customerGid)).toBe(112);
  });

  it("a pending order earns nothing until it is paid", async () => {
    const shop = newShop();
    const { order: o, customerGid, orderGid } = order({ financialStatus: "pending" });
    await deliver(app.url, shop, buildOrdersCreate(o));
    await waitForInboxDrained(sql);
    expect(await entries(shop, orderGid)).toEqual([]);
    expect(await balance(shop, customerGid)).toBe(0);
    await deliver(app.url, shop, buildOrdersPaid(o, new Date(o.updatedAt.getTime() + 3_600_000)));
    await waitForInboxDrained(sql);
    expect(await entries(shop, orderGid)).toEqual([{ points: 112, source: "order", key: `order:${orderGid}:1` }]);
  });

  it("a refund that arrives before its order is held, then applied exactly", async () => {
    const shop = newShop();
    const { order: o, customerGid, orderGid } = order();
    const shirt = o.lines[0];
    const refund = createRefund(rng, o, { lines: [{ lineItemId: shirt.id, quantity: 1 }], createdAt: new Date(o.updatedAt.getTime() + 86_400_000) });
    await deliver(app.url, shop, buildRefundsCreate(o, refund));
    await waitForInboxDrained(sql);
    expect(await entries(shop, orderGid)).toEqual([]);
    await deliver(app.url, shop, buildOrdersPaid(o));
    await waitForInboxDrained(sql);
    // 112.48 − 49.99 refunded = 62.49 → 62 points, in one entry.
    expect(await entries(shop, orderGid)).toEqual([{ points: 62, source: "order", key: `order:${orderGid}:1` }]);
    expect(await balance(shop, customerGid)).toBe(62);
  });

  it("a partial refund then a cancellation reverse exactly to zero", async () => {
    const shop = newShop();
    const { order: o, customerGid, orderGid } = order();
    await deliver(app.url, shop, buildOrdersPaid(o));
    const socks = o.lines[1];
    const refund = createRefund(rng, o, { lines: [{ lineItemId: socks.id, quantity: 1 }], createdAt: new Date(o.updatedAt.getTime() + 60_000) });
    await deliver(app.url, shop, buildRefundsCreate(o, refund));
    await waitForInboxDrained(sql);
    expect(await balance(shop, customerGid)).toBe(99);
    const refunded = applyRefund(o, refund);
    await deliver(app.url, shop, buildOrdersCancelled({ ...refunded, updatedAt: new Date(o.updatedAt.getTime() + 120_000) }));
    await waitForInboxDrained(sql);
    expect(await entries(shop, orderGid)).toEqual([
      { points: 112, source: "order", key: `order:${orderGid}:1` },
      { points: -13, source: "refund", key: `order:${orderGid}:2` },
      { points: -99, source: "cancellation", key: `order:${orderGid}:3` },
    ]);
    expect(await balance(shop, customerGid)).toBe(0);
  });

  it("a JPY order earns per whole yen and a KWD order per whole dinar", async () => {
    const shop = newShop();
    const jpy = order({ currency: "JPY", lines: [{ title: "Matcha", unitPriceMinor: 2480, quantity: 3 }], shippingMinor: 800, taxRate: 0 });
    await deliver(app.url, shop, buildOrdersPaid(jpy.order));
    const shop2 = newShop();
    const kwd = order({ currency: "KWD", lines: [{ title: "Oud", unitPriceMinor: 12_345, quantity: 2 }], shippingMinor: 1_500, taxRate: 0 });
    await deliver(app.url, shop2, buildOrdersPaid(kwd.order));
    await waitForInboxDrained(sql);
    expect(await balance(shop, jpy.customerGid)).toBe(7440); // ¥7,440
    expect(await balance(shop2, kwd.customerGid)).toBe(24); // 24.690 KWD
  });

  it("two shops with the same customer and order ids keep separate ledgers", async () => {
    const shopA = newShop();
    const shopB = newShop();
    const { order: o, customerGid } = order();
    await deliver(app.url, shopA, buildOrdersPaid(o));
    const refund = createRefund(rng, o, { lines: [{ lineItemId: o.lines[0].id, quantity: 2 }], createdAt: new Date(o.updatedAt.getTime() + 1000) });
    await deliver(app.url, shopB, buildOrdersPaid(o));
    await deliver(app.url, shopB, buildRefundsCreate(o, refund));
    await waitForInboxDrained(sql);
    expect(await balance(shopA, customerGid)).toBe(112);
    expect(await balance(shopB, customerGid)).toBe(12);
  });

  it("test orders earn nothing by default; guest orders are kept without a member", async () => {
    const shop = newShop();
    const t = order({ test: true });
    await deliver(app.url, shop, buildOrdersPaid(t.order));
    const guest = order({ customer: null, email: "guest@example.com" });
    await deliver(app.url, shop, buildOrdersPaid(guest.order));
    await waitForInboxDrained(sql);
    expect(await entries(shop, t.orderGid)).toEqual([]);
    const rows = await sql.all(`SELECT order_gid FROM order_record WHERE shop = ? ORDER BY order_gid`, [shop]);
    expect(rows.length).toBe(2);
    expect(Number((await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ledger_entry WHERE shop = ?`, [shop]))?.n)).toBe(0);
  });

  it("18-digit ids stay exact from payload to ledger", async () => {
    const shop = newShop();
    const { order: o, customerGid, orderGid } = order();
    expect(o.id).toMatch(/^\d{18}$/);
    expect(BigInt(o.id) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    await deliver(app.url, shop, buildOrdersPaid(o));
    await waitForInboxDrained(sql);
    const row = await sql.get<{ customer_gid: string; order_gid: string }>(`SELECT customer_gid, order_gid FROM ledger_entry WHERE shop = ?`, [shop]);
    expect(row).toEqual({ customer_gid: customerGid, order_gid: orderGid });
    const lines = await sql.all<{ line_gid: string; eligible_minor: number }>(
      `SELECT line_gid, eligible_minor FROM ledger_entry_line WHERE shop = ? ORDER BY eligible_minor DESC`,
      [shop],
    );
    expect(lines.map((l) => [l.line_gid, Number(l.eligible_minor)])).toEqual([
      [`gid://shopify/LineItem/${o.lines[0].id}`, 9998],
      [`gid://shopify/LineItem/${o.lines[1].id}`, 1250],
    ]);
  });

  it("customers/create keeps the profile; a member's cached balance equals the ledger sum", async () => {
    const shop = newShop();
    const customer = createCustomer(rng, { email: "Aino.Virtanen@Example.fi", firstName: "Aino", lastName: "Virtanen", marketing: "subscribed", locale: "fi" });
    await deliver(app.url, shop, buildCustomersCreate(customer));
    await waitForInboxDrained(sql);
    const m = await sql.get(`SELECT email, first_name, last_name, marketing_consent, locale, balance FROM member WHERE shop = ?`, [shop]);
    expect({ ...m, balance: Number(m?.balance) }).toEqual({
      email: "aino.virtanen@example.fi", first_name: "Aino", last_name: "Virtanen", marketing_consent: "subscribed", locale: "fi", balance: 0,
    });
    const mismatches = await sql.all(
      `SELECT m.customer_gid FROM member m LEFT JOIN (SELECT shop, customer_gid, SUM(points) AS s FROM ledger_entry GROUP BY shop, customer_gid) l
       ON l.shop = m.shop AND l.customer_gid = m.customer_gid WHERE m.balance <> COALESCE(l.s, 0)`,
    );
    expect(mismatches).toEqual([]);
  });

  it("refuses forged, tampered and malformed deliveries and stays up", async () => {
    const shop = newShop();
    const { order: o } = order();
    const paid = buildOrdersPaid(o);
    expect((await deliver(app.url, shop, paid, { secret: "not-the-secret" })).status).toBe(401);
    const tampered = await deliver(app.url, shop, paid, { headers: { "X-Shopify-Hmac-Sha256": Buffer.from("x".repeat(32)).toString("base64") } });
    expect(tampered.status).toBe(401);
    expect((await deliver(app.url, shop, { topic: "customers/redact", body: "{}" }, { secret: "wrong" })).status).toBe(401);
    const malformed = await deliver(app.url, shop, { topic: "orders/paid", body: '{"id": 1,' });
    expect(malformed).toEqual({ status: 400, body: JSON.stringify({ error: "body is not valid JSON" }) });
    const noShop = await deliver(app.url, "evil.example.com", paid);
    expect(noShop.status).toBe(400);
    // Declared too large: refused before a byte of the body is sent.
    expect(await postHeadersOnly(app.url, 10 * 1024 * 1024 + 1)).toBe(413);
    // Streamed without a length: refused once it passes 10 MB.
    const streamed = await fetch(`${app.url}/webhooks`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Topic": "orders/paid", "X-Shopify-Shop-Domain": shop },
      body: new ReadableStream({
        start(controller) {
          const chunk = new TextEncoder().encode("x".repeat(1024 * 1024));
          for (let i = 0; i < 11; i++) controller.enqueue(chunk);
          controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit).then((r) => r.status, () => "closed");
    expect([413, "closed"]).toContain(streamed);
    expect(Number((await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM webhook_event WHERE shop = ?`, [shop]))?.n)).toBe(0);
    const health = await fetch(`${app.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok", database: "ok" });
  });
});
