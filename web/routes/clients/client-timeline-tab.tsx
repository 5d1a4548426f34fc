import { ActionIcon, Badge, Button, Card, Group, Menu, SegmentedControl, Stack, Text, ThemeIcon, Timeline, Title } from '@mantine/core';
import { IconCalendarEvent, IconDots, IconMail, IconNote, IconPencil, IconPhone, IconPin, IconPinnedOff, IconTrash } from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { EngagementTypeLabels } from '../../../contract/timeline.js';
import { api, withQuery } from '../../api/client.js';
import { keys } from '../../api/queries.js';
import type { ClientView, EngagementType, EngagementView, TimelinePage } from '../../api/types.js';
import { ConfirmModal } from '../../components/confirm-modal.js';
import { EmptyStateCard } from '../../components/empty-state-card.js';
import { useCan } from '../../components/me-context.js';
import { notifyError, notifySuccess } from '../../components/notify.js';
import { LoadError, PageLoader } from '../../components/query-state.js';
import { formatAbsolute, RelativeTime } from '../../components/relative-time.js';
import { RichText } from '../../components/rich-text.js';
import { useConfirmedMutation } from '../../components/use-confirmed-mutation.js';
import { EngagementModal, type EngagementDraft } from './engagement-modal.js';

const TYPES: readonly EngagementType[] = ['note', 'call', 'meeting', 'email'];
const TYPE_ICONS = { note: IconNote, call: IconPhone, meeting: IconCalendarEvent, email: IconMail } as const;
const TYPE_COLORS = { note: 'yellow', call: 'teal', meeting: 'indigo', email: 'cyan' } as const;
const PLURALS: Record<EngagementType, string> = { note: 'Notes', call: 'Calls', meeting: 'Meetings', email: 'Emails' };

