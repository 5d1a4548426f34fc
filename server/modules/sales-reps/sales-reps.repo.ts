import type { Insertable, Updateable } from 'kysely';
import type { Ctx } from '../../context.js';
import { scoped } from '../../db/scoped.js';
import type { SalesRepTable } from '../../db/schema.js';

export function listSalesReps(ctx: Ctx) {
  return scoped(ctx).selectFrom('sales_rep').selectAll().orderBy('name').orderBy('id').execute();
}

export function findSalesRep(ctx: Ctx, id: string) {
  return scoped(ctx).selectFrom('sales_rep').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertSalesRep(ctx: Pick<Ctx, 'db' | 'workspaceId'>, row: Omit<Insertable<SalesRepTable>, 'workspace_id'>): Promise<void> {
  await scoped(ctx).insertInto('sales_rep', row).execute();
}

export async function updateSalesRep(ctx: Ctx, id: string, patch: Omit<Updateable<SalesRepTable>, 'workspace_id' | 'id'>): Promise<void> {
  await scoped(ctx).updateTable('sales_rep').set(patch).where('id', '=', id).execute();
}

export async function deleteSalesRep(ctx: Ctx, id: string): Promise<void> {
  await scoped(ctx).deleteFrom('sales_rep').where('id', '=', id).execute();
}
