import { z } from 'zod';
import { IsoTime, RecordId } from './common.js';

/**
 * The client grid: columns come from one registry (standard fields, calculated values, custom
 * fields, and later revenue and health), each with a type that decides its filter operators.
 */
export const ColumnType = z.enum(['text', 'number', 'currency', 'date', 'datetime', 'enum', 'tags', 'member', 'ref', 'boolean', 'url', 'days', 'list']);
export type ColumnType = z.infer<typeof ColumnType>;

export const Operator = z.enum([
  'eq',
  'neq',
  'contains',
  'not_contains',
  'starts_with',
  'is_empty',
  'is_not_empty',
  'gt',
  'gte',
  'lt',
  'lte',
  'between',
  'in',
  'not_in',
  'before',
  'after',
  'on',
  'in_last_days',
  'in_next_days',
  'more_than_days_ago',
  'has_any',
  'has_all',
  'has_none',
  'is_true',
  'is_false',
  'is_me',
  'in_my_team',
]);
export type Operator = z.infer<typeof Operator>;

export const OperatorLabels: Record<Operator, string> = {
  eq: 'is',
  neq: 'is not',
  contains: 'contains',
  not_contains: 'does not contain',
  starts_with: 'starts with',
  is_empty: 'is empty',
  is_not_empty: 'is not empty',
  gt: 'is more than',
  gte: 'is at least',
  lt: 'is less than',
  lte: 'is at most',
  between: 'is between',
  in: 'is any of',
  not_in: 'is none of',
  before: 'is before',
  after: 'is after',
  on: 'is on',
  in_last_days: 'is in the last … days',
  in_next_days: 'is in the next … days',
  more_than_days_ago: 'is more than … days ago',
  has_any: 'has any of',
  has_all: 'has all of',
  has_none: 'has none of',
  is_true: 'is yes',
  is_false: 'is no',
  is_me: 'is me',
  in_my_team: 'is in my team',
};

export const GridColumn = z.object({
  key: z.string(),
  label: z.string(),
  type: ColumnType,
  group: z.enum(['standard', 'calculated', 'custom']),
  sortable: z.boolean(),
  operators: z.array(Operator),
  options: z.array(z.object({ value: z.string(), label: z.string() })).optional(),
  currency: z.string().optional(),
});
export type GridColumn = z.infer<typeof GridColumn>;

export const FilterValue = z.union([z.string().max(500), z.number(), z.boolean(), z.array(z.union([z.string().max(500), z.number()])).max(100), z.null()]);

export const Condition = z.object({ column: z.string().max(80), op: Operator, value: FilterValue.optional() }).strict();
export type Condition = z.infer<typeof Condition>;

export interface FilterGroup {
  op: 'and' | 'or';
  conditions: (Condition | FilterGroup)[];
}
/**
 * A group's elements are told apart by `op` (and/or for a group, an operator for a condition),
 * so a bad element fails with an error at its `op` or field rather than a bare "Invalid input"
 * from a union that tried both shapes.
 */
export const FilterGroup: z.ZodType<FilterGroup> = z
  .lazy(() =>
    z.object({ op: z.enum(['and', 'or']), conditions: z.array(z.discriminatedUnion('op', [Condition, FilterGroup as z.ZodType<FilterGroup> & typeof Condition])).max(30) }).strict(),
  )
  // A recursive schema needs a name in the OpenAPI document: its groups refer to it by
  // `#/components/schemas/FilterGroup` (FilterGroupInput for requests).
  .meta({ id: 'FilterGroup', description: 'An and/or group of conditions; groups nest at most three levels' });

export const SortItem = z.object({ column: z.string().max(80), dir: z.enum(['asc', 'desc']) }).strict();

/** What a segment saves and what the grid asks for: filter, sort and the visible columns. */
export const GridView = z
  .object({
    filter: FilterGroup.optional(),
    sort: z.array(SortItem).max(3).default([]),
    columns: z.array(z.string().max(80)).max(40).default(['name', 'status', 'csm', 'last_touch']),
  })
  .strict();
export type GridView = z.infer<typeof GridView>;

export const GridQueryBody = z
  .object({
    segmentId: RecordId.optional().describe('Start from a saved or standard segment; filter, sort and columns given here replace its own'),
    filter: FilterGroup.optional(),
    sort: z.array(SortItem).max(3).optional(),
    columns: z.array(z.string().max(80)).max(40).optional(),
    q: z.string().trim().max(200).optional().describe('Quick search on name and domains'),
    limit: z.number().int().min(1).max(200).default(50),
    offset: z.number().int().min(0).max(1_000_000).default(0),
    total: z
      .boolean()
      .default(true)
      .describe('Count every matching row. False answers with the page and `hasMore` only; POST /api/v1/clients/count gives the total on its own'),
  })
  .strict()
  .meta({
    example: {
      filter: { op: 'and', conditions: [{ column: 'status', op: 'in', value: ['active', 'trial'] }, { column: 'days_since_last_touch', op: 'gt', value: 30 }] },
      sort: [{ column: 'last_touch', dir: 'asc' }],
      columns: ['name', 'status', 'csm', 'last_touch'],
      limit: 50,
      total: false,
    },
  });
export type GridQueryBody = z.input<typeof GridQueryBody>;

export const GridRow = z.object({ id: z.string(), values: z.record(z.string(), z.unknown()) });
export const GridPage = z.object({
  columns: z.array(GridColumn).describe('The columns of the rows, in order'),
  rows: z.array(GridRow),
  total: z.number().int().nullable().describe('Every matching row; null when the request asked not to count'),
  hasMore: z.boolean().describe('Rows follow this page'),
  view: GridView.describe('The view that produced the page (the segment’s, with what the request replaced)'),
});

export const GridColumns = z.object({ items: z.array(GridColumn) });

export const SegmentView = z.object({
  id: z.string(),
  name: z.string(),
  scope: z.enum(['standard', 'personal', 'global']),
  view: GridView,
  owner: z.object({ id: z.string(), name: z.string() }).nullable(),
  canEdit: z.boolean(),
  updatedAt: IsoTime.nullable(),
});
export type SegmentView = z.infer<typeof SegmentView>;
export const SegmentList = z.object({ items: z.array(SegmentView) });
export const CreateSegmentBody = z
  .object({ name: z.string().trim().min(1, 'must not be empty').max(80), scope: z.enum(['personal', 'global']).default('personal'), view: GridView })
  .strict();
export const UpdateSegmentBody = z
  .object({ name: z.string().trim().min(1).max(80).optional(), scope: z.enum(['personal', 'global']).optional(), view: GridView.optional() })
  .strict();

export const ExportBody = GridQueryBody.omit({ limit: true, offset: true, total: true });

/** What a total depends on: which clients, not their order, columns or page. */
export const GridCountBody = GridQueryBody.pick({ segmentId: true, filter: true, q: true }).strict();
export type GridCountBody = z.input<typeof GridCountBody>;
export const GridCount = z.object({ total: z.number().int() });
