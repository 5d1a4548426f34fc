import { Alert, Anchor, Button, PasswordInput, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertCircle } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { api, isApiError } from '../../api/client.js';
import type { SignInResult } from '../../api/types.js';
import { AuthLayout } from '../../components/auth-layout.js';
import { FormError } from '../../components/form-error.js';
import { showServerErrors } from '../../components/server-errors.js';
import { MfaStep } from './mfa-step.js';
import { PASSWORD_HINT } from './setup-page.js';
import { useEnterApp } from './use-enter-app.js';

/** The token sits in the URL fragment, which the browser never sends to any server. */
export function tokenFromHash(hash: string): string {
  return decodeURIComponent(hash.replace(/^#/, '')).trim();
}

export function ResetPasswordPage() {
  const { hash } = useLocation();
  const token = tokenFromHash(hash);
  const enterApp = useEnterApp();
  const navigate = useNavigate();
  const [step, setStep] = useState<'password' | 'mfa'>('password');
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm({
    initialValues: { password: '' },
    validate: { password: (v) => (v.length >= 12 ? null : 'Use at least 12 characters') },
  });
  const complete = useMutation({
    mutationFn: (values: typeof form.values) => api.post<SignInResult>('/api/v1/password-resets/complete', { token, password: values.password }),
    onMutate: () => setFormError(null),
    onSuccess: (result) => (result.status === 'mfa_required' ? setStep('mfa') : enterApp()),
    onError: (err) => setFormError(showServerErrors(form, err)),
  });

  if (token.length < 10 || isApiError(formError, 'reset_invalid')) {
    return (
      <AuthLayout title="This reset link does not work">
        <Stack>
          <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert">
            {isApiError(formError) ? formError.message : 'Open the link from the reset email in full; part of it seems to be missing.'}
          </Alert>
          <Anchor component={Link} to="/forgot-password" size="sm">
            Ask for a new reset link
          </Anchor>
        </Stack>
      </AuthLayout>
    );
  }

  if (step === 'mfa') {
    return (
      <AuthLayout title="Two-factor sign-in" description="Your new password is saved. Finish signing in with your second factor.">
        <MfaStep onSignedIn={enterApp} onRestart={(message) => void navigate('/sign-in', { replace: true, state: { notice: `${message} Use your new password.` } })} />
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title="Choose a new password" description="The link works once. Saving the new password signs your account out on every other device.">
      <form onSubmit={form.onSubmit((values) => complete.mutate(values))} noValidate>
        <Stack>
          <PasswordInput label="New password" description={PASSWORD_HINT} autoComplete="new-password" autoFocus required {...form.getInputProps('password')} />
          <FormError error={formError} />
          <Button type="submit" loading={complete.isPending} fullWidth>
            Save password and sign in
          </Button>
          <Text size="xs" c="dimmed" ta="center">
            <Anchor component={Link} to="/sign-in" size="xs">
              Back to sign in
            </Anchor>
          </Text>
        </Stack>
      </form>
    </AuthLayout>
  );
}
