import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, call, cookieHeader, type TestApp } from '../../../test/helpers/app.js';
import { FACTORY_PASSWORD, makeMember, makeWorkspace, signInAs, type Workspace } from '../../../test/helpers/factories.js';
import { currentTotp } from './totp.js';

let t: TestApp;
let ws: Workspace;

beforeAll(async () => {
  t = await buildTestApp();
  ws = await makeWorkspace(t, 'Acme Success');
});
afterAll(() => t.close());

const signIn = (email: string, password: string, extra: Record<string, unknown> = {}, ip = '10.0.0.1') =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/session',
    remoteAddress: ip,
    headers: { 'sec-fetch-site': 'same-origin' },
    payload: { email, password, ...extra },
  });

describe('POST /api/v1/session', () => {
  it('[P12] issues an opaque HttpOnly SameSite session cookie with no Expires or Max-Age', async () => {
    const res = await signIn(ws.owner.email, FACTORY_PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'signed_in' });
    const cookie = res.cookies.find((c) => c.name === 'candor_session');
    expect(cookie).toBeDefined();
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    expect(cookie?.path).toBe('/');
    expect(cookie?.maxAge).toBeUndefined();
    expect(cookie?.expires).toBeUndefined();
    expect(cookie?.domain).toBeUndefined();
    expect(cookie?.value).toMatch(/^[0-9a-z]{32}$/);
  });

  it('signs in: the cookie opens /me', async () => {
    const res = await signIn(ws.owner.email, FACTORY_PASSWORD);
    const me = await call(t.app, { method: 'GET', url: '/api/v1/me', cookie: cookieHeader({ ...res, cookies: res.cookies } as never) });
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe(ws.owner.email);
    expect(me.body.workspace.name).toBe('Acme Success');
    expect(me.body.membership.role).toBe('owner');
  });

  it('answers the same for an unknown email and a wrong password', async () => {
    const unknown = await signIn('nobody-here@example.test', 'whatever password 1', {}, '10.0.0.2');
    const wrong = await signIn(ws.owner.email, 'whatever password 1', {}, '10.0.0.2');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
    expect(unknown.json().error.code).toBe('invalid_credentials');
  });

  it('[P44] completes the MFA step with a TOTP code', async () => {
    const member = await makeMember(t, ws, 'csm');
    const cookie = await signInAs(t, member);
    const setup = await call(t.app, { method: 'POST', url: '/api/v1/me/mfa/setup', cookie });
    expect(setup.status).toBe(200);
    const code = await currentTotp(setup.body.secret, t.clock.now());
    const enable = await call(t.app, { method: 'POST', url: '/api/v1/me/mfa/enable', cookie, body: { code, currentPassword: FACTORY_PASSWORD } });
    expect(enable.status).toBe(200);
    expect(enable.body.recoveryCodes).toHaveLength(10);
    t.clock.advance(31_000);
    const first = await signIn(member.email, FACTORY_PASSWORD, {}, '10.0.0.3');
    expect(first.json()).toEqual({ status: 'mfa_required' });
    const mfaCookie = first.cookies.find((c) => c.name === 'candor_mfa');
    expect(first.cookies.find((c) => c.name === 'candor_session')).toBeUndefined();
    const second = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session/mfa',
      headers: { 'sec-fetch-site': 'same-origin', cookie: `candor_mfa=${mfaCookie?.value}` },
      payload: { code: await currentTotp(setup.body.secret, t.clock.now()) },
    });
    expect(second.statusCode).toBe(200);
    expect(second.cookies.find((c) => c.name === 'candor_session')?.value).toMatch(/^[0-9a-z]{32}$/);
  });
});
