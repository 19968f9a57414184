/**
 * Deterministic generator of realistic Shopify webhook deliveries (REST
 * webhook JSON, API version 2026-07) for integration tests, benchmarks and the
 * local demo.
 *
 * Pure: no IO, no clock, no Math.random. Everything is derived from a seeded
 * PRNG, so the same seed always yields byte-identical bodies.
 *
 * Field names and shapes follow Shopify's published sample payloads in the
 * webhook reference (https://shopify.dev/docs/api/webhooks/2026-07: samples for
 * orders/create, orders/paid, orders/delete, refunds/create, customers/create,
 * customers/update, customers/delete, customers/merge, customers/data_request,
 * customers/redact, shop/redact, app/uninstalled, checkouts/create).
 *
 * Large ids. Shopify ids in the samples are 18-digit integers
 * (820982911946154508) written as bare JSON numbers: more than 2^53, so
 * `JSON.parse` silently corrupts them. This module keeps every id as a decimal
 * string, marks it with `bigId()` and writes it with `toShopifyJson()` as a bare
 * number, exactly as Shopify does. The app under test has to read them losslessly
 * (for example with lossless-json).
 *
 * Money. Amounts are integers in minor units internally and are written as decimal
 * strings with the currency's exponent (USD "19.99", JPY "2500", KWD "12.345").
 * Every money field is computed in the shop currency and the presentment
 * currency separately. Totals are sums of their parts in each currency, so
 * they add up exactly in both.
 */

// ---------------------------------------------------------------------------
// Seeded PRNG
// ---------------------------------------------------------------------------

/** A function returning uniformly distributed floats in [0, 1). */
export type Rng = () => number;

/** mulberry32: tiny, fast, good enough for fixtures; fully deterministic. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Turns a numeric or string seed into a 32-bit seed (FNV-1a for strings). */
export function seedFrom(seed: number | string): number {
  if (typeof seed === "number") {
    if (!Number.isFinite(seed)) throw new Error(`seed must be finite, got ${seed}`);
    return Math.floor(seed) >>> 0;
  }
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function createRng(seed: number | string): Rng {
  return mulberry32(seedFrom(seed));
}

/** Integer in [min, max] (inclusive). */
export function randInt(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

export function chance(rng: Rng, p: number): boolean {
  return rng() < p;
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  if (items.length === 0) throw new Error("pick() from an empty list");
  return items[Math.floor(rng() * items.length)] as T;
}

/** Picks a key with probability proportional to its weight. */
export function pickWeighted<K extends string>(rng: Rng, weights: Readonly<Record<K, number>>): K {
  const entries = Object.entries(weights) as [K, number][];
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let r = rng() * total;
  for (const [k, w] of entries) {
    r -= w;
    if (r < 0) return k;
  }
  return entries[entries.length - 1]![0];
}

/** Exponentially distributed value with the given mean. */
export function exponential(rng: Rng, mean: number): number {
  return -Math.log(1 - rng()) * mean;
}

/** Lower-case hex string of `length` characters (tokens, cart tokens...). */
export function makeHex(rng: Rng, length: number): string {
  let s = "";
  for (let i = 0; i < length; i++) s += Math.floor(rng() * 16).toString(16);
  return s;
}

/** RFC 4122 version-4 shaped UUID, derived from the PRNG (deterministic). */
export function makeUuid(rng: Rng): string {
  const b: number[] = [];
  for (let i = 0; i < 16; i++) b.push(Math.floor(rng() * 256));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// ---------------------------------------------------------------------------
// Big ids and Shopify-style JSON
// ---------------------------------------------------------------------------

const NUMBER_MARKER = "__KANTA_SHOPIFY_JSON_NUMBER__";
const NUMBER_MARKER_RE = /"__KANTA_SHOPIFY_JSON_NUMBER__(-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)"/g;
const INTEGER_RE = /^(?:0|[1-9]\d*)$/;
const JSON_NUMBER_RE = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * An 18-digit Shopify-style id as a decimal string: first digit 5..9, then 17
 * digits (for example "820982911946154508"). Always above 2^53.
 */
export function makeId(rng: Rng): string {
  let s = String(5 + Math.floor(rng() * 5));
  for (let i = 0; i < 17; i++) s += String(Math.floor(rng() * 10));
  return s;
}

/** Like makeId but never returns an id already in `seen` (and records it). */
export function makeUniqueId(rng: Rng, seen: Set<string>): string {
  for (;;) {
    const id = makeId(rng);
    if (!seen.has(id)) {
      seen.add(id);
      return id;
    }
  }
}

/**
 * Marks a decimal integer (string or bigint) so that `toShopifyJson` writes it
 * as a bare JSON number: `{"id": bigId("820982911946154508")}` is written as
 * `{"id":820982911946154508}`.
 */
export function bigId(digits: string | bigint): string {
  const s = typeof digits === "bigint" ? digits.toString() : digits;
  if (!INTEGER_RE.test(s)) throw new Error(`bigId() expects a non-negative decimal integer, got ${JSON.stringify(s)}`);
  return NUMBER_MARKER + s;
}

/** Marks any JSON number literal (for example "89.99" or "0.0") to be written bare. */
export function rawNumber(literal: string): string {
  if (!JSON_NUMBER_RE.test(literal)) throw new Error(`rawNumber() expects a JSON number literal, got ${JSON.stringify(literal)}`);
  return NUMBER_MARKER + literal;
}

/** True if the value is a marker produced by bigId()/rawNumber(). */
export function isNumberMarker(value: unknown): value is string {
  return typeof value === "string" && value.startsWith(NUMBER_MARKER);
}

/** Returns the digits behind a bigId()/rawNumber() marker. */
export function unwrapNumberMarker(value: string): string {
  if (!isNumberMarker(value)) throw new Error("not a bigId()/rawNumber() marker");
  return value.slice(NUMBER_MARKER.length);
}

/**
 * JSON.stringify that writes bigId()/rawNumber() markers (and bigint values) as
 * bare JSON numbers. It refuses JS numbers that are integers outside the safe
 * range, because they have already lost precision.
 * Compact by default, like the bodies Shopify sends.
 */
export function toShopifyJson(value: unknown, space?: number): string {
  const text = JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v === "bigint") return NUMBER_MARKER + v.toString();
      if (typeof v === "number" && Number.isInteger(v) && !Number.isSafeInteger(v)) {
        throw new Error(`toShopifyJson: unsafe integer ${v}; pass it through bigId("…") as a string instead`);
      }
      return v;
    },
    space,
  );
  if (text === undefined) throw new Error("toShopifyJson: value is not serialisable");
  return text.replace(NUMBER_MARKER_RE, "$1");
}

/** `gid://shopify/<Type>/<id>`. */
export function gid(type: string, id: string): string {
  return `gid://shopify/${type}/${id}`;
}

// ---------------------------------------------------------------------------
// Money
// ---------------------------------------------------------------------------

/** ISO 4217 minor-unit exponents for the currencies the fixtures support. */
export const CURRENCY_EXPONENT = {
  USD: 2,
  EUR: 2,
  GBP: 2,
  CAD: 2,
  AUD: 2,
  JPY: 0,
  KWD: 3,
} as const;

export type CurrencyCode = keyof typeof CURRENCY_EXPONENT;

/** Fixed, fictitious FX table (units of currency per 1 USD). Only used for fixtures. */
export const USD_FX_RATES: Readonly<Record<CurrencyCode, number>> = {
  USD: 1,
  EUR: 0.92,
  GBP: 0.79,
  CAD: 1.36,
  AUD: 1.52,
  JPY: 150,
  KWD: 0.307,
};

/** Units of `to` per unit of `from` according to USD_FX_RATES. */
export function fxRate(from: CurrencyCode, to: CurrencyCode): number {
  return USD_FX_RATES[to] / USD_FX_RATES[from];
}

export function currencyExponent(currency: CurrencyCode): number {
  const e = CURRENCY_EXPONENT[currency];
  if (e === undefined) throw new Error(`unsupported currency ${String(currency)}`);
  return e;
}

/** 1999 USD → "19.99"; 2500 JPY → "2500"; 12345 KWD → "12.345"; -500 USD → "-5.00". */
export function formatMinor(minor: number, currency: CurrencyCode): string {
  if (!Number.isSafeInteger(minor)) throw new Error(`formatMinor expects a safe integer, got ${minor}`);
  const e = currencyExponent(currency);
  const neg = minor < 0;
  const digits = String(Math.abs(minor));
  if (e === 0) return (neg ? "-" : "") + digits;
  const padded = digits.padStart(e + 1, "0");
  return `${neg ? "-" : ""}${padded.slice(0, -e)}.${padded.slice(-e)}`;
}

/** "19.99" USD → 1999. Accepts fewer decimals than the exponent ("10.0" → 1000). */
export function parseAmount(amount: string, currency: CurrencyCode): number {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!m) throw new Error(`not a decimal amount: ${amount}`);
  const e = currencyExponent(currency);
  const frac = m[3] ?? "";
  if (frac.length > e && /[1-9]/.test(frac.slice(e))) throw new Error(`${amount} has more precision than ${currency}`);
  const value = Number(m[2]) * 10 ** e + Number((frac.slice(0, e) || "0").padEnd(e, "0"));
  return m[1] === "-" ? -value : value;
}

/** Converts minor units with a rate (units of `to` per unit of `from`), half-up rounding. */
export function convertMinor(minor: number, from: CurrencyCode, to: CurrencyCode, rate: number): number {
  const scaled = minor * rate * 10 ** (currencyExponent(to) - currencyExponent(from));
  return Math.sign(scaled) * Math.round(Math.abs(scaled));
}

/**
 * Splits `total` (a non-negative integer) in proportion to `weights` so that the
 * parts add up exactly to `total`: each part is floored, and the remainder goes
 * to the last line with a non-zero weight. When total <= sum(weights), no part
 * exceeds its weight.
 */
export function allocateExactly(total: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(total) || total < 0) throw new Error(`allocateExactly: bad total ${total}`);
  const out: number[] = weights.map(() => 0);
  if (weights.length === 0 || total === 0) return out;
  const sumW = weights.reduce((s, w) => s + w, 0);
  let last = -1;
  for (let i = weights.length - 1; i >= 0; i--) {
    if (weights[i]! > 0) {
      last = i;
      break;
    }
  }
  if (last === -1) {
    out[weights.length - 1] = total;
    return out;
  }
  let assigned = 0;
  for (let i = 0; i < weights.length; i++) {
    if (i === last) continue;
    const part = Number((BigInt(total) * BigInt(weights[i]!)) / BigInt(sumW));
    out[i] = part;
    assigned += part;
  }
  out[last] = total - assigned;
  if (total <= sumW && out[last]! > weights[last]!) {
    let overflow = out[last]! - weights[last]!;
    out[last] = weights[last]!;
    for (let i = weights.length - 1; i >= 0 && overflow > 0; i--) {
      if (i === last) continue;
      const take = Math.min(weights[i]! - out[i]!, overflow);
      out[i]! += take;
      overflow -= take;
    }
  }
  return out;
}

/** round(x * k / q) with half-up rounding, exact for integers (x >= 0). */
function share(x: number, k: number, q: number): number {
  if (q === 0) return 0;
  return Number((2n * BigInt(x) * BigInt(k) + BigInt(q)) / (2n * BigInt(q)));
}

/** An amount in shop currency and presentment currency minor units. */
export interface MoneyPair {
  shop: number;
  pres: number;
}

const ZERO: MoneyPair = { shop: 0, pres: 0 };

function add(...xs: MoneyPair[]): MoneyPair {
  return xs.reduce((a, b) => ({ shop: a.shop + b.shop, pres: a.pres + b.pres }), ZERO);
}

function sub(a: MoneyPair, b: MoneyPair): MoneyPair {
  return { shop: a.shop - b.shop, pres: a.pres - b.pres };
}

function times(a: MoneyPair, k: number): MoneyPair {
  return { shop: a.shop * k, pres: a.pres * k };
}

function neg(a: MoneyPair): MoneyPair {
  return { shop: -a.shop, pres: -a.pres };
}

interface MoneyContext {
  currency: CurrencyCode;
  presentmentCurrency: CurrencyCode;
}

/** `{shop_money:{amount,currency_code}, presentment_money:{...}}`. */
export function moneySet(m: MoneyPair, ctx: MoneyContext) {
  return {
    shop_money: { amount: formatMinor(m.shop, ctx.currency), currency_code: ctx.currency },
    presentment_money: { amount: formatMinor(m.pres, ctx.presentmentCurrency), currency_code: ctx.presentmentCurrency },
  };
}

// ---------------------------------------------------------------------------
// Time
// ---------------------------------------------------------------------------

