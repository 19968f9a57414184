import { describe, expect, it } from "vitest";
import {
  REFERRAL_CODE, actionFromInput, actionView, birthdaysCelebratedOn, claimVerdict, defaultActions, friendCodeFromBytes, friendDiscountInput,
  isBirthdayToday, localDateIn, normalizeEmail, parseActionConfig, parseBirthday, referralCodeFromBytes, referralConfig, referralLink,
  referralOrderVerdict, reviewLimit, reviewWithinLimit, welcomeApplies, type ActionState, type ClaimFacts, type EarningAction,
  type ReferralOrderFacts,
} from "../../../app/loyalty/actions";
import { shippingAddressHash } from "../../../app/loyalty/order-facts";

const TODAY = { year: 2026, month: 7, day: 15 };

describe("birthdays", () => {
  it("accepts MM-DD and YYYY-MM-DD and stores them canonically", () => {
    expect(parseBirthday("03-09", TODAY)).toEqual({ ok: true, birthday: "03-09" });
    expect(parseBirthday(" 1990-12-31 ", TODAY)).toEqual({ ok: true, birthday: "1990-12-31" });
    expect(parseBirthday("1900-01-01", TODAY)).toEqual({ ok: true, birthday: "1900-01-01" });
    expect(parseBirthday("2026-07-15", TODAY)).toEqual({ ok: true, birthday: "2026-07-15" });
  });

  it("rejects what is not a real date, with the reason", () => {
    expect(parseBirthday("3-9", TODAY)).toEqual({ ok: false, error: "format" });
    expect(parseBirthday("1990/03/09", TODAY)).toEqual({ ok: false, error: "format" });
    expect(parseBirthday("", TODAY)).toEqual({ ok: false, error: "format" });
    expect(parseBirthday("13-01", TODAY)).toEqual({ ok: false, error: "date" });
    expect(parseBirthday("00-10", TODAY)).toEqual({ ok: false, error: "date" });
    expect(parseBirthday("04-31", TODAY)).toEqual({ ok: false, error: "date" });
    expect(parseBirthday("02-30", TODAY)).toEqual({ ok: false, error: "date" });
    expect(parseBirthday("06-00", TODAY)).toEqual({ ok: false, error: "date" });
  });

  it("allows Feb 29 without a year, and with a year only in a leap year", () => {
    expect(parseBirthday("02-29", TODAY)).toEqual({ ok: true, birthday: "02-29" });
    expect(parseBirthday("2000-02-29", TODAY)).toEqual({ ok: true, birthday: "2000-02-29" });
    expect(parseBirthday("1996-02-29", TODAY)).toEqual({ ok: true, birthday: "1996-02-29" });
    expect(parseBirthday("1900-02-29", TODAY)).toEqual({ ok: false, error: "date" }); // 1900 was not a leap year
    expect(parseBirthday("2023-02-29", TODAY)).toEqual({ ok: false, error: "date" });
  });

  it("keeps the year between 1900 and this year, and the date not in the future", () => {
    expect(parseBirthday("1899-12-31", TODAY)).toEqual({ ok: false, error: "year" });
    expect(parseBirthday("2027-01-01", TODAY)).toEqual({ ok: false, error: "year" });
    expect(parseBirthday("2026-07-16", TODAY)).toEqual({ ok: false, error: "future" });
    expect(parseBirthday("2026-12-01", TODAY)).toEqual({ ok: false, error: "future" });
  });

  it("celebrates Feb 29 birthdays on Feb 28 in other years, on Feb 29 in leap years", () => {
    expect(birthdaysCelebratedOn({ year: 2027, month: 2, day: 28 })).toEqual(["02-28", "02-29"]);
    expect(birthdaysCelebratedOn({ year: 2028, month: 2, day: 28 })).toEqual(["02-28"]);
    expect(birthdaysCelebratedOn({ year: 2028, month: 2, day: 29 })).toEqual(["02-29"]);
    expect(birthdaysCelebratedOn({ year: 2100, month: 2, day: 28 })).toEqual(["02-28", "02-29"]);
    expect(isBirthdayToday("1996-02-29", { year: 2027, month: 2, day: 28 })).toBe(true);
    expect(isBirthdayToday("02-29", { year: 2028, month: 2, day: 28 })).toBe(false);
    expect(isBirthdayToday("02-29", { year: 2028, month: 2, day: 29 })).toBe(true);
    expect(isBirthdayToday("1990-03-01", { year: 2027, month: 3, day: 1 })).toBe(true);
  });

  it("decides 'today' in the shop's time zone, not UTC", () => {
    // 22:30 UTC on March 8 is already March 9 in Helsinki (UTC+2) and still March 8 in Los Angeles.
    const now = new Date("2026-03-08T22:30:00Z");
    expect(localDateIn(now, "Europe/Helsinki")).toEqual({ year: 2026, month: 3, day: 9 });
    expect(localDateIn(now, "America/Los_Angeles")).toEqual({ year: 2026, month: 3, day: 8 });
    expect(localDateIn(now, "UTC")).toEqual({ year: 2026, month: 3, day: 8 });
    expect(isBirthdayToday("03-09", localDateIn(now, "Europe/Helsinki"))).toBe(true);
    expect(isBirthdayToday("03-09", localDateIn(now, "America/Los_Angeles"))).toBe(false);
    // New Year's Eve in Tokyo is already the new year.
    expect(localDateIn(new Date("2026-12-31T16:00:00Z"), "Asia/Tokyo")).toEqual({ year: 2027, month: 1, day: 1 });
    // An unknown zone falls back to UTC.
    expect(localDateIn(now, "Mars/Olympus")).toEqual({ year: 2026, month: 3, day: 8 });
  });
});

