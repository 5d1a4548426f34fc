import { randomBytes } from 'node:crypto';
import type { Ctx, Runtime } from '../../context.js';
import { AppError } from '../../errors.js';
import { utcDay } from '../../lib/clock.js';
import { findSensitivePolicy } from '../../privacy/sensitive-guard.repo.js';
import { reportSensitiveFindings } from '../../privacy/sensitive-guard.service.js';
import type { SensitiveFinding } from '../../privacy/sensitive-data.js';
import type { UsageEventType } from '../../db/schema.js';
import { findSourceByWriteKey } from '../sources/sources.service.js';
import { findOrCreateSalt } from '../usage/usage-settings.repo.js';
import { getUsageSettings, type UsageSettings } from '../usage/usage-settings.service.js';
import { IngestDebugLog } from './ingest.debug.js';
import { TokenBuckets } from './ingest.limits.js';
import { parseIngestBody, type Rejection } from './ingest.parse.js';
import { ALWAYS_MASKED_PARAMS, applyUsagePrivacy, isBotAgent, visitorKey } from './ingest.privacy.js';
import type { StorableEvent } from './ingest.store.js';
import { IngestWriter, SqliteIngestThread, writerRuntime, type EventSink } from './ingest.writer.js';

/** What the route hands over: the body and the few headers ingestion reads. */
export interface IngestRequest {
  readonly route: UsageEventType | 'batch';
  readonly body: unknown;
  readonly authorization: string | undefined;
  readonly origin: string | undefined;
  readonly userAgent: string;
  readonly ip: string;
  readonly doNotTrack: boolean;
  readonly globalPrivacyControl: boolean;
  readonly requestId: string;
}

export interface IngestResult {
  readonly accepted: number;
  readonly duplicates: number;
  readonly rejected: Rejection[];
}

interface Source {
  readonly workspaceId: string;
  readonly id: string;
  readonly kind: 'browser' | 'server';
  readonly allowedOrigins: string[];
}

/**
 * How long a looked-up write key, a workspace's settings and the day's salt are reused without
 * asking the database again. A revoked key or a changed setting takes effect within this time.
 */
const CACHE_MS = 5_000;

/**
 * The ingestion pipeline for one process: authenticate the write key, check the origin and the
 * rate, read each event, apply the workspace's privacy rules, and hand the rest to the group-commit
 * writer; answer with what was accepted and why anything was not.
 */
export class Ingestion {
  readonly writer: EventSink;
  readonly debug = new IngestDebugLog();
  private readonly limits: TokenBuckets;
  private readonly sources = new Map<string, { at: number; source: Source | undefined }>();
  private readonly settings = new Map<string, { at: number; settings: UsageSettings; policy: 'reject' | 'redact' }>();
  private readonly salts = new Map<string, { day: string; salt: string }>();

  constructor(
    private readonly rt: Runtime,
    sink?: EventSink,
  ) {
    this.writer = sink ?? writerFor(rt);
    this.limits = new TokenBuckets(rt.config.ingest.eventsPerSecond, rt.config.ingest.eventsPerSecond * 10);
  }

  async ingest(req: IngestRequest): Promise<IngestResult> {
    const receivedAt = this.rt.clock.now();
    const parsed = parseIngestBody(req.body, req.route, receivedAt);
    const writeKey = basicUser(req.authorization) ?? parsed.writeKey;
    if (!writeKey) throw new AppError('write_key_invalid', 'No write key: send it as the HTTP Basic user name (`Authorization: Basic base64("<key>:")`) or as "writeKey" in the body.');
    const source = await this.source(writeKey);
    if (!source) throw new AppError('write_key_invalid', 'This write key is unknown or was revoked. Copy the current key from Settings → Usage tracking.');
    checkOrigin(source, req.origin);

    const items = parsed.events.length + parsed.rejected.length;
    const wait = this.limits.take(source.id, Math.max(1, items), receivedAt);
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      throw new AppError('rate_limited', `This write key sent more than ${this.rt.config.ingest.eventsPerSecond} events a second. Try again in ${seconds} seconds.`, { retryAfterSeconds: seconds }, { 'retry-after': String(seconds) });
    }

    const ctx = { db: this.rt.database.db, workspaceId: source.workspaceId };
    const { settings, policy } = await this.workspaceSettings(ctx, receivedAt);
    const rejected: Rejection[] = [...parsed.rejected];
    const storable: StorableEvent[] = [];
    const findings: SensitiveFinding[] = [];
    const bot = source.kind === 'browser' && isBotAgent(req.userAgent);
    const signal = settings.honourSignals ? (req.globalPrivacyControl ? 'the request carries Global Privacy Control' : req.doNotTrack ? 'the request carries Do Not Track' : null) : null;
    const masked = new Set([...ALWAYS_MASKED_PARAMS, ...settings.maskedParams.map((p) => p.toLowerCase())]);
    for (const { index, event } of parsed.events) {
      if (bot) {
        rejected.push({ index, messageId: event.messageId, reason: 'not stored: sent by a crawler or an automated browser' });
        continue;
      }
      const essentialsOnly = signal ?? (source.kind === 'browser' ? consentGap(settings.consentMode, event.context) : null);
      const result = applyUsagePrivacy(event, { essentialsOnly, maskedParams: masked, ip: req.ip, sensitivePolicy: policy });
      if ('refusal' in result) {
        rejected.push({ index, messageId: event.messageId, reason: result.refusal.reason });
        findings.push(...result.refusal.findings);
        continue;
      }
      const kept = result.event;
      findings.push(...kept.findings);
      const anonymous = kept.userId === null && kept.anonymousId === null;
      const key = anonymous ? visitorKey(await this.salt(ctx, utcDay(receivedAt)), source.id, req.ip, req.userAgent) : null;
      storable.push({ ...kept, sourceId: source.id, visitorKey: key });
    }