const DAY_MS = 86_400_000;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** Shopify resource timestamp in the shop's offset: "2021-12-31T19:00:00-05:00". */
export function formatShopifyTime(date: Date, offsetMinutes = 0): string {
  const local = new Date(date.getTime() + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  return (
    `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** X-Shopify-Triggered-At style: "2025-07-10T16:15:47.000000Z". */
export function formatTriggeredAt(date: Date): string {
  return `${date.toISOString().slice(0, 23)}000Z`;
}

// ---------------------------------------------------------------------------
// Shop, addresses, customers
// ---------------------------------------------------------------------------

export interface ShopInfo {
  /** Numeric shop id as a decimal string (real shop ids are ~11 digits). */
  id: string;
  domain: string;
  name: string;
  email: string;
  currency: CurrencyCode;
  /** Fixed UTC offset used for resource timestamps (no DST). */
  timezoneOffsetMinutes: number;
  ianaTimezone: string;
  countryCode: string;
}

const SHOP_DEFAULTS_BY_CURRENCY: Record<CurrencyCode, { offset: number; tz: string; country: string }> = {
  USD: { offset: -300, tz: "America/New_York", country: "US" },
  CAD: { offset: -300, tz: "America/Toronto", country: "CA" },
  EUR: { offset: 60, tz: "Europe/Berlin", country: "DE" },
  GBP: { offset: 0, tz: "Europe/London", country: "GB" },
  AUD: { offset: 600, tz: "Australia/Sydney", country: "AU" },
  JPY: { offset: 540, tz: "Asia/Tokyo", country: "JP" },
  KWD: { offset: 180, tz: "Asia/Kuwait", country: "KW" },
};

export function makeShop(overrides: Partial<ShopInfo> = {}): ShopInfo {
  const currency = overrides.currency ?? "USD";
  const d = SHOP_DEFAULTS_BY_CURRENCY[currency];
  return {
    id: "72845419843",
    domain: "kanta-demo.myshopify.com",
    name: "Kanta Demo Store",
    email: "owner@kanta-demo.example",
    currency,
    timezoneOffsetMinutes: d.offset,
    ianaTimezone: d.tz,
    countryCode: d.country,
    ...overrides,
  };
}

export interface AddressRecord {
  id: string;
  firstName: string;
  lastName: string;
  company: string | null;
  address1: string;
  address2: string | null;
  city: string;
  province: string | null;
  provinceCode: string | null;
  country: string;
  countryCode: string;
  zip: string;
  phone: string | null;
}

type AddressTemplate = Omit<AddressRecord, "id" | "firstName" | "lastName" | "company" | "phone">;

const ADDRESS_POOL: Record<string, AddressTemplate[]> = {
  US: [
    { address1: "151 Elm Street", address2: null, city: "Louisville", province: "Kentucky", provinceCode: "KY", country: "United States", countryCode: "US", zip: "40202" },
    { address1: "2280 Mission St", address2: "Apt 4", city: "San Francisco", province: "California", provinceCode: "CA", country: "United States", countryCode: "US", zip: "94110" },
    { address1: "77 Lake Shore Dr", address2: null, city: "Chicago", province: "Illinois", provinceCode: "IL", country: "United States", countryCode: "US", zip: "60611" },
    { address1: "910 Congress Ave", address2: "Suite 200", city: "Austin", province: "Texas", provinceCode: "TX", country: "United States", countryCode: "US", zip: "78701" },
  ],
  CA: [
    { address1: "151 O'Connor Street", address2: null, city: "Ottawa", province: "Ontario", provinceCode: "ON", country: "Canada", countryCode: "CA", zip: "K2P 2L8" },
    { address1: "1200 Rue Sainte-Catherine", address2: null, city: "Montréal", province: "Quebec", provinceCode: "QC", country: "Canada", countryCode: "CA", zip: "H3B 1K1" },
  ],
  DE: [
    { address1: "Torstraße 12", address2: null, city: "Berlin", province: null, provinceCode: null, country: "Germany", countryCode: "DE", zip: "10119" },
    { address1: "Maximilianstraße 5", address2: null, city: "München", province: null, provinceCode: null, country: "Germany", countryCode: "DE", zip: "80539" },
  ],
  GB: [{ address1: "221B Baker Street", address2: null, city: "London", province: "England", provinceCode: "ENG", country: "United Kingdom", countryCode: "GB", zip: "NW1 6XE" }],
  AU: [{ address1: "1 Macquarie St", address2: null, city: "Sydney", province: "New South Wales", provinceCode: "NSW", country: "Australia", countryCode: "AU", zip: "2000" }],
  JP: [
    { address1: "渋谷区神南1-2-3", address2: null, city: "渋谷区", province: "Tōkyō", provinceCode: "JP-13", country: "Japan", countryCode: "JP", zip: "150-0041" },
    { address1: "北区梅田3-1-1", address2: null, city: "大阪市", province: "Ōsaka", provinceCode: "JP-27", country: "Japan", countryCode: "JP", zip: "530-0001" },
  ],
  KW: [{ address1: "Block 3, Street 14, Building 7", address2: null, city: "Kuwait City", province: "Al Asimah", provinceCode: "KU", country: "Kuwait", countryCode: "KW", zip: "13001" }],
};

/** [display name, ASCII slug for emails]. Includes apostrophes and non-ASCII on purpose. */
const FIRST_NAMES: readonly (readonly [string, string])[] = [
  ["Ava", "ava"], ["Liam", "liam"], ["Zoë", "zoe"], ["Mateo", "mateo"], ["Renée", "renee"], ["Noah", "noah"],
  ["Priya", "priya"], ["Kenji", "kenji"], ["Fatima", "fatima"], ["Oliver", "oliver"], ["Chloé", "chloe"],
  ["Sofia", "sofia"], ["Yusuf", "yusuf"], ["Emma", "emma"], ["Lucas", "lucas"], ["Mei", "mei"], ["Aiyana", "aiyana"],
  ["Jonas", "jonas"], ["Hana", "hana"], ["Diego", "diego"], ["Amara", "amara"], ["Søren", "soren"], ["Ines", "ines"],
  ["Ethan", "ethan"], ["Layla", "layla"], ["Tomás", "tomas"], ["Grace", "grace"], ["Omar", "omar"], ["Isla", "isla"],
  ["Felix", "felix"],
];

const LAST_NAMES: readonly (readonly [string, string])[] = [
  ["Smith", "smith"], ["O'Connor", "oconnor"], ["García", "garcia"], ["Nguyen", "nguyen"], ["Müller", "mueller"],
  ["Tanaka", "tanaka"], ["Al-Sabah", "alsabah"], ["Johnson", "johnson"], ["Rossi", "rossi"], ["Kowalski", "kowalski"],
  ["Dubois", "dubois"], ["Patel", "patel"], ["Okafor", "okafor"], ["Larsen", "larsen"], ["Kim", "kim"], ["Silva", "silva"],
  ["Brown", "brown"], ["Haddad", "haddad"], ["Novak", "novak"], ["Walker", "walker"], ["Ishikawa", "ishikawa"],
  ["Fernández", "fernandez"], ["Cohen", "cohen"], ["Murphy", "murphy"], ["Schmidt", "schmidt"],
];

export type EmailMarketingState = "subscribed" | "not_subscribed" | "unsubscribed" | "pending";
export type CustomerState = "enabled" | "disabled" | "invited" | "declined";

export interface CustomerRecord {
  id: string;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  createdAt: Date;
  updatedAt: Date;
  state: CustomerState;
  verifiedEmail: boolean;
  tags: string[];
  note: string | null;
  currency: CurrencyCode;
  locale: string;
  taxExempt: boolean;
  emailMarketing: {
    state: EmailMarketingState;
    optInLevel: "single_opt_in" | "confirmed_opt_in" | "unknown" | null;
    consentUpdatedAt: Date | null;
  };
  address: AddressRecord;
}

export interface CustomerOptions {
  id?: string;
  firstName?: string;
  lastName?: string;
  email?: string | null;
  phone?: string | null;
  createdAt?: Date;
  state?: CustomerState;
  tags?: string[];
  note?: string | null;
  marketing?: EmailMarketingState;
  currency?: CurrencyCode;
  locale?: string;
  countryCode?: string;
}

const LOCALE_BY_COUNTRY: Record<string, string> = { US: "en", CA: "en", GB: "en", AU: "en", DE: "de", JP: "ja", KW: "ar" };
const COUNTRY_BY_CURRENCY: Record<CurrencyCode, string> = { USD: "US", CAD: "CA", EUR: "DE", GBP: "GB", AUD: "AU", JPY: "JP", KWD: "KW" };

function makeAddress(rng: Rng, countryCode: string, firstName: string, lastName: string, phone: string | null): AddressRecord {
  const template = pick(rng, ADDRESS_POOL[countryCode] ?? ADDRESS_POOL.US!);
  return { id: makeId(rng), firstName, lastName, company: null, phone, ...template };
}

/** A customer with realistic defaults. Ids come from `rng` unless given. */
export function createCustomer(rng: Rng, opts: CustomerOptions = {}): CustomerRecord {
  const [first, firstSlug] = pick(rng, FIRST_NAMES);
  const [last, lastSlug] = pick(rng, LAST_NAMES);
  const firstName = opts.firstName ?? first;
  const lastName = opts.lastName ?? last;
  const id = opts.id ?? makeId(rng);
  const createdAt = opts.createdAt ?? new Date(Date.UTC(2026, 0, 15, 15, 30, 0));
  const marketing = opts.marketing ?? (chance(rng, 0.55) ? "subscribed" : "not_subscribed");
  const currency = opts.currency ?? "USD";
  const countryCode = opts.countryCode ?? COUNTRY_BY_CURRENCY[currency];
  const phone = opts.phone !== undefined ? opts.phone : chance(rng, 0.3) ? `+1555${pad(randInt(rng, 0, 9_999_999), 7)}` : null;
  const email = opts.email !== undefined ? opts.email : `${firstSlug}.${lastSlug}.${id.slice(-6)}@example.com`;
  return {
    id,
    firstName,
    lastName,
    email,
    phone,
    createdAt,
    updatedAt: createdAt,
    state: opts.state ?? "enabled",
    verifiedEmail: true,
    tags: opts.tags ?? [],
    note: opts.note ?? null,
    currency,
    locale: opts.locale ?? LOCALE_BY_COUNTRY[countryCode] ?? "en",
    taxExempt: false,
    emailMarketing: {
      state: marketing,
      optInLevel: marketing === "not_subscribed" ? null : "single_opt_in",
      consentUpdatedAt: marketing === "not_subscribed" ? null : createdAt,
    },
    address: makeAddress(rng, countryCode, firstName, lastName, phone),
  };
}

function addressJson(a: AddressRecord) {
  return {
    first_name: a.firstName,
    address1: a.address1,
    phone: a.phone,
    city: a.city,
    zip: a.zip,
    province: a.province,
    country: a.country,
    last_name: a.lastName,
    address2: a.address2,
    company: a.company,
    latitude: null,
    longitude: null,
    name: `${a.firstName} ${a.lastName}`,
    country_code: a.countryCode,
    province_code: a.provinceCode,
  };
}

function defaultAddressJson(c: CustomerRecord) {
  const a = c.address;
  return {
    id: bigId(a.id),
    customer_id: bigId(c.id),
    first_name: a.firstName,
    last_name: a.lastName,
    company: a.company,
    address1: a.address1,
    address2: a.address2,
    city: a.city,
    province: a.province,
    country: a.country,
    zip: a.zip,
    phone: a.phone,
    name: `${a.firstName} ${a.lastName}`,
    province_code: a.provinceCode,
    country_code: a.countryCode,
    country_name: a.country,
    default: true,
  };
}

/**
 * Customer object as in the customers/create sample, plus email_marketing_consent,
 * sms_marketing_consent and tags. The 2026-07 sample omits those three, earlier
 * samples and real stores include them, and a loyalty app reads them.
 */
function customerJson(c: CustomerRecord, offset: number) {
  return {
    id: bigId(c.id),
    email: c.email,
    created_at: formatShopifyTime(c.createdAt, offset),
    updated_at: formatShopifyTime(c.updatedAt, offset),
    first_name: c.firstName,
    last_name: c.lastName,
    state: c.state,
    note: c.note,
    verified_email: c.verifiedEmail,
    multipass_identifier: null,
    tax_exempt: c.taxExempt,
    phone: c.phone,
    currency: c.currency,
    locale: c.locale,
    email_marketing_consent: {
      state: c.emailMarketing.state,
      opt_in_level: c.emailMarketing.optInLevel,
      consent_updated_at: c.emailMarketing.consentUpdatedAt ? formatShopifyTime(c.emailMarketing.consentUpdatedAt, offset) : null,
    },
    sms_marketing_consent: null,
    tags: c.tags.join(", "),
    tax_exemptions: [],
    admin_graphql_api_id: gid("Customer", c.id),
    default_address: defaultAddressJson(c),
  };
}

// ---------------------------------------------------------------------------
// Webhook payload types
// ---------------------------------------------------------------------------

export type WebhookTopic =
  | "orders/create"
  | "orders/paid"
  | "orders/updated"
  | "orders/cancelled"
  | "orders/delete"
  | "refunds/create"
  | "customers/create"
  | "customers/update"
  | "customers/delete"
  | "customers/merge"
  | "customers/data_request"
  | "customers/redact"
  | "shop/redact"
  | "app/uninstalled"
  | "checkouts/create";

export type OrderTopic = "orders/create" | "orders/paid" | "orders/updated" | "orders/cancelled";

/** What every builder returns: the topic, the exact body text, and the main resource id. */
export interface WebhookPayload {
  topic: WebhookTopic;
  body: string;
  /** Main resource id (order id, refund id, customer id...) as a decimal string, or null. */
  id: string | null;
}

export interface OrderWebhookPayload extends WebhookPayload {
  topic: OrderTopic | "orders/delete";
  id: string;
  orderId: string;
  orderName: string;
  customerId: string | null;
  lineItemIds: string[];
}

export interface RefundWebhookPayload extends WebhookPayload {
  topic: "refunds/create";
  id: string;
  refundId: string;
  orderId: string;
}

export interface CustomerWebhookPayload extends WebhookPayload {
  topic: "customers/create" | "customers/update" | "customers/delete";
  id: string;
  customerId: string;
}

function customerPayloadObject(c: CustomerRecord, shop: Pick<ShopInfo, "timezoneOffsetMinutes">) {
  const rest = customerJson(c, shop.timezoneOffsetMinutes);
  // Top-level customer webhooks follow the customers/create sample key order.
  return {
    id: rest.id,
    created_at: rest.created_at,
    updated_at: rest.updated_at,
    first_name: rest.first_name,
    last_name: rest.last_name,
    state: rest.state,
    note: rest.note,
    verified_email: rest.verified_email,
    multipass_identifier: null,
    tax_exempt: rest.tax_exempt,
    email: rest.email,
    phone: rest.phone,
    currency: rest.currency,
    locale: rest.locale,
    addresses: [defaultAddressJson(c)],
    tax_exemptions: [],
    email_marketing_consent: rest.email_marketing_consent,
    sms_marketing_consent: null,
    tags: rest.tags,
    admin_graphql_api_id: rest.admin_graphql_api_id,
    default_address: rest.default_address,
  };
}

export function buildCustomersCreate(customer: CustomerRecord, shop: Pick<ShopInfo, "timezoneOffsetMinutes"> = makeShop()): CustomerWebhookPayload {
  return { topic: "customers/create", body: toShopifyJson(customerPayloadObject(customer, shop)), id: customer.id, customerId: customer.id };
}

export function buildCustomersUpdate(customer: CustomerRecord, shop: Pick<ShopInfo, "timezoneOffsetMinutes"> = makeShop()): CustomerWebhookPayload {
  return { topic: "customers/update", body: toShopifyJson(customerPayloadObject(customer, shop)), id: customer.id, customerId: customer.id };
}

/** customers/delete: `{id, tax_exemptions, admin_graphql_api_id}` (sample shape). */
export function buildCustomersDelete(customer: Pick<CustomerRecord, "id">): CustomerWebhookPayload {
  const body = toShopifyJson({ id: bigId(customer.id), tax_exemptions: [], admin_graphql_api_id: gid("Customer", customer.id) });
  return { topic: "customers/delete", body, id: customer.id, customerId: customer.id };
}

export interface CustomersMergeOptions {
  keptId: string;
  deletedId: string;
  status?: "completed" | "failed" | "in_progress";
  /** Job id (UUID or numeric); null as in the failed sample. */
  jobId?: string | null;
  errors?: Array<{ customer_ids: string[]; field: string; message: string }>;
}

/** customers/merge: GraphQL ids only (sample shape). */
export function buildCustomersMerge(opts: CustomersMergeOptions): WebhookPayload & { keptId: string; deletedId: string } {
  const status = opts.status ?? "completed";
  const body = toShopifyJson({
    admin_graphql_api_customer_kept_id: gid("Customer", opts.keptId),
    admin_graphql_api_customer_deleted_id: gid("Customer", opts.deletedId),
    admin_graphql_api_job_id: opts.jobId === undefined || opts.jobId === null ? null : gid("Job", opts.jobId),
    status,
    errors: (opts.errors ?? []).map((e) => ({ customer_ids: e.customer_ids.map((id) => bigId(id)), field: e.field, message: e.message })),
  });
  return { topic: "customers/merge", body, id: opts.keptId, keptId: opts.keptId, deletedId: opts.deletedId };
}

export interface ComplianceCustomer {
  id: string;
  email: string | null;
  phone: string | null;
}

/** customers/data_request (mandatory compliance topic). */
export function buildCustomersDataRequest(
  shop: Pick<ShopInfo, "id" | "domain">,
  customer: ComplianceCustomer,
  orderIds: readonly string[],
  dataRequestId: string,
): WebhookPayload & { customerId: string; orderIds: string[] } {
  const body = toShopifyJson({
    shop_id: bigId(shop.id),
    shop_domain: shop.domain,
    customer: { id: bigId(customer.id), email: customer.email, phone: customer.phone },
    orders_requested: orderIds.map((id) => bigId(id)),
    data_request: { id: bigId(dataRequestId) },
  });
  return { topic: "customers/data_request", body, id: customer.id, customerId: customer.id, orderIds: [...orderIds] };
}

/** customers/redact (mandatory compliance topic). */
export function buildCustomersRedact(
  shop: Pick<ShopInfo, "id" | "domain">,
  customer: ComplianceCustomer,
  orderIds: readonly string[],
): WebhookPayload & { customerId: string; orderIds: string[] } {
  const body = toShopifyJson({
    shop_id: bigId(shop.id),
    shop_domain: shop.domain,
    customer: { id: bigId(customer.id), email: customer.email, phone: customer.phone },
    orders_to_redact: orderIds.map((id) => bigId(id)),
  });
  return { topic: "customers/redact", body, id: customer.id, customerId: customer.id, orderIds: [...orderIds] };
}

/** shop/redact (mandatory compliance topic, sent 48h after uninstall). */
export function buildShopRedact(shop: Pick<ShopInfo, "id" | "domain">): WebhookPayload {
  return { topic: "shop/redact", body: toShopifyJson({ shop_id: bigId(shop.id), shop_domain: shop.domain }), id: shop.id };
}

/** app/uninstalled: the shop resource (sample shape). */
export function buildAppUninstalled(shop: ShopInfo): WebhookPayload {
  const sym: Partial<Record<CurrencyCode, string>> = { USD: "$", CAD: "$", AUD: "$", EUR: "€", GBP: "£", JPY: "¥" };
  const s = sym[shop.currency] ?? "";
  const body = toShopifyJson({
    id: bigId(shop.id),
    name: shop.name,
    email: shop.email,
    domain: shop.domain,
    province: null,
    country: shop.countryCode,
    address1: "1 Example Way",
    zip: "00000",
    city: "Example City",
    source: null,
    phone: null,
    latitude: null,
    longitude: null,
    primary_locale: "en",
    address2: null,
    created_at: null,
    updated_at: null,
    country_code: shop.countryCode,
    country_name: shop.countryCode,
    currency: shop.currency,
    customer_email: shop.email,
    timezone: shop.ianaTimezone,
    iana_timezone: shop.ianaTimezone,
    shop_owner: "Kanta Demo Owner",
    money_format: `${s}{{amount}}`,
    money_with_currency_format: `${s}{{amount}} ${shop.currency}`,
    weight_unit: "kg",
    province_code: null,
    taxes_included: null,
    auto_configure_tax_inclusivity: null,
    tax_shipping: null,
    county_taxes: null,
    plan_display_name: "Basic",
    plan_name: "basic",
    has_discounts: true,
    has_gift_cards: true,
    myshopify_domain: shop.domain,
    google_apps_domain: null,
    google_apps_login_enabled: null,
    money_in_emails_format: `${s}{{amount}}`,
    money_with_currency_in_emails_format: `${s}{{amount}} ${shop.currency}`,
    eligible_for_payments: true,
    requires_extra_payments_agreement: false,
    password_enabled: false,
    has_storefront: true,
    finances: true,
    primary_location_id: 655441491,
    checkout_api_supported: true,
    multi_location_enabled: true,
    setup_required: false,
    pre_launch_enabled: false,
    enabled_presentment_currencies: [shop.currency],
    marketing_sms_consent_enabled_at_checkout: false,
    transactional_sms_disabled: false,
  });
  return { topic: "app/uninstalled", body, id: shop.id };
}

// ---------------------------------------------------------------------------
// Orders
// ---------------------------------------------------------------------------

export type FinancialStatus =
  | "pending"
  | "authorized"
  | "partially_paid"
  | "paid"
  | "partially_refunded"
  | "refunded"
  | "voided";

export interface LineInput {
  title: string;
  /** Unit price in shop-currency minor units (1999 = $19.99). */
  unitPriceMinor: number;
  quantity?: number;
  giftCard?: boolean;
  /** Line-level discount for the whole line, in shop minor units. */
  lineDiscountMinor?: number;
  sku?: string | null;
  variantTitle?: string | null;
  vendor?: string | null;
  productId?: string;
  variantId?: string;
  grams?: number;
  /** Defaults to !giftCard. */
  taxable?: boolean;
}

export interface DiscountCodeInput {
  code: string;
  type: "fixed_amount" | "percentage";
  /** fixed_amount: shop minor units; percentage: percent (10 = 10%). */
  value: number;
}

export interface OrderOptions {
  /** Shop currency. Defaults to shop.currency, else USD. */
  currency?: CurrencyCode;
  /** Currency the buyer paid in. Defaults to the shop currency. */
  presentmentCurrency?: CurrencyCode;
  /** Units of presentment currency per unit of shop currency. Defaults to fxRate(). */
  presentmentRate?: number | undefined;
  lines: LineInput[];
  /** Order-level discount code, split across non-gift-card lines via discount_allocations. */
  discountCode?: DiscountCodeInput | null;
  /** Shipping price in shop minor units (0 or omitted = no shipping line). */
  shippingMinor?: number;
  shippingTitle?: string;
  /** e.g. 0.0825. 0 = no tax. */
  taxRate?: number;
  taxTitle?: string;
  /** true = prices include tax (VAT style); false = tax added on top. */
  taxesIncluded?: boolean;
  financialStatus?: FinancialStatus;
  test?: boolean;
  processedAt?: Date;
  createdAt?: Date;
  /** Customer, or null for a guest order (no customer object). */
  customer?: CustomerRecord | null;
  /** Contact email for guest orders. */
  email?: string | null | undefined;
  orderNumber?: number;
  id?: string;
  sourceName?: string;
  gateway?: string;
  tags?: string[];
  note?: string | null;
  noteAttributes?: Array<{ name: string; value: string }>;
  shop?: ShopInfo;
  fulfillmentStatus?: "fulfilled" | "partial" | null;
}

export interface OrderLineRecord {
  id: string;
  productId: string;
  variantId: string;
  title: string;
  variantTitle: string | null;
  sku: string | null;
  vendor: string | null;
  grams: number;
  quantity: number;
  giftCard: boolean;
  taxable: boolean;
  requiresShipping: boolean;
  unit: MoneyPair;
  lineDiscount: MoneyPair;
  codeAllocation: MoneyPair;
  tax: MoneyPair;
  /** Index in discount_applications of this line's own discount, if any. */
  lineDiscountApplicationIndex: number | null;
}

export interface RefundLineRecord {
  id: string;
  lineItemId: string;
  quantity: number;
  restockType: "no_restock" | "cancel" | "return" | "legacy_restock";
  subtotal: MoneyPair;
  tax: MoneyPair;
}

export interface RefundRecord {
  id: string;
  orderId: string;
  createdAt: Date;
  note: string | null;
  restock: boolean;
  lines: RefundLineRecord[];
  /** Positive refunded shipping amount, or null. */
  shipping: MoneyPair | null;
  shippingAdjustmentId: string | null;
  /** Total money returned to the buyer. */
  amount: MoneyPair;
  /** True for an amount-only refund (no refund_line_items). */
  amountOnly: boolean;
  transactionId: string;
  userId: string | null;
}

export interface OrderRecord {
  id: string;
  number: number;
  name: string;
  shop: ShopInfo;
  currency: CurrencyCode;
  presentmentCurrency: CurrencyCode;
  presentmentRate: number;
  token: string;
  checkoutToken: string;
  checkoutId: string;
  cartToken: string;
  confirmationNumber: string;
  saleTransactionId: string;
  createdAt: Date;
  processedAt: Date;
  updatedAt: Date;
  cancelledAt: Date | null;
  cancelReason: "customer" | "fraud" | "inventory" | "declined" | "other" | null;
  closedAt: Date | null;
  financialStatus: FinancialStatus;
  fulfillmentStatus: "fulfilled" | "partial" | null;
  test: boolean;
  sourceName: string;
  gateway: string;
  taxesIncluded: boolean;
  taxRate: number;
  taxTitle: string;
  customer: CustomerRecord | null;
  email: string | null;
  tags: string[];
  note: string | null;
  noteAttributes: Array<{ name: string; value: string }>;
  lines: OrderLineRecord[];
  discountCode: (DiscountCodeInput & { amount: MoneyPair }) | null;
  shipping: { id: string; title: string; code: string; price: MoneyPair } | null;
  shippingAddress: AddressRecord | null;
  billingAddress: AddressRecord | null;
  refunds: RefundRecord[];
}

const TAX_TITLE_BY_CURRENCY: Record<CurrencyCode, string> = {
  USD: "State Tax",
  CAD: "HST",
  EUR: "MwSt",
  GBP: "VAT",
  AUD: "GST",
  JPY: "消費税",
  KWD: "VAT",
};

/**
 * Builds an order model: ids, per-line money in shop and presentment
 * currency, exact discount allocations and taxes. Serialise it with the
 * build* functions below.
 */
export function createOrder(rng: Rng, opts: OrderOptions): OrderRecord {
  const shop = opts.shop ?? makeShop({ currency: opts.currency ?? "USD" });
  const currency = opts.currency ?? shop.currency;
  const presentmentCurrency = opts.presentmentCurrency ?? currency;
  const rate = presentmentCurrency === currency ? 1 : opts.presentmentRate ?? fxRate(currency, presentmentCurrency);
  const conv = (minor: number): MoneyPair => ({ shop: minor, pres: convertMinor(minor, currency, presentmentCurrency, rate) });
  if (opts.lines.length === 0) throw new Error("createOrder: at least one line is required");

  const taxRate = opts.taxRate ?? 0;
  const taxesIncluded = opts.taxesIncluded ?? false;
  const id = opts.id ?? makeId(rng);
  const number = opts.orderNumber ?? 1001;
  const createdAt = opts.createdAt ?? opts.processedAt ?? new Date(Date.UTC(2026, 0, 20, 16, 0, 0));
  const processedAt = opts.processedAt ?? createdAt;

  // Line prices and line-level discounts.
  const hasCode = !!opts.discountCode;
  let nextApplicationIndex = hasCode ? 1 : 0;
  const lines: OrderLineRecord[] = opts.lines.map((l) => {
    const quantity = l.quantity ?? 1;
    if (!Number.isInteger(quantity) || quantity < 1) throw new Error(`bad quantity ${quantity}`);
    if (!Number.isSafeInteger(l.unitPriceMinor) || l.unitPriceMinor < 0) throw new Error(`bad unitPriceMinor ${l.unitPriceMinor}`);
    const unit = conv(l.unitPriceMinor);
    const gross = times(unit, quantity);
    const wanted = conv(Math.min(l.lineDiscountMinor ?? 0, gross.shop));
    const lineDiscount = { shop: wanted.shop, pres: Math.min(wanted.pres, gross.pres) };
    const giftCard = l.giftCard ?? false;
    return {
      id: makeId(rng),
      productId: l.productId ?? makeId(rng),
      variantId: l.variantId ?? makeId(rng),
      title: l.title,
      variantTitle: l.variantTitle ?? null,
      sku: l.sku === undefined ? `SKU-${makeHex(rng, 6).toUpperCase()}` : l.sku,
      vendor: l.vendor === undefined ? shop.name : l.vendor,
      grams: l.grams ?? (giftCard ? 0 : 250),
      quantity,
      giftCard,
      taxable: l.taxable ?? !giftCard,
      requiresShipping: !giftCard,
      unit,
      lineDiscount,
      codeAllocation: ZERO,
      tax: ZERO,
      lineDiscountApplicationIndex: lineDiscount.shop > 0 ? nextApplicationIndex++ : null,
    };
  });

  // Order-level discount code, allocated exactly across eligible (non-gift-card) lines.
  let discountCode: OrderRecord["discountCode"] = null;
  if (opts.discountCode) {
    const bases = lines.map((l) => (l.giftCard ? ZERO : sub(times(l.unit, l.quantity), l.lineDiscount)));
    const eligible = add(...bases);
    const dc = opts.discountCode;
    let amount: MoneyPair;
    if (dc.type === "percentage") {
      amount = { shop: share(eligible.shop, dc.value, 100), pres: share(eligible.pres, dc.value, 100) };
    } else {
      const c = conv(dc.value);
      amount = { shop: Math.min(c.shop, eligible.shop), pres: Math.min(c.pres, eligible.pres) };
    }
    const shopParts = allocateExactly(amount.shop, bases.map((b) => b.shop));
    const presParts = allocateExactly(amount.pres, bases.map((b) => b.pres));
    lines.forEach((l, i) => {
      l.codeAllocation = { shop: shopParts[i]!, pres: presParts[i]! };
    });
    discountCode = { ...dc, amount };
  }

  // Taxes per line, rounded half-up in each currency.
  for (const l of lines) {
    if (!l.taxable || taxRate <= 0) continue;
    const net = sub(sub(times(l.unit, l.quantity), l.lineDiscount), l.codeAllocation);
    const t = (x: number) => (taxesIncluded ? Math.round((x * taxRate) / (1 + taxRate)) : Math.round(x * taxRate));
    l.tax = { shop: t(net.shop), pres: t(net.pres) };
  }

  const needsShipping = lines.some((l) => l.requiresShipping);
  const shippingMinor = opts.shippingMinor ?? 0;
  const shipping =
    needsShipping && shippingMinor > 0
      ? { id: makeId(rng), title: opts.shippingTitle ?? "Standard Shipping", code: "Standard", price: conv(shippingMinor) }
      : null;

  const customer = opts.customer ?? null;
  const address = customer?.address ?? null;
  return {
    id,
    number,
    name: `#${number}`,
    shop,
    currency,
    presentmentCurrency,
    presentmentRate: rate,
    token: makeHex(rng, 32),
    checkoutToken: makeHex(rng, 32),
    checkoutId: makeId(rng),
    cartToken: makeHex(rng, 32),
    confirmationNumber: Array.from({ length: 9 }, () => pick(rng, [..."ABCDEFGHJKLMNPQRSTUVWXYZ23456789"])).join(""),
    saleTransactionId: makeId(rng),
    createdAt,
    processedAt,
    updatedAt: processedAt,
    cancelledAt: null,
    cancelReason: null,
    closedAt: null,
    financialStatus: opts.financialStatus ?? "paid",
    fulfillmentStatus: opts.fulfillmentStatus ?? null,
    test: opts.test ?? false,
    sourceName: opts.sourceName ?? "web",
    gateway: opts.gateway ?? (opts.test ? "bogus" : "shopify_payments"),
    taxesIncluded,
    taxRate,
    taxTitle: opts.taxTitle ?? TAX_TITLE_BY_CURRENCY[currency],
    customer,
    email: customer ? customer.email : opts.email ?? null,
    tags: opts.tags ?? [],
    note: opts.note ?? null,
    noteAttributes: opts.noteAttributes ?? [],
    lines,
    discountCode,
    shipping,
    shippingAddress: needsShipping ? address : null,
    billingAddress: address,
    refunds: [],
  };
}

/** Totals of an order, in minor units for both currencies. */
export interface OrderTotals {
  lineItemsPrice: MoneyPair;
  discounts: MoneyPair;
  subtotal: MoneyPair;
  shipping: MoneyPair;
  tax: MoneyPair;
  total: MoneyPair;
  currentSubtotal: MoneyPair;
  currentDiscounts: MoneyPair;
  currentShipping: MoneyPair;
  currentTax: MoneyPair;
  currentTotal: MoneyPair;
  /** Quantity per line id still on the order after refunds/cancellation. */
  currentQuantity: Record<string, number>;
}

function refundedQuantities(order: OrderRecord): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of order.refunds) for (const rl of r.lines) m.set(rl.lineItemId, (m.get(rl.lineItemId) ?? 0) + rl.quantity);
  return m;
}

