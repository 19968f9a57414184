// Resolvers for the part of the Admin API the emulator models. Every other field resolves from
// the stored GraphQL-shaped JSON; a field the stored object does not carry is refused with an
// EMULATOR_NOT_MODELLED error instead of a silent null, so a test never mistakes an emulator gap
// for data.
import { GraphQLError, type GraphQLFieldResolver, type GraphQLResolveInfo } from "graphql";
import { typeShape } from "./cost";
import {
  CUSTOMER_SEARCH_FIELDS,
  CUSTOMER_SEARCH_UNMODELLED,
  idKey,
  ORDER_SEARCH_FIELDS,
  ORDER_SEARCH_UNMODELLED,
  parseSearchQuery,
  PRODUCT_SEARCH_FIELDS,
  PRODUCT_SEARCH_UNMODELLED,
  SearchNotModelledError,
  type SearchWarning,
} from "./search-query";
import { formattedShopAddress, shopAddress, type CursorValue, type EmulatorStore, type PageRequest, type SortColumn } from "./store.server";
import type {
  EmulatedCustomer,
  EmulatedShop,
  EmulatedShopAddress,
  StoredDiscountCode,
  StoredMetafield,
  StoredMetafieldDefinition,
  UserErrorInput,
} from "./types";

export const MAX_PAGE_SIZE = 250;
export const METAFIELDS_SET_LIMIT = 25;

/** Marks an object whose absent fields resolve to null (fault payloads). */
const LENIENT = Symbol("lenient");

export interface SearchExtension {
  path: (string | number)[];
  query: string;
  warnings: SearchWarning[];
}

export interface ExecContext {
  store: EmulatorStore;
  domain: string;
  shop: EmulatedShop;
  nowMs: number;
  /** Namespace used when a metafield input has none, or "$app" (app-reserved namespace). */
  appNamespace: string;
  /** Filled while executing: search warnings to report in extensions.search. */
  search: SearchExtension[];
  /** A userErrors fault to answer the mutation with. */
  userErrorsFault: UserErrorInput[] | null;
}

type Args = Record<string, unknown>;
type Resolver = (source: Record<string, unknown>, args: Args, ctx: ExecContext, info: GraphQLResolveInfo) => unknown;

/** Shopify's DateTime: UTC, second precision, "Z". */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Shopify's Decimal serialisation: no trailing zeros beyond one decimal ("5.0", "12.5"). */
export function shopifyDecimal(value: string | number): string {
  const text = typeof value === "number" ? String(value) : value.trim();
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return text;
  const whole = m[2]!.replace(/^0+(?=\d)/, "");
  const fraction = (m[3] ?? "").replace(/0+$/, "") || "0";
  return `${m[1]}${whole}.${fraction}`;
}

function notModelled(what: string): GraphQLError {
  return new GraphQLError(`The Kanta Admin API emulator does not model ${what}`, { extensions: { code: "EMULATOR_NOT_MODELLED" } });
}

function responsePath(info: GraphQLResolveInfo): (string | number)[] {
  const out: (string | number)[] = [];
  for (let p: GraphQLResolveInfo["path"] | undefined = info.path; p; p = p.prev) out.unshift(p.key);
  return out;
}

/** A user error with every field the various *UserError types have, absent ones null. */
function userError(field: string[] | null, message: string, code: string | null, elementIndex: number | null = null) {
  return { field, message, code, elementIndex, elementKey: null, extraInfo: null };
}

function normalizeUserErrors(errors: UserErrorInput[]) {
  return errors.map((e) => userError(e.field ?? null, e.message, e.code ?? null, e.elementIndex ?? null));
}

// ---------------------------------------------------------------------------------------------
// Connections
// ---------------------------------------------------------------------------------------------

function encodeCursor(payload: object): string {
  return Buffer.from(JSON.stringify(payload)).toString("base64url");
}

