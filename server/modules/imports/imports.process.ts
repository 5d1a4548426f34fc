import { inTransaction, type Ctx } from '../../context.js';
import type { ClientTable, ContactTable } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import { inspectCustomerData } from '../../privacy/sensitive-guard.service.js';
import type { FieldInput, SensitiveFinding } from '../../privacy/sensitive-data.js';
import type { ClientScope } from '../access/visibility.js';
import { addTags, findDomainOwners, insertClient, replaceDomains, replaceTags, updateClientRow } from '../clients/clients.repo.js';
import { clientSearchText } from '../clients/clients.service.js';
import { findEmailOwners, insertContact, replaceEmails, replacePhones, updateContactRow, upsertLink } from '../contacts/contacts.repo.js';
import { contactSearchText, normalisePhones } from '../contacts/contacts.service.js';
import type { CustomFieldRow } from '../custom-fields/custom-fields.repo.js';
import { recordEvent } from '../events/events.service.js';
import {
  findClientsByExternalIds,
  findClientsByIds,
  findContactsByExternalIds,
  findContactsByIds,
  findMembersByEmails,
  insertChanges,
  listClientDomains,
  listClientTags,
  listContactEmails,
  listContactLinks,
  listContactPhones,
  listSalesRepKeys,
} from './imports.repo.js';
import { mappedCells, parseClientRow, parseContactRow, type CellError } from './imports.mapping.js';
import { storableJson } from '../../lib/json.js';

/**
 * Applies one slice of CSV rows (a few hundred) to clients or contacts: parse and check every
 * cell, pass free text through the sensitive-data guard, resolve references and matches with one
 * query per kind for the whole slice, then write the slice in one transaction with its undo log.
 * A dry run does all of it but the writes.
 */
export interface ImportContext {
  readonly ctx: Ctx;
  readonly importId: string;
  readonly headers: readonly string[];
  readonly mapping: Record<string, string | null>;
  readonly matchOn: 'external_id' | 'domain' | 'email' | 'none';
  readonly fields: readonly CustomFieldRow[];
  readonly policy: 'reject' | 'redact';
  readonly scope: ClientScope;
  readonly importer: string;
  readonly dryRun: boolean;
  /** Runs inside each slice's transaction: the import's progress commits with the slice's writes. */
  readonly onSliceCommit?: (tx: Ctx, outcome: BatchOutcome) => Promise<void>;
  /** Keys created earlier in this import, so a later row in the same file finds them (needed for dry runs). */
  readonly known: { clientExt: Map<string, string>; domain: Map<string, string>; contactExt: Map<string, string>; email: Map<string, string> };
}

export interface RowError extends CellError {
  readonly row: number;
}

export interface BatchOutcome {
  created: number;
  updated: number;
  errors: RowError[];
  findings: SensitiveFinding[];
  /**
   * How many of the given rows this call took. Fewer than given when a row repeats the key of an
   * earlier row of the same slice, whose record is not written yet: the rows before it commit, and
   * the caller hands the rest back, so the repeat finds that record in the database and updates it.
   */
  consumed: number;
}

export interface SourceRow {
  readonly n: number;
  readonly record: readonly string[];
}

function visible(scope: ClientScope, row: { csm_membership_id: string | null; sponsor_membership_id: string | null }): boolean {
  return scope.all || scope.memberIds.includes(row.csm_membership_id ?? '') || scope.memberIds.includes(row.sponsor_membership_id ?? '');
}

/** Runs the guard on a row's free text and numbers; returns the values to store, or the row's error. */
function guardRow(ic: ImportContext, row: number, fields: FieldInput[], out: BatchOutcome): Map<string, string> | undefined {
  const { findings, values } = inspectCustomerData(ic.policy, fields);
  if (findings.length === 0) return values;
  out.findings.push(...findings);
  if (ic.policy === 'reject') {
    const kinds = [...new Set(findings.map((f) => f.category.replace(/_/g, ' ')))].join(', ');
    out.errors.push({ row, column: findings[0]?.path ?? null, message: `holds what looks like ${kinds}; Candor does not store that` });
    return undefined;
  }
  return values;
}

