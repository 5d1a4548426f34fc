import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, type IdKind } from '../server/lib/ids.js';
import { buildTestApp, call, type Answer, type Call, type TestApp } from './helpers/app.js';
import { makeMember, makeWorkspace, signInAs, type Person, type Workspace } from './helpers/factories.js';
import { createClientVia, createContactVia, createTaskVia, logEngagementVia } from './helpers/records.js';

/**
 * The visibility matrix: every id a request names — in its path, its query or its body — passes
 * the same tenancy and visibility rule as a read of that record, and a record the caller may not
 * see answers exactly as one that does not exist (same status, same code, same message but for
 * the id), so no request can show a hidden record or tell whether it exists.
 *
 * Each slot is tried with the ids of records the caller may not see — another CSM's in the same
 * workspace (visibility "by role") and another workspace's — and with a made-up id of the same
 * kind. The OpenAPI document lists the slots: every path parameter and every query or body field
 * named `id`, `ids`, `…Id` or `…Ids` needs an entry here or a reason, so a new route cannot skip it.
 *
 *   W (by role): CSM me — client A, contact A, task A, entry A (mine)
 *                CSM other — client B, contact B (on B), a contact of nobody, task B, entry B,
 *                a personal segment, a session
 *   X:           another workspace with one of everything
 */

let t: TestApp;
let W: Workspace;
let X: Workspace;
let me: Person;
let other: Person;
let meCookie: string;
let ownerW: string;
let ownerX: string;
const mine: Record<string, string> = {};
/**
 * Ids of records `me` may not see, by kind: another CSM's book in W and workspace X. An owner sees
 * all of W, so on the routes asked as W's owner (admin routes, and deletes, which a CSM may not
 * do at all) only X's records are hidden.
 */
const hidden: Record<string, string[]> = {};
const foreign: Record<string, string[]> = {};

/** A slot: the request with the id in it, and which kind of record the id names. */
interface Slot {
  kind: keyof typeof KINDS;
  request: (id: string) => Call | Promise<Call>;
}

/** Kinds of record, with the id prefix of a made-up one. */
const KINDS = {
  client: 'client',
  contact: 'contact',
  task: 'task',
  engagement: 'engagement',
  segment: 'segment',
  member: 'membership',
  salesRep: 'salesRep',
  team: 'team',
  source: 'source',
  importJob: 'importJob',
  invite: 'invite',
  mail: 'mail',
  customField: 'customField',
  token: 'apiToken',
  session: 'session',
  workspace: 'workspace',
  user: 'user',
} as const satisfies Record<string, IdKind>;

const asMe = (c: Omit<Call, 'cookie'>): Call => ({ ...c, cookie: meCookie });
const asOwner = (c: Omit<Call, 'cookie'>): Call => ({ ...c, cookie: ownerW });
const NOTE = { type: 'note', title: 'Matrix note' };

