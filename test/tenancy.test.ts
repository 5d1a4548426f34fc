import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../server/privacy/promise-coverage.js';

/**
 * The workspace wall (DESIGN.md, Tenancy): repos start from `scoped(ctx)`, and any query that
 * crosses workspaces lives in a function named `unsafe…`. This test lists every such function and
 * every place that calls one, with the reason it may; a new one fails the suite until it is
 * reviewed and added here.
 */
const UNSAFE: Record<string, { reason: string; callers: string[] }> = {
  unsafeListMembershipsOfUser: {
    reason: 'a person’s own memberships across workspaces: sign-in, the workspace switcher, account-level audit entries',
    callers: ['server/modules/auth/session.service.ts', 'server/modules/audit/audit.service.ts', 'server/modules/account/account.service.ts'],
  },
  unsafeFindTokenByHash: {
    reason: 'a bearer token is what names its workspace, so its lookup cannot start from one',
    callers: ['server/modules/tokens/tokens.service.ts'],
  },
  unsafeFindSourceByKeyHash: {
    reason: 'a write key is what names its workspace on an ingestion request, so its lookup cannot start from one',
    callers: ['server/modules/sources/sources.service.ts'],
  },
  unsafeFindInviteByTokenHash: {
    reason: 'an invite link names its workspace to someone who is not a member yet',
    callers: ['server/modules/invites/invites.service.ts'],
  },
  unsafeFindMailForDelivery: {
    reason: 'the mail worker delivers queued mail of every workspace by row id',
    callers: ['server/modules/mail/mail.jobs.ts'],
  },
  unsafeMarkMailDelivered: {
    reason: 'the mail worker records each delivery by row id',
    callers: ['server/modules/mail/mail.jobs.ts'],
  },
  unsafeMarkMailFailed: {
    reason: 'the mail worker marks a dead-lettered message failed by row id',
    callers: ['server/modules/mail/mail.jobs.ts'],
  },
  unsafeListOutbox: {
    reason: 'account mail shows in a workspace outbox only when its recipient belongs to no other workspace, which the query must ask',
    callers: ['server/modules/mail/mail.outbox.ts'],
  },
  unsafeFindOutboxMessage: {
    reason: 'the same rule as unsafeListOutbox, for one message',
    callers: ['server/modules/mail/mail.outbox.ts'],
  },
  unsafePurgeExpired: {
    reason: 'the hourly retention sweep deletes expired rows of every workspace, by age only',
    callers: ['server/modules/ops/ops.jobs.ts'],
  },
  unsafeFindImportWorkspace: {
    reason: 'a dead-lettered import job has only the import id; it marks that import failed',
    callers: ['server/modules/imports/imports.jobs.ts'],
  },
  unsafeCountWorkspaces: {
    reason: 'first-run setup is open only while the deployment has no workspace',
    callers: ['server/server.ts', 'server/modules/workspaces/workspaces.service.ts'],
  },
};

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const root = repoRoot();
const files = sourceFiles(join(root, 'server')).map((f) => ({ file: relative(root, f), text: readFileSync(f, 'utf8') }));

describe('crossing the workspace wall', () => {
  it('[P47] every unsafe… function is listed with its reason', () => {
    const defined = files.flatMap(({ text }) => [...text.matchAll(/export (?:async )?function (unsafe[A-Z]\w*)/g)].map((m) => m[1]));
    expect(defined.sort()).toEqual(Object.keys(UNSAFE).sort());
  });

  it('[P47] every call of an unsafe… function comes from a reviewed caller', () => {
    const calls: string[] = [];
    for (const { file, text } of files) {
      for (const m of text.matchAll(/(?<!function )\b(unsafe[A-Z]\w*)\(/g)) {
        const name = m[1] ?? '';
        if (!UNSAFE[name]?.callers.includes(file)) calls.push(`${file} calls ${name}`);
      }
    }
    expect(calls, 'add the caller to UNSAFE with a reason, or use scoped(ctx)').toEqual([]);
  });

  it('[P47] lifts the tenant guard only inside unsafe… functions', () => {
    const offenders: string[] = [];
    for (const { file, text } of files) {
      if (file === 'server/db/tenant-guard.ts') continue;
      for (const m of text.matchAll(/allowCrossWorkspace\(/g)) {
        const before = text.slice(0, m.index);
        const enclosing = [...before.matchAll(/function (\w+)|(\w+)\(tx: Executor[^)]*\)/g)].pop();
        const name = enclosing?.[1] ?? enclosing?.[2] ?? '';
        if (!name.startsWith('unsafe') && !(file === 'server/db/capabilities.ts' && name === 'takeTransactionLock')) offenders.push(`${file}: ${name}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('keeps SQL out of routes and services: only *.repo.ts files build queries', () => {
    const offenders = files
      .filter(({ file }) => /\.(routes|service)\.ts$/.test(file))
      .filter(({ text }) => /\.(selectFrom|insertInto|updateTable|deleteFrom)\(/.test(text) || /from 'kysely'/.test(text))
      .map(({ file }) => file);
    expect(offenders).toEqual([]);
  });

  it('reads the environment only in server/config.ts', () => {
    const offenders = files.filter(({ file, text }) => file !== 'server/config.ts' && /process\.env/.test(text)).map(({ file }) => file);
    expect(offenders).toEqual([]);
  });
});
