import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/helpers/app.js';
import { FACTORY_PASSWORD, makeWorkspace, type Workspace } from '../../test/helpers/factories.js';
import { cookieNames } from '../http/cookies.js';

let t: TestApp;
let ws: Workspace;
const SERVER = join(import.meta.dirname, '..');

beforeAll(async () => {
  t = await buildTestApp();
  ws = await makeWorkspace(t, 'Cookie Co');
});
afterAll(() => t.close());

interface Item {
  name: string;
  kind: string;
  category: string;
  purpose: string;
  lifetime: string;
  party: string;
  when: string;
}
const declaration = async (app = t) => (await app.app.inject({ method: 'GET', url: '/api/v1/cookies' })).json() as { app: Item[]; tag: Item[] };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? sourceFiles(join(dir, d.name)) : d.name.endsWith('.ts') && !d.name.endsWith('.test.ts') ? [join(dir, d.name)] : []));
}

describe('the cookie declaration', () => {
  it('[P16] is published without signing in, as JSON: each cookie and stored key with category, purpose, lifetime, party and when it is set', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/cookies' });
    expect(res.statusCode).toBe(200);
    const d = res.json() as { app: Item[]; tag: Item[] };
    expect(d.app.map((c) => c.name).sort()).toEqual(['candor_mfa', 'candor_remember', 'candor_session']);
    expect(d.tag.map((c) => c.name).sort()).toEqual(['candor_aid', 'candor_choice', 'candor_consent', 'candor_gid', 'candor_uid']);
    for (const item of [...d.app, ...d.tag]) {
      for (const field of ['purpose', 'lifetime', 'when'] as const) expect(item[field].length, `${item.name}.${field}`).toBeGreaterThan(5);
      expect(item.party).toBe('first');
    }
    // The tag's ids are functional; what remembers the answer is essential; nothing is marketing.
    expect(d.tag.filter((c) => c.category === 'functional').map((c) => c.name).sort()).toEqual(['candor_aid', 'candor_gid', 'candor_uid']);
    expect([...d.app, ...d.tag].some((c) => c.category === 'marketing')).toBe(false);
    // Lifetimes are the deployment's own settings, not prose that can drift from them.
    expect(d.app.find((c) => c.name === 'candor_remember')?.lifetime).toMatch(new RegExp(`^${Math.round(t.rt.config.session.rememberMs / 86_400_000)} days`));
  });

  it('[P16] names the cookies as this deployment sets them (__Host- under TLS)', async () => {
    const tls = await buildTestApp({ env: { PUBLIC_URL: 'https://candor.example.com' } });
    try {
      expect((await declaration(tls)).app.map((c) => c.name).sort()).toEqual(['__Host-candor_mfa', '__Host-candor_remember', '__Host-candor_session']);
    } finally {
      await tls.close();
    }
  });

  it('[P14] Candor’s app sets essential cookies only, every one of them declared', async () => {
    const declared = new Map((await declaration()).app.map((c) => [c.name, c.category]));
    // Every cookie the app can set has its name in cookieNames, and only server/http/cookies.ts sets one.
    expect(Object.values(cookieNames(t.rt.config)).sort()).toEqual([...declared.keys()].sort());
    const setters = sourceFiles(SERVER)
      .filter((f) => /\.setCookie\(|\.(header|setHeader|headers)\(\s*['"]set-cookie['"]/i.test(readFileSync(f, 'utf8')))
      .map((f) => relative(SERVER, f));
    expect(setters).toEqual(['http/cookies.ts']);
    // And what a sign-in with "Keep me signed in" actually sets is declared and essential.
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/session', headers: { 'sec-fetch-site': 'same-origin' }, payload: { email: ws.owner.email, password: FACTORY_PASSWORD, remember: true } });
    expect(res.statusCode).toBe(200);
    expect(res.cookies.length).toBeGreaterThanOrEqual(2);
    for (const c of res.cookies) expect(declared.get(c.name), c.name).toBe('essential');
  });
});
