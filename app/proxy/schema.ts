// The App Proxy API (storefront → /apps/kanta/* → /proxy/*): every request body and response as
// a zod schema, with its TypeScript type. The routes build their answers to these types, the
// integration tests validate real answers against them, and the storefront widget reads them.
// Ids are strings; money is a decimal text in the named currency; points are integers.
import { z } from "zod";
import { IDEMPOTENCY_KEY } from "../loyalty/rewards";
import { HISTORY_KINDS } from "./messages";

// ---------------------------------------------------------------------------------------------
// Errors: every failure of a /proxy route is {"error": {"code", "message", "detail"?}}; `message`
// is in the storefront's language (`locale` query parameter), `detail` is for developers. A 429
// (rate_limited) also carries Retry-After (seconds).

export const ProxyErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), detail: z.string().optional() }).strict(),
}).strict();
export type ProxyError = z.infer<typeof ProxyErrorSchema>;

// ---------------------------------------------------------------------------------------------
// Shared pieces

const Points = z.number().int();
const Decimal = z.string().regex(/^-?\d+(\.\d+)?$/);

export const CombinesWithSchema = z.object({
  orderDiscounts: z.boolean(),
  productDiscounts: z.boolean(),
  shippingDiscounts: z.boolean(),
}).strict();

export const PublicRewardSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(["amount_off", "percent_off", "free_shipping", "free_product", "variable"]),
  /** Points the reward costs (variable rewards: points per step). */
  pointsCost: Points,
  affordable: z.boolean(),
  /** amount_off / variable (per step) / free_product: a decimal in `currency`. */
  value: Decimal.nullable(),
  percent: z.number().nullable(),
  currency: z.string(),
  minimumOrder: Decimal.nullable(),
  lifetimeDays: z.number().int(),
  combinesWith: CombinesWithSchema,
  /** How the code combines with other discounts, in the storefront's language. */
  combinesText: z.string(),
  variable: z.object({ step: Points, minPoints: Points, maxPoints: Points.nullable(), maxSpend: Points }).strict().optional(),
}).strict();
export type PublicReward = z.infer<typeof PublicRewardSchema>;

export const ProgramSummarySchema = z.object({
  earn: z.object({ points: Points, perAmount: z.string(), currency: z.string().nullable() }).strict(),
  description: z.string(),
  /** What tier thresholds count: spend in the shop currency, or points. */
  tierBasis: z.enum(["spend", "points"]),
}).strict();
export type ProgramSummary = z.infer<typeof ProgramSummarySchema>;

// ---------------------------------------------------------------------------------------------
// The shop metafield kanta.program (type json): what the storefront paints before any App Proxy
// call. Built by programSummary() (app/proxy/program-summary.ts) only.

export const PROGRAM_METAFIELD_VERSION = 2;

export const ProgramRewardSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(["amount_off", "percent_off", "free_shipping", "free_product", "variable"]),
  pointsCost: Points,
}).strict();
export type ProgramReward = z.infer<typeof ProgramRewardSchema>;

export const ProgramTierSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The threshold as text: a decimal in the shop currency (spend basis) or a number of points. */
  threshold: z.string(),
  /** The threshold as a number: minor units of the shop currency (spend basis) or points. */
  thresholdValue: z.number().int().nonnegative(),
  /** Points multiplier in basis points: 12,500 = 1.25×. */
  multiplierBps: z.number().int().positive(),
  freeShipping: z.boolean(),
}).strict();
export type ProgramTier = z.infer<typeof ProgramTierSchema>;

export const ProgramActionSchema = z.object({
  kind: z.enum(["welcome", "birthday", "referral", "review", "custom"]),
  name: z.string(),
  points: Points,
}).strict();
export type ProgramAction = z.infer<typeof ProgramActionSchema>;

