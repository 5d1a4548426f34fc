import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  SelectQueryNode,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
} from 'kysely';

/**
 * SQLite for a web server: one connection that writes, and reader threads for plain reads.
 *
 * Kysely's own SQLite driver runs every query on one connection behind a lock, on the thread that
 * also serves HTTP. A search that spends 2 ms in SQLite held the event loop and every other
 * request for those 2 ms, and a transaction that awaited between statements (hashing a password,
 * an import batch) held every reader until it committed; on a 2-core machine the second core sat
 * idle. With WAL, readers on other connections see every committed write and never wait for the
 * writer, so `select`s outside a transaction go to a small pool of worker threads, each with its
 * own read-only connection to the same file, and use the other cores. Everything else — writes,
 * raw SQL (which may write), streams and every statement of a transaction — stays on the writing
 * connection, serialised as before, so a transaction still reads its own writes.
 *
 * One other connection writes to the same file: product-usage ingestion commits on a thread of its
 * own (modules/ingest/ingest.thread.ts). SQLite's file lock orders the two; transactions begin
 * IMMEDIATE so that neither ever needs to upgrade a read lock, which fails outright when the other
 * committed in between.
 *
 * An in-memory database has no file for a second connection to open: it runs everything on one.
 */
export interface SqliteDriverConfig {
  readonly database: SQLite.Database;
  /** The file's absolute path; undefined for `:memory:`. */
  readonly file: string | undefined;
  /** Reader threads; 0 runs reads on the writing connection too. */
  readonly readers: number;
  /** Each reader's page cache, as SQLite's `cache_size` (negative: KiB). */
  readonly cacheSize: number;
}

export class SqliteServerDialect implements Dialect {
  readonly #config: SqliteDriverConfig;
  constructor(config: SqliteDriverConfig) {
    this.#config = config;
  }
  createDriver(): Driver {
    return new SqliteServerDriver(this.#config);
  }
  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }
  createAdapter(): DialectAdapter {
    return new SqliteAdapter();
  }
  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}

class SqliteServerDriver implements Driver {
  readonly #config: SqliteDriverConfig;
  readonly #lock = new WriterLock();
  readonly #readers: ReaderPool | undefined;

  constructor(config: SqliteDriverConfig) {
    this.#config = config;
    this.#readers = config.file && config.readers > 0 ? new ReaderPool(config.file, config.readers, config.cacheSize) : undefined;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new RoutedConnection(this.#config.database, this.#lock, this.#readers);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as RoutedConnection).holdWriter();
    // IMMEDIATE takes the file's write lock now (waiting out busy_timeout if another connection,
    // such as the ingestion thread, holds it). A deferred transaction that read first and then
    // wrote would fail with SQLITE_BUSY_SNAPSHOT whenever that connection committed in between.
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
    (connection as RoutedConnection).releaseWriter();
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await connection.executeQuery(CompiledQuery.raw('rollback'));
    } finally {
      (connection as RoutedConnection).releaseWriter();
    }
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    // A transaction whose `begin` failed still holds the writer.
    (connection as RoutedConnection).releaseWriter();
  }

  async destroy(): Promise<void> {
    await this.#readers?.close();
    this.#config.database.close();
  }
}

class RoutedConnection implements DatabaseConnection {
  readonly #db: SQLite.Database;
  readonly #lock: WriterLock;
  readonly #readers: ReaderPool | undefined;
  #holdsWriter = false;

  constructor(db: SQLite.Database, lock: WriterLock, readers: ReaderPool | undefined) {
    this.#db = db;
    this.#lock = lock;
    this.#readers = readers;
  }

