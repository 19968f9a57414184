// Earning actions besides orders (welcome, birthday, referral, product review, the merchant's own
// actions): pure rules, no IO. Points are integers; money is integer minor units.
import { z } from "zod";
import { i18nFor, type Translate } from "../i18n/i18n";
import { formatMinorUnits, parseMinorUnits } from "./money";
import { amountExampleError, CODE_ALPHABET, parsePercentBps, type CombinesWith, type FieldErrors } from "./rewards";

export const ACTION_KINDS = ["welcome", "birthday", "referral", "review", "custom"] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

/** The built-in kinds exist once per shop; the merchant adds any number of custom actions. */
export const BUILT_IN_KINDS: readonly ActionKind[] = ["welcome", "birthday", "referral", "review"];

/** What the referred friend's single-use code takes off. */
export type FriendDiscount =
  | { kind: "percent"; percentBps: number }
  | { kind: "amount"; valueMinor: number; currency: string };

export type ReferralConfig = {
  friendDiscount: FriendDiscount;
  combinesWith: CombinesWith;
  /** Days the friend's code stays valid. */
  lifetimeDays: number;
};

/** At most `count` awards per member within `days` days. */
export type ActionLimit = { count: number; days: number };

/**
 * Settings beyond name, points and on/off, stored as config_json. Each kind reads its own keys:
 * referral → friendDiscount, combinesWith, lifetimeDays; review → limit; custom → url.
 */
export type ActionConfig = {
  friendDiscount?: FriendDiscount;
  combinesWith?: CombinesWith;
  lifetimeDays?: number;
  limit?: ActionLimit | null;
  url?: string | null;
};

export type EarningAction = {
  id: number;
  kind: ActionKind;
  name: string;
  points: number;
  enabled: boolean;
  config: ActionConfig;
  position: number;
};

export const DEFAULT_REFERRAL_CONFIG: ReferralConfig = {
  friendDiscount: { kind: "percent", percentBps: 1000 },
  combinesWith: { order: false, product: true, shipping: true },
  lifetimeDays: 30,
};

export const DEFAULT_REVIEW_LIMIT: ActionLimit = { count: 5, days: 30 };

/**
 * The actions every shop starts with. Only the welcome bonus is on: the others give points for
 * things the merchant should decide to reward (and, for referrals, a discount to the friend).
 */
export function defaultActions(): Omit<EarningAction, "id">[] {
  return [
    { kind: "welcome", name: "Welcome bonus", points: 100, enabled: true, config: {}, position: 0 },
    { kind: "birthday", name: "Birthday bonus", points: 100, enabled: false, config: {}, position: 1 },
    { kind: "referral", name: "Refer a friend", points: 500, enabled: false, config: { ...DEFAULT_REFERRAL_CONFIG }, position: 2 },
    { kind: "review", name: "Review a product", points: 50, enabled: false, config: { limit: { ...DEFAULT_REVIEW_LIMIT } }, position: 3 },
  ];
}

/** The default of a built-in kind (used before a shop's actions are created). */
export function defaultAction(kind: ActionKind): Omit<EarningAction, "id"> | null {
  return defaultActions().find((a) => a.kind === kind) ?? null;
}

const CombinesSchema = z.object({ order: z.boolean(), product: z.boolean(), shipping: z.boolean() });
const StoredConfigSchema = z.object({
  friendDiscount: z.union([
    z.object({ kind: z.literal("percent"), percentBps: z.number().int().min(1).max(10_000) }),
    z.object({ kind: z.literal("amount"), valueMinor: z.number().int().positive(), currency: z.string().regex(/^[A-Z]{3}$/) }),
  ]).optional(),
  combinesWith: CombinesSchema.optional(),
  lifetimeDays: z.number().int().min(1).max(365).optional(),
  limit: z.object({ count: z.number().int().min(1), days: z.number().int().min(1) }).nullable().optional(),
  url: z.string().nullable().optional(),
}).passthrough();