/** What of a row passes the guard: the given own fields, and custom text, number and list values, each under its column. */
function guardedFields(values: { customFields: Record<string, unknown>; columns: Record<string, string> }, pairs: [string, string | null | undefined][]): FieldInput[] {
  const fields: FieldInput[] = [];
  for (const [key, value] of pairs) if (value) fields.push({ path: values.columns[key] ?? key, key, value });
  for (const [key, value] of Object.entries(values.customFields)) {
    const column = values.columns[`custom.${key}`] ?? key;
    if (typeof value === 'string') fields.push({ path: column, key, value });
    // Numbers too, as the API does: a card number typed into a number column would otherwise be stored in clear (P07).
    if (typeof value === 'number') fields.push({ path: column, key, value: String(value) });
    if (Array.isArray(value)) value.forEach((v, i) => fields.push({ path: `${column}#${i}`, key, value: String(v) }));
  }
  return fields;
}

function applyGuardedCustom(custom: Record<string, unknown>, columns: Record<string, string>, values: Map<string, string>): void {
  for (const [key, value] of Object.entries(custom)) {
    const column = columns[`custom.${key}`] ?? key;
    if (typeof value === 'string') custom[key] = values.get(column) ?? value;
    // A number cannot hold a redaction marker: under `redact` the row's sensitive number is not written.
    if (typeof value === 'number' && (values.get(column) ?? String(value)) !== String(value)) delete custom[key];
    if (Array.isArray(value)) custom[key] = value.map((v, i) => values.get(`${column}#${i}`) ?? v);
  }
}

/**
 * The external id to store: none when the guard redacted it, as the API does, because an id with a
 * marker in it matches nothing and collides with the next id redacted alike.
 */
function guardedExternalId(values: { externalId?: string; columns: Record<string, string> }, guarded: Map<string, string>): string | null | undefined {
  if (values.externalId === undefined) return undefined;
  return (guarded.get(values.columns.external_id ?? 'external_id') ?? values.externalId) === values.externalId ? values.externalId : null;
}

