// Abandoned-checkout recovery end to end: signed checkouts and orders webhooks delivered to the
// production build, the flows sweep run as `scripts/flows.ts run-due --now <time>` child processes
// (the way cron runs it) against the same database, mail received by a real local SMTP server,
// discount codes created in the Admin API emulator. Times are simulated in the future, so the
// app's own 30-second pass (real time, no SMTP configured) never gets to them first.
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmulatorStore } from "../../app/emulator/store.server";
import { inHoldout } from "../../app/flows/holdout";
import { signedLink } from "../../app/mail/links.server";
import type { SqlDatabase } from "../../app/storage/sql.server";
import { ROOT, TEST_SECRET, appEnv, waitForInboxDrained, type Provider, type RunningApp, type TestDatabase } from "../support/app-server";
import { deliver } from "../support/deliver";
import { emulatedCustomer } from "../support/emulator-seed";
import {
  buildAppUninstalled, buildCheckoutsCreate, buildCustomersCreate, buildCustomersRedact, buildOrdersPaid, buildOrdersUpdated, createCustomer, createOrder, createRng,
  formatShopifyTime, makeShop,
  orderTotals, type CustomerRecord, type LineInput, type OrderRecord,
} from "../support/shopify-payloads";
import { FLOWS_POSTAL as POSTAL, startFlowsShop, type FlowsReport as Report, type FlowsShop } from "../support/flows-shop";
import type { CapturedMail, SmtpTestServer } from "../support/smtp";
import { appProxyQuery } from "../support/webhook-signing";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const LINES: LineInput[] = [
  { title: "Merino wool beanie", unitPriceMinor: 2500, quantity: 1 },
  { title: "Linen tea towel", unitPriceMinor: 900, quantity: 2 },
];

