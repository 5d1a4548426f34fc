import { ActionIcon, Anchor, Button, Group, Table, Text, Tooltip } from '@mantine/core';
import { IconAddressBook, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.js';
import { keys } from '../../api/queries.js';
import type { SalesRepList, SalesRepView } from '../../api/types.js';
import { ConfirmModal } from '../../components/confirm-modal.js';
import { EmptyStateCard } from '../../components/empty-state-card.js';
import { useCan } from '../../components/me-context.js';
import { notifySuccess } from '../../components/notify.js';
import { PageHeader } from '../../components/page-header.js';
import { QueryState } from '../../components/query-state.js';
import { RelativeTimeCell, TableCard } from '../../components/table-card.js';
import { useConfirmedMutation } from '../../components/use-confirmed-mutation.js';
import { SalesRepModal } from './sales-rep-modal.js';

const ABOUT = 'Sales reps are the people who sold your clients their contracts. They need no Candor login: you link clients to them so renewals and expansions go back to the right person.';

export function SalesRepsPage() {
  const can = useCan();
  const mayWrite = can('salesrep:write');
  const queryClient = useQueryClient();
  const reps = useQuery({ queryKey: keys.salesReps, queryFn: () => api.get<SalesRepList>('/api/v1/sales-reps') });
  const [editing, setEditing] = useState<SalesRepView | null | 'new'>(null);
  const remove = useConfirmedMutation({
    mutationFn: (rep: SalesRepView) => api.delete(`/api/v1/sales-reps/${encodeURIComponent(rep.id)}`),
    onSuccess: (_v, rep) => {
      notifySuccess(`${rep.name} is deleted.`);
      void queryClient.invalidateQueries({ queryKey: keys.salesReps });
    },
  });
  const addButton = mayWrite ? (
    <Button leftSection={<IconPlus size={18} />} onClick={() => setEditing('new')}>
      Add sales rep
    </Button>
  ) : null;

  return (
    <>
      <PageHeader title="Sales reps" description={reps.data?.items.length ? ABOUT : undefined} actions={reps.data?.items.length ? addButton : null} />
      <QueryState query={reps} loadingLabel="Loading sales reps…">
        {(data) =>
          data.items.length === 0 ? (
            <EmptyStateCard
              icon={<IconAddressBook size={28} />}
              title="No sales reps yet"
              description={mayWrite ? ABOUT : `${ABOUT} A manager or admin can add them.`}
              actions={addButton}
            />
          ) : (
            <TableCard
              minWidth={720}
              highlightOnHover
              columns={
                <>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Email</Table.Th>
                  <Table.Th>Phone</Table.Th>
                  <Table.Th>Added</Table.Th>
                  {mayWrite ? <Table.Th w={90} /> : null}
                </>
              }
            >
              {data.items.map((rep) => (
                <Table.Tr key={rep.id}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {rep.name}
                    </Text>
                    {rep.title ? (
                      <Text size="xs" c="dimmed">
                        {rep.title}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    {rep.email ? (
                      <Anchor href={`mailto:${rep.email}`} size="sm">
                        {rep.email}
                      </Anchor>
                    ) : (
                      <Text size="sm" c="dimmed">
                        —
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={rep.phone ? undefined : 'dimmed'}>
                      {rep.phone ?? '—'}
                    </Text>
                  </Table.Td>
                  <RelativeTimeCell iso={rep.createdAt} />
                  {mayWrite ? (
                    <Table.Td>
                      <Group gap={4} wrap="nowrap" justify="flex-end">
                        <Tooltip label="Edit">
                          <ActionIcon variant="subtle" color="gray" aria-label={`Edit ${rep.name}`} onClick={() => setEditing(rep)}>
                            <IconPencil size={18} />
                          </ActionIcon>
                        </Tooltip>
                        <Tooltip label="Delete">
                          <ActionIcon variant="subtle" color="red" aria-label={`Delete ${rep.name}`} onClick={() => remove.ask(rep)}>
                            <IconTrash size={18} />
                          </ActionIcon>
                        </Tooltip>
                      </Group>
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </TableCard>
          )
        }
      </QueryState>
      {mayWrite ? <SalesRepModal opened={editing !== null} onClose={() => setEditing(null)} rep={editing === 'new' ? null : editing} /> : null}
      <ConfirmModal {...remove.confirmProps} title={`Delete ${remove.target?.name ?? ''}?`} confirmLabel="Delete sales rep">
        {remove.target?.name} and their contact details are deleted from this workspace.
      </ConfirmModal>
    </>
  );
}
