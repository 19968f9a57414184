/**
 * Shopify REST webhook payload fixtures (orders/* and refunds/create),
 * modelled on Shopify's sample payloads, already in the "lossless parsed"
 * shape: ids above Number.MAX_SAFE_INTEGER are strings of digits.
 *
 * All amounts are literal decimal strings (no float math in fixtures).
 */

export const ORDER_ID = "820982911946154508";
export const CUSTOMER_ID = "115310627314723954";
export const LINE_MUG_ID = "866550311766439020";
export const LINE_TOWEL_ID = "141249953214522974";
export const LINE_GIFT_CARD_ID = "257004973105704598";
export const SHIPPING_LINE_ID = "271878346596884015";

type Json = Record<string, unknown>;

export function moneySet(
  shopAmount: string,
  shopCurrency = "USD",
  presentment?: { amount: string; currency: string },
): Json {
  return {
    shop_money: { amount: shopAmount, currency_code: shopCurrency },
    presentment_money: {
      amount: presentment?.amount ?? shopAmount,
      currency_code: presentment?.currency ?? shopCurrency,
    },
  };
}

export type LineSpec = {
  id: string | number;
  title: string;
  price: string;
  quantity: number;
  currentQuantity?: number;
  /** amounts of discount_allocations (shop money) */
  allocations?: string[];
  /** total_discount (shop money); defaults to "0.00" */
  totalDiscount?: string;
  /** amounts of tax_lines (shop money) */
  taxes?: string[];
  giftCard?: boolean;
  /** presentment amounts, to prove presentment_money is ignored */
  presentment?: { currency: string; price: string };
  /** omit admin_graphql_api_id so the gid must be built from id */
  noAdminGid?: boolean;
  extra?: Json;
};

export function lineItem(spec: LineSpec, currency = "USD"): Json {
  const p = spec.presentment;
  const line: Json = {
    id: spec.id,
    admin_graphql_api_id: spec.noAdminGid ? undefined : `gid://shopify/LineItem/${String(spec.id)}`,
    attributed_staffs: [],
    current_quantity: spec.currentQuantity ?? spec.quantity,
    fulfillable_quantity: spec.currentQuantity ?? spec.quantity,
    fulfillment_service: "manual",
    fulfillment_status: null,
    gift_card: spec.giftCard ?? false,
    grams: spec.giftCard ? 0 : 450,
    name: spec.title,
    price: spec.price,
    price_set: moneySet(spec.price, currency, p ? { amount: p.price, currency: p.currency } : undefined),
    product_exists: true,
    product_id: "788032119674292922",
    properties: [],
    quantity: spec.quantity,
    requires_shipping: !spec.giftCard,
    sku: spec.giftCard ? null : `SKU-${String(spec.id).slice(-4)}`,
    taxable: !spec.giftCard,
    title: spec.title,
    total_discount: spec.totalDiscount ?? "0.00",
    total_discount_set: moneySet(spec.totalDiscount ?? "0.00", currency),
    variant_id: "642667041472713922",
    variant_inventory_management: "shopify",
    variant_title: null,
    vendor: "Kanta Test Shop",
    tax_lines: (spec.taxes ?? []).map((amount) => ({
      channel_liable: false,
      price: amount,
      price_set: moneySet(amount, currency),
      rate: 0.08,
      title: "State Tax",
    })),
    duties: [],
    discount_allocations: (spec.allocations ?? []).map((amount, index) => ({
      amount,
      amount_set: moneySet(amount, currency),
      discount_application_index: index,
    })),
    ...spec.extra,
  };
  if (spec.noAdminGid) delete line.admin_graphql_api_id;
  return line;
}

export type RefundSpec = {
  id: string | number;
  orderId?: string | number;
  createdAt?: string | undefined;
  currency?: string;
  lines?: { id: string | number; lineItemId: string | number; quantity: number; subtotal: string; tax?: string }[];
  transactions?: { amount: string; currency?: string; kind?: string; status?: string }[];
  /** shipping refund amount (positive string; Shopify sends it negative) */
  shipping?: { amount: string; presentment?: { amount: string; currency: string } };
};

