import { Anchor, Badge, Group, Text, Tooltip } from '@mantine/core';
import { Link } from 'react-router';
import type { ClientStatus, GridColumn } from '../../api/types.js';
import { ClientStatusBadge } from '../../components/client-status.js';
import { CustomFieldValue } from '../../components/custom-field-input.js';
import { formatDay } from '../../components/dates.js';
import { formatMoney } from '../../components/money.js';
import { RelativeTime } from '../../components/relative-time.js';

const dash = (
  <Text span size="sm" c="dimmed" aria-label="empty">
    —
  </Text>
);

function isRef(value: unknown): value is { id: string; name: string } {
  return typeof value === 'object' && value !== null && 'id' in value && 'name' in value;
}

/** One cell of the client grid, presented by the column's type (see GridPage in contract/grid.ts). */
export function GridCell({ column, value, clientId }: { column: GridColumn; value: unknown; clientId: string }) {
  if (column.key === 'name') {
    return (
      <Anchor component={Link} to={`/clients/${encodeURIComponent(clientId)}`} size="sm" fw={600}>
        {typeof value === 'string' && value ? value : 'Unnamed client'}
      </Anchor>
    );
  }
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return dash;
  switch (column.type) {
    case 'enum': {
      if (column.key === 'status') return <ClientStatusBadge status={value as ClientStatus} size="sm" />;
      const label = column.options?.find((o) => o.value === value)?.label ?? String(value);
      return <Text size="sm">{label}</Text>;
    }
    case 'member':
    case 'ref':
      if (!isRef(value)) return dash;
      return column.key === 'parent' ? (
        <Anchor component={Link} to={`/clients/${encodeURIComponent(value.id)}`} size="sm">
          {value.name}
        </Anchor>
      ) : (
        <Text size="sm">{value.name}</Text>
      );
    case 'tags':
    case 'list': {
      const items = Array.isArray(value) ? value.map(String) : [];
      const shown = items.slice(0, 3);
      return (
        <Group gap={4} wrap="nowrap">
          {shown.map((item) => (
            <Badge key={item} size="sm" variant={column.type === 'tags' ? 'light' : 'outline'} color="gray" tt="none">
              {item}
            </Badge>
          ))}
          {items.length > shown.length ? (
            <Tooltip label={items.slice(3).join(', ')}>
              <Text size="xs" c="dimmed">
                +{items.length - shown.length}
              </Text>
            </Tooltip>
          ) : null}
        </Group>
      );
    }
    case 'datetime':
      return (
        <Text size="sm">
          <RelativeTime iso={String(value)} />
        </Text>
      );
    case 'date':
      return <Text size="sm">{formatDay(String(value))}</Text>;
    case 'days': {
      const days = Math.floor(Number(value));
      return <Text size="sm">{days === 0 ? 'Today' : `${days.toLocaleString()} ${days === 1 ? 'day' : 'days'}`}</Text>;
    }
    case 'currency':
      return <Text size="sm">{formatMoney(Number(value), column.currency ?? 'USD')}</Text>;
    case 'number':
      return <Text size="sm">{Number(value).toLocaleString()}</Text>;
    case 'boolean':
      return <Text size="sm">{value === true ? 'Yes' : 'No'}</Text>;
    case 'url':
      return <CustomFieldValue field={{ type: 'url', currency: null }} value={value} />;
    default:
      return <Text size="sm">{String(value)}</Text>;
  }
}

/** Numbers line up on the right, as in a spreadsheet. */
export function isNumericColumn(column: GridColumn): boolean {
  return column.type === 'number' || column.type === 'currency' || column.type === 'days';
}
