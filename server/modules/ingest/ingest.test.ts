import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { makeWorkspace, signInAs, type Workspace } from '../../../test/helpers/factories.js';
import { createClientVia, createContactVia } from '../../../test/helpers/records.js';
import { createSource } from '../sources/sources.service.js';
import { sql } from 'kysely';
import { TEST_PG_URL } from '../../../test/helpers/database.js';
import { unsafePurgeExpired } from '../ops/maintenance.repo.js';
import { saveUsageSettingsRow } from '../usage/usage-settings.repo.js';
import type { StorableEvent } from './ingest.store.js';
import { SqliteIngestThread } from './ingest.writer.js';

let t: TestApp;
let ws: Workspace;
let serverKey: string;
let browserKey: string;
let clientId: string;
const SITE = 'https://app.example.com';
const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';

function systemCtx(workspaceId: string) {
  return { rt: t.rt, db: t.rt.database.db, workspaceId, actor: { kind: 'system' as const, reason: 'test' }, permissions: new Set<never>(), request: { ip: 'test', userAgent: 'test', requestId: 'test' } };
}

function basic(key: string): string {
  return `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
}

function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json', authorization: basic(serverKey), ...headers }, payload: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body) });
}

let seq = 0;
const mid = () => `m-${Date.now()}-${seq++}`;

async function eventsOf(workspaceId: string) {
  return t.db.selectFrom('usage_event').selectAll().where('workspace_id', '=', workspaceId).orderBy('received_at').orderBy('message_id').execute();
}

beforeAll(async () => {
  t = await buildTestApp({ env: { INGEST_EVENTS_PER_SECOND: '1000' } });
  ws = await makeWorkspace(t);
  const cookie = await signInAs(t, ws.owner);
  clientId = (await createClientVia(t, cookie, { name: 'Acme', externalId: 'acct-42', domains: ['acme.example'] })).id;
  serverKey = (await createSource(systemCtx(ws.workspaceId), { name: 'Backend', kind: 'server', allowedOrigins: [] })).writeKey;
  browserKey = (await createSource(systemCtx(ws.workspaceId), { name: 'Web app', kind: 'browser', allowedOrigins: [SITE] })).writeKey;
});

afterAll(async () => {
  await t?.close();
});

describe('Segment-compatible ingestion', () => {
  it('stores identify, group and track from a batch sent with the write key as Basic user, and maps the person to the client', async () => {
    const user = `user-${seq++}`;
    const res = await post('/v1/batch', {
      batch: [
        { type: 'identify', userId: user, traits: { name: 'Ada Lovelace', plan: 'pro' }, messageId: mid() },
        { type: 'group', userId: user, groupId: 'acct-42', traits: { name: 'Acme' }, messageId: mid() },
        { type: 'track', userId: user, event: 'Report Exported', properties: { format: 'csv' }, messageId: mid() },
      ],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ success: true, accepted: 3, duplicates: 0, rejected: [] });
    const stored = (await eventsOf(ws.workspaceId)).filter((e) => e.user_id === user);
    expect(stored.map((e) => e.type).sort()).toEqual(['group', 'identify', 'track']);
    expect(stored.find((e) => e.type === 'track')).toMatchObject({ event_name: 'Report Exported', client_id: clientId, person_key: `u:${user}` });
    const person = await t.db.selectFrom('usage_person').selectAll().where('workspace_id', '=', ws.workspaceId).where('person_key', '=', `u:${user}`).executeTakeFirstOrThrow();
    expect(person.client_id).toBe(clientId);
    expect(JSON.parse(person.traits ?? '{}')).toEqual({ name: 'Ada Lovelace', plan: 'pro' });
    const rollup = await t.db.selectFrom('usage_client_day').selectAll().where('workspace_id', '=', ws.workspaceId).where('client_id', '=', clientId).where('event_name', '=', 'Report Exported').execute();
    expect(rollup.reduce((n, r) => n + r.events, 0)).toBeGreaterThanOrEqual(1);
  });

  it('ties identified users to contacts: by email to an existing contact, else a new contact of their client, never a contact of nobody', async () => {
    const cookie = await signInAs(t, ws.owner);
    const existing = await createContactVia(t, cookie, { firstName: 'Grace', lastName: 'Hopper', emails: ['grace@acme.example'], clients: [{ clientId, roles: [] }] });
    await post('/v1/batch', {
      batch: [
        { type: 'identify', userId: 'u-grace', traits: { email: 'Grace@acme.example', name: 'Grace H' }, messageId: mid() },
        { type: 'identify', userId: 'u-new', traits: { email: 'new.person@acme.example', firstName: 'Nia', lastName: 'Newman', title: 'Analyst' }, messageId: mid() },
        { type: 'group', userId: 'u-new', groupId: 'acct-42', messageId: mid() },
        { type: 'identify', userId: 'u-loner', traits: { email: 'loner@else.example' }, messageId: mid() },
      ],
    });
    await t.drainJobs();
    const people = await t.db.selectFrom('usage_person').select(['person_key', 'contact_id']).where('workspace_id', '=', ws.workspaceId).where('person_key', 'in', ['u:u-grace', 'u:u-new', 'u:u-loner']).execute();
    const contactOf = Object.fromEntries(people.map((p) => [p.person_key, p.contact_id]));
    expect(contactOf['u:u-grace']).toBe(existing.id);
    expect(contactOf['u:u-loner']).toBeNull();
    const created = await t.db.selectFrom('contact').selectAll().where('workspace_id', '=', ws.workspaceId).where('id', '=', contactOf['u:u-new'] ?? '').executeTakeFirstOrThrow();
    expect(created).toMatchObject({ first_name: 'Nia', last_name: 'Newman', title: 'Analyst', source: 'tracker' });
    const link = await t.db.selectFrom('client_contact').selectAll().where('workspace_id', '=', ws.workspaceId).where('contact_id', '=', created.id).executeTakeFirst();
    expect(link?.client_id).toBe(clientId);
    const grace = await t.db.selectFrom('contact').select(['first_name', 'last_name']).where('id', '=', existing.id).executeTakeFirstOrThrow();
    expect(grace).toEqual({ first_name: 'Grace', last_name: 'Hopper' });
  });

  it('makes a contact from traits holding control characters without them (PostgreSQL cannot store a NUL)', async () => {
    await post('/v1/batch', {
      batch: [
        { type: 'identify', userId: 'u-ctrl', traits: { email: 'ctrl.person@acme.example', firstName: 'Ol\u0000ga', lastName: 'Ng\u0007uyen', title: 'Lead\u0000' }, messageId: mid() },
        { type: 'group', userId: 'u-ctrl', groupId: 'acct-42', messageId: mid() },
        { type: 'identify', userId: 'u-ctrl-mail', traits: { email: 'bad\u0007mail@acme.example' }, messageId: mid() },
        { type: 'group', userId: 'u-ctrl-mail', groupId: 'acct-42', messageId: mid() },
      ],
    });
    await t.drainJobs();
    const people = await t.db.selectFrom('usage_person').select(['person_key', 'contact_id']).where('workspace_id', '=', ws.workspaceId).where('person_key', 'in', ['u:u-ctrl', 'u:u-ctrl-mail']).execute();
    const contactOf = Object.fromEntries(people.map((p) => [p.person_key, p.contact_id]));
    const created = await t.db.selectFrom('contact').selectAll().where('workspace_id', '=', ws.workspaceId).where('id', '=', contactOf['u:u-ctrl'] ?? '').executeTakeFirstOrThrow();
    expect(created).toMatchObject({ first_name: 'Olga', last_name: 'Nguyen', title: 'Lead' });
    // An address with a control character is no address: that person stays a product user only.
    expect(contactOf['u:u-ctrl-mail']).toBeNull();
  });

  it('maps a group id to the client by domain when no external id matches', async () => {
    const user = `user-${seq++}`;
    const res = await post('/v1/group', { userId: user, groupId: 'ACME.example', messageId: mid() });
    expect(res.statusCode).toBe(200);
    await post('/v1/t', { userId: user, event: 'Signed In', messageId: mid() });
    const track = (await eventsOf(ws.workspaceId)).find((e) => e.user_id === user && e.type === 'track');
    expect(track?.client_id).toBe(clientId);
  });

  it('takes the write key from the body, a text/plain body and a gzip body, on the long and the short paths', async () => {
    const body = { writeKey: serverKey, userId: 'plain-user', event: 'Opened', messageId: mid() };
    const asText = await t.app.inject({ method: 'POST', url: '/v1/track', headers: { 'content-type': 'text/plain' }, payload: JSON.stringify(body) });
    expect(asText.statusCode).toBe(200);
    const zipped = await t.app.inject({
      method: 'POST',
      url: '/v1/b',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: gzipSync(JSON.stringify({ writeKey: serverKey, batch: [{ type: 'track', userId: 'gzip-user', event: 'Zipped', messageId: mid() }] })),
    });
    expect(zipped.statusCode).toBe(200);
    expect(zipped.json().accepted).toBe(1);
    const corrupt = await t.app.inject({ method: 'POST', url: '/v1/b', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', authorization: basic(serverKey) }, payload: Buffer.from('not gzip at all') });
    expect(corrupt.statusCode).toBe(400);
  });

  it('refuses a request without a write key, or with an unknown one, with 401 and how to send it', async () => {
    const none = await t.app.inject({ method: 'POST', url: '/v1/track', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ userId: 'u', event: 'x' }) });
    expect(none.statusCode).toBe(401);
    expect(none.json().error).toMatchObject({ code: 'write_key_invalid' });
    expect(none.json().error.message).toMatch(/Basic/);
    const forged = await post('/v1/track', { userId: 'u', event: 'x' }, { authorization: basic('csk_forged') });
    expect(forged.statusCode).toBe(401);
  });

  it('accepts a browser key only from its allowed origins, and answers CORS for them', async () => {
    const body = { writeKey: browserKey, userId: 'b-user', event: 'Clicked', messageId: mid(), context: { consent: { functional: true } } };
    const ok = await t.app.inject({ method: 'POST', url: '/v1/t', headers: { 'content-type': 'text/plain', origin: SITE, 'user-agent': BROWSER_UA }, payload: JSON.stringify(body) });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['access-control-allow-origin']).toBe(SITE);
    const other = await t.app.inject({ method: 'POST', url: '/v1/t', headers: { 'content-type': 'text/plain', origin: 'https://evil.example', 'user-agent': BROWSER_UA }, payload: JSON.stringify({ ...body, messageId: mid() }) });
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe('origin_not_allowed');
    // The refusal is readable by the page (no retry storm); nothing was stored.
    expect(other.headers['access-control-expose-headers']).toMatch(/Retry-After/);
    const noOrigin = await t.app.inject({ method: 'POST', url: '/v1/t', headers: { 'content-type': 'text/plain', 'user-agent': BROWSER_UA }, payload: JSON.stringify({ ...body, messageId: mid() }) });
    expect(noOrigin.statusCode).toBe(403);
    const secretFromPage = await post('/v1/track', { userId: 'u', event: 'x', messageId: mid() }, { origin: SITE });
    expect(secretFromPage.statusCode).toBe(403);
    expect(secretFromPage.json().error.message).toMatch(/secret server key/);
    const preflight = await t.app.inject({ method: 'OPTIONS', url: '/v1/track', headers: { origin: SITE, 'access-control-request-method': 'POST' } });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-headers']).toMatch(/Authorization/);
  });

  it('lists every rejected event of a batch with its position and reason, and stores the rest', async () => {
    const good = mid();
    const res = await post('/v1/batch', {
      batch: [
        { type: 'track', userId: 'r-user', event: 'Fine', messageId: good },
        { type: 'launch', userId: 'r-user', messageId: 'bad-type' },
        { type: 'track', userId: 'r-user', messageId: 'no-name' },
        { type: 'track', event: 'Nobody', messageId: 'no-id' },
        { type: 'track', userId: 'r-user', event: 'Big', properties: { blob: 'x'.repeat(33 * 1024) }, messageId: 'too-big' },
        { type: 'track', userId: 'r-user', event: 'Late', timestamp: 'yesterday-ish', messageId: 'bad-time' },
        'not an object',
      ],
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.accepted).toBe(1);
    const reasons = Object.fromEntries(body.rejected.map((r: { index: number; reason: string }) => [r.index, r.reason]));
    expect(reasons[1]).toMatch(/type: expected one of identify, track/);
    expect(reasons[2]).toMatch(/event name/);
    expect(reasons[3]).toMatch(/userId or an anonymousId/);
    expect(reasons[4]).toMatch(/at most 32 KB/);
    expect(reasons[5]).toMatch(/timestamp: is not an ISO-8601/);
    expect(reasons[6]).toMatch(/JSON object/);
    const stored = (await eventsOf(ws.workspaceId)).filter((e) => e.user_id === 'r-user');
    expect(stored.map((e) => e.message_id)).toEqual([good]);
  });

  it('refuses an id or name holding a NUL character with the reason, and stores the rest of the batch, a NUL inside properties dropped', async () => {
    // PostgreSQL cannot store NUL in text: one such id used to fail the whole commit group, other requests' events with it.
    const [good, inProperties] = [mid(), mid()];
    const res = await post('/v1/batch', {
      batch: [
        { type: 'track', userId: 'nul-user', event: 'Fine', messageId: good },
        { type: 'track', userId: 'nul\u0000user', event: 'Fine', messageId: mid() },
        { type: 'track', userId: 'nul-user', event: 'Bad\u0000name', messageId: mid() },
        { type: 'track', userId: 'nul-user', event: 'Fine', properties: { note: 'a\u0000b' }, messageId: inProperties },
        { type: 'track', userId: 'nul-user', event: 'Fine', context: { groupId: 'acct\u000042' }, messageId: mid() },
        { type: 'group', userId: 'nul-user', groupId: 'nul-acct', traits: { name: 'Nul\u0000 Trial\u0007' }, messageId: mid() },
      ],
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.accepted).toBe(3);
    expect(body.rejected.map((r: { index: number; reason: string }) => [r.index, r.reason])).toEqual([
      [1, expect.stringMatching(/userId: must not contain a NUL character/)],
      [2, expect.stringMatching(/event: must not contain a NUL character/)],
      [4, expect.stringMatching(/context.groupId: must not contain a NUL character/)],
    ]);
    const stored = (await eventsOf(ws.workspaceId)).filter((e) => e.user_id === 'nul-user' && e.type === 'track');
    expect(stored.map((e) => e.message_id).sort()).toEqual([good, inProperties].sort());
    // An account's name is a line of text: its control characters are dropped.
    const account = await t.db.selectFrom('usage_unmatched_group').select('name').where('workspace_id', '=', ws.workspaceId).where('group_id', '=', 'nul-acct').executeTakeFirstOrThrow();
    expect(account.name).toBe('Nul Trial');
    expect(JSON.parse(stored.find((e) => e.message_id === inProperties)?.properties ?? '{}')).toEqual({ note: 'ab' });
  });

  it('stores ids, names and properties holding a lone UTF-16 surrogate, as every other event of their group', async () => {
    // Browsers can send one (a string cut between the halves of an emoji); JSON escapes it as \\ud83d, which PostgreSQL's JSON parser refuses.
    const [a, b] = [mid(), mid()];
    const res = await post('/v1/batch', {
      batch: [
        { type: 'track', userId: 'half-\ud83d', event: 'Cut \ud83d', properties: { title: 'Party \ud83d' }, messageId: a },
        { type: 'track', userId: 'whole-user', event: 'Fine \ud83c\udf89', messageId: b },
      ],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().accepted).toBe(2);
    const stored = (await eventsOf(ws.workspaceId)).filter((e) => e.message_id === a || e.message_id === b);
    expect(stored.map((e) => e.event_name).sort()).toEqual(['Cut \ufffd', 'Fine \ud83c\udf89']);
    expect(JSON.parse(stored.find((e) => e.message_id === a)?.properties ?? '{}')).toEqual({ title: 'Party \ufffd' });
    // A consent record holding one: the admin's consent counts read its members as JSON on PostgreSQL.
    const consent = await post('/v1/track', { userId: 'half-consent', event: '$consent', properties: { functional: true, marketing: false, method: 'click', banner: 'v1 \ud83d\u0000' }, messageId: mid() });
    expect(consent.statusCode).toBe(200);
    const records = await t.app.inject({ method: 'GET', url: '/api/v1/usage/consent-records', headers: { cookie: await signInAs(t, ws.owner) } });
    expect(records.statusCode, records.body).toBe(200);
  });

  it('refuses an event nested thousands of levels deep alone, with its reason, and stores the rest of the batch', async () => {
    // Far under the size limit, such an event overflowed the call stack in the privacy pass: a 500
    // for the whole batch, which SDKs retry forever. The deep values are written as JSON text,
    // since JSON.stringify itself cannot write one 100,000 levels deep.
    const deepObject = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
    const deepArray = (levels: number) => `${'['.repeat(levels)}1${']'.repeat(levels)}`;
    const withDeep = (event: object, parts: Record<string, string>) =>
      Object.entries(parts).reduce((text, [marker, json]) => text.replace(`"${marker}"`, json), JSON.stringify(event));
    let fine: unknown = 'ok';
    for (let i = 0; i < 31; i++) fine = { a: fine };
    const [good, shallow] = [mid(), mid()];
    const batch = [
      JSON.stringify({ type: 'track', userId: 'deep-user', event: 'Fine', messageId: good }),
      withDeep({ type: 'track', userId: 'deep-user', event: 'Deep', properties: 'DEEP', messageId: mid() }, { DEEP: deepObject(4_000) }),
      withDeep({ type: 'identify', userId: 'deep-user', traits: { list: 'DEEP' }, messageId: mid() }, { DEEP: deepArray(100_000) }),
      withDeep({ type: 'track', userId: 'deep-user', event: 'Deep', context: 'DEEP', messageId: mid() }, { DEEP: deepObject(40) }),
      JSON.stringify({ type: 'track', userId: 'deep-user', event: 'Nested, within the limit', properties: fine, messageId: shallow }),
    ];
    const res = await post('/v1/batch', `{"batch":[${batch.join(',')}]}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.accepted).toBe(2);
    expect(body.rejected.map((r: { index: number; reason: string }) => [r.index, r.reason])).toEqual([
      [1, expect.stringMatching(/^properties\.a\.a.*: nests deeper than 32 levels of objects and arrays$/)],
      [2, expect.stringMatching(/^traits\.list\.0\.0.*: nests deeper than 32 levels/)],
      [3, expect.stringMatching(/^context\.a\.a.*: nests deeper than 32 levels/)],
    ]);
    const stored = (await eventsOf(ws.workspaceId)).filter((e) => e.user_id === 'deep-user');
    expect(stored.map((e) => e.message_id).sort()).toEqual([good, shallow].sort());
    expect(JSON.parse(stored.find((e) => e.message_id === shallow)?.properties ?? '{}')).toEqual(fine);
    // A single call answers 400 with the same reason, on the long and the short path.
    for (const url of ['/v1/track', '/v1/t']) {
      const single = await post(url, withDeep({ userId: 'deep-user', event: 'Deep', properties: 'DEEP', messageId: mid() }, { DEEP: deepObject(5_000) }));
      expect(single.statusCode).toBe(400);
      expect(single.json().error.message).toMatch(/nests deeper than 32 levels/);
    }
  });

  it('answers 400 with the reason when a single call is invalid, and 413 for a body over 500 KB', async () => {
    const bad = await post('/v1/track', { userId: 'u', messageId: mid() });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/event name/);
    const huge = await post('/v1/batch', { batch: Array.from({ length: 20 }, (_, i) => ({ type: 'track', userId: 'u', event: 'e', messageId: `h${i}`, properties: { pad: 'y'.repeat(30 * 1024) } })) });
    expect(huge.statusCode).toBe(413);
    const stored = (await eventsOf(ws.workspaceId)).filter((e) => e.message_id.startsWith('h'));
    expect(stored).toEqual([]);
  });

  it('stores a messageId once per source, across requests, within a batch, and a day later', async () => {
    const id = mid();
    const event = { type: 'track', userId: 'dup-user', event: 'Once', messageId: id };
    const first = await post('/v1/batch', { batch: [event, event] });
    expect(first.json()).toMatchObject({ accepted: 2, duplicates: 1 });
    t.clock.advance(24 * 3_600_000 + 60_000);
    const again = await post('/v1/track', event);
    expect(again.json()).toMatchObject({ accepted: 1, duplicates: 1 });
    const stored = (await eventsOf(ws.workspaceId)).filter((e) => e.message_id === id);
    expect(stored).toHaveLength(1);
  });

  it.skipIf(!TEST_PG_URL)('on PostgreSQL, stores events in the partition of their month, made ahead of time', async () => {
    const id = mid();
    await post('/v1/track', { userId: 'part-user', event: 'Partitioned', messageId: id });
    const parts = await sql<{ relname: string }>`select relname from pg_class where relname like 'usage_event_p%' and relkind = 'r' order by relname`.execute(t.db);
    expect(parts.rows.map((r) => r.relname)).toEqual(expect.arrayContaining(['usage_event_p202611', 'usage_event_p202612']));
    const inDefault = await sql<{ n: number }>`select count(*)::int as n from usage_event_default`.execute(t.db);
    expect(inDefault.rows[0]?.n).toBe(0);
    const where = await sql<{ part: string }>`select tableoid::regclass::text as part from usage_event where message_id = ${id}`.execute(t.db);
    expect(where.rows[0]?.part).toMatch(/^usage_event_p2026(11|12)$/);
  });

  it('forgets message ids and the cookieless salt once their time is over', async () => {
    const id = mid();
    await post('/v1/track', { userId: 'window-user', event: 'Old', messageId: id });
    await t.app.inject({ method: 'POST', url: '/v1/p', headers: { 'content-type': 'text/plain', origin: SITE, 'user-agent': BROWSER_UA }, payload: JSON.stringify({ writeKey: browserKey, name: 'Home', messageId: mid() }) });
    expect(await t.db.selectFrom('usage_salt').selectAll().where('workspace_id', '=', ws.workspaceId).execute()).toHaveLength(1);
    t.clock.advance(49 * 3_600_000);
    const removed = await unsafePurgeExpired(t.rt.database.db, t.clock.now(), t.rt.config.session.idleMs);
    expect(removed.usage_message).toBeGreaterThan(0);
    expect(await t.db.selectFrom('usage_salt').selectAll().where('workspace_id', '=', ws.workspaceId).execute()).toEqual([]);
    expect(await t.db.selectFrom('usage_message').selectAll().where('message_id', '=', id).execute()).toEqual([]);
  });

  it('corrects the device clock from sentAt and keeps the original, sent, received and corrected times', async () => {
    const received = t.clock.now();
    const deviceNow = received + 3_600_000; // the device's clock runs an hour fast
    const id = mid();
    await post('/v1/track', { userId: 'skew-user', event: 'Skewed', messageId: id, timestamp: new Date(deviceNow - 300_000).toISOString(), sentAt: new Date(deviceNow).toISOString() });
    const e = (await eventsOf(ws.workspaceId)).find((r) => r.message_id === id);
    expect(e).toMatchObject({ original_timestamp: deviceNow - 300_000, sent_at: deviceNow, received_at: received, occurred_at: received - 300_000 });
    const future = mid();
    await post('/v1/track', { userId: 'skew-user', event: 'Future', messageId: future, timestamp: new Date(received + 48 * 3_600_000).toISOString() });
    const f = (await eventsOf(ws.workspaceId)).find((r) => r.message_id === future);
    expect(f?.occurred_at).toBe(received);
    expect(f?.original_timestamp).toBe(received + 48 * 3_600_000);
  });

  it('[P10] keeps only the truncated IP address of an event', async () => {
    const id = mid();
    await t.app.inject({ method: 'POST', url: '/v1/track', remoteAddress: '203.0.113.77', headers: { 'content-type': 'application/json', authorization: basic(serverKey) }, payload: JSON.stringify({ userId: 'ip-user', event: 'Ip', messageId: id }) });
    const given = mid();
    await post('/v1/track', { userId: 'ip-user', event: 'Ip', messageId: given, context: { ip: '2001:db8:85a3:8d3:1319:8a2e:370:7348' } });
    const rows = (await eventsOf(ws.workspaceId)).filter((r) => r.user_id === 'ip-user');
    expect(JSON.parse(rows.find((r) => r.message_id === id)?.context ?? '{}').ip).toBe('203.0.113.0');
    expect(JSON.parse(rows.find((r) => r.message_id === given)?.context ?? '{}').ip).toBe('2001:db8:85a3::');
    const everything = JSON.stringify(rows);
    expect(everything).not.toContain('203.0.113.77');
    expect(everything).not.toContain('1319:8a2e');
  });

  it('masks the values of sensitive query parameters in URLs before storage', async () => {
    const id = mid();
    await post('/v1/page', { userId: 'mask-user', name: 'Reset', messageId: id, properties: { url: 'https://app.example.com/reset?token=s3cret&step=2', referrer: 'https://mail.example/?email=a%40b.c' }, context: { page: { url: 'https://app.example.com/reset?token=s3cret&step=2' } } });
    const row = (await eventsOf(ws.workspaceId)).find((r) => r.message_id === id);
    expect(row?.properties).toContain('token=[masked]&step=2');
    expect(row?.properties).toContain('email=[masked]');
    expect(JSON.stringify(row)).not.toContain('s3cret');
  });

  it('[P07] refuses an event whose properties hold a card number, counts it, and stores the rest of the batch', async () => {
    const res = await post('/v1/batch', {
      batch: [
        { type: 'track', userId: 'pci-user', event: 'Paid', properties: { card: '4111 1111 1111 1111' }, messageId: 'pci-1' },
        { type: 'track', userId: 'pci-user', event: 'Viewed', messageId: 'pci-2' },
      ],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().rejected[0].reason).toMatch(/payment card/i);
    expect(res.json().rejected[0].reason).not.toContain('4111');
    const rows = (await eventsOf(ws.workspaceId)).filter((r) => r.user_id === 'pci-user');
    expect(rows.map((r) => r.message_id)).toEqual(['pci-2']);
    const counts = await t.db.selectFrom('sensitive_block').selectAll().where('workspace_id', '=', ws.workspaceId).where('source', '=', 'tracker').execute();
    expect(counts.some((c) => c.category === 'payment_card' && c.action === 'rejected')).toBe(true);
  });

  it('merges an anonymous browser into the user on identify: earlier events move to the user', async () => {
    const anon = `anon-${seq++}`;
    const user = `merged-${seq++}`;
    await post('/v1/page', { anonymousId: anon, name: 'Pricing', messageId: mid() });
    await post('/v1/track', { anonymousId: anon, event: 'Trial Started', messageId: mid() });
    await post('/v1/identify', { anonymousId: anon, userId: user, traits: { plan: 'trial' }, messageId: mid() });
    await post('/v1/track', { anonymousId: anon, event: 'After', messageId: mid() });
    const rows = (await eventsOf(ws.workspaceId)).filter((r) => r.anonymous_id === anon);
    expect(rows).toHaveLength(4);
    expect(new Set(rows.map((r) => r.person_key))).toEqual(new Set([`u:${user}`]));
    const anonDays = await t.db.selectFrom('usage_person_day').selectAll().where('workspace_id', '=', ws.workspaceId).where('person_key', '=', `a:${anon}`).execute();
    expect(anonDays).toEqual([]);
    const userDays = await t.db.selectFrom('usage_person_day').selectAll().where('workspace_id', '=', ws.workspaceId).where('person_key', '=', `u:${user}`).execute();
    expect(userDays.reduce((n, d) => n + d.events, 0)).toBe(4);
  });

  it('merges the previous id into the user on alias', async () => {
    const old = `old-${seq++}`;
    const user = `new-${seq++}`;
    await post('/v1/track', { anonymousId: old, event: 'Before', messageId: mid() });
    await post('/v1/alias', { previousId: old, userId: user, messageId: mid() });
    const rows = (await eventsOf(ws.workspaceId)).filter((r) => r.anonymous_id === old);
    expect(rows.map((r) => r.person_key)).toEqual([`u:${user}`]);
  });

  it('stores ingestion and the app\'s own writes side by side, neither failing the other (SQLite: two writing connections)', async () => {
    // On an SQLite file the writer commits on its own thread and connection; a CSM editing records
    // at the same moment must neither wait forever nor get "database is locked".
    const cookie = await signInAs(t, ws.owner);
    const user = `busy-${seq++}`;
    const ingests = Array.from({ length: 12 }, (_, r) =>
      post('/v1/batch', { batch: Array.from({ length: 50 }, (_, i) => ({ type: 'track', userId: user, event: 'Busy', properties: { r, i }, messageId: `busy-${user}-${r}-${i}` })) }),
    );
    const edits = Array.from({ length: 12 }, (_, i) => createClientVia(t, cookie, { name: `Busy client ${user} ${i}` }));
    const answers = await Promise.all(ingests);
    expect(answers.map((a) => a.statusCode)).toEqual(answers.map(() => 200));
    expect(answers.reduce((n, a) => n + (a.json() as { accepted: number }).accepted, 0)).toBe(600);
    expect((await Promise.all(edits)).every((c) => c.id.startsWith('cl_'))).toBe(true);
    const stored = (await eventsOf(ws.workspaceId)).filter((e) => e.user_id === user);
    expect(stored).toHaveLength(600);
    const day = await t.db.selectFrom('usage_person_day').select(['events']).where('workspace_id', '=', ws.workspaceId).where('person_key', '=', `u:${user}`).execute();
    expect(day.reduce((n, d) => n + d.events, 0)).toBe(600);
  });

  it.skipIf(Boolean(TEST_PG_URL))('on SQLite, a commit thread that dies refuses what it held, unacknowledged, and the next request starts a new one', async () => {
    const sourceId = (await t.db.selectFrom('source').select('id').where('workspace_id', '=', ws.workspaceId).executeTakeFirstOrThrow()).id;
    const now = t.rt.clock.now();
    const event = (messageId: string): StorableEvent => ({ sourceId, visitorKey: null, findings: [], type: 'track', messageId, userId: 'thread-user', anonymousId: null, previousId: null, groupId: null, eventName: 'Thread Test', properties: {}, context: {}, originalTimestamp: null, sentAt: null, receivedAt: now, occurredAt: now });
    const sink = new SqliteIngestThread(t.rt, { file: t.rt.database.sqliteFile as string, cacheMb: 8, writer: { maxEvents: 100, maxWaitMs: 0 } });
    try {
      expect(await sink.submit(ws.workspaceId, [event('thread-1')])).toEqual(['stored']);
      // Kill the thread while a request waits on it: the request fails, nothing claims it was stored.
      const worker = (sink as unknown as { current: { worker: { terminate(): Promise<number> } } }).current.worker;
      const waiting = sink.submit(ws.workspaceId, [event('thread-2')]);
      await worker.terminate();
      await expect(waiting).rejects.toThrow();
      // The next request gets a new thread; a resend of the refused event is stored once.
      expect(await sink.submit(ws.workspaceId, [event('thread-2'), event('thread-3')])).toEqual(expect.arrayContaining(['stored']));
      const stored = (await eventsOf(ws.workspaceId)).filter((e) => e.user_id === 'thread-user').map((e) => e.message_id);
      expect(stored.sort()).toEqual(['thread-1', 'thread-2', 'thread-3']);
    } finally {
      await sink.close();
    }
  });

  it('counts stored, duplicate and rejected events and the size of each commit for /metrics', async () => {
    const metric = async (name: string) => (await t.rt.metrics.registry.getMetricsAsJSON()).find((m) => m.name === name);
    const id = mid();
    await post('/v1/batch', { batch: [{ type: 'track', userId: 'm', event: 'Counted', messageId: id }, { type: 'track', userId: 'm', event: 'Counted', messageId: id }, { type: 'bogus' }] });
    const events = await metric('candor_ingest_events_total');
    const value = (outcome: string) => events?.values.find((v) => v.labels.outcome === outcome)?.value ?? 0;
    expect(value('stored')).toBeGreaterThan(0);
    expect(value('duplicate')).toBeGreaterThan(0);
    expect(value('rejected')).toBeGreaterThan(0);
    const sizes = await metric('candor_ingest_commit_events');
    expect(sizes?.values.find((v) => (v as { metricName?: string }).metricName === 'candor_ingest_commit_events_count')?.value).toBeGreaterThan(0);
  });

  it('refuses page views from crawlers and automated browsers on a browser key', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/p',
      headers: { 'content-type': 'text/plain', origin: SITE, 'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1)' },
      payload: JSON.stringify({ writeKey: browserKey, name: 'Home', messageId: 'bot-1', context: { consent: { functional: true } } }),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().rejected[0].reason).toMatch(/crawler/);
    expect((await eventsOf(ws.workspaceId)).some((r) => r.message_id === 'bot-1')).toBe(false);
  });
});

