import { Modal, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { TaskPriorityLabels, TaskStatusLabels } from '../../../contract/tasks.js';
import { api } from '../../api/client.js';
import type { TaskPriority, TaskStatus, TaskView } from '../../api/types.js';
import { FormActions } from '../../components/form-actions.js';
import { notifySuccess } from '../../components/notify.js';
import { ClientSelect, useMemberOptions, type Ref } from '../../components/pickers.js';
import { showServerErrors } from '../../components/server-errors.js';
import { useInvalidateTasks } from './use-task-actions.js';

const blank = { title: '', description: '', client: null as Ref | null, assigneeMembershipId: null as string | null, dueOn: '', priority: 'normal' as TaskPriority, status: 'open' as TaskStatus };

/** Every detail of one task: who does it, by when, how urgent, and its status. */
export function TaskModal({ task, onClose }: { task: TaskView | null; onClose: () => void }) {
  const invalidate = useInvalidateTasks();
  const members = useMemberOptions(task !== null);
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm({ initialValues: blank, validate: { title: (v) => (v.trim() ? null : 'Say what needs doing') } });

  useEffect(() => {
    if (!task) return;
    form.setValues({
      title: task.title,
      description: task.description,
      client: task.client,
      assigneeMembershipId: task.assignee?.id ?? null,
      dueOn: task.dueOn ?? '',
      priority: task.priority,
      status: task.status,
    });
    form.resetDirty();
    form.clearErrors();
    setFormError(null);
    // Reset when a (different) task opens.
  }, [task?.id]);

  const save = useMutation({
    mutationFn: (values: typeof blank) =>
      api.patch<TaskView>(`/api/v1/tasks/${encodeURIComponent(task?.id ?? '')}`, {
        title: values.title.trim(),
        description: values.description,
        clientId: values.client?.id ?? null,
        assigneeMembershipId: values.assigneeMembershipId,
        dueOn: values.dueOn || null,
        priority: values.priority,
        status: values.status,
      }),
    onMutate: () => setFormError(null),
    onSuccess: (saved) => {
      notifySuccess(`“${saved.title}” is saved.`);
      invalidate();
      onClose();
    },
    onError: (err) => setFormError(showServerErrors(form, err, { clientId: 'client' })),
  });

  return (
    <Modal opened={task !== null} onClose={onClose} title="Edit task" centered size="lg">
      <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
        <Stack>
          <TextInput label="Title" required data-autofocus {...form.getInputProps('title')} />
          <Textarea label="Details (optional)" autosize minRows={2} maxRows={8} {...form.getInputProps('description')} />
          <SimpleGrid cols={2}>
            <ClientSelect label="Client (optional)" value={form.values.client} onChange={(c) => form.setFieldValue('client', c)} error={form.errors.client} />
            <Select label="Assignee" placeholder="Nobody" clearable searchable data={members} {...form.getInputProps('assigneeMembershipId')} />
            <TextInput label="Due date" type="date" {...form.getInputProps('dueOn')} />
            <Select label="Priority" allowDeselect={false} data={Object.entries(TaskPriorityLabels).map(([value, label]) => ({ value, label }))} {...form.getInputProps('priority')} />
            <Select label="Status" allowDeselect={false} data={Object.entries(TaskStatusLabels).map(([value, label]) => ({ value, label }))} {...form.getInputProps('status')} />
          </SimpleGrid>
          <FormActions error={formError} onCancel={onClose} submitLabel="Save task" loading={save.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}
