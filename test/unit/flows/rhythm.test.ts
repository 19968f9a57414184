import { describe, expect, it } from "vitest";
import { WinBackSettingsSchema } from "../../../app/flows/config";
import {
  cadenceDays, calendarDay, lapseDueAt, needsShopCadence, purchaseRhythm, shopCadence, shopCadenceFromCounts, whyDue, winBackDedupeKey,
} from "../../../app/flows/rhythm";

const DEFAULTS = WinBackSettingsSchema.parse({});
const iso = (d: Date | null) => (d === null ? null : d.toISOString());

describe("cadenceDays: the median gap between purchase occasions", () => {
  it("orders every 30 days", () => {
    expect(cadenceDays(["2026-01-01T10:00:00Z", "2026-01-31T09:00:00Z", "2026-03-02T18:00:00Z", "2026-04-01T08:00:00Z"])).toBe(30);
  });

  it("is null below two occasions", () => {
    expect(cadenceDays([])).toBeNull();
    expect(cadenceDays(["2026-01-01T10:00:00Z"])).toBeNull();
    // Two orders on one day are one occasion.
    expect(cadenceDays(["2026-01-01T08:00:00Z", "2026-01-01T21:00:00Z"])).toBeNull();
  });

  it("counts orders on the same calendar day once", () => {
    // Occasions 1 Jan, 11 Jan, 31 Jan: gaps 10 and 20; without merging the extra order on 11 Jan
    // would add a 0-day gap and make the median 10.
    expect(cadenceDays(["2026-01-01T10:00:00Z", "2026-01-11T09:00:00Z", "2026-01-11T19:00:00Z", "2026-01-31T10:00:00Z"])).toBe(15);
  });

  it("takes the order dates in any order and the median, not the mean", () => {
    // Gaps 7, 7, 7, 100, 16 (one long pause; the mean would be 27.4): the median stays 7.
    expect(cadenceDays(["2026-05-18T10:00:00Z", "2026-01-01T10:00:00Z", "2026-01-08T10:00:00Z", "2026-01-15T10:00:00Z", "2026-01-22T10:00:00Z", "2026-05-02T10:00:00Z"])).toBe(7);
    // Gaps 7, 7, 100: 7.
    expect(cadenceDays(["2026-01-01T10:00:00Z", "2026-01-08T10:00:00Z", "2026-01-15T10:00:00Z", "2026-04-25T10:00:00Z"])).toBe(7);
  });

  it("rounds an even median half up", () => {
    // Gaps 30 and 31: 30.5 → 31.
    expect(cadenceDays(["2026-01-01T10:00:00Z", "2026-01-31T10:00:00Z", "2026-03-03T10:00:00Z"])).toBe(31);
    // Gaps 10 and 13: 11.5 → 12.
    expect(cadenceDays(["2026-01-01T10:00:00Z", "2026-01-11T10:00:00Z", "2026-01-24T10:00:00Z"])).toBe(12);
  });

  it("counts calendar days in the shop's time zone", () => {
    // 23:30 in New York on 1 March is already 2 March in UTC; the next order is 2 March in New York.
    const dates = ["2026-03-01T23:30:00-05:00", "2026-03-02T08:00:00-05:00", "2026-03-12T08:00:00-05:00"];
    expect(cadenceDays(dates, "UTC")).toBe(10); // 2 Mar, 2 Mar, 12 Mar: one gap of 10
    expect(cadenceDays(dates, "America/New_York")).toBe(6); // 1 Mar, 2 Mar, 12 Mar: gaps 1 and 10 → 5.5 → 6
    expect(calendarDay("2026-03-01T23:30:00-05:00", "America/New_York")).toBe(Date.UTC(2026, 2, 1) / 86_400_000);
    expect(calendarDay("2026-03-01T23:30:00-05:00", "UTC")).toBe(Date.UTC(2026, 2, 2) / 86_400_000);
    // Across the spring DST change in New York (8 March 2026) a day is still one day.
    expect(cadenceDays(["2026-03-07T12:00:00-05:00", "2026-03-09T12:00:00-04:00"], "America/New_York")).toBe(2);
  });

  it("ignores unreadable dates; an unknown zone counts in UTC", () => {
    expect(cadenceDays(["not a date", "2026-01-01T10:00:00Z", "2026-01-21T10:00:00Z"])).toBe(20);
    expect(cadenceDays(["2026-01-01T10:00:00Z", "2026-01-21T10:00:00Z"], "Mars/Olympus_Mons")).toBe(20);
  });
});

