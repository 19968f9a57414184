// The flows admin through the production build against the local Admin API emulator and a real
// local SMTP server: the flows list after install, the performance table on a seeded scenario
// with known outcomes (mailed vs holdout, incremental revenue and its interval), mails in state
// unknown or failed, switching a flow off (its running flows stop), the editor's validation in
// English and Finnish, the free-product check against the store, the win-back settings and queue,
// the preview in both languages, the test mail, and the mail settings.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { defaultFlow, type FlowKind } from "../../app/flows/config";
import { EmulatorStore } from "../../app/emulator/store.server";
import { startRun } from "../../app/storage/flow-runs.server";
import type { SqlDatabase } from "../../app/storage/sql.server";
import { ensureAdminSchema } from "../../scripts/admin-schema.mjs";
import {
  TEST_API_KEY, TEST_SECRET, createTestDatabase, openTestSql, startApp, waitFor, type Provider, type RunningApp, type TestDatabase,
} from "../support/app-server";
import { emulatedShop } from "../support/emulator-seed";
import { DESKTOP_UA, embeddedAppUrl, sessionToken } from "../support/session-token";
import { makeShop } from "../support/shopify-payloads";
import { startSmtpServer, type SmtpTestServer } from "../support/smtp";

const templates = () => ({ sqliteTemplate: inject("sqliteTemplate"), pgAdminUrl: inject("pgAdminUrl"), pgTemplate: inject("pgTemplate") });

const SHOP = "flows-eur.myshopify.com";
const OTHER = "flows-other.myshopify.com";
const SHOP_NAME = "Flows Test Store";
const MUG = "gid://shopify/ProductVariant/5151";
const SENDER = "Kanta Flows <flows@example.com>";

const LIST = "routes/app.flows._index";
const EDITOR = "routes/app.flows.$kind";
const MAIL = "routes/app.settings.mail";

const DAY = 86_400_000;

type Group = {
  recipients: number; sends: number; clicks: number | null; orders: number; convertedRecipients: number; conversionRate: number | null;
  revenueMinor: number; revenuePerRecipientMinor: number | null;
};
type Report = {
  mailed: Group; holdout: Group; incrementalRevenueMinor: number | null; confidenceInterval: { lowMinor: number; highMinor: number } | null;
  conversionLift: number | null;
};
type FlowsPage = {
  period: number;
  currency: string | null;
  flows: { kind: FlowKind; enabled: boolean; marketing: boolean; holdoutPct: number; summary: string }[];
  performance: { kind: FlowKind; report: Report }[];
  problems: { unknown: number; failed: number; latest: { flowKind: string; step: number; email: string | null; status: string; lastError: string | null }[] };
  hasMail: boolean;
  mailConfigured: boolean;
  postalAddressMissing: boolean;
};
type Mail = { subject: string; text: string; html: string };
type EditorPage = {
  kind: FlowKind;
  enabled: boolean;
  values: { steps: { delay: string; delayUnit: string; incentive: string }[]; holdoutPct: string; minCart: string; lapseFactor: string };
  summary: string;
  stepLines: string[];
  previews: Record<"en" | "fi", Mail>[];
  queue: null | {
    rows: { customerGid: string; member: string; state: string; cadenceDays: number | null; lastOrderAt: string | null; expectedAt: string | null; dueAt: string;
      display: Record<string, string> }[];
    next: string | null;
  };
  postalAddressMissing: boolean;
};

