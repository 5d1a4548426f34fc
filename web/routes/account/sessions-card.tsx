import { Badge, Button, Card, Group, Stack, Table, Text, ThemeIcon, Title } from '@mantine/core';
import { IconDeviceDesktop, IconDeviceMobile } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api } from '../../api/client.js';
import { keys } from '../../api/queries.js';
import type { SessionList, SessionView } from '../../api/types.js';
import { ConfirmModal } from '../../components/confirm-modal.js';
import { notifySuccess } from '../../components/notify.js';
import { QueryState } from '../../components/query-state.js';
import { RelativeTime } from '../../components/relative-time.js';
import { RelativeTimeCell, ScrollTable } from '../../components/table-card.js';
import { useConfirmedMutation } from '../../components/use-confirmed-mutation.js';
import { describeUserAgent } from '../../components/user-agent.js';

function isMobile(ua: string): boolean {
  return /Mobile|Android|iPhone|iPad/.test(ua);
}

export function SessionsCard() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const sessions = useQuery({ queryKey: keys.sessions, queryFn: () => api.get<SessionList>('/api/v1/me/sessions') });
  const end = useConfirmedMutation({
    mutationFn: (s: SessionView) => api.delete(`/api/v1/me/sessions/${encodeURIComponent(s.id)}`),
    onSuccess: async (_v, s) => {
      if (s.current) {
        await navigate('/sign-in', { replace: true, state: { notice: 'You ended the session of this browser, so you are signed out.' } });
        queryClient.clear();
        return;
      }
      notifySuccess(s.kind === 'device' ? 'That device is forgotten and signed out.' : 'That session has ended.');
      void queryClient.invalidateQueries({ queryKey: keys.sessions });
    },
  });
  const ending = end.target;

  return (
    <Card withBorder radius="md" padding="xl">
      <Title order={3} size="h4" mb={4}>
        Where you are signed in
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        Browser sessions end when you sign out or stay idle too long. Remembered devices are browsers where you ticked “Keep me signed in on this device”. End anything you
        do not recognise, then change your password.
      </Text>
      <QueryState query={sessions}>
        {(data) => {
          const browserSessions = data.items.filter((s) => s.kind === 'session');
          const devices = data.items.filter((s) => s.kind === 'device');
          return (
            <Stack gap="lg">
              <SessionTable title="Browser sessions" items={browserSessions} empty="No open browser session." onEnd={end.ask} />
              <SessionTable
                title="Remembered devices"
                items={devices}
                empty="No remembered device. Tick “Keep me signed in on this device” when you sign in to stay signed in on a browser."
                onEnd={end.ask}
              />
            </Stack>
          );
        }}
      </QueryState>
      <ConfirmModal
        {...end.confirmProps}
        title={ending?.kind === 'device' ? 'Forget this device?' : 'End this session?'}
        confirmLabel={ending?.kind === 'device' ? 'Forget device' : 'End session'}
      >
        {ending?.current
          ? 'This is the browser you are using now: you will be signed out here.'
          : ending?.kind === 'device'
            ? `${describeUserAgent(ending.userAgent)} will have to sign in with your password again.`
            : `${describeUserAgent(ending?.userAgent ?? '')} is signed out at once.`}
      </ConfirmModal>
    </Card>
  );
}

function SessionTable({ title, items, empty, onEnd }: { title: string; items: SessionView[]; empty: string; onEnd: (s: SessionView) => void }) {
  return (
    <div>
      <Text size="sm" fw={600} mb={6}>
        {title}
      </Text>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : (
        <ScrollTable
          minWidth={720}
          verticalSpacing="sm"
          withTableBorder
          columns={
            <>
              <Table.Th>Browser</Table.Th>
              <Table.Th>Workspace</Table.Th>
              <Table.Th>IP address</Table.Th>
              <Table.Th>Last active</Table.Th>
              <Table.Th>Expires</Table.Th>
              <Table.Th />
            </>
          }
        >
          {items.map((s) => {
            const DeviceIcon = isMobile(s.userAgent) ? IconDeviceMobile : IconDeviceDesktop;
            return (
              <Table.Tr key={s.id} data-testid={s.current ? `current-${s.kind}` : undefined}>
                <Table.Td>
                  <Group gap="sm" wrap="nowrap">
                    <ThemeIcon variant="light" color={s.current ? 'indigo' : 'gray'} radius="md">
                      <DeviceIcon size={18} />
                    </ThemeIcon>
                    <div>
                      <Group gap={6}>
                        <Text size="sm" fw={500} title={s.userAgent}>
                          {describeUserAgent(s.userAgent)}
                        </Text>
                        {s.current ? (
                          <Badge size="sm" variant="filled">
                            This browser
                          </Badge>
                        ) : null}
                      </Group>
                      <Text size="xs" c="dimmed">
                        Signed in <RelativeTime iso={s.createdAt} />
                      </Text>
                    </div>
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{s.workspaceName ?? '—'}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {s.ip}
                  </Text>
                </Table.Td>
                <RelativeTimeCell iso={s.lastSeenAt} />
                <RelativeTimeCell iso={s.expiresAt} />
                <Table.Td ta="right">
                  <Button
                    size="xs"
                    variant="subtle"
                    color="red"
                    onClick={() => onEnd(s)}
                    aria-label={`${s.kind === 'device' ? 'Forget device' : 'End session'}: ${describeUserAgent(s.userAgent)}${s.current ? ' (this browser)' : ''}`}
                  >
                    {s.kind === 'device' ? 'Forget' : 'End'}
                  </Button>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </ScrollTable>
      )}
    </div>
  );
}
