// The flow editor: on/off, the steps (delay, incentive), the kind's settings and the holdout share;
// a preview of each step's mail in English and Finnish; a test mail to the merchant; and, for
// win-back, the members due now and why. Free products are checked against the store before saving.
import type { ActionFunctionArgs, LoaderFunctionArgs, SerializeFrom } from "@remix-run/node";
import { useFetcher, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import {
  Badge, Banner, BlockStack, Box, Button, Card, Checkbox, DataTable, Divider, Form, FormLayout, InlineGrid, InlineStack, Layout, Page, Select, Tabs, Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";
import { z } from "zod";
import { decimalInput } from "../admin/decimal-input";
import { delayText, FLOW_NAMES, flowSummary, incentiveText } from "../admin/flow-labels";
import { gidTail, memberName } from "../admin/labels";
import { AdminErrorPage } from "../admin/page-states";
import { getSql } from "../db.server";
import { env } from "../env.server";
import { FLOW_KINDS, isMarketingFlow, MAX_HOLDOUT_PCT, MAX_STEPS, type FlowConfig, type FlowKind } from "../flows/config";
import {
  flowFormFields, flowFormValues, flowFromForm, freeProductVariants, INCENTIVE_CHOICES, newStepValues, type FieldErrors, type FlowFormValues,
  type IncentiveChoice, type StepFormValues,
} from "../flows/flow-form";
import { previewContent, previewMails, type PreviewContext } from "../flows/preview";
import { renderMail, type MailLocale, type RenderedMail } from "../flows/templates";
import { recomputeRhythms, winBackQueue, WinBackQueueError, type WinBackRow } from "../flows/win-back.server";
import { KantaProductVariant } from "../graphql/documents";
import type { KantaProductVariantQuery, KantaProductVariantQueryVariables } from "../graphql/types.generated";
import type { I18n, MessageKey, Translate } from "../i18n/i18n";
import { adminI18n } from "../i18n/i18n.server";
import { useI18n } from "../i18n/react";
import { isAddress } from "../mail/address";
import { MailError, mailerFromEnv } from "../mail/mailer.server";
import { safeTimeZone } from "../loyalty/tiers";
import { authenticate } from "../shopify.server";
import { AdminApiError, adminRequest, type AdminGraphql } from "../shopify/admin-client.server";
import { ensureDefaultFlows, loadFlow, saveFlow } from "../storage/flow-config.server";
import { loadMailSettings } from "../storage/mail-settings.server";
import { listRewards, shopCurrency } from "../storage/rewards.server";
import type { SqlExecutor } from "../storage/sql.server";

const PREVIEW_LOCALES = ["en", "fi"] as const satisfies readonly MailLocale[];
type PreviewLocale = MailLocale;
/** Per step, the mail in each language. */
type StepPreviews = Record<MailLocale, RenderedMail>[];

const QUEUE_PAGE = 25;

function flowKind(param: string | undefined): FlowKind | null {
  return param !== undefined && (FLOW_KINDS as readonly string[]).includes(param) ? (param as FlowKind) : null;
}

type ShopFacts = { contactEmail: string | null; currency: string | null; timezone: string; from: string | null; postalAddress: string | null; preview: PreviewContext };

/** What the preview and the test mail need to know about the shop. */
async function shopFacts(db: SqlExecutor, shop: string, t: Translate, now: Date): Promise<ShopFacts> {
  const [mail, currency, rewards] = await Promise.all([loadMailSettings(db, shop), shopCurrency(db, shop), listRewards(db, shop, { enabledOnly: true })]);
  const timezone = safeTimeZone(mail?.timezone);
  return {
    contactEmail: mail?.contactEmail ?? null,
    currency,
    timezone,
    from: mail?.from ?? null,
    postalAddress: mail?.postalAddress ?? null,
    preview: {
      shop: {
        name: mail?.shopName ?? shop,
        storefrontUrl: mail?.storefrontUrl ?? `https://${shop}`,
        postalAddress: mail?.postalAddress || t("flowEditor.preview.noPostalAddress"),
        timezone,
      },
      currency,
      rewards: rewards.map((r) => ({ id: String(r.id), name: r.name, pointsCost: r.pointsCost })),
      now,
    },
  };
}

/** A win-back queue row as the page shows it: the member, and why they are due, in words. */
function queueRow(r: WinBackRow, i18n: I18n, timezone: string) {
  const { t, number, date } = i18n;
  const w = r.why;
  const days = w.lapseAfterDays === null ? "" : number(w.lapseAfterDays);
  const why = w.basis === "own_cadence"
    ? t("flowEditor.queue.why.own", { cadence: number(w.usedCadenceDays ?? 0), days })
    : w.basis === "shop_cadence"
      ? t("flowEditor.queue.why.shop", { cadence: number(w.usedCadenceDays ?? 0), days })
      : w.basis === "one_time_buyer"
        ? t("flowEditor.queue.why.oneTime", { days })
        : t("flowEditor.queue.why.none");
  return {
    customerGid: r.customerGid,
    member: memberName(r, t("member.fallbackName", { id: gidTail(r.customerGid) })),
    state: r.state,
    mailable: r.mailable,
    cadenceDays: w.usedCadenceDays,
    lastOrderAt: w.lastOrderAt,
    expectedAt: w.expectedNextOrderAt,
    dueAt: r.dueAt,
    display: {
      state: r.state === "due" ? t("flowEditor.queue.state.due") : t("flowEditor.queue.state.upcoming"),
      cadence: w.usedCadenceDays === null ? t("flowEditor.queue.oneTimeBuyer") : t("flowEditor.queue.everyDays", { count: w.usedCadenceDays }),
      lastOrder: w.lastOrderAt ? date(w.lastOrderAt, timezone) : "—",
      expected: w.expectedNextOrderAt ? date(w.expectedNextOrderAt, timezone) : "—",
      due: date(r.dueAt, timezone),
      why: r.mailable ? why : `${why}. ${t("flowEditor.queue.notMailable")}`,
    },
  };
}

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const i18n = adminI18n(request);
  const { t } = i18n;
  const kind = flowKind(params.kind);
  if (!kind) throw Response.json({ error: t("flowEditor.notFound") }, { status: 404 });
  const db = getSql();
  const shop = session.shop;
  const now = new Date();
  await ensureDefaultFlows(db, shop, now.toISOString());
  const after = new URL(request.url).searchParams.get("after") || undefined;
  const [config, facts] = await Promise.all([loadFlow(db, shop, kind), shopFacts(db, shop, t, now)]);
  let queue: { rows: ReturnType<typeof queueRow>[]; next: string | null; first: boolean } | null = null;
  if (kind === "win_back") {
    try {
      const rows = await winBackQueue(db, shop, { limit: QUEUE_PAGE + 1, after, now });
      queue = {
        rows: rows.slice(0, QUEUE_PAGE).map((r) => queueRow(r, i18n, facts.timezone)),
        next: rows.length > QUEUE_PAGE ? rows[QUEUE_PAGE - 1]!.cursor : null,
        first: after === undefined,
      };
    } catch (error) {
      if (error instanceof WinBackQueueError) throw Response.json({ error: t("flowEditor.queue.badCursor") }, { status: 400 });
      throw error;
    }
  }
  return {
    kind,
    marketing: isMarketingFlow(kind),
    enabled: config.enabled,
    currency: facts.currency,
    values: flowFormValues(config, facts.currency),
    summary: flowSummary(config, i18n, facts.currency),
    /** "Mail 2: after 24 hours — 10 % off" for each step. */
    stepLines: config.steps.map((step, i) =>
      t("flowEditor.stepLine", { number: i + 1, delay: delayText(step.delayHours, i18n), incentive: incentiveText(step, i18n, facts.currency) ?? t("flowEditor.incentive.none") })),
    rewards: facts.preview.rewards.map((r) => ({ id: r.id, name: r.name })),
    contactEmail: facts.contactEmail,
    mailConfigured: Boolean(env().SMTP_URL),
    postalAddressMissing: !facts.postalAddress,
    /** Each step's mail in English and Finnish, with sample shopper data. */
    previews: previewMails(config, facts.preview) as StepPreviews,
    queue,
  };
};

/** A preview keeps the page's data (and the merchant's unsaved edits); so does a test mail. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get("intent") === "preview" || formData?.get("intent") === "test" ? false : defaultShouldRevalidate;

export type FlowEditorActionData =
  | { intent: "save"; ok: true; message: string; stoppedRuns: number }
  | { intent: "preview"; previews: StepPreviews }
  | { intent: "test"; ok: true; message: string; to: string }
  | { intent: "save" | "preview" | "test"; errors: FieldErrors }
  | { error: string };

const DECIMAL_FIELDS = /^(steps\.\d+\.(percent|amount)|minCart|lapseFactor)$/;

const EditorAction = z.object({ intent: z.enum(["save", "preview", "test"]) });

/** The merchant's test mail: one step of the saved flow with sample data, to them, through the mailer. */
async function sendTest(
  db: SqlExecutor, shop: string, config: FlowConfig, fields: Record<string, unknown>, facts: ShopFacts, t: Translate,
): Promise<Response | { intent: "test"; ok: true; message: string; to: string }> {
  const intent = "test";
  const stepText = typeof fields.step === "string" ? fields.step : "0";
  const step = /^\d{1,2}$/.test(stepText) ? Number(stepText) : -1;
  const locale = fields.locale === undefined || fields.locale === "en" ? "en" : fields.locale === "fi" ? "fi" : null;
  const errors: FieldErrors = {};
  if (step < 0 || step >= config.steps.length) errors.step = t("flowEditor.test.errors.step");
  if (!locale) errors.locale = t("flowEditor.test.errors.locale");
  const typed = typeof fields.to === "string" ? fields.to.trim() : "";
  const to = typed || facts.contactEmail || "";
  if (!to) errors.to = t("flowEditor.test.errors.noAddress");
  else if (!isAddress(to) || to.length > 254) errors.to = t("flowEditor.test.errors.address");
  if (Object.keys(errors).length) return Response.json({ intent, errors }, { status: 400 });
  const mailer = mailerFromEnv();
  if (!mailer) return Response.json({ intent, errors: { form: t("flowEditor.test.errors.noSmtp") } }, { status: 409 });
  const from = facts.from;
  if (!from) return Response.json({ intent, errors: { form: t("flowEditor.test.errors.noSender") } }, { status: 409 });
  const mail = renderMail(previewContent(config, step, locale!, facts.preview, true));
  try {
    await mailer.send({ from, to, subject: `${t("flowEditor.test.subjectPrefix")} ${mail.subject}`, text: mail.text, html: mail.html, headers: {} });
  } catch (error) {
    if (!(error instanceof MailError)) throw error;
    return Response.json({ intent, errors: { form: t("flowEditor.test.errors.refused", { error: error.message }) } }, { status: 502 });
  }
  return { intent, ok: true as const, message: t("flowEditor.test.sent", { to }), to };
}

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const { t, locale } = adminI18n(request);
  const kind = flowKind(params.kind);
  if (!kind) return Response.json({ error: t("flowEditor.notFound") }, { status: 404 });
  const raw = Object.fromEntries(await request.formData());
  const parsed = EditorAction.safeParse(raw);
  if (!parsed.success) return Response.json({ error: t("errors.unknownAction") }, { status: 400 });
  const { intent } = parsed.data;
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) fields[key] = typeof value === "string" && DECIMAL_FIELDS.test(key) ? decimalInput(value, locale) : value;
  const db = getSql();
  const shop = session.shop;
  const now = new Date();
  await ensureDefaultFlows(db, shop, now.toISOString());
  const [current, facts] = await Promise.all([loadFlow(db, shop, kind), shopFacts(db, shop, t, now)]);
  if (intent === "test") return sendTest(db, shop, current, fields, facts, t);

  const checked = flowFromForm(current, fields, facts.currency, t);
  if (!checked.ok) return Response.json({ intent, errors: checked.errors }, { status: 400 });
  const config = checked.config;
  if (intent === "preview") return { intent, previews: previewMails(config, facts.preview) as StepPreviews };

  // A reward named for the own-points link must be one of the shop's active rewards.
  const errors: FieldErrors = {};
  config.steps.forEach((s, i) => {
    const incentive = s.incentive;
    if (incentive?.type === "own_points" && incentive.rewardId !== null && !facts.preview.rewards.some((r) => r.id === incentive.rewardId)) {
      errors[`steps.${i}.rewardId`] = t("validation.flow.reward");
    }
  });
  if (Object.keys(errors).length) return Response.json({ intent, errors }, { status: 400 });
  // Free products must exist in the store (no transaction is open here).
  const graphql = admin.graphql as unknown as AdminGraphql;
  try {
    for (const { step, variantGid } of freeProductVariants(config)) {
      const { productVariant } = await adminRequest<KantaProductVariantQuery, KantaProductVariantQueryVariables>(graphql, KantaProductVariant, { id: variantGid }, { shop });
      if (!productVariant) errors[`steps.${step}.variantGid`] = t("rewardEditor.errors.noVariant");
    }
  } catch (error) {
    if (!(error instanceof AdminApiError)) throw error;
    return Response.json({ intent, errors: { form: t("rewardEditor.errors.shopifyUnavailable") } }, { status: 502 });
  }
  if (Object.keys(errors).length) return Response.json({ intent, errors }, { status: 400 });

  const { stoppedRuns } = await saveFlow(db, shop, config, now.toISOString());
  // The win-back settings (and whether it is on) decide when each member is due: recompute the due times.
  if (kind === "win_back" && (config.enabled !== current.enabled || JSON.stringify(config.settings) !== JSON.stringify(current.settings))) {
    await recomputeRhythms(db, shop, now, { dueOnly: true });
  }
  const name = t(FLOW_NAMES[kind]);
  const message = stoppedRuns > 0 ? t("flowEditor.savedStopped", { name, count: stoppedRuns }) : t("flowEditor.saved", { name });
  return { intent, ok: true as const, message, stoppedRuns };
};

