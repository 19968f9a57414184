// The local storefront preview's pieces: the `t` filter as Shopify's storefront translates, the
// Liquid renderer over an extension's files (schema, snippets, asset_url, block settings), the App
// Proxy stand-in's signature, and the preview's query and cookie.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAppProxyRequest } from "../../../app/proxy/app-proxy.server";
import { signedForwardQuery } from "../../../app/storefront-preview/forward.server";
import { createRenderer, settingDefaults, splitLiquidFile } from "../../../app/storefront-preview/liquid.server";
import { previewHtml } from "../../../app/storefront-preview/page";
import { parsePreviewQuery, readPreviewSession } from "../../../app/storefront-preview/preview.server";
import { createTranslator } from "../../../app/storefront-preview/translate";

const EN = {
  kanta: {
    earn: "Earn {{ points }} points",
    points: { one: "{{ count }} point", other: "{{ count }} points" },
    balance: { zero: "No points yet", one: "{{ count }} point", other: "{{ count }} points" },
    greeting: "Hi {{ name }} & welcome",
    link_html: "<a href=\"{{ url }}\">Join</a>",
    only_en: "English only",
  },
};
const FI = {
  kanta: {
    earn: "Ansaitse {{ points }} pistettä",
    points: { one: "{{ count }} piste", other: "{{ count }} pistettä" },
  },
};

describe("the t filter", () => {
  const en = createTranslator("en", null, EN);
  const fi = createTranslator("fi", FI, EN);

  it("interpolates named arguments and escapes HTML unless the key ends in _html", () => {
    expect(en("kanta.earn", { points: 45 })).toBe("Earn 45 points");
    expect(en("kanta.greeting", { name: "<Ada>" })).toBe("Hi &lt;Ada&gt; &amp; welcome");
    expect(en("kanta.link_html", { url: "/account/register" })).toBe('<a href="/account/register">Join</a>');
  });

  it("picks the plural form from count, with zero when the language file has one", () => {
    expect([en("kanta.points", { count: 1 }), en("kanta.points", { count: 2 }), en("kanta.points", { count: 0 })]).toEqual(["1 point", "2 points", "0 points"]);
    expect([en("kanta.balance", { count: 0 }), en("kanta.balance", { count: 1 }), en("kanta.balance", { count: "7" })]).toEqual(["No points yet", "1 point", "7 points"]);
    expect([fi("kanta.points", { count: 1 }), fi("kanta.points", { count: 1500 })]).toEqual(["1 piste", "1500 pistettä"]);
  });

  it("falls back to the default locale file, and says what is missing as Shopify does", () => {
    expect(fi("kanta.earn", { points: 3 })).toBe("Ansaitse 3 pistettä");
    expect(fi("kanta.only_en")).toBe("English only");
    expect(fi("kanta.nope")).toBe("translation missing: fi.kanta.nope");
    // A plural node without a count is not a text.
    expect(en("kanta.points")).toBe("translation missing: en.kanta.points");
  });
});

