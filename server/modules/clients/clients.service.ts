import type { z } from 'zod';
import type { BulkUpdateClientsBody, ClientView, CreateClientBody, UpdateClientBody } from '../../../contract/clients.js';
import { inTransaction, memberOf, type Ctx } from '../../context.js';
import type { ClientStatus } from '../../db/schema.js';
import { AppError, notFound } from '../../errors.js';
import { toIso } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { storableJson } from '../../lib/json.js';
import { hasChanges } from '../../lib/patch.js';
import { applyGuardToExtras, extraFieldsToGuard, guardCustomerData } from '../../privacy/sensitive-guard.service.js';
import type { FieldInput } from '../../privacy/sensitive-data.js';
import { authorize, can } from '../access/access.policy.js';
import { clientScope } from '../access/visibility.js';
import { recordEvent } from '../events/events.service.js';
import { listCustomFields } from '../custom-fields/custom-fields.repo.js';
import { mergeCustomValues, type CustomValues } from '../custom-fields/custom-fields.service.js';
import {
  addTags,
  deleteClientRow,
  existingMemberIds,
  existingSalesRepIds,
  filterVisibleClientIds,
  findClientRefs,
  findDomainOwners,
  findVisibleClient,
  insertClient,
  listAncestorIds,
  listDomainsOf,
  removeTags,
  replaceDomains,
  replaceTags,
  unassignMember,
  unassignSalesRep,
  updateClientRow,
  type ClientRow,
} from './clients.repo.js';

/** What search matches for a client: its name and domains, lower-cased. */
export function clientSearchText(name: string, domains: readonly string[]): string {
  return [name, ...domains].join(' ').toLowerCase();
}

/** The client if the caller may see it; otherwise the one answer for absent and hidden. */
export async function getVisibleClientRow(ctx: Ctx, id: string): Promise<ClientRow> {
  authorize(ctx, 'client:read');
  const row = await findVisibleClient(ctx, await clientScope(ctx), id);
  if (!row) throw notFound('client');
  return row;
}

/** True when the caller may see the client: for records that follow their client's visibility. */
export async function isClientVisible(ctx: Ctx, id: string): Promise<boolean> {
  if (!can(ctx, 'client:read')) return false;
  return (await findVisibleClient(ctx, await clientScope(ctx), id)) !== undefined;
}

/**
 * One client's view. `justWritten`: the caller has just created or changed it, and sees the result
 * even when the write moved the client out of their book (a CSM handing an account over): the
 * write succeeded, so it must not answer 404. They cannot edit it any more, which `canEdit` says.
 */
export async function getClient(ctx: Ctx, id: string, options: { justWritten?: boolean } = {}): Promise<ClientView> {
  const scope = await clientScope(ctx);
  const row = options.justWritten ? await findVisibleClient(ctx, { all: true }, id) : await getVisibleClientRow(ctx, id);
  if (!row) throw notFound('client');
  const stillVisible = !options.justWritten || (await findVisibleClient(ctx, scope, id)) !== undefined;
  const refs = await findClientRefs(ctx, scope, row);
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    clientSince: row.client_since,
    terminatedOn: row.terminated_on,
    terminationReason: row.termination_reason,
    domains: refs.domains,
    tags: refs.tags,
    tier: row.tier,
    csm: refs.csm,
    sponsor: refs.sponsor,
    salesRep: refs.salesRep,
    parent: refs.parent,
    children: refs.children,
    externalId: row.external_id,
    customFields: JSON.parse(row.custom_fields) as CustomValues,
    lastTouchAt: toIso(row.last_touch_at),
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
    canEdit: can(ctx, 'client:write') && stillVisible,
  };
}

/** The free-text parts of a client that pass the sensitive-data guard. */
function guardedFields(input: {
  name?: string | undefined;
  terminationReason?: string | null | undefined;
  tier?: string | null | undefined;
  externalId?: string | null | undefined;
  tags?: readonly string[] | undefined;
  customFields?: Record<string, unknown> | undefined;
}): FieldInput[] {
  const fields: FieldInput[] = [];
  if (input.name !== undefined) fields.push({ path: 'body.name', key: 'name', value: input.name });
  if (input.terminationReason) fields.push({ path: 'body.terminationReason', key: 'termination reason', value: input.terminationReason });
  if (input.tier) fields.push({ path: 'body.tier', key: 'tier', value: input.tier });
  (input.tags ?? []).forEach((tag, i) => fields.push({ path: `body.tags.${i}`, key: 'tag', value: tag }));
  fields.push(...extraFieldsToGuard(input));
  return fields;
}

