import { describe, expect, it } from "vitest";
import { adjustmentBalanceError, adjustmentFromInput, adjustmentLedgerKey } from "../../../app/loyalty/adjustments";

const valid = {
  customerGid: "gid://shopify/Customer/7001",
  points: -250,
  reason: "  Goodwill for a late parcel  ",
  staff: "staff:88001",
  idempotencyKey: "adj-1",
};

describe("adjustmentFromInput", () => {
  it("accepts a valid request, trimming text", () => {
    expect(adjustmentFromInput(valid)).toEqual({
      ok: true,
      adjustment: { customerGid: "gid://shopify/Customer/7001", points: -250, reason: "Goodwill for a late parcel", staff: "staff:88001", idempotencyKey: "adj-1" },
    });
  });

  it("takes form strings: points with a sign, a customer id as digits", () => {
    expect(adjustmentFromInput({ ...valid, customerGid: "7001", points: "+1000000" })).toMatchObject({
      ok: true,
      adjustment: { customerGid: "gid://shopify/Customer/7001", points: 1_000_000 },
    });
    expect(adjustmentFromInput({ ...valid, points: "-1000000" })).toMatchObject({ ok: true, adjustment: { points: -1_000_000 } });
  });

  it("names every bad field with its message", () => {
    expect(adjustmentFromInput({})).toEqual({
      ok: false,
      errors: {
        customerGid: "Customer is required",
        points: "Points are required",
        reason: "Reason is required",
        staff: "Staff member is required",
        idempotencyKey: "Idempotency key is required",
      },
    });
    expect(adjustmentFromInput({ ...valid, customerGid: 7001, points: 0, reason: "x".repeat(501), staff: "s".repeat(256), idempotencyKey: "k".repeat(201) })).toEqual({
      ok: false,
      errors: {
        customerGid: "Send the customer id as a string (like gid://shopify/Customer/123)",
        points: "Points must not be zero",
        reason: "Reason must be at most 500 characters",
        staff: "Staff member must be at most 255 characters",
        idempotencyKey: "Idempotency key must be at most 200 characters",
      },
    });
  });

  it("refuses points that are not whole, too large, and ids of other resources", () => {
    const errors = (over: Record<string, unknown>) => {
      const r = adjustmentFromInput({ ...valid, ...over });
      return r.ok ? null : r.errors;
    };
    expect(errors({ points: 12.5 })).toEqual({ points: "Points must be a whole number" });
    expect(errors({ points: "12.5" })).toEqual({ points: "Points must be a whole number" });
    expect(errors({ points: "ten" })).toEqual({ points: "Points must be a whole number" });
    expect(errors({ points: 1_000_001 })).toEqual({ points: "Points must be between -1,000,000 and 1,000,000" });
    expect(errors({ points: "-1000001" })).toEqual({ points: "Points must be between -1,000,000 and 1,000,000" });
    expect(errors({ points: "  " })).toEqual({ points: "Points are required" });
    expect(errors({ customerGid: "gid://shopify/Order/7001" })).toEqual({ customerGid: "Enter a customer id like gid://shopify/Customer/123" });
    expect(errors({ reason: "   " })).toEqual({ reason: "Reason is required" });
    expect(errors({ reason: "x".repeat(500) })).toBeNull();
    expect(adjustmentFromInput(null)).toEqual({ ok: false, errors: { form: "Send the adjustment as fields" } });
    expect(adjustmentFromInput([valid])).toEqual({ ok: false, errors: { form: "Send the adjustment as fields" } });
  });
});

describe("balance rule", () => {
  it("a negative adjustment may not take the balance below zero", () => {
    expect(adjustmentBalanceError(300, -300)).toBeNull();
    expect(adjustmentBalanceError(300, 50)).toBeNull();
    expect(adjustmentBalanceError(-40, 10)).toBeNull();
    expect(adjustmentBalanceError(1200, -1201)).toBe("The balance is 1,200 points: at most 1,200 can be taken away");
    expect(adjustmentBalanceError(-40, -1)).toBe("The balance is -40 points: at most 0 can be taken away");
  });

  it("keys live in their own namespace of the ledger", () => {
    expect(adjustmentLedgerKey("adj-1")).toBe("adjustment:adj-1");
  });
});
