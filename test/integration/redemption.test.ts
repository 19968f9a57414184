// Redeeming points for single-use discount codes, over real HTTP against the production build,
// with the Admin API answered by the local emulator (validated against Shopify's real schema).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { AdminEmulator } from "../../app/emulator/admin-emulator.server";
import { EmulatorStore } from "../../app/emulator/store.server";
import { returnExpiredCodes, settlePendingRedemptions } from "../../app/shopify/redemption.server";
import { balanceMismatches } from "../../app/storage/ledger.server";
import type { SqlDatabase } from "../../app/storage/sql.server";
import { ensureAdminSchema } from "../../scripts/admin-schema.mjs";
import {
  TEST_API_KEY, TEST_SECRET, createTestDatabase, openTestSql, startApp, waitFor, waitForInboxDrained,
  type Provider, type RunningApp, type TestDatabase,
} from "../support/app-server";
import { deliver } from "../support/deliver";
import { emulatedCustomer, emulatedShop } from "../support/emulator-seed";
import { DESKTOP_UA, embeddedAppUrl } from "../support/session-token";
import { buildOrdersPaid, createCustomer, createOrder, createRng, makeShop, type CustomerRecord } from "../support/shopify-payloads";
import { appProxyQuery } from "../support/webhook-signing";

const templates = () => ({ sqliteTemplate: inject("sqliteTemplate"), pgAdminUrl: inject("pgAdminUrl"), pgTemplate: inject("pgTemplate") });

type RedeemAnswer = {
  status: number;
  body: {
    code?: string;
    reward?: { id: string; name: string; pointsCost: number; affordable: boolean; combinesText: string };
    points?: { balance: number; spent: number };
    endsAt?: string;
    applyUrl?: string;
    error?: { code: string; message: string; detail?: string };
  };
};

