import { z } from 'zod';
import { inTransaction, type Runtime } from '../../context.js';
import { defineJob } from '../../jobs/define.js';
import { addClientDays } from '../ingest/ingest.repo.js';
import { countClientDay, type ClientDayCounts } from '../ingest/ingest.store.js';
import { eventsWithoutClient, findClientName, peopleOfGroup, setClientOfEvents, setClientOfPeople, setClientOfPersonDays } from './usage-groups.repo.js';

/** People a transaction moves: small enough that the ingestion writer waits for it only briefly. */
const PEOPLE_PER_TRANSACTION = 100;
/** Events read and attributed at a time within that transaction. */
const EVENTS_PER_STEP = 2000;

/**
 * After an admin linked a product account to a client: the account's people now belong to the
 * client, and what they did while the account matched nothing counts for it, on the client's page
 * and in its daily rollup, as if the account had matched from the start. Events already counted for
 * another client stay there. Runs a page of people per transaction, each one whole; a retry picks
 * up where a failed one stopped, since it looks only at what still has no client.
 */
export const linkUsageGroupJob = defineJob({
  name: 'usage.link_group',
  version: 1,
  maxAttempts: 5,
  schema: z.object({ groupId: z.string().min(1).max(200), clientId: z.string().min(1).max(100) }),
  async handler(rt: Runtime, { groupId, clientId }, job) {
    if (!job.workspaceId) return 'skipped';
    const ctx = { rt, db: rt.database.db, workspaceId: job.workspaceId, caps: rt.caps };
    // Deleted since the link: nothing to attribute to.
    if ((await findClientName(ctx, clientId)) === undefined) return 'skipped';
    let after = '';
    let moved = 0;
    for (;;) {
      const people = await peopleOfGroup(ctx, groupId, after, PEOPLE_PER_TRANSACTION);
      if (people.length === 0) break;
      moved += await inTransaction(ctx, async (tx) => {
        await setClientOfPeople(tx, people, groupId, clientId);
        await setClientOfPersonDays(tx, people, clientId);
        let events = 0;
        for (;;) {
          const rows = await eventsWithoutClient(tx, people, EVENTS_PER_STEP);
          if (rows.length === 0) break;
          await setClientOfEvents(tx, rows.map((r) => r.id), clientId);
          const days: ClientDayCounts = new Map();
          for (const r of rows) countClientDay(days, clientId, { type: r.type, eventName: r.event_name, occurredAt: r.occurred_at });
          if (days.size > 0) await addClientDays(tx, [...days.values()]);
          events += rows.length;
          if (rows.length < EVENTS_PER_STEP) break;
        }
        return events;
      });
      after = people[people.length - 1] as string;
    }
    rt.log.info({ workspaceId: job.workspaceId, clientId, events: moved }, 'linked a product account’s past usage to its client');
    return 'done';
  },
});
