// The App Proxy API the storefront widget calls (/apps/kanta/* → /proxy/*), over real HTTP against
// the production build with Shopify's Admin API answered by the local emulator: every endpoint's
// answer against its zod schema, the signature check (bad, stale, missing, tampered) with
// localized errors, a shopper asking for someone else's data, the per-shopper rate limit (small
// here: 20 a minute), the short /proxy/me cache and its invalidation by the shopper's own writes,
// the points history after a signed order webhook, and the kanta.program metafield rewritten when
// the merchant changes tiers or ways to earn.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { EmulatorStore } from "../../app/emulator/store.server";
import {
  ActionCompleteResponseSchema, BirthdayResponseSchema, MeResponseSchema, ProgramMetafieldSchema, ProxyErrorSchema, RedeemResponseSchema,
  ReferralClaimResponseSchema, ReferralResponseSchema, type MeResponse, type ProgramMetafield,
} from "../../app/proxy/schema";
import { saveAction } from "../../app/storage/actions.server";
import { balanceMismatches } from "../../app/storage/ledger.server";
import type { SqlDatabase } from "../../app/storage/sql.server";
import { ensureAdminSchema } from "../../scripts/admin-schema.mjs";
import { installShop } from "../support/admin-seed";
import {
  TEST_API_KEY, TEST_SECRET, createTestDatabase, openTestSql, startApp, waitForInboxDrained, type Provider, type RunningApp, type TestDatabase,
} from "../support/app-server";
import { deliver } from "../support/deliver";
import { emulatedCustomer } from "../support/emulator-seed";
import { DESKTOP_UA, sessionToken } from "../support/session-token";
import { buildCustomersCreate, buildOrdersPaid, createCustomer, createOrder, createRng, makeShop, type CustomerRecord, type OrderRecord } from "../support/shopify-payloads";
import { appProxyQuery } from "../support/webhook-signing";

const templates = () => ({ sqliteTemplate: inject("sqliteTemplate"), pgAdminUrl: inject("pgAdminUrl"), pgTemplate: inject("pgTemplate") });

const LIMIT = 20;
const CACHE_SECONDS = 30;

type Answer = { status: number; headers: Headers; body: Record<string, unknown> };
type CallOptions = { locale?: string; ip?: string; extra?: Record<string, string>; query?: URLSearchParams; body?: unknown };

const EN_UNAUTHORIZED = "This request could not be verified. Please reload the page and try again.";
const FI_UNAUTHORIZED = "Pyyntöä ei voitu varmentaa. Lataa sivu uudelleen ja yritä uudestaan.";

