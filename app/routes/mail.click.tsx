// /mail/click?t=…&u=…&s=…: a tracked link of a flow mail; records the click and redirects to the
// signed target (never anywhere else).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getSql } from "../db.server";
import { env } from "../env.server";
import { followClick } from "../mail/link-routes.server";

export const loader = async ({ request }: LoaderFunctionArgs) => followClick(getSql(), request, new Date(), { secret: env().SHOPIFY_API_SECRET });
