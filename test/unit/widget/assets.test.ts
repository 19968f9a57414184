// The theme app extension's assets/ are what Shopify deploys: they must be what
// scripts/build-extension.mjs builds from src/ now (run `npm run build` or
// `node scripts/build-extension.mjs` after changing a source), and stay within the size budget.
import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { ASSETS_DIR, EXTENSION_ENTRIES, extensionAssets } from "../../../scripts/build-extension.mjs";

describe("extensions/kanta-rewards/assets", () => {
  it("are what the build makes of src/ now", async () => {
    const built = await extensionAssets();
    expect(built.map((a) => a.name)).toEqual(Object.keys(EXTENSION_ENTRIES));
    for (const { name, contents } of built) {
      const file = path.join(ASSETS_DIR, name);
      expect(fs.existsSync(file), `${name} exists`).toBe(true);
      expect(fs.readFileSync(file, "utf8"), `${name} is stale: run node scripts/build-extension.mjs`).toBe(contents);
    }
  }, 60_000);

  it("fit the budget: first paint ≤ 5 KB gzipped, all JS ≤ 15 KB, CSS ≤ 5 KB, no file over 10 KB", () => {
    const size = (name: string) => fs.statSync(path.join(ASSETS_DIR, name)).size;
    const gz = (name: string) => gzipSync(fs.readFileSync(path.join(ASSETS_DIR, name)), { level: 9 }).length;
    for (const name of Object.keys(EXTENSION_ENTRIES)) expect(size(name), name).toBeLessThanOrEqual(10_000);
    expect(gz("kanta.js")).toBeLessThanOrEqual(5 * 1024);
    expect(gz("kanta.js") + gz("kanta-panel.js")).toBeLessThanOrEqual(15 * 1024);
    expect(gz("kanta.css")).toBeLessThanOrEqual(5 * 1024);
  });
});
