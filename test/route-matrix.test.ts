import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteInfo } from '../server/app.js';
import { currentTotp } from '../server/modules/auth/totp.js';
import { buildTestApp, call, type Answer, type Call, type TestApp } from './helpers/app.js';
import { FACTORY_PASSWORD, makeMember, makeWorkspace, signInAs, type Person, type Workspace } from './helpers/factories.js';

/**
 * The route matrix (DESIGN.md, Tests): every route Candor registers answers 401 without
 * credentials, 400 with the reason for bad input, 404 (or nothing of the other workspace) when a
 * member of workspace A reaches for workspace B's records, and 2xx on the happy path. A route
 * with no entry here fails the suite, so a new route cannot skip these checks.
 */

let t: TestApp;
let A: Workspace;
let B: Workspace;
let adminA: Person;
let csmA: Person;
let csmB: Person;
let ownerA: string;
let csmCookieA: string;
let ownerB: string;
const bIds: Record<string, string> = {};

const METRICS_TOKEN = 'metrics-token-for-the-route-matrix';

async function mailToken(to: string, kind: 'invite' | 'reset-password'): Promise<string> {
  await t.drainJobs();
  const rows = await t.db.selectFrom('mail_message').select(['text_body']).where('to_address', '=', to).orderBy('created_at', 'desc').execute();
  for (const r of rows) {
    const match = new RegExp(`/${kind}#([0-9a-z]+)`).exec(r.text_body ?? '');
    if (match?.[1]) return match[1];
  }
  throw new Error(`no ${kind} mail to ${to}`);
}

async function invite(cookie: string, email: string): Promise<{ id: string; token: string }> {
  const res = await call(t.app, { method: 'POST', url: '/api/v1/invites', cookie, body: { email, role: 'csm' } });
  expect(res.status).toBe(201);
  return { id: res.body.id, token: await mailToken(email, 'invite') };
}

async function salesRep(cookie: string): Promise<string> {
  const res = await call(t.app, { method: 'POST', url: '/api/v1/sales-reps', cookie, body: { name: 'Rep Person' } });
  expect(res.status).toBe(201);
  return res.body.id;
}

async function token(cookie: string): Promise<string> {
  const res = await call(t.app, { method: 'POST', url: '/api/v1/tokens', cookie, body: { name: 'matrix' } });
  expect(res.status).toBe(201);
  return res.body.item.id;
}

async function sessionIdOf(cookie: string): Promise<string> {
  const res = await call(t.app, { method: 'GET', url: '/api/v1/me/sessions', cookie });
  const current = res.body.items.find((s: { current: boolean; kind: string }) => s.current && s.kind === 'session');
  return current.id;
}

/** A member of A with MFA on, and a cookie: for the MFA routes that need it on. */
async function mfaMember(): Promise<{ cookie: string }> {
  const person = await makeMember(t, A, 'csm');
  const cookie = await signInAs(t, person);
  const setup = await call(t.app, { method: 'POST', url: '/api/v1/me/mfa/setup', cookie });
  const code = await currentTotp(setup.body.secret, t.clock.now());
  const enabled = await call(t.app, { method: 'POST', url: '/api/v1/me/mfa/enable', cookie, body: { code, currentPassword: FACTORY_PASSWORD } });
  expect(enabled.status).toBe(200);
  return { cookie };
}

type Expectation = { status: number } | { absent: () => string[] };

interface Case {
  /** The happy path, with the status it answers. */
  ok: () => Promise<Call & { status?: number }>;
  /** Bad input, with the error code and the field the message must name. */
  bad?: () => Promise<Call & { code?: string; names?: string }>;
  /** A member (admin) of workspace A reaching for B: 404, or a list without B's records. */
  foreign?: () => Promise<Call & { expect: Expectation }>;
  /** Why the route takes no input or acts on no record of a workspace, when bad/foreign are absent. */
  why?: string;
}

const admin = <T extends Omit<Call, 'cookie'>>(c: T) => ({ ...c, cookie: ownerA });
const notFound = { status: 404 } as const;

