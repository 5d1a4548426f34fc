import { spawn } from 'node:child_process';
import { existsSync, readdirSync, renameSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Command, InvalidArgumentError, Option } from 'commander';
import { ConfigError, parseConfig, type Config } from './config.js';
import type { Ctx, Runtime } from './context.js';
import { migrateToLatest } from './db/database.js';
import { AppError } from './errors.js';
import { permissionsFor } from './modules/access/access.policy.js';
import { findMembershipOfUser, findUserByEmail } from './modules/auth/auth.repo.js';
import { createResetLinkForOperator } from './modules/auth/auth.service.js';
import { seedDemo } from './modules/demo/demo.service.js';
import { createSource } from './modules/sources/sources.service.js';
import { createApiToken } from './modules/tokens/tokens.service.js';
import { findWorkspace } from './modules/workspaces/workspaces.repo.js';
import { createWorkspaceWithOwner } from './modules/workspaces/workspaces.service.js';
import { createLogger, createRuntime } from './runtime.js';
import { startServer } from './server.js';

/**
 * `candor <command>`: the operator's tool. It reads the same environment as the server
 * (DATABASE_URL and the rest), so it always acts on the database the server uses.
 */

function loadConfig(): Config {
  try {
    return parseConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}

/** Opens a runtime with pending migrations applied, runs `fn`, closes. Logs go to stderr. */
async function withRuntime<T>(fn: (rt: Runtime) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const rt = await createRuntime(config, { log: createLogger({ logLevel: 'warn' }, process.stderr) });
  try {
    await migrateToLatest(rt.database);
    return await fn(rt);
  } finally {
    await rt.database.close();
  }
}

/** What the audit log and the request context record as the CLI's "request". */
const CLI_REQUEST = { ip: 'cli', userAgent: 'candor-cli', requestId: 'cli' } as const;

/** A context for acting in `workspaceId` from the CLI, as `actor` with `permissions`. */
function cliContext(rt: Runtime, workspaceId: string, actor: Ctx['actor'], permissions: Ctx['permissions']): Ctx {
  return { rt, db: rt.database.db, workspaceId, permissions, request: CLI_REQUEST, actor };
}

function print(json: boolean, value: Record<string, unknown>, human: string): void {
  process.stdout.write(json ? `${JSON.stringify(value)}\n` : `${human}\n`);
}

function wholeNumber(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n > 10_000_000) throw new InvalidArgumentError('expected a whole number up to 10,000,000.');
  return n;
}

const program = new Command()
  .name('candor')
  .description('Candor, the self-hostable customer success platform')
  .showHelpAfterError();

program
  .command('serve')
  .description('run the server with the roles in CANDOR_ROLES (default: web, worker, scheduler)')
  .action(async () => {
    const server = await startServer(loadConfig());
    const stop = () => void server.stop().then(() => process.exit(0));
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });

program
  .command('migrate')
  .description('apply pending database migrations and exit')
  .action(async () => {
    const config = loadConfig();
    const rt = await createRuntime(config, { log: createLogger({ logLevel: 'warn' }, process.stderr) });
    try {
      const applied = await migrateToLatest(rt.database);
      process.stdout.write(applied.length > 0 ? `Applied: ${applied.join(', ')}\n` : 'The schema is current.\n');
    } finally {
      await rt.database.close();
    }
  });

const workspace = program.command('workspace').description('manage workspaces');
workspace
  .command('create')
  .description('create a workspace and its owner (an existing account becomes owner if the password is its own)')
  .requiredOption('--name <name>', 'workspace name')
  .requiredOption('--owner-email <email>', 'owner email')
  .requiredOption('--owner-password <password>', 'owner password (12+ characters, not a common password)')
  .option('--owner-name <name>', 'owner display name', 'Workspace owner')
  .option('--json', 'print { "workspaceId", "ownerId" } as JSON')
  .action(async (opts: { name: string; ownerEmail: string; ownerPassword: string; ownerName: string; json?: boolean }) => {
    const created = await withRuntime((rt) =>
      createWorkspaceWithOwner(
        { rt, db: rt.database.db },
        { workspaceName: opts.name.trim(), ownerName: opts.ownerName.trim(), ownerEmail: opts.ownerEmail.trim().toLowerCase(), ownerPassword: opts.ownerPassword },
      ),
    );
    print(!!opts.json, { workspaceId: created.workspaceId, ownerId: created.ownerId }, `Created workspace ${created.workspaceId}; owner ${created.ownerId}.`);
  });

