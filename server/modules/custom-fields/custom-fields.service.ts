import type { z } from 'zod';
import type { CreateCustomFieldBody, CustomFieldView, UpdateCustomFieldBody } from '../../../contract/custom-fields.js';
import { CalendarDate } from '../../../contract/clients.js';
import { inTransaction, memberOf, type Ctx } from '../../context.js';
import { AppError, notFound } from '../../errors.js';
import { toIso } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { hasChanges } from '../../lib/patch.js';
import { authorize } from '../access/access.policy.js';
import { recordAudit } from '../audit/audit.service.js';
import { recordEvent } from '../events/events.service.js';
import { countUsesOfOption, findCustomField, insertCustomField, listCustomFields, updateCustomField, type CustomFieldRow } from './custom-fields.repo.js';

export type CustomValue = string | number | boolean | string[] | null;
export type CustomValues = Record<string, CustomValue>;

function present(row: CustomFieldRow): CustomFieldView {
  return {
    id: row.id,
    entity: row.entity,
    key: row.key,
    label: row.label,
    type: row.type,
    options: JSON.parse(row.options) as string[],
    currency: row.currency,
    required: row.required === 1,
    position: row.position,
    archived: row.archived_at !== null,
    createdAt: toIso(row.created_at),
  };
}

export async function listFieldViews(ctx: Ctx, entity: 'client' | 'contact', includeArchived: boolean): Promise<CustomFieldView[]> {
  authorize(ctx, 'client:read');
  return (await listCustomFields(ctx, entity, includeArchived)).map(present);
}

/** `Annual contract value` → `annual_contract_value`, so a field has a stable name in filters and CSVs. */
export function keyFromLabel(label: string): string {
  const key = label
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .replace(/^([0-9])/, 'f_$1')
    .slice(0, 40);
  return key || 'field';
}

export async function createField(ctx: Ctx, input: z.output<typeof CreateCustomFieldBody>): Promise<CustomFieldView> {
  authorize(ctx, 'customfield:manage');
  const key = input.key ?? keyFromLabel(input.label);
  const existing = await listCustomFields(ctx, input.entity, true);
  if (existing.some((f) => f.key === key)) {
    throw new AppError('validation_failed', `body.key: a ${input.entity} field named "${key}" already exists; choose another key.`, { field: 'key' });
  }
  const now = ctx.rt.clock.now();
  const id = newId('customField');
  await inTransaction(ctx, async (tx) => {
    await insertCustomField(tx, {
      id,
      entity: input.entity,
      key,
      label: input.label,
      type: input.type,
      options: JSON.stringify(input.type === 'single_select' || input.type === 'multi_select' ? [...new Set(input.options)] : []),
      currency: input.type === 'currency' ? (input.currency ?? null) : null,
      required: input.required ? 1 : 0,
      position: existing.length,
      archived_at: null,
      created_at: now,
      updated_at: now,
    });
    await recordEvent({ ...tx, actorUserId: memberOf(ctx).userId }, { type: 'custom_field.created', subjectType: 'custom_field', subjectId: id, payload: { key, type: input.type } });
    await recordAudit(tx, { action: 'custom_field.created', subjectType: 'custom_field', subjectId: id, details: { key, type: input.type } });
  });
  const row = await findCustomField(ctx, id);
  if (!row) throw new Error('custom field vanished after insert');
  return present(row);
}

export async function changeField(ctx: Ctx, id: string, input: z.output<typeof UpdateCustomFieldBody>): Promise<CustomFieldView> {
  authorize(ctx, 'customfield:manage');
  const row = await findCustomField(ctx, id);
  if (!row) throw notFound('custom field');
  if (!hasChanges(input)) return present(row);
  if (input.options) {
    const before = JSON.parse(row.options) as string[];
    for (const removed of before.filter((o) => !input.options?.includes(o))) {
      const uses = await countUsesOfOption(ctx, row.entity, row.key, removed);
      if (uses > 0) {
        throw new AppError('validation_failed', `body.options: "${removed}" is still used by ${uses} ${row.entity}${uses === 1 ? '' : 's'}; change those first.`, { field: 'options' });
      }
    }
  }
  await inTransaction(ctx, async (tx) => {
    await updateCustomField(tx, id, {
      ...(input.label !== undefined ? { label: input.label } : {}),
      ...(input.options !== undefined ? { options: JSON.stringify([...new Set(input.options)]) } : {}),
      ...(input.required !== undefined ? { required: input.required ? 1 : 0 } : {}),
      ...(input.position !== undefined ? { position: input.position } : {}),
      ...(input.archived !== undefined ? { archived_at: input.archived ? ctx.rt.clock.now() : null } : {}),
      updated_at: ctx.rt.clock.now(),
    });
    const fields = Object.keys(input).sort().join(',');
    await recordEvent({ ...tx, actorUserId: memberOf(ctx).userId }, { type: 'custom_field.updated', subjectType: 'custom_field', subjectId: id, payload: { fields } });
    await recordAudit(tx, { action: 'custom_field.updated', subjectType: 'custom_field', subjectId: id, details: { fields } });
  });
  const updated = await findCustomField(ctx, id);
  if (!updated) throw notFound('custom field');
  return present(updated);
}

