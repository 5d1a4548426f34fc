import { Badge, type BadgeProps } from '@mantine/core';
import { ClientStatusLabels } from '../../contract/clients.js';
import type { ClientStatus } from '../api/types.js';

export const CLIENT_STATUSES: readonly ClientStatus[] = ['active', 'trial', 'inactive', 'terminated'];

const STATUS_COLORS: Record<ClientStatus, string> = { active: 'teal', trial: 'blue', inactive: 'gray', terminated: 'red' };

/** What each status means for reports, said where the status is chosen. */
export const CLIENT_STATUS_DESCRIPTIONS: Record<ClientStatus, string> = {
  active: 'A client you work with today.',
  trial: 'Trying the product before signing.',
  inactive: 'Kept on file but left out of reports.',
  terminated: 'The contract has ended. Needs the date and the reason, for churn reports.',
};

export function ClientStatusBadge({ status, ...props }: { status: ClientStatus } & BadgeProps) {
  return (
    <Badge color={STATUS_COLORS[status]} variant="light" {...props}>
      {ClientStatusLabels[status]}
    </Badge>
  );
}
