// The admin language in components: the app shell (routes/app.tsx) provides the locale its loader
// chose; pages call useI18n() for `t` and the formatters.
import { createContext, useContext, type ReactNode } from "react";
import { DEFAULT_LOCALE, i18nFor, type AdminLocale, type I18n } from "./i18n";

const I18nContext = createContext<I18n>(i18nFor(DEFAULT_LOCALE));

export function I18nProvider({ locale, children }: { locale: AdminLocale; children: ReactNode }) {
  return <I18nContext.Provider value={i18nFor(locale)}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}
