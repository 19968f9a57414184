// Earning actions per shop: the settings (earning_action rows, created with defaults once per shop),
// and the awards — welcome, birthday, custom actions, product reviews and referral rewards. Every
// award is one ledger entry with an idempotency key, so a replay never pays twice.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import {
  actionFromInput, birthdaysCelebratedOn, defaultAction, defaultActions, joinsLive, localDateIn, normalizeEmail, parseActionConfig, parseBirthday,
  referralCodeFromBytes, referralLink, referralOrderVerdict, reviewLimit, reviewWithinLimit, welcomeApplies,
  type ActionKind, type BirthdayError, type EarningAction, type ReferralRejection,
} from "../loyalty/actions";
import { i18nFor, type Translate } from "../i18n/i18n";
import type { OrderRecordState } from "../loyalty/order-posting";
import type { FieldErrors } from "../loyalty/rewards";
import { appendLedgerEntry, ensureMember, resolveMemberGid } from "./ledger.server";
import { shopCurrency } from "./rewards.server";
import { isUniqueViolationError, type SqlDatabase, type SqlExecutor } from "./sql.server";

type ActionRow = { id: number; kind: string; name: string; points: number; enabled: number | boolean; config_json: string; position: number };

const ACTION_COLUMNS = "id, kind, name, points, enabled, config_json, position";

function actionFromRow(r: ActionRow): EarningAction {
  return {
    id: Number(r.id), kind: r.kind as ActionKind, name: r.name, points: Number(r.points), enabled: Boolean(r.enabled),
    config: parseActionConfig(r.config_json), position: Number(r.position),
  };
}

