// Sizes of the storefront widget as Shopify serves it (extensions/kanta-rewards/assets): raw and
// gzipped (level 9) bytes of the JavaScript loaded on first paint, of all the extension's
// JavaScript and of the CSS, with the ratio against peers' 105–113 KB of widget JavaScript.
// A measurement, not a test: it asserts nothing (test/unit/widget/assets.test.ts holds the budget).
import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { ASSETS_DIR } from "./build-extension.mjs";

const PEERS_KB = [105, 113];
const KB = 1024;

function measure(files) {
  let raw = 0;
  let gz = 0;
  for (const name of files) {
    const bytes = fs.readFileSync(path.join(ASSETS_DIR, name));
    raw += bytes.length;
    gz += gzipSync(bytes, { level: 9 }).length;
  }
  return { raw, gz };
}

const js = fs.readdirSync(ASSETS_DIR).filter((f) => f.endsWith(".js")).sort();
const css = fs.readdirSync(ASSETS_DIR).filter((f) => f.endsWith(".css")).sort();
const rows = [
  ["First paint JS (kanta.js)", ["kanta.js"], 5],
  ["Panel JS, on interaction/idle (kanta-panel.js)", ["kanta-panel.js"], null],
  [`All extension JS (${js.join(", ")})`, js, 15],
  [`CSS (${css.join(", ")})`, css, 5],
];

const kb = (n) => `${(n / KB).toFixed(2)} KB`;
const table = rows.map(([label, files, budget]) => {
  const { raw, gz } = measure(files);
  const isJs = files.every((f) => f.endsWith(".js"));
  return {
    what: label,
    raw: kb(raw),
    gzip: kb(gz),
    budget: budget === null ? "" : `≤ ${budget} KB gz`,
    "vs peers (105–113 KB)": isJs ? `${(PEERS_KB[0] * KB / gz).toFixed(0)}–${(PEERS_KB[1] * KB / gz).toFixed(0)}× lighter` : "",
  };
});

const widths = Object.keys(table[0]).map((k) => Math.max(k.length, ...table.map((r) => r[k].length)));
const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join("  ");
console.log("Storefront widget sizes (extensions/kanta-rewards/assets, gzip -9)\n");
console.log(line(Object.keys(table[0])));
console.log(line(widths.map((w) => "-".repeat(w))));
for (const r of table) console.log(line(Object.values(r)));
console.log("\nLargest single file (Theme Check limit 10,000 B):", Math.max(...[...js, ...css].map((f) => fs.statSync(path.join(ASSETS_DIR, f)).size)), "B");
