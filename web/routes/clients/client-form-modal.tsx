import { Modal, Select, SimpleGrid, Stack, TagsInput, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { ClientStatusLabels } from '../../../contract/clients.js';
import { api } from '../../api/client.js';
import { keys, useCustomFields } from '../../api/queries.js';
import type { ClientStatus, ClientView, CustomFieldView } from '../../api/types.js';
import { CLIENT_STATUS_DESCRIPTIONS, CLIENT_STATUSES } from '../../components/client-status.js';
import { CustomFieldsSection, customApiValues, customFormValues, type CustomFormValue } from '../../components/custom-field-input.js';
import { describedOption } from '../../components/described-option.js';
import { FormActions, orNull } from '../../components/form-actions.js';
import { useMe } from '../../components/me-context.js';
import { notifySuccess } from '../../components/notify.js';
import { ClientSelect, splitEntries, useMemberOptions, useSalesRepOptions, type Ref } from '../../components/pickers.js';
import { showServerErrors } from '../../components/server-errors.js';
import { today } from '../../components/dates.js';

interface Values {
  name: string;
  status: ClientStatus;
  terminatedOn: string;
  terminationReason: string;
  tier: string;
  csmMembershipId: string | null;
  sponsorMembershipId: string | null;
  salesRepId: string | null;
  parent: Ref | null;
  domains: string[];
  tags: string[];
  clientSince: string;
  externalId: string;
  customFields: Record<string, CustomFormValue>;
}

function valuesOf(client: ClientView | null, defaultCsm: string | null, fields: readonly CustomFieldView[]): Values {
  return {
    name: client?.name ?? '',
    status: client?.status ?? 'active',
    terminatedOn: client?.terminatedOn ?? '',
    terminationReason: client?.terminationReason ?? '',
    tier: client?.tier ?? '',
    csmMembershipId: client ? (client.csm?.id ?? null) : defaultCsm,
    sponsorMembershipId: client?.sponsor?.id ?? null,
    salesRepId: client?.salesRep?.id ?? null,
    parent: client?.parent ?? null,
    domains: client?.domains ?? [],
    tags: client?.tags ?? [],
    clientSince: client?.clientSince ?? '',
    externalId: client?.externalId ?? '',
    customFields: customFormValues(fields, client?.customFields),
  };
}

function bodyOf(values: Values, fields: readonly CustomFieldView[], editing: boolean) {
  const terminated = values.status === 'terminated';
  return {
    name: values.name.trim(),
    status: values.status,
    // Leaving Terminated clears the details, so a reactivated client does not keep an old reason.
    terminatedOn: terminated ? orNull(values.terminatedOn) : null,
    terminationReason: terminated ? orNull(values.terminationReason) : null,
    tier: orNull(values.tier),
    csmMembershipId: values.csmMembershipId,
    sponsorMembershipId: values.sponsorMembershipId,
    salesRepId: values.salesRepId,
    parentClientId: values.parent?.id ?? null,
    domains: values.domains,
    tags: values.tags,
    clientSince: orNull(values.clientSince),
    externalId: orNull(values.externalId),
    ...(editing ? {} : { customFields: customApiValues(fields, values.customFields) }),
  };
}

const renderStatusOption = describedOption(CLIENT_STATUS_DESCRIPTIONS);

interface ClientFormModalProps {
  readonly opened: boolean;
  readonly onClose: () => void;
  /** The client to edit; null to add a new one. */
  readonly client: ClientView | null;
}

/**
 * Adding or editing a client. A new client also takes its custom fields (required ones must be
 * filled); an existing client's custom fields are edited on its Custom fields tab.
 */
export function ClientFormModal({ opened, onClose, client }: ClientFormModalProps) {
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const members = useMemberOptions(opened);
  const reps = useSalesRepOptions(opened);
  const customFields = useCustomFields('client', 'exclude', opened && !client);
  const fields = client ? [] : (customFields.data?.items ?? []);
  const [formError, setFormError] = useState<unknown>(null);
  // A CSM adding a client is usually its CSM; the server assumes the same.
  const defaultCsm = me.membership.role === 'csm' ? me.membership.id : null;
  const form = useForm<Values>({
    initialValues: valuesOf(client, defaultCsm, fields),
    validate: {
      name: (v) => (v.trim() ? null : 'Enter the client’s name'),
      terminatedOn: (v, values) => (values.status === 'terminated' && !v ? 'When did the contract end?' : null),
      terminationReason: (v, values) => (values.status === 'terminated' && !v.trim() ? 'Why did they leave? Churn reports group by this.' : null),
    },
  });

  useEffect(() => {
    if (!opened) return;
    form.setValues(valuesOf(client, defaultCsm, fields));
    form.resetDirty();
    form.clearErrors();
    setFormError(null);
    // Reset when the dialog opens, and once the custom fields have loaded.
  }, [opened, client?.id, customFields.data]);

  const save = useMutation({
    mutationFn: (values: Values) =>
      client
        ? api.patch<ClientView>(`/api/v1/clients/${encodeURIComponent(client.id)}`, bodyOf(values, fields, true))
        : api.post<ClientView>('/api/v1/clients', bodyOf(values, fields, false)),
    onMutate: () => setFormError(null),
    onSuccess: (saved) => {
      notifySuccess(client ? `${saved.name} is updated.` : `${saved.name} is added.`);
      void queryClient.invalidateQueries({ queryKey: keys.clients });
      void queryClient.invalidateQueries({ queryKey: ['search'] });
      onClose();
      if (!client) void navigate(`/clients/${encodeURIComponent(saved.id)}`);
    },
    onError: (err) => setFormError(showServerErrors(form, err, { parentClientId: 'parent' })),
  });

  const terminated = form.values.status === 'terminated';

  return (
    <Modal opened={opened} onClose={onClose} title={client ? `Edit ${client.name}` : 'New client'} centered size="xl">
      <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
            <Select
              label="Status"
              allowDeselect={false}
              data={CLIENT_STATUSES.map((s) => ({ value: s, label: ClientStatusLabels[s] }))}
              renderOption={renderStatusOption}
              description={CLIENT_STATUS_DESCRIPTIONS[form.values.status]}
              inputWrapperOrder={['label', 'input', 'description', 'error']}
              {...form.getInputProps('status')}
            />
          </SimpleGrid>
          {terminated ? (
            <SimpleGrid cols={{ base: 1, sm: 2 }} p="sm" bg="red.0" style={{ borderRadius: 8 }}>
              <TextInput label="Terminated on" type="date" required max={today()} {...form.getInputProps('terminatedOn')} />
              <Textarea label="Termination reason" required withAsterisk={false} autosize minRows={1} placeholder="Such as Moved to a competitor" {...form.getInputProps('terminationReason')} />
            </SimpleGrid>
          ) : null}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select label="CSM" placeholder="No CSM yet" clearable searchable data={members} {...form.getInputProps('csmMembershipId')} />
            <TextInput label="Tier (optional)" placeholder="Such as Gold or Enterprise" {...form.getInputProps('tier')} />
            <Select label="Executive sponsor (optional)" description="The executive on your side" clearable searchable data={members} {...form.getInputProps('sponsorMembershipId')} />
            <Select label="Sales rep (optional)" clearable searchable data={reps} {...form.getInputProps('salesRepId')} />
            <TagsInput label="Domains (optional)" placeholder="acme.com, then Enter" description="Used to match emails and imports" splitChars={[',', ' ', ';']} {...form.getInputProps('domains')} onChange={(v) => form.setFieldValue('domains', splitEntries(v))} />
            <TagsInput label="Tags (optional)" placeholder="Type and press Enter" {...form.getInputProps('tags')} />
            <ClientSelect
              label="Parent client (optional)"
              description="For a subsidiary or a department of a bigger client"
              value={form.values.parent}
              onChange={(parent) => form.setFieldValue('parent', parent)}
              exclude={client ? [client.id, ...client.children.map((c) => c.id)] : []}
              error={form.errors.parent}
            />
            <TextInput label="Client since (optional)" type="date" {...form.getInputProps('clientSince')} />
            <TextInput label="External id (optional)" description="Its id in your CRM or billing system" {...form.getInputProps('externalId')} />
          </SimpleGrid>
          <CustomFieldsSection fields={fields} values={form.values.customFields} onChange={(next) => form.setFieldValue('customFields', next)} errors={form.errors} />
          <FormActions error={formError} onCancel={onClose} submitLabel="Save client" loading={save.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}
