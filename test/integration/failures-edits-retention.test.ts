// Failed events keep their error and can be replayed; order edits, POS orders and redacted
// personal data; pruning of processed raw events.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { SqlDatabase } from "../../app/storage/sql.server";
import { pruneWebhookEvents, replayWebhookEvents } from "../../app/webhooks/worker.server";
import { createTestDatabase, openTestSql, startApp, waitForInboxDrained, type Provider, type RunningApp, type TestDatabase } from "../support/app-server";
import { deliver } from "../support/deliver";
import { buildOrdersPaid, buildOrdersUpdated, createCustomer, createOrder, createRng } from "../support/shopify-payloads";

const templates = () => ({ sqliteTemplate: inject("sqliteTemplate"), pgAdminUrl: inject("pgAdminUrl"), pgTemplate: inject("pgTemplate") });

describe.each<Provider>(["sqlite", "postgresql"])("failures, edits and retention (%s)", (provider) => {
  let db: TestDatabase;
  let app: RunningApp;
  let sql: SqlDatabase;
  const rng = createRng(`failures-${provider}`);
  let n = 0;
  const newShop = () => `failures-${provider}-${++n}.myshopify.com`;

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

  it("an order payload that cannot be understood fails with its error, changes nothing, and can be replayed", async () => {
    const shop = newShop();
    const r = await deliver(app.url, shop, { topic: "orders/paid", body: JSON.stringify({ id: 123, financial_status: "paid" }) });
    expect(r.status).toBe(200);
    await waitForInboxDrained(sql);
    const failed = await sql.get<{ id: number; status: string; attempts: number; last_error: string }>(
      `SELECT id, status, attempts, last_error FROM webhook_event WHERE shop = ?`,
      [shop],
    );
    expect({ status: failed?.status, attempts: Number(failed?.attempts) }).toEqual({ status: "failed", attempts: 1 });
    expect(failed?.last_error).toBe("order gid://shopify/Order/123: missing shop currency (total_price_set / currency)");
    expect(Number((await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM order_record WHERE shop = ?`, [shop]))?.n)).toBe(0);
    expect(await replayWebhookEvents(sql, { shop })).toBe(1);
    await waitForInboxDrained(sql);
    const again = await sql.get<{ status: string; attempts: number }>(`SELECT status, attempts FROM webhook_event WHERE shop = ?`, [shop]);
    expect({ status: again?.status, attempts: Number(again?.attempts) }).toEqual({ status: "failed", attempts: 2 });
    // The server is still up and serving.
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });

  it("an order edit that removes one of two units takes back exactly its share", async () => {
    const shop = newShop();
    const customer = createCustomer(rng, {});
    const order = createOrder(rng, { customer, currency: "EUR", lines: [{ title: "Lamp", unitPriceMinor: 3000, quantity: 2 }], taxRate: 0, financialStatus: "paid" });
    const customerGid = `gid://shopify/Customer/${customer.id}`;
    await deliver(app.url, shop, buildOrdersPaid(order));
    await waitForInboxDrained(sql);
    const edited = buildOrdersUpdated({ ...order, updatedAt: new Date(order.updatedAt.getTime() + 3_600_000) });
    expect(edited.body).toContain('"current_quantity":2');
    await deliver(app.url, shop, { ...edited, body: edited.body.replace('"current_quantity":2', '"current_quantity":1') });
    await waitForInboxDrained(sql);
    const entries = await sql.all<{ points: number; source: string }>(`SELECT points, source FROM ledger_entry WHERE shop = ? ORDER BY id`, [shop]);
    expect(entries.map((e) => [Number(e.points), e.source])).toEqual([
      [60, "order"],
      [-30, "adjustment"],
    ]);
    const m = await sql.get<{ balance: number }>(`SELECT balance FROM member WHERE shop = ? AND customer_gid = ?`, [shop, customerGid]);
    expect(Number(m?.balance)).toBe(30);
  });

  it("POS and draft orders earn like web orders, even when the customer's personal data is redacted", async () => {
    const shop = newShop();
    const customer = createCustomer(rng, { email: null, firstName: undefined });
    const pos = createOrder(rng, { customer, currency: "USD", sourceName: "pos", email: null, lines: [{ title: "Coffee", unitPriceMinor: 450, quantity: 3 }], taxRate: 0, financialStatus: "paid" });
    const draft = createOrder(rng, { customer, currency: "USD", sourceName: "shopify_draft_order", email: null, lines: [{ title: "Beans", unitPriceMinor: 1899, quantity: 1 }], taxRate: 0, financialStatus: "paid" });
    const redact = (body: string) => body.replace(/"email":"[^"]*"/g, '"email":null').replace(/"first_name":"[^"]*"/g, '"first_name":null').replace(/"last_name":"[^"]*"/g, '"last_name":null');
    for (const o of [pos, draft]) {
      const d = buildOrdersPaid(o);
      await deliver(app.url, shop, { ...d, body: redact(d.body), eventId: randomUUID() });
    }
    await waitForInboxDrained(sql);
    const m = await sql.get<{ balance: number; email: string | null }>(`SELECT balance, email FROM member WHERE shop = ?`, [shop]);
    expect({ balance: Number(m?.balance), email: m?.email }).toEqual({ balance: 31, email: null }); // 13 (13.50) + 18 (18.99)
  });

  it("processed raw events older than the retention period are pruned; newer and failed ones stay", async () => {
    const shop = newShop();
    const old = new Date(Date.now() - 31 * 86_400_000).toISOString();
    const recent = new Date(Date.now() - 29 * 86_400_000).toISOString();
    const insert = (key: string, status: string, at: string) =>
      sql.run(
        `INSERT INTO webhook_event (shop, topic, dedupe_key, received_at, body, deliveries, status, attempts, next_attempt_at)
         VALUES (?, 'orders/paid', ?, ?, '{}', 1, ?, 1, ?)`,
        [shop, key, at, status, at],
      );
    await insert("old-done", "done", old);
    await insert("old-failed", "failed", old);
    await insert("recent-done", "done", recent);
    await pruneWebhookEvents(sql, 30);
    const left = await sql.all<{ dedupe_key: string }>(`SELECT dedupe_key FROM webhook_event WHERE shop = ? ORDER BY dedupe_key`, [shop]);
    expect(left.map((r) => r.dedupe_key)).toEqual(["old-failed", "recent-done"]);
  });
});
