// Redeeming points for a single-use Shopify discount code.
//
// 1. One short transaction holds the points: the member's row is locked (PostgreSQL) or the
//    database is (SQLite), the balance is checked, the redemption row (status pending, a fresh
//    code) and a negative ledger entry are written. Concurrent redemptions queue on that lock, so
//    a balance can never go below zero through redemption.
// 2. The code is created through the Admin API with no transaction open.
// 3. A second short transaction commits (status active) or releases the hold (a reversing entry,
//    status failed). When Shopify's answer is lost (network, 5xx), Kanta asks whether the code
//    exists before deciding; if even that fails the redemption stays pending and the background
//    pass settles it.
import { randomBytes } from "node:crypto";
import { KantaDiscountCodeBasicCreate, KantaDiscountCodeByCode, KantaDiscountCodeFreeShippingCreate } from "../graphql/documents";
import type {
  KantaDiscountCodeBasicCreateMutation, KantaDiscountCodeBasicCreateMutationVariables, KantaDiscountCodeByCodeQuery,
  KantaDiscountCodeByCodeQueryVariables, KantaDiscountCodeFreeShippingCreateMutation, KantaDiscountCodeFreeShippingCreateMutationVariables,
} from "../graphql/types.generated";
import { log } from "../lib/log.server";
import {
  codeFromBytes, discountPlan, formatMajor, priceRedemption, RewardRuleError, returnDue, type RedeemErrorCode, type Reward,
} from "../loyalty/rewards";
import { rewardVisibleTo } from "../loyalty/tiers";
import { appendLedgerEntry, resolveMemberGid } from "../storage/ledger.server";
import { findRedemptionByKey, getReward, shopCurrency, type RedemptionRow } from "../storage/rewards.server";
import { isUniqueViolationError, type SqlDatabase, type SqlExecutor } from "../storage/sql.server";
import { heldTierOf } from "../storage/tiers.server";
import { AdminApiError, AdminUserErrors, adminRequest, type AdminGraphql } from "./admin-client.server";

export type RedeemFailureCode = RedeemErrorCode | "reward_tier_locked" | "code_not_created" | "code_pending" | "rewards_unavailable";

export class RedeemError extends Error {
  constructor(readonly code: RedeemFailureCode, readonly status: number, message: string) {
    super(message);
  }
}

export type RedeemRequest = {
  shop: string;
  /** The logged-in Shopify customer (the code is bound to them). */
  buyerGid: string;
  rewardId: number;
  amount?: number;
  idempotencyKey: string;
};

export type RedeemOutcome = { redemption: RedemptionRow; balance: number };

export type RedeemOptions = {
  /** The shop's Admin GraphQL caller; called only when a code must be created or checked. */
  admin: () => Promise<AdminGraphql>;
  now?: () => Date;
  /** Admin API attempts per call (default 3: a shopper is waiting). */
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
};

const PENDING_WAIT_MS = 15_000;

function errorFor(code: RedeemErrorCode, message: string): RedeemError {
  const status = code === "reward_not_found" ? 404 : code === "insufficient_points" || code === "currency_changed" || code === "reward_disabled" ? 409 : 400;
  return new RedeemError(code, status, message);
}

async function balanceOf(db: SqlExecutor, shop: string, customerGid: string): Promise<number> {
  const row = await db.get<{ balance: number }>(`SELECT balance FROM member WHERE shop = ? AND customer_gid = ?`, [shop, customerGid]);
  return Number(row?.balance ?? 0);
}

/** Locks the member's row until the transaction ends (PostgreSQL; SQLite transactions are exclusive). */
async function lockMember(tx: SqlExecutor, shop: string, customerGid: string): Promise<{ balance: number } | undefined> {
  const forUpdate = tx.dialect === "postgresql" ? " FOR UPDATE" : "";
  const row = await tx.get<{ balance: number }>(`SELECT balance FROM member WHERE shop = ? AND customer_gid = ?${forUpdate}`, [shop, customerGid]);
  return row ? { balance: Number(row.balance) } : undefined;
}

