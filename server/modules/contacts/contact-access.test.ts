import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, call, send, type TestApp } from '../../../test/helpers/app.js';
import { makeMember, makeWorkspace, signInAs, type Person, type Workspace } from '../../../test/helpers/factories.js';
import { createClientVia, createContactVia } from '../../../test/helpers/records.js';

/**
 * `contact_access` is kept by database triggers (migration 20261130090000) and decides which
 * contacts a CSM or manager sees. After every kind of change that moves a contact in or out of a
 * book, the table must equal the rule worked out from the base tables here, in plain code:
 * one row per contact and CSM or sponsor of a linked client; the creator while it has no link;
 * one per team of any of those; the contact's current name and search text on each.
 */
let t: TestApp;
let ws: Workspace;
let owner: string;
const people: Record<string, Person> = {};
const cookies: Record<string, string> = {};

beforeAll(async () => {
  t = await buildTestApp();
  ws = await makeWorkspace(t, 'Access');
  owner = await signInAs(t, ws.owner);
  for (const name of ['csm1', 'csm2', 'csm3', 'manager']) {
    people[name] = await makeMember(t, ws, name === 'manager' ? 'manager' : 'csm');
    cookies[name] = await signInAs(t, people[name] as Person);
  }
});
afterAll(() => t.close());

const m = (name: string) => (people[name] as Person).membershipId;

type Row = { contact_id: string; reader_id: string; last_name: string | null; first_name: string; search_text: string };
const key = (r: Row) => `${r.contact_id} ${r.reader_id} ${r.last_name ?? ''} ${r.first_name} ${r.search_text}`;

/** The rule, from the base tables. */
async function expected(): Promise<string[]> {
  const db = t.db;
  const contacts = await db.selectFrom('contact').select(['id', 'last_name', 'first_name', 'search_text', 'created_by_membership_id']).where('workspace_id', '=', ws.workspaceId).execute();
  const links = await db.selectFrom('client_contact').select(['client_id', 'contact_id']).where('workspace_id', '=', ws.workspaceId).execute();
  const clients = await db.selectFrom('client').select(['id', 'csm_membership_id', 'sponsor_membership_id']).where('workspace_id', '=', ws.workspaceId).execute();
  const teams = await db.selectFrom('team_member').select(['team_id', 'membership_id']).where('workspace_id', '=', ws.workspaceId).execute();
  const clientById = new Map(clients.map((c) => [c.id, c]));
  const rows: string[] = [];
  for (const c of contacts) {
    const readers = new Set<string>();
    const mine = links.filter((l) => l.contact_id === c.id);
    for (const l of mine) {
      const client = clientById.get(l.client_id);
      if (client?.csm_membership_id) readers.add(client.csm_membership_id);
      if (client?.sponsor_membership_id) readers.add(client.sponsor_membership_id);
    }
    if (mine.length === 0 && c.created_by_membership_id) readers.add(c.created_by_membership_id);
    // Each team of a reader reads it too (what a manager of that team sees).
    for (const member of [...readers]) for (const tm of teams.filter((x) => x.membership_id === member)) readers.add(tm.team_id);
    for (const r of readers) rows.push(key({ contact_id: c.id, reader_id: r, last_name: c.last_name, first_name: c.first_name, search_text: c.search_text }));
  }
  return rows.sort();
}

async function actual(): Promise<string[]> {
  const rows = await t.db.selectFrom('contact_access').select(['contact_id', 'reader_id', 'last_name', 'first_name', 'search_text']).where('workspace_id', '=', ws.workspaceId).execute();
  return rows.map(key).sort();
}

async function expectInStep(step: string): Promise<void> {
  expect(await actual(), step).toEqual(await expected());
}

async function ok(res: { status: number; body: unknown }, status = 200) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body as Record<string, any>;
}

