// Per-shopper rate limit of the App Proxy API: at most N requests in any 60 seconds (sliding
// window) per (shop, logged-in customer), or per (shop, client IP) for a logged-out shopper.
//
// The counts live in this process's memory: each app process counts on its own, so with several
// processes behind a load balancer a shopper may make up to N × processes requests a minute.
// Memory is bounded: a key idle for a whole window is dropped, and at most `maxKeys` keys are
// kept (the least recently admitted key is forgotten first, which only ever lets a request in).
import { env } from "../env.server";
import type { VerifiedProxyRequest } from "./app-proxy.server";

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

export type SlidingWindowOptions = { limit: number; windowMs?: number; maxKeys?: number; sweepEveryMs?: number };

export class SlidingWindowLimiter {
  readonly limit: number;
  readonly windowMs: number;
  private readonly maxKeys: number;
  private readonly sweepEveryMs: number;
  /** Admission times per key, oldest first; the map is in order of each key's latest admission. */
  private readonly hits = new Map<string, number[]>();
  private lastSweep = 0;

  constructor(opts: SlidingWindowOptions) {
    this.limit = opts.limit;
    this.windowMs = opts.windowMs ?? 60_000;
    this.maxKeys = opts.maxKeys ?? 50_000;
    this.sweepEveryMs = opts.sweepEveryMs ?? 10_000;
  }

  /** Counts a request for `key` at `now` (ms), or says in whole seconds when the next one fits. */
  hit(key: string, now: number = Date.now()): RateDecision {
    if (now - this.lastSweep >= this.sweepEveryMs) this.sweep(now);
    const since = now - this.windowMs;
    let times = this.hits.get(key);
    if (times) {
      let expired = 0;
      while (expired < times.length && times[expired]! <= since) expired++;
      if (expired) times.splice(0, expired);
      if (times.length >= this.limit) {
        // The oldest admission in the window leaves it at times[0] + window.
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((times[0]! + this.windowMs - now) / 1000)) };
      }
      this.hits.delete(key);
    } else {
      if (this.hits.size >= this.maxKeys) this.sweep(now);
      if (this.hits.size >= this.maxKeys) this.hits.delete(this.hits.keys().next().value!);
      times = [];
    }
    times.push(now);
    this.hits.set(key, times);
    return { ok: true };
  }

  /** Drops keys without an admission in the last window (they are at the front of the map). */
  sweep(now: number = Date.now()): void {
    this.lastSweep = now;
    const since = now - this.windowMs;
    for (const [key, times] of this.hits) {
      if (times.length && times[times.length - 1]! > since) break;
      this.hits.delete(key);
    }
  }

  get size(): number {
    return this.hits.size;
  }
}

/** The shopper's address: the first entry of X-Forwarded-For (Shopify's App Proxy puts the client there). */
export function clientAddress(request: Request): string {
  const first = request.headers.get("X-Forwarded-For")?.split(",")[0]?.trim();
  return first ? first.slice(0, 64) : "unknown";
}

/** Whom a request counts against: the logged-in customer, else the client's address; always within its shop. */
export function rateLimitKey(proxy: Pick<VerifiedProxyRequest, "shop" | "customerGid">, request: Request): string {
  return proxy.customerGid ? `${proxy.shop} ${proxy.customerGid}` : `${proxy.shop} ip:${clientAddress(request)}`;
}

// One limiter per process, shared by the HTTP server's bundle and the Remix build (each has its
// own copy of this module).
const LIMITER = Symbol.for("kanta.proxy.rateLimiter");

/** Counts one App Proxy request of this shopper against PROXY_RATE_LIMIT_PER_MINUTE. */
export function checkProxyRateLimit(proxy: Pick<VerifiedProxyRequest, "shop" | "customerGid">, request: Request): RateDecision {
  const g = globalThis as { [LIMITER]?: SlidingWindowLimiter };
  g[LIMITER] ??= new SlidingWindowLimiter({ limit: env().PROXY_RATE_LIMIT_PER_MINUTE });
  return g[LIMITER].hit(rateLimitKey(proxy, request));
}
