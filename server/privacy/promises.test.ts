import { describe, expect, it } from 'vitest';
import { promiseCoverage, scanPromiseTests } from './promise-coverage.js';
import { PROMISES } from './promises.js';

describe('the promise registry', () => {
  it('lists P01 to P47 once each, in order', () => {
    expect(PROMISES.map((p) => p.id)).toEqual(Array.from({ length: 47 }, (_, i) => `P${String(i + 1).padStart(2, '0')}`));
  });

  it('names what enforces every promise that is enforced or partial, and explains every partial one', () => {
    for (const p of PROMISES.filter((p) => p.status !== 'planned')) {
      expect(p.enforcedBy.length, p.id).toBeGreaterThan(0);
      if (p.status === 'partial') expect(p.note, p.id).toBeTruthy();
    }
  });

  it('has a test naming every enforced promise (what `npm run promises` checks in CI)', () => {
    expect(promiseCoverage().summary.enforcedWithoutTest).toEqual([]);
  });

  it('finds tests by the [Pxx] tag in their names', () => {
    const found = scanPromiseTests();
    expect(found.get('P12')?.some((t) => t.file === 'server/modules/auth/auth.test.ts')).toBe(true);
    expect(found.has('P99')).toBe(false);
  });
});
