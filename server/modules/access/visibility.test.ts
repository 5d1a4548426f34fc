import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, send, type TestApp } from '../../../test/helpers/app.js';
import { makeMember, makeWorkspace, signInAs, type Person, type Workspace } from '../../../test/helpers/factories.js';
import { createClientVia, createContactVia, createTaskVia, logEngagementVia } from '../../../test/helpers/records.js';

/**
 * Record visibility by role, one surface per test. Cross-workspace isolation (P47) is proven
 * route by route in test/route-matrix.test.ts; here everything is one workspace:
 *
 *   A: CSM csm1           D: CSM csm3, sponsor csm1       team "North": manager, csm1, csm2
 *   B: CSM csm2           E: sponsor viewer, no CSM
 *   C: CSM csm3           F: nobody's
 */
let t: TestApp;
let ws: Workspace;
const cookies: Record<string, string> = {};
const people: Record<string, Person> = {};
const LETTERS = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
type Letter = (typeof LETTERS)[number];
const client = {} as Record<Letter, string>;
const contact = {} as Record<Letter, string>;
const task = {} as Record<Letter, string>;
const ALL = [...LETTERS];

/** Who sees which clients under the default `by_role` setting. */
const EXPECTED: Record<string, string[]> = {
  owner: ALL,
  admin: ALL,
  executive: ALL,
  manager: ['A', 'B', 'D'],
  csm1: ['A', 'D'],
  csm2: ['B'],
  csm3: ['C', 'D'],
  viewer: ['E'],
};
const WHO = Object.keys(EXPECTED);

const letterOfClient = (id: string) => LETTERS.find((l) => client[l] === id) ?? `?${id}`;
const letterOfContact = (id: string) => LETTERS.find((l) => contact[l] === id) ?? `?${id}`;
const sorted = (xs: string[]) => [...xs].sort();

beforeAll(async () => {
  t = await buildTestApp();
  ws = await makeWorkspace(t);
  people.owner = ws.owner;
  for (const [name, role] of [
    ['admin', 'admin'],
    ['executive', 'executive'],
    ['manager', 'manager'],
    ['csm1', 'csm'],
    ['csm2', 'csm'],
    ['csm3', 'csm'],
    ['viewer', 'viewer'],
  ] as const) {
    people[name] = await makeMember(t, ws, role);
  }
  for (const name of WHO) cookies[name] = await signInAs(t, people[name] as Person);
  const owner = cookies.owner as string;
  const m = (name: string) => (people[name] as Person).membershipId;

  const team = await send(t, 'POST', owner, '/api/v1/teams', { name: 'North', membershipIds: [m('manager'), m('csm1'), m('csm2')] });
  expect(team.status).toBe(201);

  const specs: Record<string, Record<string, unknown>> = {
    A: { csmMembershipId: m('csm1') },
    B: { csmMembershipId: m('csm2') },
    C: { csmMembershipId: m('csm3') },
    D: { csmMembershipId: m('csm3'), sponsorMembershipId: m('csm1') },
    E: { sponsorMembershipId: m('viewer') },
    F: {},
  };
  for (const l of LETTERS) {
    const id = (await createClientVia(t, owner, { name: `Visco ${l}`, domains: [`visco-${l.toLowerCase()}.com`], ...specs[l] })).id;
    client[l] = id;
    contact[l] = (await createContactVia(t, owner, { firstName: 'Person', lastName: `Visco${l}`, emails: [`p${l.toLowerCase()}@visco.example`], clients: [{ clientId: id }] })).id;
    await logEngagementVia(t, owner, id, { type: 'note', title: `Note ${l}` });
    task[l] = (await createTaskVia(t, owner, { title: `Task ${l}`, clientId: id, assigneeMembershipId: null })).id;
  }
});
afterAll(() => t.close());

async function setVisibility(recordVisibility: 'by_role' | 'open'): Promise<void> {
  const res = await send(t, 'PATCH', cookies.owner as string, '/api/v1/workspace', { recordVisibility });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.recordVisibility).toBe(recordVisibility);
}

/** What one surface shows a member, as client letters (null when the surface refuses the member). */
type Surface = (cookie: string) => Promise<string[] | null>;

