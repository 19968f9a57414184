// Shopper-facing texts of the App Proxy API, in English and Finnish. The storefront passes its
// locale (`locale` query parameter) because Shopify's App Proxy does not forward it.
import type { CombinesWith } from "../loyalty/rewards";

export const STOREFRONT_LOCALES = ["en", "fi"] as const;
export type StorefrontLocale = (typeof STOREFRONT_LOCALES)[number];

/** "fi", "fi-FI", "FI" → fi; anything else → en. Falls back to Accept-Language. */
export function storefrontLocale(param: string | null, acceptLanguage: string | null = null): StorefrontLocale {
  const pick = (value: string | null) => {
    const tag = value?.trim().toLowerCase().split(/[-_]/)[0];
    return (STOREFRONT_LOCALES as readonly string[]).includes(tag ?? "") ? (tag as StorefrontLocale) : null;
  };
  const fromParam = pick(param);
  if (fromParam) return fromParam;
  for (const part of (acceptLanguage ?? "").split(",")) {
    const found = pick(part.split(";")[0] ?? null);
    if (found) return found;
  }
  return "en";
}

const ERRORS = {
  en: {
    not_logged_in: "Please sign in to your account to redeem rewards.",
    bad_request: "The request could not be read. Please reload the page and try again.",
    reward_not_found: "This reward is no longer available.",
    reward_disabled: "This reward is not available right now.",
    amount_required: "Choose how many points to spend.",
    amount_not_allowed: "This reward has a fixed price in points.",
    amount_not_a_step: "Choose a number of points in the steps offered.",
    amount_below_minimum: "Choose more points: that is below this reward's minimum.",
    amount_above_maximum: "Choose fewer points: that is above this reward's maximum.",
    insufficient_points: "You don't have enough points for this reward yet.",
    reward_tier_locked: "This reward is for members of a higher tier.",
    currency_changed: "This reward is being updated by the store. Please try again later.",
    code_not_created: "We couldn't create your code just now. Your points have not been used — please try again.",
    code_pending: "Your code is taking longer than usual. Your points are safe: try again in a moment.",
    rewards_unavailable: "Rewards are not available right now. Your points are safe.",
    rate_limited: "Too many requests. Please wait a moment and try again.",
    unauthorized: "This request could not be verified. Please reload the page and try again.",
    method_not_allowed: "This action is not available here. Please reload the page and try again.",
    server_error: "Something went wrong on our side. Your points are safe — please try again in a moment.",
    sign_in_required: "Please sign in to your account to continue.",
    action_not_found: "This way of earning points is no longer available.",
    action_unavailable: "This way of earning points is not available right now.",
    action_already_completed: "You've already earned points for this.",
    birthday_invalid: "Enter your birthday as month and day (MM-DD), or with the year (YYYY-MM-DD).",
    birthday_not_a_date: "That date doesn't exist. Please check the day and the month.",
    birthday_year: "Please check the year of your birthday.",
    birthday_future: "Your birthday can't be in the future.",
    birthday_already_set: "Your birthday is already saved. Please contact the store if it needs to be changed.",
    email_invalid: "Please enter a valid email address.",
    referrals_off: "Referrals are not available in this store right now.",
    referral_code_unknown: "This referral link is not valid. Please check the link you received.",
    self_referral: "You can't use your own referral link.",
    existing_customer: "This offer is for new customers only.",
    already_claimed: "This email address has already been used for a referral offer.",
    referral_not_created: "We couldn't create your discount code just now. Please try again.",
    referral_pending: "Your discount code is taking longer than usual. Please try again in a moment.",
    referrals_unavailable: "Referrals are not available right now. Please try again later.",
  },
  fi: {
    not_logged_in: "Kirjaudu sisään tilillesi lunastaaksesi palkintoja.",
    bad_request: "Pyyntöä ei voitu lukea. Lataa sivu uudelleen ja yritä uudestaan.",
    reward_not_found: "Tämä palkinto ei ole enää saatavilla.",
    reward_disabled: "Tämä palkinto ei ole juuri nyt saatavilla.",
    amount_required: "Valitse, kuinka monta pistettä käytät.",
    amount_not_allowed: "Tällä palkinnolla on kiinteä pistehinta.",
    amount_not_a_step: "Valitse pistemäärä tarjotuin askelin.",
    amount_below_minimum: "Valitse enemmän pisteitä: määrä alittaa palkinnon vähimmäismäärän.",
    amount_above_maximum: "Valitse vähemmän pisteitä: määrä ylittää palkinnon enimmäismäärän.",
    insufficient_points: "Sinulla ei ole vielä tarpeeksi pisteitä tähän palkintoon.",
    reward_tier_locked: "Tämä palkinto on korkeamman jäsentason jäsenille.",
    currency_changed: "Kauppa päivittää tätä palkintoa. Yritä myöhemmin uudelleen.",
    code_not_created: "Koodin luominen ei onnistunut juuri nyt. Pisteitäsi ei käytetty — yritä uudelleen.",
    code_pending: "Koodin luominen kestää tavallista kauemmin. Pisteesi ovat tallessa: yritä hetken kuluttua uudelleen.",
    rewards_unavailable: "Palkinnot eivät ole juuri nyt käytettävissä. Pisteesi ovat tallessa.",
    rate_limited: "Liian monta pyyntöä. Odota hetki ja yritä uudelleen.",
    unauthorized: "Pyyntöä ei voitu varmentaa. Lataa sivu uudelleen ja yritä uudestaan.",
    method_not_allowed: "Tämä toiminto ei ole käytettävissä täällä. Lataa sivu uudelleen ja yritä uudestaan.",
    server_error: "Jokin meni vikaan meidän päässämme. Pisteesi ovat tallessa — yritä hetken kuluttua uudelleen.",
    sign_in_required: "Kirjaudu sisään tilillesi jatkaaksesi.",
    action_not_found: "Tämä tapa ansaita pisteitä ei ole enää käytettävissä.",
    action_unavailable: "Tämä tapa ansaita pisteitä ei ole juuri nyt käytettävissä.",
    action_already_completed: "Olet jo saanut pisteet tästä.",
    birthday_invalid: "Anna syntymäpäiväsi kuukautena ja päivänä (KK-PP) tai vuoden kanssa (VVVV-KK-PP).",
    birthday_not_a_date: "Tätä päivämäärää ei ole olemassa. Tarkista päivä ja kuukausi.",
    birthday_year: "Tarkista syntymävuotesi.",
    birthday_future: "Syntymäpäiväsi ei voi olla tulevaisuudessa.",
    birthday_already_set: "Syntymäpäiväsi on jo tallennettu. Ota yhteyttä kauppaan, jos sitä pitää muuttaa.",
    email_invalid: "Anna kelvollinen sähköpostiosoite.",
    referrals_off: "Suosittelut eivät ole juuri nyt käytössä tässä kaupassa.",
    referral_code_unknown: "Tämä suosittelulinkki ei ole voimassa. Tarkista saamasi linkki.",
    self_referral: "Et voi käyttää omaa suosittelulinkkiäsi.",
    existing_customer: "Tämä etu on vain uusille asiakkaille.",
    already_claimed: "Tällä sähköpostiosoitteella on jo käytetty suositteluetu.",
    referral_not_created: "Alennuskoodin luominen ei onnistunut juuri nyt. Yritä uudelleen.",
    referral_pending: "Alennuskoodin luominen kestää tavallista kauemmin. Yritä hetken kuluttua uudelleen.",
    referrals_unavailable: "Suosittelut eivät ole juuri nyt käytettävissä. Yritä myöhemmin uudelleen.",
  },
} as const;

