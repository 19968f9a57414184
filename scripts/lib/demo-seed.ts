// Seeds the demo store: replays simulated deliveries as signed webhooks over HTTP (bounded
// concurrency, started in the generator's order), then waits for the worker to drain the inbox.
import type { SimulatedDelivery } from "../../test/support/shopify-payloads";
import { webhookHeaders } from "../../test/support/webhook-signing";
import { fmt, progressReporter, sleep, type Ui } from "./demo-console";
import type { DemoDb } from "./demo-db";

export type ReplayResult = {
  stored: number;
  duplicates: number;
  rejected: { topic: string; status: number; body: string }[];
  seconds: number;
};

async function post(baseUrl: string, d: SimulatedDelivery, secret: string, signal: AbortSignal) {
  const headers = webhookHeaders({
    topic: d.topic,
    shopDomain: d.shopDomain,
    body: d.body,
    secret,
    webhookId: d.webhookId,
    eventId: d.eventId,
    apiVersion: d.apiVersion,
    triggeredAt: d.triggeredAt,
  });
  // Like Shopify, retry when the app could not take the delivery (5xx or connection error).
  // (No signal passed to fetch: Node 20's fetch keeps an abort listener per request until GC.)
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(`${baseUrl}/webhooks`, { method: "POST", headers, body: d.body });
      const body = await res.text();
      if (res.status < 500 || attempt === 5) return { status: res.status, body };
    } catch (error) {
      if (signal.aborted || attempt === 5) throw error;
    }
    await sleep(250 * attempt);
  }
}

export async function replayWebhooks(
  ui: Ui,
  opts: { baseUrl: string; secret: string; deliveries: SimulatedDelivery[]; concurrency: number; signal: AbortSignal },
): Promise<ReplayResult> {
  const { deliveries, signal } = opts;
  const started = performance.now();
  const result: ReplayResult = { stored: 0, duplicates: 0, rejected: [], seconds: 0 };
  const report = progressReporter(ui, deliveries.length, (done, rate) => `seeding ${fmt(done)}/${fmt(deliveries.length)} webhooks (${fmt(rate)}/s)`);
  let next = 0;
  let finished = 0;
  report(0);
  const sender = async () => {
    while (!signal.aborted && next < deliveries.length) {
      const d = deliveries[next++]!;
      const { status, body } = await post(opts.baseUrl, d, opts.secret, signal);
      if (status === 200 && body.includes('"duplicate"')) result.duplicates++;
      else if (status === 200) result.stored++;
      else result.rejected.push({ topic: d.topic, status, body: body.slice(0, 200) });
      report(++finished);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, sender));
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

/**
 * Waits until no inbox event is pending or processing. Gives up (returning what is left) when
 * nothing moved for `stallMs`, e.g. events waiting out a retry backoff.
 */
export async function waitForDrain(ui: Ui, db: DemoDb, signal: AbortSignal, stallMs = 60_000): Promise<number> {
  const total = db.inboxEvents();
  const report = progressReporter(ui, total, (done, rate) => `processing ${fmt(done)}/${fmt(total)} webhook events (${fmt(rate)}/s)`);
  let left = db.unfinished();
  if (left === 0) return 0;
  let lastChange = Date.now();
  while (left > 0 && !signal.aborted) {
    report(total - left);
    await sleep(200);
    const now = db.unfinished();
    if (now !== left) lastChange = Date.now();
    else if (Date.now() - lastChange > stallMs) break;
    left = now;
  }
  if (left === 0) report(total);
  return left;
}
