// The holdout: a random but stable control group per shop and flow. A shopper's place is decided
// by a hash of (shop, flow, shopper), so it never changes between runs or processes, and a
// shop's holdout share can be raised or lowered without reshuffling everyone.
import type { FlowKind } from "./config";

/** FNV-1a, 32 bits: small, fast, good enough to spread shopper keys evenly. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** The shopper's bucket, 0–99. */
export function holdoutBucket(shop: string, kind: FlowKind, shopperKey: string): number {
  // A final avalanche step so consecutive customer ids spread over all buckets.
  let h = fnv1a(`${shop}\u0000${kind}\u0000${shopperKey}`);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  return (h >>> 0) % 100;
}

/** Whether the shopper is in the control group of a flow with `pct` % held out. */
export function inHoldout(shop: string, kind: FlowKind, shopperKey: string, pct: number): boolean {
  return pct > 0 && holdoutBucket(shop, kind, shopperKey) < pct;
}

/** The key a run is kept under: the customer when known (all devices and emails), else the email. */
export function shopperKey(customerGid: string | null | undefined, email: string | null | undefined): string | null {
  if (customerGid) return customerGid;
  const e = email?.trim().toLowerCase();
  return e ? `email:${e}` : null;
}
