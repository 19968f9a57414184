import { describe, expect, it } from "vitest";
import {
  addMonths, awardCandidateBound, expiryCutoff, expiryIdempotencyKey, latestInstant, openAwards, planAwardExpiry, planInactivityExpiry,
  reminderDedupeKey, type ExpirySettings, type LedgerFact,
} from "../../../app/loyalty/expiry";
import { expirySettingsFromInput } from "../../../app/loyalty/program-settings";

const O1 = "gid://shopify/Order/1001";
const O2 = "gid://shopify/Order/1002";
const PER_AWARD: ExpirySettings = { mode: "per_award", months: 12, reminderDays: 14 };

let seq = 0;
function entry(points: number, source: string, createdAt: string, opts: { orderGid?: string; key?: string; id?: number } = {}): LedgerFact {
  const id = opts.id ?? ++seq;
  return { id, points, source, orderGid: opts.orderGid ?? null, idempotencyKey: opts.key ?? `test:${id}`, createdAt };
}

const remaining = (entries: LedgerFact[]) => openAwards(entries).awards.map((a) => [a.entryId, a.remaining]);

describe("calendar months", () => {
  it("adds months in UTC, clamping to the end of shorter months and keeping the time", () => {
    expect(addMonths(new Date("2026-01-31T10:15:30.250Z"), 1).toISOString()).toBe("2026-02-28T10:15:30.250Z");
    expect(addMonths(new Date("2024-01-31T00:00:00Z"), 1).toISOString()).toBe("2024-02-29T00:00:00.000Z");
    expect(addMonths(new Date("2026-03-31T23:59:59Z"), -1).toISOString()).toBe("2026-02-28T23:59:59.000Z");
    expect(addMonths(new Date("2025-06-15T12:00:00Z"), 12).toISOString()).toBe("2026-06-15T12:00:00.000Z");
    expect(addMonths(new Date("2026-12-31T00:00:00Z"), 2).toISOString()).toBe("2027-02-28T00:00:00.000Z");
  });

  it("names a run by its cutoff date: the same day gives the same key", () => {
    expect(expiryCutoff(new Date("2026-03-02T05:00:00Z"), 12).toISOString()).toBe("2025-03-02T05:00:00.000Z");
    expect(expiryIdempotencyKey("gid://shopify/Customer/7", new Date("2026-03-02T05:00:00Z"), 12)).toBe("expiry:gid://shopify/Customer/7:2025-03-02");
    expect(expiryIdempotencyKey("gid://shopify/Customer/7", new Date("2026-03-02T23:30:00Z"), 12)).toBe("expiry:gid://shopify/Customer/7:2025-03-02");
    expect(reminderDedupeKey("gid://shopify/Customer/7", "2026-05-25T10:00:00.000Z")).toBe("points_expiring:gid://shopify/Customer/7:2026-05-25");
  });
});

