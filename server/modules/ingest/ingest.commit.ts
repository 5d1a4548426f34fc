import type { DatabaseHandle, Executor } from '../../db/database.js';
import { enqueueJob } from '../../jobs/queue.js';
import { linkUsagePeopleJob } from '../usage/usage-people.jobs.js';
import { storeEvents, type StorableEvent, type StoreOutcome } from './ingest.store.js';

/** One request's share of a commit group. */
export interface GroupRequest {
  readonly workspaceId: string;
  readonly events: readonly StorableEvent[];
}

/**
 * Stores a commit group in one transaction and returns, per request and in its order, whether
 * each event was stored or was a duplicate. The writer calls it in the server process, or on the
 * SQLite ingestion thread (ingest.thread.ts), which is why it takes the database and the time
 * instead of a runtime.
 */
export async function commitGroup(database: Pick<DatabaseHandle, 'db' | 'caps'>, requests: readonly GroupRequest[], now: number): Promise<StoreOutcome[][]> {
  // The group's time, so the queued job's timestamps match the rows it follows from.
  const rt = { clock: { now: () => now } };
  return database.db.transaction().execute(async (tx: Executor) => {
    // Each workspace's events are stored with their own scope; results go back per request.
    const byWorkspace = new Map<string, { events: StorableEvent[]; slots: [number, number][] }>();
    requests.forEach((p, request) => {
      let entry = byWorkspace.get(p.workspaceId);
      if (!entry) byWorkspace.set(p.workspaceId, (entry = { events: [], slots: [] }));
      p.events.forEach((e, i) => {
        entry.events.push(e);
        entry.slots.push([request, i]);
      });
    });
    const results = requests.map((p) => p.events.map((): StoreOutcome => 'duplicate'));
    for (const [workspaceId, entry] of byWorkspace) {
      const { outcomes, identified } = await storeEvents({ db: tx, workspaceId, caps: database.caps }, entry.events, now);
      // Queued in the same transaction: the job exists exactly when the identify calls do.
      if (identified.length > 0) await enqueueJob({ rt, db: tx }, linkUsagePeopleJob, { personKeys: identified.slice(0, 5000) }, { workspaceId });
      outcomes.forEach((o, k) => {
        const [request, i] = entry.slots[k] as [number, number];
        (results[request] as StoreOutcome[])[i] = o;
      });
    }
    return results;
  });
}
