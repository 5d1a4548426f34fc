import { z } from 'zod';
import { IsoTime, RecordId } from './common.js';

export const AuditEventView = z.object({
  id: z.string(),
  at: IsoTime,
  action: z.string(),
  outcome: z.enum(['success', 'failure']),
  actor: z.object({ userId: z.string().nullable(), name: z.string().nullable(), tokenId: z.string().nullable() }),
  subject: z.object({ type: z.string().nullable(), id: z.string().nullable() }),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEventView = z.infer<typeof AuditEventView>;

export const AuditQuery = z.object({
  action: z.string().max(80).optional().describe('Exact action, or a prefix ending in "." such as "session."'),
  actorUserId: RecordId.optional(),
  outcome: z.enum(['success', 'failure']).optional(),
  before: z.string().max(80).optional().describe('Cursor from the previous page'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
}).strict();
export type AuditQuery = z.input<typeof AuditQuery>;
export const AuditPage = z.object({ items: z.array(AuditEventView), nextCursor: z.string().nullable() });

export const OutboxItem = z.object({
  id: z.string(),
  to: z.string(),
  subject: z.string(),
  template: z.string(),
  status: z.enum(['queued', 'sent', 'outbox', 'failed']),
  createdAt: IsoTime,
  sentAt: IsoTime.nullable(),
  expiresAt: IsoTime,
});
export type OutboxItem = z.infer<typeof OutboxItem>;
export const OutboxList = z.object({ items: z.array(OutboxItem), smtpConfigured: z.boolean() });
export const OutboxMessage = OutboxItem.extend({ text: z.string().nullable(), html: z.string().nullable() });
export type OutboxMessage = z.infer<typeof OutboxMessage>;