/** config_json as stored; anything unreadable counts as no settings (the defaults apply). */
export function parseActionConfig(json: string | null | undefined): ActionConfig {
  try {
    const parsed = StoredConfigSchema.safeParse(JSON.parse(json ?? "{}"));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

export function referralConfig(action: Pick<EarningAction, "config">): ReferralConfig {
  return {
    friendDiscount: action.config.friendDiscount ?? DEFAULT_REFERRAL_CONFIG.friendDiscount,
    combinesWith: action.config.combinesWith ?? DEFAULT_REFERRAL_CONFIG.combinesWith,
    lifetimeDays: action.config.lifetimeDays ?? DEFAULT_REFERRAL_CONFIG.lifetimeDays,
  };
}

/** The review cap per member; null = no cap. */
export function reviewLimit(action: Pick<EarningAction, "config">): ActionLimit | null {
  return action.config.limit === undefined ? DEFAULT_REVIEW_LIMIT : action.config.limit;
}

/** Whether one more review may earn, given the member's reviews that earned within the window. */
export function reviewWithinLimit(earnedInWindow: number, limit: ActionLimit | null): boolean {
  return limit === null || earnedInWindow < limit.count;
}

// ---------------------------------------------------------------------------------------------
// Welcome bonus

const IMPORT_TOPICS = ["kanta/customers_import", "kanta/orders_import"];

/** A live webhook or the shopper themself: not the history import, not Kanta's own re-posting. */
export function joinsLive(causedBy: string): boolean {
  if (!causedBy.startsWith("webhook:") && !causedBy.startsWith("shopper:")) return false;
  return !IMPORT_TOPICS.some((topic) => causedBy.startsWith(`webhook:${topic}:`));
}

/**
 * Whether a customer Kanta sees for the first time gets the welcome bonus: only in a shop whose
 * install completed before the event, only through a webhook (`webhook:<topic>:…`) or the shopper
 * (`shopper:…`), and not when the customer came in through the history import (`causedBy` names
 * the import topic) — existing customers are not a new liability.
 */
export function welcomeApplies(causedBy: string, installedAt: string | null, eventAt: string): boolean {
  if (!joinsLive(causedBy) || !installedAt) return false;
  const installed = Date.parse(installedAt);
  const at = Date.parse(eventAt);
  return Number.isFinite(installed) && Number.isFinite(at) && installed < at;
}

// ---------------------------------------------------------------------------------------------
// Birthdays

export type LocalDate = { year: number; month: number; day: number };

/** The calendar date at `now` in an IANA time zone (UTC when the zone is unknown). */
export function localDateIn(now: Date, timeZone: string): LocalDate {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(now);
  } catch {
    parts = new Intl.DateTimeFormat("en-US", { timeZone: "UTC", year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(now);
  }
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get("year"), month: get("month"), day: get("day") };
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number | null, month: number): number {
  if (month === 2) return year === null || isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export type BirthdayError = "format" | "date" | "year" | "future";

const pad2 = (n: number) => String(n).padStart(2, "0");

/**
 * A birthday as the shopper gives it: "MM-DD" or "YYYY-MM-DD". It must be a real date (Feb 29
 * only in a leap year when the year is given; always without one), the year between 1900 and
 * this year, and not in the future. Returns the canonical text stored on the member.
 */
export function parseBirthday(text: string, today: LocalDate): { ok: true; birthday: string } | { ok: false; error: BirthdayError } {
  const m = /^(?:(\d{4})-)?(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) return { ok: false, error: "format" };
  const year = m[1] === undefined ? null : Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year !== null && (year < 1900 || year > today.year)) return { ok: false, error: "year" };
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return { ok: false, error: "date" };
  if (year === today.year && (month > today.month || (month === today.month && day > today.day))) return { ok: false, error: "future" };
  const md = `${pad2(month)}-${pad2(day)}`;
  return { ok: true, birthday: year === null ? md : `${year}-${md}` };
}

/** "MM-DD" of a stored birthday. */
export function birthdayMonthDay(birthday: string): string {
  return birthday.slice(-5);
}

/**
 * The stored month-days celebrated on `today`: today's own, and on Feb 28 of a non-leap year
 * also Feb 29 (those birthdays are celebrated a day early rather than skipped).
 */
export function birthdaysCelebratedOn(today: LocalDate): string[] {
  const md = `${pad2(today.month)}-${pad2(today.day)}`;
  return today.month === 2 && today.day === 28 && !isLeapYear(today.year) ? [md, "02-29"] : [md];
}

export function isBirthdayToday(birthday: string, today: LocalDate): boolean {
  return birthdaysCelebratedOn(today).includes(birthdayMonthDay(birthday));
}

// ---------------------------------------------------------------------------------------------
// Referrals

/** A member's personal referral code: REF- and 8 characters without look-alikes. */
export const REFERRAL_CODE = new RegExp(`^REF-[${CODE_ALPHABET}]{8}$`);

export function referralCodeFromBytes(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < 8; i++) out += CODE_ALPHABET[(bytes[i] ?? 0) % CODE_ALPHABET.length];
  return `REF-${out}`;
}

/** The referred friend's discount code: FRIEND- and 10 characters without look-alikes. */
export function friendCodeFromBytes(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < 10; i++) out += CODE_ALPHABET[(bytes[i] ?? 0) % CODE_ALPHABET.length];
  return `FRIEND-${out.slice(0, 5)}-${out.slice(5)}`;
}

