import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { ClientStatusLabels } from '../../../contract/clients.js';
import type { ColumnType, Condition, GridColumn, Operator } from '../../../contract/grid.js';
import type { Ctx } from '../../context.js';
import { AppError } from '../../errors.js';
import type { CustomFieldRow } from '../custom-fields/custom-fields.repo.js';

/**
 * The client grid's columns. Each column is a typed SQL value over the `client` row; its type
 * decides the filter operators and how a cell is presented. Standard fields, calculated values
 * and custom fields are listed here; later features (revenue, health) add theirs through
 * `registerClientColumns`, so the grid, segments and exports pick them up unchanged.
 */
export interface GridEnv {
  readonly ctx: Ctx;
  readonly now: number;
  /** Today as YYYY-MM-DD (UTC). */
  readonly today: string;
  readonly me: string;
  readonly myTeam: readonly string[];
}

export interface ColumnSpec {
  readonly key: string;
  readonly label: string;
  readonly type: ColumnType;
  readonly group: 'standard' | 'calculated' | 'custom';
  readonly sortable: boolean;
  readonly options?: { value: string; label: string }[];
  readonly currency?: string;
  /** The cell's value in SQL; also what generic filters and sorts use. */
  value(env: GridEnv): RawBuilder<unknown>;
  /**
   * A filter that the generic compiler cannot express (tags, domains), or expresses in a form no
   * index serves; `undefined` leaves the condition to the generic compiler.
   */
  filter?(env: GridEnv, cond: Condition): RawBuilder<SqlBool> | undefined;
  /** The expression to sort on, when it differs from the value (a member sorts by name). */
  sortValue?(env: GridEnv): RawBuilder<unknown>;
  /**
   * `sortValue` runs the other way from the value: days since last touch sorts on last touch,
   * newest first for "fewest days", so the sort walks an index instead of computing every row.
   */
  readonly sortInverted?: boolean;
  /** The column is never null, so a sort needs no NULLS LAST (which would stop PostgreSQL walking an index). */
  readonly notNull?: boolean;
}

export const OPERATORS_BY_TYPE: Record<ColumnType, Operator[]> = {
  text: ['contains', 'not_contains', 'eq', 'neq', 'starts_with', 'is_empty', 'is_not_empty'],
  url: ['contains', 'not_contains', 'eq', 'is_empty', 'is_not_empty'],
  number: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'between', 'is_empty', 'is_not_empty'],
  currency: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'between', 'is_empty', 'is_not_empty'],
  days: ['gt', 'gte', 'lt', 'lte', 'between', 'is_empty', 'is_not_empty'],
  date: ['on', 'before', 'after', 'between', 'in_last_days', 'in_next_days', 'more_than_days_ago', 'is_empty', 'is_not_empty'],
  datetime: ['before', 'after', 'between', 'in_last_days', 'more_than_days_ago', 'is_empty', 'is_not_empty'],
  enum: ['in', 'not_in'],
  tags: ['has_any', 'has_all', 'has_none', 'is_empty', 'is_not_empty'],
  list: ['has_any', 'has_all', 'has_none', 'is_empty', 'is_not_empty'],
  member: ['in', 'not_in', 'is_me', 'in_my_team', 'is_empty', 'is_not_empty'],
  ref: ['in', 'not_in', 'is_empty', 'is_not_empty'],
  boolean: ['is_true', 'is_false'],
};

const DAY = 86_400_000;
const col = (name: string) => sql.ref(`client.${name}`);

function memberName(idExpr: RawBuilder<unknown>) {
  return sql`(select u.name from membership m join user_account u on u.id = m.user_id where m.workspace_id = client.workspace_id and m.id = ${idExpr})`;
}

/** A client-owned list in a side table (tags, domains): filters become EXISTS subqueries. */
function sideListFilter(table: 'client_tag' | 'client_domain', column: 'tag' | 'domain') {
  return (_env: GridEnv, cond: Condition): RawBuilder<SqlBool> => {
    const rows = sql`select 1 from ${sql.table(table)} s where s.workspace_id = client.workspace_id and s.client_id = client.id`;
    // Distinct: `has_all` compares a count of distinct matches with the number of values, so ["vip", "VIP"] must count once.
    const values = Array.isArray(cond.value) ? [...new Set(cond.value.map((v) => String(v).toLowerCase()))] : [];
    const list = sql.join(values.map((v) => sql`${v}`));
    switch (cond.op) {
      case 'is_empty':
        return sql<SqlBool>`not exists (${rows})`;
      case 'is_not_empty':
        return sql<SqlBool>`exists (${rows})`;
      case 'has_any':
        return sql<SqlBool>`exists (${rows} and lower(s.${sql.ref(column)}) in (${list}))`;
      case 'has_none':
        return sql<SqlBool>`not exists (${rows} and lower(s.${sql.ref(column)}) in (${list}))`;
      case 'has_all':
        return sql<SqlBool>`(select count(distinct lower(s.${sql.ref(column)})) from ${sql.table(table)} s where s.workspace_id = client.workspace_id and s.client_id = client.id and lower(s.${sql.ref(column)}) in (${list})) = ${values.length}`;
      default:
        throw new AppError('validation_failed', `${cond.op} is not an operator for ${column}s.`);
    }
  };
}