type LoaderData = SerializeFrom<typeof loader>;

const INCENTIVE_LABELS: Record<IncentiveChoice, MessageKey> = {
  none: "flowEditor.incentive.none",
  percent_off: "flowEditor.incentive.percentOff",
  amount_off: "flowEditor.incentive.amountOff",
  free_shipping: "flowEditor.incentive.freeShipping",
  free_product: "flowEditor.incentive.freeProduct",
  own_points: "flowEditor.incentive.ownPoints",
};

let newSteps = 0;

type StepRow = StepFormValues & { key: string };
type EditorState = Omit<FlowFormValues, "steps"> & { steps: StepRow[] };

const editorState = (v: FlowFormValues): EditorState => ({ ...v, steps: v.steps.map((s, i) => ({ ...s, key: `saved-${i}` })) });

function StepEditor({
  index, step, errors, currency, rewards, onChange, onRemove, canRemove,
}: {
  index: number;
  step: StepRow;
  errors: FieldErrors;
  currency: string | null;
  rewards: LoaderData["rewards"];
  onChange: (key: keyof StepFormValues, value: string | boolean) => void;
  onRemove: () => void;
  canRemove: boolean;
}) {
  const { t } = useI18n();
  const at = (field: string) => errors[`steps.${index}.${field}`];
  const discount = step.incentive !== "none" && step.incentive !== "own_points";
  return (
    <BlockStack gap="300">
      <InlineStack align="space-between" blockAlign="center">
        <Text as="h3" variant="headingSm">
          {t("flowEditor.stepTitle", { number: index + 1 })}
        </Text>
        {canRemove ? (
          <Button variant="plain" tone="critical" onClick={onRemove} accessibilityLabel={t("flowEditor.removeStepNamed", { number: index + 1 })}>
            {t("flowEditor.removeStep")}
          </Button>
        ) : null}
      </InlineStack>
      <InlineGrid columns={{ xs: 1, md: 3 }} gap="300">
        <TextField
          label={t("flowEditor.fields.delay")}
          type="number"
          min={0}
          value={step.delay}
          onChange={(v) => onChange("delay", v)}
          error={at("delay")}
          autoComplete="off"
          helpText={index === 0 ? t("flowEditor.fields.delayHelp") : undefined}
          connectedRight={
            <Select
              label={t("flowEditor.fields.delayUnit")}
              labelHidden
              options={[{ label: t("flowEditor.fields.hours"), value: "hours" }, { label: t("flowEditor.fields.days"), value: "days" }]}
              value={step.delayUnit}
              onChange={(v) => onChange("delayUnit", v)}
            />
          }
        />
        <Select
          label={t("flowEditor.fields.incentive")}
          options={INCENTIVE_CHOICES.map((c) => ({ label: t(INCENTIVE_LABELS[c]), value: c }))}
          value={step.incentive}
          onChange={(v) => onChange("incentive", v)}
          error={at("incentive")}
        />
        {step.incentive === "percent_off" ? (
          <TextField label={t("flowEditor.fields.percent")} value={step.percent} onChange={(v) => onChange("percent", v)} error={at("percent")} suffix="%"
            inputMode="decimal" autoComplete="off" />
        ) : null}
        {step.incentive === "amount_off" ? (
          <TextField label={t("flowEditor.fields.amount")} value={step.amount} onChange={(v) => onChange("amount", v)} error={at("amount")}
            suffix={currency ?? undefined} inputMode="decimal" autoComplete="off" />
        ) : null}
        {step.incentive === "free_product" ? (
          <TextField label={t("flowEditor.fields.variant")} value={step.variantGid} onChange={(v) => onChange("variantGid", v)} error={at("variantGid")}
            placeholder="gid://shopify/ProductVariant/123" autoComplete="off" />
        ) : null}
        {discount ? (
          <TextField label={t("flowEditor.fields.lifetime")} type="number" min={1} max={90} value={step.lifetimeDays}
            onChange={(v) => onChange("lifetimeDays", v)} error={at("lifetimeDays")} suffix={t("common.daysUnit")} autoComplete="off" />
        ) : null}
        {step.incentive === "own_points" ? (
          <>
            <Select
              label={t("flowEditor.fields.ownPointsReward")}
              options={[{ label: t("flowEditor.fields.bestReward"), value: "" }, ...rewards.map((r) => ({ label: r.name, value: r.id }))]}
              value={step.rewardId}
              onChange={(v) => onChange("rewardId", v)}
              error={at("rewardId")}
            />
            <TextField label={t("flowEditor.fields.linkHours")} type="number" min={1} value={step.linkHours} onChange={(v) => onChange("linkHours", v)}
              error={at("linkHours")} suffix={t("flowEditor.fields.hoursUnit")} autoComplete="off" helpText={t("flowEditor.fields.ownPointsHelp")} />
          </>
        ) : null}
      </InlineGrid>
      {discount ? (
        <Checkbox label={t("flowEditor.fields.preferOwnPoints")} helpText={t("flowEditor.fields.preferOwnPointsHelp")} checked={step.preferOwnPoints}
          onChange={(v) => onChange("preferOwnPoints", v)} />
      ) : null}
    </BlockStack>
  );
}