/**
 * Parses a custom-field value as it arrives from a form, the API or a CSV cell. Returns the value to
 * store or a reason. Currency amounts are integer minor units; a CSV cell like "1,200.50" is read as
 * 120050 without floating-point rounding.
 */
export function parseCustomValue(field: Pick<CustomFieldRow, 'type' | 'options' | 'label'>, raw: unknown): { value: CustomValue } | { error: string } {
  if (raw === null || raw === undefined || raw === '') return { value: null };
  const options = JSON.parse(field.options) as string[];
  switch (field.type) {
    case 'text':
      return typeof raw === 'string' && raw.length <= 2000 ? { value: raw.trim() } : { error: 'must be text of at most 2000 characters' };
    case 'number': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw.replace(/,/g, '').trim()) : Number.NaN;
      return Number.isFinite(n) ? { value: n } : { error: 'must be a number' };
    }
    case 'currency': {
      if (typeof raw === 'number') return Number.isInteger(raw) ? { value: raw } : { error: 'must be a whole number of minor units (cents)' };
      const m = typeof raw === 'string' ? /^\s*-?[^\d-]*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\s*$/.exec(raw) : null;
      if (!m?.[1]) return { error: 'must be an amount such as 1200 or 1,200.50' };
      const minor = Number(m[1].replace(/,/g, '')) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
      return { value: String(raw).trim().startsWith('-') ? -minor : minor };
    }
    case 'date': {
      const parsed = CalendarDate.safeParse(typeof raw === 'string' ? raw.trim() : raw);
      return parsed.success ? { value: parsed.data } : { error: 'must be a date as YYYY-MM-DD' };
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return { value: raw };
      const s = String(raw).trim().toLowerCase();
      if (['true', 'yes', 'y', '1'].includes(s)) return { value: true };
      if (['false', 'no', 'n', '0'].includes(s)) return { value: false };
      return { error: 'must be yes or no' };
    }
    case 'url': {
      try {
        const url = new URL(String(raw).trim());
        return url.protocol === 'https:' || url.protocol === 'http:' ? { value: url.toString() } : { error: 'must be an http or https link' };
      } catch {
        return { error: 'must be a link such as https://example.com' };
      }
    }
    case 'single_select': {
      const s = String(raw).trim();
      const match = options.find((o) => o.toLowerCase() === s.toLowerCase());
      return match ? { value: match } : { error: `must be one of: ${options.join(', ')}` };
    }
    case 'multi_select': {
      const items = Array.isArray(raw) ? raw.map(String) : String(raw).split(/[;|]/);
      const picked: string[] = [];
      for (const item of items.map((i) => i.trim()).filter(Boolean)) {
        const match = options.find((o) => o.toLowerCase() === item.toLowerCase());
        if (!match) return { error: `"${item}" is not one of: ${options.join(', ')}` };
        if (!picked.includes(match)) picked.push(match);
      }
      return { value: picked };
    }
  }
}

/**
 * Checks incoming values against the workspace's fields and merges them over `current`. Unknown
 * keys, wrong types and missing required fields are one 400 listing every problem.
 */
export function mergeCustomValues(
  fields: CustomFieldRow[],
  incoming: Record<string, unknown>,
  current: CustomValues = {},
  options: { requireAll: boolean; pathPrefix?: string } = { requireAll: false },
): CustomValues {
  const prefix = options.pathPrefix ?? 'body.customFields';
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const issues: { path: string; message: string }[] = [];
  const merged: CustomValues = { ...current };
  for (const [key, raw] of Object.entries(incoming)) {
    const field = byKey.get(key);
    if (!field) {
      issues.push({ path: `${prefix}.${key}`, message: 'is not a field of this workspace' });
      continue;
    }
    const parsed = parseCustomValue(field, raw);
    if ('error' in parsed) issues.push({ path: `${prefix}.${key}`, message: parsed.error });
    else if (parsed.value === null) delete merged[key];
    else merged[key] = parsed.value;
  }
  if (options.requireAll) {
    for (const field of fields.filter((f) => f.required === 1)) {
      const v = merged[field.key];
      if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) issues.push({ path: `${prefix}.${field.key}`, message: `is required (${field.label})` });
    }
  }
  if (issues.length > 0) throw new AppError('validation_failed', issues.map((i) => `${i.path}: ${i.message}`).join('; '), { issues });
  return merged;
}
