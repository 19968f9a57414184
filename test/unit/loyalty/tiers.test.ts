import { describe, expect, it } from "vitest";
import { DEFAULT_EARNING_RULE } from "../../../app/loyalty/earning";
import { emptyOrderRecord, planOrderPosting, type OrderRecordState } from "../../../app/loyalty/order-posting";
import {
  decideTier, defaultTiers, heldTierNow, multiplierBpsOf, multiplierText, nextTierFor, parseMultiplierBps, rewardVisibleTo, suggestedScale,
  tierForValue, tierProposalFromInput, validateTierProposal, wallTimeOf, windowStart, zonedTimeToUtc, type MemberTierState, type Tier,
  type TierProposal,
} from "../../../app/loyalty/tiers";

const iso = (d: Date | null) => (d === null ? null : d.toISOString());
const at = (s: string) => new Date(s);

const BRONZE: Tier = { id: 1, name: "Bronze", threshold: 0, multiplierBps: 10_000, entryRewardPoints: 0, freeShipping: false, graceDays: 0 };
const SILVER: Tier = { id: 2, name: "Silver", threshold: 50_000, multiplierBps: 12_500, entryRewardPoints: 0, freeShipping: false, graceDays: 0 };
const GOLD: Tier = { id: 3, name: "Gold", threshold: 150_000, multiplierBps: 15_000, entryRewardPoints: 200, freeShipping: true, graceDays: 0 };
const TIERS = [BRONZE, SILVER, GOLD];
const NOBODY: MemberTierState = { tierId: null, graceUntil: null, overrideTierId: null, overrideUntil: null };
const holding = (tierId: number | null, more: Partial<MemberTierState> = {}): MemberTierState => ({ ...NOBODY, tierId, ...more });

