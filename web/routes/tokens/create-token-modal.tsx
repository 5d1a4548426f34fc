import { Alert, Button, Checkbox, Code, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.js';
import type { CreatedToken } from '../../api/types.js';
import { CopyValue } from '../../components/copy-value.js';
import { FormActions } from '../../components/form-actions.js';
import { showServerErrors } from '../../components/server-errors.js';

const EXPIRY_CHOICES = [
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
  { value: 'never', label: 'Never' },
];

/** Creates a token and shows it once: Candor keeps only its hash, so it cannot be shown again. */
export function CreateTokenModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [saved, setSaved] = useState(false);
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm({
    initialValues: { name: '', expiresIn: '90' },
    validate: { name: (v) => (v.trim() ? null : 'Name the token after what will use it, for example “CRM sync”') },
  });
  const create = useMutation({
    mutationFn: (values: typeof form.values) =>
      api.post<CreatedToken>('/api/v1/tokens', { name: values.name.trim(), expiresInDays: values.expiresIn === 'never' ? null : Number(values.expiresIn) }),
    onMutate: () => setFormError(null),
    onSuccess: (result) => {
      setCreated(result);
      void queryClient.invalidateQueries({ queryKey: ['tokens'] });
    },
    onError: (err) => setFormError(showServerErrors(form, err)),
  });

  const close = () => {
    onClose();
    setCreated(null);
    setSaved(false);
    setFormError(null);
    form.reset();
  };

  if (created) {
    return (
      <Modal opened={opened} onClose={close} title={`Token “${created.item.name}” is ready`} size="lg" centered closeOnClickOutside={false}>
        <Stack>
          <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />}>
            Copy it now. Candor keeps only a fingerprint of the token, so it cannot show it again.
          </Alert>
          <CopyValue value={created.token} label="Copy token" testId="created-token" />
          <Text size="sm" c="dimmed">
            Send it as <Code>Authorization: Bearer &lt;token&gt;</Code> with each request. It acts as you, with your role, in this workspace.
          </Text>
          <Checkbox label="I have copied the token to a safe place" checked={saved} onChange={(e) => setSaved(e.currentTarget.checked)} />
          <Group justify="flex-end">
            <Button onClick={close} disabled={!saved}>
              Done
            </Button>
          </Group>
        </Stack>
      </Modal>
    );
  }

  return (
    <Modal opened={opened} onClose={close} title="Create an API token" centered>
      <form onSubmit={form.onSubmit((values) => create.mutate(values))} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            A token lets a script or another system call Candor&apos;s API as you. Give each integration its own token, so you can revoke one without breaking the others.
          </Text>
          <TextInput label="Name" placeholder="CRM sync" required data-autofocus {...form.getInputProps('name')} />
          <Select label="Expires after" data={EXPIRY_CHOICES} allowDeselect={false} {...form.getInputProps('expiresIn')} />
          <FormActions error={formError} onCancel={close} submitLabel="Create token" loading={create.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}
