import { ActionIcon, Anchor, Badge, Checkbox, Group, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconPencil, IconTrash } from '@tabler/icons-react';
import { Link } from 'react-router';
import { TaskPriorityLabels } from '../../../contract/tasks.js';
import { api } from '../../api/client.js';
import type { TaskView } from '../../api/types.js';
import { ConfirmModal } from '../../components/confirm-modal.js';
import { formatDay, today } from '../../components/dates.js';
import { notifySuccess } from '../../components/notify.js';
import { TableCard } from '../../components/table-card.js';
import { useConfirmedMutation } from '../../components/use-confirmed-mutation.js';
import { useCompleteTask, useInvalidateTasks } from './use-task-actions.js';

const PRIORITY_COLORS = { low: 'gray', normal: 'gray', high: 'orange', urgent: 'red' } as const;

interface TaskTableProps {
  readonly tasks: readonly TaskView[];
  readonly showClient?: boolean;
  readonly showAssignee?: boolean;
  readonly onEdit?: (task: TaskView) => void;
}

/** Tasks with a checkbox to complete each; overdue ones are marked in red. */
export function TaskTable({ tasks, showClient = true, showAssignee = false, onEdit }: TaskTableProps) {
  const complete = useCompleteTask();
  const invalidate = useInvalidateTasks();
  const remove = useConfirmedMutation({
    mutationFn: (task: TaskView) => api.delete(`/api/v1/tasks/${encodeURIComponent(task.id)}`),
    onSuccess: (_v, task) => {
      notifySuccess(`“${task.title}” is deleted.`);
      invalidate();
    },
  });
  const day = today();

  return (
    <>
      <TableCard
        minWidth={640}
        highlightOnHover
        columns={
          <>
            <Table.Th w={44}>
              <VisuallyHidden>Done</VisuallyHidden>
            </Table.Th>
            <Table.Th>Task</Table.Th>
            {showClient ? <Table.Th>Client</Table.Th> : null}
            <Table.Th>Due</Table.Th>
            <Table.Th>Priority</Table.Th>
            {showAssignee ? <Table.Th>Assignee</Table.Th> : null}
            <Table.Th w={84}>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </>
        }
      >
        {tasks.map((task) => {
          const done = task.status === 'done' || task.status === 'cancelled';
          const pending = complete.isPending && complete.variables.task.id === task.id;
          return (
            <Table.Tr key={task.id} data-testid={`task-row-${task.id}`} bg={task.overdue ? 'var(--mantine-color-red-light)' : undefined}>
              <Table.Td>
                <Checkbox
                  aria-label={done ? `Reopen “${task.title}”` : `Mark “${task.title}” as done`}
                  checked={task.status === 'done'}
                  disabled={!task.canEdit || pending || task.status === 'cancelled'}
                  onChange={(e) => complete.mutate({ task, status: e.currentTarget.checked ? 'done' : 'open' })}
                />
              </Table.Td>
              <Table.Td>
                <Text size="sm" fw={500} td={done ? 'line-through' : undefined} c={done ? 'dimmed' : undefined}>
                  {task.title}
                </Text>
                {task.description ? (
                  <Text size="xs" c="dimmed" lineClamp={1} maw={420}>
                    {task.description}
                  </Text>
                ) : null}
              </Table.Td>
              {showClient ? (
                <Table.Td>
                  {task.client ? (
                    <Anchor component={Link} to={`/clients/${encodeURIComponent(task.client.id)}`} size="sm">
                      {task.client.name}
                    </Anchor>
                  ) : (
                    <Text size="sm" c="dimmed">
                      —
                    </Text>
                  )}
                </Table.Td>
              ) : null}
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {task.dueOn ? (
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm" c={task.overdue ? 'red.8' : undefined} fw={task.overdue ? 600 : undefined}>
                      {task.dueOn === day ? 'Today' : formatDay(task.dueOn)}
                    </Text>
                    {task.overdue ? (
                      <Badge color="red" size="sm" variant="filled">
                        Overdue
                      </Badge>
                    ) : null}
                  </Group>
                ) : (
                  <Text size="sm" c="dimmed">
                    No date
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                {task.priority === 'normal' ? null : (
                  <Badge color={PRIORITY_COLORS[task.priority]} variant={task.priority === 'urgent' ? 'filled' : 'light'} size="sm">
                    {TaskPriorityLabels[task.priority]}
                  </Badge>
                )}
              </Table.Td>
              {showAssignee ? (
                <Table.Td>
                  <Text size="sm" c={task.assignee ? undefined : 'dimmed'}>
                    {task.assignee?.name ?? 'Nobody'}
                  </Text>
                </Table.Td>
              ) : null}
              <Table.Td>
                {task.canEdit ? (
                  <Group gap={4} wrap="nowrap" justify="flex-end">
                    {onEdit ? (
                      <Tooltip label="Edit">
                        <ActionIcon variant="subtle" color="gray" aria-label={`Edit task “${task.title}”`} onClick={() => onEdit(task)}>
                          <IconPencil size={16} />
                        </ActionIcon>
                      </Tooltip>
                    ) : null}
                    <Tooltip label="Delete">
                      <ActionIcon variant="subtle" color="red" aria-label={`Delete task “${task.title}”`} onClick={() => remove.ask(task)}>
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Tooltip>
                  </Group>
                ) : null}
              </Table.Td>
            </Table.Tr>
          );
        })}
      </TableCard>
      <ConfirmModal {...remove.confirmProps} title="Delete this task?" confirmLabel="Delete task">
        “{remove.target?.title}” goes away for everyone. To keep a record that it was done, tick it instead.
      </ConfirmModal>
    </>
  );
}
