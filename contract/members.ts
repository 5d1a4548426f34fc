import { z } from 'zod';
import { Email, IsoTime, PersonName, Role } from './common.js';

export const MemberView = z.object({
  id: z.string(),
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  role: Role,
  joinedAt: IsoTime,
  mfaEnabled: z.boolean().optional().describe('Shown to members who manage the workspace'),
  activeSessions: z.number().int().optional().describe('Shown to members who manage the workspace'),
});
export type MemberView = z.infer<typeof MemberView>;
export const MemberList = z.object({ items: z.array(MemberView) });

export const UpdateMemberBody = z.object({ role: Role }).strict();

export const InviteView = z.object({
  id: z.string(),
  email: z.string(),
  role: Role,
  status: z.enum(['pending', 'accepted', 'expired', 'revoked']),
  invitedBy: z.string().nullable(),
  createdAt: IsoTime,
  expiresAt: IsoTime,
});
export type InviteView = z.infer<typeof InviteView>;
export const InviteList = z.object({ items: z.array(InviteView) });
export const CreateInviteBody = z.object({ email: Email, role: Role }).strict();
export type CreateInviteBody = z.input<typeof CreateInviteBody>;

export const InviteTokenBody = z.object({ token: z.string().min(10).max(200) }).strict();
export const InvitePreview = z.object({
  workspaceName: z.string(),
  email: z.string(),
  role: Role,
  hasAccount: z.boolean().describe('True when the email already has a Candor account: sign in with its password to join'),
  expiresAt: IsoTime,
});
export const AcceptInviteBody = z.object({
  token: z.string().min(10).max(200),
  name: PersonName.optional().describe('Required when creating a new account'),
  password: z.string().max(1024),
  remember: z.boolean().default(false),
}).strict();
export type AcceptInviteBody = z.input<typeof AcceptInviteBody>;

export const SalesRepView = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  title: z.string().nullable(),
  createdAt: IsoTime,
});
export type SalesRepView = z.infer<typeof SalesRepView>;
export const SalesRepList = z.object({ items: z.array(SalesRepView) });
export const SalesRepBody = z
  .object({
    name: PersonName,
    email: Email.nullable().optional(),
    phone: z.string().trim().max(40).regex(/^[+0-9 ().-]*$/, 'may hold digits, spaces and + ( ) . - only').nullable().optional(),
    title: z.string().trim().max(120).nullable().optional(),
  })
  .strict();
export type SalesRepBody = z.input<typeof SalesRepBody>;
export const UpdateSalesRepBody = SalesRepBody.partial().strict();
