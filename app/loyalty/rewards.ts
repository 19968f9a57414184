// The rewards catalog and what a redemption costs and gives: pure rules, no IO.
// Money is integer minor units of the reward's currency (ISO 4217 exponent); points are integers.
import { z } from "zod";
import { i18nFor, type Translate } from "../i18n/i18n";
import { currencyExponent, formatMinorUnits, parseMinorUnits } from "./money";

export const REWARD_KINDS = ["amount_off", "percent_off", "free_shipping", "free_product", "variable"] as const;
export type RewardKind = (typeof REWARD_KINDS)[number];

export type CombinesWith = { order: boolean; product: boolean; shipping: boolean };

export type Reward = {
  id: number;
  kind: RewardKind;
  name: string;
  /** Points the reward costs; for a variable reward, the points of one step. */
  pointsCost: number;
  /** amount_off: the amount; variable: the value of one step; free_product: the most the code takes off (the variant's price). */
  valueMinor: number | null;
  /** percent_off: basis points (1,000 = 10 %). */
  percentBps: number | null;
  /** percent_off limited to one collection; null = the whole order. */
  collectionGid: string | null;
  variantGid: string | null;
  variantTitle: string | null;
  /** variable: the fewest and the most points one redemption may spend (multiples of pointsCost). */
  minPoints: number | null;
  maxPoints: number | null;
  currency: string;
  minOrderMinor: number | null;
  lifetimeDays: number;
  combinesWith: CombinesWith;
  /** Only for members holding this tier or a higher one; null = every member. */
  tierId: number | null;
  enabled: boolean;
  position: number;
};

export class RewardRuleError extends Error {
  constructor(readonly code: RedeemErrorCode, message: string) {
    super(message);
  }
}

/** What the shopper may be told went wrong (localized by the storefront layer). */
export type RedeemErrorCode =
  | "reward_not_found"
  | "reward_disabled"
  | "amount_required"
  | "amount_not_allowed"
  | "amount_not_a_step"
  | "amount_below_minimum"
  | "amount_above_maximum"
  | "insufficient_points"
  | "currency_changed";

// ---------------------------------------------------------------------------------------------
// Defaults

/** Default catalog on install: 500 points → 5 off, 1,000 points → 10 off (shop currency), free shipping for 300. */
export function defaultRewards(currency: string): Omit<Reward, "id">[] {
  const major = 10 ** currencyExponent(currency);
  const base = {
    percentBps: null, collectionGid: null, variantGid: null, variantTitle: null, minPoints: null, maxPoints: null,
    currency, minOrderMinor: null, lifetimeDays: 30, enabled: true, tierId: null,
    combinesWith: { order: false, product: true, shipping: true },
  };
  return [
    { ...base, kind: "amount_off", name: `${formatMajor(5 * major, currency)} off your order`, pointsCost: 500, valueMinor: 5 * major, position: 0 },
    { ...base, kind: "amount_off", name: `${formatMajor(10 * major, currency)} off your order`, pointsCost: 1000, valueMinor: 10 * major, position: 1 },
    {
      ...base, kind: "free_shipping", name: "Free shipping", pointsCost: 300, valueMinor: null, position: 2,
      combinesWith: { order: true, product: true, shipping: false },
    },
  ];
}

/** "5 USD", "500 JPY", "5.5 KWD": a readable amount without locale data (names and titles). */
export function formatMajor(minor: number, currency: string): string {
  const text = formatMinorUnits(minor, currency);
  const trimmed = text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
  return `${trimmed} ${currency}`;
}

// ---------------------------------------------------------------------------------------------
// Merchant input

const intField = (t: Translate, label: string, min: number, max: number) =>
  z.coerce.number({ invalid_type_error: t("validation.common.wholeNumber", { label }) })
    .int(t("validation.common.wholeNumber", { label }))
    .min(min, t("validation.common.atLeast", { label, min: String(min) }))
    .max(max, t("validation.common.atMost", { label, max }));

const optionalText = z.string().trim().optional().transform((v) => (v ? v : null));
const checkbox = z.union([z.boolean(), z.enum(["on", "true", "false", ""])]).optional()
  .transform((v) => v === true || v === "on" || v === "true");

