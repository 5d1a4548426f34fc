import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { UsageSummary } from '../../api/types.js';
import { api, withQuery } from '../../api/client.js';
import { PageHeader } from '../../components/page-header.js';
import { QueryState } from '../../components/query-state.js';
import { NoUsageYet, PeriodControl, UsageSummaryView, type Period } from './usage-summary.js';

/** The workspace's product usage in total: counts only, for every member. Per-client usage is on each client's page and in the grid's usage columns. */
export function UsagePage() {
  const [period, setPeriod] = useState<Period>('30');
  const usage = useQuery({ queryKey: ['usage', 'workspace', period], queryFn: () => api.get<UsageSummary>(withQuery('/api/v1/usage', { days: period })) });
  return (
    <>
      <PageHeader
        title="Product usage"
        description="How all your clients use your product, in total. Each client’s own usage is on its page (Usage tab); the client list can show and filter usage columns."
        actions={<PeriodControl value={period} onChange={setPeriod} />}
      />
      <QueryState query={usage}>{(u) => (u.mau === 0 && u.events === 0 && u.priorEvents === 0 ? <NoUsageYet scope="workspace" /> : <UsageSummaryView usage={u} showPeople={false} />)}</QueryState>
    </>
  );
}
