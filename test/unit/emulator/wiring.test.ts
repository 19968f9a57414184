// The app-side wiring: with the emulator routed in, the Shopify API library's own GraphQL
// client (what shopify-app-remix's admin.graphql uses) talks to the emulator.
import "@shopify/shopify-api/adapters/node";
import { ApiVersion, LogSeverity, Session, shopifyApi } from "@shopify/shopify-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmulatorStore } from "../../../app/emulator/store.server";
import { routeAdminApiToEmulator } from "../../../app/emulator/wiring.server";
import { KantaShopFacts } from "../../../app/graphql/documents";
import { emulatedShop } from "../../support/emulator-seed";
import { makeShop } from "../../support/shopify-payloads";
import { SHOP, tempStore } from "./helpers";

describe("routeAdminApiToEmulator", () => {
  let seeder: EmulatorStore;
  let file: string;
  let cleanup: () => void;
  const networkFetch = globalThis.fetch;

  beforeAll(() => {
    ({ store: seeder, file, cleanup } = tempStore());
    seeder.upsertShop(emulatedShop(makeShop(), { accessToken: "shpat_offline" }));
  }, 120_000);

  afterAll(() => {
    globalThis.fetch = networkFetch;
    cleanup?.();
  });

  it("answers the Shopify library's GraphQL client from the store a test seeded", async () => {
    const emulator = await routeAdminApiToEmulator(file);
    expect(await routeAdminApiToEmulator(file)).toBe(emulator);
    const shopify = shopifyApi({
      apiKey: "test-key",
      apiSecretKey: "test-secret",
      scopes: ["read_orders"],
      hostName: "localhost:3000",
      apiVersion: ApiVersion.July26,
      isEmbeddedApp: true,
      logger: { level: LogSeverity.Error },
    });
    const session = new Session({ id: `offline_${SHOP}`, shop: SHOP, state: "", isOnline: false, accessToken: "shpat_offline" });
    const client = new shopify.clients.Graphql({ session });
    const res = await client.request(KantaShopFacts);
    expect(res.data?.shop).toMatchObject({ myshopifyDomain: SHOP, name: "Kanta Demo Store" });
    expect(seeder.requestLog(SHOP)).toEqual(["KantaShopFacts"]);

    const revoked = new shopify.clients.Graphql({ session: new Session({ ...session, accessToken: "shpat_revoked" }) });
    await expect(revoked.request(KantaShopFacts)).rejects.toMatchObject({ response: { code: 401 } });
  });
});