export function rewardSnapshot(reward: Reward): string {
  return JSON.stringify(reward);
}

/** Redeems, or answers what an earlier request with the same key got. */
export async function redeem(db: SqlDatabase, req: RedeemRequest, opts: RedeemOptions): Promise<RedeemOutcome> {
  const now = opts.now ?? (() => new Date());
  const existing = await findRedemptionByKey(db, req.shop, req.buyerGid, req.idempotencyKey);
  if (existing) return await replay(db, req, existing, opts);

  const reward = await getReward(db, req.shop, req.rewardId);
  if (!reward) throw errorFor("reward_not_found", `reward ${req.rewardId} does not exist`);
  if (!reward.enabled) throw errorFor("reward_disabled", `reward ${req.rewardId} is switched off`);
  if (reward.tierId !== null) {
    // Tier-exclusive: only members holding that tier or a higher one (override and grace included).
    const { held, tiers } = await heldTierOf(db, req.shop, req.buyerGid, now());
    if (!rewardVisibleTo(reward, held, tiers)) {
      throw new RedeemError("reward_tier_locked", 403, `reward ${reward.id} is for members of tier ${reward.tierId} and above`);
    }
  }
  let price;
  try {
    price = priceRedemption(reward, req.amount);
  } catch (error) {
    if (error instanceof RewardRuleError) throw errorFor(error.code, error.message);
    throw error;
  }
  const currency = await shopCurrency(db, req.shop);
  if (currency && currency !== reward.currency) {
    throw errorFor("currency_changed", `reward ${reward.id} is priced in ${reward.currency}, the shop now sells in ${currency}`);
  }

  // 1. Hold the points.
  let held: RedemptionRow;
  try {
    held = await db.transaction(async (tx) => {
      const at = now();
      const owner = await resolveMemberGid(tx, req.shop, req.buyerGid);
      const member = await lockMember(tx, req.shop, owner);
      const balance = member?.balance ?? 0;
      if (balance < price.points) {
        throw errorFor("insufficient_points", `this reward needs ${price.points} points; the balance is ${balance}`);
      }
      const code = codeFromBytes(randomBytes(10));
      const endsAt = new Date(at.getTime() + reward.lifetimeDays * 86_400_000);
      const row = await tx.get<RedemptionRow>(
        `INSERT INTO redemption (shop, customer_gid, buyer_gid, reward_id, reward_json, idempotency_key, points, value_minor, currency, code,
           status, ends_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)
         RETURNING id, customer_gid, buyer_gid, reward_id, reward_json, idempotency_key, points, value_minor, currency, code,
           discount_gid, status, error, ends_at, used_order_gid, used_at, returned_at, created_at`,
        [req.shop, owner, req.buyerGid, reward.id, rewardSnapshot(reward), req.idempotencyKey, price.points, price.valueMinor, reward.currency,
          code, endsAt.toISOString(), at.toISOString(), at.toISOString()],
      );
      await appendLedgerEntry(tx, req.shop, {
        customerGid: owner, points: -price.points, source: "redemption", idempotencyKey: `redemption:${row!.id}:hold`,
        causedBy: `shopper:${req.buyerGid}`, reason: `redeemed reward ${reward.id} (${reward.name}) for code ${code}`,
      }, at.toISOString());
      return row!;
    });
  } catch (error) {
    // The same key raced in from a second request: answer what the first one gets.
    if (isUniqueViolationError(error)) {
      const raced = await findRedemptionByKey(db, req.shop, req.buyerGid, req.idempotencyKey);
      if (raced) return await replay(db, req, raced, opts);
    }
    throw error;
  }

  // 2. Create the code (no transaction open), 3. commit or release.
  const redemption = await createAndSettle(db, req.shop, held, reward, opts);
  return { redemption, balance: await balanceOf(db, req.shop, held.customer_gid) };
}

