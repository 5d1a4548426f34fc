import { z } from 'zod';
import { Email, IsoTime, Password, PersonName, Role } from './common.js';

export const WorkspaceSummary = z.object({ id: z.string(), name: z.string(), role: Role });

export const Me = z.object({
  user: z.object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    mfaEnabled: z.boolean(),
    createdAt: IsoTime,
  }),
  workspace: z.object({ id: z.string(), name: z.string() }),
  membership: z.object({ id: z.string(), role: Role }),
  permissions: z.array(z.string()).describe('What this member may do here; the UI hides what is not allowed'),
  workspaces: z.array(WorkspaceSummary),
  via: z.enum(['session', 'token', 'cli', 'job']),
});
export type Me = z.infer<typeof Me>;

export const UpdateProfileBody = z
  .object({
    name: PersonName.optional(),
    email: Email.optional(),
    currentPassword: z.string().max(1024).optional().describe('Required to change the email address'),
  })
  .strict();
export type UpdateProfileBody = z.input<typeof UpdateProfileBody>;

export const ChangePasswordBody = z
  .object({
    currentPassword: z.string().min(1, 'is required').max(1024),
    newPassword: Password,
    signOutOtherSessions: z.boolean().default(true),
  })
  .strict();
export type ChangePasswordBody = z.input<typeof ChangePasswordBody>;

export const MfaSetup = z.object({
  secret: z.string().describe('Base32 seed to type into an authenticator app'),
  otpauthUrl: z.string().describe('otpauth:// URI for the QR code'),
});
export const EnableMfaBody = z.object({
  code: z.string().trim().regex(/^\d{6}$/, 'must be the 6-digit code from your authenticator app'),
  currentPassword: z.string().min(1, 'is required').max(1024),
}).strict();
export const DisableMfaBody = z.object({ currentPassword: z.string().min(1, 'is required').max(1024) }).strict();
export const RecoveryCodes = z.object({
  recoveryCodes: z.array(z.string()).describe('Shown once; each works one time'),
});
export const MfaStatus = z.object({
  enabled: z.boolean(),
  enabledAt: IsoTime.nullable(),
  recoveryCodesLeft: z.number().int(),
});
