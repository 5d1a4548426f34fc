import type { Runtime } from '../../context.js';
import { pendingMigrations } from '../../db/database.js';
import { countJobsByStatus } from '../../jobs/jobs.repo.js';
import { pingDatabase } from './ops.repo.js';

export interface Readiness {
  ready: boolean;
  checks: { database: string; migrations: string };
}

/** Ready means: the database answers and every migration has run. */
export async function checkReadiness(rt: Runtime): Promise<Readiness> {
  try {
    await pingDatabase(rt.database.db);
    const pending = await pendingMigrations(rt.database);
    return { ready: pending.length === 0, checks: { database: 'ok', migrations: pending.length === 0 ? 'current' : `pending: ${pending.join(', ')}` } };
  } catch (err) {
    rt.log.warn({ err }, 'readiness check failed');
    return { ready: false, checks: { database: 'unreachable', migrations: 'unknown' } };
  }
}

/** The Prometheus exposition: process and HTTP metrics plus the job queue by status. */
export async function metricsText(rt: Runtime): Promise<string> {
  const jobs = await countJobsByStatus(rt.database.db);
  const gauge = Object.entries(jobs)
    .map(([status, n]) => `candor_jobs{status="${status}"} ${n}`)
    .join('\n');
  return `${await rt.metrics.registry.metrics()}# HELP candor_jobs Jobs in the queue by status\n# TYPE candor_jobs gauge\n${gauge}\n`;
}
