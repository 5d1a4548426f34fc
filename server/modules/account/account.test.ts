import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, call, type TestApp } from '../../../test/helpers/app.js';
import { FACTORY_PASSWORD, makeMember, makeWorkspace, signInAs, type Workspace } from '../../../test/helpers/factories.js';

let t: TestApp;
let ws: Workspace;

beforeAll(async () => {
  t = await buildTestApp();
  ws = await makeWorkspace(t, 'Home Team');
});
afterAll(() => t.close());

describe('my profile', () => {
  it('[P27] a member edits their own name, and the change is audited without the values', async () => {
    const person = await makeMember(t, ws, 'viewer');
    const cookie = await signInAs(t, person);
    const res = await call(t.app, { method: 'PATCH', url: '/api/v1/me', cookie, body: { name: 'Vera Viewer' } });
    expect(res.status).toBe(200);
    expect(res.body.user.name).toBe('Vera Viewer');
    const audit = await t.db.selectFrom('audit_event').selectAll().where('action', '=', 'profile.updated').where('actor_user_id', '=', person.userId).executeTakeFirstOrThrow();
    expect(JSON.parse(audit.details)).toEqual({ fields: 'name' });
  });

  it('[P27] changing the email needs the current password, and the old address is told', async () => {
    const person = await makeMember(t, ws, 'csm');
    const cookie = await signInAs(t, person);
    const without = await call(t.app, { method: 'PATCH', url: '/api/v1/me', cookie, body: { email: 'new-address@example.test' } });
    expect(without.status).toBe(400);
    expect(without.body.error.code).toBe('reauthentication_failed');
    const ok = await call(t.app, { method: 'PATCH', url: '/api/v1/me', cookie, body: { email: 'New-Address@Example.test', currentPassword: FACTORY_PASSWORD } });
    expect(ok.status).toBe(200);
    expect(ok.body.user.email).toBe('new-address@example.test');
    const notice = await t.db.selectFrom('mail_message').selectAll().where('to_address', '=', person.email).where('template', '=', 'security_notice').executeTakeFirst();
    expect(notice?.text_body).toContain('new-address@example.test');
  });

  it('refuses an email another account already uses', async () => {
    const person = await makeMember(t, ws, 'csm');
    const cookie = await signInAs(t, person);
    const res = await call(t.app, { method: 'PATCH', url: '/api/v1/me', cookie, body: { email: ws.owner.email, currentPassword: FACTORY_PASSWORD } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('email_in_use');
  });

  it('API tokens cannot change credentials', async () => {
    const person = await makeMember(t, ws, 'csm');
    const created = await call(t.app, { method: 'POST', url: '/api/v1/tokens', cookie: await signInAs(t, person), body: { name: 'bot' } });
    const res = await call(t.app, { method: 'PUT', url: '/api/v1/me/password', token: created.body.token, body: { currentPassword: FACTORY_PASSWORD, newPassword: 'token set this password' } });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('session_required');
  });
});

describe('several workspaces', () => {
  it('[P47] a member of two workspaces switches between them, and each shows only its own members', async () => {
    const other = await makeWorkspace(t, 'Second Team');
    const person = await makeMember(t, ws, 'csm');
    await makeMember(t, other, 'admin', person);
    const cookie = await signInAs(t, person);
    const me = await call(t.app, { method: 'GET', url: '/api/v1/me', cookie });
    expect(me.body.workspaces.map((w: { name: string }) => w.name).sort()).toEqual(['Home Team', 'Second Team']);
    expect(me.body.workspace.name).toBe('Home Team');
    expect(me.body.membership.role).toBe('csm');

    const switched = await call(t.app, { method: 'PUT', url: '/api/v1/session/workspace', cookie, body: { workspaceId: other.workspaceId } });
    expect(switched.status).toBe(200);
    const after = await call(t.app, { method: 'GET', url: '/api/v1/me', cookie });
    expect(after.body.workspace.name).toBe('Second Team');
    expect(after.body.membership.role).toBe('admin');
    expect(after.body.permissions).toContain('member:invite');
    const members = await call(t.app, { method: 'GET', url: '/api/v1/members', cookie });
    expect(members.body.items.map((m: { email: string }) => m.email)).not.toContain(ws.owner.email);
    expect(members.body.items.map((m: { email: string }) => m.email)).toContain(other.owner.email);
  });

  it('[P47] cannot switch into a workspace it does not belong to', async () => {
    const foreign = await makeWorkspace(t);
    const cookie = await signInAs(t, await makeMember(t, ws, 'admin'));
    const res = await call(t.app, { method: 'PUT', url: '/api/v1/session/workspace', cookie, body: { workspaceId: foreign.workspaceId } });
    expect(res.status).toBe(404);
    const me = await call(t.app, { method: 'GET', url: '/api/v1/me', cookie });
    expect(me.body.workspace.id).toBe(ws.workspaceId);
  });

  it('signs in to the workspace used last', async () => {
    const other = await makeWorkspace(t, 'Third Team');
    const person = await makeMember(t, ws, 'csm');
    await makeMember(t, other, 'csm', person);
    const cookie = await signInAs(t, person);
    await call(t.app, { method: 'PUT', url: '/api/v1/session/workspace', cookie, body: { workspaceId: other.workspaceId } });
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/session', headers: { 'sec-fetch-site': 'same-origin' }, payload: { email: person.email, password: FACTORY_PASSWORD } });
    const session = res.cookies.find((c) => c.name === 'candor_session')?.value;
    const me = await call(t.app, { method: 'GET', url: '/api/v1/me', cookie: `candor_session=${session}` });
    expect(me.body.workspace.name).toBe('Third Team');
  });
});

describe('my sessions', () => {
  it('lists my sessions with this browser marked, and ends another one', async () => {
    const person = await makeMember(t, ws, 'csm');
    const here = await signInAs(t, person);
    const there = await signInAs(t, person);
    const list = await call(t.app, { method: 'GET', url: '/api/v1/me/sessions', cookie: here });
    expect(list.body.items).toHaveLength(2);
    const other = list.body.items.find((s: { current: boolean }) => !s.current);
    expect(list.body.items.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    expect(other.userAgent).toBe('vitest');
    expect((await call(t.app, { method: 'DELETE', url: `/api/v1/me/sessions/${other.id}`, cookie: here })).status).toBe(204);
    expect((await call(t.app, { method: 'GET', url: '/api/v1/me', cookie: there })).status).toBe(401);
  });

  it('cannot end someone else’s session', async () => {
    const victim = await makeMember(t, ws, 'csm');
    const victimCookie = await signInAs(t, victim);
    const victimSessions = await call(t.app, { method: 'GET', url: '/api/v1/me/sessions', cookie: victimCookie });
    const attacker = await signInAs(t, await makeMember(t, ws, 'csm'));
    const res = await call(t.app, { method: 'DELETE', url: `/api/v1/me/sessions/${victimSessions.body.items[0].id}`, cookie: attacker });
    expect(res.status).toBe(404);
    expect((await call(t.app, { method: 'GET', url: '/api/v1/me', cookie: victimCookie })).status).toBe(200);
  });
});

describe('leaving', () => {
  it('the only owner cannot leave; a member can', async () => {
    const res = await call(t.app, { method: 'DELETE', url: '/api/v1/me/membership', cookie: await signInAs(t, ws.owner) });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('last_owner');
    const member = await makeMember(t, ws, 'viewer');
    const cookie = await signInAs(t, member);
    expect((await call(t.app, { method: 'DELETE', url: '/api/v1/me/membership', cookie })).status).toBe(204);
    expect((await call(t.app, { method: 'GET', url: '/api/v1/me', cookie })).status).toBe(401);
  });
});
