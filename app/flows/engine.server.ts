// The flows sweep: one pass over what is due as of `now`, reading only due rows through their
// indexes (checkout.flow_check_at, member.winback_due_at, program_event (handled_at, due_at),
// flow_message (status, due_at)).
//  a. checkouts whose first step is due: abandoned or not, and if so the recovery run (a newer
//     checkout of the same shopper supersedes an older run: one flow per shopper, devices merged);
//  b. members whose win-back is due (./win-back.server.ts);
//  c. program events (points expiring, tier upgrade, …): one program mail each when that flow is on;
//  d. due mails: claimed atomically (several workers may run this at once on PostgreSQL), then —
//     outside any transaction — checked again (run active, consent, suppression, frequency cap,
//     quiet hours, holdout), given their incentive, rendered, sent and marked. A claim older than
//     10 minutes means the process died between SMTP and the commit: the mail becomes "unknown"
//     and is never sent again automatically.
import { log } from "../lib/log.server";
import { formatMinorUnits } from "../loyalty/money";
import { codeFromBytes } from "../loyalty/rewards";
import { signedLink, unsubscribeHeaders } from "../mail/links.server";
import { MailError, type Mailer } from "../mail/mailer.server";
import type { AdminGraphql } from "../shopify/admin-client.server";
import { loadFlow } from "../storage/flow-config.server";
import { newTrackingToken, startRun, stopRuns } from "../storage/flow-runs.server";
import { loadMailSettings } from "../storage/mail-settings.server";
import type { SqlDatabase, SqlExecutor } from "../storage/sql.server";
import { isSuppressed } from "../storage/suppression.server";
import { randomBytes } from "node:crypto";
import {
  AbandonedCheckoutSettingsSchema, PROGRAM_FLOWS, type FlowConfig, type FlowKind, type Incentive,
} from "./config";
import { shopperKey } from "./holdout";
import { discountLanding, incentiveDiscountFacts } from "./incentives";
import { createFlowCode, ownPointsOffer } from "./incentives.server";
import { SENDING_TIMEOUT_MS, marketingSendTime, retryDelayMs } from "./schedule";
import { decideCheckout, hasMarketingConsent, type CheckoutFlowState } from "./stopping";
import { describeDiscount, mailLocale, renderMail, type MailContent, type MailIncentive } from "./templates";
import { startDueWinBacks } from "./win-back.server";

export type RunDueDeps = {
  /** null: no SMTP server configured; due mails wait. */
  mailer: Mailer | null;
  admin: (shop: string) => Promise<AdminGraphql>;
  /** The app's public URL: links in mails point here. */
  appUrl: string;
  /** Signs the links in mails. */
  secret: string;
  /** Names this process in claims. */
  workerId: string;
  /** The most rows each stage reads in one pass (default 500). */
  limit?: number;
};

export type RunDueReport = {
  checkouts: { looked: number; started: number; superseded: number; skipped: Partial<Record<CheckoutFlowState, number>> };
  winBack: { started: number; heldOut: number };
  programEvents: { handled: number; scheduled: number };
  messages: {
    claimed: number; sent: number; heldOut: number; skipped: number; cancelled: number; rescheduled: number;
    retrying: number; failed: number; unknown: number; lostClaims: number;
  };
  /** Messages left `sending` by a process that died, now `unknown`. */
  interrupted: number;
};

export function emptyReport(): RunDueReport {
  return {
    checkouts: { looked: 0, started: 0, superseded: 0, skipped: {} },
    winBack: { started: 0, heldOut: 0 },
    programEvents: { handled: 0, scheduled: 0 },
    messages: { claimed: 0, sent: 0, heldOut: 0, skipped: 0, cancelled: 0, rescheduled: 0, retrying: 0, failed: 0, unknown: 0, lostClaims: 0 },
    interrupted: 0,
  };
}

const DEFAULT_LIMIT = 500;

const iso = (v: unknown): string | null => (v === null || v === undefined ? null : new Date(String(v)).toISOString());
const bool = (v: unknown): boolean | null => (v === null || v === undefined ? null : v === true || v === 1 || v === "1" || v === "t");

