import { describe, it, expect } from "vitest";
import { parse, stringify, isLosslessNumber, type LosslessNumber } from "lossless-json";
import {
  allocateExactly,
  applyRefund,
  bigId,
  buildCheckoutsCreate,
  buildCustomersCreate,
  buildCustomersDataRequest,
  buildCustomersDelete,
  buildCustomersMerge,
  buildCustomersRedact,
  buildAppUninstalled,
  buildOrdersCancelled,
  buildOrdersCreate,
  buildOrdersDelete,
  buildOrdersPaid,
  buildRefundsCreate,
  buildShopRedact,
  cancelOrder,
  createCustomer,
  createOrder,
  createRefund,
  createRng,
  formatMinor,
  makeId,
  makeShop,
  parseAmount,
  rawNumber,
  simulateStore,
  simulateStoreHistory,
  toShopifyJson,
  type CurrencyCode,
  type OrderOptions,
  type Rng,
} from "../../support/shopify-payloads.js";
import {
  appProxyMessage,
  appProxyQuery,
  signAppProxyQuery,
  signWebhook,
  verifyWebhookSignature,
  webhookHeaders,
} from "../../support/webhook-signing.js";

type Json = null | boolean | string | LosslessNumber | Json[] | { [k: string]: Json };

function lossless(body: string): any {
  return parse(body) as any;
}

/** Every [key, value] pair in a parsed tree (depth-first). */
function* entries(node: Json, key = ""): Generator<[string, Json]> {
  yield [key, node];
  if (Array.isArray(node)) for (const item of node) yield* entries(item, key);
  else if (node && typeof node === "object" && !isLosslessNumber(node)) {
    for (const [k, v] of Object.entries(node)) yield* entries(v as Json, k);
  }
}

function num(n: unknown): string {
  if (!isLosslessNumber(n)) throw new Error(`expected a JSON number, got ${JSON.stringify(n)}`);
  return n.value;
}

function sampleOrderOptions(rng: Rng, currency: CurrencyCode = "USD"): OrderOptions {
  return {
    currency,
    customer: createCustomer(rng, { currency }),
    lines: [
      { title: "Organic Cotton Tee", unitPriceMinor: 2899, quantity: 3 },
      { title: "Stoneware Mug", unitPriceMinor: 1799, quantity: 1, lineDiscountMinor: 250 },
      { title: "Beeswax Candle", unitPriceMinor: 1333, quantity: 2 },
    ],
    discountCode: { code: "SAVE10", type: "fixed_amount", value: 1001 },
    shippingMinor: 695,
    taxRate: 0.0825,
  };
}

const SECRET = "shpss_test_secret";

