import { z } from 'zod';
import { Email, IsoTime, Password, PersonName } from './common.js';

export const SignInBody = z.object({
  email: Email,
  password: Password.min(1, 'is required'),
  remember: z.boolean().default(false).describe('Keep me signed in on this device (a separate persistent cookie)'),
}).strict();
export type SignInBody = z.input<typeof SignInBody>;

/** Sign-in either finishes or asks for the second factor; the challenge travels in an HttpOnly cookie. */
export const SignInResult = z.object({
  status: z.enum(['signed_in', 'mfa_required']),
});
export type SignInResult = z.infer<typeof SignInResult>;

export const MfaBody = z
  .object({
    code: z.string().trim().regex(/^\d{6}$/, 'must be the 6-digit code from your authenticator app').optional(),
    recoveryCode: z.string().trim().min(8, 'must be one of your recovery codes').max(40).optional(),
  })
  .strict()
  .refine((b) => Boolean(b.code) !== Boolean(b.recoveryCode), { message: 'send either code or recoveryCode' });
export type MfaBody = z.input<typeof MfaBody>;

export const SwitchWorkspaceBody = z.object({ workspaceId: z.string().min(1).max(64) }).strict();

export const SessionView = z.object({
  id: z.string(),
  kind: z.enum(['session', 'device']).describe('session: a browser session; device: a "keep me signed in" device'),
  current: z.boolean(),
  userAgent: z.string(),
  ip: z.string(),
  workspaceName: z.string().nullable(),
  createdAt: IsoTime,
  lastSeenAt: IsoTime,
  expiresAt: IsoTime,
});
export type SessionView = z.infer<typeof SessionView>;
export const SessionList = z.object({ items: z.array(SessionView) });

export const PasswordResetRequestBody = z.object({ email: Email }).strict();
export const PasswordResetCompleteBody = z.object({
  token: z.string().min(10).max(200),
  password: Password,
}).strict();
export const Accepted = z.object({ message: z.string() });

export const SetupStatus = z.object({
  needsSetup: z.boolean(),
  codeRequired: z.boolean().describe('True when the request is not from this machine: type the code printed in the server log'),
});
export const SetupBody = z.object({
  workspaceName: z.string().trim().min(1, 'must not be empty').max(120),
  name: PersonName,
  email: Email,
  password: Password,
  setupCode: z.string().trim().max(64).optional(),
}).strict();
export type SetupBody = z.input<typeof SetupBody>;
