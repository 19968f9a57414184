// Every Admin GraphQL document Kanta sends is valid against Shopify's Admin schema for the app's
// API version, is named after its export, and has up-to-date generated types.
import fs from "node:fs";
import { generate } from "@graphql-codegen/cli";
import { buildClientSchema, Kind, parse, validate, type GraphQLSchema, type IntrospectionQuery } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import codegenConfig, { GENERATED_FILE } from "../../../codegen";
import * as documents from "../../../app/graphql/documents";
import { ADMIN_API_VERSION, ensureAdminSchema } from "../../../scripts/admin-schema.mjs";

let schema: GraphQLSchema;

beforeAll(() => {
  const json = JSON.parse(fs.readFileSync(ensureAdminSchema(), "utf8")) as { data: IntrospectionQuery };
  schema = buildClientSchema(json.data);
}, 180_000);

const entries = Object.entries(documents as Record<string, unknown>);

function validationMessages(source: string): string[] {
  return validate(schema, parse(source)).map((e) => e.message);
}

describe(`Admin GraphQL documents (API ${ADMIN_API_VERSION})`, () => {
  it("documents.ts exports documents", () => {
    expect(entries.length).toBeGreaterThan(0);
  });

  describe.each(entries)("%s", (exportName, source) => {
    it("is a string that parses", () => {
      expect(typeof source).toBe("string");
      expect(() => parse(source as string)).not.toThrow();
    });

    it("has exactly one operation, named like its export and starting with Kanta", () => {
      const operations = parse(source as string).definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
      expect(operations).toHaveLength(1);
      const name = operations[0].kind === Kind.OPERATION_DEFINITION ? operations[0].name?.value : undefined;
      expect(name).toBe(exportName);
      expect(name?.startsWith("Kanta")).toBe(true);
    });

    it("validates against the Admin schema with no errors", () => {
      expect(validationMessages(source as string)).toEqual([]);
    });
  });

  it("rejects a misspelt field on Shop", () => {
    expect(validationMessages(`query KantaTypo { shop { idd name } }`)).toEqual([
      `Cannot query field "idd" on type "Shop". Did you mean "id"?`,
    ]);
  });

  it("rejects a misspelt field on DiscountCodeNode", () => {
    expect(validationMessages(`query KantaTypo($id: ID!) { codeDiscountNode(id: $id) { idd } }`)).toEqual([
      `Cannot query field "idd" on type "DiscountCodeNode". Did you mean "id"?`,
    ]);
  });

  it("rejects a variable of the wrong type", () => {
    expect(validationMessages(`query KantaTypo($first: String!) { orders(first: $first) { nodes { id } } }`)).toEqual([
      `Variable "$first" of type "String!" used in position expecting type "Int".`,
    ]);
  });
});

describe("app/graphql/types.generated.ts", () => {
  it("is what `npm run graphql:codegen` generates now (run it after changing a document)", async () => {
    const outputs = (await generate({ ...codegenConfig, silent: true }, false)) as Array<{ filename: string; content: string }>;
    expect(outputs.map((o) => o.filename)).toEqual([GENERATED_FILE]);
    expect(fs.readFileSync(GENERATED_FILE, "utf8")).toBe(outputs[0].content);
  }, 120_000);
});
