import { Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { keys } from '../../api/queries.js';
import type { TaskStatus, TaskView } from '../../api/types.js';
import { notifyError } from '../../components/notify.js';

/** Tasks show on the task page, on client pages and in the grid's open-task count: refresh them all. */
export function useInvalidateTasks() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: keys.tasks });
    void queryClient.invalidateQueries({ queryKey: keys.clients });
  };
}

/** Ticking a task done, with an Undo in the notice for a tick made by mistake. */
export function useCompleteTask() {
  const invalidate = useInvalidateTasks();
  const setStatus = useMutation({
    mutationFn: ({ task, status }: { task: TaskView; status: TaskStatus }) => api.patch<TaskView>(`/api/v1/tasks/${encodeURIComponent(task.id)}`, { status }),
    onSuccess: (saved, { task, status }) => {
      invalidate();
      if (status !== 'done') return;
      const id = `task-done-${saved.id}`;
      notifications.show({
        id,
        color: 'teal',
        message: (
          <Group justify="space-between" wrap="nowrap" gap="sm">
            <Text size="sm">“{saved.title}” is done.</Text>
            <Button
              size="compact-xs"
              variant="subtle"
              onClick={() => {
                notifications.hide(id);
                setStatus.mutate({ task, status: task.status === 'done' ? 'open' : task.status });
              }}
            >
              Undo
            </Button>
          </Group>
        ),
      });
    },
    onError: (err) => notifyError(err, 'The task was not changed'),
  });
  return setStatus;
}
