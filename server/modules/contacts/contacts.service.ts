import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { z } from 'zod';
import type { ContactRole, ContactSummary, ContactView, CreateContactBody, LinkContactBody, PhoneInput, UpdateContactBody } from '../../../contract/contacts.js';
import { inTransaction, memberOf, type Ctx } from '../../context.js';
import { AppError, notFound } from '../../errors.js';
import { toIso } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { storableJson } from '../../lib/json.js';
import { hasChanges } from '../../lib/patch.js';
import { applyGuardToExtras, extraFieldsToGuard, guardCustomerData } from '../../privacy/sensitive-guard.service.js';
import type { FieldInput } from '../../privacy/sensitive-data.js';
import { authorize, can } from '../access/access.policy.js';
import { clientScope, type ClientScope } from '../access/visibility.js';
import { recordAudit } from '../audit/audit.service.js';
import { filterVisibleClientIds } from '../clients/clients.repo.js';
import { getVisibleClientRow } from '../clients/clients.service.js';
import { listCustomFields } from '../custom-fields/custom-fields.repo.js';
import { mergeCustomValues, type CustomValues } from '../custom-fields/custom-fields.service.js';
import { recordEvent } from '../events/events.service.js';
import {
  countVisibleContacts,
  deleteContactRow,
  deleteLink,
  filterVisibleContactIds,
  findEmailOwners,
  findVisibleContact,
  insertContact,
  listEmailsOf,
  listHiddenLinkIds,
  listLinksOf,
  listPhonesOf,
  listVisibleContacts,
  replaceEmails,
  replaceLinks,
  replacePhones,
  updateContactRow,
  upsertLink,
  type ContactRow,
} from './contacts.repo.js';

export function fullName(first: string, last: string | null): string {
  return [first, last].filter(Boolean).join(' ');
}

/** What search matches for a contact: name and emails, lower-cased. */
export function contactSearchText(first: string, last: string | null, emails: readonly string[]): string {
  return [fullName(first, last), ...emails].join(' ').toLowerCase();
}

/** Phone numbers are stored as E.164; a number without +country needs the `country` it is written for. */
export function normalisePhone(input: z.output<typeof PhoneInput>, path: string): { phone: string; label: string | null } {
  const parsed = parsePhoneNumberFromString(input.number, input.country as CountryCode | undefined);
  if (!parsed?.isValid()) {
    throw new AppError(
      'validation_failed',
      `${path}: ${input.number} is not a valid phone number${input.country ? ` for ${input.country}` : '; write it with its country code, such as +1 415 555 2671'}`,
      { field: path },
    );
  }
  return { phone: parsed.format('E.164'), label: input.label ?? null };
}

/**
 * Normalises every phone and keeps the first of numbers that are the same in E.164 ("+1 415…" and
 * "(415)…" with US): a contact's numbers are unique, and a duplicate would fail the insert. The API
 * and the CSV import both write phones through it.
 */
export function normalisePhones(inputs: readonly z.output<typeof PhoneInput>[]): { phone: string; label: string | null }[] {
  const out: { phone: string; label: string | null }[] = [];
  inputs.forEach((p, i) => {
    const phone = normalisePhone(p, `body.phones.${i}.number`);
    if (!out.some((o) => o.phone === phone.phone)) out.push(phone);
  });
  return out;
}


/**
 * The ids among `ids` that name contacts the caller may read. A contact that is hidden from them
 * and one that does not exist are alike here, as on a read: any id a request names passes this
 * rule, so an answer never tells whether a hidden contact exists.
 */
export async function visibleContactIds(ctx: Ctx, ids: readonly string[]): Promise<Set<string>> {
  authorize(ctx, 'contact:read');
  return filterVisibleContactIds(ctx, await clientScope(ctx), ids);
}

export async function getVisibleContactRow(ctx: Ctx, id: string): Promise<ContactRow> {
  authorize(ctx, 'contact:read');
  const scope = await clientScope(ctx);
  const row = await findVisibleContact(ctx, scope, id);
  if (!row) throw notFound('contact');
  return row;
}

/**
 * A contact's full record. Reading it is recorded in the audit log (P45). `justWritten`: the caller
 * has just changed it and sees the result even when the change took it out of their sight (its
 * last link to their clients removed), rather than a 404 for a write that succeeded.
 */
