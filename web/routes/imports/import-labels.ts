import type { ImportEntity, ImportStatus } from '../../api/types.js';

export const IMPORT_STATUS_LABELS: Record<ImportStatus, string> = {
  uploaded: 'Needs mapping',
  validating: 'Checking',
  validated: 'Checked, not run',
  queued: 'Waiting to start',
  running: 'Importing',
  done: 'Done',
  failed: 'Failed',
  undoing: 'Undoing',
  undone: 'Undone',
};

export const IMPORT_STATUS_COLORS: Record<ImportStatus, string> = {
  uploaded: 'gray',
  validating: 'blue',
  validated: 'yellow',
  queued: 'blue',
  running: 'blue',
  done: 'teal',
  failed: 'red',
  undoing: 'orange',
  undone: 'gray',
};

export const ENTITY_LABELS: Record<ImportEntity, { one: string; many: string }> = {
  client: { one: 'client', many: 'clients' },
  contact: { one: 'contact', many: 'contacts' },
};

/** Statuses that change by themselves; the page asks again every second while one lasts. */
export const MOVING_STATUSES: ReadonlySet<ImportStatus> = new Set(['validating', 'queued', 'running', 'undoing']);

export function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}
