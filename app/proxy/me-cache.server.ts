// A short per-shopper cache of /proxy/me answers in this process: keyed by (shop, customer or
// "anonymous", locale), kept PROXY_ME_CACHE_SECONDS (0 = off), cleared at once by the shopper's
// own writes through the App Proxy (redeem, birthday, referral, custom actions), and for a whole
// shop by the merchant's program changes made in this process.
//
// A read that began before a write of the same shopper finished is not stored (each read takes a
// ticket; a write clears the shopper's entries and remembers its own, later ticket), so no stale
// answer outlives the write. Other changes (orders, the merchant's edits) show once an entry
// expires. Each app process has its own cache; browsers never cache (private, no-store).
import { env } from "../env.server";
import { STOREFRONT_LOCALES, type StorefrontLocale } from "./messages";

export type MeCacheOptions = { ttlMs: number; maxEntries?: number; invalidationMemoryMs?: number };

type Entry = { body: string; expires: number };

export class MeCache {
  readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly invalidationMemoryMs: number;
  /** In insertion order, which is expiry order (one TTL for all). */
  private readonly entries = new Map<string, Entry>();
  /** shopper → the ticket of their latest write, and when (ms); in order of time. */
  private readonly writes = new Map<string, { ticket: number; at: number }>();
  private tickets = 0;

  constructor(opts: MeCacheOptions) {
    this.ttlMs = opts.ttlMs;
    this.maxEntries = opts.maxEntries ?? 10_000;
    this.invalidationMemoryMs = opts.invalidationMemoryMs ?? 60_000;
  }

  get enabled(): boolean {
    return this.ttlMs > 0;
  }

  static shopper(shop: string, customerGid: string | null): string {
    return `${shop} ${customerGid ?? "anonymous"}`;
  }

  static key(shop: string, customerGid: string | null, locale: StorefrontLocale): string {
    return `${MeCache.shopper(shop, customerGid)} ${locale}`;
  }

  /** The cached answer body, if still fresh. */
  get(key: string, now: number = Date.now()): string | null {
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (entry.expires > now) return entry.body;
    this.entries.delete(key);
    return null;
  }

  /** A ticket to take before reading the database for an answer that will be stored. */
  ticket(): number {
    return ++this.tickets;
  }

  /** Stores an answer read under `ticket`, unless the shopper wrote since the ticket was taken. */
  set(key: string, shopper: string, ticket: number, body: string, now: number = Date.now()): boolean {
    if (!this.enabled) return false;
    const shop = shopper.slice(0, shopper.indexOf(" "));
    for (const who of [shopper, shop]) {
      const wrote = this.writes.get(who);
      if (wrote && wrote.ticket > ticket) return false;
    }
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.prune(now);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { body, expires: now + this.ttlMs });
    return true;
  }

  /** The shopper wrote: their cached answers (every locale) are gone, and reads begun earlier are not stored. */
  invalidate(shop: string, customerGid: string | null, now: number = Date.now()): void {
    const shopper = MeCache.shopper(shop, customerGid);
    for (const locale of STOREFRONT_LOCALES) this.entries.delete(`${shopper} ${locale}`);
    this.writes.delete(shopper);
    this.writes.set(shopper, { ticket: ++this.tickets, at: now });
    this.pruneWrites(now);
  }

  /** The merchant changed the program (earning, rewards, tiers, ways to earn): every answer of the shop goes. */
  invalidateShop(shop: string, now: number = Date.now()): void {
    const prefix = `${shop} `;
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
    this.writes.delete(shop);
    this.writes.set(shop, { ticket: ++this.tickets, at: now });
    this.pruneWrites(now);
  }

  /** Drops expired entries (at the front of the map). */
  prune(now: number = Date.now()): void {
    for (const [key, entry] of this.entries) {
      if (entry.expires > now) break;
      this.entries.delete(key);
    }
    this.pruneWrites(now);
  }

  private pruneWrites(now: number): void {
    for (const [shopper, wrote] of this.writes) {
      if (wrote.at > now - this.invalidationMemoryMs) break;
      this.writes.delete(shopper);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

// One cache per process: the HTTP server's bundle (which answers GET /proxy/me) and the Remix
// build (whose routes write) each have their own copy of this module.
const CACHE = Symbol.for("kanta.proxy.meCache");

export function meCache(): MeCache {
  const g = globalThis as { [CACHE]?: MeCache };
  g[CACHE] ??= new MeCache({ ttlMs: env().PROXY_ME_CACHE_SECONDS * 1000 });
  return g[CACHE];
}