const STANDARD: ColumnSpec[] = [
  { key: 'name', label: 'Name', type: 'text', group: 'standard', sortable: true, notNull: true, value: () => col('name') },
  {
    key: 'status',
    label: 'Status',
    type: 'enum',
    group: 'standard',
    sortable: true,
    notNull: true,
    options: Object.entries(ClientStatusLabels).map(([value, label]) => ({ value, label })),
    value: () => col('status'),
  },
  { key: 'tier', label: 'Tier', type: 'text', group: 'standard', sortable: true, value: () => col('tier') },
  { key: 'csm', label: 'CSM', type: 'member', group: 'standard', sortable: true, value: () => col('csm_membership_id'), sortValue: () => memberName(col('csm_membership_id')) },
  {
    key: 'sponsor',
    label: 'Executive sponsor',
    type: 'member',
    group: 'standard',
    sortable: true,
    value: () => col('sponsor_membership_id'),
    sortValue: () => memberName(col('sponsor_membership_id')),
  },
  {
    key: 'sales_rep',
    label: 'Sales rep',
    type: 'ref',
    group: 'standard',
    sortable: true,
    value: () => col('sales_rep_id'),
    sortValue: () => sql`(select r.name from sales_rep r where r.workspace_id = client.workspace_id and r.id = client.sales_rep_id)`,
  },
  {
    key: 'parent',
    label: 'Parent client',
    type: 'ref',
    group: 'standard',
    sortable: true,
    value: () => col('parent_client_id'),
    sortValue: () => sql`(select p.name from client p where p.workspace_id = client.workspace_id and p.id = client.parent_client_id)`,
  },
  { key: 'domains', label: 'Domains', type: 'list', group: 'standard', sortable: false, value: () => sql`null`, filter: sideListFilter('client_domain', 'domain') },
  { key: 'tags', label: 'Tags', type: 'tags', group: 'standard', sortable: false, value: () => sql`null`, filter: sideListFilter('client_tag', 'tag') },
  { key: 'client_since', label: 'Client since', type: 'date', group: 'standard', sortable: true, value: () => col('client_since') },
  { key: 'terminated_on', label: 'Terminated on', type: 'date', group: 'standard', sortable: true, value: () => col('terminated_on') },
  { key: 'external_id', label: 'External id', type: 'text', group: 'standard', sortable: true, value: () => col('external_id') },
  { key: 'created_at', label: 'Added', type: 'datetime', group: 'standard', sortable: true, notNull: true, value: () => col('created_at') },
  { key: 'updated_at', label: 'Last changed', type: 'datetime', group: 'standard', sortable: true, notNull: true, value: () => col('updated_at') },
];

const CALCULATED: ColumnSpec[] = [
  { key: 'last_touch', label: 'Last touch', type: 'datetime', group: 'calculated', sortable: true, value: () => col('last_touch_at') },
  {
    key: 'days_since_last_touch',
    label: 'Days since last touch',
    type: 'days',
    group: 'calculated',
    sortable: true,
    value: (env) => sql`(case when client.last_touch_at is null then null else (${env.now} - client.last_touch_at) / ${DAY} end)`,
    filter: quietFor,
    sortValue: () => col('last_touch_at'),
    sortInverted: true,
  },
  {
    key: 'open_tasks',
    label: 'Open tasks',
    type: 'number',
    group: 'calculated',
    sortable: true,
    value: () => sql`(select count(*) from task t where t.workspace_id = client.workspace_id and t.client_id = client.id and t.status in ('open', 'in_progress'))`,
  },
  {
    key: 'contacts',
    label: 'Contacts',
    type: 'number',
    group: 'calculated',
    sortable: true,
    value: () => sql`(select count(*) from client_contact cc where cc.workspace_id = client.workspace_id and cc.client_id = client.id)`,
  },
];

/**
 * "More than N days since last touch" as a range of last touch, which the last-touch indexes serve
 * (the computed day count is worked out for every client). The day count truncates, so more than
 * 30.5 days means at least 31 whole days: last touched at or before now − 31 days. A client never
 * touched has no day count and matches neither form. Other operators use the generic compiler.
 */
