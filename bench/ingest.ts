/**
 * Bench B3 (issue 4 calls it B1), product-usage ingestion: events per second through
 * `POST /v1/batch` (100 events a request) and `POST /v1/track` (one), each against two ceilings
 * measured in the same run on the same machine:
 *
 *   C-http    the same route and pipeline (parsing, write-key lookup, privacy pass, the answer) in a
 *             Candor whose event sink stores nothing (`bench/ingest-ceiling.ts`)
 *   C-store   the database alone: the driver inserts rows shaped like the stored events into the
 *             same migrated `usage_event` table, no HTTP, 1,000 rows a transaction, one at a time
 *             (perf-anchors §7: a prepared multi-row insert on SQLite, unnest over one connection
 *             on PostgreSQL)
 *   real      Candor from the build: the group-commit writer stores each event (dedup row, person,
 *             event, daily rollup) and answers after the commit
 *
 * Every request carries new messageIds, so deduplication never turns a write into a no-op; after
 * each real workload the stored rows are counted and must equal the events acknowledged (2xx
 * answers × events a request), plus any request the load generator cut off at the end of its run
 * that the server still stored. A mismatch fails the bench (exit 1).
 *
 * The commit group size, and what a commit takes, come from the real Candor's /metrics
 * (`candor_ingest_commit_events`, `candor_ingest_commit_seconds`) read before and after the
 * measured window; on PostgreSQL the distinct transaction ids (`xmin`) of the rows stored in that
 * window count the commits a second way. Each run's notes also give the CPU each party (the load
 * generator in this process, Candor, PostgreSQL's server) spent in its measured window.
 *
 *   npm run build:server && npx tsx bench/ingest.ts [--seconds 10] [--connections 64]
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/ingest.ts --only postgres
 *
 * `--cpu-prof-dir DIR` starts the real Candor with `--cpu-prof`, for when a goal fails; with
 * `--workload batch` or `--workload single` the run (and the profile) covers that one alone.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { cpuWindow, ownCpuSeconds, postgresCpu, processCpuSeconds, type Parties } from './cpu.js';
import { call, scratchDatabase, setUp, startCandor, type Candor } from './harness.js';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    // The anchors' load (perf-anchors §7, B1): 64 connections.
    connections: { type: 'string', default: '64' },
    only: { type: 'string' },
    workload: { type: 'string' },
    'cpu-prof-dir': { type: 'string' },
  },
});
const SECONDS = Number(args.seconds);
const CONNECTIONS = Number(args.connections);
const WARM_UP_SECONDS = 2;
const BATCH_SIZE = 100;
/** C-store's transaction size, as perf-anchors §7 defines the ceiling. */
const C_STORE_ROWS = 1000;
/** The per-key rate limit would cap the bench long before the server does. */
const NO_RATE_LIMIT = { INGEST_EVENTS_PER_SECOND: '0' };
/** /metrics is served only with a token. */
const METRICS_TOKEN = randomBytes(16).toString('hex');
const CEILING = { entry: 'bench/ingest-ceiling.ts', nodeArgs: ['--import', 'tsx'], env: NO_RATE_LIMIT } as const;

type Workload = 'batch' | 'single';
const WORKLOADS: readonly Workload[] = args.workload === 'batch' || args.workload === 'single' ? [args.workload] : ['batch', 'single'];
const eventsPer = (w: Workload) => (w === 'batch' ? BATCH_SIZE : 1);

/** A database made for one run: Candor migrates it on boot. */
interface Fresh {
  readonly url: string;
  /** The SQLite file, for C-store's own connection. */
  readonly sqliteFile: string | undefined;
  cleanup(): Promise<void>;
}

interface Kind {
  readonly name: 'sqlite' | 'postgres';
  readonly label: string;
  fresh(): Promise<Fresh>;
  /** Reads the stored events of a database Candor has migrated. */
  open(db: Fresh): Promise<Rows>;
}

