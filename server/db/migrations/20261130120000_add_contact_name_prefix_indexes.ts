import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * PostgreSQL: contacts by the start of their lower-cased last or first name, in order, for the
 * quick search (capabilities.searchMatches). `text_pattern_ops` lets `like 'okafor%'` use the
 * index whatever the database's collation. The trigram index answers the rest of a search, but
 * builds its whole bitmap first: ten thousand entries for a common surname. SQLite's search reads
 * its FTS5 trigram index in order and stops at the limit, so it needs neither.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`create index contact_last_name_prefix_idx on contact (workspace_id, lower(last_name) text_pattern_ops)`.execute(db);
  await sql`create index contact_first_name_prefix_idx on contact (workspace_id, lower(first_name) text_pattern_ops)`.execute(db);
  await sql`analyze contact`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`drop index contact_first_name_prefix_idx`.execute(db);
  await sql`drop index contact_last_name_prefix_idx`.execute(db);
}
