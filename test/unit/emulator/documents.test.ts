// Every document Kanta sends (app/graphql/documents.ts) against the emulator, with exact results.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AdminEmulator } from "../../../app/emulator/admin-emulator.server";
import type { EmulatorStore } from "../../../app/emulator/store.server";
import {
  KantaCustomersPage,
  KantaMetafieldDefinitionCreate,
  KantaMetafieldsSet,
  KantaOrderDetail,
  KantaOrdersPage,
  KantaShopFacts,
} from "../../../app/graphql/documents";
import { parseLosslessJson } from "../../../app/lib/json";
import { orderFactsFromPayload } from "../../../app/loyalty/order-facts";
import { resetAdminPacer, type AdminGraphql } from "../../../app/shopify/admin-client.server";
import { restOrderPayload, type AdminOrderNode } from "../../../app/shopify/admin-order-payload";
import { fetchOrdersPage, ORDERS_PER_PAGE } from "../../../app/shopify/admin-orders.server";
import { emulatedCustomer, emulatedOrder, emulatedShop, seedEmulator } from "../../support/emulator-seed";
import {
  applyRefund,
  cancelOrder,
  createCustomer,
  createOrder,
  createRefund,
  createRng,
  makeShop,
  orderJson,
  simulateStore,
  toShopifyJson,
  type OrderRecord,
  type SimulatedStore,
} from "../../support/shopify-payloads";
import { gql, makeEmulator, manualClock, schemaPath, SHOP, tempStore } from "./helpers";

const shop = makeShop(); // kanta-demo.myshopify.com, USD, America/New_York
const rng = createRng("emulator-documents");

const ava = createCustomer(rng, {
  id: "700000000000000001",
  firstName: "Ava",
  lastName: "Smith",
  email: "ava@example.com",
  phone: null,
  marketing: "subscribed",
  tags: ["vip", "wholesale"],
  createdAt: new Date("2026-01-10T09:00:00Z"),
});
const noEmail = createCustomer(rng, {
  id: "700000000000000002",
  firstName: "Kenji",
  lastName: "Tanaka",
  email: null,
  phone: "+15550000002",
  marketing: "not_subscribed",
  locale: "ja",
  createdAt: new Date("2026-01-11T09:00:00Z"),
});

/** A paid order with a code, a line discount, tax, shipping, a gift card, then a partial refund with shipping. */
function refundedOrder(): OrderRecord {
  const order = createOrder(rng, {
    id: "800000000000000001",
    shop,
    customer: ava,
    orderNumber: 1001,
    lines: [
      { title: "Linen Tee", unitPriceMinor: 2500, quantity: 2, lineDiscountMinor: 500 },
      { title: "Gift Card", unitPriceMinor: 5000, giftCard: true },
    ],
    discountCode: { code: "WELCOME10", type: "percentage", value: 10 },
    shippingMinor: 800,
    taxRate: 0.1,
    createdAt: new Date("2026-02-01T15:00:00Z"),
  });
  const refund = createRefund(rng, order, {
    lines: [{ lineItemId: order.lines[0]!.id, quantity: 1, restockType: "return" }],
    shipping: "full",
    createdAt: new Date("2026-02-05T10:30:00Z"),
  });
  return applyRefund(order, refund);
}

/** A guest test order at the POS, paid in EUR, cancelled before payment (voided). */
function voidedOrder(): OrderRecord {
  const order = createOrder(rng, {
    id: "800000000000000002",
    shop,
    customer: null,
    email: "guest@example.net",
    orderNumber: 1002,
    lines: [{ title: "Espresso Cup", unitPriceMinor: 1000 }],
    presentmentCurrency: "EUR",
    presentmentRate: 0.9,
    financialStatus: "pending",
    test: true,
    sourceName: "pos",
    createdAt: new Date("2026-02-02T08:00:00Z"),
  });
  return cancelOrder(order, new Date("2026-02-03T08:00:00Z"));
}