/** What the bench reads back: stored rows whose messageId starts with `start`, and one stored row as C-store's template. */
interface Rows {
  count(start: string): Promise<number>;
  /** Transactions that stored those rows, where the database can tell (PostgreSQL's xmin). */
  commits(start: string): Promise<number | undefined>;
  sample(): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

const sqlite: Kind = {
  name: 'sqlite',
  label: 'SQLite (WAL, synchronous=FULL)',
  async fresh() {
    const dir = mkdtempSync(join(tmpdir(), 'candor-bench-ingest-'));
    const file = join(dir, 'bench.db');
    return { url: `sqlite:${file}`, sqliteFile: file, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  },
  async open(db) {
    const raw = new SQLite(db.sqliteFile as string);
    raw.pragma('busy_timeout = 5000');
    return {
      count: async (start) => (raw.prepare('select count(*) as n from usage_event where message_id like ?').get(`${start}%`) as { n: number }).n,
      commits: async () => undefined,
      sample: async () => raw.prepare('select * from usage_event limit 1').get() as Record<string, unknown>,
      close: async () => void raw.close(),
    };
  },
};

function postgres(adminUrl: string): Kind {
  return {
    name: 'postgres',
    label: 'PostgreSQL 15 (synchronous_commit=on)',
    async fresh() {
      const db = await scratchDatabase(adminUrl, 'candor_bench_ingest');
      return { url: db.url, sqliteFile: undefined, cleanup: db.drop };
    },
    async open(db) {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      return {
        count: async (start) => (await client.query<{ n: number }>('select count(*)::int as n from usage_event where message_id like $1', [`${start}%`])).rows[0]?.n ?? 0,
        // Every row a transaction writes carries its id in xmin: one distinct value per commit group.
        commits: async (start) => (await client.query<{ n: number }>('select count(distinct xmin::text)::int as n from usage_event where message_id like $1', [`${start}%`])).rows[0]?.n ?? 0,
        sample: async () => (await client.query<Record<string, unknown>>('select * from usage_event limit 1')).rows[0] ?? {},
        close: () => client.end(),
      };
    },
  };
}

/** The first workspace through setup, and a server source's write key through the CLI. */
async function prepare(candor: Candor, databaseUrl: string): Promise<{ workspaceId: string; writeKey: string }> {
  const cookie = await setUp(candor.base);
  const me = (await call<{ workspace: { id: string } }>(candor.base, 'GET', '/api/v1/me', cookie)).json;
  const run = spawnSync(process.execPath, ['dist/server/cli.js', 'source', 'create', '--workspace', me.workspace.id, '--name', 'Bench', '--json'], {
    env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl, CANDOR_DATA_DIR: candor.dataDir, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`candor source create failed: ${run.stderr}`);
  return { workspaceId: me.workspace.id, writeKey: (JSON.parse(run.stdout) as { writeKey: string }).writeKey };
}

interface Measured {
  readonly eventsPerSecond: number;
  readonly p50: number;
  readonly p97: number;
  /** 2xx answers × events a request, warm-up included: what the server acknowledged as stored. */
  readonly acknowledged: number;
  /** Answers that were not 2xx, connection errors, timeouts, and 2xx answers that did not accept every event. */
  readonly failures: number;
  /** Requests sent but unanswered when the load generator stopped (it drops them at its deadline). */
  readonly cutOff: readonly string[];
  /** CPU seconds each party used in the measured window, and the window's wall seconds. */
  readonly cpu: { seconds: number; cpu: Record<string, number> };
}

/**
 * `CONNECTIONS` connections posting `workload` for a warm-up and then `SECONDS`, every body with
 * new messageIds `<prefix><w|m>-<request>-<index>` (warm-up or measured). `window` runs around the
 * measured part only.
 */
async function load(base: string, writeKey: string, workload: Workload, prefix: string, parties: Parties, window?: () => Promise<() => Promise<void>>): Promise<Measured> {
  const perRequest = eventsPer(workload);
  const outstanding = new Set<string>();
  let request = 0;
  let failures = 0;
  const eventOf = (messageId: string, n: number) => ({
    type: 'track',
    userId: `user-${n % 1000}`,
    event: 'Feature Used',
    properties: { feature: 'export', n },
    messageId,
    timestamp: new Date().toISOString(),
  });
  const requests = (phase: string): autocannon.Request[] => [
    {
      method: 'POST',
      path: workload === 'batch' ? '/v1/batch' : '/v1/track',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` },
      // Called for each request just before it is sent; the context lives until its answer.
      setupRequest: (req, context) => {
        const r = request++;
        const id = `${prefix}${phase}-${r}`;
        (context as { id?: string }).id = id;
        outstanding.add(id);
        const events = Array.from({ length: perRequest }, (_, i) => eventOf(`${id}-${i}`, r * perRequest + i));
        return { ...req, body: JSON.stringify(workload === 'batch' ? { batch: events } : events[0]) };
      },
      onResponse: (status, body, context) => {
        outstanding.delete((context as { id: string }).id);
        if (status >= 200 && status < 300 && (JSON.parse(body) as { accepted: number }).accepted !== perRequest) failures++;
      },
    },
  ];
  const options = { url: base, connections: CONNECTIONS };
  const warm = await autocannon({ ...options, duration: WARM_UP_SECONDS, requests: requests('w') });
  const closeWindow = await window?.();
  const closeCpu = cpuWindow(parties);
  const r = await autocannon({ ...options, duration: SECONDS, requests: requests('m') });
  const cpu = closeCpu();
  await closeWindow?.();
  const latency = r.latency as unknown as Record<string, number>;
  return {
    eventsPerSecond: r.requests.average * perRequest,
    p50: latency.p50 ?? 0,
    p97: latency.p97_5 ?? 0,
    acknowledged: (warm['2xx'] + r['2xx']) * perRequest,
    failures: failures + warm.non2xx + warm.errors + r.non2xx + r.errors,
    cutOff: [...outstanding],
    cpu,
  };
}

/** The ingestion writer's commit histograms: events and seconds, summed, and how many commits. */
async function commitMetrics(base: string): Promise<{ events: number; seconds: number; commits: number }> {
  const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  if (!res.ok) throw new Error(`/metrics: ${res.status}`);
  const text = await res.text();
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  return { events: value('candor_ingest_commit_events_sum'), seconds: value('candor_ingest_commit_seconds_sum'), commits: value('candor_ingest_commit_events_count') };
}

/** Polls until the count stops moving: requests cut off at the deadline may still be committing. */
async function settled(rows: Rows, prefix: string): Promise<number> {
  let last = -1;
  for (;;) {
    const n = await rows.count(prefix);
    if (n === last) return n;
    last = n;
    await new Promise((r) => setTimeout(r, 300));
  }
}

interface Real extends Measured {
  readonly stored: number;
  /** Average events per commit in the measured window. */
  readonly group: number;
  /** Average milliseconds per commit in the measured window. */
  readonly commitMs: number;
  readonly groups: string;
  readonly verified: string;
  readonly ok: boolean;
}

async function realRun(base: string, writeKey: string, rows: Rows, workload: Workload, parties: Parties): Promise<Real> {
  const prefix = `${workload[0]}${randomBytes(3).toString('hex')}`;
  let commits = { events: 0, seconds: 0, commits: 0 };
  const window = async () => {
    const before = await commitMetrics(base);
    return async () => {
      const after = await commitMetrics(base);
      commits = { events: after.events - before.events, seconds: after.seconds - before.seconds, commits: after.commits - before.commits };
    };
  };
  const m = await load(base, writeKey, workload, prefix, parties, window);
  const stored = await settled(rows, prefix);
  // Requests cut off at the deadline were not acknowledged, but the server may have stored them.
  let late = 0;
  const partial: string[] = [];
  for (const id of m.cutOff) {
    const n = await rows.count(`${id}-`);
    if (n !== 0 && n !== eventsPer(workload)) partial.push(`${id}: ${n}`);
    late += n;
  }
  const transactions = await rows.commits(`${prefix}m-`);
  const ok = m.failures === 0 && partial.length === 0 && stored === m.acknowledged + late;
  const verified =
    `${stored} rows stored, ${m.acknowledged} events acknowledged` +
    (m.cutOff.length > 0 ? ` + ${late} from ${m.cutOff.length} requests cut off at the deadline` : '') +
    (m.failures > 0 ? `, ${m.failures} failed requests` : '') +
    (partial.length > 0 ? `, partly stored requests: ${partial.join('; ')}` : '') +
    (ok ? ': match' : ': MISMATCH');
  const group = commits.events / Math.max(1, commits.commits);
  const commitMs = (1000 * commits.seconds) / Math.max(1, commits.commits);
  const groups =
    `${commits.commits} commits in the measured window, ${group.toFixed(1)} events and ${commitMs.toFixed(1)} ms each` +
    (transactions === undefined ? '' : ` (${transactions} transactions by xmin)`);
  return { ...m, stored, group, commitMs, groups, verified, ok };
}

/**
 * C-store: `SECONDS` of transactions of `groupSize` rows like `template` (new id, messageId, user
 * and properties per row, the same context text), one transaction at a time, after a warm-up;
 * answers rows per second.
 */
async function storeCeiling(kind: Kind, fresh: Fresh, template: Record<string, unknown>, groupSize: number): Promise<{ rowsPerSecond: number; msPerTransaction: number }> {
  const columns = Object.keys(template);
  const fixed = columns.map((c) => template[c]);
  const [id, messageId, userId, personKey, properties, originalTimestamp, receivedAt, occurredAt] = [
    'id',
    'message_id',
    'user_id',
    'person_key',
    'properties',
    'original_timestamp',
    'received_at',
    'occurred_at',
  ].map((c) => columns.indexOf(c)) as [number, number, number, number, number, number, number, number];
  let k = 0;
  /**
   * `n` rows' parameters, flat. Ids are random like newId's (`ue_` and 26 characters), drawn in
   * one call, so the primary key takes inserts all over its B-tree as in the real run while the
   * client's own work stays small.
   */
  const params = (n: number, now: number): unknown[] => {
    const random = randomBytes(13 * n).toString('hex');
    const out: unknown[] = new Array(n * columns.length);
    for (let r = 0; r < n; r++) {
      const i = k++;
      const user = `user-${i % 1000}`;
      const at = r * columns.length;
      for (let c = 0; c < columns.length; c++) out[at + c] = fixed[c];
      out[at + id] = `ue_${random.slice(r * 26, r * 26 + 26)}`;
      out[at + messageId] = `cstore-${i}`;
      out[at + userId] = user;
      out[at + personKey] = `u:${user}`;
      out[at + properties] = JSON.stringify({ feature: 'export', n: i });
      out[at + originalTimestamp] = now;
      out[at + receivedAt] = now;
      out[at + occurredAt] = now;
    }
    return out;
  };
  // At most 1000 rows a statement, as the repository chunks them.
  const chunks = (size: number) => Array.from({ length: Math.ceil(size / 1000) }, (_, i) => Math.min(1000, size - i * 1000));
  const valuesSql = (n: number, placeholder: (i: number) => string) =>
    Array.from({ length: n }, (_, r) => `(${columns.map((_, c) => placeholder(r * columns.length + c)).join(', ')})`).join(', ');
  const insertSql = (n: number, placeholder: (i: number) => string) => `insert into usage_event (${columns.join(', ')}) values ${valuesSql(n, placeholder)}`;

  const run = async (commit: () => Promise<void>) => {
    const until = (s: number) => Date.now() + s * 1000;
    for (const end = until(WARM_UP_SECONDS); Date.now() < end; ) await commit();
    const start = Date.now();
    let txns = 0;
    for (const end = until(SECONDS); Date.now() < end; txns++) await commit();
    const ms = Date.now() - start;
    return { rowsPerSecond: (txns * groupSize) / (ms / 1000), msPerTransaction: ms / txns };
  };

  if (kind.name === 'sqlite') {
    const db = new SQLite(fresh.sqliteFile as string);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // The server's page cache (SQLITE_CACHE_MB's default), so both keep as many index pages in memory.
    db.pragma('cache_size = -65536');
    const statements = new Map(chunks(groupSize).map((n) => [n, db.prepare(insertSql(n, () => '?'))]));
    const transaction = db.transaction(() => {
      const now = Date.now();
      for (const n of chunks(groupSize)) statements.get(n)?.run(params(n, now));
    });
    try {
      return await run(async () => transaction());
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: fresh.url });
  await client.connect();
  try {
    // PostgreSQL's fast path for many rows from a client (perf-anchors §7): one array a column, unnest.
    const types = new Map(
      (await client.query<{ column_name: string; udt_name: string }>("select column_name, udt_name from information_schema.columns where table_name = 'usage_event'")).rows.map((r) => [r.column_name, r.udt_name]),
    );
    const unnestSql = `insert into usage_event (${columns.join(', ')}) select * from unnest(${columns.map((c, i) => `$${i + 1}::${types.get(c) ?? 'text'}[]`).join(', ')})`;
    return await run(async () => {
      const now = Date.now();
      await client.query('begin');
      for (const n of chunks(groupSize)) {
        const flat = params(n, now);
        await client.query(unnestSql, columns.map((_, c) => Array.from({ length: n }, (_, r) => flat[r * columns.length + c])));
      }
      await client.query('commit');
    });
  } finally {
    await client.end();
  }
}

/** Microseconds of CPU an event. */
function perEvent(m: Measured, seconds: number): number {
  return (1e6 * seconds) / Math.max(1, m.eventsPerSecond * m.cpu.seconds);
}

/** One run's CPU by party: seconds in the window, microseconds an event, and how busy the machine's cores were. */
function cpuNote(label: string, m: Measured): string {
  const cores = availableParallelism();
  const total = Object.values(m.cpu.cpu).reduce((a, b) => a + b, 0);
  const parts = Object.entries(m.cpu.cpu).map(([name, s]) => `${name} ${s.toFixed(1)} s (${perEvent(m, s).toFixed(0)} µs an event)`);
  return `${label}: CPU in the ${m.cpu.seconds.toFixed(1)} s window: ${parts.join(', ')}; the ${cores} cores ${((100 * total) / (cores * m.cpu.seconds)).toFixed(0)} % busy`;
}

interface DatabaseReport {
  readonly table: string[];
  readonly goals: string[];
  readonly notes: string[];
  readonly ok: boolean;
}

async function runDatabase(kind: Kind): Promise<DatabaseReport> {
  const ceilingDb = await kind.fresh();
  const realDb = await kind.fresh();
  const notes: string[] = [];
  try {
    const cHttp = {} as Record<Workload, Measured>;
    // PostgreSQL's CPU is counted when its server runs on this machine; both databases are fresh, one server.
    const databaseCpu = kind.name === 'postgres' ? await postgresCpu(ceilingDb.url) : undefined;
    const partiesOf = (c: Candor): Parties => ({
      'load generator': ownCpuSeconds,
      Candor: () => processCpuSeconds(c.child.pid as number),
      ...(databaseCpu ? { PostgreSQL: databaseCpu } : {}),
    });
    const ceiling = await startCandor(ceilingDb.url, CEILING);
    let ceilingWorkspace: string;
    try {
      const { workspaceId, writeKey } = await prepare(ceiling, ceilingDb.url);
      ceilingWorkspace = workspaceId;
      for (const w of WORKLOADS) cHttp[w] = await load(ceiling.base, writeKey, w, `c${w[0]}${randomBytes(3).toString('hex')}`, partiesOf(ceiling));
    } finally {
      await ceiling.stop();
    }

    const real = {} as Record<Workload, Real>;
    let template: Record<string, unknown> = {};
    const nodeArgs = args['cpu-prof-dir'] ? ['--cpu-prof', `--cpu-prof-dir=${args['cpu-prof-dir']}`] : [];
    const candor = await startCandor(realDb.url, { env: { ...NO_RATE_LIMIT, METRICS_TOKEN }, nodeArgs });
    const rows = await kind.open(realDb);
    try {
      const { writeKey } = await prepare(candor, realDb.url);
      for (const w of WORKLOADS) {
        real[w] = await realRun(candor.base, writeKey, rows, w, partiesOf(candor));
        notes.push(`${kind.label}, ${w}: ${real[w].verified}`);
        notes.push(`${kind.label}, ${w}: ${real[w].groups}`);
      }
      template = { ...(await rows.sample()), workspace_id: ceilingWorkspace };
    } finally {
      await rows.close();
      await candor.stop();
    }

    // C-store writes into the ceiling's database: migrated by the same code, one workspace, and
    // no stored events (its sink kept none). The ceiling is the anchors' (perf-anchors §7): 1,000
    // rows a transaction, the same for both workloads. For reading the commit times, the notes
    // also give a raw transaction of each real run's average group.
    const stored = await storeCeiling(kind, ceilingDb, template, C_STORE_ROWS);
    notes.push(`${kind.label}: C-store ${C_STORE_ROWS} rows per transaction, ${stored.msPerTransaction.toFixed(1)} ms each`);
    const cStore = {} as Record<Workload, { rowsPerSecond: number; groupSize: number }>;
    for (const w of WORKLOADS) {
      cStore[w] = { rowsPerSecond: stored.rowsPerSecond, groupSize: C_STORE_ROWS };
      const groupSize = Math.max(1, Math.round(real[w].group));
      const same = await storeCeiling(kind, ceilingDb, template, groupSize);
      notes.push(`${kind.label}, ${w}: a raw transaction of the real run's average group (${groupSize} rows) takes ${same.msPerTransaction.toFixed(1)} ms (${same.rowsPerSecond.toFixed(0)} rows/s); the real commit ${real[w].commitMs.toFixed(1)} ms`);
    }

    const table: string[] = [];
    const ratio = (a: number, b: number) => (a / b).toFixed(2);
    for (const w of WORKLOADS) {
      const route = w === 'batch' ? `POST /v1/batch (${BATCH_SIZE} events)` : 'POST /v1/track';
      const c = cHttp[w];
      const s = cStore[w];
      const r = real[w];
      table.push(`${table.length === 0 ? `| ${kind.label} |` : '| |'} C-http: ${route}, nothing stored | ${c.eventsPerSecond.toFixed(0)} | 1.00 | ${ratio(c.eventsPerSecond, s.rowsPerSecond)} | ${c.p50} | ${c.p97} |`);
      table.push(`| | C-store: driver insert, ${s.groupSize} rows per transaction | ${s.rowsPerSecond.toFixed(0)} | ${ratio(s.rowsPerSecond, c.eventsPerSecond)} | 1.00 | – | – |`);
      table.push(`| | **${w}**: ${route} | **${r.eventsPerSecond.toFixed(0)}** | ${ratio(r.eventsPerSecond, c.eventsPerSecond)} | ${ratio(r.eventsPerSecond, s.rowsPerSecond)} | ${r.p50} | ${r.p97} |`);
    }
    for (const w of WORKLOADS) {
      notes.push(cpuNote(`${kind.label}, C-http ${w}`, cHttp[w]));
      notes.push(cpuNote(`${kind.label}, ${w}`, real[w]));
    }
    const goal = (label: string, value: number, factor: number, base: number, baseName: string) => {
      const pass = value >= factor * base;
      return `- ${pass ? 'PASS' : 'FAIL'} ${kind.label}, ${label}: ${value.toFixed(0)} events/s ${pass ? '≥' : '<'} ${factor} × ${baseName} = ${(factor * base).toFixed(0)}`;
    };
    const goals: string[] = [];
    if (WORKLOADS.includes('batch')) {
      const base = Math.min(cHttp.batch.eventsPerSecond, cStore.batch.rowsPerSecond);
      goals.push(goal('batch', real.batch.eventsPerSecond, 0.7, base, `min(C-http, C-store) (${base.toFixed(0)})`));
    }
    if (WORKLOADS.includes('single')) {
      goals.push(goal('single', real.single.eventsPerSecond, 0.7, cHttp.single.eventsPerSecond, `C-http (${cHttp.single.eventsPerSecond.toFixed(0)})`));
      goals.push(goal('single', real.single.eventsPerSecond, 0.3, cStore.single.rowsPerSecond, `C-store (${cStore.single.rowsPerSecond.toFixed(0)})`));
    }
    // Candor's own failures fail the run. The ceiling stores nothing, so nothing paces it: on two
    // shared cores a few of its 64 connections can wait past autocannon's 10 s timeout while the
    // others are served. Those are reported, not failed: its rate counts answered requests only,
    // so they lower C-http, never raise it.
    for (const w of WORKLOADS) {
      if (cHttp[w].failures > 0) notes.push(`${kind.label}, C-http ${w}: ${cHttp[w].failures} requests unanswered within 10 s or refused; its rate counts answered requests only`);
    }
    const failed = WORKLOADS.some((w) => real[w].failures > 0);
    if (failed) notes.push(`${kind.label}: some requests to Candor failed (non-2xx, errors or short acceptance); see the verification lines`);
    return { table, goals, notes, ok: !failed && WORKLOADS.every((w) => real[w].ok) };
  } finally {
    await ceilingDb.cleanup();
    await realDb.cleanup();
  }
}

const kinds: Kind[] = [];
if (args.only !== 'postgres') kinds.push(sqlite);
if (args.only !== 'sqlite' && process.env.BENCH_DATABASE_URL) kinds.push(postgres(process.env.BENCH_DATABASE_URL));
if (kinds.length === 0) throw new Error('--only postgres needs BENCH_DATABASE_URL');

process.stdout.write(
  `B3 product-usage ingestion: ${CONNECTIONS} connections, ${SECONDS} s per workload after a ${WARM_UP_SECONDS} s warm-up, Node ${process.version}\n\n`,
);
const reports: DatabaseReport[] = [];
for (const kind of kinds) reports.push(await runDatabase(kind));
process.stdout.write(
  [
    '| database | row | events/s (C-store: rows/s) | × C-http | × C-store | p50 ms | p97.5 ms |',
    '|---|---|---|---|---|---|---|',
    ...reports.flatMap((r) => r.table),
    '',
    'Goals:',
    ...reports.flatMap((r) => r.goals),
    '',
    'Verification and commit groups:',
    ...reports.flatMap((r) => r.notes.map((n) => `- ${n}`)),
    '',
  ].join('\n'),
);
if (!reports.every((r) => r.ok)) {
  process.stdout.write('FAILED: the stored rows do not match what was acknowledged, or requests failed.\n');
  process.exit(1);
}
