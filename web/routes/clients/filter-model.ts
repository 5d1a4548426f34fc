import type { Condition, FilterGroup, GridColumn, Operator } from '../../api/types.js';
import { formatMoney } from '../../components/money.js';

/** Operators that stand alone: "is empty", "is me". */
export const NO_VALUE_OPERATORS: ReadonlySet<Operator> = new Set(['is_empty', 'is_not_empty', 'is_true', 'is_false', 'is_me', 'in_my_team']);
/** Operators that take a list of choices. */
export const LIST_OPERATORS: ReadonlySet<Operator> = new Set(['in', 'not_in', 'has_any', 'has_all', 'has_none']);
/** Operators that take a whole number of days. */
export const DAY_COUNT_OPERATORS: ReadonlySet<Operator> = new Set(['in_last_days', 'in_next_days', 'more_than_days_ago']);
/** The server compiles groups nested at most this deep (the outer group counts as one). */
export const MAX_FILTER_DEPTH = 3;

export type FilterNode = Condition | FilterGroup;
/** Where a node sits: the index at each level, from the outer group down. */
export type NodePath = readonly number[];

export function isGroup(node: FilterNode): node is FilterGroup {
  return 'conditions' in node;
}

export function emptyGroup(op: 'and' | 'or' = 'and'): FilterGroup {
  return { op, conditions: [] };
}

const isNumeric = (column: GridColumn) => column.type === 'number' || column.type === 'currency' || column.type === 'days';

/** What a fresh value looks like for an operator: nothing, a list, a pair, or one blank. */
export function defaultValue(column: GridColumn, op: Operator): Condition['value'] {
  if (NO_VALUE_OPERATORS.has(op)) return undefined;
  if (LIST_OPERATORS.has(op)) return [];
  if (op === 'between') return ['', ''];
  if (DAY_COUNT_OPERATORS.has(op)) return null;
  return isNumeric(column) ? null : '';
}

export function newCondition(column: GridColumn): Condition {
  const op = column.operators[0] ?? 'is_not_empty';
  const value = defaultValue(column, op);
  return value === undefined ? { column: column.key, op } : { column: column.key, op, value };
}

function shapeOf(op: Operator): 'none' | 'list' | 'pair' | 'days' | 'one' {
  if (NO_VALUE_OPERATORS.has(op)) return 'none';
  if (LIST_OPERATORS.has(op)) return 'list';
  if (op === 'between') return 'pair';
  if (DAY_COUNT_OPERATORS.has(op)) return 'days';
  return 'one';
}

/** A new operator keeps the value typed so far when it takes the same kind of value. */
export function withOperator(cond: Condition, column: GridColumn, op: Operator): Condition {
  const value = shapeOf(op) === shapeOf(cond.op) ? cond.value : defaultValue(column, op);
  return value === undefined ? { column: cond.column, op } : { column: cond.column, op, value };
}

const filled = (v: unknown) => (typeof v === 'number' ? Number.isFinite(v) : typeof v === 'string' ? v.trim() !== '' : false);

/** Whether the server can run this condition yet; incomplete ones wait in the builder. */
export function isComplete(cond: Condition, column: GridColumn | undefined): boolean {
  if (!column || !column.operators.includes(cond.op)) return false;
  const v = cond.value;
  switch (shapeOf(cond.op)) {
    case 'none':
      return true;
    case 'list':
      return Array.isArray(v) && v.length > 0;
    case 'pair':
      return Array.isArray(v) && v.length === 2 && v.every(filled);
    case 'days':
      return typeof v === 'number' && Number.isInteger(v) && v >= 0;
    default:
      return filled(v);
  }
}

/**
 * The part of a draft filter that can run: incomplete conditions and groups left empty are
 * dropped, and values are trimmed. Always a group, so an empty one clears a segment's filter.
 */
