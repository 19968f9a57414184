import type { LoaderFunctionArgs } from "@remix-run/node";
import { localBouncePage } from "../local-admin/local-admin.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const bounce = localBouncePage(request);
  if (bounce) return bounce;
  await authenticate.admin(request);
  return null;
};
