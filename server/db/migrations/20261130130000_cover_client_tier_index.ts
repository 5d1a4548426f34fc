import { sql, type Kysely } from 'kysely';

/**
 * The tier index (20261130100000) also carries the tier itself. PostgreSQL answers a query from an
 * index alone only when every column the query names is in it, and `lower(tier)` names `tier`; so
 * counting a segment such as "Enterprise, quiet for a month" visited 3,300 table pages for 5,000
 * clients (6.8 ms) where the index alone takes 1.1 ms. SQLite takes the same index unchanged.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('client_tier_last_touch_idx').execute();
  await sql`create index client_tier_last_touch_idx on client (workspace_id, lower(tier), last_touch_at, tier)`.execute(db);
  await sql`analyze client`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('client_tier_last_touch_idx').execute();
  await sql`create index client_tier_last_touch_idx on client (workspace_id, lower(tier), last_touch_at)`.execute(db);
}
