import { z } from 'zod';
import { IsoTime, RecordId } from './common.js';

export const ClientStatus = z.enum(['active', 'trial', 'inactive', 'terminated']);
export type ClientStatus = z.infer<typeof ClientStatus>;
export const ClientStatusLabels: Record<ClientStatus, string> = { active: 'Active', trial: 'Trial', inactive: 'Inactive', terminated: 'Terminated' };

/** `YYYY-MM-DD`, a real calendar day. */
export const CalendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'is not a real calendar date');

/** A web domain such as `acme.com`; a URL or `www.` prefix is reduced to the domain. */
export const Domain = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .transform((d) => d.toLowerCase().replace(/^[a-z]+:\/\//, '').replace(/\/.*$/, '').replace(/^www\./, ''))
  .pipe(z.string().regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a domain such as acme.com'));

export const Tag = z.string().trim().min(1, 'must not be empty').max(40, 'must be at most 40 characters');

/** Custom-field values by field key; each is checked against the field's type in the service. */
export const CustomFieldValues = z.record(z.string().max(64), z.union([z.string().max(2000), z.number(), z.boolean(), z.array(z.string().max(200)).max(50), z.null()]));

const Ref = z.object({ id: z.string(), name: z.string() });

export const ClientView = z.object({
  id: z.string(),
  name: z.string(),
  status: ClientStatus,
  clientSince: z.string().nullable(),
  terminatedOn: z.string().nullable(),
  terminationReason: z.string().nullable(),
  domains: z.array(z.string()),
  tags: z.array(z.string()),
  tier: z.string().nullable(),
  csm: Ref.nullable().describe('The assigned CSM (a member)'),
  sponsor: Ref.nullable().describe('The executive sponsor on your side (a member)'),
  salesRep: Ref.nullable(),
  parent: Ref.nullable(),
  children: z.array(Ref),
  externalId: z.string().nullable(),
  customFields: CustomFieldValues,
  lastTouchAt: IsoTime.nullable(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
  canEdit: z.boolean().describe('Whether the caller may change this client'),
});
export type ClientView = z.infer<typeof ClientView>;

const clientFields = {
  name: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  status: ClientStatus,
  clientSince: CalendarDate.nullable(),
  terminatedOn: CalendarDate.nullable(),
  terminationReason: z.string().trim().max(500).nullable(),
  domains: z.array(Domain).max(20),
  tags: z.array(Tag).max(30),
  tier: z.string().trim().max(40).nullable(),
  csmMembershipId: RecordId.nullable(),
  sponsorMembershipId: RecordId.nullable(),
  salesRepId: RecordId.nullable(),
  parentClientId: RecordId.nullable(),
  externalId: z.string().trim().min(1).max(200).nullable(),
  customFields: CustomFieldValues,
};

/** Terminated clients need the day and the reason: churn reports are built from them. */
function terminationNeedsDetails(v: { status?: ClientStatus | undefined; terminatedOn?: string | null | undefined; terminationReason?: string | null | undefined }, ctx: z.RefinementCtx) {
  if (v.status === 'terminated') {
    if (!v.terminatedOn) ctx.addIssue({ code: 'custom', path: ['terminatedOn'], message: 'is required when the status is Terminated' });
    if (!v.terminationReason) ctx.addIssue({ code: 'custom', path: ['terminationReason'], message: 'is required when the status is Terminated' });
  }
}

export const CreateClientBody = z
  .object({
    name: clientFields.name,
    status: clientFields.status.default('active'),
    clientSince: clientFields.clientSince.optional(),
    terminatedOn: clientFields.terminatedOn.optional(),
    terminationReason: clientFields.terminationReason.optional(),
    domains: clientFields.domains.default([]),
    tags: clientFields.tags.default([]),
    tier: clientFields.tier.optional(),
    csmMembershipId: clientFields.csmMembershipId.optional().describe('Defaults to the creator when a CSM creates the client'),
    sponsorMembershipId: clientFields.sponsorMembershipId.optional(),
    salesRepId: clientFields.salesRepId.optional(),
    parentClientId: clientFields.parentClientId.optional(),
    externalId: clientFields.externalId.optional(),
    customFields: clientFields.customFields.default({}),
  })
  .strict()
  .superRefine(terminationNeedsDetails)
  .meta({
    example: { name: 'Northwind Traders', status: 'active', clientSince: '2024-03-01', domains: ['northwind.example'], tags: ['enterprise'], tier: 'Gold', externalId: 'acct-1042' },
  });
export type CreateClientBody = z.input<typeof CreateClientBody>;

/** A partial update; when the status becomes Terminated the same details are required (unless already stored). */
export const UpdateClientBody = z
  .object({
    name: clientFields.name.optional(),
    status: clientFields.status.optional(),
    clientSince: clientFields.clientSince.optional(),
    terminatedOn: clientFields.terminatedOn.optional(),
    terminationReason: clientFields.terminationReason.optional(),
    domains: clientFields.domains.optional(),
    tags: clientFields.tags.optional(),
    tier: clientFields.tier.optional(),
    csmMembershipId: clientFields.csmMembershipId.optional(),
    sponsorMembershipId: clientFields.sponsorMembershipId.optional(),
    salesRepId: clientFields.salesRepId.optional(),
    parentClientId: clientFields.parentClientId.optional(),
    externalId: clientFields.externalId.optional(),
    customFields: clientFields.customFields.optional().describe('Merged into the stored values; null clears a field'),
  })
  .strict();
export type UpdateClientBody = z.input<typeof UpdateClientBody>;

export const ClientListQuery = z.object({
  q: z.string().trim().max(200).optional().describe('Matches name, domains'),
  status: ClientStatus.optional(),
  csmMembershipId: RecordId.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
}).strict();
export const ClientSummary = z.object({ id: z.string(), name: z.string(), status: ClientStatus, csm: Ref.nullable(), domains: z.array(z.string()) });
export const ClientList = z.object({ items: z.array(ClientSummary), total: z.number().int() });

export const BulkUpdateClientsBody = z
  .object({
    ids: z.array(RecordId).min(1, 'name at least one client').max(1000, 'at most 1000 clients at once'),
    set: z
      .object({
        status: z.enum(['active', 'trial', 'inactive']).optional().describe('Terminating needs a date and reason per client, so it is not a bulk action'),
        tier: z.string().trim().max(40).nullable().optional(),
        csmMembershipId: RecordId.nullable().optional(),
        salesRepId: RecordId.nullable().optional(),
        addTags: z.array(Tag).max(10).optional(),
        removeTags: z.array(Tag).max(10).optional(),
      })
      .strict()
      .refine((s) => Object.keys(s).length > 0, 'say what to change'),
  })
  .strict();
export const BulkUpdateResult = z.object({ updated: z.number().int(), skipped: z.array(z.string()).describe('Ids not found or not yours to change') });
