import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, send, type Answer, type TestApp } from '../../../test/helpers/app.js';
import { makeMember, makeWorkspace, signInAs, type Person, type Workspace } from '../../../test/helpers/factories.js';
import { createClientVia, createContactVia, createTaskVia, logEngagementVia } from '../../../test/helpers/records.js';

let t: TestApp;
let ws: Workspace;
let owner: string;
let csm1: Person;
let csm2: Person;
let csm3: Person;
let csm1Cookie: string;
let csm2Cookie: string;
const id = {} as Record<'Alpha' | 'Bravo' | 'Charlie' | 'Delta' | 'Echo', string>;

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Five clients in their own workspace, each with a known answer for every filter below:
 * Alpha (csm1, vip+beta, touched 2 days ago, 2 open tasks, 1 contact), Bravo (csm2, trial,
 * touched 40 days ago), Charlie (csm3, inactive, never touched), Delta (nobody's, terminated),
 * Echo (csm1, churn-risk).
 */
beforeAll(async () => {
  t = await buildTestApp();
  ws = await makeWorkspace(t);
  owner = await signInAs(t, ws.owner);
  csm1 = await makeMember(t, ws, 'csm');
  csm2 = await makeMember(t, ws, 'csm');
  csm3 = await makeMember(t, ws, 'csm');
  csm1Cookie = await signInAs(t, csm1);
  csm2Cookie = await signInAs(t, csm2);
  for (const f of [
    { label: 'Notes', type: 'text' },
    { label: 'Seats', type: 'number' },
    { label: 'ARR', key: 'arr', type: 'currency', currency: 'USD' },
    { label: 'Renewal', type: 'date' },
    { label: 'Plan', type: 'single_select', options: ['Starter', 'Gold'] },
    { label: 'Modules', type: 'multi_select', options: ['Billing', 'CRM', 'Support'] },
    { label: 'Referenceable', type: 'boolean' },
    { label: 'Website', type: 'url' },
  ]) {
    expect((await send(t, 'POST', owner, '/api/v1/custom-fields', f)).status).toBe(201);
  }
  const now = t.clock.now();
  id.Alpha = (await createClientVia(t, owner, {
    name: 'Alpha',
    status: 'active',
    tier: 'Gold',
    clientSince: '2024-01-10',
    domains: ['alpha.com'],
    tags: ['vip', 'beta'],
    csmMembershipId: csm1.membershipId,
    customFields: { notes: 'Likes golf', seats: 50, arr: '1,200.50', renewal: '2026-12-15', plan: 'Gold', modules: ['CRM', 'Billing'], referenceable: true, website: 'https://alpha.com/home' },
  })).id;
  id.Bravo = (await createClientVia(t, owner, {
    name: 'Bravo',
    status: 'trial',
    tier: 'Silver',
    clientSince: '2025-06-01',
    domains: ['bravo.io'],
    tags: ['beta'],
    csmMembershipId: csm2.membershipId,
    customFields: { seats: 10, arr: 5000, renewal: '2027-06-01', plan: 'Starter', modules: ['Support'], referenceable: false },
  })).id;
  id.Charlie = (await createClientVia(t, owner, { name: 'Charlie', status: 'inactive', csmMembershipId: csm3.membershipId, customFields: { seats: 200, modules: ['Billing'] } })).id;
  id.Delta = (await createClientVia(t, owner, { name: 'Delta', status: 'terminated', terminatedOn: '2026-10-01', terminationReason: 'Budget', tags: ['vip'], tier: 'Bronze' })).id;
  id.Echo = (await createClientVia(t, owner, { name: 'Echo', status: 'active', tags: ['churn-risk'], csmMembershipId: csm1.membershipId })).id;

  const logged = (clientId: string, type: string, at: number) => logEngagementVia(t, owner, clientId, { type, title: type, occurredAt: iso(at) });
  await logged(id.Alpha, 'call', now - 2 * DAY);
  await logged(id.Bravo, 'meeting', now - 40 * DAY);
  await logged(id.Charlie, 'note', now - DAY);
  for (const title of ['One', 'Two']) await createTaskVia(t, owner, { title, clientId: id.Alpha });
  const closed = await createTaskVia(t, owner, { title: 'Closed', clientId: id.Bravo });
  await send(t, 'PATCH', owner, `/api/v1/tasks/${closed.id}`, { status: 'done' });
  await createContactVia(t, owner, { firstName: 'Ann', lastName: 'Alpha', emails: ['ann@alpha.com'], clients: [{ clientId: id.Alpha }] });
});
afterAll(() => t.close());

const nameOf = (clientId: string) => Object.entries(id).find(([, v]) => v === clientId)?.[0] ?? clientId;

async function query(cookie: string, body: Record<string, unknown>): Promise<Answer> {
  return send(t, 'POST', cookie, '/api/v1/clients/query', body);
}
/** Names of the matching clients, in the order the grid answers. */
async function names(body: Record<string, unknown>, cookie = owner): Promise<string[]> {
  const res = await query(cookie, { sort: [{ column: 'name', dir: 'asc' }], ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.total).toBe(res.body.rows.length);
  return res.body.rows.map((r: { id: string }) => nameOf(r.id));
}
const where = (column: string, op: string, value?: unknown) => ({ filter: { op: 'and', conditions: [{ column, op, ...(value !== undefined ? { value } : {}) }] } });

describe('columns', () => {
  it('lists standard, calculated and custom-field columns with their operators', async () => {
    const res = await send(t, 'GET', owner, '/api/v1/clients/columns');
    expect(res.status).toBe(200);
    const byKey = new Map<string, any>(res.body.items.map((c: { key: string }) => [c.key, c]));
    for (const key of ['name', 'status', 'tier', 'csm', 'sponsor', 'sales_rep', 'parent', 'domains', 'tags', 'client_since', 'terminated_on', 'external_id', 'created_at', 'updated_at']) {
      expect(byKey.get(key)?.group, key).toBe('standard');
    }
    for (const key of ['last_touch', 'days_since_last_touch', 'open_tasks', 'contacts']) expect(byKey.get(key)?.group, key).toBe('calculated');
    expect(byKey.get('name')).toEqual({ key: 'name', label: 'Name', type: 'text', group: 'standard', sortable: true, operators: ['contains', 'not_contains', 'eq', 'neq', 'starts_with', 'is_empty', 'is_not_empty'] });
    expect(byKey.get('status').options.map((o: { value: string }) => o.value)).toEqual(['active', 'trial', 'inactive', 'terminated']);
    expect(byKey.get('csm').operators).toEqual(['in', 'not_in', 'is_me', 'in_my_team', 'is_empty', 'is_not_empty']);
    expect(byKey.get('tags')).toMatchObject({ type: 'tags', sortable: false, operators: ['has_any', 'has_all', 'has_none', 'is_empty', 'is_not_empty'] });
    expect(byKey.get('last_touch')).toMatchObject({ type: 'datetime', sortable: true });
    expect(byKey.get('days_since_last_touch').type).toBe('days');
    expect(byKey.get('open_tasks').type).toBe('number');
    expect(byKey.get('contacts').type).toBe('number');
    expect(byKey.get('custom.arr')).toMatchObject({ label: 'ARR', type: 'currency', currency: 'USD', group: 'custom', operators: expect.arrayContaining(['gt', 'between']) });
    expect(byKey.get('custom.plan')).toMatchObject({ type: 'enum', options: [{ value: 'Starter', label: 'Starter' }, { value: 'Gold', label: 'Gold' }], operators: ['in', 'not_in'] });
    expect(byKey.get('custom.modules')).toMatchObject({ type: 'tags', sortable: false, operators: expect.arrayContaining(['has_any']) });
    expect(byKey.get('custom.referenceable')).toMatchObject({ type: 'boolean', operators: ['is_true', 'is_false'] });
    for (const [key, type] of [['custom.notes', 'text'], ['custom.seats', 'number'], ['custom.renewal', 'date'], ['custom.website', 'url']] as const) expect(byKey.get(key)?.type, key).toBe(type);
    // Another workspace's custom fields are not columns here.
    const other = await makeWorkspace(t);
    const there = await send(t, 'GET', await signInAs(t, other.owner), '/api/v1/clients/columns');
    expect(there.body.items.some((c: { group: string }) => c.group === 'custom')).toBe(false);
  });
});

describe('filters', () => {
  it('text: contains, eq, is_empty', async () => {
    expect(await names(where('name', 'contains', 'LPH'))).toEqual(['Alpha']);
    expect(await names(where('tier', 'eq', 'gold'))).toEqual(['Alpha']);
    expect(await names(where('tier', 'is_empty'))).toEqual(['Charlie', 'Echo']);
    expect(await names(where('name', 'starts_with', 'ch'))).toEqual(['Charlie']);
    expect(await names(where('name', 'not_contains', 'a'))).toEqual(['Echo']);
    // LIKE wildcards in a value match themselves.
    expect(await names(where('name', 'contains', '%'))).toEqual([]);
  });

  it('number: gt, between; currency in minor units; calculated counts', async () => {
    expect(await names(where('custom.seats', 'gt', 20))).toEqual(['Alpha', 'Charlie']);
    expect(await names(where('custom.seats', 'between', [10, 50]))).toEqual(['Alpha', 'Bravo']);
    expect(await names(where('custom.seats', 'is_empty'))).toEqual(['Delta', 'Echo']);
    expect(await names(where('custom.arr', 'gte', 100000))).toEqual(['Alpha']);
    expect(await names(where('custom.arr', 'lt', '100000'))).toEqual(['Bravo']);
    expect(await names(where('open_tasks', 'gte', 1))).toEqual(['Alpha']);
    expect(await names(where('open_tasks', 'eq', 0))).toEqual(['Bravo', 'Charlie', 'Delta', 'Echo']);
    expect(await names(where('contacts', 'gt', 0))).toEqual(['Alpha']);
    // Fractions against whole-number columns are a question, not a server error.
    expect(await names(where('open_tasks', 'gt', 1.5))).toEqual(['Alpha']);
    expect(await names(where('days_since_last_touch', 'lt', 2.5))).toEqual(['Alpha']);
    expect(await names(where('custom.seats', 'gt', 49.5))).toEqual(['Alpha', 'Charlie']);
  });

  it('date and datetime: before, in_last_days, more_than_days_ago, in_next_days', async () => {
    expect(await names(where('client_since', 'before', '2025-01-01'))).toEqual(['Alpha']);
    expect(await names(where('client_since', 'after', '2025-01-01'))).toEqual(['Bravo']);
    expect(await names(where('client_since', 'more_than_days_ago', 600))).toEqual(['Alpha']);
    expect(await names(where('client_since', 'more_than_days_ago', 365))).toEqual(['Alpha', 'Bravo']);
    expect(await names(where('terminated_on', 'in_last_days', 60))).toEqual(['Delta']);
    expect(await names(where('last_touch', 'in_last_days', 7))).toEqual(['Alpha']);
    expect(await names(where('last_touch', 'more_than_days_ago', 30))).toEqual(['Bravo']);
    expect(await names(where('last_touch', 'is_empty'))).toEqual(['Charlie', 'Delta', 'Echo']);
    expect(await names(where('days_since_last_touch', 'gt', 30))).toEqual(['Bravo']);
    expect(await names(where('days_since_last_touch', 'between', [1, 3]))).toEqual(['Alpha']);
    // "More than N days" is answered from a range of last touch (so an index serves it); at every
    // boundary it agrees with the day count the grid shows. Alpha is 2 whole days, Bravo 40.
    const shown = await query(owner, { columns: ['name', 'days_since_last_touch'], sort: [{ column: 'name', dir: 'asc' }] });
    const days = new Map<string, number | null>(shown.body.rows.map((r: { id: string; values: { days_since_last_touch: number | null } }) => [nameOf(r.id), r.values.days_since_last_touch]));
    expect(days.get('Alpha')).toBe(2);
    for (const op of ['gt', 'gte'] as const) {
      for (const n of [0, 0.5, 1, 1.9, 2, 2.1, 3, 39, 39.5, 40, 40.5, 41]) {
        const expected = [...days].filter(([, d]) => d !== null && (op === 'gt' ? d > n : d >= n)).map(([name]) => name);
        expect(await names(where('days_since_last_touch', op, n)), `${op} ${n}`).toEqual(expected);
      }
    }
    expect(await names(where('custom.renewal', 'in_next_days', 30))).toEqual(['Alpha']);
    expect(await names(where('custom.renewal', 'after', '2027-01-01'))).toEqual(['Bravo']);
    expect(await names(where('created_at', 'in_last_days', 1))).toEqual(['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo']);
  });

  it('enum: in and not_in, on the status and a single-select field', async () => {
    expect(await names(where('status', 'in', ['active', 'trial']))).toEqual(['Alpha', 'Bravo', 'Echo']);
    expect(await names(where('status', 'not_in', ['active']))).toEqual(['Bravo', 'Charlie', 'Delta']);
    expect(await names(where('custom.plan', 'in', ['Gold']))).toEqual(['Alpha']);
    expect(await names(where('custom.plan', 'not_in', ['Gold']))).toEqual(['Bravo', 'Charlie', 'Delta', 'Echo']);
  });

  it('tags and multi-select: has_any, has_all, has_none', async () => {
    expect(await names(where('tags', 'has_any', ['VIP', 'churn-risk']))).toEqual(['Alpha', 'Delta', 'Echo']);
    expect(await names(where('tags', 'has_all', ['vip', 'beta']))).toEqual(['Alpha']);
    expect(await names(where('tags', 'has_all', ['vip', 'VIP']))).toEqual(['Alpha', 'Delta']);
    expect(await names(where('tags', 'has_none', ['beta']))).toEqual(['Charlie', 'Delta', 'Echo']);
    expect(await names(where('tags', 'is_empty'))).toEqual(['Charlie']);
    expect(await names(where('domains', 'has_any', ['bravo.io']))).toEqual(['Bravo']);
    expect(await names(where('custom.modules', 'has_any', ['Billing']))).toEqual(['Alpha', 'Charlie']);
    expect(await names(where('custom.modules', 'has_all', ['Billing', 'CRM']))).toEqual(['Alpha']);
    // Options match whatever their case, on both databases, as the tags do.
    expect(await names(where('custom.modules', 'has_any', ['billing']))).toEqual(['Alpha', 'Charlie']);
    expect(await names(where('custom.modules', 'has_all', ['BILLING', 'crm']))).toEqual(['Alpha']);
    expect(await names(where('custom.modules', 'has_none', ['Billing']))).toEqual(['Bravo', 'Delta', 'Echo']);
    expect(await names(where('custom.modules', 'is_empty'))).toEqual(['Delta', 'Echo']);
  });

  it('member: is_me, in_my_team, in', async () => {
    expect(await names(where('csm', 'is_me'), csm1Cookie)).toEqual(['Alpha', 'Echo']);
    expect(await names(where('csm', 'in', [csm2.membershipId]))).toEqual(['Bravo']);
    expect(await names(where('csm', 'not_in', [csm1.membershipId]))).toEqual(['Bravo', 'Charlie', 'Delta']);
    expect(await names(where('csm', 'is_empty'))).toEqual(['Delta']);
    // The owner shares a team with csm3 (and nobody else's team counts).
    expect(await names(where('csm', 'in_my_team'))).toEqual([]);
    const team = await send(t, 'POST', owner, '/api/v1/teams', { name: 'Grid team', membershipIds: [ws.owner.membershipId, csm3.membershipId] });
    expect(team.status).toBe(201);
    expect(await names(where('csm', 'in_my_team'))).toEqual(['Charlie']);
    await send(t, 'DELETE', owner, `/api/v1/teams/${team.body.id}`);
  });

  it('custom fields of each type: text, url, boolean', async () => {
    expect(await names(where('custom.notes', 'contains', 'golf'))).toEqual(['Alpha']);
    expect(await names(where('custom.website', 'contains', 'alpha.com'))).toEqual(['Alpha']);
    expect(await names(where('custom.referenceable', 'is_true'))).toEqual(['Alpha']);
    expect(await names(where('custom.referenceable', 'is_false'))).toEqual(['Bravo', 'Charlie', 'Delta', 'Echo']);
  });

  it('combines and/or groups, nested', async () => {
    const filter = {
      op: 'and',
      conditions: [
        { column: 'status', op: 'in', value: ['active', 'trial'] },
        {
          op: 'or',
          conditions: [
            { column: 'tags', op: 'has_any', value: ['vip'] },
            { column: 'custom.seats', op: 'lt', value: 20 },
          ],
        },
      ],
    };
    expect(await names({ filter })).toEqual(['Alpha', 'Bravo']);
    expect(await names({ filter: { op: 'or', conditions: [{ column: 'name', op: 'eq', value: 'echo' }, { column: 'status', op: 'in', value: ['terminated'] }] } })).toEqual(['Delta', 'Echo']);
    expect(await names({ filter: { op: 'and', conditions: [] } })).toEqual(['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo']);
  });
});

describe('sorting, paging and quick search', () => {
  it('sorts ascending and descending with empty values last', async () => {
    const sorted = async (column: string, dir: string) => names({ sort: [{ column, dir }] });
    expect(await sorted('custom.seats', 'asc')).toEqual(['Bravo', 'Alpha', 'Charlie', ...[id.Delta, id.Echo].sort().map(nameOf)]);
    expect(await sorted('custom.seats', 'desc')).toEqual(['Charlie', 'Alpha', 'Bravo', ...[id.Delta, id.Echo].sort().map(nameOf)]);
    expect((await sorted('last_touch', 'desc')).slice(0, 2)).toEqual(['Alpha', 'Bravo']);
    expect((await sorted('last_touch', 'asc')).slice(0, 2)).toEqual(['Bravo', 'Alpha']);
    expect(await sorted('name', 'desc')).toEqual(['Echo', 'Delta', 'Charlie', 'Bravo', 'Alpha']);
    expect((await sorted('tier', 'asc')).slice(0, 3)).toEqual(['Bronze', 'Gold', 'Silver'].map((tier) => ({ Bronze: 'Delta', Gold: 'Alpha', Silver: 'Bravo' })[tier]));
    expect((await sorted('csm', 'asc')).at(-1)).toBe('Delta');
    expect((await sorted('csm', 'desc')).at(-1)).toBe('Delta');
  });

  it('sorts by every sortable column, both ways, calculated and usage columns included', async () => {
    // "Key events (30 days)" with no key events set was a bare 0, which ORDER BY read as a column position (a 500).
    const columns = (await send(t, 'GET', owner, '/api/v1/clients/columns')).body.items as { key: string; sortable: boolean }[];
    const sortable = columns.filter((c) => c.sortable).map((c) => c.key);
    expect(sortable).toEqual(expect.arrayContaining(['name', 'days_since_last_touch', 'key_events_30d', 'active_people_30d']));
    for (const column of sortable) {
      for (const dir of ['asc', 'desc']) {
        const res = await query(owner, { sort: [{ column, dir }], columns: ['name', column] });
        expect(res.status, `${column} ${dir}: ${JSON.stringify(res.body)}`).toBe(200);
        expect(res.body.rows).toHaveLength(5);
      }
    }
  });

  it('pages with limit and offset and reports the total', async () => {
    const first = await query(owner, { sort: [{ column: 'name', dir: 'asc' }], limit: 2 });
    expect(first.body.total).toBe(5);
    expect(first.body.rows.map((r: { id: string }) => nameOf(r.id))).toEqual(['Alpha', 'Bravo']);
    const last = await query(owner, { sort: [{ column: 'name', dir: 'asc' }], limit: 2, offset: 4 });
    expect(last.body.total).toBe(5);
    expect(last.body.rows.map((r: { id: string }) => nameOf(r.id))).toEqual(['Echo']);
    const filtered = await query(owner, { ...where('status', 'in', ['active']), limit: 1 });
    expect(filtered.body.total).toBe(2);
    expect(filtered.body.rows).toHaveLength(1);
    expect([first.body.hasMore, last.body.hasMore, filtered.body.hasMore]).toEqual([true, false, true]);
  });

  it('answers the page without counting when asked, and counts on its own with the same visibility', async () => {
    const page = await query(owner, { sort: [{ column: 'name', dir: 'asc' }], limit: 4, total: false });
    expect(page.body).toMatchObject({ total: null, hasMore: true });
    expect(page.body.rows.map((r: { id: string }) => nameOf(r.id))).toEqual(['Alpha', 'Bravo', 'Charlie', 'Delta']);
    const count = (cookie: string, body: Record<string, unknown>) => send(t, 'POST', cookie, '/api/v1/clients/count', body);
    expect((await count(owner, {})).body).toEqual({ total: 5 });
    expect((await count(owner, where('status', 'in', ['active']))).body).toEqual({ total: 2 });
    expect((await count(owner, { q: 'alpha.com' })).body).toEqual({ total: 1 });
    // A CSM's count is their book's, as their page is.
    const mine = await query(csm1Cookie, { limit: 200 });
    expect((await count(csm1Cookie, {})).body).toEqual({ total: mine.body.rows.length });
    const bad = await count(owner, { limit: 5 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('limit');
  });

  it('quick search q matches names and domains', async () => {
    expect(await names({ q: 'alpha.com' })).toEqual(['Alpha']);
    expect(await names({ q: 'RAV' })).toEqual(['Bravo']);
    expect(await names({ q: 'io' })).toEqual(['Bravo']);
    expect(await names({ q: 'zzz' })).toEqual([]);
    // Wildcards in the box match themselves, on both databases.
    expect(await names({ q: '%' })).toEqual([]);
    expect(await names({ q: 'alph_' })).toEqual([]);
    expect(await names({ q: 'a%a' })).toEqual([]);
    expect(await names({ q: 'a', ...where('status', 'in', ['active']) })).toEqual(['Alpha']);
  });

  it('answers the requested columns with their values', async () => {
    const res = await query(owner, {
      columns: ['name', 'csm', 'tags', 'last_touch', 'days_since_last_touch', 'open_tasks', 'contacts', 'custom.arr', 'custom.modules', 'custom.referenceable', 'domains'],
      ...where('name', 'eq', 'Alpha'),
    });
    expect(res.body.columns.map((c: { key: string }) => c.key)).toEqual(['name', 'csm', 'tags', 'last_touch', 'days_since_last_touch', 'open_tasks', 'contacts', 'custom.arr', 'custom.modules', 'custom.referenceable', 'domains']);
    expect(res.body.rows).toEqual([
      {
        id: id.Alpha,
        values: {
          name: 'Alpha',
          csm: { id: csm1.membershipId, name: csm1.name },
          tags: ['beta', 'vip'],
          last_touch: iso(t.clock.now() - 2 * DAY),
          days_since_last_touch: 2,
          open_tasks: 2,
          contacts: 1,
          'custom.arr': 120050,
          'custom.modules': ['CRM', 'Billing'],
          'custom.referenceable': true,
          domains: ['alpha.com'],
        },
      },
    ]);
  });
});

describe('invalid queries', () => {
  it('answers 400 naming the exact place', async () => {
    const bad = async (body: Record<string, unknown>, message: string) => {
      const res = await query(owner, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.message).toBe(message);
    };
    await bad(where('nope', 'eq', 'x'), 'body.filter.conditions.0.column: "nope" is not a column of the client grid');
    await bad(where('name', 'gt', 3), 'body.filter.conditions.0.op: "gt" does not apply to Name (use contains, not_contains, eq, neq, starts_with, is_empty, is_not_empty)');
    await bad(
      { filter: { op: 'and', conditions: [{ column: 'name', op: 'contains', value: 'a' }, { op: 'or', conditions: [{ column: 'custom.seats', op: 'gt', value: 'many' }] }] } },
      'body.filter.conditions.1.conditions.0.value: must be a number for Seats',
    );
    await bad(where('status', 'in', ['active', 'paused']), 'body.filter.conditions.0.value: "paused" is not one of active, trial, inactive, terminated');
    await bad(where('client_since', 'before', '01/02/2025'), 'body.filter.conditions.0.value: must be a date as YYYY-MM-DD');
    await bad(where('custom.seats', 'between', [1]), 'body.filter.conditions.0.value: must be two values: from and to');
    await bad(where('tags', 'has_any', []), 'body.filter.conditions.0.value: must list at least one value');
    await bad(where('last_touch', 'in_last_days', -1), 'body.filter.conditions.0.value: must be a whole number of days, at most 36,500');
    await bad(where('name', 'eq'), 'body.filter.conditions.0.value: is required for "eq"');
    await bad({ columns: ['name', 'nope'] }, 'body.columns.1: "nope" is not a column of the client grid');
    await bad({ sort: [{ column: 'tags', dir: 'asc' }] }, 'body.sort.0.column: the grid cannot sort by Tags');
    const deep = { op: 'and', conditions: [{ op: 'and', conditions: [{ op: 'and', conditions: [{ op: 'and', conditions: [{ column: 'name', op: 'eq', value: 'x' }] }] }] }] };
    await bad({ filter: deep }, 'body.filter.conditions.0.conditions.0.conditions.0: filters nest at most 3 levels deep');
    // An operator the API does not know fails the schema, which names the operator and lists those it knows.
    const unknownOp = await query(owner, where('name', 'resembles', 'x'));
    expect(unknownOp.status).toBe(400);
    expect(unknownOp.body.error.code).toBe('validation_failed');
    expect(unknownOp.body.error.details.issues).toHaveLength(1);
    expect(unknownOp.body.error.details.issues[0].path).toBe('body.filter.conditions.0.op');
    expect(unknownOp.body.error.message).toMatch(/^body\.filter\.conditions\.0\.op: .*'contains'.*'in_my_team'.*'and' \| 'or'/);
    const nested = await query(owner, { filter: { op: 'and', conditions: [{ op: 'or', conditions: [{ column: 'name', op: 'resembles' }] }, { op: 'xor', conditions: [] }] } });
    expect(nested.body.error.details.issues.map((i: { path: string }) => i.path)).toEqual(['body.filter.conditions.0.conditions.0.op', 'body.filter.conditions.1.op']);
    expect(nested.body.error.message).toMatch(/body\.filter\.conditions\.1\.op: Invalid discriminator value\. Expected 'eq' .* 'and' \| 'or'$/);
  });
});

describe('numbers in filters', () => {
  // PostgreSQL compares "days since last touch" as a time in bigint milliseconds: from about 3e15
  // days that overflowed to -Infinity and the query failed as a 500; 1e308 did the same.
  const HUGE = [3e15, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2];

  it('refuses a number no dialect can compare, naming the place and the bounds, in queries and counts', async () => {
    for (const value of HUGE) {
      for (const op of ['gt', 'gte', 'lt', 'lte']) {
        for (const url of ['/api/v1/clients/query', '/api/v1/clients/count']) {
          const res = await send(t, 'POST', owner, url, where('days_since_last_touch', op, value));
          expect(res.status, `${url} ${op} ${value}`).toBe(400);
          expect(res.body.error.message).toBe('body.filter.conditions.0.value: must be between -36,500 and 36,500 for Days since last touch');
        }
      }
    }
    for (const value of [1e308, -1e308, Number.MAX_SAFE_INTEGER + 2]) {
      const between = await query(owner, where('custom.seats', 'between', [0, value]));
      expect(between.status, `between ${value}`).toBe(400);
      expect(between.body.error.message).toBe('body.filter.conditions.0.value: must be between -9,007,199,254,740,991 and 9,007,199,254,740,991 for Seats');
    }
  });

  it('answers the edges of the bounds on both databases', async () => {
    expect(await names(where('days_since_last_touch', 'gt', 36_500))).toEqual([]);
    expect(await names(where('days_since_last_touch', 'gte', -36_500))).toEqual(['Alpha', 'Bravo']);
    expect(await names(where('days_since_last_touch', 'lt', 36_500))).toEqual(['Alpha', 'Bravo']);
    expect(await names(where('custom.seats', 'lte', Number.MAX_SAFE_INTEGER))).toEqual(['Alpha', 'Bravo', 'Charlie']);
    expect(await names(where('custom.arr', 'gt', -Number.MAX_SAFE_INTEGER))).toEqual(['Alpha', 'Bravo']);
  });

  it('refuses to save such a segment, and a segment saved before the bounds answers 400 naming its filter', async () => {
    const saved = await send(t, 'POST', owner, '/api/v1/segments', { name: 'Quiet forever', scope: 'global', view: { ...where('days_since_last_touch', 'gt', 1e308), columns: ['name'] } });
    expect(saved.status).toBe(400);
    expect(saved.body.error.message).toBe('body.view.filter.conditions.0.value: must be between -36,500 and 36,500 for Days since last touch');
    expect(await t.db.selectFrom('segment').select('id').where('workspace_id', '=', ws.workspaceId).where('name', '=', 'Quiet forever').execute()).toEqual([]);
    // One stored by an earlier version, which checked no bounds.
    const fine = (await send(t, 'POST', owner, '/api/v1/segments', { name: 'Quiet', scope: 'global', view: { ...where('days_since_last_touch', 'gt', 30), columns: ['name'] } })).body;
    await t.db.updateTable('segment').set({ definition: JSON.stringify({ ...where('days_since_last_touch', 'gt', 1e308), sort: [], columns: ['name'] }) }).where('id', '=', fine.id).execute();
    for (const url of ['/api/v1/clients/query', '/api/v1/clients/count']) {
      const res = await send(t, 'POST', owner, url, { segmentId: fine.id });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe('segment.filter.conditions.0.value: must be between -36,500 and 36,500 for Days since last touch');
    }
    // It can be opened with a filter of the request's own, and mended.
    expect((await query(owner, { segmentId: fine.id, ...where('days_since_last_touch', 'gt', 30) })).status).toBe(200);
    expect((await send(t, 'PATCH', owner, `/api/v1/segments/${fine.id}`, { view: { ...where('days_since_last_touch', 'gt', 30), columns: ['name'] } })).status).toBe(200);
    expect((await query(owner, { segmentId: fine.id })).status).toBe(200);
  });
});

describe('segments', () => {
  it('offers the standard segments to everyone, each limited by visibility', async () => {
    const list = await send(t, 'GET', csm1Cookie, '/api/v1/segments');
    expect(list.body.items.slice(0, 3).map((s: { id: string; scope: string }) => [s.id, s.scope])).toEqual([
      ['std_my_clients', 'standard'],
      ['std_team_clients', 'standard'],
      ['std_all_clients', 'standard'],
    ]);
    expect(await names({ segmentId: 'std_my_clients' }, csm1Cookie)).toEqual(['Alpha', 'Echo']);
    expect(await names({ segmentId: 'std_all_clients' }, csm1Cookie)).toEqual(['Alpha', 'Echo']);
    expect(await names({ segmentId: 'std_all_clients' })).toEqual(['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo']);
    expect(await names({ segmentId: 'std_my_clients' })).toEqual([]);

    const manager = await makeMember(t, ws, 'manager');
    const team = await send(t, 'POST', owner, '/api/v1/teams', { name: 'Segment team', membershipIds: [manager.membershipId, csm2.membershipId, csm3.membershipId] });
    const managerCookie = await signInAs(t, manager);
    expect(await names({ segmentId: 'std_team_clients' }, managerCookie)).toEqual(['Bravo', 'Charlie']);
    expect(await names({ segmentId: 'std_team_clients' }, csm2Cookie)).toEqual(['Bravo']);
    await send(t, 'DELETE', owner, `/api/v1/teams/${team.body.id}`);

    const page = await query(csm1Cookie, { segmentId: 'std_my_clients' });
    expect(page.body.view.columns).toEqual(['name', 'status', 'tier', 'csm', 'last_touch', 'days_since_last_touch', 'open_tasks']);
    expect((await send(t, 'PATCH', owner, '/api/v1/segments/std_all_clients', { name: 'Mine now' })).status).toBe(403);
  });

  it('keeps a personal segment to its owner', async () => {
    const created = await send(t, 'POST', csm1Cookie, '/api/v1/segments', { name: 'My VIPs', view: { ...where('tags', 'has_any', ['vip']), columns: ['name', 'tags'] } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'My VIPs', scope: 'personal', owner: { id: csm1.membershipId, name: csm1.name }, canEdit: true });
    const segId = created.body.id;
    expect(await names({ segmentId: segId }, csm1Cookie)).toEqual(['Alpha']);

    expect((await send(t, 'GET', csm2Cookie, `/api/v1/segments/${segId}`)).status).toBe(404);
    expect((await send(t, 'GET', csm2Cookie, '/api/v1/segments')).body.items.map((s: { id: string }) => s.id)).not.toContain(segId);
    expect((await query(csm2Cookie, { segmentId: segId })).status).toBe(404);
    expect((await send(t, 'PATCH', csm2Cookie, `/api/v1/segments/${segId}`, { name: 'Stolen' })).status).toBe(404);
    expect((await send(t, 'DELETE', csm2Cookie, `/api/v1/segments/${segId}`)).status).toBe(404);
    // Nor does an admin see someone's personal segment.
    expect((await send(t, 'GET', owner, `/api/v1/segments/${segId}`)).status).toBe(404);

    const renamed = await send(t, 'PATCH', csm1Cookie, `/api/v1/segments/${segId}`, { name: 'VIPs' });
    expect(renamed.body.name).toBe('VIPs');
    expect((await send(t, 'DELETE', csm1Cookie, `/api/v1/segments/${segId}`)).status).toBe(204);
    expect((await send(t, 'GET', csm1Cookie, `/api/v1/segments/${segId}`)).status).toBe(404);
  });

  it('lets only owners and admins keep global segments', async () => {
    const refused = await send(t, 'POST', csm1Cookie, '/api/v1/segments', { name: 'For all', scope: 'global', view: {} });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('role_too_low');
    const personal = (await send(t, 'POST', csm1Cookie, '/api/v1/segments', { name: 'Mine', view: {} })).body;
    const promote = await send(t, 'PATCH', csm1Cookie, `/api/v1/segments/${personal.id}`, { scope: 'global' });
    expect(promote.status).toBe(403);
    expect(promote.body.error.code).toBe('role_too_low');

    const global = await send(t, 'POST', owner, '/api/v1/segments', { name: 'Trials', scope: 'global', view: where('status', 'in', ['trial']) });
    expect(global.status).toBe(201);
    const seen = (await send(t, 'GET', csm2Cookie, `/api/v1/segments/${global.body.id}`)).body;
    expect(seen).toMatchObject({ scope: 'global', canEdit: false, owner: { id: ws.owner.membershipId } });
    expect(await names({ segmentId: global.body.id }, csm2Cookie)).toEqual(['Bravo']);
    expect(await names({ segmentId: global.body.id }, csm1Cookie)).toEqual([]);
    const change = await send(t, 'PATCH', csm2Cookie, `/api/v1/segments/${global.body.id}`, { name: 'Mine' });
    expect(change.status).toBe(403);
    expect(change.body.error.code).toBe('role_too_low');
    expect((await send(t, 'DELETE', csm2Cookie, `/api/v1/segments/${global.body.id}`)).status).toBe(403);
    const admin = await signInAs(t, await makeMember(t, ws, 'admin'));
    expect((await send(t, 'PATCH', admin, `/api/v1/segments/${global.body.id}`, { name: 'All trials' })).body.name).toBe('All trials');
  });

  it('answers with the segment’s own columns and sort unless the request replaces them', async () => {
    const seg = (
      await send(t, 'POST', owner, '/api/v1/segments', {
        name: 'Seats view',
        view: { sort: [{ column: 'custom.seats', dir: 'desc' }], columns: ['name', 'custom.seats', 'tags'], filter: where('custom.seats', 'is_not_empty').filter },
      })
    ).body;
    const page = await query(owner, { segmentId: seg.id });
    expect(page.body.columns.map((c: { key: string }) => c.key)).toEqual(['name', 'custom.seats', 'tags']);
    expect(page.body.rows.map((r: { values: Record<string, unknown> }) => r.values)).toEqual([
      { name: 'Charlie', 'custom.seats': 200, tags: [] },
      { name: 'Alpha', 'custom.seats': 50, tags: ['beta', 'vip'] },
      { name: 'Bravo', 'custom.seats': 10, tags: ['beta'] },
    ]);
    const replaced = await query(owner, { segmentId: seg.id, columns: ['name'], sort: [{ column: 'name', dir: 'asc' }] });
    expect(replaced.body.view).toMatchObject({ columns: ['name'], sort: [{ column: 'name', dir: 'asc' }] });
    expect(replaced.body.rows.map((r: { values: Record<string, unknown> }) => r.values)).toEqual([{ name: 'Alpha' }, { name: 'Bravo' }, { name: 'Charlie' }]);
  });

  it('refuses to save a segment the grid cannot run, naming the place', async () => {
    const res = await send(t, 'POST', owner, '/api/v1/segments', { name: 'Broken', view: { ...where('nope', 'eq', 'x'), columns: ['name'] } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('body.view.filter.conditions.0.column: "nope" is not a column of the client grid');
    const cols = await send(t, 'POST', owner, '/api/v1/segments', { name: 'Broken', view: { columns: ['name', 'bogus'] } });
    expect(cols.status).toBe(400);
    expect(cols.body.error.message).toBe('body.view.columns.1: "bogus" is not a column of the client grid');
    expect(await t.db.selectFrom('segment').select('id').where('workspace_id', '=', ws.workspaceId).where('name', '=', 'Broken').execute()).toEqual([]);
    const fine = (await send(t, 'POST', owner, '/api/v1/segments', { name: 'Fine', view: {} })).body;
    const change = await send(t, 'PATCH', owner, `/api/v1/segments/${fine.id}`, { view: { sort: [{ column: 'tags', dir: 'asc' }] } });
    expect(change.status).toBe(400);
    expect(change.body.error.message).toBe('body.view.sort.0.column: the grid cannot sort by Tags');
    expect((await query(owner, { segmentId: fine.id })).status).toBe(200);
  });
});

describe('export', () => {
  it('[P45] exports the grid as CSV with formula cells neutralised, and records the export', async () => {
    const evil = (await createClientVia(t, owner, { name: '=HYPERLINK("http://evil.example","click")', tags: ['+sum', 'export-test'] })).id;
    const res = await send(t, 'POST', owner, '/api/v1/clients/export', { columns: ['name', 'status', 'csm', 'tags'], ...where('tags', 'has_any', ['export-test', 'vip']), sort: [{ column: 'name', dir: 'asc' }] });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(String(res.headers['content-disposition'])).toMatch(/^attachment; filename="candor-clients-2026-11-29\.csv"$/);
    const lines = String(res.body).split('\r\n');
    expect(lines[0]).toBe('id,Name,Status,CSM,Tags');
    expect(lines.slice(1)).toEqual([
      `${evil},"'=HYPERLINK(""http://evil.example"",""click"")",active,,'+sum; export-test`,
      `${id.Alpha},Alpha,active,${csm1.name},beta; vip`,
      `${id.Delta},Delta,terminated,,vip`,
      '',
    ]);
    const audit = await t.db.selectFrom('audit_event').selectAll().where('workspace_id', '=', ws.workspaceId).where('action', '=', 'clients.exported').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_user_id: ws.owner.userId, outcome: 'success' });
    expect(JSON.parse(audit[0]?.details ?? '{}')).toEqual({ rows: 3, columns: 4, segment: null });
    await send(t, 'DELETE', owner, `/api/v1/clients/${evil}`);

    // The file is named for the day on the server's clock.
    const start = t.clock.now();
    t.clock.advance(3 * DAY);
    try {
      const later = await send(t, 'POST', await signInAs(t, ws.owner), '/api/v1/clients/export', { columns: ['name'] });
      expect(String(later.headers['content-disposition'])).toBe('attachment; filename="candor-clients-2026-12-02.csv"');
    } finally {
      t.clock.set(start);
    }

    const viewer = await signInAs(t, await makeMember(t, ws, 'viewer'));
    expect((await send(t, 'POST', viewer, '/api/v1/clients/export', {})).status).toBe(404);
    const bad = await send(t, 'POST', owner, '/api/v1/clients/export', { columns: ['nope'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('body.columns.0: "nope" is not a column of the client grid');
  });
});

describe('search', () => {
  it('finds clients by name and domain and contacts by name and email', async () => {
    const byDomain = await send(t, 'GET', owner, '/api/v1/search?q=alpha.com');
    expect(byDomain.status).toBe(200);
    expect(byDomain.body.clients.map((c: { id: string }) => nameOf(c.id))).toEqual(['Alpha']);
    expect(byDomain.body.contacts.map((c: { name: string; email: string }) => [c.name, c.email])).toEqual([['Ann Alpha', 'ann@alpha.com']]);
    expect(byDomain.body.totals).toEqual({ clients: 1, contacts: 1 });
    expect(byDomain.body.clients[0]).toEqual({ id: id.Alpha, name: 'Alpha', status: 'active', csm: { id: csm1.membershipId, name: csm1.name }, domains: ['alpha.com'] });

    const byName = await send(t, 'GET', owner, '/api/v1/search?q=brav');
    expect(byName.body.clients.map((c: { id: string }) => nameOf(c.id))).toEqual(['Bravo']);
    expect(byName.body.contacts).toEqual([]);
    expect((await send(t, 'GET', owner, '/api/v1/search?q=ann')).body.contacts.map((c: { name: string }) => c.name)).toEqual(['Ann Alpha']);
    expect((await send(t, 'GET', owner, '/api/v1/search?q=ann%40alpha')).body.contacts.map((c: { name: string }) => c.name)).toEqual(['Ann Alpha']);
    const limited = await send(t, 'GET', owner, '/api/v1/search?q=a&limit=2');
    expect(limited.body.clients).toHaveLength(2);
    expect(limited.body.totals.clients).toBe(4);

    const empty = await send(t, 'GET', owner, '/api/v1/search?q=%20');
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toBe('querystring.q: type something to search for');
  });
});