describe('consent and signals on the server', () => {
  let other: Workspace;
  let key: string;
  let serverKeyOther: string;
  const send = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: '/v1/b', headers: { 'content-type': 'text/plain', origin: SITE, 'user-agent': BROWSER_UA, ...headers }, payload: JSON.stringify({ writeKey: key, ...body }) });

  beforeAll(async () => {
    other = await makeWorkspace(t);
    key = (await createSource(systemCtx(other.workspaceId), { name: 'Site', kind: 'browser', allowedOrigins: [SITE] })).writeKey;
    serverKeyOther = (await createSource(systemCtx(other.workspaceId), { name: 'API', kind: 'server', allowedOrigins: [] })).writeKey;
  });

  it('[P18] keeps only essential page views, without ids, from a request that carries Global Privacy Control or Do Not Track', async () => {
    const signals: Record<string, string>[] = [{ 'sec-gpc': '1' }, { dnt: '1' }];
    for (const header of signals) {
      const anon = `gpc-${seq++}`;
      const res = await send(
        {
          batch: [
            { type: 'page', anonymousId: anon, userId: 'gpc-user', name: 'Docs', properties: { path: '/docs', url: `${SITE}/docs`, plan: 'pro' }, context: { consent: { functional: true }, page: { path: '/docs' } }, messageId: mid() },
            { type: 'track', anonymousId: anon, event: 'Clicked', context: { consent: { functional: true } }, messageId: mid() },
            { type: 'identify', anonymousId: anon, userId: 'gpc-user', traits: { email: 'x@y.z' }, context: { consent: { functional: true } }, messageId: mid() },
          ],
        },
        header,
      );
      expect(res.statusCode).toBe(200);
      expect(res.json().accepted).toBe(1);
      expect(res.json().rejected.map((r: { reason: string }) => r.reason)).toEqual([expect.stringMatching(/only essential page views/), expect.stringMatching(/only essential page views/)]);
    }
    const rows = await eventsOf(other.workspaceId);
    expect(rows.map((r) => r.type)).toEqual(['page', 'page']);
    for (const r of rows) {
      expect(r.user_id).toBeNull();
      expect(r.anonymous_id).toBeNull();
      expect(r.person_key).toMatch(/^v:/);
      expect(JSON.parse(r.properties)).toEqual({ path: '/docs', url: `${SITE}/docs` });
    }
    expect(JSON.stringify(rows)).not.toContain('gpc-user');
  });

  it('[P08] in opt-in mode keeps a browser event whole only when it says the visitor consented', async () => {
    const before = (await eventsOf(other.workspaceId)).length;
    const res = await send({
      batch: [
        { type: 'track', anonymousId: 'c1', event: 'No consent', messageId: mid() },
        { type: 'page', anonymousId: 'c1', name: 'Home', properties: { path: '/' }, messageId: mid() },
        { type: 'track', anonymousId: 'c1', event: 'With consent', context: { consent: { functional: true } }, messageId: mid() },
      ],
    });
    expect(res.json().accepted).toBe(2);
    expect(res.json().rejected[0].reason).toMatch(/has not consented/);
    const rows = (await eventsOf(other.workspaceId)).slice(before);
    expect(rows.find((r) => r.type === 'page')?.anonymous_id).toBeNull();
    expect(rows.find((r) => r.type === 'track')?.anonymous_id).toBe('c1');
  });

  it('[P14] keeps each consent choice as a record (what, when, banner version, how), naming the browser only when the choice allowed it', async () => {
    const refused = mid();
    const granted = mid();
    const res = await send({
      batch: [
        { type: 'track', event: '$consent', properties: { functional: false, marketing: false, method: 'api', version: 'banner-v3' }, messageId: mid() },
        { type: 'track', event: '$consent', anonymousId: 'should-go', properties: { functional: false, marketing: false, method: 'api', version: 'banner-v3', extra: 'dropped' }, context: { consent: { functional: false } }, messageId: refused },
        { type: 'track', event: '$consent', anonymousId: 'visitor-9', properties: { functional: true, marketing: false, method: 'api', version: 'banner-v3' }, context: { consent: { functional: true } }, messageId: granted },
      ],
    });
    expect(res.json()).toMatchObject({ accepted: 3, rejected: [] });
    const rows = await eventsOf(other.workspaceId);
    const no = rows.find((r) => r.message_id === refused);
    const yes = rows.find((r) => r.message_id === granted);
    expect(JSON.parse(no?.properties ?? '{}')).toEqual({ functional: false, marketing: false, method: 'api', version: 'banner-v3' });
    expect(no?.anonymous_id).toBeNull();
    expect(yes?.anonymous_id).toBe('visitor-9');
    expect(yes?.occurred_at).toBeGreaterThan(0);
    // Under a signal the record stays, without the id.
    const gpc = mid();
    await send({ batch: [{ type: 'track', event: '$consent', anonymousId: 'visitor-10', properties: { functional: false, marketing: false, method: 'signal', version: 'banner-v3' }, messageId: gpc }] }, { 'sec-gpc': '1' });
    expect((await eventsOf(other.workspaceId)).find((r) => r.message_id === gpc)).toMatchObject({ anonymous_id: null, event_name: '$consent' });
  });

  it('counts an id-less visitor once a day, under a key that changes with the day’s salt', async () => {
    const view = (ua: string) =>
      t.app.inject({ method: 'POST', url: '/v1/p', remoteAddress: '198.51.100.7', headers: { 'content-type': 'text/plain', origin: SITE, 'user-agent': ua }, payload: JSON.stringify({ writeKey: key, name: 'Docs', messageId: mid() }) });
    const keysNow = async () => (await eventsOf(other.workspaceId)).filter((r) => r.person_key.startsWith('v:')).map((r) => r.person_key);
    const before = new Set(await keysNow());
    await view(BROWSER_UA);
    await view(BROWSER_UA);
    await view(`${BROWSER_UA} Edg/131.0`);
    const today = (await keysNow()).filter((k) => !before.has(k));
    expect(today).toHaveLength(3);
    expect(today[0]).toBe(today[1]);
    expect(today[2]).not.toBe(today[0]);
    t.clock.advance(24 * 3_600_000);
    await view(BROWSER_UA);
    const tomorrow = (await keysNow()).filter((k) => !before.has(k) && !today.includes(k));
    expect(tomorrow).toHaveLength(1);
    expect(JSON.stringify(await eventsOf(other.workspaceId))).not.toContain('198.51.100.7');
  });

  it('[P18] stores events whole despite DNT when the workspace turned honouring signals off', async () => {
    await saveUsageSettingsRow({ db: t.rt.database.db, workspaceId: other.workspaceId }, { key_events: '[]', consent_mode: 'opt-out', honour_signals: 0, masked_params: '[]', updated_at: t.clock.now() });
    t.clock.advance(10_000); // past the settings cache
    const id = mid();
    const res = await send({ batch: [{ type: 'track', anonymousId: 'dnt-off', event: 'Kept', messageId: id }] }, { dnt: '1' });
    expect(res.json().accepted).toBe(1);
    expect((await eventsOf(other.workspaceId)).find((r) => r.message_id === id)?.anonymous_id).toBe('dnt-off');
  });

  it('answers 429 with Retry-After once a key sends more than its rate, and accepts again after the wait', async () => {
    const limited = await buildTestApp({ env: { INGEST_EVENTS_PER_SECOND: '5' } });
    try {
      const w = await makeWorkspace(limited);
      const k = (await createSource({ ...systemCtx(w.workspaceId), rt: limited.rt, db: limited.rt.database.db }, { name: 'S', kind: 'server', allowedOrigins: [] })).writeKey;
      const batch = (n: number) => ({ batch: Array.from({ length: n }, () => ({ type: 'track', userId: 'r', event: 'e', messageId: mid() })) });
      const go = (n: number) => limited.app.inject({ method: 'POST', url: '/v1/batch', headers: { 'content-type': 'application/json', authorization: basic(k) }, payload: JSON.stringify(batch(n)) });
      expect((await go(50)).statusCode).toBe(200);
      const over = await go(10);
      expect(over.statusCode).toBe(429);
      expect(Number(over.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      limited.clock.advance(Number(over.headers['retry-after']) * 1000);
      expect((await go(5)).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('does not apply browser consent rules to a server key', async () => {
    const id = mid();
    const res = await t.app.inject({ method: 'POST', url: '/v1/track', headers: { 'content-type': 'application/json', authorization: basic(serverKeyOther) }, payload: JSON.stringify({ userId: 'srv', event: 'Server side', messageId: id }) });
    expect(res.json().accepted).toBe(1);
    expect((await eventsOf(other.workspaceId)).find((r) => r.message_id === id)?.user_id).toBe('srv');
  });
});
