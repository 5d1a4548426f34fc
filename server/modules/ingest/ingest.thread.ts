/**
 * The SQLite ingestion thread (started by `SqliteIngestThread` in ingest.writer.ts): the
 * group-commit writer on a second writing connection to the same file. Requests arrive one
 * message each; the writer groups and commits them here and each answer goes back after its
 * commit, so the server acknowledges only what is on disk. SQLite's file lock orders these
 * commits with the main connection's writes; every transaction begins IMMEDIATE, so neither side
 * ever has to upgrade a read.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../db/database.js';
import type { StorableEvent, StoreOutcome } from './ingest.store.js';
import { IngestWriter, type WriterOptions } from './ingest.writer.js';

export interface ThreadData {
  readonly file: string;
  readonly cacheMb: number;
  readonly writer: Omit<WriterOptions, 'concurrency'>;
}

/** A request's events, with the server clock's time when it was handed over. */
export type ThreadRequest = { readonly id: number; readonly workspaceId: string; readonly events: readonly StorableEvent[]; readonly now: number } | { readonly close: true };
export type ThreadReply =
  | { readonly id: number; readonly outcomes: StoreOutcome[] }
  | { readonly id: number; readonly error: { readonly message: string; readonly code?: string } }
  | { readonly commit: { readonly events: number; readonly seconds: number } }
  | { readonly warn: { readonly fields: Record<string, unknown>; readonly message: string } };

/**
 * How long a commit waits for the main connection's write lock. The main thread's own writes
 * keep SQLite's 5 s so a request never stalls the event loop long; this thread may wait longer,
 * since waiting here blocks nothing but ingestion, and giving up would fail accepted events.
 */
const BUSY_TIMEOUT_MS = 30_000;

const port = parentPort;
if (port) {
  const data = workerData as ThreadData;
  const handle = await openDatabase({ dialect: 'sqlite', file: data.file }, { sqliteReadThreads: 0, sqliteCacheMb: data.cacheMb, sqliteBusyTimeoutMs: BUSY_TIMEOUT_MS });
  const post = (m: ThreadReply) => port.postMessage(m);
  const writer = new IngestWriter(
    {
      // The server's clock (tests move it by hand): the time of the latest request handed over.
      clock: { now: () => serverNow },
      log: { warn: (fields, message) => post({ warn: { fields: { ...fields, err: String((fields.err as Error | undefined)?.message ?? fields.err ?? '') }, message } }) },
      observeCommit: (events, seconds) => post({ commit: { events, seconds } }),
    },
    handle,
    { ...data.writer, concurrency: 1 },
  );
  let serverNow = 0;
  port.on('message', (m: ThreadRequest) => {
    if ('close' in m) {
      void writer
        .close()
        .then(() => handle.close())
        .finally(() => port.close());
      return;
    }
    serverNow = Math.max(serverNow, m.now);
    writer.submit(m.workspaceId, m.events).then(
      (outcomes) => post({ id: m.id, outcomes }),
      (err: { message?: string; code?: string }) => post({ id: m.id, error: { message: String(err?.message ?? err), ...(err?.code ? { code: err.code } : {}) } }),
    );
  });
}
