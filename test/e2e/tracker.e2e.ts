import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Candor } from '../../tracker/candor.js';

/**
 * The tracking tag alone, in Debian Chromium: a "site" server on one port serves the test pages,
 * a stand-in for Candor on another serves the built tag and records every batch, so each page
 * talks to the API cross-origin as a customer's site would.
 */

/**
 * The harness's flags (test/e2e/harness.ts) plus one: without it Chromium reports
 * navigator.webdriver, and the tag, rightly, stays silent for automated browsers.
 */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-blink-features=AutomationControlled'];

const file = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const VERSION = (JSON.parse(readFileSync(file('package.json'), 'utf8')) as { version: string }).version;
const KEEPALIVE_BYTES = 65536;

interface SentEvent {
  type: string;
  messageId: string;
  timestamp: string;
  anonymousId?: string;
  userId?: string;
  event?: string;
  name?: string;
  groupId?: string;
  properties?: Record<string, unknown>;
  traits?: Record<string, unknown>;
  context: { library: { name: string; version: string }; page: Record<string, string>; consent: { functional: boolean; marketing: boolean }; groupId?: string };
}

interface Received {
  writeKey: string;
  sentAt: string;
  batch: SentEvent[];
  bytes: number;
  status: number;
  contentType: string;
  cookie: string | undefined;
  origin: string | undefined;
}

/** How the stand-in answers the next batch; `drop` closes the connection, a network error for the tag. */
interface Answer {
  status: number;
  headers?: Record<string, string>;
  drop?: boolean;
}

const received: Received[] = [];
const preflights: string[] = [];
const answers: Answer[] = [];
const sitePages = new Map<string, string>();
let api: { server: Server; url: string };
let site: { server: Server; url: string };
let browser: Browser;
/**
 * Two pages reused by every test, since a new renderer costs more than the test itself: one with
 * real time, one whose context runs on Playwright's fake clock (a clock cannot be uninstalled).
 */
let realTime: Page;
let fakeTime: Page;
let pageErrors: string[] = [];
let writeKey = '';
let testNumber = 0;

function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
  });
}

function candorStandIn(req: IncomingMessage, res: ServerResponse): void {
  const cors = { 'access-control-allow-origin': req.headers.origin ?? '*', 'access-control-expose-headers': 'Retry-After' };
  if (req.method === 'OPTIONS') {
    preflights.push(req.url ?? '');
    res.writeHead(204, { ...cors, 'access-control-allow-methods': 'POST', 'access-control-allow-headers': 'content-type' }).end();
    return;
  }
  const tag = /^\/tag\/v1\/(candor(?:-lite|-consent)?\.js)$/.exec(req.url ?? '');
  if (req.method === 'GET' && tag) {
    res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' }).end(readFileSync(file(`dist/tracker/${tag[1]}`)));
    return;
  }
  if (req.method !== 'POST' || req.url !== '/v1/b') {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const raw = Buffer.concat(chunks);
    const body = JSON.parse(raw.toString('utf8')) as { writeKey: string; sentAt: string; batch: SentEvent[] };
    const answer = answers.shift() ?? { status: 200 };
    received.push({ ...body, bytes: raw.length, status: answer.drop ? 0 : answer.status, contentType: req.headers['content-type'] ?? '', cookie: req.headers.cookie, origin: req.headers.origin });
    if (answer.drop) {
      req.socket.destroy();
      return;
    }
    res.writeHead(answer.status, { ...cors, 'content-type': 'application/json', ...answer.headers }).end(answer.status < 300 ? '{"success":true}' : '{"error":"test"}');
  });
}

function sitePage(req: IncomingMessage, res: ServerResponse): void {
  const path = new URL(req.url ?? '/', site.url).pathname;
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(sitePages.get(path) ?? '<!doctype html><title>Elsewhere</title><p>Another site page without the tag.</p>');
}

beforeAll(async () => {
  // Builds the bundles under test; a bundle over its budget fails here, as it fails CI.
  execFileSync(process.execPath, [file('tracker/build.mjs')], { stdio: 'pipe' });
  api = await listen(candorStandIn);
  site = await listen(sitePage);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  realTime = await newPage(false);
  fakeTime = await newPage(true);
});

async function newPage(clock: boolean): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  if (clock) {
    // Paused from the start and in every page loaded after: timers run only when a test moves time.
    const start = Date.now();
    await page.clock.install({ time: start });
    await page.clock.pauseAt(start + 10_000);
  }
  page.on('pageerror', (e) => pageErrors.push(e.message));
  return page;
}

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => api?.server.close(r));
  await new Promise((r) => site?.server.close(r));
});

