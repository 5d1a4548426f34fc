import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { chromium, type Browser, type Page } from 'playwright-core';
import { parseConfig } from '../../server/config.js';
import { startServer, type RunningServer } from '../../server/server.js';
import { freePort } from '../helpers/net.js';

/** Launch flags for Debian's Chromium in a sandbox with no network beyond loopback. */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export interface RunningCandor {
  /** The address people use, as in PUBLIC_URL: mail links point here. */
  readonly url: string;
  readonly server: RunningServer;
  stop(): Promise<void>;
}

/**
 * A real Candor process core (web and worker roles) on a fresh SQLite file, serving the built SPA
 * from dist/web, with mail going to the outbox as on a fresh install.
 */
export async function startCandor(): Promise<RunningCandor> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'candor-e2e-'));
  const config = parseConfig({
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://localhost:${port}`,
    DATABASE_URL: `sqlite:${join(dataDir, 'candor.db')}`,
    CANDOR_DATA_DIR: dataDir,
    CANDOR_SECRET_KEY: randomBytes(32).toString('base64'),
    CANDOR_ROLES: 'web,worker',
    JOB_POLL_MS: '100',
    LOG_LEVEL: 'warn',
  });
  const server = await startServer(config);
  return {
    url: config.publicUrl,
    server,
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/**
 * Collects what a page logs as an error (a CSP violation, an exception), so a journey can assert
 * there was none. A 401 is how the app learns nobody is signed in; Chromium logs each one.
 */
export function watchErrors(page: Page, label: string, into: string[]): void {
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 401/.test(m.text())) into.push(`${label}: ${m.text()}`);
  });
  page.on('pageerror', (e) => into.push(`${label}: ${e.message}`));
}
