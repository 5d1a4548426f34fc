import { Button, Card, Group, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.js';
import { keys, useWorkspace } from '../../api/queries.js';
import type { WorkspaceView } from '../../api/types.js';
import { FormError } from '../../components/form-error.js';
import { useCan } from '../../components/me-context.js';
import { notifySuccess } from '../../components/notify.js';
import { PageHeader } from '../../components/page-header.js';
import { QueryState } from '../../components/query-state.js';
import { formatAbsolute } from '../../components/relative-time.js';
import { showServerErrors } from '../../components/server-errors.js';

const IP_MODES = [
  {
    value: 'truncated',
    label: 'Shortened addresses',
    description: 'Keeps only the network part: the first three numbers of an IPv4 address (a /24) and the first 48 bits of an IPv6 address (a /48). You still see roughly where a sign-in came from, with less personal data kept.',
  },
  {
    value: 'full',
    label: 'Full addresses',
    description: 'Keeps each address exactly as seen. Useful when you investigate a suspicious sign-in, but an IP address is personal data.',
  },
] as const;

export function WorkspacePage() {
  const workspace = useWorkspace();
  return (
    <>
      <PageHeader title="Workspace" description="The name your team sees, and how much of each IP address the audit log keeps." />
      <QueryState query={workspace}>{(data) => <WorkspaceForm workspace={data} />}</QueryState>
    </>
  );
}

function WorkspaceForm({ workspace }: { workspace: WorkspaceView }) {
  const can = useCan();
  const mayUpdate = can('workspace:update');
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm({
    initialValues: { name: workspace.name, auditIpMode: workspace.auditIpMode as string },
    validate: { name: (v) => (v.trim() ? null : 'The workspace needs a name') },
  });

  const save = useMutation({
    mutationFn: (values: typeof form.values) => api.patch<WorkspaceView>('/api/v1/workspace', { name: values.name.trim(), auditIpMode: values.auditIpMode }),
    onMutate: () => setFormError(null),
    onSuccess: (saved) => {
      queryClient.setQueryData(keys.workspace, saved);
      void queryClient.invalidateQueries({ queryKey: keys.me });
      form.setValues({ name: saved.name, auditIpMode: saved.auditIpMode });
      form.resetDirty({ name: saved.name, auditIpMode: saved.auditIpMode });
      notifySuccess('Workspace settings saved.');
    },
    onError: (err) => setFormError(showServerErrors(form, err)),
  });

  return (
    <Card withBorder radius="md" padding="xl" maw={760}>
      <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
        <Stack gap="lg">
          <TextInput label="Workspace name" required readOnly={!mayUpdate} maw={420} {...form.getInputProps('name')} />
          <Radio.Group
            label="IP addresses in the audit log"
            description="Applies to events recorded from now on; entries already in the log keep what they recorded."
            {...form.getInputProps('auditIpMode')}
          >
            <Stack gap="sm" mt="sm">
              {IP_MODES.map((mode) => (
                <Radio.Card key={mode.value} value={mode.value} p="md" radius="md" disabled={!mayUpdate} aria-label={mode.label}>
                  <Group wrap="nowrap" align="flex-start">
                    <Radio.Indicator mt={3} />
                    <div>
                      <Text fw={600} size="sm">
                        {mode.label}
                        {mode.value === 'truncated' ? (
                          <Text span size="xs" c="teal" fw={500} ml={8}>
                            Recommended
                          </Text>
                        ) : null}
                      </Text>
                      <Text size="sm" c="dimmed">
                        {mode.description}
                      </Text>
                    </div>
                  </Group>
                </Radio.Card>
              ))}
            </Stack>
          </Radio.Group>
          <FormError error={formError} />
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              Created {formatAbsolute(workspace.createdAt)} · ID <Text span ff="monospace" size="xs">{workspace.id}</Text>
            </Text>
            {mayUpdate ? (
              <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>
                Save changes
              </Button>
            ) : (
              <Text size="sm" c="dimmed">
                Only owners and admins can change these settings.
              </Text>
            )}
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

