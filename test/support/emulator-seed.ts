/**
 * Seeds the Admin API emulator from the webhook payload generator (shopify-payloads.ts), so the
 * orders the emulator serves and the webhooks a test delivers describe the same orders: same ids,
 * same amounts, same refunds.
 *
 * Conversions follow how Shopify's GraphQL Admin API presents what the REST webhooks carry:
 * - ids become GIDs; timestamps become UTC ("2026-01-20T16:00:00Z") instead of the shop offset;
 * - amounts become Decimals as GraphQL serialises them ("19.99", "10.0", "2500.0");
 * - financial_status becomes displayFinancialStatus (paid → PAID, partially_refunded →
 *   PARTIALLY_REFUNDED…);
 * - refund transactions carry shop and presentment money (REST gives only the presentment amount);
 * - refunded shipping is a refundShippingLine: GraphQL has no "shipping_refund" order adjustment,
 *   so orderAdjustments stays empty for the generator's refunds.
 */
import type {
  EmulatedCustomer,
  EmulatedLineItem,
  EmulatedMoneyBag,
  EmulatedOrder,
  EmulatedRefund,
  EmulatedShopInput,
  EmulatorStore,
  OrderDisplayFinancialStatus,
} from "../../app/emulator/store.server";
import {
  formatMinor,
  gid,
  orderTotals,
  type CurrencyCode,
  type CustomerRecord,
  type FinancialStatus,
  type MoneyPair,
  type OrderRecord,
  type ShopInfo,
  type SimulatedStore,
} from "./shopify-payloads";

/** UTC, second precision, as the Admin API's DateTime. */
export function graphqlTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Minor units → GraphQL Decimal: trailing zeros dropped, one decimal kept ("12.5", "10.0"). */
export function graphqlDecimal(minor: number, currency: CurrencyCode): string {
  const text = formatMinor(minor, currency);
  const [whole, fraction = ""] = text.split(".");
  return `${whole}.${fraction.replace(/0+$/, "") || "0"}`;
}

function bag(m: MoneyPair, o: Pick<OrderRecord, "currency" | "presentmentCurrency">): EmulatedMoneyBag {
  return {
    shopMoney: { amount: graphqlDecimal(m.shop, o.currency), currencyCode: o.currency },
    presentmentMoney: { amount: graphqlDecimal(m.pres, o.presentmentCurrency), currencyCode: o.presentmentCurrency },
  };
}

const FINANCIAL_STATUS: Record<FinancialStatus, OrderDisplayFinancialStatus> = {
  pending: "PENDING",
  authorized: "AUTHORIZED",
  partially_paid: "PARTIALLY_PAID",
  paid: "PAID",
  partially_refunded: "PARTIALLY_REFUNDED",
  refunded: "REFUNDED",
  voided: "VOIDED",
};

export function displayFinancialStatus(status: FinancialStatus): OrderDisplayFinancialStatus {
  return FINANCIAL_STATUS[status];
}

const ZERO: MoneyPair = { shop: 0, pres: 0 };

function lineItem(order: OrderRecord, l: OrderRecord["lines"][number], currentQuantity: number): EmulatedLineItem {
  // Same allocations as the webhook's discount_allocations, in discount-application order: the
  // order's code (application 0) first, then the line's own discount.
  const allocations: { index: number; amount: MoneyPair }[] = [];
  if (l.codeAllocation.shop > 0 || l.codeAllocation.pres > 0) allocations.push({ index: 0, amount: l.codeAllocation });
  if (l.lineDiscountApplicationIndex !== null) allocations.push({ index: l.lineDiscountApplicationIndex, amount: l.lineDiscount });
  allocations.sort((a, b) => a.index - b.index);
  return {
    id: gid("LineItem", l.id),
    title: l.title,
    quantity: l.quantity,
    currentQuantity,
    isGiftCard: l.giftCard,
    product: { id: gid("Product", l.productId) },
    originalUnitPriceSet: bag(l.unit, order),
    discountAllocations: allocations.map((a) => ({ allocatedAmountSet: bag(a.amount, order) })),
    taxLines:
      l.tax.shop === 0 && l.tax.pres === 0 ? [] : [{ priceSet: bag(l.tax, order), title: order.taxTitle, rate: order.taxRate }],
  };
}

function refund(order: OrderRecord, r: OrderRecord["refunds"][number]): EmulatedRefund {
  return {
    id: gid("Refund", r.id),
    createdAt: graphqlTime(r.createdAt),
    refundLineItems: {
      nodes: r.lines.map((rl) => ({
        quantity: rl.quantity,
        lineItem: { id: gid("LineItem", rl.lineItemId) },
        subtotalSet: bag(rl.subtotal, order),
        totalTaxSet: bag(rl.tax, order),
      })),
    },
    transactions: { nodes: [{ kind: "REFUND", status: "SUCCESS", amountSet: bag(r.amount, order) }] },
    orderAdjustments: { nodes: [] },
    refundShippingLines: { nodes: r.shipping ? [{ subtotalAmountSet: bag(r.shipping, order), taxAmountSet: bag(ZERO, order) }] : [] },
  };
}

