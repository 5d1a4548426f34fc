import type { Kysely } from 'kysely';

/**
 * An admin can set aside a product account that will never be a client (a free or trial account,
 * an internal test account), so the list of accounts to link shows only the ones that matter.
 * Later events from it keep it set aside; linking it or turning the choice back is always possible.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('usage_unmatched_group').addColumn('ignored_at', 'bigint').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('usage_unmatched_group').dropColumn('ignored_at').execute();
}
