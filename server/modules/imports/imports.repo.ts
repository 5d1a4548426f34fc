import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Ctx } from '../../context.js';
import type { Executor } from '../../db/database.js';
import { scoped } from '../../db/scoped.js';
import { allowCrossWorkspace } from '../../db/tenant-guard.js';
import type { ImportChangeTable, ImportJobTable } from '../../db/schema.js';

type Scope = Pick<Ctx, 'db' | 'workspaceId'>;
export type ImportRow = Selectable<ImportJobTable>;

export async function insertImport(ctx: Scope, row: Omit<Insertable<ImportJobTable>, 'workspace_id'>): Promise<void> {
  await scoped(ctx).insertInto('import_job', row).execute();
}

export async function updateImport(ctx: Scope, id: string, patch: Omit<Updateable<ImportJobTable>, 'workspace_id' | 'id'>): Promise<void> {
  await scoped(ctx).updateTable('import_job').set(patch).where('id', '=', id).execute();
}

/** Moves an import from one status to another only if it is still in `from` (two clicks start one run). */
export async function transitionImport(ctx: Scope, id: string, from: readonly ImportRow['status'][], patch: Omit<Updateable<ImportJobTable>, 'workspace_id' | 'id'>): Promise<boolean> {
  const r = await scoped(ctx).updateTable('import_job').set(patch).where('id', '=', id).where('status', 'in', [...from]).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The workspace of an import, by id alone: a dead-lettered job reports on it with no other context. */
export async function unsafeFindImportWorkspace(db: Executor, importId: string): Promise<string | undefined> {
  const row = await allowCrossWorkspace('a dead-lettered import job marks its import failed', () =>
    db.selectFrom('import_job').select('workspace_id').where('id', '=', importId).executeTakeFirst(),
  );
  return row?.workspace_id;
}

export function findImport(ctx: Scope, id: string) {
  return scoped(ctx)
    .selectFrom('import_job')
    .leftJoin('membership', (j) => j.onRef('membership.workspace_id', '=', 'import_job.workspace_id').onRef('membership.id', '=', 'import_job.created_by_membership_id'))
    .leftJoin('user_account', 'user_account.id', 'membership.user_id')
    .selectAll('import_job')
    .select('user_account.name as created_by_name')
    .where('import_job.id', '=', id)
    .executeTakeFirst();
}

export function listImports(ctx: Scope, limit = 100) {
  return scoped(ctx)
    .selectFrom('import_job')
    .leftJoin('membership', (j) => j.onRef('membership.workspace_id', '=', 'import_job.workspace_id').onRef('membership.id', '=', 'import_job.created_by_membership_id'))
    .leftJoin('user_account', 'user_account.id', 'membership.user_id')
    .selectAll('import_job')
    .select('user_account.name as created_by_name')
    .orderBy('import_job.created_at', 'desc')
    .orderBy('import_job.id', 'desc')
    .limit(limit)
    .execute();
}

export async function deleteImport(ctx: Scope, id: string): Promise<void> {
  await scoped(ctx).deleteFrom('import_job').where('id', '=', id).execute();
}

export async function insertChunk(ctx: Scope, importId: string, seq: number, data: string): Promise<void> {
  await scoped(ctx).insertInto('import_chunk', { import_id: importId, seq, data }).execute();
}

/** One stored piece of the uploaded file, in order: the CSV is re-read piece by piece, never whole. */
export async function findChunk(ctx: Scope, importId: string, seq: number): Promise<string | undefined> {
  const row = await scoped(ctx).selectFrom('import_chunk').select('data').where('import_id', '=', importId).where('seq', '=', seq).executeTakeFirst();
  return row?.data;
}

export async function deleteChunks(ctx: Scope, importId: string): Promise<void> {
  await scoped(ctx).deleteFrom('import_chunk').where('import_id', '=', importId).execute();
}

/** Records what an import did; a record already in the log keeps its first entry (the state undo restores). */
export async function insertChanges(ctx: Scope, rows: Omit<Insertable<ImportChangeTable>, 'workspace_id'>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await scoped(ctx)
      .insertInto('import_change', rows.slice(i, i + 200))
      .onConflict((oc) => oc.columns(['workspace_id', 'import_id', 'entity', 'entity_id']).doNothing())
      .execute();
  }
}

