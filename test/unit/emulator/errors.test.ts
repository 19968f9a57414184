// Invalid requests get Shopify's answers: graphql-ruby's validation errors (HTTP 200, no data),
// invalid variables, syntax errors, and the HTTP-level refusals (401, 404, 400).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AdminEmulator } from "../../../app/emulator/admin-emulator.server";
import type { EmulatorStore } from "../../../app/emulator/store.server";
import { KantaMetafieldsSet, KantaOrdersPage, KantaShopFacts } from "../../../app/graphql/documents";
import { emulatedShop } from "../../support/emulator-seed";
import { makeShop } from "../../support/shopify-payloads";
import { ADMIN_URL, gql, makeEmulator, manualClock, SHOP, tempStore } from "./helpers";

/** 1-based line and column of the first occurrence of `needle` in a document. */
function locate(document: string, needle: string): { line: number; column: number } {
  const lines = document.split("\n");
  const i = lines.findIndex((l) => l.includes(needle));
  return { line: i + 1, column: lines[i]!.indexOf(needle) + 1 };
}

describe("validation against the real Admin schema", () => {
  let store: EmulatorStore;
  let cleanup: () => void;
  let emulator: AdminEmulator;

  beforeAll(() => {
    ({ store, cleanup } = tempStore());
    emulator = makeEmulator(store, { clock: manualClock().now });
    store.upsertShop(emulatedShop(makeShop()));
  }, 120_000);

  afterAll(() => cleanup?.());

  it("a typo'd field gets Shopify's undefinedField error, and no data", async () => {
    const res = await gql(emulator, `query KantaShopFacts { shop { id nmae } }`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      errors: [
        {
          message: "Field 'nmae' doesn't exist on type 'Shop'",
          locations: [{ line: 1, column: 34 }],
          path: ["query KantaShopFacts", "shop", "nmae"],
          extensions: { code: "undefinedField", typeName: "Shop", fieldName: "nmae" },
        },
      ],
    });
  });

  it("a typo deep inside KantaOrdersPage is located by Shopify's path", async () => {
    const typo = KantaOrdersPage.replace("        displayFinancialStatus\n", "        displayFinancialStatu\n");
    expect(typo).not.toBe(KantaOrdersPage);
    const res = await gql(emulator, typo, { first: 1 });
    expect(res.body.errors).toEqual([
      {
        message: "Field 'displayFinancialStatu' doesn't exist on type 'Order'",
        locations: [locate(typo, "displayFinancialStatu")],
        path: ["query KantaOrdersPage", "orders", "nodes", "displayFinancialStatu"],
        extensions: { code: "undefinedField", typeName: "Order", fieldName: "displayFinancialStatu" },
      },
    ]);
    expect(store.requestLog(SHOP).at(-1)).toBe("KantaOrdersPage");
  });

  it("other common mistakes get graphql-ruby's messages", async () => {
    // [document, its first error, how many errors graphql-ruby reports]
    const cases: [string, Record<string, unknown>, number?][] = [
      [
        `query A { orders(first: 1, sortkey: UPDATED_AT) { nodes { id } } }`,
        {
          message: "Field 'orders' doesn't accept argument 'sortkey'",
          path: ["query A", "orders", "sortkey"],
          extensions: { code: "argumentNotAccepted", name: "orders", typeName: "Field", argumentName: "sortkey" },
        },
      ],
      [
        `mutation B { metafieldsSet { userErrors { message } } }`,
        {
          message: "Field 'metafieldsSet' is missing required arguments: metafields",
          path: ["mutation B", "metafieldsSet"],
          extensions: { code: "missingRequiredArguments", className: "Field", name: "metafieldsSet", arguments: "metafields" },
        },
      ],
      [
        `query C { shop { plan } }`,
        {
          message: "Field must have selections (field 'plan' returns ShopPlan but has no selections. Did you mean 'plan { ... }'?)",
          path: ["query C", "shop", "plan"],
          extensions: { code: "selectionMismatch", nodeName: "field 'plan'", typeName: "ShopPlan" },
        },
      ],
      [
        `query D { shop { name { first last } } }`,
        {
          message: `Selections can't be made on scalars (field 'name' returns String but has selections ["first", "last"])`,
          locations: [{ line: 1, column: 18 }],
          path: ["query D", "shop", "name"],
          extensions: { code: "selectionMismatch", nodeName: "field 'name'", typeName: "String" },
        },
      ],
      [
        `query E { orders(first: $n) { nodes { id } } }`,
        {
          message: "Variable $n is used by E but not declared",
          path: ["query E", "orders", "first"],
          extensions: { code: "variableNotDefined", variableName: "n" },
        },
      ],
      [
        `query F($n: Int) { shop { id } }`,
        { message: "Variable $n is declared by F but not used", path: ["query F"], extensions: { code: "variableNotUsed", variableName: "n" } },
      ],
      [
        `mutation G($m: [MetafieldsSetInput!]) { metafieldsSet(metafields: $m) { userErrors { message } } }`,
        {
          message: "Nullability mismatch on variable $m and argument metafields ([MetafieldsSetInput!] / [MetafieldsSetInput!]!)",
          path: ["mutation G", "metafieldsSet", "metafields"],
          extensions: {
            code: "variableMismatch", variableName: "m", typeName: "[MetafieldsSetInput!]", argumentName: "metafields", errorMessage: "Nullability mismatch",
          },
        },
      ],
      [
        `query H { orders(first: "ten") { nodes { id } } }`,
        {
          message: `Argument 'first' on Field 'orders' has an invalid value ("ten"). Expected type 'Int'.`,
          path: ["query H", "orders", "first"],
          extensions: { code: "argumentLiteralsIncompatible", typeName: "Field", argumentName: "first" },
        },
      ],
      [
        `query I { orders(first: 1, sortKey: NEWEST) { nodes { id } } }`,
        {
          message: "Argument 'sortKey' on Field 'orders' has an invalid value (NEWEST). Expected type 'OrderSortKeys'.",
          path: ["query I", "orders", "sortKey"],
          extensions: { code: "argumentLiteralsIncompatible", typeName: "Field", argumentName: "sortKey" },
        },
      ],
      [
        `query J($x: Strin!) { shop { metafield(key: $x) { id } } }`,
        {
          message: "Strin isn't a defined input type (on $x)",
          path: ["query J"],
          extensions: { code: "variableRequiresValidType", typeName: "Strin", variableName: "x" },
        },
      ],
      [
        `query K($x: MoneyV2!) { shop { metafield(key: $x) { id } } }`,
        {
          message: "MoneyV2! isn't a valid input type (on $x)",
          path: ["query K"],
          extensions: { code: "variableRequiresValidType", typeName: "MoneyV2!", variableName: "x" },
        },
        2, // and a type mismatch with metafield(key: String!)
      ],
    ];
    for (const [query, expected, count = 1] of cases) {
      const res = await gql(emulator, query);
      expect(res.body.data, query).toBeUndefined();
      expect(res.body.errors, query).toHaveLength(count);
      expect(res.body.errors[0], query).toMatchObject(expected);
      expect(res.body.errors[0].locations, query).toHaveLength(1);
    }
  });

  it("invalid variable values get graphql-ruby's INVALID_VARIABLE errors", async () => {
    const missing = await gql(emulator, KantaOrdersPage, {});
    expect(missing.body).toEqual({
      errors: [
        {
          message: "Variable $first of type Int! was provided invalid value",
          locations: [locate(KantaOrdersPage, "$first")],
          extensions: { code: "INVALID_VARIABLE", value: null, problems: [{ path: [], explanation: "Expected value to not be null" }] },
        },
      ],
    });
    const wrongType = await gql(emulator, KantaOrdersPage, { first: "ten" });
    expect(wrongType.body.errors[0]).toMatchObject({
      message: "Variable $first of type Int! was provided invalid value",
      extensions: { value: "ten", problems: [{ path: [], explanation: 'Could not coerce value "ten" to Int' }] },
    });
    const metafield = { namespace: "kanta", key: "points", type: "number_integer", value: "1" };
    const nested = await gql(emulator, KantaMetafieldsSet, { metafields: [metafield] });
    expect(nested.body.errors).toEqual([
      {
        message: "Variable $metafields of type [MetafieldsSetInput!]! was provided invalid value for 0.ownerId (Expected value to not be null)",
        locations: [locate(KantaMetafieldsSet, "$metafields")],
        extensions: { code: "INVALID_VARIABLE", value: [metafield], problems: [{ path: [0, "ownerId"], explanation: "Expected value to not be null" }] },
      },
    ]);
    const badDate = await gql(emulator, `mutation M($d: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $d) { userErrors { message } } }`, {
      d: { title: "T", code: "C", startsAt: "next tuesday" },
    });
    expect(badDate.body.errors[0].message).toBe(
      `Variable $d of type DiscountCodeBasicInput! was provided invalid value for startsAt (Could not coerce value "next tuesday" to DateTime)`,
    );
  });

  it("a syntax error is reported with its location", async () => {
    const res = await gql(emulator, `query Broken { shop { id }`);
    expect(res.status).toBe(200);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors).toEqual([{ message: "Expected Name, found <EOF>. at [1, 27]", locations: [{ line: 1, column: 27 }] }]);
  });

  it("several operations need an operationName", async () => {
    const res = await emulator.handle(SHOP, { query: `query A { shop { id } } query B { shop { name } }` });
    expect(res.body).toEqual({ errors: [{ message: "An operation name is required" }] });
    const named = await emulator.handle(SHOP, { query: `query A { shop { id } } query B { shop { name } }`, operationName: "B" });
    expect(named.body).toMatchObject({ data: { shop: { name: "Kanta Demo Store" } } });
  });

  it("a field the emulator does not model is an explicit error, never a silent null", async () => {
    const res = await gql(emulator, `query K { shop { id weightUnit } }`);
    expect(res.body.data).toBeNull();
    expect(res.body.errors).toEqual([
      {
        message: "The Kanta Admin API emulator does not model Shop.weightUnit",
        locations: [{ line: 1, column: 21 }],
        path: ["shop", "weightUnit"],
        extensions: { code: "EMULATOR_NOT_MODELLED" },
      },
    ]);
  });
});