describe("qualifying window", () => {
  it("lifetime has no start", () => {
    expect(windowStart("lifetime", at("2026-12-02T10:00:00Z"), "America/New_York")).toBeNull();
  });

  it("calendar year starts on 1 January 00:00 in the shop's zone", () => {
    expect(iso(windowStart("calendar_year", at("2026-12-02T10:00:00Z"), "UTC"))).toBe("2026-01-01T00:00:00.000Z");
    expect(iso(windowStart("calendar_year", at("2026-12-02T10:00:00Z"), "America/New_York"))).toBe("2026-01-01T05:00:00.000Z");
    // Auckland is on daylight time (+13) in January: its new year begins at 11:00 UTC on 31 December.
    expect(iso(windowStart("calendar_year", at("2026-06-15T00:00:00Z"), "Pacific/Auckland"))).toBe("2025-12-31T11:00:00.000Z");
  });

  it("the year turns at local midnight, not at UTC midnight", () => {
    // 04:59:59 UTC on 1 January 2027 is still 2026 in New York; one second later it is 2027.
    expect(iso(windowStart("calendar_year", at("2027-01-01T04:59:59.999Z"), "America/New_York"))).toBe("2026-01-01T05:00:00.000Z");
    expect(iso(windowStart("calendar_year", at("2027-01-01T05:00:00.000Z"), "America/New_York"))).toBe("2027-01-01T05:00:00.000Z");
    // Already 2027 in Auckland while it is 31 December in UTC.
    expect(iso(windowStart("calendar_year", at("2026-12-31T11:00:00Z"), "Pacific/Auckland"))).toBe("2026-12-31T11:00:00.000Z");
    expect(iso(windowStart("calendar_year", at("2026-12-31T10:59:59Z"), "Pacific/Auckland"))).toBe("2025-12-31T11:00:00.000Z");
  });

  it("rolling 12 months: the same local date and time a year ago", () => {
    expect(iso(windowStart("rolling_12m", at("2026-12-02T10:15:30.250Z"), "UTC"))).toBe("2025-12-02T10:15:30.250Z");
    // 08:00 in New York both times, though on 8 March 2026 daylight time had begun and on 8 March 2025 it had not.
    expect(iso(windowStart("rolling_12m", at("2026-03-08T12:00:00Z"), "America/New_York"))).toBe("2025-03-08T13:00:00.000Z");
    // Auckland: daylight time ended on 5 April 2026 but only on 6 April 2025.
    expect(iso(windowStart("rolling_12m", at("2026-04-05T00:00:00Z"), "Pacific/Auckland"))).toBe("2025-04-04T23:00:00.000Z");
  });

  it("a local time that did not exist a year ago (clocks went forward) moves forward by the gap", () => {
    // 02:30 on 9 March 2026 in New York (EDT); on 9 March 2025 clocks jumped from 02:00 to 03:00.
    expect(wallTimeOf(at("2026-03-09T06:30:00Z"), "America/New_York")).toMatchObject({ year: 2026, month: 3, day: 9, hour: 2, minute: 30 });
    expect(iso(windowStart("rolling_12m", at("2026-03-09T06:30:00Z"), "America/New_York"))).toBe("2025-03-09T07:30:00.000Z");
  });

  it("a local time that happened twice a year ago (clocks went back) is its first occurrence", () => {
    // 01:30 on 2 November 2026 in New York (EST); on 2 November 2025 01:30 came first in EDT, then again in EST.
    expect(iso(windowStart("rolling_12m", at("2026-11-02T06:30:00Z"), "America/New_York"))).toBe("2025-11-02T05:30:00.000Z");
  });

  it("29 February looks back to 28 February in a year without a leap day", () => {
    expect(iso(windowStart("rolling_12m", at("2028-02-29T12:00:00Z"), "UTC"))).toBe("2027-02-28T12:00:00.000Z");
    expect(iso(windowStart("rolling_12m", at("2028-03-01T12:00:00Z"), "UTC"))).toBe("2027-03-01T12:00:00.000Z");
    expect(iso(windowStart("rolling_12m", at("2029-03-01T00:30:00Z"), "UTC"))).toBe("2028-03-01T00:30:00.000Z");
    expect(iso(windowStart("rolling_12m", at("2025-02-28T12:00:00Z"), "UTC"))).toBe("2024-02-28T12:00:00.000Z");
    // In the shop's zone: 09:00 on 29 February 2028 in Auckland (still the 28th in UTC) looks back to 09:00 on 28 February 2027.
    expect(iso(windowStart("rolling_12m", at("2028-02-28T20:00:00Z"), "Pacific/Auckland"))).toBe("2027-02-27T20:00:00.000Z");
  });

  it("an unknown zone falls back to UTC", () => {
    expect(iso(windowStart("calendar_year", at("2026-12-02T10:00:00Z"), "Mars/Olympus_Mons"))).toBe("2026-01-01T00:00:00.000Z");
  });

  it("zonedTimeToUtc turns a local time into its instant", () => {
    const wall = { year: 2026, month: 7, day: 1, hour: 9, minute: 0, second: 0, millisecond: 0 };
    expect(iso(zonedTimeToUtc(wall, "America/New_York"))).toBe("2026-07-01T13:00:00.000Z");
    expect(iso(zonedTimeToUtc(wall, "Pacific/Auckland"))).toBe("2026-06-30T21:00:00.000Z");
    expect(iso(zonedTimeToUtc(wall, "Asia/Kolkata"))).toBe("2026-07-01T03:30:00.000Z");
  });
});

