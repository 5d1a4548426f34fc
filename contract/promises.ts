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
