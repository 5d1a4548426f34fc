/**
 * The data map: every table and every column Candor stores, and for each column that can hold
 * personal data what it is, whose it is, why it is kept, for how long and who can read it (P03).
 * Export, erasure, retention and the policy text read this registry; a test introspects the live
 * schema on SQLite and PostgreSQL and fails on any column missing here, so a new table cannot
 * forget privacy.
 */

export type DataCategory =
  | 'identity'
  | 'contact_details'
  | 'credential'
  | 'online_identifier'
  | 'security_log'
  | 'communication'
  | 'account_settings';

/** Whose data it is: an agent (a Candor user), a contact of a customer, or a site visitor. */
export type DataSubject = 'agent' | 'contact' | 'visitor';

/** Declared purposes (P03); marketing only while the person has not opted out. */
export type Purpose =
  | 'operate_service'
  | 'billing'
  | 'identification_authentication'
  | 'communication'
  | 'marketing'
  | 'research'
  | 'service_improvement'
  | 'security';

export interface PersonalColumn {
  readonly personal: true;
  readonly category: DataCategory;
  readonly subject: DataSubject;
  readonly purposes: readonly Purpose[];
  /** The rule, in words a privacy notice can quote: the period and what starts it. */
  readonly retention: string;
  /** True for Customer Data (P05): data a customer puts in about its own customers. */
  readonly customerData: boolean;
  /** Who can read it through the product. */
  readonly readableBy: string;
}

export interface PlainColumn {
  readonly personal: false;
}

export interface TableEntry {
  readonly description: string;
  /** How rows of this table end: the table-level rule the retention purge applies. */
  readonly retention: string;
  readonly columns: Readonly<Record<string, PersonalColumn | PlainColumn>>;
}

const plain: PlainColumn = { personal: false };

function agent(category: DataCategory, purposes: Purpose[], retention: string, readableBy: string): PersonalColumn {
  return { personal: true, category, subject: 'agent', purposes, retention, customerData: false, readableBy };
}

/** Customer Data (P05): what a customer stores about its own clients' people. */
function customer(category: DataCategory, readableBy = CLIENT_READERS, retention = CUSTOMER_RETENTION): PersonalColumn {
  return { personal: true, category, subject: 'contact', purposes: ['operate_service'], retention, customerData: true, readableBy };
}

const CUSTOMER_RETENTION = 'until the workspace deletes it, or the workspace itself is deleted';
const USAGE_RETENTION = 'until the person’s usage is erased, or the workspace is deleted';
const CLIENT_READERS = 'members who can see the client (own book, team, or all, by role and workspace setting)';

const ACCOUNT_LIFETIME = 'while the account exists; removed when the account is erased';
const SELF_AND_ADMINS = 'the person; owners and admins of workspaces the person belongs to';

