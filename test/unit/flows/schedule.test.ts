import { describe, expect, it } from "vitest";
import {
  FREQUENCY_CAP_MS, MAX_SEND_ATTEMPTS, applyQuietHours, marketingSendTime, nextAllowedByCap, retryDelayMs, stepDueAt,
} from "../../../app/flows/schedule";

const at = (s: string) => new Date(s);
const iso = (d: Date) => d.toISOString();
const NIGHT = { startMinute: 21 * 60, endMinute: 8 * 60 }; // 21:00–08:00, crosses midnight

describe("step due times", () => {
  it("count whole hours from the anchor", () => {
    expect(iso(stepDueAt(at("2026-06-01T10:15:00Z"), 1))).toBe("2026-06-01T11:15:00.000Z");
    expect(iso(stepDueAt(at("2026-06-01T10:15:00Z"), 72))).toBe("2026-06-04T10:15:00.000Z");
    expect(iso(stepDueAt(at("2026-06-01T10:15:00Z"), 0))).toBe("2026-06-01T10:15:00.000Z");
  });
});

describe("quiet hours", () => {
  it("are off when not set or empty", () => {
    expect(iso(applyQuietHours(at("2026-06-01T23:00:00Z"), null, "UTC"))).toBe("2026-06-01T23:00:00.000Z");
    expect(iso(applyQuietHours(at("2026-06-01T23:00:00Z"), { startMinute: 600, endMinute: 600 }, "UTC"))).toBe("2026-06-01T23:00:00.000Z");
  });

  it("a window within one day: [start, end)", () => {
    const lunch = { startMinute: 12 * 60, endMinute: 13 * 60 };
    expect(iso(applyQuietHours(at("2026-06-01T11:59:59Z"), lunch, "UTC"))).toBe("2026-06-01T11:59:59.000Z");
    expect(iso(applyQuietHours(at("2026-06-01T12:00:00Z"), lunch, "UTC"))).toBe("2026-06-01T13:00:00.000Z");
    expect(iso(applyQuietHours(at("2026-06-01T12:59:59Z"), lunch, "UTC"))).toBe("2026-06-01T13:00:00.000Z");
    expect(iso(applyQuietHours(at("2026-06-01T13:00:00Z"), lunch, "UTC"))).toBe("2026-06-01T13:00:00.000Z");
  });

  it("a window crossing midnight ends on the next local morning, or the same one after midnight", () => {
    // Helsinki in summer is UTC+3: 22:00 local = 19:00 UTC, 08:00 local = 05:00 UTC.
    expect(iso(applyQuietHours(at("2026-06-01T19:00:00Z"), NIGHT, "Europe/Helsinki"))).toBe("2026-06-02T05:00:00.000Z");
    expect(iso(applyQuietHours(at("2026-06-01T22:40:00Z"), NIGHT, "Europe/Helsinki"))).toBe("2026-06-02T05:00:00.000Z");
    expect(iso(applyQuietHours(at("2026-06-02T04:59:00Z"), NIGHT, "Europe/Helsinki"))).toBe("2026-06-02T05:00:00.000Z");
    expect(iso(applyQuietHours(at("2026-06-02T05:00:00Z"), NIGHT, "Europe/Helsinki"))).toBe("2026-06-02T05:00:00.000Z");
    expect(iso(applyQuietHours(at("2026-06-01T17:59:00Z"), NIGHT, "Europe/Helsinki"))).toBe("2026-06-01T17:59:00.000Z");
    // The same local window in New York (UTC−4 in summer).
    expect(iso(applyQuietHours(at("2026-06-02T02:00:00Z"), NIGHT, "America/New_York"))).toBe("2026-06-02T12:00:00.000Z");
  });

  it("follows Helsinki's spring-forward night (2026-03-29, 03:00 EET → 04:00 EEST)", () => {
    // 22:00 EET on the 28th; the window ends at 08:00 EEST = 05:00 UTC, not 06:00.
    expect(iso(applyQuietHours(at("2026-03-28T20:00:00Z"), NIGHT, "Europe/Helsinki"))).toBe("2026-03-29T05:00:00.000Z");
    expect(iso(applyQuietHours(at("2026-03-29T00:30:00Z"), NIGHT, "Europe/Helsinki"))).toBe("2026-03-29T05:00:00.000Z");
    // A window ending at 03:30, a local time that does not exist that night: it ends when the clocks jump (01:00 UTC).
    const early = { startMinute: 22 * 60, endMinute: 3 * 60 + 30 };
    expect(iso(applyQuietHours(at("2026-03-29T00:30:00Z"), early, "Europe/Helsinki"))).toBe("2026-03-29T01:00:00.000Z");
    expect(iso(applyQuietHours(at("2026-03-29T01:00:00Z"), early, "Europe/Helsinki"))).toBe("2026-03-29T01:00:00.000Z");
  });

  it("follows Helsinki's fall-back night (2026-10-25, 04:00 EEST → 03:00 EET)", () => {
    // 23:00 EEST on the 24th; the window ends at 08:00 EET = 06:00 UTC, not 05:00.
    expect(iso(applyQuietHours(at("2026-10-24T20:00:00Z"), NIGHT, "Europe/Helsinki"))).toBe("2026-10-25T06:00:00.000Z");
    expect(iso(applyQuietHours(at("2026-10-25T02:00:00Z"), NIGHT, "Europe/Helsinki"))).toBe("2026-10-25T06:00:00.000Z");
    // A window ending at 03:30, a local time that happens twice that night.
    const early = { startMinute: 22 * 60, endMinute: 3 * 60 + 30 };
    // 03:10 EEST (first pass): ends at 03:30 EEST = 00:30 UTC.
    expect(iso(applyQuietHours(at("2026-10-25T00:10:00Z"), early, "Europe/Helsinki"))).toBe("2026-10-25T00:30:00.000Z");
    // 03:45 EEST is outside; at 01:00 UTC the clocks go back to 03:00 EET and it is quiet again until 03:30 EET.
    expect(iso(applyQuietHours(at("2026-10-25T00:45:00Z"), early, "Europe/Helsinki"))).toBe("2026-10-25T00:45:00.000Z");
    expect(iso(applyQuietHours(at("2026-10-25T01:10:00Z"), early, "Europe/Helsinki"))).toBe("2026-10-25T01:30:00.000Z");
  });
});

