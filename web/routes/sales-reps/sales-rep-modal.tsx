import { Modal, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.js';
import { keys } from '../../api/queries.js';
import type { SalesRepView } from '../../api/types.js';
import { FormActions, orNull } from '../../components/form-actions.js';
import { notifySuccess } from '../../components/notify.js';
import { showServerErrors } from '../../components/server-errors.js';

interface SalesRepModalProps {
  readonly opened: boolean;
  readonly onClose: () => void;
  /** The rep to edit; absent to add a new one. */
  readonly rep?: SalesRepView | null;
}

const blank = { name: '', title: '', email: '', phone: '' };

/** Empty optional fields are sent as null, so clearing a field really clears it. */
function bodyOf(values: typeof blank) {
  return { name: values.name.trim(), title: orNull(values.title), email: orNull(values.email), phone: orNull(values.phone) };
}

export function SalesRepModal({ opened, onClose, rep }: SalesRepModalProps) {
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm({
    initialValues: blank,
    validate: {
      name: (v) => (v.trim() ? null : 'Enter the name'),
      email: (v) => (!v.trim() || /^\S+@\S+\.\S+$/.test(v.trim()) ? null : 'Enter an email address, or leave it empty'),
      phone: (v) => (/^[+0-9 ().-]*$/.test(v.trim()) ? null : 'Use digits, spaces and + ( ) . - only'),
    },
  });

  useEffect(() => {
    if (!opened) return;
    form.setValues(rep ? { name: rep.name, title: rep.title ?? '', email: rep.email ?? '', phone: rep.phone ?? '' } : blank);
    form.resetDirty();
    form.clearErrors();
    setFormError(null);
    // Reset only when the dialog opens for a (possibly different) rep.
  }, [opened, rep?.id]);

  const save = useMutation({
    mutationFn: (values: typeof blank) =>
      rep ? api.patch<SalesRepView>(`/api/v1/sales-reps/${encodeURIComponent(rep.id)}`, bodyOf(values)) : api.post<SalesRepView>('/api/v1/sales-reps', bodyOf(values)),
    onMutate: () => setFormError(null),
    onSuccess: (saved) => {
      notifySuccess(rep ? `${saved.name} is updated.` : `${saved.name} is added.`);
      void queryClient.invalidateQueries({ queryKey: keys.salesReps });
      onClose();
    },
    onError: (err) => setFormError(showServerErrors(form, err)),
  });

  return (
    <Modal opened={opened} onClose={onClose} title={rep ? `Edit ${rep.name}` : 'Add a sales rep'} centered>
      <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
        <Stack>
          <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
          <TextInput label="Title" placeholder="Optional, such as Account Executive" {...form.getInputProps('title')} />
          <TextInput label="Email" type="email" placeholder="Optional" {...form.getInputProps('email')} />
          <TextInput label="Phone" type="tel" placeholder="Optional" {...form.getInputProps('phone')} />
          <FormActions error={formError} onCancel={onClose} submitLabel={rep ? 'Save changes' : 'Add sales rep'} loading={save.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}
