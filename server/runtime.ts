import pino, { type Logger } from 'pino';
import type { Config } from './config.js';
import type { Runtime } from './context.js';
import { openDatabase, type DatabaseHandle } from './db/database.js';
import { systemClock, type Clock } from './lib/clock.js';
import { Keyring, loadSecretKey } from './lib/crypto.js';
import { createMailTransport, type MailTransport } from './modules/mail/mail.transport.js';
import { createMetrics } from './modules/ops/ops.metrics.js';
import { BackgroundTasks } from './lib/background.js';

/**
 * Log redaction: credentials, cookies and the personal fields a request body can carry never
 * reach the log, whatever a future log line includes.
 */
export const LOG_REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.token',
  '*.recoveryCode',
  '*.email',
  '*.setupCode',
  'password',
  'token',
  'email',
];

export function createLogger(config: Pick<Config, 'logLevel'>, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level: config.logLevel,
      redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' },
      base: { service: 'candor' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination as pino.DestinationStream | undefined,
  );
}

export interface RuntimeOverrides {
  readonly clock?: Clock;
  readonly log?: Logger;
  readonly database?: DatabaseHandle;
  readonly mail?: MailTransport;
}

/** Opens what the process holds once: database, keys, mail transport, metrics, log. */
export async function createRuntime(config: Config, overrides: RuntimeOverrides = {}): Promise<Runtime> {
  const log = overrides.log ?? createLogger(config);
  const slowMs = config.slowQueryMs;
  const database =
    overrides.database ??
    (await openDatabase(config.database, {
      sqliteCacheMb: config.sqliteCacheMb,
      sqliteReadThreads: config.sqliteReadThreads,
      onIdleConnectionError: (err) => log.warn({ err }, 'PostgreSQL closed an idle connection; the pool opens a new one when needed'),
      ...(slowMs === undefined ? {} : { slowQuery: { ms: slowMs, report: (sql, ms) => log.warn({ sql, ms }, 'slow query') } }),
    }));
  return {
    config,
    database,
    caps: database.caps,
    clock: overrides.clock ?? systemClock,
    keys: new Keyring(loadSecretKey(config.secretKey, config.dataDir)),
    log,
    mail: overrides.mail ?? createMailTransport(config.smtpUrl),
    metrics: createMetrics(),
    background: new BackgroundTasks((name, err) => log.error({ err, task: name }, 'background task failed')),
  };
}