export type ProxyErrorCode = keyof (typeof ERRORS)["en"];

export function errorMessage(code: ProxyErrorCode, locale: StorefrontLocale): string {
  return ERRORS[locale][code];
}

/** What a points history entry was, for its label (app/proxy/history.ts decides it from the ledger entry). */
export const HISTORY_KINDS = [
  "order", "order_changed", "refund", "cancellation", "adjustment", "welcome", "birthday", "referral", "review", "action", "tier_reward",
  "bonus", "redemption", "redemption_returned", "expiry", "merge",
] as const;
export type HistoryKind = (typeof HISTORY_KINDS)[number];

const HISTORY_LABELS: Record<StorefrontLocale, Record<HistoryKind, (d: { order: string | null; name: string | null }) => string>> = {
  en: {
    order: ({ order }) => (order ? `Order ${order}` : "Order"),
    order_changed: ({ order }) => (order ? `Order ${order} changed` : "Order changed"),
    refund: ({ order }) => (order ? `Refund on order ${order}` : "Refund"),
    cancellation: ({ order }) => (order ? `Order ${order} cancelled` : "Order cancelled"),
    adjustment: () => "Adjustment",
    welcome: () => "Welcome bonus",
    birthday: () => "Birthday bonus",
    referral: () => "Referral bonus",
    review: () => "Product review",
    action: ({ name }) => name ?? "Bonus points",
    tier_reward: ({ name }) => (name ? `Tier reward: ${name}` : "Tier reward"),
    bonus: () => "Bonus points",
    redemption: () => "Reward redeemed",
    redemption_returned: () => "Points returned",
    expiry: () => "Points expired",
    merge: () => "Accounts merged",
  },
  fi: {
    order: ({ order }) => (order ? `Tilaus ${order}` : "Tilaus"),
    order_changed: ({ order }) => (order ? `Tilaus ${order} muuttui` : "Tilaus muuttui"),
    refund: ({ order }) => (order ? `Hyvitys tilauksesta ${order}` : "Hyvitys"),
    cancellation: ({ order }) => (order ? `Tilaus ${order} peruttu` : "Tilaus peruttu"),
    adjustment: () => "Korjaus",
    welcome: () => "Tervetuliaisbonus",
    birthday: () => "Syntymäpäiväbonus",
    referral: () => "Suosittelubonus",
    review: () => "Tuotearvio",
    action: ({ name }) => name ?? "Bonuspisteet",
    tier_reward: ({ name }) => (name ? `Tasopalkinto: ${name}` : "Tasopalkinto"),
    bonus: () => "Bonuspisteet",
    redemption: () => "Palkinto lunastettu",
    redemption_returned: () => "Pisteet palautettu",
    expiry: () => "Pisteet vanhenivat",
    merge: () => "Tilit yhdistetty",
  },
};

