// What the public mail links do: /mail/unsubscribe (a confirmation page on GET; on POST — the
// page's button, or a mail client's RFC 8058 one-click POST — the address is suppressed at once)
// and /mail/click (a tracked redirect to the link's signed target). No Shopify session: the
// signature proves Kanta made the link, the tracking token names the message.
import { mailLocale, type MailLocale } from "../flows/templates";
import { log } from "../lib/log.server";
import type { AdminGraphql } from "../shopify/admin-client.server";
import { syncUnsubscribes } from "../shopify/consent-sync.server";
import { loadMailSettings } from "../storage/mail-settings.server";
import type { SqlDatabase } from "../storage/sql.server";
import { isSuppressed, messageByToken, suppress, type MessageByToken } from "../storage/suppression.server";
import { verifyLink } from "./links.server";
import { MAIL_LINK_HEADERS, mailPageResponse } from "./pages";

export type MailLinkDeps = {
  secret: string;
  /** The shop's Admin API, for writing the unsubscribe back to Shopify right away (best effort). */
  admin?: (shop: string) => Promise<AdminGraphql>;
};

function requestLocale(request: Request): MailLocale {
  return mailLocale(request.headers.get("Accept-Language")?.split(",")[0]?.split(";")[0] ?? null);
}

type Resolved = { message: MessageByToken & { email: string }; locale: MailLocale };

async function resolveUnsubscribe(db: SqlDatabase, url: URL, secret: string): Promise<Resolved | null> {
  const link = verifyLink(url, "unsubscribe", secret);
  if ("error" in link) return null;
  const message = await messageByToken(db, link.trackingToken);
  if (!message?.email) return null;
  return { message: message as Resolved["message"], locale: mailLocale(message.locale) };
}

/** GET /mail/unsubscribe: the confirmation page (or "you are unsubscribed" when already done). */
export async function unsubscribePage(db: SqlDatabase, request: Request, deps: MailLinkDeps): Promise<Response> {
  const url = new URL(request.url);
  const found = await resolveUnsubscribe(db, url, deps.secret);
  if (!found) return mailPageResponse({ page: "invalid", locale: requestLocale(request) }, 400);
  const { message, locale } = found;
  const settings = await loadMailSettings(db, message.shop);
  const shopName = settings?.shopName ?? message.shop;
  if (await isSuppressed(db, message.shop, message.email)) {
    return mailPageResponse({ page: "done", locale, shopName, email: message.email, storefrontUrl: settings?.storefrontUrl ?? null }, 200);
  }
  return mailPageResponse({ page: "confirm", locale, shopName, email: message.email, action: `${url.pathname}${url.search}` }, 200);
}

async function isOneClick(request: Request): Promise<boolean> {
  try {
    const form = await request.formData();
    return form.get("List-Unsubscribe") === "One-Click";
  } catch {
    return false;
  }
}

/**
 * POST /mail/unsubscribe: suppresses the address and stops the shopper's flows (one transaction),
 * then writes the unsubscribe back to Shopify without holding up the answer. A one-click POST
 * gets a plain 200, the page's button the "you are unsubscribed" page. Repeating it changes nothing.
 */
export async function unsubscribePost(db: SqlDatabase, request: Request, now: Date, deps: MailLinkDeps): Promise<Response> {
  const url = new URL(request.url);
  const oneClick = await isOneClick(request);
  const found = await resolveUnsubscribe(db, url, deps.secret);
  if (!found) {
    if (oneClick) return new Response("Invalid unsubscribe link\n", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8", ...MAIL_LINK_HEADERS } });
    return mailPageResponse({ page: "invalid", locale: requestLocale(request) }, 400);
  }
  const { message, locale } = found;
  const { created } = await suppress(db, message.shop, { email: message.email, customerGid: message.customer_gid }, oneClick ? "one_click" : "link", now);
  if (created) log.info("unsubscribed from a mail link", { shop: message.shop, messageId: message.id, oneClick });
  if (created && deps.admin) {
    const admin = deps.admin;
    void (async () => {
      try {
        await syncUnsubscribes(db, message.shop, await admin(message.shop));
      } catch (error) {
        log.warn("unsubscribe write-back deferred to the background pass", { shop: message.shop, error: (error as Error).message });
      }
    })();
  }
  if (oneClick) return new Response("Unsubscribed\n", { status: 200, headers: { "Content-Type": "text/plain; charset=utf-8", ...MAIL_LINK_HEADERS } });
  const settings = await loadMailSettings(db, message.shop);
  return mailPageResponse(
    { page: "done", locale, shopName: settings?.shopName ?? message.shop, email: message.email, storefrontUrl: settings?.storefrontUrl ?? null },
    200,
  );
}

/** GET /mail/click: records the click on a message Kanta sent and redirects to the signed target. */
export async function followClick(db: SqlDatabase, request: Request, now: Date, deps: MailLinkDeps): Promise<Response> {
  const link = verifyLink(new URL(request.url), "click", deps.secret);
  if ("error" in link || !link.target) return mailPageResponse({ page: "invalid", locale: requestLocale(request) }, 400);
  const message = await messageByToken(db, link.trackingToken);
  if (message) {
    await db.run(`INSERT INTO flow_click (shop, message_id, url, created_at) VALUES (?, ?, ?, ?)`, [message.shop, message.id, link.target, now.toISOString()]);
  }
  return new Response(null, { status: 302, headers: { Location: link.target, ...MAIL_LINK_HEADERS } });
}