export async function getContact(ctx: Ctx, id: string, options: { audit: boolean; justWritten?: boolean } = { audit: true }): Promise<ContactView> {
  const scope = await clientScope(ctx);
  const row = options.justWritten ? await findVisibleContact(ctx, { all: true }, id) : await getVisibleContactRow(ctx, id);
  if (!row) throw notFound('contact');
  const stillVisible = !options.justWritten || (await findVisibleContact(ctx, scope, id)) !== undefined;
  const emails = await listEmailsOf(ctx, [id]);
  const phones = await listPhonesOf(ctx, id);
  const links = await listLinksOf(ctx, scope, [id]);
  if (options.audit) await recordAudit(ctx, { action: 'contact.viewed', subjectType: 'contact', subjectId: id });
  return {
    id: row.id,
    firstName: row.first_name,
    lastName: row.last_name,
    name: fullName(row.first_name, row.last_name),
    title: row.title,
    emails: emails.map((e) => ({ email: e.email, primary: e.is_primary === 1 })),
    phones,
    clients: links.map((l) => ({ id: l.client_id, name: l.name, roles: JSON.parse(l.roles) as ContactRole[] })),
    doNotContact: row.do_not_contact === 1,
    marketingOptOut: row.marketing_opt_out === 1,
    source: row.source,
    externalId: row.external_id,
    customFields: JSON.parse(row.custom_fields) as CustomValues,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
    canEdit: can(ctx, 'contact:write') && stillVisible,
  };
}

/**
 * A page of the contacts the caller may see. The page reads one index range and stops; the total
 * reads the whole range (58k entries for a manager of ten CSMs), so a caller that shows the page
 * first asks with `total: false` and counts with `countContacts` beside it.
 */
export async function listContacts(
  ctx: Ctx,
  query: { q?: string | undefined; clientId?: string | undefined; limit: number; offset: number; total?: boolean | undefined },
): Promise<{ items: ContactSummary[]; total: number | null; hasMore: boolean }> {
  authorize(ctx, 'contact:read');
  if (query.clientId) await getVisibleClientRow(ctx, query.clientId);
  const scope = await clientScope(ctx);
  const rows = await listVisibleContacts(ctx, scope, query, { limit: query.limit + 1, offset: query.offset });
  return {
    items: await summariseContacts(ctx, scope, rows.slice(0, query.limit)),
    total: query.total === false ? null : await countVisibleContacts(ctx, scope, query),
    hasMore: rows.length > query.limit,
  };
}

/** How many contacts the caller may see, matching `q` and/or of one client. */
export async function countContacts(ctx: Ctx, query: { q?: string | undefined; clientId?: string | undefined }): Promise<{ total: number }> {
  authorize(ctx, 'contact:read');
  if (query.clientId) await getVisibleClientRow(ctx, query.clientId);
  return { total: await countVisibleContacts(ctx, await clientScope(ctx), query) };
}

/** List rows as the summaries lists and search show: primary email and the visible clients with roles. */
export async function summariseContacts(
  ctx: Ctx,
  scope: ClientScope,
  rows: readonly { id: string; first_name: string; last_name: string | null; title: string | null; do_not_contact: number }[],
): Promise<ContactSummary[]> {
  const ids = rows.map((r) => r.id);
  const emails = await listEmailsOf(ctx, ids);
  const links = await listLinksOf(ctx, scope, ids);
  return rows.map((r) => ({
    id: r.id,
    name: fullName(r.first_name, r.last_name),
    title: r.title,
    email: emails.find((e) => e.contact_id === r.id)?.email ?? null,
    clients: links.filter((l) => l.contact_id === r.id).map((l) => ({ id: l.client_id, name: l.name, roles: JSON.parse(l.roles) as ContactRole[] })),
    doNotContact: r.do_not_contact === 1,
  }));
}

function guardedFields(input: {
  firstName?: string | undefined;
  lastName?: string | null | undefined;
  title?: string | null | undefined;
  externalId?: string | null | undefined;
  customFields?: Record<string, unknown> | undefined;
}): FieldInput[] {
  const fields: FieldInput[] = [];
  if (input.firstName !== undefined) fields.push({ path: 'body.firstName', key: 'first name', value: input.firstName });
  if (input.lastName) fields.push({ path: 'body.lastName', key: 'last name', value: input.lastName });
  if (input.title) fields.push({ path: 'body.title', key: 'title', value: input.title });
  fields.push(...extraFieldsToGuard(input));
  return fields;
}

function applyGuarded<
  T extends {
    firstName?: string | undefined;
    lastName?: string | null | undefined;
    title?: string | null | undefined;
    externalId?: string | null | undefined;
    customFields?: CustomValues | undefined;
  },