beforeEach(async () => {
  // A fresh key per test: a batch the previous test's page sends as it is left does not count here.
  writeKey = `cpk_test${++testNumber}`;
  answers.length = 0;
  sitePages.clear();
  for (const page of [realTime, fakeTime]) {
    await page.goto(`${site.url}/blank`);
    await page.evaluate(() => {
      localStorage.clear();
      sessionStorage.clear();
    });
    await page.context().clearCookies();
  }
  pageErrors = [];
});

afterEach(() => {
  expect(pageErrors).toEqual([]);
});

interface Setup {
  /** Script attributes besides data-write-key. */
  attrs?: Record<string, string>;
  build?: 'candor.js' | 'candor-lite.js';
  /** HTML placed before the tag, e.g. a queue of calls. */
  before?: string;
  /** HTML placed after the tag, e.g. the consent banner's script. */
  after?: string;
  /** Scripts the page runs first (privacy signals, broken storage); the tag is deferred, so it sees their effect. */
  init?: string[];
  /** Playwright's fake clock, so timers run only when the test moves time. */
  clock?: boolean;
  /** Path and query to open; the page is served for its path. */
  at?: string;
}

/** Records what the tag asks fetch and sendBeacon to do, for the keepalive assertions. */
const RECORD_SENDS = `(() => {
  window.__sends = [];
  const f = window.fetch;
  window.fetch = function (input, init) { window.__sends.push({ via: 'fetch', keepalive: !!(init && init.keepalive) }); return f.apply(this, arguments); };
  const b = navigator.sendBeacon;
  navigator.sendBeacon = function (url, data) { const ok = b.call(navigator, url, data); window.__sends.push({ via: 'beacon', ok }); return ok; };
})();`;

async function open(setup: Setup = {}): Promise<Page> {
  const build = setup.build ?? 'candor.js';
  const at = setup.at ?? '/app';
  const attrs = Object.entries({ 'data-write-key': writeKey, ...setup.attrs })
    .map(([k, v]) => `${k}="${v}"`)
    .join(' ');
  const init = [RECORD_SENDS, ...(setup.init ?? [])].map((script) => `<script>${script}</script>`).join('');
  sitePages.set(new URL(at, site.url).pathname, `<!doctype html><html><head><meta charset="utf-8"><title>Pricing</title>${init}${setup.before ?? ''}<script defer src="${api.url}/tag/v1/${build}" ${attrs}></script>${setup.after ?? ''}</head><body><p>A customer's page.</p></body></html>`);
  const page = setup.clock ? fakeTime : realTime;
  await page.goto(site.url + at);
  if (build === 'candor.js') await page.waitForFunction(() => typeof (window.candor as Candor).flush === 'function');
  return page;
}

function flush(page: Page): Promise<void> {
  return page.evaluate(() => (window.candor as Candor).flush());
}

/** The batches this test's pages sent, in arrival order. */
function requests(): Received[] {
  return received.filter((r) => r.writeKey === writeKey);
}

/** Everything the stand-in accepted, consent records included. */
function accepted(): SentEvent[] {
  return requests()
    .filter((r) => r.status >= 200 && r.status < 300)
    .flatMap((r) => r.batch);
}

/** The events the stand-in accepted, without the consent records (which the tests below check on their own). */
function events(): SentEvent[] {
  return accepted().filter((e) => e.event !== '$consent');
}

/** The records of consent choices the tag sent (P14). */
function consentRecords(): SentEvent[] {
  return accepted().filter((e) => e.type === 'track' && e.event === '$consent');
}

async function until(condition: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Moves the page's fake clock a second at a time until `condition` holds. */
async function runClockUntil(page: Page, condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 120 && !condition(); i++) {
    await page.clock.runFor(1000);
    await new Promise((r) => setTimeout(r, 25));
  }
  if (!condition()) throw new Error(`no ${what} within 120 s of page time`);
}

async function storage(page: Page): Promise<{ local: Record<string, string>; session: number; cookies: number }> {
  const { local, session } = await page.evaluate(() => ({ local: { ...localStorage }, session: sessionStorage.length }));
  return { local, session, cookies: (await page.context().cookies()).length };
}

const NOTHING_STORED = { local: {}, session: 0, cookies: 0 };

/** An essential event: a page view with where it happened and nothing about who. */
function expectEssential(e: SentEvent): void {
  expect(e.type).toBe('page');
  expect(Object.keys(e).filter((k) => !['type', 'messageId', 'timestamp', 'name', 'properties', 'context'].includes(k))).toEqual([]);
  expect(Object.keys(e.properties ?? {}).sort()).toEqual(['path', 'referrer', 'title', 'url']);
  expect(Object.keys(e.context).sort()).toEqual(['consent', 'library', 'page']);
  expect(e.context.consent).toEqual({ functional: false, marketing: false });
}

