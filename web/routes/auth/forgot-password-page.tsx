import { Alert, Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconMailCheck } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client.js';
import { AuthLayout } from '../../components/auth-layout.js';
import { FormError } from '../../components/form-error.js';
import { showServerErrors } from '../../components/server-errors.js';

export function ForgotPasswordPage() {
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm({
    initialValues: { email: '' },
    validate: { email: (v) => (/^\S+@\S+$/.test(v.trim()) ? null : 'Enter the email address of your account') },
  });
  const request = useMutation({
    mutationFn: (values: typeof form.values) => api.post<{ message: string }>('/api/v1/password-resets', { email: values.email.trim() }),
    onMutate: () => setFormError(null),
    onError: (err) => setFormError(showServerErrors(form, err)),
  });

  if (request.isSuccess) {
    return (
      <AuthLayout title="Check your email">
        <Stack>
          <Alert variant="light" color="teal" icon={<IconMailCheck size={18} />} role="status">
            {request.data.message}
          </Alert>
          <Text size="sm" c="dimmed">
            No mail after a few minutes? Check the spam folder. If this Candor has no mail server set up, ask a workspace admin: they can pass the link on from
            the outbox.
          </Text>
          <Anchor component={Link} to="/sign-in" size="sm">
            Back to sign in
          </Anchor>
        </Stack>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title="Reset your password" description="Type the email of your account and Candor mails you a link to choose a new password.">
      <form onSubmit={form.onSubmit((values) => request.mutate(values))} noValidate>
        <Stack>
          <TextInput label="Email" type="email" autoComplete="username" autoFocus required {...form.getInputProps('email')} />
          <FormError error={formError} />
          <Button type="submit" loading={request.isPending} fullWidth>
            Send reset link
          </Button>
          <Anchor component={Link} to="/sign-in" size="sm" ta="center">
            Back to sign in
          </Anchor>
        </Stack>
      </form>
    </AuthLayout>
  );
}
