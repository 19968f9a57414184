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
import { AdminErrorPage } from "../admin/page-states";
import { getSql } from "../db.server";
import type { I18n, MessageKey } from "../i18n/i18n";
import { adminI18n } from "../i18n/i18n.server";
import { useI18n } from "../i18n/react";
import type { Reward, RewardKind } from "../loyalty/rewards";
import { authenticate } from "../shopify.server";
import type { AdminGraphql } from "../shopify/admin-client.server";
import { refreshProgramSummary } from "../shopify/install.server";
import { archiveReward, ensureDefaultRewards, getReward, listRewards, shopCurrency, updateReward } from "../storage/rewards.server";
import { ensureShop } from "../storage/shops.server";

export const KIND_LABELS: Record<RewardKind, MessageKey> = {
  amount_off: "rewards.kind.amountOff",
  percent_off: "rewards.kind.percentOff",
  free_shipping: "rewards.kind.freeShipping",
  free_product: "rewards.kind.freeProduct",
  variable: "rewards.kind.variable",
};

/** The catalog's columns as text (formatted on the server so that the page renders the same everywhere). */
function rewardDisplay(r: Reward, { t, money: format }: I18n) {
  const money = (minor: number | null) => format(minor ?? 0, r.currency);
  let points = t("common.points", { count: r.pointsCost });
  let value: string;
  switch (r.kind) {
    case "amount_off":
      value = t("rewards.display.amountOff", { value: money(r.valueMinor) });
      break;
    case "percent_off":
      value = r.collectionGid
        ? t("rewards.display.percentOffCollection", { percent: (r.percentBps ?? 0) / 100, collection: r.collectionGid.replace(/^.*\//, "") })
        : t("rewards.display.percentOffOrder", { percent: (r.percentBps ?? 0) / 100 });
      break;
    case "free_shipping":
      value = t("rewards.display.freeShipping");
      break;
    case "free_product":
      value = t("rewards.display.freeProduct", { product: r.variantTitle ?? r.variantGid ?? t("rewards.display.aProduct"), value: money(r.valueMinor) });
      break;
    case "variable":
      points = t("rewards.display.variablePoints", {
        points: r.pointsCost, value: money(r.valueMinor), min: r.minPoints ?? r.pointsCost, max: r.maxPoints ?? r.pointsCost,
      });
      value = t("rewards.display.variableValue", { value: money(r.valueMinor), points: r.pointsCost });
      break;
  }
  return {
    type: KIND_LABELS[r.kind] ? t(KIND_LABELS[r.kind]) : r.kind,
    points,
    value,
    minOrder: r.minOrderMinor === null ? t("rewards.display.none") : money(r.minOrderMinor),
    lifetime: t("common.days", { count: r.lifetimeDays }),
  };
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const i18n = adminI18n(request);
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
    rewards: rewards.map((r) => ({ ...r, display: rewardDisplay(r, i18n) })),
  };
};

const RewardId = z.string().regex(/^\d{1,12}$/).transform(Number);

const RewardsAction = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("set-enabled"), id: RewardId, enabled: z.enum(["true", "false"]) }),
  z.object({ intent: z.literal("archive"), id: RewardId }),
  z.object({ intent: z.literal("return-expired-codes"), enabled: z.enum(["true", "false"]) }),
]);

export type RewardsActionData = { ok: true; message: string } | { error: string };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const { t } = adminI18n(request);
  const notFound = () => Response.json({ error: t("rewards.notFound") }, { status: 404 });
  const parsed = RewardsAction.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return Response.json({ error: t("errors.unknownAction") }, { status: 400 });
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
      return { ok: true, message: enabled ? t("rewards.turnedOn") : t("rewards.turnedOff") };
    }
    case "archive":
      if (!(await archiveReward(db, session.shop, input.id, now))) return notFound();
      await refreshProgramSummary(db, session.shop, admin.graphql as unknown as AdminGraphql);
      return { ok: true, message: t("rewards.deleted") };
    case "return-expired-codes": {
      const enabled = input.enabled === "true";
      await ensureShop(db, session.shop, now);
      await db.run(`UPDATE shop SET return_expired_codes = ?, updated_at = ? WHERE domain = ?`, [enabled, now, session.shop]);
      return { ok: true, message: enabled ? t("rewards.expiredCodes.on") : t("rewards.expiredCodes.off") };
    }
  }
};

