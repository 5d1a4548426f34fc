import type { Kysely } from 'kysely';

/**
 * Product accounts (Segment's `groupId`) that match no client yet. Until now such a group call
 * was stored without a client and the account id was lost, so a CSM could neither see which of
 * their product's accounts Candor did not know nor attach the activity once they had said which
 * client it is.
 *
 * - `usage_person.group_id` is the account the person's client comes from (the latest group call,
 *   or the first `context.groupId`), kept whether or not it matched: linking an account later
 *   finds its people through it.
 * - `usage_unmatched_group` lists each account id that matched no client when it last arrived,
 *   with the name its group call gave; linking the account deletes its row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('usage_person').addColumn('group_id', 'text').execute();
  await db.schema.createIndex('usage_person_group_idx').on('usage_person').columns(['workspace_id', 'group_id']).execute();
  await db.schema
    .createTable('usage_unmatched_group')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspace.id').onDelete('cascade'))
    .addColumn('group_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('first_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('usage_unmatched_group_pkey', ['workspace_id', 'group_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('usage_unmatched_group').execute();
  await db.schema.dropIndex('usage_person_group_idx').execute();
  await db.schema.alterTable('usage_person').dropColumn('group_id').execute();
}
