// Browser tests: Debian's Chromium driven by playwright-core (never a downloaded browser), the
// production build started as a child process with the Admin API emulator, and the merchant's
// admin opened through the local admin (/local-admin), exactly as a developer opens it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { inject } from "vitest";
import { EmulatorStore } from "../../app/emulator/store.server";
import type { SqlDatabase } from "../../app/storage/sql.server";
import { ensureAdminSchema } from "../../scripts/admin-schema.mjs";
import { installShop, seedMembers, type MemberSeed, type SeededMember } from "../support/admin-seed";
import { ROOT, openTestSql, startApp, type RunningApp, type TestDatabase } from "../support/app-server";
import { DESKTOP_UA } from "../support/session-token";
import { createRng, makeShop, type ShopInfo } from "../support/shopify-payloads";

/** Debian's chromium (`apt-get install -y chromium`), or CHROMIUM_PATH. */
export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
/** Screenshots are kept here as test artifacts (git-ignored). */
export const SCREENSHOTS = path.join(ROOT, "test-results", "e2e");

const CHROMIUM_FLAGS = [
  "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
  "--disable-dev-shm-usage",
];

export type Browser = { context: BrowserContext; close: () => Promise<void> };

/**
 * Starts headless Chromium with a fresh profile and a desktop user agent (authenticate.admin
 * answers HeadlessChrome with 410). Throws — the spec fails, it is never skipped — when Chromium
 * is missing. Requests that leave this machine (Shopify's CDN images) are aborted: there is no network.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `The browser tests need Chromium at ${CHROMIUM}, which does not exist. Install Debian's package ` +
        "(apt-get update && apt-get install -y chromium) or point CHROMIUM_PATH at a Chromium binary.",
    );
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "kanta-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    userAgent: DESKTOP_UA,
    viewport: { width: 1366, height: 900 },
    locale: "en-US",
    timezoneId: "UTC",
  });
  const local = new Set(["127.0.0.1", "localhost"]);
  await context.route("**/*", (route) => (local.has(new URL(route.request().url()).hostname) ? route.continue() : route.abort()));
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A page that records uncaught errors (a failed hydration shows up here); check them with `pageErrors`. */
export async function newPage(browser: Browser): Promise<Page & { errors: string[] }> {
  const page = (await browser.context.newPage()) as Page & { errors: string[] };
  page.errors = [];
  page.on("pageerror", (error) => page.errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error" && !/Failed to load resource|net::ERR_FAILED/.test(message.text())) page.errors.push(message.text());
  });
  return page;
}

/**
 * Resolves once React has hydrated the server-rendered page (its props are on the DOM nodes):
 * typing into a field before that would be undone by the hydration.
 */
export async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => Object.keys(document.body).some((key) => key.startsWith("__reactProps")));
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export type AdminShop = {
  app: RunningApp;
  sql: SqlDatabase;
  store: EmulatorStore;
  shop: ShopInfo;
  members: SeededMember[];
  /** /local-admin for this shop (`query` adds e.g. locale=fi or path=/app/members). */
  localAdminUrl: (query?: Record<string, string>) => string;
  stop: () => Promise<void>;
};

/**
 * A shop installed in a fresh SQLite database through the emulator (token exchange, install job),
 * with members who bought what `members` lists (signed webhooks over HTTP, as Shopify sends them).
 */
export async function startAdminShop(opts: {
  name: string;
  currency?: "USD" | "EUR";
  members: MemberSeed[];
}): Promise<AdminShop> {
  ensureAdminSchema();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kanta-e2e-shop-"));
  const file = path.join(dir, "kanta.sqlite");
  fs.copyFileSync(inject("e2eSqliteTemplate"), file);
  const db: TestDatabase = { provider: "sqlite", url: `file:${file}`, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  const sql = openTestSql(db);
  const storeFile = path.join(dir, "emulator.sqlite");
  const store = new EmulatorStore(storeFile);
  const rng = createRng(`e2e-${opts.name}`);
  const currency = opts.currency ?? "USD";
  const shop = makeShop({ domain: `${opts.name}.myshopify.com`, id: "62000000001", currency });
  const app = await startApp(db, { KANTA_ADMIN_EMULATOR: "1", KANTA_ADMIN_EMULATOR_DB: storeFile, METAFIELD_SYNC_INTERVAL_MS: "60000" });
  const stop = async () => {
    await app.stop();
    store.close();
    await sql.close();
    await db.drop();
  };
  try {
    await installShop(app.url, sql, store, shop);
    const members = await seedMembers(app.url, sql, store, shop, rng, opts.members);
    return {
      app, sql, store, shop, members, stop,
      localAdminUrl: (query = {}) => `${app.url}/local-admin?${new URLSearchParams({ shop: shop.domain, ...query })}`,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
