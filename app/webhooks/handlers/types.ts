// The shape every webhook topic handler follows: parse (pure, outside any transaction), then
// apply (SQL only, inside the worker's transaction). A handler may run twice for one delivery.
import type { SqlExecutor } from "../../storage/sql.server";

export type ApplyContext = {
  shop: string;
  /** The inbox row being applied. */
  eventId: number;
  now: string;
  /** Who caused the writes, e.g. "webhook:orders/paid:event:123". */
  causedBy: string;
  /**
   * Customers of this shop that the worker made members for this batch (PostgreSQL creates and
   * locks a batch's members up front, so the handler's own ensureMember finds them existing).
   */
  joinedMembers?: ReadonlySet<string>;
};

export type ApplyOutcome = {
  /** Recorded on the inbox row so privacy requests can find the event later. */
  customerGid?: string | null;
  customerEmail?: string | null;
  /** Drop the raw body once applied (the body itself is personal data, e.g. customers/redact). */
  dropBody?: boolean;
};

export type TopicHandler<P> = {
  parse(payload: unknown): P;
  apply(tx: SqlExecutor, parsed: P, ctx: ApplyContext): Promise<ApplyOutcome>;
  /**
   * The row this event will lock first (e.g. its order). A batch is applied in this order, so
   * two workers on PostgreSQL take their locks in the same order and do not deadlock.
   */
  lockKey?(parsed: P): string | null;
  /** The member whose balance this event will change, when the payload names it. */
  memberKey?(parsed: P): { customerGid: string; email: string | null } | null;
};

export class PermanentEventError extends Error {}

export function gidFrom(type: string, value: unknown): string | null {
  if (typeof value === "string" && value.startsWith("gid://shopify/")) return value;
  if ((typeof value === "string" && /^\d+$/.test(value)) || (typeof value === "number" && Number.isSafeInteger(value) && value > 0)) {
    return `gid://shopify/${type}/${String(value)}`;
  }
  return null;
}

export function isoOrNull(value: unknown): string | null {
  if (typeof value !== "string" || value === "") return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}
