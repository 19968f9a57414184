// The demo's mail catcher: a local SMTP server the app sends flow mails to. Each received mail is
// saved, parsed, as one JSON file in .kanta/demo-mail/, which the app lists at /local-admin/mail.
import fs from "node:fs";
import path from "node:path";
import { startSmtpServer } from "../../test/support/smtp";
import { ROOT } from "./demo-env";

export const DEMO_MAIL_DIR = path.join(ROOT, ".kanta", "demo-mail");
/** The sender of the demo shop's mails, unless MAIL_FROM is set. */
export const DEMO_MAIL_FROM = "Kanta Demo Store <rewards@kanta-demo.example>";

export type DemoMailCatcher = { url: string; received: () => number; close: () => Promise<void> };

export async function startMailCatcher(dir: string = DEMO_MAIL_DIR): Promise<DemoMailCatcher> {
  fs.mkdirSync(dir, { recursive: true });
  let seq = 0;
  const server = await startSmtpServer({
    onMessage(mail) {
      const receivedAt = new Date().toISOString();
      seq += 1;
      const file = path.join(dir, `${receivedAt.replace(/[:.]/g, "-")}-${process.pid}-${seq}.json`);
      const { raw: _raw, ...parsed } = mail;
      fs.writeFileSync(file, JSON.stringify({ receivedAt, ...parsed }, null, 2));
    },
  });
  return { url: server.url, received: () => server.messages.length, close: () => server.close() };
}
