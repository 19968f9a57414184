// The reward editor: /app/rewards/new adds a reward, /app/rewards/<id> edits one of the shop's.
// Free products and collections are checked against the store before saving.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { isRouteErrorResponse, useActionData, useLoaderData, useNavigation, useRouteError, useSubmit } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, Checkbox, Form, FormLayout, InlineStack, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { AdminErrorPage } from "../admin/page-states";
import { getSql } from "../db.server";
import type { MessageKey } from "../i18n/i18n";
import { adminI18n } from "../i18n/i18n.server";
import { useI18n } from "../i18n/react";
import { KantaCollection, KantaProductVariant } from "../graphql/documents";
import type {
  KantaCollectionQuery, KantaCollectionQueryVariables, KantaProductVariantQuery, KantaProductVariantQueryVariables,
} from "../graphql/types.generated";
import { formatMinorUnits, parseMinorUnits } from "../loyalty/money";
import { rewardFromInput, type FieldErrors, type Reward, type RewardKind } from "../loyalty/rewards";
import { authenticate } from "../shopify.server";
import { refreshProgramSummary } from "../shopify/install.server";
import { AdminApiError, adminRequest, type AdminGraphql } from "../shopify/admin-client.server";
import { getReward, insertReward, nextRewardPosition, shopCurrency, updateReward } from "../storage/rewards.server";
import { listTiers } from "../storage/tiers.server";

/** The editor's fields, as the form holds them (money as decimals in the shop currency). */
export type RewardFormValues = {
  kind: RewardKind;
  name: string;
  pointsCost: string;
  value: string;
  percent: string;
  collectionGid: string;
  variantGid: string;
  minPoints: string;
  maxPoints: string;
  minOrder: string;
  lifetimeDays: string;
  /** "" = every member; else the id of the lowest tier that may redeem it. */
  tierId: string;
  combinesOrder: boolean;
  combinesProduct: boolean;
  combinesShipping: boolean;
  enabled: boolean;
};

const NEW_REWARD: RewardFormValues = {
  kind: "amount_off", name: "", pointsCost: "500", value: "", percent: "", collectionGid: "", variantGid: "", minPoints: "", maxPoints: "",
  minOrder: "", lifetimeDays: "30", tierId: "", combinesOrder: false, combinesProduct: true, combinesShipping: true, enabled: true,
};

function formValues(r: Reward): RewardFormValues {
  const money = (minor: number | null) => (minor === null ? "" : formatMinorUnits(minor, r.currency));
  return {
    kind: r.kind,
    name: r.name,
    pointsCost: String(r.pointsCost),
    value: r.kind === "amount_off" || r.kind === "variable" ? money(r.valueMinor) : "",
    percent: r.percentBps === null ? "" : String(r.percentBps / 100),
    collectionGid: r.collectionGid ?? "",
    variantGid: r.variantGid ?? "",
    minPoints: r.minPoints === null ? "" : String(r.minPoints),
    maxPoints: r.maxPoints === null ? "" : String(r.maxPoints),
    minOrder: money(r.minOrderMinor),
    lifetimeDays: String(r.lifetimeDays),
    tierId: r.tierId === null ? "" : String(r.tierId),
    combinesOrder: r.combinesWith.order,
    combinesProduct: r.combinesWith.product,
    combinesShipping: r.combinesWith.shipping,
    enabled: r.enabled,
  };
}

/** "new", or the numeric id of a reward; null for anything else. */
function rewardTarget(param: string | undefined): "new" | number | null {
  if (param === "new") return "new";
  return param !== undefined && /^\d{1,12}$/.test(param) ? Number(param) : null;
}

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const NOT_FOUND = adminI18n(request).t("rewards.notFound");
  const target = rewardTarget(params.id);
  if (target === null) throw Response.json({ error: NOT_FOUND }, { status: 404 });
  const db = getSql();
  const currency = await shopCurrency(db, session.shop);
  const tiers = (await listTiers(db, session.shop)).map((tier) => ({ id: String(tier.id), name: tier.name }));
  if (target === "new") return { id: null, currency, rewardCurrency: currency, variantTitle: null, values: NEW_REWARD, tiers };
  const reward = await getReward(db, session.shop, target);
  if (!reward) throw Response.json({ error: NOT_FOUND }, { status: 404 });
  return { id: reward.id, currency, rewardCurrency: reward.currency, variantTitle: reward.variantTitle, values: formValues(reward), tiers };
};

