#!/usr/bin/env node
// Runs the Vitest suite on one database, whatever the calling shell has set:
//   node scripts/run-suite.mjs sqlite  [vitest args]  → a fresh SQLite file per test file
//   node scripts/run-suite.mjs postgres [vitest args] → a fresh database per test file on
//     TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test)
import { spawnSync } from 'node:child_process';

const [dialect, ...args] = process.argv.slice(2);
const env = { ...process.env };
if (dialect === 'postgres') env.TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
else if (dialect === 'sqlite') delete env.TEST_DATABASE_URL;
else {
  process.stderr.write('usage: run-suite.mjs sqlite|postgres [vitest args]\n');
  process.exit(2);
}
const vitest = new URL('../node_modules/.bin/vitest', import.meta.url).pathname;
const result = spawnSync(vitest, ['run', ...args], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
