import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * Product usage: the events sources send, what deduplicates them, who the people behind them are,
 * and the daily rollups the client page and (later) health scores read.
 *
 * - `usage_event` holds every accepted event. On PostgreSQL it is partitioned by month of
 *   `received_at` (the server's clock, so every new row lands in a partition made ahead of time;
 *   a default partition catches anything else): old months can be detached or dropped whole, and a
 *   person's erasure reads each partition through its `(workspace_id, person_key)` index.
 *   Partitioning forbids a unique constraint without the partition key, so dedup lives apart:
 * - `usage_message` remembers each (source, messageId) for the dedup window; the ingestion writer
 *   inserts there first, in the same transaction, and stores only the events whose id was new.
 * - `usage_person` is one person of the customer's product (an identified user, an anonymous
 *   browser, or a cookieless visitor of the day), with the client and contact they map to;
 *   `usage_alias` points an anonymous id at the user it merged into.
 * - `usage_person_day` and `usage_client_day` are rollups kept up to date in the commit that
 *   stores the events: active people per day, and event counts per client, day and event name.
 * - `usage_settings` is the workspace's choices (key events, consent mode, DNT/GPC, masked query
 *   parameters); `usage_salt` the day's random salt for cookieless visitor counts, deleted daily.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const event = db.schema
    .createTable('usage_event')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspace.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('event_name', 'text')
    .addColumn('user_id', 'text')
    .addColumn('anonymous_id', 'text')
    .addColumn('person_key', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text')
    .addColumn('properties', 'text', (c) => c.notNull())
    .addColumn('context', 'text', (c) => c.notNull())
    .addColumn('original_timestamp', 'bigint')
    .addColumn('sent_at', 'bigint')
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('occurred_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('usage_event_pkey', isPostgres ? ['workspace_id', 'id', 'received_at'] : ['workspace_id', 'id']);
  if (isPostgres) {
    await event.modifyEnd(sql`partition by range (received_at)`).execute();
    await sql`create table usage_event_default partition of usage_event default`.execute(db);
  } else {
    await event.execute();
  }
  await db.schema.createIndex('usage_event_person_idx').on('usage_event').columns(['workspace_id', 'person_key']).execute();
  await db.schema.createIndex('usage_event_client_idx').on('usage_event').columns(['workspace_id', 'client_id', 'occurred_at']).execute();
  await db.schema.createIndex('usage_event_received_idx').on('usage_event').columns(['workspace_id', 'received_at']).execute();

  await db.schema
    .createTable('usage_message')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspace.id').onDelete('cascade'))
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('usage_message_pkey', ['workspace_id', 'source_id', 'message_id'])
    .execute();
  await db.schema.createIndex('usage_message_received_idx').on('usage_message').column('received_at').execute();

  await db.schema
    .createTable('usage_person')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspace.id').onDelete('cascade'))
    .addColumn('person_key', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('client_id', 'text')
    .addColumn('contact_id', 'text')
    .addColumn('traits', 'text')
    .addColumn('first_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('usage_person_pkey', ['workspace_id', 'person_key'])
    .execute();
  await db.schema.createIndex('usage_person_client_idx').on('usage_person').columns(['workspace_id', 'client_id']).execute();
  await db.schema.createIndex('usage_person_contact_idx').on('usage_person').columns(['workspace_id', 'contact_id']).execute();

  await db.schema
    .createTable('usage_alias')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspace.id').onDelete('cascade'))
    .addColumn('anonymous_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('usage_alias_pkey', ['workspace_id', 'anonymous_id'])
    .execute();
  await db.schema.createIndex('usage_alias_user_idx').on('usage_alias').columns(['workspace_id', 'user_id']).execute();

  await db.schema
    .createTable('usage_person_day')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspace.id').onDelete('cascade'))
    .addColumn('person_key', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text')
    .addColumn('events', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('usage_person_day_pkey', ['workspace_id', 'person_key', 'day'])
    .execute();
  await db.schema.createIndex('usage_person_day_client_idx').on('usage_person_day').columns(['workspace_id', 'client_id', 'day']).execute();

  await db.schema
    .createTable('usage_client_day')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspace.id').onDelete('cascade'))
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('event_name', 'text', (c) => c.notNull())
    .addColumn('events', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('usage_client_day_pkey', ['workspace_id', 'client_id', 'day', 'event_name'])
    .execute();

  await db.schema
    .createTable('usage_settings')
    .addColumn('workspace_id', 'text', (c) => c.notNull().primaryKey().references('workspace.id').onDelete('cascade'))
    .addColumn('key_events', 'text', (c) => c.notNull())
    .addColumn('consent_mode', 'text', (c) => c.notNull())
    .addColumn('honour_signals', 'integer', (c) => c.notNull())
    .addColumn('masked_params', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('usage_salt')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspace.id').onDelete('cascade'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('salt', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('usage_salt_pkey', ['workspace_id', 'day'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['usage_salt', 'usage_settings', 'usage_client_day', 'usage_person_day', 'usage_alias', 'usage_person', 'usage_message', 'usage_event']) {
    await db.schema.dropTable(table).execute();
  }
}
