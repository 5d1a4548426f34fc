import { ActionIcon, Alert, Anchor, Badge, Button, Group, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconInfoCircle, IconPencil, IconPlus, IconTrash, IconUsersGroup } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { RoleLabels, type Role } from '../../../contract/common.js';
import { api } from '../../api/client.js';
import { keys, useTeams, useWorkspace } from '../../api/queries.js';
import type { TeamView } from '../../api/types.js';
import { ConfirmModal } from '../../components/confirm-modal.js';
import { EmptyStateCard } from '../../components/empty-state-card.js';
import { notifySuccess } from '../../components/notify.js';
import { PageHeader } from '../../components/page-header.js';
import { QueryState } from '../../components/query-state.js';
import { TableCard } from '../../components/table-card.js';
import { useConfirmedMutation } from '../../components/use-confirmed-mutation.js';
import { TeamModal } from './team-modal.js';

const ABOUT =
  'A team groups a manager with the CSMs they lead. A manager sees the clients of every CSM in their teams; CSMs and viewers see only the clients they are CSM or sponsor of, and owners, admins and executives see them all.';

export function TeamsPage() {
  const teams = useTeams();
  const workspace = useWorkspace();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<TeamView | 'new' | null>(null);
  const remove = useConfirmedMutation({
    mutationFn: (team: TeamView) => api.delete(`/api/v1/teams/${encodeURIComponent(team.id)}`),
    onSuccess: (_v, team) => {
      notifySuccess(`${team.name} is deleted.`);
      void queryClient.invalidateQueries({ queryKey: keys.teams });
      void queryClient.invalidateQueries({ queryKey: keys.clients });
    },
  });
  const addButton = (
    <Button leftSection={<IconPlus size={18} />} onClick={() => setEditing('new')}>
      New team
    </Button>
  );

  return (
    <>
      <PageHeader title="Teams" description={ABOUT} actions={addButton} />
      {workspace.data?.recordVisibility === 'open' ? (
        <Alert color="blue" variant="light" icon={<IconInfoCircle size={18} />} mb="md">
          Everyone in this workspace sees every client right now, so teams only fill “My team’s clients”. To limit what each person sees, choose “By role” under{' '}
          <Anchor component={Link} to="/settings/workspace" size="sm">
            Workspace → Who sees which clients
          </Anchor>
          .
        </Alert>
      ) : null}
      <QueryState query={teams} loadingLabel="Loading teams…">
        {(data) =>
          data.items.length === 0 ? (
            <EmptyStateCard icon={<IconUsersGroup size={28} />} title="No teams yet" description={ABOUT} actions={addButton} />
          ) : (
            <TableCard
              minWidth={640}
              columns={
                <>
                  <Table.Th w={220}>Team</Table.Th>
                  <Table.Th>Members</Table.Th>
                  <Table.Th w={90}>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </>
              }
            >
              {data.items.map((team) => (
                <Table.Tr key={team.id}>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {team.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {team.members.length} {team.members.length === 1 ? 'member' : 'members'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {team.members.length === 0 ? (
                      <Text size="sm" c="dimmed">
                        Nobody yet
                      </Text>
                    ) : (
                      <Group gap={6}>
                        {team.members.map((m) => (
                          <Badge key={m.id} variant={m.role === 'manager' ? 'filled' : 'light'} color={m.role === 'manager' ? 'blue' : 'gray'} tt="none" size="lg" radius="sm">
                            {m.name}
                            <Text span size="xs" ml={4} opacity={0.8}>
                              {RoleLabels[m.role as Role] ?? m.role}
                            </Text>
                          </Badge>
                        ))}
                      </Group>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap" justify="flex-end">
                      <Tooltip label="Edit">
                        <ActionIcon variant="subtle" color="gray" aria-label={`Edit ${team.name}`} onClick={() => setEditing(team)}>
                          <IconPencil size={16} />
                        </ActionIcon>
                      </Tooltip>
                      <Tooltip label="Delete">
                        <ActionIcon variant="subtle" color="red" aria-label={`Delete ${team.name}`} onClick={() => remove.ask(team)}>
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Tooltip>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </TableCard>
          )
        }
      </QueryState>
      <TeamModal opened={editing !== null} onClose={() => setEditing(null)} team={editing === 'new' ? null : editing} />
      <ConfirmModal {...remove.confirmProps} title={`Delete ${remove.target?.name ?? ''}?`} confirmLabel="Delete team">
        Its managers stop seeing the clients of its CSMs (unless another team links them). Nobody loses their own clients.
      </ConfirmModal>
    </>
  );
}
