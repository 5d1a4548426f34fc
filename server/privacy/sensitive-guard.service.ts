import type { Ctx } from '../context.js';
import { AppError } from '../errors.js';
import { recordAudit } from '../modules/audit/audit.service.js';
import { toIso } from '../lib/clock.js';
import { authorize } from '../modules/access/access.policy.js';
import { findSensitivePolicy, listSensitiveCounts, recordSensitiveCounts } from './sensitive-guard.repo.js';
import { redactField, scanFields, SENSITIVE_CATEGORY_LABELS, type FieldInput, type SensitiveCategory, type SensitiveFinding } from './sensitive-data.js';

/** Where Customer Data came in; counts are kept per source so an admin sees which door it used. */
export type GuardSource = 'api' | 'import' | 'note' | 'task' | 'custom_field' | 'tracker' | 'email';

export interface Inspection {
  readonly findings: SensitiveFinding[];
  /** The value to store for each field path: the original, or the redacted text. */
  readonly values: Map<string, string>;
}

/**
 * Pure half of the guard: finds sensitive values and, under `redact`, produces the text to store.
 * The import uses this per row, so a rejected row becomes a row error instead of an exception.
 */
export function inspectCustomerData(policy: 'reject' | 'redact', fields: readonly FieldInput[]): Inspection {
  const findings = scanFields(fields);
  const values = new Map(fields.map((f) => [f.path, f.value]));
  if (findings.length > 0 && policy === 'redact') {
    for (const field of fields) {
      const own = findings.filter((f) => f.path === field.path);
      if (own.length > 0) values.set(field.path, redactField(field, own));
    }
  }
  return { findings, values };
}

/** "a payment card number (body.name), a password (body.customFields.notes)". */
export function describeFindings(findings: readonly SensitiveFinding[]): string {
  const seen = new Map<SensitiveCategory, string[]>();
  for (const f of findings) seen.set(f.category, [...(seen.get(f.category) ?? []), f.path]);
  return [...seen].map(([category, paths]) => `${SENSITIVE_CATEGORY_LABELS[category].toLowerCase()} (${[...new Set(paths)].join(', ')})`).join(', ');
}

/**
 * The chokepoint every Customer Data write passes (P07): API and UI writes, notes, tasks, custom
 * fields; imports go through `inspectCustomerData` per row and report here in bulk. Card numbers,
 * security codes, bank accounts, government ids, passwords and health information are refused
 * (policy `reject`, 400 listing what and where, never the value) or replaced by a marker (policy
 * `redact`), and counted per category. Call it before opening the write's transaction: the counts
 * must survive the rejected write.
 */
export async function guardCustomerData(ctx: Ctx, source: GuardSource, fields: readonly FieldInput[]): Promise<Map<string, string>> {
  const policy = await findSensitivePolicy(ctx);
  const { findings, values } = inspectCustomerData(policy, fields);
  if (findings.length === 0) return values;
  await reportSensitiveFindings(ctx, source, policy === 'reject' ? 'rejected' : 'redacted', findings);
  if (policy === 'reject') {
    throw new AppError(
      'sensitive_data_rejected',
      `This looks like ${describeFindings(findings)}. Candor does not store that kind of data; remove it and save again.`,
      { findings: findings.map((f) => ({ path: f.path, category: f.category, hint: f.hint })) },
    );
  }
  return values;
}

/** Counts what the guard blocked and writes one audit entry naming categories and places, never values. */
export async function reportSensitiveFindings(ctx: Ctx, source: GuardSource, action: 'rejected' | 'redacted', findings: readonly SensitiveFinding[]): Promise<void> {
  if (findings.length === 0) return;
  const byCategory = new Map<string, number>();
  for (const f of findings) byCategory.set(f.category, (byCategory.get(f.category) ?? 0) + 1);
  await recordSensitiveCounts(ctx, source, action, byCategory);
  await recordAudit(ctx, {
    action: `sensitive_data.${action}`,
    outcome: action === 'rejected' ? 'failure' : 'success',
    details: { source, categories: [...byCategory.keys()].sort().join(','), count: findings.length },
  });
}

/** The counters for the workspace settings page: numbers per category, never values. */
export async function sensitiveCounts(ctx: Ctx) {
  authorize(ctx, 'sensitive:read');
  const rows = await listSensitiveCounts(ctx);
  return {
    policy: await findSensitivePolicy(ctx),
    items: rows.map((r) => ({
      category: r.category,
      label: SENSITIVE_CATEGORY_LABELS[r.category as SensitiveCategory] ?? r.category,
      action: r.action,
      source: r.source,
      count: Number(r.count),
      lastAt: toIso(r.last_at),
    })),
  };
}

/** What clients and contacts share: an external id and custom values, under `body.`. */
interface RecordExtras {
  externalId?: string | null | undefined;
  customFields?: Record<string, unknown> | undefined;
}

/** The guard's inputs for a record's external id and custom values (text, numbers and lists). */
export function extraFieldsToGuard(input: RecordExtras): FieldInput[] {
  const fields: FieldInput[] = [];
  // An SSN or a card number used as the id in another system is still one (P07).
  if (input.externalId) fields.push({ path: 'body.externalId', key: 'external id', value: input.externalId });
  for (const [key, value] of Object.entries(input.customFields ?? {})) {
    if (typeof value === 'string') fields.push({ path: `body.customFields.${key}`, key, value });
    // Numbers too: a card number or an SSN typed into a number field would otherwise be stored in clear (P07).
    if (typeof value === 'number') fields.push({ path: `body.customFields.${key}`, key, value: String(value) });
    if (Array.isArray(value)) value.forEach((v, i) => fields.push({ path: `body.customFields.${key}.${i}`, key, value: String(v) }));
  }
  return fields;
}

/** Applies the guard's verdict to a record's external id and custom values, in place on `out`. */
export function applyGuardToExtras(input: RecordExtras, out: RecordExtras, values: Map<string, string>): void {
  // An id with a marker in it would match nothing and collide with the next id redacted alike: under `redact` a sensitive id is not stored at all.
  if (input.externalId && (values.get('body.externalId') ?? input.externalId) !== input.externalId) out.externalId = null;
  const custom = input.customFields ? { ...input.customFields } : undefined;
  for (const [key, value] of Object.entries(input.customFields ?? {})) {
    if (!custom) break;
    if (typeof value === 'string') custom[key] = values.get(`body.customFields.${key}`) ?? value;
    // A number cannot hold a redaction marker: under `redact` a sensitive number is not stored at all.
    if (typeof value === 'number' && (values.get(`body.customFields.${key}`) ?? String(value)) !== String(value)) delete custom[key];
    if (Array.isArray(value)) custom[key] = value.map((v, i) => values.get(`body.customFields.${key}.${i}`) ?? v);
  }
  if (custom) out.customFields = custom;
}