/** Per-pass cache of each shop's flows (a stored flow that no longer parses counts as off). */
class ShopFlows {
  private readonly flows = new Map<string, FlowConfig | null>();
  async get(db: SqlExecutor, shop: string, kind: FlowKind): Promise<FlowConfig | null> {
    const key = `${shop}\u0000${kind}`;
    if (!this.flows.has(key)) {
      try {
        this.flows.set(key, await loadFlow(db, shop, kind));
      } catch (error) {
        log.warn("flow settings unreadable; the flow counts as off", { shop, kind, error: (error as Error).message });
        this.flows.set(key, null);
      }
    }
    return this.flows.get(key) ?? null;
  }
}

/** One pass of the sweep as of `now`. */
export async function runDue(db: SqlDatabase, now: Date, deps: RunDueDeps): Promise<RunDueReport> {
  const report = emptyReport();
  const limit = deps.limit ?? DEFAULT_LIMIT;
  const flows = new ShopFlows();
  await sweepCheckouts(db, now, limit, flows, report);
  report.winBack = await startDueWinBacks(db, now, { limit });
  await sweepProgramEvents(db, now, limit, flows, report);
  report.interrupted = await markInterrupted(db, now);
  if (deps.mailer) await sendDue(db, now, { ...deps, mailer: deps.mailer }, limit, flows, report);
  return report;
}

// ---------------------------------------------------------------------------------------------
// a. Checkouts

type CheckoutRow = {
  id: number; shop: string; token: string; customer_gid: string | null; email: string | null; recovery_url: string | null;
  currency: string | null; total_minor: number | null; lines_json: string; completed_at: string | null; checkout_updated_at: string | null;
  locale: string | null; updated_at: unknown;
};

const PURCHASE = "paid = ? AND test = ? AND cancelled = ? AND deleted = ?";
const PURCHASE_PARAMS = [true, false, false, false] as const;

/**
 * When the latest purchases of this checkout's customer, or of customers with its email, were
 * placed, and when other checkouts of theirs completed (an order placed after a checkout changed
 * is among the newest Kanta recorded for that customer).
 */
async function recentPurchases(tx: SqlExecutor, shop: string, c: CheckoutRow): Promise<Date[]> {
  const gids = new Set<string>();
  if (c.customer_gid) gids.add(c.customer_gid);
  if (c.email) {
    const members = await tx.all<{ customer_gid: string }>(`SELECT customer_gid FROM member WHERE shop = ? AND email = ?`, [shop, c.email]);
    for (const m of members) gids.add(m.customer_gid);
  }
  const out: Date[] = [];
  for (const gid of gids) {
    const orders = await tx.all<{ processed_at: string | null }>(
      `SELECT processed_at FROM order_record WHERE shop = ? AND customer_gid = ? AND ${PURCHASE} ORDER BY id DESC LIMIT 25`,
      [shop, gid, ...PURCHASE_PARAMS],
    );
    for (const o of orders) if (o.processed_at && !Number.isNaN(Date.parse(o.processed_at))) out.push(new Date(o.processed_at));
  }
  // Checkouts of theirs that became orders (the order hook marks them completed).
  for (const [column, value] of [["customer_gid", c.customer_gid], ["email", c.email]] as const) {
    if (!value) continue;
    const done = await tx.all<{ completed_at: string }>(
      `SELECT completed_at FROM checkout WHERE shop = ? AND ${column} = ? AND token <> ? AND completed_at IS NOT NULL ORDER BY id DESC LIMIT 25`,
      [shop, value, c.token],
    );
    for (const d of done) if (!Number.isNaN(Date.parse(d.completed_at))) out.push(new Date(d.completed_at));
  }
  return out;
}

/** Whether the same customer or email has a checkout changed after this one that did not complete. */
async function newerCheckout(tx: SqlExecutor, shop: string, c: CheckoutRow, lastChangeIso: string): Promise<boolean> {
  for (const [column, value] of [["customer_gid", c.customer_gid], ["email", c.email]] as const) {
    if (!value) continue;
    const row = await tx.get(
      `SELECT 1 AS x FROM checkout WHERE shop = ? AND ${column} = ? AND token <> ? AND completed_at IS NULL AND checkout_updated_at > ? LIMIT 1`,
      [shop, value, c.token, lastChangeIso],
    );
    if (row) return true;
  }
  return false;
}

