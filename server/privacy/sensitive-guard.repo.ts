import type { Ctx } from '../context.js';
import { scoped } from '../db/scoped.js';

export async function findSensitivePolicy(ctx: Pick<Ctx, 'db' | 'workspaceId'>): Promise<'reject' | 'redact'> {
  const row = await ctx.db.selectFrom('workspace').select('sensitive_data_policy').where('id', '=', ctx.workspaceId).executeTakeFirst();
  return row?.sensitive_data_policy ?? 'reject';
}

/** Adds to the per-category counters shown in settings (one row per category, action and source). */
export async function recordSensitiveCounts(ctx: Ctx, source: string, action: 'rejected' | 'redacted', byCategory: ReadonlyMap<string, number>): Promise<void> {
  const now = ctx.rt.clock.now();
  for (const [category, n] of byCategory) {
    await scoped(ctx)
      .insertInto('sensitive_block', { category, action, source, count: n, last_at: now })
      .onConflict((oc) =>
        oc.columns(['workspace_id', 'category', 'action', 'source']).doUpdateSet((eb) => ({ count: eb('sensitive_block.count', '+', n), last_at: now })),
      )
      .execute();
  }
}

export function listSensitiveCounts(ctx: Pick<Ctx, 'db' | 'workspaceId'>) {
  return scoped(ctx).selectFrom('sensitive_block').select(['category', 'action', 'source', 'count', 'last_at']).orderBy('category').orderBy('source').execute();
}
