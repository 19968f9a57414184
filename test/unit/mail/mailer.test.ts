import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { classifyMailError, createMailer, MailError, type Mailer, type OutgoingMail } from "../../../app/mail/mailer.server";
import { startSmtpServer, type SmtpTestServer } from "../../support/smtp";

const mail = (over: Partial<OutgoingMail> = {}): OutgoingMail => ({
  from: "Aurora Goods <rewards@aurora.example>",
  to: "Maija@Example.com",
  subject: "Ostoskorisi odottaa sinua",
  text: "Hei Maija,\nostoskorisi odottaa.",
  html: "<p>Hei Maija, ostoskorisi odottaa.</p>",
  headers: {
    "List-Unsubscribe": "<https://kanta.example/mail/unsubscribe?t=abc&s=def>",
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  },
  ...over,
});

async function failure(p: Promise<unknown>): Promise<MailError> {
  try {
    await p;
  } catch (error) {
    expect(error).toBeInstanceOf(MailError);
    return error as MailError;
  }
  throw new Error("expected the send to fail");
}

describe("mailer against a real local SMTP server", () => {
  let smtp: SmtpTestServer;
  let mailer: Mailer;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    mailer = createMailer(smtp.url, { timeoutMs: 2000 });
  });
  afterAll(async () => {
    mailer.close();
    await smtp.close();
  });
  beforeEach(async () => {
    await smtp.setMode("accept");
    smtp.clear();
  });

  it("accept: the server gets the message as written and the send returns its Message-ID", async () => {
    const sent = await mailer.send(mail({ messageId: "<run-1-0@kanta.example>" }));
    expect(sent).toEqual({ messageId: "<run-1-0@kanta.example>" });
    const [got] = await smtp.waitForMessages(1);
    expect(got!.messageId).toBe("<run-1-0@kanta.example>");
    expect(got!.from).toBe('"Aurora Goods" <rewards@aurora.example>');
    expect(got!.to).toEqual(["maija@example.com"]);
    expect(got!.subject).toBe("Ostoskorisi odottaa sinua");
    expect(got!.text.trim()).toBe("Hei Maija,\nostoskorisi odottaa.");
    expect(got!.html).toContain("<p>Hei Maija, ostoskorisi odottaa.</p>");
    expect(got!.headers["list-unsubscribe"]).toBe("<https://kanta.example/mail/unsubscribe?t=abc&s=def>");
    expect(got!.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
  });

  it("without a Message-ID nodemailer makes one and the send returns it", async () => {
    const sent = await mailer.send(mail());
    const [got] = await smtp.waitForMessages(1);
    expect(sent.messageId).toMatch(/^<.+@.+>$/);
    expect(got!.messageId).toBe(sent.messageId);
  });

  it("451 → temporary, 550 → permanent, down → unreachable; back up → sent", async () => {
    await smtp.setMode("refuse_temporary");
    const temporary = await failure(mailer.send(mail()));
    expect([temporary.kind, temporary.responseCode]).toEqual(["temporary", 451]);

    await smtp.setMode("refuse_permanent");
    const permanent = await failure(mailer.send(mail()));
    expect([permanent.kind, permanent.responseCode]).toEqual(["permanent", 550]);

    await smtp.setMode("down");
    const down = await failure(mailer.send(mail()));
    expect([down.kind, down.responseCode]).toEqual(["unreachable", null]);
    expect(smtp.messages).toHaveLength(0);

    await smtp.setMode("accept");
    await mailer.send(mail());
    expect(await smtp.waitForMessages(1)).toHaveLength(1);
  });

  it("no final reply after the whole message went out → ambiguous", async () => {
    await smtp.setMode("hang");
    const hung = await failure(mailer.send(mail()));
    expect([hung.kind, hung.responseCode]).toEqual(["ambiguous", null]);
  });

  it("a header that is not one ASCII line is refused before anything is sent", async () => {
    const bad = await failure(mailer.send(mail({ headers: { "X-Test": "a\r\nBcc: victim@example.com" } })));
    expect(bad.kind).toBe("permanent");
    expect(smtp.messages).toHaveLength(0);
  });
});

describe("classifyMailError", () => {
  const err = (fields: Record<string, unknown>) => Object.assign(new Error("x"), fields);
  it.each([
    [{ code: "ESOCKET", command: "CONN" }, false, "unreachable"],
    [{ code: "EDNS" }, false, "unreachable"],
    [{ code: "ETIMEDOUT", command: "CONN" }, false, "unreachable"],
    [{ code: "ECONNECTION", command: "CONN" }, false, "unreachable"],
    [{ code: "ETIMEDOUT", command: "CONN" }, true, "ambiguous"],
    [{ code: "ECONNECTION", command: "CONN" }, true, "ambiguous"],
    [{ code: "EENVELOPE", responseCode: 452 }, false, "temporary"],
    [{ code: "EMESSAGE", responseCode: 421 }, true, "temporary"],
    [{ code: "EENVELOPE", responseCode: 553 }, false, "permanent"],
    [{ code: "EAUTH", responseCode: 535 }, false, "permanent"],
    [{ code: "EENVELOPE" }, false, "permanent"],
  ])("%o (data sent: %s) → %s", (fields, dataSent, kind) => {
    expect(classifyMailError(err(fields), dataSent).kind).toBe(kind);
  });
});
