// GET /local-admin/session-token?shop=…: a fresh session token for the local App Bridge stand-in.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { localSessionToken } from "../local-admin/local-admin.server";

export const loader = async ({ request }: LoaderFunctionArgs) => localSessionToken(request);
