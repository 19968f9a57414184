#!/usr/bin/env node
// Fetches Shopify's Admin GraphQL introspection schema for the app's API version from the npm
// package @shopify/dev-mcp (which ships Shopify's schemas) into .cache/shopify/, once.
// The package is only unpacked, never installed; nothing of it is committed.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";

export const ADMIN_API_VERSION = "2026-07";
const DEV_MCP = "@shopify/dev-mcp@1.16.0";
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const cacheDir = path.join(root, ".cache", "shopify");

export function adminSchemaPath(version = ADMIN_API_VERSION) {
  return path.join(cacheDir, `admin_${version}.json`);
}

export function ensureAdminSchema(version = ADMIN_API_VERSION) {
  const target = adminSchemaPath(version);
  if (fs.existsSync(target)) return target;
  fs.mkdirSync(cacheDir, { recursive: true });
  const packDir = fs.mkdtempSync(path.join(cacheDir, "pack-"));
  try {
    const tarball = execFileSync("npm", ["pack", DEV_MCP, "--silent", "--pack-destination", packDir], {
      cwd: packDir,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    }).trim().split("\n").pop();
    const member = `package/dist/data/admin_${version}.json.gz`;
    execFileSync("tar", ["xzf", path.join(packDir, tarball), "-C", packDir, member], { stdio: "inherit" });
    const json = zlib.gunzipSync(fs.readFileSync(path.join(packDir, member)));
    JSON.parse(json.toString("utf8")); // refuse to cache a truncated file
    fs.writeFileSync(`${target}.tmp`, json);
    fs.renameSync(`${target}.tmp`, target);
    return target;
  } finally {
    fs.rmSync(packDir, { recursive: true, force: true });
  }
}

// Run as a command (`node scripts/admin-schema.mjs`), not when bundled into the server.
if (process.argv[1] && path.basename(process.argv[1]) === "admin-schema.mjs") {
  process.stdout.write(`${ensureAdminSchema()}\n`);
}
