import { createServer, type Server } from 'node:http';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Analytics } from '@segment/analytics-node';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/net.js';
import { startCandor, watchErrors, type RunningCandor } from './harness.js';

/**
 * Product usage end to end: a real Segment SDK pointed at Candor, and Candor's own tag served to
 * a customer's site on another origin, in Chromium, with consent and Global Privacy Control.
 */

let candor: RunningCandor;
let browser: Browser;
let site: Server;
let siteOrigin: string;
let cookie: string;
let clientId: string;
let browserKey: string;
const SHOTS = '/tmp/e2e-shots';
const OWNER = { name: 'Uma Owner', email: 'uma@example.test', password: 'a calm and lengthy passphrase' };
/** A desktop Chrome: the headless default says "HeadlessChrome", which Candor drops as a bot. */
const DESKTOP_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${candor.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin', ...(cookie ? { cookie } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  if (!cookie && res.headers.getSetCookie().length > 0) cookie = (res.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
  return (text ? JSON.parse(text) : undefined) as T;
}

interface Stored {
  type: string;
  name: string | null;
  outcome: string;
  reason: string | null;
  preview: string | null;
}
const debuggerItems = async () => (await api<{ items: Stored[] }>('GET', '/api/v1/usage/debugger')).items;

/** Waits until the debugger (what the server received and decided) satisfies `done`. */
async function waitForEvents(done: (items: Stored[]) => boolean, timeoutMs = 15_000): Promise<Stored[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const items = await debuggerItems();
    if (done(items) || Date.now() > deadline) return items;
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  candor = await startCandor();
  await api('POST', '/api/v1/setup', { workspaceName: 'Usage Co', name: OWNER.name, email: OWNER.email, password: OWNER.password });
  clientId = (await api<{ id: string }>('POST', '/api/v1/clients', { name: 'Initech', externalId: 'acct-initech', domains: ['initech.example'] })).id;
  await api('PUT', '/api/v1/usage/settings', { keyEvents: ['Report Exported'] });
  // The customer's own site, on another origin, with the snippet Candor's settings page gives.
  const port = await freePort();
  siteOrigin = `http://127.0.0.1:${port}`;
  browserKey = (await api<{ writeKey: string }>('POST', '/api/v1/sources', { name: 'Web app', kind: 'browser', allowedOrigins: [siteOrigin] })).writeKey;
  site = createServer((req, res) => {
    const lite = req.url?.startsWith('/lite');
    // The consent banner Candor serves, after the tag, as the setup guide shows it.
    const banner = req.url?.startsWith('/banner') ? `<script defer src="${candor.url}/tag/v1/candor-consent.js" data-policy-url="/privacy"></script>` : '';
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><html><head><title>Initech app</title>
      <script defer src="${candor.url}/tag/v1/${lite ? 'candor-lite.js' : 'candor.js'}" data-write-key="${browserKey}" data-consent="opt-in" data-consent-version="site-v3"></script>
      ${banner}</head><body><h1>Initech app</h1></body></html>`);
  });
  await new Promise<void>((r) => site.listen(port, '127.0.0.1', r));
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    // AutomationControlled off: the tag skips automated browsers (navigator.webdriver), as it should for crawlers.
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-blink-features=AutomationControlled'],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => (site ? site.close(r) : r(undefined)));
  await candor?.stop();
});

async function sitePage(init?: string): Promise<Page> {
  const context = await browser.newContext({ userAgent: DESKTOP_UA });
  if (init) await context.addInitScript(init);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

/** The owner, signed in through the sign-in page; console and page errors collect in `errors`. */
async function signedInOwner(): Promise<{ page: Page; errors: string[] }> {
  const errors: string[] = [];
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.setDefaultTimeout(15_000);
  watchErrors(page, 'owner', errors);
  await page.goto(`${candor.url}/sign-in`);
  await page.getByLabel('Email').fill(OWNER.email);
  await page.getByLabel('Password').fill(OWNER.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => !u.pathname.includes('sign-in'));
  return { page, errors };
}

describe('product usage, end to end', () => {
  it('a Segment SDK pointed at Candor delivers identify, group and track, and they show on the client’s page', { timeout: 60_000 }, async () => {
    const sources = await api<{ source: { id: string }; writeKey: string }>('POST', '/api/v1/sources', { name: 'Backend', kind: 'server' });
    const analytics = new Analytics({ writeKey: sources.writeKey, host: candor.url, flushAt: 3, maxRetries: 2 });
    analytics.identify({ userId: 'peter', traits: { email: 'peter@initech.example', name: 'Peter Gibbons' } });
    analytics.group({ userId: 'peter', groupId: 'acct-initech', traits: { name: 'Initech' } });
    analytics.track({ userId: 'peter', event: 'Report Exported', properties: { format: 'TPS' } });
    await analytics.closeAndFlush({ timeout: 10_000 });

    const { page, errors } = await signedInOwner();
    await page.goto(`${candor.url}/clients/${clientId}?tab=usage`);
    const keyEvents = page.getByRole('table').filter({ hasText: 'Report Exported' }).first();
    await keyEvents.waitFor();
    // The identify call became a contact of the client (the worker links people by email).
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.getByText('People, most recently active first').waitFor();
          return page.getByRole('link', { name: 'Peter Gibbons' }).count();
        },
        { timeout: 15_000 },
      )
      .toBe(1);
    expect(await page.getByText('peter', { exact: true }).count()).toBe(1);
    await page.screenshot({ path: join(SHOTS, 'usage-client.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('an admin adds a browser source in Settings, copies its snippet, and the key it holds works from the listed site only', { timeout: 60_000 }, async () => {
    const { page, errors } = await signedInOwner();
    await page.getByRole('link', { name: 'Usage tracking' }).click();
    await page.getByRole('button', { name: 'Add source' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Marketing site');
    await dialog.getByRole('radio', { name: 'Browser' }).click();
    const sites = dialog.getByLabel('Allowed sites');
    await sites.fill('https://www.initech.example/pricing');
    await sites.press('Enter');
    await dialog.getByRole('button', { name: 'Create source' }).click();
    // The server's reason, under the field: an origin has no path.
    await expect.poll(() => dialog.getByText(/keep only scheme, host and port/).count()).toBeGreaterThan(0);
    // That refusal was the point; the browser logs the 400 as a console error.
    errors.length = 0;
    await sites.fill('');
    await page.keyboard.press('Backspace');
    await sites.fill('https://www.initech.example');
    await sites.press('Enter');
    await dialog.getByRole('button', { name: 'Create source' }).click();
    const snippet = dialog.locator('code, pre').filter({ hasText: 'data-write-key' }).first();
    await snippet.waitFor();
    const key = /data-write-key="(cpk_[^"]+)"/.exec((await snippet.textContent()) ?? '')?.[1];
    expect(key).toBeTruthy();
    await page.screenshot({ path: join(SHOTS, 'usage-settings-snippet.png') });
    const send = (origin: string) =>
      fetch(`${candor.url}/v1/p`, { method: 'POST', headers: { 'content-type': 'text/plain', origin, 'user-agent': DESKTOP_UA }, body: JSON.stringify({ writeKey: key, name: 'Pricing' }) });
    expect((await send('https://www.initech.example')).status).toBe(200);
    expect((await send('https://evil.example')).status).toBe(403);
    expect(errors).toEqual([]);
  });

  it('an account the SDK names that matches no client is listed in Settings; the admin links it and its activity shows on the client’s page', { timeout: 90_000 }, async () => {
    const hooli = (await api<{ id: string }>('POST', '/api/v1/clients', { name: 'Hooli' })).id;
    const sources = await api<{ writeKey: string }>('POST', '/api/v1/sources', { name: 'Billing backend', kind: 'server' });
    const analytics = new Analytics({ writeKey: sources.writeKey, host: candor.url, flushAt: 2, maxRetries: 2 });
    analytics.group({ userId: 'gavin', groupId: 'acct-hooli-7', traits: { name: 'Hooli XYZ' } });
    analytics.track({ userId: 'gavin', event: 'Report Exported', properties: { format: 'Nucleus' } });
    analytics.group({ userId: 'trial-user', groupId: 'acct-trial-9', traits: { name: 'Trial Nine' } });
    await analytics.closeAndFlush({ timeout: 10_000 });

    const { page, errors } = await signedInOwner();
    // Product usage tells an admin there is something to link, and where.
    await page.getByRole('link', { name: 'Product usage' }).click();
    const notice = page.getByRole('alert').filter({ hasText: /no client/ });
    await notice.waitFor();
    await page.screenshot({ path: join(SHOTS, 'usage-unmatched-notice.png') });
    await notice.getByRole('link', { name: /^Link (it|them) to/ }).click();
    const section = page.getByRole('region', { name: 'Accounts without a client' });
    const row = section.getByRole('row').filter({ hasText: 'acct-hooli-7' });
    await row.waitFor();
    await expect.poll(() => row.textContent()).toContain('Hooli XYZ');
    await section.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'usage-unmatched-groups.png') });
    // A trial that will never be a client is marked so, and leaves the list to link.
    const trial = section.getByRole('row').filter({ hasText: 'acct-trial-9' });
    await trial.getByRole('button', { name: 'Not a client' }).click();
    await page.getByText('Trial Nine is marked as not a client').waitFor();
    await expect.poll(() => trial.count()).toBe(0);
    await section.getByText('Not clients (1)').click();
    await section.getByRole('row').filter({ hasText: 'acct-trial-9' }).getByRole('button', { name: 'Put back' }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'usage-not-clients.png') });
    await section.getByText(/^To link/).click();
    await row.getByRole('button', { name: 'Link to a client…' }).click();
    const dialog = page.getByRole('dialog');
    // Initech already has an external id: the server says so, and nothing changes.
    await dialog.getByLabel('Client').fill('Initech');
    await page.getByRole('option', { name: 'Initech', exact: true }).click();
    await dialog.getByRole('button', { name: 'Link' }).click();
    await expect.poll(() => dialog.getByText(/Initech already has the external ID “acct-initech”/).count()).toBe(1);
    errors.length = 0; // the 409 was the point; the browser logs it
    await dialog.getByLabel('Client').fill('Hool');
    await page.getByRole('option', { name: 'Hooli', exact: true }).click();
    await expect.poll(() => dialog.textContent()).toContain('Hooli takes acct-hooli-7 as its external ID');
    expect(await dialog.getByText(/already has the external ID/).count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'usage-link-group.png') });
    await dialog.getByRole('button', { name: 'Link' }).click();
    await page.getByText('Linked to Hooli').waitFor();
    await expect.poll(() => section.getByRole('row').filter({ hasText: 'acct-hooli-7' }).count()).toBe(0);

    // The worker moves the past activity; the client page shows it.
    await expect
      .poll(
        async () => {
          await page.goto(`${candor.url}/clients/${hooli}?tab=usage`);
          await page.getByText('People, most recently active first').waitFor();
          return page.getByText('gavin', { exact: true }).count();
        },
        { timeout: 20_000 },
      )
      .toBe(1);
    expect(await page.getByRole('table').filter({ hasText: 'Report Exported' }).count()).toBeGreaterThan(0);
    expect((await api<{ externalId: string }>('GET', `/api/v1/clients/${hooli}`)).externalId).toBe('acct-hooli-7');
    expect(errors).toEqual([]);
  });

  it('[P08] in opt-in mode the tag sends nothing but essential page views before consent, and identified events after it', { timeout: 60_000 }, async () => {
    const before = (await debuggerItems()).length;
    const page = await sitePage();
    await page.goto(`${siteOrigin}/app`);
    await page.waitForFunction(() => typeof (window as unknown as { candor?: { track?: unknown } }).candor?.track === 'function');
    await page.evaluate(() => {
      const c = (window as unknown as { candor: { identify(u: string, t: object): void; track(e: string): void; flush(): Promise<void> } }).candor;
      c.identify('milton', { email: 'milton@initech.example' });
      c.track('Stapler Moved');
      return c.flush();
    });
    await waitForEvents((items) => items.length > before);
    // Time for anything the tag might wrongly send before consent to arrive as well.
    await page.waitForTimeout(1_500);
    const early = await debuggerItems();
    const fresh = early.slice(0, early.length - before);
    expect(fresh.map((i) => i.type)).toEqual(['page']);
    expect(fresh[0]?.preview).not.toContain('milton');
    expect(await page.evaluate(() => [Object.keys(localStorage), document.cookie])).toEqual([[], '']);

    await page.evaluate(() => {
      const c = (window as unknown as { candor: { consent(c: object): void; track(e: string): void; flush(): Promise<void> } }).candor;
      c.consent({ functional: true, marketing: false });
      c.track('Report Exported');
      return c.flush();
    });
    const seen = early.length;
    const all = await waitForEvents((items) => items.slice(0, items.length - seen).some((i) => i.type === 'track' && i.name === 'Report Exported'));
    const after = all.slice(0, all.length - seen);
    expect(after.filter((i) => i.outcome === 'stored').map((i) => `${i.type} ${i.name ?? ''}`.trim())).toEqual(expect.arrayContaining(['track Report Exported', 'track Stapler Moved', 'identify']));
    // The identify and "Stapler Moved" made before consent were held on the page and sent once the visitor agreed.
  });

  it('[P08][P14] the banner Candor serves asks the visitor; the click is stored as a consent record and the calls held until then follow', { timeout: 60_000 }, async () => {
    const before = (await debuggerItems()).length;
    const page = await sitePage();
    await page.goto(`${siteOrigin}/banner`);
    const banner = page.getByRole('region', { name: 'Privacy choices' });
    await banner.waitFor();
    await page.evaluate(() => (window as unknown as { candor: { track(e: string): void } }).candor.track('Report Exported'));
    await page.screenshot({ path: join(SHOTS, 'usage-consent-banner.png') });
    await banner.getByRole('button', { name: 'Accept all' }).click();
    await banner.waitFor({ state: 'detached' });
    await page.evaluate(() => (window as unknown as { candor: { flush(): Promise<void> } }).candor.flush());
    const all = await waitForEvents((items) => items.slice(0, items.length - before).some((i) => i.type === 'track' && i.name === 'Report Exported'));
    const fresh = all.slice(0, all.length - before);
    const record = fresh.find((i) => i.name === '$consent');
    expect(record?.outcome).toBe('stored');
    expect(record?.preview).toContain('"method":"click"');
    expect(record?.preview).toContain('"version":"site-v3"');
    expect(fresh.find((i) => i.name === 'Report Exported')?.outcome).toBe('stored');
    expect((await page.evaluate(() => Object.keys(localStorage))).sort()).toEqual(['candor_aid', 'candor_choice', 'candor_consent']);
  });

  it('[P14][P16] what the tag and banner keep on a site is all in Candor’s cookie declaration, page and JSON; the tag sets no cookie', { timeout: 60_000 }, async () => {
    const declared = await api<{ tag: { name: string; category: string }[]; app: { name: string }[] }>('GET', '/api/v1/cookies');
    const page = await sitePage();
    await page.goto(`${siteOrigin}/banner`);
    const banner = page.getByRole('region', { name: 'Privacy choices' });
    await banner.waitFor();
    // Before an answer the tag keeps nothing at all.
    expect(await page.evaluate(() => Object.keys(localStorage))).toEqual([]);
    await banner.getByRole('button', { name: 'Accept all' }).click();
    await page.evaluate(() => {
      const c = (window as unknown as { candor: { identify(u: string): void; group(g: string): void; flush(): Promise<void> } }).candor;
      c.identify('declared-user');
      c.group('acct-initech');
      return c.flush();
    });
    const stored = await page.evaluate(() => Object.keys(localStorage));
    expect(stored.sort()).toEqual(['candor_aid', 'candor_choice', 'candor_consent', 'candor_gid', 'candor_uid']);
    const byName = new Map(declared.tag.map((d) => [d.name, d.category]));
    for (const key of stored) expect(byName.has(key), key).toBe(true);
    expect(await page.evaluate(() => document.cookie)).toBe('');
    expect((await page.context().cookies()).map((c) => c.name)).toEqual([]);

    // The page anyone can read, signed in or not, from the sign-in page's footer.
    const reader = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const errors: string[] = [];
    watchErrors(reader, 'reader', errors);
    await reader.goto(`${candor.url}/sign-in`);
    await reader.getByRole('link', { name: 'Cookies' }).click();
    await reader.getByRole('heading', { name: 'Cookies and browser storage' }).waitFor();
    // The heading is there before the list arrives; wait for the list.
    await reader.getByRole('table').first().waitFor();
    for (const name of [...declared.app.map((d) => d.name), ...declared.tag.map((d) => d.name)]) {
      expect(await reader.getByText(name, { exact: true }).count(), name).toBe(1);
    }
    await reader.screenshot({ path: join(SHOTS, 'cookies-page.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('[P18] under Global Privacy Control the tag and the server keep only essential page views, even after consent', { timeout: 60_000 }, async () => {
    const before = (await debuggerItems()).length;
    const page = await sitePage("Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true });");
    await page.goto(`${siteOrigin}/gpc`);
    await page.waitForFunction(() => typeof (window as unknown as { candor?: { track?: unknown } }).candor?.track === 'function');
    await page.evaluate(() => {
      const c = (window as unknown as { candor: { consent(c: object): void; identify(u: string): void; track(e: string): void; flush(): Promise<void> } }).candor;
      c.consent({ functional: true, marketing: true });
      c.identify('bob');
      c.track('Report Exported');
      return c.flush();
    });
    await page.waitForTimeout(1_000);
    const received = await waitForEvents((items) => items.length > before);
    const fresh = received.slice(0, received.length - before);
    expect(fresh.length).toBeGreaterThan(0);
    // Page views, and the record of the consent() call, which the signal outranked.
    expect(new Set(fresh.filter((i) => i.name !== '$consent').map((i) => i.type))).toEqual(new Set(['page']));
    expect(fresh.find((i) => i.name === '$consent')?.preview).toContain('"method":"signal"');
    expect(await page.evaluate(() => Object.keys(localStorage))).toEqual([]);
    // A request that carries the GPC header is reduced on the server too, whatever it says about consent.
    const res = await fetch(`${candor.url}/v1/t`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: siteOrigin, 'sec-gpc': '1', 'user-agent': DESKTOP_UA },
      body: JSON.stringify({ writeKey: browserKey, userId: 'bob', event: 'Report Exported', context: { consent: { functional: true } } }),
    });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { accepted: number; rejected: { reason: string }[] };
    expect(answer.accepted).toBe(0);
    expect(answer.rejected[0]?.reason).toMatch(/Global Privacy Control/);
    expect(await (await fetch(`${candor.url}/.well-known/gpc.json`)).json()).toMatchObject({ gpc: true });
  });
});
