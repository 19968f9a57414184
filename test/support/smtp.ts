// A real SMTP server on a loopback port for tests: it receives what the mailer sends, parses each
// message, and can be switched to refuse (451, 550) or to stop listening, to see what the sender
// does then. No authentication and no TLS.
import type { Socket } from "node:net";
import { simpleParser, type AddressObject } from "mailparser";
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from "smtp-server";

export type CapturedMail = {
  /** The From header as written (`"Shop" <shop@example.com>`). */
  from: string;
  /** The envelope recipients (RCPT TO), lower-cased. */
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** Every header of the message by lower-case name, unfolded, as sent (the last one wins when repeated). */
  headers: Record<string, string>;
  raw: string;
  messageId: string | null;
};

export type SmtpMode = "accept" | "refuse_temporary" | "refuse_permanent" | "down" | "hang";

export type SmtpTestServer = {
  port: number;
  /** smtp://127.0.0.1:<port> */
  url: string;
  /** Every accepted message, in the order received. */
  messages: CapturedMail[];
  /** Resolves once at least n messages were accepted (all of them); rejects after timeoutMs (default 10 s). */
  waitForMessages(n: number, timeoutMs?: number): Promise<CapturedMail[]>;
  /**
   * accept: take every message. refuse_temporary: answer 451 to the message. refuse_permanent:
   * answer 550. down: stop listening and drop open connections (connection refused) until
   * another mode is set, which listens on the same port again. hang: read the whole message and
   * never answer it (the sender cannot know whether it was accepted).
   */
  setMode(mode: SmtpMode): Promise<void>;
  clear(): void;
  close(): Promise<void>;
};

function readAll(stream: SMTPServerDataStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on("data", (c: Buffer) => chunks.push(c));
    stream.on("end", () => resolve(Buffer.concat(chunks)));
    stream.on("error", reject);
  });
}

/** The header block of a raw message by lower-case name, folded lines joined. */
function rawHeaders(raw: string): Record<string, string> {
  const end = raw.search(/\r?\n\r?\n/);
  const block = end === -1 ? raw : raw.slice(0, end);
  const headers: Record<string, string> = {};
  for (const line of block.replace(/\r?\n(?=[ \t])/g, "").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function addressText(value: AddressObject | AddressObject[] | undefined): string {
  if (!value) return "";
  return (Array.isArray(value) ? value : [value]).map((a) => a.text).join(", ");
}

async function capture(rawBuffer: Buffer, session: SMTPServerSession): Promise<CapturedMail> {
  const raw = rawBuffer.toString("utf8");
  const parsed = await simpleParser(rawBuffer);
  return {
    from: addressText(parsed.from),
    to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
    subject: parsed.subject ?? "",
    text: parsed.text ?? "",
    html: typeof parsed.html === "string" ? parsed.html : "",
    headers: rawHeaders(raw),
    raw,
    messageId: parsed.messageId ?? null,
  };
}

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

/** `onMessage` sees each accepted message as it arrives (the local demo saves them). */
export async function startSmtpServer(opts: { port?: number; onMessage?: (mail: CapturedMail) => void } = {}): Promise<SmtpTestServer> {
  let mode: SmtpMode = "accept";
  const messages: CapturedMail[] = [];
  const waiters = new Set<() => void>();
  let server: SMTPServer | null = null;
  let sockets = new Set<Socket>();
  let port = opts.port ?? 0;

  const notify = () => {
    for (const w of [...waiters]) w();
  };

  const listen = async (): Promise<void> => {
    const s = new SMTPServer({
      secure: false,
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      closeTimeout: 100,
      onData(stream, session, callback) {
        readAll(stream).then(async (raw) => {
          if (mode === "refuse_temporary") return callback(smtpError(451, "4.3.0 Temporary failure, try again later"));
          if (mode === "refuse_permanent") return callback(smtpError(550, "5.7.1 Message refused"));
          if (mode === "hang") return;
          const mail = await capture(raw, session);
          messages.push(mail);
          opts.onMessage?.(mail);
          callback();
          notify();
        }).catch((error: unknown) => callback(smtpError(451, `4.3.0 ${(error as Error).message}`)));
      },
    });
    s.on("error", () => {});
    const own = new Set<Socket>();
    s.server.on("connection", (socket: Socket) => {
      own.add(socket);
      socket.on("close", () => own.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      s.server.once("error", reject);
      s.listen(port, "127.0.0.1", () => {
        s.server.off("error", reject);
        resolve();
      });
    });
    const address = s.server.address();
    if (address && typeof address === "object") port = address.port;
    server = s;
    sockets = own;
  };

  const stop = async (): Promise<void> => {
    const s = server;
    if (!s) return;
    server = null;
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  };

  await listen();

  return {
    get port() {
      return port;
    },
    get url() {
      return `smtp://127.0.0.1:${port}`;
    },
    messages,
    waitForMessages(n, timeoutMs = 10_000) {
      if (messages.length >= n) return Promise.resolve([...messages]);
      return new Promise((resolve, reject) => {
        const check = () => {
          if (messages.length < n) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve([...messages]);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`expected ${n} mail(s) within ${timeoutMs} ms, got ${messages.length}`));
        }, timeoutMs);
        waiters.add(check);
      });
    },
    async setMode(next) {
      if (next === "down") {
        mode = next;
        await stop();
        return;
      }
      mode = next;
      if (!server) await listen();
    },
    clear() {
      messages.length = 0;
    },
    async close() {
      waiters.clear();
      await stop();
    },
  };
}
