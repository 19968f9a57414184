// The rewards admin, through the production build against the local Admin API emulator: the
// default catalog at install, the editor's validation (including the checks against the store's
// variants and collections), turning rewards on and off, deleting them, the expired-codes setting,
// shop isolation, and the redemptions list with its filters and pages.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { EmulatorStore } from "../../app/emulator/store.server";
import type { SqlDatabase } from "../../app/storage/sql.server";
import {
  TEST_API_KEY, TEST_SECRET, createTestDatabase, openTestSql, startApp, waitFor, type Provider, type RunningApp, type TestDatabase,
} from "../support/app-server";
import { emulatedShop } from "../support/emulator-seed";
import { makeShop } from "../support/shopify-payloads";
import { DESKTOP_UA, embeddedAppUrl, sessionToken } from "../support/session-token";
import { ensureAdminSchema } from "../../scripts/admin-schema.mjs";

const templates = () => ({ sqliteTemplate: inject("sqliteTemplate"), pgAdminUrl: inject("pgAdminUrl"), pgTemplate: inject("pgTemplate") });

const EUR_SHOP = "rewards-eur.myshopify.com";
const USD_SHOP = "rewards-usd.myshopify.com";
const MUG = "gid://shopify/ProductVariant/4242";
const SUMMER = "gid://shopify/Collection/77";

const LIST = "routes/app.rewards._index";
const EDITOR = "routes/app.rewards.$id";
const REDEMPTIONS = "routes/app.redemptions";

type Combines = { order: boolean; product: boolean; shipping: boolean };
type ListedReward = {
  id: number; kind: string; name: string; pointsCost: number; valueMinor: number | null; percentBps: number | null;
  collectionGid: string | null; variantGid: string | null; variantTitle: string | null; minPoints: number | null; maxPoints: number | null;
  currency: string; minOrderMinor: number | null; lifetimeDays: number; combinesWith: Combines; tierId: number | null; enabled: boolean; position: number;
  display: { type: string; points: string; value: string; minOrder: string; lifetime: string };
};
type RewardsPage = { currency: string | null; returnExpiredCodes: boolean; rewards: ListedReward[] };
type RedemptionView = {
  id: number; createdAt: string; date: string; shopper: { name: string | null; email: string | null; customerGid: string };
  rewardId: number; rewardName: string; points: number; value: string | null; code: string; state: string; usedOrderGid: string | null;
};
type RedemptionsPage = {
  filters: { state: string; reward: string; q: string; before: number | null };
  rewards: { id: number; name: string; archived: boolean }[];
  redemptions: RedemptionView[];
  older: number | null;
};

const NONE = {
  percentBps: null, collectionGid: null, variantGid: null, variantTitle: null, minPoints: null, maxPoints: null, minOrderMinor: null, tierId: null,
};

/** A listed reward without its database id. */
const withoutId = ({ id: _id, ...rest }: ListedReward) => rest;

