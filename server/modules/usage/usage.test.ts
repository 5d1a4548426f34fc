import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, call, type TestApp } from '../../../test/helpers/app.js';
import { makeMember, makeWorkspace, signInAs, type Workspace } from '../../../test/helpers/factories.js';
import { createClientVia } from '../../../test/helpers/records.js';
import { eraseUsageOfPerson } from './usage.service.js';

let t: TestApp;
let ws: Workspace;
let owner: string;
let serverKey: string;
let clientId: string;
let seq = 0;
const DAY = 86_400_000;

const track = (body: Record<string, unknown>, key = serverKey) =>
  t.app.inject({ method: 'POST', url: '/v1/batch', headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` }, payload: JSON.stringify(body) });

const event = (userId: string, name: string, at: number) => ({ type: 'track', userId, event: name, messageId: `u-${seq++}`, timestamp: new Date(at).toISOString(), context: { groupId: 'acct-9' } });

beforeAll(async () => {
  t = await buildTestApp();
  ws = await makeWorkspace(t);
  owner = await signInAs(t, ws.owner);
  clientId = (await createClientVia(t, owner, { name: 'Globex', externalId: 'acct-9' })).id;
  const created = await call(t.app, { method: 'POST', url: '/api/v1/sources', cookie: owner, body: { name: 'Backend', kind: 'server' } });
  expect(created.status).toBe(201);
  serverKey = created.body.writeKey;
});

afterAll(async () => {
  await t?.close();
});

describe('sources and write keys', () => {
  it('creates a browser source whose key is shown again for the snippet, and a server source whose key is shown once', async () => {
    const browser = await call(t.app, { method: 'POST', url: '/api/v1/sources', cookie: owner, body: { name: 'Web app', kind: 'browser', allowedOrigins: ['https://App.Example.com/'] } });
    expect(browser.status).toBe(201);
    expect(browser.body.source).toMatchObject({ kind: 'browser', allowedOrigins: ['https://app.example.com'], publicWriteKey: browser.body.writeKey });
    const list = await call(t.app, { method: 'GET', url: '/api/v1/sources', cookie: owner });
    const server = list.body.items.find((s: { name: string }) => s.name === 'Backend');
    expect(server.publicWriteKey).toBeNull();
    expect(JSON.stringify(list.body)).not.toContain(serverKey);
    expect(server.hint).toBe(serverKey.slice(-4));
  });

  it('rotating a key stops the old one and starts the new one; revoking stops the source', async () => {
    const created = await call(t.app, { method: 'POST', url: '/api/v1/sources', cookie: owner, body: { name: 'Billing', kind: 'server' } });
    const oldKey = created.body.writeKey as string;
    expect((await track({ batch: [{ type: 'track', userId: 'rot', event: 'A', messageId: `r-${seq++}` }] }, oldKey)).statusCode).toBe(200);
    const rotated = await call(t.app, { method: 'POST', url: `/api/v1/sources/${created.body.source.id}/rotate`, cookie: owner });
    expect(rotated.status).toBe(200);
    t.clock.advance(6_000); // past the few seconds a looked-up key is reused
    expect((await track({ batch: [{ type: 'track', userId: 'rot', event: 'B', messageId: `r-${seq++}` }] }, oldKey)).statusCode).toBe(401);
    expect((await track({ batch: [{ type: 'track', userId: 'rot', event: 'C', messageId: `r-${seq++}` }] }, rotated.body.writeKey)).statusCode).toBe(200);
    expect((await call(t.app, { method: 'DELETE', url: `/api/v1/sources/${created.body.source.id}`, cookie: owner })).status).toBe(204);
    t.clock.advance(6_000);
    expect((await track({ batch: [{ type: 'track', userId: 'rot', event: 'D', messageId: `r-${seq++}` }] }, rotated.body.writeKey)).statusCode).toBe(401);
    const audit = await t.db.selectFrom('audit_event').select('action').where('workspace_id', '=', ws.workspaceId).where('action', 'like', 'source.%').execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['source.created', 'source.key_rotated', 'source.revoked']));
  });
});

describe('usage analytics', () => {
  it('reports active people (DAU/WAU/MAU), key events, adoption and the trend against the prior period', async () => {
    const saved = await call(t.app, { method: 'PUT', url: '/api/v1/usage/settings', cookie: owner, body: { keyEvents: ['Report Exported', 'Dashboard Shared'] } });
    expect(saved.status).toBe(200);
    const now = t.clock.now();
    // Prior 7-day period: one person, one export. This period: three people over two days.
    await track({ batch: [event('p1', 'Report Exported', now - 10 * DAY)] });
    await track({
      batch: [
        event('p1', 'Report Exported', now - 2 * DAY),
        event('p1', 'Report Exported', now - 1 * DAY),
        event('p2', 'Report Exported', now - 1 * DAY),
        event('p3', 'Viewed Settings', now - 1 * DAY),
        event('p3', 'Viewed Settings', now),
      ],
    });
    const res = await call(t.app, { method: 'GET', url: `/api/v1/clients/${clientId}/usage?days=7`, cookie: owner });
    expect(res.status).toBe(200);
    const u = res.body;
    expect(u.activePeople).toBe(3);
    expect(u.priorActivePeople).toBe(1);
    expect(u.wau).toBe(3);
    expect(u.mau).toBe(3);
    expect(u.events).toBe(5);
    expect(u.priorEvents).toBe(1);
    expect(u.keyEvents).toEqual([
      { name: 'Report Exported', count: 3, priorCount: 1 },
      { name: 'Dashboard Shared', count: 0, priorCount: 0 },
    ]);
    expect(u.adoption).toEqual({ used: 1, total: 2 });
    expect(u.series).toHaveLength(7);
    const yesterday = u.series[5];
    expect(yesterday).toMatchObject({ activePeople: 3, events: 3, keyEvents: 2 });
    expect(u.dau).toBeCloseTo((1 + 3 + 1) / 7, 1);
    expect(u.people.map((p: { userId: string }) => p.userId).sort()).toEqual(['p1', 'p2', 'p3']);
    expect(u.topEvents[0]).toEqual({ name: 'Report Exported', count: 3 });
  });

  it('adds usage columns to the client grid that filter and sort like any other', async () => {
    const quiet = await createClientVia(t, owner, { name: 'Quiet Co' });
    const res = await call(t.app, {
      method: 'POST',
      url: '/api/v1/clients/query',
      cookie: owner,
      body: { columns: ['name', 'active_people_30d', 'product_events_30d', 'key_events_30d', 'last_active'], sort: [{ column: 'active_people_30d', dir: 'desc' }] },
    });
    expect(res.status).toBe(200);
    const byId = Object.fromEntries(res.body.rows.map((r: { id: string; values: Record<string, unknown> }) => [r.id, r.values]));
    expect(byId[clientId]).toMatchObject({ active_people_30d: 3, product_events_30d: 6, key_events_30d: 4 });
    expect(byId[clientId]?.last_active).toBeTruthy();
    expect(byId[quiet.id]).toMatchObject({ active_people_30d: 0, product_events_30d: 0, last_active: null });
    expect(res.body.rows[0].id).toBe(clientId);
    const filtered = await call(t.app, { method: 'POST', url: '/api/v1/clients/query', cookie: owner, body: { filter: { op: 'and', conditions: [{ column: 'active_people_30d', op: 'gte', value: 1 }] } } });
    expect(filtered.body.rows.map((r: { id: string }) => r.id)).toEqual([clientId]);
  });

  it('shows on a contact who they are in the product: user id, the latest traits, activity', async () => {
    await track({ batch: [{ type: 'identify', userId: 'cu-1', traits: { email: 'cu@globex.example', name: 'Cu Lee', plan: 'pro' }, messageId: `c-${seq++}` }, { type: 'group', userId: 'cu-1', groupId: 'acct-9', messageId: `c-${seq++}` }, event('cu-1', 'Report Exported', t.clock.now())] });
    await track({ batch: [{ type: 'identify', userId: 'cu-1', traits: { plan: 'enterprise' }, messageId: `c-${seq++}` }] });
    await t.drainJobs();
    const person = await t.db.selectFrom('usage_person').select('contact_id').where('workspace_id', '=', ws.workspaceId).where('person_key', '=', 'u:cu-1').executeTakeFirstOrThrow();
    const res = await call(t.app, { method: 'GET', url: `/api/v1/contacts/${person.contact_id}/usage`, cookie: owner });
    expect(res.status).toBe(200);
    expect(res.body.users).toEqual([expect.objectContaining({ userId: 'cu-1', traits: { email: 'cu@globex.example', name: 'Cu Lee', plan: 'enterprise' } })]);
    expect(res.body.users[0].events30d).toBeGreaterThanOrEqual(3);
  });

  it('shows a client’s usage only to members who can see the client', async () => {
    const csm = await makeMember(t, ws, 'csm');
    const res = await call(t.app, { method: 'GET', url: `/api/v1/clients/${clientId}/usage`, cookie: await signInAs(t, csm) });
    expect(res.status).toBe(404);
  });

  it('lists accepted and rejected events with reasons in the live debugger (admins)', async () => {
    await track({ batch: [event('dbg', 'Seen', t.clock.now()), { type: 'track', userId: 'dbg', messageId: 'no-name' }] });
    const res = await call(t.app, { method: 'GET', url: '/api/v1/usage/debugger', cookie: owner });
    expect(res.status).toBe(200);
    const rejected = res.body.items.find((e: { messageId: string }) => e.messageId === 'no-name');
    expect(rejected).toMatchObject({ outcome: 'rejected', reason: expect.stringMatching(/event name/) });
    expect(res.body.items.some((e: { outcome: string; name: string }) => e.outcome === 'stored' && e.name === 'Seen')).toBe(true);
  });

  it('[P14] shows admins the recorded consent choices: counts of 30 days, the latest, and one visitor’s by user or anonymous id', async () => {
    const record = (props: Record<string, unknown>, ids: Record<string, string>) => ({ type: 'track', event: '$consent', properties: props, messageId: `c-${seq++}`, ...ids });
    const before = (await call(t.app, { method: 'GET', url: '/api/v1/usage/consent-records', cookie: owner })).body.summary;
    await track({
      batch: [
        record({ functional: true, marketing: false, method: 'click', version: 'notice-v2' }, { anonymousId: 'anon-consent' }),
        record({ functional: false, method: 'click', version: 'notice-v2' }, { anonymousId: 'anon-refuser' }),
        record({ functional: false, method: 'signal', version: 'notice-v2' }, { anonymousId: 'anon-gpc' }),
      ],
    });
    // The visitor signs in later: their anonymous id merges into the user, and the record goes with it.
    await track({ batch: [{ type: 'identify', userId: 'consenting-user', anonymousId: 'anon-consent', messageId: `c-${seq++}` }] });

    const all = await call(t.app, { method: 'GET', url: '/api/v1/usage/consent-records', cookie: owner });
    expect(all.status).toBe(200);
    expect(all.body.summary).toMatchObject({ granted: before.granted + 1, refused: before.refused + 1, signals: before.signals + 1 });
    expect(all.body.items.slice(0, 3).map((r: { method: string }) => r.method).sort()).toEqual(['click', 'click', 'signal']);
    // A refusal names nobody: it is counted, and cannot be found by visitor.
    expect(all.body.items.filter((r: { visitor: string | null }) => r.visitor === 'anon-refuser')).toEqual([]);

    for (const person of ['consenting-user', 'anon-consent']) {
      const one = await call(t.app, { method: 'GET', url: `/api/v1/usage/consent-records?person=${person}`, cookie: owner });
      expect(one.body.items).toEqual([{ at: expect.any(String), sourceId: expect.any(String), visitor: 'consenting-user', functional: true, marketing: false, method: 'click', version: 'notice-v2' }]);
    }
    expect((await call(t.app, { method: 'GET', url: '/api/v1/usage/consent-records?person=nobody-here', cookie: owner })).body.items).toEqual([]);
    // Admins only, as the rest of usage tracking's settings (others get 404, as for anything they may not see).
    const manager = await signInAs(t, await makeMember(t, ws, 'manager'));
    expect((await call(t.app, { method: 'GET', url: '/api/v1/usage/consent-records', cookie: manager })).status).toBe(404);
  });

  it('erases every event of a person, including what their anonymous id sent before it merged, and keeps the per-client counts', async () => {
    const anon = `anon-${seq++}`;
    await track({ batch: [{ type: 'page', anonymousId: anon, name: 'Pricing', messageId: `e-${seq++}`, context: { groupId: 'acct-9' } }] });
    await track({ batch: [{ type: 'identify', anonymousId: anon, userId: 'erase-me', traits: { name: 'Eve' }, messageId: `e-${seq++}` }, event('erase-me', 'Report Exported', t.clock.now())] });
    const before = await t.db.selectFrom('usage_client_day').select((eb) => eb.fn.sum<number>('events').as('n')).where('workspace_id', '=', ws.workspaceId).executeTakeFirstOrThrow();
    const ctx = { rt: t.rt, db: t.rt.database.db, workspaceId: ws.workspaceId, actor: { kind: 'system' as const, reason: 'erasure request' }, permissions: new Set<never>(), request: { ip: 'test', userAgent: 'test', requestId: 'test' } };
    const erased = await eraseUsageOfPerson(ctx, { userId: 'erase-me' });
    expect(erased.events).toBe(3);
    const left = await t.db.selectFrom('usage_event').selectAll().where('workspace_id', '=', ws.workspaceId).where((eb) => eb.or([eb('user_id', '=', 'erase-me'), eb('anonymous_id', '=', anon)])).execute();
    expect(left).toEqual([]);
    for (const table of ['usage_person', 'usage_person_day'] as const) {
      const rows = await t.db.selectFrom(table).select('person_key').where('workspace_id', '=', ws.workspaceId).where('person_key', 'in', ['u:erase-me', `a:${anon}`]).execute();
      expect(rows, table).toEqual([]);
    }
    expect(await t.db.selectFrom('usage_alias').selectAll().where('workspace_id', '=', ws.workspaceId).where('user_id', '=', 'erase-me').execute()).toEqual([]);
    const after = await t.db.selectFrom('usage_client_day').select((eb) => eb.fn.sum<number>('events').as('n')).where('workspace_id', '=', ws.workspaceId).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});

describe('product accounts that match no client', () => {
  const listed = async () => (await call(t.app, { method: 'GET', url: '/api/v1/usage/unmatched-groups', cookie: owner })).body;
  const link = (groupId: string, client: string) => call(t.app, { method: 'POST', url: '/api/v1/usage/unmatched-groups/link', cookie: owner, body: { groupId, clientId: client } });
  const usageOf = async (client: string) => (await call(t.app, { method: 'GET', url: `/api/v1/clients/${client}/usage?days=30`, cookie: owner })).body;

  it('lists an account id no client matches, with its name and people, and keeps its activity until it is linked', async () => {
    const now = t.clock.now();
    await track({
      batch: [
        { type: 'group', userId: 'un-1', groupId: 'acct-unknown', traits: { name: 'Initech', plan: 'pro' }, messageId: `g-${seq++}` },
        { type: 'track', userId: 'un-1', event: 'Report Built', messageId: `g-${seq++}`, timestamp: new Date(now - DAY).toISOString() },
        { type: 'track', userId: 'un-2', event: 'Report Built', messageId: `g-${seq++}`, context: { groupId: 'acct-unknown' } },
      ],
    });
    const list = await listed();
    expect(list.items.find((g: { groupId: string }) => g.groupId === 'acct-unknown')).toEqual({
      groupId: 'acct-unknown',
      name: 'Initech',
      people: 2,
      firstSeenAt: expect.any(String),
      lastSeenAt: expect.any(String),
      ignoredAt: null,
      match: null,
    });
    const events = await t.db.selectFrom('usage_event').select('client_id').where('workspace_id', '=', ws.workspaceId).where('user_id', 'in', ['un-1', 'un-2']).execute();
    expect(events).toHaveLength(3);
    expect(events.every((e) => e.client_id === null)).toBe(true);
  });

  it('widens the seen range of a person and of an unmatched account when events arrive out of order', async () => {
    const now = t.clock.now();
    const at = (ms: number) => new Date(ms).toISOString();
    await track({ batch: [{ type: 'group', userId: 'late-sender', groupId: 'acct-range', messageId: `g-${seq++}`, timestamp: at(now - 2 * DAY) }] });
    // A later commit brings an older event (a retried batch) and a newer one.
    await track({ batch: [{ type: 'group', userId: 'late-sender', groupId: 'acct-range', messageId: `g-${seq++}`, timestamp: at(now - 5 * DAY) }] });
    await track({ batch: [{ type: 'group', userId: 'late-sender', groupId: 'acct-range', messageId: `g-${seq++}`, timestamp: at(now - 1 * DAY) }] });
    await track({ batch: [{ type: 'group', userId: 'late-sender', groupId: 'acct-range', messageId: `g-${seq++}`, timestamp: at(now - 3 * DAY) }] });
    const person = await t.db.selectFrom('usage_person').select(['first_seen_at', 'last_seen_at']).where('workspace_id', '=', ws.workspaceId).where('person_key', '=', 'u:late-sender').executeTakeFirstOrThrow();
    expect(person).toEqual({ first_seen_at: now - 5 * DAY, last_seen_at: now - 1 * DAY });
    const account = (await listed()).items.find((g: { groupId: string }) => g.groupId === 'acct-range');
    expect(account).toMatchObject({ firstSeenAt: at(now - 5 * DAY), lastSeenAt: at(now - 1 * DAY) });
  });

  it('links the account to a client: the client takes it as its external id, the past activity moves to the client, and later events match', async () => {
    const initech = (await createClientVia(t, owner, { name: 'Initech' })).id;
    const res = await link('acct-unknown', initech);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ groupId: 'acct-unknown', client: { id: initech, name: 'Initech' }, externalIdSet: true, people: 2 });
    expect((await call(t.app, { method: 'GET', url: `/api/v1/clients/${initech}`, cookie: owner })).body.externalId).toBe('acct-unknown');
    expect((await listed()).items.some((g: { groupId: string }) => g.groupId === 'acct-unknown')).toBe(false);

    await t.drainJobs();
    const usage = await usageOf(initech);
    expect(usage.activePeople).toBe(2);
    expect(usage.topEvents).toEqual([{ name: 'Report Built', count: 2 }]);
    expect(usage.people.map((p: { userId: string }) => p.userId).sort()).toEqual(['un-1', 'un-2']);

    await track({ batch: [{ type: 'track', userId: 'un-3', event: 'Report Built', messageId: `g-${seq++}`, context: { groupId: 'acct-unknown' } }] });
    expect((await usageOf(initech)).topEvents).toEqual([{ name: 'Report Built', count: 3 }]);
    expect((await listed()).items.some((g: { groupId: string }) => g.groupId === 'acct-unknown')).toBe(false);
    const audit = await t.db.selectFrom('audit_event').select('action').where('workspace_id', '=', ws.workspaceId).where('action', '=', 'usage.group_linked').execute();
    expect(audit).toHaveLength(1);
  });

  it('leaves activity already counted for another client where it is, and moves the person on', async () => {
    // A person of Globex (acct-9) whose latest group call names an unknown account.
    await track({ batch: [event('mover', 'Exported', t.clock.now()), { type: 'group', userId: 'mover', groupId: 'acct-new-home', messageId: `g-${seq++}` }, { type: 'track', userId: 'mover', event: 'Moved', messageId: `g-${seq++}` }] });
    const globexBefore = await usageOf(clientId);
    const home = (await createClientVia(t, owner, { name: 'New Home' })).id;
    expect((await link('acct-new-home', home)).status).toBe(202);
    await t.drainJobs();
    const globexAfter = await usageOf(clientId);
    expect(globexAfter.events).toBe(globexBefore.events);
    const person = await t.db.selectFrom('usage_person').select(['client_id', 'group_id']).where('workspace_id', '=', ws.workspaceId).where('person_key', '=', 'u:mover').executeTakeFirstOrThrow();
    expect(person).toEqual({ client_id: home, group_id: 'acct-new-home' });
  });

  it('says which client matches an account that got its external id later, and links only to that one', async () => {
    await track({ batch: [{ type: 'group', userId: 'late-1', groupId: 'acct-late', traits: { name: 'Late Co' }, messageId: `g-${seq++}` }, { type: 'page', userId: 'late-1', name: 'Home', messageId: `g-${seq++}` }] });
    const late = (await createClientVia(t, owner, { name: 'Late Co', externalId: 'acct-late' })).id;
    const other = (await createClientVia(t, owner, { name: 'Someone Else' })).id;
    expect((await listed()).items.find((g: { groupId: string }) => g.groupId === 'acct-late').match).toEqual({ clientId: late, clientName: 'Late Co', by: 'externalId' });

    const wrong = await link('acct-late', other);
    expect(wrong.status).toBe(409);
    expect(wrong.body.error).toMatchObject({ code: 'account_link_conflict', message: expect.stringContaining('already matches Late Co') });
    expect((await call(t.app, { method: 'GET', url: `/api/v1/clients/${other}`, cookie: owner })).body.externalId).toBeNull();

    const right = await link('acct-late', late);
    expect(right.status).toBe(202);
    expect(right.body.externalIdSet).toBe(false);
    await t.drainJobs();
    expect((await usageOf(late)).topEvents).toEqual([{ name: 'Page views', count: 1 }]);
  });

  it('sets aside an account that will never be a client, keeps it aside when it sends again, and puts it back on request', async () => {
    const ignore = (groupId: string, ignored: boolean) => call(t.app, { method: 'POST', url: '/api/v1/usage/unmatched-groups/ignore', cookie: owner, body: { groupId, ignored } });
    const ignoredList = async () => (await call(t.app, { method: 'GET', url: '/api/v1/usage/unmatched-groups?ignored=true', cookie: owner })).body;
    await track({ batch: [{ type: 'group', userId: 'trial-1', groupId: 'acct-trial', traits: { name: 'Trial Co' }, messageId: `g-${seq++}` }] });
    const before = await listed();
    expect((await ignore('acct-trial', true)).status).toBe(204);
    const after = await listed();
    expect(after.total).toBe(before.total - 1);
    expect(after.ignored).toBe(before.ignored + 1);
    expect(after.items.some((g: { groupId: string }) => g.groupId === 'acct-trial')).toBe(false);
    expect((await ignoredList()).items.find((g: { groupId: string }) => g.groupId === 'acct-trial')).toMatchObject({ name: 'Trial Co', ignoredAt: expect.any(String) });

    await track({ batch: [{ type: 'track', userId: 'trial-2', event: 'Signed Up', messageId: `g-${seq++}`, context: { groupId: 'acct-trial' } }] });
    expect((await ignoredList()).items.find((g: { groupId: string }) => g.groupId === 'acct-trial').people).toBe(2);
    expect((await listed()).items.some((g: { groupId: string }) => g.groupId === 'acct-trial')).toBe(false);

    expect((await ignore('acct-trial', false)).status).toBe(204);
    expect((await listed()).items.find((g: { groupId: string }) => g.groupId === 'acct-trial')).toMatchObject({ ignoredAt: null, people: 2 });
    expect((await ignore('acct-never-seen', true)).status).toBe(404);
    const audit = await t.db.selectFrom('audit_event').select('action').where('workspace_id', '=', ws.workspaceId).where('action', 'like', 'usage.group_%').execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['usage.group_ignored', 'usage.group_unignored']));
  });

  it('refuses a client that has another external id, an unknown account or client, and non-admins, writing nothing', async () => {
    await track({ batch: [{ type: 'group', userId: 'c-1', groupId: 'acct-conflict', messageId: `g-${seq++}` }] });
    const jobsBefore = await t.db.selectFrom('job').select('id').where('name', '=', 'usage.link_group').execute();
    const conflict = await link('acct-conflict', clientId);
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.message).toContain('Globex already has the external ID “acct-9”');
    expect((await call(t.app, { method: 'GET', url: `/api/v1/clients/${clientId}`, cookie: owner })).body.externalId).toBe('acct-9');
    expect((await listed()).items.some((g: { groupId: string }) => g.groupId === 'acct-conflict')).toBe(true);
    expect(await t.db.selectFrom('job').select('id').where('name', '=', 'usage.link_group').execute()).toHaveLength(jobsBefore.length);

    expect((await link('acct-never-seen', clientId)).status).toBe(404);
    expect((await link('acct-conflict', 'clt_missing')).status).toBe(404);
    const manager = await signInAs(t, await makeMember(t, ws, 'manager'));
    expect((await call(t.app, { method: 'GET', url: '/api/v1/usage/unmatched-groups', cookie: manager })).status).toBe(404);
  });
});
