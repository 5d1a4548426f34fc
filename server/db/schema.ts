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
  /** What the sensitive-data guard does with a card number, a password… arriving in Customer Data (P07). */
  sensitive_data_policy: 'reject' | 'redact';
  /** 'by_role': CSMs see their book, managers their team's; 'open': everyone sees every client. */
  record_visibility: 'by_role' | 'open';
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

/** A product-usage source and its write key (see migration 20261130140000). */
export interface SourceTable {
  workspace_id: string;
  id: string;
  name: string;
  kind: 'browser' | 'server';
  write_key_hash: string;
  /** Last four characters, to tell keys apart without the secret. */
  write_key_hint: string;
  /** The key itself for browser sources (it is public in the page); null for server keys. */
  public_write_key: string | null;
  /** JSON array of origins (`https://app.example.com`) a browser key is accepted from. */
  allowed_origins: string;
  created_at: number;
  revoked_at: number | null;
}

/** One accepted product-usage event (migration 20261201090000). Times are epoch milliseconds. */
export interface UsageEventTable {
  workspace_id: string;
  id: string;
  source_id: string;
  message_id: string;
  type: UsageEventType;
  /** The track event's name, or the page or screen name. */
  event_name: string | null;
  user_id: string | null;
  anonymous_id: string | null;
  /** Who the event counts for: `u:<userId>`, `a:<anonymousId>` or `v:<daily visitor hash>`. */
  person_key: string;
  client_id: string | null;
  /** JSON: the event's properties, or traits for identify and group. */
  properties: string;
  /** JSON: the kept part of the Segment context (page, library, locale, truncated IP…). */
  context: string;
  /** The device's time at the call, as sent. */
  original_timestamp: number | null;
  /** The device's time when the batch was sent. */
  sent_at: number | null;
  /** The server's time on arrival. */
  received_at: number;
  /** `received_at − (sent_at − original_timestamp)`: the device time corrected for its clock's skew. */
  occurred_at: number;
}

export type UsageEventType = 'identify' | 'track' | 'page' | 'screen' | 'group' | 'alias';

/** A (source, messageId) seen within the dedup window. */
export interface UsageMessageTable {
  workspace_id: string;
  source_id: string;
  message_id: string;
  received_at: number;
}

/** A person of the customer's product, and where they map in the CS model. */
export interface UsagePersonTable {
  workspace_id: string;
  person_key: string;
  user_id: string | null;
  client_id: string | null;
  contact_id: string | null;
  /** JSON: the latest identify traits, after the sensitive-data guard. */
  traits: string | null;
  /** The product account (`groupId`) the person's client comes from, matched to a client or not. */
  group_id: string | null;
  first_seen_at: number;
  last_seen_at: number;
}

/** A product account (`groupId`) that matched no client when it last arrived. */
export interface UsageUnmatchedGroupTable {
  workspace_id: string;
  group_id: string;
  /** The `name` trait of its latest group call that had one. */
  name: string | null;
  first_seen_at: number;
  last_seen_at: number;
  /** Set aside by an admin (never to be a client); null while it is waiting to be linked. */
  ignored_at: number | null;
}

/** An anonymous id merged into a user by alias or identify. */
export interface UsageAliasTable {
  workspace_id: string;
  anonymous_id: string;
  user_id: string;
  created_at: number;
}

/** Events per person per UTC day: active people. */
export interface UsagePersonDayTable {
  workspace_id: string;
  person_key: string;
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  client_id: string | null;
  events: number;
}

/** Events per client, UTC day and event name (`$page`, `$screen` for views). */
export interface UsageClientDayTable {
  workspace_id: string;
  client_id: string;
  day: string;
  event_name: string;
  events: number;
}

/** A workspace's product-usage choices; absent means the defaults. */
export interface UsageSettingsTable {
  workspace_id: string;
  /** JSON array of track event names that count as key events. */
  key_events: string;
  consent_mode: 'opt-in' | 'opt-out';
  /** 1: Do Not Track and Global Privacy Control reduce events to essentials (P18). */
  honour_signals: number;
  /** JSON array of URL query parameter names whose values are masked before storage. */
  masked_params: string;
  updated_at: number;
}

