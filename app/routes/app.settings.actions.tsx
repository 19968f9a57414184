// Ways to earn besides orders: the welcome bonus, birthdays, referrals, product reviews and the
// merchant's own actions — switched on and off, edited, added (custom) and deleted (custom). Also
// the endpoint that review apps and Shopify Flow call to award review points, with the shop's token.
import type { ActionFunctionArgs, LoaderFunctionArgs, SerializeFrom } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import {
  Badge, Banner, BlockStack, Box, Button, ButtonGroup, Card, Checkbox, Form, FormLayout, IndexTable, InlineGrid, InlineStack, Layout, Modal, Page, Select,
  Text, TextField,
} from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";
import { z } from "zod";
import { decimalInput } from "../admin/decimal-input";
import { AdminErrorPage } from "../admin/page-states";
import { getSql } from "../db.server";
import { env } from "../env.server";
import type { I18n, MessageKey } from "../i18n/i18n";
import { adminI18n } from "../i18n/i18n.server";
import { useI18n } from "../i18n/react";
import { referralConfig, reviewLimit, type ActionKind, type EarningAction } from "../loyalty/actions";
import { formatMinorUnits } from "../loyalty/money";
import type { FieldErrors } from "../loyalty/rewards";
import { authenticate } from "../shopify.server";
import type { AdminGraphql } from "../shopify/admin-client.server";
import { refreshProgramSummary } from "../shopify/install.server";
import { actionsApiToken, archiveAction, ensureDefaultActions, getAction, listActions, saveAction } from "../storage/actions.server";
import { shopCurrency } from "../storage/rewards.server";

/** An action's settings as the edit form holds them (and as saveAction reads them). */
export type ActionFormValues = {
  name: string;
  points: string;
  enabled: boolean;
  url: string;
  limitCount: string;
  limitDays: string;
  friendDiscountType: "percent" | "amount";
  friendPercent: string;
  friendAmount: string;
  lifetimeDays: string;
  combinesOrder: boolean;
  combinesProduct: boolean;
  combinesShipping: boolean;
};

const NEW_CUSTOM: ActionFormValues = {
  name: "", points: "50", enabled: true, url: "", limitCount: "", limitDays: "", friendDiscountType: "percent", friendPercent: "", friendAmount: "",
  lifetimeDays: "", combinesOrder: false, combinesProduct: false, combinesShipping: false,
};

function formValues(a: Pick<EarningAction, "kind" | "name" | "points" | "enabled" | "config">): ActionFormValues {
  const v: ActionFormValues = { ...NEW_CUSTOM, name: a.name, points: String(a.points), enabled: a.enabled };
  if (a.kind === "custom") v.url = a.config.url ?? "";
  if (a.kind === "review") {
    const limit = reviewLimit(a);
    v.limitCount = limit ? String(limit.count) : "";
    v.limitDays = limit ? String(limit.days) : "";
  }
  if (a.kind === "referral") {
    const r = referralConfig(a);
    v.friendDiscountType = r.friendDiscount.kind;
    if (r.friendDiscount.kind === "percent") v.friendPercent = String(r.friendDiscount.percentBps / 100);
    else v.friendAmount = formatMinorUnits(r.friendDiscount.valueMinor, r.friendDiscount.currency);
    v.lifetimeDays = String(r.lifetimeDays);
    v.combinesOrder = r.combinesWith.order;
    v.combinesProduct = r.combinesWith.product;
    v.combinesShipping = r.combinesWith.shipping;
  }
  return v;
}

/** The fields saveAction reads for a kind (checkboxes as "true"/"false"). */
function payload(kind: ActionKind, v: ActionFormValues): Record<string, string> {
  const out: Record<string, string> = { name: v.name, points: v.points, enabled: String(v.enabled) };
  if (kind === "custom") out.url = v.url;
  if (kind === "review") Object.assign(out, { limitCount: v.limitCount, limitDays: v.limitDays });
  if (kind === "referral") {
    Object.assign(out, {
      friendDiscountType: v.friendDiscountType, lifetimeDays: v.lifetimeDays, combinesOrder: String(v.combinesOrder),
      combinesProduct: String(v.combinesProduct), combinesShipping: String(v.combinesShipping),
    });
    if (v.friendDiscountType === "percent") out.friendPercent = v.friendPercent;
    else out.friendAmount = v.friendAmount;
  }
  return out;
}

