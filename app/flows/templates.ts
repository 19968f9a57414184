// The mails' words and layout, in English and Finnish: a subject, a plain-text part and a simple
// inline-styled HTML part for each flow kind and step. Pure: the engine gathers the content
// (links already signed and click-wrapped) and sends what this returns; the admin previews it.
import { currencyExponent } from "../loyalty/money";
import type { FlowKind } from "./config";

export type MailLocale = "en" | "fi";

/** The mail language for a shopper's locale tag: Finnish for fi / fi-FI, English otherwise. */
export function mailLocale(tag: string | null | undefined): MailLocale {
  return /^fi(?:[-_]|$)/i.test(tag?.trim() ?? "") ? "fi" : "en";
}

export type MailIncentive =
  | { kind: "code"; code: string; description: string; endsAt: string | null; applyUrl: string }
  | { kind: "own_points"; points: number; rewardName: string; url: string; expiresAt: string };

export type MailContent = {
  kind: FlowKind | "test";
  /** 0-based. */
  step: number;
  stepsTotal: number;
  locale: MailLocale;
  /** `timezone` (IANA) formats dates in the shop's time; UTC when absent. */
  shop: { name: string; storefrontUrl: string; postalAddress: string; timezone?: string };
  shopper: { firstName: string | null };
  cart?: {
    lines: { title: string; quantity: number }[];
    /** Decimal text in the cart's currency, e.g. "49.90". */
    total: string | null;
    currency: string | null;
    /** Already click-wrapped. */
    recoveryUrl: string;
  };
  incentive?: MailIncentive;
  lastOrderAt?: string;
  program?: { points?: number; expiresAt?: string; tierName?: string; balance?: number };
  /** Click-wrapped link to the shop. */
  ctaUrl: string;
  /** Null for the merchant's test send. */
  unsubscribeUrl: string | null;
};

export type RenderedMail = { subject: string; text: string; html: string };

type Variant =
  | "ac_reminder" | "ac_incentive" | "ac_last_call"
  | "wb_miss_you" | "wb_reminder" | "wb_last_chance"
  | "points_expiring" | "tier_upgrade" | "welcome" | "points_earned" | "test";

/** Which mail a step is: the first, the last of several, or one in between (with or without an incentive). */
export function mailVariant(kind: MailContent["kind"], step: number, stepsTotal: number, hasIncentive: boolean): Variant {
  const last = stepsTotal > 1 && step >= stepsTotal - 1;
  switch (kind) {
    case "abandoned_checkout":
      if (last) return "ac_last_call";
      return hasIncentive ? "ac_incentive" : "ac_reminder";
    case "win_back":
      if (step === 0) return "wb_miss_you";
      return last ? "wb_last_chance" : "wb_reminder";
    default:
      return kind;
  }
}

// ---------------------------------------------------------------------------------------------
// Formatting

const INTL_LOCALE: Record<MailLocale, string> = { en: "en-US", fi: "fi-FI" };

function formatNumber(locale: MailLocale, n: number): string {
  return new Intl.NumberFormat(INTL_LOCALE[locale], { maximumFractionDigits: 0 }).format(n);
}

/** A decimal amount with its currency, written the locale's way ("€49.90", "49,90 €"). */
export function formatMoney(locale: MailLocale, amount: string, currency: string | null): string {
  const value = Number(amount);
  if (!Number.isFinite(value)) return amount;
  if (!currency) return new Intl.NumberFormat(INTL_LOCALE[locale], { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
  let digits = 2;
  try {
    digits = currencyExponent(currency);
  } catch {
    return `${amount} ${currency}`;
  }
  return new Intl.NumberFormat(INTL_LOCALE[locale], {
    style: "currency", currency, minimumFractionDigits: digits, maximumFractionDigits: digits,
  }).format(value);
}

/** A date in the shop's timezone: "June 30, 2026" / "30. kesäkuuta 2026". */
export function formatDate(locale: MailLocale, iso: string, timezone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const options: Intl.DateTimeFormatOptions = { dateStyle: "long", timeZone: timezone || "UTC" };
  try {
    return new Intl.DateTimeFormat(INTL_LOCALE[locale], options).format(date);
  } catch {
    return new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: "long", timeZone: "UTC" }).format(date);
  }
}

