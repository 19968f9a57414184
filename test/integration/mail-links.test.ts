// The links in flow mails, over real HTTP against the production build: the signed unsubscribe link
// (a confirmation page, the one-click POST of RFC 8058 honoured at once, consent written back to
// Shopify through the emulated Admin API) and the tracked click redirect. Messages are inserted
// directly; the sending engine is tested elsewhere.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { EmulatorStore } from "../../app/emulator/store.server";
import { renderMail, sampleMailContent } from "../../app/flows/templates";
import { signedLink, unsubscribeHeaders } from "../../app/mail/links.server";
import { createMailer } from "../../app/mail/mailer.server";
import { maskEmail } from "../../app/mail/pages";
import { startRun } from "../../app/storage/flow-runs.server";
import type { SqlDatabase } from "../../app/storage/sql.server";
import { ensureAdminSchema } from "../../scripts/admin-schema.mjs";
import { installShop, seedMembers } from "../support/admin-seed";
import {
  TEST_SECRET, createTestDatabase, openTestSql, startApp, waitFor, type Provider, type RunningApp, type TestDatabase,
} from "../support/app-server";
import { createRng, makeShop } from "../support/shopify-payloads";
import { startMailCatcher, type DemoMailCatcher } from "../../scripts/lib/demo-mail";

const templates = () => ({ sqliteTemplate: inject("sqliteTemplate"), pgAdminUrl: inject("pgAdminUrl"), pgTemplate: inject("pgTemplate") });

const STEPS = [{ delayHours: 1, incentive: null }, { delayHours: 24, incentive: null }, { delayHours: 72, incentive: null }];

