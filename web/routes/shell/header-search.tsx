import { Combobox, Group, Kbd, Loader, ScrollArea, Text, TextInput, useCombobox } from '@mantine/core';
import { useDebouncedValue, useHotkeys } from '@mantine/hooks';
import { IconAddressBook, IconArrowRight, IconBuildingStore, IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, errorMessage, withQuery } from '../../api/client.js';
import { keys } from '../../api/queries.js';
import type { SearchResults } from '../../api/types.js';
import { ClientStatusBadge } from '../../components/client-status.js';

/** " (37)" when there are more matches than shown; " (100+)" when the server stopped counting. */
function countOf(shown: number, total: number, more: boolean): string {
  if (more) return ` (${total}+)`;
  return total > shown ? ` (${total})` : '';
}

/** Option values of the "see all" rows, which open the full list with the term instead of one record. */
const ALL_CLIENTS = 'all:clients';
const ALL_CONTACTS = 'all:contacts';

/** The dropdown shows a few of each kind; the grid and the contact list show every match, sorted. */
function hasMore(shown: number, total: number, more: boolean): boolean {
  return more || total > shown;
}

/**
 * Finds clients and contacts from anywhere: "/" focuses it, arrows move through the results,
 * Enter opens the highlighted one (the first, unless another is chosen).
 */
export function HeaderSearch() {
  const navigate = useNavigate();
  const input = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState('');
  const [q] = useDebouncedValue(value.trim(), 200);
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  useHotkeys([['/', () => input.current?.focus()]]);

  const results = useQuery({
    queryKey: keys.search(q),
    queryFn: () => api.get<SearchResults>(withQuery('/api/v1/search', { q, limit: 6 })),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
  });
  const data = q ? results.data : undefined;
  const moreClients = data ? hasMore(data.clients.length, data.totals.clients, data.more.clients) : false;
  const moreContacts = data ? hasMore(data.contacts.length, data.totals.contacts, data.more.contacts) : false;
  const options = [
    ...(data?.clients.map((c) => `client:${c.id}`) ?? []),
    ...(moreClients ? [ALL_CLIENTS] : []),
    ...(data?.contacts.map((c) => `contact:${c.id}`) ?? []),
    ...(moreContacts ? [ALL_CONTACTS] : []),
  ];

  useEffect(() => {
    // The first result is what Enter opens until the arrows pick another.
    if (options.length > 0) combobox.selectFirstOption();
  }, [options.join(',')]);

  const open = (option: string) => {
    const [kind, id = ''] = option.split(':');
    if (option === ALL_CLIENTS) void navigate(withQuery('/clients', { q }));
    else if (option === ALL_CONTACTS) void navigate(withQuery('/contacts', { q }));
    else void navigate(kind === 'client' ? `/clients/${encodeURIComponent(id)}` : `/contacts/${encodeURIComponent(id)}`);
    setValue('');
    combobox.closeDropdown();
    input.current?.blur();
  };

  return (
    <Combobox store={combobox} onOptionSubmit={open} withinPortal position="bottom-start" width={420} shadow="md">
      <Combobox.Target>
        <TextInput
          ref={input}
          aria-label="Search clients and contacts"
          placeholder="Search clients and contacts"
          leftSection={<IconSearch size={16} />}
          rightSection={results.isFetching && q ? <Loader size={14} /> : <Kbd size="xs">/</Kbd>}
          w={{ base: 180, md: 320 }}
          value={value}
          onChange={(e) => {
            setValue(e.currentTarget.value);
            combobox.openDropdown();
          }}
          onFocus={() => value && combobox.openDropdown()}
          onBlur={() => combobox.closeDropdown()}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              setValue('');
              input.current?.blur();
            }
          }}
        />
      </Combobox.Target>
      <Combobox.Dropdown hidden={!q}>
        <Combobox.Options aria-label="Search results">
          {/* Long result lists scroll inside the dropdown instead of running off the bottom of the window. */}
          <ScrollArea.Autosize mah="min(70vh, 560px)" type="scroll">
            {data && data.clients.length > 0 ? (
              <Combobox.Group label={`Clients${countOf(data.clients.length, data.totals.clients, data.more.clients)}`}>
                {data.clients.map((c) => (
                  <Combobox.Option key={c.id} value={`client:${c.id}`}>
                    <Group justify="space-between" wrap="nowrap">
                      <Group gap="xs" wrap="nowrap">
                        <IconBuildingStore size={16} style={{ flexShrink: 0, opacity: 0.6 }} aria-hidden />
                        <div>
                          <Text size="sm">{c.name}</Text>
                          {c.domains[0] || c.csm ? <SecondLine>{[c.domains[0], c.csm ? `CSM ${c.csm.name}` : null].filter(Boolean).join(' · ')}</SecondLine> : null}
                        </div>
                      </Group>
                      <ClientStatusBadge status={c.status} size="xs" />
                    </Group>
                  </Combobox.Option>
                ))}
                {moreClients ? <SeeAll value={ALL_CLIENTS} label="See all matching clients" /> : null}
              </Combobox.Group>
            ) : null}
            {data && data.contacts.length > 0 ? (
              <Combobox.Group label={`Contacts${countOf(data.contacts.length, data.totals.contacts, data.more.contacts)}`}>
                {data.contacts.map((c) => (
                  <Combobox.Option key={c.id} value={`contact:${c.id}`}>
                    <Group gap="xs" wrap="nowrap">
                      <IconAddressBook size={16} style={{ flexShrink: 0, opacity: 0.6 }} aria-hidden />
                      <div style={{ minWidth: 0 }}>
                        <Text size="sm">{c.name}</Text>
                        <SecondLine>{[c.title, c.clients[0]?.name, c.email].filter(Boolean).join(' · ')}</SecondLine>
                      </div>
                    </Group>
                  </Combobox.Option>
                ))}
                {moreContacts ? <SeeAll value={ALL_CONTACTS} label="See all matching contacts" /> : null}
              </Combobox.Group>
            ) : null}
            {data && options.length === 0 ? <Combobox.Empty>No client or contact matches “{q}”.</Combobox.Empty> : null}
            {!data && results.isError ? <Combobox.Empty>The search failed: {errorMessage(results.error)}</Combobox.Empty> : null}
            {!data && !results.isError && q ? <Combobox.Empty>Searching…</Combobox.Empty> : null}
          </ScrollArea.Autosize>
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}

/**
 * The grey second line of a result. A highlighted option is filled with the primary colour, where
 * the theme's dimmed grey cannot be read, so the line is faded from the option's own colour instead.
 */
function SecondLine({ children }: { children: string }) {
  return (
    <Text size="xs" opacity={0.72} lineClamp={1}>
      {children}
    </Text>
  );
}

function SeeAll({ value, label }: { value: string; label: string }) {
  return (
    <Combobox.Option value={value}>
      <Group gap="xs" wrap="nowrap">
        <IconArrowRight size={16} style={{ flexShrink: 0 }} aria-hidden />
        <Text size="sm" fw={500}>
          {label}
        </Text>
      </Group>
    </Combobox.Option>
  );
}
