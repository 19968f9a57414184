// Reward codes as Kanta creates them (one customer, a collection or a variant, a minimum
// subtotal), the lookups around them (codeDiscountNodeByCode, productVariant, collection), and
// the catalogue seeded for them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AdminEmulator } from "../../../app/emulator/admin-emulator.server";
import type { EmulatorStore } from "../../../app/emulator/store.server";
import {
  KantaCollection,
  KantaDiscountCodeBasicCreate,
  KantaDiscountCodeByCode,
  KantaDiscountCodeFreeShippingCreate,
  KantaProductVariant,
} from "../../../app/graphql/documents";
import { emulatedCustomer, emulatedShop } from "../../support/emulator-seed";
import { createCustomer, createRng, makeShop } from "../../support/shopify-payloads";
import { gql, makeEmulator, manualClock, SHOP, tempStore } from "./helpers";

const rng = createRng("emulator-rewards");
const ava = createCustomer(rng, { id: "800000000000000001", firstName: "Ava", lastName: "Smith", email: "ava@example.com" });
const AVA = "gid://shopify/Customer/800000000000000001";
const SUMMER = "gid://shopify/Collection/450000000001";
const MUG = "gid://shopify/ProductVariant/460000000001";
const TOTE = "gid://shopify/ProductVariant/460000000002";
const TOTE_PRODUCT = "gid://shopify/Product/470000000002";

/** Kanta's basic reward input, as the redemption flow builds it. */
const basicReward = {
  title: "Kanta reward: $5 off",
  code: "KANTA-5OFF-A1",
  startsAt: "2026-11-23T12:00:00Z",
  endsAt: "2026-12-23T12:00:00Z",
  usageLimit: 1,
  appliesOncePerCustomer: true,
  context: { customers: { add: [AVA] } },
  combinesWith: { orderDiscounts: false, productDiscounts: true, shippingDiscounts: true },
  minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: "25.00" } },
  customerGets: { value: { discountAmount: { amount: "5.00", appliesOnEachItem: false } }, items: { collections: { add: [SUMMER] } } },
};

const ECHO = `#graphql
  mutation Echo($basicCodeDiscount: DiscountCodeBasicInput!) {
    discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) {
      codeDiscountNode {
        id
        codeDiscount {
          ... on DiscountCodeBasic {
            title
            summary
            discountClasses
            usageLimit
            appliesOncePerCustomer
            codes(first: 1) { nodes { code } }
            context {
              __typename
              ... on DiscountCustomers { customers { id displayName } }
            }
            minimumRequirement { ... on DiscountMinimumSubtotal { greaterThanOrEqualToSubtotal { amount currencyCode } } }
            customerGets {
              value {
                ... on DiscountAmount { amount { amount currencyCode } appliesOnEachItem }
                ... on DiscountPercentage { percentage }
              }
              items {
                __typename
                ... on DiscountCollections { collections(first: 5) { nodes { id title } } }
                ... on DiscountProducts {
                  productVariants(first: 5) { nodes { id displayName price } }
                  products(first: 5) { nodes { id title } }
                }
              }
            }
          }
        }
      }
      userErrors { field message code }
    }
  }`;

