// The program settings pages through the production build, with Shopify answered by the local
// emulator and the members made by signed webhooks: earning rules (rate, test orders, excluded
// tags and collections, the exclusions sync and the rate suggested for a small currency unit),
// the VIP tier editor (preview without writing, save with the recalculation and tier_change rows),
// earning actions (edit, switch, add and delete custom ones, the review API endpoint and token)
// and points expiry — each read back with SQL, bad input refused field by field with nothing
// changed, another shop's rows out of reach, and the pages rendered in English and Finnish.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { EmulatorStore } from "../../app/emulator/store.server";
import { balanceMismatches } from "../../app/storage/ledger.server";
import type { SqlDatabase } from "../../app/storage/sql.server";
import { ensureAdminSchema } from "../../scripts/admin-schema.mjs";
import { installShop, seedMembers, type SeededMember } from "../support/admin-seed";
import {
  TEST_API_KEY, TEST_SECRET, createTestDatabase, openTestSql, startApp, waitFor, type Provider, type RunningApp, type TestDatabase,
} from "../support/app-server";
import { DESKTOP_UA, embeddedAppUrl, sessionToken } from "../support/session-token";
import { createRng, makeShop } from "../support/shopify-payloads";

const templates = () => ({ sqliteTemplate: inject("sqliteTemplate"), pgAdminUrl: inject("pgAdminUrl"), pgTemplate: inject("pgTemplate") });

const EARNING = "routes/app.settings.earning";
const TIERS = "routes/app.settings.tiers";
const ACTIONS = "routes/app.settings.actions";
const EXPIRY = "routes/app.settings.expiry";

const SHIRT = "gid://shopify/Product/730000000001"; // tagged "No points"
const SOCKS = "gid://shopify/Product/730000000002"; // in the Clearance collection
const MUG = "gid://shopify/Product/730000000003"; // tagged "Mugs"
const CAP = "gid://shopify/Product/730000000004"; // earns
const CLEARANCE = "gid://shopify/Collection/740000000001";

type TierName = "Bronze" | "Silver" | "Gold";
type ListedTier = {
  id: number; name: string; threshold: number; multiplierBps: number; entryRewardPoints: number; freeShipping: boolean; graceDays: number; members: number;
};
type TiersPage = {
  currency: string | null; basis: string; window: string; tiers: ListedTier[]; members: number; noTier: number; warnings: string[];
  defaults: { name: string; thresholdMinor: number; multiplierBps: number }[];
};
type ListedAction = { id: number; kind: string; name: string; points: number; enabled: boolean; config: Record<string, unknown>; position: number; details: string };
type ActionsPage = { shop: string; currency: string | null; actions: ListedAction[]; api: { endpoint: string; token: string | null } };

