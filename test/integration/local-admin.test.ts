// The local admin (/local-admin), through the production build: with a loopback SHOPIFY_APP_URL it
// signs session tokens and serves the App Bridge stand-in instead of Shopify's CDN script; with a
// public app URL none of it exists and the app shell loads App Bridge from Shopify. SQLite only:
// nothing here touches the database beyond the stored session.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { EmulatorStore } from "../../app/emulator/store.server";
import type { SqlDatabase } from "../../app/storage/sql.server";
import { ensureAdminSchema } from "../../scripts/admin-schema.mjs";
import { installShop } from "../support/admin-seed";
import {
  TEST_API_KEY, TEST_SECRET, createTestDatabase, openTestSql, startApp, type RunningApp, type TestDatabase,
} from "../support/app-server";
import { DESKTOP_UA, embeddedAppUrl } from "../support/session-token";
import { makeShop } from "../support/shopify-payloads";

const templates = () => ({ sqliteTemplate: inject("sqliteTemplate"), pgAdminUrl: inject("pgAdminUrl"), pgTemplate: inject("pgTemplate") });

const SHOP = makeShop({ domain: "local-admin.myshopify.com", id: "64000000001", currency: "USD" });
const CDN_SCRIPT = '<script src="https://cdn.shopify.com/shopifycloud/app-bridge.js" data-api-key="kanta-test-api-key"></script>';
const STAND_IN_SCRIPT = '<script src="/local-admin/app-bridge.js" data-api-key="kanta-test-api-key"></script>';

const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString("utf8")) as Record<string, unknown>;