function checkoutContext(c: CheckoutRow): Record<string, unknown> {
  let lines: { title: string; quantity: number; variantGid: string | null }[] = [];
  try {
    const parsed = JSON.parse(c.lines_json) as unknown;
    if (Array.isArray(parsed)) lines = parsed as typeof lines;
  } catch {
    // an unreadable cart mails without lines
  }
  return { lines, totalMinor: c.total_minor === null ? null : Number(c.total_minor), currency: c.currency, recoveryUrl: c.recovery_url };
}

async function decideOneCheckout(tx: SqlExecutor, c: CheckoutRow, now: Date, flows: ShopFlows, shopInfo: { active: boolean; currency: string | null }, report: RunDueReport): Promise<CheckoutFlowState> {
  const lastChangeIso = c.checkout_updated_at ?? iso(c.updated_at)!;
  const lastChange = new Date(lastChangeIso);
  const flow = shopInfo.active ? await flows.get(tx, c.shop, "abandoned_checkout") : null;
  const settings = flow ? AbandonedCheckoutSettingsSchema.parse(flow.settings) : AbandonedCheckoutSettingsSchema.parse({});
  const decision = decideCheckout({
    checkout: {
      token: c.token, customerGid: c.customer_gid, email: c.email, totalMinor: c.total_minor === null ? null : Number(c.total_minor),
      currency: c.currency, completedAt: c.completed_at, lastChangeAt: lastChange,
    },
    paidOrdersAt: c.completed_at ? [] : await recentPurchases(tx, c.shop, c),
    newerCheckout: c.completed_at ? false : await newerCheckout(tx, c.shop, c, lastChangeIso),
    flow: { enabled: Boolean(flow?.enabled), minCartMinor: settings.minCartMinor },
    shopCurrency: shopInfo.currency,
  });
  if (!decision.start) return decision.state;
  const context = checkoutContext(c);
  const nowIso = now.toISOString();
  // One recovery flow per shopper, whatever device or email: this checkout's own run only takes
  // its newest cart; runs of older checkouts stop.
  const active: { id: number; checkout_token: string | null }[] = [];
  for (const [column, value] of [["customer_gid", c.customer_gid], ["email", c.email]] as const) {
    if (!value) continue;
    // One statement per column, each on its (shop, column) index; the flow is filtered here.
    const rows = await tx.all<{ id: number; checkout_token: string | null; flow_kind: string }>(
      `SELECT id, checkout_token, flow_kind FROM flow_run WHERE shop = ? AND ${column} = ? AND status = 'active'`,
      [c.shop, value],
    );
    for (const r of rows) if (r.flow_kind === "abandoned_checkout" && !active.some((a) => Number(a.id) === Number(r.id))) active.push(r);
  }
  const own = active.find((r) => r.checkout_token === c.token);
  if (own) {
    await tx.run(`UPDATE flow_run SET context_json = ? WHERE shop = ? AND id = ?`, [JSON.stringify(context), c.shop, own.id]);
    return "started";
  }
  if (active.length) {
    report.checkouts.superseded += await stopRuns(tx, c.shop, { customerGid: c.customer_gid, email: c.email }, "superseded", nowIso, ["abandoned_checkout"]);
  }
  const run = await startRun(tx, c.shop, {
    flowKind: "abandoned_checkout", shopperKey: shopperKey(c.customer_gid, c.email)!, customerGid: c.customer_gid, email: c.email,
    checkoutToken: c.token, locale: c.locale, context, anchorAt: lastChange, dedupeKey: `checkout:${c.token}`, holdoutPct: flow!.holdoutPct,
  }, flow!.steps, now);
  if (!run) return "already_ran";
  report.checkouts.started += 1;
  return "started";
}

