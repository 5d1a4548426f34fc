import { Group, Pagination, Text } from '@mantine/core';

interface ListFooterProps {
  /** Null while the count is on its way; the pages then reach one past this one when `hasMore`. */
  readonly total: number | null;
  readonly hasMore?: boolean;
  /** The thing counted, singular and plural: ['contact', 'contacts']. */
  readonly noun: readonly [string, string];
  readonly page: number;
  readonly pageSize: number;
  readonly onPage: (page: number) => void;
}

/** Under a paged list: how many there are, and the pages once there is more than one. */
export function ListFooter({ total, hasMore = false, noun, page, pageSize, onPage }: ListFooterProps) {
  const pages = total !== null ? Math.ceil(total / pageSize) : page + (hasMore ? 1 : 0);
  return (
    <Group justify="space-between">
      <Text size="sm" c="dimmed" aria-live="polite">
        {total !== null ? `${total.toLocaleString()} ${total === 1 ? noun[0] : noun[1]}` : `Counting ${noun[1]}…`}
      </Text>
      {pages > 1 ? (
        <Pagination
          size="sm"
          total={pages}
          value={page}
          onChange={onPage}
          getControlProps={(control) => ({ 'aria-label': `${control.charAt(0).toUpperCase()}${control.slice(1)} page` })}
        />
      ) : null}
    </Group>
  );
}
