import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, send, type TestApp } from '../../../test/helpers/app.js';
import { makeMember, makeWorkspace, signInAs, type Workspace } from '../../../test/helpers/factories.js';
import { createClientVia, createContactVia } from '../../../test/helpers/records.js';

let t: TestApp;
let ws: Workspace;
let owner: string;

beforeAll(async () => {
  t = await buildTestApp();
  ws = await makeWorkspace(t);
  owner = await signInAs(t, ws.owner);
});
afterAll(() => t.close());

const viewAudits = (contactId: string) => t.db.selectFrom('audit_event').selectAll().where('action', '=', 'contact.viewed').where('subject_id', '=', contactId).execute();

describe('creating contacts', () => {
  it('[P08] stores emails lower-cased, the first as primary, phones as E.164, links with roles and the per-contact do-not-contact and marketing opt-out flags', async () => {
    const acme = await createClientVia(t, owner, { name: 'Acme Contacts' });
    const c = await createContactVia(t, owner, {
      firstName: ' Dana ',
      lastName: 'Scully',
      title: 'VP Operations',
      emails: [' Dana.Scully@Example.COM ', 'dana@home.example'],
      phones: [
        { number: '(415) 555-2671', country: 'US', label: 'mobile' },
        { number: '+44 20 7946 0958' },
      ],
      clients: [{ clientId: acme.id, roles: ['primary', 'champion'] }],
      doNotContact: true,
      marketingOptOut: true,
    });
    expect(c).toMatchObject({
      firstName: 'Dana',
      lastName: 'Scully',
      name: 'Dana Scully',
      title: 'VP Operations',
      emails: [
        { email: 'dana.scully@example.com', primary: true },
        { email: 'dana@home.example', primary: false },
      ],
      phones: [
        { phone: '+14155552671', label: 'mobile' },
        { phone: '+442079460958', label: null },
      ],
      clients: [{ id: acme.id, name: 'Acme Contacts', roles: ['primary', 'champion'] }],
      doNotContact: true,
      marketingOptOut: true,
      source: 'manual',
      customFields: {},
      canEdit: true,
    });
    expect(c.id).toMatch(/^ct_/);

    const plain = await createContactVia(t, owner, { firstName: 'Fox' });
    expect(plain).toMatchObject({ name: 'Fox', lastName: null, emails: [], phones: [], clients: [], doNotContact: false, marketingOptOut: false });

    const flags = await send(t, 'PATCH', owner, `/api/v1/contacts/${c.id}`, { doNotContact: false });
    expect(flags.body).toMatchObject({ doNotContact: false, marketingOptOut: true });
  });

  it('keeps an email to one contact per workspace', async () => {
    const first = await createContactVia(t, owner, { firstName: 'Walter', emails: ['walter@skinner.example'] });
    const dup = await send(t, 'POST', owner, '/api/v1/contacts', { firstName: 'Other Walter', emails: ['WALTER@skinner.example'] });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('contact_email_in_use');
    expect(dup.body.error.details).toEqual({ emails: ['walter@skinner.example'], contactIds: [first.id] });
    expect(dup.body.error.message).toBe('walter@skinner.example belongs to Walter. An email address can belong to one contact only.');
    expect(await t.db.selectFrom('contact').select('id').where('workspace_id', '=', ws.workspaceId).where('first_name', '=', 'Other Walter').execute()).toEqual([]);

    const second = await createContactVia(t, owner, { firstName: 'Monica', emails: ['monica@reyes.example'] });
    const steal = await send(t, 'PATCH', owner, `/api/v1/contacts/${second.id}`, { emails: ['monica@reyes.example', 'walter@skinner.example'] });
    expect(steal.status).toBe(409);
    expect(steal.body.error.code).toBe('contact_email_in_use');
    // Re-saving one's own address is no conflict.
    expect((await send(t, 'PATCH', owner, `/api/v1/contacts/${first.id}`, { emails: ['Walter@Skinner.example'] })).status).toBe(200);

    const elsewhere = await makeWorkspace(t);
    expect((await send(t, 'POST', await signInAs(t, elsewhere.owner), '/api/v1/contacts', { firstName: 'Walter', emails: ['walter@skinner.example'] })).status).toBe(201);

    const invalid = await send(t, 'POST', owner, '/api/v1/contacts', { firstName: 'Bad', emails: ['not-an-email'] });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toBe('body.emails.0: must be an email address');
  });

  it('names the contact that holds an email only to a caller who can see it', async () => {
    const csmA = await makeMember(t, ws, 'csm');
    const csmB = await makeMember(t, ws, 'csm');
    const cookieA = await signInAs(t, csmA);
    const cookieB = await signInAs(t, csmB);
    const book = await createClientVia(t, cookieA, { name: 'Private Book Co' });
    const hidden = await createContactVia(t, cookieA, { firstName: 'Laura', lastName: 'Palmer', emails: ['laura@twinpeaks.example'], clients: [{ clientId: book.id }] });

    const res = await send(t, 'POST', cookieB, '/api/v1/contacts', { firstName: 'Other Laura', emails: ['laura@twinpeaks.example'] });
    expect(res.status).toBe(409);
    expect(res.body.error).toEqual({
      code: 'contact_email_in_use',
      message: 'laura@twinpeaks.example belongs to a contact you cannot see. An email address can belong to one contact only.',
      details: { emails: ['laura@twinpeaks.example'], contactIds: [] },
    });
    expect(JSON.stringify(res.body)).not.toContain(hidden.id);
    expect(JSON.stringify(res.body)).not.toContain('Palmer');
    const mine = await createContactVia(t, cookieB, { firstName: 'Donna', emails: ['donna@twinpeaks.example'] });
    const steal = await send(t, 'PATCH', cookieB, `/api/v1/contacts/${mine.id}`, { emails: ['donna@twinpeaks.example', 'laura@twinpeaks.example'] });
    expect(steal.status).toBe(409);
    expect(steal.body.error.details.contactIds).toEqual([]);
    expect(JSON.stringify(steal.body)).not.toContain(hidden.id);

    // Her own CSM is told whose address it is.
    const own = await send(t, 'POST', cookieA, '/api/v1/contacts', { firstName: 'Other Laura', emails: ['laura@twinpeaks.example'] });
    expect(own.body.error.details.contactIds).toEqual([hidden.id]);
    expect(own.body.error.message).toBe('laura@twinpeaks.example belongs to Laura Palmer. An email address can belong to one contact only.');
  });

  it('refuses a phone number it cannot read as E.164, naming the entry', async () => {
    const noCountry = await send(t, 'POST', owner, '/api/v1/contacts', { firstName: 'Phil', phones: [{ number: '(415) 555-2671' }] });
    expect(noCountry.status).toBe(400);
    expect(noCountry.body.error.message).toBe('body.phones.0.number: (415) 555-2671 is not a valid phone number; write it with its country code, such as +1 415 555 2671');
    const wrong = await send(t, 'POST', owner, '/api/v1/contacts', { firstName: 'Phil', phones: [{ number: '+14155552671' }, { number: '555-01', country: 'US' }] });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toBe('body.phones.1.number: 555-01 is not a valid phone number for US');
    const badCountry = await send(t, 'POST', owner, '/api/v1/contacts', { firstName: 'Phil', phones: [{ number: '4155552671', country: 'usa' }] });
    expect(badCountry.status).toBe(400);
    expect(badCountry.body.error.message).toBe('body.phones.0.country: must be a two-letter country code such as US');
    expect(await t.db.selectFrom('contact').select('id').where('workspace_id', '=', ws.workspaceId).where('first_name', '=', 'Phil').execute()).toEqual([]);
  });

  it('stores a number written two ways once', async () => {
    const c = await createContactVia(t, owner, {
      firstName: 'Twice',
      phones: [
        { number: '+1 415 555 2671', label: 'work' },
        { number: '(415) 555-2671', country: 'US', label: 'mobile' },
      ],
    });
    expect(c.phones).toEqual([{ phone: '+14155552671', label: 'work' }]);
    const upd = await send(t, 'PATCH', owner, `/api/v1/contacts/${c.id}`, { phones: [{ number: '415-555-2671', country: 'US' }, { number: '+14155552671' }] });
    expect(upd.status).toBe(200);
    expect(upd.body.phones).toEqual([{ phone: '+14155552671', label: null }]);
  });

  it('refuses roles it does not know and clients the caller cannot see', async () => {
    const acme = await createClientVia(t, owner, { name: 'Acme Roles' });
    const role = await send(t, 'POST', owner, '/api/v1/contacts', { firstName: 'Role', clients: [{ clientId: acme.id, roles: ['boss'] }] });
    expect(role.status).toBe(400);
    expect(role.body.error.message).toMatch(/^body\.clients\.0\.roles\.0: /);
    const foreign = await createClientVia(t, await signInAs(t, (await makeWorkspace(t)).owner), { name: 'Foreign' });
    const link = await send(t, 'POST', owner, '/api/v1/contacts', { firstName: 'Role', clients: [{ clientId: foreign.id }] });
    expect(link.status).toBe(400);
    expect(link.body.error.message).toBe(`body.clients: ${foreign.id} is not a client you can see`);
  });
});

