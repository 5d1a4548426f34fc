/**
 * Row types of every table, as Kysely sees them. Conventions (ARCHITECTURE.md): timestamps are
 * epoch milliseconds UTC in `bigint` columns named `*_at`; flags are integer 0/1 because SQLite
 * has no boolean type; JSON is text; ids are prefixed random strings.
 */

export type Role = 'owner' | 'admin' | 'manager' | 'csm' | 'executive' | 'viewer';

export interface WorkspaceTable {
  id: string;
  name: string;
  /** 'full' or 'truncated': how client IPs are written into this workspace's audit log. */
  audit_ip_mode: 'full' | 'truncated';
  created_at: number;
  updated_at: number;
}

export interface UserAccountTable {
  id: string;
  /** Lower-cased; unique across the deployment because one person can join several workspaces. */
  email: string;
  name: string;
  /** argon2id PHC string. */
  password_hash: string;
  password_changed_at: number;
  /** TOTP seed encrypted with the keyring (AAD = user id); null until MFA is turned on. */
  totp_secret_enc: string | null;
  /** Seed offered during MFA setup, not yet confirmed with a code. */
  totp_pending_enc: string | null;
  /** Last accepted TOTP time step; codes at or before it are refused (RFC 6238 §5.2, no replay). */
  totp_last_step: number | null;
  mfa_enabled_at: number | null;
  /** The workspace the person last worked in; sign-in returns there. */
  last_workspace_id: string | null;
  disabled_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface MembershipTable {
  workspace_id: string;
  id: string;
  user_id: string;
  role: Role;
  created_at: number;
  updated_at: number;
}

export interface SalesRepTable {
  workspace_id: string;
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  title: string | null;
  created_at: number;
  updated_at: number;
}

export interface SessionTable {
  id: string;
  /** SHA-256 of the cookie value; the value itself is never stored. */
  token_hash: string;
  user_id: string;
  /** The workspace the session is working in now; switching changes it. */
  workspace_id: string;
  remember_device_id: string | null;
  ip: string;
  user_agent: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
}

export interface RememberDeviceTable {
  id: string;
  user_id: string;
  workspace_id: string;
  /** Public half of the persistent cookie, used to find the row. */
  selector: string;
  /** SHA-256 of the secret half; rotated on every use. */
  validator_hash: string;
  /** The value before the last rotation, accepted for a short grace so parallel requests do not trip theft detection. */
  previous_validator_hash: string | null;
  rotated_at: number | null;
  user_agent: string;
  ip: string;
  created_at: number;
  last_used_at: number;
  expires_at: number;
}

export interface LoginChallengeTable {
  id: string;
  token_hash: string;
  user_id: string;
  workspace_id: string;
  remember: number;
  attempts: number;
  ip: string;
  created_at: number;
  expires_at: number;
}

export interface LoginThrottleTable {
  /** SHA-256 of the normalised email, so the table holds no address in clear. */
  key_hash: string;
  failures: number;
  lock_count: number;
  locked_until: number | null;
  updated_at: number;
}

export interface RecoveryCodeTable {
  id: string;
  user_id: string;
  code_hash: string;
  created_at: number;
  used_at: number | null;
}

export interface ApiTokenTable {
  workspace_id: string;
  id: string;
  membership_id: string;
  name: string;
  token_hash: string;
  /** Last four characters, so a person can tell tokens apart without the secret. */
  token_hint: string;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
  last_used_ip: string | null;
  revoked_at: number | null;
}

export interface InviteTable {
  workspace_id: string;
  id: string;
  email: string;
  role: Role;
  token_hash: string;
  invited_by_user_id: string | null;
  accepted_user_id: string | null;
  created_at: number;
  expires_at: number;
  accepted_at: number | null;
  revoked_at: number | null;
}

export interface PasswordResetTable {
  id: string;
  user_id: string;
  token_hash: string;
  ip: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface AuditEventTable {
  /** Null only for sign-in failures against an email that has no account. */
  workspace_id: string | null;
  id: string;
  at: number;
  action: string;
  outcome: 'success' | 'failure';
  actor_user_id: string | null;
  actor_token_id: string | null;
  subject_type: string | null;
  subject_id: string | null;
  ip: string | null;
  user_agent: string | null;
  /** JSON object; never secrets, never more personal data than the action needs. */
  details: string;
}

export interface DomainEventTable {
  /** Null for account-level events (a password change), which belong to no single workspace. */
  workspace_id: string | null;
  id: string;
  type: string;
  subject_type: string;
  subject_id: string;
  actor_user_id: string | null;
  payload: string;
  created_at: number;
}

export interface JobTable {
  id: string;
  name: string;
  version: number;
  workspace_id: string | null;
  payload: string;
  status: 'queued' | 'running' | 'done' | 'dead';
  attempts: number;
  max_attempts: number;
  run_at: number;
  locked_by: string | null;
  locked_until: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
}

export interface MailMessageTable {
  /** Null for account mail (password reset), which is shown through the recipient's memberships. */
  workspace_id: string | null;
  id: string;
  recipient_user_id: string | null;
  to_address: string;
  template: string;
  subject: string;
  /** Bodies are cleared once SMTP accepted the message: links in them are credentials. */
  text_body: string | null;
  html_body: string | null;
  status: 'queued' | 'sent' | 'outbox' | 'failed';
  transport: 'smtp' | 'outbox';
  error: string | null;
  created_at: number;
  sent_at: number | null;
  expires_at: number;
}

export interface Database {
  workspace: WorkspaceTable;
  user_account: UserAccountTable;
  membership: MembershipTable;
  sales_rep: SalesRepTable;
  session: SessionTable;
  remember_device: RememberDeviceTable;
  login_challenge: LoginChallengeTable;
  login_throttle: LoginThrottleTable;
  recovery_code: RecoveryCodeTable;
  api_token: ApiTokenTable;
  invite: InviteTable;
  password_reset: PasswordResetTable;
  audit_event: AuditEventTable;
  domain_event: DomainEventTable;
  job: JobTable;
  mail_message: MailMessageTable;
}
