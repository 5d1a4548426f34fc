import { ClientStatusLabels, Domain } from '../../../contract/clients.js';
import { ContactRoleLabels, type ContactRole } from '../../../contract/contacts.js';
import { Email } from '../../../contract/common.js';
import type { ImportTarget } from '../../../contract/imports.js';
import type { ClientStatus } from '../../db/schema.js';
import type { CustomFieldRow } from '../custom-fields/custom-fields.repo.js';
import { parseCustomValue, type CustomValue } from '../custom-fields/custom-fields.service.js';

/**
 * What a CSV column can become, how a cell is read, and which header names suggest it. Targets are
 * the record's own fields plus the workspace's custom fields (`custom.<key>`).
 */
interface TargetDef extends ImportTarget {
  readonly synonyms: readonly string[];
}

const CLIENT_TARGETS: TargetDef[] = [
  { key: 'name', label: 'Name', required: true, hint: 'Required for new clients', synonyms: ['name', 'company', 'companyname', 'account', 'accountname', 'client', 'clientname', 'organization', 'organisation', 'customer'] },
  { key: 'external_id', label: 'External id', required: false, hint: 'The id in your CRM or billing system', synonyms: ['externalid', 'id', 'crmid', 'accountid', 'salesforceid', 'hubspotid', 'customerid', 'clientid'] },
  { key: 'domains', label: 'Domains', required: false, hint: 'One or more, separated by ; or ,', synonyms: ['domain', 'domains', 'website', 'web', 'url', 'site'] },
  { key: 'status', label: 'Status', required: false, hint: 'Active, Trial, Inactive or Terminated (new clients default to Active)', synonyms: ['status', 'state', 'lifecycle'] },
  { key: 'tier', label: 'Tier', required: false, hint: null, synonyms: ['tier', 'segment', 'plan', 'level'] },
  { key: 'client_since', label: 'Client since', required: false, hint: 'A date as YYYY-MM-DD', synonyms: ['clientsince', 'customersince', 'since', 'startdate', 'start'] },
  { key: 'terminated_on', label: 'Terminated on', required: false, hint: 'A date as YYYY-MM-DD; needed when the status is Terminated', synonyms: ['terminatedon', 'terminationdate', 'churndate', 'enddate'] },
  { key: 'termination_reason', label: 'Termination reason', required: false, hint: 'Needed when the status is Terminated', synonyms: ['terminationreason', 'churnreason', 'reason'] },
  { key: 'csm_email', label: 'CSM (member email)', required: false, hint: 'The email of a member of this workspace', synonyms: ['csm', 'csmemail', 'owner', 'owneremail', 'accountmanager', 'successmanager'] },
  { key: 'sponsor_email', label: 'Executive sponsor (member email)', required: false, hint: 'The email of a member of this workspace', synonyms: ['sponsor', 'sponsoremail', 'executivesponsor'] },
  { key: 'sales_rep', label: 'Sales rep (name or email)', required: false, hint: 'A sales rep of this workspace', synonyms: ['salesrep', 'rep', 'accountexecutive', 'ae', 'salesperson'] },
  { key: 'parent_external_id', label: 'Parent client (external id)', required: false, hint: 'The external id of a client already in Candor', synonyms: ['parentid', 'parentexternalid', 'parent', 'parentaccountid'] },
  { key: 'tags', label: 'Tags', required: false, hint: 'Separated by ; or ,', synonyms: ['tags', 'tag', 'labels'] },
];

const CONTACT_TARGETS: TargetDef[] = [
  { key: 'first_name', label: 'First name', required: false, hint: 'First name, or map a full-name column instead', synonyms: ['firstname', 'first', 'givenname', 'forename'] },
  { key: 'last_name', label: 'Last name', required: false, hint: null, synonyms: ['lastname', 'last', 'surname', 'familyname'] },
  { key: 'full_name', label: 'Full name', required: false, hint: 'Split at the last space into first and last name', synonyms: ['name', 'fullname', 'contactname', 'contact'] },
  { key: 'email', label: 'Email', required: false, hint: 'The primary email; matches existing contacts', synonyms: ['email', 'emailaddress', 'mail', 'workemail', 'primaryemail'] },
  { key: 'emails', label: 'Other emails', required: false, hint: 'Separated by ; or ,', synonyms: ['otheremails', 'emails', 'secondaryemail', 'alternateemail'] },
  { key: 'phone', label: 'Phone', required: false, hint: 'With its country code, such as +1 415 555 2671', synonyms: ['phone', 'phonenumber', 'mobile', 'tel', 'telephone', 'cell'] },
  { key: 'title', label: 'Title', required: false, hint: null, synonyms: ['title', 'jobtitle', 'position'] },
  { key: 'external_id', label: 'External id', required: false, hint: 'The id in your CRM', synonyms: ['externalid', 'id', 'crmid', 'contactid', 'salesforceid', 'hubspotid'] },
  { key: 'client_external_id', label: 'Client (external id)', required: false, hint: 'Links the contact to that client', synonyms: ['clientexternalid', 'accountid', 'companyid', 'clientid'] },
  { key: 'client_domain', label: 'Client (domain)', required: false, hint: 'Links the contact to the client with this domain', synonyms: ['clientdomain', 'companydomain', 'domain', 'website'] },
  { key: 'roles', label: 'Roles at the client', required: false, hint: 'Champion, Decision maker, Billing, … separated by ; or ,', synonyms: ['roles', 'role', 'contactrole'] },
  { key: 'do_not_contact', label: 'Do not contact', required: false, hint: 'yes or no', synonyms: ['donotcontact', 'dnc', 'nocontact'] },
  { key: 'marketing_opt_out', label: 'Marketing opt-out', required: false, hint: 'yes or no', synonyms: ['marketingoptout', 'optout', 'unsubscribed', 'emailoptout'] },
];

