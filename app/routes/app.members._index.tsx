// Members: the shop's active members, searched by email or name (or a customer id), filtered by
// tier, sorted by balance, lifetime spend or join date, 50 a page (keyset pages: fast at any size).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigate, useNavigation, useSubmit } from "@remix-run/react";
import {
  Badge, BlockStack, Button, Card, EmptySearchResult, EmptyState, Form, IndexTable, InlineStack, Link, Page, Select, Text, TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { gidTail, memberName } from "../admin/labels";
import { AdminErrorPage, ListPager } from "../admin/page-states";
import { getSql } from "../db.server";
import type { MessageKey, Translate } from "../i18n/i18n";
import { adminI18n } from "../i18n/i18n.server";
import { useI18n } from "../i18n/react";
import { safeTimeZone } from "../loyalty/tiers";
import { authenticate } from "../shopify.server";
import { activeTiers } from "../storage/member-detail.server";
import { listMembers, MemberQueryError, type MemberSort } from "../storage/members.server";
import { shopCurrency } from "../storage/rewards.server";

const PAGE_SIZE = 50;
const SORTS = ["balance", "spent", "joined"] as const;

const blankToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);

const memberQuery = (t: Translate) =>
  z.object({
    q: z.preprocess(
      (v) => blankToUndefined(typeof v === "string" ? v.trim() : v),
      z.string().max(100, t("members.filters.badSearch", { max: 100 })).optional(),
    ),
    tier: z.preprocess(blankToUndefined, z.string().regex(/^\d{1,12}$/, t("members.filters.badTier")).transform(Number).optional()),
    sort: z.preprocess(blankToUndefined, z.enum(SORTS, { errorMap: () => ({ message: t("members.filters.badSort", { sorts: SORTS.join(", ") }) }) }).default("joined")),
    dir: z.preprocess(blankToUndefined, z.enum(["asc", "desc"], { errorMap: () => ({ message: t("members.filters.badDirection") }) }).default("desc")),
    after: z.preprocess(blankToUndefined, z.string().max(40, t("members.filters.badCursor")).optional()),
  });

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const { t } = adminI18n(request);
  const url = new URL(request.url);
  const parsed = memberQuery(t).safeParse({
    q: url.searchParams.get("q"),
    tier: url.searchParams.get("tier"),
    sort: url.searchParams.get("sort"),
    dir: url.searchParams.get("dir"),
    after: url.searchParams.get("after"),
  });
  const bad = (message: string) => Response.json({ error: t("members.filters.bad", { issues: message }) }, { status: 400 });
  if (!parsed.success) throw bad(parsed.error.issues.map((i) => i.message).join("; "));
  const f = parsed.data;
  const db = getSql();
  let page;
  try {
    page = await listMembers(db, session.shop, { search: f.q, tierId: f.tier, sort: f.sort as MemberSort, direction: f.dir, limit: PAGE_SIZE, after: f.after });
  } catch (error) {
    if (error instanceof Error && error.name === MemberQueryError.name) throw bad(t("members.filters.badCursor"));
    throw error;
  }
  const [tiers, currency, settings, any] = await Promise.all([
    activeTiers(db, session.shop),
    shopCurrency(db, session.shop),
    db.get<{ timezone: string | null }>(`SELECT timezone FROM shop WHERE domain = ?`, [session.shop]),
    f.q || f.tier !== undefined || f.after
      ? db.get<{ one: number }>(`SELECT 1 AS one FROM member WHERE shop = ? AND status = 'active' LIMIT 1`, [session.shop])
      : Promise.resolve(page.members.length > 0 ? { one: 1 } : undefined),
  ]);
  const tierNames = new Map(tiers.map((tier) => [tier.id, tier.name]));
  return {
    filters: { q: f.q ?? "", tier: f.tier === undefined ? "" : String(f.tier), sort: f.sort, dir: f.dir, after: f.after ?? null },
    tiers: tiers.map((tier) => ({ id: tier.id, name: tier.name })),
    currency,
    timezone: safeTimeZone(settings?.timezone),
    /** Whether the shop has any active member at all (for the empty state). */
    hasMembers: Boolean(any),
    members: page.members.map((m) => ({
      customerId: gidTail(m.customerGid),
      customerGid: m.customerGid,
      firstName: m.firstName,
      lastName: m.lastName,
      email: m.email,
      balance: m.balance,
      spentMinor: m.spentMinor,
      tier: m.tierId === null ? null : { id: m.tierId, name: tierNames.get(m.tierId) ?? `#${m.tierId}` },
      joinedAt: m.joinedAt,
    })),
    /** `after` for the next page, when there is one. */
    next: page.next,
  };
};

const SORT_OPTIONS: { value: string; label: MessageKey }[] = [
  { value: "joined:desc", label: "members.sort.joinedDesc" },
  { value: "joined:asc", label: "members.sort.joinedAsc" },
  { value: "balance:desc", label: "members.sort.balanceDesc" },
  { value: "balance:asc", label: "members.sort.balanceAsc" },
  { value: "spent:desc", label: "members.sort.spentDesc" },
  { value: "spent:asc", label: "members.sort.spentAsc" },
];

