// The local storefront preview: Kanta's theme app extension on a minimal storefront page, for the
// demo, the browser tests and the Lighthouse benchmark. Like the local admin it exists only when
// SHOPIFY_APP_URL is a loopback address and the request arrives on a loopback host (404 otherwise).
//   GET /local-storefront?shop=…&customer=<id or empty>&locale=en|fi&page=home|product[&embed=0][&blocks=0]
//       [&weight=realistic][&currency=<ISO>&rate=<decimal>]
//       renders the extension's real Liquid files for that shopper (their member row and the
//       shop's program summary as the metafields Shopify would hand to Liquid) and remembers the
//       shop, shopper and language in a cookie;
//   GET /local-storefront/assets/<file>  the extension's assets/ folder;
//   * /apps/kanta/<path>                 forwarded to /proxy/<path>, signed as Shopify's App Proxy signs it, for the cookie's shopper;
//   GET /discount/<CODE>                 a small page saying the code will be applied at checkout.
import fs from "node:fs";
import path from "node:path";
import { env } from "../env.server";
import { localAdminEnabled } from "../local-admin/local-admin.server";
import { SHOP_DOMAIN } from "../local-admin/session-token.server";
import { currencyExponent } from "../loyalty/money";
import { loadProgramSummary } from "../proxy/program-summary.server";
import type { SqlExecutor } from "../storage/sql.server";
import { forwardToAppProxy } from "./forward.server";
import { ASSET_PATH, ExtensionError, createRenderer, type BlockSchema } from "./liquid.server";
import { previewHtml, wrapBlock, type PreviewLocale, type PreviewPageKind } from "./page";
import { escapeHtml } from "./translate";

/** The theme app extension the preview renders (relative to the working directory, the project root). */
export function extensionDir(): string {
  return path.resolve(process.cwd(), "extensions", "kanta-rewards");
}

export const PREVIEW_COOKIE = "kanta_storefront_preview";

/** The extension's block files the preview renders. */
export const BLOCKS = { embed: "launcher", panel: "rewards-panel", earn: "earn-points" } as const;
const BLOCK_IDS = { embed: "kanta-launcher", panel: "kanta-rewards-panel", earn: "kanta-earn-points" } as const;

/** Same rule as the local admin: loopback SHOPIFY_APP_URL and a loopback Host. */
export const storefrontPreviewEnabled = localAdminEnabled;

const text = (body: string, status: number) => new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
const notFound = () => text("Not Found", 404);

export type PreviewQuery = {
  shop: string;
  /** The numeric customer id, "" for logged out, or null when the address leaves it to the cookie. */
  customer: string | null;
  locale: PreviewLocale;
  page: PreviewPageKind;
  embed: boolean;
  blocks: boolean;
  realistic: boolean;
  /** The presentment currency and its rate from the shop currency (Shopify.currency), when not the shop's own. */
  presentment: { currency: string; rate: string } | null;
};

/** The preview's query, or a message saying what is wrong with it. */
export function parsePreviewQuery(params: URLSearchParams): PreviewQuery | string {
  const shop = params.get("shop")?.trim().toLowerCase() ?? "";
  if (!SHOP_DOMAIN.test(shop)) return "shop must be a shop domain like kanta-demo.myshopify.com";
  const customer = params.get("customer");
  if (customer !== null && customer !== "" && !/^\d{1,20}$/.test(customer)) return "customer must be a numeric Shopify customer id, or empty for a logged-out shopper";
  const locale = params.get("locale") ?? "en";
  if (locale !== "en" && locale !== "fi") return "locale must be en or fi";
  const page = params.get("page") ?? "home";
  if (page !== "home" && page !== "product") return "page must be home or product";
  const weight = params.get("weight");
  if (weight !== null && weight !== "realistic" && weight !== "minimal") return "weight must be realistic or minimal";
  for (const flag of ["embed", "blocks"]) {
    const v = params.get(flag);
    if (v !== null && v !== "0" && v !== "1") return `${flag} must be 0 or 1`;
  }
  const currency = params.get("currency");
  const rate = params.get("rate");
  let presentment: PreviewQuery["presentment"] = null;
  if (currency !== null || rate !== null) {
    if (!currency || !/^[A-Z]{3}$/.test(currency)) return "currency must be an ISO 4217 code like USD (with rate)";
    if (!rate || !/^\d{1,6}(\.\d{1,10})?$/.test(rate) || Number(rate) <= 0) return "rate must be a positive decimal like 1.0875 (with currency)";
    presentment = { currency, rate };
  }
  return {
    shop, customer, locale, page,
    embed: params.get("embed") !== "0",
    blocks: params.get("blocks") !== "0",
    realistic: weight === "realistic",
    presentment,
  };
}

