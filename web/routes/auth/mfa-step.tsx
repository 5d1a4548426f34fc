import { Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api, isApiError } from '../../api/client.js';
import type { SignInResult } from '../../api/types.js';
import { AuthCodeInput } from '../../components/auth-code-input.js';
import { FormError } from '../../components/form-error.js';

interface MfaStepProps {
  readonly onSignedIn: () => void;
  /** The challenge expired or was used up: start again with the password. */
  readonly onRestart: (message: string) => void;
}

/** The second sign-in step, shared by sign-in, password reset and invite acceptance. */
export function MfaStep({ onSignedIn, onRestart }: MfaStepProps) {
  const [useRecovery, setUseRecovery] = useState(false);
  const form = useForm({
    initialValues: { code: '', recoveryCode: '' },
    validate: {
      code: (v) => (useRecovery || /^\d{6}$/.test(v.replace(/\s/g, '')) ? null : 'Enter the 6-digit code from your authenticator app'),
      recoveryCode: (v) => (!useRecovery || v.trim().length >= 8 ? null : 'Enter one of your recovery codes'),
    },
  });
  const verify = useMutation({
    mutationFn: (values: typeof form.values) =>
      api.post<SignInResult>('/api/v1/session/mfa', useRecovery ? { recoveryCode: values.recoveryCode.trim() } : { code: values.code.replace(/\s/g, '') }),
    onSuccess: onSignedIn,
    onError: (err) => {
      if (isApiError(err, 'mfa_challenge_invalid')) onRestart(err.message);
      form.setFieldValue('code', '');
    },
  });

  return (
    <form onSubmit={form.onSubmit((values) => verify.mutate(values))} noValidate>
      <Stack>
        <Text size="sm">
          {useRecovery
            ? 'Type one of the recovery codes you saved when you turned on two-factor sign-in. Each code works once.'
            : 'Open your authenticator app and type the 6-digit code it shows for Candor.'}
        </Text>
        {useRecovery ? (
          <TextInput
            label="Recovery code"
            autoComplete="off"
            spellCheck={false}
            autoFocus
            {...form.getInputProps('recoveryCode')}
          />
        ) : (
          <AuthCodeInput autoFocus {...form.getInputProps('code')} />
        )}
        <FormError error={verify.error && !isApiError(verify.error, 'mfa_challenge_invalid') ? verify.error : null} />
        <Button type="submit" loading={verify.isPending} fullWidth>
          Verify
        </Button>
        <Anchor
          component="button"
          type="button"
          size="sm"
          onClick={() => {
            setUseRecovery((v) => !v);
            verify.reset();
            form.clearErrors();
          }}
        >
          {useRecovery ? 'Use the code from your authenticator app' : 'Lost your phone? Use a recovery code'}
        </Anchor>
      </Stack>
    </form>
  );
}
