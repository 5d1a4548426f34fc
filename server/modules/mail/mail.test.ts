import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, call, type TestApp } from '../../../test/helpers/app.js';
import { FACTORY_PASSWORD, makeMember, makeWorkspace, signInAs, type Person, type Workspace } from '../../../test/helpers/factories.js';
import { findJob } from '../../jobs/jobs.repo.js';
import { sendMailJob } from './mail.jobs.js';

const HOUR = 3_600_000;
let seq = 0;
const uniqueEmail = (what: string) => `${what}-${Date.now().toString(36)}${(seq++).toString(36)}@example.test`;

/** Every message the SMTP peer saw, including the ones it refused. */
interface Received {
  readonly rcptTo: string[];
  readonly mail: ParsedMail;
  readonly accepted: boolean;
}

/** A real SMTP server on a free loopback port: nodemailer talks to it exactly as to a relay. */
async function startSmtpPeer() {
  const received: Received[] = [];
  /** Recipient → how many more deliveries to refuse (Infinity: refuse for good). */
  const refuse = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const rcptTo = session.envelope.rcptTo.map((a) => a.address);
        simpleParser(Buffer.concat(chunks)).then((mail) => {
          const left = refuse.get(rcptTo[0] ?? '') ?? 0;
          received.push({ rcptTo, mail, accepted: left === 0 });
          if (left === 0) return callback();
          refuse.set(rcptTo[0] ?? '', left - 1);
          callback(Object.assign(new Error('mailbox busy, try again later'), { responseCode: 451 }));
        }, callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    received,
    refuse,
    to: (address: string) => received.filter((r) => r.rcptTo.includes(address)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A request from its own address, so the per-IP limits of the public auth routes stay out of the way. */
let ipSeq = 0;
async function publicPost(t: TestApp, url: string, body: unknown) {
  const res = await t.app.inject({
    method: 'POST',
    url,
    remoteAddress: `10.77.${Math.floor(ipSeq / 250)}.${(ipSeq++ % 250) + 1}`,
    headers: { 'sec-fetch-site': 'same-origin' },
    payload: body as object,
  });
  return { status: res.statusCode, body: res.json(), cookies: res.cookies };
}

const mailRowsTo = (t: TestApp, address: string) =>
  t.db.selectFrom('mail_message').selectAll().where('to_address', '=', address).orderBy('created_at').orderBy('id').execute();

async function oneMailRowTo(t: TestApp, address: string, template: string) {
  const rows = (await mailRowsTo(t, address)).filter((r) => r.template === template);
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

const linkIn = (text: string | null | undefined, path: string) => {
  const match = new RegExp(`http://candor\\.test/${path}#([0-9a-z]+)`).exec(text ?? '');
  expect(match, `no ${path} link in:\n${text}`).not.toBeNull();
  return match![1]!;
};

describe('mail over SMTP', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpPeer>>;
  let ws: Workspace;

  beforeAll(async () => {
    smtp = await startSmtpPeer();
    t = await buildTestApp({ env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}` } });
    ws = await makeWorkspace(t, 'Acme Success');
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  // Tests move the clock by hours, past the session idle timeout: each invite signs in afresh.
  const invite = async (email: string) => {
    const res = await call(t.app, { method: 'POST', url: '/api/v1/invites', cookie: await signInAs(t, ws.owner), body: { email, role: 'csm' } });
    expect(res.status).toBe(201);
    return res.body;
  };

  it('[P02] delivers an invite over SMTP whose link works exactly once', async () => {
    const email = uniqueEmail('invitee');
    await invite(email);
    // Delivery is the job's work, never the request's.
    expect(smtp.to(email)).toHaveLength(0);
    await t.drainJobs();

    const [got] = smtp.to(email);
    expect(smtp.to(email)).toHaveLength(1);
    expect(got?.accepted).toBe(true);
    expect(got?.rcptTo).toEqual([email]);
    expect(got?.mail.to).toMatchObject({ value: [{ address: email }] });
    expect(got?.mail.subject).toBe('Olive Owner invited you to Acme Success on Candor');
    const token = linkIn(got?.mail.text, 'invite');

    const lookup = await publicPost(t, '/api/v1/invites/lookup', { token });
    expect(lookup.status).toBe(200);
    expect(lookup.body).toMatchObject({ workspaceName: 'Acme Success', email, role: 'csm', hasAccount: false });

    const accept = await publicPost(t, '/api/v1/invites/accept', { token, name: 'Ivy Invitee', password: 'a long enough passphrase', remember: false });
    expect(accept.status).toBe(200);
    expect(accept.body).toEqual({ status: 'signed_in' });
    const session = accept.cookies.find((c) => c.name === 'candor_session');
    const me = await call(t.app, { method: 'GET', url: '/api/v1/me', cookie: `candor_session=${session?.value}` });
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe(email);
    expect(me.body.membership.role).toBe('csm');

    const again = await publicPost(t, '/api/v1/invites/accept', { token, name: 'Mallory', password: 'another long passphrase', remember: false });
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('invite_invalid');
    const lookupAgain = await publicPost(t, '/api/v1/invites/lookup', { token });
    expect(lookupAgain.status).toBe(400);
    expect(lookupAgain.body.error.code).toBe('invite_invalid');
  });

  it('marks the row sent, clears its bodies and uses a Message-ID derived from the row id', async () => {
    const email = uniqueEmail('sent');
    await invite(email);
    const queued = await oneMailRowTo(t, email, 'invite');
    expect(queued).toMatchObject({ status: 'queued', sent_at: null });
    expect(queued.text_body).toContain('http://candor.test/invite#');

    await t.drainJobs();
    const row = await oneMailRowTo(t, email, 'invite');
    expect(row).toMatchObject({ status: 'sent', transport: 'smtp', sent_at: t.clock.now(), text_body: null, html_body: null, error: null });
    expect(smtp.to(email).map((r) => r.mail.messageId)).toEqual([`<${row.id}@candor.test>`]);
  });

  it('retries a refused message as the same message, and marks it sent once the server takes it', async () => {
    const email = uniqueEmail('busy');
    smtp.refuse.set(email, 1);
    await invite(email);
    await t.drainJobs();

    const row = await oneMailRowTo(t, email, 'invite');
    expect(row.status).toBe('queued');
    // The bodies must survive a failed attempt, or the retry would send an empty message.
    expect(row.text_body).toContain('http://candor.test/invite#');
    const job = await findJob(t.rt.database.db, `job_mail_${row.id}`);
    expect(job).toMatchObject({ status: 'queued', attempts: 1 });
    expect(job?.last_error).toContain('mailbox busy');

    await t.drainJobs();
    expect(smtp.to(email)).toHaveLength(1);
    t.clock.advance(HOUR);
    await t.drainJobs();

    const attempts = smtp.to(email);
    expect(attempts.map((a) => a.accepted)).toEqual([false, true]);
    expect(attempts.map((a) => a.mail.messageId)).toEqual([`<${row.id}@candor.test>`, `<${row.id}@candor.test>`]);
    expect(linkIn(attempts[1]?.mail.text, 'invite')).toBe(linkIn(attempts[0]?.mail.text, 'invite'));
    expect(await oneMailRowTo(t, email, 'invite')).toMatchObject({ status: 'sent', text_body: null });
  });

  it('dead-letters the send job after its attempts and marks the message failed', async () => {
    const email = uniqueEmail('bounce');
    smtp.refuse.set(email, Infinity);
    await invite(email);
    const row = await oneMailRowTo(t, email, 'invite');

    for (let attempt = 1; attempt < sendMailJob.maxAttempts; attempt++) {
      expect(await t.drainJobs()).toBe(1);
      expect((await oneMailRowTo(t, email, 'invite')).status).toBe('queued');
      expect((await findJob(t.rt.database.db, `job_mail_${row.id}`))?.status).toBe('queued');
      t.clock.advance(2 * HOUR);
    }
    expect(await t.drainJobs()).toBe(1);

    expect(smtp.to(email)).toHaveLength(sendMailJob.maxAttempts);
    const job = await findJob(t.rt.database.db, `job_mail_${row.id}`);
    expect(job).toMatchObject({ status: 'dead', attempts: sendMailJob.maxAttempts });
    expect(job?.last_error).toContain('mailbox busy');
    const failed = await oneMailRowTo(t, email, 'invite');
    expect(failed.status).toBe('failed');
    expect(failed.error).toContain('mailbox busy');

    t.clock.advance(24 * HOUR);
    await t.drainJobs();
    expect(smtp.to(email)).toHaveLength(sendMailJob.maxAttempts);
  });

  it('mails a password-reset link that sets a new password', async () => {
    const member = await makeMember(t, ws, 'csm');
    const request = await publicPost(t, '/api/v1/password-resets', { email: member.email });
    expect(request.status).toBe(202);
    await t.drainJobs();

    const [got] = smtp.to(member.email);
    expect(got?.mail.subject).toBe('Reset your Candor password');
    const token = linkIn(got?.mail.text, 'reset-password');
    expect(await oneMailRowTo(t, member.email, 'password_reset')).toMatchObject({ status: 'sent', text_body: null, html_body: null });

    const newPassword = 'a brand new passphrase here';
    const complete = await publicPost(t, '/api/v1/password-resets/complete', { token, password: newPassword });
    expect(complete.status).toBe(200);
    expect(complete.body).toEqual({ status: 'signed_in' });

    expect((await publicPost(t, '/api/v1/session', { email: member.email, password: FACTORY_PASSWORD })).status).toBe(401);
    expect((await publicPost(t, '/api/v1/session', { email: member.email, password: newPassword })).body).toEqual({ status: 'signed_in' });

    const reuse = await publicPost(t, '/api/v1/password-resets/complete', { token, password: 'yet another passphrase' });
    expect(reuse.status).toBe(400);
    expect(reuse.body.error.code).toBe('reset_invalid');
  });
});

describe('outbox (no SMTP)', () => {
  let t: TestApp;
  let ws: Workspace;
  let other: Workspace;
  let owner: string;

  beforeAll(async () => {
    t = await buildTestApp();
    ws = await makeWorkspace(t, 'Outbox Inc');
    other = await makeWorkspace(t, 'Elsewhere Ltd');
    owner = await signInAs(t, ws.owner);
  });
  afterAll(() => t?.close());

  const getOutbox = (cookie: string) => call(t.app, { method: 'GET', url: '/api/v1/outbox', cookie });
  const getMessage = (cookie: string, id: string) => call(t.app, { method: 'GET', url: `/api/v1/outbox/${id}`, cookie });
  const inviteWithMail = async (email: string) => {
    expect((await call(t.app, { method: 'POST', url: '/api/v1/invites', cookie: owner, body: { email, role: 'csm' } })).status).toBe(201);
    await t.drainJobs();
    return oneMailRowTo(t, email, 'invite');
  };

  it('keeps an invite in the outbox for the owner to read, with its working link', async () => {
    const email = uniqueEmail('outboxed');
    expect((await call(t.app, { method: 'POST', url: '/api/v1/invites', cookie: owner, body: { email, role: 'csm' } })).status).toBe(201);
    expect((await getOutbox(owner)).body.items.find((i: { to: string }) => i.to === email)?.status).toBe('queued');
    await t.drainJobs();

    const list = await getOutbox(owner);
    expect(list.status).toBe(200);
    expect(list.body.smtpConfigured).toBe(false);
    const item = list.body.items.find((i: { to: string }) => i.to === email);
    expect(item).toMatchObject({ template: 'invite', status: 'outbox', sentAt: null });

    const message = await getMessage(owner, item.id);
    expect(message.status).toBe(200);
    const token = linkIn(message.body.text, 'invite');
    expect(message.body.html).toContain(`http://candor.test/invite#${token}`);
    const lookup = await publicPost(t, '/api/v1/invites/lookup', { token });
    expect(lookup.status).toBe(200);
    expect(lookup.body.workspaceName).toBe('Outbox Inc');
  });

  it('answers 404 to a CSM on the list and on a message, and 200 to an admin', async () => {
    const row = await inviteWithMail(uniqueEmail('csm-cannot-see'));
    const csm = await signInAs(t, await makeMember(t, ws, 'csm'));
    for (const res of [await getOutbox(csm), await getMessage(csm, row.id)]) {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    const admin = await signInAs(t, await makeMember(t, ws, 'admin'));
    expect((await getMessage(admin, row.id)).status).toBe(200);
  });

  it('answers 404 to an admin or owner of another workspace', async () => {
    const row = await inviteWithMail(uniqueEmail('other-ws-cannot-see'));
    const otherAdmin = await signInAs(t, await makeMember(t, other, 'admin'));
    const otherOwner = await signInAs(t, other.owner);
    for (const cookie of [otherAdmin, otherOwner]) {
      const res = await getMessage(cookie, row.id);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
      const list = await getOutbox(cookie);
      expect(list.status).toBe(200);
      expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(row.id);
    }
  });

  it('records who read a message in the audit log, and not a listing', async () => {
    const row = await inviteWithMail(uniqueEmail('audited'));
    const reads = () =>
      t.db.selectFrom('audit_event').selectAll().where('action', '=', 'outbox.message_read').where('subject_id', '=', row.id).execute();
    await getOutbox(owner);
    expect(await reads()).toHaveLength(0);
    expect((await getMessage(owner, row.id)).status).toBe(200);
    const [entry, ...more] = await reads();
    expect(more).toHaveLength(0);
    expect(entry).toMatchObject({ workspace_id: ws.workspaceId, actor_user_id: ws.owner.userId, subject_type: 'mail_message', outcome: 'success' });
    expect(JSON.parse(entry!.details)).toEqual({ template: 'invite' });
  });

  describe('password-reset mail (account mail, no workspace)', () => {
    let owner2: Person;
    let adminA: Person;
    let adminB: Person;
    let soleCsm: Person;
    let sharedCsm: Person;
    let outsider: Person;
    /** Recipient user id → the id of their reset mail. */
    const resetMail = new Map<string, string>();

    beforeAll(async () => {
      adminA = await makeMember(t, ws, 'admin');
      adminB = await makeMember(t, ws, 'admin');
      owner2 = await makeMember(t, ws, 'owner');
      soleCsm = await makeMember(t, ws, 'csm');
      sharedCsm = await makeMember(t, ws, 'csm');
      await makeMember(t, other, 'viewer', sharedCsm);
      outsider = await makeMember(t, other, 'csm');
      for (const person of [ws.owner, owner2, adminA, adminB, soleCsm, sharedCsm, outsider]) {
        expect((await publicPost(t, '/api/v1/password-resets', { email: person.email })).status).toBe(202);
      }
      await t.drainJobs();
      for (const person of [ws.owner, owner2, adminA, adminB, soleCsm, sharedCsm, outsider]) {
        const row = await oneMailRowTo(t, person.email, 'password_reset');
        expect(row).toMatchObject({ workspace_id: null, recipient_user_id: person.userId, status: 'outbox' });
        resetMail.set(person.userId, row.id);
      }
    });

    /** Which of these people's reset mail `viewer` sees, through the list and through the message route. */
    async function visibleTo(viewer: Person, workspaceId = viewer.workspaceId): Promise<Set<Person>> {
      const cookie = await signInAs(t, viewer, workspaceId);
      const listed = new Set((await getOutbox(cookie)).body.items.map((i: { id: string }) => i.id));
      const seen = new Set<Person>();
      for (const person of [ws.owner, owner2, adminA, adminB, soleCsm, sharedCsm, outsider]) {
        const id = resetMail.get(person.userId)!;
        const res = await getMessage(cookie, id);
        // The list and the message route must apply the same rule.
        expect(res.status === 200, `${person.role} ${person.email}: list and read disagree`).toBe(listed.has(id));
        if (res.status === 200) {
          expect(linkIn(res.body.text, 'reset-password')).toBeTruthy();
          seen.add(person);
        } else {
          expect(res.status).toBe(404);
        }
      }
      return seen;
    }

    it('shows an owner the reset mail of every member whose only workspace this is', async () => {
      expect(await visibleTo(ws.owner)).toEqual(new Set([ws.owner, owner2, adminA, adminB, soleCsm]));
    });

    it('hides reset mail of a member who also belongs to another workspace, from both workspaces', async () => {
      expect(await visibleTo(ws.owner)).not.toContain(sharedCsm);
      expect(await visibleTo(other.owner)).toEqual(new Set([outsider]));
    });

    it('shows an admin the reset mail of lower roles and their own, never of owners or other admins', async () => {
      expect(await visibleTo(adminA)).toEqual(new Set([adminA, soleCsm]));
      expect(await visibleTo(adminB)).toEqual(new Set([adminB, soleCsm]));
    });
  });
});
