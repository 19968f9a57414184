// The flows: each one switched on or off here, what it does, and whether it earns anything — the
// mailed group against the holdout, recovered orders, revenue per recipient and the incremental
// revenue with its 95 % interval, over the last 30 or 90 days. Mails whose outcome is unknown or
// that failed are counted and listed: the merchant must see them.
import type { ActionFunctionArgs, LoaderFunctionArgs, SerializeFrom } from "@remix-run/node";
import { Link as RemixLink, useFetcher, useLoaderData, useNavigate } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import {
  Badge, Banner, BlockStack, Button, ButtonGroup, Card, DataTable, EmptyState, IndexTable, InlineStack, Layout, Page, Select, Text,
} from "@shopify/polaris";
import { useEffect } from "react";
import { z } from "zod";
import { FLOW_NAMES, flowSummary } from "../admin/flow-labels";
import { AdminErrorPage } from "../admin/page-states";
import type { FlowReport } from "../analytics/flow-report";
import { getSql } from "../db.server";
import { env } from "../env.server";
import { FLOW_KINDS, isMarketingFlow, type FlowKind } from "../flows/config";
import { recomputeRhythms } from "../flows/win-back.server";
import type { I18n } from "../i18n/i18n";
import { adminI18n } from "../i18n/i18n.server";
import { useI18n } from "../i18n/react";
import { authenticate } from "../shopify.server";
import { ensureDefaultFlows, loadFlow, loadFlows, saveFlow } from "../storage/flow-config.server";
import { hasFlowMail, lastDays, loadFlowReports, loadMailProblems } from "../storage/flow-report.server";
import { loadMailSettings } from "../storage/mail-settings.server";
import { shopCurrency } from "../storage/rewards.server";

export const PERIODS = [30, 90] as const;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const i18n = adminI18n(request);
  const periodText = new URL(request.url).searchParams.get("period") || "30";
  const period = PERIODS.find((p) => String(p) === periodText) ?? null;
  if (period === null) throw Response.json({ error: i18n.t("flows.errors.period", { periods: PERIODS.join(", ") }) }, { status: 400 });
  const db = getSql();
  const shop = session.shop;
  const now = new Date();
  await ensureDefaultFlows(db, shop, now.toISOString());
  const currency = await shopCurrency(db, shop);
  const [flows, reports, problems, hasMail, mail] = await Promise.all([
    loadFlows(db, shop),
    loadFlowReports(db, shop, lastDays(period, now), currency),
    loadMailProblems(db, shop),
    hasFlowMail(db, shop),
    loadMailSettings(db, shop),
  ]);
  return {
    period,
    currency,
    flows: flows.map((f) => ({ kind: f.kind, enabled: f.enabled, marketing: isMarketingFlow(f.kind), holdoutPct: f.holdoutPct, summary: flowSummary(f, i18n, currency) })),
    /** Mailed vs holdout per flow, for the period: flows that reached nobody are left out. */
    performance: reports.filter(({ report }) => report.mailed.recipients + report.holdout.recipients > 0),
    problems,
    hasMail,
    /** SMTP_URL is set: without it no flow mail goes out. */
    mailConfigured: Boolean(env().SMTP_URL),
    /** Marketing mails wait until the shop's postal address is set. */
    postalAddressMissing: !mail?.postalAddress,
  };
};

const FlowsAction = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("set-enabled"), kind: z.enum(FLOW_KINDS), enabled: z.enum(["true", "false"]) }),
]);

export type FlowsActionData = { ok: true; message: string; stoppedRuns: number } | { error: string };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const { t } = adminI18n(request);
  const parsed = FlowsAction.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return Response.json({ error: t("errors.unknownAction") }, { status: 400 });
  const { kind, enabled } = parsed.data;
  const db = getSql();
  const now = new Date().toISOString();
  await ensureDefaultFlows(db, session.shop, now);
  const current = await loadFlow(db, session.shop, kind);
  const { stoppedRuns } = await saveFlow(db, session.shop, { ...current, enabled: enabled === "true" }, now);
  // Members are due for a win-back only while it is on: recompute their due times.
  if (kind === "win_back" && current.enabled !== (enabled === "true")) await recomputeRhythms(db, session.shop, new Date(now), { dueOnly: true });
  const name = t(FLOW_NAMES[kind]);
  const message = enabled === "true" ? t("flows.turnedOn", { name }) : t("flows.turnedOff", { name, count: stoppedRuns });
  return { ok: true as const, message, stoppedRuns };
};

