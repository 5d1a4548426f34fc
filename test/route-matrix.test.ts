import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteInfo } from '../server/app.js';
import { currentTotp } from '../server/modules/auth/totp.js';
import { createSource } from '../server/modules/sources/sources.service.js';
import { buildTestApp, call, type Answer, type Call, type TestApp } from './helpers/app.js';
import { FACTORY_PASSWORD, makeMember, makeWorkspace, signInAs, type Person, type Workspace } from './helpers/factories.js';
import { createClientVia, createContactVia, createTaskVia, logEngagementVia, mailTokenFor } from './helpers/records.js';

/**
 * The route matrix (DESIGN.md, Tests): every route Candor registers answers 401 without
 * credentials, 400 with the reason for bad input, 404 (or nothing of the other workspace) when a
 * member of workspace A reaches for workspace B's records, and 2xx on the happy path. A route
 * with no entry here fails the suite, so a new route cannot skip these checks.
 */

/** The visitor whose consent record workspace B holds. */
const B_CONSENT_VISITOR = 'b-consent-visitor';
/** A product account no client of B matches, which A's list must never show nor A link. */
const B_UNMATCHED_GROUP = 'b-unmatched-account';
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
let writeKeyA: string;

/** Ingestion: the write key in the body names the workspace; an invalid timestamp is the bad input every call type shares. */
function ingestCases(): Record<string, Case> {
  const why = 'the write key names the workspace; there is no record id to reach for in another one';
  const cases: Record<string, Case> = {
    'OPTIONS /v1/*': { ok: async () => ({ method: 'OPTIONS', url: '/v1/track', headers: { origin: 'https://site.example' }, status: 204 }), why: 'the CORS preflight: no input, no data' },
  };
  const single = { identify: 'i', track: 't', page: 'p', screen: 's', group: 'g', alias: 'a' } as const;
  for (const [type, short] of Object.entries(single)) {
    const body = () => ({ writeKey: writeKeyA, userId: 'u-1', anonymousId: 'a-1', previousId: 'a-0', groupId: 'acct', event: 'Opened', name: 'Home', messageId: `${type}-${Math.random()}` });
    for (const url of [`/v1/${type}`, `/v1/${short}`]) {
      cases[`POST ${url}`] = {
        ok: async () => ({ method: 'POST', url, body: body() }),
        bad: async () => ({ method: 'POST', url, body: { ...body(), timestamp: 'last tuesday' }, names: 'timestamp' }),
        why,
      };
    }
  }
  for (const url of ['/v1/batch', '/v1/b']) {
    cases[`POST ${url}`] = {
      ok: async () => ({ method: 'POST', url, body: { writeKey: writeKeyA, batch: [{ type: 'track', userId: 'u', event: 'e', messageId: `b-${Math.random()}` }] } }),
      bad: async () => ({ method: 'POST', url, body: { writeKey: writeKeyA, batch: [{ type: 'track', userId: 'u', event: 'e', timestamp: 'soon' }] }, names: 'batch[0] timestamp' }),
      why,
    };
  }
  return cases;
}

const mailToken = (to: string, kind: 'invite' | 'reset-password') => mailTokenFor(t, to, kind);

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

