// The `t` filter of the local storefront preview, as Shopify's storefront renders it for a theme app
// extension: a dotted key looked up in the extension's locale file for the shopper's language, then in
// the default one (en.default.json); `{{ name }}` replaced by the named arguments; a `count`
// argument picks the plural form (`zero` for 0 when there is one, else the language's CLDR category:
// `one`, `other`, …). The result is HTML-escaped unless the key ends in `_html`. A missing key
// renders "translation missing: <locale>.<key>", as on Shopify. Pure: the locale files come in.

export type LocaleTree = { [key: string]: string | LocaleTree };

export type Translator = (key: string, args?: Record<string, unknown>) => string;

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function lookup(tree: LocaleTree | undefined, key: string): string | LocaleTree | undefined {
  let node: string | LocaleTree | undefined = tree;
  for (const part of key.split(".")) {
    if (!node || typeof node !== "object" || !Object.hasOwn(node, part)) return undefined;
    node = node[part];
  }
  return node;
}

const PLURAL_FORMS = ["zero", "one", "two", "few", "many", "other"] as const;

function isPluralNode(node: LocaleTree): boolean {
  const keys = Object.keys(node);
  return keys.length > 0 && keys.every((k) => (PLURAL_FORMS as readonly string[]).includes(k) && typeof node[k] === "string");
}

function pluralForm(node: LocaleTree, count: number, locale: string): string | undefined {
  if (count === 0 && typeof node.zero === "string") return node.zero;
  let category: string = "other";
  try {
    category = new Intl.PluralRules(locale).select(count);
  } catch {
    category = count === 1 ? "one" : "other";
  }
  const chosen = node[category] ?? node.other;
  return typeof chosen === "string" ? chosen : undefined;
}

function stringify(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/**
 * A translator for `locale` over its locale file (`primary`, null when the extension has none) and the
 * default locale file (`fallback`).
 */
export function createTranslator(locale: string, primary: LocaleTree | null, fallback: LocaleTree): Translator {
  return (key, args = {}) => {
    const count = typeof args.count === "string" && args.count.trim() !== "" ? Number(args.count) : args.count;
    const resolve = (tree: LocaleTree | null): string | undefined => {
      const node = tree ? lookup(tree, key) : undefined;
      if (typeof node === "string") return node;
      if (node && typeof node === "object" && isPluralNode(node) && typeof count === "number" && Number.isFinite(count)) return pluralForm(node, count, locale);
      return undefined;
    };
    const template = resolve(primary) ?? resolve(fallback);
    if (template === undefined) return escapeHtml(`translation missing: ${locale}.${key}`);
    return substitute(template, args, key.endsWith("_html"));
  };
}

/** The template with its `{{ name }}` placeholders filled, escaped unless `raw`. */
function substitute(template: string, args: Record<string, unknown>, raw: boolean): string {
  const out: string[] = [];
  let last = 0;
  for (const m of template.matchAll(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g)) {
    const text = template.slice(last, m.index);
    out.push(raw ? text : escapeHtml(text));
    const name = m[1]!;
    const value = Object.hasOwn(args, name) ? stringify(args[name]) : m[0];
    out.push(raw ? value : escapeHtml(value));
    last = m.index + m[0].length;
  }
  const tail = template.slice(last);
  out.push(raw ? tail : escapeHtml(tail));
  return out.join("");
}
