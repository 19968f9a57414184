// Earning actions over real HTTP against the production build, with the Admin API answered by the
// local emulator: the welcome bonus (live joiners only), birthdays, referrals (the friend's code
// through the Admin API, the referrer's reward and the fraud rules), product reviews through the
// token-authenticated API, custom actions, and /proxy/me validated against the App Proxy schema.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { EmulatorStore } from "../../app/emulator/store.server";
import {
  ActionCompleteResponseSchema, BirthdayResponseSchema, MeResponseSchema, ProxyErrorSchema, ReferralClaimResponseSchema, ReferralResponseSchema,
  type MeResponse,
} from "../../app/proxy/schema";
import { actionsApiToken, awardBirthdays, saveAction, setBirthday } from "../../app/storage/actions.server";
import { balanceMismatches } from "../../app/storage/ledger.server";
import type { SqlDatabase } from "../../app/storage/sql.server";
import { pseudonym } from "../../app/webhooks/handlers/privacy.server";
import { ensureAdminSchema } from "../../scripts/admin-schema.mjs";
import {
  TEST_API_KEY, TEST_SECRET, createTestDatabase, openTestSql, startApp, waitFor, waitForInboxDrained,
  type Provider, type RunningApp, type TestDatabase,
} from "../support/app-server";
import { deliver } from "../support/deliver";
import { emulatedCustomer, emulatedShop } from "../support/emulator-seed";
import { DESKTOP_UA, embeddedAppUrl } from "../support/session-token";
import {
  buildCustomersCreate, buildCustomersRedact, buildCustomersUpdate, buildOrdersPaid, createCustomer, createOrder, createRng, makeShop, type CustomerRecord,
  type OrderRecord,
} from "../support/shopify-payloads";
import { appProxyQuery } from "../support/webhook-signing";

const templates = () => ({ sqliteTemplate: inject("sqliteTemplate"), pgAdminUrl: inject("pgAdminUrl"), pgTemplate: inject("pgTemplate") });

const STOREFRONT = "shop.kanta-actions.example";

type Answer = { status: number; body: Record<string, unknown> };