describe("referral codes", () => {
  const ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

  it("members' codes are REF- and 8 characters without look-alikes", () => {
    expect(referralCodeFromBytes(new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7]))).toBe("REF-23456789");
    expect(referralCodeFromBytes(new Uint8Array([31, 32, 255, 254, 30, 29, 8, 9]))).toBe("REF-2398ZYAB");
    for (let i = 0; i < 200; i++) {
      const bytes = new Uint8Array(8).map((_, j) => (i * 37 + j * 101) % 256);
      const code = referralCodeFromBytes(bytes);
      expect(code).toMatch(REFERRAL_CODE);
      expect([...code.slice(4)].every((c) => ALPHABET.includes(c))).toBe(true);
      expect(code.slice(4)).not.toMatch(/[01ILO]/);
    }
    expect(REFERRAL_CODE.test("REF-2345678O")).toBe(false);
    expect(REFERRAL_CODE.test("REF-1234567")).toBe(false);
  });

  it("friends' codes are FRIEND-XXXXX-XXXXX from the same alphabet", () => {
    expect(friendCodeFromBytes(new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]))).toBe("FRIEND-23456-789AB");
    expect(friendCodeFromBytes(new Uint8Array(10).fill(255))).toBe("FRIEND-ZZZZZ-ZZZZZ".replace(/Z/g, ALPHABET[255 % 31]!));
  });

  it("links point at the storefront with the code", () => {
    expect(referralLink("shop.example.com", "REF-ABCDEFGH")).toBe("https://shop.example.com/?kanta_ref=REF-ABCDEFGH");
  });

  it("emails are normalized, and what is not one is refused", () => {
    expect(normalizeEmail("  Friend@Example.COM ")).toBe("friend@example.com");
    expect(normalizeEmail("no-at-sign")).toBeNull();
    expect(normalizeEmail("two@@example.com")).toBeNull();
    expect(normalizeEmail("a b@example.com")).toBeNull();
    expect(normalizeEmail(`${"x".repeat(250)}@example.com`)).toBeNull();
    expect(normalizeEmail(null)).toBeNull();
  });
});

