import { Modal, Stack, Text, TextInput, ThemeIcon } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconServer, IconWorld } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.js';
import { keys } from '../../api/queries.js';
import type { CreatedSource } from '../../api/types.js';
import { FormActions } from '../../components/form-actions.js';
import { ChoiceCards } from '../../components/choice-cards.js';
import { NEEDS_A_SITE, OriginsInput, showSourceErrors } from './source-form.js';
import { issuedKeyTitle, SourceKeyView, type IssuedKey } from './source-key-view.js';
import type { TagSettings } from './usage-snippets.js';

const KINDS = [
  {
    value: 'browser',
    label: 'Browser',
    icon: (
      <ThemeIcon variant="light" color="blue" radius="md">
        <IconWorld size={18} />
      </ThemeIcon>
    ),
    description: 'The tracking tag on your site or web app. Its key is public, because it sits in your pages, so Candor accepts it only from the sites you list.',
  },
  {
    value: 'server',
    label: 'Server',
    icon: (
      <ThemeIcon variant="light" color="grape" radius="md">
        <IconServer size={18} />
      </ThemeIcon>
    ),
    description: 'Your backend, or a Segment or RudderStack library. The key is secret and shown once, when you create the source.',
  },
] as const;

/** Creates a source, then shows its key and how to use it in the same dialog. */
export function CreateSourceModal({ opened, onClose, settings }: { opened: boolean; onClose: () => void; settings: TagSettings }) {
  const queryClient = useQueryClient();
  const [issued, setIssued] = useState<IssuedKey | null>(null);
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm({
    initialValues: { name: '', kind: 'browser' as 'browser' | 'server', allowedOrigins: [] as string[] },
    validate: {
      name: (v) => (v.trim() ? null : 'Name the source after what sends the events, for example “Web app” or “Billing backend”'),
      allowedOrigins: (v, values) => (values.kind === 'browser' && v.length === 0 ? NEEDS_A_SITE : null),
    },
  });
  const create = useMutation({
    mutationFn: (values: typeof form.values) =>
      api.post<CreatedSource>('/api/v1/sources', { name: values.name.trim(), kind: values.kind, allowedOrigins: values.kind === 'browser' ? values.allowedOrigins : [] }),
    onMutate: () => setFormError(null),
    onSuccess: (result) => {
      setIssued({ ...result, rotated: false });
      void queryClient.invalidateQueries({ queryKey: keys.sources });
    },
    onError: (err) => setFormError(showSourceErrors(form, err)),
  });

  const close = () => {
    onClose();
    setIssued(null);
    setFormError(null);
    form.reset();
  };

  if (issued) {
    return (
      <Modal opened={opened} onClose={close} title={issuedKeyTitle(issued)} size="xl" centered closeOnClickOutside={false}>
        <SourceKeyView issued={issued} settings={settings} onDone={close} />
      </Modal>
    );
  }

  return (
    <Modal opened={opened} onClose={close} title="Add a source" size="lg" centered>
      <form onSubmit={form.onSubmit((values) => create.mutate(values))} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            A source is one thing that sends product usage to Candor. Give each its own, so you can replace or revoke one key without touching the others.
          </Text>
          <TextInput label="Name" placeholder="Web app" required data-autofocus {...form.getInputProps('name')} />
          <ChoiceCards label="Where do the events come from?" options={KINDS} {...form.getInputProps('kind')} />
          {form.values.kind === 'browser' ? <OriginsInput {...form.getInputProps('allowedOrigins')} /> : null}
          <FormActions error={formError} onCancel={close} submitLabel="Create source" loading={create.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}
