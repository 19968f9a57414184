// The local storefront preview's page around the extension's blocks: a header, the home page (a
// hero, the "Rewards panel" block, a product grid) or a product page (the "Earn points" block next to
// the price), a footer, and the app embed at the end of <body>. `realistic` adds a theme-like
// stylesheet, a deferred theme-like script and images (all local files under public/local-storefront/)
// so that Lighthouse measures the embed on a page of a real theme's weight. Pure: strings in, HTML out.
import { escapeHtml } from "./translate";

export type PreviewLocale = "en" | "fi";
export type PreviewPageKind = "home" | "product";

export type PreviewPageInput = {
  locale: PreviewLocale;
  page: PreviewPageKind;
  shopName: string;
  /** The shopper's first name, or null when logged out. */
  shopper: { firstName: string | null } | null;
  product: { title: string; price: string; description: string };
  realistic: boolean;
  /** `<link>` / `<script>` tags Shopify injects for the blocks' schema assets (in <head>). */
  blockAssets: string[];
  /** Rendered blocks; absent ones are left out. */
  blocks: { panel?: string; earn?: string; embed?: string };
  /** window.Shopify as a theme's content_for_header sets it. */
  shopifyGlobal: Record<string, unknown>;
  /** Addresses of the preview itself, with the shopper's query kept. */
  links: { home: string; product: string };
};

const TEXT = {
  en: {
    home: "Home", shop: "Shop", account: "Account", signIn: "Sign in", cart: "Cart", heroTitle: "New season, same good things",
    heroBody: "Linen, wool and the everyday things made to last.", featured: "Featured products", addToCart: "Add to cart",
    rewards: "Rewards", footer: "Local storefront preview of Kanta's theme app extension", skip: "Skip to content",
  },
  fi: {
    home: "Etusivu", shop: "Tuotteet", account: "Tili", signIn: "Kirjaudu sisään", cart: "Ostoskori", heroTitle: "Uusi kausi, samat hyvät asiat",
    heroBody: "Pellavaa, villaa ja arjen kestäviä tavaroita.", featured: "Suositut tuotteet", addToCart: "Lisää ostoskoriin",
    rewards: "Palkinnot", footer: "Kantan teemasovelluslaajennuksen paikallinen kaupan esikatselu", skip: "Siirry sisältöön",
  },
} as const;

/** The few rules the minimal page needs (the realistic page adds the theme's stylesheet). */
const BASE_STYLE = `
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#fff}
a{color:inherit}
.lsp-header,.lsp-footer{display:flex;gap:1rem;align-items:center;justify-content:space-between;padding:1rem 1.5rem;border-bottom:1px solid #e5e5e5}
.lsp-footer{border-top:1px solid #e5e5e5;border-bottom:0;margin-top:3rem;color:#666;font-size:.875rem}
.lsp-nav{display:flex;gap:1rem}
.lsp-main{max-width:1100px;margin:0 auto;padding:1.5rem}
.lsp-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:1.5rem}
.lsp-product{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:2rem}
.lsp-media{aspect-ratio:4/5;width:100%;height:auto;background:#f1efe9;display:block;object-fit:cover}
.lsp-hero-media{aspect-ratio:16/6;width:100%;height:auto;background:#e9e4d8;display:block;object-fit:cover}
.lsp-price{font-size:1.25rem;margin:.5rem 0 1rem}
.lsp-button{display:inline-block;padding:.75rem 1.5rem;border:0;background:#1a1a1a;color:#fff;font:inherit;cursor:pointer}
.lsp-skip{position:absolute;left:-999px}.lsp-skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}
@media (max-width:700px){.lsp-product{grid-template-columns:1fr}}
`.trim();

const IMAGES = ["product-1.jpg", "product-2.jpg", "product-3.jpg", "product-4.jpg"];
const PRODUCT_NAMES = ["Linen shirt", "Wool socks", "Canvas tote", "Merino beanie"];

