import type { z } from 'zod';
import type { SetupBody, UpdateWorkspaceBody, WorkspaceView } from '../../../contract/index.js';
import { inTransaction, memberOf, type Ctx, type PublicCtx } from '../../context.js';
import type { Executor } from '../../db/database.js';
import { AppError, notFound } from '../../errors.js';
import { toIso } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { Runtime } from '../../context.js';
import { authorize } from '../access/access.policy.js';
import { recordAccountAudit, recordAudit } from '../audit/audit.service.js';
import { findUserByEmail, insertUser } from '../auth/auth.repo.js';
import { completeFirstFactor, type SignInOutcome } from '../auth/auth.service.js';
import { assertPasswordPolicy, hashPassword, verifyPassword } from '../auth/password.js';
import { recordEvent } from '../events/events.service.js';
import { insertMembership } from '../members/members.repo.js';
import { findWorkspace, insertWorkspace, unsafeCountWorkspaces, updateWorkspace } from './workspaces.repo.js';

export async function getWorkspace(ctx: Ctx): Promise<WorkspaceView> {
  authorize(ctx, 'workspace:read');
  const ws = await findWorkspace(ctx);
  if (!ws) throw notFound('workspace');
  return {
    id: ws.id,
    name: ws.name,
    auditIpMode: ws.audit_ip_mode,
    sensitiveDataPolicy: ws.sensitive_data_policy,
    recordVisibility: ws.record_visibility,
    createdAt: toIso(ws.created_at),
  };
}

export async function changeWorkspace(ctx: Ctx, input: z.output<typeof UpdateWorkspaceBody>): Promise<WorkspaceView> {
  authorize(ctx, 'workspace:update');
  const before = await getWorkspace(ctx);
  const patch = {
    ...(input.name !== undefined && input.name !== before.name ? { name: input.name } : {}),
    ...(input.auditIpMode !== undefined && input.auditIpMode !== before.auditIpMode ? { audit_ip_mode: input.auditIpMode } : {}),
    ...(input.sensitiveDataPolicy !== undefined && input.sensitiveDataPolicy !== before.sensitiveDataPolicy ? { sensitive_data_policy: input.sensitiveDataPolicy } : {}),
    ...(input.recordVisibility !== undefined && input.recordVisibility !== before.recordVisibility ? { record_visibility: input.recordVisibility } : {}),
  };
  if (Object.keys(patch).length === 0) return before;
  await inTransaction(ctx, async (tx) => {
    await updateWorkspace(tx, { ...patch, updated_at: ctx.rt.clock.now() });
    const fields = Object.keys(patch).sort().join(',');
    await recordEvent({ ...tx, actorUserId: memberOf(ctx).userId }, { type: 'workspace.updated', subjectType: 'workspace', subjectId: ctx.workspaceId, payload: { fields } });
    await recordAudit(tx, {
      action: 'workspace.updated',
      subjectType: 'workspace',
      subjectId: ctx.workspaceId,
      details: {
        fields,
        ...(patch.audit_ip_mode ? { auditIpMode: patch.audit_ip_mode } : {}),
        ...(patch.sensitive_data_policy ? { sensitiveDataPolicy: patch.sensitive_data_policy } : {}),
        ...(patch.record_visibility ? { recordVisibility: patch.record_visibility } : {}),
      },
    });
  });
  return getWorkspace(ctx);
}

export interface NewWorkspace {
  readonly workspaceName: string;
  readonly ownerName: string;
  readonly ownerEmail: string;
  readonly ownerPassword: string;
}

/**
 * Creates a workspace and its first owner in one transaction. An email that already has an
 * account becomes the owner if the password given is that account's; otherwise a new account is
 * made, with the password policy applied.
 */
export async function createWorkspaceWithOwner(
  ctx: { rt: Pick<Runtime, 'clock'>; db: Executor },
  input: NewWorkspace,
): Promise<{ workspaceId: string; ownerId: string; membershipId: string }> {
  const existing = await findUserByEmail(ctx.db, input.ownerEmail);
  if (existing && !(await verifyPassword(existing.password_hash, input.ownerPassword))) {
    throw new AppError('email_in_use', `${input.ownerEmail} already has an account, and the password given is not its password.`);
  }
  if (!existing) assertPasswordPolicy(input.ownerPassword, { email: input.ownerEmail, name: input.ownerName });
  const passwordHash = existing ? existing.password_hash : await hashPassword(input.ownerPassword);
  const now = ctx.rt.clock.now();
  const workspaceId = newId('workspace');
  const ownerId = existing?.id ?? newId('user');
  const membershipId = newId('membership');
  await inTransaction(ctx, async (tx) => {
    await insertWorkspace(tx.db, {
      id: workspaceId,
      name: input.workspaceName,
      audit_ip_mode: 'full',
      sensitive_data_policy: 'reject',
      record_visibility: 'by_role',
      created_at: now,
      updated_at: now,
    });
    if (!existing) {
      await insertUser(tx.db, { id: ownerId, email: input.ownerEmail, name: input.ownerName, passwordHash, workspaceId, now });
    }
    await insertMembership({ db: tx.db, workspaceId }, { id: membershipId, user_id: ownerId, role: 'owner', created_at: now, updated_at: now });
    await recordEvent({ ...tx, workspaceId, actorUserId: ownerId }, { type: 'workspace.created', subjectType: 'workspace', subjectId: workspaceId });
  });
  return { workspaceId, ownerId, membershipId };
}

export interface SetupGate {
  /** Printed in the server log at start; needed when setup is not opened from the server itself. */
  readonly code: string;
  readonly fromLoopback: boolean;
}

export async function getSetupStatus(ctx: PublicCtx, gate: SetupGate): Promise<{ needsSetup: boolean; codeRequired: boolean }> {
  const needsSetup = (await unsafeCountWorkspaces(ctx.db)) === 0;
  return { needsSetup, codeRequired: needsSetup && !gate.fromLoopback };
}

/**
 * First-run setup: the first workspace and its owner, then a session. Open only while the
 * deployment has no workspace, and, unless the browser runs on the server itself, only with the
 * setup code from the server log, so whoever finds a fresh install first on a network cannot
 * claim it.
 */
export async function runSetup(ctx: PublicCtx, input: z.output<typeof SetupBody>, gate: SetupGate): Promise<SignInOutcome> {
  if (!gate.fromLoopback && input.setupCode?.replace(/[^0-9a-z]/gi, '').toLowerCase() !== gate.code.replace(/-/g, '')) {
    throw new AppError('setup_code_invalid', 'Type the setup code printed in the Candor server log.', { field: 'setupCode' });
  }
  assertPasswordPolicy(input.password, { email: input.email, name: input.name });
  return inTransaction(ctx, async (tx) => {
    await ctx.rt.caps.takeTransactionLock(tx.db, 'candor.setup');
    if ((await unsafeCountWorkspaces(tx.db)) > 0) throw new AppError('setup_complete', 'Candor is already set up. Sign in instead.');
    const created = await createWorkspaceWithOwner(tx, {
      workspaceName: input.workspaceName,
      ownerName: input.name,
      ownerEmail: input.email,
      ownerPassword: input.password,
    });
    await recordAccountAudit(tx, created.ownerId, { action: 'workspace.setup_completed', subjectType: 'workspace', subjectId: created.workspaceId });
    const user = await findUserByEmail(tx.db, input.email);
    if (!user) throw new Error('owner vanished after insert');
    return completeFirstFactor(tx, user, { remember: false, workspaceId: created.workspaceId });
  });
}
