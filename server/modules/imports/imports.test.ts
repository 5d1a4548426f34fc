import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, call, type TestApp } from '../../../test/helpers/app.js';
import { makeMember, makeWorkspace, signInAs, type Person, type Workspace } from '../../../test/helpers/factories.js';

let t: TestApp;
let ws: Workspace;
let owner: string;
let csm: Person;

beforeAll(async () => {
  t = await buildTestApp();
  ws = await makeWorkspace(t, 'Importers');
  owner = await signInAs(t, ws.owner);
  csm = await makeMember(t, ws, 'csm');
});
afterAll(() => t.close());

async function upload(csv: string, entity: 'client' | 'contact' = 'client', cookie = owner) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/imports?entity=${entity}&fileName=test.csv`,
    headers: { cookie, 'sec-fetch-site': 'same-origin', 'content-type': 'text/csv' },
    payload: csv,
  });
  return { status: res.statusCode, body: res.json() };
}

async function mapAndRun(id: string, mapping: Record<string, string | null>, matchOn: string, dryRun = false, cookie = owner) {
  const mapped = await call(t.app, { method: 'PUT', url: `/api/v1/imports/${id}/mapping`, cookie, body: { mapping, matchOn } });
  expect(mapped.status, JSON.stringify(mapped.body)).toBe(200);
  const started = await call(t.app, { method: 'POST', url: `/api/v1/imports/${id}/${dryRun ? 'dry-run' : 'run'}`, cookie });
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  await t.drainJobs();
  return (await call(t.app, { method: 'GET', url: `/api/v1/imports/${id}`, cookie })).body;
}

const clientsCsv = [
  'Company,Website,CRM Id,Status,CSM,Tags',
  `Acme Corp,acme.com,A-1,Active,${'%CSM%'},enterprise; emea`,
  'Globex,"https://www.globex.com/about",A-2,trial,,smb',
  'Initech,,A-3,Terminated,,',
  'Umbrella,bad domain,A-4,Active,,',
  'Hooli,hooli.com,A-5,Cancelled,,',
].join('\n');

describe('CSV import of clients', () => {
  it('reads the file, suggests a mapping and shows a preview', async () => {
    const { status, body } = await upload(clientsCsv.replace('%CSM%', csm.email));
    expect(status).toBe(201);
    expect(body.headers).toEqual(['Company', 'Website', 'CRM Id', 'Status', 'CSM', 'Tags']);
    expect(body.totalRows).toBe(5);
    expect(body.preview[0][0]).toBe('Acme Corp');
    expect(body.suggestedMapping).toEqual({ Company: 'name', Website: 'domains', 'CRM Id': 'external_id', Status: 'status', CSM: 'csm_email', Tags: 'tags' });
  });

  it('dry-runs with row-level errors and writes nothing, then imports, then undoes the whole import', async () => {
    const { body } = await upload(clientsCsv.replace('%CSM%', csm.email));
    const before = await t.db.selectFrom('client').select('id').where('workspace_id', '=', ws.workspaceId).execute();
    const dry = await mapAndRun(body.id, body.suggestedMapping, 'external_id', true);
    expect(dry.status).toBe('validated');
    expect(dry.dryRun).toBe(true);
    expect(dry.createdRows).toBe(2);
    expect(dry.errorRows).toBe(3);
    expect(dry.errors).toEqual([
      { row: 3, column: 'Status', message: 'a Terminated client needs a termination date and reason' },
      { row: 4, column: 'Website', message: '"bad domain" is not a domain such as acme.com' },
      { row: 5, column: 'Status', message: '"Cancelled" is not a status; use Active, Trial, Inactive or Terminated' },
    ]);
    expect(await t.db.selectFrom('client').select('id').where('workspace_id', '=', ws.workspaceId).execute()).toHaveLength(before.length);

    const done = await mapAndRun(body.id, body.suggestedMapping, 'external_id');
    expect(done.status).toBe('done');
    expect(done.createdRows).toBe(2);
    expect(done.canUndo).toBe(true);
    const acme = await t.db.selectFrom('client').selectAll().where('workspace_id', '=', ws.workspaceId).where('external_id', '=', 'A-1').executeTakeFirstOrThrow();
    expect(acme).toMatchObject({ name: 'Acme Corp', status: 'active', csm_membership_id: csm.membershipId, import_id: body.id });
    const tags = await t.db.selectFrom('client_tag').select('tag').where('client_id', '=', acme.id).execute();
    expect(tags.map((r) => r.tag).sort()).toEqual(['emea', 'enterprise']);
    const globex = await call(t.app, { method: 'GET', url: '/api/v1/search?q=globex.com', cookie: owner });
    expect(globex.body.clients.map((c: { name: string }) => c.name)).toEqual(['Globex']);

    const undo = await call(t.app, { method: 'POST', url: `/api/v1/imports/${body.id}/undo`, cookie: owner });
    expect(undo.status).toBe(202);
    await t.drainJobs();
    const after = await call(t.app, { method: 'GET', url: `/api/v1/imports/${body.id}`, cookie: owner });
    expect(after.body.status).toBe('undone');
    expect(await t.db.selectFrom('client').select('id').where('workspace_id', '=', ws.workspaceId).where('import_id', '=', body.id).execute()).toHaveLength(0);
  });

  it('updates matched clients instead of creating them, and undo restores what they were', async () => {
    const created = await call(t.app, { method: 'POST', url: '/api/v1/clients', cookie: owner, body: { name: 'Stark Industries', domains: ['stark.com'], tier: 'Gold' } });
    const { body } = await upload('Domain,Tier,Name\nstark.com,Platinum,Stark Industries Inc\nnew.com,Bronze,Newco');
    const done = await mapAndRun(body.id, { Domain: 'domains', Tier: 'tier', Name: 'name' }, 'domain');
    expect(done).toMatchObject({ status: 'done', createdRows: 1, updatedRows: 1, errorRows: 0 });
    const stark = await call(t.app, { method: 'GET', url: `/api/v1/clients/${created.body.id}`, cookie: owner });
    expect(stark.body).toMatchObject({ name: 'Stark Industries Inc', tier: 'Platinum', domains: ['stark.com'] });
    await call(t.app, { method: 'POST', url: `/api/v1/imports/${body.id}/undo`, cookie: owner });
    await t.drainJobs();
    const restored = await call(t.app, { method: 'GET', url: `/api/v1/clients/${created.body.id}`, cookie: owner });
    expect(restored.body).toMatchObject({ name: 'Stark Industries', tier: 'Gold' });
  });

  it('[P07] refuses rows holding sensitive data and counts them', async () => {
    const { body } = await upload('Name,Notes\nCardco,4242 4242 4242 4242\nCleanco,fine');
    await call(t.app, { method: 'POST', url: '/api/v1/custom-fields', cookie: owner, body: { label: 'Notes', type: 'text' } });
    const refreshed = await call(t.app, { method: 'GET', url: `/api/v1/imports/${body.id}`, cookie: owner });
    const done = await mapAndRun(body.id, { ...refreshed.body.suggestedMapping, Notes: 'custom.notes' }, 'none');
    expect(done.createdRows).toBe(1);
    expect(done.errors[0]).toMatchObject({ row: 1, message: expect.stringMatching(/payment card/) });
    expect(JSON.stringify(done.errors)).not.toContain('4242');
    const names = await t.db.selectFrom('client').select('custom_fields').where('workspace_id', '=', ws.workspaceId).execute();
    expect(JSON.stringify(names)).not.toContain('4242');
    const counts = await call(t.app, { method: 'GET', url: '/api/v1/workspace/sensitive-data', cookie: owner });
    expect(counts.body.items).toContainEqual(expect.objectContaining({ category: 'payment_card', action: 'rejected', source: 'import' }));
  });

  it('[P07] passes number columns and external ids through the guard: refused under reject, not written under redact', async () => {
    const space = await makeWorkspace(t);
    const cookie = await signInAs(t, space.owner);
    expect((await call(t.app, { method: 'POST', url: '/api/v1/custom-fields', cookie, body: { label: 'Card number', type: 'number' } })).status).toBe(201);
    const mapping = { Name: 'name', 'CRM Id': 'external_id', 'Card number': 'custom.card_number' };
    const csv = 'Name,CRM Id,Card number\nCardco,C-1,4242424242424242\nSsnco,SSN 123-45-6789,5\nCleanco,C-3,1200';
    const stored = async () => JSON.stringify(await t.db.selectFrom('client').select(['name', 'external_id', 'custom_fields']).where('workspace_id', '=', space.workspaceId).orderBy('name').execute());

    const refused = await mapAndRun((await upload(csv, 'client', cookie)).body.id, mapping, 'none', false, cookie);
    expect(refused).toMatchObject({ createdRows: 1, errorRows: 2 });
    expect(refused.errors).toEqual([
      { row: 1, column: 'Card number', message: expect.stringMatching(/payment card/) },
      { row: 2, column: 'CRM Id', message: expect.stringMatching(/government id/) },
    ]);
    expect(JSON.stringify(refused.errors)).not.toMatch(/4242|123-45/);
    expect(await stored()).toBe(JSON.stringify([{ name: 'Cleanco', external_id: 'C-3', custom_fields: '{"card_number":1200}' }]));
    const counts = await call(t.app, { method: 'GET', url: '/api/v1/workspace/sensitive-data', cookie });
    expect(counts.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ category: 'payment_card', action: 'rejected', source: 'import', count: 1 }),
        expect.objectContaining({ category: 'government_id', action: 'rejected', source: 'import', count: 1 }),
      ]),
    );

    expect((await call(t.app, { method: 'PATCH', url: '/api/v1/workspace', cookie, body: { sensitiveDataPolicy: 'redact' } })).status).toBe(200);
    const redacted = await mapAndRun((await upload(csv.replace('\nCleanco,C-3,1200', ''), 'client', cookie)).body.id, mapping, 'none', false, cookie);
    expect(redacted).toMatchObject({ createdRows: 2, errorRows: 0 });
    // The card number and the id holding an SSN are not written at all: a number or an id cannot carry a redaction marker.
    expect(await stored()).toBe(
      JSON.stringify([
        { name: 'Cardco', external_id: 'C-1', custom_fields: '{}' },
        { name: 'Cleanco', external_id: 'C-3', custom_fields: '{"card_number":1200}' },
        { name: 'Ssnco', external_id: null, custom_fields: '{"card_number":5}' },
      ]),
    );
    const contacts = await mapAndRun((await upload('First name,External id\nAnn,SSN 123-45-6789', 'contact', cookie)).body.id, { 'First name': 'first_name', 'External id': 'external_id' }, 'none', false, cookie);
    expect(contacts).toMatchObject({ createdRows: 1, errorRows: 0 });
    expect(await t.db.selectFrom('contact').select(['first_name', 'external_id']).where('workspace_id', '=', space.workspaceId).execute()).toEqual([{ first_name: 'Ann', external_id: null }]);
  });

  it('refuses a file that is not UTF-8 (or is UTF-16), and an empty one, with a reason, and keeps nothing', async () => {
    const latin1 = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports?entity=client',
      headers: { cookie: owner, 'sec-fetch-site': 'same-origin', 'content-type': 'text/csv' },
      payload: Buffer.from([0x4e, 0x61, 0x6d, 0x65, 0x0a, 0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72]),
    });
    expect(latin1.statusCode).toBe(400);
    expect(latin1.json().error.message).toMatch(/UTF-8/);
    // What Excel's "Unicode text" writes: UTF-16, every other byte a NUL, which PostgreSQL cannot store.
    const utf16 = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports?entity=client',
      headers: { cookie: owner, 'sec-fetch-site': 'same-origin', 'content-type': 'text/csv' },
      payload: Buffer.from('Name\nUtf Sixteen Co\n', 'utf16le'),
    });
    expect(utf16.statusCode).toBe(400);
    expect(utf16.json().error.message).toMatch(/NUL.*UTF-16/);
    const empty = await upload('');
    expect(empty.status).toBe(400);
    const list = await call(t.app, { method: 'GET', url: '/api/v1/imports', cookie: owner });
    expect(list.body.items.every((i: { fileName: string; totalRows: number }) => i.totalRows > 0)).toBe(true);
  });

  it('needs import permission: a CSM gets 404', async () => {
    const res = await upload('Name\nX', 'client', await signInAs(t, csm));
    expect(res.status).toBe(404);
  });
});

describe('CSV import of contacts', () => {
  it('creates contacts linked to clients by domain, upserts by email, and normalises phones', async () => {
    await call(t.app, { method: 'POST', url: '/api/v1/clients', cookie: owner, body: { name: 'Wayne Enterprises', domains: ['wayne.com'] } });
    const csv = 'Full name,Email,Phone,Company domain,Role\nBruce Wayne,Bruce@Wayne.com,+1 415 555 2671,wayne.com,Champion\nLucius Fox,lucius@wayne.com,123,wayne.com,Technical';
    const { body } = await upload(csv, 'contact');
    expect(body.suggestedMapping).toMatchObject({ 'Full name': 'full_name', Email: 'email', Phone: 'phone', 'Company domain': 'client_domain', Role: 'roles' });
    const done = await mapAndRun(body.id, body.suggestedMapping, 'email');
    expect(done).toMatchObject({ createdRows: 1, errorRows: 1 });
    expect(done.errors[0]).toMatchObject({ row: 2, column: 'Phone' });
    const list = await call(t.app, { method: 'GET', url: '/api/v1/contacts?q=bruce', cookie: owner });
    expect(list.body.items[0]).toMatchObject({ name: 'Bruce Wayne', email: 'bruce@wayne.com', clients: [{ name: 'Wayne Enterprises', roles: ['champion'] }] });
    const again = await upload('Email,Title\nbruce@wayne.com,Chairman', 'contact');
    const second = await mapAndRun(again.body.id, { Email: 'email', Title: 'title' }, 'email');
    expect(second).toMatchObject({ createdRows: 0, updatedRows: 1 });
    const bruce = await call(t.app, { method: 'GET', url: `/api/v1/contacts/${list.body.items[0].id}`, cookie: owner });
    expect(bruce.body).toMatchObject({ title: 'Chairman', phones: [{ phone: '+14155552671' }], source: 'import' });
  });

  it('normalises every number in a Phone cell and keeps two spellings of one number once', async () => {
    const csv = 'Full name,Email,Phone\nDale Cooper,dale@fbi.example,+1 415 555 0100; +1 (415) 555-0100; +44 20 7946 0958';
    const first = await mapAndRun((await upload(csv, 'contact')).body.id, { 'Full name': 'full_name', Email: 'email', Phone: 'phone' }, 'email');
    expect(first).toMatchObject({ createdRows: 1, errorRows: 0 });
    const id = (await t.db.selectFrom('contact').select('id').where('workspace_id', '=', ws.workspaceId).where('last_name', '=', 'Cooper').executeTakeFirstOrThrow()).id;
    const phones = async () => (await call(t.app, { method: 'GET', url: `/api/v1/contacts/${id}`, cookie: owner })).body.phones.map((p: { phone: string }) => p.phone);
    expect(await phones()).toEqual(['+14155550100', '+442079460958']);

    // Matched again by email: numbers it has are not added twice, new ones are.
    const again = await mapAndRun((await upload('Email,Phone\ndale@fbi.example,+1 415-555-0100; +1 415 555 0199', 'contact')).body.id, { Email: 'email', Phone: 'phone' }, 'email');
    expect(again).toMatchObject({ updatedRows: 1, errorRows: 0 });
    expect(await phones()).toEqual(['+14155550100', '+442079460958', '+14155550199']);

    const bad = await mapAndRun((await upload('Full name,Phone\nAlbert Rosenfield,+1 415 555 0100; 12', 'contact')).body.id, { 'Full name': 'full_name', Phone: 'phone' }, 'none');
    expect(bad).toMatchObject({ createdRows: 0, errorRows: 1 });
    expect(bad.errors).toEqual([{ row: 1, column: 'Phone', message: '+1 415 555 0100; 12: write each number with its country code, such as +1 415 555 2671' }]);
  });

  it('imports a few thousand rows in slices with progress', async () => {
    const rows = Array.from({ length: 2_500 }, (_, i) => `Person ${i},person${i}@bulk.example`);
    const { body } = await upload(`Full name,Email\n${rows.join('\n')}`, 'contact');
    expect(body.totalRows).toBe(2_500);
    const done = await mapAndRun(body.id, body.suggestedMapping, 'email');
    expect(done).toMatchObject({ status: 'done', processedRows: 2_500, createdRows: 2_500, errorRows: 0 });
    const count = await t.db.selectFrom('contact').select((eb) => eb.fn.countAll<number>().as('n')).where('import_id', '=', body.id).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(2_500);
    // The stored file is gone once imported.
    expect(await t.db.selectFrom('import_chunk').select('seq').where('import_id', '=', body.id).execute()).toHaveLength(0);
  });

  it('updates the record of an earlier row that repeats its key, in the same slice or an earlier one, in the dry run and in the run', async () => {
    // Row 11 repeats row 5's email in the same slice; row 1,200 repeats row 4's, two slices later.
    const rows = Array.from({ length: 1_200 }, (_, i) => `Person ${i},person${i}@slices.example`);
    rows[10] = 'Fiona Again,person4@slices.example';
    rows[1_199] = 'Thea Again,person3@slices.example';
    const { body } = await upload(`Full name,Email\n${rows.join('\n')}`, 'contact');
    const checked = await mapAndRun(body.id, body.suggestedMapping, 'email', true);
    expect(checked).toMatchObject({ status: 'validated', createdRows: 1_198, updatedRows: 2, errorRows: 0 });
    const done = await mapAndRun(body.id, body.suggestedMapping, 'email');
    expect(done).toMatchObject({ status: 'done', processedRows: 1_200, createdRows: 1_198, updatedRows: 2, errorRows: 0 });
    for (const [email, first] of [['person3@slices.example', 'Thea'], ['person4@slices.example', 'Fiona']] as const) {
      const owners = await t.db.selectFrom('contact_email').select('contact_id').where('email', '=', email).execute();
      expect(owners, email).toHaveLength(1);
      const contact = await t.db.selectFrom('contact').select(['first_name', 'last_name']).where('id', '=', owners[0]?.contact_id ?? '').executeTakeFirstOrThrow();
      expect([contact.first_name, contact.last_name]).toEqual([first, 'Again']);
    }
    // Undo takes all of it away, the twice-written records included.
    expect((await call(t.app, { method: 'POST', url: `/api/v1/imports/${body.id}/undo`, cookie: owner })).status).toBe(202);
    await t.drainJobs();
    expect((await call(t.app, { method: 'GET', url: `/api/v1/imports/${body.id}`, cookie: owner })).body.status).toBe('undone');
    expect(await t.db.selectFrom('contact_email').select('contact_id').where('email', 'like', '%@slices.example').execute()).toHaveLength(0);
  });
});