describe("frequency cap", () => {
  it("one marketing mail per 24 hours", () => {
    expect(FREQUENCY_CAP_MS).toBe(86_400_000);
    expect(iso(nextAllowedByCap(null, at("2026-06-01T10:00:00Z")))).toBe("2026-06-01T10:00:00.000Z");
    expect(iso(nextAllowedByCap(at("2026-06-01T09:00:00Z"), at("2026-06-01T10:00:00Z")))).toBe("2026-06-02T09:00:00.000Z");
    expect(iso(nextAllowedByCap(at("2026-05-30T09:00:00Z"), at("2026-06-01T10:00:00Z")))).toBe("2026-06-01T10:00:00.000Z");
    expect(iso(nextAllowedByCap(at("2026-05-31T10:00:00Z"), at("2026-06-01T10:00:00Z")))).toBe("2026-06-01T10:00:00.000Z");
  });

  it("quiet hours apply after the cap", () => {
    // The cap moves it to 23:30 Helsinki time (20:30 UTC), inside the night window: 08:00 the next morning.
    expect(iso(marketingSendTime(at("2026-06-01T12:00:00Z"), at("2026-05-31T20:30:00Z"), NIGHT, "Europe/Helsinki"))).toBe("2026-06-02T05:00:00.000Z");
    expect(iso(marketingSendTime(at("2026-06-01T12:00:00Z"), null, NIGHT, "Europe/Helsinki"))).toBe("2026-06-01T12:00:00.000Z");
  });
});

describe("retry backoff", () => {
  it("1 min, 5 min, 30 min, 2 h, 6 h, then the message fails", () => {
    expect([1, 2, 3, 4, 5].map(retryDelayMs)).toEqual([60_000, 300_000, 1_800_000, 7_200_000, 21_600_000]);
    expect(MAX_SEND_ATTEMPTS).toBe(6);
    expect(retryDelayMs(6)).toBeNull();
    expect(retryDelayMs(9)).toBeNull();
  });
});
