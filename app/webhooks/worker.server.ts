// Applies stored webhook events: claim a batch, parse outside any transaction, apply the batch in
// one transaction (falling back to one transaction per event when any fails), record failures
// with backoff. Claims expire, so events held by a crashed process are picked up again; the
// ledger's idempotency keys make a second application a no-op.
import { randomUUID } from "node:crypto";
import { parseLosslessJson } from "../lib/json";
import { log } from "../lib/log.server";
import { ensureShop } from "../storage/shops.server";
import type { SqlDatabase, SqlExecutor } from "../storage/sql.server";
import { topicHandlers } from "./handlers/index.server";
import { pseudonym } from "./handlers/privacy.server";
import { PermanentEventError, type ApplyOutcome } from "./handlers/types";

type ClaimedEvent = { id: number; shop: string; topic: string; body: string | null; dedupe_key: string; attempts: number };

type Prepared =
  | { event: ClaimedEvent; ok: true; parsed: unknown }
  | { event: ClaimedEvent; ok: false; error: Error; permanent: boolean };

export type WorkerOptions = {
  lockSeconds?: number;
  batchSize?: number;
  maxAttempts?: number;
  idleMs?: number;
  now?: () => Date;
};

export function backoffMs(attempts: number): number {
  // 2 s, 4 s, 8 s … capped at one hour; Shopify's own retries span 4 hours.
  return Math.min(2 ** attempts * 1000, 3_600_000);
}

export class WebhookWorker {
  readonly id = `worker-${process.pid}-${randomUUID().slice(0, 8)}`;
  private running = false;
  private wakeUp: (() => void) | null = null;
  private loopDone: Promise<void> = Promise.resolve();
  private readonly lockSeconds: number;
  private readonly batchSize: number;
  private readonly maxAttempts: number;
  private readonly idleMs: number;
  private readonly clock: () => Date;

  constructor(private readonly db: SqlDatabase, opts: WorkerOptions = {}) {
    this.lockSeconds = opts.lockSeconds ?? 60;
    // Small enough that a batch holds SQLite's (synchronous) connection only for milliseconds,
    // so webhook acknowledgements are not kept waiting behind it.
    this.batchSize = opts.batchSize ?? (db.dialect === "sqlite" ? 40 : 100);
    this.maxAttempts = opts.maxAttempts ?? 10;
    this.idleMs = opts.idleMs ?? (db.dialect === "postgresql" ? 200 : 1000);
    this.clock = opts.now ?? (() => new Date());
  }

  /** Nudges an idle worker (called after intake commits). */
  wake(): void {
    this.wakeUp?.();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopDone = this.loop();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loopDone;
  }