describe.each<Provider>(["sqlite", "postgresql"])("rewards and redemption (%s, emulated Shopify)", (provider) => {
  let db: TestDatabase;
  let app: RunningApp;
  let sql: SqlDatabase;
  let store: EmulatorStore;
  const rng = createRng(`redeem-${provider}`);
  const shop = makeShop({ domain: `redeem-${provider}.myshopify.com`, id: String(81_000_000_000) });
  const domain = shop.domain;
  let rewards: { id: number; kind: string; points_cost: number }[] = [];

  beforeAll(async () => {
    ensureAdminSchema();
    db = await createTestDatabase(provider, templates());
    sql = openTestSql(db);
    const storeFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kanta-emu-")), "emulator.sqlite");
    store = new EmulatorStore(storeFile);
    store.upsertShop(emulatedShop(shop, { accessToken: "shpat_emulated_offline" }));
    app = await startApp(db, { KANTA_ADMIN_EMULATOR: "1", KANTA_ADMIN_EMULATOR_DB: storeFile, METAFIELD_SYNC_INTERVAL_MS: "60000" });
    const res = await fetch(embeddedAppUrl(app.url, domain, TEST_API_KEY, TEST_SECRET), { headers: { "User-Agent": DESKTOP_UA } });
    expect(res.status).toBe(200);
    await waitFor(async () => (await sql.get(`SELECT 1 AS x FROM shop WHERE domain = ? AND rewards_seeded_at IS NOT NULL`, [domain])) ?? false, "install");
    rewards = await sql.all(`SELECT id, kind, points_cost FROM reward WHERE shop = ? ORDER BY position`, [domain]);
    // These tests count balances from orders alone: the welcome bonus (on by default, created with
    // the shop's actions before its rewards) is switched off.
    await sql.run(`UPDATE earning_action SET enabled = ? WHERE shop = ? AND kind = 'welcome'`, [false, domain]);
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    store?.close();
    await sql?.close();
    await db?.drop();
  });

  const rewardId = (points: number) => String(rewards.find((r) => Number(r.points_cost) === points)!.id);

  /** A customer known to Shopify (the emulator) with `points` points from one paid order. */
  async function shopper(points: number): Promise<CustomerRecord> {
    const customer = createCustomer(rng, {});
    store.upsertCustomers(domain, [emulatedCustomer(customer)]);
    const order = createOrder(rng, { shop, customer, currency: "USD", taxRate: 0, financialStatus: "paid", lines: [{ title: "Coat", unitPriceMinor: points * 100, quantity: 1 }] });
    await deliver(app.url, domain, buildOrdersPaid(order));
    await waitForInboxDrained(sql);
    return customer;
  }

  async function redeem(customerId: string, body: unknown, opts: { locale?: string; raw?: string } = {}): Promise<RedeemAnswer> {
    const q = appProxyQuery({ shop: domain, loggedInCustomerId: customerId, pathPrefix: "/apps/kanta", extra: opts.locale ? { locale: opts.locale } : {} }, TEST_SECRET);
    const res = await fetch(`${app.url}/proxy/redeem?${q}`, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: opts.raw ?? JSON.stringify(body),
    });
    if (res.status >= 500 && res.status !== 502 && res.status !== 503) throw new Error(`HTTP ${res.status}: ${await res.text()}\n${app.logs().slice(-3000)}`);
    return { status: res.status, body: (await res.json()) as RedeemAnswer["body"] };
  }

  const balance = async (customerId: string) =>
    Number((await sql.get<{ balance: number }>(`SELECT balance FROM member WHERE shop = ? AND customer_gid = ?`, [domain, `gid://shopify/Customer/${customerId}`]))?.balance);
  const codesFor = (customerId: string) =>
    store.discountCodes(domain).filter((d) => JSON.stringify(d.input.context).includes(`gid://shopify/Customer/${customerId}"`));
  let keySeq = 0;
  const key = () => `test-key-${provider}-${++keySeq}`;

  it("installs the default catalog and lists it in /proxy/me with affordability", async () => {
    expect(rewards.map((r) => [r.kind, Number(r.points_cost)])).toEqual([["amount_off", 500], ["amount_off", 1000], ["free_shipping", 300]]);
    const c = await shopper(600);
    const q = appProxyQuery({ shop: domain, loggedInCustomerId: c.id, pathPrefix: "/apps/kanta" }, TEST_SECRET);
    const me = (await (await fetch(`${app.url}/proxy/me?${q}`)).json()) as { points: { balance: number }; rewards: unknown[] };
    expect(me.points).toEqual({ balance: 600 });
    expect(me.rewards).toEqual([
      expect.objectContaining({ id: rewardId(500), name: "5 USD off your order", pointsCost: 500, affordable: true, value: "5.00", currency: "USD", combinesText: "Combines with product and shipping discounts." }),
      expect.objectContaining({ id: rewardId(1000), name: "10 USD off your order", pointsCost: 1000, affordable: false, value: "10.00" }),
      expect.objectContaining({ id: rewardId(300), name: "Free shipping", pointsCost: 300, affordable: true, value: null, combinesText: "Combines with order and product discounts." }),
    ]);
  });

  it("happy path: points held and committed, a single-use code bound to the shopper, exact Admin API input", async () => {
    const c = await shopper(800);
    const before = Date.now();
    const r = await redeem(c.id, { rewardId: rewardId(500), idempotencyKey: key() });
    expect(r.status).toBe(200);
    expect(r.body.code).toMatch(/^KANTA-[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/);
    expect(r.body.points).toEqual({ balance: 300, spent: 500 });
    expect(r.body.reward).toMatchObject({ id: rewardId(500), name: "5 USD off your order", pointsCost: 500, affordable: false });
    expect(r.body.applyUrl).toBe(`/discount/${r.body.code}`);
    expect(await balance(c.id)).toBe(300);

    const [discount, ...others] = codesFor(c.id);
    expect(others).toEqual([]);
    expect(discount!.kind).toBe("basic");
    expect(discount!.code).toBe(r.body.code);
    const input = discount!.input;
    expect(input).toMatchObject({
      code: r.body.code, usageLimit: 1, appliesOncePerCustomer: true,
      context: { customers: { add: [`gid://shopify/Customer/${c.id}`] } },
      combinesWith: { orderDiscounts: false, productDiscounts: true, shippingDiscounts: true },
      customerGets: { value: { discountAmount: { amount: "5.00", appliesOnEachItem: false } }, items: { all: true } },
    });
    const lifetime = Date.parse(String(input.endsAt)) - Date.parse(String(input.startsAt));
    expect(lifetime).toBe(30 * 86_400_000);
    expect(Date.parse(String(input.startsAt))).toBeGreaterThanOrEqual(before - 1000);
    const entries = await sql.all<{ points: number; source: string }>(
      `SELECT points, source FROM ledger_entry WHERE shop = ? AND customer_gid = ? ORDER BY id`, [domain, `gid://shopify/Customer/${c.id}`],
    );
    expect(entries.map((e) => [Number(e.points), e.source])).toEqual([[800, "order"], [-500, "redemption"]]);
    const row = await sql.get<{ status: string; discount_gid: string }>(`SELECT status, discount_gid FROM redemption WHERE shop = ? AND code = ?`, [domain, r.body.code]);
    expect(row).toEqual({ status: "active", discount_gid: discount!.id });

    // Free shipping goes through discountCodeFreeShippingCreate.
    const ship = await redeem(c.id, { rewardId: rewardId(300), idempotencyKey: key() });
    expect(ship.status).toBe(200);
    expect(ship.body.points).toEqual({ balance: 0, spent: 300 });
    expect(codesFor(c.id).map((d) => d.kind)).toEqual(["basic", "freeShipping"]);
  });

  it("userErrors from Shopify: the hold is released, the shopper gets a localized error", async () => {
    const c = await shopper(700);
    store.injectFault(domain, "KantaDiscountCodeBasicCreate", {
      kind: "userErrors", times: 1, userErrors: [{ field: ["basicCodeDiscount", "code"], message: "Code is invalid", code: "INVALID" }],
    });
    const r = await redeem(c.id, { rewardId: rewardId(500), idempotencyKey: key() }, { locale: "fi" });
    expect(r.status).toBe(502);
    expect(r.body.error).toEqual({
      code: "code_not_created", message: "Koodin luominen ei onnistunut juuri nyt. Pisteitäsi ei käytetty — yritä uudelleen.",
    });
    expect(await balance(c.id)).toBe(700);
    expect(codesFor(c.id)).toEqual([]);
    const rows = await sql.all<{ status: string; error: string }>(`SELECT status, error FROM redemption WHERE shop = ? AND buyer_gid = ?`, [domain, `gid://shopify/Customer/${c.id}`]);
    expect(rows).toEqual([{ status: "failed", error: "discountCodeBasicCreate: basicCodeDiscount.code: Code is invalid (INVALID)" }]);
    const entries = await sql.all<{ points: number }>(`SELECT points FROM ledger_entry WHERE shop = ? AND customer_gid = ? ORDER BY id`, [domain, `gid://shopify/Customer/${c.id}`]);
    expect(entries.map((e) => Number(e.points))).toEqual([700, -500, 500]);
  });

  it("network failure: Kanta asks whether the code exists, then restores the points (or keeps the code when it does)", async () => {
    const c = await shopper(1200);
    // Every attempt at creating the code fails at the connection: the code does not exist.
    store.injectFault(domain, "KantaDiscountCodeBasicCreate", { kind: "network", times: 3 });
    const lost = await redeem(c.id, { rewardId: rewardId(500), idempotencyKey: key() });
    expect(lost.status).toBe(502);
    expect(lost.body.error?.code).toBe("code_not_created");
    expect(await balance(c.id)).toBe(1200);
    expect(codesFor(c.id)).toEqual([]);

    // The code was created but the answer was lost: the retry finds it taken, Kanta confirms it is its own.
    store.injectFault(domain, "KantaDiscountCodeBasicCreate", { kind: "lostResponse", times: 1 });
    const kept = await redeem(c.id, { rewardId: rewardId(500), idempotencyKey: key() });
    expect(kept.status).toBe(200);
    expect(kept.body.points).toEqual({ balance: 700, spent: 500 });
    expect(codesFor(c.id).map((d) => d.code)).toEqual([kept.body.code]);
  }, 30_000);

  it("when Shopify cannot be asked at all the points stay held, and the background pass settles the redemption later", async () => {
    const c = await shopper(900);
    const before = await balance(c.id);
    store.injectFault(domain, "KantaDiscountCodeBasicCreate", { kind: "network", times: 3 });
    store.injectFault(domain, "KantaDiscountCodeByCode", { kind: "network", times: 3 });
    const pending = await redeem(c.id, { rewardId: rewardId(500), idempotencyKey: key() });
    expect(pending.status).toBe(503);
    expect(pending.body.error?.code).toBe("code_pending");
    expect(await balance(c.id)).toBe(before - 500);
    // The pass asks Shopify (here the emulator, answering the app's own documents) whether the code exists.
    const emulator = new AdminEmulator({ schemaPath: ensureAdminSchema(), store });
    const graphql = async (query: string, options?: { variables?: Record<string, unknown> }) => {
      const answer = await emulator.handle(domain, { query, variables: options?.variables });
      return new Response(JSON.stringify(answer.body), { status: answer.status });
    };
    expect(await settlePendingRedemptions(sql, domain, graphql, { olderThanMs: 0 })).toEqual({ committed: 0, released: 1 });
    expect(await settlePendingRedemptions(sql, domain, graphql, { olderThanMs: 0 })).toEqual({ committed: 0, released: 0 });
    expect(await balance(c.id)).toBe(before);
    expect(await sql.all(`SELECT status FROM redemption WHERE shop = ? AND buyer_gid = ?`, [domain, `gid://shopify/Customer/${c.id}`]))
      .toEqual([{ status: "failed" }]);
  }, 60_000);

  it("the same idempotency key twice (even at once) gives the same code, and spends once", async () => {
    const c = await shopper(1000);
    const k = key();
    const [a, b] = await Promise.all([
      redeem(c.id, { rewardId: rewardId(500), idempotencyKey: k }),
      redeem(c.id, { rewardId: rewardId(500), idempotencyKey: k }),
    ]);
    const again = await redeem(c.id, { rewardId: rewardId(500), idempotencyKey: k });
    expect([a.status, b.status, again.status]).toEqual([200, 200, 200]);
    expect(b.body.code).toBe(a.body.code);
    expect(again.body.code).toBe(a.body.code);
    expect(again.body.points).toEqual({ balance: 500, spent: 500 });
    expect(codesFor(c.id)).toHaveLength(1);
    expect(await balance(c.id)).toBe(500);
  });

  it("20 concurrent redemptions with points for 3: exactly 3 codes and a zero balance", async () => {
    const c = await shopper(1500);
    const answers = await Promise.all(Array.from({ length: 20 }, () => redeem(c.id, { rewardId: rewardId(500), idempotencyKey: key() })));
    const ok = answers.filter((a) => a.status === 200);
    expect(ok).toHaveLength(3);
    expect(new Set(ok.map((a) => a.body.code)).size).toBe(3);
    expect(answers.filter((a) => a.status === 409).map((a) => a.body.error?.code)).toEqual(Array(17).fill("insufficient_points"));
    expect(await balance(c.id)).toBe(0);
    expect(codesFor(c.id)).toHaveLength(3);
    expect(await balanceMismatches(sql, domain)).toEqual([]);
  }, 60_000);

  it("an order that uses the code marks it used", async () => {
    const c = await shopper(500);
    const r = await redeem(c.id, { rewardId: rewardId(500), idempotencyKey: key() });
    expect(r.status).toBe(200);
    const order = createOrder(rng, {
      shop, customer: c, currency: "USD", taxRate: 0, financialStatus: "paid",
      lines: [{ title: "Scarf", unitPriceMinor: 3000, quantity: 1 }],
      discountCode: { code: r.body.code!.toLowerCase(), type: "fixed_amount", value: 500 },
    });
    await deliver(app.url, domain, buildOrdersPaid(order));
    await waitForInboxDrained(sql);
    const row = await sql.get<{ status: string; used_order_gid: string }>(`SELECT status, used_order_gid FROM redemption WHERE shop = ? AND code = ?`, [domain, r.body.code]);
    expect(row).toEqual({ status: "used", used_order_gid: `gid://shopify/Order/${order.id}` });
    // The order earned on its discounted lines: 30.00 − 5.00 = 25, at Silver's 1.25× (the 500.00 order reached Silver) = 31 points.
    expect(await balance(c.id)).toBe(31);
  });

  it("expired unused codes return their points only when the merchant turned it on, and a late order takes them back", async () => {
    const c = await shopper(500);
    const r = await redeem(c.id, { rewardId: rewardId(500), idempotencyKey: key() });
    expect(r.status).toBe(200);
    const threeDaysAgo = new Date(Date.now() - 3 * 86_400_000).toISOString();
    await sql.run(`UPDATE redemption SET ends_at = ? WHERE shop = ? AND code = ?`, [threeDaysAgo, domain, r.body.code]);
    expect(await returnExpiredCodes(sql, domain)).toBe(0); // default off
    expect(await balance(c.id)).toBe(0);
    await sql.run(`UPDATE shop SET return_expired_codes = ? WHERE domain = ?`, [true, domain]);
    expect(await returnExpiredCodes(sql, domain)).toBe(1);
    expect(await returnExpiredCodes(sql, domain)).toBe(0);
    expect(await balance(c.id)).toBe(500);
    // The order that used it was on its way (a webhook a day late): the returned points go back.
    const order = createOrder(rng, {
      shop, customer: c, currency: "USD", taxRate: 0, financialStatus: "paid",
      lines: [{ title: "Hat", unitPriceMinor: 2000, quantity: 1 }], discountCode: { code: r.body.code!, type: "fixed_amount", value: 500 },
    });
    await deliver(app.url, domain, buildOrdersPaid(order));
    await waitForInboxDrained(sql);
    // 20.00 − 5.00 = 15 at Silver's 1.25× (the 500.00 order reached Silver) = 18 points.
    expect(await balance(c.id)).toBe(18);
    await sql.run(`UPDATE shop SET return_expired_codes = ? WHERE domain = ?`, [false, domain]);
  });

  it("bad input gets a clear error and changes nothing", async () => {
    const c = await shopper(2000);
    const before = store.discountCodes(domain).length;
    const loggedOut = await redeem("", { rewardId: rewardId(500), idempotencyKey: key() });
    expect(loggedOut).toEqual({ status: 401, body: { error: { code: "not_logged_in", message: "Please sign in to your account to redeem rewards." } } });
    expect((await redeem(c.id, null, { raw: "{not json" })).body.error).toEqual({
      code: "bad_request", message: "The request could not be read. Please reload the page and try again.", detail: "the body must be JSON",
    });
    expect((await redeem(c.id, { rewardId: rewardId(500) })).body.error?.detail).toBe("idempotencyKey: Required");
    expect((await redeem(c.id, { rewardId: 5, idempotencyKey: key() })).body.error?.detail).toBe("rewardId: Expected string, received number");
    expect((await redeem(c.id, { rewardId: "999999", idempotencyKey: key() }))).toEqual({
      status: 404, body: { error: { code: "reward_not_found", message: "This reward is no longer available." } },
    });
    expect((await redeem(c.id, { rewardId: rewardId(500), amount: 500, idempotencyKey: key() })).body.error?.code).toBe("amount_not_allowed");
    const other = await redeem(c.id, { rewardId: rewardId(500), idempotencyKey: "short" });
    expect(other.status).toBe(400);
    const forged = await fetch(`${app.url}/proxy/redeem?shop=${domain}&logged_in_customer_id=${c.id}&timestamp=1&signature=${"0".repeat(64)}`, {
      method: "POST", body: JSON.stringify({ rewardId: rewardId(500), idempotencyKey: key() }),
    });
    expect(forged.status).toBe(401);
    expect(await balance(c.id)).toBe(2000);
    expect(store.discountCodes(domain).length).toBe(before);
    expect(await sql.get(`SELECT COUNT(*) AS n FROM redemption WHERE shop = ? AND buyer_gid = ?`, [domain, `gid://shopify/Customer/${c.id}`])).toEqual({ n: 0 });
    const health = await fetch(`${app.url}/healthz`);
    expect(health.status).toBe(200);
  });
});
