// Manual points adjustments by the merchant's staff: what a valid request is. Pure, no IO.
// The audit trail is the ledger entry itself: caused_by = who, reason = why, created_at = when.
import { i18nFor, type Translate } from "../i18n/i18n";
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
export function adjustmentFromInput(
  raw: unknown,
  t: Translate = i18nFor("en").t,
): { ok: true; adjustment: AdjustmentRequest } | { ok: false; errors: FieldErrors } {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return { ok: false, errors: { form: t("validation.adjustment.form") } };
  const input = raw as Record<string, unknown>;
  const errors: FieldErrors = {};

  let customerGid = text(input.customerGid);
  if (customerGid !== null && /^\d{1,20}$/.test(customerGid)) customerGid = `gid://shopify/Customer/${customerGid}`;
  if (typeof input.customerGid === "number") errors.customerGid = t("validation.adjustment.customerNumber");
  else if (!customerGid) errors.customerGid = t("validation.adjustment.customerRequired");
  else if (!CUSTOMER_GID.test(customerGid)) errors.customerGid = t("validation.common.customerGid");

  let points = NaN;
  const rawPoints = input.points;
  if (typeof rawPoints === "number") points = Number.isSafeInteger(rawPoints) ? rawPoints : NaN;
  else if (typeof rawPoints === "string" && /^[+-]?\d{1,16}$/.test(rawPoints.trim())) points = Number(rawPoints.trim());
  if (rawPoints === undefined || rawPoints === null || (typeof rawPoints === "string" && rawPoints.trim() === "")) {
    errors.points = t("validation.adjustment.pointsRequired");
  } else if (Number.isNaN(points)) {
    errors.points = t("validation.common.wholeNumber", { label: t("validation.label.points") });
  } else if (points === 0) {
    errors.points = t("validation.adjustment.pointsZero");
  } else if (Math.abs(points) > ADJUSTMENT_LIMITS.maxPoints) {
    errors.points = t("validation.adjustment.pointsRange", { max: ADJUSTMENT_LIMITS.maxPoints });
  }

  const reason = text(input.reason);
  if (!reason) errors.reason = t("validation.adjustment.reasonRequired");
  else if (reason.length > ADJUSTMENT_LIMITS.maxReason) errors.reason = t("validation.adjustment.reasonTooLong", { max: ADJUSTMENT_LIMITS.maxReason });

  const staff = text(input.staff);
  if (!staff) errors.staff = t("validation.adjustment.staffRequired");
  else if (staff.length > ADJUSTMENT_LIMITS.maxStaff) errors.staff = t("validation.adjustment.staffTooLong", { max: ADJUSTMENT_LIMITS.maxStaff });

  const idempotencyKey = text(input.idempotencyKey);
  if (!idempotencyKey) errors.idempotencyKey = t("validation.adjustment.keyRequired");
  else if (idempotencyKey.length > ADJUSTMENT_LIMITS.maxKey) {
    errors.idempotencyKey = t("validation.adjustment.keyTooLong", { max: ADJUSTMENT_LIMITS.maxKey });
  }

  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, adjustment: { customerGid: customerGid!, points, reason: reason!, staff: staff!, idempotencyKey: idempotencyKey! } };
}

/** The ledger key of a manual adjustment (its own namespace: no other writer's key can collide). */
export function adjustmentLedgerKey(idempotencyKey: string): string {
  return `adjustment:${idempotencyKey}`;
}

/** Whether a negative adjustment may be applied to `balance`: only reversals may go below zero. */
export function adjustmentBalanceError(balance: number, points: number, t: Translate = i18nFor("en").t): string | null {
  if (points >= 0 || balance + points >= 0) return null;
  return t("validation.adjustment.balance", { balance, max: Math.max(balance, 0) });
}
