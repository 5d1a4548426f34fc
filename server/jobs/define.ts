import type { z } from 'zod';
import type { Runtime } from '../context.js';

/** What a handler learns about the job it runs. */
export interface JobInfo {
  readonly id: string;
  readonly attempt: number;
  readonly workspaceId: string | null;
}

/**
 * A job type: a stable dotted name (`mail.send`, never a class name, so a rename cannot orphan
 * queued rows), a payload version, a zod schema checked when the job is queued and again when it
 * runs, and an idempotent handler (delivery is at-least-once).
 */
export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  readonly name: `${string}.${string}`;
  readonly version: number;
  readonly schema: S;
  /** Attempts before the job is dead-lettered. */
  readonly maxAttempts: number;
  handler(rt: Runtime, payload: z.output<S>, job: JobInfo): Promise<'done' | 'skipped'>;
  /** Called once when the job is dead-lettered, to mark what it was for as failed. */
  onDead?(rt: Runtime, payload: z.output<S>, error: string): Promise<void>;
}

export function defineJob<S extends z.ZodType>(def: JobDefinition<S>): JobDefinition<S> {
  return def;
}

/** A job queued on a fixed period; each slot has a deterministic id so racing schedulers collide. */
export interface CronDefinition {
  readonly name: string;
  readonly everyMs: number;
  readonly job: JobDefinition;
  readonly payload: unknown;
}
