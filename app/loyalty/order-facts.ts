/**
 * Maps Shopify REST webhook payloads (orders/create, orders/paid,
 * orders/updated, orders/cancelled and refunds/create) to plain facts used by
 * the earning engine.
 *
 * Payloads must already have been parsed losslessly: integers outside
 * Number.isSafeInteger arrive as digit strings, so every id is handled as
 * `string | number` and normalised with String().
 *
 * Money always comes from `*_set.shop_money` (shop currency). The legacy flat
 * fields (`price`, `total_discount`, `subtotal`, ...) are only used as a
 * fallback when the corresponding `*_set` is missing entirely; in REST they are
 * expressed in the shop currency as well. `presentment_money` is never used for
 * booked money; it is only read to express a refund *ratio* in the currency of
 * the refund transactions (see RefundFacts.amountOnly).
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { MoneyError, currencyExponent, parseMinorUnits, toSafeNumber } from "./money";

export class PayloadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PayloadError";
  }
}

export type LineFacts = {
  /** line item admin_graphql_api_id or gid://shopify/LineItem/<id> */
  lineGid: string;
  title: string;
  /** originally ordered */
  quantity: number;
  /** after order EDITS only: current_quantity + quantity refunded in the same payload */
  currentQuantity: number;
  giftCard: boolean;
  /**
   * Tip line (Shopify REST sends tips as line items that carry a
   * `tip_payment_gateway` / `tip_payment_method` key). Tips never earn.
   * Optional so hand-built facts without it stay valid (absent = false).
   */
  tip?: boolean;
  /**
   * gid://shopify/Product/<product_id>; null for custom lines (no product). Optional so facts
   * recorded before Kanta read it stay valid (absent = unknown = not excluded).
   */
  productGid?: string | null;
  /**
   * The line's product was excluded from earning when Kanta first recorded the line (see
   * applyLineExclusions); fixed from then on. Absent = not excluded.
   */
  excluded?: boolean;
  /** price_set.shop_money × quantity */
  grossMinor: number;
  /** sum of discount_allocations (or total_discount_set when there are none) */
  discountMinor: number;
  /** sum of tax_lines[].price_set.shop_money */
  taxMinor: number;
  /** earning base for the current quantity; 0 for gift cards and tips, never negative */
  eligibleMinor: number;
};

export type RefundLineFacts = {
  lineGid: string;
  quantity: number;
  /** refund_line_items[].subtotal_set.shop_money (tax-inclusive when the order has taxes_included) */
  subtotalMinor: number;
  /** refund_line_items[].total_tax_set.shop_money */
  taxMinor: number;
};

export type RefundFacts = {
  refundGid: string;
  orderGid: string;
  createdAt: string | null;
  lines: RefundLineFacts[];
  /**
   * Amount-only refund (no refund_line_items): the fraction of the ORIGINAL
   * order total that was refunded, as an exact ratio numerator/denominator.
   *
   * - numerator: sum of successful `refund` transactions minus the shipping
   *   refund, in minor units of `currency` (the transactions' currency).
   * - denominator: the order total in that same currency (shop total when the
   *   transactions are in shop currency, presentment total otherwise).
   * - denominator === 0 means "order total not known yet, resolve later":
   *   the numerator is the refunded amount in minor units of `currency` and
   *   must be divided by the order total in that currency once it is known
   *   (orderPointsTarget does this when the order state carries the total).
   * - null when the refund has line items, or when nothing beyond shipping
   *   was refunded.
   */
  amountOnly: { numerator: number; denominator: number; currency?: string } | null;
  /** from order_adjustments kind "shipping_refund" (absolute value, shop money) */
  shippingRefundMinor: number;
};

export type OrderFacts = {
  orderGid: string;
  name: string | null;
  /** customer.admin_graphql_api_id or gid from customer.id */
  customerGid: string | null;
  customerEmail: string | null;
  /** shop currency: total_price_set.shop_money.currency_code, falling back to `currency` */
  currency: string;
  presentmentCurrency: string | null;
  financialStatus: string | null;
  /** financial_status in paid | partially_refunded | refunded */
  paid: boolean;
  test: boolean;
  cancelledAt: string | null;
  /** processed_at, falling back to created_at */
  processedAt: string;
  createdAt: string;
  updatedAt: string | null;
  /** web, pos, shopify_draft_order, ... */
  sourceName: string | null;
  taxesIncluded: boolean;
  /** total_price_set.shop_money */
  totalPriceMinor: number;
  /**
   * total_price_set.presentment_money in minor units of presentmentCurrency.
   * Only meant as the denominator of amount-only refund ratios; never booked.
   */
  presentmentTotalMinor?: number | null;
  lines: LineFacts[];
  /** refunds[] embedded in the order payload */
  refunds: RefundFacts[];
  /** discount_codes[].code */
  discountCodes: string[];
  checkoutToken: string | null;
  cartToken: string | null;
  /**
   * sha-256 (hex) of the normalized shipping address (address1, zip, country code), for referral
   * fraud checks without keeping the address; null when the order has no shipping address.
   */
  addressHash: string | null;
};