function lineNet(l: OrderLineRecord): MoneyPair {
  return sub(sub(times(l.unit, l.quantity), l.lineDiscount), l.codeAllocation);
}

export function orderTotals(order: OrderRecord): OrderTotals {
  const lineItemsPrice = add(...order.lines.map((l) => times(l.unit, l.quantity)));
  const discounts = add(...order.lines.map((l) => add(l.lineDiscount, l.codeAllocation)));
  const subtotal = sub(lineItemsPrice, discounts);
  const shipping = order.shipping?.price ?? ZERO;
  const tax = add(...order.lines.map((l) => l.tax));
  const total = add(subtotal, shipping, order.taxesIncluded ? ZERO : tax);

  const refunded = refundedQuantities(order);
  const currentQuantity: Record<string, number> = {};
  let refundedNet = ZERO;
  let refundedGross = ZERO;
  let refundedTax = ZERO;
  for (const l of order.lines) {
    const k = Math.min(refunded.get(l.id) ?? 0, l.quantity);
    currentQuantity[l.id] = order.cancelledAt ? 0 : l.quantity - k;
    const net = lineNet(l);
    refundedNet = add(refundedNet, { shop: share(net.shop, k, l.quantity), pres: share(net.pres, k, l.quantity) });
    refundedGross = add(refundedGross, times(l.unit, k));
    refundedTax = add(refundedTax, { shop: share(l.tax.shop, k, l.quantity), pres: share(l.tax.pres, k, l.quantity) });
  }
  const shippingRefunded = add(...order.refunds.map((r) => r.shipping ?? ZERO));
  if (order.cancelledAt) {
    return {
      lineItemsPrice, discounts, subtotal, shipping, tax, total,
      currentSubtotal: ZERO, currentDiscounts: ZERO, currentShipping: ZERO, currentTax: ZERO, currentTotal: ZERO,
      currentQuantity,
    };
  }
  const currentSubtotal = sub(subtotal, refundedNet);
  const currentDiscounts = sub(discounts, sub(refundedGross, refundedNet));
  const currentShipping = sub(shipping, shippingRefunded);
  const currentTax = sub(tax, refundedTax);
  const currentTotal = add(currentSubtotal, currentShipping, order.taxesIncluded ? ZERO : currentTax);
  return {
    lineItemsPrice, discounts, subtotal, shipping, tax, total,
    currentSubtotal, currentDiscounts, currentShipping, currentTax, currentTotal, currentQuantity,
  };
}

