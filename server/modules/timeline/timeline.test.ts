import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, send, type Answer, type TestApp } from '../../../test/helpers/app.js';
import { makeMember, makeWorkspace, signInAs, type Workspace } from '../../../test/helpers/factories.js';
import { createClientVia, createContactVia, logEngagementVia } from '../../../test/helpers/records.js';

let t: TestApp;
let ws: Workspace;
let owner: string;

beforeAll(async () => {
  t = await buildTestApp();
  ws = await makeWorkspace(t);
  owner = await signInAs(t, ws.owner);
});
afterAll(() => t.close());

const iso = (ms: number) => new Date(ms).toISOString();
const ids = (items: { id: string }[]) => items.map((i) => i.id);
const lastTouch = async (clientId: string) => (await send(t, 'GET', owner, `/api/v1/clients/${clientId}`)).body.lastTouchAt;

describe('logging engagements', () => {
  it('logs a note, a call, a meeting and an email with their participants', async () => {
    const client = await createClientVia(t, owner);
    const contact = await createContactVia(t, owner, { firstName: 'Pat', lastName: 'Partner', clients: [{ clientId: client.id }] });
    const csm = await makeMember(t, ws, 'csm');
    const at = iso(t.clock.now() - 3_600_000);

    const call1 = await logEngagementVia(t, owner, client.id, {
      type: 'call',
      title: 'Renewal call',
      bodyHtml: '<p>Discussed <strong>pricing</strong></p>',
      occurredAt: at,
      participants: { contactIds: [contact.id], membershipIds: [csm.membershipId] },
    });
    expect(call1).toMatchObject({
      clientId: client.id,
      type: 'call',
      title: 'Renewal call',
      bodyHtml: '<p>Discussed <strong>pricing</strong></p>',
      occurredAt: at,
      pinned: false,
      author: { id: ws.owner.membershipId, name: ws.owner.name },
      createdAt: iso(t.clock.now()),
      canEdit: true,
    });
    expect(call1.participants).toEqual(
      expect.arrayContaining([
        { type: 'contact', id: contact.id, name: 'Pat Partner' },
        { type: 'member', id: csm.membershipId, name: csm.name },
      ]),
    );
    expect(call1.participants).toHaveLength(2);
    for (const type of ['note', 'meeting', 'email']) expect((await logEngagementVia(t, owner, client.id, { type, title: `A ${type}` })).type).toBe(type);
    const text = await t.db.selectFrom('engagement').select('body_text').where('id', '=', call1.id).executeTakeFirstOrThrow();
    expect(text.body_text).toBe('Discussed pricing');

    const unknown = await send(t, 'POST', owner, `/api/v1/clients/${client.id}/timeline`, { type: 'call', title: 'x', participants: { contactIds: ['ct_nope'] } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toBe('body.participants.contactIds: ct_nope is not a contact you can see');
    const foreignMember = await makeMember(t, await makeWorkspace(t), 'csm');
    const foreign = await send(t, 'POST', owner, `/api/v1/clients/${client.id}/timeline`, { type: 'call', title: 'x', participants: { membershipIds: [foreignMember.membershipId] } });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.message).toBe(`body.participants.membershipIds: ${foreignMember.membershipId} is not a member of this workspace`);
    const badType = await send(t, 'POST', owner, `/api/v1/clients/${client.id}/timeline`, { type: 'sms', title: 'x' });
    expect(badType.status).toBe(400);
    expect(badType.body.error.message).toMatch(/^body\.type: /);
    expect((await send(t, 'POST', owner, '/api/v1/clients/cl_nope/timeline', { type: 'note', title: 'x' })).status).toBe(404);
  });

  it('puts pinned summary notes first and the rest newest first', async () => {
    const client = await createClientVia(t, owner);
    const now = t.clock.now();
    const old = await logEngagementVia(t, owner, client.id, { type: 'note', title: 'Account summary', pinned: true, occurredAt: iso(now - 10 * 86_400_000) });
    const a = await logEngagementVia(t, owner, client.id, { type: 'call', title: 'Call', occurredAt: iso(now - 2 * 86_400_000) });
    const b = await logEngagementVia(t, owner, client.id, { type: 'meeting', title: 'QBR', occurredAt: iso(now - 86_400_000) });
    const c = await logEngagementVia(t, owner, client.id, { type: 'email', title: 'Follow-up', occurredAt: iso(now - 3 * 86_400_000) });

    const page = (await send(t, 'GET', owner, `/api/v1/clients/${client.id}/timeline`)).body;
    expect(ids(page.pinned)).toEqual([old.id]);
    expect(page.pinned[0].pinned).toBe(true);
    expect(ids(page.items).filter((id) => id !== old.id)).toEqual([b.id, a.id, c.id]);
    expect(page.nextCursor).toBeNull();

    // Unpinning puts the note back in its place only.
    await send(t, 'PATCH', owner, `/api/v1/timeline/${old.id}`, { pinned: false });
    const after = (await send(t, 'GET', owner, `/api/v1/clients/${client.id}/timeline`)).body;
    expect(after.pinned).toEqual([]);
    expect(ids(after.items)).toEqual([b.id, a.id, c.id, old.id]);
  });

  it('filters by type', async () => {
    const client = await createClientVia(t, owner);
    const made: Record<string, string> = {};
    for (const [i, type] of ['note', 'call', 'meeting', 'email'].entries()) {
      made[type] = (await logEngagementVia(t, owner, client.id, { type, title: type, occurredAt: iso(t.clock.now() - i * 60_000) })).id;
    }
    const only = async (q: string) => ids((await send(t, 'GET', owner, `/api/v1/clients/${client.id}/timeline?type=${q}`)).body.items);
    expect(await only('call,meeting')).toEqual([made.call, made.meeting]);
    expect(await only('note')).toEqual([made.note]);
    const bad = await send(t, 'GET', owner, `/api/v1/clients/${client.id}/timeline?type=call,sms`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^querystring\.type: /);
  });

  it('pages with a cursor, keeping entries logged at the same moment apart', async () => {
    const client = await createClientVia(t, owner);
    const base = t.clock.now() - 86_400_000;
    const made: string[] = [];
    // Two share a time: the cursor must not skip or repeat either.
    for (const offset of [0, 1000, 1000, 2000, 3000]) made.push((await logEngagementVia(t, owner, client.id, { type: 'call', title: `c${offset}`, occurredAt: iso(base + offset) })).id);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/v1/clients/${client.id}/timeline?limit=2${cursor ? `&before=${cursor}` : ''}`;
      const page: Answer = await send(t, 'GET', owner, url);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      if (cursor) expect(page.body.pinned).toEqual([]);
      seen.push(...ids(page.body.items));
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(5);
    expect(new Set(seen)).toEqual(new Set(made));
    expect(seen[0]).toBe(made[4]);
    expect(seen[4]).toBe(made[0]);

    const bad = await send(t, 'GET', owner, `/api/v1/clients/${client.id}/timeline?before=garbage`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('query.before: is not a cursor from a previous page.');
  });
});

describe('rich text', () => {
  it('keeps only the allowed tags and makes links safe, on the server', async () => {
    const client = await createClientVia(t, owner);
    const hostile = [
      '<script>alert(1)</script>',
      '<p style="color:red" onclick="steal()">Hello <strong>bold</strong> <em>em</em></p>',
      '<img src="x" onerror="alert(2)">',
      '<a href="javascript:alert(3)">bad link</a>',
      '<a href="https://example.com/doc" onmouseover="x()" target="_self">good link</a>',
      '<iframe src="https://evil.example"></iframe>',
      '<ul><li>one</li></ul>',
      '<style>p{display:none}</style>',
    ].join('');
    const entry = await logEngagementVia(t, owner, client.id, { type: 'note', title: 'Sanitised', bodyHtml: hostile });
    const html: string = entry.bodyHtml;
    for (const banned of ['<script', 'alert(1)', 'style=', 'onclick', '<img', 'onerror', 'javascript:', 'onmouseover', '<iframe', '<style', 'display:none']) {
      expect(html, banned).not.toContain(banned);
    }
    expect(html).toContain('<p>Hello <strong>bold</strong> <em>em</em></p>');
    expect(html).toContain('<a href="https://example.com/doc" target="_blank" rel="noopener noreferrer">good link</a>');
    expect(html).toContain('<a target="_blank" rel="noopener noreferrer">bad link</a>');
    expect(html).toContain('<ul><li>one</li></ul>');
    const row = await t.db.selectFrom('engagement').select(['body_html', 'body_text']).where('id', '=', entry.id).executeTakeFirstOrThrow();
    expect(row.body_html).toBe(html);
    expect(row.body_text).not.toContain('alert');

    const edited = await send(t, 'PATCH', owner, `/api/v1/timeline/${entry.id}`, { bodyHtml: '<p onclick="x()">ok</p><script>bad()</script>' });
    expect(edited.body.bodyHtml).toBe('<p>ok</p>');
  });
});

describe('last touch', () => {
  it('moves with calls, meetings and emails, not with notes, and is recomputed when an entry goes', async () => {
    const client = await createClientVia(t, owner);
    const now = t.clock.now();
    expect(await lastTouch(client.id)).toBeNull();

    await logEngagementVia(t, owner, client.id, { type: 'note', title: 'Thoughts', occurredAt: iso(now) });
    expect(await lastTouch(client.id)).toBeNull();

    const call1 = await logEngagementVia(t, owner, client.id, { type: 'call', title: 'Call', occurredAt: iso(now - 5 * 86_400_000) });
    expect(await lastTouch(client.id)).toBe(iso(now - 5 * 86_400_000));
    const meeting = await logEngagementVia(t, owner, client.id, { type: 'meeting', title: 'Meeting', occurredAt: iso(now - 2 * 86_400_000) });
    expect(await lastTouch(client.id)).toBe(iso(now - 2 * 86_400_000));
    // An older email does not move it back.
    const email = await logEngagementVia(t, owner, client.id, { type: 'email', title: 'Email', occurredAt: iso(now - 3 * 86_400_000) });
    expect(await lastTouch(client.id)).toBe(iso(now - 2 * 86_400_000));

    expect((await send(t, 'DELETE', owner, `/api/v1/timeline/${meeting.id}`)).status).toBe(204);
    expect(await lastTouch(client.id)).toBe(iso(now - 3 * 86_400_000));
    // Moving a touch recomputes too.
    await send(t, 'PATCH', owner, `/api/v1/timeline/${email.id}`, { occurredAt: iso(now - 7 * 86_400_000) });
    expect(await lastTouch(client.id)).toBe(iso(now - 5 * 86_400_000));
    await send(t, 'DELETE', owner, `/api/v1/timeline/${call1.id}`);
    await send(t, 'DELETE', owner, `/api/v1/timeline/${email.id}`);
    expect(await lastTouch(client.id)).toBeNull();
  });
});

describe('who may change an entry', () => {
  it('lets only the author or an admin edit or delete; others get 403 role_too_low', async () => {
    const author = await makeMember(t, ws, 'csm');
    const colleague = await makeMember(t, ws, 'csm');
    const authorCookie = await signInAs(t, author);
    const colleagueCookie = await signInAs(t, colleague);
    // The colleague is the client's sponsor, so they see the timeline but did not write the note.
    const client = await createClientVia(t, authorCookie, { sponsorMembershipId: colleague.membershipId });
    const note = await logEngagementVia(t, authorCookie, client.id, { type: 'note', title: 'Mine', bodyHtml: '<p>draft</p>' });

    const theirView = (await send(t, 'GET', colleagueCookie, `/api/v1/clients/${client.id}/timeline`)).body.items;
    expect(theirView.map((i: { id: string; canEdit: boolean }) => [i.id, i.canEdit])).toEqual([[note.id, false]]);
    const edit = await send(t, 'PATCH', colleagueCookie, `/api/v1/timeline/${note.id}`, { title: 'Theirs' });
    expect(edit.status).toBe(403);
    expect(edit.body.error).toEqual({ code: 'role_too_low', message: 'Only the author or an admin can change this entry.' });
    const del = await send(t, 'DELETE', colleagueCookie, `/api/v1/timeline/${note.id}`);
    expect(del.status).toBe(403);
    expect(del.body.error.code).toBe('role_too_low');
    const manager = await signInAs(t, await makeMember(t, ws, 'manager'));
    expect((await send(t, 'PATCH', manager, `/api/v1/timeline/${note.id}`, { title: 'Manager' })).status).toBe(404);
    const viewer = await signInAs(t, await makeMember(t, ws, 'viewer'));
    expect((await send(t, 'PATCH', viewer, `/api/v1/timeline/${note.id}`, { title: 'Viewer' })).status).toBe(404);
    expect((await t.db.selectFrom('engagement').select('title').where('id', '=', note.id).executeTakeFirstOrThrow()).title).toBe('Mine');

    expect((await send(t, 'PATCH', authorCookie, `/api/v1/timeline/${note.id}`, { title: 'Mine, edited' })).body.title).toBe('Mine, edited');
    const admin = await signInAs(t, await makeMember(t, ws, 'admin'));
    const moderated = await send(t, 'PATCH', admin, `/api/v1/timeline/${note.id}`, { pinned: true });
    expect(moderated.status).toBe(200);
    expect(moderated.body).toMatchObject({ pinned: true, canEdit: true, author: { id: author.membershipId } });
    expect((await send(t, 'DELETE', admin, `/api/v1/timeline/${note.id}`)).status).toBe(204);
    expect(await t.db.selectFrom('engagement').select('id').where('id', '=', note.id).execute()).toEqual([]);
  });
});
