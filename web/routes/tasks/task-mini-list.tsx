import { Badge, Checkbox, Group, Stack, Text } from '@mantine/core';
import { TaskPriorityLabels } from '../../../contract/tasks.js';
import type { TaskView } from '../../api/types.js';
import { formatDay, today } from '../../components/dates.js';
import { useCompleteTask } from './use-task-actions.js';

/** A few tasks in a narrow card: tick, title, when; the full table is on the Tasks tab. */
export function TaskMiniList({ tasks }: { tasks: readonly TaskView[] }) {
  const complete = useCompleteTask();
  const day = today();
  return (
    <Stack gap="xs">
      {tasks.map((task) => (
        <Group key={task.id} gap="sm" wrap="nowrap" align="flex-start" data-testid={`task-row-${task.id}`}>
          <Checkbox
            mt={2}
            aria-label={`Mark “${task.title}” as done`}
            checked={task.status === 'done'}
            disabled={!task.canEdit || (complete.isPending && complete.variables.task.id === task.id)}
            onChange={(e) => complete.mutate({ task, status: e.currentTarget.checked ? 'done' : 'open' })}
          />
          <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
            <Text size="sm" fw={500}>
              {task.title}
            </Text>
            <Text size="xs" c={task.overdue ? 'red.8' : 'dimmed'} fw={task.overdue ? 600 : undefined}>
              {task.dueOn ? (task.dueOn === day ? 'Due today' : `${task.overdue ? 'Overdue since' : 'Due'} ${formatDay(task.dueOn)}`) : 'No due date'}
              {task.assignee ? ` · ${task.assignee.name}` : ''}
            </Text>
          </Stack>
          {task.priority === 'high' || task.priority === 'urgent' ? (
            <Badge size="xs" color={task.priority === 'urgent' ? 'red' : 'orange'} variant="light">
              {TaskPriorityLabels[task.priority]}
            </Badge>
          ) : null}
        </Group>
      ))}
    </Stack>
  );
}
