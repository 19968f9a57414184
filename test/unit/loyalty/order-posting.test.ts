import { describe, expect, it } from "vitest";
import { DEFAULT_EARNING_RULE } from "../../../app/loyalty/earning";
import { orderFactsFromPayload, refundFactsFromPayload } from "../../../app/loyalty/order-facts";
import { markOrderDeleted, mergeOrderFacts, mergeRefund, planOrderPosting, type OrderRecordState } from "../../../app/loyalty/order-posting";
import { LINE_MUG_ID, LINE_TOWEL_ID, ORDER_ID, refundPayload, standardOrder } from "./fixtures";

const orderGid = `gid://shopify/Order/${ORDER_ID}`;
const paid = () => orderFactsFromPayload(standardOrder({ financialStatus: "paid" }));

function post(state: OrderRecordState, cause: Parameters<typeof planOrderPosting>[2] = { kind: "order" }, multiplier?: number) {
  return planOrderPosting(state, DEFAULT_EARNING_RULE, cause, multiplier);
}

describe("planOrderPosting", () => {
  it("a paid order earns floor(79.52) = 79 points in one entry traced to its lines", () => {
    const { state, entry } = post(mergeOrderFacts(null, paid()));
    expect(entry).toEqual({
      idempotencyKey: `order:${orderGid}:1`,
      points: 79,
      source: "order",
      refundGid: null,
      reason: "order paid",
      lines: [
        { lineGid: `gid://shopify/LineItem/${LINE_TOWEL_ID}`, eligibleMinor: 3702 },
        { lineGid: `gid://shopify/LineItem/${LINE_MUG_ID}`, eligibleMinor: 4250 },
      ],
    });
    expect(state.pointsPosted).toBe(79);
    expect(state.entryCount).toBe(1);
    expect(state.multiplierBps).toBe(10_000);
  });

  it("replaying the same facts posts nothing", () => {
    const first = post(mergeOrderFacts(null, paid())).state;
    expect(post(mergeOrderFacts(first, paid())).entry).toBeNull();
  });

  it("a pending order posts nothing and earns once it is paid", () => {
    const pending = post(mergeOrderFacts(null, orderFactsFromPayload(standardOrder({ financialStatus: "pending" }))));
    expect(pending.entry).toBeNull();
    expect(post(mergeOrderFacts(pending.state, paid())).entry?.points).toBe(79);
  });

  it("an older payload arriving late does not undo a newer one, and paid stays paid", () => {
    const newer = orderFactsFromPayload({ ...standardOrder({ financialStatus: "paid" }), updated_at: "2024-03-06T10:00:00-05:00" });
    const older = orderFactsFromPayload({ ...standardOrder({ financialStatus: "pending" }), updated_at: "2024-03-01T10:00:00-05:00" });
    const merged = mergeOrderFacts(mergeOrderFacts(null, newer), older);
    expect(merged.paid).toBe(true);
    expect(merged.orderUpdatedAt).toBe(newer.updatedAt);
  });

  it("a refund of one towel (12.34) reverses exactly what it took: 79.52 → 67.18, so 79 → 67 points", () => {
    const earned = post(mergeOrderFacts(null, paid())).state;
    const refund = refundFactsFromPayload(refundPayload({ id: "990001", lines: [{ id: "1", lineItemId: LINE_TOWEL_ID, quantity: 1, subtotal: "12.34" }] }));
    const { state, entry } = post(mergeRefund(earned, refund), { kind: "refund", refundGid: refund.refundGid });
    expect(entry).toMatchObject({ points: -12, source: "refund", refundGid: "gid://shopify/Refund/990001", idempotencyKey: `order:${orderGid}:2` });
    expect(entry?.lines).toEqual([{ lineGid: `gid://shopify/LineItem/${LINE_TOWEL_ID}`, eligibleMinor: -1234 }]);
    expect(state.pointsPosted).toBe(67);
  });

  it("a refund known before the order is held until the order arrives", () => {
    const refund = refundFactsFromPayload(refundPayload({ id: "990002", lines: [{ id: "2", lineItemId: LINE_MUG_ID, quantity: 2, subtotal: "42.50" }] }));
    const held = post(mergeRefund(null, refund), { kind: "refund", refundGid: refund.refundGid });
    expect(held.entry).toBeNull();
    const { entry } = post(mergeOrderFacts(held.state, paid()));
    expect(entry?.points).toBe(37); // 79.52 − 42.50 = 37.02
  });

  it("cancellation and deletion bring the order to zero with a cancellation entry", () => {
    const earned = post(mergeOrderFacts(null, paid())).state;
    const cancelled = post(mergeOrderFacts(earned, orderFactsFromPayload(standardOrder({ financialStatus: "paid", cancelledAt: "2024-03-07T10:00:00-05:00" }))), { kind: "cancellation" });
    expect(cancelled.entry).toMatchObject({ points: -79, source: "cancellation", reason: "order cancelled" });
    const deleted = post(markOrderDeleted(earned, orderGid), { kind: "deletion" });
    expect(deleted.entry).toMatchObject({ points: -79, source: "cancellation", reason: "order deleted" });
  });

  it("the multiplier is fixed when the order first earns: later tier changes never re-price it", () => {
    const first = post(mergeOrderFacts(null, paid()), { kind: "order" }, 12_500);
    expect(first.entry?.points).toBe(99); // floor(79.52 × 1.25) = floor(99.4)
    const refund = refundFactsFromPayload(refundPayload({ id: "990003", lines: [{ id: "3", lineItemId: LINE_TOWEL_ID, quantity: 3, subtotal: "37.02" }] }));
    const after = post(mergeRefund(first.state, refund), { kind: "refund", refundGid: refund.refundGid }, 15_000);
    expect(after.entry?.points).toBe(-46); // floor(42.50 × 1.25) = 53; 53 − 99
  });
});
