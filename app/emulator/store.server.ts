// The Admin API emulator's state, in one SQLite file (WAL), so a test process can seed and inspect
// it while the app process serves requests from it. Everything is keyed by the shop's myshopify
// domain. Orders and customers are stored as the JSON of their GraphQL shape, next to indexed
// columns (timestamps in epoch ms, a fixed-width id key) that pagination and search filter on.
// Product variants, products and collections are stored as served, for lookups by id; product tags
// and collection memberships sit in their own tables, for products(query: "tag:…") and
// collection.products.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { SearchFilter } from "./search-query";
import { idKey } from "./search-query";
import type {
  EmulatedCollection,
  EmulatedCollectionInput,
  EmulatedCustomer,
  EmulatedEmailMarketingConsent,
  EmulatedOrder,
  EmulatedProduct,
  EmulatedProductInput,
  EmulatedProductVariant,
  EmulatedProductVariantInput,
  EmulatedShop,
  EmulatedShopAddress,
  EmulatedShopAddressInput,
  EmulatedShopInput,
  EmulatorFault,
  StoredConsentUpdate,
  StoredDiscountCode,
  StoredMetafield,
  StoredMetafieldDefinition,
  UserErrorInput,
} from "./types";

export type * from "./types";

const SCHEMA_VERSION = 1;

const DDL = `
CREATE TABLE IF NOT EXISTS emulator_shop (
  domain TEXT PRIMARY KEY,
  shop_json TEXT NOT NULL,
  access_token TEXT
);
CREATE TABLE IF NOT EXISTS emulator_customer (
  domain TEXT NOT NULL,
  id TEXT NOT NULL,
  id_key TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  email TEXT,
  json TEXT NOT NULL,
  PRIMARY KEY (domain, id)
);
CREATE INDEX IF NOT EXISTS emulator_customer_updated ON emulator_customer (domain, updated_at, id_key);
CREATE INDEX IF NOT EXISTS emulator_customer_created ON emulator_customer (domain, created_at, id_key);
CREATE INDEX IF NOT EXISTS emulator_customer_id ON emulator_customer (domain, id_key);
CREATE TABLE IF NOT EXISTS emulator_order (
  domain TEXT NOT NULL,
  id TEXT NOT NULL,
  id_key TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  processed_at INTEGER NOT NULL,
  email TEXT,
  json TEXT NOT NULL,
  PRIMARY KEY (domain, id)
);
CREATE INDEX IF NOT EXISTS emulator_order_updated ON emulator_order (domain, updated_at, id_key);
CREATE INDEX IF NOT EXISTS emulator_order_created ON emulator_order (domain, created_at, id_key);
CREATE INDEX IF NOT EXISTS emulator_order_processed ON emulator_order (domain, processed_at, id_key);
CREATE INDEX IF NOT EXISTS emulator_order_id ON emulator_order (domain, id_key);
CREATE TABLE IF NOT EXISTS emulator_metafield_definition (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  domain TEXT NOT NULL,
  owner_type TEXT NOT NULL,
  namespace TEXT NOT NULL,
  key TEXT NOT NULL,
  type TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT,
  input_json TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (domain, owner_type, namespace, key)
);
CREATE TABLE IF NOT EXISTS emulator_metafield (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  domain TEXT NOT NULL,
  owner_id TEXT NOT NULL,
  owner_type TEXT NOT NULL,
  namespace TEXT NOT NULL,
  key TEXT NOT NULL,
  type TEXT NOT NULL,
  value TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (domain, owner_id, namespace, key)
);
CREATE TABLE IF NOT EXISTS emulator_discount (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  domain TEXT NOT NULL,
  kind TEXT NOT NULL,
  code TEXT NOT NULL,
  code_lower TEXT NOT NULL,
  title TEXT NOT NULL,
  input_json TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (domain, code_lower)
);
CREATE TABLE IF NOT EXISTS emulator_product_variant (
  domain TEXT NOT NULL,
  id TEXT NOT NULL,
  product_id TEXT,
  json TEXT NOT NULL,
  PRIMARY KEY (domain, id)
);
CREATE INDEX IF NOT EXISTS emulator_product_variant_product ON emulator_product_variant (domain, product_id);
CREATE TABLE IF NOT EXISTS emulator_collection (
  domain TEXT NOT NULL,
  id TEXT NOT NULL,
  json TEXT NOT NULL,
  PRIMARY KEY (domain, id)
);
CREATE TABLE IF NOT EXISTS emulator_product (
  domain TEXT NOT NULL,
  id TEXT NOT NULL,
  id_key TEXT NOT NULL,
  json TEXT NOT NULL,
  PRIMARY KEY (domain, id)
);
CREATE INDEX IF NOT EXISTS emulator_product_id ON emulator_product (domain, id_key);
CREATE TABLE IF NOT EXISTS emulator_product_tag (
  domain TEXT NOT NULL,
  product_id TEXT NOT NULL,
  tag TEXT NOT NULL,
  PRIMARY KEY (domain, product_id, tag)
);
CREATE INDEX IF NOT EXISTS emulator_product_tag_tag ON emulator_product_tag (domain, tag);
CREATE TABLE IF NOT EXISTS emulator_collection_product (
  domain TEXT NOT NULL,
  collection_id TEXT NOT NULL,
  product_id TEXT NOT NULL,
  PRIMARY KEY (domain, collection_id, product_id)
);
CREATE INDEX IF NOT EXISTS emulator_collection_product_product ON emulator_collection_product (domain, product_id);
CREATE TABLE IF NOT EXISTS emulator_consent_update (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  domain TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  marketing_state TEXT NOT NULL,
  opt_in_level TEXT,
  consent_updated_at TEXT,
  input_json TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS emulator_request (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  domain TEXT NOT NULL,
  operation_name TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS emulator_request_domain ON emulator_request (domain, seq);
CREATE TABLE IF NOT EXISTS emulator_fault (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  domain TEXT NOT NULL,
  operation_name TEXT NOT NULL,
  kind TEXT NOT NULL,
  remaining INTEGER NOT NULL,
  user_errors_json TEXT
);
CREATE TABLE IF NOT EXISTS emulator_bucket (
  domain TEXT PRIMARY KEY,
  available REAL NOT NULL,
  updated_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS emulator_theme_file (
  domain TEXT NOT NULL,
  filename TEXT NOT NULL,
  content TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (domain, filename)
);
`;

