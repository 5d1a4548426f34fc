import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, send, type TestApp } from '../../../test/helpers/app.js';
import { makeMember, makeWorkspace, signInAs, type Person, type Workspace } from '../../../test/helpers/factories.js';
import { createClientVia, createTaskVia } from '../../../test/helpers/records.js';

let t: TestApp;
let ws: Workspace;
let owner: string;

beforeAll(async () => {
  t = await buildTestApp();
  ws = await makeWorkspace(t);
  owner = await signInAs(t, ws.owner);
});
afterAll(() => t.close());

const list = async (cookie: string, query: string) => {
  const res = await send(t, 'GET', cookie, `/api/v1/tasks?${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { items: { id: string; overdue: boolean }[]; total: number };
};

/** A CSM in a fresh workspace, so views and counts are exactly theirs. */
async function freshCsm(): Promise<{ space: Workspace; csm: Person; cookie: string; ownerCookie: string }> {
  const space = await makeWorkspace(t);
  const csm = await makeMember(t, space, 'csm');
  return { space, csm, cookie: await signInAs(t, csm), ownerCookie: await signInAs(t, space.owner) };
}

describe('tasks', () => {
  it('creates a task assigned to its creator unless told otherwise', async () => {
    const csm = await makeMember(t, ws, 'csm');
    const cookie = await signInAs(t, csm);
    const client = await createClientVia(t, cookie, { name: 'Task Co' });
    const task = await createTaskVia(t, cookie, { title: 'Prepare the QBR', description: 'Slides and usage', clientId: client.id, dueOn: '2026-12-05', priority: 'high' });
    expect(task).toEqual({
      id: expect.stringMatching(/^task_/),
      title: 'Prepare the QBR',
      description: 'Slides and usage',
      client: { id: client.id, name: 'Task Co' },
      assignee: { id: csm.membershipId, name: csm.name },
      dueOn: '2026-12-05',
      overdue: false,
      priority: 'high',
      status: 'open',
      completedAt: null,
      createdAt: new Date(t.clock.now()).toISOString(),
      canEdit: true,
    });
    expect((await send(t, 'GET', cookie, `/api/v1/tasks/${task.id}`)).body).toEqual(task);

    const delegated = await createTaskVia(t, owner, { title: 'Delegated', assigneeMembershipId: csm.membershipId });
    expect(delegated.assignee).toEqual({ id: csm.membershipId, name: csm.name });
    const nobody = await createTaskVia(t, owner, { title: 'Unassigned', assigneeMembershipId: null });
    expect(nobody.assignee).toBeNull();

    const foreign = await makeMember(t, await makeWorkspace(t), 'csm');
    const bad = await send(t, 'POST', owner, '/api/v1/tasks', { title: 'x', assigneeMembershipId: foreign.membershipId });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('body.assigneeMembershipId: is not a member of this workspace');
    const badDate = await send(t, 'POST', owner, '/api/v1/tasks', { title: 'x', dueOn: '2026-02-30' });
    expect(badDate.status).toBe(400);
    expect(badDate.body.error.message).toBe('body.dueOn: is not a real calendar date');
    const empty = await send(t, 'POST', owner, '/api/v1/tasks', { title: '  ' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toBe('body.title: must not be empty');
  });

  it('"mine" lists my open tasks; done and others’ tasks are not in it', async () => {
    const { space, cookie } = await freshCsm();
    const other = await makeMember(t, space, 'csm');
    const client = await createClientVia(t, cookie, { name: 'Mine Co' });
    const a = await createTaskVia(t, cookie, { title: 'A', clientId: client.id, dueOn: '2026-12-10' });
    const b = await createTaskVia(t, cookie, { title: 'B', dueOn: '2026-12-01' });
    const c = await createTaskVia(t, cookie, { title: 'C (undated)' });
    const theirs = await createTaskVia(t, cookie, { title: 'Theirs', clientId: client.id, assigneeMembershipId: other.membershipId });
    const done = await createTaskVia(t, cookie, { title: 'Done' });
    await send(t, 'PATCH', cookie, `/api/v1/tasks/${done.id}`, { status: 'done' });

    const mine = await list(cookie, 'view=mine');
    // Open work by due date, undated last.
    expect(mine.items.map((i) => i.id)).toEqual([b.id, a.id, c.id]);
    expect(mine.total).toBe(3);
    expect((await list(cookie, '')).items.map((i) => i.id)).toEqual([b.id, a.id, c.id]);
    expect((await list(cookie, 'view=mine&status=done')).items.map((i) => i.id)).toEqual([done.id]);
    const all = await list(cookie, 'view=all');
    expect(all.total).toBe(5);
    expect(all.items.map((i) => i.id)).toContain(theirs.id);
    expect((await list(cookie, `view=all&clientId=${client.id}`)).items.map((i) => i.id).sort()).toEqual([a.id, theirs.id].sort());
  });

  it('"overdue" lists open tasks due before today, by the clock', async () => {
    const { csm, cookie } = await freshCsm();
    const today = new Date(t.clock.now()).toISOString().slice(0, 10);
    expect(today).toBe('2026-11-29');
    const yesterday = await createTaskVia(t, cookie, { title: 'Yesterday', dueOn: '2026-11-28' });
    const dueToday = await createTaskVia(t, cookie, { title: 'Today', dueOn: today });
    const closed = await createTaskVia(t, cookie, { title: 'Closed', dueOn: '2026-11-01' });
    await send(t, 'PATCH', cookie, `/api/v1/tasks/${closed.id}`, { status: 'cancelled' });
    const started = await createTaskVia(t, cookie, { title: 'Started', dueOn: '2026-11-20' });
    await send(t, 'PATCH', cookie, `/api/v1/tasks/${started.id}`, { status: 'in_progress' });
    await createTaskVia(t, cookie, { title: 'Undated' });

    const overdue = await list(cookie, 'view=overdue');
    expect(overdue.items.map((i) => i.id)).toEqual([started.id, yesterday.id]);
    expect(overdue.items.every((i) => i.overdue)).toBe(true);
    expect(overdue.total).toBe(2);
    expect((await send(t, 'GET', cookie, `/api/v1/tasks/${dueToday.id}`)).body.overdue).toBe(false);

    // A day later (a new session: the old one has idled out), today's task is overdue too.
    const start = t.clock.now();
    t.clock.advance(86_400_000);
    try {
      const tomorrow = await signInAs(t, csm);
      expect((await list(tomorrow, 'view=overdue')).items.map((i) => i.id)).toEqual([started.id, yesterday.id, dueToday.id]);
      expect((await send(t, 'GET', tomorrow, `/api/v1/tasks/${dueToday.id}`)).body.overdue).toBe(true);
    } finally {
      t.clock.set(start);
    }
  });

  it('completing a task sets completedAt; reopening clears it', async () => {
    const { cookie } = await freshCsm();
    const task = await createTaskVia(t, cookie, { title: 'Finish me', dueOn: '2026-11-01' });
    expect(task.overdue).toBe(true);
    t.clock.advance(5_000);
    const done = await send(t, 'PATCH', cookie, `/api/v1/tasks/${task.id}`, { status: 'done' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'done', completedAt: new Date(t.clock.now()).toISOString(), overdue: false });
    const completedAt = done.body.completedAt;
    // Saving it as done again keeps the first completion time.
    t.clock.advance(5_000);
    expect((await send(t, 'PATCH', cookie, `/api/v1/tasks/${task.id}`, { status: 'done', priority: 'low' })).body).toMatchObject({ completedAt, priority: 'low' });
    expect((await send(t, 'PATCH', cookie, `/api/v1/tasks/${task.id}`, { status: 'open' })).body).toMatchObject({ status: 'open', completedAt: null });
    const event = await t.db.selectFrom('domain_event').select('type').where('subject_id', '=', task.id).where('type', '=', 'task.completed').execute();
    expect(event).toHaveLength(1);
    expect((await send(t, 'DELETE', cookie, `/api/v1/tasks/${task.id}`)).status).toBe(204);
    expect((await send(t, 'GET', cookie, `/api/v1/tasks/${task.id}`)).status).toBe(404);
  });

  it('answers a CSM who hands their errand to someone else with the result, not a 404', async () => {
    const { space, cookie, ownerCookie, csm } = await freshCsm();
    const colleague = await makeMember(t, space, 'csm');
    const errand = await createTaskVia(t, ownerCookie, { title: 'Errand', assigneeMembershipId: csm.membershipId });
    expect((await send(t, 'GET', cookie, `/api/v1/tasks/${errand.id}`)).status).toBe(200);
    const res = await send(t, 'PATCH', cookie, `/api/v1/tasks/${errand.id}`, { assigneeMembershipId: colleague.membershipId });
    expect(res.status).toBe(200);
    expect(res.body.assignee).toEqual({ id: colleague.membershipId, name: colleague.name });
    expect((await send(t, 'GET', cookie, `/api/v1/tasks/${errand.id}`)).status).toBe(404);
  });

  it('lists a client’s tasks', async () => {
    const { cookie } = await freshCsm();
    const a = await createClientVia(t, cookie, { name: 'Client A' });
    const b = await createClientVia(t, cookie, { name: 'Client B' });
    const ta = await createTaskVia(t, cookie, { title: 'For A', clientId: a.id });
    await createTaskVia(t, cookie, { title: 'For B', clientId: b.id });
    await createTaskVia(t, cookie, { title: 'For nobody' });
    const res = await list(cookie, `view=all&clientId=${a.id}`);
    expect(res).toMatchObject({ total: 1, items: [{ id: ta.id, client: { id: a.id, name: 'Client A' } }] });
  });

  it('hides and protects the tasks of clients outside a CSM’s book (404)', async () => {
    const { space, cookie, ownerCookie } = await freshCsm();
    const colleague = await makeMember(t, space, 'csm');
    const colleagueCookie = await signInAs(t, colleague);
    const theirClient = await createClientVia(t, colleagueCookie, { name: 'Not yours' });
    const hidden = await createTaskVia(t, colleagueCookie, { title: 'Their task', clientId: theirClient.id, dueOn: '2026-11-01' });
    // Even a task assigned to the CSM follows its client.
    const assignedHidden = await createTaskVia(t, ownerCookie, { title: 'On their client', clientId: theirClient.id, assigneeMembershipId: colleague.membershipId });
    const personal = await createTaskVia(t, colleagueCookie, { title: 'Colleague’s own errand' });

    for (const view of ['mine', 'overdue', 'all']) {
      const res = await list(cookie, `view=${view}`);
      expect(res.items.map((i) => i.id), view).toEqual([]);
      expect(res.total, view).toBe(0);
    }
    expect((await send(t, 'GET', cookie, `/api/v1/tasks?view=all&clientId=${theirClient.id}`)).status).toBe(404);
    for (const id of [hidden.id, assignedHidden.id, personal.id]) {
      expect((await send(t, 'GET', cookie, `/api/v1/tasks/${id}`)).status).toBe(404);
      expect((await send(t, 'PATCH', cookie, `/api/v1/tasks/${id}`, { status: 'done' })).status).toBe(404);
      expect((await send(t, 'DELETE', cookie, `/api/v1/tasks/${id}`)).status).toBe(404);
    }
    expect((await send(t, 'POST', cookie, '/api/v1/tasks', { title: 'Sneak', clientId: theirClient.id })).status).toBe(404);
    const mine = await createTaskVia(t, cookie, { title: 'Mine' });
    expect((await send(t, 'PATCH', cookie, `/api/v1/tasks/${mine.id}`, { clientId: theirClient.id })).status).toBe(404);
    const rows = await t.db.selectFrom('task').select(['id', 'status', 'client_id']).where('id', 'in', [hidden.id, mine.id]).orderBy('title').execute();
    expect(rows).toEqual(
      expect.arrayContaining([
        { id: hidden.id, status: 'open', client_id: theirClient.id },
        { id: mine.id, status: 'open', client_id: null },
      ]),
    );
    // The owner sees all of them.
    expect((await list(ownerCookie, 'view=all')).total).toBe(4);
  });
});
