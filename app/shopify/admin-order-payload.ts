// Turns an order read through the Admin GraphQL API (KantaOrdersPage) into the REST webhook
// payload shape, so the history import and reconciliation feed the very same pipeline
// (inbox → worker → orderFactsFromPayload → ledger) as live webhooks. Pure: no IO.

type Money = { amount: string; currencyCode: string };
type MoneyBag = { shopMoney: Money; presentmentMoney?: Money | null };

export type AdminOrderNode = {
  id: string;
  name: string;
  email?: string | null;
  createdAt: string;
  updatedAt: string;
  processedAt: string;
  cancelledAt?: string | null;
  test: boolean;
  sourceName?: string | null;
  taxesIncluded: boolean;
  currencyCode: string;
  presentmentCurrencyCode: string;
  displayFinancialStatus?: string | null;
  discountCodes: string[];
  customer?: { id: string; email?: string | null } | null;
  totalPriceSet: MoneyBag;
  lineItems: {
    nodes: {
      id: string;
      title: string;
      quantity: number;
      currentQuantity: number;
      isGiftCard: boolean;
      /** null for custom lines (and products deleted since). */
      product?: { id: string } | null;
      originalUnitPriceSet: { shopMoney: Money };
      discountAllocations: { allocatedAmountSet: { shopMoney: Money } }[];
      taxLines: { priceSet: { shopMoney: Money } }[];
    }[];
  };
  refunds: {
    id: string;
    createdAt?: string | null;
    refundLineItems: {
      nodes: {
        quantity: number;
        lineItem: { id: string };
        subtotalSet: { shopMoney: Money };
        totalTaxSet?: { shopMoney: Money } | null;
      }[];
    };
    transactions: { nodes: { kind: string; status: string; amountSet: MoneyBag }[] };
    /** GraphQL reports refunded shipping here (REST calls it a shipping_refund order adjustment). */
    refundShippingLines: { nodes: { subtotalAmountSet: MoneyBag }[] };
  }[];
};

const set = (m: MoneyBag | { shopMoney: Money }) => ({
  shop_money: { amount: m.shopMoney.amount, currency_code: m.shopMoney.currencyCode },
  presentment_money:
    "presentmentMoney" in m && m.presentmentMoney
      ? { amount: m.presentmentMoney.amount, currency_code: m.presentmentMoney.currencyCode }
      : { amount: m.shopMoney.amount, currency_code: m.shopMoney.currencyCode },
});

/** The numeric tail of a GID ("gid://shopify/Order/123" → "123"), as REST payloads carry it. */
export function legacyId(gid: string): string {
  const m = /\/(\d+)(\?.*)?$/.exec(gid);
  if (!m) throw new Error(`not a Shopify GID: ${gid}`);
  return m[1];
}

export function restOrderPayload(order: AdminOrderNode): Record<string, unknown> {
  const orderId = legacyId(order.id);
  return {
    id: orderId,
    admin_graphql_api_id: order.id,
    name: order.name,
    email: order.email ?? null,
    created_at: order.createdAt,
    updated_at: order.updatedAt,
    processed_at: order.processedAt,
    cancelled_at: order.cancelledAt ?? null,
    test: order.test,
    source_name: order.sourceName ?? null,
    taxes_included: order.taxesIncluded,
    currency: order.currencyCode,
    presentment_currency: order.presentmentCurrencyCode,
    financial_status: order.displayFinancialStatus ? order.displayFinancialStatus.toLowerCase() : null,
    total_price: order.totalPriceSet.shopMoney.amount,
    total_price_set: set(order.totalPriceSet),
    discount_codes: order.discountCodes.map((code) => ({ code })),
    customer: order.customer
      ? { id: legacyId(order.customer.id), admin_graphql_api_id: order.customer.id, email: order.customer.email ?? null }
      : null,
    line_items: order.lineItems.nodes.map((l) => ({
      id: legacyId(l.id),
      admin_graphql_api_id: l.id,
      title: l.title,
      quantity: l.quantity,
      current_quantity: l.currentQuantity,
      gift_card: l.isGiftCard,
      product_id: l.product ? legacyId(l.product.id) : null,
      price: l.originalUnitPriceSet.shopMoney.amount,
      price_set: set(l.originalUnitPriceSet),
      discount_allocations: l.discountAllocations.map((a) => ({
        amount: a.allocatedAmountSet.shopMoney.amount,
        amount_set: set(a.allocatedAmountSet),
      })),
      tax_lines: l.taxLines.map((t) => ({ price: t.priceSet.shopMoney.amount, price_set: set(t.priceSet) })),
    })),
    refunds: order.refunds.map((r) => ({
      id: legacyId(r.id),
      admin_graphql_api_id: r.id,
      order_id: orderId,
      created_at: r.createdAt ?? null,
      refund_line_items: r.refundLineItems.nodes.map((rl) => ({
        line_item_id: legacyId(rl.lineItem.id),
        quantity: rl.quantity,
        subtotal_set: set(rl.subtotalSet),
        total_tax_set: rl.totalTaxSet ? set(rl.totalTaxSet) : undefined,
      })),
      // REST refund transactions are in the currency the buyer paid in; so are these.
      transactions: r.transactions.nodes.map((t) => {
        const money = t.amountSet.presentmentMoney ?? t.amountSet.shopMoney;
        return { kind: t.kind.toLowerCase(), status: t.status.toLowerCase(), amount: money.amount, currency: money.currencyCode };
      }),
      order_adjustments: r.refundShippingLines.nodes.map((l) => {
        const negative = (m: Money) => ({ amount: m.amount.startsWith("-") ? m.amount : `-${m.amount}`, currencyCode: m.currencyCode });
        const bag = { shopMoney: negative(l.subtotalAmountSet.shopMoney), presentmentMoney: l.subtotalAmountSet.presentmentMoney ? negative(l.subtotalAmountSet.presentmentMoney) : null };
        return { kind: "shipping_refund", amount: bag.shopMoney.amount, amount_set: set(bag) };
      }),
    })),
  };
}
