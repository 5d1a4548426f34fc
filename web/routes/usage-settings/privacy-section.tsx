import { Badge, Button, Card, Group, Input, Stack, Switch, TagsInput, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.js';
import { keys } from '../../api/queries.js';
import type { UpdateUsageSettingsBody, UsageSettingsView } from '../../api/types.js';
import { FormError } from '../../components/form-error.js';
import { notifySuccess } from '../../components/notify.js';
import { QueryState } from '../../components/query-state.js';
import { showServerErrors } from '../../components/server-errors.js';
import { ChoiceCards } from '../../components/choice-cards.js';
import { useUsageSettings } from './usage-queries.js';
import { UsageSection } from './usage-section.js';

const CONSENT_MODES = [
  {
    value: 'opt-in',
    label: 'Ask first (opt-in)',
    description: 'Nothing but essential, cookie-free page views until the visitor consents in your cookie banner. Recommended in the EU and the UK.',
  },
  {
    value: 'opt-out',
    label: 'Track unless refused (opt-out)',
    description: 'Full events unless the visitor refuses. Only where your law and your privacy policy allow it.',
  },
] as const;

/** What the tracking tag and the server keep back: consent mode, privacy signals and masked URL parameters. */
export function PrivacySection() {
  const settings = useUsageSettings();
  return (
    <UsageSection
      id="usage-privacy-title"
      title="Privacy"
      description="What Candor keeps about the visitors of your site or app. Changes apply to events received from now on. The consent mode and the signals setting are also written into the tag, so copy a browser source’s snippet again after you change them."
    >
      <QueryState query={settings}>{(data) => <PrivacyForm settings={data} />}</QueryState>
    </UsageSection>
  );
}

function PrivacyForm({ settings }: { settings: UsageSettingsView }) {
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<unknown>(null);
  // A parameter typed but not yet turned into a pill counts as a change: leaving the field adds it.
  const [typed, setTyped] = useState('');
  const form = useForm({
    initialValues: { consentMode: settings.consentMode as string, honourSignals: settings.honourSignals, maskedParams: settings.maskedParams },
  });
  const save = useMutation({
    mutationFn: (values: typeof form.values) =>
      api.put<UsageSettingsView>('/api/v1/usage/settings', {
        consentMode: values.consentMode as UsageSettingsView['consentMode'],
        honourSignals: values.honourSignals,
        maskedParams: values.maskedParams,
      } satisfies UpdateUsageSettingsBody),
    onMutate: () => setFormError(null),
    onSuccess: (saved) => {
      // `settings` is still what was saved before: the cache is updated just below.
      const tagChanged = saved.consentMode !== settings.consentMode || saved.honourSignals !== settings.honourSignals;
      queryClient.setQueryData(keys.usageSettings, saved);
      const values = { consentMode: saved.consentMode as string, honourSignals: saved.honourSignals, maskedParams: saved.maskedParams };
      form.setValues(values);
      form.resetDirty(values);
      notifySuccess(
        tagChanged ? 'Privacy settings saved. Copy each browser source’s snippet again and replace the tag on your site: it carries these settings.' : 'Privacy settings saved.',
      );
    },
    onError: (err) => setFormError(showServerErrors(form, err)),
  });

  return (
    <Card withBorder radius="md" padding="xl" maw={760}>
      <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
        <Stack gap="lg">
          <ChoiceCards
            label="Consent"
            description="Whether the tag waits for the visitor’s yes before it sends who they are and what they do."
            options={CONSENT_MODES}
            recommended="opt-in"
            {...form.getInputProps('consentMode')}
          />
          <Switch
            label="Honour Do Not Track and Global Privacy Control"
            description="Requests with DNT or GPC keep only essential page views, whatever the consent mode. Both are browser settings people turn on to ask sites not to track them."
            {...form.getInputProps('honourSignals', { type: 'checkbox' })}
          />
          <Stack gap={6}>
            <TagsInput
              label="Masked URL parameters"
              description="Page addresses can carry personal data or secrets in their query string. Candor replaces the values of these parameters with [masked] before it stores an address: ?invite=abc becomes ?invite=[masked]. Press Enter after each."
              placeholder="invite"
              splitChars={[',', ' ']}
              clearable
              onSearchChange={setTyped}
              {...form.getInputProps('maskedParams')}
            />
            <Input.Description component="div">
              <Group gap={4}>
                <Text span size="xs" c="dimmed" mr={2}>
                  Always masked:
                </Text>
                {settings.alwaysMaskedParams.map((p) => (
                  <Badge key={p} size="xs" variant="default" tt="none" ff="monospace" fw={500}>
                    {p}
                  </Badge>
                ))}
              </Group>
            </Input.Description>
          </Stack>
          <FormError error={formError} />
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending} disabled={!form.isDirty() && !typed.trim()}>
              Save privacy settings
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