const KIND_LABELS: Record<ActionKind, MessageKey> = {
  welcome: "settings.actions.kind.welcome", birthday: "settings.actions.kind.birthday", referral: "settings.actions.kind.referral",
  review: "settings.actions.kind.review", custom: "settings.actions.kind.custom",
};

/** What limits an action, as text (formatted on the server so that the page renders the same everywhere). */
function actionDetails(a: EarningAction, { t, money }: I18n): string {
  switch (a.kind) {
    case "welcome":
      return t("settings.actions.details.welcome");
    case "birthday":
      return t("settings.actions.details.birthday");
    case "review": {
      const limit = reviewLimit(a);
      return limit ? t("settings.actions.details.reviewLimit", { count: limit.count, days: limit.days }) : t("settings.actions.details.reviewNoLimit");
    }
    case "referral": {
      const r = referralConfig(a);
      const discount = r.friendDiscount.kind === "percent"
        ? `${r.friendDiscount.percentBps / 100}%`
        : money(r.friendDiscount.valueMinor, r.friendDiscount.currency);
      return t("settings.actions.details.referral", { discount, lifetime: t("common.days", { count: r.lifetimeDays }) });
    }
    case "custom":
      return a.config.url ? t("settings.actions.details.customUrl", { url: a.config.url }) : t("settings.actions.details.custom");
  }
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const i18n = adminI18n(request);
  const db = getSql();
  const shop = session.shop;
  await ensureDefaultActions(db, shop);
  const known = await db.get<{ domain: string }>(`SELECT domain FROM shop WHERE domain = ?`, [shop]);
  const [actions, currency, token] = await Promise.all([
    listActions(db, shop),
    shopCurrency(db, shop),
    known ? actionsApiToken(db, shop) : Promise.resolve(null),
  ]);
  return {
    shop,
    currency,
    actions: actions.map((a) => ({ ...a, details: actionDetails(a, i18n) })),
    api: { endpoint: `${env().SHOPIFY_APP_URL.replace(/\/+$/, "")}/api/actions/review`, token },
  };
};

const Id = z.string().regex(/^\d{1,12}$/).transform(Number);

const ActionsAction = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("save"), id: z.union([z.literal("new"), Id]) }).passthrough(),
  z.object({ intent: z.literal("set-enabled"), id: Id, enabled: z.enum(["true", "false"]) }),
  z.object({ intent: z.literal("archive"), id: Id }),
]);

export type ActionsActionData =
  | { ok: true; intent: "save" | "set-enabled" | "archive"; id: number; message: string }
  | { intent: "save"; errors: FieldErrors }
  | { error: string };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const { t, locale } = adminI18n(request);
  const notFound = () => Response.json({ error: t("settings.actions.notFound") }, { status: 404 });
  const parsed = ActionsAction.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return Response.json({ error: t("errors.unknownAction") }, { status: 400 });
  const db = getSql();
  const shop = session.shop;
  const graphql = admin.graphql as unknown as AdminGraphql;
  const now = new Date();
  const input = parsed.data;
  switch (input.intent) {
    case "save": {
      const { intent, id, ...fields } = input;
      for (const key of ["friendPercent", "friendAmount"] as const) {
        if (typeof fields[key] === "string") fields[key] = decimalInput(fields[key], locale);
      }
      if (id !== "new" && !(await getAction(db, shop, id))) return notFound();
      const saved = await saveAction(db, shop, id, fields, now, t);
      if (!saved.ok) return Response.json({ intent, errors: saved.errors }, { status: 400 });
      await refreshProgramSummary(db, shop, graphql);
      return { ok: true as const, intent, id: saved.action.id, message: id === "new" ? t("settings.actions.added") : t("settings.actions.saved") };
    }
    case "set-enabled": {
      const existing = await getAction(db, shop, input.id);
      if (!existing) return notFound();
      const enabled = input.enabled === "true";
      const saved = await saveAction(db, shop, input.id, payload(existing.kind, { ...formValues(existing), enabled }), now, t);
      // The stored settings were valid when saved; should they no longer be, say why.
      if (!saved.ok) return Response.json({ error: Object.values(saved.errors).join("; ") }, { status: 400 });
      await refreshProgramSummary(db, shop, graphql);
      return { ok: true as const, intent: input.intent, id: input.id, message: enabled ? t("settings.actions.turnedOn") : t("settings.actions.turnedOff") };
    }
    case "archive": {
      const existing = await getAction(db, shop, input.id);
      if (!existing) return notFound();
      if (existing.kind !== "custom") return Response.json({ error: t("settings.actions.builtInDelete") }, { status: 400 });
      if (!(await archiveAction(db, shop, input.id, now))) return notFound();
      await refreshProgramSummary(db, shop, graphql);
      return { ok: true as const, intent: input.intent, id: input.id, message: t("settings.actions.deleted") };
    }
  }
};