const MATRIX: Record<string, Case> = {
  'GET /healthz': { ok: async () => ({ method: 'GET', url: '/healthz' }), why: 'no input; no workspace data' },
  'GET /readyz': { ok: async () => ({ method: 'GET', url: '/readyz' }), why: 'no input; no workspace data' },
  'GET /metrics': {
    ok: async () => ({ method: 'GET', url: '/metrics', token: METRICS_TOKEN }),
    bad: async () => ({ method: 'GET', url: '/metrics', token: 'wrong-token-of-enough-length', code: 'unauthenticated' }),
    why: 'process-wide metrics; no workspace data',
  },
  'GET /api/openapi.json': { ok: async () => ({ method: 'GET', url: '/api/openapi.json' }), why: 'the API description; no workspace data' },
  'GET /api/v1/setup': { ok: async () => ({ method: 'GET', url: '/api/v1/setup' }), why: 'no input; says only whether setup is needed' },
  'POST /api/v1/setup': {
    // The deployment already has workspaces, so setup answers 409; its 200 is in workspaces.test.ts.
    ok: async () => ({ method: 'POST', url: '/api/v1/setup', status: 409, body: { workspaceName: 'X', name: 'X', email: 'x@example.test', password: 'a long enough passphrase' } }),
    bad: async () => ({ method: 'POST', url: '/api/v1/setup', body: { workspaceName: '', name: 'X', email: 'nope', password: 'x' }, names: 'body.email' }),
    why: 'creates a new workspace; reads none',
  },
  'POST /api/v1/session': {
    ok: async () => ({ method: 'POST', url: '/api/v1/session', body: { email: csmA.email, password: FACTORY_PASSWORD } }),
    bad: async () => ({ method: 'POST', url: '/api/v1/session', body: { email: 'not-an-email', password: 'x' }, names: 'body.email' }),
    why: 'credentials, not records',
  },
  'POST /api/v1/session/mfa': {
    // Without the challenge cookie the step has nothing to finish; the full flow is in auth.test.ts.
    ok: async () => ({ method: 'POST', url: '/api/v1/session/mfa', status: 401, body: { code: '123456' } }),
    bad: async () => ({ method: 'POST', url: '/api/v1/session/mfa', body: { code: '12' }, names: 'body.code' }),
    why: 'credentials, not records',
  },
  'POST /api/v1/password-resets': {
    ok: async () => ({ method: 'POST', url: '/api/v1/password-resets', status: 202, body: { email: csmA.email } }),
    bad: async () => ({ method: 'POST', url: '/api/v1/password-resets', body: { email: 'nope' }, names: 'body.email' }),
    why: 'same answer for every email',
  },
  'POST /api/v1/password-resets/complete': {
    ok: async () => {
      const person = await makeMember(t, A, 'viewer');
      await call(t.app, { method: 'POST', url: '/api/v1/password-resets', body: { email: person.email } });
      return { method: 'POST', url: '/api/v1/password-resets/complete', body: { token: await mailToken(person.email, 'reset-password'), password: 'a brand new long passphrase' } };
    },
    bad: async () => ({ method: 'POST', url: '/api/v1/password-resets/complete', body: { token: 'short', password: 'x' }, names: 'body.token' }),
    why: 'the token names the account',
  },
  'POST /api/v1/invites/lookup': {
    ok: async () => ({ method: 'POST', url: '/api/v1/invites/lookup', body: { token: (await invite(ownerA, `look-${Date.now()}@example.test`)).token } }),
    bad: async () => ({ method: 'POST', url: '/api/v1/invites/lookup', body: {}, names: 'body.token' }),
    why: 'the token names the workspace',
  },
  'POST /api/v1/invites/accept': {
    ok: async () => ({
      method: 'POST',
      url: '/api/v1/invites/accept',
      body: { token: (await invite(ownerA, `acc-${Date.now()}@example.test`)).token, name: 'New Person', password: 'a long enough passphrase' },
    }),
    bad: async () => ({ method: 'POST', url: '/api/v1/invites/accept', body: { token: 'x', password: 1 }, names: 'body.token' }),
    why: 'the token names the workspace',
  },

  'DELETE /api/v1/session': {
    ok: async () => ({ method: 'DELETE', url: '/api/v1/session', status: 204, cookie: await signInAs(t, csmA) }),
    why: 'ends the caller’s own session',
  },
  'PUT /api/v1/session/workspace': {
    ok: async () => {
      const other = await makeWorkspace(t);
      await makeMember(t, other, 'csm', csmA);
      return { method: 'PUT', url: '/api/v1/session/workspace', cookie: await signInAs(t, csmA), body: { workspaceId: other.workspaceId } };
    },
    bad: async () => ({ method: 'PUT', url: '/api/v1/session/workspace', cookie: csmCookieA, body: {}, names: 'body.workspaceId' }),
    foreign: async () => ({ method: 'PUT', url: '/api/v1/session/workspace', cookie: await signInAs(t, adminA), body: { workspaceId: B.workspaceId }, expect: notFound }),
  },
  'GET /api/v1/me': {
    why: 'takes no input',
    ok: async () => ({ method: 'GET', url: '/api/v1/me', cookie: csmCookieA }),
    foreign: async () => ({ method: 'GET', url: '/api/v1/me', cookie: ownerA, expect: { absent: () => [B.workspaceId, B.name] } }),
  },
  'PATCH /api/v1/me': {
    ok: async () => ({ method: 'PATCH', url: '/api/v1/me', cookie: csmCookieA, body: { name: 'Casey CSM' } }),
    bad: async () => ({ method: 'PATCH', url: '/api/v1/me', cookie: csmCookieA, body: { name: '' }, names: 'body.name' }),
    why: 'edits the caller’s own account',
  },
  'PUT /api/v1/me/password': {
    ok: async () => ({
      method: 'PUT',
      url: '/api/v1/me/password',
      cookie: await signInAs(t, await makeMember(t, A, 'csm')),
      body: { currentPassword: FACTORY_PASSWORD, newPassword: 'another long passphrase' },
    }),
    bad: async () => ({ method: 'PUT', url: '/api/v1/me/password', cookie: csmCookieA, body: { currentPassword: '' }, names: 'body.currentPassword' }),
    why: 'edits the caller’s own account',
  },
  'DELETE /api/v1/me/membership': {
    ok: async () => ({ method: 'DELETE', url: '/api/v1/me/membership', status: 204, cookie: await signInAs(t, await makeMember(t, A, 'viewer')) }),
    why: 'acts on the caller’s own membership',
  },
  'GET /api/v1/me/sessions': {
    why: 'takes no input',
    ok: async () => ({ method: 'GET', url: '/api/v1/me/sessions', cookie: csmCookieA }),
    foreign: async () => ({ method: 'GET', url: '/api/v1/me/sessions', cookie: ownerA, expect: { absent: () => [bIds.sessionOfCsmB ?? 'missing'] } }),
  },
  'DELETE /api/v1/me/sessions/:id': {
    ok: async () => {
      const other = await signInAs(t, csmA);
      return { method: 'DELETE', url: `/api/v1/me/sessions/${await sessionIdOf(other)}`, status: 204, cookie: csmCookieA };
    },
    bad: async () => ({ method: 'DELETE', url: `/api/v1/me/sessions/${'x'.repeat(65)}`, cookie: csmCookieA, names: 'params.id' }),
    foreign: async () => ({ method: 'DELETE', url: `/api/v1/me/sessions/${bIds.sessionOfCsmB}`, cookie: ownerA, expect: notFound }),
  },
  'GET /api/v1/me/mfa': { ok: async () => ({ method: 'GET', url: '/api/v1/me/mfa', cookie: csmCookieA }), why: 'the caller’s own account' },
  'POST /api/v1/me/mfa/setup': {
    ok: async () => ({ method: 'POST', url: '/api/v1/me/mfa/setup', cookie: await signInAs(t, await makeMember(t, A, 'csm')) }),
    why: 'the caller’s own account',
  },
  'POST /api/v1/me/mfa/enable': {
    ok: async () => {
      const cookie = await signInAs(t, await makeMember(t, A, 'csm'));
      const setup = await call(t.app, { method: 'POST', url: '/api/v1/me/mfa/setup', cookie });
      return { method: 'POST', url: '/api/v1/me/mfa/enable', cookie, body: { code: await currentTotp(setup.body.secret, t.clock.now()), currentPassword: FACTORY_PASSWORD } };
    },
    bad: async () => ({ method: 'POST', url: '/api/v1/me/mfa/enable', cookie: csmCookieA, body: { code: 'abc', currentPassword: 'x' }, names: 'body.code' }),
    why: 'the caller’s own account',
  },
  'POST /api/v1/me/mfa/disable': {
    ok: async () => ({ method: 'POST', url: '/api/v1/me/mfa/disable', status: 204, cookie: (await mfaMember()).cookie, body: { currentPassword: FACTORY_PASSWORD } }),
    bad: async () => ({ method: 'POST', url: '/api/v1/me/mfa/disable', cookie: csmCookieA, body: {}, names: 'body.currentPassword' }),
    why: 'the caller’s own account',
  },
  'POST /api/v1/me/mfa/recovery-codes': {
    ok: async () => ({ method: 'POST', url: '/api/v1/me/mfa/recovery-codes', cookie: (await mfaMember()).cookie, body: { currentPassword: FACTORY_PASSWORD } }),
    bad: async () => ({ method: 'POST', url: '/api/v1/me/mfa/recovery-codes', cookie: csmCookieA, body: { currentPassword: 5 }, names: 'body.currentPassword' }),
    why: 'the caller’s own account',
  },

  'GET /api/v1/members': {
    why: 'takes no input',
    ok: async () => ({ method: 'GET', url: '/api/v1/members', cookie: csmCookieA }),
    foreign: async () => ({ method: 'GET', url: '/api/v1/members', cookie: ownerA, expect: { absent: () => [csmB.membershipId, csmB.email, B.owner.email] } }),
  },
  'GET /api/v1/members/:id': {
    ok: async () => ({ method: 'GET', url: `/api/v1/members/${adminA.membershipId}`, cookie: csmCookieA }),
    bad: async () => ({ method: 'GET', url: `/api/v1/members/${'m'.repeat(65)}`, cookie: csmCookieA, names: 'params.id' }),
    foreign: async () => ({ method: 'GET', url: `/api/v1/members/${csmB.membershipId}`, cookie: ownerA, expect: notFound }),
  },
  'PATCH /api/v1/members/:id': {
    ok: async () => admin({ method: 'PATCH', url: `/api/v1/members/${(await makeMember(t, A, 'csm')).membershipId}`, body: { role: 'manager' } }),
    bad: async () => admin({ method: 'PATCH', url: `/api/v1/members/${csmA.membershipId}`, body: { role: 'god' }, names: 'body.role' }),
    foreign: async () => admin({ method: 'PATCH', url: `/api/v1/members/${csmB.membershipId}`, body: { role: 'viewer' }, expect: notFound }),
  },
  'DELETE /api/v1/members/:id': {
    ok: async () => admin({ method: 'DELETE', url: `/api/v1/members/${(await makeMember(t, A, 'viewer')).membershipId}`, status: 204 }),
    bad: async () => admin({ method: 'DELETE', url: `/api/v1/members/${'m'.repeat(65)}`, names: 'params.id' }),
    foreign: async () => admin({ method: 'DELETE', url: `/api/v1/members/${csmB.membershipId}`, expect: notFound }),
  },
  'GET /api/v1/members/:id/sessions': {
    ok: async () => admin({ method: 'GET', url: `/api/v1/members/${csmA.membershipId}/sessions` }),
    bad: async () => admin({ method: 'GET', url: `/api/v1/members/${'m'.repeat(65)}/sessions`, names: 'params.id' }),
    foreign: async () => admin({ method: 'GET', url: `/api/v1/members/${csmB.membershipId}/sessions`, expect: notFound }),
  },
  'DELETE /api/v1/members/:id/sessions': {
    ok: async () => admin({ method: 'DELETE', url: `/api/v1/members/${(await makeMember(t, A, 'viewer')).membershipId}/sessions` }),
    bad: async () => admin({ method: 'DELETE', url: `/api/v1/members/${'m'.repeat(65)}/sessions`, names: 'params.id' }),
    foreign: async () => admin({ method: 'DELETE', url: `/api/v1/members/${csmB.membershipId}/sessions`, expect: notFound }),
  },

  'GET /api/v1/invites': {
    why: 'takes no input',
    ok: async () => admin({ method: 'GET', url: '/api/v1/invites' }),
    foreign: async () => admin({ method: 'GET', url: '/api/v1/invites', expect: { absent: () => [bIds.invite ?? 'missing'] } }),
  },
  'POST /api/v1/invites': {
    ok: async () => admin({ method: 'POST', url: '/api/v1/invites', status: 201, body: { email: `new-${Date.now()}@example.test`, role: 'viewer' } }),
    bad: async () => admin({ method: 'POST', url: '/api/v1/invites', body: { email: 'nope', role: 'csm' }, names: 'body.email' }),
    why: 'creates a record in the caller’s workspace only',
  },
  'DELETE /api/v1/invites/:id': {
    ok: async () => admin({ method: 'DELETE', url: `/api/v1/invites/${(await invite(ownerA, `del-${Date.now()}@example.test`)).id}`, status: 204 }),
    bad: async () => admin({ method: 'DELETE', url: `/api/v1/invites/${'i'.repeat(65)}`, names: 'params.id' }),
    foreign: async () => admin({ method: 'DELETE', url: `/api/v1/invites/${bIds.invite}`, expect: notFound }),
  },

  'GET /api/v1/sales-reps': {
    why: 'takes no input',
    ok: async () => ({ method: 'GET', url: '/api/v1/sales-reps', cookie: csmCookieA }),
    foreign: async () => admin({ method: 'GET', url: '/api/v1/sales-reps', expect: { absent: () => [bIds.salesRep ?? 'missing'] } }),
  },
  'GET /api/v1/sales-reps/:id': {
    ok: async () => ({ method: 'GET', url: `/api/v1/sales-reps/${await salesRep(ownerA)}`, cookie: csmCookieA }),
    bad: async () => ({ method: 'GET', url: `/api/v1/sales-reps/${'r'.repeat(65)}`, cookie: csmCookieA, names: 'params.id' }),
    foreign: async () => admin({ method: 'GET', url: `/api/v1/sales-reps/${bIds.salesRep}`, expect: notFound }),
  },
  'POST /api/v1/sales-reps': {
    ok: async () => admin({ method: 'POST', url: '/api/v1/sales-reps', status: 201, body: { name: 'Jordan Blake', email: 'Jordan@Example.test', title: 'AE' } }),
    bad: async () => admin({ method: 'POST', url: '/api/v1/sales-reps', body: { name: 'X', phone: 'call me' }, names: 'body.phone' }),
    why: 'creates a record in the caller’s workspace only',
  },
  'PATCH /api/v1/sales-reps/:id': {
    ok: async () => admin({ method: 'PATCH', url: `/api/v1/sales-reps/${await salesRep(ownerA)}`, body: { title: 'Senior AE' } }),
    bad: async () => admin({ method: 'PATCH', url: `/api/v1/sales-reps/${await salesRep(ownerA)}`, body: { workspace_id: B.workspaceId }, names: 'body' }),
    foreign: async () => admin({ method: 'PATCH', url: `/api/v1/sales-reps/${bIds.salesRep}`, body: { title: 'x' }, expect: notFound }),
  },
  'DELETE /api/v1/sales-reps/:id': {
    ok: async () => admin({ method: 'DELETE', url: `/api/v1/sales-reps/${await salesRep(ownerA)}`, status: 204 }),
    bad: async () => admin({ method: 'DELETE', url: `/api/v1/sales-reps/${'r'.repeat(65)}`, names: 'params.id' }),
    foreign: async () => admin({ method: 'DELETE', url: `/api/v1/sales-reps/${bIds.salesRep}`, expect: notFound }),
  },

  'GET /api/v1/tokens': {
    ok: async () => admin({ method: 'GET', url: '/api/v1/tokens?scope=all' }),
    bad: async () => admin({ method: 'GET', url: '/api/v1/tokens?scope=everyone', names: 'querystring.scope' }),
    foreign: async () => admin({ method: 'GET', url: '/api/v1/tokens?scope=all', expect: { absent: () => [bIds.token ?? 'missing'] } }),
  },
  'POST /api/v1/tokens': {
    ok: async () => ({ method: 'POST', url: '/api/v1/tokens', status: 201, cookie: csmCookieA, body: { name: 'Zapier', expiresInDays: 30 } }),
    bad: async () => ({ method: 'POST', url: '/api/v1/tokens', cookie: csmCookieA, body: { name: '', expiresInDays: 0 }, names: 'body.name' }),
    why: 'creates a token for the caller in the caller’s workspace',
  },
  'DELETE /api/v1/tokens/:id': {
    ok: async () => admin({ method: 'DELETE', url: `/api/v1/tokens/${await token(ownerA)}`, status: 204 }),
    bad: async () => admin({ method: 'DELETE', url: `/api/v1/tokens/${'t'.repeat(65)}`, names: 'params.id' }),
    foreign: async () => admin({ method: 'DELETE', url: `/api/v1/tokens/${bIds.token}`, expect: notFound }),
  },

  'GET /api/v1/workspace': {
    why: 'takes no input',
    ok: async () => ({ method: 'GET', url: '/api/v1/workspace', cookie: csmCookieA }),
    foreign: async () => admin({ method: 'GET', url: '/api/v1/workspace', expect: { absent: () => [B.workspaceId, B.name] } }),
  },
  'PATCH /api/v1/workspace': {
    ok: async () => admin({ method: 'PATCH', url: '/api/v1/workspace', body: { auditIpMode: 'truncated' } }),
    bad: async () => admin({ method: 'PATCH', url: '/api/v1/workspace', body: { auditIpMode: 'hidden' }, names: 'body.auditIpMode' }),
    why: 'changes only the caller’s workspace (no id in the request)',
  },
  'GET /api/v1/promises': { ok: async () => ({ method: 'GET', url: '/api/v1/promises', cookie: csmCookieA }), why: 'the deployment’s promise registry; no workspace data' },

  'GET /api/v1/audit-events': {
    ok: async () => admin({ method: 'GET', url: '/api/v1/audit-events?limit=10' }),
    bad: async () => admin({ method: 'GET', url: '/api/v1/audit-events?limit=0', names: 'querystring.limit' }),
    foreign: async () => admin({ method: 'GET', url: '/api/v1/audit-events?limit=200', expect: { absent: () => [csmB.userId, bIds.invite ?? 'missing'] } }),
  },
  'GET /api/v1/audit-events/export': {
    ok: async () => admin({ method: 'GET', url: '/api/v1/audit-events/export' }),
    bad: async () => admin({ method: 'GET', url: '/api/v1/audit-events/export?outcome=maybe', names: 'querystring.outcome' }),
    foreign: async () => admin({ method: 'GET', url: '/api/v1/audit-events/export', expect: { absent: () => [csmB.userId, bIds.invite ?? 'missing'] } }),
  },
  'GET /api/v1/outbox': {
    why: 'takes no input',
    ok: async () => admin({ method: 'GET', url: '/api/v1/outbox' }),
    foreign: async () => admin({ method: 'GET', url: '/api/v1/outbox', expect: { absent: () => [bIds.mail ?? 'missing'] } }),
  },
  'GET /api/v1/outbox/:id': {
    ok: async () => {
      await invite(ownerA, `mail-${Date.now()}@example.test`);
      const list = await call(t.app, { method: 'GET', url: '/api/v1/outbox', cookie: ownerA });
      return admin({ method: 'GET', url: `/api/v1/outbox/${list.body.items[0].id}` });
    },
    bad: async () => admin({ method: 'GET', url: `/api/v1/outbox/${'o'.repeat(65)}`, names: 'params.id' }),
    foreign: async () => admin({ method: 'GET', url: `/api/v1/outbox/${bIds.mail}`, expect: notFound }),
  },
};

