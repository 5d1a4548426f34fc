import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, call, cookieHeader, TEST_SETUP_CODE, type TestApp } from '../../../test/helpers/app.js';

let t: TestApp;
beforeEach(async () => {
  t = await buildTestApp();
});
afterEach(() => t.close());

const body = { workspaceName: 'Northwind CS', name: 'Ada Owner', email: 'Ada@Example.test', password: 'correct horse battery staple' };
const remote = { remoteAddress: '192.0.2.10', headers: { 'sec-fetch-site': 'same-origin', host: 'cs.example.com' } };

describe('first-run setup', () => {
  it('a fresh install asks for setup, creates the workspace and its owner, and signs the owner in', async () => {
    expect((await call(t.app, { method: 'GET', url: '/api/v1/setup' })).body).toEqual({ needsSetup: true, codeRequired: false });
    const res = await call(t.app, { method: 'POST', url: '/api/v1/setup', body });
    expect(res.body).toEqual({ status: 'signed_in' });
    const me = await call(t.app, { method: 'GET', url: '/api/v1/me', cookie: cookieHeader(res) });
    expect(me.body).toMatchObject({ user: { email: 'ada@example.test', name: 'Ada Owner' }, workspace: { name: 'Northwind CS' }, membership: { role: 'owner' } });
    expect((await call(t.app, { method: 'GET', url: '/api/v1/setup' })).body.needsSetup).toBe(false);
  });

  it('runs once: a second setup is refused and creates nothing', async () => {
    await call(t.app, { method: 'POST', url: '/api/v1/setup', body });
    const again = await call(t.app, { method: 'POST', url: '/api/v1/setup', body: { ...body, email: 'mallory@example.test' } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('setup_complete');
    const workspaces = await t.db.selectFrom('workspace').select('id').execute();
    expect(workspaces).toHaveLength(1);
  });

  it('two setups racing create exactly one workspace', async () => {
    const results = await Promise.all([
      call(t.app, { method: 'POST', url: '/api/v1/setup', body }),
      call(t.app, { method: 'POST', url: '/api/v1/setup', body: { ...body, email: 'second@example.test' } }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await t.db.selectFrom('workspace').select('id').execute()).toHaveLength(1);
    expect(await t.db.selectFrom('user_account').select('id').execute()).toHaveLength(1);
  });

  it('from another machine, needs the setup code printed in the server log', async () => {
    const status = await t.app.inject({ method: 'GET', url: '/api/v1/setup', ...remote });
    expect(status.json()).toEqual({ needsSetup: true, codeRequired: true });
    const without = await t.app.inject({ method: 'POST', url: '/api/v1/setup', ...remote, payload: body });
    expect(without.statusCode).toBe(400);
    expect(without.json().error.code).toBe('setup_code_invalid');
    const withCode = await t.app.inject({ method: 'POST', url: '/api/v1/setup', ...remote, payload: { ...body, setupCode: TEST_SETUP_CODE.toUpperCase() } });
    expect(withCode.statusCode).toBe(200);
  });

  it('a loopback connection through a proxy (X-Forwarded-For) still needs the code', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/setup', headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(res.json().codeRequired).toBe(true);
  });

  it('applies the password policy to the first owner', async () => {
    const res = await call(t.app, { method: 'POST', url: '/api/v1/setup', body: { ...body, password: 'password1234' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('weak_password');
    expect(await t.db.selectFrom('workspace').select('id').execute()).toHaveLength(0);
  });
});

describe('workspace settings', () => {
  it('owners rename the workspace; other roles cannot', async () => {
    const res = await call(t.app, { method: 'POST', url: '/api/v1/setup', body });
    const cookie = cookieHeader(res);
    const renamed = await call(t.app, { method: 'PATCH', url: '/api/v1/workspace', cookie, body: { name: 'Northwind Customer Success' } });
    expect(renamed.body.name).toBe('Northwind Customer Success');
    const event = await t.db.selectFrom('domain_event').select(['type', 'payload']).where('type', '=', 'workspace.updated').executeTakeFirstOrThrow();
    expect(JSON.parse(event.payload)).toEqual({ fields: 'name' });
  });
});
