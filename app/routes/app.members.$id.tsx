// One member: profile, balance and tier (with its history), the ledger traced to orders and their
// lines, the member's redemptions, and the two things staff do by hand — adjust points and put the
// member on a tier (override). /app/members/<Shopify customer id>.
import type { ActionFunctionArgs, LoaderFunctionArgs, SerializeFrom } from "@remix-run/node";
import { Link as RemixLink, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import {
  Badge, Banner, BlockStack, Box, Button, Card, DataTable, Form, FormLayout, IndexTable, InlineGrid, InlineStack, Layout, Link, Page,
  Select, Text, TextField, type BadgeProps,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { STATE_LABELS, STATE_TONES, SOURCE_LABELS, TIER_CHANGE_REASONS, causedByText, gidTail, marketingText, memberName } from "../admin/labels";
import { AdminErrorPage } from "../admin/page-states";
import { getSql } from "../db.server";
import type { MessageKey, Translate } from "../i18n/i18n";
import { adminI18n } from "../i18n/i18n.server";
import { useI18n } from "../i18n/react";
import type { FieldErrors } from "../loyalty/rewards";
import { safeTimeZone, zonedTimeToUtc } from "../loyalty/tiers";
import { authenticate } from "../shopify.server";
import { adjustPoints } from "../storage/adjustments.server";
import { activeTiers, loadMemberProfile, memberLedger, memberRedemptions, memberTierHistory } from "../storage/member-detail.server";
import { shopCurrency } from "../storage/rewards.server";
import { loadTierStatus, setTierOverride } from "../storage/tiers.server";

const LEDGER_PAGE = 25;

const customerGidOf = (id: string | undefined) => (id && /^[1-9]\d{0,19}$/.test(id) ? `gid://shopify/Customer/${id}` : null);

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const { t } = adminI18n(request);
  const shop = session.shop;
  const customerGid = customerGidOf(params.id);
  if (!customerGid) throw Response.json({ error: t("member.notFound") }, { status: 404 });
  const beforeParam = new URL(request.url).searchParams.get("before");
  if (beforeParam !== null && beforeParam !== "" && !/^\d{1,12}$/.test(beforeParam)) {
    throw Response.json({ error: t("member.badBefore") }, { status: 400 });
  }
  const before = beforeParam ? Number(beforeParam) : undefined;
  const db = getSql();
  const member = await loadMemberProfile(db, shop, customerGid);
  if (!member) throw Response.json({ error: t("member.notFound") }, { status: 404 });
  const now = new Date();
  const [entries, tierHistory, redemptions, tiers, tierStatus, currency, settings] = await Promise.all([
    memberLedger(db, shop, customerGid, { limit: LEDGER_PAGE, before }),
    memberTierHistory(db, shop, customerGid),
    memberRedemptions(db, shop, customerGid, now),
    activeTiers(db, shop),
    loadTierStatus(db, shop, customerGid, now),
    shopCurrency(db, shop),
    db.get<{ timezone: string | null }>(`SELECT timezone FROM shop WHERE domain = ?`, [shop]),
  ]);
  const ledger = entries.slice(0, LEDGER_PAGE);
  return {
    customerId: gidTail(customerGid),
    member,
    currency,
    timezone: safeTimeZone(settings?.timezone),
    tierStatus: tierStatus
      ? { basis: tierStatus.basis, window: tierStatus.window, value: tierStatus.value, next: tierStatus.next }
      : null,
    tiers,
    tierHistory,
    ledger,
    ledgerBefore: before ?? null,
    /** `before` for the next (older) page of the ledger, when there is one. */
    olderLedger: entries.length > LEDGER_PAGE ? ledger[ledger.length - 1]!.id : null,
    redemptions,
    /** A fresh key for the adjust form: a double submit is one adjustment. */
    adjustKey: crypto.randomUUID(),
  };
};

export type MemberActionData =
  | { ok: true; intent: "adjust"; balance: number; entryId: number }
  | { ok: true; intent: "override"; ended: boolean }
  | { intent: "adjust" | "override"; errors: FieldErrors }
  | { error: string };

const field = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
};

