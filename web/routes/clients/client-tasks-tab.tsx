import { Group, Stack, Switch, Text } from '@mantine/core';
import { IconChecklist } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, withQuery } from '../../api/client.js';
import { keys } from '../../api/queries.js';
import type { ClientView, TaskList, TaskView } from '../../api/types.js';
import { EmptyStateCard } from '../../components/empty-state-card.js';
import { useCan } from '../../components/me-context.js';
import { QueryState } from '../../components/query-state.js';
import { TaskModal } from '../tasks/task-modal.js';
import { TaskQuickAdd } from '../tasks/task-quick-add.js';
import { TaskTable } from '../tasks/task-table.js';

/** This client's tasks, whoever they are assigned to. */
export function ClientTasksTab({ client }: { client: ClientView }) {
  const can = useCan();
  const [showDone, setShowDone] = useState(false);
  const [editing, setEditing] = useState<TaskView | null>(null);
  const query = { view: 'all', clientId: client.id, limit: 100 };
  const tasks = useQuery({ queryKey: keys.taskList(query), queryFn: () => api.get<TaskList>(withQuery('/api/v1/tasks', query)) });

  return (
    <Stack gap="md">
      {can('task:write') ? <TaskQuickAdd client={{ id: client.id, name: client.name }} /> : null}
      <QueryState query={tasks} loadingLabel="Loading tasks…">
        {(data) => {
          const open = data.items.filter((t) => t.status === 'open' || t.status === 'in_progress');
          const shown = showDone ? data.items : open;
          const closed = data.items.length - open.length;
          return (
            <Stack gap="sm">
              {data.items.length > 0 ? (
                <Group justify="space-between">
                  <Text size="sm" c="dimmed">
                    {open.length} open{closed > 0 ? `, ${closed} done or cancelled` : ''}
                  </Text>
                  {closed > 0 ? <Switch size="sm" label="Show done and cancelled" checked={showDone} onChange={(e) => setShowDone(e.currentTarget.checked)} /> : null}
                </Group>
              ) : null}
              {shown.length === 0 ? (
                <EmptyStateCard icon={<IconChecklist size={28} />} title={closed > 0 ? 'Nothing open' : 'No tasks yet'}
                  description={`Follow-ups and promises for ${client.name} show here, for whoever they are assigned to.${can('task:write') ? ' Add one above.' : ''}`} />
              ) : (
                <TaskTable tasks={shown} showClient={false} showAssignee onEdit={setEditing} />
              )}
            </Stack>
          );
        }}
      </QueryState>
      <TaskModal task={editing} onClose={() => setEditing(null)} />
    </Stack>
  );
}
