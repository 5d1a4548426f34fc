import { sql, type Kysely } from 'kysely';

/**
 * Indexes for the visibility rule (modules/access/visibility.ts). A client is in a member's book
 * when they are its CSM or its sponsor; without an index on the sponsor the OR of the two became
 * a scan of every client. A contact nobody linked yet is visible to whoever created it; without
 * an index on the creator, a CSM's contact list scanned every contact (0.9 s at a million).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('client_workspace_id_sponsor_membership_id_idx').on('client').columns(['workspace_id', 'sponsor_membership_id']).execute();
  await db.schema.createIndex('contact_workspace_id_created_by_membership_id_idx').on('contact').columns(['workspace_id', 'created_by_membership_id']).execute();
  // Where the other indexes have statistics (after `analyze`, which seed-demo runs), SQLite's
  // planner guesses that a new index without them is very selective, and chose the sponsor index
  // to list all clients, sorting 100k rows (8 ms became 2 s). Analysing the two tables keeps the
  // statistics whole; both databases take the statement.
  await sql`analyze client`.execute(db);
  await sql`analyze contact`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('contact_workspace_id_created_by_membership_id_idx').execute();
  await db.schema.dropIndex('client_workspace_id_sponsor_membership_id_idx').execute();
}
