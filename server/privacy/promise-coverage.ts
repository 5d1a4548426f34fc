import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PromiseView } from '../../contract/promises.js';
import { PROMISES } from './promises.js';

/** The repository root: the nearest folder above this file with a package.json (works from src and dist). */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json not found above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  return dir;
}

const TEST_FILE = /\.(test|e2e)\.tsx?$/;
const SKIP_DIRS = new Set(['node_modules', 'dist', 'data', '.git', 'coverage']);

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir)) {
    if (SKIP_DIRS.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (TEST_FILE.test(name)) out.push(path);
  }
}

/** Every test that names a promise: `it('[P12] …')` or `test("[P12][P15] …")`. */
export function scanPromiseTests(root = repoRoot()): Map<string, { file: string; name: string }[]> {
  const files: string[] = [];
  for (const top of ['server', 'test', 'web', 'tracker', 'contract']) {
    if (existsSync(join(root, top))) walk(join(root, top), files);
  }
  const found = new Map<string, { file: string; name: string }[]>();
  const call = /\b(?:it|test)\(\s*(['"`])((?:\\.|(?!\1).)*)\1/g;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(call)) {
      const name = match[2] ?? '';
      for (const id of name.match(/\[P\d{2}\]/g) ?? []) {
        const key = id.slice(1, -1);
        const list = found.get(key) ?? [];
        list.push({ file: relative(root, file), name });
        found.set(key, list);
      }
    }
  }
  return found;
}

/** The registry joined with the tests that name each promise. */
export function promiseCoverage(root?: string): { items: PromiseView[]; summary: { enforced: number; partial: number; planned: number; enforcedWithoutTest: string[] } } {
  const tests = scanPromiseTests(root);
  const items = PROMISES.map((p) => ({
    id: p.id,
    title: p.title,
    section: p.section,
    status: p.status,
    enforcedBy: [...p.enforcedBy],
    note: p.note ?? null,
    tests: tests.get(p.id) ?? [],
  }));
  const count = (s: string) => items.filter((i) => i.status === s).length;
  return {
    items,
    summary: {
      enforced: count('enforced'),
      partial: count('partial'),
      planned: count('planned'),
      enforcedWithoutTest: items.filter((i) => i.status === 'enforced' && i.tests.length === 0).map((i) => i.id),
    },
  };
}
