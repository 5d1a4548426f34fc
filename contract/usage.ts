import { z } from 'zod';
import { IsoTime } from './common.js';

export const SourceView = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['browser', 'server']),
  hint: z.string().describe('Last four characters of the write key'),
  publicWriteKey: z.string().nullable().describe('A browser source’s key, which is public in the page; null for a server source'),
  allowedOrigins: z.array(z.string()),
  createdAt: IsoTime,
  revokedAt: IsoTime.nullable(),
});
export type SourceView = z.infer<typeof SourceView>;
export const SourceList = z.object({ items: z.array(SourceView) });

const Origins = z.array(z.string().trim().min(1).max(300)).max(50);
export const CreateSourceBody = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(100),
  kind: z.enum(['browser', 'server']),
  allowedOrigins: Origins.default([]),
}).strict();
export const UpdateSourceBody = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(100).optional(),
  allowedOrigins: Origins.optional(),
}).strict();
export const CreatedSource = z.object({ source: SourceView, writeKey: z.string().describe('Shown once for a server source') });

export const UsageSettingsView = z.object({
  keyEvents: z.array(z.string()),
  consentMode: z.enum(['opt-in', 'opt-out']),
  honourSignals: z.boolean(),
  maskedParams: z.array(z.string()),
  alwaysMaskedParams: z.array(z.string()).describe('Masked whatever the workspace sets'),
});
export const UpdateUsageSettingsBody = z.object({
  keyEvents: z.array(z.string().trim().min(1).max(200)).max(100).optional(),
  consentMode: z.enum(['opt-in', 'opt-out']).optional(),
  honourSignals: z.boolean().optional(),
  maskedParams: z.array(z.string().trim().min(1).max(100).regex(/^[^\s=&#?]+$/, 'must be a parameter name, without = & # ? or spaces')).max(100).optional(),
}).strict();

export const DebugEntryView = z.object({
  at: IsoTime,
  sourceId: z.string(),
  outcome: z.enum(['stored', 'duplicate', 'rejected']),
  type: z.string().nullable(),
  name: z.string().nullable(),
  messageId: z.string().nullable(),
  reason: z.string().nullable(),
  preview: z.string().nullable(),
});
export const DebugList = z.object({ items: z.array(DebugEntryView) });
export const DebugQuery = z.object({ since: IsoTime.optional() }).strict();

export const ConsentRecordsQuery = z.object({
  person: z.string().trim().min(1).max(200).optional().describe('A user id or anonymous id: that visitor’s records only'),
}).strict();
export const ConsentRecordView = z.object({
  at: IsoTime,
  sourceId: z.string(),
  visitor: z.string().nullable().describe('The user id, else the anonymous id; null when the choice allowed no id'),
  functional: z.boolean(),
  marketing: z.boolean(),
  method: z.string().describe('click (a banner), api (the site called consent()), or signal (GPC/DNT outranked the call)'),
  version: z.string().describe('The banner or policy version the site declared'),
});
export const ConsentRecordList = z.object({
  summary: z.object({
    since: IsoTime,
    granted: z.number().int().describe('Choices that allowed product analytics'),
    refused: z.number().int().describe('Choices that refused it, by click or call'),
    signals: z.number().int().describe('Choices a privacy signal (GPC/DNT) decided'),
  }),
  items: z.array(ConsentRecordView),
});
export type ConsentRecordList = z.infer<typeof ConsentRecordList>;

export const UnmatchedGroupView = z.object({
  groupId: z.string().describe('The account id the source sent (Segment’s groupId)'),
  name: z.string().nullable().describe('The name trait of its latest group call that had one'),
  people: z.number().int().describe('Product people whose client comes from this account'),
  firstSeenAt: IsoTime,
  lastSeenAt: IsoTime,
  ignoredAt: IsoTime.nullable().describe('When an admin set it aside as never to be a client; null while it waits to be linked'),
  match: z
    .object({ clientId: z.string(), clientName: z.string(), by: z.enum(['externalId', 'domain']) })
    .nullable()
    .describe('A client that matches the account now (its external id or domain was set after the account arrived): linking it attributes the past activity'),
});
export const UnmatchedGroupsQuery = z.object({
  ignored: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .describe('true: the accounts set aside instead of those waiting to be linked'),
}).strict();
export const UnmatchedGroupList = z.object({
  total: z.number().int().describe('Accounts waiting to be linked'),
  ignored: z.number().int().describe('Accounts set aside'),
  items: z.array(UnmatchedGroupView).describe('The 200 most recently seen of the kind asked for'),
});
export const IgnoreGroupBody = z.object({
  groupId: z.string().trim().min(1).max(200),
  ignored: z.boolean().describe('true sets the account aside; false puts it back in the list to link'),
}).strict();
export type UnmatchedGroupList = z.infer<typeof UnmatchedGroupList>;
export const LinkGroupBody = z.object({
  groupId: z.string().trim().min(1).max(200).describe('An account id from the unmatched list'),
  clientId: z.string().trim().min(1).max(100),
}).strict();
export const LinkedGroup = z.object({
  groupId: z.string(),
  client: z.object({ id: z.string(), name: z.string() }),
  externalIdSet: z.boolean().describe('True when the client took the account id as its external id, so later events match it'),
  people: z.number().int().describe('People whose past activity is being attributed to the client (a background job)'),
});
export type LinkedGroup = z.infer<typeof LinkedGroup>;

export const UsageQuery = z.object({ days: z.coerce.number().int().refine((d) => [7, 30, 90].includes(d), 'must be 7, 30 or 90').default(30) }).strict();

export const UsageDay = z.object({ day: z.string(), activePeople: z.number().int(), events: z.number().int(), keyEvents: z.number().int() });
export const UsageSummary = z.object({
  days: z.number().int(),
  dau: z.number().describe('Active people on an average day of the period'),
  wau: z.number().int().describe('Distinct active people in the last 7 days'),
  mau: z.number().int().describe('Distinct active people in the last 30 days'),
  activePeople: z.number().int().describe('Distinct active people in the period'),
  priorActivePeople: z.number().int().describe('The same for the period before'),
  events: z.number().int(),
  priorEvents: z.number().int(),
  keyEvents: z.array(z.object({ name: z.string(), count: z.number().int(), priorCount: z.number().int() })),
  adoption: z.object({ used: z.number().int(), total: z.number().int() }).describe('Key events used at least once in the period, of all key events'),
  topEvents: z.array(z.object({ name: z.string(), count: z.number().int() })),
  series: z.array(UsageDay),
  lastSeenAt: IsoTime.nullable(),
  people: z.array(z.object({ personKey: z.string(), userId: z.string().nullable(), contactId: z.string().nullable(), name: z.string().nullable(), lastSeenAt: IsoTime, events: z.number().int() })),
});
export type UsageSummary = z.infer<typeof UsageSummary>;

export const ContactUsage = z.object({
  users: z.array(
    z.object({
      userId: z.string().nullable(),
      traits: z.record(z.string(), z.unknown()).describe('The latest identify traits, after the sensitive-data guard'),
      firstSeenAt: IsoTime,
      lastSeenAt: IsoTime,
      events30d: z.number().int(),
    }),
  ),
});
export type ContactUsage = z.infer<typeof ContactUsage>;
