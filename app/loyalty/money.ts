/**
 * Exact money handling in integer minor units.
 *
 * Amounts are never represented as floating point numbers: decimal strings are
 * parsed digit by digit into BigInt and converted to a JS number only once the
 * result is known to be a safe integer.
 */

export class MoneyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MoneyError";
  }
}

/**
 * ISO 4217 currencies whose minor-unit exponent is not 2.
 * Source: ISO 4217 list one (current funds), plus BYR (historic, exponent 0)
 * because it can still appear in old Shopify data. Codes that ISO lists as
 * "N.A." (precious metals, XDR, XXX, ...) are not used by Shopify and fall back
 * to the default of 2.
 */
const NON_DEFAULT_EXPONENTS: Readonly<Record<string, number>> = Object.freeze({
  // exponent 0
  BIF: 0,
  BYR: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  // exponent 3
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  // exponent 4
  CLF: 4,
  UYW: 4,
});

const CURRENCY_CODE = /^[A-Z]{3}$/;

/** Number of minor-unit digits of an ISO 4217 currency (JPY 0, USD 2, KWD 3, CLF 4). */
export function currencyExponent(code: string): number {
  if (typeof code !== "string" || !CURRENCY_CODE.test(code)) {
    throw new MoneyError(
      `Invalid currency code ${JSON.stringify(code)}: expected 3 uppercase letters A-Z (ISO 4217)`,
    );
  }
  return Object.prototype.hasOwnProperty.call(NON_DEFAULT_EXPONENTS, code)
    ? (NON_DEFAULT_EXPONENTS[code] as number)
    : 2;
}

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Converts a BigInt to a number, throwing MoneyError when it is not a safe integer. */
export function toSafeNumber(value: bigint, what: string): number {
  if (value > MAX_SAFE || value < -MAX_SAFE) {
    throw new MoneyError(`${what} (${value.toString()}) exceeds Number.MAX_SAFE_INTEGER`);
  }
  return Number(value);
}

/**
 * Parses a decimal amount ("10", "10.5", "-3.00", "1000.00") exactly into
 * integer minor units of `currency`. Trailing zeros beyond the currency
 * exponent are accepted; non-zero digits beyond it are an error. JS numbers
 * are converted through their canonical decimal string (so 1e21 or 1e-7,
 * whose canonical form uses exponent notation, are rejected).
 */
export function parseMinorUnits(amount: string | number, currency: string): number {
  const exponent = currencyExponent(currency);
  let text: string;
  if (typeof amount === "number") {
    if (!Number.isFinite(amount)) {
      throw new MoneyError(`Invalid ${currency} amount ${String(amount)}: not a finite number`);
    }
    text = String(amount);
  } else if (typeof amount === "string") {
    text = amount.trim();
  } else {
    throw new MoneyError(
      `Invalid ${currency} amount ${JSON.stringify(amount)}: expected a decimal string or number`,
    );
  }

  const match = DECIMAL.exec(text);
  if (!match) {
    throw new MoneyError(
      `Invalid ${currency} amount ${JSON.stringify(amount)}: expected a plain decimal like "12.34"`,
    );
  }
  const sign = match[1] === "-" ? -1n : 1n;
  const whole = match[2] as string;
  const fraction = match[3] ?? "";

  const kept = fraction.slice(0, exponent);
  const dropped = fraction.slice(exponent);
  if (/[^0]/.test(dropped)) {
    throw new MoneyError(
      `Invalid ${currency} amount ${JSON.stringify(amount)}: more than ${exponent} decimal digit(s) for ${currency}`,
    );
  }
  const digits = whole + kept.padEnd(exponent, "0");
  const minor = sign * BigInt(digits);
  return toSafeNumber(minor, `${currency} amount ${JSON.stringify(amount)} in minor units`);
}

/** Formats integer minor units as a plain decimal string without symbol: (1234,"USD") → "12.34". */
export function formatMinorUnits(minor: number, currency: string): string {
  const exponent = currencyExponent(currency);
  if (!Number.isSafeInteger(minor)) {
    throw new MoneyError(`Invalid ${currency} minor amount ${String(minor)}: expected a safe integer`);
  }
  const negative = minor < 0;
  const digits = String(Math.abs(minor));
  if (exponent === 0) return (negative ? "-" : "") + digits;
  const padded = digits.padStart(exponent + 1, "0");
  const whole = padded.slice(0, padded.length - exponent);
  const fraction = padded.slice(padded.length - exponent);
  return `${negative ? "-" : ""}${whole}.${fraction}`;
}
