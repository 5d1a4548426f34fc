import { z } from 'zod';
import { IsoTime } from './common.js';

export const CustomFieldType = z.enum(['text', 'number', 'currency', 'date', 'single_select', 'multi_select', 'boolean', 'url']);
export type CustomFieldType = z.infer<typeof CustomFieldType>;
export const CustomFieldTypeLabels: Record<CustomFieldType, string> = {
  text: 'Text',
  number: 'Number',
  currency: 'Currency',
  date: 'Date',
  single_select: 'Single select',
  multi_select: 'Multi select',
  boolean: 'Yes / no',
  url: 'Link (URL)',
};
export const CustomFieldEntity = z.enum(['client', 'contact']);

export const CustomFieldView = z.object({
  id: z.string(),
  entity: CustomFieldEntity,
  key: z.string(),
  label: z.string(),
  type: CustomFieldType,
  options: z.array(z.string()),
  currency: z.string().nullable().describe('ISO 4217 code; currency values are integer minor units (cents)'),
  required: z.boolean(),
  position: z.number().int(),
  archived: z.boolean(),
  createdAt: IsoTime,
});
export type CustomFieldView = z.infer<typeof CustomFieldView>;
export const CustomFieldList = z.object({ items: z.array(CustomFieldView) });
export const CustomFieldListQuery = z.object({ entity: CustomFieldEntity.default('client'), archived: z.enum(['include', 'exclude']).default('exclude') }).strict();

const Options = z.array(z.string().trim().min(1).max(100)).max(100);

export const CreateCustomFieldBody = z
  .object({
    entity: CustomFieldEntity.default('client'),
    label: z.string().trim().min(1, 'must not be empty').max(80),
    key: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,39}$/, 'must start with a letter and use a–z, 0–9 and _ (at most 40)')
      .optional()
      .describe('Machine name used in filters, imports and the API; made from the label when absent. Cannot change later.'),
    type: CustomFieldType,
    options: Options.default([]),
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code such as USD').nullable().optional(),
    required: z.boolean().default(false),
  })
  .strict()
  .superRefine((v, ctx) => {
    if ((v.type === 'single_select' || v.type === 'multi_select') && v.options.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'a select field needs at least one option' });
    }
    if (v.type === 'currency' && !v.currency) ctx.addIssue({ code: 'custom', path: ['currency'], message: 'a currency field needs its currency' });
  });
export type CreateCustomFieldBody = z.input<typeof CreateCustomFieldBody>;

export const UpdateCustomFieldBody = z
  .object({
    label: z.string().trim().min(1).max(80).optional(),
    options: Options.optional().describe('The full list; an option still in use cannot be removed'),
    required: z.boolean().optional(),
    position: z.number().int().min(0).max(1000).optional(),
    archived: z.boolean().optional().describe('Archived fields are hidden everywhere; their values are kept'),
  })
  .strict();
