// Field errors in the admin's language, through the production build with Shopify answered by the
// local emulator: the reward editor, the tier editor (its warnings too), a member's adjust and
// override forms, the earning, expiry and earning-action settings refuse bad input with exact
// Finnish messages when the admin is in Finnish (the remembered locale cookie), and change nothing;
// the same request without the cookie answers in English.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { EmulatorStore } from "../../app/emulator/store.server";
import type { SqlDatabase } from "../../app/storage/sql.server";
import { ensureAdminSchema } from "../../scripts/admin-schema.mjs";
import { installShop, seedMembers, type SeededMember } from "../support/admin-seed";
import {
  TEST_API_KEY, TEST_SECRET, createTestDatabase, openTestSql, startApp, type Provider, type RunningApp, type TestDatabase,
} from "../support/app-server";
import { DESKTOP_UA, sessionToken } from "../support/session-token";
import { createRng, makeShop } from "../support/shopify-payloads";

const templates = () => ({ sqliteTemplate: inject("sqliteTemplate"), pgAdminUrl: inject("pgAdminUrl"), pgTemplate: inject("pgTemplate") });

const EDITOR = "routes/app.rewards.$id";
const TIERS = "routes/app.settings.tiers";
const MEMBER = "routes/app.members.$id";
const EARNING = "routes/app.settings.earning";
const EXPIRY = "routes/app.settings.expiry";
const ACTIONS = "routes/app.settings.actions";

const FINNISH = { Cookie: "kanta_admin_locale=fi" };
/** Finnish groups thousands with a no-break space. */
const NBSP = "\u00a0";

type TierName = "Bronze" | "Silver" | "Gold";

