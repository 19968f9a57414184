// Points expiry: off, each award after a number of months, or the whole balance after months
// without activity — and how many days ahead members are reminded. The daily check writes expiry
// entries in the ledger and records reminders, which the retention emails send.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Button, Card, ChoiceList, Form, FormLayout, InlineStack, Layout, List, Page, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { AdminErrorPage } from "../admin/page-states";
import { getSql } from "../db.server";
import { adminI18n } from "../i18n/i18n.server";
import { useI18n } from "../i18n/react";
import type { ExpiryMode, ExpirySettings } from "../loyalty/expiry";
import { EXPIRY_LIMITS, type FieldErrors } from "../loyalty/program-settings";
import { safeTimeZone } from "../loyalty/tiers";
import { authenticate } from "../shopify.server";
import { loadExpirySettings } from "../storage/expiry.server";
import { saveExpirySettings } from "../storage/program-settings.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const db = getSql();
  const [expiry, row] = await Promise.all([
    loadExpirySettings(db, session.shop),
    db.get<{ timezone: string | null; expiry_evaluated_at: string | null }>(`SELECT timezone, expiry_evaluated_at FROM shop WHERE domain = ?`, [session.shop]),
  ]);
  return {
    expiry,
    timezone: safeTimeZone(row?.timezone),
    /** When the daily check last ran for the shop (null: not yet). */
    evaluatedAt: row?.expiry_evaluated_at ? String(row.expiry_evaluated_at) : null,
  };
};

const ExpiryAction = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("save"), mode: z.string().optional(), months: z.string().optional(), reminderDays: z.string().optional() }),
]);

export type ExpiryActionData = { ok: true; message: string } | { errors: FieldErrors } | { error: string };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const { t } = adminI18n(request);
  const parsed = ExpiryAction.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return Response.json({ error: t("errors.unknownAction") }, { status: 400 });
  const { intent: _intent, ...input } = parsed.data;
  const result = await saveExpirySettings(getSql(), session.shop, input, new Date(), t);
  if (!result.ok) return Response.json({ errors: result.errors }, { status: 400 });
  return { ok: true as const, message: t("settings.expiry.saved") };
};

type FormValues = { mode: ExpiryMode; months: string; reminderDays: string };

const formValues = (e: ExpirySettings): FormValues => ({ mode: e.mode, months: String(e.months), reminderDays: String(e.reminderDays) });

export default function ExpirySettingsPage() {
  const { expiry, timezone, evaluatedAt } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<ExpiryActionData>();
  const shopify = useAppBridge();
  const { t, dateTime } = useI18n();
  const [v, setV] = useState<FormValues>(() => formValues(expiry));
  // Saved settings come back from the loader: start over from them (an unchanged reload keeps the edits).
  const version = JSON.stringify(expiry);
  const [seen, setSeen] = useState(version);
  if (seen !== version) {
    setSeen(version);
    setV(formValues(expiry));
  }
  const set = <K extends keyof FormValues>(key: K) => (value: FormValues[K]) => setV((old) => ({ ...old, [key]: value }));

  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data) return;
    if ("ok" in fetcher.data) shopify.toast.show(fetcher.data.message);
    else if ("error" in fetcher.data) shopify.toast.show(fetcher.data.error, { isError: true });
  }, [fetcher.state, fetcher.data, shopify]);

  const errors: FieldErrors = fetcher.data && "errors" in fetcher.data ? fetcher.data.errors : {};
  const saving = fetcher.state !== "idle";
  const save = () => fetcher.submit({ intent: "save", mode: v.mode, months: v.months, reminderDays: v.reminderDays }, { method: "post" });
  const off = v.mode === "off";
  const months = /^\d{1,2}$/.test(v.months.trim()) ? Number(v.months) : null;

  return (
    <Page title={t("settings.expiry.title")} primaryAction={{ content: t("common.save"), onAction: save, loading: saving }}>
      <Layout>
        {errors.form ? (
          <Layout.Section>
            <Banner tone="critical">
              <p>{errors.form}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Form onSubmit={save}>
            <Card>
              <BlockStack gap="400">
                <ChoiceList
                  title={t("settings.expiry.mode.label")}
                  choices={[
                    { label: t("settings.expiry.mode.off"), value: "off", helpText: t("settings.expiry.mode.offHelp") },
                    { label: t("settings.expiry.mode.perAward"), value: "per_award", helpText: t("settings.expiry.mode.perAwardHelp") },
                    { label: t("settings.expiry.mode.inactivity"), value: "inactivity", helpText: t("settings.expiry.mode.inactivityHelp") },
                  ]}
                  selected={[v.mode]}
                  onChange={(selected) => set("mode")((selected[0] ?? "off") as ExpiryMode)}
                  error={errors.mode}
                />
                <FormLayout>
                  <FormLayout.Group>
                    <TextField
                      label={v.mode === "inactivity" ? t("settings.expiry.monthsInactive") : t("settings.expiry.months")}
                      type="number"
                      min={EXPIRY_LIMITS.minMonths}
                      max={EXPIRY_LIMITS.maxMonths}
                      value={v.months}
                      onChange={set("months")}
                      error={errors.months}
                      disabled={off}
                      suffix={t("settings.expiry.monthsUnit")}
                      helpText={t("settings.expiry.monthsHelp", { min: EXPIRY_LIMITS.minMonths, max: EXPIRY_LIMITS.maxMonths })}
                      autoComplete="off"
                    />
                    <TextField
                      label={t("settings.expiry.reminderDays")}
                      type="number"
                      min={0}
                      max={EXPIRY_LIMITS.maxReminderDays}
                      value={v.reminderDays}
                      onChange={set("reminderDays")}
                      error={errors.reminderDays}
                      disabled={off}
                      suffix={t("common.daysUnit")}
                      helpText={t("settings.expiry.reminderDaysHelp")}
                      autoComplete="off"
                    />
                  </FormLayout.Group>
                </FormLayout>
                {!off && months !== null ? (
                  <Text as="p" tone="subdued">
                    {v.mode === "per_award"
                      ? t("settings.expiry.summary.perAward", { count: months })
                      : t("settings.expiry.summary.inactivity", { count: months })}
                  </Text>
                ) : null}
                <InlineStack align="end">
                  <Button submit variant="primary" loading={saving}>
                    {t("common.save")}
                  </Button>
                </InlineStack>
              </BlockStack>
            </Card>
          </Form>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("settings.expiry.how.title")}
              </Text>
              <List>
                <List.Item>{t("settings.expiry.how.daily")}</List.Item>
                <List.Item>{t("settings.expiry.how.ledger")}</List.Item>
                <List.Item>{t("settings.expiry.how.reminders")}</List.Item>
                <List.Item>{t("settings.expiry.how.changes")}</List.Item>
              </List>
              <Text as="p" variant="bodySm" tone="subdued">
                {evaluatedAt ? t("settings.expiry.lastRun", { at: dateTime(evaluatedAt, timezone) }) : t("settings.expiry.notRunYet")}
              </Text>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage title="settings.expiry.title" />;
}