describe('contact_access, the table behind a CSM’s contacts', () => {
  it('follows links, assignments, names, deletes, bulk edits and imports with their undo', async () => {
    const a = await createClientVia(t, owner, { name: 'Access A', csmMembershipId: m('csm1') });
    const b = await createClientVia(t, owner, { name: 'Access B', csmMembershipId: m('csm2') });
    await expectInStep('two clients, no contacts');

    const loose = await createContactVia(t, cookies.csm1 as string, { firstName: 'Lou', lastName: 'Loose', emails: ['lou@access.example'] });
    await expectInStep('an unlinked contact: its creator reads it');
    const linked = await createContactVia(t, owner, { firstName: 'Lin', lastName: 'Linked', clients: [{ clientId: a.id, roles: ['champion'] }] });
    await expectInStep('a contact created on a client');

    await ok(await send(t, 'PUT', owner, `/api/v1/clients/${b.id}/contacts/${loose.id}`, { roles: [] }));
    await expectInStep('linked: the creator gives way to the client’s CSM');
    await ok(await send(t, 'PUT', owner, `/api/v1/clients/${a.id}/contacts/${loose.id}`, { roles: ['billing'] }));
    await expectInStep('linked to a second client');

    await ok(await send(t, 'PATCH', owner, `/api/v1/clients/${b.id}`, { sponsorMembershipId: m('csm3') }));
    await expectInStep('a sponsor added');
    await ok(await send(t, 'POST', owner, '/api/v1/clients/bulk-update', { ids: [a.id, b.id], set: { csmMembershipId: m('csm3') } }));
    await expectInStep('a bulk change of CSM');
    await ok(await send(t, 'PATCH', owner, `/api/v1/clients/${a.id}`, { csmMembershipId: null }));
    await expectInStep('a CSM removed');

    await ok(await send(t, 'PATCH', owner, `/api/v1/contacts/${loose.id}`, { lastName: 'Renamed', emails: ['lou.renamed@access.example'] }));
    await expectInStep('renamed, new email');

    const managerSees = async () => {
      const res = await ok(await send(t, 'GET', cookies.manager as string, '/api/v1/contacts'));
      expect(res.total).toBe(res.items.length);
      return res.items.map((i: { name: string }) => i.name);
    };
    expect(await managerSees()).toEqual([]);
    const north = await ok(await send(t, 'POST', owner, '/api/v1/teams', { name: 'North', membershipIds: [m('manager'), m('csm3')] }), 201);
    await expectInStep('a team formed: it reads what its members read');
    // csm3 is the CSM of B, which Lou is on; Lin's client A has no CSM now.
    expect(await managerSees()).toEqual(['Lou Renamed']);
    await ok(await send(t, 'PATCH', owner, `/api/v1/clients/${a.id}`, { sponsorMembershipId: m('csm2') }));
    const south = await ok(await send(t, 'POST', owner, '/api/v1/teams', { name: 'South', membershipIds: [m('manager'), m('csm2')] }), 201);
    await expectInStep('a second team reading the same contacts');
    // Lou is read by both teams (csm3 on B, csm2 sponsoring A), Lin by South: each once, in name
    // order, in the list and its pages.
    expect(await managerSees()).toEqual(['Lin Linked', 'Lou Renamed']);
    const second = await ok(await send(t, 'GET', cookies.manager as string, '/api/v1/contacts?limit=1&offset=1'));
    expect([second.items.map((i: { name: string }) => i.name), second.total]).toEqual([['Lou Renamed'], 2]);
    await ok(await send(t, 'PATCH', owner, `/api/v1/teams/${north.id}`, { membershipIds: [m('manager')] }));
    await expectInStep('a member leaves a team');
    await ok(await send(t, 'DELETE', owner, `/api/v1/teams/${south.id}`), 204);
    await expectInStep('a team deleted');
    expect(await managerSees()).toEqual([]);

    await ok(await send(t, 'DELETE', owner, `/api/v1/clients/${b.id}/contacts/${loose.id}`), 204);
    await ok(await send(t, 'DELETE', owner, `/api/v1/clients/${a.id}/contacts/${loose.id}`), 204);
    await expectInStep('unlinked from both: the creator reads it again');

    await ok(await send(t, 'DELETE', owner, `/api/v1/clients/${a.id}`), 204);
    await expectInStep('a client deleted: its links go');
    await ok(await send(t, 'DELETE', owner, `/api/v1/contacts/${linked.id}`), 204);
    await ok(await send(t, 'DELETE', owner, `/api/v1/contacts/${loose.id}`), 204);
    await expectInStep('contacts deleted');

    await ok(await send(t, 'PATCH', owner, `/api/v1/clients/${b.id}`, { domains: ['access-b.example'], csmMembershipId: m('csm2') }));
    const upload = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports?entity=contact&fileName=people.csv',
      headers: { cookie: owner, 'sec-fetch-site': 'same-origin', 'content-type': 'text/csv' },
      payload: 'First,Last,Email,Company domain\nIma,Port,ima@access.example,access-b.example\nNo,Company,noco@access.example,',
    });
    const imp = upload.json();
    await ok(await call(t.app, { method: 'PUT', url: `/api/v1/imports/${imp.id}/mapping`, cookie: owner, body: { mapping: { First: 'first_name', Last: 'last_name', Email: 'email', 'Company domain': 'client_domain' }, matchOn: 'email' } }));
    await ok(await call(t.app, { method: 'POST', url: `/api/v1/imports/${imp.id}/run`, cookie: owner }), 202);
    await t.drainJobs();
    const done = await ok(await call(t.app, { method: 'GET', url: `/api/v1/imports/${imp.id}`, cookie: owner }));
    expect(done).toMatchObject({ status: 'done', createdRows: 2 });
    await expectInStep('imported contacts');
    const listed = await ok(await send(t, 'GET', cookies.csm2 as string, '/api/v1/contacts'));
    expect(listed.items.map((i: { name: string }) => i.name)).toEqual(['Ima Port']);

    await ok(await call(t.app, { method: 'POST', url: `/api/v1/imports/${imp.id}/undo`, cookie: owner }), 202);
    await t.drainJobs();
    await expectInStep('import undone');
    expect((await ok(await send(t, 'GET', cookies.csm2 as string, '/api/v1/contacts'))).items).toEqual([]);
  });
});
