// The merchant admin's languages: one catalog of messages per locale (app/locales/<locale>.json,
// flat keys such as "members.title"), a typed `t()` and locale-aware number, money and date
// formatting. Pure: usable in loaders, actions and components alike.
//
// Adding a message: add the key to en.json and fi.json (the type of the keys comes from en.json,
// and `Catalog` below fails to compile when fi.json misses one). A message may hold {name}
// placeholders, filled from `vars` (numbers are formatted for the locale; pass ids as strings),
// or be plural: { "one": "…", "other": "…" }, chosen by `vars.count`.
import en from "../locales/en.json";
import fi from "../locales/fi.json";
import { formatMinorUnits } from "../loyalty/money";

export const ADMIN_LOCALES = ["en", "fi"] as const;
export type AdminLocale = (typeof ADMIN_LOCALES)[number];
export const DEFAULT_LOCALE: AdminLocale = "en";

export type PluralMessage = { one: string; other: string };
export type Message = string | PluralMessage;
export type MessageKey = keyof typeof en;
export type Catalog = Record<MessageKey, Message>;
export type MessageVars = Record<string, string | number>;

const CATALOGS: Record<AdminLocale, Catalog> = { en, fi };

/** The catalog of a locale (tests compare them). */
export function catalog(locale: AdminLocale): Catalog {
  return CATALOGS[locale];
}

/** "fi", "fi-FI", "FI", "fi_FI" → "fi"; "en-US" → "en"; anything else (or nothing) → null. */
export function parseAdminLocale(tag: string | null | undefined): AdminLocale | null {
  const language = tag?.trim().toLowerCase().split(/[-_]/)[0] ?? "";
  return (ADMIN_LOCALES as readonly string[]).includes(language) ? (language as AdminLocale) : null;
}

export type Translate = (key: MessageKey, vars?: MessageVars) => string;

export type I18n = {
  locale: AdminLocale;
  t: Translate;
  /** 1234567 → "1,234,567" (en) / "1 234 567" (fi). */
  number: (n: number) => string;
  /** Integer minor units → "1,234.50 EUR" (en) / "1 234,50 EUR" (fi), exact for any amount. */
  money: (minor: number, currency: string) => string;
  /** An ISO timestamp in the shop's time zone (an unknown zone falls back to UTC). */
  dateTime: (iso: string, timeZone?: string | null) => string;
  /** The calendar date of an ISO timestamp in the shop's time zone. */
  date: (iso: string, timeZone?: string | null) => string;
};

const cache = new Map<AdminLocale, I18n>();

/** The translator and formatters of a locale. */
export function i18nFor(locale: AdminLocale): I18n {
  let i18n = cache.get(locale);
  if (!i18n) {
    i18n = build(locale);
    cache.set(locale, i18n);
  }
  return i18n;
}

function build(locale: AdminLocale): I18n {
  const messages = CATALOGS[locale];
  const numbers = new Intl.NumberFormat(locale);
  const plurals = new Intl.PluralRules(locale);
  const decimalSeparator = new Intl.NumberFormat(locale, { minimumFractionDigits: 1 }).formatToParts(1.5).find((p) => p.type === "decimal")?.value ?? ".";
  const number = (n: number) => numbers.format(n);

  const t: Translate = (key, vars) => {
    const message: Message | undefined = messages[key] ?? CATALOGS[DEFAULT_LOCALE][key];
    if (message === undefined) return key;
    let text: string;
    if (typeof message === "string") text = message;
    else {
      const count = typeof vars?.count === "number" ? vars.count : Number(vars?.count ?? NaN);
      text = Number.isFinite(count) && plurals.select(count) === "one" ? message.one : message.other;
    }
    if (!vars) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = vars[name];
      if (value === undefined) return whole;
      return typeof value === "number" ? number(value) : value;
    });
  };

  const money = (minor: number, currency: string) => {
    let plain: string;
    try {
      plain = formatMinorUnits(minor, currency);
    } catch {
      return `${minor} ${currency}`;
    }
    const negative = plain.startsWith("-");
    const [whole, fraction] = (negative ? plain.slice(1) : plain).split(".");
    const grouped = numbers.format(BigInt(whole ?? "0"));
    return `${negative ? "-" : ""}${grouped}${fraction ? `${decimalSeparator}${fraction}` : ""} ${currency}`;
  };

  const formatter = (options: Intl.DateTimeFormatOptions) => {
    const byZone = new Map<string, Intl.DateTimeFormat>();
    return (iso: string, timeZone?: string | null) => {
      const zone = timeZone || "UTC";
      let f = byZone.get(zone);
      if (!f) {
        try {
          f = new Intl.DateTimeFormat(locale === "en" ? "en-US" : locale, { ...options, timeZone: zone });
        } catch {
          f = new Intl.DateTimeFormat(locale === "en" ? "en-US" : locale, { ...options, timeZone: "UTC" });
        }
        byZone.set(zone, f);
      }
      const at = new Date(iso);
      return Number.isNaN(at.getTime()) ? iso : f.format(at);
    };
  };

  return {
    locale,
    t,
    number,
    money,
    dateTime: formatter({ dateStyle: "medium", timeStyle: "short" }),
    date: formatter({ dateStyle: "medium" }),
  };
}
