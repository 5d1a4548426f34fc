import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, send, type Answer, type TestApp } from '../../test/helpers/app.js';
import { makeMember, makeWorkspace, signInAs, type Workspace } from '../../test/helpers/factories.js';
import { createClientVia, createContactVia, createTaskVia, logEngagementVia } from '../../test/helpers/records.js';

/**
 * P07 through every door Customer Data comes in by: each sensitive pattern is tried on each entry
 * point, under `reject` (refused, counted, nothing written) and under `redact` (written, with
 * nothing matching stored in clear anywhere: API answers, rows, search text, the search index).
 */
let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

interface Pattern {
  readonly name: string;
  readonly category: string;
  /** What the user typed. */
  readonly text: string;
  /** The sensitive value itself: never in an answer, a count, a log or an audit entry. */
  readonly value: string;
  /** Fragments of it that must not survive redaction anywhere. */
  readonly traces: readonly string[];
}

const PATTERNS: readonly Pattern[] = [
  { name: 'a Luhn-valid card number', category: 'payment_card', text: 'card 4242 4242 4242 4242 on file', value: '4242 4242 4242 4242', traces: ['4242'] },
  { name: 'a CVV after its label', category: 'card_security_code', text: 'CVV: 7391', value: '7391', traces: ['7391'] },
  { name: 'an IBAN', category: 'bank_account', text: 'IBAN DE89 3704 0044 0532 0130 00', value: 'DE89 3704 0044 0532 0130 00', traces: ['3704 0044', '0532 0130'] },
  { name: 'a US SSN', category: 'government_id', text: 'SSN 123-45-6789', value: '123-45-6789', traces: ['123-45', '45-6789'] },
  { name: 'a password after its label', category: 'password', text: 'password: hunter2', value: 'hunter2', traces: ['hunter2'] },
  { name: 'a health term', category: 'health', text: 'diagnosed with diabetes', value: 'diabetes', traces: ['diabetes'] },
];

type Source = 'api' | 'note' | 'task';

interface Door {
  readonly name: string;
  readonly source: Source;
  /** The path the finding must name. */
  readonly path: string;
  send(text: string): Promise<Answer>;
  /**
   * False when a redacted answer shows no marker: bulk update answers counts only, and an external
   * id is dropped rather than marked.
   */
  readonly marked?: false;
  /** What the door would change, to prove a refused write changed nothing. */
  snapshot(): Promise<unknown>;
}

interface Space {
  readonly ws: Workspace;
  readonly cookie: string;
  readonly clientId: string;
  readonly contactId: string;
  readonly noteId: string;
  readonly taskId: string;
  readonly doors: Door[];
}