async function sweepCheckouts(db: SqlDatabase, now: Date, limit: number, flows: ShopFlows, report: RunDueReport): Promise<void> {
  const nowIso = now.toISOString();
  const shops = new Map<string, { active: boolean; currency: string | null }>();
  let seen = 0;
  while (seen < limit) {
    const size = Math.min(100, limit - seen);
    const read = await db.transaction(async (tx) => {
      const lock = tx.dialect === "postgresql" ? " FOR UPDATE SKIP LOCKED" : "";
      const rows = await tx.all<CheckoutRow>(
        `SELECT id, shop, token, customer_gid, email, recovery_url, currency, total_minor, lines_json, completed_at, checkout_updated_at, locale, updated_at
         FROM checkout WHERE flow_check_at <= ? ORDER BY flow_check_at, id LIMIT ?${lock}`,
        [nowIso, size],
      );
      for (const c of rows) {
        let info = shops.get(c.shop);
        if (!info) {
          const s = await tx.get<{ status: string; currency: string | null }>(`SELECT status, currency FROM shop WHERE domain = ?`, [c.shop]);
          info = { active: s?.status === "active", currency: s?.currency ?? null };
          shops.set(c.shop, info);
        }
        const state = await decideOneCheckout(tx, c, now, flows, info, report);
        if (state !== "started") report.checkouts.skipped[state] = (report.checkouts.skipped[state] ?? 0) + 1;
        await tx.run(`UPDATE checkout SET flow_check_at = NULL, flow_state = ? WHERE id = ?`, [state, c.id]);
      }
      return rows.length;
    });
    report.checkouts.looked += read;
    seen += read;
    if (read < size) break;
  }
}

// ---------------------------------------------------------------------------------------------
// c. Program events

async function sweepProgramEvents(db: SqlDatabase, now: Date, limit: number, flows: ShopFlows, report: RunDueReport): Promise<void> {
  const nowIso = now.toISOString();
  let seen = 0;
  while (seen < limit) {
    const size = Math.min(200, limit - seen);
    const read = await db.transaction(async (tx) => {
      const lock = tx.dialect === "postgresql" ? " FOR UPDATE SKIP LOCKED" : "";
      const events = await tx.all<{ id: number; shop: string; customer_gid: string; kind: string; payload_json: string }>(
        `SELECT id, shop, customer_gid, kind, payload_json FROM program_event WHERE handled_at IS NULL AND due_at <= ? ORDER BY due_at, id LIMIT ?${lock}`,
        [nowIso, size],
      );
      for (const ev of events) {
        const email = await programMailTo(tx, ev, now, flows);
        if (email) {
          const added = await tx.get(
            `INSERT INTO flow_message (shop, run_id, flow_kind, step, customer_gid, email, marketing, holdout, status, due_at, attempts, tracking_token, dedupe_key, created_at, updated_at)
             VALUES (?, NULL, ?, 0, ?, ?, ?, ?, 'scheduled', ?, 0, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`,
            [ev.shop, ev.kind, ev.customer_gid, email, false, false, nowIso, newTrackingToken(), `event:${ev.id}`, nowIso, nowIso],
          );
          if (added) report.programEvents.scheduled += 1;
        }
        await tx.run(`UPDATE program_event SET handled_at = ? WHERE id = ?`, [nowIso, ev.id]);
      }
      return events.length;
    });
    report.programEvents.handled += read;
    seen += read;
    if (read < size) break;
  }
}

/**
 * Where a program event's mail goes: the member's email when the event's flow is on, the shop and
 * the member are active, and the news is not stale (points already expired); null for no mail.
 */
async function programMailTo(
  tx: SqlExecutor, ev: { shop: string; customer_gid: string; kind: string; payload_json: string }, now: Date, flows: ShopFlows,
): Promise<string | null> {
  if (!(PROGRAM_FLOWS as readonly string[]).includes(ev.kind)) return null;
  const shop = await tx.get<{ status: string }>(`SELECT status FROM shop WHERE domain = ?`, [ev.shop]);
  if (shop?.status !== "active") return null;
  const flow = await flows.get(tx, ev.shop, ev.kind as FlowKind);
  if (!flow?.enabled) return null;
  const member = await tx.get<{ email: string | null; status: string }>(`SELECT email, status FROM member WHERE shop = ? AND customer_gid = ?`, [ev.shop, ev.customer_gid]);
  const email = member?.email?.trim().toLowerCase();
  if (!email || member!.status !== "active") return null;
  if (ev.kind === "points_expiring") {
    const expiresAt = parseJson<{ expiresAt?: unknown }>(ev.payload_json, {}).expiresAt;
    if (typeof expiresAt === "string" && Date.parse(expiresAt) <= now.getTime()) return null;
  }
  return email;
}

// ---------------------------------------------------------------------------------------------
// d. Sending

