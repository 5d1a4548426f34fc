import { sql, type Insertable, type Selectable } from 'kysely';
import type { Capabilities } from '../db/capabilities.js';
import type { Executor } from '../db/database.js';
import type { JobTable } from '../db/schema.js';

export type JobRow = Selectable<JobTable>;

/** Queues a job; a job whose id already exists is left alone (that is how cron slots dedupe). */
export async function insertJob(db: Executor, row: Insertable<JobTable>): Promise<boolean> {
  const r = await db.insertInto('job').values(row).onConflict((oc) => oc.column('id').doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

/**
 * Claims up to `limit` due jobs for one worker: queued jobs whose time has come, and running jobs
 * whose lease expired (their worker died). One statement, so the claim is atomic: on PostgreSQL
 * `FOR UPDATE SKIP LOCKED` lets workers take different rows without waiting; on SQLite the single
 * writer already serialises the update.
 */
export async function claimJobs(db: Executor, caps: Capabilities, workerId: string, now: number, leaseMs: number, limit: number): Promise<JobRow[]> {
  let due = db
    .selectFrom('job')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'queued'), eb('run_at', '<=', now)]),
        eb.and([eb('status', '=', 'running'), eb('locked_until', '<', now)]),
      ]),
    )
    .orderBy('run_at')
    .limit(limit);
  if (caps.skipLocked) due = due.forUpdate().skipLocked();
  return db
    .updateTable('job')
    .set((eb) => ({
      status: 'running',
      locked_by: workerId,
      locked_until: now + leaseMs,
      attempts: eb('attempts', '+', 1),
      updated_at: now,
    }))
    .where('id', 'in', due)
    .returningAll()
    .execute();
}

/** Extends the lease of a job this worker still holds. */
export async function extendLease(db: Executor, id: string, workerId: string, until: number): Promise<void> {
  await db.updateTable('job').set({ locked_until: until }).where('id', '=', id).where('locked_by', '=', workerId).execute();
}

/** Finishes a job, but only for the worker that holds it: a worker whose lease lapsed cannot overwrite the new holder. */
export async function finishJob(db: Executor, id: string, workerId: string, now: number): Promise<void> {
  await db
    .updateTable('job')
    .set({ status: 'done', finished_at: now, updated_at: now, locked_by: null, locked_until: null, last_error: null })
    .where('id', '=', id)
    .where('locked_by', '=', workerId)
    .execute();
}

export async function retryJob(db: Executor, id: string, workerId: string, now: number, runAt: number, error: string): Promise<void> {
  await db
    .updateTable('job')
    .set({ status: 'queued', run_at: runAt, updated_at: now, locked_by: null, locked_until: null, last_error: error })
    .where('id', '=', id)
    .where('locked_by', '=', workerId)
    .execute();
}

export async function deadLetterJob(db: Executor, id: string, workerId: string, now: number, error: string): Promise<void> {
  await db
    .updateTable('job')
    .set({ status: 'dead', finished_at: now, updated_at: now, locked_by: null, locked_until: null, last_error: error })
    .where('id', '=', id)
    .where('locked_by', '=', workerId)
    .execute();
}

export function findJob(db: Executor, id: string): Promise<JobRow | undefined> {
  return db.selectFrom('job').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Counts by status, for `/metrics`. */
export async function countJobsByStatus(db: Executor): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('job')
    .select(['status', sql<number>`count(*)`.as('n')])
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** Earliest time a queued job becomes due, so an idle runner can sleep until then. */
export async function nextDueAt(db: Executor): Promise<number | undefined> {
  const row = await db.selectFrom('job').select((eb) => eb.fn.min('run_at').as('at')).where('status', '=', 'queued').executeTakeFirst();
  return row?.at == null ? undefined : Number(row.at);
}
