// The VIP tier editor: what qualifies (amount spent or points earned, over which window) and the
// tiers themselves (threshold, points multiplier, entry reward, free shipping, grace period).
// "Preview" shows how many members a change would move up or down without writing anything;
// "Save" replaces the tier set and recalculates every member at once.
import type { ActionFunctionArgs, LoaderFunctionArgs, SerializeFrom } from "@remix-run/node";
import { useFetcher, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import {
  Banner, BlockStack, Box, Button, Card, Checkbox, DataTable, Divider, Form, FormLayout, InlineGrid, InlineStack, Layout, Page, Select, Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { decimalInput } from "../admin/decimal-input";
import { AdminErrorPage } from "../admin/page-states";
import { getSql } from "../db.server";
import type { AdminLocale, MessageKey } from "../i18n/i18n";
import { adminI18n } from "../i18n/i18n.server";
import { useI18n } from "../i18n/react";
import { formatMinorUnits } from "../loyalty/money";
import {
  multiplierNumber, suggestedScale, TIER_BASES, TIER_LIMITS, TIER_WINDOWS, tierProposalFromInput, tierWarnings, type FieldErrors, type TierBasis,
  type TierWindow,
} from "../loyalty/tiers";
import { authenticate } from "../shopify.server";
import type { AdminGraphql } from "../shopify/admin-client.server";
import { refreshProgramSummary } from "../shopify/install.server";
import { shopCurrency } from "../storage/rewards.server";
import { ensureDefaultTiers, loadTierProgram, previewTiers, saveTiers, TierProposalError, type TierPreview } from "../storage/tiers.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const db = getSql();
  const shop = session.shop;
  await ensureDefaultTiers(db, shop, new Date());
  const [program, currency, counts] = await Promise.all([
    loadTierProgram(db, shop),
    shopCurrency(db, shop),
    db.all<{ tier_id: number | null; n: number }>(`SELECT tier_id, COUNT(*) AS n FROM member WHERE shop = ? AND status = 'active' GROUP BY tier_id`, [shop]),
  ]);
  const membersOn = (id: number | null) => Number(counts.find((c) => (c.tier_id === null ? null : Number(c.tier_id)) === id)?.n ?? 0);
  const basis: TierBasis = program?.basis ?? "spend";
  const window: TierWindow = program?.window ?? "rolling_12m";
  const tiers = program?.tiers ?? [];
  return {
    currency,
    basis,
    window,
    /** Active tiers, lowest first: thresholds in minor units of the shop currency (spend) or points. */
    tiers: tiers.map((t) => ({ ...t, members: membersOn(t.id) })),
    members: counts.reduce((sum, c) => sum + Number(c.n), 0),
    /** Active members holding no tier. */
    noTier: membersOn(null),
    warnings: tierWarnings({ basis, window, tiers }, adminI18n(request).t),
    /** Kanta's default tiers for the shop's currency (scaled for currencies with a small unit). */
    defaults: currency ? suggestedScale(currency).tiers.map((t) => ({ name: t.name, thresholdMinor: t.threshold, multiplierBps: t.multiplierBps })) : [],
  };
};

/** A preview keeps the page's data (and the merchant's unsaved edits); a save reloads it. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get("intent") === "preview" ? false : defaultShouldRevalidate;

const TIER_FIELDS = ["id", "name", "threshold", "multiplier", "entryRewardPoints", "freeShipping", "graceDays"] as const;
const TIER_FIELD = new RegExp(`^tiers\\.(\\d{1,2})\\.(${TIER_FIELDS.join("|")})$`);

/** `tiers.<i>.<field>` form fields → the tier rows, in index order. */
function tierRows(form: FormData, locale: AdminLocale): Record<string, string>[] {
  const rows = new Map<number, Record<string, string>>();
  for (const [key, value] of form.entries()) {
    const m = TIER_FIELD.exec(key);
    if (!m || typeof value !== "string") continue;
    const index = Number(m[1]);
    const row = rows.get(index) ?? {};
    const field = m[2]!;
    row[field] = field === "threshold" || field === "multiplier" ? decimalInput(value, locale) : value;
    rows.set(index, row);
  }
  return [...rows.entries()].sort((a, b) => a[0] - b[0]).map(([, row]) => row);
}

const TiersAction = z.object({ intent: z.enum(["preview", "save"]), basis: z.string().default(""), window: z.string().default("") });

export type TiersActionData =
  | { intent: "preview"; preview: TierPreview; warnings: string[] }
  | { ok: true; intent: "save"; message: string; up: number; down: number; members: number; warnings: string[] }
  | { intent: "preview" | "save"; errors: FieldErrors }
  | { error: string };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken, admin } = await authenticate.admin(request);
  const { t, locale } = adminI18n(request);
  const form = await request.formData();
  const parsed = TiersAction.safeParse({ intent: form.get("intent") ?? undefined, basis: form.get("basis") ?? undefined, window: form.get("window") ?? undefined });
  if (!parsed.success) return Response.json({ error: t("errors.unknownAction") }, { status: 400 });
  const { intent, basis, window } = parsed.data;
  const db = getSql();
  const shop = session.shop;
  const currency = await shopCurrency(db, shop);
  if (!currency) return Response.json({ intent, errors: { form: t("settings.tiers.errors.noCurrency") } }, { status: 409 });
  const checked = tierProposalFromInput({ basis, window, tiers: tierRows(form, locale) }, currency, t);
  if (!checked.ok) return Response.json({ intent, errors: checked.errors }, { status: 400 });
  const now = new Date();
  if (intent === "preview") {
    try {
      return { intent, preview: await previewTiers(db, shop, checked.proposal, now, t), warnings: checked.warnings };
    } catch (error) {
      if (error instanceof TierProposalError) return Response.json({ intent, errors: error.errors }, { status: 400 });
      throw error;
    }
  }
  const saved = await saveTiers(db, shop, checked.proposal, now, `staff:${sessionToken?.sub ?? "unknown"}`, t);
  if (!saved.ok) return Response.json({ intent, errors: saved.errors }, { status: 400 });
  await refreshProgramSummary(db, shop, admin.graphql as unknown as AdminGraphql);
  const { up, down, members } = saved.recalculation;
  return { ok: true as const, intent, message: t("settings.tiers.saved", { up, down }), up, down, members, warnings: checked.warnings };
};

