import { z } from 'zod';
import { IsoTime } from './common.js';

export const WorkspaceView = z.object({
  id: z.string(),
  name: z.string(),
  auditIpMode: z.enum(['full', 'truncated']).describe('truncated keeps IPv4 /24 and IPv6 /48 in the audit log'),
  createdAt: IsoTime,
});
export type WorkspaceView = z.infer<typeof WorkspaceView>;
export const UpdateWorkspaceBody = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(120).optional(),
    auditIpMode: z.enum(['full', 'truncated']).optional(),
  })
  .strict();
export type UpdateWorkspaceBody = z.input<typeof UpdateWorkspaceBody>;