describe.each<Provider>(["sqlite", "postgresql"])("mail links: unsubscribe and click (%s)", (provider) => {
  let db: TestDatabase;
  let app: RunningApp;
  let sql: SqlDatabase;
  let store: EmulatorStore;
  let catcher: DemoMailCatcher;
  const mailDir = fs.mkdtempSync(path.join(os.tmpdir(), "kanta-mail-"));
  const shop = makeShop({ domain: `mail-links-${provider}.myshopify.com`, id: String(82_000_000_000 + (provider === "sqlite" ? 1 : 2)) });
  const domain = shop.domain;
  let customerGid = "";
  const email = `maija.${provider}@example.com`;

  beforeAll(async () => {
    ensureAdminSchema();
    db = await createTestDatabase(provider, templates());
    sql = openTestSql(db);
    const storeFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kanta-emu-")), "emulator.sqlite");
    store = new EmulatorStore(storeFile);
    catcher = await startMailCatcher(mailDir);
    app = await startApp(db, {
      KANTA_ADMIN_EMULATOR: "1", KANTA_ADMIN_EMULATOR_DB: storeFile, METAFIELD_SYNC_INTERVAL_MS: "60000", KANTA_DEMO_MAIL_DIR: mailDir,
    });
    await installShop(app.url, sql, store, shop);
    const [member] = await seedMembers(app.url, sql, store, shop, createRng(`mail-links-${provider}`), [
      { firstName: "Maija", lastName: "Meikäläinen", email, orders: [] },
    ]);
    customerGid = `gid://shopify/Customer/${member!.customer.id}`;
  }, 180_000);

  afterAll(async () => {
    await app?.stop();
    await catcher?.close();
    store?.close();
    await sql?.close();
    await db?.drop();
  });

  /** An active abandoned-checkout run with its three mails scheduled far ahead; returns the first mail. */
  async function scheduledRun(who: { customerGid: string | null; email: string }, key: string, locale: string) {
    const run = await sql.transaction((tx) =>
      startRun(tx, domain, {
        flowKind: "abandoned_checkout", shopperKey: who.customerGid ?? `email:${who.email}`, customerGid: who.customerGid, email: who.email,
        checkoutToken: key, locale, context: {}, anchorAt: new Date("2099-01-01T00:00:00Z"), dedupeKey: `checkout:${key}`, holdoutPct: 0,
      }, STEPS, new Date()));
    const message = await sql.get<{ id: number; tracking_token: string }>(
      `SELECT id, tracking_token FROM flow_message WHERE shop = ? AND run_id = ? AND step = 0`, [domain, run!.runId],
    );
    return { runId: run!.runId, messageId: Number(message!.id), token: message!.tracking_token };
  }

  const runState = async (runId: number) => {
    const run = await sql.get<{ status: string; stop_reason: string | null; active_key: string | null }>(
      `SELECT status, stop_reason, active_key FROM flow_run WHERE shop = ? AND id = ?`, [domain, runId]);
    const messages = await sql.all<{ status: string; skip_reason: string | null }>(
      `SELECT status, skip_reason FROM flow_message WHERE shop = ? AND run_id = ? ORDER BY step`, [domain, runId]);
    return { ...run, messages: messages.map((m) => [m.status, m.skip_reason]) };
  };
  const suppressions = () =>
    sql.all<{ email: string; customer_gid: string | null; reason: string; source: string; consent_synced_at: unknown; consent_error: string | null }>(
      `SELECT email, customer_gid, reason, source, consent_synced_at, consent_error FROM mail_suppression WHERE shop = ? ORDER BY id`, [domain]);
  const oneClick = (url: string) =>
    fetch(url, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click", redirect: "manual" });

  it("install stored the shop's postal address from Shopify's billing address", async () => {
    const row = await sql.get<{ postal_address: string | null }>(`SELECT postal_address FROM shop WHERE domain = ?`, [domain]);
    expect(row?.postal_address).toBe("Mannerheimintie 1, 00100 Helsinki, Finland");
  });

  it("GET shows a confirmation page in the run's language and changes nothing", async () => {
    const { runId, token } = await scheduledRun({ customerGid, email }, "page", "fi-FI");
    const url = signedLink(app.url, "unsubscribe", token, TEST_SECRET);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    const html = await res.text();
    expect(html).toContain('<html lang="fi">');
    expect(html).toContain("<title>Perutaanko kaupan Kanta Demo Store viestit?</title>");
    expect(html).toContain(`Osoitteeseen ${maskEmail(email)} ei enää lähetetä kaupan Kanta Demo Store markkinointiviestejä.`);
    expect(maskEmail(email)).toBe("m••••••••@example.com");
    expect(html).toContain(`<form method="post" action="${new URL(url).pathname}${new URL(url).search.replace(/&/g, "&amp;")}">`);
    expect(html).toContain(">Peru tilaus</button>");
    expect(await suppressions()).toEqual([]);
    expect(await runState(runId)).toEqual({
      status: "active", stop_reason: null, active_key: customerGid,
      messages: [["scheduled", null], ["scheduled", null], ["scheduled", null]],
    });
    // Stopped by hand: the next test starts the shopper's active run.
    await sql.run(`UPDATE flow_run SET status = 'stopped', stop_reason = 'superseded', active_key = NULL WHERE id = ?`, [runId]);
    await sql.run(`UPDATE flow_message SET status = 'cancelled', skip_reason = 'superseded' WHERE run_id = ?`, [runId]);
  });

  it("a tampered signature or an unknown message → 400 and nothing changes", async () => {
    const { runId, token } = await scheduledRun({ customerGid, email }, "tampered", "en");
    const url = new URL(signedLink(app.url, "unsubscribe", token, TEST_SECRET));
    const sig = url.searchParams.get("s")!;
    url.searchParams.set("s", (sig[0] === "A" ? "B" : "A") + sig.slice(1));
    const tampered = await oneClick(url.toString());
    expect(tampered.status).toBe(400);
    expect(await tampered.text()).toBe("Invalid unsubscribe link\n");
    const page = await fetch(url, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "confirm=1" });
    expect(page.status).toBe(400);
    expect(await page.text()).toContain("<title>This link does not work</title>");
    expect((await fetch(url)).status).toBe(400);
    const unknown = await oneClick(signedLink(app.url, "unsubscribe", "AAAAAAAAAAAAAAAAAAAAAA", TEST_SECRET));
    expect(unknown.status).toBe(400);
    const asClick = await oneClick(signedLink(app.url, "click", token, TEST_SECRET, { target: "https://example.com/" }).replace("/mail/click", "/mail/unsubscribe"));
    expect(asClick.status).toBe(400);
    expect(await suppressions()).toEqual([]);
    expect(await runState(runId)).toMatchObject({ status: "active", messages: [["scheduled", null], ["scheduled", null], ["scheduled", null]] });
  });

  it("one-click POST: suppressed at once, the run stopped and its mails cancelled, consent UNSUBSCRIBED in Shopify; a second POST changes nothing", async () => {
    const run = await sql.get<{ id: number }>(`SELECT id FROM flow_run WHERE shop = ? AND status = 'active' AND customer_gid = ?`, [domain, customerGid]);
    const message = await sql.get<{ tracking_token: string }>(
      `SELECT tracking_token FROM flow_message WHERE shop = ? AND run_id = ? AND step = 2`, [domain, run!.id]);
    const url = signedLink(app.url, "unsubscribe", message!.tracking_token, TEST_SECRET);
    const before = Date.now();
    const res = await oneClick(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("Unsubscribed\n");
    const [row, ...more] = await suppressions();
    expect(more).toEqual([]);
    expect(row).toMatchObject({ email, customer_gid: customerGid, reason: "unsubscribed", source: "one_click" });
    expect(await runState(Number(run!.id))).toEqual({
      status: "stopped", stop_reason: "unsubscribed", active_key: null,
      messages: [["cancelled", "unsubscribed"], ["cancelled", "unsubscribed"], ["cancelled", "unsubscribed"]],
    });

    await waitFor(async () => (await suppressions())[0]?.consent_synced_at ?? null, "consent written back");
    const updates = store.consentUpdates(domain);
    expect(updates.map((u) => [u.customerId, u.marketingState])).toEqual([[customerGid, "UNSUBSCRIBED"]]);
    expect(Date.parse(String(updates[0]!.consentUpdatedAt))).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 - 1000);
    expect(store.customer(domain, customerGid)?.emailMarketingConsent?.marketingState).toBe("UNSUBSCRIBED");
    expect((await suppressions())[0]?.consent_error).toBeNull();
    const member = await sql.get<{ marketing_consent: string }>(`SELECT marketing_consent FROM member WHERE shop = ? AND customer_gid = ?`, [domain, customerGid]);
    expect(member?.marketing_consent).toBe("unsubscribed");

    const again = await oneClick(url);
    expect(again.status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect((await suppressions()).map((s) => [s.email, s.source])).toEqual([[email, "one_click"]]);
    expect(store.consentUpdates(domain)).toHaveLength(1);

    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<title>You are unsubscribed</title>");
  });

  it("the page's button unsubscribes a guest; without a Shopify customer nothing is written back", async () => {
    const guest = `guest.${provider}@example.com`;
    const { runId, token } = await scheduledRun({ customerGid: null, email: guest }, "guest", "en");
    const url = signedLink(app.url, "unsubscribe", token, TEST_SECRET);
    const res = await fetch(url, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "confirm=1" });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("<title>You are unsubscribed</title>");
    expect(html).toContain(`Kanta Demo Store will send no more marketing mail to ${maskEmail(guest)}.`);
    expect(await runState(runId)).toMatchObject({ status: "stopped", stop_reason: "unsubscribed" });
    const row = await waitFor(async () => (await suppressions()).find((s) => s.email === guest && s.consent_error), "guest marked");
    expect(row).toMatchObject({ customer_gid: null, source: "link", consent_error: "no Shopify customer", consent_synced_at: null });
    expect(store.consentUpdates(domain)).toHaveLength(1);
  });

  it("click: recorded and redirected to the signed target; another target or a broken link → 400", async () => {
    const { messageId, token } = await scheduledRun({ customerGid: null, email: `clicker.${provider}@example.com` }, "click", "en");
    const target = "https://kanta-demo.example/cart/c1?key=abc&utm_source=kanta";
    const url = signedLink(app.url, "click", token, TEST_SECRET, { target });
    const res = await fetch(url, { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(target);
    const clicks = await sql.all<{ message_id: number; url: string }>(`SELECT message_id, url FROM flow_click WHERE shop = ?`, [domain]);
    expect(clicks.map((c) => [Number(c.message_id), c.url])).toEqual([[messageId, target]]);

    const other = new URL(url);
    other.searchParams.set("u", "https://evil.example/");
    const redirected = await fetch(other, { redirect: "manual" });
    expect(redirected.status).toBe(400);
    expect(redirected.headers.get("location")).toBeNull();
    const noSig = new URL(url);
    noSig.searchParams.delete("s");
    expect((await fetch(noSig, { redirect: "manual" })).status).toBe(400);
    const unsubscribeAsClick = signedLink(app.url, "unsubscribe", token, TEST_SECRET).replace("/mail/unsubscribe", "/mail/click") + `&u=${encodeURIComponent(target)}`;
    expect((await fetch(unsubscribeAsClick, { redirect: "manual" })).status).toBe(400);
    expect(await sql.all(`SELECT id FROM flow_click WHERE shop = ?`, [domain])).toHaveLength(1);
  });

  it("a mail as sent: the demo's catcher keeps it, /local-admin/mail lists it, its List-Unsubscribe header works one-click", async () => {
    const to = `reader.${provider}@example.com`;
    const { runId, token } = await scheduledRun({ customerGid: null, email: to }, "sent", "en");
    const unsubscribeUrl = signedLink(app.url, "unsubscribe", token, TEST_SECRET);
    const content = { ...sampleMailContent("abandoned_checkout", 0, "en", { name: "Kanta Demo Store", storefrontUrl: "https://kanta-demo.example", postalAddress: "Mannerheimintie 1, 00100 Helsinki, Finland" }), unsubscribeUrl };
    content.cart!.lines = [{ title: "<script>alert(1)</script>", quantity: 1 }];
    const rendered = renderMail(content);
    const mailer = createMailer(catcher.url);
    await mailer.send({ from: "Kanta Demo Store <rewards@kanta-demo.example>", to, ...rendered, headers: unsubscribeHeaders(unsubscribeUrl) });
    mailer.close();
    await waitFor(async () => catcher.received() >= 1, "mail caught");

    const page = await fetch(`${app.url}/local-admin/mail`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`<tr><td>`);
    expect(html).toContain(`<td>${to}</td><td>Your cart at Kanta Demo Store is waiting for you</td>`);
    expect(html).not.toContain("<script>alert(1)</script>");

    const listed = /List-Unsubscribe: &lt;(.+?)&gt;/.exec(html)![1]!.replace(/&amp;/g, "&");
    expect(listed).toBe(unsubscribeUrl);
    expect((await oneClick(listed)).status).toBe(200);
    expect(await runState(runId)).toMatchObject({ status: "stopped", stop_reason: "unsubscribed" });
  });
});