/** Same key again: the same code (waiting for an in-flight first request), or the same failure. */
async function replay(db: SqlDatabase, req: RedeemRequest, row: RedemptionRow, opts: RedeemOptions): Promise<RedeemOutcome> {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const started = Date.now();
  let current: RedemptionRow | undefined = row;
  while (current && current.status === "pending" && Date.now() - started < PENDING_WAIT_MS) {
    await sleep(100);
    current = await findRedemptionByKey(db, req.shop, req.buyerGid, req.idempotencyKey);
  }
  if (!current) throw new Error("redemption vanished");
  if (current.status === "pending") {
    throw new RedeemError("code_pending", 503, "the code is still being created; try again shortly with the same key");
  }
  if (current.status === "failed") throw new RedeemError("code_not_created", 502, current.error ?? "the code could not be created");
  return { redemption: current, balance: await balanceOf(db, req.shop, current.customer_gid) };
}

type CreateAnswer = { kind: "created"; discountGid: string } | { kind: "refused"; reason: string } | { kind: "unknown"; reason: string };

async function createCode(graphql: AdminGraphql, shop: string, row: RedemptionRow, reward: Reward, opts: RedeemOptions): Promise<CreateAnswer> {
  const price = { points: Number(row.points), valueMinor: row.value_minor === null ? null : Number(row.value_minor) };
  const customerId = row.buyer_gid.split("/").pop();
  const title = `Kanta: ${reward.name} (${row.points} points, customer ${customerId})`;
  const plan = discountPlan(reward, price, {
    code: row.code, buyerGid: row.buyer_gid, startsAt: new Date(row.created_at), endsAt: new Date(row.ends_at), title,
  });
  const requestOpts = { shop, maxAttempts: opts.maxAttempts ?? 3, sleep: opts.sleep };
  try {
    if (plan.mutation === "freeShipping") {
      const data = await adminRequest<KantaDiscountCodeFreeShippingCreateMutation, KantaDiscountCodeFreeShippingCreateMutationVariables>(
        graphql, KantaDiscountCodeFreeShippingCreate, { freeShippingCodeDiscount: plan.input }, requestOpts,
      );
      return interpret(data.discountCodeFreeShippingCreate, "discountCodeFreeShippingCreate");
    }
    const data = await adminRequest<KantaDiscountCodeBasicCreateMutation, KantaDiscountCodeBasicCreateMutationVariables>(
      graphql, KantaDiscountCodeBasicCreate, { basicCodeDiscount: plan.input }, requestOpts,
    );
    return interpret(data.discountCodeBasicCreate, "discountCodeBasicCreate");
  } catch (error) {
    if (error instanceof AdminApiError && (error.kind === "network" || error.kind === "throttled" || (error.kind === "http" && (error.status ?? 500) >= 500))) {
      return { kind: "unknown", reason: error.message };
    }
    if (error instanceof AdminApiError) return { kind: "refused", reason: error.message };
    // No session for the shop, or anything else: nothing reached Shopify.
    return { kind: "refused", reason: (error as Error).message };
  }
}

function interpret(
  payload: { codeDiscountNode: { id: string } | null; userErrors: { field?: string[] | null; message: string; code?: string | null }[] } | null,
  what: string,
): CreateAnswer {
  if (!payload) return { kind: "refused", reason: `${what}: the mutation returned no payload` };
  if (payload.userErrors.length) {
    const reason = new AdminUserErrors(what, payload.userErrors).message;
    // A retry of a request whose answer was lost finds its own code: ask Shopify whose it is.
    if (payload.userErrors.some((e) => e.code === "TAKEN")) return { kind: "unknown", reason };
    return { kind: "refused", reason };
  }
  if (!payload.codeDiscountNode) return { kind: "refused", reason: `${what}: no discount was returned` };
  return { kind: "created", discountGid: payload.codeDiscountNode.id };
}

