import { z } from 'zod';

/**
 * The process configuration. This file is the only reader of `process.env`: everything else
 * receives the frozen object returned by `parseConfig`, so tests inject config instead of
 * mutating the environment.
 */

const ROLE_NAMES = ['web', 'worker', 'scheduler'] as const;
export type ProcessRole = (typeof ROLE_NAMES)[number];

const boolFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const positiveInt = (fallback: number) =>
  z.coerce.number().int().positive().default(fallback);

const EnvSchema = z.object({
  /** TCP port the web role listens on. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to bind. Loopback by default so a fresh install is not exposed by accident. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** The URL people use to reach Candor; links in mail and the CSRF origin check derive from it. */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** `sqlite:<path>` (the embedded default) or `postgres://…`. */
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:|postgres:\/\/|postgresql:\/\/)/, 'must start with sqlite:, postgres:// or postgresql://')
    .default('sqlite:./data/candor.db'),
  /** Where the generated secret key (and the SQLite file, by default) live. */
  CANDOR_DATA_DIR: z.string().min(1).default('./data'),
  /** `smtp://user:pass@host:port` or `smtps://…`. Unset: mail stays in the outbox that admins read in the UI. */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
  /** Sender address for every message Candor sends. */
  MAIL_FROM: z.string().min(3).default('Candor <no-reply@candor.invalid>'),
  /** PEM certificate and key paths; when both are set Candor serves HTTPS itself. */
  TLS_CERT: z.string().min(1).optional(),
  TLS_KEY: z.string().min(1).optional(),
  /** Comma-separated process roles: web, worker, scheduler. */
  CANDOR_ROLES: z
    .string()
    .default('web,worker,scheduler')
    .transform((s) => s.split(',').map((r) => r.trim()).filter(Boolean))
    .pipe(z.array(z.enum(ROLE_NAMES)).min(1, 'name at least one role')),
  /**
   * 32 random bytes, base64. Unset: generated once into `<data dir>/secret.key`. Never derived from
   * anything else, so knowing the database URL or the host name does not give the key.
   */
  CANDOR_SECRET_KEY: z
    .string()
    .refine((s) => Buffer.from(s, 'base64').length === 32, 'must be 32 bytes encoded as base64')
    .optional(),
  /** Bearer token that `/metrics` requires; unset: `/metrics` is not served at all. */
  METRICS_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
  /** Minutes of inactivity after which a session ends (ASVS 3.3.2: at most 30 for L2). */
  SESSION_IDLE_MINUTES: positiveInt(30),
  /** Hours after sign-in after which a session ends whatever the activity. */
  SESSION_ABSOLUTE_HOURS: positiveInt(12),
  /** Days a "keep me signed in" device stays valid without use. */
  REMEMBER_DAYS: positiveInt(30),
  /** Trust `X-Forwarded-*` from this proxy address list (comma-separated); unset: trust nobody. */
  TRUST_PROXY: z.string().min(1).optional(),
  /** pino level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Run pending migrations when the process starts (`candor migrate` runs them on demand). */
  CANDOR_MIGRATE_ON_BOOT: boolFromEnv.default(true),
  /** Milliseconds the job runner waits between polls when idle. */
  JOB_POLL_MS: positiveInt(1000),
  /** Log the SQL (never its parameters, which can hold personal data) of queries slower than this many ms. */
  SLOW_QUERY_MS: z.coerce.number().int().min(1).optional(),
  /** SQLite's page cache per connection, in MiB (SQLite's own default is 2). */
  SQLITE_CACHE_MB: z.coerce.number().int().min(2, 'must be at least 2').max(4096).default(64),
  /**
   * Threads that run SQLite reads outside transactions, each with its own connection, so reads use
   * more than one core and never wait for a writer (0: every query on the one writing connection).
   */
  SQLITE_READ_THREADS: z.coerce.number().int().min(0).max(32).default(2),
  /**
   * Events per second one write key may send, sustained (per process); a burst of ten seconds'
   * worth is allowed. Beyond it ingestion answers 429 with Retry-After. 0: no limit.
   */
  INGEST_EVENTS_PER_SECOND: z.coerce.number().int().min(0).default(1000),
  /** An ingestion commit group is written once it holds this many events… */
  INGEST_COMMIT_EVENTS: positiveInt(2000),
  /** …or once its first event has waited this many milliseconds (0: the next turn of the event loop). */
  INGEST_COMMIT_WAIT_MS: z.coerce.number().int().min(0).max(1000).default(0),
  /**
   * Milliseconds a client has to send a request's headers. Slow clients hold a connection each
   * (a client that drips a header line every few seconds would otherwise hold it for ever).
   */
  HTTP_HEADERS_TIMEOUT_MS: positiveInt(10_000),
  /**
   * Milliseconds a client has to send a JSON body once its headers are in (bodies here are at most
   * 500 KB: 30 s is 17 KB/s). Past it the answer is 408 and the connection closes.
   */
  HTTP_BODY_TIMEOUT_MS: positiveInt(30_000),
  /**
   * Milliseconds a whole request may take to arrive, headers and body: what bounds a CSV upload
   * (at most 64 MiB: 300 s is about 220 KB/s).
   */
  HTTP_REQUEST_TIMEOUT_MS: positiveInt(300_000),
  /**
   * Milliseconds an idle keep-alive connection stays open between requests. Behind a load balancer
   * or proxy, set it above the balancer's own idle timeout.
   */
  HTTP_KEEP_ALIVE_TIMEOUT_MS: positiveInt(10_000),
});