async function markInterrupted(db: SqlDatabase, now: Date): Promise<number> {
  const before = new Date(now.getTime() - SENDING_TIMEOUT_MS).toISOString();
  return await db.run(
    `UPDATE flow_message SET status = 'unknown', last_error = ?, updated_at = ? WHERE status = 'sending' AND claimed_at <= ?`,
    ["the sending process stopped before recording the outcome; the mail may have been delivered", now.toISOString(), before],
  );
}

type MessageRow = {
  id: number; shop: string; run_id: number | null; flow_kind: string; step: number; customer_gid: string | null; email: string | null;
  marketing: boolean | number; holdout: boolean | number; attempts: number; code: string | null; tracking_token: string; dedupe_key: string;
};

type RunRow = { id: number; status: string; stop_reason: string | null; locale: string | null; context_json: string; checkout_token: string | null };

type Outcome =
  | { status: "sent"; smtpMessageId: string }
  | { status: "held_out" }
  | { status: "skipped"; reason: string; stop?: "no_consent" | "unsubscribed" }
  | { status: "cancelled"; reason: string }
  | { status: "reschedule"; dueAt: Date }
  | { status: "temporary"; error: string }
  | { status: "failed"; error: string }
  | { status: "unknown"; error: string };

type SendDeps = RunDueDeps & { mailer: Mailer };

async function sendDue(db: SqlDatabase, now: Date, deps: SendDeps, limit: number, flows: ShopFlows, report: RunDueReport): Promise<void> {
  const nowIso = now.toISOString();
  const due = await db.all<{ id: number }>(
    `SELECT id FROM flow_message WHERE status = 'scheduled' AND due_at <= ? ORDER BY due_at, id LIMIT ?`,
    [nowIso, limit],
  );
  for (const { id } of due) {
    const claimed = await db.run(
      `UPDATE flow_message SET status = 'sending', claimed_by = ?, claimed_at = ?, attempts = attempts + 1, updated_at = ?
       WHERE id = ? AND status = 'scheduled' AND due_at <= ?`,
      [deps.workerId, nowIso, nowIso, id, nowIso],
    );
    if (claimed !== 1) {
      report.messages.lostClaims += 1;
      continue;
    }
    report.messages.claimed += 1;
    const m = await db.get<MessageRow>(
      `SELECT id, shop, run_id, flow_kind, step, customer_gid, email, marketing, holdout, attempts, code, tracking_token, dedupe_key
       FROM flow_message WHERE id = ?`,
      [id],
    );
    if (!m) continue;
    let outcome: Outcome;
    try {
      outcome = await processMessage(db, m, now, deps, flows);
    } catch (error) {
      log.error("flow mail could not be prepared", { shop: m.shop, message: m.id, error: (error as Error).message });
      outcome = { status: "temporary", error: (error as Error).message };
    }
    await record(db, m, outcome, now, deps.workerId, report);
  }
}

