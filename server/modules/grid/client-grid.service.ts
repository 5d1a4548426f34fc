import type { z } from 'zod';
import type { ExportBody, GridColumn, GridCountBody, GridQueryBody, GridView } from '../../../contract/grid.js';
import type { Ctx } from '../../context.js';
import { toIso } from '../../lib/clock.js';
import { csvLine } from '../../lib/csv.js';
import { authorize } from '../access/access.policy.js';
import { clientScope } from '../access/visibility.js';
import { recordAudit } from '../audit/audit.service.js';
import { getSegment } from '../segments/segments.service.js';
import { describeColumn, type ColumnSpec, type GridEnv } from './client-columns.repo.js';
import { countGrid, loadGridLookups, selectGridPage, type GridSelection } from './client-grid.repo.js';
import { columnMap, compileView, gridEnv } from './client-grid.view.js';

/** Every column the client grid offers here, with its filter operators. */
export async function listClientColumns(ctx: Ctx): Promise<GridColumn[]> {
  authorize(ctx, 'client:read');
  return [...(await columnMap(await gridEnv(ctx))).values()].map(describeColumn);
}

/** The segment's view with what the request replaces. */
async function resolveView(ctx: Ctx, body: { segmentId?: string | undefined; filter?: GridView['filter']; sort?: GridView['sort'] | undefined; columns?: string[] | undefined }): Promise<GridView> {
  const base: GridView = body.segmentId ? (await getSegment(ctx, body.segmentId)).view : { sort: [{ column: 'name', dir: 'asc' }], columns: ['name', 'status', 'csm', 'last_touch'] };
  return {
    ...(body.filter !== undefined ? { filter: body.filter } : base.filter !== undefined ? { filter: base.filter } : {}),
    sort: body.sort ?? base.sort,
    columns: body.columns ?? base.columns,
  };
}

interface Prepared {
  readonly env: GridEnv;
  readonly view: GridView;
  readonly columns: ColumnSpec[];
  readonly sort: { spec: ColumnSpec; dir: 'asc' | 'desc' }[];
  readonly selection: GridSelection;
}

async function prepare(ctx: Ctx, body: z.output<typeof ExportBody>): Promise<Prepared> {
  authorize(ctx, 'client:read');
  const env = await gridEnv(ctx);
  const specs = await columnMap(env);
  const view = await resolveView(ctx, body);
  // A segment was checked when it was saved, but a rule may have tightened since (bounds on
  // numbers came later): its own filter is named as the segment's, so the person knows to edit it.
  const filterAt = body.segmentId && body.filter === undefined ? 'segment.filter' : 'body.filter';
  const { columns, sort, where } = compileView(env, specs, view, 'body', filterAt);
  return { env, view, columns, sort, selection: { scope: await clientScope(ctx), where, q: body.q } };
}

type Lookups = Awaited<ReturnType<typeof loadGridLookups>>;

function cell(spec: ColumnSpec, raw: unknown, id: string, lookups: Lookups): unknown {
  if (spec.key === 'tags') return lookups.tags(id);
  if (spec.key === 'domains') return lookups.domains(id);
  if (raw === null || raw === undefined) return null;
  switch (spec.type) {
    case 'member':
      return { id: String(raw), name: lookups.members.get(String(raw)) ?? 'Removed' };
    case 'ref':
      return { id: String(raw), name: (spec.key === 'parent' ? lookups.parents : lookups.reps).get(String(raw)) ?? 'Removed' };
    case 'datetime':
      return toIso(Number(raw));
    case 'number':
    case 'currency':
    case 'days':
      return Number(raw);
    case 'boolean':
      return Number(raw) === 1;
    case 'tags':
      return JSON.parse(String(raw)) as string[];
    default:
      return String(raw);
  }
}

async function pageRows(p: Prepared, page: { limit: number; offset: number }) {
  const rows = await selectGridPage(p.env, p.selection, p.columns, p.sort, page);
  const ids = rows.map((r) => r.id);
  const refsOf = (type: 'member' | 'ref', key?: string) =>
    p.columns.flatMap((spec, i) => (spec.type === type && (key === undefined || spec.key === key) ? rows.map((r) => r[`c${i}`]) : [])).filter((v): v is string => typeof v === 'string');
  const lookups = await loadGridLookups(p.env.ctx, ids, refsOf('member'), refsOf('ref', 'sales_rep'), refsOf('ref', 'parent'));
  return rows.map((r) => ({ id: r.id, values: Object.fromEntries(p.columns.map((spec, i) => [spec.key, cell(spec, r[`c${i}`], r.id, lookups)])) }));
}

/**
 * One page of the client grid for a segment and/or an ad-hoc filter, limited to the caller's
 * clients. The page comes from an index in the sort's order and stops at `limit`; the total has
 * to visit every matching row (100k for an admin's whole book, and with a filter no index serves,
 * every row of the book), so a caller that shows the page first asks with `total: false` and
 * counts with `countClientGrid` beside it.
 */
export async function queryClientGrid(ctx: Ctx, body: z.output<typeof GridQueryBody>) {
  const p = await prepare(ctx, body);
  const rows = await pageRows(p, { limit: body.limit + 1, offset: body.offset });
  return {
    columns: p.columns.map(describeColumn),
    rows: rows.slice(0, body.limit),
    total: body.total ? await countGrid(ctx, p.selection) : null,
    hasMore: rows.length > body.limit,
    view: p.view,
  };
}

/** How many clients a segment and/or filter holds for the caller: the grid's total on its own. */
export async function countClientGrid(ctx: Ctx, body: z.output<typeof GridCountBody>): Promise<{ total: number }> {
  const p = await prepare(ctx, body);
  return { total: await countGrid(ctx, p.selection) };
}

function flatten(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.join('; ');
  if (typeof value === 'object') return (value as { name?: string }).name ?? null;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return value as string | number;
}

/** At most this many rows per export; narrow the filter for more. */
export const EXPORT_MAX_ROWS = 200_000;

/**
 * The grid as CSV, every matching row the caller may see, in the grid's order, with formula cells
 * neutralised. Each export is recorded in the audit log (P45).
 */
export async function exportClientsCsv(ctx: Ctx, body: z.output<typeof ExportBody>): Promise<string> {
  authorize(ctx, 'client:export');
  const p = await prepare(ctx, body);
  const lines = [csvLine(['id', ...p.columns.map((c) => c.label)])];
  let count = 0;
  for (let offset = 0; offset < EXPORT_MAX_ROWS; offset += 1000) {
    const rows = await pageRows(p, { limit: 1000, offset });
    for (const row of rows) lines.push(csvLine([row.id, ...p.columns.map((c) => flatten(row.values[c.key]))]));
    count += rows.length;
    if (rows.length < 1000) break;
  }
  await recordAudit(ctx, { action: 'clients.exported', details: { rows: count, columns: p.columns.length, segment: body.segmentId ?? null } });
  return lines.join('');
}
