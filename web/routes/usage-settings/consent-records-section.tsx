import { Badge, Paper, SimpleGrid, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import type { ConsentRecord, SourceView } from '../../api/types.js';
import { LoadError, PageLoader } from '../../components/query-state.js';
import { formatAbsolute } from '../../components/relative-time.js';
import { TableCard } from '../../components/table-card.js';
import { useConsentRecords } from './usage-queries.js';
import { SourceNameCell, UsageSection } from './usage-section.js';

const METHODS: Record<string, string> = {
  click: 'Clicked in a banner',
  api: 'Your site called consent()',
  signal: 'Browser privacy signal (GPC or DNT)',
};

/**
 * What visitors answered (P14): the counts of 30 days, the latest records, and one visitor's
 * history for when someone asks what they agreed to. Refusals name nobody, so they are counted
 * but cannot be found by visitor; the section says so rather than showing an empty search as an
 * answer.
 */
export function ConsentRecordsSection({ sources }: { sources: readonly SourceView[] | undefined }) {
  const [search, setSearch] = useState('');
  const [person] = useDebouncedValue(search.trim(), 300);
  const records = useConsentRecords(person);
  const names = new Map((sources ?? []).map((s) => [s.id, s.name]));
  return (
    <UsageSection
      id="consent-title"
      title="Consent records"
      description="Each answer a visitor gives, in your banner or through candor.consent(), is kept: what they allowed, when, under which banner version and how. Find a visitor to show them what they agreed to."
    >
      {records.isPending ? (
        <PageLoader label="Loading consent records…" />
      ) : !records.data ? (
        <LoadError error={records.error} onRetry={() => void records.refetch()} />
      ) : (
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <Stat label="Allowed product analytics" value={records.data.summary.granted} />
            <Stat label="Refused" value={records.data.summary.refused} />
            <Stat label="Decided by a browser signal" value={records.data.summary.signals} />
          </SimpleGrid>
          <Text size="xs" c="dimmed">
            Last 30 days. Refusals carry no visitor id, so they are counted here but cannot be found below.
          </Text>
          <TextInput
            label="Find a visitor"
            placeholder="User ID or anonymous ID"
            leftSection={<IconSearch size={16} />}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            maxLength={200}
            maw={420}
          />
          {records.data.items.length === 0 ? (
            <Paper withBorder p="md" radius="md">
              <Text size="sm" c="dimmed">
                {person ? `No consent records name “${person}”. Check the ID; a visitor who only ever refused has no records under their ID.` : 'No consent records yet. They appear once visitors answer your banner.'}
              </Text>
            </Paper>
          ) : (
            <RecordsTable records={records.data.items} names={names} />
          )}
        </Stack>
      )}
    </UsageSection>
  );
}

function Stat({ label, value }: { label: string; value: number }) {
  return (
    <Paper withBorder p="sm" radius="md">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600} size="xl" style={{ fontVariantNumeric: 'tabular-nums' }}>
        {value.toLocaleString()}
      </Text>
    </Paper>
  );
}

function Choice({ allowed }: { allowed: boolean }) {
  return (
    <Badge color={allowed ? 'teal' : 'gray'} variant="light">
      {allowed ? 'Allowed' : 'Refused'}
    </Badge>
  );
}

function RecordsTable({ records, names }: { records: readonly ConsentRecord[]; names: Map<string, string> }) {
  return (
    <TableCard
      minWidth={900}
      verticalSpacing="xs"
      columns={
        <>
          <Table.Th>When</Table.Th>
          <Table.Th>Visitor</Table.Th>
          <Table.Th>Product analytics</Table.Th>
          <Table.Th>Marketing</Table.Th>
          <Table.Th>How</Table.Th>
          <Table.Th>Banner version</Table.Th>
          <Table.Th>Source</Table.Th>
        </>
      }
    >
      {records.map((r, i) => (
        <Table.Tr key={`${r.at}-${i}`}>
          <Table.Td>
            <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
              <time dateTime={r.at}>{formatAbsolute(r.at)}</time>
            </Text>
          </Table.Td>
          <Table.Td>
            <Text size="sm" c={r.visitor ? undefined : 'dimmed'} maw={200} truncate="end" title={r.visitor ?? undefined}>
              {r.visitor ?? 'Not named'}
            </Text>
          </Table.Td>
          <Table.Td>
            <Choice allowed={r.functional} />
          </Table.Td>
          <Table.Td>
            <Choice allowed={r.marketing} />
          </Table.Td>
          <Table.Td>
            <Text size="sm">{METHODS[r.method] ?? r.method}</Text>
          </Table.Td>
          <Table.Td>
            <Tooltip label="The data-consent-version your site declared" openDelay={300} disabled={!r.version}>
              <Text size="sm" c={r.version ? undefined : 'dimmed'}>
                {r.version || 'Not set'}
              </Text>
            </Tooltip>
          </Table.Td>
          <SourceNameCell sourceId={r.sourceId} names={names} />
        </Table.Tr>
      ))}
    </TableCard>
  );
}
