// The shopper's recent points history for the storefront: what each ledger entry was, in words.
// Pure: no IO (member-summary.server.ts reads the entries).
import { historyLabel, type HistoryKind, type StorefrontLocale } from "./messages";
import type { HistoryEntry } from "./schema";

/** How many entries /proxy/me lists, newest first. */
export const HISTORY_LIMIT = 10;

export type LedgerEntryFacts = {
  id: number;
  points: number;
  source: string;
  idempotencyKey: string;
  orderGid: string | null;
  /** The order's name as Shopify shows it ("#1001"), when Kanta knows the order. */
  orderName: string | null;
  createdAt: string;
};

/** What an entry was, from its source and the namespace of its idempotency key. */
export function historyKind(e: Pick<LedgerEntryFacts, "points" | "source" | "idempotencyKey" | "orderGid">): HistoryKind {
  const prefix = e.idempotencyKey.slice(0, e.idempotencyKey.indexOf(":") + 1);
  switch (e.source) {
    case "order":
    case "order_line":
      return "order";
    case "refund":
      return "refund";
    case "cancellation":
      return "cancellation";
    case "adjustment":
      // Order edits post adjustments under the order's own keys; staff adjustments have theirs.
      return prefix === "order:" ? "order_changed" : "adjustment";
    case "bonus": {
      const kinds: Record<string, HistoryKind> = {
        "welcome:": "welcome", "birthday:": "birthday", "referral:": "referral", "review:": "review", "custom:": "action", "tier-entry:": "tier_reward",
      };
      return kinds[prefix] ?? "bonus";
    }
    case "redemption":
      // A hold spends points; a released hold or a returned expired code gives them back.
      return e.points < 0 ? "redemption" : "redemption_returned";
    case "expiry":
      return "expiry";
    case "merge":
      return "merge";
    default:
      return "adjustment";
  }
}

/** The id in a `custom:<action id>:…` or `tier-entry:<tier id>:…` key. */
function keyedId(key: string): number | null {
  const id = Number(key.split(":")[1]);
  return Number.isInteger(id) && id > 0 ? id : null;
}

/**
 * One history line: date (ISO-8601), points (signed), kind and a label in the storefront's
 * language. `names` gives the merchant's names of custom actions and tiers by id.
 */
export function historyEntry(
  e: LedgerEntryFacts,
  locale: StorefrontLocale,
  names: { actions: ReadonlyMap<number, string>; tiers: ReadonlyMap<number, string> },
): HistoryEntry {
  const kind = historyKind(e);
  const id = kind === "action" || kind === "tier_reward" ? keyedId(e.idempotencyKey) : null;
  const name = id === null ? null : ((kind === "action" ? names.actions : names.tiers).get(id) ?? null);
  return {
    id: String(e.id),
    date: e.createdAt,
    points: e.points,
    kind,
    label: historyLabel(kind, locale, { order: e.orderName, name }),
  };
}
