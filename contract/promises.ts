import { z } from 'zod';

export const PromiseStatus = z.enum(['enforced', 'partial', 'planned']);
export type PromiseStatus = z.infer<typeof PromiseStatus>;

export const PromiseView = z.object({
  id: z.string().regex(/^P\d{2}$/),
  title: z.string(),
  section: z.string(),
  status: PromiseStatus,
  enforcedBy: z.array(z.string()).describe('Where in the code the promise is kept'),
  note: z.string().nullable(),
  tests: z.array(z.object({ file: z.string(), name: z.string() })).describe('Tests that name the promise'),
});
export type PromiseView = z.infer<typeof PromiseView>;
export const PromiseList = z.object({
  items: z.array(PromiseView),
  summary: z.object({ enforced: z.number(), partial: z.number(), planned: z.number(), enforcedWithoutTest: z.array(z.string()) }),
});

export const StoredItem = z.object({
  name: z.string(),
  kind: z.enum(['cookie', 'localStorage']),
  category: z.enum(['essential', 'functional', 'marketing']),
  purpose: z.string(),
  lifetime: z.string(),
  party: z.enum(['first', 'third']).describe('first: set by the site the person is on (Candor itself, or your site for the tag)'),
  when: z.string().describe('When it is set'),
});
export type StoredItem = z.infer<typeof StoredItem>;
export const CookieDeclaration = z.object({
  app: z.array(StoredItem).describe('What Candor’s own app stores in its users’ browsers'),
  tag: z.array(StoredItem).describe('What the Candor tracking tag and consent banner store on your site, in your visitors’ browsers'),
});
export type CookieDeclaration = z.infer<typeof CookieDeclaration>;
