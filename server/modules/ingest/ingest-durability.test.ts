import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.js';
import { makeWorkspace } from '../../../test/helpers/factories.js';
import { freePort } from '../../../test/helpers/net.js';
import { openDatabase } from '../../db/database.js';
import { createSource } from '../sources/sources.service.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const MAIN = join(ROOT, 'server', 'main.ts');
const ROUNDS = 3;
const CLIENTS = 8;
const BATCH = 20;

let database: TestDatabase;
let dataDir: string;
let workspaceId: string;
let writeKey: string;
const secretKey = randomBytes(32).toString('base64');
const children: ChildProcess[] = [];

/**
 * A real Candor web process on the test database. Node loads tsx as a hook in the same process:
 * the tsx command would run the server in a child, and SIGKILL would hit only the wrapper.
 */
async function startProcess(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: ROOT,
    env: { PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: database.url, CANDOR_DATA_DIR: dataDir, CANDOR_SECRET_KEY: secretKey, CANDOR_ROLES: 'web', LOG_LEVEL: 'error', INGEST_EVENTS_PER_SECOND: '0', INGEST_COMMIT_WAIT_MS: '20' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Candor exited early: ${stderr}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`Candor did not become ready: ${stderr}`);
}

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = mkdtempSync(join(tmpdir(), 'candor-durability-'));
  const t = await buildTestApp({ database });
  const ws = await makeWorkspace(t);
  workspaceId = ws.workspaceId;
  const ctx = { rt: t.rt, db: t.rt.database.db, workspaceId, actor: { kind: 'system' as const, reason: 'test' }, permissions: new Set<never>(), request: { ip: 'test', userAgent: 'test', requestId: 'test' } };
  writeKey = (await createSource(ctx, { name: 'Load', kind: 'server', allowedOrigins: [] })).writeKey;
  await t.close();
}, 60_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await database?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

it('loses no acknowledged event and stores none twice when the server is killed with SIGKILL under load, again and again', async () => {
  const acked = new Set<string>();
  let sent = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const port = await freePort();
    const child = await startProcess(port);
    const started = Date.now();
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    let alive = true;
    const auth = `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`;
    // Each client sends batches back to back; some batches resend ids acknowledged in earlier
    // rounds, which must come back as duplicates rather than second copies.
    const old = [...acked];
    const client = async (c: number) => {
      for (let n = 0; alive; n++) {
        const ids = Array.from({ length: BATCH }, (_, i) => (i === 0 && old.length > 0 && n % 3 === 0 ? (old[(n * 7 + c) % old.length] as string) : `r${round}-c${c}-n${n}-i${i}`));
        const body = JSON.stringify({ batch: ids.map((messageId) => ({ type: 'track', userId: `user-${c}`, event: 'Load Tested', messageId })) });
        sent += ids.length;
        try {
          const res = await fetch(`http://127.0.0.1:${port}/v1/batch`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: auth }, body });
          if (res.status === 200) {
            const answer = (await res.json()) as { accepted: number };
            if (answer.accepted === ids.length) for (const id of ids) acked.add(id);
          }
        } catch {
          // The kill cut this request off: it was never acknowledged.
          return;
        }
      }
    };
    const before = acked.size;
    const load = Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
    // Under load means after the first acknowledgement (the ingestion thread starts with the first commit).
    while (acked.size === before && Date.now() - started < 30_000) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 300 + Math.floor(Math.random() * 600)));
    child.kill('SIGKILL');
    alive = false;
    await exited;
    await load;
  }
  expect(acked.size).toBeGreaterThan(ROUNDS * BATCH);

  const handle = await openDatabase(database.config, { poolSize: 1 });
  try {
    const rows = await handle.db
      .withoutPlugins()
      .selectFrom('usage_event')
      .select(['message_id'])
      .where('workspace_id', '=', workspaceId)
      .execute();
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.message_id, (counts.get(r.message_id) ?? 0) + 1);
    const missing = [...acked].filter((id) => !counts.has(id));
    const twice = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
    expect({ missing: missing.slice(0, 5), missingCount: missing.length }).toEqual({ missing: [], missingCount: 0 });
    expect(twice).toEqual([]);
    // Some requests were cut off mid-flight: their events may or may not be stored, but never partly twice.
    expect(rows.length).toBeLessThanOrEqual(sent);
  } finally {
    await handle.close();
  }
}, 120_000);