function decodeCursor(cursor: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    return value && typeof value === "object" ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function pageArgs(args: Args): { first: number | null; last: number | null } {
  const first = typeof args.first === "number" ? args.first : null;
  const last = typeof args.last === "number" ? args.last : null;
  if (first === null && last === null) throw new GraphQLError("you must provide one of first or last");
  for (const [name, n] of [["first", first], ["last", last]] as const) {
    if (n !== null && (n < 0 || n > MAX_PAGE_SIZE)) {
      throw new GraphQLError(`The Kanta Admin API emulator refuses ${name}: ${n}; Shopify pages hold at most ${MAX_PAGE_SIZE} items`, {
        extensions: { code: "EMULATOR_PAGE_SIZE" },
      });
    }
  }
  if (first !== null && last !== null) throw notModelled("first and last together");
  return { first, last };
}

/** Slices an in-memory list like a Relay connection (nested connections of a stored object). */
function sliceConnection(items: unknown[], args: Args) {
  const { first, last } = pageArgs(args);
  const list = args.reverse === true ? [...items].reverse() : items;
  const offsetOf = (cursor: unknown, name: string): number => {
    const decoded = typeof cursor === "string" ? decodeCursor(cursor) : null;
    if (!decoded || typeof decoded.offset !== "number") throw new GraphQLError(`Invalid ${name} cursor`);
    return decoded.offset;
  };
  let start = args.after != null ? offsetOf(args.after, "after") + 1 : 0;
  let end = args.before != null ? offsetOf(args.before, "before") : list.length;
  end = Math.min(end, list.length);
  if (first !== null) end = Math.min(end, start + first);
  if (last !== null) start = Math.max(start, end - last);
  const nodes = list.slice(start, end);
  const cursors = nodes.map((_, i) => encodeCursor({ offset: start + i }));
  return {
    nodes,
    edges: nodes.map((node, i) => ({ node, cursor: cursors[i] })),
    pageInfo: {
      hasNextPage: end < list.length,
      hasPreviousPage: start > 0,
      startCursor: cursors[0] ?? null,
      endCursor: cursors[cursors.length - 1] ?? null,
    },
  };
}

const ORDER_SORT: Record<string, SortColumn> = { UPDATED_AT: "updated_at", CREATED_AT: "created_at", PROCESSED_AT: "processed_at", ID: "id_key" };
const CUSTOMER_SORT: Record<string, SortColumn> = { UPDATED_AT: "updated_at", CREATED_AT: "created_at", ID: "id_key" };

/** orders / customers: a page read from SQLite, filtered by the search query. */
function rootConnection(kind: "orders" | "customers", args: Args, ctx: ExecContext, info: GraphQLResolveInfo) {
  const { first, last } = pageArgs(args);
  const sorts = kind === "orders" ? ORDER_SORT : CUSTOMER_SORT;
  const sortKey = String(args.sortKey ?? (kind === "orders" ? "PROCESSED_AT" : "ID"));
  // RELEVANCE only differs from ID when there is free text, which the emulator refuses anyway.
  const sort = sorts[sortKey === "RELEVANCE" ? "ID" : sortKey];
  if (!sort) throw notModelled(`${kind}(sortKey: ${sortKey})`);
  if (args.savedSearchId != null) throw notModelled(`${kind}(savedSearchId:)`);
  const reverse = args.reverse === true;

  const query = typeof args.query === "string" ? args.query : null;
  let parsed;
  try {
    parsed = parseSearchQuery(query, {
      fields: kind === "orders" ? ORDER_SEARCH_FIELDS : CUSTOMER_SEARCH_FIELDS,
      unmodelled: kind === "orders" ? ORDER_SEARCH_UNMODELLED : CUSTOMER_SEARCH_UNMODELLED,
      timeZone: ctx.shop.ianaTimezone,
    });
  } catch (error) {
    if (error instanceof SearchNotModelledError) throw notModelled(`this search query: ${error.message}`);
    throw error;
  }
  if (parsed.warnings.length && query) ctx.search.push({ path: responsePath(info), query, warnings: parsed.warnings });

  const cursorOf = (name: "after" | "before"): CursorValue | null => {
    const raw = args[name];
    if (raw == null) return null;
    const decoded = typeof raw === "string" ? decodeCursor(raw) : null;
    if (!decoded || decoded.sort_key !== sortKey || typeof decoded.last_id !== "string" || decoded.last_value === undefined) {
      throw new GraphQLError(`Invalid ${name} cursor for the current pagination sort.`);
    }
    return { value: decoded.last_value as number | string, idKey: idKey(decoded.last_id) };
  };

  const req: PageRequest = { sort, reverse, first, last, after: cursorOf("after"), before: cursorOf("before"), filters: parsed.filters };
  const page = kind === "orders" ? ctx.store.pageOrders(ctx.domain, req) : ctx.store.pageCustomers(ctx.domain, req);
  const cursors = page.items.map((i) =>
    encodeCursor({ last_id: i.cursor.idKey.replace(/^0+(?=\d)/, ""), last_value: i.cursor.value, sort_key: sortKey }),
  );
  const nodes = page.items.map((i) => i.node);
  return {
    nodes,
    edges: nodes.map((node, i) => ({ node, cursor: cursors[i] })),
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: cursors[0] ?? null,
      endCursor: cursors[cursors.length - 1] ?? null,
    },
  };
}

/**
 * products (query: tag / id terms) and Collection.products: seeded products in id order (the
 * emulator models sortKey ID only), read forward with first/after.
 */
