// Manual points adjustments: one ledger entry (source 'adjustment') per request, written with the
// member locked, and the audit list of them. Who: caused_by (the staff member); why: reason;
// when: the entry's created_at.
import { i18nFor, type Translate } from "../i18n/i18n";
import { adjustmentBalanceError, adjustmentFromInput, adjustmentLedgerKey, type FieldErrors } from "../loyalty/adjustments";
import { appendLedgerEntry, resolveMemberGid } from "./ledger.server";
import type { SqlDatabase } from "./sql.server";

export type AdjustResult = { ok: true; balance: number; entryId: number } | { ok: false; errors: FieldErrors };

export type AdjustmentListItem = {
  id: number;
  customerGid: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  points: number;
  reason: string | null;
  staff: string;
  createdAt: string;
};

function iso(value: unknown): string {
  return value instanceof Date ? value.toISOString() : String(value);
}

/**
 * Adds (points > 0) or takes away (points < 0) points by hand. The member must exist in the shop
 * and not be retired; a merged customer's adjustment goes to the member it was merged into. A
 * negative adjustment never takes the balance below zero. The same idempotency key again answers
 * the first adjustment's entry (and writes nothing); with different values it is refused.
 */
export async function adjustPoints(
  db: SqlDatabase, shop: string, input: unknown, now: Date | string = new Date(), t: Translate = i18nFor("en").t,
): Promise<AdjustResult> {
  const checked = adjustmentFromInput(input, t);
  if (!checked.ok) return checked;
  const a = checked.adjustment;
  const at = typeof now === "string" ? now : now.toISOString();
  const key = adjustmentLedgerKey(a.idempotencyKey);
  return await db.transaction(async (tx): Promise<AdjustResult> => {
    const owner = await resolveMemberGid(tx, shop, a.customerGid);
    const forUpdate = tx.dialect === "postgresql" ? " FOR UPDATE" : "";
    const member = await tx.get<{ balance: number; status: string }>(
      `SELECT balance, status FROM member WHERE shop = ? AND customer_gid = ?${forUpdate}`,
      [shop, owner],
    );
    const previous = await tx.get<{ id: number; customer_gid: string; points: number; reason: string | null; caused_by: string }>(
      `SELECT id, customer_gid, points, reason, caused_by FROM ledger_entry WHERE shop = ? AND idempotency_key = ?`,
      [shop, key],
    );
    if (previous) {
      const same = previous.customer_gid === owner && Number(previous.points) === a.points && previous.reason === a.reason && previous.caused_by === a.staff;
      if (!same) return { ok: false, errors: { idempotencyKey: t("validation.adjustment.keyReused") } };
      return { ok: true, balance: Number(member?.balance ?? 0), entryId: Number(previous.id) };
    }
    if (!member) return { ok: false, errors: { customerGid: t("validation.adjustment.noMember") } };
    if (member.status !== "active") return { ok: false, errors: { customerGid: t("validation.adjustment.deleted") } };
    const balance = Number(member.balance);
    const tooMuch = adjustmentBalanceError(balance, a.points, t);
    if (tooMuch) return { ok: false, errors: { points: tooMuch } };
    await appendLedgerEntry(tx, shop, { customerGid: owner, points: a.points, source: "adjustment", idempotencyKey: key, causedBy: a.staff, reason: a.reason }, at);
    const entry = await tx.get<{ id: number }>(`SELECT id FROM ledger_entry WHERE shop = ? AND idempotency_key = ?`, [shop, key]);
    return { ok: true, balance: balance + a.points, entryId: Number(entry!.id) };
  });
}

/** Manual adjustments of the shop, newest first (`before`: the id of the last row of the previous page). */
export async function listAdjustments(db: SqlDatabase, shop: string, opts: { limit?: number; before?: number } = {}): Promise<AdjustmentListItem[]> {
  const limit = Math.min(Math.max(Math.floor(opts.limit ?? 50), 1), 200);
  const params: unknown[] = [shop];
  let before = "";
  if (opts.before !== undefined && Number.isSafeInteger(opts.before)) {
    before = " AND e.id < ?";
    params.push(opts.before);
  }
  params.push(limit);
  const rows = await db.all<{
    id: number; customer_gid: string; email: string | null; first_name: string | null; last_name: string | null; points: number;
    reason: string | null; caused_by: string; created_at: string;
  }>(
    `SELECT e.id, e.customer_gid, m.email, m.first_name, m.last_name, e.points, e.reason, e.caused_by, e.created_at
     FROM ledger_entry e LEFT JOIN member m ON m.shop = e.shop AND m.customer_gid = e.customer_gid
     WHERE e.shop = ? AND e.source = 'adjustment' AND e.idempotency_key LIKE 'adjustment:%'${before}
     ORDER BY e.id DESC LIMIT ?`,
    params,
  );
  return rows.map((r) => ({
    id: Number(r.id), customerGid: r.customer_gid, email: r.email, firstName: r.first_name, lastName: r.last_name, points: Number(r.points),
    reason: r.reason, staff: r.caused_by, createdAt: iso(r.created_at),
  }));
}
