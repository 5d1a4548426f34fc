import { Group, Pagination, Text } from '@mantine/core';

interface ListFooterProps {
  readonly total: number;
  /** The thing counted, singular and plural: ['contact', 'contacts']. */
  readonly noun: readonly [string, string];
  readonly page: number;
  readonly pageSize: number;
  readonly onPage: (page: number) => void;
}

/** Under a paged list: how many there are, and the pages once there is more than one. */
export function ListFooter({ total, noun, page, pageSize, onPage }: ListFooterProps) {
  return (
    <Group justify="space-between">
      <Text size="sm" c="dimmed" aria-live="polite">
        {total.toLocaleString()} {total === 1 ? noun[0] : noun[1]}
      </Text>
      {total > pageSize ? (
        <Pagination
          size="sm"
          total={Math.ceil(total / pageSize)}
          value={page}
          onChange={onPage}
          getControlProps={(control) => ({ 'aria-label': `${control.charAt(0).toUpperCase()}${control.slice(1)} page` })}
        />
      ) : null}
    </Group>
  );
}