type LoaderData = SerializeFrom<typeof loader>;

/** One tier as the form holds it (money as a decimal in the shop currency, or whole points). */
type TierFormRow = {
  key: string;
  id: number | null;
  name: string;
  threshold: string;
  multiplier: string;
  entryRewardPoints: string;
  freeShipping: boolean;
  graceDays: string;
};

type FormState = { basis: TierBasis; window: TierWindow; tiers: TierFormRow[] };

function thresholdText(threshold: number, basis: TierBasis, currency: string | null): string {
  if (basis === "points" || !currency) return String(threshold);
  try {
    return formatMinorUnits(threshold, currency);
  } catch {
    return String(threshold);
  }
}

function formState(data: LoaderData): FormState {
  return {
    basis: data.basis,
    window: data.window,
    tiers: data.tiers.map((tier) => ({
      key: `tier-${tier.id}`,
      id: tier.id,
      name: tier.name,
      threshold: thresholdText(tier.threshold, data.basis, data.currency),
      multiplier: String(multiplierNumber(tier.multiplierBps)),
      entryRewardPoints: String(tier.entryRewardPoints),
      freeShipping: tier.freeShipping,
      graceDays: String(tier.graceDays),
    })),
  };
}

/** The fields the action reads: intent, basis, window and tiers.<i>.<field>. */
function payload(intent: "preview" | "save", s: FormState): Record<string, string> {
  const out: Record<string, string> = { intent, basis: s.basis, window: s.window };
  s.tiers.forEach((row, i) => {
    if (row.id !== null) out[`tiers.${i}.id`] = String(row.id);
    out[`tiers.${i}.name`] = row.name;
    out[`tiers.${i}.threshold`] = row.threshold;
    out[`tiers.${i}.multiplier`] = row.multiplier;
    out[`tiers.${i}.entryRewardPoints`] = row.entryRewardPoints;
    out[`tiers.${i}.graceDays`] = row.graceDays;
    out[`tiers.${i}.freeShipping`] = row.freeShipping ? "true" : "false";
  });
  return out;
}