/** A workspace with one of everything, custom text fields on clients and contacts, and every door into it. */
async function makeSpace(): Promise<Space> {
  const ws = await makeWorkspace(t);
  const cookie = await signInAs(t, ws.owner);
  for (const f of [
    { entity: 'client', label: 'Notes', type: 'text' },
    { entity: 'client', label: 'CVV', type: 'text' },
    { entity: 'client', label: 'Card number', type: 'number' },
    { entity: 'contact', label: 'Remarks', type: 'text' },
  ]) {
    expect((await send(t, 'POST', cookie, '/api/v1/custom-fields', f)).status).toBe(201);
  }
  const clientId = (await createClientVia(t, cookie, { name: 'Guarded client', tags: ['ok'], customFields: { notes: 'fine' } })).id;
  const contactId = (await createContactVia(t, cookie, { firstName: 'Guarded', lastName: 'Contact', title: 'CFO', clients: [{ clientId }] })).id;
  const noteId = (await logEngagementVia(t, cookie, clientId, { type: 'note', title: 'Guarded note', bodyHtml: '<p>fine</p>' })).id;
  const taskId = (await createTaskVia(t, cookie, { title: 'Guarded task', description: 'fine', clientId })).id;

  const count = async (table: 'client' | 'contact' | 'engagement' | 'task') =>
    Number((await t.db.selectFrom(table).select(t.db.fn.countAll<number>().as('n')).where('workspace_id', '=', ws.workspaceId).executeTakeFirstOrThrow()).n);
  const clientRow = async () => ({
    row: await t.db.selectFrom('client').selectAll().where('id', '=', clientId).executeTakeFirstOrThrow(),
    tags: await t.db.selectFrom('client_tag').select('tag').where('client_id', '=', clientId).orderBy('tag').execute(),
  });
  const contactRow = () => t.db.selectFrom('contact').selectAll().where('id', '=', contactId).executeTakeFirstOrThrow();
  const noteRow = () => t.db.selectFrom('engagement').selectAll().where('id', '=', noteId).executeTakeFirstOrThrow();
  const taskRow = () => t.db.selectFrom('task').selectAll().where('id', '=', taskId).executeTakeFirstOrThrow();
  const post = (url: string) => (body: unknown) => send(t, 'POST', cookie, url, body);
  const patch = (url: string) => (body: unknown) => send(t, 'PATCH', cookie, url, body);
  const clients = post('/api/v1/clients');
  const contacts = post('/api/v1/contacts');
  const timeline = post(`/api/v1/clients/${clientId}/timeline`);
  const tasks = post('/api/v1/tasks');

  const doors: Door[] = [
    { name: 'client create: name', source: 'api', path: 'body.name', send: (x) => clients({ name: x }), snapshot: () => count('client') },
    { name: 'client create: tags', source: 'api', path: 'body.tags.1', send: (x) => clients({ name: 'Tagged', tags: ['ok', x] }), snapshot: () => count('client') },
    { name: 'client create: custom text field', source: 'api', path: 'body.customFields.notes', send: (x) => clients({ name: 'Custom', customFields: { notes: x } }), snapshot: () => count('client') },
    { name: 'client create: tier', source: 'api', path: 'body.tier', send: (x) => clients({ name: 'Tiered', tier: x }), snapshot: () => count('client') },
    { name: 'client create: external id', source: 'api', path: 'body.externalId', send: (x) => clients({ name: 'External', externalId: x }), marked: false, snapshot: () => count('client') },
    {
      name: 'client create: termination reason',
      source: 'api',
      path: 'body.terminationReason',
      send: (x) => clients({ name: 'Gone', status: 'terminated', terminatedOn: '2026-11-01', terminationReason: x }),
      snapshot: () => count('client'),
    },
    { name: 'client update: name', source: 'api', path: 'body.name', send: (x) => patch(`/api/v1/clients/${clientId}`)({ name: x }), snapshot: clientRow },
    { name: 'client update: tags', source: 'api', path: 'body.tags.0', send: (x) => patch(`/api/v1/clients/${clientId}`)({ tags: [x] }), snapshot: clientRow },
    { name: 'client update: custom text field', source: 'api', path: 'body.customFields.notes', send: (x) => patch(`/api/v1/clients/${clientId}`)({ customFields: { notes: x } }), snapshot: clientRow },
    { name: 'client update: external id', source: 'api', path: 'body.externalId', send: (x) => patch(`/api/v1/clients/${clientId}`)({ externalId: x }), marked: false, snapshot: clientRow },
    { name: 'contact create: first name', source: 'api', path: 'body.firstName', send: (x) => contacts({ firstName: x }), snapshot: () => count('contact') },
    { name: 'contact create: last name', source: 'api', path: 'body.lastName', send: (x) => contacts({ firstName: 'Ann', lastName: x }), snapshot: () => count('contact') },
    { name: 'contact create: title', source: 'api', path: 'body.title', send: (x) => contacts({ firstName: 'Ann', title: x }), snapshot: () => count('contact') },
    { name: 'contact create: custom field', source: 'api', path: 'body.customFields.remarks', send: (x) => contacts({ firstName: 'Ann', customFields: { remarks: x } }), snapshot: () => count('contact') },
    { name: 'contact create: external id', source: 'api', path: 'body.externalId', send: (x) => contacts({ firstName: 'Ann', externalId: x }), marked: false, snapshot: () => count('contact') },
    { name: 'contact update: first name', source: 'api', path: 'body.firstName', send: (x) => patch(`/api/v1/contacts/${contactId}`)({ firstName: x }), snapshot: contactRow },
    { name: 'contact update: last name', source: 'api', path: 'body.lastName', send: (x) => patch(`/api/v1/contacts/${contactId}`)({ lastName: x }), snapshot: contactRow },
    { name: 'contact update: title', source: 'api', path: 'body.title', send: (x) => patch(`/api/v1/contacts/${contactId}`)({ title: x }), snapshot: contactRow },
    { name: 'contact update: custom field', source: 'api', path: 'body.customFields.remarks', send: (x) => patch(`/api/v1/contacts/${contactId}`)({ customFields: { remarks: x } }), snapshot: contactRow },
    { name: 'contact update: external id', source: 'api', path: 'body.externalId', send: (x) => patch(`/api/v1/contacts/${contactId}`)({ externalId: x }), marked: false, snapshot: contactRow },
    { name: 'note: title', source: 'note', path: 'body.title', send: (x) => timeline({ type: 'note', title: x }), snapshot: () => count('engagement') },
    { name: 'note: body', source: 'note', path: 'body.bodyHtml', send: (x) => timeline({ type: 'call', title: 'Call', bodyHtml: `<p>We spoke. <em>${x}</em></p>` }), snapshot: () => count('engagement') },
    { name: 'note edit: title', source: 'note', path: 'body.title', send: (x) => patch(`/api/v1/timeline/${noteId}`)({ title: x }), snapshot: noteRow },
    { name: 'note edit: body', source: 'note', path: 'body.bodyHtml', send: (x) => patch(`/api/v1/timeline/${noteId}`)({ bodyHtml: `<ul><li>${x}</li></ul>` }), snapshot: noteRow },
    { name: 'task create: title', source: 'task', path: 'body.title', send: (x) => tasks({ title: x }), snapshot: () => count('task') },
    { name: 'task create: description', source: 'task', path: 'body.description', send: (x) => tasks({ title: 'Task', description: `Context: ${x}` }), snapshot: () => count('task') },
    { name: 'task update: title', source: 'task', path: 'body.title', send: (x) => patch(`/api/v1/tasks/${taskId}`)({ title: x }), snapshot: taskRow },
    { name: 'task update: description', source: 'task', path: 'body.description', send: (x) => patch(`/api/v1/tasks/${taskId}`)({ description: x }), snapshot: taskRow },
    { name: 'bulk update: tags', source: 'api', path: 'body.set.addTags.0', send: (x) => post('/api/v1/clients/bulk-update')({ ids: [clientId], set: { addTags: [x] } }), marked: false, snapshot: clientRow },
  ];
  return { ws, cookie, clientId, contactId, noteId, taskId, doors };
}

