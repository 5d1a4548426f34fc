import { inTransaction, type Ctx } from '../../context.js';
import type { Executor } from '../../db/database.js';
import { AppError } from '../../errors.js';
import { hashToken, newSecretToken } from '../../lib/crypto.js';
import { newId } from '../../lib/ids.js';
import { recordAudit } from '../audit/audit.service.js';
import { recordEvent } from '../events/events.service.js';
import type { SourceView } from '../../../contract/usage.js';
import { toIso } from '../../lib/clock.js';
import { hasChanges } from '../../lib/patch.js';
import { notFound } from '../../errors.js';
import { findSourceRow, insertSource, listSourceRows, unsafeFindSourceByKeyHash, updateSourceRow } from './sources.repo.js';

/**
 * Write keys say what they are: `cpk_` a public browser key (it sits in the page, so it is only
 * accepted from the source's allowed origins), `csk_` a secret server key.
 */
const KEY_PREFIX = { browser: 'cpk_', server: 'csk_' } as const;

export interface SourceInput {
  readonly name: string;
  readonly kind: 'browser' | 'server';
  /** Origins a browser key is accepted from; at least one for a browser source, none for a server source. */
  readonly allowedOrigins: readonly string[];
}

/**
 * `https://app.example.com` from what a person types: scheme and host (and a port), nothing else.
 * A path, query or credentials would never match a browser's `Origin` header, so they are refused
 * rather than silently dropped.
 */
export function normaliseOrigin(input: string, path: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new AppError('validation_failed', `${path}: "${input}" is not an origin; write it as https://app.example.com`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new AppError('validation_failed', `${path}: "${input}" must start with https:// or http://`);
  if (url.username || url.password || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw new AppError('validation_failed', `${path}: "${input}" has more than an origin; keep only scheme, host and port (${url.origin})`);
  }
  return url.origin;
}

/** Creates a source and returns its write key, which for a server source is shown only here. */
export async function createSource(ctx: Ctx, input: SourceInput): Promise<{ id: string; writeKey: string }> {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 100) throw new AppError('validation_failed', 'name: give the source a name of 1 to 100 characters');
  const origins = [...new Set(input.allowedOrigins.map((o, i) => normaliseOrigin(o, `allowedOrigins.${i}`)))];
  if (input.kind === 'browser' && origins.length === 0) {
    throw new AppError('validation_failed', 'allowedOrigins: a browser key is public, so name at least one site origin it may be used from');
  }
  if (input.kind === 'server' && origins.length > 0) throw new AppError('validation_failed', 'allowedOrigins: a server key is secret and not used from browsers; leave origins out');
  const writeKey = newSecretToken(KEY_PREFIX[input.kind]);
  const id = newId('source');
  await inTransaction(ctx, async (tx) => {
    await insertSource(tx, {
      id,
      name,
      kind: input.kind,
      write_key_hash: hashToken(writeKey),
      write_key_hint: writeKey.slice(-4),
      public_write_key: input.kind === 'browser' ? writeKey : null,
      allowed_origins: JSON.stringify(origins),
      created_at: ctx.rt.clock.now(),
      revoked_at: null,
    });
    await recordEvent(tx, { type: 'source.created', subjectType: 'source', subjectId: id });
    await recordAudit(tx, { action: 'source.created', subjectType: 'source', subjectId: id, details: { name, kind: input.kind } });
  });
  return { id, writeKey };
}

/** The live source a write key belongs to, or undefined for an unknown or revoked key. */
export async function findSourceByWriteKey(db: Executor, writeKey: string) {
  const source = await unsafeFindSourceByKeyHash(db, hashToken(writeKey));
  if (!source || source.revoked_at !== null) return undefined;
  return { workspaceId: source.workspace_id, id: source.id, kind: source.kind, allowedOrigins: JSON.parse(source.allowed_origins) as string[] };
}

type SourceRow = NonNullable<Awaited<ReturnType<typeof findSourceRow>>>;

