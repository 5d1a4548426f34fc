import type { Insertable } from 'kysely';
import type { Ctx } from '../../context.js';
import type { Executor } from '../../db/database.js';
import { scoped } from '../../db/scoped.js';
import type { AuditEventTable } from '../../db/schema.js';

export async function insertAuditEvents(db: Executor, rows: Insertable<AuditEventTable>[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('audit_event').values(rows).execute();
}

/** Each workspace's IP mode, for the workspaces an account-level event is written into. */
export async function listIpModes(db: Executor, workspaceIds: string[]): Promise<Map<string, 'full' | 'truncated'>> {
  if (workspaceIds.length === 0) return new Map();
  const rows = await db.selectFrom('workspace').select(['id', 'audit_ip_mode']).where('id', 'in', workspaceIds).execute();
  return new Map(rows.map((r) => [r.id, r.audit_ip_mode]));
}

export interface AuditFilter {
  action?: string | undefined;
  actorUserId?: string | undefined;
  outcome?: 'success' | 'failure' | undefined;
  before?: { at: number; id: string } | undefined;
  limit: number;
}

/** One page of this workspace's audit log, newest first, keyset-paginated on (at, id). */
export function listAuditEvents(ctx: Ctx, filter: AuditFilter) {
  let q = scoped(ctx)
    .selectFrom('audit_event')
    .leftJoin('user_account', 'user_account.id', 'audit_event.actor_user_id')
    .select([
      'audit_event.id',
      'audit_event.at',
      'audit_event.action',
      'audit_event.outcome',
      'audit_event.actor_user_id',
      'audit_event.actor_token_id',
      'audit_event.subject_type',
      'audit_event.subject_id',
      'audit_event.ip',
      'audit_event.user_agent',
      'audit_event.details',
      'user_account.name as actor_name',
    ]);
  if (filter.action) {
    q = filter.action.endsWith('.')
      ? q.where('audit_event.action', 'like', `${filter.action.replace(/[%_\\]/g, '')}%`)
      : q.where('audit_event.action', '=', filter.action);
  }
  if (filter.actorUserId) q = q.where('audit_event.actor_user_id', '=', filter.actorUserId);
  if (filter.outcome) q = q.where('audit_event.outcome', '=', filter.outcome);
  if (filter.before) {
    const { at, id } = filter.before;
    q = q.where((eb) => eb.or([eb('audit_event.at', '<', at), eb.and([eb('audit_event.at', '=', at), eb('audit_event.id', '<', id)])]));
  }
  return q.orderBy('audit_event.at', 'desc').orderBy('audit_event.id', 'desc').limit(filter.limit).execute();
}
