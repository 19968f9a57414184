// Earning rules: how many points shoppers earn per amount spent, whether test orders earn, and which
// products earn nothing (by product tag or collection, resolved to products by the exclusions sync).
// Shops whose currency unit is small (JPY, KRW, HUF, …) get a suggested rate.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Box, Button, Card, Checkbox, Form, FormLayout, InlineGrid, InlineStack, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { AdminErrorPage } from "../admin/page-states";
import { getSql } from "../db.server";
import type { Translate } from "../i18n/i18n";
import { adminI18n } from "../i18n/i18n.server";
import { useI18n } from "../i18n/react";
import { currencyExponent } from "../loyalty/money";
import type { FieldErrors } from "../loyalty/program-settings";
import { safeTimeZone, suggestedScale } from "../loyalty/tiers";
import { authenticate } from "../shopify.server";
import type { AdminGraphql } from "../shopify/admin-client.server";
import { refreshProgramSummary } from "../shopify/install.server";
import { EXCLUSIONS_SYNC_JOB, loadProgramSettings, saveEarningSettings } from "../storage/program-settings.server";
import { shopCurrency } from "../storage/rewards.server";

type SyncJobRow = { status: string; run_after: string; last_error: string | null };

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const db = getSql();
  const shop = session.shop;
  const [settings, currency, row, job] = await Promise.all([
    loadProgramSettings(db, shop),
    shopCurrency(db, shop),
    db.get<{ timezone: string | null }>(`SELECT timezone FROM shop WHERE domain = ?`, [shop]),
    db.get<SyncJobRow>(
      `SELECT status, run_after, last_error FROM job WHERE shop = ? AND kind = ? AND status IN ('queued', 'running') ORDER BY id DESC LIMIT 1`,
      [shop, EXCLUSIONS_SYNC_JOB],
    ),
  ]);
  const { exclusionsSyncedAt, excludedProducts, ...earning } = settings.earning;
  const scale = currency ? suggestedScale(currency) : null;
  const hasExclusions = earning.excludedTags.length > 0 || earning.excludedCollections.length > 0;
  return {
    currency,
    timezone: safeTimeZone(row?.timezone),
    earning,
    exclusions: {
      syncedAt: exclusionsSyncedAt,
      products: excludedProducts,
      /** A sync is running or due now (the daily run queued for later does not count). */
      syncing: hasExclusions && job !== undefined && (job.status === "running" || Date.parse(String(job.run_after)) <= Date.now()),
      lastError: job?.last_error ?? null,
    },
    /** What suits the shop's currency: 1 point per `perMajorUnits` whole units; `factor` 1 means the defaults fit. */
    scale: scale && currency
      ? {
        factor: scale.factor,
        points: scale.earn.points,
        perMajorUnits: scale.earn.perMajorUnits,
        tiers: scale.tiers.map((t) => ({ name: t.name, thresholdMinor: t.threshold })),
        exponent: currencyExponent(currency),
      }
      : null,
  };
};

const text = z.string().optional();

const EarningAction = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("save"),
    points: text,
    perMajorUnits: text,
    earnOnTestOrders: z.enum(["true", "false"]).optional(),
    excludedTags: text,
    excludedCollections: text,
  }),
]);

export type EarningActionData = { ok: true; message: string } | { errors: FieldErrors } | { error: string };

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const { t } = adminI18n(request);
  const parsed = EarningAction.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return Response.json({ error: t("errors.unknownAction") }, { status: 400 });
  const { intent: _intent, ...input } = parsed.data;
  const db = getSql();
  const shop = session.shop;
  const graphql = admin.graphql as unknown as AdminGraphql;
  const before = (await loadProgramSettings(db, shop)).earning;
  const result = await saveEarningSettings(db, shop, input, new Date(), { admin: graphql }, t);
  if (!result.ok) {
    // Only `form` (Shopify could not be asked about the collections) is not the merchant's input.
    const fieldError = Object.keys(result.errors).some((k) => k !== "form");
    return Response.json({ errors: result.errors }, { status: fieldError ? 400 : 502 });
  }
  const after = (await loadProgramSettings(db, shop)).earning;
  await refreshProgramSummary(db, shop, graphql);
  const exclusionsChanged = !sameList(before.excludedTags, after.excludedTags) || !sameList(before.excludedCollections, after.excludedCollections);
  const hasExclusions = after.excludedTags.length > 0 || after.excludedCollections.length > 0;
  return { ok: true as const, message: exclusionsChanged && hasExclusions ? t("settings.earning.savedSyncing") : t("settings.earning.saved") };
};

