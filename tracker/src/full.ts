import type { Candor, CandorCall } from '../candor';
import { privacySignal, readConfig, shouldRun, type Config } from './config';
import { masker } from './mask';
import { isActive, makeEvent, pageInfo, watchPages, whenActive, type PageInfo } from './pages';
import { createTransport } from './transport';
import { isObject, load, now, safe, save, uuid } from './util';

/** The only keys the tag stores, all in localStorage and only under functional consent. */
const AID = 'candor_aid';
const UID = 'candor_uid';
const GID = 'candor_gid';
const CONSENT = 'candor_consent';

/** Opt-in calls held for a decision; more are dropped, so a page that never asks stays bounded. */
const MAX_HELD = 100;

const METHODS = ['identify', 'track', 'page', 'group', 'consent', 'reset', 'flush'];

interface Choice {
  functional: boolean;
  marketing: boolean;
}

/** What `window.candor` is when the tag will send nothing (automation, no write key): calls are accepted and ignored. */
function inert(): Candor {
  const ignore = () => undefined;
  return { identify: ignore, track: ignore, page: ignore, group: ignore, consent: ignore, reset: ignore, flush: () => Promise.resolve(), push: () => 0 };
}

/** A user or group id: a non-empty string, or a finite number sent as text (Segment allows both). */
function idOf(value: unknown): string | null {
  return (typeof value === 'string' && value.trim()) || (typeof value === 'number' && isFinite(value)) ? String(value) : null;
}

function storedChoice(): Choice | null {
  try {
    const c = JSON.parse(load(CONSENT) || 'null');
    return c && c.functional === true ? { functional: true, marketing: c.marketing === true } : null;
  } catch {
    return null;
  }
}