describe("referral fraud rules", () => {
  const claim = (over: Partial<ClaimFacts> = {}): ClaimFacts => ({
    referrerGid: "gid://shopify/Customer/1", referrerEmail: "anna@example.com", friendEmail: "ben@example.com", claimantGid: null,
    friendHasOrders: false, existingClaim: null, ...over,
  });

  it("a new friend may claim", () => {
    expect(claimVerdict(claim())).toEqual({ ok: true, replay: false });
    expect(claimVerdict(claim({ claimantGid: "gid://shopify/Customer/2" }))).toEqual({ ok: true, replay: false });
  });

  it("self-referral is blocked: the referrer logged in, or the referrer's own email", () => {
    expect(claimVerdict(claim({ claimantGid: "gid://shopify/Customer/1" }))).toEqual({ ok: false, reason: "self_referral" });
    expect(claimVerdict(claim({ friendEmail: "ANNA@example.com" }))).toEqual({ ok: false, reason: "self_referral" });
  });

  it("a customer who already ordered is not a new friend", () => {
    expect(claimVerdict(claim({ friendHasOrders: true }))).toEqual({ ok: false, reason: "existing_customer" });
  });

  it("one claim per email: a second referrer is refused, the same claim again is a replay", () => {
    expect(claimVerdict(claim({ existingClaim: { referrerGid: "gid://shopify/Customer/9" } }))).toEqual({ ok: false, reason: "already_claimed" });
    expect(claimVerdict(claim({ existingClaim: { referrerGid: "gid://shopify/Customer/1" } }))).toEqual({ ok: true, replay: true });
  });

  const order = (over: Partial<ReferralOrderFacts> = {}): ReferralOrderFacts => ({
    referrerGid: "gid://shopify/Customer/1", referrerEmail: "anna@example.com", orderCustomerGid: "gid://shopify/Customer/2",
    orderEmail: "ben@example.com", orderAddressHash: "b".repeat(64), referrerAddressHashes: ["a".repeat(64)], earlierPaidOrder: false, ...over,
  });

  it("the friend's own order rewards the referrer", () => {
    expect(referralOrderVerdict(order())).toEqual({ ok: true });
    expect(referralOrderVerdict(order({ orderCustomerGid: null, orderAddressHash: null }))).toEqual({ ok: true });
    expect(referralOrderVerdict(order({ referrerEmail: null }))).toEqual({ ok: true });
  });

  it("the referrer's own order, the referrer's email or the referrer's address is stopped", () => {
    expect(referralOrderVerdict(order({ orderCustomerGid: "gid://shopify/Customer/1" }))).toEqual({ ok: false, reason: "self_referral" });
    expect(referralOrderVerdict(order({ orderEmail: " Anna@Example.com" }))).toEqual({ ok: false, reason: "same_email" });
    expect(referralOrderVerdict(order({ orderAddressHash: "a".repeat(64) }))).toEqual({ ok: false, reason: "same_address" });
  });

  it("only the friend's first paid order counts: a customer who ordered before is not a new friend", () => {
    expect(referralOrderVerdict(order({ earlierPaidOrder: true }))).toEqual({ ok: false, reason: "existing_customer" });
    // The referrer's own order is named as such, whatever they ordered before.
    expect(referralOrderVerdict(order({ orderCustomerGid: "gid://shopify/Customer/1", earlierPaidOrder: true }))).toEqual({ ok: false, reason: "self_referral" });
  });

  it("addresses compare normalized: case, spacing and the zip's spaces do not matter", () => {
    const a = shippingAddressHash({ address1: "1 Main  Street", zip: "SW1A 1AA", country_code: "GB" });
    const b = shippingAddressHash({ address1: " 1 main street ", zip: "sw1a1aa", country_code: "gb" });
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(b).toBe(a);
    expect(shippingAddressHash({ address1: "2 Main Street", zip: "SW1A 1AA", country_code: "GB" })).not.toBe(a);
    expect(shippingAddressHash({ address1: "1 Main Street", zip: "SW1A 1AA", country_code: "IE" })).not.toBe(a);
    expect(shippingAddressHash(null)).toBeNull();
    expect(shippingAddressHash({ address1: "", zip: " ", country_code: "GB" })).toBeNull();
  });
});

describe("the friend's discount", () => {
  it("is a single-use code anyone may use, 10 % off by default, ending after the code lifetime", () => {
    const config = referralConfig({ config: {} });
    expect(config).toEqual({ friendDiscount: { kind: "percent", percentBps: 1000 }, combinesWith: { order: false, product: true, shipping: true }, lifetimeDays: 30 });
    expect(friendDiscountInput(config, { code: "FRIEND-ABCDE-FGHJK", title: "t", startsAt: new Date("2026-01-01T00:00:00Z") })).toEqual({
      title: "t", code: "FRIEND-ABCDE-FGHJK", startsAt: "2026-01-01T00:00:00.000Z", endsAt: "2026-01-31T00:00:00.000Z", usageLimit: 1,
      appliesOncePerCustomer: true, context: { all: "ALL" },
      combinesWith: { orderDiscounts: false, productDiscounts: true, shippingDiscounts: true },
      customerGets: { value: { percentage: 0.1 }, items: { all: true } },
    });
  });

  it("can be a fixed amount in the shop currency, in its exponent", () => {
    const jpy = friendDiscountInput(
      { friendDiscount: { kind: "amount", valueMinor: 500, currency: "JPY" }, combinesWith: { order: true, product: false, shipping: false }, lifetimeDays: 7 },
      { code: "C", title: "t", startsAt: new Date("2026-01-01T00:00:00Z") },
    );
    expect(jpy.customerGets).toEqual({ value: { discountAmount: { amount: "500", appliesOnEachItem: false } }, items: { all: true } });
    expect(jpy.endsAt).toBe("2026-01-08T00:00:00.000Z");
    expect(jpy.combinesWith).toEqual({ orderDiscounts: true, productDiscounts: false, shippingDiscounts: false });
  });
});

