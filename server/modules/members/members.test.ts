import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, call, type TestApp } from '../../../test/helpers/app.js';
import { FACTORY_PASSWORD, makeMember, makeWorkspace, signInAs, type Workspace } from '../../../test/helpers/factories.js';

let t: TestApp;
let ws: Workspace;
let owner: string;

beforeAll(async () => {
  t = await buildTestApp();
  ws = await makeWorkspace(t);
  owner = await signInAs(t, ws.owner);
});
afterAll(() => t.close());

describe('roles', () => {
  it('[P45] an owner changes a role; the change is audited with the old and new role', async () => {
    const csm = await makeMember(t, ws, 'csm');
    const res = await call(t.app, { method: 'PATCH', url: `/api/v1/members/${csm.membershipId}`, cookie: owner, body: { role: 'manager' } });
    expect(res.status).toBe(200);
    expect(res.body.role).toBe('manager');
    const row = await t.db.selectFrom('audit_event').selectAll().where('action', '=', 'member.role_changed').where('subject_id', '=', csm.membershipId).executeTakeFirstOrThrow();
    expect(JSON.parse(row.details)).toEqual({ from: 'csm', to: 'manager' });
    expect(row.actor_user_id).toBe(ws.owner.userId);
  });

  it('[P45] the new role takes effect on the member’s next request', async () => {
    const person = await makeMember(t, ws, 'admin');
    const cookie = await signInAs(t, person);
    expect((await call(t.app, { method: 'GET', url: '/api/v1/audit-events', cookie })).status).toBe(200);
    await call(t.app, { method: 'PATCH', url: `/api/v1/members/${person.membershipId}`, cookie: owner, body: { role: 'viewer' } });
    expect((await call(t.app, { method: 'GET', url: '/api/v1/audit-events', cookie })).status).toBe(404);
  });

  it('[P45] an admin cannot change an owner or make anyone owner', async () => {
    const admin = await signInAs(t, await makeMember(t, ws, 'admin'));
    const toOwner = await call(t.app, { method: 'PATCH', url: `/api/v1/members/${(await makeMember(t, ws, 'csm')).membershipId}`, cookie: admin, body: { role: 'owner' } });
    expect(toOwner.status).toBe(403);
    expect(toOwner.body.error).toEqual({ code: 'role_too_low', message: 'As Admin you cannot make someone Owner. Ask an owner.' });
    const demote = await call(t.app, { method: 'PATCH', url: `/api/v1/members/${ws.owner.membershipId}`, cookie: admin, body: { role: 'csm' } });
    expect(demote.status).toBe(403);
    const remove = await call(t.app, { method: 'DELETE', url: `/api/v1/members/${ws.owner.membershipId}`, cookie: admin });
    expect(remove.status).toBe(403);
  });

  it('keeps at least one owner', async () => {
    const res = await call(t.app, { method: 'PATCH', url: `/api/v1/members/${ws.owner.membershipId}`, cookie: owner, body: { role: 'admin' } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('last_owner');
    const second = await makeMember(t, ws, 'owner');
    const ok = await call(t.app, { method: 'PATCH', url: `/api/v1/members/${second.membershipId}`, cookie: owner, body: { role: 'admin' } });
    expect(ok.status).toBe(200);
  });

  it('[P45] lower roles read the member list without the security columns, and cannot change it', async () => {
    const cookie = await signInAs(t, await makeMember(t, ws, 'executive'));
    const list = await call(t.app, { method: 'GET', url: '/api/v1/members', cookie });
    expect(list.status).toBe(200);
    expect(list.body.items[0].mfaEnabled).toBeUndefined();
    const adminList = await call(t.app, { method: 'GET', url: '/api/v1/members', cookie: owner });
    expect(typeof adminList.body.items[0].mfaEnabled).toBe('boolean');
    const change = await call(t.app, { method: 'PATCH', url: `/api/v1/members/${ws.owner.membershipId}`, cookie, body: { role: 'viewer' } });
    expect(change.status).toBe(404);
  });
});

describe('removing and signing out members', () => {
  it('removing a member ends their sessions here and revokes their tokens', async () => {
    const person = await makeMember(t, ws, 'csm');
    const cookie = await signInAs(t, person);
    const token = (await call(t.app, { method: 'POST', url: '/api/v1/tokens', cookie, body: { name: 'sync' } })).body.token;
    expect((await call(t.app, { method: 'DELETE', url: `/api/v1/members/${person.membershipId}`, cookie: owner })).status).toBe(204);
    expect((await call(t.app, { method: 'GET', url: '/api/v1/me', cookie })).status).toBe(401);
    expect((await call(t.app, { method: 'GET', url: '/api/v1/me', token })).status).toBe(401);
  });

  it('[P44] an admin signs a member out everywhere in this workspace, sessions and remembered devices', async () => {
    const person = await makeMember(t, ws, 'csm');
    const a = await signInAs(t, person);
    const remembered = await call(t.app, { method: 'POST', url: '/api/v1/session', body: { email: person.email, password: FACTORY_PASSWORD, remember: true } });
    const device = remembered.cookies.find((c) => c.name === 'candor_remember')?.value;
    const listed = await call(t.app, { method: 'GET', url: `/api/v1/members/${person.membershipId}/sessions`, cookie: owner });
    expect(listed.body.items.map((s: { kind: string }) => s.kind).sort()).toEqual(['device', 'session', 'session']);
    const res = await call(t.app, { method: 'DELETE', url: `/api/v1/members/${person.membershipId}/sessions`, cookie: owner });
    expect(res.body).toEqual({ sessions: 2, devices: 1 });
    expect((await call(t.app, { method: 'GET', url: '/api/v1/me', cookie: a })).status).toBe(401);
    expect((await call(t.app, { method: 'GET', url: '/api/v1/me', cookie: `candor_remember=${device}` })).status).toBe(401);
    const audit = await t.db.selectFrom('audit_event').select('action').where('subject_id', '=', person.userId).execute();
    expect(audit.map((r) => r.action)).toContain('member.sessions_revoked');
  });

  it('[P47] signing a member out of one workspace leaves their session in another alone', async () => {
    const other = await makeWorkspace(t);
    const person = await makeMember(t, ws, 'csm');
    await makeMember(t, other, 'csm', person);
    const inOther = await signInAs(t, person, other.workspaceId);
    await call(t.app, { method: 'DELETE', url: `/api/v1/members/${person.membershipId}/sessions`, cookie: owner });
    expect((await call(t.app, { method: 'GET', url: '/api/v1/me', cookie: inOther })).status).toBe(200);
  });
});

describe('sales reps', () => {
  it('members read sales reps; managers and admins keep them; CSMs cannot write', async () => {
    const manager = await signInAs(t, await makeMember(t, ws, 'manager'));
    const created = await call(t.app, { method: 'POST', url: '/api/v1/sales-reps', cookie: manager, body: { name: 'Jordan Blake', email: 'Jordan.Blake@Example.test', phone: '+1 (555) 010-2000', title: 'Account Executive' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Jordan Blake', email: 'jordan.blake@example.test', title: 'Account Executive' });
    const csm = await signInAs(t, await makeMember(t, ws, 'csm'));
    expect((await call(t.app, { method: 'GET', url: '/api/v1/sales-reps', cookie: csm })).body.items.map((r: { id: string }) => r.id)).toContain(created.body.id);
    const denied = await call(t.app, { method: 'PATCH', url: `/api/v1/sales-reps/${created.body.id}`, cookie: csm, body: { title: 'x' } });
    expect(denied.status).toBe(404);
    const edited = await call(t.app, { method: 'PATCH', url: `/api/v1/sales-reps/${created.body.id}`, cookie: owner, body: { phone: null } });
    expect(edited.body.phone).toBeNull();
  });
});