/** Keyed `METHOD /openapi/path slot`, as the completeness check reads the OpenAPI document. */
const MATRIX: Record<string, Slot> = {
  'PUT /api/v1/session/workspace body.workspaceId': { kind: 'workspace', request: (id) => asMe({ method: 'PUT', url: '/api/v1/session/workspace', body: { workspaceId: id } }) },
  'DELETE /api/v1/me/sessions/{id} path.id': { kind: 'session', request: (id) => asMe({ method: 'DELETE', url: `/api/v1/me/sessions/${id}` }) },
  'GET /api/v1/members/{id} path.id': { kind: 'member', request: (id) => asMe({ method: 'GET', url: `/api/v1/members/${id}` }) },
  'PATCH /api/v1/members/{id} path.id': { kind: 'member', request: (id) => asOwner({ method: 'PATCH', url: `/api/v1/members/${id}`, body: { role: 'viewer' } }) },
  'DELETE /api/v1/members/{id} path.id': { kind: 'member', request: (id) => asOwner({ method: 'DELETE', url: `/api/v1/members/${id}` }) },
  'GET /api/v1/members/{id}/sessions path.id': { kind: 'member', request: (id) => asOwner({ method: 'GET', url: `/api/v1/members/${id}/sessions` }) },
  'DELETE /api/v1/members/{id}/sessions path.id': { kind: 'member', request: (id) => asOwner({ method: 'DELETE', url: `/api/v1/members/${id}/sessions` }) },
  'GET /api/v1/sales-reps/{id} path.id': { kind: 'salesRep', request: (id) => asMe({ method: 'GET', url: `/api/v1/sales-reps/${id}` }) },
  'PATCH /api/v1/sales-reps/{id} path.id': { kind: 'salesRep', request: (id) => asOwner({ method: 'PATCH', url: `/api/v1/sales-reps/${id}`, body: { name: 'Renamed' } }) },
  'DELETE /api/v1/sales-reps/{id} path.id': { kind: 'salesRep', request: (id) => asOwner({ method: 'DELETE', url: `/api/v1/sales-reps/${id}` }) },
  'DELETE /api/v1/tokens/{id} path.id': { kind: 'token', request: (id) => asMe({ method: 'DELETE', url: `/api/v1/tokens/${id}` }) },
  'DELETE /api/v1/invites/{id} path.id': { kind: 'invite', request: (id) => asOwner({ method: 'DELETE', url: `/api/v1/invites/${id}` }) },
  'GET /api/v1/outbox/{id} path.id': { kind: 'mail', request: (id) => asOwner({ method: 'GET', url: `/api/v1/outbox/${id}` }) },

  'GET /api/v1/clients query.csmMembershipId': { kind: 'member', request: (id) => asMe({ method: 'GET', url: `/api/v1/clients?csmMembershipId=${id}` }) },
  'POST /api/v1/clients body.csmMembershipId': { kind: 'member', request: (id) => asMe({ method: 'POST', url: '/api/v1/clients', body: { name: 'Matrix Co', csmMembershipId: id } }) },
  'POST /api/v1/clients body.sponsorMembershipId': { kind: 'member', request: (id) => asMe({ method: 'POST', url: '/api/v1/clients', body: { name: 'Matrix Co', sponsorMembershipId: id } }) },
  'POST /api/v1/clients body.salesRepId': { kind: 'salesRep', request: (id) => asMe({ method: 'POST', url: '/api/v1/clients', body: { name: 'Matrix Co', salesRepId: id } }) },
  'POST /api/v1/clients body.parentClientId': { kind: 'client', request: (id) => asMe({ method: 'POST', url: '/api/v1/clients', body: { name: 'Matrix Co', parentClientId: id } }) },
  'POST /api/v1/clients/query body.segmentId': { kind: 'segment', request: (id) => asMe({ method: 'POST', url: '/api/v1/clients/query', body: { segmentId: id } }) },
  'POST /api/v1/clients/count body.segmentId': { kind: 'segment', request: (id) => asMe({ method: 'POST', url: '/api/v1/clients/count', body: { segmentId: id } }) },
  'POST /api/v1/clients/export body.segmentId': { kind: 'segment', request: (id) => asMe({ method: 'POST', url: '/api/v1/clients/export', body: { segmentId: id } }) },
  'GET /api/v1/clients/{id} path.id': { kind: 'client', request: (id) => asMe({ method: 'GET', url: `/api/v1/clients/${id}` }) },
  'PATCH /api/v1/clients/{id} path.id': { kind: 'client', request: (id) => asMe({ method: 'PATCH', url: `/api/v1/clients/${id}`, body: { tier: 'Gold' } }) },
  'PATCH /api/v1/clients/{id} body.csmMembershipId': { kind: 'member', request: (id) => asMe({ method: 'PATCH', url: `/api/v1/clients/${mine.client}`, body: { csmMembershipId: id } }) },
  'PATCH /api/v1/clients/{id} body.sponsorMembershipId': { kind: 'member', request: (id) => asMe({ method: 'PATCH', url: `/api/v1/clients/${mine.client}`, body: { sponsorMembershipId: id } }) },
  'PATCH /api/v1/clients/{id} body.salesRepId': { kind: 'salesRep', request: (id) => asMe({ method: 'PATCH', url: `/api/v1/clients/${mine.client}`, body: { salesRepId: id } }) },
  'PATCH /api/v1/clients/{id} body.parentClientId': { kind: 'client', request: (id) => asMe({ method: 'PATCH', url: `/api/v1/clients/${mine.client}`, body: { parentClientId: id } }) },
  'DELETE /api/v1/clients/{id} path.id': { kind: 'client', request: (id) => asOwner({ method: 'DELETE', url: `/api/v1/clients/${id}` }) },
  'POST /api/v1/clients/bulk-update body.ids': { kind: 'client', request: (id) => asMe({ method: 'POST', url: '/api/v1/clients/bulk-update', body: { ids: [id], set: { tier: 'Gold' } } }) },
  'POST /api/v1/clients/bulk-update body.set.csmMembershipId': { kind: 'member', request: (id) => asMe({ method: 'POST', url: '/api/v1/clients/bulk-update', body: { ids: [mine.client], set: { csmMembershipId: id } } }) },
  'POST /api/v1/clients/bulk-update body.set.salesRepId': { kind: 'salesRep', request: (id) => asMe({ method: 'POST', url: '/api/v1/clients/bulk-update', body: { ids: [mine.client], set: { salesRepId: id } } }) },
  'GET /api/v1/clients/{id}/usage path.id': { kind: 'client', request: (id) => asMe({ method: 'GET', url: `/api/v1/clients/${id}/usage` }) },

  'GET /api/v1/contacts query.clientId': { kind: 'client', request: (id) => asMe({ method: 'GET', url: `/api/v1/contacts?clientId=${id}` }) },
  'GET /api/v1/contacts/count query.clientId': { kind: 'client', request: (id) => asMe({ method: 'GET', url: `/api/v1/contacts/count?clientId=${id}` }) },
  'POST /api/v1/contacts body.clients[].clientId': { kind: 'client', request: (id) => asMe({ method: 'POST', url: '/api/v1/contacts', body: { firstName: 'Matrix', clients: [{ clientId: id }] } }) },
  'GET /api/v1/contacts/{id} path.id': { kind: 'contact', request: (id) => asMe({ method: 'GET', url: `/api/v1/contacts/${id}` }) },
  'PATCH /api/v1/contacts/{id} path.id': { kind: 'contact', request: (id) => asMe({ method: 'PATCH', url: `/api/v1/contacts/${id}`, body: { title: 'CFO' } }) },
  'PATCH /api/v1/contacts/{id} body.clients[].clientId': { kind: 'client', request: (id) => asMe({ method: 'PATCH', url: `/api/v1/contacts/${mine.contact}`, body: { clients: [{ clientId: id }] } }) },
  'DELETE /api/v1/contacts/{id} path.id': { kind: 'contact', request: (id) => asOwner({ method: 'DELETE', url: `/api/v1/contacts/${id}` }) },
  'GET /api/v1/contacts/{id}/usage path.id': { kind: 'contact', request: (id) => asMe({ method: 'GET', url: `/api/v1/contacts/${id}/usage` }) },
  'PUT /api/v1/clients/{id}/contacts/{contactId} path.id': { kind: 'client', request: (id) => asMe({ method: 'PUT', url: `/api/v1/clients/${id}/contacts/${mine.contact}`, body: { roles: [] } }) },
  'PUT /api/v1/clients/{id}/contacts/{contactId} path.contactId': { kind: 'contact', request: (id) => asMe({ method: 'PUT', url: `/api/v1/clients/${mine.client}/contacts/${id}`, body: { roles: [] } }) },
  'DELETE /api/v1/clients/{id}/contacts/{contactId} path.id': { kind: 'client', request: (id) => asMe({ method: 'DELETE', url: `/api/v1/clients/${id}/contacts/${mine.contact}` }) },
  'DELETE /api/v1/clients/{id}/contacts/{contactId} path.contactId': { kind: 'contact', request: (id) => asMe({ method: 'DELETE', url: `/api/v1/clients/${mine.client}/contacts/${id}` }) },

  'GET /api/v1/clients/{id}/timeline path.id': { kind: 'client', request: (id) => asMe({ method: 'GET', url: `/api/v1/clients/${id}/timeline` }) },
  'POST /api/v1/clients/{id}/timeline path.id': { kind: 'client', request: (id) => asMe({ method: 'POST', url: `/api/v1/clients/${id}/timeline`, body: NOTE }) },
  'POST /api/v1/clients/{id}/timeline body.participants.contactIds': {
    kind: 'contact',
    request: (id) => asMe({ method: 'POST', url: `/api/v1/clients/${mine.client}/timeline`, body: { ...NOTE, participants: { contactIds: [mine.contact, id] } } }),
  },
  'POST /api/v1/clients/{id}/timeline body.participants.membershipIds': {
    kind: 'member',
    request: (id) => asMe({ method: 'POST', url: `/api/v1/clients/${mine.client}/timeline`, body: { ...NOTE, participants: { membershipIds: [id] } } }),
  },
  'PATCH /api/v1/timeline/{id} path.id': { kind: 'engagement', request: (id) => asMe({ method: 'PATCH', url: `/api/v1/timeline/${id}`, body: { pinned: true } }) },
  'PATCH /api/v1/timeline/{id} body.participants.contactIds': {
    kind: 'contact',
    request: (id) => asMe({ method: 'PATCH', url: `/api/v1/timeline/${mine.engagement}`, body: { participants: { contactIds: [id] } } }),
  },
  'PATCH /api/v1/timeline/{id} body.participants.membershipIds': {
    kind: 'member',
    request: (id) => asMe({ method: 'PATCH', url: `/api/v1/timeline/${mine.engagement}`, body: { participants: { membershipIds: [id] } } }),
  },
  'DELETE /api/v1/timeline/{id} path.id': { kind: 'engagement', request: (id) => asMe({ method: 'DELETE', url: `/api/v1/timeline/${id}` }) },

  'GET /api/v1/tasks query.clientId': { kind: 'client', request: (id) => asMe({ method: 'GET', url: `/api/v1/tasks?view=all&clientId=${id}` }) },
  'POST /api/v1/tasks body.clientId': { kind: 'client', request: (id) => asMe({ method: 'POST', url: '/api/v1/tasks', body: { title: 'Matrix task', clientId: id } }) },
  'POST /api/v1/tasks body.assigneeMembershipId': { kind: 'member', request: (id) => asMe({ method: 'POST', url: '/api/v1/tasks', body: { title: 'Matrix task', assigneeMembershipId: id } }) },
  'GET /api/v1/tasks/{id} path.id': { kind: 'task', request: (id) => asMe({ method: 'GET', url: `/api/v1/tasks/${id}` }) },
  'PATCH /api/v1/tasks/{id} path.id': { kind: 'task', request: (id) => asMe({ method: 'PATCH', url: `/api/v1/tasks/${id}`, body: { status: 'done' } }) },
  'PATCH /api/v1/tasks/{id} body.clientId': { kind: 'client', request: (id) => asMe({ method: 'PATCH', url: `/api/v1/tasks/${mine.task}`, body: { clientId: id } }) },
  'PATCH /api/v1/tasks/{id} body.assigneeMembershipId': { kind: 'member', request: (id) => asMe({ method: 'PATCH', url: `/api/v1/tasks/${mine.task}`, body: { assigneeMembershipId: id } }) },
  'DELETE /api/v1/tasks/{id} path.id': { kind: 'task', request: (id) => asMe({ method: 'DELETE', url: `/api/v1/tasks/${id}` }) },

  'GET /api/v1/segments/{id} path.id': { kind: 'segment', request: (id) => asMe({ method: 'GET', url: `/api/v1/segments/${id}` }) },
  'PATCH /api/v1/segments/{id} path.id': { kind: 'segment', request: (id) => asMe({ method: 'PATCH', url: `/api/v1/segments/${id}`, body: { name: 'Renamed' } }) },
  'DELETE /api/v1/segments/{id} path.id': { kind: 'segment', request: (id) => asMe({ method: 'DELETE', url: `/api/v1/segments/${id}` }) },

  'POST /api/v1/teams body.membershipIds': { kind: 'member', request: (id) => asOwner({ method: 'POST', url: '/api/v1/teams', body: { name: 'Matrix team', membershipIds: [id] } }) },
  'PATCH /api/v1/teams/{id} path.id': { kind: 'team', request: (id) => asOwner({ method: 'PATCH', url: `/api/v1/teams/${id}`, body: { name: 'Renamed' } }) },
  'PATCH /api/v1/teams/{id} body.membershipIds': { kind: 'member', request: (id) => asOwner({ method: 'PATCH', url: `/api/v1/teams/${mine.team}`, body: { membershipIds: [id] } }) },
  'DELETE /api/v1/teams/{id} path.id': { kind: 'team', request: (id) => asOwner({ method: 'DELETE', url: `/api/v1/teams/${id}` }) },
  'PATCH /api/v1/custom-fields/{id} path.id': { kind: 'customField', request: (id) => asOwner({ method: 'PATCH', url: `/api/v1/custom-fields/${id}`, body: { label: 'Renamed' } }) },

  'GET /api/v1/imports/{id} path.id': { kind: 'importJob', request: (id) => asOwner({ method: 'GET', url: `/api/v1/imports/${id}` }) },
  'DELETE /api/v1/imports/{id} path.id': { kind: 'importJob', request: (id) => asOwner({ method: 'DELETE', url: `/api/v1/imports/${id}` }) },
  'PUT /api/v1/imports/{id}/mapping path.id': { kind: 'importJob', request: (id) => asOwner({ method: 'PUT', url: `/api/v1/imports/${id}/mapping`, body: { mapping: { Name: 'name' }, matchOn: 'none' } }) },
  'POST /api/v1/imports/{id}/dry-run path.id': { kind: 'importJob', request: (id) => asOwner({ method: 'POST', url: `/api/v1/imports/${id}/dry-run` }) },
  'POST /api/v1/imports/{id}/run path.id': { kind: 'importJob', request: (id) => asOwner({ method: 'POST', url: `/api/v1/imports/${id}/run` }) },
  'POST /api/v1/imports/{id}/undo path.id': { kind: 'importJob', request: (id) => asOwner({ method: 'POST', url: `/api/v1/imports/${id}/undo` }) },

  'GET /api/v1/audit-events query.actorUserId': { kind: 'user', request: (id) => asOwner({ method: 'GET', url: `/api/v1/audit-events?actorUserId=${id}` }) },
  'GET /api/v1/audit-events/export query.actorUserId': { kind: 'user', request: (id) => asOwner({ method: 'GET', url: `/api/v1/audit-events/export?actorUserId=${id}` }) },

  'PATCH /api/v1/sources/{id} path.id': { kind: 'source', request: (id) => asOwner({ method: 'PATCH', url: `/api/v1/sources/${id}`, body: { name: 'Renamed' } }) },
  'DELETE /api/v1/sources/{id} path.id': { kind: 'source', request: (id) => asOwner({ method: 'DELETE', url: `/api/v1/sources/${id}` }) },
  'POST /api/v1/sources/{id}/rotate path.id': { kind: 'source', request: (id) => asOwner({ method: 'POST', url: `/api/v1/sources/${id}/rotate` }) },
  'POST /api/v1/usage/unmatched-groups/link body.clientId': {
    kind: 'client',
    request: (id) => asOwner({ method: 'POST', url: '/api/v1/usage/unmatched-groups/link', body: { groupId: 'matrix-account', clientId: id } }),
  },
};

