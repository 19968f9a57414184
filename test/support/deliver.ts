// Delivers signed webhooks over real HTTP, the way Shopify does.
import { randomUUID } from "node:crypto";
import { TEST_SECRET } from "./app-server";
import { webhookHeaders } from "./webhook-signing";

export type Delivery = { topic: string; body: string; eventId?: string; webhookId?: string };

export async function deliver(
  baseUrl: string,
  shop: string,
  d: Delivery,
  opts: { secret?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: string }> {
  const headers = webhookHeaders({
    topic: d.topic,
    shopDomain: shop,
    body: d.body,
    secret: opts.secret ?? TEST_SECRET,
    webhookId: d.webhookId ?? randomUUID(),
    eventId: d.eventId ?? randomUUID(),
  }) as Record<string, string>;
  const res = await fetch(`${baseUrl}/webhooks`, { method: "POST", headers: { ...headers, ...opts.headers }, body: d.body });
  return { status: res.status, body: await res.text() };
}