  async holdWriter(): Promise<void> {
    if (this.#holdsWriter) return;
    await this.#lock.lock();
    this.#holdsWriter = true;
  }

  releaseWriter(): void {
    if (!this.#holdsWriter) return;
    this.#holdsWriter = false;
    this.#lock.unlock();
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    if (!this.#holdsWriter && this.#readers && SelectQueryNode.is(compiled.query)) {
      return { rows: (await this.#readers.all(compiled.sql, compiled.parameters)) as R[] };
    }
    if (this.#holdsWriter) return runOnWriter<R>(this.#db, compiled);
    await this.#lock.lock();
    try {
      return runOnWriter<R>(this.#db, compiled);
    } finally {
      this.#lock.unlock();
    }
  }

  async *streamQuery<R>(compiled: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(compiled.query)) throw new Error('SQLite streams only select queries');
    const held = this.#holdsWriter;
    if (!held) await this.#lock.lock();
    try {
      for (const row of this.#db.prepare(compiled.sql).iterate(compiled.parameters as unknown[])) yield { rows: [row as R] };
    } finally {
      if (!held) this.#lock.unlock();
    }
  }
}

/**
 * The writing connection's prepared statements by SQL text, as the readers keep theirs: the same
 * few statements run again and again (a session touch, ingestion's upserts), and preparing showed
 * as 4–6 % of an ingestion commit. Statements run to completion before the next, so a cached one
 * is never busy; long multi-row SQL is not kept (it rarely repeats, and would hold memory).
 */
const writerStatements = new WeakMap<SQLite.Database, Map<string, SQLite.Statement>>();
const CACHE_SQL_CHARS = 4000;

function writerStatement(db: SQLite.Database, sql: string): SQLite.Statement {
  if (sql.length > CACHE_SQL_CHARS) return db.prepare(sql);
  let cache = writerStatements.get(db);
  if (!cache) writerStatements.set(db, (cache = new Map()));
  let stmt = cache.get(sql);
  if (!stmt) {
    stmt = db.prepare(sql);
    if (cache.size >= 500) cache.delete(cache.keys().next().value as string);
    cache.set(sql, stmt);
  }
  return stmt;
}

function runOnWriter<R>(db: SQLite.Database, compiled: CompiledQuery): QueryResult<R> {
  const stmt = writerStatement(db, compiled.sql);
  const parameters = compiled.parameters as unknown[];
  if (stmt.reader) return { rows: stmt.all(parameters) as R[] };
  const { changes, lastInsertRowid } = stmt.run(parameters);
  return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
}

/** One holder at a time, in arrival order. */
class WriterLock {
  #held = false;
  readonly #waiting: (() => void)[] = [];

  lock(): Promise<void> {
    if (!this.#held) {
      this.#held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  unlock(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#held = false;
  }
}

/**
 * The reader thread. Plain CommonJS run with `eval`, so the same code serves the compiled build
 * and the TypeScript sources (tests, tsx) without a separate file to ship. Statements are kept
 * prepared: a reader runs one at a time, so a cached statement is never busy.
 */
const READER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.driver);
const db = new SQLite(workerData.file, { fileMustExist: true });
db.pragma('query_only = 1');
db.pragma('busy_timeout = 5000');
db.pragma('cache_size = ' + workerData.cacheSize);
const prepared = new Map();
function statement(sql) {
  let stmt = prepared.get(sql);
  if (!stmt) {
    stmt = db.prepare(sql);
    if (prepared.size >= 500) prepared.delete(prepared.keys().next().value);
    prepared.set(sql, stmt);
  }
  return stmt;
}
const asBuffer = (v) => (v instanceof Uint8Array && !Buffer.isBuffer(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : v);
parentPort.on('message', (m) => {
  if (m.close) {
    db.close();
    parentPort.close();
    return;
  }
  try {
    parentPort.postMessage({ id: m.id, rows: statement(m.sql).all(m.params.map(asBuffer)) });
  } catch (err) {
    parentPort.postMessage({ id: m.id, error: { message: String((err && err.message) || err), code: err && err.code } });
  }
});
`;

interface Pending {
  resolve(rows: unknown[]): void;
  reject(err: Error): void;
}

interface Reader {
  readonly worker: Worker;
  readonly pending: Map<number, Pending>;
}

/**
 * Reader threads, started on first use. A query goes to the reader with the fewest in flight. A
 * reader keeps the process alive only while it has queries in flight, so a CLI command exits when
 * its work is done; one that dies fails its queries and is replaced on the next read.
 */
class ReaderPool {
  readonly #file: string;
  readonly #size: number;
  readonly #cacheSize: number;
  readonly #driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
  readonly #readers: Reader[] = [];
  #nextId = 1;
  #closed = false;

  constructor(file: string, size: number, cacheSize: number) {
    this.#file = file;
    this.#size = size;
    this.#cacheSize = cacheSize;
  }

  all(sql: string, params: readonly unknown[]): Promise<unknown[]> {
    if (this.#closed) return Promise.reject(new Error('the database is closed'));
    const reader = this.#pick();
    const id = this.#nextId++;
    return new Promise<unknown[]>((resolve, reject) => {
      reader.pending.set(id, { resolve, reject });
      if (reader.pending.size === 1) reader.worker.ref();
      reader.worker.postMessage({ id, sql, params });
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    const readers = this.#readers.splice(0);
    await Promise.all(
      readers.map(
        (r) =>
          new Promise<void>((resolve) => {
            r.worker.once('exit', () => resolve());
            r.worker.ref();
            r.worker.postMessage({ close: true });
          }),
      ),
    );
  }

  #pick(): Reader {
    let best: Reader | undefined;
    for (const r of this.#readers) if (!best || r.pending.size < best.pending.size) best = r;
    if (best && (best.pending.size === 0 || this.#readers.length >= this.#size)) return best;
    return this.#start();
  }

  #start(): Reader {
    const worker = new Worker(READER_SOURCE, { eval: true, workerData: { file: this.#file, driver: this.#driverPath, cacheSize: this.#cacheSize } });
    const reader: Reader = { worker, pending: new Map() };
    worker.unref();
    worker.on('message', (m: { id: number; rows?: unknown[]; error?: { message: string; code?: string } }) => {
      const p = reader.pending.get(m.id);
      if (!p) return;
      reader.pending.delete(m.id);
      if (reader.pending.size === 0) worker.unref();
      if (m.error) p.reject(Object.assign(new Error(m.error.message), m.error.code ? { code: m.error.code } : {}));
      else p.resolve((m.rows ?? []).map(withBuffers));
    });
    const fail = (err: Error) => {
      const i = this.#readers.indexOf(reader);
      if (i >= 0) this.#readers.splice(i, 1);
      for (const p of reader.pending.values()) p.reject(err);
      reader.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`an SQLite reader thread exited (${code})`)));
    this.#readers.push(reader);
    return reader;
  }
}

/** BLOBs cross the thread boundary as Uint8Array; the writing connection returns Buffers. */
function withBuffers(row: unknown): unknown {
  if (!row || typeof row !== 'object') return row;
  const out = row as Record<string, unknown>;
  for (const [k, v] of Object.entries(out)) if (v instanceof Uint8Array && !Buffer.isBuffer(v)) out[k] = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  return out;
}
