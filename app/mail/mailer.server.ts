// Sending mail over SMTP (nodemailer), one connection per message, and telling the caller what a
// failure means for the message: never reached the server (send again), refused for now (send
// again later), refused for good (do not), or possibly accepted (the final reply never came after
// the whole message went out: sending again could deliver it twice, so the caller must not).
import nodemailer from "nodemailer";
import { env } from "../env.server";

export type OutgoingMail = {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers (List-Unsubscribe, …), sent as given: values must be one line of ASCII. */
  headers: Record<string, string>;
  /** The Message-ID to send with (`<id@domain>`); nodemailer makes one when absent. */
  messageId?: string;
};

export type Mailer = {
  /** Resolves once the server accepted the message; rejects with a MailError. */
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  close(): void;
};

export type MailErrorKind = "temporary" | "permanent" | "unreachable" | "ambiguous";

export class MailError extends Error {
  override readonly name = "MailError";
  constructor(
    /**
     * - unreachable: the message never reached the server (connection refused, DNS, timeouts or a
     *   dropped connection before the message was sent): safe to send again.
     * - temporary: the server answered 4xx: send again later.
     * - permanent: the server answered 5xx, or the message itself is unusable: do not send again.
     * - ambiguous: the message was sent but its final reply never came (timeout, dropped
     *   connection): the server may have accepted it, so it must not be sent again.
     */
    readonly kind: MailErrorKind,
    readonly responseCode: number | null,
    message: string,
  ) {
    super(message);
  }
}

type NodemailerError = Error & { code?: string; responseCode?: number; command?: string };

const NETWORK_CODES = new Set(["ECONNECTION", "ETIMEDOUT", "ESOCKET", "EDNS", "ETLS", "EPROXY"]);

/**
 * What a nodemailer error means for the message. `dataSent`: the whole message had been handed to
 * the server's DATA stream when the error came.
 */
export function classifyMailError(error: unknown, dataSent: boolean): MailError {
  if (error instanceof MailError) return error;
  const e = (error ?? {}) as NodemailerError;
  const message = e.message ?? String(error);
  const code = typeof e.responseCode === "number" ? e.responseCode : null;
  if (code !== null && code >= 400 && code < 500) return new MailError("temporary", code, message);
  if (code !== null && code >= 500 && code < 600) return new MailError("permanent", code, message);
  if (e.code && NETWORK_CODES.has(e.code)) return new MailError(dataSent ? "ambiguous" : "unreachable", code, message);
  if (dataSent) return new MailError("ambiguous", code, message);
  return new MailError("permanent", code, message);
}

const HEADER_NAME = /^[A-Za-z0-9][A-Za-z0-9-]*$/;

function checkMail(mail: OutgoingMail): void {
  for (const [name, value] of Object.entries(mail.headers)) {
    if (!HEADER_NAME.test(name)) throw new MailError("permanent", null, `header name ${JSON.stringify(name)} is not allowed`);
    if (!/^[\x20-\x7e]*$/.test(value)) throw new MailError("permanent", null, `header ${name} must be one line of printable ASCII`);
  }
  for (const field of [mail.from, mail.to, mail.subject, mail.messageId ?? ""]) {
    if (/[\r\n]/.test(field)) throw new MailError("permanent", null, "from, to, subject and messageId must be one line");
  }
}

export type MailerOptions = {
  /** How long to wait for the connection, the greeting and each reply (default 30 s). */
  timeoutMs?: number;
};

export function createMailer(smtpUrl: string, options: MailerOptions = {}): Mailer {
  const timeout = options.timeoutMs ?? 30_000;
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    dnsTimeout: timeout,
    logger: false,
    debug: false,
  });
  // The last stage of each message's stream ends once the SMTP connection has read all of it,
  // which happens only after the server answered DATA with 354: from then on a failure is ambiguous.
  // Nodemailer copies the message's fields but keeps its headers object: that names the send.
  const sentFlags = new WeakMap<object, { dataSent: boolean }>();
  transport.use("stream", (mail, callback) => {
    const flag = mail.data.headers ? sentFlags.get(mail.data.headers as object) : undefined;
    if (flag) {
      mail.message.processFunc((input) => {
        input.once("end", () => {
          flag.dataSent = true;
        });
        return input;
      });
    }
    callback();
  });

  return {
    async send(mail) {
      checkMail(mail);
      const headers = Object.fromEntries(Object.entries(mail.headers).map(([k, v]) => [k, { prepared: true, value: v }]));
      const data = {
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers,
        ...(mail.messageId ? { messageId: mail.messageId } : {}),
        disableFileAccess: true,
        disableUrlAccess: true,
      };
      const flag = { dataSent: false };
      sentFlags.set(headers, flag);
      try {
        const info = await transport.sendMail(data);
        if (info.rejected?.length) throw new MailError("permanent", null, `recipient refused: ${info.rejected.join(", ")}`);
        return { messageId: info.messageId };
      } catch (error) {
        throw classifyMailError(error, flag.dataSent);
      }
    },
    close() {
      transport.close();
    },
  };
}

let cachedMailer: Mailer | null | undefined;

/** The process's mailer for SMTP_URL, or null when no SMTP server is configured. */
export function mailerFromEnv(): Mailer | null {
  if (cachedMailer === undefined) {
    const url = env().SMTP_URL;
    cachedMailer = url ? createMailer(url) : null;
  }
  return cachedMailer;
}
