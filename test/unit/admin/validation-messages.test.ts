// Field errors of the pure rule modules in the admin's languages: every validation message exists
// in both catalogs with the same placeholders, English stays the default, and each validator given
// the Finnish translator answers every field in Finnish.
import { describe, expect, it } from "vitest";
import { catalog, i18nFor, type Message } from "../../../app/i18n/i18n";
import { actionFromInput } from "../../../app/loyalty/actions";
import { adjustmentBalanceError, adjustmentFromInput } from "../../../app/loyalty/adjustments";
import { earningSettingsFromInput, expirySettingsFromInput, type EarningSettings } from "../../../app/loyalty/program-settings";
import { rewardFromInput, type FieldErrors } from "../../../app/loyalty/rewards";
import { tierProposalFromInput, tierWarnings, validateTierProposal, type TierProposal } from "../../../app/loyalty/tiers";

const placeholders = (m: Message) =>
  [...new Set((typeof m === "string" ? [m] : [m.one, m.other]).flatMap((text) => [...text.matchAll(/\{(\w+)\}/g)].map((x) => x[1])))].sort();

const en = i18nFor("en").t;
const fi = i18nFor("fi").t;
const NBSP = "\u00a0";

describe("validation messages", () => {
  it("every validation.* key is in both catalogs, of the same kind, with the same placeholders", () => {
    const english = catalog("en");
    const finnish = catalog("fi");
    const keys = (c: Record<string, Message>) => Object.keys(c).filter((k) => k.startsWith("validation.")).sort();
    expect(keys(english).length).toBeGreaterThan(80);
    expect(keys(finnish)).toEqual(keys(english));
    for (const key of keys(english) as (keyof typeof english)[]) {
      expect([key, typeof finnish[key]]).toEqual([key, typeof english[key]]);
      expect([key, placeholders(finnish[key])]).toEqual([key, placeholders(english[key])]);
      expect([key, finnish[key] !== english[key]]).toEqual([key, true]);
    }
  });

  const current: EarningSettings = { points: 1, perMajorUnits: 1, earnOnTestOrders: false, excludedTags: [], excludedCollections: [] };
  const expiry = { mode: "off" as const, months: 12, reminderDays: 14 };
  const proposal = (tiers: TierProposal["tiers"]): TierProposal => ({ basis: "spend", window: "lifetime", tiers });
  const tier = (over: Partial<TierProposal["tiers"][number]>) => ({
    id: null, name: "Gold", threshold: 0, multiplierBps: 10_000, entryRewardPoints: 0, freeShipping: false, graceDays: 0, ...over,
  });

  /** Bad input for every validator, run in a language: field errors (or messages) by case. */
  const cases = (t: typeof en): Record<string, FieldErrors | string | string[] | null> => {
    const errors = <T>(r: { ok: true } & T | { ok: false; errors: FieldErrors }) => (r.ok ? {} : r.errors);
    return {
      rewardZod: errors(rewardFromInput({ kind: "x", name: "", pointsCost: "x", lifetimeDays: "0" }, "USD", t)),
      rewardLimits: errors(rewardFromInput({ kind: "amount_off", name: "x".repeat(101), pointsCost: "20000000", lifetimeDays: "366" }, "USD", t)),
      rewardAmount: errors(rewardFromInput({ kind: "amount_off", name: "A", pointsCost: "1", lifetimeDays: "1", value: "1.234", minOrder: "0", tierId: "x" }, "USD", t)),
      rewardMissing: errors(rewardFromInput({ kind: "amount_off", name: "A", pointsCost: "1", lifetimeDays: "1" }, "USD", t)),
      rewardPercent: errors(rewardFromInput({ kind: "percent_off", name: "A", pointsCost: "1", lifetimeDays: "1", percent: "0", collectionGid: "x" }, "USD", t)),
      rewardVariant: errors(rewardFromInput({ kind: "free_product", name: "A", pointsCost: "1", lifetimeDays: "1" }, "USD", t)),
      rewardSteps: errors(rewardFromInput({ kind: "variable", name: "A", pointsCost: "100", lifetimeDays: "1", value: "1", minPoints: "150", maxPoints: "0" }, "USD", t)),
      rewardOrder: errors(rewardFromInput({ kind: "variable", name: "A", pointsCost: "100", lifetimeDays: "1", value: "1", minPoints: "200", maxPoints: "100" }, "USD", t)),
      tiersZod: errors(tierProposalFromInput({ basis: "x", window: "y", tiers: "z" }, "USD", t)),
      tiersMany: errors(tierProposalFromInput({ basis: "spend", window: "lifetime", tiers: Array.from({ length: 11 }, () => ({ name: "A" })) }, "USD", t)),
      tiersFields: errors(tierProposalFromInput({
        basis: "spend", window: "lifetime",
        tiers: [
          { id: "x", name: "x".repeat(51), threshold: "1.234", multiplier: "11", entryRewardPoints: "-1", graceDays: "x" },
          { name: 5, threshold: "" },
          { name: " ", threshold: "-1", entryRewardPoints: "2000000", graceDays: "400" },
          { name: "B", threshold: "99999999999" },
        ],
      }, "USD", t)),
      tiersPoints: errors(tierProposalFromInput({ basis: "points", window: "lifetime", tiers: [{ name: "A", threshold: "1.5" }] }, "USD", t)),
      tiersRules: validateTierProposal({
        basis: "x" as never, window: "y" as never,
        tiers: [
          tier({ id: 1, name: "A\nB" }), tier({ id: 1, name: "Gold", threshold: 1 }), tier({ name: "gold", threshold: 1, multiplierBps: 1 }),
          tier({ name: "", threshold: -1, entryRewardPoints: -1, graceDays: 999 }), tier({ name: "x".repeat(51), threshold: 2 ** 31 }),
        ],
      }, t),
      tiersTooMany: validateTierProposal(proposal(Array.from({ length: 11 }, (_, i) => tier({ name: `T${i}`, threshold: i }))), t),
      tierWarnings: tierWarnings(proposal([tier({ threshold: 100 })]), t),
      actionZod: errors(actionFromInput({ name: "", points: "x", friendDiscountType: "gift" }, "referral", "USD", t)),
      actionLimits: errors(actionFromInput({ name: "x".repeat(101), points: "0" }, "welcome", "USD", t)),
      actionMax: errors(actionFromInput({ name: "A", points: "2000000" }, "welcome", "USD", t)),
      actionUrl: errors(actionFromInput({ name: "A", points: "1", url: "ftp://x" }, "custom", "USD", t)),
      actionReview: errors(actionFromInput({ name: "A", points: "1", limitCount: "0", limitDays: "999" }, "review", "USD", t)),
      actionPercent: errors(actionFromInput({ name: "A", points: "1", friendPercent: "101", lifetimeDays: "0" }, "referral", "USD", t)),
      actionNoCurrency: errors(actionFromInput({ name: "A", points: "1", friendDiscountType: "amount", friendAmount: "5" }, "referral", null, t)),
      actionAmount: errors(actionFromInput({ name: "A", points: "1", friendDiscountType: "amount" }, "referral", "USD", t)),
      actionAmountZero: errors(actionFromInput({ name: "A", points: "1", friendDiscountType: "amount", friendAmount: "0" }, "referral", "USD", t)),
      actionAmountBad: errors(actionFromInput({ name: "A", points: "1", friendDiscountType: "amount", friendAmount: "1.234" }, "referral", "USD", t)),
      adjustmentForm: errors(adjustmentFromInput(null, t)),
      adjustmentEmpty: errors(adjustmentFromInput({}, t)),
      adjustmentBad: errors(adjustmentFromInput({ customerGid: 7, points: 0, reason: "x".repeat(501), staff: "s".repeat(256), idempotencyKey: "k".repeat(201) }, t)),
      adjustmentIds: errors(adjustmentFromInput({ customerGid: "gid://shopify/Order/1", points: "1.5" }, t)),
      adjustmentRange: errors(adjustmentFromInput({ points: "-1000001" }, t)),
      adjustmentBalance: adjustmentBalanceError(1200, -1201, t),
      earningForm: errors(earningSettingsFromInput("x", current, t)),
      earningBad: errors(earningSettingsFromInput({ points: "", perMajorUnits: "0", earnOnTestOrders: "maybe", excludedTags: 5, excludedCollections: 5 }, current, t)),
      earningMax: errors(earningSettingsFromInput({ points: 1.5, perMajorUnits: "2000000", excludedTags: `${"x".repeat(256)}`, excludedCollections: "x" }, current, t)),
      earningMany: errors(earningSettingsFromInput({
        points: "1001", excludedTags: Array.from({ length: 51 }, (_, i) => `t${i}`), excludedCollections: Array.from({ length: 51 }, (_, i) => `gid://shopify/Collection/${i + 1}`),
      }, current, t)),
      expiryForm: errors(expirySettingsFromInput([], expiry, t)),
      expiryBad: errors(expirySettingsFromInput({ mode: "x", months: "0", reminderDays: "x" }, expiry, t)),
      expiryMonths: errors(expirySettingsFromInput({ months: "61", reminderDays: "91" }, expiry, t)),
      expiryReminder: errors(expirySettingsFromInput({ months: "2", reminderDays: "60" }, expiry, t)),
    };
  };

  it("English is the default: the same messages without a translator", () => {
    expect(rewardFromInput({ kind: "x", name: "", pointsCost: "x", lifetimeDays: "0" }, "USD")).toEqual({
      ok: false, errors: { kind: "Choose a reward type", name: "Name is required", pointsCost: "Points cost must be a whole number", lifetimeDays: "Code lifetime must be at least 1" },
    });
    expect(cases(en).adjustmentBalance).toBe("The balance is 1,200 points: at most 1,200 can be taken away");
    expect(cases(en).expiryReminder).toEqual({ reminderDays: "The reminder must come before points expire: at most 55 days for 2 months" });
  });

  it("with the Finnish translator every field error is Finnish", () => {
    const english = cases(en);
    const finnish = cases(fi);
    let fields = 0;
    for (const [name, errorsEn] of Object.entries(english)) {
      const errorsFi = finnish[name];
      expect([name, errorsEn === null || (typeof errorsEn === "object" && Object.keys(errorsEn).length === 0)]).toEqual([name, false]);
      const flat = (e: typeof errorsEn): Record<string, string> =>
        typeof e === "string" ? { message: e } : Array.isArray(e) ? Object.fromEntries(e.map((m, i) => [String(i), m])) : (e ?? {});
      const [a, b] = [flat(errorsEn), flat(errorsFi)];
      expect([name, Object.keys(b).sort()]).toEqual([name, Object.keys(a).sort()]);
      for (const field of Object.keys(a)) {
        fields++;
        expect([name, field, b[field] !== a[field]]).toEqual([name, field, true]);
      }
    }
    expect(fields).toBeGreaterThan(70);
  });

  it("formats numbers for Finnish where English groups them, and keeps ids and steps as typed", () => {
    const finnish = cases(fi);
    expect(finnish.rewardLimits).toEqual({
      name: "Nimessä saa olla enintään 100 merkkiä", pointsCost: `Pistehinta: enintään 10${NBSP}000${NBSP}000`, lifetimeDays: "Koodin voimassaolo: enintään 365",
    });
    expect(finnish.rewardSteps).toEqual({ minPoints: "Oltava askeleen monikerta (100 pistettä)", maxPoints: "Anna nollaa suurempi kokonaisluku" });
    expect(finnish.adjustmentBalance).toBe(`Saldo on 1${NBSP}200 pistettä: enintään 1${NBSP}200 voi vähentää`);
    expect(finnish.actionReview).toEqual({ limitCount: `Anna kokonaisluku väliltä 1–1${NBSP}000`, limitDays: "Anna kokonaisluku väliltä 1–365" });
    expect(finnish.expiryReminder).toEqual({
      reminderDays: "Muistutuksen on tultava ennen pisteiden vanhenemista: enintään 55 päivää, kun voimassaoloaika on 2 kuukautta",
    });
    expect(finnish.rewardAmount).toEqual({
      value: "Anna summa muodossa 5.00 (valuutassa USD on 2 desimaalia)", minOrder: "Anna nollaa suurempi summa", tierId: "Valitse taso",
    });
    expect(finnish.tierWarnings).toEqual(["Alimman tason raja on yli 0: sen alle jäävillä jäsenillä ei ole tasoa."]);
  });
});
