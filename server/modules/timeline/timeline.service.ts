import type { z } from 'zod';
import type { CreateEngagementBody, EngagementView, TimelineQuery, UpdateEngagementBody } from '../../../contract/timeline.js';
import { inTransaction, memberOf, type Ctx } from '../../context.js';
import type { EngagementType } from '../../db/schema.js';
import { AppError, notFound } from '../../errors.js';
import { toIso } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { hasChanges } from '../../lib/patch.js';
import { escapeHtml } from '../../lib/html.js';
import { richTextLinks, richTextToText, sanitizeRichText } from '../../lib/rich-text.js';
import { guardCustomerData, inspectCustomerData } from '../../privacy/sensitive-guard.service.js';
import { findSensitivePolicy } from '../../privacy/sensitive-guard.repo.js';
import { authorize, can } from '../access/access.policy.js';
import { existingMemberIds } from '../clients/clients.repo.js';
import { getVisibleClientRow, isClientVisible } from '../clients/clients.service.js';
import { visibleContactIds } from '../contacts/contacts.service.js';
import { recordEvent } from '../events/events.service.js';
import { memberNames } from '../members/members.repo.js';
import { releaseMemberFromTasks } from '../tasks/tasks.service.js';
import {
  bumpLastTouch,
  deleteEngagementRow,
  findEngagement,
  insertEngagement,
  listEngagements,
  listParticipants,
  recomputeLastTouch,
  replaceParticipants,
  unsetAuthor,
  updateEngagementRow,
  type EngagementRow,
} from './timeline.repo.js';

/**
 * Calls, meetings and emails are touches with the client: they move "last touch". Notes are the
 * team's own writing and do not.
 */
export const TOUCH_TYPES: readonly EngagementType[] = ['call', 'meeting', 'email'];

async function present(ctx: Ctx, rows: EngagementRow[]): Promise<EngagementView[]> {
  const all = await listParticipants(ctx, rows.map((r) => r.id));
  // A contact who took part but whom the reader may not see (linked only to clients outside their
  // book) is counted, never named: the entry is theirs to read, the contact is not.
  const seen = await visibleContactIds(ctx, all.filter((p) => p.type === 'contact').map((p) => p.id));
  const shown = (p: (typeof all)[number]) => p.type === 'member' || seen.has(p.id);
  const participants = all.filter(shown);
  const hidden = all.filter((p) => !shown(p));
  const authors = await memberNames(ctx, rows.map((r) => r.author_membership_id).filter((v): v is string => v !== null));
  const member = memberOf(ctx);
  const moderator = can(ctx, 'workspace:administer');
  return rows.map((r) => ({
    id: r.id,
    clientId: r.client_id,
    type: r.type,
    title: r.title,
    bodyHtml: r.body_html,
    occurredAt: toIso(r.occurred_at),
    pinned: r.pinned === 1,
    author: r.author_membership_id ? { id: r.author_membership_id, name: authors.get(r.author_membership_id) ?? 'Removed' } : null,
    participants: participants.filter((p) => p.engagementId === r.id).map(({ type, id, name }) => ({ type, id, name })),
    hiddenParticipants: hidden.filter((p) => p.engagementId === r.id).length,
    createdAt: toIso(r.created_at),
    updatedAt: toIso(r.updated_at),
    canEdit: can(ctx, 'engagement:write') && (moderator || r.author_membership_id === member.membershipId),
  }));
}

/**
 * Sanitises the HTML and passes title, text and link targets through the sensitive-data guard.
 * Under `redact` the redaction runs on each text node so formatting survives, and a link whose
 * target holds a finding loses its href; if a value spans formatting
 * (`<b>4242</b> 4242 …`) and survives that, the note is stored as escaped plain text instead:
 * nothing that matches is ever stored in clear.
 */
