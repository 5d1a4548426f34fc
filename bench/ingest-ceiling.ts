/**
 * Bench B3's HTTP ceiling (C-http): Candor's web role built as `startServer` builds it (runtime,
 * migrations, app, listen) from the compiled server, except that accepted usage events go to a
 * sink that answers every one as stored and writes nothing. A request still takes the whole path
 * (route, body parsing, write-key lookup, rate check, privacy pass, the answer), so the ingestion
 * rows of `bench/ingest.ts` measured against it show what storing the events costs.
 *
 * A process entry, started by the bench through the harness with the same environment as
 * `dist/server/main.js` (PORT, HOST, PUBLIC_URL, DATABASE_URL, CANDOR_DATA_DIR, CANDOR_ROLES=web):
 *
 *   npm run build:server && node --import tsx bench/ingest-ceiling.ts
 *
 * It loads the build rather than the sources, so both sides of the comparison run the same code
 * under the same compiler output.
 */
import type * as AppModule from '../server/app.js';
import type * as ConfigModule from '../server/config.js';
import type * as DatabaseModule from '../server/db/database.js';
import type { EventSink } from '../server/modules/ingest/ingest.writer.js';
import type * as RuntimeModule from '../server/runtime.js';
import type * as ServerModule from '../server/server.js';

/** A module of the build; the path is computed so the type checker does not look for declarations in dist/. */
async function fromBuild<T>(path: string): Promise<T> {
  return (await import(new URL(`../dist/server/${path}`, import.meta.url).href)) as T;
}

const { buildApp } = await fromBuild<typeof AppModule>('app.js');
const { parseConfig } = await fromBuild<typeof ConfigModule>('config.js');
const { migrateToLatest } = await fromBuild<typeof DatabaseModule>('db/database.js');
const { createRuntime } = await fromBuild<typeof RuntimeModule>('runtime.js');
const { newSetupCode } = await fromBuild<typeof ServerModule>('server.js');

/** Stores nothing and answers at once: what ingestion would cost if writing were free. */
const discard: EventSink = {
  submit: async (_workspaceId, events) => events.map(() => 'stored' as const),
  close: async () => {},
};

const config = parseConfig();
const rt = await createRuntime(config);
if (config.migrateOnBoot) await migrateToLatest(rt.database);
const app = await buildApp(rt, { setupCode: newSetupCode(), eventSink: discard });
await app.listen({ port: config.port, host: config.host });

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  app
    .close()
    .then(() => rt.database.close())
    .then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`ingest ceiling: shutdown failed: ${String(err)}\n`);
        process.exit(1);
      },
    );
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
