// orders/* and refunds/create: merge the facts into the order record, then post the one ledger
// entry (if any) that brings the order's points to exactly what it should have earned.
import {
  applyLineExclusions, markOrderDeleted, mergeOrderFacts, mergeRefund, newLineProductGids, planOrderPosting,
  type OrderRecordState, type PostingCause,
} from "../../loyalty/order-posting";
import { flowsAfterOrder } from "../../flows/order-hook.server";
import { orderFactsFromPayload, refundFactsFromPayload, type OrderFacts, type RefundFacts } from "../../loyalty/order-facts";
import { settleReferralForOrder, welcomeIfJoined } from "../../storage/actions.server";
import { appendLedgerEntry, ensureMember, resolveMemberGid } from "../../storage/ledger.server";
import { loadOrderForUpdate, saveOrder } from "../../storage/orders.server";
import { excludedProductsAmong } from "../../storage/excluded-products.server";
import { markCodesUsed } from "../../storage/rewards.server";
import { loadShopSettings } from "../../storage/shops.server";
import type { SqlExecutor } from "../../storage/sql.server";
import { orderTierContext, reevaluateAfterOrder } from "../../storage/tiers.server";
import { pseudonym } from "./privacy.server";
import { PermanentEventError, gidFrom, type ApplyContext, type ApplyOutcome, type TopicHandler } from "./types";

export async function settle(
  tx: SqlExecutor,
  ctx: ApplyContext,
  before: OrderRecordState | null,
  merged: OrderRecordState,
  cause: PostingCause,
): Promise<ApplyOutcome> {
  const shop = await loadShopSettings(tx, ctx.shop);
  if (!shop) throw new Error(`shop ${ctx.shop} vanished while processing`);
  if (merged.customerGid?.startsWith("gid://")) {
    // An erased customer's late order event keeps to the pseudonym and carries no email.
    const alias = pseudonym(ctx.shop, merged.customerGid);
    if (await tx.get(`SELECT 1 AS r FROM member WHERE shop = ? AND customer_gid = ?`, [ctx.shop, alias])) {
      merged = { ...merged, customerGid: alias, customerEmail: null };
    }
  }
  if (merged.customerGid) {
    const joined = await ensureMember(tx, ctx.shop, merged.customerGid, ctx.now, merged.customerEmail);
    await welcomeIfJoined(tx, ctx, merged.customerGid, joined || ctx.joinedMembers?.has(merged.customerGid) === true);
  }
  // Lines recorded for the first time take the shop's product exclusions as they are now.
  const newProducts = newLineProductGids(before, merged);
  const excludedProducts = newProducts.length ? await excludedProductsAmong(tx, ctx.shop, newProducts) : new Set<string>();
  merged = applyLineExclusions(before, merged, (productGid) => excludedProducts.has(productGid));
  // An order earns with the multiplier of the tier its member holds when it first earns (before it counts).
  const tiers = await orderTierContext(tx, ctx.shop, merged, ctx.now);
  const { state, entry } = planOrderPosting(merged, shop.earningRule, cause, tiers.multiplierBps, {
    awardHistoricPoints: shop.awardHistoricPoints,
  });
  if (entry && state.customerGid) {
    const owner = tiers.owner ?? (await resolveMemberGid(tx, ctx.shop, state.customerGid));
    await appendLedgerEntry(
      tx,
      ctx.shop,
      {
        customerGid: owner,
        points: entry.points,
        source: entry.source,
        idempotencyKey: entry.idempotencyKey,
        orderGid: state.orderGid,
        refundGid: entry.refundGid,
        causedBy: ctx.causedBy,
        reason: entry.reason,
        lines: entry.lines,
      },
      ctx.now,
    );
    await saveOrder(tx, ctx.shop, state, ctx.now);
  } else {
    // Guest orders earn nothing; still keep their facts (reports, later customer links).
    const unposted = entry ? { ...state, pointsPosted: merged.pointsPosted, entryCount: merged.entryCount, postedLines: merged.postedLines } : state;
    if (before === null || JSON.stringify(before) !== JSON.stringify(unposted)) {
      await saveOrder(tx, ctx.shop, unposted, ctx.now);
    }
  }
  // The order now counts: the member's tier follows (upgrade, downgrade, grace).
  await reevaluateAfterOrder(tx, ctx.shop, tiers, before, state, entry !== null && state.customerGid !== null,
    cause.kind === "refund" ? "refund" : "order", ctx.causedBy, ctx.now);
  if (merged.discountCodes.length && !merged.deleted) await markRewardCodesUsed(tx, ctx, merged.orderGid, merged.discountCodes);
  // A referred friend's first paid order rewards the referrer (unless a fraud rule stops it).
  if (merged.paid && !before?.paid) {
    await settleReferralForOrder(tx, ctx.shop, merged, { causedBy: ctx.causedBy, now: ctx.now, earnOnTestOrders: shop.earningRule.earnOnTestOrders });
  }
  // Flows: a purchase stops the shopper's marketing flows and may be credited to one; win-back timing follows.
  await flowsAfterOrder(tx, ctx.shop, before, merged, ctx.now);
  return { customerGid: merged.customerGid, customerEmail: merged.customerEmail };
}