describe.each<Provider>(["sqlite", "postgresql"])("Admin: rewards catalog and redemptions (%s, emulated Shopify)", (provider) => {
  let db: TestDatabase;
  let app: RunningApp;
  let sql: SqlDatabase;
  let store: EmulatorStore;

  const headers = (domain: string, extra: Record<string, string> = {}) => ({
    "User-Agent": DESKTOP_UA, Authorization: `Bearer ${sessionToken(domain, TEST_API_KEY, TEST_SECRET)}`, ...extra,
  });

  /** A route's loader, as Remix fetches it on client-side navigation. */
  async function load(domain: string, urlPath: string, route: string) {
    const sep = urlPath.includes("?") ? "&" : "?";
    const res = await fetch(`${app.url}${urlPath}${sep}_data=${encodeURIComponent(route)}`, { headers: headers(domain), redirect: "manual" });
    return { status: res.status, body: res.status === 204 ? null : await res.json() };
  }

  /** A route's action, as a Remix form submission sends it. */
  async function act(domain: string, urlPath: string, route: string, form: Record<string, string>) {
    const sep = urlPath.includes("?") ? "&" : "?";
    const res = await fetch(`${app.url}${urlPath}${sep}_data=${encodeURIComponent(route)}`, {
      method: "POST",
      headers: headers(domain, { "Content-Type": "application/x-www-form-urlencoded" }),
      body: new URLSearchParams(form),
      redirect: "manual",
    });
    return { status: res.status, redirect: res.headers.get("X-Remix-Redirect"), body: res.status === 204 ? null : await res.json() };
  }

  const rewardsOf = async (domain: string) => {
    const res = await load(domain, "/app/rewards", LIST);
    expect(res.status).toBe(200);
    return res.body as RewardsPage;
  };
  const rewardRows = async (domain: string) =>
    Number((await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM reward WHERE shop = ?`, [domain]))?.n);
  /** Saves the editor's form for `id` ("new" or a reward id). */
  const save = (domain: string, id: string | number, form: Record<string, string>) => act(domain, `/app/rewards/${id}`, EDITOR, form);

  beforeAll(async () => {
    ensureAdminSchema();
    db = await createTestDatabase(provider, templates());
    sql = openTestSql(db);
    const storeFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kanta-emu-")), "emulator.sqlite");
    store = new EmulatorStore(storeFile);
    store.upsertShop(emulatedShop(makeShop({ domain: EUR_SHOP, id: "61000000001", currency: "EUR" }), { accessToken: "shpat_emulated_offline" }));
    store.upsertShop(emulatedShop(makeShop({ domain: USD_SHOP, id: "61000000002", currency: "USD" }), { accessToken: "shpat_emulated_offline" }));
    store.upsertVariants(EUR_SHOP, [{ id: MUG, productTitle: "Travel mug", title: "Large", price: "12.5" }]);
    store.upsertCollections(EUR_SHOP, [{ id: SUMMER, title: "Summer" }]);
    app = await startApp(db, { KANTA_ADMIN_EMULATOR: "1", KANTA_ADMIN_EMULATOR_DB: storeFile });
    for (const domain of [EUR_SHOP, USD_SHOP]) {
      // The first open: token exchange, then the install job (shop facts, default rewards).
      const res = await fetch(embeddedAppUrl(app.url, domain, TEST_API_KEY, TEST_SECRET), { headers: { "User-Agent": DESKTOP_UA } });
      expect(res.status).toBe(200);
    }
    for (const domain of [EUR_SHOP, USD_SHOP]) {
      await waitFor(
        async () => (await sql.get<{ status: string }>(`SELECT status FROM job WHERE shop = ? AND kind = 'install' ORDER BY id DESC LIMIT 1`, [domain]))?.status === "done",
        `install of ${domain}`,
        60_000,
      );
    }
  });

  afterAll(async () => {
    await app?.crash();
    store?.close();
    await sql?.close();
    await db?.drop();
  });

  it("after install the catalog holds the three default rewards, in the shop's currency", async () => {
    const eur = await rewardsOf(EUR_SHOP);
    expect(eur.currency).toBe("EUR");
    expect(eur.returnExpiredCodes).toBe(false);
    const base = { ...NONE, currency: "EUR", lifetimeDays: 30, enabled: true };
    expect(eur.rewards.map(withoutId)).toEqual([
      {
        ...base, kind: "amount_off", name: "5 EUR off your order", pointsCost: 500, valueMinor: 500, position: 0,
        combinesWith: { order: false, product: true, shipping: true },
        display: { type: "Amount off", points: "500 points", value: "5.00 EUR off", minOrder: "None", lifetime: "30 days" },
      },
      {
        ...base, kind: "amount_off", name: "10 EUR off your order", pointsCost: 1000, valueMinor: 1000, position: 1,
        combinesWith: { order: false, product: true, shipping: true },
        display: { type: "Amount off", points: "1,000 points", value: "10.00 EUR off", minOrder: "None", lifetime: "30 days" },
      },
      {
        ...base, kind: "free_shipping", name: "Free shipping", pointsCost: 300, valueMinor: null, position: 2,
        combinesWith: { order: true, product: true, shipping: false },
        display: { type: "Free shipping", points: "300 points", value: "Free shipping", minOrder: "None", lifetime: "30 days" },
      },
    ]);
    const usd = await rewardsOf(USD_SHOP);
    expect(usd.rewards.map((r) => [r.name, r.pointsCost, r.valueMinor, r.currency])).toEqual([
      ["5 USD off your order", 500, 500, "USD"],
      ["10 USD off your order", 1000, 1000, "USD"],
      ["Free shipping", 300, null, "USD"],
    ]);
    // Opening the list again creates nothing more.
    expect(await rewardRows(EUR_SHOP)).toBe(3);
  });

  it("the pages render in the embedded admin", async () => {
    const page = async (urlPath: string, query = "") => {
      const url = `${embeddedAppUrl(app.url, EUR_SHOP, TEST_API_KEY, TEST_SECRET, urlPath)}${query}`;
      const res = await fetch(url, { headers: { "User-Agent": DESKTOP_UA }, redirect: "manual" });
      return { status: res.status, html: await res.text() };
    };
    const list = await page("/app/rewards");
    expect(list.status).toBe(200);
    expect(list.html).toContain("5 EUR off your order");
    expect(list.html).toContain("Return the points of codes that expire unused");
    const editor = await page("/app/rewards/new");
    expect(editor.status).toBe(200);
    expect(editor.html).toContain("Shown to shoppers so they know what the code works with");
    const missing = await page("/app/rewards/abc");
    expect(missing.status).toBe(404);
    expect(missing.html).toContain("No reward with this id in your store");
    const redemptions = await page("/app/redemptions");
    expect(redemptions.status).toBe(200);
    expect(redemptions.html).toContain("No redemptions yet");
    const badFilter = await page("/app/redemptions", "&state=bogus");
    expect(badFilter.status).toBe(400);
    expect(badFilter.html).toContain("These filters cannot be applied");
  });

  it("the editor rejects bad input field by field and saves nothing", async () => {
    const before = await rewardRows(EUR_SHOP);
    const form = { kind: "amount_off", name: "Bad", pointsCost: "250", value: "5", lifetimeDays: "30", enabled: "on" };
    expect(await save(EUR_SHOP, "new", { ...form, name: " ", pointsCost: "ten" })).toEqual({
      status: 400, redirect: null, body: { errors: { name: "Name is required", pointsCost: "Points cost must be a whole number" } },
    });
    expect(await save(EUR_SHOP, "new", { ...form, value: "5.001", minOrder: "-1", lifetimeDays: "30" })).toEqual({
      status: 400, redirect: null,
      body: { errors: { value: "Enter an amount like 5.00 (EUR has 2 decimals)", minOrder: "Enter an amount above zero" } },
    });
    expect((await save(EUR_SHOP, "new", { ...form, lifetimeDays: "400" })).body).toEqual({ errors: { lifetimeDays: "Code lifetime must be at most 365" } });
    expect((await save(EUR_SHOP, "new", { ...form, kind: "gift_card" })).body).toEqual({ errors: { kind: "Choose a reward type" } });
    expect((await save(EUR_SHOP, "new", { ...form, kind: "variable", value: "1", minPoints: "150", maxPoints: "100", pointsCost: "100" })).body).toEqual({
      errors: { minPoints: "Must be a multiple of the step (100 points)", maxPoints: "Must be at least the minimum" },
    });
    expect(await rewardRows(EUR_SHOP)).toBe(before);
  });

  it("a valid amount-off reward is saved exactly, listed last, and can be edited", async () => {
    const res = await save(EUR_SHOP, "new", {
      kind: "amount_off", name: "12.34 EUR off", pointsCost: "1234", value: "12.34", minOrder: "50", lifetimeDays: "14",
      combinesProduct: "on", enabled: "on",
    });
    expect(res).toEqual({ status: 204, redirect: "/app/rewards", body: null });
    const listed = (await rewardsOf(EUR_SHOP)).rewards.find((r) => r.name === "12.34 EUR off")!;
    expect(withoutId(listed)).toEqual({
      ...NONE, kind: "amount_off", name: "12.34 EUR off", pointsCost: 1234, valueMinor: 1234, minOrderMinor: 5000, currency: "EUR",
      lifetimeDays: 14, combinesWith: { order: false, product: true, shipping: false }, enabled: true, position: 3,
      display: { type: "Amount off", points: "1,234 points", value: "12.34 EUR off", minOrder: "50.00 EUR", lifetime: "14 days" },
    });

    const editor = await load(EUR_SHOP, `/app/rewards/${listed.id}`, EDITOR);
    expect(editor).toEqual({
      status: 200,
      body: {
        id: listed.id, currency: "EUR", rewardCurrency: "EUR", variantTitle: null,
        values: {
          kind: "amount_off", name: "12.34 EUR off", pointsCost: "1234", value: "12.34", percent: "", collectionGid: "", variantGid: "",
          minPoints: "", maxPoints: "", minOrder: "50.00", lifetimeDays: "14", tierId: "", combinesOrder: false, combinesProduct: true,
          combinesShipping: false, enabled: true,
        },
        tiers: [
          { id: expect.any(String), name: "Bronze" }, { id: expect.any(String), name: "Silver" }, { id: expect.any(String), name: "Gold" },
        ],
      },
    });
    // Tier-exclusive: only one of the shop's tiers may be named, and it is kept on later edits.
    const gold = (editor.body as { tiers: { id: string; name: string }[] }).tiers[2]!.id;
    const badTier = await save(EUR_SHOP, listed.id, { kind: "amount_off", name: "x", pointsCost: "1", value: "1", lifetimeDays: "1", tierId: "999999" });
    expect(badTier).toEqual({ status: 400, redirect: null, body: { errors: { tierId: "Choose a tier" } } });
    const locked = await save(EUR_SHOP, listed.id, { ...Object.fromEntries(Object.entries(editor.body.values).map(([k, v]) => [k, typeof v === "boolean" ? (v ? "on" : "") : v])), tierId: gold });
    expect(locked).toEqual({ status: 204, redirect: "/app/rewards", body: null });
    expect(await sql.get(`SELECT tier_id FROM reward WHERE id = ?`, [listed.id])).toEqual({ tier_id: Number(gold) });
    expect((await load(EUR_SHOP, `/app/rewards/${listed.id}`, EDITOR)).body).toMatchObject({ values: { tierId: gold } });
    await sql.run(`UPDATE reward SET tier_id = NULL WHERE id = ?`, [listed.id]);
    const fresh = await load(EUR_SHOP, "/app/rewards/new", EDITOR);
    expect(fresh.status).toBe(200);
    expect(fresh.body).toMatchObject({ id: null, currency: "EUR", values: { kind: "amount_off", name: "", lifetimeDays: "30" } });

    // Editing keeps the reward's place; unchecked boxes are saved as off.
    const asForm = (values: Record<string, string | boolean>) =>
      Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === "boolean" ? (v ? "on" : "") : v]));
    const edited = await save(EUR_SHOP, listed.id, { ...asForm(editor.body.values), name: "Twelve off", value: "12", combinesProduct: "", enabled: "" });
    expect(edited).toEqual({ status: 204, redirect: "/app/rewards", body: null });
    const after = (await rewardsOf(EUR_SHOP)).rewards.find((r) => r.id === listed.id)!;
    expect(after).toMatchObject({
      name: "Twelve off", valueMinor: 1200, minOrderMinor: 5000, position: 3, enabled: false, combinesWith: { order: false, product: false, shipping: false },
    });
    const edits = await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM reward WHERE shop = ? AND name LIKE ?`, [EUR_SHOP, "%12.34%"]);
    expect(Number(edits?.n)).toBe(0);
  });

  it("free products and collections are checked against the store", async () => {
    const before = await rewardRows(EUR_SHOP);
    const base = { name: "Free mug", pointsCost: "2000", lifetimeDays: "30", combinesOrder: "on", enabled: "on" };
    expect(await save(EUR_SHOP, "new", { ...base, kind: "free_product", variantGid: "gid://shopify/ProductVariant/999999" })).toEqual({
      status: 400, redirect: null, body: { errors: { variantGid: "No product variant with this id in your store" } },
    });
    expect((await save(EUR_SHOP, "new", { ...base, kind: "free_product", variantGid: "mug" })).body).toEqual({
      errors: { variantGid: "Enter a product variant id like gid://shopify/ProductVariant/123" },
    });
    expect(await save(EUR_SHOP, "new", { ...base, kind: "percent_off", name: "Summer 12.5%", percent: "12.5", collectionGid: "gid://shopify/Collection/5" })).toEqual({
      status: 400, redirect: null, body: { errors: { collectionGid: "No collection with this id in your store" } },
    });
    // The other shop's store has neither.
    expect((await save(USD_SHOP, "new", { ...base, kind: "free_product", variantGid: MUG })).body).toEqual({
      errors: { variantGid: "No product variant with this id in your store" },
    });
    expect(await rewardRows(EUR_SHOP)).toBe(before);

    expect((await save(EUR_SHOP, "new", { ...base, kind: "free_product", variantGid: MUG })).status).toBe(204);
    expect((await save(EUR_SHOP, "new", { ...base, kind: "percent_off", name: "Summer 12.5%", percent: "12.5", collectionGid: SUMMER })).status).toBe(204);
    expect((await save(EUR_SHOP, "new", { ...base, kind: "variable", name: "Points for euros", pointsCost: "100", value: "1", minPoints: "100", maxPoints: "5000" })).status).toBe(204);
    const rewards = (await rewardsOf(EUR_SHOP)).rewards;
    const mug = rewards.find((r) => r.name === "Free mug")!;
    expect(mug).toMatchObject({
      kind: "free_product", variantGid: MUG, variantTitle: "Travel mug - Large", valueMinor: 1250, currency: "EUR",
      combinesWith: { order: true, product: false, shipping: false },
      display: { type: "Free product", points: "2,000 points", value: "Travel mug - Large (up to 12.50 EUR)" },
    });
    expect(rewards.find((r) => r.name === "Summer 12.5%")).toMatchObject({
      kind: "percent_off", percentBps: 1250, collectionGid: SUMMER, valueMinor: null, display: { value: "12.5% off collection 77" },
    });
    expect(rewards.find((r) => r.name === "Points for euros")).toMatchObject({
      kind: "variable", pointsCost: 100, valueMinor: 100, minPoints: 100, maxPoints: 5000,
      display: { type: "Points for money", points: "100 points = 1.00 EUR, 100–5,000 points", value: "1.00 EUR per 100 points" },
    });
    expect((await load(EUR_SHOP, `/app/rewards/${mug.id}`, EDITOR)).body).toMatchObject({
      variantTitle: "Travel mug - Large", values: { kind: "free_product", variantGid: MUG, value: "" },
    });
  });

  it("rewards are turned off and on and deleted from the list", async () => {
    const [first] = (await rewardsOf(EUR_SHOP)).rewards;
    const set = (id: number, enabled: boolean) => act(EUR_SHOP, "/app/rewards?index", LIST, { intent: "set-enabled", id: String(id), enabled: String(enabled) });
    expect(await set(first!.id, false)).toEqual({ status: 200, redirect: null, body: { ok: true, message: "Reward turned off" } });
    expect((await rewardsOf(EUR_SHOP)).rewards[0]).toEqual({ ...first, enabled: false });
    expect(await set(first!.id, true)).toEqual({ status: 200, redirect: null, body: { ok: true, message: "Reward turned on" } });
    expect((await rewardsOf(EUR_SHOP)).rewards[0]).toEqual(first);

    const archive = (id: number | string) => act(EUR_SHOP, "/app/rewards?index", LIST, { intent: "archive", id: String(id) });
    expect(await archive(first!.id)).toEqual({ status: 200, redirect: null, body: { ok: true, message: "Reward deleted" } });
    expect((await rewardsOf(EUR_SHOP)).rewards.map((r) => r.id)).not.toContain(first!.id);
    // The storefront's program summary (kanta.program) is rewritten without it.
    const program = store.metafield(EUR_SHOP, store.shop(EUR_SHOP)!.id, "kanta", "program");
    const listed = (JSON.parse(program!.value) as { rewards: { id: string }[] }).rewards.map((r) => r.id);
    expect(listed).toEqual((await rewardsOf(EUR_SHOP)).rewards.filter((r) => r.enabled).map((r) => String(r.id)));
    expect(await archive(first!.id)).toEqual({ status: 404, redirect: null, body: { error: "No reward with this id in your store" } });
    expect(await load(EUR_SHOP, `/app/rewards/${first!.id}`, EDITOR)).toEqual({ status: 404, body: { error: "No reward with this id in your store" } });
    expect((await save(EUR_SHOP, first!.id, { kind: "free_shipping", name: "Back", pointsCost: "1", lifetimeDays: "1" })).status).toBe(404);
    // The row is kept for the redemptions that name it.
    const row = await sql.get<{ archived_at: string | null }>(`SELECT archived_at FROM reward WHERE id = ?`, [first!.id]);
    expect(row?.archived_at).toBeTruthy();

    expect(await act(EUR_SHOP, "/app/rewards?index", LIST, { intent: "set-enabled", id: "x1", enabled: "true" })).toEqual({
      status: 400, redirect: null, body: { error: "Unknown or incomplete action" },
    });
    expect((await act(EUR_SHOP, "/app/rewards?index", LIST, { intent: "explode" })).status).toBe(400);
  });

  it("the expired-codes setting is saved for the shop", async () => {
    const set = (enabled: boolean) => act(EUR_SHOP, "/app/rewards?index", LIST, { intent: "return-expired-codes", enabled: String(enabled) });
    expect(await set(true)).toEqual({ status: 200, redirect: null, body: { ok: true, message: "Points of expired codes will be returned" } });
    expect((await rewardsOf(EUR_SHOP)).returnExpiredCodes).toBe(true);
    expect((await rewardsOf(USD_SHOP)).returnExpiredCodes).toBe(false);
    const rows = await sql.all<{ domain: string; return_expired_codes: number | boolean }>(`SELECT domain, return_expired_codes FROM shop ORDER BY domain`);
    expect(rows.map((r) => [r.domain, Boolean(r.return_expired_codes)])).toEqual([[EUR_SHOP, true], [USD_SHOP, false]]);
    expect(await set(false)).toEqual({ status: 200, redirect: null, body: { ok: true, message: "Points of expired codes will not be returned" } });
    expect((await rewardsOf(EUR_SHOP)).returnExpiredCodes).toBe(false);
  });

  it("another shop's reward, or an id that is not one, is not found", async () => {
    const usd = (await rewardsOf(USD_SHOP)).rewards;
    const theirs = usd[0]!;
    const notFound = { error: "No reward with this id in your store" };
    expect(await load(EUR_SHOP, `/app/rewards/${theirs.id}`, EDITOR)).toEqual({ status: 404, body: notFound });
    expect(await load(EUR_SHOP, "/app/rewards/abc", EDITOR)).toEqual({ status: 404, body: notFound });
    expect(await load(EUR_SHOP, "/app/rewards/99999999999999", EDITOR)).toEqual({ status: 404, body: notFound });
    expect(await save(EUR_SHOP, theirs.id, { kind: "amount_off", name: "Mine now", pointsCost: "1", value: "1", lifetimeDays: "1" })).toEqual({
      status: 404, redirect: null, body: notFound,
    });
    expect(await save(EUR_SHOP, "abc", { kind: "amount_off", name: "Mine now", pointsCost: "1", value: "1", lifetimeDays: "1" })).toEqual({
      status: 404, redirect: null, body: notFound,
    });
    expect(await act(EUR_SHOP, "/app/rewards?index", LIST, { intent: "set-enabled", id: String(theirs.id), enabled: "false" })).toEqual({
      status: 404, redirect: null, body: notFound,
    });
    expect(await act(EUR_SHOP, "/app/rewards?index", LIST, { intent: "archive", id: String(theirs.id) })).toEqual({ status: 404, redirect: null, body: notFound });
    expect((await rewardsOf(USD_SHOP)).rewards).toEqual(usd);
  });

  it("redemptions are listed newest first, filtered, searched and paged; bad filters are refused", async () => {
    const empty = await load(EUR_SHOP, "/app/redemptions?state=used", REDEMPTIONS);
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({ filters: { state: "used", reward: "", q: "", before: null }, redemptions: [], older: null });
    expect((empty.body as RedemptionsPage).rewards.filter((r) => r.archived).length).toBe(1);

    const bad = (query: string) => load(EUR_SHOP, `/app/redemptions?${query}`, REDEMPTIONS);
    expect(await bad("state=bogus")).toEqual({
      status: 400, body: { error: "Bad filter: state must be one of all, pending, active, used, expired, returned, failed" },
    });
    expect(await bad("before=abc")).toEqual({ status: 400, body: { error: "Bad filter: before must be the id of a redemption" } });
    expect(await bad("reward=1%20OR%201")).toEqual({ status: 400, body: { error: "Bad filter: reward must be the id of a reward" } });
    expect(await bad(`q=${"x".repeat(201)}`)).toEqual({ status: 400, body: { error: "Bad filter: the search must be at most 200 characters" } });

    // Redemptions as the storefront records them: 52 active codes, one used, one expired, one failed;
    // and one in the other shop.
    const reward = (await rewardsOf(EUR_SHOP)).rewards[0]!;
    const snapshot = JSON.stringify({ id: reward.id, name: reward.name });
    const now = Date.now();
    const at = (minutes: number) => new Date(now + minutes * 60_000).toISOString();
    await sql.run(
      `INSERT INTO member (shop, customer_gid, email, first_name, last_name, joined_at) VALUES (?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?)`,
      [EUR_SHOP, "gid://shopify/Customer/1001", "ada@example.com", "Ada", "Lovelace", at(-10_000),
        EUR_SHOP, "gid://shopify/Customer/1002", "grace@example.com", null, null, at(-10_000)],
    );
    const insert = (shop: string, n: number, status: string, customer: string, endsAt: string, usedOrder: string | null = null) =>
      sql.run(
        `INSERT INTO redemption (shop, customer_gid, buyer_gid, reward_id, reward_json, idempotency_key, points, value_minor, currency, code,
           status, ends_at, used_order_gid, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [shop, customer, customer, reward.id, snapshot, `key-${shop}-${n}`, reward.pointsCost, reward.valueMinor, "EUR",
          `KANTA-TEST${String(n).padStart(2, "0")}-X`, status, endsAt, usedOrder, at(-1000 + n), at(-1000 + n)],
      );
    for (let n = 1; n <= 52; n++) await insert(EUR_SHOP, n, "active", "gid://shopify/Customer/1003", at(60));
    await insert(EUR_SHOP, 53, "used", "gid://shopify/Customer/1001", at(60), "gid://shopify/Order/555");
    await insert(EUR_SHOP, 54, "active", "gid://shopify/Customer/1002", at(-1));
    await insert(EUR_SHOP, 55, "failed", "gid://shopify/Customer/1002", at(60));
    await insert(USD_SHOP, 56, "used", "gid://shopify/Customer/1001", at(60), "gid://shopify/Order/777");

    const page1 = (await load(EUR_SHOP, "/app/redemptions", REDEMPTIONS)).body as RedemptionsPage;
    expect(page1.redemptions.length).toBe(50);
    expect(page1.redemptions.slice(0, 4).map((r) => [r.code, r.state])).toEqual([
      ["KANTA-TEST55-X", "failed"], ["KANTA-TEST54-X", "expired"], ["KANTA-TEST53-X", "used"], ["KANTA-TEST52-X", "active"],
    ]);
    expect(page1.older).toBe(page1.redemptions[49]!.id);
    const page2 = (await load(EUR_SHOP, `/app/redemptions?before=${page1.older}`, REDEMPTIONS)).body as RedemptionsPage;
    expect(page2.redemptions.map((r) => r.code)).toEqual(["KANTA-TEST05-X", "KANTA-TEST04-X", "KANTA-TEST03-X", "KANTA-TEST02-X", "KANTA-TEST01-X"]);
    expect(page2.older).toBeNull();

    const used = (await load(EUR_SHOP, "/app/redemptions?state=used", REDEMPTIONS)).body as RedemptionsPage;
    const usedAt = (await sql.get<{ created_at: string }>(`SELECT created_at FROM redemption WHERE shop = ? AND code = ?`, [EUR_SHOP, "KANTA-TEST53-X"]))!.created_at;
    expect(used.redemptions).toEqual([{
      id: expect.any(Number), createdAt: usedAt,
      date: new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Berlin" }).format(new Date(usedAt)),
      shopper: { name: "Ada Lovelace", email: "ada@example.com", customerGid: "gid://shopify/Customer/1001" },
      rewardId: reward.id, rewardName: reward.name, points: reward.pointsCost, value: "10.00 EUR", code: "KANTA-TEST53-X", state: "used",
      usedOrderGid: "gid://shopify/Order/555",
    }]);
    const codes = async (query: string) =>
      ((await load(EUR_SHOP, `/app/redemptions?${query}`, REDEMPTIONS)).body as RedemptionsPage).redemptions.map((r) => r.code);
    expect(await codes("state=expired")).toEqual(["KANTA-TEST54-X"]);
    expect(await codes("state=failed")).toEqual(["KANTA-TEST55-X"]);
    expect(await codes("state=returned")).toEqual([]);
    const active = (await load(EUR_SHOP, "/app/redemptions?state=active", REDEMPTIONS)).body as RedemptionsPage;
    expect([active.redemptions.length, active.redemptions[0]!.code, active.older]).toEqual([50, "KANTA-TEST52-X", active.redemptions[49]!.id]);
    expect(await codes(`state=active&before=${active.older}`)).toEqual(["KANTA-TEST02-X", "KANTA-TEST01-X"]);
    expect(await codes("q=GRACE%40example")).toEqual(["KANTA-TEST55-X", "KANTA-TEST54-X"]);
    expect(await codes("q=kanta-test53")).toEqual(["KANTA-TEST53-X"]);
    expect(await codes("q=Customer%2F1001")).toEqual(["KANTA-TEST53-X"]);
    expect(await codes("q=100%25")).toEqual([]);
    expect(await codes(`state=failed&reward=${reward.id}`)).toEqual(["KANTA-TEST55-X"]);
    expect(await codes(`reward=${reward.id + 1000}`)).toEqual([]);
    // The other shop sees only its own.
    expect(((await load(USD_SHOP, "/app/redemptions", REDEMPTIONS)).body as RedemptionsPage).redemptions.map((r) => [r.code, r.shopper.name])).toEqual([
      ["KANTA-TEST56-X", null],
    ]);
  });
});
