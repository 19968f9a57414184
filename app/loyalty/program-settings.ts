// The merchant's earning and expiry settings as typed in the admin: pure checks, no IO.
// Fields left out of the input keep their current value; every error names its field.
import { i18nFor, type Translate } from "../i18n/i18n";
import { EXPIRY_MODES, type ExpiryMode, type ExpirySettings } from "./expiry";
import type { FieldErrors } from "./rewards";

export type { FieldErrors };

export type EarningSettings = {
  /** `points` points per `perMajorUnits` whole units of the shop currency. */
  points: number;
  perMajorUnits: number;
  earnOnTestOrders: boolean;
  /** Product tags whose products earn nothing (trimmed, unique ignoring case). */
  excludedTags: string[];
  /** gid://shopify/Collection/… whose products earn nothing. */
  excludedCollections: string[];
};

export const EARNING_LIMITS = { maxPoints: 1_000, maxPerMajorUnits: 1_000_000, maxTags: 50, maxTagLength: 255, maxCollections: 50 } as const;
export const EXPIRY_LIMITS = { minMonths: 1, maxMonths: 60, maxReminderDays: 90 } as const;

const COLLECTION_GID = /^gid:\/\/shopify\/Collection\/[1-9]\d{0,19}$/;

type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

/** A whole number from a form field (digits) or JSON (a safe integer), within [min, max]; `label` names the field in `t`'s language. */
export function wholeNumberField(value: unknown, label: string, min: number, max: number, t: Translate = i18nFor("en").t): Checked<number> {
  let n: number;
  if (value === undefined || value === null || (typeof value === "string" && value.trim() === "")) {
    return { ok: false, error: t("validation.common.fieldRequired", { label }) };
  }
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) return { ok: false, error: t("validation.common.wholeNumber", { label }) };
    n = value;
  } else if (typeof value === "string" && /^[+-]?\d{1,16}$/.test(value.trim())) {
    n = Number(value.trim());
  } else {
    return { ok: false, error: t("validation.common.wholeNumber", { label }) };
  }
  if (n < min) return { ok: false, error: t("validation.common.atLeast", { label, min }) };
  if (n > max) return { ok: false, error: t("validation.common.atMost", { label, max }) };
  return { ok: true, value: n };
}

function checkbox(value: unknown, label: string, t: Translate): Checked<boolean> {
  if (value === true || value === "on" || value === "true") return { ok: true, value: true };
  if (value === false || value === "false" || value === "" || value === null) return { ok: true, value: false };
  return { ok: false, error: t("validation.common.onOff", { label }) };
}

/** A list typed as text (separated by commas, or for ids also by whitespace) or sent as an array of strings. */
function listField(value: unknown, separators: RegExp): string[] | null {
  if (value === null || value === "") return [];
  if (typeof value === "string") return value.split(separators).map((t) => t.trim()).filter((t) => t !== "");
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) {
    return (value as string[]).flatMap((v) => v.split(separators)).map((t) => t.trim()).filter((t) => t !== "");
  }
  return null;
}

/** Tags as Shopify compares them: trimmed, the first spelling of each tag kept, case ignored. */
export function uniqueTags(tags: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const tag of tags) {
    const key = tag.trim().toLowerCase();
    if (key === "" || seen.has(key)) continue;
    seen.add(key);
    out.push(tag.trim());
  }
  return out;
}

/** The stored form (comma-separated) of a tag or collection list, and back. */
export function joinList(list: string[]): string {
  return list.join(",");
}

export function splitList(text: string | null | undefined): string[] {
  return (text ?? "").split(",").map((t) => t.trim()).filter((t) => t !== "");
}

function excludedTagsField(value: unknown, t: Translate): Checked<string[]> {
  const list = listField(value, /,/);
  if (list === null) return { ok: false, error: t("validation.settings.tags") };
  const tags = uniqueTags(list);
  const long = tags.find((tag) => tag.length > EARNING_LIMITS.maxTagLength);
  if (long !== undefined) {
    return { ok: false, error: t("validation.settings.tagTooLong", { max: EARNING_LIMITS.maxTagLength, tag: long.slice(0, 20) }) };
  }
  if (tags.length > EARNING_LIMITS.maxTags) return { ok: false, error: t("validation.settings.tooManyTags", { max: EARNING_LIMITS.maxTags }) };
  return { ok: true, value: tags };
}

