import { z } from 'zod';
import { RecordId } from './common.js';

export const TeamView = z.object({
  id: z.string(),
  name: z.string(),
  members: z.array(z.object({ id: z.string(), name: z.string(), role: z.string() })),
});
export type TeamView = z.infer<typeof TeamView>;
export const TeamList = z.object({ items: z.array(TeamView) });
export const TeamBody = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(80),
    membershipIds: z.array(RecordId).max(500).default([]).describe('Members of the team; a manager in it sees the clients of every CSM in it'),
  })
  .strict();
export const UpdateTeamBody = z.object({ name: z.string().trim().min(1).max(80).optional(), membershipIds: z.array(RecordId).max(500).optional() }).strict();

export const SensitiveCounts = z.object({
  policy: z.enum(['reject', 'redact']),
  items: z.array(z.object({ category: z.string(), label: z.string(), action: z.enum(['rejected', 'redacted']), source: z.string(), count: z.number().int(), lastAt: z.string() })),
});