/** Whether Shopify has the code: its node id, null when not, undefined when Shopify cannot be asked. */
async function findCode(graphql: AdminGraphql, shop: string, code: string, opts: RedeemOptions): Promise<string | null | undefined> {
  try {
    const data = await adminRequest<KantaDiscountCodeByCodeQuery, KantaDiscountCodeByCodeQueryVariables>(
      graphql, KantaDiscountCodeByCode, { code }, { shop, maxAttempts: opts.maxAttempts ?? 3, sleep: opts.sleep },
    );
    return data.codeDiscountNodeByCode?.id ?? null;
  } catch (error) {
    log.warn("redemption: could not check a code", { shop, error: (error as Error).message });
    return undefined;
  }
}

async function createAndSettle(db: SqlDatabase, shop: string, row: RedemptionRow, reward: Reward, opts: RedeemOptions): Promise<RedemptionRow> {
  let graphql: AdminGraphql;
  try {
    graphql = await opts.admin();
  } catch (error) {
    log.warn("redemption: no Admin API access for the shop", { shop, error: (error as Error).message });
    await release(db, shop, row, `no Admin API access: ${(error as Error).message}`);
    throw new RedeemError("rewards_unavailable", 503, "rewards are not available in this shop right now");
  }
  const answer = await createCode(graphql, shop, row, reward, opts);
  if (answer.kind === "created") return await commit(db, shop, row, answer.discountGid);
  if (answer.kind === "refused") {
    log.warn("redemption: Shopify refused the code; points released", { shop, redemption: row.id, reason: answer.reason });
    await release(db, shop, row, answer.reason);
    throw new RedeemError("code_not_created", 502, answer.reason);
  }
  const found = await findCode(graphql, shop, row.code, opts);
  if (found) return await commit(db, shop, row, found);
  if (found === null) {
    log.warn("redemption: the code was not created; points released", { shop, redemption: row.id, reason: answer.reason });
    await release(db, shop, row, answer.reason);
    throw new RedeemError("code_not_created", 502, answer.reason);
  }
  throw new RedeemError("code_pending", 503, "Shopify did not answer; the points stay held until Kanta knows whether the code exists");
}

async function commit(db: SqlDatabase, shop: string, row: RedemptionRow, discountGid: string): Promise<RedemptionRow> {
  const now = new Date().toISOString();
  await db.run(
    `UPDATE redemption SET status = 'active', discount_gid = ?, updated_at = ? WHERE shop = ? AND id = ? AND status = 'pending'`,
    [discountGid, now, shop, row.id],
  );
  // An order may already have used it (status used): either way the code stands.
  await db.run(`UPDATE redemption SET discount_gid = ? WHERE shop = ? AND id = ? AND discount_gid IS NULL`, [discountGid, shop, row.id]);
  return (await findRedemptionByKey(db, shop, row.buyer_gid, row.idempotency_key))!;
}

/** Gives the held points back (a reversing entry) and marks the redemption failed. Idempotent. */
async function release(db: SqlDatabase, shop: string, row: RedemptionRow, reason: string): Promise<void> {
  await db.transaction(async (tx) => {
    const now = new Date().toISOString();
    await lockMember(tx, shop, row.customer_gid);
    const changed = await tx.run(
      `UPDATE redemption SET status = 'failed', error = ?, updated_at = ? WHERE shop = ? AND id = ? AND status = 'pending'`,
      [reason.slice(0, 1000), now, shop, row.id],
    );
    if (changed === 0) return;
    await appendLedgerEntry(tx, shop, {
      customerGid: row.customer_gid, points: Number(row.points), source: "redemption", idempotencyKey: `redemption:${row.id}:release`,
      causedBy: "kanta:redemption", reason: `code ${row.code} was not created; points returned`,
    }, now);
  });
}

// ---------------------------------------------------------------------------------------------
// Background upkeep