type LoaderData = SerializeFrom<typeof loader>;

/** Minor units per recipient, shown rounded to the currency's minor unit. */
const perRecipient = (value: number | null, currency: string | null, { money }: I18n) =>
  value === null || !currency ? "—" : money(Math.round(value), currency);

function performanceRows(entry: { kind: FlowKind; report: SerializeFrom<FlowReport> }, currency: string | null, i18n: I18n): string[][] {
  const { t, number, money } = i18n;
  const { report } = entry;
  const amount = (minor: number) => (currency ? money(minor, currency) : number(minor));
  const name = t(FLOW_NAMES[entry.kind]);
  const ci = report.confidenceInterval;
  const incremental = report.incrementalRevenueMinor === null
    ? t("flows.performance.noComparison")
    : ci
      ? t("flows.performance.incremental", { amount: amount(report.incrementalRevenueMinor), low: amount(ci.lowMinor), high: amount(ci.highMinor) })
      : t("flows.performance.incrementalNoInterval", { amount: amount(report.incrementalRevenueMinor) });
  const row = (group: "mailed" | "holdout") => {
    const g = report[group];
    return [
      group === "mailed" ? name : "",
      group === "mailed" ? t("flows.performance.mailed") : t("flows.performance.holdout"),
      number(g.recipients),
      number(g.sends),
      g.clicks === null ? "—" : number(g.clicks),
      number(g.orders),
      amount(g.revenueMinor),
      perRecipient(g.revenuePerRecipientMinor, currency, i18n),
      group === "mailed" ? incremental : "",
    ];
  };
  return report.holdout.recipients > 0 ? [row("mailed"), row("holdout")] : [row("mailed")];
}

function Performance({ data }: { data: LoaderData }) {
  const i18n = useI18n();
  const { t } = i18n;
  const navigate = useNavigate();
  const periodSelect = (
    <Select
      label={t("flows.performance.period")}
      labelInline
      options={PERIODS.map((p) => ({ label: t("flows.performance.lastDays", { count: p }), value: String(p) }))}
      value={String(data.period)}
      onChange={(value) => navigate(`/app/flows?period=${value}`)}
    />
  );
  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {t("flows.performance.title")}
          </Text>
          {periodSelect}
        </InlineStack>
        {!data.hasMail ? (
          <EmptyState heading={t("flows.performance.empty.heading")} image="https://cdn.shopify.com/s/files/1/0262/4071/2726/files/emptystate-files.png">
            <p>{t("flows.performance.empty.body")}</p>
          </EmptyState>
        ) : data.performance.length === 0 ? (
          <Text as="p" tone="subdued">
            {t("flows.performance.nothingInPeriod", { count: data.period })}
          </Text>
        ) : (
          <DataTable
            columnContentTypes={["text", "text", "numeric", "numeric", "numeric", "numeric", "numeric", "numeric", "text"]}
            headings={[
              t("flows.performance.columns.flow"), t("flows.performance.columns.group"), t("flows.performance.columns.recipients"),
              t("flows.performance.columns.sends"), t("flows.performance.columns.clicks"), t("flows.performance.columns.orders"),
              t("flows.performance.columns.revenue"), t("flows.performance.columns.perRecipient"), t("flows.performance.columns.incremental"),
            ]}
            rows={data.performance.flatMap((entry) => performanceRows(entry, data.currency, i18n))}
          />
        )}
        <Text as="p" variant="bodySm" tone="subdued">
          {t("flows.performance.help")}
        </Text>
      </BlockStack>
    </Card>
  );
}

function Problems({ problems }: { problems: LoaderData["problems"] }) {
  const { t, dateTime } = useI18n();
  if (problems.unknown + problems.failed === 0) return null;
  const kindName = (kind: string) => ((FLOW_KINDS as readonly string[]).includes(kind) ? t(FLOW_NAMES[kind as FlowKind]) : kind);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("flows.problems.title")}
        </Text>
        <Text as="p">{t("flows.problems.counts", { unknown: problems.unknown, failed: problems.failed })}</Text>
        <Text as="p" tone="subdued">
          {t("flows.problems.unknownHelp")}
        </Text>
        <DataTable
          columnContentTypes={["text", "numeric", "text", "text", "text", "text"]}
          headings={[
            t("flows.problems.columns.flow"), t("flows.problems.columns.step"), t("flows.problems.columns.to"), t("flows.problems.columns.status"),
            t("flows.problems.columns.error"), t("flows.problems.columns.when"),
          ]}
          rows={problems.latest.map((p) => [
            kindName(p.flowKind),
            String(p.step + 1),
            p.email ?? "—",
            p.status === "unknown" ? t("flows.problems.status.unknown") : t("flows.problems.status.failed"),
            p.lastError ?? "—",
            dateTime(p.updatedAt),
          ])}
        />
      </BlockStack>
    </Card>
  );
}

