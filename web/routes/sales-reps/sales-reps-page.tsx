import { ActionIcon, Anchor, Button, Card, EmptyState, Group, Table, Text, Tooltip } from '@mantine/core';
import { IconAddressBook, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.js';
import { keys } from '../../api/queries.js';
import type { SalesRepList, SalesRepView } from '../../api/types.js';
import { ConfirmModal } from '../../components/confirm-modal.js';
import { useCan } from '../../components/me-context.js';
import { notifySuccess } from '../../components/notify.js';
import { PageHeader } from '../../components/page-header.js';
import { QueryState } from '../../components/query-state.js';
import { RelativeTime } from '../../components/relative-time.js';
import { SalesRepModal } from './sales-rep-modal.js';

const ABOUT = 'Sales reps are the people who sold your clients their contracts. They need no Candor login: you link clients to them so renewals and expansions go back to the right person.';

export function SalesRepsPage() {
  const can = useCan();
  const mayWrite = can('salesrep:write');
  const queryClient = useQueryClient();
  const reps = useQuery({ queryKey: keys.salesReps, queryFn: () => api.get<SalesRepList>('/api/v1/sales-reps') });
  const [editing, setEditing] = useState<SalesRepView | null | 'new'>(null);
  const [deleting, setDeleting] = useState<SalesRepView | null>(null);
  const remove = useMutation({
    mutationFn: (rep: SalesRepView) => api.delete(`/api/v1/sales-reps/${encodeURIComponent(rep.id)}`),
    onSuccess: (_v, rep) => {
      notifySuccess(`${rep.name} is deleted.`);
      setDeleting(null);
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
            <Card withBorder radius="md" py={48}>
              <EmptyState
                icon={<IconAddressBook size={28} />}
                variant="light"
                title="No sales reps yet"
                description={mayWrite ? ABOUT : `${ABOUT} A manager or admin can add them.`}
              >
                {addButton ? <EmptyState.Actions>{addButton}</EmptyState.Actions> : null}
              </EmptyState>
            </Card>
          ) : (
            <Card withBorder radius="md" p={0}>
              <Table.ScrollContainer minWidth={720}>
                <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Name</Table.Th>
                      <Table.Th>Email</Table.Th>
                      <Table.Th>Phone</Table.Th>
                      <Table.Th>Added</Table.Th>
                      {mayWrite ? <Table.Th w={90} /> : null}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
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
                        <Table.Td>
                          <Text size="sm">
                            <RelativeTime iso={rep.createdAt} />
                          </Text>
                        </Table.Td>
                        {mayWrite ? (
                          <Table.Td>
                            <Group gap={4} wrap="nowrap" justify="flex-end">
                              <Tooltip label="Edit">
                                <ActionIcon variant="subtle" color="gray" aria-label={`Edit ${rep.name}`} onClick={() => setEditing(rep)}>
                                  <IconPencil size={18} />
                                </ActionIcon>
                              </Tooltip>
                              <Tooltip label="Delete">
                                <ActionIcon variant="subtle" color="red" aria-label={`Delete ${rep.name}`} onClick={() => setDeleting(rep)}>
                                  <IconTrash size={18} />
                                </ActionIcon>
                              </Tooltip>
                            </Group>
                          </Table.Td>
                        ) : null}
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Card>
          )
        }
      </QueryState>
      {mayWrite ? <SalesRepModal opened={editing !== null} onClose={() => setEditing(null)} rep={editing === 'new' ? null : editing} /> : null}
      <ConfirmModal
        opened={deleting !== null}
        onClose={() => {
          setDeleting(null);
          remove.reset();
        }}
        title={`Delete ${deleting?.name ?? ''}?`}
        confirmLabel="Delete sales rep"
        onConfirm={() => deleting && remove.mutate(deleting)}
        loading={remove.isPending}
        error={remove.error}
      >
        {deleting?.name} and their contact details are deleted from this workspace.
      </ConfirmModal>
    </>
  );
}