async function insertAction(db: SqlExecutor, shop: string, a: Omit<EarningAction, "id">, now: string): Promise<number> {
  const row = await db.get<{ id: number }>(
    `INSERT INTO earning_action (shop, kind, name, points, enabled, config_json, position, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    [shop, a.kind, a.name, a.points, a.enabled, JSON.stringify(a.config), a.position, now, now],
  );
  return Number(row!.id);
}

/** Creates the shop's default actions once (at install, or lazily on first read). Returns true when it did. */
export async function ensureDefaultActions(db: SqlDatabase, shop: string): Promise<boolean> {
  const seeded = await db.get<{ actions_seeded_at: string | null }>(`SELECT actions_seeded_at FROM shop WHERE domain = ?`, [shop]);
  if (!seeded || seeded.actions_seeded_at) return false;
  return await db.transaction(async (tx) => {
    const now = new Date().toISOString();
    const claimed = await tx.run(`UPDATE shop SET actions_seeded_at = ? WHERE domain = ? AND actions_seeded_at IS NULL`, [now, shop]);
    if (claimed === 0) return false;
    for (const a of defaultActions()) await insertAction(tx, shop, a, now);
    return true;
  });
}

/** The shop's actions in display order (archived ones left out). */
export async function listActions(db: SqlDatabase, shop: string, opts: { enabledOnly?: boolean } = {}): Promise<EarningAction[]> {
  await ensureDefaultActions(db, shop);
  return await readActions(db, shop, opts);
}

/** The shop's actions as stored, without creating the defaults (any executor, e.g. inside a transaction). */
export async function readActions(db: SqlExecutor, shop: string, opts: { enabledOnly?: boolean } = {}): Promise<EarningAction[]> {
  const rows = await db.all<ActionRow>(
    `SELECT ${ACTION_COLUMNS} FROM earning_action WHERE shop = ? AND archived_at IS NULL ${opts.enabledOnly ? "AND enabled = ?" : ""}
     ORDER BY position, id`,
    opts.enabledOnly ? [shop, true] : [shop],
  );
  return rows.map(actionFromRow);
}

export async function getAction(db: SqlExecutor, shop: string, id: number): Promise<EarningAction | null> {
  const row = await db.get<ActionRow>(`SELECT ${ACTION_COLUMNS} FROM earning_action WHERE shop = ? AND id = ? AND archived_at IS NULL`, [shop, id]);
  return row ? actionFromRow(row) : null;
}

/**
 * The shop's action of a built-in kind. Before the shop's actions are created (a shop installed
 * before they existed) the default stands in, with id 0; null when the shop is unknown.
 */
export async function builtInAction(db: SqlExecutor, shop: string, kind: Exclude<ActionKind, "custom">): Promise<EarningAction | null> {
  const row = await db.get<ActionRow>(
    `SELECT ${ACTION_COLUMNS} FROM earning_action WHERE shop = ? AND kind = ? AND archived_at IS NULL ORDER BY id LIMIT 1`,
    [shop, kind],
  );
  if (row) return actionFromRow(row);
  const s = await db.get<{ actions_seeded_at: string | null }>(`SELECT actions_seeded_at FROM shop WHERE domain = ?`, [shop]);
  if (!s || s.actions_seeded_at) return null;
  const d = defaultAction(kind);
  return d ? { id: 0, ...d } : null;
}

export type SaveActionResult = { ok: true; action: EarningAction } | { ok: false; errors: FieldErrors };

/**
 * Saves the merchant's settings of an action: `id` of an existing one (its kind stays), or "new"
 * for a custom action. Checks the input (errors by field, nothing written then).
 */
export async function saveAction(
  db: SqlDatabase, shop: string, id: number | "new", input: unknown, now: Date, t: Translate = i18nFor("en").t,
): Promise<SaveActionResult> {
  await ensureDefaultActions(db, shop);
  const at = now.toISOString();
  const currency = await shopCurrency(db, shop);
  if (id === "new") {
    const checked = actionFromInput(input, "custom", currency, t);
    if (!checked.ok) return checked;
    const newId = await db.transaction(async (tx) => {
      const p = await tx.get<{ p: number | null }>(`SELECT MAX(position) AS p FROM earning_action WHERE shop = ? AND archived_at IS NULL`, [shop]);
      const position = p?.p === null || p?.p === undefined ? 0 : Number(p.p) + 1;
      return await insertAction(tx, shop, { ...checked.action, position }, at);
    });
    return { ok: true, action: (await getAction(db, shop, newId))! };
  }
  const existing = await getAction(db, shop, id);
  if (!existing) return { ok: false, errors: { form: t("validation.action.gone") } };
  const checked = actionFromInput(input, existing.kind, currency, t);
  if (!checked.ok) return checked;
  const a = checked.action;
  await db.run(
    `UPDATE earning_action SET name = ?, points = ?, enabled = ?, config_json = ?, updated_at = ? WHERE shop = ? AND id = ? AND archived_at IS NULL`,
    [a.name, a.points, a.enabled, JSON.stringify(a.config), at, shop, id],
  );
  return { ok: true, action: (await getAction(db, shop, id))! };
}

/** Removes a custom action (built-in ones are switched off instead). Returns false when there is none. */
export async function archiveAction(db: SqlExecutor, shop: string, id: number, now: Date): Promise<boolean> {
  const at = now.toISOString();
  const changed = await db.run(
    `UPDATE earning_action SET archived_at = ?, updated_at = ? WHERE shop = ? AND id = ? AND kind = 'custom' AND archived_at IS NULL`,
    [at, at, shop, id],
  );
  return changed > 0;
}

// ---------------------------------------------------------------------------------------------
// The earning-actions API token (review apps, Shopify Flow)

/** The shop's token for POST /api/actions/review, created (32 random bytes, hex) on first need. */
export async function actionsApiToken(db: SqlExecutor, shop: string): Promise<string> {
  const row = await db.get<{ actions_api_token: string | null }>(`SELECT actions_api_token FROM shop WHERE domain = ?`, [shop]);
  if (!row) throw new Error(`shop ${shop} is not known`);
  if (row.actions_api_token) return row.actions_api_token;
  await db.run(`UPDATE shop SET actions_api_token = ? WHERE domain = ? AND actions_api_token IS NULL`, [randomBytes(32).toString("hex"), shop]);
  const again = await db.get<{ actions_api_token: string }>(`SELECT actions_api_token FROM shop WHERE domain = ?`, [shop]);
  return again!.actions_api_token;
}

const digest = (text: string) => createHash("sha256").update(text).digest();

/** Whether `given` is the shop's token (constant time; false when the shop has none). */
export async function verifyActionsApiToken(db: SqlExecutor, shop: string, given: string): Promise<boolean> {
  const row = await db.get<{ actions_api_token: string | null }>(`SELECT actions_api_token FROM shop WHERE domain = ?`, [shop]);
  const expected = row?.actions_api_token ?? null;
  // Hashing first gives equal lengths, so the comparison time says nothing about the token.
  const same = timingSafeEqual(digest(given), digest(expected ?? ""));
  return expected !== null && expected !== "" && same;
}

// ---------------------------------------------------------------------------------------------
// Joining and the welcome bonus

export type JoinEvent = {
  /** Who caused it: the webhook (`webhook:<topic>:<id>`) or the shopper (`shopper:<gid>`). */
  causedBy: string;
  now: string;
  /** When the event happened (a webhook: when Kanta received it). */
  eventAt: string;
};

/**
 * Gives a customer who just became a member the welcome bonus, when it applies (see
 * welcomeApplies): one ledger entry `welcome:<customerGid>` and a program event for the mail.
 */
export async function awardWelcome(tx: SqlExecutor, shop: string, customerGid: string, ev: JoinEvent): Promise<boolean> {
  const s = await tx.get<{ installed_at: string | null; status: string }>(`SELECT installed_at, status FROM shop WHERE domain = ?`, [shop]);
  if (!s || s.status !== "active" || !welcomeApplies(ev.causedBy, s.installed_at, ev.eventAt)) return false;
  const action = await builtInAction(tx, shop, "welcome");
  if (!action?.enabled || action.points <= 0) return false;
  const member = await tx.get<{ status: string }>(`SELECT status FROM member WHERE shop = ? AND customer_gid = ?`, [shop, customerGid]);
  if (member?.status !== "active") return false;
  const added = await appendLedgerEntry(tx, shop, {
    customerGid, points: action.points, source: "bonus", idempotencyKey: `welcome:${customerGid}`, causedBy: ev.causedBy,
    reason: `welcome bonus (${action.name})`,
  }, ev.now);
  if (added) {
    await tx.run(
      `INSERT INTO program_event (shop, customer_gid, kind, dedupe_key, payload_json, due_at, created_at)
       VALUES (?, ?, 'welcome', ?, ?, ?, ?) ON CONFLICT (shop, dedupe_key) DO NOTHING`,
      [shop, customerGid, `welcome:${customerGid}`, JSON.stringify({ points: action.points, action: action.name }), ev.now, ev.now],
    );
  }
  return added;
}

/**
 * For webhook handlers: the welcome bonus of a customer the event made a member (`joined`: the
 * handler's ensureMember created them, or the worker did for this batch).
 */
export async function welcomeIfJoined(
  tx: SqlExecutor,
  ctx: { shop: string; eventId: number; causedBy: string; now: string },
  customerGid: string,
  joined: boolean,
): Promise<boolean> {
  if (!joined || !joinsLive(ctx.causedBy)) return false;
  const ev = await tx.get<{ received_at: string }>(`SELECT received_at FROM webhook_event WHERE id = ? AND shop = ?`, [ctx.eventId, ctx.shop]);
  return await awardWelcome(tx, ctx.shop, customerGid, { causedBy: ctx.causedBy, now: ctx.now, eventAt: ev?.received_at ?? ctx.now });
}

/**
 * The member behind a logged-in storefront shopper (after merges). A customer Kanta has not seen
 * yet joins here; the welcome bonus applies only once the history import has finished (before
 * that, a shopper unknown to Kanta may well be an existing customer not imported yet).
 */
export async function storefrontMember(db: SqlDatabase, shop: string, customerGid: string, now: Date): Promise<string> {
  const known = await db.get(`SELECT 1 AS x FROM member WHERE shop = ? AND customer_gid = ?`, [shop, customerGid]);
  if (!known) {
    await db.transaction(async (tx) => {
      const at = now.toISOString();
      if (!(await ensureMember(tx, shop, customerGid, at))) return;
      const imported = await tx.get(`SELECT 1 AS x FROM job WHERE shop = ? AND kind = 'backfill' AND status = 'done' LIMIT 1`, [shop]);
      if (imported) await awardWelcome(tx, shop, customerGid, { causedBy: `shopper:${customerGid}`, now: at, eventAt: at });
    });
  }
  return await resolveMemberGid(db, shop, customerGid);
}

async function balanceOf(db: SqlExecutor, shop: string, customerGid: string): Promise<number> {
  const row = await db.get<{ balance: number }>(`SELECT balance FROM member WHERE shop = ? AND customer_gid = ?`, [shop, customerGid]);
  return Number(row?.balance ?? 0);
}

async function lockMember(tx: SqlExecutor, shop: string, customerGid: string): Promise<void> {
  if (tx.dialect === "postgresql") await tx.get(`SELECT id FROM member WHERE shop = ? AND customer_gid = ? FOR UPDATE`, [shop, customerGid]);
}

async function shopTimezone(db: SqlExecutor, shop: string): Promise<string> {
  const row = await db.get<{ timezone: string | null }>(`SELECT timezone FROM shop WHERE domain = ?`, [shop]);
  return row?.timezone || "UTC";
}

// ---------------------------------------------------------------------------------------------
// Birthdays

export type BirthdayOutcome = { ok: true; birthday: string } | { ok: false; error: BirthdayError | "already_set" | "not_a_member" };

/**
 * Records a member's birthday ("MM-DD" or "YYYY-MM-DD", checked against today in the shop's time
 * zone). The shopper gives it once; only the merchant (`byMerchant`) may change it afterwards.
 */
export async function setBirthday(
  db: SqlExecutor, shop: string, memberGid: string, text: string, now: Date, opts: { byMerchant?: boolean } = {},
): Promise<BirthdayOutcome> {
  const parsed = parseBirthday(text, localDateIn(now, await shopTimezone(db, shop)));
  if (!parsed.ok) return parsed;
  const changed = await db.run(
    `UPDATE member SET birthday = ? WHERE shop = ? AND customer_gid = ? AND (birthday IS NULL OR ?)`,
    [parsed.birthday, shop, memberGid, opts.byMerchant === true],
  );
  if (changed > 0) return { ok: true, birthday: parsed.birthday };
  const exists = await db.get(`SELECT 1 AS x FROM member WHERE shop = ? AND customer_gid = ?`, [shop, memberGid]);
  return { ok: false, error: exists ? "already_set" : "not_a_member" };
}

/**
 * The daily birthday pass of one shop: every active member whose birthday is today in the shop's
 * time zone (Feb 29 birthdays on Feb 28 in other years) and who has not had this year's bonus gets
 * it, key `birthday:<customerGid>:<year>`. Returns how many were awarded.
 */
export async function awardBirthdays(db: SqlDatabase, shop: string, now: Date): Promise<number> {
  const s = await db.get<{ timezone: string | null; status: string }>(`SELECT timezone, status FROM shop WHERE domain = ?`, [shop]);
  if (!s || s.status !== "active") return 0;
  const action = await builtInAction(db, shop, "birthday");
  if (!action?.enabled || action.points <= 0) return 0;
  const today = localDateIn(now, s.timezone || "UTC");
  const days = birthdaysCelebratedOn(today);
  const match = days.map(() => "m.birthday = ? OR m.birthday LIKE ?").join(" OR ");
  const rows = await db.all<{ customer_gid: string }>(
    `SELECT m.customer_gid FROM member m
     WHERE m.shop = ? AND m.status = 'active' AND m.birthday IS NOT NULL AND (${match})
       AND NOT EXISTS (SELECT 1 FROM ledger_entry e WHERE e.shop = m.shop AND e.idempotency_key = 'birthday:' || m.customer_gid || CAST(? AS TEXT))
     ORDER BY m.id`,
    [shop, ...days.flatMap((md) => [md, `____-${md}`]), `:${today.year}`],
  );
  const at = now.toISOString();
  let awarded = 0;
  for (const r of rows) {
    const added = await db.transaction((tx) =>
      appendLedgerEntry(tx, shop, {
        customerGid: r.customer_gid, points: action.points, source: "bonus", idempotencyKey: `birthday:${r.customer_gid}:${today.year}`,
        causedBy: "kanta:birthday", reason: `birthday bonus ${today.year} (${action.name})`,
      }, at),
    );
    if (added) awarded++;
  }
  return awarded;
}

// ---------------------------------------------------------------------------------------------
// Custom actions

export type CustomActionOutcome =
  | { ok: true; action: EarningAction; points: number; balance: number }
  | { ok: false; error: "action_not_found" | "already_completed" };

/** A logged-in shopper completes one of the merchant's custom actions: once per member. */
export async function completeCustomAction(db: SqlDatabase, shop: string, customerGid: string, actionId: number, now: Date): Promise<CustomActionOutcome> {
  const action = await getAction(db, shop, actionId);
  if (!action || action.kind !== "custom" || !action.enabled) return { ok: false, error: "action_not_found" };
  const owner = await storefrontMember(db, shop, customerGid, now);
  const added = await db.transaction((tx) =>
    appendLedgerEntry(tx, shop, {
      customerGid: owner, points: action.points, source: "bonus", idempotencyKey: `custom:${action.id}:${owner}`,
      causedBy: `shopper:${customerGid}`, reason: `action completed: ${action.name}`,
    }, now.toISOString()),
  );
  if (!added) return { ok: false, error: "already_completed" };
  return { ok: true, action, points: action.points, balance: await balanceOf(db, shop, owner) };
}

// ---------------------------------------------------------------------------------------------
// Product reviews

export type ReviewRequest = { customerGid: string; orderGid: string; lineItemGid: string };

export type ReviewOutcome =
  | { status: "awarded"; points: number; balance: number }
  | { status: "already_awarded" | "limit_reached" | "action_off" | "order_not_found" | "order_cancelled" | "line_not_found" };

/**
 * A product review reported by a review app or Shopify Flow: the order must be the customer's
 * (after merges) and contain the line; once per order line (`review:<lineItemGid>`), and at most
 * the action's limit per member within its window.
 */
export async function awardReview(db: SqlDatabase, shop: string, r: ReviewRequest, now: Date): Promise<ReviewOutcome> {
  await ensureDefaultActions(db, shop);
  const action = await builtInAction(db, shop, "review");
  if (!action?.enabled || action.points <= 0) return { status: "action_off" };
  const order = await db.get<{ customer_gid: string | null; lines_json: string | null; cancelled: number | boolean; deleted: number | boolean }>(
    `SELECT customer_gid, lines_json, cancelled, deleted FROM order_record WHERE shop = ? AND order_gid = ?`,
    [shop, r.orderGid],
  );
  if (!order?.customer_gid) return { status: "order_not_found" };
  const owner = await resolveMemberGid(db, shop, r.customerGid);
  if (owner !== (await resolveMemberGid(db, shop, order.customer_gid))) return { status: "order_not_found" };
  if (order.cancelled || order.deleted) return { status: "order_cancelled" };
  const lines = JSON.parse(order.lines_json ?? "[]") as { lineGid: string }[];
  if (!lines.some((l) => l.lineGid === r.lineItemGid)) return { status: "line_not_found" };
  const key = `review:${r.lineItemGid}`;
  const limit = reviewLimit(action);
  const at = now.toISOString();
  const outcome = await db.transaction(async (tx): Promise<"awarded" | "already_awarded" | "limit_reached"> => {
    await lockMember(tx, shop, owner);
    if (await tx.get(`SELECT id FROM ledger_entry WHERE shop = ? AND idempotency_key = ?`, [shop, key])) return "already_awarded";
    if (limit) {
      const since = new Date(now.getTime() - limit.days * 86_400_000).toISOString();
      const n = await tx.get<{ n: number }>(
        `SELECT COUNT(*) AS n FROM ledger_entry WHERE shop = ? AND customer_gid = ? AND source = 'bonus' AND idempotency_key LIKE 'review:%' AND created_at > ?`,
        [shop, owner, since],
      );
      if (!reviewWithinLimit(Number(n?.n ?? 0), limit)) return "limit_reached";
    }
    const added = await appendLedgerEntry(tx, shop, {
      customerGid: owner, points: action.points, source: "bonus", idempotencyKey: key, orderGid: r.orderGid,
      causedBy: "api:review", reason: `product review of ${r.lineItemGid}`,
    }, at);
    return added ? "awarded" : "already_awarded";
  });
  if (outcome !== "awarded") return { status: outcome };
  return { status: "awarded", points: action.points, balance: await balanceOf(db, shop, owner) };
}

// ---------------------------------------------------------------------------------------------
// Referrals: the member's code, and the reward when the friend's first order is paid

/** The storefront address links point at: the shop's primary domain, else its myshopify domain. */
export async function storefrontHost(db: SqlExecutor, shop: string): Promise<string> {
  const row = await db.get<{ primary_domain: string | null }>(`SELECT primary_domain FROM shop WHERE domain = ?`, [shop]);
  return row?.primary_domain || shop;
}

/** The member's personal referral code and link, the code created on first need. Null when not a member. */
export async function memberReferral(db: SqlExecutor, shop: string, memberGid: string): Promise<{ code: string; link: string } | null> {
  const read = async () =>
    (await db.get<{ referral_code: string | null }>(`SELECT referral_code FROM member WHERE shop = ? AND customer_gid = ?`, [shop, memberGid]));
  let row = await read();
  if (!row) return null;
  for (let attempt = 0; !row.referral_code && attempt < 5; attempt++) {
    try {
      await db.run(
        `UPDATE member SET referral_code = ? WHERE shop = ? AND customer_gid = ? AND referral_code IS NULL`,
        [referralCodeFromBytes(randomBytes(8)), shop, memberGid],
      );
    } catch (error) {
      if (!isUniqueViolationError(error)) throw error; // another member has that code: draw again
    }
    row = (await read())!;
  }
  if (!row.referral_code) throw new Error("could not create a unique referral code");
  return { code: row.referral_code, link: referralLink(await storefrontHost(db, shop), row.referral_code) };
}

export type ReferralStats = { claimed: number; rewarded: number };

export async function referralStats(db: SqlExecutor, shop: string, referrerGid: string): Promise<ReferralStats> {
  const rows = await db.all<{ status: string; n: number }>(
    `SELECT status, COUNT(*) AS n FROM referral WHERE shop = ? AND referrer_gid = ? AND discount_gid IS NOT NULL GROUP BY status`,
    [shop, referrerGid],
  );
  const n = (s: string) => Number(rows.find((r) => r.status === s)?.n ?? 0);
  return { claimed: n("pending") + n("rewarded") + n("rejected"), rewarded: n("rewarded") };
}

type ReferralRow = { id: number; referrer_gid: string; friend_email: string; code: string };

export type ReferralSettlement = { referralId: number; status: "rewarded" } | { referralId: number; status: "rejected"; reason: ReferralRejection | "referrals_off" };

/**
 * Called by settle() when an order becomes paid: an order that uses a friend's code, or comes
 * from a pending referral's email, decides that referral — rewarded when it is the friend's first
 * paid order (the referrer gets the referral action's points, key `referral:<id>`), else rejected
 * with the rule that stopped it (the referrer's own order, email or address; not a first order). Historic, cancelled and (unless they earn) test orders decide nothing.
 */
export async function settleReferralForOrder(
  tx: SqlExecutor,
  shop: string,
  order: OrderRecordState,
  ctx: { causedBy: string; now: string; earnOnTestOrders: boolean },
): Promise<ReferralSettlement | null> {
  if (!order.paid || order.cancelled || order.deleted || order.historic) return null;
  if (order.test && !ctx.earnOnTestOrders) return null;
  const codes = [...new Set(order.discountCodes.map((c) => c.trim().toUpperCase()).filter((c) => c.startsWith("FRIEND-")))];
  const email = normalizeEmail(order.customerEmail);
  if (codes.length === 0 && !email) return null;
  const columns = "id, referrer_gid, friend_email, code";
  let referral: ReferralRow | undefined;
  if (codes.length) {
    referral = await tx.get<ReferralRow>(
      `SELECT ${columns} FROM referral WHERE shop = ? AND status = 'pending' AND discount_gid IS NOT NULL
         AND code IN (${codes.map(() => "?").join(", ")}) ORDER BY id LIMIT 1`,
      [shop, ...codes],
    );
  }
  if (!referral && email) {
    referral = await tx.get<ReferralRow>(
      `SELECT ${columns} FROM referral WHERE shop = ? AND status = 'pending' AND discount_gid IS NOT NULL AND friend_email = ?`,
      [shop, email],
    );
  }
  if (!referral) return null;

  // Only the friend's first paid order counts.
  const customer = order.customerGid ? await resolveMemberGid(tx, shop, order.customerGid) : null;
  const earlierPaidOrder = await tx.get(
    `SELECT 1 AS x FROM order_record WHERE shop = ? AND order_gid <> ? AND paid = ? AND cancelled = ? AND deleted = ?
       AND (customer_gid = ? OR LOWER(customer_email) = ?) LIMIT 1`,
    [shop, order.orderGid, true, false, false, customer ?? "", email ?? ""],
  );

  const referrer = await resolveMemberGid(tx, shop, referral.referrer_gid);
  const referrerRow = await tx.get<{ email: string | null }>(`SELECT email FROM member WHERE shop = ? AND customer_gid = ?`, [shop, referrer]);
  const hashes = await tx.all<{ address_hash: string }>(
    `SELECT DISTINCT address_hash FROM order_record WHERE shop = ? AND customer_gid = ? AND address_hash IS NOT NULL AND order_gid <> ?`,
    [shop, referrer, order.orderGid],
  );
  const verdict = referralOrderVerdict({
    referrerGid: referrer, referrerEmail: referrerRow?.email ?? null, orderCustomerGid: customer, orderEmail: email,
    orderAddressHash: order.addressHash ?? null, referrerAddressHashes: hashes.map((h) => h.address_hash),
    earlierPaidOrder: Boolean(earlierPaidOrder),
  });
  const action = await builtInAction(tx, shop, "referral");
  const decide = async (status: "rewarded" | "rejected", reason: string | null) =>
    (await tx.run(
      `UPDATE referral SET status = ?, reason = ?, order_gid = ?, friend_gid = COALESCE(friend_gid, ?), updated_at = ? WHERE shop = ? AND id = ? AND status = 'pending'`,
      [status, reason, order.orderGid, customer, ctx.now, shop, referral.id],
    )) > 0;
  if (!verdict.ok) {
    await decide("rejected", verdict.reason);
    return { referralId: Number(referral.id), status: "rejected", reason: verdict.reason };
  }
  if (!action?.enabled || action.points <= 0) {
    await decide("rejected", "referrals_off");
    return { referralId: Number(referral.id), status: "rejected", reason: "referrals_off" };
  }
  if (!(await decide("rewarded", null))) return null;
  await appendLedgerEntry(tx, shop, {
    customerGid: referrer, points: action.points, source: "bonus", idempotencyKey: `referral:${referral.id}`, orderGid: order.orderGid,
    causedBy: ctx.causedBy, reason: `referral ${referral.id}: the friend's first order was paid`,
  }, ctx.now);
  if (customer) {
    await tx.run(`UPDATE member SET referred_by = ? WHERE shop = ? AND customer_gid = ? AND referred_by IS NULL`, [referrer, shop, customer]);
  }
  return { referralId: Number(referral.id), status: "rewarded" };
}