/** A rendered block as Shopify wraps it in the page. */
export function wrapBlock(blockId: string, html: string): string {
  return `<div id="shopify-block-${escapeHtml(blockId)}" class="shopify-block shopify-app-block">${html}</div>`;
}

function media(realistic: boolean, file: string, alt: string, cls: string, width: number, height: number, eager = false): string {
  if (!realistic) return `<div class="${cls}" role="img" aria-label="${escapeHtml(alt)}"></div>`;
  return `<img class="${cls}" src="/local-storefront/images/${file}" alt="${escapeHtml(alt)}" width="${width}" height="${height}"${eager ? ' fetchpriority="high"' : ' loading="lazy"'} decoding="async">`;
}

export function previewHtml(input: PreviewPageInput): string {
  const t = TEXT[input.locale];
  const e = escapeHtml;
  const head = [
    `<meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width,initial-scale=1">`,
    `<title>${e(input.page === "product" ? `${input.product.title} – ${input.shopName}` : input.shopName)}</title>`,
    `<meta name="description" content="${e(t.heroBody)}">`,
    `<style>${BASE_STYLE}</style>`,
    ...(input.realistic ? [`<link rel="stylesheet" href="/local-storefront/theme.css">`, `<script src="/local-storefront/theme.js" defer></script>`] : []),
    `<script>window.Shopify = ${JSON.stringify(input.shopifyGlobal).replace(/</g, "\\u003c")};</script>`,
    ...input.blockAssets,
  ];
  const account = input.shopper
    ? `<a href="${e(input.links.home)}">${e(input.shopper.firstName || t.account)}</a>`
    : `<a href="/account/login">${e(t.signIn)}</a>`;
  const header = `<header class="lsp-header site-header"><a class="lsp-skip" href="#MainContent">${e(t.skip)}</a><a href="${e(input.links.home)}"><strong>${e(input.shopName)}</strong></a><nav class="lsp-nav" aria-label="${e(t.shop)}"><a href="${e(input.links.home)}">${e(t.home)}</a><a href="${e(input.links.product)}">${e(t.shop)}</a></nav><div class="lsp-nav">${account}<span>${e(t.cart)} (0)</span></div></header>`;

  let main: string;
  if (input.page === "home") {
    const grid = IMAGES.map(
      (file, i) =>
        `<li class="card"><a href="${e(input.links.product)}">${media(input.realistic, file, PRODUCT_NAMES[i]!, "lsp-media", 800, 1000)}<span>${e(PRODUCT_NAMES[i]!)}</span></a></li>`,
    ).join("");
    main = [
      `<section class="hero">${media(input.realistic, "hero.jpg", t.heroTitle, "lsp-hero-media", 1600, 600, true)}<h1>${e(t.heroTitle)}</h1><p>${e(t.heroBody)}</p></section>`,
      input.blocks.panel !== undefined ? `<section class="shopify-section" aria-label="${e(t.rewards)}">${input.blocks.panel}</section>` : "",
      `<section><h2>${e(t.featured)}</h2><ul class="lsp-grid" role="list" style="list-style:none;padding:0">${grid}</ul></section>`,
    ].join("");
  } else {
    main = `<div class="lsp-product product">${media(input.realistic, "product-1.jpg", input.product.title, "lsp-media", 800, 1000, true)}<div><h1>${e(input.product.title)}</h1><p class="lsp-price price">${e(input.product.price)}</p>${
      input.blocks.earn ?? ""
    }<form action="${e(input.links.product)}" method="get" onsubmit="return false"><button class="lsp-button button" type="submit">${e(t.addToCart)}</button></form><p>${e(input.product.description)}</p></div></div>`;
  }
  const footer = `<footer class="lsp-footer site-footer"><span>© ${e(input.shopName)}</span><span>${e(t.footer)}</span></footer>`;
  return `<!DOCTYPE html>\n<html lang="${input.locale}" dir="ltr"><head>${head.join("")}</head><body>${header}<main id="MainContent" class="lsp-main">${main}</main>${footer}${input.blocks.embed ?? ""}</body></html>\n`;
}