describe("the tier held", () => {
  const now = at("2026-12-02T12:00:00Z");

  it("is the highest tier whose threshold the value reaches; a threshold-0 tier is always reached", () => {
    expect(tierForValue(TIERS, 0)?.name).toBe("Bronze");
    expect(tierForValue(TIERS, -500)?.name).toBe("Bronze");
    expect(tierForValue(TIERS, 49_999)?.name).toBe("Bronze");
    expect(tierForValue(TIERS, 50_000)?.name).toBe("Silver");
    expect(tierForValue(TIERS, 150_000)?.name).toBe("Gold");
    expect(tierForValue([SILVER, GOLD], 100)).toBeNull();
    expect(nextTierFor(TIERS, BRONZE, 40_000)).toEqual({ tier: SILVER, remaining: 10_000 });
    expect(nextTierFor(TIERS, GOLD, 200_000)).toBeNull();
    // An override above the value: the next tier is above the one held.
    expect(nextTierFor(TIERS, SILVER, 100)).toEqual({ tier: GOLD, remaining: 149_900 });
  });

  it("crossing a threshold upgrades; entering the base tier is no celebrated upgrade", () => {
    expect(decideTier(TIERS, NOBODY, 0, now, "order")).toEqual({
      tierId: 1, graceUntil: null, overrideEnded: false, changed: true, reason: "order", direction: "up", celebrated: false,
    });
    expect(decideTier(TIERS, holding(1), 50_000, now, "order")).toEqual({
      tierId: 2, graceUntil: null, overrideEnded: false, changed: true, reason: "order", direction: "up", celebrated: true,
    });
    expect(decideTier(TIERS, holding(2), 60_000, now, "order")).toMatchObject({ tierId: 2, changed: false, reason: null, direction: "same", celebrated: false });
    expect(decideTier(TIERS, holding(3), 10_000, now, "refund")).toMatchObject({ tierId: 1, changed: true, reason: "refund", direction: "down" });
  });

  it("an order that crosses Silver earns at Bronze's multiplier, the next one at Silver's", () => {
    const rule = DEFAULT_EARNING_RULE;
    const order = (id: string, minor: number): OrderRecordState => ({
      ...emptyOrderRecord(`gid://shopify/Order/${id}`), customerGid: "gid://shopify/Customer/1", currency: "USD", paid: true,
      totalPriceMinor: minor,
      lines: [{ lineGid: `gid://shopify/LineItem/${id}`, title: "Coat", quantity: 1, currentQuantity: 1, giftCard: false, grossMinor: minor, discountMinor: 0, taxMinor: 0, eligibleMinor: minor }],
    });
    let member = holding(1);
    let value = 40_000;
    const earn = (o: OrderRecordState) => {
      const held = heldTierNow(TIERS, member, value, now);
      const { entry, state } = planOrderPosting(o, rule, { kind: "order" }, multiplierBpsOf(held));
      value += state.netEligibleMinor;
      const d = decideTier(TIERS, member, value, now, "order");
      member = { ...member, tierId: d.tierId, graceUntil: d.graceUntil };
      return { points: entry?.points, tier: d.tierId, multiplierBps: state.multiplierBps };
    };
    expect(earn(order("1", 15_000))).toEqual({ points: 150, tier: 2, multiplierBps: 10_000 });
    expect(earn(order("2", 20_000))).toEqual({ points: 250, tier: 2, multiplierBps: 12_500 });
  });

  it("below the held tier, its grace days keep it; once they pass the computed tier applies", () => {
    const graceful = [BRONZE, { ...SILVER, graceDays: 30 }, GOLD];
    const start = decideTier(graceful, holding(2), 10_000, now, "refund");
    expect(start).toEqual({
      tierId: 2, graceUntil: "2027-01-01T12:00:00.000Z", overrideEnded: false, changed: false, reason: null, direction: "same", celebrated: false,
    });
    // Still in grace: the end stays where it was.
    const during = decideTier(graceful, holding(2, { graceUntil: start.graceUntil }), 5_000, at("2026-12-20T00:00:00Z"), "daily");
    expect(during).toMatchObject({ tierId: 2, graceUntil: "2027-01-01T12:00:00.000Z", changed: false });
    // Re-qualifying clears it.
    expect(decideTier(graceful, holding(2, { graceUntil: start.graceUntil }), 55_000, at("2026-12-20T00:00:00Z"), "order"))
      .toMatchObject({ tierId: 2, graceUntil: null, changed: false });
    // Past the end: down to the computed tier.
    expect(decideTier(graceful, holding(2, { graceUntil: start.graceUntil }), 5_000, at("2027-01-01T12:00:00Z"), "daily")).toEqual({
      tierId: 1, graceUntil: null, overrideEnded: false, changed: true, reason: "grace_ended", direction: "down", celebrated: false,
    });
    // Without grace days a downgrade is immediate.
    expect(decideTier(TIERS, holding(2), 10_000, now, "refund")).toMatchObject({ tierId: 1, changed: true, reason: "refund", graceUntil: null });
  });

  it("an override is the tier held while it lasts, above or below the computed tier", () => {
    const until = "2026-12-31T00:00:00.000Z";
    expect(decideTier(TIERS, holding(1, { overrideTierId: 3, overrideUntil: until }), 0, now, "order")).toEqual({
      tierId: 3, graceUntil: null, overrideEnded: false, changed: true, reason: "override", direction: "up", celebrated: true,
    });
    expect(decideTier(TIERS, holding(3, { overrideTierId: 1, overrideUntil: null }), 999_999, now, "order")).toEqual({
      tierId: 1, graceUntil: null, overrideEnded: false, changed: true, reason: "override", direction: "down", celebrated: false,
    });
    // Overrides win over grace too.
    expect(decideTier([BRONZE, { ...SILVER, graceDays: 30 }, GOLD], holding(2, { overrideTierId: 1, overrideUntil: null }), 0, now, "daily"))
      .toMatchObject({ tierId: 1, graceUntil: null, reason: "override" });
  });

  it("when the override ends (its date passed, or its tier is gone) the computed tier applies at once", () => {
    const ended = decideTier(TIERS, holding(3, { overrideTierId: 3, overrideUntil: "2026-12-02T12:00:00.000Z" }), 60_000, now, "daily");
    expect(ended).toEqual({
      tierId: 2, graceUntil: null, overrideEnded: true, changed: true, reason: "override_ended", direction: "down", celebrated: false,
    });
    expect(decideTier([BRONZE, SILVER], holding(3, { overrideTierId: 3, overrideUntil: null }), 60_000, now, "daily"))
      .toMatchObject({ tierId: 2, overrideEnded: true, reason: "override_ended" });
    // heldTierNow sees the ended override before any pass has written it.
    expect(heldTierNow(TIERS, holding(3, { overrideTierId: 3, overrideUntil: "2026-12-01T00:00:00.000Z" }), 60_000, now)?.name).toBe("Silver");
  });

  it("a member on a removed tier ranks by its former threshold", () => {
    const former = new Map([[9, 100_000]]);
    expect(decideTier(TIERS, holding(9), 60_000, now, "recalculation", former)).toMatchObject({ tierId: 2, direction: "down", celebrated: false });
    expect(decideTier(TIERS, holding(9), 160_000, now, "recalculation", former)).toMatchObject({ tierId: 3, direction: "up", celebrated: true });
  });
});

