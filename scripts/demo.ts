// `npm run demo`: a local Kanta demo store on SQLite, with no Shopify account. Prepares the
// database and the build, seeds the local Admin API emulator with a simulated year of
// kanta-demo.myshopify.com (shop, customers, orders), starts the production server with the
// emulator answering its Admin API calls, replays the same year as signed webhooks through
// POST /webhooks, opens the embedded app as the merchant (token exchange, install, history
// import against the emulator), then prints where to look and keeps running until Ctrl-C.
//   --fresh              delete the demo database and the emulator's store first (by default a re-run reuses them)
//   --sign <customer id> print a freshly signed storefront URL (GET /proxy/me) and exit
//   --redeem             with --sign: the signed URL of POST /proxy/redeem instead
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { parseArgs } from "node:util";
import type { EmulatorStore } from "../app/emulator/store.server";
import { sqliteFileFromUrl } from "../app/storage/sql.server";
import { simulateStore } from "../test/support/shopify-payloads";
import { ADMIN_API_VERSION, adminSchemaPath, ensureAdminSchema } from "./admin-schema.mjs";
import {
  DEMO_PLAN, openAppAsMerchant, removeEmulatorStore, seedAdminEmulator, waitForHistoryImport, waitForPointsMetafields,
  type MetafieldFacts,
} from "./lib/demo-admin";
import { fmt, sleep, Ui } from "./lib/demo-console";
import { DemoDb, type DemoSummary, type SnapshotDiff, type TopMember } from "./lib/demo-db";
import {
  DEFAULT_PORT, DEMO_CUSTOMERS, DEMO_DAYS, DEMO_DEFAULTS, DEMO_SEED, DEMO_SHOP, DemoError, EMULATOR_FILE, ROOT,
  choosePort, localAdminUrl, readState, removeState, signedMeUrl, signedProxyUrl, storefrontPreviewUrl, withDefaults, writeState,
} from "./lib/demo-env";
import { DEMO_MAIL_DIR, DEMO_MAIL_FROM, startMailCatcher, type DemoMailCatcher } from "./lib/demo-mail";
import { replayWebhooks, waitForDrain } from "./lib/demo-seed";
import { SETTINGS_DATA, themeSettingsData } from "../test/support/theme-settings";

const USAGE = `usage: npm run demo [-- --fresh]              start the local demo store (--fresh: new database)
       npm run demo -- --sign <customer id>     print a freshly signed /proxy/me URL and exit
       npm run demo -- --sign <customer id> --redeem   the same for POST /proxy/redeem`;

const ui = new Ui();
const stopController = new AbortController();
let server: { proc: ChildProcess; exited: Promise<number | null> } | null = null;
let db: DemoDb | null = null;
let emulator: EmulatorStore | null = null;
let mailCatcher: DemoMailCatcher | null = null;
let stopping = false;

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

async function shutdown(code: number, signal?: NodeJS.Signals): Promise<never> {
  if (!stopping) {
    stopping = true;
    stopController.abort();
    if (signal) ui.done(`stopping the demo (${signal})…`);
    if (server && server.proc.exitCode === null && server.proc.signalCode === null) {
      server.proc.kill(signal ?? "SIGTERM");
      const force = setTimeout(() => server?.proc.kill("SIGKILL"), 10_000);
      const exitCode = await server.exited;
      clearTimeout(force);
      if (signal && exitCode !== 0) code = 1;
    }
    db?.close();
    emulator?.close();
    await mailCatcher?.close();
  }
  process.exit(code);
}

