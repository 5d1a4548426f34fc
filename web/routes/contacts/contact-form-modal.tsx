import { ActionIcon, Button, Checkbox, Group, Modal, SimpleGrid, Stack, TagsInput, Text, TextInput, Tooltip } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus, IconX } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../api/client.js';
import { keys, useCustomFields } from '../../api/queries.js';
import type { ContactRole, ContactView, CustomFieldView } from '../../api/types.js';
import { CustomFieldsSection, customApiValues, customFormValues, type CustomFormValue } from '../../components/custom-field-input.js';
import { FormActions, orNull } from '../../components/form-actions.js';
import { notifySuccess } from '../../components/notify.js';
import { ClientSelect, splitEntries, type Ref } from '../../components/pickers.js';
import { showServerErrors } from '../../components/server-errors.js';
import { ContactRolesInput } from './contact-roles.js';

interface PhoneRow {
  number: string;
  label: string;
  country: string;
}
interface ClientRow {
  client: Ref | null;
  roles: ContactRole[];
}
type Values = {
  firstName: string;
  lastName: string;
  title: string;
  emails: string[];
  phones: PhoneRow[];
  clients: ClientRow[];
  doNotContact: boolean;
  marketingOptOut: boolean;
  externalId: string;
  customFields: Record<string, CustomFormValue>;
};

function valuesOf(contact: ContactView | null, link: ClientRow | null, fields: readonly CustomFieldView[]): Values {
  return {
    firstName: contact?.firstName ?? '',
    lastName: contact?.lastName ?? '',
    title: contact?.title ?? '',
    emails: contact?.emails.map((e) => e.email) ?? [],
    phones: contact?.phones.map((p) => ({ number: p.phone, label: p.label ?? '', country: '' })) ?? [],
    clients: contact ? contact.clients.map((c) => ({ client: { id: c.id, name: c.name }, roles: c.roles })) : link ? [link] : [],
    doNotContact: contact?.doNotContact ?? false,
    marketingOptOut: contact?.marketingOptOut ?? false,
    externalId: contact?.externalId ?? '',
    customFields: customFormValues(fields, contact?.customFields),
  };
}

function bodyOf(values: Values, fields: readonly CustomFieldView[], before: Values | null) {
  return {
    firstName: values.firstName.trim(),
    lastName: orNull(values.lastName),
    title: orNull(values.title),
    emails: values.emails,
    phones: values.phones
      .filter((p) => p.number.trim())
      .map((p) => ({ number: p.number.trim(), label: orNull(p.label), ...(p.country.trim() ? { country: p.country.trim().toUpperCase() } : {}) })),
    clients: values.clients.flatMap((c) => (c.client ? [{ clientId: c.client.id, roles: c.roles }] : [])),
    doNotContact: values.doNotContact,
    marketingOptOut: values.marketingOptOut,
    externalId: orNull(values.externalId),
    customFields: customApiValues(fields, values.customFields, before?.customFields),
  };
}

interface ContactFormModalProps {
  readonly opened: boolean;
  readonly onClose: () => void;
  readonly contact: ContactView | null;
  /** A new contact made from a client's page starts linked to that client. */
  readonly client?: Ref;
  /** Open the new contact's page after saving (the contact list does; a client page stays). */
  readonly openAfterCreate?: boolean;
}

