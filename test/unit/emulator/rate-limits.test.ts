// Query cost, Shopify's single-query limit, the per-shop leaky bucket, and injected faults.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ANY_OPERATION, EmulatorStore } from "../../../app/emulator/store.server";
import {
  KantaCustomersPage,
  KantaDiscountCodeBasicCreate,
  KantaDiscountCodeByCode,
  KantaMetafieldsSet,
  KantaOrderDetail,
  KantaOrdersPage,
  KantaShopFacts,
} from "../../../app/graphql/documents";
import { ORDERS_PER_PAGE } from "../../../app/shopify/admin-orders.server";
import { emulatedCustomer, emulatedShop } from "../../support/emulator-seed";
import { createCustomer, createRng, makeShop } from "../../support/shopify-payloads";
import { gql, makeEmulator, manualClock, schemaPath, SHOP, tempStore } from "./helpers";

const THROTTLED_ERROR = { message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } };

let store: EmulatorStore;
let file: string;
let cleanup: () => void;

beforeEach(() => {
  schemaPath();
  ({ store, file, cleanup } = tempStore());
  store.upsertShop(emulatedShop(makeShop()));
}, 120_000);

afterEach(() => cleanup?.());

describe("query cost", () => {
  it("KantaOrdersPage at the app's page size and KantaOrderDetail fit Shopify's single-query cost limit", async () => {
    const emulator = makeEmulator(store, { clock: manualClock().now });
    // Per order: order 1 + customer 1 + totalPriceSet 3 + lineItems (2 + 10 lines × 10) + refunds
    // 5 × 1 (a plain list with `first`: first × item, the emulator's rule) = 112. A page of 8:
    // 2 + 8 × 112 = 898 requested, accepted. No orders are stored, so 2 are actually spent.
    expect(ORDERS_PER_PAGE).toBe(8);
    const page = await gql(emulator, KantaOrdersPage, { first: ORDERS_PER_PAGE });
    expect(page.body).toEqual({
      data: { orders: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] } },
      extensions: {
        cost: { requestedQueryCost: 898, actualQueryCost: 2, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1998, restoreRate: 100 } },
      },
    });

    // 10 orders per page (2 + 10 × 112 = 1122) are refused before running.
    const ten = await gql(emulator, KantaOrdersPage, { first: 10 });
    expect(ten.body).toEqual({
      errors: [
        {
          message:
            "Query cost is 1122, which exceeds the single query max cost limit (1000).\n\n" +
            "See https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\n" +
            "cost of a query is calculated.\n\n" +
            "To query larger amounts of data with fewer limits, bulk operations should be used instead.\n" +
            "See https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n",
          extensions: { code: "MAX_COST_EXCEEDED", cost: 1122, maxCost: 1000, documentation: "https://shopify.dev/api/usage/rate-limits" },
        },
      ],
    });

    // KantaOrderDetail: order 1 + lineItems (2 + 25 × 10) + refunds 5 × (1 + refundLineItems
    // (2 + 10 × 6) + transactions (2 + 3 × 4) + refundShippingLines (2 + 2 × 4)) = 688 requested.
    // An unknown order is null: nothing actually spent.
    const detail = await gql(emulator, KantaOrderDetail, { id: "gid://shopify/Order/1", linesAfter: null });
    expect(detail.body).toEqual({
      data: { order: null },
      extensions: {
        cost: { requestedQueryCost: 688, actualQueryCost: 0, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1998, restoreRate: 100 } },
      },
    });
    expect(store.requestLog(SHOP)).toEqual(["KantaOrdersPage", "KantaOrdersPage", "KantaOrderDetail"]);
  });

  it("reports requested and actual cost; the difference is refunded to the bucket", async () => {
    const emulator = makeEmulator(store, { clock: manualClock().now });
    store.upsertCustomers(SHOP, [emulatedCustomer(createCustomer(createRng("cost")))]);
    const res = await gql(emulator, KantaCustomersPage, { first: 250 });
    // 2 + 250 × (customer 1 + emailMarketingConsent 1) requested; one customer returned.
    expect(res.body.extensions.cost).toEqual({
      requestedQueryCost: 502,
      actualQueryCost: 4,
      throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1996, restoreRate: 100 },
    });
    const mutation = await gql(emulator, KantaMetafieldsSet, { metafields: [] });
    expect(mutation.body.extensions.cost).toEqual({
      requestedQueryCost: 10,
      actualQueryCost: 10,
      throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1986, restoreRate: 100 },
    });
  });
});

