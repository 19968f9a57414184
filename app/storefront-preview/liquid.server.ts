// The theme app extension's real Liquid files, rendered with LiquidJS as Shopify's storefront renders
// them: a block file with its `{% schema %}` (settings defaults, and the `javascript` / `stylesheet`
// assets Shopify injects for it), snippets through `{% render %}`, and the storefront filters the
// extension uses (`t`, `asset_url`; LiquidJS brings `escape`, `json`, `default` and the standard
// ones). `{% schema %}`, `{% javascript %}` and `{% stylesheet %}` render nothing. Files are read on
// every render, so an edit to the extension shows on the next page load.
import fs from "node:fs";
import path from "node:path";
import { Liquid } from "liquidjs";
import { createTranslator, type LocaleTree } from "./translate";

/** Where the preview serves the extension's assets/ folder. */
export const ASSET_PATH = "/local-storefront/assets/";

export type SchemaSetting = { id?: string; type?: string; default?: unknown };
export type BlockSchema = {
  name?: string;
  target?: string;
  javascript?: string;
  stylesheet?: string;
  settings?: SchemaSetting[];
  [key: string]: unknown;
};

export class ExtensionError extends Error {}

const RAW_BLOCKS = ["schema", "javascript", "stylesheet"] as const;

function rawBlock(name: string): RegExp {
  return new RegExp(`\\{%-?\\s*${name}\\s*-?%\\}([\\s\\S]*?)\\{%-?\\s*end${name}\\s*-?%\\}`, "g");
}

/** A Liquid source without its schema, javascript and stylesheet blocks, and the schema's JSON. */
export function splitLiquidFile(source: string, file: string): { liquid: string; schema: BlockSchema | null } {
  let schema: BlockSchema | null = null;
  let liquid = source;
  for (const name of RAW_BLOCKS) {
    liquid = liquid.replace(rawBlock(name), (_whole, body: string) => {
      if (name === "schema") {
        if (schema) throw new ExtensionError(`${file}: more than one {% schema %}`);
        try {
          schema = JSON.parse(body) as BlockSchema;
        } catch (error) {
          throw new ExtensionError(`${file}: the {% schema %} is not JSON (${(error as Error).message})`);
        }
      }
      return "";
    });
  }
  return { liquid, schema };
}

/** `block.settings`: each setting's default from the schema (null without one). */
export function settingDefaults(schema: BlockSchema | null): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const s of schema?.settings ?? []) {
    if (typeof s.id === "string" && s.id) out[s.id] = s.default ?? null;
  }
  return out;
}

function readJson(file: string): LocaleTree | null {
  if (!fs.existsSync(file)) return null;
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as LocaleTree;
  } catch (error) {
    throw new ExtensionError(`${file} is not JSON: ${(error as Error).message}`);
  }
}

/** The storefront locale file for `locale` ("en" reads en.default.json) and the default one. */
export function readLocales(extensionDir: string, locale: string): { primary: LocaleTree | null; fallback: LocaleTree } {
  const dir = path.join(extensionDir, "locales");
  const defaults = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /^[a-z]{2}(-[A-Z]{2})?\.default\.json$/.test(f)) : [];
  if (defaults.length !== 1) throw new ExtensionError(`${dir} must hold exactly one <locale>.default.json (found ${defaults.length})`);
  const fallback = readJson(path.join(dir, defaults[0]!))!;
  const own = defaults[0]!.startsWith(`${locale}.`) ? null : readJson(path.join(dir, `${locale}.json`));
  return { primary: own, fallback };
}

export type RenderedBlock = { html: string; schema: BlockSchema | null };

export type Renderer = {
  /** Renders blocks/<handle>.liquid with `globals` (Shopify's objects) and its own `block`. */
  renderBlock: (handle: string, globals: Record<string, unknown>, blockId: string) => Promise<RenderedBlock>;
};

/** A renderer over the extension at `extensionDir` for one storefront language. */
export function createRenderer(extensionDir: string, locale: string): Renderer {
  const { primary, fallback } = readLocales(extensionDir, locale);
  const translate = createTranslator(locale, primary, fallback);
  const snippetsDir = path.join(extensionDir, "snippets");
  const templates: Record<string, string> = {};
  if (fs.existsSync(snippetsDir)) {
    for (const file of fs.readdirSync(snippetsDir).filter((f) => f.endsWith(".liquid"))) {
      templates[file] = splitLiquidFile(fs.readFileSync(path.join(snippetsDir, file), "utf8"), `snippets/${file}`).liquid;
    }
  }
  const engine = new Liquid({ templates, extname: ".liquid", strictFilters: true, jsTruthy: false, cache: false });
  engine.registerFilter("t", (key: unknown, ...args: unknown[]) => {
    const named: Record<string, unknown> = {};
    for (const arg of args) if (Array.isArray(arg) && arg.length === 2 && typeof arg[0] === "string") named[arg[0]] = arg[1];
    return translate(String(key ?? ""), named);
  });
  engine.registerFilter("asset_url", (file: unknown) => `${ASSET_PATH}${encodeURIComponent(String(file ?? ""))}`);

  return {
    async renderBlock(handle, globals, blockId) {
      const file = path.join(extensionDir, "blocks", `${handle}.liquid`);
      if (!fs.existsSync(file)) throw new ExtensionError(`the extension has no blocks/${handle}.liquid`);
      const { liquid, schema } = splitLiquidFile(fs.readFileSync(file, "utf8"), `blocks/${handle}.liquid`);
      const block = { id: blockId, settings: settingDefaults(schema), shopify_attributes: "" };
      const html = await engine.parseAndRender(liquid, { block }, { globals });
      return { html, schema };
    },
  };
}