function trackNames(): (string | undefined)[] {
  return events()
    .filter((e) => e.type === 'track')
    .map((e) => e.event);
}

describe('tracking tag: the consent banner', () => {
  const banner = (attrs = '') => `<script defer src="${api.url}/tag/v1/candor-consent.js" data-policy-url="/privacy" ${attrs}></script>`;
  const region = (page: Page) => page.getByRole('region', { name: 'Privacy choices' });

  it('[P08][P14] asks before anything beyond essential views leaves the browser; "Reject all" is one click, is recorded, stores no id and is not asked again', async () => {
    const page = await open({ attrs: { 'data-consent-version': 'notice-v1' }, after: banner() });
    await expect.poll(() => region(page).isVisible()).toBe(true);
    expect(await region(page).getByRole('link', { name: 'Privacy notice' }).getAttribute('href')).toBe('/privacy');
    await page.evaluate(() => (window.candor as Candor).track('Clicked buy'));
    await flush(page);
    expect(events().map((e) => e.type)).toEqual(['page']);
    events().forEach(expectEssential);

    await region(page).getByRole('button', { name: 'Reject all' }).click();
    await expect.poll(() => region(page).count()).toBe(0);
    await flush(page);
    await until(() => consentRecords().length === 1, 'the consent record');
    expect(consentRecords()[0]!.properties).toEqual({ functional: false, marketing: false, method: 'click', version: 'notice-v1' });
    expect(consentRecords()[0]!.anonymousId).toBeUndefined();
    expect(events().some((e) => e.event === 'Clicked buy')).toBe(false);
    // The answer is kept (no id in it), so the next page does not ask again.
    expect((await storage(page)).local).toEqual({ candor_choice: '{"f":false,"m":false,"v":"notice-v1"}' });
    await page.reload();
    await page.waitForFunction(() => typeof (window as unknown as { candorConsent?: unknown }).candorConsent === 'object');
    expect(await region(page).count()).toBe(0);
  });

  it('[P08][P14] "Accept all" sends the calls held on the page; candorConsent.open() lets the visitor withdraw as easily, which clears what the tag stored', async () => {
    const page = await open({ attrs: { 'data-consent-version': 'notice-v1' }, after: banner() });
    await page.evaluate(() => (window.candor as Candor).track('Clicked buy'));
    await region(page).getByRole('button', { name: 'Accept all' }).click();
    await flush(page);
    await until(() => events().some((e) => e.event === 'Clicked buy'), 'the held call');
    const stored = (await storage(page)).local;
    expect(events().find((e) => e.event === 'Clicked buy')!.anonymousId).toBe(stored.candor_aid);
    expect(consentRecords().map((r) => r.properties)).toEqual([{ functional: true, marketing: true, method: 'click', version: 'notice-v1' }]);

    await page.evaluate(() => (window as unknown as { candorConsent: { open(): void } }).candorConsent.open());
    await expect.poll(() => region(page).isVisible()).toBe(true);
    await region(page).getByRole('button', { name: 'Choose' }).click();
    expect(await region(page).getByRole('checkbox', { name: /Product analytics/ }).isChecked()).toBe(true);
    await region(page).getByRole('checkbox', { name: /Product analytics/ }).uncheck();
    await region(page).getByRole('button', { name: 'Save choices' }).click();
    await flush(page);
    await until(() => consentRecords().length === 2, 'the withdrawal record');
    expect(consentRecords()[1]!.properties).toMatchObject({ functional: false, method: 'click' });
    expect((await storage(page)).local).toEqual({ candor_choice: '{"f":false,"m":false,"v":"notice-v1"}' });
  });

  it('asks again when the banner version changes, and shows nothing to a browser that sends Global Privacy Control', async () => {
    const first = await open({ attrs: { 'data-consent-version': 'notice-v1' }, after: banner() });
    await region(first).getByRole('button', { name: 'Reject all' }).click();
    const second = await open({ attrs: { 'data-consent-version': 'notice-v2' }, after: banner() });
    await expect.poll(() => region(second).isVisible()).toBe(true);

    await second.evaluate(() => localStorage.clear());
    const gpc = `Object.defineProperty(navigator, 'globalPrivacyControl', { value: true, configurable: true });`;
    const signalled = await open({ init: [gpc], after: banner() });
    await signalled.waitForFunction(() => typeof (window as unknown as { candorConsent?: unknown }).candorConsent === 'object');
    expect(await region(signalled).count()).toBe(0);
  });
});

