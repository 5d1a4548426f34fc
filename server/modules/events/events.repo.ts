import type { Insertable } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { DomainEventTable } from '../../db/schema.js';

export async function insertDomainEvent(db: Executor, row: Insertable<DomainEventTable>): Promise<void> {
  await db.insertInto('domain_event').values(row).execute();
}