/** Ids look like `cl_8x7391…`: they are not Customer Data and must not make a trace match by chance. */
const withoutIds = (text: string) => text.replace(/\b[a-z]+_[0-9a-z]{20,}\b/g, '<id>');

/** Every place in the workspace where Customer Data or what is said about it is stored, as text. */
async function storedText(workspaceId: string): Promise<string> {
  const parts: unknown[] = [
    await t.db.selectFrom('client').select(['name', 'tier', 'termination_reason', 'external_id', 'custom_fields', 'search_text']).where('workspace_id', '=', workspaceId).execute(),
    await t.db.selectFrom('client_tag').select('tag').where('workspace_id', '=', workspaceId).execute(),
    await t.db.selectFrom('contact').select(['first_name', 'last_name', 'title', 'external_id', 'custom_fields', 'search_text']).where('workspace_id', '=', workspaceId).execute(),
    await t.db.selectFrom('engagement').select(['title', 'body_html', 'body_text']).where('workspace_id', '=', workspaceId).execute(),
    await t.db.selectFrom('task').select(['title', 'description']).where('workspace_id', '=', workspaceId).execute(),
    await t.db.selectFrom('audit_event').select(['action', 'details']).where('workspace_id', '=', workspaceId).execute(),
    await t.db.selectFrom('domain_event').select(['type', 'payload']).where('workspace_id', '=', workspaceId).execute(),
    await t.db.selectFrom('sensitive_block').select(['category', 'source']).where('workspace_id', '=', workspaceId).execute(),
  ];
  // SQLite's full-text index holds exactly `search_text` (read above), tokenised; it keeps no text of its own.
  return withoutIds(JSON.stringify(parts));
}

