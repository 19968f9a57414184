// Win-back timed by each shopper's own rhythm, end to end: signed orders webhooks (processed_at in
// the past of a simulated "now", delivered out of order) give each member their purchase rhythm;
// `scripts/flows.ts run-due --now <time>` child processes (the way cron runs it) start the due
// win-backs and mail them to a real local SMTP server, with the incentive's code created in the
// Admin API emulator. The simulated now lies months ahead, so the app's own pass (real time) never
// finds these members due first.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmulatorStore } from "../../app/emulator/store.server";
import { defaultFlow, type WinBackSettings } from "../../app/flows/config";
import { recomputeRhythms, winBackQueue } from "../../app/flows/win-back.server";
import { saveFlow } from "../../app/storage/flow-config.server";
import type { SqlDatabase } from "../../app/storage/sql.server";
import { waitForInboxDrained, type Provider, type RunningApp } from "../support/app-server";
import { deliver } from "../support/deliver";
import { emulatedCustomer } from "../support/emulator-seed";
import { buildCustomersCreate, buildOrdersPaid, createCustomer, createOrder, createRng, makeShop, type CustomerRecord } from "../support/shopify-payloads";
import { FLOWS_POSTAL as POSTAL, startFlowsShop, type FlowsReport as Report, type FlowsShop } from "../support/flows-shop";
import type { CapturedMail, SmtpTestServer } from "../support/smtp";

const DAY = 86_400_000;

