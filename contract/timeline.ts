import { z } from 'zod';
import { IsoTime, RecordId } from './common.js';

export const EngagementType = z.enum(['note', 'call', 'meeting', 'email']);
export type EngagementType = z.infer<typeof EngagementType>;
export const EngagementTypeLabels: Record<EngagementType, string> = { note: 'Note', call: 'Call', meeting: 'Meeting', email: 'Email' };

const Participant = z.object({ type: z.enum(['contact', 'member']), id: z.string(), name: z.string() });

export const EngagementView = z.object({
  id: z.string(),
  clientId: z.string(),
  type: EngagementType,
  title: z.string(),
  bodyHtml: z.string().describe('Sanitised HTML: p, br, strong, em, u, s, lists, blockquote, code, links'),
  occurredAt: IsoTime,
  pinned: z.boolean(),
  author: z.object({ id: z.string(), name: z.string() }).nullable(),
  participants: z.array(Participant).describe('The members, and the contacts the reader may see, who took part'),
  hiddenParticipants: z.number().int().describe('Contacts who took part whom the reader may not see (linked only to clients outside their book): counted, never named'),
  createdAt: IsoTime,
  updatedAt: IsoTime,
  canEdit: z.boolean(),
});
export type EngagementView = z.infer<typeof EngagementView>;

export const TimelineQuery = z.object({
  type: z
    .union([EngagementType, z.string().regex(/^(note|call|meeting|email)(,(note|call|meeting|email))*$/, 'must be note, call, meeting, email, or several joined by commas')])
    .optional(),
  before: z.string().max(80).optional().describe('Cursor from the previous page'),
  limit: z.coerce.number().int().min(1).max(100).default(30),
}).strict();
export const TimelinePage = z.object({
  pinned: z.array(EngagementView).describe('Pinned summary notes, always on top (first page only)'),
  items: z
    .array(EngagementView)
    .describe('Every entry newest first, pinned ones included in their place, so paging through items alone reads the whole history; a page that shows `pinned` on top hides them here'),
  nextCursor: z.string().nullable(),
});

const participants = z
  .object({ contactIds: z.array(RecordId).max(50).default([]), membershipIds: z.array(RecordId).max(50).default([]) })
  .strict();

export const CreateEngagementBody = z
  .object({
    type: EngagementType,
    title: z.string().trim().min(1, 'must not be empty').max(200),
    bodyHtml: z.string().max(100_000, 'must be at most 100,000 characters').default(''),
    occurredAt: z.iso.datetime().optional().describe('Defaults to now'),
    pinned: z.boolean().default(false),
    participants: participants.default({ contactIds: [], membershipIds: [] }),
  })
  .strict()
  .meta({
    example: {
      type: 'call',
      title: 'Renewal check-in',
      bodyHtml: '<p>Budget for next year is confirmed; they want <strong>SSO</strong> before signing.</p>',
      occurredAt: '2026-12-01T15:30:00.000Z',
      participants: { contactIds: ['ct_8d2m4q6s1v3x5z7b9c0e2g4j6k'], membershipIds: [] },
    },
  });
export type CreateEngagementBody = z.input<typeof CreateEngagementBody>;

export const UpdateEngagementBody = z
  .object({
    title: z.string().trim().min(1).max(200).optional(),
    bodyHtml: z.string().max(100_000).optional(),
    occurredAt: z.iso.datetime().optional(),
    pinned: z.boolean().optional(),
    participants: participants.optional(),
  })
  .strict();
