// Reads whether Kanta's app embed is switched on in the shop's live theme (the admin overview's
// onboarding), through the Admin API: the MAIN theme's config/settings_data.json. One attempt, no
// retries: the page must not wait, and any failure (no read_themes scope yet, Shopify down) is
// shown as "couldn't check" while the rest of the page renders.
import { embedStateFromSettings, themeEditorEmbedLink, type EmbedState } from "../admin/theme-embed";
import { KantaMainThemeSettings } from "../graphql/documents";
import type { KantaMainThemeSettingsQuery } from "../graphql/types.generated";
import { log } from "../lib/log.server";
import { adminRequest, type AdminGraphql } from "./admin-client.server";

export type ThemeEmbedStatus = {
  state: EmbedState;
  /** The live theme's name, when it was read. */
  themeName: string | null;
  /** The theme editor with the embed switched on (Shopify's activateAppId deep link). */
  editorUrl: string;
};

export async function loadThemeEmbedStatus(graphql: AdminGraphql, shop: string, apiKey: string): Promise<ThemeEmbedStatus> {
  const editorUrl = themeEditorEmbedLink(shop, apiKey);
  try {
    const data = await adminRequest<KantaMainThemeSettingsQuery, undefined>(graphql, KantaMainThemeSettings, undefined, { shop, maxAttempts: 1 });
    const theme = data.themes?.nodes[0];
    if (!theme) return { state: "unknown", themeName: null, editorUrl };
    const body = theme.files?.nodes.find((f) => f.filename === "config/settings_data.json")?.body;
    const content = body && "content" in body ? body.content : null;
    return { state: embedStateFromSettings(content, { apiKey }), themeName: theme.name, editorUrl };
  } catch (error) {
    // A thrown 401 or redirect is the library asking for re-authentication: let it through.
    if (error instanceof Response && (error.status === 401 || (error.status >= 300 && error.status < 400))) throw error;
    log.warn("theme embed status not read", { shop, error: error instanceof Response ? `HTTP ${error.status}` : (error as Error).message });
    return { state: "unknown", themeName: null, editorUrl };
  }
}
