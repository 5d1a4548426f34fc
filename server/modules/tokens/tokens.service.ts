import type { CreatedToken, CreateTokenBody, TokenView } from '../../../contract/tokens.js';
import type { z } from 'zod';
import { inTransaction, memberOf, type Ctx, type PublicCtx } from '../../context.js';
import { AppError, notFound } from '../../errors.js';
import { toIso } from '../../lib/clock.js';
import { hashToken, newSecretToken } from '../../lib/crypto.js';
import { newId } from '../../lib/ids.js';
import { can, permissionsFor } from '../access/access.policy.js';
import { recordAudit } from '../audit/audit.service.js';
import { recordEvent } from '../events/events.service.js';
import { findToken, insertToken, listTokens, markTokenUsed, revokeToken, unsafeFindTokenByHash } from './tokens.repo.js';

/** Token values start with this, so secret scanners and people recognise a leaked Candor token. */
export const TOKEN_PREFIX = 'cnd_';
/** A token's use is written to the audit log at most once an hour, so scripts do not flood it. */
const USE_AUDIT_EVERY_MS = 3_600_000;
const USE_TOUCH_EVERY_MS = 60_000;

type TokenRow = Awaited<ReturnType<typeof listTokens>>[number];

function present(row: TokenRow): TokenView {
  return {
    id: row.id,
    name: row.name,
    hint: row.token_hint,
    owner: { membershipId: row.membership_id, name: row.owner_name },
    createdAt: toIso(row.created_at),
    expiresAt: toIso(row.expires_at),
    lastUsedAt: toIso(row.last_used_at),
    revokedAt: toIso(row.revoked_at),
  };
}

/**
 * The context a bearer token grants: its member's role in its workspace. Revoked, expired and
 * unknown tokens get one answer; a revoked or expired token that is still being used is recorded
 * in the security log of its workspace (P04: token misuse).
 */
export async function authenticateApiToken(pctx: PublicCtx, token: string): Promise<Ctx> {
  const rejected = new AppError('unauthenticated', 'The API token is not valid. Create a new one under Settings → API tokens.');
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) throw rejected;
  const row = await unsafeFindTokenByHash(pctx.db, hashToken(token));
  if (!row) throw rejected;
  const now = pctx.rt.clock.now();
  const base = {
    rt: pctx.rt,
    db: pctx.db,
    workspaceId: row.workspace_id,
    request: pctx.request,
    permissions: permissionsFor(row.role),
    actor: {
      kind: 'member',
      userId: row.user_id,
      membershipId: row.membership_id,
      role: row.role,
      via: 'token',
      sessionId: undefined,
      tokenId: row.id,
    },
  } as const satisfies Ctx;
  if (row.revoked_at !== null || (row.expires_at !== null && now >= row.expires_at) || row.disabled_at !== null) {
    await recordAudit(base, {
      action: 'token.rejected',
      outcome: 'failure',
      subjectType: 'api_token',
      subjectId: row.id,
      details: { reason: row.revoked_at !== null ? 'revoked' : row.disabled_at !== null ? 'account_disabled' : 'expired' },
    });
    throw rejected;
  }
  if (row.last_used_at === null || now - row.last_used_at >= USE_TOUCH_EVERY_MS) {
    await markTokenUsed(pctx.db, row.workspace_id, row.id, now, pctx.request.ip);
  }
  if (row.last_used_at === null || now - row.last_used_at >= USE_AUDIT_EVERY_MS) {
    await recordAudit(base, { action: 'token.used', subjectType: 'api_token', subjectId: row.id });
  }
  return base;
}

/** Lists the caller's own tokens, or (for members who manage tokens) everyone's. */
export async function listApiTokens(ctx: Ctx, scope: 'mine' | 'all'): Promise<TokenView[]> {
  const member = memberOf(ctx);
  if (scope === 'all' && !can(ctx, 'token:manage')) throw notFound('token list');
  const rows = await listTokens(ctx, scope === 'all' ? {} : { membershipId: member.membershipId });
  return rows.map(present);
}

/** Creates a token for the caller; the value is returned once and stored only as its hash. */
export async function createApiToken(ctx: Ctx, input: z.output<typeof CreateTokenBody>): Promise<z.infer<typeof CreatedToken>> {
  const member = memberOf(ctx);
  const token = newSecretToken(TOKEN_PREFIX);
  const now = ctx.rt.clock.now();
  const id = newId('apiToken');
  await inTransaction(ctx, async (tx) => {
    await insertToken(tx, {
      id,
      membership_id: member.membershipId,
      name: input.name,
      token_hash: hashToken(token),
      token_hint: token.slice(-4),
      created_at: now,
      expires_at: input.expiresInDays === null ? null : now + input.expiresInDays * 86_400_000,
      last_used_at: null,
      last_used_ip: null,
      revoked_at: null,
    });
    await recordEvent({ ...tx, actorUserId: member.userId }, { type: 'token.created', subjectType: 'api_token', subjectId: id });
    await recordAudit(tx, { action: 'token.created', subjectType: 'api_token', subjectId: id, details: { name: input.name } });
  });
  const [item] = await listTokens(ctx, { id });
  if (!item) throw new Error('token vanished after insert');
  return { token, item: present(item) };
}

/** Revokes a token: the caller's own, or anyone's for members who manage tokens. */
export async function revokeApiToken(ctx: Ctx, id: string): Promise<void> {
  const member = memberOf(ctx);
  const token = await findToken(ctx, id);
  if (!token || (token.membership_id !== member.membershipId && !can(ctx, 'token:manage'))) throw notFound('token');
  if (token.revoked_at !== null) return;
  await inTransaction(ctx, async (tx) => {
    await revokeToken(tx, id, ctx.rt.clock.now());
    await recordEvent({ ...tx, actorUserId: member.userId }, { type: 'token.revoked', subjectType: 'api_token', subjectId: id });
    await recordAudit(tx, { action: 'token.revoked', subjectType: 'api_token', subjectId: id, details: { name: token.name } });
  });
}

