// Redemptions: the codes shoppers got for their points, newest first, filtered by state, reward
// and a search (code, email or customer id), 50 a page.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { isRouteErrorResponse, useLoaderData, useNavigation, useRouteError, useSubmit } from "@remix-run/react";
import {
  Badge, Banner, BlockStack, Button, Card, EmptySearchResult, EmptyState, Form, IndexTable, InlineStack, Link, Page, Select, Tabs, Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { REDEMPTION_STATES, STATE_LABELS, STATE_TONES } from "../admin/labels";
import { AdminErrorPage, ListPager } from "../admin/page-states";
import { getSql } from "../db.server";
import type { Translate } from "../i18n/i18n";
import { adminI18n } from "../i18n/i18n.server";
import { useI18n } from "../i18n/react";
import { codeState } from "../loyalty/rewards";
import { authenticate } from "../shopify.server";
import { listRedemptions, type RedemptionListItem } from "../storage/rewards.server";

const PAGE_SIZE = 50;
const STATES = REDEMPTION_STATES;

const blankToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);
const redemptionQuery = (t: Translate) =>
  z.object({
    state: z.preprocess(
      blankToUndefined,
      z.enum(STATES, { errorMap: () => ({ message: t("redemptions.filters.badState", { states: STATES.join(", ") }) }) }).default("all"),
    ),
    reward: z.preprocess(blankToUndefined, z.string().regex(/^\d{1,12}$/, t("redemptions.filters.badReward")).transform(Number).optional()),
    q: z.preprocess(
      (v) => blankToUndefined(typeof v === "string" ? v.trim() : v),
      z.string().max(200, t("redemptions.filters.badSearch", { max: 200 })).optional(),
    ),
    before: z.preprocess(blankToUndefined, z.string().regex(/^\d{1,12}$/, t("redemptions.filters.badBefore")).transform(Number).optional()),
  });

function rewardName(row: RedemptionListItem, t: Translate): string {
  try {
    const snapshot = JSON.parse(row.reward_json) as { name?: unknown };
    if (typeof snapshot.name === "string" && snapshot.name) return snapshot.name;
  } catch {
    // fall through to the id
  }
  return t("redemptions.rewardFallback", { id: String(row.reward_id) });
}

const gidTail = (gid: string) => gid.slice(gid.lastIndexOf("/") + 1);

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const { t, money, dateTime } = adminI18n(request);
  const url = new URL(request.url);
  const parsed = redemptionQuery(t).safeParse({
    state: url.searchParams.get("state"),
    reward: url.searchParams.get("reward"),
    q: url.searchParams.get("q"),
    before: url.searchParams.get("before"),
  });
  if (!parsed.success) {
    throw Response.json({ error: t("redemptions.filters.bad", { issues: parsed.error.issues.map((i) => i.message).join("; ") }) }, { status: 400 });
  }
  const f = parsed.data;
  const db = getSql();
  const now = new Date();
  const [rows, rewards, shop] = await Promise.all([
    listRedemptions(
      db,
      session.shop,
      { state: f.state === "all" ? undefined : f.state, rewardId: f.reward, search: f.q, before: f.before, limit: PAGE_SIZE + 1 },
      now,
    ),
    db.all<{ id: number; name: string; archived_at: string | null }>(
      `SELECT id, name, archived_at FROM reward WHERE shop = ? ORDER BY CASE WHEN archived_at IS NULL THEN 0 ELSE 1 END, position, id`,
      [session.shop],
    ),
    db.get<{ timezone: string }>(`SELECT timezone FROM shop WHERE domain = ?`, [session.shop]),
  ]);
  const page = rows.slice(0, PAGE_SIZE);
  return {
    filters: { state: f.state, reward: f.reward === undefined ? "" : String(f.reward), q: f.q ?? "", before: f.before ?? null },
    rewards: rewards.map((r) => ({ id: Number(r.id), name: r.name, archived: r.archived_at !== null })),
    redemptions: page.map((r) => {
      const name = [r.first_name, r.last_name].filter(Boolean).join(" ");
      return {
        id: Number(r.id),
        createdAt: r.created_at,
        date: dateTime(String(r.created_at), shop?.timezone),
        shopper: { name: name || null, email: r.email, customerGid: r.customer_gid },
        rewardId: Number(r.reward_id),
        rewardName: rewardName(r, t),
        points: Number(r.points),
        value: r.value_minor === null ? null : money(Number(r.value_minor), r.currency),
        code: r.code,
        state: codeState(r.status, r.ends_at, now),
        usedOrderGid: r.used_order_gid,
      };
    }),
    /** `before` for the next (older) page, when there is one. */
    older: rows.length > PAGE_SIZE ? Number(page[page.length - 1]!.id) : null,
  };
};


