import { Alert, Anchor, Badge, Table, Text, Tooltip } from '@mantine/core';
import { IconInbox, IconMailOff } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../api/client.js';
import { keys } from '../../api/queries.js';
import type { OutboxList } from '../../api/types.js';
import { EmptyStateCard } from '../../components/empty-state-card.js';
import { PageHeader } from '../../components/page-header.js';
import { QueryState } from '../../components/query-state.js';
import { RelativeTimeCell, TableCard } from '../../components/table-card.js';
import { NO_SMTP_NOTICE, STATUS_BADGES, TEMPLATE_LABELS } from './outbox-labels.js';

export function OutboxPage() {
  const outbox = useQuery({ queryKey: keys.outbox, queryFn: () => api.get<OutboxList>('/api/v1/outbox') });
  return (
    <>
      <PageHeader title="Outbox" description="Mail Candor sends: invitations, password resets and security notices. Messages are deleted when their links expire." />
      <QueryState query={outbox} loadingLabel="Loading the outbox…">
        {(data) => (
          <>
            {!data.smtpConfigured ? (
              <Alert color="yellow" variant="light" icon={<IconMailOff size={18} />} mb="md" title="Mail is not sent">
                {NO_SMTP_NOTICE}
              </Alert>
            ) : null}
            {data.items.length === 0 ? (
              <EmptyStateCard icon={<IconInbox size={28} />} title="No messages" description="When you invite someone, their invitation shows up here." />
            ) : (
              <TableCard
                minWidth={760}
                highlightOnHover
                columns={
                  <>
                    <Table.Th>Subject</Table.Th>
                    <Table.Th>To</Table.Th>
                    <Table.Th>Kind</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Created</Table.Th>
                  </>
                }
              >
                {data.items.map((m) => (
                  <Table.Tr key={m.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/settings/outbox/${encodeURIComponent(m.id)}`} size="sm" fw={500}>
                        {m.subject}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{m.to}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{TEMPLATE_LABELS[m.template] ?? m.template}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Tooltip label={STATUS_BADGES[m.status].hint} withArrow multiline w={240}>
                        <Badge color={STATUS_BADGES[m.status].color} variant="light">
                          {STATUS_BADGES[m.status].label}
                        </Badge>
                      </Tooltip>
                    </Table.Td>
                    <RelativeTimeCell iso={m.createdAt} />
                  </Table.Tr>
                ))}
              </TableCard>
            )}
          </>
        )}
      </QueryState>
    </>
  );
}
