// Read-only view of the demo's SQLite file, for waiting on the worker and for the summary.
// The figures come from the same query as the merchant's overview page.
import Database from "better-sqlite3";
import { loadOverview, type ProgramOverview } from "../../app/storage/overview.server";
import type { SqlExecutor } from "../../app/storage/sql.server";

export type TopMember = { customerId: string; name: string; balance: number };
export type DemoSummary = ProgramOverview & { ledgerEntries: number; inboxEvents: number };

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