export default function Flows() {
  const data = useLoaderData<typeof loader>();
  const fetcher = useFetcher<FlowsActionData>();
  const shopify = useAppBridge();
  const { t } = useI18n();

  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data) return;
    if ("ok" in fetcher.data) shopify.toast.show(fetcher.data.message);
    else shopify.toast.show(fetcher.data.error, { isError: true });
  }, [fetcher.state, fetcher.data, shopify]);

  const busyKind = fetcher.state !== "idle" ? fetcher.formData?.get("kind") : undefined;
  const abandonedOn = data.flows.some((f) => f.kind === "abandoned_checkout" && f.enabled);

  return (
    <Page title={t("flows.title")} secondaryActions={[{ content: t("flows.mailSettings"), url: "/app/settings/mail" }]}>
      <Layout>
        {!data.mailConfigured ? (
          <Layout.Section>
            <Banner tone="warning" title={t("flows.banners.noSmtp.title")}>
              <p>{t("flows.banners.noSmtp.body")}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        {data.postalAddressMissing ? (
          <Layout.Section>
            <Banner tone="warning" title={t("flows.banners.postalAddress.title")} action={{ content: t("flows.mailSettings"), url: "/app/settings/mail" }}>
              <p>{t("flows.banners.postalAddress.body")}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        {data.problems.unknown + data.problems.failed > 0 ? (
          <Layout.Section>
            <Banner tone="critical" title={t("flows.banners.problems", { count: data.problems.unknown + data.problems.failed })}>
              <p>{t("flows.problems.counts", { unknown: data.problems.unknown, failed: data.problems.failed })}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        {abandonedOn ? (
          <Layout.Section>
            <Banner tone="info" title={t("flows.banners.shopifyEmail.title")}>
              <p>{t("flows.banners.shopifyEmail.body")}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card padding="0">
            <IndexTable
              resourceName={{ singular: t("flows.resource.singular"), plural: t("flows.resource.plural") }}
              itemCount={data.flows.length}
              selectable={false}
              headings={[
                { title: t("flows.columns.flow") }, { title: t("flows.columns.what") }, { title: t("flows.columns.status") },
                { title: t("flows.columns.actions"), alignment: "end" },
              ]}
            >
              {data.flows.map((f, index) => (
                <IndexTable.Row id={f.kind} key={f.kind} position={index}>
                  <IndexTable.Cell>
                    <BlockStack gap="100">
                      <RemixLink to={`/app/flows/${f.kind}`}>
                        <Text as="span" variant="bodyMd" fontWeight="semibold">
                          {t(FLOW_NAMES[f.kind])}
                        </Text>
                      </RemixLink>
                      <Text as="span" variant="bodySm" tone="subdued">
                        {f.marketing ? t("flows.type.marketing") : t("flows.type.program")}
                      </Text>
                    </BlockStack>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <div style={{ whiteSpace: "normal", maxWidth: "32rem" }}>
                      <Text as="span">{f.summary}</Text>
                    </div>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{f.enabled ? <Badge tone="success">{t("flows.status.on")}</Badge> : <Badge>{t("flows.status.off")}</Badge>}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <InlineStack align="end">
                      <ButtonGroup>
                        <Button url={`/app/flows/${f.kind}`}>{t("flows.edit")}</Button>
                        <Button
                          loading={busyKind === f.kind}
                          accessibilityLabel={t(f.enabled ? "flows.turnOffNamed" : "flows.turnOnNamed", { name: t(FLOW_NAMES[f.kind]) })}
                          onClick={() => fetcher.submit({ intent: "set-enabled", kind: f.kind, enabled: f.enabled ? "false" : "true" }, { method: "post" })}
                        >
                          {f.enabled ? t("flows.turnOff") : t("flows.turnOn")}
                        </Button>
                      </ButtonGroup>
                    </InlineStack>
                  </IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Performance data={data} />
        </Layout.Section>
        {data.problems.unknown + data.problems.failed > 0 ? (
          <Layout.Section>
            <Problems problems={data.problems} />
          </Layout.Section>
        ) : null}
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage title="flows.title" />;
}
