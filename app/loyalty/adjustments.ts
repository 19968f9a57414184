// Manual points adjustments by the merchant's staff: what a valid request is. Pure, no IO.
// The audit trail is the ledger entry itself: caused_by = who, reason = why, created_at = when.
import type { FieldErrors } from "./rewards";

export type { FieldErrors };

export const ADJUSTMENT_LIMITS = { maxPoints: 1_000_000, maxReason: 500, maxStaff: 255, maxKey: 200 } as const;

export type AdjustmentRequest = {
  /** gid://shopify/Customer/… */
  customerGid: string;
  /** non-zero; negative takes points away */
  points: number;
  reason: string;
  /** who made it: "staff:<user id>" or an email */
  staff: string;
  /** the caller's key: the same key again is the same adjustment */
  idempotencyKey: string;
};

const CUSTOMER_GID = /^gid:\/\/shopify\/Customer\/[1-9]\d{0,19}$/;

function text(value: unknown): string | null {
  return typeof value === "string" ? value.trim() : null;
}

/**
 * Checks an adjustment request. Ids must be strings (a GID, or the customer's numeric id as
 * digits); points a non-zero whole number within ±1,000,000 (a JSON integer or digits with an
 * optional sign); the reason is required.
 */
export function adjustmentFromInput(raw: unknown): { ok: true; adjustment: AdjustmentRequest } | { ok: false; errors: FieldErrors } {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return { ok: false, errors: { form: "Send the adjustment as fields" } };
  const input = raw as Record<string, unknown>;
  const errors: FieldErrors = {};

  let customerGid = text(input.customerGid);
  if (customerGid !== null && /^\d{1,20}$/.test(customerGid)) customerGid = `gid://shopify/Customer/${customerGid}`;
  if (typeof input.customerGid === "number") errors.customerGid = "Send the customer id as a string (like gid://shopify/Customer/123)";
  else if (!customerGid) errors.customerGid = "Customer is required";
  else if (!CUSTOMER_GID.test(customerGid)) errors.customerGid = "Enter a customer id like gid://shopify/Customer/123";

  let points = NaN;
  const rawPoints = input.points;
  if (typeof rawPoints === "number") points = Number.isSafeInteger(rawPoints) ? rawPoints : NaN;
  else if (typeof rawPoints === "string" && /^[+-]?\d{1,16}$/.test(rawPoints.trim())) points = Number(rawPoints.trim());
  if (rawPoints === undefined || rawPoints === null || (typeof rawPoints === "string" && rawPoints.trim() === "")) {
    errors.points = "Points are required";
  } else if (Number.isNaN(points)) {
    errors.points = "Points must be a whole number";
  } else if (points === 0) {
    errors.points = "Points must not be zero";
  } else if (Math.abs(points) > ADJUSTMENT_LIMITS.maxPoints) {
    errors.points = `Points must be between -${ADJUSTMENT_LIMITS.maxPoints.toLocaleString("en-US")} and ${ADJUSTMENT_LIMITS.maxPoints.toLocaleString("en-US")}`;
  }

  const reason = text(input.reason);
  if (!reason) errors.reason = "Reason is required";
  else if (reason.length > ADJUSTMENT_LIMITS.maxReason) errors.reason = `Reason must be at most ${ADJUSTMENT_LIMITS.maxReason} characters`;

  const staff = text(input.staff);
  if (!staff) errors.staff = "Staff member is required";
  else if (staff.length > ADJUSTMENT_LIMITS.maxStaff) errors.staff = `Staff member must be at most ${ADJUSTMENT_LIMITS.maxStaff} characters`;

  const idempotencyKey = text(input.idempotencyKey);
  if (!idempotencyKey) errors.idempotencyKey = "Idempotency key is required";
  else if (idempotencyKey.length > ADJUSTMENT_LIMITS.maxKey) {
    errors.idempotencyKey = `Idempotency key must be at most ${ADJUSTMENT_LIMITS.maxKey} characters`;
  }

  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, adjustment: { customerGid: customerGid!, points, reason: reason!, staff: staff!, idempotencyKey: idempotencyKey! } };
}

/** The ledger key of a manual adjustment (its own namespace: no other writer's key can collide). */
export function adjustmentLedgerKey(idempotencyKey: string): string {
  return `adjustment:${idempotencyKey}`;
}

/** Whether a negative adjustment may be applied to `balance`: only reversals may go below zero. */
export function adjustmentBalanceError(balance: number, points: number): string | null {
  if (points >= 0 || balance + points >= 0) return null;
  return `The balance is ${balance.toLocaleString("en-US")} points: at most ${Math.max(balance, 0).toLocaleString("en-US")} can be taken away`;
}
