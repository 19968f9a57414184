// The storefront rewards widget in a real browser, on the local storefront preview: the theme app
// extension's real Liquid, its built assets, and /apps/kanta/* signed as Shopify's App Proxy signs
// it. Logged out (how to earn, tiers, join), logged in (balance and tier), the launcher's dialog by
// keyboard (focus kept inside, Escape returns focus), a redemption with its code copied to the
// clipboard and the apply link, Finnish, and the "Earn points" block at the shopper's tier.
// Screenshots are kept in test-results/e2e/.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, newPage, screenshot, startAdminShop, type AdminShop, type Browser } from "./harness";

describe("storefront rewards widget in the browser (local storefront preview, SQLite)", () => {
  let shop: AdminShop;
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
    shop = await startAdminShop({
      name: "e2e-storefront",
      currency: "EUR",
      members: [
        // 100 welcome points + 600 for 600.00 EUR: 700 points, Silver (from 500.00 EUR, 1.25×).
        { firstName: "Ada", lastName: "Lovelace", email: "ada@example.com", orders: [[{ title: "Winter coat", unitPriceMinor: 60000 }]] },
        // 100 + 30: 130 points, Bronze.
        { firstName: "Grace", lastName: "Hopper", email: "grace@example.com", orders: [[{ title: "Notebook", unitPriceMinor: 3000 }]] },
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await shop?.stop();
  });

  const customerId = (email: string) => shop.members.find((m) => m.customer.email === email)!.customer.id;
  const storefront = (query: Record<string, string>) =>
    `${shop.app.url}/local-storefront?${new URLSearchParams({ shop: shop.shop.domain, locale: "en", page: "home", ...query })}`;
  const texts = (page: Awaited<ReturnType<typeof newPage>>, selector: string) =>
    page.locator(selector).evaluateAll((nodes) => nodes.map((n) => (n as HTMLElement).innerText.replace(/\s+/g, " ").trim()));

  it("shows a logged-out shopper how to earn, the tiers, and how to join", async () => {
    const page = await newPage(browser);
    await page.goto(storefront({ customer: "" }));
    const inline = page.locator("kanta-rewards .kanta-panel");
    await inline.waitFor();
    expect(await texts(page, 'kanta-rewards [data-kanta="how-to-earn"] li')).toEqual(["1 point for every 1 EUR you spend", "Welcome bonus +100 points"]);
    expect(await texts(page, 'kanta-rewards [data-kanta="tiers"] li')).toEqual([
      "Bronze When you join",
      "Silver From 500.00 EUR spent · 1.25× points",
      "Gold From 1,500.00 EUR spent · 1.5× points",
    ]);
    const join = inline.locator('a[data-kanta="join"]');
    expect([await join.innerText(), await join.getAttribute("href")]).toEqual(["Join now", "/account/register"]);
    expect(await inline.locator('a[data-kanta="sign-in"]').getAttribute("href")).toBe("/account/login");
    expect(await page.locator('[data-kanta="launcher-points"]').count()).toBe(0);
    await screenshot(page, "storefront-logged-out");
    expect(page.errors).toEqual([]);
  });

  it("shows a logged-in member's balance and tier", async () => {
    const page = await newPage(browser);
    await page.goto(storefront({ customer: customerId("ada@example.com") }));
    await page.locator('kanta-rewards [data-kanta="balance"]').waitFor();
    expect(await page.locator('[data-kanta="launcher-points"]').innerText()).toBe("700");
    expect(await page.locator('kanta-rewards [data-kanta="balance"]').innerText()).toBe("700");
    expect(await page.locator('kanta-rewards [data-kanta="tier"]').innerText()).toBe("Silver");
    // The live data (kanta-panel.js, /apps/kanta/me) agrees with the first paint and adds the progress:
    // 600.00 EUR spent of Gold's 1,500.00 EUR.
    await expect.poll(() => page.locator('kanta-rewards [data-kanta="progress"]').innerText()).toBe("€900.00 more to reach Gold");
    await screenshot(page, "storefront-logged-in");
    expect(page.errors).toEqual([]);
  });

  it("opens the panel with the keyboard, keeps focus inside, and Escape returns focus to the launcher", async () => {
    const page = await newPage(browser);
    await page.goto(storefront({ customer: customerId("ada@example.com"), blocks: "0" }));
    const button = page.locator(".kanta-launcher__button");
    await button.waitFor();
    const onLauncher = () => page.evaluate(() => document.activeElement?.classList.contains("kanta-launcher__button") ?? false);
    let presses = 0;
    while (!(await onLauncher()) && presses < 60) {
      await page.keyboard.press("Tab");
      presses++;
    }
    expect(await onLauncher()).toBe(true);
    expect(await button.getAttribute("aria-expanded")).toBe("false");

    await page.keyboard.press("Enter");
    const dialog = page.locator('kanta-launcher .kanta-panel[role="dialog"]');
    await dialog.waitFor({ state: "visible" });
    expect(await button.getAttribute("aria-expanded")).toBe("true");
    expect(await dialog.getAttribute("aria-modal")).toBe("true");
    const focusInside = () => page.evaluate(() => !!document.activeElement?.closest('kanta-launcher .kanta-panel[role="dialog"]'));
    expect(await focusInside()).toBe(true);
    const first = await page.evaluate(() => document.activeElement?.outerHTML);
    // Tab through every focusable element and around again: focus never leaves the dialog.
    const seen = new Set<string>();
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press("Tab");
      expect(await focusInside()).toBe(true);
      const current = await page.evaluate(() => document.activeElement?.outerHTML ?? "");
      if (current === first && i > 0) break;
      seen.add(current);
    }
    expect(await page.evaluate(() => document.activeElement?.outerHTML)).toBe(first);
    expect(seen.size).toBeGreaterThan(1);
    await page.keyboard.press("Shift+Tab");
    expect(await focusInside()).toBe(true);
    await screenshot(page, "storefront-panel-open");

    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    expect(await onLauncher()).toBe(true);
    expect(await button.getAttribute("aria-expanded")).toBe("false");
    expect(page.errors).toEqual([]);
  });

  it("redeems a reward in one click, copies the code and links it to the cart", async () => {
    await browser.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: shop.app.url });
    const ada = customerId("ada@example.com");
    const reward = await shop.sql.get<{ id: number; name: string; points_cost: number }>(
      `SELECT id, name, points_cost FROM reward WHERE shop = ? AND enabled = ? AND kind = 'amount_off' ORDER BY points_cost, id LIMIT 1`,
      [shop.shop.domain, true],
    );
    expect(reward).toBeTruthy();
    const page = await newPage(browser);
    await page.goto(storefront({ customer: ada, blocks: "0" }));
    await page.locator(".kanta-launcher__button").click();
    const dialog = page.locator('kanta-launcher .kanta-panel[role="dialog"]');
    const item = dialog.locator(`[data-kanta="reward"][data-reward-id="${reward!.id}"]`);
    const redeem = item.locator('button[data-kanta="redeem"]');
    await expect.poll(() => redeem.isEnabled()).toBe(true);
    await redeem.click();
    const code = item.locator('[data-kanta="code"]');
    await code.waitFor();

    const row = await shop.sql.get<{ code: string; points: number }>(
      `SELECT code, points FROM redemption WHERE shop = ? AND buyer_gid = ? ORDER BY id DESC LIMIT 1`,
      [shop.shop.domain, `gid://shopify/Customer/${ada}`],
    );
    expect([await code.innerText(), Number(row!.points)]).toEqual([row!.code, Number(reward!.points_cost)]);
    await expect.poll(() => dialog.locator('[data-kanta="balance"]').innerText()).toBe(String(700 - Number(reward!.points_cost)));
    expect(await page.locator('[data-kanta="launcher-points"]').innerText()).toBe(String(700 - Number(reward!.points_cost)));

    await item.locator('button[data-kanta="copy"]').click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(row!.code);
    const apply = item.locator('a[data-kanta="apply"]');
    expect(await apply.getAttribute("href")).toBe(`/discount/${encodeURIComponent(row!.code)}`);
    await screenshot(page, "storefront-redeemed");

    await apply.click();
    await page.getByRole("heading", { name: `Discount ${row!.code} will be applied at checkout` }).waitFor();
    expect(page.errors).toEqual([]);
  });

  it("speaks Finnish", async () => {
    const page = await newPage(browser);
    await page.goto(storefront({ customer: customerId("grace@example.com"), locale: "fi" }));
    await page.locator('kanta-rewards [data-kanta="balance"]').waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("fi");
    expect(await page.locator(".kanta-launcher__label").innerText()).toBe("Palkinnot");
    expect(await page.locator('kanta-rewards [data-kanta="tier"]').innerText()).toBe("Bronze");
    expect(await texts(page, "kanta-rewards .kanta-summary__label")).toEqual(["Pisteesi", "Tasosi"]);
    expect(await texts(page, 'kanta-rewards [data-kanta="how-to-earn"] li')).toEqual(["1 piste jokaista käyttämääsi 1 EUR kohden", "Welcome bonus +100 pistettä"]);
    await expect.poll(() => page.locator('kanta-rewards [data-kanta="progress"]').innerText()).toBe("Vielä 470,00\u00a0€ tasoon Silver");
    await screenshot(page, "storefront-fi");
    expect(page.errors).toEqual([]);
  });

  it("shows the points a product earns at the shopper's tier", async () => {
    const page = await newPage(browser);
    // 45.00 EUR: Silver earns 1.25× (56), Bronze and a logged-out shopper the base rate (45).
    for (const [customer, expected] of [
      [customerId("ada@example.com"), "Earn 56 points"],
      [customerId("grace@example.com"), "Earn 45 points"],
      ["", "Earn 45 points"],
    ] as const) {
      await page.goto(storefront({ customer, page: "product" }));
      expect([customer, await page.locator('kanta-earn [data-kanta="earn-points"]').innerText()]).toEqual([customer, expected]);
      expect(await page.locator('[data-kanta="earn-estimate"]').count()).toBe(0);
    }
    await page.goto(storefront({ customer: customerId("ada@example.com"), page: "product", locale: "fi" }));
    expect(await page.locator('kanta-earn [data-kanta="earn-points"]').innerText()).toBe("Ansaitse 56 pistettä");
    await screenshot(page, "storefront-product-earn");
    expect(page.errors).toEqual([]);
  });
});
