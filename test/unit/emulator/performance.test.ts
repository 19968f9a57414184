// Performance sanity: seeding 100,000 orders takes seconds, and paging through them stays fast.
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatedOrder, EmulatorStore } from "../../../app/emulator/store.server";
import { KantaOrdersPage } from "../../../app/graphql/documents";
import { emulatedOrder, emulatedShop } from "../../support/emulator-seed";
import { createCustomer, createOrder, createRng, makeShop } from "../../support/shopify-payloads";
import { gql, makeEmulator, schemaPath, SHOP, tempStore } from "./helpers";

const ORDERS = 100_000;
const shop = makeShop();

function generate(n: number): EmulatedOrder[] {
  const rng = createRng("emulator-performance");
  const customers = Array.from({ length: 2_000 }, () => createCustomer(rng));
  const start = Date.parse("2025-11-01T00:00:00Z");
  const out: EmulatedOrder[] = [];
  for (let i = 0; i < n; i++) {
    const createdAt = new Date(start + i * 300_000);
    const order = createOrder(rng, {
      shop,
      orderNumber: 1001 + i,
      customer: customers[i % customers.length]!,
      lines: [
        { title: "Cold Brew Coffee Beans 1kg", unitPriceMinor: 3299 },
        { title: "Hand Cream Trio", unitPriceMinor: 2450, quantity: 2 },
      ],
      discountCode: i % 5 === 0 ? { code: "LOYALTY15", type: "percentage", value: 15 } : null,
      shippingMinor: 599,
      taxRate: 0.0825,
      createdAt,
    });
    out.push(emulatedOrder(order));
  }
  return out;
}

const ms = (t0: number) => Math.round(performance.now() - t0);

describe("100,000 orders", () => {
  let store: EmulatorStore;
  let file: string;
  let cleanup: () => void;
  const timings: Record<string, number> = {};

  beforeAll(() => {
    schemaPath();
    ({ store, file, cleanup } = tempStore());
    store.upsertShop(emulatedShop(shop));
  }, 120_000);

  afterAll(() => {
    console.log(`emulator performance (${ORDERS} orders):`, timings);
    cleanup?.();
  });

  it("seeds in one bulk transaction within seconds", () => {
    let t0 = performance.now();
    const orders = generate(ORDERS);
    timings.generateMs = ms(t0);
    t0 = performance.now();
    expect(store.upsertOrders(SHOP, orders)).toBe(ORDERS);
    timings.seedMs = ms(t0);
    expect(store.countOrders(SHOP)).toBe(ORDERS);
    const size = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0);
    timings.storeMb = Math.round(size(file) / 1e6);
    timings.walMb = Math.round(size(`${file}-wal`) / 1e6);
    expect(timings.seedMs).toBeLessThan(60_000);
  }, 180_000);

  it("pages through all of them, 250 at a time", async () => {
    const emulator = makeEmulator(store, { bucket: { maximumAvailable: 1e12, restoreRate: 1e9 } });
    const query = `query Ids($after: String) { orders(first: 250, after: $after, sortKey: UPDATED_AT) { pageInfo { hasNextPage endCursor } nodes { id updatedAt } } }`;
    let after: string | null = null;
    let seen = 0;
    let pages = 0;
    const ids = new Set<string>();
    const t0 = performance.now();
    for (;;) {
      const res = await gql(emulator, query, { after });
      pages++;
      for (const n of res.body.data.orders.nodes) ids.add(n.id);
      seen += res.body.data.orders.nodes.length;
      if (!res.body.data.orders.pageInfo.hasNextPage) break;
      after = res.body.data.orders.pageInfo.endCursor;
    }
    timings.pageIdsMs = ms(t0);
    timings.pageIdsPerPageMs = Math.round((timings.pageIdsMs / pages) * 10) / 10;
    expect(pages).toBe(400);
    expect(seen).toBe(ORDERS);
    expect(ids.size).toBe(ORDERS);
  }, 180_000);

  it("serves KantaOrdersPage pages (cost limit lifted) with a search filter", async () => {
    // 40 pages (10,000 orders) are enough to time it; the full pass is the test above.
    const emulator = makeEmulator(store, { maxQueryCost: Infinity, bucket: { maximumAvailable: 1e12, restoreRate: 1e9 } });
    let after: string | null = null;
    const ids = new Set<string>();
    const t0 = performance.now();
    for (let page = 0; page < 40; page++) {
      const res = await gql(emulator, KantaOrdersPage, { first: 250, after, query: "updated_at:>='2025-11-01T00:00:00Z'" });
      for (const n of res.body.data.orders.nodes) ids.add(n.id);
      after = res.body.data.orders.pageInfo.endCursor;
    }
    timings.pageKantaOrders40Ms = ms(t0);
    timings.pageKantaOrdersPerPageMs = Math.round((timings.pageKantaOrders40Ms / 40) * 10) / 10;
    expect(ids.size).toBe(10_000);
  }, 120_000);
});
