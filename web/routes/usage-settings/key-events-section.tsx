import { Button, Card, Group, Stack, TagsInput, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.js';
import { keys } from '../../api/queries.js';
import type { UpdateUsageSettingsBody, UsageSettingsView } from '../../api/types.js';
import { FormError } from '../../components/form-error.js';
import { notifySuccess } from '../../components/notify.js';
import { QueryState } from '../../components/query-state.js';
import { showServerErrors } from '../../components/server-errors.js';
import { useUsageSettings } from './usage-queries.js';
import { UsageSection } from './usage-section.js';

/** The few custom events that say a client gets value from the product; client pages count them. */
export function KeyEventsSection({ recentNames }: { recentNames: readonly string[] }) {
  const settings = useUsageSettings();
  return (
    <UsageSection
      id="key-events-title"
      title="Key events"
      description="The actions in your product that show a client is getting value from it, such as “Report exported” or “Teammate invited”. Client pages count each of them and show how many of them the client used: its adoption."
    >
      <QueryState query={settings}>{(data) => <KeyEventsForm settings={data} recentNames={recentNames} />}</QueryState>
    </UsageSection>
  );
}

function KeyEventsForm({ settings, recentNames }: { settings: UsageSettingsView; recentNames: readonly string[] }) {
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<unknown>(null);
  // A name typed but not yet turned into a pill counts as a change: leaving the field adds it.
  const [typed, setTyped] = useState('');
  const form = useForm({ initialValues: { keyEvents: settings.keyEvents } });
  const save = useMutation({
    mutationFn: (values: typeof form.values) => api.put<UsageSettingsView>('/api/v1/usage/settings', { keyEvents: values.keyEvents } satisfies UpdateUsageSettingsBody),
    onMutate: () => setFormError(null),
    onSuccess: (saved) => {
      queryClient.setQueryData(keys.usageSettings, saved);
      form.setValues({ keyEvents: saved.keyEvents });
      form.resetDirty({ keyEvents: saved.keyEvents });
      notifySuccess(saved.keyEvents.length === 0 ? 'Key events saved: there are none now.' : `Key events saved. Client pages now count ${saved.keyEvents.length === 1 ? 'this event' : `these ${saved.keyEvents.length} events`}.`);
    },
    onError: (err) => setFormError(showServerErrors(form, err)),
  });
  const chosen = new Set(form.values.keyEvents.map((n) => n.toLowerCase()));
  const suggestions = recentNames.filter((n) => !chosen.has(n.toLowerCase())).slice(0, 12);

  return (
    <Card withBorder radius="md" padding="xl" maw={760}>
      <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
        <Stack gap="md">
          <TagsInput
            label="Key event names"
            description="Exactly as your product sends them with track, capitals and spaces included. Press Enter after each."
            placeholder={form.values.keyEvents.length ? '' : 'Report exported'}
            data={suggestions}
            clearable
            onSearchChange={setTyped}
            {...form.getInputProps('keyEvents')}
          />
          {suggestions.length > 0 ? (
            <Stack gap={6}>
              <Text size="xs" c="dimmed">
                Recently received by the live event debugger below. Click one to add it:
              </Text>
              <Group gap={6}>
                {suggestions.map((name) => (
                  <Button key={name} size="compact-xs" variant="light" color="gray" leftSection={<IconPlus size={12} />} onClick={() => form.insertListItem('keyEvents', name)}>
                    {name}
                  </Button>
                ))}
              </Group>
            </Stack>
          ) : (
            <Text size="xs" c="dimmed">
              Names of events your product sends appear here as suggestions once they reach the live event debugger below.
            </Text>
          )}
          <FormError error={formError} />
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending} disabled={!form.isDirty() && !typed.trim()}>
              Save key events
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
