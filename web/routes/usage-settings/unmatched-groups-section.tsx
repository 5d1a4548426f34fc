import { Badge, Button, Code, Group, Modal, Paper, SegmentedControl, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { IconArrowBackUp, IconEyeOff, IconLink } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.js';
import { keys } from '../../api/queries.js';
import type { LinkedGroup, UnmatchedGroup } from '../../api/types.js';
import { FormActions } from '../../components/form-actions.js';
import { ClientSelect, type Ref } from '../../components/pickers.js';
import { notifyError, notifySuccess } from '../../components/notify.js';
import { QueryState } from '../../components/query-state.js';
import { RelativeTimeCell, TableCard } from '../../components/table-card.js';
import { useUnmatchedGroups } from './usage-queries.js';
import { UsageSection } from './usage-section.js';

/**
 * Accounts the product named (Segment's groupId) that Candor could not place: no client has that
 * external id or domain. Until an admin says which client each is, its people count for no client.
 * Linking is the fix in one step, so the section leads with it; an account that matches a client
 * now (its external id was added since) offers that client directly.
 */
export function UnmatchedGroupsSection() {
  const [showAside, setShowAside] = useState(false);
  const groups = useUnmatchedGroups(true, showAside);
  const [linking, setLinking] = useState<UnmatchedGroup | null>(null);
  const queryClient = useQueryClient();
  const aside = useMutation({
    mutationFn: (vars: { group: UnmatchedGroup; ignored: boolean }) => api.post('/api/v1/usage/unmatched-groups/ignore', { groupId: vars.group.groupId, ignored: vars.ignored }),
    onSuccess: (_res, { group, ignored }) => {
      void queryClient.invalidateQueries({ queryKey: keys.unmatchedGroups });
      notifySuccess(ignored ? `${group.name ?? group.groupId} is marked as not a client. It stays under “Not clients” if you want to link it later.` : `${group.name ?? group.groupId} is back in the list to link.`);
    },
    onError: (err) => notifyError(err),
  });
  const counts = groups.data ? { waiting: groups.data.total, aside: groups.data.ignored } : undefined;
  return (
    <UsageSection
      id="unmatched-groups-title"
      title="Accounts without a client"
      description={
        <>
          Your product names each account in its group calls (<Code>groupId</Code>). Candor puts the account’s people under the client whose external ID or domain is that id. These accounts matched no client: link each to its client, and its people and their past activity move there. Mark the ones that will never be clients, such as trials, as not a client.
        </>
      }
      actions={
        counts && (counts.aside > 0 || showAside) ? (
          <SegmentedControl
            size="xs"
            value={showAside ? 'aside' : 'waiting'}
            onChange={(v) => setShowAside(v === 'aside')}
            data={[
              { value: 'waiting', label: `To link (${counts.waiting.toLocaleString()})` },
              { value: 'aside', label: `Not clients (${counts.aside.toLocaleString()})` },
            ]}
            aria-label="Which accounts"
          />
        ) : null
      }
    >
      <QueryState query={groups} loadingLabel="Loading accounts…">
        {(data) =>
          data.items.length === 0 ? (
            <Paper withBorder p="md" radius="md">
              <Text size="sm" c="dimmed">
                {showAside ? 'No account is marked as not a client.' : data.ignored > 0 ? 'Every other account your product has named matches a client.' : 'Every account your product has named matches a client.'}
              </Text>
            </Paper>
          ) : (
            <Stack gap="xs">
              <TableCard
                minWidth={760}
                verticalSpacing="xs"
                columns={
                  <>
                    <Table.Th>Account</Table.Th>
                    <Table.Th>People</Table.Th>
                    <Table.Th>Last seen</Table.Th>
                    <Table.Th>
                      <VisuallyHidden>Link</VisuallyHidden>
                    </Table.Th>
                  </>
                }
              >
                {data.items.map((g) => (
                  <Table.Tr key={g.groupId}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {g.name ?? 'No name sent'}
                      </Text>
                      <Text size="xs" c="dimmed" ff="monospace" maw={320} truncate="end" title={g.groupId}>
                        {g.groupId}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" style={{ fontVariantNumeric: 'tabular-nums' }}>
                        {g.people.toLocaleString()}
                      </Text>
                    </Table.Td>
                    <RelativeTimeCell iso={g.lastSeenAt} />
                    <Table.Td align="right">
                      <Group gap="xs" justify="flex-end" wrap="nowrap" align="flex-start">
                        {g.ignoredAt ? (
                          <Button size="xs" variant="subtle" color="gray" leftSection={<IconArrowBackUp size={14} />} loading={aside.isPending && aside.variables?.group.groupId === g.groupId} onClick={() => aside.mutate({ group: g, ignored: false })}>
                            Put back
                          </Button>
                        ) : (
                          <Button size="xs" variant="subtle" color="gray" leftSection={<IconEyeOff size={14} />} loading={aside.isPending && aside.variables?.group.groupId === g.groupId} onClick={() => aside.mutate({ group: g, ignored: true })}>
                            Not a client
                          </Button>
                        )}
                        {g.match ? (
                          <Stack gap={2} align="flex-end">
                            <Button size="xs" leftSection={<IconLink size={14} />} onClick={() => setLinking(g)}>
                              Link to {g.match.clientName}
                            </Button>
                            <Badge size="xs" variant="light" color="teal">
                              matches by {g.match.by === 'externalId' ? 'external ID' : 'domain'}
                            </Badge>
                          </Stack>
                        ) : (
                          <Button size="xs" variant="default" leftSection={<IconLink size={14} />} onClick={() => setLinking(g)}>
                            Link to a client…
                          </Button>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </TableCard>
              {(showAside ? data.ignored : data.total) > data.items.length ? (
                <Text size="xs" c="dimmed">
                  Showing the {data.items.length} most recently seen of {(showAside ? data.ignored : data.total).toLocaleString()} accounts.
                </Text>
              ) : null}
            </Stack>
          )
        }
      </QueryState>
      <LinkGroupModal group={linking} onClose={() => setLinking(null)} />
    </UsageSection>
  );
}

/** Picks the client an account is; says what the link changes before it is made. */
function LinkGroupModal({ group, onClose }: { group: UnmatchedGroup | null; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [client, setClient] = useState<Ref | null>(null);
  const [error, setError] = useState<unknown>(null);
  const chosen = group?.match ? { id: group.match.clientId, name: group.match.clientName } : client;
  const link = useMutation({
    mutationFn: (vars: { groupId: string; clientId: string }) => api.post<LinkedGroup>('/api/v1/usage/unmatched-groups/link', vars),
    onMutate: () => setError(null),
    onSuccess: (linked) => {
      void queryClient.invalidateQueries({ queryKey: keys.unmatchedGroups });
      void queryClient.invalidateQueries({ queryKey: keys.client(linked.client.id) });
      notifySuccess(
        linked.people > 0
          ? `The past activity of ${linked.people.toLocaleString()} ${linked.people === 1 ? 'person' : 'people'} is moving to ${linked.client.name}; it shows on the client’s page within a minute.`
          : `New activity from this account now shows on ${linked.client.name}’s page.`,
        `Linked to ${linked.client.name}`,
      );
      close();
    },
    onError: setError,
  });
  const close = () => {
    setClient(null);
    setError(null);
    onClose();
  };
  return (
    <Modal opened={group !== null} onClose={close} title={group ? `Link ${group.name ?? group.groupId}` : ''} size="lg" centered>
      {group ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (chosen) link.mutate({ groupId: group.groupId, clientId: chosen.id });
          }}
          noValidate
        >
          <Stack>
            {group.match ? (
              <Text size="sm">
                {group.match.clientName} has this account’s {group.match.by === 'externalId' ? 'ID as its external ID' : 'ID as one of its domains'}, so new events already go there. Linking moves the{' '}
                {group.people === 1 ? 'one person' : `${group.people.toLocaleString()} people`} seen before, and their past activity, to it too.
              </Text>
            ) : (
              <>
                <ClientSelect
                  label="Client"
                  description="The client this account is in your book" value={client}
                  onChange={(c) => {
                    setClient(c);
                    setError(null);
                  }}
                  data-autofocus
                />
                <Text size="sm" c="dimmed">
                  {client ? client.name : 'The client'} takes <Code>{group.groupId}</Code> as its external ID, so the account’s later events go to it. Its{' '}
                  {group.people === 1 ? 'one person' : `${group.people.toLocaleString()} people`} and their past activity move there too. Activity already counted for another client stays there.
                </Text>
              </>
            )}
            <FormActions error={error} onCancel={close} submitLabel="Link" loading={link.isPending} disabled={!chosen} submitIcon={<IconLink size={16} />} />
          </Stack>
        </form>
      ) : null}
    </Modal>
  );
}
