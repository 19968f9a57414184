// The overview's onboarding: whether Kanta's launcher embed is on in a theme's settings_data.json,
// Shopify's theme editor deep link, and the live theme as the emulator serves it through
// KantaMainThemeSettings (including Admin API failures, which read as "couldn't check").
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { embedStateFromSettings, parseSettingsData, themeEditorEmbedLink } from "../../../app/admin/theme-embed";
import type { AdminEmulator } from "../../../app/emulator/admin-emulator.server";
import type { EmulatorStore } from "../../../app/emulator/store.server";
import { resetAdminPacer, type AdminGraphql } from "../../../app/shopify/admin-client.server";
import { loadThemeEmbedStatus } from "../../../app/shopify/theme-embed.server";
import { emulatedShop } from "../../support/emulator-seed";
import { makeShop } from "../../support/shopify-payloads";
import { SETTINGS_DATA, themeSettingsData } from "../../support/theme-settings";
import { gql, makeEmulator, SHOP, tempStore } from "../emulator/helpers";

const APP = { apiKey: "0f1e2d3c4b5a69788796a5b4c3d2e1f0" };

describe("the launcher embed in settings_data.json", () => {
  it("reads Shopify's file with its leading comment", () => {
    expect(parseSettingsData(`/*\n * auto-generated\n */\n{"current":{"blocks":{}}}`)).toEqual({ current: { blocks: {} } });
    expect(parseSettingsData(`\uFEFF/* a */ /* b */ {"x":1}`)).toEqual({ x: 1 });
    expect(parseSettingsData(`/* never closed {"x":1}`)).toBeNull();
    expect(parseSettingsData(`{"x":`)).toBeNull();
  });

  it("is active when Kanta's launcher block is there and not disabled", () => {
    expect(embedStateFromSettings(themeSettingsData("on"), APP)).toBe("active");
    expect(embedStateFromSettings(themeSettingsData("off"), APP)).toBe("inactive");
    // Another app's launcher does not count.
    expect(embedStateFromSettings(themeSettingsData("absent"), APP)).toBe("inactive");
  });

  it("matches the app's handle or its API key, and reads a preset named by `current`", () => {
    const withType = (type: string, extra: object = {}) => JSON.stringify({ current: { blocks: { a: { type, ...extra } } } });
    expect(embedStateFromSettings(withType(`shopify://apps/kanta-loyalty/blocks/launcher/${APP.apiKey}`), APP)).toBe("active");
    expect(embedStateFromSettings(withType("shopify://apps/kanta/blocks/rewards-panel/uuid"), APP)).toBe("inactive");
    expect(embedStateFromSettings(withType("shopify://apps/kanta/blocks/launcher/uuid", { disabled: "false" }), APP)).toBe("active");
    const preset = JSON.stringify({ current: "Bold", presets: { Bold: { blocks: { a: { type: "shopify://apps/kanta/blocks/launcher/uuid", disabled: false } } } } });
    expect(embedStateFromSettings(preset, APP)).toBe("active");
  });

  it("is inactive without the file or blocks, and unknown when the file is not JSON", () => {
    expect(embedStateFromSettings(null, APP)).toBe("inactive");
    expect(embedStateFromSettings(`{"current":{}}`, APP)).toBe("inactive");
    expect(embedStateFromSettings(`{"current":`, APP)).toBe("unknown");
  });

  it("links to the theme editor with the embed switched on (Shopify's activateAppId deep link)", () => {
    expect(themeEditorEmbedLink("kanta-demo.myshopify.com", APP.apiKey)).toBe(
      `https://kanta-demo.myshopify.com/admin/themes/current/editor?context=apps&activateAppId=${APP.apiKey}/launcher`,
    );
  });
});

describe("the live theme through the Admin API emulator", () => {
  let store: EmulatorStore;
  let cleanup: () => void;
  let emulator: AdminEmulator;
  let graphql: AdminGraphql;

  beforeAll(() => {
    ({ store, cleanup } = tempStore());
    emulator = makeEmulator(store);
    store.upsertShop(emulatedShop(makeShop({ domain: SHOP, id: "62000000001" })));
    graphql = async (query, options) => {
      const res = await emulator.handle(SHOP, { query, variables: options?.variables });
      return new Response(JSON.stringify(res.body), { status: res.status, headers: res.headers });
    };
  }, 120_000);
  afterAll(() => cleanup());

  it("serves one MAIN theme whose files are the stored ones, by file name pattern", async () => {
    store.setThemeFile(SHOP, SETTINGS_DATA, themeSettingsData("off"));
    store.setThemeFile(SHOP, "templates/index.json", "{}");
    const res = await gql(
      emulator,
      `query { themes(first: 5, roles: [MAIN]) { nodes { id name role files(filenames: ["config/*.json"]) { nodes { filename size body { ... on OnlineStoreThemeFileBodyText { content } } } } } } }`,
    );
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    const themes = res.body.data.themes.nodes;
    expect(themes.map((t: { id: string; name: string; role: string }) => [t.id, t.name, t.role])).toEqual([["gid://shopify/OnlineStoreTheme/62000000001", "Dawn", "MAIN"]]);
    expect(themes[0].files.nodes).toEqual([
      { filename: SETTINGS_DATA, size: String(Buffer.byteLength(themeSettingsData("off"))), body: { content: themeSettingsData("off") } },
    ]);
    const unpublished = await gql(emulator, `query { themes(first: 5, roles: [UNPUBLISHED]) { nodes { id } } }`);
    expect(unpublished.body.data.themes.nodes).toEqual([]);
  });

  it("reads active, inactive and couldn't-check (an Admin API failure) through KantaMainThemeSettings", async () => {
    resetAdminPacer();
    const link = themeEditorEmbedLink(SHOP, APP.apiKey);
    store.setThemeFile(SHOP, SETTINGS_DATA, themeSettingsData("on"));
    expect(await loadThemeEmbedStatus(graphql, SHOP, APP.apiKey)).toEqual({ state: "active", themeName: "Dawn", editorUrl: link });
    store.setThemeFile(SHOP, SETTINGS_DATA, themeSettingsData("off"));
    expect(await loadThemeEmbedStatus(graphql, SHOP, APP.apiKey)).toEqual({ state: "inactive", themeName: "Dawn", editorUrl: link });
    store.setThemeFile(SHOP, SETTINGS_DATA, null);
    expect(await loadThemeEmbedStatus(graphql, SHOP, APP.apiKey)).toEqual({ state: "inactive", themeName: "Dawn", editorUrl: link });
    store.injectFault(SHOP, "KantaMainThemeSettings", { kind: "http500", times: 1 });
    expect(await loadThemeEmbedStatus(graphql, SHOP, APP.apiKey)).toEqual({ state: "unknown", themeName: null, editorUrl: link });
    resetAdminPacer();
  });
});
