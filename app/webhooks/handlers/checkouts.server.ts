// checkouts/create and checkouts/update: keep the newest state of each checkout.
import { parseMinorUnits } from "../../loyalty/money";
import { PermanentEventError, gidFrom, isoOrNull, type TopicHandler } from "./types";

type CheckoutFacts = {
  token: string; cartToken: string | null; customerGid: string | null; email: string | null;
  recoveryUrl: string | null; currency: string | null; totalMinor: number | null;
  lines: { title: string; quantity: number; variantGid: string | null }[];
  completedAt: string | null; updatedAt: string | null;
};

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
    };
  },
  async apply(tx, c, ctx) {
    await tx.run(
      `INSERT INTO checkout (shop, token, cart_token, customer_gid, email, recovery_url, currency, total_minor, lines_json, completed_at, checkout_updated_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (shop, token) DO UPDATE SET cart_token = excluded.cart_token, customer_gid = excluded.customer_gid,
         email = excluded.email, recovery_url = excluded.recovery_url, currency = excluded.currency,
         total_minor = excluded.total_minor, lines_json = excluded.lines_json,
         completed_at = COALESCE(excluded.completed_at, checkout.completed_at),
         checkout_updated_at = excluded.checkout_updated_at, updated_at = excluded.updated_at
       WHERE checkout.checkout_updated_at IS NULL OR excluded.checkout_updated_at IS NULL OR checkout.checkout_updated_at <= excluded.checkout_updated_at`,
      [ctx.shop, c.token, c.cartToken, c.customerGid, c.email, c.recoveryUrl, c.currency, c.totalMinor, JSON.stringify(c.lines), c.completedAt, c.updatedAt, ctx.now, ctx.now],
    );
    return { customerGid: c.customerGid, customerEmail: c.email };
  },
};
