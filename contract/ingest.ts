import { z } from 'zod';

/** The ingestion API's answer (Segment's SDKs read only the status; the body is for people and the debugger). */
export const IngestResponse = z.object({
  success: z.literal(true),
  accepted: z.number().int().describe('Events stored now or already stored under the same messageId'),
  duplicates: z.number().int().describe('Of the accepted, how many were already stored (a resend)'),
  rejected: z.array(
    z.object({
      index: z.number().int().describe('Position in the batch; 0 for a single call'),
      messageId: z.string().nullable(),
      reason: z.string(),
    }),
  ),
});
export type IngestResponse = z.infer<typeof IngestResponse>;
