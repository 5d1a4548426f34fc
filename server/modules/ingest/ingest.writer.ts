import type { Runtime } from '../../context.js';
import type { Executor } from '../../db/database.js';
import { enqueueJob } from '../../jobs/queue.js';
import { linkUsagePeopleJob } from '../usage/usage-people.jobs.js';
import { storeEvents, type StorableEvent, type StoreOutcome } from './ingest.store.js';

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
    private readonly rt: Pick<Runtime, 'database' | 'clock' | 'log' | 'metrics'>,
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
      this.rt.metrics.ingestCommitSeconds.observe(Number(process.hrtime.bigint() - started) / 1e9);
      this.rt.metrics.ingestCommitEvents.observe(group.reduce((n, p) => n + p.events.length, 0));
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

  private async transaction(group: readonly Pending[]): Promise<StoreOutcome[][]> {
    const now = this.rt.clock.now();
    return this.rt.database.db.transaction().execute(async (tx: Executor) => {
      // Each workspace's events are stored with their own scope; results go back per request.
      const byWorkspace = new Map<string, { events: StorableEvent[]; slots: [number, number][] }>();
      group.forEach((p, request) => {
        let entry = byWorkspace.get(p.workspaceId);
        if (!entry) byWorkspace.set(p.workspaceId, (entry = { events: [], slots: [] }));
        p.events.forEach((e, i) => {
          entry.events.push(e);
          entry.slots.push([request, i]);
        });
      });
      const results = group.map((p) => p.events.map((): StoreOutcome => 'duplicate'));
      for (const [workspaceId, entry] of byWorkspace) {
        const { outcomes, identified } = await storeEvents({ db: tx, workspaceId }, entry.events, now);
        // Queued in the same transaction: the job exists exactly when the identify calls do.
        if (identified.length > 0) await enqueueJob({ rt: this.rt, db: tx }, linkUsagePeopleJob, { personKeys: identified.slice(0, 5000) }, { workspaceId });
        outcomes.forEach((o, k) => {
          const [request, i] = entry.slots[k] as [number, number];
          (results[request] as StoreOutcome[])[i] = o;
        });
      }
      return results;
    });
  }
}