describe('[P07] under the default reject policy', () => {
  let space: Space;
  const expectedCounts = new Map<string, number>();

  beforeAll(async () => {
    space = await makeSpace();
  });

  for (const pattern of PATTERNS) {
    it(`[P07] refuses ${pattern.name} at every entry point, naming place and category but never the value, writing nothing`, async () => {
      for (const door of space.doors) {
        const before = await door.snapshot();
        const res = await door.send(pattern.text);
        expect(res.status, `${door.name}: ${JSON.stringify(res.body)}`).toBe(400);
        expect(res.body.error.code).toBe('sensitive_data_rejected');
        expect(res.body.error.details.findings, door.name).toContainEqual(expect.objectContaining({ path: door.path, category: pattern.category }));
        const answer = JSON.stringify(res.body);
        expect(answer, door.name).not.toContain(pattern.value);
        expect(answer, door.name).not.toContain(pattern.text);
        expect(await door.snapshot(), door.name).toEqual(before);
        for (const f of res.body.error.details.findings as { category: string }[]) {
          const key = `${f.category}|${door.source}`;
          expectedCounts.set(key, (expectedCounts.get(key) ?? 0) + 1);
        }
      }
    });
  }

  it('[P07] refuses a card number split across formatting in a note, and one written into a link', async () => {
    const url = `/api/v1/clients/${space.clientId}/timeline`;
    for (const bodyHtml of [
      '<p>Card <b>4242 4242</b> 4242 4242</p>',
      '<p>4242<i>4242</i>4242<u>4242</u></p>',
      '<p>4242&nbsp;4242&nbsp;4242&nbsp;4242</p>',
      '<p><a href="https://pay.example/checkout?card=4242424242424242">pay here</a></p>',
      '<p><a href="mailto:billing@example.com?body=4242%204242%204242%204242">mail</a></p>',
    ]) {
      const before = await t.db.selectFrom('engagement').select('id').where('workspace_id', '=', space.ws.workspaceId).execute();
      const res = await send(t, 'POST', space.cookie, url, { type: 'note', title: 'Split', bodyHtml });
      expect(res.status, bodyHtml).toBe(400);
      expect(res.body.error.code).toBe('sensitive_data_rejected');
      expect(res.body.error.details.findings.map((f: { category: string }) => f.category)).toEqual(['payment_card']);
      expect(res.body.error.details.findings[0].path).toMatch(/^body\.bodyHtml/);
      expect(JSON.stringify(res.body)).not.toMatch(/4242.?4242/);
      expectedCounts.set('payment_card|note', (expectedCounts.get('payment_card|note') ?? 0) + 1);
      expect(await t.db.selectFrom('engagement').select('id').where('workspace_id', '=', space.ws.workspaceId).execute()).toEqual(before);
    }
  });

  it('[P07] refuses a security code in a field named CVV, and a card number in a number field', async () => {
    const cvv = await send(t, 'POST', space.cookie, '/api/v1/clients', { name: 'Field named CVV', customFields: { cvv: '739' } });
    expect(cvv.status).toBe(400);
    expect(cvv.body.error.details.findings).toEqual([{ path: 'body.customFields.cvv', category: 'card_security_code', hint: expect.any(String) }]);
    expect(JSON.stringify(cvv.body)).not.toContain('739');
    const card = await send(t, 'PATCH', space.cookie, `/api/v1/clients/${space.clientId}`, { customFields: { card_number: 4242424242424242 } });
    expect(card.status).toBe(400);
    expect(card.body.error.details.findings).toEqual([{ path: 'body.customFields.card_number', category: 'payment_card', hint: expect.any(String) }]);
    expectedCounts.set('card_security_code|api', (expectedCounts.get('card_security_code|api') ?? 0) + 1);
    expectedCounts.set('payment_card|api', (expectedCounts.get('payment_card|api') ?? 0) + 1);
    const row = await t.db.selectFrom('client').select('custom_fields').where('id', '=', space.clientId).executeTakeFirstOrThrow();
    expect(JSON.parse(row.custom_fields)).toEqual({ notes: 'fine' });
  });

  it('[P07] an admin sees what was refused, counted by category and door, without values', async () => {
    t.clock.advance(1000);
    const probe = await send(t, 'POST', space.cookie, '/api/v1/tasks', { title: 'password: hunter2' });
    expect(probe.status).toBe(400);
    expectedCounts.set('password|task', (expectedCounts.get('password|task') ?? 0) + 1);

    const res = await send(t, 'GET', space.cookie, '/api/v1/workspace/sensitive-data');
    expect(res.status).toBe(200);
    expect(res.body.policy).toBe('reject');
    const counts = new Map<string, number>(res.body.items.map((i: { category: string; source: string; count: number }) => [`${i.category}|${i.source}`, i.count]));
    expect(Object.fromEntries(counts)).toEqual(Object.fromEntries(expectedCounts));
    for (const category of PATTERNS.map((p) => p.category)) expect(res.body.items.some((i: { category: string }) => i.category === category), category).toBe(true);
    expect(res.body.items.every((i: { action: string }) => i.action === 'rejected')).toBe(true);
    expect(res.body.items.find((i: { category: string; source: string }) => i.category === 'password' && i.source === 'task')).toMatchObject({
      label: 'Password or secret',
      lastAt: new Date(t.clock.now()).toISOString(),
    });

    // Nothing refused reached storage, and what was said about it names no value.
    const stored = await storedText(space.ws.workspaceId);
    for (const p of PATTERNS) for (const trace of p.traces) expect(stored, `${p.name}: ${trace}`).not.toContain(trace);
    const audits = await t.db.selectFrom('audit_event').select('details').where('workspace_id', '=', space.ws.workspaceId).where('action', '=', 'sensitive_data.rejected').execute();
    expect(audits.length).toBeGreaterThan(0);

    const csm = await signInAs(t, await makeMember(t, space.ws, 'csm'));
    expect((await send(t, 'GET', csm, '/api/v1/workspace/sensitive-data')).status).toBe(404);
  });
});