const norm = (s: string) => s.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]/g, '');

export function importTargets(entity: 'client' | 'contact', fields: readonly CustomFieldRow[]): TargetDef[] {
  const own = entity === 'client' ? CLIENT_TARGETS : CONTACT_TARGETS;
  const custom = fields.map((f) => ({
    key: `custom.${f.key}`,
    label: f.label,
    required: f.required === 1,
    hint: f.type === 'multi_select' ? 'Options separated by ; or |' : f.type === 'currency' ? `An amount in ${f.currency ?? 'the field currency'}, such as 1,200.50` : null,
    synonyms: [norm(f.key), norm(f.label)],
  }));
  return [...own, ...custom];
}

/** A target for each header whose name matches one (each target used once, first match wins). */
export function suggestMapping(headers: readonly string[], targets: readonly TargetDef[]): Record<string, string | null> {
  const used = new Set<string>();
  const out: Record<string, string | null> = {};
  for (const header of headers) {
    const h = norm(header);
    const target = targets.find((t) => !used.has(t.key) && (norm(t.key) === h || norm(t.label) === h || t.synonyms.includes(h)));
    out[header] = target?.key ?? null;
    if (target) used.add(target.key);
  }
  return out;
}

export interface CellError {
  readonly column: string | null;
  readonly message: string;
}

const split = (cell: string) =>
  cell
    .split(/[;,]/)
    .map((s) => s.trim())
    .filter(Boolean);

function isoDate(cell: string, column: string, errors: CellError[]): string | null {
  const v = cell.trim();
  if (!v) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(v) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v)) return v;
  errors.push({ column, message: `"${v.slice(0, 40)}" is not a date as YYYY-MM-DD` });
  return null;
}

function yesNo(cell: string, column: string, errors: CellError[]): boolean | undefined {
  const v = cell.trim().toLowerCase();
  if (!v) return undefined;
  if (['yes', 'y', 'true', '1'].includes(v)) return true;
  if (['no', 'n', 'false', '0'].includes(v)) return false;
  errors.push({ column, message: 'must be yes or no' });
  return undefined;
}

/** A row as named cells: only mapped columns with a non-empty cell (an empty cell changes nothing). */
export function mappedCells(headers: readonly string[], mapping: Record<string, string | null>, record: readonly string[]): Map<string, { column: string; value: string }> {
  const cells = new Map<string, { column: string; value: string }>();
  headers.forEach((header, i) => {
    const target = mapping[header];
    const value = (record[i] ?? '').trim();
    if (target && value !== '') cells.set(target, { column: header, value });
  });
  return cells;
}

function customValues(cells: Map<string, { column: string; value: string }>, fields: readonly CustomFieldRow[], errors: CellError[]): Record<string, CustomValue> {
  const out: Record<string, CustomValue> = {};
  for (const field of fields) {
    const cell = cells.get(`custom.${field.key}`);
    if (!cell) continue;
    const parsed = parseCustomValue(field, cell.value);
    if ('error' in parsed) errors.push({ column: cell.column, message: parsed.error });
    else out[field.key] = parsed.value;
  }
  return out;
}

export interface ClientRowValues {
  name?: string;
  externalId?: string;
  domains?: string[];
  status?: ClientStatus;
  tier?: string;
  clientSince?: string | null;
  terminatedOn?: string | null;
  terminationReason?: string;
  csmEmail?: string;
  sponsorEmail?: string;
  salesRep?: string;
  parentExternalId?: string;
  tags?: string[];
  customFields: Record<string, CustomValue>;
  /** Column each value came from, for row errors found later (references, matching). */
  columns: Record<string, string>;
}

const STATUS_BY_WORD = new Map<string, ClientStatus>(Object.entries(ClientStatusLabels).flatMap(([k, label]) => [[k, k as ClientStatus], [label.toLowerCase(), k as ClientStatus]]));

