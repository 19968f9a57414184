// The browser tests' setup: a migrated SQLite template (the integration suites cover PostgreSQL).
// Chromium is checked by each spec (test/e2e/harness.ts), which fails loudly without it.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    e2eSqliteTemplate: string;
  }
}

const root = path.resolve(__dirname, "..", "..");

export default async function setup(project: TestProject) {
  if (!fs.existsSync(path.join(root, "build", "server.js")) || !fs.existsSync(path.join(root, "build", "index.js"))) {
    throw new Error("The browser tests run the production build: run `npm run build` first (npm test does).");
  }
  // Screenshots of this run only.
  fs.rmSync(path.join(root, "test-results", "e2e"), { recursive: true, force: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kanta-e2e-"));
  const template = path.join(tmp, "template.sqlite");
  execFileSync(process.execPath, [path.join(root, "scripts", "db.mjs"), "deploy"], {
    cwd: root,
    env: { ...process.env, DATABASE_PROVIDER: "sqlite", DATABASE_URL: `file:${template}` },
    stdio: ["ignore", "ignore", "inherit"],
  });
  project.provide("e2eSqliteTemplate", template);
  return () => fs.rmSync(tmp, { recursive: true, force: true });
}
