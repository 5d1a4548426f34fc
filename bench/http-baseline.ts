/**
 * Bench B0, the HTTP baseline: what an authenticated request costs compared with the bare HTTP
 * stack, measured in one run on one machine so the ratio holds wherever it runs.
 *
 *   ceiling   GET /healthz                  Fastify, no database, no authentication
 *   session   GET /api/v1/members/:id       session cookie → 3 lookups, tenant guard, one primary-key read
 *   token     GET /api/v1/members/:id       the same through an API token
 *
 * Candor runs as its own process (the built server, `node dist/server/main.js`), and autocannon
 * drives it from this one, so client and server do not share an event loop.
 *
 *   npm run build:server && npx tsx bench/http-baseline.ts [--seconds 10] [--connections 10]
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench npx tsx bench/http-baseline.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { call, scratchDatabase, setUp, startCandor } from './harness.js';

const { values: args } = parseArgs({
  options: { seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '10' } },
});
const SECONDS = Number(args.seconds);
const CONNECTIONS = Number(args.connections);

interface Target {
  readonly label: string;
  readonly databaseUrl: string;
  cleanup(): Promise<void>;
}

async function sqliteTarget(): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'candor-bench-'));
  return { label: 'SQLite (WAL, synchronous=FULL)', databaseUrl: `sqlite:${join(dir, 'bench.db')}`, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
}

async function postgresTarget(adminUrl: string): Promise<Target> {
  const db = await scratchDatabase(adminUrl, 'candor_bench');
  return { label: 'PostgreSQL 15 (synchronous_commit=on)', databaseUrl: db.url, cleanup: db.drop };
}

interface Measured {
  readonly rps: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly errors: number;
}

async function measure(url: string, headers: Record<string, string>): Promise<Measured> {
  // A short warm-up first, so the JIT and the connection pools are in their steady state.
  await autocannon({ url, headers, connections: CONNECTIONS, duration: 2 });
  const r = await autocannon({ url, headers, connections: CONNECTIONS, duration: SECONDS });
  const latency = r.latency as unknown as Record<string, number>;
  return { rps: r.requests.average, p50: latency.p50 ?? 0, p95: latency.p97_5 ?? 0, p99: latency.p99 ?? 0, errors: r.errors + r.non2xx };
}

async function run(target: Target): Promise<string> {
  const candor = await startCandor(target.databaseUrl);
  const { base } = candor;
  try {
    const cookie = await setUp(base);
    const me = (await call<{ membership: { id: string } }>(base, 'GET', '/api/v1/me', cookie)).json;
    const token = (await call<{ token: string }>(base, 'POST', '/api/v1/tokens', cookie, { name: 'bench' })).json.token;
    const member = `${base}/api/v1/members/${me.membership.id}`;

    const ceiling = await measure(`${base}/healthz`, {});
    const session = await measure(member, { cookie });
    const bearer = await measure(member, { authorization: `Bearer ${token}` });
    const row = (name: string, m: Measured) =>
      `| ${name} | ${m.rps.toFixed(0)} | ${(m.rps / ceiling.rps).toFixed(2)} | ${m.p50} | ${m.p95} | ${(m.p95 / Math.max(ceiling.p95, 1)).toFixed(1)}× | ${m.errors} |`;
    return [
      `### ${target.label}`,
      '',
      '| workload | req/s | × ceiling req/s | p50 ms | p97.5 ms | p97.5 × ceiling | errors |',
      '|---|---|---|---|---|---|---|',
      row('ceiling: GET /healthz', ceiling),
      row('session: GET /api/v1/members/:id', session),
      row('token: GET /api/v1/members/:id', bearer),
      '',
    ].join('\n');
  } finally {
    await candor.stop();
    await target.cleanup();
  }
}

const targets: Target[] = [await sqliteTarget()];
if (process.env.BENCH_DATABASE_URL) targets.push(await postgresTarget(process.env.BENCH_DATABASE_URL));
process.stdout.write(`B0 HTTP baseline: ${CONNECTIONS} connections, ${SECONDS} s per workload after a 2 s warm-up, Node ${process.version}\n\n`);
for (const target of targets) process.stdout.write(`${await run(target)}\n`);