function Preview({ previews, stale, busy, onRefresh, marketing }: {
  previews: StepPreviews; stale: boolean; busy: boolean; onRefresh: () => void; marketing: boolean;
}) {
  const { t } = useI18n();
  const [step, setStep] = useState(0);
  const [locale, setLocale] = useState<PreviewLocale>("en");
  const shown = Math.min(step, Math.max(0, previews.length - 1));
  const mail = previews[shown]?.[locale];
  return (
    <Card>
      <div data-testid="mail-preview">
        <BlockStack gap="300">
          <InlineStack align="space-between" blockAlign="center">
            <Text as="h2" variant="headingMd">
              {t("flowEditor.preview.title")}
            </Text>
            {marketing ? (
              <Button onClick={onRefresh} loading={busy}>
                {t("flowEditor.preview.refresh")}
              </Button>
            ) : null}
          </InlineStack>
          <InlineStack gap="300" blockAlign="end">
            {previews.length > 1 ? (
              <Select
                label={t("flowEditor.preview.step")}
                options={previews.map((_, i) => ({ label: t("flowEditor.stepTitle", { number: i + 1 }), value: String(i) }))}
                value={String(shown)}
                onChange={(v) => setStep(Number(v))}
              />
            ) : null}
            <Tabs
              tabs={PREVIEW_LOCALES.map((l) => ({ id: `preview-${l}`, content: l === "en" ? t("flowEditor.preview.english") : t("flowEditor.preview.finnish") }))}
              selected={PREVIEW_LOCALES.indexOf(locale)}
              onSelect={(i) => setLocale(PREVIEW_LOCALES[i] ?? "en")}
            />
          </InlineStack>
          {stale ? (
            <Text as="p" tone="subdued">
              {t("flowEditor.preview.stale")}
            </Text>
          ) : null}
          {mail ? (
            <BlockStack gap="200">
              <Text as="p" variant="bodyMd">
                <Text as="span" fontWeight="semibold">
                  {t("flowEditor.preview.subject")}
                </Text>{" "}
                <span data-testid="preview-subject">{mail.subject}</span>
              </Text>
              <iframe
                title={t("flowEditor.preview.frameTitle", { number: shown + 1, language: locale === "en" ? t("flowEditor.preview.english") : t("flowEditor.preview.finnish") })}
                sandbox=""
                srcDoc={mail.html}
                style={{ width: "100%", height: "36rem", border: "1px solid var(--p-color-border)", borderRadius: "var(--p-border-radius-200)", background: "#fff" }}
              />
            </BlockStack>
          ) : null}
        </BlockStack>
      </div>
    </Card>
  );
}

