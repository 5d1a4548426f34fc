import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, call, type TestApp } from '../../../test/helpers/app.js';
import { FACTORY_PASSWORD, makeMember, makeWorkspace, signInAs, type Workspace } from '../../../test/helpers/factories.js';
import { truncateIp } from '../../lib/ip.js';

let t: TestApp;
let ws: Workspace;
let owner: string;

beforeAll(async () => {
  t = await buildTestApp();
  ws = await makeWorkspace(t, 'Audited');
  owner = await signInAs(t, ws.owner);
});
afterAll(() => t.close());

const signIn = (email: string, password: string, ip: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/session', remoteAddress: ip, headers: { 'sec-fetch-site': 'same-origin', 'user-agent': 'Firefox/140' }, payload: { email, password } });

describe('the audit and security log', () => {
  it('[P04] shows sign-ins and failures with who, when, what and IP, newest first, filterable', async () => {
    const person = await makeMember(t, ws, 'csm');
    await signIn(person.email, 'definitely wrong pass', '198.51.100.23');
    t.clock.advance(1000);
    await signIn(person.email, FACTORY_PASSWORD, '198.51.100.23');
    const page = await call(t.app, { method: 'GET', url: '/api/v1/audit-events?action=session.', cookie: owner });
    expect(page.status).toBe(200);
    const [latest, previous] = page.body.items;
    expect(latest).toMatchObject({ action: 'session.signed_in', outcome: 'success', ip: '198.51.100.23', userAgent: 'Firefox/140', subject: { type: 'user', id: person.userId } });
    expect(previous).toMatchObject({ action: 'session.sign_in.failed', outcome: 'failure', details: { reason: 'wrong_password' } });
    const failures = await call(t.app, { method: 'GET', url: '/api/v1/audit-events?outcome=failure', cookie: owner });
    expect(failures.body.items.every((e: { outcome: string }) => e.outcome === 'failure')).toBe(true);
  });

  it('[P10] truncates IPs before storage when the workspace asks for it', async () => {
    const res = await call(t.app, { method: 'PATCH', url: '/api/v1/workspace', cookie: owner, body: { auditIpMode: 'truncated' } });
    expect(res.body.auditIpMode).toBe('truncated');
    const person = await makeMember(t, ws, 'csm');
    await signIn(person.email, FACTORY_PASSWORD, '203.0.113.77');
    await signIn(person.email, FACTORY_PASSWORD, '2001:db8:85a3:8d3:1319:8a2e:370:7348');
    const rows = await t.db.selectFrom('audit_event').select('ip').where('subject_id', '=', person.userId).where('action', '=', 'session.signed_in').execute();
    expect(rows.map((r) => r.ip).sort()).toEqual(['2001:db8:85a3::', '203.0.113.0']);
    await call(t.app, { method: 'PATCH', url: '/api/v1/workspace', cookie: owner, body: { auditIpMode: 'full' } });
  });

  it('[P10] truncates IPv4 to /24 and IPv6 to /48', () => {
    expect(truncateIp('192.0.2.201')).toBe('192.0.2.0');
    expect(truncateIp('::ffff:192.0.2.201')).toBe('192.0.2.0');
    expect(truncateIp('2001:db8::1')).toBe('2001:db8:0::');
    expect(truncateIp('fe80:1:2:3:4:5:6:7')).toBe('fe80:1:2::');
  });

  it('[P45] pages with a cursor', async () => {
    for (let i = 0; i < 5; i++) await call(t.app, { method: 'POST', url: '/api/v1/sales-reps', cookie: owner, body: { name: `Rep ${i}` } });
    const first = await call(t.app, { method: 'GET', url: '/api/v1/audit-events?action=sales_rep.created&limit=3', cookie: owner });
    expect(first.body.items).toHaveLength(3);
    const second = await call(t.app, { method: 'GET', url: `/api/v1/audit-events?action=sales_rep.created&limit=3&before=${first.body.nextCursor}`, cookie: owner });
    expect(second.body.items).toHaveLength(2);
    expect(second.body.nextCursor).toBeNull();
    const ids = [...first.body.items, ...second.body.items].map((e: { id: string }) => e.id);
    expect(new Set(ids).size).toBe(5);
  });

  it('[P04] exports the log as CSV with formula cells neutralised, and records the export', async () => {
    const person = await makeMember(t, ws, 'csm');
    await t.app.inject({ method: 'POST', url: '/api/v1/session', headers: { 'sec-fetch-site': 'same-origin', 'user-agent': '=HYPERLINK("http://x")' }, payload: { email: person.email, password: FACTORY_PASSWORD } });
    const res = await call(t.app, { method: 'GET', url: '/api/v1/audit-events/export', cookie: owner });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="candor-audit-/);
    const text = res.body as string;
    expect(text.split('\r\n')[0]).toBe('at,action,outcome,actor_user_id,actor_name,actor_token_id,subject_type,subject_id,ip,user_agent,details');
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(text).not.toMatch(/,=HYPERLINK/);
    const exported = await t.db.selectFrom('audit_event').select('action').where('action', '=', 'audit.exported').execute();
    expect(exported.length).toBeGreaterThan(0);
  });

  it('[P45] carries no secrets: no password, token or cookie value in any entry', async () => {
    const person = await makeMember(t, ws, 'admin');
    const cookie = await signInAs(t, person);
    const token = (await call(t.app, { method: 'POST', url: '/api/v1/tokens', cookie, body: { name: 'x' } })).body.token as string;
    await call(t.app, { method: 'GET', url: '/api/v1/me', token });
    await call(t.app, { method: 'PUT', url: '/api/v1/me/password', cookie, body: { currentPassword: FACTORY_PASSWORD, newPassword: 'very secret new passphrase' } });
    const all = JSON.stringify(await t.db.selectFrom('audit_event').selectAll().execute());
    for (const secret of [token, cookie.split('=')[1] ?? 'x', 'very secret new passphrase', FACTORY_PASSWORD]) expect(all).not.toContain(secret);
  });

  it('is for owners and admins only', async () => {
    const cookie = await signInAs(t, await makeMember(t, ws, 'manager'));
    expect((await call(t.app, { method: 'GET', url: '/api/v1/audit-events', cookie })).status).toBe(404);
    expect((await call(t.app, { method: 'GET', url: '/api/v1/audit-events/export', cookie })).status).toBe(404);
  });
});
