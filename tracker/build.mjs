#!/usr/bin/env node
// Builds the tracking tag into dist/tracker/ (candor.js, candor-lite.js, candor-consent.js, candor.d.ts), prints
// each bundle's gzip size and exits 1 when one is over its budget: this is CI's size check.
//   node tracker/build.mjs
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const path = (p) => fileURLToPath(new URL(p, new URL('..', import.meta.url)));
const { version } = JSON.parse(readFileSync(path('package.json'), 'utf8'));

/**
 * Gzip budgets in bytes. The tag loads on every page of every customer's site, so its weight is
 * paid by people who never chose Candor; the lite build is the one for sites that want only page views.
 */
const BUNDLES = [
  { entry: 'tracker/src/full.ts', file: 'candor.js', budget: 10 * 1024 },
  { entry: 'tracker/src/lite.ts', file: 'candor-lite.js', budget: 3 * 1024 },
  { entry: 'tracker/src/banner.ts', file: 'candor-consent.js', budget: 3 * 1024 },
];

mkdirSync(path('dist/tracker'), { recursive: true });
let over = false;
for (const b of BUNDLES) {
  const outfile = path(`dist/tracker/${b.file}`);
  await build({
    entryPoints: [path(b.entry)],
    outfile,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2017',
    minify: true,
    legalComments: 'none',
    define: { __VERSION__: JSON.stringify(version) },
    logLevel: 'warning',
  });
  const raw = readFileSync(outfile);
  const gzip = gzipSync(raw, { level: 9 }).length;
  const ok = gzip <= b.budget;
  over ||= !ok;
  process.stdout.write(`${b.file.padEnd(16)} ${String(raw.length).padStart(6)} B, ${String(gzip).padStart(5)} B gzip (budget ${b.budget} B)${ok ? '' : '  OVER BUDGET'}\n`);
}
copyFileSync(path('tracker/candor.d.ts'), path('dist/tracker/candor.d.ts'));
if (over) {
  process.stderr.write('The tracking tag is over its size budget: make it smaller, or raise the budget in tracker/build.mjs on purpose.\n');
  process.exit(1);
}
