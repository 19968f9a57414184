// Mutations: metafield definitions and metafields (Kanta's install and sync), and the discount
// and consent mutations coming features will send.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AdminEmulator } from "../../../app/emulator/admin-emulator.server";
import type { EmulatorStore } from "../../../app/emulator/store.server";
import { KantaCustomersPage, KantaMetafieldDefinitionCreate, KantaMetafieldsSet } from "../../../app/graphql/documents";
import { emulatedCustomer, emulatedShop } from "../../support/emulator-seed";
import { createCustomer, createRng, makeShop } from "../../support/shopify-payloads";
import { gql, makeEmulator, manualClock, SHOP, tempStore } from "./helpers";

const shop = makeShop();
const SHOP_GID = "gid://shopify/Shop/72845419843";
const rng = createRng("emulator-mutations");
const customers = Array.from({ length: 30 }, (_, i) =>
  createCustomer(rng, { id: String(600000000000000001n + BigInt(i)), marketing: "not_subscribed", createdAt: new Date("2026-05-01T00:00:00Z") }),
);
const customerGid = (i: number) => `gid://shopify/Customer/${customers[i]!.id}`;

const pointsDefinition = {
  namespace: "kanta", key: "points", type: "number_integer", ownerType: "CUSTOMER", name: "Kanta points", access: { storefront: "PUBLIC_READ" },
};

