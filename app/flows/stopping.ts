// Whether a checkout is abandoned and starts the recovery flow, whether an order stops flows, and
// whether a shopper may get marketing mail: pure decisions over facts the engine reads.

/** What the sweep records on a checkout it looked at (checkout.flow_state). */
export type CheckoutFlowState =
  | "started" | "completed" | "not_abandoned" | "superseded" | "no_email" | "below_minimum" | "flow_off" | "already_ran";

export type CheckoutFacts = {
  token: string;
  customerGid: string | null;
  email: string | null;
  totalMinor: number | null;
  currency: string | null;
  completedAt: string | null;
  /** The checkout's last change (Shopify's updated_at; Kanta's receipt time when it has none). */
  lastChangeAt: Date;
};

export type AbandonmentFacts = {
  checkout: CheckoutFacts;
  /** When orders of the same customer or email that are paid (and not test orders) were placed. */
  paidOrdersAt: readonly Date[];
  /** Whether the same customer or email has a newer checkout that is not completed. */
  newerCheckout: boolean;
  flow: { enabled: boolean; minCartMinor: number | null };
  shopCurrency: string | null;
};

/**
 * A checkout is abandoned when it did not complete and the same customer or email paid no order
 * placed after the checkout's last change.
 */
export function isAbandoned(checkout: Pick<CheckoutFacts, "completedAt" | "lastChangeAt">, paidOrdersAt: readonly Date[]): boolean {
  if (checkout.completedAt) return false;
  const since = checkout.lastChangeAt.getTime();
  return !paidOrdersAt.some((at) => at.getTime() >= since);
}

/**
 * Whether the cart reaches the flow's minimum. The minimum is in the shop's currency; a cart in
 * another currency (a market's presentment currency) is not compared and qualifies.
 */
export function reachesMinimum(totalMinor: number | null, currency: string | null, minCartMinor: number | null, shopCurrency: string | null): boolean {
  if (minCartMinor === null || minCartMinor <= 0) return true;
  if (!currency || !shopCurrency || currency !== shopCurrency) return true;
  return (totalMinor ?? 0) >= minCartMinor;
}

/** What to do with a checkout whose first step is due: start the recovery flow, or why not. */
export function decideCheckout(f: AbandonmentFacts): { start: true } | { start: false; state: Exclude<CheckoutFlowState, "started" | "already_ran"> } {
  if (f.checkout.completedAt) return { start: false, state: "completed" };
  if (!isAbandoned(f.checkout, f.paidOrdersAt)) return { start: false, state: "not_abandoned" };
  if (f.newerCheckout) return { start: false, state: "superseded" };
  if (!f.flow.enabled) return { start: false, state: "flow_off" };
  if (!f.checkout.email) return { start: false, state: "no_email" };
  if (!reachesMinimum(f.checkout.totalMinor, f.checkout.currency, f.flow.minCartMinor, f.shopCurrency)) return { start: false, state: "below_minimum" };
  return { start: true };
}

/** Financial facts of an order as recorded. */
export type OrderStatusFacts = { paid: boolean; test: boolean; cancelled: boolean; deleted: boolean };

/** Whether the order counts as a purchase: paid, not a test, not cancelled or deleted. */
export function isPurchase(o: OrderStatusFacts): boolean {
  return o.paid && !o.test && !o.cancelled && !o.deleted;
}

/**
 * Whether this change of an order stops the shopper's marketing flows and is a candidate for
 * attribution: the order has just become a purchase (replays and later updates do nothing).
 * Orders first known from the history import are past purchases and stop nothing.
 */
export function orderJustPurchased(before: OrderStatusFacts | null, after: OrderStatusFacts & { historic: boolean }): boolean {
  if (after.historic) return false;
  return isPurchase(after) && !(before !== null && isPurchase(before));
}

/**
 * Marketing consent for a flow mail: the member's Shopify email marketing consent when known
 * (only "subscribed" counts); a shopper Kanta has no consent state for (a guest, or a customer not
 * synced yet) counts as subscribed only when they accepted marketing at the checkout.
 */
export function hasMarketingConsent(memberConsent: string | null | undefined, buyerAcceptsMarketing: boolean | null | undefined): boolean {
  if (memberConsent) return memberConsent === "subscribed";
  return buyerAcceptsMarketing === true;
}
