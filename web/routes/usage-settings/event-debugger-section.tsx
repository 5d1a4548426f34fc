import { Alert, Badge, Button, Card, Code, Group, List, Stack, Table, Text, ThemeIcon, Tooltip } from '@mantine/core';
import { IconAlertCircle, IconBroadcast, IconEraser, IconPlayerPause, IconPlayerPlay } from '@tabler/icons-react';
import { useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { errorMessage } from '../../api/client.js';
import { keys } from '../../api/queries.js';
import type { DebugEntry, SourceView } from '../../api/types.js';
import { CopyValue } from '../../components/copy-value.js';
import { LoadError, PageLoader } from '../../components/query-state.js';
import { formatAbsolute } from '../../components/relative-time.js';
import { TableCard } from '../../components/table-card.js';
import type { DebugLog } from './usage-queries.js';
import { SourceNameCell, UsageSection } from './usage-section.js';
import { curlExample, DEBUG_KEEP } from './usage-snippets.js';

const OUTCOMES: Record<DebugEntry['outcome'], { color: string; label: string; help: string }> = {
  stored: { color: 'teal', label: 'Stored', help: 'Kept, after masking URL parameters and checking for sensitive data.' },
  duplicate: { color: 'gray', label: 'Duplicate', help: 'This source already sent an event with this message ID in the last two days; Candor kept the first one only.' },
  rejected: { color: 'red', label: 'Rejected', help: 'Not kept. The last column says why: something in the event is wrong (in red), or a privacy rule such as consent kept it out (in grey).' },
};

/**
 * The server starts the reasons for what it chose not to keep (no consent, a privacy signal,
 * sensitive data, a crawler) with "not stored:", which the Rejected badge already says; those are
 * the privacy rules working, not mistakes in the event, so they are not shown in red.
 */
function readableReason(reason: string): { text: string; deliberate: boolean } {
  if (!reason.startsWith('not stored: ')) return { text: reason, deliberate: false };
  const text = reason.slice('not stored: '.length);
  return { text: text.charAt(0).toUpperCase() + text.slice(1), deliberate: true };
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

interface DebuggerSectionProps {
  readonly log: UseQueryResult<DebugLog>;
  readonly sources: readonly SourceView[] | undefined;
  readonly paused: boolean;
  readonly onPausedChange: (paused: boolean) => void;
}

/** Events as they arrive, kept or not and why: what an admin watches while wiring up a site. */
export function EventDebuggerSection({ log, sources, paused, onPausedChange }: DebuggerSectionProps) {
  const queryClient = useQueryClient();
  const newest = log.data?.items[0]?.at;
  const clear = () => {
    // Later polls start after the newest line cleared, so the cleared lines do not come back.
    if (newest) queryClient.setQueryData<DebugLog>(keys.usageDebugger, { items: [], since: new Date(Date.parse(newest) + 1).toISOString(), cleared: true });
  };
  return (
    <UsageSection
      id="debugger-title"
      title="Live event debugger"
      description="Events appear here within seconds of reaching Candor, including the ones it did not keep and why. Use it to check a new snippet or integration."
      actions={
        <>
          <Tooltip label={paused ? 'Not checking for new events' : 'Checks for new events every 2 seconds while this page is visible'}>
            <Badge variant="dot" color={paused ? 'gray' : 'teal'} size="lg" tt="none" fw={500}>
              {paused ? 'Paused' : 'Live'}
            </Badge>
          </Tooltip>
          <Button variant="default" size="sm" leftSection={paused ? <IconPlayerPlay size={16} /> : <IconPlayerPause size={16} />} onClick={() => onPausedChange(!paused)}>
            {paused ? 'Resume' : 'Pause'}
          </Button>
          <Button variant="default" size="sm" leftSection={<IconEraser size={16} />} onClick={clear} disabled={!newest}>
            Clear
          </Button>
        </>
      }
    >
      {log.isPending ? (
        <PageLoader label="Loading recent events…" />
      ) : !log.data ? (
        <LoadError error={log.error} onRetry={() => void log.refetch()} />
      ) : (
        <Stack gap="xs">
          {log.isError ? (
            <Alert color="yellow" variant="light" icon={<IconAlertCircle size={18} />}>
              New events could not be checked: {errorMessage(log.error)} {paused ? '' : 'Candor tries again every 2 seconds.'}
            </Alert>
          ) : null}
          {log.data.items.length === 0 ? <WaitingForEvents cleared={log.data.cleared} paused={paused} /> : <DebugTable entries={log.data.items} sources={sources} />}
          <Text size="xs" c="dimmed">
            The latest {DEBUG_KEEP} events, newest first. They are not saved: this list empties when Candor restarts.
          </Text>
        </Stack>
      )}
    </UsageSection>
  );
}

function DebugTable({ entries, sources }: { entries: readonly DebugEntry[]; sources: readonly SourceView[] | undefined }) {
  const names = new Map((sources ?? []).map((s) => [s.id, s.name]));
  return (
    <TableCard
      minWidth={1040}
      verticalSpacing="xs"
      columns={
        <>
          <Table.Th w={110}>Time</Table.Th>
          <Table.Th>Source</Table.Th>
          <Table.Th w={120}>Result</Table.Th>
          <Table.Th w={90}>Type</Table.Th>
          <Table.Th>Event</Table.Th>
          <Table.Th>Message ID</Table.Th>
          <Table.Th>Reason or properties</Table.Th>
        </>
      }
    >
      {entries.map((entry, i) => {
        const outcome = OUTCOMES[entry.outcome];
        const reason = entry.reason ? readableReason(entry.reason) : null;
        const detail = reason?.text ?? entry.preview;
        return (
          <Table.Tr key={`${entry.at}-${entry.sourceId}-${entry.messageId ?? ''}-${i}`}>
            <Table.Td>
              <Tooltip label={formatAbsolute(entry.at)} openDelay={300}>
                <Text size="sm" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                  <time dateTime={entry.at}>{timeFormat.format(new Date(entry.at))}</time>
                </Text>
              </Tooltip>
            </Table.Td>
            <SourceNameCell sourceId={entry.sourceId} names={names} />
            <Table.Td>
              <Tooltip label={outcome.help} multiline maw={280} openDelay={300}>
                <Badge color={outcome.color} variant="light" style={{ flexShrink: 0, overflow: 'visible' }}>
                  {outcome.label}
                </Badge>
              </Tooltip>
            </Table.Td>
            <Table.Td>
              <Text size="sm" c={entry.type ? undefined : 'dimmed'}>
                {entry.type ?? '—'}
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm" fw={entry.name ? 500 : undefined} c={entry.name ? undefined : 'dimmed'} maw={180} truncate="end" title={entry.name ?? undefined}>
                {entry.name ?? '—'}
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="xs" ff="monospace" c="dimmed" maw={130} truncate="end" title={entry.messageId ?? undefined}>
                {entry.messageId ?? '—'}
              </Text>
            </Table.Td>
            <Table.Td>
              {detail ? (
                <Tooltip
                  label={
                    <Text size="xs" ff={reason ? undefined : 'monospace'} style={{ wordBreak: 'break-all' }}>
                      {detail}
                    </Text>
                  }
                  multiline
                  maw={520}
                  openDelay={300}
                >
                  <Text size="xs" ff={reason ? undefined : 'monospace'} c={reason ? (reason.deliberate ? 'dimmed' : 'red.8') : undefined} maw={340} truncate="end">
                    {detail}
                  </Text>
                </Tooltip>
              ) : (
                <Text size="sm" c="dimmed">
                  —
                </Text>
              )}
            </Table.Td>
          </Table.Tr>
        );
      })}
    </TableCard>
  );
}

/** What to do before the first event: a page with the tag, or one command with a server key. */
function WaitingForEvents({ cleared, paused }: { cleared: boolean; paused: boolean }) {
  return (
    <Card withBorder radius="md" padding="xl">
      <Stack gap="sm" maw={860}>
        <Group gap="sm" wrap="nowrap">
          <ThemeIcon variant="light" size="lg" radius="md">
            <IconBroadcast size={20} />
          </ThemeIcon>
          <Text fw={600}>{cleared ? 'No new events since you cleared the list' : 'Waiting for the first event'}</Text>
        </Group>
        <Text size="sm" c="dimmed">
          {paused ? 'The debugger is paused: resume it to see new events. ' : ''}
          {cleared ? 'Send an event' : 'Nothing has arrived since Candor started. Send an event'} one of these ways and watch it appear here:
        </Text>
        <List size="sm" spacing={4}>
          <List.Item>From your site: add a browser source’s snippet to a page on one of its allowed sites, then open that page.</List.Item>
          <List.Item>
            From a terminal: run this with a server source’s key in place of <Code>YOUR_SERVER_KEY</Code>.
          </List.Item>
        </List>
        <CopyValue value={curlExample(window.location.origin, 'YOUR_SERVER_KEY')} label="Copy command" testId="debugger-curl" />
        <Text size="xs" c="dimmed">
          A request with an unknown or revoked key, or with a browser key from a site that is not on its list, is refused before it gets here: the answer to the request says why.
        </Text>
      </Stack>
    </Card>
  );
}
