// Program overview: members, points outstanding and what they could cost (the liability), the
// order history import, and the health of webhook processing (failed events can be replayed here).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Box, Button, Card, DataTable, EmptyState, InlineGrid, Layout, Page, Text } from "@shopify/polaris";
import { useEffect } from "react";
import { z } from "zod";
import { AdminErrorPage } from "../admin/page-states";
import { ThemeEmbedCard } from "../admin/theme-embed-card";
import { getSql } from "../db.server";
import { env } from "../env.server";
import { adminI18n } from "../i18n/i18n.server";
import { useI18n } from "../i18n/react";
import { bestPointValue, pointsValueMinor } from "../loyalty/point-value";
import { authenticate } from "../shopify.server";
import type { AdminGraphql } from "../shopify/admin-client.server";
import { setHistoricPointsChoice } from "../shopify/historic-points.server";
import { loadThemeEmbedStatus } from "../shopify/theme-embed.server";
import { loadOverview } from "../storage/overview.server";
import { listRewards, shopCurrency } from "../storage/rewards.server";
import { replayWebhookEvents } from "../webhooks/worker.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const db = getSql();
  const [overview, currency, rewards, themeEmbed] = await Promise.all([
    loadOverview(db, session.shop),
    shopCurrency(db, session.shop),
    listRewards(db, session.shop, { enabledOnly: true }),
    // Whether the storefront launcher (app embed) is on in the live theme; "unknown" if it can't be read.
    loadThemeEmbedStatus(admin.graphql as unknown as AdminGraphql, session.shop, env().SHOPIFY_API_KEY),
  ]);
  const rate = currency ? bestPointValue(rewards, currency) : null;
  return {
    shop: session.shop,
    overview,
    currency,
    /** The money value of a point (best enabled amount-off or points-for-money reward), or null. */
    pointValue: rate,
    /** Points outstanding at that value, in minor units of the shop currency. */
    liabilityMinor: rate ? pointsValueMinor(overview.pointsOutstanding, rate) : null,
    themeEmbed,
  };
};

const OverviewAction = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("replay-failed") }),
  z.object({ intent: z.literal("historic-points"), award: z.enum(["yes", "no"]) }),
]);

export type OverviewActionData = { saved: true } | { replayed: number } | { error: string };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const { t } = adminI18n(request);
  const parsed = OverviewAction.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return Response.json({ error: t("errors.unknownAction") }, { status: 400 });
  if (parsed.data.intent === "historic-points") {
    await setHistoricPointsChoice(getSql(), session.shop, parsed.data.award === "yes");
    return { saved: true };
  }
  const replayed = await replayWebhookEvents(getSql(), { shop: session.shop });
  return { replayed };
};

function Figure({ label, value, help }: { label: string; value: string; help?: string }) {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h3" variant="headingSm" tone="subdued">
          {label}
        </Text>
        <Text as="p" variant="heading2xl">
          {value}
        </Text>
        {help ? (
          <Text as="p" variant="bodySm" tone="subdued">
            {help}
          </Text>
        ) : null}
      </BlockStack>
    </Card>
  );
}

