// /mail/unsubscribe?t=…&s=…: the unsubscribe link of a flow mail (List-Unsubscribe too). GET shows
// a confirmation page; POST (its button, or a mail client's one-click POST) unsubscribes at once.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getSql } from "../db.server";
import { env } from "../env.server";
import { unsubscribePage, unsubscribePost } from "../mail/link-routes.server";
import { adminFor } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => unsubscribePage(getSql(), request, { secret: env().SHOPIFY_API_SECRET });

export const action = async ({ request }: ActionFunctionArgs) =>
  unsubscribePost(getSql(), request, new Date(), { secret: env().SHOPIFY_API_SECRET, admin: adminFor });
