import { z } from 'zod';
import type { Ctx, Runtime } from '../../context.js';
import { defineJob } from '../../jobs/define.js';
import { reportSensitiveFindings } from '../../privacy/sensitive-guard.service.js';
import { findSensitivePolicy } from '../../privacy/sensitive-guard.repo.js';
import { memberContext } from '../access/member-context.js';
import { clientScope } from '../access/visibility.js';
import { recordAudit } from '../audit/audit.service.js';
import { listCustomFields } from '../custom-fields/custom-fields.repo.js';
import { readRows } from './imports.csv.js';
import { processClientRows, processContactRows, type BatchOutcome, type ImportContext, type RowError, type SourceRow } from './imports.process.js';
import { deleteChunks, findImport, unsafeFindImportWorkspace, updateImport } from './imports.repo.js';
import { undoChanges } from './imports.undo.js';

/** Rows per slice: one transaction each, small enough that memory stays flat on a 100k-row file. */
const SLICE = 500;
/** Row errors kept for the page; the count covers them all. */
const MAX_ERRORS = 500;

const Payload = z.object({ importId: z.string() });

async function importerContext(rt: Runtime, workspaceId: string | null, importId: string) {
  if (!workspaceId) throw new Error('an import job carries its workspace');
  const row = await findImport({ db: rt.database.db, workspaceId }, importId);
  if (!row) return undefined;
  const ctx = row.created_by_membership_id ? await memberContext(rt, workspaceId, row.created_by_membership_id) : undefined;
  return { row, ctx };
}

async function fail(rt: Runtime, workspaceId: string, importId: string, message: string): Promise<void> {
  await updateImport({ db: rt.database.db, workspaceId }, importId, {
    status: 'failed',
    errors: JSON.stringify([{ row: 0, column: null, message }]),
    finished_at: rt.clock.now(),
    updated_at: rt.clock.now(),
  });
}

/**
 * Streams the stored file through the row processor a slice at a time. In a run, each slice's
 * writes and the import's progress commit together, so a worker that dies mid-file resumes after
 * the last committed slice instead of importing rows twice.
 */
async function processFile(ctx: Ctx, row: NonNullable<Awaited<ReturnType<typeof findImport>>>, dryRun: boolean): Promise<void> {
  const resumeAfter = dryRun ? 0 : row.processed_rows;
  const totals = { processed: resumeAfter, created: dryRun ? 0 : row.created_rows, updated: dryRun ? 0 : row.updated_rows, errorRows: dryRun ? 0 : row.error_rows };
  const errors: RowError[] = dryRun ? [] : (JSON.parse(row.errors) as RowError[]);
  const fields = await listCustomFields(ctx, row.entity);
  const progress = (out: BatchOutcome) => {
    totals.processed += out.consumed;
    totals.created += out.created;
    totals.updated += out.updated;
    totals.errorRows += new Set(out.errors.map((e) => e.row)).size;
    errors.push(...out.errors.slice(0, Math.max(0, MAX_ERRORS - errors.length)));
    return {
      processed_rows: totals.processed,
      created_rows: totals.created,
      updated_rows: totals.updated,
      error_rows: totals.errorRows,
      errors: JSON.stringify(errors),
      updated_at: ctx.rt.clock.now(),
    };
  };
  let current: SourceRow[] = [];
  const ic: ImportContext = {
    ctx,
    importId: row.id,
    headers: JSON.parse(row.headers) as string[],
    mapping: JSON.parse(row.mapping ?? '{}') as Record<string, string | null>,
    matchOn: (row.match_on ?? 'none') as ImportContext['matchOn'],
    fields,
    policy: await findSensitivePolicy(ctx),
    scope: await clientScope(ctx),
    importer: ctx.actor.kind === 'member' ? ctx.actor.membershipId : '',
    dryRun,
    known: { clientExt: new Map(), domain: new Map(), contactExt: new Map(), email: new Map() },
    ...(dryRun ? {} : { onSliceCommit: async (tx: Ctx, out: BatchOutcome) => updateImport(tx, row.id, progress(out)) }),
  };
  const flush = async () => {
    while (current.length > 0) {
      const out = row.entity === 'client' ? await processClientRows(ic, current) : await processContactRows(ic, current);
      if (dryRun) await updateImport(ctx, row.id, progress(out));
      else {
        await reportSensitiveFindings(ctx, 'import', ic.policy === 'reject' ? 'rejected' : 'redacted', out.findings);
        // What is committed, later rows find in the database; keeping it here too made memory grow
        // with the file (a 100k-row import failed in a 64 MiB heap). A dry run writes nothing and
        // keeps every key, to catch one repeated anywhere in the file.
        for (const seen of Object.values(ic.known)) seen.clear();
      }
      if (out.consumed === 0) throw new Error('an import slice made no progress');
      current = current.slice(out.consumed);
    }
  };
  let n = 0;
  for await (const record of readRows(ctx, row.id)) {
    n++;
    if (n <= resumeAfter) continue;
    current.push({ n, record });
    if (current.length >= SLICE) await flush();
  }
  await flush();
}