/** "YYYY-MM-DD" → the end of that day in the shop's time zone (ISO), or null when it is not a date. */
function endOfLocalDay(date: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return zonedTimeToUtc({ year, month, day: day + 1, hour: 0, minute: 0, second: 0, millisecond: 0 }, timeZone).toISOString();
}

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const { t } = adminI18n(request);
  const shop = session.shop;
  const customerGid = customerGidOf(params.id);
  const notFound = () => Response.json({ error: t("member.notFound") }, { status: 404 });
  if (!customerGid) return notFound();
  const form = await request.formData();
  const intent = field(form, "intent");
  if (intent !== "adjust" && intent !== "override") return Response.json({ error: t("errors.unknownAction") }, { status: 400 });
  const db = getSql();
  const known = await db.get<{ status: string }>(`SELECT status FROM member WHERE shop = ? AND customer_gid = ?`, [shop, customerGid]);
  if (!known) return notFound();
  const staff = `staff:${sessionToken?.sub ?? "unknown"}`;

  if (intent === "adjust") {
    const result = await adjustPoints(
      db,
      shop,
      { customerGid, points: field(form, "points"), reason: field(form, "reason"), staff, idempotencyKey: field(form, "idempotencyKey") },
      new Date(),
      t,
    );
    if (!result.ok) return Response.json({ intent, errors: result.errors }, { status: 400 });
    return { ok: true as const, intent, balance: result.balance, entryId: result.entryId };
  }

  const tierField = field(form, "tierId");
  const untilField = field(form, "until").trim();
  const errors: FieldErrors = {};
  let tierId: number | null = null;
  if (tierField !== "") {
    if (/^\d{1,12}$/.test(tierField)) tierId = Number(tierField);
    else errors.tierId = t("member.override.errors.tier");
  }
  let until: string | null = null;
  if (tierId !== null && untilField !== "") {
    const settings = await db.get<{ timezone: string | null }>(`SELECT timezone FROM shop WHERE domain = ?`, [shop]);
    until = endOfLocalDay(untilField, safeTimeZone(settings?.timezone));
    if (until === null) errors.until = t("member.override.errors.until");
  }
  if (Object.keys(errors).length) return Response.json({ intent, errors }, { status: 400 });
  const result = await setTierOverride(db, shop, customerGid, { tierId, reason: field(form, "reason"), until, by: staff }, new Date(), t);
  if (!result.ok) return Response.json({ intent, errors: result.errors }, { status: 400 });
  return { ok: true as const, intent, ended: tierId === null };
};

type LoaderData = SerializeFrom<typeof loader>;


function statusBadge(member: LoaderData["member"], t: Translate): { tone: BadgeProps["tone"]; text: string } {
  if (member.redacted) return { tone: "critical", text: t("member.status.redacted") };
  if (member.status === "merged") return { tone: "warning", text: t("member.status.merged") };
  if (member.status === "retired") return { tone: undefined, text: t("member.status.retired") };
  return { tone: "success", text: t("member.status.active") };
}

function Points({ points }: { points: number }) {
  const { number } = useI18n();
  return (
    <Text as="span" numeric fontWeight="semibold" tone={points < 0 ? "critical" : "success"}>
      {points > 0 ? "+" : ""}
      {number(points)}
    </Text>
  );
}