describe("HTTP", () => {
  let store: EmulatorStore;
  let cleanup: () => void;
  let emulator: AdminEmulator;

  beforeAll(() => {
    ({ store, cleanup } = tempStore());
    emulator = makeEmulator(store);
    store.upsertShop(emulatedShop(makeShop()));
    store.upsertShop(emulatedShop(makeShop({ domain: "locked.myshopify.com" }), { accessToken: "shpat_right" }));
  }, 120_000);

  afterAll(() => cleanup?.());

  it("answers like Shopify with JSON and the API version header", async () => {
    const res = await emulator.fetch(ADMIN_URL, {
      method: "POST",
      headers: { "X-Shopify-Access-Token": "shpat_any", "Content-Type": "application/json" },
      body: JSON.stringify({ query: KantaShopFacts }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(res.headers.get("x-shopify-api-version")).toBe("2026-07");
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(((await res.json()) as any).data.shop.myshopifyDomain).toBe(SHOP);
  });

  it("401 without an access token, or with the wrong one when the shop has one", async () => {
    const noToken = await gql(emulator, KantaShopFacts, undefined, { token: null });
    expect(noToken).toEqual({ status: 401, body: { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" } });
    const wrong = await gql(emulator, KantaShopFacts, undefined, { shop: "locked.myshopify.com", token: "shpat_wrong" });
    expect(wrong.status).toBe(401);
    const right = await gql(emulator, KantaShopFacts, undefined, { shop: "locked.myshopify.com", token: "shpat_right" });
    expect(right.status).toBe(200);
  });

  it("404 for a shop the emulator does not know; 400 for a body without a query", async () => {
    expect(await gql(emulator, KantaShopFacts, undefined, { shop: "nobody.myshopify.com" })).toEqual({ status: 404, body: { errors: "Not Found" } });
    const res = await emulator.fetch(ADMIN_URL, { method: "POST", headers: { "X-Shopify-Access-Token": "t" }, body: "{not json" });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ errors: { query: "Required parameter missing or invalid" } });
  });

  it("accepts application/graphql bodies", async () => {
    const res = await emulator.fetch(ADMIN_URL, {
      method: "POST",
      headers: { "X-Shopify-Access-Token": "t", "Content-Type": "application/graphql" },
      body: "{ shop { name } }",
    });
    expect(await res.json()).toMatchObject({ data: { shop: { name: "Kanta Demo Store" } } });
  });

  it("throws for URLs that are not the Admin GraphQL endpoint", async () => {
    await expect(emulator.fetch("https://example.com/")).rejects.toThrow(/only answers Admin GraphQL requests/);
    await expect(emulator.fetch(`https://${SHOP}/admin/api/2026-07/orders.json`)).rejects.toThrow(/only answers Admin GraphQL requests/);
    await expect(emulator.fetch(`https://${SHOP}/admin/oauth/access_token`, { method: "POST" })).rejects.toThrow();
  });
});
