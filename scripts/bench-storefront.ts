// `npm run bench:storefront`: what Kanta's storefront launcher (the app embed) costs a shop's page,
// measured with Lighthouse. Starts the production build on a fresh SQLite database with a demo-like
// EUR shop installed through the Admin API emulator and a logged-in member (700 points, Silver),
// then runs Lighthouse (performance only, a fixed mobile configuration: Moto G Power screen,
// simulated slow 4G and a 4× CPU slowdown, as Lighthouse's mobile defaults) against Debian's
// Chromium on the local storefront preview's realistic home page (a theme-like stylesheet and
// deferred script, five images) with the embed and without it, alternating, BENCH_RUNS times
// each after one unmeasured warm-up of each. The page has no app blocks (blocks=0): the
// difference is the embed alone. Prints the medians of the performance score, Total Blocking
// Time and Cumulative Layout Shift, the differences, and the embed's JavaScript and CSS (bytes as
// the local server sends them, uncompressed, and gzipped as Shopify's CDN would serve them).
// Asserts nothing: the targets (≤ 1 point lost, ≤ 10 ms TBT added, no layout shift added) are
// printed next to the figures.
//
// Environment:
//   BENCH_RUNS     Lighthouse runs per page (default 5; the median is reported)
//   CHROME_PATH    Chromium (default /usr/bin/chromium)
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { EmulatorStore } from "../app/emulator/store.server";
import { ensureAdminSchema } from "./admin-schema.mjs";
import { REPO_ROOT, loadAppServerSupport } from "./lib/bench-support";

const RUNS = (() => {
  const raw = process.env.BENCH_RUNS ?? "5";
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 50) throw new Error(`BENCH_RUNS must be an integer from 1 to 50, got ${raw}`);
  return n;
})();
const CHROME_PATH = process.env.CHROME_PATH || "/usr/bin/chromium";
const CHROME_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
const SHOP = "bench-storefront.myshopify.com";
const LIGHTHOUSE_VERSION = (createRequire(import.meta.url)("lighthouse/package.json") as { version: string }).version;

