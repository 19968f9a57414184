// The members admin through the production build, with Shopify answered by the local emulator and
// the members made by signed webhooks: the list (search, tier filter, sorts, keyset pages), a
// member's detail (ledger traced to order lines, tier and its history), manual adjustments and
// tier overrides (exact ledger and tier rows, idempotent, staff recorded), bad input refused field
// by field with nothing changed, another shop's member not found, and the admin in Finnish.
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
  TEST_API_KEY, TEST_SECRET, createTestDatabase, openTestSql, startApp, type Provider, type RunningApp, type TestDatabase,
} from "../support/app-server";
import { DESKTOP_UA, embeddedAppUrl, sessionToken } from "../support/session-token";
import { createRng, makeShop } from "../support/shopify-payloads";

const templates = () => ({ sqliteTemplate: inject("sqliteTemplate"), pgAdminUrl: inject("pgAdminUrl"), pgTemplate: inject("pgTemplate") });

const LIST = "routes/app.members._index";
const DETAIL = "routes/app.members.$id";

type Tier = { id: number; name: string };
type ListedMember = {
  customerId: string; customerGid: string; firstName: string | null; lastName: string | null; email: string | null; balance: number;
  spentMinor: number; tier: Tier | null; joinedAt: string;
};
type MembersPage = {
  filters: { q: string; tier: string; sort: string; dir: string; after: string | null };
  tiers: Tier[]; currency: string | null; timezone: string; hasMembers: boolean; members: ListedMember[]; next: string | null;
};
type LedgerLine = { lineGid: string; title: string | null; quantity: number | null; eligibleMinor: number };
type LedgerEntry = {
  id: number; createdAt: string; points: number; source: string; reason: string | null; causedBy: string; orderGid: string | null;
  orderName: string | null; refundGid: string | null; lines: LedgerLine[];
};
type MemberPage = {
  customerId: string;
  member: Record<string, unknown> & { balance: number; tier: Tier | null; override: unknown };
  currency: string; timezone: string;
  tierStatus: { basis: string; window: string; value: number; next: { name: string; threshold: number; remaining: number } | null } | null;
  tiers: { id: number; name: string; threshold: number }[];
  tierHistory: { id: number; createdAt: string; from: Tier | null; to: Tier | null; reason: string; causedBy: string }[];
  ledger: LedgerEntry[]; ledgerBefore: number | null; olderLedger: number | null; redemptions: unknown[]; adjustKey: string;
};

