// VIP tiers over real HTTP against the production build, on SQLite and PostgreSQL, with the Admin
// API answered by the local emulator: the default tiers at install, orders raising a member (the
// crossing order earns at the old tier's multiplier, the next at the new one's), refunds with and
// without grace, a tier edit previewed and saved, a manual override and its end, the kanta.tier
// metafield, and a tier-exclusive reward refused below its tier.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { EmulatorStore } from "../../app/emulator/store.server";
import { defaultRewards } from "../../app/loyalty/rewards";
import type { TierProposal } from "../../app/loyalty/tiers";
import { balanceMismatches } from "../../app/storage/ledger.server";
import { MemberQueryError, listMembers } from "../../app/storage/members.server";
import { insertReward } from "../../app/storage/rewards.server";
import type { SqlDatabase } from "../../app/storage/sql.server";
import {
  TierProposalError, listTiers, loadTierStatus, previewTiers, recalculateTiers, saveTiers, setTierOverride,
} from "../../app/storage/tiers.server";
import { ensureAdminSchema } from "../../scripts/admin-schema.mjs";
import {
  TEST_API_KEY, TEST_SECRET, createTestDatabase, openTestSql, startApp, waitFor, waitForInboxDrained,
  type Provider, type RunningApp, type TestDatabase,
} from "../support/app-server";
import { deliver } from "../support/deliver";
import { emulatedCustomer, emulatedShop } from "../support/emulator-seed";
import { DESKTOP_UA, embeddedAppUrl } from "../support/session-token";
import {
  buildOrdersPaid, buildRefundsCreate, createCustomer, createOrder, createRefund, createRng, makeShop, type CustomerRecord, type OrderRecord,
} from "../support/shopify-payloads";
import { appProxyQuery } from "../support/webhook-signing";

const templates = () => ({ sqliteTemplate: inject("sqliteTemplate"), pgAdminUrl: inject("pgAdminUrl"), pgTemplate: inject("pgTemplate") });
const DAY = 86_400_000;