export type RewardEditorActionData = { errors: FieldErrors };

const fieldErrors = (errors: FieldErrors, status: number) => Response.json({ errors }, { status });

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const { t } = adminI18n(request);
  const NOT_FOUND = t("rewards.notFound");
  const shop = session.shop;
  const target = rewardTarget(params.id);
  if (target === null) return Response.json({ error: NOT_FOUND }, { status: 404 });
  const db = getSql();
  if (target !== "new" && !(await getReward(db, shop, target))) return Response.json({ error: NOT_FOUND }, { status: 404 });
  const currency = await shopCurrency(db, shop);
  if (!currency) {
    return fieldErrors({ form: t("rewardEditor.errors.noCurrency") }, 409);
  }

  const checked = rewardFromInput(Object.fromEntries(await request.formData()), currency, t);
  if (!checked.ok) return fieldErrors(checked.errors, 400);
  const reward = checked.reward;
  // A tier-exclusive reward names one of this shop's current tiers.
  if (reward.tierId !== null && !(await listTiers(db, shop)).some((tier) => tier.id === reward.tierId)) {
    return fieldErrors({ tierId: t("validation.common.chooseTier") }, 400);
  }

  const graphql = admin.graphql as unknown as AdminGraphql;
  try {
    if (reward.kind === "free_product" && reward.variantGid) {
      const { productVariant } = await adminRequest<KantaProductVariantQuery, KantaProductVariantQueryVariables>(
        graphql, KantaProductVariant, { id: reward.variantGid }, { shop },
      );
      if (!productVariant) return fieldErrors({ variantGid: t("rewardEditor.errors.noVariant") }, 400);
      let price: number;
      try {
        price = parseMinorUnits(productVariant.price, currency);
      } catch {
        return fieldErrors({ variantGid: t("rewardEditor.errors.variantPrice", { price: productVariant.price, currency }) }, 400);
      }
      if (price <= 0) return fieldErrors({ variantGid: t("rewardEditor.errors.variantFree") }, 400);
      reward.variantTitle = productVariant.displayName;
      reward.valueMinor = price;
    }
    if (reward.kind === "percent_off" && reward.collectionGid) {
      const { collection } = await adminRequest<KantaCollectionQuery, KantaCollectionQueryVariables>(
        graphql, KantaCollection, { id: reward.collectionGid }, { shop },
      );
      if (!collection) return fieldErrors({ collectionGid: t("rewardEditor.errors.noCollection") }, 400);
    }
  } catch (error) {
    if (!(error instanceof AdminApiError)) throw error;
    return fieldErrors({ form: t("rewardEditor.errors.shopifyUnavailable") }, 502);
  }

  const now = new Date().toISOString();
  if (target === "new") {
    await db.transaction(async (tx) => {
      await insertReward(tx, shop, { ...reward, position: await nextRewardPosition(tx, shop) }, now);
    });
  } else {
    const saved = await db.transaction(async (tx) => {
      const existing = await getReward(tx, shop, target);
      return existing ? await updateReward(tx, shop, target, { ...reward, position: existing.position }, now) : false;
    });
    if (!saved) return Response.json({ error: NOT_FOUND }, { status: 404 });
  }
  await refreshProgramSummary(db, shop, graphql);
  return redirect("/app/rewards");
};

const KIND_OPTIONS: { label: MessageKey; value: RewardKind }[] = [
  { label: "rewardEditor.kind.amountOff", value: "amount_off" },
  { label: "rewardEditor.kind.percentOff", value: "percent_off" },
  { label: "rewardEditor.kind.freeShipping", value: "free_shipping" },
  { label: "rewardEditor.kind.freeProduct", value: "free_product" },
  { label: "rewardEditor.kind.variable", value: "variable" },
];

