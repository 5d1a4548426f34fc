import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Capabilities } from './db/capabilities.js';
import type { DatabaseHandle, Executor } from './db/database.js';
import type { Role } from './db/schema.js';
import type { BackgroundTasks } from './lib/background.js';
import type { Clock } from './lib/clock.js';
import type { Keyring } from './lib/crypto.js';
import type { Permission } from './modules/access/access.policy.js';
import type { MailTransport } from './modules/mail/mail.transport.js';
import type { Metrics } from './modules/ops/ops.metrics.js';

/** What the process holds once: configuration, the database, the clock, the keys, the log. */
export interface Runtime {
  readonly config: Config;
  readonly database: DatabaseHandle;
  readonly caps: Capabilities;
  readonly clock: Clock;
  readonly keys: Keyring;
  readonly log: Logger;
  /** SMTP when configured; undefined means mail is delivered into the outbox. */
  readonly mail: MailTransport | undefined;
  readonly metrics: Metrics;
  /** Work started by a request that runs after its answer (lib/background.ts). */
  readonly background: BackgroundTasks;
}

/** Who sent the request and from where; written into audit entries. */
export interface RequestInfo {
  readonly ip: string;
  readonly userAgent: string;
  readonly requestId: string;
}

/** A person acting inside a workspace, through a browser session or an API token. */
export interface MemberActor {
  readonly kind: 'member';
  readonly userId: string;
  readonly membershipId: string;
  readonly role: Role;
  /** How the member reached us: a browser session, an API token, or the operator's CLI. */
  readonly via: 'session' | 'token' | 'cli' | 'job';
  readonly sessionId: string | undefined;
  readonly tokenId: string | undefined;
}

/** Candor itself (a job, the CLI), acting for a workspace. */
export interface SystemActor {
  readonly kind: 'system';
  readonly reason: string;
}

export type Actor = MemberActor | SystemActor;

/**
 * The first argument of every service and repo function that touches workspace data.
 * `db` is the pool or the open transaction; `scoped(ctx)` adds `workspace_id = ctx.workspaceId`.
 */
export interface Ctx {
  readonly rt: Runtime;
  readonly db: Executor;
  readonly workspaceId: string;
  readonly actor: Actor;
  readonly permissions: ReadonlySet<Permission>;
  readonly request: RequestInfo;
}

/** The context of a request before anyone is signed in (sign-in, setup, invites, resets). */
export interface PublicCtx {
  readonly rt: Runtime;
  readonly db: Executor;
  readonly request: RequestInfo;
}

/** The signed-in member behind a context, or throws: for routes that only people may call. */
export function memberOf(ctx: Ctx): MemberActor {
  if (ctx.actor.kind !== 'member') throw new Error('this action needs a member, not the system');
  return ctx.actor;
}

/**
 * Runs `fn` in a transaction, or inside the caller's if one is open, so a service can be composed
 * into a bigger unit of work without nesting transactions.
 */
export async function inTransaction<C extends { db: Executor }, T>(ctx: C, fn: (ctx: C) => Promise<T>): Promise<T> {
  if (ctx.db.isTransaction) return fn(ctx);
  return ctx.db.transaction().execute((tx) => fn({ ...ctx, db: tx }));
}