describe("leaky bucket", () => {
  it("THROTTLED when the bucket cannot hold the requested cost, and recovery as the clock advances", async () => {
    const clock = manualClock();
    const emulator = makeEmulator(store, { clock: clock.now, bucket: { maximumAvailable: 40, restoreRate: 10 } });
    // KantaShopFacts costs 4: ten of them empty a 40-point bucket.
    for (let i = 1; i <= 10; i++) {
      const res = await gql(emulator, KantaShopFacts);
      expect(res.body.extensions.cost.throttleStatus.currentlyAvailable).toBe(40 - 4 * i);
    }
    const throttled = await gql(emulator, KantaShopFacts);
    expect(throttled).toEqual({
      status: 200,
      body: {
        errors: [THROTTLED_ERROR],
        extensions: {
          cost: { requestedQueryCost: 4, actualQueryCost: null, throttleStatus: { maximumAvailable: 40, currentlyAvailable: 0, restoreRate: 10 } },
        },
      },
    });
    clock.advance(300); // 3 points back: still not enough
    expect((await gql(emulator, KantaShopFacts)).body.errors).toEqual([THROTTLED_ERROR]);
    clock.advance(100); // 4 points
    const recovered = await gql(emulator, KantaShopFacts);
    expect(recovered.body.errors).toBeUndefined();
    expect(recovered.body.data.shop.name).toBe("Kanta Demo Store");
    expect(recovered.body.extensions.cost.throttleStatus.currentlyAvailable).toBe(0);
    clock.advance(60_000); // refills up to the maximum, not beyond
    expect(emulator.throttleStatus(SHOP)).toEqual({ maximumAvailable: 40, currentlyAvailable: 40, restoreRate: 10 });
  });

  it("the bucket is per shop, and shared by every emulator serving from the same store", async () => {
    const clock = manualClock();
    store.upsertShop(emulatedShop(makeShop({ domain: "other.myshopify.com" })));
    const a = makeEmulator(store, { clock: clock.now, bucket: { maximumAvailable: 8, restoreRate: 1 } });
    const b = makeEmulator(new EmulatorStore(file), { clock: clock.now, bucket: { maximumAvailable: 8, restoreRate: 1 } });
    await gql(a, KantaShopFacts);
    await gql(a, KantaShopFacts);
    expect((await gql(b, KantaShopFacts)).body.errors).toEqual([THROTTLED_ERROR]);
    expect((await gql(b, KantaShopFacts, undefined, { shop: "other.myshopify.com" })).body.errors).toBeUndefined();
    b.store.close();
  });
});

