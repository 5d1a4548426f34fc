import { createHash } from 'node:crypto';
import { truncateIp } from '../../lib/ip.js';
import { describeFindings } from '../../privacy/sensitive-guard.service.js';
import { redactField, scanField, type SensitiveFinding } from '../../privacy/sensitive-data.js';
import { isObject, type ParsedEvent } from './ingest.parse.js';

/**
 * Query parameters masked in every URL an event carries, whatever the workspace adds: the usual
 * places a sign-in link, a reset token or an address ends up in a URL.
 */
export const ALWAYS_MASKED_PARAMS = [
  'token', 'access_token', 'id_token', 'refresh_token', 'code', 'state', 'password', 'pass', 'pwd', 'secret',
  'key', 'api_key', 'apikey', 'auth', 'session', 'sid', 'email', 'e-mail', 'phone', 'signature', 'sig',
] as const;

export const MASK = '[masked]';

/** The properties an essential page view may keep: where it was, nothing about who. */
const ESSENTIAL_PAGE_FIELDS = ['path', 'url', 'referrer', 'title'] as const;

/** What the privacy pass needs to know about the request an event came in. */
export interface PrivacyInput {
  /** Why only essential events may be kept (a DNT/GPC signal, no consent yet), or null. */
  readonly essentialsOnly: string | null;
  readonly maskedParams: ReadonlySet<string>;
  /** The request's address, full: used for the day's visitor hash and then kept only truncated. */
  readonly ip: string;
  readonly sensitivePolicy: 'reject' | 'redact';
}

export interface PrivateEvent extends ParsedEvent {
  readonly findings: readonly SensitiveFinding[];
}

/** Not stored, and why; `findings` are the sensitive values behind a refusal, for the guard's counts. */
export interface Refusal {
  readonly reason: string;
  readonly findings: readonly SensitiveFinding[];
}

/**
 * Applies the workspace's privacy rules to one event before anything is stored: reduce it to an
 * essential page view when signals or consent say so (P18, P08), mask query parameters, truncate
 * the IP (P10), and pass properties and traits through the sensitive-data guard (P07). Returns
 * the event to store, or why it is not stored.
 */
export function applyUsagePrivacy(event: ParsedEvent, input: PrivacyInput): { event: PrivateEvent } | { refusal: Refusal } {
  let e = event;
  if (isConsentRecord(e)) {
    e = consentRecord(e, input.essentialsOnly !== null);
  } else if (input.essentialsOnly !== null) {
    if (e.type !== 'page' && e.type !== 'screen') return { refusal: { reason: `not stored: ${input.essentialsOnly}, so only essential page views are kept`, findings: [] } };
    e = essentialView(e);
  }
  const properties = maskUrls(e.properties, input.maskedParams) as Record<string, unknown>;
  const context = maskUrls(e.context, input.maskedParams) as Record<string, unknown>;
  context.ip = truncateIp(typeof e.context.ip === 'string' ? e.context.ip : input.ip);
  const findings: SensitiveFinding[] = [];
  const guardedProperties = guardJson(properties, 'properties', input.sensitivePolicy, findings) as Record<string, unknown>;
  if (isObject(context.traits)) context.traits = guardJson(context.traits, 'context.traits', input.sensitivePolicy, findings);
  if (findings.length > 0 && input.sensitivePolicy === 'reject') {
    return { refusal: { reason: `not stored: this looks like ${describeFindings(findings)}; Candor does not store that kind of data`, findings } };
  }
  return { event: { ...e, properties: guardedProperties, context, findings } };
}

/** The track event the tag sends when a visitor makes a consent choice (P14). */
export const CONSENT_EVENT = '$consent';

export function isConsentRecord(e: Pick<ParsedEvent, 'type' | 'eventName'>): boolean {
  return e.type === 'track' && e.eventName === CONSENT_EVENT;
}

/**
 * A visitor's consent choice, kept as the record a site owes (who, when, what, under which banner
 * version, by click or by signal) and nothing more: it passes without consent, since recording a
 * refusal is the point, but names the browser only when the choice allowed an id.
 */