// ---------------------------------------------------------------------------------------------
// What the storefront shows about a member's actions

export type MemberActionState = {
  welcomed: boolean;
  birthday: string | null;
  completedCustom: Set<number>;
  reviewsInWindow: number;
};

export async function memberActionState(db: SqlExecutor, shop: string, memberGid: string, reviewWindowDays: number, now: Date): Promise<MemberActionState> {
  const m = await db.get<{ birthday: string | null }>(`SELECT birthday FROM member WHERE shop = ? AND customer_gid = ?`, [shop, memberGid]);
  const entries = await db.all<{ idempotency_key: string; created_at: string }>(
    `SELECT idempotency_key, created_at FROM ledger_entry WHERE shop = ? AND customer_gid = ? AND source = 'bonus'`,
    [shop, memberGid],
  );
  const since = now.getTime() - reviewWindowDays * 86_400_000;
  const completedCustom = new Set<number>();
  let welcomed = false;
  let reviewsInWindow = 0;
  for (const e of entries) {
    const key = e.idempotency_key;
    if (key === `welcome:${memberGid}`) welcomed = true;
    else if (key.startsWith("custom:")) completedCustom.add(Number(key.split(":")[1]));
    else if (key.startsWith("review:") && Date.parse(e.created_at) > since) reviewsInWindow++;
  }
  return { welcomed, birthday: m?.birthday ?? null, completedCustom, reviewsInWindow };
}