export type PreviewSession = { shop: string; customerId: string | null; locale: PreviewLocale };

/** The shop, shopper and language the preview last rendered for (its cookie), or null. */
export function readPreviewSession(request: Request): PreviewSession | null {
  for (const part of (request.headers.get("Cookie") ?? "").split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name !== PREVIEW_COOKIE) continue;
    let value: string;
    try {
      value = decodeURIComponent(rest.join("="));
    } catch {
      return null;
    }
    const [shop = "", customerId = "", locale = ""] = value.split("|");
    if (!SHOP_DOMAIN.test(shop) || !/^(\d{1,20})?$/.test(customerId) || (locale !== "en" && locale !== "fi")) return null;
    return { shop, customerId: customerId || null, locale };
  }
  return null;
}

function sessionCookie(s: PreviewSession): string {
  return `${PREVIEW_COOKIE}=${encodeURIComponent(`${s.shop}|${s.customerId ?? ""}|${s.locale}`)}; Path=/; HttpOnly; SameSite=Lax`;
}

type MemberRow = { customer_gid: string; first_name: string | null; balance: number; status: string; tier_name: string | null };

/** The demo product every preview shows (the shop currency's price; Shopify's Liquid prices are × 100). */
const PRODUCT = {
  id: 7_000_000_000_001,
  variantId: 42_000_000_000_001,
  priceMajor: "45.00",
  title: { en: "Linen shirt", fi: "Pellavapaita" },
  description: {
    en: "A relaxed shirt in washed European linen. Breathes in summer, layers in winter.",
    fi: "Rento paita pestystä eurooppalaisesta pellavasta. Hengittää kesällä, sopii kerroksiin talvella.",
  },
} as const;

/** Liquid's price: the amount × 100, whatever the currency's exponent (as Shopify's Liquid). */
function liquidPrice(major: string, rate: string | null): number {
  return Math.round(Number(major) * Number(rate ?? "1") * 100);
}

function formatPrice(major: number, currency: string, locale: PreviewLocale): string {
  try {
    return new Intl.NumberFormat(locale === "fi" ? "fi-FI" : "en-US", {
      style: "currency", currency, minimumFractionDigits: currencyExponent(currency), maximumFractionDigits: currencyExponent(currency),
    }).format(major);
  } catch {
    return `${major.toFixed(2)} ${currency}`;
  }
}

/** The Liquid id of a customer GID: a number, as Shopify's `customer.id`. */
function liquidCustomerId(id: string): number | string {
  const n = Number(id);
  return Number.isSafeInteger(n) ? n : id;
}

