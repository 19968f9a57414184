// The overview's onboarding, through the production build against the Admin API emulator: whether
// Kanta's storefront launcher (the app embed) is on in the live theme — on, off, or couldn't check
// when the Admin API fails (the page still renders) — with the theme editor deep link.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { EmulatorStore } from "../../app/emulator/store.server";
import type { SqlDatabase } from "../../app/storage/sql.server";
import { ensureAdminSchema } from "../../scripts/admin-schema.mjs";
import { installShop } from "../support/admin-seed";
import { TEST_API_KEY, TEST_SECRET, createTestDatabase, openTestSql, startApp, type Provider, type RunningApp, type TestDatabase } from "../support/app-server";
import { DESKTOP_UA, embeddedAppUrl, sessionToken } from "../support/session-token";
import { makeShop } from "../support/shopify-payloads";
import { SETTINGS_DATA, themeSettingsData } from "../support/theme-settings";

const templates = () => ({ sqliteTemplate: inject("sqliteTemplate"), pgAdminUrl: inject("pgAdminUrl"), pgTemplate: inject("pgTemplate") });

type ThemeEmbed = { state: string; themeName: string | null; editorUrl: string };

describe.each<Provider>(["sqlite", "postgresql"])("admin overview: storefront launcher onboarding (%s, emulated Shopify)", (provider) => {
  const shop = makeShop({ domain: `onboarding-${provider}.myshopify.com`, id: provider === "sqlite" ? "66000000001" : "66000000002", currency: "EUR" });
  const editorUrl = `https://${shop.domain}/admin/themes/current/editor?context=apps&activateAppId=${TEST_API_KEY}/launcher`;
  let db: TestDatabase;
  let app: RunningApp;
  let sql: SqlDatabase;
  let store: EmulatorStore;
  let storeDir: string;

  const overviewData = async (): Promise<{ status: number; themeEmbed: ThemeEmbed }> => {
    const res = await fetch(`${app.url}/app?_data=${encodeURIComponent("routes/app._index")}`, {
      headers: { "User-Agent": DESKTOP_UA, Authorization: `Bearer ${sessionToken(shop.domain, TEST_API_KEY, TEST_SECRET)}` },
    });
    return { status: res.status, themeEmbed: ((await res.json()) as { themeEmbed: ThemeEmbed }).themeEmbed };
  };
  const overviewPage = async () => {
    const res = await fetch(embeddedAppUrl(app.url, shop.domain, TEST_API_KEY, TEST_SECRET), { headers: { "User-Agent": DESKTOP_UA } });
    return { status: res.status, html: await res.text() };
  };

  beforeAll(async () => {
    ensureAdminSchema();
    db = await createTestDatabase(provider, templates());
    sql = openTestSql(db);
    storeDir = fs.mkdtempSync(path.join(os.tmpdir(), "kanta-emu-"));
    store = new EmulatorStore(path.join(storeDir, "emulator.sqlite"));
    app = await startApp(db, { KANTA_ADMIN_EMULATOR: "1", KANTA_ADMIN_EMULATOR_DB: store.path, METAFIELD_SYNC_INTERVAL_MS: "60000" });
    await installShop(app.url, sql, store, shop);
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    store?.close();
    if (storeDir) fs.rmSync(storeDir, { recursive: true, force: true });
    await sql?.close();
    await db?.drop();
  });

  it("shows the launcher as not on yet, with the theme editor link that switches it on", async () => {
    store.setThemeFile(shop.domain, SETTINGS_DATA, themeSettingsData("off"));
    expect(await overviewData()).toEqual({ status: 200, themeEmbed: { state: "inactive", themeName: "Dawn", editorUrl } });
    const { status, html } = await overviewPage();
    expect(status).toBe(200);
    expect(html).toContain("Not on yet");
    expect(html).toContain("The rewards launcher is not on in your live theme yet");
    expect(html).toContain(`href="${editorUrl.replace(/&/g, "&amp;")}"`);
    expect(html).toContain("Turn on in theme editor");
    expect(html).toContain("including vintage themes without app blocks");
    expect(html).toContain("Live theme: Dawn");
  });

  it("shows the launcher as on once the theme's settings hold it", async () => {
    store.setThemeFile(shop.domain, SETTINGS_DATA, themeSettingsData("on"));
    expect(await overviewData()).toEqual({ status: 200, themeEmbed: { state: "active", themeName: "Dawn", editorUrl } });
    const { html } = await overviewPage();
    expect(html).toContain("The rewards launcher is on in your live theme");
    expect(html).toContain("Open theme editor");
  });

  it("says it couldn't check when the Admin API fails, and the page still renders", async () => {
    store.injectFault(shop.domain, "KantaMainThemeSettings", { kind: "http500", times: 2 });
    expect(await overviewData()).toEqual({ status: 200, themeEmbed: { state: "unknown", themeName: null, editorUrl } });
    const { status, html } = await overviewPage();
    expect(status).toBe(200);
    expect(html).toContain("Couldn&#x27;t check");
    expect(html).toContain("Loyalty program");
    store.clearFaults(shop.domain);
  });
});