describe("FIFO awards", () => {
  it("spending consumes the oldest awards first; what is left of a partly spent award expires", () => {
    const entries = [
      entry(100, "order", "2025-01-10T09:00:00.000Z", { id: 1, orderGid: O1 }),
      entry(50, "bonus", "2025-03-01T09:00:00.000Z", { id: 2 }),
      entry(-120, "redemption", "2025-04-01T09:00:00.000Z", { id: 3, key: "redemption:7:hold" }),
      entry(200, "order", "2025-06-01T09:00:00.000Z", { id: 4, orderGid: O2 }),
    ];
    expect(remaining(entries)).toEqual([[2, 30], [4, 200]]);
    // 2 Mar 2026: the bonus of 1 Mar 2025 is 12 months old; 30 of it are left.
    expect(planAwardExpiry(entries, PER_AWARD, new Date("2026-03-02T00:00:00Z"))).toEqual({ expire: 30, reminders: [] });
    // Before it: nothing yet, but a reminder (expires within 14 days).
    expect(planAwardExpiry(entries, PER_AWARD, new Date("2026-02-20T00:00:00Z"))).toEqual({
      expire: 0,
      reminders: [{ points: 30, expiresAt: "2026-03-01T09:00:00.000Z" }],
    });
  });

  it("a released hold gives the points back to the awards it took them from, with their original dates", () => {
    const entries = [
      entry(100, "order", "2025-01-10T09:00:00.000Z", { id: 1, orderGid: O1 }),
      entry(50, "bonus", "2025-03-01T09:00:00.000Z", { id: 2 }),
      entry(-120, "redemption", "2025-04-01T09:00:00.000Z", { id: 3, key: "redemption:7:hold" }),
      entry(120, "redemption", "2025-04-01T09:00:05.000Z", { id: 4, key: "redemption:7:release" }),
    ];
    expect(remaining(entries)).toEqual([[1, 100], [2, 50]]);
    expect(planAwardExpiry(entries, PER_AWARD, new Date("2026-01-10T12:00:00Z"))).toEqual({ expire: 100, reminders: [] });
  });

  it("a return without a known hold is an award of its own", () => {
    const entries = [
      entry(100, "order", "2025-01-10T09:00:00.000Z", { id: 1, orderGid: O1 }),
      entry(40, "redemption", "2025-05-01T00:00:00.000Z", { id: 2, key: "redemption:99:return" }),
    ];
    expect(remaining(entries)).toEqual([[1, 100], [2, 40]]);
  });

  it("a reversal of an order takes that order's own award first", () => {
    const entries = [
      entry(100, "order", "2025-01-10T09:00:00.000Z", { id: 1, orderGid: O1 }),
      entry(80, "order", "2025-02-10T09:00:00.000Z", { id: 2, orderGid: O2 }),
      entry(-80, "refund", "2025-02-20T09:00:00.000Z", { id: 3, orderGid: O2 }),
    ];
    expect(remaining(entries)).toEqual([[1, 100]]);
    expect(planAwardExpiry(entries, PER_AWARD, new Date("2026-01-11T00:00:00Z"))).toEqual({ expire: 100, reminders: [] });
    // Order-change adjustments and cancellations carrying the order id are reversals too.
    const cancelled = [
      entry(100, "order", "2025-01-10T09:00:00.000Z", { id: 1, orderGid: O1 }),
      entry(80, "order", "2025-02-10T09:00:00.000Z", { id: 2, orderGid: O2 }),
      entry(20, "adjustment", "2025-02-11T09:00:00.000Z", { id: 3, orderGid: O2 }),
      entry(-100, "cancellation", "2025-02-20T09:00:00.000Z", { id: 4, orderGid: O2 }),
    ];
    expect(remaining(cancelled)).toEqual([[1, 100]]);
  });

  it("a reversal beyond what is left of its order takes the oldest awards, then leaves a debt that later awards pay first", () => {
    const entries = [
      entry(100, "order", "2025-01-10T09:00:00.000Z", { id: 1, orderGid: O1 }),
      entry(80, "order", "2025-02-10T09:00:00.000Z", { id: 2, orderGid: O2 }),
      entry(-150, "redemption", "2025-02-15T09:00:00.000Z", { id: 3, key: "redemption:8:hold" }),
      entry(-80, "refund", "2025-02-20T09:00:00.000Z", { id: 4, orderGid: O2 }),
    ];
    expect(openAwards(entries)).toEqual({ awards: [], debt: 50 });
    expect(planAwardExpiry(entries, PER_AWARD, new Date("2026-06-01T00:00:00Z"))).toEqual({ expire: 0, reminders: [] });
    const repaid = [...entries, entry(70, "bonus", "2025-03-01T09:00:00.000Z", { id: 5 })];
    expect(openAwards(repaid)).toEqual({ awards: [{ entryId: 5, createdAt: "2025-03-01T09:00:00.000Z", orderGid: null, remaining: 20 }], debt: 0 });
    expect(planAwardExpiry(repaid, PER_AWARD, new Date("2026-03-01T09:00:00Z"))).toEqual({ expire: 20, reminders: [] });
  });

  it("staff adjustments: positive ones are awards, negative ones spend the oldest", () => {
    const entries = [
      entry(100, "order", "2025-01-10T09:00:00.000Z", { id: 1, orderGid: O1 }),
      entry(60, "adjustment", "2025-02-01T00:00:00.000Z", { id: 2 }),
      entry(-70, "adjustment", "2025-03-01T00:00:00.000Z", { id: 3 }),
    ];
    expect(remaining(entries)).toEqual([[1, 30], [2, 60]]);
  });

  it("an expiry entry consumes what it expired: running again the same day expires nothing", () => {
    const entries = [
      entry(100, "order", "2025-01-10T09:00:00.000Z", { id: 1, orderGid: O1 }),
      entry(50, "bonus", "2025-03-01T09:00:00.000Z", { id: 2 }),
      entry(-120, "redemption", "2025-04-01T09:00:00.000Z", { id: 3, key: "redemption:7:hold" }),
      entry(200, "order", "2025-06-01T09:00:00.000Z", { id: 4, orderGid: O2 }),
    ];
    const now = new Date("2026-03-02T00:00:00Z");
    expect(planAwardExpiry(entries, PER_AWARD, now).expire).toBe(30);
    const after = [...entries, entry(-30, "expiry", "2026-03-02T00:00:00.000Z", { id: 5, key: expiryIdempotencyKey("gid://shopify/Customer/1", now, 12) })];
    expect(planAwardExpiry(after, PER_AWARD, now)).toEqual({ expire: 0, reminders: [] });
    expect(remaining(after)).toEqual([[4, 200]]);
  });

  it("orders entries by time, then id (a backdated entry counts at its date)", () => {
    const entries = [
      entry(-30, "adjustment", "2025-05-01T00:00:00.000Z", { id: 1 }),
      entry(50, "bonus", "2025-01-01T00:00:00.000Z", { id: 2 }),
      entry(40, "bonus", "2025-01-01T00:00:00.000Z", { id: 3 }),
    ];
    expect(remaining(entries)).toEqual([[2, 20], [3, 40]]);
  });
});