/** "Order #1001", "Reward redeemed", "Points expired", … in the storefront's language. */
export function historyLabel(kind: HistoryKind, locale: StorefrontLocale, detail: { order?: string | null; name?: string | null } = {}): string {
  return HISTORY_LABELS[locale][kind]({ order: detail.order ?? null, name: detail.name ?? null });
}

/**
 * One sentence on the way to the next tier: `remaining` is money text with its currency for a
 * spend basis ("380.00 USD"), a number of points otherwise; no next tier = the highest is reached.
 */
export function progressMessage(basis: "spend" | "points", next: { name: string; remaining: string } | null, locale: StorefrontLocale): string {
  if (locale === "fi") {
    if (!next) return "Olet saavuttanut korkeimman tason.";
    return basis === "spend"
      ? `Osta vielä ${next.remaining} edestä, niin saavutat tason ${next.name}.`
      : `Ansaitse vielä ${next.remaining} pistettä, niin saavutat tason ${next.name}.`;
  }
  if (!next) return "You've reached the highest tier.";
  return basis === "spend"
    ? `Spend ${next.remaining} more to reach ${next.name}.`
    : `Earn ${next.remaining} more points to reach ${next.name}.`;
}

/** "Combines with product and shipping discounts." — what the shopper needs to know at checkout. */
export function combinesText(c: CombinesWith, locale: StorefrontLocale): string {
  const names = locale === "fi"
    ? { order: "tilausalennusten", product: "tuotealennusten", shipping: "toimitusalennusten" }
    : { order: "order", product: "product", shipping: "shipping" };
  const parts = (["order", "product", "shipping"] as const).filter((k) => c[k]).map((k) => names[k]);
  if (locale === "fi") {
    if (!parts.length) return "Ei yhdistettävissä muihin alennuksiin.";
    return `Yhdistettävissä ${joinList(parts, "ja")} kanssa.`;
  }
  if (!parts.length) return "Can't be combined with other discounts.";
  return `Combines with ${joinList(parts, "and")} discounts.`;
}

function joinList(items: string[], and: string): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} ${and} ${items[items.length - 1]}`;
}
