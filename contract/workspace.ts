import { z } from 'zod';
import { IsoTime } from './common.js';

export const SensitiveDataPolicy = z
  .enum(['reject', 'redact'])
  .describe('What happens to a card number, a password, an ID number or health information arriving in client data: refuse the write, or store it with those parts replaced');
export const RecordVisibility = z
  .enum(['by_role', 'open'])
  .describe('by_role: CSMs see their own book, managers their team’s, executives and admins everything; open: everyone sees every client');

export const WorkspaceView = z.object({
  id: z.string(),
  name: z.string(),
  auditIpMode: z.enum(['full', 'truncated']).describe('truncated keeps IPv4 /24 and IPv6 /48 in the audit log'),
  sensitiveDataPolicy: SensitiveDataPolicy,
  recordVisibility: RecordVisibility,
  createdAt: IsoTime,
});
export type WorkspaceView = z.infer<typeof WorkspaceView>;
export const UpdateWorkspaceBody = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(120).optional(),
    auditIpMode: z.enum(['full', 'truncated']).optional(),
    sensitiveDataPolicy: SensitiveDataPolicy.optional(),
    recordVisibility: RecordVisibility.optional(),
  })
  .strict();
export type UpdateWorkspaceBody = z.input<typeof UpdateWorkspaceBody>;
