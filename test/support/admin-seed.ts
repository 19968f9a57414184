// Shops and members for admin tests: a shop installed through the emulator (token exchange, the
// install job and the history import), then members who buy things, through signed webhooks over
// HTTP as Shopify sends them. Members created after the install get the welcome bonus.
import type { EmulatorStore } from "../../app/emulator/store.server";
import type { SqlDatabase } from "../../app/storage/sql.server";
import { TEST_API_KEY, TEST_SECRET, waitFor, waitForInboxDrained } from "./app-server";
import { deliver } from "./deliver";
import { emulatedCustomer, emulatedShop } from "./emulator-seed";
import { DESKTOP_UA, embeddedAppUrl } from "./session-token";
import {
  buildCustomersCreate, buildOrdersPaid, createCustomer, createOrder, type CustomerRecord, type LineInput, type OrderRecord, type Rng, type ShopInfo,
} from "./shopify-payloads";

const jobDone = async (sql: SqlDatabase, shop: string, kind: string) =>
  (await sql.get<{ status: string }>(`SELECT status FROM job WHERE shop = ? AND kind = ? ORDER BY id DESC LIMIT 1`, [shop, kind]))?.status === "done";

/** Registers the shop in the emulator, opens the embedded app (install) and waits for the history import. */
export async function installShop(appUrl: string, sql: SqlDatabase, store: EmulatorStore, shop: ShopInfo): Promise<void> {
  store.upsertShop(emulatedShop(shop, { accessToken: "shpat_emulated_offline" }));
  const res = await fetch(embeddedAppUrl(appUrl, shop.domain, TEST_API_KEY, TEST_SECRET), { headers: { "User-Agent": DESKTOP_UA } });
  if (res.status !== 200) throw new Error(`opening the app for ${shop.domain} answered ${res.status}: ${await res.text()}`);
  await waitFor(() => jobDone(sql, shop.domain, "install"), `install of ${shop.domain}`, 60_000);
  // The history import reads the emulator's customers: it finishes before the members below exist
  // there, so they arrive through their webhooks (new customers) and not through the import.
  await waitFor(() => jobDone(sql, shop.domain, "backfill"), `history import of ${shop.domain}`, 60_000);
}

export type MemberSeed = { firstName: string; lastName: string; email: string; orders: LineInput[][] };
export type SeededMember = { customer: CustomerRecord; orders: OrderRecord[] };

let orderNumber = 1001;

/** Customers created in Shopify (customers/create), each with their paid orders (orders/paid), in order. */
export async function seedMembers(
  appUrl: string, sql: SqlDatabase, store: EmulatorStore, shop: ShopInfo, rng: Rng, members: MemberSeed[],
): Promise<SeededMember[]> {
  const out: SeededMember[] = [];
  for (const m of members) {
    const customer = createCustomer(rng, { firstName: m.firstName, lastName: m.lastName, email: m.email, currency: shop.currency });
    store.upsertCustomers(shop.domain, [emulatedCustomer(customer)]);
    await deliver(appUrl, shop.domain, buildCustomersCreate(customer, shop));
    const orders: OrderRecord[] = [];
    for (const lines of m.orders) {
      const order = createOrder(rng, { shop, customer, currency: shop.currency, taxRate: 0, financialStatus: "paid", lines, orderNumber: orderNumber++ });
      await deliver(appUrl, shop.domain, buildOrdersPaid(order));
      orders.push(order);
    }
    // One member at a time: joined order and ledger order are the order of this list.
    await waitForInboxDrained(sql);
    out.push({ customer, orders });
  }
  return out;
}