describe("purchaseRhythm: the facts kept on the member", () => {
  it("last order, paid orders and cadence", () => {
    expect(purchaseRhythm(["2026-01-01T10:00:00-05:00", "2026-01-31T10:00:00-05:00", null], "America/New_York")).toEqual({
      lastOrderAt: "2026-01-31T15:00:00.000Z", paidOrders: 2, cadenceDays: 30,
    });
    expect(purchaseRhythm([])).toEqual({ lastOrderAt: null, paidOrders: 0, cadenceDays: null });
    // Two orders on one day: a repeat buyer (2 paid orders) without a cadence.
    expect(purchaseRhythm(["2026-01-01T08:00:00Z", "2026-01-01T20:00:00Z"])).toEqual({ lastOrderAt: "2026-01-01T20:00:00.000Z", paidOrders: 2, cadenceDays: null });
  });
});

describe("shopCadence: the shop-wide fallback", () => {
  it("is the median of the members' cadences", () => {
    expect(shopCadence([])).toBeNull();
    expect(shopCadence([40])).toBe(40);
    expect(shopCadence([90, 10, 30])).toBe(30);
    expect(shopCadence([10, 20, 30, 45])).toBe(25);
    expect(shopCadence([10, 21])).toBe(16); // 15.5 → 16
  });

  it("gives the same answer from a histogram", () => {
    expect(shopCadenceFromCounts([])).toBeNull();
    expect(shopCadenceFromCounts([{ days: 30, count: 0 }])).toBeNull();
    expect(shopCadenceFromCounts([{ days: 90, count: 1 }, { days: 10, count: 1 }, { days: 30, count: 1 }])).toBe(30);
    expect(shopCadenceFromCounts([{ days: 45, count: 1 }, { days: 10, count: 1 }, { days: 20, count: 1 }, { days: 30, count: 1 }])).toBe(25);
    // 10 ×3, 60 ×1, 90 ×2: sorted 10 10 10 60 90 90 → (10 + 60) / 2 = 35.
    expect(shopCadenceFromCounts([{ days: 60, count: 1 }, { days: 10, count: 3 }, { days: 90, count: 2 }])).toBe(35);
    expect(shopCadenceFromCounts([{ days: 7, count: 5 }, { days: 365, count: 4 }])).toBe(7);
  });
});