export async function processClientRows(ic: ImportContext, rows: readonly SourceRow[]): Promise<BatchOutcome> {
  const { ctx } = ic;
  const out: BatchOutcome = { created: 0, updated: 0, errors: [], findings: [], consumed: rows.length };
  const parsed = rows.map((r) => ({ n: r.n, ...parseClientRow(mappedCells(ic.headers, ic.mapping, r.record), ic.fields) }));
  const ext = parsed.flatMap((p) => [p.values.externalId, p.values.parentExternalId]).filter((v): v is string => Boolean(v));
  const domains = parsed.flatMap((p) => p.values.domains ?? []);
  const emails = parsed.flatMap((p) => [p.values.csmEmail, p.values.sponsorEmail]).filter((v): v is string => Boolean(v));
  const byExt = new Map((await findClientsByExternalIds(ctx, ext)).map((c) => [c.external_id ?? '', c]));
  const domainOwner = new Map((await findDomainOwners(ctx, domains)).map((d) => [d.domain, d.client_id]));
  const members = new Map((await findMembersByEmails(ctx, emails)).map((m) => [m.email, m.id]));
  const reps = await listSalesRepKeys(ctx);
  const matchIds = new Set<string>([...domainOwner.values()]);
  const byId = new Map((await findClientsByIds(ctx, [...matchIds])).map((c) => [c.id, c]));
  for (const c of byExt.values()) byId.set(c.id, c);
  const now = ctx.rt.clock.now();

  type Write = { kind: 'create'; row: Omit<ClientTable, 'workspace_id'>; domains: string[]; tags: string[] } | { kind: 'update'; id: string; patch: Partial<ClientTable>; domains?: string[]; tags?: string[]; before: Record<string, unknown> };
  const writes: Write[] = [];
  for (const [index, p] of parsed.entries()) {
    const v = p.values;
    const rowErrors: RowError[] = p.errors.map((e) => ({ row: p.n, ...e }));
    const col = (k: string) => v.columns[k] ?? null;
    const csm = v.csmEmail ? members.get(v.csmEmail) : undefined;
    if (v.csmEmail && !csm) rowErrors.push({ row: p.n, column: col('csm_email'), message: `${v.csmEmail} is not a member of this workspace` });
    const sponsor = v.sponsorEmail ? members.get(v.sponsorEmail) : undefined;
    if (v.sponsorEmail && !sponsor) rowErrors.push({ row: p.n, column: col('sponsor_email'), message: `${v.sponsorEmail} is not a member of this workspace` });
    const rep = v.salesRep ? reps.find((r) => r.name.toLowerCase() === v.salesRep?.toLowerCase() || r.email === v.salesRep?.toLowerCase()) : undefined;
    if (v.salesRep && !rep) rowErrors.push({ row: p.n, column: col('sales_rep'), message: `"${v.salesRep.slice(0, 60)}" is not a sales rep of this workspace` });
    let parentId: string | undefined;
    if (v.parentExternalId) {
      parentId = ic.known.clientExt.get(v.parentExternalId) ?? byExt.get(v.parentExternalId)?.id;
      const parent = parentId ? byId.get(parentId) : undefined;
      if (!parentId || (parent && !visible(ic.scope, parent))) rowErrors.push({ row: p.n, column: col('parent_external_id'), message: `no client you can see has the external id "${v.parentExternalId.slice(0, 60)}"` });
    }
    // Which existing record this row updates.
    let matchId: string | undefined;
    if (ic.matchOn === 'external_id' && v.externalId) matchId = ic.known.clientExt.get(v.externalId) ?? byExt.get(v.externalId)?.id;
    if (ic.matchOn === 'domain') for (const d of v.domains ?? []) matchId ??= ic.known.domain.get(d) ?? domainOwner.get(d);
    const existing = matchId ? byId.get(matchId) : undefined;
    if (matchId && !existing && !ic.dryRun) {
      out.consumed = index;
      break;
    }
    if (existing && !visible(ic.scope, existing)) rowErrors.push({ row: p.n, column: null, message: 'matches a client you cannot see' });
    if (!matchId && !v.name) rowErrors.push({ row: p.n, column: col('name'), message: 'a new client needs a name' });
    for (const d of v.domains ?? []) {
      const owner = ic.known.domain.get(d) ?? domainOwner.get(d);
      if (owner && owner !== matchId) rowErrors.push({ row: p.n, column: col('domains'), message: `${d} already belongs to another client` });
    }
    if (!matchId && v.externalId && byExt.has(v.externalId)) rowErrors.push({ row: p.n, column: col('external_id'), message: `another client already has the external id "${v.externalId.slice(0, 60)}"` });
    const status = v.status ?? existing?.status ?? 'active';
    const terminatedOn = v.terminatedOn ?? existing?.terminated_on ?? null;
    const reason = v.terminationReason ?? existing?.termination_reason ?? null;
    if (status === 'terminated' && (!terminatedOn || !reason)) rowErrors.push({ row: p.n, column: col('status'), message: 'a Terminated client needs a termination date and reason' });
    const custom = { ...(existing ? (JSON.parse(existing.custom_fields) as Record<string, unknown>) : {}), ...v.customFields };
    for (const f of ic.fields.filter((f) => f.required === 1)) {
      if (custom[f.key] === undefined || custom[f.key] === null) rowErrors.push({ row: p.n, column: null, message: `${f.label} is required` });
    }
    if (rowErrors.length > 0) {
      out.errors.push(...rowErrors);
      continue;
    }
    const guarded = guardRow(
      ic,
      p.n,
      guardedFields(v, [['name', v.name], ['tier', v.tier], ['termination_reason', v.terminationReason], ['external_id', v.externalId], ...(v.tags ?? []).map((t, i) => [`tags#${i}`, t] as [string, string])]),
      out,
    );
    if (!guarded) continue;
    if (matchId && !existing) {
      // Only in a dry run: the row repeats an earlier row of the file, which the run will have written.
      out.updated++;
      continue;
    }
    const externalId = guardedExternalId(v, guarded);
    const g = (key: string, value: string | undefined) => (value === undefined ? undefined : (guarded.get(v.columns[key] ?? key) ?? value));
    const tags = (v.tags ?? []).map((t, i) => guarded.get(`tags#${i}`) ?? t);
    applyGuardedCustom(v.customFields, v.columns, guarded);
    const merged = { ...(existing ? (JSON.parse(existing.custom_fields) as Record<string, unknown>) : {}), ...v.customFields };
    if (!existing) {
      const id = ic.dryRun ? `new:${p.n}` : newId('client');
      const name = g('name', v.name) ?? '';
      const ownDomains = [...new Set(v.domains ?? [])];
      writes.push({
        kind: 'create',
        row: {
          id,
          name,
          status,
          client_since: v.clientSince ?? null,
          terminated_on: status === 'terminated' ? terminatedOn : null,
          termination_reason: status === 'terminated' ? (g('termination_reason', reason ?? undefined) ?? null) : null,
          // An importer who sees only their own book gets the new clients in it, or they would vanish from view.
          csm_membership_id: csm ?? (ic.scope.all ? null : ic.importer),
          sponsor_membership_id: sponsor ?? null,
          sales_rep_id: rep?.id ?? null,
          parent_client_id: parentId ?? null,
          tier: g('tier', v.tier) ?? null,
          external_id: externalId ?? null,
          custom_fields: storableJson(merged),
          search_text: clientSearchText(name, ownDomains),
          last_touch_at: null,
          import_id: ic.importId,
          created_at: now,
          updated_at: now,
        },
        domains: ownDomains,
        tags,
      });
      if (v.externalId) ic.known.clientExt.set(v.externalId, id);
      for (const d of ownDomains) ic.known.domain.set(d, id);
      out.created++;
    } else {
      const patch: Partial<ClientTable> = {
        ...(v.name ? { name: g('name', v.name) } : {}),
        ...(v.status ? { status } : {}),
        ...(v.status || v.terminatedOn !== undefined || v.terminationReason ? { terminated_on: status === 'terminated' ? terminatedOn : null, termination_reason: status === 'terminated' ? (g('termination_reason', reason ?? undefined) ?? null) : null } : {}),
        ...(v.clientSince !== undefined ? { client_since: v.clientSince } : {}),
        ...(v.tier ? { tier: g('tier', v.tier) } : {}),
        ...(csm ? { csm_membership_id: csm } : {}),
        ...(sponsor ? { sponsor_membership_id: sponsor } : {}),
        ...(rep ? { sales_rep_id: rep.id } : {}),
        ...(parentId ? { parent_client_id: parentId } : {}),
        ...(externalId !== undefined ? { external_id: externalId } : {}),
        ...(Object.keys(v.customFields).length > 0 ? { custom_fields: storableJson(merged) } : {}),
        updated_at: now,
      };
      writes.push({ kind: 'update', id: existing.id, patch, ...(v.domains ? { domains: [...new Set(v.domains)] } : {}), ...(v.tags ? { tags } : {}), before: { ...existing } });
      for (const d of v.domains ?? []) ic.known.domain.set(d, existing.id);
      out.updated++;
    }
  }
  if (ic.dryRun) return out;
  if (writes.length === 0) {
    await inTransaction(ctx, (tx) => ic.onSliceCommit?.(tx, out) ?? Promise.resolve());
    return out;
  }

  const updatedIds = writes.filter((w) => w.kind === 'update').map((w) => (w.kind === 'update' ? w.id : ''));
  const beforeDomains = await listClientDomains(ctx, updatedIds);
  const beforeTags = await listClientTags(ctx, updatedIds);
  await inTransaction(ctx, async (tx) => {
    const changes: { import_id: string; entity: 'client'; entity_id: string; action: 'created' | 'updated'; before: string | null }[] = [];
    for (const w of writes) {
      if (w.kind === 'create') {
        await insertClient(tx, w.row);
        await replaceDomains(tx, w.row.id, w.domains);
        await replaceTags(tx, w.row.id, w.tags);
        await ctx.rt.caps.indexSearchText(tx.db, ctx.workspaceId, 'client', w.row.id, w.row.search_text);
        changes.push({ import_id: ic.importId, entity: 'client', entity_id: w.row.id, action: 'created', before: null });
      } else {
        const domains = w.domains ?? beforeDomains.filter((d) => d.client_id === w.id).map((d) => d.domain);
        const name = (w.patch.name as string | undefined) ?? String(w.before.name);
        await updateClientRow(tx, w.id, { ...w.patch, search_text: clientSearchText(name, domains) });
        if (w.domains) await replaceDomains(tx, w.id, w.domains);
        if (w.tags) await addTags(tx, w.id, w.tags);
        await ctx.rt.caps.indexSearchText(tx.db, ctx.workspaceId, 'client', w.id, clientSearchText(name, domains));
        const snapshot = {
          row: w.before,
          domains: beforeDomains.filter((d) => d.client_id === w.id).map((d) => d.domain),
          tags: beforeTags.filter((t) => t.client_id === w.id).map((t) => t.tag),
        };
        // The first change an import makes to a record is the one undo restores.
        changes.push({ import_id: ic.importId, entity: 'client', entity_id: w.id, action: 'updated', before: JSON.stringify(snapshot) });
      }
    }
    await insertChanges(tx, dedupeChanges(changes));
    await recordEvent(
      { ...tx, actorUserId: ctx.actor.kind === 'member' ? ctx.actor.userId : null },
      { type: 'clients.imported', subjectType: 'import', subjectId: ic.importId, payload: { created: out.created, updated: out.updated } },
    );
    await ic.onSliceCommit?.(tx, out);
  });
  return out;
}