/** The order as the Admin API's KantaOrdersPage returns it (same ids as its webhooks). */
export function emulatedOrder(order: OrderRecord): EmulatedOrder {
  const totals = orderTotals(order);
  return {
    id: gid("Order", order.id),
    name: order.name,
    email: order.email,
    createdAt: graphqlTime(order.createdAt),
    updatedAt: graphqlTime(order.updatedAt),
    processedAt: graphqlTime(order.processedAt),
    cancelledAt: order.cancelledAt ? graphqlTime(order.cancelledAt) : null,
    test: order.test,
    sourceName: order.sourceName,
    taxesIncluded: order.taxesIncluded,
    currencyCode: order.currency,
    presentmentCurrencyCode: order.presentmentCurrency,
    displayFinancialStatus: displayFinancialStatus(order.financialStatus),
    discountCodes: order.discountCode ? [order.discountCode.code] : [],
    customer: order.customer ? { id: gid("Customer", order.customer.id), email: order.customer.email } : null,
    totalPriceSet: bag(totals.total, order),
    lineItems: { nodes: order.lines.map((l) => lineItem(order, l, totals.currentQuantity[l.id] ?? l.quantity)) },
    refunds: order.refunds.map((r) => refund(order, r)),
  };
}

/** The customer as the Admin API returns it (KantaCustomersPage and the consent mutation). */
export function emulatedCustomer(c: CustomerRecord): EmulatedCustomer {
  const consent = c.emailMarketing;
  return {
    id: gid("Customer", c.id),
    email: c.email,
    firstName: c.firstName,
    lastName: c.lastName,
    displayName: `${c.firstName} ${c.lastName}`.trim(),
    locale: c.locale,
    tags: [...c.tags],
    phone: c.phone,
    note: c.note,
    state: c.state.toUpperCase() as EmulatedCustomer["state"],
    verifiedEmail: c.verifiedEmail,
    createdAt: graphqlTime(c.createdAt),
    updatedAt: graphqlTime(c.updatedAt),
    emailMarketingConsent: c.email
      ? {
          marketingState: consent.state.toUpperCase() as NonNullable<EmulatedCustomer["emailMarketingConsent"]>["marketingState"],
          marketingOptInLevel: consent.optInLevel
            ? (consent.optInLevel.toUpperCase() as NonNullable<EmulatedCustomer["emailMarketingConsent"]>["marketingOptInLevel"])
            : null,
          consentUpdatedAt: consent.consentUpdatedAt ? graphqlTime(consent.consentUpdatedAt) : null,
        }
      : null,
  };
}

/** Shop facts for EmulatorStore.upsertShop from the generator's ShopInfo. */
export function emulatedShop(shop: ShopInfo, overrides: Partial<EmulatedShopInput> = {}): EmulatedShopInput {
  return {
    id: shop.id,
    domain: shop.domain,
    name: shop.name,
    currencyCode: shop.currency,
    ianaTimezone: shop.ianaTimezone,
    contactEmail: shop.email,
    planName: "Basic",
    primaryDomainHost: shop.domain,
    ...overrides,
  };
}

/**
 * Customers keep their latest version: the generator copies a customer into each order with a
 * later updatedAt, and simulateStore's customer list holds the sign-up version.
 */
function latestCustomers(store: Pick<SimulatedStore, "customers" | "orders">): CustomerRecord[] {
  const latest = new Map(store.customers.map((c) => [c.id, c]));
  for (const o of store.orders) {
    const c = o.customer;
    if (!c) continue;
    const known = latest.get(c.id);
    if (!known || known.updatedAt < c.updatedAt) latest.set(c.id, c);
  }
  return [...latest.values()];
}

/** Seeds a whole simulated store (shop, customers, final state of every order) in bulk. */
export function seedEmulator(
  store: EmulatorStore,
  simulated: Pick<SimulatedStore, "shop" | "customers" | "orders">,
  shopOverrides: Partial<EmulatedShopInput> = {},
): { customers: number; orders: number } {
  store.upsertShop(emulatedShop(simulated.shop, shopOverrides));
  const customers = store.upsertCustomers(simulated.shop.domain, latestCustomers(simulated).map(emulatedCustomer));
  const orders = store.upsertOrders(simulated.shop.domain, simulated.orders.map(emulatedOrder));
  return { customers, orders };
}
