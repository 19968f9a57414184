// The embedded admin's shell: authentication, App Bridge, Polaris in the merchant's language, the
// navigation menu, and a skeleton while another page loads.
import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useLocation, useNavigation, useRouteError } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import polarisEn from "@shopify/polaris/locales/en.json";
import polarisFi from "@shopify/polaris/locales/fi.json";
import polarisStyles from "@shopify/polaris/build/esm/styles.css";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { ADMIN_NAV } from "../admin/navigation";
import { PageSkeleton } from "../admin/page-states";
import type { AdminLocale } from "../i18n/i18n";
import { adminLocale, localeCookie } from "../i18n/i18n.server";
import { I18nProvider, useI18n } from "../i18n/react";
import { appBridgeScriptUrl } from "../local-admin/local-admin.server";
import { authenticate } from "../shopify.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

/** Polaris's own texts (pagination, filters, modals…) in each admin language. */
const POLARIS_TRANSLATIONS: Record<AdminLocale, typeof polarisEn> = { en: polarisEn, fi: polarisFi };

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.admin(request);
  const cookie = localeCookie(request);
  return json(
    {
      apiKey: process.env.SHOPIFY_API_KEY ?? "",
      locale: adminLocale(request),
      // Shopify's CDN script in production; the local stand-in only in the local admin (loopback).
      appBridgeUrl: appBridgeScriptUrl(request) ?? null,
    },
    cookie ? { headers: { "Set-Cookie": cookie } } : undefined,
  );
};

function Navigation() {
  const { t } = useI18n();
  return (
    <NavMenu>
      {ADMIN_NAV.map((item, index) => (
        <Link key={item.to} to={item.to} rel={index === 0 ? "home" : undefined}>
          {t(item.label)}
        </Link>
      ))}
    </NavMenu>
  );
}

export default function App() {
  const { apiKey, locale, appBridgeUrl } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const location = useLocation();
  // A new page is loading (not a search or a form on the current one): show its skeleton.
  const switchingPage = navigation.state === "loading" && navigation.location.pathname !== location.pathname && !navigation.formMethod;
  return (
    <AppProvider isEmbeddedApp apiKey={apiKey} i18n={POLARIS_TRANSLATIONS[locale]} __APP_BRIDGE_URL={appBridgeUrl ?? undefined}>
      <I18nProvider locale={locale}>
        <Navigation />
        {switchingPage ? <PageSkeleton /> : <Outlet />}
      </I18nProvider>
    </AppProvider>
  );
}

// Shopify needs Remix to catch some thrown responses so that their headers are included.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
