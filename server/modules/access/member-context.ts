import type { Ctx, Runtime } from '../../context.js';
import { findMember } from '../members/members.repo.js';
import { permissionsFor } from './access.policy.js';

/**
 * The context of a member acting through a background job (an import they started): the job
 * runs with the member's current role and visibility, never more, and not at all once they are
 * no longer a member.
 */
export async function memberContext(rt: Runtime, workspaceId: string, membershipId: string): Promise<Ctx | undefined> {
  const member = await findMember({ db: rt.database.db, workspaceId }, membershipId);
  if (!member) return undefined;
  return {
    rt,
    db: rt.database.db,
    workspaceId,
    permissions: permissionsFor(member.role),
    request: { ip: 'job', userAgent: 'candor-worker', requestId: 'job' },
    actor: { kind: 'member', userId: member.user_id, membershipId: member.id, role: member.role, via: 'job', sessionId: undefined, tokenId: undefined },
  };
}
