// Background jobs per shop (install, history import, reconciliation). A job runs in steps: each
// step does a bounded piece of work (one Admin API page) and returns its new cursor, which is saved
// before the next step. Claims expire, so a job held by a crashed process resumes from its cursor.
import { randomUUID } from "node:crypto";
import { log } from "../lib/log.server";
import type { SqlDatabase } from "../storage/sql.server";
import { backoffMs } from "../webhooks/worker.server";

export type JobKind = "install" | "backfill" | "reconcile" | "repost_historic" | "exclusions_sync";

export type JobRow = {
  id: number;
  shop: string;
  kind: JobKind;
  cursor: Record<string, unknown>;
  progress: Record<string, unknown>;
  attempts: number;
};

export type StepResult = {
  done: boolean;
  cursor?: Record<string, unknown>;
  progress?: Record<string, unknown>;
  /** When the job is done: schedule the next run of the same kind (e.g. hourly reconciliation). */
  nextRunAt?: Date;
};

export type JobHandler = (job: JobRow) => Promise<StepResult>;

type Row = { id: number; shop: string; kind: JobKind; cursor_json: string; progress_json: string; attempts: number };

/** Queues a job unless one of the same kind is already queued or running for the shop. */
export async function enqueueJob(db: SqlDatabase, shop: string, kind: JobKind, runAfter = new Date()): Promise<boolean> {
  return await db.transaction(async (tx) => {
    const active = await tx.get(`SELECT id FROM job WHERE shop = ? AND kind = ? AND status IN ('queued', 'running')`, [shop, kind]);
    if (active) return false;
    const now = new Date().toISOString();
    await tx.run(
      `INSERT INTO job (shop, kind, status, cursor_json, progress_json, run_after, attempts, created_at, updated_at)
       VALUES (?, ?, 'queued', '{}', '{}', ?, 0, ?, ?)`,
      [shop, kind, runAfter.toISOString(), now, now],
    );
    return true;
  });
}

export async function latestJob(db: SqlDatabase, shop: string, kind: JobKind) {
  const row = await db.get<{ status: string; progress_json: string; last_error: string | null; created_at: string; finished_at: string | null }>(
    `SELECT status, progress_json, last_error, created_at, finished_at FROM job WHERE shop = ? AND kind = ? ORDER BY id DESC LIMIT 1`,
    [shop, kind],
  );
  return row
    ? { status: row.status, progress: JSON.parse(row.progress_json), lastError: row.last_error, createdAt: String(row.created_at), finishedAt: row.finished_at ? String(row.finished_at) : null }
    : null;
}

export class JobRunner {
  readonly id = `jobs-${process.pid}-${randomUUID().slice(0, 8)}`;
  private running = false;
  private loopDone: Promise<void> = Promise.resolve();
  private wakeUp: (() => void) | null = null;

  constructor(
    private readonly db: SqlDatabase,
    private readonly handlers: Partial<Record<JobKind, JobHandler>>,
    private readonly opts: { lockSeconds?: number; idleMs?: number; maxAttempts?: number } = {},
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopDone = this.loop();
  }

  wake(): void {
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loopDone;
  }

  private async loop(): Promise<void> {
    while (this.running) {
      let worked = false;
      try {
        worked = await this.runOnce();
      } catch (error) {
        log.error("job runner pass failed", { error });
      }
      // Steps can complete without real I/O (SQLite, a local emulator): let other work run between them.
      if (worked) await new Promise<void>((resolve) => setImmediate(resolve));
      if (!worked && this.running) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, this.opts.idleMs ?? 1000);
          this.wakeUp = () => {
            clearTimeout(t);
            resolve();
          };
        });
        this.wakeUp = null;
      }
    }
  }

  /** Claims one due job and runs one step of it. Returns false when nothing was due. */
  async runOnce(now = new Date()): Promise<boolean> {
    const nowIso = now.toISOString();
    const until = new Date(now.getTime() + (this.opts.lockSeconds ?? 120) * 1000).toISOString();
    const skipLocked = this.db.dialect === "postgresql" ? " FOR UPDATE SKIP LOCKED" : "";
    const row = await this.db.get<Row>(
      `UPDATE job SET status = 'running', locked_by = ?, locked_until = ?, updated_at = ?
       WHERE id = (SELECT id FROM job WHERE (status = 'queued' AND run_after <= ?) OR (status = 'running' AND locked_until < ?)
                   ORDER BY run_after, id LIMIT 1${skipLocked})
       RETURNING id, shop, kind, cursor_json, progress_json, attempts`,
      [this.id, until, nowIso, nowIso, nowIso],
    );
    if (!row) return false;
    const job: JobRow = {
      id: Number(row.id), shop: row.shop, kind: row.kind, attempts: Number(row.attempts),
      cursor: JSON.parse(row.cursor_json), progress: JSON.parse(row.progress_json),
    };
    const handler = this.handlers[job.kind];
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      const result = await handler(job);
      const at = new Date().toISOString();
      // Not done: queued again at once with its new cursor (another runner may take the next step).
      await this.db.run(
        `UPDATE job SET status = ?, cursor_json = ?, progress_json = ?, attempts = 0, last_error = NULL, locked_by = NULL,
           locked_until = NULL, run_after = ?, updated_at = ?, finished_at = ? WHERE id = ? AND locked_by = ?`,
        [
          result.done ? "done" : "queued", JSON.stringify(result.cursor ?? job.cursor), JSON.stringify(result.progress ?? job.progress),
          at, at, result.done ? at : null, job.id, this.id,
        ],
      );
      if (result.done && result.nextRunAt) {
        await enqueueJob(this.db, job.shop, job.kind, result.nextRunAt);
      }
    } catch (error) {
      const attempts = job.attempts + 1;
      const giveUp = attempts >= (this.opts.maxAttempts ?? 10);
      log.warn("job step failed", { id: job.id, shop: job.shop, kind: job.kind, attempts, giveUp, error: (error as Error).message });
      await this.db.run(
        `UPDATE job SET status = ?, attempts = ?, last_error = ?, run_after = ?, locked_by = NULL, locked_until = NULL, updated_at = ?
         WHERE id = ? AND locked_by = ?`,
        [
          giveUp ? "failed" : "queued", attempts, (error as Error).message.slice(0, 2000),
          new Date(Date.now() + backoffMs(attempts)).toISOString(), new Date().toISOString(), job.id, this.id,
        ],
      );
    }
    return true;
  }
}
