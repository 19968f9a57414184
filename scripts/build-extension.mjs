// Bundles and minifies the storefront widget's sources (extensions/kanta-rewards/src) into the
// theme app extension's assets/ — the files Shopify deploys:
//   kanta.js        first paint: the launcher, the inline panel's and the earn block's elements
//   kanta-panel.js  loaded by kanta.js on interaction or idle: live data, redeem, history, forms
//   kanta.css       every block's styles
// `extensionAssets()` builds in memory (the staleness test compares it with assets/).
import { build } from "esbuild";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const EXTENSION_DIR = path.join(ROOT, "extensions", "kanta-rewards");
export const ASSETS_DIR = path.join(EXTENSION_DIR, "assets");
const SRC = path.join(EXTENSION_DIR, "src");

/** Asset file name → source file. */
export const EXTENSION_ENTRIES = {
  "kanta.js": "kanta.ts",
  "kanta-panel.js": "panel.ts",
  "kanta.css": "kanta.css",
};

/** Builds every asset in memory: [{ name, contents (string) }], in EXTENSION_ENTRIES order. */
export async function extensionAssets() {
  const out = [];
  for (const [name, source] of Object.entries(EXTENSION_ENTRIES)) {
    const css = name.endsWith(".css");
    const result = await build({
      entryPoints: [path.join(SRC, source)],
      bundle: true,
      minify: true,
      write: false,
      outfile: path.join(ASSETS_DIR, name),
      // ES2020 (optional chaining and ?? stay native, as in Shopify's Dawn); CSS keeps its logical
      // properties as written.
      ...(css ? {} : { format: "iife", target: "es2020", platform: "browser" }),
      legalComments: "none",
      charset: "utf8",
      logLevel: "silent",
    });
    const file = result.outputFiles.find((f) => f.path.endsWith(name));
    if (!file) throw new Error(`esbuild produced no ${name}`);
    out.push({ name, contents: file.text });
  }
  return out;
}

/** Writes the built assets into assets/ (leaving other assets alone). */
export async function writeExtensionAssets() {
  const assets = await extensionAssets();
  fs.mkdirSync(ASSETS_DIR, { recursive: true });
  for (const { name, contents } of assets) fs.writeFileSync(path.join(ASSETS_DIR, name), contents);
  return assets;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const assets = await writeExtensionAssets();
  for (const { name, contents } of assets) {
    console.log(`extensions/kanta-rewards/assets/${name}  ${Buffer.byteLength(contents)} B`);
  }
}
