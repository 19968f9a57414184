// The theme app extension's first paint: each block rendered by the storefront preview's LiquidJS
// renderer (as Shopify renders it) with a logged-out and a logged-in shopper, exact texts of the
// elements the widget's scripts and the browser tests use.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { ProgramMetafield } from "../../../app/proxy/schema";
import { createRenderer, splitLiquidFile, type BlockSchema } from "../../../app/storefront-preview/liquid.server";

const EXTENSION = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../extensions/kanta-rewards");

function renderBlock(block: string, globals: ReturnType<typeof storefront>): Promise<string> {
  const locale = globals.request.locale.iso_code;
  return createRenderer(EXTENSION, locale).renderBlock(block, globals, `b-${block}`).then((r) => r.html);
}

function blockSchema(block: string): BlockSchema | null {
  return splitLiquidFile(fs.readFileSync(path.join(EXTENSION, "blocks", `${block}.liquid`), "utf8"), block).schema;
}

const NBSP = "\u00a0";

const PROGRAM: ProgramMetafield = {
  version: 2,
  currency: "EUR",
  earn: { points: 1, perAmount: "1", currency: "EUR" },
  description: "Earn 1 point for every 1 EUR you spend.",
  rewards: [
    { id: "1", name: "5.00 EUR off", kind: "amount_off", pointsCost: 500 },
    { id: "2", name: "Points to euros", kind: "variable", pointsCost: 100 },
    { id: "3", name: "15% off", kind: "percent_off", pointsCost: 2000 },
  ],
  tierBasis: "spend",
  tiers: [
    { id: "1", name: "Bronze", threshold: "0.00", thresholdValue: 0, multiplierBps: 10_000, freeShipping: false },
    { id: "2", name: "Silver", threshold: "500.00", thresholdValue: 50_000, multiplierBps: 12_500, freeShipping: false },
    { id: "3", name: "Gold", threshold: "1500.00", thresholdValue: 150_000, multiplierBps: 15_000, freeShipping: true },
  ],
  actions: [
    { kind: "welcome", name: "Join the program", points: 100 },
    { kind: "birthday", name: "Birthday bonus", points: 200 },
    { kind: "referral", name: "Refer a friend", points: 1 },
  ],
};

type Shopper = { points: number | null; tier: string | null } | null;

function storefront(opts: { locale?: string; shopper?: Shopper; program?: ProgramMetafield | null; presentment?: string; price?: number; root?: string } = {}) {
  const program = opts.program === undefined ? PROGRAM : opts.program;
  const shopper = opts.shopper ?? null;
  const root = opts.root ?? "/";
  return {
    shop: { name: "Kanta Demo", currency: "EUR", metafields: { kanta: program ? { program: { value: program } } : {} } },
    customer: shopper && {
      id: 1001,
      first_name: "Aino",
      metafields: {
        kanta: {
          ...(shopper.points === null ? {} : { points: { value: shopper.points } }),
          ...(shopper.tier === null ? {} : { tier: { value: shopper.tier } }),
        },
      },
    },
    request: { locale: { iso_code: opts.locale ?? "en" }, design_mode: false },
    routes: { root_url: root, account_login_url: `${root.replace(/\/$/, "")}/account/login`, account_register_url: `${root.replace(/\/$/, "")}/account/register` },
    cart: { currency: { iso_code: opts.presentment ?? "EUR" } },
    product: { id: 7, title: "Linen shirt", selected_or_first_available_variant: { id: 70, price: opts.price ?? 4599 } },
  };
}

const SILVER: Shopper = { points: 1250, tier: "Silver" };

/** The start tags carrying data-kanta="name", with the element's text (tags dropped, spaces collapsed). */
function elements(html: string, name: string): Array<{ tag: string; text: string }> {
  const out: Array<{ tag: string; text: string }> = [];
  const start = new RegExp(`<([a-z][a-z0-9-]*)\\b[^>]*\\bdata-kanta="${name}"[^>]*>`, "g");
  for (const m of html.matchAll(start)) {
    const tagName = m[1]!;
    let depth = 1;
    let at = m.index! + m[0].length;
    const inner = new RegExp(`<(/?)${tagName}\\b[^>]*>`, "g");
    inner.lastIndex = at;
    let end = html.length;
    if (["input", "img", "br"].includes(tagName)) end = at;
    else {
      for (let n = inner.exec(html); n; n = inner.exec(html)) {
        depth += n[1] ? -1 : 1;
        if (depth === 0) {
          end = n.index;
          break;
        }
      }
    }
    const text = html.slice(at, end).replace(/<[^>]*>/g, " ").replace(/[ \t\r\n]+/g, " ").trim();
    at = end;
    out.push({ tag: m[0], text });
  }
  return out;
}