describe('[P07] under the redact policy', () => {
  let space: Space;

  beforeAll(async () => {
    space = await makeSpace();
    const res = await send(t, 'PATCH', space.cookie, '/api/v1/workspace', { sensitiveDataPolicy: 'redact' });
    expect(res.status).toBe(200);
    expect(res.body.sensitiveDataPolicy).toBe('redact');
  });

  for (const pattern of PATTERNS) {
    it(`[P07] stores ${pattern.name} redacted at every entry point: nothing matching is stored in clear`, async () => {
      for (const door of space.doors) {
        const res = await door.send(pattern.text);
        expect(res.status, `${door.name}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
        const answer = JSON.stringify(res.body);
        if (door.marked !== false) expect(answer, door.name).toContain('[redacted: ');
        for (const trace of pattern.traces) expect(withoutIds(answer), `${door.name}: ${trace}`).not.toContain(trace);
      }
      // Read back through the API as well as the rows.
      const reads = [
        await send(t, 'GET', space.cookie, `/api/v1/clients/${space.clientId}`),
        await send(t, 'GET', space.cookie, `/api/v1/contacts/${space.contactId}`),
        await send(t, 'GET', space.cookie, `/api/v1/clients/${space.clientId}/timeline?limit=100`),
        await send(t, 'GET', space.cookie, `/api/v1/tasks?view=all&limit=200`),
        await send(t, 'POST', space.cookie, '/api/v1/clients/query', { limit: 200, columns: ['name', 'tags', 'custom.notes'] }),
        await send(t, 'GET', space.cookie, '/api/v1/contacts?limit=200'),
      ];
      for (const read of reads) {
        expect(read.status).toBe(200);
        for (const trace of pattern.traces) expect(withoutIds(JSON.stringify(read.body)), trace).not.toContain(trace);
      }
      const stored = await storedText(space.ws.workspaceId);
      expect(stored).toContain('[redacted: ');
      for (const trace of pattern.traces) expect(stored, trace).not.toContain(trace);
    });
  }

  it('[P07] keeps the words around what it redacts, and search still finds them', async () => {
    const c = await send(t, 'POST', space.cookie, '/api/v1/clients', { name: 'Zebra card 4242 4242 4242 4242', tags: ['renewal'] });
    expect(c.status).toBe(201);
    expect(c.body.name).toBe('Zebra card [redacted: Payment card number]');
    const row = await t.db.selectFrom('client').select(['name', 'search_text']).where('id', '=', c.body.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ name: 'Zebra card [redacted: Payment card number]', search_text: 'zebra card [redacted: payment card number]' });
    expect((await send(t, 'GET', space.cookie, '/api/v1/search?q=zebra')).body.clients.map((x: { id: string }) => x.id)).toEqual([c.body.id]);
    expect((await send(t, 'GET', space.cookie, '/api/v1/search?q=4242')).body.clients).toEqual([]);
  });

  it('[P07] stores a card number split across formatting, or written into a link, without its digits', async () => {
    const url = `/api/v1/clients/${space.clientId}/timeline`;
    for (const bodyHtml of [
      '<p>Card <b>4242 4242</b> 4242 4242, call back</p>',
      '<p>4242<i>4242</i>4242<u>4242</u></p>',
      '<p>4242&nbsp;4242&nbsp;4242&nbsp;4242</p>',
      '<p><a href="https://pay.example/checkout?card=4242424242424242">pay here</a> today</p>',
      '<p><a href="mailto:billing@example.com?body=4242%204242%204242%204242">mail</a></p>',
    ]) {
      const res = await send(t, 'POST', space.cookie, url, { type: 'note', title: 'Split', bodyHtml });
      expect(res.status, bodyHtml).toBe(201);
      expect(res.body.bodyHtml, bodyHtml).not.toContain('4242');
      const row = await t.db.selectFrom('engagement').select(['body_html', 'body_text']).where('id', '=', res.body.id).executeTakeFirstOrThrow();
      expect(JSON.stringify(row), bodyHtml).not.toContain('4242');
    }
    const link = await send(t, 'POST', space.cookie, url, { type: 'note', title: 'Link', bodyHtml: '<p><a href="https://pay.example/?card=4242424242424242">pay here</a> and <a href="https://docs.example.com/">docs</a></p>' });
    // The link with the number loses its target, keeps its words; the other link is untouched.
    expect(link.body.bodyHtml).toBe('<p><a target="_blank" rel="noopener noreferrer">pay here</a> and <a href="https://docs.example.com/" target="_blank" rel="noopener noreferrer">docs</a></p>');
  });

  it('[P07] drops a sensitive number in a number field, and redacts a field named CVV whole', async () => {
    const res = await send(t, 'POST', space.cookie, '/api/v1/clients', { name: 'Numbers', customFields: { card_number: 4242424242424242, cvv: '739', notes: 'kept' } });
    expect(res.status).toBe(201);
    expect(res.body.customFields).toEqual({ cvv: '[redacted: Card security code]', notes: 'kept' });
    const row = await t.db.selectFrom('client').select('custom_fields').where('id', '=', res.body.id).executeTakeFirstOrThrow();
    expect(row.custom_fields).not.toContain('4242');
    expect(row.custom_fields).not.toContain('739');
    // Ordinary numbers pass.
    const ok = await send(t, 'PATCH', space.cookie, `/api/v1/clients/${res.body.id}`, { customFields: { card_number: 1200 } });
    expect(ok.body.customFields.card_number).toBe(1200);
  });

  it('[P07] drops a sensitive external id instead of storing it marked, so two such ids do not collide', async () => {
    for (const [url, body] of [
      ['/api/v1/clients', { name: 'Ext one' }],
      ['/api/v1/clients', { name: 'Ext two' }],
      ['/api/v1/contacts', { firstName: 'Ext one' }],
      ['/api/v1/contacts', { firstName: 'Ext two' }],
    ] as const) {
      const res = await send(t, 'POST', space.cookie, url, { ...body, externalId: 'SSN 123-45-6789' });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body.externalId).toBeNull();
    }
    const kept = await send(t, 'PATCH', space.cookie, `/api/v1/clients/${space.clientId}`, { externalId: 'CRM-1001' });
    expect(kept.body.externalId).toBe('CRM-1001');
    const dropped = await send(t, 'PATCH', space.cookie, `/api/v1/clients/${space.clientId}`, { externalId: '4242 4242 4242 4242' });
    expect(dropped.status).toBe(200);
    expect(dropped.body.externalId).toBeNull();
    const stored = await storedText(space.ws.workspaceId);
    expect(stored).not.toContain('123-45');
    expect(stored).not.toContain('4242');
  });

  it('[P07] counts what it redacted', async () => {
    const res = await send(t, 'GET', space.cookie, '/api/v1/workspace/sensitive-data');
    expect(res.body.policy).toBe('redact');
    const categories = new Set(res.body.items.map((i: { category: string }) => i.category));
    for (const p of PATTERNS) expect(categories.has(p.category), p.category).toBe(true);
    expect(res.body.items.every((i: { action: string; count: number }) => i.action === 'redacted' && i.count > 0)).toBe(true);
    expect(new Set(res.body.items.map((i: { source: string }) => i.source))).toEqual(new Set(['api', 'note', 'task']));
  });
});
