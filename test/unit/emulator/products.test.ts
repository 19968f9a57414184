// Products with tags and collection memberships, as the exclusions sync reads them:
// products(query: "tag:'…'") and collection(id).products, 250 ids a page within the cost limit.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AdminEmulator } from "../../../app/emulator/admin-emulator.server";
import type { EmulatorStore } from "../../../app/emulator/store.server";
import { KantaCollectionProducts, KantaProductsByTag } from "../../../app/graphql/documents";
import { resetAdminPacer, type AdminGraphql } from "../../../app/shopify/admin-client.server";
import { resolveExclusions, tagSearchQuery } from "../../../app/shopify/exclusions.server";
import { emulatedShop } from "../../support/emulator-seed";
import { makeShop } from "../../support/shopify-payloads";
import { gql, makeEmulator, manualClock, SHOP, tempStore } from "./helpers";

const GIFTS = "gid://shopify/Collection/451000000001";
const EMPTY = "gid://shopify/Collection/451000000002";
const product = (n: number) => `gid://shopify/Product/${472000000000 + n}`;

describe("products and collection products", () => {
  let store: EmulatorStore;
  let cleanup: () => void;
  let emulator: AdminEmulator;

  beforeAll(() => {
    ({ store, cleanup } = tempStore());
    emulator = makeEmulator(store, { clock: manualClock(Date.parse("2026-11-23T12:00:00Z")).now });
    store.upsertShop(emulatedShop(makeShop()));
    store.upsertCollections(SHOP, [{ id: GIFTS, title: "Gifts" }, { id: EMPTY, title: "Empty" }]);
    // 260 products tagged "Gift Wrap" (two pages), every tenth also in Gifts; three others.
    const wrapped = Array.from({ length: 260 }, (_, i) => ({
      id: product(i + 1), title: `Wrapped ${i + 1}`, tags: ["Gift Wrap", "seasonal"], collections: (i + 1) % 10 === 0 ? [GIFTS] : [],
    }));
    expect(
      store.upsertProducts(SHOP, [
        ...wrapped,
        { id: product(900), title: "Final Sale Tee", tags: ["Final sale", "don't earn"] },
        { id: product(901), title: "Gift Card", tags: [], collections: [GIFTS] },
        { id: product(902), title: "Plain Mug" },
      ]),
    ).toBe(263);
  }, 120_000);

  afterAll(() => cleanup?.());

  it("KantaProductsByTag: exact tags, case-insensitive, 250 a page at 252 points", async () => {
    const first = await gql(emulator, KantaProductsByTag, { query: "tag:'gift wrap'", after: null });
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data.products.nodes).toHaveLength(250);
    expect(first.body.data.products.nodes[0]).toEqual({ id: product(1) });
    expect(first.body.data.products.pageInfo).toEqual({ hasNextPage: true, endCursor: expect.any(String) });
    expect(first.body.extensions.cost).toMatchObject({ requestedQueryCost: 252, actualQueryCost: 252 });
    const second = await gql(emulator, KantaProductsByTag, { query: "tag:'gift wrap'", after: first.body.data.products.pageInfo.endCursor });
    expect(second.body.data.products).toEqual({
      nodes: Array.from({ length: 10 }, (_, i) => ({ id: product(251 + i) })),
      pageInfo: { hasNextPage: false, endCursor: expect.any(String) },
    });
    expect((await gql(emulator, KantaProductsByTag, { query: "tag:'Final sale'", after: null })).body.data.products.nodes).toEqual([{ id: product(900) }]);
    expect((await gql(emulator, KantaProductsByTag, { query: `tag:"don't earn"`, after: null })).body.data.products.nodes).toEqual([{ id: product(900) }]);
    expect((await gql(emulator, KantaProductsByTag, { query: "tag:'Gift'", after: null })).body.data.products.nodes).toEqual([]);
  });

  it("KantaCollectionProducts: the collection's products 250 a page at 253 points; null for an unknown collection", async () => {
    const gifts = await gql(emulator, KantaCollectionProducts, { id: GIFTS, after: null });
    expect(gifts.body.data.collection).toEqual({
      id: GIFTS,
      products: {
        nodes: [...Array.from({ length: 26 }, (_, i) => ({ id: product((i + 1) * 10) })), { id: product(901) }],
        pageInfo: { hasNextPage: false, endCursor: expect.any(String) },
      },
    });
    expect(gifts.body.extensions.cost).toMatchObject({ requestedQueryCost: 253 });
    expect((await gql(emulator, KantaCollectionProducts, { id: EMPTY, after: null })).body.data.collection.products.nodes).toEqual([]);
    const missing = await gql(emulator, KantaCollectionProducts, { id: "gid://shopify/Collection/1", after: null });
    expect(missing.body.data).toEqual({ collection: null });
  });

  it("refuses search the emulator does not model instead of widening the result", async () => {
    const res = await gql(emulator, KantaProductsByTag, { query: "status:active", after: null });
    expect(res.body.errors[0].extensions.code).toBe("EMULATOR_NOT_MODELLED");
  });

  it("a re-seeded product replaces its tags and memberships", async () => {
    store.upsertProducts(SHOP, [{ id: product(902), title: "Plain Mug", tags: ["Final Sale"], collections: [EMPTY] }]);
    expect((await gql(emulator, KantaProductsByTag, { query: "tag:'final sale'", after: null })).body.data.products.nodes).toEqual([
      { id: product(900) }, { id: product(902) },
    ]);
    expect((await gql(emulator, KantaCollectionProducts, { id: EMPTY, after: null })).body.data.collection.products.nodes).toEqual([{ id: product(902) }]);
    store.upsertProducts(SHOP, [{ id: product(902), title: "Plain Mug", collections: [] }]);
    expect((await gql(emulator, KantaCollectionProducts, { id: EMPTY, after: null })).body.data.collection.products.nodes).toEqual([]);
  });

  it("resolveExclusions reads every page of every tag and collection", async () => {
    resetAdminPacer();
    const graphql: AdminGraphql = async (query, options) => {
      const res = await emulator.handle(SHOP, { query, variables: options?.variables });
      return new Response(JSON.stringify(res.body), { status: res.status, headers: res.headers });
    };
    const resolved = await resolveExclusions(graphql, SHOP, {
      tags: ["Gift Wrap", "don't earn"],
      collections: [GIFTS, "gid://shopify/Collection/1"],
    });
    expect(resolved.products.size).toBe(262);
    expect(resolved.products.has(product(901))).toBe(true);
    expect(resolved.products.has(product(902))).toBe(false);
    expect(resolved.missingCollections).toEqual(["gid://shopify/Collection/1"]);
    resetAdminPacer();
  });

  it("tag search syntax quotes the tag", () => {
    expect(tagSearchQuery("Gift Wrap")).toBe("tag:'Gift Wrap'");
    expect(tagSearchQuery("don't earn")).toBe(`tag:"don't earn"`);
    expect(tagSearchQuery(`say "don't"`)).toBe(`tag:'say "don\\'t"'`);
  });
});