/** The columns pagination can sort on. */
export type SortColumn = "updated_at" | "created_at" | "processed_at" | "id_key";

/** A position in a sorted listing: the sort column's value and the id key (tie-breaker). */
export interface CursorValue {
  value: number | string;
  idKey: string;
}

export interface PageRequest {
  sort: SortColumn;
  reverse: boolean;
  first: number | null;
  last: number | null;
  after: CursorValue | null;
  before: CursorValue | null;
  filters: SearchFilter[];
}

export interface PageResult<T> {
  items: { node: T; cursor: CursorValue }[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

/** Wildcard operation name for injectFault: matches every operation. */
export const ANY_OPERATION = "*";

type Table = "emulator_order" | "emulator_customer";

const FILTER_COLUMNS: Record<Table, Record<string, string>> = {
  emulator_order: { created_at: "created_at", updated_at: "updated_at", processed_at: "processed_at", id: "id_key", email: "email" },
  emulator_customer: { created_at: "created_at", updated_at: "updated_at", id: "id_key", email: "email" },
};

function epochMs(iso: string, what: string): number {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) throw new Error(`EmulatorStore: ${what} is not an ISO timestamp: ${JSON.stringify(iso)}`);
  return t;
}

function requireGid(type: string, id: string): string {
  if (!id.startsWith(`gid://shopify/${type}/`)) throw new Error(`EmulatorStore: expected a ${type} GID, got ${JSON.stringify(id)}`);
  return id;
}

/** The numeric tail of a GID ("gid://shopify/Collection/42" → "42"). */
function gidTail(id: string): string {
  return id.slice(id.lastIndexOf("/") + 1);
}

/** Shopify's Money scalar: a decimal string with at least two decimals ("12" → "12.00"). */
function moneyScalar(value: string, what: string): string {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!m) throw new Error(`EmulatorStore: ${what} is not a decimal amount: ${JSON.stringify(value)}`);
  return `${m[1]!.replace(/^0+(?=\d)/, "")}.${(m[2] ?? "").padEnd(2, "0")}`;
}

/** A handle as Shopify derives it from a title: lower case, runs of other characters as one "-". */
function handleFromTitle(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}

/** The ProductVariant object served for a seeded variant. */
export function variantFromInput(input: EmulatedProductVariantInput): EmulatedProductVariant {
  requireGid("ProductVariant", input.id);
  if (input.productId !== undefined) requireGid("Product", input.productId);
  return {
    id: input.id,
    legacyResourceId: gidTail(input.id),
    title: input.title,
    displayName: `${input.productTitle} - ${input.title}`,
    price: moneyScalar(input.price, "price"),
    sku: input.sku ?? null,
    ...(input.productId !== undefined ? { product: { id: input.productId, title: input.productTitle } } : {}),
  };
}

/** The Collection object served for a seeded collection. */
export function collectionFromInput(input: EmulatedCollectionInput): EmulatedCollection {
  requireGid("Collection", input.id);
  return { id: input.id, legacyResourceId: gidTail(input.id), title: input.title, handle: input.handle ?? handleFromTitle(input.title) };
}

/** The Product object served for a seeded product. */
export function productFromInput(input: EmulatedProductInput): EmulatedProduct {
  requireGid("Product", input.id);
  for (const c of input.collections ?? []) requireGid("Collection", c);
  return {
    id: input.id,
    legacyResourceId: gidTail(input.id),
    title: input.title,
    handle: input.handle ?? handleFromTitle(input.title),
    tags: [...(input.tags ?? [])],
  };
}