export function ContactFormModal({ opened, onClose, contact, client, openAfterCreate = false }: ContactFormModalProps) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const customFields = useCustomFields('contact', 'exclude', opened);
  const fields = customFields.data?.items ?? [];
  const [formError, setFormError] = useState<unknown>(null);
  const [initial, setInitial] = useState<Values | null>(null);
  const form = useForm<Values>({
    initialValues: valuesOf(contact, client ? { client, roles: [] } : null, fields),
    validate: { firstName: (v) => (v.trim() ? null : 'Enter at least a first name') },
  });

  useEffect(() => {
    if (!opened) return;
    const values = valuesOf(contact, client ? { client, roles: [] } : null, fields);
    form.setValues(values);
    setInitial(contact ? values : null);
    form.resetDirty();
    form.clearErrors();
    setFormError(null);
    // Reset when the dialog opens, and once the custom fields have loaded.
  }, [opened, contact?.id, customFields.data]);

  const save = useMutation({
    mutationFn: (values: Values) =>
      contact
        ? api.patch<ContactView>(`/api/v1/contacts/${encodeURIComponent(contact.id)}`, bodyOf(values, fields, initial))
        : api.post<ContactView>('/api/v1/contacts', bodyOf(values, fields, null)),
    onMutate: () => setFormError(null),
    onSuccess: (saved) => {
      notifySuccess(contact ? `${saved.name} is updated.` : `${saved.name} is added.`);
      void queryClient.invalidateQueries({ queryKey: keys.contacts });
      void queryClient.invalidateQueries({ queryKey: keys.clients });
      void queryClient.invalidateQueries({ queryKey: ['search'] });
      onClose();
      if (!contact && openAfterCreate) void navigate(`/contacts/${encodeURIComponent(saved.id)}`);
    },
    onError: (err) => setFormError(showServerErrors(form, err)),
  });

  const { values } = form;
  return (
    <Modal opened={opened} onClose={onClose} title={contact ? `Edit ${contact.name}` : 'New contact'} centered size="xl">
      <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label="First name" required data-autofocus {...form.getInputProps('firstName')} />
            <TextInput label="Last name (optional)" {...form.getInputProps('lastName')} />
            <TextInput label="Job title (optional)" placeholder="Such as Head of Operations" {...form.getInputProps('title')} />
          </SimpleGrid>
          <TagsInput
            label="Emails (optional)"
            description="The first one is their primary email. Press Enter after each."
            placeholder="name@company.com"
            splitChars={[',', ' ', ';']}
            {...form.getInputProps('emails')}
            onChange={(v) => form.setFieldValue('emails', splitEntries(v))}
          />
          <Stack gap={6}>
            <Text size="sm" fw={500}>
              Phones (optional)
            </Text>
            {values.phones.map((_p, i) => (
              <Group key={i} gap="xs" align="flex-start" wrap="nowrap">
                <TextInput aria-label={`Phone ${i + 1} number`} placeholder="+1 415 555 0100" style={{ flex: 2 }} {...form.getInputProps(`phones.${i}.number`)} />
                <TextInput aria-label={`Phone ${i + 1} label`} placeholder="Label, such as Mobile" style={{ flex: 1 }} {...form.getInputProps(`phones.${i}.label`)} />
                <Tooltip label="Two-letter country code, for numbers written without +">
                  <TextInput aria-label={`Phone ${i + 1} country`} placeholder="US" w={70} maxLength={2} {...form.getInputProps(`phones.${i}.country`)} />
                </Tooltip>
                <ActionIcon variant="subtle" color="gray" mt={6} aria-label={`Remove phone ${i + 1}`} onClick={() => form.removeListItem('phones', i)}>
                  <IconX size={16} />
                </ActionIcon>
              </Group>
            ))}
            {form.errors.phones ? (
              <Text size="xs" c="red">
                {form.errors.phones}
              </Text>
            ) : null}
            <Group>
              <Button size="xs" variant="subtle" leftSection={<IconPlus size={14} />} onClick={() => form.insertListItem('phones', { number: '', label: '', country: '' })}>
                Add phone
              </Button>
            </Group>
          </Stack>
          <Stack gap={6}>
            <Text size="sm" fw={500}>
              Clients and roles
            </Text>
            {values.clients.map((row, i) => (
              <Group key={i} gap="xs" align="flex-start" wrap="nowrap">
                <ClientSelect
                  aria-label={`Client (row ${i + 1})`}
                  style={{ flex: 1 }}
                  value={row.client}
                  onChange={(c) => form.setFieldValue(`clients.${i}.client`, c)}
                  exclude={values.clients.flatMap((r, j) => (j !== i && r.client ? [r.client.id] : []))}
                />
                <ContactRolesInput aria-label={`Roles (row ${i + 1})`} style={{ flex: 1 }} value={row.roles} onChange={(roles) => form.setFieldValue(`clients.${i}.roles`, roles)} />
                <ActionIcon variant="subtle" color="gray" mt={6} aria-label={`Remove client (row ${i + 1})`} onClick={() => form.removeListItem('clients', i)}>
                  <IconX size={16} />
                </ActionIcon>
              </Group>
            ))}
            {form.errors.clients ? (
              <Text size="xs" c="red">
                {form.errors.clients}
              </Text>
            ) : null}
            <Group>
              <Button size="xs" variant="subtle" leftSection={<IconPlus size={14} />} onClick={() => form.insertListItem('clients', { client: null, roles: [] })}>
                Link a client
              </Button>
            </Group>
          </Stack>
          <Group gap="xl">
            <Checkbox label="Do not contact" description="Nobody on your team should reach out to them." {...form.getInputProps('doNotContact', { type: 'checkbox' })} />
            <Checkbox label="Marketing opt-out" description="No newsletters or campaigns." {...form.getInputProps('marketingOptOut', { type: 'checkbox' })} />
          </Group>
          <TextInput label="External id (optional)" description="Their id in your CRM" maw={360} {...form.getInputProps('externalId')} />
          <CustomFieldsSection fields={fields} values={values.customFields} onChange={(next) => form.setFieldValue('customFields', next)} errors={form.errors} />
          <FormActions error={formError} onCancel={onClose} submitLabel="Save contact" loading={save.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}