export function refundPayload(spec: RefundSpec): Json {
  const currency = spec.currency ?? "USD";
  const orderId = spec.orderId ?? ORDER_ID;
  return {
    id: spec.id,
    admin_graphql_api_id: `gid://shopify/Refund/${String(spec.id)}`,
    created_at: spec.createdAt ?? "2024-03-05T10:15:00-05:00",
    note: "Customer request",
    order_id: orderId,
    processed_at: spec.createdAt ?? "2024-03-05T10:15:00-05:00",
    restock: true,
    total_duties_set: moneySet("0.00", currency),
    user_id: 548380009,
    order_adjustments: spec.shipping
      ? [
          {
            id: 1030976842,
            amount: `-${spec.shipping.amount}`,
            amount_set: moneySet(
              `-${spec.shipping.amount}`,
              currency,
              spec.shipping.presentment
                ? { amount: `-${spec.shipping.presentment.amount}`, currency: spec.shipping.presentment.currency }
                : undefined,
            ),
            kind: "shipping_refund",
            order_id: orderId,
            reason: "Shipping refund",
            refund_id: spec.id,
            tax_amount: "0.00",
            tax_amount_set: moneySet("0.00", currency),
          },
        ]
      : [],
    transactions: (spec.transactions ?? []).map((t, i) => ({
      id: 389404469 + i,
      admin_graphql_api_id: `gid://shopify/OrderTransaction/${389404469 + i}`,
      amount: t.amount,
      authorization: null,
      created_at: spec.createdAt ?? "2024-03-05T10:15:00-05:00",
      currency: t.currency ?? currency,
      gateway: "bogus",
      kind: t.kind ?? "refund",
      order_id: orderId,
      parent_id: 801038806,
      status: t.status ?? "success",
      test: false,
    })),
    refund_line_items: (spec.lines ?? []).map((l) => ({
      id: l.id,
      line_item_id: l.lineItemId,
      location_id: 40642626,
      quantity: l.quantity,
      restock_type: "return",
      subtotal: l.subtotal,
      subtotal_set: moneySet(l.subtotal, currency),
      total_tax: l.tax ?? "0.00",
      total_tax_set: moneySet(l.tax ?? "0.00", currency),
      line_item: {
        id: l.lineItemId,
        admin_graphql_api_id: `gid://shopify/LineItem/${String(l.lineItemId)}`,
      },
    })),
    duties: [],
  };
}

export type OrderSpec = {
  id?: string | number;
  currency?: string;
  presentmentCurrency?: string;
  lines: Json[];
  totalPrice: string;
  presentmentTotalPrice?: string;
  financialStatus?: string | null;
  taxesIncluded?: boolean;
  test?: boolean;
  cancelledAt?: string | null;
  shipping?: { price: string; tax?: string };
  refunds?: Json[];
  customer?: Json | null;
  noAdminGid?: boolean;
  extra?: Json;
};