describe("welcome bonus", () => {
  const installed = "2026-01-10T12:00:00.000Z";

  it("goes to customers joining through live webhooks after the install completed", () => {
    expect(welcomeApplies("webhook:customers/create:abc", installed, "2026-01-10T12:00:01.000Z")).toBe(true);
    expect(welcomeApplies("webhook:orders/paid:abc", installed, "2026-02-01T00:00:00.000Z")).toBe(true);
    expect(welcomeApplies("shopper:gid://shopify/Customer/1", installed, "2026-02-01T00:00:00.000Z")).toBe(true);
  });

  it("not to customers from the history import, before the install, or in a shop never installed", () => {
    expect(welcomeApplies("webhook:kanta/customers_import:import:gid://shopify/Customer/1:2026", installed, "2026-02-01T00:00:00.000Z")).toBe(false);
    expect(welcomeApplies("webhook:kanta/orders_import:import:gid://shopify/Order/1:2026", installed, "2026-02-01T00:00:00.000Z")).toBe(false);
    expect(welcomeApplies("webhook:orders/paid:abc", installed, installed)).toBe(false);
    expect(welcomeApplies("webhook:orders/paid:abc", installed, "2026-01-09T00:00:00.000Z")).toBe(false);
    expect(welcomeApplies("webhook:orders/paid:abc", null, "2026-02-01T00:00:00.000Z")).toBe(false);
    // Kanta's own re-posting of orders (a merchant's setting) is no joining.
    expect(welcomeApplies("setting:historic-points", installed, "2026-02-01T00:00:00.000Z")).toBe(false);
  });
});