const SURFACES: Record<string, Surface> = {
  async list(cookie) {
    const res = await send(t, 'GET', cookie, '/api/v1/clients?limit=200');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(res.body.items.length);
    return res.body.items.map((i: { id: string }) => letterOfClient(i.id));
  },
  async read(cookie) {
    const seen: string[] = [];
    for (const l of LETTERS) {
      const res = await send(t, 'GET', cookie, `/api/v1/clients/${client[l]}`);
      expect([200, 404]).toContain(res.status);
      if (res.status === 200) seen.push(l);
      else expect(res.body.error).toEqual({ code: 'not_found', message: 'No such client.' });
    }
    return seen;
  },
  async query(cookie) {
    const res = await send(t, 'POST', cookie, '/api/v1/clients/query', { limit: 200 });
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(res.body.rows.length);
    const filtered = await send(t, 'POST', cookie, '/api/v1/clients/query', { limit: 1, filter: { op: 'and', conditions: [{ column: 'name', op: 'contains', value: 'visco' }] } });
    expect(filtered.body.total).toBe(res.body.total);
    return res.body.rows.map((r: { id: string }) => letterOfClient(r.id));
  },
  async search(cookie) {
    const res = await send(t, 'GET', cookie, '/api/v1/search?q=visco&limit=50');
    expect(res.status).toBe(200);
    const clients = res.body.clients.map((c: { id: string }) => letterOfClient(c.id));
    // Contacts follow their clients, in search as everywhere.
    expect(sorted(res.body.contacts.map((c: { id: string }) => letterOfContact(c.id)))).toEqual(sorted(clients));
    expect(res.body.totals).toEqual({ clients: clients.length, contacts: clients.length });
    const byDomain = await send(t, 'GET', cookie, '/api/v1/search?q=visco-c.com');
    expect(byDomain.body.clients.map((c: { id: string }) => letterOfClient(c.id))).toEqual(clients.includes('C') ? ['C'] : []);
    return clients;
  },
  async export(cookie) {
    const res = await send(t, 'POST', cookie, '/api/v1/clients/export', { columns: ['name'] });
    if (res.status === 404) return null;
    expect(res.status).toBe(200);
    const ids = String(res.body)
      .split('\r\n')
      .slice(1)
      .filter(Boolean)
      .map((line) => line.split(',')[0] as string);
    return ids.map(letterOfClient);
  },
  async contacts(cookie) {
    const list = await send(t, 'GET', cookie, '/api/v1/contacts?limit=200');
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(list.body.items.length);
    const listed = list.body.items.map((c: { id: string }) => letterOfContact(c.id));
    const read: string[] = [];
    for (const l of LETTERS) {
      const res = await send(t, 'GET', cookie, `/api/v1/contacts/${contact[l]}`);
      if (res.status === 200) read.push(l);
      else expect(res.status).toBe(404);
    }
    expect(sorted(read)).toEqual(sorted(listed));
    return listed;
  },
  async timeline(cookie) {
    const seen: string[] = [];
    for (const l of LETTERS) {
      const res = await send(t, 'GET', cookie, `/api/v1/clients/${client[l]}/timeline`);
      if (res.status === 404) continue;
      expect(res.status).toBe(200);
      expect(res.body.items.map((i: { title: string }) => i.title)).toEqual([`Note ${l}`]);
      seen.push(l);
    }
    return seen;
  },
  async tasks(cookie) {
    const list = await send(t, 'GET', cookie, '/api/v1/tasks?view=all&limit=200');
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(list.body.items.length);
    const listed = list.body.items.map((i: { client: { id: string } }) => letterOfClient(i.client.id));
    const read: string[] = [];
    for (const l of LETTERS) {
      const res = await send(t, 'GET', cookie, `/api/v1/tasks/${task[l]}`);
      if (res.status === 200) read.push(l);
      else expect(res.status).toBe(404);
    }
    expect(sorted(read)).toEqual(sorted(listed));
    return listed;
  },
};

/** Every member's view of one surface, as { member: letters }. */
async function viewsOf(surface: Surface): Promise<Record<string, string[] | null>> {
  const out: Record<string, string[] | null> = {};
  for (const who of WHO) {
    const seen = await surface(cookies[who] as string);
    out[who] = seen === null ? null : sorted(seen);
  }
  return out;
}