function consentRecord(e: ParsedEvent, anonymous: boolean): ParsedEvent {
  const p = e.properties;
  const properties = {
    functional: p.functional === true,
    marketing: p.marketing === true,
    method: typeof p.method === 'string' ? p.method.slice(0, 20) : 'api',
    version: typeof p.version === 'string' ? p.version.slice(0, 100) : '',
  };
  const base = anonymous || !properties.functional ? essentialView(e) : e;
  return { ...base, type: 'track', eventName: CONSENT_EVENT, properties };
}

/** A page or screen view with nothing that identifies the person: what may be sent without consent. */
function essentialView(e: ParsedEvent): ParsedEvent {
  const properties: Record<string, unknown> = {};
  for (const field of ESSENTIAL_PAGE_FIELDS) if (typeof e.properties[field] === 'string') properties[field] = e.properties[field];
  const context: Record<string, unknown> = {};
  const page = e.context.page;
  if (isObject(page)) {
    const kept: Record<string, unknown> = {};
    for (const field of ESSENTIAL_PAGE_FIELDS) if (typeof page[field] === 'string') kept[field] = page[field];
    context.page = kept;
  }
  if (isObject(e.context.library)) context.library = e.context.library;
  context.essential = true;
  return { ...e, userId: null, anonymousId: null, groupId: null, properties, context };
}

/** Copies a JSON value with the listed query parameters' values masked in every URL-like string. */
export function maskUrls(value: unknown, masked: ReadonlySet<string>): unknown {
  if (typeof value === 'string') return value.includes('=') ? maskQuery(value, masked) : value;
  if (Array.isArray(value)) return value.map((v) => maskUrls(v, masked));
  if (isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = maskUrls(v, masked);
    return out;
  }
  return value;
}

/** `?token=abc&page=2` → `?token=[masked]&page=2`; also a bare `token=abc&x=1` search string. */
export function maskQuery(text: string, masked: ReadonlySet<string>): string {
  return text.replace(/([?&#]|^)([^=&#?\s]+)=([^&#\s]*)/g, (whole, lead: string, name: string, value: string) => {
    let key: string;
    try {
      key = decodeURIComponent(name.replace(/\+/g, ' ')).toLowerCase();
    } catch {
      key = name.toLowerCase();
    }
    return masked.has(key) && value !== '' ? `${lead}${name}=${MASK}` : whole;
  });
}

/** Scans every string leaf; under `redact` returns a copy with findings replaced, adding what it found to `findings`. */
function guardJson(value: unknown, path: string, policy: 'reject' | 'redact', findings: SensitiveFinding[], key?: string): unknown {
  if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) {
    const field = key === undefined ? { path, value: String(value) } : { path, key, value: String(value) };
    const found = scanField(field);
    if (found.length === 0) return value;
    findings.push(...found);
    return policy === 'redact' ? redactField(field, found) : value;
  }
  if (Array.isArray(value)) return value.map((v, i) => guardJson(v, `${path}[${i}]`, policy, findings, key));
  if (isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = guardJson(v, `${path}.${k}`, policy, findings, k);
    return out;
  }
  return value;
}

/**
 * The day's key for a visitor who sent no id: a hash of the day's random salt, the source, the
 * full IP and the user agent. The salt is deleted when the day ends, after which nobody (Candor
 * included) can tell whose hash it was; the IP itself is never stored whole.
 */
export function visitorKey(salt: string, sourceId: string, ip: string, userAgent: string): string {
  return `v:${createHash('sha256').update(`${salt}\n${sourceId}\n${ip}\n${userAgent}`).digest('base64url').slice(0, 22)}`;
}

/** Crawlers, monitors and headless browsers: their page views would inflate visitor counts. */
const BOT_AGENT = /bot\b|bot\/|crawl|spider|slurp|headless|lighthouse|pingdom|uptime|monitor|facebookexternalhit|embedly|preview|phantomjs|puppeteer|playwright|selenium|wget|curl\//i;

export function isBotAgent(userAgent: string): boolean {
  return userAgent === '' || BOT_AGENT.test(userAgent);
}
