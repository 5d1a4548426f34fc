import { z } from 'zod';
import { defineJob, type CronDefinition } from '../../jobs/define.js';
import { ensureUsagePartitions } from '../ingest/ingest.partitions.js';
import { unsafePurgeExpired } from './maintenance.repo.js';

/** Hourly retention sweep (expired sessions, links, mail, old audit entries, finished jobs, dedup ids, old salts); makes the coming month's usage partition. */
export const cleanupJob = defineJob({
  name: 'maintenance.cleanup',
  version: 1,
  maxAttempts: 3,
  schema: z.object({}),
  async handler(rt) {
    const counts = await unsafePurgeExpired(rt.database.db, rt.clock.now(), rt.config.session.idleMs);
    const partitions = await ensureUsagePartitions(rt.database.db, rt.clock.now(), (msg, err) => rt.log.warn({ err }, msg));
    if (partitions.length > 0) rt.log.info({ partitions }, 'created usage event partitions');
    const removed = Object.values(counts).reduce((a, b) => a + b, 0);
    if (removed > 0) rt.log.info({ counts }, 'retention cleanup removed expired rows');
    return 'done';
  },
});

export const cleanupCron: CronDefinition = { name: 'maintenance.cleanup', everyMs: 3_600_000, job: cleanupJob, payload: {} };