    const outcomes = await this.writer.submit(source.workspaceId, storable);
    if (findings.length > 0) await this.reportFindings(source.workspaceId, req, policy, findings);
    const duplicates = outcomes.filter((o) => o === 'duplicate').length;
    this.rt.metrics.ingestEvents.inc({ outcome: 'stored' }, outcomes.length - duplicates);
    this.rt.metrics.ingestEvents.inc({ outcome: 'duplicate' }, duplicates);
    this.rt.metrics.ingestEvents.inc({ outcome: 'rejected' }, rejected.length);
    rejected.sort((a, b) => a.index - b.index);
    this.debug.record(source.workspaceId, source.id, receivedAt, storable, outcomes, rejected);
    return { accepted: storable.length, duplicates, rejected };
  }

  /** For shutdown: commits what was accepted. */
  close(): Promise<void> {
    return this.writer.close();
  }

  private async source(writeKey: string): Promise<Source | undefined> {
    const now = this.rt.clock.now();
    const cached = this.sources.get(writeKey);
    if (cached && now - cached.at < CACHE_MS) return cached.source;
    const source = await findSourceByWriteKey(this.rt.database.db, writeKey);
    if (this.sources.size > 10_000) this.sources.clear();
    this.sources.set(writeKey, { at: now, source });
    return source;
  }

  private async workspaceSettings(ctx: Pick<Ctx, 'db' | 'workspaceId'>, now: number) {
    const cached = this.settings.get(ctx.workspaceId);
    if (cached && now - cached.at < CACHE_MS) return cached;
    const fresh = { at: now, settings: await getUsageSettings(ctx), policy: await findSensitivePolicy(ctx) };
    this.settings.set(ctx.workspaceId, fresh);
    return fresh;
  }

  /** Forgets cached settings, so a change made in this process applies to the next request. */
  forgetSettings(workspaceId: string): void {
    this.settings.delete(workspaceId);
  }

  private async salt(ctx: Pick<Ctx, 'db' | 'workspaceId'>, day: string): Promise<string> {
    const cached = this.salts.get(ctx.workspaceId);
    if (cached?.day === day) return cached.salt;
    const salt = await findOrCreateSalt(ctx, day, randomBytes(32).toString('base64url'));
    this.salts.set(ctx.workspaceId, { day, salt });
    return salt;
  }

  private async reportFindings(workspaceId: string, req: IngestRequest, policy: 'reject' | 'redact', findings: SensitiveFinding[]): Promise<void> {
    const ctx: Ctx = {
      rt: this.rt,
      db: this.rt.database.db,
      workspaceId,
      actor: { kind: 'system', reason: 'product-usage ingestion' },
      permissions: new Set(),
      request: { ip: req.ip, userAgent: req.userAgent, requestId: req.requestId },
    };
    await reportSensitiveFindings(ctx, 'tracker', policy === 'reject' ? 'rejected' : 'redacted', findings);
  }
}

/** The user name of an HTTP Basic header: Segment's SDKs send the write key there with an empty password. */
export function basicUser(header: string | undefined): string | undefined {
  if (!header || !/^basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const user = decoded.split(':')[0];
  return user ? user : undefined;
}

/**
 * A browser key only from its site's pages; a secret key never from a page (it would be public
 * there). Requests without an Origin header come from servers.
 */
function checkOrigin(source: Source, origin: string | undefined): void {
  if (source.kind === 'server') {
    if (origin !== undefined) throw new AppError('origin_not_allowed', 'A secret server key was used from a web page, where anyone can read it. Create a browser source for the site and revoke this key.');
    return;
  }
  if (origin === undefined) throw new AppError('origin_not_allowed', 'A browser key is accepted only from the pages of its allowed sites, and this request carries no Origin.');
  if (!source.allowedOrigins.includes(origin)) throw new AppError('origin_not_allowed', `${origin.slice(0, 200)} is not an allowed origin of this source. Add it under Settings → Usage tracking.`);
}

/** Why a browser event must be reduced to essentials under the workspace's consent mode, or null. */
function consentGap(mode: 'opt-in' | 'opt-out', context: Record<string, unknown>): string | null {
  const consent = context.consent;
  const functional = typeof consent === 'object' && consent !== null ? (consent as Record<string, unknown>).functional : undefined;
  if (mode === 'opt-in' && functional !== true) return 'the visitor has not consented (opt-in mode)';
  if (mode === 'opt-out' && functional === false) return 'the visitor opted out';
  return null;
}

/**
 * An SQLite file gets the writer on its own thread (the commit would otherwise hold this event
 * loop). PostgreSQL's commits are round trips that already leave the event loop free, and an
 * in-memory SQLite has no file for a second connection, so both commit in this process.
 */
function writerFor(rt: Runtime): EventSink {
  const options = { maxEvents: rt.config.ingest.commitEvents, maxWaitMs: rt.config.ingest.commitWaitMs };
  const file = rt.database.sqliteFile;
  if (file) return new SqliteIngestThread(rt, { file, cacheMb: rt.config.sqliteCacheMb, writer: options });
  return new IngestWriter(writerRuntime(rt), rt.database, { ...options, concurrency: rt.caps.dialect === 'postgres' ? 4 : 1 });
}
