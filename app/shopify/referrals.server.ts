// A referred friend claims a member's referral: the friend gets a single-use discount code made
// through the Admin API, with the discipline of redemption (decision 006) —
// 1. one short transaction records the claim (status pending, no discount yet): the unique
//    (shop, friend_email) index makes it one claim per email, even with concurrent requests;
// 2. the code is created with no transaction open;
// 3. created → the claim keeps the discount's id; refused → the claim is deleted. A lost answer
//    is settled by asking Shopify for the code; if even that gets no answer the claim is deleted
//    too (nobody was told the code, so nothing usable is left behind) and the friend may retry.
// The referrer's points come later, from settle(), when the friend's first order is paid.
import { randomBytes } from "node:crypto";
import { KantaDiscountCodeBasicCreate, KantaDiscountCodeByCode } from "../graphql/documents";
import type {
  KantaDiscountCodeBasicCreateMutation, KantaDiscountCodeBasicCreateMutationVariables, KantaDiscountCodeByCodeQuery,
  KantaDiscountCodeByCodeQueryVariables,
} from "../graphql/types.generated";
import { log } from "../lib/log.server";
import {
  REFERRAL_CLAIMS_PER_DAY, claimVerdict, friendCodeFromBytes, friendDiscountInput, referralConfig, type ReferralConfig,
} from "../loyalty/actions";
import { builtInAction, ensureDefaultActions } from "../storage/actions.server";
import { resolveMemberGid } from "../storage/ledger.server";
import { isUniqueViolationError, type SqlDatabase, type SqlExecutor } from "../storage/sql.server";
import { AdminApiError, AdminUserErrors, adminRequest, type AdminGraphql } from "./admin-client.server";

export type ClaimFailureCode =
  | "referrals_off"
  | "referral_code_unknown"
  | "self_referral"
  | "existing_customer"
  | "already_claimed"
  | "rate_limited"
  | "referral_not_created"
  | "referral_pending"
  | "referrals_unavailable";

export class ReferralClaimError extends Error {
  constructor(readonly code: ClaimFailureCode, readonly status: number, message: string) {
    super(message);
  }
}

export type ClaimRequest = {
  shop: string;
  /** The referrer's code (REF-…), as the friend's link carried it. */
  referralCode: string;
  /** The friend's email, normalized (lowercase). */
  friendEmail: string;
  /** The logged-in customer making the claim; null for a logged-out visitor. */
  claimantGid: string | null;
};

export type ClaimOutcome = {
  referralId: number;
  /** The friend's single-use discount code. */
  code: string;
  endsAt: string;
  config: ReferralConfig;
  /** The same claim made before: its code is answered again. */
  replay: boolean;
};

export type ClaimOptions = {
  admin: () => Promise<AdminGraphql>;
  now?: () => Date;
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
};

type ClaimRow = { id: number; referrer_gid: string; code: string; discount_gid: string | null; status: string; created_at: string };

const PENDING_WAIT_MS = 15_000;

async function claimByEmail(db: SqlExecutor, shop: string, email: string): Promise<ClaimRow | undefined> {
  return await db.get<ClaimRow>(
    `SELECT id, referrer_gid, code, discount_gid, status, created_at FROM referral WHERE shop = ? AND friend_email = ?`,
    [shop, email],
  );
}

/** Whether the email (or the logged-in claimant) belongs to a customer who already has a paid order. */
async function hasPaidOrders(db: SqlExecutor, shop: string, email: string, claimant: string | null): Promise<boolean> {
  const byEmail = await db.get(
    `SELECT 1 AS x FROM order_record WHERE shop = ? AND paid = ? AND LOWER(customer_email) = ? LIMIT 1`,
    [shop, true, email],
  );
  if (byEmail) return true;
  const byMember = await db.get(
    `SELECT 1 AS x FROM member m JOIN order_record o ON o.shop = m.shop AND o.customer_gid = m.customer_gid
     WHERE m.shop = ? AND (LOWER(m.email) = ? OR m.customer_gid = ?) AND o.paid = ? LIMIT 1`,
    [shop, email, claimant ?? "", true],
  );
  return Boolean(byMember);
}

function endsAtOf(createdAt: string, config: ReferralConfig): string {
  return new Date(Date.parse(createdAt) + config.lifetimeDays * 86_400_000).toISOString();
}