/** The page for one shopper, or the error answer. */
export async function renderPreview(db: SqlExecutor, request: Request): Promise<Response> {
  if (!storefrontPreviewEnabled(request)) return notFound();
  const url = new URL(request.url);
  const query = parsePreviewQuery(url.searchParams);
  if (typeof query === "string") return text(query, 400);

  const shopRow = await db.get<{ domain: string; name: string | null; currency: string | null }>(
    `SELECT domain, name, currency FROM shop WHERE domain = ?`, [query.shop],
  );
  if (!shopRow) return text(`${query.shop} has not installed Kanta here (npm run demo installs kanta-demo.myshopify.com)`, 404);
  const remembered = readPreviewSession(request);
  const customerId = query.customer ?? (remembered?.shop === query.shop ? remembered.customerId : null) ?? "";
  const member = customerId
    ? await db.get<MemberRow>(
        `SELECT m.customer_gid, m.first_name, m.balance, m.status, t.name AS tier_name FROM member m
         LEFT JOIN tier t ON t.shop = m.shop AND t.id = m.tier_id AND t.archived_at IS NULL
         WHERE m.shop = ? AND m.customer_gid = ?`,
        [query.shop, `gid://shopify/Customer/${customerId}`],
      )
    : undefined;
  const program = await loadProgramSummary(db, query.shop);
  const shopCurrency = shopRow.currency ?? program.currency ?? "USD";
  const presentment = query.presentment?.currency ?? shopCurrency;
  const rate = query.presentment?.rate ?? null;

  // What Shopify's Liquid sees. A customer Kanta has no member row for has no Kanta metafields.
  const activeMember = member && member.status === "active" ? member : null;
  const customer = customerId
    ? {
        id: liquidCustomerId(customerId),
        first_name: member?.first_name ?? null,
        metafields: {
          kanta: activeMember
            ? {
                points: { value: Number(activeMember.balance), type: "number_integer" },
                ...(activeMember.tier_name ? { tier: { value: activeMember.tier_name, type: "single_line_text_field" } } : {}),
              }
            : {},
        },
      }
    : null;
  const price = liquidPrice(PRODUCT.priceMajor, rate);
  const globals: Record<string, unknown> = {
    customer,
    shop: {
      name: shopRow.name ?? query.shop,
      currency: shopCurrency,
      permanent_domain: query.shop,
      metafields: { kanta: { program: { value: program, type: "json" } } },
    },
    request: { locale: { iso_code: query.locale, primary: query.locale === "en" }, design_mode: false, page_type: query.page === "home" ? "index" : "product" },
    routes: { root_url: "/", account_url: "/account", account_login_url: "/account/login", account_register_url: "/account/register", cart_url: "/cart" },
    cart: { currency: { iso_code: presentment } },
    ...(query.page === "product"
      ? {
          product: {
            id: PRODUCT.id,
            title: PRODUCT.title[query.locale],
            price,
            selected_or_first_available_variant: { id: PRODUCT.variantId, price },
          },
        }
      : {}),
  };

  const keep = new URLSearchParams(url.searchParams);
  keep.set("customer", customerId);
  const linkTo = (page: PreviewPageKind) => {
    const q = new URLSearchParams(keep);
    q.set("page", page);
    return `/local-storefront?${q}`;
  };

  let blocks: { panel?: string; earn?: string; embed?: string };
  const schemas: BlockSchema[] = [];
  try {
    const renderer = createRenderer(extensionDir(), query.locale);
    const render = async (key: keyof typeof BLOCKS) => {
      const out = await renderer.renderBlock(BLOCKS[key], globals, BLOCK_IDS[key]);
      if (out.schema) schemas.push(out.schema);
      return wrapBlock(BLOCK_IDS[key], out.html);
    };
    blocks = {
      ...(query.blocks && query.page === "home" ? { panel: await render("panel") } : {}),
      ...(query.blocks && query.page === "product" ? { earn: await render("earn") } : {}),
      ...(query.embed ? { embed: await render("embed") } : {}),
    };
  } catch (error) {
    const message = error instanceof ExtensionError ? error.message : `${(error as Error).name}: ${(error as Error).message}`;
    return text(`The storefront preview could not render the theme app extension (extensions/kanta-rewards): ${message}`, 500);
  }

  // Shopify injects each block's schema assets once: the stylesheet, and the script deferred.
  const blockAssets = new Set<string>();
  for (const s of schemas) {
    if (typeof s.stylesheet === "string" && s.stylesheet) blockAssets.add(`<link rel="stylesheet" href="${ASSET_PATH}${escapeHtml(encodeURIComponent(s.stylesheet))}">`);
  }
  for (const s of schemas) {
    if (typeof s.javascript === "string" && s.javascript) blockAssets.add(`<script src="${ASSET_PATH}${escapeHtml(encodeURIComponent(s.javascript))}" defer></script>`);
  }

  const html = previewHtml({
    locale: query.locale,
    page: query.page,
    shopName: shopRow.name ?? query.shop,
    shopper: customerId ? { firstName: customer?.first_name ?? null } : null,
    product: {
      title: PRODUCT.title[query.locale],
      price: formatPrice(price / 100, presentment, query.locale),
      description: PRODUCT.description[query.locale],
    },
    realistic: query.realistic,
    blockAssets: [...blockAssets],
    blocks,
    shopifyGlobal: {
      shop: query.shop,
      locale: query.locale,
      country: "FI",
      currency: { active: presentment, rate: rate ?? "1.0" },
      routes: { root: "/" },
      designMode: false,
    },
    links: { home: linkTo("home"), product: linkTo("product") },
  });
  return new Response(html, {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
      "Set-Cookie": sessionCookie({ shop: query.shop, customerId: customerId || null, locale: query.locale }),
    },
  });
}

