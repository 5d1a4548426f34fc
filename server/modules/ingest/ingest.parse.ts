import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { UsageEventType } from '../../db/schema.js';
import { jsonProblemAt } from '../../lib/json.js';
import { wellFormed } from '../../lib/text.js';

/** Segment's limits: an event over 32 KB is refused alone, a request over 500 KB whole. */
export const MAX_EVENT_BYTES = 32 * 1024;
export const MAX_BATCH_BYTES = 500 * 1024;
/** Events stamped further ahead than this are stored at their arrival time (a device clock gone wrong). */
export const MAX_FUTURE_MS = 23 * 3_600_000;

export const EVENT_TYPES = ['identify', 'track', 'page', 'screen', 'group', 'alias'] as const satisfies readonly UsageEventType[];

/**
 * Ids and names are stored as text columns, which on PostgreSQL cannot hold a NUL character: one
 * would fail the whole commit group, so the event is refused alone. A lone surrogate becomes
 * U+FFFD (`wellFormed`). Inside properties, traits and context both are harmless: they are stored
 * as JSON text, where they are escaped.
 */
const NoNul = (s: string) => !s.includes('\u0000');
const NO_NUL = 'must not contain a NUL character';
/** Ids arrive as strings or numbers (Segment allows both); stored as text. */
const Id = z.union([z.string().trim().min(1).max(200).refine(NoNul, NO_NUL), z.number().finite()]).transform((v) => wellFormed(String(v)));
const Time = z.string().max(64).refine((s) => Number.isFinite(Date.parse(s)), 'is not an ISO-8601 date and time');
const JsonObject = z.record(z.string(), z.unknown());

const EventSchema = z.object({
  type: z.enum(EVENT_TYPES),
  messageId: Id.optional(),
  userId: Id.nullish(),
  anonymousId: Id.nullish(),
  previousId: Id.nullish(),
  groupId: Id.nullish(),
  event: z.string().trim().min(1).max(200).refine(NoNul, NO_NUL).transform(wellFormed).nullish(),
  name: z.string().max(200).refine(NoNul, NO_NUL).transform(wellFormed).nullish(),
  properties: JsonObject.nullish(),
  traits: JsonObject.nullish(),
  context: JsonObject.nullish(),
  timestamp: Time.nullish(),
  originalTimestamp: Time.nullish(),
  sentAt: Time.nullish(),
});

/** An event as the writer receives it: validated, timed, not yet tied to a person or client. */
export interface ParsedEvent {
  readonly type: UsageEventType;
  readonly messageId: string;
  readonly userId: string | null;
  readonly anonymousId: string | null;
  /** alias: the id being merged into `userId`. */
  readonly previousId: string | null;
  /** group: the account; other calls: `context.groupId`, which Segment's B2B spec uses for the same. */
  readonly groupId: string | null;
  /** The track event's name, or the page or screen name. */
  readonly eventName: string | null;
  /** properties for track/page/screen, traits for identify/group. */
  readonly properties: Record<string, unknown>;
  readonly context: Record<string, unknown>;
  readonly originalTimestamp: number | null;
  readonly sentAt: number | null;
  readonly receivedAt: number;
  readonly occurredAt: number;
}

export interface Rejection {
  /** Position in the batch (0 for a single call). */
  readonly index: number;
  readonly messageId: string | null;
  readonly reason: string;
}

export interface ParsedRequest {
  readonly writeKey: string | undefined;
  readonly events: { index: number; event: ParsedEvent }[];
  readonly rejected: Rejection[];
}

/**
 * Reads one ingestion body: a single call (`type` given by the route) or a batch. Batch-level
 * `context` and `sentAt` apply to every item, as in Segment's HTTP API. Each event is judged
 * alone: a bad one is listed with its reason and the rest go on.
 */
export function parseIngestBody(body: unknown, routeType: UsageEventType | 'batch', receivedAt: number): ParsedRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { writeKey: undefined, events: [], rejected: [{ index: 0, messageId: null, reason: 'the body must be a JSON object' }] };
  }
  const envelope = body as Record<string, unknown>;
  const writeKey = typeof envelope.writeKey === 'string' ? envelope.writeKey : undefined;
  if (routeType !== 'batch') return { writeKey, ...parseItems([{ ...envelope, type: routeType }], {}, receivedAt) };
  if (!Array.isArray(envelope.batch)) return { writeKey, events: [], rejected: [{ index: 0, messageId: null, reason: 'batch: expected an array of events' }] };
  const shared: Record<string, unknown> = {};
  if (isObject(envelope.context)) shared.context = envelope.context;
  if (typeof envelope.sentAt === 'string') shared.sentAt = envelope.sentAt;
  return { writeKey, ...parseItems(envelope.batch, shared, receivedAt) };
}

