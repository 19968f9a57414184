// The rewards catalog: what shoppers can spend points on, switched on and off or deleted here, and
// the shop's setting for the points of codes that expire unused.
import type { ActionFunctionArgs, LoaderFunctionArgs, SerializeFrom } from "@remix-run/node";
import { Link as RemixLink, useFetcher, useLoaderData } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import {
  Badge, Banner, BlockStack, Button, ButtonGroup, Card, Checkbox, EmptyState, IndexTable, InlineStack, Layout, Modal, Page, Text,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { getSql } from "../db.server";
import { formatMinorUnits } from "../loyalty/money";
import type { Reward, RewardKind } from "../loyalty/rewards";
import { authenticate } from "../shopify.server";
import type { AdminGraphql } from "../shopify/admin-client.server";
import { refreshProgramSummary } from "../shopify/install.server";
import { archiveReward, ensureDefaultRewards, getReward, listRewards, shopCurrency, updateReward } from "../storage/rewards.server";
import { ensureShop } from "../storage/shops.server";

const KIND_LABELS: Record<RewardKind, string> = {
  amount_off: "Amount off",
  percent_off: "Percentage off",
  free_shipping: "Free shipping",
  free_product: "Free product",
  variable: "Points for money",
};

const count = (n: number) => n.toLocaleString("en-US");

/** The catalog's columns as text (formatted on the server so that the page renders the same everywhere). */
function rewardDisplay(r: Reward) {
  const money = (minor: number | null) => `${formatMinorUnits(minor ?? 0, r.currency)} ${r.currency}`;
  let points = `${count(r.pointsCost)} points`;
  let value: string;
  switch (r.kind) {
    case "amount_off":
      value = `${money(r.valueMinor)} off`;
      break;
    case "percent_off":
      value = `${(r.percentBps ?? 0) / 100}% off ${r.collectionGid ? `collection ${r.collectionGid.replace(/^.*\//, "")}` : "the order"}`;
      break;
    case "free_shipping":
      value = "Free shipping";
      break;
    case "free_product":
      value = `${r.variantTitle ?? r.variantGid ?? "A product"} (up to ${money(r.valueMinor)})`;
      break;
    case "variable":
      points = `${count(r.pointsCost)} points = ${money(r.valueMinor)}, ${count(r.minPoints ?? r.pointsCost)}–${count(r.maxPoints ?? r.pointsCost)} points`;
      value = `${money(r.valueMinor)} per ${count(r.pointsCost)} points`;
      break;
  }
  return {
    type: KIND_LABELS[r.kind] ?? r.kind,
    points,
    value,
    minOrder: r.minOrderMinor === null ? "None" : money(r.minOrderMinor),
    lifetime: `${count(r.lifetimeDays)} ${r.lifetimeDays === 1 ? "day" : "days"}`,
  };
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const db = getSql();
  await ensureDefaultRewards(db, session.shop);
  const [currency, rewards, setting] = await Promise.all([
    shopCurrency(db, session.shop),
    listRewards(db, session.shop),
    db.get<{ return_expired_codes: number | boolean }>(`SELECT return_expired_codes FROM shop WHERE domain = ?`, [session.shop]),
  ]);
  return {
    currency,
    returnExpiredCodes: Boolean(setting?.return_expired_codes),
    rewards: rewards.map((r) => ({ ...r, display: rewardDisplay(r) })),
  };
};

const RewardId = z.string().regex(/^\d{1,12}$/).transform(Number);

const RewardsAction = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("set-enabled"), id: RewardId, enabled: z.enum(["true", "false"]) }),
  z.object({ intent: z.literal("archive"), id: RewardId }),
  z.object({ intent: z.literal("return-expired-codes"), enabled: z.enum(["true", "false"]) }),
]);

export type RewardsActionData = { ok: true; message: string } | { error: string };

const notFound = () => Response.json({ error: "No reward with this id in your store" }, { status: 404 });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const parsed = RewardsAction.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return Response.json({ error: "Unknown or incomplete action" }, { status: 400 });
  const db = getSql();
  const now = new Date().toISOString();
  const input = parsed.data;
  switch (input.intent) {
    case "set-enabled": {
      const enabled = input.enabled === "true";
      const changed = await db.transaction(async (tx) => {
        const reward = await getReward(tx, session.shop, input.id);
        if (!reward) return false;
        const { id: _id, ...rest } = reward;
        return await updateReward(tx, session.shop, input.id, { ...rest, enabled }, now);
      });
      if (!changed) return notFound();
      await refreshProgramSummary(db, session.shop, admin.graphql as unknown as AdminGraphql);
      return { ok: true, message: enabled ? "Reward turned on" : "Reward turned off" };
    }
    case "archive":
      if (!(await archiveReward(db, session.shop, input.id, now))) return notFound();
      await refreshProgramSummary(db, session.shop, admin.graphql as unknown as AdminGraphql);
      return { ok: true, message: "Reward deleted" };
    case "return-expired-codes": {
      const enabled = input.enabled === "true";
      await ensureShop(db, session.shop, now);
      await db.run(`UPDATE shop SET return_expired_codes = ?, updated_at = ? WHERE domain = ?`, [enabled, now, session.shop]);
      return { ok: true, message: enabled ? "Points of expired codes will be returned" : "Points of expired codes will not be returned" };
    }
  }
};

type RewardListItem = SerializeFrom<typeof loader>["rewards"][number];