/** The editor's fields as submitted (strings from a form, or JSON). Money is a decimal in the shop currency. */
function buildRewardInputSchema(t: Translate) {
  return z.object({
    kind: z.enum(REWARD_KINDS, { errorMap: () => ({ message: t("validation.reward.kind") }) }),
    name: z.string().trim().min(1, t("validation.common.nameRequired")).max(100, t("validation.common.nameTooLong", { max: 100 })),
    pointsCost: intField(t, t("validation.label.pointsCost"), 1, 10_000_000),
    value: optionalText,
    percent: optionalText,
    collectionGid: optionalText,
    variantGid: optionalText,
    minPoints: optionalText,
    maxPoints: optionalText,
    minOrder: optionalText,
    lifetimeDays: intField(t, t("validation.label.codeLifetime"), 1, 365),
    combinesOrder: checkbox,
    combinesProduct: checkbox,
    combinesShipping: checkbox,
    enabled: checkbox,
    /** A tier id: the reward is only for members at that tier or above (checked against the shop's tiers by the caller). */
    tierId: z.union([z.string(), z.number(), z.null()]).optional(),
  });
}

const rewardSchemas = new WeakMap<Translate, ReturnType<typeof buildRewardInputSchema>>();

/** The editor's input schema with messages in the translator's language (one per language). */
export function rewardInputSchema(t: Translate = i18nFor("en").t): ReturnType<typeof buildRewardInputSchema> {
  let schema = rewardSchemas.get(t);
  if (!schema) {
    schema = buildRewardInputSchema(t);
    rewardSchemas.set(t, schema);
  }
  return schema;
}

/** The editor's input schema with English messages. */
export const RewardInputSchema = rewardInputSchema();
export type RewardInput = z.input<typeof RewardInputSchema>;

export type FieldErrors = Record<string, string>;

const GID = (type: string) => new RegExp(`^gid://shopify/${type}/\\d{1,20}$`);

/** "Enter an amount like 5.00 (USD has 2 decimals)": the example is `major` whole units of the currency. */
export function amountExampleError(currency: string, major: number, t: Translate = i18nFor("en").t): string {
  const exponent = currencyExponent(currency);
  return t("validation.common.amountExample", { example: formatMinorUnits(major * 10 ** exponent, currency), currency, exponent: String(exponent) });
}

function money(field: string, text: string | null, currency: string, errors: FieldErrors, required: boolean, t: Translate): number | null {
  if (text === null) {
    if (required) errors[field] = t("validation.common.amountRequired");
    return null;
  }
  try {
    const minor = parseMinorUnits(text, currency);
    if (minor <= 0) {
      errors[field] = t("validation.common.amountPositive");
      return null;
    }
    return minor;
  } catch {
    errors[field] = amountExampleError(currency, 5, t);
    return null;
  }
}

function wholeNumber(field: string, text: string | null, errors: FieldErrors, t: Translate): number | null {
  if (text === null) {
    errors[field] = t("validation.common.required");
    return null;
  }
  if (!/^\d{1,9}$/.test(text) || Number(text) < 1) {
    errors[field] = t("validation.reward.wholeAboveZero");
    return null;
  }
  return Number(text);
}

/** Percent as typed ("10", "12.5") → basis points; at most two decimals, 0 < p ≤ 100. */
export function parsePercentBps(text: string): number | null {
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  const bps = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  return bps > 0 && bps <= 10_000 ? bps : null;
}

/**
 * Checks the editor's input and returns the reward (without id and position), or the errors by
 * field. `variantTitle` is filled by the caller after reading the variant from Shopify.
 */
