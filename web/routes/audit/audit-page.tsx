import { Autocomplete, Badge, Button, Card, Code, Group, Input, SegmentedControl, Select, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconDownload, IconFilterOff, IconListDetails } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, withQuery } from '../../api/client.js';
import { keys, useMembers } from '../../api/queries.js';
import type { AuditEventView, AuditPage as AuditPageData } from '../../api/types.js';
import { EmptyStateCard } from '../../components/empty-state-card.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadError, PageLoader } from '../../components/query-state.js';
import { RelativeTimeCell, TableCard } from '../../components/table-card.js';
import { describeUserAgent } from '../../components/user-agent.js';
import { ACTION_GROUPS, ACTION_LABELS, actionLabel } from './audit-actions.js';

const PAGE_SIZE = 50;

export function AuditPage() {
  const [params, setParams] = useSearchParams();
  const filters = {
    action: params.get('action') ?? '',
    outcome: params.get('outcome') ?? '',
    actorUserId: params.get('actor') ?? '',
  };
  const [actionInput, setActionInput] = useState(filters.action);
  useEffect(() => setActionInput(filters.action), [filters.action]);
  const members = useMembers();

  const setFilter = (name: 'action' | 'outcome' | 'actor', value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };

  const events = useInfiniteQuery({
    queryKey: keys.audit(filters),
    queryFn: ({ pageParam }) => api.get<AuditPageData>(withQuery('/api/v1/audit-events', { ...filters, before: pageParam, limit: PAGE_SIZE })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const exportUrl = withQuery('/api/v1/audit-events/export', filters);
  const filtered = Boolean(filters.action || filters.outcome || filters.actorUserId);
  const items = events.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Who did what, when and from where: sign-ins (and failed ones), member and role changes, tokens, settings. Newest first."
        actions={
          <Tooltip label="The download itself is recorded in the log" withArrow>
            <Button component="a" href={exportUrl} download variant="default" leftSection={<IconDownload size={18} />}>
              Download CSV
            </Button>
          </Tooltip>
        }
      />
      <Card withBorder radius="md" mb="md" p="md">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setFilter('action', actionInput.trim());
          }}
        >
          <Group align="flex-end" gap="md" wrap="wrap">
            <Autocomplete
              label="Action"
              placeholder="Any action, or a prefix such as session."
              value={actionInput}
              onChange={setActionInput}
              onOptionSubmit={(value) => setFilter('action', value)}
              data={[
                { group: 'Kinds of action', items: ACTION_GROUPS.map((g) => g.value) },
                { group: 'Single actions', items: Object.keys(ACTION_LABELS).sort() },
              ]}
              renderOption={({ option }) => (
                <Stack gap={0}>
                  <Text size="sm" ff="monospace">
                    {option.value}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {ACTION_GROUPS.find((g) => g.value === option.value)?.label ?? actionLabel(option.value)}
                  </Text>
                </Stack>
              )}
              maxDropdownHeight={360}
              w={270}
              onBlur={() => actionInput.trim() !== filters.action && setFilter('action', actionInput.trim())}
            />
            <Select
              label="Who"
              placeholder="Anyone"
              clearable
              searchable
              value={filters.actorUserId || null}
              onChange={(v) => setFilter('actor', v ?? '')}
              data={(members.data?.items ?? []).map((m) => ({ value: m.userId, label: m.name }))}
              w={190}
            />
            <Input.Wrapper label="Outcome" labelElement="div" id="audit-outcome">
              <SegmentedControl
                display="flex"
                aria-labelledby="audit-outcome-label"
                value={filters.outcome || 'any'}
                onChange={(v) => setFilter('outcome', v === 'any' ? '' : v)}
                data={[
                  { value: 'any', label: 'Any' },
                  { value: 'success', label: 'Succeeded' },
                  { value: 'failure', label: 'Failed' },
                ]}
              />
            </Input.Wrapper>
            <Button type="submit" variant="light">
              Apply
            </Button>
            {filtered ? (
              <Button variant="subtle" color="gray" leftSection={<IconFilterOff size={16} />} onClick={() => setParams(new URLSearchParams(), { replace: true })}>
                Clear filters
              </Button>
            ) : null}
          </Group>
        </form>
      </Card>

      {events.isPending ? (
        <PageLoader label="Loading the audit log…" />
      ) : events.isError ? (
        <LoadError error={events.error} onRetry={() => void events.refetch()} />
      ) : items.length === 0 ? (
        <EmptyStateCard
          icon={<IconListDetails size={28} />}
          title={filtered ? 'Nothing matches these filters' : 'The log is empty'}
          description={filtered ? 'Try a shorter action prefix, or clear the filters.' : 'Events appear here as soon as someone signs in or changes something.'}
        />
      ) : (
        <Stack>
          <TableCard
            minWidth={960}
            verticalSpacing="xs"
            striped
            columns={
              <>
                <Table.Th w={130}>When</Table.Th>
                <Table.Th>Action</Table.Th>
                <Table.Th>Who</Table.Th>
                <Table.Th>From</Table.Th>
                <Table.Th>Details</Table.Th>
              </>
            }
          >
            {items.map((event) => (
              <AuditRow key={event.id} event={event} onFilterAction={(a) => setFilter('action', a)} />
            ))}
          </TableCard>
          <Group justify="center">
            {events.hasNextPage ? (
              <Button variant="default" onClick={() => void events.fetchNextPage()} loading={events.isFetchingNextPage}>
                Load more
              </Button>
            ) : (
              <Text size="sm" c="dimmed">
                {items.length === 1 ? 'That is the only event.' : `That is all ${items.length} events.`}
              </Text>
            )}
          </Group>
        </Stack>
      )}
    </>
  );
}

