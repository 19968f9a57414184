// POST /apps/kanta/redeem on the storefront (forwarded by Shopify's App Proxy to /proxy/redeem):
// the logged-in shopper spends points on a reward and gets a single-use discount code.
// Body: RedeemRequestSchema ({"rewardId":"…","amount":<points, variable rewards only>,"idempotencyKey":"…"}).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getSql } from "../db.server";
import type { Reward } from "../loyalty/rewards";
import { publicReward } from "../proxy/member-summary.server";
import { NO_STORE, methodNotAllowed, proxyError, proxyRoute, readJsonBody } from "../proxy/respond.server";
import { RedeemRequestSchema, type RedeemResponse } from "../proxy/schema";
import { adminFor } from "../shopify.server";
import { RedeemError, redeem } from "../shopify/redemption.server";

export const loader = async ({ request }: LoaderFunctionArgs) => methodNotAllowed("POST", request);

export const action = async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed("POST", request);
  return proxyRoute(request, async ({ proxy, locale }) => {
    if (!proxy.customerGid) return proxyError("not_logged_in", 401, locale);
    const body = await readJsonBody(request, RedeemRequestSchema, locale);
    if (body instanceof Response) return body;

    const sql = getSql();
    try {
      const { redemption, balance } = await redeem(
        sql,
        { shop: proxy.shop, buyerGid: proxy.customerGid, rewardId: Number(body.rewardId), amount: body.amount, idempotencyKey: body.idempotencyKey },
        { admin: () => adminFor(proxy.shop) },
      );
      const reward = JSON.parse(redemption.reward_json) as Reward;
      const answer: RedeemResponse = {
        code: redemption.code,
        reward: publicReward(reward, balance, locale),
        points: { balance, spent: Number(redemption.points) },
        value: redemption.value_minor === null ? null : { minor: Number(redemption.value_minor), currency: redemption.currency },
        endsAt: redemption.ends_at,
        applyUrl: `/discount/${encodeURIComponent(redemption.code)}`,
      };
      return Response.json(answer, { headers: NO_STORE });
    } catch (error) {
      if (error instanceof RedeemError) return proxyError(error.code, error.status, locale);
      throw error;
    }
  }, { writes: true });
};