export function rewardFromInput(
  raw: unknown,
  currency: string,
  t: Translate = i18nFor("en").t,
): { ok: true; reward: Omit<Reward, "id" | "position"> } | { ok: false; errors: FieldErrors } {
  const parsed = rewardInputSchema(t).safeParse(raw);
  if (!parsed.success) {
    const errors: FieldErrors = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
    return { ok: false, errors };
  }
  const input = parsed.data;
  const errors: FieldErrors = {};
  const reward: Omit<Reward, "id" | "position"> = {
    kind: input.kind, name: input.name, pointsCost: input.pointsCost, valueMinor: null, percentBps: null,
    collectionGid: null, variantGid: null, variantTitle: null, minPoints: null, maxPoints: null, currency,
    minOrderMinor: money("minOrder", input.minOrder, currency, errors, false, t),
    lifetimeDays: input.lifetimeDays,
    combinesWith: { order: input.combinesOrder, product: input.combinesProduct, shipping: input.combinesShipping },
    tierId: null,
    enabled: input.enabled,
  };
  if (input.tierId !== undefined && input.tierId !== null && input.tierId !== "") {
    const text = String(input.tierId).trim();
    if (/^\d{1,12}$/.test(text) && Number(text) > 0) reward.tierId = Number(text);
    else errors.tierId = t("validation.common.chooseTier");
  }
  switch (input.kind) {
    case "amount_off":
      reward.valueMinor = money("value", input.value, currency, errors, true, t);
      break;
    case "percent_off":
      reward.percentBps = input.percent === null ? null : parsePercentBps(input.percent);
      if (reward.percentBps === null) errors.percent = t("validation.common.percent");
      if (input.collectionGid !== null) {
        if (GID("Collection").test(input.collectionGid)) reward.collectionGid = input.collectionGid;
        else errors.collectionGid = t("validation.reward.collectionGid");
      }
      break;
    case "free_shipping":
      break;
    case "free_product":
      if (input.variantGid !== null && GID("ProductVariant").test(input.variantGid)) reward.variantGid = input.variantGid;
      else errors.variantGid = t("validation.reward.variantGid");
      break;
    case "variable": {
      reward.valueMinor = money("value", input.value, currency, errors, true, t);
      reward.minPoints = wholeNumber("minPoints", input.minPoints, errors, t);
      reward.maxPoints = wholeNumber("maxPoints", input.maxPoints, errors, t);
      const step = input.pointsCost;
      const notAStep = t("validation.reward.stepMultiple", { step: String(step) });
      if (reward.minPoints !== null && reward.minPoints % step !== 0) errors.minPoints = notAStep;
      if (reward.maxPoints !== null && reward.maxPoints % step !== 0) errors.maxPoints = notAStep;
      if (reward.minPoints !== null && reward.maxPoints !== null && reward.maxPoints < reward.minPoints) {
        errors.maxPoints = t("validation.reward.maxBelowMin");
      }
      break;
    }
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, reward };
}

// ---------------------------------------------------------------------------------------------
// Redemption

export type RedemptionPrice = { points: number; valueMinor: number | null };

/**
 * What redeeming costs in points and gives in money. `amount` is the number of points to spend,
 * for variable rewards only: a multiple of the step between the minimum and the maximum; it buys
 * amount / step × the step's value, exactly.
 */
export function priceRedemption(reward: Reward, amount: number | undefined): RedemptionPrice {
  if (reward.kind !== "variable") {
    if (amount !== undefined) throw new RewardRuleError("amount_not_allowed", "amount is only accepted for variable rewards");
    return { points: reward.pointsCost, valueMinor: reward.valueMinor };
  }
  if (amount === undefined) throw new RewardRuleError("amount_required", "amount (points to spend) is required for this reward");
  const step = reward.pointsCost;
  if (!Number.isSafeInteger(amount) || amount <= 0 || amount % step !== 0) {
    throw new RewardRuleError("amount_not_a_step", `amount must be a positive multiple of ${step} points`);
  }
  const min = reward.minPoints ?? step;
  if (amount < min) throw new RewardRuleError("amount_below_minimum", `amount must be at least ${min} points`);
  if (reward.maxPoints !== null && amount > reward.maxPoints) {
    throw new RewardRuleError("amount_above_maximum", `amount must be at most ${reward.maxPoints} points`);
  }
  const value = (amount / step) * (reward.valueMinor ?? 0);
  if (!Number.isSafeInteger(value)) throw new RewardRuleError("amount_above_maximum", "amount is too large");
  return { points: amount, valueMinor: value };
}

/** The largest spend a variable reward allows with `balance` points (0 when none). */
export function variableMaxSpend(reward: Reward, balance: number): number {
  if (reward.kind !== "variable") return 0;
  const step = reward.pointsCost;
  const cap = Math.min(balance, reward.maxPoints ?? balance);
  const spend = Math.floor(cap / step) * step;
  return spend >= (reward.minPoints ?? step) ? spend : 0;
}

/** The least a shopper needs to redeem the reward at all. */
export function minimumPoints(reward: Reward): number {
  return reward.kind === "variable" ? (reward.minPoints ?? reward.pointsCost) : reward.pointsCost;
}

