import type { DebugEntry, UsageSettingsView } from '../../api/types.js';

/** What the tag snippet depends on besides the key: both are read by the tag from its attributes. */
export type TagSettings = Pick<UsageSettingsView, 'consentMode' | 'honourSignals'>;

/**
 * The `<script>` tag for a browser source. The consent mode goes in the tag because the tag, not
 * the server, decides what to hold back before the visitor answers; `data-signals="ignore"` is
 * written only when the workspace turned signals off, since honouring them is the tag's default.
 */
export function tagSnippet(origin: string, writeKey: string, settings: TagSettings): string {
  const signals = settings.honourSignals ? '' : ' data-signals="ignore"';
  return `<script defer src="${origin}/tag/v1/candor.js" data-write-key="${writeKey}" data-consent="${settings.consentMode}"${signals}></script>`;
}

/** The page-view build: no API, no ids, no storage, so it needs no consent and no consent mode. */
export function liteTagSnippet(origin: string, writeKey: string): string {
  return `<script defer src="${origin}/tag/v1/candor-lite.js" data-write-key="${writeKey}"></script>`;
}

/** Segment's Node library pointed at this Candor: only `host` changes, the calls stay the same. */
export function segmentNodeExample(origin: string, writeKey: string): string {
  return [
    `import { Analytics } from '@segment/analytics-node';`,
    ``,
    `const analytics = new Analytics({`,
    `  writeKey: '${writeKey}',`,
    `  host: '${origin}',`,
    `});`,
    ``,
    `analytics.identify({ userId: 'user-123', traits: { email: 'ada@example.com' } });`,
    `analytics.group({ userId: 'user-123', groupId: 'example.com' });`,
    `analytics.track({ userId: 'user-123', event: 'Report exported' });`,
  ].join('\n');
}

/** A first event from a terminal: `-u key:` sends the key as the HTTP Basic user name, as Segment's SDKs do. */
export function curlExample(origin: string, writeKey: string): string {
  return [
    `curl ${origin}/v1/track \\`,
    `  -u '${writeKey}:' \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -d '{"userId": "user-123", "event": "Report exported"}'`,
  ].join('\n');
}

/** The debugger keeps no more lines than the server does. */
export const DEBUG_KEEP = 200;

/**
 * Adds a poll's answer to the lines already shown. The server answers every line at or after
 * `since` (the newest time already shown), so the lines at that very millisecond come back again:
 * they are replaced, not added twice. Both lists are newest first.
 */
export function mergeDebugEntries(shown: readonly DebugEntry[], since: string | undefined, fresh: readonly DebugEntry[]): DebugEntry[] {
  if (since === undefined) return fresh.slice(0, DEBUG_KEEP);
  const cutoff = Date.parse(since);
  return [...fresh, ...shown.filter((e) => Date.parse(e.at) < cutoff)].slice(0, DEBUG_KEEP);
}

/**
 * Names of the custom events seen lately, most frequent first: suggestions for key events. Names
 * starting with `$` are the tag's own records (`$consent`), not something a client does.
 */
export function recentTrackNames(entries: readonly DebugEntry[]): string[] {
  const counts = new Map<string, number>();
  for (const e of entries) {
    if (e.type === 'track' && e.name && !e.name.startsWith('$') && e.outcome !== 'rejected') counts.set(e.name, (counts.get(e.name) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([name]) => name);
}

/**
 * The server refuses an origin with `allowedOrigins.<i>: …` in its message rather than as a
 * schema issue; this finds the field it names, so the form shows it under that input.
 */
export function fieldOfMessage(message: string, fields: readonly string[]): { field: string; message: string } | undefined {
  const match = /^([A-Za-z]+)(?:\.\d+)?: (.+)$/s.exec(message);
  if (!match?.[1] || !match[2] || !fields.includes(match[1])) return undefined;
  return { field: match[1], message: match[2].charAt(0).toUpperCase() + match[2].slice(1) };
}