describe.each<Provider>(["sqlite", "postgresql"])("Admin: program settings (%s, emulated Shopify)", (provider) => {
  let db: TestDatabase;
  let app: RunningApp;
  let sql: SqlDatabase;
  let store: EmulatorStore;
  const shopA = makeShop({ domain: `settings-a-${provider}.myshopify.com`, id: "64000000001", currency: "EUR" });
  const shopB = makeShop({ domain: `settings-b-${provider}.myshopify.com`, id: "64000000002", currency: "JPY" });
  let m: Record<"ada" | "grace" | "alan" | "lin", SeededMember>;
  let tiers: Record<TierName, number>;

  const headers = (domain: string, extra: Record<string, string> = {}) => ({
    "User-Agent": DESKTOP_UA, Authorization: `Bearer ${sessionToken(domain, TEST_API_KEY, TEST_SECRET)}`, ...extra,
  });
  async function load<T>(domain: string, urlPath: string, route: string, extra: Record<string, string> = {}) {
    const res = await fetch(`${app.url}${urlPath}?_data=${encodeURIComponent(route)}`, { headers: headers(domain, extra), redirect: "manual" });
    return { status: res.status, body: (await res.json()) as T };
  }
  async function act(domain: string, urlPath: string, route: string, form: Record<string, string>, extra: Record<string, string> = {}) {
    const res = await fetch(`${app.url}${urlPath}?_data=${encodeURIComponent(route)}`, {
      method: "POST",
      headers: headers(domain, { "Content-Type": "application/x-www-form-urlencoded", ...extra }),
      body: new URLSearchParams(form),
      redirect: "manual",
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }
  const page = async <T>(domain: string, urlPath: string, route: string) => {
    const res = await load<T>(domain, urlPath, route);
    expect(res.status).toBe(200);
    return res.body;
  };
  const gidOf = (s: SeededMember) => `gid://shopify/Customer/${s.customer.id}`;
  const count = async (query: string, params: unknown[]) => Number((await sql.get<{ n: number }>(query, params))?.n);

  beforeAll(async () => {
    ensureAdminSchema();
    db = await createTestDatabase(provider, templates());
    sql = openTestSql(db);
    const storeFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kanta-emu-")), "emulator.sqlite");
    store = new EmulatorStore(storeFile);
    app = await startApp(db, { KANTA_ADMIN_EMULATOR: "1", KANTA_ADMIN_EMULATOR_DB: storeFile, METAFIELD_SYNC_INTERVAL_MS: "60000" });
    await installShop(app.url, sql, store, shopA);
    await installShop(app.url, sql, store, shopB);
    store.upsertCollections(shopA.domain, [{ id: CLEARANCE, title: "Clearance" }]);
    store.upsertProducts(shopA.domain, [
      { id: SHIRT, title: "Shirt", tags: ["No points", "Apparel"] },
      { id: SOCKS, title: "Socks", tags: ["Apparel"], collections: [CLEARANCE] },
      { id: MUG, title: "Mug", tags: ["Mugs"] },
      { id: CAP, title: "Cap", tags: ["Apparel"] },
    ]);
    const rng = createRng(`settings-${provider}`);
    // 102.00, 30.00, 600.00 and 1,600.00 EUR: Bronze, Bronze, Silver and Gold by the default tiers.
    const [ada, grace, alan, lin] = await seedMembers(app.url, sql, store, shopA, rng, [
      { firstName: "Ada", lastName: "Lovelace", email: "ada@example.com", orders: [[{ title: "Linen shirt", unitPriceMinor: 4500, quantity: 2 }, { title: "Wool socks", unitPriceMinor: 1200 }]] },
      { firstName: "Grace", lastName: "Hopper", email: "grace@example.com", orders: [[{ title: "Notebook", unitPriceMinor: 3000 }]] },
      { firstName: "Alan", lastName: "Turing", email: "alan@example.com", orders: [[{ title: "Winter coat", unitPriceMinor: 60000 }]] },
      { firstName: "Lin", lastName: "Chen", email: "lin@example.com", orders: [[{ title: "Armchair", unitPriceMinor: 160000 }]] },
    ]);
    m = { ada: ada!, grace: grace!, alan: alan!, lin: lin! };
    await seedMembers(app.url, sql, store, shopB, rng, [
      { firstName: "Bob", lastName: "Other", email: "bob@example.com", orders: [[{ title: "Tea", unitPriceMinor: 3000 }]] },
    ]);
    const rows = await sql.all<{ id: number; name: TierName }>(`SELECT id, name FROM tier WHERE shop = ? ORDER BY threshold`, [shopA.domain]);
    tiers = Object.fromEntries(rows.map((r) => [r.name, Number(r.id)])) as typeof tiers;
  }, 240_000);

  afterAll(async () => {
    await app?.stop();
    store?.close();
    await sql?.close();
    await db?.drop();
  });

  describe("earning rules", () => {
    const shopRow = () =>
      sql.get<{ earn_points: number; earn_per_major_units: number; earn_on_test_orders: number | boolean; excluded_product_tags: string; excluded_collections: string }>(
        `SELECT earn_points, earn_per_major_units, earn_on_test_orders, excluded_product_tags, excluded_collections FROM shop WHERE domain = ?`,
        [shopA.domain],
      ).then((r) => r && { ...r, earn_points: Number(r.earn_points), earn_per_major_units: Number(r.earn_per_major_units), earn_on_test_orders: Boolean(r.earn_on_test_orders) });
    const syncJobs = () => count(`SELECT COUNT(*) AS n FROM job WHERE shop = ? AND kind = 'exclusions_sync'`, [shopA.domain]);
    const save = (form: Record<string, string>) => act(shopA.domain, "/app/settings/earning", EARNING, { intent: "save", ...form });

    it("shows the rate, test orders and exclusions after install, with the defaults that suit the currency", async () => {
      expect(await page(shopA.domain, "/app/settings/earning", EARNING)).toEqual({
        currency: "EUR",
        timezone: "Europe/Berlin",
        earning: { points: 1, perMajorUnits: 1, earnOnTestOrders: false, excludedTags: [], excludedCollections: [] },
        exclusions: { syncedAt: null, products: 0, syncing: false, lastError: null },
        scale: {
          factor: 1, points: 1, perMajorUnits: 1, exponent: 2,
          tiers: [{ name: "Bronze", thresholdMinor: 0 }, { name: "Silver", thresholdMinor: 50000 }, { name: "Gold", thresholdMinor: 150000 }],
        },
      });
      // A yen shop is offered 1 point per 100 JPY and thresholds a hundred times higher.
      expect((await page<{ currency: string; scale: unknown }>(shopB.domain, "/app/settings/earning", EARNING))).toMatchObject({
        currency: "JPY",
        scale: {
          factor: 100, points: 1, perMajorUnits: 100, exponent: 0,
          tiers: [{ name: "Bronze", thresholdMinor: 0 }, { name: "Silver", thresholdMinor: 50000 }, { name: "Gold", thresholdMinor: 150000 }],
        },
      });
    });

    it("refuses bad input field by field and saves nothing", async () => {
      const before = await shopRow();
      expect(await save({ points: "0", perMajorUnits: "x", earnOnTestOrders: "true", excludedTags: "", excludedCollections: "gid://shopify/Collection/abc" })).toEqual({
        status: 400,
        body: {
          errors: {
            points: "Points must be at least 1",
            perMajorUnits: "Amount spent must be a whole number",
            excludedCollections: 'Enter collection ids like gid://shopify/Collection/123 ("gid://shopify/Collection/abc" is not one)',
          },
        },
      });
      expect(await save({ points: "1001", perMajorUnits: "1", excludedTags: Array.from({ length: 51 }, (_, i) => `t${i}`).join(",") })).toEqual({
        status: 400, body: { errors: { points: "Points must be at most 1,000", excludedTags: "Enter at most 50 tags" } },
      });
      // A collection the store does not have (asked through the Admin API).
      expect(await save({ points: "2", excludedCollections: `${CLEARANCE}, gid://shopify/Collection/999` })).toEqual({
        status: 400, body: { errors: { excludedCollections: "No collection with this id in your store: gid://shopify/Collection/999" } },
      });
      expect(await save({ earnOnTestOrders: "maybe" })).toEqual({ status: 400, body: { error: "Unknown or incomplete action" } });
      expect(await act(shopA.domain, "/app/settings/earning", EARNING, { intent: "explode" })).toEqual({ status: 400, body: { error: "Unknown or incomplete action" } });
      expect(await shopRow()).toEqual(before);
      expect(before).toEqual({ earn_points: 1, earn_per_major_units: 1, earn_on_test_orders: false, excluded_product_tags: "", excluded_collections: "" });
      expect(await syncJobs()).toBe(0);
    });

    it("saves the rate and exclusions, queues the exclusions sync and rewrites the program summary", async () => {
      expect(await save({
        points: "2", perMajorUnits: "5", earnOnTestOrders: "true", excludedTags: " No points, Mugs, no points ", excludedCollections: `${CLEARANCE}\n`,
      })).toEqual({ status: 200, body: { ok: true, message: "Earning rules saved. Kanta is updating the excluded products." } });
      expect(await shopRow()).toEqual({
        earn_points: 2, earn_per_major_units: 5, earn_on_test_orders: true, excluded_product_tags: "No points,Mugs", excluded_collections: CLEARANCE,
      });
      // Queued to run now; the app's job runner runs it through the emulator and resolves them to products.
      const first = await sql.get<{ run_after: string }>(`SELECT run_after FROM job WHERE shop = ? AND kind = 'exclusions_sync' ORDER BY id LIMIT 1`, [shopA.domain]);
      expect(Math.abs(Date.parse(String(first!.run_after)) - Date.now())).toBeLessThan(60_000);
      await waitFor(async () => (await count(`SELECT COUNT(*) AS n FROM job WHERE shop = ? AND kind = 'exclusions_sync' AND status = 'done'`, [shopA.domain])) === 1, "exclusions sync");
      const excluded = async () =>
        (await sql.all<{ product_gid: string }>(`SELECT product_gid FROM excluded_product WHERE shop = ? ORDER BY product_gid`, [shopA.domain])).map((r) => r.product_gid);
      expect(await excluded()).toEqual([SHIRT, SOCKS, MUG]);
      const synced = await sql.get<{ exclusions_synced_at: string }>(`SELECT exclusions_synced_at FROM shop WHERE domain = ?`, [shopA.domain]);
      expect(await page(shopA.domain, "/app/settings/earning", EARNING)).toMatchObject({
        earning: { points: 2, perMajorUnits: 5, earnOnTestOrders: true, excludedTags: ["No points", "Mugs"], excludedCollections: [CLEARANCE] },
        exclusions: { syncedAt: String(synced!.exclusions_synced_at), products: 3, syncing: false, lastError: null },
      });
      const summary = store.metafield(shopA.domain, `gid://shopify/Shop/${shopA.id}`, "kanta", "program");
      expect(JSON.parse(summary!.value).earn).toEqual({ points: 2, perAmount: "5", currency: "EUR" });
      // The same exclusions again: no new sync needed; another shop is untouched.
      expect(await save({ points: "2", perMajorUnits: "5", excludedTags: "No points, Mugs", excludedCollections: CLEARANCE })).toEqual({
        status: 200, body: { ok: true, message: "Earning rules saved" },
      });
      expect(await sql.get(`SELECT earn_points, excluded_product_tags FROM shop WHERE domain = ?`, [shopB.domain])).toEqual({ earn_points: 1, excluded_product_tags: "" });
    });
  });

  describe("VIP tiers", () => {
    const tierForm = (rows: Record<string, string>[], program: Record<string, string> = {}) => {
      const form: Record<string, string> = { basis: "spend", window: "rolling_12m", ...program };
      rows.forEach((row, i) => {
        for (const [key, value] of Object.entries(row)) form[`tiers.${i}.${key}`] = value;
      });
      return form;
    };
    const current = () => [
      { id: String(tiers.Bronze), name: "Bronze", threshold: "0.00", multiplier: "1", entryRewardPoints: "0", graceDays: "0", freeShipping: "false" },
      { id: String(tiers.Silver), name: "Silver", threshold: "500.00", multiplier: "1.25", entryRewardPoints: "0", graceDays: "0", freeShipping: "false" },
      { id: String(tiers.Gold), name: "Gold", threshold: "1500.00", multiplier: "1.5", entryRewardPoints: "0", graceDays: "0", freeShipping: "false" },
    ];
    const tiersAct = (intent: string, form: Record<string, string>, extra: Record<string, string> = {}) =>
      act(shopA.domain, "/app/settings/tiers", TIERS, { intent, ...form }, extra);
    const tierChanges = () => count(`SELECT COUNT(*) AS n FROM tier_change WHERE shop = ?`, [shopA.domain]);
    const tierRows = () => sql.all(`SELECT id, name, threshold, multiplier_bps, entry_reward_points, free_shipping, grace_days, archived_at FROM tier WHERE shop = ? ORDER BY id`, [shopA.domain]);
    const memberTiers = async () =>
      Object.fromEntries(await Promise.all(Object.entries(m).map(async ([name, s]) => [
        name, Number((await sql.get<{ tier_id: number }>(`SELECT tier_id FROM member WHERE shop = ? AND customer_gid = ?`, [shopA.domain, gidOf(s)]))!.tier_id),
      ])));

    it("shows the program, the default tiers in the shop's currency and who holds them", async () => {
      expect(await page(shopA.domain, "/app/settings/tiers", TIERS)).toEqual({
        currency: "EUR",
        basis: "spend",
        window: "rolling_12m",
        tiers: [
          { id: tiers.Bronze, name: "Bronze", threshold: 0, multiplierBps: 10000, entryRewardPoints: 0, freeShipping: false, graceDays: 0, members: 2 },
          { id: tiers.Silver, name: "Silver", threshold: 50000, multiplierBps: 12500, entryRewardPoints: 0, freeShipping: false, graceDays: 0, members: 1 },
          { id: tiers.Gold, name: "Gold", threshold: 150000, multiplierBps: 15000, entryRewardPoints: 0, freeShipping: false, graceDays: 0, members: 1 },
        ],
        members: 4,
        noTier: 0,
        warnings: [],
        defaults: [
          { name: "Bronze", thresholdMinor: 0, multiplierBps: 10000 }, { name: "Silver", thresholdMinor: 50000, multiplierBps: 12500 },
          { name: "Gold", thresholdMinor: 150000, multiplierBps: 15000 },
        ],
      } satisfies TiersPage);
      expect(await memberTiers()).toEqual({ ada: tiers.Bronze, grace: tiers.Bronze, alan: tiers.Silver, lin: tiers.Gold });
    });

    it("previews a change without writing anything: who moves up, down or stays, and per tier", async () => {
      const before = { rows: await tierRows(), changes: await tierChanges(), members: await memberTiers() };
      const rows = current();
      rows[1]!.threshold = "100";
      rows[2]!.threshold = "2000";
      expect(await tiersAct("preview", tierForm(rows))).toEqual({
        status: 200,
        body: {
          intent: "preview",
          // Ada (102.00) reaches Silver, Lin (1,600.00) falls below Gold; Grace and Alan stay.
          preview: {
            members: 4, up: 1, down: 1, same: 2, none: 0,
            byTier: [{ name: "Bronze", members: 1 }, { name: "Silver", members: 3 }, { name: "Gold", members: 0 }],
          },
          warnings: [],
        },
      });
      // A lowest threshold above zero leaves Grace (30.00) without a tier, and says so.
      rows[0]!.threshold = "50";
      expect(await tiersAct("preview", tierForm(rows, { basis: "spend", window: "lifetime" }))).toEqual({
        status: 200,
        body: {
          intent: "preview",
          preview: {
            members: 4, up: 1, down: 2, same: 1, none: 1,
            byTier: [{ name: "Bronze", members: 0 }, { name: "Silver", members: 3 }, { name: "Gold", members: 0 }],
          },
          warnings: ["The lowest tier's threshold is above 0: members below it hold no tier."],
        },
      });
      // By points earned (welcome bonus 100 + 1 point per EUR): 202, 130, 700 and 1,700 — only Ada moves (up, to Silver).
      expect(await tiersAct("preview", tierForm(current().map((r, i) => ({ ...r, threshold: ["0", "200", "1000"][i]! })), { basis: "points" }))).toEqual({
        status: 200,
        body: {
          intent: "preview",
          preview: {
            members: 4, up: 1, down: 0, same: 3, none: 0,
            byTier: [{ name: "Bronze", members: 1 }, { name: "Silver", members: 2 }, { name: "Gold", members: 1 }],
          },
          warnings: [],
        },
      });
      expect({ rows: await tierRows(), changes: await tierChanges(), members: await memberTiers() }).toEqual(before);
    });

    it("refuses bad tiers field by field and changes nothing", async () => {
      const before = { rows: await tierRows(), changes: await tierChanges() };
      const rows: Record<string, string>[] = current();
      rows[1]!.threshold = "abc";
      rows[2]!.multiplier = "0.5";
      rows.push({ name: " ", threshold: "3000", multiplier: "2" });
      expect(await tiersAct("save", tierForm(rows))).toEqual({
        status: 400,
        body: {
          intent: "save",
          errors: {
            "tiers.1.threshold": "Enter an amount like 500.00 (EUR has 2 decimals)",
            "tiers.2.multiplier": "Enter a multiplier from 1.00 to 10.00, with up to two decimals",
            "tiers.3.name": "Name is required",
          },
        },
      });
      const same = current();
      same[2]!.threshold = "500";
      same[2]!.name = "silver";
      expect(await tiersAct("preview", tierForm(same))).toEqual({
        status: 400,
        body: { intent: "preview", errors: { "tiers.2.name": "Another tier already has this name", "tiers.2.threshold": "Another tier already has this threshold" } },
      });
      expect(await tiersAct("save", tierForm(current(), { basis: "visits", window: "weekly" }))).toEqual({
        status: 400,
        body: { intent: "save", errors: { basis: "Choose amount spent or points earned", window: "Choose lifetime, calendar year or rolling 12 months" } },
      });
      // Another shop's tier is not one of this shop's.
      const other = await sql.get<{ id: number }>(`SELECT id FROM tier WHERE shop = ? ORDER BY threshold DESC LIMIT 1`, [shopB.domain]);
      const foreign = current();
      foreign[2]!.id = String(other!.id);
      expect(await tiersAct("save", tierForm(foreign))).toEqual({
        status: 400, body: { intent: "save", errors: { "tiers.2.id": "This tier no longer exists; reload the page" } },
      });
      expect(await tiersAct("delete", tierForm(current()))).toEqual({ status: 400, body: { error: "Unknown or incomplete action" } });
      expect({ rows: await tierRows(), changes: await tierChanges() }).toEqual(before);
    });

    it("saves: updates the tiers, recalculates every member and records each change", async () => {
      const changesBefore = await tierChanges();
      const rows = current();
      rows[1] = { ...rows[1]!, threshold: "100", entryRewardPoints: "25", graceDays: "0" };
      rows[2] = { ...rows[2]!, threshold: "2000", freeShipping: "true" };
      // Finnish decimals are read with a comma.
      rows[1]!.multiplier = "1,3";
      expect(await tiersAct("save", tierForm(rows), { Cookie: "kanta_admin_locale=fi" })).toEqual({
        status: 200,
        body: { ok: true, intent: "save", message: "Tasot tallennettu: 1 nousi, 1 laski", up: 1, down: 1, members: 4, warnings: [] },
      });
      expect((await tierRows()).map((r) => ({ ...r, id: Number(r.id), threshold: Number(r.threshold), multiplier_bps: Number(r.multiplier_bps),
        entry_reward_points: Number(r.entry_reward_points), free_shipping: Boolean(r.free_shipping), grace_days: Number(r.grace_days) }))).toEqual([
        { id: tiers.Bronze, name: "Bronze", threshold: 0, multiplier_bps: 10000, entry_reward_points: 0, free_shipping: false, grace_days: 0, archived_at: null },
        { id: tiers.Silver, name: "Silver", threshold: 10000, multiplier_bps: 13000, entry_reward_points: 25, free_shipping: false, grace_days: 0, archived_at: null },
        { id: tiers.Gold, name: "Gold", threshold: 200000, multiplier_bps: 15000, entry_reward_points: 0, free_shipping: true, grace_days: 0, archived_at: null },
      ]);
      expect(await memberTiers()).toEqual({ ada: tiers.Silver, grace: tiers.Bronze, alan: tiers.Silver, lin: tiers.Silver });
      const changes = await sql.all<{ customer_gid: string; from_tier_id: number; to_tier_id: number; reason: string; caused_by: string }>(
        `SELECT customer_gid, from_tier_id, to_tier_id, reason, caused_by FROM tier_change WHERE shop = ? ORDER BY id DESC LIMIT 2`, [shopA.domain],
      );
      expect(changes.map((c) => [c.customer_gid, Number(c.from_tier_id), Number(c.to_tier_id), c.reason, c.caused_by]).sort()).toEqual([
        [gidOf(m.ada), tiers.Bronze, tiers.Silver, "recalculation", "staff:42"],
        [gidOf(m.lin), tiers.Gold, tiers.Silver, "recalculation", "staff:42"],
      ].sort());
      expect(await tierChanges()).toBe(changesBefore + 2);
      // Ada's move up into Silver earns its entry reward (a ledger entry); Lin's move down does not.
      const bonus = await sql.all<{ customer_gid: string; points: number; source: string; idempotency_key: string }>(
        `SELECT customer_gid, points, source, idempotency_key FROM ledger_entry WHERE shop = ? AND idempotency_key LIKE 'tier-entry:%'`, [shopA.domain],
      );
      expect(bonus.map((b) => [b.customer_gid, Number(b.points), b.source, b.idempotency_key])).toEqual([
        [gidOf(m.ada), 25, "bonus", `tier-entry:${tiers.Silver}:${gidOf(m.ada)}`],
      ]);
      expect(await balanceMismatches(sql, shopA.domain)).toEqual([]);
      expect((await page<TiersPage>(shopA.domain, "/app/settings/tiers", TIERS)).tiers.map((t) => [t.name, t.threshold, t.members])).toEqual([
        ["Bronze", 0, 1], ["Silver", 10000, 3], ["Gold", 200000, 0],
      ]);
    });

    it("adds and removes tiers: a removed tier is archived and its members placed again", async () => {
      const rows: Record<string, string>[] = current();
      rows[1] = { ...rows[1]!, threshold: "100", multiplier: "1.3", entryRewardPoints: "25" };
      // Gold goes; Platinum from 1,500.00 EUR comes.
      rows[2] = { name: "Platinum", threshold: "1500", multiplier: "2", entryRewardPoints: "0", graceDays: "30", freeShipping: "true" };
      expect(await tiersAct("save", tierForm(rows, { window: "lifetime" }))).toEqual({
        status: 200,
        body: { ok: true, intent: "save", message: "Tiers saved: 1 moved up, 0 moved down", up: 1, down: 0, members: 4, warnings: [] },
      });
      const loaded = await page<TiersPage>(shopA.domain, "/app/settings/tiers", TIERS);
      const platinum = loaded.tiers.find((t) => t.name === "Platinum")!;
      expect(loaded).toMatchObject({
        basis: "spend", window: "lifetime", members: 4, noTier: 0,
        tiers: [
          { id: tiers.Bronze, name: "Bronze", threshold: 0, members: 1 },
          { id: tiers.Silver, name: "Silver", threshold: 10000, multiplierBps: 13000, entryRewardPoints: 25, members: 2 },
          { name: "Platinum", threshold: 150000, multiplierBps: 20000, freeShipping: true, graceDays: 30, members: 1 },
        ],
      });
      expect((await memberTiers()).lin).toBe(platinum.id);
      const gold = await sql.get<{ archived_at: string | null }>(`SELECT archived_at FROM tier WHERE shop = ? AND id = ?`, [shopA.domain, tiers.Gold]);
      expect(gold!.archived_at).toEqual(expect.any(String));
      expect(await sql.get(`SELECT tier_basis, tier_window FROM shop WHERE domain = ?`, [shopA.domain])).toEqual({ tier_basis: "spend", tier_window: "lifetime" });
    });
  });

  describe("ways to earn", () => {
    let actions: ListedAction[];
    const byKind = (kind: string) => actions.find((a) => a.kind === kind)!;
    const actionsAct = (form: Record<string, string>, domain = shopA.domain) => act(domain, "/app/settings/actions", ACTIONS, form);
    const actionRow = async (id: number) => {
      const r = await sql.get<{ name: string; points: number; enabled: number | boolean; config_json: string; archived_at: string | null; kind: string }>(
        `SELECT kind, name, points, enabled, config_json, archived_at FROM earning_action WHERE shop = ? AND id = ?`, [shopA.domain, id],
      );
      return r && { kind: r.kind, name: r.name, points: Number(r.points), enabled: Boolean(r.enabled), config: JSON.parse(r.config_json), archived: r.archived_at !== null };
    };

    it("lists the default actions with their limits, and the review endpoint with the shop's token", async () => {
      const loaded = await page<ActionsPage>(shopA.domain, "/app/settings/actions", ACTIONS);
      actions = loaded.actions;
      const token = await sql.get<{ actions_api_token: string }>(`SELECT actions_api_token FROM shop WHERE domain = ?`, [shopA.domain]);
      expect(token!.actions_api_token).toMatch(/^[0-9a-f]{64}$/);
      expect(loaded).toEqual({
        shop: shopA.domain,
        currency: "EUR",
        actions: [
          { id: expect.any(Number), kind: "welcome", name: "Welcome bonus", points: 100, enabled: true, config: {}, position: 0, details: "Once, when a shopper joins" },
          { id: expect.any(Number), kind: "birthday", name: "Birthday bonus", points: 100, enabled: false, config: {}, position: 1, details: "Once a year, on the member's birthday" },
          {
            id: expect.any(Number), kind: "referral", name: "Refer a friend", points: 500, enabled: false, position: 2,
            config: { friendDiscount: { kind: "percent", percentBps: 1000 }, combinesWith: { order: false, product: true, shipping: true }, lifetimeDays: 30 },
            details: "The friend gets 10% off; the code is valid for 30 days",
          },
          {
            id: expect.any(Number), kind: "review", name: "Review a product", points: 50, enabled: false, position: 3, config: { limit: { count: 5, days: 30 } },
            details: "At most 5 reviews in any 30-day period",
          },
        ],
        api: { endpoint: "http://localhost:3000/api/actions/review", token: token!.actions_api_token },
      } satisfies ActionsPage);
      // Each shop has its own token.
      const other = await page<ActionsPage>(shopB.domain, "/app/settings/actions", ACTIONS);
      expect(other.api.token).toMatch(/^[0-9a-f]{64}$/);
      expect(other.api.token).not.toBe(token!.actions_api_token);
    });

    it("edits a built-in action: points, name, on/off and its limits", async () => {
      const review = byKind("review");
      expect(await actionsAct({ intent: "save", id: String(review.id), name: "Review a purchase", points: "75", enabled: "true", limitCount: "3", limitDays: "14" })).toEqual({
        status: 200, body: { ok: true, intent: "save", id: review.id, message: "Action saved" },
      });
      expect(await actionRow(review.id)).toEqual({
        kind: "review", name: "Review a purchase", points: 75, enabled: true, config: { limit: { count: 3, days: 14 } }, archived: false,
      });
      const referral = byKind("referral");
      expect(await actionsAct({
        intent: "save", id: String(referral.id), name: "Refer a friend", points: "400", enabled: "false", friendDiscountType: "amount", friendAmount: "7.50",
        lifetimeDays: "14", combinesOrder: "true", combinesProduct: "false", combinesShipping: "false",
      })).toEqual({ status: 200, body: { ok: true, intent: "save", id: referral.id, message: "Action saved" } });
      expect(await actionRow(referral.id)).toEqual({
        kind: "referral", name: "Refer a friend", points: 400, enabled: false, archived: false,
        config: { friendDiscount: { kind: "amount", valueMinor: 750, currency: "EUR" }, lifetimeDays: 14, combinesWith: { order: true, product: false, shipping: false } },
      });
      // Switched on: the settings stay as they were.
      expect(await actionsAct({ intent: "set-enabled", id: String(referral.id), enabled: "true" })).toEqual({
        status: 200, body: { ok: true, intent: "set-enabled", id: referral.id, message: "Action turned on" },
      });
      expect(await actionRow(referral.id)).toMatchObject({ points: 400, enabled: true, config: { friendDiscount: { kind: "amount", valueMinor: 750, currency: "EUR" }, lifetimeDays: 14 } });
      const listed = (await page<ActionsPage>(shopA.domain, "/app/settings/actions", ACTIONS)).actions;
      expect(listed.map((a) => [a.kind, a.enabled, a.details])).toEqual([
        ["welcome", true, "Once, when a shopper joins"],
        ["birthday", false, "Once a year, on the member's birthday"],
        ["referral", true, "The friend gets 7.50 EUR off; the code is valid for 14 days"],
        ["review", true, "At most 3 reviews in any 14-day period"],
      ]);
    });

    it("refuses bad action settings field by field and changes nothing", async () => {
      const review = byKind("review");
      const before = await actionRow(review.id);
      expect(await actionsAct({ intent: "save", id: String(review.id), name: " ", points: "0", enabled: "true" })).toEqual({
        status: 400, body: { intent: "save", errors: { name: "Name is required", points: "Points must be at least 1" } },
      });
      expect(await actionsAct({ intent: "save", id: String(review.id), name: "Review", points: "10", limitCount: "x", limitDays: "400" })).toEqual({
        status: 400, body: { intent: "save", errors: { limitCount: "Enter a whole number from 1 to 1,000", limitDays: "Enter a whole number from 1 to 365" } },
      });
      expect(await actionsAct({ intent: "save", id: String(byKind("referral").id), name: "Refer", points: "10", friendDiscountType: "percent", friendPercent: "150" })).toEqual({
        status: 400, body: { intent: "save", errors: { friendPercent: "Enter a percentage above 0 and at most 100, with up to two decimals" } },
      });
      expect(await actionsAct({ intent: "save", id: "new", name: "Visit", points: "10", url: "http://example.com" })).toEqual({
        status: 400, body: { intent: "save", errors: { url: "Enter a link that starts with https:// (at most 500 characters)" } },
      });
      expect(await actionsAct({ intent: "save", id: "abc", name: "Visit", points: "10" })).toEqual({ status: 400, body: { error: "Unknown or incomplete action" } });
      expect(await actionRow(review.id)).toEqual(before);
      expect(await count(`SELECT COUNT(*) AS n FROM earning_action WHERE shop = ? AND kind = 'custom'`, [shopA.domain])).toBe(0);
      // Another shop's action is not found, for every intent.
      const foreign = (await page<ActionsPage>(shopB.domain, "/app/settings/actions", ACTIONS)).actions[0]!;
      const notFound = { status: 404, body: { error: "No earning action with this id in your store" } };
      expect(await actionsAct({ intent: "save", id: String(foreign.id), name: "Mine", points: "1", enabled: "false" })).toEqual(notFound);
      expect(await actionsAct({ intent: "set-enabled", id: String(foreign.id), enabled: "false" })).toEqual(notFound);
      expect(await actionsAct({ intent: "archive", id: String(foreign.id) })).toEqual(notFound);
      expect((await page<ActionsPage>(shopB.domain, "/app/settings/actions", ACTIONS)).actions[0]).toEqual(foreign);
    });

    it("adds a custom action and deletes it; built-in actions cannot be deleted", async () => {
      const added = await actionsAct({ intent: "save", id: "new", name: "Follow us on Instagram", points: "20", enabled: "true", url: "https://instagram.com/kanta" });
      expect(added).toEqual({ status: 200, body: { ok: true, intent: "save", id: expect.any(Number), message: "Custom action added" } });
      const id = added.body.id as number;
      expect(await actionRow(id)).toEqual({
        kind: "custom", name: "Follow us on Instagram", points: 20, enabled: true, config: { url: "https://instagram.com/kanta" }, archived: false,
      });
      expect((await page<ActionsPage>(shopA.domain, "/app/settings/actions", ACTIONS)).actions.at(-1)).toEqual({
        id, kind: "custom", name: "Follow us on Instagram", points: 20, enabled: true, config: { url: "https://instagram.com/kanta" }, position: 4,
        details: "Once per member · https://instagram.com/kanta",
      });
      expect(await actionsAct({ intent: "archive", id: String(byKind("welcome").id) })).toEqual({
        status: 400, body: { error: "Built-in actions cannot be deleted; turn them off instead" },
      });
      expect(await actionsAct({ intent: "archive", id: String(id) })).toEqual({ status: 200, body: { ok: true, intent: "archive", id, message: "Custom action deleted" } });
      expect(await actionRow(id)).toMatchObject({ archived: true });
      expect((await page<ActionsPage>(shopA.domain, "/app/settings/actions", ACTIONS)).actions.map((a) => a.kind)).toEqual(["welcome", "birthday", "referral", "review"]);
      expect(await actionsAct({ intent: "archive", id: String(id) })).toEqual({ status: 404, body: { error: "No earning action with this id in your store" } });
    });
  });

  describe("points expiry", () => {
    const expiryRow = async (domain = shopA.domain) => {
      const r = await sql.get<{ expiry_mode: string; expiry_months: number; expiry_reminder_days: number }>(
        `SELECT expiry_mode, expiry_months, expiry_reminder_days FROM shop WHERE domain = ?`, [domain],
      );
      return r && [r.expiry_mode, Number(r.expiry_months), Number(r.expiry_reminder_days)];
    };
    const save = (form: Record<string, string>) => act(shopA.domain, "/app/settings/expiry", EXPIRY, { intent: "save", ...form });

    it("is off after install", async () => {
      expect(await page(shopA.domain, "/app/settings/expiry", EXPIRY)).toEqual({
        expiry: { mode: "off", months: 12, reminderDays: 14 }, timezone: "Europe/Berlin", evaluatedAt: null,
      });
    });

    it("refuses bad settings field by field and changes nothing", async () => {
      expect(await save({ mode: "weekly", months: "0", reminderDays: "200" })).toEqual({
        status: 400,
        body: {
          errors: {
            mode: "Choose how points expire: off, per_award, inactivity", months: "Months must be at least 1", reminderDays: "Reminder days must be at most 90",
          },
        },
      });
      expect(await save({ mode: "per_award", months: "1", reminderDays: "28" })).toEqual({
        status: 400, body: { errors: { reminderDays: "The reminder must come before points expire: at most 27 days for 1 month" } },
      });
      expect(await save({ mode: "inactivity", months: "2.5" })).toEqual({ status: 400, body: { errors: { months: "Months must be a whole number" } } });
      expect(await act(shopA.domain, "/app/settings/expiry", EXPIRY, { intent: "run" })).toEqual({ status: 400, body: { error: "Unknown or incomplete action" } });
      expect(await expiryRow()).toEqual(["off", 12, 14]);
    });

    it("saves per award or after inactivity", async () => {
      expect(await save({ mode: "per_award", months: "6", reminderDays: "10" })).toEqual({ status: 200, body: { ok: true, message: "Expiry settings saved" } });
      expect(await expiryRow()).toEqual(["per_award", 6, 10]);
      expect(await save({ mode: "inactivity", months: "18", reminderDays: "0" })).toEqual({ status: 200, body: { ok: true, message: "Expiry settings saved" } });
      expect(await expiryRow()).toEqual(["inactivity", 18, 0]);
      expect((await page<{ expiry: unknown }>(shopA.domain, "/app/settings/expiry", EXPIRY)).expiry).toEqual({ mode: "inactivity", months: 18, reminderDays: 0 });
      expect(await expiryRow(shopB.domain)).toEqual(["off", 12, 14]);
    });
  });

  it("renders the settings pages in the embedded admin, in English and in Finnish", async () => {
    const html = async (urlPath: string, query = "") => {
      const res = await fetch(`${embeddedAppUrl(app.url, shopA.domain, TEST_API_KEY, TEST_SECRET, urlPath)}${query}`, {
        headers: { "User-Agent": DESKTOP_UA }, redirect: "manual",
      });
      return { status: res.status, text: await res.text() };
    };
    const cases: [string, string[], string[]][] = [
      ["/app/settings/earning", ["Earning rules", "Products that earn no points", "Shoppers earn 2 points for every 5 EUR spent."],
        ["Ansaintasäännöt", "Tuotteet, joista ei kerry pisteitä", "Ostoksista kertyy 2 pistettä jokaista 5 EUR kohden."]],
      ["/app/settings/tiers", ["VIP tiers", "Platinum", "Points multiplier"], ["VIP-tasot", "Platinum", "Pistekerroin"]],
      ["/app/settings/actions", ["Ways to earn", "Welcome bonus", "http://localhost:3000/api/actions/review"],
        ["Ansaintatavat", "Tervetuliaisbonus", "http://localhost:3000/api/actions/review"]],
      ["/app/settings/expiry", ["Points expiry", "How expiry works"], ["Pisteiden vanheneminen", "Näin vanheneminen toimii"]],
    ];
    for (const [urlPath, english, finnish] of cases) {
      const en = await html(urlPath);
      expect([urlPath, en.status]).toEqual([urlPath, 200]);
      for (const text of english) expect([urlPath, en.text.includes(text)]).toEqual([urlPath, true]);
      const fi = await html(urlPath, "&locale=fi");
      expect([urlPath, fi.status]).toEqual([urlPath, 200]);
      for (const text of finnish) expect([urlPath, text, fi.text.includes(text)]).toEqual([urlPath, text, true]);
    }
  });
});