describe("local admin (sqlite, emulated Shopify)", () => {
  let db: TestDatabase;
  let app: RunningApp;
  let publicApp: RunningApp;
  let sql: SqlDatabase;
  let store: EmulatorStore;
  const get = (base: string, urlPath: string, headers: Record<string, string> = {}) =>
    fetch(`${base}${urlPath}`, { headers: { "User-Agent": DESKTOP_UA, ...headers }, redirect: "manual" });

  beforeAll(async () => {
    ensureAdminSchema();
    db = await createTestDatabase("sqlite", templates());
    sql = openTestSql(db);
    const storeFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kanta-emu-")), "emulator.sqlite");
    store = new EmulatorStore(storeFile);
    app = await startApp(db, { KANTA_ADMIN_EMULATOR: "1", KANTA_ADMIN_EMULATOR_DB: storeFile, METAFIELD_SYNC_INTERVAL_MS: "60000" });
    await installShop(app.url, sql, store, SHOP);
    // The same database served as a deployed app would be: public https URL, no emulator.
    publicApp = await startApp(db, { SHOPIFY_APP_URL: "https://kanta.example.com", KANTA_WORKER: "off" });
  }, 120_000);

  afterAll(async () => {
    await publicApp?.crash();
    await app?.crash();
    store?.close();
    await sql?.close();
    await db?.drop();
  });

  it("says in its log that it is on, only with a loopback app URL", () => {
    expect(app.logs()).toContain("LOCAL ADMIN ON");
    expect(publicApp.logs()).not.toContain("LOCAL ADMIN");
  });

  it("opens the embedded app with a freshly signed session token", async () => {
    const before = Math.floor(Date.now() / 1000);
    const res = await get(app.url, `/local-admin?shop=${SHOP.domain}&path=/app/members&locale=fi`);
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get("Location")!, app.url);
    expect(location.pathname).toBe("/app/members");
    const q = Object.fromEntries(location.searchParams);
    expect(Object.keys(q).sort()).toEqual(["embedded", "host", "id_token", "locale", "shop"]);
    expect(q).toMatchObject({ embedded: "1", shop: SHOP.domain, locale: "fi" });
    expect(Buffer.from(q.host!, "base64").toString()).toBe("admin.shopify.com/store/local-admin");
    const token = claims(q.id_token!);
    expect(token).toEqual({
      iss: `https://${SHOP.domain}/admin`, dest: `https://${SHOP.domain}`, aud: TEST_API_KEY, sub: "1",
      exp: expect.any(Number), nbf: expect.any(Number), iat: expect.any(Number), jti: expect.any(String), sid: expect.any(String),
    });
    expect(Number(token.exp) - Number(token.iat)).toBe(65);
    expect(Number(token.exp)).toBeGreaterThanOrEqual(before + 60);

    // The page it opens renders, with the stand-in instead of Shopify's CDN script.
    const page = await get(app.url, `${location.pathname}${location.search}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(STAND_IN_SCRIPT);
    expect(html).not.toContain("cdn.shopify.com/shopifycloud/app-bridge.js");
    expect(html).toContain("Jäsenet");

    const staff = await get(app.url, `/local-admin?shop=${SHOP.domain}&user=77`);
    expect(claims(new URL(staff.headers.get("Location")!, app.url).searchParams.get("id_token")!).sub).toBe("77");
  });

  it("refuses a bad shop, page or user", async () => {
    const text = async (urlPath: string) => {
      const res = await get(app.url, urlPath);
      return { status: res.status, body: await res.text() };
    };
    expect(await text("/local-admin")).toEqual({ status: 400, body: "shop must be a shop domain like kanta-demo.myshopify.com" });
    expect(await text("/local-admin?shop=evil.example.com")).toEqual({ status: 400, body: "shop must be a shop domain like kanta-demo.myshopify.com" });
    expect(await text(`/local-admin?shop=${SHOP.domain}&path=https://evil.example.com`)).toEqual({
      status: 400, body: "path must be a page of the app, like /app/members",
    });
    expect(await text(`/local-admin?shop=${SHOP.domain}&path=/app/../auth/login`)).toEqual({
      status: 400, body: "path must be a page of the app, like /app/members",
    });
    expect(await text(`/local-admin?shop=${SHOP.domain}&user=root`)).toEqual({ status: 400, body: "user must be a numeric staff user id" });
    expect(await text("/local-admin/session-token?shop=nope")).toEqual({ status: 400, body: "shop must be a shop domain like kanta-demo.myshopify.com" });
  });

  it("hands the stand-in fresh tokens that authenticate data requests", async () => {
    const res = await get(app.url, `/local-admin/session-token?shop=${SHOP.domain}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    const body = (await res.json()) as { token: string; expiresAt: string };
    expect(body.expiresAt).toBe(new Date(Number(claims(body.token).exp) * 1000).toISOString());
    const data = await get(app.url, `/app/members?_data=${encodeURIComponent("routes/app.members._index")}`, { Authorization: `Bearer ${body.token}` });
    expect(data.status).toBe(200);
    expect(((await data.json()) as { hasMembers: boolean }).hasMembers).toBe(false);
  });

  it("serves the App Bridge stand-in script", async () => {
    const res = await get(app.url, "/local-admin/app-bridge.js");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/javascript; charset=utf-8");
    const script = await res.text();
    for (const part of ["window.shopify = {", "idToken:", "toast", "Authorization", "shopify-reload", "/local-admin/session-token?"]) {
      expect(script).toContain(part);
    }
  });

  it("answers the bounce page (expired or missing token) with the stand-in", async () => {
    const host = Buffer.from("admin.shopify.com/store/local-admin").toString("base64");
    const res = await get(app.url, `/app/members?embedded=1&shop=${SHOP.domain}&host=${host}`);
    expect(res.status).toBe(302);
    const bounce = new URL(res.headers.get("Location")!, app.url);
    expect(bounce.pathname).toBe("/auth/session-token");
    expect(new URL(bounce.searchParams.get("shopify-reload")!).pathname).toBe("/app/members");
    const page = await get(app.url, `${bounce.pathname}${bounce.search}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toBe('<!DOCTYPE html><script data-api-key="kanta-test-api-key" src="/local-admin/app-bridge.js"></script>\n');
  });

  it("does not exist for a deployed app: 404, and the shell loads App Bridge from Shopify", async () => {
    for (const urlPath of [`/local-admin?shop=${SHOP.domain}`, `/local-admin/session-token?shop=${SHOP.domain}`, "/local-admin/app-bridge.js"]) {
      const res = await get(publicApp.url, urlPath);
      expect([urlPath, res.status]).toEqual([urlPath, 404]);
    }
    // Through localhost too: the app URL decides, not the address the request came to.
    const page = await fetch(embeddedAppUrl(publicApp.url, SHOP.domain, TEST_API_KEY, TEST_SECRET, "/app/members"), { headers: { "User-Agent": DESKTOP_UA } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(CDN_SCRIPT);
    expect(html).not.toContain("/local-admin/");
    // And in the loopback app, a request that names a public host gets none of it either.
    const status = (host: string) =>
      new Promise<number | undefined>((resolve, reject) => {
        http.get(`${app.url}/local-admin/app-bridge.js`, { headers: { "User-Agent": DESKTOP_UA, Host: host } }, (res) => {
          res.resume();
          resolve(res.statusCode);
        }).on("error", reject);
      });
    expect(await status("kanta.example.com")).toBe(404);
    expect(await status(`localhost:${app.port}`)).toBe(200);
  });
});