function CombinesWith({ reward }: { reward: RewardListItem }) {
  const parts = [
    reward.combinesWith.order ? "Order" : null,
    reward.combinesWith.product ? "Product" : null,
    reward.combinesWith.shipping ? "Shipping" : null,
  ].filter((p): p is string => p !== null);
  if (parts.length === 0) return <Text as="span" tone="subdued">No other discounts</Text>;
  return (
    <InlineStack gap="100">
      {parts.map((p) => (
        <Badge key={p}>{p}</Badge>
      ))}
    </InlineStack>
  );
}

export default function Rewards() {
  const { currency, rewards, returnExpiredCodes } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<RewardsActionData>();
  const shopify = useAppBridge();
  const [deleting, setDeleting] = useState<RewardListItem | null>(null);

  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data) return;
    if ("ok" in fetcher.data) shopify.toast.show(fetcher.data.message);
    else shopify.toast.show(fetcher.data.error, { isError: true });
  }, [fetcher.state, fetcher.data, shopify]);

  const busyId = fetcher.state !== "idle" ? fetcher.formData?.get("id") : undefined;
  const pendingSetting = fetcher.formData?.get("intent") === "return-expired-codes" ? fetcher.formData.get("enabled") === "true" : undefined;
  const submit = (data: Record<string, string>) => fetcher.submit(data, { method: "post" });

  const table = (
    <IndexTable
      resourceName={{ singular: "reward", plural: "rewards" }}
      itemCount={rewards.length}
      selectable={false}
      headings={[
        { title: "Name" }, { title: "Type" }, { title: "Points cost" }, { title: "Value" }, { title: "Minimum order" },
        { title: "Code lifetime" }, { title: "Combines with" }, { title: "Status" }, { title: "Actions", alignment: "end" },
      ]}
    >
      {rewards.map((r, index) => (
        <IndexTable.Row id={String(r.id)} key={r.id} position={index}>
          <IndexTable.Cell>
            <RemixLink to={`/app/rewards/${r.id}`}>
              <Text as="span" variant="bodyMd" fontWeight="semibold">
                {r.name}
              </Text>
            </RemixLink>
          </IndexTable.Cell>
          <IndexTable.Cell>{r.display.type}</IndexTable.Cell>
          <IndexTable.Cell>{r.display.points}</IndexTable.Cell>
          <IndexTable.Cell>{r.display.value}</IndexTable.Cell>
          <IndexTable.Cell>{r.display.minOrder}</IndexTable.Cell>
          <IndexTable.Cell>{r.display.lifetime}</IndexTable.Cell>
          <IndexTable.Cell>
            <CombinesWith reward={r} />
          </IndexTable.Cell>
          <IndexTable.Cell>{r.enabled ? <Badge tone="success">On</Badge> : <Badge>Off</Badge>}</IndexTable.Cell>
          <IndexTable.Cell>
            <InlineStack align="end">
              <ButtonGroup>
                <Button url={`/app/rewards/${r.id}`}>Edit</Button>
                <Button
                  loading={busyId === String(r.id) && fetcher.formData?.get("intent") === "set-enabled"}
                  onClick={() => submit({ intent: "set-enabled", id: String(r.id), enabled: r.enabled ? "false" : "true" })}
                >
                  {r.enabled ? "Turn off" : "Turn on"}
                </Button>
                <Button tone="critical" variant="plain" onClick={() => setDeleting(r)}>
                  Delete
                </Button>
              </ButtonGroup>
            </InlineStack>
          </IndexTable.Cell>
        </IndexTable.Row>
      ))}
    </IndexTable>
  );

  return (
    <Page title="Rewards" primaryAction={{ content: "Add reward", url: "/app/rewards/new", disabled: !currency }}>
      <Layout>
        {!currency ? (
          <Layout.Section>
            <Banner tone="info" title="Kanta is still reading your store's details">
              <p>The default rewards are created as soon as your store's currency is known. Reload this page in a moment.</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card padding={rewards.length === 0 ? undefined : "0"}>
            {rewards.length === 0 ? (
              <EmptyState
                heading="Offer rewards for points"
                action={currency ? { content: "Add reward", url: "/app/rewards/new" } : undefined}
                image="https://cdn.shopify.com/s/files/1/0262/4071/2726/files/emptystate-files.png"
              >
                <p>Shoppers spend their points on the rewards you list here and get a single-use discount code.</p>
              </EmptyState>
            ) : (
              table
            )}
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Expired codes
              </Text>
              <Checkbox
                label="Return the points of codes that expire unused"
                checked={pendingSetting ?? returnExpiredCodes}
                onChange={(checked) => submit({ intent: "return-expired-codes", enabled: checked ? "true" : "false" })}
                helpText="Points come back 48 hours after a code expires, because order webhooks can arrive late: an order placed with the code just before it expired may be reported only later."
              />
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
      <Modal
        open={deleting !== null}
        onClose={() => setDeleting(null)}
        title={`Delete ${deleting?.name ?? "reward"}?`}
        primaryAction={{
          content: "Delete",
          destructive: true,
          onAction: () => {
            if (deleting) submit({ intent: "archive", id: String(deleting.id) });
            setDeleting(null);
          },
        }}
        secondaryActions={[{ content: "Cancel", onAction: () => setDeleting(null) }]}
      >
        <Modal.Section>
          <Text as="p">
            Shoppers can no longer redeem it. Codes already given out keep working until they expire, and the redemptions list keeps them.
          </Text>
        </Modal.Section>
      </Modal>
    </Page>
  );
}