function AuditRow({ event, onFilterAction }: { event: AuditEventView; onFilterAction: (action: string) => void }) {
  const label = actionLabel(event.action);
  const details = Object.entries(event.details);
  const who = event.actor.name ?? (event.actor.tokenId ? 'API token' : event.actor.userId ? 'Former member' : 'Someone not signed in');
  return (
    <Table.Tr>
      <RelativeTimeCell iso={event.at} />
      <Table.Td>
        <Group gap={6} wrap="nowrap">
          {event.outcome === 'failure' ? (
            <Badge color="red" variant="light" size="sm">
              Failed
            </Badge>
          ) : null}
          <Text size="sm" fw={500}>
            {label ?? event.action}
          </Text>
        </Group>
        <Tooltip label="Show only this action" withArrow openDelay={400}>
          <Text
            component="button"
            type="button"
            size="xs"
            c="dimmed"
            ff="monospace"
            onClick={() => onFilterAction(event.action)}
            style={{ background: 'none', border: 0, padding: 0, cursor: 'pointer' }}
          >
            {event.action}
          </Text>
        </Tooltip>
      </Table.Td>
      <Table.Td>
        <Text size="sm" c={event.actor.name ? undefined : 'dimmed'}>
          {who}
        </Text>
        {event.actor.tokenId ? (
          <Text size="xs" c="dimmed">
            with an API token
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        <Text size="sm" ff="monospace">
          {event.ip ?? '—'}
        </Text>
        {event.userAgent ? (
          <Text size="xs" c="dimmed" title={event.userAgent}>
            {describeUserAgent(event.userAgent)}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        {details.length === 0 && !event.subject.type ? (
          <Text size="sm" c="dimmed">
            —
          </Text>
        ) : (
          <Stack gap={2}>
            {event.subject.type ? (
              <Text size="xs" c="dimmed">
                {event.subject.type.replace(/_/g, ' ')} <Code fz="xs">{event.subject.id}</Code>
              </Text>
            ) : null}
            {details.map(([key, value]) => (
              <Text size="xs" key={key}>
                <Text span c="dimmed" size="xs">
                  {key}:
                </Text>{' '}
                {typeof value === 'string' ? value : JSON.stringify(value)}
              </Text>
            ))}
          </Stack>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