/** Applies the guard's verdict (the redacted text, under `redact`) back onto the input. */
function applyGuarded<
  T extends {
    name?: string | undefined;
    terminationReason?: string | null | undefined;
    tier?: string | null | undefined;
    externalId?: string | null | undefined;
    tags?: string[] | undefined;
    customFields?: Record<string, unknown> | undefined;
  },
>(input: T, values: Map<string, string>): T {
  const out = { ...input };
  if (input.name !== undefined) out.name = values.get('body.name') ?? input.name;
  if (input.terminationReason) out.terminationReason = values.get('body.terminationReason') ?? input.terminationReason;
  if (input.tier) out.tier = values.get('body.tier') ?? input.tier;
  if (input.tags) out.tags = input.tags.map((t, i) => values.get(`body.tags.${i}`) ?? t);
  applyGuardToExtras(input, out, values);
  return out;
}

/** Members, sales reps and parents named on a client must exist here; the parent must be visible and not a descendant. */
async function checkReferences(
  ctx: Ctx,
  clientId: string | undefined,
  refs: { csmMembershipId?: string | null | undefined; sponsorMembershipId?: string | null | undefined; salesRepId?: string | null | undefined; parentClientId?: string | null | undefined },
): Promise<void> {
  // Every id but null is checked, the empty string too: stored, it would fail the foreign key (a 500).
  const given = (v: string | null | undefined): v is string => typeof v === 'string';
  const issues: { path: string; message: string }[] = [];
  const memberIds = [refs.csmMembershipId, refs.sponsorMembershipId].filter(given);
  const members = await existingMemberIds(ctx, memberIds);
  if (given(refs.csmMembershipId) && !members.has(refs.csmMembershipId)) issues.push({ path: 'body.csmMembershipId', message: 'is not a member of this workspace' });
  if (given(refs.sponsorMembershipId) && !members.has(refs.sponsorMembershipId)) issues.push({ path: 'body.sponsorMembershipId', message: 'is not a member of this workspace' });
  if (given(refs.salesRepId) && !(await existingSalesRepIds(ctx, [refs.salesRepId])).has(refs.salesRepId)) issues.push({ path: 'body.salesRepId', message: 'is not a sales rep of this workspace' });
  if (given(refs.parentClientId)) {
    const scope = await clientScope(ctx);
    if (!(await findVisibleClient(ctx, scope, refs.parentClientId))) issues.push({ path: 'body.parentClientId', message: 'is not a client you can see' });
    else if (clientId && (refs.parentClientId === clientId || (await listAncestorIds(ctx, refs.parentClientId)).includes(clientId))) {
      issues.push({ path: 'body.parentClientId', message: 'would make the client its own ancestor' });
    }
  }
  if (issues.length > 0) throw new AppError('validation_failed', issues.map((i) => `${i.path}: ${i.message}`).join('; '), { issues });
}

async function assertDomainsFree(ctx: Ctx, clientId: string, domains: readonly string[]): Promise<void> {
  const taken = (await findDomainOwners(ctx, domains)).filter((d) => d.client_id !== clientId);
  if (taken.length > 0) {
    // The owner is named only when the caller may see it: the message must not reveal a client outside their book.
    const visible = await filterVisibleClientIds(ctx, await clientScope(ctx), taken.map((t) => t.client_id));
    const owner = (t: (typeof taken)[number]) => (visible.has(t.client_id) ? t.name : 'a client you cannot see');
    throw new AppError('domain_in_use', `${taken.map((t) => `${t.domain} belongs to ${owner(t)}`).join('; ')}. A domain can belong to one client only.`, {
      domains: taken.map((t) => t.domain),
    });
  }
}