/** Runs a setup command with its output captured, shown only if it fails. */
function step(title: string, command: string, args: string[], env: NodeJS.ProcessEnv): void {
  const started = performance.now();
  ui.status(`${title}…`);
  const r = spawnSync(command, args, { cwd: ROOT, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.signal === "SIGINT" || r.signal === "SIGTERM") process.exit(130);
  if (r.status !== 0) {
    ui.done(`✖ ${title}`);
    process.stderr.write(`${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? `${r.error.message}\n` : ""}`);
    throw new DemoError(`${title} failed (exit ${r.status ?? r.signal})`);
  }
  ui.done(`✔ ${title} (${seconds(started)})`);
}

function newestMtime(target: string): number {
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(target).reduce((max, name) => Math.max(max, newestMtime(path.join(target, name))), stat.mtimeMs);
}

/** Why the production build must be (re)made, or null when it is current. */
function buildOutdated(): string | null {
  const outputs = ["build/server.js", "build/index.js", "public/build"].map((f) => path.join(ROOT, f));
  if (!outputs.every((f) => fs.existsSync(f))) return "build/ is missing";
  const built = Math.min(...outputs.slice(0, 2).map((f) => fs.statSync(f).mtimeMs));
  const sources = Math.max(...["app", "server"].map((d) => newestMtime(path.join(ROOT, d))));
  return sources > built ? "app/ changed since the last build" : null;
}

const EMULATOR_WARNING = "ADMIN API EMULATOR ON";
let emulatorWarningShown = false;
/** The server's latest "metafield sync failed" error, for the report. */
let lastMetafieldSyncError: string | null = null;

function startServer(env: NodeJS.ProcessEnv): void {
  const proc = spawn(process.execPath, [path.join(ROOT, "build", "server.js")], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  for (const [input, output] of [[proc.stdout!, process.stdout], [proc.stderr!, process.stderr]] as const) {
    readline.createInterface({ input }).on("line", (line) => {
      // The server's bundle and the Remix build each wire the emulator, so its warning comes twice.
      if (line.includes(EMULATOR_WARNING)) {
        if (emulatorWarningShown) return;
        emulatorWarningShown = true;
      }
      // scripts/admin-schema.mjs, bundled into build/server.js, takes the server for its own CLI
      // run and prints the schema's path: not news to the demo's user.
      if (line === adminSchemaPath()) return;
      if (line.includes('"metafield sync failed')) {
        try {
          lastMetafieldSyncError = String((JSON.parse(line) as { error?: unknown }).error ?? "");
        } catch {
          // not a JSON log line
        }
      }
      ui.log(`[server] ${line}`, output);
    });
  }
  const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
  exited.then((code) => {
    if (stopping) return;
    ui.done(`✖ the server exited unexpectedly (${code === null ? `signal ${proc.signalCode}` : `exit ${code}`}); see its log above`);
    void shutdown(1);
  });
  server = { proc, exited };
}

async function waitUntilHealthy(baseUrl: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${baseUrl}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new DemoError("the server did not answer GET /healthz within 30 s");
}

/** What the Admin API side of the demo did: the emulator's seed, the install and history import, the metafields. */
type AdminReport = {
  seeded: { customers: number; orders: number };
  imported: { customers: number; orders: number; earlierRun: boolean } | null;
  ledgerBefore: number;
  ledgerAfter: number;
  historicOrders: number;
  diff: SnapshotDiff;
  metafields: MetafieldFacts;
};

/** What the import did to Kanta's orders and members (besides the ledger). */
function describeDiff(d: SnapshotDiff): string {
  const part = (what: string, x: SnapshotDiff["orders"]) =>
    x.changed || x.added
      ? `${what}: ${[x.changed ? `${fmt(x.changed)} of ${fmt(x.total - x.added)} updated` : "", x.added ? `${fmt(x.added)} added` : ""].filter(Boolean).join(", ")}`
      : `${what} unchanged`;
  return `${part("orders", d.orders)}, ${part("members", d.members)}`;
}

function printReport(o: {
  localUrl: string; dbFile: string; secret: string; summary: DemoSummary; top: TopMember[]; defaultSecret: boolean; admin: AdminReport; rewards: DemoRewards;
}): void {
  const { localUrl, summary: s, admin: a } = o;
  const row = (label: string, value: string) => `    ${label.padEnd(22)}${value}`;
  const ledger =
    a.ledgerAfter === a.ledgerBefore
      ? `ledger unchanged by it (${fmt(a.ledgerAfter)} entries)`
      : `ledger CHANGED by it: ${fmt(a.ledgerBefore)} → ${fmt(a.ledgerAfter)} entries`;
  const outside = a.imported && !a.imported.earlierRun ? a.seeded.orders - a.imported.orders : 0;
  const rows = describeDiff(a.diff);
  const lines = [
    "",
    "Kanta demo store is running (Ctrl-C to stop)",
    "",
    `  Admin       ${localAdminUrl(localUrl)}`,
    `              (the merchant's admin in this browser; add &locale=fi for Finnish)`,
    `  Storefront  ${storefrontPreviewUrl(localUrl, o.top[0]?.customerId ?? null)}`,
    `              (the theme app extension as ${o.top[0]?.name ?? "a logged-out shopper"} sees it; &page=product, &locale=fi, customer= for logged out)`,
    `  App         ${localUrl}/`,
    `  Health      ${localUrl}/healthz`,
    `  Database    ${path.relative(ROOT, o.dbFile)}`,
    `  Admin API   ${path.relative(ROOT, EMULATOR_FILE)} (local emulator)`,
    `  Sent mail   ${localUrl}/local-admin/mail (what the demo's SMTP catcher received, saved in ${path.relative(ROOT, DEMO_MAIL_DIR)}/)`,
    "",
    `  ${DEMO_SHOP}`,
    row("members", fmt(s.members)),
    row("ledger entries", fmt(s.ledgerEntries)),
    row("points outstanding", fmt(s.pointsOutstanding)),
    row("orders that earned", fmt(s.ordersEarning)),
    row("webhooks", `${fmt(s.webhooks.done)} done, ${fmt(s.webhooks.failed)} failed${s.webhooks.pending ? `, ${fmt(s.webhooks.pending)} pending` : ""}`),
    ...s.failedEvents.slice(0, 5).map((f) => `      failed #${f.id} ${f.topic}: ${f.lastError ?? "?"}`),
    "",
    `  Admin API (${DEMO_PLAN.planName} shop)`,
    row("seeded", `${fmt(a.seeded.customers)} customers, ${fmt(a.seeded.orders)} orders (as Shopify shows them at the year's end)`),
    row(
      "history import",
      a.imported
        ? `read ${fmt(a.imported.customers)} customers, ${fmt(a.imported.orders)} orders` +
            (a.imported.earlierRun ? " (in an earlier run; not re-run)" : outside > 0 ? ` (it reaches back 365 days; ${fmt(outside)} older outside)` : "")
        : "did not finish (see above)",
    ),
    row("", `all known from the webhooks: ${fmt(a.historicOrders)} orders new to Kanta`),
    row("", ledger),
    row("", `${rows}${a.diff.orders.changed || a.diff.members.changed ? " (brought in line with the Admin API)" : ""}`),
    row("metafield definitions", `${fmt(a.metafields.definitions)} created (kanta.points, kanta.tier, kanta.program)`),
    row(
      "kanta.points",
      `${fmt(a.metafields.points)} customer metafields written${a.metafields.pending ? `, ${fmt(a.metafields.pending)} still waiting for the sync` : ""}`,
    ),
    row("kanta.program", a.metafields.program ? "program summary written to the shop" : "not written"),
    row("requests", `${fmt(a.metafields.requests)} Admin GraphQL calls answered`),
    `  Admin API: answered by Kanta's local emulator (validated against Shopify's ${ADMIN_API_VERSION} Admin schema) — not Shopify.`,
    "",
    "  Storefront: GET /apps/kanta/me, as Shopify's App Proxy forwards it to /proxy/me (signed query).",
    "  Each signature below is valid for 90 s; mint a fresh one with",
    "    npm run demo -- --sign <customer id>",
    `    e.g. curl "$(npm run -s demo -- --sign ${o.top[0]?.customerId ?? "<customer id>"})"`,
    "",
    ...o.top.flatMap((m) => [`    ${m.name} (customer ${m.customerId}), ${fmt(m.balance)} points`, `      ${signedMeUrl(localUrl, o.secret, m.customerId)}`]),
    "    Logged out (program description only)",
    `      ${signedMeUrl(localUrl, o.secret, null)}`,
    "",
    `  Rewards (the default catalog; edit it in the admin: ${localAdminUrl(localUrl, { path: "/app/rewards" })})`,
    ...o.rewards.catalog.map((r) => `    #${r.id} ${r.name}: ${fmt(r.pointsCost)} points. ${r.combinesText}`),
    ...(o.rewards.redeemed
      ? [
          `    ${o.rewards.redeemed.name} redeemed ${fmt(o.rewards.redeemed.points)} points: code ${o.rewards.redeemed.code} (single use, only for them)`,
          "    Redeem yourself (POST /apps/kanta/redeem, as the storefront widget will):",
          `      curl -X POST "$(npm run -s demo -- --sign ${o.rewards.redeemed.customerId} --redeem)" -H 'Content-Type: application/json' \\`,
          `        -d '{"rewardId":"${o.rewards.catalog[0]?.id ?? "1"}","idempotencyKey":"try-it-1"}'`,
        ]
      : [`    no demo redemption: ${o.rewards.problem ?? "?"}`]),
    "",
    "  There is no Shopify here. The webhooks were generated locally (seed " + `"${DEMO_SEED}"), signed with`,
    `  ${o.defaultSecret ? `the demo secret "${DEMO_DEFAULTS.SHOPIFY_API_SECRET}"` : "your SHOPIFY_API_SECRET"} and posted to POST /webhooks as Shopify would. Every Admin API`,
    "  call (token exchange, install, history import, metafield writes) went to Kanta's local emulator,",
    `  seeded from the same simulation in ${path.relative(ROOT, EMULATOR_FILE)}. The embedded admin (/app) was opened`,
    "  with a locally signed session token, which is what installed Kanta. In a browser, the Admin link",
    "  above opens it the same way: /local-admin signs a session token with the demo's secret and serves a",
    "  small stand-in for Shopify's App Bridge script (only while SHOPIFY_APP_URL is a loopback address).",
    "",
  ];
  ui.done(lines.join("\n"));
}

/** Opens the app as the merchant, follows the install and history import, then the metafield sync. */
async function runInstall(o: { baseUrl: string; env: NodeJS.ProcessEnv; seeded: AdminReport["seeded"] }): Promise<AdminReport> {
  const demoDb = db!;
  const backfillBefore = demoDb.job(DEMO_SHOP, "backfill");
  const earlierRun = backfillBefore?.status === "done";
  const installedBefore = demoDb.hasOfflineSession(DEMO_SHOP);
  const ledgerBefore = demoDb.ledgerEntries(DEMO_SHOP);
  const before = demoDb.snapshot(DEMO_SHOP);

  const started = performance.now();
  ui.status("opening the embedded app as the merchant…");
  await openAppAsMerchant(o.baseUrl, DEMO_SHOP, o.env.SHOPIFY_API_KEY!, o.env.SHOPIFY_API_SECRET!);
  ui.done(
    `✔ opened the embedded app as the merchant (GET /app with a session token, HTTP 200)${
      installedBefore ? ": installed in an earlier run (offline session kept)" : demoDb.hasOfflineSession(DEMO_SHOP) ? ": token exchange stored an offline session" : ""
    }`,
  );

  const outcome = await waitForHistoryImport(ui, demoDb, DEMO_SHOP, stopController.signal);
  if (stopping) throw new DemoError("stopped");
  const progress = outcome.backfill?.progress ?? {};
  const imported = outcome.backfill?.status === "done" ? { customers: Number(progress.customers ?? 0), orders: Number(progress.orders ?? 0), earlierRun } : null;
  const ledgerAfter = demoDb.ledgerEntries(DEMO_SHOP);
  const diff = DemoDb.diff(before, demoDb.snapshot(DEMO_SHOP));
  if (!outcome.settled) {
    ui.done(
      `! the history import is not finished after a minute without progress (backfill ${outcome.backfill?.status ?? "not queued"}, ` +
        `${fmt(outcome.pending)} inbox events pending); see the server log`,
    );
  } else if (earlierRun) {
    ui.done(`✔ history import: done in an earlier run (read ${fmt(imported!.customers)} customers, ${fmt(imported!.orders)} orders); not run again`);
  } else {
    ui.done(
      `✔ installed and imported the history from the Admin API in ${seconds(started)}: read ${fmt(imported!.customers)} customers and ` +
        `${fmt(imported!.orders)} orders; ${
          ledgerAfter === ledgerBefore ? `the ledger is unchanged (${fmt(ledgerAfter)} entries)` : `the ledger changed: ${fmt(ledgerBefore)} → ${fmt(ledgerAfter)} entries`
        }; ${describeDiff(diff)}`,
    );
  }

  const metafields = await waitForPointsMetafields(ui, emulator!, demoDb, DEMO_SHOP, stopController.signal);
  if (stopping) throw new DemoError("stopped");
  ui.done(
    metafields.pending === 0
      ? `✔ kanta.points metafields: ${fmt(metafields.points)} written by the metafield sync`
      : `! kanta.points metafields: ${fmt(metafields.points)} written, ${fmt(metafields.pending)} still waiting after ${(metafields.waitedMs / 1000).toFixed(0)} s ` +
          (lastMetafieldSyncError ? `(the sync, every 5 s, keeps failing: ${lastMetafieldSyncError})` : "(the sync runs every 5 s; see the server log)"),
  );
  return { seeded: o.seeded, imported, ledgerBefore, ledgerAfter, historicOrders: demoDb.historicOrders(DEMO_SHOP), diff, metafields };
}

type DemoRewards = {
  catalog: { id: string; name: string; pointsCost: number; combinesText: string }[];
  redeemed: { customerId: string; name: string; reward: string; points: number; code: string; balance: number; again: boolean } | null;
  problem: string | null;
};

/**
 * The top shopper redeems the first reward they can afford, through POST /proxy/redeem exactly as
 * the storefront would (signed App Proxy request). The idempotency key is fixed, so a re-run of the
 * demo answers the same code instead of spending again.
 */
async function demoRedemption(baseUrl: string, secret: string, top: TopMember | undefined): Promise<DemoRewards> {
  const out: DemoRewards = { catalog: [], redeemed: null, problem: null };
  if (!top) return { ...out, problem: "no members yet" };
  try {
    const me = (await (await fetch(signedMeUrl(baseUrl, secret, top.customerId))).json()) as {
      rewards: { id: string; name: string; pointsCost: number; affordable: boolean; combinesText: string; kind: string }[];
    };
    out.catalog = me.rewards;
    const reward = me.rewards.find((r) => r.affordable && r.kind !== "variable");
    if (!reward) return { ...out, problem: `${top.name} cannot afford any reward` };
    const res = await fetch(signedProxyUrl(baseUrl, secret, top.customerId, "redeem"), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ rewardId: reward.id, idempotencyKey: `demo-first-redemption-${top.customerId}` }),
    });
    const body = (await res.json()) as { code?: string; points?: { balance: number; spent: number }; error?: { message: string } };
    if (!res.ok || !body.code) return { ...out, problem: `POST /proxy/redeem answered ${res.status}: ${body.error?.message ?? "?"}` };
    const again = body.points!.balance !== top.balance - body.points!.spent;
    out.redeemed = { customerId: top.customerId, name: top.name, reward: reward.name, points: body.points!.spent, code: body.code, balance: body.points!.balance, again };
    ui.done(
      `✔ ${top.name} redeemed ${fmt(body.points!.spent)} points for "${reward.name}" through POST /proxy/redeem: code ${body.code}` +
        (again ? " (redeemed in an earlier run; the same key answers the same code)" : " (created by discountCodeBasicCreate in the emulator)"),
    );
  } catch (error) {
    out.problem = (error as Error).message;
  }
  return out;
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({ options: { fresh: { type: "boolean" }, sign: { type: "string" }, redeem: { type: "boolean" }, help: { type: "boolean", short: "h" } } }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (args.help) return void console.log(USAGE);
  process.chdir(ROOT);

  if (args.sign !== undefined) {
    if (!/^\d{1,20}$/.test(args.sign)) throw new DemoError(`--sign needs a numeric Shopify customer id (logged_in_customer_id)\n${USAGE}`);
    const port = process.env.PORT || readState().port || DEFAULT_PORT;
    console.log(signedProxyUrl(`http://localhost:${port}`, process.env.SHOPIFY_API_SECRET || DEMO_DEFAULTS.SHOPIFY_API_SECRET!, args.sign, args.redeem ? "redeem" : "me"));
    return;
  }

  process.on("SIGINT", () => void shutdown(0, "SIGINT"));
  process.on("SIGTERM", () => void shutdown(0, "SIGTERM"));

  const { port, note } = await choosePort(process.env.PORT);
  const env = withDefaults(process.env, port);
  if (env.DATABASE_PROVIDER !== "sqlite" || !env.DATABASE_URL!.startsWith("file:")) {
    throw new DemoError("npm run demo runs on SQLite: unset DATABASE_PROVIDER and DATABASE_URL (or point DATABASE_URL at a file:)");
  }
  const dbFile = sqliteFileFromUrl(env.DATABASE_URL!);
  console.log(`Kanta demo: a local store on SQLite (${path.relative(ROOT, dbFile)}), no Shopify account needed`);
  if (note) console.log(`  note: ${note}`);
  if (args.fresh) {
    for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(dbFile + suffix, { force: true });
    removeEmulatorStore(EMULATOR_FILE);
    removeState();
    fs.rmSync(DEMO_MAIL_DIR, { recursive: true, force: true });
    console.log(`  --fresh: deleted the demo database, the Admin API emulator's store and the caught mail`);
  } else if (fs.existsSync(dbFile) || fs.existsSync(EMULATOR_FILE)) {
    console.log("  reusing the demo database and the Admin API emulator's store (--fresh starts over)");
  }
  fs.mkdirSync(path.dirname(dbFile), { recursive: true });

  step("Prisma clients generated", process.execPath, ["scripts/db.mjs", "generate"], env);
  step("migrations applied", process.execPath, ["scripts/db.mjs", "deploy"], env);
  const outdated = buildOutdated();
  if (outdated) step(`built (${outdated})`, "npm", ["run", "build", "--silent"], env);
  else console.log("✔ build is up to date");
  const hadSchema = fs.existsSync(adminSchemaPath());
  if (!hadSchema) ui.status(`fetching Shopify's ${ADMIN_API_VERSION} Admin schema (once)…`);
  const schemaFile = ensureAdminSchema();
  ui.done(`✔ Shopify's ${ADMIN_API_VERSION} Admin schema ${hadSchema ? "is cached" : "fetched"} (${path.relative(ROOT, schemaFile)}); the emulator validates every call against it`);

  // The history ends at the start of the UTC day of the first run; kept so that re-runs replay
  // byte-identical deliveries (same event ids) that the inbox deduplicates, and seed the same orders.
  const endDate = readState().endDate ?? new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000).toISOString();
  writeState({ endDate, port });
  const simulated = simulateStore({
    seed: DEMO_SEED, customers: DEMO_CUSTOMERS, days: DEMO_DAYS, endDate: new Date(endDate), currency: "USD", shop: { domain: DEMO_SHOP },
  });
  const { deliveries } = simulated;
  console.log(
    `  simulated ${DEMO_CUSTOMERS} customers over ${DEMO_DAYS} days to ${endDate.slice(0, 10)} (seed "${DEMO_SEED}"): ` +
      `${fmt(simulated.orders.length)} orders, ${fmt(deliveries.length)} webhook deliveries`,
  );

  // Seeded before the server starts: the emulator serves the same shop, customers and orders.
  const seeding = performance.now();
  const { store, customers, orders, changes } = seedAdminEmulator(EMULATOR_FILE, simulated);
  emulator = store;
  // The live theme has no Kanta launcher yet: the admin overview shows the onboarding to switch it on.
  store.setThemeFile(DEMO_SHOP, SETTINGS_DATA, themeSettingsData("absent"));
  console.log(
    `✔ Admin API emulator seeded (${path.relative(ROOT, EMULATOR_FILE)}): ${simulated.shop.name}, ${DEMO_PLAN.planName}, ` +
      `${fmt(customers)} customers, ${fmt(orders)} orders in ${seconds(seeding)}`,
  );
  console.log(
    `  as Shopify shows them after the year's webhooks: ${changes.leftOut} customers left out (deleted: ${changes.deleted}, of which erased: ` +
      `${changes.erased}; merged away: ${changes.merged}); ${changes.ordersReassigned} of their orders now without a customer or with the one kept`,
  );

  const localUrl = `http://localhost:${port}`;
  const baseUrl = `http://127.0.0.1:${port}`;
  // Flow mails go to a local SMTP catcher, never out: the page /local-admin/mail shows them.
  mailCatcher = await startMailCatcher(DEMO_MAIL_DIR);
  env.SMTP_URL = mailCatcher.url;
  env.KANTA_DEMO_MAIL_DIR = DEMO_MAIL_DIR;
  env.MAIL_FROM ||= DEMO_MAIL_FROM;
  console.log(`✔ mail catcher listening at ${mailCatcher.url}: flow mails are kept in ${path.relative(ROOT, DEMO_MAIL_DIR)}/, never sent out`);
  const started = performance.now();
  startServer(env);
  await waitUntilHealthy(baseUrl);
  console.log(`✔ server started at ${localUrl} (pid ${server!.proc.pid}, LOG_LEVEL=${env.LOG_LEVEL}) in ${seconds(started)}`);
  if (!emulatorWarningShown) console.log(`! Admin API emulator on: Admin GraphQL calls go to ${path.relative(ROOT, EMULATOR_FILE)}, not to Shopify`);

  const replay = await replayWebhooks(ui, { baseUrl, secret: env.SHOPIFY_API_SECRET!, deliveries, concurrency: 16, signal: stopController.signal });
  if (stopping) return;
  ui.done(
    `✔ replayed ${fmt(deliveries.length)} signed webhooks in ${replay.seconds.toFixed(1)} s (${fmt(deliveries.length / replay.seconds)}/s): ` +
      `${fmt(replay.stored)} stored, ${fmt(replay.duplicates)} duplicates acknowledged without storing again`,
  );
  for (const r of replay.rejected.slice(0, 5)) console.error(`  ✖ ${r.topic} was refused: HTTP ${r.status} ${r.body}`);
  if (replay.rejected.length > 0) console.error(`  ✖ ${fmt(replay.rejected.length)} deliveries refused in all`);

  db = new DemoDb(dbFile);
  const drainStarted = performance.now();
  const left = await waitForDrain(ui, db, stopController.signal);
  if (stopping) return;
  if (left === 0) ui.done(`✔ the worker has processed every webhook event (waited ${seconds(drainStarted)} after the replay)`);
  else ui.done(`! ${fmt(left)} webhook events are still pending after a minute without progress (retrying with backoff; see the server log)`);

  const admin = await runInstall({ baseUrl, env, seeded: { customers, orders } });
  if (stopping) return;

  const rewards = await demoRedemption(localUrl, env.SHOPIFY_API_SECRET!, db.topMembers(DEMO_SHOP, 1)[0]);
  const defaultSecret = !process.env.SHOPIFY_API_SECRET;
  printReport({ localUrl, dbFile, secret: env.SHOPIFY_API_SECRET!, summary: await db.summary(DEMO_SHOP), top: db.topMembers(DEMO_SHOP, 3), defaultSecret, admin, rewards });
  await server!.exited; // runs until Ctrl-C (or the server stops by itself)
}

main().catch(async (error) => {
  if (stopping) return;
  ui.done(error instanceof DemoError ? `✖ ${error.message}` : `✖ the demo failed: ${(error as Error).stack ?? error}`);
  await shutdown(1);
});
