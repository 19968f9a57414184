import { describe, it, expect } from "vitest";
import { MoneyError, currencyExponent, formatMinorUnits, parseMinorUnits } from "../../../app/loyalty/money";

describe("currencyExponent", () => {
  it("uses the ISO 4217 exponents", () => {
    expect(currencyExponent("USD")).toBe(2);
    expect(currencyExponent("EUR")).toBe(2);
    expect(currencyExponent("HUF")).toBe(2);
    expect(currencyExponent("JPY")).toBe(0);
    expect(currencyExponent("KRW")).toBe(0);
    expect(currencyExponent("CLP")).toBe(0);
    expect(currencyExponent("ISK")).toBe(0);
    expect(currencyExponent("VND")).toBe(0);
    expect(currencyExponent("XOF")).toBe(0);
    expect(currencyExponent("XAF")).toBe(0);
    expect(currencyExponent("KWD")).toBe(3);
    expect(currencyExponent("BHD")).toBe(3);
    expect(currencyExponent("JOD")).toBe(3);
    expect(currencyExponent("OMR")).toBe(3);
    expect(currencyExponent("TND")).toBe(3);
    expect(currencyExponent("LYD")).toBe(3);
    expect(currencyExponent("IQD")).toBe(3);
    expect(currencyExponent("CLF")).toBe(4);
    expect(currencyExponent("UYW")).toBe(4);
  });

  it("rejects codes that are not 3 letters A-Z", () => {
    for (const bad of ["usd", "US", "USDX", "", "U$D", "12A"]) {
      expect(() => currencyExponent(bad)).toThrow(MoneyError);
    }
  });

  it("does not treat Object.prototype keys as currencies", () => {
    expect(() => currencyExponent("constructor")).toThrow(MoneyError);
  });
});

describe("parseMinorUnits", () => {
  it("parses USD exactly", () => {
    expect(parseMinorUnits("10", "USD")).toBe(1000);
    expect(parseMinorUnits("10.5", "USD")).toBe(1050);
    expect(parseMinorUnits("10.50", "USD")).toBe(1050);
    expect(parseMinorUnits("19.99", "USD")).toBe(1999);
    expect(parseMinorUnits("0.01", "USD")).toBe(1);
    expect(parseMinorUnits("0.10", "USD")).toBe(10);
    expect(parseMinorUnits("10.500", "USD")).toBe(1050);
    expect(parseMinorUnits("0", "USD")).toBe(0);
    expect(parseMinorUnits("+4.20", "USD")).toBe(420);
  });

  it("parses negatives", () => {
    expect(parseMinorUnits("-3.00", "USD")).toBe(-300);
    expect(parseMinorUnits("-0.05", "USD")).toBe(-5);
    expect(Object.is(parseMinorUnits("-0.00", "USD"), 0)).toBe(true);
  });

  it("parses JPY (exponent 0) with or without trailing zeros", () => {
    expect(parseMinorUnits("1000", "JPY")).toBe(1000);
    expect(parseMinorUnits("1000.00", "JPY")).toBe(1000);
    expect(parseMinorUnits("1000.0", "JPY")).toBe(1000);
  });

  it("parses KWD (exponent 3)", () => {
    expect(parseMinorUnits("12.345", "KWD")).toBe(12345);
    expect(parseMinorUnits("12.3", "KWD")).toBe(12300);
    expect(parseMinorUnits("0.001", "KWD")).toBe(1);
    expect(parseMinorUnits("12.3450", "KWD")).toBe(12345);
  });

  it("converts JS numbers through their canonical decimal string", () => {
    expect(parseMinorUnits(19.99, "USD")).toBe(1999);
    expect(parseMinorUnits(0.1, "USD")).toBe(10);
    expect(parseMinorUnits(1000, "JPY")).toBe(1000);
    expect(parseMinorUnits(-2.5, "KWD")).toBe(-2500);
  });

  it("accepts amounts up to Number.MAX_SAFE_INTEGER minor units", () => {
    expect(parseMinorUnits("90071992547409.91", "USD")).toBe(Number.MAX_SAFE_INTEGER);
  });

  it("rejects bad input with a message naming the value and currency", () => {
    expect(() => parseMinorUnits("abc", "USD")).toThrow(MoneyError);
    expect(() => parseMinorUnits("abc", "USD")).toThrow(/"abc".*USD|USD.*"abc"/);
    const bad: [string | number, string][] = [
      ["", "USD"],
      ["1e3", "USD"],
      ["1E3", "USD"],
      ["10.001", "USD"],
      ["10.5", "JPY"],
      ["1.2345", "KWD"],
      ["1,000.00", "USD"],
      ["10.", "USD"],
      [".5", "USD"],
      ["0x10", "USD"],
      ["Infinity", "USD"],
      ["NaN", "USD"],
      [Number.NaN, "USD"],
      [Number.POSITIVE_INFINITY, "USD"],
      [1e21, "USD"], // canonical string is "1e+21"
      [1e-7, "USD"], // canonical string is "1e-7"
      [0.001, "USD"],
      ["90071992547409.92", "USD"], // one above MAX_SAFE_INTEGER minor units
      ["10.00", "usd"],
    ];
    for (const [amount, currency] of bad) {
      expect(() => parseMinorUnits(amount, currency), `${String(amount)} ${currency}`).toThrow(MoneyError);
    }
  });

  it("names the value and currency in the error", () => {
    expect(() => parseMinorUnits("10.5", "JPY")).toThrow('Invalid JPY amount "10.5"');
  });
});

describe("formatMinorUnits", () => {
  it("formats without symbol using the currency exponent", () => {
    expect(formatMinorUnits(1234, "USD")).toBe("12.34");
    expect(formatMinorUnits(1234, "JPY")).toBe("1234");
    expect(formatMinorUnits(1234, "KWD")).toBe("1.234");
    expect(formatMinorUnits(-5, "USD")).toBe("-0.05");
    expect(formatMinorUnits(0, "USD")).toBe("0.00");
    expect(formatMinorUnits(5, "KWD")).toBe("0.005");
    expect(formatMinorUnits(-1234, "JPY")).toBe("-1234");
    expect(formatMinorUnits(1, "CLF")).toBe("0.0001");
    expect(formatMinorUnits(Number.MAX_SAFE_INTEGER, "USD")).toBe("90071992547409.91");
  });

  it("round-trips with parseMinorUnits", () => {
    for (const [minor, currency] of [
      [1999, "USD"],
      [-300, "EUR"],
      [1000, "JPY"],
      [12345, "KWD"],
      [7, "BHD"],
    ] as const) {
      expect(parseMinorUnits(formatMinorUnits(minor, currency), currency)).toBe(minor);
    }
  });

  it("rejects non-integers", () => {
    expect(() => formatMinorUnits(12.5, "USD")).toThrow(MoneyError);
    expect(() => formatMinorUnits(Number.MAX_SAFE_INTEGER + 1, "USD")).toThrow(MoneyError);
  });
});
