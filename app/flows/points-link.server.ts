// The one-click own-points link in a flow mail: the shopper's points become a single-use code
// (through the ordinary redemption, idempotency key flow:<message id>, so a second click gets the
// same code) and the shopper lands on their cart with it applied. Nothing is spent before the
// click; an expired link or a balance that no longer buys the reward spends nothing.
import type { AdminGraphql } from "../shopify/admin-client.server";
import { RedeemError, redeem } from "../shopify/redemption.server";
import { verifyLink } from "../mail/links.server";
import { loadFlow } from "../storage/flow-config.server";
import { loadMailSettings } from "../storage/mail-settings.server";
import { findRedemptionByKey } from "../storage/rewards.server";
import type { SqlDatabase } from "../storage/sql.server";
import { messageByToken } from "../storage/suppression.server";
import { FLOW_KINDS, type FlowKind } from "./config";
import { discountLanding } from "./incentives";
import { ownPointsOffer } from "./incentives.server";
import { mailLocale, type MailLocale } from "./templates";

export type PointsPage = "invalid" | "expired" | "insufficient" | "unavailable";

export type PointsLinkAnswer =
  | { kind: "redirect"; location: string }
  | { kind: "page"; page: PointsPage; status: number; locale: MailLocale; storefrontUrl: string | null };

export async function followPointsLink(
  db: SqlDatabase, url: URL, now: Date, deps: { secret: string; admin: (shop: string) => Promise<AdminGraphql> },
): Promise<PointsLinkAnswer> {
  const verified = verifyLink(url, "points", deps.secret, now);
  const token = "error" in verified ? (verified.error === "expired" ? url.searchParams.get("t") : null) : verified.trackingToken;
  const m = token ? await messageByToken(db, token) : undefined;
  const locale = mailLocale(m?.locale);
  const settings = m ? await loadMailSettings(db, m.shop) : null;
  const page = (p: PointsPage, status: number): PointsLinkAnswer => ({ kind: "page", page: p, status, locale, storefrontUrl: settings?.storefrontUrl ?? null });
  if ("error" in verified) return verified.error === "expired" ? page("expired", 410) : page("invalid", 400);
  if (!m || !m.customer_gid?.startsWith("gid://shopify/Customer/") || !settings) return page("invalid", 404);

  const key = `flow:${m.id}`;
  let rewardId: number | null = null;
  const earlier = await findRedemptionByKey(db, m.shop, m.customer_gid, key);
  if (earlier) {
    rewardId = Number(earlier.reward_id);
  } else {
    let named: number | null = null;
    if ((FLOW_KINDS as readonly string[]).includes(m.flow_kind)) {
      const flow = await loadFlow(db, m.shop, m.flow_kind as FlowKind).catch(() => null);
      const incentive = flow?.steps[m.step]?.incentive;
      if (incentive?.type === "own_points" && incentive.rewardId !== null) named = Number(incentive.rewardId);
    }
    const offer = await ownPointsOffer(db, m.shop, m.customer_gid, named, now);
    if (!offer) return page("insufficient", 409);
    rewardId = offer.reward.id;
  }
  let code: string;
  let redemptionId: number;
  try {
    const { redemption } = await redeem(db, { shop: m.shop, buyerGid: m.customer_gid, rewardId, idempotencyKey: key }, { admin: () => deps.admin(m.shop) });
    code = redemption.code;
    redemptionId = Number(redemption.id);
  } catch (error) {
    if (!(error instanceof RedeemError)) throw error;
    if (error.code === "insufficient_points") return page("insufficient", 409);
    if (error.code === "reward_not_found" || error.code === "reward_disabled" || error.code === "reward_tier_locked" || error.code === "currency_changed") {
      return page("insufficient", 409);
    }
    return page("unavailable", 503);
  }
  const run = m.run_id === null ? undefined : await db.get<{ context_json: string }>(`SELECT context_json FROM flow_run WHERE shop = ? AND id = ?`, [m.shop, m.run_id]);
  let recoveryUrl: string | null = null;
  try {
    const context = JSON.parse(run?.context_json ?? "{}") as { recoveryUrl?: unknown };
    if (typeof context.recoveryUrl === "string") recoveryUrl = context.recoveryUrl;
  } catch {
    // no recovery URL: the cart
  }
  const location = discountLanding(settings.storefrontUrl, code, recoveryUrl);
  const nowIso = now.toISOString();
  await db.transaction(async (tx) => {
    await tx.run(`UPDATE flow_message SET code = ?, redemption_id = ?, updated_at = ? WHERE shop = ? AND id = ?`, [code, redemptionId, nowIso, m.shop, m.id]);
    await tx.run(`INSERT INTO flow_click (shop, message_id, url, created_at) VALUES (?, ?, ?, ?)`, [m.shop, m.id, location, nowIso]);
  });
  return { kind: "redirect", location };
}

const WORDS: Record<MailLocale, Record<PointsPage, { title: string; body: string }> & { back: string }> = {
  en: {
    invalid: { title: "This link does not work", body: "The link is incomplete or was changed. Your points were not used." },
    expired: { title: "This link has expired", body: "Your points were not used. You can still spend them on a reward in the shop." },
    insufficient: { title: "Not enough points", body: "Your balance no longer buys this reward. Nothing was spent." },
    unavailable: { title: "Your code could not be created just now", body: "Your points were not used. Please try the link again in a moment." },
    back: "Go to the shop",
  },
  fi: {
    invalid: { title: "Linkki ei toimi", body: "Linkki on puutteellinen tai sitä on muutettu. Pisteitäsi ei käytetty." },
    expired: { title: "Linkki on vanhentunut", body: "Pisteitäsi ei käytetty. Voit yhä vaihtaa ne palkintoon kaupassa." },
    insufficient: { title: "Pisteet eivät riitä", body: "Saldosi ei enää riitä tähän palkintoon. Pisteitä ei käytetty." },
    unavailable: { title: "Koodin luominen ei onnistunut juuri nyt", body: "Pisteitäsi ei käytetty. Kokeile linkkiä uudelleen hetken päästä." },
    back: "Siirry kauppaan",
  },
};

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** The shopper-facing page for an answer that is not a redirect. */
export function pointsPageHtml(answer: Extract<PointsLinkAnswer, { kind: "page" }>): string {
  const w = WORDS[answer.locale];
  const { title, body } = w[answer.page];
  const back = answer.storefrontUrl ? `<p><a href="${escapeHtml(answer.storefrontUrl)}">${escapeHtml(w.back)}</a></p>` : "";
  return [
    "<!DOCTYPE html>",
    `<html lang="${answer.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">`,
    `<title>${escapeHtml(title)}</title></head>`,
    `<body style="font-family:Helvetica,Arial,sans-serif;max-width:560px;margin:40px auto;padding:0 16px;color:#1f2937;line-height:1.5">`,
    `<h1 style="font-size:22px">${escapeHtml(title)}</h1><p>${escapeHtml(body)}</p>${back}</body></html>`,
  ].join("");
}
