import { sql, type Kysely } from 'kysely';

/**
 * A CSM's or a team's book read from the index alone.
 *
 * A manager's "My team's clients" (eleven members, about 4,400 of 100k clients) looked the
 * members up in the CSM and sponsor indexes and then read every one of those rows from the table,
 * scattered over the file, to sort them by name for a page of fifty: 4 ms on SQLite, over the
 * goal. With the name, id and the other member column in the index, the page and its count read
 * only index entries (0.35 ms). The narrower indexes are dropped: these serve every query they
 * served (and the foreign keys' checks) by their first two columns.
 *
 * Tier has an index on its lower-cased value (what a text filter compares) with the last touch, so
 * a segment such as "Enterprise, quiet for a month" is counted from one index range instead of
 * every client.
 *
 * Counting a reader's contacts walked the list index of contact_access, whose entries carry names
 * and search text: a manager's 58k entries took 7.5 ms on SQLite. An index of the reader alone is a
 * fraction of the size and counts them in 2 ms.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('client_workspace_id_csm_membership_id_idx').execute();
  await db.schema.dropIndex('client_workspace_id_sponsor_membership_id_idx').execute();
  await db.schema
    .createIndex('client_book_csm_idx')
    .on('client')
    .columns(['workspace_id', 'csm_membership_id', 'name', 'id', 'sponsor_membership_id'])
    .execute();
  await db.schema
    .createIndex('client_book_sponsor_idx')
    .on('client')
    .columns(['workspace_id', 'sponsor_membership_id', 'name', 'id', 'csm_membership_id'])
    .execute();
  // Both dialects take an expression index in this form; the filter compiler writes the same
  // expression (`lower(client.tier)`), which is what lets either planner use it.
  await sql`create index client_tier_last_touch_idx on client (workspace_id, lower(tier), last_touch_at)`.execute(db);
  await db.schema.createIndex('contact_access_reader_idx').on('contact_access').columns(['workspace_id', 'reader_id']).execute();
  // New indexes without statistics look very selective to SQLite's planner (see 20261129180000).
  await sql`analyze client`.execute(db);
  await sql`analyze contact_access`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('contact_access_reader_idx').execute();
  await db.schema.dropIndex('client_tier_last_touch_idx').execute();
  await db.schema.dropIndex('client_book_sponsor_idx').execute();
  await db.schema.dropIndex('client_book_csm_idx').execute();
  await db.schema.createIndex('client_workspace_id_csm_membership_id_idx').on('client').columns(['workspace_id', 'csm_membership_id']).execute();
  await db.schema.createIndex('client_workspace_id_sponsor_membership_id_idx').on('client').columns(['workspace_id', 'sponsor_membership_id']).execute();
}
