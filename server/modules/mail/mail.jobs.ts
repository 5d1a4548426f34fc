import { z } from 'zod';
import { defineJob } from '../../jobs/define.js';
import { unsafeFindMailForDelivery, unsafeMarkMailDelivered, unsafeMarkMailFailed } from './mail.repo.js';

/** How long a message stays readable in the outbox: links in it expire sooner than this anyway. */
export const OUTBOX_KEEP_MS = 14 * 86_400_000;

/** How long the metadata of a sent message is kept, for "did the invite go out?" questions. */
const SENT_KEEP_MS = 30 * 86_400_000;

/**
 * Delivers one queued message: over SMTP when `SMTP_URL` is set (bodies are then cleared, since
 * the links in them are credentials), otherwise into the outbox that admins read. The Message-ID
 * is derived from the row id, so a retry after a crash is recognisably the same message.
 */
export const sendMailJob = defineJob({
  name: 'mail.send',
  version: 1,
  maxAttempts: 8,
  schema: z.object({ mailId: z.string() }),
  async handler(rt, { mailId }) {
    const { db } = rt.database;
    const mail = await unsafeFindMailForDelivery(db, mailId);
    if (!mail || mail.status !== 'queued') return 'skipped';
    const now = rt.clock.now();
    if (!rt.mail) {
      await unsafeMarkMailDelivered(db, mail.id, { status: 'outbox', transport: 'outbox', sent_at: null, expires_at: mail.created_at + OUTBOX_KEEP_MS, clearBodies: false });
      return 'done';
    }
    const host = new URL(rt.config.publicUrl).hostname;
    await rt.mail.send({
      from: rt.config.mailFrom,
      to: mail.to_address,
      subject: mail.subject,
      text: mail.text_body ?? '',
      html: mail.html_body ?? '',
      messageId: `<${mail.id}@${host}>`,
    });
    await unsafeMarkMailDelivered(db, mail.id, { status: 'sent', transport: 'smtp', sent_at: now, expires_at: now + SENT_KEEP_MS, clearBodies: true });
    return 'done';
  },
  async onDead(rt, { mailId }, error) {
    await unsafeMarkMailFailed(rt.database.db, mailId, error);
  },
});