/**
 * Kanta codes in an order's discount_codes are used. A code whose points were already returned as
 * expired (its order's webhook came very late) takes them back with a reversing entry.
 */
async function markRewardCodesUsed(tx: SqlExecutor, ctx: ApplyContext, orderGid: string, codes: string[]): Promise<void> {
  const used = await markCodesUsed(tx, ctx.shop, codes, orderGid, ctx.now);
  for (const r of used) {
    if (r.status !== "returned") continue;
    await appendLedgerEntry(tx, ctx.shop, {
      customerGid: r.customer_gid, points: -Number(r.points), source: "redemption", idempotencyKey: `redemption:${r.id}:used-after-return`,
      orderGid, causedBy: ctx.causedBy, reason: `code ${r.code} was used by an order after its points were returned`,
    }, ctx.now);
  }
}

function wrapParse<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw new PermanentEventError((error as Error).message);
  }
}

export const orderHandler: TopicHandler<OrderFacts> = {
  parse: (payload) => wrapParse(() => orderFactsFromPayload(payload)),
  lockKey: (facts) => facts.orderGid,
  memberKey: (facts) => (facts.customerGid ? { customerGid: facts.customerGid, email: facts.customerEmail } : null),
  async apply(tx, facts, ctx) {
    const before = await loadOrderForUpdate(tx, ctx.shop, facts.orderGid, ctx.now);
    const merged = mergeOrderFacts(before, facts);
    return await settle(tx, ctx, before, merged, { kind: merged.cancelled ? "cancellation" : "order" });
  },
};

/**
 * An order read from the Admin API by the history import. An order Kanta has not seen before is
 * marked historic: it counts for tiers, and earns points only if the merchant chose so.
 */
export const orderImportHandler: TopicHandler<OrderFacts> = {
  parse: orderHandler.parse,
  lockKey: orderHandler.lockKey,
  memberKey: orderHandler.memberKey,
  async apply(tx, facts, ctx) {
    const before = await loadOrderForUpdate(tx, ctx.shop, facts.orderGid, ctx.now);
    const isNew = before === null || before.currency === null;
    const merged = { ...mergeOrderFacts(before, facts), ...(isNew ? { historic: true } : {}) };
    return await settle(tx, ctx, before, merged, { kind: merged.cancelled ? "cancellation" : "order" });
  },
};

export const refundHandler: TopicHandler<{ payload: unknown; orderGid: string }> = {
  parse(payload) {
    const p = payload as { order_id?: unknown };
    const orderGid = gidFrom("Order", p?.order_id);
    if (!orderGid) throw new PermanentEventError("refund payload has no order_id");
    // Validate now (a malformed refund fails permanently); facts are rebuilt in apply with the
    // order's totals, which amount-only refunds need.
    wrapParse(() => refundFactsFromPayload(payload));
    return { payload, orderGid };
  },
  lockKey: (p) => p.orderGid,
  async apply(tx, { payload, orderGid }, ctx) {
    const before = await loadOrderForUpdate(tx, ctx.shop, orderGid, ctx.now);
    const refund: RefundFacts = refundFactsFromPayload(
      payload,
      before?.totalPriceMinor != null
        ? {
            totalPriceMinor: before.totalPriceMinor,
            presentmentTotalMinor: before.presentmentTotalMinor,
            currency: before.currency ?? undefined,
            presentmentCurrency: before.presentmentCurrency ?? undefined,
          }
        : undefined,
    );
    const merged = mergeRefund(before, refund);
    return await settle(tx, ctx, before, merged, { kind: "refund", refundGid: refund.refundGid });
  },
};

export const orderDeleteHandler: TopicHandler<{ orderGid: string }> = {
  parse(payload) {
    const p = payload as { id?: unknown; admin_graphql_api_id?: unknown };
    const orderGid = gidFrom("Order", p?.admin_graphql_api_id) ?? gidFrom("Order", p?.id);
    if (!orderGid) throw new PermanentEventError("orders/delete payload has no id");
    return { orderGid };
  },
  async apply(tx, { orderGid }, ctx) {
    const before = await loadOrderForUpdate(tx, ctx.shop, orderGid, ctx.now);
    return await settle(tx, ctx, before, markOrderDeleted(before, orderGid), { kind: "deletion" });
  },
};

/** orders/edited names only the changed line ids; the following orders/updated carries the lines. */
export const orderEditedHandler: TopicHandler<{ orderGid: string }> = {
  parse(payload) {
    const edit = (payload as { order_edit?: { order_id?: unknown } })?.order_edit;
    const orderGid = gidFrom("Order", edit?.order_id);
    if (!orderGid) throw new PermanentEventError("orders/edited payload has no order_edit.order_id");
    return { orderGid };
  },
  async apply() {
    return {};
  },
};