type ListedAction = SerializeFrom<typeof loader>["actions"][number];

function ActionEditor({ target, currency, onDone }: { target: ListedAction | "new"; currency: string | null; onDone: () => void }) {
  const { t } = useI18n();
  const fetcher = useFetcher<ActionsActionData>();
  const shopify = useAppBridge();
  const kind: ActionKind = target === "new" ? "custom" : target.kind;
  const [v, setV] = useState<ActionFormValues>(() => (target === "new" ? NEW_CUSTOM : formValues(target)));
  const set = <K extends keyof ActionFormValues>(key: K) => (value: ActionFormValues[K]) => setV((old) => ({ ...old, [key]: value }));
  const errors: FieldErrors = fetcher.data && "errors" in fetcher.data ? fetcher.data.errors : {};
  const done = useRef(onDone);
  done.current = onDone;

  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data) return;
    if ("ok" in fetcher.data) {
      shopify.toast.show(fetcher.data.message);
      done.current();
    } else if ("error" in fetcher.data) shopify.toast.show(fetcher.data.error, { isError: true });
  }, [fetcher.state, fetcher.data, shopify]);

  const save = () => fetcher.submit({ intent: "save", id: target === "new" ? "new" : String(target.id), ...payload(kind, v) }, { method: "post" });
  const title = target === "new" ? t("settings.actions.addTitle") : t("settings.actions.editTitle", { name: target.name });
  return (
    <Card>
      <Form onSubmit={save}>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {title}
          </Text>
          {errors.form ? (
            <Banner tone="critical">
              <p>{errors.form}</p>
            </Banner>
          ) : null}
          <FormLayout>
            <FormLayout.Group>
              <TextField label={t("settings.actions.fields.name")} value={v.name} onChange={set("name")} error={errors.name} autoComplete="off"
                helpText={t("settings.actions.fields.nameHelp")} />
              <TextField label={t("settings.actions.fields.points")} type="number" min={1} value={v.points} onChange={set("points")} error={errors.points}
                suffix={t("common.pointsUnit")} autoComplete="off" />
            </FormLayout.Group>
            {kind === "custom" ? (
              <TextField label={t("settings.actions.fields.url")} value={v.url} onChange={set("url")} error={errors.url} placeholder="https://"
                helpText={t("settings.actions.fields.urlHelp")} autoComplete="off" />
            ) : null}
            {kind === "review" ? (
              <FormLayout.Group>
                <TextField label={t("settings.actions.fields.limitCount")} type="number" min={1} value={v.limitCount} onChange={set("limitCount")}
                  error={errors.limitCount} helpText={t("settings.actions.fields.limitCountHelp")} autoComplete="off" />
                <TextField label={t("settings.actions.fields.limitDays")} type="number" min={1} value={v.limitDays} onChange={set("limitDays")}
                  error={errors.limitDays} suffix={t("common.daysUnit")} autoComplete="off" />
              </FormLayout.Group>
            ) : null}
            {kind === "referral" ? (
              <BlockStack gap="400">
                <FormLayout.Group>
                  <Select
                    label={t("settings.actions.fields.friendDiscountType")}
                    options={[
                      { label: t("settings.actions.fields.friendPercentOption"), value: "percent" },
                      { label: t("settings.actions.fields.friendAmountOption"), value: "amount", disabled: !currency },
                    ]}
                    value={v.friendDiscountType}
                    onChange={(value) => set("friendDiscountType")(value as "percent" | "amount")}
                  />
                  {v.friendDiscountType === "percent" ? (
                    <TextField label={t("settings.actions.fields.friendPercent")} value={v.friendPercent} onChange={set("friendPercent")}
                      error={errors.friendPercent} suffix="%" inputMode="decimal" autoComplete="off" />
                  ) : (
                    <TextField label={t("settings.actions.fields.friendAmount")} value={v.friendAmount} onChange={set("friendAmount")}
                      error={errors.friendAmount} suffix={currency ?? undefined} inputMode="decimal" autoComplete="off" />
                  )}
                  <TextField label={t("settings.actions.fields.lifetimeDays")} type="number" min={1} max={365} value={v.lifetimeDays}
                    onChange={set("lifetimeDays")} error={errors.lifetimeDays} suffix={t("common.daysUnit")} autoComplete="off" />
                </FormLayout.Group>
                <BlockStack gap="100">
                  <Text as="p">{t("settings.actions.fields.combines")}</Text>
                  <InlineStack gap="400">
                    <Checkbox label={t("rewardEditor.fields.combinesOrder")} checked={v.combinesOrder} onChange={set("combinesOrder")} />
                    <Checkbox label={t("rewardEditor.fields.combinesProduct")} checked={v.combinesProduct} onChange={set("combinesProduct")} />
                    <Checkbox label={t("rewardEditor.fields.combinesShipping")} checked={v.combinesShipping} onChange={set("combinesShipping")} />
                  </InlineStack>
                </BlockStack>
              </BlockStack>
            ) : null}
            <Checkbox label={t("settings.actions.fields.enabled")} checked={v.enabled} onChange={set("enabled")} error={errors.enabled} />
          </FormLayout>
          <InlineStack align="end" gap="200">
            <Button onClick={onDone}>{t("common.cancel")}</Button>
            <Button submit variant="primary" loading={fetcher.state !== "idle"}>
              {t("common.save")}
            </Button>
          </InlineStack>
        </BlockStack>
      </Form>
    </Card>
  );
}

