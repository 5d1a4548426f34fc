import { PostgresAdapter, sql } from 'kysely';
import type { Executor } from '../../db/database.js';

/** `usage_event_p202612` and its bounds: the month `monthsAhead` after the one holding `now`. */
export function monthPartition(now: number, monthsAhead: number): { name: string; from: number; to: number } {
  const d = new Date(now);
  const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + monthsAhead, 1);
  const end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + monthsAhead + 1, 1);
  const s = new Date(start);
  return { name: `usage_event_p${s.getUTCFullYear()}${String(s.getUTCMonth() + 1).padStart(2, '0')}`, from: start, to: end };
}

/**
 * On PostgreSQL, makes this month's and next month's partitions of `usage_event` if they are
 * missing (at start-up and hourly), so rows land in their month, never in the default partition.
 * A month whose rows already sit in the default partition (events received while no partition
 * existed) cannot be created over them; that is logged and the rows stay where they are.
 * Returns the partitions created. SQLite has one table and nothing to do.
 */
export async function ensureUsagePartitions(db: Executor, now: number, warn: (msg: string, err: unknown) => void): Promise<string[]> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return [];
  const created: string[] = [];
  for (const ahead of [0, 1]) {
    const p = monthPartition(now, ahead);
    const exists = await sql<{ n: number }>`select count(*)::int as n from pg_class where relname = ${p.name}`.execute(db);
    if ((exists.rows[0]?.n ?? 0) > 0) continue;
    try {
      await sql`create table if not exists ${sql.table(p.name)} partition of usage_event for values from (${sql.lit(p.from)}) to (${sql.lit(p.to)})`.execute(db);
      created.push(p.name);
    } catch (err) {
      warn(`could not create ${p.name}`, err);
    }
  }
  return created;
}
