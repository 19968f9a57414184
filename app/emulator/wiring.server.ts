// Test and demo wiring (KANTA_ADMIN_EMULATOR=1, loopback app URL only): Admin GraphQL requests
// made by this process are answered by the local emulator, reading the SQLite store a test
// process seeds. Every other request goes to the network as before.
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { ensureAdminSchema } from "../../scripts/admin-schema.mjs";
import { AdminEmulator, type AdminEmulatorOptions } from "./admin-emulator.server";
import { EmulatorStore } from "./store.server";
import { answerTokenExchange, isTokenExchange } from "./token-exchange.server";

let installed: AdminEmulator | null = null;

/** Whether a request is one the emulator answers (Admin GraphQL on a myshopify domain). */
function isAdminGraphql(input: Parameters<typeof fetch>[0]): boolean {
  const href = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  return /^https:\/\/[a-z0-9][a-z0-9-]*\.myshopify\.com\/admin\/api\/[^/]+\/graphql\.json(?:\?|$)/i.test(href);
}

/**
 * Routes Admin GraphQL calls to an emulator serving from the store at `dbPath`. Idempotent.
 * The Shopify API library captured `fetch` when its Node adapter was imported, so it is
 * re-pointed explicitly, and the global fetch is wrapped for direct callers. The emulator keeps
 * Shopify's limits (bucket, single-query cost) unless `options` change them.
 */
export async function routeAdminApiToEmulator(
  dbPath: string,
  options: Partial<Omit<AdminEmulatorOptions, "store">> = {},
): Promise<AdminEmulator> {
  if (installed) return installed;
  const store = new EmulatorStore(dbPath);
  const emulator = new AdminEmulator({ schemaPath: ensureAdminSchema(), ...options, store });
  const network = globalThis.fetch.bind(globalThis);
  const routed: typeof fetch = (input, init) =>
    isAdminGraphql(input)
      ? emulator.fetch(input, init)
      : isTokenExchange(input)
        ? answerTokenExchange(store, input, init)
        : network(input, init);
  globalThis.fetch = routed;
  setAbstractFetchFunc(routed);
  installed = emulator;
  return emulator;
}
