import type { z } from 'zod';
import type { CreateTaskBody, TaskListQuery, TaskView, UpdateTaskBody } from '../../../contract/tasks.js';
import { inTransaction, memberOf, type Ctx } from '../../context.js';
import type { TaskStatus } from '../../db/schema.js';
import { AppError, notFound } from '../../errors.js';
import { toIso, utcDay } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { hasChanges } from '../../lib/patch.js';
import { guardCustomerData } from '../../privacy/sensitive-guard.service.js';
import { authorize, can } from '../access/access.policy.js';
import { clientScope } from '../access/visibility.js';
import { existingMemberIds } from '../clients/clients.repo.js';
import { getVisibleClientRow } from '../clients/clients.service.js';
import { recordEvent } from '../events/events.service.js';
import { countVisibleTasks, deleteTaskRow, insertTask, listVisibleTasks, unassignTasks, updateTaskRow, type TaskFilter, type TaskListRow } from './tasks.repo.js';

const OPEN: readonly TaskStatus[] = ['open', 'in_progress'];

/** Today in UTC as YYYY-MM-DD; due dates are calendar days, overdue means due before today. */
function today(ctx: Ctx): string {
  return utcDay(ctx.rt.clock.now());
}

function present(ctx: Ctx, r: TaskListRow): TaskView {
  return {
    id: r.id,
    title: r.title,
    description: r.description,
    client: r.client_id ? { id: r.client_id, name: r.client_name ?? '' } : null,
    assignee: r.assignee_membership_id ? { id: r.assignee_membership_id, name: r.assignee_name ?? 'Removed' } : null,
    dueOn: r.due_on,
    overdue: r.due_on !== null && r.due_on < today(ctx) && OPEN.includes(r.status),
    priority: r.priority,
    status: r.status,
    completedAt: toIso(r.completed_at),
    createdAt: toIso(r.created_at),
    canEdit: can(ctx, 'task:write'),
  };
}

async function baseFilter(ctx: Ctx): Promise<Pick<TaskFilter, 'scope' | 'me'>> {
  return { scope: await clientScope(ctx), me: memberOf(ctx).membershipId };
}

/** "My tasks", "overdue" and "all", each limited to what the caller may see. */
export async function listTasks(ctx: Ctx, query: z.output<typeof TaskListQuery>): Promise<{ items: TaskView[]; total: number }> {
  authorize(ctx, 'task:read');
  if (query.clientId) await getVisibleClientRow(ctx, query.clientId);
  const base = await baseFilter(ctx);
  const filter: TaskFilter = {
    ...base,
    clientId: query.clientId,
    ...(query.view === 'mine' ? { assignee: base.me, statuses: query.status ? [query.status] : OPEN } : {}),
    ...(query.view === 'overdue' ? { statuses: OPEN, dueBefore: today(ctx) } : {}),
    ...(query.view === 'all' && query.status ? { statuses: [query.status] } : {}),
  };
  const rows = await listVisibleTasks(ctx, filter, query);
  return { items: rows.map((r) => present(ctx, r)), total: await countVisibleTasks(ctx, filter) };
}

/**
 * One task. `justWritten`: the caller has just changed it and sees the result even when the change
 * took it out of their sight (a client-less task handed to someone else), rather than a 404 for a
 * write that succeeded.
 */
export async function getTask(ctx: Ctx, id: string, options: { justWritten?: boolean } = {}): Promise<TaskView> {
  authorize(ctx, 'task:read');
  const base = await baseFilter(ctx);
  const [row] = await listVisibleTasks(ctx, { ...base, ...(options.justWritten ? { scope: { all: true } } : {}), id }, { limit: 1, offset: 0 });
  if (!row) throw notFound('task');
  return present(ctx, row);
}

async function checkAssignee(ctx: Ctx, id: string | null | undefined): Promise<void> {
  // Any id but null is checked, the empty string too: stored, it would fail the foreign key (a 500).
  if (id !== null && id !== undefined && !(await existingMemberIds(ctx, [id])).has(id)) {
    throw new AppError('validation_failed', 'body.assigneeMembershipId: is not a member of this workspace', { field: 'assigneeMembershipId' });
  }
}

