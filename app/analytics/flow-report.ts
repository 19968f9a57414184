// Proof that a flow earns something: its mailed group against its holdout (the control group that
// was recorded but not mailed), from one row per recipient. Pure: the rows come from
// app/storage/flow-report.server.ts.
//
// Definitions (per flow and period):
// - A recipient is a run (program mails: a shopper) that reached at least one message: sent for
//   the mailed group, held_out (a would-be send) for the holdout.
// - sends: sent messages (holdout: would-be sends); clicks: tracked clicks (mailed only);
//   orders and revenue: the recovered orders attributed to the recipient (flow_conversion),
//   revenue in integer minor units of the shop currency.
// - RPR (revenue per recipient) = revenue / recipients, per group.
// - Incremental revenue = (RPR_mailed − RPR_holdout) × recipients_mailed
//                       = (R_m · n_h − R_h · n_m) / n_h,
//   computed exactly in integers (BigInt) and rounded once, half away from zero, to a minor unit.
// - 95 % confidence interval (normal approximation, unpooled — Welch — variances):
//   s²_g = (n_g · Σr² − (Σr)²) / (n_g · (n_g − 1))   the sample variance of per-recipient revenue
//   Var(incremental) = n_m² · (s²_m / n_m + s²_h / n_h) = n_m · s²_m + n_m² · s²_h / n_h
//   bounds = incremental ± z · √Var(incremental), z = 1.959963984540054 (the normal 97.5 % quantile),
//   each rounded half away from zero to a minor unit. The sums are exact integers; floating point
//   enters only at the square root. Null when either group has fewer than 2 recipients.
// - Conversion rate = recipients with at least one recovered order / recipients (null without
//   recipients); lift = mailed rate − holdout rate.

/** One recipient of a flow in the period. */
export type RecipientRow = {
  holdout: boolean;
  /** Sent messages (holdout: held-out, would-be sends). */
  sends: number;
  clicks: number;
  /** Recovered orders attributed to this recipient. */
  orders: number;
  /** Their revenue, integer minor units of the shop currency. */
  revenueMinor: number;
};

export type GroupReport = {
  recipients: number;
  sends: number;
  /** Null for the holdout, which gets no mail to click. */
  clicks: number | null;
  orders: number;
  /** Recipients with at least one recovered order. */
  convertedRecipients: number;
  /** convertedRecipients / recipients; null without recipients. */
  conversionRate: number | null;
  revenueMinor: number;
  /** revenue / recipients in minor units (not rounded); null without recipients. */
  revenuePerRecipientMinor: number | null;
};

export type FlowReport = {
  mailed: GroupReport;
  holdout: GroupReport;
  /** (RPR mailed − RPR holdout) × mailed recipients, rounded to a minor unit; null when a group has no recipients. */
  incrementalRevenueMinor: number | null;
  /** The 95 % interval of the incremental revenue; null when a group has fewer than 2 recipients. */
  confidenceInterval: { lowMinor: number; highMinor: number } | null;
  /** Mailed conversion rate − holdout conversion rate; null when a group has no recipients. */
  conversionLift: number | null;
};

/** The normal distribution's 97.5 % quantile: a two-sided 95 % interval. */
export const Z_95 = 1.959963984540054;

type Sums = { n: number; sends: number; clicks: number; orders: number; converted: number; revenue: bigint; squares: bigint };

function sums(rows: readonly RecipientRow[]): Sums {
  const s: Sums = { n: 0, sends: 0, clicks: 0, orders: 0, converted: 0, revenue: 0n, squares: 0n };
  for (const r of rows) {
    if (!Number.isSafeInteger(r.revenueMinor)) throw new RangeError(`revenue ${r.revenueMinor} is not an integer amount of minor units`);
    const revenue = BigInt(r.revenueMinor);
    s.n += 1;
    s.sends += r.sends;
    s.clicks += r.clicks;
    s.orders += r.orders;
    if (r.orders > 0) s.converted += 1;
    s.revenue += revenue;
    s.squares += revenue * revenue;
  }
  return s;
}

/** a / b rounded half away from zero (b > 0). */
export function roundDiv(a: bigint, b: bigint): bigint {
  if (b <= 0n) throw new RangeError("divisor must be positive");
  const negative = a < 0n;
  const abs = negative ? -a : a;
  const q = (abs * 2n + b) / (2n * b);
  return negative ? -q : q;
}

/** x rounded half away from zero. */
function roundHalfAway(x: number): number {
  const r = Math.sign(x) * Math.round(Math.abs(x));
  return r === 0 ? 0 : r;
}

function group(s: Sums, holdout: boolean): GroupReport {
  return {
    recipients: s.n,
    sends: s.sends,
    clicks: holdout ? null : s.clicks,
    orders: s.orders,
    convertedRecipients: s.converted,
    conversionRate: s.n > 0 ? s.converted / s.n : null,
    revenueMinor: Number(s.revenue),
    revenuePerRecipientMinor: s.n > 0 ? Number(s.revenue) / s.n : null,
  };
}

/** n · Σr² − (Σr)²: the sample variance's numerator over n · (n − 1), exact. */
const varianceNumerator = (s: Sums) => BigInt(s.n) * s.squares - s.revenue * s.revenue;

/** The mailed-vs-holdout report of one flow from its recipients. */
export function flowReport(rows: readonly RecipientRow[]): FlowReport {
  const m = sums(rows.filter((r) => !r.holdout));
  const h = sums(rows.filter((r) => r.holdout));
  const mailed = group(m, false);
  const holdout = group(h, true);
  if (m.n === 0 || h.n === 0) return { mailed, holdout, incrementalRevenueMinor: null, confidenceInterval: null, conversionLift: null };

  const nm = BigInt(m.n);
  const nh = BigInt(h.n);
  // (R_m · n_h − R_h · n_m) / n_h
  const incrementalNumerator = m.revenue * nh - h.revenue * nm;
  const incrementalRevenueMinor = Number(roundDiv(incrementalNumerator, nh));
  const conversionLift = mailed.conversionRate! - holdout.conversionRate!;

  let confidenceInterval: FlowReport["confidenceInterval"] = null;
  if (m.n >= 2 && h.n >= 2) {
    // n_m · s²_m + n_m² · s²_h / n_h, with s²_g = V_g / (n_g (n_g − 1)):
    //   = V_m / (n_m − 1) + n_m² · V_h / (n_h² (n_h − 1))
    const vm = varianceNumerator(m);
    const vh = varianceNumerator(h);
    const variance = Number(vm) / (m.n - 1) + (Number(nm * nm * vh) / Number(nh * nh)) / (h.n - 1);
    const halfWidth = Z_95 * Math.sqrt(variance);
    const exact = Number(incrementalNumerator) / h.n;
    confidenceInterval = { lowMinor: roundHalfAway(exact - halfWidth), highMinor: roundHalfAway(exact + halfWidth) };
  }
  return { mailed, holdout, incrementalRevenueMinor, confidenceInterval, conversionLift };
}
