// The history import: the last 12 months of orders, and the customers, read page by page from the
// Admin API and put into the webhook inbox as Kanta's own events, so they go through exactly the
// same idempotent pipeline as live webhooks. One page per job step; the cursor is saved after each.
import { recomputeRhythms } from "../flows/win-back.server";
import { KantaCustomersPage } from "../graphql/documents";
import type { KantaCustomersPageQuery, KantaCustomersPageQueryVariables } from "../graphql/types.generated";
import type { JobRow, StepResult } from "../jobs/jobs.server";
import type { SqlDatabase } from "../storage/sql.server";
import { insertInboxEvents, type InboxDelivery } from "../webhooks/inbox.server";
import { adminRequest, type AdminGraphql } from "./admin-client.server";
import { legacyId, restOrderPayload } from "./admin-order-payload";
import { fetchOrdersPage } from "./admin-orders.server";

/** Customers are cheap (about 2 points each): the API's maximum page. */
export const PAGE_SIZE = 250;
export const HISTORY_DAYS = 365;

type Cursor = { phase?: "customers" | "orders" | "rhythms"; after?: string | null; since?: string };
type Progress = { customers?: number; orders?: number; since?: string; phase?: string };

function event(shop: string, topic: string, dedupeKey: string, body: unknown): InboxDelivery {
  return { shop, topic, dedupeKey, webhookId: null, eventId: null, apiVersion: null, triggeredAt: null, body: JSON.stringify(body) };
}

export async function historyImportStep(
  db: SqlDatabase,
  job: JobRow,
  graphql: AdminGraphql,
  onStored: () => void = () => {},
): Promise<StepResult> {
  const cursor = job.cursor as Cursor;
  const progress = job.progress as Progress;
  const since = cursor.since ?? new Date(Date.now() - HISTORY_DAYS * 86_400_000).toISOString();
  const phase = cursor.phase ?? "customers";

  if (phase === "customers") {
    const data = await adminRequest<KantaCustomersPageQuery, KantaCustomersPageQueryVariables>(
      graphql, KantaCustomersPage, { first: PAGE_SIZE, after: cursor.after ?? null, query: null }, { shop: job.shop },
    );
    const page = data.customers;
    const events = page.nodes.map((c) =>
      event(job.shop, "kanta/customers_import", `import:${c.id}:${c.updatedAt}`, {
        id: legacyId(c.id), admin_graphql_api_id: c.id, email: c.email ?? null, first_name: c.firstName ?? null,
        last_name: c.lastName ?? null, locale: c.locale ?? null, tags: c.tags.join(", "), updated_at: c.updatedAt,
        email_marketing_consent: c.emailMarketingConsent ? { state: c.emailMarketingConsent.marketingState.toLowerCase() } : null,
      }),
    );
    const stored = events.length ? await db.transaction((tx) => insertInboxEvents(tx, events)) : [];
    onStored();
    // Count what is new: a page fetched again after a crash must not be counted twice.
    const customers = (progress.customers ?? 0) + stored.filter((r) => r === "stored").length;
    return {
      done: false,
      cursor: page.pageInfo.hasNextPage ? { phase, after: page.pageInfo.endCursor, since } : { phase: "orders", after: null, since },
      progress: { ...progress, customers, since, phase },
    };
  }

  if (phase === "rhythms") {
    // Win-back timing counts historic orders: every member's purchase rhythm from the orders applied
    // so far (orders still in the inbox set their member's rhythm as they are applied). A step of its
    // own, so a failure here is retried without fetching (and counting) the last page again.
    await recomputeRhythms(db, job.shop, new Date());
    return { done: true, cursor: { phase, after: null, since }, progress: { ...progress, since, phase: "done" } };
  }

  const page = await fetchOrdersPage(graphql, job.shop, { after: cursor.after ?? null, query: `created_at:>='${since}'` });
  const events = page.orders.map((o) => event(job.shop, "kanta/orders_import", `import:${o.id}:${o.updatedAt}`, restOrderPayload(o)));
  const stored = events.length ? await db.transaction((tx) => insertInboxEvents(tx, events)) : [];
  onStored();
  const orders = (progress.orders ?? 0) + stored.filter((r) => r === "stored").length;
  const last = !page.hasNextPage;
  return {
    done: false,
    cursor: last ? { phase: "rhythms", after: null, since } : { phase, after: page.endCursor ?? cursor.after ?? null, since },
    progress: { ...progress, orders, since, phase: last ? "rhythms" : "orders" },
  };
}
