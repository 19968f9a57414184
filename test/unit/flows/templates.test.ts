import { describe, expect, it } from "vitest";
import {
  describeDiscount, formatMoney, mailLocale, renderMail, sampleMailContent, type MailContent,
} from "../../../app/flows/templates";

const shop = {
  name: "Aurora Goods", storefrontUrl: "https://aurora.example",
  postalAddress: "Aurora Goods Oy, Mannerheimintie 1, 00100 Helsinki, Finland", timezone: "Europe/Helsinki",
};
const now = new Date("2026-06-01T09:00:00Z");
const sample = (kind: MailContent["kind"], step: number, locale: "en" | "fi") => sampleMailContent(kind, step, locale, shop, {}, now);

describe("mailLocale", () => {
  it.each([["fi", "fi"], ["fi-FI", "fi"], ["FI_fi", "fi"], ["en", "en"], ["sv-FI", "en"], ["fil", "en"], [null, "en"], [undefined, "en"], ["", "en"]])(
    "%s → %s", (tag, expected) => expect(mailLocale(tag)).toBe(expected),
  );
});

describe("subjects for every kind and step", () => {
  it.each([
    ["abandoned_checkout", 0, "en", "Your cart at Aurora Goods is waiting for you"],
    ["abandoned_checkout", 1, "en", "10% off for your cart at Aurora Goods"],
    ["abandoned_checkout", 2, "en", "Last call: your cart at Aurora Goods"],
    ["win_back", 0, "en", "We miss you at Aurora Goods"],
    ["win_back", 1, "en", "It's been a while – Aurora Goods would love to see you again"],
    ["win_back", 2, "en", "Last chance to come back to Aurora Goods"],
    ["points_expiring", 0, "en", "Your 120 points at Aurora Goods expire on June 15, 2026"],
    ["tier_upgrade", 0, "en", "Welcome to Gold at Aurora Goods"],
    ["welcome", 0, "en", "Welcome to Aurora Goods rewards"],
    ["points_earned", 0, "en", "You earned 65 points at Aurora Goods"],
    ["test", 0, "en", "Test mail from Aurora Goods"],
    ["abandoned_checkout", 0, "fi", "Ostoskorisi odottaa sinua – Aurora Goods"],
    ["abandoned_checkout", 1, "fi", "10 %:n alennus ostoskoriisi – Aurora Goods"],
    ["abandoned_checkout", 2, "fi", "Viimeinen muistutus: ostoskorisi odottaa – Aurora Goods"],
    ["win_back", 0, "fi", "Meillä on ikävä sinua – Aurora Goods"],
    ["win_back", 1, "fi", "Siitä on jo aikaa – Aurora Goods odottaa sinua takaisin"],
    ["win_back", 2, "fi", "Viimeinen tilaisuus palata – Aurora Goods"],
    ["points_expiring", 0, "fi", "120 pistettäsi vanhenee 15. kesäkuuta 2026 – Aurora Goods"],
    ["tier_upgrade", 0, "fi", "Tervetuloa Kulta-tasolle – Aurora Goods"],
    ["welcome", 0, "fi", "Tervetuloa kanta-asiakkaaksi – Aurora Goods"],
    ["points_earned", 0, "fi", "Sait 65 pistettä – Aurora Goods"],
    ["test", 0, "fi", "Testiviesti – Aurora Goods"],
  ] as const)("%s step %i (%s): %s", (kind, step, locale, subject) => {
    expect(renderMail(sample(kind, step, locale)).subject).toBe(subject);
  });

  it("an incentive on the last step names it; own points instead of a code; one point is singular", () => {
    const last = { ...sample("win_back", 2, "en"), incentive: { kind: "code" as const, code: "LAST-1", description: "free shipping", endsAt: null, applyUrl: "https://aurora.example/discount/LAST-1" } };
    expect(renderMail(last).subject).toBe("Last chance: free shipping at Aurora Goods");
    const own = { ...sample("abandoned_checkout", 1, "fi"), incentive: { kind: "own_points" as const, points: 500, rewardName: "5 €:n alennus", url: "https://kanta.example/mail/points?t=x", expiresAt: "2026-06-04T09:00:00Z" } };
    expect(renderMail(own).subject).toBe("Käytä pisteesi ostoskoriisi – Aurora Goods");
    const one = { ...sample("points_expiring", 0, "fi"), program: { points: 1, expiresAt: "2026-06-15T00:00:00Z", balance: 1 } };
    expect(renderMail(one).subject).toBe("1 pisteesi vanhenee 15. kesäkuuta 2026 – Aurora Goods");
    expect(renderMail({ ...one, locale: "en" }).subject).toBe("Your 1 point at Aurora Goods expires on June 15, 2026");
    expect(renderMail({ ...sample("tier_upgrade", 0, "fi"), program: { tierName: "VIP Gold" } }).subject).toBe("Tervetuloa VIP Gold -tasolle – Aurora Goods");
  });

  it("a two-step abandoned-checkout flow: reminder, then last call", () => {
    const two = (step: number) => ({ ...sample("abandoned_checkout", step, "en"), stepsTotal: 2, incentive: undefined });
    expect(renderMail(two(0)).subject).toBe("Your cart at Aurora Goods is waiting for you");
    expect(renderMail(two(1)).subject).toBe("Last call: your cart at Aurora Goods");
  });
});

