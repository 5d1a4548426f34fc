import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { storableJson } from '../lib/json.js';
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
  /**
   * "This client is in one member's book" (they are its CSM or sponsor), in the form this planner
   * serves from the two book indexes for a page sorted by name. SQLite, given the `or`, walked the
   * whole name index looking for the book's few hundred rows (16 ms instead of 3 ms for a CSM's
   * "All clients"), so it gets the ids as a set. PostgreSQL, given the set, looked each id up in
   * the primary key (3.7 ms), where the `or` is one bitmap over the two indexes (0.9 ms).
   */
  inOneBook(alias: string, workspaceId: string, memberId: string): RawBuilder<SqlBool>;
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
  /**
   * A member of a JSON object stored as text, for filters and sorts on custom fields. `key` is
   * bound as a parameter, never spliced into SQL. Numbers come back numeric, booleans as 0/1.
   */
  jsonMember(column: string, key: string, as: 'text' | 'number' | 'boolean'): RawBuilder<unknown>;
  /**
   * "The record's indexed text contains `term`" for a client or contact row aliased `alias`, from
   * an index on both dialects: SQLite's FTS5 trigram table, PostgreSQL's trigram GIN index on
   * `search_text`. Case-insensitive; `%`, `_` and `\` in the term match themselves.
   */
  searchContains(entity: 'client' | 'contact', alias: string, workspaceId: string, term: string): RawBuilder<SqlBool>;
  /**
   * The ids of `entity` records whose text contains `term`, as a table (one column, `id`) to join
   * from, so a query that needs only the first few matches stops after them instead of listing
   * every match first as `searchContains` does.
   */
  searchMatches(entity: 'client' | 'contact', workspaceId: string, term: string): RawBuilder<{ id: string }>;
  /** Keeps the search index in step with a record's `search_text` (a no-op where the column itself is indexed). */
  indexSearchText(db: Executor, workspaceId: string, entity: 'client' | 'contact', id: string, text: string): Promise<void>;
  /** Indexes records written just now, many at a time (for bulk writers: the demo seeder). */
  indexNewSearchText(db: Executor, workspaceId: string, entity: 'client' | 'contact', rows: readonly { id: string; text: string }[]): Promise<void>;
  /** Drops records from the search index (a no-op where the column itself is indexed). */
  unindexSearchText(db: Executor, workspaceId: string, entity: 'client' | 'contact', ids: readonly string[]): Promise<void>;
  /**
   * Where many rows go best as one JSON parameter, the query an insert into `table` takes them
   * from (`insert into table (columns) <this>`); undefined where a values list is better.
   * PostgreSQL parses and plans every bound parameter, and a commit group of a thousand usage
   * events was 16,000 of them, which cost the server and Kysely more than the writes themselves;
   * there `json_populate_recordset` expands the rows against the table's row type, which types
   * each column (a column a row lacks is null, not its default; text is made storable first, as
   * its JSON parser refuses a NUL or a lone surrogate). SQLite binds values cheaply, and
   * Kysely's own values list measured faster there than any other form (docs/performance.md, B3).
   */
  readonly rowsFromJson: ((table: string, columns: readonly string[], rows: readonly Readonly<Record<string, unknown>>[]) => RawBuilder<unknown>) | undefined;
}

/**
 * A LIKE pattern for text containing `term` (or starting with it), lower-cased, with LIKE's own
 * wildcards escaped by a backslash: for `… like ? escape '\\'`, and PostgreSQL's default escape.
 */
export function likePattern(term: string, startsWith = false): string {
  const escaped = term.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);
  return startsWith ? `${escaped}%` : `%${escaped}%`;
}


/**
 * `column` contains `term`, for a `search_text` column (always stored lower-cased, so plain
 * `like` serves both dialects; PostgreSQL's `ilike` folded every character again, twice as slow
 * over a CSM's nine thousand contacts). For scanning a small set; `searchContains` uses indexes.
 */
