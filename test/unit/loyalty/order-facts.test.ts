import { describe, it, expect } from "vitest";
import { isInteger, parse as parseLossless } from "lossless-json";
import {
  PayloadError,
  orderFactsFromPayload,
  refundFactsFromPayload,
  type LineFacts,
} from "../../../app/loyalty/order-facts";
import {
  CUSTOMER_ID,
  LINE_GIFT_CARD_ID,
  LINE_MUG_ID,
  LINE_TOWEL_ID,
  ORDER_ID,
  lineItem,
  orderPayload,
  refundPayload,
  standardOrder,
} from "./fixtures";

const ORDER_GID = `gid://shopify/Order/${ORDER_ID}`;
const MUG_GID = `gid://shopify/LineItem/${LINE_MUG_ID}`;
const TOWEL_GID = `gid://shopify/LineItem/${LINE_TOWEL_ID}`;
const GIFT_GID = `gid://shopify/LineItem/${LINE_GIFT_CARD_ID}`;

/** The lossless parse the webhook layer performs: unsafe integers become digit strings. */
function losslessParse(text: string): unknown {
  return parseLossless(text, null, (value: string) =>
    isInteger(value) && !Number.isSafeInteger(Number(value)) ? value : Number(value),
  );
}

describe("orderFactsFromPayload", () => {
  it("maps the standard USD order (discounts, tax and shipping excluded, gift card excluded)", () => {
    const facts = orderFactsFromPayload(standardOrder());
    expect(facts).toEqual({
      orderGid: ORDER_GID,
      name: "#1001",
      customerGid: `gid://shopify/Customer/${CUSTOMER_ID}`,
      customerEmail: "jon@example.com",
      currency: "USD",
      presentmentCurrency: "EUR",
      financialStatus: "paid",
      paid: true,
      test: false,
      cancelledAt: null,
      processedAt: "2024-03-01T09:31:12-05:00",
      createdAt: "2024-03-01T09:30:00-05:00",
      updatedAt: "2024-03-01T09:31:15-05:00",
      sourceName: "web",
      taxesIncluded: false,
      totalPriceMinor: 14668,
      presentmentTotalMinor: 13510,
      lines: [
        {
          lineGid: MUG_GID,
          title: "Ceramic Mug",
          quantity: 2,
          currentQuantity: 2,
          giftCard: false,
          tip: false,
          productGid: "gid://shopify/Product/788032119674292922",
          grossMinor: 5000,
          discountMinor: 750, // line-level 5.00 + order-level allocation 2.50
          taxMinor: 340,
          eligibleMinor: 4250,
        },
        {
          lineGid: TOWEL_GID,
          title: "Linen Tea Towel",
          quantity: 3,
          currentQuantity: 3,
          giftCard: false,
          tip: false,
          productGid: "gid://shopify/Product/788032119674292922",
          grossMinor: 3897,
          discountMinor: 195,
          taxMinor: 296,
          eligibleMinor: 3702,
        },
        {
          lineGid: GIFT_GID,
          title: "Gift Card",
          quantity: 1,
          currentQuantity: 1,
          giftCard: true,
          tip: false,
          productGid: "gid://shopify/Product/788032119674292922",
          grossMinor: 5000,
          discountMinor: 0,
          taxMinor: 0,
          eligibleMinor: 0,
        },
      ],
      refunds: [],
      discountCodes: ["SPRING10"],
      checkoutToken: "bd5a8aa1ecd019dd3520ff791ee3a24c",
      cartToken: "Z2NwLXVzLWVhc3QxOjAxSE5CR0Y0",
      addressHash: null,
    });
  });

  it("keeps 18/19-digit ids exact after a lossless parse and builds gids from ids", () => {
    const payload = standardOrder({
      noAdminGid: true,
      customer: { id: CUSTOMER_ID, email: "jon@example.com" },
      lines: [lineItem({ id: "9223372036854775807", title: "Big id", price: "1.00", quantity: 1, noAdminGid: true })],
      totalPrice: "1.00",
      presentmentTotalPrice: "0.92",
    });
    const json = JSON.stringify(payload)
      // emit the ids as bare JSON numbers, as Shopify does
      .replace(`"id":"${ORDER_ID}"`, `"id":${ORDER_ID}`)
      .replace(`"id":"${CUSTOMER_ID}"`, `"id":${CUSTOMER_ID}`)
      .replace(`"id":"9223372036854775807"`, `"id":9223372036854775807`);
    expect(json).toContain(`"id":${ORDER_ID},`);
    // a plain JSON.parse would corrupt the id
    expect(String((JSON.parse(json) as { id: number }).id)).not.toBe(ORDER_ID);

    const facts = orderFactsFromPayload(losslessParse(json));
    expect(facts.orderGid).toBe("gid://shopify/Order/820982911946154508");
    expect(facts.customerGid).toBe("gid://shopify/Customer/115310627314723954");
    expect(facts.lines[0]?.lineGid).toBe("gid://shopify/LineItem/9223372036854775807");
  });

  it("turns safe numeric ids into strings", () => {
    const facts = orderFactsFromPayload(
      orderPayload({
        id: 450789469,
        noAdminGid: true,
        customer: { id: 207119551, email: null },
        totalPrice: "5.00",
        lines: [lineItem({ id: 466157049, title: "Small id", price: "5.00", quantity: 1, noAdminGid: true })],
      }),
    );
    expect(facts.orderGid).toBe("gid://shopify/Order/450789469");
    expect(facts.customerGid).toBe("gid://shopify/Customer/207119551");
    expect(facts.lines[0]?.lineGid).toBe("gid://shopify/LineItem/466157049");
  });

  it("prefers admin_graphql_api_id over id", () => {
    const payload = standardOrder();
    payload.admin_graphql_api_id = "gid://shopify/Order/1";
    expect(orderFactsFromPayload(payload).orderGid).toBe("gid://shopify/Order/1");
  });

  it("falls back to total_discount_set when discount_allocations is empty", () => {
    const facts = orderFactsFromPayload(
      orderPayload({
        totalPrice: "27.00",
        lines: [lineItem({ id: "1001", title: "Legacy discount", price: "10.00", quantity: 3, totalDiscount: "3.00" })],
      }),
    );
    expect(facts.lines[0]).toMatchObject({ grossMinor: 3000, discountMinor: 300, eligibleMinor: 2700 });
  });

  it("ignores total_discount_set when discount_allocations exist", () => {
    const facts = orderFactsFromPayload(
      orderPayload({
        totalPrice: "26.00",
        lines: [
          lineItem({ id: "1001", title: "Both", price: "10.00", quantity: 3, allocations: ["4.00"], totalDiscount: "3.00" }),
        ],
      }),
    );
    expect(facts.lines[0]).toMatchObject({ discountMinor: 400, eligibleMinor: 2600 });
  });

  it("removes tax from the earning base when taxes are included", () => {
    // 24.00 × 2 incl. 19% VAT, 4.80 discount → VAT 6.90 on 43.20
    const facts = orderFactsFromPayload(
      orderPayload({
        currency: "EUR",
        taxesIncluded: true,
        totalPrice: "48.10",
        shipping: { price: "4.90", tax: "0.78" },
        lines: [
          lineItem({ id: "2001", title: "Tote bag", price: "24.00", quantity: 2, allocations: ["4.80"], taxes: ["6.90"] }, "EUR"),
        ],
      }),
    );
    expect(facts.taxesIncluded).toBe(true);
    expect(facts.currency).toBe("EUR");
    expect(facts.lines[0]).toMatchObject({ grossMinor: 4800, discountMinor: 480, taxMinor: 690, eligibleMinor: 3630 });
  });

  it("handles JPY (exponent 0) and KWD (exponent 3) orders", () => {
    const jpy = orderFactsFromPayload(
      orderPayload({
        currency: "JPY",
        totalPrice: "5355",
        shipping: { price: "900" },
        lines: [lineItem({ id: "3001", title: "Matcha", price: "1500", quantity: 3, allocations: ["450"], taxes: ["405"] }, "JPY")],
      }),
    );
    expect(jpy.totalPriceMinor).toBe(5355);
    expect(jpy.lines[0]).toMatchObject({ grossMinor: 4500, discountMinor: 450, taxMinor: 405, eligibleMinor: 4050 });

    const kwd = orderFactsFromPayload(
      orderPayload({
        currency: "KWD",
        totalPrice: "25.456",
        shipping: { price: "2.000" },
        lines: [lineItem({ id: "3002", title: "Oud", price: "12.345", quantity: 2, allocations: ["1.234"] }, "KWD")],
      }),
    );
    expect(kwd.totalPriceMinor).toBe(25456);
    expect(kwd.lines[0]).toMatchObject({ grossMinor: 24690, discountMinor: 1234, eligibleMinor: 23456 });
  });

  it("uses shop_money, never presentment_money", () => {
    const facts = orderFactsFromPayload(standardOrder());
    // presentment EUR 23.05 × 2 would be 4610
    expect(facts.lines[0]?.grossMinor).toBe(5000);
    expect(facts.totalPriceMinor).toBe(14668);
  });

  it("excludes tip lines", () => {
    const facts = orderFactsFromPayload(
      orderPayload({
        totalPrice: "25.00",
        lines: [
          lineItem({ id: "4001", title: "Coffee beans", price: "20.00", quantity: 1 }),
          lineItem({
            id: "4002",
            title: "Tip",
            price: "5.00",
            quantity: 1,
            extra: { tip_payment_gateway: null, tip_payment_method: "visa", product_id: null, requires_shipping: false },
          }),
        ],
      }),
    );
    expect(facts.lines.map((l) => [l.tip, l.eligibleMinor])).toEqual([
      [false, 2000],
      [true, 0],
    ]);
  });

  it("scales eligibility down for an edited order (current_quantity < quantity), flooring", () => {
    const facts = orderFactsFromPayload(
      orderPayload({
        totalPrice: "19.33",
        lines: [lineItem({ id: "5001", title: "Candle", price: "10.00", quantity: 3, currentQuantity: 2, allocations: ["1.00"] })],
      }),
    );
    // (30.00 − 1.00) × 2 / 3 = 19.333… → 1933
    expect(facts.lines[0]).toMatchObject({ quantity: 3, currentQuantity: 2, grossMinor: 3000, eligibleMinor: 1933 });
  });

  it("does not treat refunded quantity as an edit", () => {
    const mug = lineItem({
      id: LINE_MUG_ID,
      title: "Ceramic Mug",
      price: "25.00",
      quantity: 2,
      currentQuantity: 1, // Shopify lowers current_quantity on refunds too
      allocations: ["5.00", "2.50"],
      taxes: ["3.40"],
    });
    const facts = orderFactsFromPayload(
      orderPayload({
        financialStatus: "partially_refunded",
        totalPrice: "56.90",
        lines: [mug],
        refunds: [
          refundPayload({
            id: "509562969126809878",
            lines: [{ id: "1058348512948373005", lineItemId: LINE_MUG_ID, quantity: 1, subtotal: "21.25", tax: "1.70" }],
            transactions: [{ amount: "22.95" }],
          }),
        ],
      }),
    );
    expect(facts.lines[0]).toMatchObject({ quantity: 2, currentQuantity: 2, eligibleMinor: 4250 });
    expect(facts.refunds).toEqual([
      {
        refundGid: "gid://shopify/Refund/509562969126809878",
        orderGid: ORDER_GID,
        createdAt: "2024-03-05T10:15:00-05:00",
        lines: [{ lineGid: MUG_GID, quantity: 1, subtotalMinor: 2125, taxMinor: 170 }],
        amountOnly: null,
        shippingRefundMinor: 0,
      },
    ]);
  });

  it("expresses embedded amount-only refunds as a ratio of the order total", () => {
    const facts = orderFactsFromPayload(
      standardOrder({
        financialStatus: "partially_refunded",
        refunds: [
          refundPayload({ id: "700000000000000001", transactions: [{ amount: "27.02", currency: "EUR" }] }),
          refundPayload({ id: "700000000000000002", transactions: [{ amount: "14.67", currency: "USD" }] }),
        ],
      }),
    );
    expect(facts.refunds.map((r) => r.amountOnly)).toEqual([
      { numerator: 2702, denominator: 13510, currency: "EUR" },
      { numerator: 1467, denominator: 14668, currency: "USD" },
    ]);
  });

  it("maps financial status, test, cancelled and customer-less orders", () => {
    const pending = orderFactsFromPayload(standardOrder({ financialStatus: "pending" }));
    expect(pending.paid).toBe(false);
    expect(orderFactsFromPayload(standardOrder({ financialStatus: "refunded" })).paid).toBe(true);
    expect(orderFactsFromPayload(standardOrder({ financialStatus: "partially_paid" })).paid).toBe(false);
    expect(orderFactsFromPayload(standardOrder({ financialStatus: null })).financialStatus).toBe(null);

    const cancelled = orderFactsFromPayload(
      standardOrder({ test: true, cancelledAt: "2024-03-02T08:00:00-05:00", customer: null }),
    );
    expect(cancelled.test).toBe(true);
    expect(cancelled.cancelledAt).toBe("2024-03-02T08:00:00-05:00");
    expect(cancelled.customerGid).toBe(null);
    expect(cancelled.customerEmail).toBe("jon@example.com");
  });

  it("falls back to created_at for processed_at and to `currency` for the shop currency", () => {
    const payload = standardOrder();
    delete payload.processed_at;
    delete payload.total_price_set;
    const facts = orderFactsFromPayload(payload);
    expect(facts.processedAt).toBe("2024-03-01T09:30:00-05:00");
    expect(facts.currency).toBe("USD");
    expect(facts.totalPriceMinor).toBe(14668);
  });

  it("ignores unknown fields and tolerates nulls", () => {
    const payload = standardOrder({
      extra: { name: null, source_name: null, checkout_token: null, discount_codes: null, brand_new_field: { x: 1 } },
    });
    const facts = orderFactsFromPayload(payload);
    expect(facts.name).toBe(null);
    expect(facts.sourceName).toBe(null);
    expect(facts.checkoutToken).toBe(null);
    expect(facts.discountCodes).toEqual([]);
  });

  it("throws PayloadError for payloads lacking what is needed", () => {
    const noId = standardOrder();
    delete noId.id;
    delete noId.admin_graphql_api_id;
    expect(() => orderFactsFromPayload(noId)).toThrow(PayloadError);
    expect(() => orderFactsFromPayload(noId)).toThrow(/id/);

    const noCurrency = standardOrder();
    delete noCurrency.currency;
    delete noCurrency.total_price_set;
    expect(() => orderFactsFromPayload(noCurrency)).toThrow(/currency/);

    const noCreated = standardOrder();
    delete noCreated.created_at;
    expect(() => orderFactsFromPayload(noCreated)).toThrow(PayloadError);

    const badAmount = standardOrder({ lines: [lineItem({ id: "1", title: "x", price: "12.3.4", quantity: 1 })] });
    expect(() => orderFactsFromPayload(badAmount)).toThrow(PayloadError);
    expect(() => orderFactsFromPayload(badAmount)).toThrow(/12\.3\.4/);

    const fractionalYen = orderPayload({
      currency: "JPY",
      totalPrice: "100",
      lines: [lineItem({ id: "1", title: "x", price: "99.5", quantity: 1 }, "JPY")],
    });
    expect(() => orderFactsFromPayload(fractionalYen)).toThrow(PayloadError);

    const negativeQuantity = standardOrder({ lines: [lineItem({ id: "1", title: "x", price: "1.00", quantity: -1 })] });
    expect(() => orderFactsFromPayload(negativeQuantity)).toThrow(PayloadError);

    const mixedCurrency = standardOrder({ lines: [lineItem({ id: "1", title: "x", price: "1.00", quantity: 1 }, "EUR")] });
    expect(() => orderFactsFromPayload(mixedCurrency)).toThrow(/shop currency/);

    expect(() => orderFactsFromPayload(null)).toThrow(PayloadError);
    expect(() => orderFactsFromPayload("order")).toThrow(PayloadError);
    expect(() => orderFactsFromPayload({ id: 1 })).toThrow(PayloadError);
  });
});

