// Durability and concurrency: kill -9 in the middle of a burst, then restart and a full
// redelivery; two app processes on one PostgreSQL database applying each event exactly once.
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, inject, it } from "vitest";
import type { SqlDatabase } from "../../app/storage/sql.server";
import { createTestDatabase, openTestSql, startApp, waitForInboxDrained, type Provider, type RunningApp, type TestDatabase } from "../support/app-server";
import { deliver, type Delivery } from "../support/deliver";
import {
  buildOrdersPaid, buildRefundsCreate, createCustomer, createOrder, createRefund, createRng, type CustomerRecord, type OrderRecord,
} from "../support/shopify-payloads";

const templates = () => ({ sqliteTemplate: inject("sqliteTemplate"), pgAdminUrl: inject("pgAdminUrl"), pgTemplate: inject("pgTemplate") });

type Planned = { delivery: Delivery; order: OrderRecord; orderGid: string; customerGid: string; points: number };

/** Orders whose points are known by construction: one line of k whole units and 37 cents, no tax or discount. */
function plannedOrders(seed: string, count: number, customers: number): Planned[] {
  const rng = createRng(seed);
  const people: CustomerRecord[] = Array.from({ length: customers }, () => createCustomer(rng, {}));
  return Array.from({ length: count }, (_, i) => {
    const customer = people[i % customers];
    const units = 10 + (i % 90);
    const order = createOrder(rng, {
      customer,
      currency: "USD",
      lines: [{ title: `Item ${i}`, unitPriceMinor: units * 100 + 37, quantity: 1 }],
      shippingMinor: 495,
      taxRate: 0,
      financialStatus: "paid",
    });
    return {
      delivery: { ...buildOrdersPaid(order), eventId: randomUUID(), webhookId: randomUUID() },
      order,
      orderGid: `gid://shopify/Order/${order.id}`,
      customerGid: `gid://shopify/Customer/${customer.id}`,
      points: units,
    };
  });
}

async function sendAll(urls: string[], shop: string, deliveries: Delivery[], concurrency: number, onAck?: (i: number) => void) {
  const statuses: (number | "error")[] = new Array(deliveries.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < deliveries.length) {
        const i = next++;
        try {
          const r = await deliver(urls[i % urls.length], shop, deliveries[i]);
          statuses[i] = r.status;
          if (r.status === 200) onAck?.(i);
        } catch {
          statuses[i] = "error";
        }
      }
    }),
  );
  return statuses;
}

async function pointsByOrder(sql: SqlDatabase, shop: string) {
  const rows = await sql.all<{ order_gid: string; points: number; n: number }>(
    `SELECT order_gid, SUM(points) AS points, COUNT(*) AS n FROM ledger_entry WHERE shop = ? GROUP BY order_gid`,
    [shop],
  );
  return new Map(rows.map((r) => [r.order_gid, { points: Number(r.points), entries: Number(r.n) }]));
}

async function balanceMismatches(sql: SqlDatabase, shop: string) {
  return await sql.all(
    `SELECT m.customer_gid, m.balance, l.s FROM member m
     LEFT JOIN (SELECT customer_gid, SUM(points) AS s FROM ledger_entry WHERE shop = ? GROUP BY customer_gid) l ON l.customer_gid = m.customer_gid
     WHERE m.shop = ? AND m.balance <> COALESCE(l.s, 0)`,
    [shop, shop],
  );
}