>(input: T, values: Map<string, string>): T {
  const out: T = { ...input };
  if (input.firstName !== undefined) out.firstName = values.get('body.firstName') ?? input.firstName;
  if (input.lastName) out.lastName = values.get('body.lastName') ?? input.lastName;
  if (input.title) out.title = values.get('body.title') ?? input.title;
  applyGuardToExtras(input, out, values);
  return out;
}

async function assertEmailsFree(ctx: Ctx, contactId: string, emails: readonly string[]): Promise<void> {
  const taken = (await findEmailOwners(ctx, emails)).filter((e) => e.contact_id !== contactId);
  if (taken.length > 0) {
    // The owner is named, and its id given, only when the caller may see it: the answer must not reveal a contact outside their book.
    const scope = await clientScope(ctx);
    const visible = new Map<string, ContactRow>();
    for (const id of new Set(taken.map((t) => t.contact_id))) {
      const row = await findVisibleContact(ctx, scope, id);
      if (row) visible.set(id, row);
    }
    const owner = (t: (typeof taken)[number]) => {
      const row = visible.get(t.contact_id);
      return row ? fullName(row.first_name, row.last_name) : 'a contact you cannot see';
    };
    throw new AppError('contact_email_in_use', `${taken.map((t) => `${t.email} belongs to ${owner(t)}`).join('; ')}. An email address can belong to one contact only.`, {
      emails: taken.map((t) => t.email),
      contactIds: [...visible.keys()],
    });
  }
}

/** Links may name only clients the caller can see. */
async function checkLinks(ctx: Ctx, links: readonly { clientId: string }[]): Promise<void> {
  const visible = await filterVisibleClientIds(ctx, await clientScope(ctx), links.map((l) => l.clientId));
  const missing = links.filter((l) => !visible.has(l.clientId));
  if (missing.length > 0) {
    throw new AppError('validation_failed', `body.clients: ${missing.map((m) => m.clientId).join(', ')} ${missing.length === 1 ? 'is not a client' : 'are not clients'} you can see`, {
      field: 'clients',
    });
  }
}

export async function createContact(ctx: Ctx, body: z.output<typeof CreateContactBody>): Promise<ContactView> {
  authorize(ctx, 'contact:write');
  const member = memberOf(ctx);
  const fields = await listCustomFields(ctx, 'contact');
  const customFields = mergeCustomValues(fields, body.customFields, {}, { requireAll: true });
  const input = applyGuarded({ ...body, customFields }, await guardCustomerData(ctx, 'api', guardedFields({ ...body, customFields })));
  const emails = [...new Set(input.emails)];
  const phones = normalisePhones(input.phones);
  await checkLinks(ctx, input.clients);
  const id = newId('contact');
  await assertEmailsFree(ctx, id, emails);
  const now = ctx.rt.clock.now();
  await inTransaction(ctx, async (tx) => {
    await insertContact(tx, {
      id,
      first_name: input.firstName,
      last_name: input.lastName ?? null,
      title: input.title ?? null,
      do_not_contact: input.doNotContact ? 1 : 0,
      marketing_opt_out: input.marketingOptOut ? 1 : 0,
      source: member.via === 'token' ? 'api' : 'manual',
      external_id: input.externalId ?? null,
      custom_fields: storableJson(input.customFields ?? {}),
      search_text: contactSearchText(input.firstName, input.lastName ?? null, emails),
      created_by_membership_id: member.membershipId,
      import_id: null,
      created_at: now,
      updated_at: now,
    });
    await replaceEmails(tx, id, emails);
    await replacePhones(tx, id, phones);
    await replaceLinks(tx, id, input.clients, [], now);
    await ctx.rt.caps.indexSearchText(tx.db, ctx.workspaceId, 'contact', id, contactSearchText(input.firstName, input.lastName ?? null, emails));
    await recordEvent({ ...tx, actorUserId: member.userId }, { type: 'contact.created', subjectType: 'contact', subjectId: id });
  }).catch((err: unknown) => {
    if (ctx.rt.caps.isUniqueViolation(err)) throw new AppError('validation_failed', 'body.externalId: another contact already has this external id.', { field: 'externalId' });
    throw err;
  });
  return getContact(ctx, id, { audit: false });
}