export function parseClientRow(cells: Map<string, { column: string; value: string }>, fields: readonly CustomFieldRow[]): { values: ClientRowValues; errors: CellError[] } {
  const errors: CellError[] = [];
  const values: ClientRowValues = { customFields: customValues(cells, fields, errors), columns: {} };
  for (const [key, { column }] of cells) values.columns[key] = column;
  const get = (k: string) => cells.get(k)?.value;
  if (get('name')) values.name = get('name')?.slice(0, 200);
  if (get('external_id')) values.externalId = get('external_id')?.slice(0, 200);
  if (get('tier')) values.tier = get('tier')?.slice(0, 40);
  if (get('termination_reason')) values.terminationReason = get('termination_reason')?.slice(0, 500);
  const status = get('status');
  if (status) {
    const s = STATUS_BY_WORD.get(status.toLowerCase());
    if (s) values.status = s;
    else errors.push({ column: values.columns.status ?? null, message: `"${status.slice(0, 40)}" is not a status; use Active, Trial, Inactive or Terminated` });
  }
  const domains = get('domains');
  if (domains) {
    values.domains = [];
    for (const d of split(domains)) {
      const parsed = Domain.safeParse(d);
      if (parsed.success) values.domains.push(parsed.data);
      else errors.push({ column: values.columns.domains ?? null, message: `"${d.slice(0, 60)}" is not a domain such as acme.com` });
    }
  }
  if (get('client_since')) values.clientSince = isoDate(get('client_since') ?? '', values.columns.client_since ?? '', errors);
  if (get('terminated_on')) values.terminatedOn = isoDate(get('terminated_on') ?? '', values.columns.terminated_on ?? '', errors);
  for (const [key, prop] of [['csm_email', 'csmEmail'], ['sponsor_email', 'sponsorEmail']] as const) {
    const v = get(key);
    if (!v) continue;
    const parsed = Email.safeParse(v);
    if (parsed.success) values[prop] = parsed.data;
    else errors.push({ column: values.columns[key] ?? null, message: `"${v.slice(0, 60)}" is not an email address` });
  }
  if (get('sales_rep')) values.salesRep = get('sales_rep');
  if (get('parent_external_id')) values.parentExternalId = get('parent_external_id');
  if (get('tags')) values.tags = [...new Set(split(get('tags') ?? '').map((t) => t.slice(0, 40)))];
  return { values, errors };
}

export interface ContactRowValues {
  firstName?: string;
  lastName?: string | null;
  emails: string[];
  phone?: string;
  title?: string;
  externalId?: string;
  clientExternalId?: string;
  clientDomain?: string;
  roles?: ContactRole[];
  doNotContact?: boolean;
  marketingOptOut?: boolean;
  customFields: Record<string, CustomValue>;
  columns: Record<string, string>;
}

const ROLE_BY_WORD = new Map<string, ContactRole>(
  Object.entries(ContactRoleLabels).flatMap(([k, label]) => [[norm(k), k as ContactRole], [norm(label), k as ContactRole]]),
);

export function parseContactRow(cells: Map<string, { column: string; value: string }>, fields: readonly CustomFieldRow[]): { values: ContactRowValues; errors: CellError[] } {
  const errors: CellError[] = [];
  const values: ContactRowValues = { emails: [], customFields: customValues(cells, fields, errors), columns: {} };
  for (const [key, { column }] of cells) values.columns[key] = column;
  const get = (k: string) => cells.get(k)?.value;
  const full = get('full_name');
  if (full) {
    const i = full.trim().lastIndexOf(' ');
    values.firstName = (i > 0 ? full.slice(0, i) : full).trim().slice(0, 100);
    values.lastName = i > 0 ? full.slice(i + 1).trim().slice(0, 100) : null;
  }
  if (get('first_name')) values.firstName = get('first_name')?.slice(0, 100);
  if (get('last_name')) values.lastName = get('last_name')?.slice(0, 100);
  if (get('title')) values.title = get('title')?.slice(0, 150);
  if (get('external_id')) values.externalId = get('external_id')?.slice(0, 200);
  if (get('phone')) values.phone = get('phone');
  if (get('client_external_id')) values.clientExternalId = get('client_external_id');
  if (get('client_domain')) {
    const parsed = Domain.safeParse(get('client_domain'));
    if (parsed.success) values.clientDomain = parsed.data;
    else errors.push({ column: values.columns.client_domain ?? null, message: 'is not a domain such as acme.com' });
  }
  for (const key of ['email', 'emails'] as const) {
    const cell = get(key);
    if (!cell) continue;
    for (const e of key === 'email' ? [cell] : split(cell)) {
      const parsed = Email.safeParse(e);
      if (parsed.success) values.emails.push(parsed.data);
      else errors.push({ column: values.columns[key] ?? null, message: `"${e.slice(0, 60)}" is not an email address` });
    }
  }
  values.emails = [...new Set(values.emails)];
  const roles = get('roles');
  if (roles) {
    values.roles = [];
    for (const r of split(roles)) {
      const role = ROLE_BY_WORD.get(norm(r));
      if (role) values.roles.push(role);
      else errors.push({ column: values.columns.roles ?? null, message: `"${r.slice(0, 40)}" is not a contact role` });
    }
  }
  const dnc = yesNo(get('do_not_contact') ?? '', values.columns.do_not_contact ?? '', errors);
  if (dnc !== undefined) values.doNotContact = dnc;
  const optOut = yesNo(get('marketing_opt_out') ?? '', values.columns.marketing_opt_out ?? '', errors);
  if (optOut !== undefined) values.marketingOptOut = optOut;
  return { values, errors };
}
