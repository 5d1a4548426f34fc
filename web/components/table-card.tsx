import { Card, Table, Text, type TableProps } from '@mantine/core';
import type { ReactNode } from 'react';
import { RelativeTime } from './relative-time.js';

interface ScrollTableProps extends Omit<TableProps, 'children'> {
  /** Below this width the table scrolls sideways rather than squeezing its columns into each other. */
  readonly minWidth: number;
  /** The header cells (`Table.Th`). */
  readonly columns: ReactNode;
  /** The body rows (`Table.Tr`). */
  readonly children: ReactNode;
}

/** A table with one header row that stays readable on a narrow screen; other props go to `Table`. */
export function ScrollTable({ minWidth, columns, children, ...tableProps }: ScrollTableProps) {
  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table {...tableProps}>
        <Table.Thead>
          <Table.Tr>{columns}</Table.Tr>
        </Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The list on a page: the table fills a bordered card edge to edge, so every list looks alike. */
export function TableCard(props: ScrollTableProps) {
  return (
    <Card withBorder radius="md" p={0}>
      <ScrollTable verticalSpacing="sm" horizontalSpacing="md" {...props} />
    </Card>
  );
}

/** A "when" column; at the table's text size, so it lines up with the cells beside it. */
export function RelativeTimeCell({ iso }: { iso: string }) {
  return (
    <Table.Td>
      <Text size="sm">
        <RelativeTime iso={iso} />
      </Text>
    </Table.Td>
  );
}
