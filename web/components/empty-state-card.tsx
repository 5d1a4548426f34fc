import { Card, EmptyState } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * What a list page shows instead of its table when there is nothing in it yet: the card keeps the
 * table's place on the page, and `actions` offer the way to add the first item.
 */
export function EmptyStateCard({ icon, title, description, actions }: { icon: ReactNode; title: ReactNode; description: ReactNode; actions?: ReactNode }) {
  return (
    <Card withBorder radius="md" py={48}>
      <EmptyState icon={icon} variant="light" title={title} description={description}>
        {actions ? <EmptyState.Actions>{actions}</EmptyState.Actions> : null}
      </EmptyState>
    </Card>
  );
}