export function listChanges(ctx: Scope, importId: string, limit: number) {
  return scoped(ctx).selectFrom('import_change').selectAll().where('import_id', '=', importId).orderBy('entity_id').limit(limit).execute();
}

export async function deleteChanges(ctx: Scope, importId: string, entityIds: readonly string[]): Promise<void> {
  if (entityIds.length > 0) await scoped(ctx).deleteFrom('import_change').where('import_id', '=', importId).where('entity_id', 'in', entityIds).execute();
}

export async function countChanges(ctx: Scope, importId: string): Promise<number> {
  const row = await scoped(ctx).selectFrom('import_change').select((eb) => eb.fn.countAll<number>().as('n')).where('import_id', '=', importId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Batch lookups for one slice of rows: what already exists for the keys these rows carry. */
export function findClientsByExternalIds(ctx: Scope, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return scoped(ctx).selectFrom('client').selectAll().where('external_id', 'in', [...new Set(ids)]).execute();
}

export function findClientsByIds(ctx: Scope, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return scoped(ctx).selectFrom('client').selectAll().where('id', 'in', [...new Set(ids)]).execute();
}

export function findMembersByEmails(ctx: Scope, emails: readonly string[]) {
  if (emails.length === 0) return Promise.resolve([]);
  return scoped(ctx)
    .selectFrom('membership')
    .innerJoin('user_account', 'user_account.id', 'membership.user_id')
    .select(['membership.id', 'user_account.email'])
    .where('user_account.email', 'in', [...new Set(emails)])
    .execute();
}

export function listSalesRepKeys(ctx: Scope) {
  return scoped(ctx).selectFrom('sales_rep').select(['id', 'name', 'email']).execute();
}

export function findContactsByExternalIds(ctx: Scope, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return scoped(ctx).selectFrom('contact').selectAll().where('external_id', 'in', [...new Set(ids)]).execute();
}

export function findContactsByIds(ctx: Scope, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return scoped(ctx).selectFrom('contact').selectAll().where('id', 'in', [...new Set(ids)]).execute();
}

export function listClientTags(ctx: Scope, clientIds: readonly string[]) {
  if (clientIds.length === 0) return Promise.resolve([]);
  return scoped(ctx).selectFrom('client_tag').select(['client_id', 'tag']).where('client_id', 'in', [...new Set(clientIds)]).execute();
}

export function listClientDomains(ctx: Scope, clientIds: readonly string[]) {
  if (clientIds.length === 0) return Promise.resolve([]);
  return scoped(ctx).selectFrom('client_domain').select(['client_id', 'domain']).where('client_id', 'in', [...new Set(clientIds)]).execute();
}

export function listContactEmails(ctx: Scope, contactIds: readonly string[]) {
  if (contactIds.length === 0) return Promise.resolve([]);
  return scoped(ctx).selectFrom('contact_email').select(['contact_id', 'email', 'is_primary']).where('contact_id', 'in', [...new Set(contactIds)]).execute();
}

export function listContactPhones(ctx: Scope, contactIds: readonly string[]) {
  if (contactIds.length === 0) return Promise.resolve([]);
  return scoped(ctx).selectFrom('contact_phone').select(['contact_id', 'phone', 'label', 'position']).where('contact_id', 'in', [...new Set(contactIds)]).execute();
}

export function listContactLinks(ctx: Scope, contactIds: readonly string[]) {
  if (contactIds.length === 0) return Promise.resolve([]);
  return scoped(ctx).selectFrom('client_contact').select(['contact_id', 'client_id', 'roles', 'created_at']).where('contact_id', 'in', [...new Set(contactIds)]).execute();
}
