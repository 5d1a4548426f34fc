import type { z } from 'zod';
import type { AuditEventView, AuditQuery } from '../../../contract/audit.js';
import type { Ctx, PublicCtx, RequestInfo } from '../../context.js';
import { AppError } from '../../errors.js';
import { toIso } from '../../lib/clock.js';
import { csvLine } from '../../lib/csv.js';
import { authorize } from '../access/access.policy.js';
import type { AuditEventTable } from '../../db/schema.js';
import { newId } from '../../lib/ids.js';
import { truncateIp } from '../../lib/ip.js';
import { unsafeListMembershipsOfUser } from '../auth/auth.repo.js';
import { insertAuditEvents, listAuditEvents, listIpModes } from './audit.repo.js';

/**
 * An entry in the audit and security log. `details` carries ids and short facts (old and new
 * role, a reason code), never secrets and never more personal data than the action needs.
 */
export interface AuditEntry {
  readonly action: string;
  readonly outcome?: 'success' | 'failure';
  readonly subjectType?: string;
  readonly subjectId?: string;
  readonly details?: Record<string, string | number | boolean | null>;
}

function row(
  workspaceId: string | null,
  mode: 'full' | 'truncated',
  at: number,
  request: RequestInfo | undefined,
  actor: { userId: string | null; tokenId: string | null },
  entry: AuditEntry,
): AuditEventTable {
  const ip = request ? (mode === 'truncated' ? truncateIp(request.ip) : request.ip) : null;
  return {
    workspace_id: workspaceId,
    id: newId('auditEvent'),
    at,
    action: entry.action,
    outcome: entry.outcome ?? 'success',
    actor_user_id: actor.userId,
    actor_token_id: actor.tokenId,
    subject_type: entry.subjectType ?? null,
    subject_id: entry.subjectId ?? null,
    ip,
    user_agent: request ? request.userAgent.slice(0, 256) : null,
    details: JSON.stringify(entry.details ?? {}),
  };
}

/** Records an action taken inside the context's workspace, by its actor. */
export async function recordAudit(ctx: Ctx, entry: AuditEntry): Promise<void> {
  const modes = await listIpModes(ctx.db, [ctx.workspaceId]);
  const actor =
    ctx.actor.kind === 'member'
      ? { userId: ctx.actor.userId, tokenId: ctx.actor.tokenId ?? null }
      : { userId: null, tokenId: null };
  await insertAuditEvents(ctx.db, [row(ctx.workspaceId, modes.get(ctx.workspaceId) ?? 'full', ctx.rt.clock.now(), ctx.request, actor, entry)]);
}

/**
 * Records an account-level security event (sign-in, lockout, MFA change) into every workspace
 * the person belongs to, so each workspace's admins see their members' security history with that
 * workspace's IP setting. With no known person (a failed sign-in for an unknown email) the entry
 * belongs to no workspace, keeps only a truncated IP and no email.
 */
export async function recordAccountAudit(
  ctx: PublicCtx,
  userId: string | null,
  entry: AuditEntry,
  actorUserId: string | null = userId,
): Promise<void> {
  const at = ctx.rt.clock.now();
  const actor = { userId: actorUserId, tokenId: null };
  const subject = { subjectType: entry.subjectType ?? (userId ? 'user' : undefined), subjectId: entry.subjectId ?? userId ?? undefined };
  if (!userId) {
    await insertAuditEvents(ctx.db, [row(null, 'truncated', at, ctx.request, actor, { ...entry, ...subject })]);
    return;
  }
  const workspaceIds = (await unsafeListMembershipsOfUser(ctx.db, userId)).map((m) => m.workspaceId);
  const modes = await listIpModes(ctx.db, workspaceIds);
  const rows = workspaceIds.map((ws) => row(ws, modes.get(ws) ?? 'full', at, ctx.request, actor, { ...entry, ...subject }));
  if (rows.length === 0) rows.push(row(null, 'truncated', at, ctx.request, actor, { ...entry, ...subject }));
  await insertAuditEvents(ctx.db, rows);
}

export interface AuditPageResult {
  items: AuditEventView[];
  nextCursor: string | null;
}

function encodeCursor(at: number, id: string): string {
  return Buffer.from(`${at}:${id}`).toString('base64url');
}

function decodeCursor(cursor: string | undefined): { at: number; id: string } | undefined {
  if (!cursor) return undefined;
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split(':');
  if (!at || !id || !/^\d+$/.test(at)) throw new AppError('validation_failed', 'query.before: is not a cursor from a previous page.');
  return { at: Number(at), id };
}

/** A page of the workspace's audit and security log (P04), newest first. */
export async function listAudit(ctx: Ctx, query: z.output<typeof AuditQuery>): Promise<AuditPageResult> {
  authorize(ctx, 'audit:read');
  const rows = await listAuditEvents(ctx, {
    action: query.action,
    actorUserId: query.actorUserId,
    outcome: query.outcome,
    before: decodeCursor(query.before),
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      id: r.id,
      at: toIso(r.at),
      action: r.action,
      outcome: r.outcome,
      actor: { userId: r.actor_user_id, name: r.actor_name ?? null, tokenId: r.actor_token_id },
      subject: { type: r.subject_type, id: r.subject_id },
      ip: r.ip,
      userAgent: r.user_agent,
      details: JSON.parse(r.details) as Record<string, unknown>,
    })),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.at, last.id) : null,
  };
}

/** At most this many rows per CSV export; the filters narrow a larger log. */
export const AUDIT_EXPORT_MAX_ROWS = 50_000;

/** The filtered log as CSV, for a security review. The export itself is recorded (P45). */
export async function exportAuditCsv(ctx: Ctx, query: Omit<z.output<typeof AuditQuery>, 'before' | 'limit'>): Promise<string> {
  authorize(ctx, 'audit:read');
  const lines = [csvLine(['at', 'action', 'outcome', 'actor_user_id', 'actor_name', 'actor_token_id', 'subject_type', 'subject_id', 'ip', 'user_agent', 'details'])];
  let before: { at: number; id: string } | undefined;
  let count = 0;
  while (count < AUDIT_EXPORT_MAX_ROWS) {
    const rows = await listAuditEvents(ctx, { ...query, before, limit: Math.min(1000, AUDIT_EXPORT_MAX_ROWS - count) });
    for (const r of rows) {
      lines.push(csvLine([toIso(r.at), r.action, r.outcome, r.actor_user_id, r.actor_name, r.actor_token_id, r.subject_type, r.subject_id, r.ip, r.user_agent, r.details]));
    }
    count += rows.length;
    const last = rows[rows.length - 1];
    if (!last || rows.length < 1000) break;
    before = { at: last.at, id: last.id };
  }
  await recordAudit(ctx, { action: 'audit.exported', details: { rows: count, filter: query.action ?? null } });
  return lines.join('');
}
