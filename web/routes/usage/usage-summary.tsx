import { Anchor, Badge, Card, Group, Progress, SegmentedControl, SimpleGrid, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconActivity, IconArrowDownRight, IconArrowUpRight } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { UsageSummary } from '../../api/types.js';
import { BarChart } from '../../components/bar-chart.js';
import { EmptyStateCard } from '../../components/empty-state-card.js';
import { useCan } from '../../components/me-context.js';
import { RelativeTime } from '../../components/relative-time.js';

export const PERIODS = ['7', '30', '90'] as const;
export type Period = (typeof PERIODS)[number];

const dayLabel = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });

/** "+50% vs the 30 days before", or nothing when there is no earlier period to compare with. */
function Trend({ now, before, days }: { now: number; before: number; days: number }) {
  if (before === 0 && now === 0) return null;
  if (before === 0)
    return (
      <Text size="xs" c="dimmed">
        none in the {days} days before
      </Text>
    );
  const change = Math.round(((now - before) / before) * 100);
  const up = change >= 0;
  return (
    <Group gap={4}>
      {up ? <IconArrowUpRight size={14} color="var(--mantine-color-teal-7)" /> : <IconArrowDownRight size={14} color="var(--mantine-color-red-7)" />}
      <Text size="xs" c={up ? 'teal.7' : 'red.7'}>
        {up ? '+' : ''}
        {change}% vs the {days} days before
      </Text>
    </Group>
  );
}

function Stat({ label, value, hint, children }: { label: string; value: ReactNode; hint?: string; children?: ReactNode }) {
  return (
    <Card withBorder radius="md" padding="md">
      <Tooltip label={hint} disabled={!hint} multiline w={260}>
        <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
          {label}
        </Text>
      </Tooltip>
      <Text size="xl" fw={700} mt={4}>
        {value}
      </Text>
      {children}
    </Card>
  );
}

export function PeriodControl({ value, onChange }: { value: Period; onChange: (p: Period) => void }) {
  return <SegmentedControl size="xs" value={value} onChange={(v) => onChange(v as Period)} data={PERIODS.map((p) => ({ value: p, label: `${p} days` }))} aria-label="Period" />;
}

/** No event has arrived yet: say where usage comes from, and who can connect it. */
export function NoUsageYet({ scope }: { scope: 'client' | 'workspace' }) {
  const can = useCan();
  return (
    <EmptyStateCard
      icon={<IconActivity />}
      title={scope === 'client' ? 'No product usage for this client yet' : 'No product usage yet'}
      description={
        scope === 'client'
          ? 'Usage appears here once your product sends events for people of this client: a group call with the client’s external id or one of its domains ties them to it.'
          : 'Usage appears here once your product sends events through the tracking tag or a server SDK.'
      }
      actions={
        can('workspace:administer') ? (
          <Anchor component={Link} to="/settings/usage">
            Connect your product under Settings → Usage tracking
          </Anchor>
        ) : (
          <Text size="sm" c="dimmed">
            An admin connects your product under Settings → Usage tracking.
          </Text>
        )
      }
    />
  );
}

