// Shared set-up for the emulator tests: a temporary SQLite store, the real Admin schema, and a
// small client that posts documents through the emulator's fetch like the app does.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureAdminSchema } from "../../../scripts/admin-schema.mjs";
import { AdminEmulator, type AdminEmulatorOptions } from "../../../app/emulator/admin-emulator.server";
import { EmulatorStore } from "../../../app/emulator/store.server";

export const SHOP = "kanta-demo.myshopify.com";
export const API_VERSION = "2026-07";
export const ADMIN_URL = `https://${SHOP}/admin/api/${API_VERSION}/graphql.json`;

export function schemaPath(): string {
  return ensureAdminSchema();
}

/** A store in a fresh temporary directory; call cleanup() when done. */
export function tempStore(): { store: EmulatorStore; file: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kanta-emulator-"));
  const file = path.join(dir, "admin-emulator.sqlite");
  const store = new EmulatorStore(file);
  return {
    store,
    file,
    cleanup: () => {
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A controllable clock (epoch ms). */
export function manualClock(start = Date.parse("2026-11-23T12:00:00Z")) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

export function makeEmulator(store: EmulatorStore, options: Partial<AdminEmulatorOptions> = {}): AdminEmulator {
  return new AdminEmulator({ schemaPath: schemaPath(), store, ...options });
}

/** The status and parsed JSON body (loosely typed: tests assert on its exact shape). */
export interface GraphqlResult {
  status: number;
  body: any;
}

/** POSTs a document through the emulator's fetch, as the Shopify client library does. */
export async function gql(
  emulator: AdminEmulator,
  query: string,
  variables?: Record<string, unknown>,
  opts: { shop?: string; token?: string | null } = {},
): Promise<GraphqlResult> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (opts.token !== null) headers["x-shopify-access-token"] = opts.token ?? "shpat_test";
  const url = `https://${opts.shop ?? SHOP}/admin/api/${API_VERSION}/graphql.json`;
  const res = await emulator.fetch(url, { method: "POST", headers, body: JSON.stringify({ query, variables }) });
  return { status: res.status, body: await res.json() };
}
