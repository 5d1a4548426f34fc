import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Runtime } from '../../context.js';
import type { DatabaseHandle } from '../../db/database.js';
import { commitGroup } from './ingest.commit.js';
import type { StorableEvent, StoreOutcome } from './ingest.store.js';
import type { ThreadData, ThreadReply, ThreadRequest } from './ingest.thread.js';

interface Pending {
  readonly workspaceId: string;
  readonly events: readonly StorableEvent[];
  readonly resolve: (outcomes: StoreOutcome[]) => void;
  readonly reject: (err: unknown) => void;
}

export interface WriterOptions {
  /** A group is committed once it holds this many events… */
  readonly maxEvents: number;
  /** …or once its first event has waited this long (0: the next turn of the event loop). */
  readonly maxWaitMs: number;
  /**
   * Commits that may run at once. SQLite has one writer, so 1. PostgreSQL commits transactions
   * side by side and each commit is several round trips, so a few groups in flight overlap their
   * waits; the dedup key still decides between them (the second insert of a messageId waits for
   * the first transaction and then does nothing).
   */
  readonly concurrency: number;
}

/** What the writer uses of the runtime: on the ingestion thread these forward to the server's. */
export interface WriterRuntime {
  readonly clock: Pick<Runtime['clock'], 'now'>;
  readonly log: { warn(fields: Record<string, unknown>, message: string): void };
  /** Each commit's size and duration, for /metrics. */
  observeCommit(events: number, seconds: number): void;
}

/** The writer's view of the server runtime. */
export function writerRuntime(rt: Pick<Runtime, 'clock' | 'log' | 'metrics'>): WriterRuntime {
  return {
    clock: rt.clock,
    log: rt.log,
    observeCommit: (events, seconds) => {
      rt.metrics.ingestCommitEvents.observe(events);
      rt.metrics.ingestCommitSeconds.observe(seconds);
    },
  };
}

/** Where accepted events go: the group-commit writer; a benchmark's ceiling swaps in one that stores nothing. */
export interface EventSink {
  submit(workspaceId: string, events: readonly StorableEvent[]): Promise<StoreOutcome[]>;
  close(): Promise<void>;
}

/**
 * Group commit for ingestion. Requests hand their events here and wait; the writer commits many
 * requests' events in one transaction and answers each request only after that commit, so an
 * acknowledged event is on disk (synchronous=FULL on SQLite, synchronous_commit=on on PostgreSQL)
 * while the cost of a durable commit is shared by the whole group. Up to `concurrency` commits
 * run at a time; whatever arrives meanwhile forms the next group, so groups grow with the load by
 * themselves.
 */
export class IngestWriter implements EventSink {
  private queue: Pending[] = [];
  private queued = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly running = new Set<Promise<void>>();
  private closed = false;

  constructor(
    private readonly rt: WriterRuntime,
    private readonly database: Pick<DatabaseHandle, 'db' | 'caps'>,
    private readonly options: WriterOptions,
  ) {}

  /** Resolves once the events are committed (or found to be duplicates), in the order given. */
  submit(workspaceId: string, events: readonly StorableEvent[]): Promise<StoreOutcome[]> {
    if (events.length === 0) return Promise.resolve([]);
    if (this.closed) return Promise.reject(new Error('the ingestion writer is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ workspaceId, events, resolve, reject });
      this.queued += events.length;
      this.schedule();
    });
  }

  /** Commits what is queued and refuses new work: for shutdown, so nothing accepted is dropped. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.running.size > 0 || this.queue.length > 0) {
      if (this.queue.length > 0 && this.running.size < this.options.concurrency) this.start();
      else await Promise.race(this.running);
    }
  }

  private schedule(): void {
    if (this.running.size >= this.options.concurrency) return;
    if (this.queued >= this.options.maxEvents) {
      this.start();
      return;
    }
    if (this.timer) return;
    const fire = () => {
      this.timer = undefined;
      if (this.running.size < this.options.concurrency) this.start();
    };
    this.timer = this.options.maxWaitMs > 0 ? setTimeout(fire, this.options.maxWaitMs) : (setImmediate(fire) as unknown as NodeJS.Timeout);
  }

  private start(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const group = this.take();
    if (group.length === 0) return;
    const commit: Promise<void> = this.commit(group).finally(() => {
      this.running.delete(commit);
      if (this.queue.length > 0 && this.running.size < this.options.concurrency) this.start();
    });
    this.running.add(commit);
  }

  /** Whole requests, oldest first, up to the group size (a request bigger than a group goes alone). */
  private take(): Pending[] {
    const group: Pending[] = [];
    let size = 0;
    while (this.queue.length > 0) {
      const next = this.queue[0] as Pending;
      if (group.length > 0 && size + next.events.length > this.options.maxEvents) break;
      group.push(next);
      size += next.events.length;
      this.queue.shift();
    }
    this.queued -= size;
    return group;
  }