/** Writes a claimed message's outcome (only while this worker's claim stands). */
async function record(db: SqlDatabase, m: MessageRow, o: Outcome, now: Date, workerId: string, report: RunDueReport): Promise<void> {
  const nowIso = now.toISOString();
  const mine = `WHERE id = ? AND status = 'sending' AND claimed_by = ?`;
  const error = (text: string) => text.slice(0, 1000);
  switch (o.status) {
    case "sent":
      report.messages.sent += 1;
      await db.run(`UPDATE flow_message SET status = 'sent', sent_at = ?, smtp_message_id = ?, last_error = NULL, updated_at = ? ${mine}`,
        [nowIso, o.smtpMessageId, nowIso, m.id, workerId]);
      return;
    case "held_out":
      report.messages.heldOut += 1;
      await db.run(`UPDATE flow_message SET status = 'held_out', sent_at = ?, updated_at = ? ${mine}`, [nowIso, nowIso, m.id, workerId]);
      return;
    case "cancelled":
      report.messages.cancelled += 1;
      await db.run(`UPDATE flow_message SET status = 'cancelled', skip_reason = ?, updated_at = ? ${mine}`, [o.reason, nowIso, m.id, workerId]);
      return;
    case "skipped":
      report.messages.skipped += 1;
      await db.transaction(async (tx) => {
        await tx.run(`UPDATE flow_message SET status = 'skipped', skip_reason = ?, updated_at = ? ${mine}`, [o.reason, nowIso, m.id, workerId]);
        if (o.stop && m.run_id !== null) {
          await stopRuns(tx, m.shop, { customerGid: m.customer_gid, email: m.email }, o.stop, nowIso, [m.flow_kind]);
        }
      });
      return;
    case "reschedule":
      // Not an attempt: the cap or quiet hours moved it.
      report.messages.rescheduled += 1;
      await db.run(
        `UPDATE flow_message SET status = 'scheduled', due_at = ?, attempts = attempts - 1, claimed_by = NULL, claimed_at = NULL, updated_at = ? ${mine}`,
        [o.dueAt.toISOString(), nowIso, m.id, workerId],
      );
      return;
    case "temporary": {
      const wait = retryDelayMs(Number(m.attempts));
      if (wait === null) {
        report.messages.failed += 1;
        await db.run(`UPDATE flow_message SET status = 'failed', last_error = ?, updated_at = ? ${mine}`, [error(o.error), nowIso, m.id, workerId]);
        return;
      }
      report.messages.retrying += 1;
      await db.run(
        `UPDATE flow_message SET status = 'scheduled', due_at = ?, last_error = ?, claimed_by = NULL, claimed_at = NULL, updated_at = ? ${mine}`,
        [new Date(now.getTime() + wait).toISOString(), error(o.error), nowIso, m.id, workerId],
      );
      return;
    }
    case "failed":
      report.messages.failed += 1;
      await db.run(`UPDATE flow_message SET status = 'failed', last_error = ?, updated_at = ? ${mine}`, [error(o.error), nowIso, m.id, workerId]);
      return;
    case "unknown":
      report.messages.unknown += 1;
      await db.run(`UPDATE flow_message SET status = 'unknown', last_error = ?, updated_at = ? ${mine}`, [error(o.error), nowIso, m.id, workerId]);
      return;
  }
}

