import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, withQuery } from '../../api/client.js';
import { keys } from '../../api/queries.js';
import type { ConsentRecordList, DebugEntry, DebugList, SourceList, UnmatchedGroupList, UsageSettingsView } from '../../api/types.js';
import { mergeDebugEntries, type TagSettings } from './usage-snippets.js';

/** What the server applies before anyone saves: opt-in, signals honoured. */
export const DEFAULT_TAG_SETTINGS: TagSettings = { consentMode: 'opt-in', honourSignals: true, maskedParams: [] };

export function useSources() {
  return useQuery({ queryKey: keys.sources, queryFn: () => api.get<SourceList>('/api/v1/sources') });
}

export function useUsageSettings() {
  return useQuery({ queryKey: keys.usageSettings, queryFn: () => api.get<UsageSettingsView>('/api/v1/usage/settings') });
}

/** The lines on screen, and the newest time already asked for: the next poll starts there. */
export interface DebugLog {
  readonly items: readonly DebugEntry[];
  readonly since: string | undefined;
  /** The person cleared the list: an empty list then means "nothing new", not "nothing ever". */
  readonly cleared: boolean;
}

export const DEBUG_POLL_MS = 2000;

/**
 * The live debugger: every 2 s, only what arrived since the last answer. TanStack Query stops
 * the interval while the tab is hidden (`refetchIntervalInBackground` is off), so a page left
 * open in a background tab does not poll.
 */
export function useDebugLog(paused: boolean) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: keys.usageDebugger,
    queryFn: async (): Promise<DebugLog> => {
      const shown = queryClient.getQueryData<DebugLog>(keys.usageDebugger);
      const since = shown?.since;
      const fresh = await api.get<DebugList>(withQuery('/api/v1/usage/debugger', { since }));
      return { items: mergeDebugEntries(shown?.items ?? [], since, fresh.items), since: fresh.items[0]?.at ?? since, cleared: shown?.cleared ?? false };
    },
    refetchInterval: paused ? false : DEBUG_POLL_MS,
    refetchIntervalInBackground: false,
  });
}

/** The recorded consent choices: the latest, or one visitor's (`person`: a user or anonymous id). */
export function useConsentRecords(person: string) {
  return useQuery({
    queryKey: keys.consentRecords(person),
    queryFn: () => api.get<ConsentRecordList>(withQuery('/api/v1/usage/consent-records', { person: person || undefined })),
    placeholderData: (previous) => previous,
  });
}


/** Product accounts (group ids) that match no client, most recently seen first: those waiting to be linked, or those set aside. */
export function useUnmatchedGroups(enabled = true, ignored = false) {
  return useQuery({
    queryKey: [...keys.unmatchedGroups, ignored],
    queryFn: () => api.get<UnmatchedGroupList>(withQuery('/api/v1/usage/unmatched-groups', { ignored: ignored ? 'true' : undefined })),
    enabled,
    placeholderData: (previous) => previous,
  });
}
