import type { FilterGroup, GridColumn, GridView, Me, SegmentView } from '../../api/types.js';
import { emptyGroup, filterKey } from './filter-model.js';

export interface SortItem {
  readonly column: string;
  readonly dir: 'asc' | 'desc';
}

/**
 * What the client grid shows: a segment as the starting point, and what the person changed since.
 * The quick search is not here: it lives in the address (`?q=`), so a search can be linked to.
 */
export interface GridState {
  readonly segmentId: string;
  readonly filter: FilterGroup;
  readonly sort: readonly SortItem[];
  readonly columns: readonly string[];
  readonly page: number;
  readonly pageSize: number;
}

/**
 * The grid as last left, so coming back from a client's page finds it unchanged. Kept per
 * membership: after signing out, the next person in this tab starts from their own default.
 */
let remembered: { membershipId: string; state: GridState } | null = null;

export function rememberGrid(membershipId: string, state: GridState): void {
  remembered = { membershipId, state };
}

export function rememberedGrid(membershipId: string): GridState | null {
  return remembered?.membershipId === membershipId ? remembered.state : null;
}

/** Where each role starts: a CSM with their book, a manager with the team's, everyone else with all. */
export function defaultSegmentId(me: Me): string {
  if (me.membership.role === 'csm') return 'std_my_clients';
  if (me.membership.role === 'manager') return 'std_team_clients';
  return 'std_all_clients';
}

/** The name column is how a row opens its client, so every view has it first. */
export function withName(columns: readonly string[]): string[] {
  return columns.includes('name') ? [...columns] : ['name', ...columns];
}

export function stateOf(segment: SegmentView, pageSize = 50): GridState {
  return {
    segmentId: segment.id,
    filter: segment.view.filter ?? emptyGroup(),
    sort: segment.view.sort,
    columns: withName(segment.view.columns),
    page: 1,
    pageSize,
  };
}

/** Whether the grid shows something other than what the segment saved. */
export function differsFrom(state: GridState, segment: SegmentView, columns: ReadonlyMap<string, GridColumn>): boolean {
  return (
    filterKey(state.filter, columns) !== filterKey(segment.view.filter, columns) ||
    JSON.stringify(state.sort) !== JSON.stringify(segment.view.sort) ||
    JSON.stringify(state.columns) !== JSON.stringify(withName(segment.view.columns))
  );
}

/** The view to save in a segment: runnable conditions only, no empty filter. */
export function viewOf(state: GridState, filter: FilterGroup): GridView {
  return { ...(filter.conditions.length > 0 ? { filter } : {}), sort: [...state.sort], columns: [...state.columns] };
}
