/**
 * Points an order should have earned, from what is known about it.
 *
 * All money/points math is integer: BigInt for intermediate products, exact
 * rationals for refund ratios, floor rounding at the very end.
 */
import { currencyExponent } from "./money";
import type { LineFacts, RefundFacts } from "./order-facts";

/** `points` points per `perMajorUnits` whole units of the shop currency. */
export type EarningRule = { points: number; perMajorUnits: number; earnOnTestOrders: boolean };

export const DEFAULT_EARNING_RULE: EarningRule = { points: 1, perMajorUnits: 1, earnOnTestOrders: false };

export type OrderPointsState = {
  currency: string;
  /** null = the order itself has not been seen yet (e.g. a refund arrived first) */
  lines: LineFacts[] | null;
  /** all refunds known for the order, deduplicated by refundGid */
  refunds: RefundFacts[];
  totalPriceMinor: number | null;
  /** sticky: once seen paid stays paid */
  paid: boolean;
  cancelled: boolean;
  deleted: boolean;
  test: boolean;
  /** tier multiplier in basis points, 10000 = 1×, 12500 = 1.25× */
  multiplierBps: number;
  /** order.taxes_included; refund subtotals then include tax, which is removed. Default false. */
  taxesIncluded?: boolean;
  /** presentment currency/total, used to resolve deferred amount-only refunds made in presentment currency */
  presentmentCurrency?: string | null;
  presentmentTotalMinor?: number | null;
};

export type OrderPointsTarget = {
  points: number;
  netEligibleMinor: number;
  /**
   * Per line: eligibleMinor − refundedMinor = netMinor (refundedMinor is
   * capped at eligibleMinor). Amount-only refunds are NOT reflected per line;
   * they only reduce netEligibleMinor.
   */
  lines: { lineGid: string; eligibleMinor: number; refundedMinor: number; netMinor: number }[];
};

function assertInteger(value: number, name: string, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`${name} must be a safe integer >= ${min}, got ${String(value)}`);
  }
}

function toSafe(value: bigint, name: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`${name} (${value.toString()}) exceeds Number.MAX_SAFE_INTEGER`);
  }
  return Number(value);
}

const max0 = (v: bigint): bigint => (v < 0n ? 0n : v);

/**
 * The ratio (refunded / order total) of an amount-only refund, or null when it
 * does not apply or cannot be resolved. A deferred ratio (denominator 0) is
 * resolved against the order total in the refund's currency when the state
 * knows it; otherwise the refund is ignored until it can be resolved.
 */
function amountOnlyRatio(refund: RefundFacts, state: OrderPointsState): { num: bigint; den: bigint } | null {
  const a = refund.amountOnly;
  if (!a || !Number.isSafeInteger(a.numerator) || a.numerator <= 0) return null;
  let den = a.denominator;
  if (!(Number.isSafeInteger(den) && den > 0)) {
    den = 0;
    const currency = a.currency ?? null;
    if (currency !== null && currency === state.currency && state.totalPriceMinor !== null) {
      den = state.totalPriceMinor;
    } else if (
      currency !== null &&
      state.presentmentCurrency != null &&
      currency === state.presentmentCurrency &&
      state.presentmentTotalMinor != null
    ) {
      den = state.presentmentTotalMinor;
    }
    if (!(Number.isSafeInteger(den) && den > 0)) return null;
  }
  const num = BigInt(a.numerator) > BigInt(den) ? BigInt(den) : BigInt(a.numerator);
  return { num, den: BigInt(den) };
}

/**
 * Target points for an order.
 *
 * - Per line: net = eligibleMinor − Σ refund lines' (subtotal − tax if taxesIncluded),
 *   never below 0. Gift-card, tip and excluded lines, and refund lines for unknown lines, are ignored.
 * - Amount-only refunds: each ratio is a fraction of the ORIGINAL order total,
 *   so the fractions are summed (F = Σ nᵢ/dᵢ, exact) and F × (total eligible
 *   before refunds) is subtracted from the line-level net:
 *   net = floor(lineNet − eligible × F), never below 0. With a single
 *   amount-only refund and no line refunds this equals net × (1 − n/d).
 * - Shipping refunds never reduce anything.
 * - points = floor(net × rule.points × multiplierBps / (perMajorUnits × 10^exp × 10000)),
 *   and 0 when the order is unknown (lines null), unpaid, cancelled, deleted,
 *   or a test order while the rule does not earn on test orders.
 */
