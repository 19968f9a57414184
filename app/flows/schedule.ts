// When a flow mail may go out: step due times, the shop's quiet hours (in its IANA time zone),
// the frequency cap for marketing mail, and the retry backoff after an SMTP refusal. Pure.
import { wallTimeOf, zonedTimeToUtc } from "../loyalty/tiers";

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** One marketing flow mail per shopper per this long. */
export const FREQUENCY_CAP_MS = DAY_MS;

/** A message still `sending` after this long was interrupted between SMTP and the commit: unknown. */
export const SENDING_TIMEOUT_MS = 10 * MINUTE_MS;

/** Waits after a refused or unreachable send: 1 min, 5 min, 30 min, 2 h, 6 h; the sixth failure is final. */
export const RETRY_BACKOFF_MS = [MINUTE_MS, 5 * MINUTE_MS, 30 * MINUTE_MS, 2 * HOUR_MS, 6 * HOUR_MS] as const;
export const MAX_SEND_ATTEMPTS = RETRY_BACKOFF_MS.length + 1;

/** A step is due `delayHours` after the run's anchor. */
export function stepDueAt(anchor: Date, delayHours: number): Date {
  return new Date(anchor.getTime() + delayHours * HOUR_MS);
}

/**
 * How long to wait before the next attempt after `attempts` attempts failed temporarily; null
 * when that was the last attempt (the message fails).
 */
export function retryDelayMs(attempts: number): number | null {
  if (!Number.isInteger(attempts) || attempts < 1) return RETRY_BACKOFF_MS[0];
  return attempts >= MAX_SEND_ATTEMPTS ? null : RETRY_BACKOFF_MS[attempts - 1]!;
}

/** The earliest a marketing mail may go out given the shopper's last one (one per 24 h). */
export function nextAllowedByCap(lastMarketingSentAt: Date | null, due: Date): Date {
  if (!lastMarketingSentAt) return due;
  const allowed = lastMarketingSentAt.getTime() + FREQUENCY_CAP_MS;
  return allowed > due.getTime() ? new Date(allowed) : due;
}

export type QuietHours = { startMinute: number; endMinute: number };

function minuteOfDay(instant: Date, timeZone: string): number {
  const w = wallTimeOf(instant, timeZone);
  return w.hour * 60 + w.minute + w.second / 60 + w.millisecond / MINUTE_MS;
}

function insideWindow(minute: number, q: QuietHours): boolean {
  return q.startMinute < q.endMinute
    ? minute >= q.startMinute && minute < q.endMinute
    : minute >= q.startMinute || minute < q.endMinute;
}

/** The first instant in (from, to] whose UTC offset is the one `to` has (a single change lies between). */
function offsetChange(from: number, to: number, timeZone: string): number {
  const offsetAt = (t: number) => {
    const w = wallTimeOf(new Date(t), timeZone);
    return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond) - t;
  };
  const target = offsetAt(to);
  let lo = from;
  let hi = to;
  while (hi - lo > 1000) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(mid) === target) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * `due`, or — when it falls inside the shop's quiet hours — the next moment outside them. The
 * window is [start, end) in local wall time and may cross midnight (e.g. 21:00–08:00); it
 * follows the zone's daylight-saving changes (the end is a local time, whatever the offset).
 * null, or start = end, means no quiet hours.
 */
export function applyQuietHours(due: Date, quiet: QuietHours | null, timeZone: string): Date {
  if (!quiet || quiet.startMinute === quiet.endMinute) return due;
  const minute = minuteOfDay(due, timeZone);
  if (!insideWindow(minute, quiet)) return due;
  const local = wallTimeOf(due, timeZone);
  // The end on the same local day, or — inside a window that crossed midnight before — the next.
  const day = new Date(Date.UTC(local.year, local.month - 1, local.day + (minute >= quiet.endMinute ? 1 : 0)));
  const end = {
    year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate(),
    hour: Math.floor(quiet.endMinute / 60), minute: quiet.endMinute % 60, second: 0, millisecond: 0,
  };
  const candidate = zonedTimeToUtc(end, timeZone);
  const reached = wallTimeOf(candidate, timeZone);
  if (reached.hour !== end.hour || reached.minute !== end.minute) {
    // The end's local time does not exist that night (clocks went forward across it): the window
    // ends when the clocks jump past it.
    return new Date(offsetChange(due.getTime(), candidate.getTime(), timeZone));
  }
  if (candidate.getTime() <= due.getTime()) {
    // Clocks went back and `due` is in the repeated hour, after the end's first occurrence: the
    // end's second occurrence is the same wall-clock distance ahead.
    return new Date(due.getTime() + Math.round((quiet.endMinute - minute) * MINUTE_MS));
  }
  return candidate;
}

/**
 * When a due marketing mail may actually go: not before the frequency cap allows, and outside
 * quiet hours (the cap first, then the quiet hours on the result).
 */
export function marketingSendTime(
  due: Date, lastMarketingSentAt: Date | null, quiet: QuietHours | null, timeZone: string,
): Date {
  return applyQuietHours(nextAllowedByCap(lastMarketingSentAt, due), quiet, timeZone);
}
