import type { Insertable, Updateable } from 'kysely';
import type { Ctx } from '../../context.js';
import type { Executor } from '../../db/database.js';
import { scoped } from '../../db/scoped.js';
import { allowCrossWorkspace } from '../../db/tenant-guard.js';
import type { SourceTable } from '../../db/schema.js';

export async function insertSource(ctx: Ctx, row: Omit<Insertable<SourceTable>, 'workspace_id'>): Promise<void> {
  await scoped(ctx).insertInto('source', row).execute();
}

/**
 * The source a write key belongs to, whatever its workspace: the key is what names the
 * workspace on an ingestion request, as a bearer token does on the API.
 */
export function unsafeFindSourceByKeyHash(db: Executor, writeKeyHash: string) {
  return allowCrossWorkspace('a write key names its workspace', () =>
    db
      .selectFrom('source')
      .select(['workspace_id', 'id', 'kind', 'allowed_origins', 'revoked_at'])
      .where('write_key_hash', '=', writeKeyHash)
      .executeTakeFirst(),
  );
}

export function listSourceRows(ctx: Ctx) {
  return scoped(ctx).selectFrom('source').selectAll().orderBy('created_at', 'desc').execute();
}

export function findSourceRow(ctx: Ctx, id: string) {
  return scoped(ctx).selectFrom('source').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateSourceRow(ctx: Ctx, id: string, patch: Omit<Updateable<SourceTable>, 'workspace_id' | 'id'>): Promise<void> {
  await scoped(ctx).updateTable('source').set(patch).where('id', '=', id).execute();
}
