// POST /apps/kanta/birthday on the storefront (App Proxy → /proxy/birthday): the logged-in shopper
// gives their birthday, once. Body: BirthdayRequestSchema ({"birthday":"MM-DD" | "YYYY-MM-DD"}).
// The birthday bonus itself is given by the daily pass (awardBirthdays) on the day.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getSql } from "../db.server";
import type { BirthdayError } from "../loyalty/actions";
import type { ProxyErrorCode } from "../proxy/messages";
import { NO_STORE, methodNotAllowed, proxyError, proxyRoute, readJsonBody } from "../proxy/respond.server";
import { BirthdayRequestSchema, type BirthdayResponse } from "../proxy/schema";
import { builtInAction, ensureDefaultActions, setBirthday, storefrontMember } from "../storage/actions.server";
import { resolveMemberGid } from "../storage/ledger.server";

export const loader = async ({ request }: LoaderFunctionArgs) => methodNotAllowed("POST", request);

const INVALID: Record<BirthdayError, ProxyErrorCode> = {
  format: "birthday_invalid",
  date: "birthday_not_a_date",
  year: "birthday_year",
  future: "birthday_future",
};

export const action = async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed("POST", request);
  return proxyRoute(request, async ({ proxy, locale }) => {
    if (!proxy.customerGid) return proxyError("sign_in_required", 401, locale);
    const body = await readJsonBody(request, BirthdayRequestSchema, locale);
    if (body instanceof Response) return body;

    const sql = getSql();
    const now = new Date();
    await ensureDefaultActions(sql, proxy.shop);
    const birthday = await builtInAction(sql, proxy.shop, "birthday");
    if (!birthday?.enabled) return proxyError("action_unavailable", 409, locale, "the birthday bonus is switched off");
    let outcome = await setBirthday(sql, proxy.shop, await resolveMemberGid(sql, proxy.shop, proxy.customerGid), body.birthday, now);
    if (!outcome.ok && outcome.error === "not_a_member") {
      // Checked first, so a bad date never makes anyone a member.
      outcome = await setBirthday(sql, proxy.shop, await storefrontMember(sql, proxy.shop, proxy.customerGid, now), body.birthday, now);
    }
    if (!outcome.ok) {
      if (outcome.error === "already_set") return proxyError("birthday_already_set", 409, locale);
      if (outcome.error === "not_a_member") throw new Error("the shopper could not be made a member");
      return proxyError(INVALID[outcome.error], 400, locale, `birthday: ${outcome.error}`);
    }
    const answer: BirthdayResponse = { birthday: { set: true, value: outcome.birthday } };
    return Response.json(answer, { headers: NO_STORE });
  }, { writes: true });
};
