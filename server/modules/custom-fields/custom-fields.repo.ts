import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Ctx } from '../../context.js';
import { scoped } from '../../db/scoped.js';
import type { CustomFieldTable } from '../../db/schema.js';

export type CustomFieldRow = Selectable<CustomFieldTable>;

export function listCustomFields(ctx: Pick<Ctx, 'db' | 'workspaceId'>, entity: 'client' | 'contact', includeArchived = false): Promise<CustomFieldRow[]> {
  return scoped(ctx)
    .selectFrom('custom_field')
    .selectAll()
    .where('entity', '=', entity)
    .$if(!includeArchived, (qb) => qb.where('archived_at', 'is', null))
    .orderBy('position')
    .orderBy('created_at')
    .execute();
}

export function findCustomField(ctx: Ctx, id: string): Promise<CustomFieldRow | undefined> {
  return scoped(ctx).selectFrom('custom_field').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertCustomField(ctx: Ctx, row: Omit<Insertable<CustomFieldTable>, 'workspace_id'>): Promise<void> {
  await scoped(ctx).insertInto('custom_field', row).execute();
}

export async function updateCustomField(ctx: Ctx, id: string, patch: Omit<Updateable<CustomFieldTable>, 'workspace_id' | 'id' | 'key' | 'entity' | 'type'>): Promise<void> {
  await scoped(ctx).updateTable('custom_field').set(patch).where('id', '=', id).execute();
}

/** How many records hold a value for `key` among `values` (to refuse removing a select option still in use). */
export async function countUsesOfOption(ctx: Ctx, entity: 'client' | 'contact', key: string, option: string): Promise<number> {
  const member = ctx.rt.caps.jsonMember(`${entity}.custom_fields`, key, 'text');
  const row = await scoped(ctx)
    .selectFrom(entity)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => eb.or([eb(member, '=', option), eb(member, 'like', `%"${option.replace(/[%_"\\]/g, '')}"%`)]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
