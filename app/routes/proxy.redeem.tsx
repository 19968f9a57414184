// POST /apps/kanta/redeem on the storefront (forwarded by Shopify's App Proxy to /proxy/redeem):
// the logged-in shopper spends points on a reward and gets a single-use discount code.
// Body: {"rewardId":"…","amount":<points, variable rewards only>,"idempotencyKey":"…"}.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getSql } from "../db.server";
import { env } from "../env.server";
import { IDEMPOTENCY_KEY } from "../loyalty/rewards";
import { ProxyAuthError, verifyAppProxyRequest } from "../proxy/app-proxy.server";
import { publicReward } from "../proxy/member-summary.server";
import { errorMessage, storefrontLocale, type ProxyErrorCode, type StorefrontLocale } from "../proxy/messages";
import { adminFor } from "../shopify.server";
import { RedeemError, redeem } from "../shopify/redemption.server";
import type { Reward } from "../loyalty/rewards";

const MAX_BODY_BYTES = 16 * 1024;

const RedeemBody = z.object({
  rewardId: z.string().regex(/^\d{1,12}$/, "rewardId must be a reward id string"),
  amount: z.number().int("amount must be a whole number of points").positive("amount must be positive").optional(),
  idempotencyKey: z.string().regex(IDEMPOTENCY_KEY, "idempotencyKey must be 8-100 characters of letters, digits and - _ . :"),
}).strict();

const NO_STORE = { "Cache-Control": "no-store" };

function fail(code: ProxyErrorCode, status: number, locale: StorefrontLocale, detail?: string) {
  return Response.json(
    { error: { code, message: errorMessage(code, locale), ...(detail ? { detail } : {}) } },
    { status, headers: NO_STORE },
  );
}

export const loader = async (_args: LoaderFunctionArgs) =>
  Response.json({ error: { code: "method_not_allowed", message: "Use POST." } }, { status: 405, headers: { Allow: "POST", ...NO_STORE } });

export const action = async ({ request }: ActionFunctionArgs) => {
  const url = new URL(request.url);
  const locale = storefrontLocale(url.searchParams.get("locale"), request.headers.get("Accept-Language"));
  if (request.method !== "POST") {
    return Response.json({ error: { code: "method_not_allowed", message: "Use POST." } }, { status: 405, headers: { Allow: "POST", ...NO_STORE } });
  }
  let verified;
  try {
    verified = verifyAppProxyRequest(url, env().SHOPIFY_API_SECRET);
  } catch (error) {
    if (error instanceof ProxyAuthError) return Response.json({ error: { code: "unauthorized", message: error.message } }, { status: error.status, headers: NO_STORE });
    throw error;
  }
  if (!verified.customerGid) return fail("not_logged_in", 401, locale);

  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > MAX_BODY_BYTES) return fail("bad_request", 413, locale, `the body must be at most ${MAX_BODY_BYTES} bytes`);
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) return fail("bad_request", 413, locale, `the body must be at most ${MAX_BODY_BYTES} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail("bad_request", 400, locale, "the body must be JSON");
  }
  const parsed = RedeemBody.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return fail("bad_request", 400, locale, `${issue.path.join(".") || "body"}: ${issue.message}`);
  }

  const sql = getSql();
  try {
    const { redemption, balance } = await redeem(
      sql,
      {
        shop: verified.shop, buyerGid: verified.customerGid, rewardId: Number(parsed.data.rewardId),
        amount: parsed.data.amount, idempotencyKey: parsed.data.idempotencyKey,
      },
      { admin: () => adminFor(verified.shop) },
    );
    const reward = JSON.parse(redemption.reward_json) as Reward;
    return Response.json(
      {
        code: redemption.code,
        reward: publicReward(reward, balance, locale),
        points: { balance, spent: Number(redemption.points) },
        value: redemption.value_minor === null ? null : { minor: Number(redemption.value_minor), currency: redemption.currency },
        endsAt: redemption.ends_at,
        applyUrl: `/discount/${encodeURIComponent(redemption.code)}`,
      },
      { headers: NO_STORE },
    );
  } catch (error) {
    if (error instanceof RedeemError) return fail(error.code, error.status, locale);
    throw error;
  }
};