describe.each<Provider>(["sqlite", "postgresql"])("App Proxy API for the storefront widget (%s, emulated Shopify)", (provider) => {
  let db: TestDatabase;
  let app: RunningApp;
  let sql: SqlDatabase;
  let store: EmulatorStore;
  const rng = createRng(`proxy-api-${provider}`);
  const shop = makeShop({ domain: `proxy-api-${provider}.myshopify.com`, id: String(83_000_000_000), currency: "EUR" });
  const domain = shop.domain;
  let ipSeq = 0;
  /** Each logged-out caller gets an address of its own (the rate limit counts per address). */
  const nextIp = () => `198.51.100.${++ipSeq}`;
  let orderNumber = 5000;
  const gidOf = (c: CustomerRecord) => `gid://shopify/Customer/${c.id}`;

  beforeAll(async () => {
    ensureAdminSchema();
    db = await createTestDatabase(provider, templates());
    sql = openTestSql(db);
    const storeFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kanta-emu-")), "emulator.sqlite");
    store = new EmulatorStore(storeFile);
    app = await startApp(db, {
      KANTA_ADMIN_EMULATOR: "1", KANTA_ADMIN_EMULATOR_DB: storeFile, METAFIELD_SYNC_INTERVAL_MS: "60000",
      PROXY_RATE_LIMIT_PER_MINUTE: String(LIMIT), PROXY_ME_CACHE_SECONDS: String(CACHE_SECONDS),
    });
    await installShop(app.url, sql, store, shop);
  }, 180_000);

  afterAll(async () => {
    await app?.stop();
    store?.close();
    await sql?.close();
    await db?.drop();
  });

  function signed(customer: CustomerRecord | null, opts: CallOptions = {}): URLSearchParams {
    return appProxyQuery(
      { shop: domain, loggedInCustomerId: customer?.id ?? "", pathPrefix: "/apps/kanta", extra: { ...(opts.locale ? { locale: opts.locale } : {}), ...opts.extra } },
      TEST_SECRET,
    );
  }

  async function call(method: "GET" | "POST", route: string, customer: CustomerRecord | null, opts: CallOptions = {}): Promise<Answer> {
    const q = opts.query ?? signed(customer, opts);
    const res = await fetch(`${app.url}/proxy/${route}?${q}`, {
      method,
      headers: { "X-Forwarded-For": `${opts.ip ?? nextIp()}, 10.0.0.1`, ...(method === "POST" ? { "Content-Type": "application/json" } : {}) },
      ...(method === "POST" ? { body: typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body ?? {}) } : {}),
    });
    if (res.status >= 500 && res.status !== 502 && res.status !== 503) throw new Error(`HTTP ${res.status}: ${await res.text()}\n${app.logs().slice(-3000)}`);
    const body = (await res.json()) as Record<string, unknown>;
    if (res.status >= 400) ProxyErrorSchema.parse(body);
    return { status: res.status, headers: res.headers, body };
  }

  async function me(customer: CustomerRecord | null, opts: CallOptions = {}): Promise<MeResponse> {
    const r = await call("GET", "me", customer, opts);
    expect(r.status).toBe(200);
    expect(r.headers.get("Cache-Control")).toBe("private, no-store");
    return MeResponseSchema.parse(r.body);
  }

  /** A customer Shopify knows, with one paid order of `amountMinor` EUR cents (no tax). */
  async function shopper(amountMinor: number): Promise<{ customer: CustomerRecord; order: OrderRecord }> {
    const customer = createCustomer(rng, { email: `shopper-${provider}-${orderNumber}@example.com`, currency: "EUR" });
    store.upsertCustomers(domain, [emulatedCustomer(customer)]);
    await deliver(app.url, domain, buildCustomersCreate(customer, shop));
    const order = createOrder(rng, {
      shop, customer, currency: "EUR", taxRate: 0, financialStatus: "paid", orderNumber: ++orderNumber,
      lines: [{ title: "Wool coat", unitPriceMinor: amountMinor, quantity: 1 }],
    });
    await deliver(app.url, domain, buildOrdersPaid(order));
    await waitForInboxDrained(sql);
    return { customer, order };
  }

  const balance = async (c: CustomerRecord) =>
    Number((await sql.get<{ balance: number }>(`SELECT balance FROM member WHERE shop = ? AND customer_gid = ?`, [domain, gidOf(c)]))?.balance);
  const ledger = (c: CustomerRecord) =>
    sql.all<{ id: number; points: number; created_at: string }>(`SELECT id, points, created_at FROM ledger_entry WHERE shop = ? AND customer_gid = ? ORDER BY id DESC`, [domain, gidOf(c)]);
  const rewardId = async (points: number) =>
    String((await sql.get<{ id: number }>(`SELECT id FROM reward WHERE shop = ? AND points_cost = ? AND archived_at IS NULL`, [domain, points]))!.id);
  const actionId = async (kind: string) => Number((await sql.get<{ id: number }>(`SELECT id FROM earning_action WHERE shop = ? AND kind = ?`, [domain, kind]))!.id);
  const program = () => ProgramMetafieldSchema.parse(JSON.parse(store.metafield(domain, store.shop(domain)!.id, "kanta", "program")!.value));
  let keySeq = 0;
  const key = () => `proxy-api-${provider}-${++keySeq}`;

  const DEFAULT_TIERS = [
    { name: "Bronze", threshold: "0.00", thresholdValue: 0, multiplierBps: 10_000, freeShipping: false },
    { name: "Silver", threshold: "500.00", thresholdValue: 50_000, multiplierBps: 12_500, freeShipping: false },
    { name: "Gold", threshold: "1500.00", thresholdValue: 150_000, multiplierBps: 15_000, freeShipping: false },
  ];

  it("install publishes the program summary in the storefront contract's shape", async () => {
    const summary = program();
    expect(summary).toEqual({
      version: 2,
      currency: "EUR",
      earn: { points: 1, perAmount: "1", currency: "EUR" },
      description: "Earn 1 point for every 1 EUR you spend.",
      rewards: [
        { id: await rewardId(500), name: "5 EUR off your order", kind: "amount_off", pointsCost: 500 },
        { id: await rewardId(1000), name: "10 EUR off your order", kind: "amount_off", pointsCost: 1000 },
        { id: await rewardId(300), name: "Free shipping", kind: "free_shipping", pointsCost: 300 },
      ],
      tierBasis: "spend",
      tiers: DEFAULT_TIERS.map((t) => ({ id: expect.any(String), ...t })),
      actions: [{ kind: "welcome", name: "Welcome bonus", points: 100 }],
    } satisfies ProgramMetafield);
  });

  it("each endpoint answers its happy path in the shape of its schema", async () => {
    await saveAction(sql, domain, await actionId("birthday"), { name: "Birthday bonus", points: "100", enabled: "on" }, new Date());
    await saveAction(sql, domain, await actionId("referral"), {
      name: "Refer a friend", points: "500", enabled: "on", friendPercent: "10", lifetimeDays: "30", combinesProduct: "on", combinesShipping: "on",
    }, new Date());
    const custom = await saveAction(sql, domain, "new", { name: "Follow us on Instagram", points: "30", enabled: "on", url: "https://instagram.com/kanta" }, new Date());
    expect(custom.ok).toBe(true);
    const customId = custom.ok ? custom.action.id : 0;

    // Logged out: the public program, the tiers, no personal parts.
    const anon = await me(null);
    expect(anon).toMatchObject({ shop: domain, customer: null, program: { tierBasis: "spend" } });
    expect(anon.tiers).toEqual(program().tiers);
    expect(anon.history).toBeUndefined();
    expect(anon.points).toBeUndefined();

    // Logged in: 700.00 EUR paid → 100 welcome + 700 points, Silver.
    const { customer: ada, order } = await shopper(70_000);
    const view = await me(ada);
    expect(view.points).toEqual({ balance: 800 });
    expect(view.tier).toMatchObject({ name: "Silver" });
    expect(view.progress).toMatchObject({ next: { name: "Gold", remaining: "800.00" }, message: "Spend 800.00 EUR more to reach Gold." });
    expect(view.tiers).toEqual(anon.tiers);
    expect(view.history?.map((h) => [h.points, h.kind, h.label])).toEqual([[700, "order", `Order ${order.name}`], [100, "welcome", "Welcome bonus"]]);

    const redeemed = await call("POST", "redeem", ada, { body: { rewardId: await rewardId(500), idempotencyKey: key() } });
    expect(redeemed.status).toBe(200);
    expect(RedeemResponseSchema.parse(redeemed.body)).toMatchObject({ points: { balance: 300, spent: 500 }, applyUrl: expect.stringMatching(/^\/discount\/KANTA-/) });

    const birthday = await call("POST", "birthday", ada, { body: { birthday: "05-17" } });
    expect(BirthdayResponseSchema.parse(birthday.body)).toEqual({ birthday: { set: true, value: "05-17" } });

    const referral = await call("GET", "referral", ada);
    expect(referral.status).toBe(200);
    const link = ReferralResponseSchema.parse(referral.body);
    expect(link).toMatchObject({ points: 500, friend: { percent: 10 }, stats: { claimed: 0, rewarded: 0 } });
    const claim = await call("POST", "referral", null, { body: { code: link.referral.code, email: `friend-${provider}@example.com` } });
    expect(claim.status).toBe(200);
    expect(ReferralClaimResponseSchema.parse(claim.body)).toMatchObject({ offer: { percent: 10 }, applyUrl: expect.stringMatching(/^\/discount\//) });

    const done = await call("POST", `actions/${customId}`, ada);
    expect(ActionCompleteResponseSchema.parse(done.body)).toEqual({
      action: { id: String(customId), kind: "custom", name: "Follow us on Instagram", points: 30, available: false, completed: true, url: "https://instagram.com/kanta" },
      points: { earned: 30, balance: 330 },
    });

    // Every write above is seen at once (each cleared the shopper's cached answer).
    const after = await me(ada);
    expect(after.points).toEqual({ balance: 330 });
    expect(after.birthday).toEqual({ set: true });
    expect(after.referral).toEqual(link.referral);
    expect(after.history?.map((h) => [h.points, h.kind, h.label])).toEqual([
      [30, "action", "Follow us on Instagram"], [-500, "redemption", "Reward redeemed"], [700, "order", `Order ${order.name}`], [100, "welcome", "Welcome bonus"],
    ]);
    expect(await balanceMismatches(sql, domain)).toEqual([]);
  });

  it("a missing, forged or stale signature is refused with a localized 401 on every route", async () => {
    const { customer } = await shopper(1_000);
    const routes: ["GET" | "POST", string][] = [["GET", "me"], ["POST", "redeem"], ["POST", "birthday"], ["GET", "referral"], ["POST", "referral"], ["POST", "actions/1"]];
    for (const [method, route] of routes) {
      const good = signed(customer, { locale: "fi" });
      const forged = new URLSearchParams(good);
      forged.set("signature", "0".repeat(64));
      expect(await call(method, route, customer, { query: forged })).toMatchObject({
        status: 401, body: { error: { code: "unauthorized", message: FI_UNAUTHORIZED, detail: "invalid App Proxy signature" } },
      });
      const missing = new URLSearchParams(good);
      missing.delete("signature");
      expect(await call(method, route, customer, { query: missing })).toMatchObject({
        status: 401, body: { error: { code: "unauthorized", message: FI_UNAUTHORIZED, detail: "missing or malformed App Proxy signature" } },
      });
      const stale = appProxyQuery({ shop: domain, loggedInCustomerId: customer.id, pathPrefix: "/apps/kanta", timestamp: Math.floor(Date.now() / 1000) - 3600 }, TEST_SECRET);
      expect(await call(method, route, customer, { query: stale })).toMatchObject({
        status: 401, body: { error: { code: "unauthorized", message: EN_UNAUTHORIZED, detail: "App Proxy request expired or has no timestamp" } },
      });
    }
    // A shop that is not a myshopify domain, signed correctly: a bad request, not another shop's data.
    const odd = appProxyQuery({ shop: "evil.example.com", loggedInCustomerId: customer.id, pathPrefix: "/apps/kanta" }, TEST_SECRET);
    expect(await call("GET", "me", customer, { query: odd })).toMatchObject({ status: 400, body: { error: { code: "bad_request" } } });
    // Nothing was written by any of them.
    expect((await ledger(customer)).length).toBe(2);
  });

  it("a shopper cannot read another shopper's data", async () => {
    const { customer: alice } = await shopper(12_300);
    const { customer: bob } = await shopper(45_600);
    const good = signed(alice);
    // Naming Bob in the signed field breaks the signature.
    const tampered = new URLSearchParams(good);
    tampered.set("logged_in_customer_id", bob.id);
    expect(await call("GET", "me", alice, { query: tampered })).toMatchObject({ status: 401, body: { error: { code: "unauthorized" } } });
    // A parameter of the shopper's own (signed by Shopify like any other) changes nothing.
    const view = await me(alice, { extra: { customer_id: bob.id, customer: gidOf(bob) } });
    expect(view.customer).toEqual({ id: gidOf(alice) });
    expect(view.points).toEqual({ balance: 223 });
    expect(view.history?.map((h) => h.points)).toEqual([123, 100]);
    // Logged out with Bob's id in a parameter: still the public view.
    const anon = await me(null, { extra: { customer_id: bob.id } });
    expect(anon.customer).toBeNull();
    expect(anon.points).toBeUndefined();
  });

  it(`rate limit: ${LIMIT} requests a minute per shopper, then 429 with Retry-After; others unaffected`, async () => {
    const { customer: busy } = await shopper(2_000);
    const { customer: calm } = await shopper(3_000);
    for (let i = 0; i < LIMIT; i++) expect((await call("GET", "me", busy)).status).toBe(200);
    const refused = await call("GET", "me", busy, { locale: "fi" });
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("Retry-After"));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
    expect(refused.body).toEqual({
      error: { code: "rate_limited", message: "Liian monta pyyntöä. Odota hetki ja yritä uudelleen.", detail: `at most ${LIMIT} requests a minute` },
    });
    expect(refused.headers.get("Cache-Control")).toBe("no-store");
    // Every route counts against the same shopper; a write is refused before it runs.
    expect(await call("POST", "redeem", busy, { body: { rewardId: await rewardId(300), idempotencyKey: key() } })).toMatchObject({
      status: 429, body: { error: { code: "rate_limited", message: "Too many requests. Please wait a moment and try again." } },
    });
    expect(await balance(busy)).toBe(120);
    // Another shopper of the same shop is not affected.
    expect((await me(calm)).points).toEqual({ balance: 130 });

    // Logged out: counted per client address (the first X-Forwarded-For entry).
    const ip = nextIp();
    for (let i = 0; i < LIMIT; i++) expect((await call("GET", "me", null, { ip })).status).toBe(200);
    expect((await call("GET", "me", null, { ip })).status).toBe(429);
    expect((await call("GET", "me", null, { ip: nextIp() })).status).toBe(200);
  });

  it("/proxy/me answers are reused for a few seconds, but the shopper's own redeem is seen at once", async () => {
    const { customer } = await shopper(90_000); // 100 + 900 points
    const first = await me(customer);
    expect(first.points).toEqual({ balance: 1000 });
    const reward = await rewardId(1000);
    const name = first.rewards.find((r) => r.id === reward)!.name;
    // A change behind the app's back (not through this shopper): the cached answer does not show it.
    await sql.run(`UPDATE reward SET name = ? WHERE shop = ? AND id = ?`, ["Renamed behind the cache", domain, Number(reward)]);
    try {
      const second = await me(customer);
      expect(second).toEqual(first);
      // Another language is its own entry: read fresh.
      expect((await me(customer, { locale: "fi" })).rewards.find((r) => r.id === reward)!.name).toBe("Renamed behind the cache");

      // The shopper redeems: their next /proxy/me is read fresh (balance and the renamed reward).
      const redeemed = await call("POST", "redeem", customer, { body: { rewardId: await rewardId(300), idempotencyKey: key() } });
      expect(redeemed.status).toBe(200);
      const third = await me(customer);
      expect(third.points).toEqual({ balance: 700 });
      expect(third.rewards.find((r) => r.id === reward)!.name).toBe("Renamed behind the cache");
      expect(third.history?.[0]).toMatchObject({ points: -300, kind: "redemption", label: "Reward redeemed" });
    } finally {
      await sql.run(`UPDATE reward SET name = ? WHERE shop = ? AND id = ?`, [name, domain, Number(reward)]);
    }
  });

  it("history lists the exact ledger entries after a signed order webhook, newest first, at most 10", async () => {
    const { customer, order } = await shopper(4_250);
    const rows = await ledger(customer);
    const view = await me(customer, { locale: "fi" });
    expect(view.history).toEqual([
      { id: String(rows[0]!.id), date: rows[0]!.created_at, points: 42, kind: "order", label: `Tilaus ${order.name}` },
      { id: String(rows[1]!.id), date: rows[1]!.created_at, points: 100, kind: "welcome", label: "Tervetuliaisbonus" },
    ]);
    for (let i = 0; i < 10; i++) {
      const next = createOrder(rng, {
        shop, customer, currency: "EUR", taxRate: 0, financialStatus: "paid", orderNumber: ++orderNumber, lines: [{ title: "Socks", unitPriceMinor: 1_000 + i * 100, quantity: 1 }],
      });
      await deliver(app.url, domain, buildOrdersPaid(next));
    }
    await waitForInboxDrained(sql);
    const all = await ledger(customer);
    const full = await me(customer);
    expect(full.history).toHaveLength(10);
    expect(full.history!.map((h) => h.id)).toEqual(all.slice(0, 10).map((r) => String(r.id)));
    expect(full.history!.map((h) => h.points)).toEqual(all.slice(0, 10).map((r) => Number(r.points)));
    expect(full.history!.every((h) => /^Order #\d+$/.test(h.label))).toBe(true);
  });

  it("errors are in Finnish when the storefront asks for it, on every kind of failure", async () => {
    const { customer } = await shopper(1_500);
    expect(await call("POST", "redeem", null, { locale: "fi", body: { rewardId: await rewardId(500), idempotencyKey: key() } })).toMatchObject({
      status: 401, body: { error: { code: "not_logged_in", message: "Kirjaudu sisään tilillesi lunastaaksesi palkintoja." } },
    });
    expect(await call("POST", "redeem", customer, { locale: "fi-FI", body: { rewardId: await rewardId(1000), idempotencyKey: key() } })).toMatchObject({
      status: 409, body: { error: { code: "insufficient_points", message: "Sinulla ei ole vielä tarpeeksi pisteitä tähän palkintoon." } },
    });
    expect(await call("POST", "birthday", customer, { locale: "fi", body: "{nope" })).toMatchObject({
      status: 400, body: { error: { code: "bad_request", message: "Pyyntöä ei voitu lukea. Lataa sivu uudelleen ja yritä uudestaan.", detail: "the body must be JSON" } },
    });
    const wrongMethod = await fetch(`${app.url}/proxy/redeem?${signed(customer, { locale: "fi" })}`, { headers: { "X-Forwarded-For": nextIp() } });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("Allow")).toBe("POST");
    expect(await wrongMethod.json()).toEqual({
      error: { code: "method_not_allowed", message: "Tämä toiminto ei ole käytettävissä täällä. Lataa sivu uudelleen ja yritä uudestaan.", detail: "use POST" },
    });
    const view = await me(customer, { locale: "fi" });
    expect(view.progress?.message).toBe("Osta vielä 485.00 EUR edestä, niin saavutat tason Silver.");
    expect(view.rewards[0]!.combinesText).toBe("Yhdistettävissä tuotealennusten ja toimitusalennusten kanssa.");
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });

  it("the program summary is rewritten when the merchant changes tiers or ways to earn", async () => {
    const headers = { "User-Agent": DESKTOP_UA, Authorization: `Bearer ${sessionToken(domain, TEST_API_KEY, TEST_SECRET)}`, "Content-Type": "application/x-www-form-urlencoded" };
    const post = async (urlPath: string, route: string, form: Record<string, string>) => {
      const res = await fetch(`${app.url}${urlPath}?_data=${encodeURIComponent(route)}`, { method: "POST", headers, body: new URLSearchParams(form), redirect: "manual" });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    // The earlier tests switched birthday, referral and a custom action on behind the admin's back;
    // switching the review action on through the admin publishes all of them.
    expect(await post("/app/settings/actions", "routes/app.settings.actions", { intent: "set-enabled", id: String(await actionId("review")), enabled: "true" }))
      .toMatchObject({ status: 200, body: { ok: true } });
    expect(program().actions).toEqual([
      { kind: "welcome", name: "Welcome bonus", points: 100 },
      { kind: "birthday", name: "Birthday bonus", points: 100 },
      { kind: "referral", name: "Refer a friend", points: 500 },
      { kind: "review", name: "Review a product", points: 50 },
      { kind: "custom", name: "Follow us on Instagram", points: 30 },
    ]);

    const tiers = await sql.all<{ id: number; name: string }>(`SELECT id, name FROM tier WHERE shop = ? AND archived_at IS NULL ORDER BY threshold`, [domain]);
    const form: Record<string, string> = { intent: "save", basis: "points", window: "lifetime" };
    [["0", "1"], ["1000", "1.25"], ["5000", "2"]].forEach(([threshold, multiplier], i) => {
      Object.assign(form, {
        [`tiers.${i}.id`]: String(tiers[i]!.id), [`tiers.${i}.name`]: i === 2 ? "Platinum" : tiers[i]!.name, [`tiers.${i}.threshold`]: threshold!,
        [`tiers.${i}.multiplier`]: multiplier!, [`tiers.${i}.entryRewardPoints`]: "0", [`tiers.${i}.graceDays`]: "0", [`tiers.${i}.freeShipping`]: String(i === 2),
      });
    });
    expect(await post("/app/settings/tiers", "routes/app.settings.tiers", form)).toMatchObject({ status: 200, body: { ok: true } });
    const summary = program();
    expect(summary.tierBasis).toBe("points");
    expect(summary.tiers).toEqual([
      { id: String(tiers[0]!.id), name: "Bronze", threshold: "0", thresholdValue: 0, multiplierBps: 10_000, freeShipping: false },
      { id: String(tiers[1]!.id), name: "Silver", threshold: "1000", thresholdValue: 1000, multiplierBps: 12_500, freeShipping: false },
      { id: String(tiers[2]!.id), name: "Platinum", threshold: "5000", thresholdValue: 5000, multiplierBps: 20_000, freeShipping: true },
    ]);
    // /proxy/me lists the same tiers.
    expect((await me(null)).tiers).toEqual(summary.tiers);
  });
});