describe("the Liquid renderer over an extension's files", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "kanta-ext-"));
    for (const sub of ["blocks", "snippets", "locales", "assets"]) fs.mkdirSync(path.join(dir, sub));
    fs.writeFileSync(path.join(dir, "locales", "en.default.json"), JSON.stringify(EN));
    fs.writeFileSync(path.join(dir, "locales", "fi.json"), JSON.stringify(FI));
    fs.writeFileSync(
      path.join(dir, "blocks", "launcher.liquid"),
      [
        `<kanta-launcher data-block="{{ block.id }}" data-position="{{ block.settings.position }}">`,
        `{%- if customer -%}{% render 'kanta-points', points: customer.metafields.kanta.points.value %}{%- endif -%}`,
        `<img src="{{ 'kanta-icon.svg' | asset_url }}" alt="">`,
        `<span>{{ shop.metafields.kanta.program.value.earn.points }}/{{ request.locale.iso_code }}</span>`,
        `</kanta-launcher>`,
        `{% javascript %}console.log("{{ never }}");{% endjavascript %}`,
        `{% schema %}{ "name": "Rewards launcher", "target": "body", "javascript": "kanta-launcher.js", "stylesheet": "kanta.css",`,
        `  "settings": [{ "id": "position", "type": "select", "default": "right" }, { "id": "label", "type": "text" }] }{% endschema %}`,
      ].join("\n"),
    );
    // A snippet sees Shopify's global objects (customer) but not the block.
    fs.writeFileSync(
      path.join(dir, "snippets", "kanta-points.liquid"),
      `<b data-kanta="launcher-points">{{ 'kanta.points' | t: count: points }}</b><i>{{ customer.first_name | escape }}{{ block.id }}</i>`,
    );
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const globals = (customer: unknown) => ({
    customer,
    shop: { name: "Shop", metafields: { kanta: { program: { value: { earn: { points: 2 } } } } } },
    request: { locale: { iso_code: "fi" } },
  });

  it("renders a block with its schema's setting defaults, snippets, t and asset_url", async () => {
    const renderer = createRenderer(dir, "fi");
    const out = await renderer.renderBlock("launcher", globals({ first_name: "Ada <3", metafields: { kanta: { points: { value: 1500 } } } }), "b-1");
    expect(out.html.trim()).toBe(
      [
        `<kanta-launcher data-block="b-1" data-position="right"><b data-kanta="launcher-points">1500 pistettä</b><i>Ada &lt;3</i><img src="/local-storefront/assets/kanta-icon.svg" alt="">`,
        `<span>2/fi</span>`,
        `</kanta-launcher>`,
      ].join("\n"),
    );
    expect(out.schema).toMatchObject({ name: "Rewards launcher", javascript: "kanta-launcher.js", stylesheet: "kanta.css" });
    expect(settingDefaults(out.schema)).toEqual({ position: "right", label: null });
  });

  it("renders the logged-out shopper (customer nil) and refuses a filter Shopify would not know here", async () => {
    const renderer = createRenderer(dir, "en");
    const out = await renderer.renderBlock("launcher", globals(null), "b-1");
    expect(out.html).not.toContain("launcher-points");
    fs.writeFileSync(path.join(dir, "blocks", "bad.liquid"), `{{ 5 | money_with_currency }}`);
    await expect(renderer.renderBlock("bad", globals(null), "b-2")).rejects.toThrow(/undefined filter: money_with_currency/);
    await expect(renderer.renderBlock("missing", globals(null), "b-3")).rejects.toThrow("the extension has no blocks/missing.liquid");
  });

  it("splits schema, javascript and stylesheet blocks off the Liquid, with whitespace control", () => {
    const split = splitLiquidFile(`a{%- schema -%}{"name":"x"}{%- endschema -%}b{% stylesheet %}.x{}{% endstylesheet %}c`, "blocks/x.liquid");
    expect(split).toEqual({ liquid: "abc", schema: { name: "x" } });
    expect(() => splitLiquidFile(`{% schema %}{nope{% endschema %}`, "blocks/y.liquid")).toThrow(/blocks\/y.liquid: the \{% schema %\} is not JSON/);
  });
});

describe("the App Proxy stand-in", () => {
  it("signs the forwarded query so that verifyAppProxyRequest accepts it, keeping the shopper's parameters", () => {
    const now = Math.floor(Date.now() / 1000);
    const original = new URLSearchParams("locale=fi&tag=a&tag=b&shop=evil.myshopify.com&logged_in_customer_id=1&signature=00");
    const query = signedForwardQuery(original, { shop: "kanta-demo.myshopify.com", customerId: "6001", secret: "s3cret", nowSeconds: now });
    expect([...query.keys()]).toEqual(["locale", "tag", "tag", "shop", "logged_in_customer_id", "path_prefix", "timestamp", "signature"]);
    const verified = verifyAppProxyRequest(new URL(`http://127.0.0.1/proxy/me?${query}`), "s3cret", now);
    expect(verified).toEqual({ shop: "kanta-demo.myshopify.com", customerGid: "gid://shopify/Customer/6001", pathPrefix: "/apps/kanta" });
    expect(query.getAll("tag")).toEqual(["a", "b"]);
    // Another secret, or a changed parameter, does not verify.
    expect(() => verifyAppProxyRequest(new URL(`http://127.0.0.1/proxy/me?${query}`), "other", now)).toThrow("invalid App Proxy signature");
    const tampered = new URLSearchParams(query);
    tampered.set("logged_in_customer_id", "6002");
    expect(() => verifyAppProxyRequest(new URL(`http://127.0.0.1/proxy/me?${tampered}`), "s3cret", now)).toThrow("invalid App Proxy signature");
  });

  it("forwards a logged-out shopper with an empty logged_in_customer_id", () => {
    const now = Math.floor(Date.now() / 1000);
    const query = signedForwardQuery(new URLSearchParams(), { shop: "kanta-demo.myshopify.com", customerId: null, secret: "s3cret", nowSeconds: now });
    expect(query.get("logged_in_customer_id")).toBe("");
    expect(verifyAppProxyRequest(new URL(`http://127.0.0.1/proxy/me?${query}`), "s3cret", now).customerGid).toBeNull();
  });
});

