// The flow editor's form: a stored flow round-trips through the form's values, good input becomes
// the config the schemas accept, and bad input gets an error on its own field in English or Finnish.
import { describe, expect, it } from "vitest";
import { defaultFlow, type FlowConfig } from "../../../app/flows/config";
import { flowFormFields, flowFormValues, flowFromForm, freeProductVariants, newStepValues } from "../../../app/flows/flow-form";
import { i18nFor } from "../../../app/i18n/i18n";

const en = i18nFor("en").t;
const fi = i18nFor("fi").t;
const ac = defaultFlow("abandoned_checkout");
const wb = defaultFlow("win_back");

const fieldsOf = (config: FlowConfig, currency = "EUR") => flowFormFields(config.kind, flowFormValues(config, currency));

describe("flow form", () => {
  it("the defaults round-trip: values → fields → the same config", () => {
    for (const config of [ac, wb]) {
      expect(flowFromForm(config, fieldsOf(config), "EUR", en)).toEqual({ ok: true, config });
    }
    const values = flowFormValues(ac, "EUR");
    expect(values.steps.map((s) => [s.delay, s.delayUnit, s.incentive, s.percent])).toEqual([
      ["1", "hours", "none", "10"], ["1", "days", "percent_off", "10"], ["3", "days", "none", "10"],
    ]);
    expect(flowFormValues(wb, "EUR").steps.map((s) => [s.delay, s.delayUnit])).toEqual([["0", "hours"], ["7", "days"], ["14", "days"]]);
  });

  it("reads steps, incentives, settings and the holdout", () => {
    const fields = {
      enabled: "false", holdoutPct: "20", minCart: "25.50",
      "steps.0.delay": "2", "steps.0.delayUnit": "hours", "steps.0.incentive": "amount_off", "steps.0.amount": "5", "steps.0.lifetimeDays": "3",
      "steps.0.preferOwnPoints": "false",
      "steps.1.delay": "2", "steps.1.delayUnit": "days", "steps.1.incentive": "own_points", "steps.1.rewardId": "", "steps.1.linkHours": "48",
      "steps.2.delay": "5", "steps.2.delayUnit": "days", "steps.2.incentive": "free_product", "steps.2.variantGid": "gid://shopify/ProductVariant/42",
      "steps.2.lifetimeDays": "7", "steps.2.preferOwnPoints": "true",
    };
    const result = flowFromForm(ac, fields, "EUR", en);
    expect(result).toEqual({
      ok: true,
      config: {
        kind: "abandoned_checkout", enabled: false, holdoutPct: 20, settings: { minCartMinor: 2550 },
        steps: [
          { delayHours: 2, incentive: { type: "discount", kind: "amount_off", valueMinor: 500, percentBps: null, variantGid: null, lifetimeDays: 3, preferOwnPoints: false } },
          { delayHours: 48, incentive: { type: "own_points", rewardId: null, linkHours: 48 } },
          { delayHours: 120, incentive: { type: "discount", kind: "free_product", variantGid: "gid://shopify/ProductVariant/42", percentBps: null, valueMinor: null, lifetimeDays: 7, preferOwnPoints: true } },
        ],
      },
    });
    if (result.ok) expect(freeProductVariants(result.config)).toEqual([{ step: 2, variantGid: "gid://shopify/ProductVariant/42" }]);
    // Amounts follow the currency's exponent.
    const jpy = flowFromForm(ac, { ...fields, minCart: "2500", "steps.0.amount": "500" }, "JPY", en);
    expect(jpy.ok && [jpy.config.settings, jpy.config.steps[0]!.incentive]).toEqual([
      { minCartMinor: 2500 }, expect.objectContaining({ valueMinor: 500 }),
    ]);
    // An empty minimum: any cart.
    const any = flowFromForm(ac, { ...fields, minCart: "" }, "EUR", en);
    expect(any.ok && any.config.settings).toEqual({ minCartMinor: null });
  });

  it("bad input: every error on its field, in English and in Finnish, and no config", () => {
    const fields = {
      ...fieldsOf(ac),
      holdoutPct: "60",
      "steps.0.delay": "x",
      "steps.1.delay": "1", "steps.1.delayUnit": "hours", "steps.1.percent": "0",
      "steps.2.incentive": "amount_off", "steps.2.amount": "5.001", "steps.2.lifetimeDays": "91",
      minCart: "-3",
    };
    expect(flowFromForm(ac, { ...fields, minCart: "25,5" }, "EUR", en)).toMatchObject({ errors: { minCart: "Enter an amount like 25.00 (EUR has 2 decimals)" } });
    expect(flowFromForm(ac, fields, "EUR", en)).toEqual({
      ok: false,
      errors: {
        holdoutPct: "Holdout must be at most 50",
        "steps.0.delay": "Delay must be a whole number",
        "steps.1.percent": "Enter a percentage above 0 and at most 100, with up to two decimals",
        "steps.2.amount": "Enter an amount like 5.00 (EUR has 2 decimals)",
        "steps.2.lifetimeDays": "Code lifetime must be at most 90",
        minCart: "The minimum can't be negative",
      },
    });
    expect(flowFromForm(ac, fields, "EUR", fi)).toEqual({
      ok: false,
      errors: {
        holdoutPct: "Vertailuryhmä: enintään 50",
        "steps.0.delay": "Viive: anna kokonaisluku",
        "steps.1.percent": "Anna prosentti, joka on yli 0 ja enintään 100, enintään kahdella desimaalilla",
        "steps.2.amount": "Anna summa muodossa 5.00 (valuutassa EUR on 2 desimaalia)",
        "steps.2.lifetimeDays": "Koodin voimassaolo: enintään 90",
        minCart: "Vähimmäisarvo ei voi olla negatiivinen",
      },
    });
  });

  it("steps must come in order, within range, one to five of them", () => {
    const order = flowFromForm(ac, { ...fieldsOf(ac), "steps.1.delay": "1", "steps.1.delayUnit": "hours" }, "EUR", en);
    expect(order).toEqual({ ok: false, errors: { "steps.1.delay": "Each mail must come later than the one before" } });
    const fiOrder = flowFromForm(ac, { ...fieldsOf(ac), "steps.1.delay": "1", "steps.1.delayUnit": "hours" }, "EUR", fi);
    expect(fiOrder).toEqual({ ok: false, errors: { "steps.1.delay": "Jokaisen viestin on tultava myöhemmin kuin edellisen" } });
    const far = flowFromForm(ac, { ...fieldsOf(ac), "steps.2.delay": "366", "steps.2.delayUnit": "days" }, "EUR", en);
    expect(far).toEqual({ ok: false, errors: { "steps.2.delay": "Enter a delay from 0 hours to 365 days" } });
    const six: Record<string, string> = { enabled: "true", holdoutPct: "0", minCart: "" };
    for (let i = 0; i < 6; i += 1) Object.assign(six, { [`steps.${i}.delay`]: String(i + 1), [`steps.${i}.delayUnit`]: "days", [`steps.${i}.incentive`]: "none" });
    expect(flowFromForm(ac, six, "EUR", en)).toEqual({ ok: false, errors: { steps: "A flow has 1 to 5 mails" } });
    expect(flowFromForm(ac, { enabled: "true", holdoutPct: "0" }, "EUR", en)).toEqual({ ok: false, errors: { steps: "A flow has 1 to 5 mails" } });
    expect(flowFromForm(ac, { ...fieldsOf(ac), "steps.0.incentive": "gift_card" }, "EUR", en)).toEqual({ ok: false, errors: { "steps.0.incentive": "Choose an incentive" } });
    expect(flowFromForm(ac, { ...fieldsOf(ac), "steps.0.incentive": "free_product", "steps.0.lifetimeDays": "7" }, "EUR", en)).toEqual({
      ok: false, errors: { "steps.0.variantGid": "Enter a product variant id like gid://shopify/ProductVariant/123" },
    });
    expect(flowFromForm(ac, { ...fieldsOf(ac), "steps.0.incentive": "own_points", "steps.0.rewardId": "abc", "steps.0.linkHours": "0" }, "EUR", en)).toEqual({
      ok: false, errors: { "steps.0.rewardId": "Choose one of your active rewards", "steps.0.linkHours": "Link lifetime must be at least 1" },
    });
    expect(flowFromForm(ac, { ...fieldsOf(ac), "steps.0.incentive": "amount_off", "steps.0.amount": "5", "steps.0.lifetimeDays": "7" }, null, en)).toEqual({
      ok: false, errors: { "steps.0.amount": "Your store's currency is not known yet: try again in a moment" },
    });
  });

  it("win-back settings: bounds, the factor and the cadence order", () => {
    const base = fieldsOf(wb);
    const good = flowFromForm(wb, { ...base, lapseFactor: "1.5", minLapseDays: "21", oneTimeBuyerDays: "120", minCadenceDays: "10", maxCadenceDays: "200" }, "EUR", en);
    expect(good.ok && good.config.settings).toEqual({ lapseFactor: 1.5, minLapseDays: 21, oneTimeBuyerDays: 120, minCadenceDays: 10, maxCadenceDays: 200 });
    expect(flowFromForm(wb, { ...base, lapseFactor: "11", minLapseDays: "0", oneTimeBuyerDays: "" }, "EUR", en)).toEqual({
      ok: false,
      errors: {
        lapseFactor: "Lapse factor must be at most 10",
        minLapseDays: "Minimum days without an order must be at least 1",
        oneTimeBuyerDays: "Days for one-time buyers is required",
      },
    });
    expect(flowFromForm(wb, { ...base, lapseFactor: "two" }, "EUR", fi)).toEqual({
      ok: false, errors: { lapseFactor: "Anna kerroin, kuten 2 tai 1,5, väliltä 1–10" },
    });
    expect(flowFromForm(wb, { ...base, minCadenceDays: "30", maxCadenceDays: "20" }, "EUR", fi)).toEqual({
      ok: false, errors: { maxCadenceDays: "Pisimmän ostorytmin on oltava vähintään yhtä pitkä kuin lyhimmän" },
    });
  });

  it("program mails: only on/off is edited, the rest stays as stored", () => {
    const welcome = defaultFlow("welcome");
    expect(flowFromForm(welcome, { enabled: "true", holdoutPct: "30", "steps.0.delay": "5" }, "EUR", en)).toEqual({ ok: true, config: { ...welcome, enabled: true } });
    expect(flowFromForm(welcome, { enabled: "maybe" }, "EUR", fi)).toEqual({ ok: false, errors: { enabled: "Lähetä tämä automaatio: valitse päällä tai pois" } });
    expect(flowFormFields("welcome", flowFormValues(welcome, "EUR"))).toEqual({ enabled: "false" });
  });

  it("a new step comes a day after the last, in its unit", () => {
    const [first, second] = flowFormValues(ac, "EUR").steps;
    expect([newStepValues(first).delay, newStepValues(first).delayUnit]).toEqual(["25", "hours"]);
    expect([newStepValues(second).delay, newStepValues(second).delayUnit]).toEqual(["2", "days"]);
    expect(newStepValues(undefined).delay).toBe("24");
  });
});