function taxLinesJson(tax: MoneyPair, order: OrderRecord) {
  if (tax.shop === 0 && tax.pres === 0) return [];
  return [{ price: formatMinor(tax.shop, order.currency), rate: order.taxRate, title: order.taxTitle, price_set: moneySet(tax, order), channel_liable: false }];
}

function lineItemJson(l: OrderLineRecord, order: OrderRecord, currentQuantity: number) {
  const allocations: Array<{ amount: string; amount_set: ReturnType<typeof moneySet>; discount_application_index: number }> = [];
  if (l.codeAllocation.shop > 0 || l.codeAllocation.pres > 0) {
    allocations.push({ amount: formatMinor(l.codeAllocation.shop, order.currency), amount_set: moneySet(l.codeAllocation, order), discount_application_index: 0 });
  }
  if (l.lineDiscountApplicationIndex !== null) {
    allocations.push({ amount: formatMinor(l.lineDiscount.shop, order.currency), amount_set: moneySet(l.lineDiscount, order), discount_application_index: l.lineDiscountApplicationIndex });
  }
  allocations.sort((a, b) => a.discount_application_index - b.discount_application_index);
  const totalDiscount = add(l.lineDiscount, l.codeAllocation);
  return {
    id: bigId(l.id),
    admin_graphql_api_id: gid("LineItem", l.id),
    attributed_staffs: [],
    current_quantity: currentQuantity,
    fulfillable_quantity: order.fulfillmentStatus === "fulfilled" ? 0 : currentQuantity,
    fulfillment_service: "manual",
    fulfillment_status: order.fulfillmentStatus === "fulfilled" ? "fulfilled" : null,
    gift_card: l.giftCard,
    grams: l.grams,
    name: l.variantTitle ? `${l.title} - ${l.variantTitle}` : l.title,
    price: formatMinor(l.unit.shop, order.currency),
    price_set: moneySet(l.unit, order),
    product_exists: true,
    product_id: bigId(l.productId),
    properties: [],
    quantity: l.quantity,
    requires_shipping: l.requiresShipping,
    sales_line_item_group_id: null,
    sku: l.sku,
    taxable: l.taxable,
    title: l.title,
    // Deprecated field; we fill it with the sum of discount_allocations. Read discount_allocations instead.
    total_discount: formatMinor(totalDiscount.shop, order.currency),
    total_discount_set: moneySet(totalDiscount, order),
    variant_id: bigId(l.variantId),
    variant_inventory_management: l.giftCard ? null : "shopify",
    variant_title: l.variantTitle,
    vendor: l.vendor,
    tax_lines: taxLinesJson(l.tax, order),
    duties: [],
    discount_allocations: allocations,
  };
}