describe("lapseDueAt: when a member counts as lapsing", () => {
  const last = "2026-01-10T12:00:00.000Z";
  const repeat = (cadence: number | null, paidOrders = 4) => ({ lastOrderAt: last, paidOrders, cadenceDays: cadence });

  it("a 30-day buyer lapses after 2 × 30 = 60 days", () => {
    expect(iso(lapseDueAt(repeat(30), DEFAULTS, null))).toBe("2026-03-11T12:00:00.000Z");
  });

  it("never sooner than minLapseDays (30)", () => {
    // A weekly buyer: 2 × 7 = 14 → 30 days.
    expect(iso(lapseDueAt(repeat(7), DEFAULTS, null))).toBe("2026-02-09T12:00:00.000Z");
    // 2 × 15 = 30: exactly the minimum.
    expect(iso(lapseDueAt(repeat(15), DEFAULTS, null))).toBe("2026-02-09T12:00:00.000Z");
  });

  it("clamps the cadence into [minCadenceDays, maxCadenceDays]", () => {
    // A daily buyer's cadence of 1 counts as 7; with minLapseDays 1 the lapse is 2 × 7 = 14 days.
    expect(iso(lapseDueAt(repeat(1), { ...DEFAULTS, minLapseDays: 1 }, null))).toBe("2026-01-24T12:00:00.000Z");
    // A 500-day cadence counts as 365: 730 days.
    expect(iso(lapseDueAt(repeat(500), DEFAULTS, null))).toBe("2028-01-10T12:00:00.000Z");
  });

  it("a fractional lapse factor", () => {
    // 1.5 × 21 = 31.5 days.
    expect(iso(lapseDueAt(repeat(21), { ...DEFAULTS, lapseFactor: 1.5 }, null))).toBe("2026-02-11T00:00:00.000Z");
  });

  it("a one-time buyer lapses after oneTimeBuyerDays (90)", () => {
    expect(iso(lapseDueAt({ lastOrderAt: last, paidOrders: 1, cadenceDays: null }, DEFAULTS, 20))).toBe("2026-04-10T12:00:00.000Z");
    expect(iso(lapseDueAt({ lastOrderAt: last, paidOrders: 1, cadenceDays: null }, { ...DEFAULTS, oneTimeBuyerDays: 45 }, null))).toBe("2026-02-24T12:00:00.000Z");
  });

  it("a repeat buyer without a usable cadence takes the shop's (clamped), else counts as a one-time buyer", () => {
    expect(needsShopCadence(repeat(null, 2))).toBe(true);
    expect(needsShopCadence(repeat(30, 2))).toBe(false);
    expect(needsShopCadence({ lastOrderAt: last, paidOrders: 1, cadenceDays: null })).toBe(false);
    expect(iso(lapseDueAt(repeat(null, 2), DEFAULTS, 40))).toBe("2026-03-31T12:00:00.000Z"); // 2 × 40 = 80 days
    expect(iso(lapseDueAt(repeat(null, 2), DEFAULTS, 3))).toBe("2026-02-09T12:00:00.000Z"); // 3 → 7, 14 → 30 days
    expect(iso(lapseDueAt(repeat(null, 2), DEFAULTS, null))).toBe("2026-04-10T12:00:00.000Z"); // 90 days
  });

  it("no paid orders: never", () => {
    expect(lapseDueAt({ lastOrderAt: null, paidOrders: 0, cadenceDays: null }, DEFAULTS, 30)).toBeNull();
    expect(lapseDueAt({ lastOrderAt: last, paidOrders: 0, cadenceDays: null }, DEFAULTS, 30)).toBeNull();
  });
});

describe("whyDue: what the admin shows", () => {
  it("own cadence", () => {
    expect(whyDue({ lastOrderAt: "2026-01-10T12:00:00.000Z", paidOrders: 5, cadenceDays: 30 }, DEFAULTS, 50)).toEqual({
      lastOrderAt: "2026-01-10T12:00:00.000Z", paidOrders: 5, cadenceDays: 30, basis: "own_cadence", usedCadenceDays: 30,
      expectedNextOrderAt: "2026-02-09T12:00:00.000Z", lapseAfterDays: 60, lapsingSince: "2026-03-11T12:00:00.000Z",
    });
  });

  it("the shop's cadence", () => {
    expect(whyDue({ lastOrderAt: "2026-01-10T12:00:00.000Z", paidOrders: 2, cadenceDays: null }, DEFAULTS, 50)).toEqual({
      lastOrderAt: "2026-01-10T12:00:00.000Z", paidOrders: 2, cadenceDays: null, basis: "shop_cadence", usedCadenceDays: 50,
      expectedNextOrderAt: "2026-03-01T12:00:00.000Z", lapseAfterDays: 100, lapsingSince: "2026-04-20T12:00:00.000Z",
    });
  });

  it("a one-time buyer, and a shopper without paid orders", () => {
    expect(whyDue({ lastOrderAt: "2026-01-10T12:00:00.000Z", paidOrders: 1, cadenceDays: null }, DEFAULTS, 50)).toEqual({
      lastOrderAt: "2026-01-10T12:00:00.000Z", paidOrders: 1, cadenceDays: null, basis: "one_time_buyer", usedCadenceDays: null,
      expectedNextOrderAt: null, lapseAfterDays: 90, lapsingSince: "2026-04-10T12:00:00.000Z",
    });
    expect(whyDue({ lastOrderAt: null, paidOrders: 0, cadenceDays: null }, DEFAULTS, 50)).toEqual({
      lastOrderAt: null, paidOrders: 0, cadenceDays: null, basis: null, usedCadenceDays: null,
      expectedNextOrderAt: null, lapseAfterDays: null, lapsingSince: null,
    });
  });

  it("the dedupe key names the member and the last order", () => {
    expect(winBackDedupeKey("gid://shopify/Customer/7", "2026-01-10T12:00:00.000Z")).toBe("winback:gid://shopify/Customer/7:2026-01-10T12:00:00.000Z");
  });
});