const usd = (amount: string) => ({ amount, currencyCode: "USD" });

/** The emulator's cursors for the 1st and 2nd item of a nested connection (base64url of {"offset":n}). */
const LINE_CURSOR = ["eyJvZmZzZXQiOjB9", "eyJvZmZzZXQiOjF9"] as const;

/** order1's lines as KantaOrdersPage and KantaOrderDetail select them. */
const teeLine = (id: string, productId: string) => ({
  id: `gid://shopify/LineItem/${id}`,
  title: "Linen Tee",
  quantity: 2,
  currentQuantity: 1,
  isGiftCard: false,
  product: { id: `gid://shopify/Product/${productId}` },
  originalUnitPriceSet: { shopMoney: usd("25.0") },
  // The code's allocation (application 0) before the line's own discount (application 1).
  discountAllocations: [{ allocatedAmountSet: { shopMoney: usd("4.5") } }, { allocatedAmountSet: { shopMoney: usd("5.0") } }],
  taxLines: [{ priceSet: { shopMoney: usd("4.05") } }],
});
const giftCardLine = (id: string, productId: string) => ({
  id: `gid://shopify/LineItem/${id}`,
  title: "Gift Card",
  quantity: 1,
  currentQuantity: 1,
  isGiftCard: true,
  product: { id: `gid://shopify/Product/${productId}` },
  originalUnitPriceSet: { shopMoney: usd("50.0") },
  discountAllocations: [],
  taxLines: [],
});

