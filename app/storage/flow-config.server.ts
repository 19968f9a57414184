// The shop's flows as stored (table flow): created with the defaults once per shop, read by the
// engine and the admin, saved by the admin. Switching a flow off stops its active runs at once.
import { FLOW_KINDS, defaultFlow, parseFlow, serializeFlow, type FlowConfig, type FlowKind } from "../flows/config";
import { stopAllRuns } from "./flow-runs.server";
import type { SqlDatabase, SqlExecutor } from "./sql.server";

type FlowRow = { kind: string; enabled: boolean | number; steps_json: string; settings_json: string; holdout_pct: number };

/** Creates every flow the shop does not have yet, with its defaults (idempotent). */
export async function ensureDefaultFlows(db: SqlExecutor, shop: string, nowIso: string): Promise<void> {
  for (const kind of FLOW_KINDS) {
    const d = serializeFlow(defaultFlow(kind));
    await db.run(
      `INSERT INTO flow (shop, kind, enabled, steps_json, settings_json, holdout_pct, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (shop, kind) DO NOTHING`,
      [shop, kind, d.enabled, d.steps_json, d.settings_json, d.holdout_pct, nowIso, nowIso],
    );
  }
  await db.run(`UPDATE shop SET flows_seeded_at = ? WHERE domain = ? AND flows_seeded_at IS NULL`, [nowIso, shop]);
}

/** Every flow of the shop, in FLOW_KINDS order (defaults for kinds not stored yet, not saved). */
export async function loadFlows(db: SqlExecutor, shop: string): Promise<FlowConfig[]> {
  const rows = await db.all<FlowRow>(`SELECT kind, enabled, steps_json, settings_json, holdout_pct FROM flow WHERE shop = ?`, [shop]);
  const byKind = new Map(rows.map((r) => [r.kind, r]));
  return FLOW_KINDS.map((kind) => {
    const row = byKind.get(kind);
    return row ? parseFlow(row) : defaultFlow(kind);
  });
}

/** One flow of the shop (its defaults when not stored yet). */
export async function loadFlow(db: SqlExecutor, shop: string, kind: FlowKind): Promise<FlowConfig> {
  const row = await db.get<FlowRow>(`SELECT kind, enabled, steps_json, settings_json, holdout_pct FROM flow WHERE shop = ? AND kind = ?`, [shop, kind]);
  return row ? parseFlow(row) : defaultFlow(kind);
}

/**
 * Saves a flow (validated by the caller through app/flows/config.ts). Switching it off stops its
 * active runs and cancels their unsent mails in the same transaction; returns how many runs stopped.
 */
export async function saveFlow(db: SqlDatabase, shop: string, config: FlowConfig, nowIso: string): Promise<{ stoppedRuns: number }> {
  const s = serializeFlow(config);
  return db.transaction(async (tx) => {
    await tx.run(
      `INSERT INTO flow (shop, kind, enabled, steps_json, settings_json, holdout_pct, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (shop, kind) DO UPDATE SET enabled = excluded.enabled, steps_json = excluded.steps_json,
         settings_json = excluded.settings_json, holdout_pct = excluded.holdout_pct, updated_at = excluded.updated_at`,
      [shop, config.kind, s.enabled, s.steps_json, s.settings_json, s.holdout_pct, nowIso, nowIso],
    );
    const stoppedRuns = config.enabled ? 0 : await stopAllRuns(tx, shop, "flow_off", nowIso, [config.kind]);
    return { stoppedRuns };
  });
}
