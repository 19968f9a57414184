// A flow step's incentive, made concrete: the discount a new code gives (as a reward for the
// existing discount machinery), or which of the shop's rewards the shopper's own points buy. Pure.
import type { Reward } from "../loyalty/rewards";
import type { Incentive } from "./config";
import type { DiscountFacts } from "./templates";

type DiscountIncentive = Extract<Incentive, { type: "discount" }>;

/**
 * The reward a flow discount code is made from (never stored in the catalog): single use, for the
 * shopper, ending after the incentive's lifetime, combining with product and shipping discounts
 * like the default rewards. A free product takes off at most the variant's price.
 */
export function incentiveReward(incentive: DiscountIncentive, currency: string, variantPriceMinor: number | null): { reward: Reward; valueMinor: number | null } {
  const valueMinor = incentive.kind === "amount_off" ? incentive.valueMinor : incentive.kind === "free_product" ? variantPriceMinor : null;
  const reward: Reward = {
    id: 0, kind: incentive.kind, name: `flow ${incentive.kind}`, pointsCost: 0, valueMinor,
    percentBps: incentive.kind === "percent_off" ? incentive.percentBps : null, collectionGid: null,
    variantGid: incentive.kind === "free_product" ? incentive.variantGid : null, variantTitle: null, minPoints: null, maxPoints: null,
    currency, minOrderMinor: null, lifetimeDays: incentive.lifetimeDays,
    combinesWith: incentive.kind === "free_shipping" ? { order: true, product: true, shipping: false } : { order: false, product: true, shipping: true },
    tierId: null, enabled: true, position: 0,
  };
  return { reward, valueMinor };
}

/** The discount as the mail describes it. */
export function incentiveDiscountFacts(incentive: DiscountIncentive, currency: string, amountText: (minor: number) => string, variantTitle: string | null): DiscountFacts {
  switch (incentive.kind) {
    case "percent_off": return { kind: "percent_off", percentBps: incentive.percentBps ?? 0 };
    case "amount_off": return { kind: "amount_off", amount: amountText(incentive.valueMinor ?? 0), currency };
    case "free_shipping": return { kind: "free_shipping" };
    case "free_product": return { kind: "free_product", title: variantTitle };
  }
}

/**
 * The reward a shopper's own points buy for a one-click link: the named one if the balance buys
 * it, else the most valuable (by points) enabled, fixed-price reward the balance buys and the
 * shopper may see; null when none.
 */
export function ownPointsReward<R extends Pick<Reward, "id" | "kind" | "pointsCost" | "enabled" | "currency">>(
  rewards: readonly R[], balance: number, opts: { rewardId: number | null; currency: string | null; visible: (r: R) => boolean },
): R | null {
  const usable = rewards.filter((r) =>
    r.enabled && r.kind !== "variable" && r.pointsCost <= balance && (!opts.currency || r.currency === opts.currency) && opts.visible(r));
  if (opts.rewardId !== null) return usable.find((r) => r.id === opts.rewardId) ?? null;
  let best: R | null = null;
  for (const r of usable) if (!best || r.pointsCost > best.pointsCost || (r.pointsCost === best.pointsCost && r.id < best.id)) best = r;
  return best;
}

/** Where the shopper lands after a code is applied: the checkout's recovery path (same storefront), else the cart. */
export function discountLanding(storefrontUrl: string, code: string, recoveryUrl: string | null): string {
  const base = storefrontUrl.replace(/\/+$/, "");
  let redirect = "/cart";
  if (recoveryUrl) {
    try {
      const u = new URL(recoveryUrl);
      redirect = `${u.pathname}${u.search}`;
    } catch {
      // not a URL: the cart
    }
  }
  return `${base}/discount/${encodeURIComponent(code)}?redirect=${encodeURIComponent(redirect)}`;
}