const BASIS_LABELS: Record<TierBasis, MessageKey> = { spend: "settings.tiers.basis.spend", points: "settings.tiers.basis.points" };
const WINDOW_LABELS: Record<TierWindow, MessageKey> = {
  lifetime: "settings.tiers.window.lifetime", calendar_year: "settings.tiers.window.calendarYear", rolling_12m: "settings.tiers.window.rolling12m",
};

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <BlockStack gap="100">
      <Text as="h3" variant="headingSm" tone="subdued">
        {label}
      </Text>
      <Text as="p" variant="headingXl">
        {value}
      </Text>
    </BlockStack>
  );
}

let newRows = 0;

export default function TierEditor() {
  const data = useLoaderData<typeof loader>();
  const { currency, defaults } = data;
  const fetcher = useFetcher<TiersActionData>();
  const shopify = useAppBridge();
  const { t, number, money } = useI18n();
  const [s, setS] = useState<FormState>(() => formState(data));
  // Saved tiers come back from the loader: start over from them (an unchanged reload keeps the edits).
  const version = JSON.stringify([data.basis, data.window, data.tiers]);
  const [seen, setSeen] = useState(version);
  if (seen !== version) {
    setSeen(version);
    setS(formState(data));
  }

  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data) return;
    if ("ok" in fetcher.data) shopify.toast.show(fetcher.data.message);
    else if ("error" in fetcher.data) shopify.toast.show(fetcher.data.error, { isError: true });
  }, [fetcher.state, fetcher.data, shopify]);

  const result = fetcher.state === "idle" ? fetcher.data : undefined;
  const errors: FieldErrors = result && "errors" in result ? result.errors : {};
  const preview = result && "preview" in result ? result.preview : null;
  const warnings = result && "warnings" in result ? result.warnings : data.warnings;
  const busy = fetcher.state !== "idle" ? fetcher.formData?.get("intent") : undefined;
  const submit = (intent: "preview" | "save") => fetcher.submit(payload(intent, s), { method: "post" });

  const setProgram = (key: "basis" | "window") => (value: string) => setS((old) => ({ ...old, [key]: value }));
  const setRow = (index: number, key: keyof TierFormRow) => (value: string | boolean) =>
    setS((old) => ({ ...old, tiers: old.tiers.map((row, i) => (i === index ? { ...row, [key]: value } : row)) }));
  const addRow = () =>
    setS((old) => ({
      ...old,
      tiers: [...old.tiers, { key: `new-${++newRows}`, id: null, name: "", threshold: "", multiplier: "1", entryRewardPoints: "0", freeShipping: false, graceDays: "0" }],
    }));
  const removeRow = (index: number) => setS((old) => ({ ...old, tiers: old.tiers.filter((_, i) => i !== index) }));

  const spend = s.basis === "spend";
  const fmtThreshold = (minor: number) => (currency ? money(minor, currency) : number(minor));
  const savedTier = (id: number | null) => (id === null ? undefined : data.tiers.find((tier) => tier.id === id));
  const listErrors = [errors.form, errors.tiers, ...Object.entries(errors).filter(([k]) => /^tiers\.\d+\.id$/.test(k)).map(([, v]) => v)]
    .filter((e): e is string => Boolean(e));

  return (
    <Page
      title={t("settings.tiers.title")}
      primaryAction={{ content: t("common.save"), onAction: () => submit("save"), loading: busy === "save", disabled: !currency }}
      secondaryActions={[{ content: t("settings.tiers.preview"), onAction: () => submit("preview"), loading: busy === "preview", disabled: !currency }]}
    >
      <Layout>
        {!currency ? (
          <Layout.Section>
            <Banner tone="info" title={t("common.readingStore")}>
              <p>{t("settings.tiers.readingStoreBody")}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        {listErrors.length ? (
          <Layout.Section>
            <Banner tone="critical">
              {listErrors.map((e) => (
                <p key={e}>{e}</p>
              ))}
            </Banner>
          </Layout.Section>
        ) : null}
        {warnings.length ? (
          <Layout.Section>
            <Banner tone="warning" title={t("settings.tiers.warningsTitle")}>
              {warnings.map((w) => (
                <p key={w}>{w}</p>
              ))}
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Form onSubmit={() => submit("save")}>
            <BlockStack gap="400">
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    {t("settings.tiers.programTitle")}
                  </Text>
                  <FormLayout>
                    <FormLayout.Group>
                      <Select
                        label={t("settings.tiers.basis.label")}
                        options={TIER_BASES.map((b) => ({ label: t(BASIS_LABELS[b]), value: b }))}
                        value={s.basis}
                        onChange={setProgram("basis")}
                        error={errors.basis}
                        helpText={spend ? t("settings.tiers.basis.spendHelp", { currency: currency ?? "" }) : t("settings.tiers.basis.pointsHelp")}
                      />
                      <Select
                        label={t("settings.tiers.window.label")}
                        options={TIER_WINDOWS.map((w) => ({ label: t(WINDOW_LABELS[w]), value: w }))}
                        value={s.window}
                        onChange={setProgram("window")}
                        error={errors.window}
                        helpText={t("settings.tiers.window.help")}
                      />
                    </FormLayout.Group>
                  </FormLayout>
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="400">
                  <Text as="h2" variant="headingMd">
                    {t("settings.tiers.listTitle")}
                  </Text>
                  {s.tiers.length === 0 ? (
                    <Text as="p" tone="subdued">
                      {t("settings.tiers.empty")}
                    </Text>
                  ) : null}
                  {s.tiers.map((row, i) => {
                    const at = (field: string) => errors[`tiers.${i}.${field}`];
                    const saved = savedTier(row.id);
                    return (
                      <BlockStack gap="300" key={row.key}>
                        {i > 0 ? <Divider /> : null}
                        <InlineStack align="space-between" blockAlign="center">
                          <Text as="h3" variant="headingSm">
                            {row.name.trim() || t("settings.tiers.newTier")}
                          </Text>
                          <InlineStack gap="300" blockAlign="center">
                            {saved ? (
                              <Text as="span" tone="subdued">
                                {t("settings.tiers.membersNow", { count: saved.members })}
                              </Text>
                            ) : null}
                            <Button variant="plain" tone="critical" onClick={() => removeRow(i)} accessibilityLabel={t("settings.tiers.removeNamed", { name: row.name || String(i + 1) })}>
                              {t("settings.tiers.remove")}
                            </Button>
                          </InlineStack>
                        </InlineStack>
                        <InlineGrid columns={{ xs: 1, md: 3 }} gap="300">
                          <TextField label={t("settings.tiers.fields.name")} value={row.name} onChange={setRow(i, "name")} error={at("name")} autoComplete="off" />
                          <TextField
                            label={t("settings.tiers.fields.threshold")}
                            value={row.threshold}
                            onChange={setRow(i, "threshold")}
                            error={at("threshold")}
                            suffix={spend ? (currency ?? undefined) : t("common.pointsUnit")}
                            inputMode={spend ? "decimal" : "numeric"}
                            autoComplete="off"
                          />
                          <TextField
                            label={t("settings.tiers.fields.multiplier")}
                            value={row.multiplier}
                            onChange={setRow(i, "multiplier")}
                            error={at("multiplier")}
                            suffix="×"
                            inputMode="decimal"
                            helpText={i === 0 ? t("settings.tiers.fields.multiplierHelp") : undefined}
                            autoComplete="off"
                          />
                          <TextField
                            label={t("settings.tiers.fields.entryReward")}
                            type="number"
                            min={0}
                            value={row.entryRewardPoints}
                            onChange={setRow(i, "entryRewardPoints")}
                            error={at("entryRewardPoints")}
                            suffix={t("common.pointsUnit")}
                            helpText={i === 0 ? t("settings.tiers.fields.entryRewardHelp") : undefined}
                            autoComplete="off"
                          />
                          <TextField
                            label={t("settings.tiers.fields.graceDays")}
                            type="number"
                            min={0}
                            max={TIER_LIMITS.maxGraceDays}
                            value={row.graceDays}
                            onChange={setRow(i, "graceDays")}
                            error={at("graceDays")}
                            suffix={t("common.daysUnit")}
                            helpText={i === 0 ? t("settings.tiers.fields.graceDaysHelp") : undefined}
                            autoComplete="off"
                          />
                          <Box paddingBlockStart="600">
                            <Checkbox label={t("settings.tiers.fields.freeShipping")} checked={row.freeShipping} onChange={setRow(i, "freeShipping")}
                              error={at("freeShipping")} />
                          </Box>
                        </InlineGrid>
                      </BlockStack>
                    );
                  })}
                  <InlineStack align="space-between" blockAlign="center">
                    <Button onClick={addRow} disabled={s.tiers.length >= TIER_LIMITS.maxTiers}>
                      {t("settings.tiers.add")}
                    </Button>
                    <InlineStack gap="200">
                      <Button onClick={() => submit("preview")} loading={busy === "preview"} disabled={!currency}>
                        {t("settings.tiers.preview")}
                      </Button>
                      <Button submit variant="primary" loading={busy === "save"} disabled={!currency}>
                        {t("common.save")}
                      </Button>
                    </InlineStack>
                  </InlineStack>
                </BlockStack>
              </Card>
            </BlockStack>
          </Form>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("settings.tiers.previewTitle")}
                </Text>
                {preview ? (
                  <>
                    <Text as="p">{t("settings.tiers.previewOf", { count: preview.members })}</Text>
                    <InlineGrid columns={3} gap="300">
                      <Figure label={t("settings.tiers.moveUp")} value={number(preview.up)} />
                      <Figure label={t("settings.tiers.moveDown")} value={number(preview.down)} />
                      <Figure label={t("settings.tiers.stay")} value={number(preview.same)} />
                    </InlineGrid>
                    <DataTable
                      columnContentTypes={["text", "numeric"]}
                      headings={[t("settings.tiers.columns.tier"), t("settings.tiers.columns.members")]}
                      rows={[
                        ...preview.byTier.map((b) => [b.name, number(b.members)]),
                        ...(preview.none > 0 ? [[t("settings.tiers.noTier"), number(preview.none)]] : []),
                      ]}
                    />
                  </>
                ) : (
                  <Text as="p" tone="subdued">
                    {t("settings.tiers.previewHelp", { count: data.members })}
                  </Text>
                )}
              </BlockStack>
            </Card>
            {defaults.length ? (
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    {t("settings.tiers.defaultsTitle")}
                  </Text>
                  {defaults.map((d) => (
                    <Text as="p" key={d.name}>
                      {t("settings.tiers.defaultTier", { name: d.name, threshold: fmtThreshold(d.thresholdMinor), multiplier: number(multiplierNumber(d.multiplierBps)) })}
                    </Text>
                  ))}
                  <Text as="p" variant="bodySm" tone="subdued">
                    {t("settings.tiers.defaultsHelp")}
                  </Text>
                </BlockStack>
              </Card>
            ) : null}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage title="settings.tiers.title" />;
}
