/**
 * Bench B2, CSV import in bounded memory: upload, dry run and import of a client CSV, sampling
 * the Candor process's resident memory (VmRSS, every 50 ms) throughout. Run at two sizes in the
 * same run: if the import held the file or its rows in memory, the peak would grow with the
 * row count; bounded means the 100k-row peak stays close to the 10k-row one. The ceiling is
 * the same process idle after boot.
 *
 *   npm run build:server && npx tsx bench/import-memory.ts [--rows 10000,100000] [--heap-mb 96]
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/import-memory.ts --only postgres
 */
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { call, setUp, startCandor, type Candor } from './harness.js';

const { values: args } = parseArgs({ options: { rows: { type: 'string', default: '10000,100000' }, only: { type: 'string' }, 'heap-mb': { type: 'string' } } });
/** With --heap-mb N, Candor runs with V8's heap capped at N MiB: an import that held its rows would fail. */
const NODE_ARGS = args['heap-mb'] ? [`--max-old-space-size=${Number(args['heap-mb'])}`] : [];
const SIZES = args.rows.split(',').map(Number);

const STATUSES = ['Active', 'Trial', 'Inactive'];
const TIERS = ['Enterprise', 'Mid-market', 'SMB'];

/** A client CSV as a CRM export looks: names, a domain, status, tier, an external id. */
function writeCsv(dir: string, rows: number): string {
  const file = join(dir, `clients-${rows}.csv`);
  const lines = ['Name,Website,Status,Tier,CRM ID'];
  for (let i = 0; i < rows; i++) lines.push(`"Company ${i}, Inc.",company-${i}.example,${STATUSES[i % 3]},${TIERS[i % 3]},crm-${i}`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}

/** Samples the process's RSS until `work` settles; answers its result and the peak. */
async function peakDuring<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; peak: number; seconds: number }> {
  let peak = rssMiB(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 50);
  const started = performance.now();
  try {
    const result = await work();
    return { result, peak: Math.max(peak, rssMiB(pid)), seconds: (performance.now() - started) / 1000 };
  } finally {
    clearInterval(timer);
  }
}

type ImportView = { id: string; status: string; totalRows: number; processedRows: number; createdRows: number; errorRows: number; suggestedMapping: Record<string, string | null> };

async function waitFor(base: string, cookie: string, id: string, statuses: string[]): Promise<ImportView> {
  for (;;) {
    const view = (await call<ImportView>(base, 'GET', `/api/v1/imports/${id}`, cookie)).json;
    if (statuses.includes(view.status)) return view;
    if (view.status === 'failed') throw new Error(`import ${id} failed`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function importOnce(candor: Candor, cookie: string, file: string, rows: number) {
  const { base } = candor;
  const pid = candor.child.pid ?? 0;
  const upload = await peakDuring(pid, async () => {
    const res = await fetch(`${base}/api/v1/imports?entity=client&fileName=${rows}.csv`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', 'sec-fetch-site': 'same-origin', cookie },
      body: Readable.toWeb(createReadStream(file)) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    if (res.status !== 201) throw new Error(`upload: ${res.status} ${await res.text()}`);
    return (await res.json()) as ImportView;
  });
  const id = upload.result.id;
  await call(base, 'PUT', `/api/v1/imports/${id}/mapping`, cookie, { mapping: upload.result.suggestedMapping, matchOn: 'external_id' });
  const dry = await peakDuring(pid, async () => {
    await call(base, 'POST', `/api/v1/imports/${id}/dry-run`, cookie);
    return waitFor(base, cookie, id, ['validated']);
  });
  const run = await peakDuring(pid, async () => {
    await call(base, 'POST', `/api/v1/imports/${id}/run`, cookie);
    return waitFor(base, cookie, id, ['done']);
  });
  if (run.result.createdRows !== rows || run.result.errorRows !== 0) throw new Error(`import ${id}: ${JSON.stringify(run.result)}`);
  return { upload, dry, run };
}

async function measure(label: string, databaseUrl: string, cleanup: () => Promise<void>): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'candor-bench-import-'));
  const lines = [`### ${label}`, '', '| rows | file MiB | idle RSS MiB | phase | seconds | rows/s | peak RSS MiB | peak × idle |', '|---|---|---|---|---|---|---|---|'];
  try {
    for (const rows of SIZES) {
      // A fresh process and database per size, so one size's heap does not carry into the next.
      const candor = await startCandor(databaseUrl, { roles: 'web,worker', nodeArgs: NODE_ARGS });
      try {
        const cookie = await setUp(candor.base);
        const file = writeCsv(dir, rows);
        await new Promise((r) => setTimeout(r, 1000));
        const idle = rssMiB(candor.child.pid ?? 0);
        const phases = await importOnce(candor, cookie, file, rows);
        const mib = (statSync(file).size / 1048576).toFixed(1);
        for (const [name, p] of [['upload', phases.upload], ['dry run', phases.dry], ['import', phases.run]] as const) {
          lines.push(`| ${rows} | ${mib} | ${idle.toFixed(0)} | ${name} | ${p.seconds.toFixed(1)} | ${(rows / p.seconds).toFixed(0)} | ${p.peak.toFixed(0)} | ${(p.peak / idle).toFixed(2)}× |`);
        }
      } finally {
        await candor.stop();
      }
      await cleanup();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return [...lines, ''].join('\n');
}

process.stdout.write(`B2 CSV import memory: ${SIZES.join(' and ')} client rows, Node ${process.version}${NODE_ARGS.length ? `, Candor started with ${NODE_ARGS.join(' ')}` : ''}\n\n`);
if (args.only !== 'postgres') {
  // Between sizes the directory goes with the database in it; Candor recreates it on boot.
  const dir = mkdtempSync(join(tmpdir(), 'candor-bench-'));
  const cleanup = async () => rmSync(dir, { recursive: true, force: true });
  process.stdout.write(`${await measure('SQLite (WAL, synchronous=FULL)', `sqlite:${join(dir, 'import.db')}`, cleanup)}\n`);
}
if (args.only !== 'sqlite' && process.env.BENCH_DATABASE_URL) {
  const adminUrl = process.env.BENCH_DATABASE_URL;
  const name = `candor_bench_import_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  process.stdout.write(
    `${await measure('PostgreSQL 15 (synchronous_commit=on)', url.toString(), async () => {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.query(`create database ${name}`);
    })}\n`,
  );
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}
