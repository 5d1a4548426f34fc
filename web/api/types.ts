import type { z } from 'zod';
import type { MfaSetup, MfaStatus, RecoveryCodes } from '../../contract/account.js';
import type { AuditPage, OutboxList } from '../../contract/audit.js';
import type { SessionList, SetupStatus } from '../../contract/auth.js';
import type { InviteList, InvitePreview, MemberList, SalesRepList } from '../../contract/members.js';
import type { PromiseList } from '../../contract/promises.js';
import type { CreatedToken, TokenList } from '../../contract/tokens.js';

export type { Me } from '../../contract/account.js';
export type { AuditEventView, OutboxItem, OutboxMessage } from '../../contract/audit.js';
export type { SessionView, SignInResult } from '../../contract/auth.js';
export type { Role } from '../../contract/common.js';
export type { InviteView, MemberView, SalesRepBody, SalesRepView } from '../../contract/members.js';
export type { PromiseStatus, PromiseView } from '../../contract/promises.js';
export type { TokenView } from '../../contract/tokens.js';
export type { WorkspaceView } from '../../contract/workspace.js';

export type SetupStatus = z.infer<typeof SetupStatus>;
export type SessionList = z.infer<typeof SessionList>;
export type MfaStatus = z.infer<typeof MfaStatus>;
export type MfaSetup = z.infer<typeof MfaSetup>;
export type RecoveryCodes = z.infer<typeof RecoveryCodes>;
export type MemberList = z.infer<typeof MemberList>;
export type InviteList = z.infer<typeof InviteList>;
export type InvitePreview = z.infer<typeof InvitePreview>;
export type SalesRepList = z.infer<typeof SalesRepList>;
export type TokenList = z.infer<typeof TokenList>;
export type CreatedToken = z.infer<typeof CreatedToken>;
export type AuditPage = z.infer<typeof AuditPage>;
export type OutboxList = z.infer<typeof OutboxList>;
export type PromiseList = z.infer<typeof PromiseList>;

/** Permissions the server grants (access.policy.ts); the UI hides what a member may not do. */
export type Permission =
  | 'workspace:administer'
  | 'workspace:read'
  | 'workspace:update'
  | 'member:read'
  | 'member:invite'
  | 'member:update'
  | 'member:remove'
  | 'member:revoke_sessions'
  | 'salesrep:read'
  | 'salesrep:write'
  | 'token:create'
  | 'token:manage'
  | 'audit:read'
  | 'outbox:read'
  | 'promise:read';
