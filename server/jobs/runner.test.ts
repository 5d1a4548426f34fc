import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildTestApp, type TestApp } from '../../test/helpers/app.js';
import { defineJob, type CronDefinition, type JobDefinition } from './define.js';
import { claimJobs, deadLetterJob, findJob, finishJob, insertJob, retryJob } from './jobs.repo.js';
import { enqueueJob } from './queue.js';
import { JobRunner } from './runner.js';
import { cronSlotId, Scheduler } from './scheduler.js';

let t: TestApp;

/** Handler invocations per job id: "ran once" and "never ran twice" are read from here. */
const runs = new Map<string, number>();
const countRun = (id: string) => runs.set(id, (runs.get(id) ?? 0) + 1);

const recordJob = defineJob({
  name: 'test.record',
  version: 1,
  maxAttempts: 3,
  schema: z.object({ key: z.string() }),
  async handler(_rt, _payload, job) {
    countRun(job.id);
    // Yield to the event loop so concurrent runners really interleave their claims and finishes.
    await new Promise((r) => setImmediate(r));
    return 'done';
  },
});

/** Fails its first `failFirst` attempts, then succeeds. */
const flakyJob = defineJob({
  name: 'test.flaky',
  version: 1,
  maxAttempts: 3,
  schema: z.object({ failFirst: z.number().int() }),
  async handler(_rt, { failFirst }, job) {
    countRun(job.id);
    if (job.attempt <= failFirst) throw new Error(`flaky failure on attempt ${job.attempt}`);
    return 'done';
  },
});

const deadLetters: { payload: unknown; error: string }[] = [];
const brokenJob = defineJob({
  name: 'test.broken',
  version: 1,
  maxAttempts: 3,
  schema: z.object({ what: z.string() }),
  async handler(_rt, _payload, job) {
    countRun(job.id);
    throw new Error('the remote end is down');
  },
  async onDead(_rt, payload, error) {
    deadLetters.push({ payload, error });
  },
});

const DEFS = [recordJob, flakyJob, brokenJob] as readonly JobDefinition[];
const HOUR = 3_600_000;

const newRunner = (defs = DEFS) => new JobRunner(t.rt, defs, { pollMs: 50 });
const enqueue = <S extends z.ZodType>(def: JobDefinition<S>, payload: z.input<S>, options: Parameters<typeof enqueueJob>[3] = {}) =>
  enqueueJob({ rt: t.rt, db: t.rt.database.db }, def, payload, options).then((r) => r.id);
const getJob = async (id: string) => {
  const row = await findJob(t.rt.database.db, id);
  if (!row) throw new Error(`job ${id} does not exist`);
  return row;
};

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

// Runners claim every due job, whatever test queued it: each test starts from an empty queue.
beforeEach(async () => {
  await t.db.deleteFrom('job').execute();
  runs.clear();
  deadLetters.length = 0;
});