describe("Kanta's documents against the emulator", () => {
  let store: EmulatorStore;
  let cleanup: () => void;
  let emulator: AdminEmulator;
  let order1: OrderRecord;
  let order2: OrderRecord;

  beforeAll(() => {
    schemaPath(); // may download the schema once
    ({ store, cleanup } = tempStore());
    // Shopify's single-query cost limit applies (every document fits it, see rate-limits.test.ts);
    // the bucket is lifted: this suite checks the data, not pacing.
    emulator = makeEmulator(store, { bucket: { maximumAvailable: 1e9, restoreRate: 1e9 }, clock: manualClock().now });
    store.upsertShop(emulatedShop(shop, { planName: "Shopify Plus", primaryDomainHost: "shop.kanta-demo.example" }));
    store.upsertCustomers(SHOP, [emulatedCustomer(ava), emulatedCustomer(noEmail)]);
    order1 = refundedOrder();
    order2 = voidedOrder();
    store.upsertOrders(SHOP, [order1, order2].map(emulatedOrder));
  }, 120_000);

  afterAll(() => cleanup?.());

  it("KantaShopFacts returns the shop's facts", async () => {
    const res = await gql(emulator, KantaShopFacts);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      shop: {
        id: "gid://shopify/Shop/72845419843",
        name: "Kanta Demo Store",
        myshopifyDomain: "kanta-demo.myshopify.com",
        currencyCode: "USD",
        ianaTimezone: "America/New_York",
        contactEmail: "owner@kanta-demo.example",
        plan: { publicDisplayName: "Shopify Plus", partnerDevelopment: false, shopifyPlus: true },
        primaryDomain: { host: "shop.kanta-demo.example", url: "https://shop.kanta-demo.example" },
        billingAddress: { formatted: ["Mannerheimintie 1", "00100 Helsinki", "Finland"] },
      },
    });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.extensions.cost).toMatchObject({ requestedQueryCost: 4, actualQueryCost: 4 });
  });

  it("KantaCustomersPage returns the customers in updated_at order", async () => {
    const res = await gql(emulator, KantaCustomersPage, { first: 250, after: null, query: null });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.customers.nodes).toEqual([
      {
        id: "gid://shopify/Customer/700000000000000001",
        email: "ava@example.com",
        firstName: "Ava",
        lastName: "Smith",
        locale: "en",
        tags: ["vip", "wholesale"],
        updatedAt: "2026-01-10T09:00:00Z",
        emailMarketingConsent: { marketingState: "SUBSCRIBED" },
      },
      {
        id: "gid://shopify/Customer/700000000000000002",
        email: null,
        firstName: "Kenji",
        lastName: "Tanaka",
        locale: "ja",
        tags: [],
        updatedAt: "2026-01-11T09:00:00Z",
        emailMarketingConsent: null,
      },
    ]);
    expect(res.body.data.customers.pageInfo).toEqual({ hasNextPage: false, endCursor: expect.any(String) });
  });

  it("KantaOrdersPage returns the orders as Shopify's GraphQL Admin API presents them", async () => {
    const res = await gql(emulator, KantaOrdersPage, { first: ORDERS_PER_PAGE, after: null, query: "created_at:>='2026-01-01T00:00:00Z'" });
    expect(res.body.errors).toBeUndefined();
    const [tee, giftCard] = order1.lines;
    const [cup] = order2.lines;
    const refund = order1.refunds[0]!;
    expect(res.body.data.orders.pageInfo).toEqual({ hasNextPage: false, endCursor: expect.any(String) });
    // Sorted by updatedAt: the voided order (Feb 3) before the refunded one (Feb 5). Each order
    // carries its first 10 lines and only the ids of its refunds (KantaOrderDetail reads the rest).
    expect(res.body.data.orders.nodes).toEqual([
      {
        id: "gid://shopify/Order/800000000000000002",
        name: "#1002",
        email: "guest@example.net",
        createdAt: "2026-02-02T08:00:00Z",
        updatedAt: "2026-02-03T08:00:00Z",
        processedAt: "2026-02-02T08:00:00Z",
        cancelledAt: "2026-02-03T08:00:00Z",
        test: true,
        sourceName: "pos",
        taxesIncluded: false,
        currencyCode: "USD",
        presentmentCurrencyCode: "EUR",
        displayFinancialStatus: "VOIDED",
        discountCodes: [],
        customer: null,
        totalPriceSet: { shopMoney: usd("10.0"), presentmentMoney: { amount: "9.0", currencyCode: "EUR" } },
        lineItems: {
          pageInfo: { hasNextPage: false, endCursor: LINE_CURSOR[0] },
          nodes: [
            {
              id: `gid://shopify/LineItem/${cup!.id}`,
              title: "Espresso Cup",
              quantity: 1,
              currentQuantity: 0, // cancelled
              isGiftCard: false,
              product: { id: `gid://shopify/Product/${cup!.productId}` },
              originalUnitPriceSet: { shopMoney: usd("10.0") },
              discountAllocations: [],
              taxLines: [],
            },
          ],
        },
        refunds: [],
      },
      {
        id: "gid://shopify/Order/800000000000000001",
        name: "#1001",
        email: "ava@example.com",
        createdAt: "2026-02-01T15:00:00Z",
        updatedAt: "2026-02-05T10:30:00Z",
        processedAt: "2026-02-01T15:00:00Z",
        cancelledAt: null,
        test: false,
        sourceName: "web",
        taxesIncluded: false,
        currencyCode: "USD",
        presentmentCurrencyCode: "USD",
        displayFinancialStatus: "PARTIALLY_REFUNDED",
        discountCodes: ["WELCOME10"],
        customer: { id: "gid://shopify/Customer/700000000000000001", email: "ava@example.com" },
        // 2 × 25.00 + 50.00 gift card − 5.00 line discount − 4.50 code + 8.00 shipping + 4.05 tax
        totalPriceSet: { shopMoney: usd("102.55"), presentmentMoney: usd("102.55") },
        lineItems: {
          pageInfo: { hasNextPage: false, endCursor: LINE_CURSOR[1] },
          nodes: [teeLine(tee!.id, tee!.productId), giftCardLine(giftCard!.id, giftCard!.productId)],
        },
        refunds: [{ id: `gid://shopify/Refund/${refund.id}` }],
      },
    ]);
  });

  it("KantaOrderDetail returns an order's remaining lines and its refunds in full", async () => {
    const [tee, giftCard] = order1.lines;
    const refund = order1.refunds[0]!;
    const refundInFull = {
      id: `gid://shopify/Refund/${refund.id}`,
      createdAt: "2026-02-05T10:30:00Z",
      refundLineItems: {
        nodes: [
          {
            quantity: 1,
            lineItem: { id: `gid://shopify/LineItem/${tee!.id}` },
            subtotalSet: { shopMoney: usd("20.25") },
            totalTaxSet: { shopMoney: usd("2.03") },
          },
        ],
      },
      // 20.25 + 2.03 tax + 8.00 shipping
      transactions: { nodes: [{ kind: "REFUND", status: "SUCCESS", amountSet: { shopMoney: usd("30.28"), presentmentMoney: usd("30.28") } }] },
      // The whole 8.00 of shipping (REST: an order adjustment of kind shipping_refund, −8.00).
      refundShippingLines: { nodes: [{ subtotalAmountSet: { shopMoney: usd("8.0"), presentmentMoney: usd("8.0") } }] },
    };

    const all = await gql(emulator, KantaOrderDetail, { id: "gid://shopify/Order/800000000000000001", linesAfter: null });
    expect(all.body.errors).toBeUndefined();
    expect(all.body.data).toEqual({
      order: {
        id: "gid://shopify/Order/800000000000000001",
        lineItems: {
          pageInfo: { hasNextPage: false, endCursor: LINE_CURSOR[1] },
          nodes: [teeLine(tee!.id, tee!.productId), giftCardLine(giftCard!.id, giftCard!.productId)],
        },
        refunds: [refundInFull],
      },
    });

    // From a line cursor: only the lines after it.
    const rest = await gql(emulator, KantaOrderDetail, { id: "gid://shopify/Order/800000000000000001", linesAfter: LINE_CURSOR[0] });
    expect(rest.body.errors).toBeUndefined();
    expect(rest.body.data).toEqual({
      order: {
        id: "gid://shopify/Order/800000000000000001",
        lineItems: { pageInfo: { hasNextPage: false, endCursor: LINE_CURSOR[1] }, nodes: [giftCardLine(giftCard!.id, giftCard!.productId)] },
        refunds: [refundInFull],
      },
    });
    expect(rest.body.extensions.cost).toMatchObject({ requestedQueryCost: 688 });
  });

  it("KantaMetafieldDefinitionCreate creates a definition", async () => {
    const res = await gql(emulator, KantaMetafieldDefinitionCreate, {
      definition: {
        namespace: "kanta", key: "points", type: "number_integer", ownerType: "CUSTOMER", name: "Kanta points",
        description: "The customer's points balance.", access: { storefront: "PUBLIC_READ" },
      },
    });
    expect(res.body).toMatchObject({
      data: {
        metafieldDefinitionCreate: {
          createdDefinition: { id: "gid://shopify/MetafieldDefinition/1", namespace: "kanta", key: "points" },
          userErrors: [],
        },
      },
    });
    expect(res.body.extensions.cost).toMatchObject({ requestedQueryCost: 10, actualQueryCost: 10 });
    expect(store.metafieldDefinitions(SHOP)).toEqual([
      {
        id: "gid://shopify/MetafieldDefinition/1", ownerType: "CUSTOMER", namespace: "kanta", key: "points", type: "number_integer",
        name: "Kanta points", description: "The customer's points balance.", createdAt: "2026-11-23T12:00:00Z",
        // As coerced by the schema: input fields with defaults are filled in.
        input: {
          namespace: "kanta", key: "points", type: "number_integer", ownerType: "CUSTOMER", name: "Kanta points",
          description: "The customer's points balance.", access: { storefront: "PUBLIC_READ" }, pin: false, useAsCollectionCondition: false,
        },
      },
    ]);
  });

  it("KantaMetafieldsSet writes customer and shop metafields", async () => {
    const res = await gql(emulator, KantaMetafieldsSet, {
      metafields: [
        { ownerId: "gid://shopify/Customer/700000000000000001", namespace: "kanta", key: "points", type: "number_integer", value: "120" },
        { ownerId: "gid://shopify/Shop/72845419843", namespace: "kanta", key: "program", type: "json", value: '{"earn":{"points":1}}' },
      ],
    });
    expect(res.body.data).toEqual({
      metafieldsSet: {
        metafields: [
          { id: "gid://shopify/Metafield/1", namespace: "kanta", key: "points", ownerType: "CUSTOMER" },
          { id: "gid://shopify/Metafield/2", namespace: "kanta", key: "program", ownerType: "SHOP" },
        ],
        userErrors: [],
      },
    });
    // Setting again updates in place (same id).
    const again = await gql(emulator, KantaMetafieldsSet, {
      metafields: [{ ownerId: "gid://shopify/Customer/700000000000000001", namespace: "kanta", key: "points", type: "number_integer", value: "95" }],
    });
    expect(again.body.data.metafieldsSet.metafields).toEqual([{ id: "gid://shopify/Metafield/1", namespace: "kanta", key: "points", ownerType: "CUSTOMER" }]);
    expect(store.metafields(SHOP).map(({ ownerId, key, type, value }) => ({ ownerId, key, type, value }))).toEqual([
      { ownerId: "gid://shopify/Customer/700000000000000001", key: "points", type: "number_integer", value: "95" },
      { ownerId: "gid://shopify/Shop/72845419843", key: "program", type: "json", value: '{"earn":{"points":1}}' },
    ]);
  });

  it("logs every operation name received, in order", () => {
    expect(store.requestLog(SHOP)).toEqual([
      "KantaShopFacts", "KantaCustomersPage", "KantaOrdersPage", "KantaOrderDetail", "KantaOrderDetail", "KantaMetafieldDefinitionCreate", "KantaMetafieldsSet", "KantaMetafieldsSet",
    ]);
  });
});