function ReviewApiCard({ shop, endpoint, token }: { shop: string; endpoint: string; token: string | null }) {
  const { t } = useI18n();
  const body = JSON.stringify({ customerId: "gid://shopify/Customer/123", orderId: "gid://shopify/Order/456", lineItemId: "gid://shopify/LineItem/789" }, null, 2);
  const request = [
    `POST ${endpoint}`,
    `Authorization: Bearer ${token ?? "…"}`,
    `X-Shopify-Shop-Domain: ${shop}`,
    "Content-Type: application/json",
    "",
    body,
  ].join("\n");
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("settings.actions.api.title")}
        </Text>
        <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
          <BlockStack gap="300">
            <Text as="p">{t("settings.actions.api.body")}</Text>
            <TextField label={t("settings.actions.api.endpoint")} value={endpoint} readOnly autoComplete="off" />
            {token ? (
              <TextField label={t("settings.actions.api.token")} value={token} readOnly autoComplete="off" helpText={t("settings.actions.api.tokenHelp")} />
            ) : (
              <Text as="p" tone="subdued">
                {t("settings.actions.api.noToken")}
              </Text>
            )}
            <Text as="h3" variant="headingSm">
              {t("settings.actions.api.howTitle")}
            </Text>
            <Text as="p">{t("settings.actions.api.reviewApps")}</Text>
            <Text as="p">{t("settings.actions.api.flow")}</Text>
          </BlockStack>
          <BlockStack gap="300">
            <Box background="bg-surface-secondary" padding="300" borderRadius="200">
              <pre style={{ margin: 0, whiteSpace: "pre-wrap", wordBreak: "break-all", fontSize: "12px" }}>{request}</pre>
            </Box>
            <Text as="p" variant="bodySm" tone="subdued">
              {t("settings.actions.api.answers")}
            </Text>
          </BlockStack>
        </InlineGrid>
      </BlockStack>
    </Card>
  );
}