function parseItems(items: readonly unknown[], shared: Record<string, unknown>, receivedAt: number): Omit<ParsedRequest, 'writeKey'> {
  const events: ParsedRequest['events'] = [];
  const rejected: Rejection[] = [];
  items.forEach((item, index) => {
    const result = parseEvent(item, shared, receivedAt);
    if (typeof result === 'string') rejected.push({ index, messageId: messageIdOf(item), reason: result });
    else events.push({ index, event: result });
  });
  return { events, rejected };
}

function parseEvent(item: unknown, shared: Record<string, unknown>, receivedAt: number): ParsedEvent | string {
  if (!isObject(item)) return 'an event must be a JSON object';
  // Before anything walks the event: JSON.stringify, the privacy pass and the stored JSON's readers
  // recurse, and an event nested thousands of levels deep overflowed the call stack (a 500 for the
  // whole batch, which SDKs retry forever). Shared context is checked where it is merged in.
  const tooDeep = jsonProblemAt(item, '', { nul: false }) ?? jsonProblemAt(shared.context, 'context', { nul: false });
  if (tooDeep) return `${tooDeep.path.replace(/^\./, '') || 'event'}: ${tooDeep.message}`;
  const bytes = Buffer.byteLength(JSON.stringify(item));
  if (bytes > MAX_EVENT_BYTES) return `the event is ${Math.ceil(bytes / 1024)} KB; an event may be at most 32 KB`;
  const merged = { ...item, context: { ...(isObject(shared.context) ? shared.context : {}), ...(isObject(item.context) ? item.context : {}) }, sentAt: item.sentAt ?? shared.sentAt };
  const parsed = EventSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.join('.') || 'event';
    return issue?.code === 'invalid_value' && path === 'type' ? `type: expected one of ${EVENT_TYPES.join(', ')}` : `${path}: ${issue?.message ?? 'invalid'}`;
  }
  const e = parsed.data;
  const context = e.context ?? {};
  let groupId = e.type === 'group' ? e.groupId : null;
  if (e.type !== 'group' && (typeof context.groupId === 'string' || typeof context.groupId === 'number')) {
    // The account id of any call: held to the same rules as the group call's own.
    const id = Id.safeParse(context.groupId);
    if (!id.success) return `context.groupId: ${id.error.issues[0]?.message ?? 'invalid'}`;
    groupId = id.data;
  }
  const missing = requiredFields(e.type, e, groupId);
  if (missing) return missing;
  const original = parseTime(e.originalTimestamp ?? e.timestamp);
  const sentAt = parseTime(e.sentAt);
  return {
    type: e.type,
    messageId: e.messageId ?? `candor-${randomUUID()}`,
    userId: e.userId ?? null,
    anonymousId: e.anonymousId ?? null,
    previousId: e.previousId ?? null,
    groupId: groupId ?? null,
    eventName: e.type === 'track' ? (e.event ?? null) : (e.name ?? null),
    properties: (e.type === 'identify' || e.type === 'group' ? e.traits : e.properties) ?? {},
    context,
    originalTimestamp: original,
    sentAt,
    receivedAt,
    occurredAt: correctedTime(original, sentAt, receivedAt),
  };
}

function requiredFields(type: UsageEventType, e: z.output<typeof EventSchema>, groupId: string | null | undefined): string | undefined {
  if (type === 'alias') {
    if (!e.previousId || !e.userId) return 'alias: needs previousId (the old id) and userId (the id it becomes)';
    return undefined;
  }
  // Page and screen views may come without ids (the day's cookieless visitors), and so may the
  // record of a consent choice, which a refusal sends without any id.
  const anonymousAllowed = type === 'page' || type === 'screen' || (type === 'track' && e.event === '$consent');
  if (!anonymousAllowed && !e.userId && !e.anonymousId) return `${type}: needs a userId or an anonymousId`;
  if (type === 'track' && !e.event) return 'event: a track call needs the event name';
  if (type === 'group' && !groupId) return 'groupId: a group call needs the account id';
  return undefined;
}

/**
 * Segment's rule: `received − (sent − original)`, which moves the device's time onto the server's
 * clock by the difference the device showed when it sent. Without `sentAt` the device time is
 * taken as it is; without any, the arrival time. A result more than 23 hours ahead is a broken
 * clock, and the arrival time stands in (the original stays stored).
 */
export function correctedTime(original: number | null, sentAt: number | null, receivedAt: number): number {
  let t = original === null ? receivedAt : sentAt === null ? original : receivedAt - (sentAt - original);
  if (t > receivedAt + MAX_FUTURE_MS) t = receivedAt;
  return t;
}

function parseTime(value: string | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  return Date.parse(value);
}

function messageIdOf(item: unknown): string | null {
  if (!isObject(item)) return null;
  const id = item.messageId;
  return typeof id === 'string' || typeof id === 'number' ? String(id).slice(0, 200) : null;
}

/** A JSON object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