function viewOf(row: SourceRow): SourceView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    hint: row.write_key_hint,
    publicWriteKey: row.revoked_at === null ? row.public_write_key : null,
    allowedOrigins: JSON.parse(row.allowed_origins) as string[],
    createdAt: toIso(row.created_at),
    revokedAt: toIso(row.revoked_at),
  };
}

export async function listSources(ctx: Ctx): Promise<SourceView[]> {
  return (await listSourceRows(ctx)).map(viewOf);
}

export async function getSource(ctx: Ctx, id: string): Promise<SourceView> {
  const row = await findSourceRow(ctx, id);
  if (!row) throw notFound('source');
  return viewOf(row);
}

/** Renames a source or changes where its browser key may be used from. */
export async function updateSource(ctx: Ctx, id: string, patch: { name?: string | undefined; allowedOrigins?: readonly string[] | undefined }): Promise<SourceView> {
  const row = await findSourceRow(ctx, id);
  if (!row || row.revoked_at !== null) throw notFound('source');
  if (!hasChanges(patch)) return getSource(ctx, id);
  const origins = patch.allowedOrigins === undefined ? undefined : [...new Set(patch.allowedOrigins.map((o, i) => normaliseOrigin(o, `allowedOrigins.${i}`)))];
  if (origins !== undefined && row.kind === 'browser' && origins.length === 0) throw new AppError('validation_failed', 'allowedOrigins: a browser key is public, so keep at least one site origin it may be used from');
  if (origins !== undefined && row.kind === 'server' && origins.length > 0) throw new AppError('validation_failed', 'allowedOrigins: a server key is secret and not used from browsers; leave origins out');
  await inTransaction(ctx, async (tx) => {
    await updateSourceRow(tx, id, { ...(patch.name !== undefined ? { name: patch.name.trim() } : {}), ...(origins !== undefined ? { allowed_origins: JSON.stringify(origins) } : {}) });
    await recordEvent(tx, { type: 'source.updated', subjectType: 'source', subjectId: id });
    await recordAudit(tx, { action: 'source.updated', subjectType: 'source', subjectId: id, details: { ...(patch.name !== undefined ? { name: patch.name } : {}), ...(origins !== undefined ? { origins: origins.join(' ') } : {}) } });
  });
  return getSource(ctx, id);
}

/**
 * Replaces a source's write key: the old key stops working (within the few seconds a web process
 * keeps a key it has looked up), the source and its events stay. For a key that leaked.
 */
export async function rotateSourceKey(ctx: Ctx, id: string): Promise<{ source: SourceView; writeKey: string }> {
  const row = await findSourceRow(ctx, id);
  if (!row || row.revoked_at !== null) throw notFound('source');
  const writeKey = newSecretToken(KEY_PREFIX[row.kind]);
  await inTransaction(ctx, async (tx) => {
    await updateSourceRow(tx, id, { write_key_hash: hashToken(writeKey), write_key_hint: writeKey.slice(-4), public_write_key: row.kind === 'browser' ? writeKey : null });
    await recordEvent(tx, { type: 'source.key_rotated', subjectType: 'source', subjectId: id });
    await recordAudit(tx, { action: 'source.key_rotated', subjectType: 'source', subjectId: id });
  });
  return { source: await getSource(ctx, id), writeKey };
}

/** Stops a source: its key is refused from now on; what it sent stays. */
export async function revokeSource(ctx: Ctx, id: string): Promise<void> {
  const row = await findSourceRow(ctx, id);
  if (!row) throw notFound('source');
  if (row.revoked_at !== null) return;
  await inTransaction(ctx, async (tx) => {
    await updateSourceRow(tx, id, { revoked_at: ctx.rt.clock.now() });
    await recordEvent(tx, { type: 'source.revoked', subjectType: 'source', subjectId: id });
    await recordAudit(tx, { action: 'source.revoked', subjectType: 'source', subjectId: id });
  });
}