/** Settles redemptions left pending (Shopify did not answer, or the process stopped mid-way). */
export async function settlePendingRedemptions(
  db: SqlDatabase, shop: string, graphql: AdminGraphql, opts: { olderThanMs?: number; now?: Date } = {},
): Promise<{ committed: number; released: number }> {
  const now = opts.now ?? new Date();
  const before = new Date(now.getTime() - (opts.olderThanMs ?? 120_000)).toISOString();
  const rows = await db.all<RedemptionRow>(
    `SELECT id, customer_gid, buyer_gid, reward_id, reward_json, idempotency_key, points, value_minor, currency, code, discount_gid, status,
       error, ends_at, used_order_gid, used_at, returned_at, created_at
     FROM redemption WHERE shop = ? AND status = 'pending' AND updated_at <= ? ORDER BY id LIMIT 50`,
    [shop, before],
  );
  let committed = 0;
  let released = 0;
  for (const row of rows) {
    const found = await findCode(graphql, shop, row.code, { admin: async () => graphql });
    if (found) {
      await commit(db, shop, row, found);
      committed++;
    } else if (found === null) {
      await release(db, shop, row, "Shopify did not answer and the code does not exist");
      released++;
    }
  }
  return { committed, released };
}

/**
 * With the merchant's setting on, an expired code nobody used gives its points back — 48 hours
 * after it expired, since an order that used it may still be on its way as a late webhook.
 */
export async function returnExpiredCodes(db: SqlDatabase, shop: string, now = new Date()): Promise<number> {
  const setting = await db.get<{ return_expired_codes: number | boolean }>(`SELECT return_expired_codes FROM shop WHERE domain = ?`, [shop]);
  if (!setting || !setting.return_expired_codes) return 0;
  const rows = await db.all<{ id: number; customer_gid: string; points: number; code: string; ends_at: string }>(
    `SELECT id, customer_gid, points, code, ends_at FROM redemption WHERE shop = ? AND status = 'active' AND ends_at <= ? ORDER BY id LIMIT 500`,
    [shop, now.toISOString()],
  );
  let returned = 0;
  for (const r of rows) {
    if (!returnDue(r.ends_at, now)) continue;
    const done = await db.transaction(async (tx) => {
      const at = now.toISOString();
      await lockMember(tx, shop, r.customer_gid);
      const changed = await tx.run(
        `UPDATE redemption SET status = 'returned', returned_at = ?, updated_at = ? WHERE shop = ? AND id = ? AND status = 'active'`,
        [at, at, shop, r.id],
      );
      if (changed === 0) return false;
      return await appendLedgerEntry(tx, shop, {
        customerGid: r.customer_gid, points: Number(r.points), source: "redemption", idempotencyKey: `redemption:${r.id}:return`,
        causedBy: "kanta:expired-code", reason: `code ${r.code} expired unused; points returned`,
      }, at);
    });
    if (done) returned++;
  }
  return returned;
}

/** Shops with redemption upkeep to do. */
export async function shopsWithRedemptionUpkeep(db: SqlExecutor, now = new Date()): Promise<string[]> {
  const rows = await db.all<{ shop: string }>(
    `SELECT DISTINCT r.shop FROM redemption r JOIN shop s ON s.domain = r.shop
     WHERE (r.status = 'pending' AND r.updated_at <= ?) OR (r.status = 'active' AND r.ends_at <= ? AND s.return_expired_codes = ?)`,
    [new Date(now.getTime() - 120_000).toISOString(), new Date(now.getTime() - 48 * 3_600_000).toISOString(), true],
  );
  return rows.map((r) => r.shop);
}

/** Human summary of what a redemption gives, for titles and lists. */
export function rewardValueText(reward: Reward, valueMinor: number | null): string {
  switch (reward.kind) {
    case "amount_off": case "variable": return `${formatMajor(valueMinor ?? 0, reward.currency)} off`;
    case "percent_off": return `${(reward.percentBps ?? 0) / 100}% off`;
    case "free_shipping": return "free shipping";
    case "free_product": return `free ${reward.variantTitle ?? "product"}`;
  }
}