function LedgerCard({ data }: { data: LoaderData }) {
  const { t, money, dateTime } = useI18n();
  const { ledger, currency, timezone, customerId, olderLedger, ledgerBefore } = data;
  const navigation = useNavigation();
  return (
    <Card padding="0">
      <Box padding="400">
        <Text as="h2" variant="headingMd">
          {t("member.ledger.title")}
        </Text>
      </Box>
      {ledger.length === 0 ? (
        <Box padding="400">
          <Text as="p" tone="subdued">
            {t("member.ledger.empty")}
          </Text>
        </Box>
      ) : (
        <IndexTable
          resourceName={{ singular: t("member.ledger.resource.singular"), plural: t("member.ledger.resource.plural") }}
          itemCount={ledger.length}
          selectable={false}
          loading={navigation.state === "loading" && navigation.location.pathname === `/app/members/${customerId}`}
          headings={[
            { title: t("member.ledger.columns.date") }, { title: t("member.ledger.columns.points"), alignment: "end" },
            { title: t("member.ledger.columns.source") }, { title: t("member.ledger.columns.details") }, { title: t("member.ledger.columns.by") },
          ]}
        >
          {ledger.map((e, index) => (
            <IndexTable.Row id={String(e.id)} key={e.id} position={index}>
              <IndexTable.Cell>{dateTime(e.createdAt, timezone)}</IndexTable.Cell>
              <IndexTable.Cell>
                <InlineStack align="end">
                  <Points points={e.points} />
                </InlineStack>
              </IndexTable.Cell>
              <IndexTable.Cell>{SOURCE_LABELS[e.source] ? t(SOURCE_LABELS[e.source]!) : e.source}</IndexTable.Cell>
              <IndexTable.Cell>
                <BlockStack gap="100">
                  {e.orderGid ? (
                    <Text as="span">
                      {t("member.ledger.order")}{" "}
                      <Link url={`shopify://admin/orders/${gidTail(e.orderGid)}`} target="_top">
                        {e.orderName ?? gidTail(e.orderGid)}
                      </Link>
                      {e.refundGid ? ` · ${t("member.ledger.refund", { id: gidTail(e.refundGid) })}` : ""}
                    </Text>
                  ) : null}
                  {e.reason ? <Text as="span">{e.reason}</Text> : null}
                  {e.lines.map((l) => (
                    <Text as="span" variant="bodySm" tone="subdued" key={`${e.id}-${l.lineGid}`}>
                      {t(l.quantity !== null ? "member.ledger.lineWithQuantity" : "member.ledger.line", {
                        title: l.title ?? gidTail(l.lineGid),
                        quantity: l.quantity ?? 0,
                        amount: currency ? money(l.eligibleMinor, currency) : String(l.eligibleMinor),
                      })}
                    </Text>
                  ))}
                </BlockStack>
              </IndexTable.Cell>
              <IndexTable.Cell>{causedByText(e.causedBy, t)}</IndexTable.Cell>
            </IndexTable.Row>
          ))}
        </IndexTable>
      )}
      {ledgerBefore !== null || olderLedger !== null ? (
        <Box padding="300">
          <InlineStack gap="200" align="center">
            <Button url={`/app/members/${customerId}`} disabled={ledgerBefore === null}>
              {t("common.newest")}
            </Button>
            <Button url={`/app/members/${customerId}?before=${olderLedger ?? ""}`} disabled={olderLedger === null}>
              {t("common.older")}
            </Button>
          </InlineStack>
        </Box>
      ) : null}
    </Card>
  );
}

function AdjustCard({ data }: { data: LoaderData }) {
  const { t, number } = useI18n();
  const fetcher = useFetcher<MemberActionData>();
  const shopify = useAppBridge();
  const [points, setPoints] = useState("");
  const [reason, setReason] = useState("");
  const result = fetcher.data && "intent" in fetcher.data && fetcher.data.intent === "adjust" ? fetcher.data : null;
  const errors = result && "errors" in result ? result.errors : {};

  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data) return;
    if ("ok" in fetcher.data && fetcher.data.intent === "adjust") {
      shopify.toast.show(t("member.adjust.done", { balance: fetcher.data.balance }));
      setPoints("");
      setReason("");
    } else if ("error" in fetcher.data) shopify.toast.show(fetcher.data.error, { isError: true });
  }, [fetcher.state, fetcher.data, shopify, t]);

  const active = data.member.status === "active" && !data.member.redacted;
  const submit = () => fetcher.submit({ intent: "adjust", points, reason, idempotencyKey: data.adjustKey }, { method: "post" });
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("member.adjust.title")}
        </Text>
        {!active ? (
          <Text as="p" tone="subdued">
            {t("member.adjust.inactive")}
          </Text>
        ) : (
          <Form onSubmit={submit}>
            <FormLayout>
              {errors.form || errors.customerGid || errors.idempotencyKey || errors.staff ? (
                <Banner tone="critical">
                  <p>{errors.form ?? errors.customerGid ?? errors.idempotencyKey ?? errors.staff}</p>
                </Banner>
              ) : null}
              <TextField
                label={t("member.adjust.points")}
                type="number"
                value={points}
                onChange={setPoints}
                error={errors.points}
                helpText={t("member.adjust.pointsHelp", { balance: number(data.member.balance) })}
                autoComplete="off"
              />
              <TextField label={t("member.adjust.reason")} value={reason} onChange={setReason} error={errors.reason} autoComplete="off" />
              <Button submit variant="primary" loading={fetcher.state !== "idle"}>
                {t("member.adjust.submit")}
              </Button>
            </FormLayout>
          </Form>
        )}
      </BlockStack>
    </Card>
  );
}

