// restOrderPayload: an order read through the Admin GraphQL API (KantaOrdersPage completed by
// KantaOrderDetail) in the REST webhook payload shape, with exact values.
import { describe, expect, it } from "vitest";
import { orderFactsFromPayload } from "../../../app/loyalty/order-facts";
import { legacyId, restOrderPayload, type AdminOrderNode } from "../../../app/shopify/admin-order-payload";

const usd = (amount: string) => ({ amount, currencyCode: "USD" });
const eur = (amount: string) => ({ amount, currencyCode: "EUR" });
const rest = (amount: string, currency_code: string) => ({ amount, currency_code });

describe("legacyId", () => {
  it("is the numeric tail of a GID, as REST payloads carry ids", () => {
    expect(legacyId("gid://shopify/Order/800000000000000001")).toBe("800000000000000001");
    expect(legacyId("gid://shopify/LineItem/13")).toBe("13");
    // GIDs may carry parameters after the id.
    expect(legacyId("gid://shopify/Refund/42?source=pos")).toBe("42");
  });

  it("refuses anything that is not a GID", () => {
    expect(() => legacyId("800000000000000001")).toThrow(new Error("not a Shopify GID: 800000000000000001"));
    expect(() => legacyId("gid://shopify/Order/")).toThrow(new Error("not a Shopify GID: gid://shopify/Order/"));
  });
});

/** A USD shop's order paid in EUR: a line of 2 × 25.00 with tax, then a refund of one with 8.00 of shipping. */
function refundedOrder(): AdminOrderNode {
  return {
    id: "gid://shopify/Order/1001",
    name: "#1001",
    email: "ava@example.com",
    createdAt: "2026-02-01T15:00:00Z",
    updatedAt: "2026-02-05T10:30:00Z",
    processedAt: "2026-02-01T15:00:00Z",
    cancelledAt: null,
    test: false,
    sourceName: "web",
    taxesIncluded: false,
    currencyCode: "USD",
    presentmentCurrencyCode: "EUR",
    displayFinancialStatus: "PARTIALLY_REFUNDED",
    discountCodes: ["WELCOME10"],
    customer: { id: "gid://shopify/Customer/7001", email: "ava@example.com" },
    totalPriceSet: { shopMoney: usd("58.0"), presentmentMoney: eur("52.2") },
    lineItems: {
      nodes: [
        {
          id: "gid://shopify/LineItem/5001",
          title: "Linen Tee",
          quantity: 2,
          currentQuantity: 1,
          isGiftCard: false,
          product: { id: "gid://shopify/Product/6001" },
          originalUnitPriceSet: { shopMoney: usd("25.0") },
          discountAllocations: [{ allocatedAmountSet: { shopMoney: usd("5.0") } }],
          taxLines: [{ priceSet: { shopMoney: usd("4.5") } }],
        },
      ],
    },
    refunds: [
      {
        id: "gid://shopify/Refund/9001",
        createdAt: "2026-02-05T10:30:00Z",
        refundLineItems: {
          nodes: [
            {
              quantity: 1,
              lineItem: { id: "gid://shopify/LineItem/5001" },
              subtotalSet: { shopMoney: usd("22.5") },
              totalTaxSet: { shopMoney: usd("2.25") },
            },
          ],
        },
        transactions: { nodes: [{ kind: "REFUND", status: "SUCCESS", amountSet: { shopMoney: usd("32.75"), presentmentMoney: eur("29.48") } }] },
        refundShippingLines: { nodes: [{ subtotalAmountSet: { shopMoney: usd("8.0"), presentmentMoney: eur("7.2") } }] },
      },
    ],
  };
}

