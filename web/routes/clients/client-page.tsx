import { ActionIcon, Alert, Anchor, Badge, Button, Group, Menu, Stack, Tabs, Text, Title } from '@mantine/core';
import { IconActivity, IconAddressBook, IconArrowLeft, IconChecklist, IconDots, IconForms, IconHistory, IconLayoutDashboard, IconPencil, IconTrash } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { ClientUsageTab } from './client-usage-tab.js';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api } from '../../api/client.js';
import { keys, useClient } from '../../api/queries.js';
import type { ClientView } from '../../api/types.js';
import { ClientStatusBadge } from '../../components/client-status.js';
import { ConfirmModal } from '../../components/confirm-modal.js';
import { formatDay } from '../../components/dates.js';
import { ExternalLink } from '../../components/external-link.js';
import { useCan } from '../../components/me-context.js';
import { notifySuccess } from '../../components/notify.js';
import { QueryState } from '../../components/query-state.js';
import { RelativeTime } from '../../components/relative-time.js';
import { useConfirmedMutation } from '../../components/use-confirmed-mutation.js';
import { usePageTitle } from '../../components/use-page-title.js';
import { ClientContactsTab } from './client-contacts-tab.js';
import { ClientCustomFieldsTab } from './client-custom-fields-tab.js';
import { ClientFormModal } from './client-form-modal.js';
import { ClientOverviewTab } from './client-overview-tab.js';
import { ClientTasksTab } from './client-tasks-tab.js';
import { ClientTimelineTab } from './client-timeline-tab.js';

const TABS = ['overview', 'contacts', 'timeline', 'tasks', 'usage', 'fields'] as const;
export type ClientTab = (typeof TABS)[number];

/** The client 360: everything about one client on one page, in tabs. */
export function ClientPage() {
  const { id = '' } = useParams();
  const client = useClient(id);
  return <QueryState query={client}>{(data) => <ClientDetails key={data.id} client={data} />}</QueryState>;
}

function ClientDetails({ client }: { client: ClientView }) {
  usePageTitle(client.name);
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const tab = TABS.find((t) => t === params.get('tab')) ?? 'overview';
  const setTab = (next: ClientTab) => setParams(next === 'overview' ? {} : { tab: next }, { replace: true });

  return (
    <Stack gap="lg">
      <ClientHeader client={client} />
      <Tabs value={tab} onChange={(v) => v && setTab(v as ClientTab)} keepMounted={false}>
        <Tabs.List mb="lg">
          <Tabs.Tab value="overview" leftSection={<IconLayoutDashboard size={16} />}>
            Overview
          </Tabs.Tab>
          {can('contact:read') ? (
            <Tabs.Tab value="contacts" leftSection={<IconAddressBook size={16} />}>
              Contacts
            </Tabs.Tab>
          ) : null}
          <Tabs.Tab value="timeline" leftSection={<IconHistory size={16} />}>
            Timeline
          </Tabs.Tab>
          {can('task:read') ? (
            <Tabs.Tab value="tasks" leftSection={<IconChecklist size={16} />}>
              Tasks
            </Tabs.Tab>
          ) : null}
          <Tabs.Tab value="usage" leftSection={<IconActivity size={16} />}>
            Usage
          </Tabs.Tab>
          <Tabs.Tab value="fields" leftSection={<IconForms size={16} />}>
            Custom fields
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="overview">
          <ClientOverviewTab client={client} onOpenTab={setTab} />
        </Tabs.Panel>
        <Tabs.Panel value="contacts">
          <ClientContactsTab client={client} />
        </Tabs.Panel>
        <Tabs.Panel value="timeline">
          <ClientTimelineTab client={client} />
        </Tabs.Panel>
        <Tabs.Panel value="tasks">
          <ClientTasksTab client={client} />
        </Tabs.Panel>
        <Tabs.Panel value="usage">
          <ClientUsageTab client={client} />
        </Tabs.Panel>
        <Tabs.Panel value="fields">
          <ClientCustomFieldsTab client={client} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" fw={500}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </Stack>
  );
}

const none = (
  <Text span size="sm" c="dimmed">
    —
  </Text>
);

