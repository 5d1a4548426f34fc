import { z } from 'zod';
import { IsoTime } from './common.js';

export const TokenView = z.object({
  id: z.string(),
  name: z.string(),
  hint: z.string().describe('Last four characters of the token'),
  owner: z.object({ membershipId: z.string(), name: z.string() }),
  createdAt: IsoTime,
  expiresAt: IsoTime.nullable(),
  lastUsedAt: IsoTime.nullable(),
  revokedAt: IsoTime.nullable(),
});
export type TokenView = z.infer<typeof TokenView>;
export const TokenList = z.object({ items: z.array(TokenView) });
export const CreateTokenBody = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(80),
    expiresInDays: z.number().int().min(1).max(3650).nullable().default(90),
  })
  .strict();
export type CreateTokenBody = z.input<typeof CreateTokenBody>;
export const CreatedToken = z.object({
  token: z.string().describe('Shown once. Send it as `Authorization: Bearer <token>`'),
  item: TokenView,
});
export const TokenListQuery = z.object({ scope: z.enum(['mine', 'all']).default('mine') }).strict();
