import type { RawBuilder, SqlBool } from 'kysely';
import type { GridView } from '../../../contract/grid.js';
import { memberOf, type Ctx } from '../../context.js';
import { AppError } from '../../errors.js';
import { utcDay } from '../../lib/clock.js';
import { listTeammates } from '../access/visibility.repo.js';
import { listCustomFields } from '../custom-fields/custom-fields.repo.js';
import { clientColumns, type ColumnSpec, type GridEnv } from './client-columns.repo.js';
import { compileFilter } from './client-grid.repo.js';

/**
 * A grid view (filter, sort, columns) checked against this workspace's columns. The grid runs it;
 * segments check it before they save it, so a saved segment always runs. Kept apart from the grid
 * service, which reads segments, so that segments can use it without an import cycle.
 */
export async function gridEnv(ctx: Ctx): Promise<GridEnv> {
  const now = ctx.rt.clock.now();
  const me = memberOf(ctx).membershipId;
  return { ctx, now, today: utcDay(now), me, myTeam: (await listTeammates(ctx, me)).memberIds };
}

export async function columnMap(env: GridEnv): Promise<Map<string, ColumnSpec>> {
  const specs = await clientColumns(env, await listCustomFields(env.ctx, 'client'));
  return new Map(specs.map((s) => [s.key, s]));
}

export interface CompiledView {
  readonly columns: ColumnSpec[];
  readonly sort: { spec: ColumnSpec; dir: 'asc' | 'desc' }[];
  readonly where: RawBuilder<SqlBool> | undefined;
}

/**
 * Compiles a view; a problem is a 400 naming its place under `at` (`body` for a query, `body.view`
 * for a segment), or under `filterAt` for a filter that came from elsewhere (a saved segment's).
 */
export function compileView(env: GridEnv, specs: ReadonlyMap<string, ColumnSpec>, view: GridView, at: string, filterAt = `${at}.filter`): CompiledView {
  const columns = view.columns.map((key, i) => {
    const spec = specs.get(key);
    if (!spec) throw new AppError('validation_failed', `${at}.columns.${i}: "${key}" is not a column of the client grid`);
    return spec;
  });
  const sort = view.sort.map((s, i) => {
    const spec = specs.get(s.column);
    if (!spec) throw new AppError('validation_failed', `${at}.sort.${i}.column: "${s.column}" is not a column of the client grid`);
    if (!spec.sortable) throw new AppError('validation_failed', `${at}.sort.${i}.column: the grid cannot sort by ${spec.label}`);
    return { spec, dir: s.dir };
  });
  const where = view.filter ? compileFilter(env, specs, view.filter, filterAt) : undefined;
  return { columns, sort, where };
}

/** Throws the grid's 400 when `view` would not run here (unknown column, wrong operator or value). */
export async function checkGridView(ctx: Ctx, view: GridView, at: string): Promise<void> {
  const env = await gridEnv(ctx);
  compileView(env, await columnMap(env), view, at);
}