export default function EarningActions() {
  const { shop, currency, actions, api } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<ActionsActionData>();
  const shopify = useAppBridge();
  const { t, number } = useI18n();
  const [editing, setEditing] = useState<ListedAction | "new" | null>(null);
  const [deleting, setDeleting] = useState<ListedAction | null>(null);

  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data) return;
    if ("ok" in fetcher.data) shopify.toast.show(fetcher.data.message);
    else if ("error" in fetcher.data) shopify.toast.show(fetcher.data.error, { isError: true });
  }, [fetcher.state, fetcher.data, shopify]);

  const busyId = fetcher.state !== "idle" ? fetcher.formData?.get("id") : undefined;
  const submit = (data: Record<string, string>) => fetcher.submit(data, { method: "post" });
  const editorKey = editing === null ? "none" : editing === "new" ? "new" : `edit-${editing.id}`;

  return (
    <Page title={t("settings.actions.title")} primaryAction={{ content: t("settings.actions.add"), onAction: () => setEditing("new") }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {editing !== null ? <ActionEditor key={editorKey} target={editing} currency={currency} onDone={() => setEditing(null)} /> : null}
            <Card padding="0">
              <IndexTable
                resourceName={{ singular: t("settings.actions.resource.singular"), plural: t("settings.actions.resource.plural") }}
                itemCount={actions.length}
                selectable={false}
                headings={[
                  { title: t("settings.actions.columns.name") }, { title: t("settings.actions.columns.type") },
                  { title: t("settings.actions.columns.points"), alignment: "end" }, { title: t("settings.actions.columns.details") },
                  { title: t("settings.actions.columns.status") }, { title: t("settings.actions.columns.actions"), alignment: "end" },
                ]}
              >
                {actions.map((a, index) => (
                  <IndexTable.Row id={String(a.id)} key={a.id} position={index}>
                    <IndexTable.Cell>
                      <Text as="span" fontWeight="semibold">
                        {a.name}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{t(KIND_LABELS[a.kind])}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" alignment="end" numeric>
                        {number(a.points)}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" breakWord>
                        {a.details}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      {a.enabled ? <Badge tone="success">{t("settings.actions.status.on")}</Badge> : <Badge>{t("settings.actions.status.off")}</Badge>}
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <InlineStack align="end">
                        <ButtonGroup>
                          <Button onClick={() => setEditing(a)}>{t("settings.actions.edit")}</Button>
                          <Button
                            loading={busyId === String(a.id) && fetcher.formData?.get("intent") === "set-enabled"}
                            onClick={() => submit({ intent: "set-enabled", id: String(a.id), enabled: a.enabled ? "false" : "true" })}
                          >
                            {a.enabled ? t("settings.actions.turnOff") : t("settings.actions.turnOn")}
                          </Button>
                          {a.kind === "custom" ? (
                            <Button tone="critical" variant="plain" onClick={() => setDeleting(a)}>
                              {t("settings.actions.delete")}
                            </Button>
                          ) : null}
                        </ButtonGroup>
                      </InlineStack>
                    </IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
            </Card>
          </BlockStack>
        </Layout.Section>
        <Layout.Section>
          <ReviewApiCard shop={shop} endpoint={api.endpoint} token={api.token} />
        </Layout.Section>
      </Layout>
      <Modal
        open={deleting !== null}
        onClose={() => setDeleting(null)}
        title={t("settings.actions.deleteModal.title", { name: deleting?.name ?? "" })}
        primaryAction={{
          content: t("settings.actions.delete"),
          destructive: true,
          onAction: () => {
            if (deleting) submit({ intent: "archive", id: String(deleting.id) });
            setDeleting(null);
          },
        }}
        secondaryActions={[{ content: t("common.cancel"), onAction: () => setDeleting(null) }]}
      >
        <Modal.Section>
          <Text as="p">{t("settings.actions.deleteModal.body")}</Text>
        </Modal.Section>
      </Modal>
    </Page>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage title="settings.actions.title" />;
}