function TierCard({ data }: { data: LoaderData }) {
  const { t, money, number, date } = useI18n();
  const fetcher = useFetcher<MemberActionData>();
  const shopify = useAppBridge();
  const { member, tierStatus, tiers, currency, timezone } = data;
  const [tierId, setTierId] = useState(member.override?.tier ? String(member.override.tier.id) : "");
  const [reason, setReason] = useState("");
  const [until, setUntil] = useState("");
  const result = fetcher.data && "intent" in fetcher.data && fetcher.data.intent === "override" ? fetcher.data : null;
  const errors = result && "errors" in result ? result.errors : {};

  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data) return;
    if ("ok" in fetcher.data && fetcher.data.intent === "override") {
      shopify.toast.show(fetcher.data.ended ? t("member.override.ended") : t("member.override.saved"));
      setReason("");
    } else if ("error" in fetcher.data) shopify.toast.show(fetcher.data.error, { isError: true });
  }, [fetcher.state, fetcher.data, shopify, t]);

  const value = (v: number) => (tierStatus?.basis === "points" ? t("common.points", { count: v }) : currency ? money(v, currency) : number(v));
  const overrideActive = member.override?.tier && (!member.override.until || Date.parse(member.override.until) > Date.now());
  const active = member.status === "active" && !member.redacted;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("member.tier.title")}
        </Text>
        <InlineStack gap="200" blockAlign="center">
          <Text as="p" variant="headingLg">
            {member.tier?.name ?? t("member.tier.none")}
          </Text>
          {overrideActive ? <Badge tone="attention">{t("member.tier.overridden")}</Badge> : null}
        </InlineStack>
        {member.tierSince ? (
          <Text as="p" tone="subdued">
            {t("member.tier.since", { date: date(member.tierSince, timezone) })}
          </Text>
        ) : null}
        {tierStatus ? (
          <Text as="p">
            {t(`member.tier.window.${tierStatus.window}` as MessageKey, { value: value(tierStatus.value) })}
            {tierStatus.next ? ` ${t("member.tier.next", { remaining: value(tierStatus.next.remaining), tier: tierStatus.next.name })}` : ""}
          </Text>
        ) : null}
        {member.graceUntil ? <Text as="p">{t("member.tier.grace", { date: date(member.graceUntil, timezone) })}</Text> : null}
        {overrideActive && member.override ? (
          <Text as="p" tone="subdued">
            {t(member.override.until ? "member.tier.overrideUntil" : "member.tier.overrideOpen", {
              reason: member.override.reason ?? "",
              by: member.override.by ? causedByText(member.override.by, t) : "—",
              date: member.override.until ? date(member.override.until, timezone) : "",
            })}
          </Text>
        ) : null}
        {active ? (
          <fetcher.Form method="post">
            <input type="hidden" name="intent" value="override" />
            <FormLayout>
              <Select
                label={t("member.override.tier")}
                name="tierId"
                options={[{ label: t("member.override.computed"), value: "" }, ...tiers.map((tier) => ({ label: tier.name, value: String(tier.id) }))]}
                value={tierId}
                onChange={setTierId}
                error={errors.tierId}
              />
              {tierId !== "" ? (
                <>
                  <TextField label={t("member.override.reason")} name="reason" value={reason} onChange={setReason} error={errors.reason} autoComplete="off" />
                  <TextField
                    label={t("member.override.until")}
                    name="until"
                    type="date"
                    value={until}
                    onChange={setUntil}
                    error={errors.until}
                    helpText={t("member.override.untilHelp")}
                    autoComplete="off"
                  />
                </>
              ) : null}
              {errors.customerGid || errors.by ? (
                <Banner tone="critical">
                  <p>{errors.customerGid ?? errors.by}</p>
                </Banner>
              ) : null}
              <Button submit loading={fetcher.state !== "idle"} disabled={tierId === "" && !overrideActive}>
                {tierId === "" ? t("member.override.end") : t("member.override.submit")}
              </Button>
            </FormLayout>
          </fetcher.Form>
        ) : null}
      </BlockStack>
    </Card>
  );
}

