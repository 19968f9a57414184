// POST /api/actions/review: a review app (or Shopify Flow's "Send HTTP request") reports that a
// customer reviewed a product they bought. Authenticated with the shop's earning-actions token:
//   Authorization: Bearer <token>
//   X-Shopify-Shop-Domain: <shop>.myshopify.com   (or "shop" in the body)
//   {"customerId":"gid://shopify/Customer/…","orderId":"gid://shopify/Order/…","lineItemId":"gid://shopify/LineItem/…"}
// Answers 200 {"awarded":true,"points","balance"} or {"awarded":false,"reason"} (already awarded,
// over the member's limit, or the review action is off), 4xx {"error":{"code","message"}} otherwise.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getSql } from "../db.server";
import { awardReview, verifyActionsApiToken } from "../storage/actions.server";

const NO_STORE = { "Cache-Control": "no-store" };
const MAX_BODY_BYTES = 16 * 1024;
const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

const gid = (type: string) =>
  z.string({ invalid_type_error: `must be a ${type} GID string like gid://shopify/${type}/123` })
    .regex(new RegExp(`^gid://shopify/${type}/\\d{1,20}$`), `must be a ${type} GID like gid://shopify/${type}/123`);

const ReviewRequestSchema = z.object({
  shop: z.string().optional(),
  customerId: gid("Customer"),
  orderId: gid("Order"),
  lineItemId: gid("LineItem"),
});

type ReviewResponse = { awarded: true; points: number; balance: number } | { awarded: false; reason: "already_awarded" | "limit_reached" | "action_off" };

function fail(code: string, status: number, message: string, headers: Record<string, string> = {}) {
  return Response.json({ error: { code, message } }, { status, headers: { ...NO_STORE, ...headers } });
}

export const loader = async (_args: LoaderFunctionArgs) => fail("method_not_allowed", 405, "Use POST.", { Allow: "POST" });

export const action = async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return fail("method_not_allowed", 405, "Use POST.", { Allow: "POST" });
  if (Number(request.headers.get("Content-Length") ?? "0") > MAX_BODY_BYTES) return fail("bad_request", 413, `the body must be at most ${MAX_BODY_BYTES} bytes`);
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) return fail("bad_request", 413, `the body must be at most ${MAX_BODY_BYTES} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail("bad_request", 400, "the body must be JSON");
  }
  const shopField = json && typeof json === "object" && typeof (json as { shop?: unknown }).shop === "string" ? (json as { shop: string }).shop : null;
  const shop = (request.headers.get("X-Shopify-Shop-Domain") ?? shopField ?? "").trim().toLowerCase();
  if (!SHOP_DOMAIN.test(shop)) return fail("bad_request", 400, "name the shop in the X-Shopify-Shop-Domain header or the shop field (<shop>.myshopify.com)");
  const token = /^Bearer\s+(\S+)$/i.exec(request.headers.get("Authorization") ?? "")?.[1] ?? "";
  const sql = getSql();
  if (!token || !(await verifyActionsApiToken(sql, shop, token))) {
    return fail("unauthorized", 401, "a valid earning-actions token is required (Authorization: Bearer <token>)", { "WWW-Authenticate": "Bearer" });
  }
  const parsed = ReviewRequestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return fail("bad_request", 400, `${issue.path.join(".") || "body"}: ${issue.message}`);
  }
  const r = parsed.data;
  const outcome = await awardReview(sql, shop, { customerGid: r.customerId, orderGid: r.orderId, lineItemGid: r.lineItemId }, new Date());
  let answer: ReviewResponse;
  switch (outcome.status) {
    case "awarded":
      answer = { awarded: true, points: outcome.points, balance: outcome.balance };
      break;
    case "already_awarded": case "limit_reached": case "action_off":
      answer = { awarded: false, reason: outcome.status };
      break;
    case "order_not_found":
      return fail("order_not_found", 404, "no order with this id belongs to this customer");
    case "order_cancelled":
      return fail("order_cancelled", 409, "the order was cancelled or deleted");
    case "line_not_found":
      return fail("line_not_found", 404, "the order has no line with this id");
  }
  return Response.json(answer, { headers: NO_STORE });
};
