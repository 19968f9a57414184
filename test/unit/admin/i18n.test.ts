// The admin's languages: both catalogs hold the same messages with the same placeholders, the
// locale comes from Shopify's `locale` parameter (then the cookie), and numbers, money and plurals
// are formatted for the locale.
import { describe, expect, it } from "vitest";
import { ADMIN_LOCALES, catalog, i18nFor, parseAdminLocale, type Message } from "../../../app/i18n/i18n";
import { adminLocale, localeCookie } from "../../../app/i18n/i18n.server";

const placeholders = (m: Message) =>
  [...new Set((typeof m === "string" ? [m] : [m.one, m.other]).flatMap((text) => [...text.matchAll(/\{(\w+)\}/g)].map((x) => x[1])))].sort();

describe("message catalogs", () => {
  const en = catalog("en");
  it("Finnish has exactly the English keys, each of the same kind, with the same placeholders", () => {
    for (const locale of ADMIN_LOCALES) {
      const other = catalog(locale);
      expect(Object.keys(other).sort()).toEqual(Object.keys(en).sort());
      for (const [key, message] of Object.entries(en) as [keyof typeof en, Message][]) {
        const translated = other[key];
        expect([key, typeof translated]).toEqual([key, typeof message]);
        expect([key, placeholders(translated)]).toEqual([key, placeholders(message)]);
      }
    }
  });

  it("has no empty message, and plural messages count with {count}", () => {
    for (const locale of ADMIN_LOCALES) {
      for (const [key, message] of Object.entries(catalog(locale))) {
        if (typeof message === "string") expect([locale, key, message.trim().length > 0]).toEqual([locale, key, true]);
        else expect([locale, key, message.one.includes("{count}") || !message.other.includes("{count}")]).toEqual([locale, key, true]);
      }
    }
  });
});

describe("parseAdminLocale", () => {
  it.each([
    ["fi", "fi"], ["fi-FI", "fi"], ["FI", "fi"], ["fi_FI", "fi"], [" en-US ", "en"], ["en", "en"],
    ["sv", null], ["de-DE", null], ["", null], [null, null], [undefined, null], ["fin", null],
  ])("%j → %j", (tag, locale) => {
    expect(parseAdminLocale(tag)).toBe(locale);
  });
});

describe("t()", () => {
  const en = i18nFor("en");
  const fi = i18nFor("fi");
  it("fills placeholders, formatting numbers for the locale", () => {
    expect(en.t("overview.webhooks.counts", { done: 1234, pending: 0, failed: 2 })).toBe("1,234 applied · 0 waiting · 2 failed");
    expect(fi.t("overview.webhooks.counts", { done: 1234, pending: 0, failed: 2 })).toBe("1\u00a0234 käsitelty · 0 odottaa · 2 epäonnistui");
    expect(en.t("member.fallbackName", { id: "1234567" })).toBe("Customer 1234567");
    expect(en.t("member.fallbackName")).toBe("Customer {id}");
  });

  it("chooses the plural form by count", () => {
    expect([en.t("common.points", { count: 1 }), en.t("common.points", { count: 0 }), en.t("common.points", { count: 1500 })]).toEqual([
      "1 point", "0 points", "1,500 points",
    ]);
    expect([fi.t("common.points", { count: 1 }), fi.t("common.points", { count: 2 })]).toEqual(["1 piste", "2 pistettä"]);
    expect(en.t("common.days")).toBe("{count} days");
  });
});

describe("money and dates", () => {
  const en = i18nFor("en");
  const fi = i18nFor("fi");
  it("formats integer minor units exactly with the currency's exponent", () => {
    expect(en.money(123456, "USD")).toBe("1,234.56 USD");
    expect(fi.money(123456, "EUR")).toBe("1\u00a0234,56 EUR");
    expect(en.money(1234, "JPY")).toBe("1,234 JPY");
    expect(en.money(1234, "KWD")).toBe("1.234 KWD");
    expect(en.money(-5, "USD")).toBe("-0.05 USD");
    expect(en.money(0, "EUR")).toBe("0.00 EUR");
    expect(en.money(9_007_199_254_740_991, "USD")).toBe("90,071,992,547,409.91 USD");
    expect(en.money(1.5, "USD")).toBe("1.5 USD");
  });

  it("shows timestamps in the shop's time zone (unknown zones as UTC)", () => {
    expect(en.dateTime("2026-03-01T12:30:00.000Z", "Europe/Helsinki")).toBe("Mar 1, 2026, 2:30 PM");
    expect(fi.date("2026-03-01T23:30:00.000Z", "Europe/Helsinki")).toBe("2.3.2026");
    expect(en.date("2026-03-01T23:30:00.000Z", "Not/AZone")).toBe("Mar 1, 2026");
    expect(en.date("not a date")).toBe("not a date");
  });
});

describe("the admin language of a request", () => {
  const request = (query: string, cookie?: string) =>
    new Request(`https://kanta.example.com/app${query}`, { headers: cookie ? { Cookie: cookie } : {} });
  it("is Shopify's locale parameter, else the remembered one, else English", () => {
    expect(adminLocale(request("?locale=fi-FI"))).toBe("fi");
    expect(adminLocale(request("?locale=en", "kanta_admin_locale=fi"))).toBe("en");
    expect(adminLocale(request("", "other=1; kanta_admin_locale=fi"))).toBe("fi");
    expect(adminLocale(request("?locale=de", "kanta_admin_locale=fi"))).toBe("fi");
    expect(adminLocale(request("?locale=de"))).toBe("en");
    expect(adminLocale(request("", "kanta_admin_locale=xx"))).toBe("en");
    expect(adminLocale(request(""))).toBe("en");
  });

  it("is remembered in a cookie when the address names it (cross-site inside Shopify's admin over https)", () => {
    expect(localeCookie(request("?locale=fi"), true)).toBe("kanta_admin_locale=fi; Path=/; Max-Age=31536000; HttpOnly; SameSite=None; Secure; Partitioned");
    expect(localeCookie(request("?locale=fi"), false)).toBe("kanta_admin_locale=fi; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax");
    expect(localeCookie(request("?locale=fi", "kanta_admin_locale=fi"), true)).toBeNull();
    expect(localeCookie(request("?locale=en", "kanta_admin_locale=fi"), true)).toMatch(/^kanta_admin_locale=en;/);
    expect(localeCookie(request(""), true)).toBeNull();
    expect(localeCookie(request("?locale=zz"), true)).toBeNull();
  });
});