const started = Date.now();
const say = (msg: string) => process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${msg}\n`);

/** Lighthouse's mobile defaults, written out so that a Lighthouse upgrade does not move the figures. */
const LIGHTHOUSE_CONFIG = {
  extends: "lighthouse:default",
  settings: {
    onlyCategories: ["performance"],
    formFactor: "mobile",
    screenEmulation: { mobile: true, width: 412, height: 823, deviceScaleFactor: 1.75, disabled: false },
    emulatedUserAgent:
      "Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Mobile Safari/537.36",
    throttlingMethod: "simulate",
    throttling: {
      rttMs: 150, throughputKbps: 1638.4, requestLatencyMs: 562.5, downloadThroughputKbps: 1474.56, uploadThroughputKbps: 675, cpuSlowdownMultiplier: 4,
    },
    disableFullPageScreenshot: true,
    output: "json",
  },
} as const;

type Run = { score: number; tbtMs: number; cls: number; embedBytes: { js: number; css: number }; embedFiles: string[] };

function ensureBuild(): void {
  if (fs.existsSync(path.join(REPO_ROOT, "build", "server.js")) && fs.existsSync(path.join(REPO_ROOT, "build", "index.js"))) return;
  say("build/ is missing: npm run build");
  execFileSync("npm", ["run", "build", "--silent"], { cwd: REPO_ROOT, stdio: "inherit" });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

type NetworkItem = { url: string; resourceType?: string; transferSize?: number; resourceSize?: number };

async function lighthouseRun(url: string, port: number): Promise<Run> {
  const result = await lighthouse(url, { port, logLevel: "error", output: "json" }, LIGHTHOUSE_CONFIG as never);
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
  const lhr = result.lhr;
  if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  const score = lhr.categories.performance?.score;
  if (score === null || score === undefined) throw new Error(`Lighthouse gave no performance score for ${url}: ${JSON.stringify(lhr.runWarnings)}`);
  const items = ((lhr.audits["network-requests"]?.details as { items?: NetworkItem[] } | undefined)?.items ?? []).filter((i) =>
    new URL(i.url).pathname.startsWith("/local-storefront/assets/"),
  );
  const bytes = (type: string) => items.filter((i) => i.resourceType === type).reduce((sum, i) => sum + (i.transferSize ?? 0), 0);
  return {
    score: Math.round(score * 100),
    tbtMs: Number(lhr.audits["total-blocking-time"]?.numericValue ?? NaN),
    cls: Number(lhr.audits["cumulative-layout-shift"]?.numericValue ?? NaN),
    embedBytes: { js: bytes("Script"), css: bytes("Stylesheet") },
    embedFiles: items.map((i) => new URL(i.url).pathname.replace("/local-storefront/assets/", "")).sort(),
  };
}

const gzipBytes = (file: string) => zlib.gzipSync(fs.readFileSync(path.join(REPO_ROOT, "extensions", "kanta-rewards", "assets", file)), { level: 9 }).length;

async function main(): Promise<void> {
  if (!fs.existsSync(CHROME_PATH)) throw new Error(`Chromium is not at ${CHROME_PATH}: apt-get install -y chromium, or set CHROME_PATH`);
  ensureBuild();
  ensureAdminSchema();
  const support = await loadAppServerSupport();
  const { installShop, seedMembers } = await import("../test/support/admin-seed");
  const { createRng, makeShop } = await import("../test/support/shopify-payloads");

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kanta-bench-storefront-"));
  const dbFile = path.join(dir, "kanta.sqlite");
  say(`migrating ${dbFile}`);
  execFileSync(process.execPath, [path.join(REPO_ROOT, "scripts", "db.mjs"), "deploy"], {
    cwd: REPO_ROOT, env: { ...process.env, DATABASE_PROVIDER: "sqlite", DATABASE_URL: `file:${dbFile}` }, stdio: ["ignore", "ignore", "inherit"],
  });
  const db = { provider: "sqlite" as const, url: `file:${dbFile}` };
  const sql = support.openTestSql(db);
  const store = new EmulatorStore(path.join(dir, "emulator.sqlite"));
  const app = await support.startApp(db, { KANTA_ADMIN_EMULATOR: "1", KANTA_ADMIN_EMULATOR_DB: store.path, METAFIELD_SYNC_INTERVAL_MS: "60000" });
  let chrome: chromeLauncher.LaunchedChrome | null = null;
  try {
    say(`app listening on ${app.url}; installing ${SHOP} through the Admin API emulator`);
    const shop = makeShop({ domain: SHOP, id: "67000000001", name: "Kanta Bench Store", currency: "EUR" });
    await installShop(app.url, sql, store, shop);
    const [member] = await seedMembers(app.url, sql, store, shop, createRng("bench-storefront"), [
      { firstName: "Ada", lastName: "Lovelace", email: "ada@example.com", orders: [[{ title: "Winter coat", unitPriceMinor: 60000 }]] },
    ]);
    const customer = member!.customer.id;
    const page = (embed: boolean) =>
      `${app.url}/local-storefront?${new URLSearchParams({ shop: SHOP, customer, locale: "en", page: "home", weight: "realistic", blocks: "0", embed: embed ? "1" : "0" })}`;
    const check = await (await fetch(page(true))).text();
    if (!check.includes('data-kanta="launcher-points"')) throw new Error("the preview did not render the logged-in launcher");

    chrome = await chromeLauncher.launch({ chromePath: CHROME_PATH, chromeFlags: CHROME_FLAGS });
    say(`Chromium ${CHROME_PATH} on port ${chrome.port}; Lighthouse ${RUNS}× per page (+1 warm-up each), alternating`);
    const runs: { with: Run[]; without: Run[] } = { with: [], without: [] };
    for (let i = -1; i < RUNS; i++) {
      for (const embed of [true, false]) {
        const run = await lighthouseRun(page(embed), chrome.port);
        if (i < 0) continue;
        (embed ? runs.with : runs.without).push(run);
        say(`${embed ? "with embed   " : "without embed"} run ${i + 1}: score ${run.score}, TBT ${run.tbtMs.toFixed(0)} ms, CLS ${run.cls.toFixed(3)}`);
      }
    }

    const m = (rs: Run[]) => ({ score: median(rs.map((r) => r.score)), tbt: median(rs.map((r) => r.tbtMs)), cls: median(rs.map((r) => r.cls)) });
    const a = m(runs.with);
    const b = m(runs.without);
    const files = runs.with[0]!.embedFiles;
    const js = runs.with[0]!.embedBytes.js;
    const css = runs.with[0]!.embedBytes.css;
    const gz = (ext: string) => files.filter((f) => f.endsWith(ext)).reduce((sum, f) => sum + gzipBytes(f), 0);
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    const row = (label: string, withEmbed: string, without: string, diff: string, target: string) =>
      `  ${label.padEnd(26)}${withEmbed.padStart(12)}${without.padStart(14)}${diff.padStart(12)}   ${target}`;
    const pointsLost = b.score - a.score;
    const tbtAdded = a.tbt - b.tbt;
    const clsAdded = a.cls - b.cls;
    const verdict = (ok: boolean) => (ok ? "met" : "NOT met");
    const spread = (rs: Run[], f: (r: Run) => number, unit = "") => {
      const xs = rs.map(f);
      return `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}${unit}`;
    };
    const lines = [
      "",
      `Storefront cost of Kanta's app embed — Lighthouse ${LIGHTHOUSE_VERSION}, performance, mobile (simulated slow 4G, 4× CPU), median of ${RUNS}`,
      `  page: the local storefront preview's realistic home page (theme-like CSS and JS, 5 images), logged-in member, no app blocks`,
      "",
      row("", "with embed", "without", "difference", "target"),
      row("Performance score", String(a.score), String(b.score), `${pointsLost >= 0 ? "-" : "+"}${Math.abs(pointsLost)} pt`, `≤ 1 point lost: ${verdict(pointsLost <= 1)}`),
      row("Total Blocking Time", `${a.tbt.toFixed(0)} ms`, `${b.tbt.toFixed(0)} ms`, `${tbtAdded >= 0 ? "+" : ""}${tbtAdded.toFixed(0)} ms`, `≤ 10 ms added: ${verdict(tbtAdded <= 10)}`),
      row("Cumulative Layout Shift", a.cls.toFixed(3), b.cls.toFixed(3), `${clsAdded >= 0 ? "+" : ""}${clsAdded.toFixed(3)}`, `none added: ${verdict(clsAdded <= 0.0005)}`),
      "",
      `  the embed's files loaded by the page: ${files.join(", ") || "none"}`,
      `    JavaScript ${js} B as served here (${kb(js)}), ${gz(".js")} B gzipped (${kb(gz(".js"))})`,
      `    CSS        ${css} B as served here (${kb(css)}), ${gz(".css")} B gzipped (${kb(gz(".css"))})`,
      `  spread (lowest–highest): score ${spread(runs.with, (r) => r.score)} with, ${spread(runs.without, (r) => r.score)} without; ` +
        `TBT ${spread(runs.with, (r) => r.tbtMs, " ms")} with, ${spread(runs.without, (r) => r.tbtMs, " ms")} without`,
      `  runs with the embed:    ${runs.with.map((r) => `${r.score}/${r.tbtMs.toFixed(0)}ms/${r.cls.toFixed(3)}`).join("  ")}`,
      `  runs without the embed: ${runs.without.map((r) => `${r.score}/${r.tbtMs.toFixed(0)}ms/${r.cls.toFixed(3)}`).join("  ")}`,
      "",
    ];
    process.stdout.write(lines.join("\n"));
  } finally {
    if (chrome) chrome.kill();
    await app.stop();
    store.close();
    await sql.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`bench:storefront failed: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