describe("defaults and the merchant's settings", () => {
  it("starts with the welcome bonus on and the others off", () => {
    expect(defaultActions().map((a) => [a.kind, a.name, a.points, a.enabled])).toEqual([
      ["welcome", "Welcome bonus", 100, true],
      ["birthday", "Birthday bonus", 100, false],
      ["referral", "Refer a friend", 500, false],
      ["review", "Review a product", 50, false],
    ]);
    expect(reviewLimit(defaultActions()[3]!)).toEqual({ count: 5, days: 30 });
  });

  it("reads stored settings leniently", () => {
    expect(parseActionConfig("not json")).toEqual({});
    expect(parseActionConfig('{"limit":{"count":"x"}}')).toEqual({});
    expect(parseActionConfig('{"url":"https://instagram.com/shop"}')).toEqual({ url: "https://instagram.com/shop" });
    expect(reviewLimit({ config: { limit: null } })).toBeNull();
  });

  it("checks name and points, with errors by field", () => {
    expect(actionFromInput({ name: "", points: "abc" }, "welcome", "USD")).toEqual({
      ok: false, errors: { name: "Name is required", points: "Points must be a whole number" },
    });
    expect(actionFromInput({ name: "Hi", points: "0" }, "welcome", "USD")).toEqual({ ok: false, errors: { points: "Points must be at least 1" } });
    expect(actionFromInput({ name: "Hi", points: "2.5" }, "welcome", "USD")).toEqual({ ok: false, errors: { points: "Points must be a whole number" } });
    expect(actionFromInput({ name: " Welcome ", points: "150", enabled: "on" }, "welcome", "USD")).toEqual({
      ok: true, action: { kind: "welcome", name: "Welcome", points: 150, enabled: true, config: {} },
    });
  });

  it("custom actions take an optional https link", () => {
    expect(actionFromInput({ name: "Follow us", points: 20, enabled: true, url: "https://instagram.com/kanta" }, "custom", null)).toEqual({
      ok: true, action: { kind: "custom", name: "Follow us", points: 20, enabled: true, config: { url: "https://instagram.com/kanta" } },
    });
    expect(actionFromInput({ name: "Follow us", points: 20, url: "" }, "custom", null)).toMatchObject({ ok: true, action: { config: { url: null }, enabled: false } });
    expect(actionFromInput({ name: "Follow us", points: 20, url: "javascript:alert(1)" }, "custom", null)).toEqual({
      ok: false, errors: { url: "Enter a link that starts with https:// (at most 500 characters)" },
    });
  });

  it("reviews take a per-member limit (empty = none)", () => {
    expect(actionFromInput({ name: "Review", points: 50, limitCount: "3", limitDays: "7" }, "review", "USD")).toMatchObject({ ok: true, action: { config: { limit: { count: 3, days: 7 } } } });
    expect(actionFromInput({ name: "Review", points: 50, limitCount: "3" }, "review", "USD")).toMatchObject({ ok: true, action: { config: { limit: { count: 3, days: 30 } } } });
    expect(actionFromInput({ name: "Review", points: 50, limitCount: "" }, "review", "USD")).toMatchObject({ ok: true, action: { config: { limit: null } } });
    expect(actionFromInput({ name: "Review", points: 50, limitCount: "0" }, "review", "USD")).toEqual({ ok: false, errors: { limitCount: "Enter a whole number from 1 to 1,000" } });
    expect(reviewWithinLimit(4, { count: 5, days: 30 })).toBe(true);
    expect(reviewWithinLimit(5, { count: 5, days: 30 })).toBe(false);
    expect(reviewWithinLimit(500, null)).toBe(true);
  });

  it("referrals take the friend's discount: a percentage, or an amount in the shop currency", () => {
    expect(actionFromInput({ name: "Refer", points: 500, friendPercent: "12.5", combinesProduct: "on" }, "referral", "USD")).toEqual({
      ok: true,
      action: {
        kind: "referral", name: "Refer", points: 500, enabled: false,
        config: { friendDiscount: { kind: "percent", percentBps: 1250 }, lifetimeDays: 30, combinesWith: { order: false, product: true, shipping: false } },
      },
    });
    expect(actionFromInput({ name: "Refer", points: 500, friendDiscountType: "amount", friendAmount: "5.5", lifetimeDays: "14" }, "referral", "KWD")).toMatchObject({
      ok: true, action: { config: { friendDiscount: { kind: "amount", valueMinor: 5500, currency: "KWD" }, lifetimeDays: 14 } },
    });
    expect(actionFromInput({ name: "Refer", points: 500, friendDiscountType: "amount", friendAmount: "5.5" }, "referral", "JPY")).toEqual({
      ok: false, errors: { friendAmount: "Enter an amount like 5 (JPY has 0 decimals)" },
    });
    expect(actionFromInput({ name: "Refer", points: 500, friendPercent: "101" }, "referral", "USD")).toEqual({
      ok: false, errors: { friendPercent: "Enter a percentage above 0 and at most 100, with up to two decimals" },
    });
  });
});

describe("what the storefront shows", () => {
  const action = (over: Partial<EarningAction>): EarningAction => ({
    id: 1, kind: "custom", name: "x", points: 10, enabled: true, config: {}, position: 0, ...over,
  });
  const state = (over: Partial<ActionState> = {}): ActionState => ({
    loggedIn: true, welcomed: false, birthdaySet: false, completedCustom: new Set(), reviewLimitReached: false, ...over,
  });

  it("marks once-only actions completed and what can still be earned available", () => {
    expect(actionView(action({ kind: "welcome" }), state({ welcomed: true }))).toEqual({ kind: "welcome", available: false, completed: true });
    expect(actionView(action({ kind: "birthday" }), state())).toEqual({ kind: "birthday", available: true, completed: false });
    expect(actionView(action({ kind: "birthday" }), state({ birthdaySet: true }))).toEqual({ kind: "birthday", available: false, completed: true });
    expect(actionView(action({ kind: "review" }), state({ reviewLimitReached: true }))).toEqual({ kind: "review", available: false, completed: false });
    expect(actionView(action({ id: 7, config: { url: "https://x.example" } }), state({ completedCustom: new Set([7]) }))).toEqual({
      kind: "custom", available: false, completed: true, url: "https://x.example",
    });
    expect(actionView(action({ kind: "welcome" }), state({ loggedIn: false }))).toEqual({ kind: "welcome", available: true, completed: false });
  });
});