function quietFor(env: GridEnv, cond: Condition): RawBuilder<SqlBool> | undefined {
  const days = typeof cond.value === 'number' ? cond.value : Number.NaN;
  if (cond.op === 'gt' && days >= 0) return sql<SqlBool>`client.last_touch_at <= ${env.now - (Math.floor(days) + 1) * DAY}`;
  if (cond.op === 'gte' && days > 0) return sql<SqlBool>`client.last_touch_at <= ${env.now - Math.ceil(days) * DAY}`;
  return undefined;
}

const CUSTOM_TYPE: Record<CustomFieldRow['type'], ColumnType> = {
  text: 'text',
  number: 'number',
  currency: 'currency',
  date: 'date',
  single_select: 'enum',
  multi_select: 'tags',
  boolean: 'boolean',
  url: 'url',
};

/** A custom field as a grid column: its value is read out of the JSON column. */
export function customFieldColumn(env: Pick<GridEnv, 'ctx'>, field: CustomFieldRow): ColumnSpec {
  const caps = env.ctx.rt.caps;
  const type = CUSTOM_TYPE[field.type];
  const options = (JSON.parse(field.options) as string[]).map((o) => ({ value: o, label: o }));
  const as = type === 'number' || type === 'currency' ? 'number' : type === 'boolean' ? 'boolean' : 'text';
  const spec: ColumnSpec = {
    key: `custom.${field.key}`,
    label: field.label,
    type,
    group: 'custom',
    sortable: type !== 'tags',
    ...(options.length > 0 ? { options } : {}),
    ...(field.currency ? { currency: field.currency } : {}),
    value: () => caps.jsonMember('client.custom_fields', field.key, as),
  };
  if (type === 'tags') {
    // A multi-select is stored as a JSON array; each option is matched as a quoted string inside it.
    return {
      ...spec,
      value: () => caps.jsonMember('client.custom_fields', field.key, 'text'),
      filter: (_env, cond) => {
        const raw = caps.jsonMember('client.custom_fields', field.key, 'text');
        // Stored values are the options as defined (see parseCustomValue); matching a value to its option
        // keeps `billing` finding "Billing" on PostgreSQL too, where LIKE is case-sensitive (SQLite's is not).
        const canonical = (v: string) => options.find((o) => o.value.toLowerCase() === v.toLowerCase())?.value ?? v;
        const values = Array.isArray(cond.value) ? cond.value.map((v) => canonical(String(v))) : [];
        const has = (v: string) => sql<SqlBool>`coalesce(${raw}, '') like ${`%${JSON.stringify(v).replace(/[%_\\]/g, (c) => `\\${c}`)}%`} escape '\\'`;
        switch (cond.op) {
          case 'is_empty':
            return sql<SqlBool>`(${raw} is null or ${raw} = '[]')`;
          case 'is_not_empty':
            return sql<SqlBool>`(${raw} is not null and ${raw} <> '[]')`;
          case 'has_any':
            return sql<SqlBool>`(${sql.join(values.map(has), sql` or `)})`;
          case 'has_all':
            return sql<SqlBool>`(${sql.join(values.map(has), sql` and `)})`;
          case 'has_none':
            return sql<SqlBool>`not (${sql.join(values.map(has), sql` or `)})`;
          default:
            throw new AppError('validation_failed', `${cond.op} is not an operator for ${field.label}.`);
        }
      },
    };
  }
  return spec;
}

type ColumnProvider = (env: Pick<GridEnv, 'ctx'>) => Promise<ColumnSpec[]> | ColumnSpec[];
const providers = new Set<ColumnProvider>();

/** Adds columns from another feature (revenue, health, usage) to the client grid; adding the same provider again changes nothing. */
export function registerClientColumns(provider: ColumnProvider): void {
  providers.add(provider);
}

/** Every column of the client grid for this workspace, in display order. */
export async function clientColumns(env: Pick<GridEnv, 'ctx'>, customFields: CustomFieldRow[]): Promise<ColumnSpec[]> {
  const extra = (await Promise.all([...providers].map((p) => p(env)))).flat();
  return [...STANDARD, ...CALCULATED, ...extra, ...customFields.map((f) => customFieldColumn(env, f))];
}

export function describeColumn(spec: ColumnSpec): GridColumn {
  return {
    key: spec.key,
    label: spec.label,
    type: spec.type,
    group: spec.group,
    sortable: spec.sortable,
    operators: OPERATORS_BY_TYPE[spec.type],
    ...(spec.options ? { options: spec.options } : {}),
    ...(spec.currency ? { currency: spec.currency } : {}),
  };
}
