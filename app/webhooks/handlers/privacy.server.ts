// Compliance topics and uninstall. customers/data_request assembles what Kanta holds about a
// shopper; customers/redact erases their personal data (ledger totals stay, under a pseudonym);
// shop/redact deletes everything of the shop; app/uninstalled drops sessions, marks the shop and
// stops every flow.
import { createHash } from "node:crypto";
import { stopAllRuns } from "../../storage/flow-runs.server";
import type { SqlExecutor } from "../../storage/sql.server";
import { gidFrom, type ApplyContext, type TopicHandler } from "./types";

type CustomerRef = { customerGid: string | null; email: string | null; orderGids: string[] };

function customerRef(payload: unknown): CustomerRef {
  const p = payload as { customer?: { id?: unknown; email?: unknown }; orders_requested?: unknown[]; orders_to_redact?: unknown[] };
  const orders = [...(p?.orders_requested ?? []), ...(p?.orders_to_redact ?? [])];
  return {
    customerGid: gidFrom("Customer", p?.customer?.id),
    email: typeof p?.customer?.email === "string" && p.customer.email ? p.customer.email.trim().toLowerCase() : null,
    orderGids: orders.map((o) => gidFrom("Order", o)).filter((g): g is string => g !== null),
  };
}

/** The member a privacy request is about: by id, else by email (a redact may name only the email). */
async function findCustomerGids(tx: SqlExecutor, shop: string, ref: CustomerRef): Promise<string[]> {
  const gids = new Set<string>();
  if (ref.customerGid) gids.add(ref.customerGid);
  if (ref.email) {
    const rows = await tx.all<{ customer_gid: string }>(`SELECT customer_gid FROM member WHERE shop = ? AND email = ?`, [shop, ref.email]);
    rows.forEach((r) => gids.add(r.customer_gid));
    const orders = await tx.all<{ customer_gid: string | null }>(`SELECT DISTINCT customer_gid FROM order_record WHERE shop = ? AND customer_email = ? AND customer_gid IS NOT NULL`, [shop, ref.email]);
    orders.forEach((r) => r.customer_gid && gids.add(r.customer_gid));
  }
  return [...gids];
}

export const dataRequestHandler: TopicHandler<CustomerRef> = {
  parse: customerRef,
  async apply(tx, ref, ctx) {
    const gids = await findCustomerGids(tx, ctx.shop, ref);
    const members = [];
    for (const gid of gids) {
      const member = await tx.get(
        `SELECT customer_gid, email, first_name, last_name, marketing_consent, locale, tags, status, balance, joined_at, birthday, referral_code, referred_by
         FROM member WHERE shop = ? AND customer_gid = ?`,
        [ctx.shop, gid],
      );
      const ledger = await tx.all(
        `SELECT points, source, order_gid, refund_gid, reason, created_at FROM ledger_entry WHERE shop = ? AND customer_gid = ? ORDER BY id`,
        [ctx.shop, gid],
      );
      const orders = await tx.all(
        `SELECT order_gid, name, currency, processed_at, net_eligible_minor, points_posted FROM order_record WHERE shop = ? AND customer_gid = ? ORDER BY processed_at`,
        [ctx.shop, gid],
      );
      const checkouts = await tx.all(
        `SELECT token, email, currency, total_minor, completed_at, created_at FROM checkout WHERE shop = ? AND customer_gid = ?`,
        [ctx.shop, gid],
      );
      const referrals = await tx.all(
        // A referrer's own referrals, without the friends' emails (their data, not the referrer's).
        `SELECT referrer_gid, CASE WHEN friend_gid = ? THEN friend_email ELSE NULL END AS friend_email, status, order_gid, created_at
         FROM referral WHERE shop = ? AND (referrer_gid = ? OR friend_gid = ?) ORDER BY id`,
        [gid, ctx.shop, gid, gid],
      );
      members.push({ customerGid: gid, profile: member ?? null, ledger, orders, checkouts, referrals });
    }
    const data = { requestedAt: ctx.now, customer: ref, members };
    await tx.run(
      `INSERT INTO privacy_request (shop, kind, customer_gid, data_json, summary, created_at) VALUES (?, 'customers/data_request', ?, ?, ?, ?)`,
      [ctx.shop, gids[0] ?? ref.customerGid, JSON.stringify(data), `data assembled for ${gids.length} member record(s)`, ctx.now],
    );
    return { customerGid: ref.customerGid, customerEmail: ref.email };
  },
};

export function pseudonym(shop: string, customerGid: string): string {
  return `redacted:${createHash("sha256").update(`${shop}|${customerGid}`).digest("hex").slice(0, 24)}`;
}

/**
 * A shopper's flow runs and mails (with their clicks) go; recovered-order counts stay, without a
 * way back to the shopper (their run is gone).
 */
async function deleteFlowRows(tx: SqlExecutor, shop: string, column: "customer_gid" | "email", value: string): Promise<void> {
  await tx.run(
    `DELETE FROM flow_click WHERE shop = ? AND message_id IN (SELECT id FROM flow_message WHERE shop = ? AND ${column} = ?)`,
    [shop, shop, value],
  );
  await tx.run(`DELETE FROM flow_message WHERE shop = ? AND ${column} = ?`, [shop, value]);
  await tx.run(`DELETE FROM flow_run WHERE shop = ? AND ${column} = ?`, [shop, value]);
}