describe("bodies", () => {
  it("the abandoned cart with its code: lines, total, code, how to apply, links, address, unsubscribe (English text exactly)", () => {
    const content: MailContent = {
      ...sample("abandoned_checkout", 1, "en"),
      cart: { lines: [{ title: "Merino wool beanie", quantity: 1 }, { title: "Linen tea towel", quantity: 2 }], total: "64.80", currency: "EUR", recoveryUrl: "https://kanta.example/mail/click?t=a&u=cart&s=b" },
      unsubscribeUrl: "https://kanta.example/mail/unsubscribe?t=a&s=c",
    };
    expect(renderMail(content).text).toBe([
      "Hi Alex,",
      "",
      "Your cart is still waiting, and we would like to make finishing your order a little easier.",
      "",
      "Your cart:",
      "  1 × Merino wool beanie",
      "  2 × Linen tea towel",
      "Total: €64.80",
      "",
      "Use the code CART-4XM9 for 10% off, valid until June 8, 2026.",
      "The button below adds the code to your cart. You can also enter it at checkout.",
      "",
      "Apply the code: https://aurora.example/discount/CART-4XM9",
      "",
      "Return to your cart: https://kanta.example/mail/click?t=a&u=cart&s=b",
      "",
      "--",
      "Aurora Goods",
      "Aurora Goods Oy, Mannerheimintie 1, 00100 Helsinki, Finland",
      "You are receiving this mail because you are a customer of Aurora Goods.",
      "Unsubscribe: https://kanta.example/mail/unsubscribe?t=a&s=c",
      "",
    ].join("\n"));
    const html = renderMail(content).html;
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('href="https://kanta.example/mail/click?t=a&amp;u=cart&amp;s=b"');
    expect(html).toContain('href="https://kanta.example/mail/unsubscribe?t=a&amp;s=c"');
    expect(html).toContain("Aurora Goods Oy, Mannerheimintie 1, 00100 Helsinki, Finland");
    expect(html).toContain("CART-4XM9</span>");
  });

  it("Finnish: money and dates the Finnish way", () => {
    const { text } = renderMail(sample("abandoned_checkout", 1, "fi"));
    expect(text).toContain("Yhteensä: 64,80\u00a0€");
    expect(text).toContain("Käytä koodia CART-4XM9: 10 %:n alennus, voimassa 8. kesäkuuta 2026 asti.");
    expect(text).toContain("Palaa ostoskoriisi: https://aurora.example/cart");
    expect(text).toContain("Peru tilaus: https://aurora.example/mail/unsubscribe?t=preview");
  });

  it("every kind and step in both languages carries the postal address and the unsubscribe link", () => {
    for (const locale of ["en", "fi"] as const) {
      for (const [kind, steps] of [["abandoned_checkout", 3], ["win_back", 3], ["points_expiring", 1], ["tier_upgrade", 1], ["welcome", 1], ["points_earned", 1]] as const) {
        for (let step = 0; step < steps; step += 1) {
          const content = { ...sample(kind, step, locale), unsubscribeUrl: "https://kanta.example/mail/unsubscribe?t=tok&s=sig" };
          const mail = renderMail(content);
          expect(mail.text).toContain(shop.postalAddress);
          expect(mail.html).toContain(shop.postalAddress);
          expect(mail.text).toContain("https://kanta.example/mail/unsubscribe?t=tok&s=sig");
          expect(mail.html).toContain('href="https://kanta.example/mail/unsubscribe?t=tok&amp;s=sig"');
        }
      }
    }
  });

  it("the merchant's test send has no unsubscribe link but says why", () => {
    for (const locale of ["en", "fi"] as const) {
      const mail = renderMail({ ...sample("abandoned_checkout", 0, locale), unsubscribeUrl: null });
      expect(mail.text).not.toMatch(/mail\/unsubscribe|Unsubscribe:|Peru tilaus:/);
      expect(mail.html).not.toMatch(/mail\/unsubscribe|>Unsubscribe<|>Peru tilaus</);
      expect(mail.text).toContain(shop.postalAddress);
    }
    expect(renderMail({ ...sample("test", 0, "en"), unsubscribeUrl: null }).text).toContain("This is a test send to the shop.");
  });

  it("everything from shops and shoppers is escaped in the HTML, and only http(s) links are linked", () => {
    const content: MailContent = {
      ...sample("abandoned_checkout", 1, "en"),
      shop: { ...shop, name: "Bob's <b>Shop</b>", postalAddress: "1 \"Main\" St & Co" },
      shopper: { firstName: "<img src=x onerror=alert(1)>" },
      cart: { lines: [{ title: "<script>alert('x')</script>", quantity: 1 }], total: "10.00", currency: "USD", recoveryUrl: "javascript:alert(1)" },
    };
    const { html, text, subject } = renderMail(content);
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    expect(html).toContain("Hi &lt;img src=x onerror=alert(1)&gt;,");
    expect(html).toContain("Bob&#39;s &lt;b&gt;Shop&lt;/b&gt;");
    expect(html).toContain("1 &quot;Main&quot; St &amp; Co");
    expect(html).not.toContain("javascript:");
    expect(html).toContain('href="#"');
    expect(text).toContain("  1 × <script>alert('x')</script>");
    expect(subject).toBe("10% off for your cart at Bob's <b>Shop</b>");
  });

  it("the own-points offer says the points are spent only on a click", () => {
    const content: MailContent = {
      ...sample("abandoned_checkout", 1, "en"),
      incentive: { kind: "own_points", points: 1200, rewardName: "€10 off", url: "https://kanta.example/mail/points?t=x&e=1&s=y", expiresAt: "2026-06-04T09:00:00Z" },
    };
    const { text } = renderMail(content);
    expect(text).toContain("You have 1,200 points to spend: they buy you €10 off. One click turns your points into a code on your cart. Your points are spent only if you click, and the link works until June 4, 2026.");
    expect(text).toContain("Use my points: https://kanta.example/mail/points?t=x&e=1&s=y");
  });
});

describe("formatting helpers", () => {
  it("money per locale and currency exponent", () => {
    expect(formatMoney("en", "49.90", "EUR")).toBe("€49.90");
    expect(formatMoney("fi", "49.90", "EUR")).toBe("49,90\u00a0€");
    expect(formatMoney("en", "4990", "JPY")).toBe("¥4,990");
    expect(formatMoney("en", "1.500", "KWD")).toBe("KWD\u00a01.500");
  });
  it("discount descriptions", () => {
    expect(describeDiscount("en", { kind: "percent_off", percentBps: 1250 })).toBe("12.5% off");
    expect(describeDiscount("fi", { kind: "percent_off", percentBps: 1000 })).toBe("10 %:n alennus");
    expect(describeDiscount("en", { kind: "amount_off", amount: "5.00", currency: "USD" })).toBe("$5.00 off");
    expect(describeDiscount("fi", { kind: "amount_off", amount: "5.00", currency: "EUR" })).toBe("5,00\u00a0€:n alennus");
    expect(describeDiscount("fi", { kind: "free_shipping" })).toBe("ilmainen toimitus");
    expect(describeDiscount("en", { kind: "free_product", title: "tote bag" })).toBe("a free tote bag");
  });
});