/** Keeps one change per record: the earliest (its `before` is what the record was before this import). */
function dedupeChanges<T extends { entity_id: string }>(changes: T[]): T[] {
  const seen = new Set<string>();
  return changes.filter((c) => !seen.has(c.entity_id) && seen.add(c.entity_id));
}

export async function processContactRows(ic: ImportContext, rows: readonly SourceRow[]): Promise<BatchOutcome> {
  const { ctx } = ic;
  const out: BatchOutcome = { created: 0, updated: 0, errors: [], findings: [], consumed: rows.length };
  const parsed = rows.map((r) => ({ n: r.n, ...parseContactRow(mappedCells(ic.headers, ic.mapping, r.record), ic.fields) }));
  const ext = parsed.map((p) => p.values.externalId).filter((v): v is string => Boolean(v));
  const emails = parsed.flatMap((p) => p.values.emails);
  const clientExt = parsed.map((p) => p.values.clientExternalId).filter((v): v is string => Boolean(v));
  const clientDomains = parsed.map((p) => p.values.clientDomain).filter((v): v is string => Boolean(v));
  const byExt = new Map((await findContactsByExternalIds(ctx, ext)).map((c) => [c.external_id ?? '', c]));
  const emailOwner = new Map((await findEmailOwners(ctx, emails)).map((e) => [e.email, e.contact_id]));
  const clientsByExt = new Map((await findClientsByExternalIds(ctx, clientExt)).map((c) => [c.external_id ?? '', c]));
  const domainOwner = new Map((await findDomainOwners(ctx, clientDomains)).map((d) => [d.domain, d.client_id]));
  const linkedClients = new Map((await findClientsByIds(ctx, [...domainOwner.values()])).map((c) => [c.id, c]));
  for (const c of clientsByExt.values()) linkedClients.set(c.id, c);
  const byId = new Map((await findContactsByIds(ctx, [...emailOwner.values()])).map((c) => [c.id, c]));
  for (const c of byExt.values()) byId.set(c.id, c);
  const now = ctx.rt.clock.now();

  type Write =
    | { kind: 'create'; row: Omit<ContactTable, 'workspace_id'>; emails: string[]; phones: { phone: string; label: string | null }[]; link?: { clientId: string; roles: string[] } }
    | { kind: 'update'; id: string; patch: Partial<ContactTable>; emails: string[]; phones: { phone: string; label: string | null }[]; link?: { clientId: string; roles: string[] }; before: ContactTable };
  const writes: Write[] = [];
  for (const [index, p] of parsed.entries()) {
    const v = p.values;
    const rowErrors: RowError[] = p.errors.map((e) => ({ row: p.n, ...e }));
    const col = (k: string) => v.columns[k] ?? null;
    let matchId: string | undefined;
    if (ic.matchOn === 'external_id' && v.externalId) matchId = ic.known.contactExt.get(v.externalId) ?? byExt.get(v.externalId)?.id;
    if (ic.matchOn === 'email') for (const e of v.emails) matchId ??= ic.known.email.get(e) ?? emailOwner.get(e);
    const existing = matchId ? byId.get(matchId) : undefined;
    if (matchId && !existing && !ic.dryRun) {
      out.consumed = index;
      break;
    }
    if (!matchId && !v.firstName) rowErrors.push({ row: p.n, column: col('first_name') ?? col('full_name'), message: 'a new contact needs a first name or a full name' });
    for (const e of v.emails) {
      const owner = ic.known.email.get(e) ?? emailOwner.get(e);
      if (owner && owner !== matchId) rowErrors.push({ row: p.n, column: col('email'), message: `${e} already belongs to another contact` });
    }
    if (!matchId && v.externalId && byExt.has(v.externalId)) rowErrors.push({ row: p.n, column: col('external_id'), message: 'another contact already has this external id' });
    let clientId: string | undefined;
    if (v.clientExternalId) {
      clientId = ic.known.clientExt.get(v.clientExternalId) ?? clientsByExt.get(v.clientExternalId)?.id;
      if (!clientId) rowErrors.push({ row: p.n, column: col('client_external_id'), message: `no client has the external id "${v.clientExternalId.slice(0, 60)}"` });
    } else if (v.clientDomain) {
      clientId = domainOwner.get(v.clientDomain);
      if (!clientId) rowErrors.push({ row: p.n, column: col('client_domain'), message: `no client has the domain ${v.clientDomain}` });
    }
    const client = clientId ? linkedClients.get(clientId) : undefined;
    if (client && !visible(ic.scope, client)) rowErrors.push({ row: p.n, column: col('client_external_id') ?? col('client_domain'), message: 'names a client you cannot see' });
    // A contact matched here must be one the importer may see: linked to a visible client, or unlinked and theirs.
    if (existing && !ic.scope.all && existing.created_by_membership_id !== ic.importer && !client) {
      rowErrors.push({ row: p.n, column: null, message: 'matches a contact you cannot see' });
    }
    let phones: { phone: string; label: string | null }[] = [];
    if (v.phone) {
      // A cell may hold several numbers separated by ";"; two spellings of one number are kept once, as through the API.
      const numbers = v.phone
        .split(';')
        .map((n) => n.trim())
        .filter(Boolean);
      try {
        phones = normalisePhones(numbers.map((number) => ({ number })));
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        rowErrors.push({ row: p.n, column: col('phone'), message: `${v.phone.slice(0, 40)}: write each number with its country code, such as +1 415 555 2671` });
      }
    }
    const custom = { ...(existing ? (JSON.parse(existing.custom_fields) as Record<string, unknown>) : {}), ...v.customFields };
    for (const f of ic.fields.filter((f) => f.required === 1)) {
      if (custom[f.key] === undefined || custom[f.key] === null) rowErrors.push({ row: p.n, column: null, message: `${f.label} is required` });
    }
    if (rowErrors.length > 0) {
      out.errors.push(...rowErrors);
      continue;
    }
    const guarded = guardRow(ic, p.n, guardedFields(v, [['first_name', v.firstName], ['last_name', v.lastName], ['title', v.title], ['external_id', v.externalId]]), out);
    if (!guarded) continue;
    if (matchId && !existing) {
      // Only in a dry run: the row repeats an earlier row of the file, which the run will have written.
      out.updated++;
      continue;
    }
    const externalId = guardedExternalId(v, guarded);
    const g = (keys: string[], value: string | null | undefined) => {
      if (value === undefined || value === null) return value;
      for (const k of keys) if (v.columns[k] && guarded.has(v.columns[k] ?? '')) return guarded.get(v.columns[k] ?? '') ?? value;
      return guarded.get(keys[0] ?? '') ?? value;
    };
    applyGuardedCustom(v.customFields, v.columns, guarded);
    const merged = { ...(existing ? (JSON.parse(existing.custom_fields) as Record<string, unknown>) : {}), ...v.customFields };
    const link = clientId ? { clientId, roles: v.roles ?? [] } : undefined;
    if (!existing) {
      const id = ic.dryRun ? `new:${p.n}` : newId('contact');
      const first = g(['first_name', 'full_name'], v.firstName) ?? '';
      const last = g(['last_name', 'full_name'], v.lastName ?? null) ?? null;
      writes.push({
        kind: 'create',
        row: {
          id,
          first_name: first,
          last_name: last,
          title: g(['title'], v.title) ?? null,
          do_not_contact: v.doNotContact ? 1 : 0,
          marketing_opt_out: v.marketingOptOut ? 1 : 0,
          source: 'import',
          external_id: externalId ?? null,
          custom_fields: storableJson(merged),
          search_text: contactSearchText(first, last, v.emails),
          created_by_membership_id: ic.importer,
          import_id: ic.importId,
          created_at: now,
          updated_at: now,
        },
        emails: v.emails,
        phones,
        ...(link ? { link } : {}),
      });
      if (v.externalId) ic.known.contactExt.set(v.externalId, id);
      for (const e of v.emails) ic.known.email.set(e, id);
      out.created++;
    } else {
      const patch: Partial<ContactTable> = {
        ...(v.firstName ? { first_name: g(['first_name', 'full_name'], v.firstName) ?? v.firstName } : {}),
        ...(v.lastName !== undefined ? { last_name: g(['last_name', 'full_name'], v.lastName) ?? null } : {}),
        ...(v.title ? { title: g(['title'], v.title) ?? null } : {}),
        ...(v.doNotContact !== undefined ? { do_not_contact: v.doNotContact ? 1 : 0 } : {}),
        ...(v.marketingOptOut !== undefined ? { marketing_opt_out: v.marketingOptOut ? 1 : 0 } : {}),
        ...(externalId !== undefined ? { external_id: externalId } : {}),
        ...(Object.keys(v.customFields).length > 0 ? { custom_fields: storableJson(merged) } : {}),
        updated_at: now,
      };
      writes.push({ kind: 'update', id: existing.id, patch, emails: v.emails, phones, ...(link ? { link } : {}), before: existing });
      for (const e of v.emails) ic.known.email.set(e, existing.id);
      out.updated++;
    }
  }
  if (ic.dryRun) return out;
  if (writes.length === 0) {
    await inTransaction(ctx, (tx) => ic.onSliceCommit?.(tx, out) ?? Promise.resolve());
    return out;
  }

  const updatedIds = writes.filter((w) => w.kind === 'update').map((w) => (w.kind === 'update' ? w.id : ''));
  const beforeEmails = await listContactEmails(ctx, updatedIds);
  const beforePhones = await listContactPhones(ctx, updatedIds);
  const beforeLinks = await listContactLinks(ctx, updatedIds);
  await inTransaction(ctx, async (tx) => {
    const changes: { import_id: string; entity: 'contact'; entity_id: string; action: 'created' | 'updated'; before: string | null }[] = [];
    for (const w of writes) {
      if (w.kind === 'create') {
        await insertContact(tx, w.row);
        await replaceEmails(tx, w.row.id, w.emails);
        await replacePhones(tx, w.row.id, w.phones);
        if (w.link) await upsertLink(tx, w.link.clientId, w.row.id, w.link.roles, now);
        await ctx.rt.caps.indexSearchText(tx.db, ctx.workspaceId, 'contact', w.row.id, w.row.search_text);
        changes.push({ import_id: ic.importId, entity: 'contact', entity_id: w.row.id, action: 'created', before: null });
      } else {
        const oldEmails = beforeEmails.filter((e) => e.contact_id === w.id).sort((a, b) => b.is_primary - a.is_primary).map((e) => e.email);
        const emails = [...new Set([...oldEmails, ...w.emails])];
        const oldPhones = beforePhones.filter((ph) => ph.contact_id === w.id).sort((a, b) => a.position - b.position).map((ph) => ({ phone: ph.phone, label: ph.label }));
        const first = (w.patch.first_name as string | undefined) ?? w.before.first_name;
        const last = w.patch.last_name !== undefined ? (w.patch.last_name as string | null) : w.before.last_name;
        await updateContactRow(tx, w.id, { ...w.patch, search_text: contactSearchText(first, last, emails) });
        if (w.emails.some((e) => !oldEmails.includes(e))) await replaceEmails(tx, w.id, emails);
        const newPhones = w.phones.filter((ph) => !oldPhones.some((old) => old.phone === ph.phone));
        if (newPhones.length > 0) await replacePhones(tx, w.id, [...oldPhones, ...newPhones]);
        if (w.link) await upsertLink(tx, w.link.clientId, w.id, w.link.roles, now);
        await ctx.rt.caps.indexSearchText(tx.db, ctx.workspaceId, 'contact', w.id, contactSearchText(first, last, emails));
        const snapshot = { row: w.before, emails: oldEmails, phones: oldPhones, links: beforeLinks.filter((l) => l.contact_id === w.id) };
        changes.push({ import_id: ic.importId, entity: 'contact', entity_id: w.id, action: 'updated', before: JSON.stringify(snapshot) });
      }
    }
    await insertChanges(tx, dedupeChanges(changes));
    await recordEvent(
      { ...tx, actorUserId: ctx.actor.kind === 'member' ? ctx.actor.userId : null },
      { type: 'contacts.imported', subjectType: 'import', subjectId: ic.importId, payload: { created: out.created, updated: out.updated } },
    );
    await ic.onSliceCommit?.(tx, out);
  });
  return out;
}
