import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "../../../app/env.server";
import { demoMailHtml, listDemoMails } from "../../../app/local-admin/demo-mail.server";
import { isMailbox } from "../../../app/mail/address";
import { maskEmail } from "../../../app/mail/pages";
import { checkMailSettings, MailSettingsError } from "../../../app/storage/mail-settings.server";

const base = { SHOPIFY_API_KEY: "k", SHOPIFY_API_SECRET: "s", SHOPIFY_APP_URL: "https://kanta.example", SCOPES: "read_orders" };

function envError(extra: Record<string, string>): string {
  try {
    parseEnv({ ...base, ...extra });
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return (error as Error).message;
  }
  throw new Error("expected an EnvError");
}

describe("SMTP_URL and MAIL_FROM", () => {
  it("are optional, and taken when well formed", () => {
    const unset = parseEnv(base);
    expect([unset.SMTP_URL, unset.MAIL_FROM]).toEqual([undefined, undefined]);
    const empty = parseEnv({ ...base, SMTP_URL: "", MAIL_FROM: "" });
    expect([empty.SMTP_URL, empty.MAIL_FROM]).toEqual([undefined, undefined]);
    expect(parseEnv({ ...base, SMTP_URL: "smtps://user:pw@smtp.example.com:465", MAIL_FROM: " Aurora Goods <rewards@aurora.example> " })).toMatchObject({
      SMTP_URL: "smtps://user:pw@smtp.example.com:465", MAIL_FROM: "Aurora Goods <rewards@aurora.example>",
    });
  });

  it("a bad value stops the start with a message naming it", () => {
    expect(envError({ SMTP_URL: "https://smtp.example.com" })).toContain(
      "  SMTP_URL: must be an smtp:// or smtps:// URL, e.g. smtp://user:password@smtp.example.com:587",
    );
    expect(envError({ SMTP_URL: "smtp.example.com:587" })).toContain("  SMTP_URL: must be an smtp:// or smtps:// URL");
    expect(envError({ MAIL_FROM: "Aurora Goods" })).toContain('  MAIL_FROM: must be an email address or "Name <address>", e.g. "Kanta <rewards@example.com>"');
  });

  it("mailboxes", () => {
    expect(["a@b.fi", "Aurora <a@b.fi>", '"Aurora, Oy" <a@b.fi>', "Aurora<a@b.fi>"].every(isMailbox)).toBe(true);
    expect(["", "a@b", "a b@c.fi", "<a@b.fi", "Aurora <a@b.fi> x", "A <b> <a@b.fi>", "a@b.fi\r\nBcc: x@y.fi"].some(isMailbox)).toBe(false);
  });
});

describe("mail settings input", () => {
  it("normalizes and accepts good input", () => {
    expect(checkMailSettings({ from: "  ", postalAddress: " Mannerheimintie 1\r\n00100 Helsinki ", quietHours: { startMinute: 22 * 60, endMinute: 7 * 60 } })).toEqual({
      from: null, postalAddress: "Mannerheimintie 1\n00100 Helsinki", quietHours: { startMinute: 1320, endMinute: 420 },
    });
  });
  it.each([
    [{ from: "not an address", postalAddress: null, quietHours: null }, "from"],
    [{ from: null, postalAddress: "x".repeat(501), quietHours: null }, "postalAddress"],
    [{ from: null, postalAddress: null, quietHours: { startMinute: 1440, endMinute: 0 } }, "quietHours"],
    [{ from: null, postalAddress: null, quietHours: { startMinute: 60, endMinute: 60 } }, "quietHours"],
    [{ from: null, postalAddress: null, quietHours: { startMinute: 1.5, endMinute: 60 } }, "quietHours"],
  ])("%o → an error on %s", (input, field) => {
    expect(() => checkMailSettings(input)).toThrow(MailSettingsError);
    try {
      checkMailSettings(input);
    } catch (error) {
      expect((error as MailSettingsError).field).toBe(field);
    }
  });
});

describe("unsubscribe pages and the demo's mail page", () => {
  it("mask addresses", () => {
    expect(maskEmail("maija.meikalainen@example.com")).toBe("m••••••••@example.com");
    expect(maskEmail("al@example.com")).toBe("a•••@example.com");
    expect(maskEmail("nonsense")).toBe("•••");
  });

  it("the demo's mails, newest first, escaped", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kanta-demo-mail-"));
    const write = (name: string, receivedAt: string, subject: string) =>
      fs.writeFileSync(path.join(dir, name), JSON.stringify({ receivedAt, from: "Shop <s@shop.example>", to: ["a@example.com"], subject, text: "t", html: "<p>h</p>", headers: {} }));
    write("1.json", "2026-06-01T10:00:00.000Z", "older");
    write("2.json", "2026-06-01T11:00:00.000Z", "newer <b>");
    fs.writeFileSync(path.join(dir, "3.json"), "{ half written");
    const list = listDemoMails(dir);
    expect(list.mails.map((m) => m.subject)).toEqual(["newer <b>", "older"]);
    const html = demoMailHtml(dir, list);
    expect(html).toContain("<td>2026-06-01T11:00:00.000Z</td><td>a@example.com</td><td>newer &lt;b&gt;</td>");
    expect(html).toContain('srcdoc="&lt;p&gt;h&lt;/p&gt;"');
    expect(listDemoMails(path.join(dir, "missing"))).toEqual({ mails: [], total: 0 });
  });
});
