// Program overview: members, points outstanding, and the health of webhook processing
// (failed events can be replayed from here).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, DataTable, InlineGrid, Layout, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import { getSql } from "../db.server";
import { loadOverview } from "../storage/overview.server";
import { authenticate } from "../shopify.server";
import { setHistoricPointsChoice } from "../shopify/historic-points.server";
import { replayWebhookEvents } from "../webhooks/worker.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return { shop: session.shop, overview: await loadOverview(getSql(), session.shop) };
};

const OverviewAction = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("replay-failed") }),
  z.object({ intent: z.literal("historic-points"), award: z.enum(["yes", "no"]) }),
]);

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = OverviewAction.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return Response.json({ error: "Unknown or incomplete action" }, { status: 400 });
  if (parsed.data.intent === "historic-points") {
    await setHistoricPointsChoice(getSql(), session.shop, parsed.data.award === "yes");
    return { saved: true };
  }
  const replayed = await replayWebhookEvents(getSql(), { shop: session.shop });
  return { replayed };
};

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h3" variant="headingSm" tone="subdued">
          {label}
        </Text>
        <Text as="p" variant="heading2xl">
          {value}
        </Text>
      </BlockStack>
    </Card>
  );
}

export default function Overview() {
  const { overview } = useLoaderData<typeof loader>();
  const n = new Intl.NumberFormat();
  return (
    <Page title="Loyalty program">
      <Layout>
        <Layout.Section>
          <InlineGrid columns={{ xs: 1, md: 3 }} gap="400">
            <Figure label="Members" value={n.format(overview.members)} />
            <Figure label="Points outstanding" value={n.format(overview.pointsOutstanding)} />
            <Figure label="Orders that earned points" value={n.format(overview.ordersEarning)} />
          </InlineGrid>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Order history
              </Text>
              {overview.historyImport ? (
                <Text as="p">
                  {overview.historyImport.status === "done" ? "Imported" : "Importing"} the last 12 months:{" "}
                  {n.format(overview.historyImport.orders)} orders, {n.format(overview.historyImport.customers)} customers
                  {overview.historyImport.status === "done" ? "." : "…"}
                  {overview.historyImport.lastError ? ` Last error: ${overview.historyImport.lastError} (retrying).` : ""}
                </Text>
              ) : (
                <Text as="p">The import of your last 12 months of orders starts when the app is first opened.</Text>
              )}
              <Text as="p" tone="subdued">
                Historic orders {overview.awardHistoricPoints ? "earn points and count" : "count"} toward tiers
                {overview.awardHistoricPoints ? "." : "; they do not earn points."}
              </Text>
              <Form method="post">
                <input type="hidden" name="intent" value="historic-points" />
                <input type="hidden" name="award" value={overview.awardHistoricPoints ? "no" : "yes"} />
                <Button submit>
                  {overview.awardHistoricPoints ? "Count historic orders for tiers only" : "Also award points for historic orders"}
                </Button>
              </Form>
              {overview.lastReconciliation ? (
                <Text as="p" tone="subdued">
                  Last check against Shopify: {n.format(overview.lastReconciliation.checked)} orders compared,{" "}
                  {n.format(overview.lastReconciliation.repaired)} repaired ({new Date(overview.lastReconciliation.at).toLocaleString()}).
                </Text>
              ) : null}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Order webhooks
              </Text>
              <Text as="p">
                {n.format(overview.webhooks.done)} applied · {n.format(overview.webhooks.pending)} waiting · {n.format(overview.webhooks.failed)} failed
              </Text>
              {overview.failedEvents.length > 0 ? (
                <>
                  <Banner tone="warning" title="Some webhooks could not be applied">
                    <p>Kanta keeps them with the error; replay them once the cause is fixed.</p>
                  </Banner>
                  <DataTable
                    columnContentTypes={["numeric", "text", "numeric", "text"]}
                    headings={["Event", "Topic", "Attempts", "Last error"]}
                    rows={overview.failedEvents.map((e) => [e.id, e.topic, e.attempts, e.lastError ?? ""])}
                  />
                  <Form method="post">
                    <input type="hidden" name="intent" value="replay-failed" />
                    <Button submit>Replay failed webhooks</Button>
                  </Form>
                </>
              ) : null}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