describe('reading contacts', () => {
  it('[P45] reading a contact’s full record is audited', async () => {
    const c = await createContactVia(t, owner, { firstName: 'Audrey', lastName: 'Horne', title: 'Heiress', emails: ['audrey@greatnorthern.example'], phones: [{ number: '+14155552671' }] });
    await send(t, 'GET', owner, '/api/v1/contacts?q=audrey');
    await send(t, 'PATCH', owner, `/api/v1/contacts/${c.id}`, { title: 'Owner' });
    expect(await viewAudits(c.id)).toEqual([]);

    t.clock.advance(1000);
    const res = await send(t, 'GET', owner, `/api/v1/contacts/${c.id}`);
    expect(res.status).toBe(200);
    expect(res.body.emails).toEqual([{ email: 'audrey@greatnorthern.example', primary: true }]);
    const audits = await viewAudits(c.id);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ workspace_id: ws.workspaceId, subject_type: 'contact', actor_user_id: ws.owner.userId, outcome: 'success', at: t.clock.now() });
    const details = audits[0]?.details ?? '';
    for (const pii of ['Audrey', 'Horne', 'audrey@', 'greatnorthern', '4155552671', 'Owner']) expect(details).not.toContain(pii);

    await send(t, 'GET', owner, `/api/v1/contacts/${c.id}`);
    expect(await viewAudits(c.id)).toHaveLength(2);
    // A failed read of someone else's contact records nothing about it.
    const elsewhere = await signInAs(t, (await makeWorkspace(t)).owner);
    expect((await send(t, 'GET', elsewhere, `/api/v1/contacts/${c.id}`)).status).toBe(404);
    expect(await viewAudits(c.id)).toHaveLength(2);
  });

  it('lists contacts and finds them by name and by email', async () => {
    const sws = await makeWorkspace(t);
    const cookie = await signInAs(t, sws.owner);
    const acme = await createClientVia(t, cookie, { name: 'Acme Search' });
    const a = await createContactVia(t, cookie, { firstName: 'Laura', lastName: 'Palmer', emails: ['laura@twinpeaks.example'], clients: [{ clientId: acme.id, roles: ['billing'] }] });
    const b = await createContactVia(t, cookie, { firstName: 'Dale', lastName: 'Cooper', emails: ['agent.cooper@fbi.example'], title: 'Special Agent' });
    const c = await createContactVia(t, cookie, { firstName: 'Leland', lastName: 'Palmer', doNotContact: true });

    const all = await send(t, 'GET', cookie, '/api/v1/contacts');
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(3);
    // By last name, then first name.
    expect(all.body.items.map((i: { id: string }) => i.id)).toEqual([b.id, a.id, c.id]);
    expect(all.body.items[1]).toEqual({
      id: a.id,
      name: 'Laura Palmer',
      title: null,
      email: 'laura@twinpeaks.example',
      clients: [{ id: acme.id, name: 'Acme Search', roles: ['billing'] }],
      doNotContact: false,
    });

    const ids = async (query: string) => (await send(t, 'GET', cookie, `/api/v1/contacts?${query}`)).body.items.map((i: { id: string }) => i.id);
    expect(await ids('q=palmer')).toEqual([a.id, c.id]);
    expect(await ids('q=LAURA')).toEqual([a.id]);
    expect(await ids('q=dale%20cooper')).toEqual([b.id]);
    expect(await ids('q=fbi.example')).toEqual([b.id]);
    expect(await ids('q=agent.coo')).toEqual([b.id]);
    expect(await ids('q=nobody')).toEqual([]);
    expect(await ids(`clientId=${acme.id}`)).toEqual([a.id]);
    const page = await send(t, 'GET', cookie, '/api/v1/contacts?limit=1&offset=1');
    expect(page.body).toMatchObject({ total: 3, hasMore: true, items: [{ id: a.id }] });
    // The page without its count, and the count on its own, as the contacts page asks for them.
    const uncounted = await send(t, 'GET', cookie, '/api/v1/contacts?limit=2&offset=1&total=false');
    expect(uncounted.body).toMatchObject({ total: null, hasMore: false, items: [{ id: a.id }, { id: c.id }] });
    expect((await send(t, 'GET', cookie, '/api/v1/contacts/count?q=palmer')).body).toEqual({ total: 2 });
    expect((await send(t, 'GET', cookie, `/api/v1/contacts/count?clientId=${acme.id}`)).body).toEqual({ total: 1 });
    const bad = await send(t, 'GET', cookie, '/api/v1/contacts?total=maybe');
    expect([bad.status, bad.body.error.message]).toEqual([400, expect.stringContaining('total')]);

    // Search follows renames and new emails.
    await send(t, 'PATCH', cookie, `/api/v1/contacts/${b.id}`, { lastName: 'Rosenfield', emails: ['albert@fbi.example'] });
    expect(await ids('q=cooper')).toEqual([]);
    expect(await ids('q=rosenfield')).toEqual([b.id]);
    expect(await ids('q=albert@')).toEqual([b.id]);
  });
});

