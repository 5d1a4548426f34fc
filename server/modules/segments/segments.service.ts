import type { z } from 'zod';
import { GridView, type CreateSegmentBody, type SegmentView, type UpdateSegmentBody } from '../../../contract/grid.js';
import { inTransaction, memberOf, type Ctx } from '../../context.js';
import { AppError, notFound } from '../../errors.js';
import { toIso } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { hasChanges } from '../../lib/patch.js';
import { authorize, can } from '../access/access.policy.js';
import { recordEvent } from '../events/events.service.js';
import { checkGridView } from '../grid/client-grid.view.js';
import { deleteSegmentRow, findSegmentFor, insertSegment, listSegmentsFor, updateSegmentRow, type SegmentRow } from './segments.repo.js';

const DEFAULT_COLUMNS = ['name', 'status', 'tier', 'csm', 'last_touch', 'days_since_last_touch', 'open_tasks'];

/** The standard segments every member has; they are views, not rows, so nobody can break them. */
export const STANDARD_SEGMENTS: readonly SegmentView[] = [
  {
    id: 'std_my_clients',
    name: 'My clients',
    scope: 'standard',
    view: { filter: { op: 'and', conditions: [{ column: 'csm', op: 'is_me' }] }, sort: [{ column: 'name', dir: 'asc' }], columns: DEFAULT_COLUMNS },
    owner: null,
    canEdit: false,
    updatedAt: null,
  },
  {
    id: 'std_team_clients',
    name: 'My team’s clients',
    scope: 'standard',
    view: { filter: { op: 'and', conditions: [{ column: 'csm', op: 'in_my_team' }] }, sort: [{ column: 'name', dir: 'asc' }], columns: DEFAULT_COLUMNS },
    owner: null,
    canEdit: false,
    updatedAt: null,
  },
  {
    id: 'std_all_clients',
    name: 'All clients',
    scope: 'standard',
    view: { sort: [{ column: 'name', dir: 'asc' }], columns: DEFAULT_COLUMNS },
    owner: null,
    canEdit: false,
    updatedAt: null,
  },
];

function present(ctx: Ctx, row: SegmentRow): SegmentView {
  const member = memberOf(ctx);
  return {
    id: row.id,
    name: row.name,
    scope: row.scope,
    view: GridView.parse(JSON.parse(row.definition)),
    owner: row.owner_membership_id ? { id: row.owner_membership_id, name: row.owner_name ?? 'Removed' } : null,
    canEdit: row.scope === 'personal' ? row.owner_membership_id === member.membershipId : can(ctx, 'segment:manage_global'),
    updatedAt: toIso(row.updated_at),
  };
}

export async function listSegments(ctx: Ctx): Promise<SegmentView[]> {
  authorize(ctx, 'client:read');
  const rows = await listSegmentsFor(ctx, memberOf(ctx).membershipId);
  return [...STANDARD_SEGMENTS, ...rows.map((r) => present(ctx, r))];
}

/** A standard, global or own personal segment; anyone else's personal segment is not found. */
export async function getSegment(ctx: Ctx, id: string): Promise<SegmentView> {
  authorize(ctx, 'client:read');
  const standard = STANDARD_SEGMENTS.find((s) => s.id === id);
  if (standard) return standard;
  const row = await findSegmentFor(ctx, memberOf(ctx).membershipId, id);
  if (!row) throw notFound('segment');
  return present(ctx, row);
}

function requireScope(ctx: Ctx, scope: 'personal' | 'global'): void {
  if (scope === 'global' && !can(ctx, 'segment:manage_global')) {
    throw new AppError('role_too_low', 'Only owners and admins keep global segments. Save it as a personal segment instead.');
  }
}

export async function createSegment(ctx: Ctx, body: z.output<typeof CreateSegmentBody>): Promise<SegmentView> {
  authorize(ctx, 'client:read');
  requireScope(ctx, body.scope);
  // Checked on save, so a saved segment always runs and a mistake is named where it was made.
  await checkGridView(ctx, body.view, 'body.view');
  const member = memberOf(ctx);
  const id = newId('segment');
  const now = ctx.rt.clock.now();
  await inTransaction(ctx, async (tx) => {
    await insertSegment(tx, { id, name: body.name, scope: body.scope, owner_membership_id: member.membershipId, definition: JSON.stringify(body.view), created_at: now, updated_at: now });
    await recordEvent({ ...tx, actorUserId: member.userId }, { type: 'segment.created', subjectType: 'segment', subjectId: id, payload: { scope: body.scope } });
  });
  return getSegment(ctx, id);
}

export async function updateSegment(ctx: Ctx, id: string, body: z.output<typeof UpdateSegmentBody>): Promise<SegmentView> {
  const current = await getSegment(ctx, id);
  if (!current.canEdit) throw new AppError('role_too_low', current.scope === 'standard' ? 'Standard segments cannot change; save a copy instead.' : 'Only its owner or an admin can change this segment.');
  if (!hasChanges(body)) return current;
  if (body.scope) requireScope(ctx, body.scope);
  if (body.view) await checkGridView(ctx, body.view, 'body.view');
  await inTransaction(ctx, async (tx) => {
    await updateSegmentRow(tx, id, {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.scope !== undefined ? { scope: body.scope } : {}),
      ...(body.view !== undefined ? { definition: JSON.stringify(body.view) } : {}),
      updated_at: ctx.rt.clock.now(),
    });
    await recordEvent({ ...tx, actorUserId: memberOf(ctx).userId }, { type: 'segment.updated', subjectType: 'segment', subjectId: id, payload: { fields: Object.keys(body).sort().join(',') } });
  });
  return getSegment(ctx, id);
}

export async function deleteSegment(ctx: Ctx, id: string): Promise<void> {
  const current = await getSegment(ctx, id);
  if (!current.canEdit) throw new AppError('role_too_low', current.scope === 'standard' ? 'Standard segments cannot be deleted.' : 'Only its owner or an admin can delete this segment.');
  await inTransaction(ctx, async (tx) => {
    await deleteSegmentRow(tx, id);
    await recordEvent({ ...tx, actorUserId: memberOf(ctx).userId }, { type: 'segment.deleted', subjectType: 'segment', subjectId: id });
  });
}