export const ProgramMetafieldSchema = z.object({
  version: z.literal(PROGRAM_METAFIELD_VERSION),
  /** The shop currency (null until Kanta knows it). */
  currency: z.string().nullable(),
  earn: z.object({ points: Points, perAmount: z.string(), currency: z.string().nullable() }).strict(),
  description: z.string(),
  /** Rewards every member may redeem (switched on, not tier-exclusive), in catalog order. */
  rewards: z.array(ProgramRewardSchema),
  tierBasis: z.enum(["spend", "points"]),
  /** Active tiers, lowest threshold first. */
  tiers: z.array(ProgramTierSchema),
  /** Ways to earn that are switched on, in display order. */
  actions: z.array(ProgramActionSchema),
}).strict();
export type ProgramMetafield = z.infer<typeof ProgramMetafieldSchema>;

export const PublicTierSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Points multiplier on orders, e.g. 1.25. */
  multiplier: z.number(),
  freeShipping: z.boolean(),
  /** The member no longer qualifies and keeps the tier until then (ISO-8601); null otherwise. */
  graceUntil: z.string().nullable(),
}).strict();
export type PublicTier = z.infer<typeof PublicTierSchema>;

export const TierProgressSchema = z.object({
  basis: z.enum(["spend", "points"]),
  window: z.enum(["lifetime", "calendar_year", "rolling_12m"]),
  /** What counts so far: a decimal in `currency` (spend) or a number of points, as text. */
  current: z.string(),
  /** The shop currency for a spend basis; null for points. */
  currency: z.string().nullable(),
  /** The next tier: its threshold and what is still missing, as text like `current`. */
  next: z.object({ name: z.string(), threshold: z.string(), remaining: z.string() }).strict().nullable(),
  /** One sentence for the shopper, in the storefront's language. */
  message: z.string(),
}).strict();
export type TierProgress = z.infer<typeof TierProgressSchema>;

export const PublicActionSchema = z.object({
  id: z.string(),
  kind: z.enum(["welcome", "birthday", "referral", "review", "custom"]),
  name: z.string(),
  points: Points,
  /** The shopper can still earn these points (a logged-out visitor: by joining). */
  available: z.boolean(),
  /** The shopper has done (or received) this once-only action. */
  completed: z.boolean(),
  /** Custom actions: where the shopper does it (e.g. the shop's Instagram). */
  url: z.string().optional(),
}).strict();
export type PublicAction = z.infer<typeof PublicActionSchema>;

export const ReferralLinkSchema = z.object({
  /** The member's personal code, REF-XXXXXXXX. */
  code: z.string(),
  /** https://<storefront>/?kanta_ref=<code> */
  link: z.string(),
}).strict();
export type ReferralLink = z.infer<typeof ReferralLinkSchema>;

export const HistoryEntrySchema = z.object({
  id: z.string(),
  /** When the entry was written (ISO-8601). */
  date: z.string(),
  /** Points added (positive) or taken (negative). */
  points: Points,
  kind: z.enum(HISTORY_KINDS),
  /** "Order #1001", "Reward redeemed", … in the storefront's language. */
  label: z.string(),
}).strict();
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;

// ---------------------------------------------------------------------------------------------
// GET /proxy/me

export const MeResponseSchema = z.object({
  shop: z.string(),
  customer: z.object({ id: z.string() }).strict().nullable(),
  /** Logged-in shoppers only. */
  points: z.object({ balance: Points }).strict().optional(),
  tier: PublicTierSchema.nullable().optional(),
  progress: TierProgressSchema.nullable().optional(),
  program: ProgramSummarySchema,
  /** The shop's tiers, lowest first (the same list as the kanta.program metafield). */
  tiers: z.array(ProgramTierSchema),
  rewards: z.array(PublicRewardSchema),
  /** The shop's ways to earn that are switched on. */
  actions: z.array(PublicActionSchema),
  /** Logged-in members while referrals are on; null otherwise. */
  referral: ReferralLinkSchema.nullable().optional(),
  birthday: z.object({ set: z.boolean() }).strict().optional(),
  /** Logged-in shoppers only: their most recent ledger entries (at most 10), newest first. */
  history: z.array(HistoryEntrySchema).optional(),
}).strict();
export type MeResponse = z.infer<typeof MeResponseSchema>;