/** The fields rewardFromInput reads for each kind (checkboxes are sent as "on" when checked). */
function payload(v: RewardFormValues): Record<string, string> {
  const out: Record<string, string> = { kind: v.kind, name: v.name, pointsCost: v.pointsCost, minOrder: v.minOrder, lifetimeDays: v.lifetimeDays };
  if (v.kind === "amount_off") out.value = v.value;
  if (v.kind === "percent_off") Object.assign(out, { percent: v.percent, collectionGid: v.collectionGid });
  if (v.kind === "free_product") out.variantGid = v.variantGid;
  if (v.kind === "variable") Object.assign(out, { value: v.value, minPoints: v.minPoints, maxPoints: v.maxPoints });
  if (v.combinesOrder) out.combinesOrder = "on";
  if (v.combinesProduct) out.combinesProduct = "on";
  if (v.combinesShipping) out.combinesShipping = "on";
  if (v.enabled) out.enabled = "on";
  if (v.tierId) out.tierId = v.tierId;
  return out;
}

export default function RewardEditor() {
  const { id, currency, rewardCurrency, variantTitle, values: initial, tiers } = useLoaderData<typeof loader>();
  const actionData = useActionData<RewardEditorActionData>();
  const errors: FieldErrors = actionData?.errors ?? {};
  const submit = useSubmit();
  const navigation = useNavigation();
  const { t } = useI18n();
  const saving = navigation.state !== "idle" && navigation.formMethod?.toUpperCase() === "POST";
  const [v, setV] = useState<RewardFormValues>(initial);
  // Moving from one reward to another keeps this component mounted: start over from the new one.
  const [editing, setEditing] = useState(id);
  if (editing !== id) {
    setEditing(id);
    setV(initial);
  }
  const set = <K extends keyof RewardFormValues>(key: K) => (value: RewardFormValues[K]) => setV((old) => ({ ...old, [key]: value }));
  const save = () => submit(payload(v), { method: "post" });
  const suffix = currency ?? undefined;
  const variable = v.kind === "variable";

  return (
    <Page
      title={id === null ? t("rewardEditor.addTitle") : initial.name}
      backAction={{ content: t("rewards.title"), url: "/app/rewards" }}
      primaryAction={{ content: t("common.save"), onAction: save, loading: saving, disabled: !currency }}
    >
      <Layout>
        {!currency ? (
          <Layout.Section>
            <Banner tone="info" title={t("common.readingStore")}>
              <p>{t("rewardEditor.readingStoreBody")}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        {currency && rewardCurrency && rewardCurrency !== currency ? (
          <Layout.Section>
            <Banner tone="warning" title={t("rewardEditor.currencyChanged.title", { currency: rewardCurrency })}>
              <p>{t("rewardEditor.currencyChanged.body", { currency })}</p>
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
        <Layout.Section>
          <Form onSubmit={save}>
            <BlockStack gap="400">
              <Card>
                <FormLayout>
                  <Select label={t("rewardEditor.fields.kind")} options={KIND_OPTIONS.map((o) => ({ label: t(o.label), value: o.value }))} value={v.kind} onChange={(k) => set("kind")(k as RewardKind)} error={errors.kind} />
                  <TextField label={t("rewardEditor.fields.name")} value={v.name} onChange={set("name")} error={errors.name} autoComplete="off"
                    helpText={t("rewardEditor.fields.nameHelp")} />
                  <TextField
                    label={variable ? t("rewardEditor.fields.pointsPerStep") : t("rewardEditor.fields.pointsCost")}
                    type="number"
                    min={1}
                    value={v.pointsCost}
                    onChange={set("pointsCost")}
                    error={errors.pointsCost}
                    suffix={t("common.pointsUnit")}
                    autoComplete="off"
                    helpText={variable ? t("rewardEditor.fields.stepHelp") : undefined}
                  />
                  {v.kind === "amount_off" || variable ? (
                    <TextField
                      label={variable ? t("rewardEditor.fields.valuePerStep") : t("rewardEditor.fields.amountOff")}
                      value={v.value}
                      onChange={set("value")}
                      error={errors.value}
                      suffix={suffix}
                      inputMode="decimal"
                      autoComplete="off"
                    />
                  ) : null}
                  {variable ? (
                    <FormLayout.Group>
                      <TextField label={t("rewardEditor.fields.minPoints")} type="number" value={v.minPoints} onChange={set("minPoints")}
                        error={errors.minPoints} suffix={t("common.pointsUnit")} autoComplete="off" />
                      <TextField label={t("rewardEditor.fields.maxPoints")} type="number" value={v.maxPoints} onChange={set("maxPoints")}
                        error={errors.maxPoints} suffix={t("common.pointsUnit")} autoComplete="off" />
                    </FormLayout.Group>
                  ) : null}
                  {v.kind === "percent_off" ? (
                    <>
                      <TextField label={t("rewardEditor.fields.percent")} value={v.percent} onChange={set("percent")} error={errors.percent} suffix="%"
                        inputMode="decimal" autoComplete="off" />
                      <TextField
                        label={t("rewardEditor.fields.collection")}
                        value={v.collectionGid}
                        onChange={set("collectionGid")}
                        error={errors.collectionGid}
                        placeholder="gid://shopify/Collection/123"
                        helpText={t("rewardEditor.fields.collectionHelp")}
                        autoComplete="off"
                      />
                    </>
                  ) : null}
                  {v.kind === "free_product" ? (
                    <TextField
                      label={t("rewardEditor.fields.variant")}
                      value={v.variantGid}
                      onChange={set("variantGid")}
                      error={errors.variantGid}
                      placeholder="gid://shopify/ProductVariant/123"
                      helpText={
                        variantTitle && v.variantGid === initial.variantGid
                          ? t("rewardEditor.fields.variantHelpNamed", { title: variantTitle })
                          : t("rewardEditor.fields.variantHelp")
                      }
                      autoComplete="off"
                    />
                  ) : null}
                </FormLayout>
              </Card>
              <Card>
                <FormLayout>
                  <TextField label={t("rewardEditor.fields.minOrder")} value={v.minOrder} onChange={set("minOrder")} error={errors.minOrder}
                    suffix={suffix} inputMode="decimal" autoComplete="off" helpText={t("rewardEditor.fields.minOrderHelp")} />
                  <TextField label={t("rewardEditor.fields.lifetime")} type="number" min={1} max={365} value={v.lifetimeDays}
                    onChange={set("lifetimeDays")} error={errors.lifetimeDays} suffix={t("common.daysUnit")} autoComplete="off" />
                  <BlockStack gap="100">
                    <Text as="p" variant="bodyMd">
                      {t("rewardEditor.fields.combines")}
                    </Text>
                    <InlineStack gap="400">
                      <Checkbox label={t("rewardEditor.fields.combinesOrder")} checked={v.combinesOrder} onChange={set("combinesOrder")} />
                      <Checkbox label={t("rewardEditor.fields.combinesProduct")} checked={v.combinesProduct} onChange={set("combinesProduct")} />
                      <Checkbox label={t("rewardEditor.fields.combinesShipping")} checked={v.combinesShipping} onChange={set("combinesShipping")} />
                    </InlineStack>
                    <Text as="p" variant="bodySm" tone="subdued">
                      {t("rewardEditor.fields.combinesHelp")}
                    </Text>
                  </BlockStack>
                  <Select
                    label={t("rewardEditor.fields.tier")}
                    options={[{ label: t("rewardEditor.fields.tierAll"), value: "" }, ...tiers.map((tier) => ({ label: tier.name, value: tier.id }))]}
                    value={v.tierId}
                    onChange={set("tierId")}
                    error={errors.tierId}
                    helpText={t("rewardEditor.fields.tierHelp")}
                  />
                  <Checkbox label={t("rewardEditor.fields.enabled")} checked={v.enabled} onChange={set("enabled")} error={errors.enabled} />
                </FormLayout>
              </Card>
              <InlineStack align="end">
                <Button submit variant="primary" loading={saving} disabled={!currency}>
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
  const error = useRouteError();
  const { t } = useI18n();
  if (isRouteErrorResponse(error) && (error.status === 400 || error.status === 404)) {
    const message = typeof error.data?.error === "string" ? error.data.error : t("rewards.notFound");
    return (
      <Page title={t("rewardEditor.notFoundTitle")} backAction={{ content: t("rewards.title"), url: "/app/rewards" }}>
        <Banner tone="warning">
          <p>{message}</p>
        </Banner>
      </Page>
    );
  }
  return <AdminErrorPage title="rewards.title" back={{ content: "rewards.title", url: "/app/rewards" }} />;
}