export interface Config {
  readonly port: number;
  readonly host: string;
  /** Origin (scheme://host[:port]) used for links and for the CSRF origin check. */
  readonly publicUrl: string;
  readonly database: { readonly dialect: 'sqlite'; readonly file: string } | { readonly dialect: 'postgres'; readonly url: string };
  readonly dataDir: string;
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  readonly tls: { readonly certFile: string; readonly keyFile: string } | undefined;
  readonly roles: ReadonlySet<ProcessRole>;
  /** Base64 secret from the environment, or undefined when the data dir key is to be used. */
  readonly secretKey: string | undefined;
  readonly metricsToken: string | undefined;
  readonly session: { readonly idleMs: number; readonly absoluteMs: number; readonly rememberMs: number };
  readonly trustProxy: string[] | false;
  readonly logLevel: string;
  readonly migrateOnBoot: boolean;
  readonly jobPollMs: number;
  readonly slowQueryMs: number | undefined;
  readonly sqliteCacheMb: number;
  readonly sqliteReadThreads: number;
  readonly ingest: { readonly eventsPerSecond: number; readonly commitEvents: number; readonly commitWaitMs: number };
  /** How long a client may take to send a request, and an idle connection may stay open (milliseconds). */
  readonly http: { readonly headersTimeoutMs: number; readonly bodyTimeoutMs: number; readonly requestTimeoutMs: number; readonly keepAliveTimeoutMs: number };
  /** True when the browser reaches Candor over HTTPS, directly or through a proxy. */
  readonly isSecure: boolean;
}

/** Thrown with every problem listed, so an operator fixes the environment in one pass. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses an environment (defaults to `process.env`) into a frozen config, or throws ConfigError. */
export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${issue.path.join('.') || 'env'}: ${issue.message}`);
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  if (Boolean(e.TLS_CERT) !== Boolean(e.TLS_KEY)) problems.push('TLS_CERT and TLS_KEY: set both or neither');
  // Node requires the header deadline within the whole request's.
  if (e.HTTP_HEADERS_TIMEOUT_MS >= e.HTTP_REQUEST_TIMEOUT_MS) problems.push('HTTP_HEADERS_TIMEOUT_MS: must be less than HTTP_REQUEST_TIMEOUT_MS');
  const tls = e.TLS_CERT && e.TLS_KEY ? { certFile: e.TLS_CERT, keyFile: e.TLS_KEY } : undefined;
  const scheme = tls ? 'https' : 'http';
  const displayHost = e.HOST === '0.0.0.0' || e.HOST === '::' ? 'localhost' : e.HOST === '127.0.0.1' ? 'localhost' : e.HOST;
  const publicUrl = new URL(e.PUBLIC_URL ?? `${scheme}://${displayHost}:${e.PORT}`).origin;
  if (problems.length > 0) throw new ConfigError(problems);

  const database = e.DATABASE_URL.startsWith('sqlite:')
    ? ({ dialect: 'sqlite', file: e.DATABASE_URL.slice('sqlite:'.length) } as const)
    : ({ dialect: 'postgres', url: e.DATABASE_URL } as const);

  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    database: Object.freeze(database),
    dataDir: e.CANDOR_DATA_DIR,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    tls: tls ? Object.freeze(tls) : undefined,
    roles: new Set(e.CANDOR_ROLES),
    secretKey: e.CANDOR_SECRET_KEY,
    metricsToken: e.METRICS_TOKEN,
    session: Object.freeze({
      idleMs: e.SESSION_IDLE_MINUTES * 60_000,
      absoluteMs: e.SESSION_ABSOLUTE_HOURS * 3_600_000,
      rememberMs: e.REMEMBER_DAYS * 86_400_000,
    }),
    trustProxy: e.TRUST_PROXY ? e.TRUST_PROXY.split(',').map((s) => s.trim()) : false,
    logLevel: e.LOG_LEVEL,
    migrateOnBoot: e.CANDOR_MIGRATE_ON_BOOT,
    jobPollMs: e.JOB_POLL_MS,
    slowQueryMs: e.SLOW_QUERY_MS,
    sqliteCacheMb: e.SQLITE_CACHE_MB,
    sqliteReadThreads: e.SQLITE_READ_THREADS,
    ingest: Object.freeze({ eventsPerSecond: e.INGEST_EVENTS_PER_SECOND, commitEvents: e.INGEST_COMMIT_EVENTS, commitWaitMs: e.INGEST_COMMIT_WAIT_MS }),
    http: Object.freeze({
      headersTimeoutMs: e.HTTP_HEADERS_TIMEOUT_MS,
      bodyTimeoutMs: e.HTTP_BODY_TIMEOUT_MS,
      requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: e.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    }),
    isSecure: publicUrl.startsWith('https:'),
  });
}
