// Reads complete orders from the Admin API within Shopify's 1,000-point query cost limit: a page
// of orders (first lines, refund ids), then KantaOrderDetail for any order with more lines or
// with refunds.
import { KantaOrderDetail, KantaOrdersPage } from "../graphql/documents";
import type {
  KantaOrderDetailQuery, KantaOrderDetailQueryVariables, KantaOrdersPageQuery, KantaOrdersPageQueryVariables,
} from "../graphql/types.generated";
import { AdminApiError, adminRequest, type AdminGraphql } from "./admin-client.server";
import type { AdminOrderNode } from "./admin-order-payload";

/** 8 orders of 10 lines cost 898 points: the most that fits Shopify's 1,000-point limit. */
export const ORDERS_PER_PAGE = 8;

type PageNode = KantaOrdersPageQuery["orders"]["nodes"][number];

async function completeOrder(graphql: AdminGraphql, shop: string, node: PageNode): Promise<AdminOrderNode> {
  const lines = [...node.lineItems.nodes];
  const needsLines = node.lineItems.pageInfo.hasNextPage;
  if (!needsLines && node.refunds.length === 0) {
    return { ...node, lineItems: { nodes: lines }, refunds: [] } as AdminOrderNode;
  }
  let after = node.lineItems.pageInfo.endCursor ?? null;
  let refunds: AdminOrderNode["refunds"] | null = null;
  let more = needsLines;
  do {
    const data = await adminRequest<KantaOrderDetailQuery, KantaOrderDetailQueryVariables>(
      graphql, KantaOrderDetail, { id: node.id, linesAfter: after }, { shop },
    );
    if (!data.order) throw new AdminApiError("null_data", `order ${node.id} vanished while it was being read`);
    if (more) lines.push(...data.order.lineItems.nodes);
    refunds ??= data.order.refunds as AdminOrderNode["refunds"];
    more = more && data.order.lineItems.pageInfo.hasNextPage;
    after = data.order.lineItems.pageInfo.endCursor ?? after;
  } while (more);
  return { ...node, lineItems: { nodes: lines }, refunds: refunds ?? [] } as AdminOrderNode;
}

export async function fetchOrdersPage(
  graphql: AdminGraphql,
  shop: string,
  page: { after: string | null; query: string },
): Promise<{ orders: AdminOrderNode[]; hasNextPage: boolean; endCursor: string | null }> {
  const data = await adminRequest<KantaOrdersPageQuery, KantaOrdersPageQueryVariables>(
    graphql, KantaOrdersPage, { first: ORDERS_PER_PAGE, after: page.after, query: page.query }, { shop },
  );
  const orders: AdminOrderNode[] = [];
  for (const node of data.orders.nodes) orders.push(await completeOrder(graphql, shop, node));
  return { orders, hasNextPage: data.orders.pageInfo.hasNextPage, endCursor: data.orders.pageInfo.endCursor ?? null };
}
