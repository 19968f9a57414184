// The small pages a shopper sees after following a link in a mail (unsubscribe, a broken link),
// in English and Finnish. Pure: the routes decide which page and with which facts.
import { escapeHtml, type MailLocale } from "../flows/templates";

export type MailPage =
  | { page: "confirm"; locale: MailLocale; shopName: string; email: string; action: string }
  | { page: "done"; locale: MailLocale; shopName: string; email: string; storefrontUrl: string | null }
  | { page: "invalid"; locale: MailLocale };

/** "maija.m@example.com" → "m•••••••@example.com": enough to recognise, not to harvest. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at <= 0) return "•••";
  return `${email[0]}${"•".repeat(Math.max(3, Math.min(at - 1, 8)))}${email.slice(at)}`;
}

const WORDS = {
  en: {
    confirmTitle: (shop: string) => `Unsubscribe from ${shop}?`,
    confirmBody: (shop: string, email: string) => `${email} will get no more marketing mail from ${shop}.`,
    button: "Unsubscribe",
    doneTitle: "You are unsubscribed",
    doneBody: (shop: string, email: string) => `${shop} will send no more marketing mail to ${email}. Mails about your orders still reach you.`,
    back: "Back to the shop",
    invalidTitle: "This link does not work",
    invalidBody: "It may have been copied only in part, or it is not a link from our mail. Nothing was changed.",
  },
  fi: {
    confirmTitle: (shop: string) => `Perutaanko kaupan ${shop} viestit?`,
    confirmBody: (shop: string, email: string) => `Osoitteeseen ${email} ei enää lähetetä kaupan ${shop} markkinointiviestejä.`,
    button: "Peru tilaus",
    doneTitle: "Tilaus on peruttu",
    doneBody: (shop: string, email: string) => `Kauppa ${shop} ei enää lähetä markkinointiviestejä osoitteeseen ${email}. Tilauksiasi koskevat viestit tulevat edelleen.`,
    back: "Takaisin kauppaan",
    invalidTitle: "Linkki ei toimi",
    invalidBody: "Se on ehkä kopioitu vain osittain, tai se ei ole viestistämme. Mitään ei muutettu.",
  },
} as const;

export function mailPageHtml(p: MailPage): string {
  const w = WORDS[p.locale] ?? WORDS.en;
  const e = escapeHtml;
  let title: string;
  let body: string;
  switch (p.page) {
    case "confirm":
      title = w.confirmTitle(p.shopName);
      body = `<p>${e(w.confirmBody(p.shopName, maskEmail(p.email)))}</p>
<form method="post" action="${e(p.action)}"><input type="hidden" name="confirm" value="1">
<button type="submit" style="padding:12px 20px;background:#111827;color:#ffffff;border:0;border-radius:6px;font-size:16px;font-weight:bold;cursor:pointer">${e(w.button)}</button></form>`;
      break;
    case "done":
      title = w.doneTitle;
      body = `<p>${e(w.doneBody(p.shopName, maskEmail(p.email)))}</p>${
        p.storefrontUrl ? `<p><a href="${e(p.storefrontUrl)}" style="color:#111827">${e(w.back)}</a></p>` : ""}`;
      break;
    case "invalid":
      title = w.invalidTitle;
      body = `<p>${e(w.invalidBody)}</p>`;
      break;
  }
  return [
    "<!DOCTYPE html>",
    `<html lang="${p.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">`,
    `<meta name="robots" content="noindex"><title>${e(title)}</title></head>`,
    `<body style="font-family:Helvetica,Arial,sans-serif;max-width:560px;margin:40px auto;padding:0 16px;color:#1f2937;line-height:1.5">`,
    `<h1 style="font-size:22px">${e(title)}</h1>${body}</body></html>`,
  ].join("\n");
}

/** Headers of every page and redirect a mail link answers with: never cached, never indexed, no referrer (the link carries a token). */
export const MAIL_LINK_HEADERS = {
  "Cache-Control": "no-store",
  "Referrer-Policy": "no-referrer",
  "X-Robots-Tag": "noindex",
} as const;

export function mailPageResponse(p: MailPage, status: number): Response {
  return new Response(mailPageHtml(p), { status, headers: { "Content-Type": "text/html; charset=utf-8", ...MAIL_LINK_HEADERS } });
}
