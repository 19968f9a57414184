// customers/*: keep the member's profile, merge members, retire deleted customers.
// Personal fields may arrive null (protected customer data not granted): points never depend on them.
import { z } from "zod";
import { welcomeIfJoined } from "../../storage/actions.server";
import { appendLedgerEntry, ensureMember, updateMemberProfile } from "../../storage/ledger.server";
import { evaluateMemberTier } from "../../storage/tiers.server";
import { pseudonym } from "./privacy.server";
import { PermanentEventError, gidFrom, isoOrNull, type TopicHandler } from "./types";

const idLike = z.union([z.string(), z.number()]);
const CustomerPayload = z
  .object({
    id: idLike.optional(),
    admin_graphql_api_id: z.string().nullish(),
    email: z.string().nullish(),
    first_name: z.string().nullish(),
    last_name: z.string().nullish(),
    locale: z.string().nullish(),
    tags: z.string().nullish(),
    updated_at: z.string().nullish(),
    email_marketing_consent: z.object({ state: z.string().nullish() }).passthrough().nullish(),
  })
  .passthrough();

type CustomerFacts = {
  customerGid: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  locale: string | null;
  tags: string | null;
  marketingConsent: string | null;
  updatedAt: string | null;
};

function customerFacts(payload: unknown): CustomerFacts {
  const parsed = CustomerPayload.safeParse(payload);
  if (!parsed.success) throw new PermanentEventError(`customer payload: ${parsed.error.issues[0]?.message}`);
  const p = parsed.data;
  const customerGid = gidFrom("Customer", p.admin_graphql_api_id) ?? gidFrom("Customer", p.id);
  if (!customerGid) throw new PermanentEventError("customer payload has no id");
  return {
    customerGid,
    email: p.email?.trim().toLowerCase() || null,
    firstName: p.first_name ?? null,
    lastName: p.last_name ?? null,
    locale: p.locale ?? null,
    tags: p.tags ?? null,
    marketingConsent: p.email_marketing_consent?.state ?? null,
    updatedAt: isoOrNull(p.updated_at),
  };
}

export const customerUpsertHandler: TopicHandler<CustomerFacts> = {
  parse: customerFacts,
  async apply(tx, c, ctx) {
    // An erased customer stays erased: a late or replayed customer event must not bring them back.
    const erased = await tx.get(`SELECT 1 AS r FROM member WHERE shop = ? AND customer_gid = ?`, [ctx.shop, pseudonym(ctx.shop, c.customerGid)]);
    if (erased) return { dropBody: true };
    const joined = await ensureMember(tx, ctx.shop, c.customerGid, ctx.now, c.email);
    await updateMemberProfile(tx, ctx.shop, c.customerGid, c, c.updatedAt);
    await welcomeIfJoined(tx, ctx, c.customerGid, joined || ctx.joinedMembers?.has(c.customerGid) === true);
    return { customerGid: c.customerGid, customerEmail: c.email };
  },
};

export const customerDeleteHandler: TopicHandler<{ customerGid: string }> = {
  parse(payload) {
    const p = payload as { id?: unknown; admin_graphql_api_id?: unknown };
    const customerGid = gidFrom("Customer", p?.admin_graphql_api_id) ?? gidFrom("Customer", p?.id);
    if (!customerGid) throw new PermanentEventError("customers/delete payload has no id");
    return { customerGid };
  },
  async apply(tx, { customerGid }, ctx) {
    await tx.run(
      `UPDATE member SET status = 'retired', retired_at = ? WHERE shop = ? AND customer_gid = ? AND status = 'active'`,
      [ctx.now, ctx.shop, customerGid],
    );
    return { customerGid };
  },
};

type MergeFacts = { keptGid: string; removedGid: string };

export const customerMergeHandler: TopicHandler<MergeFacts | null> = {
  parse(payload) {
    const p = payload as Record<string, unknown>;
    const status = typeof p?.status === "string" ? p.status.toLowerCase() : "completed";
    const keptGid = gidFrom("Customer", p?.admin_graphql_api_customer_kept_id) ?? gidFrom("Customer", p?.customer_kept_id);
    const removedGid = gidFrom("Customer", p?.admin_graphql_api_customer_deleted_id) ?? gidFrom("Customer", p?.customer_deleted_id);
    if (!keptGid || !removedGid) throw new PermanentEventError("customers/merge payload must name the kept and the deleted customer");
    if (status !== "completed") return null; // a failed or pending merge changes nothing
    return { keptGid, removedGid };
  },
  async apply(tx, facts, ctx) {
    if (!facts || facts.keptGid === facts.removedGid) return {};
    const { keptGid, removedGid } = facts;
    await ensureMember(tx, ctx.shop, keptGid, ctx.now);
    await ensureMember(tx, ctx.shop, removedGid, ctx.now);
    const row = await tx.get<{ balance: number }>(`SELECT balance FROM member WHERE shop = ? AND customer_gid = ?`, [ctx.shop, removedGid]);
    const balance = Number(row?.balance ?? 0);
    if (balance !== 0) {
      const key = `merge:${removedGid}:${keptGid}`;
      await appendLedgerEntry(tx, ctx.shop, { customerGid: removedGid, points: -balance, source: "merge", idempotencyKey: `${key}:out`, causedBy: ctx.causedBy, reason: `merged into ${keptGid}` }, ctx.now);
      await appendLedgerEntry(tx, ctx.shop, { customerGid: keptGid, points: balance, source: "merge", idempotencyKey: `${key}:in`, causedBy: ctx.causedBy, reason: `merged from ${removedGid}` }, ctx.now);
    }
    await tx.run(
      `UPDATE member SET status = 'merged', merged_into_gid = ?, retired_at = ? WHERE shop = ? AND customer_gid = ?`,
      [keptGid, ctx.now, ctx.shop, removedGid],
    );
    // Orders of the removed customer now belong to the kept one (later refunds reverse there).
    await tx.run(`UPDATE order_record SET customer_gid = ? WHERE shop = ? AND customer_gid = ?`, [keptGid, ctx.shop, removedGid]);
    // Those orders now count for the kept member's tier.
    await evaluateMemberTier(tx, ctx.shop, keptGid, ctx.now, { reason: "recalculation", causedBy: ctx.causedBy, alsoCount: [removedGid] });
    return { customerGid: keptGid };
  },
};
