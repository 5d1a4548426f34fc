import type { z } from 'zod';
import type { Runtime } from '../context.js';
import type { Executor } from '../db/database.js';
import { newId } from '../lib/ids.js';
import type { JobDefinition } from './define.js';
import { insertJob } from './jobs.repo.js';

export interface EnqueueOptions {
  /** A deterministic id makes enqueueing idempotent (cron slots, "send this mail once"). */
  readonly id?: string;
  readonly runAt?: number;
  readonly workspaceId?: string | null;
}

/**
 * Queues a job with the caller's executor; `queued` is false when a job with the same id exists. Pass the transaction that makes the change the job
 * follows from, and the job exists exactly when the change does.
 */
export async function enqueueJob<S extends z.ZodType>(
  ctx: { rt: Pick<Runtime, 'clock'>; db: Executor },
  def: JobDefinition<S>,
  payload: z.input<S>,
  options: EnqueueOptions = {},
): Promise<{ id: string; queued: boolean }> {
  const checked = def.schema.parse(payload);
  const now = ctx.rt.clock.now();
  const id = options.id ?? newId('job');
  const queued = await insertJob(ctx.db, {
    id,
    name: def.name,
    version: def.version,
    workspace_id: options.workspaceId ?? null,
    payload: JSON.stringify(checked),
    status: 'queued',
    attempts: 0,
    max_attempts: def.maxAttempts,
    run_at: options.runAt ?? now,
    locked_by: null,
    locked_until: null,
    last_error: null,
    created_at: now,
    updated_at: now,
    finished_at: null,
  });
  return { id, queued };
}
