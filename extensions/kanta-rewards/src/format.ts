// Pure formatting for the storefront widget: points and money in the shopper's language, tier
// progress, and the "earn N points" figure computed exactly as the server computes order points.
// No DOM here: the launcher and the panel scripts import what they need and esbuild drops the rest.

// ISO 4217 minor-unit exponents that are not 2, as app/loyalty/money.ts has them (a unit test keeps
// the two equal for every code); that module's BigInt arithmetic stays out of the storefront.
const EXPONENT_0 = "BIF BYR CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF";
const EXPONENT_3 = "BHD IQD JOD KWD LYD OMR TND";
const EXPONENT_4 = "CLF UYW";

/** Number of minor-unit digits of an ISO 4217 currency (JPY 0, EUR 2, KWD 3); throws on a bad code. */
export function currencyExponent(code: string): number {
  if (!/^[A-Z]{3}$/.test(code)) throw new RangeError(`Invalid currency code ${JSON.stringify(code)}`);
  return EXPONENT_0.indexOf(code) >= 0 ? 0 : EXPONENT_3.indexOf(code) >= 0 ? 3 : EXPONENT_4.indexOf(code) >= 0 ? 4 : 2;
}

/** Plural templates from the storefront locale file, with `{{ points }}` (or another name) left in. */
export type Plural = { one: string; other: string };

/** "1,250" (en), "1 250" with a no-break space (fi), as Intl formats it. */
export function formatPoints(points: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(points);
}

/** Integer minor units as money in the shopper's language, with the ISO 4217 exponent of `currency`. */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const exponent = currencyExponent(currency);
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  }).format(minor / 10 ** exponent);
}

/**
 * `{{ name }}` and `{name}` placeholders replaced by `vars` (unknown names are left as they are).
 * Templates handed to the scripts by Liquid carry `{name}`, as `{{` cannot appear inside a Liquid tag.
 */
export function fill(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}|\{(\w+)\}/g, (whole, a: string | undefined, b: string | undefined) => {
    const name = (a ?? b) as string;
    return Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : whole;
  });
}

/** The plural form for `count` (English and Finnish: one for exactly 1, other otherwise). */
export function plural(templates: Plural, count: number): string {
  return count === 1 ? templates.one : templates.other;
}

/** "1,250 points" from the locale file's {one, other} templates with a `{{ points }}` placeholder. */
export function pointsText(points: number, locale: string, templates: Plural): string {
  return fill(plural(templates, points), { points: formatPoints(points, locale) });
}

/** What /proxy/me says about the way to the next tier (TierProgressSchema's fields used here). */
export type Progress = {
  basis: "spend" | "points";
  current: string;
  currency: string | null;
  next: { name: string; threshold: string; remaining: string } | null;
};

/**
 * A decimal text ("120.00", "120") as integer minor units of `currency`; null when it is not a
 * plain non-negative decimal, has more digits than the currency's exponent, or is too large.
 */
export function decimalToMinor(text: string, currency: string): number | null {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  let exponent: number;
  try {
    exponent = currencyExponent(currency);
  } catch {
    return null;
  }
  if (!match) return null;
  const fraction = (match[2] ?? "").replace(/0+$/, "");
  if (fraction.length > exponent) return null;
  const minor = Number(match[1] + fraction.padEnd(exponent, "0"));
  return Number.isSafeInteger(minor) ? minor : null;
}

function amountOf(text: string, progress: Progress): number | null {
  if (progress.basis === "points") return /^\d{1,15}$/.test(text) ? Number(text) : null;
  return decimalToMinor(text, progress.currency ?? "");
}

/** How far along the way to the next tier, 0–100 (whole percent, rounded down); 100 at the top tier. */
export function progressPercent(progress: Progress): number {
  if (!progress.next) return 100;
  const current = amountOf(progress.current, progress);
  const threshold = amountOf(progress.next.threshold, progress);
  if (current === null || threshold === null || threshold <= 0) return 0;
  return Math.max(0, Math.min(100, Math.floor((current * 100) / threshold)));
}

/**
 * What is still missing for the next tier, for the shopper: money in the shop currency for a spend
 * basis ("€120.00"), points otherwise ("300 points"); null at the top tier or on unreadable input.
 */
export function remainingText(progress: Progress, locale: string, points: Plural): string | null {
  if (!progress.next) return null;
  const remaining = amountOf(progress.next.remaining, progress);
  if (remaining === null) return null;
  return progress.basis === "spend" ? formatMoney(remaining, progress.currency as string, locale) : pointsText(remaining, locale, points);
}

/** The earning rule of the kanta.program metafield: `points` points per `perAmount` whole units. */
export type EarnRule = { points: number; perAmount: string | number };

const MILLION = 1_000_000;

/**
 * Points a price earns, as the server computes an order's points:
 * floor(shopMinor × points × multiplierBps / (perAmount × 10^exponent × 10,000)). `priceCents` is
 * Liquid's price (the amount × 100 whatever the currency's exponent), so the exponent cancels out:
 * floor(priceCents × points × multiplierBps / (perAmount × 1,000,000)). Null on unusable input.
 */
export function earnPoints(priceCents: number, rule: EarnRule, multiplierBps: number): number | null {
  const per = Number(rule.perAmount);
  if (![priceCents, rule.points, per, multiplierBps].every((n) => Number.isSafeInteger(n) && n >= 0) || per === 0) return null;
  const numerator = priceCents * rule.points * multiplierBps;
  if (Number.isSafeInteger(numerator)) return Math.floor(numerator / (per * MILLION));
  return Math.floor(((priceCents * rule.points) / per) * (multiplierBps / MILLION));
}

/**
 * Liquid's price in another (presentment) currency converted back to the shop currency with the
 * storefront's `Shopify.currency.rate` (presentment units per shop unit), rounded to the shop
 * currency's minor unit, and given back as shop-currency cents (× 100 like Liquid). Null when the
 * rate is unusable.
 */
export function shopCentsFromPresentment(presentmentCents: number, rate: number | string, shopCurrency: string): number | null {
  const r = Number(rate);
  if (!Number.isFinite(presentmentCents) || !(r > 0) || !Number.isFinite(r)) return null;
  let exponent: number;
  try {
    exponent = currencyExponent(shopCurrency);
  } catch {
    return null;
  }
  const shopMinor = Math.round((presentmentCents / 100 / r) * 10 ** exponent);
  return Math.round((shopMinor * 100) / 10 ** exponent);
}

/** The "earn about N points" estimate for a price shown in another currency. */
export function estimateEarnPoints(
  presentmentCents: number, rate: number | string, shopCurrency: string, rule: EarnRule, multiplierBps: number,
): number | null {
  const cents = shopCentsFromPresentment(presentmentCents, rate, shopCurrency);
  return cents === null ? null : earnPoints(cents, rule, multiplierBps);
}
