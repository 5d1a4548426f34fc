import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, withQuery } from './client.js';
import type {
  ClientList,
  ClientView,
  ContactList,
  ContactView,
  CustomFieldList,
  GridColumns,
  Me,
  MemberList,
  MfaStatus,
  SalesRepList,
  SegmentList,
  SetupStatus,
  TeamList,
  WorkspaceView,
  GridPage,
} from './types.js';

/** Query keys in one place, so a mutation invalidates exactly what it changed. */
export const keys = {
  setup: ['setup'] as const,
  me: ['me'] as const,
  meAnonymous: ['me', 'anonymous'] as const,
  sessions: ['me', 'sessions'] as const,
  mfa: ['me', 'mfa'] as const,
  workspace: ['workspace'] as const,
  members: ['members'] as const,
  memberSessions: (id: string) => ['members', id, 'sessions'] as const,
  invites: ['invites'] as const,
  salesReps: ['sales-reps'] as const,
  tokens: (scope: 'mine' | 'all') => ['tokens', scope] as const,
  audit: (filters: Record<string, string>) => ['audit', filters] as const,
  outbox: ['outbox'] as const,
  outboxMessage: (id: string) => ['outbox', id] as const,
  promises: ['promises'] as const,
  /** Everything about clients starts here, so one invalidation refreshes the grid, lists and 360 pages. */
  clients: ['clients'] as const,
  clientList: (params: Record<string, string | number | undefined>) => ['clients', 'list', params] as const,
  clientGrid: (body: unknown) => ['clients', 'grid', body] as const,
  clientCount: (body: unknown) => ['clients', 'count', body] as const,
  anyClient: ['clients', 'any'] as const,
  clientColumns: ['clients', 'columns'] as const,
  client: (id: string) => ['clients', id] as const,
  timeline: (clientId: string, types: string) => ['clients', clientId, 'timeline', types] as const,
  segments: ['segments'] as const,
  contacts: ['contacts'] as const,
  contactList: (params: Record<string, string | number | undefined>) => ['contacts', 'list', params] as const,
  contactCount: (params: Record<string, string | number | undefined>) => ['contacts', 'count', params] as const,
  contact: (id: string) => ['contacts', id] as const,
  tasks: ['tasks'] as const,
  taskList: (params: Record<string, string | number | undefined>) => ['tasks', 'list', params] as const,
  customFields: (entity: 'client' | 'contact', archived: 'include' | 'exclude' = 'exclude') => ['custom-fields', entity, archived] as const,
  teams: ['teams'] as const,
  search: (q: string) => ['search', q] as const,
  sensitiveData: ['workspace', 'sensitive-data'] as const,
  imports: ['imports'] as const,
  import: (id: string) => ['imports', id] as const,
  sources: ['usage', 'sources'] as const,
  usageSettings: ['usage', 'settings'] as const,
  usageDebugger: ['usage', 'debugger'] as const,
  consentRecords: (person: string) => ['usage', 'consent-records', person] as const,
  unmatchedGroups: ['usage', 'unmatched-groups'] as const,
  cookieDeclaration: ['cookies'] as const,
};

export function useSetupStatus() {
  return useQuery({ queryKey: keys.setup, queryFn: () => api.get<SetupStatus>('/api/v1/setup') });
}

/** Who is signed in, for public pages: `null` when nobody is (no redirect to sign-in). */
export function useOptionalMe() {
  return useQuery({
    queryKey: keys.meAnonymous,
    queryFn: () => api.get<Me>('/api/v1/me', { anonymous: true }).catch(() => null),
    // Never answer from an earlier visit: who is signed in may have changed since.
    gcTime: 0,
    retry: false,
  });
}

export function useMeQuery() {
  return useQuery({ queryKey: keys.me, queryFn: () => api.get<Me>('/api/v1/me') });
}

export function useMembers(enabled = true) {
  return useQuery({ queryKey: keys.members, queryFn: () => api.get<MemberList>('/api/v1/members'), enabled });
}

