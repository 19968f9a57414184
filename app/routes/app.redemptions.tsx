// Redemptions: the codes shoppers got for their points, newest first, filtered by state, reward
// and a search (code, email or customer id), 50 a page.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { isRouteErrorResponse, useLoaderData, useNavigation, useRouteError, useSubmit } from "@remix-run/react";
import {
  Badge, Banner, BlockStack, Button, Card, EmptySearchResult, EmptyState, Form, IndexTable, InlineStack, Link, Page, Select, Tabs, Text,
  TextField, type BadgeProps,
} from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { useState } from "react";
import { z } from "zod";
import { getSql } from "../db.server";
import { formatMinorUnits } from "../loyalty/money";
import { codeState, type CodeState } from "../loyalty/rewards";
import { authenticate } from "../shopify.server";
import { listRedemptions, type RedemptionListItem } from "../storage/rewards.server";

const PAGE_SIZE = 50;
const STATES = ["all", "pending", "active", "used", "expired", "returned", "failed"] as const;
type StateFilter = (typeof STATES)[number];

const blankToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);
const RedemptionQuery = z.object({
  state: z.preprocess(
    blankToUndefined,
    z.enum(STATES, { errorMap: () => ({ message: `state must be one of ${STATES.join(", ")}` }) }).default("all"),
  ),
  reward: z.preprocess(blankToUndefined, z.string().regex(/^\d{1,12}$/, "reward must be the id of a reward").transform(Number).optional()),
  q: z.preprocess(
    (v) => blankToUndefined(typeof v === "string" ? v.trim() : v),
    z.string().max(200, "the search must be at most 200 characters").optional(),
  ),
  before: z.preprocess(blankToUndefined, z.string().regex(/^\d{1,12}$/, "before must be the id of a redemption").transform(Number).optional()),
});

function dateFormat(timezone: string | undefined): Intl.DateTimeFormat {
  const options: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" };
  try {
    return new Intl.DateTimeFormat("en-US", { ...options, timeZone: timezone ?? "UTC" });
  } catch {
    return new Intl.DateTimeFormat("en-US", { ...options, timeZone: "UTC" });
  }
}

function rewardName(row: RedemptionListItem): string {
  try {
    const snapshot = JSON.parse(row.reward_json) as { name?: unknown };
    if (typeof snapshot.name === "string" && snapshot.name) return snapshot.name;
  } catch {
    // fall through to the id
  }
  return `Reward ${row.reward_id}`;
}

const gidTail = (gid: string) => gid.slice(gid.lastIndexOf("/") + 1);

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const url = new URL(request.url);
  const parsed = RedemptionQuery.safeParse({
    state: url.searchParams.get("state"),
    reward: url.searchParams.get("reward"),
    q: url.searchParams.get("q"),
    before: url.searchParams.get("before"),
  });
  if (!parsed.success) {
    throw Response.json({ error: `Bad filter: ${parsed.error.issues.map((i) => i.message).join("; ")}` }, { status: 400 });
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
  const dates = dateFormat(shop?.timezone);
  return {
    filters: { state: f.state, reward: f.reward === undefined ? "" : String(f.reward), q: f.q ?? "", before: f.before ?? null },
    rewards: rewards.map((r) => ({ id: Number(r.id), name: r.name, archived: r.archived_at !== null })),
    redemptions: page.map((r) => {
      const name = [r.first_name, r.last_name].filter(Boolean).join(" ");
      return {
        id: Number(r.id),
        createdAt: r.created_at,
        date: dates.format(new Date(r.created_at)),
        shopper: { name: name || null, email: r.email, customerGid: r.customer_gid },
        rewardId: Number(r.reward_id),
        rewardName: rewardName(r),
        points: Number(r.points),
        value: r.value_minor === null ? null : `${formatMinorUnits(Number(r.value_minor), r.currency)} ${r.currency}`,
        code: r.code,
        state: codeState(r.status, r.ends_at, now),
        usedOrderGid: r.used_order_gid,
      };
    }),
    /** `before` for the next (older) page, when there is one. */
    older: rows.length > PAGE_SIZE ? Number(page[page.length - 1]!.id) : null,
  };
};

