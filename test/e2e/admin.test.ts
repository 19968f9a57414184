// The merchant's admin in a real browser, through the local admin: the program overview, the
// members list with its search and tier filter, a member's detail traced to order lines, a manual
// adjustment that shows up as a new ledger line and balance, the admin in Finnish, and the tier
// editor's preview and save.
// Screenshots are kept in test-results/e2e/.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hydrated, launchBrowser, newPage, screenshot, startAdminShop, type AdminShop, type Browser } from "./harness";

describe("merchant admin in the browser (local admin, SQLite)", () => {
  let shop: AdminShop;
  let browser: Browser;
  let silver: { id: number; name: string };

  beforeAll(async () => {
    browser = await launchBrowser();
    shop = await startAdminShop({
      name: "e2e-admin",
      members: [
        {
          firstName: "Ada", lastName: "Lovelace", email: "ada@example.com",
          orders: [[{ title: "Linen shirt", unitPriceMinor: 4500, quantity: 2 }, { title: "Wool socks", unitPriceMinor: 1200 }]],
        },
        { firstName: "Grace", lastName: "Hopper", email: "grace@example.com", orders: [[{ title: "Notebook", unitPriceMinor: 3000 }]] },
        { firstName: "Alan", lastName: "Turing", email: "alan@example.com", orders: [[{ title: "Winter coat", unitPriceMinor: 60000 }]] },
      ],
    });
    // The default tiers were created at install; Alan's 600.00 USD puts him on the second one (Silver).
    const tiers = await shop.sql.all<{ id: number; name: string; threshold: number }>(
      `SELECT id, name, threshold FROM tier WHERE shop = ? AND archived_at IS NULL ORDER BY threshold`, [shop.shop.domain],
    );
    const alan = await shop.sql.get<{ tier_id: number | null }>(`SELECT tier_id FROM member WHERE shop = ? AND email = ?`, [shop.shop.domain, "alan@example.com"]);
    const held = tiers.find((t) => Number(t.id) === Number(alan?.tier_id));
    if (!held) throw new Error(`expected Alan on a tier; tiers: ${JSON.stringify(tiers)}, Alan's: ${alan?.tier_id}`);
    silver = { id: Number(held.id), name: held.name };
  });

  afterAll(async () => {
    await browser?.close();
    await shop?.stop();
  });

  const customerId = (email: string) => shop.members.find((m) => m.customer.email === email)!.customer.id;

  it("opens the program overview", async () => {
    const page = await newPage(browser);
    await page.goto(shop.localAdminUrl());
    await hydrated(page);
    await page.getByRole("heading", { name: "Loyalty program" }).waitFor();
    // Each member got the 100-point welcome bonus, then 102, 30 and 600 points for their orders;
    // the best rate is the default "5 USD off" reward: 500 points = 5.00 USD.
    const figure = (label: string) => page.getByRole("heading", { name: label, exact: true }).locator("xpath=following-sibling::p[1]");
    await expect.poll(() => figure("Members").innerText()).toBe("3");
    await expect.poll(() => figure("Points outstanding").innerText()).toBe("1,032");
    await expect.poll(() => figure("Value of outstanding points").innerText()).toBe("10.32 USD");
    await page.getByText("5.00 USD for every 500 points, from “5 USD off your order”.").waitFor();
    await screenshot(page, "overview");
    expect(page.errors).toEqual([]);
  });

  it("lists members, searches them and filters them by tier", async () => {
    const page = await newPage(browser);
    await page.goto(shop.localAdminUrl());
    await hydrated(page);
    await page.getByRole("heading", { name: "Loyalty program" }).waitFor();
    // Client-side navigation through the app's menu: the stand-in adds the session token.
    await page.locator("ui-nav-menu").getByRole("link", { name: "Members" }).click();
    await page.getByRole("heading", { name: "Members" }).waitFor();
    const rows = page.locator(".Polaris-IndexTable__TableRow");
    await expect.poll(() => rows.allInnerTexts()).toEqual([
      expect.stringContaining("Alan Turing"), expect.stringContaining("Grace Hopper"), expect.stringContaining("Ada Lovelace"),
    ]);
    await screenshot(page, "members");

    await page.getByLabel("Search", { exact: true }).fill("gra");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect.poll(() => rows.allInnerTexts()).toEqual([expect.stringContaining("grace@example.com")]);
    expect(new URL(page.url()).searchParams.get("q")).toBe("gra");

    await page.getByLabel("Search", { exact: true }).fill("");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect.poll(() => rows.count()).toBe(3);
    await page.getByLabel("Tier").selectOption(String(silver.id));
    await expect.poll(() => rows.allInnerTexts()).toEqual([expect.stringContaining("Alan Turing")]);
    await expect(rows.first().innerText()).resolves.toContain(silver.name);
    await screenshot(page, "members-tier-filter");

    await page.getByLabel("Tier").selectOption("");
    await expect.poll(() => rows.count()).toBe(3);
    await page.getByLabel("Sort by").selectOption("balance:asc");
    await expect.poll(() => rows.allInnerTexts()).toEqual([
      expect.stringContaining("Grace Hopper"), expect.stringContaining("Ada Lovelace"), expect.stringContaining("Alan Turing"),
    ]);
    expect(page.errors).toEqual([]);
  });

  it("shows a member's detail: balance, tier and the ledger traced to order lines", async () => {
    const page = await newPage(browser);
    await page.goto(shop.localAdminUrl({ path: "/app/members" }));
    await hydrated(page);
    await page.getByRole("link", { name: "Ada Lovelace" }).click();
    await page.getByRole("heading", { name: "Ada Lovelace" }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/app/members/${customerId("ada@example.com")}`);
    await page.getByText("Points balance").waitFor();
    const ledger = page.locator(".Polaris-IndexTable__TableRow");
    await expect.poll(() => ledger.count()).toBe(2);
    const [order, bonus] = await ledger.allInnerTexts();
    expect(order).toContain("+102");
    expect(order).toContain("Linen shirt ×2: 90.00 USD");
    expect(order).toContain("Wool socks ×1: 12.00 USD");
    expect(order).toMatch(/Order\s+#100\d/);
    expect(bonus).toContain("+100");
    expect(bonus).toContain("Bonus");
    await page.getByText("202", { exact: true }).waitFor();
    await page.getByText("102.00 USD", { exact: true }).waitFor();
    await screenshot(page, "member-detail");
    expect(page.errors).toEqual([]);
  });

  it("adjusts a member's points: a toast, a new ledger line and the new balance", async () => {
    const page = await newPage(browser);
    await page.goto(shop.localAdminUrl({ path: `/app/members/${customerId("grace@example.com")}` }));
    await hydrated(page);
    await page.getByRole("heading", { name: "Grace Hopper" }).waitFor();
    await page.getByLabel("Points", { exact: true }).fill("250");
    await page.getByLabel("Reason", { exact: true }).first().fill("Goodwill for a late parcel");
    await page.getByRole("button", { name: "Adjust points" }).click();
    await page.getByRole("status").getByText("Points adjusted: balance now 380").waitFor();
    const ledger = page.locator(".Polaris-IndexTable__TableRow");
    await expect.poll(() => ledger.count()).toBe(3);
    const newest = await ledger.first().innerText();
    expect(newest).toContain("+250");
    expect(newest).toContain("Adjustment");
    expect(newest).toContain("Goodwill for a late parcel");
    expect(newest).toContain("Staff member 1");
    await page.getByText("380", { exact: true }).waitFor();
    await screenshot(page, "member-adjusted");

    const rows = await shop.sql.all<{ points: number; source: string; reason: string; caused_by: string }>(
      `SELECT points, source, reason, caused_by FROM ledger_entry WHERE shop = ? AND customer_gid = ? ORDER BY id`,
      [shop.shop.domain, `gid://shopify/Customer/${customerId("grace@example.com")}`],
    );
    expect(rows.map((r) => [Number(r.points), r.source, r.reason, r.caused_by])).toEqual([
      [100, "bonus", expect.anything(), expect.stringMatching(/^webhook:customers\/create/)],
      [30, "order", expect.anything(), expect.stringMatching(/^webhook:orders\/paid/)],
      [250, "adjustment", "Goodwill for a late parcel", "staff:1"],
    ]);
    const member = await shop.sql.get<{ balance: number }>(`SELECT balance FROM member WHERE shop = ? AND customer_gid = ?`, [
      shop.shop.domain, `gid://shopify/Customer/${customerId("grace@example.com")}`,
    ]);
    expect(Number(member?.balance)).toBe(380);

    // Bad input: the field says why and nothing is written.
    await page.getByLabel("Points", { exact: true }).fill("-5000");
    await page.getByLabel("Reason", { exact: true }).first().fill("Too much");
    await page.getByRole("button", { name: "Adjust points" }).click();
    await page.getByText("The balance is 380 points: at most 380 can be taken away").waitFor();
    await expect.poll(() => ledger.count()).toBe(3);
    expect(page.errors).toEqual([]);
  });

  it("speaks Finnish when Shopify's admin asks for it, also after client-side navigation", async () => {
    const page = await newPage(browser);
    await page.goto(shop.localAdminUrl({ locale: "fi-FI" }));
    await hydrated(page);
    await page.getByRole("heading", { name: "Kanta-asiakasohjelma" }).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("fi");
    await page.locator("ui-nav-menu").getByRole("link", { name: "Jäsenet" }).click();
    await page.getByRole("heading", { name: "Jäsenet" }).waitFor();
    await page.getByRole("columnheader", { name: "Ostot yhteensä" }).waitFor();
    await screenshot(page, "members-fi");
    await page.locator("ui-nav-menu").getByRole("link", { name: "Palkinnot" }).click();
    await page.getByRole("heading", { name: "Palkinnot" }).waitFor();
    await page.getByRole("cell", { name: "1\u00a0000 pistettä" }).waitFor();
    await page.getByRole("link", { name: "Lisää palkinto" }).waitFor();
    await screenshot(page, "rewards-fi");
    expect(page.errors).toEqual([]);
  });

  it("reloads a page of the app: the stand-in fetches a fresh session token and the page comes back", async () => {
    const page = await newPage(browser);
    // (The Finnish test above left its language in the cookie: Shopify's parameter wins.)
    await page.goto(shop.localAdminUrl({ locale: "en" }));
    await hydrated(page);
    await page.getByRole("heading", { name: "Loyalty program" }).waitFor();
    await page.locator("ui-nav-menu").getByRole("link", { name: "Members" }).click();
    await page.getByRole("heading", { name: "Members" }).waitFor();
    // The address keeps Shopify's parameters, without the (short-lived) token (the router may
    // update the address just after the new page has rendered).
    await page.waitForURL((u) => u.pathname === "/app/members", { timeout: 10_000 });
    const kept = new URL(page.url());
    expect([kept.pathname, kept.searchParams.get("shop"), kept.searchParams.has("id_token")]).toEqual(["/app/members", shop.shop.domain, false]);
    await page.reload();
    await page.getByRole("heading", { name: "Members" }).waitFor();
    await hydrated(page);
    const reloaded = new URL(page.url());
    expect([reloaded.pathname, reloaded.searchParams.get("shop"), reloaded.searchParams.has("id_token")]).toEqual(["/app/members", shop.shop.domain, true]);
    await expect.poll(() => page.locator(".Polaris-IndexTable__TableRow").count()).toBe(3);
    expect(page.errors).toEqual([]);
  });

  it("edits a tier and sees the preview: who would move, then saves and every member is placed again", async () => {
    const page = await newPage(browser);
    await page.goto(shop.localAdminUrl({ locale: "en" }));
    await hydrated(page);
    await page.getByRole("heading", { name: "Loyalty program" }).waitFor();
    await page.locator("ui-nav-menu").getByRole("link", { name: "VIP tiers" }).click();
    await page.getByRole("heading", { name: "VIP tiers" }).waitFor();
    // Bronze, Silver (from 500.00 USD) and Gold, lowest first; Alan (600.00) is the only Silver member.
    const threshold = page.getByLabel("Threshold", { exact: true });
    await expect.poll(() => threshold.count()).toBe(3);
    expect(await threshold.nth(1).inputValue()).toBe("500.00");
    await page.getByText("1 member now").waitFor();

    // Silver from 100.00 USD: Ada (102.00) would move up; Grace (30.00) and Alan stay.
    await threshold.nth(1).fill("100");
    await page.getByRole("button", { name: "Preview", exact: true }).first().click();
    const figure = (label: string) => page.getByRole("heading", { name: label, exact: true }).locator("xpath=following-sibling::p[1]");
    await expect.poll(() => figure("Move up").innerText()).toBe("1");
    expect(await figure("Move down").innerText()).toBe("0");
    expect(await figure("Stay").innerText()).toBe("2");
    await page.getByText("If you save, of 3 members:").waitFor();
    const perTier = page.locator(".Polaris-DataTable tbody tr");
    await expect.poll(() => perTier.allInnerTexts()).toEqual([
      expect.stringMatching(/^Bronze\s+1$/), expect.stringMatching(/^Silver\s+2$/), expect.stringMatching(/^Gold\s+0$/),
    ]);
    // Nothing is written by a preview.
    const silverThreshold = async () =>
      Number((await shop.sql.get<{ threshold: number }>(`SELECT threshold FROM tier WHERE shop = ? AND id = ?`, [shop.shop.domain, silver.id]))?.threshold);
    expect(await silverThreshold()).toBe(50000);
    await screenshot(page, "tiers-preview");

    await page.getByRole("button", { name: "Save", exact: true }).first().click();
    await page.getByRole("status").getByText("Tiers saved: 1 moved up, 0 moved down").waitFor();
    await page.getByText("2 members now").waitFor();
    expect(await threshold.nth(1).inputValue()).toBe("100.00");
    await screenshot(page, "tiers-saved");

    expect(await silverThreshold()).toBe(10000);
    const ada = await shop.sql.get<{ tier_id: number }>(`SELECT tier_id FROM member WHERE shop = ? AND email = ?`, [shop.shop.domain, "ada@example.com"]);
    expect(Number(ada?.tier_id)).toBe(silver.id);
    const change = await shop.sql.get<{ to_tier_id: number; reason: string; caused_by: string }>(
      `SELECT to_tier_id, reason, caused_by FROM tier_change WHERE shop = ? AND customer_gid = ? ORDER BY id DESC LIMIT 1`,
      [shop.shop.domain, `gid://shopify/Customer/${customerId("ada@example.com")}`],
    );
    expect([Number(change?.to_tier_id), change?.reason, change?.caused_by]).toEqual([silver.id, "recalculation", "staff:1"]);
    expect(page.errors).toEqual([]);
  });
});
