import { expect } from 'vitest';
import { send, type TestApp } from './app.js';

/**
 * Customer 360 records made the way a member makes them: through the API, as the member whose
 * cookie is given. Each fails the test with the API's answer unless the record was created (201).
 */

/** A record as the API answered its creation: the id, and the rest of its view. */
export type Created = { id: string } & Record<string, any>;

async function created(t: TestApp, cookie: string, url: string, body: Record<string, unknown>): Promise<Created> {
  const res = await send(t, 'POST', cookie, url, body);
  expect(res.status, `POST ${url}: ${JSON.stringify(res.body)}`).toBe(201);
  return res.body;
}

/** A client; it gets a made-up name unless `body` names it. */
export function createClientVia(t: TestApp, cookie: string, body: Record<string, unknown> = {}): Promise<Created> {
  return created(t, cookie, '/api/v1/clients', { name: `Client ${Math.random().toString(36).slice(2, 8)}`, ...body });
}

/** A contact, from the body POST /api/v1/contacts takes. */
export function createContactVia(t: TestApp, cookie: string, body: Record<string, unknown>): Promise<Created> {
  return created(t, cookie, '/api/v1/contacts', body);
}

/** A task, from the body POST /api/v1/tasks takes. */
export function createTaskVia(t: TestApp, cookie: string, body: Record<string, unknown>): Promise<Created> {
  return created(t, cookie, '/api/v1/tasks', body);
}

/** An entry on a client's timeline: a note, call, meeting or email. */
export function logEngagementVia(t: TestApp, cookie: string, clientId: string, body: Record<string, unknown>): Promise<Created> {
  return created(t, cookie, `/api/v1/clients/${clientId}/timeline`, body);
}

/** The link token of the newest mail of a kind to `to` (an invite or a reset link), after running the mail jobs. */
export async function mailTokenFor(t: TestApp, to: string, kind: 'invite' | 'reset-password'): Promise<string> {
  await t.drainJobs();
  const rows = await t.db.selectFrom('mail_message').select(['text_body']).where('to_address', '=', to).orderBy('created_at', 'desc').execute();
  for (const r of rows) {
    const match = new RegExp(`/${kind}#([0-9a-z]+)`).exec(r.text_body ?? '');
    if (match?.[1]) return match[1];
  }
  throw new Error(`no ${kind} mail to ${to}`);
}
