import { ActionIcon, Badge, Button, Group, Menu, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconBan, IconCode, IconDots, IconKey, IconPencil, IconPlugConnected, IconPlus, IconRefresh, IconServer, IconWorld } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.js';
import { keys } from '../../api/queries.js';
import type { CreatedSource, SourceView } from '../../api/types.js';
import { ConfirmModal } from '../../components/confirm-modal.js';
import { EmptyStateCard } from '../../components/empty-state-card.js';
import { notifySuccess } from '../../components/notify.js';
import { QueryState } from '../../components/query-state.js';
import { RelativeTime } from '../../components/relative-time.js';
import { RelativeTimeCell, TableCard } from '../../components/table-card.js';
import { useConfirmedMutation } from '../../components/use-confirmed-mutation.js';
import { CreateSourceModal } from './create-source-modal.js';
import { EditSourceModal } from './edit-source-modal.js';
import { SetupGuideModal } from './setup-guide-modal.js';
import { IssuedKeyModal, type IssuedKey } from './source-key-view.js';
import { useSources } from './usage-queries.js';
import { UsageSection } from './usage-section.js';
import type { TagSettings } from './usage-snippets.js';

/** The kind of a source, with what its key is: the difference decides where the key may go. */
export function SourceKindBadge({ kind }: { kind: SourceView['kind'] }) {
  return kind === 'browser' ? (
    <Badge variant="light" color="blue" leftSection={<IconWorld size={12} />}>
      Browser (public key)
    </Badge>
  ) : (
    <Badge variant="light" color="grape" leftSection={<IconServer size={12} />}>
      Server (secret key)
    </Badge>
  );
}

