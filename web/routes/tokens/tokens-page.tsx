import { Badge, Button, SegmentedControl, Table, Text } from '@mantine/core';
import { IconKey, IconPlus } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.js';
import { keys } from '../../api/queries.js';
import type { TokenList, TokenView } from '../../api/types.js';
import { ConfirmModal } from '../../components/confirm-modal.js';
import { EmptyStateCard } from '../../components/empty-state-card.js';
import { useCan, useMe } from '../../components/me-context.js';
import { notifySuccess } from '../../components/notify.js';
import { PageHeader } from '../../components/page-header.js';
import { QueryState } from '../../components/query-state.js';
import { RelativeTime } from '../../components/relative-time.js';
import { RelativeTimeCell, TableCard } from '../../components/table-card.js';
import { useConfirmedMutation } from '../../components/use-confirmed-mutation.js';
import { CreateTokenModal } from './create-token-modal.js';

type TokenState = 'active' | 'expired' | 'revoked';

function stateOf(token: TokenView, now = Date.now()): TokenState {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && new Date(token.expiresAt).getTime() <= now) return 'expired';
  return 'active';
}

const STATE_BADGE: Record<TokenState, { color: string; label: string }> = {
  active: { color: 'teal', label: 'Active' },
  expired: { color: 'gray', label: 'Expired' },
  revoked: { color: 'red', label: 'Revoked' },
};

export function TokensPage() {
  const me = useMe();
  const can = useCan();
  const queryClient = useQueryClient();
  const [scope, setScope] = useState<'mine' | 'all'>('mine');
  const [creating, setCreating] = useState(false);
  const tokens = useQuery({ queryKey: keys.tokens(scope), queryFn: () => api.get<TokenList>(`/api/v1/tokens?scope=${scope}`) });
  const revoke = useConfirmedMutation({
    mutationFn: (token: TokenView) => api.delete(`/api/v1/tokens/${encodeURIComponent(token.id)}`),
    onSuccess: (_v, token) => {
      notifySuccess(`“${token.name}” is revoked. Requests with it are refused from now on.`);
      void queryClient.invalidateQueries({ queryKey: ['tokens'] });
    },
  });
  const createButton = (
    <Button leftSection={<IconPlus size={18} />} onClick={() => setCreating(true)}>
      Create token
    </Button>
  );

  return (
    <>
      <PageHeader
        title="API tokens"
        description="Tokens let scripts and other systems use Candor's API. A token acts as the member who created it, in this workspace only."
        actions={createButton}
      />
      {can('token:manage') ? (
        <SegmentedControl
          mb="md"
          value={scope}
          onChange={(v) => setScope(v as 'mine' | 'all')}
          data={[
            { value: 'mine', label: 'My tokens' },
            { value: 'all', label: 'All members’ tokens' },
          ]}
          aria-label="Whose tokens to show"
        />
      ) : null}
      <QueryState query={tokens} loadingLabel="Loading tokens…">
        {(data) => {
          const items = [...data.items].sort((a, b) => Number(stateOf(a) !== 'active') - Number(stateOf(b) !== 'active'));
          if (items.length === 0) {
            return (
              <EmptyStateCard
                icon={<IconKey size={28} />}
                title={scope === 'mine' ? 'You have no API tokens' : 'Nobody in this workspace has an API token'}
                description="Create one for each integration, such as a CRM sync or a nightly export. You see a token once, when you create it."
                actions={createButton}
              />
            );
          }
          return (
            <TableCard
              minWidth={820}
              columns={
                <>
                  <Table.Th>Name</Table.Th>
                  {scope === 'all' ? <Table.Th>Owner</Table.Th> : null}
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Created</Table.Th>
                  <Table.Th>Last used</Table.Th>
                  <Table.Th>Expires</Table.Th>
                  <Table.Th />
                </>
              }
            >
              {items.map((token) => {
                const state = stateOf(token);
                return (
                  <Table.Tr key={token.id} style={{ opacity: state === 'active' ? 1 : 0.65 }}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {token.name}
                      </Text>
                      <Text size="xs" c="dimmed" ff="monospace">
                        ends in …{token.hint}
                      </Text>
                    </Table.Td>
                    {scope === 'all' ? (
                      <Table.Td>
                        <Text size="sm">{token.owner.membershipId === me.membership.id ? `${token.owner.name} (you)` : token.owner.name}</Text>
                      </Table.Td>
                    ) : null}
                    <Table.Td>
                      <Badge color={STATE_BADGE[state].color} variant="light">
                        {STATE_BADGE[state].label}
                      </Badge>
                    </Table.Td>
                    <RelativeTimeCell iso={token.createdAt} />
                    <Table.Td>
                      <Text size="sm" c={token.lastUsedAt ? undefined : 'dimmed'}>
                        {token.lastUsedAt ? <RelativeTime iso={token.lastUsedAt} /> : 'Never'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c={token.expiresAt ? undefined : 'dimmed'}>
                        {state === 'revoked' && token.revokedAt ? (
                          <RelativeTime iso={token.revokedAt} prefix="revoked" />
                        ) : token.expiresAt ? (
                          <RelativeTime iso={token.expiresAt} />
                        ) : (
                          'Never'
                        )}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">
                      {state === 'active' ? (
                        <Button size="xs" variant="subtle" color="red" onClick={() => revoke.ask(token)} aria-label={`Revoke token: ${token.name}`}>
                          Revoke
                        </Button>
                      ) : null}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </TableCard>
          );
        }}
      </QueryState>
      <CreateTokenModal opened={creating} onClose={() => setCreating(false)} />
      <ConfirmModal {...revoke.confirmProps} title={`Revoke “${revoke.target?.name ?? ''}”?`} confirmLabel="Revoke token">
        Anything that uses this token stops working at once. This cannot be undone; create a new token if you need one again.
      </ConfirmModal>
    </>
  );
}
