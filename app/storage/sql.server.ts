// Raw SQL access for the hot paths (webhook inbox, ledger), one API over SQLite and PostgreSQL.
// SQL is written once with `?` placeholders; PostgreSQL gets them renumbered to $1, $2, …
//
// SQLite: one better-sqlite3 connection guarded by an async mutex, so a statement issued by
// other work while a transaction is open waits instead of silently joining that transaction.
// PostgreSQL: a pg Pool; a transaction holds one pooled client.
import Database from "better-sqlite3";
import path from "node:path";
import pg from "pg";

export type Dialect = "sqlite" | "postgresql";
export type Row = Record<string, unknown>;

export interface SqlExecutor {
  readonly dialect: Dialect;
  all<T = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  get<T = Row>(sql: string, params?: readonly unknown[]): Promise<T | undefined>;
  run(sql: string, params?: readonly unknown[]): Promise<number>;
}

export type TransactionOptions = {
  /**
   * SQLite only: commit without waiting for the disk (synchronous = NORMAL in WAL mode). For work
   * that is safe to redo — if such a commit is lost to a power cut, the next durable commit never
   * happened either and the work is simply done again. Acknowledged webhooks never use it.
   */
  relaxedDurability?: boolean;
};

export interface SqlDatabase extends SqlExecutor {
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>, options?: TransactionOptions): Promise<T>;
  close(): Promise<void>;
}

/** Thrown for unique-constraint violations, whatever the driver. */
export class UniqueViolation extends Error {
  override readonly name = "UniqueViolation";
}

/**
 * Whether `error` is a UniqueViolation. Checked by name: the HTTP server and the Remix build are
 * two bundles sharing one database handle, so `instanceof` would compare two different classes.
 */
export function isUniqueViolationError(error: unknown): boolean {
  return error instanceof Error && error.name === "UniqueViolation";
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string };
  return e?.code === "23505" || e?.code === "SQLITE_CONSTRAINT_UNIQUE" || e?.code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}

function rethrow(error: unknown): never {
  if (isUniqueViolation(error)) throw new UniqueViolation((error as Error).message);
  throw error;
}

class Mutex {
  private tail: Promise<void> = Promise.resolve();
  lock(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((r) => (release = r));
    const ready = this.tail.then(() => release);
    this.tail = this.tail.then(() => next);
    return ready;
  }
}

export function sqliteFileFromUrl(url: string): string {
  const file = url.replace(/^file:/, "").replace(/\?.*$/, "");
  return file === ":memory:" ? file : path.resolve(file);
}

function toSqliteParam(v: unknown): unknown {
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v instanceof Date) return v.toISOString();
  if (v === undefined) return null;
  return v;
}

export function openSqlite(url: string): SqlDatabase {
  const db = new Database(sqliteFileFromUrl(url));
  db.pragma("journal_mode = WAL");
  // FULL: an acknowledged webhook survives power loss too, not just a process crash.
  db.pragma("synchronous = FULL");
  db.pragma("busy_timeout = 5000");
  db.pragma("foreign_keys = ON");
  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string) => {
    let st = statements.get(sql);
    if (!st) {
      st = db.prepare(sql);
      statements.set(sql, st);
    }
    return st;
  };
  const mutex = new Mutex();
  const direct: SqlExecutor = {
    dialect: "sqlite",
    async all<T>(sql: string, params: readonly unknown[] = []) {
      try {
        return prepare(sql).all(...params.map(toSqliteParam)) as T[];
      } catch (e) {
        rethrow(e);
      }
    },
    async get<T>(sql: string, params: readonly unknown[] = []) {
      try {
        return prepare(sql).get(...params.map(toSqliteParam)) as T | undefined;
      } catch (e) {
        rethrow(e);
      }
    },
    async run(sql: string, params: readonly unknown[] = []) {
      try {
        const st = prepare(sql);
        if (st.reader) {
          st.all(...params.map(toSqliteParam));
          return 0;
        }
        return st.run(...params.map(toSqliteParam)).changes;
      } catch (e) {
        rethrow(e);
      }
    },
  };
  const locked = <A extends unknown[], R>(fn: (...a: A) => Promise<R>) =>
    async (...a: A): Promise<R> => {
      const release = await mutex.lock();
      try {
        return await fn(...a);
      } finally {
        release();
      }
    };
  return {
    dialect: "sqlite",
    all: locked(direct.all) as SqlExecutor["all"],
    get: locked(direct.get) as SqlExecutor["get"],
    run: locked(direct.run),
    async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
      const release = await mutex.lock();
      if (options.relaxedDurability) db.pragma("synchronous = NORMAL");
      try {
        db.exec("BEGIN IMMEDIATE");
        try {
          const result = await fn(direct);
          db.exec("COMMIT");
          return result;
        } catch (error) {
          if (db.inTransaction) db.exec("ROLLBACK");
          throw error;
        }
      } finally {
        if (options.relaxedDurability) db.pragma("synchronous = FULL");
        release();
      }
    },
    async close() {
      const release = await mutex.lock();
      try {
        db.close();
      } finally {
        release();
      }
    },
  };
}

const numbered = new Map<string, string>();
function pgSql(sql: string): string {
  let out = numbered.get(sql);
  if (out === undefined) {
    let i = 0;
    out = sql.replace(/\?/g, () => `$${++i}`);
    numbered.set(sql, out);
  }
  return out;
}

function toPgParam(v: unknown): unknown {
  return v === undefined ? null : v;
}

// INT8/COUNT come back as strings from pg; our counters always fit in a JS number.
pg.types.setTypeParser(20, (v) => Number(v));
// Prisma's DateTime is `timestamp(3)` holding UTC: read it as the same ISO string SQLite holds.
// PostgreSQL prints fractional seconds without trailing zeros ("…:45.29"): pad to milliseconds.
pg.types.setTypeParser(1114, (v) => {
  const [whole, fraction = ""] = v.replace(" ", "T").split(".");
  return `${whole}.${fraction.padEnd(3, "0").slice(0, 3)}Z`;
});

function pgExecutor(q: pg.Pool | pg.PoolClient): SqlExecutor {
  return {
    dialect: "postgresql",
    async all<T>(sql: string, params: readonly unknown[] = []) {
      try {
        return (await q.query(pgSql(sql), params.map(toPgParam))).rows as T[];
      } catch (e) {
        rethrow(e);
      }
    },
    async get<T>(sql: string, params: readonly unknown[] = []) {
      try {
        return (await q.query(pgSql(sql), params.map(toPgParam))).rows[0] as T | undefined;
      } catch (e) {
        rethrow(e);
      }
    },
    async run(sql: string, params: readonly unknown[] = []) {
      try {
        return (await q.query(pgSql(sql), params.map(toPgParam))).rowCount ?? 0;
      } catch (e) {
        rethrow(e);
      }
    },
  };
}

export function openPostgres(url: string, poolSize = 10): SqlDatabase {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  pool.on("error", () => {
    // An idle client lost its connection; the pool replaces it. Queries report their own errors.
  });
  const base = pgExecutor(pool);
  return {
    ...base,
    async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        try {
          const result = await fn(pgExecutor(client));
          await client.query("COMMIT");
          return result;
        } catch (error) {
          await client.query("ROLLBACK").catch(() => {});
          throw error;
        }
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}

export function openDatabase(provider: Dialect, url: string): SqlDatabase {
  return provider === "postgresql" ? openPostgres(url) : openSqlite(url);
}