export const DATA_MAP: Readonly<Record<string, TableEntry>> = {
  workspace: {
    description: 'A tenant: one customer team and everything it stores.',
    retention: 'until the workspace is deleted',
    columns: { id: plain, name: plain, audit_ip_mode: plain, sensitive_data_policy: plain, record_visibility: plain, created_at: plain, updated_at: plain },
  },
  user_account: {
    description: 'A person who signs in to Candor (an agent); one account can belong to several workspaces.',
    retention: ACCOUNT_LIFETIME,
    columns: {
      id: plain,
      email: agent('contact_details', ['identification_authentication', 'communication', 'operate_service'], ACCOUNT_LIFETIME, 'members of the same workspaces'),
      name: agent('identity', ['operate_service', 'communication'], ACCOUNT_LIFETIME, 'members of the same workspaces'),
      password_hash: agent('credential', ['identification_authentication'], ACCOUNT_LIFETIME, 'nobody (argon2id hash, never returned)'),
      password_changed_at: agent('account_settings', ['security'], ACCOUNT_LIFETIME, 'nobody through the product'),
      totp_secret_enc: agent('credential', ['identification_authentication'], 'until MFA is turned off or the account is erased', 'nobody (encrypted at rest)'),
      totp_pending_enc: agent('credential', ['identification_authentication'], 'until MFA setup is confirmed or abandoned', 'nobody (encrypted at rest)'),
      totp_last_step: plain,
      mfa_enabled_at: agent('account_settings', ['security'], ACCOUNT_LIFETIME, SELF_AND_ADMINS),
      last_workspace_id: plain,
      disabled_at: agent('account_settings', ['security'], ACCOUNT_LIFETIME, 'operators'),
      created_at: plain,
      updated_at: plain,
    },
  },
  membership: {
    description: 'A person’s role in one workspace.',
    retention: 'until the member is removed or leaves',
    columns: { workspace_id: plain, id: plain, user_id: plain, role: plain, created_at: plain, updated_at: plain },
  },
  sales_rep: {
    description: 'A salesperson a client can be linked to, who does not sign in.',
    retention: 'until an admin deletes the sales rep or the workspace',
    columns: {
      workspace_id: plain,
      id: plain,
      name: agent('identity', ['operate_service'], 'until deleted by the workspace', 'members of the workspace'),
      email: agent('contact_details', ['operate_service', 'communication'], 'until deleted by the workspace', 'members of the workspace'),
      phone: agent('contact_details', ['operate_service', 'communication'], 'until deleted by the workspace', 'members of the workspace'),
      title: agent('identity', ['operate_service'], 'until deleted by the workspace', 'members of the workspace'),
      created_at: plain,
      updated_at: plain,
    },
  },
  session: {
    description: 'A signed-in browser session.',
    retention: 'until sign-out, revocation, the idle timeout or the absolute timeout, then deleted by the hourly cleanup',
    columns: {
      id: plain,
      token_hash: plain,
      user_id: plain,
      workspace_id: plain,
      remember_device_id: plain,
      ip: agent('online_identifier', ['security', 'identification_authentication'], 'with the session', SELF_AND_ADMINS),
      user_agent: agent('online_identifier', ['security'], 'with the session', SELF_AND_ADMINS),
      created_at: plain,
      last_seen_at: plain,
      expires_at: plain,
    },
  },
  remember_device: {
    description: 'A browser the person asked Candor to keep signed in.',
    retention: 'until revoked, signed out, or unused for the remember period',
    columns: {
      id: plain,
      user_id: plain,
      workspace_id: plain,
      selector: plain,
      validator_hash: plain,
      previous_validator_hash: plain,
      rotated_at: plain,
      user_agent: agent('online_identifier', ['security'], 'with the device', SELF_AND_ADMINS),
      ip: agent('online_identifier', ['security'], 'with the device', SELF_AND_ADMINS),
      created_at: plain,
      last_used_at: plain,
      expires_at: plain,
    },
  },
  login_challenge: {
    description: 'A sign-in waiting for its second factor.',
    retention: 'five minutes',
    columns: {
      id: plain,
      token_hash: plain,
      user_id: plain,
      workspace_id: plain,
      remember: plain,
      attempts: plain,
      ip: agent('online_identifier', ['security'], 'five minutes', 'nobody through the product'),
      created_at: plain,
      expires_at: plain,
    },
  },
  login_throttle: {
    description: 'Failed sign-in counts per email, keyed by a hash so no address is stored.',
    retention: 'cleared on success; deleted a day after the last failure',
    columns: { key_hash: plain, failures: plain, lock_count: plain, locked_until: plain, updated_at: plain },
  },
  recovery_code: {
    description: 'Single-use MFA recovery codes, hashed.',
    retention: 'until used, regenerated, or MFA is turned off',
    columns: { id: plain, user_id: plain, code_hash: plain, created_at: plain, used_at: plain },
  },
  source: {
    description: 'Where product usage comes from (a tracking tag, a server SDK) and its write key, hashed (a browser key also as written: it is public in the page).',
    retention: 'until the workspace deletes the source or is deleted',
    columns: {
      workspace_id: plain,
      id: plain,
      name: plain,
      kind: plain,
      write_key_hash: plain,
      write_key_hint: plain,
      public_write_key: plain,
      allowed_origins: plain,
      created_at: plain,
      revoked_at: plain,
    },
  },
  usage_event: {
    description: 'Product usage events a source sent (identify, track, page, screen, group, alias), after consent, signals, masking and IP truncation.',
    retention: USAGE_RETENTION,
    columns: {
      workspace_id: plain,
      id: plain,
      source_id: plain,
      message_id: plain,
      type: plain,
      event_name: plain,
      user_id: customer('online_identifier', CLIENT_READERS, USAGE_RETENTION),
      anonymous_id: customer('online_identifier', CLIENT_READERS, USAGE_RETENTION),
      person_key: customer('online_identifier', CLIENT_READERS, USAGE_RETENTION),
      client_id: plain,
      properties: customer('online_identifier', CLIENT_READERS, USAGE_RETENTION),
      context: customer('online_identifier', CLIENT_READERS, USAGE_RETENTION),
      original_timestamp: plain,
      sent_at: plain,
      received_at: plain,
      occurred_at: plain,
    },
  },
  usage_message: {
    description: 'Message ids seen per source, to drop a resent event; kept for the dedup window.',
    retention: 'two days after arrival',
    columns: { workspace_id: plain, source_id: plain, message_id: plain, received_at: plain },
  },
  usage_person: {
    description: 'A person of the customer’s product (a user id, an anonymous browser, or a cookieless visitor of one day) and the client and contact they map to.',
    retention: USAGE_RETENTION,
    columns: {
      workspace_id: plain,
      person_key: customer('online_identifier', CLIENT_READERS, USAGE_RETENTION),
      user_id: customer('online_identifier', CLIENT_READERS, USAGE_RETENTION),
      client_id: plain,
      contact_id: plain,
      traits: customer('identity', CLIENT_READERS, USAGE_RETENTION),
      group_id: plain,
      first_seen_at: plain,
      last_seen_at: plain,
    },
  },
  usage_unmatched_group: {
    description: 'A product account id (a company, not a person) that matched no client, with the name its group call gave, until an admin links it to a client.',
    retention: 'until an admin links it to a client, or the workspace is deleted',
    columns: { workspace_id: plain, group_id: plain, name: plain, first_seen_at: plain, last_seen_at: plain, ignored_at: plain },
  },
  usage_alias: {
    description: 'An anonymous id merged into a user id by alias or identify.',
    retention: USAGE_RETENTION,
    columns: {
      workspace_id: plain,
      anonymous_id: customer('online_identifier', CLIENT_READERS, USAGE_RETENTION),
      user_id: customer('online_identifier', CLIENT_READERS, USAGE_RETENTION),
      created_at: plain,
    },
  },
  usage_person_day: {
    description: 'Events per person per day: the daily rollup behind active-user counts.',
    retention: USAGE_RETENTION,
    columns: { workspace_id: plain, person_key: customer('online_identifier', CLIENT_READERS, USAGE_RETENTION), day: plain, client_id: plain, events: plain },
  },
  usage_client_day: {
    description: 'Events per client, day and event name: the daily rollup behind usage charts and health scores. Holds no person.',
    retention: CUSTOMER_RETENTION,
    columns: { workspace_id: plain, client_id: plain, day: plain, event_name: plain, events: plain },
  },
  usage_settings: {
    description: 'A workspace’s product-usage choices: key events, consent mode, DNT/GPC, masked query parameters.',
    retention: 'until the workspace is deleted',
    columns: { workspace_id: plain, key_events: plain, consent_mode: plain, honour_signals: plain, masked_params: plain, updated_at: plain },
  },
  usage_salt: {
    description: 'The random salt of one day for cookieless visitor counts; with it gone, a visitor hash cannot be linked to anyone.',
    retention: 'deleted once its day is over',
    columns: { workspace_id: plain, day: plain, salt: plain },
  },
  api_token: {
    description: 'A bearer token for the API, hashed; belongs to a member in one workspace.',
    retention: 'until revoked tokens are older than 90 days, or the member leaves',
    columns: {
      workspace_id: plain,
      id: plain,
      membership_id: plain,
      name: plain,
      token_hash: plain,
      token_hint: plain,
      created_at: plain,
      expires_at: plain,
      last_used_at: plain,
      last_used_ip: agent('online_identifier', ['security'], 'with the token', SELF_AND_ADMINS),
      revoked_at: plain,
    },
  },
  invite: {
    description: 'An invitation link sent to an email address.',
    retention: 'deleted 30 days after it expires, is accepted or is revoked',
    columns: {
      workspace_id: plain,
      id: plain,
      email: agent('contact_details', ['operate_service', 'communication'], '30 days after the invite closes', 'owners and admins of the workspace'),
      role: plain,
      token_hash: plain,
      invited_by_user_id: plain,
      accepted_user_id: plain,
      created_at: plain,
      expires_at: plain,
      accepted_at: plain,
      revoked_at: plain,
    },
  },
  password_reset: {
    description: 'A password-reset link.',
    retention: 'deleted a day after it expires or is used',
    columns: {
      id: plain,
      user_id: plain,
      token_hash: plain,
      ip: agent('online_identifier', ['security'], 'a day after the link closes', 'nobody through the product'),
      created_at: plain,
      expires_at: plain,
      used_at: plain,
    },
  },
  audit_event: {
    description: 'The audit and security log (P04, P45): who did what, when and from where.',
    retention: '400 days, then deleted by the hourly cleanup',
    columns: {
      workspace_id: plain,
      id: plain,
      at: plain,
      action: plain,
      outcome: plain,
      actor_user_id: plain,
      actor_token_id: plain,
      subject_type: plain,
      subject_id: plain,
      ip: agent('online_identifier', ['security'], '400 days (truncated to /24 or /48 when the workspace chooses)', 'owners and admins of the workspace'),
      user_agent: agent('online_identifier', ['security'], '400 days', 'owners and admins of the workspace'),
      details: agent('security_log', ['security'], '400 days; holds ids and reason codes, never secrets', 'owners and admins of the workspace'),
    },
  },
  domain_event: {
    description: 'Facts about changes, written with each change, for processors to consume.',
    retention: '90 days',
    columns: {
      workspace_id: plain,
      id: plain,
      type: plain,
      subject_type: plain,
      subject_id: plain,
      actor_user_id: plain,
      payload: agent('security_log', ['operate_service'], '90 days; holds ids and field names, not values', 'nobody through the product yet'),
      created_at: plain,
    },
  },
  job: {
    description: 'Durable background jobs; payloads hold ids, not personal data.',
    retention: 'done jobs 7 days, dead-lettered jobs 30 days',
    columns: {
      id: plain,
      name: plain,
      version: plain,
      workspace_id: plain,
      payload: plain,
      status: plain,
      attempts: plain,
      max_attempts: plain,
      run_at: plain,
      locked_by: plain,
      locked_until: plain,
      last_error: plain,
      created_at: plain,
      updated_at: plain,
      finished_at: plain,
    },
  },
  mail_message: {
    description: 'Mail Candor sends (invites, resets, security notices); the outbox when no SMTP server is set.',
    retention: 'outbox messages 14 days; sent messages keep only metadata for 30 days (bodies are cleared on send)',
    columns: {
      workspace_id: plain,
      id: plain,
      recipient_user_id: plain,
      to_address: agent('contact_details', ['communication'], '14 or 30 days', 'owners and admins (see the outbox rule)'),
      template: plain,
      subject: agent('communication', ['communication'], '14 or 30 days', 'owners and admins (see the outbox rule)'),
      text_body: agent('communication', ['communication'], 'until sent, at most 14 days', 'owners and admins (see the outbox rule)'),
      html_body: agent('communication', ['communication'], 'until sent, at most 14 days', 'owners and admins (see the outbox rule)'),
      status: plain,
      transport: plain,
      error: plain,
      created_at: plain,
      sent_at: plain,
      expires_at: plain,
    },
  },
  team: {
    description: 'A group of members; a manager sees the clients of the CSMs in their teams.',
    retention: 'until an admin deletes it',
    columns: { workspace_id: plain, id: plain, name: plain, created_at: plain, updated_at: plain },
  },
  team_member: {
    description: 'Who is in which team.',
    retention: 'until the member leaves the team or the workspace',
    columns: { workspace_id: plain, team_id: plain, membership_id: plain },
  },
  client: {
    description: 'A customer’s client (a company): status, owners, hierarchy, custom fields.',
    retention: CUSTOMER_RETENTION,
    columns: {
      workspace_id: plain,
      id: plain,
      name: plain,
      status: plain,
      client_since: plain,
      terminated_on: plain,
      termination_reason: customer('communication'),
      csm_membership_id: plain,
      sponsor_membership_id: plain,
      sales_rep_id: plain,
      parent_client_id: plain,
      tier: plain,
      external_id: plain,
      custom_fields: customer('contact_details'),
      search_text: plain,
      last_touch_at: plain,
      import_id: plain,
      created_at: plain,
      updated_at: plain,
    },
  },
  client_domain: {
    description: 'Web domains of a client, for matching people and imports to it.',
    retention: CUSTOMER_RETENTION,
    columns: { workspace_id: plain, domain: plain, client_id: plain },
  },
  client_tag: {
    description: 'Free tags on clients.',
    retention: CUSTOMER_RETENTION,
    columns: { workspace_id: plain, client_id: plain, tag: plain },
  },
  contact: {
    description: 'A person at a client (Customer Data, P05).',
    retention: CUSTOMER_RETENTION,
    columns: {
      workspace_id: plain,
      id: plain,
      first_name: customer('identity'),
      last_name: customer('identity'),
      title: customer('identity'),
      do_not_contact: customer('account_settings'),
      marketing_opt_out: customer('account_settings'),
      source: plain,
      external_id: plain,
      custom_fields: customer('contact_details'),
      search_text: customer('identity'),
      created_by_membership_id: plain,
      import_id: plain,
      created_at: plain,
      updated_at: plain,
    },
  },
  contact_email: {
    description: 'Email addresses of contacts; unique in a workspace, so imports can match on them.',
    retention: CUSTOMER_RETENTION,
    columns: { workspace_id: plain, email: customer('contact_details'), contact_id: plain, is_primary: plain },
  },
  contact_phone: {
    description: 'Phone numbers of contacts, normalised to E.164.',
    retention: CUSTOMER_RETENTION,
    columns: { workspace_id: plain, contact_id: plain, phone: customer('contact_details'), label: plain, position: plain },
  },
  client_contact: {
    description: 'Which contacts belong to which clients, and their roles there.',
    retention: CUSTOMER_RETENTION,
    columns: { workspace_id: plain, client_id: plain, contact_id: plain, roles: customer('identity'), created_at: plain },
  },
  contact_access: {
    description: 'Which members and teams may read each contact (the CSMs and sponsors of its clients, or its creator while unlinked, and their teams), with copies of its name and search text for listing and searching; kept by database triggers.',
    retention: 'rewritten with the contact, its links and its clients; removed with the contact',
    columns: {
      workspace_id: plain,
      contact_id: plain,
      reader_id: plain,
      last_name: customer('identity'),
      first_name: customer('identity'),
      search_text: customer('identity'),
    },
  },
  engagement: {
    description: 'The engagement timeline: notes, calls, meetings and logged emails with a client.',
    retention: CUSTOMER_RETENTION,
    columns: {
      workspace_id: plain,
      id: plain,
      client_id: plain,
      type: plain,
      title: customer('communication'),
      body_html: customer('communication'),
      body_text: customer('communication'),
      occurred_at: plain,
      pinned: plain,
      author_membership_id: plain,
      created_at: plain,
      updated_at: plain,
    },
  },
  engagement_participant: {
    description: 'Contacts and members who took part in a timeline entry.',
    retention: CUSTOMER_RETENTION,
    columns: { workspace_id: plain, engagement_id: plain, participant_id: plain, participant_type: plain },
  },
  task: {
    description: 'Work to do for a client or in general, assigned to a member.',
    retention: CUSTOMER_RETENTION,
    columns: {
      workspace_id: plain,
      id: plain,
      title: customer('communication'),
      description: customer('communication'),
      client_id: plain,
      assignee_membership_id: plain,
      due_on: plain,
      priority: plain,
      status: plain,
      completed_at: plain,
      created_by_membership_id: plain,
      created_at: plain,
      updated_at: plain,
    },
  },
  custom_field: {
    description: 'Admin-defined fields on clients and contacts.',
    retention: 'until an admin deletes the field',
    columns: {
      workspace_id: plain,
      id: plain,
      entity: plain,
      key: plain,
      label: plain,
      type: plain,
      options: plain,
      currency: plain,
      required: plain,
      position: plain,
      archived_at: plain,
      created_at: plain,
      updated_at: plain,
    },
  },
  segment: {
    description: 'Saved views of the client grid: filter, columns, sort.',
    retention: 'until its owner or an admin deletes it',
    columns: { workspace_id: plain, id: plain, name: plain, scope: plain, owner_membership_id: plain, definition: plain, created_at: plain, updated_at: plain },
  },
  import_job: {
    description: 'A CSV import: its mapping, progress and row-level errors (messages, never cell values).',
    retention: 'one year, with its counts; the file and the undo log go sooner',
    columns: {
      workspace_id: plain,
      id: plain,
      entity: plain,
      file_name: plain,
      status: plain,
      headers: plain,
      mapping: plain,
      match_on: plain,
      total_rows: plain,
      processed_rows: plain,
      created_rows: plain,
      updated_rows: plain,
      error_rows: plain,
      errors: plain,
      created_by_membership_id: plain,
      created_at: plain,
      updated_at: plain,
      finished_at: plain,
      undone_at: plain,
    },
  },
  import_chunk: {
    description: 'The uploaded CSV, in pieces, until the import is run.',
    retention: '7 days after upload, or when the import finishes',
    columns: { workspace_id: plain, import_id: plain, seq: plain, data: customer('contact_details', 'the member who uploaded it, through the import', '7 days after upload, or when the import finishes') },
  },
  import_change: {
    description: 'What an import created or changed, with the previous values, so the whole import can be undone.',
    retention: '30 days after the import finished',
    columns: {
      workspace_id: plain,
      import_id: plain,
      entity: plain,
      entity_id: plain,
      action: plain,
      before: customer('contact_details', 'nobody through the product (used to undo)', '30 days after the import finished'),
    },
  },
  sensitive_block: {
    description: 'Counts of sensitive values the guard refused or redacted (P07): numbers only, never the values.',
    retention: 'until the workspace is deleted',
    columns: { workspace_id: plain, category: plain, action: plain, source: plain, count: plain, last_at: plain },
  },
  search_doc: {
    description: 'SQLite only: which client or contact each full-text entry belongs to (ids only).',
    retention: 'removed with the record it points to',
    columns: { id: plain, workspace_id: plain, entity: plain, entity_id: plain },
  },
  search_client_fts: {
    description: 'SQLite only: the trigram index of client names and domains (contentless: the index, not the text).',
    retention: 'rewritten with the record it indexes; removed with it',
    columns: { text: customer('identity') },
  },
  search_contact_fts: {
    description: 'SQLite only: the trigram index of contact names and emails (contentless: the index, not the text).',
    retention: 'rewritten with the record it indexes; removed with it',
    columns: { text: customer('identity') },
  },
  kysely_migration: {
    description: 'Which migrations have run (Kysely bookkeeping).',
    retention: 'for the life of the database',
    columns: { name: plain, timestamp: plain },
  },
  kysely_migration_lock: {
    description: 'The migration lock row (Kysely bookkeeping).',
    retention: 'for the life of the database',
    columns: { id: plain, is_locked: plain },
  },
};

/** Every personal column, flattened: what export, erasure and the policy generator iterate. */
export function personalColumns(): { table: string; column: string; entry: PersonalColumn }[] {
  return Object.entries(DATA_MAP).flatMap(([table, t]) =>
    Object.entries(t.columns)
      .filter((c): c is [string, PersonalColumn] => c[1].personal)
      .map(([column, entry]) => ({ table, column, entry })),
  );
}
