import { Group, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, withQuery } from '../../api/client.js';
import type { ClientView, UsageSummary } from '../../api/types.js';
import { QueryState } from '../../components/query-state.js';
import { NoUsageYet, PeriodControl, UsageSummaryView, type Period } from '../usage/usage-summary.js';

/** How the client uses the customer's product: active people, key events, trend, who. */
export function ClientUsageTab({ client }: { client: ClientView }) {
  const [period, setPeriod] = useState<Period>('30');
  const usage = useQuery({
    queryKey: ['usage', 'client', client.id, period],
    queryFn: () => api.get<UsageSummary>(withQuery(`/api/v1/clients/${encodeURIComponent(client.id)}/usage`, { days: period })),
  });
  return (
    <>
      <Group justify="space-between" mb="md">
        <Text size="sm" c="dimmed">
          From the events {client.name}’s people send through the tracking tag and your product’s SDKs.
        </Text>
        <PeriodControl value={period} onChange={setPeriod} />
      </Group>
      <QueryState query={usage}>
        {(u) => (u.mau === 0 && u.events === 0 && u.priorEvents === 0 && u.lastSeenAt === null ? <NoUsageYet scope="client" /> : <UsageSummaryView usage={u} showPeople />)}
      </QueryState>
    </>
  );
}
