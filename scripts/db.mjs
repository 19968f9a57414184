#!/usr/bin/env node
// Database tooling for both providers, driven by DATABASE_PROVIDER (sqlite | postgresql).
//   generate        write prisma/postgresql/schema.prisma from prisma/schema.prisma, generate both clients
//   deploy          apply the migrations of the active provider to DATABASE_URL
//   new-migration N write a migration named N for both providers from the schema change since the last one
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startEmbeddedPostgres } from "./lib/embedded-pg.mjs";
import { postgresSchemaFrom } from "./lib/schema-variants.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const prismaBin = path.join(root, "node_modules", ".bin", "prisma");
const sqliteSchema = path.join(root, "prisma", "schema.prisma");
const pgSchema = path.join(root, "prisma", "postgresql", "schema.prisma");
const snapshot = path.join(root, "prisma", "migrations", "schema.snapshot.prisma");

function prisma(args, env = {}, opts = {}) {
  return execFileSync(prismaBin, args, {
    cwd: root,
    env: { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", ...env },
    stdio: opts.capture ? ["ignore", "pipe", "inherit"] : "inherit",
    encoding: "utf8",
  });
}

function writePgSchema() {
  fs.mkdirSync(path.dirname(pgSchema), { recursive: true });
  fs.writeFileSync(pgSchema, postgresSchemaFrom(fs.readFileSync(sqliteSchema, "utf8")));
}

const [command, ...rest] = process.argv.slice(2);
switch (command) {
  case "generate": {
    writePgSchema();
    prisma(["generate", "--no-hints"], { DATABASE_PROVIDER: "sqlite", DATABASE_URL: "file:./generate-only.sqlite" });
    prisma(["generate", "--no-hints"], { DATABASE_PROVIDER: "postgresql", DATABASE_URL: "postgresql://generate-only/none" });
    break;
  }
  case "deploy": {
    prisma(["migrate", "deploy"]);
    break;
  }
  case "new-migration": {
    const name = rest[0];
    if (!name || !/^[a-z0-9_]+$/.test(name)) throw new Error("usage: db.mjs new-migration snake_case_name");
    writePgSchema();
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    // With driver adapters even `migrate diff` connects to a database: give it a throwaway server.
    const pgServer = await startEmbeddedPostgres();
    const tmp = fs.mkdtempSync(path.join((await import("node:os")).tmpdir(), "kanta-schema-"));
    for (const provider of ["sqlite", "postgresql"]) {
      const to = provider === "sqlite" ? sqliteSchema : pgSchema;
      let fromArgs = ["--from-empty"];
      if (fs.existsSync(snapshot)) {
        const prev = path.join(tmp, `${provider}.prisma`);
        const text = fs.readFileSync(snapshot, "utf8");
        fs.writeFileSync(prev, provider === "sqlite" ? text : postgresSchemaFrom(text));
        fromArgs = ["--from-schema-datamodel", prev];
      }
      const sql = prisma(
        ["migrate", "diff", ...fromArgs, "--to-schema-datamodel", to, "--script"],
        { DATABASE_PROVIDER: provider, DATABASE_URL: provider === "sqlite" ? "file:./unused.sqlite" : pgServer.url() },
        { capture: true },
      );
      const dir = path.join(root, "prisma", "migrations", provider, `${stamp}_${name}`);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, "migration.sql"), sql);
      const lock = path.join(root, "prisma", "migrations", provider, "migration_lock.toml");
      fs.writeFileSync(lock, `# Written by scripts/db.mjs\nprovider = "${provider}"\n`);
      console.log(`wrote ${path.relative(root, dir)}/migration.sql`);
    }
    await pgServer.stop();
    fs.rmSync(path.join(root, "unused.sqlite"), { force: true });
    fs.copyFileSync(sqliteSchema, snapshot);
    break;
  }
  default:
    console.error("usage: node scripts/db.mjs generate | deploy | new-migration NAME");
    process.exit(2);
}
