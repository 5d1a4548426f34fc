import { Group, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** One part of the page: a heading, a sentence on what it is for, its actions, then its content. */
export function UsageSection({ id, title, description, actions, children }: { id: string; title: string; description: ReactNode; actions?: ReactNode; children: ReactNode }) {
  return (
    <section aria-labelledby={id}>
      <Group justify="space-between" align="flex-end" mb="sm" wrap="nowrap" gap="md">
        <div>
          <Title order={3} size="h4" id={id}>
            {title}
          </Title>
          <Text size="sm" c="dimmed" maw={760}>
            {description}
          </Text>
        </div>
        {actions ? (
          <Group gap="sm" wrap="nowrap">
            {actions}
          </Group>
        ) : null}
      </Group>
      {children}
    </section>
  );
}

/** A table cell naming the source an event came from; a source deleted since shows as unknown. */
export function SourceNameCell({ sourceId, names }: { sourceId: string; names: ReadonlyMap<string, string> }) {
  return (
    <Table.Td>
      <Text size="sm" c={names.has(sourceId) ? undefined : 'dimmed'} style={{ whiteSpace: 'nowrap' }}>
        {names.get(sourceId) ?? 'Unknown source'}
      </Text>
    </Table.Td>
  );
}