// ---------------------------------------------------------------------------------------------
// POST /proxy/redeem

export const RedeemRequestSchema = z.object({
  rewardId: z.string().regex(/^\d{1,12}$/, "rewardId must be a reward id string"),
  /** Points to spend: variable rewards only. */
  amount: z.number().int("amount must be a whole number of points").positive("amount must be positive").optional(),
  idempotencyKey: z.string().regex(IDEMPOTENCY_KEY, "idempotencyKey must be 8-100 characters of letters, digits and - _ . :"),
}).strict();
export type RedeemRequest = z.infer<typeof RedeemRequestSchema>;

export const RedeemResponseSchema = z.object({
  code: z.string(),
  reward: PublicRewardSchema,
  points: z.object({ balance: Points, spent: Points }).strict(),
  value: z.object({ minor: z.number().int(), currency: z.string() }).strict().nullable(),
  endsAt: z.string(),
  applyUrl: z.string(),
}).strict();
export type RedeemResponse = z.infer<typeof RedeemResponseSchema>;

// ---------------------------------------------------------------------------------------------
// POST /proxy/birthday

export const BirthdayRequestSchema = z.object({
  /** "MM-DD" or "YYYY-MM-DD". */
  birthday: z.string().max(10, "birthday must be MM-DD or YYYY-MM-DD"),
}).strict();
export type BirthdayRequest = z.infer<typeof BirthdayRequestSchema>;

export const BirthdayResponseSchema = z.object({
  birthday: z.object({ set: z.literal(true), value: z.string() }).strict(),
}).strict();
export type BirthdayResponse = z.infer<typeof BirthdayResponseSchema>;

// ---------------------------------------------------------------------------------------------
// GET /proxy/referral (the member's own code) and POST /proxy/referral (a friend claims)

export const FriendOfferSchema = z.object({
  /** Percentage off (e.g. 10), or null for a fixed amount. */
  percent: z.number().nullable(),
  /** Fixed amount off as a decimal in `currency`, or null for a percentage. */
  value: Decimal.nullable(),
  currency: z.string().nullable(),
  lifetimeDays: z.number().int(),
  combinesText: z.string(),
}).strict();
export type FriendOffer = z.infer<typeof FriendOfferSchema>;

export const ReferralResponseSchema = z.object({
  referral: ReferralLinkSchema,
  /** Points the member gets for each friend whose first order is paid. */
  points: Points,
  /** What the friend gets. */
  friend: FriendOfferSchema,
  stats: z.object({ claimed: z.number().int(), rewarded: z.number().int() }).strict(),
}).strict();
export type ReferralResponse = z.infer<typeof ReferralResponseSchema>;

export const ReferralClaimRequestSchema = z.object({
  /** The referrer's code from the link (kanta_ref). */
  code: z.string().min(1, "code is required").max(20, "code is too long"),
  email: z.string().min(1, "email is required").max(254, "email is too long"),
}).strict();
export type ReferralClaimRequest = z.infer<typeof ReferralClaimRequestSchema>;

export const ReferralClaimResponseSchema = z.object({
  /** The friend's single-use discount code. */
  code: z.string(),
  endsAt: z.string(),
  applyUrl: z.string(),
  offer: FriendOfferSchema,
}).strict();
export type ReferralClaimResponse = z.infer<typeof ReferralClaimResponseSchema>;

// ---------------------------------------------------------------------------------------------
// POST /proxy/actions/<id> (a custom action; no body)

export const ActionCompleteResponseSchema = z.object({
  action: PublicActionSchema,
  points: z.object({ earned: Points, balance: Points }).strict(),
}).strict();
export type ActionCompleteResponse = z.infer<typeof ActionCompleteResponseSchema>;