function excludedCollectionsField(value: unknown, t: Translate): Checked<string[]> {
  const list = listField(value, /[\s,]+/);
  if (list === null) return { ok: false, error: t("validation.settings.collections") };
  const ids = [...new Set(list)];
  const bad = ids.find((id) => !COLLECTION_GID.test(id));
  if (bad !== undefined) return { ok: false, error: t("validation.settings.collectionGid", { id: bad.slice(0, 60) }) };
  if (ids.length > EARNING_LIMITS.maxCollections) {
    return { ok: false, error: t("validation.settings.tooManyCollections", { max: EARNING_LIMITS.maxCollections }) };
  }
  return { ok: true, value: ids };
}

function asObject(raw: unknown): Record<string, unknown> | null {
  return raw !== null && typeof raw === "object" && !Array.isArray(raw) ? (raw as Record<string, unknown>) : null;
}

/**
 * Checks the earning settings form (fields: points, perMajorUnits, earnOnTestOrders, excludedTags,
 * excludedCollections). A field that is absent keeps its `current` value.
 */
export function earningSettingsFromInput(
  raw: unknown,
  current: EarningSettings,
  t: Translate = i18nFor("en").t,
): { ok: true; settings: EarningSettings } | { ok: false; errors: FieldErrors } {
  const input = asObject(raw);
  if (!input) return { ok: false, errors: { form: t("validation.settings.form") } };
  const errors: FieldErrors = {};
  const settings: EarningSettings = { ...current };
  const take = <K extends keyof EarningSettings>(field: K, check: (v: unknown) => Checked<EarningSettings[K]>) => {
    if (input[field] === undefined) return;
    const r = check(input[field]);
    if (r.ok) settings[field] = r.value;
    else errors[field] = r.error;
  };
  take("points", (v) => wholeNumberField(v, t("validation.label.points"), 1, EARNING_LIMITS.maxPoints, t));
  take("perMajorUnits", (v) => wholeNumberField(v, t("validation.label.amountSpent"), 1, EARNING_LIMITS.maxPerMajorUnits, t));
  take("earnOnTestOrders", (v) => checkbox(v, t("validation.label.testOrders"), t));
  take("excludedTags", (v) => excludedTagsField(v, t));
  take("excludedCollections", (v) => excludedCollectionsField(v, t));
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, settings };
}

/** Checks the expiry settings form (fields: mode, months, reminderDays); absent fields keep `current`. */
export function expirySettingsFromInput(
  raw: unknown,
  current: ExpirySettings,
  t: Translate = i18nFor("en").t,
): { ok: true; settings: ExpirySettings } | { ok: false; errors: FieldErrors } {
  const input = asObject(raw);
  if (!input) return { ok: false, errors: { form: t("validation.settings.form") } };
  const errors: FieldErrors = {};
  const settings: ExpirySettings = { ...current };
  if (input.mode !== undefined) {
    if (typeof input.mode === "string" && (EXPIRY_MODES as readonly string[]).includes(input.mode)) settings.mode = input.mode as ExpiryMode;
    else errors.mode = t("validation.settings.expiryMode", { modes: EXPIRY_MODES.join(", ") });
  }
  if (input.months !== undefined) {
    const r = wholeNumberField(input.months, t("validation.label.months"), EXPIRY_LIMITS.minMonths, EXPIRY_LIMITS.maxMonths, t);
    if (r.ok) settings.months = r.value;
    else errors.months = r.error;
  }
  if (input.reminderDays !== undefined) {
    const r = wholeNumberField(input.reminderDays, t("validation.label.reminderDays"), 0, EXPIRY_LIMITS.maxReminderDays, t);
    if (r.ok) settings.reminderDays = r.value;
    else errors.reminderDays = r.error;
  }
  // The reminder must come before the points can expire (the shortest month has 28 days).
  if (!errors.months && !errors.reminderDays && settings.reminderDays >= settings.months * 28) {
    errors.reminderDays = t("validation.settings.reminderTooLate", { days: String(settings.months * 28 - 1), count: String(settings.months) });
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, settings };
}