/**
 * The import and the context of the member who uploaded it, who the check and the run act as.
 * 'gone' when that member left the workspace: the import is marked failed, with the reason.
 */
async function importerOrFail(rt: Runtime, workspaceId: string | null, importId: string) {
  const found = await importerContext(rt, workspaceId, importId);
  if (!found) return undefined;
  if (!found.ctx) {
    await fail(rt, workspaceId ?? '', importId, 'The member who uploaded this file is no longer in the workspace.');
    return 'gone' as const;
  }
  return { ctx: found.ctx, row: found.row };
}

export const importValidateJob = defineJob({
  name: 'import.validate',
  version: 1,
  maxAttempts: 3,
  schema: Payload,
  async handler(rt, { importId }, job) {
    const found = await importerOrFail(rt, job.workspaceId, importId);
    if (found === 'gone') return 'done';
    if (!found) return 'skipped';
    if (found.row.status !== 'validating') return 'skipped';
    await processFile(found.ctx, found.row, true);
    await updateImport(found.ctx, importId, { status: 'validated', updated_at: rt.clock.now() });
    return 'done';
  },
  async onDead(rt, { importId }, error) {
    const workspaceId = await unsafeFindImportWorkspace(rt.database.db, importId);
    if (workspaceId) await fail(rt, workspaceId, importId, `The check stopped: ${error.slice(0, 200)}`);
  },
});

export const importRunJob = defineJob({
  name: 'import.run',
  version: 1,
  maxAttempts: 3,
  schema: Payload,
  async handler(rt, { importId }, job) {
    const found = await importerOrFail(rt, job.workspaceId, importId);
    if (found === 'gone') return 'done';
    if (!found) return 'skipped';
    if (found.row.status !== 'queued' && found.row.status !== 'running') return 'skipped';
    await updateImport(found.ctx, importId, { status: 'running', updated_at: rt.clock.now() });
    await processFile(found.ctx, { ...found.row, status: 'running' }, false);
    await updateImport(found.ctx, importId, { status: 'done', finished_at: rt.clock.now(), updated_at: rt.clock.now() });
    // The uploaded file is not needed once imported (data map: kept until the import finishes).
    await deleteChunks(found.ctx, importId);
    const done = await findImport(found.ctx, importId);
    await recordAudit(found.ctx, {
      action: 'import.finished',
      subjectType: 'import',
      subjectId: importId,
      details: { created: done?.created_rows ?? 0, updated: done?.updated_rows ?? 0, errors: done?.error_rows ?? 0 },
    });
    return 'done';
  },
  async onDead(rt, { importId }, error) {
    const workspaceId = await unsafeFindImportWorkspace(rt.database.db, importId);
    if (workspaceId) await fail(rt, workspaceId, importId, `The import stopped: ${error.slice(0, 200)}. Rows before it are imported; undo them or run the rest again.`);
  },
});

export const importUndoJob = defineJob({
  name: 'import.undo',
  version: 1,
  maxAttempts: 3,
  schema: Payload,
  async handler(rt, { importId }, job) {
    const found = await importerContext(rt, job.workspaceId, importId);
    if (!found?.ctx || found.row.status !== 'undoing') return 'skipped';
    const undone = await undoChanges(found.ctx, importId);
    await updateImport(found.ctx, importId, { status: 'undone', undone_at: rt.clock.now(), updated_at: rt.clock.now() });
    await recordAudit(found.ctx, { action: 'import.undone', subjectType: 'import', subjectId: importId, details: { ...undone } });
    return 'done';
  },
});