describe('JobRunner', () => {
  it('runs a queued job once and marks it done', async () => {
    const id = await enqueue(recordJob, { key: 'once' });
    const runner = newRunner();
    expect(await runner.drain()).toBe(1);
    expect(runs.get(id)).toBe(1);
    const row = await getJob(id);
    expect(row).toMatchObject({ status: 'done', attempts: 1, finished_at: t.clock.now(), locked_by: null, locked_until: null, last_error: null });
    t.clock.advance(HOUR);
    expect(await runner.drain()).toBe(0);
    expect(runs.get(id)).toBe(1);
  });

  it('does not run a job before its run_at', async () => {
    const id = await enqueue(recordJob, { key: 'later' }, { runAt: t.clock.now() + 60_000 });
    const runner = newRunner();
    t.clock.advance(59_999);
    expect(await runner.runOnce()).toBe(0);
    t.clock.advance(1);
    expect(await runner.runOnce()).toBe(1);
    expect(runs.get(id)).toBe(1);
  });

  it('retries a failing handler with backoff: not before run_at, then after the clock passes it', async () => {
    const id = await enqueue(flakyJob, { failFirst: 2 });
    const runner = newRunner();

    const failedAt = t.clock.now();
    expect(await runner.runOnce()).toBe(1);
    let row = await getJob(id);
    expect(row).toMatchObject({ status: 'queued', attempts: 1, last_error: 'flaky failure on attempt 1', locked_by: null });
    // backoffMs(1) is 5 s with ±20 % jitter.
    expect(row.run_at - failedAt).toBeGreaterThanOrEqual(4_000);
    expect(row.run_at - failedAt).toBeLessThanOrEqual(6_000);

    expect(await runner.runOnce()).toBe(0);
    t.clock.set(row.run_at - 1);
    expect(await runner.runOnce()).toBe(0);
    expect(runs.get(id)).toBe(1);

    t.clock.set(row.run_at);
    const secondAt = t.clock.now();
    expect(await runner.runOnce()).toBe(1);
    row = await getJob(id);
    expect(row).toMatchObject({ status: 'queued', attempts: 2, last_error: 'flaky failure on attempt 2' });
    // The second wait doubles: 10 s ± 20 %.
    expect(row.run_at - secondAt).toBeGreaterThanOrEqual(8_000);
    expect(row.run_at - secondAt).toBeLessThanOrEqual(12_000);

    t.clock.set(row.run_at);
    expect(await runner.runOnce()).toBe(1);
    expect(await getJob(id)).toMatchObject({ status: 'done', attempts: 3, last_error: null });
    expect(runs.get(id)).toBe(3);
  });

  it('dead-letters a job after maxAttempts, keeps the last error and calls onDead once', async () => {
    const id = await enqueue(brokenJob, { what: 'webhook' });
    const runner = newRunner();
    for (let attempt = 1; attempt <= brokenJob.maxAttempts; attempt++) {
      expect(await runner.drain()).toBe(1);
      t.clock.advance(HOUR);
    }
    const row = await getJob(id);
    expect(row).toMatchObject({ status: 'dead', attempts: 3, last_error: 'the remote end is down', locked_by: null });
    expect(row.finished_at).not.toBeNull();
    expect(deadLetters).toEqual([{ payload: { what: 'webhook' }, error: 'the remote end is down' }]);

    t.clock.advance(24 * HOUR);
    expect(await runner.drain()).toBe(0);
    expect(runs.get(id)).toBe(3);
  });

  it('lets another runner take over a job whose worker crashed once the lease expires', async () => {
    const id = await enqueue(recordJob, { key: 'orphan' });
    const leaseMs = 60_000;
    const crashed = await claimJobs(t.rt.database.db, t.rt.caps, 'crashed-worker', t.clock.now(), leaseMs, 10);
    expect(crashed.map((j) => j.id)).toEqual([id]);

    const survivor = newRunner();
    t.clock.advance(leaseMs - 1);
    expect(await survivor.runOnce()).toBe(0);
    t.clock.advance(2);
    expect(await survivor.runOnce()).toBe(1);
    expect(runs.get(id)).toBe(1);
    expect(await getJob(id)).toMatchObject({ status: 'done', attempts: 2, locked_by: null });
  });

  it('dead-letters, without running it again, a job whose worker died during every one of its attempts', async () => {
    const id = await enqueue(recordJob, { key: 'poison' });
    const leaseMs = 1_000;
    for (let attempt = 1; attempt <= recordJob.maxAttempts; attempt++) {
      expect(await claimJobs(t.rt.database.db, t.rt.caps, `dying-worker-${attempt}`, t.clock.now(), leaseMs, 10)).toHaveLength(1);
      t.clock.advance(leaseMs + 1);
    }
    expect(await newRunner().runOnce()).toBe(1);
    expect(runs.get(id)).toBeUndefined();
    expect(await getJob(id)).toMatchObject({ status: 'dead', last_error: 'the worker stopped during each of its 3 attempts' });
  });

  it('ignores a stale worker: finish, retry and dead-letter with the wrong workerId change nothing', async () => {
    const id = await enqueue(recordJob, { key: 'contested' });
    const db = t.rt.database.db;
    await claimJobs(db, t.rt.caps, 'worker-a', t.clock.now(), 1_000, 10);
    t.clock.advance(1_001);
    await claimJobs(db, t.rt.caps, 'worker-b', t.clock.now(), 60_000, 10);
    const held = await getJob(id);
    expect(held).toMatchObject({ status: 'running', locked_by: 'worker-b', attempts: 2 });

    const now = t.clock.now();
    await finishJob(db, id, 'worker-a', now);
    await retryJob(db, id, 'worker-a', now, now + HOUR, 'stale retry');
    await deadLetterJob(db, id, 'worker-a', now, 'stale dead-letter');
    expect(await getJob(id)).toEqual(held);

    await finishJob(db, id, 'worker-b', now);
    expect(await getJob(id)).toMatchObject({ status: 'done', locked_by: null, finished_at: now });
  });

  it('does not run a job whose name has no handler, and dead-letters it after its attempts', async () => {
    const id = await insertRawJob({ id: 'job_test_unknown_name', name: 'test.nobody_handles_this', payload: JSON.stringify({ key: 'x' }) });
    const runner = newRunner();
    expect(await runner.drain()).toBe(1);
    expect(await getJob(id)).toMatchObject({ status: 'queued', attempts: 1, last_error: 'no handler is registered for test.nobody_handles_this' });
    t.clock.advance(HOUR);
    expect(await runner.drain()).toBe(1);
    expect(await getJob(id)).toMatchObject({ status: 'dead', attempts: 2, last_error: 'no handler is registered for test.nobody_handles_this' });
    expect(runs.size).toBe(0);
  });

  it('does not run a job queued with another payload version, and dead-letters it after its attempts', async () => {
    const recordV2 = { ...recordJob, version: 2 } as JobDefinition;
    const id = await enqueue(recordV2, { key: 'from the future' });
    const runner = newRunner();
    for (let attempt = 1; attempt <= recordJob.maxAttempts; attempt++) {
      expect(await runner.drain()).toBe(1);
      t.clock.advance(HOUR);
    }
    const row = await getJob(id);
    expect(row.status).toBe('dead');
    expect(row.last_error).toBe('job payload version 2 does not match handler version 1');
    expect(runs.get(id)).toBeUndefined();
  });

  it('dead-letters a job whose stored payload is not JSON instead of failing the whole batch', async () => {
    const id = await insertRawJob({ id: 'job_test_garbled', name: 'test.record', payload: '{"key": "cut off' });
    const other = await enqueue(recordJob, { key: 'same batch' });
    const runner = newRunner();
    expect(await runner.drain()).toBe(2);
    expect(runs.get(other)).toBe(1);
    expect(await getJob(id)).toMatchObject({ status: 'queued', attempts: 1 });
    t.clock.advance(HOUR);
    expect(await runner.drain()).toBe(1);
    const row = await getJob(id);
    expect(row.status).toBe('dead');
    expect(row.last_error).toMatch(/^payload is not valid JSON/);
    expect(runs.get(id)).toBeUndefined();
  });
});

