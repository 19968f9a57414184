// Shopify's Theme Check over the theme app extension (extensions/kanta-rewards) with the
// theme-app-extension configuration: prints every offense as file:line, exits 1 on any.
// The Liquid docs and JSON schemas are the ones bundled with the installed
// @shopify/theme-check-docs-updater (pinned like every dependency: no download, same result offline).
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { themeCheckRun } from "@shopify/theme-check-node";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(path.join(ROOT, "node_modules", "@shopify", "theme-check-node", "package.json"));
process.env.SHOPIFY_TLD_ROOT ??= path.dirname(require.resolve("@shopify/theme-check-docs-updater/package.json"));
const EXTENSION = path.join(ROOT, "extensions", "kanta-rewards");
const SEVERITY = ["error", "warning", "info"];

const { theme, offenses } = await themeCheckRun(EXTENSION, "theme-check:theme-app-extension");

const sorted = [...offenses].sort((a, b) => a.uri.localeCompare(b.uri) || a.start.line - b.start.line || a.start.character - b.start.character);
for (const o of sorted) {
  const file = path.relative(ROOT, fileURLToPath(o.uri));
  console.log(`${file}:${o.start.line + 1}:${o.start.character + 1}: ${SEVERITY[o.severity] ?? o.severity} ${o.check}: ${o.message}`);
}
console.log(`Theme Check: ${theme.length} files in extensions/kanta-rewards, ${offenses.length} offense${offenses.length === 1 ? "" : "s"}`);
process.exit(offenses.length > 0 ? 1 : 0);