describe("tier-exclusive rewards", () => {
  it("are visible to members at that tier or above", () => {
    expect(rewardVisibleTo({ tierId: null }, null, TIERS)).toBe(true);
    expect(rewardVisibleTo({ tierId: 2 }, null, TIERS)).toBe(false);
    expect(rewardVisibleTo({ tierId: 2 }, BRONZE, TIERS)).toBe(false);
    expect(rewardVisibleTo({ tierId: 2 }, SILVER, TIERS)).toBe(true);
    expect(rewardVisibleTo({ tierId: 2 }, GOLD, TIERS)).toBe(true);
    // Tied to a tier that no longer exists: locked for everyone.
    expect(rewardVisibleTo({ tierId: 9 }, GOLD, TIERS)).toBe(false);
  });
});

describe("defaults and scale", () => {
  it("Bronze 0, Silver 500, Gold 1,500 whole units of the shop currency, 1× / 1.25× / 1.5×", () => {
    const view = (c: string) => defaultTiers(c).map((t) => [t.name, t.threshold, t.multiplierBps, t.entryRewardPoints, t.graceDays, t.freeShipping]);
    expect(view("USD")).toEqual([["Bronze", 0, 10_000, 0, 0, false], ["Silver", 50_000, 12_500, 0, 0, false], ["Gold", 150_000, 15_000, 0, 0, false]]);
    expect(defaultTiers("JPY").map((t) => t.threshold)).toEqual([0, 500, 1_500]);
    expect(defaultTiers("KWD").map((t) => t.threshold)).toEqual([0, 500_000, 1_500_000]);
  });

  it("suggests scaled earning and thresholds where the currency unit is small", () => {
    expect(suggestedScale("USD")).toEqual({
      currency: "USD", exponent: 2, factor: 1, scaled: false, earn: { points: 1, perMajorUnits: 1 },
      tiers: [
        { name: "Bronze", threshold: 0, thresholdText: "0 USD", multiplierBps: 10_000 },
        { name: "Silver", threshold: 50_000, thresholdText: "500 USD", multiplierBps: 12_500 },
        { name: "Gold", threshold: 150_000, thresholdText: "1,500 USD", multiplierBps: 15_000 },
      ],
      message: "Prices in USD suit the defaults: 1 point per 1 USD, Silver from 500 USD and Gold from 1,500 USD.",
    });
    expect(suggestedScale("JPY")).toEqual({
      currency: "JPY", exponent: 0, factor: 100, scaled: true, earn: { points: 1, perMajorUnits: 100 },
      tiers: [
        { name: "Bronze", threshold: 0, thresholdText: "0 JPY", multiplierBps: 10_000 },
        { name: "Silver", threshold: 50_000, thresholdText: "50,000 JPY", multiplierBps: 12_500 },
        { name: "Gold", threshold: 150_000, thresholdText: "150,000 JPY", multiplierBps: 15_000 },
      ],
      message: "Prices in JPY run about 100 times higher than in currencies like USD: earn 1 point per 100 JPY and set the thresholds "
        + "100 times higher (Silver from 50,000 JPY, Gold from 150,000 JPY).",
    });
    expect([suggestedScale("KRW").factor, suggestedScale("HUF").factor, suggestedScale("VND").factor, suggestedScale("IDR").factor]).toEqual([1_000, 100, 10_000, 10_000]);
    // HUF has two decimals in ISO 4217: the thresholds stay in minor units.
    expect(suggestedScale("HUF").tiers[1]).toEqual({ name: "Silver", threshold: 5_000_000, thresholdText: "50,000 HUF", multiplierBps: 12_500 });
    expect(suggestedScale("KWD")).toMatchObject({ factor: 1, scaled: false, exponent: 3 });
  });

  it("multipliers as typed and shown", () => {
    expect(["1", "1.25", "1.5x", "2×", " 10 ", 1.25, 3].map(parseMultiplierBps)).toEqual([10_000, 12_500, 15_000, 20_000, 100_000, 12_500, 30_000]);
    expect(["0.5", "10.01", "1.255", "abc", "", -1, Number.NaN].map(parseMultiplierBps)).toEqual([null, null, null, null, null, null, null]);
    expect([10_000, 12_500, 15_000, 100_000].map(multiplierText)).toEqual(["1×", "1.25×", "1.5×", "10×"]);
  });
});

