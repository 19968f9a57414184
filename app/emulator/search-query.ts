// The part of Shopify's search syntax (the `query:` argument of orders / customers) that the
// emulator understands: `field:value` terms with an optional comparator (`>`, `>=`, `<`, `<=`),
// values optionally quoted with ' or ", joined by whitespace or an explicit AND.
//
// Fidelity rules:
// - A field Shopify does not know for the resource is ignored and reported as a warning, as
//   Shopify does (extensions.search), so a misspelt filter widens the result just like there.
// - A field or syntax Shopify supports but the emulator does not model (OR, NOT, -negation,
//   parentheses, free text, financial_status, tag…) is refused loudly: silently ignoring it would
//   return a wrong result that a test could mistake for the truth.
// - Dates without an offset are in the shop's time zone; a bare date compared with `=` means the
//   whole local day.

export type SearchFieldKind = "date" | "id" | "text";
export type Comparator = "=" | ">" | ">=" | "<" | "<=";

export interface SearchFilter {
  field: string;
  kind: SearchFieldKind;
  op: Comparator;
  /** Epoch ms for dates, the zero-padded id key for ids, lower-cased text otherwise. */
  value: number | string;
}

export interface SearchWarning {
  field: string;
  message: string;
}

export interface ParsedSearch {
  filters: SearchFilter[];
  warnings: SearchWarning[];
}

export interface SearchSpec {
  /** Fields the emulator filters on. */
  fields: Readonly<Record<string, SearchFieldKind>>;
  /** Fields Shopify accepts for this resource that the emulator does not model. */
  unmodelled: readonly string[];
  /** The shop's IANA time zone, for dates without an offset. */
  timeZone: string;
}

/** Thrown for valid Shopify search syntax the emulator does not implement. */
export class SearchNotModelledError extends Error {}

/** Decimal id ("1234" or a GID's tail) → fixed-width key whose text order is numeric order. */
export function idKey(id: string): string {
  const m = /(\d+)$/.exec(id);
  if (!m) throw new Error(`not a numeric id or GID: ${id}`);
  return m[1]!.replace(/^0+(?=\d)/, "").padStart(20, "0");
}

function tokenize(query: string): string[] {
  const tokens: string[] = [];
  let current = "";
  let quote: string | null = null;
  for (const ch of query) {
    if (quote) {
      current += ch;
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      current += ch;
    } else if (/\s/.test(ch)) {
      if (current) tokens.push(current);
      current = "";
    } else {
      current += ch;
    }
  }
  if (quote) throw new SearchNotModelledError(`unterminated quote in search query: ${query}`);
  if (current) tokens.push(current);
  return tokens;
}

function unquote(value: string): string {
  if (value.length >= 2 && (value[0] === "'" || value[0] === '"') && value[value.length - 1] === value[0]) {
    return value.slice(1, -1);
  }
  return value;
}

/** Offset of `timeZone` from UTC at instant `t`, in ms (positive east of Greenwich). */
function zoneOffsetMs(t: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(t));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return asUtc - Math.floor(t / 1000) * 1000;
}