// ---------------------------------------------------------------------------------------------
// The Shopify discount a redemption creates

export type DiscountPlan =
  | { mutation: "basic"; input: Record<string, unknown> }
  | { mutation: "freeShipping"; input: Record<string, unknown> };

export type DiscountPlanContext = {
  code: string;
  /** gid://shopify/Customer/…: the only customer who may use the code. */
  buyerGid: string;
  startsAt: Date;
  endsAt: Date;
  title: string;
};

/** Shopify's Decimal input for minor units: "5.00" (USD), "500" (JPY), "5.000" (KWD). */
export function decimalOf(minor: number, currency: string): string {
  return formatMinorUnits(minor, currency);
}

/** Basis points → Shopify's percentage Float in (0, 1]: 1,250 → 0.125 (exact in decimal). */
export function percentageOf(bps: number): number {
  return Number((bps / 10_000).toFixed(4));
}

/**
 * The DiscountCodeBasicInput / DiscountCodeFreeShippingInput for a redemption: bound to one
 * customer, usable once, once per customer, ending at the reward's lifetime, combining exactly as
 * the reward says.
 */
export function discountPlan(reward: Reward, price: RedemptionPrice, ctx: DiscountPlanContext): DiscountPlan {
  const common: Record<string, unknown> = {
    title: ctx.title,
    code: ctx.code,
    startsAt: ctx.startsAt.toISOString(),
    endsAt: ctx.endsAt.toISOString(),
    usageLimit: 1,
    appliesOncePerCustomer: true,
    context: { customers: { add: [ctx.buyerGid] } },
    combinesWith: {
      orderDiscounts: reward.combinesWith.order,
      productDiscounts: reward.combinesWith.product,
      shippingDiscounts: reward.combinesWith.shipping,
    },
  };
  if (reward.minOrderMinor !== null) {
    common.minimumRequirement = { subtotal: { greaterThanOrEqualToSubtotal: decimalOf(reward.minOrderMinor, reward.currency) } };
  }
  switch (reward.kind) {
    case "free_shipping":
      return { mutation: "freeShipping", input: { ...common, destination: { all: true } } };
    case "percent_off":
      return {
        mutation: "basic",
        input: {
          ...common,
          customerGets: {
            value: { percentage: percentageOf(reward.percentBps ?? 0) },
            items: reward.collectionGid ? { collections: { add: [reward.collectionGid] } } : { all: true },
          },
        },
      };
    case "free_product":
      // One unit free: a fixed amount (the variant's price) off that variant, once per order.
      return {
        mutation: "basic",
        input: {
          ...common,
          customerGets: {
            value: { discountAmount: { amount: decimalOf(price.valueMinor ?? 0, reward.currency), appliesOnEachItem: false } },
            items: { products: { productVariantsToAdd: [reward.variantGid] } },
          },
        },
      };
    case "amount_off":
    case "variable":
      return {
        mutation: "basic",
        input: {
          ...common,
          customerGets: {
            value: { discountAmount: { amount: decimalOf(price.valueMinor ?? 0, reward.currency), appliesOnEachItem: false } },
            items: { all: true },
          },
        },
      };
  }
}

/** Shopper-facing codes: KANTA- and 10 characters without look-alikes (0/O, 1/I/L). */
export const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

export function codeFromBytes(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < 10; i++) out += CODE_ALPHABET[(bytes[i] ?? 0) % CODE_ALPHABET.length];
  return `KANTA-${out.slice(0, 5)}-${out.slice(5)}`;
}

/** Client idempotency keys: 8–100 characters of letters, digits and - _ . : */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,100}$/;

export type CodeState = "pending" | "active" | "used" | "expired" | "returned" | "failed";

/** A redemption's state as the merchant and shopper see it ("expired" = active past its end). */
export function codeState(status: string, endsAt: string, now: Date): CodeState {
  if (status === "active" && Date.parse(endsAt) <= now.getTime()) return "expired";
  return status as CodeState;
}

/** Webhooks can arrive a day late (and be retried for 4 hours): points of an expired code return only after this. */
export const RETURN_GRACE_HOURS = 48;

export function returnDue(endsAt: string, now: Date): boolean {
  return Date.parse(endsAt) + RETURN_GRACE_HOURS * 3_600_000 <= now.getTime();
}
