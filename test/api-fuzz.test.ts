import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotp } from '../server/modules/auth/totp.js';
import { buildTestApp, TEST_SETUP_CODE, type TestApp } from './helpers/app.js';
import { FACTORY_PASSWORD, makeMember, makeWorkspace, signInAs, type Person, type Workspace } from './helpers/factories.js';
import {
  bodyVariants,
  csvVariants,
  deepJson,
  ingestSchema,
  INGEST_TYPES,
  validIngestBody,
  encodeJson,
  filterValues,
  fullObject,
  minimalObject,
  mutationsFor,
  pathLabel,
  pathParamVariants,
  preview,
  queryVariants,
  REMOVE,
  resolveRefs,
  seededShuffle,
  slotsOf,
  typesOf,
  unwrap,
  valueAt,
  withValueAt,
  type Body,
  type GridColumn,
  type Hints,
  type IngestType,
  type QueryParam,
  type Schema,
  type Variant,
} from './helpers/fuzz.js';
import { mailTokenFor } from './helpers/records.js';

/**
 * Schema-driven fuzzing of the whole HTTP API. Every operation in /api/openapi.json (generated from
 * the routes' zod schemas), plus the hidden short ingestion paths, gets malformed variants of a
 * valid request: wrong types, boundary numbers, long and odd strings, deep nesting, bad encodings
 * and content types, unknown fields, odd path and query values. A variant changes one thing of a
 * request that is otherwise valid (real ids of records made in setup), so it gets past the earlier
 * checks and reaches the code behind them.
 *
 * Each operation is one test, which sends all its variants and then fails once, listing every
 * variant that got a 5xx, an error body not of the API's shape, or a 2xx for input its schema
 * certainly refuses, each with how to reproduce it and the error the server logged.
 */

/** Fixed, so every run sends the same requests: it picks which variants fill each operation's cap. */
const SEED = 'candor-api-fuzz-v1';

/**
 * Variants per operation, chosen by time. Every variant of every operation is ~28,500 requests:
 * about 3 min on SQLite and 9 on PostgreSQL on the 2-core development machine (shared with other
 * work), where a request costs ~3 ms on SQLite and ~7 ms on PostgreSQL on average and a password
 * check ~30 ms. At 60 per operation as the owner (or a fresh admin for their own account), 12 as a
 * CSM, 28 on the routes that check a password and ~1,100 grid filters, a run is ~7,900 requests:
 * 35–60 s on SQLite and 70–75 s on PostgreSQL. Within the cap the valid requests and the
 * whole-body and content-type variants always go (cheap, refused early, and where parsers break);
 * path, query and field variants share the rest round-robin in a seeded order (see `choose`). When
 * the caps were set, the capped run found every distinct failure the full one did.
 */
const OWNER_CAP = 60;
const CSM_CAP = 12;
/** Routes that verify or hash a password (argon2, deliberately slow) get fewer. */
const SLOW_CAP = 28;
const SLOW_OPS = new Set(['POST /api/v1/session', 'POST /api/v1/invites/accept', 'POST /api/v1/password-resets/complete', 'PUT /api/v1/me/password', 'POST /api/v1/me/mfa/disable', 'POST /api/v1/me/mfa/recovery-codes', 'POST /api/v1/setup', 'PATCH /api/v1/me', 'POST /api/v1/me/mfa/enable']);
/** Filter conditions tried on the grid query (of ~2,500 column × operator × value combinations). */
const FILTER_CAP = 700;
const FILTER_CAP_CSM = 150;

const API_BODY_LIMIT = 256 * 1024;
const INGEST_BODY_LIMIT = 500 * 1024;

// The app, with its error log captured: a 500's log line says what broke.

interface LogLine {
  level: number;
  reqId?: string;
  msg?: string;
  err?: { type?: string; message?: string; stack?: string; code?: string };
  [k: string]: unknown;
}
const logs: LogLine[] = [];
const logStream = {
  write(chunk: string | Buffer) {
    for (const line of String(chunk).split('\n')) {
      if (!line.trim()) continue;
      try {
        logs.push(JSON.parse(line) as LogLine);
      } catch {
        logs.push({ level: 60, msg: line });
      }
    }
    return true;
  },
} as unknown as NodeJS.WritableStream;

const METRICS_TOKEN = 'metrics-token-for-the-api-fuzz';
// Ingestion's per-key rate limit would turn later variants into 429s; 0 switches it off. The
// metrics token lets GET /metrics get past its check.
const t: TestApp = await buildTestApp({ logStream, env: { LOG_LEVEL: 'warn', INGEST_EVENTS_PER_SECOND: '0', METRICS_TOKEN } });
afterAll(() => t.close());

/** The OpenAPI document, fetched from the app as a client would. */
const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
  paths: Record<string, Record<string, { parameters?: { in: string; name: string; required?: boolean; schema: Schema }[]; requestBody?: { content: Record<string, { schema: Schema }> } }>>;
  components?: { schemas?: Record<string, Schema> };
};


// Operations: the document's, and the scoped routes it hides (the ingestion paths' short aliases).

interface Op {
  readonly key: string;
  readonly method: string;
  /** OpenAPI template, `{id}` style. */
  readonly path: string;
  readonly scope: 'public' | 'app' | 'admin' | 'unscoped';
  readonly pathParams: string[];
  readonly query: QueryParam[];
  /** json: a JSON body schema; ingest: Segment's; csv: the import upload; none: no body declared. */
  readonly kind: 'json' | 'ingest' | 'csv' | 'none';
  readonly body?: Schema;
  readonly ingestType?: IngestType;
  readonly hidden: boolean;
}

