import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, call, type TestApp } from '../../test/helpers/app.js';
import { makeWorkspace, signInAs, type Workspace } from '../../test/helpers/factories.js';

let t: TestApp;
let ws: Workspace;
let cookie: string;

beforeAll(async () => {
  t = await buildTestApp();
  ws = await makeWorkspace(t);
  cookie = await signInAs(t, ws.owner);
});
afterAll(() => t.close());

describe('security headers', () => {
  it('sends a CSP without inline script, no framing, nosniff and no referrer on every answer', async () => {
    for (const url of ['/healthz', '/api/v1/me', '/api/v1/nope', '/api/docs/']) {
      const res = await t.app.inject({ method: 'GET', url, headers: { cookie } });
      const csp = String(res.headers['content-security-policy'] ?? '');
      if (!url.startsWith('/api/docs')) {
        expect(csp, url).toContain("script-src 'self'");
        expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
        expect(csp).toContain("object-src 'none'");
        expect(csp).toContain("base-uri 'none'");
        expect(csp).toContain("frame-ancestors 'none'");
      }
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-frame-options']).toBe('DENY');
    }
  });

  it('marks every API answer no-store, so a shared machine keeps no one’s data', async () => {
    const res = await call(t.app, { method: 'GET', url: '/api/v1/me', cookie });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('sends no HSTS over plain HTTP (it is sent under TLS; see the TLS cookie test)', async () => {
    const res = await call(t.app, { method: 'GET', url: '/healthz' });
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('cross-site request forgery', () => {
  const write = (headers: Record<string, string>) =>
    t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { cookie, ...headers }, payload: { name: 'Changed By Attacker' } });

  it('refuses a cookie-authenticated write from another site', async () => {
    const res = await write({ 'sec-fetch-site': 'cross-site' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf_rejected');
  });

  it('refuses a same-site but cross-origin write (a sibling subdomain)', async () => {
    expect((await write({ 'sec-fetch-site': 'same-site' })).statusCode).toBe(403);
  });

  it('falls back to Origin when Sec-Fetch-Site is absent', async () => {
    expect((await write({ origin: 'https://evil.example' })).statusCode).toBe(403);
    expect((await write({ origin: 'http://candor.test' })).statusCode).toBe(200);
  });

  it('refuses a browser write that carries neither header', async () => {
    const res = await write({});
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toMatch(/API token/);
  });

  it('guards sign-in too (login CSRF)', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/session', headers: { 'sec-fetch-site': 'cross-site' }, payload: { email: ws.owner.email, password: 'x' } });
    expect(res.statusCode).toBe(403);
  });

  it('lets bearer-token requests through: they carry no ambient credential', async () => {
    const created = await call(t.app, { method: 'POST', url: '/api/v1/tokens', cookie, body: { name: 'script' } });
    const res = await t.app.inject({ method: 'PATCH', url: '/api/v1/sales-reps/rep_x', headers: { authorization: `Bearer ${created.body.token}` }, payload: { name: 'x' } });
    expect(res.statusCode).toBe(404);
  });

  it('refuses a text/plain body (the form-post trick) with 415', async () => {
    const res = await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { cookie, 'sec-fetch-site': 'same-origin', 'content-type': 'text/plain' }, payload: '{"name":"x"}' });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('unsupported_media_type');
  });
});

describe('input hardening', () => {
  it('refuses prototype-poisoning keys with 400 and leaves Object.prototype alone', async () => {
    for (const payload of ['{"__proto__":{"isAdmin":true},"name":"x"}', '{"constructor":{"prototype":{"isAdmin":true}},"name":"x"}']) {
      const res = await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { cookie, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' }, payload });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
    }
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('refuses unknown fields on writes (no mass assignment of role or workspace)', async () => {
    const res = await call(t.app, { method: 'PATCH', url: '/api/v1/me', cookie, body: { name: 'x', role: 'owner' } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/role/);
  });

  it('refuses a repeated scalar query parameter', async () => {
    const res = await call(t.app, { method: 'GET', url: '/api/v1/tokens?scope=mine&scope=all', cookie });
    expect(res.status).toBe(400);
  });

  it('answers malformed JSON with 400 and a body over the limit with 413', async () => {
    const bad = await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { cookie, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' }, payload: '{"name":' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation_failed');
    const big = await call(t.app, { method: 'PATCH', url: '/api/v1/me', cookie, body: { name: 'x'.repeat(300_000) } });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('payload_too_large');
  });

  it('refuses a NUL character in a body, a query or a path with 400 naming where, and writes nothing', async () => {
    // PostgreSQL cannot hold or compare text with a NUL: these used to end as 500s there.
    const write = await call(t.app, { method: 'POST', url: '/api/v1/clients', cookie, body: { name: 'Nul\u0000Corp', domains: ['nul.example'] } });
    expect(write.status).toBe(400);
    expect(write.body.error).toMatchObject({ code: 'validation_failed', message: 'body.name: must not contain a NUL character (\\u0000).' });
    const nested = await call(t.app, { method: 'POST', url: '/api/v1/clients', cookie, body: { name: 'Nul Corp', domains: ['ok.example', 'nul\u0000.example'] } });
    expect(nested.body.error.details.issues).toEqual([{ path: 'body.domains.1', message: expect.stringMatching(/NUL/) }]);
    const search = await call(t.app, { method: 'GET', url: '/api/v1/search?q=Nul%00Corp', cookie });
    expect(search.status).toBe(400);
    expect(search.body.error.message).toMatch(/^query: must not contain a NUL/);
    const byId = await call(t.app, { method: 'GET', url: '/api/v1/clients/cl_%00', cookie });
    expect(byId.status).toBe(400);
    expect(byId.body.error.message).toMatch(/^path: must not contain a NUL/);
    const clients = await t.db.selectFrom('client').select('name').where('workspace_id', '=', ws.workspaceId).where('name', 'like', 'Nul%').execute();
    expect(clients).toEqual([]);
    // Looking for a NUL must not itself fail on a body nested deeper than the call stack goes.
    const deep = `{"name":${'['.repeat(100_000)}"x"${']'.repeat(100_000)}}`;
    const nestedDeep = await t.app.inject({ method: 'POST', url: '/api/v1/clients', headers: { cookie, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' }, payload: deep });
    expect(nestedDeep.statusCode).toBe(400);
    expect(nestedDeep.json().error.code).toBe('validation_failed');
  });

  it('answers a malformed or over-long path in the API’s error shape, naming the path', async () => {
    // The router refuses these before any hook runs; Fastify's own body lacked `error.code`.
    for (const url of ['/api/v1/clients/%ff', '/api/v1/clients/%c3%28', '/api/v1/contacts/%ed%a0%80', '/api/v1/tasks/%zz']) {
      const res = await call(t.app, { method: 'GET', url, cookie });
      expect(res.status, url).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'validation_failed', message: 'path: is not a valid URL: a %-escape is malformed or does not decode to UTF-8.' });
    }
    const long = await call(t.app, { method: 'GET', url: `/api/v1/clients/${'c'.repeat(201)}`, cookie });
    expect(long.status).toBe(400);
    expect(long.body.error).toMatchObject({ code: 'validation_failed', message: 'path: is longer than 200 characters in one part; ids are at most 64.' });
  });

  it('refuses an empty string where an id belongs, naming the field, and stores nothing', async () => {
    // Stored, an empty id failed the foreign key: a 500 found by the fuzz test.
    const client = await call(t.app, { method: 'POST', url: '/api/v1/clients', cookie, body: { name: 'Empty Refs', domains: ['empty-refs.example'] } });
    for (const field of ['csmMembershipId', 'sponsorMembershipId', 'salesRepId', 'parentClientId']) {
      const created = await call(t.app, { method: 'POST', url: '/api/v1/clients', cookie, body: { name: 'Empty Ref Co', [field]: '' } });
      expect(created.status, field).toBe(400);
      expect(created.body.error.message).toBe(`body.${field}: must not be empty (an id, or null where the field may be cleared)`);
      const changed = await call(t.app, { method: 'PATCH', url: `/api/v1/clients/${client.body.id}`, cookie, body: { [field]: '' } });
      expect(changed.status, field).toBe(400);
    }
    const bulk = await call(t.app, { method: 'POST', url: '/api/v1/clients/bulk-update', cookie, body: { ids: [client.body.id], set: { salesRepId: '' } } });
    expect(bulk.status).toBe(400);
    for (const body of [{ title: 'x', clientId: '' }, { title: 'x', assigneeMembershipId: '' }]) {
      const task = await call(t.app, { method: 'POST', url: '/api/v1/tasks', cookie, body });
      expect(task.status, JSON.stringify(body)).toBe(400);
    }
    expect(await t.db.selectFrom('client').select('id').where('workspace_id', '=', ws.workspaceId).where('name', '=', 'Empty Ref Co').execute()).toEqual([]);
  });

  it('refuses a body nested deeper than 32 levels with 400 naming where, before a schema recurses into it', async () => {
    // A grid filter is a recursive schema: nested thousands of levels it overflowed the call stack as a 500.
    const group = (levels: number) => `${'{"op":"and","conditions":['.repeat(levels)}{"column":"name","op":"is_empty"}${']}'.repeat(levels)}`;
    for (const levels of [17, 5_000]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/clients/query',
        headers: { cookie, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' },
        payload: `{"filter":${group(levels)}}`,
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'validation_failed', message: expect.stringMatching(/^body\.filter\.conditions\.0\.conditions\.0.*: nests deeper than 32 levels of objects and arrays\.$/) });
    }
    // Within the limit the schema's own rule speaks (three levels of groups at most).
    const four = await t.app.inject({ method: 'POST', url: '/api/v1/clients/query', headers: { cookie, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' }, payload: `{"filter":${group(4)}}` });
    expect(four.statusCode).toBe(400);
    expect(four.json().error.message).not.toMatch(/nests deeper/);
  });

  it('stores a lone UTF-16 surrogate in a custom field as U+FFFD, so filters on custom fields still run', async () => {
    // PostgreSQL reads custom fields as jsonb to filter on them, and its JSON parser refuses the \\ud83d escape JSON.stringify writes for one.
    expect((await call(t.app, { method: 'POST', url: '/api/v1/custom-fields', cookie, body: { entity: 'client', label: 'Motto', type: 'text' } })).status).toBe(201);
    const created = await call(t.app, { method: 'POST', url: '/api/v1/clients', cookie, body: { name: 'Half Emoji Ltd', customFields: { motto: 'Party \ud83d' } } });
    expect(created.status).toBe(201);
    const grid = await call(t.app, { method: 'POST', url: '/api/v1/clients/query', cookie, body: { filter: { op: 'and', conditions: [{ column: 'custom.motto', op: 'contains', value: 'Party' }] } } });
    expect(grid.status, JSON.stringify(grid.body)).toBe(200);
    expect(grid.body.rows.map((r: { id: string }) => r.id)).toEqual([created.body.id]);
    const stored = await t.db.selectFrom('client').select('custom_fields').where('id', '=', created.body.id).executeTakeFirstOrThrow();
    expect(JSON.parse(stored.custom_fields ?? '{}')).toEqual({ motto: 'Party \ufffd' });
  });

  it('answers unknown routes with the one error shape', async () => {
    const res = await call(t.app, { method: 'GET', url: '/api/v1/nothing-here', cookie });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'not_found', message: 'No route GET /api/v1/nothing-here.' } });
  });

  it('does not let a client choose its own address with X-Forwarded-For (no trusted proxy by default)', async () => {
    await t.app.inject({ method: 'POST', url: '/api/v1/session', remoteAddress: '10.9.9.9', headers: { 'sec-fetch-site': 'same-origin', 'x-forwarded-for': '203.0.113.7' }, payload: { email: ws.owner.email, password: 'wrong password here' } });
    const row = await t.db.selectFrom('audit_event').select('ip').where('action', '=', 'session.sign_in.failed').orderBy('at', 'desc').executeTakeFirstOrThrow();
    expect(row.ip).toBe('10.9.9.9');
  });
});

describe('API description', () => {
  it('publishes OpenAPI 3 generated from the route schemas, and readable docs', async () => {
    const spec = await call(t.app, { method: 'GET', url: '/api/openapi.json' });
    expect(spec.body.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.body.paths)).toEqual(expect.arrayContaining(['/api/v1/session', '/api/v1/members/{id}', '/api/v1/tokens']));
    expect(spec.body.paths['/api/v1/session'].post.requestBody).toBeDefined();
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toMatch(/html/);
  });
});
