import { Anchor, Badge, Button, Card, Group, Progress, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconAlarm, IconArrowRight, IconChecklist, IconCircleCheckFilled, IconCircleDashed, IconShieldCheck, IconUsers } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { RoleDescriptions } from '../../../contract/common.js';
import { api } from '../../api/client.js';
import { keys, useClientList, useCustomFields, useMembers } from '../../api/queries.js';
import type { InviteList, SalesRepList, TaskList, TokenList } from '../../api/types.js';
import { useCan, useMe } from '../../components/me-context.js';
import { RoleBadge } from '../../components/roles.js';
import { usePageTitle } from '../../components/use-page-title.js';

interface Step {
  readonly key: string;
  readonly title: string;
  readonly description: string;
  readonly to: string;
  readonly action: string;
  /** Where "Open" goes once the step is done, when that differs from where the step starts. */
  readonly doneTo?: string;
  /** undefined while the data that decides it is loading. */
  readonly done: boolean | undefined;
}

function firstNameOf(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}

/** Home: where the member is, and the next steps that are open to them today. */
export function HomePage() {
  const me = useMe();
  const can = useCan();
  usePageTitle(me.workspace.name);
  const members = useMembers(can('member:read'));
  const invites = useQuery({ queryKey: keys.invites, queryFn: () => api.get<InviteList>('/api/v1/invites'), enabled: can('member:invite') });
  const tokens = useQuery({ queryKey: keys.tokens('mine'), queryFn: () => api.get<TokenList>('/api/v1/tokens?scope=mine'), enabled: can('token:create') });
  const salesReps = useQuery({ queryKey: keys.salesReps, queryFn: () => api.get<SalesRepList>('/api/v1/sales-reps'), enabled: can('salesrep:write') });
  const clients = useClientList({ limit: 1 }, can('client:write'));
  const customFields = useCustomFields('client', 'include', can('customfield:manage'));
  const myTasks = useQuery({ queryKey: keys.taskList({ view: 'mine', limit: 1 }), queryFn: () => api.get<TaskList>('/api/v1/tasks?view=mine&limit=1'), enabled: can('task:read') });
  const overdue = useQuery({ queryKey: keys.taskList({ view: 'overdue', limit: 1 }), queryFn: () => api.get<TaskList>('/api/v1/tasks?view=overdue&limit=1'), enabled: can('task:read') });

  const steps: Step[] = [];
  if (can('member:invite')) {
    steps.push({
      key: 'invite',
      title: 'Invite your team',
      description: 'Add the CSMs, managers and executives who work your accounts. Each gets a role that decides what they can do.',
      to: '/members',
      action: 'Send invitations',
      done: members.data && invites.data ? members.data.items.length > 1 || invites.data.items.some((i) => i.status === 'pending') : undefined,
    });
  }
  steps.push({
    key: 'mfa',
    title: 'Turn on two-factor sign-in',
    description: 'A code from an authenticator app on your phone keeps your account safe even if your password leaks.',
    to: '/account/security',
    action: 'Set up two-factor',
    done: me.user.mfaEnabled,
  });
  if (can('salesrep:write')) {
    steps.push({
      key: 'sales-reps',
      title: 'Add your sales reps',
      description: 'The people who sold each contract. They need no login; you link clients to them.',
      to: '/sales-reps',
      action: 'Add the first rep',
      done: salesReps.data ? salesReps.data.items.length > 0 : undefined,
    });
  }
  if (can('customfield:manage')) {
    steps.push({
      key: 'custom-fields',
      title: 'Decide what you track about clients',
      description: 'ARR, renewal date, plan: custom fields become columns and filters in the client grid, and imports fill them.',
      to: '/settings/custom-fields',
      action: 'Add custom fields',
      done: customFields.data ? customFields.data.items.length > 0 : undefined,
    });
  }
  // Whoever may import brings the book in; a CSM is only asked while they see no client at all.
  if (can('import:run') || (can('client:write') && clients.data?.total === 0)) {
    const mayImport = can('import:run');
    steps.push({
      key: 'clients',
      title: 'Bring in your clients',
      description: mayImport
        ? 'Import them from a CSV file exported from your CRM or a spreadsheet, or add them one by one on the Clients page.'
        : 'Add the clients you look after, with their CSM, tier and domains.',
      to: mayImport ? '/settings/imports/new?entity=client' : '/clients?new=1',
      action: mayImport ? 'Start an import' : 'Add your first client',
      doneTo: '/clients',
      done: clients.data ? clients.data.total > 0 : undefined,
    });
  }
  if (can('token:create')) {
    steps.push({
      key: 'token',
      title: 'Create an API token',
      description: 'Connect your CRM, billing or data warehouse to Candor through its API.',
      to: '/settings/tokens',
      action: 'Create a token',
      done: tokens.data ? tokens.data.items.some((t) => t.revokedAt === null) : undefined,
    });
  }
  const doneCount = steps.filter((s) => s.done).length;

  return (
    <Stack gap="xl">
      <Stack gap={6}>
        <Title order={2}>Welcome, {firstNameOf(me.user.name)}</Title>
        <Group gap="xs">
          <Text c="dimmed">
            You are in <b>{me.workspace.name}</b> as
          </Text>
          <RoleBadge role={me.membership.role} />
        </Group>
        <Text size="sm" c="dimmed">
          {RoleDescriptions[me.membership.role]}
        </Text>
      </Stack>

      {can('task:read') && myTasks.data && (myTasks.data.total > 0 || (overdue.data?.total ?? 0) > 0) ? (
        <Card withBorder radius="md" padding="lg">
          <Group justify="space-between" wrap="nowrap">
            <Group gap="xl">
              <Group gap="sm" wrap="nowrap">
                <ThemeIcon variant="light" size="lg" radius="md">
                  <IconChecklist size={20} />
                </ThemeIcon>
                <div>
                  <Text fw={700} fz="xl" lh={1.1}>
                    {myTasks.data.total}
                  </Text>
                  <Text size="sm" c="dimmed">
                    open {myTasks.data.total === 1 ? 'task' : 'tasks'} for you
                  </Text>
                </div>
              </Group>
              {overdue.data && overdue.data.total > 0 ? (
                <Group gap="sm" wrap="nowrap">
                  <ThemeIcon variant="light" color="red" size="lg" radius="md">
                    <IconAlarm size={20} />
                  </ThemeIcon>
                  <div>
                    <Text fw={700} fz="xl" lh={1.1} c="red.7">
                      {overdue.data.total}
                    </Text>
                    {/* Not only the member's own: the overdue view covers every task they can see. */}
                    <Text size="sm" c="dimmed">
                      overdue across your clients
                    </Text>
                  </div>
                </Group>
              ) : null}
            </Group>
            <Button component={Link} to={overdue.data && overdue.data.total > 0 ? '/tasks?view=overdue' : '/tasks'} variant="light" rightSection={<IconArrowRight size={16} />}>
              Open my tasks
            </Button>
          </Group>
        </Card>
      ) : null}

      <Card withBorder radius="md" padding="lg">
        <Group justify="space-between" mb="md" align="flex-end">
          <div>
            <Title order={3} size="h4">
              Next steps
            </Title>
            <Text size="sm" c="dimmed">
              {doneCount === steps.length ? 'All done. Nice work.' : `${doneCount} of ${steps.length} done`}
            </Text>
          </div>
        </Group>
        <Progress value={(doneCount / steps.length) * 100} size="sm" mb="lg" aria-label={`${doneCount} of ${steps.length} steps done`} />
        <Stack gap={0}>
          {steps.map((step, index) => (
            <Group
              key={step.key}
              wrap="nowrap"
              align="flex-start"
              py="md"
              gap="md"
              style={{ borderTop: index === 0 ? undefined : '1px solid var(--mantine-color-gray-2)' }}
            >
              {step.done ? (
                <IconCircleCheckFilled size={24} color="var(--mantine-color-teal-6)" aria-label="Done" style={{ flexShrink: 0 }} />
              ) : (
                <IconCircleDashed size={24} color="var(--mantine-color-gray-5)" aria-label="Not done yet" style={{ flexShrink: 0 }} />
              )}
              <Stack gap={2} style={{ flex: 1 }}>
                <Group gap="xs">
                  <Text fw={600} td={step.done ? 'line-through' : undefined} c={step.done ? 'dimmed' : undefined}>
                    {step.title}
                  </Text>
                  {step.done ? (
                    <Badge color="teal" variant="light" size="sm">
                      Done
                    </Badge>
                  ) : null}
                </Group>
                <Text size="sm" c="dimmed">
                  {step.description}
                </Text>
              </Stack>
              <Button
                component={Link}
                to={step.done && step.doneTo ? step.doneTo : step.to}
                variant={step.done ? 'subtle' : 'light'}
                size="sm"
                rightSection={<IconArrowRight size={16} />}
                style={{ flexShrink: 0 }}
              >
                {step.done ? 'Open' : step.action}
              </Button>
            </Group>
          ))}
        </Stack>
      </Card>

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder radius="md" padding="lg">
          <Group gap="sm" mb="xs" wrap="nowrap">
            <ThemeIcon variant="light" size="lg" radius="md">
              <IconShieldCheck size={20} />
            </ThemeIcon>
            <Title order={3} size="h5">
              A privacy policy you can check
            </Title>
          </Group>
          <Text size="sm" c="dimmed" mb="sm">
            Every promise Candor makes about your data is enforced by code and proven by a test. See which ones are kept today, where, and by which tests.
          </Text>
          {can('promise:read') ? (
            <Anchor component={Link} to="/settings/promises" size="sm" fw={500}>
              See how each promise is kept →
            </Anchor>
          ) : null}
        </Card>
        <Card withBorder radius="md" padding="lg">
          <Group gap="sm" mb="xs" wrap="nowrap">
            <ThemeIcon variant="light" size="lg" radius="md" color="teal">
              <IconUsers size={20} />
            </ThemeIcon>
            <Title order={3} size="h5">
              {me.workspace.name}
            </Title>
          </Group>
          <Text size="sm" c="dimmed" mb="sm">
            {members.data
              ? `${members.data.items.length} ${members.data.items.length === 1 ? 'member' : 'members'}${
                  invites.data ? `, ${invites.data.items.filter((i) => i.status === 'pending').length} pending invitations` : ''
                }.`
              : 'Your team in this workspace.'}
          </Text>
          {can('member:read') ? (
            <Anchor component={Link} to="/members" size="sm" fw={500}>
              See who is here →
            </Anchor>
          ) : null}
        </Card>
      </SimpleGrid>
    </Stack>
  );
}
