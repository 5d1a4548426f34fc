import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, call, cookieHeader, type TestApp } from './helpers/app.js';

/**
 * Runs the credential-heavy flows with the request log captured, then looks for every secret
 * they used (ASVS 7.1.1 / 16.2.5): passwords, session and remember cookies, API tokens, invite
 * and reset links, emails. None may appear.
 */
let t: TestApp;
const lines: string[] = [];
const sink = new Writable({
  write(chunk, _enc, done) {
    lines.push(String(chunk));
    done();
  },
});

beforeAll(async () => {
  t = await buildTestApp({ logStream: sink });
});
afterAll(() => t.close());

describe('the log', () => {
  it('[P45] holds no password, cookie, token, link or email', async () => {
    const password = 'a very secret first passphrase';
    const setup = await call(t.app, { method: 'POST', url: '/api/v1/setup', body: { workspaceName: 'Logged', name: 'Lou Logger', email: 'lou@example.test', password } });
    const cookie = cookieHeader(setup);
    const session = cookie.split('=')[1] ?? '';
    const token = (await call(t.app, { method: 'POST', url: '/api/v1/tokens', cookie, body: { name: 'x' } })).body.token as string;
    await call(t.app, { method: 'GET', url: '/api/v1/me', token });
    await call(t.app, { method: 'POST', url: '/api/v1/invites', cookie, body: { email: 'invitee@example.test', role: 'csm' } });
    await t.drainJobs();
    const mail = await t.db.selectFrom('mail_message').select('text_body').where('template', '=', 'invite').executeTakeFirstOrThrow();
    const inviteToken = /invite#([0-9a-z]+)/.exec(mail.text_body ?? '')?.[1] ?? 'missing';
    await call(t.app, { method: 'POST', url: '/api/v1/invites/accept', body: { token: inviteToken, name: 'In Vitee', password: 'the invitee passphrase' } });
    const signIn = await t.app.inject({ method: 'POST', url: '/api/v1/session', headers: { 'sec-fetch-site': 'same-origin' }, payload: { email: 'lou@example.test', password, remember: true } });
    const remember = signIn.cookies.find((c) => c.name === 'candor_remember')?.value ?? 'missing';
    await call(t.app, { method: 'POST', url: '/api/v1/session', body: { email: 'lou@example.test', password: 'a wrong guess of a password' } });
    await call(t.app, { method: 'PUT', url: '/api/v1/me/password', cookie, body: { currentPassword: password, newPassword: 'the second secret passphrase' } });

    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(10);
    for (const secret of [password, 'the invitee passphrase', 'a wrong guess of a password', 'the second secret passphrase', session, token, remember, inviteToken, 'lou@example.test', 'invitee@example.test']) {
      expect(log, `log leaks ${secret.slice(0, 6)}…`).not.toContain(secret);
    }
  });

  it('writes one JSON object per line even when a header tries to inject a line', async () => {
    lines.length = 0;
    await t.app.inject({ method: 'GET', url: '/healthz', headers: { 'user-agent': 'x\r\n{"level":60,"msg":"forged"}' } });
    const all = lines.join('').split('\n').filter(Boolean);
    for (const line of all) expect(() => JSON.parse(line)).not.toThrow();
    expect(all.some((l) => JSON.parse(l).msg === 'forged')).toBe(false);
  });
});