function operations(): Op[] {
  const scopes = new Map(t.app.candorRoutes.map((r) => [`${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`, r.scope]));
  const ops: Op[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [m, spec] of Object.entries(methods)) {
      const method = m.toUpperCase();
      const key = `${method} ${path}`;
      const ingest = /^\/v1\/(\w+)$/.exec(path)?.[1] as Op['ingestType'];
      const content = spec.requestBody?.content;
      const jsonSchema = content?.['application/json']?.schema;
      const kind: Op['kind'] = ingest ? 'ingest' : path === '/api/v1/imports' && method === 'POST' ? 'csv' : jsonSchema?.type === 'object' || jsonSchema?.properties ? 'json' : 'none';
      const resolve = (s: Schema) => resolveRefs(s, doc.components?.schemas ?? {});
      ops.push({
        key,
        method,
        path,
        scope: scopes.get(key) ?? 'unscoped',
        pathParams: (spec.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
        query: (spec.parameters ?? []).filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: resolve(p.schema), required: !!p.required })),
        kind,
        ...(kind === 'json' && jsonSchema ? { body: resolve(jsonSchema) } : {}),
        ...(ingest ? { ingestType: ingest, body: ingestSchema(ingest) } : {}),
        hidden: false,
      });
    }
  }
  const known = new Set(ops.map((o) => o.key));
  for (const r of t.app.candorRoutes) {
    const path = r.url.replace(/:(\w+)/g, '{$1}');
    const key = `${r.method} ${path}`;
    if (r.scope === 'unscoped' || known.has(key) || r.method === 'HEAD') continue;
    const alias = Object.entries(INGEST_TYPES).find(([, short]) => path === `/v1/${short}`)?.[0] ?? (path === '/v1/b' ? 'batch' : undefined);
    const type = alias as Op['ingestType'];
    ops.push({ key, method: r.method, path: path === '/v1/*' ? '/v1/track' : path, scope: r.scope, pathParams: [], query: [], kind: type ? 'ingest' : 'none', ...(type ? { ingestType: type, body: ingestSchema(type) } : {}), hidden: true });
  }
  return ops;
}
const OPS = operations();

// The world the valid requests point into: one workspace, its records, and fresh ones on demand.

let ws: Workspace;
let owner: Person;
let ownerCookie: string;
let csm: Person;
let csmCookie: string;
/** The CSM's API token: their pass goes through bearer authentication, the owner's through the cookie. */
let csmToken: string;
/** Signs in with its email in the sign-in and password-reset routes' valid bodies. */
let signInPerson: Person;
let writeKey: string;
let gridColumns: GridColumn[] = [];
const ids: Record<string, string> = {};

/**
 * A request of the setup, as the owner's browser unless another cookie is given, from an address
 * of its own: the rate limits (invites, MFA, sign-in) count per address, and setup makes many.
 */
async function api(method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown, cookie: string | undefined = ownerCookie): Promise<{ status: number; body: any }> {
  const res = await t.app.inject({
    method,
    url,
    remoteAddress: nextAddress(),
    headers: { 'sec-fetch-site': 'same-origin', ...(cookie ? { cookie } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  });
  let parsed: unknown = res.body;
  try {
    parsed = JSON.parse(res.body);
  } catch {
    // not JSON (an empty 204): the text stands
  }
  return { status: res.statusCode, body: parsed };
}
/** `api`, failing the test unless the request succeeded. */
async function mustCreate(method: 'POST' | 'PUT', url: string, body: unknown, cookie = ownerCookie): Promise<any> {
  const res = await api(method, url, body, cookie);
  expect(res.status, `${method} ${url}: ${JSON.stringify(res.body)?.slice(0, 300)}`).toBeLessThan(300);
  return res.body;
}
let serial = 0;
const unique = () => `${(serial++).toString(36)}`;

const mailToken = (to: string, kind: 'invite' | 'reset-password') => mailTokenFor(t, to, kind);

async function upload(): Promise<string> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/imports?entity=client&fileName=fuzz.csv',
    headers: { cookie: ownerCookie, 'sec-fetch-site': 'same-origin', 'content-type': 'text/csv' },
    payload: `Name,Domain\nFuzz Import ${unique()},fuzz-import-${unique()}.example`,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

/**
 * Makes a record of a kind, through the API as the owner. The shared ones are made once; a
 * destructive operation gets a fresh one, replaced each time a variant succeeds (deleted it, say),
 * so later variants still reach past the lookup.
 */
const MAKERS: Record<string, () => Promise<string>> = {
  client: async () => (await mustCreate('POST', '/api/v1/clients', { name: `Fuzz client ${unique()}`, csmMembershipId: csm.membershipId })).id,
  contact: async () => (await mustCreate('POST', '/api/v1/contacts', { firstName: 'Fuzz', lastName: `Contact ${unique()}`, clients: [{ clientId: ids.client, roles: [] }] })).id,
  task: async () => (await mustCreate('POST', '/api/v1/tasks', { title: 'Fuzz task', clientId: ids.client })).id,
  engagement: async () => (await mustCreate('POST', `/api/v1/clients/${ids.client}/timeline`, { type: 'note', title: 'Fuzz note', bodyHtml: '<p>fuzz</p>' })).id,
  segment: async () => (await mustCreate('POST', '/api/v1/segments', { name: `Fuzz segment ${unique()}`, scope: 'global', view: { columns: ['name'], sort: [] } })).id,
  customField: async () => (await mustCreate('POST', '/api/v1/custom-fields', { label: `Fuzz field ${unique()}`, type: 'text' })).id,
  team: async () => (await mustCreate('POST', '/api/v1/teams', { name: `Fuzz team ${unique()}`, membershipIds: [] })).id,
  source: async () => (await mustCreate('POST', '/api/v1/sources', { name: `Fuzz site ${unique()}`, kind: 'browser', allowedOrigins: ['https://site.example'] })).source.id,
  salesRep: async () => (await mustCreate('POST', '/api/v1/sales-reps', { name: `Fuzz rep ${unique()}` })).id,
  token: async () => (await mustCreate('POST', '/api/v1/tokens', { name: `fuzz ${unique()}` })).item.id,
  invite: async () => (await mustCreate('POST', '/api/v1/invites', { email: `invitee-${unique()}@example.test`, role: 'viewer' })).id,
  inviteToken: async () => {
    const email = `accept-${unique()}@example.test`;
    await mustCreate('POST', '/api/v1/invites', { email, role: 'viewer' });
    return mailToken(email, 'invite');
  },
  resetToken: async () => {
    const person = await makeMember(t, ws, 'viewer');
    await mustCreate('POST', '/api/v1/password-resets', { email: person.email }, '');
    return mailToken(person.email, 'reset-password');
  },
  member: async () => (await makeMember(t, ws, 'csm')).membershipId,
  import: async () => {
    const id = await upload();
    await mustCreate('PUT', `/api/v1/imports/${id}/mapping`, { mapping: { Name: 'name', Domain: 'domains' }, matchOn: 'none' });
    return id;
  },
  /** Only a finished import can be undone. */
  finishedImport: async () => {
    const id = await MAKERS.import!();
    await mustCreate('POST', `/api/v1/imports/${id}/run`, undefined);
    await t.drainJobs();
    return id;
  },
  group: async () => {
    const groupId = `fuzz-account-${unique()}`;
    const res = await t.app.inject({ method: 'POST', url: '/v1/group', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ writeKey, userId: `u-${groupId}`, groupId, traits: { name: 'Fuzz Co' } }) });
    expect(res.statusCode, res.body).toBe(200);
    return groupId;
  },
};