describe('tracking tag: consent', () => {
  it('[P14] records each choice with its banner version and how it was made, naming the browser only after a grant', async () => {
    const page = await open({ attrs: { 'data-consent-version': 'banner-2026-11' } });
    await page.evaluate(async () => {
      const c = window.candor as Candor;
      c.consent({ functional: false });
      c.consent({ functional: true, marketing: true });
      await c.flush();
    });
    await until(() => consentRecords().length === 2, 'two consent records');
    const [refusal, grant] = consentRecords();
    expect(refusal!.properties).toEqual({ functional: false, marketing: false, method: 'api', version: 'banner-2026-11' });
    expect(refusal!.anonymousId).toBeUndefined();
    expect(grant!.properties).toEqual({ functional: true, marketing: true, method: 'api', version: 'banner-2026-11' });
    expect(grant!.anonymousId).toEqual((await storage(page)).local.candor_aid);
  });

  it('[P08][P14] in opt-in mode nothing but essential page views leaves the browser before consent, and nothing is stored', async () => {
    const page = await open({ before: `<script>window.candor = window.candor || []; candor.push(['identify', 'u-early', { plan: 'pro' }]);</script>` });
    await page.evaluate(() => {
      const c = window.candor as Candor;
      c.track('Clicked buy', { button: 'buy' });
      c.identify('u1', { name: 'Ada Lovelace' });
      c.group('acme', { name: 'Acme' });
      c.page('Pricing', { plan: 'pro' });
    });
    await flush(page);

    const sent = events();
    expect(sent.map((e) => [e.type, e.name])).toEqual([
      ['page', undefined],
      ['page', 'Pricing'],
    ]);
    sent.forEach(expectEssential);
    expect(sent[0]!.properties).toEqual({ path: '/app', url: `${site.url}/app`, referrer: '', title: 'Pricing' });
    expect(sent[0]!.context.library).toEqual({ name: 'candor-tag', version: VERSION });
    expect(sent[0]!.messageId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(JSON.stringify(requests())).not.toMatch(/Ada|acme|u-early|u1|buy/);
    expect(await storage(page)).toEqual(NOTHING_STORED);

    // Cross-origin, cookieless and without a preflight: text/plain is a CORS simple request.
    for (const r of requests()) {
      expect(r.contentType).toMatch(/^text\/plain/);
      expect(r.cookie).toBeUndefined();
      expect(r.origin).toBe(site.url);
      expect(Date.parse(r.sentAt)).toBeGreaterThanOrEqual(Date.parse(sent[0]!.timestamp));
    }
    expect(preflights).toEqual([]);
  });

  it('[P08][P14] consent({ functional: true }) sends the calls held on this page, identified, and later events carry the ids', async () => {
    const page = await open({ before: `<script>window.candor = window.candor || []; candor.push(['identify', 'u-early', { plan: 'pro' }]);</script>` });
    const calledAt = await page.evaluate(() => {
      const c = window.candor as Candor;
      c.track('Clicked buy', { button: 'buy' });
      c.identify('u1', { name: 'Ada Lovelace' });
      c.group('acme', { name: 'Acme' });
      return new Date().toISOString();
    });
    await flush(page);
    expect(events().map((e) => e.type)).toEqual(['page']);

    await page.evaluate(async () => {
      const c = window.candor as Candor;
      c.consent({ functional: true });
      c.track('After consent');
      await c.flush();
    });
    const stored = (await storage(page)).local;
    expect(stored).toEqual({ candor_aid: expect.any(String), candor_uid: 'u1', candor_gid: 'acme', candor_consent: '{"functional":true,"marketing":false}' });

    const identified = events().slice(1);
    expect(identified.map((e) => [e.type, e.event ?? e.groupId ?? e.userId])).toEqual([
      ['identify', 'u-early'],
      ['track', 'Clicked buy'],
      ['identify', 'u1'],
      ['group', 'acme'],
      ['track', 'After consent'],
    ]);
    for (const e of identified) {
      expect(e.anonymousId).toBe(stored.candor_aid);
      expect(e.context.consent).toEqual({ functional: true, marketing: false });
    }
    // Held calls keep the time they were made.
    for (const e of identified.slice(0, 4)) expect(e.timestamp <= calledAt).toBe(true);
    expect(identified[0]!.traits).toEqual({ plan: 'pro' });
    expect(identified[4]).toMatchObject({ userId: 'u1', context: { groupId: 'acme' } });

    // The grant is remembered: on the next page the queued identify is sent at once, and the
    // automatic view carries the same ids.
    await page.reload();
    await flush(page);
    const [again, view] = events().slice(-2);
    expect(again).toMatchObject({ type: 'identify', userId: 'u-early', anonymousId: stored.candor_aid });
    expect(view).toMatchObject({ type: 'page', userId: 'u-early', anonymousId: stored.candor_aid, context: { groupId: 'acme', consent: { functional: true } } });
  });

  it('[P14] a refusal drops the held calls and leaves no storage behind', async () => {
    const page = await open();
    await page.evaluate(async () => {
      const c = window.candor as Candor;
      c.track('Before the banner');
      c.identify('u1');
      c.consent({ functional: false, marketing: true });
      c.track('After refusing');
      c.page('Pricing', { plan: 'pro' });
      await c.flush();
    });
    expect(events().map((e) => [e.type, e.name])).toEqual([
      ['page', undefined],
      ['page', 'Pricing'],
    ]);
    events().forEach(expectEssential);
    expect(await storage(page)).toEqual(NOTHING_STORED);
  });

  it('[P14] withdrawal removes candor_aid, candor_uid and candor_consent at once, and later events are essential only', async () => {
    const page = await open();
    await page.evaluate(async () => {
      const c = window.candor as Candor;
      c.consent({ functional: true, marketing: true });
      c.identify('u1', { name: 'Ada Lovelace' });
      c.group('acme');
      c.track('Before withdrawing');
      await c.flush();
    });
    expect(Object.keys((await storage(page)).local).sort()).toEqual(['candor_aid', 'candor_consent', 'candor_gid', 'candor_uid']);
    const before = events().length;

    await page.evaluate(() => (window.candor as Candor).consent({ functional: false }));
    expect(await storage(page)).toEqual(NOTHING_STORED);
    await page.evaluate(async () => {
      const c = window.candor as Candor;
      c.track('After withdrawing');
      c.identify('u2');
      c.group('globex');
      c.page('Pricing', { plan: 'pro' });
      await c.flush();
    });
    const after = events().slice(before);
    expect(after.map((e) => e.name)).toEqual(['Pricing']);
    after.forEach(expectEssential);

    // Nothing remembers the person on the next page either.
    await page.reload();
    await flush(page);
    expectEssential(events().at(-1)!);
    expect(await storage(page)).toEqual(NOTHING_STORED);
  });

  it('[P14] in opt-out mode events are identified until consent({ functional: false })', async () => {
    const page = await open({ attrs: { 'data-consent': 'opt-out' } });
    await page.evaluate(async () => {
      const c = window.candor as Candor;
      c.track('Default on');
      await c.flush();
      c.consent({ functional: false });
      c.track('After refusing');
      await c.flush();
    });
    const [view, track] = events();
    expect(view).toMatchObject({ type: 'page', anonymousId: expect.any(String), context: { consent: { functional: true, marketing: false } } });
    expect(track).toMatchObject({ type: 'track', event: 'Default on', anonymousId: view!.anonymousId });
    expect(trackNames()).toEqual(['Default on']);
    expect(await storage(page)).toEqual(NOTHING_STORED);
  });

  it('[P14] a track call flagged marketing is sent only with marketing consent', async () => {
    const page = await open();
    await page.evaluate(async () => {
      const c = window.candor as Candor;
      c.consent({ functional: true });
      c.track('Ad conversion 1', {}, { marketing: true });
      c.track('Feature used');
      c.consent({ functional: true, marketing: true });
      c.track('Ad conversion 2', {}, { marketing: true });
      await c.flush();
    });
    expect(trackNames()).toEqual(['Feature used', 'Ad conversion 2']);
    expect(events().find((e) => e.event === 'Feature used')!.context.consent).toEqual({ functional: true, marketing: false });
    expect(events().find((e) => e.event === 'Ad conversion 2')!.context.consent).toEqual({ functional: true, marketing: true });
  });
});

describe('tracking tag: privacy signals', () => {
  const GPC = `Object.defineProperty(navigator, 'globalPrivacyControl', { value: true, configurable: true });`;
  const DNT = `Object.defineProperty(navigator, 'doNotTrack', { value: '1', configurable: true });`;
  // What an earlier visit, before the signal was switched on, might have left.
  const EARLIER_VISIT = `localStorage.setItem('candor_aid', 'old-aid'); localStorage.setItem('candor_consent', '{"functional":true,"marketing":true}');`;

  async function consentEverything(page: Page): Promise<void> {
    await page.evaluate(async () => {
      const c = window.candor as Candor;
      c.consent({ functional: true, marketing: true });
      c.identify('u1', { name: 'Ada Lovelace' });
      c.group('acme');
      c.track('Clicked buy', {}, { marketing: true });
      c.track('Feature used');
      c.page('Pricing', { plan: 'pro' });
      await c.flush();
    });
  }

  for (const [signal, script] of [
    ['Global Privacy Control', GPC],
    ['Do Not Track', DNT],
  ] as const) {
    it(`[P18] with ${signal} only essential events are sent, even after consent(), and nothing is stored`, async () => {
      const page = await open({ init: [EARLIER_VISIT, script], attrs: { 'data-consent': 'opt-out' } });
      await consentEverything(page);
      expect(events().map((e) => e.name)).toEqual([undefined, 'Pricing']);
      events().forEach(expectEssential);
      expect(JSON.stringify(requests())).not.toMatch(/old-aid|Ada|acme|u1/);
      expect(await storage(page)).toEqual(NOTHING_STORED);
    });
  }

  it('[P18] with data-signals="ignore" a Global Privacy Control signal does not downgrade consented events', async () => {
    const page = await open({ init: [GPC], attrs: { 'data-signals': 'ignore' } });
    await consentEverything(page);
    expect(trackNames()).toEqual(['Clicked buy', 'Feature used']);
    expect(events().at(-1)).toMatchObject({ type: 'page', name: 'Pricing', userId: 'u1', properties: { plan: 'pro' }, context: { groupId: 'acme', consent: { functional: true, marketing: true } } });
  });
});

describe('tracking tag: page views', () => {
  it('SPA navigation sends one page view per new path, with the previous page as referrer and listed query parameters masked', async () => {
    const page = await open({ attrs: { 'data-mask-params': 'ref_code, Invite' }, at: '/app?token=abc123&utm_source=news' });
    await page.evaluate(() => {
      history.pushState({}, '', '/app/reports?ref_code=R-secret&email=ada%40example.com&page=2');
      // Same path, new query, an in-page anchor: the same page.
      history.replaceState({}, '', '/app/reports?page=3');
      location.hash = 'summary';
      history.pushState({}, '', '/app/callback#access_token=XYZ-secret&INVITE=inv-secret&view=full');
    });
    await page.evaluate(() => new Promise<void>((resolve) => {
      addEventListener('popstate', () => resolve(), { once: true });
      history.go(-2);
    }));
    await flush(page);

    const views = events();
    expect(views.map((e) => e.properties!.path)).toEqual(['/app', '/app/reports', '/app/callback', '/app/reports']);
    expect(views.map((e) => e.properties!.url)).toEqual([
      `${site.url}/app?token=[masked]&utm_source=news`,
      `${site.url}/app/reports?ref_code=[masked]&email=[masked]&page=2`,
      `${site.url}/app/callback#access_token=[masked]&INVITE=[masked]&view=full`,
      `${site.url}/app/reports?page=3`,
    ]);
    expect(views[1]!.properties!.referrer).toBe(views[0]!.properties!.url);
    for (const e of views) expect(e.context.page).toEqual(e.properties);
    expect(JSON.stringify(requests())).not.toMatch(/abc123|R-secret|ada%40|XYZ-secret|inv-secret/);
  });

  it('a prerendered page sends nothing until it is shown', async () => {
    const prerender = `(() => {
      let state = 'prerender';
      Object.defineProperty(Document.prototype, 'visibilityState', { get: () => state, configurable: true });
      Object.defineProperty(Document.prototype, 'prerendering', { get: () => state === 'prerender', configurable: true });
      window.__activate = () => { state = 'visible'; document.dispatchEvent(new Event('prerenderingchange')); };
    })();`;
    const page = await open({ init: [prerender], attrs: { 'data-consent': 'opt-out' } });
    await page.evaluate(async () => {
      (window.candor as Candor).track('While prerendered');
      await (window.candor as Candor).flush();
    });
    expect(requests()).toEqual([]);
    await page.evaluate(() => (window as unknown as { __activate(): void }).__activate());
    await flush(page);
    expect(events().map((e) => e.event ?? e.type)).toEqual(['While prerendered', 'page']);
  });

  it('the lite build sends only essential page views, on load and on SPA navigation, and stores nothing', async () => {
    const page = await open({ build: 'candor-lite.js', clock: true, at: '/docs?email=ada%40example.com', attrs: { 'data-consent': 'opt-out', 'data-signals': 'ignore' } });
    expect(await page.evaluate(() => typeof window.candor)).toBe('undefined');
    await page.evaluate(() => history.pushState({}, '', '/docs/install?token=t-secret'));
    // The batch timer is the only way lite sends while the page stays open.
    await page.clock.runFor(2000);
    await until(() => events().length === 2, 'the two page views');
    expect(events().map((e) => e.properties!.url)).toEqual([`${site.url}/docs?email=[masked]`, `${site.url}/docs/install?token=[masked]`]);
    events().forEach(expectEssential);
    expect(await storage(page)).toEqual(NOTHING_STORED);
  });

  it('an automated browser (navigator.webdriver) sends nothing, and window.candor still accepts calls', async () => {
    const page = await open({ init: [`Object.defineProperty(navigator, 'webdriver', { value: true, configurable: true });`], clock: true, attrs: { 'data-consent': 'opt-out' } });
    await page.evaluate(async () => {
      (window.candor as Candor).track('Bot click');
      await (window.candor as Candor).flush();
    });
    await page.clock.runFor(10_000);
    await new Promise((r) => setTimeout(r, 200));
    expect(requests()).toEqual([]);
    expect(await storage(page)).toEqual(NOTHING_STORED);
  });
});

describe('tracking tag: delivery', () => {
  const BIG = 6000;

  it('on pagehide the queue leaves in keepalive requests of at most 64 KB, and all of it arrives', async () => {
    const page = await open({ attrs: { 'data-consent': 'opt-out' } });
    const sends = await page.evaluate((size) => {
      const c = window.candor as Candor;
      // 18 calls and the page view: one short of the 20 that would send a batch.
      for (let i = 0; i < 18; i++) c.track('Report exported', { i, rows: 'x'.repeat(size) });
      dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }));
      return (window as unknown as { __sends: unknown[] }).__sends.slice();
    }, BIG);
    // About 110 KB: the second request waits for the first to leave the 64 KB in-flight quota.
    expect(sends).toEqual([{ via: 'fetch', keepalive: true }, { via: 'beacon', ok: false }]);
    await until(() => events().length === 19, 'all 19 events');
    expect(requests().length).toBe(2);
    for (const r of requests()) expect(r.bytes).toBeLessThanOrEqual(KEEPALIVE_BYTES);
    expect(new Set(events().map((e) => e.messageId)).size).toBe(19);
    expect(await page.evaluate(() => (window as unknown as { __sends: { via: string; keepalive?: boolean }[] }).__sends.filter((s) => s.via === 'fetch').map((s) => s.keepalive))).toEqual([true, true]);
  });

  it('events queued when the visitor navigates away still arrive, through keepalive', async () => {
    const page = await open({ attrs: { 'data-consent': 'opt-out' } });
    await page.evaluate(() => {
      const c = window.candor as Candor;
      for (let i = 0; i < 10; i++) c.track('Saved', { i, notes: 'x'.repeat(3000) });
    });
    await page.goto(`${site.url}/elsewhere`);
    await until(() => events().length === 11, 'the 11 queued events after the page was left');
    expect(trackNames()).toHaveLength(10);
  });

  it('retries a batch the server answered 500, twice, with backoff: each event is accepted once, with the same messageId and a new sentAt', async () => {
    const page = await open({ clock: true, attrs: { 'data-consent': 'opt-out' } });
    answers.push({ status: 500 }, { status: 500 });
    await page.evaluate(async () => {
      (window.candor as Candor).track('Invoice paid');
      await (window.candor as Candor).flush();
    });
    await runClockUntil(page, () => requests().length === 3, 'third attempt');
    const [first, second, third] = requests();
    expect([first!.status, second!.status, third!.status]).toEqual([500, 500, 200]);
    expect(second!.batch).toEqual(first!.batch);
    expect(third!.batch).toEqual(first!.batch);
    expect(first!.sentAt < second!.sentAt && second!.sentAt < third!.sentAt).toBe(true);
    await page.clock.runFor(60_000);
    await flush(page);
    expect(requests()).toHaveLength(3);
    expect(events().map((e) => e.event ?? e.type)).toEqual(['page', 'Invoice paid']);
  });

  it('retries after a network error', async () => {
    const page = await open({ clock: true, attrs: { 'data-consent': 'opt-out' } });
    answers.push({ status: 0, drop: true });
    await flush(page);
    await runClockUntil(page, () => events().length === 1, 'the retried page view');
    expect(requests().map((r) => r.status)).toEqual([0, 200]);
  });

  it('drops a batch the server refuses with 400, without retrying', async () => {
    const page = await open({ clock: true, attrs: { 'data-consent': 'opt-out' } });
    answers.push({ status: 400 });
    await flush(page);
    await page.clock.runFor(120_000);
    await new Promise((r) => setTimeout(r, 200));
    expect(requests().map((r) => r.status)).toEqual([400]);
    await page.evaluate(async () => {
      (window.candor as Candor).track('Next');
      await (window.candor as Candor).flush();
    });
    expect(requests().map((r) => r.batch.map((e) => e.event ?? e.type))).toEqual([['page'], ['Next']]);
  });

  it('gives up after five tries', async () => {
    const page = await open({ clock: true, attrs: { 'data-consent': 'opt-out' } });
    answers.push(...Array.from({ length: 6 }, () => ({ status: 503 })));
    await flush(page);
    await runClockUntil(page, () => requests().length === 5, 'the fifth try');
    await page.clock.runFor(120_000);
    await new Promise((r) => setTimeout(r, 200));
    expect(requests()).toHaveLength(5);
  });

  it('waits as long as Retry-After asks on a 429', async () => {
    const page = await open({ clock: true, attrs: { 'data-consent': 'opt-out' } });
    answers.push({ status: 429, headers: { 'Retry-After': '10' } });
    await flush(page);
    // Backoff alone would have retried within 1.5 s.
    await page.clock.runFor(5000);
    await new Promise((r) => setTimeout(r, 200));
    expect(requests()).toHaveLength(1);
    await page.clock.runFor(5500);
    await until(() => requests().length === 2, 'the retry after Retry-After');
    expect(requests()[1]!.status).toBe(200);
  });

  it('drops an event over 32 KB and sends the rest', async () => {
    const page = await open({ attrs: { 'data-consent': 'opt-out' } });
    await page.evaluate(async () => {
      const c = window.candor as Candor;
      c.track('Too big', { blob: 'x'.repeat(33 * 1024) });
      c.track('Fine');
      await c.flush();
    });
    expect(trackNames()).toEqual(['Fine']);
  });
});

