import type { Insertable } from 'kysely';
import type { Ctx } from '../../context.js';
import { scoped } from '../../db/scoped.js';
import type { UsageSettingsTable } from '../../db/schema.js';

type Scope = Pick<Ctx, 'db' | 'workspaceId'>;

export function findUsageSettingsRow(ctx: Scope) {
  return scoped(ctx).selectFrom('usage_settings').selectAll().executeTakeFirst();
}

export async function saveUsageSettingsRow(ctx: Scope, row: Omit<Insertable<UsageSettingsTable>, 'workspace_id'>): Promise<void> {
  const { key_events, consent_mode, honour_signals, masked_params, updated_at } = row;
  await scoped(ctx)
    .insertInto('usage_settings', row)
    .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ key_events, consent_mode, honour_signals, masked_params, updated_at }))
    .execute();
}

/** The day's salt, created by the first request of the day (the insert that loses a race reads the winner's). */
export async function findOrCreateSalt(ctx: Scope, day: string, candidate: string): Promise<string> {
  await scoped(ctx).insertInto('usage_salt', { day, salt: candidate }).onConflict((oc) => oc.columns(['workspace_id', 'day']).doNothing()).execute();
  const row = await scoped(ctx).selectFrom('usage_salt').select('salt').where('day', '=', day).executeTakeFirstOrThrow();
  return row.salt;
}