const token = program.command('token').description('manage API tokens');
token
  .command('create')
  .description("create an API token for a member of a workspace, with the member's role")
  .requiredOption('--workspace <id>', 'workspace id (ws_…)')
  .requiredOption('--email <email>', 'email of the member who will own the token')
  .option('--name <name>', 'token name', 'Created with the CLI')
  .addOption(new Option('--expires-days <days>', 'days until it expires; 0 for never').default('90').argParser((v) => Number.parseInt(v, 10)))
  .option('--json', 'print { "token" } as JSON')
  .action(async (opts: { workspace: string; email: string; name: string; expiresDays: number; json?: boolean }) => {
    const created = await withRuntime(async (rt) => {
      const user = await findUserByEmail(rt.database.db, opts.email.trim().toLowerCase());
      const membership = user ? await findMembershipOfUser(rt.database.db, opts.workspace, user.id) : undefined;
      if (!user || !membership) throw new AppError('not_found', `${opts.email} is not a member of workspace ${opts.workspace}.`);
      const actor = { kind: 'member', userId: user.id, membershipId: membership.id, role: membership.role, via: 'cli', sessionId: undefined, tokenId: undefined } as const;
      const ctx = cliContext(rt, opts.workspace, actor, permissionsFor(membership.role));
      return createApiToken(ctx, { name: opts.name, expiresInDays: opts.expiresDays > 0 ? opts.expiresDays : null });
    });
    print(!!opts.json, { token: created.token }, `Token (shown once): ${created.token}`);
  });

const sources = program.command('source').description('manage product-usage sources and their write keys');
sources
  .command('create')
  .description('create a source; a browser source takes the site origins its public key may be used from')
  .requiredOption('--workspace <id>', 'workspace id (ws_…)')
  .requiredOption('--name <name>', 'source name, such as "Web app" or "Billing service"')
  .option('--browser', 'a browser source (public key, used from the listed origins); without it, a server source (secret key)')
  .option('--origin <url...>', 'an origin the browser key is accepted from, such as https://app.example.com (repeatable)')
  .option('--json', 'print { "writeKey" } as JSON')
  .action(async (opts: { workspace: string; name: string; browser?: boolean; origin?: string[]; json?: boolean }) => {
    const created = await withRuntime(async (rt) => {
      const ctx = cliContext(rt, opts.workspace, { kind: 'system', reason: 'candor source create' }, new Set());
      if (!(await findWorkspace(ctx))) throw new AppError('not_found', `There is no workspace ${opts.workspace}.`);
      return createSource(ctx, { name: opts.name, kind: opts.browser ? 'browser' : 'server', allowedOrigins: opts.origin ?? [] });
    });
    print(!!opts.json, { writeKey: created.writeKey }, opts.browser ? `Source ${created.id}; browser write key: ${created.writeKey}` : `Source ${created.id}; server write key (shown once): ${created.writeKey}`);
  });

const user = program.command('user').description('help people with their accounts');
user
  .command('reset-link')
  .description('print a single-use, one-hour password-reset link for an account (for when mail cannot reach the person)')
  .requiredOption('--email <email>', 'the account email')
  .option('--json', 'print { "url" } as JSON')
  .action(async (opts: { email: string; json?: boolean }) => {
    const url = await withRuntime((rt) =>
      createResetLinkForOperator({ rt, db: rt.database.db, request: CLI_REQUEST }, opts.email.trim().toLowerCase()),
    );
    print(!!opts.json, { url }, `Send this link to the person; it works once, for one hour:\n${url}`);
  });

