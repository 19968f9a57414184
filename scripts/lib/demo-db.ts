// Read-only view of the demo's SQLite file, for waiting on the worker and for the summary.
// The figures come from the same query as the merchant's overview page.
import Database from "better-sqlite3";
import { loadOverview, type ProgramOverview } from "../../app/storage/overview.server";
import type { SqlExecutor } from "../../app/storage/sql.server";

export type TopMember = { customerId: string; name: string; balance: number };
export type DemoSummary = ProgramOverview & { ledgerEntries: number; inboxEvents: number };
/** What an import could change, row by row (keyed by GID): orders' facts and points, members' profiles and balances. */
export type Snapshot = { orders: Map<string, string>; members: Map<string, string> };
export type SnapshotDiff = { orders: { total: number; changed: number; added: number }; members: { total: number; changed: number; added: number } };
/** A background job's latest run (install, backfill, reconcile…). */
export type JobState = { status: string; progress: Record<string, unknown>; lastError: string | null; attempts: number; finishedAt: string | null };

export class DemoDb {
  private readonly db: Database.Database;

  constructor(file: string) {
    this.db = new Database(file, { readonly: true, fileMustExist: true });
  }

  private row<T>(sql: string, params: unknown[] = []): T {
    return this.db.prepare(sql).get(...params) as T;
  }

  /** Inbox events not yet done or failed (any shop). */
  unfinished(): number {
    return this.row<{ n: number }>(`SELECT COUNT(*) AS n FROM webhook_event WHERE status IN ('pending', 'processing')`).n;
  }

  inboxEvents(): number {
    return this.row<{ n: number }>(`SELECT COUNT(*) AS n FROM webhook_event`).n;
  }

  /** The latest job of a kind for the shop, or null when none was ever queued. */
  job(shop: string, kind: string): JobState | null {
    const row = this.row<{ status: string; progress_json: string; last_error: string | null; attempts: number; finished_at: string | null } | undefined>(
      `SELECT status, progress_json, last_error, attempts, finished_at FROM job WHERE shop = ? AND kind = ? ORDER BY id DESC LIMIT 1`,
      [shop, kind],
    );
    if (!row) return null;
    return {
      status: row.status, progress: JSON.parse(row.progress_json) as Record<string, unknown>, lastError: row.last_error,
      attempts: Number(row.attempts), finishedAt: row.finished_at === null ? null : String(row.finished_at),
    };
  }

  ledgerEntries(shop: string): number {
    return this.row<{ n: number }>(`SELECT COUNT(*) AS n FROM ledger_entry WHERE shop = ?`, [shop]).n;
  }

  /** Orders Kanta first learnt of from the history import (marked historic: tiers only, no points unless chosen). */
  historicOrders(shop: string): number {
    return this.row<{ n: number }>(`SELECT COUNT(*) AS n FROM order_record WHERE shop = ? AND historic = 1`, [shop]).n;
  }

  snapshot(shop: string): Snapshot {
    const rows = (sql: string) => new Map((this.db.prepare(sql).raw().all(shop) as unknown[][]).map((r) => [String(r[0]), JSON.stringify(r.slice(1))]));
    return {
      orders: rows(
        `SELECT order_gid, customer_gid, customer_email, name, test, historic, paid, cancelled, deleted, currency, total_price_minor,
           net_eligible_minor, points_posted, entry_count, posted_lines_json FROM order_record WHERE shop = ?`,
      ),
      members: rows(
        `SELECT id, customer_gid, email, first_name, last_name, marketing_consent, locale, tags, status, merged_into_gid, balance, redacted_at
         FROM member WHERE shop = ?`,
      ),
    };
  }

  static diff(before: Snapshot, after: Snapshot): SnapshotDiff {
    const compare = (a: Map<string, string>, b: Map<string, string>) => {
      let changed = 0;
      let added = 0;
      for (const [k, v] of b) {
        if (!a.has(k)) added++;
        else if (a.get(k) !== v) changed++;
      }
      return { total: b.size, changed, added };
    };
    return { orders: compare(before.orders, after.orders), members: compare(before.members, after.members) };
  }

  /** Customers whose kanta.points metafield still has to be written (the sync's queue). */
  pendingMetafieldWrites(shop: string): number {
    return this.row<{ n: number }>(`SELECT COUNT(*) AS n FROM metafield_sync WHERE shop = ?`, [shop]).n;
  }

  /** Whether the app holds an offline Admin API session for the shop (made by token exchange on the first open). */
  hasOfflineSession(shop: string): boolean {
    return this.row<{ n: number }>(`SELECT COUNT(*) AS n FROM "Session" WHERE shop = ? AND isOnline = 0`, [shop]).n > 0;
  }

  async summary(shop: string): Promise<DemoSummary> {
    const reader: SqlExecutor = {
      dialect: "sqlite",
      all: async <T>(sql: string, params: readonly unknown[] = []) => this.db.prepare(sql).all(...params) as T[],
      get: async <T>(sql: string, params: readonly unknown[] = []) => this.db.prepare(sql).get(...params) as T | undefined,
      run: async () => {
        throw new Error("the demo's database view is read-only");
      },
    };
    const overview = await loadOverview(reader, shop);
    const ledger = this.row<{ n: number }>(`SELECT COUNT(*) AS n FROM ledger_entry WHERE shop = ?`, [shop]);
    const inbox = this.row<{ n: number }>(`SELECT COUNT(*) AS n FROM webhook_event WHERE shop = ?`, [shop]);
    return { ...overview, ledgerEntries: ledger.n, inboxEvents: inbox.n };
  }

  topMembers(shop: string, limit: number): TopMember[] {
    const rows = this.db
      .prepare(
        `SELECT customer_gid, first_name, last_name, email, balance FROM member
         WHERE shop = ? AND status = 'active' ORDER BY balance DESC, id LIMIT ?`,
      )
      .all(shop, limit) as { customer_gid: string; first_name: string | null; last_name: string | null; email: string | null; balance: number }[];
    return rows.map((r) => ({
      customerId: r.customer_gid.replace(/^gid:\/\/shopify\/Customer\//, ""),
      name: [r.first_name, r.last_name].filter(Boolean).join(" ") || r.email || "(no name)",
      balance: r.balance,
    }));
  }

  close(): void {
    this.db.close();
  }
}
