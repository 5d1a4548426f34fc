import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, call, send, type Answer, type TestApp } from '../../../test/helpers/app.js';
import { makeMember, makeWorkspace, signInAs, type Workspace } from '../../../test/helpers/factories.js';
import { createClientVia } from '../../../test/helpers/records.js';

let t: TestApp;
let ws: Workspace;
let owner: string;

beforeAll(async () => {
  t = await buildTestApp();
  ws = await makeWorkspace(t);
  owner = await signInAs(t, ws.owner);
});
afterAll(() => t.close());

describe('client records', () => {
  it('creates, reads, updates and deletes a client through the API', async () => {
    expect((await call(t.app, { method: 'POST', url: '/api/v1/clients', body: { name: 'No session' } })).status).toBe(401);
    const created = await createClientVia(t, owner, { name: '  Acme Corp  ', status: 'trial', clientSince: '2025-01-15', tier: 'Gold', domains: ['acme-crud.com'], tags: ['vip'] });
    expect(created).toMatchObject({
      name: 'Acme Corp',
      status: 'trial',
      clientSince: '2025-01-15',
      terminatedOn: null,
      terminationReason: null,
      tier: 'Gold',
      domains: ['acme-crud.com'],
      tags: ['vip'],
      csm: null,
      parent: null,
      children: [],
      customFields: {},
      lastTouchAt: null,
      createdAt: new Date(t.clock.now()).toISOString(),
      canEdit: true,
    });
    expect(created.id).toMatch(/^cl_/);

    const read = await send(t, 'GET', owner, `/api/v1/clients/${created.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created);

    t.clock.advance(60_000);
    const changed = await send(t, 'PATCH', owner, `/api/v1/clients/${created.id}`, { name: 'Acme Corporation', status: 'active', tier: null });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: 'Acme Corporation', status: 'active', tier: null, clientSince: '2025-01-15', domains: ['acme-crud.com'], tags: ['vip'] });
    expect(changed.body.updatedAt).toBe(new Date(t.clock.now()).toISOString());

    // The client's timeline, tasks and contact links go with it; the contact stays.
    await send(t, 'POST', owner, `/api/v1/clients/${created.id}/timeline`, { type: 'call', title: 'Kick-off' });
    await send(t, 'POST', owner, '/api/v1/tasks', { title: 'Send the deck', clientId: created.id });
    const contact = (await send(t, 'POST', owner, '/api/v1/contacts', { firstName: 'Dora', clients: [{ clientId: created.id, roles: ['primary'] }] })).body;

    expect((await send(t, 'DELETE', owner, `/api/v1/clients/${created.id}`)).status).toBe(204);
    expect((await send(t, 'GET', owner, `/api/v1/clients/${created.id}`)).status).toBe(404);
    const left = async (table: 'client' | 'engagement' | 'task' | 'client_domain' | 'client_tag' | 'client_contact', column: 'id' | 'client_id') =>
      (await t.db.selectFrom(table).select(t.db.fn.countAll<number>().as('n')).where(column, '=', created.id).executeTakeFirstOrThrow()).n;
    expect(Number(await left('client', 'id'))).toBe(0);
    for (const table of ['engagement', 'task', 'client_domain', 'client_tag', 'client_contact'] as const) expect(Number(await left(table, 'client_id')), table).toBe(0);
    expect((await send(t, 'GET', owner, `/api/v1/contacts/${contact.id}`)).status).toBe(200);
  });

  it('refuses a Terminated client without the day and the reason, on create and on update', async () => {
    const bare = await send(t, 'POST', owner, '/api/v1/clients', { name: 'Gone Ltd', status: 'terminated' });
    expect(bare.status).toBe(400);
    expect(bare.body.error.code).toBe('validation_failed');
    expect(bare.body.error.message).toBe('body.terminatedOn: is required when the status is Terminated; body.terminationReason: is required when the status is Terminated');

    const noDay = await send(t, 'POST', owner, '/api/v1/clients', { name: 'Gone Ltd', status: 'terminated', terminationReason: 'Budget cut' });
    expect(noDay.status).toBe(400);
    expect(noDay.body.error.message).toBe('body.terminatedOn: is required when the status is Terminated');

    const gone = await createClientVia(t, owner, { name: 'Gone Ltd', status: 'terminated', terminatedOn: '2026-10-31', terminationReason: 'Budget cut' });
    expect(gone).toMatchObject({ status: 'terminated', terminatedOn: '2026-10-31', terminationReason: 'Budget cut' });

    const live = await createClientVia(t, owner, { name: 'Still Here' });
    const update = await send(t, 'PATCH', owner, `/api/v1/clients/${live.id}`, { status: 'terminated' });
    expect(update.status).toBe(400);
    expect(update.body.error.message).toBe('body.terminatedOn: is required when the status is Terminated; body.terminationReason: is required when the status is Terminated');
    const half = await send(t, 'PATCH', owner, `/api/v1/clients/${live.id}`, { status: 'terminated', terminatedOn: '2026-11-01' });
    expect(half.status).toBe(400);
    expect(half.body.error.message).toBe('body.terminationReason: is required when the status is Terminated');
    expect((await t.db.selectFrom('client').select('status').where('id', '=', live.id).executeTakeFirstOrThrow()).status).toBe('active');

    const ok = await send(t, 'PATCH', owner, `/api/v1/clients/${live.id}`, { status: 'terminated', terminatedOn: '2026-11-01', terminationReason: 'Acquired' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'terminated', terminatedOn: '2026-11-01', terminationReason: 'Acquired' });
    // Details already stored satisfy a later update; reactivating clears them.
    expect((await send(t, 'PATCH', owner, `/api/v1/clients/${live.id}`, { tier: 'Silver' })).status).toBe(200);
    const back = await send(t, 'PATCH', owner, `/api/v1/clients/${live.id}`, { status: 'active' });
    expect(back.body).toMatchObject({ status: 'active', terminatedOn: null, terminationReason: null });
  });

  it('normalises domains and keeps each one to one client per workspace', async () => {
    const acme = await createClientVia(t, owner, { name: 'Acme Domains', domains: ['https://www.Acme.com/x', 'acme.com', 'ACME.io'] });
    expect(acme.domains).toEqual(['acme.com', 'acme.io']);

    const bad = await send(t, 'POST', owner, '/api/v1/clients', { name: 'Bad', domains: ['not a domain'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('body.domains.0: must be a domain such as acme.com');

    const taken = await send(t, 'POST', owner, '/api/v1/clients', { name: 'Copycat', domains: ['www.acme.com'] });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('domain_in_use');
    expect(taken.body.error.details).toEqual({ domains: ['acme.com'] });
    expect(await t.db.selectFrom('client').select('id').where('workspace_id', '=', ws.workspaceId).where('name', '=', 'Copycat').execute()).toEqual([]);

    const other = await createClientVia(t, owner, { name: 'Other' });
    const steal = await send(t, 'PATCH', owner, `/api/v1/clients/${other.id}`, { domains: ['acme.io'] });
    expect(steal.status).toBe(409);
    expect(steal.body.error.code).toBe('domain_in_use');
    // Saving a client with its own domains is not a conflict.
    expect((await send(t, 'PATCH', owner, `/api/v1/clients/${acme.id}`, { domains: ['acme.com', 'acme.io'] })).status).toBe(200);

    const elsewhere = await makeWorkspace(t);
    const there = await send(t, 'POST', await signInAs(t, elsewhere.owner), '/api/v1/clients', { name: 'Acme elsewhere', domains: ['acme.com'] });
    expect(there.status).toBe(201);
    expect(there.body.domains).toEqual(['acme.com']);
  });

  it('does not name a client the caller cannot see when its domain is taken', async () => {
    const csmA = await makeMember(t, ws, 'csm');
    const csmB = await makeMember(t, ws, 'csm');
    await createClientVia(t, await signInAs(t, csmA), { name: 'Secret Account Inc', domains: ['secret-account.com'] });
    const res = await send(t, 'POST', await signInAs(t, csmB), '/api/v1/clients', { name: 'Mine', domains: ['secret-account.com'] });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('domain_in_use');
    expect(res.body.error.message).not.toContain('Secret Account');
    expect(res.body.error.message).toContain('secret-account.com');
  });

  it('keeps tags unique per client and replaces them on update', async () => {
    const c = await createClientVia(t, owner, { name: 'Tagged', tags: ['renewal', 'VIP', 'renewal', '  beta '] });
    expect([...c.tags].sort()).toEqual(['VIP', 'beta', 'renewal']);
    const res = await send(t, 'PATCH', owner, `/api/v1/clients/${c.id}`, { tags: ['churn-risk'] });
    expect(res.body.tags).toEqual(['churn-risk']);
    const tooLong = await send(t, 'PATCH', owner, `/api/v1/clients/${c.id}`, { tags: ['x'.repeat(41)] });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.message).toBe('body.tags.0: must be at most 40 characters');
  });

  it('links parents and children and refuses a cycle', async () => {
    const group = await createClientVia(t, owner, { name: 'Group Holding' });
    const sub = await createClientVia(t, owner, { name: 'Group Sub', parentClientId: group.id });
    const leaf = await createClientVia(t, owner, { name: 'Group Leaf', parentClientId: sub.id });
    expect(sub.parent).toEqual({ id: group.id, name: 'Group Holding' });
    expect((await send(t, 'GET', owner, `/api/v1/clients/${group.id}`)).body.children).toEqual([{ id: sub.id, name: 'Group Sub' }]);

    const cycle = await send(t, 'PATCH', owner, `/api/v1/clients/${group.id}`, { parentClientId: leaf.id });
    expect(cycle.status).toBe(400);
    expect(cycle.body.error.message).toBe('body.parentClientId: would make the client its own ancestor');
    const self = await send(t, 'PATCH', owner, `/api/v1/clients/${sub.id}`, { parentClientId: sub.id });
    expect(self.status).toBe(400);
    expect(self.body.error.message).toBe('body.parentClientId: would make the client its own ancestor');
    expect((await t.db.selectFrom('client').select('parent_client_id').where('id', '=', group.id).executeTakeFirstOrThrow()).parent_client_id).toBeNull();

    // Moving a leaf to the top is fine; deleting a parent leaves its children without one.
    expect((await send(t, 'PATCH', owner, `/api/v1/clients/${leaf.id}`, { parentClientId: group.id })).body.parent).toEqual({ id: group.id, name: 'Group Holding' });
    expect((await send(t, 'DELETE', owner, `/api/v1/clients/${group.id}`)).status).toBe(204);
    expect((await send(t, 'GET', owner, `/api/v1/clients/${sub.id}`)).body.parent).toBeNull();
    expect((await send(t, 'GET', owner, `/api/v1/clients/${leaf.id}`)).body.parent).toBeNull();
  });

  it('refuses members, sales reps and parents of another workspace', async () => {
    const elsewhere = await makeWorkspace(t);
    const otherCookie = await signInAs(t, elsewhere.owner);
    const otherMember = await makeMember(t, elsewhere, 'csm');
    const otherRep = (await send(t, 'POST', otherCookie, '/api/v1/sales-reps', { name: 'Rex Rep' })).body;
    const otherClient = await createClientVia(t, otherCookie, { name: 'Their client' });

    const res = await send(t, 'POST', owner, '/api/v1/clients', {
      name: 'Crossed wires',
      csmMembershipId: otherMember.membershipId,
      sponsorMembershipId: elsewhere.owner.membershipId,
      salesRepId: otherRep.id,
      parentClientId: otherClient.id,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'body.csmMembershipId: is not a member of this workspace; body.sponsorMembershipId: is not a member of this workspace; body.salesRepId: is not a sales rep of this workspace; body.parentClientId: is not a client you can see',
    );
    const mine = await createClientVia(t, owner, { name: 'Mine to change' });
    const upd = await send(t, 'PATCH', owner, `/api/v1/clients/${mine.id}`, { salesRepId: otherRep.id });
    expect(upd.status).toBe(400);
    expect(upd.body.error.message).toBe('body.salesRepId: is not a sales rep of this workspace');
    // Another workspace's client cannot be read either.
    expect((await send(t, 'GET', owner, `/api/v1/clients/${otherClient.id}`)).status).toBe(404);
  });

  it('puts a client a CSM creates in their own book', async () => {
    const csm = await makeMember(t, ws, 'csm');
    const cookie = await signInAs(t, csm);
    const c = await createClientVia(t, cookie, { name: 'Booked by CSM' });
    expect(c.csm).toEqual({ id: csm.membershipId, name: csm.name });
    expect((await send(t, 'GET', cookie, `/api/v1/clients/${c.id}`)).status).toBe(200);
    const colleague = await signInAs(t, await makeMember(t, ws, 'csm'));
    expect((await send(t, 'GET', colleague, `/api/v1/clients/${c.id}`)).status).toBe(404);
    // An owner's new client is nobody's until assigned.
    expect((await createClientVia(t, owner, { name: 'Unassigned' })).csm).toBeNull();
  });

  it('answers a CSM who hands a client over with the result, not a 404', async () => {
    const csm = await makeMember(t, ws, 'csm');
    const colleague = await makeMember(t, ws, 'csm');
    const cookie = await signInAs(t, csm);
    const c = await createClientVia(t, cookie, { name: 'Handed over' });
    const res = await send(t, 'PATCH', cookie, `/api/v1/clients/${c.id}`, { csmMembershipId: colleague.membershipId });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: c.id, csm: { id: colleague.membershipId, name: colleague.name }, canEdit: false });
    expect((await send(t, 'GET', cookie, `/api/v1/clients/${c.id}`)).status).toBe(404);
    expect((await send(t, 'GET', await signInAs(t, colleague), `/api/v1/clients/${c.id}`)).status).toBe(200);

    const forThem = await send(t, 'POST', cookie, '/api/v1/clients', { name: 'Made for a colleague', csmMembershipId: colleague.membershipId });
    expect(forThem.status).toBe(201);
    expect(forThem.body).toMatchObject({ name: 'Made for a colleague', csm: { id: colleague.membershipId }, canEdit: false });
  });

  it('keeps external ids unique per workspace', async () => {
    const a = await createClientVia(t, owner, { name: 'Ext A', externalId: 'crm-42' });
    expect(a.externalId).toBe('crm-42');
    const dup = await send(t, 'POST', owner, '/api/v1/clients', { name: 'Ext B', externalId: 'crm-42' });
    expect(dup.status).toBe(400);
    expect(dup.body.error.message).toBe('body.externalId: another client already has this external id.');
    const b = await createClientVia(t, owner, { name: 'Ext B', externalId: 'crm-43' });
    expect((await send(t, 'PATCH', owner, `/api/v1/clients/${b.id}`, { externalId: 'crm-42' })).status).toBe(400);
    const elsewhere = await makeWorkspace(t);
    expect((await send(t, 'POST', await signInAs(t, elsewhere.owner), '/api/v1/clients', { name: 'Ext there', externalId: 'crm-42' })).status).toBe(201);
  });
});

describe('custom-field values', () => {
  let cws: Workspace;
  let admin: string;

  beforeAll(async () => {
    cws = await makeWorkspace(t);
    admin = await signInAs(t, cws.owner);
    const fields = [
      { label: 'Notes', type: 'text' },
      { label: 'Seats', type: 'number' },
      { label: 'ARR', key: 'arr', type: 'currency', currency: 'USD' },
      { label: 'Renewal date', type: 'date' },
      { label: 'Plan', type: 'single_select', options: ['Starter', 'Gold'] },
      { label: 'Modules', type: 'multi_select', options: ['Billing', 'CRM', 'Support'] },
      { label: 'Referenceable', type: 'boolean' },
      { label: 'Success plan', type: 'url' },
    ];
    for (const f of fields) expect((await send(t, 'POST', admin, '/api/v1/custom-fields', f)).status).toBe(201);
  });

  async function valueOf(key: string, raw: unknown): Promise<Answer> {
    return send(t, 'POST', admin, '/api/v1/clients', { name: `CF ${key}`, customFields: { [key]: raw } });
  }

  it('stores each type in its canonical form', async () => {
    const res = await send(t, 'POST', admin, '/api/v1/clients', {
      name: 'Typed',
      customFields: {
        notes: '  likes golf  ',
        seats: '1,250',
        arr: '1,200.50',
        renewal_date: '2027-03-01',
        plan: 'gold',
        modules: ['crm', 'Billing', 'CRM'],
        referenceable: 'yes',
        success_plan: 'https://docs.example.com/plan',
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.customFields).toEqual({
      notes: 'likes golf',
      seats: 1250,
      arr: 120050,
      renewal_date: '2027-03-01',
      plan: 'Gold',
      modules: ['CRM', 'Billing'],
      referenceable: true,
      success_plan: 'https://docs.example.com/plan',
    });
    const stored = await t.db.selectFrom('client').select('custom_fields').where('id', '=', res.body.id).executeTakeFirstOrThrow();
    expect(JSON.parse(stored.custom_fields)).toEqual(res.body.customFields);
  });

  it('reads currency as integer minor units', async () => {
    expect((await valueOf('arr', '1,200.50')).body.customFields.arr).toBe(120050);
    expect((await valueOf('arr', '$1,200')).body.customFields.arr).toBe(120000);
    expect((await valueOf('arr', '99.9')).body.customFields.arr).toBe(9990);
    expect((await valueOf('arr', 4200)).body.customFields.arr).toBe(4200);
    expect((await valueOf('arr', '-15.25')).body.customFields.arr).toBe(-1525);
    const frac = await valueOf('arr', 12.5);
    expect(frac.status).toBe(400);
    expect(frac.body.error.message).toBe('body.customFields.arr: must be a whole number of minor units (cents)');
    const text = await valueOf('arr', 'lots');
    expect(text.status).toBe(400);
    expect(text.body.error.message).toBe('body.customFields.arr: must be an amount such as 1200 or 1,200.50');
    expect((await valueOf('arr', '1,20.5')).status).toBe(400);
  });

  it('refuses a value of the wrong type, naming the field', async () => {
    const cases: [string, unknown, string][] = [
      ['seats', 'many', 'must be a number'],
      ['renewal_date', '2027-02-30', 'must be a date as YYYY-MM-DD'],
      ['renewal_date', '03/01/2027', 'must be a date as YYYY-MM-DD'],
      ['plan', 'Platinum', 'must be one of: Starter, Gold'],
      ['modules', ['CRM', 'Payroll'], '"Payroll" is not one of: Billing, CRM, Support'],
      ['referenceable', 'maybe', 'must be yes or no'],
      ['success_plan', 'javascript:alert(1)', 'must be an http or https link'],
      ['success_plan', 'not a link', 'must be a link such as https://example.com'],
      ['nope', 'x', 'is not a field of this workspace'],
    ];
    for (const [key, raw, message] of cases) {
      const res = await valueOf(key, raw);
      expect(res.status, `${key}=${JSON.stringify(raw)}`).toBe(400);
      expect(res.body.error.message).toBe(`body.customFields.${key}: ${message}`);
    }
    expect((await valueOf('modules', 'Support; billing')).body.customFields.modules).toEqual(['Support', 'Billing']);
    expect((await valueOf('referenceable', false)).body.customFields.referenceable).toBe(false);
    expect((await valueOf('seats', 12.5)).body.customFields.seats).toBe(12.5);
  });

  it('requires required fields on create and update, and clears a value with null', async () => {
    const rws = await makeWorkspace(t);
    const cookie = await signInAs(t, rws.owner);
    expect((await send(t, 'POST', cookie, '/api/v1/custom-fields', { label: 'Segment', type: 'single_select', options: ['SMB', 'Enterprise'], required: true })).status).toBe(201);
    expect((await send(t, 'POST', cookie, '/api/v1/custom-fields', { label: 'Region', type: 'text' })).status).toBe(201);

    const missing = await send(t, 'POST', cookie, '/api/v1/clients', { name: 'No segment' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toBe('body.customFields.segment: is required (Segment)');
    const c = await send(t, 'POST', cookie, '/api/v1/clients', { name: 'Has segment', customFields: { segment: 'smb', region: 'EMEA' } });
    expect(c.status).toBe(201);

    // Values merge; null clears an optional field and cannot clear a required one.
    const merged = await send(t, 'PATCH', cookie, `/api/v1/clients/${c.body.id}`, { customFields: { region: null } });
    expect(merged.body.customFields).toEqual({ segment: 'SMB' });
    const cleared = await send(t, 'PATCH', cookie, `/api/v1/clients/${c.body.id}`, { customFields: { segment: null } });
    expect(cleared.status).toBe(400);
    expect(cleared.body.error.message).toBe('body.customFields.segment: is required (Segment)');
    expect((await send(t, 'GET', cookie, `/api/v1/clients/${c.body.id}`)).body.customFields).toEqual({ segment: 'SMB' });
  });
});

describe('bulk update', () => {
  it('changes the clients the caller may change and reports the others as skipped', async () => {
    const csm = await makeMember(t, ws, 'csm');
    const cookie = await signInAs(t, csm);
    const mine1 = await createClientVia(t, cookie, { name: 'Bulk mine 1', tags: ['old'] });
    const mine2 = await createClientVia(t, cookie, { name: 'Bulk mine 2', tags: ['old', 'keep'] });
    const notMine = await createClientVia(t, owner, { name: 'Bulk not mine' });
    const elsewhere = await makeWorkspace(t);
    const foreign = await createClientVia(t, await signInAs(t, elsewhere.owner), { name: 'Bulk foreign' });

    const res = await send(t, 'POST', cookie, '/api/v1/clients/bulk-update', {
      ids: [mine1.id, notMine.id, mine2.id, foreign.id, 'cl_nope', mine1.id],
      set: { status: 'inactive', tier: 'Bronze', addTags: ['q4-push'], removeTags: ['old'] },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ updated: 2, skipped: [notMine.id, foreign.id, 'cl_nope'] });
    for (const id of [mine1.id, mine2.id]) {
      const c = (await send(t, 'GET', cookie, `/api/v1/clients/${id}`)).body;
      expect(c).toMatchObject({ status: 'inactive', tier: 'Bronze' });
      expect(c.tags).toEqual(id === mine2.id ? ['keep', 'q4-push'] : ['q4-push']);
    }
    const untouched = await t.db.selectFrom('client').select(['status', 'tier']).where('id', 'in', [notMine.id, foreign.id]).execute();
    expect(untouched).toEqual([
      { status: 'active', tier: null },
      { status: 'active', tier: null },
    ]);

    const empty = await send(t, 'POST', cookie, '/api/v1/clients/bulk-update', { ids: [mine1.id], set: {} });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toBe('body.set: say what to change');
    const terminate = await send(t, 'POST', cookie, '/api/v1/clients/bulk-update', { ids: [mine1.id], set: { status: 'terminated' } });
    expect(terminate.status).toBe(400);
    expect(terminate.body.error.message).toMatch(/^body\.set\.status: /);
  });

  it('assigns a CSM in bulk only from this workspace', async () => {
    const c = await createClientVia(t, owner, { name: 'Bulk assign' });
    const csm = await makeMember(t, ws, 'csm');
    const ok = await send(t, 'POST', owner, '/api/v1/clients/bulk-update', { ids: [c.id], set: { csmMembershipId: csm.membershipId } });
    expect(ok.body).toEqual({ updated: 1, skipped: [] });
    expect((await send(t, 'GET', owner, `/api/v1/clients/${c.id}`)).body.csm).toEqual({ id: csm.membershipId, name: csm.name });
    const foreign = await makeMember(t, await makeWorkspace(t), 'csm');
    const bad = await send(t, 'POST', owner, '/api/v1/clients/bulk-update', { ids: [c.id], set: { csmMembershipId: foreign.membershipId } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('body.csmMembershipId: is not a member of this workspace');
  });
});

describe('people leaving', () => {
  it('removing a member leaves their clients, notes and tasks unassigned instead of failing', async () => {
    const csm = await makeMember(t, ws, 'csm');
    const cookie = await signInAs(t, csm);
    const booked = await createClientVia(t, cookie, { name: 'Left behind' });
    const sponsored = await createClientVia(t, owner, { name: 'Sponsored', sponsorMembershipId: csm.membershipId, csmMembershipId: ws.owner.membershipId });
    const note = (await send(t, 'POST', cookie, `/api/v1/clients/${booked.id}/timeline`, { type: 'note', title: 'Handover' })).body;
    const task = (await send(t, 'POST', cookie, '/api/v1/tasks', { title: 'Follow up', clientId: booked.id })).body;
    expect(task.assignee).toEqual({ id: csm.membershipId, name: csm.name });

    const res = await send(t, 'DELETE', owner, `/api/v1/members/${csm.membershipId}`);
    expect(res.status).toBe(204);
    expect((await send(t, 'GET', owner, `/api/v1/clients/${booked.id}`)).body.csm).toBeNull();
    expect((await send(t, 'GET', owner, `/api/v1/clients/${sponsored.id}`)).body).toMatchObject({ sponsor: null, csm: { id: ws.owner.membershipId } });
    const timeline = (await send(t, 'GET', owner, `/api/v1/clients/${booked.id}/timeline`)).body;
    expect(timeline.items.map((i: { id: string; author: unknown }) => [i.id, i.author])).toEqual([[note.id, null]]);
    expect((await send(t, 'GET', owner, `/api/v1/tasks/${task.id}`)).body.assignee).toBeNull();
  });

  it('deleting a sales rep leaves their clients without one', async () => {
    const rep = (await send(t, 'POST', owner, '/api/v1/sales-reps', { name: 'Sally Seller' })).body;
    const c = await createClientVia(t, owner, { name: 'Sold by Sally', salesRepId: rep.id });
    expect(c.salesRep).toEqual({ id: rep.id, name: 'Sally Seller' });
    expect((await send(t, 'DELETE', owner, `/api/v1/sales-reps/${rep.id}`)).status).toBe(204);
    const after = (await send(t, 'GET', owner, `/api/v1/clients/${c.id}`)).body;
    expect(after.salesRep).toBeNull();
    expect(after.name).toBe('Sold by Sally');
  });
});