describe.each<Provider>(["sqlite", "postgresql"])("win-back by each shopper's rhythm (%s, real SMTP, emulated Shopify)", (provider) => {
  let app: RunningApp;
  let sql: SqlDatabase;
  let store: EmulatorStore;
  let smtp: SmtpTestServer;
  const rng = createRng(`flows-winback-${provider}`);
  const shop = makeShop({ domain: `winback-${provider}.myshopify.com`, id: String(83_000_000_000 + (provider === "sqlite" ? 1 : 2)) });
  const domain = shop.domain;
  // The simulated now: noon UTC, 200 days ahead.
  const T0 = Math.floor(Date.now() / DAY) * DAY + 200 * DAY + 12 * 3_600_000;
  const iso = (t: number) => new Date(t).toISOString();

  /** The shoppers, by what their orders say. */
  const who: Record<"thirty" | "recent" | "once" | "returns" | "noConsent" | "sameDay", CustomerRecord> = {} as never;

  let flows: FlowsShop;
  beforeAll(async () => {
    flows = await startFlowsShop(provider, shop);
    ({ app, sql, store, smtp } = flows);
  }, 120_000);

  afterAll(async () => {
    await flows?.close();
  });

  const runFlows = (now: number): Promise<Report> => flows.runFlows(now);

  const gid = (c: CustomerRecord) => `gid://shopify/Customer/${c.id}`;
  const mailsTo = (c: CustomerRecord): CapturedMail[] => smtp.messages.filter((m) => m.to.includes(c.email!.toLowerCase()));

  async function send(d: { topic: string; body: string }): Promise<void> {
    expect((await deliver(app.url, domain, d)).status).toBe(200);
  }

  /** A customer known to Shopify and to Kanta (customers/create), then their paid orders placed at `days` before T0, delivered in the order given. */
  async function shopper(marketing: "subscribed" | "not_subscribed", daysBefore: number[]): Promise<CustomerRecord> {
    const c = createCustomer(rng, { marketing, locale: "en" });
    store.upsertCustomers(domain, [emulatedCustomer(c)]);
    await send(buildCustomersCreate(c, shop));
    await waitForInboxDrained(sql);
    for (const d of daysBefore) await pay(c, T0 - d * DAY);
    return c;
  }

  async function pay(c: CustomerRecord, at: number): Promise<void> {
    const order = createOrder(rng, {
      shop, customer: c, currency: "USD", taxRate: 0, financialStatus: "paid", processedAt: new Date(at), createdAt: new Date(at),
      lines: [{ title: "Coffee beans", unitPriceMinor: 1800, quantity: 1 }],
    });
    await send(buildOrdersPaid(order));
    await waitForInboxDrained(sql);
  }

  async function rhythm(c: CustomerRecord) {
    const r = await sql.get<{ last_order_at: unknown; paid_orders: number; cadence_days: number | null; winback_due_at: unknown }>(
      `SELECT last_order_at, paid_orders, cadence_days, winback_due_at FROM member WHERE shop = ? AND customer_gid = ?`, [domain, gid(c)],
    );
    const at = (v: unknown) => (v === null || v === undefined ? null : new Date(String(v)).toISOString());
    return { lastOrderAt: at(r?.last_order_at), paidOrders: Number(r?.paid_orders), cadenceDays: r?.cadence_days ?? null, dueAt: at(r?.winback_due_at) };
  }

  const messages = (c: CustomerRecord) =>
    sql.all<{ step: number; status: string; skip_reason: string | null; due_at: unknown; sent_at: unknown; code: string | null }>(
      `SELECT step, status, skip_reason, due_at, sent_at, code FROM flow_message WHERE shop = ? AND customer_gid = ? ORDER BY step`, [domain, gid(c)],
    ).then((rows) => rows.map((r) => ({
      step: Number(r.step), status: r.status, skip_reason: r.skip_reason, due_at: new Date(String(r.due_at)).toISOString(),
      sent_at: r.sent_at === null ? null : new Date(String(r.sent_at)).toISOString(), code: r.code,
    })));

  const runs = (c: CustomerRecord) =>
    sql.all<{ status: string; stop_reason: string | null; dedupe_key: string; anchor_at: unknown; holdout: unknown; context_json: string }>(
      `SELECT status, stop_reason, dedupe_key, anchor_at, holdout, context_json FROM flow_run WHERE shop = ? AND customer_gid = ? AND flow_kind = 'win_back' ORDER BY id`,
      [domain, gid(c)],
    ).then((rows) => rows.map((r) => ({
      status: r.status, stop_reason: r.stop_reason, dedupe_key: r.dedupe_key, anchor_at: new Date(String(r.anchor_at)).toISOString(),
      holdout: Boolean(r.holdout), context: JSON.parse(r.context_json) as Record<string, unknown>,
    })));

  it("each member's rhythm comes from their orders' dates, not from when the webhooks arrived", async () => {
    // Orders every 30 days, the last 140 days ago, delivered newest first.
    who.thirty = await shopper("subscribed", [140, 170, 200, 230, 260]);
    // The same rhythm, the last order 20 days ago.
    who.recent = await shopper("subscribed", [80, 50, 20]);
    // One order, 91 days ago.
    who.once = await shopper("subscribed", [91]);
    // Every 30 days, the last 100 days ago.
    who.returns = await shopper("subscribed", [190, 160, 130, 100]);
    // Lapsed too, but never agreed to marketing mail.
    who.noConsent = await shopper("not_subscribed", [141, 171, 201]);
    // Two orders on one day: a repeat buyer without a cadence of their own takes the shop's (30 days).
    who.sameDay = await shopper("subscribed", [150, 150]);

    expect(await rhythm(who.thirty)).toEqual({ lastOrderAt: iso(T0 - 140 * DAY), paidOrders: 5, cadenceDays: 30, dueAt: iso(T0 - 80 * DAY) });
    expect(await rhythm(who.recent)).toEqual({ lastOrderAt: iso(T0 - 20 * DAY), paidOrders: 3, cadenceDays: 30, dueAt: iso(T0 + 40 * DAY) });
    expect(await rhythm(who.once)).toEqual({ lastOrderAt: iso(T0 - 91 * DAY), paidOrders: 1, cadenceDays: null, dueAt: iso(T0 - DAY) });
    expect(await rhythm(who.returns)).toEqual({ lastOrderAt: iso(T0 - 100 * DAY), paidOrders: 4, cadenceDays: 30, dueAt: iso(T0 - 40 * DAY) });
    expect(await rhythm(who.noConsent)).toEqual({ lastOrderAt: iso(T0 - 141 * DAY), paidOrders: 3, cadenceDays: 30, dueAt: iso(T0 - 81 * DAY) });
    expect(await rhythm(who.sameDay)).toEqual({ lastOrderAt: iso(T0 - 150 * DAY), paidOrders: 2, cadenceDays: null, dueAt: iso(T0 - 90 * DAY) });
  });

  it("the admin's queue lists who is due and why, soonest first, page by page", async () => {
    const first = await winBackQueue(sql, domain, { limit: 2, now: new Date(T0) });
    const rest = await winBackQueue(sql, domain, { limit: 10, after: first[1]!.cursor, now: new Date(T0) });
    const rows = [...first, ...rest];
    expect(rows.map((r) => [r.customerGid, r.dueAt, r.state, r.mailable])).toEqual([
      [gid(who.sameDay), iso(T0 - 90 * DAY), "due", true],
      [gid(who.noConsent), iso(T0 - 81 * DAY), "due", false],
      [gid(who.thirty), iso(T0 - 80 * DAY), "due", true],
      [gid(who.returns), iso(T0 - 40 * DAY), "due", true],
      [gid(who.once), iso(T0 - DAY), "due", true],
      [gid(who.recent), iso(T0 + 40 * DAY), "upcoming", true],
    ]);
    expect(rows[0]!.why).toEqual({
      lastOrderAt: iso(T0 - 150 * DAY), paidOrders: 2, cadenceDays: null, basis: "shop_cadence", usedCadenceDays: 30,
      expectedNextOrderAt: iso(T0 - 120 * DAY), lapseAfterDays: 60, lapsingSince: iso(T0 - 90 * DAY),
    });
    expect(rows[2]!.why).toEqual({
      lastOrderAt: iso(T0 - 140 * DAY), paidOrders: 5, cadenceDays: 30, basis: "own_cadence", usedCadenceDays: 30,
      expectedNextOrderAt: iso(T0 - 110 * DAY), lapseAfterDays: 60, lapsingSince: iso(T0 - 80 * DAY),
    });
    expect(rows[4]!.why).toEqual({
      lastOrderAt: iso(T0 - 91 * DAY), paidOrders: 1, cadenceDays: null, basis: "one_time_buyer", usedCadenceDays: null,
      expectedNextOrderAt: null, lapseAfterDays: 90, lapsingSince: iso(T0 - DAY),
    });
    expect([rows[1]!.email, rows[1]!.firstName]).toEqual([who.noConsent.email, who.noConsent.firstName]);
    await expect(winBackQueue(sql, domain, { limit: 10, after: "not-a-cursor" })).rejects.toThrow("after must be a cursor from the previous page");
    await expect(winBackQueue(sql, domain, { limit: 0 })).rejects.toThrow("limit must be an integer from 1 to 500");
  });

  it("the 30-day buyer silent for 140 days and the one-time buyer after 91 days get exactly one “we miss you” mail; the 20-day-ago buyer none; a second pass sends nothing", async () => {
    const first = await runFlows(T0);
    expect(first.winBack).toEqual({ started: 4, heldOut: 0 });
    expect(first.messages).toMatchObject({ claimed: 4, sent: 4 });
    for (const c of [who.thirty, who.once, who.returns, who.sameDay]) {
      const mails = mailsTo(c);
      expect(mails).toHaveLength(1);
      const mail = mails[0]!;
      expect(mail.subject).toBe("We miss you at Kanta Demo Store");
      expect(mail.text).toContain(`Hi ${c.firstName},`);
      expect(mail.text).toContain(POSTAL);
      expect(mail.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
      const [step0] = await messages(c);
      expect(step0!.code).toMatch(/^KANTA-[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/);
      expect(mail.text).toContain(step0!.code!);
      expect((await rhythm(c)).dueAt).toBeNull();
    }
    expect(mailsTo(who.recent)).toEqual([]);
    expect(mailsTo(who.noConsent)).toEqual([]);
    // Not mailable: no run, and off the due rows until their rhythm changes.
    expect(await runs(who.noConsent)).toEqual([]);
    expect((await rhythm(who.noConsent)).dueAt).toBeNull();
    expect((await rhythm(who.recent)).dueAt).toBe(iso(T0 + 40 * DAY));

    // The run: one per lapse (keyed by the last order), anchored when it started, with the why-due facts.
    const code = (await messages(who.thirty))[0]!.code;
    expect(await messages(who.thirty)).toEqual([
      { step: 0, status: "sent", skip_reason: null, due_at: iso(T0), sent_at: iso(T0), code },
      { step: 1, status: "scheduled", skip_reason: null, due_at: iso(T0 + 7 * DAY), sent_at: null, code: null },
      { step: 2, status: "scheduled", skip_reason: null, due_at: iso(T0 + 14 * DAY), sent_at: null, code: null },
    ]);
    expect(await runs(who.thirty)).toEqual([{
      status: "active", stop_reason: null, dedupe_key: `winback:${gid(who.thirty)}:${iso(T0 - 140 * DAY)}`, anchor_at: iso(T0), holdout: false,
      context: {
        lastOrderAt: iso(T0 - 140 * DAY), paidOrders: 5, cadenceDays: 30, basis: "own_cadence", usedCadenceDays: 30,
        expectedNextOrderAt: iso(T0 - 110 * DAY), lapseAfterDays: 60, lapsingSince: iso(T0 - 80 * DAY),
      },
    }]);

    const second = await runFlows(T0);
    expect(second.winBack).toEqual({ started: 0, heldOut: 0 });
    expect(second.messages.claimed).toBe(0);
    expect(smtp.messages).toHaveLength(4);
  });

  it("a paid order after the win-back started stops it (its later mails cancelled) and moves the member's due date on", async () => {
    await pay(who.returns, T0 + DAY);
    expect(await runs(who.returns)).toMatchObject([{ status: "stopped", stop_reason: "order_paid" }]);
    expect((await messages(who.returns)).map((m) => [m.step, m.status, m.skip_reason])).toEqual([
      [0, "sent", null], [1, "cancelled", "order_paid"], [2, "cancelled", "order_paid"],
    ]);
    // Occasion gaps 30, 30, 30, 101: the median stays 30; lapsing 60 days after the new order.
    expect(await rhythm(who.returns)).toEqual({ lastOrderAt: iso(T0 + DAY), paidOrders: 5, cadenceDays: 30, dueAt: iso(T0 + 61 * DAY) });

    const week = await runFlows(T0 + 7 * DAY);
    expect(week.winBack).toEqual({ started: 0, heldOut: 0 });
    expect(week.messages).toMatchObject({ claimed: 3, sent: 3 });
    expect(mailsTo(who.returns)).toHaveLength(1);
    for (const c of [who.thirty, who.once, who.sameDay]) {
      expect(mailsTo(c).map((m) => m.subject)).toEqual(["We miss you at Kanta Demo Store", "It's been a while – Kanta Demo Store would love to see you again"]);
    }
  });

  it("recomputing every member's rhythm from the orders (after a history import, or new settings) gives the same facts and keeps started win-backs off the due rows", async () => {
    await sql.run(`UPDATE member SET last_order_at = NULL, paid_orders = 0, cadence_days = NULL, winback_due_at = NULL WHERE shop = ?`, [domain]);
    // Six members' facts, and three due times: the 20-day buyer's, the returning buyer's new one,
    // and the one without consent (due again: no run was ever started for them).
    expect(await recomputeRhythms(sql, domain, new Date(T0 + 7 * DAY))).toBe(9);
    expect(await rhythm(who.thirty)).toEqual({ lastOrderAt: iso(T0 - 140 * DAY), paidOrders: 5, cadenceDays: 30, dueAt: null });
    expect(await rhythm(who.recent)).toEqual({ lastOrderAt: iso(T0 - 20 * DAY), paidOrders: 3, cadenceDays: 30, dueAt: iso(T0 + 40 * DAY) });
    expect(await rhythm(who.once)).toEqual({ lastOrderAt: iso(T0 - 91 * DAY), paidOrders: 1, cadenceDays: null, dueAt: null });
    expect(await rhythm(who.returns)).toEqual({ lastOrderAt: iso(T0 + DAY), paidOrders: 5, cadenceDays: 30, dueAt: iso(T0 + 61 * DAY) });
    expect(await rhythm(who.noConsent)).toEqual({ lastOrderAt: iso(T0 - 141 * DAY), paidOrders: 3, cadenceDays: 30, dueAt: iso(T0 - 81 * DAY) });
    expect(await rhythm(who.sameDay)).toEqual({ lastOrderAt: iso(T0 - 150 * DAY), paidOrders: 2, cadenceDays: null, dueAt: null });
    expect(await recomputeRhythms(sql, domain, new Date(T0 + 7 * DAY))).toBe(0);

    // The merchant makes members lapse later (3 × their cadence): only the due times move.
    const winBack = defaultFlow("win_back");
    await saveFlow(sql, domain, { ...winBack, settings: { ...(winBack.settings as WinBackSettings), lapseFactor: 3 } }, iso(T0 + 7 * DAY));
    expect(await recomputeRhythms(sql, domain, new Date(T0 + 7 * DAY), { dueOnly: true })).toBe(3);
    expect((await rhythm(who.recent)).dueAt).toBe(iso(T0 + 70 * DAY));
    expect((await rhythm(who.returns)).dueAt).toBe(iso(T0 + 91 * DAY));
    expect((await rhythm(who.noConsent)).dueAt).toBe(iso(T0 - 51 * DAY));

    // Switched off: nothing is due.
    await saveFlow(sql, domain, { ...winBack, enabled: false }, iso(T0 + 7 * DAY));
    expect(await recomputeRhythms(sql, domain, new Date(T0 + 7 * DAY), { dueOnly: true })).toBe(3);
    expect(await sql.get(`SELECT COUNT(*) AS n FROM member WHERE shop = ? AND winback_due_at IS NOT NULL`, [domain])).toEqual({ n: 0 });
  });
});