/** The link a member shares: the shop's storefront with the code in `kanta_ref`. */
export function referralLink(storefrontHost: string, code: string): string {
  return `https://${storefrontHost}/?kanta_ref=${encodeURIComponent(code)}`;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Lowercase, trimmed; null when it is not an email address. */
export function normalizeEmail(text: string | null | undefined): string | null {
  const e = (text ?? "").trim().toLowerCase();
  return e.length <= 254 && EMAIL.test(e) ? e : null;
}

export type ClaimFacts = {
  referrerGid: string;
  referrerEmail: string | null;
  friendEmail: string;
  /** The logged-in customer making the claim (after merges), null when logged out. */
  claimantGid: string | null;
  /** The email (or the logged-in claimant) already belongs to a customer with a paid order. */
  friendHasOrders: boolean;
  /** The claim already made with this email in the shop, if any. */
  existingClaim: { referrerGid: string } | null;
};

export type ClaimRejection = "self_referral" | "existing_customer" | "already_claimed";

/**
 * Whether a friend may claim a referral: not the referrer themself (by customer or email), not a
 * customer who already ordered, and one claim per email per shop. The same claim again (same
 * email, same referrer) is a replay, answered with the code it got.
 */
export function claimVerdict(f: ClaimFacts): { ok: true; replay: boolean } | { ok: false; reason: ClaimRejection } {
  if (f.claimantGid !== null && f.claimantGid === f.referrerGid) return { ok: false, reason: "self_referral" };
  if (f.referrerEmail !== null && f.referrerEmail.toLowerCase() === f.friendEmail.toLowerCase()) return { ok: false, reason: "self_referral" };
  if (f.existingClaim) {
    return f.existingClaim.referrerGid === f.referrerGid ? { ok: true, replay: true } : { ok: false, reason: "already_claimed" };
  }
  if (f.friendHasOrders) return { ok: false, reason: "existing_customer" };
  return { ok: true, replay: false };
}

export type ReferralOrderFacts = {
  referrerGid: string;
  referrerEmail: string | null;
  /** The order's customer after merges; null for a guest checkout. */
  orderCustomerGid: string | null;
  orderEmail: string | null;
  orderAddressHash: string | null;
  /** Shipping-address hashes of the referrer's own orders. */
  referrerAddressHashes: readonly string[];
  /** The order's customer (or email) already had a paid order: this is not the friend's first. */
  earlierPaidOrder: boolean;
};

export type ReferralRejection = "self_referral" | "same_email" | "same_address" | "existing_customer";

/** Whether the friend's first order rewards the referrer, or which rule stops it. */
export function referralOrderVerdict(f: ReferralOrderFacts): { ok: true } | { ok: false; reason: ReferralRejection } {
  if (f.orderCustomerGid !== null && f.orderCustomerGid === f.referrerGid) return { ok: false, reason: "self_referral" };
  if (f.referrerEmail && f.orderEmail && f.referrerEmail.trim().toLowerCase() === f.orderEmail.trim().toLowerCase()) {
    return { ok: false, reason: "same_email" };
  }
  if (f.orderAddressHash !== null && f.referrerAddressHashes.includes(f.orderAddressHash)) return { ok: false, reason: "same_address" };
  if (f.earlierPaidOrder) return { ok: false, reason: "existing_customer" };
  return { ok: true };
}

/** Claims one referrer's code may bring in 24 hours (a shared code cannot mint codes without end). */
export const REFERRAL_CLAIMS_PER_DAY = 25;

/** basis points → Shopify's percentage Float in (0, 1]. */
export function friendDiscountValue(d: FriendDiscount): Record<string, unknown> {
  return d.kind === "percent"
    ? { percentage: Number((d.percentBps / 10_000).toFixed(4)) }
    : { discountAmount: { amount: formatMinorUnits(d.valueMinor, d.currency), appliesOnEachItem: false } };
}

/**
 * The DiscountCodeBasicInput of a referred friend's code: anyone may use it (the friend is often
 * not a customer yet), once, ending after the referral action's code lifetime.
 */
export function friendDiscountInput(config: ReferralConfig, ctx: { code: string; title: string; startsAt: Date }): Record<string, unknown> {
  return {
    title: ctx.title,
    code: ctx.code,
    startsAt: ctx.startsAt.toISOString(),
    endsAt: new Date(ctx.startsAt.getTime() + config.lifetimeDays * 86_400_000).toISOString(),
    usageLimit: 1,
    appliesOncePerCustomer: true,
    context: { all: "ALL" },
    combinesWith: {
      orderDiscounts: config.combinesWith.order,
      productDiscounts: config.combinesWith.product,
      shippingDiscounts: config.combinesWith.shipping,
    },
    customerGets: { value: friendDiscountValue(config.friendDiscount), items: { all: true } },
  };
}

// ---------------------------------------------------------------------------------------------
// Merchant settings

const checkbox = z.union([z.boolean(), z.enum(["on", "true", "false", ""])]).optional()
  .transform((v) => v === true || v === "on" || v === "true");
const optionalText = z.union([z.string(), z.number()]).optional().nullable()
  .transform((v) => (v === undefined || v === null ? null : String(v).trim() || null));

function buildActionInputSchema(t: Translate) {
  const nameRequired = t("validation.common.nameRequired");
  const points = t("validation.label.points");
  const wholePoints = t("validation.common.wholeNumber", { label: points });
  return z.object({
    name: z.string({ required_error: nameRequired, invalid_type_error: nameRequired })
      .trim().min(1, nameRequired).max(100, t("validation.common.nameTooLong", { max: 100 })),
    points: z.coerce.number({ invalid_type_error: wholePoints })
      .int(wholePoints)
      .min(1, t("validation.common.atLeast", { label: points, min: 1 }))
      .max(1_000_000, t("validation.common.atMost", { label: points, max: 1_000_000 })),
    enabled: checkbox,
    // custom
    url: optionalText,
    // review
    limitCount: optionalText,
    limitDays: optionalText,
    // referral
    friendDiscountType: z.enum(["percent", "amount"], { errorMap: () => ({ message: t("validation.action.friendDiscountType") }) }).optional(),
    friendPercent: optionalText,
    friendAmount: optionalText,
    lifetimeDays: optionalText,
    combinesOrder: checkbox,
    combinesProduct: checkbox,
    combinesShipping: checkbox,
  });
}

const actionSchemas = new WeakMap<Translate, ReturnType<typeof buildActionInputSchema>>();

/** The action settings schema with messages in the translator's language (one per language). */
export function actionInputSchema(t: Translate = i18nFor("en").t): ReturnType<typeof buildActionInputSchema> {
  let schema = actionSchemas.get(t);
  if (!schema) {
    schema = buildActionInputSchema(t);
    actionSchemas.set(t, schema);
  }
  return schema;
}

/** The action settings schema with English messages. */
export const ActionInputSchema = actionInputSchema();
export type ActionInput = z.input<typeof ActionInputSchema>;

function wholeIn(field: string, text: string | null, min: number, max: number, errors: FieldErrors, t: Translate): number | null {
  if (text === null) return null;
  if (!/^\d{1,9}$/.test(text) || Number(text) < min || Number(text) > max) {
    errors[field] = t("validation.action.wholeRange", { min: String(min), max });
    return null;
  }
  return Number(text);
}

/**
 * Checks the merchant's settings for an action of `kind` and returns it (without id and position),
 * or the errors by field. `currency` is the shop's (a fixed-amount friend discount is in it).
 */
export function actionFromInput(
  raw: unknown,
  kind: ActionKind,
  currency: string | null,
  t: Translate = i18nFor("en").t,
): { ok: true; action: Omit<EarningAction, "id" | "position"> } | { ok: false; errors: FieldErrors } {
  const parsed = actionInputSchema(t).safeParse(raw);
  if (!parsed.success) {
    const errors: FieldErrors = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
    return { ok: false, errors };
  }
  const input = parsed.data;
  const errors: FieldErrors = {};
  const config: ActionConfig = {};
  switch (kind) {
    case "welcome": case "birthday":
      break;
    case "custom":
      if (input.url !== null) {
        let ok = false;
        try {
          const u = new URL(input.url);
          ok = u.protocol === "https:" && input.url.length <= 500;
        } catch {
          ok = false;
        }
        if (ok) config.url = input.url;
        else errors.url = t("validation.action.url");
      } else {
        config.url = null;
      }
      break;
    case "review": {
      const count = wholeIn("limitCount", input.limitCount, 1, 1000, errors, t);
      const days = wholeIn("limitDays", input.limitDays, 1, 365, errors, t);
      if (count === null && !errors.limitCount) config.limit = null;
      else if (count !== null) config.limit = { count, days: days ?? DEFAULT_REVIEW_LIMIT.days };
      break;
    }
    case "referral": {
      const type = input.friendDiscountType ?? "percent";
      if (type === "percent") {
        const bps = input.friendPercent === null ? null : parsePercentBps(input.friendPercent);
        if (bps === null) errors.friendPercent = t("validation.common.percent");
        else config.friendDiscount = { kind: "percent", percentBps: bps };
      } else if (!currency) {
        errors.friendAmount = t("validation.action.noCurrency");
      } else if (input.friendAmount === null) {
        errors.friendAmount = t("validation.common.amountRequired");
      } else {
        try {
          const minor = parseMinorUnits(input.friendAmount, currency);
          if (minor <= 0) errors.friendAmount = t("validation.common.amountPositive");
          else config.friendDiscount = { kind: "amount", valueMinor: minor, currency };
        } catch {
          errors.friendAmount = amountExampleError(currency, 5, t);
        }
      }
      config.lifetimeDays = wholeIn("lifetimeDays", input.lifetimeDays, 1, 365, errors, t) ?? DEFAULT_REFERRAL_CONFIG.lifetimeDays;
      config.combinesWith = { order: input.combinesOrder, product: input.combinesProduct, shipping: input.combinesShipping };
      break;
    }
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, action: { kind, name: input.name, points: input.points, enabled: input.enabled, config } };
}

// ---------------------------------------------------------------------------------------------
// What the storefront shows

export type ActionState = {
  loggedIn: boolean;
  welcomed: boolean;
  birthdaySet: boolean;
  /** Custom action ids the member completed. */
  completedCustom: ReadonlySet<number>;
  /** The member reached the review cap. */
  reviewLimitReached: boolean;
};

export type ActionView = { kind: ActionKind; available: boolean; completed: boolean; url?: string };

/**
 * For the storefront: `completed` — the shopper has done (or received) a once-only action;
 * `available` — the shopper can still earn these points (a logged-out visitor: by joining).
 */
export function actionView(action: EarningAction, s: ActionState): ActionView {
  const url = action.kind === "custom" && action.config.url ? { url: action.config.url } : {};
  const view = (available: boolean, completed: boolean): ActionView => ({ kind: action.kind, available, completed, ...url });
  if (!s.loggedIn) return view(true, false);
  switch (action.kind) {
    case "welcome": return view(false, s.welcomed);
    case "birthday": return view(!s.birthdaySet, s.birthdaySet);
    case "referral": return view(true, false);
    case "review": return view(!s.reviewLimitReached, false);
    case "custom": {
      const done = s.completedCustom.has(action.id);
      return view(!done, done);
    }
  }
}