/** What refundFactsFromPayload may know about the order the refund belongs to. */
export type RefundOrderContext = {
  /** order total in shop currency (total_price_set.shop_money) */
  totalPriceMinor: number;
  /** order total in presentment currency */
  presentmentTotalMinor?: number | null;
  /** shop currency; lets the refund be interpreted even without shop_money sets in it */
  currency?: string;
  presentmentCurrency?: string | null;
};

// ---------------------------------------------------------------------------
// Schemas (loose: unknown keys pass through, nulls tolerated)
// ---------------------------------------------------------------------------

const idSchema = z.union([z.string(), z.number()]);
const amountSchema = z.union([z.string(), z.number()]);
const moneySchema = z
  .object({ amount: amountSchema, currency_code: z.string() })
  .passthrough();
const moneySetSchema = z
  .object({ shop_money: moneySchema.nullish(), presentment_money: moneySchema.nullish() })
  .passthrough();
const countSchema = z.number().int().nonnegative();

const discountAllocationSchema = z
  .object({ amount: amountSchema.nullish(), amount_set: moneySetSchema.nullish() })
  .passthrough();
const taxLineSchema = z
  .object({ price: amountSchema.nullish(), price_set: moneySetSchema.nullish() })
  .passthrough();

const lineItemSchema = z
  .object({
    id: idSchema.nullish(),
    admin_graphql_api_id: z.string().nullish(),
    product_id: idSchema.nullish(),
    title: z.string().nullish(),
    name: z.string().nullish(),
    quantity: countSchema,
    current_quantity: countSchema.nullish(),
    gift_card: z.boolean().nullish(),
    price: amountSchema.nullish(),
    price_set: moneySetSchema.nullish(),
    total_discount: amountSchema.nullish(),
    total_discount_set: moneySetSchema.nullish(),
    discount_allocations: z.array(discountAllocationSchema).nullish(),
    tax_lines: z.array(taxLineSchema).nullish(),
  })
  .passthrough();

const refundLineSchema = z
  .object({
    id: idSchema.nullish(),
    line_item_id: idSchema.nullish(),
    quantity: countSchema,
    subtotal: amountSchema.nullish(),
    subtotal_set: moneySetSchema.nullish(),
    total_tax: amountSchema.nullish(),
    total_tax_set: moneySetSchema.nullish(),
    line_item: z
      .object({ id: idSchema.nullish(), admin_graphql_api_id: z.string().nullish() })
      .passthrough()
      .nullish(),
  })
  .passthrough();

const transactionSchema = z
  .object({
    kind: z.string().nullish(),
    status: z.string().nullish(),
    amount: amountSchema.nullish(),
    currency: z.string().nullish(),
  })
  .passthrough();

const orderAdjustmentSchema = z
  .object({
    kind: z.string().nullish(),
    amount: amountSchema.nullish(),
    amount_set: moneySetSchema.nullish(),
  })
  .passthrough();

const refundSchema = z
  .object({
    id: idSchema.nullish(),
    admin_graphql_api_id: z.string().nullish(),
    order_id: idSchema.nullish(),
    created_at: z.string().nullish(),
    processed_at: z.string().nullish(),
    refund_line_items: z.array(refundLineSchema).nullish(),
    transactions: z.array(transactionSchema).nullish(),
    order_adjustments: z.array(orderAdjustmentSchema).nullish(),
  })
  .passthrough();