describe("ids: 18-digit bare JSON numbers", () => {
  it("makeId produces 18-digit strings starting 5..9, all above 2^53", () => {
    const rng = createRng(1);
    for (let i = 0; i < 500; i++) {
      const id = makeId(rng);
      expect(id).toMatch(/^[5-9]\d{17}$/);
      expect(BigInt(id) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    }
  });

  it("toShopifyJson writes bigId markers as bare numbers and refuses unsafe JS numbers", () => {
    expect(toShopifyJson({ id: bigId("820982911946154508"), ids: [bigId(12345678901234567890n)], subtotal: rawNumber("89.99") })).toBe(
      '{"id":820982911946154508,"ids":[12345678901234567890],"subtotal":89.99}',
    );
    expect(toShopifyJson({ big: 2n ** 64n })).toBe('{"big":18446744073709551616}');
    expect(() => toShopifyJson({ id: Number("820982911946154508") })).toThrow(/unsafe integer/);
    expect(() => bigId("12a")).toThrow();
    expect(() => rawNumber("1.")).toThrow();
  });

  it("order ids are written exactly like Shopify's sample and survive a lossless parse (but not JSON.parse)", () => {
    const rng = createRng("sample");
    const order = createOrder(rng, { ...sampleOrderOptions(rng), id: "820982911946154508" });
    const body = buildOrdersCreate(order).body;
    expect(body.startsWith('{"id":820982911946154508,"admin_graphql_api_id":"gid://shopify/Order/820982911946154508"')).toBe(true);

    const parsed = lossless(body);
    expect(num(parsed.id)).toBe("820982911946154508");
    expect(stringify(parsed)).toBe(body); // the whole body round-trips byte for byte
    expect(String(JSON.parse(body).id)).not.toBe("820982911946154508"); // why lossless parsing is needed
  });

  it("every id field in order, refund, customer and compliance bodies is a bare 18-digit number matching its gid", () => {
    const rng = createRng(42);
    const order = createOrder(rng, sampleOrderOptions(rng));
    const refund = createRefund(rng, order, { lines: [{ lineItemId: order.lines[0]!.id, quantity: 1 }], shipping: "full" });
    const refunded = applyRefund(order, refund);
    const shop = makeShop();
    const bodies = [
      buildOrdersCreate(order).body,
      buildRefundsCreate(refunded, refund).body,
      buildCustomersCreate(order.customer!).body,
      buildCustomersRedact(shop, order.customer!, [order.id]).body,
      buildCustomersDataRequest(shop, order.customer!, [order.id], "706405506930370084").body,
      buildOrdersDelete(order).body,
    ];
    const idKeys = /^(id|order_id|product_id|variant_id|line_item_id|customer_id|checkout_id|parent_id|refund_id)$/;
    let checked = 0;
    for (const body of bodies) {
      // Text level: no id is ever quoted.
      expect(body).not.toMatch(/"(id|order_id|line_item_id|product_id|variant_id|customer_id|checkout_id)":"/);
      for (const [key, value] of entries(lossless(body))) {
        if (idKeys.test(key) && value !== null) {
          expect(num(value)).toMatch(/^[5-9]\d{17}$/);
          checked++;
        }
        if (key === "admin_graphql_api_id") expect(value).toMatch(/^gid:\/\/shopify\/[A-Za-z]+\/\d{18}$/);
        if ((key === "orders_to_redact" || key === "orders_requested") && Array.isArray(value)) {
          expect((value as Json[]).map(num)).toEqual([order.id]);
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
    const parsedOrder = lossless(bodies[0]!);
    for (const li of parsedOrder.line_items) expect(li.admin_graphql_api_id).toBe(`gid://shopify/LineItem/${num(li.id)}`);
  });
});

describe("money", () => {
  it("formats amounts with the currency exponent", () => {
    expect(formatMinor(1999, "USD")).toBe("19.99");
    expect(formatMinor(2500, "JPY")).toBe("2500");
    expect(formatMinor(12345, "KWD")).toBe("12.345");
    expect(formatMinor(5, "KWD")).toBe("0.005");
    expect(formatMinor(-500, "USD")).toBe("-5.00");
    expect(parseAmount("12.345", "KWD")).toBe(12345);
    expect(parseAmount("10.0", "USD")).toBe(1000);
    expect(parseAmount("2500", "JPY")).toBe(2500);
  });

  it("allocateExactly splits exactly with the remainder on the last weighted line", () => {
    expect(allocateExactly(100, [1, 1, 1])).toEqual([33, 33, 34]);
    expect(allocateExactly(1001, [8697, 1549, 2666])).toEqual([674, 120, 207]);
    expect(allocateExactly(7, [5, 0])).toEqual([7, 0]);
    expect(allocateExactly(10, [0, 0])).toEqual([0, 10]);
    const rng = createRng(3);
    for (let i = 0; i < 500; i++) {
      const weights = Array.from({ length: 1 + Math.floor(rng() * 6) }, () => Math.floor(rng() * 50_000));
      const sumW = weights.reduce((a, b) => a + b, 0);
      const total = Math.floor(rng() * (sumW + 1));
      const parts = allocateExactly(total, weights);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
      parts.forEach((p, j) => {
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(weights[j]!);
      });
    }
  });

  const currencies: Array<[CurrencyCode, CurrencyCode]> = [
    ["USD", "USD"],
    ["USD", "EUR"],
    ["JPY", "JPY"],
    ["KWD", "KWD"],
    ["EUR", "USD"],
    ["USD", "KWD"],
    ["KWD", "JPY"],
  ];

  it.each(currencies)("discount allocations sum exactly to the code discount and totals add up (%s shop, %s presentment)", (shopCur, presCur) => {
    const rng = createRng(`alloc-${shopCur}-${presCur}`);
    for (let n = 0; n < 60; n++) {
      const lineCount = 1 + Math.floor(rng() * 4);
      const lines = Array.from({ length: lineCount }, (_, i) => ({
        title: `Item ${i}`,
        unitPriceMinor: 1 + Math.floor(rng() * 30_000),
        quantity: 1 + Math.floor(rng() * 4),
        giftCard: i > 0 && rng() < 0.15,
        lineDiscountMinor: rng() < 0.2 ? Math.floor(rng() * 500) : 0,
      }));
      const percentage = rng() < 0.5;
      const order = createOrder(rng, {
        currency: shopCur,
        presentmentCurrency: presCur,
        customer: rng() < 0.8 ? createCustomer(rng, { currency: shopCur }) : null,
        lines,
        discountCode: percentage
          ? { code: "PCT", type: "percentage", value: 1 + Math.floor(rng() * 40) }
          : { code: "FIXED", type: "fixed_amount", value: Math.floor(rng() * 20_000) },
        shippingMinor: Math.floor(rng() * 2000),
        taxRate: rng() < 0.7 ? 0.0825 : 0,
        taxesIncluded: rng() < 0.4,
      });
      const o = lossless(buildOrdersCreate(order).body);
      for (const side of ["shop_money", "presentment_money"] as const) {
        const cur = side === "shop_money" ? shopCur : presCur;
        const amt = (set: any) => {
          expect(set[side].currency_code).toBe(cur);
          return parseAmount(set[side].amount, cur);
        };
        let codeAllocated = 0;
        let allAllocated = 0;
        let lineItemsPrice = 0;
        let lineTax = 0;
        for (const li of o.line_items) {
          lineItemsPrice += amt(li.price_set) * Number(li.quantity.value);
          for (const a of li.discount_allocations) {
            allAllocated += amt(a.amount_set);
            if (num(a.discount_application_index) === "0") codeAllocated += amt(a.amount_set);
          }
          if (li.gift_card) expect(li.discount_allocations.filter((a: any) => num(a.discount_application_index) === "0")).toEqual([]);
          for (const t of li.tax_lines) lineTax += amt(t.price_set);
        }
        expect(amt(o.total_discounts_set)).toBe(allAllocated);
        expect(amt(o.total_line_items_price_set)).toBe(lineItemsPrice);
        expect(amt(o.subtotal_price_set)).toBe(lineItemsPrice - allAllocated);
        expect(amt(o.total_tax_set)).toBe(lineTax);
        const shipping = amt(o.total_shipping_price_set);
        expect(amt(o.total_price_set)).toBe(lineItemsPrice - allAllocated + shipping + (o.taxes_included ? 0 : lineTax));
        expect(amt(o.current_total_price_set)).toBe(amt(o.total_price_set));
        if (o.discount_codes.length > 0 && side === "shop_money") {
          expect(parseAmount(o.discount_codes[0].amount, shopCur)).toBe(codeAllocated);
        }
      }
      // shop_money is always the shop currency, presentment_money the presentment currency, everywhere.
      for (const [key, value] of entries(o)) {
        if (key === "shop_money") expect((value as any).currency_code).toBe(shopCur);
        if (key === "presentment_money") expect((value as any).currency_code).toBe(presCur);
      }
      expect(o.currency).toBe(shopCur);
      expect(o.presentment_currency).toBe(presCur);
    }
  });

  it("writes JPY without decimals and KWD with three", () => {
    const rng = createRng(5);
    const jpy = lossless(buildOrdersCreate(createOrder(rng, { currency: "JPY", lines: [{ title: "茶碗", unitPriceMinor: 2500 }], taxRate: 0.1, taxesIncluded: true })).body);
    expect(jpy.total_price).toBe("2500");
    expect(jpy.total_tax).toBe("227");
    const kwd = lossless(buildOrdersCreate(createOrder(rng, { currency: "KWD", lines: [{ title: "Dates", unitPriceMinor: 12345 }] })).body);
    expect(kwd.total_price).toBe("12.345");
    expect(kwd.line_items[0].price_set.shop_money).toEqual({ amount: "12.345", currency_code: "KWD" });
  });
});

describe("refunds", () => {
  it("refund_line_items carry the line id as a bare number and the discounted unit price × quantity; two partial refunds sum to the line", () => {
    const rng = createRng(11);
    let order = createOrder(rng, { ...sampleOrderOptions(rng), presentmentCurrency: "EUR" });
    const tee = order.lines[0]!; // 3 × 28.99 with a share of the 10.01 code discount
    const net = tee.unit.shop * tee.quantity - tee.lineDiscount.shop - tee.codeAllocation.shop;

    const r1 = createRefund(rng, order, { lines: [{ lineItemId: tee.id, quantity: 1, restockType: "return" }] });
    order = applyRefund(order, r1);
    const p1 = buildRefundsCreate(order, r1);
    expect(p1.body).toContain(`"line_item_id":${tee.id},`);
    const j1 = lossless(p1.body);
    expect(num(j1.order_id)).toBe(order.id);
    const rli = j1.refund_line_items[0];
    expect(num(rli.line_item_id)).toBe(tee.id);
    expect(num(rli.quantity)).toBe("1");
    expect(parseAmount(rli.subtotal_set.shop_money.amount, "USD")).toBe(Math.round(net / 3));
    expect(num(rli.subtotal)).toBe(rli.subtotal_set.shop_money.amount);
    expect(rli.subtotal_set.presentment_money.currency_code).toBe("EUR");
    expect(num(rli.line_item.id)).toBe(tee.id);
    expect(j1.order_adjustments).toEqual([]);
    expect(j1.transactions[0].kind).toBe("refund");
    expect(j1.transactions[0].currency).toBe("EUR");
    expect(order.financialStatus).toBe("partially_refunded");

    const r2 = createRefund(rng, order, { lines: [{ lineItemId: tee.id, quantity: 2 }] });
    const s1 = r1.lines[0]!.subtotal;
    const s2 = r2.lines[0]!.subtotal;
    expect(s1.shop + s2.shop).toBe(net);
    expect(r1.lines[0]!.tax.shop + r2.lines[0]!.tax.shop).toBe(tee.tax.shop);
    expect(() => createRefund(rng, applyRefund(order, r2), { lines: [{ lineItemId: tee.id, quantity: 1 }] })).toThrow(/cannot refund/);

    const after = lossless(buildOrdersCreate(applyRefund(order, r2)).body);
    expect(num(after.line_items[0].current_quantity)).toBe("0");
    expect(after.refunds).toHaveLength(2);
  });

  it("shipping refunds are order_adjustments of kind shipping_refund with negative amounts; amount-only refunds have transactions only", () => {
    const rng = createRng(12);
    const order = createOrder(rng, sampleOrderOptions(rng));
    const ship = createRefund(rng, order, { shipping: "full" });
    const js = lossless(buildRefundsCreate(applyRefund(order, ship), ship).body);
    expect(js.refund_line_items).toEqual([]);
    expect(js.order_adjustments).toHaveLength(1);
    expect(js.order_adjustments[0].kind).toBe("shipping_refund");
    expect(js.order_adjustments[0].amount).toBe("-6.95");
    expect(js.order_adjustments[0].amount_set.shop_money).toEqual({ amount: "-6.95", currency_code: "USD" });
    expect(num(js.order_adjustments[0].refund_id)).toBe(ship.id);
    expect(js.transactions[0].amount).toBe("6.95");

    const goodwill = createRefund(rng, order, { amountMinor: 500, note: "Sorry!" });
    const jg = lossless(buildRefundsCreate(applyRefund(order, goodwill), goodwill).body);
    expect(jg.refund_line_items).toEqual([]);
    expect(jg.order_adjustments).toEqual([]);
    expect(jg.transactions).toHaveLength(1);
    expect(jg.transactions[0].amount).toBe("5.00");
    expect(num(jg.transactions[0].parent_id)).toMatch(/^\d{18}$/);
  });
});

describe("other topics", () => {
  it("builds every topic with a parseable body and the sample shapes", () => {
    const rng = createRng(21);
    const shop = makeShop();
    const customer = createCustomer(rng);
    const order = createOrder(rng, { ...sampleOrderOptions(rng), customer, financialStatus: "pending" });
    const paid = lossless(buildOrdersPaid(order).body);
    expect(paid.financial_status).toBe("paid");
    expect(paid.total_outstanding).toBe("0.00");
    expect(lossless(buildOrdersCreate(order).body).financial_status).toBe("pending");

    const cancelled = lossless(buildOrdersCancelled(cancelOrder(order, new Date("2026-02-01T10:00:00Z"))).body);
    expect(cancelled.financial_status).toBe("voided");
    expect(cancelled.cancelled_at).toBe("2026-02-01T05:00:00-05:00");
    expect(cancelled.current_total_price).toBe("0.00");

    expect(buildOrdersDelete(order).body).toBe(`{"id":${order.id}}`);
    expect(buildCustomersDelete(customer).body).toBe(`{"id":${customer.id},"tax_exemptions":[],"admin_graphql_api_id":"gid://shopify/Customer/${customer.id}"}`);

    const created = lossless(buildCustomersCreate(customer, shop).body);
    expect(num(created.id)).toBe(customer.id);
    expect(created.email_marketing_consent.state).toMatch(/subscribed/);
    expect(num(created.default_address.customer_id)).toBe(customer.id);

    const merge = lossless(buildCustomersMerge({ keptId: customer.id, deletedId: "706405506930370084", jobId: "abc" }).body);
    expect(merge).toEqual({
      admin_graphql_api_customer_kept_id: `gid://shopify/Customer/${customer.id}`,
      admin_graphql_api_customer_deleted_id: "gid://shopify/Customer/706405506930370084",
      admin_graphql_api_job_id: "gid://shopify/Job/abc",
      status: "completed",
      errors: [],
    });

    expect(buildShopRedact({ id: "954889", domain: "shop-name.myshopify.com" }).body).toBe('{"shop_id":954889,"shop_domain":"shop-name.myshopify.com"}');
    const redact = lossless(buildCustomersRedact(shop, customer, [order.id]).body);
    expect(Object.keys(redact)).toEqual(["shop_id", "shop_domain", "customer", "orders_to_redact"]);
    const dr = lossless(buildCustomersDataRequest(shop, customer, [order.id], "9999").body);
    expect(Object.keys(dr)).toEqual(["shop_id", "shop_domain", "customer", "orders_requested", "data_request"]);
    expect(lossless(buildAppUninstalled(shop).body).myshopify_domain).toBe(shop.domain);

    const checkout = buildCheckoutsCreate(rng, sampleOrderOptions(rng));
    const cj = lossless(checkout.body);
    expect(cj.token).toBe(checkout.token);
    expect(cj.name).toBe(`#${checkout.checkoutId}`);
    expect(cj.line_items).toHaveLength(3);
  });

  it("guest orders have customer: null and the contact email", () => {
    const rng = createRng(22);
    const o = lossless(buildOrdersCreate(createOrder(rng, { ...sampleOrderOptions(rng), customer: null, email: "guest@example.net" })).body);
    expect(o.customer).toBeNull();
    expect(o.email).toBe("guest@example.net");
    expect(o.buyer_accepts_marketing).toBe(false);
  });
});

describe("determinism", () => {
  it("same seed → identical payloads; different seed → different", () => {
    const a = createRng(99);
    const b = createRng(99);
    expect(buildOrdersCreate(createOrder(a, sampleOrderOptions(a))).body).toBe(buildOrdersCreate(createOrder(b, sampleOrderOptions(b))).body);

    const opts = { seed: "demo", customers: 25, days: 120, endDate: new Date("2026-12-15T00:00:00Z") };
    const h1 = simulateStoreHistory(opts);
    const h2 = simulateStoreHistory(opts);
    expect(h2).toEqual(h1);
    const h3 = simulateStoreHistory({ ...opts, seed: "demo2" });
    expect(h3.map((d) => d.body)).not.toEqual(h1.map((d) => d.body));
  });
});

describe("signing", () => {
  it("HMAC of a known body equals the precomputed base64 value (computed with openssl)", () => {
    const body = '{"id":820982911946154508,"email":"jon@example.com","total_price":"404.95"}';
    expect(signWebhook(body, "hush")).toBe("DEfHnXBPdWfMeKHU1EFeqXlz6efsLX9cbYeGf9G5k8Q=");
    // UTF-8 bytes of the raw body are signed
    expect(signWebhook('{"first_name":"Zoë","note":"🎉"}', SECRET)).toBe("pfgVpORaD5lo9pecX8V9mL5Q5wyS7aNoyfI19M2h2lk=");
    expect(signWebhook(Buffer.from(body), "hush")).toBe("DEfHnXBPdWfMeKHU1EFeqXlz6efsLX9cbYeGf9G5k8Q=");
    expect(verifyWebhookSignature(body, "DEfHnXBPdWfMeKHU1EFeqXlz6efsLX9cbYeGf9G5k8Q=", "hush")).toBe(true);
    expect(verifyWebhookSignature(`${body} `, "DEfHnXBPdWfMeKHU1EFeqXlz6efsLX9cbYeGf9G5k8Q=", "hush")).toBe(false);
  });

  it("webhookHeaders returns what Shopify sends", () => {
    const body = '{"id":820982911946154508}';
    expect(
      webhookHeaders({
        topic: "orders/paid",
        shopDomain: "kanta-demo.myshopify.com",
        body,
        secret: "hush",
        webhookId: "545ebdd4-b7be-4d3d-b14e-54aa78e0e0f9",
        eventId: "59d6d79c-595f-4e7e-bc6f-72f5c3d0c66f",
        triggeredAt: "2025-07-10T16:15:47.000000Z",
      }),
    ).toEqual({
      "Content-Type": "application/json",
      "X-Shopify-Topic": "orders/paid",
      "X-Shopify-Hmac-Sha256": signWebhook(body, "hush"),
      "X-Shopify-Shop-Domain": "kanta-demo.myshopify.com",
      "X-Shopify-API-Version": "2026-07",
      "X-Shopify-Webhook-Id": "545ebdd4-b7be-4d3d-b14e-54aa78e0e0f9",
      "X-Shopify-Event-Id": "59d6d79c-595f-4e7e-bc6f-72f5c3d0c66f",
      "X-Shopify-Triggered-At": "2025-07-10T16:15:47.000000Z",
    });
  });

  // shopify.dev "Authenticate app proxies": secret "hush"; the page shows the shop as
  // "{shop}.myshopify.com" but both published digests reproduce with "shop-name.myshopify.com".
  const docParams = {
    extra: ["1", "2"],
    shop: "shop-name.myshopify.com",
    logged_in_customer_id: "1",
    path_prefix: "/apps/awesome_reviews",
    timestamp: "1317327555",
  };

  it("app proxy signature matches Shopify's documented example", () => {
    expect(appProxyMessage(docParams)).toBe(
      "extra=1,2logged_in_customer_id=1path_prefix=/apps/awesome_reviewsshop=shop-name.myshopify.comtimestamp=1317327555",
    );
    expect(signAppProxyQuery(docParams, "hush")).toEqual({
      ...docParams,
      signature: "4c68c8624d737112c91818c11017d24d334b524cb5c2b8ba08daa056f7395ddb",
    });
    expect(signAppProxyQuery({ ...docParams, logged_in_customer_id: "" }, "hush").signature).toBe(
      "e072b6d7e6622d85912a5214b860d3100dc1e73d9bc29f43796ac8c9ff8093cb",
    );
    // An existing signature is ignored and replaced.
    expect(signAppProxyQuery({ ...docParams, signature: "stale" }, "hush").signature).toBe(
      "4c68c8624d737112c91818c11017d24d334b524cb5c2b8ba08daa056f7395ddb",
    );
  });

  it("appProxyQuery builds the forwarded query string", () => {
    const q = appProxyQuery({ shop: "shop-name.myshopify.com", loggedInCustomerId: "1", pathPrefix: "/apps/awesome_reviews", timestamp: 1317327555, extra: { extra: ["1", "2"] } }, "hush");
    expect(q.getAll("extra")).toEqual(["1", "2"]);
    expect(q.get("signature")).toBe("4c68c8624d737112c91818c11017d24d334b524cb5c2b8ba08daa056f7395ddb");
    expect(q.toString()).toContain("path_prefix=%2Fapps%2Fawesome_reviews");
  });
});

describe("simulateStoreHistory", () => {
  const endDate = new Date("2027-01-01T00:00:00Z");
  const store = simulateStore({ seed: 2026, customers: 50, days: 365, endDate });
  const deliveries = store.deliveries;
  const start = endDate.getTime() - 365 * 86_400_000;
  const originals = deliveries.filter((d) => !d.duplicate);
  const byTopic = (topic: string) => originals.filter((d) => d.topic === topic);

  it("is chronologically ordered, inside the window, and every body is valid JSON", () => {
    let prev = -Infinity;
    for (const d of deliveries) {
      const at = Date.parse(d.deliveredAt);
      expect(at).toBeGreaterThanOrEqual(prev);
      prev = at;
      const trig = Date.parse(d.triggeredAt);
      expect(trig).toBeGreaterThanOrEqual(start);
      expect(trig).toBeLessThan(endDate.getTime());
      expect(d.triggeredAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
      expect(d.webhookId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(d.shopDomain).toBe("kanta-demo.myshopify.com");
      expect(stringify(parse(d.body))).toBe(d.body); // valid JSON that round-trips losslessly
    }
  });

  it("produces sane counts", () => {
    const created = byTopic("customers/create");
    expect(new Set(created.map((d) => d.resourceId)).size).toBe(50);
    expect(created).toHaveLength(50);
    const orders = byTopic("orders/create");
    expect(orders.length).toBe(store.orders.length);
    expect(orders.length).toBeGreaterThan(100);
    expect(orders.length).toBeLessThan(700);
    const paid = byTopic("orders/paid");
    expect(paid.length).toBeGreaterThan(orders.length * 0.85);
    expect(paid.length).toBeLessThanOrEqual(orders.length);
    const cancelled = byTopic("orders/cancelled");
    expect(cancelled.length).toBeLessThan(orders.length * 0.08);
    const refunds = byTopic("refunds/create");
    expect(refunds.length).toBeGreaterThan(0);
    expect(refunds.length).toBeLessThan(orders.length * 0.15);
    const guests = store.orders.filter((o) => o.customer === null);
    expect(guests.length / orders.length).toBeGreaterThan(0.05);
    expect(guests.length / orders.length).toBeLessThan(0.3);
    expect(store.orders.filter((o) => o.test).length).toBeLessThan(orders.length * 0.05);
    const dups = deliveries.filter((d) => d.duplicate);
    expect(dups.length).toBeLessThan(deliveries.length * 0.05);
    // Order numbers are sequential in creation order.
    expect(orders.map((d) => lossless(d.body).order_number.value)).toEqual(orders.map((_, i) => String(1001 + i)));
  });

  it("references only orders and customers created earlier (in trigger order); out-of-order arrival only via delayed deliveries", () => {
    const seenOrders = new Set<string>();
    const seenCustomers = new Set<string>();
    const byTrigger = [...deliveries].sort((a, b) => Date.parse(a.triggeredAt) - Date.parse(b.triggeredAt));
    for (const d of byTrigger) {
      const j = lossless(d.body);
      if (d.topic === "customers/create") seenCustomers.add(num(j.id));
      if (d.topic === "orders/create") {
        seenOrders.add(num(j.id));
        if (j.customer) expect(seenCustomers.has(num(j.customer.id))).toBe(true);
      } else if (d.topic.startsWith("orders/")) {
        expect(seenOrders.has(num(j.id))).toBe(true);
      } else if (d.topic === "refunds/create") {
        expect(seenOrders.has(num(j.order_id))).toBe(true);
      }
    }
  });

  it("deliveries arrive in trigger order except the few delayed ones", () => {
    const delayed = deliveries.filter((d) => d.delayed);
    expect(delayed.length).toBeLessThan(deliveries.length * 0.03);
    const onTime = deliveries.filter((d) => !d.delayed && !d.duplicate);
    for (let i = 1; i < onTime.length; i++) {
      expect(Date.parse(onTime[i]!.triggeredAt)).toBeGreaterThanOrEqual(Date.parse(onTime[i - 1]!.triggeredAt));
    }
  });

  it("duplicates repeat the exact body; retries keep the webhook id, all keep the event id", () => {
    for (const dup of deliveries.filter((d) => d.duplicate)) {
      const original = deliveries.find((d) => !d.duplicate && d.eventId === dup.eventId)!;
      expect(original).toBeDefined();
      expect(dup.body).toBe(original.body);
      expect(dup.triggeredAt).toBe(original.triggeredAt);
      if (dup.duplicate === "retry") expect(dup.webhookId).toBe(original.webhookId);
      else expect(dup.webhookId).not.toBe(original.webhookId);
    }
    const unique = new Set(originals.map((d) => d.webhookId));
    expect(unique.size).toBe(originals.length);
  });

  it("has a late-November peak", () => {
    const perDay = (from: Date, to: Date) =>
      store.orders.filter((o) => o.createdAt >= from && o.createdAt < to).length / ((to.getTime() - from.getTime()) / 86_400_000);
    const peak = perDay(new Date("2026-11-21T00:00:00Z"), new Date("2026-12-02T00:00:00Z"));
    const year = perDay(new Date(start), endDate);
    expect(peak).toBeGreaterThan(year * 1.5);
  });

  it("a few hundred customers over a year stays fast enough for the demo", () => {
    const t0 = performance.now();
    const big = simulateStoreHistory({ seed: 1, customers: 300, days: 365, endDate, currency: "EUR" });
    expect(performance.now() - t0).toBeLessThan(15_000);
    expect(big.length).toBeGreaterThan(1000);
    const sample = lossless(big.find((d) => d.topic === "orders/create")!.body);
    expect(sample.currency).toBe("EUR");
    expect(sample.taxes_included).toBe(true);
  });
});
