import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, send, type TestApp } from '../../../test/helpers/app.js';
import { makeWorkspace, signInAs, type Workspace } from '../../../test/helpers/factories.js';
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

const search = async (q: string, limit = 10) => {
  const res = await send(t, 'GET', owner, `/api/v1/search?q=${encodeURIComponent(q)}&limit=${limit}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as {
    clients: { id: string; name: string; domains: string[] }[];
    contacts: { id: string; name: string; email: string | null }[];
    totals: { clients: number; contacts: number };
    more: { clients: boolean; contacts: boolean };
  };
};

describe('quick search', () => {
  it('puts the closest names first: the whole name, then names that start with the term, then a word that does', async () => {
    for (const name of ['Acme Northwind Labs', 'Northwind Traders', 'Northwind', 'Southnorthwind Ltd']) await createClientVia(t, owner, { name });
    for (const [firstName, lastName] of [['Nora', 'Northwindson'], ['Northwind', null], ['Zed', 'Northwind']]) await createContactVia(t, owner, { firstName, lastName });
    const found = await search('northwind');
    expect(found.clients.map((c) => c.name)).toEqual(['Northwind', 'Northwind Traders', 'Acme Northwind Labs', 'Southnorthwind Ltd']);
    expect(found.contacts.map((c) => c.name)).toEqual(['Northwind', 'Nora Northwindson', 'Zed Northwind']);
    expect(found.totals).toEqual({ clients: 4, contacts: 3 });
    expect(found.more).toEqual({ clients: false, contacts: false });
  });

  it('stops counting past 100 matches and says there are more', async () => {
    for (let i = 0; i < 101; i++) await createClientVia(t, owner, { name: `Okafor Holdings ${String(i).padStart(3, '0')}` });
    const found = await search('okafor', 5);
    expect(found.clients).toHaveLength(5);
    expect(found.totals.clients).toBe(100);
    expect(found.more.clients).toBe(true);
    // Under the cap the count is exact.
    const fewer = await search('okafor holdings 00');
    expect(fewer.totals.clients).toBe(10);
    expect(fewer.more.clients).toBe(false);
  });

  it('finds each contact once, whether its last name, its first name or only its email has the term', async () => {
    const made = [
      await createContactVia(t, owner, { firstName: 'Ann', lastName: 'Quillfeather' }),
      await createContactVia(t, owner, { firstName: 'Quillon', lastName: 'Quillby' }),
      await createContactVia(t, owner, { firstName: 'Quilla' }),
      await createContactVia(t, owner, { firstName: 'Bo', emails: ['bo@quillworks.example'] }),
      await createContactVia(t, owner, { firstName: 'Cy', lastName: 'Aquill' }),
    ];
    const found = await search('quill');
    expect(found.contacts.map((c) => c.id).sort()).toEqual(made.map((m) => m.id).sort());
    expect(found.totals.contacts).toBe(5);
    // Past the cap, counted across names and emails alike.
    for (let i = 0; i < 60; i++) await createContactVia(t, owner, { firstName: 'Dee', lastName: `Zephyrson${i}` });
    for (let i = 0; i < 41; i++) await createContactVia(t, owner, { firstName: 'Eli', emails: [`eli${i}@zephyrworks.example`] });
    const many = await search('zephyr');
    expect(many.totals.contacts).toBe(100);
    expect(many.more.contacts).toBe(true);
    expect(new Set(many.contacts.map((c) => c.id)).size).toBe(many.contacts.length);
  });

  it('follows renames, new domains and emails, and deletions at once', async () => {
    const client = await createClientVia(t, owner, { name: 'Quillfeather', domains: ['quill.example'] });
    const contact = await createContactVia(t, owner, { firstName: 'Imogen', lastName: 'Tarrant', emails: ['imogen@quill.example'] });
    expect((await search('quillfeather')).clients.map((c) => c.id)).toEqual([client.id]);

    expect((await send(t, 'PATCH', owner, `/api/v1/clients/${client.id}`, { name: 'Inkwell', domains: ['inkwell.example'] })).status).toBe(200);
    expect((await search('quillfeather')).clients).toEqual([]);
    expect((await search('quill.example')).clients).toEqual([]);
    expect((await search('inkwell.example')).clients.map((c) => c.name)).toEqual(['Inkwell']);

    expect((await send(t, 'PATCH', owner, `/api/v1/contacts/${contact.id}`, { emails: ['imogen@inkwell.example'] })).status).toBe(200);
    expect((await search('imogen@quill')).contacts).toEqual([]);
    expect((await search('imogen@inkwell')).contacts.map((c) => c.email)).toEqual(['imogen@inkwell.example']);

    expect((await send(t, 'DELETE', owner, `/api/v1/clients/${client.id}`)).status).toBe(204);
    expect((await send(t, 'DELETE', owner, `/api/v1/contacts/${contact.id}`)).status).toBe(204);
    expect(await search('inkwell')).toMatchObject({ clients: [], contacts: [] });
  });

  it('takes short terms and characters that mean something to the index as plain text', async () => {
    await createClientVia(t, owner, { name: 'Q"uote 100% "Co"' });
    expect((await search('Q')).clients.length).toBeGreaterThan(0);
    expect((await search('"Co"')).clients.map((c) => c.name)).toEqual(['Q"uote 100% "Co"']);
    expect((await search('100%')).clients.map((c) => c.name)).toEqual(['Q"uote 100% "Co"']);
    expect((await search('uote OR x')).clients).toEqual([]);
    expect((await search('_')).clients).toEqual([]);
  });

  it('never finds another workspace’s records', async () => {
    const other = await makeWorkspace(t);
    const otherOwner = await signInAs(t, other.owner);
    await createClientVia(t, otherOwner, { name: 'Northwind Elsewhere' });
    expect((await search('northwind elsewhere')).clients).toEqual([]);
    const theirs = await send(t, 'GET', otherOwner, '/api/v1/search?q=northwind');
    expect(theirs.body.clients.map((c: { name: string }) => c.name)).toEqual(['Northwind Elsewhere']);
  });
});
