import type { Executor } from '../../db/database.js';
import type { Runtime } from '../../context.js';
import { newId } from '../../lib/ids.js';
import { insertDomainEvent } from './events.repo.js';

/** A fact about a change, past tense (`member.role_changed`), consumed later by audit views, webhooks and jobs. */
export interface DomainEvent {
  readonly type: `${string}.${string}`;
  readonly subjectType: string;
  readonly subjectId: string;
  readonly payload?: Record<string, unknown>;
}

/**
 * Writes a domain event with the executor the mutation uses. Callers pass their transaction, so
 * the change and its event commit together or not at all (the outbox rule of DESIGN.md).
 */
export async function recordEvent(
  ctx: { rt: Pick<Runtime, 'clock'>; db: Executor; workspaceId?: string | null; actorUserId?: string | null },
  event: DomainEvent,
): Promise<void> {
  await insertDomainEvent(ctx.db, {
    id: newId('domainEvent'),
    workspace_id: ctx.workspaceId ?? null,
    type: event.type,
    subject_type: event.subjectType,
    subject_id: event.subjectId,
    actor_user_id: ctx.actorUserId ?? null,
    payload: JSON.stringify(event.payload ?? {}),
    created_at: ctx.rt.clock.now(),
  });
}
