// Pre-generated, pre-signed orders/paid deliveries for the webhook benchmark: one shop, a few
// thousand customers, 1–4 lines per order with line discounts, discount codes, tax and shipping,
// 18-digit ids. Each delivery carries the points it must earn, computed from the order model.
import { randomUUID } from "node:crypto";
import {
  buildOrdersPaid,
  chance,
  createCustomer,
  createOrder,
  createRng,
  makeShop,
  makeUniqueId,
  pick,
  randInt,
  type CustomerRecord,
  type LineInput,
  type OrderRecord,
} from "../../test/support/shopify-payloads";
import { webhookHeaders } from "../../test/support/webhook-signing";

export type BenchDelivery = {
  /** Request headers, Content-Length included. */
  headers: Record<string, string>;
  body: Buffer;
  orderGid: string;
  /** Points the order must post: floor(Σ (price × qty − discount allocations) / 100), USD. */
  points: number;
  lines: number;
};

export type BenchDeliverySet = {
  shop: string;
  deliveries: BenchDelivery[];
  customers: number;
  totalPoints: number;
  totalBytes: number;
  lines: number;
};

const PRODUCTS = [
  "Linen Shirt", "Canvas Tote", "Merino Beanie", "Ceramic Mug", "Trail Socks", "Denim Jacket",
  "Leather Wallet", "Rain Shell", "Wool Scarf", "Cotton Tee", "Yoga Mat", "Water Bottle",
] as const;

/** Eligible earning base of an order in minor units, as the earning engine computes it. */
export function expectedEligibleMinor(order: OrderRecord): number {
  let eligible = 0;
  for (const l of order.lines) {
    if (l.giftCard) continue;
    eligible += Math.max(0, l.unit.shop * l.quantity - l.lineDiscount.shop - l.codeAllocation.shop);
  }
  return eligible;
}

export function generateDeliveries(opts: { orders: number; customers: number; secret: string; seed?: string }): BenchDeliverySet {
  const rng = createRng(opts.seed ?? "kanta-bench-webhooks");
  const shop = makeShop({ currency: "USD" });
  const people: CustomerRecord[] = Array.from({ length: opts.customers }, () => createCustomer(rng, {}));
  const seenIds = new Set<string>();
  const deliveries: BenchDelivery[] = [];
  const baseTime = Date.UTC(2026, 2, 1, 12, 0, 0);
  let totalPoints = 0;
  let totalBytes = 0;
  let lineCount = 0;
  for (let i = 0; i < opts.orders; i++) {
    const lineTotal = randInt(rng, 1, 4);
    const lines: LineInput[] = [];
    let gross = 0;
    for (let j = 0; j < lineTotal; j++) {
      const unitPriceMinor = randInt(rng, 5, 120) * 100 + pick(rng, [0, 0, 50, 95, 99]);
      const quantity = chance(rng, 0.75) ? 1 : randInt(rng, 2, 3);
      const lineGross = unitPriceMinor * quantity;
      gross += lineGross;
      lines.push({
        title: pick(rng, PRODUCTS),
        unitPriceMinor,
        quantity,
        ...(chance(rng, 0.15) ? { lineDiscountMinor: Math.floor(lineGross * 0.2) } : {}),
      });
    }
    lineCount += lineTotal;
    const discountCode = chance(rng, 0.25)
      ? gross >= 2_000 && chance(rng, 0.5)
        ? { code: "WELCOME5", type: "fixed_amount" as const, value: 500 }
        : { code: "SPRING10", type: "percentage" as const, value: 10 }
      : null;
    const at = new Date(baseTime + i * 1_000);
    const order = createOrder(rng, {
      shop,
      id: makeUniqueId(rng, seenIds),
      orderNumber: 1001 + i,
      customer: pick(rng, people),
      lines,
      discountCode,
      shippingMinor: chance(rng, 0.6) ? 495 : 0,
      taxRate: 0.0825,
      taxesIncluded: false,
      financialStatus: "paid",
      createdAt: at,
      processedAt: at,
    });
    const body = buildOrdersPaid(order).body;
    const headers = webhookHeaders({
      topic: "orders/paid",
      shopDomain: shop.domain,
      body,
      secret: opts.secret,
      webhookId: randomUUID(),
      eventId: randomUUID(),
      triggeredAt: at,
    });
    const buf = Buffer.from(body, "utf8");
    headers["Content-Length"] = String(buf.length);
    const points = Math.floor(expectedEligibleMinor(order) / 100);
    if (points < 1) throw new Error(`generated order ${order.id} earns no points; every benchmark order must post an entry`);
    totalPoints += points;
    totalBytes += buf.length;
    deliveries.push({ headers, body: buf, orderGid: `gid://shopify/Order/${order.id}`, points, lines: lineTotal });
  }
  return { shop: shop.domain, deliveries, customers: opts.customers, totalPoints, totalBytes, lines: lineCount };
}

/** Some deliveries of a set (same shop and customers), with the totals recomputed. */
export function subsetDeliveries(set: BenchDeliverySet, deliveries: BenchDelivery[]): BenchDeliverySet {
  let totalPoints = 0;
  let totalBytes = 0;
  let lines = 0;
  for (const d of deliveries) {
    totalPoints += d.points;
    totalBytes += d.body.length;
    lines += d.lines;
  }
  return { shop: set.shop, deliveries, customers: set.customers, totalPoints, totalBytes, lines };
}
