import { Button, Group, Paper, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.js';
import type { TaskView } from '../../api/types.js';
import { FormError } from '../../components/form-error.js';
import { notifySuccess } from '../../components/notify.js';
import { ClientSelect, type Ref } from '../../components/pickers.js';
import { showServerErrors } from '../../components/server-errors.js';
import { useInvalidateTasks } from './use-task-actions.js';

/** One line to add a task for yourself: what, for which client, by when. */
export function TaskQuickAdd({ client }: { client?: Ref }) {
  const invalidate = useInvalidateTasks();
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm({
    initialValues: { title: '', client: (client ?? null) as Ref | null, dueOn: '' },
    validate: { title: (v) => (v.trim() ? null : 'Say what needs doing') },
  });
  const add = useMutation({
    mutationFn: (values: typeof form.values) =>
      api.post<TaskView>('/api/v1/tasks', { title: values.title.trim(), clientId: values.client?.id ?? null, dueOn: values.dueOn || null }),
    onMutate: () => setFormError(null),
    onSuccess: (task) => {
      notifySuccess(`“${task.title}” is on your list.`);
      invalidate();
      form.setValues({ title: '', dueOn: '', client: client ?? form.values.client });
      form.resetDirty();
    },
    onError: (err) => setFormError(showServerErrors(form, err, { clientId: 'client' })),
  });

  return (
    <Paper withBorder radius="md" p="md">
      <form onSubmit={form.onSubmit((values) => add.mutate(values))} noValidate aria-label="Add a task">
        <Group align="flex-start" gap="sm" wrap="wrap">
          <TextInput label="Title" placeholder="What needs doing?" style={{ flex: 2, minWidth: 220 }} {...form.getInputProps('title')} />
          {client ? null : (
            <ClientSelect
              label="Client (optional)"
              style={{ flex: 1, minWidth: 200 }}
              value={form.values.client}
              onChange={(c) => form.setFieldValue('client', c)}
              error={form.errors.client}
            />
          )}
          <TextInput label="Due date" type="date" w={160} {...form.getInputProps('dueOn')} />
          <Button type="submit" mt={25} leftSection={<IconPlus size={16} />} loading={add.isPending}>
            Add task
          </Button>
        </Group>
        {formError ? <FormError error={formError} /> : null}
      </form>
    </Paper>
  );
}