/** Claims a referral for a friend, or answers the claim the same email made with the same code. */
export async function claimReferral(db: SqlDatabase, req: ClaimRequest, opts: ClaimOptions): Promise<ClaimOutcome> {
  const now = opts.now ?? (() => new Date());
  await ensureDefaultActions(db, req.shop);
  const action = await builtInAction(db, req.shop, "referral");
  if (!action?.enabled) throw new ReferralClaimError("referrals_off", 409, "referrals are switched off in this shop");
  const config = referralConfig(action);

  const referrerRow = await db.get<{ customer_gid: string; email: string | null; status: string }>(
    `SELECT customer_gid, email, status FROM member WHERE shop = ? AND referral_code = ?`,
    [req.shop, req.referralCode.trim().toUpperCase()],
  );
  if (!referrerRow || referrerRow.status !== "active") throw new ReferralClaimError("referral_code_unknown", 404, "no member has this referral code");
  const referrer = referrerRow.customer_gid;
  const claimant = req.claimantGid ? await resolveMemberGid(db, req.shop, req.claimantGid) : null;

  const decide = async () => {
    const existing = await claimByEmail(db, req.shop, req.friendEmail);
    const verdict = claimVerdict({
      referrerGid: referrer, referrerEmail: referrerRow.email, friendEmail: req.friendEmail, claimantGid: claimant,
      friendHasOrders: existing ? false : await hasPaidOrders(db, req.shop, req.friendEmail, claimant),
      existingClaim: existing ? { referrerGid: existing.referrer_gid } : null,
    });
    if (!verdict.ok) {
      const messages = {
        self_referral: "members cannot refer themselves",
        existing_customer: "this email already belongs to a customer with orders",
        already_claimed: "a referral was already claimed with this email",
      };
      throw new ReferralClaimError(verdict.reason, verdict.reason === "already_claimed" ? 409 : 403, messages[verdict.reason]);
    }
    return verdict.replay ? existing! : null;
  };

  const existing = await decide();
  if (existing) return await replay(db, req, existing, config, opts);

  const since = new Date(now().getTime() - 86_400_000).toISOString();
  const recent = await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM referral WHERE shop = ? AND referrer_gid = ? AND created_at > ?`, [req.shop, referrer, since]);
  if (Number(recent?.n ?? 0) >= REFERRAL_CLAIMS_PER_DAY) {
    throw new ReferralClaimError("rate_limited", 429, `this code was used for ${REFERRAL_CLAIMS_PER_DAY} claims in the last 24 hours`);
  }

  // 1. Record the claim.
  let held: ClaimRow | undefined;
  for (let attempt = 0; !held && attempt < 5; attempt++) {
    const at = now().toISOString();
    try {
      held = await db.get<ClaimRow>(
        `INSERT INTO referral (shop, referrer_gid, friend_email, friend_gid, code, status, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 'pending', ?, ?) RETURNING id, referrer_gid, code, discount_gid, status, created_at`,
        [req.shop, referrer, req.friendEmail, claimant, friendCodeFromBytes(randomBytes(10)), at, at],
      );
    } catch (error) {
      if (!isUniqueViolationError(error)) throw error;
      // The same email raced in from a second request: answer what that claim gets.
      const raced = await decide();
      if (raced) return await replay(db, req, raced, config, opts);
      // Otherwise the random code was taken: draw another.
    }
  }
  if (!held) throw new Error("could not draw a unique friend code");

  // 2. Create the code (no transaction open), 3. keep or drop the claim.
  await createAndSettle(db, req.shop, held, config, referrer, opts);
  return { referralId: Number(held.id), code: held.code, endsAt: endsAtOf(held.created_at, config), config, replay: false };
}

async function replay(db: SqlDatabase, req: ClaimRequest, row: ClaimRow, config: ReferralConfig, opts: ClaimOptions): Promise<ClaimOutcome> {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const started = Date.now();
  let current: ClaimRow | undefined = row;
  while (current && current.discount_gid === null && Date.now() - started < PENDING_WAIT_MS) {
    await sleep(100);
    current = await claimByEmail(db, req.shop, req.friendEmail);
  }
  if (!current) throw new ReferralClaimError("referral_not_created", 502, "the friend's code could not be created");
  if (current.discount_gid === null) throw new ReferralClaimError("referral_pending", 503, "the friend's code is still being created");
  if (current.status !== "pending") throw new ReferralClaimError("already_claimed", 409, "this referral was already used");
  return { referralId: Number(current.id), code: current.code, endsAt: endsAtOf(current.created_at, config), config, replay: true };
}

type CreateAnswer = { kind: "created"; discountGid: string } | { kind: "refused"; reason: string } | { kind: "unknown"; reason: string };

async function createCode(graphql: AdminGraphql, shop: string, row: ClaimRow, config: ReferralConfig, referrer: string, opts: ClaimOptions): Promise<CreateAnswer> {
  const input = friendDiscountInput(config, {
    code: row.code, startsAt: new Date(row.created_at),
    title: `Kanta: referral ${row.id} (a friend of customer ${referrer.split("/").pop()})`,
  });
  try {
    const data = await adminRequest<KantaDiscountCodeBasicCreateMutation, KantaDiscountCodeBasicCreateMutationVariables>(
      graphql, KantaDiscountCodeBasicCreate, { basicCodeDiscount: input }, { shop, maxAttempts: opts.maxAttempts ?? 3, sleep: opts.sleep },
    );
    const payload = data.discountCodeBasicCreate;
    if (!payload) return { kind: "refused", reason: "discountCodeBasicCreate: the mutation returned no payload" };
    if (payload.userErrors.length) {
      const reason = new AdminUserErrors("discountCodeBasicCreate", payload.userErrors).message;
      // A retry of a request whose answer was lost finds its own code: ask Shopify whose it is.
      return payload.userErrors.some((e) => e.code === "TAKEN") ? { kind: "unknown", reason } : { kind: "refused", reason };
    }
    if (!payload.codeDiscountNode) return { kind: "refused", reason: "discountCodeBasicCreate: no discount was returned" };
    return { kind: "created", discountGid: payload.codeDiscountNode.id };
  } catch (error) {
    if (error instanceof AdminApiError && (error.kind === "network" || error.kind === "throttled" || (error.kind === "http" && (error.status ?? 500) >= 500))) {
      return { kind: "unknown", reason: error.message };
    }
    return { kind: "refused", reason: (error as Error).message };
  }
}

/** The code's node id, null when Shopify does not have it, undefined when Shopify cannot be asked. */
async function findCode(graphql: AdminGraphql, shop: string, code: string, opts: ClaimOptions): Promise<string | null | undefined> {
  try {
    const data = await adminRequest<KantaDiscountCodeByCodeQuery, KantaDiscountCodeByCodeQueryVariables>(
      graphql, KantaDiscountCodeByCode, { code }, { shop, maxAttempts: opts.maxAttempts ?? 3, sleep: opts.sleep },
    );
    return data.codeDiscountNodeByCode?.id ?? null;
  } catch (error) {
    log.warn("referral: could not check a friend code", { shop, error: (error as Error).message });
    return undefined;
  }
}

async function createAndSettle(db: SqlDatabase, shop: string, row: ClaimRow, config: ReferralConfig, referrer: string, opts: ClaimOptions): Promise<string> {
  let graphql: AdminGraphql;
  try {
    graphql = await opts.admin();
  } catch (error) {
    log.warn("referral: no Admin API access for the shop", { shop, error: (error as Error).message });
    await drop(db, shop, row);
    throw new ReferralClaimError("referrals_unavailable", 503, "referrals are not available in this shop right now");
  }
  const answer = await createCode(graphql, shop, row, config, referrer, opts);
  if (answer.kind === "created") return await keep(db, shop, row, answer.discountGid);
  if (answer.kind === "unknown") {
    const found = await findCode(graphql, shop, row.code, opts);
    if (found) return await keep(db, shop, row, found);
    if (found === undefined) {
      // Shopify may hold a code nobody was told: unusable in practice, and left for the merchant.
      log.warn("referral: Shopify did not answer; the claim is dropped", { shop, referral: row.id, code: row.code, reason: answer.reason });
    }
  }
  log.warn("referral: the friend's code was not created; the claim is dropped", { shop, referral: row.id, reason: answer.reason });
  await drop(db, shop, row);
  throw new ReferralClaimError("referral_not_created", 502, answer.reason);
}

async function keep(db: SqlDatabase, shop: string, row: ClaimRow, discountGid: string): Promise<string> {
  await db.run(`UPDATE referral SET discount_gid = ?, updated_at = ? WHERE shop = ? AND id = ?`, [discountGid, new Date().toISOString(), shop, row.id]);
  return discountGid;
}

async function drop(db: SqlDatabase, shop: string, row: ClaimRow): Promise<void> {
  await db.run(`DELETE FROM referral WHERE shop = ? AND id = ? AND discount_gid IS NULL`, [shop, row.id]);
}
