import { Anchor, Card, DataList, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconPin } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { api, withQuery } from '../../api/client.js';
import { keys, useContactList, useCustomFields } from '../../api/queries.js';
import type { ClientView, TaskList, TimelinePage } from '../../api/types.js';
import { ClientStatusBadge } from '../../components/client-status.js';
import { CustomFieldList } from '../../components/custom-field-input.js';
import { formatDay } from '../../components/dates.js';
import { useCan } from '../../components/me-context.js';
import { RelativeTime } from '../../components/relative-time.js';
import { RichText } from '../../components/rich-text.js';
import { ContactRoleBadges } from '../contacts/contact-roles.js';
import { TaskMiniList } from '../tasks/task-mini-list.js';
import type { ClientTab } from './client-page.js';

/** Roles worth seeing first on the overview; everyone else is on the Contacts tab. */
const KEY_ROLES = new Set(['primary', 'champion', 'decision_maker', 'executive_sponsor']);

function Section({ title, action, children }: { title: string; action?: ReactNode; children: ReactNode }) {
  return (
    <Card withBorder radius="md" padding="lg">
      <Group justify="space-between" mb="sm">
        <Title order={3} size="h5">
          {title}
        </Title>
        {action}
      </Group>
      {children}
    </Card>
  );
}

const dash = (
  <Text span size="sm" c="dimmed">
    —
  </Text>
);