export type DiscountFacts =
  | { kind: "percent_off"; percentBps: number }
  | { kind: "amount_off"; amount: string; currency: string }
  | { kind: "free_shipping" }
  | { kind: "free_product"; title?: string | null };

/** How a discount reads in a mail: "10% off" / "10 %:n alennus", "free shipping" / "ilmainen toimitus". */
export function describeDiscount(locale: MailLocale, d: DiscountFacts): string {
  switch (d.kind) {
    case "percent_off": {
      const pct = new Intl.NumberFormat(INTL_LOCALE[locale], { maximumFractionDigits: 2 }).format(d.percentBps / 100);
      return locale === "fi" ? `${pct} %:n alennus` : `${pct}% off`;
    }
    case "amount_off": {
      const money = formatMoney(locale, d.amount, d.currency);
      return locale === "fi" ? `${money}:n alennus` : `${money} off`;
    }
    case "free_shipping":
      return locale === "fi" ? "ilmainen toimitus" : "free shipping";
    case "free_product":
      if (d.title) return locale === "fi" ? `${d.title} kaupan päälle` : `a free ${d.title}`;
      return locale === "fi" ? "tuote kaupan päälle" : "a free gift";
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}

/** "Kulta-tasolle", but "VIP Gold -tasolle" (a name with spaces takes a spaced hyphen). */
function fiCompound(name: string, suffix: string): string {
  return /\s/.test(name) ? `${name} -${suffix}` : `${name}-${suffix}`;
}

// ---------------------------------------------------------------------------------------------
// Words

type Words = {
  subject(v: Variant, c: MailContent): string;
  greeting(firstName: string | null): string;
  lead(v: Variant, c: MailContent): string[];
  cartTitle: string;
  total(amount: string): string;
  code(code: string, description: string, endsAt: string | null): string;
  codeHowTo: string;
  applyCode: string;
  ownPoints(points: string, rewardName: string, expiresAt: string): string;
  useOwnPoints: string;
  cta(v: Variant): string;
  footerWhy(shop: string): string;
  unsubscribe: string;
  testNote: string;
};

const date = (c: MailContent, iso: string) => formatDate(c.locale, iso, c.shop.timezone);
const num = (c: MailContent, n: number) => formatNumber(c.locale, n);
/** "1 point", "1,200 points" / "1 piste", "1 200 pistettä". */
const pts = (c: MailContent, n: number) =>
  c.locale === "fi" ? `${num(c, n)} ${n === 1 ? "piste" : "pistettä"}` : `${num(c, n)} ${n === 1 ? "point" : "points"}`;

const en: Words = {
  subject(v, c) {
    const shop = c.shop.name;
    const inc = c.incentive;
    switch (v) {
      case "ac_reminder": return `Your cart at ${shop} is waiting for you`;
      case "ac_incentive":
        return inc?.kind === "code" ? `${capitalize(inc.description)} for your cart at ${shop}` : `Use your points for your cart at ${shop}`;
      case "ac_last_call": return `Last call: your cart at ${shop}`;
      case "wb_miss_you": return `We miss you at ${shop}`;
      case "wb_reminder": return `It's been a while – ${shop} would love to see you again`;
      case "wb_last_chance":
        return inc?.kind === "code" ? `Last chance: ${inc.description} at ${shop}` : `Last chance to come back to ${shop}`;
      case "points_expiring": {
        const p = c.program?.points ?? 0;
        return c.program?.expiresAt
          ? `Your ${pts(c, p)} at ${shop} ${p === 1 ? "expires" : "expire"} on ${date(c, c.program.expiresAt)}`
          : `Your points at ${shop} expire soon`;
      }
      case "tier_upgrade": return `Welcome to ${c.program?.tierName ?? "your new tier"} at ${shop}`;
      case "welcome": return `Welcome to ${shop} rewards`;
      case "points_earned": return `You earned ${pts(c, c.program?.points ?? 0)} at ${shop}`;
      case "test": return `Test mail from ${shop}`;
    }
  },
  greeting: (name) => (name ? `Hi ${name},` : "Hi,"),
  lead(v, c) {
    const p = c.program ?? {};
    switch (v) {
      case "ac_reminder": return ["You left something in your cart. We saved it for you, so you can pick up right where you left off."];
      case "ac_incentive": return ["Your cart is still waiting, and we would like to make finishing your order a little easier."];
      case "ac_last_call": return ["This is our last reminder about your cart. The items in it may sell out, so don't wait too long."];
      case "wb_miss_you":
        return [c.lastOrderAt ? `It's been a while since your last order on ${date(c, c.lastOrderAt)}, and we miss you.` : "It's been a while since your last order, and we miss you.",
          "Come and see what's new."];
      case "wb_reminder": return ["We would love to see you again. There's a lot waiting for you in the shop."];
      case "wb_last_chance": return ["This is the last note from us for now. We hope to see you soon."];
      case "points_expiring":
        return [
          `${pts(c, p.points ?? 0)} of your balance ${(p.points ?? 0) === 1 ? "expires" : "expire"} ${p.expiresAt ? `on ${date(c, p.expiresAt)}` : "soon"}.`,
          p.balance !== undefined ? `Your balance is ${pts(c, p.balance)}. Use them before they go.` : "Use them before they go.",
        ];
      case "tier_upgrade":
        return [`You have reached ${p.tierName ?? "a new tier"}. Thank you for shopping with us!`];
      case "welcome":
        return ["Welcome to our rewards program! You earn points with every order and can turn them into rewards.",
          ...(p.balance ? [`You already have ${pts(c, p.balance)}.`] : [])];
      case "points_earned":
        return [`You earned ${pts(c, p.points ?? 0)}.`,
          ...(p.balance !== undefined ? [`Your balance is now ${pts(c, p.balance)}.`] : [])];
      case "test": return ["This is a test mail. Your shop's mail settings work: mails to shoppers are sent from this address."];
    }
  },
  cartTitle: "Your cart",
  total: (amount) => `Total: ${amount}`,
  code: (code, description, endsAt) => `Use the code ${code} for ${description}${endsAt ? `, valid until ${endsAt}` : ""}.`,
  codeHowTo: "The button below adds the code to your cart. You can also enter it at checkout.",
  applyCode: "Apply the code",
  ownPoints: (points, rewardName, expiresAt) =>
    `You have ${points} to spend: they buy you ${rewardName}. One click turns your points into a code on your cart. Your points are spent only if you click, and the link works until ${expiresAt}.`,
  useOwnPoints: "Use my points",
  cta(v) {
    if (v.startsWith("ac_")) return "Return to your cart";
    if (v.startsWith("wb_") || v === "test") return "Visit the shop";
    return "See your points";
  },
  footerWhy: (shop) => `You are receiving this mail because you are a customer of ${shop}.`,
  unsubscribe: "Unsubscribe",
  testNote: "This is a test send to the shop. The mails shoppers get carry an unsubscribe link here.",
};

const fi: Words = {
  subject(v, c) {
    const shop = c.shop.name;
    const inc = c.incentive;
    switch (v) {
      case "ac_reminder": return `Ostoskorisi odottaa sinua – ${shop}`;
      case "ac_incentive":
        return inc?.kind === "code" ? `${capitalize(inc.description)} ostoskoriisi – ${shop}` : `Käytä pisteesi ostoskoriisi – ${shop}`;
      case "ac_last_call": return `Viimeinen muistutus: ostoskorisi odottaa – ${shop}`;
      case "wb_miss_you": return `Meillä on ikävä sinua – ${shop}`;
      case "wb_reminder": return `Siitä on jo aikaa – ${shop} odottaa sinua takaisin`;
      case "wb_last_chance":
        return inc?.kind === "code" ? `Viimeinen tilaisuus: ${inc.description} – ${shop}` : `Viimeinen tilaisuus palata – ${shop}`;
      case "points_expiring": {
        const p = c.program?.points ?? 0;
        const yours = p === 1 ? "pisteesi" : "pistettäsi";
        return c.program?.expiresAt
          ? `${num(c, p)} ${yours} vanhenee ${date(c, c.program.expiresAt)} – ${shop}`
          : `Pisteesi vanhenevat pian – ${shop}`;
      }
      case "tier_upgrade": return `Tervetuloa ${fiCompound(c.program?.tierName ?? "uudelle", "tasolle")} – ${shop}`;
      case "welcome": return `Tervetuloa kanta-asiakkaaksi – ${shop}`;
      case "points_earned": {
        const p = c.program?.points ?? 0;
        return `Sait ${num(c, p)} ${p === 1 ? "pisteen" : "pistettä"} – ${shop}`;
      }
      case "test": return `Testiviesti – ${shop}`;
    }
  },
  greeting: (name) => (name ? `Hei ${name},` : "Hei,"),
  lead(v, c) {
    const p = c.program ?? {};
    switch (v) {
      case "ac_reminder": return ["Ostoskoriisi jäi tuotteita. Säilytimme ne sinulle, joten voit jatkaa siitä, mihin jäit."];
      case "ac_incentive": return ["Ostoskorisi odottaa yhä, ja haluamme tehdä tilauksen viimeistelystä hieman helpompaa."];
      case "ac_last_call": return ["Tämä on viimeinen muistutuksemme ostoskoristasi. Tuotteet voivat loppua, joten älä odota liian kauan."];
      case "wb_miss_you":
        return [c.lastOrderAt ? `Edellisestä tilauksestasi (${date(c, c.lastOrderAt)}) on jo aikaa, ja meillä on ikävä sinua.` : "Edellisestä tilauksestasi on jo aikaa, ja meillä on ikävä sinua.",
          "Tule katsomaan, mitä uutta meillä on."];
      case "wb_reminder": return ["Olisi mukava nähdä sinut taas. Kaupassa odottaa paljon uutta."];
      case "wb_last_chance": return ["Tämä on toistaiseksi viimeinen viestimme. Toivottavasti näemme pian."];
      case "points_expiring": {
        const n = p.points ?? 0;
        return [
          `${num(c, n)} ${n === 1 ? "pisteesi" : "pistettäsi"} vanhenee${p.expiresAt ? ` ${date(c, p.expiresAt)}` : " pian"}.`,
          p.balance !== undefined ? `Saldosi on ${pts(c, p.balance)}. Käytä pisteet ennen kuin ne vanhenevat.` : "Käytä pisteet ennen kuin ne vanhenevat.",
        ];
      }
      case "tier_upgrade":
        return [p.tierName ? `Olet nyt ${fiCompound(p.tierName, "tasolla")}. Kiitos, että asioit kanssamme!` : "Olet nyt uudella tasolla. Kiitos, että asioit kanssamme!"];
      case "welcome":
        return ["Tervetuloa kanta-asiakasohjelmaamme! Saat pisteitä jokaisesta tilauksesta ja voit vaihtaa ne palkintoihin.",
          ...(p.balance ? [`Sinulla on jo ${pts(c, p.balance)}.`] : [])];
      case "points_earned": {
        const n = p.points ?? 0;
        return [`Sait ${num(c, n)} ${n === 1 ? "pisteen" : "pistettä"}.`,
          ...(p.balance !== undefined ? [`Saldosi on nyt ${pts(c, p.balance)}.`] : [])];
      }
      case "test": return ["Tämä on testiviesti. Kauppasi sähköpostiasetukset toimivat: asiakkaille lähtevät viestit lähetetään tästä osoitteesta."];
    }
  },
  cartTitle: "Ostoskorisi",
  total: (amount) => `Yhteensä: ${amount}`,
  code: (code, description, endsAt) => `Käytä koodia ${code}: ${description}${endsAt ? `, voimassa ${endsAt} asti` : ""}.`,
  codeHowTo: "Alla oleva painike lisää koodin ostoskoriisi. Voit myös syöttää sen kassalla.",
  applyCode: "Käytä koodi",
  ownPoints: (points, rewardName, expiresAt) =>
    `Sinulla on ${points} käytettävissä: niillä saat palkinnon ${rewardName}. Yhdellä napsautuksella pisteesi muuttuvat koodiksi ostoskoriisi. Pisteitä käytetään vain, jos napsautat, ja linkki toimii ${expiresAt} asti.`,
  useOwnPoints: "Käytä pisteeni",
  cta(v) {
    if (v.startsWith("ac_")) return "Palaa ostoskoriisi";
    if (v.startsWith("wb_") || v === "test") return "Siirry kauppaan";
    return "Katso pisteesi";
  },
  footerWhy: (shop) => `Saat tämän viestin, koska olet asiakkaana kaupassa ${shop}.`,
  unsubscribe: "Peru tilaus",
  testNote: "Tämä on kaupalle lähetetty testiviesti. Asiakkaiden viesteissä tässä on linkki tilauksen perumiseen.",
};

const WORDS: Record<MailLocale, Words> = { en, fi };

// ---------------------------------------------------------------------------------------------
// Rendering

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Only http(s) links go into href attributes; anything else becomes an inert "#". */
function safeHref(url: string): string {
  return /^https?:\/\//i.test(url) ? escapeHtml(url) : "#";
}

const STYLE = {
  body: "margin:0;padding:0;background:#f4f4f5;",
  card: "max-width:560px;margin:0 auto;padding:24px;background:#ffffff;font-family:Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;color:#1f2937;",
  shop: "margin:0 0 16px;font-size:20px;font-weight:bold;color:#111827;",
  p: "margin:0 0 16px;",
  table: "width:100%;border-collapse:collapse;margin:0 0 16px;",
  cell: "padding:6px 0;border-bottom:1px solid #e5e7eb;",
  qty: "padding:6px 0;border-bottom:1px solid #e5e7eb;text-align:right;white-space:nowrap;",
  total: "padding:8px 0;font-weight:bold;text-align:right;",
  code: "display:inline-block;padding:4px 10px;border:1px dashed #6b7280;font-family:Menlo,Consolas,monospace;font-size:18px;letter-spacing:1px;",
  button: "display:inline-block;padding:12px 20px;background:#111827;color:#ffffff;text-decoration:none;border-radius:6px;font-weight:bold;",
  secondary: "display:inline-block;padding:10px 18px;border:1px solid #111827;color:#111827;text-decoration:none;border-radius:6px;",
  footer: "margin:24px 0 0;padding-top:16px;border-top:1px solid #e5e7eb;font-size:12px;line-height:1.5;color:#6b7280;",
  link: "color:#6b7280;",
} as const;

type Block =
  | { type: "p"; text: string }
  | { type: "cart"; title: string; lines: { title: string; quantity: number }[]; total: string | null }
  | { type: "code"; text: string; code: string; howTo: string }
  | { type: "button"; label: string; url: string; primary: boolean };

function blocks(c: MailContent, w: Words, v: Variant): Block[] {
  const out: Block[] = [{ type: "p", text: w.greeting(c.shopper.firstName?.trim() || null) }];
  for (const text of w.lead(v, c)) out.push({ type: "p", text });
  if (c.cart && c.cart.lines.length > 0) {
    out.push({
      type: "cart", title: w.cartTitle, lines: c.cart.lines,
      total: c.cart.total ? w.total(formatMoney(c.locale, c.cart.total, c.cart.currency)) : null,
    });
  }
  const inc = c.incentive;
  if (inc?.kind === "code") {
    out.push({ type: "code", code: inc.code, text: w.code(inc.code, inc.description, inc.endsAt ? date(c, inc.endsAt) : null), howTo: w.codeHowTo });
    out.push({ type: "button", label: w.applyCode, url: inc.applyUrl, primary: true });
  } else if (inc?.kind === "own_points") {
    out.push({ type: "p", text: w.ownPoints(pts(c, inc.points), inc.rewardName, date(c, inc.expiresAt)) });
    out.push({ type: "button", label: w.useOwnPoints, url: inc.url, primary: true });
  }
  const ctaUrl = v.startsWith("ac_") && c.cart ? c.cart.recoveryUrl : c.ctaUrl;
  out.push({ type: "button", label: w.cta(v), url: ctaUrl, primary: !inc });
  return out;
}

function renderText(c: MailContent, w: Words, parts: Block[]): string {
  const lines: string[] = [];
  for (const b of parts) {
    switch (b.type) {
      case "p":
        lines.push(b.text, "");
        break;
      case "cart":
        lines.push(`${b.title}:`);
        for (const l of b.lines) lines.push(`  ${l.quantity} × ${l.title}`);
        if (b.total) lines.push(b.total);
        lines.push("");
        break;
      case "code":
        lines.push(b.text, b.howTo, "");
        break;
      case "button":
        lines.push(`${b.label}: ${b.url}`, "");
        break;
    }
  }
  lines.push("--", c.shop.name, c.shop.postalAddress, w.footerWhy(c.shop.name));
  lines.push(c.unsubscribeUrl ? `${w.unsubscribe}: ${c.unsubscribeUrl}` : w.testNote);
  return lines.join("\n") + "\n";
}

function renderHtml(c: MailContent, w: Words, subject: string, parts: Block[]): string {
  const e = escapeHtml;
  const body: string[] = [`<p style="${STYLE.shop}">${e(c.shop.name)}</p>`];
  for (const b of parts) {
    switch (b.type) {
      case "p":
        body.push(`<p style="${STYLE.p}">${e(b.text)}</p>`);
        break;
      case "cart": {
        const rows = b.lines.map((l) => `<tr><td style="${STYLE.cell}">${e(l.title)}</td><td style="${STYLE.qty}">× ${e(String(l.quantity))}</td></tr>`);
        if (b.total) rows.push(`<tr><td colspan="2" style="${STYLE.total}">${e(b.total)}</td></tr>`);
        body.push(`<p style="${STYLE.p}"><strong>${e(b.title)}</strong></p>`, `<table role="presentation" style="${STYLE.table}">${rows.join("")}</table>`);
        break;
      }
      case "code": {
        const codeHtml = `<span style="${STYLE.code}">${e(b.code)}</span>`;
        body.push(`<p style="${STYLE.p}">${e(b.text).replace(e(b.code), codeHtml)}</p>`, `<p style="${STYLE.p}">${e(b.howTo)}</p>`);
        break;
      }
      case "button":
        body.push(`<p style="${STYLE.p}"><a href="${safeHref(b.url)}" style="${b.primary ? STYLE.button : STYLE.secondary}">${e(b.label)}</a></p>`);
        break;
    }
  }
  const footer = [
    `${e(c.shop.name)}<br>${e(c.shop.postalAddress).replace(/\r?\n/g, "<br>")}`,
    e(w.footerWhy(c.shop.name)),
    c.unsubscribeUrl ? `<a href="${safeHref(c.unsubscribeUrl)}" style="${STYLE.link}">${e(w.unsubscribe)}</a>` : e(w.testNote),
  ];
  body.push(`<div style="${STYLE.footer}">${footer.map((f) => `<p style="margin:0 0 8px;">${f}</p>`).join("")}</div>`);
  return [
    "<!DOCTYPE html>",
    `<html lang="${c.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${e(subject)}</title></head>`,
    `<body style="${STYLE.body}"><div style="${STYLE.card}">${body.join("")}</div></body></html>`,
  ].join("\n");
}

/** The mail for this content: subject, plain text and HTML (every piece of content escaped). */
export function renderMail(content: MailContent): RenderedMail {
  const w = WORDS[content.locale] ?? en;
  const variant = mailVariant(content.kind, content.step, content.stepsTotal, Boolean(content.incentive));
  const subject = w.subject(variant, content).replace(/[\r\n]+/g, " ");
  const parts = blocks(content, w, variant);
  return { subject, text: renderText(content, w, parts), html: renderHtml(content, w, subject, parts) };
}

// ---------------------------------------------------------------------------------------------
// Sample content for the admin's preview and test send

export type SampleOptions = {
  /** The cart's currency (default EUR). */
  currency?: string;
  stepsTotal?: number;
  /** The step's incentive; by default the one the default flow offers at that step. */
  incentive?: MailIncentive | null;
  /** Where the sample's links point (default: the storefront). */
  linkBase?: string;
};

const SAMPLE_LINES: Record<MailLocale, { title: string; quantity: number }[]> = {
  en: [{ title: "Merino wool beanie", quantity: 1 }, { title: "Linen tea towel", quantity: 2 }],
  fi: [{ title: "Merinovillapipo", quantity: 1 }, { title: "Pellavainen keittiöpyyhe", quantity: 2 }],
};

/** Realistic content for one step of a flow, for the preview and the merchant's test send (dated from `now`). */
export function sampleMailContent(
  kind: FlowKind | "test", step: number, locale: MailLocale, shop: MailContent["shop"], options: SampleOptions = {}, now: Date = new Date(),
): MailContent {
  const stepsTotal = options.stepsTotal ?? (kind === "abandoned_checkout" || kind === "win_back" ? 3 : 1);
  const base = (options.linkBase ?? shop.storefrontUrl).replace(/\/+$/, "");
  const currency = options.currency ?? "EUR";
  const day = 86_400_000;
  const inDays = (n: number) => new Date(now.getTime() + n * day).toISOString();
  const defaultIncentive = (): MailIncentive | undefined => {
    const percentBps = kind === "abandoned_checkout" && step === 1 ? 1000 : kind === "win_back" && step === 0 ? 1500 : null;
    if (percentBps === null) return undefined;
    return {
      kind: "code", code: kind === "win_back" ? "COMEBACK-7KQ2" : "CART-4XM9",
      description: describeDiscount(locale, { kind: "percent_off", percentBps }),
      endsAt: inDays(kind === "win_back" ? 14 : 7), applyUrl: `${base}/discount/${kind === "win_back" ? "COMEBACK-7KQ2" : "CART-4XM9"}`,
    };
  };
  const incentive = options.incentive === undefined ? defaultIncentive() : options.incentive ?? undefined;
  const content: MailContent = {
    kind, step, stepsTotal, locale, shop,
    shopper: { firstName: locale === "fi" ? "Maija" : "Alex" },
    ctaUrl: base,
    unsubscribeUrl: `${base}/mail/unsubscribe?t=preview`,
  };
  if (incentive) content.incentive = incentive;
  if (kind === "abandoned_checkout") {
    content.cart = { lines: SAMPLE_LINES[locale], total: currency === "JPY" ? "6480" : "64.80", currency, recoveryUrl: `${base}/cart` };
  }
  if (kind === "win_back") content.lastOrderAt = inDays(-140);
  if (kind === "points_expiring") content.program = { points: 120, expiresAt: inDays(14), balance: 340 };
  if (kind === "tier_upgrade") content.program = { tierName: locale === "fi" ? "Kulta" : "Gold", balance: 1250 };
  if (kind === "welcome") content.program = { balance: 100 };
  if (kind === "points_earned") content.program = { points: 65, balance: 405 };
  return content;
}