const orderSchema = z
  .object({
    id: idSchema.nullish(),
    admin_graphql_api_id: z.string().nullish(),
    name: z.string().nullish(),
    email: z.string().nullish(),
    contact_email: z.string().nullish(),
    currency: z.string().nullish(),
    presentment_currency: z.string().nullish(),
    financial_status: z.string().nullish(),
    test: z.boolean().nullish(),
    cancelled_at: z.string().nullish(),
    processed_at: z.string().nullish(),
    created_at: z.string().nullish(),
    updated_at: z.string().nullish(),
    source_name: z.string().nullish(),
    taxes_included: z.boolean().nullish(),
    total_price: amountSchema.nullish(),
    total_price_set: moneySetSchema.nullish(),
    line_items: z.array(lineItemSchema).nullish(),
    refunds: z.array(z.unknown()).nullish(),
    discount_codes: z
      .array(z.object({ code: z.string().nullish() }).passthrough())
      .nullish(),
    checkout_token: z.string().nullish(),
    shipping_address: z
      .object({ address1: z.string().nullish(), zip: z.string().nullish(), country_code: z.string().nullish() })
      .passthrough()
      .nullish(),
    cart_token: z.string().nullish(),
    customer: z
      .object({
        id: idSchema.nullish(),
        admin_graphql_api_id: z.string().nullish(),
        email: z.string().nullish(),
      })
      .passthrough()
      .nullish(),
  })
  .passthrough();

type MoneySet = z.infer<typeof moneySetSchema>;
type Amount = z.infer<typeof amountSchema>;
type RawRefund = z.infer<typeof refundSchema>;

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

function parseWith<S extends z.ZodTypeAny>(schema: S, payload: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(payload);
  if (!result.success) {
    const details = result.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.length ? issue.path.join(".") : "(root)"}: ${issue.message}`)
      .join("; ");
    throw new PayloadError(`Invalid ${what} payload: ${details}`);
  }
  return result.data as z.infer<S>;
}

function nonEmpty(value: string | null | undefined): string | null {
  return typeof value === "string" && value.trim() !== "" ? value : null;
}

/** admin_graphql_api_id when present, otherwise gid://shopify/<type>/<id>; null when neither is usable. */
function gidOrNull(type: string, adminGid: string | null | undefined, id: string | number | null | undefined): string | null {
  const admin = nonEmpty(adminGid);
  if (admin) return admin;
  if (id === null || id === undefined) return null;
  if (typeof id === "number") {
    if (!Number.isSafeInteger(id) || id < 0) return null;
    return `gid://shopify/${type}/${String(id)}`;
  }
  const text = id.trim();
  if (/^\d+$/.test(text)) return `gid://shopify/${type}/${text}`;
  if (text.startsWith("gid://")) return text;
  return null;
}

function requireGid(
  type: string,
  adminGid: string | null | undefined,
  id: string | number | null | undefined,
  where: string,
): string {
  const gid = gidOrNull(type, adminGid, id);
  if (!gid) {
    throw new PayloadError(
      `${where}: missing or invalid id (admin_graphql_api_id=${JSON.stringify(adminGid ?? null)}, id=${JSON.stringify(id ?? null)})`,
    );
  }
  return gid;
}

function checkCurrency(code: string, where: string): string {
  try {
    currencyExponent(code);
  } catch (error) {
    throw new PayloadError(`${where}: invalid currency code ${JSON.stringify(code)}`, { cause: error });
  }
  return code;
}

function parseAmount(amount: Amount, currency: string, where: string): number {
  try {
    return parseMinorUnits(amount, currency);
  } catch (error) {
    if (error instanceof MoneyError) {
      throw new PayloadError(`${where}: ${(error as Error).message}`, { cause: error });
    }
    throw error;
  }
}

/**
 * Shop-money amount of a `*_set` field in minor units, falling back to the
 * legacy flat field (shop currency) when the set is missing. null when neither
 * is present.
 */
function shopMoney(
  set: MoneySet | null | undefined,
  legacy: Amount | null | undefined,
  shopCurrency: string,
  where: string,
): number | null {
  const shop = set?.shop_money;
  if (shop) {
    if (shop.currency_code !== shopCurrency) {
      throw new PayloadError(
        `${where}: shop_money currency ${JSON.stringify(shop.currency_code)} differs from shop currency ${shopCurrency}`,
      );
    }
    return parseAmount(shop.amount, shopCurrency, where);
  }
  if (legacy !== null && legacy !== undefined) return parseAmount(legacy, shopCurrency, where);
  return null;
}

function safeSum(values: number[], where: string): number {
  let total = 0n;
  for (const v of values) total += BigInt(v);
  return safe(total, where);
}

function safe(value: bigint, where: string): number {
  try {
    return toSafeNumber(value, where);
  } catch (error) {
    throw new PayloadError(`${where}: amount out of range`, { cause: error });
  }
}