export function orderPayload(spec: OrderSpec): Json {
  const id = spec.id ?? ORDER_ID;
  const currency = spec.currency ?? "USD";
  const presentmentCurrency = spec.presentmentCurrency ?? currency;
  const presentmentTotal =
    spec.presentmentTotalPrice !== undefined
      ? { amount: spec.presentmentTotalPrice, currency: presentmentCurrency }
      : undefined;
  const order: Json = {
    id,
    admin_graphql_api_id: `gid://shopify/Order/${String(id)}`,
    app_id: 580111,
    browser_ip: "203.0.113.7",
    buyer_accepts_marketing: true,
    cancel_reason: spec.cancelledAt ? "customer" : null,
    cancelled_at: spec.cancelledAt ?? null,
    cart_token: "Z2NwLXVzLWVhc3QxOjAxSE5CR0Y0",
    checkout_id: 901414060,
    checkout_token: "bd5a8aa1ecd019dd3520ff791ee3a24c",
    client_details: null,
    closed_at: null,
    confirmation_number: "XPAV284CT",
    confirmed: true,
    contact_email: "jon@example.com",
    created_at: "2024-03-01T09:30:00-05:00",
    currency,
    customer_locale: "en",
    discount_applications: [],
    discount_codes: [{ code: "SPRING10", amount: "10.00", type: "fixed_amount" }],
    email: "jon@example.com",
    estimated_taxes: false,
    financial_status: spec.financialStatus === undefined ? "paid" : spec.financialStatus,
    fulfillment_status: null,
    landing_site: "/",
    name: "#1001",
    note: null,
    number: 1,
    order_number: 1001,
    payment_gateway_names: ["bogus"],
    presentment_currency: presentmentCurrency,
    processed_at: "2024-03-01T09:31:12-05:00",
    source_name: "web",
    tags: "",
    tax_lines: [],
    taxes_included: spec.taxesIncluded ?? false,
    test: spec.test ?? false,
    token: "123456abcd",
    total_price: spec.totalPrice,
    total_price_set: moneySet(spec.totalPrice, currency, presentmentTotal),
    total_tip_received: "0.00",
    updated_at: "2024-03-01T09:31:15-05:00",
    user_id: null,
    billing_address: null,
    customer:
      spec.customer === undefined
        ? {
            id: CUSTOMER_ID,
            email: "jon@example.com",
            created_at: null,
            updated_at: null,
            first_name: "Jon",
            last_name: "Doe",
            state: "enabled",
            note: null,
            verified_email: true,
            tax_exempt: false,
            currency,
            admin_graphql_api_id: `gid://shopify/Customer/${CUSTOMER_ID}`,
          }
        : spec.customer,
    fulfillments: [],
    line_items: spec.lines,
    payment_terms: null,
    refunds: spec.refunds ?? [],
    shipping_address: null,
    shipping_lines: spec.shipping
      ? [
          {
            id: SHIPPING_LINE_ID,
            carrier_identifier: null,
            code: "Standard",
            discounted_price: spec.shipping.price,
            discounted_price_set: moneySet(spec.shipping.price, currency),
            is_removed: false,
            phone: null,
            price: spec.shipping.price,
            price_set: moneySet(spec.shipping.price, currency),
            requested_fulfillment_service_id: null,
            source: "shopify",
            title: "Standard",
            tax_lines: spec.shipping.tax
              ? [{ channel_liable: false, price: spec.shipping.tax, price_set: moneySet(spec.shipping.tax, currency), rate: 0.08, title: "State Tax" }]
              : [],
            discount_allocations: [],
          },
        ]
      : [],
    ...spec.extra,
  };
  if (spec.noAdminGid) delete order.admin_graphql_api_id;
  return order;
}

/**
 * The main USD fixture (taxes excluded, multi-currency: presented in EUR).
 *
 *  Ceramic Mug      25.00 × 2 = 50.00, allocations 5.00 (line code) + 2.50 (order-level) → eligible 42.50
 *  Linen Tea Towel  12.99 × 3 = 38.97, allocation 1.95 (order-level)                      → eligible 37.02
 *  Gift card        50.00 × 1 (gift_card)                                                 → eligible  0
 *  Shipping 10.00 + taxes 3.40 + 2.96 + 0.80 are not line earnings.
 *  total = 129.52 + 7.16 + 10.00 = 146.68 USD (presented as 135.10 EUR)
 */
export function standardOrder(overrides: Partial<OrderSpec> = {}): Json {
  return orderPayload({
    presentmentCurrency: "EUR",
    presentmentTotalPrice: "135.10",
    totalPrice: "146.68",
    shipping: { price: "10.00", tax: "0.80" },
    lines: [
      lineItem({
        id: LINE_MUG_ID,
        title: "Ceramic Mug",
        price: "25.00",
        quantity: 2,
        allocations: ["5.00", "2.50"],
        totalDiscount: "5.00",
        taxes: ["3.40"],
        presentment: { currency: "EUR", price: "23.05" },
      }),
      lineItem({
        id: LINE_TOWEL_ID,
        title: "Linen Tea Towel",
        price: "12.99",
        quantity: 3,
        allocations: ["1.95"],
        taxes: ["2.96"],
        presentment: { currency: "EUR", price: "11.97" },
      }),
      lineItem({
        id: LINE_GIFT_CARD_ID,
        title: "Gift Card",
        price: "50.00",
        quantity: 1,
        giftCard: true,
        presentment: { currency: "EUR", price: "46.08" },
      }),
    ],
    ...overrides,
  });
}