type RewardListItem = SerializeFrom<typeof loader>["rewards"][number];

function CombinesWith({ reward }: { reward: RewardListItem }) {
  const { t } = useI18n();
  const parts = [
    reward.combinesWith.order ? t("rewards.combines.order") : null,
    reward.combinesWith.product ? t("rewards.combines.product") : null,
    reward.combinesWith.shipping ? t("rewards.combines.shipping") : null,
  ].filter((p): p is string => p !== null);
  if (parts.length === 0) return <Text as="span" tone="subdued">{t("rewards.combines.none")}</Text>;
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
  const { t } = useI18n();
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
      resourceName={{ singular: t("rewards.resource.singular"), plural: t("rewards.resource.plural") }}
      itemCount={rewards.length}
      selectable={false}
      headings={[
        { title: t("rewards.columns.name") }, { title: t("rewards.columns.type") }, { title: t("rewards.columns.points") },
        { title: t("rewards.columns.value") }, { title: t("rewards.columns.minOrder") }, { title: t("rewards.columns.lifetime") },
        { title: t("rewards.columns.combines") }, { title: t("rewards.columns.status") }, { title: t("rewards.columns.actions"), alignment: "end" },
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
          <IndexTable.Cell>{r.enabled ? <Badge tone="success">{t("rewards.status.on")}</Badge> : <Badge>{t("rewards.status.off")}</Badge>}</IndexTable.Cell>
          <IndexTable.Cell>
            <InlineStack align="end">
              <ButtonGroup>
                <Button url={`/app/rewards/${r.id}`}>{t("rewards.edit")}</Button>
                <Button
                  loading={busyId === String(r.id) && fetcher.formData?.get("intent") === "set-enabled"}
                  onClick={() => submit({ intent: "set-enabled", id: String(r.id), enabled: r.enabled ? "false" : "true" })}
                >
                  {r.enabled ? t("rewards.turnOff") : t("rewards.turnOn")}
                </Button>
                <Button tone="critical" variant="plain" onClick={() => setDeleting(r)}>
                  {t("rewards.delete")}
                </Button>
              </ButtonGroup>
            </InlineStack>
          </IndexTable.Cell>
        </IndexTable.Row>
      ))}
    </IndexTable>
  );

  return (
    <Page title={t("rewards.title")} primaryAction={{ content: t("rewards.add"), url: "/app/rewards/new", disabled: !currency }}>
      <Layout>
        {!currency ? (
          <Layout.Section>
            <Banner tone="info" title={t("common.readingStore")}>
              <p>{t("rewards.readingStoreBody")}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card padding={rewards.length === 0 ? undefined : "0"}>
            {rewards.length === 0 ? (
              <EmptyState
                heading={t("rewards.empty.heading")}
                action={currency ? { content: t("rewards.add"), url: "/app/rewards/new" } : undefined}
                image="https://cdn.shopify.com/s/files/1/0262/4071/2726/files/emptystate-files.png"
              >
                <p>{t("rewards.empty.body")}</p>
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
                {t("rewards.expiredCodes.title")}
              </Text>
              <Checkbox
                label={t("rewards.expiredCodes.label")}
                checked={pendingSetting ?? returnExpiredCodes}
                onChange={(checked) => submit({ intent: "return-expired-codes", enabled: checked ? "true" : "false" })}
                helpText={t("rewards.expiredCodes.help")}
              />
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
      <Modal
        open={deleting !== null}
        onClose={() => setDeleting(null)}
        title={t("rewards.deleteModal.title", { name: deleting?.name ?? "" })}
        primaryAction={{
          content: t("rewards.delete"),
          destructive: true,
          onAction: () => {
            if (deleting) submit({ intent: "archive", id: String(deleting.id) });
            setDeleting(null);
          },
        }}
        secondaryActions={[{ content: t("common.cancel"), onAction: () => setDeleting(null) }]}
      >
        <Modal.Section>
          <Text as="p">{t("rewards.deleteModal.body")}</Text>
        </Modal.Section>
      </Modal>
    </Page>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage title="rewards.title" />;
}