  private async loop(): Promise<void> {
    while (this.running) {
      let processed = 0;
      try {
        processed = await this.runOnce();
      } catch (error) {
        log.error("webhook worker pass failed", { error });
      }
      // With SQLite every await above resolves without I/O: give the event loop a turn after each
      // batch, or a backlog would starve webhook intake and every other request until it drains.
      if (processed > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      if (processed === 0 && this.running) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.idleMs);
          this.wakeUp = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wakeUp = null;
      }
    }
  }

  /** Processes one batch of due events; returns how many were claimed. */
  async runOnce(): Promise<number> {
    const claimed = await this.claim();
    if (claimed.length === 0) return 0;
    const prepared = claimed.map((e) => this.prepare(e));
    const good = prepared.filter((p): p is Extract<Prepared, { ok: true }> => p.ok);
    for (const bad of prepared) if (!bad.ok) await this.recordFailure(bad.event, bad.error, bad.permanent);
    if (good.length === 0) return claimed.length;
    // Events of one order keep their arrival order; different orders are taken in key order.
    const keyed = good.map((p, i) => ({ p, i, key: topicHandlers[p.event.topic].lockKey?.(p.parsed) ?? "" }));
    keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.i - b.i));
    const ordered = keyed.map((k) => k.p);
    try {
      await this.db.transaction(
        async (tx) => {
          const joined = tx.dialect === "postgresql" ? await this.lockMembers(tx, ordered) : new Map<number, Set<string>>();
          for (const p of ordered) await this.applyOne(tx, p.event, p.parsed, joined.get(p.event.id));
        },
        // Safe to redo: a lost commit leaves the events pending and they are applied again.
        { relaxedDurability: true },
      );
    } catch {
      // Something in the batch failed: apply one by one so one bad event cannot hold back the rest.
      for (const p of good) {
        try {
          await this.db.transaction((tx) => this.applyOne(tx, p.event, p.parsed), { relaxedDurability: true });
        } catch (error) {
          await this.recordFailure(p.event, error as Error, error instanceof PermanentEventError);
        }
      }
    }
    return claimed.length;
  }

  /**
   * PostgreSQL: create and lock the batch's members up front, in key order, so that two workers
   * whose batches share shoppers take those row locks in the same order and cannot deadlock.
   * Returns, by event id, the members created here for the first event of the batch naming them
   * (the handler's own ensureMember then finds them existing, and is told they joined).
   */
  private async lockMembers(tx: SqlExecutor, batch: Extract<Prepared, { ok: true }>[]): Promise<Map<number, Set<string>>> {
    const byShop = new Map<string, Map<string, string | null>>();
    const firstEvent = new Map<string, number>();
    for (const p of batch) {
      const member = topicHandlers[p.event.topic].memberKey?.(p.parsed);
      if (!member) continue;
      if (!byShop.has(p.event.shop)) byShop.set(p.event.shop, new Map());
      byShop.get(p.event.shop)!.set(member.customerGid, member.email);
      const key = `${p.event.shop}\n${member.customerGid}`;
      if (!firstEvent.has(key)) firstEvent.set(key, p.event.id);
    }
    const joined = new Map<number, Set<string>>();
    const now = this.clock().toISOString();
    for (const shop of [...byShop.keys()].sort()) {
      const members = byShop.get(shop)!;
      const gids = [...members.keys()].sort();
      for (const gid of gids) {
        // Not for an erased customer: their late events keep to the pseudonym (see settle).
        const created = await tx.run(
          `INSERT INTO member (shop, customer_gid, email, status, balance, joined_at)
           SELECT ?, ?, ?, 'active', 0, ? WHERE NOT EXISTS (SELECT 1 FROM member WHERE shop = ? AND customer_gid = ?)
           ON CONFLICT (shop, customer_gid) DO NOTHING`,
          [shop, gid, members.get(gid) ?? null, now, shop, pseudonym(shop, gid)],
        );
        if (created > 0) {
          const eventId = firstEvent.get(`${shop}\n${gid}`)!;
          if (!joined.has(eventId)) joined.set(eventId, new Set());
          joined.get(eventId)!.add(gid);
        }
      }
      await tx.all(
        `SELECT customer_gid FROM member WHERE shop = ? AND customer_gid IN (${gids.map(() => "?").join(", ")}) ORDER BY customer_gid FOR UPDATE`,
        [shop, ...gids],
      );
    }
    return joined;
  }

  /** The condition under which this worker still owns a claimed event. */
  private get ownsEvent(): string {
    return this.db.dialect === "sqlite" ? "status = 'pending'" : "locked_by = ?";
  }

  private ownerParams(): unknown[] {
    return this.db.dialect === "sqlite" ? [] : [this.id];
  }

  private async claim(): Promise<ClaimedEvent[]> {
    const now = this.clock();
    const nowIso = now.toISOString();
    if (this.db.dialect === "sqlite") {
      // One process owns a SQLite file and runs one worker: reading due events is claim enough,
      // and saves a commit (and a rewrite of every row) per batch.
      const rows = await this.db.all<ClaimedEvent>(
        `SELECT id, shop, topic, body, dedupe_key, attempts FROM webhook_event
         WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?`,
        [nowIso, this.batchSize],
      );
      return rows.map((r) => ({ ...r, id: Number(r.id), attempts: Number(r.attempts) }));
    }
    const until = new Date(now.getTime() + this.lockSeconds * 1000).toISOString();
    const skipLocked = this.db.dialect === "postgresql" ? " FOR UPDATE SKIP LOCKED" : "";
    const rows = await this.db.all<ClaimedEvent>(
      `UPDATE webhook_event SET status = 'processing', locked_by = ?, locked_until = ?
       WHERE id IN (
         SELECT id FROM webhook_event
         WHERE (status = 'pending' AND next_attempt_at <= ?) OR (status = 'processing' AND locked_until < ?)
         ORDER BY id LIMIT ?${skipLocked})
       RETURNING id, shop, topic, body, dedupe_key, attempts`,
      [this.id, until, nowIso, nowIso, this.batchSize],
    );
    return rows.map((r) => ({ ...r, id: Number(r.id), attempts: Number(r.attempts) })).sort((a, b) => a.id - b.id);
  }

  private prepare(event: ClaimedEvent): Prepared {
    const handler = topicHandlers[event.topic];
    if (!handler) return { event, ok: false, error: new Error(`no handler for topic ${event.topic}`), permanent: true };
    if (event.body === null) return { event, ok: false, error: new Error("raw body was redacted before processing"), permanent: true };
    try {
      return { event, ok: true, parsed: handler.parse(parseLosslessJson(event.body)) };
    } catch (error) {
      return { event, ok: false, error: error as Error, permanent: true };
    }
  }

  private async applyOne(tx: SqlExecutor, event: ClaimedEvent, parsed: unknown, joinedMembers?: ReadonlySet<string>): Promise<void> {
    const now = this.clock().toISOString();
    await ensureShop(tx, event.shop, now);
    const outcome: ApplyOutcome = await topicHandlers[event.topic].apply(tx, parsed, {
      shop: event.shop,
      eventId: event.id,
      now,
      causedBy: `webhook:${event.topic}:${event.dedupe_key}`,
      joinedMembers,
    });
    const changed = await tx.run(
      `UPDATE webhook_event SET status = 'done', processed_at = ?, attempts = attempts + 1, locked_by = NULL, locked_until = NULL,
         last_error = NULL, customer_gid = ?, customer_email = ?, body = CASE WHEN ? THEN NULL ELSE body END
       WHERE id = ? AND ${this.ownsEvent}`,
      [now, outcome.customerGid ?? null, outcome.customerEmail ?? null, outcome.dropBody ?? false, event.id, ...this.ownerParams()],
    );
    if (changed !== 1) throw new Error(`lost the claim on webhook event ${event.id}`);
  }

  private async recordFailure(event: ClaimedEvent, error: Error, permanent: boolean): Promise<void> {
    const attempts = event.attempts + 1;
    const giveUp = permanent || attempts >= this.maxAttempts;
    const next = new Date(this.clock().getTime() + backoffMs(attempts)).toISOString();
    log.warn("webhook event failed", { id: event.id, shop: event.shop, topic: event.topic, attempts, giveUp, error: error.message });
    await this.db.run(
      `UPDATE webhook_event SET status = ?, attempts = ?, last_error = ?, next_attempt_at = ?, locked_by = NULL, locked_until = NULL
       WHERE id = ? AND ${this.ownsEvent}`,
      [giveUp ? "failed" : "pending", attempts, error.message.slice(0, 2000), next, event.id, ...this.ownerParams()],
    );
  }
}