describe.each<Provider>(["sqlite", "postgresql"])("earning actions (%s, emulated Shopify)", (provider) => {
  let db: TestDatabase;
  let app: RunningApp;
  let sql: SqlDatabase;
  let store: EmulatorStore;
  const rng = createRng(`actions-${provider}`);
  const shop = makeShop({ domain: `actions-${provider}.myshopify.com`, id: String(82_000_000_000), ianaTimezone: "Europe/Helsinki" });
  const domain = shop.domain;
  const imported = createCustomer(rng, { email: `imported-${provider}@example.com` });
  let seq = 0;
  /** A new customer with an address of their own (the generator's pool is small: the same-address rule would trip). */
  const person = (name: string) => {
    const c = createCustomer(rng, { email: `${name}-${provider}-${++seq}@example.com` });
    c.address = { ...c.address, address1: `${seq} ${name} Street` };
    return c;
  };
  const gidOf = (c: CustomerRecord) => `gid://shopify/Customer/${c.id}`;

  beforeAll(async () => {
    ensureAdminSchema();
    db = await createTestDatabase(provider, templates());
    sql = openTestSql(db);
    const storeFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kanta-emu-")), "emulator.sqlite");
    store = new EmulatorStore(storeFile);
    store.upsertShop(emulatedShop(shop, { accessToken: "shpat_emulated_offline", primaryDomainHost: STOREFRONT }));
    // A customer the shop had before installing Kanta: the history import brings them in.
    store.upsertCustomers(domain, [emulatedCustomer(imported)]);
    app = await startApp(db, { KANTA_ADMIN_EMULATOR: "1", KANTA_ADMIN_EMULATOR_DB: storeFile, METAFIELD_SYNC_INTERVAL_MS: "600000" });
    const res = await fetch(embeddedAppUrl(app.url, domain, TEST_API_KEY, TEST_SECRET), { headers: { "User-Agent": DESKTOP_UA } });
    expect(res.status).toBe(200);
    await waitFor(
      async () => (await sql.get<{ status: string }>(`SELECT status FROM job WHERE shop = ? AND kind = 'backfill'`, [domain]))?.status === "done",
      "history import",
      60_000,
    );
    await waitForInboxDrained(sql);
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    store?.close();
    await sql?.close();
    await db?.drop();
  });

  const balance = async (c: CustomerRecord) =>
    Number((await sql.get<{ balance: number }>(`SELECT balance FROM member WHERE shop = ? AND customer_gid = ?`, [domain, gidOf(c)]))?.balance);
  const entries = async (c: CustomerRecord) =>
    (await sql.all<{ points: number; source: string; idempotency_key: string }>(
      `SELECT points, source, idempotency_key FROM ledger_entry WHERE shop = ? AND customer_gid = ? ORDER BY id`, [domain, gidOf(c)],
    )).map((e) => [Number(e.points), e.source, e.idempotency_key]);
  const actionId = async (kind: string) =>
    Number((await sql.get<{ id: number }>(`SELECT id FROM earning_action WHERE shop = ? AND kind = ? ORDER BY id LIMIT 1`, [domain, kind]))!.id);

  async function join(c: CustomerRecord): Promise<CustomerRecord> {
    await deliver(app.url, domain, buildCustomersCreate(c, shop));
    await waitForInboxDrained(sql);
    return c;
  }

  async function pay(c: CustomerRecord | null, unitPriceMinor: number, opts: { code?: string; email?: string; lines?: number } = {}): Promise<OrderRecord> {
    const order = createOrder(rng, {
      shop, customer: c ?? undefined, email: opts.email, currency: "USD", taxRate: 0, financialStatus: "paid", createdAt: new Date(),
      lines: Array.from({ length: opts.lines ?? 1 }, (_, i) => ({ title: `Item ${i + 1}`, unitPriceMinor, quantity: 1 })),
      ...(opts.code ? { discountCode: { code: opts.code, type: "percentage" as const, value: 10 } } : {}),
    });
    await deliver(app.url, domain, buildOrdersPaid(order));
    await waitForInboxDrained(sql);
    return order;
  }

  async function proxy(method: "GET" | "POST", route: string, customer: CustomerRecord | null, body?: unknown, locale?: string): Promise<Answer> {
    const q = appProxyQuery(
      { shop: domain, loggedInCustomerId: customer?.id ?? "", pathPrefix: "/apps/kanta", extra: locale ? { locale } : {} },
      TEST_SECRET,
    );
    const res = await fetch(`${app.url}/proxy/${route}?${q}`, {
      method,
      ...(method === "POST" ? { headers: { "Content-Type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body ?? {}) } : {}),
    });
    if (res.status >= 500 && res.status !== 502 && res.status !== 503) throw new Error(`HTTP ${res.status}: ${await res.text()}\n${app.logs().slice(-3000)}`);
    const json = (await res.json()) as Record<string, unknown>;
    if (res.status >= 400) ProxyErrorSchema.parse(json);
    return { status: res.status, body: json };
  }

  async function me(customer: CustomerRecord | null, locale?: string): Promise<MeResponse> {
    const r = await proxy("GET", "me", customer, undefined, locale);
    expect(r.status).toBe(200);
    return MeResponseSchema.parse(r.body);
  }

  it("install creates the default actions once; /proxy/me lists the ones switched on", async () => {
    const rows = await sql.all<{ kind: string; name: string; points: number; enabled: number | boolean; config_json: string }>(
      `SELECT kind, name, points, enabled, config_json FROM earning_action WHERE shop = ? ORDER BY position`, [domain],
    );
    expect(rows.map((r) => [r.kind, r.name, Number(r.points), Boolean(r.enabled), JSON.parse(r.config_json)])).toEqual([
      ["welcome", "Welcome bonus", 100, true, {}],
      ["birthday", "Birthday bonus", 100, false, {}],
      ["referral", "Refer a friend", 500, false, {
        friendDiscount: { kind: "percent", percentBps: 1000 }, combinesWith: { order: false, product: true, shipping: true }, lifetimeDays: 30,
      }],
      ["review", "Review a product", 50, false, { limit: { count: 5, days: 30 } }],
    ]);
    const anon = await me(null);
    expect(anon.customer).toBeNull();
    expect(anon.actions).toEqual([{ id: String(await actionId("welcome")), kind: "welcome", name: "Welcome bonus", points: 100, available: true, completed: false }]);
    expect(anon.referral).toBeUndefined();
    expect(anon.birthday).toBeUndefined();
  });

  it("welcome bonus: once for a customer joining through live webhooks, none for an imported customer", async () => {
    // Imported by the history import: a member, without the bonus.
    expect(await balance(imported)).toBe(0);
    expect(await entries(imported)).toEqual([]);
    await pay(imported, 2500);
    expect(await entries(imported)).toEqual([[25, "order", expect.stringMatching(/^order:gid:\/\/shopify\/Order\/\d+:1$/)]]);

    // customers/create after the install: +100, once, even when delivered again or updated.
    const ada = person("ada");
    await join(ada);
    await deliver(app.url, domain, buildCustomersCreate(ada, shop));
    await deliver(app.url, domain, buildCustomersUpdate(ada, shop));
    await waitForInboxDrained(sql);
    expect(await entries(ada)).toEqual([[100, "bonus", `welcome:${gidOf(ada)}`]]);
    await pay(ada, 2500);
    expect(await balance(ada)).toBe(125);
    const event = await sql.get<{ kind: string; dedupe_key: string; payload_json: string; handled_at: string | null }>(
      `SELECT kind, dedupe_key, payload_json, handled_at FROM program_event WHERE shop = ? AND customer_gid = ?`, [domain, gidOf(ada)],
    );
    expect({ ...event, payload_json: JSON.parse(event!.payload_json) }).toEqual({
      kind: "welcome", dedupe_key: `welcome:${gidOf(ada)}`, payload_json: { points: 100, action: "Welcome bonus" }, handled_at: null,
    });

    // First seen through an order: the member is created with the order, the bonus comes first.
    const bo = person("bo");
    await pay(bo, 4000);
    expect((await entries(bo)).map(([p, s]) => [p, s])).toEqual([[100, "bonus"], [40, "order"]]);
    expect(await balance(bo)).toBe(140);
    expect(Number((await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM program_event WHERE shop = ? AND kind = 'welcome'`, [domain]))?.n)).toBe(2);

    const view = await me(ada);
    expect(view.points).toEqual({ balance: 125 });
    expect(view.actions).toEqual([{ id: String(await actionId("welcome")), kind: "welcome", name: "Welcome bonus", points: 100, available: false, completed: true }]);
    expect(view.birthday).toEqual({ set: false });
    expect(view.referral).toBeNull();
  });

  it("birthday: given once by the shopper (validated), the bonus once per year on the day in the shop's time zone", async () => {
    const cy = await join(person("cy"));
    // Switched off by default: the shopper cannot give it yet.
    expect(await proxy("POST", "birthday", cy, { birthday: "03-09" })).toMatchObject({ status: 409, body: { error: { code: "action_unavailable" } } });
    const saved = await saveAction(sql, domain, await actionId("birthday"), { name: "Birthday bonus", points: "200", enabled: "on" }, new Date());
    expect(saved).toMatchObject({ ok: true, action: { kind: "birthday", points: 200, enabled: true } });

    expect(await proxy("POST", "birthday", null, { birthday: "03-09" })).toEqual({
      status: 401, body: { error: { code: "sign_in_required", message: "Please sign in to your account to continue." } },
    });
    expect(await proxy("POST", "birthday", cy, { birthday: "02-30" }, "fi")).toEqual({
      status: 400, body: { error: { code: "birthday_not_a_date", message: "Tätä päivämäärää ei ole olemassa. Tarkista päivä ja kuukausi.", detail: "birthday: date" } },
    });
    expect((await proxy("POST", "birthday", cy, { birthday: "1899-03-09" })).body).toMatchObject({ error: { code: "birthday_year" } });
    expect((await proxy("POST", "birthday", cy, { birthday: "9 March" })).body).toMatchObject({ error: { code: "birthday_invalid" } });
    expect((await proxy("POST", "birthday", cy, { birthday: 309 })).body).toMatchObject({ error: { code: "bad_request", detail: "birthday: Expected string, received number" } });
    expect(await sql.get(`SELECT birthday FROM member WHERE shop = ? AND customer_gid = ?`, [domain, gidOf(cy)])).toEqual({ birthday: null });

    const ok = await proxy("POST", "birthday", cy, { birthday: "1990-03-09" });
    expect(ok.status).toBe(200);
    expect(BirthdayResponseSchema.parse(ok.body)).toEqual({ birthday: { set: true, value: "1990-03-09" } });
    expect(await proxy("POST", "birthday", cy, { birthday: "1991-01-01" })).toEqual({
      status: 409, body: { error: { code: "birthday_already_set", message: "Your birthday is already saved. Please contact the store if it needs to be changed." } },
    });
    const view = await me(cy);
    expect(view.birthday).toEqual({ set: true });
    expect(view.actions.find((a) => a.kind === "birthday")).toEqual({
      id: String(await actionId("birthday")), kind: "birthday", name: "Birthday bonus", points: 200, available: false, completed: true,
    });

    // A Feb 29 birthday, set by the merchant (who may also change one later).
    const dee = await join(person("dee"));
    expect(await setBirthday(sql, domain, gidOf(dee), "01-01", new Date())).toEqual({ ok: true, birthday: "01-01" });
    expect(await setBirthday(sql, domain, gidOf(dee), "02-29", new Date())).toEqual({ ok: false, error: "already_set" });
    expect(await setBirthday(sql, domain, gidOf(dee), "2000-02-29", new Date(), { byMerchant: true })).toEqual({ ok: true, birthday: "2000-02-29" });

    // 23:30 UTC on March 8 is already March 9 in Helsinki.
    expect(await awardBirthdays(sql, domain, new Date("2026-03-08T21:30:00Z"))).toBe(0); // 23:30 in Helsinki: still March 8
    expect(await awardBirthdays(sql, domain, new Date("2026-03-08T23:30:00Z"))).toBe(1);
    expect(await awardBirthdays(sql, domain, new Date("2026-03-09T20:00:00Z"))).toBe(0); // once a year
    expect(await awardBirthdays(sql, domain, new Date("2027-03-09T10:00:00Z"))).toBe(1);
    expect((await entries(cy)).slice(1)).toEqual([[200, "bonus", `birthday:${gidOf(cy)}:2026`], [200, "bonus", `birthday:${gidOf(cy)}:2027`]]);
    // Feb 29 is celebrated on Feb 28 in a non-leap year (Helsinki date), and on Feb 29 in a leap year.
    expect(await awardBirthdays(sql, domain, new Date("2027-02-27T22:30:00Z"))).toBe(1);
    expect(await awardBirthdays(sql, domain, new Date("2028-02-28T12:00:00Z"))).toBe(0);
    expect(await awardBirthdays(sql, domain, new Date("2028-02-29T12:00:00Z"))).toBe(1);
    expect((await entries(dee)).slice(1)).toEqual([[200, "bonus", `birthday:${gidOf(dee)}:2027`], [200, "bonus", `birthday:${gidOf(dee)}:2028`]]);
    expect(await balanceMismatches(sql, domain)).toEqual([]);
  });

  it("referrals: the friend's code through the Admin API, the referrer rewarded once for the first paid order, the fraud rules", async () => {
    const refer = await actionId("referral");
    const saved = await saveAction(sql, domain, refer, {
      name: "Refer a friend", points: "500", enabled: "on", friendPercent: "10", lifetimeDays: "30", combinesProduct: "on", combinesShipping: "on",
    }, new Date());
    expect(saved.ok).toBe(true);

    const eve = await join(person("eve"));
    const eveOrder = await pay(eve, 3000);
    expect(await proxy("GET", "referral", null)).toMatchObject({ status: 401, body: { error: { code: "sign_in_required" } } });
    const mine = await proxy("GET", "referral", eve);
    expect(mine.status).toBe(200);
    const ref = ReferralResponseSchema.parse(mine.body);
    expect(ref.referral.code).toMatch(/^REF-[2-9A-HJKMNP-Z]{8}$/);
    expect(ref).toEqual({
      referral: { code: ref.referral.code, link: `https://${STOREFRONT}/?kanta_ref=${ref.referral.code}` },
      points: 500,
      friend: { percent: 10, value: null, currency: null, lifetimeDays: 30, combinesText: "Combines with product and shipping discounts." },
      stats: { claimed: 0, rewarded: 0 },
    });
    // The same code every time; /proxy/me shows it too.
    expect(ReferralResponseSchema.parse((await proxy("GET", "referral", eve)).body).referral).toEqual(ref.referral);
    expect((await me(eve)).referral).toEqual(ref.referral);

    // A logged-out friend claims with their email: a single-use code anyone may use, 10 % off.
    const fay = person("fay");
    const before = Date.now();
    const claim = await proxy("POST", "referral", null, { code: ref.referral.code.toLowerCase(), email: ` ${fay.email!.toUpperCase()} ` });
    expect(claim.status).toBe(200);
    const friend = ReferralClaimResponseSchema.parse(claim.body);
    expect(friend.code).toMatch(/^FRIEND-[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/);
    expect(friend).toEqual({
      code: friend.code, endsAt: expect.any(String), applyUrl: `/discount/${friend.code}`,
      offer: { percent: 10, value: null, currency: null, lifetimeDays: 30, combinesText: "Combines with product and shipping discounts." },
    });
    const discounts = store.discountCodes(domain).filter((d) => d.code === friend.code);
    expect(discounts).toHaveLength(1);
    const input = discounts[0]!.input;
    const row = await sql.get<{ id: number; referrer_gid: string; friend_email: string; status: string; discount_gid: string }>(
      `SELECT id, referrer_gid, friend_email, status, discount_gid FROM referral WHERE shop = ? AND code = ?`, [domain, friend.code],
    );
    expect({ ...row, id: Number(row!.id) }).toEqual({
      id: expect.any(Number), referrer_gid: gidOf(eve), friend_email: fay.email!.toLowerCase(), status: "pending", discount_gid: discounts[0]!.id,
    });
    expect(input).toEqual({
      title: `Kanta: referral ${row!.id} (a friend of customer ${eve.id})`,
      code: friend.code,
      startsAt: input.startsAt,
      endsAt: friend.endsAt,
      usageLimit: 1,
      appliesOncePerCustomer: true,
      context: { all: "ALL" },
      combinesWith: { orderDiscounts: false, productDiscounts: true, shippingDiscounts: true },
      customerGets: { value: { percentage: 0.1 }, items: { all: true } },
    });
    expect(Date.parse(String(input.startsAt))).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(String(input.endsAt)) - Date.parse(String(input.startsAt))).toBe(30 * 86_400_000);

    // The same claim again answers the same code; another referrer's code with that email is refused.
    expect(ReferralClaimResponseSchema.parse((await proxy("POST", "referral", null, { code: ref.referral.code, email: fay.email })).body).code).toBe(friend.code);
    const gus = await join(person("gus"));
    await pay(gus, 1000);
    const gusCode = ReferralResponseSchema.parse((await proxy("GET", "referral", gus)).body).referral.code;
    expect(await proxy("POST", "referral", null, { code: gusCode, email: fay.email }, "fi")).toEqual({
      status: 409, body: { error: { code: "already_claimed", message: "Tällä sähköpostiosoitteella on jo käytetty suositteluetu." } },
    });
    // Self-referral: the referrer logged in, or the referrer's email; a customer who already ordered.
    expect(await proxy("POST", "referral", eve, { code: ref.referral.code, email: "someone-new@example.com" })).toEqual({
      status: 403, body: { error: { code: "self_referral", message: "You can't use your own referral link." } },
    });
    expect((await proxy("POST", "referral", null, { code: ref.referral.code, email: eve.email })).body).toMatchObject({ error: { code: "self_referral" } });
    expect((await proxy("POST", "referral", null, { code: ref.referral.code, email: gus.email })).body).toMatchObject({ error: { code: "existing_customer" } });
    expect((await proxy("POST", "referral", null, { code: ref.referral.code, email: "not-an-email" })).body).toMatchObject({ error: { code: "email_invalid" } });
    expect(await proxy("POST", "referral", null, { code: "REF-22222222", email: "x@example.com" })).toMatchObject({ status: 404, body: { error: { code: "referral_code_unknown" } } });
    expect((await proxy("POST", "referral", null, { email: "x@example.com" })).body).toMatchObject({ error: { code: "bad_request", detail: "code: Required" } });
    expect(store.discountCodes(domain).filter((d) => d.code.startsWith("FRIEND-"))).toHaveLength(1);

    // The friend's first paid order with the code: the referrer gets 500 points, once.
    const eveBefore = await balance(eve);
    await join(fay);
    const fayOrder = await pay(fay, 5000, { code: friend.code.toLowerCase() });
    const rewarded = await sql.get<{ status: string; reason: string | null; order_gid: string; friend_gid: string }>(
      `SELECT status, reason, order_gid, friend_gid FROM referral WHERE shop = ? AND id = ?`, [domain, row!.id],
    );
    expect(rewarded).toEqual({ status: "rewarded", reason: null, order_gid: `gid://shopify/Order/${fayOrder.id}`, friend_gid: gidOf(fay) });
    expect(await balance(eve)).toBe(eveBefore + 500);
    expect((await entries(eve)).filter(([, , key]) => String(key).startsWith("referral:"))).toEqual([[500, "bonus", `referral:${row!.id}`]]);
    expect(await sql.get(`SELECT referred_by FROM member WHERE shop = ? AND customer_gid = ?`, [domain, gidOf(fay)])).toEqual({ referred_by: gidOf(eve) });
    expect(await balance(fay)).toBe(100 + 45); // welcome, and 50.00 − 10 %
    // A second order changes nothing.
    await pay(fay, 5000);
    expect(await balance(eve)).toBe(eveBefore + 500);
    expect(ReferralResponseSchema.parse((await proxy("GET", "referral", eve)).body).stats).toEqual({ claimed: 1, rewarded: 1 });

    // Fraud at order time: the referrer uses a friend's code themselves; a friend ships to the referrer's address; a guest order from the referrer's email.
    const claimFor = async (email: string) => ReferralClaimResponseSchema.parse((await proxy("POST", "referral", null, { code: ref.referral.code, email })).body).code;
    const selfCode = await claimFor(`hal-${provider}@example.com`);
    const selfOrder = await pay(eve, 2000, { code: selfCode });
    const ida = person("ida");
    const addressCode = await claimFor(ida.email!);
    ida.address = { ...eve.address, id: ida.address.id };
    expect(eveOrder.shippingAddress?.address1).toBe(eve.address.address1);
    await join(ida);
    await pay(ida, 2000, { code: addressCode });
    const emailCode = await claimFor(`jo-${provider}@example.com`);
    await pay(null, 2000, { code: emailCode, email: eve.email! });
    const decided = await sql.all<{ code: string; status: string; reason: string | null; order_gid: string | null }>(
      `SELECT code, status, reason, order_gid FROM referral WHERE shop = ? AND code IN (?, ?, ?) ORDER BY id`, [domain, selfCode, addressCode, emailCode],
    );
    expect(decided.map((d) => [d.code, d.status, d.reason])).toEqual([
      [selfCode, "rejected", "self_referral"], [addressCode, "rejected", "same_address"], [emailCode, "rejected", "same_email"],
    ]);
    expect(decided[0]!.order_gid).toBe(`gid://shopify/Order/${selfOrder.id}`);
    expect((await entries(eve)).filter(([, , key]) => String(key).startsWith("referral:"))).toHaveLength(1);

    // Shopify refuses the code: the friend gets a localized error and no claim is left behind.
    store.injectFault(domain, "KantaDiscountCodeBasicCreate", {
      kind: "userErrors", times: 1, userErrors: [{ field: ["basicCodeDiscount", "code"], message: "Code is invalid", code: "INVALID" }],
    });
    const kim = `kim-${provider}@example.com`;
    const codesBefore = store.discountCodes(domain).length;
    expect(await proxy("POST", "referral", null, { code: ref.referral.code, email: kim })).toEqual({
      status: 502, body: { error: { code: "referral_not_created", message: "We couldn't create your discount code just now. Please try again." } },
    });
    expect(await sql.get(`SELECT COUNT(*) AS n FROM referral WHERE shop = ? AND friend_email = ?`, [domain, kim])).toEqual({ n: 0 });
    expect(store.discountCodes(domain).length).toBe(codesBefore);
    expect((await proxy("POST", "referral", null, { code: ref.referral.code, email: kim })).status).toBe(200);
    expect(await balanceMismatches(sql, domain)).toEqual([]);
  }, 60_000);

  it("product reviews through the token API: authenticated, the customer's own order line, once per line, capped per member", async () => {
    const review = await actionId("review");
    expect((await saveAction(sql, domain, review, { name: "Review a product", points: "50", enabled: "on", limitCount: "2", limitDays: "30" }, new Date())).ok).toBe(true);
    const token = await actionsApiToken(sql, domain);
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(await actionsApiToken(sql, domain)).toBe(token);

    const lu = await join(person("lu"));
    const first = await pay(lu, 1000, { lines: 2 });
    const second = await pay(lu, 1000);
    const other = await join(person("max"));
    const line = (o: OrderRecord, i = 0) => `gid://shopify/LineItem/${o.lines[i]!.id}`;
    const post = async (body: unknown, opts: { token?: string; shopHeader?: string | null } = {}) => {
      const headers: Record<string, string> = { "Content-Type": "application/json", Authorization: `Bearer ${opts.token ?? token}` };
      if (opts.shopHeader !== null) headers["X-Shopify-Shop-Domain"] = opts.shopHeader ?? domain;
      const res = await fetch(`${app.url}/api/actions/review`, { method: "POST", headers, body: JSON.stringify(body) });
      return { status: res.status, body: await res.json() };
    };
    const req = (o: OrderRecord, i = 0, c: CustomerRecord = lu) => ({ customerId: gidOf(c), orderId: `gid://shopify/Order/${o.id}`, lineItemId: line(o, i) });

    expect(await post(req(first), { token: "0".repeat(64) })).toEqual({
      status: 401, body: { error: { code: "unauthorized", message: "a valid earning-actions token is required (Authorization: Bearer <token>)" } },
    });
    expect((await post(req(first), { shopHeader: "someone-else.myshopify.com" })).status).toBe(401);
    expect((await post(req(first), { shopHeader: null })).status).toBe(400);
    expect(await post(req(first, 0, other))).toEqual({ status: 404, body: { error: { code: "order_not_found", message: "no order with this id belongs to this customer" } } });
    expect(await post({ ...req(first), lineItemId: line(second) })).toEqual({ status: 404, body: { error: { code: "line_not_found", message: "the order has no line with this id" } } });
    expect(await post({ ...req(first), customerId: Number(lu.id) })).toEqual({
      status: 400, body: { error: { code: "bad_request", message: "customerId: must be a Customer GID string like gid://shopify/Customer/123" } },
    });
    const before = await balance(lu);
    expect(await post(req(first))).toEqual({ status: 200, body: { awarded: true, points: 50, balance: before + 50 } });
    expect(await post(req(first))).toEqual({ status: 200, body: { awarded: false, reason: "already_awarded" } });
    // The shop may be named in the body instead of the header.
    expect(await post({ ...req(first, 1), shop: domain }, { shopHeader: null })).toEqual({ status: 200, body: { awarded: true, points: 50, balance: before + 100 } });
    expect(await post(req(second))).toEqual({ status: 200, body: { awarded: false, reason: "limit_reached" } });
    expect(await balance(lu)).toBe(before + 100);
    expect((await entries(lu)).filter(([, , key]) => String(key).startsWith("review:"))).toEqual([
      [50, "bonus", `review:${line(first, 0)}`], [50, "bonus", `review:${line(first, 1)}`],
    ]);
    const view = await me(lu);
    expect(view.actions.find((a) => a.kind === "review")).toMatchObject({ available: false, completed: false });
  });

  it("custom actions: once per member; /proxy/me shows them with their link", async () => {
    const created = await saveAction(sql, domain, "new", { name: "Follow us on Instagram", points: "30", enabled: "on", url: "https://instagram.com/kanta" }, new Date());
    expect(created).toMatchObject({ ok: true, action: { kind: "custom", name: "Follow us on Instagram", points: 30, enabled: true, config: { url: "https://instagram.com/kanta" } } });
    const id = created.ok ? created.action.id : 0;
    expect((await saveAction(sql, domain, "new", { name: "", points: "x" }, new Date()))).toEqual({
      ok: false, errors: { name: "Name is required", points: "Points must be a whole number" },
    });

    const mo = await join(person("mo"));
    const before = await balance(mo);
    expect((await me(mo)).actions.find((a) => a.kind === "custom")).toEqual({
      id: String(id), kind: "custom", name: "Follow us on Instagram", points: 30, available: true, completed: false, url: "https://instagram.com/kanta",
    });
    expect(await proxy("POST", `actions/${id}`, null)).toMatchObject({ status: 401, body: { error: { code: "sign_in_required" } } });
    const done = await proxy("POST", `actions/${id}`, mo);
    expect(done.status).toBe(200);
    expect(ActionCompleteResponseSchema.parse(done.body)).toEqual({
      action: { id: String(id), kind: "custom", name: "Follow us on Instagram", points: 30, available: false, completed: true, url: "https://instagram.com/kanta" },
      points: { earned: 30, balance: before + 30 },
    });
    expect(await proxy("POST", `actions/${id}`, mo, undefined, "fi")).toEqual({
      status: 409, body: { error: { code: "action_already_completed", message: "Olet jo saanut pisteet tästä." } },
    });
    expect(await proxy("POST", "actions/999999", mo)).toMatchObject({ status: 404, body: { error: { code: "action_not_found" } } });
    expect(await proxy("POST", `actions/${await actionId("welcome")}`, mo)).toMatchObject({ status: 404, body: { error: { code: "action_not_found" } } });
    expect(await balance(mo)).toBe(before + 30);
    expect((await me(mo)).actions.find((a) => a.kind === "custom")).toMatchObject({ available: false, completed: true });

    // A logged-in shopper no webhook has named yet joins here (the history import is done: welcome bonus too).
    const pat = person("pat");
    expect(ActionCompleteResponseSchema.parse((await proxy("POST", `actions/${id}`, pat)).body).points).toEqual({ earned: 30, balance: 130 });
    expect((await entries(pat)).map(([p, , key]) => [p, key])).toEqual([[100, `welcome:${gidOf(pat)}`], [30, `custom:${id}:${gidOf(pat)}`]]);
    await join(pat);
    expect(await balance(pat)).toBe(130);
  });

  it("customers/redact erases the birthday and the friend's email; the referral keeps its outcome under pseudonyms", async () => {
    const rae = await join(person("rae"));
    await pay(rae, 1000);
    await setBirthday(sql, domain, gidOf(rae), "05-05", new Date());
    const code = ReferralResponseSchema.parse((await proxy("GET", "referral", rae)).body).referral.code;
    const sid = person("sid");
    const friendCode = ReferralClaimResponseSchema.parse((await proxy("POST", "referral", null, { code, email: sid.email })).body).code;
    await join(sid);
    await pay(sid, 2000, { code: friendCode });
    for (const c of [rae, sid]) await deliver(app.url, domain, buildCustomersRedact(shop, { id: c.id, email: c.email, phone: null }, []));
    await waitForInboxDrained(sql);
    const [raeAlias, sidAlias] = [pseudonym(domain, gidOf(rae)), pseudonym(domain, gidOf(sid))];
    expect(await sql.get(`SELECT referrer_gid, friend_gid, friend_email, status FROM referral WHERE shop = ? AND code = ?`, [domain, friendCode])).toEqual({
      referrer_gid: raeAlias, friend_gid: sidAlias, friend_email: sidAlias, status: "rewarded",
    });
    expect(await sql.get(`SELECT birthday, referral_code, email FROM member WHERE shop = ? AND customer_gid = ?`, [domain, raeAlias])).toEqual({
      birthday: null, referral_code: null, email: null,
    });
    expect(await sql.get(`SELECT referred_by FROM member WHERE shop = ? AND customer_gid = ?`, [domain, sidAlias])).toEqual({ referred_by: raeAlias });
    expect(await sql.get(`SELECT COUNT(*) AS n FROM program_event WHERE shop = ? AND customer_gid IN (?, ?, ?, ?)`, [domain, gidOf(rae), gidOf(sid), raeAlias, sidAlias])).toEqual({ n: 0 });
    expect(await sql.get(`SELECT COUNT(*) AS n FROM referral WHERE shop = ? AND (friend_email = ? OR referrer_gid = ?)`, [domain, sid.email!.toLowerCase(), gidOf(rae)])).toEqual({ n: 0 });
  });

  it("/proxy/me answers a logged-in member with every part, valid against the App Proxy schema", async () => {
    const ned = await join(person("ned"));
    await pay(ned, 1200);
    const view = await me(ned, "fi");
    expect(view.customer).toEqual({ id: gidOf(ned) });
    expect(view.points).toEqual({ balance: 112 });
    // The default tiers (Bronze 0, Silver 500, Gold 1,500 USD of spend in a rolling year).
    expect(view.tier).toEqual({ id: expect.any(String), name: "Bronze", multiplier: 1, freeShipping: false, graceUntil: null });
    expect(view.progress).toEqual({
      basis: "spend", window: "rolling_12m", current: "12.00", currency: "USD",
      next: { name: "Silver", threshold: "500.00", remaining: "488.00" },
      message: "Osta vielä 488.00 USD edestä, niin saavutat tason Silver.",
    });
    expect((await me(ned)).progress?.message).toBe("Spend 488.00 USD more to reach Silver.");
    // A reward for Silver members and above is not shown to a Bronze member.
    const silver = await sql.get<{ id: number }>(`SELECT id FROM tier WHERE shop = ? AND name = 'Silver'`, [domain]);
    const listed = view.rewards.map((r) => r.id);
    await sql.run(`UPDATE reward SET tier_id = ? WHERE shop = ? AND id = ?`, [Number(silver!.id), domain, Number(listed[0])]);
    expect((await me(ned)).rewards.map((r) => r.id)).toEqual(listed.slice(1));
    await sql.run(`UPDATE reward SET tier_id = NULL WHERE shop = ? AND id = ?`, [domain, Number(listed[0])]);
    expect(view.actions.map((a) => [a.kind, a.available, a.completed])).toEqual([
      ["welcome", false, true], ["birthday", true, false], ["referral", true, false], ["review", true, false], ["custom", true, false],
    ]);
    expect(view.referral?.link).toBe(`https://${STOREFRONT}/?kanta_ref=${view.referral?.code}`);
    expect(view.birthday).toEqual({ set: false });
    expect(view.rewards.map((r) => r.combinesText)).toContain("Yhdistettävissä tuotealennusten ja toimitusalennusten kanssa.");
    // Bad input changed nothing and the server is up.
    expect((await proxy("POST", "birthday", ned, "{not json")).body).toMatchObject({ error: { code: "bad_request", detail: "the body must be JSON" } });
    const forged = await fetch(`${app.url}/proxy/referral?shop=${domain}&logged_in_customer_id=${ned.id}&timestamp=1&signature=${"0".repeat(64)}`);
    expect(forged.status).toBe(401);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    expect(await balanceMismatches(sql, domain)).toEqual([]);
  });
});
