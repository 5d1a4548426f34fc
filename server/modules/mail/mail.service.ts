import type { Runtime } from '../../context.js';
import type { Executor } from '../../db/database.js';
import { newId } from '../../lib/ids.js';
import { enqueueJob } from '../../jobs/queue.js';
import { OUTBOX_KEEP_MS, sendMailJob } from './mail.jobs.js';
import { insertMail } from './mail.repo.js';
import type { RenderedMail } from './mail.templates.js';

/**
 * Queues a message: the row and its `mail.send` job are written with the caller's executor, so a
 * rolled-back invite sends nothing and a committed one is delivered even if the process dies now.
 */
export async function queueMail(
  ctx: { rt: Pick<Runtime, 'clock'>; db: Executor },
  message: RenderedMail & { to: string; workspaceId: string | null; recipientUserId: string | null },
): Promise<string> {
  const id = newId('mail');
  const now = ctx.rt.clock.now();
  await insertMail(ctx.db, {
    id,
    workspace_id: message.workspaceId,
    recipient_user_id: message.recipientUserId,
    to_address: message.to,
    template: message.template,
    subject: message.subject,
    text_body: message.text,
    html_body: message.html,
    status: 'queued',
    transport: 'outbox',
    error: null,
    created_at: now,
    sent_at: null,
    expires_at: now + OUTBOX_KEEP_MS,
  });
  await enqueueJob(ctx, sendMailJob, { mailId: id }, { id: `job_mail_${id}`, workspaceId: message.workspaceId });
  return id;
}
