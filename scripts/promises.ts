/**
 * `npm run promises`: prints each promise's status and the tests that name it, and exits non-zero
 * when a promise marked enforced has no test naming it (CI runs this after the suites).
 */
import { promiseCoverage } from '../server/privacy/promise-coverage.js';

const { items, summary } = promiseCoverage();
const mark = { enforced: '●', partial: '◐', planned: '○' } as const;
for (const p of items) {
  const tests = p.tests.length > 0 ? `${p.tests.length} test${p.tests.length === 1 ? '' : 's'}` : 'no test';
  process.stdout.write(`${mark[p.status]} ${p.id} ${p.status.padEnd(8)} ${tests.padEnd(9)} ${p.title}\n`);
}
process.stdout.write(`\n${summary.enforced} enforced, ${summary.partial} partial, ${summary.planned} planned, of ${items.length}.\n`);
if (summary.enforcedWithoutTest.length > 0) {
  process.stderr.write(`Enforced without a test naming them: ${summary.enforcedWithoutTest.join(', ')}\n`);
  process.exit(1);
}
