import { Card, Checkbox, Group, Table, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconArrowsSort } from '@tabler/icons-react';
import type { MouseEvent } from 'react';
import { useNavigate } from 'react-router';
import type { GridColumn, GridPage } from '../../api/types.js';
import { GridCell, isNumericColumn } from './grid-cell.js';
import type { SortItem } from './grid-state.js';

interface ClientGridTableProps {
  readonly page: GridPage;
  readonly sort: readonly SortItem[];
  readonly onSort: (sort: SortItem[]) => void;
  /** Absent when the member may not change clients: no checkboxes then. */
  readonly selection?: ReadonlySet<string>;
  readonly onSelect?: (rows: { id: string; name: string }[], selected: boolean) => void;
  readonly loading: boolean;
}

const nameOf = (row: GridPage['rows'][number]) => (typeof row.values.name === 'string' ? row.values.name : row.id);

/** The grid's table: sortable headers, a checkbox per row for bulk edits, and rows that open the client. */
export function ClientGridTable({ page, sort, onSort, selection, onSelect, loading }: ClientGridTableProps) {
  const navigate = useNavigate();
  const allSelected = selection !== undefined && page.rows.length > 0 && page.rows.every((r) => selection.has(r.id));
  const someSelected = selection !== undefined && page.rows.some((r) => selection.has(r.id));

  const openRow = (e: MouseEvent<HTMLTableRowElement>, id: string) => {
    // Clicks on the link, a checkbox or any other control do their own thing.
    if ((e.target as HTMLElement).closest('a, button, input, label')) return;
    if (window.getSelection()?.toString()) return;
    void navigate(`/clients/${encodeURIComponent(id)}`);
  };

  return (
    <Card withBorder radius="md" p={0} style={{ opacity: loading ? 0.6 : 1, transition: 'opacity 120ms' }} aria-busy={loading}>
      <Table.ScrollContainer minWidth={Math.max(720, page.columns.length * 150)}>
        <Table verticalSpacing="xs" horizontalSpacing="md" highlightOnHover striped={false} stickyHeader>
          <Table.Thead>
            <Table.Tr>
              {selection && onSelect ? (
                <Table.Th w={40}>
                  <Checkbox
                    aria-label="Select all clients on this page"
                    checked={allSelected}
                    indeterminate={someSelected && !allSelected}
                    onChange={(e) => onSelect(page.rows.map((r) => ({ id: r.id, name: nameOf(r) })), e.currentTarget.checked)}
                  />
                </Table.Th>
              ) : null}
              {page.columns.map((column) => (
                <HeaderCell key={column.key} column={column} sort={sort} onSort={onSort} />
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {page.rows.map((row) => {
              const selected = selection?.has(row.id) ?? false;
              return (
                <Table.Tr
                  key={row.id}
                  data-testid={`client-row-${row.id}`}
                  onClick={(e) => openRow(e, row.id)}
                  style={{ cursor: 'pointer' }}
                  bg={selected ? 'var(--mantine-primary-color-light)' : undefined}
                >
                  {selection && onSelect ? (
                    <Table.Td>
                      <Checkbox aria-label={`Select ${nameOf(row)}`} checked={selected} onChange={(e) => onSelect([{ id: row.id, name: nameOf(row) }], e.currentTarget.checked)} />
                    </Table.Td>
                  ) : null}
                  {page.columns.map((column) => (
                    <Table.Td key={column.key} ta={isNumericColumn(column) ? 'right' : undefined} style={{ whiteSpace: column.key === 'name' ? undefined : 'nowrap' }}>
                      <GridCell column={column} value={row.values[column.key]} clientId={row.id} />
                    </Table.Td>
                  ))}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}

function HeaderCell({ column, sort, onSort }: { column: GridColumn; sort: readonly SortItem[]; onSort: (sort: SortItem[]) => void }) {
  const current = sort[0]?.column === column.key ? sort[0].dir : undefined;
  const align = isNumericColumn(column) ? 'right' : undefined;
  if (!column.sortable) {
    return (
      <Table.Th ta={align} style={{ whiteSpace: 'nowrap' }}>
        {column.label}
      </Table.Th>
    );
  }
  const Icon = current === 'asc' ? IconArrowUp : current === 'desc' ? IconArrowDown : IconArrowsSort;
  const next: 'asc' | 'desc' = current === 'asc' ? 'desc' : 'asc';
  return (
    <Table.Th ta={align} aria-sort={current === 'asc' ? 'ascending' : current === 'desc' ? 'descending' : 'none'} style={{ whiteSpace: 'nowrap' }}>
      <UnstyledButton onClick={() => onSort([{ column: column.key, dir: next }])} style={{ fontWeight: 'inherit', fontSize: 'inherit' }}>
        <Group gap={4} wrap="nowrap" justify={align === 'right' ? 'flex-end' : undefined}>
          <Text inherit fw={700}>
            {column.label}
          </Text>
          <Icon size={14} color={current ? undefined : 'var(--mantine-color-gray-5)'} aria-hidden />
          <VisuallyHidden>{current ? `, sorted ${current === 'asc' ? 'ascending' : 'descending'}; ` : ', '}sort {next === 'asc' ? 'ascending' : 'descending'}</VisuallyHidden>
        </Group>
      </UnstyledButton>
    </Table.Th>
  );
}