describe("restOrderPayload", () => {
  it("maps the order, and refunded shipping to a shipping_refund order adjustment with a negative amount", () => {
    expect(restOrderPayload(refundedOrder())).toEqual({
      id: "1001",
      admin_graphql_api_id: "gid://shopify/Order/1001",
      name: "#1001",
      email: "ava@example.com",
      created_at: "2026-02-01T15:00:00Z",
      updated_at: "2026-02-05T10:30:00Z",
      processed_at: "2026-02-01T15:00:00Z",
      cancelled_at: null,
      test: false,
      source_name: "web",
      taxes_included: false,
      currency: "USD",
      presentment_currency: "EUR",
      financial_status: "partially_refunded",
      total_price: "58.0",
      total_price_set: { shop_money: rest("58.0", "USD"), presentment_money: rest("52.2", "EUR") },
      discount_codes: [{ code: "WELCOME10" }],
      customer: { id: "7001", admin_graphql_api_id: "gid://shopify/Customer/7001", email: "ava@example.com" },
      line_items: [
        {
          id: "5001",
          admin_graphql_api_id: "gid://shopify/LineItem/5001",
          title: "Linen Tee",
          quantity: 2,
          current_quantity: 1,
          gift_card: false,
          product_id: "6001",
          price: "25.0",
          // Line money is read in shop currency only: the presentment side repeats it.
          price_set: { shop_money: rest("25.0", "USD"), presentment_money: rest("25.0", "USD") },
          discount_allocations: [{ amount: "5.0", amount_set: { shop_money: rest("5.0", "USD"), presentment_money: rest("5.0", "USD") } }],
          tax_lines: [{ price: "4.5", price_set: { shop_money: rest("4.5", "USD"), presentment_money: rest("4.5", "USD") } }],
        },
      ],
      refunds: [
        {
          id: "9001",
          admin_graphql_api_id: "gid://shopify/Refund/9001",
          order_id: "1001",
          created_at: "2026-02-05T10:30:00Z",
          refund_line_items: [
            {
              line_item_id: "5001",
              quantity: 1,
              subtotal_set: { shop_money: rest("22.5", "USD"), presentment_money: rest("22.5", "USD") },
              total_tax_set: { shop_money: rest("2.25", "USD"), presentment_money: rest("2.25", "USD") },
            },
          ],
          transactions: [{ kind: "refund", status: "success", amount: "29.48", currency: "EUR" }],
          order_adjustments: [
            { kind: "shipping_refund", amount: "-8.0", amount_set: { shop_money: rest("-8.0", "USD"), presentment_money: rest("-7.2", "EUR") } },
          ],
        },
      ],
    });
  });

  it("keeps an already negative shipping amount, and gives a refund without shipping no adjustment", () => {
    const order = refundedOrder();
    const [refund] = order.refunds;
    order.refunds = [
      { ...refund!, refundShippingLines: { nodes: [{ subtotalAmountSet: { shopMoney: usd("-3.5"), presentmentMoney: null } }] } },
      { ...refund!, id: "gid://shopify/Refund/9002", refundLineItems: { nodes: [] }, refundShippingLines: { nodes: [] } },
    ];
    const refunds = restOrderPayload(order).refunds as Array<Record<string, unknown>>;
    expect(refunds.map((r) => [r.id, r.order_adjustments])).toEqual([
      ["9001", [{ kind: "shipping_refund", amount: "-3.5", amount_set: { shop_money: rest("-3.5", "USD"), presentment_money: rest("-3.5", "USD") } }]],
      ["9002", []],
    ]);
  });

  it("feeds orderFactsFromPayload the refunded shipping", () => {
    const facts = orderFactsFromPayload(restOrderPayload(refundedOrder()));
    expect(facts.refunds).toEqual([
      {
        refundGid: "gid://shopify/Refund/9001",
        orderGid: "gid://shopify/Order/1001",
        createdAt: "2026-02-05T10:30:00Z",
        lines: [{ lineGid: "gid://shopify/LineItem/5001", quantity: 1, subtotalMinor: 2250, taxMinor: 225 }],
        amountOnly: null,
        shippingRefundMinor: 800,
      },
    ]);
  });
});
