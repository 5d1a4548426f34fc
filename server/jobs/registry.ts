import { sendMailJob } from '../modules/mail/mail.jobs.js';
import { cleanupCron, cleanupJob } from '../modules/ops/ops.jobs.js';
import { importRunJob, importUndoJob, importValidateJob } from '../modules/imports/imports.jobs.js';
import { linkUsageGroupJob } from '../modules/usage/usage-groups.jobs.js';
import { linkUsagePeopleJob } from '../modules/usage/usage-people.jobs.js';
import type { CronDefinition, JobDefinition } from './define.js';

/** Every job type the worker can run. A queued name missing here is retried, then dead-lettered. */
export const JOBS: readonly JobDefinition[] = [sendMailJob, cleanupJob, importValidateJob, importRunJob, importUndoJob, linkUsagePeopleJob, linkUsageGroupJob] as readonly JobDefinition[];

/** Every periodic job the scheduler queues. */
export const CRONS: readonly CronDefinition[] = [cleanupCron];
