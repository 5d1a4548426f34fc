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

async function mapAndRun(id: string, mapping: Record<string, string | null>, matchOn: string, dryRun = false) {
  const mapped = await call(t.app, { method: 'PUT', url: `/api/v1/imports/${id}/mapping`, cookie: owner, body: { mapping, matchOn } });
  expect(mapped.status, JSON.stringify(mapped.body)).toBe(200);
  const started = await call(t.app, { method: 'POST', url: `/api/v1/imports/${id}/${dryRun ? 'dry-run' : 'run'}`, cookie: owner });
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  await t.drainJobs();
  return (await call(t.app, { method: 'GET', url: `/api/v1/imports/${id}`, cookie: owner })).body;
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

  it('refuses a file that is not UTF-8, and an empty one, with a reason, and keeps nothing', async () => {
    const latin1 = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports?entity=client',
      headers: { cookie: owner, 'sec-fetch-site': 'same-origin', 'content-type': 'text/csv' },
      payload: Buffer.from([0x4e, 0x61, 0x6d, 0x65, 0x0a, 0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72]),
    });
    expect(latin1.statusCode).toBe(400);
    expect(latin1.json().error.message).toMatch(/UTF-8/);
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
});
