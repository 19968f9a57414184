// The demo's configuration: environment defaults (only where the user set nothing), the port,
// the small state file next to the database, and signed App Proxy URLs.
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { appProxyQuery } from "../../test/support/webhook-signing";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const DEMO_SHOP = "kanta-demo.myshopify.com";
export const DEMO_SEED = "kanta-demo";
export const DEMO_CUSTOMERS = 300;
export const DEMO_DAYS = 365;
export const PROXY_PATH_PREFIX = "/apps/kanta";
export const DEFAULT_PORT = 3000;
const STATE_FILE = path.join(ROOT, ".kanta", "demo.json");
/** The Admin API emulator's store (shop, customers, orders, and what the app wrote), next to the demo database. */
export const EMULATOR_FILE = path.join(ROOT, ".kanta", "admin-emulator.sqlite");

export class DemoError extends Error {}

/** Values the demo uses unless the environment already has them (SHOPIFY_APP_URL follows PORT). */
export const DEMO_DEFAULTS: Readonly<Record<string, string>> = {
  SHOPIFY_API_KEY: "kanta-demo",
  SHOPIFY_API_SECRET: "kanta-demo-secret",
  SCOPES: "read_orders,read_customers",
  DATABASE_PROVIDER: "sqlite",
  DATABASE_URL: "file:./.kanta/demo.sqlite",
  NODE_ENV: "production",
  LOG_LEVEL: "warn",
};

/**
 * The server's environment: the user's, with the demo's defaults where unset. The Admin API always
 * goes to the local emulator (the server accepts that only with a loopback SHOPIFY_APP_URL).
 */
export function withDefaults(source: NodeJS.ProcessEnv, port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...source };
  for (const [k, v] of Object.entries({ ...DEMO_DEFAULTS, PORT: String(port), SHOPIFY_APP_URL: `http://localhost:${port}` })) {
    if (!env[k]) env[k] = v;
  }
  env.KANTA_ADMIN_EMULATOR = "1";
  env.KANTA_ADMIN_EMULATOR_DB = EMULATOR_FILE;
  let host = "";
  try {
    host = new URL(env.SHOPIFY_APP_URL!).hostname;
  } catch {
    // reported below
  }
  if (!["localhost", "127.0.0.1", "[::1]", "::1"].includes(host)) {
    throw new DemoError(
      `SHOPIFY_APP_URL=${env.SHOPIFY_APP_URL} is not a loopback URL; the demo answers the Admin API from a local emulator, which Kanta allows only on localhost (unset SHOPIFY_APP_URL)`,
    );
  }
  return env;
}

function tryListen(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(null));
    probe.listen(port, () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : null));
    });
  });
}

/** The port to serve on: PORT if set (it must be free), else 3000, else any free port (with a note). */
export async function choosePort(requested: string | undefined): Promise<{ port: number; note?: string }> {
  if (requested) {
    const wanted = Number(requested);
    if (!Number.isInteger(wanted) || wanted < 0 || wanted > 65535) throw new DemoError(`PORT=${requested} is not a port number`);
    const port = await tryListen(wanted);
    if (port === null) throw new DemoError(`PORT=${wanted} is already in use; stop what uses it or choose another PORT`);
    return { port };
  }
  if ((await tryListen(DEFAULT_PORT)) !== null) return { port: DEFAULT_PORT };
  const port = await tryListen(0);
  if (port === null) throw new DemoError("could not find a free port");
  return { port, note: `port ${DEFAULT_PORT} is busy, so the demo uses port ${port}` };
}

/** Kept next to the demo database: the history's end date (so a re-run replays the same deliveries) and the last port. */
export type DemoState = { endDate?: string; port?: number };

export function readState(): DemoState {
  try {
    return JSON.parse(fs.readFileSync(STATE_FILE, "utf8")) as DemoState;
  } catch {
    return {};
  }
}

export function writeState(patch: DemoState): DemoState {
  const next = { ...readState(), ...patch };
  fs.mkdirSync(path.dirname(STATE_FILE), { recursive: true });
  fs.writeFileSync(STATE_FILE, `${JSON.stringify(next, null, 2)}\n`);
  return next;
}

export function removeState(): void {
  fs.rmSync(STATE_FILE, { force: true });
}

/** An App Proxy URL (/proxy/me, /proxy/redeem) as Shopify forwards it, signed now (valid for 90 s); null = logged out. */
export function signedProxyUrl(baseUrl: string, secret: string, customerId: string | null, route: "me" | "redeem" = "me"): string {
  const query = appProxyQuery({ shop: DEMO_SHOP, loggedInCustomerId: customerId ?? "", pathPrefix: PROXY_PATH_PREFIX }, secret);
  return `${baseUrl}/proxy/${route}?${query.toString().replace(/%2F/g, "/")}`;
}

/** GET /proxy/me as Shopify's App Proxy forwards it, signed now (valid for 90 s); null = logged out. */
export function signedMeUrl(baseUrl: string, secret: string, customerId: string | null): string {
  return signedProxyUrl(baseUrl, secret, customerId, "me");
}

/**
 * The storefront as a shopper sees it: the local storefront preview of the demo shop, rendering the
 * theme app extension for a demo shopper (null = logged out; loopback app URL only).
 */
export function storefrontPreviewUrl(baseUrl: string, customerId: string | null, query: Record<string, string> = {}): string {
  return `${baseUrl}/local-storefront?${new URLSearchParams({ shop: DEMO_SHOP, customer: customerId ?? "", ...query })}`;
}

/** The merchant's admin in a plain browser: the local admin for the demo shop (loopback app URL only). */
export function localAdminUrl(baseUrl: string, query: Record<string, string> = {}): string {
  return `${baseUrl}/local-admin?${new URLSearchParams({ shop: DEMO_SHOP, ...query }).toString().replace(/%2F/g, "/")}`;
}
