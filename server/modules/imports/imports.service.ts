import type { z } from 'zod';
import type { ImportEntity, ImportView, MappingBody } from '../../../contract/imports.js';
import { inTransaction, memberOf, type Ctx } from '../../context.js';
import type { ImportStatus } from '../../db/schema.js';
import { AppError, notFound } from '../../errors.js';
import { toIso } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { enqueueJob } from '../../jobs/queue.js';
import { authorize } from '../access/access.policy.js';
import { recordAudit } from '../audit/audit.service.js';
import { listCustomFields } from '../custom-fields/custom-fields.repo.js';
import { recordEvent } from '../events/events.service.js';
import { readRows, storeUpload } from './imports.csv.js';
import { importRunJob, importUndoJob, importValidateJob } from './imports.jobs.js';
import { importTargets, suggestMapping } from './imports.mapping.js';
import { deleteChunks, deleteImport, findImport, insertImport, listImports, transitionImport, updateImport } from './imports.repo.js';

type ImportRecord = NonNullable<Awaited<ReturnType<typeof findImport>>>;

async function preview(ctx: Ctx, id: string, status: ImportStatus): Promise<string[][]> {
  if (status === 'done' || status === 'undone' || status === 'undoing') return [];
  const rows: string[][] = [];
  for await (const record of readRows(ctx, id)) {
    rows.push(record);
    if (rows.length >= 5) break;
  }
  return rows;
}

async function present(ctx: Ctx, row: ImportRecord, withPreview: boolean): Promise<ImportView> {
  const headers = JSON.parse(row.headers) as string[];
  const targets = importTargets(row.entity, await listCustomFields(ctx, row.entity));
  return {
    id: row.id,
    entity: row.entity,
    fileName: row.file_name,
    status: row.status,
    headers,
    mapping: row.mapping ? (JSON.parse(row.mapping) as Record<string, string | null>) : null,
    matchOn: (row.match_on as ImportView['matchOn']) ?? null,
    suggestedMapping: suggestMapping(headers, targets),
    targets: targets.map(({ key, label, required, hint }) => ({ key, label, required, hint })),
    preview: withPreview ? await preview(ctx, row.id, row.status) : [],
    totalRows: row.total_rows,
    processedRows: row.processed_rows,
    createdRows: row.created_rows,
    updatedRows: row.updated_rows,
    errorRows: row.error_rows,
    errors: JSON.parse(row.errors) as ImportView['errors'],
    dryRun: row.status === 'validating' || row.status === 'validated',
    createdBy: row.created_by_name ?? null,
    createdAt: toIso(row.created_at),
    finishedAt: toIso(row.finished_at),
    undoneAt: toIso(row.undone_at),
    canUndo: row.status === 'done',
  };
}

async function getRecord(ctx: Ctx, id: string): Promise<ImportRecord> {
  authorize(ctx, 'import:run');
  const row = await findImport(ctx, id);
  if (!row) throw notFound('import');
  return row;
}

export async function getImportView(ctx: Ctx, id: string): Promise<ImportView> {
  return present(ctx, await getRecord(ctx, id), true);
}

export async function listImportViews(ctx: Ctx) {
  authorize(ctx, 'import:run');
  const rows = await listImports(ctx);
  return Promise.all(rows.map(async (r) => (({ preview: _p, targets: _t, suggestedMapping: _s, headers: _h, ...rest }) => rest)(await present(ctx, r, false))));
}

/**
 * Stores an uploaded CSV as it streams in, then answers with its columns, a preview and the
 * suggested mapping. Nothing is imported yet.
 */
export async function uploadImport(ctx: Ctx, entity: z.infer<typeof ImportEntity>, fileName: string, body: AsyncIterable<Buffer | string>): Promise<ImportView> {
  authorize(ctx, 'import:run');
  const member = memberOf(ctx);
  const id = newId('importJob');
  const now = ctx.rt.clock.now();
  await insertImport(ctx, {
    id,
    entity,
    file_name: fileName,
    status: 'uploaded',
    headers: '[]',
    mapping: null,
    match_on: null,
    total_rows: 0,
    processed_rows: 0,
    created_rows: 0,
    updated_rows: 0,
    error_rows: 0,
    errors: '[]',
    created_by_membership_id: member.membershipId,
    created_at: now,
    updated_at: now,
    finished_at: null,
    undone_at: null,
  });
  try {
    const stored = await storeUpload(ctx, id, body);
    await updateImport(ctx, id, { headers: JSON.stringify(stored.headers), total_rows: stored.totalRows, updated_at: ctx.rt.clock.now() });
  } catch (err) {
    // A refused upload leaves nothing behind: no half-stored file, no import in the history.
    await deleteImport(ctx, id);
    throw err;
  }
  await recordEvent({ ...ctx, actorUserId: member.userId }, { type: 'import.uploaded', subjectType: 'import', subjectId: id, payload: { entity } });
  return getImportView(ctx, id);
}