describe('tracking tag: robustness', () => {
  const THROWING_STORAGE = `for (const m of ['getItem', 'setItem', 'removeItem', 'key', 'clear']) Storage.prototype[m] = () => { throw new DOMException('storage is off', 'SecurityError'); };`;
  const NO_STORAGE = `Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('storage is off', 'SecurityError'); } });`;

  for (const [what, script] of [
    ['a localStorage whose methods throw', THROWING_STORAGE],
    ['a localStorage that throws on access', NO_STORAGE],
  ] as const) {
    it(`never throws into the page: ${what}, bad arguments and circular properties`, async () => {
      const page = await open({ init: [script], attrs: { 'data-consent': 'opt-out' } });
      const threw = await page.evaluate(async () => {
        const c = window.candor as unknown as Record<string, (...args: unknown[]) => unknown>;
        const circular: Record<string, unknown> = { name: 'loop' };
        circular.self = circular;
        const calls: unknown[][] = [
          ['identify'], ['identify', undefined], ['identify', null, 5], ['identify', circular], ['track'], ['track', undefined, circular],
          ['track', 'Circular', circular], ['track', 'BigInt', { n: BigInt(1) }], ['track', 42, 'x', null], ['page', 42, 'x'], ['page', circular],
          ['group'], ['group', {}], ['consent'], ['consent', 'yes'], ['consent', null], ['reset', 1, 2], ['push'], ['push', undefined],
          ['push', ['nope']], ['push', ['track']], ['push', 'track', 'x'], ['flush', 'now'],
        ];
        let failures = 0;
        for (const [method, ...args] of calls) {
          try {
            await c[method as string]!(...args);
          } catch {
            failures++;
          }
        }
        const candor = window.candor as Candor;
        candor.consent({ functional: true });
        candor.identify('u1');
        candor.track('Still works', { ok: true });
        await candor.flush();
        return failures;
      });
      expect(threw).toBe(0);
      // Storage refused, so the ids live in memory for this page.
      expect(events().find((e) => e.event === 'Still works')).toMatchObject({ userId: 'u1', anonymousId: expect.any(String) });
      expect(trackNames()).toEqual(['Still works']);
    });
  }

  it('leaves the page its own history errors and return values', async () => {
    const page = await open();
    const result = await page.evaluate(() => {
      let error = '';
      try {
        history.pushState({}, '', 'https://elsewhere.example/');
      } catch (e) {
        error = (e as Error).name;
      }
      history.pushState({ step: 2 }, '', '/app/step-2');
      return { error, state: history.state as unknown, path: location.pathname };
    });
    expect(result).toEqual({ error: 'SecurityError', state: { step: 2 }, path: '/app/step-2' });
  });
});

describe('tracking tag: size', () => {
  it('the bundles stay within their gzip budgets: 10 KB full, 3 KB lite', () => {
    const gzip = (name: string) => gzipSync(readFileSync(file(`dist/tracker/${name}`)), { level: 9 }).length;
    expect(gzip('candor.js')).toBeLessThanOrEqual(10 * 1024);
    expect(gzip('candor-lite.js')).toBeLessThanOrEqual(3 * 1024);
  });
});
