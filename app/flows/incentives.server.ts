// Making a flow step's incentive real: a single-use Shopify discount code through the same
// discount machinery as redemptions (discountPlan → discountCodeBasicCreate / FreeShippingCreate),
// or the shop's reward a shopper's own points buy. Never called inside a transaction.
import { KantaDiscountCodeBasicCreate, KantaDiscountCodeFreeShippingCreate, KantaProductVariant } from "../graphql/documents";
import type {
  KantaDiscountCodeBasicCreateMutation, KantaDiscountCodeBasicCreateMutationVariables, KantaDiscountCodeFreeShippingCreateMutation,
  KantaDiscountCodeFreeShippingCreateMutationVariables, KantaProductVariantQuery, KantaProductVariantQueryVariables,
} from "../graphql/types.generated";
import { parseMinorUnits } from "../loyalty/money";
import { discountPlan, type Reward } from "../loyalty/rewards";
import { rewardVisibleTo } from "../loyalty/tiers";
import { AdminApiError, AdminUserErrors, adminRequest, type AdminGraphql } from "../shopify/admin-client.server";
import { listRewards } from "../storage/rewards.server";
import type { SqlExecutor } from "../storage/sql.server";
import { heldTierOf } from "../storage/tiers.server";
import type { Incentive } from "./config";
import { incentiveReward, ownPointsReward } from "./incentives";

type DiscountIncentive = Extract<Incentive, { type: "discount" }>;

export type CodeAnswer = { kind: "created" } | { kind: "refused"; reason: string } | { kind: "unreachable"; reason: string };

function transient(error: unknown): boolean {
  return error instanceof AdminApiError
    && (error.kind === "network" || error.kind === "throttled" || (error.kind === "http" && (error.status ?? 500) >= 500));
}

/**
 * Creates the code `code` for a flow mail. Bound to the customer when known (a guest's code is for
 * anyone, still single use). A retry after a lost answer finds the code taken: it is this one
 * (codes are random and stored on the message before the first attempt), so that counts as created.
 */
export async function createFlowCode(
  graphql: AdminGraphql, shop: string,
  req: { code: string; incentive: DiscountIncentive; currency: string; customerGid: string | null; startsAt: Date; title: string },
): Promise<CodeAnswer> {
  const requestOpts = { shop, maxAttempts: 3 };
  try {
    let variantPriceMinor: number | null = null;
    if (req.incentive.kind === "free_product") {
      const { productVariant } = await adminRequest<KantaProductVariantQuery, KantaProductVariantQueryVariables>(
        graphql, KantaProductVariant, { id: req.incentive.variantGid! }, requestOpts,
      );
      if (!productVariant) return { kind: "refused", reason: `variant ${req.incentive.variantGid} does not exist` };
      variantPriceMinor = parseMinorUnits(String(productVariant.price), req.currency);
    }
    const { reward, valueMinor } = incentiveReward(req.incentive, req.currency, variantPriceMinor);
    const endsAt = new Date(req.startsAt.getTime() + req.incentive.lifetimeDays * 86_400_000);
    const plan = discountPlan(reward, { points: 0, valueMinor }, {
      code: req.code, buyerGid: req.customerGid ?? "", startsAt: req.startsAt, endsAt, title: req.title,
    });
    if (!req.customerGid) plan.input.context = { all: "ALL" };
    const payload = plan.mutation === "freeShipping"
      ? (await adminRequest<KantaDiscountCodeFreeShippingCreateMutation, KantaDiscountCodeFreeShippingCreateMutationVariables>(
          graphql, KantaDiscountCodeFreeShippingCreate, { freeShippingCodeDiscount: plan.input }, requestOpts,
        )).discountCodeFreeShippingCreate
      : (await adminRequest<KantaDiscountCodeBasicCreateMutation, KantaDiscountCodeBasicCreateMutationVariables>(
          graphql, KantaDiscountCodeBasicCreate, { basicCodeDiscount: plan.input }, requestOpts,
        )).discountCodeBasicCreate;
    if (!payload) return { kind: "refused", reason: "the discount mutation returned no payload" };
    if (payload.userErrors.length) {
      if (payload.userErrors.some((e) => e.code === "TAKEN")) return { kind: "created" };
      return { kind: "refused", reason: new AdminUserErrors("discount code", payload.userErrors).message };
    }
    return payload.codeDiscountNode ? { kind: "created" } : { kind: "refused", reason: "no discount was returned" };
  } catch (error) {
    if (transient(error)) return { kind: "unreachable", reason: (error as Error).message };
    return { kind: "refused", reason: (error as Error).message };
  }
}

/** The reward a member's own points buy for a one-click link (see ownPointsReward), with their balance. */
export async function ownPointsOffer(
  db: SqlExecutor, shop: string, customerGid: string, rewardId: number | null, now: Date,
): Promise<{ reward: Reward; balance: number } | null> {
  const member = await db.get<{ balance: number; status: string }>(`SELECT balance, status FROM member WHERE shop = ? AND customer_gid = ?`, [shop, customerGid]);
  if (!member || member.status !== "active") return null;
  const balance = Number(member.balance);
  if (balance <= 0) return null;
  const rewards = await listRewards(db, shop, { enabledOnly: true });
  if (!rewards.some((r) => r.pointsCost <= balance)) return null;
  const shopRow = await db.get<{ currency: string | null }>(`SELECT currency FROM shop WHERE domain = ?`, [shop]);
  const tiers = rewards.some((r) => r.tierId !== null) ? await heldTierOf(db, shop, customerGid, now) : { held: null, tiers: [] };
  const reward = ownPointsReward(rewards, balance, {
    rewardId, currency: shopRow?.currency ?? null, visible: (r) => rewardVisibleTo(r, tiers.held, tiers.tiers),
  });
  return reward ? { reward, balance } : null;
}
