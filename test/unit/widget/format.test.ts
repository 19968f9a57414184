// The storefront widget's pure formatting (extensions/kanta-rewards/src/format.ts), exact values.
import { describe, expect, it } from "vitest";
import { currencyExponent as serverExponent } from "../../../app/loyalty/money";
import {
  currencyExponent,
  decimalToMinor,
  earnPoints,
  estimateEarnPoints,
  fill,
  formatMoney,
  formatPoints,
  pointsText,
  progressPercent,
  remainingText,
  shopCentsFromPresentment,
  type Progress,
} from "../../../extensions/kanta-rewards/src/format";

const NBSP = "\u00a0";
const EN_POINTS = { one: "{points} point", other: "{points} points" };
const FI_POINTS = { one: "{points} piste", other: "{points} pistettä" };

describe("formatPoints", () => {
  it("groups digits as the language does", () => {
    expect(formatPoints(1250, "en")).toBe("1,250");
    expect(formatPoints(1250, "fi")).toBe(`1${NBSP}250`);
    expect(formatPoints(1234567, "en")).toBe("1,234,567");
    expect(formatPoints(1234567, "fi")).toBe(`1${NBSP}234${NBSP}567`);
    expect(formatPoints(999, "fi")).toBe("999");
    expect(formatPoints(0, "en")).toBe("0");
  });

  it("with the plural templates of the locale files", () => {
    expect(pointsText(1, "en", EN_POINTS)).toBe("1 point");
    expect(pointsText(1250, "en", EN_POINTS)).toBe("1,250 points");
    expect(pointsText(1, "fi", FI_POINTS)).toBe("1 piste");
    expect(pointsText(1250, "fi", FI_POINTS)).toBe(`1${NBSP}250 pistettä`);
    expect(pointsText(0, "fi", FI_POINTS)).toBe("0 pistettä");
  });
});

describe("formatMoney", () => {
  it("EUR: two decimals", () => {
    expect(formatMoney(123450, "EUR", "en")).toBe("€1,234.50");
    expect(formatMoney(123450, "EUR", "fi")).toBe(`1${NBSP}234,50${NBSP}€`);
    expect(formatMoney(5, "EUR", "en")).toBe("€0.05");
  });

  it("JPY: no decimals", () => {
    expect(formatMoney(1235, "JPY", "en")).toBe("¥1,235");
    expect(formatMoney(1235, "JPY", "fi")).toBe(`1${NBSP}235${NBSP}¥`);
  });

  it("KWD: three decimals", () => {
    expect(formatMoney(1234500, "KWD", "en")).toBe(`KWD${NBSP}1,234.500`);
    expect(formatMoney(1234500, "KWD", "fi")).toBe(`1${NBSP}234,500${NBSP}KWD`);
    expect(formatMoney(1, "KWD", "en")).toBe(`KWD${NBSP}0.001`);
  });

  it("throws on a code that is not ISO 4217 shaped", () => {
    expect(() => formatMoney(100, "eur", "en")).toThrow(RangeError);
  });
});

describe("currencyExponent", () => {
  it("equals the server's for every three-letter code", () => {
    const A = "A".charCodeAt(0);
    const differences: string[] = [];
    for (let i = 0; i < 26 ** 3; i++) {
      const code = String.fromCharCode(A + Math.floor(i / 676), A + (Math.floor(i / 26) % 26), A + (i % 26));
      if (currencyExponent(code) !== serverExponent(code)) differences.push(code);
    }
    expect(differences).toEqual([]);
    expect([currencyExponent("JPY"), currencyExponent("EUR"), currencyExponent("KWD"), currencyExponent("CLF")]).toEqual([0, 2, 3, 4]);
  });
});

describe("decimalToMinor", () => {
  it("reads decimal texts exactly", () => {
    expect(decimalToMinor("120.00", "EUR")).toBe(12000);
    expect(decimalToMinor("120", "EUR")).toBe(12000);
    expect(decimalToMinor("0.5", "EUR")).toBe(50);
    expect(decimalToMinor("1500", "JPY")).toBe(1500);
    expect(decimalToMinor("1.250", "KWD")).toBe(1250);
    expect(decimalToMinor("1.2500", "KWD")).toBe(1250);
  });

  it("refuses what is not a plain amount of that currency", () => {
    expect(decimalToMinor("1.5", "JPY")).toBeNull();
    expect(decimalToMinor("-1.00", "EUR")).toBeNull();
    expect(decimalToMinor("1e3", "EUR")).toBeNull();
    expect(decimalToMinor("12.345", "EUR")).toBeNull();
    expect(decimalToMinor("10", "euro")).toBeNull();
    expect(decimalToMinor("99999999999999999", "EUR")).toBeNull();
  });
});

