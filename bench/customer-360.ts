/**
 * Bench B1, the customer 360 at scale: the client grid, search and the client page on a demo
 * workspace of 100,000 clients and 1,000,000 contacts, each reported against the primary-key
 * fetch through the same stack, measured in the same run (goal: p97.5 at most 6× that fetch).
 *
 *   pk        GET /api/v1/members/:id                    session, tenant guard, one read by primary key
 *   grid      POST /api/v1/clients/query                 first page of a segment (as the grid asks: rows, no total)
 *   total     POST /api/v1/clients/count                 the segment's total, which the grid asks for beside the page
 *             GET /api/v1/contacts/count                 likewise for the contact list
 *   search    GET /api/v1/search?q=…                     clients and contacts, trigram index
 *   360 page  the four calls the client page makes      client, timeline, contacts, tasks
 *
 * The seeded database is kept and reused (it takes minutes to build): SQLite under
 * `.tmp/bench/`, PostgreSQL as a database named after the sizes. Every workload only reads, so
 * reuse does not change what is measured. Candor runs as its own process from the build;
 * autocannon drives it from this one.
 *
 *   npm run build:server && npx tsx bench/customer-360.ts [--clients 100000] [--contacts 1000000]
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/customer-360.ts --only postgres
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { call, signIn, startCandor } from './harness.js';

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '100000' },
    contacts: { type: 'string', default: '1000000' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    only: { type: 'string' },
  },
});
const CLIENTS = Number(args.clients);
const CONTACTS = Number(args.contacts);
const SECONDS = Number(args.seconds);
const CONNECTIONS = Number(args.connections);
const PASSWORD = 'demo-password-candor';

interface Target {
  readonly label: string;
  readonly databaseUrl: string;
  readonly seeded: boolean;
}

function sqliteTarget(): Target {
  const dir = resolve('.tmp/bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `customer-360-${CLIENTS}-${CONTACTS}.db`);
  return { label: 'SQLite (WAL, synchronous=FULL)', databaseUrl: `sqlite:${file}`, seeded: existsSync(file) };
}

async function postgresTarget(adminUrl: string): Promise<Target> {
  const name = `candor_bench_360_${CLIENTS}_${CONTACTS}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const found = await admin.query('select 1 from pg_database where datname = $1', [name]);
  if (found.rowCount === 0) await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { label: 'PostgreSQL 15 (synchronous_commit=on)', databaseUrl: url.toString(), seeded: (found.rowCount ?? 0) > 0 };
}

/** Builds the demo book through the CLI, as an operator would. */
function seed(target: Target): void {
  process.stderr.write(`Seeding ${CLIENTS} clients and ${CONTACTS} contacts into ${target.label}; this takes minutes, once.\n`);
  const dataDir = mkdtempSync(join(tmpdir(), 'candor-bench-data-'));
  const started = Date.now();
  const run = spawnSync(process.execPath, ['dist/server/cli.js', 'seed-demo', '--clients', String(CLIENTS), '--contacts', String(CONTACTS), '--password', PASSWORD], {
    env: { PATH: process.env.PATH, DATABASE_URL: target.databaseUrl, CANDOR_DATA_DIR: dataDir },
    // Its summary goes to stderr with the progress, so stdout stays the report.
    stdio: ['ignore', 2, 'inherit'],
  });
  rmSync(dataDir, { recursive: true, force: true });
  if (run.status !== 0) throw new Error(`seed-demo failed (${run.status})`);
  process.stderr.write(`Seeded in ${Math.round((Date.now() - started) / 1000)} s.\n`);
}

interface Measured {
  readonly rps: number;
  readonly p50: number;
  readonly p97: number;
  readonly errors: number;
}

type Req = { method: 'GET' | 'POST'; path: string; body?: string };

