import type { Kysely } from 'kysely';

/**
 * `source`: where product usage comes from (a site's tracking tag, a server SDK), each with a
 * write key. The key names the workspace, so it is looked up across workspaces by its SHA-256;
 * a browser key is public by nature (it sits in the page's snippet), so it is also kept as
 * written, to show the snippet again; a server key is shown once and never stored.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('source')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspace.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('write_key_hash', 'text', (c) => c.notNull())
    .addColumn('write_key_hint', 'text', (c) => c.notNull())
    .addColumn('public_write_key', 'text')
    .addColumn('allowed_origins', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .addPrimaryKeyConstraint('source_pkey', ['workspace_id', 'id'])
    .execute();
  await db.schema.createIndex('source_write_key_hash_idx').on('source').column('write_key_hash').unique().execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('source').execute();
}