describe("reminders", () => {
  const now = new Date("2026-05-20T00:00:00Z");
  const entries = [
    entry(40, "order", "2025-05-25T10:00:00.000Z", { id: 1, orderGid: O1 }),
    entry(60, "bonus", "2025-05-25T18:00:00.000Z", { id: 2 }),
    entry(25, "order", "2025-06-03T00:00:00.000Z", { id: 3, orderGid: O2 }),
    entry(10, "bonus", "2025-06-03T00:00:00.001Z", { id: 4 }),
  ];

  it("announces what expires within the reminder window, one reminder per expiry date", () => {
    // The window ends at 3 Jun 2026 00:00:00.000 (inclusive).
    expect(planAwardExpiry(entries, PER_AWARD, now)).toEqual({
      expire: 0,
      reminders: [
        { points: 100, expiresAt: "2026-05-25T10:00:00.000Z" },
        { points: 25, expiresAt: "2026-06-03T00:00:00.000Z" },
      ],
    });
  });

  it("no reminders with 0 reminder days; what is already spent is not announced", () => {
    expect(planAwardExpiry(entries, { ...PER_AWARD, reminderDays: 0 }, now)).toEqual({ expire: 0, reminders: [] });
    const spent = [...entries, entry(-90, "redemption", "2025-12-01T00:00:00.000Z", { id: 5, key: "redemption:3:hold" })];
    expect(planAwardExpiry(spent, PER_AWARD, now)).toEqual({
      expire: 0,
      reminders: [
        { points: 10, expiresAt: "2026-05-25T18:00:00.000Z" },
        { points: 25, expiresAt: "2026-06-03T00:00:00.000Z" },
      ],
    });
  });

  it("the SQL candidate bound lies after every award that can expire or be announced", () => {
    const bound = awardCandidateBound(now, PER_AWARD).getTime();
    for (const e of entries.slice(0, 3)) expect(Date.parse(e.createdAt)).toBeLessThanOrEqual(bound);
    expect(awardCandidateBound(new Date("2026-02-28T00:00:00Z"), { mode: "per_award", months: 1, reminderDays: 0 }).toISOString())
      .toBe("2026-02-01T00:00:00.000Z");
  });
});