function createTag(cfg: Config): { api: Candor; start(): void } {
  const mask = masker(cfg.maskParams);
  const transport = createTransport(cfg.api, cfg.writeKey, isActive);
  // A DNT/GPC signal outranks any consent() call: the person said no before the site asked.
  const signal = cfg.honourSignals && privacySignal();
  let choice = signal ? null : storedChoice();
  let anonymousId: string | null = null;
  let userId: string | null = null;
  let groupId: string | null = null;
  let held: Array<() => void> = [];
  let referrer = document.referrer;

  const functional = () => !signal && (choice ? choice.functional : cfg.mode === 'opt-out');
  const marketing = () => functional() && !!choice && choice.marketing;
  const undecided = () => !signal && !choice && cfg.mode === 'opt-in';

  function forget(all: boolean): void {
    anonymousId = userId = groupId = null;
    save(AID, null);
    save(UID, null);
    save(GID, null);
    if (all) save(CONSENT, null);
  }

  if (functional()) {
    anonymousId = load(AID);
    userId = load(UID);
    groupId = load(GID);
  } else {
    // Left from an earlier grant, or stored before a signal was switched on: not ours to keep.
    forget(true);
  }

  function identity() {
    if (!anonymousId) save(AID, (anonymousId = uuid()));
    return { anonymousId, userId, groupId, marketing: marketing() };
  }

  function emit(type: string, fields: Record<string, unknown>, at = now(), page: PageInfo = pageInfo(mask, referrer)): void {
    transport.send(makeEvent(type, page, fields, functional() ? identity() : undefined, at));
  }

  /**
   * Whether an identified call may be sent now. In opt-in mode before any decision it is held,
   * with its time, and sent if consent is granted on this page; a refusal, a privacy signal or
   * leaving the page drops it. Marketing calls also need marketing consent.
   */
  function allowed(isMarketing: boolean, replay: () => void): boolean {
    if (functional() && (!isMarketing || marketing())) return true;
    if (undecided() && held.length < MAX_HELD) held.push(replay);
    return false;
  }

  function identify(id: unknown, traits: unknown, at = now()): void {
    if (isObject(id)) {
      traits = id;
      id = undefined;
    }
    const user = idOf(id);
    if ((!user && !isObject(traits)) || !allowed(false, () => identify(id, traits, at))) return;
    if (user) save(UID, (userId = user));
    emit('identify', { traits: isObject(traits) ? traits : {} }, at);
  }

  function track(event: unknown, properties: unknown, options: unknown, at = now()): void {
    if (typeof event !== 'string' || !event.trim()) return;
    if (!allowed(isObject(options) && options.marketing === true, () => track(event, properties, options, at))) return;
    emit('track', { event, properties: isObject(properties) ? properties : {} }, at);
  }

  /** Essential without functional consent: the page fields and the name, custom properties dropped. */
  function page(name: unknown, properties: unknown): void {
    if (isObject(name)) {
      properties = name;
      name = undefined;
    }
    const info = pageInfo(mask, referrer);
    // The page fields win over custom ones, so a property cannot carry an unmasked URL.
    const custom = functional() && isObject(properties) ? properties : {};
    emit('page', { name: typeof name === 'string' && name ? name : undefined, properties: Object.assign({}, custom, info) }, now(), info);
  }

  function group(id: unknown, traits: unknown, at = now()): void {
    const account = idOf(id);
    if (!account || !allowed(false, () => group(id, traits, at))) return;
    save(GID, (groupId = account));
    emit('group', { groupId: account, traits: isObject(traits) ? traits : {} }, at);
  }

  /**
   * Records the visitor's choice. A grant is stored (so the next page knows it) and releases the
   * held calls; a refusal or withdrawal is kept in memory only and removes every stored key, so
   * saying no leaves nothing behind. A missing field is a refusal: silence is not consent.
   */
  function consent(c: unknown): void {
    const granted = isObject(c) && c.functional === true;
    choice = { functional: granted, marketing: granted && isObject(c) && c.marketing === true };
    const replay = held;
    held = [];
    if (functional()) {
      save(CONSENT, JSON.stringify(choice));
      replay.forEach((call) => safe(call)());
    } else {
      forget(true);
    }
    // The record of the choice (P14): what was chosen, when, under which banner version, and how
    // (a signal outranks the click; `method: 'click'` is the banner's answer). Sent whatever the choice: keeping it is the site's duty.
    // It names the browser only when the visitor allowed an id.
    const method = signal ? 'signal' : isObject(c) && c.method === 'click' ? 'click' : 'api';
    emit('track', { event: '$consent', properties: { functional: functional(), marketing: marketing(), method, version: cfg.consentVersion } });
  }

  const api: Candor = {
    identify: safe((id?: unknown, traits?: unknown) => identify(id, traits)),
    track: safe((event?: unknown, properties?: unknown, options?: unknown) => track(event, properties, options)),
    page: safe((name?: unknown, properties?: unknown) => page(name, properties)),
    group: safe((id?: unknown, traits?: unknown) => group(id, traits)),
    consent: safe(consent),
    // Calls held for consent belong to the person signing out, so they go too.
    reset: safe(() => {
      held = [];
      forget(false);
    }),
    flush: () => transport.flush(),
    push: (...calls: unknown[]) => {
      for (const call of calls) {
        safe(() => {
          if (Array.isArray(call) && METHODS.indexOf(call[0]) >= 0) (api[call[0] as 'track'] as (...a: unknown[]) => void)(...call.slice(1));
        })();
      }
      return 0;
    },
  };

  return {
    api,
    start: () =>
      whenActive(() =>
        watchPages((r) => {
          referrer = r;
          page(undefined, undefined);
        }),
      ),
  };
}

safe(() => {
  const w = window as unknown as { candor?: unknown };
  const queued = w.candor;
  // Another copy's API, or a name the page uses for something else: leave it alone.
  if (queued && !Array.isArray(queued)) return;
  w.candor = inert();
  const cfg = shouldRun() ? readConfig() : undefined;
  if (!cfg) return;
  const tag = createTag(cfg);
  w.candor = tag.api;
  // Consent calls first, so calls queued before the tag loaded are judged by the visitor's choice.
  const calls: unknown[] = Array.isArray(queued) ? queued : [];
  const isConsent = (c: unknown) => Array.isArray(c) && c[0] === 'consent';
  tag.api.push(...(calls.filter(isConsent).concat(calls.filter((c) => !isConsent(c))) as CandorCall[]));
  tag.start();
})();