/** The record kind a path parameter names, read from the path segment before it. */
function kindOfParam(path: string, param: string): string | undefined {
  if (param === 'contactId') return 'contact';
  if (param !== 'id') return undefined;
  const segment = /\/([\w-]+)\/\{id\}/.exec(path)?.[1];
  const kinds: Record<string, string> = {
    clients: 'client',
    contacts: 'contact',
    timeline: 'engagement',
    tasks: 'task',
    segments: 'segment',
    'custom-fields': 'customField',
    teams: 'team',
    imports: 'import',
    'sales-reps': 'salesRep',
    members: 'member',
    sources: 'source',
    tokens: 'token',
    invites: 'invite',
    outbox: 'mail',
    sessions: 'session',
  };
  return segment ? kinds[segment] : undefined;
}

/** Operations that use up or change the record they name: they get their own, renewed after each success. */
function isDestructive(op: Op): boolean {
  return (
    op.method === 'DELETE' ||
    /\/rotate$|\/imports\/\{id\}\/(run|undo|dry-run|mapping)$/.test(op.path) ||
    (op.method === 'PATCH' && op.path === '/api/v1/members/{id}') ||
    op.key === 'POST /api/v1/invites/accept' ||
    op.key === 'POST /api/v1/password-resets/complete' ||
    op.key === 'POST /api/v1/usage/unmatched-groups/link' ||
    op.key === 'POST /api/v1/me/mfa/enable' ||
    op.key === 'POST /api/v1/me/mfa/disable'
  );
}

/**
 * Operations on the caller's own account and session: run as a fresh admin made for the
 * operation, so a variant that changes a password, ends a session or leaves the workspace harms
 * nobody else; after a success that ends the session or membership, the caller is made again.
 */
const isSelfOp = (op: Op) => op.scope !== 'public' && /^\/api\/v1\/(me|session)\b/.test(op.path);
const endsCaller = (op: Op) => op.key === 'DELETE /api/v1/session' || op.key === 'DELETE /api/v1/me/membership' || op.key === 'PUT /api/v1/session/workspace';

interface Caller {
  readonly role: 'owner' | 'csm' | 'self' | 'anonymous';
  person?: Person;
  cookie?: string;
  headers?: Record<string, string>;
  /** The session a self operation may end (DELETE /api/v1/me/sessions/{id}): another of the caller's. */
  otherSession?: string;
  /** Two-factor sign-in: set up and waiting for its first code, or on; and the code it takes now. */
  mfa?: 'pending' | 'on';
  totp?: string;
}

/** The MFA routes need their caller in the state they act on, or they stop at a 409. */
const MFA_STATE: Record<string, Caller['mfa']> = {
  'POST /api/v1/me/mfa/enable': 'pending',
  'POST /api/v1/me/mfa/disable': 'on',
  'POST /api/v1/me/mfa/recovery-codes': 'on',
};

async function freshSelf(mfa?: Caller['mfa']): Promise<Caller> {
  const person = await makeMember(t, ws, 'admin');
  const caller: Caller = { role: 'self', person, cookie: await signInAs(t, person), ...(mfa ? { mfa } : {}) };
  const other = await signInAs(t, person);
  const list = await api('GET', '/api/v1/me/sessions', undefined, other);
  caller.otherSession = list.body.items.find((s: { current: boolean }) => !s.current)?.id;
  if (mfa) {
    const setup = await api('POST', '/api/v1/me/mfa/setup', undefined, caller.cookie);
    // The clock is the test's and stands still, so this code stays valid for the whole operation.
    caller.totp = await currentTotp(setup.body.secret, t.clock.now());
    if (mfa === 'on') await mustCreate('POST', '/api/v1/me/mfa/enable', { code: caller.totp, currentPassword: FACTORY_PASSWORD }, caller.cookie);
  }
  return caller;
}

/**
 * The record an operation's valid request names. Reads share the records made in setup; every
 * write gets records of its own, so what its variants change (a client's CSM, a status) cannot
 * stop another operation's variants early; a destructive one gets a new one after each success.
 */
const victims = new Map<string, string>();
async function target(op: Op, kind: string, caller: Caller): Promise<string> {
  if (kind === 'session') return caller.otherSession ?? 'none';
  if (kind === 'import' && op.key === 'POST /api/v1/imports/{id}/undo') kind = 'finishedImport';
  if (op.method === 'GET' || !MAKERS[kind]) return ids[kind] ?? `unknown-${kind}`;
  const key = `${op.key} ${kind}`;
  let id = victims.get(key);
  if (!id) {
    id = await MAKERS[kind]!();
    victims.set(key, id);
  }
  return id;
}
async function renewTargets(op: Op, caller: Caller): Promise<void> {
  if (isDestructive(op)) for (const key of [...victims.keys()]) if (key.startsWith(`${op.key} `)) victims.delete(key);
  if (isSelfOp(op) && caller.person) Object.assign(caller, await freshSelf(caller.mfa));
}