describe("refundFactsFromPayload", () => {
  const ORDER = { totalPriceMinor: 14668, presentmentTotalMinor: 13510, currency: "USD", presentmentCurrency: "EUR" };

  it("maps a partial refund of one line", () => {
    const facts = refundFactsFromPayload(
      refundPayload({
        id: "509562969126809878",
        lines: [{ id: "1058348512948373005", lineItemId: LINE_MUG_ID, quantity: 1, subtotal: "21.25", tax: "1.70" }],
        transactions: [{ amount: "22.95" }],
      }),
    );
    expect(facts).toEqual({
      refundGid: "gid://shopify/Refund/509562969126809878",
      orderGid: ORDER_GID,
      createdAt: "2024-03-05T10:15:00-05:00",
      lines: [{ lineGid: MUG_GID, quantity: 1, subtotalMinor: 2125, taxMinor: 170 }],
      amountOnly: null,
      shippingRefundMinor: 0,
    });
  });

  it("builds gids from numeric order_id / line_item_id when admin ids are absent", () => {
    const payload = refundPayload({
      id: 929361462,
      orderId: 450789469,
      lines: [{ id: 104689539, lineItemId: 703073504, quantity: 1, subtotal: "1.00" }],
    });
    delete payload.admin_graphql_api_id;
    for (const line of payload.refund_line_items as { line_item: unknown }[]) line.line_item = null;
    const facts = refundFactsFromPayload(payload);
    expect(facts.refundGid).toBe("gid://shopify/Refund/929361462");
    expect(facts.orderGid).toBe("gid://shopify/Order/450789469");
    expect(facts.lines[0]?.lineGid).toBe("gid://shopify/LineItem/703073504");
  });

  it("amount-only refund: ratio of the order total in the transaction currency", () => {
    const usd = refundFactsFromPayload(refundPayload({ id: "1", transactions: [{ amount: "73.34" }] }), ORDER);
    expect(usd.amountOnly).toEqual({ numerator: 7334, denominator: 14668, currency: "USD" });
    expect(usd.lines).toEqual([]);

    const eur = refundFactsFromPayload(
      refundPayload({ id: "2", transactions: [{ amount: "67.55", currency: "EUR" }] }),
      ORDER,
    );
    expect(eur.amountOnly).toEqual({ numerator: 6755, denominator: 13510, currency: "EUR" });
  });

  it("amount-only refund without a known order total is left for later (denominator 0)", () => {
    const facts = refundFactsFromPayload(refundPayload({ id: "3", transactions: [{ amount: "73.34" }] }));
    expect(facts.amountOnly).toEqual({ numerator: 7334, denominator: 0, currency: "USD" });
    // shop currency unknown → cannot tell which total applies → also deferred
    const onlyTotal = refundFactsFromPayload(refundPayload({ id: "3", transactions: [{ amount: "73.34" }] }), {
      totalPriceMinor: 14668,
    });
    expect(onlyTotal.amountOnly).toEqual({ numerator: 7334, denominator: 0, currency: "USD" });
  });

  it("subtracts the shipping refund and ignores unsuccessful transactions", () => {
    const facts = refundFactsFromPayload(
      refundPayload({
        id: "4",
        transactions: [
          { amount: "35.00" },
          { amount: "35.00", status: "failure" },
          { amount: "5.00", kind: "capture" },
        ],
        shipping: { amount: "10.00" },
      }),
      { totalPriceMinor: 14668 },
    );
    expect(facts.shippingRefundMinor).toBe(1000);
    expect(facts.amountOnly).toEqual({ numerator: 2500, denominator: 14668, currency: "USD" });
  });

  it("a shipping-only refund has no amount-only part", () => {
    const facts = refundFactsFromPayload(
      refundPayload({ id: "5", transactions: [{ amount: "10.00" }], shipping: { amount: "10.00" } }),
      ORDER,
    );
    expect(facts).toMatchObject({ lines: [], amountOnly: null, shippingRefundMinor: 1000 });

    const presented = refundFactsFromPayload(
      refundPayload({
        id: "6",
        transactions: [{ amount: "9.21", currency: "EUR" }],
        shipping: { amount: "10.00", presentment: { amount: "9.21", currency: "EUR" } },
      }),
      ORDER,
    );
    expect(presented).toMatchObject({ amountOnly: null, shippingRefundMinor: 1000 });
  });

  it("throws PayloadError when the refund lacks ids", () => {
    const noId = refundPayload({ id: "7" });
    delete noId.id;
    delete noId.admin_graphql_api_id;
    expect(() => refundFactsFromPayload(noId)).toThrow(PayloadError);

    const noOrder = refundPayload({ id: "8" });
    delete noOrder.order_id;
    expect(() => refundFactsFromPayload(noOrder)).toThrow(/order_id/);

    expect(() => refundFactsFromPayload([])).toThrow(PayloadError);
  });
});

// Type-level check: hand-built LineFacts without the optional `tip` stay valid.
const _handBuilt: LineFacts = {
  lineGid: "gid://shopify/LineItem/1",
  title: "x",
  quantity: 1,
  currentQuantity: 1,
  giftCard: false,
  grossMinor: 0,
  discountMinor: 0,
  taxMinor: 0,
  eligibleMinor: 0,
};
void _handBuilt;