/** Slots the OpenAPI document names that are not record ids, and why. */
const NOT_RECORD_IDS: Record<string, string> = {
  'GET /tag/v1/{file} path.file': 'a file name of the built tracking tag, the same for everyone',
  'POST /api/v1/clients body.externalId': 'a value the caller sets, not a reference; a clash says only that the value is taken, as for domains and emails',
  'PATCH /api/v1/clients/{id} body.externalId': 'a value the caller sets, not a reference (see POST /api/v1/clients)',
  'POST /api/v1/contacts body.externalId': 'a value the caller sets, not a reference (see POST /api/v1/clients)',
  'PATCH /api/v1/contacts/{id} body.externalId': 'a value the caller sets, not a reference (see POST /api/v1/clients)',
  'POST /api/v1/usage/unmatched-groups/ignore body.groupId': 'an account id a product sent, scoped to the workspace (test/route-matrix.test.ts proves another workspace’s is not found)',
  'POST /api/v1/usage/unmatched-groups/link body.groupId': 'an account id a product sent, scoped to the workspace (test/route-matrix.test.ts proves another workspace’s is not found)',
};

const isIdField = (name: string) => /^(id|ids)$|Ids?$/.test(name);

/** Every id slot of every operation in the OpenAPI document, keyed as MATRIX is. */
function slotsOf(doc: any): string[] {
  const out: string[] = [];
  const walk = (schema: any, path: string, found: string[], depth: number): void => {
    if (!schema || typeof schema !== 'object' || depth > 6) return;
    if (schema.$ref) return walk(doc.components.schemas[String(schema.$ref).split('/').pop() as string], path, found, depth + 1);
    for (const [name, child] of Object.entries<any>(schema.properties ?? {})) {
      if (isIdField(name)) found.push(`${path}.${name}`);
      walk(child, `${path}.${name}`, found, depth);
    }
    if (schema.items) walk(schema.items, `${path}[]`, found, depth);
    for (const k of ['anyOf', 'oneOf', 'allOf']) for (const s of schema[k] ?? []) walk(s, path, found, depth);
  };
  for (const [path, ops] of Object.entries<any>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(ops)) {
      const found: string[] = [];
      for (const p of op.parameters ?? []) if (p.in === 'path' || isIdField(p.name)) found.push(`${p.in}.${p.name}`);
      walk(op.requestBody?.content?.['application/json']?.schema, 'body', found, 0);
      for (const slot of new Set(found)) out.push(`${method.toUpperCase()} ${path} ${slot}`);
    }
  }
  return out.sort();
}