async function redactCustomer(tx: SqlExecutor, ctx: ApplyContext, gid: string): Promise<void> {
  const alias = pseudonym(ctx.shop, gid);
  await tx.run(
    `UPDATE member SET customer_gid = ?, email = NULL, first_name = NULL, last_name = NULL, marketing_consent = NULL, locale = NULL, tags = NULL,
       birthday = NULL, referral_code = NULL, redacted_at = ?
     WHERE shop = ? AND customer_gid = ?`,
    [alias, ctx.now, ctx.shop, gid],
  );
  // Referrals keep their outcome under the pseudonym; the friend's email goes.
  await tx.run(`UPDATE member SET referred_by = ? WHERE shop = ? AND referred_by = ?`, [alias, ctx.shop, gid]);
  await tx.run(`UPDATE referral SET referrer_gid = ? WHERE shop = ? AND referrer_gid = ?`, [alias, ctx.shop, gid]);
  await tx.run(`UPDATE referral SET friend_gid = ?, friend_email = ? WHERE shop = ? AND friend_gid = ?`, [alias, alias, ctx.shop, gid]);
  await tx.run(`DELETE FROM program_event WHERE shop = ? AND customer_gid = ?`, [ctx.shop, gid]);
  await tx.run(`UPDATE member SET merged_into_gid = ? WHERE shop = ? AND merged_into_gid = ?`, [alias, ctx.shop, gid]);
  await tx.run(`UPDATE ledger_entry SET customer_gid = ? WHERE shop = ? AND customer_gid = ?`, [alias, ctx.shop, gid]);
  await tx.run(`UPDATE tier_change SET customer_gid = ? WHERE shop = ? AND customer_gid = ?`, [alias, ctx.shop, gid]);
  await tx.run(`UPDATE order_record SET customer_gid = ?, customer_email = NULL WHERE shop = ? AND customer_gid = ?`, [alias, ctx.shop, gid]);
  await tx.run(`DELETE FROM checkout WHERE shop = ? AND customer_gid = ?`, [ctx.shop, gid]);
  await deleteFlowRows(tx, ctx.shop, "customer_gid", gid);
  await tx.run(`DELETE FROM metafield_sync WHERE shop = ? AND customer_gid = ?`, [ctx.shop, gid]);
  await tx.run(
    `UPDATE webhook_event SET body = NULL, customer_gid = ?, customer_email = NULL WHERE shop = ? AND customer_gid = ? AND status IN ('done', 'failed')`,
    [alias, ctx.shop, gid],
  );
}

export const customerRedactHandler: TopicHandler<CustomerRef> = {
  parse: customerRef,
  async apply(tx, ref, ctx) {
    const gids = await findCustomerGids(tx, ctx.shop, ref);
    for (const gid of gids) await redactCustomer(tx, ctx, gid);
    if (ref.email) {
      await tx.run(`DELETE FROM checkout WHERE shop = ? AND email = ?`, [ctx.shop, ref.email]);
      await deleteFlowRows(tx, ctx.shop, "email", ref.email);
      await tx.run(`UPDATE order_record SET customer_email = NULL WHERE shop = ? AND customer_email = ?`, [ctx.shop, ref.email]);
      await tx.run(`UPDATE referral SET friend_email = ? WHERE shop = ? AND friend_email = ?`, [pseudonym(ctx.shop, ref.email), ctx.shop, ref.email]);
      await tx.run(
        `UPDATE webhook_event SET body = NULL, customer_email = NULL WHERE shop = ? AND customer_email = ? AND status IN ('done', 'failed')`,
        [ctx.shop, ref.email],
      );
    }
    for (const orderGid of ref.orderGids) {
      await tx.run(`UPDATE order_record SET customer_email = NULL WHERE shop = ? AND order_gid = ?`, [ctx.shop, orderGid]);
    }
    await tx.run(
      `INSERT INTO privacy_request (shop, kind, customer_gid, data_json, summary, created_at) VALUES (?, 'customers/redact', NULL, NULL, ?, ?)`,
      [ctx.shop, `personal data erased for ${gids.length} member record(s)`, ctx.now],
    );
    return { dropBody: true };
  },
};

const SHOP_TABLES = [
  "ledger_entry_line", "ledger_entry", "member", "order_record", "checkout", "privacy_request",
  "metafield_sync", "job", "reconciliation_report", "earning_action", "referral", "program_event", "tier", "tier_change",
  "flow_click", "flow_conversion", "flow_message", "flow_run", "flow", "mail_suppression",
] as const;

export const shopRedactHandler: TopicHandler<null> = {
  parse: () => null,
  async apply(tx, _p, ctx) {
    for (const table of SHOP_TABLES) await tx.run(`DELETE FROM ${table} WHERE shop = ?`, [ctx.shop]);
    // Every other stored event goes; this one stays, without its body, as the record that the
    // shop was erased (it is pruned with the other processed events).
    await tx.run(`DELETE FROM webhook_event WHERE shop = ? AND id <> ?`, [ctx.shop, ctx.eventId]);
    await tx.run(`DELETE FROM "Session" WHERE shop = ?`, [ctx.shop]);
    await tx.run(`DELETE FROM shop WHERE domain = ?`, [ctx.shop]);
    return { dropBody: true };
  },
};

export const appUninstalledHandler: TopicHandler<null> = {
  parse: () => null,
  async apply(tx, _p, ctx) {
    await tx.run(`DELETE FROM "Session" WHERE shop = ?`, [ctx.shop]);
    await tx.run(`UPDATE shop SET status = 'uninstalled', uninstalled_at = ?, updated_at = ? WHERE domain = ?`, [ctx.now, ctx.now, ctx.shop]);
    // Every flow stops at once; mails not sent yet are cancelled.
    await stopAllRuns(tx, ctx.shop, "uninstalled", ctx.now);
    return {};
  },
};
