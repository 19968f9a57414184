// Products excluded from earning: the settings' checks, and how an exclusion is fixed on a line
// the first time Kanta records it.
import { describe, expect, it } from "vitest";
import { orderFactsFromPayload, type LineFacts } from "../../../app/loyalty/order-facts";
import {
  applyLineExclusions, mergeOrderFacts, newLineProductGids, planOrderPosting, type OrderRecordState,
} from "../../../app/loyalty/order-posting";
import { earningSettingsFromInput, type EarningSettings } from "../../../app/loyalty/program-settings";
import { lineItem, orderPayload } from "./fixtures";

const RULE = { points: 1, perMajorUnits: 1, earnOnTestOrders: false };
const SHIRT = "gid://shopify/Product/501";
const SOCKS = "gid://shopify/Product/502";

function order(lines: { id: number; productId: string | null; price: string }[], updatedAt: string) {
  return orderFactsFromPayload(
    orderPayload({
      id: 9001,
      financialStatus: "paid",
      totalPrice: "100.00",
      lines: lines.map((l) => lineItem({ id: l.id, title: `Line ${l.id}`, quantity: 1, price: l.price, extra: { product_id: l.productId } })),
      extra: { updated_at: updatedAt },
    }),
  );
}

const excluding = (...gids: string[]) => (gid: string) => gids.includes(gid);

describe("line exclusions", () => {
  it("reads the product id of each line (null for custom lines)", () => {
    const facts = order([{ id: 1, productId: "501", price: "30.00" }, { id: 2, productId: null, price: "5.00" }], "2026-03-01T10:00:00Z");
    expect(facts.lines.map((l: LineFacts) => [l.lineGid, l.productGid])).toEqual([
      ["gid://shopify/LineItem/1", SHIRT],
      ["gid://shopify/LineItem/2", null],
    ]);
  });

  it("an excluded line earns nothing; the other lines earn exactly", () => {
    const facts = order([{ id: 1, productId: "501", price: "30.00" }, { id: 2, productId: "502", price: "12.99" }], "2026-03-01T10:00:00Z");
    const merged = mergeOrderFacts(null, facts);
    expect(newLineProductGids(null, merged)).toEqual([SHIRT, SOCKS]);
    const state = applyLineExclusions(null, merged, excluding(SHIRT));
    expect(state.lines!.map((l) => l.excluded === true)).toEqual([true, false]);
    const { entry } = planOrderPosting(state, RULE, { kind: "order" });
    expect(entry).toMatchObject({ points: 12, source: "order", lines: [{ lineGid: "gid://shopify/LineItem/2", eligibleMinor: 1299 }] });
  });

  it("a recorded line keeps its exclusion whatever the exclusions are later; a new line takes them as they are now", () => {
    const first = applyLineExclusions(null, mergeOrderFacts(null, order([{ id: 1, productId: "501", price: "30.00" }], "2026-03-01T10:00:00Z")), excluding(SHIRT));
    const posted = planOrderPosting(first, RULE, { kind: "order" }).state;
    expect(posted.pointsPosted).toBe(0);
    // Later the shirt is no longer excluded, the socks are, and an edit adds socks.
    const edited = mergeOrderFacts(posted, order([{ id: 1, productId: "501", price: "30.00" }, { id: 3, productId: "502", price: "8.00" }], "2026-03-02T10:00:00Z"));
    expect(newLineProductGids(posted, edited)).toEqual([SOCKS]);
    const state: OrderRecordState = applyLineExclusions(posted, edited, excluding(SOCKS));
    expect(state.lines!.map((l) => [l.lineGid, l.excluded === true])).toEqual([
      ["gid://shopify/LineItem/1", true],
      ["gid://shopify/LineItem/3", true],
    ]);
    expect(planOrderPosting(state, RULE, { kind: "order" }).entry).toBeNull();
    // A line recorded as eligible stays eligible when its product is excluded later.
    const plain = applyLineExclusions(null, mergeOrderFacts(null, order([{ id: 4, productId: "502", price: "20.00" }], "2026-03-01T10:00:00Z")), excluding());
    const again = applyLineExclusions(plain, mergeOrderFacts(plain, order([{ id: 4, productId: "502", price: "20.00" }], "2026-03-03T10:00:00Z")), excluding(SOCKS));
    expect(again.lines![0]!.excluded).toBeUndefined();
    expect(planOrderPosting(again, RULE, { kind: "order" }).entry).toMatchObject({ points: 20 });
  });
});

describe("earning settings", () => {
  const current: EarningSettings = { points: 1, perMajorUnits: 1, earnOnTestOrders: false, excludedTags: [], excludedCollections: [] };

  it("accepts form strings, trims and de-duplicates tags (ignoring case), keeps absent fields", () => {
    expect(
      earningSettingsFromInput(
        { points: "2", perMajorUnits: "100", earnOnTestOrders: "on", excludedTags: " gift wrap, Sale ,,sale, GIFT WRAP ", excludedCollections: "gid://shopify/Collection/11\ngid://shopify/Collection/12, gid://shopify/Collection/11" },
        current,
      ),
    ).toEqual({
      ok: true,
      settings: {
        points: 2, perMajorUnits: 100, earnOnTestOrders: true, excludedTags: ["gift wrap", "Sale"],
        excludedCollections: ["gid://shopify/Collection/11", "gid://shopify/Collection/12"],
      },
    });
    expect(earningSettingsFromInput({ excludedTags: ["Final sale"] }, current)).toEqual({ ok: true, settings: { ...current, excludedTags: ["Final sale"] } });
    expect(earningSettingsFromInput({ excludedTags: "", excludedCollections: [] }, { ...current, excludedTags: ["x"] })).toEqual({ ok: true, settings: current });
  });

  it("names every bad field", () => {
    expect(
      earningSettingsFromInput(
        { points: "0", perMajorUnits: "1000001", earnOnTestOrders: "maybe", excludedTags: ["ok", "t".repeat(256)], excludedCollections: "gid://shopify/Product/5" },
        current,
      ),
    ).toEqual({
      ok: false,
      errors: {
        points: "Points must be at least 1",
        perMajorUnits: "Amount spent must be at most 1,000,000",
        earnOnTestOrders: "Test orders earn must be on or off",
        excludedTags: 'Each tag must be at most 255 characters ("tttttttttttttttttttt…" is longer)',
        excludedCollections: 'Enter collection ids like gid://shopify/Collection/123 ("gid://shopify/Product/5" is not one)',
      },
    });
    const many = Array.from({ length: 51 }, (_, i) => `tag${i}`);
    expect(earningSettingsFromInput({ excludedTags: many.join(","), points: 2.5, perMajorUnits: "" }, current)).toEqual({
      ok: false,
      errors: { excludedTags: "Enter at most 50 tags", points: "Points must be a whole number", perMajorUnits: "Amount spent is required" },
    });
    const collections = Array.from({ length: 51 }, (_, i) => `gid://shopify/Collection/${i + 1}`);
    expect(earningSettingsFromInput({ excludedCollections: collections, points: 1001 }, current)).toEqual({
      ok: false,
      errors: { excludedCollections: "Enter at most 50 collections", points: "Points must be at most 1,000" },
    });
    expect(earningSettingsFromInput({ excludedTags: 5 }, current)).toEqual({ ok: false, errors: { excludedTags: "Enter tags separated by commas" } });
  });
});