// ---------------------------------------------------------------------------
// Refunds
// ---------------------------------------------------------------------------

type RefundContext = {
  shopCurrency: string | null;
  orderGid: string | null;
  order: RefundOrderContext | null;
};

/** First shop_money currency found in a refund, used when the shop currency is not given. */
function refundShopCurrency(refund: RawRefund): string | null {
  for (const line of refund.refund_line_items ?? []) {
    const code = line.subtotal_set?.shop_money?.currency_code ?? line.total_tax_set?.shop_money?.currency_code;
    if (code) return code;
  }
  for (const adj of refund.order_adjustments ?? []) {
    const code = adj.amount_set?.shop_money?.currency_code;
    if (code) return code;
  }
  return null;
}

function abs(n: number): number {
  return n < 0 ? -n : n;
}

function buildRefundFacts(refund: RawRefund, ctx: RefundContext, where: string): RefundFacts {
  const refundGid = requireGid("Refund", refund.admin_graphql_api_id, refund.id, where);
  const orderGid = gidOrNull("Order", null, refund.order_id) ?? ctx.orderGid;
  if (!orderGid) {
    throw new PayloadError(`${where}: missing or invalid order_id (${JSON.stringify(refund.order_id ?? null)})`);
  }

  const shopCurrency = ctx.shopCurrency ?? refundShopCurrency(refund);
  if (shopCurrency !== null) checkCurrency(shopCurrency, `${where} shop currency`);
  const needShopCurrency = (what: string): string => {
    if (shopCurrency === null) {
      throw new PayloadError(`${where}: cannot determine the shop currency to read ${what}`);
    }
    return shopCurrency;
  };

  const rawLines = refund.refund_line_items ?? [];
  const lines: RefundLineFacts[] = rawLines.map((line, i) => {
    const lw = `${where} refund_line_items[${i}]`;
    const lineGid = requireGid(
      "LineItem",
      line.line_item?.admin_graphql_api_id,
      line.line_item_id ?? line.line_item?.id,
      `${lw} line item`,
    );
    const currency = needShopCurrency(`${lw}.subtotal`);
    const subtotalMinor = shopMoney(line.subtotal_set, line.subtotal, currency, `${lw}.subtotal_set`);
    if (subtotalMinor === null) throw new PayloadError(`${lw}: missing subtotal_set`);
    const taxMinor = shopMoney(line.total_tax_set, line.total_tax, currency, `${lw}.total_tax_set`) ?? 0;
    return { lineGid, quantity: line.quantity, subtotalMinor, taxMinor };
  });

  // Shipping refunds, in shop money (absolute values).
  const shippingAdjustments = (refund.order_adjustments ?? []).filter((a) => a.kind === "shipping_refund");
  const shippingRefundMinor = safeSum(
    shippingAdjustments.map((a, i) => {
      const aw = `${where} order_adjustments(shipping_refund)[${i}]`;
      return abs(shopMoney(a.amount_set, a.amount, needShopCurrency(aw), `${aw}.amount_set`) ?? 0);
    }),
    `${where} shipping refund`,
  );

  let amountOnly: RefundFacts["amountOnly"] = null;
  if (rawLines.length === 0) {
    const refunds = (refund.transactions ?? []).filter((t) => t.kind === "refund" && t.status === "success");
    if (refunds.length > 0) {
      const currencies = new Set(refunds.map((t) => nonEmpty(t.currency) ?? shopCurrency));
      if (currencies.has(null)) {
        throw new PayloadError(`${where}: refund transaction without currency and unknown shop currency`);
      }
      if (currencies.size > 1) {
        throw new PayloadError(`${where}: refund transactions in several currencies (${[...currencies].join(", ")})`);
      }
      const txCurrency = checkCurrency([...currencies][0] as string, `${where} transactions`);
      const refunded = safeSum(
        refunds.map((t, i) => {
          const tw = `${where} transactions[${i}].amount`;
          if (t.amount === null || t.amount === undefined) throw new PayloadError(`${tw}: missing`);
          return parseAmount(t.amount, txCurrency, tw);
        }),
        `${where} refunded amount`,
      );

      // Shipping refund expressed in the transactions' currency. When that is
      // not the shop currency we use the adjustment's presentment_money (only
      // to compute a ratio); adjustments without a matching amount count 0.
      let shippingInTx: number;
      if (txCurrency === shopCurrency) {
        shippingInTx = shippingRefundMinor;
      } else {
        shippingInTx = safeSum(
          shippingAdjustments.map((a, i) => {
            const p = a.amount_set?.presentment_money;
            if (!p || p.currency_code !== txCurrency) return 0;
            return abs(parseAmount(p.amount, txCurrency, `${where} order_adjustments[${i}].presentment_money`));
          }),
          `${where} shipping refund`,
        );
      }

      const numerator = refunded - shippingInTx;
      if (numerator > 0) {
        let denominator = 0;
        const order = ctx.order;
        if (order) {
          const presentment = order.presentmentTotalMinor;
          if (shopCurrency !== null && txCurrency === shopCurrency) {
            denominator = order.totalPriceMinor;
          } else if (
            presentment !== null &&
            presentment !== undefined &&
            (order.presentmentCurrency ? order.presentmentCurrency === txCurrency : shopCurrency !== null)
          ) {
            denominator = presentment;
          }
          if (!Number.isSafeInteger(denominator) || denominator <= 0) denominator = 0;
        }
        amountOnly = { numerator, denominator, currency: txCurrency };
      }
    }
  }

  return {
    refundGid,
    orderGid,
    createdAt: nonEmpty(refund.created_at) ?? nonEmpty(refund.processed_at),
    lines,
    amountOnly,
    shippingRefundMinor,
  };
}