async function guardedContent(ctx: Ctx, title: string, bodyHtml: string): Promise<{ title: string; html: string; text: string }> {
  const html = sanitizeRichText(bodyHtml);
  const text = richTextToText(html);
  // Link targets are stored as much as the text is: "?card=4242…" in an href must not pass unseen (P07).
  const links = richTextLinks(html);
  const linkPath = (i: number) => `body.bodyHtml.links.${i}`;
  const values = await guardCustomerData(ctx, 'note', [
    { path: 'body.title', key: 'title', value: title },
    { path: 'body.bodyHtml', key: 'note', value: text },
    ...links.map((href, i) => ({ path: linkPath(i), key: 'link', value: href })),
  ]);
  const safeTitle = values.get('body.title') ?? title;
  const linksClean = links.every((href, i) => (values.get(linkPath(i)) ?? href) === href);
  if ((values.get('body.bodyHtml') ?? text) === text && linksClean) return { title: safeTitle, html, text };
  const policy = await findSensitivePolicy(ctx);
  const redactNode = (node: string) => inspectCustomerData(policy, [{ path: 'n', key: 'note', value: node }]).values.get('n') ?? node;
  const keepLink = (href: string) => inspectCustomerData(policy, [{ path: 'l', key: 'link', value: href }]).findings.length === 0;
  const redactedHtml = sanitizeRichText(html, redactNode, keepLink);
  const redactedText = richTextToText(redactedHtml);
  if (inspectCustomerData(policy, [{ path: 'n', key: 'note', value: redactedText }]).findings.length === 0) {
    return { title: safeTitle, html: redactedHtml, text: redactedText };
  }
  const plain = values.get('body.bodyHtml') ?? '';
  return { title: safeTitle, html: plain.split('\n').map((line) => `<p>${escapeHtml(line)}</p>`).join(''), text: plain };
}

/**
 * The participant rows for the ids a request names. A contact id passes the rule of a contact read:
 * one the caller may not see answers exactly as one that does not exist, so naming an id can
 * neither show a hidden contact's name on the entry nor tell whether it exists.
 */
async function checkParticipants(ctx: Ctx, p: { contactIds: string[]; membershipIds: string[] }) {
  const contacts = await visibleContactIds(ctx, p.contactIds);
  const members = await existingMemberIds(ctx, p.membershipIds);
  const issues = [
    ...p.contactIds.filter((id) => !contacts.has(id)).map((id) => ({ path: 'body.participants.contactIds', message: `${id} is not a contact you can see` })),
    ...p.membershipIds.filter((id) => !members.has(id)).map((id) => ({ path: 'body.participants.membershipIds', message: `${id} is not a member of this workspace` })),
  ];
  if (issues.length > 0) throw new AppError('validation_failed', issues.map((i) => `${i.path}: ${i.message}`).join('; '), { issues });
  return [
    ...[...new Set(p.contactIds)].map((id) => ({ participant_id: id, participant_type: 'contact' as const })),
    ...[...new Set(p.membershipIds)].map((id) => ({ participant_id: id, participant_type: 'member' as const })),
  ];
}

function encodeCursor(at: number, id: string): string {
  return Buffer.from(`${at}:${id}`).toString('base64url');
}

function decodeCursor(cursor: string | undefined): { at: number; id: string } | undefined {
  if (!cursor) return undefined;
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split(':');
  if (!at || !id || !/^\d+$/.test(at)) throw new AppError('validation_failed', 'query.before: is not a cursor from a previous page.');
  return { at: Number(at), id };
}

/** A client's timeline: pinned summary notes first, then everything newest first, filterable by type. */
export async function listTimeline(ctx: Ctx, clientId: string, query: z.output<typeof TimelineQuery>) {
  await getVisibleClientRow(ctx, clientId);
  const types = query.type ? (query.type.split(',') as EngagementType[]) : undefined;
  const pinnedRows = query.before ? [] : await listEngagements(ctx, clientId, { types, pinned: true, limit: 20 });
  const rows = await listEngagements(ctx, clientId, { types, before: decodeCursor(query.before), limit: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    pinned: await present(ctx, pinnedRows),
    items: await present(ctx, page),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.occurred_at, last.id) : null,
  };
}

export async function logEngagement(ctx: Ctx, clientId: string, body: z.output<typeof CreateEngagementBody>): Promise<EngagementView> {
  await getVisibleClientRow(ctx, clientId);
  authorize(ctx, 'engagement:write');
  const member = memberOf(ctx);
  const content = await guardedContent(ctx, body.title, body.bodyHtml);
  const participants = await checkParticipants(ctx, body.participants);
  const now = ctx.rt.clock.now();
  const occurredAt = body.occurredAt ? Date.parse(body.occurredAt) : now;
  const id = newId('engagement');
  await inTransaction(ctx, async (tx) => {
    await insertEngagement(tx, {
      id,
      client_id: clientId,
      type: body.type,
      title: content.title,
      body_html: content.html,
      body_text: content.text,
      occurred_at: occurredAt,
      pinned: body.pinned ? 1 : 0,
      author_membership_id: member.membershipId,
      created_at: now,
      updated_at: now,
    });
    await replaceParticipants(tx, id, participants);
    if (TOUCH_TYPES.includes(body.type)) await bumpLastTouch(tx, clientId, occurredAt);
    await recordEvent({ ...tx, actorUserId: member.userId }, { type: 'engagement.logged', subjectType: 'engagement', subjectId: id, payload: { clientId, type: body.type } });
  });
  const row = await findEngagement(ctx, id);
  if (!row) throw new Error('engagement vanished after insert');
  return presentOne(ctx, row);
}