describe("the preview's query, cookie and page", () => {
  it("reads the query with its defaults and says what is wrong", () => {
    expect(parsePreviewQuery(new URLSearchParams("shop=kanta-demo.myshopify.com&customer=42"))).toEqual({
      shop: "kanta-demo.myshopify.com", customer: "42", locale: "en", page: "home", embed: true, blocks: true, realistic: false, presentment: null,
    });
    expect(parsePreviewQuery(new URLSearchParams("shop=a.myshopify.com&customer=&locale=fi&page=product&embed=0&weight=realistic&currency=USD&rate=1.0875"))).toMatchObject({
      customer: "", locale: "fi", page: "product", embed: false, realistic: true, presentment: { currency: "USD", rate: "1.0875" },
    });
    expect(parsePreviewQuery(new URLSearchParams("shop=a.myshopify.com"))).toMatchObject({ customer: null });
    expect(parsePreviewQuery(new URLSearchParams("shop=example.com"))).toBe("shop must be a shop domain like kanta-demo.myshopify.com");
    expect(parsePreviewQuery(new URLSearchParams("shop=a.myshopify.com&customer=gid://shopify/Customer/1"))).toBe(
      "customer must be a numeric Shopify customer id, or empty for a logged-out shopper",
    );
    expect(parsePreviewQuery(new URLSearchParams("shop=a.myshopify.com&locale=sv"))).toBe("locale must be en or fi");
    expect(parsePreviewQuery(new URLSearchParams("shop=a.myshopify.com&page=cart"))).toBe("page must be home or product");
    expect(parsePreviewQuery(new URLSearchParams("shop=a.myshopify.com&currency=USD"))).toBe("rate must be a positive decimal like 1.0875 (with currency)");
  });

  it("remembers the shopper in a cookie", () => {
    const request = (cookie: string) => new Request("http://127.0.0.1/apps/kanta/me", { headers: { Cookie: cookie } });
    expect(readPreviewSession(request("a=b; kanta_storefront_preview=kanta-demo.myshopify.com%7C6001%7Cfi"))).toEqual({
      shop: "kanta-demo.myshopify.com", customerId: "6001", locale: "fi",
    });
    expect(readPreviewSession(request("kanta_storefront_preview=kanta-demo.myshopify.com%7C%7Cen"))).toEqual({ shop: "kanta-demo.myshopify.com", customerId: null, locale: "en" });
    expect(readPreviewSession(request("kanta_storefront_preview=kanta-demo.myshopify.com%7Cx%7Cen"))).toBeNull();
    expect(readPreviewSession(request("other=1"))).toBeNull();
    expect(readPreviewSession(request("kanta_storefront_preview=%E0%A4%A"))).toBeNull();
  });

  it("puts the embed last in <body>, block assets in <head>, and the theme's files only on a realistic page", () => {
    const base = {
      locale: "en" as const, page: "home" as const, shopName: "Kanta Demo", shopper: null,
      product: { title: "Linen shirt", price: "€45.00", description: "d" }, blockAssets: ['<script src="/local-storefront/assets/k.js" defer></script>'],
      blocks: { panel: "<div>PANEL</div>", embed: "<kanta-launcher></kanta-launcher>" }, shopifyGlobal: { shop: "x</script>" },
      links: { home: "/local-storefront?page=home", product: "/local-storefront?page=product" },
    };
    const minimal = previewHtml({ ...base, realistic: false });
    expect(minimal).toMatch(/<kanta-launcher><\/kanta-launcher><\/body><\/html>\n$/);
    expect(minimal).toContain('<script src="/local-storefront/assets/k.js" defer></script></head>');
    expect(minimal).toContain("<div>PANEL</div>");
    expect(minimal).toContain('window.Shopify = {"shop":"x\\u003c/script>"}');
    expect(minimal).not.toContain("/local-storefront/theme.css");
    expect(minimal).not.toContain("<img");
    const realistic = previewHtml({ ...base, realistic: true });
    expect(realistic).toContain('<link rel="stylesheet" href="/local-storefront/theme.css"><script src="/local-storefront/theme.js" defer></script>');
    expect(realistic.match(/<img [^>]*width="\d+" height="\d+"/g)).toHaveLength(5);
  });
});