function discountApplicationsJson(order: OrderRecord) {
  const apps: object[] = [];
  if (order.discountCode) {
    const dc = order.discountCode;
    apps.push({
      target_type: "line_item",
      type: "discount_code",
      value: dc.type === "percentage" ? dc.value.toFixed(1) : formatMinor(dc.value, order.currency),
      value_type: dc.type,
      allocation_method: "across",
      target_selection: "all",
      code: dc.code,
    });
  }
  for (const l of order.lines) {
    if (l.lineDiscountApplicationIndex === null) continue;
    apps.push({
      target_type: "line_item",
      type: "manual",
      value: formatMinor(l.lineDiscount.shop, order.currency),
      value_type: "fixed_amount",
      allocation_method: "across",
      target_selection: "explicit",
      title: "Line discount",
      description: `Discount on ${l.title}`,
    });
  }
  return apps;
}

function refundJson(r: RefundRecord, order: OrderRecord) {
  const offset = order.shop.timezoneOffsetMinutes;
  const linesById = new Map(order.lines.map((l) => [l.id, l]));
  return {
    id: bigId(r.id),
    order_id: bigId(r.orderId),
    created_at: formatShopifyTime(r.createdAt, offset),
    note: r.note,
    user_id: r.userId ? bigId(r.userId) : null,
    processed_at: formatShopifyTime(r.createdAt, offset),
    duties: [],
    total_duties_set: moneySet(ZERO, order),
    return: null,
    refund_shipping_lines: [],
    restock: r.restock,
    admin_graphql_api_id: gid("Refund", r.id),
    order_adjustments: r.shipping
      ? [
          {
            id: bigId(r.shippingAdjustmentId!),
            order_id: bigId(r.orderId),
            refund_id: bigId(r.id),
            amount: formatMinor(-r.shipping.shop, order.currency),
            tax_amount: formatMinor(0, order.currency),
            kind: "shipping_refund",
            reason: "Shipping refund",
            amount_set: moneySet(neg(r.shipping), order),
            tax_amount_set: moneySet(ZERO, order),
          },
        ]
      : [],
    refund_line_items: r.lines.map((rl) => {
      const l = linesById.get(rl.lineItemId)!;
      const full = lineItemJson(l, order, l.quantity);
      return {
        id: bigId(rl.id),
        quantity: rl.quantity,
        line_item_id: bigId(rl.lineItemId),
        location_id: null,
        restock_type: rl.restockType,
        subtotal: rawNumber(formatMinor(rl.subtotal.shop, order.currency)),
        total_tax: rawNumber(formatMinor(rl.tax.shop, order.currency)),
        subtotal_set: moneySet(rl.subtotal, order),
        total_tax_set: moneySet(rl.tax, order),
        line_item: {
          id: full.id,
          variant_id: full.variant_id,
          title: full.title,
          quantity: full.quantity,
          sku: full.sku,
          variant_title: full.variant_title,
          vendor: full.vendor,
          fulfillment_service: full.fulfillment_service,
          product_id: full.product_id,
          requires_shipping: full.requires_shipping,
          taxable: full.taxable,
          gift_card: full.gift_card,
          name: full.name,
          variant_inventory_management: full.variant_inventory_management,
          properties: [],
          product_exists: true,
          fulfillable_quantity: full.fulfillable_quantity,
          grams: full.grams,
          price: full.price,
          total_discount: full.total_discount,
          fulfillment_status: full.fulfillment_status,
          price_set: full.price_set,
          total_discount_set: full.total_discount_set,
          discount_allocations: full.discount_allocations,
          duties: [],
          admin_graphql_api_id: full.admin_graphql_api_id,
          tax_lines: full.tax_lines,
        },
      };
    }),
    transactions: [
      {
        id: bigId(r.transactionId),
        order_id: bigId(r.orderId),
        kind: "refund",
        gateway: order.gateway,
        status: "success",
        message: "Refund processed",
        created_at: formatShopifyTime(r.createdAt, offset),
        test: order.test,
        authorization: null,
        location_id: null,
        user_id: null,
        parent_id: bigId(order.saleTransactionId),
        processed_at: formatShopifyTime(r.createdAt, offset),
        device_id: null,
        error_code: null,
        source_name: "web",
        receipt: {},
        // Transactions are in the presentment currency (what the buyer gets back).
        amount: formatMinor(r.amount.pres, order.presentmentCurrency),
        currency: order.presentmentCurrency,
        payment_id: `${order.confirmationNumber}.2`,
        manual_payment_gateway: false,
        amount_rounding: null,
        admin_graphql_api_id: gid("OrderTransaction", r.transactionId),
      },
    ],
  };
}

/** The order resource object (with bigId markers), as sent for orders/* topics. */
export function orderJson(order: OrderRecord) {
  const offset = order.shop.timezoneOffsetMinutes;
  const t = orderTotals(order);
  const ts = (d: Date | null) => (d ? formatShopifyTime(d, offset) : null);
  const outstanding = order.financialStatus === "pending" || order.financialStatus === "authorized" ? t.total : ZERO;
  const shopDomain = order.shop.domain;
  return {
    id: bigId(order.id),
    admin_graphql_api_id: gid("Order", order.id),
    app_id: 580111,
    browser_ip: order.sourceName === "web" ? "203.0.113.24" : null,
    buyer_accepts_marketing: order.customer?.emailMarketing.state === "subscribed",
    cancel_reason: order.cancelReason,
    cancelled_at: ts(order.cancelledAt),
    cart_token: order.sourceName === "web" ? order.cartToken : null,
    checkout_id: bigId(order.checkoutId),
    checkout_token: order.checkoutToken,
    client_details: null,
    closed_at: ts(order.closedAt),
    confirmation_number: order.confirmationNumber,
    confirmed: true,
    contact_email: order.email,
    created_at: ts(order.createdAt),
    currency: order.currency,
    current_shipping_price_set: moneySet(t.currentShipping, order),
    current_subtotal_price: formatMinor(t.currentSubtotal.shop, order.currency),
    current_subtotal_price_set: moneySet(t.currentSubtotal, order),
    current_total_additional_fees_set: null,
    current_total_discounts: formatMinor(t.currentDiscounts.shop, order.currency),
    current_total_discounts_set: moneySet(t.currentDiscounts, order),
    current_total_duties_set: null,
    current_total_price: formatMinor(t.currentTotal.shop, order.currency),
    current_total_price_set: moneySet(t.currentTotal, order),
    current_total_tax: formatMinor(t.currentTax.shop, order.currency),
    current_total_tax_set: moneySet(t.currentTax, order),
    customer_locale: order.customer?.locale ?? "en",
    device_id: null,
    discount_codes: order.discountCode
      ? [{ code: order.discountCode.code, amount: formatMinor(order.discountCode.amount.shop, order.currency), type: order.discountCode.type }]
      : [],
    duties_included: false,
    email: order.email,
    estimated_taxes: false,
    financial_status: order.financialStatus,
    fulfillment_status: order.fulfillmentStatus,
    landing_site: order.sourceName === "web" ? "/" : null,
    landing_site_ref: null,
    location_id: null,
    merchant_business_entity_id: "MTcyODQ1NDE5ODQz",
    merchant_of_record_app_id: null,
    name: order.name,
    note: order.note,
    note_attributes: order.noteAttributes,
    number: order.number - 1000,
    order_number: order.number,
    order_status_url: `https://${shopDomain}/${order.shop.id}/orders/${order.token}/authenticate?key=${order.token.slice(0, 16)}`,
    original_total_additional_fees_set: null,
    original_total_duties_set: null,
    payment_gateway_names: [order.gateway],
    phone: null,
    po_number: null,
    presentment_currency: order.presentmentCurrency,
    processed_at: ts(order.processedAt),
    reference: null,
    referring_site: null,
    source_identifier: null,
    source_name: order.sourceName,
    source_url: null,
    subtotal_price: formatMinor(t.subtotal.shop, order.currency),
    subtotal_price_set: moneySet(t.subtotal, order),
    tags: order.tags.join(", "),
    tax_exempt: false,
    tax_lines: taxLinesJson(t.tax, order),
    taxes_included: order.taxesIncluded,
    test: order.test,
    token: order.token,
    total_cash_rounding_payment_adjustment_set: moneySet(ZERO, order),
    total_cash_rounding_refund_adjustment_set: moneySet(ZERO, order),
    total_discounts: formatMinor(t.discounts.shop, order.currency),
    total_discounts_set: moneySet(t.discounts, order),
    total_line_items_price: formatMinor(t.lineItemsPrice.shop, order.currency),
    total_line_items_price_set: moneySet(t.lineItemsPrice, order),
    total_outstanding: formatMinor(outstanding.shop, order.currency),
    total_price: formatMinor(t.total.shop, order.currency),
    total_price_set: moneySet(t.total, order),
    total_shipping_price_set: moneySet(t.shipping, order),
    total_tax: formatMinor(t.tax.shop, order.currency),
    total_tax_set: moneySet(t.tax, order),
    total_tip_received: formatMinor(0, order.currency),
    total_weight: order.lines.reduce((s, l) => s + l.grams * l.quantity, 0),
    updated_at: ts(order.updatedAt),
    user_id: null,
    billing_address: order.billingAddress ? addressJson(order.billingAddress) : null,
    customer: order.customer ? customerJson(order.customer, offset) : null,
    discount_applications: discountApplicationsJson(order),
    fulfillments: [],
    line_items: order.lines.map((l) => lineItemJson(l, order, t.currentQuantity[l.id] ?? l.quantity)),
    payment_terms: null,
    refunds: order.refunds.map((r) => refundJson(r, order)),
    shipping_address: order.shippingAddress ? addressJson(order.shippingAddress) : null,
    shipping_lines: order.shipping
      ? [
          {
            id: bigId(order.shipping.id),
            carrier_identifier: null,
            code: order.shipping.code,
            current_discounted_price_set: moneySet(t.currentShipping, order),
            discounted_price: formatMinor(order.shipping.price.shop, order.currency),
            discounted_price_set: moneySet(order.shipping.price, order),
            is_removed: false,
            phone: null,
            price: formatMinor(order.shipping.price.shop, order.currency),
            price_set: moneySet(order.shipping.price, order),
            requested_fulfillment_service_id: null,
            source: "shopify",
            title: order.shipping.title,
            tax_lines: [],
            discount_allocations: [],
          },
        ]
      : [],
    returns: [],
    line_item_groups: [],
  };
}

/** Serialises the order snapshot for one of the orders/* topics. */
export function buildOrderWebhook(topic: OrderTopic, order: OrderRecord): OrderWebhookPayload {
  return {
    topic,
    body: toShopifyJson(orderJson(order)),
    id: order.id,
    orderId: order.id,
    orderName: order.name,
    customerId: order.customer?.id ?? null,
    lineItemIds: order.lines.map((l) => l.id),
  };
}

export function buildOrdersCreate(order: OrderRecord): OrderWebhookPayload {
  return buildOrderWebhook("orders/create", order);
}

/** orders/paid. A pending/authorized order is first marked paid at `paidAt` (default: updatedAt). */
export function buildOrdersPaid(order: OrderRecord, paidAt?: Date): OrderWebhookPayload {
  return buildOrderWebhook("orders/paid", markPaid(order, paidAt ?? order.updatedAt));
}

export function buildOrdersUpdated(order: OrderRecord): OrderWebhookPayload {
  return buildOrderWebhook("orders/updated", order);
}

/** orders/cancelled. If the order isn't cancelled yet it is cancelled at updatedAt. */
export function buildOrdersCancelled(order: OrderRecord): OrderWebhookPayload {
  const o = order.cancelledAt ? order : cancelOrder(order, order.updatedAt);
  return buildOrderWebhook("orders/cancelled", o);
}

/** orders/delete: just `{"id": …}` (sample shape). */
export function buildOrdersDelete(order: Pick<OrderRecord, "id" | "name" | "customer" | "lines">): OrderWebhookPayload {
  return {
    topic: "orders/delete",
    body: toShopifyJson({ id: bigId(order.id) }),
    id: order.id,
    orderId: order.id,
    orderName: order.name,
    customerId: order.customer?.id ?? null,
    lineItemIds: order.lines.map((l) => l.id),
  };
}

/** Returns a copy marked paid at `at`. */
export function markPaid(order: OrderRecord, at: Date): OrderRecord {
  if (order.financialStatus !== "pending" && order.financialStatus !== "authorized" && order.financialStatus !== "partially_paid") return order;
  return { ...order, financialStatus: "paid", updatedAt: at };
}

/** Returns a copy marked fulfilled at `at`. */
export function markFulfilled(order: OrderRecord, at: Date): OrderRecord {
  return { ...order, fulfillmentStatus: "fulfilled", updatedAt: at };
}

/**
 * Returns a cancelled copy. An unpaid order becomes "voided". A paid order keeps
 * its status: apply a full refund first to make it "refunded".
 */