/**
 * Stand-ins for values a destructive operation uses up (an invite token, an unmatched account),
 * replaced when each request is sent by the one currently aimed at: a variant made before a
 * success renewed the record still points at the new one.
 */
const AIM = { inviteToken: 'zzaiminviteTokenzz', resetToken: 'zzaimresetTokenzz', group: 'zzaimgroupzz', client: 'zzaimclientzz', totp: 'zzaimtotpzz' } as const;

/**
 * Valid values by property name: real ids, an email that exists, a password that passes. Strings
 * holding `zzuniqzz` get a per-request counter when sent, so names and emails stay unique.
 */
function hintsFor(op: Op, caller: Caller): Hints {
  const self = caller.person;
  return (name, schema) => {
    switch (name) {
      case 'clientId':
        // Linking an account sets the client's external id: a client of its own each time.
        return op.key === 'POST /api/v1/usage/unmatched-groups/link' ? AIM.client : ids.client;
      case 'code':
        return op.key === 'POST /api/v1/me/mfa/enable' ? AIM.totp : '123456';
      case 'parentClientId':
        return ids.client2;
      case 'contactIds':
        return [ids.contact];
      case 'membershipIds':
        return [csm.membershipId];
      case 'csmMembershipId':
      case 'assigneeMembershipId':
        return csm.membershipId;
      case 'sponsorMembershipId':
        return owner.membershipId;
      case 'salesRepId':
        return ids.salesRep;
      case 'segmentId':
        return ids.segment;
      case 'workspaceId':
        return ws.workspaceId;
      case 'actorUserId':
        return owner.userId;
      case 'groupId':
        return op.key === 'POST /api/v1/usage/unmatched-groups/link' ? AIM.group : ids.group;
      case 'ids':
        // A client of the bulk update's own: its variants may unassign the CSM or change the status.
        return [ids.bulkClient];
      case 'writeKey':
        return writeKey;
      case 'email':
        if (op.key === 'POST /api/v1/session' || op.key === 'POST /api/v1/password-resets') return signInPerson.email;
        if (op.key === 'PATCH /api/v1/me') return self?.email;
        return `fuzz-zzuniqzz@example.test`;
      case 'emails':
        return ['contact-zzuniqzz@example.test'];
      case 'password':
        return op.key === 'POST /api/v1/session' ? FACTORY_PASSWORD : 'a long enough passphrase for fuzzing';
      case 'newPassword':
        return 'another long enough passphrase for fuzzing';
      case 'currentPassword':
        return FACTORY_PASSWORD;
      case 'token':
        if (op.key === 'POST /api/v1/invites/accept') return AIM.inviteToken;
        if (op.key === 'POST /api/v1/password-resets/complete') return AIM.resetToken;
        return ids.inviteToken;
      case 'setupCode':
        return TEST_SETUP_CODE;
      case 'domains':
        return ['fuzz-zzuniqzz.example'];
      case 'allowedOrigins':
        return ['https://site.example'];
      case 'keyEvents':
        return ['Opened'];
      case 'maskedParams':
        return ['ref'];
      case 'tags':
      case 'addTags':
      case 'removeTags':
        return ['fuzz'];
      case 'column':
        return 'name';
      case 'columns':
        return ['name', 'status'];
      case 'mapping':
        return { Name: 'name', Domain: 'domains' };
      case 'matchOn':
        return 'none';
      case 'number':
      case 'phone':
        return '+1 555 0100';
      case 'filter':
        return { op: 'and', conditions: [{ column: 'name', op: 'contains', value: 'fuzz' }] };
      case 'customFields':
        return schema.default !== undefined ? undefined : { [ids.customFieldKey as string]: 'fuzz' };
      case 'name':
        return 'Fuzz zzuniqzz';
      case 'label':
        return 'Fuzz label zzuniqzz';
      case 'externalId':
        return 'ext-zzuniqzz';
      case 'q':
        return 'fuzz';
      case 'person':
        return 'fuzz-person';
      case 'since':
        return '2026-11-29T00:00:00.000Z';
      default:
        return undefined;
    }
  };
}

beforeAll(async () => {
  ws = await makeWorkspace(t, 'Fuzz workspace');
  owner = ws.owner;
  ownerCookie = await signInAs(t, owner);
  csm = await makeMember(t, ws, 'csm');
  csmCookie = await signInAs(t, csm);
  csmToken = (await mustCreate('POST', '/api/v1/tokens', { name: 'fuzz csm' }, csmCookie)).token;
  signInPerson = await makeMember(t, ws, 'viewer');
  const server = await mustCreate('POST', '/api/v1/sources', { name: 'Fuzz backend', kind: 'server' });
  writeKey = server.writeKey;
  ids.client = await MAKERS.client!();
  ids.client2 = await MAKERS.client!();
  ids.bulkClient = await MAKERS.client!();
  for (const kind of ['contact', 'task', 'engagement', 'segment', 'customField', 'team', 'source', 'salesRep', 'token', 'invite', 'inviteToken', 'import', 'group'] as const) {
    ids[kind] = await MAKERS[kind]!();
  }
  ids.member = csm.membershipId;
  const field = await api('GET', '/api/v1/custom-fields?entity=client');
  ids.customFieldKey = field.body.items.find((f: { id: string }) => f.id === ids.customField)?.key;
  const outbox = await api('GET', '/api/v1/outbox');
  ids.mail = outbox.body.items[0]?.id;
  const columns = await api('GET', '/api/v1/clients/columns');
  gridColumns = columns.body.columns ?? columns.body.items ?? [];
});

// Planning: the variants of one operation for one caller

