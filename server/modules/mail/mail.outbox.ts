import type { OutboxItem, OutboxMessage } from '../../../contract/audit.js';
import { memberOf, type Ctx } from '../../context.js';
import { notFound } from '../../errors.js';
import { toIso } from '../../lib/clock.js';
import { authorize } from '../access/access.policy.js';
import { recordAudit } from '../audit/audit.service.js';
import { unsafeFindOutboxMessage, unsafeListOutbox } from './mail.repo.js';

type Row = Awaited<ReturnType<typeof unsafeListOutbox>>[number];

function item(row: Row): OutboxItem {
  return {
    id: row.id,
    to: row.to_address,
    subject: row.subject,
    template: row.template,
    status: row.status,
    createdAt: toIso(row.created_at),
    sentAt: toIso(row.sent_at),
    expiresAt: toIso(row.expires_at),
  };
}

/**
 * The outbox: without SMTP, invites and resets wait here for an admin to pass on. Messages are
 * credentials (their links sign people in), so who sees which is restricted in the repo query.
 */
export async function listOutboxMessages(ctx: Ctx): Promise<{ items: OutboxItem[]; smtpConfigured: boolean }> {
  authorize(ctx, 'outbox:read');
  const member = memberOf(ctx);
  const rows = await unsafeListOutbox(ctx, member.role, member.userId);
  return { items: rows.map(item), smtpConfigured: ctx.rt.mail !== undefined };
}

/** One message with its body; reading it is recorded, since the body may hold a sign-in link. */
export async function readOutboxMessage(ctx: Ctx, id: string): Promise<OutboxMessage> {
  authorize(ctx, 'outbox:read');
  const member = memberOf(ctx);
  const row = await unsafeFindOutboxMessage(ctx, member.role, member.userId, id);
  if (!row) throw notFound('message');
  await recordAudit(ctx, { action: 'outbox.message_read', subjectType: 'mail_message', subjectId: id, details: { template: row.template } });
  return { ...item(row), text: row.text_body, html: row.html_body };
}
