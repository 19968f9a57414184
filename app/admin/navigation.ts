// The app's pages in Shopify's admin navigation (App Bridge NavMenu), in order; the first is the
// app's home. A new page adds one line here and its label to app/locales/*.json.
import type { MessageKey } from "../i18n/i18n";

export type AdminNavItem = { to: string; label: MessageKey };

export const ADMIN_NAV: readonly AdminNavItem[] = [
  { to: "/app", label: "nav.overview" },
  { to: "/app/members", label: "nav.members" },
  { to: "/app/rewards", label: "nav.rewards" },
  { to: "/app/redemptions", label: "nav.redemptions" },
  { to: "/app/flows", label: "nav.flows" },
  { to: "/app/settings/earning", label: "nav.earning" },
  { to: "/app/settings/tiers", label: "nav.tiers" },
  { to: "/app/settings/actions", label: "nav.actions" },
  { to: "/app/settings/expiry", label: "nav.expiry" },
];
