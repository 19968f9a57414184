// checkouts/create and checkouts/update: keep the newest state of each checkout, and mark when the
// abandoned-checkout sweep should look at it (its last change + the flow's first delay). A
// completed checkout ends the shopper's abandoned-checkout flow at once.
import { loadFlow } from "../../storage/flow-config.server";
import { stopRuns } from "../../storage/flow-runs.server";
import type { SqlExecutor } from "../../storage/sql.server";
import { parseMinorUnits } from "../../loyalty/money";
import { defaultFlow, FlowConfigError } from "../../flows/config";
import { stepDueAt } from "../../flows/schedule";
import { PermanentEventError, gidFrom, isoOrNull, type TopicHandler } from "./types";

type CheckoutFacts = {
  token: string; cartToken: string | null; customerGid: string | null; email: string | null;
  recoveryUrl: string | null; currency: string | null; totalMinor: number | null;
  lines: { title: string; quantity: number; variantGid: string | null }[];
  completedAt: string | null; updatedAt: string | null;
  buyerAcceptsMarketing: boolean | null; locale: string | null;
};

/** The abandoned-checkout flow as the intake needs it: on or off, and its first step's delay. */
async function recoveryTiming(tx: SqlExecutor, shop: string): Promise<{ enabled: boolean; firstDelayHours: number }> {
  let flow = defaultFlow("abandoned_checkout");
  try {
    flow = await loadFlow(tx, shop, "abandoned_checkout");
  } catch (error) {
    // A stored flow that no longer parses is the admin's to fix; checkouts keep their defaults meanwhile.
    if (!(error instanceof FlowConfigError)) throw error;
  }
  return { enabled: flow.enabled, firstDelayHours: flow.steps[0]?.delayHours ?? 1 };
}

export const checkoutHandler: TopicHandler<CheckoutFacts> = {
  parse(payload) {
    const p = payload as Record<string, any>;
    const token = typeof p?.token === "string" && p.token ? p.token : null;
    if (!token) throw new PermanentEventError("checkout payload has no token");
    const currency = typeof p.currency === "string" ? p.currency : null;
    let totalMinor: number | null = null;
    if (currency && p.total_price != null) {
      try {
        totalMinor = parseMinorUnits(String(p.total_price), currency);
      } catch (e) {
        throw new PermanentEventError((e as Error).message);
      }
    }
    const customer = p.customer as Record<string, unknown> | null | undefined;
    const locale = typeof p.customer_locale === "string" && /^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/.test(p.customer_locale) ? p.customer_locale : null;
    return {
      token,
      cartToken: typeof p.cart_token === "string" ? p.cart_token : null,
      customerGid: customer ? gidFrom("Customer", customer.admin_graphql_api_id) ?? gidFrom("Customer", customer.id) : null,
      email: typeof p.email === "string" && p.email ? p.email.trim().toLowerCase() : null,
      recoveryUrl: typeof p.abandoned_checkout_url === "string" ? p.abandoned_checkout_url : null,
      currency,
      totalMinor,
      lines: Array.isArray(p.line_items)
        ? p.line_items.map((l: Record<string, unknown>) => ({
            title: String(l.title ?? ""),
            quantity: Number(l.quantity ?? 0),
            variantGid: gidFrom("ProductVariant", l.variant_id),
          }))
        : [],
      completedAt: isoOrNull(p.completed_at),
      updatedAt: isoOrNull(p.updated_at),
      buyerAcceptsMarketing: typeof p.buyer_accepts_marketing === "boolean" ? p.buyer_accepts_marketing : null,
      locale,
    };
  },
  async apply(tx, c, ctx) {
    const recovery = await recoveryTiming(tx, ctx.shop);
    const lastChange = new Date(c.updatedAt ?? ctx.now);
    // Unless it completes, every change restarts the wait: the sweep looks at it once the first step is due.
    const flowCheckAt = c.completedAt || !recovery.enabled ? null : stepDueAt(lastChange, recovery.firstDelayHours).toISOString();
    const flowState = c.completedAt ? "completed" : recovery.enabled ? null : "flow_off";
    await tx.run(
      `INSERT INTO checkout (shop, token, cart_token, customer_gid, email, recovery_url, currency, total_minor, lines_json, completed_at, checkout_updated_at,
         buyer_accepts_marketing, locale, flow_check_at, flow_state, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (shop, token) DO UPDATE SET cart_token = excluded.cart_token, customer_gid = excluded.customer_gid,
         email = excluded.email, recovery_url = excluded.recovery_url, currency = excluded.currency,
         total_minor = excluded.total_minor, lines_json = excluded.lines_json,
         completed_at = COALESCE(excluded.completed_at, checkout.completed_at),
         checkout_updated_at = excluded.checkout_updated_at, updated_at = excluded.updated_at,
         buyer_accepts_marketing = COALESCE(excluded.buyer_accepts_marketing, checkout.buyer_accepts_marketing),
         locale = COALESCE(excluded.locale, checkout.locale),
         flow_check_at = CASE WHEN checkout.completed_at IS NULL THEN excluded.flow_check_at ELSE NULL END,
         flow_state = CASE WHEN checkout.completed_at IS NULL THEN excluded.flow_state ELSE 'completed' END
       WHERE checkout.checkout_updated_at IS NULL OR excluded.checkout_updated_at IS NULL OR checkout.checkout_updated_at <= excluded.checkout_updated_at`,
      [ctx.shop, c.token, c.cartToken, c.customerGid, c.email, c.recoveryUrl, c.currency, c.totalMinor, JSON.stringify(c.lines), c.completedAt, c.updatedAt,
        c.buyerAcceptsMarketing, c.locale, flowCheckAt, flowState, ctx.now, ctx.now],
    );
    if (c.completedAt) {
      // Completion counts even when it arrives after a newer update of the same checkout.
      await tx.run(
        `UPDATE checkout SET completed_at = COALESCE(completed_at, ?), flow_check_at = NULL, flow_state = 'completed' WHERE shop = ? AND token = ?`,
        [c.completedAt, ctx.shop, c.token],
      );
      await stopRuns(tx, ctx.shop, { customerGid: c.customerGid, email: c.email }, "checkout_completed", ctx.now, ["abandoned_checkout"]);
    }
    return { customerGid: c.customerGid, customerEmail: c.email };
  },
};
