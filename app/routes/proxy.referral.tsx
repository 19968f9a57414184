// /apps/kanta/referral on the storefront (App Proxy → /proxy/referral).
// GET: the logged-in member's personal referral code and link (created on first request).
// POST {"code":"REF-…","email":"friend@…"} (ReferralClaimRequestSchema): a friend — logged out is
// fine — claims the referral and gets a single-use discount code. The referrer's points follow
// when the friend's first order is paid.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getSql } from "../db.server";
import { REFERRAL_CODE, normalizeEmail, referralConfig, type ReferralConfig } from "../loyalty/actions";
import { formatMinorUnits } from "../loyalty/money";
import { combinesText, type StorefrontLocale } from "../proxy/messages";
import { NO_STORE, PRIVATE_NO_STORE, methodNotAllowed, proxyError, proxyRoute, readJsonBody } from "../proxy/respond.server";
import { ReferralClaimRequestSchema, type FriendOffer, type ReferralClaimResponse, type ReferralResponse } from "../proxy/schema";
import { adminFor } from "../shopify.server";
import { ReferralClaimError, claimReferral } from "../shopify/referrals.server";
import { builtInAction, ensureDefaultActions, memberReferral, referralStats, storefrontMember } from "../storage/actions.server";

function friendOffer(config: ReferralConfig, locale: StorefrontLocale): FriendOffer {
  const d = config.friendDiscount;
  return {
    percent: d.kind === "percent" ? d.percentBps / 100 : null,
    value: d.kind === "amount" ? formatMinorUnits(d.valueMinor, d.currency) : null,
    currency: d.kind === "amount" ? d.currency : null,
    lifetimeDays: config.lifetimeDays,
    combinesText: combinesText(config.combinesWith, locale),
  };
}

// Both may change the shopper's own data (the GET makes them a member with a referral code).
export const loader = async ({ request }: LoaderFunctionArgs) =>
  proxyRoute(request, async ({ proxy, locale }) => {
    if (!proxy.customerGid) return proxyError("sign_in_required", 401, locale);
    const sql = getSql();
    await ensureDefaultActions(sql, proxy.shop);
    const action = await builtInAction(sql, proxy.shop, "referral");
    if (!action?.enabled) return proxyError("referrals_off", 409, locale);
    const owner = await storefrontMember(sql, proxy.shop, proxy.customerGid, new Date());
    const referral = await memberReferral(sql, proxy.shop, owner);
    if (!referral) throw new Error("the shopper could not be made a member");
    const answer: ReferralResponse = {
      referral,
      points: action.points,
      friend: friendOffer(referralConfig(action), locale),
      stats: await referralStats(sql, proxy.shop, owner),
    };
    return Response.json(answer, { headers: PRIVATE_NO_STORE });
  }, { writes: true });

export const action = async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed("GET, POST", request);
  return proxyRoute(request, async ({ proxy, locale }) => {
    const body = await readJsonBody(request, ReferralClaimRequestSchema, locale);
    if (body instanceof Response) return body;
    const email = normalizeEmail(body.email);
    if (!email) return proxyError("email_invalid", 400, locale, "email: not an email address");
    const code = body.code.trim().toUpperCase();
    if (!REFERRAL_CODE.test(code)) return proxyError("referral_code_unknown", 404, locale, "code: not a referral code");
    try {
      const claim = await claimReferral(
        getSql(),
        { shop: proxy.shop, referralCode: code, friendEmail: email, claimantGid: proxy.customerGid },
        { admin: () => adminFor(proxy.shop) },
      );
      const answer: ReferralClaimResponse = {
        code: claim.code,
        endsAt: claim.endsAt,
        applyUrl: `/discount/${encodeURIComponent(claim.code)}`,
        offer: friendOffer(claim.config, locale),
      };
      return Response.json(answer, { headers: NO_STORE });
    } catch (error) {
      if (error instanceof ReferralClaimError) return proxyError(error.code, error.status, locale);
      throw error;
    }
  }, { writes: true });
};
