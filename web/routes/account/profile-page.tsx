import { Button, Card, Group, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconDoorExit } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { RoleLabels } from '../../../contract/common.js';
import { api } from '../../api/client.js';
import { keys } from '../../api/queries.js';
import type { Me } from '../../api/types.js';
import { ConfirmModal } from '../../components/confirm-modal.js';
import { FormError } from '../../components/form-error.js';
import { useMe } from '../../components/me-context.js';
import { notifySuccess } from '../../components/notify.js';
import { PageHeader } from '../../components/page-header.js';
import { formatAbsolute } from '../../components/relative-time.js';
import { showServerErrors } from '../../components/server-errors.js';

/** Every person edits their own name and email (P27); the email needs the password to change. */
export function ProfilePage() {
  const me = useMe();
  return (
    <>
      <PageHeader title="Profile" description="Your name and email, as every workspace you belong to sees them." />
      <Stack gap="lg" maw={720}>
        <ProfileForm me={me} />
        <LeaveWorkspace me={me} />
      </Stack>
    </>
  );
}

function ProfileForm({ me }: { me: Me }) {
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm({
    initialValues: { name: me.user.name, email: me.user.email, currentPassword: '' },
    validate: {
      name: (v) => (v.trim() ? null : 'Enter your name'),
      email: (v) => (/^\S+@\S+\.\S+$/.test(v.trim()) ? null : 'Enter an email address'),
      currentPassword: (v, values) => (values.email.trim().toLowerCase() === me.user.email || v ? null : 'Enter your current password to change your email'),
    },
  });
  const emailChanged = form.values.email.trim().toLowerCase() !== me.user.email;
  const save = useMutation({
    mutationFn: (values: typeof form.values) =>
      api.patch<Me>('/api/v1/me', {
        name: values.name.trim(),
        ...(emailChanged ? { email: values.email.trim(), currentPassword: values.currentPassword } : {}),
      }),
    onMutate: () => setFormError(null),
    onSuccess: (updated) => {
      queryClient.setQueryData(keys.me, updated);
      void queryClient.invalidateQueries({ queryKey: keys.members });
      form.setValues({ name: updated.user.name, email: updated.user.email, currentPassword: '' });
      form.resetDirty({ name: updated.user.name, email: updated.user.email, currentPassword: '' });
      notifySuccess(emailChanged ? `Saved. Your old address was told about the change.` : 'Profile saved.');
    },
    onError: (err) => setFormError(showServerErrors(form, err)),
  });

  return (
    <Card withBorder radius="md" padding="xl">
      <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
        <Stack>
          <TextInput label="Name" autoComplete="name" required {...form.getInputProps('name')} />
          <TextInput label="Email" type="email" autoComplete="email" description="You sign in with it, and security notices go to it." required {...form.getInputProps('email')} />
          {emailChanged ? (
            <PasswordInput
              label="Current password"
              description="Changing the email needs your password, so someone at an unlocked computer cannot take over the account."
              autoComplete="current-password"
              required
              {...form.getInputProps('currentPassword')}
            />
          ) : null}
          <FormError error={formError} />
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              Account created {formatAbsolute(me.user.createdAt)}
            </Text>
            <Button type="submit" loading={save.isPending} disabled={!form.isDirty('name') && !form.isDirty('email')}>
              Save profile
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function LeaveWorkspace({ me }: { me: Me }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const leave = useMutation({
    mutationFn: () => api.delete('/api/v1/me/membership'),
    onSuccess: async () => {
      await navigate('/sign-in', { replace: true, state: { notice: `You left ${me.workspace.name}. Sign in again to open another workspace.` } });
      queryClient.clear();
    },
  });
  return (
    <Card withBorder radius="md" padding="xl" style={{ borderColor: 'var(--mantine-color-red-3)' }}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <div>
          <Title order={3} size="h5">
            Leave {me.workspace.name}
          </Title>
          <Text size="sm" c="dimmed">
            You are {RoleLabels[me.membership.role]} here. Leaving ends your sessions in this workspace and revokes your API tokens for it. Your account stays
            {me.workspaces.length > 1 ? ', with your other workspaces.' : '.'}
          </Text>
        </div>
        <Button color="red" variant="light" leftSection={<IconDoorExit size={16} />} onClick={() => setConfirming(true)} style={{ flexShrink: 0 }}>
          Leave workspace
        </Button>
      </Group>
      <ConfirmModal
        opened={confirming}
        onClose={() => {
          setConfirming(false);
          leave.reset();
        }}
        title={`Leave ${me.workspace.name}?`}
        confirmLabel="Leave workspace"
        onConfirm={() => leave.mutate()}
        loading={leave.isPending}
        error={leave.error}
      >
        You lose access right away. To come back, an admin has to invite you again.
      </ConfirmModal>
    </Card>
  );
}