describe.each<Provider>(["sqlite", "postgresql"])("crash recovery (%s)", (provider) => {
  let db: TestDatabase | undefined;
  const apps: RunningApp[] = [];
  let sql: SqlDatabase | undefined;
  afterEach(async () => {
    for (const a of apps.splice(0)) await a.crash();
    await sql?.close();
    await db?.drop();
  });

  it("kill -9 during a burst loses no acknowledged event; a full redelivery ends exactly right", async () => {
    db = await createTestDatabase(provider, templates());
    sql = openTestSql(db);
    const shop = `crash-${provider}.myshopify.com`;
    const planned = plannedOrders(`crash-${provider}`, 600, 60);
    const first = await startApp(db, { WEBHOOK_LOCK_SECONDS: "2" });
    apps.push(first);

    const acked = new Set<number>();
    let killed = false;
    const statuses = await sendAll([first.url], shop, planned.map((p) => p.delivery), 24, (i) => {
      acked.add(i);
      if (!killed && acked.size >= 250) {
        killed = true;
        void first.crash();
      }
    });
    expect(killed).toBe(true);
    expect(statuses.filter((s) => s !== 200).length).toBeGreaterThan(0);

    const second = await startApp(db, { WEBHOOK_LOCK_SECONDS: "2" });
    apps.push(second);
    await waitForInboxDrained(sql, 60_000);
    const afterRestart = await pointsByOrder(sql, shop);
    for (const i of acked) {
      expect(afterRestart.get(planned[i].orderGid), `acknowledged order ${i}`).toEqual({ points: planned[i].points, entries: 1 });
    }

    // Shopify retries whatever it did not see acknowledged; here everything is delivered again.
    const again = await sendAll([second.url], shop, planned.map((p) => p.delivery), 24);
    expect(again.every((s) => s === 200)).toBe(true);
    await waitForInboxDrained(sql, 60_000);
    const final = await pointsByOrder(sql, shop);
    expect(final.size).toBe(planned.length);
    for (const p of planned) expect(final.get(p.orderGid)).toEqual({ points: p.points, entries: 1 });
    const expectedTotal = planned.reduce((s, p) => s + p.points, 0);
    const total = await sql.get<{ s: number }>(`SELECT SUM(balance) AS s FROM member WHERE shop = ?`, [shop]);
    expect(Number(total?.s)).toBe(expectedTotal);
    expect(await balanceMismatches(sql, shop)).toEqual([]);
    const failed = await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM webhook_event WHERE status = 'failed'`);
    expect(Number(failed?.n)).toBe(0);
  });
});

describe("two app processes on one PostgreSQL database", () => {
  let db: TestDatabase | undefined;
  const apps: RunningApp[] = [];
  let sql: SqlDatabase | undefined;
  afterEach(async () => {
    for (const a of apps.splice(0)) await a.stop();
    await sql?.close();
    await db?.drop();
  });

  it("apply each event's effect exactly once, with every event delivered to both at the same time", async () => {
    db = await createTestDatabase("postgresql", templates());
    sql = openTestSql(db);
    const shop = "two-processes.myshopify.com";
    apps.push(await startApp(db), await startApp(db));
    const planned = plannedOrders("two-processes", 300, 40);
    // Half of the orders are then refunded in full for their single line.
    const rng = createRng("two-processes-refunds");
    const refunds: Delivery[] = [];
    const expected = new Map<string, number>();
    planned.forEach((p) => expected.set(p.orderGid, p.points));
    const orders = planned.map((p) => p.delivery);
    for (let i = 0; i < planned.length; i += 2) {
      const o = planned[i].order;
      const refund = createRefund(rng, o, { lines: [{ lineItemId: o.lines[0].id, quantity: 1 }], createdAt: new Date(o.updatedAt.getTime() + 60_000) });
      refunds.push({ ...buildRefundsCreate(o, refund), eventId: randomUUID(), webhookId: randomUUID() });
      expected.set(planned[i].orderGid, 0);
    }
    const all = [...orders, ...refunds];
    // Every delivery goes to both processes concurrently (Shopify retries can overlap like this).
    const [a, b] = apps;
    const statuses = await Promise.all([
      sendAll([a.url], shop, all, 16),
      sendAll([b.url], shop, [...all].reverse(), 16),
    ]);
    expect(statuses.flat().filter((s) => s !== 200)).toEqual([]);
    await waitForInboxDrained(sql, 60_000);
    const final = await pointsByOrder(sql, shop);
    for (const [orderGid, points] of expected) expect(final.get(orderGid)?.points ?? 0, orderGid).toBe(points);
    const totalExpected = [...expected.values()].reduce((s, v) => s + v, 0);
    const total = await sql.get<{ s: number }>(`SELECT SUM(balance) AS s FROM member WHERE shop = ?`, [shop]);
    expect(Number(total?.s)).toBe(totalExpected);
    expect(await balanceMismatches(sql, shop)).toEqual([]);
    const events = await sql.get<{ n: number; d: number }>(`SELECT COUNT(*) AS n, SUM(deliveries) AS d FROM webhook_event WHERE shop = ?`, [shop]);
    expect({ n: Number(events?.n), d: Number(events?.d) }).toEqual({ n: all.length, d: all.length * 2 });
    const workers = await sql.all<{ n: number }>(`SELECT COUNT(*) AS n FROM webhook_event WHERE status = 'done'`);
    expect(Number(workers[0].n)).toBe(all.length);
  });
});