export function cancelOrder(order: OrderRecord, at: Date, reason: OrderRecord["cancelReason"] = "customer"): OrderRecord {
  const unpaid = order.financialStatus === "pending" || order.financialStatus === "authorized";
  return { ...order, cancelledAt: at, closedAt: at, cancelReason: reason, updatedAt: at, financialStatus: unpaid ? "voided" : order.financialStatus };
}

// ---------------------------------------------------------------------------
// Refunds
// ---------------------------------------------------------------------------

export interface RefundOptions {
  /** Refund specific line items and quantities. */
  lines?: Array<{ lineItemId: string; quantity: number; restockType?: RefundLineRecord["restockType"] }>;
  /** Amount-only refund in shop minor units: only a refund transaction, no refund_line_items. */
  amountMinor?: number;
  /** Shipping refund in shop minor units, or "full" for what remains of it. */
  shipping?: number | "full" | undefined;
  note?: string | null;
  createdAt?: Date;
  restock?: boolean;
  id?: string;
  userId?: string | null;
}

/**
 * Refund model. Line subtotals are the line's discounted price × quantity. They
 * are computed cumulatively (round(net·k/q) minus what earlier refunds already
 * took), so refunding every unit returns exactly the line's net amount and tax.
 */
export function createRefund(rng: Rng, order: OrderRecord, opts: RefundOptions = {}): RefundRecord {
  const already = refundedQuantities(order);
  const linesById = new Map(order.lines.map((l) => [l.id, l]));
  const lines: RefundLineRecord[] = (opts.lines ?? []).map((req) => {
    const l = linesById.get(req.lineItemId);
    if (!l) throw new Error(`createRefund: unknown line item ${req.lineItemId}`);
    const k0 = already.get(l.id) ?? 0;
    const k = req.quantity;
    if (!Number.isInteger(k) || k < 1 || k0 + k > l.quantity) throw new Error(`createRefund: cannot refund ${k} of line ${l.id} (quantity ${l.quantity}, refunded ${k0})`);
    already.set(l.id, k0 + k);
    const net = lineNet(l);
    const cum = (x: number, kk: number) => share(x, kk, l.quantity);
    return {
      id: makeId(rng),
      lineItemId: l.id,
      quantity: k,
      restockType: req.restockType ?? "no_restock",
      subtotal: { shop: cum(net.shop, k0 + k) - cum(net.shop, k0), pres: cum(net.pres, k0 + k) - cum(net.pres, k0) },
      tax: { shop: cum(l.tax.shop, k0 + k) - cum(l.tax.shop, k0), pres: cum(l.tax.pres, k0 + k) - cum(l.tax.pres, k0) },
    };
  });

  let shipping: MoneyPair | null = null;
  if (opts.shipping !== undefined && order.shipping) {
    const remaining = sub(order.shipping.price, add(...order.refunds.map((r) => r.shipping ?? ZERO)));
    if (opts.shipping === "full") shipping = remaining;
    else {
      const s = Math.min(opts.shipping, remaining.shop);
      shipping = { shop: s, pres: Math.min(share(order.shipping.price.pres, s, order.shipping.price.shop || 1), remaining.pres) };
    }
    if (shipping.shop <= 0 && shipping.pres <= 0) shipping = null;
  }

  const amountOnly = lines.length === 0 && shipping === null;
  let amount: MoneyPair;
  if (amountOnly) {
    if (opts.amountMinor === undefined) throw new Error("createRefund: give lines, shipping or amountMinor");
    amount = { shop: opts.amountMinor, pres: convertMinor(opts.amountMinor, order.currency, order.presentmentCurrency, order.presentmentRate) };
  } else {
    amount = add(...lines.map((rl) => add(rl.subtotal, order.taxesIncluded ? ZERO : rl.tax)), shipping ?? ZERO);
    if (opts.amountMinor !== undefined) {
      amount = add(amount, { shop: opts.amountMinor, pres: convertMinor(opts.amountMinor, order.currency, order.presentmentCurrency, order.presentmentRate) });
    }
  }

  return {
    id: opts.id ?? makeId(rng),
    orderId: order.id,
    createdAt: opts.createdAt ?? order.updatedAt,
    note: opts.note ?? null,
    restock: opts.restock ?? lines.some((l) => l.restockType === "return"),
    lines,
    shipping,
    shippingAdjustmentId: shipping ? makeId(rng) : null,
    amount,
    amountOnly,
    transactionId: makeId(rng),
    userId: opts.userId === undefined ? null : opts.userId,
  };
}

/** Returns a copy of the order with the refund applied (refunds[], current_*, financial_status). */
export function applyRefund(order: OrderRecord, refund: RefundRecord): OrderRecord {
  const next: OrderRecord = { ...order, refunds: [...order.refunds, refund], updatedAt: refund.createdAt };
  const totals = orderTotals(next);
  const refundedTotal = next.refunds.reduce((s, r) => s + r.amount.shop, 0);
  const everything = Object.values(totals.currentQuantity).every((q) => q === 0) && totals.currentShipping.shop <= 0;
  next.financialStatus = everything || refundedTotal >= totals.total.shop ? "refunded" : "partially_refunded";
  return next;
}

/** refunds/create body for a refund created with createRefund(). */
export function buildRefundsCreate(order: OrderRecord, refund: RefundRecord): RefundWebhookPayload {
  return { topic: "refunds/create", body: toShopifyJson(refundJson(refund, order)), id: refund.id, refundId: refund.id, orderId: order.id };
}

// ---------------------------------------------------------------------------
// Checkouts
// ---------------------------------------------------------------------------

/**
 * checkouts/create for the same inputs as an order (sample shape). The
 * 2026-07 sample has no top-level id but its name is "#<id>". We include
 * `id` as well, because real deliveries carry it and apps key on it.
 */
export function buildCheckoutsCreate(rng: Rng, opts: OrderOptions): WebhookPayload & { checkoutId: string; token: string } {
  const order = createOrder(rng, { ...opts, financialStatus: "pending" });
  const t = orderTotals(order);
  const offset = order.shop.timezoneOffsetMinutes;
  const checkoutId = order.checkoutId;
  const token = order.checkoutToken;
  const c = order.customer;
  const body = toShopifyJson({
    id: bigId(checkoutId),
    token,
    cart_token: order.cartToken,
    email: order.email,
    gateway: null,
    buyer_accepts_marketing: c?.emailMarketing.state === "subscribed",
    created_at: formatShopifyTime(order.createdAt, offset),
    updated_at: formatShopifyTime(order.createdAt, offset),
    landing_site: "/",
    note: null,
    note_attributes: order.noteAttributes,
    referring_site: null,
    shipping_lines: [],
    taxes_included: order.taxesIncluded,
    total_weight: order.lines.reduce((s, l) => s + l.grams * l.quantity, 0),
    currency: order.currency,
    completed_at: null,
    closed_at: null,
    user_id: null,
    location_id: null,
    source_identifier: null,
    source_url: null,
    device_id: null,
    phone: null,
    customer_locale: c?.locale ?? "en",
    line_items: order.lines.map((l) => ({
      applied_discounts: [],
      discount_allocations: [],
      key: makeHex(rng, 32),
      destination_location_id: null,
      fulfillment_service: "manual",
      gift_card: l.giftCard,
      grams: l.grams,
      origin_location_id: null,
      presentment_title: l.title,
      presentment_variant_title: l.variantTitle,
      product_id: bigId(l.productId),
      properties: null,
      quantity: l.quantity,
      requires_shipping: l.requiresShipping,
      sku: l.sku,
      tax_lines: l.tax.shop > 0 ? [{ price: formatMinor(l.tax.shop, order.currency), position: 1, rate: order.taxRate, title: order.taxTitle, source: "Shopify", zone: "province", channel_liable: false }] : [],
      taxable: l.taxable,
      title: l.title,
      variant_id: bigId(l.variantId),
      variant_title: l.variantTitle,
      variant_price: formatMinor(l.unit.shop, order.currency),
      vendor: l.vendor,
      user_id: null,
      unit_price_measurement: { measured_type: null, quantity_value: null, quantity_unit: null, reference_value: null, reference_unit: null },
      rank: null,
      compare_at_price: null,
      line_price: formatMinor(l.unit.shop * l.quantity, order.currency),
      price: formatMinor(l.unit.shop, order.currency),
    })),
    name: `#${checkoutId}`,
    source: null,
    abandoned_checkout_url: `https://${order.shop.domain}/${order.shop.id}/checkouts/${token}/recover?key=${makeHex(rng, 16)}`,
    discount_codes: order.discountCode ? [{ code: order.discountCode.code, amount: formatMinor(order.discountCode.amount.shop, order.currency), type: order.discountCode.type }] : [],
    tax_lines: t.tax.shop > 0 ? [{ price: formatMinor(t.tax.shop, order.currency), rate: order.taxRate, title: order.taxTitle, channel_liable: false }] : [],
    source_name: "web",
    presentment_currency: order.presentmentCurrency,
    buyer_accepts_sms_marketing: false,
    sms_marketing_phone: null,
    total_discounts: formatMinor(t.discounts.shop, order.currency),
    total_line_items_price: formatMinor(t.lineItemsPrice.shop, order.currency),
    total_price: formatMinor(t.total.shop, order.currency),
    total_tax: formatMinor(t.tax.shop, order.currency),
    subtotal_price: formatMinor(t.subtotal.shop, order.currency),
    total_duties: null,
    reservation_token: null,
    billing_address: order.billingAddress ? addressJson(order.billingAddress) : null,
    shipping_address: order.shippingAddress ? addressJson(order.shippingAddress) : null,
    customer: c ? customerJson(c, offset) : null,
  });
  return { topic: "checkouts/create", body, id: checkoutId, checkoutId, token };
}

// ---------------------------------------------------------------------------
// A year of store history
// ---------------------------------------------------------------------------

/**
 * Proportions used by simulateStoreHistory. Rates are per customer or per order,
 * as named; they are probabilities, so realised counts vary with the seed.
 */
export const SIMULATION_PROPORTIONS = {
  /** Customer segments (share of customers). */
  segments: { never: 0.08, oneTime: 0.37, occasional: 0.25, monthly: 0.2, frequent: 0.1 },
  /** Mean days between repeat orders for repeat segments (exponential gaps, seasonally modulated). */
  meanDaysBetweenOrders: { occasional: 75, monthly: 30, frequent: 10 },
  /** Share of customers who sign up before their first order (the rest are created at first checkout). */
  signupBeforeFirstOrder: 0.4,
  /** Extra guest orders (customer: null), as a share of all orders. */
  guestOrderShare: 0.15,
  /** Per order: created "pending", paid 1–5 days later (orders/paid then). Otherwise paid at checkout. */
  pendingThenPaid: 0.07,
  /** Per order: cancelled. Unpaid → voided; paid → full refund + cancelled. */
  cancelled: 0.02,
  /** Per paid order: one partial refund 2–30 days later (one line, part of it; 30% also refund shipping; 15% amount-only). */
  partialRefund: 0.05,
  /** Per order: test order (test: true, gateway "bogus"). */
  testOrder: 0.01,
  /** Per delivery: delivered twice. Half are retries (same webhook id), half redeliveries (new webhook id, same event id). */
  duplicateDelivery: 0.015,
  /**
   * Per delivery: delayed 1–15 minutes, so it can arrive after later events
   * (Shopify doesn't guarantee ordering; e.g. orders/paid before orders/create).
   * Other deliveries arrive 0.3–0.9 s after their trigger, in trigger order.
   */
  delayedDelivery: 0.01,
  /** Per order: uses a discount code. */
  discountCode: 0.2,
  /** Per order: has a line-level discount on one line. */
  lineDiscount: 0.05,
  /** Per order: includes a gift card line. */
  giftCardLine: 0.03,
  /** Per order: paid in a presentment currency different from the shop currency. */
  foreignPresentment: 0.08,
  /** Per paid order: fulfilled 1–4 days later, which sends orders/updated. */
  fulfilledUpdate: 0.6,
  /** Per order with a customer: customers/update shortly after. */
  customerUpdateAfterOrder: 0.25,
  /** Seasonality multipliers on order and sign-up intensity (month is 1-based). */
  seasonality: { peak: { from: [11, 20], to: [12, 2], multiplier: 3 }, december: { from: [12, 3], to: [12, 20], multiplier: 1.5 }, january: 0.8 },
  /** Per customer, only if includeCompliance: data request, delete + redact 10 days later, merge into another customer. */
  compliance: { dataRequest: 0.01, deleteAndRedact: 0.01, merge: 0.005 },
} as const;

export interface SimulateOptions {
  seed: number | string;
  customers: number;
  days: number;
  endDate: Date;
  /** Shop currency (default USD). */
  currency?: CurrencyCode;
  shop?: Partial<ShopInfo>;
  /** Emit GDPR / merge / delete topics at low rates (default true). */
  includeCompliance?: boolean;
  /** Emit checkouts/create before web orders, plus some abandoned checkouts (default false). */
  includeCheckouts?: boolean;
}

