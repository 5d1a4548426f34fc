import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Ctx } from '../../context.js';
import { scoped } from '../../db/scoped.js';
import type { TaskStatus, TaskTable } from '../../db/schema.js';
import type { ClientScope } from '../access/visibility.js';

export type TaskRow = Selectable<TaskTable>;

export async function insertTask(ctx: Pick<Ctx, 'db' | 'workspaceId'>, row: Omit<Insertable<TaskTable>, 'workspace_id'>): Promise<void> {
  await scoped(ctx).insertInto('task', row).execute();
}

export async function updateTaskRow(ctx: Pick<Ctx, 'db' | 'workspaceId'>, id: string, patch: Omit<Updateable<TaskTable>, 'workspace_id' | 'id'>): Promise<void> {
  await scoped(ctx).updateTable('task').set(patch).where('id', '=', id).execute();
}

export async function deleteTaskRow(ctx: Pick<Ctx, 'db' | 'workspaceId'>, id: string): Promise<void> {
  await scoped(ctx).deleteFrom('task').where('id', '=', id).execute();
}

export interface TaskFilter {
  readonly scope: ClientScope;
  readonly me: string;
  readonly assignee?: string | undefined;
  readonly clientId?: string | undefined;
  readonly statuses?: readonly TaskStatus[] | undefined;
  readonly dueBefore?: string | undefined;
  readonly id?: string | undefined;
}

/**
 * Tasks the caller may see: those of visible clients, and client-less tasks assigned to or created
 * by the caller (everything, for roles that see every client).
 */
function visibleTasks(ctx: Pick<Ctx, 'db' | 'workspaceId'>, f: TaskFilter) {
  let q = scoped(ctx)
    .selectFrom('task')
    .leftJoin('client', (j) => j.onRef('client.workspace_id', '=', 'task.workspace_id').onRef('client.id', '=', 'task.client_id'))
    .leftJoin('membership', (j) => j.onRef('membership.workspace_id', '=', 'task.workspace_id').onRef('membership.id', '=', 'task.assignee_membership_id'))
    .leftJoin('user_account', 'user_account.id', 'membership.user_id');
  if (!f.scope.all) {
    const ids = f.scope.memberIds.length > 0 ? f.scope.memberIds : ['none'];
    q = q.where((eb) =>
      eb.or([
        eb('client.csm_membership_id', 'in', ids),
        eb('client.sponsor_membership_id', 'in', ids),
        eb.and([eb('task.client_id', 'is', null), eb.or([eb('task.assignee_membership_id', '=', f.me), eb('task.created_by_membership_id', '=', f.me)])]),
      ]),
    );
  }
  if (f.assignee) q = q.where('task.assignee_membership_id', '=', f.assignee);
  if (f.clientId) q = q.where('task.client_id', '=', f.clientId);
  if (f.statuses) q = q.where('task.status', 'in', [...f.statuses]);
  if (f.dueBefore) q = q.where('task.due_on', '<', f.dueBefore);
  if (f.id) q = q.where('task.id', '=', f.id);
  return q;
}

export function listVisibleTasks(ctx: Pick<Ctx, 'db' | 'workspaceId'>, f: TaskFilter, page: { limit: number; offset: number }) {
  return visibleTasks(ctx, f)
    .selectAll('task')
    .select(['client.name as client_name', 'user_account.name as assignee_name'])
    // Open work by due date (undated last), then the rest newest first.
    .orderBy(sql`case when task.status in ('open', 'in_progress') then 0 else 1 end`)
    .orderBy(sql`case when task.due_on is null then 1 else 0 end`)
    .orderBy('task.due_on')
    .orderBy('task.created_at', 'desc')
    .orderBy('task.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

export type TaskListRow = Awaited<ReturnType<typeof listVisibleTasks>>[number];

export async function countVisibleTasks(ctx: Pick<Ctx, 'db' | 'workspaceId'>, f: TaskFilter): Promise<number> {
  const row = await visibleTasks(ctx, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function unassignTasks(ctx: Pick<Ctx, 'db' | 'workspaceId'>, membershipId: string): Promise<void> {
  await scoped(ctx).updateTable('task').set({ assignee_membership_id: null }).where('assignee_membership_id', '=', membershipId).execute();
}
