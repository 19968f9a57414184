// What a flow's mails look like before anyone gets them: each step rendered with sample shopper
// data and the step's own incentive, in English and Finnish, for the admin's preview and the
// merchant's test send. Pure.
import { formatMinorUnits } from "../loyalty/money";
import type { FlowConfig, FlowStep } from "./config";
import { describeDiscount, renderMail, sampleMailContent, type DiscountFacts, type MailContent, type MailIncentive, type MailLocale, type RenderedMail } from "./templates";

export const PREVIEW_LOCALES = ["en", "fi"] as const satisfies readonly MailLocale[];

export type PreviewContext = {
  shop: MailContent["shop"];
  /** The shop currency (amount-off incentives and the sample cart); EUR while unknown. */
  currency: string | null;
  /** The shop's active rewards, best first: an own-points link shows the named one, else the first. */
  rewards: readonly { id: string; name: string; pointsCost: number }[];
  now: Date;
};

const SAMPLE_CODE = "SAMPLE-4XM9";
const HOUR = 3_600_000;

/** The sample incentive a step's mail shows; null for a step without one. */
export function sampleIncentive(step: FlowStep, locale: MailLocale, ctx: PreviewContext): MailIncentive | null {
  const incentive = step.incentive;
  if (!incentive) return null;
  const base = ctx.shop.storefrontUrl.replace(/\/+$/, "");
  if (incentive.type === "own_points") {
    const reward = (incentive.rewardId ? ctx.rewards.find((r) => r.id === incentive.rewardId) : undefined) ?? ctx.rewards[0];
    return {
      kind: "own_points",
      points: reward?.pointsCost ?? 500,
      rewardName: reward?.name ?? (locale === "fi" ? "palkinnon" : "a reward"),
      url: `${base}/apps/kanta/redeem`,
      expiresAt: new Date(ctx.now.getTime() + incentive.linkHours * HOUR).toISOString(),
    };
  }
  const currency = ctx.currency ?? "EUR";
  let facts: DiscountFacts;
  switch (incentive.kind) {
    case "percent_off":
      facts = { kind: "percent_off", percentBps: incentive.percentBps ?? 0 };
      break;
    case "amount_off":
      facts = { kind: "amount_off", amount: formatMinorUnits(incentive.valueMinor ?? 0, currency), currency };
      break;
    case "free_shipping":
      facts = { kind: "free_shipping" };
      break;
    case "free_product":
      facts = { kind: "free_product", title: null };
      break;
  }
  return {
    kind: "code",
    code: SAMPLE_CODE,
    description: describeDiscount(locale, facts),
    endsAt: new Date(ctx.now.getTime() + incentive.lifetimeDays * 24 * HOUR).toISOString(),
    applyUrl: `${base}/discount/${SAMPLE_CODE}`,
  };
}

/** The content of one step's mail with sample data; `test` leaves out the unsubscribe link (a mail to the merchant). */
export function previewContent(config: FlowConfig, stepIndex: number, locale: MailLocale, ctx: PreviewContext, test = false): MailContent {
  const step = config.steps[stepIndex];
  if (!step) throw new RangeError(`the flow has no step ${stepIndex}`);
  const content = sampleMailContent(
    config.kind, stepIndex, locale, ctx.shop,
    { currency: ctx.currency ?? "EUR", stepsTotal: config.steps.length, incentive: sampleIncentive(step, locale, ctx) },
    ctx.now,
  );
  return test ? { ...content, unsubscribeUrl: null } : content;
}

/** Every step's mail in English and Finnish. */
export function previewMails(config: FlowConfig, ctx: PreviewContext): Record<MailLocale, RenderedMail>[] {
  return config.steps.map((_step, i) => ({
    en: renderMail(previewContent(config, i, "en", ctx)),
    fi: renderMail(previewContent(config, i, "fi", ctx)),
  }));
}