/** The random salt of one UTC day for cookieless visitor counts; deleted when the day is over. */
export interface UsageSaltTable {
  workspace_id: string;
  day: string;
  salt: string;
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

export interface TeamTable {
  workspace_id: string;
  id: string;
  name: string;
  created_at: number;
  updated_at: number;
}

export interface TeamMemberTable {
  workspace_id: string;
  team_id: string;
  membership_id: string;
}

export type ClientStatus = 'active' | 'trial' | 'inactive' | 'terminated';

export interface ClientTable {
  workspace_id: string;
  id: string;
  name: string;
  status: ClientStatus;
  /** Calendar dates are `YYYY-MM-DD` text. */
  client_since: string | null;
  terminated_on: string | null;
  termination_reason: string | null;
  csm_membership_id: string | null;
  sponsor_membership_id: string | null;
  sales_rep_id: string | null;
  parent_client_id: string | null;
  tier: string | null;
  /** The id the client has in another system (CRM, billing): the first thing an import matches on. */
  external_id: string | null;
  /** JSON object of custom-field values by field key, validated against `custom_field`. */
  custom_fields: string;
  /** Lower-cased name and domains, what search matches against. */
  search_text: string;
  /** Time of the latest timeline entry (note, call, meeting, email): the grid's "last touch". */
  last_touch_at: number | null;
  /** The import that created this client, for undoing a whole import. */
  import_id: string | null;
  created_at: number;
  updated_at: number;
}

export interface ClientDomainTable {
  workspace_id: string;
  domain: string;
  client_id: string;
}

export interface ClientTagTable {
  workspace_id: string;
  client_id: string;
  tag: string;
}

export type ContactSource = 'manual' | 'import' | 'api' | 'tracker';

export interface ContactTable {
  workspace_id: string;
  id: string;
  first_name: string;
  last_name: string | null;
  title: string | null;
  /** Nobody may contact this person through Candor (P08: per-contact opt-out). */
  do_not_contact: number;
  marketing_opt_out: number;
  source: ContactSource;
  external_id: string | null;
  custom_fields: string;
  search_text: string;
  created_by_membership_id: string | null;
  import_id: string | null;
  created_at: number;
  updated_at: number;
}

export interface ContactEmailTable {
  workspace_id: string;
  email: string;
  contact_id: string;
  is_primary: number;
}

export interface ContactPhoneTable {
  workspace_id: string;
  contact_id: string;
  /** E.164, e.g. +14155552671. */
  phone: string;
  label: string | null;
  position: number;
}

export type ContactRole = 'primary' | 'champion' | 'decision_maker' | 'executive_sponsor' | 'billing' | 'technical';

/**
 * Who may read each contact when they do not see every client, kept by triggers from links,
 * client assignments and contact names (migration 20261130090000). Read-only for the application.
 */
export interface ContactAccessTable {
  workspace_id: string;
  contact_id: string;
  /** A membership id (CSM, sponsor, creator) or a team id (its members read it). */
  reader_id: string;
  last_name: string | null;
  first_name: string;
  search_text: string;
}

export interface ClientContactTable {
  workspace_id: string;
  client_id: string;
  contact_id: string;
  /** JSON array of ContactRole. */
  roles: string;
  created_at: number;
}

export type EngagementType = 'note' | 'call' | 'meeting' | 'email';

export interface EngagementTable {
  workspace_id: string;
  id: string;
  client_id: string;
  type: EngagementType;
  title: string;
  /** Sanitised on the server before storage: only a small allow-list of tags survives. */
  body_html: string;
  body_text: string;
  occurred_at: number;
  pinned: number;
  author_membership_id: string | null;
  created_at: number;
  updated_at: number;
}

export interface EngagementParticipantTable {
  workspace_id: string;
  engagement_id: string;
  participant_id: string;
  participant_type: 'contact' | 'member';
}

export type TaskStatus = 'open' | 'in_progress' | 'done' | 'cancelled';
export type TaskPriority = 'low' | 'normal' | 'high' | 'urgent';

export interface TaskTable {
  workspace_id: string;
  id: string;
  title: string;
  description: string;
  client_id: string | null;
  assignee_membership_id: string | null;
  due_on: string | null;
  priority: TaskPriority;
  status: TaskStatus;
  completed_at: number | null;
  created_by_membership_id: string | null;
  created_at: number;
  updated_at: number;
}

export type CustomFieldType = 'text' | 'number' | 'currency' | 'date' | 'single_select' | 'multi_select' | 'boolean' | 'url';

export interface CustomFieldTable {
  workspace_id: string;
  id: string;
  entity: 'client' | 'contact';
  /** Stable machine name used in custom_fields JSON, filters and CSV headers. */
  key: string;
  label: string;
  type: CustomFieldType;
  /** JSON array of the choices for select fields. */
  options: string;
  currency: string | null;
  required: number;
  position: number;
  archived_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface SegmentTable {
  workspace_id: string;
  id: string;
  name: string;
  /** 'personal' belongs to its owner; 'global' is shared by the workspace and kept by admins. */
  scope: 'personal' | 'global';
  owner_membership_id: string | null;
  /** JSON: { filter, columns, sort }. */
  definition: string;
  created_at: number;
  updated_at: number;
}

export type ImportStatus = 'uploaded' | 'validating' | 'validated' | 'queued' | 'running' | 'done' | 'failed' | 'undoing' | 'undone';

export interface ImportJobTable {
  workspace_id: string;
  id: string;
  entity: 'client' | 'contact';
  file_name: string;
  status: ImportStatus;
  /** JSON array of the CSV's header cells. */
  headers: string;
  /** JSON object: CSV header → field. */
  mapping: string | null;
  match_on: string | null;
  total_rows: number;
  processed_rows: number;
  created_rows: number;
  updated_rows: number;
  error_rows: number;
  /** JSON array of { row, column, message }, the first few hundred. */
  errors: string;
  created_by_membership_id: string | null;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
  undone_at: number | null;
}

export interface ImportChunkTable {
  workspace_id: string;
  import_id: string;
  seq: number;
  data: string;
}

export interface ImportChangeTable {
  workspace_id: string;
  import_id: string;
  entity: 'client' | 'contact';
  entity_id: string;
  action: 'created' | 'updated';
  /** JSON of the row before the import changed it, for undo. */
  before: string | null;
}

export interface SensitiveBlockTable {
  workspace_id: string;
  category: string;
  action: 'rejected' | 'redacted';
  source: string;
  count: number;
  last_at: number;
}

/** SQLite only: the FTS5 trigram index behind search (PostgreSQL uses trigram indexes on search_text). */
/** SQLite only: maps a record to the integer its full-text entry is filed under (see capabilities.ts). */
export interface SearchDocTable {
  id: number;
  workspace_id: string;
  entity: 'client' | 'contact';
  entity_id: string;
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
  source: SourceTable;
  usage_event: UsageEventTable;
  usage_message: UsageMessageTable;
  usage_person: UsagePersonTable;
  usage_unmatched_group: UsageUnmatchedGroupTable;
  usage_alias: UsageAliasTable;
  usage_person_day: UsagePersonDayTable;
  usage_client_day: UsageClientDayTable;
  usage_settings: UsageSettingsTable;
  usage_salt: UsageSaltTable;
  invite: InviteTable;
  password_reset: PasswordResetTable;
  audit_event: AuditEventTable;
  domain_event: DomainEventTable;
  job: JobTable;
  mail_message: MailMessageTable;
  team: TeamTable;
  team_member: TeamMemberTable;
  client: ClientTable;
  client_domain: ClientDomainTable;
  client_tag: ClientTagTable;
  contact: ContactTable;
  contact_email: ContactEmailTable;
  contact_phone: ContactPhoneTable;
  client_contact: ClientContactTable;
  contact_access: ContactAccessTable;
  engagement: EngagementTable;
  engagement_participant: EngagementParticipantTable;
  task: TaskTable;
  custom_field: CustomFieldTable;
  segment: SegmentTable;
  import_job: ImportJobTable;
  import_chunk: ImportChunkTable;
  import_change: ImportChangeTable;
  sensitive_block: SensitiveBlockTable;
  search_doc: SearchDocTable;
}