/** Fresh records for the rows below, by id. */
/** Sends a group call whose account matches no client, and returns the account id. */
async function unmatchedGroup(writeKey: string, groupId = `unmatched-${randomUUID()}`, name = 'Unknown Co'): Promise<string> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/v1/group',
    headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` },
    payload: JSON.stringify({ userId: `member-of-${groupId}`, groupId, traits: { name }, messageId: `group-${groupId}` }),
  });
  expect(res.statusCode).toBe(200);
  return groupId;
}
const client = async (cookie: string, name?: string) => (await createClientVia(t, cookie, name ? { name } : {})).id;
const contact = async (cookie: string, clientId?: string) =>
  (await createContactVia(t, cookie, { firstName: 'Pat', lastName: 'Contact', clients: clientId ? [{ clientId, roles: [] }] : [] })).id;
const engagement = async (cookie: string, clientId: string) => (await logEngagementVia(t, cookie, clientId, { type: 'note', title: 'Kickoff', bodyHtml: '<p>Went well</p>' })).id;
const task = async (cookie: string, clientId: string | null = null) => (await createTaskVia(t, cookie, { title: 'Follow up', clientId })).id;

async function segment(cookie: string, scope: 'personal' | 'global' = 'personal'): Promise<string> {
  const res = await call(t.app, { method: 'POST', url: '/api/v1/segments', cookie, body: { name: 'Mine', scope, view: { columns: ['name'], sort: [] } } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

async function customField(cookie: string): Promise<string> {
  const res = await call(t.app, { method: 'POST', url: '/api/v1/custom-fields', cookie, body: { label: `Field ${Math.random().toString(36).slice(2, 8)}`, type: 'text' } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

async function team(cookie: string): Promise<string> {
  const res = await call(t.app, { method: 'POST', url: '/api/v1/teams', cookie, body: { name: 'East', membershipIds: [] } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

async function source(cookie: string): Promise<string> {
  const res = await call(t.app, { method: 'POST', url: '/api/v1/sources', cookie, body: { name: 'Site', kind: 'browser', allowedOrigins: ['https://site.example'] } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.source.id;
}

let imports = 0;
/** An uploaded client CSV; each names its own domain, so two runs never contend for one. */
async function importJob(cookie: string): Promise<string> {
  imports += 1;
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/imports?entity=client&fileName=a.csv',
    headers: { cookie, 'sec-fetch-site': 'same-origin', 'content-type': 'text/csv' },
    payload: `Name,Domain\nMatrix Co ${imports},matrix${imports}.example`,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
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

/**
 * 404 (code not_found unless another is named), another refusal with its code, or a list without B's records.
 * `check` then proves B's record is untouched.
 */
type Expectation = { status: number; code?: string; check?: (res: Answer) => Promise<void> } | { absent: () => string[] };

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
  ...ingestCases(),
  'GET /healthz': { ok: async () => ({ method: 'GET', url: '/healthz' }), why: 'no input; no workspace data' },
  'GET /readyz': { ok: async () => ({ method: 'GET', url: '/readyz' }), why: 'no input; no workspace data' },
  'GET /metrics': {
    ok: async () => ({ method: 'GET', url: '/metrics', token: METRICS_TOKEN }),
    bad: async () => ({ method: 'GET', url: '/metrics', token: 'wrong-token-of-enough-length', code: 'unauthenticated' }),
    why: 'process-wide metrics; no workspace data',
  },
  'GET /api/v1/cookies': { ok: async () => ({ method: 'GET', url: '/api/v1/cookies' }), why: 'no input; the deployment’s cookie declaration, no workspace data' },
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

  'GET /api/v1/clients': {
    ok: async () => admin({ method: 'GET', url: '/api/v1/clients?limit=200' }),
    bad: async () => admin({ method: 'GET', url: '/api/v1/clients?status=churned', names: 'querystring.status' }),
    foreign: async () => admin({ method: 'GET', url: '/api/v1/clients?limit=200', expect: { absent: () => [bIds.client ?? 'missing'] } }),
  },
  'GET /api/v1/clients/columns': { ok: async () => ({ method: 'GET', url: '/api/v1/clients/columns', cookie: csmCookieA }), why: 'takes no input; the custom fields are the workspace’s own (see the foreign case of custom fields)' },
  'POST /api/v1/clients/query': {
    ok: async () => admin({ method: 'POST', url: '/api/v1/clients/query', body: { segmentId: 'std_all_clients', limit: 200 } }),
    bad: async () => admin({ method: 'POST', url: '/api/v1/clients/query', body: { filter: { op: 'and', conditions: [{ column: 'name', op: 'gt', value: 1 }] } }, names: 'body.filter.conditions.0.op' }),
    foreign: async () => admin({ method: 'POST', url: '/api/v1/clients/query', body: { segmentId: 'std_all_clients', limit: 200 }, expect: { absent: () => [bIds.client ?? 'missing'] } }),
  },
  'POST /api/v1/clients/count': {
    ok: async () => admin({ method: 'POST', url: '/api/v1/clients/count', body: { segmentId: 'std_all_clients' } }),
    bad: async () => admin({ method: 'POST', url: '/api/v1/clients/count', body: { filter: { op: 'and', conditions: [{ column: 'nope', op: 'eq', value: 1 }] } }, names: 'body.filter.conditions.0.column' }),
    foreign: async () => admin({ method: 'POST', url: '/api/v1/clients/count', body: { segmentId: 'std_all_clients' }, expect: {
        status: 200,
        // Only workspace A's clients are counted (B's would add theirs).
        check: async (res: Answer) => expect(res.body.total).toBe((await t.db.selectFrom('client').select('id').where('workspace_id', '=', A.workspaceId).execute()).length),
      },
    }),
  },
  'POST /api/v1/clients/export': {
    ok: async () => admin({ method: 'POST', url: '/api/v1/clients/export', body: { columns: ['name', 'status'] } }),
    bad: async () => admin({ method: 'POST', url: '/api/v1/clients/export', body: { columns: ['nope'] }, names: 'body.columns.0' }),
    foreign: async () => admin({ method: 'POST', url: '/api/v1/clients/export', body: {}, expect: { absent: () => [bIds.client ?? 'missing'] } }),
  },
  'POST /api/v1/clients': {
    ok: async () => admin({ method: 'POST', url: '/api/v1/clients', status: 201, body: { name: 'Acme', domains: ['acme-matrix.example'] } }),
    bad: async () => admin({ method: 'POST', url: '/api/v1/clients', body: { name: 'Gone', status: 'terminated' }, names: 'body.terminatedOn' }),
    foreign: async () => admin({ method: 'POST', url: '/api/v1/clients', body: { name: 'Child', parentClientId: bIds.client }, expect: { status: 400, code: 'validation_failed' } }),
  },
  'GET /api/v1/clients/:id': {
    ok: async () => admin({ method: 'GET', url: `/api/v1/clients/${await client(ownerA)}` }),
    bad: async () => admin({ method: 'GET', url: `/api/v1/clients/${'c'.repeat(65)}`, names: 'params.id' }),
    foreign: async () => admin({ method: 'GET', url: `/api/v1/clients/${bIds.client}`, expect: notFound }),
  },
  'PATCH /api/v1/clients/:id': {
    ok: async () => admin({ method: 'PATCH', url: `/api/v1/clients/${await client(ownerA)}`, body: { tier: 'Gold' } }),
    bad: async () => admin({ method: 'PATCH', url: `/api/v1/clients/${await client(ownerA)}`, body: { domains: ['not a domain'] }, names: 'body.domains.0' }),
    foreign: async () => admin({ method: 'PATCH', url: `/api/v1/clients/${bIds.client}`, body: { tier: 'x' }, expect: notFound }),
  },
  'DELETE /api/v1/clients/:id': {
    ok: async () => admin({ method: 'DELETE', url: `/api/v1/clients/${await client(ownerA)}`, status: 204 }),
    bad: async () => admin({ method: 'DELETE', url: `/api/v1/clients/${'c'.repeat(65)}`, names: 'params.id' }),
    foreign: async () => admin({ method: 'DELETE', url: `/api/v1/clients/${bIds.client}`, expect: notFound }),
  },
  'POST /api/v1/clients/bulk-update': {
    ok: async () => admin({ method: 'POST', url: '/api/v1/clients/bulk-update', body: { ids: [await client(ownerA)], set: { tier: 'Silver' } } }),
    bad: async () => admin({ method: 'POST', url: '/api/v1/clients/bulk-update', body: { ids: [], set: { tier: 'x' } }, names: 'body.ids' }),
    // Another workspace's id is skipped and reported, never changed.
    foreign: async () => admin({ method: 'POST', url: '/api/v1/clients/bulk-update', body: { ids: [bIds.client], set: { tier: 'Hacked' } },
        expect: {
          status: 200,
          check: async (res: Answer) => {
            expect(res.body).toEqual({ updated: 0, skipped: [bIds.client] });
            const inB = await call(t.app, { method: 'GET', url: `/api/v1/clients/${bIds.client}`, cookie: ownerB });
            expect(inB.body.tier).not.toBe('Hacked');
          },
        },
      }),
  },
  'GET /api/v1/contacts': {
    ok: async () => admin({ method: 'GET', url: '/api/v1/contacts?limit=200' }),
    bad: async () => admin({ method: 'GET', url: '/api/v1/contacts?limit=0', names: 'querystring.limit' }),
    foreign: async () => admin({ method: 'GET', url: '/api/v1/contacts?limit=200', expect: { absent: () => [bIds.contact ?? 'missing'] } }),
  },
  'GET /api/v1/contacts/count': {
    ok: async () => admin({ method: 'GET', url: '/api/v1/contacts/count?q=a' }),
    bad: async () => admin({ method: 'GET', url: `/api/v1/contacts/count?q=${'x'.repeat(201)}`, names: 'querystring.q' }),
    foreign: async () => admin({ method: 'GET', url: `/api/v1/contacts/count?clientId=${bIds.client}`, expect: notFound }),
  },
  'POST /api/v1/contacts': {
    ok: async () => admin({ method: 'POST', url: '/api/v1/contacts', status: 201, body: { firstName: 'Ada', emails: [`ada-${Date.now()}@example.test`] } }),
    bad: async () => admin({ method: 'POST', url: '/api/v1/contacts', body: { firstName: 'Ada', emails: ['nope'] }, names: 'body.emails.0' }),
    foreign: async () => admin({ method: 'POST', url: '/api/v1/contacts', body: { firstName: 'Ada', clients: [{ clientId: bIds.client, roles: [] }] }, expect: { status: 400, code: 'validation_failed' } }),
  },
  'GET /api/v1/contacts/:id': {
    ok: async () => admin({ method: 'GET', url: `/api/v1/contacts/${await contact(ownerA)}` }),
    bad: async () => admin({ method: 'GET', url: `/api/v1/contacts/${'c'.repeat(65)}`, names: 'params.id' }),
    foreign: async () => admin({ method: 'GET', url: `/api/v1/contacts/${bIds.contact}`, expect: notFound }),
  },
  'PATCH /api/v1/contacts/:id': {
    ok: async () => admin({ method: 'PATCH', url: `/api/v1/contacts/${await contact(ownerA)}`, body: { title: 'CFO' } }),
    bad: async () => admin({ method: 'PATCH', url: `/api/v1/contacts/${await contact(ownerA)}`, body: { phones: [{ number: '12' }] }, names: 'body.phones.0.number' }),
    foreign: async () => admin({ method: 'PATCH', url: `/api/v1/contacts/${bIds.contact}`, body: { title: 'x' }, expect: notFound }),
  },
  'DELETE /api/v1/contacts/:id': {
    ok: async () => admin({ method: 'DELETE', url: `/api/v1/contacts/${await contact(ownerA)}`, status: 204 }),
    bad: async () => admin({ method: 'DELETE', url: `/api/v1/contacts/${'c'.repeat(65)}`, names: 'params.id' }),
    foreign: async () => admin({ method: 'DELETE', url: `/api/v1/contacts/${bIds.contact}`, expect: notFound }),
  },
  'PUT /api/v1/clients/:id/contacts/:contactId': {
    ok: async () => admin({ method: 'PUT', url: `/api/v1/clients/${await client(ownerA)}/contacts/${await contact(ownerA)}`, body: { roles: ['champion'] } }),
    bad: async () => admin({ method: 'PUT', url: `/api/v1/clients/${await client(ownerA)}/contacts/${await contact(ownerA)}`, body: { roles: ['boss'] }, names: 'body.roles.0' }),
    foreign: async () => admin({ method: 'PUT', url: `/api/v1/clients/${bIds.client}/contacts/${bIds.contact}`, body: { roles: [] }, expect: notFound }),
  },
  'DELETE /api/v1/clients/:id/contacts/:contactId': {
    ok: async () => {
      const clientId = await client(ownerA);
      return admin({ method: 'DELETE', url: `/api/v1/clients/${clientId}/contacts/${await contact(ownerA, clientId)}`, status: 204 });
    },
    bad: async () => admin({ method: 'DELETE', url: `/api/v1/clients/${'c'.repeat(65)}/contacts/x`, names: 'params.id' }),
    foreign: async () => admin({ method: 'DELETE', url: `/api/v1/clients/${bIds.client}/contacts/${bIds.contact}`, expect: notFound }),
  },
  'GET /api/v1/clients/:id/timeline': {
    ok: async () => admin({ method: 'GET', url: `/api/v1/clients/${await client(ownerA)}/timeline` }),
    bad: async () => admin({ method: 'GET', url: `/api/v1/clients/${await client(ownerA)}/timeline?type=fax`, names: 'querystring.type' }),
    foreign: async () => admin({ method: 'GET', url: `/api/v1/clients/${bIds.client}/timeline`, expect: notFound }),
  },
  'POST /api/v1/clients/:id/timeline': {
    ok: async () => admin({ method: 'POST', url: `/api/v1/clients/${await client(ownerA)}/timeline`, status: 201, body: { type: 'call', title: 'QBR', bodyHtml: '<p>ok</p>' } }),
    bad: async () => admin({ method: 'POST', url: `/api/v1/clients/${await client(ownerA)}/timeline`, body: { type: 'fax', title: 'x' }, names: 'body.type' }),
    foreign: async () => admin({ method: 'POST', url: `/api/v1/clients/${bIds.client}/timeline`, body: { type: 'note', title: 'x' }, expect: notFound }),
  },
  'PATCH /api/v1/timeline/:id': {
    ok: async () => admin({ method: 'PATCH', url: `/api/v1/timeline/${await engagement(ownerA, await client(ownerA))}`, body: { pinned: true } }),
    bad: async () => admin({ method: 'PATCH', url: `/api/v1/timeline/${await engagement(ownerA, await client(ownerA))}`, body: { occurredAt: 'yesterday' }, names: 'body.occurredAt' }),
    foreign: async () => admin({ method: 'PATCH', url: `/api/v1/timeline/${bIds.engagement}`, body: { pinned: true }, expect: notFound }),
  },
  'DELETE /api/v1/timeline/:id': {
    ok: async () => admin({ method: 'DELETE', url: `/api/v1/timeline/${await engagement(ownerA, await client(ownerA))}`, status: 204 }),
    bad: async () => admin({ method: 'DELETE', url: `/api/v1/timeline/${'e'.repeat(65)}`, names: 'params.id' }),
    foreign: async () => admin({ method: 'DELETE', url: `/api/v1/timeline/${bIds.engagement}`, expect: notFound }),
  },
  'GET /api/v1/tasks': {
    ok: async () => admin({ method: 'GET', url: '/api/v1/tasks?view=all&limit=200' }),
    bad: async () => admin({ method: 'GET', url: '/api/v1/tasks?view=theirs', names: 'querystring.view' }),
    foreign: async () => admin({ method: 'GET', url: '/api/v1/tasks?view=all&limit=200', expect: { absent: () => [bIds.task ?? 'missing'] } }),
  },
  'POST /api/v1/tasks': {
    ok: async () => admin({ method: 'POST', url: '/api/v1/tasks', status: 201, body: { title: 'Call back', dueOn: '2026-12-01' } }),
    bad: async () => admin({ method: 'POST', url: '/api/v1/tasks', body: { title: 'x', dueOn: '2026-02-30' }, names: 'body.dueOn' }),
    foreign: async () => admin({ method: 'POST', url: '/api/v1/tasks', body: { title: 'x', clientId: bIds.client }, expect: notFound }),
  },
  'GET /api/v1/tasks/:id': {
    ok: async () => admin({ method: 'GET', url: `/api/v1/tasks/${await task(ownerA)}` }),
    bad: async () => admin({ method: 'GET', url: `/api/v1/tasks/${'t'.repeat(65)}`, names: 'params.id' }),
    foreign: async () => admin({ method: 'GET', url: `/api/v1/tasks/${bIds.task}`, expect: notFound }),
  },
  'PATCH /api/v1/tasks/:id': {
    ok: async () => admin({ method: 'PATCH', url: `/api/v1/tasks/${await task(ownerA)}`, body: { status: 'done' } }),
    bad: async () => admin({ method: 'PATCH', url: `/api/v1/tasks/${await task(ownerA)}`, body: { status: 'finished' }, names: 'body.status' }),
    foreign: async () => admin({ method: 'PATCH', url: `/api/v1/tasks/${bIds.task}`, body: { status: 'done' }, expect: notFound }),
  },
  'DELETE /api/v1/tasks/:id': {
    ok: async () => admin({ method: 'DELETE', url: `/api/v1/tasks/${await task(ownerA)}`, status: 204 }),
    bad: async () => admin({ method: 'DELETE', url: `/api/v1/tasks/${'t'.repeat(65)}`, names: 'params.id' }),
    foreign: async () => admin({ method: 'DELETE', url: `/api/v1/tasks/${bIds.task}`, expect: notFound }),
  },
  'GET /api/v1/segments': {
    ok: async () => admin({ method: 'GET', url: '/api/v1/segments' }),
    why: 'takes no input',
    foreign: async () => admin({ method: 'GET', url: '/api/v1/segments', expect: { absent: () => [bIds.segment ?? 'missing'] } }),
  },
  'GET /api/v1/segments/:id': {
    ok: async () => admin({ method: 'GET', url: `/api/v1/segments/${await segment(ownerA)}` }),
    bad: async () => admin({ method: 'GET', url: `/api/v1/segments/${'s'.repeat(65)}`, names: 'params.id' }),
    foreign: async () => admin({ method: 'GET', url: `/api/v1/segments/${bIds.segment}`, expect: notFound }),
  },
  'POST /api/v1/segments': {
    ok: async () => ({ method: 'POST', url: '/api/v1/segments', status: 201, cookie: csmCookieA, body: { name: 'Renewals', view: { columns: ['name', 'status'], sort: [{ column: 'name', dir: 'asc' }] } } }),
    bad: async () => ({ method: 'POST', url: '/api/v1/segments', cookie: csmCookieA, body: { name: '', view: {} }, names: 'body.name' }),
    why: 'creates a segment in the caller’s workspace only',
  },
  'PATCH /api/v1/segments/:id': {
    ok: async () => admin({ method: 'PATCH', url: `/api/v1/segments/${await segment(ownerA)}`, body: { name: 'Renamed' } }),
    bad: async () => admin({ method: 'PATCH', url: `/api/v1/segments/${await segment(ownerA)}`, body: { scope: 'everyone' }, names: 'body.scope' }),
    foreign: async () => admin({ method: 'PATCH', url: `/api/v1/segments/${bIds.segment}`, body: { name: 'x' }, expect: notFound }),
  },
  'DELETE /api/v1/segments/:id': {
    ok: async () => admin({ method: 'DELETE', url: `/api/v1/segments/${await segment(ownerA)}`, status: 204 }),
    bad: async () => admin({ method: 'DELETE', url: `/api/v1/segments/${'s'.repeat(65)}`, names: 'params.id' }),
    foreign: async () => admin({ method: 'DELETE', url: `/api/v1/segments/${bIds.segment}`, expect: notFound }),
  },
  'GET /api/v1/search': {
    ok: async () => admin({ method: 'GET', url: '/api/v1/search?q=client' }),
    bad: async () => admin({ method: 'GET', url: '/api/v1/search?q=', names: 'querystring.q' }),
    foreign: async () => admin({ method: 'GET', url: `/api/v1/search?q=${encodeURIComponent('B-only client')}`, expect: { absent: () => [bIds.client ?? 'missing'] } }),
  },
  'GET /api/v1/custom-fields': {
    ok: async () => ({ method: 'GET', url: '/api/v1/custom-fields?entity=client', cookie: csmCookieA }),
    bad: async () => ({ method: 'GET', url: '/api/v1/custom-fields?entity=deal', cookie: csmCookieA, names: 'querystring.entity' }),
    foreign: async () => admin({ method: 'GET', url: '/api/v1/custom-fields?entity=client&archived=include', expect: { absent: () => [bIds.customField ?? 'missing'] } }),
  },
  'POST /api/v1/custom-fields': {
    ok: async () => admin({ method: 'POST', url: '/api/v1/custom-fields', status: 201, body: { label: 'Plan', type: 'single_select', options: ['Basic', 'Pro'] } }),
    bad: async () => admin({ method: 'POST', url: '/api/v1/custom-fields', body: { label: 'Plan', type: 'single_select', options: [] }, names: 'body.options' }),
    why: 'creates a field in the caller’s workspace only',
  },
  'PATCH /api/v1/custom-fields/:id': {
    ok: async () => admin({ method: 'PATCH', url: `/api/v1/custom-fields/${await customField(ownerA)}`, body: { label: 'Renamed field' } }),
    bad: async () => admin({ method: 'PATCH', url: `/api/v1/custom-fields/${await customField(ownerA)}`, body: { key: 'new_key' }, names: 'body' }),
    foreign: async () => admin({ method: 'PATCH', url: `/api/v1/custom-fields/${bIds.customField}`, body: { label: 'x' }, expect: notFound }),
  },
  'GET /api/v1/teams': {
    ok: async () => ({ method: 'GET', url: '/api/v1/teams', cookie: csmCookieA }),
    why: 'takes no input',
    foreign: async () => admin({ method: 'GET', url: '/api/v1/teams', expect: { absent: () => [bIds.team ?? 'missing'] } }),
  },
  'POST /api/v1/teams': {
    ok: async () => admin({ method: 'POST', url: '/api/v1/teams', status: 201, body: { name: 'West', membershipIds: [csmA.membershipId] } }),
    bad: async () => admin({ method: 'POST', url: '/api/v1/teams', body: { name: 'West', membershipIds: [csmB.membershipId] }, names: 'body.membershipIds' }),
    why: 'creates a team in the caller’s workspace; members of another workspace are refused (the bad case)',
  },
  'PATCH /api/v1/teams/:id': {
    ok: async () => admin({ method: 'PATCH', url: `/api/v1/teams/${await team(ownerA)}`, body: { name: 'North' } }),
    bad: async () => admin({ method: 'PATCH', url: `/api/v1/teams/${await team(ownerA)}`, body: { name: '' }, names: 'body.name' }),
    foreign: async () => admin({ method: 'PATCH', url: `/api/v1/teams/${bIds.team}`, body: { name: 'x' }, expect: notFound }),
  },
  'DELETE /api/v1/teams/:id': {
    ok: async () => admin({ method: 'DELETE', url: `/api/v1/teams/${await team(ownerA)}`, status: 204 }),
    bad: async () => admin({ method: 'DELETE', url: `/api/v1/teams/${'t'.repeat(65)}`, names: 'params.id' }),
    foreign: async () => admin({ method: 'DELETE', url: `/api/v1/teams/${bIds.team}`, expect: notFound }),
  },
  'GET /api/v1/clients/:id/usage': {
    ok: async () => admin({ method: 'GET', url: `/api/v1/clients/${await client(ownerA)}/usage?days=30` }),
    bad: async () => admin({ method: 'GET', url: `/api/v1/clients/${await client(ownerA)}/usage?days=12`, names: 'querystring.days' }),
    foreign: async () => admin({ method: 'GET', url: `/api/v1/clients/${bIds.client}/usage`, expect: notFound }),
  },
  'GET /api/v1/contacts/:id/usage': {
    ok: async () => admin({ method: 'GET', url: `/api/v1/contacts/${await contact(ownerA)}/usage` }),
    bad: async () => admin({ method: 'GET', url: `/api/v1/contacts/${'c'.repeat(65)}/usage`, names: 'params.id' }),
    foreign: async () => admin({ method: 'GET', url: `/api/v1/contacts/${bIds.contact}/usage`, expect: notFound }),
  },
  'GET /api/v1/usage': {
    ok: async () => admin({ method: 'GET', url: '/api/v1/usage?days=7' }),
    bad: async () => admin({ method: 'GET', url: '/api/v1/usage?days=1000', names: 'querystring.days' }),
    why: 'counts of the own workspace only (read through the scoped helper); no record id',
  },
  'GET /api/v1/usage/settings': { ok: async () => admin({ method: 'GET', url: '/api/v1/usage/settings' }), why: 'takes no input; the own workspace’s settings' },
  'PUT /api/v1/usage/settings': {
    ok: async () => admin({ method: 'PUT', url: '/api/v1/usage/settings', body: { keyEvents: ['Report Exported'], maskedParams: ['ref'] } }),
    bad: async () => admin({ method: 'PUT', url: '/api/v1/usage/settings', body: { maskedParams: ['a=b'] }, names: 'body.maskedParams.0' }),
    why: 'changes the own workspace’s settings; no record id to reach for',
  },
  'GET /api/v1/usage/consent-records': {
    ok: async () => admin({ method: 'GET', url: '/api/v1/usage/consent-records?person=someone' }),
    bad: async () => admin({ method: 'GET', url: `/api/v1/usage/consent-records?person=${'x'.repeat(201)}`, names: 'querystring.person' }),
    why: 'the own workspace’s records only (scoped query); a visitor id is not a record id',
    foreign: async () => admin({ method: 'GET', url: `/api/v1/usage/consent-records?person=${B_CONSENT_VISITOR}`, expect: { absent: () => [B_CONSENT_VISITOR, 'b-v1'] } }),
  },
  'GET /api/v1/usage/unmatched-groups': {
    ok: async () => admin({ method: 'GET', url: '/api/v1/usage/unmatched-groups' }),
    bad: async () => admin({ method: 'GET', url: '/api/v1/usage/unmatched-groups?ignored=maybe', names: 'querystring.ignored' }),
    why: 'takes no input; the own workspace’s accounts (scoped query)',
    foreign: async () => admin({ method: 'GET', url: '/api/v1/usage/unmatched-groups', expect: { absent: () => [B_UNMATCHED_GROUP, 'B Corp'] } }),
  },
  'POST /api/v1/usage/unmatched-groups/link': {
    ok: async () => admin({ method: 'POST', url: '/api/v1/usage/unmatched-groups/link', body: { groupId: await unmatchedGroup(writeKeyA), clientId: await client(ownerA, 'Linked client') }, status: 202 }),
    bad: async () => admin({ method: 'POST', url: '/api/v1/usage/unmatched-groups/link', body: { groupId: '', clientId: 'x' }, names: 'body.groupId' }),
    foreign: async () => admin({ method: 'POST', url: '/api/v1/usage/unmatched-groups/link', body: { groupId: B_UNMATCHED_GROUP, clientId: await client(ownerA, 'Would-be link') }, expect: notFound }),
  },
  'POST /api/v1/usage/unmatched-groups/ignore': {
    ok: async () => admin({ method: 'POST', url: '/api/v1/usage/unmatched-groups/ignore', body: { groupId: await unmatchedGroup(writeKeyA), ignored: true }, status: 204 }),
    bad: async () => admin({ method: 'POST', url: '/api/v1/usage/unmatched-groups/ignore', body: { groupId: 'x', ignored: 'yes' }, names: 'body.ignored' }),
    foreign: async () => admin({ method: 'POST', url: '/api/v1/usage/unmatched-groups/ignore', body: { groupId: B_UNMATCHED_GROUP, ignored: true }, expect: notFound }),
  },
  'GET /api/v1/usage/debugger': {
    ok: async () => admin({ method: 'GET', url: '/api/v1/usage/debugger' }),
    bad: async () => admin({ method: 'GET', url: '/api/v1/usage/debugger?since=yesterday', names: 'querystring.since' }),
    why: 'the own workspace’s recent events, kept per workspace in memory; no record id',
  },
  'GET /api/v1/sources': { ok: async () => admin({ method: 'GET', url: '/api/v1/sources' }), why: 'takes no input', foreign: async () => admin({ method: 'GET', url: '/api/v1/sources', expect: { absent: () => [bIds.source as string] } }) },
  'POST /api/v1/sources': {
    ok: async () => admin({ method: 'POST', url: '/api/v1/sources', body: { name: 'Backend', kind: 'server' }, status: 201 }),
    bad: async () => admin({ method: 'POST', url: '/api/v1/sources', body: { name: 'Site', kind: 'browser', allowedOrigins: ['https://site.example/path'] }, names: 'allowedOrigins.0' }),
    why: 'creates in the own workspace; no record id to reach for',
  },
  'PATCH /api/v1/sources/:id': {
    ok: async () => admin({ method: 'PATCH', url: `/api/v1/sources/${await source(ownerA)}`, body: { name: 'Marketing site' } }),
    bad: async () => admin({ method: 'PATCH', url: `/api/v1/sources/${await source(ownerA)}`, body: { allowedOrigins: [] }, names: 'allowedOrigins' }),
    foreign: async () => admin({ method: 'PATCH', url: `/api/v1/sources/${bIds.source}`, body: { name: 'x' }, expect: notFound }),
  },
  'POST /api/v1/sources/:id/rotate': {
    ok: async () => admin({ method: 'POST', url: `/api/v1/sources/${await source(ownerA)}/rotate` }),
    bad: async () => admin({ method: 'POST', url: `/api/v1/sources/${'s'.repeat(65)}/rotate`, names: 'params.id' }),
    foreign: async () => admin({ method: 'POST', url: `/api/v1/sources/${bIds.source}/rotate`, expect: notFound }),
  },
  'DELETE /api/v1/sources/:id': {
    ok: async () => admin({ method: 'DELETE', url: `/api/v1/sources/${await source(ownerA)}`, status: 204 }),
    bad: async () => admin({ method: 'DELETE', url: `/api/v1/sources/${'s'.repeat(65)}`, names: 'params.id' }),
    foreign: async () => admin({ method: 'DELETE', url: `/api/v1/sources/${bIds.source}`, expect: notFound }),
  },
  'GET /tag/v1/:file': {
    ok: async () => ({ method: 'GET', url: '/tag/v1/candor.js', status: 404 }),
    bad: async () => ({ method: 'GET', url: '/tag/v1/other.js', names: 'params.file' }),
    why: 'the built tracking tag (the test app has no build, hence 404); no workspace data',
  },
  'GET /.well-known/gpc.json': { ok: async () => ({ method: 'GET', url: '/.well-known/gpc.json' }), why: 'a fixed statement; no input, no workspace data' },
  'GET /api/v1/workspace/sensitive-data': {
    ok: async () => admin({ method: 'GET', url: '/api/v1/workspace/sensitive-data' }),
    why: 'takes no input; counts are per workspace (the guard tests prove whose)',
  },
  'POST /api/v1/imports': {
    ok: async () => ({
      method: 'POST',
      url: '/api/v1/imports?entity=client',
      status: 201,
      cookie: ownerA,
      headers: { 'content-type': 'text/csv' },
      body: 'Name\nUpload Co',
    }),
    bad: async () => admin({ method: 'POST', url: '/api/v1/imports?entity=deal', headers: { 'content-type': 'text/csv' }, body: 'Name\nX', names: 'querystring.entity' }),
    why: 'creates an import in the caller’s workspace only',
  },
  'GET /api/v1/imports': {
    ok: async () => admin({ method: 'GET', url: '/api/v1/imports' }),
    why: 'takes no input',
    foreign: async () => admin({ method: 'GET', url: '/api/v1/imports', expect: { absent: () => [bIds.import ?? 'missing'] } }),
  },
  'GET /api/v1/imports/:id': {
    ok: async () => admin({ method: 'GET', url: `/api/v1/imports/${await importJob(ownerA)}` }),
    bad: async () => admin({ method: 'GET', url: `/api/v1/imports/${'i'.repeat(65)}`, names: 'params.id' }),
    foreign: async () => admin({ method: 'GET', url: `/api/v1/imports/${bIds.import}`, expect: notFound }),
  },
  'PUT /api/v1/imports/:id/mapping': {
    ok: async () => admin({ method: 'PUT', url: `/api/v1/imports/${await importJob(ownerA)}/mapping`, body: { mapping: { Name: 'name', Domain: 'domains' }, matchOn: 'domain' } }),
    bad: async () => admin({ method: 'PUT', url: `/api/v1/imports/${await importJob(ownerA)}/mapping`, body: { mapping: { Name: 'name' }, matchOn: 'anything' }, names: 'body.matchOn' }),
    foreign: async () => admin({ method: 'PUT', url: `/api/v1/imports/${bIds.import}/mapping`, body: { mapping: {}, matchOn: 'none' }, expect: notFound }),
  },
  'POST /api/v1/imports/:id/dry-run': {
    ok: async () => {
      const id = await importJob(ownerA);
      await call(t.app, { method: 'PUT', url: `/api/v1/imports/${id}/mapping`, cookie: ownerA, body: { mapping: { Name: 'name', Domain: 'domains' }, matchOn: 'none' } });
      return admin({ method: 'POST', url: `/api/v1/imports/${id}/dry-run`, status: 202 });
    },
    bad: async () => admin({ method: 'POST', url: `/api/v1/imports/${'i'.repeat(65)}/dry-run`, names: 'params.id' }),
    foreign: async () => admin({ method: 'POST', url: `/api/v1/imports/${bIds.import}/dry-run`, expect: notFound }),
  },
  'POST /api/v1/imports/:id/run': {
    ok: async () => {
      const id = await importJob(ownerA);
      await call(t.app, { method: 'PUT', url: `/api/v1/imports/${id}/mapping`, cookie: ownerA, body: { mapping: { Name: 'name', Domain: 'domains' }, matchOn: 'none' } });
      return admin({ method: 'POST', url: `/api/v1/imports/${id}/run`, status: 202 });
    },
    bad: async () => admin({ method: 'POST', url: `/api/v1/imports/${'i'.repeat(65)}/run`, names: 'params.id' }),
    foreign: async () => admin({ method: 'POST', url: `/api/v1/imports/${bIds.import}/run`, expect: notFound }),
  },
  'POST /api/v1/imports/:id/undo': {
    ok: async () => {
      const id = await importJob(ownerA);
      await call(t.app, { method: 'PUT', url: `/api/v1/imports/${id}/mapping`, cookie: ownerA, body: { mapping: { Name: 'name', Domain: 'domains' }, matchOn: 'none' } });
      await call(t.app, { method: 'POST', url: `/api/v1/imports/${id}/run`, cookie: ownerA });
      await t.drainJobs();
      return admin({ method: 'POST', url: `/api/v1/imports/${id}/undo`, status: 202 });
    },
    bad: async () => admin({ method: 'POST', url: `/api/v1/imports/${'i'.repeat(65)}/undo`, names: 'params.id' }),
    foreign: async () => admin({ method: 'POST', url: `/api/v1/imports/${bIds.import}/undo`, expect: notFound }),
  },
  'DELETE /api/v1/imports/:id': {
    ok: async () => admin({ method: 'DELETE', url: `/api/v1/imports/${await importJob(ownerA)}`, status: 204 }),
    bad: async () => admin({ method: 'DELETE', url: `/api/v1/imports/${'i'.repeat(65)}`, names: 'params.id' }),
    foreign: async () => admin({ method: 'DELETE', url: `/api/v1/imports/${bIds.import}`, expect: notFound }),
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
  writeKeyA = (await createSource({ rt: t.rt, db: t.rt.database.db, workspaceId: A.workspaceId, actor: { kind: 'system', reason: 'test' }, permissions: new Set(), request: { ip: 'test', userAgent: 'test', requestId: 'test' } }, { name: 'Server', kind: 'server', allowedOrigins: [] })).writeKey;
  const csmBCookie = await signInAs(t, csmB);
  bIds.sessionOfCsmB = await sessionIdOf(csmBCookie);
  bIds.invite = (await invite(ownerB, 'b-invitee@example.test')).id;
  bIds.salesRep = await salesRep(ownerB);
  bIds.token = await token(ownerB);
  const outboxB = await call(t.app, { method: 'GET', url: '/api/v1/outbox', cookie: ownerB });
  bIds.mail = outboxB.body.items[0].id;
  bIds.client = await client(ownerB, 'B-only client');
  bIds.contact = await contact(ownerB, bIds.client);
  bIds.engagement = await engagement(ownerB, bIds.client);
  bIds.task = await task(ownerB, bIds.client);
  bIds.segment = await segment(ownerB);
  bIds.customField = await customField(ownerB);
  bIds.team = await team(ownerB);
  bIds.source = await source(ownerB);
  // A consent record in B, which A's consent-record answers must never show.
  const serverB = await call(t.app, { method: 'POST', url: '/api/v1/sources', cookie: ownerB, body: { name: 'B backend', kind: 'server' } });
  const recordB = await t.app.inject({
    method: 'POST',
    url: '/v1/track',
    headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${serverB.body.writeKey}:`).toString('base64')}` },
    payload: JSON.stringify({ anonymousId: B_CONSENT_VISITOR, event: '$consent', properties: { functional: true, method: 'click', version: 'b-v1' }, messageId: 'b-consent-1' }),
  });
  expect(recordB.statusCode).toBe(200);
  const ownView = await call(t.app, { method: 'GET', url: `/api/v1/usage/consent-records?person=${B_CONSENT_VISITOR}`, cookie: ownerB });
  expect(ownView.body.items).toHaveLength(1);
  await unmatchedGroup(serverB.body.writeKey, B_UNMATCHED_GROUP, 'B Corp');
  bIds.import = await importJob(ownerB);
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

  it('[P47][P06] never reaches into another workspace: 404, or lists without the other workspace’s records', async () => {
    for (const [route, c] of Object.entries(MATRIX)) {
      if (!c.foreign) continue;
      const { expect: want, ...req } = await c.foreign();
      const res = await call(t.app, req);
      if ('status' in want) {
        expect(res.status, `${route}: ${JSON.stringify(res.body)}`).toBe(want.status);
        if (want.status >= 400) expect(res.body.error.code, route).toBe(want.code ?? 'not_found');
        await want.check?.(res);
      } else {
        expect(res.status, route).toBe(200);
        const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
        for (const id of want.absent()) expect(text, `${route} leaks ${id}`).not.toContain(id);
      }
    }
  });
});
