import { z } from 'zod';
import { CustomFieldValues } from './clients.js';
import { Email, IsoTime, RecordId } from './common.js';

export const ContactRole = z.enum(['primary', 'champion', 'decision_maker', 'executive_sponsor', 'billing', 'technical']);
export type ContactRole = z.infer<typeof ContactRole>;
export const ContactRoleLabels: Record<ContactRole, string> = {
  primary: 'Primary contact',
  champion: 'Champion',
  decision_maker: 'Decision maker',
  executive_sponsor: 'Executive sponsor',
  billing: 'Billing',
  technical: 'Technical',
};
export const ContactSource = z.enum(['manual', 'import', 'api', 'tracker']);

export const PhoneInput = z
  .object({
    number: z.string().trim().min(3).max(40),
    label: z.string().trim().max(30).nullable().optional(),
    country: z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter country code such as US').optional().describe('For numbers written without +country code'),
  })
  .strict();

export const ContactClientLink = z.object({ clientId: RecordId, roles: z.array(ContactRole).max(6).default([]) }).strict();

export const ContactView = z.object({
  id: z.string(),
  firstName: z.string(),
  lastName: z.string().nullable(),
  name: z.string(),
  title: z.string().nullable(),
  emails: z.array(z.object({ email: z.string(), primary: z.boolean() })),
  phones: z.array(z.object({ phone: z.string().describe('E.164'), label: z.string().nullable() })),
  clients: z.array(z.object({ id: z.string(), name: z.string(), roles: z.array(ContactRole) })),
  doNotContact: z.boolean(),
  marketingOptOut: z.boolean(),
  source: ContactSource,
  externalId: z.string().nullable(),
  customFields: CustomFieldValues,
  createdAt: IsoTime,
  updatedAt: IsoTime,
  canEdit: z.boolean(),
});
export type ContactView = z.infer<typeof ContactView>;

export const ContactSummary = z.object({
  id: z.string(),
  name: z.string(),
  title: z.string().nullable(),
  email: z.string().nullable().describe('The primary email'),
  clients: z.array(z.object({ id: z.string(), name: z.string(), roles: z.array(ContactRole) })),
  doNotContact: z.boolean(),
});
export type ContactSummary = z.infer<typeof ContactSummary>;
export const ContactList = z.object({
  items: z.array(ContactSummary),
  total: z.number().int().nullable().describe('Every matching contact; null when the request asked not to count'),
  hasMore: z.boolean().describe('Contacts follow this page'),
});
export const ContactCountQuery = z.object({
  q: z.string().trim().max(200).optional().describe('Matches name and email'),
  clientId: RecordId.optional(),
}).strict();
export const ContactListQuery = ContactCountQuery.extend({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  total: z
    .enum(['true', 'false'], { message: 'must be true or false' })
    .default('true')
    .transform((v) => v === 'true')
    .describe('Count every matching contact. false answers with the page and `hasMore`; GET /api/v1/contacts/count counts on its own'),
});
export const ContactCount = z.object({ total: z.number().int() });

const names = {
  firstName: z.string().trim().min(1, 'must not be empty').max(100),
  lastName: z.string().trim().max(100).nullable(),
  title: z.string().trim().max(150).nullable(),
};

export const CreateContactBody = z
  .object({
    firstName: names.firstName,
    lastName: names.lastName.optional(),
    title: names.title.optional(),
    emails: z.array(Email).max(10).default([]).describe('The first is the primary email'),
    phones: z.array(PhoneInput).max(10).default([]),
    clients: z.array(ContactClientLink).max(50).default([]),
    doNotContact: z.boolean().default(false),
    marketingOptOut: z.boolean().default(false),
    externalId: z.string().trim().min(1).max(200).nullable().optional(),
    customFields: CustomFieldValues.default({}),
  })
  .strict();
export type CreateContactBody = z.input<typeof CreateContactBody>;

export const UpdateContactBody = z
  .object({
    firstName: names.firstName.optional(),
    lastName: names.lastName.optional(),
    title: names.title.optional(),
    emails: z.array(Email).max(10).optional(),
    phones: z.array(PhoneInput).max(10).optional(),
    clients: z.array(ContactClientLink).max(50).optional().describe('The full list of links; links to clients you cannot see are kept'),
    doNotContact: z.boolean().optional(),
    marketingOptOut: z.boolean().optional(),
    externalId: z.string().trim().min(1).max(200).nullable().optional(),
    customFields: CustomFieldValues.optional(),
  })
  .strict();

export const LinkContactBody = z.object({ roles: z.array(ContactRole).max(6).default([]) }).strict();
