import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, call, type TestApp } from '../../../test/helpers/app.js';
import { makeMember, makeWorkspace, signInAs, type Workspace } from '../../../test/helpers/factories.js';
import { hashToken } from '../../lib/crypto.js';

let t: TestApp;
let ws: Workspace;

beforeAll(async () => {
  t = await buildTestApp();
  ws = await makeWorkspace(t);
});
afterAll(() => t.close());

async function newToken(cookie: string, body: Record<string, unknown> = { name: 'CRM sync' }) {
  const res = await call(t.app, { method: 'POST', url: '/api/v1/tokens', cookie, body });
  expect(res.status).toBe(201);
  return res.body as { token: string; item: { id: string; hint: string; expiresAt: string | null } };
}

describe('API tokens', () => {
  it('[P44] authenticates as its member with the member’s role, and is stored only as a hash', async () => {
    const csm = await makeMember(t, ws, 'csm');
    const { token, item } = await newToken(await signInAs(t, csm));
    expect(token).toMatch(/^cnd_[0-9a-z]{32}$/);
    expect(item.hint).toBe(token.slice(-4));
    const me = await call(t.app, { method: 'GET', url: '/api/v1/me', token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ via: 'token', membership: { role: 'csm' }, user: { id: csm.userId } });
    const rows = await t.db.selectFrom('api_token').select('token_hash').execute();
    expect(rows.map((r) => r.token_hash)).toContain(hashToken(token));
    expect(JSON.stringify(rows)).not.toContain(token);
    const admin = await call(t.app, { method: 'GET', url: '/api/v1/audit-events', token });
    expect(admin.status).toBe(404);
  });

  it('[P04] a revoked token stops working at once, and its further use is recorded as misuse', async () => {
    const cookie = await signInAs(t, ws.owner);
    const { token, item } = await newToken(cookie);
    expect((await call(t.app, { method: 'DELETE', url: `/api/v1/tokens/${item.id}`, cookie })).status).toBe(204);
    const res = await call(t.app, { method: 'GET', url: '/api/v1/me', token });
    expect(res.status).toBe(401);
    const rejected = await t.db.selectFrom('audit_event').selectAll().where('action', '=', 'token.rejected').where('subject_id', '=', item.id).executeTakeFirstOrThrow();
    expect(rejected.workspace_id).toBe(ws.workspaceId);
    expect(JSON.parse(rejected.details)).toEqual({ reason: 'revoked' });
  });

  it('expires after its lifetime', async () => {
    const { token } = await newToken(await signInAs(t, ws.owner), { name: 'short-lived', expiresInDays: 1 });
    expect((await call(t.app, { method: 'GET', url: '/api/v1/me', token })).status).toBe(200);
    t.clock.advance(86_400_000 + 1);
    expect((await call(t.app, { method: 'GET', url: '/api/v1/me', token })).status).toBe(401);
  });

  it('[P04] records token use in the audit log at most once an hour', async () => {
    const { token, item } = await newToken(await signInAs(t, ws.owner));
    for (let i = 0; i < 5; i++) await call(t.app, { method: 'GET', url: '/api/v1/members', token });
    t.clock.advance(3_600_000);
    await call(t.app, { method: 'GET', url: '/api/v1/members', token });
    const uses = await t.db.selectFrom('audit_event').select('id').where('action', '=', 'token.used').where('subject_id', '=', item.id).execute();
    expect(uses).toHaveLength(2);
  });

  it('cannot mint more tokens, and a member sees only their own unless they manage tokens', async () => {
    const csmCookie = await signInAs(t, await makeMember(t, ws, 'csm'));
    const { token } = await newToken(csmCookie);
    const minted = await call(t.app, { method: 'POST', url: '/api/v1/tokens', token, body: { name: 'more' } });
    expect(minted.status).toBe(403);
    expect(minted.body.error.code).toBe('session_required');
    expect((await call(t.app, { method: 'GET', url: '/api/v1/tokens?scope=all', cookie: csmCookie })).status).toBe(404);
    const ownerAll = await call(t.app, { method: 'GET', url: '/api/v1/tokens?scope=all', cookie: await signInAs(t, ws.owner) });
    const mine = await call(t.app, { method: 'GET', url: '/api/v1/tokens', cookie: csmCookie });
    expect(ownerAll.body.items.length).toBeGreaterThan(mine.body.items.length);
  });

  it('a member cannot revoke another member’s token; an admin can', async () => {
    const victim = await newToken(await signInAs(t, await makeMember(t, ws, 'csm')));
    const other = await signInAs(t, await makeMember(t, ws, 'csm'));
    expect((await call(t.app, { method: 'DELETE', url: `/api/v1/tokens/${victim.item.id}`, cookie: other })).status).toBe(404);
    expect((await call(t.app, { method: 'GET', url: '/api/v1/me', token: victim.token })).status).toBe(200);
    expect((await call(t.app, { method: 'DELETE', url: `/api/v1/tokens/${victim.item.id}`, cookie: await signInAs(t, ws.owner) })).status).toBe(204);
  });

  it('answers a malformed Authorization header with 401 and a reason', async () => {
    const res = await call(t.app, { method: 'GET', url: '/api/v1/me', headers: { authorization: 'Basic abc' } });
    expect(res.status).toBe(401);
    expect(res.body.error.message).toMatch(/Bearer/);
  });
});
