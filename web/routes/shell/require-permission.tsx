import { Button, EmptyState } from '@mantine/core';
import { IconLock, IconMapPinQuestion } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { RoleLabels } from '../../../contract/common.js';
import type { Permission } from '../../api/types.js';
import { useCan, useMe } from '../../components/me-context.js';
import { usePageTitle } from '../../components/use-page-title.js';

/** A page the member's role does not include: say so plainly instead of showing a broken page. */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const can = useCan();
  const me = useMe();
  if (can(permission)) return <>{children}</>;
  return (
    <DeadEnd
      icon={<IconLock size={28} />}
      title="This page is not part of your role"
      description={`As ${RoleLabels[me.membership.role]} in ${me.workspace.name} you cannot open it. An owner or admin can change your role.`}
    />
  );
}

export function NotFoundPage() {
  usePageTitle('Not found');
  return <DeadEnd icon={<IconMapPinQuestion size={28} />} title="There is no page here" description="The address may be mistyped, or the page may have moved." />;
}

/** Where there is nothing to show, the way out is Home rather than the browser's back button. */
function DeadEnd({ icon, title, description }: { icon: ReactNode; title: string; description: string }) {
  return (
    <EmptyState mt={60} icon={icon} withIndicatorBackground title={title} description={description}>
      <EmptyState.Actions>
        <Button component={Link} to="/" variant="default">
          Go to Home
        </Button>
      </EmptyState.Actions>
    </EmptyState>
  );
}