/** Single-process SQLite: claims left by a killed process can be taken back at once. */
export async function releaseStaleClaims(db: SqlDatabase): Promise<number> {
  return await db.run(`UPDATE webhook_event SET status = 'pending', locked_by = NULL, locked_until = NULL WHERE status = 'processing'`);
}

/** Puts failed (or the given) events back in the queue. */
export async function replayWebhookEvents(db: SqlDatabase, opts: { shop?: string; ids?: number[]; now?: Date }): Promise<number> {
  const now = (opts.now ?? new Date()).toISOString();
  const where: string[] = [];
  const params: unknown[] = [now];
  if (opts.ids?.length) {
    where.push(`id IN (${opts.ids.map(() => "?").join(", ")})`);
    params.push(...opts.ids);
  } else {
    where.push(`status = 'failed'`);
  }
  if (opts.shop) {
    where.push("shop = ?");
    params.push(opts.shop);
  }
  return await db.run(
    `UPDATE webhook_event SET status = 'pending', next_attempt_at = ?, locked_by = NULL, locked_until = NULL WHERE ${where.join(" AND ")} AND body IS NOT NULL`,
    params,
  );
}

/** Deletes processed raw events older than the retention period. */
export async function pruneWebhookEvents(db: SqlDatabase, retentionDays: number, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
  return await db.run(`DELETE FROM webhook_event WHERE status = 'done' AND received_at < ?`, [cutoff]);
}