export interface SimulatedDelivery {
  topic: WebhookTopic;
  body: string;
  webhookId: string;
  eventId: string;
  /** X-Shopify-Triggered-At value (retries keep the original value). */
  triggeredAt: string;
  /** When this delivery arrives (ISO); the list is sorted by it. */
  deliveredAt: string;
  shopDomain: string;
  apiVersion: "2026-07";
  /** Main resource id (order id for orders/*, refund id, customer id…). */
  resourceId: string | null;
  /** Set on the second copy of a duplicated delivery. */
  duplicate?: "retry" | "redelivery";
  /** Set when the delivery was held back 1–15 minutes (may arrive out of order). */
  delayed?: true;
}

export interface SimulatedStore {
  shop: ShopInfo;
  customers: CustomerRecord[];
  /** Final state of every order. */
  orders: OrderRecord[];
  deliveries: SimulatedDelivery[];
  countsByTopic: Partial<Record<WebhookTopic, number>>;
}

interface CatalogItem {
  title: string;
  usdCents: number;
  giftCard?: boolean;
  variants: (string | null)[];
  grams: number;
  productId: string;
  variantIds: string[];
  sku: string;
}

const CATALOG_SPEC: ReadonlyArray<Omit<CatalogItem, "productId" | "variantIds" | "sku">> = [
  { title: "Organic Cotton Tee", usdCents: 2800, variants: ["S", "M", "L", "XL"], grams: 180 },
  { title: "Merino Beanie", usdCents: 3400, variants: ["Charcoal", "Rust"], grams: 90 },
  { title: "Canvas Tote Bag", usdCents: 2200, variants: [null], grams: 300 },
  { title: "Ceramic Pour-Over Set", usdCents: 5400, variants: [null], grams: 900 },
  { title: "Cold Brew Coffee Beans 1kg", usdCents: 3299, variants: ["Whole bean", "Ground"], grams: 1000 },
  { title: "Stoneware Mug", usdCents: 1800, variants: ["Sand", "Slate", "Moss"], grams: 400 },
  { title: "Linen Apron", usdCents: 3900, variants: [null], grams: 350 },
  { title: "Travel Tumbler", usdCents: 2999, variants: ["12oz", "16oz"], grams: 320 },
  { title: "Hand Cream Trio", usdCents: 2450, variants: [null], grams: 250 },
  { title: "Wool Throw Blanket", usdCents: 12900, variants: ["Oat", "Forest"], grams: 1400 },
  { title: "Leather Card Holder", usdCents: 4500, variants: ["Tan", "Black"], grams: 60 },
  { title: "Beeswax Candle", usdCents: 1650, variants: [null], grams: 280 },
];

const GIFT_CARD_SPEC = { title: "Gift Card", variants: ["$25", "$50", "$100"], cents: [2500, 5000, 10000] };

function priceIn(usdCents: number, currency: CurrencyCode): number {
  const minor = convertMinor(usdCents, "USD", currency, fxRate("USD", currency));
  if (currency === "JPY") return Math.max(10, Math.round(minor / 10) * 10);
  if (currency === "KWD") return Math.max(5, Math.round(minor / 5) * 5);
  return minor;
}

const TAX_BY_CURRENCY: Record<CurrencyCode, { rate: number; included: boolean }> = {
  USD: { rate: 0.0825, included: false },
  CAD: { rate: 0.13, included: false },
  EUR: { rate: 0.19, included: true },
  GBP: { rate: 0.2, included: true },
  AUD: { rate: 0.1, included: true },
  JPY: { rate: 0.1, included: true },
  KWD: { rate: 0, included: false },
};

function monthDay(d: Date, offsetMinutes: number): [number, number] {
  const local = new Date(d.getTime() + offsetMinutes * 60_000);
  return [local.getUTCMonth() + 1, local.getUTCDate()];
}

function inRange(md: [number, number], from: readonly [number, number], to: readonly [number, number]): boolean {
  const v = md[0] * 100 + md[1];
  return v >= from[0] * 100 + from[1] && v <= to[0] * 100 + to[1];
}

/** Relative shopping intensity on a given day (1 = normal). */
export function seasonalWeight(date: Date, offsetMinutes = 0): number {
  const s = SIMULATION_PROPORTIONS.seasonality;
  const md = monthDay(date, offsetMinutes);
  if (inRange(md, s.peak.from, s.peak.to)) return s.peak.multiplier;
  if (inRange(md, s.december.from, s.december.to)) return s.december.multiplier;
  if (md[0] === 1) return s.january;
  return 1;
}

const MAX_SEASONAL_WEIGHT = 3;

/** Local hour-of-day weights: quiet at night, busy at lunch and in the evening. */
const HOUR_WEIGHTS = [1, 0.5, 0.3, 0.2, 0.2, 0.3, 0.8, 1.5, 2.5, 3, 3.5, 4, 4.5, 4, 3.5, 3.5, 3.5, 4, 5, 6, 6, 5, 3.5, 2];
const HOUR_TOTAL = HOUR_WEIGHTS.reduce((a, b) => a + b, 0);

/** Moves a time to a realistic local hour on the same local day. */
function realisticTimeOfDay(rng: Rng, t: number, offsetMinutes: number): number {
  const offMs = offsetMinutes * 60_000;
  const localDayStart = Math.floor((t + offMs) / DAY_MS) * DAY_MS - offMs;
  let r = rng() * HOUR_TOTAL;
  let hour = 0;
  for (; hour < 23; hour++) {
    r -= HOUR_WEIGHTS[hour]!;
    if (r < 0) break;
  }
  return localDayStart + hour * 3_600_000 + Math.floor(rng() * 3_600_000);
}

function clampTime(t: number, from: number, to: number): number {
  return Math.min(Math.max(t, from), to - 1);
}

/** A time in [from, to) drawn from the seasonal intensity (thinning). */
function seasonalTime(rng: Rng, from: number, to: number, offsetMinutes: number): number {
  for (let i = 0; i < 1000; i++) {
    const t = from + rng() * (to - from);
    if (rng() * MAX_SEASONAL_WEIGHT < seasonalWeight(new Date(t), offsetMinutes)) return t;
  }
  return from + rng() * (to - from);
}

/** Arrival times of a seasonal Poisson process with the given mean gap, after `from`. */
function seasonalArrivals(rng: Rng, from: number, to: number, meanGapDays: number, offsetMinutes: number): number[] {
  const out: number[] = [];
  let t = from;
  for (;;) {
    t += exponential(rng, (meanGapDays * DAY_MS) / MAX_SEASONAL_WEIGHT);
    if (t >= to) return out;
    if (rng() * MAX_SEASONAL_WEIGHT < seasonalWeight(new Date(t), offsetMinutes)) out.push(t);
  }
}

type Segment = keyof typeof SIMULATION_PROPORTIONS.segments;

interface PendingEvent {
  at: number;
  seq: number;
  topic: WebhookTopic;
  body: string;
  resourceId: string | null;
}

/**
 * A year (or `days`) of realistic store activity as signed-webhook-ready
 * deliveries, ordered by delivery time. See SIMULATION_PROPORTIONS for the rates.
 * Deterministic for a given set of options.
 */