export async function createClient(ctx: Ctx, body: z.output<typeof CreateClientBody>): Promise<ClientView> {
  authorize(ctx, 'client:write');
  const member = memberOf(ctx);
  const fields = await listCustomFields(ctx, 'client');
  const customFields = mergeCustomValues(fields, body.customFields, {}, { requireAll: true });
  const input = applyGuarded({ ...body, customFields }, await guardCustomerData(ctx, 'api', guardedFields({ ...body, customFields })));
  // A CSM's new client is in their own book unless they give it to someone: otherwise they could not see it.
  const csm = input.csmMembershipId !== undefined ? input.csmMembershipId : member.role === 'csm' || member.role === 'manager' ? member.membershipId : null;
  await checkReferences(ctx, undefined, { ...input, csmMembershipId: csm });
  const domains = [...new Set(input.domains)];
  const id = newId('client');
  await assertDomainsFree(ctx, id, domains);
  const now = ctx.rt.clock.now();
  await inTransaction(ctx, async (tx) => {
    await insertClient(tx, {
      id,
      name: input.name,
      status: input.status,
      client_since: input.clientSince ?? null,
      terminated_on: input.status === 'terminated' ? (input.terminatedOn ?? null) : null,
      termination_reason: input.status === 'terminated' ? (input.terminationReason ?? null) : null,
      csm_membership_id: csm,
      sponsor_membership_id: input.sponsorMembershipId ?? null,
      sales_rep_id: input.salesRepId ?? null,
      parent_client_id: input.parentClientId ?? null,
      tier: input.tier ?? null,
      external_id: input.externalId ?? null,
      custom_fields: storableJson(input.customFields ?? {}),
      search_text: clientSearchText(input.name, domains),
      last_touch_at: null,
      import_id: null,
      created_at: now,
      updated_at: now,
    });
    await replaceDomains(tx, id, domains);
    await replaceTags(tx, id, [...new Set(input.tags)]);
    await ctx.rt.caps.indexSearchText(tx.db, ctx.workspaceId, 'client', id, clientSearchText(input.name, domains));
    await recordEvent({ ...tx, actorUserId: member.userId }, { type: 'client.created', subjectType: 'client', subjectId: id });
  }).catch((err: unknown) => {
    if (ctx.rt.caps.isUniqueViolation(err)) throw new AppError('validation_failed', 'body.externalId: another client already has this external id.', { field: 'externalId' });
    throw err;
  });
  return getClient(ctx, id, { justWritten: true });
}

export async function updateClient(ctx: Ctx, id: string, body: z.output<typeof UpdateClientBody>): Promise<ClientView> {
  const current = await getVisibleClientRow(ctx, id);
  authorize(ctx, 'client:write');
  if (!hasChanges(body)) return getClient(ctx, id);
  const member = memberOf(ctx);
  const status: ClientStatus = body.status ?? current.status;
  const terminatedOn = body.terminatedOn !== undefined ? body.terminatedOn : current.terminated_on;
  const terminationReason = body.terminationReason !== undefined ? body.terminationReason : current.termination_reason;
  if (status === 'terminated' && (!terminatedOn || !terminationReason)) {
    const issues = [
      ...(!terminatedOn ? [{ path: 'body.terminatedOn', message: 'is required when the status is Terminated' }] : []),
      ...(!terminationReason ? [{ path: 'body.terminationReason', message: 'is required when the status is Terminated' }] : []),
    ];
    throw new AppError('validation_failed', issues.map((i) => `${i.path}: ${i.message}`).join('; '), { issues });
  }
  const fields = await listCustomFields(ctx, 'client');
  const customFields =
    body.customFields !== undefined ? mergeCustomValues(fields, body.customFields, JSON.parse(current.custom_fields) as CustomValues, { requireAll: true }) : undefined;
  const input = applyGuarded({ ...body, customFields }, await guardCustomerData(ctx, 'api', guardedFields({ ...body, customFields })));
  await checkReferences(ctx, id, input);
  const domains = input.domains ? [...new Set(input.domains)] : undefined;
  if (domains) await assertDomainsFree(ctx, id, domains);
  const name = input.name ?? current.name;
  const allDomains = domains ?? (await listDomainsOf(ctx, [id])).map((d) => d.domain);
  await inTransaction(ctx, async (tx) => {
    await updateClientRow(tx, id, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      status,
      terminated_on: status === 'terminated' ? terminatedOn : null,
      termination_reason: status === 'terminated' ? terminationReason : null,
      ...(input.clientSince !== undefined ? { client_since: input.clientSince } : {}),
      ...(input.tier !== undefined ? { tier: input.tier } : {}),
      ...(input.csmMembershipId !== undefined ? { csm_membership_id: input.csmMembershipId } : {}),
      ...(input.sponsorMembershipId !== undefined ? { sponsor_membership_id: input.sponsorMembershipId } : {}),
      ...(input.salesRepId !== undefined ? { sales_rep_id: input.salesRepId } : {}),
      ...(input.parentClientId !== undefined ? { parent_client_id: input.parentClientId } : {}),
      ...(input.externalId !== undefined ? { external_id: input.externalId } : {}),
      ...(input.customFields !== undefined ? { custom_fields: storableJson(input.customFields) } : {}),
      search_text: clientSearchText(name, allDomains),
      updated_at: ctx.rt.clock.now(),
    });
    if (domains) await replaceDomains(tx, id, domains);
    if (input.tags) await replaceTags(tx, id, [...new Set(input.tags)]);
    await ctx.rt.caps.indexSearchText(tx.db, ctx.workspaceId, 'client', id, clientSearchText(name, allDomains));
    const changed = Object.keys(body).sort().join(',');
    await recordEvent({ ...tx, actorUserId: member.userId }, { type: 'client.updated', subjectType: 'client', subjectId: id, payload: { fields: changed, ...(body.status ? { status } : {}) } });
  }).catch((err: unknown) => {
    if (ctx.rt.caps.isUniqueViolation(err)) throw new AppError('validation_failed', 'body.externalId: another client already has this external id.', { field: 'externalId' });
    throw err;
  });
  return getClient(ctx, id, { justWritten: true });
}