function text(html: string, name: string): string {
  const found = elements(html, name);
  expect(found, `exactly one [data-kanta="${name}"]`).toHaveLength(1);
  return found[0]!.text;
}

const attr = (tag: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1] ?? null;

describe("app embed: Rewards launcher", () => {
  it("logged out (en): the button, a hidden dialog with how to earn, the tiers, rewards and join / sign in", async () => {
    const html = await renderBlock("launcher", storefront());
    const button = /<button[^>]*class="kanta-launcher__button"[^>]*>/.exec(html)![0];
    expect(attr(button, "aria-haspopup")).toBe("dialog");
    expect(attr(button, "aria-expanded")).toBe("false");
    expect(attr(button, "aria-controls")).toBe("kanta-panel-b-launcher");
    expect(html).toContain('<span class="kanta-launcher__label">Rewards</span>');
    expect(elements(html, "launcher-points")).toEqual([]);
    expect(html).toContain('data-panel-src="/local-storefront/assets/kanta-panel.js"');
    const panel = /<div\s+class="kanta-panel kanta-panel--dialog"[^>]*>/.exec(html)![0];
    expect(panel).toMatch(/id="kanta-panel-b-launcher"/);
    expect(panel).toMatch(/role="dialog" aria-modal="true" tabindex="-1" hidden/);
    expect(attr(panel, "aria-labelledby")).toBe("kanta-title-b-launcher");
    expect(attr(panel, "data-proxy")).toBe("/apps/kanta");
    expect(attr(panel, "data-locale")).toBe("en");
    expect(panel).not.toMatch(/data-customer/);
    expect(html).toContain('<h2 class="kanta-panel__title" id="kanta-title-b-launcher">Rewards</h2>');
    expect(attr(elements(html, "close")[0]!.tag, "aria-label")).toBe("Close rewards");
    expect(text(html, "join")).toBe("Join now");
    expect(attr(elements(html, "join")[0]!.tag, "href")).toBe("/account/register");
    expect(text(html, "sign-in")).toBe("Sign in");
    expect(attr(elements(html, "sign-in")[0]!.tag, "href")).toBe("/account/login");
    expect(text(html, "how-to-earn")).toBe(
      "How to earn 1 point for every 1 EUR you spend Join the program +100 points Birthday bonus +200 points Refer a friend +1 point",
    );
    expect(text(html, "tiers")).toBe(
      "Tiers Bronze When you join Silver From 500.00 EUR spent · 1.25× points Gold From 1,500.00 EUR spent · 1.5× points · Free shipping",
    );
    expect(elements(html, "reward").map((r) => [attr(r.tag, "data-reward-id"), r.text])).toEqual([
      ["1", "5.00 EUR off 500 points"],
      ["2", "Points to euros 100 points"],
      ["3", "15% off 2,000 points"],
    ]);
    expect(elements(html, "redeem")).toEqual([]);
    expect(elements(html, "balance")).toEqual([]);
    expect(elements(html, "history")).toEqual([]);
    expect(elements(html, "birthday-form")).toEqual([]);
    // The referred friend's offer, shown by the panel script when the visitor came with kanta_ref.
    expect(elements(html, "referral-claim")[0]!.tag).toMatch(/hidden/);
    expect(attr(elements(html, "error")[0]!.tag, "role")).toBe("alert");
  });

  it("logged in (fi): points on the button, balance, tier, the next tier, affordable rewards, history, referral, birthday", async () => {
    const html = await renderBlock("launcher", storefront({ locale: "fi", shopper: SILVER }));
    expect(html).toContain('<span class="kanta-launcher__label">Palkinnot</span>');
    expect(text(html, "launcher-points")).toBe(`1${NBSP}250`);
    expect(html).toContain('<span class="kanta-visually-hidden">pistettä</span>');
    expect(/<div\s+class="kanta-panel kanta-panel--dialog"[^>]*>/.exec(html)![0]).toMatch(/data-customer/);
    expect(text(html, "balance")).toBe(`1${NBSP}250`);
    expect(text(html, "tier")).toBe("Silver");
    expect(text(html, "progress")).toBe("Seuraava taso: Gold");
    expect(elements(html, "reward").map((r) => r.text)).toEqual([
      "5.00 EUR off 500 pistettä Lunasta",
      "Points to euros 100 pistettä Lunasta",
      `15% off 2${NBSP}000 pistettä Lunasta`,
    ]);
    expect(elements(html, "redeem").map((b) => /\bdisabled\b/.test(b.tag))).toEqual([false, false, true]);
    expect(elements(html, "amount").map((a) => [attr(a.tag, "min"), attr(a.tag, "step"), attr(a.tag, "value")])).toEqual([["100", "100", "100"]]);
    expect(text(html, "history")).toBe("Ladataan…");
    expect(attr(elements(html, "referral-link")[0]!.tag, "value")).toBe("");
    expect(text(html, "birthday-form")).toBe("Tallenna");
    expect(text(html, "tiers")).toBe(
      `Tasot Bronze Liittyessäsi Silver Ostoksia vähintään 500,00 EUR · 1,25× pisteet Gold Ostoksia vähintään 1${NBSP}500,00 EUR · 1,5× pisteet · Ilmainen toimitus`,
    );
    expect(html).toMatch(/class="kanta-list__item kanta-tier kanta-tier--current"\s+aria-current="true"/);
    expect(elements(html, "join")).toEqual([]);
    expect(elements(html, "sign-in")).toEqual([]);
    // Texts the scripts use, from the locale file.
    expect(html).toContain('data-t-points-other="{points} pistettä"');
    expect(html).toContain('data-t-progress="Vielä {amount} tasoon {tier}"');
  });

  it("a new member: 0 points, no tier yet, the first tier above zero is next; the top tier says so", async () => {
    const fresh = await renderBlock("launcher", storefront({ shopper: { points: null, tier: null } }));
    expect(text(fresh, "launcher-points")).toBe("0");
    expect(text(fresh, "balance")).toBe("0");
    expect(text(fresh, "tier")).toBe("");
    expect(text(fresh, "progress")).toBe("Next tier: Silver");
    expect(elements(fresh, "redeem").every((b) => /\bdisabled\b/.test(b.tag))).toBe(true);
    const gold = await renderBlock("launcher", storefront({ shopper: { points: 1_234_567, tier: "Gold" } }));
    expect(text(gold, "balance")).toBe("1,234,567");
    expect(text(gold, "progress")).toBe("You’re at the top tier.");
  });

  it("default settings: the label in the shopper's language, bottom right, the default colours", async () => {
    const html = await renderBlock("launcher", storefront({ locale: "fi" }));
    expect(html).toContain('<span class="kanta-launcher__label">Palkinnot</span>');
    expect(html).toContain('class="kanta-launcher kanta-launcher--bottom-right"');
    expect(html).toContain('style="--kanta-accent: #1f4d3a; --kanta-on-accent: #ffffff;"');
  });

  it("a localized root: the App Proxy path follows it", async () => {
    const html = await renderBlock("launcher", storefront({ locale: "fi", root: "/fi" }));
    expect(html).toContain('data-proxy="/fi/apps/kanta"');
    expect(attr(elements(html, "join")[0]!.tag, "href")).toBe("/fi/account/register");
  });

  it("points-basis tiers and a shop without tiers", async () => {
    const points = await renderBlock("launcher", storefront({
      program: {
        ...PROGRAM,
        tierBasis: "points",
        tiers: [
          { id: "1", name: "Member", threshold: "0", thresholdValue: 0, multiplierBps: 10_000, freeShipping: false },
          { id: "2", name: "Insider", threshold: "1000", thresholdValue: 1000, multiplierBps: 10_500, freeShipping: false },
        ],
      },
    }));
    expect(text(points, "tiers")).toBe("Tiers Member When you join Insider From 1,000 points · 1.05× points");
    const none = await renderBlock("launcher", storefront({ shopper: SILVER, program: { ...PROGRAM, tiers: [] } }));
    expect(elements(none, "tiers")).toEqual([]);
    expect(elements(none, "tier")).toEqual([]);
    expect(elements(none, "progress")).toEqual([]);
  });

  it("renders nothing before the program metafield exists", async () => {
    expect((await renderBlock("launcher", storefront({ program: null }))).trim()).toBe("");
  });
});