describe("emulated orders and webhooks describe the same orders", () => {
  /** 40 lines (KantaOrdersPage reads 10, KantaOrderDetail 25 at a time) and a refund of later lines with shipping. */
  function longOrder(sim: SimulatedStore): OrderRecord {
    const r = createRng("emulator-parity-long-order");
    const order = createOrder(r, {
      id: "800000000000000040",
      shop: sim.shop,
      customer: sim.customers[0]!,
      orderNumber: 9040,
      lines: Array.from({ length: 40 }, (_, i) => ({
        title: `Sample ${i + 1}`,
        unitPriceMinor: 300 + 25 * i,
        quantity: 1 + (i % 3),
        ...(i % 7 === 3 ? { lineDiscountMinor: 100 } : {}),
      })),
      discountCode: { code: "BULK5", type: "percentage", value: 5 },
      shippingMinor: 1295,
      taxRate: 0.0825,
      createdAt: new Date("2026-10-20T14:00:00Z"),
    });
    const refund = createRefund(r, order, {
      lines: [
        { lineItemId: order.lines[2]!.id, quantity: 1, restockType: "return" },
        { lineItemId: order.lines[17]!.id, quantity: 2, restockType: "return" },
        { lineItemId: order.lines[38]!.id, quantity: 1, restockType: "no_restock" },
      ],
      shipping: 500,
      createdAt: new Date("2026-10-25T09:00:00Z"),
    });
    return applyRefund(order, refund);
  }

  it("fetchOrdersPage, read by the app's restOrderPayload, gives the webhook's order facts", async () => {
    const { store, cleanup } = tempStore();
    resetAdminPacer();
    try {
      const sim = simulateStore({ seed: "emulator-parity", customers: 120, days: 365, endDate: new Date("2026-11-01T00:00:00Z") });
      const orders = [...sim.orders, longOrder(sim)];
      seedEmulator(store, { ...sim, orders });
      // Shopify's single-query cost limit applies; the bucket is generous so that the app's pacer
      // never waits.
      const emulator = makeEmulator(store, { bucket: { maximumAvailable: 1e12, restoreRate: 1e9 } });
      // The app's AdminGraphql contract (admin-client.server.ts): a Response with the JSON body.
      // (The real client throws GraphqlQueryError for a body with `errors`; adminRequest reads
      // `errors` from a returned body just the same.)
      const graphql: AdminGraphql = async (query, options) => {
        const res = await emulator.handle(sim.shop.domain, { query, variables: options?.variables });
        return new Response(JSON.stringify(res.body), { status: res.status, headers: res.headers });
      };

      const fetched: AdminOrderNode[] = [];
      let after: string | null = null;
      let pages = 0;
      for (;;) {
        const page = await fetchOrdersPage(graphql, sim.shop.domain, { after, query: "created_at:>='2025-01-01T00:00:00Z'" });
        pages++;
        expect(page.orders.length).toBeLessThanOrEqual(ORDERS_PER_PAGE);
        fetched.push(...page.orders);
        if (!page.hasNextPage) break;
        after = page.endCursor;
      }
      expect(fetched.length).toBe(orders.length);
      expect(pages).toBe(Math.ceil(orders.length / ORDERS_PER_PAGE));
      const byGid = new Map(fetched.map((n) => [n.id, n]));
      expect(byGid.size).toBe(orders.length);

      // One KantaOrderDetail per order with refunds or more than 10 lines; the 40-line order
      // needs two (lines 11–35, then 36–40).
      const log = store.requestLog(sim.shop.domain);
      const withRefunds = orders.filter((o) => o.refunds.length > 0).length;
      expect(orders.filter((o) => o.lines.length > 10).map((o) => o.id)).toEqual(["800000000000000040"]);
      expect(log.filter((op) => op === "KantaOrdersPage").length).toBe(pages);
      expect(log.filter((op) => op === "KantaOrderDetail").length).toBe(withRefunds + 1);
      expect(byGid.get("gid://shopify/Order/800000000000000040")!.lineItems.nodes.map((l) => l.title)).toEqual(
        Array.from({ length: 40 }, (_, i) => `Sample ${i + 1}`),
      );

      let refunded = 0;
      let shippingRefunds = 0;
      let amountOnlyRefunds = 0;
      for (const order of orders) {
        const fromWebhook = orderFactsFromPayload(parseLosslessJson(toShopifyJson(orderJson(order))));
        const fromApi = orderFactsFromPayload(restOrderPayload(byGid.get(`gid://shopify/Order/${order.id}`)!));
        const comparable = (f: typeof fromWebhook) => ({
          ...f,
          // Same instants; REST writes them in the shop's offset, GraphQL in UTC.
          processedAt: Date.parse(f.processedAt),
          createdAt: Date.parse(f.createdAt),
          updatedAt: f.updatedAt && Date.parse(f.updatedAt),
          cancelledAt: f.cancelledAt && Date.parse(f.cancelledAt),
          // The API documents do not read the checkout and cart tokens nor the shipping address
          // (webhook-only facts).
          checkoutToken: null,
          cartToken: null,
          addressHash: null,
          refunds: f.refunds.map((r) => ({ ...r, createdAt: r.createdAt && Date.parse(r.createdAt) })),
        });
        const api = comparable(fromApi);
        const webhook = comparable(fromWebhook);
        expect(api, `order ${order.id}`).toEqual(webhook);
        if (order.refunds.length) refunded++;
        amountOnlyRefunds += fromWebhook.refunds.filter((r) => r.amountOnly).length;
        shippingRefunds += fromApi.refunds.filter((r) => r.shippingRefundMinor > 0).length;
      }
      // Refunded orders, shipping refunds (all with parity now) and amount-only refunds compared.
      expect({ refunded, shippingRefunds, amountOnlyRefunds }).toEqual({ refunded: 44, shippingRefunds: 12, amountOnlyRefunds: 5 });
    } finally {
      resetAdminPacer();
      cleanup();
    }
  }, 60_000);
});
