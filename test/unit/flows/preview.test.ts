// The admin's mail preview: each step shows its own incentive (in the shop currency), in English
// and Finnish; a test mail to the merchant carries no unsubscribe link.
import { describe, expect, it } from "vitest";
import { defaultFlow, IncentiveSchema, type FlowConfig } from "../../../app/flows/config";
import { previewContent, previewMails, sampleIncentive, type PreviewContext } from "../../../app/flows/preview";

const NOW = new Date("2026-06-01T09:00:00.000Z");
const ctx = (currency: string | null): PreviewContext => ({
  shop: { name: "Preview Store", storefrontUrl: "https://preview.example", postalAddress: "Kauppakatu 1, 00100 Helsinki", timezone: "Europe/Helsinki" },
  currency,
  rewards: [{ id: "11", name: "5 EUR off your order", pointsCost: 500 }, { id: "12", name: "Free shipping", pointsCost: 300 }],
  now: NOW,
});

describe("flow mail preview", () => {
  it("a step's incentive, in the shop currency and the mail's language", () => {
    const amount = { delayHours: 24, incentive: IncentiveSchema.parse({ type: "discount", kind: "amount_off", valueMinor: 500, lifetimeDays: 3 }) };
    expect(sampleIncentive(amount, "en", ctx("JPY"))).toEqual({
      kind: "code", code: "SAMPLE-4XM9", description: "¥500 off", endsAt: "2026-06-04T09:00:00.000Z", applyUrl: "https://preview.example/discount/SAMPLE-4XM9",
    });
    expect(sampleIncentive(amount, "fi", ctx("EUR"))).toMatchObject({ description: "5,00\u00a0€:n alennus" });
    const own = { delayHours: 0, incentive: IncentiveSchema.parse({ type: "own_points", rewardId: "12", linkHours: 48 }) };
    expect(sampleIncentive(own, "en", ctx("EUR"))).toEqual({
      kind: "own_points", points: 300, rewardName: "Free shipping", url: "https://preview.example/apps/kanta/redeem", expiresAt: "2026-06-03T09:00:00.000Z",
    });
    expect(sampleIncentive({ delayHours: 0, incentive: null }, "en", ctx("EUR"))).toBeNull();
  });

  it("every step in both languages; the test mail has no unsubscribe link", () => {
    const config: FlowConfig = {
      ...defaultFlow("abandoned_checkout"),
      steps: [{ delayHours: 1, incentive: IncentiveSchema.parse({ type: "discount", kind: "free_shipping" }) }, { delayHours: 48, incentive: null }],
    };
    const mails = previewMails(config, ctx("EUR"));
    expect(mails.map((m) => [m.en.subject, m.fi.subject])).toEqual([
      ["Free shipping for your cart at Preview Store", "Ilmainen toimitus ostoskoriisi – Preview Store"],
      ["Last call: your cart at Preview Store", "Viimeinen muistutus: ostoskorisi odottaa – Preview Store"],
    ]);
    expect(mails[0]!.en.text).toContain("Kauppakatu 1, 00100 Helsinki");
    expect(previewContent(config, 0, "en", ctx("EUR")).unsubscribeUrl).not.toBeNull();
    expect(previewContent(config, 0, "en", ctx("EUR"), true).unsubscribeUrl).toBeNull();
    expect(() => previewContent(config, 2, "en", ctx("EUR"))).toThrow(RangeError);
  });
});