function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** Everything between the claim and the SMTP answer. */
async function processMessage(db: SqlDatabase, m: MessageRow, now: Date, deps: SendDeps, flows: ShopFlows): Promise<Outcome> {
  const kind = m.flow_kind as FlowKind;
  const marketing = Boolean(m.marketing);
  const shop = await db.get<{ status: string; currency: string | null }>(`SELECT status, currency FROM shop WHERE domain = ?`, [m.shop]);
  if (shop?.status !== "active") return { status: "cancelled", reason: "uninstalled" };
  let run: RunRow | undefined;
  if (m.run_id !== null) {
    run = await db.get<RunRow>(`SELECT id, status, stop_reason, locale, context_json, checkout_token FROM flow_run WHERE shop = ? AND id = ?`, [m.shop, m.run_id]);
    if (!run) return { status: "cancelled", reason: "run_missing" };
    if (run.status !== "active") return { status: "cancelled", reason: run.stop_reason ?? run.status };
  }
  const flow = await flows.get(db, m.shop, kind);
  if (!flow?.enabled) return { status: "cancelled", reason: "flow_off" };
  if (!m.email) return { status: "skipped", reason: "no_email" };
  if (await isSuppressed(db, m.shop, m.email)) return { status: "skipped", reason: "unsubscribed", stop: "unsubscribed" };
  const member = m.customer_gid
    ? await db.get<{ first_name: string | null; marketing_consent: string | null; locale: string | null; balance: number; status: string }>(
        `SELECT first_name, marketing_consent, locale, balance, status FROM member WHERE shop = ? AND customer_gid = ?`, [m.shop, m.customer_gid],
      )
    : undefined;
  if (marketing) {
    let accepted: boolean | null = null;
    if (!member?.marketing_consent && run?.checkout_token) {
      const c = await db.get<{ buyer_accepts_marketing: unknown }>(`SELECT buyer_accepts_marketing FROM checkout WHERE shop = ? AND token = ?`, [m.shop, run.checkout_token]);
      accepted = bool(c?.buyer_accepts_marketing);
    }
    if (!hasMarketingConsent(member?.marketing_consent, accepted)) return { status: "skipped", reason: "no_consent", stop: "no_consent" };
  }
  const settings = await loadMailSettings(db, m.shop);
  if (!settings) return { status: "cancelled", reason: "uninstalled" };
  if (!settings.postalAddress?.trim()) return { status: "skipped", reason: "no_postal_address" };
  if (!settings.from) return { status: "skipped", reason: "no_sender" };
  if (marketing) {
    const sendAt = marketingSendTime(now, await lastMarketingSentAt(db, m), settings.quietHours, settings.timezone);
    if (sendAt.getTime() > now.getTime()) return { status: "reschedule", dueAt: sendAt };
  }
  // The control group goes through every check above, then is recorded instead of mailed.
  if (m.holdout) return { status: "held_out" };

  const locale = mailLocale(run?.locale ?? member?.locale ?? null);
  const link = (kind: "unsubscribe" | "click", target?: string) => signedLink(deps.appUrl, kind, m.tracking_token, deps.secret, target ? { target } : {});
  const storefront = settings.storefrontUrl.replace(/\/+$/, "");
  const context = run ? parseJson<Record<string, unknown>>(run.context_json, {}) : {};
  const recoveryUrl = typeof context.recoveryUrl === "string" ? context.recoveryUrl : null;
  const content: MailContent = {
    kind, step: Number(m.step), stepsTotal: run ? flow.steps.length : 1, locale,
    shop: { name: settings.shopName, storefrontUrl: storefront, postalAddress: settings.postalAddress, timezone: settings.timezone },
    shopper: { firstName: member?.first_name ?? null },
    ctaUrl: link("click", storefront),
    unsubscribeUrl: link("unsubscribe"),
  };
  if (kind === "abandoned_checkout") {
    const lines = Array.isArray(context.lines) ? (context.lines as { title: string; quantity: number }[]) : [];
    const currency = typeof context.currency === "string" ? context.currency : null;
    const totalMinor = typeof context.totalMinor === "number" ? context.totalMinor : null;
    content.cart = {
      lines: lines.map((l) => ({ title: String(l.title), quantity: Number(l.quantity) })),
      total: totalMinor !== null && currency ? formatMinorUnits(totalMinor, currency) : null,
      currency,
      recoveryUrl: link("click", recoveryUrl ?? `${storefront}/cart`),
    };
  }
  if (kind === "win_back" && typeof context.lastOrderAt === "string") content.lastOrderAt = context.lastOrderAt;
  if (!run) {
    const program = await programContent(db, m, member ? Number(member.balance) : undefined);
    if (!program) return { status: "cancelled", reason: "event_missing" };
    content.program = program;
  }
  const incentive = run ? flow.steps[Number(m.step)]?.incentive ?? null : null;
  if (incentive) {
    const made = await makeIncentive(db, m, incentive, { now, deps, locale, storefront, recoveryUrl, currency: shop.currency, link });
    if (made.kind === "retry") return { status: "temporary", error: made.error };
    if (made.kind === "ok" && made.incentive) content.incentive = made.incentive;
  }
  const rendered = renderMail(content);
  const unsubscribeUrl = content.unsubscribeUrl!;
  const host = new URL(deps.appUrl).hostname || "kanta.local";
  try {
    const sent = await deps.mailer.send({
      from: settings.from, to: m.email, subject: rendered.subject, text: rendered.text, html: rendered.html,
      headers: unsubscribeHeaders(unsubscribeUrl), messageId: `<flow.${m.tracking_token}@${host}>`,
    });
    return { status: "sent", smtpMessageId: sent.messageId };
  } catch (error) {
    if (!(error instanceof MailError)) return { status: "temporary", error: (error as Error).message };
    switch (error.kind) {
      case "temporary":
      case "unreachable":
        return { status: "temporary", error: error.message };
      case "permanent":
        return { status: "failed", error: error.message };
      case "ambiguous":
        return { status: "unknown", error: error.message };
    }
  }
}

/** The shopper's last marketing flow mail (by customer or email). */
async function lastMarketingSentAt(db: SqlExecutor, m: MessageRow): Promise<Date | null> {
  let last: number | null = null;
  for (const [column, value] of [["customer_gid", m.customer_gid], ["email", m.email]] as const) {
    if (!value) continue;
    const row = await db.get<{ at: unknown }>(
      `SELECT MAX(sent_at) AS at FROM flow_message WHERE shop = ? AND ${column} = ? AND marketing = ? AND status = 'sent'`,
      [m.shop, value, true],
    );
    const at = iso(row?.at);
    if (at && (last === null || Date.parse(at) > last)) last = Date.parse(at);
  }
  return last === null ? null : new Date(last);
}