/** Routes registered on the root scope, outside public/app/admin, and why each may be there. */
const UNSCOPED_ALLOWED = [/^\/api\/docs/, /^\/\*$/];

beforeAll(async () => {
  t = await buildTestApp({ env: { METRICS_TOKEN } });
  A = await makeWorkspace(t, 'Workspace A');
  B = await makeWorkspace(t, 'Workspace B');
  adminA = await makeMember(t, A, 'admin');
  csmA = await makeMember(t, A, 'csm');
  csmB = await makeMember(t, B, 'csm');
  ownerA = await signInAs(t, A.owner);
  csmCookieA = await signInAs(t, csmA);
  ownerB = await signInAs(t, B.owner);
  const csmBCookie = await signInAs(t, csmB);
  bIds.sessionOfCsmB = await sessionIdOf(csmBCookie);
  bIds.invite = (await invite(ownerB, 'b-invitee@example.test')).id;
  bIds.salesRep = await salesRep(ownerB);
  bIds.token = await token(ownerB);
  const outboxB = await call(t.app, { method: 'GET', url: '/api/v1/outbox', cookie: ownerB });
  bIds.mail = outboxB.body.items[0].id;
});
afterAll(() => t.close());

const key = (r: RouteInfo) => `${r.method} ${r.url}`;
const scoped = () => t.app.candorRoutes.filter((r) => r.scope !== 'unscoped');