function ProfileCard({ data }: { data: LoaderData }) {
  const { t, date } = useI18n();
  const { member, timezone } = data;
  const rows: [string, string][] = [
    [t("member.profile.email"), member.email ?? "—"],
    [t("member.profile.joined"), date(member.joinedAt, timezone)],
    [t("member.profile.marketing"), marketingText(member.marketingConsent, t)],
    [t("member.profile.locale"), member.locale ?? "—"],
    [t("member.profile.tags"), member.tags || "—"],
    [t("member.profile.birthday"), member.birthday ?? "—"],
    [t("member.profile.referralCode"), member.referralCode ?? "—"],
    [t("member.profile.referredBy"), member.referredBy ? gidTail(member.referredBy) : "—"],
  ];
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          {t("member.profile.title")}
        </Text>
        {rows.map(([label, value]) => (
          <InlineGrid columns={2} gap="200" key={label}>
            <Text as="span" tone="subdued">
              {label}
            </Text>
            <Text as="span" breakWord>
              {value}
            </Text>
          </InlineGrid>
        ))}
      </BlockStack>
    </Card>
  );
}

export default function MemberDetail() {
  const data = useLoaderData<typeof loader>();
  const { t, number, money, dateTime } = useI18n();
  const { member, customerId, currency, timezone } = data;
  const status = statusBadge(member, t);
  const name = memberName(member, t("member.fallbackName", { id: customerId }));
  return (
    <Page
      title={name}
      titleMetadata={<Badge tone={status.tone}>{status.text}</Badge>}
      subtitle={member.email && name !== member.email ? member.email : undefined}
      backAction={{ content: t("members.title"), url: "/app/members" }}
      secondaryActions={[{ content: t("member.openInShopify"), url: `shopify://admin/customers/${customerId}`, target: "_top" }]}
    >
      <Layout>
        {member.status === "merged" && member.mergedIntoGid ? (
          <Layout.Section>
            <Banner tone="info" title={t("member.merged.title")}>
              <p>
                {t("member.merged.body")}{" "}
                <RemixLink to={`/app/members/${gidTail(member.mergedIntoGid)}`}>{t("member.merged.link", { id: gidTail(member.mergedIntoGid) })}</RemixLink>
              </p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <BlockStack gap="400">
            <InlineGrid columns={{ xs: 1, sm: 2 }} gap="400">
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingSm" tone="subdued">
                    {t("member.balance")}
                  </Text>
                  <Text as="p" variant="heading2xl">
                    {number(member.balance)}
                  </Text>
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingSm" tone="subdued">
                    {t("member.spent")}
                  </Text>
                  <Text as="p" variant="heading2xl">
                    {currency ? money(member.spentMinor, currency) : number(member.spentMinor)}
                  </Text>
                </BlockStack>
              </Card>
            </InlineGrid>
            <LedgerCard data={data} />
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("member.redemptions.title")}
                </Text>
                {data.redemptions.length === 0 ? (
                  <Text as="p" tone="subdued">
                    {t("member.redemptions.empty")}
                  </Text>
                ) : (
                  <DataTable
                    columnContentTypes={["text", "text", "numeric", "text", "text"]}
                    headings={[
                      t("redemptions.columns.date"), t("redemptions.columns.reward"), t("redemptions.columns.points"), t("redemptions.columns.code"),
                      t("redemptions.columns.state"),
                    ]}
                    rows={data.redemptions.map((r) => [
                      dateTime(r.createdAt, timezone),
                      r.valueMinor !== null ? `${r.rewardName} (${money(r.valueMinor, r.currency)})` : r.rewardName,
                      number(r.points),
                      r.code,
                      <Badge key={r.id} tone={STATE_TONES[r.state]}>
                        {t(STATE_LABELS[r.state])}
                      </Badge>,
                    ])}
                  />
                )}
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("member.tierHistory.title")}
                </Text>
                {data.tierHistory.length === 0 ? (
                  <Text as="p" tone="subdued">
                    {t("member.tierHistory.empty")}
                  </Text>
                ) : (
                  <DataTable
                    columnContentTypes={["text", "text", "text", "text"]}
                    headings={[t("member.tierHistory.date"), t("member.tierHistory.change"), t("member.tierHistory.reason"), t("member.tierHistory.by")]}
                    rows={data.tierHistory.map((c) => [
                      dateTime(c.createdAt, timezone),
                      `${c.from?.name ?? t("member.tier.none")} → ${c.to?.name ?? t("member.tier.none")}`,
                      TIER_CHANGE_REASONS[c.reason] ? t(TIER_CHANGE_REASONS[c.reason]!) : c.reason,
                      causedByText(c.causedBy, t),
                    ])}
                  />
                )}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <AdjustCard data={data} />
            <TierCard data={data} />
            <ProfileCard data={data} />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage title="member.title" back={{ content: "members.title", url: "/app/members" }} />;
}