async function programContent(db: SqlExecutor, m: MessageRow, balance: number | undefined): Promise<MailContent["program"] | null> {
  const eventId = /^event:(\d+)$/.exec(m.dedupe_key)?.[1];
  if (!eventId) return null;
  const ev = await db.get<{ payload_json: string }>(`SELECT payload_json FROM program_event WHERE shop = ? AND id = ?`, [m.shop, Number(eventId)]);
  if (!ev) return null;
  const p = parseJson<Record<string, unknown>>(ev.payload_json, {});
  const out: NonNullable<MailContent["program"]> = {};
  if (typeof p.points === "number") out.points = p.points;
  if (typeof p.expiresAt === "string") out.expiresAt = p.expiresAt;
  if (typeof p.to === "string") out.tierName = p.to;
  if (balance !== undefined) out.balance = balance;
  return out;
}

type IncentiveContext = {
  now: Date; deps: SendDeps; locale: "en" | "fi"; storefront: string; recoveryUrl: string | null; currency: string | null;
  link: (kind: "unsubscribe" | "click", target?: string) => string;
};

/** The step's incentive for this shopper: a one-click own-points link, or a code (created once, reused by retries). */
async function makeIncentive(
  db: SqlDatabase, m: MessageRow, incentive: Incentive, x: IncentiveContext,
): Promise<{ kind: "ok"; incentive: MailIncentive | null } | { kind: "retry"; error: string }> {
  const wantsOwnPoints = incentive.type === "own_points" || incentive.preferOwnPoints;
  if (wantsOwnPoints && m.customer_gid) {
    const rewardId = incentive.type === "own_points" && incentive.rewardId !== null ? Number(incentive.rewardId) : null;
    const offer = await ownPointsOffer(db, m.shop, m.customer_gid, rewardId, x.now);
    if (offer) {
      const hours = incentive.type === "own_points" ? incentive.linkHours : 72;
      const expiresAt = new Date(x.now.getTime() + hours * 3_600_000);
      return {
        kind: "ok",
        incentive: {
          kind: "own_points", points: offer.balance, rewardName: offer.reward.name, expiresAt: expiresAt.toISOString(),
          url: signedLink(x.deps.appUrl, "points", m.tracking_token, x.deps.secret, { expiresAt }),
        },
      };
    }
  }
  if (incentive.type !== "discount" || !x.currency) return { kind: "ok", incentive: null };
  let code = m.code;
  if (!code) {
    // Stored before Shopify is asked, so a retry makes (or finds) the same code.
    const fresh = codeFromBytes(randomBytes(10));
    await db.run(`UPDATE flow_message SET code = ? WHERE id = ? AND code IS NULL`, [fresh, m.id]);
    code = (await db.get<{ code: string | null }>(`SELECT code FROM flow_message WHERE id = ?`, [m.id]))?.code ?? fresh;
  }
  let graphql: AdminGraphql;
  try {
    graphql = await x.deps.admin(m.shop);
  } catch (error) {
    return { kind: "retry", error: `no Admin API access: ${(error as Error).message}` };
  }
  const customerId = m.customer_gid?.split("/").pop();
  const answer = await createFlowCode(graphql, m.shop, {
    code, incentive, currency: x.currency, customerGid: m.customer_gid?.startsWith("gid://") ? m.customer_gid : null, startsAt: x.now,
    title: `Kanta: ${m.flow_kind} mail ${Number(m.step) + 1}${customerId ? ` (customer ${customerId})` : ""}`,
  });
  if (answer.kind === "unreachable") return { kind: "retry", error: answer.reason };
  if (answer.kind === "refused") {
    log.warn("flow code refused by Shopify; the mail goes without it", { shop: m.shop, message: m.id, reason: answer.reason });
    await db.run(`UPDATE flow_message SET code = NULL, last_error = ? WHERE id = ?`, [answer.reason.slice(0, 1000), m.id]);
    return { kind: "ok", incentive: null };
  }
  const endsAt = new Date(x.now.getTime() + incentive.lifetimeDays * 86_400_000).toISOString();
  const currency = x.currency;
  const facts = incentiveDiscountFacts(incentive, currency, (minor) => formatMinorUnits(minor, currency), null);
  return {
    kind: "ok",
    incentive: {
      kind: "code", code, description: describeDiscount(x.locale, facts), endsAt,
      applyUrl: x.link("click", discountLanding(x.storefront, code, x.recoveryUrl)),
    },
  };
}
