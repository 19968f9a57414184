// The durable webhook inbox. A delivery is acknowledged only after its row is committed;
// concurrent deliveries are written together in one transaction (group commit).
import type { SqlDatabase, SqlExecutor } from "../storage/sql.server";

export type InboxDelivery = {
  shop: string;
  topic: string;
  dedupeKey: string;
  webhookId: string | null;
  eventId: string | null;
  apiVersion: string | null;
  triggeredAt: string | null;
  body: string;
};

export type InboxResult = "stored" | "duplicate";

type Pending = { delivery: InboxDelivery; resolve: (r: InboxResult) => void; reject: (e: unknown) => void };

const INSERT_SQL = `INSERT INTO webhook_event
  (shop, topic, dedupe_key, webhook_id, event_id, api_version, triggered_at, received_at, body, deliveries, status, attempts, next_attempt_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 'pending', 0, ?)
  ON CONFLICT (shop, topic, dedupe_key) DO NOTHING
  RETURNING id`;

// Counted after the insert's commit, outside it: the row may be locked by a worker applying it,
// and waiting for that while holding other inserts' locks could deadlock two processes.
const COUNT_DUPLICATE_SQL = `UPDATE webhook_event SET deliveries = deliveries + 1 WHERE shop = ? AND topic = ? AND dedupe_key = ?`;

export class WebhookInbox {
  private queue: Pending[] = [];
  private flushing = false;
  /** Called after each committed batch, so a worker can start at once. */
  onStored: () => void = () => {};

  constructor(
    private readonly db: SqlDatabase,
    private readonly options: { maxBatch?: number } = {},
  ) {}

  /** Resolves once the delivery is durable. */
  store(delivery: InboxDelivery): Promise<InboxResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ delivery, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.maxBatch ?? 500);
      try {
        const results = await this.writeBatch(batch.map((p) => p.delivery));
        batch.forEach((p, i) => p.resolve(results[i]));
        this.onStored();
      } catch (error) {
        batch.forEach((p) => p.reject(error));
      }
    }
    this.flushing = false;
  }

  private async writeBatch(deliveries: InboxDelivery[]): Promise<InboxResult[]> {
    try {
      return await this.insertAll(deliveries);
    } catch (error) {
      // PostgreSQL may pick this batch as a deadlock or serialization victim: one more try.
      const code = (error as { code?: string }).code;
      if (code === "40P01" || code === "40001") return await this.insertAll(deliveries);
      throw error;
    }
  }

  private async insertAll(deliveries: InboxDelivery[]): Promise<InboxResult[]> {
    const results = await this.db.transaction((tx) => insertInboxEvents(tx, deliveries));
    for (let i = 0; i < deliveries.length; i++) {
      if (results[i] === "duplicate") {
        const d = deliveries[i];
        await this.db.run(COUNT_DUPLICATE_SQL, [d.shop, d.topic, d.dedupeKey]);
      }
    }
    return results;
  }
}

/**
 * Inserts events into the inbox (inside the caller's transaction). Also used by the history
 * import and reconciliation, whose orders go through the same pipeline as webhooks.
 */
export async function insertInboxEvents(tx: SqlExecutor, deliveries: InboxDelivery[]): Promise<InboxResult[]> {
  const now = new Date().toISOString();
  // Rows are locked in key order, so two processes writing overlapping batches never deadlock.
  const order = deliveries
    .map((d, i) => ({ d, i, key: `${d.shop}\u0000${d.topic}\u0000${d.dedupeKey}` }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const results: InboxResult[] = new Array(deliveries.length);
  for (const { d, i } of order) {
    const row = await tx.get<{ id: number }>(INSERT_SQL, [
      d.shop, d.topic, d.dedupeKey, d.webhookId, d.eventId, d.apiVersion, d.triggeredAt, now, d.body, now,
    ]);
    results[i] = row ? "stored" : "duplicate";
  }
  return results;
}
