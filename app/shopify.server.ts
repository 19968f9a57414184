// The one place that builds the Shopify app client; everything else imports `authenticate` from here.
import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, LogSeverity, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { getPrisma, getSql } from "./db.server";
import { env } from "./env.server";
import { enqueueJob } from "./jobs/jobs.server";
import { log } from "./lib/log.server";
import type { AdminGraphql } from "./shopify/admin-client.server";

const config = env();
if (config.KANTA_ADMIN_EMULATOR === "1") {
  // Test and demo wiring only (refused unless the app URL is loopback): Admin API calls are
  // answered by the local emulator, which validates them against Shopify's real schema.
  const { routeAdminApiToEmulator } = await import("./emulator/wiring.server");
  await routeAdminApiToEmulator(config.KANTA_ADMIN_EMULATOR_DB);
  log.warn("ADMIN API EMULATOR ON: Admin GraphQL calls go to the local emulator, not to Shopify", {
    store: config.KANTA_ADMIN_EMULATOR_DB,
  });
}
const prisma = await getPrisma();
const logSeverity = {
  debug: LogSeverity.Debug,
  info: LogSeverity.Info,
  warn: LogSeverity.Warning,
  error: LogSeverity.Error,
  silent: LogSeverity.Error,
}[config.LOG_LEVEL];

const shopify = shopifyApp({
  apiKey: config.SHOPIFY_API_KEY,
  apiSecretKey: config.SHOPIFY_API_SECRET,
  apiVersion: ApiVersion.July26,
  scopes: config.SCOPES.split(",").map((s) => s.trim()).filter(Boolean),
  appUrl: config.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  sessionStorage: new PrismaSessionStorage(prisma),
  distribution: AppDistribution.AppStore,
  logger: { level: logSeverity },
  hooks: {
    // The first time a merchant opens Kanta (token exchange stored the offline session): record
    // the shop and start the history import, as a retried background job.
    afterAuth: async ({ session }) => {
      await enqueueJob(getSql(), session.shop, "install");
    },
  },
  future: {
    unstable_newEmbeddedAuthStrategy: true,
  },
});

export default shopify;
export const apiVersion = ApiVersion.July26;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;
export const sessionStorage = shopify.sessionStorage;

/** An Admin GraphQL caller for background work, with the shop's offline session. */
export async function adminFor(shop: string): Promise<AdminGraphql> {
  const { admin } = await shopify.unauthenticated.admin(shop);
  return admin.graphql as unknown as AdminGraphql;
}
