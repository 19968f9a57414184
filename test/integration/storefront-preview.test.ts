// The local storefront preview (/local-storefront), through the production build: the theme app
// extension's real Liquid rendered for a member straight from the database (no JavaScript: the
// first HTML already holds the balance and tier), /apps/kanta/* forwarded to /proxy/* with a valid
// App Proxy signature for the preview's shopper, the extension's assets, the /discount page, and
// none of it for a public host or a deployed app.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { EmulatorStore } from "../../app/emulator/store.server";
import type { SqlDatabase } from "../../app/storage/sql.server";
import { ensureAdminSchema } from "../../scripts/admin-schema.mjs";
import { installShop, seedMembers, type SeededMember } from "../support/admin-seed";
import { createTestDatabase, openTestSql, startApp, type Provider, type RunningApp, type TestDatabase } from "../support/app-server";
import { createRng, makeShop } from "../support/shopify-payloads";

const templates = () => ({ sqliteTemplate: inject("sqliteTemplate"), pgAdminUrl: inject("pgAdminUrl"), pgTemplate: inject("pgTemplate") });

describe.each<Provider>(["sqlite", "postgresql"])("local storefront preview (%s, emulated Shopify)", (provider) => {
  const shop = makeShop({ domain: `preview-${provider}.myshopify.com`, id: provider === "sqlite" ? "65000000001" : "65000000002", currency: "EUR" });
  let db: TestDatabase;
  let app: RunningApp;
  let sql: SqlDatabase;
  let store: EmulatorStore;
  let storeDir: string;
  let members: SeededMember[];

  const customerId = (email: string) => members.find((m) => m.customer.email === email)!.customer.id;
  const page = (query: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${app.url}/local-storefront?${new URLSearchParams({ shop: shop.domain, ...query })}`, { headers, redirect: "manual" });
  /** The preview's cookie for a shopper, as the browser keeps it from the page. */
  const cookieFor = async (customer: string, locale = "en") => {
    const res = await page({ customer, locale });
    expect(res.status).toBe(200);
    return res.headers.get("set-cookie")!.split(";")[0]!;
  };

  beforeAll(async () => {
    ensureAdminSchema();
    db = await createTestDatabase(provider, templates());
    sql = openTestSql(db);
    storeDir = fs.mkdtempSync(path.join(os.tmpdir(), "kanta-emu-"));
    store = new EmulatorStore(path.join(storeDir, "emulator.sqlite"));
    app = await startApp(db, { KANTA_ADMIN_EMULATOR: "1", KANTA_ADMIN_EMULATOR_DB: store.path, METAFIELD_SYNC_INTERVAL_MS: "60000" });
    await installShop(app.url, sql, store, shop);
    members = await seedMembers(app.url, sql, store, shop, createRng(`preview-${provider}`), [
      { firstName: "Ada", lastName: "Lovelace", email: "ada@example.com", orders: [[{ title: "Winter coat", unitPriceMinor: 60000 }]] },
      { firstName: "Grace", lastName: "Hopper", email: "grace@example.com", orders: [[{ title: "Notebook", unitPriceMinor: 3000 }]] },
    ]);
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    store?.close();
    if (storeDir) fs.rmSync(storeDir, { recursive: true, force: true });
    await sql?.close();
    await db?.drop();
  });

  it("renders a logged-in member's balance and tier from the database in the first HTML", async () => {
    const ada = await sql.get<{ balance: number; tier: string }>(
      `SELECT m.balance, t.name AS tier FROM member m JOIN tier t ON t.id = m.tier_id WHERE m.shop = ? AND m.customer_gid = ?`,
      [shop.domain, `gid://shopify/Customer/${customerId("ada@example.com")}`],
    );
    // 100 welcome points, then 600 points for 600.00 EUR; the spend puts her on Silver (500.00 EUR).
    expect([Number(ada?.balance), ada?.tier]).toEqual([700, "Silver"]);

    const res = await page({ customer: customerId("ada@example.com"), locale: "en" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("set-cookie")).toBe(
      `kanta_storefront_preview=${encodeURIComponent(`${shop.domain}|${customerId("ada@example.com")}|en`)}; Path=/; HttpOnly; SameSite=Lax`,
    );
    const html = await res.text();
    expect(html).toMatch(/data-kanta="launcher-points">700<\/span>/);
    // The launcher's dialog and the inline "Rewards panel" block on the home page.
    expect(html.match(/data-kanta="balance">700<\/strong>/g)).toHaveLength(2);
    expect(html.match(/data-kanta="tier">Silver<\/strong>/g)).toHaveLength(2);
    expect(html).toContain("<header");
    expect(html).toContain(">Ada</a>");
    // Each schema asset injected once, in <head>; the app embed last in <body>.
    expect(html.match(/<script src="\/local-storefront\/assets\/kanta\.js" defer><\/script>/g)).toHaveLength(1);
    expect(html.match(/<link rel="stylesheet" href="\/local-storefront\/assets\/kanta\.css">/g)).toHaveLength(1);
    expect(html.indexOf('src="/local-storefront/assets/kanta.js"')).toBeLessThan(html.indexOf("</head>"));
    expect(html).toMatch(/<div id="shopify-block-kanta-launcher" class="shopify-block shopify-app-block">\s*<kanta-launcher[\s\S]*<\/kanta-launcher>\s*<\/div><\/body><\/html>\n$/);
  });

  it("renders the logged-out view, Finnish, the product page's points and the page without the embed", async () => {
    const loggedOut = await (await page({ customer: "" })).text();
    expect(loggedOut).not.toContain('data-kanta="launcher-points"');
    expect(loggedOut).toContain('data-kanta="join" href="/account/register"');

    const fi = await (await page({ customer: customerId("ada@example.com"), locale: "fi" })).text();
    expect(fi).toContain('<html lang="fi"');
    expect(fi).toContain('<span class="kanta-launcher__label">Palkinnot</span>');

    // 45.00 EUR at Silver's 1.25× and Bronze's 1×; logged out earns the base rate.
    const earn = async (customer: string) => (await (await page({ customer, page: "product" })).text()).match(/data-kanta="earn-points">([^<]*)</)?.[1];
    expect(await earn(customerId("ada@example.com"))).toBe("Earn 56 points");
    expect(await earn(customerId("grace@example.com"))).toBe("Earn 45 points");
    expect(await earn("")).toBe("Earn 45 points");

    const bare = await (await page({ customer: customerId("ada@example.com"), embed: "0", blocks: "0", weight: "realistic" })).text();
    expect(bare).not.toContain("kanta");
    expect(bare).toContain('<link rel="stylesheet" href="/local-storefront/theme.css"><script src="/local-storefront/theme.js" defer></script>');
  });

  it("forwards /apps/kanta/* to /proxy/* signed for the preview's shopper, body and content type kept", async () => {
    const ada = customerId("ada@example.com");
    const me = await fetch(`${app.url}/apps/kanta/me?locale=en`, { headers: { Cookie: await cookieFor(ada) } });
    expect(me.status).toBe(200);
    expect(me.headers.get("set-cookie")).toBeNull();
    const body = (await me.json()) as { shop: string; customer: { id: string } | null; points?: { balance: number }; tier?: { name: string } | null };
    expect([body.shop, body.customer?.id, body.points?.balance, body.tier?.name]).toEqual([shop.domain, `gid://shopify/Customer/${ada}`, 700, "Silver"]);

    const anonymous = (await (await fetch(`${app.url}/apps/kanta/me`, { headers: { Cookie: await cookieFor("") } })).json()) as { customer: unknown; points?: unknown };
    expect([anonymous.customer, anonymous.points]).toEqual([null, undefined]);

    const rewards = await sql.all<{ id: number; points_cost: number }>(`SELECT id, points_cost FROM reward WHERE shop = ? AND enabled = ? ORDER BY points_cost, id`, [shop.domain, true]);
    const cookie = await cookieFor(ada);
    const redeem = await fetch(`${app.url}/apps/kanta/redeem?locale=en`, {
      method: "POST",
      headers: { Cookie: cookie, "Content-Type": "application/json" },
      body: JSON.stringify({ rewardId: String(rewards[0]!.id), idempotencyKey: `preview-${provider}-1` }),
    });
    expect(redeem.status).toBe(200);
    const redeemed = (await redeem.json()) as { code: string; applyUrl: string; points: { balance: number; spent: number } };
    const row = await sql.get<{ code: string; points: number }>(`SELECT code, points FROM redemption WHERE shop = ? AND buyer_gid = ?`, [shop.domain, `gid://shopify/Customer/${ada}`]);
    expect([redeemed.code, redeemed.points.spent, redeemed.points.balance, redeemed.applyUrl]).toEqual([
      row!.code, Number(row!.points), 700 - Number(row!.points), `/discount/${encodeURIComponent(row!.code)}`,
    ]);

    // The proxy's own errors come back as they are: a logged-out shopper cannot redeem (localized).
    const refused = await fetch(`${app.url}/apps/kanta/redeem?locale=fi`, {
      method: "POST",
      headers: { Cookie: await cookieFor(""), "Content-Type": "application/json" },
      body: JSON.stringify({ rewardId: String(rewards[0]!.id), idempotencyKey: `preview-${provider}-2` }),
    });
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toBe("Kirjaudu sisään tilillesi lunastaaksesi palkintoja.");

    // Without the preview's cookie there is no shopper to sign for.
    const noCookie = await fetch(`${app.url}/apps/kanta/me`);
    expect(noCookie.status).toBe(400);
    expect(await noCookie.text()).toBe("Open the storefront preview first (/local-storefront?shop=…&customer=…): it chooses the shop and the shopper.");
  });

  it("serves the extension's assets and the theme's files with their content types, and the discount page", async () => {
    const get = (p: string) => fetch(`${app.url}${p}`);
    const js = await get("/local-storefront/assets/kanta.js");
    expect([js.status, js.headers.get("content-type")]).toEqual([200, "text/javascript; charset=utf-8"]);
    expect(await js.text()).toBe(fs.readFileSync(path.join("extensions", "kanta-rewards", "assets", "kanta.js"), "utf8"));
    const css = await get("/local-storefront/assets/kanta.css");
    expect([css.status, css.headers.get("content-type")]).toEqual([200, "text/css; charset=utf-8"]);
    for (const missing of ["/local-storefront/assets/nope.js", "/local-storefront/assets/..%2Fshopify.extension.toml", "/local-storefront/assets/.shopifyignore"]) {
      expect([missing, (await get(missing)).status]).toEqual([missing, 404]);
    }
    const theme = await get("/local-storefront/theme.css");
    expect([theme.status, theme.headers.get("content-type")]).toEqual([200, "text/css; charset=UTF-8"]);
    const image = await get("/local-storefront/images/hero.jpg");
    expect([image.status, image.headers.get("content-type")]).toEqual([200, "image/jpeg"]);

    const discount = await get("/discount/KANTA-7QX2");
    expect(discount.status).toBe(200);
    expect(await discount.text()).toContain(">Discount KANTA-7QX2 will be applied at checkout</h1>");
  });

  it("says what is wrong with a bad address", async () => {
    const bad = await page({ shop: "example.com" });
    expect([bad.status, await bad.text()]).toEqual([400, "shop must be a shop domain like kanta-demo.myshopify.com"]);
    const unknown = await page({ shop: "nobody.myshopify.com" });
    expect([unknown.status, await unknown.text()]).toEqual([404, "nobody.myshopify.com has not installed Kanta here (npm run demo installs kanta-demo.myshopify.com)"]);
    const locale = await page({ locale: "sv" });
    expect([locale.status, await locale.text()]).toEqual([400, "locale must be en or fi"]);
  });

  it("does not exist for a request naming a public host", async () => {
    const status = (urlPath: string, host: string) =>
      new Promise<number | undefined>((resolve, reject) => {
        http.get(`${app.url}${urlPath}`, { headers: { Host: host } }, (res) => {
          res.resume();
          resolve(res.statusCode);
        }).on("error", reject);
      });
    const paths = [`/local-storefront?shop=${shop.domain}&customer=`, "/local-storefront/assets/kanta.js", "/apps/kanta/me", "/discount/KANTA-7QX2"];
    for (const urlPath of paths) expect([urlPath, await status(urlPath, "shop.example.com")]).toEqual([urlPath, 404]);
    expect(await status(paths[0]!, `localhost:${app.port}`)).toBe(200);
  });
});

describe("local storefront preview of a deployed app (public app URL)", () => {
  let db: TestDatabase;
  let app: RunningApp;

  beforeAll(async () => {
    db = await createTestDatabase("sqlite", templates());
    app = await startApp(db, { SHOPIFY_APP_URL: "https://kanta.example.com", KANTA_WORKER: "off" });
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  it("answers 404 for every preview address, even on localhost", async () => {
    for (const urlPath of ["/local-storefront?shop=kanta-demo.myshopify.com&customer=", "/local-storefront/assets/kanta.js", "/apps/kanta/me", "/discount/KANTA-7QX2"]) {
      expect([urlPath, (await fetch(`${app.url}${urlPath}`)).status]).toEqual([urlPath, 404]);
    }
  });
});