/** Wall-clock time in `timeZone` → epoch ms (second pass settles DST transitions). */
function zonedToUtc(fields: number[], timeZone: string): number {
  const [y, mo, d, h = 0, mi = 0, s = 0, ms = 0] = fields;
  const wall = Date.UTC(y!, mo! - 1, d!, h, mi, s, ms);
  let t = wall - zoneOffsetMs(wall, timeZone);
  t = wall - zoneOffsetMs(t, timeZone);
  return t;
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?$/;
const ZONED_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

function dateFilters(field: string, op: Comparator, raw: string, timeZone: string): SearchFilter[] {
  const make = (o: Comparator, value: number): SearchFilter => ({ field, kind: "date", op: o, value });
  const day = DATE_ONLY.exec(raw);
  if (day) {
    const [y, m, d] = [Number(day[1]), Number(day[2]), Number(day[3])];
    const start = zonedToUtc([y, m, d], timeZone);
    if (op !== "=") return [make(op, start)];
    const next = zonedToUtc([y, m, d + 1], timeZone);
    return [make(">=", start), make("<", next)];
  }
  const local = LOCAL_DATE_TIME.exec(raw);
  if (local) {
    const ms = (local[7] ?? "0").padEnd(3, "0");
    const fields = [1, 2, 3, 4, 5, 6].map((i) => Number(local[i] ?? 0)).concat(Number(ms));
    return [make(op, zonedToUtc(fields, timeZone))];
  }
  if (ZONED_DATE_TIME.test(raw)) {
    const t = Date.parse(raw.replace(" ", "T"));
    if (Number.isFinite(t)) return [make(op, t)];
  }
  throw new SearchNotModelledError(`the emulator cannot read the date ${JSON.stringify(raw)} in ${field}:`);
}

/** Parses a search query for one resource. An empty or null query has no filters. */
export function parseSearchQuery(query: string | null | undefined, spec: SearchSpec): ParsedSearch {
  const result: ParsedSearch = { filters: [], warnings: [] };
  if (!query || !query.trim()) return result;
  for (const token of tokenize(query)) {
    if (token === "AND") continue;
    if (token === "OR" || token === "NOT" || token.startsWith("-") || token.startsWith("(") || token.endsWith(")")) {
      throw new SearchNotModelledError(`the emulator does not model ${JSON.stringify(token)} in search queries (only terms joined by AND)`);
    }
    const m = /^([A-Za-z_][A-Za-z0-9_.]*):(.*)$/.exec(token);
    if (!m) throw new SearchNotModelledError(`the emulator does not model free-text search (${JSON.stringify(token)})`);
    const field = m[1]!.toLowerCase();
    let rest = m[2]!;
    let op: Comparator = "=";
    const cmp = /^(>=|<=|>|<)/.exec(rest);
    if (cmp) {
      op = cmp[1] as Comparator;
      rest = rest.slice(cmp[1]!.length);
    }
    const value = unquote(rest);
    const kind = spec.fields[field];
    if (!kind) {
      if (spec.unmodelled.includes(field)) {
        throw new SearchNotModelledError(`the emulator does not model the search field ${field}:`);
      }
      result.warnings.push({ field, message: "Invalid search field for this query." });
      continue;
    }
    if (kind === "date") result.filters.push(...dateFilters(field, op, value, spec.timeZone));
    else if (kind === "id") result.filters.push({ field, kind, op, value: idKey(value) });
    else {
      if (op !== "=") throw new SearchNotModelledError(`the emulator does not model ${op} on ${field}:`);
      result.filters.push({ field, kind, op, value: value.toLowerCase() });
    }
  }
  return result;
}

export const ORDER_SEARCH_FIELDS: Readonly<Record<string, SearchFieldKind>> = {
  created_at: "date",
  updated_at: "date",
  processed_at: "date",
  id: "id",
  email: "text",
};

/** Order search fields Shopify documents that the emulator does not filter on. */
export const ORDER_SEARCH_UNMODELLED = [
  "cancelled_at", "channel", "chargeback_status", "confirmation_number", "credit_card_last4", "current_total_price",
  "customer_id", "delivery_method", "discount_code", "financial_status", "fraud_protection_level", "fulfillment_location_id",
  "fulfillment_status", "gateway", "location_id", "name", "payment_id", "payment_provider_id", "po_number", "reference_location_id",
  "return_status", "risk_level", "sales_channel", "sku", "source_identifier", "source_name", "status", "subtotal_line_items_quantity",
  "tag", "tag_not", "test", "total_weight",
] as const;

export const CUSTOMER_SEARCH_FIELDS: Readonly<Record<string, SearchFieldKind>> = {
  created_at: "date",
  updated_at: "date",
  id: "id",
  email: "text",
};

export const CUSTOMER_SEARCH_UNMODELLED = [
  "accepts_marketing", "country", "customer_date", "first_name", "last_abandoned_order_date", "last_name", "order_date",
  "orders_count", "phone", "state", "tag", "tag_not", "total_spent",
] as const;

/** Product search: `tag:` (case-insensitive, exact tag) and `id:` comparisons. */
export const PRODUCT_SEARCH_FIELDS: Readonly<Record<string, SearchFieldKind>> = {
  tag: "text",
  id: "id",
};

/** Product search fields Shopify documents that the emulator does not filter on. */
export const PRODUCT_SEARCH_UNMODELLED = [
  "barcode", "bundles", "category_id", "collection_id", "combined_listing_role", "created_at", "delivery_profile_id", "error_feedback",
  "gift_card", "handle", "has_only_composites", "has_only_default_variant", "has_variant_with_components", "inventory_total",
  "is_price_reduced", "out_of_stock_somewhere", "price", "product_configuration_owner", "product_id", "product_publication_status",
  "product_type", "publishable_status", "published_at", "published_status", "sku", "status", "tag_not", "title", "updated_at",
  "variant_id", "variant_title", "vendor",
] as const;
