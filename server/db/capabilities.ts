import { sql } from 'kysely';
import type { Executor } from './database.js';
import { allowCrossWorkspace } from './tenant-guard.js';

/**
 * Every difference between SQLite and PostgreSQL that code outside `db/` needs to know, as
 * capabilities rather than dialect names: callers ask "can I skip locked rows?", never "is this
 * SQLite?". Repos import this object; nothing else branches on the dialect.
 */
export interface Capabilities {
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * `FOR UPDATE SKIP LOCKED` exists, so concurrent workers can claim different rows. SQLite has a
   * single writer, where a plain `UPDATE … RETURNING` is already an atomic claim.
   */
  readonly skipLocked: boolean;
  /** Operator for case-insensitive LIKE (`like` is already case-insensitive for ASCII on SQLite). */
  readonly caseInsensitiveLike: 'like' | 'ilike';
  /** True when a driver error is a unique-constraint violation, by the driver's code, never by message text. */
  isUniqueViolation(err: unknown): boolean;
  /** True when a driver error is a foreign-key violation. */
  isForeignKeyViolation(err: unknown): boolean;
  /**
   * Inside a transaction, waits for and takes an exclusive lock named `key` until commit, so two
   * processes cannot both pass a "does it exist yet?" check. PostgreSQL: an advisory lock.
   * SQLite: a no-op write, which takes the database's single write lock before anything is read.
   */
  takeTransactionLock(tx: Executor, key: string): Promise<void>;
}

const code = (err: unknown): string => String((err as { code?: unknown } | null)?.code ?? '');

const sqlite: Capabilities = Object.freeze({
  dialect: 'sqlite',
  skipLocked: false,
  caseInsensitiveLike: 'like',
  isUniqueViolation: (err: unknown) => code(err) === 'SQLITE_CONSTRAINT_UNIQUE' || code(err) === 'SQLITE_CONSTRAINT_PRIMARYKEY',
  isForeignKeyViolation: (err: unknown) => code(err) === 'SQLITE_CONSTRAINT_FOREIGNKEY',
  async takeTransactionLock(tx: Executor) {
    await allowCrossWorkspace('a no-op write that takes the database write lock', () =>
      tx.updateTable('workspace').set({ name: sql`name` }).where(sql<boolean>`0 = 1`).execute(),
    );
  },
});

const postgres: Capabilities = Object.freeze({
  dialect: 'postgres',
  skipLocked: true,
  caseInsensitiveLike: 'ilike',
  isUniqueViolation: (err: unknown) => code(err) === '23505',
  isForeignKeyViolation: (err: unknown) => code(err) === '23503',
  async takeTransactionLock(tx: Executor, key: string) {
    await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(tx);
  },
});

export function capabilitiesFor(dialect: 'sqlite' | 'postgres'): Capabilities {
  return dialect === 'sqlite' ? sqlite : postgres;
}