export function useWorkspace() {
  return useQuery({ queryKey: keys.workspace, queryFn: () => api.get<WorkspaceView>('/api/v1/workspace') });
}

export function useMfaStatus() {
  return useQuery({ queryKey: keys.mfa, queryFn: () => api.get<MfaStatus>('/api/v1/me/mfa') });
}

export function useSalesReps(enabled = true) {
  return useQuery({ queryKey: keys.salesReps, queryFn: () => api.get<SalesRepList>('/api/v1/sales-reps'), enabled });
}

export function useTeams(enabled = true) {
  return useQuery({ queryKey: keys.teams, queryFn: () => api.get<TeamList>('/api/v1/teams'), enabled });
}

export function useClient(id: string) {
  return useQuery({ queryKey: keys.client(id), queryFn: () => api.get<ClientView>(`/api/v1/clients/${encodeURIComponent(id)}`) });
}

/** The simple client list (name, status, CSM), for pickers and counts. */
/** Whether the member sees any client at all: one row of the grid, nothing counted. */
export function useAnyClient() {
  return useQuery({
    queryKey: keys.anyClient,
    queryFn: async () => (await api.post<GridPage>('/api/v1/clients/query', { limit: 1, total: false, columns: ['name'] })).rows.length > 0,
  });
}

export function useClientList(params: { q?: string; status?: string; limit?: number; offset?: number }, enabled = true) {
  return useQuery({
    queryKey: keys.clientList(params),
    queryFn: () => api.get<ClientList>(withQuery('/api/v1/clients', params)),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export function useClientColumns() {
  return useQuery({ queryKey: keys.clientColumns, queryFn: () => api.get<GridColumns>('/api/v1/clients/columns') });
}

export function useSegments() {
  return useQuery({ queryKey: keys.segments, queryFn: () => api.get<SegmentList>('/api/v1/segments') });
}

export function useContact(id: string) {
  return useQuery({ queryKey: keys.contact(id), queryFn: () => api.get<ContactView>(`/api/v1/contacts/${encodeURIComponent(id)}`) });
}

/**
 * The total of a count query once it answers for the current request: while a new count is on
 * its way, the previous one (kept as placeholder data) belongs to other filters and is not shown.
 */
export function settledTotal(count: { data?: { total: number } | undefined; isPlaceholderData: boolean }): number | null {
  return count.data && !count.isPlaceholderData ? count.data.total : null;
}

/** How many clients a segment, filter and search hold, asked beside a page fetched with `total: false`. */
export function useClientCount(body: { filter?: unknown; q?: string }) {
  return useQuery({
    queryKey: keys.clientCount(body),
    queryFn: () => api.post<{ total: number }>('/api/v1/clients/count', body),
    placeholderData: keepPreviousData,
  });
}

/** How many contacts match, asked beside a page fetched with `total: 'false'`. */
export function useContactCount(params: { q?: string; clientId?: string }) {
  return useQuery({
    queryKey: keys.contactCount(params),
    queryFn: () => api.get<{ total: number }>(withQuery('/api/v1/contacts/count', params)),
    placeholderData: keepPreviousData,
  });
}

export function useContactList(params: { q?: string; clientId?: string; limit?: number; offset?: number; total?: 'false' }, enabled = true) {
  return useQuery({
    queryKey: keys.contactList(params),
    queryFn: () => api.get<ContactList>(withQuery('/api/v1/contacts', params)),
    enabled,
    placeholderData: keepPreviousData,
  });
}

/** Active fields only unless archived ones are asked for; in the order the admin set. */
export function useCustomFields(entity: 'client' | 'contact', archived: 'include' | 'exclude' = 'exclude', enabled = true) {
  return useQuery({
    queryKey: keys.customFields(entity, archived),
    queryFn: () => api.get<CustomFieldList>(withQuery('/api/v1/custom-fields', { entity, archived })),
    enabled,
  });
}
