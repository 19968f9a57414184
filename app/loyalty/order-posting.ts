// What Kanta knows of one order, how new facts merge into it, and which ledger entry (if any)
// brings the order's posted points to exactly what the order should have earned.
import { mergeRefunds, orderPointsTarget, type EarningRule } from "./earning";
import type { LineFacts, OrderFacts, RefundFacts } from "./order-facts";

export const BASE_MULTIPLIER_BPS = 10_000;

export type OrderRecordState = {
  orderGid: string;
  name: string | null;
  customerGid: string | null;
  customerEmail: string | null;
  currency: string | null;
  presentmentCurrency: string | null;
  presentmentTotalMinor: number | null;
  processedAt: string | null;
  orderUpdatedAt: string | null;
  sourceName: string | null;
  test: boolean;
  /** First known from the history import: earns only if the merchant chose to award history. */
  historic: boolean;
  paid: boolean;
  cancelled: boolean;
  deleted: boolean;
  taxesIncluded: boolean;
  totalPriceMinor: number | null;
  lines: LineFacts[] | null;
  refunds: RefundFacts[];
  discountCodes: string[];
  checkoutToken: string | null;
  /** Hash of the normalized shipping address (referral fraud checks); null when none is known. */
  addressHash?: string | null;
  /** Fixed the first time the order earns, so later tier changes never re-price it. */
  multiplierBps: number | null;
  netEligibleMinor: number;
  pointsPosted: number;
  entryCount: number;
  /** line gid → net eligible amount already accounted for by posted entries */
  postedLines: Record<string, number>;
};

export function emptyOrderRecord(orderGid: string): OrderRecordState {
  return {
    orderGid, name: null, customerGid: null, customerEmail: null, currency: null,
    presentmentCurrency: null, presentmentTotalMinor: null, processedAt: null, orderUpdatedAt: null,
    sourceName: null, test: false, historic: false, paid: false, cancelled: false, deleted: false, taxesIncluded: false,
    totalPriceMinor: null, lines: null, refunds: [], discountCodes: [], checkoutToken: null, addressHash: null,
    multiplierBps: null, netEligibleMinor: 0, pointsPosted: 0, entryCount: 0, postedLines: {},
  };
}

function isNewerOrSame(candidate: string | null, current: string | null): boolean {
  if (current === null) return true;
  if (candidate === null) return false;
  return Date.parse(candidate) >= Date.parse(current);
}

/**
 * Merges an order payload into the record. Deliveries arrive in any order: the newest payload
 * (by the order's updated_at) decides the lines and totals; being paid, being cancelled and
 * known refunds only ever accumulate.
 */
export function mergeOrderFacts(state: OrderRecordState | null, facts: OrderFacts): OrderRecordState {
  const base = state ?? emptyOrderRecord(facts.orderGid);
  const newest = base.lines === null || isNewerOrSame(facts.updatedAt, base.orderUpdatedAt);
  const merged: OrderRecordState = {
    ...base,
    paid: base.paid || facts.paid,
    cancelled: base.cancelled || facts.cancelledAt !== null,
    refunds: mergeRefunds(base.refunds, facts.refunds),
    customerGid: base.customerGid ?? facts.customerGid,
    customerEmail: base.customerEmail ?? facts.customerEmail,
  };
  if (!newest) return merged;
  return {
    ...merged,
    name: facts.name,
    customerGid: facts.customerGid ?? merged.customerGid,
    customerEmail: facts.customerEmail ?? merged.customerEmail,
    currency: facts.currency,
    presentmentCurrency: facts.presentmentCurrency,
    presentmentTotalMinor: facts.presentmentTotalMinor ?? null,
    processedAt: facts.processedAt,
    orderUpdatedAt: facts.updatedAt ?? merged.orderUpdatedAt,
    sourceName: facts.sourceName,
    test: facts.test,
    taxesIncluded: facts.taxesIncluded,
    totalPriceMinor: facts.totalPriceMinor,
    lines: facts.lines,
    discountCodes: facts.discountCodes,
    checkoutToken: facts.checkoutToken,
    addressHash: facts.addressHash ?? merged.addressHash ?? null,
  };
}

/**
 * Fixes each line's exclusion from earning the first time Kanta records that line: a line the
 * record already had keeps what it had (so later changes to the merchant's exclusions never
 * re-price an order already recorded, and refunds, edits and cancellations reverse exactly what
 * was posted); a line seen for the first time is excluded when its product is excluded now.
 * Only `excluded: true` is written onto a line.
 */
export function applyLineExclusions(
  before: OrderRecordState | null,
  merged: OrderRecordState,
  isExcluded: (productGid: string) => boolean,
): OrderRecordState {
  if (merged.lines === null) return merged;
  const known = new Map((before?.lines ?? []).map((l) => [l.lineGid, l.excluded === true]));
  let changed = false;
  const lines = merged.lines.map((line) => {
    const wasExcluded = known.get(line.lineGid);
    const excluded = wasExcluded ?? (line.productGid != null && isExcluded(line.productGid));
    if (excluded === (line.excluded === true)) return line;
    changed = true;
    if (excluded) return { ...line, excluded: true };
    const { excluded: _dropped, ...rest } = line;
    return rest;
  });
  return changed ? { ...merged, lines } : merged;
}

