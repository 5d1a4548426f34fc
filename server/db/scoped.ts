import type { DeleteQueryBuilder, DeleteResult, Insertable, InsertQueryBuilder, InsertResult, SelectQueryBuilder, UpdateQueryBuilder, UpdateResult } from 'kysely';
import type { Ctx } from '../context.js';
import type { Capabilities } from './capabilities.js';
import type { Database } from './schema.js';

/** Tables whose rows belong to one workspace (they carry a `workspace_id`). */
export type TenantTable = {
  [T in keyof Database]: Database[T] extends { workspace_id: string } ? T : never;
}[keyof Database];

/** Tables whose `workspace_id` may be null (account-level rows); readable per workspace all the same. */
export type PartlyTenantTable = {
  [T in keyof Database]: Database[T] extends { workspace_id: string | null } ? T : never;
}[keyof Database];

type TenantInsert<T extends PartlyTenantTable> = Omit<Insertable<Database[T]>, 'workspace_id'>;

/**
 * The tenancy chokepoint. Every query a repo makes on workspace data starts here, and each
 * builder already carries `workspace_id = ctx.workspaceId`; inserts get the workspace id filled
 * in and cannot name another. A query that must cross workspaces does not use this helper and
 * lives in a function whose name starts with `unsafe` (see the test that lists them).
 *
 * The casts below are the price of Kysely's table-name generics: the `where` is added on a
 * column every `TenantTable` has, which TypeScript cannot see through the mapped type.
 */
export function scoped(ctx: Pick<Ctx, 'db' | 'workspaceId'>) {
  const { db, workspaceId } = ctx;
  return {
    workspaceId,
    selectFrom<T extends PartlyTenantTable>(table: T): SelectQueryBuilder<Database, T, object> {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      return (db.selectFrom(table) as any).where(`${table}.workspace_id`, '=', workspaceId);
    },
    updateTable<T extends PartlyTenantTable>(table: T): UpdateQueryBuilder<Database, T, T, UpdateResult> {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      return (db.updateTable(table) as any).where(`${table}.workspace_id`, '=', workspaceId);
    },
    deleteFrom<T extends PartlyTenantTable>(table: T): DeleteQueryBuilder<Database, T, DeleteResult> {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      return (db.deleteFrom(table) as any).where(`${table}.workspace_id`, '=', workspaceId);
    },
    insertInto<T extends PartlyTenantTable>(table: T, values: TenantInsert<T> | TenantInsert<T>[]): InsertQueryBuilder<Database, T, InsertResult> {
      const rows = (Array.isArray(values) ? values : [values]).map((v) => ({ ...v, workspace_id: workspaceId }));
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      return (db.insertInto(table) as any).values(rows);
    },
    /**
     * Many rows, in the form the database takes them best (`rowsFromJson`, else a values list):
     * for the ingestion writer's commit groups. Every row has the same columns; each gets the
     * workspace id, as with insertInto.
     */
    insertMany<T extends PartlyTenantTable>(caps: Pick<Capabilities, 'rowsFromJson'>, table: T, values: readonly TenantInsert<T>[]): InsertQueryBuilder<Database, T, InsertResult> {
      const rows = values.map((v) => ({ ...v, workspace_id: workspaceId }));
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      if (!caps.rowsFromJson) return (db.insertInto(table) as any).values(rows);
      const columns = Object.keys(rows[0] ?? {});
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      return (db.insertInto(table) as any).columns(columns).expression(caps.rowsFromJson(table, columns, rows));
    },
  };
}