interface Plan {
  /** The valid path parameters and used-up values, renewed after a destructive success. */
  aim: Aim;
  readonly query: Record<string, string>;
  readonly body?: unknown;
  readonly variants: Variant[];
}
interface Aim {
  readonly params: Record<string, string>;
  readonly values: Partial<Record<keyof typeof AIM, string>>;
}

async function aim(op: Op, caller: Caller): Promise<Aim> {
  const params: Record<string, string> = {};
  for (const p of op.pathParams) {
    const kind = kindOfParam(op.path, p);
    params[p] = p === 'file' ? 'candor.js' : kind ? await target(op, kind, caller) : 'x';
  }
  const values: Aim['values'] = {};
  if (op.key === 'POST /api/v1/invites/accept') values.inviteToken = await target(op, 'inviteToken', caller);
  if (op.key === 'POST /api/v1/password-resets/complete') values.resetToken = await target(op, 'resetToken', caller);
  if (op.key === 'POST /api/v1/usage/unmatched-groups/link') {
    values.group = await target(op, 'group', caller);
    values.client = await target(op, 'client', caller);
  }
  if (caller.totp) values.totp = caller.totp;
  // Unlinking needs a link: the operation's own contact, linked to its own client.
  if (op.key === 'DELETE /api/v1/clients/{id}/contacts/{contactId}') await api('PUT', `/api/v1/clients/${params.id}/contacts/${params.contactId}`, { roles: [] });
  return { params, values };
}

/**
 * Picks at most `cap` variants. With room, the valid requests and every whole-body and
 * content-type variant go (cheap, refused early, and where parsers break); path, query and field
 * variants share the rest round-robin, one bucket per parameter or body slot, each in a seeded
 * order, so every field gets some of its mutations and different ones per operation. The filter
 * matrix has its own cap and is added whole.
 */
function choose(op: Op, variants: Variant[], cap: number, seed: string): Variant[] {
  const controls = variants.filter((v) => v.family === 'control' || (v.family === 'unknown-field' && v.label.startsWith('body ←')));
  const filters = variants.filter((v) => v.family === 'filter');
  const whole = variants.filter((v) => v.family === 'body' || v.family === 'content-type');
  const keepWhole = controls.length + whole.length <= cap / 2 + 20;
  const rest = variants.filter((v) => !controls.includes(v) && v.family !== 'filter' && !(keepWhole && (v.family === 'body' || v.family === 'content-type')));
  const buckets = new Map<string, Variant[]>();
  for (const v of rest) {
    const bucket = v.family === 'path' || v.family === 'query' ? (/^(path|query) (\S+)/.exec(v.label)?.[0] ?? v.family) : v.family === 'body' || v.family === 'content-type' ? v.family : (v.label.split(' ← ')[0] ?? v.family);
    buckets.set(bucket, [...(buckets.get(bucket) ?? []), v]);
  }
  const queues = seededShuffle([...buckets.entries()], `${seed} ${op.key}`).map(([name, list]) => {
    const shuffled = seededShuffle(list, `${seed} ${op.key} ${name}`);
    return [...shuffled.filter((v) => v.priority), ...shuffled.filter((v) => !v.priority)];
  });
  const kept = [...controls, ...(keepWhole ? whole : [])];
  const room = Math.max(cap - kept.length, Math.floor(cap / 2));
  const picked: Variant[] = [];
  while (picked.length < room && queues.some((q) => q.length > 0)) {
    for (const q of queues) {
      const v = q.shift();
      if (v && picked.length < room) picked.push(v);
    }
  }
  return [...kept, ...picked, ...filters];
}

