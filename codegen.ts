// graphql-codegen: types for every Admin GraphQL document in app/graphql/documents.ts, checked against
// Shopify's Admin schema for the app's API version (fetched once into .cache/, never committed).
// Run `npm run graphql:codegen` after changing a document; the output is committed so `tsc` works
// without the schema, and test/unit/graphql/documents.test.ts fails when it is stale.
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { CodegenConfig } from "@graphql-codegen/cli";
import { ensureAdminSchema } from "./scripts/admin-schema.mjs";

const root = path.dirname(fileURLToPath(import.meta.url));

export const DOCUMENTS_FILE = path.join(root, "app/graphql/documents.ts");
export const GENERATED_FILE = path.join(root, "app/graphql/types.generated.ts");

export const GENERATED_HEADER = [
  "// GENERATED FILE - DO NOT EDIT. Produced by `npm run graphql:codegen` (codegen.ts) from",
  "// app/graphql/documents.ts and Shopify's Admin API schema (scripts/admin-schema.mjs).",
  "",
].join("\n");

/**
 * ID and every custom scalar of the Admin schema, as they travel in JSON. `strictScalars` makes
 * codegen fail on a scalar missing here, so a new one gets a deliberate type instead of `any`.
 */
const scalars = {
  ID: "string", // Shopify GIDs; the default input type would be `string | number`
  ARN: "string",
  BigInt: "string", // encoded as a string (may exceed 2^53)
  Color: "string",
  Date: "string",
  DateTime: "string",
  Decimal: "string", // arbitrary precision, e.g. "29.99": never a JS number
  FormattedString: "string",
  HTML: "string",
  JSON: "unknown",
  Money: "string",
  StorefrontID: "string",
  URL: "string",
  UnsignedInt64: "string",
  UtcOffset: "string",
} as const;

const config: CodegenConfig = {
  overwrite: true,
  schema: ensureAdminSchema(),
  documents: [DOCUMENTS_FILE],
  generates: {
    [GENERATED_FILE]: {
      // typescript-operations v6 is standalone: besides the operation result and variables types it
      // emits only the enums and input types those operations reference (no `typescript` plugin,
      // whose `onlyOperationTypes` would still emit all ~1,400 enums and inputs of the Admin schema).
      plugins: [{ add: { content: GENERATED_HEADER } }, "typescript-operations"],
      config: {
        // String-literal unions, no runtime `enum` objects (the v6 spelling of `enumsAsTypes: true`).
        enumType: "string-literal",
        strictScalars: true,
        scalars,
        // Selected fields are always present in a response, possibly null: `field: T | null`.
        // Nullable variables and input fields may be omitted (`?: T | null | undefined`).
        avoidOptionals: { variableValue: false, inputValue: false, defaultValue: false },
        // Descriptions of the emitted enums and inputs (from the schema) stay as doc comments.
        disableDescriptions: false,
      },
    },
  },
};

export default config;
