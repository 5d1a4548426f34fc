import { Anchor, Button, Card, Group, Stack, Table, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAddressBook, IconPlus, IconUpload } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { settledTotal, useContactCount, useContactList } from '../../api/queries.js';
import { ContactNameCell } from './contact-name-cell.js';
import { EmptyStateCard } from '../../components/empty-state-card.js';
import { ListFooter } from '../../components/list-footer.js';
import { useCan } from '../../components/me-context.js';
import { PageHeader } from '../../components/page-header.js';
import { ClientSelect, type Ref } from '../../components/pickers.js';
import { QueryState } from '../../components/query-state.js';
import { SearchInput } from '../../components/search-input.js';
import { TableCard } from '../../components/table-card.js';
import { useSearchParam } from '../../components/use-search-param.js';
import { ContactFormModal } from './contact-form-modal.js';
import { ContactRoleBadges } from './contact-roles.js';

const PAGE_SIZE = 50;

export function ContactsPage() {
  const can = useCan();
  const [search, setSearch] = useSearchParam('q');
  const [q] = useDebouncedValue(search.trim(), 250);
  const [client, setClient] = useState<Ref | null>(null);
  const [page, setPage] = useState(1);
  // A new term, typed here or sent by the header search's "See all matching contacts", starts at page one.
  useEffect(() => setPage(1), [search]);
  const [creating, setCreating] = useState(false);
  const which = { ...(q ? { q } : {}), ...(client ? { clientId: client.id } : {}) };
  // The page first; the count, which reads every matching contact, beside it.
  const contacts = useContactList({ ...which, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, total: 'false' });
  const count = useContactCount(which);
  const total = settledTotal(count);
  const filtered = Boolean(q || client);

  const newButton = can('contact:write') ? (
    <Button leftSection={<IconPlus size={18} />} onClick={() => setCreating(true)}>
      New contact
    </Button>
  ) : null;
  const importButton = can('import:run') ? (
    <Button variant="default" leftSection={<IconUpload size={18} />} component={Link} to="/settings/imports/new?entity=contact">
      Import contacts
    </Button>
  ) : null;

  return (
    <>
      <PageHeader
        title="Contacts"
        description="The people you work with at your clients: who they are, how to reach them, and the role each plays."
        actions={
          <>
            {importButton}
            {newButton}
          </>
        }
      />
      <Stack gap="md">
        <Group gap="sm">
          <SearchInput label="Search contacts" placeholder="Search by name or email" width={300} value={search} onChange={setSearch} />
          <ClientSelect
            aria-label="Only contacts of this client"
            placeholder="All clients"
            w={280}
            value={client}
            onChange={(c) => {
              setClient(c);
              setPage(1);
            }}
          />
        </Group>
        <QueryState query={contacts} loadingLabel="Loading contacts…">
          {(data) =>
            data.items.length === 0 && page === 1 && !filtered ? (
              <EmptyStateCard
                icon={<IconAddressBook size={28} />}
                title="No contacts yet"
                description="Add the people you talk to at each client: their roles (champion, decision maker, billing…) tell your team whom to call about what."
                actions={
                  newButton || importButton ? (
                    <>
                      {newButton}
                      {importButton}
                    </>
                  ) : undefined
                }
              />
            ) : data.items.length === 0 && page === 1 ? (
              <Card withBorder radius="md" py={40}>
                <Stack align="center" gap="xs">
                  <Text fw={600}>No contacts match</Text>
                  <Text size="sm" c="dimmed" ta="center" maw={460}>
                    No contact matches {q ? `“${q}”` : 'this filter'}
                    {client ? ` at ${client.name}` : ''}. Search by first or last name, or by email address.
                  </Text>
                  <Button
                    variant="default"
                    mt="xs"
                    onClick={() => {
                      setSearch('');
                      setClient(null);
                      setPage(1);
                    }}
                  >
                    {client && search ? 'Clear search and client' : client ? 'Show every client’s contacts' : 'Clear search'}
                  </Button>
                </Stack>
              </Card>
            ) : (
              <Stack gap="sm">
                <TableCard
                  minWidth={760}
                  highlightOnHover
                  columns={
                    <>
                      <Table.Th>Name</Table.Th>
                      <Table.Th>Email</Table.Th>
                      <Table.Th>Clients and roles</Table.Th>
                    </>
                  }
                >
                  {data.items.map((c) => (
                    <Table.Tr key={c.id} data-testid={`contact-row-${c.id}`}>
                      <ContactNameCell contact={c} />
                      <Table.Td>
                        <Text size="sm" c={c.email ? undefined : 'dimmed'}>
                          {c.email ?? '—'}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Stack gap={4}>
                          {c.clients.map((link) => (
                            <Group key={link.id} gap={6}>
                              <Anchor component={Link} to={`/clients/${encodeURIComponent(link.id)}`} size="sm">
                                {link.name}
                              </Anchor>
                              <ContactRoleBadges roles={link.roles} />
                            </Group>
                          ))}
                          {c.clients.length === 0 ? (
                            <Text size="sm" c="dimmed">
                              Not linked to a client
                            </Text>
                          ) : null}
                        </Stack>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </TableCard>
                <ListFooter total={total} hasMore={data.hasMore} noun={['contact', 'contacts']} page={page} pageSize={PAGE_SIZE} onPage={setPage} />
              </Stack>
            )
          }
        </QueryState>
      </Stack>
      {can('contact:write') ? <ContactFormModal opened={creating} onClose={() => setCreating(false)} contact={null} openAfterCreate /> : null}
    </>
  );
}
