import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * SQLite only (PostgreSQL indexes `search_text` itself): replaces the one FTS5 table that held
 * workspace, entity and id as unindexed columns. Finding a match's id, or deleting a record's
 * entry, read those columns row by row — a full scan of the index for every client or contact
 * saved, and tens of milliseconds for a common name among a million contacts.
 *
 * Now `search_doc` maps each record to an integer, and one contentless FTS5 table per entity
 * indexes the text under that integer as its rowid. A match yields rowids straight from the
 * index; an entry is deleted by rowid. AUTOINCREMENT keeps rowids from being reused, so an index
 * row left behind by a removed workspace (its docs cascade away) can never match a new record.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return;
  await sql`create table search_doc (
    id integer primary key autoincrement,
    workspace_id text not null references workspace (id) on delete cascade,
    entity text not null,
    entity_id text not null
  )`.execute(db);
  await sql`create unique index search_doc_workspace_id_entity_entity_id_idx on search_doc (workspace_id, entity, entity_id)`.execute(db);
  for (const entity of ['client', 'contact'] as const) {
    const fts = sql.table(`search_${entity}_fts`);
    await sql`create virtual table ${fts} using fts5(text, content = '', contentless_delete = 1, tokenize = 'trigram')`.execute(db);
    await sql`insert into search_doc (workspace_id, entity, entity_id) select workspace_id, entity, entity_id from search_index where entity = ${entity}`.execute(db);
    await sql`insert into ${fts} (rowid, text)
      select d.id, s.text from search_index s
      join search_doc d on d.workspace_id = s.workspace_id and d.entity = s.entity and d.entity_id = s.entity_id
      where s.entity = ${entity}`.execute(db);
  }
  await sql`drop table search_index`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return;
  await sql`create virtual table search_index using fts5(workspace_id unindexed, entity unindexed, entity_id unindexed, text, tokenize = 'trigram')`.execute(db);
  // The contentless tables cannot give their text back; it is rebuilt from the records.
  await sql`insert into search_index (workspace_id, entity, entity_id, text) select workspace_id, 'client', id, search_text from client`.execute(db);
  await sql`insert into search_index (workspace_id, entity, entity_id, text) select workspace_id, 'contact', id, search_text from contact`.execute(db);
  await sql`drop table search_client_fts`.execute(db);
  await sql`drop table search_contact_fts`.execute(db);
  await sql`drop table search_doc`.execute(db);
}