describe("injected faults", () => {
  it("apply first, for the given number of requests, then the emulator answers normally", async () => {
    const emulator = makeEmulator(store);
    store.injectFault(SHOP, "KantaShopFacts", { kind: "throttled", times: 2 });
    store.injectFault(SHOP, "KantaMetafieldsSet", { kind: "http500", times: 1 });
    for (let i = 0; i < 2; i++) {
      const res = await gql(emulator, KantaShopFacts);
      expect(res.body.errors).toEqual([THROTTLED_ERROR]);
      expect(res.body.extensions.cost).toEqual({
        requestedQueryCost: 4, actualQueryCost: null, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 2000, restoreRate: 100 },
      });
    }
    expect((await gql(emulator, KantaShopFacts)).body.data.shop.name).toBe("Kanta Demo Store");

    // Before validation: even an invalid variable set gets the fault.
    const failed = await gql(emulator, KantaMetafieldsSet, {});
    expect(failed.status).toBe(500);
    expect(failed.body).toEqual({
      errors: [
        {
          message: expect.stringMatching(/^Internal error\. Looks like something went wrong on our end\.\nRequest ID: [0-9a-f-]{36} \(include this in support requests\)\.$/),
          extensions: { code: "INTERNAL_SERVER_ERROR", requestId: expect.any(String) },
        },
      ],
    });
    expect((await gql(emulator, KantaMetafieldsSet, {})).body.errors[0].extensions.code).toBe("INVALID_VARIABLE");
    expect(store.requestLog(SHOP)).toEqual([
      "KantaShopFacts", "KantaShopFacts", "KantaShopFacts", "KantaMetafieldsSet", "KantaMetafieldsSet",
    ]);
  });

  it("userErrors: the mutation answers with the given userErrors and does nothing", async () => {
    const emulator = makeEmulator(store);
    store.upsertCustomers(SHOP, [emulatedCustomer(createCustomer(createRng("fault"), { id: "600000000000000009" }))]);
    store.injectFault(SHOP, "KantaMetafieldsSet", {
      kind: "userErrors",
      times: 1,
      userErrors: [{ field: ["metafields", "0", "value"], message: "Value is too large.", code: "INVALID_VALUE" }],
    });
    const input = { metafields: [{ ownerId: "gid://shopify/Customer/600000000000000009", namespace: "kanta", key: "points", type: "number_integer", value: "5" }] };
    const res = await gql(emulator, KantaMetafieldsSet, input);
    expect(res.body.data).toEqual({
      metafieldsSet: { metafields: null, userErrors: [{ field: ["metafields", "0", "value"], message: "Value is too large.", code: "INVALID_VALUE" }] },
    });
    expect(store.metafields(SHOP)).toEqual([]);
    expect((await gql(emulator, KantaMetafieldsSet, input)).body.data.metafieldsSet.userErrors).toEqual([]);
    expect(store.metafields(SHOP)).toHaveLength(1);
  });

  describe("network", () => {
    const reward = {
      title: "Kanta reward: 10% off",
      code: "KANTA-NET-1",
      startsAt: "2026-11-23T12:00:00Z",
      usageLimit: 1,
      customerGets: { value: { percentage: 0.1 }, items: { all: true } },
    };
    const create = (emulator: ReturnType<typeof makeEmulator>) => gql(emulator, KantaDiscountCodeBasicCreate, { basicCodeDiscount: reward });

    /** The rejection, checked to be the one Node's fetch gives for a reset connection. */
    async function resetError(pending: Promise<unknown>): Promise<void> {
      const error = await pending.then(
        () => expect.unreachable("fetch resolved"),
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(TypeError);
      expect(error).toMatchObject({ message: "fetch failed", cause: { message: "read ECONNRESET", code: "ECONNRESET" } });
    }

    it("network: fetch rejects like a reset connection and the mutation is not executed", async () => {
      const emulator = makeEmulator(store, { clock: manualClock().now });
      store.injectFault(SHOP, "KantaDiscountCodeBasicCreate", { kind: "network", times: 1 });
      await resetError(create(emulator));
      expect(store.discountCodes(SHOP)).toEqual([]);
      expect(emulator.throttleStatus(SHOP).currentlyAvailable).toBe(2000);
      // Consumed: the retry reaches Shopify.
      expect((await create(emulator)).body.data.discountCodeBasicCreate.userErrors).toEqual([]);
      expect(store.discountCodes(SHOP).map((d) => d.code)).toEqual(["KANTA-NET-1"]);
      expect(store.requestLog(SHOP)).toEqual(["KantaDiscountCodeBasicCreate", "KantaDiscountCodeBasicCreate"]);
    });

    it("lostResponse: the mutation takes effect, then fetch rejects; the code is then found and TAKEN", async () => {
      const emulator = makeEmulator(store, { clock: manualClock().now });
      store.injectFault(SHOP, "KantaDiscountCodeBasicCreate", { kind: "lostResponse", times: 1 });
      await resetError(create(emulator));
      expect(store.discountCodes(SHOP)).toEqual([expect.objectContaining({ id: "gid://shopify/DiscountCodeNode/1", code: "KANTA-NET-1", input: reward })]);
      expect((await gql(emulator, KantaDiscountCodeByCode, { code: "KANTA-NET-1" })).body.data).toEqual({
        codeDiscountNodeByCode: { id: "gid://shopify/DiscountCodeNode/1" },
      });
      expect((await create(emulator)).body.data.discountCodeBasicCreate.userErrors).toEqual([
        { field: ["basicCodeDiscount", "code"], message: "Code must be unique. Please try a different code.", code: "TAKEN" },
      ]);
      expect(store.discountCodes(SHOP)).toHaveLength(1);
    });

    it("handle() reports the cut connection instead of throwing", async () => {
      const emulator = makeEmulator(store, { clock: manualClock().now });
      store.injectFault(SHOP, ANY_OPERATION, { kind: "network", times: 1 });
      store.injectFault(SHOP, ANY_OPERATION, { kind: "lostResponse", times: 1 });
      expect(await emulator.handle(SHOP, { query: KantaShopFacts })).toEqual({ status: 0, headers: {}, body: null, dropped: "network" });
      const lost = await emulator.handle(SHOP, { query: KantaShopFacts });
      expect(lost).toMatchObject({ status: 200, dropped: "lostResponse", body: { data: { shop: { name: "Kanta Demo Store" } } } });
      const normal = await emulator.handle(SHOP, { query: KantaShopFacts });
      expect(normal.dropped).toBeUndefined();
      expect(normal.status).toBe(200);
    });
  });

  it("can be injected from another connection (the test process) and match any operation", async () => {
    const emulator = makeEmulator(store);
    const seeder = new EmulatorStore(file);
    seeder.injectFault(SHOP, ANY_OPERATION, { kind: "http500", times: 1 });
    seeder.close();
    expect((await gql(emulator, KantaCustomersPage, { first: 1 })).status).toBe(500);
    expect((await gql(emulator, KantaCustomersPage, { first: 1 })).status).toBe(200);
  });
});
