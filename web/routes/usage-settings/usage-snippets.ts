import type { DebugEntry, UsageSettingsView } from '../../api/types.js';

/** What the tag snippet and the notice template depend on besides the key. */
export type TagSettings = Pick<UsageSettingsView, 'consentMode' | 'honourSignals' | 'maskedParams'>;

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

/** Candor's consent banner, for sites without a consent tool of their own: it goes after the tag. */
export function bannerSnippet(origin: string): string {
  return `<script defer src="${origin}/tag/v1/candor-consent.js" data-policy-url="/privacy"></script>`;
}

/** The link that reopens the banner, so a visitor can change or withdraw their answer from any page. */
export const PRIVACY_CHOICES_LINK = '<a href="#" onclick="candorConsent.open(); return false">Privacy choices</a>';

/**
 * A first draft of the site's privacy notice for the tag, written from this workspace's settings
 * (consent mode, signals, masked parameters) so it says what the tag actually does. The parts in
 * brackets are the site owner's to fill in; it is a starting point for their own review, not advice.
 */
export function noticeTemplate(settings: TagSettings): string {
  const before =
    settings.consentMode === 'opt-in'
      ? 'Unless you agree, we count only page views: the address and title of the page and the page you came from, with no cookie and nothing that tells us who you are or recognises your browser.'
      : 'By default we also use product analytics, described below; you can refuse it at any time, and from then on we count only page views, with no cookie and nothing that recognises your browser.';
  const masked = settings.maskedParams.length > 0 ? ` (on this site also: ${settings.maskedParams.join(', ')})` : '';
  const signals = settings.honourSignals
    ? 'If your browser sends Global Privacy Control or Do Not Track, we take it as a no, whatever else is clicked.'
    : '[Say how you handle Global Privacy Control and Do Not Track: this site is set not to honour them.]';
  return [
    'How we learn how our product is used',
    '',
    '[Company] uses Candor, a customer success application [that we run ourselves / that (provider) runs for us], to understand how our customers use our product, so that we can help them get more out of it.',
    '',
    `What we collect. ${before} ` +
      'With your permission for product analytics, the tag also keeps a random identifier in your browser’s local storage (candor_aid) and, once you sign in, your user id and your company’s account id (candor_uid, candor_gid), so that your visits and the features you use count for your account. With marketing permission, we also learn which campaigns brought you here.',
    '',
    `What we keep out. Your IP address is shortened before it is stored (the last part is dropped). Values of sensitive web address parameters, such as tokens, passwords and email addresses${masked}, are masked in your browser and again on our server. Card numbers and similar sensitive values are refused or blanked out before they are stored.`,
    '',
    `Your choices. ${signals} You can change your answer at any time under “Privacy choices” on any page; saying no removes what the tag stored in your browser. Your answer itself is kept in your browser (candor_choice) so that we do not ask on every page; it holds no identifier.`,
    '',
    'How long we keep it and who to ask. [How long you keep product usage data.] [Who to contact about your privacy, and how.]',
  ].join('\n');
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
