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
    currency_changed: "This reward is being updated by the store. Please try again later.",
    code_not_created: "We couldn't create your code just now. Your points have not been used — please try again.",
    code_pending: "Your code is taking longer than usual. Your points are safe: try again in a moment.",
    rewards_unavailable: "Rewards are not available right now. Your points are safe.",
    rate_limited: "Too many requests. Please wait a moment and try again.",
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
    currency_changed: "Kauppa päivittää tätä palkintoa. Yritä myöhemmin uudelleen.",
    code_not_created: "Koodin luominen ei onnistunut juuri nyt. Pisteitäsi ei käytetty — yritä uudelleen.",
    code_pending: "Koodin luominen kestää tavallista kauemmin. Pisteesi ovat tallessa: yritä hetken kuluttua uudelleen.",
    rewards_unavailable: "Palkinnot eivät ole juuri nyt käytettävissä. Pisteesi ovat tallessa.",
    rate_limited: "Liian monta pyyntöä. Odota hetki ja yritä uudelleen.",
  },
} as const;

export type ProxyErrorCode = keyof (typeof ERRORS)["en"];

export function errorMessage(code: ProxyErrorCode, locale: StorefrontLocale): string {
  return ERRORS[locale][code];
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