program
  .command('backup')
  .description('write a consistent backup: the SQLite online backup API, or pg_dump for PostgreSQL')
  .requiredOption('--to <file>', 'destination file (SQLite: a database file; PostgreSQL: a pg_dump custom-format archive)')
  .action(async (opts: { to: string }) => {
    const config = loadConfig();
    const target = resolve(opts.to);
    if (existsSync(target)) throw new AppError('validation_failed', `${target} already exists; choose a new file name.`);
    if (config.database.dialect === 'sqlite') {
      await backupSqlite(resolve(config.database.file), target);
    } else {
      await backupPostgres(config.database.url, target);
    }
    process.stdout.write(`Backup written to ${target} (${statSync(target).size} bytes).\n`);
  });

program
  .command('seed-demo')
  .description('create a demo workspace: one member of each role, sales reps, and a book of business of clients and contacts')
  .option('--password <password>', 'password for every demo account', 'demo-password-candor')
  .option('--clients <n>', 'how many clients', wholeNumber, 250)
  .option('--contacts <n>', 'how many contacts, spread over the clients', wholeNumber, 1000)
  .option('--json', 'print the result as JSON')
  .action(async (opts: { password: string; clients: number; contacts: number; json?: boolean }) => {
    const started = Date.now();
    const progress = (done: number) => {
      if (!opts.json) process.stderr.write(`\r  ${done} of ${opts.clients} clients written (${Math.round((Date.now() - started) / 1000)} s)`);
    };
    const result = await withRuntime((rt) => seedDemo(rt, { password: opts.password, clients: opts.clients, contacts: opts.contacts, progress }));
    if (!opts.json) process.stderr.write('\n');
    const lines = result.people.map((p) => `  ${p.role.padEnd(9)} ${p.email}`).join('\n');
    const { book } = result;
    print(
      !!opts.json,
      { ...result },
      `Demo workspace ${result.workspaceId}: ${book.clients} clients, ${book.contacts} contacts, ${book.engagements} timeline entries, ${book.tasks} tasks, ${book.csms} CSMs.\n` +
        `Every account's password is "${result.password}":\n${lines}`,
    );
  });

/**
 * SQLite's online backup copies a consistent snapshot while the server keeps writing. It is
 * written next to the target and renamed only after `integrity_check` passes, so a half-written
 * file never carries the final name.
 */
async function backupSqlite(source: string, target: string): Promise<void> {
  if (!existsSync(source)) throw new AppError('not_found', `No SQLite database at ${source}.`);
  const partial = `${target}.partial`;
  const db = new SQLite(source, { readonly: true, fileMustExist: true });
  try {
    await db.backup(partial);
  } finally {
    db.close();
  }
  // The copy inherits WAL mode from the live database, so opening it leaves `<partial>-wal` and
  // `<partial>-shm` behind, which the rename below orphans. A backup is one self-contained file:
  // switch it to a rollback journal first (the server turns WAL back on when it opens a restore).
  const copy = new SQLite(partial);
  copy.pragma('journal_mode = DELETE');
  const check = copy.pragma('integrity_check', { simple: true });
  copy.close();
  if (check !== 'ok') throw new Error(`the backup failed its integrity check: ${String(check)}`);
  renameSync(partial, target);
}

function findPgDump(): string {
  const candidates = ['/usr/bin/pg_dump'];
  if (existsSync('/usr/lib/postgresql')) {
    for (const v of readdirSync('/usr/lib/postgresql').sort().reverse()) candidates.push(join('/usr/lib/postgresql', v, 'bin', 'pg_dump'));
  }
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error('pg_dump was not found; install the PostgreSQL client tools');
  return found;
}

/** pg_dump makes a consistent snapshot without blocking readers or writers. */
function backupPostgres(url: string, target: string): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(findPgDump(), ['--format=custom', `--file=${target}`, `--dbname=${url}`], { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`pg_dump exited with ${code}`))));
  });
}

program.parseAsync(process.argv).catch((err: unknown) => {
  const message = err instanceof AppError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(`candor: ${message}\n`);
  process.exit(1);
});
