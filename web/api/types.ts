import type { z } from 'zod';
import type { MfaSetup, MfaStatus, RecoveryCodes } from '../../contract/account.js';
import type { AuditPage, OutboxList } from '../../contract/audit.js';
import type { SessionList, SetupStatus } from '../../contract/auth.js';
import type { BulkUpdateResult, ClientList, ClientSummary } from '../../contract/clients.js';
import type { ContactList } from '../../contract/contacts.js';
import type { CustomFieldList } from '../../contract/custom-fields.js';
import type { GridColumns, GridPage, SegmentList } from '../../contract/grid.js';
import type { ImportList, ImportRowError } from '../../contract/imports.js';
import type { InviteList, InvitePreview, MemberList, SalesRepList } from '../../contract/members.js';
import type { PromiseList } from '../../contract/promises.js';
import type { SearchResults } from '../../contract/search.js';
import type { TaskList, TaskPriority, TaskStatus } from '../../contract/tasks.js';
import type { SensitiveCounts, TeamList } from '../../contract/teams.js';
import type { TimelinePage } from '../../contract/timeline.js';
import type { CreatedToken, TokenList } from '../../contract/tokens.js';
import type { ConsentRecordList, CreatedSource, DebugList, LinkedGroup, SourceList, UnmatchedGroupList, UpdateUsageSettingsBody, UsageSettingsView } from '../../contract/usage.js';

export type { Me } from '../../contract/account.js';
export type { AuditEventView, OutboxItem, OutboxMessage } from '../../contract/audit.js';
export type { SessionView, SignInResult } from '../../contract/auth.js';
export type { ClientStatus, ClientView, CreateClientBody, UpdateClientBody } from '../../contract/clients.js';
export type { Role } from '../../contract/common.js';
export type { ContactRole, ContactSummary, ContactView, CreateContactBody } from '../../contract/contacts.js';
export type { CustomFieldType, CustomFieldView, CreateCustomFieldBody } from '../../contract/custom-fields.js';
export type { ColumnType, Condition, FilterGroup, GridColumn, GridQueryBody, GridView, Operator, SegmentView } from '../../contract/grid.js';
export type { ImportEntity, ImportStatus, ImportTarget, ImportView, MappingBody } from '../../contract/imports.js';
export type { InviteView, MemberView, SalesRepBody, SalesRepView } from '../../contract/members.js';
export type { CookieDeclaration, PromiseStatus, PromiseView, StoredItem } from '../../contract/promises.js';
export type { CreateTaskBody, TaskView } from '../../contract/tasks.js';
export type { TeamView } from '../../contract/teams.js';
export type { CreateEngagementBody, EngagementType, EngagementView } from '../../contract/timeline.js';
export type { TokenView } from '../../contract/tokens.js';
export type { ContactUsage, SourceView, UsageSummary } from '../../contract/usage.js';
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
export type ClientList = z.infer<typeof ClientList>;
export type ClientSummary = z.infer<typeof ClientSummary>;
export type BulkUpdateResult = z.infer<typeof BulkUpdateResult>;
export type ContactList = z.infer<typeof ContactList>;
export type CustomFieldList = z.infer<typeof CustomFieldList>;
export type GridColumns = z.infer<typeof GridColumns>;
export type GridPage = z.infer<typeof GridPage>;
export type SegmentList = z.infer<typeof SegmentList>;
export type ImportList = z.infer<typeof ImportList>;
export type ImportListItem = ImportList['items'][number];
export type ImportRowError = z.infer<typeof ImportRowError>;
export type SearchResults = z.infer<typeof SearchResults>;
export type TaskList = z.infer<typeof TaskList>;
export type TaskStatus = z.infer<typeof TaskStatus>;
export type TaskPriority = z.infer<typeof TaskPriority>;
export type TeamList = z.infer<typeof TeamList>;
export type SensitiveCounts = z.infer<typeof SensitiveCounts>;
export type TimelinePage = z.infer<typeof TimelinePage>;
export type SourceList = z.infer<typeof SourceList>;
export type CreatedSource = z.infer<typeof CreatedSource>;
export type UsageSettingsView = z.infer<typeof UsageSettingsView>;
export type UpdateUsageSettingsBody = z.infer<typeof UpdateUsageSettingsBody>;
export type DebugList = z.infer<typeof DebugList>;
export type DebugEntry = DebugList['items'][number];
export type { ConsentRecordList };
export type ConsentRecord = ConsentRecordList['items'][number];
export type { LinkedGroup, UnmatchedGroupList };
export type UnmatchedGroup = UnmatchedGroupList['items'][number];

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
  | 'promise:read'
  | 'client:read'
  | 'client:write'
  | 'client:delete'
  | 'client:export'
  | 'contact:read'
  | 'contact:write'
  | 'contact:delete'
  | 'engagement:write'
  | 'task:read'
  | 'task:write'
  | 'segment:manage_global'
  | 'customfield:manage'
  | 'import:run'
  | 'team:manage'
  | 'sensitive:read';