function TestSend({ contactEmail, stepCount, mailConfigured }: { contactEmail: string | null; stepCount: number; mailConfigured: boolean }) {
  const { t } = useI18n();
  const fetcher = useFetcher<FlowEditorActionData>();
  const shopify = useAppBridge();
  const [to, setTo] = useState("");
  const [step, setStep] = useState("0");
  const [locale, setLocale] = useState<PreviewLocale>("en");
  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data) return;
    if ("ok" in fetcher.data) shopify.toast.show(fetcher.data.message);
    else if ("error" in fetcher.data) shopify.toast.show(fetcher.data.error, { isError: true });
  }, [fetcher.state, fetcher.data, shopify]);
  const errors: FieldErrors = fetcher.state === "idle" && fetcher.data && "errors" in fetcher.data ? fetcher.data.errors : {};
  const send = () => fetcher.submit({ intent: "test", to, step, locale }, { method: "post" });
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("flowEditor.test.title")}
        </Text>
        {!mailConfigured ? (
          <Banner tone="warning">
            <Text as="p" breakWord>
              {t("flowEditor.test.errors.noSmtp")}
            </Text>
          </Banner>
        ) : null}
        {errors.form ? (
          <Banner tone="critical">
            <Text as="p" breakWord>
              {errors.form}
            </Text>
          </Banner>
        ) : null}
        <FormLayout>
          <TextField
            label={t("flowEditor.test.to")}
            type="email"
            value={to}
            onChange={setTo}
            placeholder={contactEmail ?? undefined}
            helpText={contactEmail ? t("flowEditor.test.toHelp", { email: contactEmail }) : t("flowEditor.test.toHelpNone")}
            error={errors.to}
            autoComplete="email"
          />
          <FormLayout.Group>
            {stepCount > 1 ? (
              <Select
                label={t("flowEditor.preview.step")}
                options={Array.from({ length: stepCount }, (_, i) => ({ label: t("flowEditor.stepTitle", { number: i + 1 }), value: String(i) }))}
                value={step}
                onChange={setStep}
                error={errors.step}
              />
            ) : null}
            <Select
              label={t("flowEditor.test.language")}
              options={[{ label: t("flowEditor.preview.english"), value: "en" }, { label: t("flowEditor.preview.finnish"), value: "fi" }]}
              value={locale}
              onChange={(v) => setLocale(v === "fi" ? "fi" : "en")}
              error={errors.locale}
            />
          </FormLayout.Group>
          <InlineStack align="end">
            <Button onClick={send} loading={fetcher.state !== "idle"}>
              {t("flowEditor.test.send")}
            </Button>
          </InlineStack>
        </FormLayout>
      </BlockStack>
    </Card>
  );
}

