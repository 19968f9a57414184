// Decimal numbers typed in the admin: Finnish writes "1,25" where the app's parsers read "1.25".
import type { AdminLocale } from "../i18n/i18n";

/** "1,25" → "1.25" where the admin's language writes decimals with a comma; anything else as typed. */
export function decimalInput(value: string, locale: AdminLocale): string {
  return locale === "fi" ? value.trim().replace(/^(\d+),(\d+)$/, "$1.$2") : value;
}