export function orderPointsTarget(state: OrderPointsState, rule: EarningRule): OrderPointsTarget {
  assertInteger(rule.points, "rule.points", 0);
  assertInteger(rule.perMajorUnits, "rule.perMajorUnits", 1);
  assertInteger(state.multiplierBps, "multiplierBps", 0);
  const exponent = currencyExponent(state.currency);

  if (state.lines === null) return { points: 0, netEligibleMinor: 0, lines: [] };

  const taxesIncluded = state.taxesIncluded === true;
  const refunds = mergeRefunds(state.refunds, []);

  const refundedByLine = new Map<string, bigint>();
  for (const refund of refunds) {
    for (const line of refund.lines) {
      const amount = max0(BigInt(line.subtotalMinor) - (taxesIncluded ? BigInt(line.taxMinor) : 0n));
      refundedByLine.set(line.lineGid, (refundedByLine.get(line.lineGid) ?? 0n) + amount);
    }
  }

  let eligibleTotal = 0n;
  let lineNetTotal = 0n;
  const lines = state.lines.map((line) => {
    // Gift cards and tips never earn; neither does a line whose product was excluded when recorded.
    const excluded = line.giftCard || line.tip === true || line.excluded === true;
    const eligible = excluded ? 0n : max0(BigInt(line.eligibleMinor));
    const refundedRaw = excluded ? 0n : (refundedByLine.get(line.lineGid) ?? 0n);
    const refunded = refundedRaw > eligible ? eligible : refundedRaw;
    const net = eligible - refunded;
    eligibleTotal += eligible;
    lineNetTotal += net;
    return {
      lineGid: line.lineGid,
      eligibleMinor: Number(eligible),
      refundedMinor: Number(refunded),
      netMinor: Number(net),
    };
  });

  // Sum of amount-only refund fractions, as an exact rational num/den.
  let fracNum = 0n;
  let fracDen = 1n;
  for (const refund of refunds) {
    const ratio = amountOnlyRatio(refund, state);
    if (!ratio) continue;
    fracNum = fracNum * ratio.den + ratio.num * fracDen;
    fracDen = fracDen * ratio.den;
  }

  let net = lineNetTotal;
  if (fracNum > 0n) {
    net = fracNum >= fracDen ? 0n : max0(lineNetTotal * fracDen - eligibleTotal * fracNum) / fracDen;
  }
  const netEligibleMinor = toSafe(net, "netEligibleMinor");

  const earns =
    state.paid && !state.cancelled && !state.deleted && (!state.test || rule.earnOnTestOrders);
  let points = 0;
  if (earns) {
    const numerator = net * BigInt(rule.points) * BigInt(state.multiplierBps);
    const denominator = BigInt(rule.perMajorUnits) * 10n ** BigInt(exponent) * 10000n;
    points = toSafe(numerator / denominator, "points");
  }
  return { points, netEligibleMinor, lines };
}

/** Points to post so that the ledger for the order reaches `target`. */
export function pointsDelta(target: number, alreadyPosted: number): number {
  assertInteger(target, "target", Number.MIN_SAFE_INTEGER);
  assertInteger(alreadyPosted, "alreadyPosted", Number.MIN_SAFE_INTEGER);
  return toSafe(BigInt(target) - BigInt(alreadyPosted), "points delta");
}

function compareCreatedAt(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1; // unknown dates last
  if (b === null) return -1;
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  if (Number.isFinite(ta) && Number.isFinite(tb) && ta !== tb) return ta < tb ? -1 : 1;
  if (Number.isFinite(ta) && Number.isFinite(tb)) return 0;
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareGid(a: string, b: string): number {
  const ma = /^(.*?)(\d+)$/.exec(a);
  const mb = /^(.*?)(\d+)$/.exec(b);
  if (ma && mb && ma[1] === mb[1]) {
    const na = BigInt(ma[2] as string);
    const nb = BigInt(mb[2] as string);
    if (na !== nb) return na < nb ? -1 : 1;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

function isResolved(r: RefundFacts): boolean {
  return r.amountOnly !== null && r.amountOnly.denominator > 0;
}

/**
 * Union of two refund lists by refundGid, sorted by createdAt (unknown last)
 * then by gid (numerically when the gids differ only by their numeric id).
 * On a duplicate the later occurrence (b over a) wins, except that a resolved
 * amount-only ratio (denominator > 0) is kept over an unresolved one.
 */
export function mergeRefunds(a: RefundFacts[], b: RefundFacts[]): RefundFacts[] {
  const byGid = new Map<string, RefundFacts>();
  for (const refund of [...a, ...b]) {
    const previous = byGid.get(refund.refundGid);
    if (previous && isResolved(previous) && refund.amountOnly !== null && !isResolved(refund)) {
      byGid.set(refund.refundGid, { ...refund, amountOnly: previous.amountOnly });
    } else {
      byGid.set(refund.refundGid, refund);
    }
  }
  return [...byGid.values()].sort(
    (x, y) => compareCreatedAt(x.createdAt, y.createdAt) || compareGid(x.refundGid, y.refundGid),
  );
}
