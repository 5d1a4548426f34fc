import { Anchor, Badge, Button, Table, Text } from '@mantine/core';
import { IconFileImport, IconUpload } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../api/client.js';
import { keys } from '../../api/queries.js';
import type { ImportList } from '../../api/types.js';
import { EmptyStateCard } from '../../components/empty-state-card.js';
import { PageHeader } from '../../components/page-header.js';
import { QueryState } from '../../components/query-state.js';
import { RelativeTimeCell, TableCard } from '../../components/table-card.js';
import { ENTITY_LABELS, IMPORT_STATUS_COLORS, IMPORT_STATUS_LABELS, MOVING_STATUSES } from './import-labels.js';

const ABOUT = 'Bring clients and contacts in from a CSV file: map its columns, check it without writing anything, then import. A finished import can be undone as a whole.';

export function ImportsPage() {
  const imports = useQuery({
    queryKey: keys.imports,
    queryFn: () => api.get<ImportList>('/api/v1/imports'),
    refetchInterval: (q) => (q.state.data?.items.some((i) => MOVING_STATUSES.has(i.status)) ? 2000 : false),
  });
  const actions = (
    <>
      <Button variant="default" leftSection={<IconUpload size={18} />} component={Link} to="/settings/imports/new?entity=contact">
        Import contacts
      </Button>
      <Button leftSection={<IconUpload size={18} />} component={Link} to="/settings/imports/new?entity=client">
        Import clients
      </Button>
    </>
  );
  return (
    <>
      <PageHeader title="Imports" description={ABOUT} actions={actions} />
      <QueryState query={imports} loadingLabel="Loading imports…">
        {(data) =>
          data.items.length === 0 ? (
            <EmptyStateCard
              icon={<IconFileImport size={28} />}
              title="No imports yet"
              description="Export your clients or contacts from your CRM or a spreadsheet as CSV, then bring them in here. Nothing is written until you have seen what the file would do."
              actions={actions}
            />
          ) : (
            <TableCard
              minWidth={820}
              highlightOnHover
              columns={
                <>
                  <Table.Th>File</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th ta="right">Rows</Table.Th>
                  <Table.Th ta="right">Created</Table.Th>
                  <Table.Th ta="right">Updated</Table.Th>
                  <Table.Th ta="right">Errors</Table.Th>
                  <Table.Th>Started</Table.Th>
                </>
              }
            >
              {data.items.map((item) => (
                <Table.Tr key={item.id} data-testid={`import-row-${item.id}`}>
                  <Table.Td>
                    <Anchor component={Link} to={`/settings/imports/${encodeURIComponent(item.id)}`} size="sm" fw={600}>
                      {item.fileName}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {ENTITY_LABELS[item.entity].many[0]?.toUpperCase()}
                      {ENTITY_LABELS[item.entity].many.slice(1)}
                      {item.createdBy ? ` · by ${item.createdBy}` : ''}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={IMPORT_STATUS_COLORS[item.status]}>
                      {IMPORT_STATUS_LABELS[item.status]}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Text size="sm">{item.totalRows.toLocaleString()}</Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Text size="sm">{item.dryRun ? '—' : item.createdRows.toLocaleString()}</Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Text size="sm">{item.dryRun ? '—' : item.updatedRows.toLocaleString()}</Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Text size="sm" c={item.errorRows > 0 ? 'red.8' : undefined}>
                      {item.errorRows.toLocaleString()}
                    </Text>
                  </Table.Td>
                  <RelativeTimeCell iso={item.createdAt} />
                </Table.Tr>
              ))}
            </TableCard>
          )
        }
      </QueryState>
    </>
  );
}
