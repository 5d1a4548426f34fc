import { Button, Center, Loader, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Navigate } from 'react-router';
import { api } from '../../api/client.js';
import { useSetupStatus } from '../../api/queries.js';
import type { SignInResult } from '../../api/types.js';
import { AuthLayout } from '../../components/auth-layout.js';
import { FormError } from '../../components/form-error.js';
import { showServerErrors } from '../../components/server-errors.js';
import { useEnterApp } from './use-enter-app.js';

export const PASSWORD_HINT = 'At least 12 characters, and not a common password. A few unrelated words work well.';

/** First run: the first workspace and its owner. Open only until that workspace exists. */
export function SetupPage() {
  const status = useSetupStatus();
  const enterApp = useEnterApp();
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm({
    initialValues: { workspaceName: '', name: '', email: '', password: '', setupCode: '' },
    validate: {
      workspaceName: (v) => (v.trim() ? null : 'Name the workspace, for example your company'),
      name: (v) => (v.trim() ? null : 'Enter your name'),
      email: (v) => (/^\S+@\S+$/.test(v.trim()) ? null : 'Enter your email address'),
      password: (v) => (v.length >= 12 ? null : 'Use at least 12 characters'),
      setupCode: (v) => (!status.data?.codeRequired || v.trim() ? null : 'Type the setup code from the server log'),
    },
  });
  const setup = useMutation({
    mutationFn: ({ setupCode, ...values }: typeof form.values) =>
      api.post<SignInResult>('/api/v1/setup', { ...values, ...(status.data?.codeRequired ? { setupCode: setupCode.trim() } : {}) }),
    onMutate: () => setFormError(null),
    onSuccess: enterApp,
    onError: (err) => setFormError(showServerErrors(form, err)),
  });

  if (status.isPending) {
    return (
      <Center h="100vh" role="status" aria-label="Loading">
        <Loader />
      </Center>
    );
  }
  if (status.data && !status.data.needsSetup) return <Navigate to="/sign-in" replace />;

  return (
    <AuthLayout
      title="Set up Candor"
      description="Create the first workspace and your owner account. You can invite your team right after."
      width={460}
    >
      <form onSubmit={form.onSubmit((values) => setup.mutate(values))} noValidate>
        <Stack>
          <TextInput label="Workspace name" placeholder="Acme Customer Success" autoFocus required {...form.getInputProps('workspaceName')} />
          <TextInput label="Name" description="Your name, as your team will see it" autoComplete="name" required {...form.getInputProps('name')} />
          <TextInput label="Email" type="email" autoComplete="username" required {...form.getInputProps('email')} />
          <PasswordInput label="Password" description={PASSWORD_HINT} autoComplete="new-password" required {...form.getInputProps('password')} />
          {status.data?.codeRequired ? (
            <TextInput
              label="Setup code (printed in the server log)"
              description="You are not on the server itself, so Candor asks for the code it printed when it started."
              autoComplete="off"
              spellCheck={false}
              required
              {...form.getInputProps('setupCode')}
            />
          ) : null}
          <FormError error={status.error ?? formError} />
          <Button type="submit" loading={setup.isPending} fullWidth>
            Create workspace
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