const STATE_LABELS: Record<StateFilter, string> = {
  all: "All", pending: "Pending", active: "Active", used: "Used", expired: "Expired", returned: "Returned", failed: "Failed",
};

const STATE_TONES: Record<CodeState, BadgeProps["tone"]> = {
  pending: "attention", active: "success", used: "info", expired: undefined, returned: undefined, failed: "critical",
};

export default function Redemptions() {
  const { filters, rewards, redemptions, older } = useLoaderData<typeof loader>();
  const submit = useSubmit();
  const navigation = useNavigation();
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
    { label: "All rewards", value: "" },
    ...rewards.map((r) => ({ label: r.archived ? `${r.name} (deleted)` : r.name, value: String(r.id) })),
  ];
  if (filters.reward && !rewards.some((r) => String(r.id) === filters.reward)) {
    rewardOptions.push({ label: `Reward ${filters.reward}`, value: filters.reward });
  }

  return (
    <Page title="Redemptions" subtitle="Discount codes shoppers got for their points, newest first">
      <Card padding="0">
        <Tabs
          tabs={STATES.map((s) => ({ id: `state-${s}`, content: STATE_LABELS[s] }))}
          selected={STATES.indexOf(filters.state)}
          onSelect={(index) => go({ state: STATES[index] ?? "all" })}
        />
        <div style={{ padding: "var(--p-space-300)" }}>
          <Form onSubmit={() => go({})}>
            <InlineStack gap="300" blockAlign="end" wrap>
              <div style={{ minWidth: 220 }}>
                <Select label="Reward" options={rewardOptions} value={filters.reward} onChange={(reward) => go({ reward })} />
              </div>
              <div style={{ flexGrow: 1, minWidth: 260 }}>
                <TextField
                  label="Search"
                  value={q}
                  onChange={setQ}
                  placeholder="Code, email or customer id"
                  autoComplete="off"
                  clearButton
                  onClearButtonClick={() => {
                    setQ("");
                    go({ q: "" });
                  }}
                  connectedRight={
                    <Button submit loading={navigation.state === "loading"}>
                      Search
                    </Button>
                  }
                />
              </div>
            </InlineStack>
          </Form>
        </div>
        {redemptions.length === 0 && !filtered ? (
          <EmptyState heading="No redemptions yet" image="https://cdn.shopify.com/s/files/1/0262/4071/2726/files/emptystate-files.png">
            <p>When shoppers spend points on a reward, their codes are listed here.</p>
          </EmptyState>
        ) : (
          <IndexTable
            resourceName={{ singular: "redemption", plural: "redemptions" }}
            itemCount={redemptions.length}
            selectable={false}
            emptyState={<EmptySearchResult title="No redemptions match" description="Try another state, reward or search." withIllustration />}
            headings={[
              { title: "Date" }, { title: "Shopper" }, { title: "Reward" }, { title: "Points", alignment: "end" }, { title: "Code" },
              { title: "State" }, { title: "Used by order" },
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
                    {r.points.toLocaleString("en-US")}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" fontWeight="medium">
                    {r.code}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Badge tone={STATE_TONES[r.state]}>{STATE_LABELS[r.state] ?? r.state}</Badge>
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
        {filters.before !== null || older !== null ? (
          <div style={{ padding: "var(--p-space-300)" }}>
            <InlineStack gap="200" align="center">
              <Button url={newestUrl} disabled={filters.before === null}>
                Newest
              </Button>
              <Button url={olderUrl} disabled={older === null}>
                Older
              </Button>
            </InlineStack>
          </div>
        ) : null}
      </Card>
    </Page>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 400) {
    return (
      <Page title="Redemptions">
        <Banner tone="warning" title="These filters cannot be applied" action={{ content: "Show all redemptions", url: "/app/redemptions" }}>
          <p>{typeof error.data?.error === "string" ? error.data.error : "Bad filter"}</p>
        </Banner>
      </Page>
    );
  }
  return boundary.error(error);
}