export default function Redemptions() {
  const { filters, rewards, redemptions, older } = useLoaderData<typeof loader>();
  const submit = useSubmit();
  const navigation = useNavigation();
  const { t, number } = useI18n();
  const [q, setQ] = useState(filters.q);
  const [seenQ, setSeenQ] = useState(filters.q);
  if (seenQ !== filters.q) {
    setSeenQ(filters.q);
    setQ(filters.q);
  }

  /** Applies filters (a new filter starts again from the newest). */
  const go = (change: Partial<{ state: string; reward: string; q: string }>) => {
    const next = { state: filters.state, reward: filters.reward, q, ...change };
    const params: Record<string, string> = {};
    if (next.state !== "all") params.state = next.state;
    if (next.reward) params.reward = next.reward;
    if (next.q.trim()) params.q = next.q.trim();
    submit(params, { method: "get" });
  };

  const search = new URLSearchParams();
  if (filters.state !== "all") search.set("state", filters.state);
  if (filters.reward) search.set("reward", filters.reward);
  if (filters.q) search.set("q", filters.q);
  const newestUrl = `/app/redemptions${search.toString() ? `?${search}` : ""}`;
  if (older !== null) search.set("before", String(older));
  const olderUrl = `/app/redemptions?${search}`;

  const filtered = filters.state !== "all" || filters.reward !== "" || filters.q !== "" || filters.before !== null;
  const rewardOptions = [
    { label: t("redemptions.allRewards"), value: "" },
    ...rewards.map((r) => ({ label: r.archived ? t("redemptions.deletedReward", { name: r.name }) : r.name, value: String(r.id) })),
  ];
  if (filters.reward && !rewards.some((r) => String(r.id) === filters.reward)) {
    rewardOptions.push({ label: t("redemptions.rewardFallback", { id: filters.reward }), value: filters.reward });
  }

  return (
    <Page title={t("redemptions.title")} subtitle={t("redemptions.subtitle")}>
      <Card padding="0">
        <Tabs
          tabs={STATES.map((s) => ({ id: `state-${s}`, content: t(STATE_LABELS[s]) }))}
          selected={STATES.indexOf(filters.state)}
          onSelect={(index) => go({ state: STATES[index] ?? "all" })}
        />
        <div style={{ padding: "var(--p-space-300)" }}>
          <Form onSubmit={() => go({})}>
            <InlineStack gap="300" blockAlign="end" wrap>
              <div style={{ minWidth: 220 }}>
                <Select label={t("redemptions.reward")} options={rewardOptions} value={filters.reward} onChange={(reward) => go({ reward })} />
              </div>
              <div style={{ flexGrow: 1, minWidth: 260 }}>
                <TextField
                  label={t("redemptions.search")}
                  value={q}
                  onChange={setQ}
                  placeholder={t("redemptions.searchPlaceholder")}
                  autoComplete="off"
                  clearButton
                  onClearButtonClick={() => {
                    setQ("");
                    go({ q: "" });
                  }}
                  connectedRight={
                    <Button submit loading={navigation.state === "loading"}>
                      {t("redemptions.search")}
                    </Button>
                  }
                />
              </div>
            </InlineStack>
          </Form>
        </div>
        {redemptions.length === 0 && !filtered ? (
          <EmptyState heading={t("redemptions.empty.heading")} image="https://cdn.shopify.com/s/files/1/0262/4071/2726/files/emptystate-files.png">
            <p>{t("redemptions.empty.body")}</p>
          </EmptyState>
        ) : (
          <IndexTable
            resourceName={{ singular: t("redemptions.resource.singular"), plural: t("redemptions.resource.plural") }}
            itemCount={redemptions.length}
            selectable={false}
            loading={navigation.state === "loading" && navigation.location.pathname === "/app/redemptions"}
            emptyState={<EmptySearchResult title={t("redemptions.noMatch.title")} description={t("redemptions.noMatch.body")} withIllustration />}
            headings={[
              { title: t("redemptions.columns.date") }, { title: t("redemptions.columns.shopper") }, { title: t("redemptions.columns.reward") },
              { title: t("redemptions.columns.points"), alignment: "end" }, { title: t("redemptions.columns.code") },
              { title: t("redemptions.columns.state") }, { title: t("redemptions.columns.usedBy") },
            ]}
          >
            {redemptions.map((r, index) => (
              <IndexTable.Row id={String(r.id)} key={r.id} position={index}>
                <IndexTable.Cell>{r.date}</IndexTable.Cell>
                <IndexTable.Cell>
                  <BlockStack gap="0">
                    <Text as="span">{r.shopper.name ?? r.shopper.email ?? r.shopper.customerGid}</Text>
                    {r.shopper.name && r.shopper.email ? (
                      <Text as="span" variant="bodySm" tone="subdued">
                        {r.shopper.email}
                      </Text>
                    ) : null}
                  </BlockStack>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <BlockStack gap="0">
                    <Text as="span">{r.rewardName}</Text>
                    {r.value ? (
                      <Text as="span" variant="bodySm" tone="subdued">
                        {r.value}
                      </Text>
                    ) : null}
                  </BlockStack>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric>
                    {number(r.points)}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" fontWeight="medium">
                    {r.code}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Badge tone={STATE_TONES[r.state]}>{STATE_LABELS[r.state] ? t(STATE_LABELS[r.state]) : r.state}</Badge>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  {r.usedOrderGid ? (
                    <Link url={`shopify://admin/orders/${gidTail(r.usedOrderGid)}`} target="_top">
                      {gidTail(r.usedOrderGid)}
                    </Link>
                  ) : (
                    "—"
                  )}
                </IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        )}
        <ListPager
          first={{ url: newestUrl, label: t("common.newest"), disabled: filters.before === null }}
          next={{ url: olderUrl, label: t("common.older"), disabled: older === null }}
        />
      </Card>
    </Page>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useI18n();
  if (isRouteErrorResponse(error) && error.status === 400) {
    return (
      <Page title={t("redemptions.title")}>
        <Banner tone="warning" title={t("redemptions.filters.cannotApply")} action={{ content: t("redemptions.filters.showAll"), url: "/app/redemptions" }}>
          <p>{typeof error.data?.error === "string" ? error.data.error : t("redemptions.filters.badShort")}</p>
        </Banner>
      </Page>
    );
  }
  return <AdminErrorPage title="redemptions.title" />;
}
