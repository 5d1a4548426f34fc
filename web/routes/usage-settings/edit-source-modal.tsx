import { Modal, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.js';
import { keys } from '../../api/queries.js';
import type { SourceView } from '../../api/types.js';
import { FormActions } from '../../components/form-actions.js';
import { notifySuccess } from '../../components/notify.js';
import { NEEDS_A_SITE, OriginsInput, showSourceErrors } from './source-form.js';

/** Renames a source and, for a browser source, changes the sites its key is accepted from. */
export function EditSourceModal({ source, onClose }: { source: SourceView | null; onClose: () => void }) {
  return (
    <Modal opened={source !== null} onClose={onClose} title={source ? `Edit “${source.name}”` : ''} size="lg" centered>
      {source ? <EditSourceForm key={source.id} source={source} onClose={onClose} /> : null}
    </Modal>
  );
}

function EditSourceForm({ source, onClose }: { source: SourceView; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<unknown>(null);
  const browser = source.kind === 'browser';
  const form = useForm({
    initialValues: { name: source.name, allowedOrigins: source.allowedOrigins },
    validate: {
      name: (v) => (v.trim() ? null : 'The source needs a name'),
      allowedOrigins: (v) => (browser && v.length === 0 ? NEEDS_A_SITE : null),
    },
  });
  const save = useMutation({
    mutationFn: (values: typeof form.values) =>
      api.patch<SourceView>(`/api/v1/sources/${encodeURIComponent(source.id)}`, { name: values.name.trim(), ...(browser ? { allowedOrigins: values.allowedOrigins } : {}) }),
    onMutate: () => setFormError(null),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: keys.sources });
      notifySuccess(browser ? `“${saved.name}” saved. Its key is accepted from ${saved.allowedOrigins.join(', ')}.` : `“${saved.name}” saved.`);
      onClose();
    },
    onError: (err) => setFormError(showSourceErrors(form, err)),
  });

  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <Stack>
        <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
        {browser ? <OriginsInput {...form.getInputProps('allowedOrigins')} /> : null}
        <FormActions error={formError} onCancel={onClose} submitLabel="Save changes" loading={save.isPending} />
      </Stack>
    </form>
  );
}