describe.each<Provider>(["sqlite", "postgresql"])("Admin: flows (%s, emulated Shopify, local SMTP)", (provider) => {
  let db: TestDatabase;
  let app: RunningApp;
  let sql: SqlDatabase;
  let store: EmulatorStore;
  let smtp: SmtpTestServer;
  let storeFile: string;
  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();

  const headers = (domain: string, extra: Record<string, string> = {}) => ({
    "User-Agent": DESKTOP_UA, Authorization: `Bearer ${sessionToken(domain, TEST_API_KEY, TEST_SECRET)}`, ...extra,
  });

  async function load(domain: string, urlPath: string, route: string, base = app.url) {
    const sep = urlPath.includes("?") ? "&" : "?";
    const res = await fetch(`${base}${urlPath}${sep}_data=${encodeURIComponent(route)}`, { headers: headers(domain), redirect: "manual" });
    return { status: res.status, body: res.status === 204 ? null : await res.json() };
  }

  async function act(domain: string, urlPath: string, route: string, form: Record<string, string>, base = app.url) {
    const sep = urlPath.includes("?") ? "&" : "?";
    const res = await fetch(`${base}${urlPath}${sep}_data=${encodeURIComponent(route)}`, {
      method: "POST",
      headers: headers(domain, { "Content-Type": "application/x-www-form-urlencoded" }),
      body: new URLSearchParams(form),
      redirect: "manual",
    });
    return { status: res.status, body: res.status === 204 ? null : await res.json() };
  }

  const flowsPage = async (domain: string, query = "") => {
    const res = await load(domain, `/app/flows${query}`, LIST);
    expect(res.status).toBe(200);
    return res.body as FlowsPage;
  };
  const editor = async (domain: string, kind: string, query = "") => {
    const res = await load(domain, `/app/flows/${kind}${query}`, EDITOR);
    expect(res.status).toBe(200);
    return res.body as EditorPage;
  };
  const storedFlow = async (domain: string, kind: FlowKind) => {
    const row = await sql.get<{ enabled: boolean | number; steps_json: string; settings_json: string; holdout_pct: number }>(
      `SELECT enabled, steps_json, settings_json, holdout_pct FROM flow WHERE shop = ? AND kind = ?`, [domain, kind],
    );
    return row && { enabled: Boolean(row.enabled), steps: JSON.parse(row.steps_json), settings: JSON.parse(row.settings_json), holdoutPct: Number(row.holdout_pct) };
  };

  let seq = 0;
  /**
   * One recipient as the engine records it: a run, its mails (sent, or held out), clicks on the
   * first mail, and its recovered orders (flow_conversion) in EUR minor units.
   */
  async function seedRecipient(domain: string, kind: FlowKind, r: {
    holdout: boolean; startedAt: number; sends: number; clicks?: number; orders?: number[]; status?: string; lastError?: string;
  }): Promise<number> {
    const n = ++seq;
    const customer = `gid://shopify/Customer/${880_000 + n}`;
    const email = `shopper${n}@example.com`;
    const run = await sql.get<{ id: number }>(
      `INSERT INTO flow_run (shop, flow_kind, shopper_key, active_key, customer_gid, email, holdout, status, locale, context_json, anchor_at, started_at, ended_at, dedupe_key)
       VALUES (?, ?, ?, NULL, ?, ?, ?, 'completed', 'en', '{}', ?, ?, ?, ?) RETURNING id`,
      [domain, kind, customer, customer, email, r.holdout, iso(r.startedAt), iso(r.startedAt), iso(r.startedAt + 3 * DAY), `seed:${n}`],
    );
    const runId = Number(run!.id);
    const messageIds: number[] = [];
    for (let step = 0; step < r.sends; step += 1) {
      const status = r.status ?? (r.holdout ? "held_out" : "sent");
      const at = iso(r.startedAt + step * DAY);
      const sentAt = status === "sent" || status === "held_out" ? at : null;
      const m = await sql.get<{ id: number }>(
        `INSERT INTO flow_message (shop, run_id, flow_kind, step, customer_gid, email, marketing, holdout, status, due_at, attempts, last_error, sent_at,
           tracking_token, dedupe_key, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?) RETURNING id`,
        [domain, runId, kind, step, customer, email, true, r.holdout, status, at, r.lastError ?? null, sentAt, randomBytes(16).toString("base64url"),
          `run:${runId}:${step}`, at, at],
      );
      messageIds.push(Number(m!.id));
    }
    for (let c = 0; c < (r.clicks ?? 0); c += 1) {
      await sql.run(`INSERT INTO flow_click (shop, message_id, url, created_at) VALUES (?, ?, ?, ?)`, [domain, messageIds[0], "https://flows-eur.example/cart", iso(r.startedAt + DAY)]);
    }
    for (const [i, revenue] of (r.orders ?? []).entries()) {
      await sql.run(
        `INSERT INTO flow_conversion (shop, flow_kind, run_id, message_id, order_gid, holdout, via, revenue_minor, currency, ordered_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?, 'window', ?, 'EUR', ?, ?)`,
        [domain, kind, runId, messageIds[0], `gid://shopify/Order/${770_000 + n * 10 + i}`, r.holdout, revenue, iso(r.startedAt + 2 * DAY), iso(r.startedAt + 2 * DAY)],
      );
    }
    return runId;
  }

  beforeAll(async () => {
    ensureAdminSchema();
    smtp = await startSmtpServer();
    db = await createTestDatabase(provider, templates());
    sql = openTestSql(db);
    storeFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kanta-emu-")), "emulator.sqlite");
    store = new EmulatorStore(storeFile);
    store.upsertShop(emulatedShop(makeShop({ domain: SHOP, id: "63000000001", currency: "EUR", name: SHOP_NAME, email: "owner@flows-eur.example" }), { accessToken: "shpat_emulated_offline" }));
    store.upsertShop(emulatedShop(makeShop({ domain: OTHER, id: "63000000002", currency: "EUR", name: "Other Store" }), { accessToken: "shpat_emulated_offline" }));
    store.upsertVariants(SHOP, [{ id: MUG, productTitle: "Travel mug", title: "Large", price: "12.5" }]);
    app = await startApp(db, { KANTA_ADMIN_EMULATOR: "1", KANTA_ADMIN_EMULATOR_DB: storeFile, SMTP_URL: smtp.url, MAIL_FROM: SENDER });
    for (const domain of [SHOP, OTHER]) {
      const res = await fetch(embeddedAppUrl(app.url, domain, TEST_API_KEY, TEST_SECRET), { headers: { "User-Agent": DESKTOP_UA } });
      expect(res.status).toBe(200);
      await waitFor(
        async () => (await sql.get<{ status: string }>(`SELECT status FROM job WHERE shop = ? AND kind = 'install' ORDER BY id DESC LIMIT 1`, [domain]))?.status === "done",
        `install of ${domain}`,
        60_000,
      );
    }
  });

  afterAll(async () => {
    await app?.crash();
    await smtp?.close();
    store?.close();
    await sql?.close();
    await db?.drop();
  });

  it("after install: every flow with its defaults, on or off, and nothing sent yet", async () => {
    const page = await flowsPage(SHOP);
    expect(page.flows.map((f) => [f.kind, f.enabled, f.marketing, f.holdoutPct])).toEqual([
      ["abandoned_checkout", true, true, 0], ["win_back", true, true, 0], ["points_expiring", true, false, 0], ["tier_upgrade", true, false, 0],
      ["welcome", false, false, 0], ["points_earned", false, false, 0],
    ]);
    expect(page.flows[0]!.summary).toBe("3 mails after a shopper leaves checkout: after 1 hour, after 1 day (10 % off), after 3 days.");
    expect(page.flows[1]!.summary).toBe(
      "3 mails when a customer is overdue for their next order, timed by their own rhythm: right away (15 % off), after 7 days, after 14 days.",
    );
    expect(page).toMatchObject({ period: 30, currency: "EUR", performance: [], problems: { unknown: 0, failed: 0, latest: [] }, hasMail: false, mailConfigured: true });
    for (const kind of ["abandoned_checkout", "win_back", "points_expiring", "tier_upgrade", "welcome", "points_earned"] as const) {
      const { kind: _kind, ...defaults } = defaultFlow(kind);
      expect(await storedFlow(SHOP, kind)).toEqual(defaults);
    }
    // The embedded page: the empty state and the warning about Shopify's own abandoned-checkout mail.
    const html = await (await fetch(embeddedAppUrl(app.url, SHOP, TEST_API_KEY, TEST_SECRET, "/app/flows"), { headers: { "User-Agent": DESKTOP_UA } })).text();
    expect(html).toContain("No flow mail sent yet");
    expect(html).toContain("Turn off Shopify&#x27;s own abandoned checkout email");
    const fi = await (await fetch(`${embeddedAppUrl(app.url, SHOP, TEST_API_KEY, TEST_SECRET, "/app/flows")}&locale=fi`, { headers: { "User-Agent": DESKTOP_UA } })).text();
    expect(fi).toContain("Automaatioviestejä ei ole vielä lähetetty");
    expect((await load(SHOP, "/app/flows?period=7", LIST)).status).toBe(400);
  });

  it("a seeded scenario: the performance table shows exactly its numbers, mailed vs holdout", async () => {
    const recent = now - 10 * DAY;
    // Abandoned checkout: 10 mailed recipients, 3 of them recovered orders of 50.00, 30.00 and 20.00 EUR …
    const mailed: [number, number, number[]][] = [
      [3, 2, [5000]], [2, 1, [3000]], [1, 1, [2000]], [3, 1, []], [3, 0, []], [3, 0, []], [2, 0, []], [1, 0, []], [1, 0, []], [1, 0, []],
    ];
    for (const [sends, clicks, orders] of mailed) await seedRecipient(SHOP, "abandoned_checkout", { holdout: false, startedAt: recent, sends, clicks, orders });
    // … 4 held out, 1 of them ordered 20.00 EUR anyway.
    for (const [sends, orders] of [[2, [2000]], [3, []], [3, []], [1, []]] as [number, number[]][]) {
      await seedRecipient(SHOP, "abandoned_checkout", { holdout: true, startedAt: recent, sends, orders });
    }
    // Older than 30 days: only in the 90-day view.
    await seedRecipient(SHOP, "abandoned_checkout", { holdout: false, startedAt: now - 45 * DAY, sends: 1, orders: [7000] });
    // A run whose mails were all cancelled reached nobody.
    await seedRecipient(SHOP, "abandoned_checkout", { holdout: false, startedAt: recent, sends: 2, status: "cancelled" });
    // Win-back: one mailed recipient, no holdout; another run's mails ended unknown and failed.
    await seedRecipient(SHOP, "win_back", { holdout: false, startedAt: recent, sends: 1 });
    await seedRecipient(SHOP, "win_back", { holdout: false, startedAt: recent, sends: 1, status: "unknown", lastError: "connection closed after the message was sent" });
    await seedRecipient(SHOP, "win_back", { holdout: false, startedAt: recent - DAY, sends: 1, status: "failed", lastError: "550 5.7.1 Message refused" });
    // Another shop's recovered order never shows here.
    await seedRecipient(OTHER, "abandoned_checkout", { holdout: false, startedAt: recent, sends: 1, orders: [99_900] });

    const page = await flowsPage(SHOP);
    expect(page.hasMail).toBe(true);
    expect(page.performance.map((p) => p.kind)).toEqual(["abandoned_checkout", "win_back"]);
    const ac = page.performance[0]!.report;
    expect(ac.mailed).toEqual({
      recipients: 10, sends: 20, clicks: 5, orders: 3, convertedRecipients: 3, conversionRate: 0.3, revenueMinor: 10_000, revenuePerRecipientMinor: 1000,
    });
    expect(ac.holdout).toEqual({
      recipients: 4, sends: 9, clicks: null, orders: 1, convertedRecipients: 1, conversionRate: 0.25, revenueMinor: 2000, revenuePerRecipientMinor: 500,
    });
    // (10.00 − 5.00 EUR) × 10 recipients; 95 % interval from the groups' variances (see the unit test's hand computation).
    expect(ac.incrementalRevenueMinor).toBe(5000);
    expect(ac.confidenceInterval).toEqual({ lowMinor: -9682, highMinor: 19_682 });
    expect(ac.conversionLift).toBeCloseTo(0.05, 12);
    const wb = page.performance[1]!.report;
    expect([wb.mailed.recipients, wb.mailed.sends, wb.holdout.recipients, wb.incrementalRevenueMinor, wb.confidenceInterval]).toEqual([1, 1, 0, null, null]);
    // The mails the merchant must see.
    expect(page.problems.unknown).toBe(1);
    expect(page.problems.failed).toBe(1);
    expect(page.problems.latest.map((p) => [p.flowKind, p.step, p.status, p.lastError])).toEqual([
      ["win_back", 0, "unknown", "connection closed after the message was sent"],
      ["win_back", 0, "failed", "550 5.7.1 Message refused"],
    ]);

    // 90 days: the older recipient counts too: 11 mailed, 170.00 EUR; (17,000 · 4 − 2,000 · 11) / 4 = 11,500.
    const ninety = (await flowsPage(SHOP, "?period=90")).performance[0]!.report;
    expect([ninety.mailed.recipients, ninety.mailed.revenueMinor, ninety.incrementalRevenueMinor]).toEqual([11, 17_000, 11_500]);

    // The other shop sees only its own recipient.
    const other = await flowsPage(OTHER);
    expect(other.performance.map((p) => [p.kind, p.report.mailed.recipients, p.report.mailed.revenueMinor])).toEqual([["abandoned_checkout", 1, 99_900]]);
    expect(other.problems.unknown + other.problems.failed).toBe(0);

    // The page renders the figures.
    const html = await (await fetch(embeddedAppUrl(app.url, SHOP, TEST_API_KEY, TEST_SECRET, "/app/flows"), { headers: { "User-Agent": DESKTOP_UA } })).text();
    expect(html).toContain("50.00 EUR (-96.82 EUR to 196.82 EUR)");
    expect(html).toContain("10.00 EUR");
    expect(html).toContain("Unknown outcome: 1 · Failed: 1");
  });

  it("switching a flow off stops its running flows and cancels their unsent mails", async () => {
    const runs: number[] = [];
    await sql.transaction(async (tx) => {
      for (const n of [1, 2]) {
        const started = await startRun(tx, SHOP, {
          flowKind: "win_back", shopperKey: `gid://shopify/Customer/99000${n}`, customerGid: `gid://shopify/Customer/99000${n}`, email: `lapsing${n}@example.com`,
          locale: "en", context: {}, anchorAt: new Date(now + 30 * DAY), dedupeKey: `test-active:${n}`, holdoutPct: 0,
        }, defaultFlow("win_back").steps, new Date(now));
        runs.push(started!.runId);
      }
    });
    const off = await act(SHOP, "/app/flows", LIST, { intent: "set-enabled", kind: "win_back", enabled: "false" });
    expect(off).toEqual({ status: 200, body: { ok: true, message: "Win-back turned off: 2 running flows stopped", stoppedRuns: 2 } });
    const stopped = await sql.all<{ status: string; stop_reason: string; active_key: string | null }>(
      `SELECT status, stop_reason, active_key FROM flow_run WHERE shop = ? AND id IN (?, ?) ORDER BY id`, [SHOP, runs[0], runs[1]],
    );
    expect(stopped).toEqual([
      { status: "stopped", stop_reason: "flow_off", active_key: null }, { status: "stopped", stop_reason: "flow_off", active_key: null },
    ]);
    const mails = await sql.all<{ status: string; skip_reason: string }>(
      `SELECT status, skip_reason FROM flow_message WHERE shop = ? AND run_id IN (?, ?)`, [SHOP, runs[0], runs[1]],
    );
    expect(mails.length).toBe(6);
    expect(new Set(mails.map((m) => `${m.status}:${m.skip_reason}`))).toEqual(new Set(["cancelled:flow_off"]));
    expect((await storedFlow(SHOP, "win_back"))?.enabled).toBe(false);
    expect((await flowsPage(SHOP)).flows[1]).toMatchObject({ kind: "win_back", enabled: false });

    const on = await act(SHOP, "/app/flows?locale=fi", LIST, { intent: "set-enabled", kind: "win_back", enabled: "true" });
    expect(on).toEqual({ status: 200, body: { ok: true, message: "Takaisin voittaminen otettu käyttöön", stoppedRuns: 0 } });
    // Welcome mails are off by default; turning them on stops nothing.
    expect((await act(SHOP, "/app/flows", LIST, { intent: "set-enabled", kind: "welcome", enabled: "true" })).body).toEqual({
      ok: true, message: "Welcome turned on", stoppedRuns: 0,
    });
    expect((await act(SHOP, "/app/flows", LIST, { intent: "set-enabled", kind: "gift_cards", enabled: "true" })).status).toBe(400);
  });

  /** The editor's fields for the default abandoned-checkout flow (steps.<i>.<field>). */
  const acFields = (over: Record<string, string> = {}) => ({
    intent: "save", enabled: "true", holdoutPct: "0", minCart: "",
    "steps.0.delay": "1", "steps.0.delayUnit": "hours", "steps.0.incentive": "none",
    "steps.1.delay": "1", "steps.1.delayUnit": "days", "steps.1.incentive": "percent_off", "steps.1.percent": "10", "steps.1.lifetimeDays": "7",
    "steps.1.preferOwnPoints": "true",
    "steps.2.delay": "3", "steps.2.delayUnit": "days", "steps.2.incentive": "none",
    ...over,
  });

  it("the editor saves steps, settings and the holdout; bad input changes nothing, in English or Finnish", async () => {
    const before = await storedFlow(SHOP, "abandoned_checkout");
    const invalid = acFields({ holdoutPct: "75", "steps.1.delay": "30", "steps.1.delayUnit": "minutes", "steps.1.percent": "150", minCart: "abc", "steps.2.delay": "2" });
    expect(await act(SHOP, "/app/flows/abandoned_checkout", EDITOR, invalid)).toEqual({
      status: 400,
      body: {
        intent: "save",
        errors: {
          holdoutPct: "Holdout must be at most 50",
          "steps.1.delay": "Choose hours or days",
          "steps.1.percent": "Enter a percentage above 0 and at most 100, with up to two decimals",
          minCart: "Enter an amount like 25.00 (EUR has 2 decimals)",
        },
      },
    });
    expect(await act(SHOP, "/app/flows/abandoned_checkout?locale=fi", EDITOR, acFields({ holdoutPct: "75", "steps.2.delay": "12", "steps.2.delayUnit": "hours", minCart: "-5" }))).toEqual({
      status: 400,
      body: {
        intent: "save",
        errors: {
          holdoutPct: "Vertailuryhmä: enintään 50",
          "steps.2.delay": "Jokaisen viestin on tultava myöhemmin kuin edellisen",
          minCart: "Vähimmäisarvo ei voi olla negatiivinen",
        },
      },
    });
    // A free product that is not in the store is refused; Finnish decimals ("2,5") are read.
    expect((await act(SHOP, "/app/flows/abandoned_checkout", EDITOR, acFields({
      "steps.1.incentive": "free_product", "steps.1.variantGid": "gid://shopify/ProductVariant/404",
    }))).body).toEqual({ intent: "save", errors: { "steps.1.variantGid": "No product variant with this id in your store" } });
    expect(await storedFlow(SHOP, "abandoned_checkout")).toEqual(before);

    const saved = await act(SHOP, "/app/flows/abandoned_checkout?locale=fi", EDITOR, acFields({
      holdoutPct: "20", minCart: "25,50",
      "steps.0.delay": "2",
      "steps.1.incentive": "amount_off", "steps.1.amount": "7,5", "steps.1.preferOwnPoints": "false", "steps.1.lifetimeDays": "5",
      "steps.2.incentive": "free_product", "steps.2.variantGid": MUG, "steps.2.lifetimeDays": "10", "steps.2.preferOwnPoints": "true",
      "steps.3.delay": "5", "steps.3.delayUnit": "days", "steps.3.incentive": "own_points", "steps.3.rewardId": "", "steps.3.linkHours": "48",
    }));
    expect(saved).toEqual({ status: 200, body: { intent: "save", ok: true, message: "Hylätyn kassan muistutus tallennettu", stoppedRuns: 0 } });
    expect(await storedFlow(SHOP, "abandoned_checkout")).toEqual({
      enabled: true, holdoutPct: 20, settings: { minCartMinor: 2550 },
      steps: [
        { delayHours: 2, incentive: null },
        { delayHours: 24, incentive: { type: "discount", kind: "amount_off", percentBps: null, valueMinor: 750, variantGid: null, lifetimeDays: 5, preferOwnPoints: false } },
        { delayHours: 72, incentive: { type: "discount", kind: "free_product", percentBps: null, valueMinor: null, variantGid: MUG, lifetimeDays: 10, preferOwnPoints: true } },
        { delayHours: 120, incentive: { type: "own_points", rewardId: null, linkHours: 48 } },
      ],
    });
    const page = await editor(SHOP, "abandoned_checkout");
    expect(page.values.steps.map((s) => [s.delay, s.delayUnit, s.incentive])).toEqual([
      ["2", "hours", "none"], ["1", "days", "amount_off"], ["3", "days", "free_product"], ["5", "days", "own_points"],
    ]);
    expect(page.values).toMatchObject({ holdoutPct: "20", minCart: "25.50" });
    expect(page.summary).toBe(
      "4 mails after a shopper leaves checkout: after 2 hours, after 1 day (7.50 EUR off), after 3 days (a free product), after 5 days (the shopper's own points). 20 % are held out as a control group.",
    );
    // An own-points link may name only one of the shop's active rewards.
    expect((await act(SHOP, "/app/flows/abandoned_checkout", EDITOR, acFields({ "steps.1.incentive": "own_points", "steps.1.rewardId": "999999", "steps.1.linkHours": "24" }))).body)
      .toEqual({ intent: "save", errors: { "steps.1.rewardId": "Choose one of your active rewards" } });
    expect((await load(SHOP, "/app/flows/gift_cards", EDITOR)).status).toBe(404);
  });

  it("switching a flow off in the editor stops its running flows", async () => {
    await sql.transaction(async (tx) => {
      await startRun(tx, SHOP, {
        flowKind: "abandoned_checkout", shopperKey: "email:left@example.com", customerGid: null, email: "left@example.com", checkoutToken: "tok-left",
        locale: "fi", context: {}, anchorAt: new Date(now + 30 * DAY), dedupeKey: "checkout:tok-left", holdoutPct: 0,
      }, defaultFlow("abandoned_checkout").steps, new Date(now));
    });
    const off = await act(SHOP, "/app/flows/abandoned_checkout", EDITOR, acFields({ enabled: "false" }));
    expect(off).toEqual({ status: 200, body: { intent: "save", ok: true, message: "Abandoned checkout recovery saved and turned off: 1 running flow stopped", stoppedRuns: 1 } });
    const run = await sql.get<{ status: string; stop_reason: string }>(`SELECT status, stop_reason FROM flow_run WHERE shop = ? AND dedupe_key = 'checkout:tok-left'`, [SHOP]);
    expect(run).toEqual({ status: "stopped", stop_reason: "flow_off" });
    expect((await act(SHOP, "/app/flows/abandoned_checkout", EDITOR, acFields())).body).toMatchObject({ ok: true, stoppedRuns: 0 });
  });

  it("win-back: saving its settings moves the members' due times, and the queue says why each is due", async () => {
    const lastA = iso(now - 20 * DAY);
    const lastB = iso(now - 10 * DAY);
    for (const [gid, email, first, orders, cadence, last] of [
      ["gid://shopify/Customer/7001", "once@example.com", "Olli", 1, null, lastA],
      ["gid://shopify/Customer/7002", "often@example.com", "Tiina", 4, 30, lastB],
    ] as const) {
      await sql.run(
        `INSERT INTO member (shop, customer_gid, email, first_name, last_name, marketing_consent, status, balance, paid_orders, cadence_days, last_order_at, joined_at)
         VALUES (?, ?, ?, ?, 'Member', 'subscribed', 'active', 0, ?, ?, ?, ?)`,
        [SHOP, gid, email, first, orders, cadence, last, iso(now - 400 * DAY)],
      );
    }
    const fields = {
      intent: "save", enabled: "true", holdoutPct: "0", lapseFactor: "3", minLapseDays: "30", oneTimeBuyerDays: "60", minCadenceDays: "7", maxCadenceDays: "365",
      "steps.0.delay": "0", "steps.0.delayUnit": "hours", "steps.0.incentive": "percent_off", "steps.0.percent": "15", "steps.0.lifetimeDays": "14",
      "steps.0.preferOwnPoints": "true",
      "steps.1.delay": "7", "steps.1.delayUnit": "days", "steps.1.incentive": "none",
      "steps.2.delay": "14", "steps.2.delayUnit": "days", "steps.2.incentive": "none",
    };
    expect((await act(SHOP, "/app/flows/win_back?locale=fi", EDITOR, { ...fields, lapseFactor: "0,5", minCadenceDays: "400" })).body).toEqual({
      intent: "save",
      errors: {
        lapseFactor: "Hiipumiskerroin: vähintään 1",
        minCadenceDays: "Lyhin ostorytmi: enintään 365",
        maxCadenceDays: "Pisimmän ostorytmin on oltava vähintään yhtä pitkä kuin lyhimmän",
      },
    });
    expect((await act(SHOP, "/app/flows/win_back", EDITOR, fields)).body).toEqual({ intent: "save", ok: true, message: "Win-back saved", stoppedRuns: 0 });
    expect((await storedFlow(SHOP, "win_back"))?.settings).toEqual({ lapseFactor: 3, minLapseDays: 30, oneTimeBuyerDays: 60, minCadenceDays: 7, maxCadenceDays: 365 });
    const due = await sql.all<{ customer_gid: string; winback_due_at: string }>(
      `SELECT customer_gid, winback_due_at FROM member WHERE shop = ? AND customer_gid IN ('gid://shopify/Customer/7001', 'gid://shopify/Customer/7002') ORDER BY customer_gid`, [SHOP],
    );
    // One-time buyer: 60 days after the order; every 30 days: 3 × 30 = 90 days after the last.
    expect(due.map((d) => [d.customer_gid, new Date(d.winback_due_at).toISOString()])).toEqual([
      ["gid://shopify/Customer/7001", iso(Date.parse(lastA) + 60 * DAY)],
      ["gid://shopify/Customer/7002", iso(Date.parse(lastB) + 90 * DAY)],
    ]);
    const queue = (await editor(SHOP, "win_back")).queue!;
    expect(queue.next).toBeNull();
    expect(queue.rows.map((r) => [r.customerGid, r.member, r.state, r.cadenceDays, r.lastOrderAt, r.expectedAt, r.dueAt])).toEqual([
      ["gid://shopify/Customer/7001", "Olli Member", "upcoming", null, lastA, null, iso(Date.parse(lastA) + 60 * DAY)],
      ["gid://shopify/Customer/7002", "Tiina Member", "upcoming", 30, lastB, iso(Date.parse(lastB) + 30 * DAY), iso(Date.parse(lastB) + 90 * DAY)],
    ]);
    expect(queue.rows.map((r) => [r.display.cadence, r.display.why])).toEqual([
      ["One order so far", "One-time buyer: overdue 60 days after the order"],
      ["every 30 days", "Orders every 30 days: overdue 90 days after the last order"],
    ]);
    expect((await load(SHOP, "/app/flows/win_back?after=bogus", EDITOR)).status).toBe(400);
  });

  it("previews every mail in English and Finnish, and the merchant's edits before saving", async () => {
    const saved = await editor(SHOP, "win_back");
    expect(saved.previews.length).toBe(3);
    expect(saved.previews.map((p) => [p.en.subject, p.fi.subject])).toEqual([
      [`We miss you at ${SHOP_NAME}`, `Meillä on ikävä sinua – ${SHOP_NAME}`],
      [`It's been a while – ${SHOP_NAME} would love to see you again`, `Siitä on jo aikaa – ${SHOP_NAME} odottaa sinua takaisin`],
      [`Last chance to come back to ${SHOP_NAME}`, `Viimeinen tilaisuus palata – ${SHOP_NAME}`],
    ]);
    expect(saved.previews[0]!.en.html).toContain("SAMPLE-4XM9");
    expect(saved.previews[0]!.en.html).toContain("15% off");
    expect(saved.previews[0]!.fi.html).toContain("15 %:n alennus");

    const ac = await editor(SHOP, "abandoned_checkout");
    expect(ac.previews[1]!.en.subject).toBe(`10% off for your cart at ${SHOP_NAME}`);
    expect(ac.previews[0]!.en.html).toContain("Merino wool beanie");
    expect(ac.previews[0]!.fi.html).toContain("Merinovillapipo");
    // Unsaved edits: a percentage at the second step.
    const before = await storedFlow(SHOP, "abandoned_checkout");
    const preview = await act(SHOP, "/app/flows/abandoned_checkout", EDITOR, acFields({ intent: "preview", "steps.1.percent": "12.5" }));
    expect(preview.status).toBe(200);
    const previews = (preview.body as { previews: Record<"en" | "fi", Mail>[] }).previews;
    expect(previews.map((p) => p.en.subject)).toEqual([
      `Your cart at ${SHOP_NAME} is waiting for you`, `12.5% off for your cart at ${SHOP_NAME}`, `Last call: your cart at ${SHOP_NAME}`,
    ]);
    expect(previews[1]!.fi.subject).toBe(`12,5 %:n alennus ostoskoriisi – ${SHOP_NAME}`);
    expect(await storedFlow(SHOP, "abandoned_checkout")).toEqual(before);
    // Program mails preview their one mail.
    const expiring = await editor(SHOP, "points_expiring");
    expect(expiring.previews.length).toBe(1);
    expect(expiring.previews[0]!.fi.subject).toContain("vanhenee");
  });

  it("mail settings: sender, postal address and quiet hours; bad input in Finnish changes nothing", async () => {
    expect((await act(SHOP, "/app/settings/mail?locale=fi", MAIL, {
      intent: "save", from: "not an address", postalAddress: "x".repeat(501), quietHours: "true", quietStart: "25:00", quietEnd: "08:00",
    })).body).toEqual({
      errors: {
        from: "Anna sähköpostiosoite tai nimi ja osoite, kuten Kanta Shop <hello@example.com>",
        postalAddress: "Postiosoitteessa saa olla enintään 500 merkkiä",
        quietStart: "Anna kellonaika muodossa 21:00",
      },
    });
    expect((await act(SHOP, "/app/settings/mail", MAIL, { intent: "save", from: "", postalAddress: "", quietHours: "true", quietStart: "21:00", quietEnd: "21:00" })).body)
      .toEqual({ errors: { quietEnd: "Quiet hours must start and end at different times" } });
    const saved = await act(SHOP, "/app/settings/mail", MAIL, {
      intent: "save", from: "Flows Test Store <hello@flows-eur.example>", postalAddress: "Kauppakatu 1\n00100 Helsinki\nFinland", quietHours: "true",
      quietStart: "21:30", quietEnd: "8:00",
    });
    expect(saved).toEqual({ status: 200, body: { ok: true, message: "Mail settings saved" } });
    const row = await sql.get(`SELECT mail_from, postal_address, quiet_start_minute, quiet_end_minute FROM shop WHERE domain = ?`, [SHOP]);
    expect(row).toEqual({ mail_from: "Flows Test Store <hello@flows-eur.example>", postal_address: "Kauppakatu 1\n00100 Helsinki\nFinland", quiet_start_minute: 1290, quiet_end_minute: 480 });
    expect((await load(SHOP, "/app/settings/mail", MAIL)).body).toMatchObject({
      from: "Flows Test Store <hello@flows-eur.example>", fallbackFrom: SENDER, postalAddress: "Kauppakatu 1\n00100 Helsinki\nFinland",
      quietHours: { start: "21:30", end: "08:00" },
    });
    expect((await flowsPage(SHOP)).postalAddressMissing).toBe(false);
    // The preview carries the postal address.
    expect((await editor(SHOP, "abandoned_checkout")).previews[0]!.en.html).toContain("00100 Helsinki");
  });

  it("a test mail arrives at the SMTP server: to the shop's contact email, or a typed address", async () => {
    smtp.clear();
    const toOwner = await act(SHOP, "/app/flows/abandoned_checkout", EDITOR, { intent: "test", step: "1", locale: "en" });
    expect(toOwner).toEqual({ status: 200, body: { intent: "test", ok: true, message: "Test mail sent to owner@flows-eur.example", to: "owner@flows-eur.example" } });
    const typed = await act(SHOP, "/app/flows/win_back?locale=fi", EDITOR, { intent: "test", step: "0", locale: "fi", to: "merchant@example.com" });
    expect(typed.body).toEqual({ intent: "test", ok: true, message: "Testiviesti lähetetty osoitteeseen merchant@example.com", to: "merchant@example.com" });
    const [first, second] = await smtp.waitForMessages(2);
    expect(first!.to).toEqual(["owner@flows-eur.example"]);
    expect(first!.from).toBe('"Flows Test Store" <hello@flows-eur.example>');
    expect(first!.subject).toBe(`[Test] 10% off for your cart at ${SHOP_NAME}`);
    expect(first!.text).toContain("Merino wool beanie");
    expect(first!.text).toContain("00100 Helsinki");
    expect(second!.to).toEqual(["merchant@example.com"]);
    expect(second!.subject).toBe(`[Testi] Meillä on ikävä sinua – ${SHOP_NAME}`);
    expect(second!.text).toContain("Maija");
    // Nothing of it is recorded as a flow mail.
    expect(Number((await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM flow_message WHERE shop = ? AND (email = 'merchant@example.com' OR email = 'owner@flows-eur.example')`, [SHOP]))?.n)).toBe(0);
    // Bad input: no mail.
    expect((await act(SHOP, "/app/flows/abandoned_checkout", EDITOR, { intent: "test", step: "9", locale: "sv", to: "nobody" })).body).toEqual({
      intent: "test",
      errors: { step: "Choose one of the flow's mails", locale: "Choose English or Finnish", to: "Enter an email address like you@example.com" },
    });
    expect(smtp.messages.length).toBe(2);
  });

  it("without SMTP_URL a test mail gets a clear error", async () => {
    const noMail = await startApp(db, { KANTA_ADMIN_EMULATOR: "1", KANTA_ADMIN_EMULATOR_DB: storeFile });
    try {
      const res = await act(SHOP, "/app/flows/abandoned_checkout", EDITOR, { intent: "test", step: "0", locale: "en" }, noMail.url);
      expect(res).toEqual({
        status: 409,
        body: {
          intent: "test",
          errors: { form: "No mail server is configured: set SMTP_URL (for example smtp://user:password@smtp.example.com:587) and restart Kanta to send mail." },
        },
      });
      expect((await load(SHOP, "/app/flows", LIST, noMail.url)).body).toMatchObject({ mailConfigured: false });
    } finally {
      await noMail.stop();
    }
  });
});