function WinBackQueue({ queue }: { queue: NonNullable<LoaderData["queue"]> }) {
  const { t } = useI18n();
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("flowEditor.queue.title")}
        </Text>
        <Text as="p" tone="subdued">
          {t("flowEditor.queue.help")}
        </Text>
        {queue.rows.length === 0 ? (
          <Text as="p">{t("flowEditor.queue.empty")}</Text>
        ) : (
          <DataTable
            columnContentTypes={["text", "text", "text", "text", "text", "text", "text"]}
            headings={[
              t("flowEditor.queue.columns.member"), t("flowEditor.queue.columns.state"), t("flowEditor.queue.columns.cadence"),
              t("flowEditor.queue.columns.lastOrder"), t("flowEditor.queue.columns.expected"), t("flowEditor.queue.columns.due"),
              t("flowEditor.queue.columns.why"),
            ]}
            rows={queue.rows.map((r) => [r.member, r.display.state, r.display.cadence, r.display.lastOrder, r.display.expected, r.display.due, r.display.why])}
          />
        )}
        {queue.next || !queue.first ? (
          <InlineStack gap="200" align="center">
            <Button url="/app/flows/win_back" disabled={queue.first}>
              {t("flowEditor.queue.first")}
            </Button>
            <Button url={queue.next ? `/app/flows/win_back?after=${encodeURIComponent(queue.next)}` : undefined} disabled={!queue.next}>
              {t("flowEditor.queue.next")}
            </Button>
          </InlineStack>
        ) : null}
      </BlockStack>
    </Card>
  );
}

