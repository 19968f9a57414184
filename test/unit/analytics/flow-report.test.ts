import { describe, expect, it } from "vitest";
import { flowReport, roundDiv, Z_95, type RecipientRow } from "../../../app/analytics/flow-report";

const mailed = (revenueMinor: number, orders = revenueMinor > 0 ? 1 : 0, sends = 1, clicks = 0): RecipientRow =>
  ({ holdout: false, sends, clicks, orders, revenueMinor });
const held = (revenueMinor: number, orders = revenueMinor > 0 ? 1 : 0, sends = 1): RecipientRow =>
  ({ holdout: true, sends, clicks: 0, orders, revenueMinor });

describe("flowReport", () => {
  it("10 mailed recipients with 3 recovered orders against 4 held out with 1: exact figures, worked by hand", () => {
    const rows: RecipientRow[] = [
      mailed(5000, 1, 3, 2), mailed(3000, 1, 2, 1), mailed(2000, 1, 1, 1),
      mailed(0, 0, 3, 1), mailed(0, 0, 3), mailed(0, 0, 3), mailed(0, 0, 2), mailed(0, 0, 1), mailed(0, 0, 1), mailed(0, 0, 1),
      held(2000, 1, 2), held(0, 0, 3), held(0, 0, 3), held(0, 0, 1),
    ];
    const report = flowReport(rows);
    expect(report.mailed).toEqual({
      recipients: 10, sends: 20, clicks: 5, orders: 3, convertedRecipients: 3, conversionRate: 0.3, revenueMinor: 10_000, revenuePerRecipientMinor: 1000,
    });
    expect(report.holdout).toEqual({
      recipients: 4, sends: 9, clicks: null, orders: 1, convertedRecipients: 1, conversionRate: 0.25, revenueMinor: 2000, revenuePerRecipientMinor: 500,
    });
    // (1000 − 500) × 10
    expect(report.incrementalRevenueMinor).toBe(5000);
    expect(report.conversionLift).toBeCloseTo(0.05, 12);
    // s²_m = (10 · 38,000,000 − 10,000²) / (10 · 9) = 280,000,000 / 90
    // s²_h = (4 · 4,000,000 − 2,000²) / (4 · 3)   = 1,000,000
    // Var  = 10 · s²_m + 10² · s²_h / 4 = 31,111,111.1… + 25,000,000 = 56,111,111.1…
    // √Var = 7490.735018…, × 1.959963984540054 = 14,681.570853…
    const halfWidth = Z_95 * Math.sqrt(280_000_000 / 9 + 25_000_000);
    expect(halfWidth).toBeCloseTo(14_681.570853, 5);
    expect(report.confidenceInterval).toEqual({ lowMinor: -9682, highMinor: 19_682 });
  });

  it("revenue per recipient is the exact quotient; the incremental revenue is rounded once, half away from zero", () => {
    // Mailed: 3 recipients, 1000 → RPR 333.33…; holdout: 2 recipients, 100 → RPR 50.
    // (1000 · 2 − 100 · 3) / 2 = 850 exactly.
    const a = flowReport([mailed(1000), mailed(0), mailed(0), held(100), held(0)]);
    expect(a.mailed.revenuePerRecipientMinor).toBe(1000 / 3);
    expect(a.incrementalRevenueMinor).toBe(850);
    // Mailed 1 over 3 recipients, holdout 1 over 2: (1 · 2 − 1 · 3) / 2 = −0.5 → −1 (away from zero).
    expect(flowReport([mailed(1), mailed(0), mailed(0), held(1), held(0)]).incrementalRevenueMinor).toBe(-1);
    // (5 · 2 − 0 · 3) / 2 = 5; and the rounding itself: 2.5 → 3, −2.5 → −3, 1.33… → 1.
    expect(flowReport([mailed(5), mailed(0), mailed(0), held(0), held(0)]).incrementalRevenueMinor).toBe(5);
    expect(roundDiv(5n, 2n)).toBe(3n);
    expect(roundDiv(-5n, 2n)).toBe(-3n);
    expect(roundDiv(4n, 3n)).toBe(1n);
    expect(roundDiv(0n, 7n)).toBe(0n);
  });

  it("large amounts stay exact (sums of squares past 2^53)", () => {
    // 1,000 mailed recipients of 90,000,000 minor units each: Σr² = 8.1e18 > 2^53; the variance is 0.
    const rows = [...Array.from({ length: 1000 }, () => mailed(90_000_000)), held(90_000_000), held(90_000_000)];
    const report = flowReport(rows);
    expect(report.mailed.revenueMinor).toBe(90_000_000_000);
    expect(report.incrementalRevenueMinor).toBe(0);
    expect(report.confidenceInterval).toEqual({ lowMinor: 0, highMinor: 0 });
  });

  it("an empty holdout: no comparison, no interval; one held-out recipient: a difference but no interval", () => {
    const onlyMailed = flowReport([mailed(2500), mailed(0)]);
    expect(onlyMailed.mailed).toMatchObject({ recipients: 2, revenueMinor: 2500, revenuePerRecipientMinor: 1250, conversionRate: 0.5 });
    expect(onlyMailed.holdout).toEqual({
      recipients: 0, sends: 0, clicks: null, orders: 0, convertedRecipients: 0, conversionRate: null, revenueMinor: 0, revenuePerRecipientMinor: null,
    });
    expect(onlyMailed.incrementalRevenueMinor).toBeNull();
    expect(onlyMailed.confidenceInterval).toBeNull();
    expect(onlyMailed.conversionLift).toBeNull();

    const oneHeld = flowReport([mailed(2500), mailed(0), held(1000)]);
    expect(oneHeld.incrementalRevenueMinor).toBe(2500 - 1000 * 2);
    expect(oneHeld.confidenceInterval).toBeNull();
    expect(oneHeld.conversionLift).toBe(-0.5);
  });

  it("nothing at all", () => {
    const report = flowReport([]);
    expect(report.mailed.recipients).toBe(0);
    expect(report.mailed.clicks).toBe(0);
    expect(report.incrementalRevenueMinor).toBeNull();
    expect(report.confidenceInterval).toBeNull();
  });

  it("refuses revenue that is not whole minor units", () => {
    expect(() => flowReport([mailed(10.5)])).toThrow(RangeError);
  });
});