describe("progress", () => {
  const spend: Progress = { basis: "spend", current: "380.00", currency: "EUR", next: { name: "Silver", threshold: "500.00", remaining: "120.00" } };
  const points: Progress = { basis: "points", current: "700", currency: null, next: { name: "Gold", threshold: "1000", remaining: "300" } };

  it("percent of the next tier's threshold, rounded down", () => {
    expect(progressPercent(spend)).toBe(76);
    expect(progressPercent(points)).toBe(70);
    expect(progressPercent({ ...spend, current: "499.99" })).toBe(99);
    expect(progressPercent({ ...spend, next: null })).toBe(100);
    expect(progressPercent({ ...spend, current: "not a number" })).toBe(0);
  });

  it("remaining money in the shop currency, or points", () => {
    expect(remainingText(spend, "en", EN_POINTS)).toBe("€120.00");
    expect(remainingText(spend, "fi", FI_POINTS)).toBe(`120,00${NBSP}€`);
    expect(remainingText({ ...spend, currency: "JPY", next: { name: "Silver", threshold: "50000", remaining: "12000" } }, "en", EN_POINTS)).toBe("¥12,000");
    expect(remainingText({ ...spend, currency: "KWD", next: { name: "Silver", threshold: "500.000", remaining: "1.5" } }, "en", EN_POINTS)).toBe(`KWD${NBSP}1.500`);
    expect(remainingText(points, "en", EN_POINTS)).toBe("300 points");
    expect(remainingText({ ...points, next: { name: "Gold", threshold: "5000", remaining: "1250" } }, "fi", FI_POINTS)).toBe(`1${NBSP}250 pistettä`);
    expect(remainingText({ ...spend, next: null }, "en", EN_POINTS)).toBeNull();
  });

  it("fills the locale file's sentence", () => {
    expect(fill("{amount} more to reach {tier}", { amount: "€120.00", tier: "Silver" })).toBe("€120.00 more to reach Silver");
    expect(fill("Vielä {{ amount }} tasoon {{tier}}", { amount: "120,00 €", tier: "Silver" })).toBe("Vielä 120,00 € tasoon Silver");
    expect(fill("{unknown} stays", {})).toBe("{unknown} stays");
  });
});

describe("earn points", () => {
  it("as the server computes an order's points (Liquid's price is the amount × 100)", () => {
    // 45.99 EUR, 1 point per 1 EUR, 1.25× → floor(57.4875)
    expect(earnPoints(4599, { points: 1, perAmount: "1" }, 12_500)).toBe(57);
    expect(earnPoints(4599, { points: 1, perAmount: "1" }, 10_000)).toBe(45);
    // 5 points per 10 units: 45.99 → floor(22.995)
    expect(earnPoints(4599, { points: 5, perAmount: "10" }, 10_000)).toBe(22);
    // JPY 1,999 (Liquid 199900), 1 point per 100 JPY → 19
    expect(earnPoints(199_900, { points: 1, perAmount: "100" }, 10_000)).toBe(19);
    // KWD 12.340 (Liquid 1234) → 12, whatever the exponent
    expect(earnPoints(1234, { points: 1, perAmount: "1" }, 10_000)).toBe(12);
    expect(earnPoints(99, { points: 1, perAmount: "1" }, 10_000)).toBe(0);
  });

  it("refuses unusable input", () => {
    expect(earnPoints(4599, { points: 1, perAmount: "0" }, 10_000)).toBeNull();
    expect(earnPoints(4599, { points: 1, perAmount: "1.5" }, 10_000)).toBeNull();
    expect(earnPoints(Number.NaN, { points: 1, perAmount: "1" }, 10_000)).toBeNull();
    expect(earnPoints(-100, { points: 1, perAmount: "1" }, 10_000)).toBeNull();
  });

  it("converts a presentment price back with Shopify.currency.rate, rounded to the shop currency's minor unit", () => {
    // 499.00 SEK at 11.2345 SEK per EUR = 44.4167… EUR → 44.42 EUR
    expect(shopCentsFromPresentment(49_900, "11.2345", "EUR")).toBe(4442);
    expect(estimateEarnPoints(49_900, "11.2345", "EUR", { points: 1, perAmount: "1" }, 10_000)).toBe(44);
    expect(estimateEarnPoints(49_900, 11.2345, "EUR", { points: 1, perAmount: "1" }, 15_000)).toBe(66);
    // 50.00 EUR shown to a shop in JPY at 0.0062 EUR per JPY = 8064.5… JPY → 8065 JPY (806500 in Liquid's units)
    expect(shopCentsFromPresentment(5000, "0.0062", "JPY")).toBe(806_500);
    expect(estimateEarnPoints(5000, "0.0062", "JPY", { points: 1, perAmount: "100" }, 10_000)).toBe(80);
    expect(shopCentsFromPresentment(5000, "0", "EUR")).toBeNull();
    expect(shopCentsFromPresentment(5000, "abc", "EUR")).toBeNull();
    expect(shopCentsFromPresentment(5000, "1.1", "euro")).toBeNull();
  });
});
