import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, call, cookieHeader, type TestApp } from '../../../test/helpers/app.js';
import { FACTORY_PASSWORD, makeMember, makeWorkspace, signInAs, type Workspace } from '../../../test/helpers/factories.js';

let t: TestApp;
let ws: Workspace;

beforeAll(async () => {
  t = await buildTestApp();
  ws = await makeWorkspace(t, 'Inviting Team');
});
afterAll(() => t.close());

/** Time moves in these tests, so each request signs the owner in afresh. */
const owner = () => signInAs(t, ws.owner);

async function inviteAndToken(email: string, role = 'csm', cookie?: string): Promise<{ id: string; token: string }> {
  cookie ??= await owner();
  const res = await call(t.app, { method: 'POST', url: '/api/v1/invites', cookie, body: { email, role } });
  expect(res.status).toBe(201);
  await t.drainJobs();
  const mail = await t.db.selectFrom('mail_message').select(['text_body', 'status']).where('to_address', '=', email.toLowerCase()).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
  expect(mail.status).toBe('outbox');
  return { id: res.body.id, token: /invite#([0-9a-z]+)/.exec(mail.text_body ?? '')?.[1] ?? '' };
}

describe('invitations', () => {
  it('[P02] an invitee sets a name and password through the link, once, and joins with the invited role', async () => {
    const { token } = await inviteAndToken('Casey.New@Example.test');
    const preview = await call(t.app, { method: 'POST', url: '/api/v1/invites/lookup', body: { token } });
    expect(preview.body).toMatchObject({ workspaceName: 'Inviting Team', email: 'casey.new@example.test', role: 'csm', hasAccount: false });
    const weak = await call(t.app, { method: 'POST', url: '/api/v1/invites/accept', body: { token, name: 'Casey New', password: 'short' } });
    expect(weak.status).toBe(400);
    expect(weak.body.error.code).toBe('weak_password');
    const accepted = await call(t.app, { method: 'POST', url: '/api/v1/invites/accept', body: { token, name: 'Casey New', password: 'my own long passphrase' } });
    expect(accepted.body).toEqual({ status: 'signed_in' });
    const me = await call(t.app, { method: 'GET', url: '/api/v1/me', cookie: cookieHeader(accepted) });
    expect(me.body).toMatchObject({ user: { name: 'Casey New', email: 'casey.new@example.test' }, membership: { role: 'csm' }, workspace: { name: 'Inviting Team' } });
    const again = await call(t.app, { method: 'POST', url: '/api/v1/invites/accept', body: { token, name: 'Mallory', password: 'another long passphrase' } });
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('invite_invalid');
  });

  it('[P02] a link expires after seven days', async () => {
    const { token } = await inviteAndToken('later@example.test');
    t.clock.advance(7 * 86_400_000 + 1);
    const res = await call(t.app, { method: 'POST', url: '/api/v1/invites/lookup', body: { token } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invite_invalid');
    const list = await call(t.app, { method: 'GET', url: '/api/v1/invites', cookie: await owner() });
    expect(list.body.items.find((i: { email: string }) => i.email === 'later@example.test').status).toBe('expired');
  });

  it('[P02] a revoked link and a superseded link stop working', async () => {
    const first = await inviteAndToken('twice@example.test');
    const second = await inviteAndToken('twice@example.test');
    expect((await call(t.app, { method: 'POST', url: '/api/v1/invites/lookup', body: { token: first.token } })).status).toBe(400);
    expect((await call(t.app, { method: 'DELETE', url: `/api/v1/invites/${second.id}`, cookie: await owner() })).status).toBe(204);
    expect((await call(t.app, { method: 'POST', url: '/api/v1/invites/lookup', body: { token: second.token } })).status).toBe(400);
  });

  it('someone with an account joins with their existing password, not a new one', async () => {
    const other = await makeWorkspace(t);
    const person = await makeMember(t, other, 'csm');
    const { token } = await inviteAndToken(person.email, 'viewer');
    expect((await call(t.app, { method: 'POST', url: '/api/v1/invites/lookup', body: { token } })).body.hasAccount).toBe(true);
    const wrong = await call(t.app, { method: 'POST', url: '/api/v1/invites/accept', body: { token, password: 'trying to take over this' } });
    expect(wrong.status).toBe(401);
    const ok = await call(t.app, { method: 'POST', url: '/api/v1/invites/accept', body: { token, password: FACTORY_PASSWORD } });
    expect(ok.body).toEqual({ status: 'signed_in' });
    const me = await call(t.app, { method: 'GET', url: '/api/v1/me', cookie: cookieHeader(ok) });
    expect(me.body.workspace.id).toBe(ws.workspaceId);
    expect(me.body.workspaces).toHaveLength(2);
  });

  it('refuses to invite a current member, and admins cannot invite owners', async () => {
    const member = await makeMember(t, ws, 'csm');
    const dup = await call(t.app, { method: 'POST', url: '/api/v1/invites', cookie: await owner(), body: { email: member.email, role: 'csm' } });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('already_member');
    const admin = await signInAs(t, await makeMember(t, ws, 'admin'));
    const res = await call(t.app, { method: 'POST', url: '/api/v1/invites', cookie: admin, body: { email: 'boss@example.test', role: 'owner' } });
    expect(res.status).toBe(403);
  });

  it('keeps the token out of the database and out of URLs the server sees', async () => {
    const { token } = await inviteAndToken('hash@example.test');
    const rows = await t.db.selectFrom('invite').select('token_hash').execute();
    expect(rows.some((r) => r.token_hash === token)).toBe(false);
    const mail = await t.db.selectFrom('mail_message').select('text_body').where('to_address', '=', 'hash@example.test').executeTakeFirstOrThrow();
    expect(mail.text_body).toContain(`http://candor.test/invite#${token}`);
  });
});