describe("mutations", () => {
  let store: EmulatorStore;
  let cleanup: () => void;
  let emulator: AdminEmulator;
  const clock = manualClock(Date.parse("2026-11-23T12:00:00Z"));

  beforeAll(() => {
    ({ store, cleanup } = tempStore());
    emulator = makeEmulator(store, { clock: clock.now, bucket: { maximumAvailable: 100_000, restoreRate: 10_000 } });
    store.upsertShop(emulatedShop(shop));
    store.upsertCustomers(SHOP, customers.map(emulatedCustomer));
  }, 120_000);

  afterAll(() => cleanup?.());

  describe("metafieldDefinitionCreate", () => {
    it("a second definition with the same namespace, key and owner type is TAKEN", async () => {
      const first = await gql(emulator, KantaMetafieldDefinitionCreate, { definition: pointsDefinition });
      expect(first.body.data.metafieldDefinitionCreate.userErrors).toEqual([]);
      const second = await gql(emulator, KantaMetafieldDefinitionCreate, { definition: pointsDefinition });
      expect(second.body.data).toEqual({
        metafieldDefinitionCreate: {
          createdDefinition: null,
          userErrors: [{ field: ["definition", "key"], message: "Key is in use for Customer metafields on the 'kanta' namespace.", code: "TAKEN" }],
        },
      });
      expect(store.metafieldDefinitions(SHOP)).toHaveLength(1);
    });

    it("the same key for another owner type is a different definition", async () => {
      const res = await gql(emulator, KantaMetafieldDefinitionCreate, { definition: { ...pointsDefinition, ownerType: "SHOP" } });
      expect(res.body.data.metafieldDefinitionCreate.userErrors).toEqual([]);
      expect(store.metafieldDefinitions(SHOP).map((d) => `${d.ownerType}:${d.namespace}.${d.key}`)).toEqual(["CUSTOMER:kanta.points", "SHOP:kanta.points"]);
    });

    it("validates the input", async () => {
      const res = await gql(emulator, KantaMetafieldDefinitionCreate, {
        definition: { ...pointsDefinition, key: "p", name: " ", type: "number_integr" },
      });
      expect(res.body.data.metafieldDefinitionCreate.userErrors).toEqual([
        { field: ["definition", "name"], message: "Name can't be blank", code: "BLANK" },
        { field: ["definition", "key"], message: "Key is too short (minimum is 2 characters)", code: "TOO_SHORT" },
        { field: ["definition", "type"], message: "Type name is not included in the list", code: "INCLUSION" },
      ]);
    });
  });

  describe("metafieldsSet", () => {
    const points = (i: number, value: string) => ({ ownerId: customerGid(i), namespace: "kanta", key: "points", type: "number_integer", value });

    it("refuses 26 inputs with a userError and writes nothing", async () => {
      const before = store.metafields(SHOP).length;
      const res = await gql(emulator, KantaMetafieldsSet, { metafields: Array.from({ length: 26 }, (_, i) => points(i % 30, "1")) });
      expect(res.body.data).toEqual({
        metafieldsSet: {
          metafields: [],
          userErrors: [{ field: ["metafields"], message: "Exceeded the maximum metafields input limit of 25.", code: "LESS_THAN_OR_EQUAL_TO" }],
        },
      });
      expect(store.metafields(SHOP)).toHaveLength(before);
    });

    it("accepts 25 inputs", async () => {
      const res = await gql(emulator, KantaMetafieldsSet, { metafields: Array.from({ length: 25 }, (_, i) => points(i, String(i * 10))) });
      expect(res.body.data.metafieldsSet.userErrors).toEqual([]);
      expect(res.body.data.metafieldsSet.metafields).toHaveLength(25);
      expect(store.metafield(SHOP, customerGid(24), "kanta", "points")?.value).toBe("240");
    });

    it("checks values against their type, owners, and definitions, and is atomic", async () => {
      const res = await gql(emulator, KantaMetafieldsSet, {
        metafields: [
          points(0, "12.5"),
          { ownerId: customerGid(1), namespace: "kanta", key: "tier", type: "single_line_text_field", value: "Gold\nPlus" },
          { ownerId: SHOP_GID, namespace: "kanta", key: "program", type: "json", value: "{not json" },
          { ownerId: "gid://shopify/Customer/1", namespace: "kanta", key: "points", type: "number_integer", value: "1" },
          { ownerId: customerGid(2), namespace: "kanta", key: "points", type: "single_line_text_field", value: "1" },
          points(3, "7"),
        ],
      });
      expect(res.body.data.metafieldsSet).toEqual({
        metafields: [],
        userErrors: [
          { field: ["metafields", "0", "value"], message: "Value must be an integer.", code: "INVALID_VALUE" },
          { field: ["metafields", "1", "value"], message: "Value must be a single line text string.", code: "INVALID_VALUE" },
          { field: ["metafields", "2", "value"], message: "Value is invalid JSON.", code: "INVALID_VALUE" },
          { field: ["metafields", "3", "ownerId"], message: "Owner does not exist.", code: "INVALID" },
          {
            field: ["metafields", "4", "type"],
            message: "Type 'single_line_text_field' must be consistent with the definition's type: 'number_integer'.",
            code: "INVALID_TYPE",
          },
        ],
      });
      // The valid sixth input was not written either.
      expect(store.metafield(SHOP, customerGid(3), "kanta", "points")?.value).toBe("30");
    });

    it("takes the type from the definition when omitted, and resolves $app namespaces", async () => {
      const res = await gql(emulator, `#graphql
        mutation Set($metafields: [MetafieldsSetInput!]!) {
          metafieldsSet(metafields: $metafields) { metafields { namespace key type value jsonValue } userErrors { field message code } }
        }`, {
        metafields: [
          { ownerId: customerGid(5), namespace: "kanta", key: "points", value: "55" },
          { ownerId: customerGid(5), namespace: "$app", key: "seen", type: "boolean", value: "true" },
          { ownerId: customerGid(5), key: "note", type: "multi_line_text_field", value: "line 1\nline 2" },
        ],
      });
      expect(res.body.data.metafieldsSet).toEqual({
        metafields: [
          { namespace: "kanta", key: "points", type: "number_integer", value: "55", jsonValue: 55 },
          { namespace: "app--7000001", key: "seen", type: "boolean", value: "true", jsonValue: true },
          { namespace: "app--7000001", key: "note", type: "multi_line_text_field", value: "line 1\nline 2", jsonValue: "line 1\nline 2" },
        ],
        userErrors: [],
      });
    });

    it("metafields can be read back through the API", async () => {
      const res = await gql(emulator, `query Read($id: ID!) {
        customer(id: $id) { points: metafield(namespace: "kanta", key: "points") { value } missing: metafield(namespace: "kanta", key: "tier") { value } }
        shop { metafields(first: 5) { nodes { key } } }
      }`, { id: customerGid(5) });
      expect(res.body.data).toEqual({ customer: { points: { value: "55" }, missing: null }, shop: { metafields: { nodes: [] } } });
    });
  });

  describe("discount codes", () => {
    const BASIC = `#graphql
      mutation Basic($basicCodeDiscount: DiscountCodeBasicInput!) {
        discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) {
          codeDiscountNode {
            id
            codeDiscount {
              __typename
              ... on DiscountCodeBasic {
                title
                status
                startsAt
                endsAt
                summary
                usageLimit
                appliesOncePerCustomer
                codes(first: 1) { nodes { code } }
                customerGets {
                  value {
                    ... on DiscountPercentage { percentage }
                    ... on DiscountAmount { amount { amount currencyCode } appliesOnEachItem }
                  }
                  items { ... on AllDiscountItems { allItems } }
                }
                combinesWith { orderDiscounts productDiscounts shippingDiscounts }
                context { ... on DiscountBuyerSelectionAll { all } }
              }
            }
          }
          userErrors { field message code extraInfo }
        }
      }`;
    const FREE_SHIPPING = `#graphql
      mutation FreeShipping($freeShippingCodeDiscount: DiscountCodeFreeShippingInput!) {
        discountCodeFreeShippingCreate(freeShippingCodeDiscount: $freeShippingCodeDiscount) {
          codeDiscountNode { id codeDiscount { __typename ... on DiscountCodeFreeShipping { title codes(first: 1) { nodes { code } } maximumShippingPrice { amount } } } }
          userErrors { field message code }
        }
      }`;
    const reward = {
      title: "Kanta reward: 10% off",
      code: "KANTA-7Q2X",
      startsAt: "2026-11-23T12:00:00Z",
      endsAt: "2027-11-23T12:00:00Z",
      usageLimit: 1,
      appliesOncePerCustomer: true,
      customerGets: { value: { percentage: 0.1 }, items: { all: true } },
      context: { customers: { add: [] } },
      combinesWith: { orderDiscounts: false, productDiscounts: true, shippingDiscounts: true },
    };

    it("discountCodeBasicCreate stores the input and returns the code discount node", async () => {
      const res = await gql(emulator, BASIC, { basicCodeDiscount: { ...reward, context: { all: "ALL" } } });
      expect(res.body.data).toEqual({
        discountCodeBasicCreate: {
          codeDiscountNode: {
            id: "gid://shopify/DiscountCodeNode/1",
            codeDiscount: {
              __typename: "DiscountCodeBasic",
              title: "Kanta reward: 10% off",
              status: "ACTIVE",
              startsAt: "2026-11-23T12:00:00Z",
              endsAt: "2027-11-23T12:00:00Z",
              summary: "10% off entire order",
              usageLimit: 1,
              appliesOncePerCustomer: true,
              codes: { nodes: [{ code: "KANTA-7Q2X" }] },
              customerGets: { value: { percentage: 0.1 }, items: { allItems: true } },
              combinesWith: { orderDiscounts: false, productDiscounts: true, shippingDiscounts: true },
              context: { all: "ALL" },
            },
          },
          userErrors: [],
        },
      });
      expect(res.body.extensions.cost.requestedQueryCost).toBe(10);
      expect(store.discountCodes(SHOP)).toEqual([
        {
          id: "gid://shopify/DiscountCodeNode/1",
          kind: "basic",
          code: "KANTA-7Q2X",
          title: "Kanta reward: 10% off",
          createdAt: "2026-11-23T12:00:00Z",
          input: { ...reward, context: { all: "ALL" } },
        },
      ]);
    });

    it("a duplicate code (any case, any discount type) is TAKEN", async () => {
      const res = await gql(emulator, BASIC, { basicCodeDiscount: { ...reward, code: "kanta-7q2x" } });
      expect(res.body.data.discountCodeBasicCreate).toEqual({
        codeDiscountNode: null,
        userErrors: [{ field: ["basicCodeDiscount", "code"], message: "Code must be unique. Please try a different code.", code: "TAKEN", extraInfo: null }],
      });
      const shipping = await gql(emulator, FREE_SHIPPING, { freeShippingCodeDiscount: { title: "Ship", code: "KANTA-7Q2X", startsAt: "2026-11-23T12:00:00Z" } });
      expect(shipping.body.data.discountCodeFreeShippingCreate.userErrors).toEqual([
        { field: ["freeShippingCodeDiscount", "code"], message: "Code must be unique. Please try a different code.", code: "TAKEN" },
      ]);
      expect(store.discountCodes(SHOP)).toHaveLength(1);
    });

    it("discountCodeFreeShippingCreate", async () => {
      const res = await gql(emulator, FREE_SHIPPING, {
        freeShippingCodeDiscount: { title: "Kanta reward: free shipping", code: "KANTA-SHIP", startsAt: "2026-11-23T12:00:00Z", maximumShippingPrice: "15.00", destination: { all: true } },
      });
      expect(res.body.data.discountCodeFreeShippingCreate).toEqual({
        codeDiscountNode: {
          id: "gid://shopify/DiscountCodeNode/2",
          codeDiscount: { __typename: "DiscountCodeFreeShipping", title: "Kanta reward: free shipping", codes: { nodes: [{ code: "KANTA-SHIP" }] }, maximumShippingPrice: { amount: "15.0" } },
        },
        userErrors: [],
      });
      expect(store.discountCodes(SHOP)[1]).toMatchObject({ kind: "freeShipping", code: "KANTA-SHIP", input: { maximumShippingPrice: "15.00" } });
    });

    it("validates required inputs", async () => {
      const res = await gql(emulator, BASIC, { basicCodeDiscount: { title: "", code: "X1", customerGets: { value: { percentage: 1.5 }, items: { all: true } } } });
      expect(res.body.data.discountCodeBasicCreate.userErrors).toEqual([
        { field: ["basicCodeDiscount", "title"], message: "Title can't be blank", code: "BLANK", extraInfo: null },
        { field: ["basicCodeDiscount", "startsAt"], message: "Starts at can't be blank", code: "BLANK", extraInfo: null },
        { field: ["basicCodeDiscount", "customerGets", "value", "percentage"], message: "Value must be between 0.0 and 1.0", code: "VALUE_OUTSIDE_RANGE", extraInfo: null },
      ]);
    });

    it("fields the emulator does not model for this discount are errors, not nulls", async () => {
      const res = await gql(emulator, BASIC, {
        basicCodeDiscount: { ...reward, code: "KANTA-CTX", context: { customerSegments: { add: ["gid://shopify/Segment/1"] } } },
      });
      // context { customerSegments … } is stored, but segment and market contexts are not served.
      expect(res.body.errors?.[0]).toMatchObject({ extensions: { code: "EMULATOR_NOT_MODELLED" } });
    });
  });

  describe("customerEmailMarketingConsentUpdate", () => {
    const CONSENT = `#graphql
      mutation Consent($input: CustomerEmailMarketingConsentUpdateInput!) {
        customerEmailMarketingConsentUpdate(input: $input) {
          customer { id emailMarketingConsent { marketingState marketingOptInLevel consentUpdatedAt } }
          userErrors { field message code }
        }
      }`;

    it("updates the customer's consent, which KantaCustomersPage then reports", async () => {
      clock.advance(60_000);
      const res = await gql(emulator, CONSENT, {
        input: { customerId: customerGid(7), emailMarketingConsent: { marketingState: "SUBSCRIBED", marketingOptInLevel: "CONFIRMED_OPT_IN" } },
      });
      expect(res.body.data.customerEmailMarketingConsentUpdate).toEqual({
        customer: {
          id: customerGid(7),
          emailMarketingConsent: { marketingState: "SUBSCRIBED", marketingOptInLevel: "CONFIRMED_OPT_IN", consentUpdatedAt: "2026-11-23T12:01:00Z" },
        },
        userErrors: [],
      });
      expect(store.consentUpdates(SHOP)).toEqual([
        {
          customerId: customerGid(7),
          marketingState: "SUBSCRIBED",
          marketingOptInLevel: "CONFIRMED_OPT_IN",
          consentUpdatedAt: "2026-11-23T12:01:00Z",
          at: "2026-11-23T12:01:00Z",
          input: { customerId: customerGid(7), emailMarketingConsent: { marketingState: "SUBSCRIBED", marketingOptInLevel: "CONFIRMED_OPT_IN" } },
        },
      ]);
      const page = await gql(emulator, KantaCustomersPage, { first: 5, query: "updated_at:>='2026-11-23T12:00:00Z'" });
      expect(page.body.data.customers.nodes).toEqual([
        expect.objectContaining({ id: customerGid(7), updatedAt: "2026-11-23T12:01:00Z", emailMarketingConsent: { marketingState: "SUBSCRIBED" } }),
      ]);
    });

    it("an unknown customer is a userError", async () => {
      const res = await gql(emulator, CONSENT, {
        input: { customerId: "gid://shopify/Customer/1", emailMarketingConsent: { marketingState: "UNSUBSCRIBED" } },
      });
      expect(res.body.data.customerEmailMarketingConsentUpdate).toEqual({
        customer: null,
        userErrors: [{ field: ["input", "customerId"], message: "Customer not found", code: "INVALID" }],
      });
    });
  });
});
