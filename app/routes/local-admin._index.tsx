// GET /local-admin?shop=…: opens the embedded admin locally (loopback app URL only; 404 otherwise).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { openLocalAdmin } from "../local-admin/local-admin.server";
import { sessionStorage } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) =>
  openLocalAdmin(request, async (shop) => (await sessionStorage.findSessionsByShop(shop)).some((s) => !s.isOnline && Boolean(s.accessToken)));