export async function updateContact(ctx: Ctx, id: string, body: z.output<typeof UpdateContactBody>): Promise<ContactView> {
  const current = await getVisibleContactRow(ctx, id);
  authorize(ctx, 'contact:write');
  if (!hasChanges(body)) return getContact(ctx, id, { audit: false });
  const fields = await listCustomFields(ctx, 'contact');
  const customFields =
    body.customFields !== undefined ? mergeCustomValues(fields, body.customFields, JSON.parse(current.custom_fields) as CustomValues, { requireAll: true }) : undefined;
  const input = applyGuarded({ ...body, customFields }, await guardCustomerData(ctx, 'api', guardedFields({ ...body, customFields })));
  const emails = input.emails ? [...new Set(input.emails)] : undefined;
  if (emails) await assertEmailsFree(ctx, id, emails);
  const phones = input.phones ? normalisePhones(input.phones) : undefined;
  if (input.clients) await checkLinks(ctx, input.clients);
  const hidden = input.clients ? await listHiddenLinkIds(ctx, await clientScope(ctx), id) : [];
  const first = input.firstName ?? current.first_name;
  const last = input.lastName !== undefined ? input.lastName : current.last_name;
  const allEmails = emails ?? (await listEmailsOf(ctx, [id])).map((e) => e.email);
  const now = ctx.rt.clock.now();
  await inTransaction(ctx, async (tx) => {
    await updateContactRow(tx, id, {
      ...(input.firstName !== undefined ? { first_name: input.firstName } : {}),
      ...(input.lastName !== undefined ? { last_name: input.lastName } : {}),
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.doNotContact !== undefined ? { do_not_contact: input.doNotContact ? 1 : 0 } : {}),
      ...(input.marketingOptOut !== undefined ? { marketing_opt_out: input.marketingOptOut ? 1 : 0 } : {}),
      ...(input.externalId !== undefined ? { external_id: input.externalId } : {}),
      ...(input.customFields !== undefined ? { custom_fields: storableJson(input.customFields) } : {}),
      search_text: contactSearchText(first, last, allEmails),
      updated_at: now,
    });
    if (emails) await replaceEmails(tx, id, emails);
    if (phones) await replacePhones(tx, id, phones);
    if (input.clients) await replaceLinks(tx, id, input.clients, hidden, now);
    await ctx.rt.caps.indexSearchText(tx.db, ctx.workspaceId, 'contact', id, contactSearchText(first, last, allEmails));
    await recordEvent({ ...tx, actorUserId: memberOf(ctx).userId }, { type: 'contact.updated', subjectType: 'contact', subjectId: id, payload: { fields: Object.keys(body).sort().join(',') } });
  }).catch((err: unknown) => {
    if (ctx.rt.caps.isUniqueViolation(err)) throw new AppError('validation_failed', 'body.externalId: another contact already has this external id.', { field: 'externalId' });
    throw err;
  });
  return getContact(ctx, id, { audit: false, justWritten: true });
}

export async function deleteContact(ctx: Ctx, id: string): Promise<void> {
  await getVisibleContactRow(ctx, id);
  authorize(ctx, 'contact:delete');
  await inTransaction(ctx, async (tx) => {
    await deleteContactRow(tx, id);
    await ctx.rt.caps.unindexSearchText(tx.db, ctx.workspaceId, 'contact', [id]);
    await recordEvent({ ...tx, actorUserId: memberOf(ctx).userId }, { type: 'contact.deleted', subjectType: 'contact', subjectId: id });
  });
}

/** Links a contact to a client (or changes their roles there). */
export async function linkContact(ctx: Ctx, clientId: string, contactId: string, body: z.output<typeof LinkContactBody>): Promise<ContactView> {
  await getVisibleClientRow(ctx, clientId);
  await getVisibleContactRow(ctx, contactId);
  authorize(ctx, 'contact:write');
  await inTransaction(ctx, async (tx) => {
    await upsertLink(tx, clientId, contactId, body.roles, ctx.rt.clock.now());
    await recordEvent({ ...tx, actorUserId: memberOf(ctx).userId }, { type: 'contact.linked', subjectType: 'contact', subjectId: contactId, payload: { clientId, roles: body.roles.join(',') } });
  });
  return getContact(ctx, contactId, { audit: false });
}

export async function unlinkContact(ctx: Ctx, clientId: string, contactId: string): Promise<void> {
  await getVisibleClientRow(ctx, clientId);
  authorize(ctx, 'contact:write');
  await inTransaction(ctx, async (tx) => {
    if (!(await deleteLink(tx, clientId, contactId))) throw notFound('link');
    await recordEvent({ ...tx, actorUserId: memberOf(ctx).userId }, { type: 'contact.unlinked', subjectType: 'contact', subjectId: contactId, payload: { clientId } });
  });
}