function expectNamedReason(res: Answer, names: string | undefined, code: string | undefined): void {
  expect(res.status, JSON.stringify(res.body)).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  expect(res.body.error.code).toBe(code ?? 'validation_failed');
  if (names) expect(res.body.error.message).toContain(names);
}

describe('route inventory', () => {
  it('every route sits in the public, app or admin scope, except the API docs and the web app', () => {
    const stray = t.app.candorRoutes.filter((r) => r.scope === 'unscoped' && !UNSCOPED_ALLOWED.some((re) => re.test(r.url)));
    expect(stray).toEqual([]);
  });

  it('every scoped route has a matrix entry, and every entry names a route', () => {
    const routes = scoped().map(key).sort();
    expect(routes.filter((r) => !MATRIX[r])).toEqual([]);
    expect(Object.keys(MATRIX).filter((k) => !routes.includes(k))).toEqual([]);
  });

  it('every entry either tests bad input and the workspace wall, or says why not', () => {
    for (const [route, c] of Object.entries(MATRIX)) {
      if (!c.bad || !c.foreign) expect(c.why, `${route} needs bad/foreign cases or a reason`).toBeTruthy();
    }
  });

  it('no GET route changes state (CSRF defence assumes it)', async () => {
    const before = await t.db.selectFrom('domain_event').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    for (const r of scoped().filter((r) => r.method === 'GET' && !r.url.includes(':'))) {
      await call(t.app, { method: 'GET', url: r.url, cookie: ownerA });
    }
    const after = await t.db.selectFrom('domain_event').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});

describe('every route', () => {
  it('answers 401 without a session or token (app and admin scopes)', async () => {
    for (const r of scoped().filter((r) => r.scope !== 'public')) {
      const url = r.url.replace(':id', 'x_1');
      const res = await call(t.app, { method: r.method as Call['method'], url, ...(r.method === 'GET' || r.method === 'DELETE' ? {} : { body: {} }) });
      expect(res.status, `${key(r)}: ${JSON.stringify(res.body)}`).toBe(401);
      expect(res.body.error.code).toBe('unauthenticated');
    }
  });

  it('answers 404 to a CSM on every admin route (the admin scope)', async () => {
    for (const r of scoped().filter((r) => r.scope === 'admin')) {
      const res = await call(t.app, { method: r.method as Call['method'], url: r.url.replace(':id', adminA.membershipId), cookie: csmCookieA, ...(r.method === 'GET' || r.method === 'DELETE' ? {} : { body: {} }) });
      expect(res.status, key(r)).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
  });

  it('answers 2xx on the happy path', async () => {
    for (const [route, c] of Object.entries(MATRIX)) {
      const { status, ...req } = await c.ok();
      const res = await call(t.app, req);
      expect(res.status, `${route}: ${JSON.stringify(res.body)?.slice(0, 300)}`).toBe(status ?? 200);
    }
  });

  it('answers 400 with the reason for bad input', async () => {
    for (const [route, c] of Object.entries(MATRIX)) {
      if (!c.bad) continue;
      const { names, code, ...req } = await c.bad();
      const res = await call(t.app, req);
      expect(res.status, route).not.toBe(500);
      if (code === 'unauthenticated') {
        expect(res.status, route).toBe(401);
        continue;
      }
      expect(res.status, `${route}: ${JSON.stringify(res.body)}`).toBe(400);
      expectNamedReason(res, names, code);
    }
  });

  it('[P47] never reaches into another workspace: 404, or lists without the other workspace’s records', async () => {
    for (const [route, c] of Object.entries(MATRIX)) {
      if (!c.foreign) continue;
      const { expect: want, ...req } = await c.foreign();
      const res = await call(t.app, req);
      if ('status' in want) {
        expect(res.status, `${route}: ${JSON.stringify(res.body)}`).toBe(want.status);
        expect(res.body.error.code).toBe('not_found');
      } else {
        expect(res.status, route).toBe(200);
        const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
        for (const id of want.absent()) expect(text, `${route} leaks ${id}`).not.toContain(id);
      }
    }
  });
});