export default function Members() {
  const { filters, tiers, currency, timezone, hasMembers, members, next } = useLoaderData<typeof loader>();
  const { t, number, money, date } = useI18n();
  const submit = useSubmit();
  const navigate = useNavigate();
  const navigation = useNavigation();
  const [q, setQ] = useState(filters.q);
  const [seenQ, setSeenQ] = useState(filters.q);
  if (seenQ !== filters.q) {
    setSeenQ(filters.q);
    setQ(filters.q);
  }

  /** Applies filters (any change starts again from the first page), on top of a change still loading. */
  const go = (change: Partial<{ q: string; tier: string; sort: string; dir: string }>) => {
    const pending = navigation.state === "loading" && navigation.location.pathname === "/app/members" ? new URLSearchParams(navigation.location.search) : null;
    const base = pending
      ? { tier: pending.get("tier") ?? "", sort: pending.get("sort") ?? "joined", dir: pending.get("dir") ?? "desc" }
      : { tier: filters.tier, sort: filters.sort, dir: filters.dir };
    const nextFilters = { q, ...base, ...change };
    const params: Record<string, string> = {};
    if (nextFilters.q.trim()) params.q = nextFilters.q.trim();
    if (nextFilters.tier) params.tier = nextFilters.tier;
    if (nextFilters.sort !== "joined") params.sort = nextFilters.sort;
    if (nextFilters.dir !== "desc") params.dir = nextFilters.dir;
    submit(params, { method: "get" });
  };

  const search = new URLSearchParams();
  if (filters.q) search.set("q", filters.q);
  if (filters.tier) search.set("tier", filters.tier);
  if (filters.sort !== "joined") search.set("sort", filters.sort);
  if (filters.dir !== "desc") search.set("dir", filters.dir);
  const firstUrl = `/app/members${search.toString() ? `?${search}` : ""}`;
  if (next !== null) search.set("after", next);
  const nextUrl = `/app/members?${search}`;
  const loading = navigation.state === "loading" && navigation.location.pathname === "/app/members";

  if (!hasMembers) {
    return (
      <Page title={t("members.title")}>
        <Card>
          <EmptyState heading={t("members.empty.heading")} image="https://cdn.shopify.com/s/files/1/0262/4071/2726/files/emptystate-files.png">
            <p>{t("members.empty.body")}</p>
          </EmptyState>
        </Card>
      </Page>
    );
  }

  return (
    <Page title={t("members.title")}>
      <Card padding="0">
        <div style={{ padding: "var(--p-space-300)" }}>
          <Form onSubmit={() => go({})}>
            <InlineStack gap="300" blockAlign="end" wrap>
              <div style={{ flexGrow: 1, minWidth: 260 }}>
                <TextField
                  label={t("members.search")}
                  value={q}
                  onChange={setQ}
                  placeholder={t("members.searchPlaceholder")}
                  autoComplete="off"
                  clearButton
                  onClearButtonClick={() => {
                    setQ("");
                    go({ q: "" });
                  }}
                  connectedRight={
                    <Button submit loading={loading}>
                      {t("members.search")}
                    </Button>
                  }
                />
              </div>
              <div style={{ minWidth: 180 }}>
                <Select
                  label={t("members.tier")}
                  options={[{ label: t("members.allTiers"), value: "" }, ...tiers.map((tier) => ({ label: tier.name, value: String(tier.id) }))]}
                  value={filters.tier}
                  onChange={(tier) => go({ tier })}
                />
              </div>
              <div style={{ minWidth: 200 }}>
                <Select
                  label={t("members.sortBy")}
                  options={SORT_OPTIONS.map((o) => ({ label: t(o.label), value: o.value }))}
                  value={`${filters.sort}:${filters.dir}`}
                  onChange={(value) => {
                    const [sort, dir] = value.split(":");
                    go({ sort, dir });
                  }}
                />
              </div>
            </InlineStack>
          </Form>
        </div>
        <IndexTable
          resourceName={{ singular: t("members.resource.singular"), plural: t("members.resource.plural") }}
          itemCount={members.length}
          selectable={false}
          loading={loading}
          emptyState={<EmptySearchResult title={t("members.noMatch.title")} description={t("members.noMatch.body")} withIllustration />}
          headings={[
            { title: t("members.columns.member") }, { title: t("members.columns.tier") }, { title: t("members.columns.balance"), alignment: "end" },
            { title: t("members.columns.spent"), alignment: "end" }, { title: t("members.columns.joined") },
          ]}
        >
          {members.map((m, index) => (
            <IndexTable.Row id={m.customerId} key={m.customerId} position={index} onClick={() => navigate(`/app/members/${m.customerId}`)}>
              <IndexTable.Cell>
                <BlockStack gap="0">
                  <Link url={`/app/members/${m.customerId}`} removeUnderline dataPrimaryLink>
                    <Text as="span" fontWeight="semibold">
                      {memberName(m, t("member.fallbackName", { id: m.customerId }))}
                    </Text>
                  </Link>
                  {m.email && (m.firstName || m.lastName) ? (
                    <Text as="span" variant="bodySm" tone="subdued">
                      {m.email}
                    </Text>
                  ) : null}
                </BlockStack>
              </IndexTable.Cell>
              <IndexTable.Cell>{m.tier ? <Badge>{m.tier.name}</Badge> : <Text as="span" tone="subdued">—</Text>}</IndexTable.Cell>
              <IndexTable.Cell>
                <Text as="span" alignment="end" numeric>
                  {number(m.balance)}
                </Text>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <Text as="span" alignment="end" numeric>
                  {currency ? money(m.spentMinor, currency) : number(m.spentMinor)}
                </Text>
              </IndexTable.Cell>
              <IndexTable.Cell>{date(m.joinedAt, timezone)}</IndexTable.Cell>
            </IndexTable.Row>
          ))}
        </IndexTable>
        <ListPager
          first={{ url: firstUrl, label: t("members.firstPage"), disabled: filters.after === null }}
          next={{ url: nextUrl, label: t("members.nextPage"), disabled: next === null }}
        />
      </Card>
    </Page>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage title="members.title" back={{ content: "members.showAll", url: "/app/members" }} />;
}