/** Deletes a client with its timeline, tasks, domains, tags and contact links (contacts stay). */
export async function deleteClient(ctx: Ctx, id: string): Promise<void> {
  await getVisibleClientRow(ctx, id);
  authorize(ctx, 'client:delete');
  await inTransaction(ctx, async (tx) => {
    await deleteClientRow(tx, id);
    await ctx.rt.caps.unindexSearchText(tx.db, ctx.workspaceId, 'client', [id]);
    await recordEvent({ ...tx, actorUserId: memberOf(ctx).userId }, { type: 'client.deleted', subjectType: 'client', subjectId: id });
  });
}

/** Changes many clients at once; ids the caller cannot see are skipped and reported, not an error. */
export async function bulkUpdateClients(ctx: Ctx, body: z.output<typeof BulkUpdateClientsBody>): Promise<{ updated: number; skipped: string[] }> {
  authorize(ctx, 'client:write');
  const member = memberOf(ctx);
  const ids = [...new Set(body.ids)];
  const visible = await filterVisibleClientIds(ctx, await clientScope(ctx), ids);
  const { set } = body;
  const tagFields = [...(set.addTags ?? [])].map((value, i) => ({ path: `body.set.addTags.${i}`, key: 'tag', value }));
  const tierFields = set.tier ? [{ path: 'body.set.tier', key: 'tier', value: set.tier }] : [];
  const guarded = await guardCustomerData(ctx, 'api', [...tagFields, ...tierFields]);
  const addTagsList = (set.addTags ?? []).map((t, i) => guarded.get(`body.set.addTags.${i}`) ?? t);
  await checkReferences(ctx, undefined, { csmMembershipId: set.csmMembershipId, salesRepId: set.salesRepId });
  const now = ctx.rt.clock.now();
  await inTransaction(ctx, async (tx) => {
    for (const id of visible) {
      await updateClientRow(tx, id, {
        ...(set.status !== undefined ? { status: set.status, terminated_on: null, termination_reason: null } : {}),
        ...(set.tier !== undefined ? { tier: set.tier === null ? null : (guarded.get('body.set.tier') ?? set.tier) } : {}),
        ...(set.csmMembershipId !== undefined ? { csm_membership_id: set.csmMembershipId } : {}),
        ...(set.salesRepId !== undefined ? { sales_rep_id: set.salesRepId } : {}),
        updated_at: now,
      });
      await addTags(tx, id, addTagsList);
      await removeTags(tx, id, set.removeTags ?? []);
      await recordEvent({ ...tx, actorUserId: member.userId }, { type: 'client.updated', subjectType: 'client', subjectId: id, payload: { fields: Object.keys(set).sort().join(','), bulk: true } });
    }
  });
  return { updated: visible.size, skipped: ids.filter((id) => !visible.has(id)) };
}

/** When a member leaves, their clients become unassigned rather than blocking the removal. */
export async function releaseMemberFromClients(ctx: Pick<Ctx, 'db' | 'workspaceId'>, membershipId: string): Promise<void> {
  await unassignMember(ctx, membershipId);
}

/** When a sales rep is deleted, their clients keep everything else. */
export async function releaseSalesRepFromClients(ctx: Pick<Ctx, 'db' | 'workspaceId'>, salesRepId: string): Promise<void> {
  await unassignSalesRep(ctx, salesRepId);
}
