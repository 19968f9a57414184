// Whether Kanta's app embed ("Rewards launcher", blocks/launcher.liquid) is switched on in a theme,
// read from the theme's config/settings_data.json as Shopify writes it, and the theme editor link
// that switches it on. Pure: the file's text comes in.
//
// settings_data.json lists a theme's app embeds under current.blocks (or, when `current` names a
// preset, under that preset's blocks), keyed by a block id Shopify generates:
//   "17205…": { "type": "shopify://apps/kanta/blocks/launcher/<extension uuid>", "disabled": false, "settings": {…} }
// Shopify starts the file with a /* … */ comment, which is not JSON.

/** The app embed's block handle (its file name in the extension's blocks/). */
export const EMBED_BLOCK_HANDLE = "launcher";
/** The app's handle, as it appears in app block types (shopify://apps/<handle>/blocks/…). */
export const APP_HANDLE = "kanta";

export type EmbedState = "active" | "inactive" | "unknown";

/** The JSON of settings_data.json, its leading comments removed; null when it is not JSON. */
export function parseSettingsData(content: string): unknown {
  let text = content.replace(/^\uFEFF/, "").trimStart();
  while (text.startsWith("/*")) {
    const end = text.indexOf("*/");
    if (end < 0) return null;
    text = text.slice(end + 2).trimStart();
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * "active" when the theme's current settings hold Kanta's launcher embed and it is not disabled;
 * "inactive" when they don't (or the theme has no settings_data.json); "unknown" when the file is
 * not readable JSON.
 */
export function embedStateFromSettings(content: string | null, app: { apiKey: string; handle?: string }): EmbedState {
  if (content === null) return "inactive";
  const data = parseSettingsData(content);
  if (!isRecord(data)) return "unknown";
  let current = data.current;
  if (typeof current === "string" && isRecord(data.presets)) current = data.presets[current];
  if (!isRecord(current) || !isRecord(current.blocks)) return "inactive";
  const handle = app.handle ?? APP_HANDLE;
  const ours = (type: string) =>
    type.includes(`/blocks/${EMBED_BLOCK_HANDLE}/`) && (type.includes(`/apps/${handle}/`) || (app.apiKey !== "" && type.includes(app.apiKey)));
  return Object.values(current.blocks).some((b) => isRecord(b) && typeof b.type === "string" && ours(b.type) && b.disabled !== true)
    ? "active"
    : "inactive";
}

/** Shopify's deep link: the live theme's editor, App embeds open, with Kanta's launcher switched on (to be saved). */
export function themeEditorEmbedLink(shop: string, apiKey: string): string {
  return `https://${shop}/admin/themes/current/editor?context=apps&activateAppId=${encodeURIComponent(apiKey)}/${EMBED_BLOCK_HANDLE}`;
}
