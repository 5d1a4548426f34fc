import type { z } from 'zod';
import type { SalesRepBody, SalesRepView, UpdateSalesRepBody } from '../../../contract/members.js';
import { inTransaction, memberOf, type Ctx } from '../../context.js';
import { notFound } from '../../errors.js';
import { toIso } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { hasChanges } from '../../lib/patch.js';
import { authorize } from '../access/access.policy.js';
import { recordAudit } from '../audit/audit.service.js';
import { recordEvent } from '../events/events.service.js';
import { releaseSalesRepFromClients } from '../clients/clients.service.js';
import { deleteSalesRep, findSalesRep, insertSalesRep, listSalesReps, updateSalesRep } from './sales-reps.repo.js';

type Row = NonNullable<Awaited<ReturnType<typeof findSalesRep>>>;

function present(row: Row): SalesRepView {
  return { id: row.id, name: row.name, email: row.email, phone: row.phone, title: row.title, createdAt: toIso(row.created_at) };
}

/**
 * Sales reps are people a client can be linked to who do not sign in to Candor (the account
 * executive who sold the deal). They hold a name and optional work contact details only.
 */
export async function listWorkspaceSalesReps(ctx: Ctx): Promise<SalesRepView[]> {
  authorize(ctx, 'salesrep:read');
  return (await listSalesReps(ctx)).map(present);
}

export async function getSalesRep(ctx: Ctx, id: string): Promise<SalesRepView> {
  authorize(ctx, 'salesrep:read');
  const row = await findSalesRep(ctx, id);
  if (!row) throw notFound('sales rep');
  return present(row);
}

export async function createSalesRep(ctx: Ctx, input: z.output<typeof SalesRepBody>): Promise<SalesRepView> {
  authorize(ctx, 'salesrep:write');
  const id = newId('salesRep');
  const now = ctx.rt.clock.now();
  await inTransaction(ctx, async (tx) => {
    await insertSalesRep(tx, { id, name: input.name, email: input.email ?? null, phone: input.phone ?? null, title: input.title ?? null, created_at: now, updated_at: now });
    await recordEvent({ ...tx, actorUserId: memberOf(ctx).userId }, { type: 'sales_rep.created', subjectType: 'sales_rep', subjectId: id });
    await recordAudit(tx, { action: 'sales_rep.created', subjectType: 'sales_rep', subjectId: id });
  });
  return getSalesRep(ctx, id);
}

export async function changeSalesRep(ctx: Ctx, id: string, input: z.output<typeof UpdateSalesRepBody>): Promise<SalesRepView> {
  authorize(ctx, 'salesrep:write');
  if (!(await findSalesRep(ctx, id))) throw notFound('sales rep');
  if (!hasChanges(input)) return getSalesRep(ctx, id);
  await inTransaction(ctx, async (tx) => {
    await updateSalesRep(tx, id, { ...input, updated_at: ctx.rt.clock.now() });
    const fields = Object.keys(input).sort().join(',');
    await recordEvent({ ...tx, actorUserId: memberOf(ctx).userId }, { type: 'sales_rep.updated', subjectType: 'sales_rep', subjectId: id, payload: { fields } });
    await recordAudit(tx, { action: 'sales_rep.updated', subjectType: 'sales_rep', subjectId: id, details: { fields } });
  });
  return getSalesRep(ctx, id);
}

export async function removeSalesRep(ctx: Ctx, id: string): Promise<void> {
  authorize(ctx, 'salesrep:write');
  if (!(await findSalesRep(ctx, id))) throw notFound('sales rep');
  await inTransaction(ctx, async (tx) => {
    await releaseSalesRepFromClients(tx, id);
    await deleteSalesRep(tx, id);
    await recordEvent({ ...tx, actorUserId: memberOf(ctx).userId }, { type: 'sales_rep.deleted', subjectType: 'sales_rep', subjectId: id });
    await recordAudit(tx, { action: 'sales_rep.deleted', subjectType: 'sales_rep', subjectId: id });
  });
}