export async function createTask(ctx: Ctx, body: z.output<typeof CreateTaskBody>): Promise<TaskView> {
  authorize(ctx, 'task:write');
  const member = memberOf(ctx);
  if (body.clientId !== null) await getVisibleClientRow(ctx, body.clientId);
  const assignee = body.assigneeMembershipId === undefined ? member.membershipId : body.assigneeMembershipId;
  await checkAssignee(ctx, assignee);
  const values = await guardCustomerData(ctx, 'task', [
    { path: 'body.title', key: 'title', value: body.title },
    { path: 'body.description', key: 'description', value: body.description },
  ]);
  const now = ctx.rt.clock.now();
  const id = newId('task');
  await inTransaction(ctx, async (tx) => {
    await insertTask(tx, {
      id,
      title: values.get('body.title') ?? body.title,
      description: values.get('body.description') ?? body.description,
      client_id: body.clientId,
      assignee_membership_id: assignee,
      due_on: body.dueOn,
      priority: body.priority,
      status: 'open',
      completed_at: null,
      created_by_membership_id: member.membershipId,
      created_at: now,
      updated_at: now,
    });
    await recordEvent({ ...tx, actorUserId: member.userId }, { type: 'task.created', subjectType: 'task', subjectId: id, payload: { clientId: body.clientId } });
  });
  return getTask(ctx, id);
}

export async function updateTask(ctx: Ctx, id: string, body: z.output<typeof UpdateTaskBody>): Promise<TaskView> {
  const current = await getTask(ctx, id);
  authorize(ctx, 'task:write');
  if (!hasChanges(body)) return current;
  if (body.clientId !== null && body.clientId !== undefined) await getVisibleClientRow(ctx, body.clientId);
  await checkAssignee(ctx, body.assigneeMembershipId);
  const values = await guardCustomerData(ctx, 'task', [
    ...(body.title !== undefined ? [{ path: 'body.title', key: 'title', value: body.title }] : []),
    ...(body.description !== undefined ? [{ path: 'body.description', key: 'description', value: body.description }] : []),
  ]);
  const now = ctx.rt.clock.now();
  const completing = body.status === 'done' && current.status !== 'done';
  await inTransaction(ctx, async (tx) => {
    await updateTaskRow(tx, id, {
      ...(body.title !== undefined ? { title: values.get('body.title') ?? body.title } : {}),
      ...(body.description !== undefined ? { description: values.get('body.description') ?? body.description } : {}),
      ...(body.clientId !== undefined ? { client_id: body.clientId } : {}),
      ...(body.assigneeMembershipId !== undefined ? { assignee_membership_id: body.assigneeMembershipId } : {}),
      ...(body.dueOn !== undefined ? { due_on: body.dueOn } : {}),
      ...(body.priority !== undefined ? { priority: body.priority } : {}),
      ...(body.status !== undefined ? { status: body.status, completed_at: body.status === 'done' ? (completing ? now : undefined) : null } : {}),
      updated_at: now,
    });
    await recordEvent(
      { ...tx, actorUserId: memberOf(ctx).userId },
      { type: completing ? 'task.completed' : 'task.updated', subjectType: 'task', subjectId: id, payload: { fields: Object.keys(body).sort().join(',') } },
    );
  });
  return getTask(ctx, id, { justWritten: true });
}

export async function deleteTask(ctx: Ctx, id: string): Promise<void> {
  await getTask(ctx, id);
  authorize(ctx, 'task:write');
  await inTransaction(ctx, async (tx) => {
    await deleteTaskRow(tx, id);
    await recordEvent({ ...tx, actorUserId: memberOf(ctx).userId }, { type: 'task.deleted', subjectType: 'task', subjectId: id });
  });
}

export async function releaseMemberFromTasks(ctx: Pick<Ctx, 'db' | 'workspaceId'>, membershipId: string): Promise<void> {
  await unassignTasks(ctx, membershipId);
}
