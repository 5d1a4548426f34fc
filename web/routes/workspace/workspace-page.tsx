import { Button, Card, Group, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.js';
import { keys, useWorkspace } from '../../api/queries.js';
import type { WorkspaceView } from '../../api/types.js';
import { ChoiceCards } from '../../components/choice-cards.js';
import { FormError } from '../../components/form-error.js';
import { useCan } from '../../components/me-context.js';
import { notifySuccess } from '../../components/notify.js';
import { PageHeader } from '../../components/page-header.js';
import { QueryState } from '../../components/query-state.js';
import { formatAbsolute } from '../../components/relative-time.js';
import { showServerErrors } from '../../components/server-errors.js';
import { SensitiveDataCard } from './sensitive-data-card.js';

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

const SENSITIVE_POLICIES = [
  {
    value: 'reject',
    label: 'Refuse the save',
    description:
      'When someone types or imports a card number, an ID number, a bank account, a password or health information, Candor refuses to save and says where it is, so they can remove it.',
  },
  {
    value: 'redact',
    label: 'Save without it',
    description: 'Candor saves the rest and replaces the sensitive part with a marker such as [redacted: Payment card number]. Nothing is lost but the sensitive value.',
  },
] as const;

const VISIBILITY_MODES = [
  {
    value: 'by_role',
    label: 'By role',
    description: 'CSMs see the clients they look after, managers the clients of their teams, and owners, admins and executives every client.',
  },
  {
    value: 'open',
    label: 'Everyone sees every client',
    description: 'Simpler for small teams: every member can open every client, its contacts, timeline and tasks. Roles still decide who may change what.',
  },
] as const;

export function WorkspacePage() {
  const workspace = useWorkspace();
  return (
    <>
      <PageHeader title="Workspace" description="The name your team sees, who sees which clients, what happens to sensitive data, and how much of each IP address the audit log keeps." />
      <Stack gap="xl">
        <QueryState query={workspace}>{(data) => <WorkspaceForm workspace={data} />}</QueryState>
        <SensitiveDataCard />
      </Stack>
    </>
  );
}

function WorkspaceForm({ workspace }: { workspace: WorkspaceView }) {
  const can = useCan();
  const mayUpdate = can('workspace:update');
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm({
    initialValues: {
      name: workspace.name,
      auditIpMode: workspace.auditIpMode as string,
      sensitiveDataPolicy: workspace.sensitiveDataPolicy as string,
      recordVisibility: workspace.recordVisibility as string,
    },
    validate: { name: (v) => (v.trim() ? null : 'The workspace needs a name') },
  });

  const save = useMutation({
    mutationFn: (values: typeof form.values) =>
      api.patch<WorkspaceView>('/api/v1/workspace', {
        name: values.name.trim(),
        auditIpMode: values.auditIpMode,
        sensitiveDataPolicy: values.sensitiveDataPolicy,
        recordVisibility: values.recordVisibility,
      }),
    onMutate: () => setFormError(null),
    onSuccess: (saved) => {
      queryClient.setQueryData(keys.workspace, saved);
      void queryClient.invalidateQueries({ queryKey: keys.me });
      // Who sees which clients may have changed.
      void queryClient.invalidateQueries({ queryKey: keys.clients });
      const values = { name: saved.name, auditIpMode: saved.auditIpMode, sensitiveDataPolicy: saved.sensitiveDataPolicy, recordVisibility: saved.recordVisibility };
      form.setValues(values);
      form.resetDirty(values);
      notifySuccess('Workspace settings saved.');
    },
    onError: (err) => setFormError(showServerErrors(form, err)),
  });

  return (
    <Card withBorder radius="md" padding="xl" maw={760}>
      <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
        <Stack gap="lg">
          <TextInput label="Workspace name" required readOnly={!mayUpdate} maw={420} {...form.getInputProps('name')} />
          <ChoiceCards
            label="Who sees which clients"
            description="Applies at once, to every list, search, export and client page."
            options={VISIBILITY_MODES}
            recommended="by_role"
            disabled={!mayUpdate}
            {...form.getInputProps('recordVisibility')}
          />
          <ChoiceCards
            label="Sensitive data in client records"
            description="Card numbers, ID numbers, bank accounts, passwords and health information are never stored in clear. Choose what happens when one turns up in a note, a field or an import."
            options={SENSITIVE_POLICIES}
            recommended="reject"
            disabled={!mayUpdate}
            {...form.getInputProps('sensitiveDataPolicy')}
          />
          <ChoiceCards
            label="IP addresses in the audit log"
            description="Applies to events recorded from now on; entries already in the log keep what they recorded."
            options={IP_MODES}
            recommended="truncated"
            disabled={!mayUpdate}
            {...form.getInputProps('auditIpMode')}
          />
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