/** Product ids of the lines applyLineExclusions would look up (lines not recorded before). */
export function newLineProductGids(before: OrderRecordState | null, merged: OrderRecordState): string[] {
  const known = new Set((before?.lines ?? []).map((l) => l.lineGid));
  const gids = new Set<string>();
  for (const line of merged.lines ?? []) {
    if (!known.has(line.lineGid) && line.productGid) gids.add(line.productGid);
  }
  return [...gids].sort();
}

export function mergeRefund(state: OrderRecordState | null, refund: RefundFacts): OrderRecordState {
  const base = state ?? emptyOrderRecord(refund.orderGid);
  return { ...base, refunds: mergeRefunds(base.refunds, [refund]) };
}

export function markOrderDeleted(state: OrderRecordState | null, orderGid: string): OrderRecordState {
  return { ...(state ?? emptyOrderRecord(orderGid)), deleted: true };
}

export type OrderEntrySource = "order" | "refund" | "cancellation" | "adjustment";

export type OrderEntryIntent = {
  idempotencyKey: string;
  points: number;
  source: OrderEntrySource;
  refundGid: string | null;
  reason: string;
  /** change of each line's net eligible amount that this entry accounts for */
  lines: { lineGid: string; eligibleMinor: number }[];
};

export type PostingCause =
  | { kind: "order" }
  | { kind: "refund"; refundGid: string }
  | { kind: "cancellation" }
  | { kind: "deletion" };

/**
 * Brings posted points to the target: returns the updated record and the entry to append,
 * or null when the ledger already reflects the order exactly (replays land here).
 * `currentMultiplierBps` is the shopper's tier multiplier now; it is used only the first time
 * the order earns and is then kept on the record.
 */
export function planOrderPosting(
  state: OrderRecordState,
  rule: EarningRule,
  cause: PostingCause,
  currentMultiplierBps: number = BASE_MULTIPLIER_BPS,
  options: { awardHistoricPoints?: boolean } = {},
): { state: OrderRecordState; entry: OrderEntryIntent | null } {
  if (state.currency === null) {
    // Only a refund is known so far: hold it until the order arrives.
    return { state, entry: null };
  }
  const multiplierBps = state.multiplierBps ?? currentMultiplierBps;
  const target = orderPointsTarget(
    {
      currency: state.currency,
      lines: state.lines,
      refunds: state.refunds,
      totalPriceMinor: state.totalPriceMinor,
      // Historic orders count for tiers (net eligible is kept) but earn only if the merchant chose so.
      paid: state.paid && (!state.historic || options.awardHistoricPoints === true),
      cancelled: state.cancelled,
      deleted: state.deleted,
      test: state.test,
      multiplierBps,
      taxesIncluded: state.taxesIncluded,
      presentmentCurrency: state.presentmentCurrency,
      presentmentTotalMinor: state.presentmentTotalMinor,
    },
    rule,
  );
  const netLines: Record<string, number> = {};
  for (const l of target.lines) netLines[l.lineGid] = l.netMinor;
  const earnsNow = target.points > 0 && state.multiplierBps === null;
  const next: OrderRecordState = {
    ...state,
    multiplierBps: earnsNow ? multiplierBps : state.multiplierBps,
    netEligibleMinor: target.netEligibleMinor,
  };
  const delta = target.points - state.pointsPosted;
  if (delta === 0) return { state: next, entry: null };

  const lineGids = new Set([...Object.keys(state.postedLines), ...Object.keys(netLines)]);
  const lines: OrderEntryIntent["lines"] = [];
  for (const gid of [...lineGids].sort()) {
    const change = (netLines[gid] ?? 0) - (state.postedLines[gid] ?? 0);
    if (change !== 0) lines.push({ lineGid: gid, eligibleMinor: change });
  }
  let source: OrderEntrySource;
  let reason: string;
  if (state.deleted) {
    source = "cancellation";
    reason = "order deleted";
  } else if (state.cancelled) {
    source = "cancellation";
    reason = "order cancelled";
  } else if (cause.kind === "refund" || (delta < 0 && state.refunds.length > 0)) {
    source = "refund";
    reason = "order refunded";
  } else if (state.entryCount === 0 && delta > 0) {
    source = "order";
    reason = "order paid";
  } else {
    source = "adjustment";
    reason = delta > 0 ? "order changed: more eligible spend" : "order changed: less eligible spend";
  }
  const entryNumber = state.entryCount + 1;
  return {
    state: {
      ...next,
      pointsPosted: target.points,
      entryCount: entryNumber,
      postedLines: Object.fromEntries(Object.entries(netLines).filter(([, v]) => v !== 0)),
    },
    entry: {
      idempotencyKey: `order:${state.orderGid}:${entryNumber}`,
      points: delta,
      source,
      refundGid:
        cause.kind === "refund"
          ? cause.refundGid
          : source === "refund"
            ? state.refunds[state.refunds.length - 1].refundGid
            : null,
      reason,
      lines,
    },
  };
}
