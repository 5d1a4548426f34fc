import { Badge, Stack, Tabs } from '@mantine/core';
import { IconAlarm, IconChecklist, IconListCheck, IconUser } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, withQuery } from '../../api/client.js';
import { keys } from '../../api/queries.js';
import type { TaskList, TaskView } from '../../api/types.js';
import { EmptyStateCard } from '../../components/empty-state-card.js';
import { ListFooter } from '../../components/list-footer.js';
import { useCan } from '../../components/me-context.js';
import { PageHeader } from '../../components/page-header.js';
import { QueryState } from '../../components/query-state.js';
import { TaskModal } from './task-modal.js';
import { TaskQuickAdd } from './task-quick-add.js';
import { TaskTable } from './task-table.js';

type View = 'mine' | 'overdue' | 'all';
const VIEWS: readonly View[] = ['mine', 'overdue', 'all'];
const PAGE_SIZE = 50;

const EMPTY: Record<View, { title: string; description: string }> = {
  mine: { title: 'Nothing on your list', description: 'Tasks assigned to you that are still open show here. Add one above, or from a client’s page.' },
  overdue: { title: 'Nothing overdue', description: 'No open task you can see is past its due date. Well done.' },
  all: { title: 'No tasks yet', description: 'Every task you can see, open or done, shows here.' },
};

export function TasksPage() {
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const view = VIEWS.find((v) => v === params.get('view')) ?? 'mine';
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<TaskView | null>(null);
  const query = { view, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE };
  const tasks = useQuery({ queryKey: keys.taskList(query), queryFn: () => api.get<TaskList>(withQuery('/api/v1/tasks', query)), placeholderData: keepPreviousData });
  // The overdue count sits on its tab, so it is worth its own small query.
  const overdue = useQuery({ queryKey: keys.taskList({ view: 'overdue', limit: 1 }), queryFn: () => api.get<TaskList>('/api/v1/tasks?view=overdue&limit=1') });

  return (
    <>
      <PageHeader title="My tasks" description="What you have promised to do, and for whom. Tick a task when it is done." />
      <Stack gap="md">
        {can('task:write') ? <TaskQuickAdd /> : null}
        <Tabs
          value={view}
          onChange={(v) => {
            setPage(1);
            setParams(v && v !== 'mine' ? { view: v } : {}, { replace: true });
          }}
          keepMounted={false}
        >
          <Tabs.List>
            <Tabs.Tab value="mine" leftSection={<IconUser size={16} />}>
              Mine
            </Tabs.Tab>
            <Tabs.Tab
              value="overdue"
              leftSection={<IconAlarm size={16} />}
              rightSection={
                overdue.data && overdue.data.total > 0 ? (
                  <Badge size="sm" color="red" variant="filled" circle={overdue.data.total < 10}>
                    {overdue.data.total}
                  </Badge>
                ) : null
              }
            >
              Overdue
            </Tabs.Tab>
            <Tabs.Tab value="all" leftSection={<IconListCheck size={16} />}>
              All
            </Tabs.Tab>
          </Tabs.List>
        </Tabs>
        <QueryState query={tasks} loadingLabel="Loading tasks…">
          {(data) =>
            data.items.length === 0 ? (
              <EmptyStateCard icon={<IconChecklist size={28} />} title={EMPTY[view].title} description={EMPTY[view].description} />
            ) : (
              <Stack gap="sm">
                <TaskTable tasks={data.items} showAssignee={view !== 'mine'} onEdit={setEditing} />
                <ListFooter total={data.total} noun={['task', 'tasks']} page={page} pageSize={PAGE_SIZE} onPage={setPage} />
              </Stack>
            )
          }
        </QueryState>
      </Stack>
      <TaskModal task={editing} onClose={() => setEditing(null)} />
    </>
  );
}