describe("the tier editor's input", () => {
  const good = {
    basis: "spend", window: "rolling_12m",
    tiers: [
      { id: "7", name: "Bronze", threshold: "0", multiplier: "1" },
      { name: " Silver ", threshold: "500", multiplier: "1.25", entryRewardPoints: "100", graceDays: "30", freeShipping: "on" },
      { name: "Gold", threshold: 1500.5, multiplier: 1.5 },
    ],
  };

  it("parses amounts in the shop currency into minor units", () => {
    expect(tierProposalFromInput(good, "USD")).toEqual({
      ok: true, warnings: [],
      proposal: {
        basis: "spend", window: "rolling_12m",
        tiers: [
          { id: 7, name: "Bronze", threshold: 0, multiplierBps: 10_000, entryRewardPoints: 0, freeShipping: false, graceDays: 0 },
          { id: null, name: "Silver", threshold: 50_000, multiplierBps: 12_500, entryRewardPoints: 100, freeShipping: true, graceDays: 30 },
          { id: null, name: "Gold", threshold: 150_050, multiplierBps: 15_000, entryRewardPoints: 0, freeShipping: false, graceDays: 0 },
        ],
      },
    });
    expect(tierProposalFromInput({ ...good, tiers: [{ name: "Silver", threshold: "500" }] }, "JPY"))
      .toMatchObject({ ok: true, proposal: { tiers: [{ threshold: 500 }] }, warnings: ["The lowest tier's threshold is above 0: members below it hold no tier."] });
    expect(tierProposalFromInput({ ...good, basis: "points", tiers: [{ name: "Bronze", threshold: 0 }, { name: "Silver", threshold: "2000" }] }, "USD"))
      .toMatchObject({ ok: true, proposal: { basis: "points", tiers: [{ threshold: 0 }, { threshold: 2_000 }] } });
  });

  it("reports every bad field by name and changes nothing", () => {
    expect(tierProposalFromInput({ basis: "visits", window: "weekly", tiers: "Gold" }, "USD")).toEqual({
      ok: false,
      errors: { basis: "Choose amount spent or points earned", window: "Choose lifetime, calendar year or rolling 12 months", tiers: "Tiers must be a list" },
    });
    expect(tierProposalFromInput({
      basis: "spend", window: "lifetime",
      tiers: [
        { name: "", threshold: "-1", multiplier: "0.9" },
        { name: "Silver", threshold: "5.001", multiplier: "1.255", graceDays: "400", entryRewardPoints: "lots" },
        { name: "Gold", threshold: "", multiplier: "11" },
        { id: "x", name: "G".repeat(51), threshold: "10" },
      ],
    }, "USD")).toEqual({
      ok: false,
      errors: {
        "tiers.0.name": "Name is required",
        "tiers.0.threshold": "The threshold can't be negative",
        "tiers.0.multiplier": "Enter a multiplier from 1.00 to 10.00, with up to two decimals",
        "tiers.1.threshold": "Enter an amount like 500.00 (USD has 2 decimals)",
        "tiers.1.multiplier": "Enter a multiplier from 1.00 to 10.00, with up to two decimals",
        "tiers.1.entryRewardPoints": "Entry reward must be a whole number",
        "tiers.1.graceDays": "Grace period must be at most 365",
        "tiers.2.threshold": "Enter a threshold",
        "tiers.2.multiplier": "Enter a multiplier from 1.00 to 10.00, with up to two decimals",
        "tiers.3.id": "Unknown tier",
        "tiers.3.name": "Name must be at most 50 characters",
      },
    });
  });

  it("names are unique ignoring case, thresholds distinct, at most ten tiers", () => {
    expect(tierProposalFromInput({
      basis: "spend", window: "calendar_year",
      tiers: [{ name: "Gold", threshold: "0" }, { name: "gold", threshold: "100" }, { name: "Platinum", threshold: "100.00" }, { name: "Two\nlines", threshold: "5" }],
    }, "USD")).toEqual({
      ok: false,
      errors: {
        "tiers.1.name": "Another tier already has this name",
        "tiers.2.threshold": "Another tier already has this threshold",
        "tiers.3.name": "Name must be a single line of text",
      },
    });
    const eleven = Array.from({ length: 11 }, (_, i) => ({ name: `T${i}`, threshold: String(i * 100) }));
    expect(tierProposalFromInput({ basis: "spend", window: "lifetime", tiers: eleven }, "USD")).toEqual({ ok: false, errors: { tiers: "At most 10 tiers" } });
    expect(tierProposalFromInput({ basis: "points", window: "lifetime", tiers: [{ name: "A", threshold: "1.5" }] }, "USD"))
      .toEqual({ ok: false, errors: { "tiers.0.threshold": "Enter a whole number of points" } });
  });

  it("validateTierProposal checks proposals built in code too", () => {
    const p: TierProposal = {
      basis: "spend", window: "rolling_12m",
      tiers: [
        { id: 1, name: "A", threshold: 0, multiplierBps: 9_999, entryRewardPoints: -1, freeShipping: false, graceDays: 366 },
        { id: 1, name: "B", threshold: 2.5, multiplierBps: 10_000, entryRewardPoints: 0, freeShipping: false, graceDays: 0 },
      ],
    };
    expect(validateTierProposal(p)).toEqual({
      "tiers.0.multiplier": "Enter a multiplier from 1.00 to 10.00, with up to two decimals",
      "tiers.0.entryRewardPoints": "Entry reward must be at most 1,000,000",
      "tiers.0.graceDays": "Grace period must be at most 365",
      "tiers.1.threshold": "The threshold can't be negative",
      "tiers.1.id": "This tier appears twice",
    });
  });
});