/** The entry if its client is visible and the caller wrote it (or administers the workspace). */
async function editableEngagement(ctx: Ctx, id: string): Promise<EngagementRow> {
  authorize(ctx, 'engagement:write');
  const row = await findEngagement(ctx, id);
  // An entry on a client the caller may not see answers as one that does not exist: "no such
  // client" here would tell that the entry is there.
  if (!row || !(await isClientVisible(ctx, row.client_id))) throw notFound('timeline entry');
  if (row.author_membership_id !== memberOf(ctx).membershipId && !can(ctx, 'workspace:administer')) {
    throw new AppError('role_too_low', 'Only the author or an admin can change this entry.');
  }
  return row;
}

export async function editEngagement(ctx: Ctx, id: string, body: z.output<typeof UpdateEngagementBody>): Promise<EngagementView> {
  const row = await editableEngagement(ctx, id);
  if (!hasChanges(body)) return presentOne(ctx, row);
  const content = body.title !== undefined || body.bodyHtml !== undefined ? await guardedContent(ctx, body.title ?? row.title, body.bodyHtml ?? row.body_html) : undefined;
  const participants = body.participants ? [...(await checkParticipants(ctx, body.participants)), ...(await hiddenParticipantsOf(ctx, id))] : undefined;
  await inTransaction(ctx, async (tx) => {
    await updateEngagementRow(tx, id, {
      ...(content ? { title: content.title, body_html: content.html, body_text: content.text } : {}),
      ...(body.occurredAt !== undefined ? { occurred_at: Date.parse(body.occurredAt) } : {}),
      ...(body.pinned !== undefined ? { pinned: body.pinned ? 1 : 0 } : {}),
      updated_at: ctx.rt.clock.now(),
    });
    if (participants) await replaceParticipants(tx, id, participants);
    if (body.occurredAt !== undefined && TOUCH_TYPES.includes(row.type)) await recomputeLastTouch(tx, row.client_id, TOUCH_TYPES);
    await recordEvent({ ...tx, actorUserId: memberOf(ctx).userId }, { type: 'engagement.updated', subjectType: 'engagement', subjectId: id, payload: { fields: Object.keys(body).sort().join(',') } });
  });
  const updated = await findEngagement(ctx, id);
  if (!updated) throw notFound('timeline entry');
  return presentOne(ctx, updated);
}

async function presentOne(ctx: Ctx, row: EngagementRow): Promise<EngagementView> {
  const [view] = await present(ctx, [row]);
  if (!view) throw notFound('timeline entry');
  return view;
}

/**
 * The entry's contacts the caller may not see. The participants a request sends replace the ones
 * the caller sees; these stay, since the caller could neither see nor choose them.
 */
async function hiddenParticipantsOf(ctx: Ctx, engagementId: string) {
  const contacts = (await listParticipants(ctx, [engagementId])).filter((p) => p.type === 'contact');
  const seen = await visibleContactIds(ctx, contacts.map((p) => p.id));
  return contacts.filter((p) => !seen.has(p.id)).map((p) => ({ participant_id: p.id, participant_type: 'contact' as const }));
}

export async function deleteEngagement(ctx: Ctx, id: string): Promise<void> {
  const row = await editableEngagement(ctx, id);
  await inTransaction(ctx, async (tx) => {
    await deleteEngagementRow(tx, id);
    if (TOUCH_TYPES.includes(row.type)) await recomputeLastTouch(tx, row.client_id, TOUCH_TYPES);
    await recordEvent({ ...tx, actorUserId: memberOf(ctx).userId }, { type: 'engagement.deleted', subjectType: 'engagement', subjectId: id, payload: { clientId: row.client_id } });
  });
}

/** A departing member's notes and tasks stay: authorship and assignment are cleared first. */
export async function releaseMemberFromWork(ctx: Pick<Ctx, 'db' | 'workspaceId'>, membershipId: string): Promise<void> {
  await unsetAuthor(ctx, membershipId);
  await releaseMemberFromTasks(ctx, membershipId);
}
