import type { Insertable } from 'kysely';
import type { Ctx } from '../../context.js';
import type { Executor } from '../../db/database.js';
import type { WorkspaceTable } from '../../db/schema.js';
import { allowCrossWorkspace } from '../../db/tenant-guard.js';

/** The context's own workspace row (the tenant root is keyed by `id`, not `workspace_id`). */
export function findWorkspace(ctx: Pick<Ctx, 'db' | 'workspaceId'>) {
  return ctx.db.selectFrom('workspace').selectAll().where('id', '=', ctx.workspaceId).executeTakeFirst();
}

export async function updateWorkspace(
  ctx: Ctx,
  patch: Partial<Pick<WorkspaceTable, 'name' | 'audit_ip_mode' | 'sensitive_data_policy' | 'record_visibility' | 'updated_at'>>,
): Promise<void> {
  await ctx.db.updateTable('workspace').set(patch).where('id', '=', ctx.workspaceId).execute();
}

/** Creates a tenant. Not scoped: there is no workspace yet to scope to. */
export async function insertWorkspace(db: Executor, row: Insertable<WorkspaceTable>): Promise<void> {
  await db.insertInto('workspace').values(row).execute();
}

/** How many workspaces the deployment has; setup is open only while this is zero. */
export async function unsafeCountWorkspaces(db: Executor): Promise<number> {
  const row = await allowCrossWorkspace('setup is open only while no workspace exists', () =>
    db.selectFrom('workspace').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  );
  return Number(row.n);
}
