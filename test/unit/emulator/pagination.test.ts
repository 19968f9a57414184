// Cursor pagination and Shopify search syntax on orders and customers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AdminEmulator } from "../../../app/emulator/admin-emulator.server";
import type { EmulatedOrder, EmulatorStore } from "../../../app/emulator/store.server";
import { KantaCustomersPage, KantaOrdersPage } from "../../../app/graphql/documents";
import { emulatedCustomer, emulatedOrder, emulatedShop } from "../../support/emulator-seed";
import { createCustomer, createOrder, createRng, makeShop, type Rng } from "../../support/shopify-payloads";
import { gql, makeEmulator, manualClock, SHOP, tempStore, type GraphqlResult } from "./helpers";

const shop = makeShop(); // America/New_York
const START = Date.parse("2026-03-01T00:00:00Z");
const STEP = 37 * 60_000;

/**
 * `n` orders created one STEP apart, each updated a day later. Every tenth order shares its
 * updatedAt with the previous one, so the id tie-breaker matters. Ids are random, so id order
 * differs from time order.
 */
export function ordersOverTime(rng: Rng, n: number): EmulatedOrder[] {
  const out: EmulatedOrder[] = [];
  for (let i = 0; i < n; i++) {
    const k = i % 10 === 9 ? i - 1 : i;
    const createdAt = new Date(START + k * STEP);
    const order = createOrder(rng, { shop, orderNumber: 1001 + i, lines: [{ title: "Tea", unitPriceMinor: 1200 }], createdAt });
    out.push(emulatedOrder({ ...order, updatedAt: new Date(createdAt.getTime() + 86_400_000) }));
  }
  return out;
}

const byUpdatedThenId = (a: { updatedAt: string; id: string }, b: { updatedAt: string; id: string }) =>
  Date.parse(a.updatedAt) - Date.parse(b.updatedAt) || (BigInt(a.id.split("/").pop()!) < BigInt(b.id.split("/").pop()!) ? -1 : 1);

const LIGHT_PAGE = `#graphql
  query LightOrdersPage($first: Int, $last: Int, $after: String, $before: String, $query: String, $reverse: Boolean) {
    orders(first: $first, last: $last, after: $after, before: $before, query: $query, sortKey: UPDATED_AT, reverse: $reverse) {
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      nodes { id updatedAt createdAt }
    }
  }
`;

async function pageAll(emulator: AdminEmulator, query: string, variables: Record<string, unknown>, root = "orders") {
  const pages: { nodes: { id: string; updatedAt: string }[]; pageInfo: any }[] = [];
  let after: string | null = null;
  for (;;) {
    const res = await gql(emulator, query, { ...variables, after });
    expect(res.body.errors).toBeUndefined();
    const conn = res.body.data[root];
    pages.push(conn);
    if (!conn.pageInfo.hasNextPage) return pages;
    after = conn.pageInfo.endCursor;
  }
}