describe.each<Provider>(["sqlite", "postgresql"])("abandoned-checkout recovery (%s, real SMTP, emulated Shopify)", (provider) => {
  let db: TestDatabase;
  let app: RunningApp;
  let sql: SqlDatabase;
  let store: EmulatorStore;
  let smtp: SmtpTestServer;
  const rng = createRng(`flows-checkout-${provider}`);
  const shop = makeShop({ domain: `flows-${provider}.myshopify.com`, id: String(82_000_000_000 + (provider === "sqlite" ? 1 : 2)) });
  const domain = shop.domain;
  // Simulated time: each scenario gets its own ten days, starting tomorrow.
  const T0 = Math.ceil(Date.now() / HOUR) * HOUR + DAY;
  const base = (k: number) => T0 + k * 10 * DAY;

  let flows: FlowsShop;
  beforeAll(async () => {
    flows = await startFlowsShop(provider, shop);
    ({ db, app, sql, store, smtp } = flows);
  }, 120_000);

  afterAll(async () => {
    await flows?.close();
  });

  const runFlows = (now: number): Promise<Report> => flows.runFlows(now);

  const mailsTo = (email: string): CapturedMail[] => smtp.messages.filter((m) => m.to.includes(email.toLowerCase()));

  async function send(d: { topic: string; body: string }): Promise<void> {
    const res = await deliver(app.url, domain, d);
    expect(res.status).toBe(200);
    await waitForInboxDrained(sql);
  }

  async function customer(opts: { marketing: "subscribed" | "not_subscribed"; email?: string; known?: boolean }): Promise<CustomerRecord> {
    const c = createCustomer(rng, { marketing: opts.marketing, ...(opts.email ? { email: opts.email } : {}), locale: "en" });
    store.upsertCustomers(domain, [emulatedCustomer(c)]);
    if (opts.known !== false) await send(buildCustomersCreate(c, shop));
    return c;
  }

  /** checkouts/create at `at`; returns its token. */
  async function checkout(at: number, who: { customer?: CustomerRecord | null; email?: string; acceptsMarketing?: boolean }): Promise<string> {
    const payload = buildCheckoutsCreate(rng, { shop, customer: who.customer ?? null, email: who.email ?? null, lines: LINES, createdAt: new Date(at), taxRate: 0 });
    let body = payload.body;
    if (who.acceptsMarketing !== undefined) body = body.replace(/"buyer_accepts_marketing":(true|false)/, `"buyer_accepts_marketing":${who.acceptsMarketing}`);
    await send({ topic: "checkouts/create", body });
    return payload.token;
  }

  /** A paid order at `at` (on the given checkout when a token is passed). */
  async function paidOrder(at: number, who: { customer?: CustomerRecord | null; email?: string }, checkoutToken?: string): Promise<OrderRecord> {
    const order = createOrder(rng, { shop, customer: who.customer ?? null, email: who.email ?? null, lines: LINES, createdAt: new Date(at), taxRate: 0, financialStatus: "paid" });
    if (checkoutToken) order.checkoutToken = checkoutToken;
    await send(buildOrdersPaid(order));
    return order;
  }

  const messages = (email: string) =>
    sql.all<{ step: number; status: string; skip_reason: string | null; due_at: string; sent_at: string | null; attempts: number; code: string | null }>(
      `SELECT step, status, skip_reason, due_at, sent_at, attempts, code FROM flow_message WHERE shop = ? AND email = ? ORDER BY step`, [domain, email],
    ).then((rows) => rows.map((r) => ({
      step: Number(r.step), status: r.status, skip_reason: r.skip_reason, due_at: new Date(String(r.due_at)).toISOString(),
      sent_at: r.sent_at === null ? null : new Date(String(r.sent_at)).toISOString(), attempts: Number(r.attempts), code: r.code,
    })));
  const runs = (email: string) =>
    sql.all<{ status: string; stop_reason: string | null; checkout_token: string }>(
      `SELECT status, stop_reason, checkout_token FROM flow_run WHERE shop = ? AND email = ? ORDER BY id`, [domain, email],
    );
  const iso = (t: number) => new Date(t).toISOString();
  const appLink = (url: string) => url.replace(/^http:\/\/localhost:3000/, app.url);

  it("install turns abandoned-checkout recovery and win-back on with the defaults", async () => {
    const flows = await sql.all<{ kind: string; enabled: number | boolean; steps_json: string }>(`SELECT kind, enabled, steps_json FROM flow WHERE shop = ? ORDER BY kind`, [domain]);
    expect(flows.map((f) => [f.kind, Boolean(f.enabled)])).toEqual([
      ["abandoned_checkout", true], ["points_earned", false], ["points_expiring", true], ["tier_upgrade", true], ["welcome", false], ["win_back", true],
    ]);
    expect(JSON.parse(flows[0]!.steps_json).map((s: { delayHours: number }) => s.delayHours)).toEqual([1, 24, 72]);
  });

  it("a checkout left alone gets exactly one mail after 1 h, with its cart and a working unsubscribe link; after unsubscribing nothing more is sent", async () => {
    const t = base(0);
    const c = await customer({ marketing: "subscribed" });
    const token = await checkout(t, { customer: c });
    const row = await sql.get<{ flow_check_at: string; buyer_accepts_marketing: unknown; locale: string }>(
      `SELECT flow_check_at, buyer_accepts_marketing, locale FROM checkout WHERE shop = ? AND token = ?`, [domain, token],
    );
    expect(new Date(String(row!.flow_check_at)).toISOString()).toBe(iso(t + HOUR));
    expect(Boolean(row!.buyer_accepts_marketing)).toBe(true);
    expect(row!.locale).toBe("en");

    const early = await runFlows(t + HOUR - 60_000);
    expect(early.checkouts.looked).toBe(0);
    expect(mailsTo(c.email!)).toEqual([]);

    const due = await runFlows(t + HOUR);
    expect(due.checkouts).toMatchObject({ looked: 1, started: 1 });
    expect(due.messages.sent).toBe(1);
    const [mail, ...more] = mailsTo(c.email!);
    expect(more).toEqual([]);
    expect(mail!.subject).toBe("Your cart at Kanta Demo Store is waiting for you");
    expect(mail!.from).toBe(`"Kanta Demo Store" <shop@kanta-demo.example>`);
    expect(mail!.text).toContain(`Hi ${c.firstName},`);
    expect(mail!.text).toContain("1 × Merino wool beanie");
    expect(mail!.text).toContain("2 × Linen tea towel");
    expect(mail!.text).toContain("Total: $43.00");
    expect(mail!.text).toContain(POSTAL);
    expect(mail!.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
    const unsubscribe = /^<(http:\/\/localhost:3000\/mail\/unsubscribe\?[^>]+)>$/.exec(mail!.headers["list-unsubscribe"] ?? "")?.[1];
    expect(unsubscribe).toBeDefined();
    expect(mail!.text).toContain(`Unsubscribe: ${unsubscribe}`);
    expect(await messages(c.email!)).toEqual([
      { step: 0, status: "sent", skip_reason: null, due_at: iso(t + HOUR), sent_at: iso(t + HOUR), attempts: 1, code: null },
      { step: 1, status: "scheduled", skip_reason: null, due_at: iso(t + 24 * HOUR), sent_at: null, attempts: 0, code: null },
      { step: 2, status: "scheduled", skip_reason: null, due_at: iso(t + 72 * HOUR), sent_at: null, attempts: 0, code: null },
    ]);
    expect(await sql.get(`SELECT flow_state, flow_check_at FROM checkout WHERE shop = ? AND token = ?`, [domain, token])).toEqual({ flow_state: "started", flow_check_at: null });

    // The link works: a confirmation page, then the unsubscribe itself.
    const page = await fetch(appLink(unsubscribe!));
    expect(page.status).toBe(200);
    const done = await fetch(appLink(unsubscribe!), {
      method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click",
    });
    expect(done.status).toBeLessThan(400);
    expect(await sql.get(`SELECT email, customer_gid, reason FROM mail_suppression WHERE shop = ?`, [domain])).toEqual({
      email: c.email!.toLowerCase(), customer_gid: `gid://shopify/Customer/${c.id}`, reason: "unsubscribed",
    });
    expect(await runs(c.email!)).toEqual([{ status: "stopped", stop_reason: "unsubscribed", checkout_token: token }]);

    await runFlows(t + 24 * HOUR);
    await runFlows(t + 72 * HOUR);
    expect(mailsTo(c.email!)).toHaveLength(1);
    expect((await messages(c.email!)).map((m) => [m.status, m.skip_reason])).toEqual([["sent", null], ["cancelled", "unsubscribed"], ["cancelled", "unsubscribed"]]);
  });

  it("a paid order on the same checkout stops the flow, and the recovered order is credited once with its revenue", async () => {
    const t = base(1);
    const c = await customer({ marketing: "subscribed" });
    const token = await checkout(t, { customer: c });
    await runFlows(t + HOUR);
    expect(mailsTo(c.email!)).toHaveLength(1);

    const order = await paidOrder(t + 2 * HOUR, { customer: c }, token);
    expect(await runs(c.email!)).toEqual([{ status: "stopped", stop_reason: "order_paid", checkout_token: token }]);
    expect(await sql.get(`SELECT flow_state, flow_check_at FROM checkout WHERE shop = ? AND token = ?`, [domain, token])).toEqual({ flow_state: "completed", flow_check_at: null });
    // A replayed or updated order is not a second recovery.
    await send(buildOrdersUpdated(order));
    const conversions = await sql.all<{ flow_kind: string; order_gid: string; via: string; revenue_minor: number; currency: string; holdout: unknown; ordered_at: string }>(
      `SELECT flow_kind, order_gid, via, revenue_minor, currency, holdout, ordered_at FROM flow_conversion WHERE shop = ?`, [domain],
    );
    expect(conversions.map((r) => ({ ...r, revenue_minor: Number(r.revenue_minor), holdout: Boolean(r.holdout), ordered_at: new Date(String(r.ordered_at)).toISOString() }))).toEqual([{
      flow_kind: "abandoned_checkout", order_gid: `gid://shopify/Order/${order.id}`, via: "window", revenue_minor: orderTotals(order).total.shop,
      currency: "USD", holdout: false, ordered_at: iso(t + 2 * HOUR),
    }]);
    expect(orderTotals(order).total.shop).toBe(4300);

    await runFlows(t + 24 * HOUR);
    await runFlows(t + 72 * HOUR);
    expect(mailsTo(c.email!)).toHaveLength(1);
    expect((await messages(c.email!)).map((m) => m.status)).toEqual(["sent", "cancelled", "cancelled"]);
  });

  it("a paid order by the same customer under another email before the first step: no mail at all (whichever webhook comes first)", async () => {
    const t = base(2);
    // The checkout's webhook first, then the order's: the order settles the waiting checkout at once.
    const first = await customer({ marketing: "subscribed" });
    const firstToken = await checkout(t, { customer: first });
    await paidOrder(t + 30 * 60_000, { customer: { ...first, email: `other.${first.id}@example.net` } });
    expect(await sql.get(`SELECT flow_state, flow_check_at FROM checkout WHERE shop = ? AND token = ?`, [domain, firstToken])).toEqual({ flow_state: "not_abandoned", flow_check_at: null });
    // The order's webhook first, the checkout's late: the sweep finds the order.
    const second = await customer({ marketing: "subscribed" });
    await paidOrder(t + 30 * 60_000, { customer: { ...second, email: `other.${second.id}@example.net` } });
    const secondToken = await checkout(t, { customer: second });
    const report = await runFlows(t + HOUR);
    expect(report.checkouts).toMatchObject({ looked: 1, started: 0, skipped: { not_abandoned: 1 } });
    expect(await sql.get(`SELECT flow_state FROM checkout WHERE shop = ? AND token = ?`, [domain, secondToken])).toEqual({ flow_state: "not_abandoned" });
    await runFlows(t + 72 * HOUR);
    for (const c of [first, second]) {
      expect(mailsTo(c.email!)).toEqual([]);
      expect(mailsTo(`other.${c.id}@example.net`)).toEqual([]);
      expect(await runs(c.email!)).toEqual([]);
    }
  });

  it("two checkouts of one shopper (a guest on one device, logged in on another) make one flow, for the newer; its second mail carries a code, moved by the frequency cap", async () => {
    const t = base(3);
    const c = await customer({ marketing: "subscribed" });
    const older = await checkout(t, { email: c.email!, acceptsMarketing: true });
    const newer = await checkout(t + 10 * 60_000, { customer: c });
    const report = await runFlows(t + HOUR + 10 * 60_000);
    expect(report.checkouts).toMatchObject({ looked: 2, started: 1, skipped: { superseded: 1 } });
    expect(await runs(c.email!)).toEqual([{ status: "active", stop_reason: null, checkout_token: newer }]);
    expect(await sql.get(`SELECT flow_state FROM checkout WHERE shop = ? AND token = ?`, [domain, older])).toEqual({ flow_state: "superseded" });
    expect(mailsTo(c.email!)).toHaveLength(1);

    // Step 2 is due 24 h after the newer checkout, 23 h after the first mail: the cap moves it an hour on.
    const capped = await runFlows(t + 24 * HOUR + 10 * 60_000);
    expect(capped.messages).toMatchObject({ rescheduled: 1, sent: 0 });
    expect((await messages(c.email!))[1]).toMatchObject({ status: "scheduled", due_at: iso(t + 25 * HOUR + 10 * 60_000), attempts: 0 });
    await runFlows(t + 25 * HOUR + 10 * 60_000);
    const second = mailsTo(c.email!)[1]!;
    const code = (await messages(c.email!))[1]!.code!;
    expect(code).toMatch(/^KANTA-[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/);
    expect(second.subject).toBe("10% off for your cart at Kanta Demo Store");
    expect(second.text).toContain(`Use the code ${code} for 10% off`);
    const [discount, ...others] = store.discountCodes(domain).filter((d) => d.code === code);
    expect(others).toEqual([]);
    expect(discount!.input).toMatchObject({
      code, usageLimit: 1, appliesOncePerCustomer: true, context: { customers: { add: [`gid://shopify/Customer/${c.id}`] } },
      customerGets: { value: { percentage: 0.1 }, items: { all: true } },
    });
    expect(Date.parse(String(discount!.input.endsAt)) - Date.parse(String(discount!.input.startsAt))).toBe(7 * DAY);
    await runFlows(t + 72 * HOUR + 10 * 60_000);
    expect(mailsTo(c.email!).map((m) => m.subject)).toEqual([
      "Your cart at Kanta Demo Store is waiting for you", "10% off for your cart at Kanta Demo Store", "Last call: your cart at Kanta Demo Store",
    ]);
  });

  it("no marketing consent: the run stops and nothing is mailed (a customer who is not subscribed, and a guest who did not tick the box)", async () => {
    const t = base(4);
    const c = await customer({ marketing: "not_subscribed" });
    await checkout(t, { customer: c });
    const guest = `guest.${t}@example.org`;
    await checkout(t, { email: guest, acceptsMarketing: false });
    const report = await runFlows(t + HOUR);
    expect(report.checkouts).toMatchObject({ looked: 2, started: 2 });
    expect(report.messages).toMatchObject({ sent: 0, skipped: 2 });
    for (const email of [c.email!, guest]) {
      expect(mailsTo(email)).toEqual([]);
      expect((await messages(email)).map((m) => [m.status, m.skip_reason])).toEqual([["skipped", "no_consent"], ["cancelled", "no_consent"], ["cancelled", "no_consent"]]);
      expect((await runs(email)).map((r) => [r.status, r.stop_reason])).toEqual([["stopped", "no_consent"]]);
    }
  });

  it("SMTP down: the mail waits for the backoff, then goes exactly once", async () => {
    const t = base(5);
    const c = await customer({ marketing: "subscribed" });
    await checkout(t, { customer: c });
    await smtp.setMode("down");
    try {
      const down = await runFlows(t + HOUR);
      expect(down.messages).toMatchObject({ claimed: 1, retrying: 1, sent: 0 });
    } finally {
      await smtp.setMode("accept");
    }
    const [first] = await messages(c.email!);
    expect(first).toMatchObject({ status: "scheduled", attempts: 1, due_at: iso(t + HOUR + 60_000), sent_at: null });
    const early = await runFlows(t + HOUR + 30_000);
    expect(early.messages.claimed).toBe(0);
    expect(mailsTo(c.email!)).toEqual([]);
    const retried = await runFlows(t + HOUR + 60_000);
    expect(retried.messages).toMatchObject({ claimed: 1, sent: 1 });
    expect(mailsTo(c.email!)).toHaveLength(1);
    expect((await messages(c.email!))[0]).toMatchObject({ status: "sent", attempts: 2, sent_at: iso(t + HOUR + 60_000) });
  });

  it("holdout 50 %: the control group is recorded (held_out, would-be time) and not mailed; its recovered orders count for the comparison", async () => {
    const t = base(6);
    await runFlows(t); // what earlier shoppers still have due goes first
    const shoppers: CustomerRecord[] = [];
    for (let i = 0; i < 8; i++) {
      const c = await customer({ marketing: "subscribed" });
      shoppers.push(c);
      await checkout(t, { customer: c });
    }
    // The stable control group: a hash of shop, flow and shopper.
    const held = shoppers.filter((c) => inHoldout(domain, "abandoned_checkout", `gid://shopify/Customer/${c.id}`, 50));
    const mailed = shoppers.filter((c) => !held.includes(c));
    expect(held.length).toBeGreaterThan(0);
    expect(mailed.length).toBeGreaterThan(0);
    // A run's place is decided when it starts (here, in the sweep).
    await sql.run(`UPDATE flow SET holdout_pct = 50 WHERE shop = ? AND kind = 'abandoned_checkout'`, [domain]);
    const report = await runFlows(t + HOUR);
    await sql.run(`UPDATE flow SET holdout_pct = 0 WHERE shop = ? AND kind = 'abandoned_checkout'`, [domain]);
    expect(report.checkouts).toMatchObject({ looked: 8, started: 8 });
    expect(report.messages).toMatchObject({ sent: mailed.length, heldOut: held.length });
    for (const c of held) {
      expect(mailsTo(c.email!)).toEqual([]);
      expect((await messages(c.email!))[0]).toMatchObject({ status: "held_out", sent_at: iso(t + HOUR) });
    }
    for (const c of mailed) {
      expect(mailsTo(c.email!)).toHaveLength(1);
      expect((await messages(c.email!))[0]).toMatchObject({ status: "sent", sent_at: iso(t + HOUR) });
    }
    // One recovered order in each group, and one from outside the 7-day window.
    const heldOrder = await paidOrder(t + 3 * DAY, { customer: held[0]! });
    const mailedOrder = await paidOrder(t + 2 * HOUR, { customer: mailed[0]! });
    const lateOrder = mailed[1] ? await paidOrder(t + HOUR + 7 * DAY + 60_000, { customer: mailed[1] }) : null;
    const rows = await sql.all<{ order_gid: string; holdout: unknown; via: string; revenue_minor: number }>(
      `SELECT order_gid, holdout, via, revenue_minor FROM flow_conversion WHERE shop = ? AND order_gid IN (?, ?) ORDER BY holdout`,
      [domain, `gid://shopify/Order/${heldOrder.id}`, `gid://shopify/Order/${mailedOrder.id}`],
    );
    expect(rows.map((r) => [r.order_gid, Boolean(r.holdout), r.via, Number(r.revenue_minor)])).toEqual([
      [`gid://shopify/Order/${mailedOrder.id}`, false, "window", 4300],
      [`gid://shopify/Order/${heldOrder.id}`, true, "window", 4300],
    ]);
    if (lateOrder) expect(await sql.get(`SELECT id FROM flow_conversion WHERE shop = ? AND order_gid = ?`, [domain, `gid://shopify/Order/${lateOrder.id}`])).toBeUndefined();
  });

  // Several workers share one database on PostgreSQL (a SQLite file belongs to one process).
  if (provider === "postgresql") it("two workers at once: exactly one mail", async () => {
    const t = base(7);
    await runFlows(t);
    const c = await customer({ marketing: "subscribed" });
    await checkout(t, { customer: c });
    // Both look at the checkout at once: one starts the run (the SMTP server is down for this pass).
    await smtp.setMode("down");
    let a: Report;
    let b: Report;
    try {
      [a, b] = await Promise.all([runFlows(t + HOUR), runFlows(t + HOUR)]);
    } finally {
      await smtp.setMode("accept");
    }
    expect(a.checkouts.started + b.checkouts.started).toBe(1);
    expect(mailsTo(c.email!)).toEqual([]);
    // The first mail is due again at the same moment for both: exactly one claims and sends it.
    const [x, y] = await Promise.all([runFlows(t + HOUR + 60_000), runFlows(t + HOUR + 60_000)]);
    expect(x.messages.sent + y.messages.sent).toBe(1);
    expect(mailsTo(c.email!)).toHaveLength(1);
    expect((await messages(c.email!))[0]).toMatchObject({ status: "sent", attempts: 2, sent_at: iso(t + HOUR + 60_000) });
  });

  it("the own-points offer: one click redeems the shopper's points into a code on their cart (twice: the same code); not enough points or an expired link spend nothing", async () => {
    const t = base(8);
    await runFlows(t);
    // Two shoppers with 600 points each from an earlier order; 500 points buy the "5 USD off" reward.
    await sql.run(`UPDATE earning_action SET enabled = ? WHERE shop = ?`, [false, domain]);
    const rich = await customer({ marketing: "subscribed" });
    const spent = await customer({ marketing: "subscribed" });
    for (const c of [rich, spent]) {
      const order = createOrder(rng, { shop, customer: c, lines: [{ title: "Coat", unitPriceMinor: 60_000, quantity: 1 }], createdAt: new Date(t - 10 * DAY), taxRate: 0 });
      await send(buildOrdersPaid(order));
    }
    const balance = async (c: CustomerRecord) =>
      Number((await sql.get<{ balance: number }>(`SELECT balance FROM member WHERE shop = ? AND customer_gid = ?`, [domain, `gid://shopify/Customer/${c.id}`]))!.balance);
    const before = await balance(rich);
    expect(before).toBe(600);
    const tokens = new Map<CustomerRecord, string>();
    for (const c of [rich, spent]) tokens.set(c, await checkout(t, { customer: c }));
    await runFlows(t + HOUR);
    await runFlows(t + 25 * HOUR);
    // The order also lifted them into the Silver tier: that program mail went out in the first pass, after the cart's.
    expect(mailsTo(rich.email!).map((m) => m.subject)).toEqual([
      "Your cart at Kanta Demo Store is waiting for you", "Welcome to Silver at Kanta Demo Store", "Use your points for your cart at Kanta Demo Store",
    ]);
    const offer = (c: CustomerRecord) => {
      const mail = mailsTo(c.email!)[2]!;
      expect(mail.subject).toBe("Use your points for your cart at Kanta Demo Store");
      expect(mail.text).toContain("You have 600 points to spend: they buy you 5 USD off your order.");
      return appLink(/Use my points: (\S+)/.exec(mail.text)![1]!);
    };
    const link = offer(rich);
    expect(new URL(link).pathname).toBe("/mail/points");
    // Nothing is spent before the click.
    expect(await balance(rich)).toBe(before);

    const first = await fetch(link, { redirect: "manual" });
    expect(first.status).toBe(302);
    const location = first.headers.get("location")!;
    const code = /\/discount\/(KANTA-[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5})\?redirect=/.exec(location)?.[1];
    expect(code).toBeDefined();
    const recovery = (await sql.get<{ recovery_url: string }>(`SELECT recovery_url FROM checkout WHERE shop = ? AND token = ?`, [domain, tokens.get(rich)!]))!.recovery_url;
    const u = new URL(recovery);
    expect(location).toBe(`https://${domain}/discount/${code}?redirect=${encodeURIComponent(u.pathname + u.search)}`);
    expect(await balance(rich)).toBe(before - 500);
    expect(store.discountCodes(domain).filter((d) => d.code === code)).toHaveLength(1);
    const again = await fetch(link, { redirect: "manual" });
    expect(again.status).toBe(302);
    expect(again.headers.get("location")).toBe(location);
    expect(await balance(rich)).toBe(before - 500);
    const message = (await sql.get<{ id: number; code: string; tracking_token: string }>(
      `SELECT id, code, tracking_token FROM flow_message WHERE shop = ? AND email = ? AND step = 1`, [domain, rich.email!],
    ))!;
    expect(message.code).toBe(code);
    expect(Number((await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM flow_click WHERE shop = ? AND message_id = ?`, [domain, message.id]))!.n)).toBe(2);

    // The other shopper spent their points elsewhere before clicking: a page says so, nothing is spent.
    const q = appProxyQuery({ shop: domain, loggedInCustomerId: spent.id, pathPrefix: "/apps/kanta" }, TEST_SECRET);
    const rewardId = (await sql.get<{ id: number }>(`SELECT id FROM reward WHERE shop = ? AND points_cost = 500`, [domain]))!.id;
    const redeemed = await fetch(`${app.url}/proxy/redeem?${q}`, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ rewardId: String(rewardId), idempotencyKey: `elsewhere-${spent.id}` }),
    });
    expect(redeemed.status).toBe(200);
    const left = await balance(spent);
    expect(left).toBeLessThan(300);
    const poor = await fetch(offer(spent), { redirect: "manual" });
    expect(poor.status).toBe(409);
    expect(await poor.text()).toContain("Not enough points");
    expect(await balance(spent)).toBe(left);

    // An expired link (signed by Kanta, past its time) spends nothing either.
    const expired = await fetch(signedLink(app.url, "points", message.tracking_token, TEST_SECRET, { expiresAt: new Date(Date.now() - 60_000) }), { redirect: "manual" });
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain("This link has expired");
    expect(await balance(rich)).toBe(before - 500);
  });

  it("a mail left sending by a process that died becomes unknown and is never sent again", async () => {
    const t = base(9);
    await runFlows(t);
    const c = await customer({ marketing: "subscribed" });
    await checkout(t, { customer: c });
    await runFlows(t + HOUR);
    // A process claimed the second mail at t + 24 h and died before recording the outcome.
    await sql.run(
      `UPDATE flow_message SET status = 'sending', claimed_by = 'dead-worker', claimed_at = ?, attempts = 1 WHERE shop = ? AND email = ? AND step = 1`,
      [iso(t + 24 * HOUR), domain, c.email!],
    );
    const soon = await runFlows(t + 24 * HOUR + 9 * 60_000);
    expect(soon.interrupted).toBe(0);
    expect((await messages(c.email!))[1]).toMatchObject({ status: "sending" });
    const later = await runFlows(t + 24 * HOUR + 10 * 60_000);
    expect(later.interrupted).toBe(1);
    expect((await messages(c.email!))[1]).toMatchObject({ status: "unknown", attempts: 1, sent_at: null });
    await runFlows(t + 72 * HOUR);
    expect((await messages(c.email!)).map((m) => m.status)).toEqual(["sent", "unknown", "sent"]);
    expect(mailsTo(c.email!).map((m) => m.subject)).toEqual(["Your cart at Kanta Demo Store is waiting for you", "Last call: your cart at Kanta Demo Store"]);
  });

  it("a checkout that completes stops its flow at once", async () => {
    const t = base(10);
    await runFlows(t);
    const c = await customer({ marketing: "subscribed" });
    const payload = buildCheckoutsCreate(rng, { shop, customer: c, lines: LINES, createdAt: new Date(t), taxRate: 0 });
    await send({ topic: "checkouts/create", body: payload.body });
    await runFlows(t + HOUR);
    expect(mailsTo(c.email!)).toHaveLength(1);
    const completedAt = formatShopifyTime(new Date(t + 2 * HOUR), shop.timezoneOffsetMinutes);
    const completed = payload.body
      .replace(/"updated_at":"[^"]*"/, `"updated_at":"${completedAt}"`)
      .replace(/"completed_at":null/, `"completed_at":"${completedAt}"`);
    await send({ topic: "checkouts/update", body: completed });
    expect(await sql.get(`SELECT flow_state, flow_check_at, completed_at FROM checkout WHERE shop = ? AND token = ?`, [domain, payload.token])).toEqual({
      flow_state: "completed", flow_check_at: null, completed_at: iso(t + 2 * HOUR),
    });
    expect((await runs(c.email!)).map((r) => [r.status, r.stop_reason])).toEqual([["stopped", "checkout_completed"]]);
    await runFlows(t + 72 * HOUR);
    expect(mailsTo(c.email!)).toHaveLength(1);
    expect((await messages(c.email!)).map((m) => [m.status, m.skip_reason])).toEqual([["sent", null], ["cancelled", "checkout_completed"], ["cancelled", "checkout_completed"]]);
  });

  it("customers/redact removes the shopper's flow runs, mails and clicks", async () => {
    const t = base(11);
    await runFlows(t);
    const c = await customer({ marketing: "subscribed" });
    await checkout(t, { customer: c });
    await runFlows(t + HOUR);
    expect(mailsTo(c.email!)).toHaveLength(1);
    const click = /Return to your cart: (\S+)/.exec(mailsTo(c.email!)[0]!.text)![1]!;
    expect((await fetch(appLink(click), { redirect: "manual" })).status).toBe(302);
    const gidOf = `gid://shopify/Customer/${c.id}`;
    const count = async (q: string) => Number((await sql.get<{ n: number }>(q, [domain, gidOf]))!.n);
    expect(await count(`SELECT COUNT(*) AS n FROM flow_click WHERE shop = ? AND message_id IN (SELECT id FROM flow_message WHERE customer_gid = ?)`)).toBe(1);
    await send(buildCustomersRedact(shop, { id: c.id, email: c.email, phone: null } as never, []));
    expect(await count(`SELECT COUNT(*) AS n FROM flow_run WHERE shop = ? AND customer_gid = ?`)).toBe(0);
    expect(await count(`SELECT COUNT(*) AS n FROM flow_message WHERE shop = ? AND customer_gid = ?`)).toBe(0);
    expect(Number((await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM flow_message WHERE shop = ? AND email = ?`, [domain, c.email!.toLowerCase()]))!.n)).toBe(0);
  });

  it("run-due refuses a bad --now with exit code 2", async () => {
    const result = await new Promise<{ code: number | null; err: string }>((resolve) => {
      const proc = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", "flows.ts"), "run-due", "--now", "tomorrow"], {
        cwd: ROOT, env: appEnv(db) as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"],
      });
      let err = "";
      proc.stderr.on("data", (d) => (err += d));
      proc.once("exit", (code) => resolve({ code, err }));
    });
    expect(result.code).toBe(2);
    expect(result.err).toContain('--now: not an ISO 8601 date and time with a zone: "tomorrow"');
  });

  it("uninstalling stops every flow at once", async () => {
    const t = base(12);
    await runFlows(t);
    const c = await customer({ marketing: "subscribed" });
    await checkout(t, { customer: c });
    await runFlows(t + HOUR);
    expect(mailsTo(c.email!)).toHaveLength(1);
    await send(buildAppUninstalled(shop));
    expect(Number((await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM flow_run WHERE shop = ? AND status = 'active'`, [domain]))!.n)).toBe(0);
    expect((await runs(c.email!)).map((r) => [r.status, r.stop_reason])).toEqual([["stopped", "uninstalled"]]);
    await runFlows(t + 72 * HOUR);
    expect(mailsTo(c.email!)).toHaveLength(1);
  });
});
