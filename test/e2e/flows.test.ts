// The flows admin in a real browser, through the local admin: the flows list from the app's menu,
// turning a flow on, editing a step of the abandoned-checkout flow and previewing the mail in
// English and Finnish before saving, then saving it.
// Screenshots are kept in test-results/e2e/.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hydrated, launchBrowser, newPage, screenshot, startAdminShop, type AdminShop, type Browser } from "./harness";

describe("flows admin in the browser (local admin, SQLite)", () => {
  let shop: AdminShop;
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
    shop = await startAdminShop({
      name: "e2e-flows",
      currency: "EUR",
      members: [{ firstName: "Ada", lastName: "Lovelace", email: "ada@example.com", orders: [[{ title: "Linen shirt", unitPriceMinor: 4500 }]] }],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await shop?.stop();
  });

  const flowEnabled = async (kind: string) =>
    Boolean((await shop.sql.get<{ enabled: boolean | number }>(`SELECT enabled FROM flow WHERE shop = ? AND kind = ?`, [shop.shop.domain, kind]))?.enabled);

  it("opens Flows from the menu and turns a flow on", async () => {
    const page = await newPage(browser);
    await page.goto(shop.localAdminUrl({ locale: "en" }));
    await hydrated(page);
    await page.getByRole("heading", { name: "Loyalty program" }).waitFor();
    await page.locator("ui-nav-menu").getByRole("link", { name: "Flows" }).click();
    await page.getByRole("heading", { name: "Flows", exact: true }).waitFor();
    const rows = page.locator(".Polaris-IndexTable__TableRow");
    await expect.poll(() => rows.count()).toBe(6);
    expect(await rows.nth(0).innerText()).toContain("Abandoned checkout recovery");
    const welcome = rows.nth(4);
    expect(await welcome.innerText()).toContain("Welcome");
    expect(await welcome.locator(".Polaris-Badge").innerText()).toBe("Off");
    await page.getByText("Turn off Shopify's own abandoned checkout email").waitFor();
    await page.getByText("No flow mail sent yet").waitFor();
    expect(await flowEnabled("welcome")).toBe(false);

    await page.getByRole("button", { name: "Turn on Welcome" }).click();
    await page.getByRole("status").getByText("Welcome turned on").waitFor();
    // (A badge's tone is read out before its text.)
    await expect.poll(() => welcome.locator(".Polaris-Badge").innerText()).toMatch(/(^|\n)On$/);
    expect(await flowEnabled("welcome")).toBe(true);
    await screenshot(page, "flows");
    expect(page.errors).toEqual([]);
  });

  it("edits a step, previews the mail in English and Finnish, and saves", async () => {
    const page = await newPage(browser);
    await page.goto(shop.localAdminUrl({ locale: "en", path: "/app/flows" }));
    await hydrated(page);
    await page.getByRole("link", { name: "Abandoned checkout recovery" }).click();
    await page.getByRole("heading", { name: "Abandoned checkout recovery" }).waitFor();
    await hydrated(page);

    const preview = page.getByTestId("mail-preview");
    const subject = preview.getByTestId("preview-subject");
    await subject.getByText("Your cart at Kanta Demo Store is waiting for you", { exact: true }).waitFor();
    const frame = page.frameLocator('iframe[title="Mail 1 in English"]');
    await frame.getByText("Merino wool beanie").waitFor();

    // The second mail: 12.5 % instead of 10 %, previewed before saving.
    await page.getByLabel("Percentage off", { exact: true }).fill("12.5");
    await preview.getByText("You have changed the flow since this preview").waitFor();
    await preview.getByRole("button", { name: "Preview my changes" }).click();
    await preview.getByLabel("Mail", { exact: true }).selectOption("1");
    await subject.getByText("12.5% off for your cart at Kanta Demo Store", { exact: true }).waitFor();
    await page.frameLocator('iframe[title="Mail 2 in English"]').getByText("SAMPLE-4XM9").first().waitFor();
    await screenshot(page, "flow-editor-preview");

    await preview.getByRole("tab", { name: "Finnish" }).click();
    await subject.getByText("12,5 %:n alennus ostoskoriisi – Kanta Demo Store", { exact: true }).waitFor();
    await page.frameLocator('iframe[title="Mail 2 in Finnish"]').getByText("Merinovillapipo").waitFor();
    await screenshot(page, "flow-editor-preview-fi");

    // Nothing was saved by the preview; Save writes it.
    const stepTwo = async () => {
      const row = await shop.sql.get<{ steps_json: string }>(`SELECT steps_json FROM flow WHERE shop = ? AND kind = 'abandoned_checkout'`, [shop.shop.domain]);
      return JSON.parse(row!.steps_json)[1].incentive.percentBps as number;
    };
    expect(await stepTwo()).toBe(1000);
    await page.getByRole("button", { name: "Save", exact: true }).first().click();
    await page.getByRole("status").getByText("Abandoned checkout recovery saved").waitFor();
    await expect.poll(stepTwo).toBe(1250);
    await page.getByText("Mail 2: after 1 day — 12.5 % off").waitFor();

    // A bad value: the field says why and nothing is written.
    await page.getByLabel("Percentage off", { exact: true }).fill("0");
    await page.getByRole("button", { name: "Save", exact: true }).first().click();
    await page.getByText("Enter a percentage above 0 and at most 100, with up to two decimals").waitFor();
    expect(await stepTwo()).toBe(1250);
    expect(page.errors).toEqual([]);
  });
});
