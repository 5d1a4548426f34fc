import { ActionIcon, Anchor, Button, Group, Modal, Stack, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconLink, IconPencil, IconPlus, IconUnlink, IconUsers } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.js';
import { keys, useContactList } from '../../api/queries.js';
import type { ClientView, ContactRole, ContactSummary } from '../../api/types.js';
import { ConfirmModal } from '../../components/confirm-modal.js';
import { ContactNameCell } from '../contacts/contact-name-cell.js';
import { EmptyStateCard } from '../../components/empty-state-card.js';
import { FormError } from '../../components/form-error.js';
import { useCan } from '../../components/me-context.js';
import { notifySuccess } from '../../components/notify.js';
import { ContactSelect, type Ref } from '../../components/pickers.js';
import { QueryState } from '../../components/query-state.js';
import { TableCard } from '../../components/table-card.js';
import { useConfirmedMutation } from '../../components/use-confirmed-mutation.js';
import { ContactFormModal } from '../contacts/contact-form-modal.js';
import { ContactRoleBadges, ContactRolesInput } from '../contacts/contact-roles.js';

type Linked = ContactSummary & { roles: ContactRole[] };

/** The people at this client, with the role each plays here. */
export function ClientContactsTab({ client }: { client: ClientView }) {
  const can = useCan();
  const queryClient = useQueryClient();
  const contacts = useContactList({ clientId: client.id, limit: 200 });
  const [adding, setAdding] = useState(false);
  const [linking, setLinking] = useState<{ contact: Ref | null; roles: ContactRole[] } | null>(null);
  const mayWrite = can('contact:write') && client.canEdit;

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: keys.contacts });
    void queryClient.invalidateQueries({ queryKey: keys.client(client.id) });
  };
  const unlink = useConfirmedMutation({
    mutationFn: (c: Linked) => api.delete(`/api/v1/clients/${encodeURIComponent(client.id)}/contacts/${encodeURIComponent(c.id)}`),
    onSuccess: (_v, c) => {
      notifySuccess(`${c.name} is no longer linked to ${client.name}.`);
      refresh();
    },
  });

  const actions = mayWrite ? (
    <>
      <Button variant="default" leftSection={<IconLink size={16} />} onClick={() => setLinking({ contact: null, roles: [] })}>
        Link existing contact
      </Button>
      <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>
        Add contact
      </Button>
    </>
  ) : null;

  return (
    <Stack gap="md">
      <QueryState query={contacts} loadingLabel="Loading contacts…">
        {(data) => {
          const linked: Linked[] = data.items.map((c) => ({ ...c, roles: c.clients.find((l) => l.id === client.id)?.roles ?? [] }));
          if (linked.length === 0) {
            return (
              <EmptyStateCard
                icon={<IconUsers size={28} />}
                title={`No contacts at ${client.name} yet`}
                description="Add the people you talk to here, and mark who is the champion, who decides and who pays."
                actions={actions ?? undefined}
              />
            );
          }
          return (
            <>
              {actions ? <Group justify="flex-end">{actions}</Group> : null}
              <TableCard
                minWidth={720}
                highlightOnHover
                columns={
                  <>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Email</Table.Th>
                    <Table.Th>Roles here</Table.Th>
                    {mayWrite ? (
                      <Table.Th w={90}>
                        <VisuallyHidden>Actions</VisuallyHidden>
                      </Table.Th>
                    ) : null}
                  </>
                }
              >
                {linked.map((c) => (
                  <Table.Tr key={c.id}>
                    <ContactNameCell contact={c} />
                    <Table.Td>
                      {c.email ? (
                        <Anchor href={`mailto:${c.email}`} size="sm">
                          {c.email}
                        </Anchor>
                      ) : (
                        <Text size="sm" c="dimmed">
                          —
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {c.roles.length > 0 ? (
                        <ContactRoleBadges roles={c.roles} />
                      ) : (
                        <Text size="sm" c="dimmed">
                          No particular role
                        </Text>
                      )}
                    </Table.Td>
                    {mayWrite ? (
                      <Table.Td>
                        <Group gap={4} wrap="nowrap" justify="flex-end">
                          <Tooltip label="Change roles">
                            <ActionIcon variant="subtle" color="gray" aria-label={`Change roles of ${c.name}`} onClick={() => setLinking({ contact: { id: c.id, name: c.name }, roles: c.roles })}>
                              <IconPencil size={16} />
                            </ActionIcon>
                          </Tooltip>
                          <Tooltip label={`Unlink from ${client.name}`}>
                            <ActionIcon variant="subtle" color="red" aria-label={`Unlink ${c.name}`} onClick={() => unlink.ask(c)}>
                              <IconUnlink size={16} />
                            </ActionIcon>
                          </Tooltip>
                        </Group>
                      </Table.Td>
                    ) : null}
                  </Table.Tr>
                ))}
              </TableCard>
            </>
          );
        }}
      </QueryState>
      {mayWrite ? (
        <>
          <ContactFormModal opened={adding} onClose={() => setAdding(false)} contact={null} client={{ id: client.id, name: client.name }} />
          <LinkContactModal client={client} link={linking} onClose={() => setLinking(null)} onSaved={refresh} />
        </>
      ) : null}
      <ConfirmModal {...unlink.confirmProps} title={`Unlink ${unlink.target?.name ?? ''}?`} confirmLabel="Unlink contact">
        {unlink.target?.name} stays in your contacts, but is no longer listed at {client.name}.
      </ConfirmModal>
    </Stack>
  );
}

function LinkContactModal({
  client,
  link,
  onClose,
  onSaved,
}: {
  client: ClientView;
  link: { contact: Ref | null; roles: ContactRole[] } | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [contact, setContact] = useState<Ref | null>(null);
  const [roles, setRoles] = useState<ContactRole[]>([]);
  const editing = link?.contact !== null && link !== null;
  const save = useMutation({
    mutationFn: () => api.put(`/api/v1/clients/${encodeURIComponent(client.id)}/contacts/${encodeURIComponent(contact?.id ?? '')}`, { roles }),
    onSuccess: () => {
      notifySuccess(editing ? `Roles of ${contact?.name} at ${client.name} are saved.` : `${contact?.name} is linked to ${client.name}.`);
      onSaved();
      onClose();
    },
  });
  useEffect(() => {
    setContact(link?.contact ?? null);
    setRoles(link?.roles ?? []);
    save.reset();
    // Reset whenever the dialog opens for another contact.
  }, [link]);
  return (
    <Modal opened={link !== null} onClose={onClose} title={editing ? `Roles of ${link.contact?.name} at ${client.name}` : `Link a contact to ${client.name}`} centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (contact) save.mutate();
        }}
      >
        <Stack>
          {editing ? null : <ContactSelect label="Contact" value={contact} onChange={setContact} data-autofocus required />}
          <ContactRolesInput label="Roles at this client" description="Leave empty if they play no particular role." value={roles} onChange={setRoles} />
          <FormError error={save.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!contact}>
              {editing ? 'Save roles' : 'Link contact'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
