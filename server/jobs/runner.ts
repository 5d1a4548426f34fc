import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Runtime } from '../context.js';
import type { JobDefinition } from './define.js';
import { claimJobs, deadLetterJob, extendLease, finishJob, retryJob, type JobRow } from './jobs.repo.js';

export interface RunnerOptions {
  readonly pollMs: number;
  readonly leaseMs?: number;
  readonly concurrency?: number;
  readonly onOutcome?: (name: string, outcome: 'done' | 'skipped' | 'retry' | 'dead') => void;
}

/** Backoff before attempt n+1: 5 s, 10 s, 20 s … capped at one hour, with ±20 % jitter so retries do not stampede. */
export function backoffMs(attempt: number, random = Math.random): number {
  const base = Math.min(5_000 * 2 ** Math.max(0, attempt - 1), 3_600_000);
  return Math.round(base * (0.8 + 0.4 * random()));
}

/**
 * The durable job runner: claims due jobs with a lease, runs their handler, and finishes, retries
 * with backoff or dead-letters them. At-least-once: a worker that dies mid-job loses its lease and
 * another worker runs the job again, so handlers are idempotent.
 */
export class JobRunner {
  readonly workerId = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  readonly #rt: Runtime;
  readonly #defs: Map<string, JobDefinition>;
  readonly #opts: Required<Omit<RunnerOptions, 'onOutcome'>> & Pick<RunnerOptions, 'onOutcome'>;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = true;

  constructor(rt: Runtime, definitions: readonly JobDefinition[], options: RunnerOptions) {
    this.#rt = rt;
    this.#defs = new Map(definitions.map((d) => [d.name, d]));
    this.#opts = { leaseMs: 60_000, concurrency: 4, ...options };
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#schedule(0);
  }

  /** Stops polling and waits for the jobs in hand to finish (graceful shutdown). */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running;
  }

  /** Runs everything that is due now, repeatedly, until nothing is: tests and the CLI use this. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.runOnce();
      total += n;
      if (n === 0) return total;
    }
  }

  /** Claims one batch and runs it; returns how many jobs were claimed. */
  async runOnce(): Promise<number> {
    const { db } = this.#rt.database;
    const now = this.#rt.clock.now();
    const jobs = await claimJobs(db, this.#rt.caps, this.workerId, now, this.#opts.leaseMs, this.#opts.concurrency);
    await Promise.all(jobs.map((job) => this.#run(job)));
    return jobs.length;
  }

  #schedule(delay: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#running = this.runOnce()
        .then((n) => this.#schedule(n > 0 ? 0 : this.#opts.pollMs))
        .catch((err: unknown) => {
          this.#rt.log.error({ err }, 'job runner poll failed');
          this.#schedule(this.#opts.pollMs);
        });
    }, delay);
    this.#timer.unref?.();
  }

  async #run(job: JobRow): Promise<void> {
    const { db } = this.#rt.database;
    const def = this.#defs.get(job.name);
    const log = this.#rt.log.child({ job: job.name, jobId: job.id, attempt: job.attempts });
    const fail = async (error: string, payload?: unknown) => {
      const now = this.#rt.clock.now();
      if (job.attempts >= job.max_attempts) {
        await deadLetterJob(db, job.id, this.workerId, now, error);
        log.error({ error }, 'job dead-lettered');
        if (def?.onDead && payload !== undefined) await def.onDead(this.#rt, payload, error).catch((err: unknown) => log.error({ err }, 'onDead failed'));
        this.#opts.onOutcome?.(job.name, 'dead');
      } else {
        await retryJob(db, job.id, this.workerId, now, now + backoffMs(job.attempts), error);
        log.warn({ error }, 'job failed; will retry');
        this.#opts.onOutcome?.(job.name, 'retry');
      }
    };
    if (!def) return fail(`no handler is registered for ${job.name}`);
    if (def.version !== job.version) return fail(`job payload version ${job.version} does not match handler version ${def.version}`);
    // A payload that is not JSON must go through `fail` like any other bad payload: thrown from
    // here it would reject the whole batch and leave the row `running`, reclaimed forever.
    let raw: unknown;
    try {
      raw = JSON.parse(job.payload);
    } catch (err) {
      return fail(`payload is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
    }
    const parsed = def.schema.safeParse(raw);
    if (!parsed.success) return fail(`payload does not match its schema: ${parsed.error.message}`);
    // A job reclaimed after its lease lapsed on its last attempt killed its worker every time
    // (out of memory, a native crash): running it again would kill this one too.
    if (job.attempts > job.max_attempts) return fail(`the worker stopped during each of its ${job.max_attempts} attempts`, parsed.data);
    const heartbeat = setInterval(() => {
      void extendLease(db, job.id, this.workerId, this.#rt.clock.now() + this.#opts.leaseMs).catch(() => undefined);
    }, Math.max(1_000, Math.floor(this.#opts.leaseMs / 3)));
    heartbeat.unref?.();
    try {
      const outcome = await def.handler(this.#rt, parsed.data, { id: job.id, attempt: job.attempts, workspaceId: job.workspace_id });
      await finishJob(db, job.id, this.workerId, this.#rt.clock.now());
      this.#opts.onOutcome?.(job.name, outcome);
    } catch (err) {
      await fail(err instanceof Error ? err.message.slice(0, 2000) : String(err).slice(0, 2000), parsed.data);
    } finally {
      clearInterval(heartbeat);
    }
  }
}
