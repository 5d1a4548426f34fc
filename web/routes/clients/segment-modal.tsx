import { Modal, Radio, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.js';
import { keys } from '../../api/queries.js';
import type { GridView, SegmentView } from '../../api/types.js';
import { FormActions } from '../../components/form-actions.js';
import { useCan } from '../../components/me-context.js';
import { notifySuccess } from '../../components/notify.js';
import { showServerErrors } from '../../components/server-errors.js';

interface SegmentModalProps {
  readonly opened: boolean;
  readonly onClose: () => void;
  /** Save the current view as a new segment, or rename this one. */
  readonly mode: { kind: 'create'; view: GridView } | { kind: 'rename'; segment: SegmentView };
  readonly onSaved: (segment: SegmentView) => void;
}

export function SegmentModal({ opened, onClose, mode, onSaved }: SegmentModalProps) {
  const can = useCan();
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm({
    initialValues: { name: '', scope: 'personal' },
    validate: { name: (v) => (v.trim() ? null : 'Give the segment a name') },
  });

  useEffect(() => {
    if (!opened) return;
    form.setValues(mode.kind === 'rename' ? { name: mode.segment.name, scope: mode.segment.scope } : { name: '', scope: 'personal' });
    form.resetDirty();
    form.clearErrors();
    setFormError(null);
    // Reset only when the dialog opens.
  }, [opened]);

  const save = useMutation({
    mutationFn: (values: typeof form.values) =>
      mode.kind === 'create'
        ? api.post<SegmentView>('/api/v1/segments', { name: values.name.trim(), scope: values.scope, view: mode.view })
        : api.patch<SegmentView>(`/api/v1/segments/${encodeURIComponent(mode.segment.id)}`, { name: values.name.trim(), scope: values.scope }),
    onMutate: () => setFormError(null),
    onSuccess: (saved) => {
      notifySuccess(mode.kind === 'create' ? `Segment “${saved.name}” is saved.` : `Segment renamed to “${saved.name}”.`);
      void queryClient.invalidateQueries({ queryKey: keys.segments });
      onSaved(saved);
      onClose();
    },
    onError: (err) => setFormError(showServerErrors(form, err)),
  });

  return (
    <Modal opened={opened} onClose={onClose} title={mode.kind === 'create' ? 'Save as segment' : 'Rename segment'} centered>
      <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
        <Stack>
          <TextInput label="Segment name" placeholder="Such as Renewals this quarter" required data-autofocus {...form.getInputProps('name')} />
          {can('segment:manage_global') ? (
            <Radio.Group label="Who sees it" {...form.getInputProps('scope')}>
              <Stack gap="xs" mt="xs">
                <Radio value="personal" label="Only me" description="It appears under My segments." />
                <Radio value="global" label="Everyone in the workspace" description="Each person sees the clients of it that their role lets them see." />
              </Stack>
            </Radio.Group>
          ) : null}
          <FormActions error={formError} onCancel={onClose} submitLabel={mode.kind === 'create' ? 'Save segment' : 'Rename segment'} loading={save.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}
