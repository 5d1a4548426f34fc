import { MultiSelect, Select, type MultiSelectProps, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useRef, useState } from 'react';
import { useClientList, useContactList, useMembers, useSalesReps } from '../api/queries.js';

export interface Ref {
  readonly id: string;
  readonly name: string;
}

/** Members as select options, by name. */
export function useMemberOptions(enabled = true): { value: string; label: string }[] {
  const members = useMembers(enabled);
  return (members.data?.items ?? []).map((m) => ({ value: m.id, label: m.name })).sort((a, b) => a.label.localeCompare(b.label));
}

export function useSalesRepOptions(enabled = true): { value: string; label: string }[] {
  const reps = useSalesReps(enabled);
  return (reps.data?.items ?? []).map((r) => ({ value: r.id, label: r.name }));
}

/** Remembers the names of records seen in search results, so chosen ones keep their label. */
function useNameCache() {
  const cache = useRef(new Map<string, string>());
  return {
    remember: (items: readonly Ref[]) => {
      for (const item of items) cache.current.set(item.id, item.name);
    },
    nameOf: (id: string) => cache.current.get(id),
  };
}

interface RefSelectProps extends Omit<SelectProps, 'value' | 'onChange' | 'data' | 'searchValue' | 'onSearchChange'> {
  readonly value: Ref | null;
  readonly onChange: (value: Ref | null) => void;
  /** Leave these ids out (a client cannot be its own parent). */
  readonly exclude?: readonly string[];
}

/** What a person types into a server-searched picker, and the term sent once they pause. */
function useServerSearch(value: Ref | null) {
  const [search, setSearch] = useState('');
  // Once a choice is made its name fills the box; that is not a new search.
  const [q] = useDebouncedValue(search === value?.name ? '' : search, 200);
  return { search, setSearch, q };
}

interface ServerSearchSelectProps extends RefSelectProps {
  readonly options: readonly Ref[];
  readonly search: string;
  readonly onSearchChange: (search: string) => void;
  readonly searching: boolean;
  readonly noMatch: string;
  /** The record's name from an option's label, where the label adds more (an email). */
  readonly nameOf?: (label: string) => string;
}

/**
 * One record picked from what the server found for the typed text. The chosen record stays an
 * option even when the latest search did not return it, and the browser does not filter again.
 */
function ServerSearchSelect({ value, onChange, exclude = [], options, search, onSearchChange, searching, noMatch, nameOf = (label) => label, ...props }: ServerSearchSelectProps) {
  const items = options.filter((o) => !exclude.includes(o.id));
  const data = [...(value && !items.some((o) => o.id === value.id) ? [value] : []), ...items].map((o) => ({ value: o.id, label: o.name }));
  return (
    <Select
      nothingFoundMessage={searching ? 'Searching…' : noMatch}
      {...props}
      searchable
      clearable
      data={data}
      value={value?.id ?? null}
      searchValue={search}
      onSearchChange={onSearchChange}
      filter={({ options: shown }) => shown}
      onChange={(id, option) => onChange(id && option ? { id, name: nameOf(option.label) } : null)}
    />
  );
}

/** Picks one client by typing part of its name or domain; the server searches, not the browser. */
export function ClientSelect(props: RefSelectProps) {
  const { search, setSearch, q } = useServerSearch(props.value);
  const clients = useClientList({ q, limit: 20 });
  return (
    <ServerSearchSelect
      placeholder="Type to search clients"
      {...props}
      options={clients.data?.items ?? []}
      search={search}
      onSearchChange={setSearch}
      searching={clients.isFetching}
      noMatch="No client matches"
    />
  );
}

/** Picks one contact by name or email; the email shows beside the name to tell namesakes apart. */
export function ContactSelect(props: RefSelectProps) {
  const { search, setSearch, q } = useServerSearch(props.value);
  const contacts = useContactList({ q, limit: 20 });
  return (
    <ServerSearchSelect
      placeholder="Type a name or email"
      {...props}
      options={(contacts.data?.items ?? []).map((c) => ({ id: c.id, name: c.email ? `${c.name} · ${c.email}` : c.name }))}
      search={search}
      onSearchChange={setSearch}
      searching={contacts.isFetching}
      noMatch="No contact matches"
      nameOf={(label) => label.split(' · ')[0] ?? label}
    />
  );
}

interface ClientMultiSelectProps extends Omit<MultiSelectProps, 'value' | 'onChange' | 'data' | 'searchValue' | 'onSearchChange'> {
  readonly value: string[];
  readonly onChange: (ids: string[]) => void;
}

/** Several clients by id (the "parent client" filter); names come from the searches made. */
export function ClientMultiSelect({ value, onChange, ...props }: ClientMultiSelectProps) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 200);
  const clients = useClientList({ q, limit: 50 });
  const names = useNameCache();
  const items = clients.data?.items ?? [];
  names.remember(items);
  const data = [
    ...value.filter((id) => !items.some((c) => c.id === id)).map((id) => ({ value: id, label: names.nameOf(id) ?? 'A client you cannot see' })),
    ...items.map((c) => ({ value: c.id, label: c.name })),
  ];
  return (
    <MultiSelect
      placeholder="Type to search clients"
      {...props}
      searchable
      data={data}
      value={value}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      onChange={onChange}
    />
  );
}

/**
 * Tag inputs split what is typed on commas, but not what is pasted: "a@x.com, b@y.com" arrives
 * as one entry. Splitting again on change keeps every entry a single value.
 */
export function splitEntries(values: readonly string[]): string[] {
  return [...new Set(values.flatMap((v) => v.split(/[\s,;]+/)).filter(Boolean))];
}
