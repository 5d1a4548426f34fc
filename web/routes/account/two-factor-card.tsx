import { Alert, Badge, Button, Card, Group, Image, Loader, Modal, PasswordInput, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertTriangle, IconShieldCheck, IconShieldOff } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { api, isApiError } from '../../api/client.js';
import { keys, useMfaStatus } from '../../api/queries.js';
import type { MfaSetup, RecoveryCodes } from '../../api/types.js';
import { AuthCodeInput } from '../../components/auth-code-input.js';
import { CopyValue } from '../../components/copy-value.js';
import { FormError } from '../../components/form-error.js';
import { useMe } from '../../components/me-context.js';
import { notifySuccess } from '../../components/notify.js';
import { QueryState } from '../../components/query-state.js';
import { formatAbsolute } from '../../components/relative-time.js';
import { showServerErrors } from '../../components/server-errors.js';
import { RecoveryCodesModal } from './recovery-codes-modal.js';

export function TwoFactorCard() {
  const me = useMe();
  const status = useMfaStatus();
  const queryClient = useQueryClient();
  const [setup, setSetup] = useState<MfaSetup | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [prompt, setPrompt] = useState<'disable' | 'regenerate' | null>(null);

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: keys.mfa });
    void queryClient.invalidateQueries({ queryKey: keys.me });
    void queryClient.invalidateQueries({ queryKey: keys.members });
  };

  const begin = useMutation({
    mutationFn: () => api.post<MfaSetup>('/api/v1/me/mfa/setup'),
    onSuccess: setSetup,
  });

  return (
    <Card withBorder radius="md" padding="xl">
      <Group justify="space-between" align="flex-start" mb={4}>
        <Title order={3} size="h4">
          Two-factor sign-in
        </Title>
        {status.data ? (
          status.data.enabled ? (
            <Badge color="teal" variant="light" leftSection={<IconShieldCheck size={12} />}>
              On
            </Badge>
          ) : (
            <Badge color="gray" variant="light" leftSection={<IconShieldOff size={12} />}>
              Off
            </Badge>
          )
        ) : null}
      </Group>
      <QueryState query={status}>
        {(mfa) =>
          mfa.enabled ? (
            <Stack gap="md">
              <Text size="sm" c="dimmed">
                Signing in asks for a code from your authenticator app after your password.
                {mfa.enabledAt ? ` Turned on ${formatAbsolute(mfa.enabledAt)}.` : ''}
              </Text>
              {mfa.recoveryCodesLeft <= 3 ? (
                <Alert color={mfa.recoveryCodesLeft === 0 ? 'red' : 'yellow'} variant="light" icon={<IconAlertTriangle size={18} />}>
                  {mfa.recoveryCodesLeft === 0 ? 'You have no recovery codes left.' : `Only ${mfa.recoveryCodesLeft} recovery codes left.`} Make new ones so a lost phone
                  does not lock you out.
                </Alert>
              ) : (
                <Text size="sm">
                  <b>{mfa.recoveryCodesLeft}</b> unused recovery codes.
                </Text>
              )}
              <Group>
                <Button variant="default" onClick={() => setPrompt('regenerate')}>
                  New recovery codes
                </Button>
                <Button variant="subtle" color="red" onClick={() => setPrompt('disable')}>
                  Turn off two-factor sign-in
                </Button>
              </Group>
            </Stack>
          ) : setup ? (
            <EnableMfa
              setup={setup}
              onCancel={() => setSetup(null)}
              onEnabled={(recoveryCodes) => {
                setSetup(null);
                setCodes(recoveryCodes);
                refresh();
              }}
            />
          ) : (
            <Stack gap="md" align="flex-start">
              <Text size="sm" c="dimmed">
                Besides your password, Candor will ask for a 6-digit code from an app on your phone, such as Aegis, 1Password, Google Authenticator or Microsoft
                Authenticator. A stolen password alone then cannot open your account.
              </Text>
              <FormError error={begin.error} />
              <Button onClick={() => begin.mutate()} loading={begin.isPending} leftSection={<IconShieldCheck size={18} />}>
                Set up two-factor sign-in
              </Button>
            </Stack>
          )
        }
      </QueryState>
      <RecoveryCodesModal
        codes={codes}
        email={me.user.email}
        onDone={() => {
          setCodes(null);
          notifySuccess('Two-factor sign-in is on.');
        }}
      />
      <PasswordPrompt
        mode={prompt}
        onClose={() => setPrompt(null)}
        onDisabled={() => {
          setPrompt(null);
          refresh();
          notifySuccess('Two-factor sign-in is off.');
        }}
        onRegenerated={(recoveryCodes) => {
          setPrompt(null);
          setCodes(recoveryCodes);
          refresh();
        }}
      />
    </Card>
  );
}

function groupSecret(secret: string): string {
  return secret.replace(/(.{4})/g, '$1 ').trim();
}

