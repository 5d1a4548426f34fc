import { describe, expect, it } from 'vitest';
import type { GridColumn } from '../../api/types.js';
import { appendNode, applicableFilter, countConditions, emptyGroup, newCondition, replaceNode, withOperator } from './filter-model.js';

const name: GridColumn = { key: 'name', label: 'Name', type: 'text', group: 'standard', sortable: true, operators: ['contains', 'eq', 'is_empty'] };
const arr: GridColumn = { key: 'custom.arr', label: 'ARR', type: 'currency', group: 'custom', sortable: true, operators: ['gt', 'between', 'is_empty'], currency: 'USD' };
const columns = new Map([name, arr].map((c) => [c.key, c]));

describe('the client filter builder', () => {
  it('runs only complete conditions, and drops groups left empty', () => {
    const filter = {
      op: 'and' as const,
      conditions: [
        { column: 'name', op: 'contains' as const, value: '  acme ' },
        { column: 'custom.arr', op: 'gt' as const, value: null },
        { op: 'or' as const, conditions: [{ column: 'custom.arr', op: 'between' as const, value: [1, ''] }] },
        { column: 'name', op: 'is_empty' as const },
      ],
    };
    expect(applicableFilter(filter, columns)).toEqual({
      op: 'and',
      conditions: [
        { column: 'name', op: 'contains', value: 'acme' },
        { column: 'name', op: 'is_empty' },
      ],
    });
  });

  it('keeps the typed value when the new operator takes the same kind of value', () => {
    const cond = { column: 'name', op: 'contains' as const, value: 'acme' };
    expect(withOperator(cond, name, 'eq')).toEqual({ column: 'name', op: 'eq', value: 'acme' });
    expect(withOperator(cond, name, 'is_empty')).toEqual({ column: 'name', op: 'is_empty' });
    expect(withOperator({ column: 'custom.arr', op: 'gt', value: 5 }, arr, 'between')).toEqual({ column: 'custom.arr', op: 'between', value: ['', ''] });
  });

  it('edits nested groups without touching the original', () => {
    const root = appendNode(appendNode(emptyGroup(), [], newCondition(name)), [], emptyGroup('or'));
    const nested = appendNode(root, [1], newCondition(arr));
    expect(countConditions(nested)).toBe(2);
    expect(countConditions(root)).toBe(1);
    expect(countConditions(replaceNode(nested, [1, 0], null))).toBe(1);
  });
});
