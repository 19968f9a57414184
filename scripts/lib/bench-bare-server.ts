// The benchmark's floor: a bare Node http server that does only what a durable acknowledgement
// needs. It verifies the Shopify HMAC (base64 HMAC-SHA256 of the raw body, constant-time compare),
// inserts the raw body into SQLite (WAL, synchronous=FULL like the app, one autocommit INSERT per
// request, so one fsync per request) and answers 200. No framework, no batching, no processing.
//
//   BENCH_DB=/tmp/x.sqlite BENCH_SECRET=… node --import tsx scripts/lib/bench-bare-server.ts
// Prints {"port":N} on stdout once listening; exits on SIGTERM/SIGINT.
import Database from "better-sqlite3";
import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";

const file = process.env.BENCH_DB;
const secret = process.env.BENCH_SECRET;
if (!file || !secret) {
  process.stderr.write("bench-bare-server: BENCH_DB and BENCH_SECRET are required\n");
  process.exit(2);
}

const db = new Database(file);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = FULL");
db.exec(`CREATE TABLE IF NOT EXISTS raw_webhook (
  id INTEGER PRIMARY KEY,
  shop TEXT NOT NULL,
  topic TEXT NOT NULL,
  event_id TEXT,
  received_at TEXT NOT NULL,
  body TEXT NOT NULL
)`);
const insert = db.prepare(`INSERT INTO raw_webhook (shop, topic, event_id, received_at, body) VALUES (?, ?, ?, ?, ?)`);

function one(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function reply(res: http.ServerResponse, status: number, body: string) {
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
    const given = Buffer.from(one(req.headers["x-shopify-hmac-sha256"]) ?? "", "base64");
    const expected = createHmac("sha256", secret).update(body).digest();
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      reply(res, 401, `{"error":"invalid HMAC signature"}`);
      return;
    }
    try {
      insert.run(
        one(req.headers["x-shopify-shop-domain"]) ?? "",
        one(req.headers["x-shopify-topic"]) ?? "",
        one(req.headers["x-shopify-event-id"]) ?? null,
        new Date().toISOString(),
        body.toString("utf8"),
      );
    } catch (error) {
      reply(res, 503, JSON.stringify({ error: (error as Error).message }));
      return;
    }
    reply(res, 200, `{"ok":true}`);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === "object" && address ? address.port : 0 })}\n`);
});

const stop = () => {
  server.close();
  server.closeAllConnections();
  db.close();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
