import { describe, expect, it } from 'vitest';
import type { DebugEntry } from '../../api/types.js';
import { curlExample, fieldOfMessage, mergeDebugEntries, noticeTemplate, recentTrackNames, tagSnippet } from './usage-snippets.js';

const entry = (at: string, name: string, extra: Partial<DebugEntry> = {}): DebugEntry => ({
  at,
  sourceId: 'source_1',
  outcome: 'stored',
  type: 'track',
  name,
  messageId: `m-${name}`,
  reason: null,
  preview: '{}',
  ...extra,
});

describe('the tag snippet', () => {
  it('carries the key and the consent mode, and turns signals off only when the workspace did', () => {
    const on = tagSnippet('https://candor.example.com', 'cpk_abc', { consentMode: 'opt-in', honourSignals: true, maskedParams: [] });
    expect(on).toBe('<script defer src="https://candor.example.com/tag/v1/candor.js" data-write-key="cpk_abc" data-consent="opt-in"></script>');
    expect(tagSnippet('https://c.example', 'cpk_abc', { consentMode: 'opt-out', honourSignals: false, maskedParams: [] })).toContain('data-consent="opt-out" data-signals="ignore"');
  });

  it('sends the curl example’s key as the Basic user name with an empty password', () => {
    expect(curlExample('https://c.example', 'csk_x')).toContain("-u 'csk_x:'");
    expect(curlExample('https://c.example', 'csk_x')).toContain('https://c.example/v1/track');
  });
});

describe('the privacy notice template', () => {
  it('[P08] says what the tag does under the workspace’s own settings', () => {
    const optIn = noticeTemplate({ consentMode: 'opt-in', honourSignals: true, maskedParams: ['invite'] });
    expect(optIn).toContain('Unless you agree, we count only page views');
    expect(optIn).toContain('Global Privacy Control or Do Not Track, we take it as a no');
    expect(optIn).toContain('(on this site also: invite)');
    expect(optIn).toMatch(/candor_aid.*candor_uid, candor_gid/s);
    expect(optIn).toContain('candor_choice');

    const optOut = noticeTemplate({ consentMode: 'opt-out', honourSignals: false, maskedParams: [] });
    expect(optOut).toContain('By default we also use product analytics');
    expect(optOut).not.toContain('we take it as a no');
    expect(optOut).toContain('this site is set not to honour them');
    expect(optOut).not.toContain('on this site also');
  });
});

describe('the live debugger', () => {
  it('replaces the lines at the polled millisecond instead of showing them twice', () => {
    const shown = [entry('2027-01-01T10:00:02.000Z', 'b'), entry('2027-01-01T10:00:01.000Z', 'a')];
    const fresh = [entry('2027-01-01T10:00:03.000Z', 'c'), entry('2027-01-01T10:00:02.000Z', 'b')];
    expect(mergeDebugEntries(shown, '2027-01-01T10:00:02.000Z', fresh).map((e) => e.name)).toEqual(['c', 'b', 'a']);
  });

  it('suggests stored custom events as key events, most frequent first', () => {
    const entries = [
      entry('2027-01-01T10:00:03.000Z', 'Invite sent'),
      entry('2027-01-01T10:00:02.000Z', 'Report exported'),
      entry('2027-01-01T10:00:01.000Z', 'Report exported'),
      entry('2027-01-01T10:00:01.000Z', 'Home', { type: 'page' }),
      entry('2027-01-01T10:00:00.000Z', 'Refused', { outcome: 'rejected' }),
      entry('2027-01-01T10:00:00.000Z', '$consent'),
    ];
    expect(recentTrackNames(entries)).toEqual(['Report exported', 'Invite sent']);
  });
});

describe('origin errors', () => {
  it('go under the field the server names', () => {
    const message = 'allowedOrigins.0: "https://x.example/app" has more than an origin; keep only scheme, host and port (https://x.example)';
    expect(fieldOfMessage(message, ['name', 'allowedOrigins'])).toEqual({ field: 'allowedOrigins', message: message.slice('allowedOrigins.0: '.length) });
    expect(fieldOfMessage('This write key is unknown: do this.', ['name', 'allowedOrigins'])).toBeUndefined();
  });
});