describe("inactivity", () => {
  const settings: ExpirySettings = { mode: "inactivity", months: 12, reminderDays: 14 };
  const last = "2025-03-01T12:00:00.000Z";

  it("the whole balance expires exactly N months after the last activity", () => {
    expect(planInactivityExpiry(500, last, settings, new Date("2026-03-01T11:59:59.999Z"))).toEqual({
      expire: 0,
      reminders: [{ points: 500, expiresAt: "2026-03-01T12:00:00.000Z" }],
    });
    expect(planInactivityExpiry(500, last, settings, new Date("2026-03-01T12:00:00.000Z"))).toEqual({ expire: 500, reminders: [] });
    // More than 14 days before: nothing at all.
    expect(planInactivityExpiry(500, last, settings, new Date("2026-02-15T11:59:59.999Z"))).toEqual({ expire: 0, reminders: [] });
    expect(planInactivityExpiry(500, last, settings, new Date("2026-02-15T12:00:00.000Z")).reminders).toHaveLength(1);
  });

  it("nothing for an empty or negative balance", () => {
    expect(planInactivityExpiry(0, last, settings, new Date("2027-01-01T00:00:00Z"))).toEqual({ expire: 0, reminders: [] });
    expect(planInactivityExpiry(-20, last, settings, new Date("2027-01-01T00:00:00Z"))).toEqual({ expire: 0, reminders: [] });
  });

  it("the last activity is the latest instant, whatever offset it was written in", () => {
    expect(latestInstant(["2025-03-01T07:00:00-05:00", "2025-02-28T23:00:00.000Z", null, "not a date"])).toBe("2025-03-01T12:00:00.000Z");
    expect(latestInstant([])).toBeNull();
  });
});

describe("expiry settings", () => {
  const current: ExpirySettings = { mode: "off", months: 12, reminderDays: 14 };

  it("accepts form strings and keeps absent fields", () => {
    expect(expirySettingsFromInput({ mode: "per_award", months: "6" }, current)).toEqual({
      ok: true,
      settings: { mode: "per_award", months: 6, reminderDays: 14 },
    });
    expect(expirySettingsFromInput({ reminderDays: 0 }, current)).toEqual({ ok: true, settings: { mode: "off", months: 12, reminderDays: 0 } });
  });

  it("names every bad field", () => {
    expect(expirySettingsFromInput({ mode: "sometimes", months: "0", reminderDays: "1.5" }, current)).toEqual({
      ok: false,
      errors: {
        mode: "Choose how points expire: off, per_award, inactivity",
        months: "Months must be at least 1",
        reminderDays: "Reminder days must be a whole number",
      },
    });
    expect(expirySettingsFromInput({ months: 61, reminderDays: 91 }, current)).toEqual({
      ok: false,
      errors: { months: "Months must be at most 60", reminderDays: "Reminder days must be at most 90" },
    });
    expect(expirySettingsFromInput({ months: 1, reminderDays: 28 }, current)).toEqual({
      ok: false,
      errors: { reminderDays: "The reminder must come before points expire: at most 27 days for 1 month" },
    });
    expect(expirySettingsFromInput({ months: "" }, current)).toEqual({ ok: false, errors: { months: "Months is required" } });
    expect(expirySettingsFromInput("per_award", current)).toEqual({ ok: false, errors: { form: "Send the settings as fields" } });
  });
});
