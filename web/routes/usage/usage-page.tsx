import { Alert, Anchor, Stack } from '@mantine/core';
import { IconLinkOff } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import type { UsageSummary } from '../../api/types.js';
import { api, withQuery } from '../../api/client.js';
import { useCan } from '../../components/me-context.js';
import { PageHeader } from '../../components/page-header.js';
import { QueryState } from '../../components/query-state.js';
import { useUnmatchedGroups } from '../usage-settings/usage-queries.js';
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
      <Stack gap="lg">
        <UnmatchedAccountsNotice />
        <QueryState query={usage}>{(u) => (u.mau === 0 && u.events === 0 && u.priorEvents === 0 ? <NoUsageYet scope="workspace" /> : <UsageSummaryView usage={u} showPeople={false} />)}</QueryState>
      </Stack>
    </>
  );
}

/**
 * For admins: accounts the product named that match no client. Their people count nowhere (these
 * totals are the clients' people), which a CSM would otherwise notice only as a client that looks
 * unused.
 */
function UnmatchedAccountsNotice() {
  const can = useCan();
  const groups = useUnmatchedGroups(can('workspace:administer'));
  const total = groups.data?.total ?? 0;
  if (total === 0) return null;
  return (
    <Alert color="yellow" variant="light" icon={<IconLinkOff size={18} />} title={`${total.toLocaleString()} ${total === 1 ? 'account matches' : 'accounts match'} no client`}>
      Your product named {total === 1 ? 'an account' : 'accounts'} that no client’s external ID or domain matches, so {total === 1 ? 'its' : 'their'} people and their activity are left out of
      these figures and of every client’s page.{' '}
      <Anchor component={Link} to="/settings/usage" size="sm">
        Link {total === 1 ? 'it to its client' : 'them to their clients'} in Settings → Usage tracking
      </Anchor>
    </Alert>
  );
}