/** myshopify domain from "shop", "shop.myshopify.com" or "https://shop.myshopify.com". */
export function normalizeShopDomain(shop: string): string {
  const host = shop.trim().toLowerCase().replace(/^https?:\/\//, "").replace(/\/.*$/, "");
  return host.includes(".") ? host : `${host}.myshopify.com`;
}

/** A stable 11-digit numeric shop id derived from the domain (when the seed gives none). */
function derivedShopId(domain: string): string {
  let h = 0xcbf29ce484222325n;
  for (const ch of domain) h = ((h ^ BigInt(ch.codePointAt(0)!)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return String(10_000_000_000n + (h % 89_999_999_999n));
}

export function shopFromInput(input: EmulatedShopInput): EmulatedShop {
  const domain = normalizeShopDomain(input.domain);
  const numeric = input.id ? idKey(input.id).replace(/^0+(?=\d)/, "") : derivedShopId(domain);
  const plan = input.planName;
  return {
    id: `gid://shopify/Shop/${numeric}`,
    name: input.name,
    myshopifyDomain: domain,
    currencyCode: input.currencyCode,
    ianaTimezone: input.ianaTimezone,
    contactEmail: input.contactEmail,
    email: input.contactEmail,
    plan: {
      publicDisplayName: plan,
      displayName: plan,
      partnerDevelopment: input.partnerDevelopment ?? /development/i.test(plan),
      shopifyPlus: input.shopifyPlus ?? /plus/i.test(plan),
    },
    primaryDomain: {
      id: `gid://shopify/Domain/${numeric}`,
      host: input.primaryDomainHost,
      url: `https://${input.primaryDomainHost}`,
      sslEnabled: true,
    },
    billingAddress: shopAddress(numeric, input.name, input.billingAddress),
  };
}

const DEFAULT_BILLING_ADDRESS: EmulatedShopAddressInput = {
  address1: "Mannerheimintie 1", city: "Helsinki", zip: "00100", country: "Finland", countryCodeV2: "FI",
};

/** The shop's billing address: the given one, the default street address, or (null) none. */
export function shopAddress(numericId: string, company: string, input: EmulatedShopAddressInput | null | undefined): EmulatedShopAddress {
  const a = input === undefined ? { company, ...DEFAULT_BILLING_ADDRESS } : (input ?? {});
  return {
    id: `gid://shopify/ShopAddress/${numericId}`,
    company: a.company ?? null, address1: a.address1 ?? null, address2: a.address2 ?? null, city: a.city ?? null,
    province: a.province ?? null, provinceCode: a.provinceCode ?? null, zip: a.zip ?? null, country: a.country ?? null,
    countryCodeV2: a.countryCodeV2 ?? null,
  };
}

/** ShopAddress.formatted: the address lines the way Shopify writes them for the country. */
export function formattedShopAddress(a: EmulatedShopAddress, withCompany: boolean): string[] {
  const zipFirst = !["US", "CA", "AU", "GB"].includes(a.countryCodeV2 ?? "");
  const area = zipFirst
    ? [a.zip, a.city].filter(Boolean).join(" ")
    : [a.city, a.provinceCode ?? a.province, a.zip].filter(Boolean).join(" ");
  return [withCompany ? a.company : null, a.address1, a.address2, area || null, a.country].filter((l): l is string => Boolean(l && l.trim()));
}

function discountFromRow(r: Record<string, string | number>): StoredDiscountCode {
  return {
    id: `gid://shopify/DiscountCodeNode/${r.id}`,
    kind: r.kind as StoredDiscountCode["kind"],
    code: String(r.code),
    title: String(r.title),
    input: JSON.parse(String(r.input_json)) as Record<string, unknown>,
    createdAt: String(r.created_at),
  };
}

export class EmulatorStore {
  readonly path: string;
  readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(file: string) {
    this.path = file;
    if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.db = new Database(file);
    // WAL lets the seeding process write while the serving process reads; the busy timeout makes
    // the two processes wait for each other's short write transactions instead of failing.
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("busy_timeout = 10000");
    this.db.pragma("synchronous = NORMAL");
    const version = this.db.pragma("user_version", { simple: true }) as number;
    if (version > SCHEMA_VERSION) throw new Error(`EmulatorStore: ${file} has schema version ${version}, newer than this code`);
    this.db.exec(DDL);
    if (version < SCHEMA_VERSION) this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }

  close(): void {
    this.db.close();
  }

  private stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  /** Runs `fn` in one write transaction (IMMEDIATE, so concurrent writers queue up front). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  // -------------------------------------------------------------------------------------------
  // Seeding
  // -------------------------------------------------------------------------------------------

  upsertShop(input: EmulatedShopInput): EmulatedShop {
    const shop = shopFromInput(input);
    this.stmt(
      `INSERT INTO emulator_shop (domain, shop_json, access_token) VALUES (?, ?, ?)
       ON CONFLICT (domain) DO UPDATE SET shop_json = excluded.shop_json, access_token = excluded.access_token`,
    ).run(shop.myshopifyDomain, JSON.stringify(shop), input.accessToken ?? null);
    return shop;
  }

  upsertCustomer(domain: string, customer: EmulatedCustomer): void {
    this.upsertCustomers(domain, [customer]);
  }

  /** Inserts or replaces customers in one transaction; returns how many were written. */
  upsertCustomers(domain: string, customers: Iterable<EmulatedCustomer>): number {
    const d = normalizeShopDomain(domain);
    const insert = this.stmt(
      `INSERT OR REPLACE INTO emulator_customer (domain, id, id_key, created_at, updated_at, email, json) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const n = this.transaction(() => {
      let count = 0;
      for (const c of customers) {
        requireGid("Customer", c.id);
        insert.run(d, c.id, idKey(c.id), epochMs(c.createdAt, "createdAt"), epochMs(c.updatedAt, "updatedAt"), c.email?.toLowerCase() ?? null, JSON.stringify(c));
        count++;
      }
      return count;
    });
    this.shrinkWalAfterBulk(n);
    return n;
  }

  deleteCustomer(domain: string, id: string): boolean {
    return this.stmt(`DELETE FROM emulator_customer WHERE domain = ? AND id = ?`).run(normalizeShopDomain(domain), id).changes > 0;
  }

  upsertOrder(domain: string, order: EmulatedOrder): void {
    this.upsertOrders(domain, [order]);
  }

  /** Inserts or replaces orders in one transaction; returns how many were written. */
  upsertOrders(domain: string, orders: Iterable<EmulatedOrder>): number {
    const d = normalizeShopDomain(domain);
    const insert = this.stmt(
      `INSERT OR REPLACE INTO emulator_order (domain, id, id_key, created_at, updated_at, processed_at, email, json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const n = this.transaction(() => {
      let count = 0;
      for (const o of orders) {
        requireGid("Order", o.id);
        insert.run(
          d, o.id, idKey(o.id), epochMs(o.createdAt, "createdAt"), epochMs(o.updatedAt, "updatedAt"),
          epochMs(o.processedAt, "processedAt"), o.email?.toLowerCase() ?? null, JSON.stringify(o),
        );
        count++;
      }
      return count;
    });
    this.shrinkWalAfterBulk(n);
    return n;
  }

  /**
   * A bulk seed writes every page to the WAL once more; after a large one, give that space back
   * (best effort: a reader in another process may keep part of the WAL alive).
   */
  private shrinkWalAfterBulk(rows: number): void {
    if (rows >= 10_000) this.db.pragma("wal_checkpoint(TRUNCATE)");
  }

  deleteOrder(domain: string, id: string): boolean {
    return this.stmt(`DELETE FROM emulator_order WHERE domain = ? AND id = ?`).run(normalizeShopDomain(domain), id).changes > 0;
  }

  /** Inserts or replaces product variants in one transaction; returns how many were written. */
  upsertVariants(domain: string, variants: Iterable<EmulatedProductVariantInput>): number {
    const d = normalizeShopDomain(domain);
    const insert = this.stmt(`INSERT OR REPLACE INTO emulator_product_variant (domain, id, product_id, json) VALUES (?, ?, ?, ?)`);
    return this.transaction(() => {
      let count = 0;
      for (const v of variants) {
        const served = variantFromInput(v);
        insert.run(d, served.id, served.product?.id ?? null, JSON.stringify(served));
        count++;
      }
      return count;
    });
  }

  /** Inserts or replaces collections in one transaction; returns how many were written. */
  upsertCollections(domain: string, collections: Iterable<EmulatedCollectionInput>): number {
    const d = normalizeShopDomain(domain);
    const insert = this.stmt(`INSERT OR REPLACE INTO emulator_collection (domain, id, json) VALUES (?, ?, ?)`);
    return this.transaction(() => {
      let count = 0;
      for (const c of collections) {
        const served = collectionFromInput(c);
        insert.run(d, served.id, JSON.stringify(served));
        count++;
      }
      return count;
    });
  }

  /**
   * Inserts or replaces products (their tags and collection memberships too) in one transaction;
   * returns how many were written.
   */
  upsertProducts(domain: string, products: Iterable<EmulatedProductInput>): number {
    const d = normalizeShopDomain(domain);
    const insert = this.stmt(`INSERT OR REPLACE INTO emulator_product (domain, id, id_key, json) VALUES (?, ?, ?, ?)`);
    const insertTag = this.stmt(`INSERT OR IGNORE INTO emulator_product_tag (domain, product_id, tag) VALUES (?, ?, ?)`);
    const insertMember = this.stmt(
      `INSERT OR IGNORE INTO emulator_collection_product (domain, collection_id, product_id) VALUES (?, ?, ?)`,
    );
    return this.transaction(() => {
      let count = 0;
      for (const p of products) {
        const served = productFromInput(p);
        insert.run(d, served.id, idKey(served.id), JSON.stringify(served));
        this.stmt(`DELETE FROM emulator_product_tag WHERE domain = ? AND product_id = ?`).run(d, served.id);
        for (const tag of served.tags) insertTag.run(d, served.id, tag.trim().toLowerCase());
        if (p.collections !== undefined) {
          this.stmt(`DELETE FROM emulator_collection_product WHERE domain = ? AND product_id = ?`).run(d, served.id);
          for (const c of p.collections) insertMember.run(d, c, served.id);
        }
        count++;
      }
      return count;
    });
  }

  deleteProduct(domain: string, id: string): boolean {
    const d = normalizeShopDomain(domain);
    return this.transaction(() => {
      this.stmt(`DELETE FROM emulator_product_tag WHERE domain = ? AND product_id = ?`).run(d, id);
      this.stmt(`DELETE FROM emulator_collection_product WHERE domain = ? AND product_id = ?`).run(d, id);
      return this.stmt(`DELETE FROM emulator_product WHERE domain = ? AND id = ?`).run(d, id).changes > 0;
    });
  }

  /** Removes everything stored for a shop (shop facts, data, logs, faults, bucket). */
  clearShop(domain: string): void {
    const d = normalizeShopDomain(domain);
    this.transaction(() => {
      for (const table of [
        "emulator_shop", "emulator_customer", "emulator_order", "emulator_metafield_definition", "emulator_metafield",
        "emulator_discount", "emulator_product_variant", "emulator_collection", "emulator_product", "emulator_product_tag",
        "emulator_collection_product", "emulator_consent_update", "emulator_request",
        "emulator_fault", "emulator_bucket", "emulator_theme_file",
      ]) {
        this.stmt(`DELETE FROM ${table} WHERE domain = ?`).run(d);
      }
    });
  }

  // -------------------------------------------------------------------------------------------
  // Faults
  // -------------------------------------------------------------------------------------------

  /** The next `times` requests for `operationName` (or ANY_OPERATION) on this shop get `fault`. */
  injectFault(domain: string, operationName: string, fault: EmulatorFault): void {
    if (!Number.isInteger(fault.times) || fault.times < 1) throw new Error("injectFault: times must be a positive integer");
    this.stmt(
      `INSERT INTO emulator_fault (domain, operation_name, kind, remaining, user_errors_json) VALUES (?, ?, ?, ?, ?)`,
    ).run(normalizeShopDomain(domain), operationName, fault.kind, fault.times, fault.kind === "userErrors" ? JSON.stringify(fault.userErrors) : null);
  }

  clearFaults(domain: string): void {
    this.stmt(`DELETE FROM emulator_fault WHERE domain = ?`).run(normalizeShopDomain(domain));
  }

  /** Consumes one use of the oldest fault matching this request, if any. */
  takeFault(domain: string, operationName: string | null): EmulatorFault | null {
    const d = normalizeShopDomain(domain);
    return this.transaction(() => {
      const row = this.stmt(
        `SELECT id, kind, remaining, user_errors_json FROM emulator_fault
         WHERE domain = ? AND (operation_name = ? OR operation_name = ?) AND remaining > 0 ORDER BY id LIMIT 1`,
      ).get(d, operationName ?? "", ANY_OPERATION) as { id: number; kind: EmulatorFault["kind"]; remaining: number; user_errors_json: string | null } | undefined;
      if (!row) return null;
      if (row.remaining <= 1) this.stmt(`DELETE FROM emulator_fault WHERE id = ?`).run(row.id);
      else this.stmt(`UPDATE emulator_fault SET remaining = remaining - 1 WHERE id = ?`).run(row.id);
      if (row.kind === "userErrors") {
        return { kind: "userErrors", times: 1, userErrors: JSON.parse(row.user_errors_json ?? "[]") as UserErrorInput[] };
      }
      return { kind: row.kind, times: 1 };
    });
  }

  // -------------------------------------------------------------------------------------------
  // Readers (assertions and the emulator)
  // -------------------------------------------------------------------------------------------

  shop(domain: string): EmulatedShop | null {
    const row = this.stmt(`SELECT shop_json FROM emulator_shop WHERE domain = ?`).get(normalizeShopDomain(domain)) as { shop_json: string } | undefined;
    return row ? (JSON.parse(row.shop_json) as EmulatedShop) : null;
  }

  /** The access token a shop requires, or null when any non-empty token is accepted. */
  accessToken(domain: string): string | null {
    const row = this.stmt(`SELECT access_token FROM emulator_shop WHERE domain = ?`).get(normalizeShopDomain(domain)) as { access_token: string | null } | undefined;
    return row?.access_token ?? null;
  }

  customer(domain: string, id: string): EmulatedCustomer | null {
    const row = this.stmt(`SELECT json FROM emulator_customer WHERE domain = ? AND id = ?`).get(normalizeShopDomain(domain), id) as { json: string } | undefined;
    return row ? (JSON.parse(row.json) as EmulatedCustomer) : null;
  }

  order(domain: string, id: string): EmulatedOrder | null {
    const row = this.stmt(`SELECT json FROM emulator_order WHERE domain = ? AND id = ?`).get(normalizeShopDomain(domain), id) as { json: string } | undefined;
    return row ? (JSON.parse(row.json) as EmulatedOrder) : null;
  }

  productVariant(domain: string, id: string): EmulatedProductVariant | null {
    const row = this.stmt(`SELECT json FROM emulator_product_variant WHERE domain = ? AND id = ?`).get(normalizeShopDomain(domain), id) as
      | { json: string }
      | undefined;
    return row ? (JSON.parse(row.json) as EmulatedProductVariant) : null;
  }

  /** A seeded product, else a product known through one of its seeded variants (id and title), or null. */
  product(domain: string, id: string): EmulatedProduct | { id: string; title: string } | null {
    const seeded = this.stmt(`SELECT json FROM emulator_product WHERE domain = ? AND id = ?`).get(normalizeShopDomain(domain), id) as
      | { json: string }
      | undefined;
    if (seeded) return JSON.parse(seeded.json) as EmulatedProduct;
    const row = this.stmt(`SELECT json FROM emulator_product_variant WHERE domain = ? AND product_id = ? LIMIT 1`).get(normalizeShopDomain(domain), id) as
      | { json: string }
      | undefined;
    return row ? ((JSON.parse(row.json) as EmulatedProductVariant).product ?? null) : null;
  }

  collection(domain: string, id: string): EmulatedCollection | null {
    const row = this.stmt(`SELECT json FROM emulator_collection WHERE domain = ? AND id = ?`).get(normalizeShopDomain(domain), id) as { json: string } | undefined;
    return row ? (JSON.parse(row.json) as EmulatedCollection) : null;
  }

  /**
   * One forward page of seeded products in id order: those carrying every tag in `tags`
   * (lower-cased), within `collectionId` when given, after the product id key `after`.
   */
  pageProducts(
    domain: string,
    req: { first: number; after: string | null; tags?: string[]; collectionId?: string | null; idFilters?: { op: string; value: string }[] },
  ): { items: { node: EmulatedProduct; idKey: string }[]; hasNextPage: boolean; hasPreviousPage: boolean } {
    const d = normalizeShopDomain(domain);
    const where = ["p.domain = ?"];
    const params: unknown[] = [d];
    for (const tag of req.tags ?? []) {
      where.push(`EXISTS (SELECT 1 FROM emulator_product_tag t WHERE t.domain = p.domain AND t.product_id = p.id AND t.tag = ?)`);
      params.push(tag);
    }
    if (req.collectionId) {
      where.push(`EXISTS (SELECT 1 FROM emulator_collection_product c WHERE c.domain = p.domain AND c.collection_id = ? AND c.product_id = p.id)`);
      params.push(req.collectionId);
    }
    for (const f of req.idFilters ?? []) {
      if (!["=", ">", ">=", "<", "<="].includes(f.op)) throw new Error(`EmulatorStore: bad comparator ${f.op}`);
      where.push(`p.id_key ${f.op} ?`);
      params.push(f.value);
    }
    const bounded = req.after ? [...where, "p.id_key > ?"] : where;
    const rows = this.stmt(`SELECT p.id_key, p.json FROM emulator_product p WHERE ${bounded.join(" AND ")} ORDER BY p.id_key LIMIT ?`).all(
      ...params, ...(req.after ? [req.after] : []), req.first + 1,
    ) as { id_key: string; json: string }[];
    const hasPreviousPage = req.after
      ? this.stmt(`SELECT 1 FROM emulator_product p WHERE ${[...where, "p.id_key <= ?"].join(" AND ")} LIMIT 1`).get(...params, req.after) !== undefined
      : false;
    return {
      items: rows.slice(0, req.first).map((r) => ({ node: JSON.parse(r.json) as EmulatedProduct, idKey: r.id_key })),
      hasNextPage: rows.length > req.first,
      hasPreviousPage,
    };
  }

  /**
   * A file of the shop's live (MAIN) theme, as themes(roles: [MAIN]) { files } serves it — e.g.
   * config/settings_data.json, which says which app embeds are on. null removes the file.
   */
  setThemeFile(domain: string, filename: string, content: string | null): void {
    const d = normalizeShopDomain(domain);
    if (content === null) {
      this.stmt(`DELETE FROM emulator_theme_file WHERE domain = ? AND filename = ?`).run(d, filename);
      return;
    }
    this.stmt(
      `INSERT INTO emulator_theme_file (domain, filename, content, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (domain, filename) DO UPDATE SET content = excluded.content, updated_at = excluded.updated_at`,
    ).run(d, filename, content, new Date().toISOString());
  }

  /** The live theme's stored files, by file name. */
  themeFiles(domain: string): { filename: string; content: string; updatedAt: string }[] {
    const rows = this.stmt(`SELECT filename, content, updated_at FROM emulator_theme_file WHERE domain = ? ORDER BY filename`).all(normalizeShopDomain(domain)) as {
      filename: string; content: string; updated_at: string;
    }[];
    return rows.map((r) => ({ filename: r.filename, content: r.content, updatedAt: r.updated_at }));
  }

  countOrders(domain: string): number {
    return (this.stmt(`SELECT COUNT(*) AS n FROM emulator_order WHERE domain = ?`).get(normalizeShopDomain(domain)) as { n: number }).n;
  }

  metafields(domain: string): StoredMetafield[] {
    const rows = this.stmt(
      `SELECT id, owner_id, owner_type, namespace, key, type, value, created_at, updated_at FROM emulator_metafield WHERE domain = ? ORDER BY id`,
    ).all(normalizeShopDomain(domain)) as Array<Record<string, string | number>>;
    return rows.map((r) => ({
      id: `gid://shopify/Metafield/${r.id}`,
      ownerId: String(r.owner_id),
      ownerType: String(r.owner_type),
      namespace: String(r.namespace),
      key: String(r.key),
      type: String(r.type),
      value: String(r.value),
      createdAt: String(r.created_at),
      updatedAt: String(r.updated_at),
    }));
  }

  metafield(domain: string, ownerId: string, namespace: string, key: string): StoredMetafield | null {
    return this.metafields(domain).find((m) => m.ownerId === ownerId && m.namespace === namespace && m.key === key) ?? null;
  }

  metafieldDefinitions(domain: string): StoredMetafieldDefinition[] {
    const rows = this.stmt(
      `SELECT id, owner_type, namespace, key, type, name, description, input_json, created_at FROM emulator_metafield_definition WHERE domain = ? ORDER BY id`,
    ).all(normalizeShopDomain(domain)) as Array<Record<string, string | number | null>>;
    return rows.map((r) => ({
      id: `gid://shopify/MetafieldDefinition/${r.id}`,
      ownerType: String(r.owner_type),
      namespace: String(r.namespace),
      key: String(r.key),
      type: String(r.type),
      name: String(r.name),
      description: r.description === null ? null : String(r.description),
      input: JSON.parse(String(r.input_json)) as Record<string, unknown>,
      createdAt: String(r.created_at),
    }));
  }

  discountCodes(domain: string): StoredDiscountCode[] {
    const rows = this.stmt(
      `SELECT id, kind, code, title, input_json, created_at FROM emulator_discount WHERE domain = ? ORDER BY id`,
    ).all(normalizeShopDomain(domain)) as Array<Record<string, string | number>>;
    return rows.map(discountFromRow);
  }

  /** The discount holding this code, compared case-insensitively (as codeDiscountNodeByCode), or null. */
  discountCodeByCode(domain: string, code: string): StoredDiscountCode | null {
    const row = this.stmt(
      `SELECT id, kind, code, title, input_json, created_at FROM emulator_discount WHERE domain = ? AND code_lower = ?`,
    ).get(normalizeShopDomain(domain), code.toLowerCase()) as Record<string, string | number> | undefined;
    return row ? discountFromRow(row) : null;
  }

  consentUpdates(domain: string): StoredConsentUpdate[] {
    const rows = this.stmt(
      `SELECT customer_id, marketing_state, opt_in_level, consent_updated_at, input_json, at FROM emulator_consent_update WHERE domain = ? ORDER BY seq`,
    ).all(normalizeShopDomain(domain)) as Array<Record<string, string | null>>;
    return rows.map((r) => ({
      customerId: String(r.customer_id),
      marketingState: String(r.marketing_state),
      marketingOptInLevel: r.opt_in_level,
      consentUpdatedAt: r.consent_updated_at,
      input: JSON.parse(String(r.input_json)) as Record<string, unknown>,
      at: String(r.at),
    }));
  }

  /** Every operation name received for the shop, in order ("(anonymous)" for unnamed ones). */
  requestLog(domain: string): string[] {
    const rows = this.stmt(`SELECT operation_name FROM emulator_request WHERE domain = ? ORDER BY seq`).all(normalizeShopDomain(domain)) as { operation_name: string }[];
    return rows.map((r) => r.operation_name);
  }

  clearRequestLog(domain: string): void {
    this.stmt(`DELETE FROM emulator_request WHERE domain = ?`).run(normalizeShopDomain(domain));
  }

  // -------------------------------------------------------------------------------------------
  // Used by the emulator while serving
  // -------------------------------------------------------------------------------------------

  logRequest(domain: string, operationName: string | null, atMs: number): void {
    this.stmt(`INSERT INTO emulator_request (domain, operation_name, at) VALUES (?, ?, ?)`).run(normalizeShopDomain(domain), operationName ?? "(anonymous)", atMs);
  }

  pageOrders(domain: string, req: PageRequest): PageResult<EmulatedOrder> {
    return this.page<EmulatedOrder>("emulator_order", domain, req);
  }

  pageCustomers(domain: string, req: PageRequest): PageResult<EmulatedCustomer> {
    if (req.sort === "processed_at") throw new Error("customers have no processed_at");
    return this.page<EmulatedCustomer>("emulator_customer", domain, req);
  }

  /**
   * One page of a listing sorted by (sort column, id key), ascending unless `reverse`.
   * `first`/`after` read forward from the cursor; `last`/`before` read backward and are
   * returned in listing order. One extra row tells whether there is a further page.
   */
  private page<T>(table: Table, domain: string, req: PageRequest): PageResult<T> {
    const d = normalizeShopDomain(domain);
    const col = req.sort;
    const where: string[] = ["domain = ?"];
    const params: unknown[] = [d];
    for (const f of req.filters) {
      const column = FILTER_COLUMNS[table][f.field];
      if (!column) throw new Error(`EmulatorStore: no column for search field ${f.field}`);
      where.push(`${column} ${f.op} ?`);
      params.push(f.value);
    }
    // In listing order, "after" means greater for an ascending listing and smaller for a reverse one.
    const gt = req.reverse ? "<" : ">";
    const lt = req.reverse ? ">" : "<";
    const tuple = `(${col}, id_key)`;
    const boundary = (op: string, c: CursorValue) => ({ sql: `${tuple} ${op} (?, ?)`, params: [c.value, c.idKey] });
    const bounds: { sql: string; params: unknown[] }[] = [];
    if (req.after) bounds.push(boundary(gt, req.after));
    if (req.before) bounds.push(boundary(lt, req.before));

    const backward = req.last !== null && req.first === null;
    const limit = (backward ? req.last : req.first) ?? 0;
    const ascending = req.reverse === backward; // reading backward flips the listing order
    const dir = ascending ? "ASC" : "DESC";
    const allWhere = [...where, ...bounds.map((b) => b.sql)].join(" AND ");
    const allParams = [...params, ...bounds.flatMap((b) => b.params)];
    const rows = this.stmt(
      `SELECT ${col} AS sort_value, id_key, json FROM ${table} WHERE ${allWhere} ORDER BY ${col} ${dir}, id_key ${dir} LIMIT ?`,
    ).all(...allParams, limit + 1) as { sort_value: number | string; id_key: string; json: string }[];

    const more = rows.length > limit;
    const kept = rows.slice(0, limit);
    if (backward) kept.reverse();
    const items = kept.map((r) => ({ node: JSON.parse(r.json) as T, cursor: { value: r.sort_value, idKey: r.id_key } }));

    // Whether anything lies beyond a cursor on the other side (for the pageInfo flag not
    // answered by the extra row).
    const exists = (op: string, c: CursorValue | null): boolean => {
      if (!c) return false;
      const b = boundary(op, c);
      const row = this.stmt(`SELECT 1 FROM ${table} WHERE ${[...where, b.sql].join(" AND ")} LIMIT 1`).get(...params, ...b.params);
      return row !== undefined;
    };
    const lte = req.reverse ? ">=" : "<=";
    const gte = req.reverse ? "<=" : ">=";
    return backward
      ? { items, hasPreviousPage: more, hasNextPage: exists(gte, req.before) }
      : { items, hasNextPage: more, hasPreviousPage: exists(lte, req.after) };
  }

  // -------------------------------------------------------------------------------------------
  // Mutations (called by the emulator's resolvers)
  // -------------------------------------------------------------------------------------------

  /** Whether a GID names something that can own metafields here (the shop, a customer, an order). */
  ownerExists(domain: string, ownerId: string): boolean {
    const d = normalizeShopDomain(domain);
    if (ownerId.startsWith("gid://shopify/Shop/")) return this.shop(d)?.id === ownerId;
    if (ownerId.startsWith("gid://shopify/Customer/")) {
      return this.stmt(`SELECT 1 FROM emulator_customer WHERE domain = ? AND id = ?`).get(d, ownerId) !== undefined;
    }
    if (ownerId.startsWith("gid://shopify/Order/")) {
      return this.stmt(`SELECT 1 FROM emulator_order WHERE domain = ? AND id = ?`).get(d, ownerId) !== undefined;
    }
    return false;
  }

  findMetafieldDefinition(domain: string, ownerType: string, namespace: string, key: string): StoredMetafieldDefinition | null {
    return (
      this.metafieldDefinitions(domain).find((x) => x.ownerType === ownerType && x.namespace === namespace && x.key === key) ?? null
    );
  }

  insertMetafieldDefinition(
    domain: string,
    def: { ownerType: string; namespace: string; key: string; type: string; name: string; description: string | null; input: unknown },
    nowIso: string,
  ): StoredMetafieldDefinition {
    const info = this.stmt(
      `INSERT INTO emulator_metafield_definition (domain, owner_type, namespace, key, type, name, description, input_json, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(normalizeShopDomain(domain), def.ownerType, def.namespace, def.key, def.type, def.name, def.description, JSON.stringify(def.input), nowIso);
    return this.metafieldDefinitions(domain).find((x) => x.id === `gid://shopify/MetafieldDefinition/${info.lastInsertRowid}`)!;
  }

  /** Sets (creates or updates) metafields atomically; returns them in input order. */
  setMetafields(
    domain: string,
    inputs: { ownerId: string; ownerType: string; namespace: string; key: string; type: string; value: string }[],
    nowIso: string,
  ): StoredMetafield[] {
    const d = normalizeShopDomain(domain);
    const upsert = this.stmt(
      `INSERT INTO emulator_metafield (domain, owner_id, owner_type, namespace, key, type, value, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (domain, owner_id, namespace, key) DO UPDATE SET type = excluded.type, value = excluded.value, updated_at = excluded.updated_at`,
    );
    const ids = this.transaction(() =>
      inputs.map((m) => {
        upsert.run(d, m.ownerId, m.ownerType, m.namespace, m.key, m.type, m.value, nowIso, nowIso);
        const row = this.stmt(`SELECT id FROM emulator_metafield WHERE domain = ? AND owner_id = ? AND namespace = ? AND key = ?`).get(
          d, m.ownerId, m.namespace, m.key,
        ) as { id: number };
        return `gid://shopify/Metafield/${row.id}`;
      }),
    );
    const byId = new Map(this.metafields(d).map((m) => [m.id, m]));
    return ids.map((id) => byId.get(id)!);
  }

  discountCodeTaken(domain: string, code: string): boolean {
    return this.stmt(`SELECT 1 FROM emulator_discount WHERE domain = ? AND code_lower = ?`).get(normalizeShopDomain(domain), code.toLowerCase()) !== undefined;
  }

  insertDiscountCode(domain: string, d: { kind: StoredDiscountCode["kind"]; code: string; title: string; input: unknown }, nowIso: string): StoredDiscountCode {
    const info = this.stmt(
      `INSERT INTO emulator_discount (domain, kind, code, code_lower, title, input_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(normalizeShopDomain(domain), d.kind, d.code, d.code.toLowerCase(), d.title, JSON.stringify(d.input), nowIso);
    return this.discountCodes(domain).find((x) => x.id === `gid://shopify/DiscountCodeNode/${info.lastInsertRowid}`)!;
  }

  /** Records a consent update and applies it to the stored customer; returns the new customer. */
  updateEmailMarketingConsent(
    domain: string,
    customerId: string,
    consent: EmulatedEmailMarketingConsent,
    input: unknown,
    nowIso: string,
  ): EmulatedCustomer {
    const d = normalizeShopDomain(domain);
    return this.transaction(() => {
      const customer = this.customer(d, customerId);
      if (!customer) throw new Error(`no customer ${customerId}`);
      const next: EmulatedCustomer = { ...customer, emailMarketingConsent: consent, updatedAt: nowIso };
      this.upsertCustomers(d, [next]);
      this.stmt(
        `INSERT INTO emulator_consent_update (domain, customer_id, marketing_state, opt_in_level, consent_updated_at, input_json, at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(d, customerId, consent.marketingState, consent.marketingOptInLevel, consent.consentUpdatedAt, JSON.stringify(input), nowIso);
      return next;
    });
  }

  /** Leaky-bucket state for a shop, or null before its first request. */
  bucket(domain: string): { available: number; updatedMs: number } | null {
    const row = this.stmt(`SELECT available, updated_ms FROM emulator_bucket WHERE domain = ?`).get(normalizeShopDomain(domain)) as
      | { available: number; updated_ms: number }
      | undefined;
    return row ? { available: row.available, updatedMs: row.updated_ms } : null;
  }

  setBucket(domain: string, available: number, updatedMs: number): void {
    this.stmt(
      `INSERT INTO emulator_bucket (domain, available, updated_ms) VALUES (?, ?, ?)
       ON CONFLICT (domain) DO UPDATE SET available = excluded.available, updated_ms = excluded.updated_ms`,
    ).run(normalizeShopDomain(domain), available, updatedMs);
  }
}