/** A job row written as another process (or an older release) might have left it. */
async function insertRawJob(row: { id: string; name: string; payload: string }): Promise<string> {
  const now = t.clock.now();
  await insertJob(t.rt.database.db, {
    ...row,
    version: 1,
    workspace_id: null,
    status: 'queued',
    attempts: 0,
    max_attempts: 2,
    run_at: now,
    locked_by: null,
    locked_until: null,
    last_error: null,
    created_at: now,
    updated_at: now,
    finished_at: null,
  });
  return row.id;
}

describe('enqueueJob', () => {
  it('validates the payload with the job schema and inserts nothing when it is wrong', async () => {
    await expect(enqueue(recordJob, { key: 42 } as never, { id: 'job_test_bad_payload' })).rejects.toThrow(z.ZodError);
    expect(await findJob(t.rt.database.db, 'job_test_bad_payload')).toBeUndefined();
    const { n } = await t.db.selectFrom('job').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(n)).toBe(0);
  });

  it('queues nothing when the transaction it was enqueued in rolls back', async () => {
    let id = '';
    await expect(
      t.rt.database.db.transaction().execute(async (tx) => {
        id = (await enqueueJob({ rt: t.rt, db: tx }, recordJob, { key: 'rolled back' })).id;
        expect(await findJob(tx, id)).toBeDefined();
        throw new Error('the change this job follows from failed');
      }),
    ).rejects.toThrow('the change this job follows from failed');
    expect(id).not.toBe('');
    expect(await findJob(t.rt.database.db, id)).toBeUndefined();
    expect(await newRunner().drain()).toBe(0);
    expect(runs.size).toBe(0);
  });

  it('is idempotent for a deterministic id', async () => {
    await enqueue(recordJob, { key: 'first' }, { id: 'job_test_same_id' });
    await enqueue(recordJob, { key: 'second' }, { id: 'job_test_same_id' });
    expect(JSON.parse((await getJob('job_test_same_id')).payload)).toEqual({ key: 'first' });
    expect(await newRunner().drain()).toBe(1);
  });
});