/** The answer with the id written as `<id>`, so a hidden id and a made-up one compare. */
function normalised(res: Answer, id: string): { status: number; body: string } {
  const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body ?? null);
  return { status: res.status, body: text.split(id).join('<id>') };
}

beforeAll(async () => {
  t = await buildTestApp();
  W = await makeWorkspace(t, 'Workspace W');
  X = await makeWorkspace(t, 'Workspace X');
  me = await makeMember(t, W, 'csm');
  other = await makeMember(t, W, 'csm');
  const xCsm = await makeMember(t, X, 'csm');
  meCookie = await signInAs(t, me);
  const otherCookie = await signInAs(t, other);
  ownerW = await signInAs(t, W.owner);
  ownerX = await signInAs(t, X.owner);
  const post = async (cookie: string, url: string, body: unknown) => {
    const res = await call(t.app, { method: 'POST', url, cookie, body });
    expect(res.status, `${url}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
    return res.body;
  };

  mine.client = (await createClientVia(t, meCookie, { name: 'Mine Co' })).id;
  mine.contact = (await createContactVia(t, meCookie, { firstName: 'Mina', lastName: 'Mine', clients: [{ clientId: mine.client }] })).id;
  mine.task = (await createTaskVia(t, meCookie, { title: 'Mine', clientId: mine.client })).id;
  mine.engagement = (await logEngagementVia(t, meCookie, mine.client, NOTE)).id;
  mine.team = (await post(ownerW, '/api/v1/teams', { name: 'Mine team', membershipIds: [] })).id;

  // Another CSM's book in the same workspace.
  const clientB = (await createClientVia(t, otherCookie, { name: 'Other Co' })).id;
  const contactB = (await createContactVia(t, otherCookie, { firstName: 'Otto', lastName: 'Other', clients: [{ clientId: clientB }] })).id;
  const looseB = (await createContactVia(t, otherCookie, { firstName: 'Lou', lastName: 'Loose' })).id;
  const taskB = (await createTaskVia(t, otherCookie, { title: 'Other', clientId: clientB })).id;
  const engagementB = (await logEngagementVia(t, otherCookie, clientB, NOTE)).id;
  const segmentB = (await post(otherCookie, '/api/v1/segments', { name: 'Other’s own', view: { columns: ['name'] } })).id;
  const sessionB = (await call(t.app, { method: 'GET', url: '/api/v1/me/sessions', cookie: otherCookie })).body.items.find((s: { current: boolean }) => s.current).id;
  const tokenB = (await post(otherCookie, '/api/v1/tokens', { name: 'Other’s token' })).item.id;

  // One of everything in workspace X.
  const clientX = (await createClientVia(t, ownerX, { name: 'Foreign Co' })).id;
  const contactX = (await createContactVia(t, ownerX, { firstName: 'Fay', lastName: 'Foreign', clients: [{ clientId: clientX }] })).id;
  const taskX = (await createTaskVia(t, ownerX, { title: 'Foreign', clientId: clientX })).id;
  const engagementX = (await logEngagementVia(t, ownerX, clientX, NOTE)).id;
  const segmentX = (await post(ownerX, '/api/v1/segments', { name: 'Foreign', scope: 'global', view: { columns: ['name'] } })).id;
  const repX = (await post(ownerX, '/api/v1/sales-reps', { name: 'Foreign Rep' })).id;
  const teamX = (await post(ownerX, '/api/v1/teams', { name: 'Foreign team', membershipIds: [xCsm.membershipId] })).id;
  const sourceX = (await post(ownerX, '/api/v1/sources', { name: 'Foreign site', kind: 'server' })).source.id;
  const inviteX = (await post(ownerX, '/api/v1/invites', { email: 'foreign-invitee@example.test', role: 'csm' })).id;
  await t.drainJobs();
  const mailX = (await call(t.app, { method: 'GET', url: '/api/v1/outbox', cookie: ownerX })).body.items[0].id;
  const fieldX = (await post(ownerX, '/api/v1/custom-fields', { label: 'Foreign field', type: 'text' })).id;
  const tokenX = (await post(ownerX, '/api/v1/tokens', { name: 'Foreign token' })).item.id;
  const sessionX = (await call(t.app, { method: 'GET', url: '/api/v1/me/sessions', cookie: ownerX })).body.items.find((s: { current: boolean }) => s.current).id;
  const importX = (
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports?entity=client&fileName=x.csv',
      headers: { cookie: ownerX, 'sec-fetch-site': 'same-origin', 'content-type': 'text/csv' },
      payload: 'Name\nForeign Import Co',
    })
  ).json().id;

  Object.assign(hidden, {
    client: [clientB, clientX],
    contact: [contactB, looseB, contactX],
    task: [taskB, taskX],
    engagement: [engagementB, engagementX],
    segment: [segmentB, segmentX],
    member: [xCsm.membershipId, X.owner.membershipId],
    salesRep: [repX],
    team: [teamX],
    source: [sourceX],
    importJob: [importX],
    invite: [inviteX],
    mail: [mailX],
    customField: [fieldX],
    token: [tokenB, tokenX],
    session: [sessionB, sessionX],
    workspace: [X.workspaceId],
    user: [X.owner.userId],
  } satisfies Record<keyof typeof KINDS, string[]>);
  const inX = new Set([clientX, contactX, taskX, engagementX, segmentX, xCsm.membershipId, X.owner.membershipId, repX, teamX, sourceX, importX, inviteX, mailX, fieldX, tokenX, sessionX, X.workspaceId, X.owner.userId]);
  for (const [kind, ids] of Object.entries(hidden)) foreign[kind] = ids.filter((id) => inX.has(id));
});
afterAll(() => t.close());

describe('visibility matrix', () => {
  it('every id slot of the OpenAPI document has an entry, or a reason it names no record', async () => {
    const doc = (await call(t.app, { method: 'GET', url: '/api/openapi.json' })).body;
    const slots = slotsOf(doc);
    expect(slots.filter((s) => !MATRIX[s] && !NOT_RECORD_IDS[s])).toEqual([]);
    expect([...Object.keys(MATRIX), ...Object.keys(NOT_RECORD_IDS)].filter((k) => !slots.includes(k))).toEqual([]);
  });

  for (const [slot, entry] of Object.entries(MATRIX)) {
    it(`[P45][P47] ${slot}: a ${entry.kind} the caller may not see answers as one that does not exist`, async () => {
      const missing = newId(KINDS[entry.kind]);
      const expected = normalised(await call(t.app, await entry.request(missing)), missing);
      // A refusal, never a success that would have acted on the record (a list filtered by a
      // missing id answers 200 with nothing in it, and must do the same for a hidden one).
      expect(expected.status, expected.body).not.toBe(500);
      const request = await entry.request(missing);
      const ids = (request.cookie === ownerW ? foreign : hidden)[entry.kind] ?? [];
      expect(ids.length, `no ${entry.kind} to try`).toBeGreaterThan(0);
      for (const id of ids) {
        const answer = normalised(await call(t.app, await entry.request(id)), id);
        expect(answer, `${slot} with ${id}`).toEqual(expected);
      }
    });
  }

  it('[P45] a timeline entry naming a hidden contact is refused and stores nothing; one the caller can see is stored', async () => {
    const [contactB, looseB] = hidden.contact as [string, string];
    const entries = async () => (await call(t.app, { method: 'GET', url: `/api/v1/clients/${mine.client}/timeline`, cookie: meCookie })).body.items.length;
    const before = await entries();
    for (const id of [contactB, looseB]) {
      const res = await call(t.app, { method: 'POST', url: `/api/v1/clients/${mine.client}/timeline`, cookie: meCookie, body: { ...NOTE, participants: { contactIds: [id] } } });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(`body.participants.contactIds: ${id} is not a contact you can see`);
    }
    expect(await entries()).toBe(before);
    const ok = await call(t.app, { method: 'POST', url: `/api/v1/clients/${mine.client}/timeline`, cookie: meCookie, body: { ...NOTE, participants: { contactIds: [mine.contact] } } });
    expect(ok.status).toBe(201);
    expect(ok.body.participants).toEqual([{ type: 'contact', id: mine.contact, name: 'Mina Mine' }]);
  });
});
