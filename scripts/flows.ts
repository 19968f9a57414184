// `npm run flows -- run-due [--now <ISO time>]`: one pass of the flows sweep as of that time
// (default: now) against DATABASE_URL / DATABASE_PROVIDER, mailing through SMTP_URL; prints the
// report as JSON. For cron (alongside or instead of the in-app scheduler) and for tests.
// Uses the app's environment (SHOPIFY_APP_URL for links, SHOPIFY_API_SECRET to sign them).
// Exit codes: 0 done, 1 failed, 2 bad usage.
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { closeDatabases, getSql } from "../app/db.server";
import { EnvError, env } from "../app/env.server";
import { runDue } from "../app/flows/engine.server";
import { mailerFromEnv } from "../app/mail/mailer.server";
import type { AdminGraphql } from "../app/shopify/admin-client.server";

const USAGE = "usage: npm run flows -- run-due [--now <ISO 8601 time, e.g. 2026-06-01T12:00:00Z>]";

function usage(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

/** A full ISO 8601 date and time with a zone (Z or ±hh:mm), e.g. 2026-06-01T12:00:00Z. */
function parseNow(text: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return null;
  const t = Date.parse(text);
  if (Number.isNaN(t)) return null;
  // Date.parse rolls 2026-02-31 over to March: the date must read back the same.
  const [y, m, d] = text.slice(0, 10).split("-").map(Number);
  const offset = /([+-])(\d{2}):(\d{2})$/.exec(text);
  const shift = offset ? (offset[1] === "-" ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3])) * 60_000 : 0;
  const local = new Date(t + shift);
  if (local.getUTCFullYear() !== y || local.getUTCMonth() + 1 !== m || local.getUTCDate() !== d) return null;
  return new Date(t);
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if (command !== "run-due") usage(command ? `unknown command: ${command}` : "no command given");
  let now = new Date();
  for (let i = 0; i < rest.length; i += 1) {
    const arg = rest[i]!;
    if (arg === "--now" || arg.startsWith("--now=")) {
      const value = arg === "--now" ? rest[++i] : arg.slice("--now=".length);
      if (value === undefined || value === "") usage("--now needs a time");
      const parsed = parseNow(value);
      if (!parsed) usage(`--now: not an ISO 8601 date and time with a zone: ${JSON.stringify(value)}`);
      now = parsed;
    } else {
      usage(`unknown argument: ${arg}`);
    }
  }
  let config;
  try {
    config = env();
  } catch (error) {
    if (error instanceof EnvError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const mailer = mailerFromEnv();
  let adminFor: ((shop: string) => Promise<AdminGraphql>) | null = null;
  const admin = async (shop: string) => {
    // Loaded only when a mail needs a code: it opens the session store.
    adminFor ??= (await import("../app/shopify.server")).adminFor;
    return await adminFor(shop);
  };
  try {
    const report = await runDue(getSql(), now, {
      mailer, admin, appUrl: config.SHOPIFY_APP_URL, secret: config.SHOPIFY_API_SECRET,
      workerId: `cli:${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`,
    });
    process.stdout.write(`${JSON.stringify({ now: now.toISOString(), ...report })}\n`);
  } finally {
    mailer?.close();
    await closeDatabases();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`flows: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