/** Where product usage comes from: one row per source, with its key's setup, rotation and revocation. */
export function SourcesSection({ settings }: { settings: TagSettings }) {
  const queryClient = useQueryClient();
  const sources = useSources();
  const [creating, setCreating] = useState(false);
  const [guideFor, setGuideFor] = useState<SourceView | null>(null);
  const [editing, setEditing] = useState<SourceView | null>(null);
  const [issued, setIssued] = useState<IssuedKey | null>(null);
  const rotate = useConfirmedMutation({
    mutationFn: (source: SourceView) => api.post<CreatedSource>(`/api/v1/sources/${encodeURIComponent(source.id)}/rotate`),
    onSuccess: (result) => {
      setIssued({ ...result, rotated: true });
      void queryClient.invalidateQueries({ queryKey: keys.sources });
    },
  });
  const revoke = useConfirmedMutation({
    mutationFn: (source: SourceView) => api.delete(`/api/v1/sources/${encodeURIComponent(source.id)}`),
    onSuccess: (_v, source) => {
      notifySuccess(`“${source.name}” is revoked. Its key is refused from now on; the events it sent stay.`);
      void queryClient.invalidateQueries({ queryKey: keys.sources });
    },
  });
  const createButton = (
    <Button leftSection={<IconPlus size={18} />} onClick={() => setCreating(true)}>
      Add source
    </Button>
  );

  return (
    <UsageSection
      id="sources-title"
      title="Sources"
      description="Each place that sends product usage to Candor, such as your web app or your backend, is a source with its own write key. The key tells Candor which workspace and source an event belongs to."
      actions={sources.data?.items.length ? createButton : null}
    >
      <QueryState query={sources} loadingLabel="Loading sources…">
        {(data) => {
          if (data.items.length === 0) {
            return (
              <EmptyStateCard
                icon={<IconPlugConnected size={28} />}
                title="Connect your product"
                description="Add a browser source for the tracking tag on your site or web app, or a server source for your backend. Client pages then show who uses your product and how often."
                actions={createButton}
              />
            );
          }
          // Live sources first; the server already lists each group newest first.
          const items = [...data.items].sort((a, b) => Number(a.revokedAt !== null) - Number(b.revokedAt !== null));
          return (
            <TableCard
              minWidth={960}
              columns={
                <>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Kind</Table.Th>
                  <Table.Th>Key</Table.Th>
                  <Table.Th>Allowed sites</Table.Th>
                  <Table.Th>Created</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th />
                </>
              }
            >
              {items.map((source) => {
                const live = source.revokedAt === null;
                return (
                  <Table.Tr key={source.id} style={{ opacity: live ? 1 : 0.6 }} data-testid={`source-row-${source.name}`}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {source.name}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <SourceKindBadge kind={source.kind} />
                    </Table.Td>
                    <Table.Td>
                      <Tooltip label="The last characters of the key, to tell keys apart" openDelay={300}>
                        <Text size="sm" ff="monospace" c="dimmed" span>
                          …{source.hint}
                        </Text>
                      </Tooltip>
                    </Table.Td>
                    <Table.Td>
                      {source.kind === 'browser' ? (
                        <Stack gap={2}>
                          {source.allowedOrigins.map((origin) => (
                            <Text key={origin} size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>
                              {origin}
                            </Text>
                          ))}
                        </Stack>
                      ) : (
                        <Text size="sm" c="dimmed">
                          Servers only
                        </Text>
                      )}
                    </Table.Td>
                    <RelativeTimeCell iso={source.createdAt} />
                    <Table.Td>
                      {live ? (
                        <Badge color="teal" variant="light">
                          Active
                        </Badge>
                      ) : (
                        <Stack gap={2} align="flex-start">
                          <Badge color="red" variant="light">
                            Revoked
                          </Badge>
                          {source.revokedAt ? (
                            <Text size="xs" c="dimmed">
                              <RelativeTime iso={source.revokedAt} />
                            </Text>
                          ) : null}
                        </Stack>
                      )}
                    </Table.Td>
                    <Table.Td ta="right">
                      {live ? (
                        <Group gap={4} justify="flex-end" wrap="nowrap">
                          <Button size="xs" variant="subtle" leftSection={<IconCode size={14} />} onClick={() => setGuideFor(source)} aria-label={`${source.kind === 'browser' ? 'Snippet' : 'Setup guide'} for ${source.name}`}>
                            {source.kind === 'browser' ? 'Snippet' : 'Setup guide'}
                          </Button>
                          <Menu position="bottom-end" shadow="md">
                            <Menu.Target>
                              <ActionIcon variant="subtle" color="gray" aria-label={`More actions for ${source.name}`}>
                                <IconDots size={16} />
                              </ActionIcon>
                            </Menu.Target>
                            <Menu.Dropdown>
                              <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => setEditing(source)}>
                                {source.kind === 'browser' ? 'Edit name and sites' : 'Rename'}
                              </Menu.Item>
                              <Menu.Item leftSection={<IconRefresh size={16} />} onClick={() => rotate.ask(source)}>
                                Rotate key
                              </Menu.Item>
                              <Menu.Divider />
                              <Menu.Item color="red" leftSection={<IconBan size={16} />} onClick={() => revoke.ask(source)}>
                                Revoke
                              </Menu.Item>
                            </Menu.Dropdown>
                          </Menu>
                        </Group>
                      ) : null}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </TableCard>
          );
        }}
      </QueryState>
      <CreateSourceModal opened={creating} onClose={() => setCreating(false)} settings={settings} />
      <SetupGuideModal source={guideFor} settings={settings} onClose={() => setGuideFor(null)} />
      <EditSourceModal source={editing} onClose={() => setEditing(null)} />
      <IssuedKeyModal issued={issued} settings={settings} onClose={() => setIssued(null)} />
      <ConfirmModal {...rotate.confirmProps} title={`Rotate the key of “${rotate.target?.name ?? ''}”?`} confirmLabel="Rotate key">
        <Stack gap="xs">
          <span>
            Candor makes a new key, and the current one stops working within a few seconds.{' '}
            {rotate.target?.kind === 'browser'
              ? 'Pages that still carry the old tag stop sending events until you replace it with the new one, shown next.'
              : 'Your backend stops sending events until you give it the new key, shown next and only once.'}
          </span>
          <span>Do this when a key may have leaked. The source and the events it sent stay.</span>
        </Stack>
      </ConfirmModal>
      <ConfirmModal {...revoke.confirmProps} title={`Revoke “${revoke.target?.name ?? ''}”?`} confirmLabel="Revoke source">
        <Stack gap="xs">
          <span>Candor refuses its key from now on, within a few seconds. A revoked source cannot be turned back on; add a new source if you need one again.</span>
          <span>The events it already sent stay, and so do the usage figures on client pages.</span>
        </Stack>
      </ConfirmModal>
      {sources.data?.items.length ? (
        <Text size="xs" c="dimmed" mt="xs">
          <IconKey size={12} style={{ verticalAlign: -1 }} /> A browser key sits in your pages for anyone to see, which is fine: Candor accepts it only from the allowed sites. A server
          key must stay secret.
        </Text>
      ) : null}
    </UsageSection>
  );
}
