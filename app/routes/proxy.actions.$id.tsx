// POST /apps/kanta/actions/<id> on the storefront (App Proxy → /proxy/actions/<id>): the logged-in
// shopper completes one of the merchant's custom actions (e.g. "Follow us on Instagram") and gets
// its points, once per member. No body.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getSql } from "../db.server";
import { publicAction } from "../proxy/member-summary.server";
import { NO_STORE, methodNotAllowed, proxyError, proxyRoute } from "../proxy/respond.server";
import type { ActionCompleteResponse } from "../proxy/schema";
import { completeCustomAction } from "../storage/actions.server";

export const loader = async ({ request }: LoaderFunctionArgs) => methodNotAllowed("POST", request);

export const action = async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed("POST", request);
  return proxyRoute(request, async ({ proxy, locale }) => {
    if (!proxy.customerGid) return proxyError("sign_in_required", 401, locale);
    const id = params.id ?? "";
    if (!/^\d{1,12}$/.test(id)) return proxyError("action_not_found", 404, locale, "the action id must be a number");

    const outcome = await completeCustomAction(getSql(), proxy.shop, proxy.customerGid, Number(id), new Date());
    if (!outcome.ok) {
      return outcome.error === "already_completed" ? proxyError("action_already_completed", 409, locale) : proxyError("action_not_found", 404, locale);
    }
    const state = { loggedIn: true, welcomed: false, birthdaySet: false, completedCustom: new Set([outcome.action.id]), reviewLimitReached: false };
    const answer: ActionCompleteResponse = {
      action: publicAction(outcome.action, state),
      points: { earned: outcome.points, balance: outcome.balance },
    };
    return Response.json(answer, { headers: NO_STORE });
  }, { writes: true });
};
