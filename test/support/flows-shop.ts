// The flows integration tests' shop: a fresh database, the Admin API emulator, a real local SMTP
// server and the production build, installed the way a merchant installs it (the embedded app
// opened with a session token), with a postal address so marketing mail may go out; and the
// flows sweep run as `scripts/flows.ts run-due --now <time>` child processes, the way cron runs it.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { EmulatorStore } from "../../app/emulator/store.server";
import type { RunDueReport } from "../../app/flows/engine.server";
import type { SqlDatabase } from "../../app/storage/sql.server";
import { ensureAdminSchema } from "../../scripts/admin-schema.mjs";
import {
  ROOT, TEST_API_KEY, TEST_SECRET, appEnv, createTestDatabase, openTestSql, startApp, waitFor, type Provider, type RunningApp, type TestDatabase,
} from "./app-server";
import { emulatedShop } from "./emulator-seed";
import { DESKTOP_UA, embeddedAppUrl } from "./session-token";
import type { ShopInfo } from "./shopify-payloads";
import { startSmtpServer, type SmtpTestServer } from "./smtp";

export const FLOWS_MAIL_FROM = "Kanta Demo Store <shop@kanta-demo.example>";
export const FLOWS_POSTAL = "Kanta Demo Store, 1 Main Street, Springfield, 12345, United States";

export type FlowsReport = RunDueReport & { now: string };

export type FlowsShop = {
  db: TestDatabase;
  app: RunningApp;
  sql: SqlDatabase;
  store: EmulatorStore;
  storeFile: string;
  smtp: SmtpTestServer;
  /** One pass of `scripts/flows.ts run-due --now <iso>` as its own process; resolves with its report. */
  runFlows: (now: number) => Promise<FlowsReport>;
  close: () => Promise<void>;
};

export async function startFlowsShop(provider: Provider, shop: ShopInfo): Promise<FlowsShop> {
  ensureAdminSchema();
  const smtp = await startSmtpServer();
  const db = await createTestDatabase(provider, { sqliteTemplate: inject("sqliteTemplate"), pgAdminUrl: inject("pgAdminUrl"), pgTemplate: inject("pgTemplate") });
  const sql = openTestSql(db);
  const storeFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kanta-emu-")), "emulator.sqlite");
  const store = new EmulatorStore(storeFile);
  store.upsertShop(emulatedShop(shop, { accessToken: "shpat_emulated_offline" }));
  const app = await startApp(db, { KANTA_ADMIN_EMULATOR: "1", KANTA_ADMIN_EMULATOR_DB: storeFile, MAIL_FROM: FLOWS_MAIL_FROM, METAFIELD_SYNC_INTERVAL_MS: "60000" });
  const res = await fetch(embeddedAppUrl(app.url, shop.domain, TEST_API_KEY, TEST_SECRET), { headers: { "User-Agent": DESKTOP_UA } });
  if (res.status !== 200) throw new Error(`opening the embedded app answered ${res.status}`);
  await waitFor(async () => (await sql.get(`SELECT 1 AS x FROM shop WHERE domain = ? AND flows_seeded_at IS NOT NULL`, [shop.domain])) ?? false, "install");
  await sql.run(`UPDATE shop SET postal_address = ? WHERE domain = ?`, [FLOWS_POSTAL, shop.domain]);

  const runFlows = (now: number) =>
    new Promise<FlowsReport>((resolve, reject) => {
      const proc = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", "flows.ts"), "run-due", "--now", new Date(now).toISOString()], {
        cwd: ROOT,
        env: appEnv(db, { SMTP_URL: smtp.url, MAIL_FROM: FLOWS_MAIL_FROM, KANTA_ADMIN_EMULATOR: "1", KANTA_ADMIN_EMULATOR_DB: storeFile, LOG_LEVEL: "warn" }) as NodeJS.ProcessEnv,
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      let err = "";
      proc.stdout.on("data", (d) => (out += d));
      proc.stderr.on("data", (d) => (err += d));
      proc.once("exit", (code) => {
        if (code !== 0) return reject(new Error(`flows run-due exited with ${code}:\n${out}\n${err}`));
        try {
          resolve(JSON.parse(out.trim().split("\n").pop() ?? "") as FlowsReport);
        } catch {
          reject(new Error(`flows run-due printed no report:\n${out}\n${err}`));
        }
      });
    });

  return {
    db, app, sql, store, storeFile, smtp, runFlows,
    close: async () => {
      await app.stop();
      await smtp.close();
      store.close();
      await sql.close();
      await db.drop();
    },
  };
}
