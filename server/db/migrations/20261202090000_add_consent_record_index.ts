import { sql, type Kysely } from 'kysely';

/**
 * Consent records (`$consent` track events, P14) are a sliver of the events, and an admin asks for
 * them on their own: the latest ones, the counts of the last 30 days, one visitor's history. A
 * partial index holds only those rows, so none of these reads walks the events around them.
 * On PostgreSQL an index on the partitioned table is made on every month's partition too.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index usage_event_consent_idx on usage_event (workspace_id, received_at) where type = 'track' and event_name = '$consent'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('usage_event_consent_idx').execute();
}
