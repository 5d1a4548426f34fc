import { Alert, Anchor, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconMailForward } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { RoleLabels } from '../../../contract/common.js';
import { api } from '../../api/client.js';
import { keys } from '../../api/queries.js';
import type { InviteView, OutboxList, Role } from '../../api/types.js';
import { FormError } from '../../components/form-error.js';
import { useCan } from '../../components/me-context.js';
import { showServerErrors } from '../../components/server-errors.js';
import { RoleSelect } from '../../components/roles.js';

interface InviteMemberModalProps {
  readonly opened: boolean;
  readonly onClose: () => void;
  readonly assignableRoles: readonly Role[];
}

export function InviteMemberModal({ opened, onClose, assignableRoles }: InviteMemberModalProps) {
  const queryClient = useQueryClient();
  const can = useCan();
  const [sent, setSent] = useState<InviteView | null>(null);
  const [formError, setFormError] = useState<unknown>(null);
  // Whether mail leaves the server decides what to tell the admin after sending.
  const outbox = useQuery({ queryKey: keys.outbox, queryFn: () => api.get<OutboxList>('/api/v1/outbox'), enabled: opened && can('outbox:read') });
  const form = useForm({
    initialValues: { email: '', role: 'csm' as Role },
    validate: { email: (v) => (/^\S+@\S+\.\S+$/.test(v.trim()) ? null : 'Enter an email address') },
  });
  const invite = useMutation({
    mutationFn: (values: typeof form.values) => api.post<InviteView>('/api/v1/invites', { email: values.email.trim(), role: values.role }),
    onMutate: () => setFormError(null),
    onSuccess: (created) => {
      setSent(created);
      void queryClient.invalidateQueries({ queryKey: keys.invites });
      void queryClient.invalidateQueries({ queryKey: keys.outbox });
    },
    onError: (err) => setFormError(showServerErrors(form, err)),
  });

  const close = () => {
    onClose();
    setSent(null);
    setFormError(null);
    form.reset();
  };

  return (
    <Modal opened={opened} onClose={close} title={sent ? 'Invitation sent' : 'Invite a member'} centered size="md">
      {sent ? (
        <Stack>
          <Text size="sm">
            {sent.email} is invited as {RoleLabels[sent.role]}. The link in the email works once and for 7 days.
          </Text>
          {outbox.data && !outbox.data.smtpConfigured ? (
            <Alert color="yellow" variant="light" icon={<IconMailForward size={18} />} title="Pass the link on yourself">
              No SMTP server is configured, so the invitation waits in the outbox.{' '}
              <Anchor component={Link} to="/settings/outbox" onClick={close} size="sm">
                Open the outbox
              </Anchor>{' '}
              and send the link to {sent.email}.
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button
              variant="default"
              onClick={() => {
                setSent(null);
                form.reset();
              }}
            >
              Invite someone else
            </Button>
            <Button onClick={close} data-autofocus>
              Done
            </Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={form.onSubmit((values) => invite.mutate(values))} noValidate>
          <Stack>
            <Text size="sm" c="dimmed">
              Candor emails them a link to join this workspace. They choose their own password.
            </Text>
            <TextInput label="Email" type="email" placeholder="name@company.com" data-autofocus required {...form.getInputProps('email')} />
            <RoleSelect
              label="Role"
              description="What they can do here. You can change it later."
              value={form.values.role}
              onChange={(role) => form.setFieldValue('role', role)}
              roles={assignableRoles}
              comboboxProps={{ width: 'target', position: 'bottom' }}
            />
            <FormError error={formError} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={invite.isPending} leftSection={<IconMailForward size={16} />}>
                Send invite
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
