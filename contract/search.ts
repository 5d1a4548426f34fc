import { z } from 'zod';
import { ClientSummary } from './clients.js';
import { ContactSummary } from './contacts.js';

export const SearchQuery = z.object({ q: z.string().trim().min(1, 'type something to search for').max(200), limit: z.coerce.number().int().min(1).max(50).default(10) }).strict();
export const SearchResults = z.object({
  clients: z.array(ClientSummary),
  contacts: z.array(ContactSummary),
  totals: z.object({ clients: z.number().int(), contacts: z.number().int() }).describe('Matches per kind, counted up to 100'),
  more: z.object({ clients: z.boolean(), contacts: z.boolean() }).describe('True where there are more than 100 matches: refine the term, or use the grid or the contact list, which sort every match'),
});
