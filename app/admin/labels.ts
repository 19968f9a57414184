// Labels shared by admin pages: code states, ledger sources, tier change reasons, who did what.
import type { BadgeProps } from "@shopify/polaris";
import type { MessageKey, Translate } from "../i18n/i18n";
import type { CodeState } from "../loyalty/rewards";

export const REDEMPTION_STATES = ["all", "pending", "active", "used", "expired", "returned", "failed"] as const;
export type RedemptionStateFilter = (typeof REDEMPTION_STATES)[number];

export const STATE_LABELS: Record<RedemptionStateFilter, MessageKey> = {
  all: "redemptions.state.all", pending: "redemptions.state.pending", active: "redemptions.state.active", used: "redemptions.state.used",
  expired: "redemptions.state.expired", returned: "redemptions.state.returned", failed: "redemptions.state.failed",
};

export const STATE_TONES: Record<CodeState, BadgeProps["tone"]> = {
  pending: "attention", active: "success", used: "info", expired: undefined, returned: undefined, failed: "critical",
};

export const SOURCE_LABELS: Record<string, MessageKey> = {
  order: "ledger.source.order", order_line: "ledger.source.orderLine", refund: "ledger.source.refund", cancellation: "ledger.source.cancellation",
  adjustment: "ledger.source.adjustment", bonus: "ledger.source.bonus", redemption: "ledger.source.redemption", expiry: "ledger.source.expiry",
  merge: "ledger.source.merge",
};

export const TIER_CHANGE_REASONS: Record<string, MessageKey> = {
  order: "tierChange.order", refund: "tierChange.refund", recalculation: "tierChange.recalculation", daily: "tierChange.daily",
  override: "tierChange.override", override_ended: "tierChange.overrideEnded", grace_ended: "tierChange.graceEnded",
};

/** Who wrote a ledger entry or changed a tier, readably: staff, Shopify, Kanta's own jobs, the shopper, else as recorded. */
export function causedByText(causedBy: string, t: Translate): string {
  const staff = /^staff:(.+)$/.exec(causedBy);
  if (staff) return t("ledger.by.staff", { id: staff[1]! });
  if (causedBy.startsWith("webhook:")) return t("ledger.by.webhook");
  if (causedBy.startsWith("kanta:")) return t("ledger.by.kanta");
  if (causedBy.startsWith("shopper:")) return t("ledger.by.shopper");
  if (causedBy.startsWith("api:")) return t("ledger.by.api");
  return causedBy;
}

const MARKETING: Record<string, MessageKey> = {
  subscribed: "member.marketing.subscribed", not_subscribed: "member.marketing.not_subscribed", unsubscribed: "member.marketing.unsubscribed",
  pending: "member.marketing.pending",
};

/** Shopify's email marketing state, readably (unknown states as they are). */
export function marketingText(state: string | null, t: Translate): string {
  if (!state) return "—";
  const key = MARKETING[state.toLowerCase()];
  return key ? t(key) : state;
}

/** "Ada Lovelace", else the email, else `fallback`. */
export function memberName(m: { firstName: string | null; lastName: string | null; email: string | null }, fallback: string): string {
  const name = [m.firstName, m.lastName].filter(Boolean).join(" ");
  return name || m.email || fallback;
}

export const gidTail = (gid: string) => gid.slice(gid.lastIndexOf("/") + 1);
