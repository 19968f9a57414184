// The admin's language for a request. Shopify's admin adds `locale` (e.g. "fi", "fi-FI") to the
// URL it loads the embedded app with; client-side navigations and form posts carry no query, so
// the app shell remembers the choice in a cookie. Anything else is English.
import { env } from "../env.server";
import { DEFAULT_LOCALE, i18nFor, parseAdminLocale, type AdminLocale, type I18n } from "./i18n";

export const LOCALE_COOKIE = "kanta_admin_locale";

function cookieLocale(request: Request): AdminLocale | null {
  const header = request.headers.get("Cookie") ?? "";
  for (const part of header.split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === LOCALE_COOKIE) return parseAdminLocale(decodeURIComponent(value.join("=")));
  }
  return null;
}

function queryLocale(request: Request): AdminLocale | null {
  return parseAdminLocale(new URL(request.url).searchParams.get("locale"));
}

/** The `locale` query parameter, else the remembered locale, else English. */
export function adminLocale(request: Request): AdminLocale {
  return queryLocale(request) ?? cookieLocale(request) ?? DEFAULT_LOCALE;
}

/** Translator and formatters in the request's admin language. */
export function adminI18n(request: Request): I18n {
  return i18nFor(adminLocale(request));
}

/**
 * The Set-Cookie value that remembers the locale a document load named, or null when the URL
 * names none or the cookie already holds it. Inside Shopify's admin the app is a cross-site
 * iframe, so over https the cookie is SameSite=None, Secure and Partitioned (CHIPS).
 */
export function localeCookie(request: Request, secure = new URL(env().SHOPIFY_APP_URL).protocol === "https:"): string | null {
  const locale = queryLocale(request);
  if (!locale || locale === cookieLocale(request)) return null;
  const attributes = secure ? "SameSite=None; Secure; Partitioned" : "SameSite=Lax";
  return `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=31536000; HttpOnly; ${attributes}`;
}