/** Every connection cycles through `requests`, so one workload covers many records, not one hot row. */
async function measure(base: string, cookie: string, requests: Req[]): Promise<Measured> {
  const headers = { cookie, 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' };
  const opts = { url: base, headers, connections: CONNECTIONS, requests: requests.map((r) => ({ ...r, headers })) };
  await autocannon({ ...opts, duration: 2 }); // warm-up: JIT, pools, page cache
  const r = await autocannon({ ...opts, duration: SECONDS });
  const latency = r.latency as unknown as Record<string, number>;
  return { rps: r.requests.average, p50: latency.p50 ?? 0, p97: latency.p97_5 ?? 0, errors: r.errors + r.non2xx };
}

const query = (body: object): Req => ({ method: 'POST', path: '/api/v1/clients/query', body: JSON.stringify({ ...body, total: false }) });
const count = (body: object): Req => ({ method: 'POST', path: '/api/v1/clients/count', body: JSON.stringify(body) });

async function run(target: Target): Promise<string> {
  if (!target.seeded) seed(target);
  const candor = await startCandor(target.databaseUrl);
  const { base } = candor;
  try {
    const admin = await signIn(base, 'admin@demo.candor.test', PASSWORD);
    const csm = await signIn(base, 'csm1@demo.candor.test', PASSWORD);
    const manager = await signIn(base, 'manager@demo.candor.test', PASSWORD);
    const me = (await call<{ membership: { id: string } }>(base, 'GET', '/api/v1/me', admin)).json;
    const segments = (await call<{ items: { id: string; name: string }[] }>(base, 'GET', '/api/v1/segments', admin)).json.items;
    const quiet = segments.find((s) => s.name === 'Enterprise, quiet for a month');
    if (!quiet) throw new Error('the demo segment is missing; was this database seeded by seed-demo?');
    // Fifty clients spread over the book, for the client page.
    const sample = (
      await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          call<{ rows: { id: string }[] }>(base, 'POST', '/api/v1/clients/query', admin, { segmentId: 'std_all_clients', limit: 1, offset: Math.floor((i * CLIENTS) / 50) }),
        ),
      )
    ).map((r) => r.json.rows[0]?.id ?? '');
    const terms = ['harbor', 'okafor', 'linden log', 'maya.tan', 'quartz', 'nakamura', 'solstice'];

    const rows: [string, string, Measured][] = [];
    const add = async (group: string, name: string, cookie: string, reqs: Req[]) => rows.push([group, name, await measure(base, cookie, reqs)]);
    await add('ceiling', 'GET /healthz', admin, [{ method: 'GET', path: '/healthz' }]);
    await add('pk', 'GET /api/v1/members/:id', admin, [{ method: 'GET', path: `/api/v1/members/${me.membership.id}` }]);
    const customFilter = { op: 'and', conditions: [{ column: 'custom.plan', op: 'in', value: ['Scale'] }, { column: 'status', op: 'in', value: ['active'] }] };
    await add('grid', `All clients (admin, ${CLIENTS} rows), first page by name`, admin, [query({ segmentId: 'std_all_clients' })]);
    await add('grid', 'All clients, sorted by days since last touch', admin, [query({ segmentId: 'std_all_clients', sort: [{ column: 'days_since_last_touch', dir: 'desc' }] })]);
    await add('grid', 'Segment: Enterprise and quiet > 30 days (and-filter on a custom-free column set)', admin, [query({ segmentId: quiet.id })]);
    await add('grid', 'Filter on a custom field (Plan is Scale) and status', admin, [query({ segmentId: 'std_all_clients', filter: customFilter })]);
    await add('grid', "My clients (a CSM's book)", csm, [query({ segmentId: 'std_my_clients' })]);
    await add('grid', "All clients as a CSM (their book, no filter)", csm, [query({ segmentId: 'std_all_clients' })]);
    await add('grid', "My team's clients (a manager of 10 CSMs)", manager, [query({ segmentId: 'std_team_clients' })]);
    await add('total', `All clients (admin, ${CLIENTS})`, admin, [count({ segmentId: 'std_all_clients' })]);
    await add('total', 'Segment: Enterprise and quiet > 30 days', admin, [count({ segmentId: quiet.id })]);
    await add('total', 'Filter on a custom field (Plan is Scale) and status', admin, [count({ segmentId: 'std_all_clients', filter: customFilter })]);
    await add('total', "My clients (a CSM's book)", csm, [count({ segmentId: 'std_my_clients' })]);
    await add('total', "My team's clients (a manager of 10 CSMs)", manager, [count({ segmentId: 'std_team_clients' })]);
    await add('search', `${terms.length} terms in turn (admin, all records)`, admin, terms.map((q) => ({ method: 'GET' as const, path: `/api/v1/search?q=${encodeURIComponent(q)}` })));
    await add('search', 'the same terms as a CSM (visibility applied)', csm, terms.map((q) => ({ method: 'GET' as const, path: `/api/v1/search?q=${encodeURIComponent(q)}` })));
    await add('lists', "Contacts list, a CSM's first page by name (as the page asks: no total)", csm, [{ method: 'GET', path: '/api/v1/contacts?total=false' }]);
    await add('lists', "Contacts list, a manager's first page by name (a team of 10 CSMs)", manager, [{ method: 'GET', path: '/api/v1/contacts?total=false' }]);
    await add('total', "Contacts: a CSM's (9k of 1M)", csm, [{ method: 'GET', path: '/api/v1/contacts/count' }]);
    await add('total', "Contacts: a manager's (58k of 1M)", manager, [{ method: 'GET', path: '/api/v1/contacts/count' }]);
    await add('lists', 'My open tasks (a CSM)', csm, [{ method: 'GET', path: '/api/v1/tasks' }]);
    await add('360 page', 'GET /api/v1/clients/:id', admin, sample.map((id) => ({ method: 'GET' as const, path: `/api/v1/clients/${id}` })));
    await add('360 page', 'GET /api/v1/clients/:id/timeline', admin, sample.map((id) => ({ method: 'GET' as const, path: `/api/v1/clients/${id}/timeline` })));
    await add('360 page', 'GET /api/v1/contacts?clientId=', admin, sample.map((id) => ({ method: 'GET' as const, path: `/api/v1/contacts?clientId=${id}` })));
    await add('360 page', 'GET /api/v1/tasks?view=all&clientId=', admin, sample.map((id) => ({ method: 'GET' as const, path: `/api/v1/tasks?view=all&clientId=${id}` })));

    // The reference again at the end: on a small machine a run drifts, and every ratio moves with
    // the reference. The first one stays the divisor; this one shows how far the run drifted.
    await add('pk', 'GET /api/v1/members/:id (again, at the end of the run)', admin, [{ method: 'GET', path: `/api/v1/members/${me.membership.id}` }]);

    const pk = rows[1]?.[2];
    if (!pk) throw new Error('no primary-key row');
    const line = ([group, name, m]: [string, string, Measured]) =>
      `| ${group} | ${name} | ${m.rps.toFixed(0)} | ${m.p50} | ${m.p97} | ${(m.p97 / Math.max(pk.p97, 1)).toFixed(1)}× | ${m.errors} |`;
    return [
      `### ${target.label}`,
      '',
      '| group | workload | req/s | p50 ms | p97.5 ms | p97.5 × pk | errors |',
      '|---|---|---|---|---|---|---|',
      ...rows.map(line),
      '',
    ].join('\n');
  } finally {
    await candor.stop();
  }
}

const targets: Target[] = [];
if (args.only !== 'postgres') targets.push(sqliteTarget());
if (args.only !== 'sqlite' && process.env.BENCH_DATABASE_URL) targets.push(await postgresTarget(process.env.BENCH_DATABASE_URL));
process.stdout.write(
  `B1 customer 360: ${CLIENTS} clients, ${CONTACTS} contacts; ${CONNECTIONS} connections, ${SECONDS} s per workload after a 2 s warm-up, Node ${process.version}\n\n`,
);
for (const target of targets) process.stdout.write(`${await run(target)}\n`);