export default function FlowEditor() {
  const data = useLoaderData<typeof loader>();
  const { kind, marketing, currency } = data;
  const fetcher = useFetcher<FlowEditorActionData>();
  const shopify = useAppBridge();
  const { t } = useI18n();
  const [s, setS] = useState<EditorState>(() => editorState(data.values));
  // Saved values come back from the loader: start over from them (an unchanged reload keeps the edits).
  const version = JSON.stringify(data.values);
  const [seen, setSeen] = useState(version);
  if (seen !== version) {
    setSeen(version);
    setS(editorState(data.values));
  }

  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data) return;
    if ("ok" in fetcher.data) shopify.toast.show(fetcher.data.message);
    else if ("error" in fetcher.data) shopify.toast.show(fetcher.data.error, { isError: true });
  }, [fetcher.state, fetcher.data, shopify]);

  const result = fetcher.state === "idle" ? fetcher.data : undefined;
  const errors: FieldErrors = result && "errors" in result ? result.errors : {};
  // The preview shows the mails of the form as it was when they were rendered; edits since make it stale.
  const previewKey = (v: FlowFormValues) => JSON.stringify({ ...flowFormFields(kind, v), enabled: undefined });
  const [previewed, setPreviewed] = useState(() => ({ previews: data.previews, key: previewKey(data.values) }));
  const loaderPreviews = JSON.stringify(data.previews);
  const [seenPreviews, setSeenPreviews] = useState(loaderPreviews);
  if (seenPreviews !== loaderPreviews) {
    setSeenPreviews(loaderPreviews);
    setPreviewed({ previews: data.previews, key: previewKey(data.values) });
  }
  const requested = useRef("");
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data && "previews" in fetcher.data) setPreviewed({ previews: fetcher.data.previews, key: requested.current });
  }, [fetcher.state, fetcher.data]);
  const stale = previewKey(s) !== previewed.key;

  const busy = fetcher.state !== "idle" ? fetcher.formData?.get("intent") : undefined;
  const submit = (intent: "save" | "preview") => {
    if (intent === "preview") requested.current = previewKey(s);
    fetcher.submit({ intent, ...flowFormFields(kind, s) }, { method: "post" });
  };
  const set = <K extends keyof EditorState>(key: K) => (value: EditorState[K]) => setS((old) => ({ ...old, [key]: value }));
  const setStep = (index: number) => (key: keyof StepFormValues, value: string | boolean) =>
    setS((old) => ({ ...old, steps: old.steps.map((row, i) => (i === index ? { ...row, [key]: value } : row)) }));
  const addStep = () => setS((old) => ({ ...old, steps: [...old.steps, { ...newStepValues(old.steps[old.steps.length - 1]), key: `new-${++newSteps}` }] }));
  const removeStep = (index: number) => setS((old) => ({ ...old, steps: old.steps.filter((_, i) => i !== index) }));
  const name = t(FLOW_NAMES[kind]);
  const formErrors = [errors.form, errors.steps, errors.enabled].filter((e): e is string => Boolean(e));

  return (
    <Page
      title={name}
      titleMetadata={data.enabled ? <Badge tone="success">{t("flows.status.on")}</Badge> : <Badge>{t("flows.status.off")}</Badge>}
      backAction={{ content: t("flows.title"), url: "/app/flows" }}
      primaryAction={{ content: t("common.save"), onAction: () => submit("save"), loading: busy === "save" }}
    >
      <Layout>
        {formErrors.length ? (
          <Layout.Section>
            <Banner tone="critical">
              {formErrors.map((e) => (
                <p key={e}>{e}</p>
              ))}
            </Banner>
          </Layout.Section>
        ) : null}
        {marketing && data.postalAddressMissing ? (
          <Layout.Section>
            <Banner tone="warning" title={t("flows.banners.postalAddress.title")} action={{ content: t("flows.mailSettings"), url: "/app/settings/mail" }}>
              <p>{t("flows.banners.postalAddress.body")}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        {kind === "abandoned_checkout" ? (
          <Layout.Section>
            <Banner tone="info" title={t("flows.banners.shopifyEmail.title")}>
              <p>{t("flows.banners.shopifyEmail.body")}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Form onSubmit={() => submit("save")}>
            <BlockStack gap="400">
              <Card>
                <BlockStack gap="300">
                  <Checkbox label={t("flowEditor.fields.enabled", { name })} checked={s.enabled} onChange={set("enabled")} error={errors.enabled}
                    helpText={marketing ? t("flowEditor.fields.enabledHelp") : t("flowEditor.fields.enabledProgramHelp")} />
                </BlockStack>
              </Card>
              {marketing ? (
                <Card>
                  <BlockStack gap="400">
                    <Text as="h2" variant="headingMd">
                      {t("flowEditor.stepsTitle")}
                    </Text>
                    <Text as="p" tone="subdued">
                      {kind === "abandoned_checkout" ? t("flowEditor.stepsHelp.abandonedCheckout") : t("flowEditor.stepsHelp.winBack")}
                    </Text>
                    {s.steps.map((step, i) => (
                      <BlockStack gap="300" key={step.key}>
                        {i > 0 ? <Divider /> : null}
                        <StepEditor index={i} step={step} errors={errors} currency={currency} rewards={data.rewards} onChange={setStep(i)}
                          onRemove={() => removeStep(i)} canRemove={s.steps.length > 1} />
                      </BlockStack>
                    ))}
                    <InlineStack>
                      <Button onClick={addStep} disabled={s.steps.length >= MAX_STEPS}>
                        {t("flowEditor.addStep")}
                      </Button>
                    </InlineStack>
                  </BlockStack>
                </Card>
              ) : null}
              {kind === "abandoned_checkout" ? (
                <Card>
                  <BlockStack gap="300">
                    <Text as="h2" variant="headingMd">
                      {t("flowEditor.settingsTitle")}
                    </Text>
                    <TextField label={t("flowEditor.fields.minCart")} value={s.minCart} onChange={set("minCart")} error={errors.minCart}
                      suffix={currency ?? undefined} inputMode="decimal" helpText={t("flowEditor.fields.minCartHelp")} autoComplete="off" />
                  </BlockStack>
                </Card>
              ) : null}
              {kind === "win_back" ? (
                <Card>
                  <BlockStack gap="300">
                    <Text as="h2" variant="headingMd">
                      {t("flowEditor.settingsTitle")}
                    </Text>
                    <FormLayout>
                      <FormLayout.Group>
                        <TextField label={t("flowEditor.fields.lapseFactor")} value={s.lapseFactor} onChange={set("lapseFactor")} error={errors.lapseFactor}
                          suffix="×" inputMode="decimal" helpText={t("flowEditor.fields.lapseFactorHelp")} autoComplete="off" />
                        <TextField label={t("flowEditor.fields.minLapseDays")} type="number" value={s.minLapseDays} onChange={set("minLapseDays")}
                          error={errors.minLapseDays} suffix={t("common.daysUnit")} autoComplete="off" />
                        <TextField label={t("flowEditor.fields.oneTimeBuyerDays")} type="number" value={s.oneTimeBuyerDays} onChange={set("oneTimeBuyerDays")}
                          error={errors.oneTimeBuyerDays} suffix={t("common.daysUnit")} autoComplete="off" />
                      </FormLayout.Group>
                      <FormLayout.Group>
                        <TextField label={t("flowEditor.fields.minCadenceDays")} type="number" value={s.minCadenceDays} onChange={set("minCadenceDays")}
                          error={errors.minCadenceDays} suffix={t("common.daysUnit")} autoComplete="off" />
                        <TextField label={t("flowEditor.fields.maxCadenceDays")} type="number" value={s.maxCadenceDays} onChange={set("maxCadenceDays")}
                          error={errors.maxCadenceDays} suffix={t("common.daysUnit")} autoComplete="off" helpText={t("flowEditor.fields.cadenceHelp")} />
                      </FormLayout.Group>
                    </FormLayout>
                  </BlockStack>
                </Card>
              ) : null}
              {marketing ? (
                <Card>
                  <BlockStack gap="300">
                    <Text as="h2" variant="headingMd">
                      {t("flowEditor.holdoutTitle")}
                    </Text>
                    <Box maxWidth="16rem">
                      <TextField label={t("flowEditor.fields.holdout")} type="number" min={0} max={MAX_HOLDOUT_PCT} value={s.holdoutPct}
                        onChange={set("holdoutPct")} error={errors.holdoutPct} suffix="%" autoComplete="off" />
                    </Box>
                    <Text as="p" tone="subdued">
                      {t("flowEditor.holdoutHelp", { max: MAX_HOLDOUT_PCT })}
                    </Text>
                  </BlockStack>
                </Card>
              ) : null}
              <InlineStack align="end">
                <Button submit variant="primary" loading={busy === "save"}>
                  {t("common.save")}
                </Button>
              </InlineStack>
            </BlockStack>
          </Form>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  {t("flowEditor.summaryTitle")}
                </Text>
                <Text as="p">{data.summary}</Text>
                {marketing ? (
                  <BlockStack gap="100">
                    {data.stepLines.map((line) => (
                      <Text as="p" variant="bodySm" tone="subdued" key={line}>
                        {line}
                      </Text>
                    ))}
                  </BlockStack>
                ) : null}
              </BlockStack>
            </Card>
            <TestSend contactEmail={data.contactEmail} stepCount={data.values.steps.length} mailConfigured={data.mailConfigured} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section>
          <Preview previews={previewed.previews} stale={stale} busy={busy === "preview"} onRefresh={() => submit("preview")} marketing={marketing} />
        </Layout.Section>
        {data.queue ? (
          <Layout.Section>
            <WinBackQueue queue={data.queue} />
          </Layout.Section>
        ) : null}
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage title="flows.title" back={{ content: "flows.title", url: "/app/flows" }} />;
}