/** The usage figures, chart and tables shared by the client's Usage tab and the workspace page. */
export function UsageSummaryView({ usage, showPeople }: { usage: UsageSummary; showPeople: boolean }) {
  const days = usage.days;
  const adoptionPct = usage.adoption.total === 0 ? 0 : Math.round((usage.adoption.used / usage.adoption.total) * 100);
  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="md">
        <Stat label={`Active people, ${days} days`} value={usage.activePeople} hint="Distinct people who sent at least one event in the period.">
          <Trend now={usage.activePeople} before={usage.priorActivePeople} days={days} />
        </Stat>
        <Stat label="Daily · weekly · monthly" value={`${usage.dau} · ${usage.wau} · ${usage.mau}`} hint="DAU: active people on an average day of the period. WAU and MAU: distinct active people in the last 7 and 30 days." />
        <Stat label={`Events, ${days} days`} value={usage.events.toLocaleString()} hint="Tracked events, page views and screen views.">
          <Trend now={usage.events} before={usage.priorEvents} days={days} />
        </Stat>
        <Stat label="Key event adoption" value={usage.adoption.total === 0 ? '—' : `${usage.adoption.used} of ${usage.adoption.total}`} hint="Key events used at least once in the period, of all key events an admin chose.">
          {usage.adoption.total === 0 ? (
            <Text size="xs" c="dimmed">
              No key events chosen yet
            </Text>
          ) : (
            <Progress value={adoptionPct} size="sm" mt={6} aria-label={`${adoptionPct}% of key events used`} />
          )}
        </Stat>
      </SimpleGrid>

      <Card withBorder radius="md" padding="lg">
        <Group justify="space-between" mb="sm">
          <Title order={3} size="h5">
            Active people per day
          </Title>
          {usage.lastSeenAt ? (
            <Text size="sm" c="dimmed">
              Last active <RelativeTime iso={usage.lastSeenAt} />
            </Text>
          ) : null}
        </Group>
        <BarChart unit="active people" bars={usage.series.map((d) => ({ label: dayLabel.format(new Date(`${d.day}T00:00:00Z`)), value: d.activePeople }))} />
      </Card>

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Card withBorder radius="md" padding="lg">
          <Title order={3} size="h5" mb="sm">
            Key events
          </Title>
          {usage.keyEvents.length === 0 ? (
            <Text size="sm" c="dimmed">
              An admin chooses which events matter (such as “Report Exported”) under Settings → Usage tracking; their counts and trend show here.
            </Text>
          ) : (
            <Table verticalSpacing={6}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Event</Table.Th>
                  <Table.Th ta="right">{days} days</Table.Th>
                  <Table.Th ta="right">Before</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {usage.keyEvents.map((k) => (
                  <Table.Tr key={k.name}>
                    <Table.Td>
                      {k.name}
                      {k.count === 0 ? (
                        <Badge ml="xs" size="xs" color="orange" variant="light">
                          not used
                        </Badge>
                      ) : null}
                    </Table.Td>
                    <Table.Td ta="right">{k.count.toLocaleString()}</Table.Td>
                    <Table.Td ta="right" c="dimmed">
                      {k.priorCount.toLocaleString()}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Card>
        <Card withBorder radius="md" padding="lg">
          <Title order={3} size="h5" mb="sm">
            Most frequent events
          </Title>
          {usage.topEvents.length === 0 ? (
            <Text size="sm" c="dimmed">
              No events in the period.
            </Text>
          ) : (
            <Table verticalSpacing={6}>
              <Table.Tbody>
                {usage.topEvents.map((e) => (
                  <Table.Tr key={e.name}>
                    <Table.Td>{e.name}</Table.Td>
                    <Table.Td ta="right">{e.count.toLocaleString()}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Card>
      </SimpleGrid>

      {showPeople ? (
        <Card withBorder radius="md" padding="lg">
          <Title order={3} size="h5" mb="sm">
            People, most recently active first
          </Title>
          {usage.people.length === 0 ? (
            <Text size="sm" c="dimmed">
              No identified people yet: they appear once the product identifies its users and groups them with this client.
            </Text>
          ) : (
            <Table verticalSpacing={6}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Person</Table.Th>
                  <Table.Th>User id</Table.Th>
                  <Table.Th>Last active</Table.Th>
                  <Table.Th ta="right">Events, {days} days</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {usage.people.map((p) => (
                  <Table.Tr key={p.personKey}>
                    <Table.Td>
                      {p.contactId ? (
                        <Anchor component={Link} to={`/contacts/${encodeURIComponent(p.contactId)}`} size="sm">
                          {p.name ?? 'Contact'}
                        </Anchor>
                      ) : (
                        <Text size="sm">{p.name ?? <Text span c="dimmed">Not a contact yet</Text>}</Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" ff="monospace">
                        {p.userId ?? '—'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <RelativeTime iso={p.lastSeenAt} />
                    </Table.Td>
                    <Table.Td ta="right">{p.events.toLocaleString()}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Card>
      ) : null}
    </Stack>
  );
}