function EnableMfa({ setup, onCancel, onEnabled }: { setup: MfaSetup; onCancel: () => void; onEnabled: (codes: string[]) => void }) {
  const [qr, setQr] = useState<string | null>(null);
  const [formError, setFormError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    void QRCode.toDataURL(setup.otpauthUrl, { margin: 1, width: 208, errorCorrectionLevel: 'M' }).then((url) => live && setQr(url));
    return () => {
      live = false;
    };
  }, [setup.otpauthUrl]);

  const form = useForm({
    initialValues: { code: '', currentPassword: '' },
    validate: {
      code: (v) => (/^\d{6}$/.test(v.replace(/\s/g, '')) ? null : 'Enter the 6-digit code your app shows'),
      currentPassword: (v) => (v ? null : 'Enter your password'),
    },
  });
  const enable = useMutation({
    mutationFn: (values: typeof form.values) => api.post<RecoveryCodes>('/api/v1/me/mfa/enable', { code: values.code.replace(/\s/g, ''), currentPassword: values.currentPassword }),
    onMutate: () => setFormError(null),
    onSuccess: (result) => onEnabled(result.recoveryCodes),
    onError: (err) => {
      if (isApiError(err, 'mfa_setup_code_invalid')) form.setFieldError('code', err.message);
      else setFormError(showServerErrors(form, err));
    },
  });

  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xl" mt="sm">
      <Stack gap="sm">
        <Text size="sm" fw={600}>
          1. Scan this code with your authenticator app
        </Text>
        {qr ? (
          <Image src={qr} alt="QR code to add Candor to your authenticator app" w={208} h={208} radius="sm" style={{ border: '1px solid var(--mantine-color-gray-3)' }} />
        ) : (
          <Loader size="sm" />
        )}
        <Text size="sm" c="dimmed">
          Cannot scan? Type this key in the app instead:
        </Text>
        <CopyValue value={groupSecret(setup.secret)} label="Copy key" testId="mfa-secret" />
      </Stack>
      <form onSubmit={form.onSubmit((values) => enable.mutate(values))} noValidate>
        <Stack gap="sm">
          <Text size="sm" fw={600}>
            2. Confirm with a code from the app
          </Text>
          <AuthCodeInput {...form.getInputProps('code')} />
          <PasswordInput label="Current password" autoComplete="current-password" {...form.getInputProps('currentPassword')} />
          <FormError error={formError} />
          <Group>
            <Button type="submit" loading={enable.isPending}>
              Turn on two-factor sign-in
            </Button>
            <Button variant="subtle" color="gray" onClick={onCancel}>
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>
    </SimpleGrid>
  );
}

interface PasswordPromptProps {
  readonly mode: 'disable' | 'regenerate' | null;
  readonly onClose: () => void;
  readonly onDisabled: () => void;
  readonly onRegenerated: (codes: string[]) => void;
}

/** Turning MFA off and replacing recovery codes both need the password again (ASVS 7.5.1). */
function PasswordPrompt({ mode, onClose, onDisabled, onRegenerated }: PasswordPromptProps) {
  const [formError, setFormError] = useState<unknown>(null);
  // Keep the last mode while the dialog animates out, so its title does not flip mid-close.
  const [shownMode, setShownMode] = useState<'disable' | 'regenerate'>('disable');
  useEffect(() => {
    if (mode) setShownMode(mode);
  }, [mode]);
  const form = useForm({ initialValues: { currentPassword: '' }, validate: { currentPassword: (v) => (v ? null : 'Enter your password') } });
  const run = useMutation({
    mutationFn: async (values: typeof form.values) => {
      if (shownMode === 'disable') {
        await api.post('/api/v1/me/mfa/disable', values);
        return null;
      }
      return (await api.post<RecoveryCodes>('/api/v1/me/mfa/recovery-codes', values)).recoveryCodes;
    },
    onMutate: () => setFormError(null),
    onSuccess: (codes) => {
      form.reset();
      if (codes) onRegenerated(codes);
      else onDisabled();
    },
    onError: (err) => setFormError(showServerErrors(form, err)),
  });
  const close = () => {
    form.reset();
    setFormError(null);
    onClose();
  };
  const disabling = shownMode === 'disable';
  return (
    <Modal opened={mode !== null} onClose={close} title={disabling ? 'Turn off two-factor sign-in?' : 'Make new recovery codes?'} centered>
      <form onSubmit={form.onSubmit((values) => run.mutate(values))} noValidate>
        <Stack>
          <Text size="sm">
            {disabling
              ? 'Your password alone will open your account again, and your recovery codes stop working.'
              : 'Your current recovery codes stop working, and you get new ones to save.'}
          </Text>
          <PasswordInput label="Current password" autoComplete="current-password" data-autofocus {...form.getInputProps('currentPassword')} />
          <FormError error={formError} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" color={disabling ? 'red' : undefined} loading={run.isPending}>
              {disabling ? 'Turn off' : 'Make new codes'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
