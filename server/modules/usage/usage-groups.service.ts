import type { LinkedGroup, UnmatchedGroupList } from '../../../contract/usage.js';
import { inTransaction, type Ctx } from '../../context.js';
import { AppError, notFound } from '../../errors.js';
import { enqueueJob } from '../../jobs/queue.js';
import { toIso } from '../../lib/clock.js';
import { recordAudit } from '../audit/audit.service.js';
import { updateClientRow } from '../clients/clients.repo.js';
import { getVisibleClientRow } from '../clients/clients.service.js';
import { recordEvent } from '../events/events.service.js';
import { findClientsForGroups } from '../ingest/ingest.repo.js';
import { linkUsageGroupJob } from './usage-groups.jobs.js';
import { clientsByIds, countPeopleOfGroups, countUnmatchedGroups, deleteUnmatchedGroup, findUnmatchedGroup, listUnmatchedGroupRows, setUnmatchedGroupIgnored } from './usage-groups.repo.js';

const SHOWN = 200;

/**
 * Product accounts (group ids) that match no client, for the admin who maps the product's accounts
 * to the book: each with its name, its people, when it was seen, and the client that matches it
 * now if one was given its external id or domain since.
 */
export async function listUnmatchedGroups(ctx: Ctx, ignored: boolean): Promise<UnmatchedGroupList> {
  const [rows, counts] = await Promise.all([listUnmatchedGroupRows(ctx, ignored, SHOWN), countUnmatchedGroups(ctx)]);
  const ids = rows.map((r) => r.group_id);
  const [people, matches] = await Promise.all([countPeopleOfGroups(ctx, ids), findClientsForGroups(ctx, ids)]);
  const clients = new Map((await clientsByIds(ctx, [...new Set(matches.values())])).map((c) => [c.id, c]));
  return {
    total: counts.waiting,
    ignored: counts.ignored,
    items: rows.map((r) => {
      const client = clients.get(matches.get(r.group_id) ?? '');
      return {
        groupId: r.group_id,
        name: r.name,
        people: people.get(r.group_id) ?? 0,
        firstSeenAt: toIso(r.first_seen_at),
        lastSeenAt: toIso(r.last_seen_at),
        ignoredAt: r.ignored_at === null ? null : toIso(r.ignored_at),
        match: client ? { clientId: client.id, clientName: client.name, by: client.external_id === r.group_id ? ('externalId' as const) : ('domain' as const) } : null,
      };
    }),
  };
}

/**
 * Sets an account aside as never to be a client (a trial, an internal test account), or puts it
 * back. Set aside, it leaves the list to link and the count on Product usage; later events from it
 * keep it set aside. Its people stay with no client either way.
 */
export async function setUnmatchedGroupAside(ctx: Ctx, body: { groupId: string; ignored: boolean }): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    if (!(await setUnmatchedGroupIgnored(tx, body.groupId, body.ignored ? ctx.rt.clock.now() : null))) throw notFound('account among those that match no client');
    await recordAudit(tx, { action: body.ignored ? 'usage.group_ignored' : 'usage.group_unignored', details: { groupId: body.groupId } });
  });
}

/**
 * Links a product account to a client. Later events match through the client's external id, which
 * the client takes here when it has none (an account matches a client by external id or domain, so
 * no second mapping exists to drift from the client's own fields). The account's past activity is
 * attributed by a background job queued in the same transaction. A client with another external
 * id, or an account another client already matches, is a conflict the admin resolves on the
 * client's page; nothing is written then.
 */
export async function linkUnmatchedGroup(ctx: Ctx, body: { groupId: string; clientId: string }): Promise<LinkedGroup> {
  const client = await getVisibleClientRow(ctx, body.clientId);
  const account = await findUnmatchedGroup(ctx, body.groupId);
  if (!account) throw notFound('account among those that match no client');
  const matched = (await findClientsForGroups(ctx, [body.groupId])).get(body.groupId);
  if (matched !== undefined && matched !== client.id) {
    const [other] = await clientsByIds(ctx, [matched]);
    throw new AppError('account_link_conflict', `“${body.groupId}” already matches ${other?.name ?? 'another client'} by its external ID or domain. Link it to that client, or change that client first.`, {
      clientId: matched,
    });
  }
  if (matched === undefined && client.external_id !== null) {
    throw new AppError(
      'account_link_conflict',
      `${client.name} already has the external ID “${client.external_id}”, and an account links to a client through it. Change the external ID on the client’s page if “${body.groupId}” is the right one, or choose another client.`,
      { clientId: client.id },
    );
  }
  const externalIdSet = matched === undefined;
  const people = (await countPeopleOfGroups(ctx, [body.groupId])).get(body.groupId) ?? 0;
  await inTransaction(ctx, async (tx) => {
    if (externalIdSet) {
      await updateClientRow(tx, client.id, { external_id: body.groupId, updated_at: ctx.rt.clock.now() });
      await recordEvent({ ...tx, actorUserId: ctx.actor.kind === 'member' ? ctx.actor.userId : null }, { type: 'client.updated', subjectType: 'client', subjectId: client.id, payload: { fields: 'externalId' } });
    }
    await deleteUnmatchedGroup(tx, body.groupId);
    await enqueueJob(tx, linkUsageGroupJob, { groupId: body.groupId, clientId: client.id }, { workspaceId: ctx.workspaceId });
    await recordAudit(tx, { action: 'usage.group_linked', details: { groupId: body.groupId, clientId: client.id, externalIdSet, people } });
  }).catch((err: unknown) => {
    // Another client took the id between the check and the write.
    if (ctx.rt.caps.isUniqueViolation(err)) throw new AppError('account_link_conflict', `Another client already has the external ID “${body.groupId}”. Reload the list: it shows which.`);
    throw err;
  });
  return { groupId: body.groupId, client: { id: client.id, name: client.name }, externalIdSet, people };
}