function productConnection(args: Args, ctx: ExecContext, info: GraphQLResolveInfo, collectionId: string | null) {
  const { first, last } = pageArgs(args);
  if (last !== null || args.before != null) throw notModelled("products(last:/before:)");
  if (args.reverse === true) throw notModelled("products(reverse: true)");
  const sortKey = String(args.sortKey ?? (collectionId ? "COLLECTION_DEFAULT" : "ID"));
  if (sortKey !== "ID" && !(collectionId && sortKey === "COLLECTION_DEFAULT")) throw notModelled(`products(sortKey: ${sortKey})`);
  if (args.savedSearchId != null) throw notModelled("products(savedSearchId:)");
  const query = typeof args.query === "string" ? args.query : null;
  let parsed;
  try {
    parsed = parseSearchQuery(query, { fields: PRODUCT_SEARCH_FIELDS, unmodelled: PRODUCT_SEARCH_UNMODELLED, timeZone: ctx.shop.ianaTimezone });
  } catch (error) {
    if (error instanceof SearchNotModelledError) throw notModelled(`this search query: ${error.message}`);
    throw error;
  }
  if (parsed.warnings.length && query) ctx.search.push({ path: responsePath(info), query, warnings: parsed.warnings });
  let after: string | null = null;
  if (args.after != null) {
    const decoded = typeof args.after === "string" ? decodeCursor(args.after) : null;
    if (!decoded || typeof decoded.last_id !== "string" || !/^\d+$/.test(decoded.last_id)) {
      throw new GraphQLError("Invalid after cursor for the current pagination sort.");
    }
    after = idKey(decoded.last_id);
  }
  const page = ctx.store.pageProducts(ctx.domain, {
    first: first ?? 0,
    after,
    collectionId,
    tags: parsed.filters.filter((f) => f.field === "tag").map((f) => String(f.value)),
    idFilters: parsed.filters.filter((f) => f.field === "id").map((f) => ({ op: f.op, value: String(f.value) })),
  });
  const cursors = page.items.map((i) => encodeCursor({ last_id: i.idKey.replace(/^0+(?=\d)/, "") }));
  const nodes = page.items.map((i) => i.node);
  return {
    nodes,
    edges: nodes.map((node, i) => ({ node, cursor: cursors[i] })),
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: cursors[0] ?? null,
      endCursor: cursors[cursors.length - 1] ?? null,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Metafields
// ---------------------------------------------------------------------------------------------

const SCALAR_METAFIELD_TYPES = [
  "boolean", "color", "date", "date_time", "dimension", "id", "json", "link", "money", "multi_line_text_field", "number_decimal",
  "number_integer", "rating", "rich_text_field", "single_line_text_field", "url", "volume", "weight", "article_reference",
  "collection_reference", "company_reference", "customer_reference", "file_reference", "metaobject_reference", "mixed_reference",
  "order_reference", "page_reference", "product_reference", "product_taxonomy_value_reference", "variant_reference",
];
const LIST_METAFIELD_TYPES = SCALAR_METAFIELD_TYPES.filter((t) => !["boolean", "json", "money", "multi_line_text_field", "rich_text_field"].includes(t)).map(
  (t) => `list.${t}`,
);
const METAFIELD_TYPES = new Set([...SCALAR_METAFIELD_TYPES, ...LIST_METAFIELD_TYPES]);

const TYPE_CATEGORY: Record<string, string> = {
  boolean: "TRUE_FALSE", color: "COLOR", date: "DATE_TIME", date_time: "DATE_TIME", json: "JSON", money: "MEASUREMENT",
  multi_line_text_field: "TEXT", number_decimal: "NUMBER", number_integer: "NUMBER", rating: "RATING", rich_text_field: "TEXT",
  single_line_text_field: "TEXT", url: "URL", link: "URL", dimension: "MEASUREMENT", volume: "MEASUREMENT", weight: "MEASUREMENT",
};

const OWNER_TYPE_BY_GID: Record<string, string> = { Customer: "CUSTOMER", Shop: "SHOP", Order: "ORDER" };
const OWNER_LABEL: Record<string, string> = { CUSTOMER: "Customer", SHOP: "Shop", ORDER: "Order", PRODUCT: "Product", PRODUCTVARIANT: "Product variant" };

const INT64_MAX = 9_223_372_036_854_775_807n;

/** Why a value does not fit a metafield type, or null. Only common types are checked deeply. */
function metafieldValueProblem(type: string, value: string): string | null {
  if (value === "") return null; // reported as BLANK
  switch (type) {
    case "number_integer": {
      if (!/^-?\d+$/.test(value)) return "Value must be an integer.";
      const n = BigInt(value);
      return n > INT64_MAX || n < -INT64_MAX - 1n ? "Value must be an integer." : null;
    }
    case "number_decimal":
      return /^-?\d+(\.\d+)?$/.test(value) ? null : "Value must be a decimal.";
    case "single_line_text_field":
      return /[\r\n]/.test(value) ? "Value must be a single line text string." : null;
    case "boolean":
      return value === "true" || value === "false" ? null : "Value must be true or false.";
    case "date":
      return /^\d{4}-\d{2}-\d{2}$/.test(value) && Number.isFinite(Date.parse(value)) ? null : "Value must be in YYYY-MM-DD format.";
    case "date_time":
      return Number.isFinite(Date.parse(value)) ? null : "Value must be in ISO 8601 format.";
    case "url":
      try {
        new URL(value);
        return null;
      } catch {
        return "Value must be a valid URL.";
      }
    case "json":
      try {
        JSON.parse(value);
        return null;
      } catch {
        return "Value is invalid JSON.";
      }
    default:
      if (type.startsWith("list.")) {
        try {
          return Array.isArray(JSON.parse(value)) ? null : "Value must be an array.";
        } catch {
          return "Value must be an array.";
        }
      }
      return null;
  }
}

function metafieldJson(m: StoredMetafield) {
  let jsonValue: unknown = m.value;
  if (m.type === "json" || m.type.startsWith("list.") || m.type === "boolean") {
    try {
      jsonValue = JSON.parse(m.value);
    } catch {
      jsonValue = m.value;
    }
  } else if (m.type === "number_integer" || m.type === "number_decimal") {
    jsonValue = Number(m.value);
  }
  return {
    id: m.id,
    namespace: m.namespace,
    key: m.key,
    type: m.type,
    value: m.value,
    jsonValue,
    ownerType: m.ownerType,
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
    legacyResourceId: m.id.split("/").pop(),
  };
}

function definitionJson(d: StoredMetafieldDefinition) {
  const access = (d.input.access ?? {}) as Record<string, unknown>;
  return {
    id: d.id,
    name: d.name,
    namespace: d.namespace,
    key: d.key,
    description: d.description,
    ownerType: d.ownerType,
    type: { name: d.type, category: TYPE_CATEGORY[d.type.replace(/^list\./, "")] ?? "REFERENCE" },
    access: {
      admin: access.admin ?? null,
      storefront: access.storefront ?? "NONE",
      customerAccount: access.customerAccount ?? "NONE",
    },
    validations: [],
    pinnedPosition: d.input.pin === true ? 1 : null,
  };
}

function resolveNamespace(namespace: unknown, ctx: ExecContext): string {
  if (typeof namespace !== "string" || namespace === "") return ctx.appNamespace;
  return namespace.startsWith("$app") ? ctx.appNamespace + namespace.slice("$app".length) : namespace;
}

function ownerTypeOf(ownerId: string): string | null {
  const m = /^gid:\/\/shopify\/([A-Za-z]+)\/\d+$/.exec(ownerId);
  return m ? (OWNER_TYPE_BY_GID[m[1]!] ?? null) : null;
}

function metafieldOn(ownerId: (source: Record<string, unknown>) => string): Resolver {
  return (source, args, ctx) => {
    const namespace = resolveNamespace(args.namespace, ctx);
    const m = ctx.store.metafield(ctx.domain, ownerId(source), namespace, String(args.key));
    return m ? metafieldJson(m) : null;
  };
}

function metafieldsOn(ownerId: (source: Record<string, unknown>) => string): Resolver {
  return (source, args, ctx) => {
    const owner = ownerId(source);
    const keys = Array.isArray(args.keys) ? new Set(args.keys as string[]) : null;
    const list = ctx.store
      .metafields(ctx.domain)
      .filter((m) => m.ownerId === owner)
      .filter((m) => (args.namespace == null ? true : m.namespace === resolveNamespace(args.namespace, ctx)))
      .filter((m) => (keys ? keys.has(`${m.namespace}.${m.key}`) : true))
      .map(metafieldJson);
    return sliceConnection(list, args);
  };
}

const metafieldDefinitionCreate: Resolver = (_source, args, ctx) => {
  const input = args.definition as Record<string, unknown>;
  const namespace = resolveNamespace(input.namespace, ctx);
  const key = String(input.key);
  const type = String(input.type);
  const ownerType = String(input.ownerType);
  const name = String(input.name ?? "");
  const errors = [];
  if (!name.trim()) errors.push(userError(["definition", "name"], "Name can't be blank", "BLANK"));
  if (key.length < 2) errors.push(userError(["definition", "key"], "Key is too short (minimum is 2 characters)", "TOO_SHORT"));
  if (key.length > 64) errors.push(userError(["definition", "key"], "Key is too long (maximum is 64 characters)", "TOO_LONG"));
  if (!/^[A-Za-z0-9_-]*$/.test(key)) errors.push(userError(["definition", "key"], "Key contains one or more invalid characters.", "INVALID_CHARACTER"));
  if (namespace.length < 2) errors.push(userError(["definition", "namespace"], "Namespace is too short (minimum is 2 characters)", "TOO_SHORT"));
  if (!/^[A-Za-z0-9_-]*$/.test(namespace)) {
    errors.push(userError(["definition", "namespace"], "Namespace contains one or more invalid characters.", "INVALID_CHARACTER"));
  }
  if (!METAFIELD_TYPES.has(type)) errors.push(userError(["definition", "type"], "Type name is not included in the list", "INCLUSION"));
  if (!errors.length && ctx.store.findMetafieldDefinition(ctx.domain, ownerType, namespace, key)) {
    const label = OWNER_LABEL[ownerType] ?? ownerType.charAt(0) + ownerType.slice(1).toLowerCase();
    errors.push(userError(["definition", "key"], `Key is in use for ${label} metafields on the '${namespace}' namespace.`, "TAKEN"));
  }
  if (errors.length) return { createdDefinition: null, userErrors: errors };
  const created = ctx.store.insertMetafieldDefinition(
    ctx.domain,
    { ownerType, namespace, key, type, name, description: typeof input.description === "string" ? input.description : null, input },
    isoSeconds(ctx.nowMs),
  );
  return { createdDefinition: definitionJson(created), userErrors: [] };
};

const metafieldsSet: Resolver = (_source, args, ctx) => {
  const inputs = args.metafields as Record<string, unknown>[];
  if (inputs.length > METAFIELDS_SET_LIMIT) {
    return {
      metafields: [],
      userErrors: [userError(["metafields"], `Exceeded the maximum metafields input limit of ${METAFIELDS_SET_LIMIT}.`, "LESS_THAN_OR_EQUAL_TO")],
    };
  }
  const errors = [];
  const writes = [];
  for (const [i, m] of inputs.entries()) {
    const at = (field: string) => ["metafields", String(i), field];
    const ownerId = String(m.ownerId);
    const namespace = resolveNamespace(m.namespace, ctx);
    const key = String(m.key);
    const value = String(m.value);
    const ownerType = ownerTypeOf(ownerId);
    if (!ownerType || !ctx.store.ownerExists(ctx.domain, ownerId)) {
      errors.push(userError(at("ownerId"), "Owner does not exist.", "INVALID", i));
      continue;
    }
    const definition = ctx.store.findMetafieldDefinition(ctx.domain, ownerType, namespace, key);
    const type = typeof m.type === "string" && m.type !== "" ? m.type : definition?.type;
    if (!type) {
      errors.push(userError(at("type"), "Type can't be blank", "BLANK", i));
      continue;
    }
    if (!METAFIELD_TYPES.has(type)) {
      errors.push(userError(at("type"), "Type name is not included in the list", "INCLUSION", i));
      continue;
    }
    if (definition && definition.type !== type) {
      errors.push(userError(at("type"), `Type '${type}' must be consistent with the definition's type: '${definition.type}'.`, "INVALID_TYPE", i));
      continue;
    }
    if (value === "") {
      errors.push(userError(at("value"), "Value can't be blank.", "BLANK", i));
      continue;
    }
    const problem = metafieldValueProblem(type, value);
    if (problem) {
      errors.push(userError(at("value"), problem, "INVALID_VALUE", i));
      continue;
    }
    writes.push({ ownerId, ownerType, namespace, key, type, value });
  }
  // metafieldsSet is atomic: one bad input and nothing is written.
  if (errors.length) return { metafields: [], userErrors: errors };
  const stored = ctx.store.setMetafields(ctx.domain, writes, isoSeconds(ctx.nowMs));
  return { metafields: stored.map(metafieldJson), userErrors: [] };
};

// ---------------------------------------------------------------------------------------------
// Discounts
// ---------------------------------------------------------------------------------------------

function money(amount: unknown, currencyCode: string) {
  return { amount: shopifyDecimal(String(amount)), currencyCode };
}

function discountStatus(input: Record<string, unknown>, nowMs: number): string {
  const starts = Date.parse(String(input.startsAt));
  const ends = input.endsAt ? Date.parse(String(input.endsAt)) : null;
  if (ends !== null && nowMs >= ends) return "EXPIRED";
  if (nowMs < starts) return "SCHEDULED";
  return "ACTIVE";
}

function combinesWithJson(input: Record<string, unknown>) {
  const c = (input.combinesWith ?? {}) as Record<string, unknown>;
  return {
    orderDiscounts: c.orderDiscounts === true,
    productDiscounts: c.productDiscounts === true,
    shippingDiscounts: c.shippingDiscounts === true,
    productDiscountsWithTagsOnSameCartLine: null,
  };
}

/** The GID's numeric tail, as Shopify quotes ids in discount userErrors ("Collection with id: 42 is invalid"). */
function idTail(id: unknown): string {
  const text = String(id);
  return text.slice(text.lastIndexOf("/") + 1);
}

function idList(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

/** The buyer context input: `context`, or the deprecated `customerSelection`. */
function contextInput(input: Record<string, unknown>): { key: "context" | "customerSelection"; value: Record<string, unknown> } | null {
  if (input.context != null) return { key: "context", value: input.context as Record<string, unknown> };
  if (input.customerSelection != null) return { key: "customerSelection", value: input.customerSelection as Record<string, unknown> };
  return null;
}

/** DiscountContext: everyone, or the listed customers (their current records when the store has them). */
function contextJson(input: Record<string, unknown>, ctx: ExecContext) {
  const context = contextInput(input)?.value;
  if (!context || context.all === "ALL" || context.all === true) return { __typename: "DiscountBuyerSelectionAll", all: "ALL" };
  const customers = context.customers as Record<string, unknown> | null | undefined;
  if (customers && context.customerSegments == null && context.markets == null) {
    return {
      __typename: "DiscountCustomers",
      customers: idList(customers.add).map((id) => ctx.store.customer(ctx.domain, id) ?? { id }),
    };
  }
  return undefined; // segment and market contexts are not modelled
}

/** DiscountItems: all items, the listed collections, or the listed products and variants. */
function itemsJson(items: Record<string, unknown> | null | undefined, ctx: ExecContext) {
  if (items == null || items.all === true) return { __typename: "AllDiscountItems", allItems: true };
  const collections = items.collections as Record<string, unknown> | null | undefined;
  const products = items.products as Record<string, unknown> | null | undefined;
  if (collections && !products) {
    return {
      __typename: "DiscountCollections",
      collections: { nodes: idList(collections.add).map((id) => ctx.store.collection(ctx.domain, id) ?? { id }) },
    };
  }
  if (products && !collections) {
    return {
      __typename: "DiscountProducts",
      productVariants: { nodes: idList(products.productVariantsToAdd).map((id) => ctx.store.productVariant(ctx.domain, id) ?? { id }) },
      products: { nodes: idList(products.productsToAdd).map((id) => ctx.store.product(ctx.domain, id) ?? { id }) },
    };
  }
  return undefined;
}

/** What a basic discount applies to, for its summary: "entire order", one item's title, or "3 products". */
function itemsSummary(items: ReturnType<typeof itemsJson>): string {
  if (!items || items.__typename === "AllDiscountItems") return "entire order";
  // A variant is named by its display name ("Mug - Blue"), a product or collection by its title.
  const titled = (node: { id: string; title?: string; displayName?: string }) => node.displayName ?? node.title ?? null;
  if (items.__typename === "DiscountCollections") {
    const nodes = items.collections!.nodes as { id: string; title?: string }[];
    return nodes.length === 1 && titled(nodes[0]!) ? titled(nodes[0]!)! : `${nodes.length} collections`;
  }
  const variants = items.productVariants!.nodes as { id: string; displayName?: string }[];
  const products = items.products!.nodes as { id: string; title?: string }[];
  const all = [...products, ...variants];
  return all.length === 1 && titled(all[0]!) ? titled(all[0]!)! : `${all.length} products`;
}

/**
 * Ids in the input that name nothing in the shop. Order within customerGets follows Shopify:
 * collections (a CONFLICT when products are also entitled), then products, then variants.
 */
function discountReferenceErrors(input: Record<string, unknown>, argName: string, ctx: ExecContext) {
  const errors = [];
  const context = contextInput(input);
  const customers = context?.value.customers as Record<string, unknown> | null | undefined;
  for (const id of idList(customers?.add)) {
    if (!ctx.store.customer(ctx.domain, id)) {
      errors.push(userError([argName, context!.key, "customers", "add"], `Customer with id: ${idTail(id)} is invalid`, "INVALID"));
    }
  }
  const items = ((input.customerGets ?? {}) as Record<string, unknown>).items as Record<string, unknown> | null | undefined;
  const collections = idList((items?.collections as Record<string, unknown> | null | undefined)?.add);
  const productsInput = (items?.products ?? {}) as Record<string, unknown>;
  const products = idList(productsInput.productsToAdd);
  const variants = idList(productsInput.productVariantsToAdd);
  const at = (...path: string[]) => [argName, "customerGets", "items", ...path];
  if (collections.length && (products.length || variants.length)) {
    errors.push(userError(at("collections", "add"), "Cannot entitle collections in combination with product variants or products", "CONFLICT"));
  } else {
    for (const id of collections) {
      if (!ctx.store.collection(ctx.domain, id)) errors.push(userError(at("collections", "add"), `Collection with id: ${idTail(id)} is invalid`, "INVALID"));
    }
  }
  for (const id of products) {
    if (!ctx.store.product(ctx.domain, id)) errors.push(userError(at("products", "productsToAdd"), `Product with id: ${idTail(id)} is invalid`, "INVALID"));
  }
  for (const id of variants) {
    if (!ctx.store.productVariant(ctx.domain, id)) {
      errors.push(userError(at("products", "productVariantsToAdd"), `Product variant with id: ${idTail(id)} is invalid`, "INVALID"));
    }
  }
  return errors;
}

function minimumRequirementJson(input: Record<string, unknown>, currency: string) {
  const min = input.minimumRequirement as Record<string, Record<string, unknown> | undefined> | undefined;
  if (min?.subtotal?.greaterThanOrEqualToSubtotal != null) {
    return { __typename: "DiscountMinimumSubtotal", greaterThanOrEqualToSubtotal: money(min.subtotal.greaterThanOrEqualToSubtotal, currency) };
  }
  if (min?.quantity?.greaterThanOrEqualToQuantity != null) {
    return { __typename: "DiscountMinimumQuantity", greaterThanOrEqualToQuantity: String(min.quantity.greaterThanOrEqualToQuantity) };
  }
  return null;
}

function formatMoneyForSummary(amount: string, currency: string): string {
  const n = Number(amount);
  return currency === "USD" || currency === "CAD" || currency === "AUD" ? `$${n.toFixed(2)}` : `${n.toFixed(2)} ${currency}`;
}

/** The DiscountCodeNode served for a stored discount (built from its input, as Shopify echoes it). */
function discountNodeJson(d: StoredDiscountCode, ctx: ExecContext) {
  const input = d.input;
  const currency = ctx.shop.currencyCode;
  const redeemId = d.id.split("/").pop();
  const common = {
    title: d.title,
    status: discountStatus(input, ctx.nowMs),
    startsAt: isoSeconds(Date.parse(String(input.startsAt))),
    endsAt: input.endsAt ? isoSeconds(Date.parse(String(input.endsAt))) : null,
    createdAt: d.createdAt,
    updatedAt: d.createdAt,
    usageLimit: typeof input.usageLimit === "number" ? input.usageLimit : null,
    appliesOncePerCustomer: input.appliesOncePerCustomer === true,
    asyncUsageCount: 0,
    recurringCycleLimit: typeof input.recurringCycleLimit === "number" ? input.recurringCycleLimit : null,
    tags: Array.isArray(input.tags) ? input.tags : [],
    combinesWith: combinesWithJson(input),
    context: contextJson(input, ctx),
    minimumRequirement: minimumRequirementJson(input, currency),
    codes: { nodes: [{ id: `gid://shopify/DiscountRedeemCode/${redeemId}`, code: d.code, asyncUsageCount: 0 }] },
    codesCount: { count: 1, precision: "EXACT" },
    hasTimelineComment: false,
  };
  if (d.kind === "freeShipping") {
    const max = input.maximumShippingPrice;
    return {
      id: d.id,
      codeDiscount: {
        __typename: "DiscountCodeFreeShipping",
        ...common,
        summary: "Free shipping on all products",
        shortSummary: "Free shipping",
        discountClasses: ["SHIPPING"],
        appliesOnOneTimePurchase: input.appliesOnOneTimePurchase !== false,
        appliesOnSubscription: input.appliesOnSubscription === true,
        maximumShippingPrice: max != null ? money(max, currency) : null,
        destinationSelection: (input.destination as Record<string, unknown> | undefined)?.all !== false
          ? { __typename: "DiscountCountryAll", allCountries: true }
          : undefined,
      },
    };
  }
  const gets = (input.customerGets ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const v = gets.value ?? {};
  const items = itemsJson(gets.items, ctx);
  const appliesTo = itemsSummary(items);
  let value: Record<string, unknown> | undefined;
  let summary = `Discount on ${appliesTo}`;
  if (typeof v.percentage === "number") {
    value = { __typename: "DiscountPercentage", percentage: v.percentage };
    summary = `${Math.round(v.percentage * 10000) / 100}% off ${appliesTo}`;
  } else if (v.discountAmount && typeof v.discountAmount === "object") {
    const a = v.discountAmount as Record<string, unknown>;
    value = { __typename: "DiscountAmount", amount: money(a.amount, currency), appliesOnEachItem: a.appliesOnEachItem === true };
    summary = `${formatMoneyForSummary(String(a.amount), currency)} off ${appliesTo}`;
  }
  return {
    id: d.id,
    codeDiscount: {
      __typename: "DiscountCodeBasic",
      ...common,
      summary,
      shortSummary: summary.replace(/ on entire order| entire order/, ""),
      // Amount off products when the discount is limited to collections or products.
      discountClasses: items?.__typename === "AllDiscountItems" ? ["ORDER"] : ["PRODUCT"],
      customerGets: {
        value,
        items,
        appliesOnOneTimePurchase: gets.appliesOnOneTimePurchase !== undefined ? Boolean(gets.appliesOnOneTimePurchase) : true,
        appliesOnSubscription: Boolean(gets.appliesOnSubscription),
      },
    },
  };
}

function discountCreate(kind: StoredDiscountCode["kind"], argName: string): Resolver {
  return (_source, args, ctx) => {
    const input = args[argName] as Record<string, unknown>;
    const at = (field: string) => [argName, field];
    const errors = [];
    const title = typeof input.title === "string" ? input.title : "";
    const code = typeof input.code === "string" ? input.code : "";
    if (!title.trim()) errors.push(userError(at("title"), "Title can't be blank", "BLANK"));
    if (!code.trim()) errors.push(userError(at("code"), "Code can't be blank", "BLANK"));
    if (code.length > 255) errors.push(userError(at("code"), "Code is too long (maximum is 255 characters)", "TOO_LONG"));
    if (/[\r\n]/.test(code)) errors.push(userError(at("code"), "Code cannot contain newline characters.", "INVALID"));
    if (input.startsAt == null) errors.push(userError(at("startsAt"), "Starts at can't be blank", "BLANK"));
    if (input.startsAt != null && input.endsAt != null && Date.parse(String(input.endsAt)) <= Date.parse(String(input.startsAt))) {
      errors.push(userError(at("endsAt"), "Ends at needs to be after starts_at", "END_DATE_BEFORE_START_DATE"));
    }
    if (kind === "basic") {
      const value = ((input.customerGets ?? {}) as Record<string, Record<string, unknown> | undefined>).value;
      if (!value) errors.push(userError([argName, "customerGets", "value"], "Value can't be blank", "BLANK"));
      const pct = value?.percentage;
      if (typeof pct === "number" && (pct <= 0 || pct > 1)) {
        errors.push(userError([argName, "customerGets", "value", "percentage"], "Value must be between 0.0 and 1.0", "VALUE_OUTSIDE_RANGE"));
      }
    }
    errors.push(...discountReferenceErrors(input, argName, ctx));
    if (!errors.length && ctx.store.discountCodeTaken(ctx.domain, code)) {
      errors.push(userError(at("code"), "Code must be unique. Please try a different code.", "TAKEN"));
    }
    if (errors.length) return { codeDiscountNode: null, userErrors: errors };
    const stored = ctx.store.insertDiscountCode(ctx.domain, { kind, code, title, input }, isoSeconds(ctx.nowMs));
    return { codeDiscountNode: discountNodeJson(stored, ctx), userErrors: [] };
  };
}

// ---------------------------------------------------------------------------------------------
// Customers
// ---------------------------------------------------------------------------------------------

const customerEmailMarketingConsentUpdate: Resolver = (_source, args, ctx) => {
  const input = args.input as Record<string, unknown>;
  const consent = input.emailMarketingConsent as Record<string, unknown>;
  const customerId = String(input.customerId);
  const customer = ctx.store.customer(ctx.domain, customerId);
  if (!customer) return { customer: null, userErrors: [userError(["input", "customerId"], "Customer not found", "INVALID")] };
  const state = String(consent.marketingState);
  if (state === "INVALID" || state === "REDACTED") {
    return { customer: null, userErrors: [userError(["input", "emailMarketingConsent", "marketingState"], "Marketing state is not included in the list", "INCLUSION")] };
  }
  if (!customer.email) {
    return {
      customer: null,
      userErrors: [userError(["input", "emailMarketingConsent"], "An email address is required to set the email marketing consent state.", "INVALID")],
    };
  }
  const consentAt = consent.consentUpdatedAt != null ? Date.parse(String(consent.consentUpdatedAt)) : ctx.nowMs;
  if (consentAt > ctx.nowMs) {
    return {
      customer: null,
      userErrors: [userError(["input", "emailMarketingConsent", "consentUpdatedAt"], "Consent updated at cannot be in the future", "INVALID")],
    };
  }
  const level =
    typeof consent.marketingOptInLevel === "string"
      ? consent.marketingOptInLevel
      : (customer.emailMarketingConsent?.marketingOptInLevel ?? (state === "SUBSCRIBED" ? "SINGLE_OPT_IN" : null));
  const updated = ctx.store.updateEmailMarketingConsent(
    ctx.domain,
    customerId,
    {
      marketingState: state as NonNullable<EmulatedCustomer["emailMarketingConsent"]>["marketingState"],
      marketingOptInLevel: level as NonNullable<EmulatedCustomer["emailMarketingConsent"]>["marketingOptInLevel"],
      consentUpdatedAt: isoSeconds(consentAt),
    },
    input,
    isoSeconds(ctx.nowMs),
  );
  return { customer: updated, userErrors: [] };
};

// ---------------------------------------------------------------------------------------------
// Wiring
// ---------------------------------------------------------------------------------------------

function withFault(resolver: Resolver): Resolver {
  return (source, args, ctx, info) => {
    if (ctx.userErrorsFault) return { [LENIENT]: true, userErrors: normalizeUserErrors(ctx.userErrorsFault) };
    return resolver(source, args, ctx, info);
  };
}

const idOf = (source: Record<string, unknown>) => String(source.id);

// ---------------------------------------------------------------------------------------------
// Themes: every shop has one live (MAIN) theme; its files are the ones a test or the demo stored
// (EmulatorStore.setThemeFile), e.g. config/settings_data.json.
// ---------------------------------------------------------------------------------------------

const MAIN_THEME_NAME = "Dawn";

function mainTheme(ctx: ExecContext) {
  const numeric = ctx.shop.id.slice(ctx.shop.id.lastIndexOf("/") + 1);
  return {
    id: `gid://shopify/OnlineStoreTheme/${numeric}`,
    name: MAIN_THEME_NAME,
    role: "MAIN",
    prefix: `/t/${numeric}`,
    processing: false,
    processingFailed: false,
    themeStoreId: 887,
    createdAt: "2024-01-01T00:00:00Z",
    updatedAt: isoSeconds(ctx.nowMs),
  };
}

const themes: Resolver = (_source, args, ctx) => {
  const roles = Array.isArray(args.roles) ? (args.roles as string[]) : null;
  const names = Array.isArray(args.names) ? (args.names as string[]) : null;
  const list = (roles && !roles.includes("MAIN")) || (names && !names.includes(MAIN_THEME_NAME)) ? [] : [mainTheme(ctx)];
  return sliceConnection(list, args);
};

/** A `filenames` pattern: '*' matches zero or more characters. */
function filenameMatcher(pattern: string): RegExp {
  return new RegExp(`^${pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
}

const themeFiles: Resolver = (_source, args, ctx) => {
  const patterns = Array.isArray(args.filenames) ? (args.filenames as string[]).map(filenameMatcher) : null;
  const files = ctx.store
    .themeFiles(ctx.domain)
    .filter((f) => (patterns ? patterns.some((p) => p.test(f.filename)) : true))
    .map((f) => ({
      filename: f.filename,
      body: { __typename: "OnlineStoreThemeFileBodyText", content: f.content },
      checksumMd5: null,
      contentType: f.filename.endsWith(".json") ? "application/json" : f.filename.endsWith(".liquid") ? "application/x-liquid" : "text/plain",
      createdAt: f.updatedAt.replace(/\.\d{3}Z$/, "Z"),
      updatedAt: f.updatedAt.replace(/\.\d{3}Z$/, "Z"),
      size: String(Buffer.byteLength(f.content)),
    }));
  return sliceConnection(files, args);
};

/** Resolvers by "Type.field"; the query and mutation root names come from the schema. */
export function createResolvers(queryRoot: string, mutationRoot: string): Record<string, Resolver> {
  return {
    [`${queryRoot}.shop`]: (_s, _a, ctx) => ctx.shop,
    // Shops stored before they had a billing address are served the default one.
    "Shop.billingAddress": (source) =>
      (source as unknown as EmulatedShop).billingAddress ?? shopAddress(String(source.id).replace(/^gid:\/\/shopify\/Shop\//, ""), String(source.name), undefined),
    "ShopAddress.formatted": (source, args) => formattedShopAddress(source as unknown as EmulatedShopAddress, args.withCompany !== false),
    [`${queryRoot}.orders`]: (_s, args, ctx, info) => rootConnection("orders", args, ctx, info),
    [`${queryRoot}.customers`]: (_s, args, ctx, info) => rootConnection("customers", args, ctx, info),
    [`${queryRoot}.order`]: (_s, args, ctx) => ctx.store.order(ctx.domain, String(args.id)),
    [`${queryRoot}.customer`]: (_s, args, ctx) => ctx.store.customer(ctx.domain, String(args.id)),
    [`${queryRoot}.productVariant`]: (_s, args, ctx) => ctx.store.productVariant(ctx.domain, String(args.id)),
    [`${queryRoot}.product`]: (_s, args, ctx) => ctx.store.product(ctx.domain, String(args.id)),
    [`${queryRoot}.collection`]: (_s, args, ctx) => ctx.store.collection(ctx.domain, String(args.id)),
    [`${queryRoot}.products`]: (_s, args, ctx, info) => productConnection(args, ctx, info, null),
    "Collection.products": (source, args, ctx, info) => productConnection(args, ctx, info, String(source.id)),
    [`${queryRoot}.themes`]: themes,
    "OnlineStoreTheme.files": themeFiles,
    // Case-insensitive, as Shopify looks codes up.
    [`${queryRoot}.codeDiscountNodeByCode`]: (_s, args, ctx) => {
      const stored = ctx.store.discountCodeByCode(ctx.domain, String(args.code));
      return stored ? discountNodeJson(stored, ctx) : null;
    },
    // The order keeps a customer snapshot; Shopify serves the customer's current record.
    "Order.customer": (source, _a, ctx) => {
      const snapshot = source.customer as { id: string } | null | undefined;
      if (!snapshot) return null;
      return ctx.store.customer(ctx.domain, snapshot.id) ?? snapshot;
    },
    // A custom line has no product; orders seeded without product ids are custom lines.
    "LineItem.product": (source) => (source.product as { id: string } | null | undefined) ?? null,
    "Customer.metafield": metafieldOn(idOf),
    "Customer.metafields": metafieldsOn(idOf),
    "Shop.metafield": metafieldOn(idOf),
    "Shop.metafields": metafieldsOn(idOf),
    "Order.metafield": metafieldOn(idOf),
    "Order.metafields": metafieldsOn(idOf),
    [`${mutationRoot}.metafieldDefinitionCreate`]: withFault(metafieldDefinitionCreate),
    [`${mutationRoot}.metafieldsSet`]: withFault(metafieldsSet),
    [`${mutationRoot}.discountCodeBasicCreate`]: withFault(discountCreate("basic", "basicCodeDiscount")),
    [`${mutationRoot}.discountCodeFreeShippingCreate`]: withFault(discountCreate("freeShipping", "freeShippingCodeDiscount")),
    [`${mutationRoot}.customerEmailMarketingConsentUpdate`]: withFault(customerEmailMarketingConsentUpdate),
  };
}

/**
 * The field resolver for everything: a registered resolver, else the stored object's property.
 * Nested connections and `first`-limited lists are sliced here.
 */
export function createFieldResolver(resolvers: Record<string, Resolver>, queryRoot: string, mutationRoot: string): GraphQLFieldResolver<unknown, ExecContext> {
  return (source, args, ctx, info) => {
    const custom = resolvers[`${info.parentType.name}.${info.fieldName}`];
    if (custom) return custom((source ?? {}) as Record<string, unknown>, args, ctx, info);
    if (info.parentType.name === queryRoot || info.parentType.name === mutationRoot) throw notModelled(`${info.parentType.name}.${info.fieldName}`);
    if (source === null || typeof source !== "object") return null;
    const object = source as Record<string | symbol, unknown>;
    if (!(info.fieldName in object)) {
      if (object[LENIENT]) return null;
      throw notModelled(`${info.parentType.name}.${info.fieldName}`);
    }
    const value = object[info.fieldName];
    if (value === undefined) throw notModelled(`this ${info.parentType.name}.${info.fieldName}`);
    const shape = typeShape(info.returnType);
    if (shape.connection && value && typeof value === "object" && Array.isArray((value as { nodes?: unknown }).nodes)) {
      return sliceConnection((value as { nodes: unknown[] }).nodes, args);
    }
    if (shape.list && Array.isArray(value) && typeof args.first === "number") {
      return value.slice(0, args.first);
    }
    return value;
  };
}