describe("pagination over 600 orders", () => {
  let store: EmulatorStore;
  let cleanup: () => void;
  let emulator: AdminEmulator;
  let orders: EmulatedOrder[];

  beforeAll(() => {
    ({ store, cleanup } = tempStore());
    emulator = makeEmulator(store, { clock: manualClock().now });
    store.upsertShop(emulatedShop(shop));
    orders = ordersOverTime(createRng("pagination"), 600);
    // Insert in a scrambled order: the listing must not depend on insertion order.
    store.upsertOrders(SHOP, [...orders].sort((a, b) => (a.id < b.id ? -1 : 1)));
  }, 120_000);

  afterAll(() => cleanup?.());

  it("first: 250 returns every order exactly once, in updated_at order (ties by id)", async () => {
    const pages = await pageAll(emulator, LIGHT_PAGE, { first: 250 });
    expect(pages.map((p) => p.nodes.length)).toEqual([250, 250, 100]);
    expect(pages.map((p) => p.pageInfo.hasNextPage)).toEqual([true, true, false]);
    expect(pages.map((p) => p.pageInfo.hasPreviousPage)).toEqual([false, true, true]);
    const ids = pages.flatMap((p) => p.nodes.map((n) => n.id));
    expect(new Set(ids).size).toBe(600);
    expect(ids).toEqual([...orders].sort(byUpdatedThenId).map((o) => o.id));
  });

  it("a page of 250 light orders fits Shopify's limits: requested 252, actual 2 + nodes", async () => {
    const res = await gql(emulator, LIGHT_PAGE, { first: 250 });
    expect(res.body.extensions.cost).toMatchObject({ requestedQueryCost: 252, actualQueryCost: 252 });
    const last = await gql(emulator, LIGHT_PAGE, { first: 250, query: "updated_at:>='2026-03-15T00:00:00Z'" });
    expect(last.body.extensions.cost.actualQueryCost).toBe(2 + last.body.data.orders.nodes.length);
  });

  it("KantaOrdersPage pages the same way (limits lifted: its cost exceeds Shopify's)", async () => {
    const lifted = makeEmulator(store, { maxQueryCost: Infinity, bucket: { maximumAvailable: 1e12, restoreRate: 1e9 } });
    const pages = await pageAll(lifted, KantaOrdersPage, { first: 250, query: null });
    expect(pages.flatMap((p) => p.nodes.map((n) => n.id))).toEqual([...orders].sort(byUpdatedThenId).map((o) => o.id));
  });

  it("reverse: true lists newest first; last/before pages backward", async () => {
    const sorted = [...orders].sort(byUpdatedThenId).map((o) => o.id);
    const reversed = await pageAll(emulator, LIGHT_PAGE, { first: 250, reverse: true });
    expect(reversed.flatMap((p) => p.nodes.map((n) => n.id))).toEqual([...sorted].reverse());

    const lastPage = await gql(emulator, LIGHT_PAGE, { last: 100 });
    expect(lastPage.body.data.orders.nodes.map((n: { id: string }) => n.id)).toEqual(sorted.slice(500));
    expect(lastPage.body.data.orders.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const before = await gql(emulator, LIGHT_PAGE, { last: 100, before: lastPage.body.data.orders.pageInfo.startCursor });
    expect(before.body.data.orders.nodes.map((n: { id: string }) => n.id)).toEqual(sorted.slice(400, 500));
    expect(before.body.data.orders.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
  });

  it("an order updated while paging moves to the end and is served again, never skipped", async () => {
    const first = await gql(emulator, LIGHT_PAGE, { first: 250 });
    const moved = orders.find((o) => o.id === first.body.data.orders.nodes[10].id)!;
    store.upsertOrder(SHOP, { ...moved, updatedAt: "2026-12-01T00:00:00Z" });
    try {
      const rest = await pageAll(emulator, LIGHT_PAGE, { first: 250 });
      const seenAfterwards = rest.flatMap((p) => p.nodes.map((n) => n.id));
      expect(seenAfterwards[seenAfterwards.length - 1]).toBe(moved.id);
    } finally {
      store.upsertOrder(SHOP, moved);
    }
  });

  it("a cursor only works with the sort it came from", async () => {
    const res = await gql(emulator, LIGHT_PAGE, { first: 5 });
    const byId = await gql(emulator, `query ById($after: String) { orders(first: 5, after: $after, sortKey: ID) { nodes { id } } }`, {
      after: res.body.data.orders.pageInfo.endCursor,
    });
    expect(byId.body.data).toBeNull();
    expect(byId.body.errors).toEqual([
      { message: "Invalid after cursor for the current pagination sort.", locations: [{ line: 1, column: 30 }], path: ["orders"] },
    ]);
  });

  it("refuses a connection without first or last, like Shopify", async () => {
    const res = await gql(emulator, `query NoFirst { orders { nodes { id } } }`);
    expect(res.body.errors).toEqual([{ message: "you must provide one of first or last", locations: [{ line: 1, column: 17 }], path: ["orders"] }]);
  });
});

describe("search queries", () => {
  let store: EmulatorStore;
  let cleanup: () => void;
  let emulator: AdminEmulator;
  let orders: EmulatedOrder[];

  beforeAll(() => {
    ({ store, cleanup } = tempStore());
    emulator = makeEmulator(store, { clock: manualClock().now });
    store.upsertShop(emulatedShop(shop));
    orders = ordersOverTime(createRng("search"), 60);
    store.upsertOrders(SHOP, orders);
  });

  afterAll(() => cleanup?.());

  const ids = (res: GraphqlResult): string[] => res.body.data.orders.nodes.map((n: { id: string }) => n.id);
  const expected = (keep: (o: EmulatedOrder) => boolean) => [...orders].filter(keep).sort(byUpdatedThenId).map((o) => o.id);
  const pivot = () => [...orders].sort(byUpdatedThenId)[20]!.updatedAt;

  it("updated_at:>='ISO' is inclusive, updated_at:>ISO exclusive", async () => {
    const t = pivot();
    const inclusive = await gql(emulator, LIGHT_PAGE, { first: 250, query: `updated_at:>='${t}'` });
    expect(ids(inclusive)).toEqual(expected((o) => Date.parse(o.updatedAt) >= Date.parse(t)));
    const exclusive = await gql(emulator, LIGHT_PAGE, { first: 250, query: `updated_at:>${t}` });
    expect(ids(exclusive)).toEqual(expected((o) => Date.parse(o.updatedAt) > Date.parse(t)));
    expect(ids(inclusive).length).toBe(ids(exclusive).length + 1);
  });

  it("combines terms with AND (the reconciliation window)", async () => {
    const sorted = [...orders].sort(byUpdatedThenId);
    const [since, until] = [sorted[10]!.updatedAt, sorted[30]!.updatedAt];
    const res = await gql(emulator, LIGHT_PAGE, { first: 250, query: `updated_at:>='${since}' AND updated_at:<='${until}'` });
    expect(ids(res)).toEqual(expected((o) => o.updatedAt >= since && o.updatedAt <= until));
    const implicitAnd = await gql(emulator, LIGHT_PAGE, { first: 250, query: `updated_at:>='${since}' updated_at:<='${until}'` });
    expect(ids(implicitAnd)).toEqual(ids(res));
  });

  it("created_at filters, with dates in any offset and bare dates in the shop's time zone", async () => {
    const t = "2026-03-01T12:00:00-05:00"; // 17:00Z
    const res = await gql(emulator, LIGHT_PAGE, { first: 250, query: `created_at:>="${t}"` });
    expect(ids(res)).toEqual(expected((o) => Date.parse(o.createdAt) >= Date.parse(t)));
    // 2026-03-02 in America/New_York is 05:00Z to 05:00Z the next day.
    const day = await gql(emulator, LIGHT_PAGE, { first: 250, query: "created_at:2026-03-02" });
    expect(ids(day)).toEqual(
      expected((o) => Date.parse(o.createdAt) >= Date.parse("2026-03-02T05:00:00Z") && Date.parse(o.createdAt) < Date.parse("2026-03-03T05:00:00Z")),
    );
    expect(ids(day).length).toBeGreaterThan(0);
  });

  it("ignores a field Shopify does not know, with Shopify's search warning", async () => {
    const res = await gql(emulator, LIGHT_PAGE, { first: 250, query: "updated_att:>='2026-03-10T00:00:00Z'" });
    expect(ids(res)).toHaveLength(60);
    expect(res.body.extensions.search).toEqual([
      {
        path: ["orders"],
        query: "updated_att:>='2026-03-10T00:00:00Z'",
        warnings: [{ field: "updated_att", message: "Invalid search field for this query." }],
      },
    ]);
  });

  it("refuses search syntax it does not model instead of answering wrongly", async () => {
    for (const query of ["financial_status:paid", "updated_at:>2026-01-01 OR test:true", "tea"]) {
      const res = await gql(emulator, LIGHT_PAGE, { first: 10, query });
      expect(res.body.data).toBeNull();
      expect(res.body.errors[0].extensions.code).toBe("EMULATOR_NOT_MODELLED");
    }
  });

  it("KantaCustomersPage pages customers by updated_at, with the same filters", async () => {
    const rng = createRng("customers");
    const customers = Array.from({ length: 30 }, (_, i) => {
      const createdAt = new Date(START + i * 3_600_000);
      return emulatedCustomer({ ...createCustomer(rng, { createdAt }), updatedAt: new Date(START + ((i * 7) % 30) * 3_600_000 + 60_000) });
    });
    store.upsertCustomers(SHOP, customers);
    const sorted = [...customers].sort(byUpdatedThenId);
    const pages = await pageAll(emulator, KantaCustomersPage, { first: 12, query: null }, "customers");
    expect(pages.map((p) => p.nodes.length)).toEqual([12, 12, 6]);
    expect(pages.flatMap((p) => p.nodes.map((n) => n.id))).toEqual(sorted.map((c) => c.id));
    const since = sorted[25]!.updatedAt;
    const recent = await gql(emulator, KantaCustomersPage, { first: 250, query: `updated_at:>='${since}'` });
    expect(recent.body.data.customers.nodes.map((n: { id: string }) => n.id)).toEqual(sorted.slice(25).map((c) => c.id));
  });
});