describe('Scheduler', () => {
  const cron: CronDefinition = { name: 'test.hourly', everyMs: HOUR, job: recordJob, payload: { key: 'cron' } };
  const cronJobs = () => t.db.selectFrom('job').selectAll().where('name', '=', 'test.record').orderBy('run_at').execute();

  it('queues exactly one job per slot however often and by however many schedulers it ticks', async () => {
    const slot = Math.floor(t.clock.now() / HOUR) * HOUR + 5 * HOUR;
    t.clock.set(slot + 10 * 60_000);
    const a = new Scheduler(t.rt, [cron]);
    const b = new Scheduler(t.rt, [cron]);
    await a.tick();
    await a.tick();
    await b.tick();
    await Promise.all([a.tick(), b.tick()]);
    let rows = await cronJobs();
    expect(rows.map((r) => [r.id, r.run_at, r.status])).toEqual([[cronSlotId('test.hourly', slot), slot, 'queued']]);

    // Once the slot's job ran, ticking again in the same slot must not queue it a second time.
    expect(await newRunner().drain()).toBe(1);
    t.clock.advance(30 * 60_000);
    await b.tick();
    expect(await newRunner().drain()).toBe(0);

    t.clock.set(slot + HOUR);
    await Promise.all([a.tick(), b.tick()]);
    rows = await cronJobs();
    expect(rows.map((r) => [r.id, r.status])).toEqual([
      [cronSlotId('test.hourly', slot), 'done'],
      [cronSlotId('test.hourly', slot + HOUR), 'queued'],
    ]);
    expect(await newRunner().drain()).toBe(1);
    expect([...runs.values()]).toEqual([1, 1]);
  });
});

describe('concurrent runners', () => {
  it('never run a job twice when two runners claim from the same queue at once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) ids.push(await enqueue(recordJob, { key: `job ${i}` }));
    const a = new JobRunner(t.rt, DEFS, { pollMs: 50, concurrency: 5 });
    const b = new JobRunner(t.rt, DEFS, { pollMs: 50, concurrency: 5 });
    let claimed = 0;
    for (;;) {
      const [na, nb] = await Promise.all([a.runOnce(), b.runOnce()]);
      claimed += na + nb;
      if (na + nb === 0) break;
    }
    expect([...runs.keys()].sort()).toEqual([...ids].sort());
    expect([...runs.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    expect(claimed).toBe(40);
    const statuses = await t.db.selectFrom('job').select(['status', 'attempts']).execute();
    expect(statuses).toHaveLength(40);
    expect(statuses.every((s) => s.status === 'done' && s.attempts === 1)).toBe(true);
  });
});
