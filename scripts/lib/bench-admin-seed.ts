// Shops for `npm run bench:admin`: paid one-line orders spread over the last 300 days, made by
// the webhook payload generator (test/support/shopify-payloads.ts) and converted to the Admin
// API's shape (test/support/emulator-seed.ts), so the emulator serves what Shopify would.
// Generated and written in chunks: 100,000 orders at once would hold a few hundred MB of objects.
import type { EmulatedShopInput, EmulatorStore } from "../../app/emulator/store.server";
import { emulatedCustomer, emulatedOrder, emulatedShop } from "../../test/support/emulator-seed";
import { createCustomer, createOrder, createRng, makeShop, type CustomerRecord, type Rng, type ShopInfo } from "../../test/support/shopify-payloads";

export type Plan = "standard" | "plus";

export const DAY_MS = 86_400_000;
/** Orders per generated and written chunk. */
const CHUNK = 5_000;

export type BenchShop = {
  domain: string;
  shop: ShopInfo;
  rng: Rng;
  people: CustomerRecord[];
  /** Orders generated so far (the next order number is 1001 + this). */
  orders: number;
  /** Sum of net_eligible_minor over the generated orders (each order is one line, no tax or discount). */
  netMinor: number;
};

export function shopOverrides(plan: Plan): Partial<EmulatedShopInput> {
  return { accessToken: "shpat_emulated_offline", ...(plan === "plus" ? { planName: "Shopify Plus", shopifyPlus: true } : {}) };
}

/** Creates the shop and its customers in the emulator. */
export function seedShop(store: EmulatorStore, domain: string, shopId: string, customers: number, plan: Plan, seed: string): BenchShop {
  const rng = createRng(seed);
  const shop = makeShop({ domain, id: shopId, name: `Bench ${domain.split(".")[0]}` });
  const signup = new Date(Date.now() - 400 * DAY_MS);
  const people = Array.from({ length: customers }, () => createCustomer(rng, { createdAt: signup }));
  store.upsertShop(emulatedShop(shop, shopOverrides(plan)));
  store.upsertCustomers(domain, people.map(emulatedCustomer));
  return { domain, shop, rng, people, orders: 0, netMinor: 0 };
}

/**
 * Adds `count` paid orders to the emulator, created between `from` and `to` (evenly spaced, in
 * order), updated when created. Returns the GIDs of the orders added.
 */
export function addOrders(store: EmulatorStore, s: BenchShop, count: number, from: Date, to: Date): string[] {
  const ids: string[] = [];
  const span = to.getTime() - from.getTime();
  for (let start = 0; start < count; start += CHUNK) {
    const n = Math.min(CHUNK, count - start);
    const chunk = Array.from({ length: n }, (_, j) => {
      const i = start + j;
      const k = s.orders + i;
      const at = new Date(from.getTime() + (count > 1 ? (span * i) / (count - 1) : 0));
      const unitMinor = (5 + (k % 50)) * 100 + 37;
      s.netMinor += unitMinor;
      return createOrder(s.rng, {
        shop: s.shop, customer: s.people[k % s.people.length], currency: "USD", taxRate: 0, financialStatus: "paid",
        processedAt: at, createdAt: at, orderNumber: 1001 + k,
        lines: [{ title: `Item ${k % 500}`, unitPriceMinor: unitMinor, quantity: 1 }],
      });
    });
    const emulated = chunk.map(emulatedOrder);
    store.upsertOrders(s.domain, emulated);
    for (const o of emulated) ids.push(o.id);
  }
  s.orders += count;
  return ids;
}
