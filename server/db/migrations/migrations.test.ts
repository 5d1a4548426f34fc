import { Migrator, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.js';
import { openDatabase, type DatabaseHandle } from '../database.js';
import { allowCrossWorkspace } from '../tenant-guard.js';
import { migrations } from './index.js';

let handle: DatabaseHandle | undefined;
let database: TestDatabase | undefined;
afterEach(async () => {
  await handle?.close();
  await database?.drop();
  handle = undefined;
  database = undefined;
});

const migrator = (h: DatabaseHandle) => new Migrator({ db: h.db.withoutPlugins(), provider: { getMigrations: async () => migrations } });

async function migrateTo(h: DatabaseHandle, name: string): Promise<void> {
  const { error } = await migrator(h).migrateTo(name);
  if (error) throw error;
}

/** The ids of `entity` records whose indexed text contains `term`, through the capabilities object. */
async function found(h: DatabaseHandle, workspaceId: string, entity: 'client' | 'contact', term: string): Promise<string[]> {
  const rows = await allowCrossWorkspace('test reads its own rows', () =>
    h.db
      .selectFrom(entity)
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where(h.caps.searchContains(entity, entity, workspaceId, term))
      .execute(),
  );
  return rows.map((r) => r.id);
}

describe('migrations', () => {
  it('run down and up again, every one, leaving the same tables', async () => {
    database = await createTestDatabase();
    handle = await openDatabase(database.config);
    const names = Object.keys(migrations);
    await migrateTo(handle, names.at(-1) ?? '');
    const tables = async () => (await handle!.db.introspection.getTables()).map((t) => t.name).sort();
    const before = await tables();
    const { error } = await (async () => {
      for (let i = names.length - 1; i >= 0; i--) {
        const r = await migrator(handle!).migrateDown();
        if (r.error) return r;
      }
      return { error: undefined };
    })();
    expect(error).toBeUndefined();
    await migrateTo(handle, names.at(-1) ?? '');
    expect(await tables()).toEqual(before);
  });

  it('20261129170000 moves the SQLite search index to per-entity tables without losing an entry, and back', async () => {
    database = await createTestDatabase();
    handle = await openDatabase(database.config);
    await migrateTo(handle, '20261129130000_create_customer_360');
    const db = handle.db.withoutPlugins();
    const now = Date.now();
    await db.insertInto('workspace').values({ id: 'ws_a', name: 'A', audit_ip_mode: 'full', sensitive_data_policy: 'reject', record_visibility: 'by_role', created_at: now, updated_at: now }).execute();
    const client = { workspace_id: 'ws_a', status: 'active' as const, custom_fields: '{}', created_at: now, updated_at: now };
    await db.insertInto('client').values([
      { ...client, id: 'cl_1', name: 'Harbor Analytics', search_text: 'harbor analytics harbor.example' },
      { ...client, id: 'cl_2', name: 'Quartz Labs', search_text: 'quartz labs quartz.example' },
    ]).execute();
    const contact = { workspace_id: 'ws_a', do_not_contact: 0, marketing_opt_out: 0, source: 'manual' as const, custom_fields: '{}', created_at: now, updated_at: now };
    await db.insertInto('contact').values({ ...contact, id: 'ct_1', first_name: 'Ada', last_name: 'Okafor', search_text: 'ada okafor ada@harbor.example' }).execute();
    if (handle.caps.dialect === 'sqlite') {
      await sql`insert into search_index (workspace_id, entity, entity_id, text) values
        ('ws_a', 'client', 'cl_1', 'harbor analytics harbor.example'),
        ('ws_a', 'client', 'cl_2', 'quartz labs quartz.example'),
        ('ws_a', 'contact', 'ct_1', 'ada okafor ada@harbor.example')`.execute(db);
    }

    await migrateTo(handle, '20261129170000_rebuild_search_index');
    expect(await found(handle, 'ws_a', 'client', 'harbor')).toEqual(['cl_1']);
    expect(await found(handle, 'ws_a', 'client', 'QUARTZ.ex')).toEqual(['cl_2']);
    expect(await found(handle, 'ws_a', 'contact', 'harbor')).toEqual(['ct_1']);
    // A name is not an email: a contact match is never a client match.
    expect(await found(handle, 'ws_a', 'client', 'okafor')).toEqual([]);

    // Re-indexing and un-indexing act on one record only (as the services do: the column, then the index).
    await db.updateTable('client').set({ search_text: 'harbour analytics harbour.example' }).where('id', '=', 'cl_1').execute();
    await handle.caps.indexSearchText(handle.db, 'ws_a', 'client', 'cl_1', 'harbour analytics harbour.example');
    expect(await found(handle, 'ws_a', 'client', 'harbor')).toEqual([]);
    expect(await found(handle, 'ws_a', 'client', 'harbour')).toEqual(['cl_1']);
    await handle.caps.unindexSearchText(handle.db, 'ws_a', 'client', ['cl_2']);
    expect(await found(handle, 'ws_a', 'client', 'quartz')).toEqual(handle.caps.dialect === 'sqlite' ? [] : ['cl_2']);

    const { error } = await migrator(handle).migrateDown();
    expect(error).toBeUndefined();
    if (handle.caps.dialect === 'sqlite') {
      // Going back rebuilds the old table from the records themselves.
      const rows = await sql<{ entity_id: string }>`select entity_id from search_index where text like '%okafor%'`.execute(db);
      expect(rows.rows.map((r) => r.entity_id)).toEqual(['ct_1']);
    }
  });
});
