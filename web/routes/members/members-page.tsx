import { ActionIcon, Anchor, Badge, Button, Group, Stack, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconLogout, IconShieldCheck, IconShieldOff, IconUserMinus, IconUserPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { RoleLabels } from '../../../contract/common.js';
import { api } from '../../api/client.js';
import { keys, useMembers } from '../../api/queries.js';
import type { MemberView, Role } from '../../api/types.js';
import { ConfirmModal } from '../../components/confirm-modal.js';
import { useCan, useMe } from '../../components/me-context.js';
import { notifyError, notifySuccess } from '../../components/notify.js';
import { PageHeader } from '../../components/page-header.js';
import { QueryState } from '../../components/query-state.js';
import { canAssignRole, ROLES, RoleBadge, RoleSelect } from '../../components/roles.js';
import { RelativeTimeCell, TableCard } from '../../components/table-card.js';
import { useConfirmedMutation } from '../../components/use-confirmed-mutation.js';
import { InviteMemberModal } from './invite-member-modal.js';
import { MemberSessionsModal } from './member-sessions-modal.js';
import { PendingInvites } from './pending-invites.js';

export function MembersPage() {
  const me = useMe();
  const can = useCan();
  const members = useMembers();
  const [inviteOpened, invite] = useDisclosure();
  const actorRole = me.membership.role;
  const assignableRoles = ROLES.filter((r) => canAssignRole(actorRole, 'viewer', r));

  return (
    <>
      <PageHeader
        title="Members"
        description={`People who sign in to ${me.workspace.name}. Their role decides what they can see and change.`}
        actions={
          can('member:invite') ? (
            <Button leftSection={<IconUserPlus size={18} />} onClick={invite.open}>
              Invite member
            </Button>
          ) : null
        }
      />
      <Stack gap="xl">
        <QueryState query={members} loadingLabel="Loading members…">
          {(data) => <MembersTable members={data.items} />}
        </QueryState>
        {can('member:invite') ? <PendingInvites /> : null}
      </Stack>
      {can('member:invite') ? <InviteMemberModal opened={inviteOpened} onClose={invite.close} assignableRoles={assignableRoles} /> : null}
    </>
  );
}

function MembersTable({ members }: { members: MemberView[] }) {
  const me = useMe();
  const can = useCan();
  const queryClient = useQueryClient();
  const [viewingSessions, setViewingSessions] = useState<MemberView | null>(null);
  const actorRole = me.membership.role;
  const showSecurity = members.some((m) => m.mfaEnabled !== undefined);

  const changeRole = useMutation({
    mutationFn: ({ member, role }: { member: MemberView; role: Role }) => api.patch<MemberView>(`/api/v1/members/${encodeURIComponent(member.id)}`, { role }),
    onSuccess: (updated) => {
      notifySuccess(`${updated.name} is now ${RoleLabels[updated.role]}.`);
      void queryClient.invalidateQueries({ queryKey: keys.members });
      if (updated.id === me.membership.id) void queryClient.invalidateQueries({ queryKey: keys.me });
    },
    onError: (err) => notifyError(err, 'The role was not changed'),
  });
  const remove = useConfirmedMutation({
    mutationFn: (member: MemberView) => api.delete(`/api/v1/members/${encodeURIComponent(member.id)}`),
    onSuccess: (_v, member) => {
      notifySuccess(`${member.name} was removed from ${me.workspace.name}.`);
      void queryClient.invalidateQueries({ queryKey: keys.members });
    },
  });
  const signOutEverywhere = useConfirmedMutation({
    mutationFn: (member: MemberView) => api.delete<{ sessions: number; devices: number }>(`/api/v1/members/${encodeURIComponent(member.id)}/sessions`),
    onSuccess: (result, member) => {
      notifySuccess(`${member.name} is signed out: ${plural(result.sessions, 'session')} ended, ${plural(result.devices, 'remembered device')} forgotten.`);
      void queryClient.invalidateQueries({ queryKey: keys.members });
    },
  });

  return (
    <>
      <TableCard
        minWidth={760}
        highlightOnHover
        columns={
          <>
            <Table.Th>Member</Table.Th>
            <Table.Th w={200}>Role</Table.Th>
            {showSecurity ? <Table.Th>Two-factor</Table.Th> : null}
            {showSecurity ? <Table.Th>Sessions</Table.Th> : null}
            <Table.Th>Joined</Table.Th>
            {can('member:remove') ? (
              <Table.Th w={100}>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            ) : null}
          </>
        }
      >
        {members.map((m) => {
          const isSelf = m.id === me.membership.id;
          const mayChange = canAssignRole(actorRole, m.role);
          const roleChoices = ROLES.filter((r) => r === m.role || canAssignRole(actorRole, m.role, r));
          return (
            <Table.Tr key={m.id} data-testid={`member-row-${m.email}`}>
              <Table.Td>
                <Group gap={6}>
                  <Text size="sm" fw={500}>
                    {m.name}
                  </Text>
                  {isSelf ? (
                    <Badge size="xs" variant="outline" color="gray">
                      You
                    </Badge>
                  ) : null}
                </Group>
                <Text size="xs" c="dimmed">
                  {m.email}
                </Text>
              </Table.Td>
              <Table.Td>
                {can('member:update') && mayChange && !isSelf ? (
                  <RoleSelect
                    aria-label={`Role of ${m.name}`}
                    size="xs"
                    value={m.role}
                    roles={roleChoices}
                    disabled={changeRole.isPending && changeRole.variables.member.id === m.id}
                    onChange={(role) => role !== m.role && changeRole.mutate({ member: m, role })}
                  />
                ) : (
                  <Tooltip
                    label={isSelf ? 'Another owner or admin can change your role' : 'Only an owner can change an owner'}
                    disabled={!can('member:update')}
                  >
                    <span>
                      <RoleBadge role={m.role} />
                    </span>
                  </Tooltip>
                )}
              </Table.Td>
              {showSecurity ? (
                <Table.Td>
                  {m.mfaEnabled ? (
                    <Badge color="teal" variant="light" leftSection={<IconShieldCheck size={12} />}>
                      On
                    </Badge>
                  ) : (
                    <Badge color="gray" variant="light" leftSection={<IconShieldOff size={12} />}>
                      Off
                    </Badge>
                  )}
                </Table.Td>
              ) : null}
              {showSecurity ? (
                <Table.Td>
                  {m.activeSessions ? (
                    <Anchor component="button" type="button" size="sm" onClick={() => setViewingSessions(m)}>
                      {plural(m.activeSessions, 'active session')}
                    </Anchor>
                  ) : (
                    <Text size="sm" c="dimmed">
                      None
                    </Text>
                  )}
                </Table.Td>
              ) : null}
              <RelativeTimeCell iso={m.joinedAt} />
              {can('member:remove') ? (
                <Table.Td>
                  {isSelf || !mayChange ? null : (
                    <Group gap={4} wrap="nowrap" justify="flex-end">
                      {can('member:revoke_sessions') ? (
                        <Tooltip label="Sign out everywhere">
                          <ActionIcon variant="subtle" color="gray" aria-label={`Sign out everywhere: ${m.name}`} onClick={() => signOutEverywhere.ask(m)}>
                            <IconLogout size={18} />
                          </ActionIcon>
                        </Tooltip>
                      ) : null}
                      <Tooltip label="Remove from workspace">
                        <ActionIcon variant="subtle" color="red" aria-label={`Remove member: ${m.name}`} onClick={() => remove.ask(m)}>
                          <IconUserMinus size={18} />
                        </ActionIcon>
                      </Tooltip>
                    </Group>
                  )}
                </Table.Td>
              ) : null}
            </Table.Tr>
          );
        })}
      </TableCard>

      <ConfirmModal {...remove.confirmProps} title={`Remove ${remove.target?.name ?? ''}?`} confirmLabel="Remove member">
        {remove.target?.name} loses access to {me.workspace.name} right away: their sessions here end and their API tokens stop working. Their account stays, and you
        can invite them again later.
      </ConfirmModal>

      <ConfirmModal
        {...signOutEverywhere.confirmProps}
        title={`Sign ${signOutEverywhere.target?.name ?? ''} out everywhere?`}
        confirmLabel="Sign out everywhere"
      >
        Every browser session of {signOutEverywhere.target?.name} in {me.workspace.name} ends now, and their “keep me signed in” devices are forgotten. They stay a
        member and can sign in again with their password. Use this when a laptop is lost or an account may be in the wrong hands.
      </ConfirmModal>

      <MemberSessionsModal member={viewingSessions} onClose={() => setViewingSessions(null)} />
    </>
  );
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
