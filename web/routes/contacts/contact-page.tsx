import { Anchor, Badge, Button, Card, DataList, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconEye, IconMail, IconPencil, IconPhone, IconTrash } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../api/client.js';
import { keys, useContact, useCustomFields } from '../../api/queries.js';
import type { ContactView } from '../../api/types.js';
import { ConfirmModal } from '../../components/confirm-modal.js';
import { CustomFieldList } from '../../components/custom-field-input.js';
import { useCan } from '../../components/me-context.js';
import { notifySuccess } from '../../components/notify.js';
import { QueryState } from '../../components/query-state.js';
import { formatAbsolute } from '../../components/relative-time.js';
import { useConfirmedMutation } from '../../components/use-confirmed-mutation.js';
import { usePageTitle } from '../../components/use-page-title.js';
import { ContactProductCard } from './contact-product-card.js';
import { ContactFormModal } from './contact-form-modal.js';
import { ContactRoleBadges } from './contact-roles.js';

const SOURCE_LABELS: Record<ContactView['source'], string> = { manual: 'Added by hand', import: 'Imported', api: 'Added through the API', tracker: 'From your product (an identify call)' };

export function ContactPage() {
  const { id = '' } = useParams();
  const contact = useContact(id);
  return <QueryState query={contact}>{(data) => <ContactDetails key={data.id} contact={data} />}</QueryState>;
}

function ContactDetails({ contact }: { contact: ContactView }) {
  usePageTitle(contact.name);
  const can = useCan();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const fields = useCustomFields('contact');
  const [editing, setEditing] = useState(false);
  const remove = useConfirmedMutation({
    mutationFn: (c: ContactView) => api.delete(`/api/v1/contacts/${encodeURIComponent(c.id)}`),
    onSuccess: (_v, c) => {
      notifySuccess(`${c.name} is deleted.`);
      queryClient.removeQueries({ queryKey: keys.contact(c.id) });
      void queryClient.invalidateQueries({ queryKey: keys.contacts });
      void queryClient.invalidateQueries({ queryKey: keys.clients });
      void navigate('/contacts');
    },
  });

  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/contacts" size="sm" c="dimmed">
        <Group gap={4}>
          <IconArrowLeft size={14} /> Contacts
        </Group>
      </Anchor>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={4}>
          <Group gap="sm">
            <Title order={2}>{contact.name}</Title>
            {contact.doNotContact ? (
              <Badge color="red" variant="filled">
                Do not contact
              </Badge>
            ) : null}
            {contact.marketingOptOut ? (
              <Badge color="gray" variant="light">
                Marketing opt-out
              </Badge>
            ) : null}
          </Group>
          {contact.title ? <Text c="dimmed">{contact.title}</Text> : null}
        </Stack>
        <Group gap="sm" wrap="nowrap">
          {can('contact:delete') ? (
            <Button variant="subtle" color="red" leftSection={<IconTrash size={16} />} onClick={() => remove.ask(contact)}>
              Delete
            </Button>
          ) : null}
          {contact.canEdit ? (
            <Button leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
              Edit contact
            </Button>
          ) : null}
        </Group>
      </Group>

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder radius="md" padding="lg">
          <Title order={3} size="h5" mb="sm">
            How to reach them
          </Title>
          <Stack gap="xs">
            {contact.emails.map((e) => (
              <Group key={e.email} gap="xs" wrap="nowrap">
                <IconMail size={16} color="var(--mantine-color-dimmed)" aria-hidden />
                <Anchor href={`mailto:${e.email}`} size="sm">
                  {e.email}
                </Anchor>
                {e.primary ? (
                  <Badge size="xs" variant="light">
                    Primary
                  </Badge>
                ) : null}
              </Group>
            ))}
            {contact.phones.map((p) => (
              <Group key={p.phone} gap="xs" wrap="nowrap">
                <IconPhone size={16} color="var(--mantine-color-dimmed)" aria-hidden />
                <Anchor href={`tel:${p.phone}`} size="sm">
                  {p.phone}
                </Anchor>
                {p.label ? (
                  <Text size="xs" c="dimmed">
                    {p.label}
                  </Text>
                ) : null}
              </Group>
            ))}
            {contact.emails.length === 0 && contact.phones.length === 0 ? (
              <Text size="sm" c="dimmed">
                No email or phone yet.
              </Text>
            ) : null}
            {contact.doNotContact ? (
              <Text size="sm" c="red.8">
                They asked not to be contacted. Check with your team before reaching out.
              </Text>
            ) : null}
          </Stack>
        </Card>
        <Card withBorder radius="md" padding="lg">
          <Title order={3} size="h5" mb="sm">
            Clients
          </Title>
          <Stack gap="xs">
            {contact.clients.map((c) => (
              <Group key={c.id} gap="xs">
                <Anchor component={Link} to={`/clients/${encodeURIComponent(c.id)}`} size="sm" fw={500}>
                  {c.name}
                </Anchor>
                <ContactRoleBadges roles={c.roles} />
              </Group>
            ))}
            {contact.clients.length === 0 ? (
              <Text size="sm" c="dimmed">
                Not linked to a client you can see.
              </Text>
            ) : null}
          </Stack>
        </Card>
        {fields.data && fields.data.items.length > 0 ? (
          <Card withBorder radius="md" padding="lg">
            <Title order={3} size="h5" mb="sm">
              Custom fields
            </Title>
            <CustomFieldList fields={fields.data.items} values={contact.customFields} labelWidth={160} />
          </Card>
        ) : null}
        <ContactProductCard contactId={contact.id} />
        <Card withBorder radius="md" padding="lg">
          <Title order={3} size="h5" mb="sm">
            Record
          </Title>
          <DataList size="sm" labelWidth={160}>
            <DataList.Item>
              <DataList.ItemLabel>Source</DataList.ItemLabel>
              <DataList.ItemValue>{SOURCE_LABELS[contact.source]}</DataList.ItemValue>
            </DataList.Item>
            {contact.externalId ? (
              <DataList.Item>
                <DataList.ItemLabel>External id</DataList.ItemLabel>
                <DataList.ItemValue>
                  <Text span size="sm" ff="monospace">
                    {contact.externalId}
                  </Text>
                </DataList.ItemValue>
              </DataList.Item>
            ) : null}
            <DataList.Item>
              <DataList.ItemLabel>Added</DataList.ItemLabel>
              <DataList.ItemValue>{formatAbsolute(contact.createdAt)}</DataList.ItemValue>
            </DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel>Last changed</DataList.ItemLabel>
              <DataList.ItemValue>{formatAbsolute(contact.updatedAt)}</DataList.ItemValue>
            </DataList.Item>
          </DataList>
        </Card>
      </SimpleGrid>

      <Group gap={6} c="dimmed">
        <IconEye size={14} aria-hidden />
        <Text size="xs" c="dimmed">
          Opening a contact’s full record is noted in the audit log, as personal data should be.
        </Text>
      </Group>

      {contact.canEdit ? <ContactFormModal opened={editing} onClose={() => setEditing(false)} contact={contact} /> : null}
      <ConfirmModal {...remove.confirmProps} title={`Delete ${remove.target?.name ?? ''}?`} confirmLabel="Delete contact">
        {remove.target?.name} and their details are deleted, and they are unlinked from every client. This cannot be undone.
      </ConfirmModal>
    </Stack>
  );
}
