import { Badge, Card, Group, Stack, Table, Text, ThemeIcon, Title } from '@mantine/core';
import { IconShieldCheck } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { keys } from '../../api/queries.js';
import type { SensitiveCounts } from '../../api/types.js';
import { useCan } from '../../components/me-context.js';
import { QueryState } from '../../components/query-state.js';
import { RelativeTimeCell, ScrollTable } from '../../components/table-card.js';

const SOURCE_LABELS: Record<string, string> = {
  api: 'Forms and API',
  import: 'Imports',
  note: 'Timeline notes',
  task: 'Tasks',
  custom_field: 'Custom fields',
  tracker: 'Email tracking',
  email: 'Emails',
};

/**
 * What the sensitive-data guard kept out of client records (P07): counts by kind and by way in,
 * never the values themselves, which were not stored.
 */
export function SensitiveDataCard() {
  const can = useCan();
  const counts = useQuery({ queryKey: keys.sensitiveData, queryFn: () => api.get<SensitiveCounts>('/api/v1/workspace/sensitive-data'), enabled: can('sensitive:read') });
  if (!can('sensitive:read')) return null;
  return (
    <Card withBorder radius="md" padding="xl" maw={760} component="section" aria-labelledby="sensitive-data-title">
      <Stack gap="md">
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <ThemeIcon variant="light" color="teal" size="lg" radius="md">
            <IconShieldCheck size={20} />
          </ThemeIcon>
          <div>
            <Title order={3} size="h5" id="sensitive-data-title">
              Sensitive data kept out
            </Title>
            <Text size="sm" c="dimmed">
              Card numbers, ID numbers, bank accounts, passwords and health information are never stored in clear. This is how often Candor caught one, and where it came
              from. The values themselves were never saved, so they cannot be shown.
            </Text>
          </div>
        </Group>
        <QueryState query={counts}>
          {(data) =>
            data.items.length === 0 ? (
              <Text size="sm" c="dimmed">
                Nothing has been refused or redacted so far.
              </Text>
            ) : (
              <ScrollTable
                minWidth={560}
                verticalSpacing="xs"
                columns={
                  <>
                    <Table.Th>What</Table.Th>
                    <Table.Th>Came in through</Table.Th>
                    <Table.Th>What happened</Table.Th>
                    <Table.Th ta="right">Times</Table.Th>
                    <Table.Th>Last</Table.Th>
                  </>
                }
              >
                {data.items.map((item) => (
                  <Table.Tr key={`${item.category}-${item.source}-${item.action}`}>
                    <Table.Td>
                      <Text size="sm">{item.label}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{SOURCE_LABELS[item.source] ?? item.source}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={item.action === 'rejected' ? 'red' : 'orange'}>
                        {item.action === 'rejected' ? 'Refused' : 'Redacted'}
                      </Badge>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Text size="sm" fw={600}>
                        {item.count.toLocaleString()}
                      </Text>
                    </Table.Td>
                    <RelativeTimeCell iso={item.lastAt} />
                  </Table.Tr>
                ))}
              </ScrollTable>
            )
          }
        </QueryState>
      </Stack>
    </Card>
  );
}