/** Everything that happened with this client, newest first, with the pinned summary notes on top. */
export function ClientTimelineTab({ client }: { client: ClientView }) {
  const can = useCan();
  const [type, setType] = useState<'all' | EngagementType>('all');
  const [draft, setDraft] = useState<EngagementDraft | null>(null);
  const mayWrite = can('engagement:write') && client.canEdit;
  const timeline = useInfiniteQuery({
    queryKey: keys.timeline(client.id, type),
    queryFn: ({ pageParam }) =>
      api.get<TimelinePage>(withQuery(`/api/v1/clients/${encodeURIComponent(client.id)}/timeline`, { type: type === 'all' ? undefined : type, before: pageParam, limit: 20 })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

  const pinned = timeline.data?.pages[0]?.pinned ?? [];
  const pinnedIds = new Set(pinned.map((p) => p.id));
  // Pinned entries come back in the stream too; they are shown once, on top.
  const items = (timeline.data?.pages ?? []).flatMap((p) => p.items).filter((e) => !pinnedIds.has(e.id));

  return (
    <Stack gap="md">
      <Group justify="space-between" gap="sm">
        <SegmentedControl
          aria-label="Show entries of type"
          value={type}
          onChange={(v) => setType(v as 'all' | EngagementType)}
          data={[{ value: 'all', label: 'All' }, ...TYPES.map((t) => ({ value: t, label: PLURALS[t] }))]}
        />
        {mayWrite ? (
          <Group gap="xs">
            {TYPES.map((t) => {
              const Icon = TYPE_ICONS[t];
              return (
                <Button key={t} variant={t === 'note' ? 'filled' : 'default'} leftSection={<Icon size={16} />} onClick={() => setDraft({ kind: 'create', type: t })}>
                  Log {EngagementTypeLabels[t].toLowerCase()}
                </Button>
              );
            })}
          </Group>
        ) : null}
      </Group>

      {timeline.isPending ? <PageLoader label="Loading the timeline…" /> : null}
      {timeline.isError ? <LoadError error={timeline.error} onRetry={() => void timeline.refetch()} /> : null}

      {pinned.length > 0 ? (
        <Card withBorder radius="md" padding="md" bg="yellow.0" component="section" aria-label="Pinned summary notes">
          <Group gap={6} mb="sm">
            <IconPin size={16} color="var(--mantine-color-orange-6)" aria-hidden />
            <Title order={3} size="h6">
              Pinned
            </Title>
          </Group>
          <Stack gap="md">
            {pinned.map((entry) => (
              <TimelineEntry key={entry.id} entry={entry} onEdit={() => setDraft({ kind: 'edit', entry })} />
            ))}
          </Stack>
        </Card>
      ) : null}

      {timeline.data && items.length === 0 && pinned.length === 0 ? (
        <EmptyStateCard
          icon={<IconNote size={28} />}
          title={type === 'all' ? 'Nothing logged yet' : `No ${PLURALS[type].toLowerCase()} yet`}
          description="Log calls, meetings, emails and notes here, so anyone picking up this client knows the story so far."
        />
      ) : null}

      {items.length > 0 ? (
        <Card withBorder radius="md" padding="lg">
          <Timeline bulletSize={30} lineWidth={2}>
            {items.map((entry) => {
              const Icon = TYPE_ICONS[entry.type];
              return (
                <Timeline.Item
                  key={entry.id}
                  bullet={
                    <ThemeIcon size={30} radius="xl" variant="light" color={TYPE_COLORS[entry.type]}>
                      <Icon size={16} />
                    </ThemeIcon>
                  }
                >
                  <TimelineEntry entry={entry} onEdit={() => setDraft({ kind: 'edit', entry })} />
                </Timeline.Item>
              );
            })}
          </Timeline>
          {timeline.hasNextPage ? (
            <Group justify="center" mt="md">
              <Button variant="default" loading={timeline.isFetchingNextPage} onClick={() => void timeline.fetchNextPage()}>
                Load older entries
              </Button>
            </Group>
          ) : null}
        </Card>
      ) : null}

      {mayWrite ? <EngagementModal client={client} draft={draft} onClose={() => setDraft(null)} /> : null}
    </Stack>
  );
}

function TimelineEntry({ entry, onEdit }: { entry: EngagementView; onEdit: () => void }) {
  const queryClient = useQueryClient();
  const label = EngagementTypeLabels[entry.type].toLowerCase();
  const pin = useMutation({
    mutationFn: () => api.patch<EngagementView>(`/api/v1/timeline/${encodeURIComponent(entry.id)}`, { pinned: !entry.pinned }),
    onSuccess: (saved) => {
      notifySuccess(saved.pinned ? `“${saved.title}” is pinned to the top.` : `“${saved.title}” is no longer pinned.`);
      void queryClient.invalidateQueries({ queryKey: keys.client(entry.clientId) });
    },
    onError: (err) => notifyError(err, 'The entry was not changed'),
  });
  const remove = useConfirmedMutation({
    mutationFn: (e: EngagementView) => api.delete(`/api/v1/timeline/${encodeURIComponent(e.id)}`),
    onSuccess: () => {
      notifySuccess(`The ${label} is deleted.`);
      void queryClient.invalidateQueries({ queryKey: keys.clients });
    },
  });
  const contacts = entry.participants.filter((p) => p.type === 'contact').map((p) => p.name);
  // Contacts outside the reader's book are counted by the server, never named.
  if (entry.hiddenParticipants > 0) contacts.push(`${entry.hiddenParticipants} ${entry.hiddenParticipants === 1 ? 'contact' : 'contacts'} outside your book`);
  // The author is already named ("by …"); listing them again under "your team" only adds noise.
  const team = entry.participants.filter((p) => p.type === 'member' && p.id !== entry.author?.id && p.name !== entry.author?.name).map((p) => p.name);

  return (
    <Stack gap={6} data-testid={`timeline-entry-${entry.id}`} component="article" aria-label={`${EngagementTypeLabels[entry.type]}: ${entry.title}`}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Stack gap={2}>
          <Group gap={8}>
            <Text fw={600} size="sm">
              {entry.title}
            </Text>
            <Badge size="xs" variant="light" color={TYPE_COLORS[entry.type]}>
              {EngagementTypeLabels[entry.type]}
            </Badge>
          </Group>
          <Text size="xs" c="dimmed">
            <time dateTime={entry.occurredAt} title={formatAbsolute(entry.occurredAt)}>
              {formatAbsolute(entry.occurredAt)}
            </time>
            {entry.author ? ` · by ${entry.author.name}` : ''}
            {contacts.length > 0 ? ` · with ${contacts.join(', ')}` : ''}
            {team.length > 0 ? ` · your team: ${team.join(', ')}` : ''}
            {entry.updatedAt !== entry.createdAt ? (
              <>
                {' · edited '}
                <RelativeTime iso={entry.updatedAt} />
              </>
            ) : null}
          </Text>
        </Stack>
        {entry.canEdit ? (
          <Menu position="bottom-end" shadow="md">
            <Menu.Target>
              <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${label} “${entry.title}”`} loading={pin.isPending}>
                <IconDots size={16} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item leftSection={<IconPencil size={16} />} onClick={onEdit}>
                Edit
              </Menu.Item>
              <Menu.Item leftSection={entry.pinned ? <IconPinnedOff size={16} /> : <IconPin size={16} />} onClick={() => pin.mutate()}>
                {entry.pinned ? 'Unpin' : 'Pin to the top'}
              </Menu.Item>
              <Menu.Divider />
              <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={() => remove.ask(entry)}>
                Delete
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        ) : null}
      </Group>
      {entry.bodyHtml ? <RichText html={entry.bodyHtml} /> : null}
      <ConfirmModal {...remove.confirmProps} title={`Delete this ${label}?`} confirmLabel={`Delete ${label}`}>
        “{remove.target?.title}” is removed from the timeline for everyone. This cannot be undone.
      </ConfirmModal>
    </Stack>
  );
}