describe('client links', () => {
  it('links a contact to a client with roles, changes the roles, and unlinks it', async () => {
    const acme = await createClientVia(t, owner, { name: 'Acme Links' });
    const c = await createContactVia(t, owner, { firstName: 'Gordon' });
    const linked = await send(t, 'PUT', owner, `/api/v1/clients/${acme.id}/contacts/${c.id}`, { roles: ['decision_maker'] });
    expect(linked.status).toBe(200);
    expect(linked.body.clients).toEqual([{ id: acme.id, name: 'Acme Links', roles: ['decision_maker'] }]);
    const again = await send(t, 'PUT', owner, `/api/v1/clients/${acme.id}/contacts/${c.id}`, { roles: ['technical', 'billing'] });
    expect(again.body.clients).toEqual([{ id: acme.id, name: 'Acme Links', roles: ['technical', 'billing'] }]);
    expect(await t.db.selectFrom('client_contact').select('roles').where('contact_id', '=', c.id).execute()).toHaveLength(1);

    const bad = await send(t, 'PUT', owner, `/api/v1/clients/${acme.id}/contacts/${c.id}`, { roles: ['overlord'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^body\.roles\.0: /);

    expect((await send(t, 'DELETE', owner, `/api/v1/clients/${acme.id}/contacts/${c.id}`)).status).toBe(204);
    expect((await send(t, 'GET', owner, `/api/v1/contacts/${c.id}`)).body.clients).toEqual([]);
    expect((await send(t, 'DELETE', owner, `/api/v1/clients/${acme.id}/contacts/${c.id}`)).status).toBe(404);
    expect((await send(t, 'PUT', owner, `/api/v1/clients/${acme.id}/contacts/ct_nope`, { roles: [] })).status).toBe(404);
  });

  it('keeps links to clients the caller cannot see when they change the links', async () => {
    const csm = await makeMember(t, ws, 'csm');
    const cookie = await signInAs(t, csm);
    const mine = await createClientVia(t, cookie, { name: 'CSM own client' });
    const mine2 = await createClientVia(t, cookie, { name: 'CSM second client' });
    const hidden = await createClientVia(t, owner, { name: 'Hidden from CSM' });
    const c = await createContactVia(t, owner, {
      firstName: 'Shared',
      clients: [
        { clientId: mine.id, roles: ['primary'] },
        { clientId: hidden.id, roles: ['executive_sponsor'] },
      ],
    });

    const seen = await send(t, 'GET', cookie, `/api/v1/contacts/${c.id}`);
    expect(seen.body.clients).toEqual([{ id: mine.id, name: 'CSM own client', roles: ['primary'] }]);

    const res = await send(t, 'PATCH', cookie, `/api/v1/contacts/${c.id}`, { clients: [{ clientId: mine2.id, roles: ['champion'] }] });
    expect(res.status).toBe(200);
    expect(res.body.clients).toEqual([{ id: mine2.id, name: 'CSM second client', roles: ['champion'] }]);
    const stored = await t.db.selectFrom('client_contact').select(['client_id', 'roles']).where('contact_id', '=', c.id).orderBy('client_id').execute();
    expect(stored).toEqual(
      [
        { client_id: hidden.id, roles: JSON.stringify(['executive_sponsor']) },
        { client_id: mine2.id, roles: JSON.stringify(['champion']) },
      ].sort((x, y) => (x.client_id < y.client_id ? -1 : 1)),
    );

    const sneak = await send(t, 'PATCH', cookie, `/api/v1/contacts/${c.id}`, { clients: [{ clientId: hidden.id, roles: [] }] });
    expect(sneak.status).toBe(400);
    expect(sneak.body.error.message).toBe(`body.clients: ${hidden.id} is not a client you can see`);
    expect((await send(t, 'PUT', cookie, `/api/v1/clients/${hidden.id}/contacts/${c.id}`, { roles: [] })).status).toBe(404);
    expect((await send(t, 'DELETE', cookie, `/api/v1/clients/${hidden.id}/contacts/${c.id}`)).status).toBe(404);
    expect(await t.db.selectFrom('client_contact').select('client_id').where('contact_id', '=', c.id).where('client_id', '=', hidden.id).execute()).toHaveLength(1);
  });

  it('answers a CSM who unlinks a contact from their last client with the result, not a 404', async () => {
    const csm = await makeMember(t, ws, 'csm');
    const cookie = await signInAs(t, csm);
    const mine = await createClientVia(t, cookie, { name: 'Last link' });
    const theirs = await createClientVia(t, owner, { name: 'Elsewhere' });
    const c = await createContactVia(t, owner, { firstName: 'Leaving', clients: [{ clientId: mine.id }, { clientId: theirs.id }] });
    const res = await send(t, 'PATCH', cookie, `/api/v1/contacts/${c.id}`, { clients: [] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: c.id, clients: [], canEdit: false });
    expect((await send(t, 'GET', cookie, `/api/v1/contacts/${c.id}`)).status).toBe(404);
    expect(await t.db.selectFrom('client_contact').select('client_id').where('contact_id', '=', c.id).execute()).toEqual([{ client_id: theirs.id }]);
  });

  it('shows a CSM the contacts of their book and the unlinked contacts they created, not the rest', async () => {
    const csm = await makeMember(t, ws, 'csm');
    const cookie = await signInAs(t, csm);
    const mine = await createClientVia(t, cookie, { name: 'Book client' });
    const linked = await createContactVia(t, owner, { firstName: 'Booked', clients: [{ clientId: mine.id }] });
    const own = await createContactVia(t, cookie, { firstName: 'Loose' });
    const other = await createContactVia(t, owner, { firstName: 'Stranger' });
    const ids = (await send(t, 'GET', cookie, '/api/v1/contacts?limit=200')).body.items.map((i: { id: string }) => i.id);
    expect(ids).toContain(linked.id);
    expect(ids).toContain(own.id);
    expect(ids).not.toContain(other.id);
    expect((await send(t, 'GET', cookie, `/api/v1/contacts/${other.id}`)).status).toBe(404);
    expect((await send(t, 'PATCH', cookie, `/api/v1/contacts/${other.id}`, { title: 'x' })).status).toBe(404);
  });
});
