import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/helpers/app.js';
import { makeWorkspace, type Workspace } from '../../test/helpers/factories.js';
import { scoped } from './scoped.js';
import { allowCrossWorkspace, UnscopedQueryError } from './tenant-guard.js';

let t: TestApp;
let ws: Workspace;
beforeAll(async () => {
  t = await buildTestApp();
  ws = await makeWorkspace(t);
});
afterAll(() => t.close());

describe('the tenant guard', () => {
  const db = () => t.rt.database.db;

  it('[P47] refuses to read, change or delete workspace rows without pinning the workspace', async () => {
    await expect(db().selectFrom('membership').selectAll().execute()).rejects.toThrow(UnscopedQueryError);
    await expect(db().selectFrom('membership as m').selectAll().where('m.role', '=', 'owner').execute()).rejects.toThrow(/membership/);
    await expect(db().updateTable('sales_rep').set({ name: 'x' }).execute()).rejects.toThrow(UnscopedQueryError);
    await expect(db().deleteFrom('invite').where('email', '=', 'x@example.test').execute()).rejects.toThrow(UnscopedQueryError);
    await expect(db().selectFrom('workspace').selectAll().execute()).rejects.toThrow(/without id/);
  });

  it('[P47] refuses an OR that lets other workspaces’ rows through, and an unpinned join or subquery', async () => {
    await expect(
      db()
        .selectFrom('membership')
        .selectAll()
        .where((eb) => eb.or([eb('workspace_id', '=', ws.workspaceId), eb('role', '=', 'owner')]))
        .execute(),
    ).rejects.toThrow(UnscopedQueryError);
    await expect(
      scoped({ db: db(), workspaceId: ws.workspaceId })
        .selectFrom('membership')
        .innerJoin('api_token', 'api_token.membership_id', 'membership.id')
        .selectAll()
        .execute(),
    ).rejects.toThrow(/join on "api_token"/);
    await expect(
      db()
        .selectFrom('user_account')
        .selectAll()
        .where('id', 'in', (eb) => eb.selectFrom('membership').select('user_id'))
        .execute(),
    ).rejects.toThrow(UnscopedQueryError);
  });

  it('refuses an insert that names no workspace', async () => {
    await expect(
      db()
        .insertInto('sales_rep')
        .values({ id: 'rep_x', name: 'x', created_at: 0, updated_at: 0 } as never)
        .execute(),
    ).rejects.toThrow(/insert on "sales_rep"/);
  });

  it('lets scoped queries through, and what allowCrossWorkspace allows', async () => {
    const rows = await scoped({ db: db(), workspaceId: ws.workspaceId }).selectFrom('membership').selectAll().execute();
    expect(rows).toHaveLength(1);
    const all = await allowCrossWorkspace('test', () => db().selectFrom('membership').select('id').execute());
    expect(all.length).toBeGreaterThanOrEqual(1);
    expect(await db().selectFrom('user_account').select('id').execute()).not.toHaveLength(0);
  });
});