describe.each<Provider>(["sqlite", "postgresql"])("VIP tiers (%s, emulated Shopify)", (provider) => {
  let db: TestDatabase;
  let app: RunningApp;
  let sql: SqlDatabase;
  let store: EmulatorStore;
  const rng = createRng(`tiers-${provider}`);
  const shop = makeShop({ domain: `tiers-${provider}.myshopify.com`, id: String(82_000_000_000 + (provider === "sqlite" ? 1 : 2)) });
  const domain = shop.domain;
  /** Tier ids by name (the defaults, then the edited set). */
  const tierId: Record<string, number> = {};

  beforeAll(async () => {
    ensureAdminSchema();
    db = await createTestDatabase(provider, templates());
    sql = openTestSql(db);
    const storeFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kanta-emu-")), "emulator.sqlite");
    store = new EmulatorStore(storeFile);
    store.upsertShop(emulatedShop(shop, { accessToken: "shpat_emulated_offline" }));
    app = await startApp(db, { KANTA_ADMIN_EMULATOR: "1", KANTA_ADMIN_EMULATOR_DB: storeFile, METAFIELD_SYNC_INTERVAL_MS: "200" });
    const res = await fetch(embeddedAppUrl(app.url, domain, TEST_API_KEY, TEST_SECRET), { headers: { "User-Agent": DESKTOP_UA } });
    expect(res.status).toBe(200);
    await waitFor(
      async () => (await sql.get<{ status: string }>(`SELECT status FROM job WHERE shop = ? AND kind = 'install' ORDER BY id DESC LIMIT 1`, [domain]))?.status === "done",
      "install",
      60_000,
    );
    // These tests count the points of orders and tiers only: no welcome bonus.
    await sql.run(`UPDATE earning_action SET enabled = ? WHERE shop = ?`, [false, domain]);
    for (const t of await listTiers(sql, domain)) tierId[t.name] = t.id;
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    store?.close();
    await sql?.close();
    await db?.drop();
  });

  const gid = (c: CustomerRecord) => `gid://shopify/Customer/${c.id}`;

  function shopper(): CustomerRecord {
    const c = createCustomer(rng, {});
    store.upsertCustomers(domain, [emulatedCustomer(c)]);
    return c;
  }

  /** A paid order of whole dollars (one line per amount), processed now. */
  async function pay(c: CustomerRecord, ...dollars: number[]): Promise<OrderRecord> {
    const now = new Date();
    const order = createOrder(rng, {
      shop, customer: c, currency: "USD", taxRate: 0, financialStatus: "paid", processedAt: now, createdAt: now,
      lines: dollars.map((d, i) => ({ title: `Item ${i}`, unitPriceMinor: d * 100, quantity: 1 })),
    });
    expect((await deliver(app.url, domain, buildOrdersPaid(order))).status).toBe(200);
    await waitForInboxDrained(sql);
    return order;
  }

  async function refundLine(order: OrderRecord, line: number): Promise<void> {
    const refund = createRefund(rng, order, { lines: [{ lineItemId: order.lines[line]!.id, quantity: 1 }], createdAt: new Date(Date.now() + 1000) });
    expect((await deliver(app.url, domain, buildRefundsCreate(order, refund))).status).toBe(200);
    await waitForInboxDrained(sql);
  }

  const nameOf = (id: number | null) => (id === null ? null : (Object.entries(tierId).find(([, v]) => v === Number(id))?.[0] ?? `#${id}`));

  async function member(c: CustomerRecord) {
    const m = await sql.get<{ tier_id: number | null; tier_value: number; spent_minor: number; balance: number; grace_until: string | null; override_tier_id: number | null }>(
      `SELECT tier_id, tier_value, spent_minor, balance, grace_until, override_tier_id FROM member WHERE shop = ? AND customer_gid = ?`,
      [domain, gid(c)],
    );
    return {
      tier: nameOf(m?.tier_id ?? null), value: Number(m?.tier_value), spent: Number(m?.spent_minor), balance: Number(m?.balance),
      graceUntil: m?.grace_until ?? null, override: nameOf(m?.override_tier_id ?? null),
    };
  }

  async function entries(c: CustomerRecord) {
    const rows = await sql.all<{ points: number; source: string; idempotency_key: string }>(
      `SELECT points, source, idempotency_key FROM ledger_entry WHERE shop = ? AND customer_gid = ? ORDER BY id`, [domain, gid(c)],
    );
    return rows.map((r) => [Number(r.points), r.source]);
  }

  async function changes(c: CustomerRecord) {
    const rows = await sql.all<{ from_tier_id: number | null; to_tier_id: number | null; reason: string; caused_by: string }>(
      `SELECT from_tier_id, to_tier_id, reason, caused_by FROM tier_change WHERE shop = ? AND customer_gid = ? ORDER BY id`, [domain, gid(c)],
    );
    return rows.map((r) => [nameOf(r.from_tier_id), nameOf(r.to_tier_id), r.reason]);
  }

  async function multipliers(order: OrderRecord) {
    const row = await sql.get<{ multiplier_bps: number | null }>(`SELECT multiplier_bps FROM order_record WHERE shop = ? AND order_gid = ?`, [domain, `gid://shopify/Order/${order.id}`]);
    return row?.multiplier_bps === null ? null : Number(row?.multiplier_bps);
  }

  async function redeem(c: CustomerRecord, rewardId: number, locale?: string) {
    const q = appProxyQuery({ shop: domain, loggedInCustomerId: c.id, pathPrefix: "/apps/kanta", extra: locale ? { locale } : {} }, TEST_SECRET);
    const res = await fetch(`${app.url}/proxy/redeem?${q}`, {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ rewardId: String(rewardId), idempotencyKey: `tier-test-${provider}-${c.id}-${rewardId}-${locale ?? "en"}` }),
    });
    return { status: res.status, body: (await res.json()) as { code?: string; error?: { code: string; message: string } } };
  }

  // Shoppers carried through the file: each test builds on the state the previous ones left.
  let ada: CustomerRecord;
  let ben: CustomerRecord;
  let cai: CustomerRecord;

  it("install creates Bronze, Silver and Gold in minor units of the shop currency, over a rolling 12 months", async () => {
    const tiers = await listTiers(sql, domain);
    expect(tiers.map((t) => [t.name, t.threshold, t.multiplierBps, t.entryRewardPoints, t.freeShipping, t.graceDays])).toEqual([
      ["Bronze", 0, 10_000, 0, false, 0], ["Silver", 50_000, 12_500, 0, false, 0], ["Gold", 150_000, 15_000, 0, false, 0],
    ]);
    const settings = await sql.get(`SELECT tier_basis, tier_window, timezone FROM shop WHERE domain = ?`, [domain]);
    expect(settings).toEqual({ tier_basis: "spend", tier_window: "rolling_12m", timezone: shop.ianaTimezone });
  });

  it("orders raise a member from Bronze to Silver: the crossing order earns at 1×, the next one at 1.25×", async () => {
    ada = shopper();
    const first = await pay(ada, 400);
    expect(await member(ada)).toMatchObject({ tier: "Bronze", value: 40_000, spent: 40_000, balance: 400 });
    const crossing = await pay(ada, 150);
    expect(await member(ada)).toMatchObject({ tier: "Silver", value: 55_000, spent: 55_000, balance: 550 });
    const next = await pay(ada, 200);
    expect(await entries(ada)).toEqual([[400, "order"], [150, "order"], [250, "order"]]);
    expect([await multipliers(first), await multipliers(crossing), await multipliers(next)]).toEqual([10_000, 10_000, 12_500]);
    expect(await member(ada)).toEqual({ tier: "Silver", value: 75_000, spent: 75_000, balance: 800, graceUntil: null, override: null });
    expect(await changes(ada)).toEqual([[null, "Bronze", "order"], ["Bronze", "Silver", "order"]]);
    const events = await sql.all<{ kind: string; dedupe_key: string; payload_json: string }>(
      `SELECT kind, dedupe_key, payload_json FROM program_event WHERE shop = ? AND customer_gid = ? AND kind = 'tier_upgrade'`, [domain, gid(ada)],
    );
    const change = await sql.get<{ id: number }>(`SELECT id FROM tier_change WHERE shop = ? AND customer_gid = ? AND reason = 'order' ORDER BY id DESC LIMIT 1`, [domain, gid(ada)]);
    expect(events).toEqual([
      { kind: "tier_upgrade", dedupe_key: `tier_upgrade:${gid(ada)}:${tierId.Silver}:${Number(change!.id)}`, payload_json: '{"from":"Bronze","to":"Silver"}' },
    ]);
    expect(await loadTierStatus(sql, domain, gid(ada))).toEqual({
      tier: { id: tierId.Silver, name: "Silver", multiplier: 1.25, freeShipping: false }, basis: "spend", window: "rolling_12m", value: 75_000,
      next: { name: "Gold", threshold: 150_000, remaining: 75_000 }, graceUntil: null, override: null,
    });
    // The storefront's metafields follow: kanta.points and kanta.tier.
    await waitFor(async () => store.metafield(domain, gid(ada), "kanta", "points")?.value === "800", "points metafield", 30_000);
    await waitFor(async () => store.metafield(domain, gid(ada), "kanta", "tier")?.value === "Silver", "tier metafield", 30_000);
  });

  it("a refund below the threshold downgrades at once when the tier has no grace", async () => {
    ben = shopper();
    const order = await pay(ben, 400, 200);
    expect(await member(ben)).toMatchObject({ tier: "Silver", value: 60_000, balance: 600 });
    await refundLine(order, 1);
    expect(await entries(ben)).toEqual([[600, "order"], [-200, "refund"]]);
    expect(await member(ben)).toEqual({ tier: "Bronze", value: 40_000, spent: 40_000, balance: 400, graceUntil: null, override: null });
    expect(await changes(ben)).toEqual([[null, "Silver", "order"], ["Silver", "Bronze", "refund"]]);
  });

  it("with 30 days of grace a refund keeps the tier until the grace ends", async () => {
    const tiers = await listTiers(sql, domain);
    const withGrace: TierProposal = { basis: "spend", window: "rolling_12m", tiers: tiers.map((t) => ({ ...t, graceDays: t.name === "Silver" ? 30 : 0 })) };
    const saved = await saveTiers(sql, domain, withGrace, new Date(), "staff:test");
    expect(saved).toMatchObject({ ok: true, recalculation: { members: 2, changed: 0, up: 0, down: 0, entryRewards: 0 } });
    cai = shopper();
    const order = await pay(cai, 400, 200);
    const before = Date.now();
    await refundLine(order, 1);
    const kept = await member(cai);
    expect(kept).toMatchObject({ tier: "Silver", value: 40_000, balance: 400 });
    const graceEnd = Date.parse(kept.graceUntil!);
    expect(graceEnd).toBeGreaterThanOrEqual(before + 30 * DAY - 5_000);
    expect(graceEnd).toBeLessThanOrEqual(Date.now() + 30 * DAY);
    // Still Silver during the grace: the daily pass changes nothing.
    expect(await recalculateTiers(sql, domain, new Date(Date.now() + 29 * DAY), { reason: "daily", causedBy: "kanta:daily" }))
      .toEqual({ members: 3, changed: 0, up: 0, down: 0, entryRewards: 0, entryRewardPoints: 0 });
    expect((await member(cai)).tier).toBe("Silver");
    // Once it has passed, the computed tier applies.
    expect(await recalculateTiers(sql, domain, new Date(graceEnd + 1000), { reason: "daily", causedBy: "kanta:daily" }))
      .toEqual({ members: 3, changed: 1, up: 0, down: 1, entryRewards: 0, entryRewardPoints: 0 });
    expect(await member(cai)).toEqual({ tier: "Bronze", value: 40_000, spent: 40_000, balance: 400, graceUntil: null, override: null });
    expect(await changes(cai)).toEqual([[null, "Silver", "order"], ["Silver", "Bronze", "grace_ended"]]);
  });

  it("a tier edit: the preview counts exactly, saving moves the members, with tier changes, entry rewards and events", async () => {
    const tiers = await listTiers(sql, domain);
    const byName = Object.fromEntries(tiers.map((t) => [t.name, t]));
    const proposal: TierProposal = {
      basis: "spend", window: "rolling_12m",
      tiers: [
        { ...byName.Bronze! },
        { ...byName.Silver!, threshold: 30_000, graceDays: 0 },
        { ...byName.Gold!, threshold: 70_000, entryRewardPoints: 100 },
        { id: null, name: "Platinum", threshold: 200_000, multiplierBps: 20_000, entryRewardPoints: 500, freeShipping: true, graceDays: 0 },
      ],
    };
    const now = new Date();
    // Ada 750 → Gold, Ben 400 → Silver, Cai 400 → Silver.
    expect(await previewTiers(sql, domain, proposal, now)).toEqual({
      members: 3, up: 3, down: 0, same: 0, none: 0,
      byTier: [{ name: "Bronze", members: 0 }, { name: "Silver", members: 2 }, { name: "Gold", members: 1 }, { name: "Platinum", members: 0 }],
    });
    await expect(previewTiers(sql, domain, { ...proposal, tiers: [{ ...proposal.tiers[0]!, name: "" }] }, now)).rejects.toBeInstanceOf(TierProposalError);
    // An invalid proposal changes nothing.
    const snapshot = await sql.all(`SELECT id, name, threshold, archived_at FROM tier WHERE shop = ? ORDER BY id`, [domain]);
    expect(await saveTiers(sql, domain, { ...proposal, tiers: [...proposal.tiers, { ...proposal.tiers[3]!, name: "platinum" }] }, now, "staff:test")).toEqual({
      ok: false, errors: { "tiers.4.name": "Another tier already has this name", "tiers.4.threshold": "Another tier already has this threshold" },
    });
    expect(await saveTiers(sql, domain, { ...proposal, tiers: [{ ...proposal.tiers[0]!, id: 999_999 }] }, now, "staff:test")).toEqual({
      ok: false, errors: { "tiers.0.id": "This tier no longer exists; reload the page" },
    });
    expect(await sql.all(`SELECT id, name, threshold, archived_at FROM tier WHERE shop = ? ORDER BY id`, [domain])).toEqual(snapshot);

    const saved = await saveTiers(sql, domain, proposal, now, "staff:test");
    expect(saved).toMatchObject({ ok: true, recalculation: { members: 3, changed: 3, up: 3, down: 0, entryRewards: 1, entryRewardPoints: 100 } });
    if (!saved.ok) throw new Error("not saved");
    tierId.Platinum = saved.tiers.find((t) => t.name === "Platinum")!.id;
    expect(saved.tiers.map((t) => [t.name, t.threshold, t.multiplierBps, t.entryRewardPoints])).toEqual([
      ["Bronze", 0, 10_000, 0], ["Silver", 30_000, 12_500, 0], ["Gold", 70_000, 15_000, 100], ["Platinum", 200_000, 20_000, 500],
    ]);
    expect(await member(ada)).toMatchObject({ tier: "Gold", value: 75_000, balance: 900 });
    expect(await entries(ada)).toEqual([[400, "order"], [150, "order"], [250, "order"], [100, "bonus"]]);
    expect((await member(ben)).tier).toBe("Silver");
    expect((await member(cai)).tier).toBe("Silver");
    expect((await changes(ada)).at(-1)).toEqual(["Silver", "Gold", "recalculation"]);
    const recalculated = await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM tier_change WHERE shop = ? AND reason = 'recalculation' AND caused_by = 'staff:test'`, [domain]);
    expect(Number(recalculated?.n)).toBe(3);
    const events = await sql.all<{ customer_gid: string; payload_json: string }>(
      `SELECT customer_gid, payload_json FROM program_event WHERE shop = ? AND kind = 'tier_upgrade' ORDER BY id`, [domain],
    );
    const view = (list: typeof events) => list.map((e) => [e.customer_gid, JSON.parse(e.payload_json)]);
    const byCustomer = (a: unknown[], b: unknown[]) => String(a[0]).localeCompare(String(b[0]));
    // The upgrades by orders (a first order above Silver is one too), then the three of the edit.
    expect(view(events.slice(0, 3))).toEqual([
      [gid(ada), { from: "Bronze", to: "Silver" }], [gid(ben), { from: null, to: "Silver" }], [gid(cai), { from: null, to: "Silver" }],
    ]);
    expect(view(events.slice(3)).sort(byCustomer)).toEqual(
      [[gid(ada), { from: "Silver", to: "Gold" }], [gid(ben), { from: "Bronze", to: "Silver" }], [gid(cai), { from: "Bronze", to: "Silver" }]].sort(byCustomer),
    );
    // The entry reward is given once: recalculating again changes nothing.
    expect(await recalculateTiers(sql, domain, new Date(), { reason: "recalculation", causedBy: "staff:test" }))
      .toEqual({ members: 3, changed: 0, up: 0, down: 0, entryRewards: 0, entryRewardPoints: 0 });
    // Ada's next order earns at Gold's 1.5×.
    await pay(ada, 100);
    expect((await entries(ada)).at(-1)).toEqual([150, "order"]);
    expect(await balanceMismatches(sql, domain)).toEqual([]);
  });

  it("a manual override holds a tier until it ends, then the computed tier applies", async () => {
    const dee = shopper();
    await pay(dee, 50);
    expect(await member(dee)).toMatchObject({ tier: "Bronze", value: 5_000, balance: 50 });
    const now = new Date();
    expect(await setTierOverride(sql, domain, gid(dee), { tierId: tierId.Platinum!, reason: " ", until: null, by: "" }, now)).toEqual({
      ok: false, errors: { by: "Say who sets the override", reason: "Give a reason for the override" },
    });
    expect(await setTierOverride(sql, domain, gid(dee), { tierId: 999_999, reason: "Influencer", until: null, by: "staff:alex" }, now)).toEqual({
      ok: false, errors: { tierId: "No tier with this id in your store" },
    });
    expect(await setTierOverride(sql, domain, gid(dee), { tierId: tierId.Platinum!, reason: "Influencer", until: new Date(now.getTime() - 1000).toISOString(), by: "staff:alex" }, now))
      .toEqual({ ok: false, errors: { until: "The end must be in the future" } });
    const until = new Date(now.getTime() + 3_600_000).toISOString();
    const set = await setTierOverride(sql, domain, gid(dee), { tierId: tierId.Platinum!, reason: "Influencer", until, by: "staff:alex" }, now);
    expect(set).toMatchObject({ ok: true, outcome: { tierId: tierId.Platinum, changed: true, reason: "override", entryRewardPoints: 500 } });
    expect(await member(dee)).toMatchObject({ tier: "Platinum", override: "Platinum", balance: 550 });
    expect(await loadTierStatus(sql, domain, gid(dee))).toMatchObject({
      tier: { name: "Platinum", multiplier: 2, freeShipping: true }, value: 5_000, override: { reason: "Influencer", until }, next: null,
    });
    // Orders during the override earn at Platinum's 2×.
    await pay(dee, 10);
    expect((await entries(dee)).at(-1)).toEqual([20, "order"]);
    // The daily pass after the end: back to the computed tier.
    expect(await recalculateTiers(sql, domain, new Date(now.getTime() + 7_200_000), { reason: "daily", causedBy: "kanta:daily" }))
      .toMatchObject({ changed: 1, down: 1 });
    expect(await member(dee)).toMatchObject({ tier: "Bronze", value: 6_000, override: null });
    const row = await sql.get(`SELECT override_reason, override_until, override_by FROM member WHERE shop = ? AND customer_gid = ?`, [domain, gid(dee)]);
    expect(row).toEqual({ override_reason: null, override_until: null, override_by: null });
    expect(await changes(dee)).toEqual([[null, "Bronze", "order"], ["Bronze", "Platinum", "override"], ["Platinum", "Bronze", "override_ended"]]);
    // Ending an override by hand works the same way, at once.
    await setTierOverride(sql, domain, gid(dee), { tierId: tierId.Gold!, reason: "Apology", until: null, by: "staff:alex" }, new Date());
    expect((await member(dee)).tier).toBe("Gold");
    expect(await setTierOverride(sql, domain, gid(dee), { tierId: null, reason: "", until: null, by: "staff:alex" }, new Date()))
      .toMatchObject({ ok: true, outcome: { tierId: tierId.Bronze, reason: "override_ended" } });
    expect(await member(dee)).toMatchObject({ tier: "Bronze", override: null });
  });

  it("a tier-exclusive reward is refused below its tier and redeemed at it", async () => {
    const [template] = defaultRewards("USD");
    const now = new Date().toISOString();
    const goldOnly = await insertReward(sql, domain, { ...template!, name: "Gold lounge", pointsCost: 100, valueMinor: 1000, tierId: tierId.Gold!, position: 9 }, now);
    expect(await member(ben)).toMatchObject({ tier: "Silver", balance: 400 });
    expect(await redeem(ben, goldOnly)).toEqual({
      status: 403, body: { error: { code: "reward_tier_locked", message: "This reward is for members of a higher tier." } },
    });
    expect(await redeem(ben, goldOnly, "fi")).toEqual({
      status: 403, body: { error: { code: "reward_tier_locked", message: "Tämä palkinto on korkeamman jäsentason jäsenille." } },
    });
    expect((await member(ben)).balance).toBe(400);
    expect(await sql.get(`SELECT COUNT(*) AS n FROM redemption WHERE shop = ? AND buyer_gid = ?`, [domain, gid(ben)])).toEqual({ n: 0 });
    const gold = await redeem(ada, goldOnly);
    expect(gold.status).toBe(200);
    expect(gold.body.code).toMatch(/^KANTA-/);
    expect((await member(ada)).balance).toBe(950);
  });
  it("the members list: sorted by spend a page at a time, filtered by tier, searched by email prefix", async () => {
    const spentFirst = await listMembers(sql, domain, { sort: "spent", direction: "desc", limit: 2 });
    expect(spentFirst.members.map((m) => [m.customerGid, m.spentMinor, nameOf(m.tierId)])).toEqual([
      [gid(ada), 85_000, "Gold"], [gid(cai), 40_000, "Silver"],
    ]);
    // Equal spend: the later member first (keyset on spend, then id).
    const rest = await listMembers(sql, domain, { sort: "spent", direction: "desc", limit: 2, after: spentFirst.next });
    expect(rest.members.map((m) => [m.spentMinor, nameOf(m.tierId)])).toEqual([[40_000, "Silver"], [6_000, "Bronze"]]);
    expect(rest.members[0]!.customerGid).toBe(gid(ben));
    expect(rest.next).toBeNull();
    const silver = await listMembers(sql, domain, { sort: "balance", direction: "desc", limit: 50, tierId: tierId.Silver! });
    expect(silver.members.map((m) => m.customerGid).sort()).toEqual([gid(ben), gid(cai)].sort());
    const email = (await sql.get<{ email: string }>(`SELECT email FROM member WHERE shop = ? AND customer_gid = ?`, [domain, gid(ada)]))!.email;
    const found = await listMembers(sql, domain, { sort: "joined", direction: "desc", limit: 50, search: email.slice(0, 8).toUpperCase() });
    expect(found.members.map((m) => m.customerGid)).toEqual([gid(ada)]);
    expect((await listMembers(sql, domain, { sort: "joined", direction: "asc", limit: 50, search: ada.id })).members.map((m) => m.customerGid)).toEqual([gid(ada)]);
    await expect(listMembers(sql, domain, { sort: "spent", direction: "desc", limit: 2, after: "not-a-cursor" })).rejects.toBeInstanceOf(MemberQueryError);
  });
});
