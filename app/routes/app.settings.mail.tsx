// Mail settings: who flow mails come from, the postal address every mail carries (marketing mails
// are not sent without it), and optional quiet hours in the shop's time zone.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Button, Card, Checkbox, Form, FormLayout, InlineStack, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { AdminErrorPage } from "../admin/page-states";
import { getSql } from "../db.server";
import type { Translate } from "../i18n/i18n";
import { adminI18n } from "../i18n/i18n.server";
import { useI18n } from "../i18n/react";
import { isMailbox } from "../mail/address";
import { safeTimeZone } from "../loyalty/tiers";
import { authenticate } from "../shopify.server";
import {
  loadMailSettings, MAX_POSTAL_ADDRESS_LENGTH, MailSettingsError, saveMailSettings, type MailSettingsInput,
} from "../storage/mail-settings.server";
import { ensureShop } from "../storage/shops.server";

type FieldErrors = Record<string, string>;

/** Minutes after midnight → "21:00". */
const clock = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;

/** "21:00" or "9:30" → minutes after midnight; null for anything else. */
function parseClock(text: string): number | null {
  const m = /^(\d{1,2})[:.](\d{2})$/.exec(text.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return h < 24 && min < 60 ? h * 60 + min : null;
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const db = getSql();
  const [settings, own] = await Promise.all([
    loadMailSettings(db, session.shop),
    db.get<{ mail_from: string | null }>(`SELECT mail_from FROM shop WHERE domain = ?`, [session.shop]),
  ]);
  const ownFrom = own?.mail_from?.trim() || "";
  return {
    /** The shop's own sender ("" = none: MAIL_FROM, if set, is used). */
    from: ownFrom,
    /** The sender used when the shop has none of its own. */
    fallbackFrom: process.env.MAIL_FROM?.trim() && isMailbox(process.env.MAIL_FROM) ? process.env.MAIL_FROM.trim() : null,
    postalAddress: settings?.postalAddress ?? "",
    quietHours: settings?.quietHours ? { start: clock(settings.quietHours.startMinute), end: clock(settings.quietHours.endMinute) } : null,
    timezone: safeTimeZone(settings?.timezone),
  };
};

const MailAction = z.object({
  intent: z.literal("save"),
  from: z.string().default(""),
  postalAddress: z.string().default(""),
  quietHours: z.enum(["true", "false"]).default("false"),
  quietStart: z.string().default(""),
  quietEnd: z.string().default(""),
});

/** The form → the settings, or the errors by field in the admin's language. */
function mailSettingsFromForm(raw: Record<string, unknown>, t: Translate): { ok: true; input: MailSettingsInput } | { ok: false; errors: FieldErrors } {
  const parsed = MailAction.safeParse(raw);
  if (!parsed.success) return { ok: false, errors: { form: t("errors.unknownAction") } };
  const f = parsed.data;
  const errors: FieldErrors = {};
  const from = f.from.trim();
  if (from && !isMailbox(from)) errors.from = t("validation.mail.from");
  const postalAddress = f.postalAddress.replace(/\r\n?/g, "\n").trim();
  if (postalAddress.length > MAX_POSTAL_ADDRESS_LENGTH) errors.postalAddress = t("validation.mail.postalAddress", { max: String(MAX_POSTAL_ADDRESS_LENGTH) });
  let quietHours: MailSettingsInput["quietHours"] = null;
  if (f.quietHours === "true") {
    const start = parseClock(f.quietStart);
    const end = parseClock(f.quietEnd);
    if (start === null) errors.quietStart = t("validation.mail.time");
    if (end === null) errors.quietEnd = t("validation.mail.time");
    if (start !== null && end !== null) {
      if (start === end) errors.quietEnd = t("validation.mail.quietSame");
      else quietHours = { startMinute: start, endMinute: end };
    }
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, input: { from: from || null, postalAddress: postalAddress || null, quietHours } };
}

export type MailActionData = { ok: true; message: string } | { errors: FieldErrors } | { error: string };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const { t } = adminI18n(request);
  const raw = Object.fromEntries(await request.formData());
  if (raw.intent !== "save") return Response.json({ error: t("errors.unknownAction") }, { status: 400 });
  const checked = mailSettingsFromForm(raw, t);
  if (!checked.ok) return Response.json({ errors: checked.errors }, { status: 400 });
  const db = getSql();
  const now = new Date();
  await ensureShop(db, session.shop, now.toISOString());
  try {
    await saveMailSettings(db, session.shop, checked.input, now);
  } catch (error) {
    if (!(error instanceof MailSettingsError)) throw error;
    const field = error.field === "quietHours" ? "quietEnd" : error.field;
    const message = error.field === "from" ? t("validation.mail.from") : error.field === "postalAddress"
      ? t("validation.mail.postalAddress", { max: String(MAX_POSTAL_ADDRESS_LENGTH) })
      : t("validation.mail.time");
    return Response.json({ errors: { [field]: message } }, { status: 400 });
  }
  return { ok: true as const, message: t("settings.mail.saved") };
};