/**
 * Facts of a refunds/create payload. `order` (when known) lets an amount-only
 * refund be expressed as a ratio of the order total; without it the ratio is
 * left for later (denominator 0).
 */
export function refundFactsFromPayload(payload: unknown, order?: RefundOrderContext): RefundFacts {
  const refund = parseWith(refundSchema, payload, "refund");
  let shopCurrency: string | null = null;
  if (order?.currency) shopCurrency = checkCurrency(order.currency, "refund order context");
  return buildRefundFacts(refund, { shopCurrency, orderGid: null, order: order ?? null }, "refund");
}

// ---------------------------------------------------------------------------
// Orders
// ---------------------------------------------------------------------------

/**
 * The shipping address reduced to what identifies a household: address1 (lowercase, spaces
 * collapsed), zip (lowercase, no spaces) and country code, hashed. null when there is none.
 */
export function shippingAddressHash(
  address: { address1?: string | null; zip?: string | null; country_code?: string | null } | null | undefined,
): string | null {
  if (!address) return null;
  const street = (address.address1 ?? "").trim().toLowerCase().replace(/\s+/g, " ");
  const zip = (address.zip ?? "").toLowerCase().replace(/\s+/g, "");
  const country = (address.country_code ?? "").trim().toLowerCase();
  if (!street && !zip) return null;
  return createHash("sha256").update(`${street}|${zip}|${country}`).digest("hex");
}

const PAID_STATUSES = new Set(["paid", "partially_refunded", "refunded"]);

