// Which handler applies each webhook topic (mirrors the subscriptions in shopify.app.toml).
import { checkoutHandler } from "./checkouts.server";
import { customerDeleteHandler, customerMergeHandler, customerUpsertHandler } from "./customers.server";
import { orderDeleteHandler, orderEditedHandler, orderHandler, orderImportHandler, refundHandler } from "./orders.server";
import { appUninstalledHandler, customerRedactHandler, dataRequestHandler, shopRedactHandler } from "./privacy.server";
import type { TopicHandler } from "./types";

export const topicHandlers: Record<string, TopicHandler<any>> = {
  "orders/create": orderHandler,
  "orders/paid": orderHandler,
  "orders/updated": orderHandler,
  "orders/cancelled": orderHandler,
  "orders/edited": orderEditedHandler,
  "orders/delete": orderDeleteHandler,
  "refunds/create": refundHandler,
  "customers/create": customerUpsertHandler,
  "customers/update": customerUpsertHandler,
  "customers/delete": customerDeleteHandler,
  "customers/merge": customerMergeHandler,
  "checkouts/create": checkoutHandler,
  "checkouts/update": checkoutHandler,
  "customers/data_request": dataRequestHandler,
  "customers/redact": customerRedactHandler,
  "shop/redact": shopRedactHandler,
  "app/uninstalled": appUninstalledHandler,
  // Kanta's own events: orders and customers read from the Admin API go through the same pipeline.
  "kanta/orders_import": orderImportHandler,
  "kanta/orders_reconcile": orderHandler,
  "kanta/customers_import": customerUpsertHandler,
};