export function applicableFilter(group: FilterGroup, columns: ReadonlyMap<string, GridColumn>): FilterGroup {
  const conditions: FilterNode[] = [];
  for (const node of group.conditions) {
    if (isGroup(node)) {
      const inner = applicableFilter(node, columns);
      if (inner.conditions.length > 0) conditions.push(inner);
    } else if (isComplete(node, columns.get(node.column))) {
      const value = typeof node.value === 'string' ? node.value.trim() : node.value;
      conditions.push(value === undefined ? { column: node.column, op: node.op } : { column: node.column, op: node.op, value });
    }
  }
  return { op: group.op, conditions };
}

export function countConditions(group: FilterGroup): number {
  return group.conditions.reduce((n, node) => n + (isGroup(node) ? countConditions(node) : 1), 0);
}

/** Changes the node at `path` (or removes it, with `null`); the tree is never mutated. */
export function replaceNode(group: FilterGroup, path: NodePath, next: FilterNode | null): FilterGroup {
  const [index, ...rest] = path;
  if (index === undefined) return next && isGroup(next) ? next : group;
  const conditions = [...group.conditions];
  const current = conditions[index];
  if (current === undefined) return group;
  if (rest.length === 0) {
    if (next === null) conditions.splice(index, 1);
    else conditions[index] = next;
  } else if (isGroup(current)) {
    conditions[index] = replaceNode(current, rest, next);
  }
  return { ...group, conditions };
}

/** Adds a node at the end of the group at `path`. */
export function appendNode(group: FilterGroup, path: NodePath, node: FilterNode): FilterGroup {
  const [index, ...rest] = path;
  if (index === undefined) return { ...group, conditions: [...group.conditions, node] };
  const current = group.conditions[index];
  if (current === undefined || !isGroup(current)) return group;
  return replaceNode(group, [index], appendNode(current, rest, node));
}

/** A filter as a stable string, for telling a changed view from a saved one. */
export function filterKey(group: FilterGroup | undefined, columns: ReadonlyMap<string, GridColumn>): string {
  const runnable = group ? applicableFilter(group, columns) : emptyGroup();
  return runnable.conditions.length === 0 ? '' : JSON.stringify(runnable);
}

function describeValue(cond: Condition, column: GridColumn): string {
  const v = cond.value;
  const one = (x: unknown): string => {
    if (column.type === 'currency' && typeof x === 'number') return formatMoney(x, column.currency ?? 'USD');
    return column.options?.find((o) => o.value === x)?.label ?? String(x);
  };
  if (NO_VALUE_OPERATORS.has(cond.op) || v === undefined || v === null) return '';
  if (DAY_COUNT_OPERATORS.has(cond.op)) return String(v);
  if (Array.isArray(v)) {
    if (cond.op === 'between') return `${one(v[0])} and ${one(v[1])}`;
    // Members and clients are ids here; their count says enough in a one-line summary.
    if (column.type === 'member' || column.type === 'ref') return `${v.length} ${v.length === 1 ? 'choice' : 'choices'}`;
    return v.map(one).join(', ');
  }
  return one(v);
}

/** A filter in one line of words: "Status is any of Active, Trial and (ARR is more than 100,000 USD or …)". */
export function describeFilter(group: FilterGroup, columns: ReadonlyMap<string, GridColumn>, labels: Record<Operator, string>, nested = false): string {
  const parts = group.conditions.flatMap((node) => {
    if (isGroup(node)) return node.conditions.length > 0 ? [describeFilter(node, columns, labels, true)] : [];
    const column = columns.get(node.column);
    if (!column || !isComplete(node, column)) return [];
    const label = labels[node.op];
    const value = describeValue(node, column);
    return [`${column.label} ${label.includes('…') ? label.replace('…', value) : `${label}${value ? ` ${value}` : ''}`}`];
  });
  const text = parts.join(group.op === 'and' ? ' and ' : ' or ');
  return nested && parts.length > 1 ? `(${text})` : text;
}
