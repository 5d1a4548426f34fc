import type { Mask } from './mask';
import { safe, uuid, now } from './util';

/** Where a page view happened: the fields an essential event may carry, with URLs masked. */
export interface PageInfo {
  path: string;
  url: string;
  referrer: string;
  title: string;
}

export function pageInfo(mask: Mask, referrer: string): PageInfo {
  return { path: mask(location.pathname), url: mask(location.href), referrer: mask(referrer), title: document.title };
}

export const LIBRARY = { name: 'candor-tag', version: __VERSION__ };

/**
 * An event in the Segment Spec's shape. `identity` is present only under functional consent;
 * without it the event is essential: no ids, and `context.consent` says nothing was granted.
 */
export function makeEvent(
  type: string,
  page: PageInfo,
  fields: Record<string, unknown>,
  identity?: { anonymousId: string; userId: string | null; groupId: string | null; marketing: boolean },
  timestamp = now(),
): Record<string, unknown> {
  const context: Record<string, unknown> = { library: LIBRARY, page, consent: { functional: !!identity, marketing: !!identity && identity.marketing } };
  const event: Record<string, unknown> = { type, messageId: uuid(), timestamp, context };
  if (identity) {
    event.anonymousId = identity.anonymousId;
    if (identity.userId) event.userId = identity.userId;
    if (identity.groupId) context.groupId = identity.groupId;
  }
  for (const k in fields) if (fields[k] !== undefined) event[k] = fields[k];
  return event;
}

function prerendering(): boolean {
  return document.prerendering === true || (document.visibilityState as string) === 'prerender';
}

/** True once the page is really shown: a prerendered page may never be seen, so it sends nothing. */
export function isActive(): boolean {
  return !prerendering();
}

/** Runs `start` now, or when a prerendered page is activated. */
export function whenActive(start: () => void): void {
  if (!prerendering()) return start();
  const check = safe(() => {
    if (prerendering()) return;
    document.removeEventListener('prerenderingchange', check);
    document.removeEventListener('visibilitychange', check);
    start();
  });
  document.addEventListener('prerenderingchange', check);
  document.addEventListener('visibilitychange', check);
}

/**
 * Which navigations count as a new page: a new path, or a new hash route (`#/…`, `#!/…`). A new
 * query alone (filters, paging) or an in-page anchor is the same page.
 */
function pageKey(): string {
  return location.pathname + (/^#!?\//.test(location.hash) ? location.hash : '');
}

/**
 * Calls `view(referrer)` for the page now and after every client-side navigation to a new page
 * (history.pushState/replaceState, back/forward, hash routes), never twice in a row for the same
 * page. After a client-side navigation the referrer is the previous page's URL, as it would have
 * been for a full load.
 */
export function watchPages(view: (referrer: string) => void): void {
  let last = '';
  let previousUrl = document.referrer;
  const check = safe(() => {
    const key = pageKey();
    if (key === last) return;
    last = key;
    const referrer = previousUrl;
    previousUrl = location.href;
    view(referrer);
  });
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method];
    // The page's own call runs first and untouched, so its exceptions and return value stay its own.
    history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
      original.apply(this, args);
      check();
    };
  }
  addEventListener('popstate', check);
  addEventListener('hashchange', check);
  check();
}