const CONTENT_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
};

/** GET /local-storefront/assets/<file>: a file of the extension's assets/ folder. */
export function serveExtensionAsset(request: Request, file: string): Response {
  if (!storefrontPreviewEnabled(request)) return notFound();
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(file)) return notFound();
  const full = path.join(extensionDir(), "assets", file);
  if (!fs.existsSync(full) || !fs.statSync(full).isFile()) return notFound();
  const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream";
  return new Response(fs.readFileSync(full), { headers: { "Content-Type": type, "Cache-Control": "no-cache" } });
}

/** * /apps/kanta/<subpath>: forwarded to the app's App Proxy routes for the preview's shopper. */
export async function forwardPreviewProxy(request: Request, subpath: string): Promise<Response> {
  if (!storefrontPreviewEnabled(request)) return notFound();
  if (!/^[A-Za-z0-9_\-/.]*$/.test(subpath) || subpath.split("/").some((part) => part === ".." || part === ".")) return notFound();
  const session = readPreviewSession(request);
  if (!session) return text("Open the storefront preview first (/local-storefront?shop=…&customer=…): it chooses the shop and the shopper.", 400);
  return forwardToAppProxy(request, subpath, {
    shop: session.shop,
    customerId: session.customerId,
    secret: env().SHOPIFY_API_SECRET,
    acceptLanguage: session.locale === "fi" ? "fi-FI,fi;q=0.9" : "en-US,en;q=0.9",
  });
}

/** GET /discount/<CODE>: the preview has no cart; it says what Shopify's discount link would do. */
export function discountPage(request: Request, code: string): Response {
  if (!storefrontPreviewEnabled(request)) return notFound();
  const session = readPreviewSession(request);
  const fi = session?.locale === "fi";
  const message = fi ? `Alennus ${code} lisätään kassalla` : `Discount ${code} will be applied at checkout`;
  const back = fi ? "Takaisin kauppaan" : "Back to the store";
  const home = session ? `/local-storefront?${new URLSearchParams({ shop: session.shop, customer: session.customerId ?? "", locale: session.locale })}` : "/";
  return new Response(
    `<!DOCTYPE html>\n<html lang="${fi ? "fi" : "en"}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(message)}</title></head>` +
      `<body style="font:16px/1.5 system-ui,sans-serif;margin:3rem auto;max-width:40rem;padding:0 1rem"><h1 data-discount-code="${escapeHtml(code)}">${escapeHtml(message)}</h1><p><a href="${escapeHtml(home)}">${back}</a></p></body></html>\n`,
    { headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } },
  );
}