export function simulateStore(options: SimulateOptions): SimulatedStore {
  const rng = createRng(options.seed);
  const currency = options.currency ?? "USD";
  const shop = makeShop({ currency, ...options.shop });
  const off = shop.timezoneOffsetMinutes;
  const end = options.endDate.getTime();
  const start = end - options.days * DAY_MS;
  if (!(options.days > 0)) throw new Error("days must be > 0");
  if (!Number.isInteger(options.customers) || options.customers < 0) throw new Error("customers must be a non-negative integer");
  const P = SIMULATION_PROPORTIONS;
  const includeCompliance = options.includeCompliance ?? true;
  const includeCheckouts = options.includeCheckouts ?? false;
  const ids = new Set<string>();
  const newId = () => makeUniqueId(rng, ids);

  const catalog: CatalogItem[] = CATALOG_SPEC.map((c) => ({
    ...c,
    productId: newId(),
    variantIds: c.variants.map(() => newId()),
    sku: c.title.replace(/[^A-Za-z]/g, "").slice(0, 6).toUpperCase(),
  }));
  const giftCardProductId = newId();
  const giftCardVariantIds = GIFT_CARD_SPEC.variants.map(() => newId());
  const tax = TAX_BY_CURRENCY[currency];
  const shippingFee = priceIn(695, currency);
  const freeShippingOver = priceIn(7500, currency);
  const foreignChoices = (["USD", "EUR", "CAD", "GBP"] as CurrencyCode[]).filter((c) => c !== currency);

  const events: PendingEvent[] = [];
  let seq = 0;
  const emit = (at: number, p: WebhookPayload) => {
    events.push({ at, seq: seq++, topic: p.topic, body: p.body, resourceId: p.id });
  };

  // 1. Customers and the times they place orders.
  interface Plan {
    customer: CustomerRecord;
    segment: Segment;
    signupAt: number;
    createdAtCheckout: boolean;
    orderTimes: number[];
    announced: boolean;
  }
  const plans: Plan[] = [];
  for (let i = 0; i < options.customers; i++) {
    const segment = pickWeighted(rng, P.segments);
    const signupAt = clampTime(realisticTimeOfDay(rng, seasonalTime(rng, start, end - DAY_MS / 2, off), off), start, end - 60_000);
    const createdAtCheckout = segment !== "never" && !chance(rng, P.signupBeforeFirstOrder);
    const orderTimes: number[] = [];
    if (segment !== "never") {
      const first = createdAtCheckout ? signupAt + 30_000 : signupAt + exponential(rng, 5 * DAY_MS);
      if (first < end) {
        orderTimes.push(first);
        if (segment !== "oneTime") {
          const mean = P.meanDaysBetweenOrders[segment];
          for (const t of seasonalArrivals(rng, first, end, mean, off)) {
            orderTimes.push(clampTime(realisticTimeOfDay(rng, t, off), first + 3_600_000, end));
          }
        }
      }
    }
    orderTimes.sort((a, b) => a - b);
    const customer = createCustomer(rng, {
      id: newId(),
      createdAt: new Date(signupAt),
      state: createdAtCheckout ? "disabled" : "enabled",
      currency,
      countryCode: shop.countryCode,
      tags: chance(rng, 0.1) ? ["newsletter"] : [],
    });
    plans.push({ customer, segment, signupAt, createdAtCheckout, orderTimes: orderTimes.filter((t) => t < end), announced: false });
  }
  for (const p of plans) {
    if (!p.createdAtCheckout) {
      emit(p.signupAt, buildCustomersCreate(p.customer, shop));
      p.announced = true;
    }
  }

  // 2. Order slots (customer orders + guest orders), in chronological order.
  interface Slot {
    at: number;
    plan: Plan | null;
  }
  const slots: Slot[] = [];
  for (const p of plans) for (const t of p.orderTimes) slots.push({ at: t, plan: p });
  const customerOrders = slots.length;
  const guestCount = Math.round((customerOrders * P.guestOrderShare) / (1 - P.guestOrderShare));
  for (let i = 0; i < guestCount; i++) {
    slots.push({ at: clampTime(realisticTimeOfDay(rng, seasonalTime(rng, start, end, off), off), start, end), plan: null });
  }
  slots.sort((a, b) => a.at - b.at);

  const finalOrders: OrderRecord[] = [];
  const ordersByCustomer = new Map<string, OrderRecord[]>();
  let orderNumber = 1001;

  for (const slot of slots) {
    if (slot.at >= end) continue;
    const plan = slot.plan;
    const customer = plan ? { ...plan.customer, updatedAt: new Date(slot.at) } : null;
    const isFirstOrder = plan ? (ordersByCustomer.get(plan.customer.id)?.length ?? 0) === 0 : true;

    if (plan && !plan.announced) {
      emit(slot.at - 20_000, buildCustomersCreate(plan.customer, shop));
      plan.announced = true;
    }

    // Basket.
    const lineCount = pickWeighted(rng, { "1": 0.55, "2": 0.28, "3": 0.12, "4": 0.05 });
    const chosen = new Set<number>();
    const lines: LineInput[] = [];
    for (let i = 0; i < Number(lineCount); i++) {
      const idx = randInt(rng, 0, catalog.length - 1);
      if (chosen.has(idx)) continue;
      chosen.add(idx);
      const item = catalog[idx]!;
      const v = randInt(rng, 0, item.variants.length - 1);
      lines.push({
        title: item.title,
        unitPriceMinor: priceIn(item.usdCents, currency),
        quantity: Number(pickWeighted(rng, { "1": 0.8, "2": 0.15, "3": 0.05 })),
        productId: item.productId,
        variantId: item.variantIds[v]!,
        variantTitle: item.variants[v]!,
        sku: `${item.sku}-${v + 1}`,
        vendor: shop.name,
        grams: item.grams,
      });
    }
    if (chance(rng, P.giftCardLine)) {
      const v = randInt(rng, 0, GIFT_CARD_SPEC.variants.length - 1);
      lines.push({
        title: GIFT_CARD_SPEC.title,
        unitPriceMinor: priceIn(GIFT_CARD_SPEC.cents[v]!, currency),
        giftCard: true,
        productId: giftCardProductId,
        variantId: giftCardVariantIds[v]!,
        variantTitle: GIFT_CARD_SPEC.variants[v]!,
        sku: null,
        vendor: shop.name,
        grams: 0,
      });
    }
    if (chance(rng, P.lineDiscount)) {
      const target = lines.find((l) => !l.giftCard);
      if (target) target.lineDiscountMinor = Math.round(target.unitPriceMinor * 0.15);
    }

    const when = new Date(slot.at);
    const peak = seasonalWeight(when, off) >= 3;
    let discountCode: DiscountCodeInput | null = null;
    if (peak && chance(rng, 0.6)) discountCode = { code: "BFCM25", type: "percentage", value: 25 };
    else if (chance(rng, P.discountCode)) {
      discountCode =
        isFirstOrder && plan
          ? { code: "WELCOME10", type: "percentage", value: 10 }
          : pick(rng, [
              { code: "SAVE5", type: "fixed_amount", value: priceIn(500, currency) },
              { code: "LOYALTY15", type: "percentage", value: 15 },
            ] as DiscountCodeInput[]);
    }
    if (discountCode && lines.every((l) => l.giftCard)) discountCode = null;

    const itemsTotal = lines.reduce((s, l) => s + l.unitPriceMinor * (l.quantity ?? 1), 0);
    const foreign = chance(rng, P.foreignPresentment) && foreignChoices.length > 0;
    const presentmentCurrency = foreign ? pick(rng, foreignChoices) : currency;
    const test = chance(rng, P.testOrder);
    const pendingFirst = chance(rng, P.pendingThenPaid);
    const cancelled = chance(rng, P.cancelled);
    const guestEmail = `guest.${makeHex(rng, 8)}@example.net`;

    let order = createOrder(rng, {
      id: newId(),
      shop,
      currency,
      presentmentCurrency,
      presentmentRate: foreign ? Number((fxRate(currency, presentmentCurrency) * 1.015).toFixed(6)) : undefined,
      lines,
      discountCode,
      shippingMinor: itemsTotal >= freeShippingOver ? 0 : shippingFee,
      taxRate: tax.rate,
      taxesIncluded: tax.included,
      financialStatus: pendingFirst ? "pending" : "paid",
      test,
      gateway: test ? "bogus" : pendingFirst ? "Bank Deposit" : "shopify_payments",
      createdAt: when,
      processedAt: when,
      customer,
      email: customer ? customer.email : guestEmail,
      orderNumber: orderNumber++,
      sourceName: chance(rng, 0.04) ? "pos" : "web",
      noteAttributes: chance(rng, 0.05) ? [{ name: "gift_message", value: "Happy birthday! 🎉" }] : [],
    });

    if (includeCheckouts && order.sourceName === "web") {
      const checkoutAt = new Date(slot.at - 90_000);
      emit(checkoutAt.getTime(), buildCheckoutsCreate(rng, { lines, shop, currency, customer, discountCode, createdAt: checkoutAt, taxRate: tax.rate, taxesIncluded: tax.included }));
    }

    emit(slot.at, buildOrdersCreate(order));
    let t = slot.at;
    let paid = !pendingFirst;
    if (paid) {
      emit(t + 2_000, buildOrdersPaid(order));
      if (chance(rng, 0.5)) emit(t + 4_000, buildOrdersUpdated(order));
    }

    if (cancelled) {
      t = Math.min(t + randInt(rng, 1, 36) * 3_600_000, end - 1);
      if (paid) {
        const refund = createRefund(rng, order, {
          lines: order.lines.map((l) => ({ lineItemId: l.id, quantity: l.quantity, restockType: "cancel" as const })),
          shipping: "full",
          note: "Order cancelled",
          createdAt: new Date(t),
          restock: true,
        });
        order = applyRefund(order, refund);
        emit(t, buildRefundsCreate(order, refund));
      }
      order = cancelOrder(order, new Date(t + 1_000), pick(rng, ["customer", "customer", "inventory", "fraud"] as const));
      emit(t + 1_000, buildOrdersCancelled(order));
      emit(t + 2_000, buildOrdersUpdated(order));
    } else {
      if (!paid) {
        const paidAt = t + randInt(rng, 1, 5) * DAY_MS + randInt(rng, 0, 8) * 3_600_000;
        if (paidAt < end) {
          order = markPaid(order, new Date(paidAt));
          emit(paidAt, buildOrdersPaid(order));
          emit(paidAt + 2_000, buildOrdersUpdated(order));
          paid = true;
          t = paidAt;
        }
      }
      if (paid && chance(rng, P.fulfilledUpdate)) {
        const at = t + randInt(rng, 1, 4) * DAY_MS;
        if (at < end) {
          order = markFulfilled(order, new Date(at));
          emit(at, buildOrdersUpdated(order));
          t = at;
        }
      }
      if (paid && chance(rng, P.partialRefund)) {
        const at = t + randInt(rng, 2, 30) * DAY_MS;
        if (at < end) {
          const refundable = order.lines.filter((l) => !l.giftCard);
          let refund: RefundRecord;
          if (refundable.length === 0 || chance(rng, 0.15)) {
            const total = orderTotals(order).total.shop;
            refund = createRefund(rng, order, { amountMinor: Math.max(1, Math.round(total * 0.2)), note: "Goodwill refund", createdAt: new Date(at) });
          } else {
            const l = pick(rng, refundable);
            refund = createRefund(rng, order, {
              lines: [{ lineItemId: l.id, quantity: randInt(rng, 1, l.quantity), restockType: "return" }],
              shipping: chance(rng, 0.3) ? "full" : undefined,
              note: "Returned item",
              createdAt: new Date(at),
            });
          }
          order = applyRefund(order, refund);
          emit(at, buildRefundsCreate(order, refund));
          emit(at + 2_000, buildOrdersUpdated(order));
        }
      }
    }

    if (customer && chance(rng, P.customerUpdateAfterOrder)) {
      emit(slot.at + 60_000, buildCustomersUpdate({ ...customer, updatedAt: new Date(slot.at + 60_000) }, shop));
    }

    finalOrders.push(order);
    if (customer) {
      const list = ordersByCustomer.get(customer.id) ?? [];
      list.push(order);
      ordersByCustomer.set(customer.id, list);
    }
  }

  // Abandoned checkouts (only with includeCheckouts).
  if (includeCheckouts) {
    const abandoned = Math.round(finalOrders.length * 0.3);
    for (let i = 0; i < abandoned; i++) {
      const at = clampTime(realisticTimeOfDay(rng, seasonalTime(rng, start, end, off), off), start, end);
      const item = pick(rng, catalog);
      const customer = plans.length && chance(rng, 0.5) ? pick(rng, plans).customer : null;
      emit(at, buildCheckoutsCreate(rng, { shop, currency, customer, lines: [{ title: item.title, unitPriceMinor: priceIn(item.usdCents, currency), productId: item.productId, variantId: item.variantIds[0]! }], createdAt: new Date(at), taxRate: tax.rate, taxesIncluded: tax.included, email: customer ? undefined : `guest.${makeHex(rng, 8)}@example.net` }));
    }
  }

  // 3. Compliance and account-maintenance topics at low rates.
  if (includeCompliance && plans.length > 0) {
    const quota = (rate: number) => Math.max(options.customers >= 100 ? 1 : 0, Math.round(rate * options.customers));
    const used = new Set<string>();
    const orderIdsBefore = (c: CustomerRecord, at: number) => (ordersByCustomer.get(c.id) ?? []).filter((o) => o.createdAt.getTime() < at).map((o) => o.id);

    // Data requests: customers with at least one order.
    const buyers = plans.filter((p) => (ordersByCustomer.get(p.customer.id)?.length ?? 0) > 0);
    for (let i = 0, n = quota(P.compliance.dataRequest); i < n && buyers.length > 0; i++) {
      const p = pick(rng, buyers);
      const firstOrderAt = ordersByCustomer.get(p.customer.id)![0]!.createdAt.getTime();
      const at = firstOrderAt + rng() * (end - firstOrderAt);
      emit(at, buildCustomersDataRequest(shop, p.customer, orderIdsBefore(p.customer, at), String(randInt(rng, 1000, 999_999))));
    }

    // Delete + redact 10 days later: customers with no orders in the last 200 days.
    const dormant = plans.filter((p) => {
      const os = ordersByCustomer.get(p.customer.id) ?? [];
      const lastAt = os.length ? os[os.length - 1]!.createdAt.getTime() : p.signupAt;
      return p.announced && lastAt < end - 200 * DAY_MS;
    });
    for (let i = 0, n = quota(P.compliance.deleteAndRedact); i < n && dormant.length > 0; i++) {
      const idx = randInt(rng, 0, dormant.length - 1);
      const p = dormant.splice(idx, 1)[0]!;
      used.add(p.customer.id);
      const os = ordersByCustomer.get(p.customer.id) ?? [];
      const lastAt = os.length ? os[os.length - 1]!.createdAt.getTime() : p.signupAt;
      const delAt = lastAt + 180 * DAY_MS + rng() * 5 * DAY_MS;
      if (delAt >= end) continue;
      emit(delAt, buildCustomersDelete(p.customer));
      const redactAt = delAt + 10 * DAY_MS;
      if (redactAt < end) emit(redactAt, buildCustomersRedact(shop, p.customer, os.map((o) => o.id)));
    }

    // Merges: a customer with no later orders is merged into another one.
    for (let i = 0, n = quota(P.compliance.merge); i < n; i++) {
      const candidates = plans.filter((p) => p.announced && !used.has(p.customer.id));
      if (candidates.length < 2) break;
      const deleted = pick(rng, candidates);
      const kept = pick(rng, candidates.filter((p) => p !== deleted));
      used.add(deleted.customer.id);
      used.add(kept.customer.id);
      const os = ordersByCustomer.get(deleted.customer.id) ?? [];
      const after = Math.max(os.length ? os[os.length - 1]!.createdAt.getTime() : deleted.signupAt, kept.signupAt) + DAY_MS;
      if (after >= end) continue;
      const at = after + rng() * (end - after);
      emit(at, buildCustomersMerge({ keptId: kept.customer.id, deletedId: deleted.customer.id, status: "completed", jobId: makeUuid(rng) }));
      emit(at + 5_000, buildCustomersUpdate({ ...kept.customer, updatedAt: new Date(at + 5_000) }, shop));
    }
  }

  // 4. Deliveries: drop anything outside the window, sort, add duplicates.
  const inWindow = events.filter((e) => e.at >= start && e.at < end).sort((a, b) => a.at - b.at || a.seq - b.seq);
  const deliveries: Array<SimulatedDelivery & { sortAt: number; sortSeq: number }> = [];
  let dseq = 0;
  for (const e of inWindow) {
    const delayed = chance(rng, P.delayedDelivery);
    const latency = randInt(rng, 300, 900) + (delayed ? randInt(rng, 1, 15) * 60_000 : 0);
    const base: SimulatedDelivery = {
      topic: e.topic,
      body: e.body,
      webhookId: makeUuid(rng),
      eventId: makeUuid(rng),
      triggeredAt: formatTriggeredAt(new Date(e.at)),
      deliveredAt: new Date(e.at + latency).toISOString(),
      shopDomain: shop.domain,
      apiVersion: "2026-07",
      resourceId: e.resourceId,
      ...(delayed ? { delayed: true as const } : {}),
    };
    deliveries.push({ ...base, sortAt: Date.parse(base.deliveredAt), sortSeq: dseq++ });
    if (chance(rng, P.duplicateDelivery)) {
      const kind = chance(rng, 0.5) ? ("retry" as const) : ("redelivery" as const);
      const at = Date.parse(base.deliveredAt) + randInt(rng, 5, 90) * 60_000;
      if (at < end) {
        const { delayed: _delayed, ...copy } = base;
        deliveries.push({
          ...copy,
          webhookId: kind === "retry" ? base.webhookId : makeUuid(rng),
          deliveredAt: new Date(at).toISOString(),
          duplicate: kind,
          sortAt: at,
          sortSeq: dseq++,
        });
      }
    }
  }
  deliveries.sort((a, b) => a.sortAt - b.sortAt || a.sortSeq - b.sortSeq);
  const out: SimulatedDelivery[] = deliveries.map(({ sortAt: _a, sortSeq: _b, ...d }) => d);

  const countsByTopic: Partial<Record<WebhookTopic, number>> = {};
  for (const d of out) countsByTopic[d.topic] = (countsByTopic[d.topic] ?? 0) + 1;

  return { shop, customers: plans.map((p) => p.customer), orders: finalOrders, deliveries: out, countsByTopic };
}

/** Deliveries only (see simulateStore for the full model). */
export function simulateStoreHistory(options: SimulateOptions): SimulatedDelivery[] {
  return simulateStore(options).deliveries;
}