describe.each<Provider>(["sqlite", "postgresql"])("Admin: field errors in Finnish (%s, emulated Shopify)", (provider) => {
  let db: TestDatabase;
  let app: RunningApp;
  let sql: SqlDatabase;
  let store: EmulatorStore;
  const shop = makeShop({ domain: `validation-fi-${provider}.myshopify.com`, id: "65000000001", currency: "EUR" });
  let ada: SeededMember;
  let tiers: Record<TierName, number>;

  const headers = (extra: Record<string, string>) => ({
    "User-Agent": DESKTOP_UA, Authorization: `Bearer ${sessionToken(shop.domain, TEST_API_KEY, TEST_SECRET)}`, ...extra,
  });
  /** A route's action, as a Remix form submission sends it (in Finnish unless `extra` says otherwise). */
  async function act(urlPath: string, route: string, form: Record<string, string>, extra: Record<string, string> = FINNISH) {
    const res = await fetch(`${app.url}${urlPath}?_data=${encodeURIComponent(route)}`, {
      method: "POST",
      headers: headers({ "Content-Type": "application/x-www-form-urlencoded", ...extra }),
      body: new URLSearchParams(form),
      redirect: "manual",
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }
  async function load(urlPath: string, route: string, extra: Record<string, string> = FINNISH) {
    const res = await fetch(`${app.url}${urlPath}?_data=${encodeURIComponent(route)}`, { headers: headers(extra), redirect: "manual" });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }
  const count = async (query: string, params: unknown[]) => Number((await sql.get<{ n: number }>(query, params))?.n);
  /** Everything the refused forms could have written. */
  const snapshot = async () => ({
    rewards: await count(`SELECT COUNT(*) AS n FROM reward WHERE shop = ?`, [shop.domain]),
    tiers: await sql.all(`SELECT id, name, threshold, multiplier_bps, entry_reward_points, grace_days, archived_at FROM tier WHERE shop = ? ORDER BY id`, [shop.domain]),
    tierChanges: await count(`SELECT COUNT(*) AS n FROM tier_change WHERE shop = ?`, [shop.domain]),
    ledger: await count(`SELECT COUNT(*) AS n FROM ledger_entry WHERE shop = ?`, [shop.domain]),
    member: await sql.get(`SELECT balance, override_tier_id, override_reason FROM member WHERE shop = ? AND customer_gid = ?`, [shop.domain, `gid://shopify/Customer/${ada.customer.id}`]),
    shop: await sql.get(
      `SELECT earn_points, earn_per_major_units, excluded_product_tags, excluded_collections, expiry_mode, expiry_months, expiry_reminder_days
       FROM shop WHERE domain = ?`,
      [shop.domain],
    ),
    actions: await sql.all(`SELECT id, name, points, enabled, config_json FROM earning_action WHERE shop = ? ORDER BY id`, [shop.domain]),
  });

  beforeAll(async () => {
    ensureAdminSchema();
    db = await createTestDatabase(provider, templates());
    sql = openTestSql(db);
    const storeFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kanta-emu-")), "emulator.sqlite");
    store = new EmulatorStore(storeFile);
    app = await startApp(db, { KANTA_ADMIN_EMULATOR: "1", KANTA_ADMIN_EMULATOR_DB: storeFile, METAFIELD_SYNC_INTERVAL_MS: "60000" });
    await installShop(app.url, sql, store, shop);
    // The welcome bonus (100) and 102.00 EUR at 1 point per EUR: a balance of 202.
    [ada] = (await seedMembers(app.url, sql, store, shop, createRng(`validation-fi-${provider}`), [
      { firstName: "Ada", lastName: "Lovelace", email: "ada@example.com", orders: [[{ title: "Linen shirt", unitPriceMinor: 4500, quantity: 2 }, { title: "Wool socks", unitPriceMinor: 1200 }]] },
    ])) as [SeededMember];
    // The tier editor's loader creates the default tiers.
    expect((await load("/app/settings/tiers", TIERS)).status).toBe(200);
    const rows = await sql.all<{ id: number; name: TierName }>(`SELECT id, name FROM tier WHERE shop = ? ORDER BY threshold`, [shop.domain]);
    tiers = Object.fromEntries(rows.map((r) => [r.name, Number(r.id)])) as typeof tiers;
  }, 180_000);

  afterAll(async () => {
    await app?.crash();
    store?.close();
    await sql?.close();
    await db?.drop();
  });

  it("the reward editor", async () => {
    const before = await snapshot();
    const form = { kind: "amount_off", name: "Alennus", pointsCost: "250", value: "5", lifetimeDays: "30", enabled: "on" };
    const save = (fields: Record<string, string>, extra?: Record<string, string>) => act("/app/rewards/new", EDITOR, { ...form, ...fields }, extra);
    expect(await save({ name: " ", pointsCost: "ten" })).toEqual({
      status: 400, body: { errors: { name: "Nimi on pakollinen", pointsCost: "Pistehinta: anna kokonaisluku" } },
    });
    expect(await save({ pointsCost: "20000000", lifetimeDays: "0" })).toEqual({
      status: 400,
      body: { errors: { pointsCost: `Pistehinta: enintään 10${NBSP}000${NBSP}000`, lifetimeDays: "Koodin voimassaolo: vähintään 1" } },
    });
    expect(await save({ value: "5.001", minOrder: "-1" })).toEqual({
      status: 400,
      body: { errors: { value: "Anna summa muodossa 5.00 (valuutassa EUR on 2 desimaalia)", minOrder: "Anna nollaa suurempi summa" } },
    });
    expect(await save({ value: "" })).toEqual({ status: 400, body: { errors: { value: "Anna summa" } } });
    expect(await save({ kind: "gift_card", name: "x".repeat(101) })).toEqual({
      status: 400, body: { errors: { kind: "Valitse palkinnon tyyppi", name: "Nimessä saa olla enintään 100 merkkiä" } },
    });
    expect(await save({ kind: "variable", pointsCost: "1000", value: "1", minPoints: "1500", maxPoints: "" })).toEqual({
      status: 400, body: { errors: { minPoints: "Oltava askeleen monikerta (1000 pistettä)", maxPoints: "Pakollinen" } },
    });
    expect(await save({ kind: "variable", pointsCost: "100", value: "1", minPoints: "200", maxPoints: "100" })).toEqual({
      status: 400, body: { errors: { maxPoints: "Oltava vähintään vähimmäismäärä" } },
    });
    expect(await save({ kind: "percent_off", percent: "150", collectionGid: "abc" })).toEqual({
      status: 400,
      body: {
        errors: {
          percent: "Anna prosentti, joka on yli 0 ja enintään 100, enintään kahdella desimaalilla",
          collectionGid: "Anna kokoelman tunniste muodossa gid://shopify/Collection/123",
        },
      },
    });
    expect(await save({ kind: "free_product", variantGid: "123" })).toEqual({
      status: 400, body: { errors: { variantGid: "Anna tuoteversion tunniste muodossa gid://shopify/ProductVariant/123" } },
    });
    // The same request without the remembered locale: English.
    expect(await save({ name: " ", pointsCost: "ten" }, {})).toEqual({
      status: 400, body: { errors: { name: "Name is required", pointsCost: "Points cost must be a whole number" } },
    });
    expect(await snapshot()).toEqual(before);
  });

  it("the tier editor, its warnings included", async () => {
    const before = await snapshot();
    const tierForm = (rows: Record<string, string>[], program: Record<string, string> = {}) => {
      const form: Record<string, string> = { basis: "spend", window: "rolling_12m", ...program };
      rows.forEach((row, i) => {
        for (const [key, value] of Object.entries(row)) form[`tiers.${i}.${key}`] = value;
      });
      return form;
    };
    const current = () => [
      { id: String(tiers.Bronze), name: "Bronze", threshold: "0,00", multiplier: "1", entryRewardPoints: "0", graceDays: "0", freeShipping: "false" },
      { id: String(tiers.Silver), name: "Silver", threshold: "500,00", multiplier: "1,25", entryRewardPoints: "0", graceDays: "0", freeShipping: "false" },
      { id: String(tiers.Gold), name: "Gold", threshold: "1500,00", multiplier: "1,5", entryRewardPoints: "0", graceDays: "0", freeShipping: "false" },
    ];
    const tiersAct = (intent: string, form: Record<string, string>, extra?: Record<string, string>) =>
      act("/app/settings/tiers", TIERS, { intent, ...form }, extra);

    const rows: Record<string, string>[] = current();
    rows[1]!.threshold = "abc";
    rows[2]!.multiplier = "0,5";
    rows[2]!.entryRewardPoints = "2000000";
    rows[0]!.graceDays = "x";
    rows.push({ name: " ", threshold: "3000", multiplier: "2" });
    expect(await tiersAct("save", tierForm(rows))).toEqual({
      status: 400,
      body: {
        intent: "save",
        errors: {
          "tiers.0.graceDays": "Armonaika: anna kokonaisluku",
          "tiers.1.threshold": "Anna summa muodossa 500.00 (valuutassa EUR on 2 desimaalia)",
          "tiers.2.multiplier": "Anna kerroin väliltä 1,00–10,00, enintään kahdella desimaalilla",
          "tiers.2.entryRewardPoints": `Nousupalkinto: enintään 1${NBSP}000${NBSP}000`,
          "tiers.3.name": "Nimi on pakollinen",
        },
      },
    });
    const same = current();
    same[2]!.threshold = "500";
    same[2]!.name = "silver";
    expect(await tiersAct("preview", tierForm(same))).toEqual({
      status: 400,
      body: { intent: "preview", errors: { "tiers.2.name": "Toisella tasolla on jo tämä nimi", "tiers.2.threshold": "Toisella tasolla on jo tämä tasoraja" } },
    });
    expect(await tiersAct("save", tierForm(current(), { basis: "visits", window: "weekly" }))).toEqual({
      status: 400,
      body: {
        intent: "save",
        errors: {
          basis: "Valitse, määräytyykö taso ostojen summan vai ansaittujen pisteiden mukaan",
          window: "Valitse laskentajaksoksi koko jäsenyys, kalenterivuosi tai viimeiset 12 kuukautta",
        },
      },
    });
    const eleven = Array.from({ length: 11 }, (_, i) => ({ name: `T${i}`, threshold: String(i * 100) }));
    expect(await tiersAct("preview", tierForm(eleven))).toEqual({ status: 400, body: { intent: "preview", errors: { tiers: "Enintään 10 tasoa" } } });
    const gone = current();
    gone[2]!.id = "999999";
    expect(await tiersAct("save", tierForm(gone))).toEqual({
      status: 400, body: { intent: "save", errors: { "tiers.2.id": "Tätä tasoa ei ole enää olemassa; lataa sivu uudelleen" } },
    });
    const points = [{ name: "Jäsen", threshold: "1,5" }];
    expect(await tiersAct("preview", tierForm(points, { basis: "points" }))).toEqual({
      status: 400, body: { intent: "preview", errors: { "tiers.0.threshold": "Anna pisteet kokonaislukuna" } },
    });
    // A preview whose lowest tier starts above 0 warns, and writes nothing.
    const above = current().slice(1);
    const preview = await tiersAct("preview", tierForm(above));
    expect([preview.status, preview.body.intent, preview.body.warnings]).toEqual([
      200, "preview", ["Alimman tason raja on yli 0: sen alle jäävillä jäsenillä ei ole tasoa."],
    ]);
    // English reads decimals with a point.
    const aboveEnglish = above.map((row) => ({ ...row, threshold: row.threshold.replace(",", "."), multiplier: row.multiplier.replace(",", ".") }));
    expect((await tiersAct("preview", tierForm(aboveEnglish), {})).body.warnings).toEqual([
      "The lowest tier's threshold is above 0: members below it hold no tier.",
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it("a member's adjust and override forms", async () => {
    const customerId = ada.customer.id;
    const member = (form: Record<string, string>, extra?: Record<string, string>) => act(`/app/members/${customerId}`, MEMBER, form, extra);
    const adjust = (fields: Record<string, string>, extra?: Record<string, string>) =>
      member({ intent: "adjust", points: "10", reason: "Hyvitys", idempotencyKey: `fi-${provider}`, ...fields }, extra);
    const before = await snapshot();
    expect(await adjust({ points: "0", reason: " " })).toEqual({
      status: 400, body: { intent: "adjust", errors: { points: "Pisteet eivät saa olla nolla", reason: "Syy on pakollinen" } },
    });
    expect(await adjust({ points: "abc", reason: "x".repeat(501) })).toEqual({
      status: 400, body: { intent: "adjust", errors: { points: "Pisteet: anna kokonaisluku", reason: "Syyssä saa olla enintään 500 merkkiä" } },
    });
    expect(await adjust({ points: "", idempotencyKey: "" })).toEqual({
      status: 400, body: { intent: "adjust", errors: { points: "Pisteet ovat pakollisia", idempotencyKey: "Idempotenssiavain on pakollinen" } },
    });
    expect(await adjust({ points: "2000000" })).toEqual({
      status: 400, body: { intent: "adjust", errors: { points: `Pisteiden on oltava -1${NBSP}000${NBSP}000 ja 1${NBSP}000${NBSP}000 väliltä` } },
    });
    expect(await adjust({ points: "-5000" })).toEqual({
      status: 400, body: { intent: "adjust", errors: { points: "Saldo on 202 pistettä: enintään 202 voi vähentää" } },
    });
    expect(await adjust({ points: "-5000" }, {})).toEqual({
      status: 400, body: { intent: "adjust", errors: { points: "The balance is 202 points: at most 202 can be taken away" } },
    });
    expect(await member({ intent: "override", tierId: String(tiers.Gold), reason: " " })).toEqual({
      status: 400, body: { intent: "override", errors: { reason: "Anna tasoasetukselle syy" } },
    });
    expect(await member({ intent: "override", tierId: "999999", reason: "Kanta-asiakas" })).toEqual({
      status: 400, body: { intent: "override", errors: { tierId: "Kaupassasi ei ole tasoa tällä tunnisteella" } },
    });
    expect(await snapshot()).toEqual(before);

    // The same key again with other values is refused; the first adjustment stands.
    expect(await adjust({ points: "10", idempotencyKey: "once" })).toEqual({
      status: 200, body: { ok: true, intent: "adjust", balance: 212, entryId: expect.any(Number) },
    });
    expect(await adjust({ points: "20", idempotencyKey: "once" })).toEqual({
      status: 400, body: { intent: "adjust", errors: { idempotencyKey: "Tätä idempotenssiavainta on jo käytetty toiseen korjaukseen" } },
    });
    expect(await snapshot()).toEqual({ ...before, ledger: before.ledger + 1, member: { ...(before.member as object), balance: 212 } });
  });

  it("the earning, expiry and earning-action settings", async () => {
    const before = await snapshot();
    const earning = (fields: Record<string, string>, extra?: Record<string, string>) => act("/app/settings/earning", EARNING, { intent: "save", ...fields }, extra);
    expect(await earning({ points: "0", perMajorUnits: "x", earnOnTestOrders: "true", excludedTags: "", excludedCollections: "gid://shopify/Collection/abc" })).toEqual({
      status: 400,
      body: {
        errors: {
          points: "Pisteet: vähintään 1",
          perMajorUnits: "Ostosumma: anna kokonaisluku",
          excludedCollections: "Anna kokoelmien tunnisteet muodossa gid://shopify/Collection/123 (”gid://shopify/Collection/abc” ei ole sellainen)",
        },
      },
    });
    expect(await earning({ points: "1001", perMajorUnits: "2000000", excludedTags: Array.from({ length: 51 }, (_, i) => `t${i}`).join(",") })).toEqual({
      status: 400,
      body: {
        errors: {
          points: `Pisteet: enintään 1${NBSP}000`,
          perMajorUnits: `Ostosumma: enintään 1${NBSP}000${NBSP}000`,
          excludedTags: "Anna enintään 50 tunnistetta",
        },
      },
    });
    expect(await earning({ excludedTags: `${"x".repeat(256)}, Mukit` })).toEqual({
      status: 400, body: { errors: { excludedTags: `Kussakin tunnisteessa saa olla enintään 255 merkkiä (”${"x".repeat(20)}…” on pidempi)` } },
    });
    // A collection the store does not have (asked through the Admin API).
    expect(await earning({ excludedCollections: "gid://shopify/Collection/999" })).toEqual({
      status: 400, body: { errors: { excludedCollections: "Kaupassasi ei ole kokoelmaa tällä tunnisteella: gid://shopify/Collection/999" } },
    });
    expect(await earning({ points: "0" }, {})).toEqual({ status: 400, body: { errors: { points: "Points must be at least 1" } } });

    const expiry = (fields: Record<string, string>) => act("/app/settings/expiry", EXPIRY, { intent: "save", ...fields });
    expect(await expiry({ mode: "weekly", months: "0", reminderDays: "200" })).toEqual({
      status: 400,
      body: {
        errors: {
          mode: "Valitse, miten pisteet vanhenevat: off, per_award, inactivity",
          months: "Kuukaudet: vähintään 1",
          reminderDays: "Muistutuspäivät: enintään 90",
        },
      },
    });
    expect(await expiry({ mode: "per_award", months: "1", reminderDays: "28" })).toEqual({
      status: 400,
      body: { errors: { reminderDays: "Muistutuksen on tultava ennen pisteiden vanhenemista: enintään 27 päivää, kun voimassaoloaika on 1 kuukausi" } },
    });
    expect(await expiry({ mode: "per_award", months: "2", reminderDays: "60" })).toEqual({
      status: 400,
      body: { errors: { reminderDays: "Muistutuksen on tultava ennen pisteiden vanhenemista: enintään 55 päivää, kun voimassaoloaika on 2 kuukautta" } },
    });
    expect(await expiry({ months: "" })).toEqual({ status: 400, body: { errors: { months: "Kuukaudet: pakollinen tieto" } } });

    const actions = (fields: Record<string, string>) => act("/app/settings/actions", ACTIONS, { intent: "save", ...fields });
    expect(await actions({ id: "new", name: " ", points: "abc" })).toEqual({
      status: 400, body: { intent: "save", errors: { name: "Nimi on pakollinen", points: "Pisteet: anna kokonaisluku" } },
    });
    expect(await actions({ id: "new", name: "Seuraa meitä", points: "2000000", url: "http://example.com" })).toEqual({
      status: 400, body: { intent: "save", errors: { points: `Pisteet: enintään 1${NBSP}000${NBSP}000` } },
    });
    expect(await actions({ id: "new", name: "Seuraa meitä", points: "20", url: "http://example.com" })).toEqual({
      status: 400, body: { intent: "save", errors: { url: "Anna linkki, joka alkaa https:// (enintään 500 merkkiä)" } },
    });
    const review = (await sql.get<{ id: number }>(`SELECT id FROM earning_action WHERE shop = ? AND kind = 'review'`, [shop.domain]))!;
    expect(await actions({ id: String(review.id), name: "Arvostele", points: "50", limitCount: "0" })).toEqual({
      status: 400, body: { intent: "save", errors: { limitCount: `Anna kokonaisluku väliltä 1–1${NBSP}000` } },
    });
    const referral = (await sql.get<{ id: number }>(`SELECT id FROM earning_action WHERE shop = ? AND kind = 'referral'`, [shop.domain]))!;
    expect(await actions({ id: String(referral.id), name: "Suosittele", points: "500", friendDiscountType: "amount", friendAmount: "5,001" })).toEqual({
      status: 400, body: { intent: "save", errors: { friendAmount: "Anna summa muodossa 5.00 (valuutassa EUR on 2 desimaalia)" } },
    });
    expect(await actions({ id: String(referral.id), name: "Suosittele", points: "500", friendPercent: "0" })).toEqual({
      status: 400, body: { intent: "save", errors: { friendPercent: "Anna prosentti, joka on yli 0 ja enintään 100, enintään kahdella desimaalilla" } },
    });
    expect(await snapshot()).toEqual(before);
  });
});
