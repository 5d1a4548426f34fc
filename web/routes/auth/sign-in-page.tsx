import { Alert, Anchor, Button, Center, Checkbox, Loader, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconInfoCircle } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, Navigate, useLocation, useSearchParams } from 'react-router';
import { api } from '../../api/client.js';
import { useOptionalMe, useSetupStatus } from '../../api/queries.js';
import type { SignInResult } from '../../api/types.js';
import { AuthLayout } from '../../components/auth-layout.js';
import { FormError } from '../../components/form-error.js';
import { showServerErrors } from '../../components/server-errors.js';
import { MfaStep } from './mfa-step.js';
import { safeNextPath, useEnterApp } from './use-enter-app.js';

/** Sign in with email and password, then the second factor on the same page when it is on. */
export function SignInPage() {
  const setup = useSetupStatus();
  const current = useOptionalMe();
  const [params] = useSearchParams();
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
  const enterApp = useEnterApp();
  const [step, setStep] = useState<'password' | 'mfa'>('password');
  const [restartNotice, setRestartNotice] = useState<string | null>(null);
  const [formError, setFormError] = useState<unknown>(null);

  const form = useForm({
    initialValues: { email: '', password: '', remember: false },
    validate: {
      email: (v) => (/^\S+@\S+$/.test(v.trim()) ? null : 'Enter the email address of your account'),
      password: (v) => (v ? null : 'Enter your password'),
    },
  });

  const signIn = useMutation({
    mutationFn: (values: typeof form.values) => api.post<SignInResult>('/api/v1/session', values),
    onMutate: () => {
      setFormError(null);
      setRestartNotice(null);
    },
    onSuccess: (result) => {
      if (result.status === 'mfa_required') setStep('mfa');
      else enterApp();
    },
    onError: (err) => {
      setFormError(showServerErrors(form, err));
      form.setFieldValue('password', '');
    },
  });

  if (setup.isPending || current.isPending) {
    return (
      <Center h="100vh" role="status" aria-label="Loading">
        <Loader />
      </Center>
    );
  }
  if (setup.data?.needsSetup) return <Navigate to="/setup" replace />;
  if (current.data) return <Navigate to={safeNextPath(params.get('next'))} replace />;

  if (step === 'mfa') {
    return (
      <AuthLayout title="Two-factor sign-in" description={`Signing in as ${form.values.email.trim()}.`}>
        <MfaStep
          onSignedIn={enterApp}
          onRestart={(message) => {
            setStep('password');
            setRestartNotice(message);
            form.setFieldValue('password', '');
          }}
        />
        <Anchor component="button" type="button" size="sm" c="dimmed" onClick={() => setStep('password')}>
          Back to email and password
        </Anchor>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title="Sign in to Candor">
      <form onSubmit={form.onSubmit((values) => signIn.mutate(values))} noValidate>
        <Stack>
          {notice && !formError && !restartNotice ? (
            <Alert variant="light" color="blue" icon={<IconInfoCircle size={18} />}>
              {notice}
            </Alert>
          ) : null}
          {restartNotice ? (
            <Alert variant="light" color="yellow" icon={<IconInfoCircle size={18} />}>
              {restartNotice}
            </Alert>
          ) : null}
          <TextInput label="Email" type="email" autoComplete="username" autoFocus required {...form.getInputProps('email')} />
          <PasswordInput label="Password" autoComplete="current-password" required {...form.getInputProps('password')} />
          <Checkbox label="Keep me signed in on this device" {...form.getInputProps('remember', { type: 'checkbox' })} />
          <FormError error={formError} />
          <Button type="submit" loading={signIn.isPending} fullWidth>
            Sign in
          </Button>
          <Anchor component={Link} to="/forgot-password" size="sm" ta="center">
            Forgot password?
          </Anchor>
        </Stack>
      </form>
    </AuthLayout>
  );
}
