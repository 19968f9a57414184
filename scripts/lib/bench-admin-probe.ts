// What one Admin API page costs: the emulator, in this process and on its own in-memory store,
// answers the same documents the history import and reconciliation send (KantaCustomersPage,
// KantaOrdersPage) over the same kind of orders. Gives the requested and actual query cost per
// page (Shopify charges the requested cost up front and refunds the difference) and the
// emulator's own service time per page, which in the app process competes with the pipeline.
import { AdminEmulator } from "../../app/emulator/admin-emulator.server";
import { EmulatorStore } from "../../app/emulator/store.server";
import { KantaCustomersPage, KantaOrdersPage } from "../../app/graphql/documents";
import { ORDERS_PER_PAGE } from "../../app/shopify/admin-orders.server";
import { PAGE_SIZE } from "../../app/shopify/history-import.server";
import { ensureAdminSchema } from "../admin-schema.mjs";
import { DAY_MS, addOrders, seedShop } from "./bench-admin-seed";

export type PageCost = { operation: string; perPage: number; requested: number; actual: number; serviceMs: number };

type CostBody = { data?: Record<string, { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: unknown[] }>; errors?: unknown; extensions?: { cost?: { requestedQueryCost: number; actualQueryCost: number } } };

async function pages(emulator: AdminEmulator, domain: string, document: string, root: string, first: number, query: string, max: number): Promise<PageCost> {
  let after: string | null = null;
  const requested: number[] = [];
  const actual: number[] = [];
  const times: number[] = [];
  for (let i = 0; i < max; i++) {
    const t = process.hrtime.bigint();
    const res = await emulator.handle(domain, { query: document, variables: { first, after, query } });
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
    const body = res.body as CostBody;
    const cost = body.extensions?.cost;
    if (!cost || body.errors) throw new Error(`cost probe: ${JSON.stringify(body).slice(0, 500)}`);
    const conn = body.data![root]!;
    // A short last page costs less than the pages the benchmark's figures are about.
    if (conn.nodes.length === first) {
      requested.push(cost.requestedQueryCost);
      actual.push(cost.actualQueryCost);
    }
    if (!conn.pageInfo.hasNextPage) break;
    after = conn.pageInfo.endCursor;
  }
  // The first calls warm up graphql-js and SQLite: take the median service time.
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  return { operation: /query (\w+)/.exec(document)![1]!, perPage: first, requested: Math.max(0, ...requested), actual: mean(actual), serviceMs: median(times) };
}

/** Costs of a full customers page and a full orders page, for orders like the benchmark's. */
export async function probePageCosts(): Promise<{ customers: PageCost; orders: PageCost }> {
  const store = new EmulatorStore(":memory:");
  try {
    const domain = "cost-probe.myshopify.com";
    // Plus: the probe's bucket must not throttle it.
    const s = seedShop(store, domain, "60000000999", PAGE_SIZE * 2, "plus", "cost-probe");
    const now = Date.now();
    addOrders(store, s, ORDERS_PER_PAGE * 40, new Date(now - 300 * DAY_MS), new Date(now - DAY_MS));
    const emulator = new AdminEmulator({ schemaPath: ensureAdminSchema(), store });
    const since = new Date(now - 365 * DAY_MS).toISOString();
    const customers = await pages(emulator, domain, KantaCustomersPage, "customers", PAGE_SIZE, "", 2);
    const orders = await pages(emulator, domain, KantaOrdersPage, "orders", ORDERS_PER_PAGE, `created_at:>='${since}'`, 40);
    return { customers, orders };
  } finally {
    store.close();
  }
}