describe('record visibility by role', () => {
  it('a CSM sees their book, a manager their team’s, executives, admins and owners everything, a viewer their own', async () => {
    expect(await viewsOf(SURFACES.list as Surface)).toEqual(EXPECTED);
  });

  for (const name of ['read', 'query', 'search', 'contacts', 'timeline', 'tasks'] as const) {
    it(`the same rule applies to ${name}`, async () => {
      expect(await viewsOf(SURFACES[name] as Surface)).toEqual(EXPECTED);
    });
  }

  it('the same rule applies to export (a viewer cannot export at all)', async () => {
    expect(await viewsOf(SURFACES.export as Surface)).toEqual({ ...EXPECTED, viewer: null });
  });

  it('a CSM cannot change, log on or add tasks to a client outside their book', async () => {
    const csm = cookies.csm2 as string;
    expect((await send(t, 'PATCH', csm, `/api/v1/clients/${client.A}`, { tier: 'Gold' })).status).toBe(404);
    expect((await send(t, 'POST', csm, `/api/v1/clients/${client.A}/timeline`, { type: 'note', title: 'x' })).status).toBe(404);
    expect((await send(t, 'POST', csm, '/api/v1/tasks', { title: 'x', clientId: client.A })).status).toBe(404);
    expect((await send(t, 'PATCH', csm, `/api/v1/contacts/${contact.A}`, { title: 'x' })).status).toBe(404);
    expect((await send(t, 'POST', csm, '/api/v1/clients/bulk-update', { ids: [client.A, client.B], set: { tier: 'Gold' } })).body).toEqual({ updated: 1, skipped: [client.A] });
    const a = await t.db.selectFrom('client').select('tier').where('id', '=', client.A).executeTakeFirstOrThrow();
    expect(a.tier).toBeNull();
  });

  it('a manager’s view follows the team’s membership', async () => {
    const owner = cookies.owner as string;
    const team = (await send(t, 'GET', owner, '/api/v1/teams')).body.items.find((x: { name: string }) => x.name === 'North');
    const m = (name: string) => (people[name] as Person).membershipId;
    await send(t, 'PATCH', owner, `/api/v1/teams/${team.id}`, { membershipIds: [m('manager'), m('csm3')] });
    try {
      expect(sorted((await SURFACES.list?.(cookies.manager as string)) ?? [])).toEqual(['C', 'D']);
    } finally {
      await send(t, 'PATCH', owner, `/api/v1/teams/${team.id}`, { membershipIds: [m('manager'), m('csm1'), m('csm2')] });
    }
    expect(sorted((await SURFACES.list?.(cookies.manager as string)) ?? [])).toEqual(EXPECTED.manager);
  });

  it('[P45] a timeline entry counts, never names, the contacts its reader may not see, and an edit by that reader keeps them', async () => {
    // csm1 logs a call on A with A's contact; an admin adds B's contact (csm2's book) to it.
    const csm1 = cookies.csm1 as string;
    const entry = await logEngagementVia(t, csm1, client.A, { type: 'call', title: 'Joint call', participants: { contactIds: [contact.A] } });
    const added = await send(t, 'PATCH', cookies.admin as string, `/api/v1/timeline/${entry.id}`, { participants: { contactIds: [contact.A, contact.B] } });
    expect(added.status).toBe(200);
    expect(added.body.participants.map((p: { id: string }) => p.id).sort()).toEqual([contact.A, contact.B].sort());
    expect(added.body.hiddenParticipants).toBe(0);
    const seenBy = async (who: string) => {
      const res = await send(t, 'GET', cookies[who] as string, `/api/v1/clients/${client.A}/timeline`);
      const item = res.body.items.find((i: { id: string }) => i.id === entry.id);
      return { names: item.participants.map((p: { name: string }) => p.name), hidden: item.hiddenParticipants };
    };
    expect(await seenBy('csm1')).toEqual({ names: ['Person ViscoA'], hidden: 1 });
    expect(await seenBy('manager')).toEqual({ names: expect.arrayContaining(['Person ViscoA', 'Person ViscoB']), hidden: 0 });
    // csm1 edits the participants they see; the contact they cannot see stays on the entry.
    const edited = await send(t, 'PATCH', csm1, `/api/v1/timeline/${entry.id}`, { title: 'Joint call (notes)', participants: { contactIds: [] } });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ participants: [], hiddenParticipants: 1 });
    const stored = await t.db.selectFrom('engagement_participant').select('participant_id').where('engagement_id', '=', entry.id).execute();
    expect(stored.map((r) => r.participant_id)).toEqual([contact.B]);
    await send(t, 'DELETE', cookies.admin as string, `/api/v1/timeline/${entry.id}`);
  });

  it('a contact on no client is its creator’s, and their manager’s, in the list, the count, search and the record', async () => {
    const loose = await createContactVia(t, cookies.csm1 as string, { firstName: 'Unlinked', lastName: 'Lorimer', emails: ['lorimer@visco.example'] });
    try {
      for (const [who, sees] of [['csm1', true], ['manager', true], ['owner', true], ['csm2', false], ['csm3', false], ['viewer', false]] as const) {
        const cookie = cookies[who] as string;
        const list = await send(t, 'GET', cookie, '/api/v1/contacts?q=lorimer');
        expect(list.body.items.map((i: { id: string }) => i.id), who).toEqual(sees ? [loose.id] : []);
        expect(list.body.total, who).toBe(sees ? 1 : 0);
        const found = await send(t, 'GET', cookie, '/api/v1/search?q=lorimer');
        expect(found.body.contacts.map((c: { id: string }) => c.id), who).toEqual(sees ? [loose.id] : []);
        expect((await send(t, 'GET', cookie, `/api/v1/contacts/${loose.id}`)).status, who).toBe(sees ? 200 : 404);
      }
    } finally {
      await send(t, 'DELETE', cookies.owner as string, `/api/v1/contacts/${loose.id}`);
    }
  });
});

describe('open visibility', () => {
  it('switching the workspace to open shows every client to everyone, on every surface', async () => {
    await setVisibility('open');
    try {
      const everyone = Object.fromEntries(WHO.map((w) => [w, ALL]));
      for (const [name, surface] of Object.entries(SURFACES)) {
        expect(await viewsOf(surface), name).toEqual(name === 'export' ? { ...everyone, viewer: null } : everyone);
      }
    } finally {
      await setVisibility('by_role');
    }
    expect(await viewsOf(SURFACES.list as Surface)).toEqual(EXPECTED);
  });

  it('only an admin changes the setting', async () => {
    const res = await send(t, 'PATCH', cookies.manager as string, '/api/v1/workspace', { recordVisibility: 'open' });
    expect(res.status).toBe(404);
    const row = await t.db.selectFrom('workspace').select('record_visibility').where('id', '=', ws.workspaceId).executeTakeFirstOrThrow();
    expect(row.record_visibility).toBe('by_role');
  });
});
