// Webhook intake at the HTTP layer: verify, store durably, acknowledge. Nothing is processed here.
// It runs before Remix so the raw bytes are HMAC-checked as received, oversized bodies are refused
// without buffering, and concurrent deliveries share one commit (see docs/decisions).
import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { log } from "../lib/log.server";
import type { WebhookInbox } from "./inbox.server";

export const MAX_WEBHOOK_BYTES = 10 * 1024 * 1024;
const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;
const TOPIC = /^[a-z_]+\/[a-z_]+$/;

function reply(res: ServerResponse, status: number, message: string, extraHeaders: Record<string, string> = {}) {
  const body = JSON.stringify(status < 300 ? { ok: true, ...(message ? { result: message } : {}) } : { error: message });
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body), ...extraHeaders });
  res.end(body);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export function verifyWebhookHmac(body: Buffer, hmacHeader: string, secret: string): boolean {
  const expected = createHmac("sha256", secret).update(body).digest();
  const given = Buffer.from(hmacHeader, "base64");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Reads the body up to `limit` bytes; resolves null (and stops reading) when it is larger. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on("data", (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        chunks.length = 0;
        req.pause();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (!done) {
        done = true;
        resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
      }
    });
    req.on("error", (e) => {
      if (!done) {
        done = true;
        reject(e);
      }
    });
  });
}

export function isWebhookPath(url: string | undefined): boolean {
  return url === "/webhooks" || (url?.startsWith("/webhooks/") ?? false) || (url?.startsWith("/webhooks?") ?? false);
}

export function createWebhookIntake(opts: { secret: string; inbox: WebhookInbox }) {
  return async function handleWebhook(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== "POST") {
      reply(res, 405, "webhooks are delivered with POST", { Allow: "POST" });
      return;
    }
    const declared = Number(header(req, "content-length") ?? "NaN");
    if (Number.isFinite(declared) && declared > MAX_WEBHOOK_BYTES) {
      reply(res, 413, `body larger than ${MAX_WEBHOOK_BYTES} bytes`, { Connection: "close" });
      req.destroy();
      return;
    }
    let body: Buffer | null;
    try {
      body = await readBody(req, MAX_WEBHOOK_BYTES);
    } catch {
      return; // the client went away; nothing was acknowledged
    }
    if (body === null) {
      reply(res, 413, `body larger than ${MAX_WEBHOOK_BYTES} bytes`, { Connection: "close" });
      req.destroy();
      return;
    }
    const hmac = header(req, "x-shopify-hmac-sha256");
    if (!hmac || !verifyWebhookHmac(body, hmac, opts.secret)) {
      log.warn("webhook rejected: bad HMAC", { shop: header(req, "x-shopify-shop-domain"), topic: header(req, "x-shopify-topic") });
      reply(res, 401, "invalid HMAC signature");
      return;
    }
    const shop = header(req, "x-shopify-shop-domain")?.toLowerCase();
    const topic = header(req, "x-shopify-topic")?.toLowerCase();
    const webhookId = header(req, "x-shopify-webhook-id") ?? null;
    const eventId = header(req, "x-shopify-event-id") ?? null;
    if (!shop || !SHOP_DOMAIN.test(shop)) {
      reply(res, 400, "X-Shopify-Shop-Domain must be a *.myshopify.com domain");
      return;
    }
    if (!topic || !TOPIC.test(topic)) {
      reply(res, 400, "X-Shopify-Topic is missing or malformed");
      return;
    }
    if (!webhookId && !eventId) {
      reply(res, 400, "X-Shopify-Webhook-Id or X-Shopify-Event-Id is required");
      return;
    }
    const text = body.toString("utf8");
    const first = text.trimStart()[0];
    if (first !== "{") {
      reply(res, 400, "body must be a JSON object");
      return;
    }
    try {
      JSON.parse(text); // structure check only; the worker parses losslessly
    } catch {
      reply(res, 400, "body is not valid JSON");
      return;
    }
    try {
      const result = await opts.inbox.store({
        shop,
        topic,
        dedupeKey: eventId ? `event:${eventId}` : `webhook:${webhookId}`,
        webhookId,
        eventId,
        apiVersion: header(req, "x-shopify-api-version") ?? null,
        triggeredAt: header(req, "x-shopify-triggered-at") ?? null,
        body: text,
      });
      reply(res, 200, result);
    } catch (error) {
      log.error("webhook could not be stored", { shop, topic, error });
      reply(res, 503, "temporarily unable to store the webhook; Shopify will retry");
    }
  };
}