function ClientHeader({ client }: { client: ClientView }) {
  const can = useCan();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const remove = useConfirmedMutation({
    mutationFn: (c: ClientView) => api.delete(`/api/v1/clients/${encodeURIComponent(c.id)}`),
    onSuccess: (_v, c) => {
      notifySuccess(`${c.name} is deleted.`);
      queryClient.removeQueries({ queryKey: keys.client(c.id) });
      void queryClient.invalidateQueries({ queryKey: keys.clients });
      void queryClient.invalidateQueries({ queryKey: keys.tasks });
      void navigate('/clients');
    },
  });

  return (
    <Stack gap="md">
      <Anchor component={Link} to="/clients" size="sm" c="dimmed" w="fit-content">
        <Group gap={4}>
          <IconArrowLeft size={14} /> Clients
        </Group>
      </Anchor>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Group gap="sm" align="center">
          <Title order={2}>{client.name}</Title>
          <ClientStatusBadge status={client.status} size="lg" />
          {client.tier ? (
            <Badge variant="outline" color="gray" size="lg" tt="none">
              {client.tier}
            </Badge>
          ) : null}
        </Group>
        <Group gap="xs" wrap="nowrap">
          {client.canEdit ? (
            <Button leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
              Edit client
            </Button>
          ) : null}
          {can('client:delete') ? (
            <Menu position="bottom-end" shadow="md">
              <Menu.Target>
                <ActionIcon variant="default" size="lg" aria-label={`More actions for ${client.name}`}>
                  <IconDots size={16} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={() => remove.ask(client)}>
                  Delete client
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          ) : null}
        </Group>
      </Group>
      {client.status === 'terminated' ? (
        <Alert color="red" variant="light" title={client.terminatedOn ? `Terminated on ${formatDay(client.terminatedOn)}` : 'Terminated'}>
          {client.terminationReason ? `Reason: ${client.terminationReason}` : 'No reason was recorded.'}
        </Alert>
      ) : null}
      <Group gap="xl" align="flex-start" style={{ rowGap: 12 }}>
        <Fact label="CSM">{client.csm?.name ?? none}</Fact>
        <Fact label="Executive sponsor">{client.sponsor?.name ?? none}</Fact>
        <Fact label="Sales rep">{client.salesRep?.name ?? none}</Fact>
        {client.parent ? (
          <Fact label="Part of">
            <Anchor component={Link} to={`/clients/${encodeURIComponent(client.parent.id)}`} size="sm">
              {client.parent.name}
            </Anchor>
          </Fact>
        ) : null}
        {client.children.length > 0 ? (
          <Fact label={client.children.length === 1 ? 'Subsidiary' : 'Subsidiaries'}>
            <Group gap={8}>
              {client.children.map((c) => (
                <Anchor key={c.id} component={Link} to={`/clients/${encodeURIComponent(c.id)}`} size="sm">
                  {c.name}
                </Anchor>
              ))}
            </Group>
          </Fact>
        ) : null}
        <Fact label="Client since">{client.clientSince ? formatDay(client.clientSince) : none}</Fact>
        <Fact label="Last touch">
          {/* Notes are not a touch (only calls, meetings and emails are), so say so where a CSM would wonder. */}
          {client.lastTouchAt ? <RelativeTime iso={client.lastTouchAt} /> : <Text span size="sm" c="dimmed">No call, meeting or email yet</Text>}
        </Fact>
        {client.domains.length > 0 ? (
          <Fact label={client.domains.length === 1 ? 'Domain' : 'Domains'}>
            <Group gap={8}>
              {client.domains.map((d) => (
                <ExternalLink key={d} href={`https://${d}`} size="sm">
                  {d}
                </ExternalLink>
              ))}
            </Group>
          </Fact>
        ) : null}
        {client.tags.length > 0 ? (
          <Fact label="Tags">
            <Group gap={4}>
              {client.tags.map((t) => (
                <Badge key={t} variant="light" color="gray" tt="none">
                  {t}
                </Badge>
              ))}
            </Group>
          </Fact>
        ) : null}
      </Group>
      {client.canEdit ? <ClientFormModal opened={editing} onClose={() => setEditing(false)} client={client} /> : null}
      <ConfirmModal {...remove.confirmProps} title={`Delete ${remove.target?.name ?? ''}?`} confirmLabel="Delete client">
        {remove.target?.name}, its whole timeline and its tasks are deleted for everyone. Contacts stay, unlinked from it. This cannot be undone; to keep the history,
        set the status to Terminated instead.
      </ConfirmModal>
    </Stack>
  );
}
