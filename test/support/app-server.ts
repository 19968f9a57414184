// Test and benchmark wiring: fresh databases from migrated templates, and the production build
// started as a real child process (so tests can kill -9 it).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { openDatabase, type SqlDatabase } from "../../app/storage/sql.server";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const TEST_SECRET = "kanta-test-secret";
export const TEST_API_KEY = "kanta-test-api-key";

export type Provider = "sqlite" | "postgresql";
export type TestDatabase = { provider: Provider; url: string; drop: () => Promise<void> };

export async function createTestDatabase(
  provider: Provider,
  templates: { sqliteTemplate: string; pgAdminUrl: string; pgTemplate: string },
): Promise<TestDatabase> {
  const name = `kanta_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  if (provider === "sqlite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kanta-db-"));
    const file = path.join(dir, `${name}.sqlite`);
    fs.copyFileSync(templates.sqliteTemplate, file);
    return { provider, url: `file:${file}`, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const admin = new pg.Client({ connectionString: templates.pgAdminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${templates.pgTemplate}"`);
  } finally {
    await admin.end();
  }
  const url = templates.pgAdminUrl.replace(/\/[^/]*$/, `/${name}`);
  return {
    provider,
    url,
    drop: async () => {
      const c = new pg.Client({ connectionString: templates.pgAdminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

export type RunningApp = {
  url: string;
  port: number;
  proc: ChildProcess;
  logs: () => string;
  /** Graceful stop (SIGTERM). */
  stop: () => Promise<void>;
  /** kill -9: no shutdown code runs. */
  crash: () => Promise<void>;
};

export function appEnv(db: { provider: Provider; url: string }, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? os.tmpdir(),
    NODE_ENV: "production",
    SHOPIFY_API_KEY: TEST_API_KEY,
    SHOPIFY_API_SECRET: TEST_SECRET,
    SHOPIFY_APP_URL: "http://localhost:3000",
    SCOPES: "read_orders,read_customers",
    DATABASE_PROVIDER: db.provider,
    DATABASE_URL: db.url,
    PORT: "0",
    LOG_LEVEL: "info",
    // Tests change the database behind the app's back and read /proxy/me at once: no answer cache
    // unless a test asks for one.
    PROXY_ME_CACHE_SECONDS: "0",
    ...extra,
  };
}

/** Starts `node build/<entry>.js` and resolves once it listens. */
export async function startApp(
  db: { provider: Provider; url: string },
  extra: Record<string, string> = {},
  entry = "server",
): Promise<RunningApp> {
  const proc = spawn(process.execPath, [path.join(ROOT, "build", `${entry}.js`)], {
    cwd: ROOT,
    env: appEnv(db, extra) as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  proc.stdout!.on("data", (d) => (output += d));
  proc.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`app did not start in 30 s:\n${output}`)), 30_000);
    const onData = () => {
      const m = output.match(/"msg":"kanta listening","port":(\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    proc.stdout!.on("data", onData);
    proc.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`app exited with ${code} before listening:\n${output}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    proc,
    logs: () => output,
    stop: async () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGTERM");
      await exited;
    },
    crash: async () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
      await exited;
    },
  };
}

/** Runs the app binary expecting it to exit (e.g. on a bad environment). */
export async function runAppExpectingExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const proc = spawn(process.execPath, [path.join(ROOT, "build", "server.js")], {
    cwd: ROOT,
    env: env as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  proc.stdout.on("data", (d) => (output += d));
  proc.stderr.on("data", (d) => (output += d));
  const code = await new Promise<number | null>((resolve) => proc.once("exit", (c) => resolve(c)));
  return { code, output };
}

export function openTestSql(db: { provider: Provider; url: string }): SqlDatabase {
  return openDatabase(db.provider, db.url);
}

export async function waitFor<T>(fn: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 30_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v as T;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Resolves once every stored webhook event is done or failed. */
export async function waitForInboxDrained(sql: SqlDatabase, timeoutMs = 30_000): Promise<void> {
  try {
    await waitFor(async () => {
      const row = await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM webhook_event WHERE status IN ('pending', 'processing')`);
      return Number(row?.n ?? 0) === 0;
    }, "webhook inbox to drain", timeoutMs);
  } catch (error) {
    const stuck = await sql.all(`SELECT id, topic, status, attempts, last_error FROM webhook_event WHERE status IN ('pending', 'processing') LIMIT 5`);
    throw new Error(`${(error as Error).message}: ${JSON.stringify(stuck)}`);
  }
}