async function plan(op: Op, caller: Caller, cap: number): Promise<Plan> {
  const hints = hintsFor(op, caller);

  const query: Record<string, string> = {};
  for (const q of op.query) {
    const hinted = hints(q.name, q.schema);
    if (q.required || hinted !== undefined) query[q.name] = String(hinted ?? minimalValue(q.schema, q.name, hints));
  }

  const variants: Variant[] = [];
  let body: unknown;
  if (op.kind === 'ingest' && op.ingestType) body = validIngestBody(op.ingestType, writeKey);
  else if (op.kind === 'json' && op.body) body = { ...minimalObject(op.body, hints), ...BASE_EXTRAS[op.key] };
  variants.push({ label: 'the valid request', family: 'control', expect: 'valid' });
  if (op.body && (op.kind === 'json' || op.kind === 'ingest')) {
    const full = op.kind === 'ingest' ? { ...(body as object), messageId: 'fuzz-full', context: { ip: '203.0.113.9' }, timestamp: '2026-11-29T08:00:00.000Z' } : fullObject(op.body, hints);
    variants.push({ label: 'the valid request with every property', family: 'control', expect: 'any', body: { kind: 'json', value: full } });
  }

  const nulRefused = op.kind !== 'ingest';
  const unknownRefused = op.kind === 'json';
  if (op.kind === 'json') variants.push({ label: 'body ← with an unknown property "fuzzUnknown"', family: 'unknown-field', expect: 'invalid', body: { kind: 'json', value: { ...(body as object), fuzzUnknown: 1 } } });
  if (op.method !== 'GET' && op.kind !== 'csv') {
    // Ingestion also takes the write key as the Basic user, which lets a body that is not an
    // object (or has no key) reach the parser instead of stopping at "no write key".
    const auth = op.kind === 'ingest' ? { authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` } : undefined;
    const whole = bodyVariants((body ?? {}) as Record<string, unknown>, {
      contentType: 'application/json',
      alsoAccepted: op.kind === 'ingest' ? ['text/plain'] : [],
      objectBody: op.kind === 'json' || op.kind === 'ingest',
      // Ingestion: a page or screen call may carry nothing but the key (a cookieless view).
      emptyOk: op.kind === 'none' || op.kind === 'ingest' || (op.kind === 'json' && !(op.body?.required ?? []).length),
      unknownRefused,
      nulRefused,
      bodyLimit: op.kind === 'ingest' ? INGEST_BODY_LIMIT : API_BODY_LIMIT,
    });
    variants.push(...(auth ? whole.map((v) => ({ ...v, headers: { ...auth, ...v.headers } })) : whole));
  } else if (op.method === 'GET') {
    variants.push({ label: 'a GET with a JSON body', family: 'body', expect: 'any', body: { kind: 'json', value: { fuzz: 1 } }, contentType: 'application/json' });
  }
  if (op.kind === 'csv') variants.push(...csvVariants());

  if (op.body && body !== undefined) {
    for (const slot of slotsOf(op.body, op.kind === 'ingest' ? 4 : 3)) {
      const current = valueAt(body, slot.path);
      const where = pathLabel(slot.path);
      const parentHint = (path: (string | number)[]) => {
        const last = path[path.length - 1];
        return typeof last === 'string' ? hints(last, {}) : undefined;
      };
      for (const m of mutationsFor(slot.schema, String(slot.path.filter((p) => typeof p === 'string').pop() ?? ''), current, { nulRefused, unknownRefused })) {
        variants.push({ label: `${where} ← ${m.label}`, family: m.family ?? 'field', expect: m.expect, ...(m.priority ? { priority: true } : {}), body: { kind: 'json', value: withValueAt(body, slot.path, m.value, parentHint) } });
      }
      if (slot.required && current !== undefined && typeof slot.path[slot.path.length - 1] === 'string') {
        variants.push({ label: `${where} ← left out (required)`, family: 'field', expect: 'invalid', body: { kind: 'json', value: withValueAt(body, slot.path, REMOVE, parentHint) } });
      }
    }
    if (op.kind === 'ingest') {
      // Event payloads are free-form JSON, walked by the parser, the privacy rules and the
      // writer: nested at depths around where a recursive walk overflows the stack (~4,000 once did).
      for (const field of ['properties', 'context', 'traits']) {
        const where = op.ingestType === 'batch' ? ['batch', 0, field] : [field];
        for (const depth of [1_000, 4_000, 5_000]) {
          variants.push({ label: `${pathLabel(where)} ← objects nested ${depth} levels`, family: 'field', expect: 'any', body: { kind: 'json', value: withValueAt(body, where, deepJson(depth, 'object'), () => undefined) } });
        }
        for (const depth of [1_000, 4_000, 5_000, 100_000]) {
          variants.push({ label: `${pathLabel(where)} ← {"a": arrays nested ${depth} levels}`, family: 'field', expect: 'any', body: { kind: 'json', value: withValueAt(body, where, { a: deepJson(depth, 'array') }, () => undefined) } });
        }
      }
    }
  }

  const aimed = await aim(op, caller);
  for (const p of op.pathParams) {
    // An id of another kind of record (never the same kind: a DELETE would remove the shared one).
    const other = kindOfParam(op.path, p) === 'contact' ? ids.task : ids.contact;
    variants.push(...pathParamVariants(p, aimed.params[p] ?? 'x', other ?? 'x'));
  }
  if (op.query.length > 0 || op.method === 'GET') variants.push(...queryVariants(op.query, query));
  if (op.key === 'POST /api/v1/clients/query' || op.key === 'POST /api/v1/clients/count') {
    const filterCap = (caller.role === 'csm' ? FILTER_CAP_CSM : FILTER_CAP) / (op.key.endsWith('/count') ? 2 : 1);
    variants.push(...filterMatrix(op, body as Record<string, unknown>, filterCap));
  }
  return { aim: aimed, query, body, variants: choose(op, variants, cap, SEED) };
}

/**
 * Optional properties a valid request needs all the same (rules the schema cannot state: a browser
 * source names its origins, setup from afar needs the code, a bulk update must change something).
 */
const BASE_EXTRAS: Record<string, Record<string, unknown>> = {
  'POST /api/v1/setup': { setupCode: TEST_SETUP_CODE },
  'POST /api/v1/session/mfa': { code: '123456' },
  'POST /api/v1/invites/accept': { name: 'Fuzz Person' },
  'POST /api/v1/clients/bulk-update': { set: { tier: 'Gold' } },
  'POST /api/v1/sources': { allowedOrigins: ['https://site.example'] },
};

function minimalValue(s: Schema, name: string, hints: Hints): unknown {
  const u = unwrap(s);
  const hinted = hints(name, u);
  if (hinted !== undefined) return hinted;
  if (u.default !== undefined) return u.default;
  if (u.enum?.[0] !== undefined) return u.enum[0];
  if (typesOf(u)?.has('integer')) return u.minimum ?? 1;
  return 'fuzz';
}

/** One condition per variant: every grid column × operator × value of its kind, in a seeded sample. */
function filterMatrix(op: Op, base: Record<string, unknown>, cap: number): Variant[] {
  const all: Variant[] = [];
  for (const column of gridColumns) {
    for (const operator of column.operators) {
      for (const value of filterValues(column.type, operator)) {
        const condition = value.value === undefined ? { column: column.key, op: operator } : { column: column.key, op: operator, value: value.value };
        all.push({ label: `filter ${column.key} ${operator} ${value.label}`, family: 'filter', expect: 'any', body: { kind: 'json', value: { ...base, filter: { op: 'and', conditions: [condition] } } } });
      }
    }
    if (op.key.endsWith('/query') && column.type !== 'list' && column.type !== 'tags') {
      for (const dir of ['asc', 'desc']) all.push({ label: `sort ${column.key} ${dir}`, family: 'filter', expect: 'any', body: { kind: 'json', value: { ...base, sort: [{ column: column.key, dir }], columns: gridColumns.map((c) => c.key).slice(0, 40) } } });
    }
  }
  // Every sort, and the huge numbers on every comparison, always go (where the grid broke before:
  // a sort by a usage column, PostgreSQL's integer range); the rest is a seeded sample.
  const must = all.filter((v) => v.label.startsWith('sort ') || /^filter \S+ (gt|gte|lt|lte|eq) (1e308|-1e308|2\^53\+1|400-digit|1e999)/.test(v.label));
  const others = seededShuffle(all.filter((v) => !must.includes(v)), `${SEED} ${op.key} filters`);
  return [...must, ...others].slice(0, cap);
}

// Sending and judging

interface Failure {
  readonly problem: string;
  readonly as: string;
  readonly variant: string;
  readonly status: number;
  readonly request: string;
  readonly payload: string;
  readonly answer: string;
  /** The error code of the answer (`error.code`, or Fastify's own `code`), for grouping. */
  readonly code?: string;
  readonly log?: string;
}

const stats = { planMs: 0, injectMs: 0, requests: 0, failures: 0, controlsFailed: new Map<string, string>(), started: Date.now() };
let address = 0;
/** A client address not used before: the per-IP rate limits of sign-in and the link routes would otherwise answer 429 before validation after a few requests. */
function nextAddress(): string {
  address += 1;
  return `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}`;
}

/** Replaces a marker byte-wise (the payload need not be valid UTF-8); a function gives each its own value. */
function replaceBytes(buf: Buffer, marker: string, by: string | (() => string)): Buffer {
  const needle = Buffer.from(marker);
  if (buf.indexOf(needle) < 0) return buf;
  const parts: Buffer[] = [];
  let from = 0;
  for (let at = buf.indexOf(needle); at >= 0; at = buf.indexOf(needle, from)) {
    parts.push(buf.subarray(from, at), Buffer.from(typeof by === 'string' ? by : by()));
    from = at + needle.length;
  }
  parts.push(buf.subarray(from));
  return Buffer.concat(parts);
}

function urlOf(op: Op, p: Plan, v: Variant): string {
  let path = op.path;
  for (const name of op.pathParams) path = path.replace(`{${name}}`, v.params?.[name] ?? encodeURIComponent(p.aim.params[name] ?? 'x'));
  const query = v.query ?? Object.entries(p.query).map(([k, val]) => `${k}=${encodeURIComponent(val)}`).join('&');
  return query ? `${path}?${query}` : path;
}

function payloadOf(op: Op, p: Plan, v: Variant): Buffer | undefined {
  const body: Body | undefined = v.body ?? (p.body !== undefined ? { kind: 'json', value: p.body } : op.kind === 'csv' ? { kind: 'bytes', bytes: Buffer.from('Name,Domain\nFuzz Co zzuniqzz,fuzz-zzuniqzz.example\n') } : undefined);
  if (!body || body.kind === 'none') return undefined;
  let bytes = body.kind === 'json' ? encodeJson(body.value) : body.bytes;
  for (const [name, placeholder] of Object.entries(AIM)) {
    const current = p.aim.values[name as keyof typeof AIM];
    if (current) bytes = replaceBytes(bytes, placeholder, current);
  }
  return replaceBytes(bytes, 'zzuniqzz', () => `u${unique()}`);
}

function codeOf(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body);
    const code = parsed?.error?.code ?? parsed?.code;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}

function errorLogsSince(from: number): LogLine[] {
  return logs.slice(from).filter((l) => l.level >= 50);
}

function describeLog(lines: LogLine[]): string | undefined {
  if (lines.length === 0) return undefined;
  return lines
    .map((l) => `${l.msg ?? ''}${l.err ? `: ${l.err.type ?? ''} ${l.err.message ?? ''}`.slice(0, 400) : ''}${l.err?.stack ? ` @ ${l.err.stack.split('\n').slice(1, 3).map((s) => s.trim()).join(' ← ')}` : ''}`)
    .join(' | ');
}

async function send(op: Op, p: Plan, v: Variant, caller: Caller): Promise<{ status: number; failure?: Failure }> {
  const url = urlOf(op, p, v);
  const payload = payloadOf(op, p, v);
  const headers: Record<string, string> = { 'sec-fetch-site': 'same-origin', ...(caller.cookie ? { cookie: caller.cookie } : {}), ...caller.headers };
  const type = v.contentType === undefined ? (payload ? (op.kind === 'csv' ? 'text/csv' : 'application/json') : undefined) : v.contentType;
  if (type) headers['content-type'] = type;
  if (payload && payload.length === 0) headers['content-length'] = '0';
  Object.assign(headers, v.headers);
  const remoteAddress = nextAddress();
  const logFrom = logs.length;
  stats.requests += 1;
  const began = performance.now();
  const res = await t.app.inject({ method: op.method as 'GET', url, headers, remoteAddress, ...(payload ? { payload } : {}) });
  const status = res.statusCode;
  stats.injectMs += performance.now() - began;
  const errors = errorLogsSince(logFrom);
  const fail = (problem: string): { status: number; failure: Failure } => ({
    status,
    failure: {
      problem,
      as: caller.role,
      variant: v.label,
      status,
      request: `${op.method} ${preview(url, 200)}${type ? ` [${type}]` : ''}${v.headers ? ` ${JSON.stringify(v.headers)}` : ''}`,
      payload: preview(payload, 300),
      answer: preview(res.body, 200),
      ...(codeOf(res.body) ? { code: codeOf(res.body) } : {}),
      ...(errors.length ? { log: describeLog(errors) } : {}),
    },
  });

  if (v.family === 'control' && v.expect === 'valid') {
    if (status >= 300) stats.controlsFailed.set(`${caller.role} ${op.key}`, `${status} ${preview(res.body, 160)}`);
  }
  if (status >= 500) return fail(`answered ${status}`);
  if (status >= 400) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(res.body);
    } catch {
      parsed = undefined;
    }
    const error = (parsed as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    if (typeof error?.code !== 'string' || !error.code || typeof error.message !== 'string' || !error.message.trim()) return fail(`answered ${status} without the error shape { error: { code, message } }`);
  }
  if (status < 300 && v.expect === 'invalid') return fail(`answered ${status} to input its schema refuses`);
  if (errors.length) return fail(`logged an error while answering ${status}`);
  return { status };
}

/** Runs a plan's variants as a caller, renewing what a successful destructive variant used up. */
async function run(op: Op, caller: Caller, cap: number): Promise<Failure[]> {
  const failures: Failure[] = [];
  const planStart = performance.now();
  const p = await plan(op, caller, cap);
  stats.planMs += performance.now() - planStart;
  for (const v of p.variants) {
    const { status, failure } = await send(op, p, v, caller);
    if (failure) failures.push(failure);
    const usedUp = status < 300 && (isDestructive(op) || (isSelfOp(op) && endsCaller(op)));
    // A 401 to a caller whose cookie no longer works means a variant ended the session (say, a password change).
    const signedOut = status === 401 && caller.cookie !== undefined && (await api('GET', '/api/v1/me', undefined, caller.cookie)).status === 401;
    if (usedUp || signedOut) {
      await renewTargets(op, caller);
      if (signedOut && !caller.person) caller.cookie = ownerCookie = await signInAs(t, owner);
      p.aim = await aim(op, caller);
    }
  }
  stats.failures += failures.length;
  for (const f of failures) {
    const entry = causes.get(causeOf(f)) ?? { count: 0, ops: new Set<string>(), example: `as ${f.as}: ${f.variant}` };
    entry.count += 1;
    entry.ops.add(op.key);
    causes.set(causeOf(f), entry);
  }
  return failures;
}

/**
 * The failures of one operation, grouped by cause (the problem, the answer's error code or first
 * words, the logged error's message): each group shows one example in full and names the rest.
 */
function causeOf(f: Failure): string {
  // A 2xx has no error code, and what it answered does not tell causes apart.
  const answer = f.status < 400 ? '' : (f.code ?? f.answer.slice(0, 60));
  const logged = (f.log ?? '').split(' @ ')[0]?.replace(/\b[a-z]+_[0-9a-z]{20,}\b|req-\w+|"[^"]*"/g, '…');
  return [f.problem, answer, logged].filter(Boolean).join(' | ');
}

/** Every failure of the run by cause, for the summary after the last test. */
const causes = new Map<string, { count: number; ops: Set<string>; example: string }>();

function report(op: Op, failures: Failure[]): string {
  const groups = new Map<string, Failure[]>();
  for (const f of failures) groups.set(causeOf(f), [...(groups.get(causeOf(f)) ?? []), f]);
  const blocks = [...groups.values()].map((list, i) => {
    const f = list[0] as Failure;
    const others = list.slice(1).map((o) => `as ${o.as}: ${o.variant}`);
    return [
      `${i + 1}. ${f.problem} — as ${f.as}: ${f.variant}`,
      `   ${f.request}`,
      `   payload: ${f.payload}`,
      `   answer: ${f.answer}`,
      ...(f.log ? [`   log: ${f.log}`] : []),
      ...(others.length ? [`   the same for ${others.length} more: ${others.join('; ').slice(0, 1500)}`] : []),
    ].join('\n');
  });
  return `${op.key}: ${failures.length} failing variant(s), ${groups.size} distinct\n${blocks.join('\n')}\n`;
}

// The tests: one per operation

describe('API fuzzing', () => {
  it('reads the operations from the OpenAPI document', () => {
    expect(Object.keys(doc.paths).length).toBeGreaterThan(50);
    expect(OPS.filter((o) => !o.hidden).length).toBeGreaterThan(100);
  });

  for (const op of OPS) {
    it(`${op.key}${op.hidden ? ' (hidden)' : ''}`, { timeout: 180_000 }, async () => {
      const failures: Failure[] = [];
      if (op.scope === 'public' || op.scope === 'unscoped') {
        const caller: Caller = { role: 'anonymous', ...(op.path === '/metrics' ? { headers: { authorization: `Bearer ${METRICS_TOKEN}` } } : {}) };
        failures.push(...(await run(op, caller, SLOW_OPS.has(op.key) ? SLOW_CAP : op.hidden ? Math.floor(OWNER_CAP / 3) : OWNER_CAP)));
      } else if (isSelfOp(op)) {
        failures.push(...(await run(op, await freshSelf(MFA_STATE[op.key]), SLOW_OPS.has(op.key) ? SLOW_CAP : OWNER_CAP)));
      } else {
        failures.push(...(await run(op, { role: 'owner', person: undefined, cookie: ownerCookie }, OWNER_CAP)));
        // A CSM goes through the other visibility rules (their own book); admin routes stop them at the scope.
        failures.push(...(await run(op, { role: 'csm', headers: { authorization: `Bearer ${csmToken}` } }, op.scope === 'admin' ? 3 : CSM_CAP)));
      }
      expect(failures.length, report(op, failures)).toBe(0);
    });
  }

  it('logs no error from background work (jobs the fuzzed requests queued)', { timeout: 120_000 }, async () => {
    const from = logs.length;
    await t.drainJobs();
    const errors = errorLogsSince(from);
    expect(errors.length, describeLog(errors)).toBe(0);
  });
});

afterAll(() => {
  const seconds = ((Date.now() - stats.started) / 1000).toFixed(1);
  // A CSM is refused on purpose on many routes; the owner's, a self caller's and anonymous misses are the ones to look at.
  const notReached = [...stats.controlsFailed].filter(([k]) => !k.startsWith('csm ')).map(([k, why]) => `  ${k}: ${why}`).join('\n');
  console.log(
    `api-fuzz (${t.database.dialect}): ${stats.requests} requests over ${OPS.length} operations in ${seconds} s (${(stats.injectMs / 1000).toFixed(1)} s answering, ${(stats.planMs / 1000).toFixed(1)} s planning); ${stats.failures} failing variants.\n` +
      `Valid requests that did not answer 2xx (their variants reach less deep):\n${notReached || '  none'}\n` +
      `Failures by cause:\n${[...causes].map(([cause, c]) => `  ${c.count}× ${cause}\n      in ${[...c.ops].join(', ')}\n      e.g. ${c.example}`).join('\n') || '  none'}`,
  );
});
