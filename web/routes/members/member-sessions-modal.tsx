import { Badge, Modal, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { keys } from '../../api/queries.js';
import type { MemberView, SessionList } from '../../api/types.js';
import { QueryState } from '../../components/query-state.js';
import { RelativeTime } from '../../components/relative-time.js';
import { ScrollTable } from '../../components/table-card.js';
import { describeUserAgent } from '../../components/user-agent.js';

/**
 * The browser sessions and remembered devices a member has in this workspace, for an admin
 * deciding whether to sign them out everywhere.
 */
export function MemberSessionsModal({ member, onClose }: { member: MemberView | null; onClose: () => void }) {
  const sessions = useQuery({
    queryKey: keys.memberSessions(member?.id ?? ''),
    queryFn: () => api.get<SessionList>(`/api/v1/members/${encodeURIComponent(member?.id ?? '')}/sessions`),
    enabled: member !== null,
  });
  return (
    <Modal opened={member !== null} onClose={onClose} title={member ? `Sessions of ${member.name}` : ''} size="xl" centered>
      <QueryState query={sessions}>
        {(data) =>
          data.items.length === 0 ? (
            <Text size="sm" c="dimmed">
              {member?.name} has no open session or remembered device in this workspace.
            </Text>
          ) : (
            <Stack>
              <ScrollTable
                minWidth={600}
                verticalSpacing="sm"
                columns={
                  <>
                    <Table.Th>Browser</Table.Th>
                    <Table.Th>IP address</Table.Th>
                    <Table.Th>Last active</Table.Th>
                    <Table.Th>Signed in</Table.Th>
                  </>
                }
              >
                {data.items.map((s) => (
                  <Table.Tr key={s.id}>
                    <Table.Td>
                      <Text size="sm" title={s.userAgent}>
                        {describeUserAgent(s.userAgent)}{' '}
                        {s.kind === 'device' ? (
                          <Badge size="xs" variant="light" color="gray">
                            Kept signed in
                          </Badge>
                        ) : null}
                        {s.current ? (
                          <Badge size="xs" variant="light">
                            You, here
                          </Badge>
                        ) : null}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" ff="monospace">
                        {s.ip}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <RelativeTime iso={s.lastSeenAt} />
                    </Table.Td>
                    <Table.Td>
                      <RelativeTime iso={s.createdAt} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </ScrollTable>
            </Stack>
          )
        }
      </QueryState>
    </Modal>
  );
}