export function ClientOverviewTab({ client, onOpenTab }: { client: ClientView; onOpenTab: (tab: ClientTab) => void }) {
  const can = useCan();
  const fields = useCustomFields('client');
  const contacts = useContactList({ clientId: client.id, limit: 100 }, can('contact:read'));
  const timeline = useQuery({
    queryKey: keys.timeline(client.id, 'pinned'),
    queryFn: () => api.get<TimelinePage>(withQuery(`/api/v1/clients/${encodeURIComponent(client.id)}/timeline`, { limit: 1 })),
  });
  const taskQuery = { view: 'all', clientId: client.id, limit: 100 };
  const tasks = useQuery({
    queryKey: keys.taskList(taskQuery),
    queryFn: () => api.get<TaskList>(withQuery('/api/v1/tasks', taskQuery)),
    enabled: can('task:read'),
  });
  const openTasks = (tasks.data?.items ?? []).filter((t) => t.status === 'open' || t.status === 'in_progress');
  const keyContacts = (contacts.data?.items ?? [])
    .map((c) => ({ ...c, roles: c.clients.find((l) => l.id === client.id)?.roles ?? [] }))
    .filter((c) => c.roles.some((r) => KEY_ROLES.has(r)));
  const more = (tab: ClientTab, label: string) => (
    <Anchor component="button" type="button" size="sm" onClick={() => onOpenTab(tab)}>
      {label}
    </Anchor>
  );

  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
      <Stack gap="lg">
        <Section title="Key facts">
          <DataList size="sm" labelWidth={150}>
            <DataList.Item>
              <DataList.ItemLabel>Status</DataList.ItemLabel>
              <DataList.ItemValue>
                <ClientStatusBadge status={client.status} size="sm" />
              </DataList.ItemValue>
            </DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel>Tier</DataList.ItemLabel>
              <DataList.ItemValue>{client.tier ?? dash}</DataList.ItemValue>
            </DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel>CSM</DataList.ItemLabel>
              <DataList.ItemValue>{client.csm?.name ?? dash}</DataList.ItemValue>
            </DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel>Executive sponsor</DataList.ItemLabel>
              <DataList.ItemValue>{client.sponsor?.name ?? dash}</DataList.ItemValue>
            </DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel>Sales rep</DataList.ItemLabel>
              <DataList.ItemValue>{client.salesRep?.name ?? dash}</DataList.ItemValue>
            </DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel>Client since</DataList.ItemLabel>
              <DataList.ItemValue>{client.clientSince ? formatDay(client.clientSince) : dash}</DataList.ItemValue>
            </DataList.Item>
            {client.status === 'terminated' ? (
              <DataList.Item>
                <DataList.ItemLabel>Terminated</DataList.ItemLabel>
                <DataList.ItemValue>
                  {client.terminatedOn ? formatDay(client.terminatedOn) : 'Date not recorded'}
                  {client.terminationReason ? ` · ${client.terminationReason}` : ''}
                </DataList.ItemValue>
              </DataList.Item>
            ) : null}
            <DataList.Item>
              <DataList.ItemLabel>Last touch</DataList.ItemLabel>
              <DataList.ItemValue>{client.lastTouchAt ? <RelativeTime iso={client.lastTouchAt} /> : 'No call, meeting or email yet'}</DataList.ItemValue>
            </DataList.Item>
            {client.externalId ? (
              <DataList.Item>
                <DataList.ItemLabel>External id</DataList.ItemLabel>
                <DataList.ItemValue>
                  <Text span size="sm" ff="monospace">
                    {client.externalId}
                  </Text>
                </DataList.ItemValue>
              </DataList.Item>
            ) : null}
          </DataList>
        </Section>
        {fields.data && fields.data.items.length > 0 ? (
          <Section title="Custom fields" action={client.canEdit ? more('fields', 'Edit') : undefined}>
            <CustomFieldList fields={fields.data.items} values={client.customFields} labelWidth={150} />
          </Section>
        ) : null}
      </Stack>
      <Stack gap="lg">
        <Section title="Summary notes" action={more('timeline', 'Timeline')}>
          {timeline.data && timeline.data.pinned.length > 0 ? (
            <Stack gap="md">
              {timeline.data.pinned.map((entry) => (
                <Stack key={entry.id} gap={4}>
                  <Group gap={6}>
                    <IconPin size={14} color="var(--mantine-color-orange-6)" aria-label="Pinned" />
                    <Text size="sm" fw={600}>
                      {entry.title}
                    </Text>
                  </Group>
                  <RichText html={entry.bodyHtml} />
                  <Text size="xs" c="dimmed">
                    {entry.author ? `${entry.author.name}, ` : ''}
                    <RelativeTime iso={entry.updatedAt} />
                  </Text>
                </Stack>
              ))}
            </Stack>
          ) : (
            <Text size="sm" c="dimmed">
              {timeline.isPending ? 'Loading…' : 'No summary yet. Pin a note on the Timeline tab to keep the story of this client here, where everyone sees it first.'}
            </Text>
          )}
        </Section>
        {can('task:read') ? (
          <Section title="Open tasks" action={more('tasks', 'All tasks')}>
            {openTasks.length > 0 ? (
              <TaskMiniList tasks={openTasks.slice(0, 5)} />
            ) : (
              <Text size="sm" c="dimmed">
                {tasks.isPending ? 'Loading…' : 'Nothing open for this client.'}
              </Text>
            )}
          </Section>
        ) : null}
        {can('contact:read') ? (
          <Section title="Key contacts" action={more('contacts', 'All contacts')}>
            {keyContacts.length > 0 ? (
              <Stack gap="sm">
                {keyContacts.map((c) => (
                  <Group key={c.id} justify="space-between" wrap="nowrap" align="flex-start">
                    <div>
                      <Anchor component={Link} to={`/contacts/${encodeURIComponent(c.id)}`} size="sm" fw={500}>
                        {c.name}
                      </Anchor>
                      <Text size="xs" c="dimmed">
                        {[c.title, c.email].filter(Boolean).join(' · ')}
                      </Text>
                    </div>
                    <ContactRoleBadges roles={c.roles} />
                  </Group>
                ))}
              </Stack>
            ) : (
              <Text size="sm" c="dimmed">
                {contacts.isPending ? 'Loading…' : 'Nobody is marked as primary contact, champion, decision maker or sponsor yet.'}
              </Text>
            )}
          </Section>
        ) : null}
      </Stack>
    </SimpleGrid>
  );
}