describe.each<Provider>(["sqlite", "postgresql"])("Admin: members (%s, emulated Shopify)", (provider) => {
  let db: TestDatabase;
  let app: RunningApp;
  let sql: SqlDatabase;
  let store: EmulatorStore;
  const shopA = makeShop({ domain: `members-a-${provider}.myshopify.com`, id: "63000000001", currency: "EUR" });
  const shopB = makeShop({ domain: `members-b-${provider}.myshopify.com`, id: "63000000002", currency: "USD" });
  let a: Record<"ada" | "grace" | "alan", SeededMember>;
  let bob: SeededMember;
  let tiersA: Record<"Bronze" | "Silver" | "Gold", number>;

  const headers = (domain: string, extra: Record<string, string> = {}) => ({
    "User-Agent": DESKTOP_UA, Authorization: `Bearer ${sessionToken(domain, TEST_API_KEY, TEST_SECRET)}`, ...extra,
  });
  async function load<T>(domain: string, urlPath: string, route: string, extra: Record<string, string> = {}) {
    const sep = urlPath.includes("?") ? "&" : "?";
    const res = await fetch(`${app.url}${urlPath}${sep}_data=${encodeURIComponent(route)}`, { headers: headers(domain, extra), redirect: "manual" });
    return { status: res.status, body: (await res.json()) as T };
  }
  async function act(domain: string, customerId: string, form: Record<string, string>, extra: Record<string, string> = {}) {
    const res = await fetch(`${app.url}/app/members/${customerId}?_data=${encodeURIComponent(DETAIL)}`, {
      method: "POST",
      headers: headers(domain, { "Content-Type": "application/x-www-form-urlencoded", ...extra }),
      body: new URLSearchParams(form),
      redirect: "manual",
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }
  const list = async (query = "", domain = shopA.domain) => {
    const res = await load<MembersPage>(domain, `/app/members${query ? `?${query}` : ""}`, LIST);
    expect(res.status).toBe(200);
    return res.body;
  };
  const detail = async (customerId: string, query = "", domain = shopA.domain) => {
    const res = await load<MemberPage>(domain, `/app/members/${customerId}${query ? `?${query}` : ""}`, DETAIL);
    expect(res.status).toBe(200);
    return res.body;
  };
  const gidOf = (m: SeededMember) => `gid://shopify/Customer/${m.customer.id}`;
  const ledgerRows = async (shop: string) =>
    Number((await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ledger_entry WHERE shop = ?`, [shop]))?.n);
  const memberRow = (shop: string, m: SeededMember) =>
    sql.get<{ balance: number; tier_id: number | null; joined_at: string; override_tier_id: number | null; override_reason: string | null; override_until: string | null; override_by: string | null }>(
      `SELECT balance, tier_id, joined_at, override_tier_id, override_reason, override_until, override_by FROM member WHERE shop = ? AND customer_gid = ?`,
      [shop, gidOf(m)],
    );
  const listed = async (m: SeededMember, tier: keyof typeof tiersA, balance: number, spentMinor: number): Promise<ListedMember> => ({
    customerId: m.customer.id, customerGid: gidOf(m), firstName: m.customer.firstName, lastName: m.customer.lastName, email: m.customer.email,
    balance, spentMinor, tier: { id: tiersA[tier], name: tier }, joinedAt: String((await memberRow(shopA.domain, m))!.joined_at),
  });

  beforeAll(async () => {
    ensureAdminSchema();
    db = await createTestDatabase(provider, templates());
    sql = openTestSql(db);
    const storeFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kanta-emu-")), "emulator.sqlite");
    store = new EmulatorStore(storeFile);
    app = await startApp(db, { KANTA_ADMIN_EMULATOR: "1", KANTA_ADMIN_EMULATOR_DB: storeFile, METAFIELD_SYNC_INTERVAL_MS: "60000" });
    await installShop(app.url, sql, store, shopA);
    await installShop(app.url, sql, store, shopB);
    const rng = createRng(`members-${provider}`);
    const [ada, grace, alan] = await seedMembers(app.url, sql, store, shopA, rng, [
      { firstName: "Ada", lastName: "Lovelace", email: "ada@example.com", orders: [[{ title: "Linen shirt", unitPriceMinor: 4500, quantity: 2 }, { title: "Wool socks", unitPriceMinor: 1200 }]] },
      { firstName: "Grace", lastName: "Hopper", email: "grace@example.com", orders: [[{ title: "Notebook", unitPriceMinor: 3000 }]] },
      { firstName: "Alan", lastName: "Turing", email: "alan@example.com", orders: [[{ title: "Winter coat", unitPriceMinor: 60000 }]] },
    ]);
    a = { ada: ada!, grace: grace!, alan: alan! };
    [bob] = await seedMembers(app.url, sql, store, shopB, rng, [
      { firstName: "Bob", lastName: "Other", email: "bob@example.com", orders: [[{ title: "Mug", unitPriceMinor: 1000 }]] },
    ]) as [SeededMember];
    const rows = await sql.all<{ id: number; name: "Bronze" | "Silver" | "Gold" }>(`SELECT id, name FROM tier WHERE shop = ? ORDER BY threshold`, [shopA.domain]);
    tiersA = Object.fromEntries(rows.map((r) => [r.name, Number(r.id)])) as typeof tiersA;
  }, 180_000);

  afterAll(async () => {
    await app?.crash();
    store?.close();
    await sql?.close();
    await db?.drop();
  });

  it("lists the shop's members, newest first, with tier, balance and spend", async () => {
    // The welcome bonus (100) and the orders: 102.00, 30.00 and 600.00 EUR at 1 point per EUR.
    expect(await list()).toEqual({
      filters: { q: "", tier: "", sort: "joined", dir: "desc", after: null },
      tiers: [{ id: tiersA.Bronze, name: "Bronze" }, { id: tiersA.Silver, name: "Silver" }, { id: tiersA.Gold, name: "Gold" }],
      currency: "EUR",
      timezone: "Europe/Berlin",
      hasMembers: true,
      members: [await listed(a.alan, "Silver", 700, 60000), await listed(a.grace, "Bronze", 130, 3000), await listed(a.ada, "Bronze", 202, 10200)],
      next: null,
    });
    // The other shop sees only its own.
    expect((await list("", shopB.domain)).members.map((m) => [m.email, m.balance, m.tier?.name])).toEqual([["bob@example.com", 110, "Bronze"]]);
  });

  it("searches by email or name prefix and by customer id, filters by tier and sorts", async () => {
    const emails = async (query: string) => (await list(query)).members.map((m) => m.email);
    expect(await emails("q=gra")).toEqual(["grace@example.com"]);
    expect(await emails("q=LOVE")).toEqual(["ada@example.com"]);
    expect(await emails("q=alan%40example.com")).toEqual(["alan@example.com"]);
    expect(await emails(`q=${a.grace.customer.id}`)).toEqual(["grace@example.com"]);
    expect(await emails(`q=${encodeURIComponent(gidOf(a.ada))}`)).toEqual(["ada@example.com"]);
    expect(await emails("q=bob")).toEqual([]);
    expect(await emails("q=100%25")).toEqual([]);
    expect(await emails(`tier=${tiersA.Silver}`)).toEqual(["alan@example.com"]);
    expect(await emails(`tier=${tiersA.Bronze}&q=a`)).toEqual(["ada@example.com"]);
    expect(await emails(`tier=${tiersA.Gold}`)).toEqual([]);
    expect(await emails("sort=balance&dir=asc")).toEqual(["grace@example.com", "ada@example.com", "alan@example.com"]);
    expect(await emails("sort=spent")).toEqual(["alan@example.com", "ada@example.com", "grace@example.com"]);
    expect(await emails("sort=joined&dir=asc")).toEqual(["ada@example.com", "grace@example.com", "alan@example.com"]);
    const filtered = await list(`q=zzz&tier=${tiersA.Gold}`);
    expect([filtered.members, filtered.hasMembers, filtered.filters]).toEqual([
      [], true, { q: "zzz", tier: String(tiersA.Gold), sort: "joined", dir: "desc", after: null },
    ]);
  });

  it("refuses bad list filters with a clear error", async () => {
    const bad = async (query: string) => load<{ error: string }>(shopA.domain, `/app/members?${query}`, LIST);
    expect(await bad("sort=name")).toEqual({ status: 400, body: { error: "Bad filter: sort must be one of balance, spent, joined" } });
    expect(await bad("dir=up")).toEqual({ status: 400, body: { error: "Bad filter: dir must be asc or desc" } });
    expect(await bad("tier=1%20OR%201")).toEqual({ status: 400, body: { error: "Bad filter: tier must be the id of a tier" } });
    expect(await bad(`q=${"x".repeat(101)}`)).toEqual({ status: 400, body: { error: "Bad filter: the search must be at most 100 characters" } });
    expect(await bad("sort=balance&after=12")).toEqual({
      status: 400, body: { error: "Bad filter: the page link is not valid: start again from the first page" },
    });
  });

  it("shows a member: profile, balance, tier and the ledger traced to the order's lines", async () => {
    const page = await detail(a.ada.customer.id);
    const order = a.ada.orders[0]!;
    const entries = await sql.all<{ id: number; created_at: string; reason: string | null; caused_by: string }>(
      `SELECT id, created_at, reason, caused_by FROM ledger_entry WHERE shop = ? AND customer_gid = ? ORDER BY id DESC`, [shopA.domain, gidOf(a.ada)],
    );
    const [orderEntry, bonusEntry] = entries;
    const row = (await memberRow(shopA.domain, a.ada))!;
    const changes = await sql.all<{ id: number; created_at: string; caused_by: string }>(
      `SELECT id, created_at, caused_by FROM tier_change WHERE shop = ? AND customer_gid = ?`, [shopA.domain, gidOf(a.ada)],
    );
    expect(page).toEqual({
      customerId: a.ada.customer.id,
      member: expect.objectContaining({
        customerGid: gidOf(a.ada), email: "ada@example.com", firstName: "Ada", lastName: "Lovelace", status: "active", mergedIntoGid: null,
        redacted: false, retiredAt: null, balance: 202, spentMinor: 10200, tier: { id: tiersA.Bronze, name: "Bronze" }, tierValue: 10200,
        graceUntil: null, override: null, joinedAt: String(row.joined_at),
      }),
      currency: "EUR",
      timezone: "Europe/Berlin",
      tierStatus: { basis: "spend", window: "rolling_12m", value: 10200, next: { name: "Silver", threshold: 50000, remaining: 39800 } },
      tiers: [
        { id: tiersA.Bronze, name: "Bronze", threshold: 0 }, { id: tiersA.Silver, name: "Silver", threshold: 50000 },
        { id: tiersA.Gold, name: "Gold", threshold: 150000 },
      ],
      tierHistory: [{
        id: Number(changes[0]!.id), createdAt: String(changes[0]!.created_at), from: null, to: { id: tiersA.Bronze, name: "Bronze" }, reason: "order",
        causedBy: changes[0]!.caused_by,
      }],
      ledger: [
        {
          id: Number(orderEntry!.id), createdAt: String(orderEntry!.created_at), points: 102, source: "order", reason: orderEntry!.reason,
          causedBy: orderEntry!.caused_by, orderGid: `gid://shopify/Order/${order.id}`, orderName: order.name, refundGid: null,
          lines: [
            { lineGid: `gid://shopify/LineItem/${order.lines[0]!.id}`, title: "Linen shirt", quantity: 2, eligibleMinor: 9000 },
            { lineGid: `gid://shopify/LineItem/${order.lines[1]!.id}`, title: "Wool socks", quantity: 1, eligibleMinor: 1200 },
          ],
        },
        {
          id: Number(bonusEntry!.id), createdAt: String(bonusEntry!.created_at), points: 100, source: "bonus", reason: bonusEntry!.reason,
          causedBy: bonusEntry!.caused_by, orderGid: null, orderName: null, refundGid: null, lines: [],
        },
      ],
      ledgerBefore: null,
      olderLedger: null,
      redemptions: [],
      adjustKey: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(orderEntry!.caused_by).toMatch(/^webhook:orders\/paid:/);
    expect(changes.length).toBe(1);
  });

  it("answers not found for another shop's member, an unknown one, or an id that is not one", async () => {
    const notFound = { error: "No member with this customer id in your store" };
    expect(await load(shopA.domain, `/app/members/${bob.customer.id}`, DETAIL)).toEqual({ status: 404, body: notFound });
    expect(await load(shopA.domain, "/app/members/999999999", DETAIL)).toEqual({ status: 404, body: notFound });
    expect(await load(shopA.domain, "/app/members/abc", DETAIL)).toEqual({ status: 404, body: notFound });
    expect(await load(shopA.domain, `/app/members/${encodeURIComponent(gidOf(a.ada))}`, DETAIL)).toEqual({ status: 404, body: notFound });
    expect(await load(shopA.domain, `/app/members/${a.ada.customer.id}?before=x`, DETAIL)).toEqual({
      status: 400, body: { error: "before must be the id of a ledger entry" },
    });
    const before = await ledgerRows(shopB.domain);
    expect(await act(shopA.domain, bob.customer.id, { intent: "adjust", points: "10", reason: "Mine now", idempotencyKey: "cross-shop-1" })).toEqual({
      status: 404, body: notFound,
    });
    expect(await act(shopA.domain, bob.customer.id, { intent: "override", tierId: String(tiersA.Gold), reason: "Mine now" })).toEqual({
      status: 404, body: notFound,
    });
    expect(await ledgerRows(shopB.domain)).toBe(before);
    expect((await detail(bob.customer.id, "", shopB.domain)).member.balance).toBe(110);
  });

  it("adjusts points: one ledger entry by the staff member, the same key again changes nothing", async () => {
    const form = { intent: "adjust", points: "+50", reason: "Goodwill for a late parcel", idempotencyKey: `adjust-ada-${provider}` };
    const first = await act(shopA.domain, a.ada.customer.id, form);
    expect(first).toEqual({ status: 200, body: { ok: true, intent: "adjust", balance: 252, entryId: expect.any(Number) } });
    const again = await act(shopA.domain, a.ada.customer.id, form);
    expect(again).toEqual(first);
    const entries = await sql.all<{ id: number; points: number; source: string; reason: string; caused_by: string; order_gid: string | null }>(
      `SELECT id, points, source, reason, caused_by, order_gid FROM ledger_entry WHERE shop = ? AND customer_gid = ? AND source = 'adjustment'`,
      [shopA.domain, gidOf(a.ada)],
    );
    expect(entries.map((e) => ({ ...e, id: Number(e.id), points: Number(e.points) }))).toEqual([
      { id: first.body.entryId, points: 50, source: "adjustment", reason: "Goodwill for a late parcel", caused_by: "staff:42", order_gid: null },
    ]);
    expect(Number((await memberRow(shopA.domain, a.ada))!.balance)).toBe(252);
    const page = await detail(a.ada.customer.id);
    expect(page.member.balance).toBe(252);
    expect(page.ledger[0]).toEqual({
      id: first.body.entryId, createdAt: expect.any(String), points: 50, source: "adjustment", reason: "Goodwill for a late parcel",
      causedBy: "staff:42", orderGid: null, orderName: null, refundGid: null, lines: [],
    });
    // Taking away: down to zero at most.
    expect(await act(shopA.domain, a.ada.customer.id, { intent: "adjust", points: "-52", reason: "Correction", idempotencyKey: `adjust-ada-2-${provider}` }))
      .toEqual({ status: 200, body: { ok: true, intent: "adjust", balance: 200, entryId: expect.any(Number) } });
    expect(await balanceMismatches(sql, shopA.domain)).toEqual([]);
  });

  it("refuses a bad adjustment field by field and writes nothing", async () => {
    const before = await ledgerRows(shopA.domain);
    const adjust = (form: Record<string, string>) =>
      act(shopA.domain, a.grace.customer.id, { intent: "adjust", points: "10", reason: "Because", idempotencyKey: `bad-${provider}-${Math.random()}`, ...form });
    expect(await adjust({ points: "ten", reason: " " })).toEqual({
      status: 400, body: { intent: "adjust", errors: { points: "Points must be a whole number", reason: "Reason is required" } },
    });
    expect(await adjust({ points: "0" })).toEqual({ status: 400, body: { intent: "adjust", errors: { points: "Points must not be zero" } } });
    expect(await adjust({ points: "2.5" })).toEqual({ status: 400, body: { intent: "adjust", errors: { points: "Points must be a whole number" } } });
    expect(await adjust({ points: "-131" })).toEqual({
      status: 400, body: { intent: "adjust", errors: { points: "The balance is 130 points: at most 130 can be taken away" } },
    });
    expect(await adjust({ idempotencyKey: "" })).toEqual({ status: 400, body: { intent: "adjust", errors: { idempotencyKey: "Idempotency key is required" } } });
    expect(await act(shopA.domain, a.grace.customer.id, { intent: "explode" })).toEqual({ status: 400, body: { error: "Unknown or incomplete action" } });
    expect(await act(shopA.domain, a.grace.customer.id, {})).toEqual({ status: 400, body: { error: "Unknown or incomplete action" } });
    expect(await ledgerRows(shopA.domain)).toBe(before);
    expect(Number((await memberRow(shopA.domain, a.grace))!.balance)).toBe(130);
  });

  it("puts a member on a tier by hand, until a date in the shop's time zone, and ends it", async () => {
    const set = (form: Record<string, string>) => act(shopA.domain, a.grace.customer.id, { intent: "override", ...form });
    expect(await set({ tierId: String(tiersA.Gold), reason: "Brand ambassador", until: "2099-12-31" })).toEqual({
      status: 200, body: { ok: true, intent: "override", ended: false },
    });
    // The end of 31 December 2099 in Berlin (UTC+1 in winter).
    expect(await memberRow(shopA.domain, a.grace)).toMatchObject({
      tier_id: tiersA.Gold, override_tier_id: tiersA.Gold, override_reason: "Brand ambassador", override_until: "2099-12-31T23:00:00.000Z",
      override_by: "staff:42",
    });
    const page = await detail(a.grace.customer.id);
    expect(page.member).toMatchObject({
      tier: { id: tiersA.Gold, name: "Gold" },
      override: { tier: { id: tiersA.Gold, name: "Gold" }, reason: "Brand ambassador", until: "2099-12-31T23:00:00.000Z", by: "staff:42" },
    });
    expect(page.tierHistory[0]).toMatchObject({
      from: { id: tiersA.Bronze, name: "Bronze" }, to: { id: tiersA.Gold, name: "Gold" }, reason: "override", causedBy: "staff:42",
    });
    expect((await list(`tier=${tiersA.Gold}`)).members.map((m) => m.email)).toEqual(["grace@example.com"]);

    expect(await set({ tierId: "" })).toEqual({ status: 200, body: { ok: true, intent: "override", ended: true } });
    expect(await memberRow(shopA.domain, a.grace)).toMatchObject({ tier_id: tiersA.Bronze });
    const after = await detail(a.grace.customer.id);
    expect(after.member.tier).toEqual({ id: tiersA.Bronze, name: "Bronze" });
    expect(after.tierHistory.map((c) => [c.from?.name ?? null, c.to?.name ?? null])).toEqual([["Gold", "Bronze"], ["Bronze", "Gold"], [null, "Bronze"]]);
  });

  it("refuses a bad override field by field and changes nothing", async () => {
    const before = await memberRow(shopA.domain, a.alan);
    const changes = async () => Number((await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM tier_change WHERE shop = ?`, [shopA.domain]))?.n);
    const count = await changes();
    const set = (form: Record<string, string>) => act(shopA.domain, a.alan.customer.id, { intent: "override", reason: "VIP", ...form });
    expect(await set({ tierId: "gold" })).toEqual({ status: 400, body: { intent: "override", errors: { tierId: "Choose a tier" } } });
    expect(await set({ tierId: String(tiersA.Gold), until: "31.12.2099" })).toEqual({
      status: 400, body: { intent: "override", errors: { until: "Enter a date like 2027-01-31" } },
    });
    expect(await set({ tierId: String(tiersA.Gold), until: "2099-02-30" })).toEqual({
      status: 400, body: { intent: "override", errors: { until: "Enter a date like 2027-01-31" } },
    });
    expect(await set({ tierId: String(tiersA.Gold), until: "2020-01-01" })).toEqual({
      status: 400, body: { intent: "override", errors: { until: "The end must be in the future" } },
    });
    expect(await set({ tierId: String(tiersA.Gold), reason: "" })).toEqual({
      status: 400, body: { intent: "override", errors: { reason: "Give a reason for the override" } },
    });
    const otherShopTier = await sql.get<{ id: number }>(`SELECT id FROM tier WHERE shop = ? ORDER BY threshold DESC LIMIT 1`, [shopB.domain]);
    expect(await set({ tierId: String(otherShopTier!.id) })).toEqual({
      status: 400, body: { intent: "override", errors: { tierId: "No tier with this id in your store" } },
    });
    expect(await memberRow(shopA.domain, a.alan)).toEqual(before);
    expect(await changes()).toBe(count);
  });

  it("pages through many members with keyset cursors", async () => {
    // 60 more members in the other shop, straight into the table: balances 1..60.
    for (let i = 1; i <= 60; i++) {
      await sql.run(
        `INSERT INTO member (shop, customer_gid, email, status, balance, spent_minor, joined_at) VALUES (?, ?, ?, 'active', ?, ?, ?)`,
        [shopB.domain, `gid://shopify/Customer/${9_000_000 + i}`, `bulk${i}@example.com`, i, i * 100, new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString()],
      );
    }
    const first = await list("sort=balance", shopB.domain);
    expect(first.members.length).toBe(50);
    expect(first.members.slice(0, 3).map((m) => [m.email, m.balance])).toEqual([["bob@example.com", 110], ["bulk60@example.com", 60], ["bulk59@example.com", 59]]);
    const twelfth = await sql.get<{ id: number }>(`SELECT id FROM member WHERE shop = ? AND email = ?`, [shopB.domain, "bulk12@example.com"]);
    expect([first.members[49]!.email, first.next]).toEqual(["bulk12@example.com", `12:${twelfth!.id}`]);
    const second = await list(`sort=balance&after=${encodeURIComponent(first.next!)}`, shopB.domain);
    expect(second.members.map((m) => m.balance)).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect([second.next, second.filters.after]).toEqual([null, first.next]);
    const joined = await list("", shopB.domain);
    const rest = await list(`after=${joined.next}`, shopB.domain);
    expect([joined.members.length, rest.members.length, rest.next]).toEqual([50, 11, null]);
    expect(new Set([...joined.members, ...rest.members].map((m) => m.customerId)).size).toBe(61);
  });

  it("renders the pages in the embedded admin, in English or in Finnish", async () => {
    const page = async (urlPath: string, query = "", init: RequestInit = {}) => {
      const url = `${embeddedAppUrl(app.url, shopA.domain, TEST_API_KEY, TEST_SECRET, urlPath)}${query}`;
      const res = await fetch(url, { ...init, headers: { "User-Agent": DESKTOP_UA, ...(init.headers ?? {}) }, redirect: "manual" });
      return { status: res.status, html: await res.text(), cookie: res.headers.get("Set-Cookie") };
    };
    const members = await page("/app/members");
    expect(members.status).toBe(200);
    expect(members.html).toContain("Ada Lovelace");
    expect(members.html).toContain('<html lang="en">');
    expect(members.cookie).toBeNull();
    const member = await page(`/app/members/${a.ada.customer.id}`);
    expect(member.status).toBe(200);
    expect(member.html).toContain("Linen shirt ×2: 90.00 EUR");
    expect(member.html).toContain("Points history");
    const missing = await page(`/app/members/${bob.customer.id}`);
    expect(missing.status).toBe(404);
    expect(missing.html).toContain("No member with this customer id in your store");
    const badFilter = await page("/app/members", "&sort=bogus");
    expect(badFilter.status).toBe(400);
    expect(badFilter.html).toContain("Bad filter: sort must be one of balance, spent, joined");

    const finnish = await page(`/app/members/${a.ada.customer.id}`, "&locale=fi-FI");
    expect(finnish.status).toBe(200);
    expect(finnish.html).toContain('<html lang="fi">');
    expect(finnish.html).toContain("Pistehistoria");
    expect(finnish.html).toContain("Linen shirt ×2: 90,00 EUR");
    expect(finnish.cookie).toMatch(/^kanta_admin_locale=fi; Path=\/; Max-Age=31536000; HttpOnly; SameSite=Lax$/);
    // Client-side navigations carry no query: the cookie keeps the language.
    const cookie = { Cookie: "kanta_admin_locale=fi" };
    expect(await load(shopA.domain, `/app/members/${bob.customer.id}`, DETAIL, cookie)).toEqual({
      status: 404, body: { error: "Kaupassasi ei ole jäsentä tällä asiakastunnisteella" },
    });
    expect(await load(shopA.domain, "/app/members?sort=x", LIST, cookie)).toEqual({
      status: 400, body: { error: "Virheellinen suodatin: järjestyksen on oltava jokin näistä: balance, spent, joined" },
    });
    expect((await load(shopA.domain, "/app/members?sort=x", LIST)).body).toEqual({ error: "Bad filter: sort must be one of balance, spent, joined" });
  });
});
