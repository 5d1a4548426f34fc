import type { Executor } from '../../db/database.js';
import { allowCrossWorkspace } from '../../db/tenant-guard.js';
import { utcDay } from '../../lib/clock.js';

const DAY = 86_400_000;

/** How long a (source, messageId) is remembered to drop resends. */
export const USAGE_DEDUP_MS = 2 * DAY;

/**
 * Deletes what has outlived its retention rule (see the data map) in every workspace at once:
 * the hourly cleanup is an operator task, so it crosses the workspace wall by design and only
 * ever deletes by age. Returns the number of rows removed per table.
 */
export function unsafePurgeExpired(db: Executor, now: number, idleMs: number): Promise<Record<string, number>> {
  return allowCrossWorkspace('the retention sweep deletes by age in every workspace', () => purgeExpired(db, now, idleMs));
}

async function purgeExpired(db: Executor, now: number, idleMs: number): Promise<Record<string, number>> {
  const n = (r: { numDeletedRows: bigint }) => Number(r.numDeletedRows);
  const counts: Record<string, number> = {};
  counts.session = n(
    await db
      .deleteFrom('session')
      .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<=', now - idleMs)]))
      .executeTakeFirst(),
  );
  counts.remember_device = n(await db.deleteFrom('remember_device').where('expires_at', '<=', now).executeTakeFirst());
  counts.login_challenge = n(await db.deleteFrom('login_challenge').where('expires_at', '<=', now).executeTakeFirst());
  counts.login_throttle = n(
    await db
      .deleteFrom('login_throttle')
      .where('updated_at', '<=', now - DAY)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
      .executeTakeFirst(),
  );
  counts.password_reset = n(await db.deleteFrom('password_reset').where('expires_at', '<=', now - DAY).executeTakeFirst());
  counts.invite = n(
    await db
      .deleteFrom('invite')
      .where((eb) =>
        eb.or([
          eb('expires_at', '<=', now - 30 * DAY),
          eb('accepted_at', '<=', now - 30 * DAY),
          eb('revoked_at', '<=', now - 30 * DAY),
        ]),
      )
      .executeTakeFirst(),
  );
  counts.import_chunk = n(
    await db
      .deleteFrom('import_chunk')
      .where('import_id', 'in', (eb) => eb.selectFrom('import_job').select('import_job.id').where('import_job.created_at', '<=', now - 7 * DAY))
      .executeTakeFirst(),
  );
  counts.import_change = n(
    await db
      .deleteFrom('import_change')
      .where('import_id', 'in', (eb) => eb.selectFrom('import_job').select('import_job.id').where('import_job.finished_at', '<=', now - 30 * DAY))
      .executeTakeFirst(),
  );
  counts.import_job = n(await db.deleteFrom('import_job').where('created_at', '<=', now - 365 * DAY).executeTakeFirst());
  counts.api_token = n(await db.deleteFrom('api_token').where('revoked_at', '<=', now - 90 * DAY).executeTakeFirst());
  counts.mail_message = n(await db.deleteFrom('mail_message').where('expires_at', '<=', now).where('status', '!=', 'queued').executeTakeFirst());
  counts.audit_event = n(await db.deleteFrom('audit_event').where('at', '<=', now - 400 * DAY).executeTakeFirst());
  counts.domain_event = n(await db.deleteFrom('domain_event').where('created_at', '<=', now - 90 * DAY).executeTakeFirst());
  // The dedup window is at least a day (Segment's promise); two days covers a client retrying
  // through an outage overnight.
  counts.usage_message = n(await db.deleteFrom('usage_message').where('received_at', '<=', now - USAGE_DEDUP_MS).executeTakeFirst());
  // Yesterday's salt goes once today has begun: after that, a cookieless visitor hash cannot be
  // recomputed from an IP and a user agent by anyone.
  counts.usage_salt = n(await db.deleteFrom('usage_salt').where('day', '<', utcDay(now)).executeTakeFirst());
  counts.job = n(
    await db
      .deleteFrom('job')
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'done'), eb('finished_at', '<=', now - 7 * DAY)]),
          eb.and([eb('status', '=', 'dead'), eb('finished_at', '<=', now - 30 * DAY)]),
        ]),
      )
      .executeTakeFirst(),
  );
  return counts;
}
