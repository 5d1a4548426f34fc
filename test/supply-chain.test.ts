import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../server/privacy/promise-coverage.js';

const lock = JSON.parse(readFileSync(join(repoRoot(), 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { engines?: { node?: string }; resolved?: string; integrity?: string; link?: boolean }>;
};
const pkg = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { engines: { node: string } };

describe('dependencies', () => {
  it('all run on the Node version Candor declares (no package wants a newer Node)', () => {
    const floor = semver.minVersion(pkg.engines.node)?.version ?? '20.19.0';
    const refused = Object.entries(lock.packages)
      .filter(([name, p]) => name !== '' && p.engines?.node && !semver.satisfies(floor, p.engines.node))
      .map(([name, p]) => `${name} wants node ${p.engines?.node}`);
    expect(refused).toEqual([]);
  });

  it('are pinned by an integrity hash, and none comes from anywhere but the npm registry over HTTPS', () => {
    // This npm writes no `resolved` field (the configured registry applies); when one is written it must be the registry.
    const odd = Object.entries(lock.packages)
      .filter(([name, p]) => name !== '' && !p.link)
      .filter(([, p]) => !p.integrity?.startsWith('sha512-') || (p.resolved !== undefined && !p.resolved.startsWith('https://registry.npmjs.org/')))
      .map(([name]) => name);
    expect(odd).toEqual([]);
  });
});