export default function Overview() {
  const { overview, currency, pointValue, liabilityMinor, themeEmbed } = useLoaderData<typeof loader>();
  const { t, number, money, dateTime } = useI18n();
  const fetcher = useFetcher<OverviewActionData>();
  const shopify = useAppBridge();

  useEffect(() => {
    const data = fetcher.data;
    if (fetcher.state !== "idle" || !data) return;
    if ("error" in data) shopify.toast.show(data.error, { isError: true });
    else if ("replayed" in data) shopify.toast.show(t("overview.webhooks.replayed", { count: data.replayed }));
    else shopify.toast.show(t("overview.history.saved"));
  }, [fetcher.state, fetcher.data, shopify, t]);

  const busy = (intent: string) => fetcher.state !== "idle" && fetcher.formData?.get("intent") === intent;
  const history = overview.historyImport;
  const awardHistoric = busy("historic-points") ? fetcher.formData?.get("award") === "yes" : overview.awardHistoricPoints;

  const liability = pointValue && currency && liabilityMinor !== null ? money(liabilityMinor, currency) : "—";
  const liabilityHelp = pointValue
    ? t("overview.liability.rate", { value: money(pointValue.valueMinor, pointValue.currency), points: pointValue.points, reward: pointValue.rewardName })
    : t("overview.liability.noRate");

  return (
    <Page title={t("overview.title")}>
      <Layout>
        {overview.members === 0 ? (
          <Layout.Section>
            <Card>
              <EmptyState
                heading={t("overview.empty.heading")}
                image="https://cdn.shopify.com/s/files/1/0262/4071/2726/files/emptystate-files.png"
                action={{ content: t("overview.empty.action"), url: "/app/rewards" }}
              >
                <p>{t("overview.empty.body")}</p>
              </EmptyState>
            </Card>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <InlineGrid columns={{ xs: 1, sm: 2, lg: 4 }} gap="400">
            <Figure label={t("overview.figures.members")} value={number(overview.members)} />
            <Figure label={t("overview.figures.points")} value={number(overview.pointsOutstanding)} help={t("overview.figures.pointsHelp")} />
            <Figure label={t("overview.figures.liability")} value={liability} help={liabilityHelp} />
            <Figure label={t("overview.figures.orders")} value={number(overview.ordersEarning)} />
          </InlineGrid>
          <Box paddingBlockStart="200">
            <Text as="p" variant="bodySm" tone="subdued">
              {t("overview.liability.help")}
            </Text>
          </Box>
        </Layout.Section>
        <Layout.Section>
          <ThemeEmbedCard {...themeEmbed} />
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("overview.history.title")}
              </Text>
              {history ? (
                <Text as="p">
                  {t(history.status === "done" ? "overview.history.imported" : "overview.history.importing", {
                    orders: t("overview.history.orders", { count: history.orders }),
                    customers: t("overview.history.customers", { count: history.customers }),
                  })}
                  {history.lastError ? ` ${t("overview.history.lastError", { error: history.lastError })}` : ""}
                </Text>
              ) : (
                <Text as="p">{t("overview.history.notStarted")}</Text>
              )}
              <Text as="p" tone="subdued">
                {awardHistoric ? t("overview.history.earnAndCount") : t("overview.history.countOnly")}
              </Text>
              <fetcher.Form method="post">
                <input type="hidden" name="intent" value="historic-points" />
                <input type="hidden" name="award" value={awardHistoric ? "no" : "yes"} />
                <Button submit loading={busy("historic-points")}>
                  {awardHistoric ? t("overview.history.switchToCount") : t("overview.history.switchToAward")}
                </Button>
              </fetcher.Form>
              {overview.lastReconciliation ? (
                <Text as="p" tone="subdued">
                  {t("overview.history.reconciled", {
                    checked: overview.lastReconciliation.checked,
                    repaired: overview.lastReconciliation.repaired,
                    at: dateTime(overview.lastReconciliation.at),
                  })}
                </Text>
              ) : null}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("overview.webhooks.title")}
              </Text>
              <Text as="p">
                {t("overview.webhooks.counts", { done: overview.webhooks.done, pending: overview.webhooks.pending, failed: overview.webhooks.failed })}
              </Text>
              {overview.failedEvents.length > 0 ? (
                <>
                  <Banner tone="warning" title={t("overview.webhooks.failedTitle")}>
                    <p>{t("overview.webhooks.failedBody")}</p>
                  </Banner>
                  <DataTable
                    columnContentTypes={["numeric", "text", "numeric", "text"]}
                    headings={[t("overview.webhooks.event"), t("overview.webhooks.topic"), t("overview.webhooks.attempts"), t("overview.webhooks.lastError")]}
                    rows={overview.failedEvents.map((e) => [e.id, e.topic, e.attempts, e.lastError ?? ""])}
                  />
                  <fetcher.Form method="post">
                    <input type="hidden" name="intent" value="replay-failed" />
                    <Button submit loading={busy("replay-failed")}>
                      {t("overview.webhooks.replay")}
                    </Button>
                  </fetcher.Form>
                </>
              ) : null}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage title="overview.title" />;
}
