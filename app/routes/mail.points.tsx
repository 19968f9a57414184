// GET /mail/points?t=…&e=…&s=…: the one-click "use my points" link of a flow mail. Redeems the
// shopper's points into a code and sends them to their cart with it applied (302), or shows why
// not (expired link, not enough points) with nothing spent.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getSql } from "../db.server";
import { env } from "../env.server";
import { followPointsLink, pointsPageHtml } from "../flows/points-link.server";
import { adminFor } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const answer = await followPointsLink(getSql(), new URL(request.url), new Date(), { secret: env().SHOPIFY_API_SECRET, admin: adminFor });
  if (answer.kind === "redirect") {
    return new Response(null, { status: 302, headers: { Location: answer.location, "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" } });
  }
  return new Response(pointsPageHtml(answer), {
    status: answer.status,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" },
  });
};