/** Facts of an orders/create | paid | updated | cancelled payload. */
export function orderFactsFromPayload(payload: unknown): OrderFacts {
  const order = parseWith(orderSchema, payload, "order");
  const orderGid = requireGid("Order", order.admin_graphql_api_id, order.id, "order");
  const where = `order ${orderGid}`;

  const currencyCode = nonEmpty(order.total_price_set?.shop_money?.currency_code) ?? nonEmpty(order.currency);
  if (!currencyCode) throw new PayloadError(`${where}: missing shop currency (total_price_set / currency)`);
  const currency = checkCurrency(currencyCode, `${where} currency`);

  const createdAt = nonEmpty(order.created_at);
  if (!createdAt) throw new PayloadError(`${where}: missing created_at`);

  const totalPriceMinor = shopMoney(order.total_price_set, order.total_price, currency, `${where} total_price_set`);
  if (totalPriceMinor === null) throw new PayloadError(`${where}: missing total_price_set`);

  const presentmentMoney = order.total_price_set?.presentment_money ?? null;
  const presentmentCurrencyRaw =
    nonEmpty(order.presentment_currency) ?? nonEmpty(presentmentMoney?.currency_code) ?? null;
  const presentmentCurrency =
    presentmentCurrencyRaw === null ? null : checkCurrency(presentmentCurrencyRaw, `${where} presentment_currency`);
  let presentmentTotalMinor: number | null = null;
  if (presentmentMoney && presentmentCurrency !== null && presentmentMoney.currency_code === presentmentCurrency) {
    presentmentTotalMinor = parseAmount(presentmentMoney.amount, presentmentCurrency, `${where} total_price_set.presentment_money`);
  } else if (presentmentCurrency === null || presentmentCurrency === currency) {
    presentmentTotalMinor = totalPriceMinor;
  }

  const refundContext: RefundContext = {
    shopCurrency: currency,
    orderGid,
    order: { totalPriceMinor, presentmentTotalMinor, currency, presentmentCurrency },
  };
  const refunds = (order.refunds ?? []).map((raw, i) =>
    buildRefundFacts(parseWith(refundSchema, raw, `${where} refunds[${i}]`), refundContext, `${where} refunds[${i}]`),
  );

  const refundedQuantity = new Map<string, number>();
  for (const refund of refunds) {
    for (const line of refund.lines) {
      refundedQuantity.set(line.lineGid, (refundedQuantity.get(line.lineGid) ?? 0) + line.quantity);
    }
  }

  if (!order.line_items) throw new PayloadError(`${where}: missing line_items`);
  const taxesIncluded = order.taxes_included === true;
  const lines: LineFacts[] = order.line_items.map((line, i) => {
    const lw = `${where} line_items[${i}]`;
    const lineGid = requireGid("LineItem", line.admin_graphql_api_id, line.id, lw);
    const quantity = line.quantity;

    const unit = shopMoney(line.price_set, line.price, currency, `${lw}.price_set`);
    if (unit === null) throw new PayloadError(`${lw}: missing price_set`);
    const grossMinor = safe(BigInt(unit) * BigInt(quantity), `${lw} gross`);

    const allocations = line.discount_allocations ?? [];
    const discountMinor =
      allocations.length > 0
        ? safeSum(
            allocations.map(
              (a, j) => shopMoney(a.amount_set, a.amount, currency, `${lw}.discount_allocations[${j}].amount_set`) ?? 0,
            ),
            `${lw} discounts`,
          )
        : (shopMoney(line.total_discount_set, line.total_discount, currency, `${lw}.total_discount_set`) ?? 0);

    const taxMinor = safeSum(
      (line.tax_lines ?? []).map(
        (t, j) => shopMoney(t.price_set, t.price, currency, `${lw}.tax_lines[${j}].price_set`) ?? 0,
      ),
      `${lw} taxes`,
    );

    const currentQuantity =
      line.current_quantity === null || line.current_quantity === undefined
        ? quantity
        : Math.min(quantity, line.current_quantity + (refundedQuantity.get(lineGid) ?? 0));

    const giftCard = line.gift_card === true;
    const tip = "tip_payment_gateway" in line || "tip_payment_method" in line;

    let eligible = 0n;
    if (!giftCard && !tip && quantity > 0) {
      const full = BigInt(grossMinor) - BigInt(discountMinor) - (taxesIncluded ? BigInt(taxMinor) : 0n);
      if (full > 0n) {
        eligible = currentQuantity < quantity ? (full * BigInt(currentQuantity)) / BigInt(quantity) : full;
      }
    }

    return {
      lineGid,
      title: nonEmpty(line.title) ?? nonEmpty(line.name) ?? "",
      quantity,
      currentQuantity,
      giftCard,
      tip,
      productGid: gidOrNull("Product", null, line.product_id),
      grossMinor,
      discountMinor,
      taxMinor,
      eligibleMinor: safe(eligible, `${lw} eligible`),
    };
  });

  const customer = order.customer ?? null;
  const financialStatus = nonEmpty(order.financial_status);

  return {
    orderGid,
    name: nonEmpty(order.name),
    customerGid: customer ? gidOrNull("Customer", customer.admin_graphql_api_id, customer.id) : null,
    customerEmail: nonEmpty(order.email) ?? nonEmpty(order.contact_email) ?? nonEmpty(customer?.email) ?? null,
    currency,
    presentmentCurrency,
    financialStatus,
    paid: financialStatus !== null && PAID_STATUSES.has(financialStatus),
    test: order.test === true,
    cancelledAt: nonEmpty(order.cancelled_at),
    processedAt: nonEmpty(order.processed_at) ?? createdAt,
    createdAt,
    updatedAt: nonEmpty(order.updated_at),
    sourceName: nonEmpty(order.source_name),
    taxesIncluded,
    totalPriceMinor,
    presentmentTotalMinor,
    lines,
    refunds,
    discountCodes: (order.discount_codes ?? [])
      .map((d) => nonEmpty(d.code))
      .filter((c): c is string => c !== null),
    checkoutToken: nonEmpty(order.checkout_token),
    cartToken: nonEmpty(order.cart_token),
    addressHash: shippingAddressHash(order.shipping_address),
  };
}
