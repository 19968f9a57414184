// A theme's config/settings_data.json as Shopify writes it (with its leading comment), for the
// emulator's live theme: Kanta's launcher embed switched on, switched off, or never added, next to
// another app's embed.

export const SETTINGS_DATA = "config/settings_data.json";
/** The extension's uuid in a block type (any value: Kanta matches the app handle and block handle). */
const KANTA_EXTENSION_UUID = "019a4c1e-7f3b-7c2d-9e51-3b0f6a2d8c47";

export function themeSettingsData(launcher: "on" | "off" | "absent"): string {
  const blocks: Record<string, unknown> = {
    "4417362011939290161": {
      type: "shopify://apps/another-app/blocks/launcher/0b6f5d1e-2222-4c3a-9f00-1a2b3c4d5e6f",
      disabled: false,
      settings: {},
    },
  };
  if (launcher !== "absent") {
    blocks["17205840419348123456"] = {
      type: `shopify://apps/kanta/blocks/launcher/${KANTA_EXTENSION_UUID}`,
      disabled: launcher === "off",
      settings: { position: "bottom-right", accent_color: "#1f4d3a", text_color: "#ffffff", label: "" },
    };
  }
  const data = { current: { colors_solid_button_labels: "#ffffff", blocks, sections: {}, content_for_index: [] }, presets: { Default: {} } };
  return [
    "/*",
    " * ------------------------------------------------------------",
    " * IMPORTANT: The contents of this file are auto-generated.",
    " *",
    " * This file may be updated by the Shopify admin theme editor",
    " * or related systems. Please exercise caution as any changes",
    " * made to this file may be overwritten.",
    " * ------------------------------------------------------------",
    " */",
    JSON.stringify(data, null, 2),
  ].join("\n");
}
