import { Badge, Button, Card, Group, Table, Text, Title } from '@mantine/core';
import { IconMailForward } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { keys } from '../../api/queries.js';
import type { InviteList, InviteView } from '../../api/types.js';
import { ConfirmModal } from '../../components/confirm-modal.js';
import { notifyError, notifySuccess } from '../../components/notify.js';
import { QueryState } from '../../components/query-state.js';
import { RelativeTime } from '../../components/relative-time.js';
import { RoleBadge } from '../../components/roles.js';
import { RelativeTimeCell, TableCard } from '../../components/table-card.js';
import { useConfirmedMutation } from '../../components/use-confirmed-mutation.js';

/** Invitations still open, and expired ones that can be sent again; accepted ones are members now. */
export function PendingInvites() {
  const queryClient = useQueryClient();
  const invites = useQuery({ queryKey: keys.invites, queryFn: () => api.get<InviteList>('/api/v1/invites') });
  const revoke = useConfirmedMutation({
    mutationFn: (invite: InviteView) => api.delete(`/api/v1/invites/${encodeURIComponent(invite.id)}`),
    onSuccess: (_v, invite) => {
      notifySuccess(`The invitation for ${invite.email} no longer works.`);
      void queryClient.invalidateQueries({ queryKey: keys.invites });
    },
  });
  const resend = useMutation({
    mutationFn: (invite: InviteView) => api.post<InviteView>('/api/v1/invites', { email: invite.email, role: invite.role }),
    onSuccess: (created) => {
      notifySuccess(`A new invitation is on its way to ${created.email}.`);
      void queryClient.invalidateQueries({ queryKey: keys.invites });
      void queryClient.invalidateQueries({ queryKey: keys.outbox });
    },
    onError: (err) => notifyError(err, 'The invitation was not sent'),
  });

  return (
    <section aria-labelledby="invites-title">
      <Group justify="space-between" mb="sm">
        <div>
          <Title order={3} size="h4" id="invites-title">
            Invitations
          </Title>
          <Text size="sm" c="dimmed">
            Each link works once and for 7 days.
          </Text>
        </div>
      </Group>
      <QueryState query={invites}>
        {(data) => {
          const open = data.items.filter((i) => i.status === 'pending' || i.status === 'expired');
          if (open.length === 0) {
            return (
              <Card withBorder radius="md" py="lg">
                <Text size="sm" c="dimmed">
                  No invitations are waiting for an answer. Use “Invite member” above to add someone.
                </Text>
              </Card>
            );
          }
          return (
            <TableCard
              minWidth={720}
              columns={
                <>
                  <Table.Th>Email</Table.Th>
                  <Table.Th>Role</Table.Th>
                  <Table.Th>Invited by</Table.Th>
                  <Table.Th>Sent</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th />
                </>
              }
            >
              {open.map((invite) => (
                <Table.Tr key={invite.id} data-testid={`invite-row-${invite.email}`}>
                  <Table.Td>
                    <Text size="sm">{invite.email}</Text>
                  </Table.Td>
                  <Table.Td>
                    <RoleBadge role={invite.role} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{invite.invitedBy ?? '—'}</Text>
                  </Table.Td>
                  <RelativeTimeCell iso={invite.createdAt} />
                  <Table.Td>
                    {invite.status === 'pending' ? (
                      <Text size="sm">
                        <Badge color="blue" variant="light" mr={6}>
                          Pending
                        </Badge>
                        <Text span size="xs" c="dimmed">
                          expires <RelativeTime iso={invite.expiresAt} />
                        </Text>
                      </Text>
                    ) : (
                      <Badge color="gray" variant="light">
                        Expired
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">
                    {invite.status === 'pending' ? (
                      <Button size="xs" variant="subtle" color="red" onClick={() => revoke.ask(invite)} aria-label={`Revoke invitation: ${invite.email}`}>
                        Revoke
                      </Button>
                    ) : (
                      <Button
                        size="xs"
                        variant="subtle"
                        leftSection={<IconMailForward size={14} />}
                        loading={resend.isPending && resend.variables.id === invite.id}
                        onClick={() => resend.mutate(invite)}
                        aria-label={`Send again: ${invite.email}`}
                      >
                        Send again
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </TableCard>
          );
        }}
      </QueryState>
      <ConfirmModal {...revoke.confirmProps} title="Revoke this invitation?" confirmLabel="Revoke invitation">
        The link sent to {revoke.target?.email} stops working. You can invite them again later.
      </ConfirmModal>
    </section>
  );
}