describe("app block: Rewards panel", () => {
  it("logged out (en): the same content inline, not a dialog", async () => {
    const html = await renderBlock("rewards-panel", storefront());
    expect(html).toMatch(/<kanta-rewards\s+class="kanta-block"/);
    const panel = /<div\s+class="kanta-panel"[^>]*>/.exec(html)![0];
    expect(panel).toMatch(/role="region"/);
    expect(panel).not.toMatch(/role="dialog"|hidden/);
    expect(elements(html, "close")).toEqual([]);
    expect(text(html, "join")).toBe("Join now");
    expect(elements(html, "reward")).toHaveLength(3);
  });

  it("logged in (en)", async () => {
    const html = await renderBlock("rewards-panel", storefront({ shopper: SILVER }));
    expect(text(html, "balance")).toBe("1,250");
    expect(text(html, "tier")).toBe("Silver");
    expect(text(html, "progress")).toBe("Next tier: Gold");
    expect(text(html, "history")).toBe("Loading…");
  });
});

describe("app block: Earn points", () => {
  it("price × rate × the shopper's tier multiplier, as the server computes it", async () => {
    expect(text(await renderBlock("earn-points", storefront()), "earn-points")).toBe("Earn 45 points");
    expect(text(await renderBlock("earn-points", storefront({ shopper: SILVER })), "earn-points")).toBe("Earn 57 points");
    expect(text(await renderBlock("earn-points", storefront({ shopper: { points: 0, tier: "Gold" } })), "earn-points")).toBe("Earn 68 points");
    expect(text(await renderBlock("earn-points", storefront({ locale: "fi", price: 199 })), "earn-points")).toBe("Ansaitse 1 piste");
    expect(text(await renderBlock("earn-points", storefront({ locale: "fi", price: 123_456 })), "earn-points")).toBe(`Ansaitse 1${NBSP}234 pistettä`);
    const rule = { ...PROGRAM, earn: { points: 5, perAmount: "10", currency: "EUR" } };
    expect(text(await renderBlock("earn-points", storefront({ program: rule })), "earn-points")).toBe("Earn 22 points");
    expect(elements(await renderBlock("earn-points", storefront()), "earn-estimate")).toEqual([]);
  });

  it("another presentment currency: a placeholder, the estimate label and what the script needs", async () => {
    const html = await renderBlock("earn-points", storefront({ presentment: "SEK", price: 49_900, shopper: SILVER }));
    expect(text(html, "earn-points")).toBe("Earn points with this purchase");
    expect(text(html, "earn-estimate")).toBe("Estimate converted from EUR");
    const earn = /<kanta-earn[^>]*>/.exec(html)![0];
    expect([attr(earn, "data-price"), attr(earn, "data-points"), attr(earn, "data-per"), attr(earn, "data-bps"), attr(earn, "data-currency")])
      .toEqual(["49900", "1", "1", "12500", "EUR"]);
    expect(earn).toMatch(/data-converted/);
    expect(attr(earn, "data-t-other")).toBe("Earn about {points} points");
  });

  it("renders nothing without a product or a program", async () => {
    expect((await renderBlock("earn-points", { ...storefront(), product: null as never })).trim()).toBe("");
    expect((await renderBlock("earn-points", storefront({ program: null }))).trim()).toBe("");
  });
});

describe("block schemas", () => {
  it("the embed targets the body, the blocks a section; all load kanta.js and kanta.css", async () => {
    expect(blockSchema("launcher")).toMatchObject({ name: "t:blocks.launcher.name", target: "body", javascript: "kanta.js", stylesheet: "kanta.css" });
    expect(blockSchema("rewards-panel")).toMatchObject({ target: "section", javascript: "kanta.js", stylesheet: "kanta.css" });
    expect(blockSchema("earn-points")).toMatchObject({ target: "section", javascript: "kanta.js", stylesheet: "kanta.css", enabled_on: { templates: ["product"] } });
  });
});