type FormValues = { points: string; perMajorUnits: string; earnOnTestOrders: boolean; excludedTags: string; excludedCollections: string };

function formValues(e: { points: number; perMajorUnits: number; earnOnTestOrders: boolean; excludedTags: string[]; excludedCollections: string[] }): FormValues {
  return {
    points: String(e.points),
    perMajorUnits: String(e.perMajorUnits),
    earnOnTestOrders: e.earnOnTestOrders,
    excludedTags: e.excludedTags.join(", "),
    excludedCollections: e.excludedCollections.join("\n"),
  };
}

/** "Shoppers earn 1 point for every 100 JPY spent." (null while the values typed are not whole numbers). */
function rateText(points: string, perMajorUnits: string, currency: string | null, t: Translate, number: (n: number) => string) {
  if (!/^\d{1,7}$/.test(points.trim()) || !/^\d{1,7}$/.test(perMajorUnits.trim())) return null;
  const amount = `${number(Number(perMajorUnits))}${currency ? ` ${currency}` : ""}`;
  return t("settings.earning.rate", { points: t("common.points", { count: Number(points) }), amount });
}

export default function EarningSettings() {
  const { currency, timezone, earning, exclusions, scale } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<EarningActionData>();
  const shopify = useAppBridge();
  const { t, money, number, dateTime } = useI18n();
  const [v, setV] = useState<FormValues>(() => formValues(earning));
  // Saved settings come back from the loader: start over from them (an unchanged reload keeps the edits).
  const version = JSON.stringify(earning);
  const [seen, setSeen] = useState(version);
  if (seen !== version) {
    setSeen(version);
    setV(formValues(earning));
  }
  const set = <K extends keyof FormValues>(key: K) => (value: FormValues[K]) => setV((old) => ({ ...old, [key]: value }));

  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data) return;
    if ("ok" in fetcher.data) shopify.toast.show(fetcher.data.message);
    else if ("error" in fetcher.data) shopify.toast.show(fetcher.data.error, { isError: true });
  }, [fetcher.state, fetcher.data, shopify]);

  const errors: FieldErrors = fetcher.data && "errors" in fetcher.data ? fetcher.data.errors : {};
  const saving = fetcher.state !== "idle";
  const save = () =>
    fetcher.submit(
      {
        intent: "save", points: v.points, perMajorUnits: v.perMajorUnits, earnOnTestOrders: v.earnOnTestOrders ? "true" : "false",
        excludedTags: v.excludedTags, excludedCollections: v.excludedCollections,
      },
      { method: "post" },
    );
  const rate = rateText(v.points, v.perMajorUnits, currency, t, number);
  const suggestion = scale && currency && scale.factor > 1
    ? {
      rate: rateText(String(scale.points), String(scale.perMajorUnits), currency, t, number)!,
      silver: money(scale.tiers[1]?.thresholdMinor ?? 0, currency),
      gold: money(scale.tiers[2]?.thresholdMinor ?? 0, currency),
    }
    : null;
  const suggestionApplied = scale !== null && v.points.trim() === String(scale.points) && v.perMajorUnits.trim() === String(scale.perMajorUnits);
  const hasExclusions = earning.excludedTags.length > 0 || earning.excludedCollections.length > 0;

  let syncStatus: string;
  if (exclusions.syncing) syncStatus = t("settings.earning.sync.running");
  else if (exclusions.syncedAt && hasExclusions) {
    syncStatus = t("settings.earning.sync.done", {
      at: dateTime(exclusions.syncedAt, timezone), products: t("settings.earning.sync.products", { count: exclusions.products }),
    });
  } else if (hasExclusions) syncStatus = t("settings.earning.sync.never");
  else syncStatus = t("settings.earning.sync.none");

  return (
    <Page title={t("settings.earning.title")} primaryAction={{ content: t("common.save"), onAction: save, loading: saving }}>
      <Layout>
        {!currency ? (
          <Layout.Section>
            <Banner tone="info" title={t("common.readingStore")}>
              <p>{t("settings.earning.readingStoreBody")}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        {errors.form ? (
          <Layout.Section>
            <Banner tone="critical">
              <p>{errors.form}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        {suggestion && !suggestionApplied ? (
          <Layout.Section>
            <Banner
              tone="info"
              title={t("settings.earning.scale.title", { currency: currency ?? "" })}
              action={{
                content: t("settings.earning.scale.apply", { rate: suggestion.rate }),
                onAction: () => setV((old) => ({ ...old, points: String(scale!.points), perMajorUnits: String(scale!.perMajorUnits) })),
              }}
            >
              <p>{t("settings.earning.scale.body", { factor: number(scale!.factor), rate: suggestion.rate, silver: suggestion.silver, gold: suggestion.gold })}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Form onSubmit={save}>
            <BlockStack gap="400">
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    {t("settings.earning.rateTitle")}
                  </Text>
                  <FormLayout>
                    <InlineGrid columns={{ xs: 1, sm: 2 }} gap="300">
                      <TextField label={t("settings.earning.points")} type="number" min={1} value={v.points} onChange={set("points")}
                        error={errors.points} suffix={t("common.pointsUnit")} autoComplete="off" />
                      <TextField label={t("settings.earning.perMajorUnits")} type="number" min={1} value={v.perMajorUnits}
                        onChange={set("perMajorUnits")} error={errors.perMajorUnits} suffix={currency ?? undefined} autoComplete="off"
                        helpText={t("settings.earning.perMajorUnitsHelp")} />
                    </InlineGrid>
                    {rate ? (
                      <Text as="p" tone="subdued">
                        {rate}
                      </Text>
                    ) : null}
                    <Checkbox label={t("settings.earning.testOrders")} checked={v.earnOnTestOrders} onChange={set("earnOnTestOrders")}
                      error={errors.earnOnTestOrders} helpText={t("settings.earning.testOrdersHelp")} />
                  </FormLayout>
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    {t("settings.earning.exclusionsTitle")}
                  </Text>
                  <Text as="p" tone="subdued">
                    {t("settings.earning.exclusionsBody")}
                  </Text>
                  <FormLayout>
                    <TextField label={t("settings.earning.tags")} value={v.excludedTags} onChange={set("excludedTags")} error={errors.excludedTags}
                      helpText={t("settings.earning.tagsHelp")} placeholder="No points, Gift wrap" autoComplete="off" />
                    <TextField label={t("settings.earning.collections")} value={v.excludedCollections} onChange={set("excludedCollections")}
                      error={errors.excludedCollections} helpText={t("settings.earning.collectionsHelp")} placeholder="gid://shopify/Collection/123"
                      multiline={3} autoComplete="off" />
                  </FormLayout>
                  <Box paddingBlockStart="100">
                    <BlockStack gap="100">
                      <Text as="h3" variant="headingSm">
                        {t("settings.earning.sync.title")}
                      </Text>
                      <Text as="p">{syncStatus}</Text>
                      {exclusions.lastError ? (
                        <Text as="p" tone="critical">
                          {t("settings.earning.sync.lastError", { error: exclusions.lastError })}
                        </Text>
                      ) : null}
                    </BlockStack>
                  </Box>
                </BlockStack>
              </Card>
              <InlineStack align="end">
                <Button submit variant="primary" loading={saving}>
                  {t("common.save")}
                </Button>
              </InlineStack>
            </BlockStack>
          </Form>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage title="settings.earning.title" />;
}
