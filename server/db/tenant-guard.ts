import { AsyncLocalStorage } from 'node:async_hooks';
import type { KyselyPlugin, OperationNode, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';

/**
 * The second wall behind `scoped(ctx)`: a Kysely plugin that inspects every query before it runs
 * and refuses one that reads or changes a workspace table without pinning `workspace_id` (or, for
 * the `workspace` table itself, its `id`). It runs in production and in the whole test suite on
 * both databases, so a repo function that forgets the scope fails loudly instead of leaking.
 *
 * A query that must cross workspaces runs inside `allowCrossWorkspace(…)`, which only `unsafe…`
 * functions call (test/tenancy.test.ts checks both).
 */

/** Tables whose rows belong to one workspace, and the column that names it. */
const TENANT_TABLES: Readonly<Record<string, string>> = {
  workspace: 'id',
  membership: 'workspace_id',
  sales_rep: 'workspace_id',
  api_token: 'workspace_id',
  source: 'workspace_id',
  usage_event: 'workspace_id',
  usage_message: 'workspace_id',
  usage_person: 'workspace_id',
  usage_unmatched_group: 'workspace_id',
  usage_alias: 'workspace_id',
  usage_person_day: 'workspace_id',
  usage_client_day: 'workspace_id',
  usage_settings: 'workspace_id',
  usage_salt: 'workspace_id',
  invite: 'workspace_id',
  audit_event: 'workspace_id',
  domain_event: 'workspace_id',
  mail_message: 'workspace_id',
  team: 'workspace_id',
  team_member: 'workspace_id',
  client: 'workspace_id',
  client_domain: 'workspace_id',
  client_tag: 'workspace_id',
  contact: 'workspace_id',
  contact_email: 'workspace_id',
  contact_phone: 'workspace_id',
  client_contact: 'workspace_id',
  contact_access: 'workspace_id',
  engagement: 'workspace_id',
  engagement_participant: 'workspace_id',
  task: 'workspace_id',
  custom_field: 'workspace_id',
  segment: 'workspace_id',
  import_job: 'workspace_id',
  import_chunk: 'workspace_id',
  import_change: 'workspace_id',
  sensitive_block: 'workspace_id',
  search_doc: 'workspace_id',
};

const crossing = new AsyncLocalStorage<string>();

/** Runs `fn` with the guard off for the queries it makes; `reason` says why in an error trace. */
export function allowCrossWorkspace<T>(reason: string, fn: () => T): T {
  return crossing.run(reason, fn);
}

/** Thrown for a query the guard refuses; always a bug in a repo function. */
export class UnscopedQueryError extends Error {
  constructor(table: string, kind: string) {
    super(`${kind} on "${table}" without ${TENANT_TABLES[table]} = …: start the query from scoped(ctx), or cross workspaces in an unsafe… function`);
    this.name = 'UnscopedQueryError';
  }
}

type Node = OperationNode & Record<string, unknown>;

function nameOf(node: unknown): { table: string; alias: string } | undefined {
  const n = node as Node | undefined;
  if (!n) return undefined;
  if (n.kind === 'TableNode') {
    const table = ((n.table as Node).identifier as Node).name as string;
    return { table, alias: table };
  }
  if (n.kind === 'AliasNode') {
    const inner = nameOf(n.node);
    const alias = (n.alias as Node).name as string | undefined;
    return inner && alias ? { table: inner.table, alias } : undefined;
  }
  return undefined;
}

/** The top-level conjuncts of a predicate: `a and (b and c)` gives a, b, c. */
function conjuncts(node: unknown): Node[] {
  const n = node as Node | undefined;
  if (!n) return [];
  if (n.kind === 'AndNode') return [...conjuncts(n.left), ...conjuncts(n.right)];
  if (n.kind === 'ParensNode') return conjuncts(n.node);
  return [n];
}

/** True when `operand` names `column`, bare or qualified with `alias`. */
function isColumn(operand: unknown, column: string, alias: string): boolean {
  const n = operand as Node | undefined;
  if (!n) return false;
  if (n.kind === 'ColumnNode') return ((n.column as Node).name as string) === column;
  if (n.kind === 'ReferenceNode') {
    const col = n.column as Node;
    if (col.kind !== 'ColumnNode' || ((col.column as Node).name as string) !== column) return false;
    const qualifier = nameOf(n.table);
    return !qualifier || qualifier.alias === alias || qualifier.table === alias;
  }
  return false;
}

/** A conjunct `alias.column = …` (or `in (…)` for the workspace id). */
function pins(predicate: unknown, column: string, alias: string): boolean {
  return conjuncts(predicate).some((c) => {
    if (c.kind !== 'BinaryOperationNode') return false;
    const op = (c.operator as Node).operator as string;
    if (op !== '=' && op !== 'in') return false;
    return isColumn(c.leftOperand, column, alias) || (op === '=' && isColumn(c.rightOperand, column, alias));
  });
}

function checkFrom(froms: unknown, where: unknown, kind: string): void {
  for (const from of (froms as unknown[] | undefined) ?? []) {
    const named = nameOf(from);
    const column = named && TENANT_TABLES[named.table];
    if (named && column && !pins((where as Node | undefined)?.where, column, named.alias)) throw new UnscopedQueryError(named.table, kind);
  }
}

function checkJoins(joins: unknown): void {
  for (const join of (joins as Node[] | undefined) ?? []) {
    const named = nameOf(join.table);
    const column = named && TENANT_TABLES[named.table];
    const on = (join.on as Node | undefined)?.on;
    if (named && column && !pins(on, column, named.alias)) throw new UnscopedQueryError(named.table, 'join');
  }
}

function check(node: Node): void {
  switch (node.kind) {
    case 'SelectQueryNode':
      checkFrom((node.from as Node | undefined)?.froms, node.where, 'select');
      checkJoins(node.joins);
      break;
    case 'UpdateQueryNode':
      checkFrom([node.table], node.where, 'update');
      checkJoins(node.joins);
      break;
    case 'DeleteQueryNode':
      checkFrom((node.from as Node | undefined)?.froms, node.where, 'delete');
      break;
    case 'InsertQueryNode': {
      const named = nameOf(node.into);
      const column = named && TENANT_TABLES[named.table];
      // Creating a workspace is the one insert that has no workspace to name yet.
      if (named && column && named.table !== 'workspace') {
        const columns = ((node.columns as Node[] | undefined) ?? []).map((c) => (c.column as Node).name as string);
        if (!columns.includes(column)) throw new UnscopedQueryError(named.table, 'insert');
      }
      break;
    }
  }
}

/** Visits the query and every subquery in it. */
function walk(value: unknown, seen: Set<unknown>): void {
  if (!value || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) {
    for (const v of value) walk(v, seen);
    return;
  }
  const node = value as Node;
  if (typeof node.kind === 'string') check(node);
  for (const key of Object.keys(node)) walk(node[key], seen);
}

export class TenantGuardPlugin implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (crossing.getStore() === undefined) walk(args.node, new Set());
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}
