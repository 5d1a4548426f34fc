import { Alert, Anchor, Button, Center, Checkbox, Loader, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertCircle, IconInfoCircle } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useLocation } from 'react-router';
import { RoleDescriptions, RoleLabels } from '../../../contract/common.js';
import { api, errorMessage } from '../../api/client.js';
import { useOptionalMe } from '../../api/queries.js';
import type { InvitePreview, SignInResult } from '../../api/types.js';
import { AuthLayout } from '../../components/auth-layout.js';
import { FormError } from '../../components/form-error.js';
import { formatRelative } from '../../components/relative-time.js';
import { showServerErrors } from '../../components/server-errors.js';
import { MfaStep } from './mfa-step.js';
import { tokenFromHash } from './reset-password-page.js';
import { PASSWORD_HINT } from './setup-page.js';
import { useEnterApp } from './use-enter-app.js';

/** Opening an invite link: set up a new account, or join with the account the email already has. */
export function InvitePage() {
  const { hash } = useLocation();
  const token = tokenFromHash(hash);
  const preview = useQuery({
    queryKey: ['invite', token],
    queryFn: () => api.post<InvitePreview>('/api/v1/invites/lookup', { token }),
    enabled: token.length >= 10,
    retry: false,
    staleTime: Infinity,
  });
  const current = useOptionalMe();

  if (token.length < 10 || preview.isError) {
    return (
      <AuthLayout title="This invitation does not work">
        <Stack>
          <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert">
            {preview.isError ? errorMessage(preview.error) : 'Open the link from the invitation email in full; part of it seems to be missing.'}
          </Alert>
          <Anchor component={Link} to="/sign-in" size="sm">
            Go to sign in
          </Anchor>
        </Stack>
      </AuthLayout>
    );
  }
  if (preview.isPending || current.isPending) {
    return (
      <Center h="100vh" role="status" aria-label="Loading the invitation">
        <Loader />
      </Center>
    );
  }
  return <AcceptInvite token={token} invite={preview.data} signedInAs={current.data?.user.email ?? null} />;
}

function AcceptInvite({ token, invite, signedInAs }: { token: string; invite: InvitePreview; signedInAs: string | null }) {
  const enterApp = useEnterApp();
  const [step, setStep] = useState<'password' | 'mfa'>('password');
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm({
    initialValues: { name: '', password: '', remember: false },
    validate: {
      name: (v) => (invite.hasAccount || v.trim() ? null : 'Enter your name'),
      password: (v) => (invite.hasAccount ? (v ? null : 'Enter your password') : v.length >= 12 ? null : 'Use at least 12 characters'),
    },
  });
  const accept = useMutation({
    mutationFn: (values: typeof form.values) =>
      api.post<SignInResult>('/api/v1/invites/accept', {
        token,
        password: values.password,
        remember: values.remember,
        ...(invite.hasAccount ? {} : { name: values.name.trim() }),
      }),
    onMutate: () => setFormError(null),
    onSuccess: (result) => (result.status === 'mfa_required' ? setStep('mfa') : enterApp()),
    onError: (err) => setFormError(showServerErrors(form, err)),
  });

  const roleLine = (
    <>
      You are invited as <b>{RoleLabels[invite.role]}</b>: {RoleDescriptions[invite.role].replace(/^./, (c) => c.toLowerCase())}
    </>
  );

  if (step === 'mfa') {
    return (
      <AuthLayout title={`Join ${invite.workspaceName}`} description="Your account has two-factor sign-in on. Finish with your second factor to join.">
        <MfaStep onSignedIn={enterApp} onRestart={(message) => { setStep('password'); setFormError(new Error(message)); }} />
      </AuthLayout>
    );
  }

  return (
    <AuthLayout
      title={`Join ${invite.workspaceName}`}
      description={
        <Stack gap={6}>
          <Text size="sm" c="dimmed">
            {roleLine}
          </Text>
          <Text size="xs" c="dimmed">
            This invitation is for {invite.email} and expires {formatRelative(invite.expiresAt)}.
          </Text>
        </Stack>
      }
      width={460}
    >
      {signedInAs && signedInAs !== invite.email ? (
        <Alert variant="light" color="yellow" icon={<IconInfoCircle size={18} />}>
          This browser is signed in as {signedInAs}. Accepting signs it in as {invite.email} instead.
        </Alert>
      ) : null}
      <form onSubmit={form.onSubmit((values) => accept.mutate(values))} noValidate>
        <Stack>
          {invite.hasAccount ? (
            <Text size="sm">
              You already have a Candor account as {invite.email}. Type its password to join {invite.workspaceName} with it.
            </Text>
          ) : null}
          <TextInput label="Email" value={invite.email} readOnly autoComplete="username" variant="filled" />
          {invite.hasAccount ? null : (
            <TextInput label="Name" description="As your team will see it" autoComplete="name" autoFocus required {...form.getInputProps('name')} />
          )}
          <PasswordInput
            label="Password"
            description={invite.hasAccount ? undefined : PASSWORD_HINT}
            autoComplete={invite.hasAccount ? 'current-password' : 'new-password'}
            autoFocus={invite.hasAccount}
            required
            {...form.getInputProps('password')}
          />
          <Checkbox label="Keep me signed in on this device" {...form.getInputProps('remember', { type: 'checkbox' })} />
          <FormError error={formError} />
          <Button type="submit" loading={accept.isPending} fullWidth>
            {invite.hasAccount ? 'Join workspace' : 'Accept invitation'}
          </Button>
          {invite.hasAccount ? (
            <Anchor component={Link} to="/forgot-password" size="sm" ta="center">
              Forgot password?
            </Anchor>
          ) : null}
        </Stack>
      </form>
    </AuthLayout>
  );
}