describe("reward codes", () => {
  let store: EmulatorStore;
  let cleanup: () => void;
  let emulator: AdminEmulator;

  beforeAll(() => {
    ({ store, cleanup } = tempStore());
    emulator = makeEmulator(store, { clock: manualClock(Date.parse("2026-11-23T12:00:00Z")).now });
    store.upsertShop(emulatedShop(makeShop()));
    store.upsertCustomers(SHOP, [emulatedCustomer(ava)]);
    expect(store.upsertCollections(SHOP, [{ id: SUMMER, title: "Summer Sale" }])).toBe(1);
    expect(
      store.upsertVariants(SHOP, [
        { id: MUG, productTitle: "Kanta Mug", title: "Default Title", price: "12" },
        { id: TOTE, productId: TOTE_PRODUCT, productTitle: "Canvas Tote", title: "Natural", price: "24.5", sku: "TOTE-NAT" },
      ]),
    ).toBe(2);
  }, 120_000);

  afterAll(() => cleanup?.());

  describe("seeded catalogue", () => {
    it("productVariant: Shopify's displayName and Money price; null when absent", async () => {
      const found = await gql(emulator, KantaProductVariant, { id: MUG });
      expect(found.body).toEqual({
        data: { productVariant: { id: MUG, displayName: "Kanta Mug - Default Title", price: "12.00" } },
        extensions: {
          cost: { requestedQueryCost: 1, actualQueryCost: 1, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1999, restoreRate: 100 } },
        },
      });
      const tote = await gql(emulator, `query { productVariant(id: "${TOTE}") { title sku legacyResourceId product { id title } } }`);
      expect(tote.body.data).toEqual({
        productVariant: { title: "Natural", sku: "TOTE-NAT", legacyResourceId: "460000000002", product: { id: TOTE_PRODUCT, title: "Canvas Tote" } },
      });
      const missing = await gql(emulator, KantaProductVariant, { id: "gid://shopify/ProductVariant/1" });
      expect(missing.body.data).toEqual({ productVariant: null });
      expect(missing.body.extensions.cost).toMatchObject({ requestedQueryCost: 1, actualQueryCost: 0 });
    });

    it("collection: id and title (handle derived from the title); null when absent", async () => {
      const found = await gql(emulator, KantaCollection, { id: SUMMER });
      expect(found.body.data).toEqual({ collection: { id: SUMMER, title: "Summer Sale" } });
      expect(found.body.extensions.cost).toMatchObject({ requestedQueryCost: 1, actualQueryCost: 1 });
      expect((await gql(emulator, `query { collection(id: "${SUMMER}") { handle legacyResourceId } }`)).body.data).toEqual({
        collection: { handle: "summer-sale", legacyResourceId: "450000000001" },
      });
      expect((await gql(emulator, KantaCollection, { id: "gid://shopify/Collection/1" })).body.data).toEqual({ collection: null });
    });

    it("a seed with a bad id or price is refused", () => {
      expect(() => store.upsertVariants(SHOP, [{ id: "gid://shopify/Product/1", productTitle: "X", title: "Y", price: "1" }])).toThrow(
        'EmulatorStore: expected a ProductVariant GID, got "gid://shopify/Product/1"',
      );
      expect(() => store.upsertVariants(SHOP, [{ id: MUG, productTitle: "X", title: "Y", price: "$1" }])).toThrow(
        'EmulatorStore: price is not a decimal amount: "$1"',
      );
      expect(() => store.upsertCollections(SHOP, [{ id: "42", title: "Z" }])).toThrow('EmulatorStore: expected a Collection GID, got "42"');
    });
  });

  describe("discountCodeBasicCreate", () => {
    it("KantaDiscountCodeBasicCreate: the node id, end date and confirmed code; the input is stored as sent", async () => {
      const res = await gql(emulator, KantaDiscountCodeBasicCreate, { basicCodeDiscount: basicReward });
      expect(res.body.data).toEqual({
        discountCodeBasicCreate: {
          codeDiscountNode: {
            id: "gid://shopify/DiscountCodeNode/1",
            codeDiscount: { endsAt: "2026-12-23T12:00:00Z", codes: { nodes: [{ code: "KANTA-5OFF-A1" }] } },
          },
          userErrors: [],
        },
      });
      expect(store.discountCodes(SHOP)).toEqual([
        {
          id: "gid://shopify/DiscountCodeNode/1",
          kind: "basic",
          code: "KANTA-5OFF-A1",
          title: "Kanta reward: $5 off",
          createdAt: "2026-11-23T12:00:00Z",
          input: basicReward,
        },
      ]);
    });

    it("echoes the customer context, the minimum subtotal and the collection it applies to", async () => {
      const res = await gql(emulator, ECHO, { basicCodeDiscount: { ...basicReward, code: "KANTA-5OFF-A2" } });
      expect(res.body.data.discountCodeBasicCreate).toEqual({
        codeDiscountNode: {
          id: "gid://shopify/DiscountCodeNode/2",
          codeDiscount: {
            title: "Kanta reward: $5 off",
            summary: "$5.00 off Summer Sale",
            discountClasses: ["PRODUCT"],
            usageLimit: 1,
            appliesOncePerCustomer: true,
            codes: { nodes: [{ code: "KANTA-5OFF-A2" }] },
            context: { __typename: "DiscountCustomers", customers: [{ id: AVA, displayName: "Ava Smith" }] },
            minimumRequirement: { greaterThanOrEqualToSubtotal: { amount: "25.0", currencyCode: "USD" } },
            customerGets: {
              value: { amount: { amount: "5.0", currencyCode: "USD" }, appliesOnEachItem: false },
              items: { __typename: "DiscountCollections", collections: { nodes: [{ id: SUMMER, title: "Summer Sale" }] } },
            },
          },
        },
        userErrors: [],
      });
    });

    it("echoes the variant a free-product reward gives", async () => {
      const res = await gql(emulator, ECHO, {
        basicCodeDiscount: {
          ...basicReward,
          title: "Kanta reward: free mug",
          code: "KANTA-MUG-A3",
          minimumRequirement: undefined,
          customerGets: { value: { percentage: 1 }, items: { products: { productVariantsToAdd: [MUG] } } },
        },
      });
      expect(res.body.data.discountCodeBasicCreate.userErrors).toEqual([]);
      expect(res.body.data.discountCodeBasicCreate.codeDiscountNode.codeDiscount).toMatchObject({
        summary: "100% off Kanta Mug - Default Title",
        discountClasses: ["PRODUCT"],
        minimumRequirement: null,
        customerGets: {
          value: { percentage: 1 },
          items: {
            __typename: "DiscountProducts",
            productVariants: { nodes: [{ id: MUG, displayName: "Kanta Mug - Default Title", price: "12.00" }] },
            products: { nodes: [] },
          },
        },
      });
    });

    it("a percentage off the whole order is an ORDER discount on all items", async () => {
      const res = await gql(emulator, ECHO, {
        basicCodeDiscount: { ...basicReward, code: "KANTA-10PC-A4", customerGets: { value: { percentage: 0.1 }, items: { all: true } } },
      });
      expect(res.body.data.discountCodeBasicCreate.codeDiscountNode.codeDiscount).toMatchObject({
        summary: "10% off entire order",
        discountClasses: ["ORDER"],
        customerGets: { value: { percentage: 0.1 }, items: { __typename: "AllDiscountItems" } },
      });
    });

    it("an unknown customer, collection or variant is a userError, and nothing is created", async () => {
      const before = store.discountCodes(SHOP).length;
      const collection = await gql(emulator, KantaDiscountCodeBasicCreate, {
        basicCodeDiscount: {
          ...basicReward,
          code: "KANTA-BAD-1",
          context: { customers: { add: [AVA, "gid://shopify/Customer/999"] } },
          customerGets: { ...basicReward.customerGets, items: { collections: { add: ["gid://shopify/Collection/998"] } } },
        },
      });
      expect(collection.body.data.discountCodeBasicCreate).toEqual({
        codeDiscountNode: null,
        userErrors: [
          { field: ["basicCodeDiscount", "context", "customers", "add"], message: "Customer with id: 999 is invalid", code: "INVALID" },
          { field: ["basicCodeDiscount", "customerGets", "items", "collections", "add"], message: "Collection with id: 998 is invalid", code: "INVALID" },
        ],
      });
      const variant = await gql(emulator, KantaDiscountCodeBasicCreate, {
        basicCodeDiscount: {
          ...basicReward,
          code: "KANTA-BAD-2",
          customerGets: { value: { percentage: 1 }, items: { products: { productVariantsToAdd: [MUG, "gid://shopify/ProductVariant/997"] } } },
        },
      });
      expect(variant.body.data.discountCodeBasicCreate).toEqual({
        codeDiscountNode: null,
        userErrors: [
          {
            field: ["basicCodeDiscount", "customerGets", "items", "products", "productVariantsToAdd"],
            message: "Product variant with id: 997 is invalid",
            code: "INVALID",
          },
        ],
      });
      const shipping = await gql(emulator, KantaDiscountCodeFreeShippingCreate, {
        freeShippingCodeDiscount: {
          title: "Kanta reward: free shipping",
          code: "KANTA-BAD-3",
          startsAt: "2026-11-23T12:00:00Z",
          context: { customers: { add: ["gid://shopify/Customer/996"] } },
          destination: { all: true },
        },
      });
      expect(shipping.body.data.discountCodeFreeShippingCreate).toEqual({
        codeDiscountNode: null,
        userErrors: [{ field: ["freeShippingCodeDiscount", "context", "customers", "add"], message: "Customer with id: 996 is invalid", code: "INVALID" }],
      });
      expect(store.discountCodes(SHOP)).toHaveLength(before);
    });

    it("collections together with products or variants are a CONFLICT", async () => {
      const res = await gql(emulator, KantaDiscountCodeBasicCreate, {
        basicCodeDiscount: {
          ...basicReward,
          code: "KANTA-BAD-4",
          customerGets: { value: { percentage: 0.5 }, items: { collections: { add: [SUMMER] }, products: { productsToAdd: [TOTE_PRODUCT] } } },
        },
      });
      expect(res.body.data.discountCodeBasicCreate.userErrors).toEqual([
        {
          field: ["basicCodeDiscount", "customerGets", "items", "collections", "add"],
          message: "Cannot entitle collections in combination with product variants or products",
          code: "CONFLICT",
        },
      ]);
    });

    it("a code already used, in any case and by any discount type, is TAKEN", async () => {
      const basic = await gql(emulator, KantaDiscountCodeBasicCreate, { basicCodeDiscount: { ...basicReward, code: "kanta-5off-a1" } });
      expect(basic.body.data.discountCodeBasicCreate).toEqual({
        codeDiscountNode: null,
        userErrors: [{ field: ["basicCodeDiscount", "code"], message: "Code must be unique. Please try a different code.", code: "TAKEN" }],
      });
      const shipping = await gql(emulator, KantaDiscountCodeFreeShippingCreate, {
        freeShippingCodeDiscount: {
          title: "Kanta reward: free shipping",
          code: "Kanta-5Off-A1",
          startsAt: "2026-11-23T12:00:00Z",
          context: { customers: { add: [AVA] } },
          destination: { all: true },
        },
      });
      expect(shipping.body.data.discountCodeFreeShippingCreate).toEqual({
        codeDiscountNode: null,
        userErrors: [{ field: ["freeShippingCodeDiscount", "code"], message: "Code must be unique. Please try a different code.", code: "TAKEN" }],
      });
    });
  });

  describe("KantaDiscountCodeFreeShippingCreate", () => {
    it("creates a free-shipping code for one customer", async () => {
      const input = {
        title: "Kanta reward: free shipping",
        code: "KANTA-SHIP-B1",
        startsAt: "2026-11-23T12:00:00Z",
        endsAt: "2026-12-23T12:00:00Z",
        usageLimit: 1,
        appliesOncePerCustomer: true,
        context: { customers: { add: [AVA] } },
        combinesWith: { orderDiscounts: true, productDiscounts: true, shippingDiscounts: false },
        destination: { all: true },
      };
      const res = await gql(emulator, KantaDiscountCodeFreeShippingCreate, { freeShippingCodeDiscount: input });
      const id = res.body.data.discountCodeFreeShippingCreate.codeDiscountNode.id;
      expect(res.body.data.discountCodeFreeShippingCreate).toEqual({
        codeDiscountNode: { id, codeDiscount: { endsAt: "2026-12-23T12:00:00Z", codes: { nodes: [{ code: "KANTA-SHIP-B1" }] } } },
        userErrors: [],
      });
      expect(store.discountCodes(SHOP).at(-1)).toEqual({
        id, kind: "freeShipping", code: "KANTA-SHIP-B1", title: "Kanta reward: free shipping", createdAt: "2026-11-23T12:00:00Z", input,
      });
      const read = await gql(emulator, `query { codeDiscountNodeByCode(code: "kanta-ship-b1") {
        codeDiscount { ... on DiscountCodeFreeShipping { context { ... on DiscountCustomers { customers { id } } } } }
      } }`);
      expect(read.body.data).toEqual({ codeDiscountNodeByCode: { codeDiscount: { context: { customers: [{ id: AVA }] } } } });
    });
  });

  describe("codeDiscountNodeByCode", () => {
    it("finds a code in any case; null when no discount has it", async () => {
      const found = await gql(emulator, KantaDiscountCodeByCode, { code: "kanta-5off-a1" });
      expect(found.body.data).toEqual({ codeDiscountNodeByCode: { id: "gid://shopify/DiscountCodeNode/1" } });
      expect(found.body.extensions.cost).toMatchObject({ requestedQueryCost: 1, actualQueryCost: 1 });
      const missing = await gql(emulator, KantaDiscountCodeByCode, { code: "KANTA-NOPE" });
      expect(missing.body.data).toEqual({ codeDiscountNodeByCode: null });
      expect(missing.body.extensions.cost).toMatchObject({ requestedQueryCost: 1, actualQueryCost: 0 });
    });

    it("serves the same node as the create answer", async () => {
      const res = await gql(emulator, `query ByCode($code: String!) {
        codeDiscountNodeByCode(code: $code) {
          id
          codeDiscount {
            ... on DiscountCodeBasic {
              title
              codes(first: 1) { nodes { code } }
              context { ... on DiscountCustomers { customers { id } } }
              customerGets { items { ... on DiscountCollections { collections(first: 1) { nodes { title } } } } }
            }
          }
        }
      }`, { code: "KANTA-5OFF-A1" });
      expect(res.body.data).toEqual({
        codeDiscountNodeByCode: {
          id: "gid://shopify/DiscountCodeNode/1",
          codeDiscount: {
            title: "Kanta reward: $5 off",
            codes: { nodes: [{ code: "KANTA-5OFF-A1" }] },
            context: { customers: [{ id: AVA }] },
            customerGets: { items: { collections: { nodes: [{ title: "Summer Sale" }] } } },
          },
        },
      });
    });
  });

  it("clearShop removes the seeded variants and collections", () => {
    const other = "other-shop.myshopify.com";
    store.upsertShop(emulatedShop(makeShop({ domain: other })));
    store.upsertVariants(other, [{ id: MUG, productTitle: "Mug", title: "Blue", price: "3.5" }]);
    store.upsertCollections(other, [{ id: SUMMER, title: "Sale" }]);
    expect(store.productVariant(other, MUG)?.price).toBe("3.50");
    store.clearShop(other);
    expect(store.productVariant(other, MUG)).toBeNull();
    expect(store.collection(other, SUMMER)).toBeNull();
    expect(store.productVariant(SHOP, MUG)?.displayName).toBe("Kanta Mug - Default Title");
  });
});