  private async commit(group: Pending[]): Promise<void> {
    try {
      const started = process.hrtime.bigint();
      const outcomes = await this.transaction(group);
      this.rt.observeCommit(
        group.reduce((n, p) => n + p.events.length, 0),
        Number(process.hrtime.bigint() - started) / 1e9,
      );
      group.forEach((p, i) => p.resolve(outcomes[i] as StoreOutcome[]));
    } catch (err) {
      if (group.length === 1) {
        (group[0] as Pending).reject(err);
        return;
      }
      // One request must not fail the others in its group: retry each alone, so only the one
      // that cannot be stored gets the error.
      this.rt.log.warn({ err, requests: group.length }, 'an ingestion group failed to commit; committing its requests one by one');
      for (const p of group) {
        try {
          p.resolve(((await this.transaction([p])) as StoreOutcome[][])[0] as StoreOutcome[]);
        } catch (single) {
          p.reject(single);
        }
      }
    }
  }

  private transaction(group: readonly Pending[]): Promise<StoreOutcome[][]> {
    return commitGroup(this.database, group, this.rt.clock.now());
  }
}

/**
 * The group-commit writer on a thread of its own, with a second SQLite connection
 * (ingest.thread.ts). Each request's events go to the thread as soon as they are checked; the
 * thread forms the groups and commits them, so a commit's statements and fsync never hold this
 * event loop, and the next group starts the moment a commit ends rather than when this busy
 * thread gets round to noticing. Started on the first event, so a CLI command or a server that
 * never ingests starts no thread; it keeps the process alive only while events are in flight. A
 * thread that dies fails the requests it held (none was acknowledged) and a new one starts with
 * the next request.
 */
export class SqliteIngestThread implements EventSink {
  /** The running thread and the requests waiting on it (each thread its own, so a dead one's late exit fails only its own). */
  private current: { worker: Worker; pending: Map<number, { resolve(o: StoreOutcome[]): void; reject(e: Error): void }> } | undefined;
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly rt: Pick<Runtime, 'clock' | 'log' | 'metrics'>,
    private readonly data: ThreadData,
  ) {}

  submit(workspaceId: string, events: readonly StorableEvent[]): Promise<StoreOutcome[]> {
    if (events.length === 0) return Promise.resolve([]);
    if (this.closed) return Promise.reject(new Error('the ingestion writer is closed'));
    const { worker, pending } = this.current ?? this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      if (pending.size === 1) worker.ref();
      worker.postMessage({ id, workspaceId, events, now: this.rt.clock.now() } satisfies ThreadRequest);
    });
  }

  /** The thread commits what it holds, closes its connection and exits; later requests are refused. */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.current?.worker;
    if (!worker) return;
    worker.ref();
    await new Promise<void>((resolve) => {
      worker.once('exit', () => resolve());
      worker.postMessage({ close: true } satisfies ThreadRequest);
    });
  }

  private start(): NonNullable<SqliteIngestThread['current']> {
    const url = new URL(`./ingest.thread${extname(fileURLToPath(import.meta.url))}`, import.meta.url);
    // From the TypeScript sources (tests, `tsx`), the thread registers tsx before loading its module;
    // the build runs the compiled file directly.
    const worker = url.pathname.endsWith('.ts')
      ? new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });`, { eval: true, workerData: this.data })
      : new Worker(url, { workerData: this.data });
    const thread = { worker, pending: new Map<number, { resolve(o: StoreOutcome[]): void; reject(e: Error): void }>() };
    const { pending } = thread;
    worker.unref();
    worker.on('message', (m: ThreadReply) => {
      if ('commit' in m) {
        writerRuntime(this.rt).observeCommit(m.commit.events, m.commit.seconds);
        return;
      }
      if ('warn' in m) {
        this.rt.log.warn(m.warn.fields, m.warn.message);
        return;
      }
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (pending.size === 0) worker.unref();
      if ('error' in m) p.reject(Object.assign(new Error(m.error.message), m.error.code ? { code: m.error.code } : {}));
      else p.resolve(m.outcomes);
    });
    const fail = (err: Error) => {
      if (this.current === thread) this.current = undefined;
      for (const p of pending.values()) p.reject(err);
      pending.clear();
    };
    worker.on('error', (err) => {
      this.rt.log.error({ err }, 'the ingestion thread failed; its requests were refused and the next starts a new one');
      fail(err);
    });
    worker.on('exit', (code) => fail(new Error(`the ingestion thread exited (${code})`)));
    this.current = thread;
    return thread;
  }
}