/** Saves the column mapping and how rows match existing records, after checking they fit together. */
export async function setImportMapping(ctx: Ctx, id: string, body: MappingBody): Promise<ImportView> {
  const row = await getRecord(ctx, id);
  if (!['uploaded', 'validated', 'failed'].includes(row.status)) throw new AppError('validation_failed', `The import is ${row.status}; its mapping can no longer change.`);
  const headers = JSON.parse(row.headers) as string[];
  const targets = importTargets(row.entity, await listCustomFields(ctx, row.entity));
  const targetKeys = new Set(targets.map((t) => t.key));
  const issues: { path: string; message: string }[] = [];
  const used = new Map<string, string>();
  for (const [header, target] of Object.entries(body.mapping)) {
    if (!headers.includes(header)) issues.push({ path: `body.mapping.${header}`, message: 'is not a column of the file' });
    if (target === null) continue;
    if (!targetKeys.has(target)) issues.push({ path: `body.mapping.${header}`, message: `"${target}" is not a field of ${row.entity}s` });
    else if (used.has(target)) issues.push({ path: `body.mapping.${header}`, message: `"${target}" is already mapped from "${used.get(target)}"` });
    used.set(target, header);
  }
  const mapped = new Set(used.keys());
  if (row.entity === 'client') {
    if (body.matchOn === 'email') issues.push({ path: 'body.matchOn', message: 'clients match on external id or domain' });
    if (!mapped.has('name') && body.matchOn === 'none') issues.push({ path: 'body.mapping', message: 'map a column to Name: new clients need one' });
  } else {
    if (body.matchOn === 'domain') issues.push({ path: 'body.matchOn', message: 'contacts match on external id or email' });
    if (!mapped.has('first_name') && !mapped.has('full_name') && body.matchOn === 'none') issues.push({ path: 'body.mapping', message: 'map a column to First name or Full name: new contacts need one' });
  }
  if (body.matchOn === 'external_id' && !mapped.has('external_id')) issues.push({ path: 'body.matchOn', message: 'map a column to External id to match on it' });
  if (body.matchOn === 'domain' && !mapped.has('domains')) issues.push({ path: 'body.matchOn', message: 'map a column to Domains to match on it' });
  if (body.matchOn === 'email' && !mapped.has('email')) issues.push({ path: 'body.matchOn', message: 'map a column to Email to match on it' });
  if (issues.length > 0) throw new AppError('validation_failed', issues.map((i) => `${i.path}: ${i.message}`).join('; '), { issues });
  const mapping = Object.fromEntries(headers.map((h) => [h, body.mapping[h] ?? null]));
  await updateImport(ctx, id, { mapping: JSON.stringify(mapping), match_on: body.matchOn, status: 'uploaded', updated_at: ctx.rt.clock.now() });
  return getImportView(ctx, id);
}

function requireMapping(row: ImportRecord): void {
  if (!row.mapping || !row.match_on) throw new AppError('validation_failed', 'Map the columns first (PUT /api/v1/imports/:id/mapping).');
}

/** Checks every row without writing anything; the counts and row errors arrive as the job runs. */
export async function dryRunImport(ctx: Ctx, id: string): Promise<ImportView> {
  const row = await getRecord(ctx, id);
  requireMapping(row);
  await inTransaction(ctx, async (tx) => {
    const moved = await transitionImport(tx, id, ['uploaded', 'validated', 'failed'], {
      status: 'validating',
      processed_rows: 0,
      created_rows: 0,
      updated_rows: 0,
      error_rows: 0,
      errors: '[]',
      updated_at: ctx.rt.clock.now(),
    });
    if (!moved) throw new AppError('validation_failed', `The import is ${row.status}; it cannot be checked again now.`);
    await enqueueJob(tx, importValidateJob, { importId: id }, { workspaceId: ctx.workspaceId });
  });
  return getImportView(ctx, id);
}

export async function runImport(ctx: Ctx, id: string): Promise<ImportView> {
  const row = await getRecord(ctx, id);
  requireMapping(row);
  await inTransaction(ctx, async (tx) => {
    const moved = await transitionImport(tx, id, ['uploaded', 'validated'], {
      status: 'queued',
      processed_rows: 0,
      created_rows: 0,
      updated_rows: 0,
      error_rows: 0,
      errors: '[]',
      updated_at: ctx.rt.clock.now(),
    });
    if (!moved) throw new AppError('validation_failed', `The import is ${row.status}; it can run once, after it is mapped.`);
    await enqueueJob(tx, importRunJob, { importId: id }, { workspaceId: ctx.workspaceId });
    await recordAudit(tx, { action: 'import.started', subjectType: 'import', subjectId: id, details: { entity: row.entity, rows: row.total_rows } });
  });
  return getImportView(ctx, id);
}

/** Takes a whole import back: records it created are deleted, records it changed get their old values. */
export async function undoImport(ctx: Ctx, id: string): Promise<ImportView> {
  await getRecord(ctx, id);
  await inTransaction(ctx, async (tx) => {
    const moved = await transitionImport(tx, id, ['done'], { status: 'undoing', updated_at: ctx.rt.clock.now() });
    if (!moved) throw new AppError('validation_failed', 'Only a finished import can be undone, once.');
    await enqueueJob(tx, importUndoJob, { importId: id }, { workspaceId: ctx.workspaceId });
    await recordAudit(tx, { action: 'import.undo_started', subjectType: 'import', subjectId: id });
  });
  return getImportView(ctx, id);
}

/** Throws away an import that has not run: its stored file goes with it. */
export async function discardImport(ctx: Ctx, id: string): Promise<void> {
  const row = await getRecord(ctx, id);
  if (!['uploaded', 'validated', 'failed'].includes(row.status)) throw new AppError('validation_failed', `The import is ${row.status}; only one that has not run can be discarded.`);
  await inTransaction(ctx, async (tx) => {
    await deleteChunks(tx, id);
    await deleteImport(tx, id);
  });
}
