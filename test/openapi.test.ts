import { createConfig, lintFromString } from '@redocly/openapi-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, call, type TestApp } from './helpers/app.js';
import { makeMember, makeWorkspace, signInAs, type Workspace } from './helpers/factories.js';
import { createClientVia, createContactVia, createTaskVia, logEngagementVia } from './helpers/records.js';

/**
 * The API document (`/api/openapi.json`) is what client generators and schema-driven tools read.
 * It is checked by an independent validator, Redocly's OpenAPI linter, rather than by the code
 * that writes it: the document must be valid OpenAPI 3.1, every `$ref` must resolve (a recursive
 * filter once pointed at an empty `components.schemas`), every operation must answer a 2xx, and
 * every example must match its schema.
 */

let t: TestApp;
let ws: Workspace;
let owner: string;
let doc: any;

/** Redocly's recommended rules, with what this API promises raised to errors. */
async function lint(document: unknown) {
  const config = await createConfig({
    extends: ['recommended'],
    rules: {
      struct: 'error',
      'no-unresolved-refs': 'error',
      'operation-2xx-response': 'error',
      'operation-operationId': 'error',
      'operation-operationId-unique': 'error',
      'no-invalid-media-type-examples': 'error',
      'no-invalid-schema-examples': 'error',
      'no-invalid-parameter-examples': 'error',
      // Health checks, the tag and the GPC statement have no 4xx to describe.
      'operation-4xx-response': 'off',
    },
  });
  const problems = await lintFromString({ source: JSON.stringify(document), absoluteRef: 'openapi.json', config });
  return problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? '?'}`);
}

beforeAll(async () => {
  t = await buildTestApp();
  ws = await makeWorkspace(t);
  owner = await signInAs(t, ws.owner);
  doc = (await call(t.app, { method: 'GET', url: '/api/openapi.json' })).body;
});
afterAll(() => t.close());

describe('the OpenAPI document', () => {
  it('validates: OpenAPI 3.1, every $ref resolves, every operation answers 2xx and has an id, every example matches its schema', async () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.components.schemas).sort()).toEqual(['FilterGroup', 'FilterGroupInput']);
    expect(await lint(doc)).toEqual([]);
  });

  it('the validator finds a broken reference and an example that does not match (so the check above can fail)', async () => {
    const broken = structuredClone(doc);
    delete broken.components.schemas.FilterGroupInput;
    const query = broken.paths['/api/v1/clients/query'].post.requestBody.content['application/json'].schema;
    query.example = { ...query.example, limit: 5000 };
    const problems = await lint(broken);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^error no-unresolved-refs: Can't resolve \$ref/),
        expect.stringMatching(/^error no-invalid-schema-examples: .*limit.*200/),
      ]),
    );
  });

  it('every request body refuses fields it does not name (additionalProperties: false at every level)', () => {
    const open: string[] = [];
    const walk = (schema: any, path: string): void => {
      if (!schema || typeof schema !== 'object') return;
      if (schema.$ref) return;
      if (schema.type === 'object' && schema.properties && schema.additionalProperties !== false) open.push(path);
      for (const [name, child] of Object.entries<any>(schema.properties ?? {})) walk(child, `${path}.${name}`);
      if (schema.items) walk(schema.items, `${path}[]`);
      for (const k of ['anyOf', 'oneOf', 'allOf']) for (const s of schema[k] ?? []) walk(s, path);
    };
    for (const [path, ops] of Object.entries<any>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(ops)) {
        // The Segment-compatible ingestion routes take whatever an SDK sends and judge each event alone.
        if (path.startsWith('/v1/')) continue;
        walk(op.requestBody?.content?.['application/json']?.schema, `${method.toUpperCase()} ${path} body`);
      }
    }
    for (const name of ['FilterGroupInput']) walk(doc.components.schemas[name], name);
    expect(open).toEqual([]);
  });

  it('every query string refuses a parameter it does not name, naming it', async () => {
    for (const [path, ops] of Object.entries<any>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(ops)) {
        if (!(op.parameters ?? []).some((p: { in: string }) => p.in === 'query')) continue;
        const url = `${path.replace(/\{[^}]+\}/g, 'x_1')}?candorTypo=1`;
        const res = await t.app.inject({ method: method.toUpperCase() as 'GET' | 'POST', url, headers: { cookie: owner, 'sec-fetch-site': 'same-origin', 'content-type': 'text/csv' }, payload: method === 'get' ? undefined : 'Name\nX' });
        expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(400);
        expect(res.json().error.message, `${method} ${url}`).toContain('querystring.candorTypo: is not a field of this request');
      }
    }
  });
});

describe('updates with nothing to change', () => {
  it('every PATCH (and the settings PUT) answers {} with the record as it is, writing nothing: no event, no audit entry', async () => {
    const member = await makeMember(t, ws, 'csm');
    const client = (await createClientVia(t, owner, { name: 'Unchanged Co' })).id;
    const post = async (url: string, body: unknown) => (await call(t.app, { method: 'POST', url, cookie: owner, body })).body;
    const ids: Record<string, string> = {
      members: member.membershipId,
      clients: client,
      contacts: (await createContactVia(t, owner, { firstName: 'Una', clients: [{ clientId: client }] })).id,
      tasks: (await createTaskVia(t, owner, { title: 'Unchanged', clientId: client })).id,
      timeline: (await logEngagementVia(t, owner, client, { type: 'note', title: 'Unchanged' })).id,
      sources: (await post('/api/v1/sources', { name: 'Unchanged', kind: 'server' })).source.id,
      segments: (await post('/api/v1/segments', { name: 'Unchanged', view: { columns: ['name'] } })).id,
      teams: (await post('/api/v1/teams', { name: 'Unchanged' })).id,
      'custom-fields': (await post('/api/v1/custom-fields', { label: 'Unchanged', type: 'text' })).id,
      'sales-reps': (await post('/api/v1/sales-reps', { name: 'Unchanged' })).id,
    };
    const counts = async () => {
      const events = await t.db.selectFrom('domain_event').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const audit = await t.db.selectFrom('audit_event').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return [Number(events.n), Number(audit.n)];
    };
    // A route whose body requires a field answers 400 naming it; the rest answer 200 with the record.
    const required: Record<string, string> = {
      'PUT /api/v1/session/workspace': 'body.workspaceId',
      'PUT /api/v1/me/password': 'body.currentPassword',
      'PATCH /api/v1/members/{id}': 'body.role',
      'PUT /api/v1/imports/{id}/mapping': 'body.mapping',
    };
    const tried: string[] = [];
    for (const [path, ops] of Object.entries<any>(doc.paths)) {
      for (const method of ['patch', 'put'] as const) {
        if (!ops[method] || path === '/api/v1/clients/{id}/contacts/{contactId}') continue;
        const route = `${method.toUpperCase()} ${path}`;
        const url = path.replace('{id}', ids[path.split('/')[3] as string] ?? 'x_1');
        const before = await counts();
        const res = await call(t.app, { method: method.toUpperCase() as 'PATCH' | 'PUT', url, cookie: owner, body: {} });
        if (required[route]) {
          expect(res.status, route).toBe(400);
          expect(res.body.error.message, route).toContain(required[route]);
        } else {
          expect(res.status, `${route}: ${JSON.stringify(res.body)}`).toBe(200);
        }
        expect(await counts(), route).toEqual(before);
        tried.push(route);
      }
    }
    expect(tried).toContain('PATCH /api/v1/sources/{id}');
    expect(tried.length).toBeGreaterThanOrEqual(15);
  });

  it('PATCH /api/v1/sources/{id} with {} answers the source unchanged, and with an unknown field 400 naming it', async () => {
    const created = (await call(t.app, { method: 'POST', url: '/api/v1/sources', cookie: owner, body: { name: 'Site', kind: 'browser', allowedOrigins: ['https://site.example'] } })).body.source;
    const same = await call(t.app, { method: 'PATCH', url: `/api/v1/sources/${created.id}`, cookie: owner, body: {} });
    expect(same.status).toBe(200);
    expect(same.body).toEqual(created);
    const typo = await call(t.app, { method: 'PATCH', url: `/api/v1/sources/${created.id}`, cookie: owner, body: { nmae: 'Renamed' } });
    expect(typo.status).toBe(400);
    expect(typo.body.error).toEqual({
      code: 'validation_failed',
      message: 'body.nmae: is not a field this request takes; remove it (or check its spelling)',
      details: { issues: [{ path: 'body.nmae', message: 'is not a field this request takes; remove it (or check its spelling)' }] },
    });
    const stored = await t.db.selectFrom('source').select('name').where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(stored.name).toBe('Site');
  });
});
