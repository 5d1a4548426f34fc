import { Button, Card, Checkbox, Group, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.js';
import { keys } from '../../api/queries.js';
import { FormError } from '../../components/form-error.js';
import { notifySuccess } from '../../components/notify.js';
import { showServerErrors } from '../../components/server-errors.js';
import { PASSWORD_HINT } from '../auth/setup-page.js';

export function PasswordCard() {
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm({
    initialValues: { currentPassword: '', newPassword: '', signOutOtherSessions: true },
    validate: {
      currentPassword: (v) => (v ? null : 'Enter your current password'),
      newPassword: (v) => (v.length >= 12 ? null : 'Use at least 12 characters'),
    },
  });
  const change = useMutation({
    mutationFn: (values: typeof form.values) => api.put<{ sessionsEnded: number }>('/api/v1/me/password', values),
    onMutate: () => setFormError(null),
    onSuccess: (result, values) => {
      form.reset();
      void queryClient.invalidateQueries({ queryKey: keys.sessions });
      notifySuccess(
        values.signOutOtherSessions
          ? `Password changed. ${result.sessionsEnded === 1 ? '1 other session was' : `${result.sessionsEnded} other sessions were`} signed out.`
          : 'Password changed.',
      );
    },
    onError: (err) => setFormError(showServerErrors(form, err, { password: 'newPassword' })),
  });

  return (
    <Card withBorder radius="md" padding="xl">
      <Title order={3} size="h4" mb={4}>
        Password
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        Candor emails you whenever your password changes.
      </Text>
      <form onSubmit={form.onSubmit((values) => change.mutate(values))} noValidate>
        <Stack maw={440}>
          <PasswordInput label="Current password" autoComplete="current-password" required {...form.getInputProps('currentPassword')} />
          <PasswordInput label="New password" description={PASSWORD_HINT} autoComplete="new-password" required {...form.getInputProps('newPassword')} />
          <Checkbox label="Sign out my other sessions and remembered devices" {...form.getInputProps('signOutOtherSessions', { type: 'checkbox' })} />
          <FormError error={formError} />
          <Group>
            <Button type="submit" loading={change.isPending}>
              Change password
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