export function searchTextContains(column: string, term: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.ref(column)} like ${likePattern(term)} escape '\\'`;
}

/** SQLite's full-text tables, one per entity, keyed by `search_doc.id`. */
const FTS = { client: 'search_client_fts', contact: 'search_contact_fts' } as const;

/** An FTS5 phrase: the term as one quoted string, so its words and punctuation match as written. */
function ftsPhrase(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

const code = (err: unknown): string => String((err as { code?: unknown } | null)?.code ?? '');

const sqlite: Capabilities = Object.freeze({
  dialect: 'sqlite',
  rowsFromJson: undefined,
  skipLocked: false,
  caseInsensitiveLike: 'like',
  isUniqueViolation: (err: unknown) => code(err) === 'SQLITE_CONSTRAINT_UNIQUE' || code(err) === 'SQLITE_CONSTRAINT_PRIMARYKEY',
  isForeignKeyViolation: (err: unknown) => code(err) === 'SQLITE_CONSTRAINT_FOREIGNKEY',
  inOneBook(alias: string, workspaceId: string, memberId: string) {
    const book = sql`select v.id from client v where v.workspace_id = ${workspaceId} and v.csm_membership_id = ${memberId}
      union all select v.id from client v where v.workspace_id = ${workspaceId} and v.sponsor_membership_id = ${memberId}`;
    return sql<SqlBool>`${sql.ref(`${alias}.id`)} in (${book})`;
  },
  jsonMember(column: string, key: string, as: 'text' | 'number' | 'boolean') {
    const path = `$.${JSON.stringify(key)}`;
    const member = sql`json_extract(${sql.ref(column)}, ${path})`;
    return as === 'text' ? sql`cast(${member} as text)` : as === 'number' ? sql`cast(${member} as real)` : sql`(case when ${member} then 1 else 0 end)`;
  },
  searchContains(entity: 'client' | 'contact', alias: string, workspaceId: string, term: string) {
    // Under three characters there is no trigram to look up: the record's own text is scanned.
    if ([...term].length < 3) return searchTextContains(`${alias}.search_text`, term);
    // A trigram phrase query is a substring match answered from the index alone (see the migration
    // 20261129170000_rebuild_search_index for why LIKE on an FTS table is not).
    const fts = sql.table(FTS[entity]);
    return sql<SqlBool>`${sql.ref(`${alias}.id`)} in (select d.entity_id from ${fts} f join search_doc d on d.id = f.rowid where ${fts} match ${ftsPhrase(term)} and d.workspace_id = ${workspaceId} and d.entity = ${entity})`;
  },
  searchMatches(entity: 'client' | 'contact', workspaceId: string, term: string) {
    if ([...term].length < 3) {
      return sql<{ id: string }>`(select id from ${sql.table(entity)} where workspace_id = ${workspaceId} and search_text like ${likePattern(term)} escape '\\')`;
    }
    const fts = sql.table(FTS[entity]);
    return sql<{ id: string }>`(select d.entity_id as id from ${fts} f join search_doc d on d.id = f.rowid where ${fts} match ${ftsPhrase(term)} and d.workspace_id = ${workspaceId} and d.entity = ${entity})`;
  },
  async indexSearchText(db: Executor, workspaceId: string, entity: 'client' | 'contact', id: string, text: string) {
    const { rows } = await sql<{ id: number }>`insert into search_doc (workspace_id, entity, entity_id) values (${workspaceId}, ${entity}, ${id})
      on conflict (workspace_id, entity, entity_id) do update set entity_id = excluded.entity_id returning id`.execute(db);
    const rowid = rows[0]?.id;
    if (rowid === undefined) throw new Error('search_doc upsert returned no id');
    await sql`delete from ${sql.table(FTS[entity])} where rowid = ${rowid}`.execute(db);
    await sql`insert into ${sql.table(FTS[entity])} (rowid, text) values (${rowid}, ${text})`.execute(db);
  },
  async indexNewSearchText(db: Executor, workspaceId: string, entity: 'client' | 'contact', rows: readonly { id: string; text: string }[]) {
    for (let i = 0; i < rows.length; i += 500) {
      const slice = rows.slice(i, i + 500);
      const docs = await sql<{ id: number; entity_id: string }>`insert into search_doc (workspace_id, entity, entity_id)
        values ${sql.join(slice.map((r) => sql`(${workspaceId}, ${entity}, ${r.id})`))} returning id, entity_id`.execute(db);
      const textOf = new Map(slice.map((r) => [r.id, r.text]));
      await sql`insert into ${sql.table(FTS[entity])} (rowid, text) values ${sql.join(docs.rows.map((d) => sql`(${d.id}, ${textOf.get(d.entity_id) ?? ''})`))}`.execute(db);
    }
  },
  async unindexSearchText(db: Executor, workspaceId: string, entity: 'client' | 'contact', ids: readonly string[]) {
    for (let i = 0; i < ids.length; i += 500) {
      const docs = await sql<{ id: number }>`delete from search_doc where workspace_id = ${workspaceId} and entity = ${entity}
        and entity_id in (${sql.join(ids.slice(i, i + 500))}) returning id`.execute(db);
      if (docs.rows.length > 0) await sql`delete from ${sql.table(FTS[entity])} where rowid in (${sql.join(docs.rows.map((d) => d.id))})`.execute(db);
    }
  },
  async takeTransactionLock(tx: Executor) {
    await allowCrossWorkspace('a no-op write that takes the database write lock', () =>
      tx.updateTable('workspace').set({ name: sql`name` }).where(sql<boolean>`0 = 1`).execute(),
    );
  },
});

const postgres: Capabilities = Object.freeze({
  dialect: 'postgres',
  rowsFromJson(table: string, columns: readonly string[], rows: readonly Readonly<Record<string, unknown>>[]) {
    return sql`select ${sql.join(columns.map((c) => sql.ref(c)))} from json_populate_recordset(null::${sql.table(table)}, ${storableJson(rows)})`;
  },
  skipLocked: true,
  caseInsensitiveLike: 'ilike',
  isUniqueViolation: (err: unknown) => code(err) === '23505',
  isForeignKeyViolation: (err: unknown) => code(err) === '23503',
  inOneBook(alias: string, _workspaceId: string, memberId: string) {
    return sql<SqlBool>`(${sql.ref(`${alias}.csm_membership_id`)} = ${memberId} or ${sql.ref(`${alias}.sponsor_membership_id`)} = ${memberId})`;
  },
  jsonMember(column: string, key: string, as: 'text' | 'number' | 'boolean') {
    const member = sql`(${sql.ref(column)}::jsonb ->> ${key})`;
    return as === 'text' ? member : as === 'number' ? sql`(${member})::numeric` : sql`(case when (${member})::boolean then 1 else 0 end)`;
  },
  searchContains(_entity: 'client' | 'contact', alias: string, _workspaceId: string, term: string) {
    return sql<SqlBool>`${sql.ref(`${alias}.search_text`)} ilike ${likePattern(term)} escape '\\'`;
  },
  searchMatches(entity: 'client' | 'contact', workspaceId: string, term: string) {
    const contains = searchTextContains('search_text', term);
    if (entity === 'client') return sql<{ id: string }>`(select id from client where workspace_id = ${workspaceId} and ${contains})`;
    // A trigram bitmap is built whole before the first row is read: for a common surname, ten
    // thousand entries (5–7 ms) to return 101. Contacts whose last or first name starts with the
    // term come first from ordered name indexes (migration 20261130120000), which stop at the
    // caller's limit; the trigram scan runs only when those run out, for the other matches. Each
    // branch leaves out what an earlier one returned, so a contact is listed once. Name matches
    // first is also the order the search ranks them in.
    const prefix = likePattern(term, true);
    // As written here the index serves the first two branches; `is true` in the exclusions keeps
    // a contact without a last name (null) in the later ones.
    const last = sql`lower(last_name) like ${prefix}`;
    const first = sql`lower(first_name) like ${prefix}`;
    return sql<{ id: string }>`(select id from contact where workspace_id = ${workspaceId} and ${last}
      union all select id from contact where workspace_id = ${workspaceId} and ${first} and not (${last}) is true
      union all select id from contact where workspace_id = ${workspaceId} and ${contains} and not (${last}) is true and not (${first}) is true)`;
  },
  async indexSearchText() {},
  async indexNewSearchText() {},
  async unindexSearchText() {},
  async takeTransactionLock(tx: Executor, key: string) {
    await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(tx);
  },
});

export function capabilitiesFor(dialect: 'sqlite' | 'postgres'): Capabilities {
  return dialect === 'sqlite' ? sqlite : postgres;
}
