import { useQuery } from '@tanstack/react-query';
import { api } from './client.js';
import type { Me, MemberList, MfaStatus, SetupStatus, WorkspaceView } from './types.js';

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
