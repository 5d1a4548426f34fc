import { sql } from 'kysely';
import { utcDay } from '../../lib/clock.js';
import type { ColumnSpec, GridEnv } from '../grid/client-columns.repo.js';
import { getUsageSettings } from './usage-settings.service.js';

const DAY = 86_400_000;
/** The first day of the last 30 (today included), as the rollups name days. */
const since = (env: GridEnv) => utcDay(env.now - 29 * DAY);

/**
 * Product-usage columns of the client grid, read from the daily rollups (one index range per
 * client), so they filter, sort and export like any other column.
 */
export async function usageColumns(env: Pick<GridEnv, 'ctx'>): Promise<ColumnSpec[]> {
  const { keyEvents } = await getUsageSettings(env.ctx);
  const keyList = keyEvents.length > 0 ? sql.join(keyEvents.map((k) => sql`${k}`)) : null;
  return [
    {
      key: 'active_people_30d',
      label: 'Active people (30 days)',
      type: 'number',
      group: 'calculated',
      sortable: true,
      value: (e) => sql`(select count(distinct d.person_key) from usage_person_day d where d.workspace_id = client.workspace_id and d.client_id = client.id and d.day >= ${since(e)})`,
    },
    {
      key: 'product_events_30d',
      label: 'Product events (30 days)',
      type: 'number',
      group: 'calculated',
      sortable: true,
      value: (e) => sql`(select coalesce(sum(d.events), 0) from usage_client_day d where d.workspace_id = client.workspace_id and d.client_id = client.id and d.day >= ${since(e)})`,
    },
    {
      key: 'key_events_30d',
      label: 'Key events (30 days)',
      type: 'number',
      group: 'calculated',
      sortable: true,
      value: (e) =>
        keyList === null
          ? // Not a bare 0: in ORDER BY both databases read an integer literal as a column position.
            sql`cast(0 as integer)`
          : sql`(select coalesce(sum(d.events), 0) from usage_client_day d where d.workspace_id = client.workspace_id and d.client_id = client.id and d.day >= ${since(e)} and d.event_name in (${keyList}))`,
    },
    {
      key: 'last_active',
      label: 'Last active in product',
      type: 'datetime',
      group: 'calculated',
      sortable: true,
      value: () => sql`(select max(p.last_seen_at) from usage_person p where p.workspace_id = client.workspace_id and p.client_id = client.id)`,
    },
  ];
}