type FormValues = { from: string; postalAddress: string; quietHours: boolean; quietStart: string; quietEnd: string };

export default function MailSettingsPage() {
  const data = useLoaderData<typeof loader>();
  const fetcher = useFetcher<MailActionData>();
  const shopify = useAppBridge();
  const { t } = useI18n();
  const initial = (): FormValues => ({
    from: data.from, postalAddress: data.postalAddress, quietHours: data.quietHours !== null,
    quietStart: data.quietHours?.start ?? "21:00", quietEnd: data.quietHours?.end ?? "08:00",
  });
  const [v, setV] = useState<FormValues>(initial);
  // Saved settings come back from the loader: start over from them (an unchanged reload keeps the edits).
  const version = JSON.stringify([data.from, data.postalAddress, data.quietHours]);
  const [seen, setSeen] = useState(version);
  if (seen !== version) {
    setSeen(version);
    setV(initial());
  }
  const set = <K extends keyof FormValues>(key: K) => (value: FormValues[K]) => setV((old) => ({ ...old, [key]: value }));

  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data) return;
    if ("ok" in fetcher.data) shopify.toast.show(fetcher.data.message);
    else if ("error" in fetcher.data) shopify.toast.show(fetcher.data.error, { isError: true });
  }, [fetcher.state, fetcher.data, shopify]);

  const errors: FieldErrors = fetcher.state === "idle" && fetcher.data && "errors" in fetcher.data ? fetcher.data.errors : {};
  const saving = fetcher.state !== "idle";
  const save = () =>
    fetcher.submit(
      { intent: "save", from: v.from, postalAddress: v.postalAddress, quietHours: v.quietHours ? "true" : "false", quietStart: v.quietStart, quietEnd: v.quietEnd },
      { method: "post" },
    );

  return (
    <Page title={t("settings.mail.title")} backAction={{ content: t("flows.title"), url: "/app/flows" }} primaryAction={{ content: t("common.save"), onAction: save, loading: saving }}>
      <Layout>
        {errors.form ? (
          <Layout.Section>
            <Banner tone="critical">
              <p>{errors.form}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        {!data.postalAddress ? (
          <Layout.Section>
            <Banner tone="warning" title={t("flows.banners.postalAddress.title")}>
              <p>{t("settings.mail.postalAddressMissing")}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Form onSubmit={save}>
            <BlockStack gap="400">
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    {t("settings.mail.senderTitle")}
                  </Text>
                  <FormLayout>
                    <TextField
                      label={t("settings.mail.fields.from")}
                      value={v.from}
                      onChange={set("from")}
                      error={errors.from}
                      placeholder={data.fallbackFrom ?? "Kanta Shop <hello@example.com>"}
                      helpText={t("settings.mail.fields.fromHelp", { fallback: data.fallbackFrom ?? t("settings.mail.fields.fromNone") })}
                      autoComplete="off"
                    />
                    <TextField
                      label={t("settings.mail.fields.postalAddress")}
                      value={v.postalAddress}
                      onChange={set("postalAddress")}
                      error={errors.postalAddress}
                      multiline={3}
                      maxLength={MAX_POSTAL_ADDRESS_LENGTH}
                      helpText={t("settings.mail.fields.postalAddressHelp")}
                      autoComplete="off"
                    />
                  </FormLayout>
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    {t("settings.mail.quietTitle")}
                  </Text>
                  <Checkbox
                    label={t("settings.mail.fields.quietHours")}
                    checked={v.quietHours}
                    onChange={set("quietHours")}
                    helpText={t("settings.mail.fields.quietHoursHelp", { zone: data.timezone })}
                  />
                  <FormLayout>
                    <FormLayout.Group>
                      <TextField label={t("settings.mail.fields.quietStart")} type="time" value={v.quietStart} onChange={set("quietStart")}
                        error={errors.quietStart} disabled={!v.quietHours} autoComplete="off" />
                      <TextField label={t("settings.mail.fields.quietEnd")} type="time" value={v.quietEnd} onChange={set("quietEnd")}
                        error={errors.quietEnd} disabled={!v.quietHours} autoComplete="off" />
                    </FormLayout.Group>
                  </FormLayout>
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
  return <AdminErrorPage title="settings.mail.title" back={{ content: "flows.title", url: "/app/flows" }} />;
}
