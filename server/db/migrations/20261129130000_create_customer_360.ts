import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * Customer 360: teams, clients (domains, tags, hierarchy, custom fields), contacts (emails,
 * phones, client links with roles), the engagement timeline, tasks, custom-field definitions,
 * saved segments, CSV imports with their undo log, sensitive-data counts, and the search index.
 *
 * Nullable references to members, sales reps and parent clients have composite foreign keys
 * without ON DELETE actions (SQLite cannot null one column of a composite key); the services that
 * delete a member, rep or client clear those references in the same transaction first.
 *
 * Search is the one place the two dialects need different DDL: SQLite gets an FTS5 table with
 * the trigram tokenizer, PostgreSQL trigram GIN indexes (pg_trgm, a trusted extension). Both
 * answer "contains this text" from an index; the capabilities object holds the matching queries.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;

  await db.schema.alterTable('workspace').addColumn('sensitive_data_policy', 'text', (c) => c.notNull().defaultTo('reject')).execute();
  await db.schema.alterTable('workspace').addColumn('record_visibility', 'text', (c) => c.notNull().defaultTo('by_role')).execute();

  await db.schema
    .createTable('team')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspace.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('team_pkey', ['workspace_id', 'id'])
    .execute();

  await db.schema
    .createTable('team_member')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('membership_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('team_member_pkey', ['workspace_id', 'team_id', 'membership_id'])
    .addForeignKeyConstraint('team_member_team_fkey', ['workspace_id', 'team_id'], 'team', ['workspace_id', 'id'], (fk) => fk.onDelete('cascade'))
    .addForeignKeyConstraint('team_member_membership_fkey', ['workspace_id', 'membership_id'], 'membership', ['workspace_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('team_member_workspace_id_membership_id_idx').on('team_member').columns(['workspace_id', 'membership_id']).execute();

  await db.schema
    .createTable('import_job')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspace.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('headers', 'text', (c) => c.notNull())
    .addColumn('mapping', 'text')
    .addColumn('match_on', 'text')
    .addColumn('total_rows', 'integer', (c) => c.notNull())
    .addColumn('processed_rows', 'integer', (c) => c.notNull())
    .addColumn('created_rows', 'integer', (c) => c.notNull())
    .addColumn('updated_rows', 'integer', (c) => c.notNull())
    .addColumn('error_rows', 'integer', (c) => c.notNull())
    .addColumn('errors', 'text', (c) => c.notNull())
    .addColumn('created_by_membership_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .addColumn('undone_at', 'bigint')
    .addPrimaryKeyConstraint('import_job_pkey', ['workspace_id', 'id'])
    .execute();
  await db.schema.createIndex('import_job_workspace_id_created_at_idx').on('import_job').columns(['workspace_id', 'created_at']).execute();

  await db.schema
    .createTable('import_chunk')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('import_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('import_chunk_pkey', ['workspace_id', 'import_id', 'seq'])
    .addForeignKeyConstraint('import_chunk_import_fkey', ['workspace_id', 'import_id'], 'import_job', ['workspace_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();

  await db.schema
    .createTable('client')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspace.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('client_since', 'text')
    .addColumn('terminated_on', 'text')
    .addColumn('termination_reason', 'text')
    .addColumn('csm_membership_id', 'text')
    .addColumn('sponsor_membership_id', 'text')
    .addColumn('sales_rep_id', 'text')
    .addColumn('parent_client_id', 'text')
    .addColumn('tier', 'text')
    .addColumn('external_id', 'text')
    .addColumn('custom_fields', 'text', (c) => c.notNull())
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('last_touch_at', 'bigint')
    .addColumn('import_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('client_pkey', ['workspace_id', 'id'])
    .addForeignKeyConstraint('client_csm_fkey', ['workspace_id', 'csm_membership_id'], 'membership', ['workspace_id', 'id'])
    .addForeignKeyConstraint('client_sponsor_fkey', ['workspace_id', 'sponsor_membership_id'], 'membership', ['workspace_id', 'id'])
    .addForeignKeyConstraint('client_sales_rep_fkey', ['workspace_id', 'sales_rep_id'], 'sales_rep', ['workspace_id', 'id'])
    .addForeignKeyConstraint('client_parent_fkey', ['workspace_id', 'parent_client_id'], 'client', ['workspace_id', 'id'])
    .execute();
  await db.schema.createIndex('client_workspace_id_name_idx').on('client').columns(['workspace_id', 'name']).execute();
  await db.schema.createIndex('client_workspace_id_csm_membership_id_idx').on('client').columns(['workspace_id', 'csm_membership_id']).execute();
  await db.schema.createIndex('client_workspace_id_status_idx').on('client').columns(['workspace_id', 'status']).execute();
  await db.schema.createIndex('client_workspace_id_parent_client_id_idx').on('client').columns(['workspace_id', 'parent_client_id']).execute();
  await db.schema.createIndex('client_workspace_id_last_touch_at_idx').on('client').columns(['workspace_id', 'last_touch_at']).execute();
  await db.schema.createIndex('client_workspace_id_import_id_idx').on('client').columns(['workspace_id', 'import_id']).execute();
  await db.schema
    .createIndex('client_workspace_id_external_id_idx')
    .unique()
    .on('client')
    .columns(['workspace_id', 'external_id'])
    .where(sql.ref('external_id'), 'is not', null)
    .execute();

  await db.schema
    .createTable('client_domain')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('client_domain_pkey', ['workspace_id', 'domain'])
    .addForeignKeyConstraint('client_domain_client_fkey', ['workspace_id', 'client_id'], 'client', ['workspace_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('client_domain_workspace_id_client_id_idx').on('client_domain').columns(['workspace_id', 'client_id']).execute();

  await db.schema
    .createTable('client_tag')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('tag', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('client_tag_pkey', ['workspace_id', 'client_id', 'tag'])
    .addForeignKeyConstraint('client_tag_client_fkey', ['workspace_id', 'client_id'], 'client', ['workspace_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('client_tag_workspace_id_tag_idx').on('client_tag').columns(['workspace_id', 'tag']).execute();

  await db.schema
    .createTable('contact')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspace.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('first_name', 'text', (c) => c.notNull())
    .addColumn('last_name', 'text')
    .addColumn('title', 'text')
    .addColumn('do_not_contact', 'integer', (c) => c.notNull())
    .addColumn('marketing_opt_out', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text')
    .addColumn('custom_fields', 'text', (c) => c.notNull())
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('created_by_membership_id', 'text')
    .addColumn('import_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('contact_pkey', ['workspace_id', 'id'])
    .execute();
  await db.schema.createIndex('contact_workspace_id_last_name_idx').on('contact').columns(['workspace_id', 'last_name', 'first_name']).execute();
  await db.schema.createIndex('contact_workspace_id_import_id_idx').on('contact').columns(['workspace_id', 'import_id']).execute();
  await db.schema
    .createIndex('contact_workspace_id_external_id_idx')
    .unique()
    .on('contact')
    .columns(['workspace_id', 'external_id'])
    .where(sql.ref('external_id'), 'is not', null)
    .execute();

  await db.schema
    .createTable('contact_email')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('is_primary', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('contact_email_pkey', ['workspace_id', 'email'])
    .addForeignKeyConstraint('contact_email_contact_fkey', ['workspace_id', 'contact_id'], 'contact', ['workspace_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('contact_email_workspace_id_contact_id_idx').on('contact_email').columns(['workspace_id', 'contact_id']).execute();

  await db.schema
    .createTable('contact_phone')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('label', 'text')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('contact_phone_pkey', ['workspace_id', 'contact_id', 'phone'])
    .addForeignKeyConstraint('contact_phone_contact_fkey', ['workspace_id', 'contact_id'], 'contact', ['workspace_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();

  await db.schema
    .createTable('client_contact')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('roles', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('client_contact_pkey', ['workspace_id', 'client_id', 'contact_id'])
    .addForeignKeyConstraint('client_contact_client_fkey', ['workspace_id', 'client_id'], 'client', ['workspace_id', 'id'], (fk) => fk.onDelete('cascade'))
    .addForeignKeyConstraint('client_contact_contact_fkey', ['workspace_id', 'contact_id'], 'contact', ['workspace_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('client_contact_workspace_id_contact_id_idx').on('client_contact').columns(['workspace_id', 'contact_id']).execute();

  await db.schema
    .createTable('engagement')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'bigint', (c) => c.notNull())
    .addColumn('pinned', 'integer', (c) => c.notNull())
    .addColumn('author_membership_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('engagement_pkey', ['workspace_id', 'id'])
    .addForeignKeyConstraint('engagement_client_fkey', ['workspace_id', 'client_id'], 'client', ['workspace_id', 'id'], (fk) => fk.onDelete('cascade'))
    .addForeignKeyConstraint('engagement_author_fkey', ['workspace_id', 'author_membership_id'], 'membership', ['workspace_id', 'id'])
    .execute();
  await db.schema.createIndex('engagement_workspace_id_client_id_occurred_at_idx').on('engagement').columns(['workspace_id', 'client_id', 'occurred_at']).execute();

  await db.schema
    .createTable('engagement_participant')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('engagement_id', 'text', (c) => c.notNull())
    .addColumn('participant_id', 'text', (c) => c.notNull())
    .addColumn('participant_type', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('engagement_participant_pkey', ['workspace_id', 'engagement_id', 'participant_id'])
    .addForeignKeyConstraint('engagement_participant_engagement_fkey', ['workspace_id', 'engagement_id'], 'engagement', ['workspace_id', 'id'], (fk) =>
      fk.onDelete('cascade'),
    )
    .execute();
  await db.schema
    .createIndex('engagement_participant_workspace_id_participant_id_idx')
    .on('engagement_participant')
    .columns(['workspace_id', 'participant_id'])
    .execute();

  await db.schema
    .createTable('task')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text')
    .addColumn('assignee_membership_id', 'text')
    .addColumn('due_on', 'text')
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'bigint')
    .addColumn('created_by_membership_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('task_pkey', ['workspace_id', 'id'])
    .addForeignKeyConstraint('task_client_fkey', ['workspace_id', 'client_id'], 'client', ['workspace_id', 'id'], (fk) => fk.onDelete('cascade'))
    .addForeignKeyConstraint('task_assignee_fkey', ['workspace_id', 'assignee_membership_id'], 'membership', ['workspace_id', 'id'])
    .execute();
  await db.schema
    .createIndex('task_workspace_id_assignee_membership_id_status_due_on_idx')
    .on('task')
    .columns(['workspace_id', 'assignee_membership_id', 'status', 'due_on'])
    .execute();
  await db.schema.createIndex('task_workspace_id_client_id_idx').on('task').columns(['workspace_id', 'client_id']).execute();

  await db.schema
    .createTable('custom_field')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspace.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('options', 'text', (c) => c.notNull())
    .addColumn('currency', 'text')
    .addColumn('required', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('archived_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('custom_field_pkey', ['workspace_id', 'id'])
    .execute();
  await db.schema.createIndex('custom_field_workspace_id_entity_key_idx').unique().on('custom_field').columns(['workspace_id', 'entity', 'key']).execute();

  await db.schema
    .createTable('segment')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspace.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('owner_membership_id', 'text')
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('segment_pkey', ['workspace_id', 'id'])
    .addForeignKeyConstraint('segment_owner_fkey', ['workspace_id', 'owner_membership_id'], 'membership', ['workspace_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();

  await db.schema
    .createTable('import_change')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('import_id', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('before', 'text')
    .addPrimaryKeyConstraint('import_change_pkey', ['workspace_id', 'import_id', 'entity', 'entity_id'])
    .addForeignKeyConstraint('import_change_import_fkey', ['workspace_id', 'import_id'], 'import_job', ['workspace_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();

  await db.schema
    .createTable('sensitive_block')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspace.id').onDelete('cascade'))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('count', 'bigint', (c) => c.notNull())
    .addColumn('last_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('sensitive_block_pkey', ['workspace_id', 'category', 'action', 'source'])
    .execute();

  if (isPostgres) {
    await sql`create extension if not exists pg_trgm`.execute(db);
    await sql`create index client_search_text_trgm_idx on client using gin (search_text gin_trgm_ops)`.execute(db);
    await sql`create index contact_search_text_trgm_idx on contact using gin (search_text gin_trgm_ops)`.execute(db);
  } else {
    // One trigram index for both entities; rows are written with the records they index.
    await sql`create virtual table search_index using fts5(workspace_id unindexed, entity unindexed, entity_id unindexed, text, tokenize = 'trigram')`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  if (!isPostgres) await sql`drop table if exists search_index`.execute(db);
  for (const table of [
    'sensitive_block',
    'import_change',
    'segment',
    'custom_field',
    'task',
    'engagement_participant',
    'engagement',
    'client_contact',
    'contact_phone',
    'contact_email',
    'contact',
    'client_tag',
    'client_domain',
    'client',
    'import_chunk',
    'import_job',
    'team_member',
    'team',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  await db.schema.alterTable('workspace').dropColumn('record_visibility').execute();
  await db.schema.alterTable('workspace').dropColumn('sensitive_data_policy').execute();
}
