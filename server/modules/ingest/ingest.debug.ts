import type { Rejection } from './ingest.parse.js';
import type { StorableEvent, StoreOutcome } from './ingest.store.js';

/** One line of the live event debugger. */
export interface DebugEntry {
  readonly at: number;
  readonly sourceId: string;
  readonly outcome: 'stored' | 'duplicate' | 'rejected';
  readonly type: string | null;
  readonly name: string | null;
  readonly messageId: string | null;
  /** For rejections: why. */
  readonly reason: string | null;
  /** The stored properties (after masking and the guard), shortened; null for rejections. */
  readonly preview: string | null;
}

const KEEP = 200;

/**
 * The last events each workspace sent, accepted or not, held in memory for the settings page's
 * live debugger: an admin wiring up a site sees at once what arrived and why something was
 * refused. Nothing here is stored; a restart empties it.
 */
export class IngestDebugLog {
  private readonly entries = new Map<string, DebugEntry[]>();

  record(workspaceId: string, sourceId: string, at: number, stored: readonly StorableEvent[], outcomes: readonly StoreOutcome[], rejected: readonly Rejection[]): void {
    const list = this.entries.get(workspaceId) ?? [];
    stored.forEach((e, i) => {
      list.push({ at, sourceId, outcome: outcomes[i] ?? 'stored', type: e.type, name: e.eventName, messageId: e.messageId, reason: null, preview: JSON.stringify(e.properties).slice(0, 300) });
    });
    for (const r of rejected) list.push({ at, sourceId, outcome: 'rejected', type: null, name: null, messageId: r.messageId, reason: r.reason, preview: null });
    if (list.length > KEEP) list.splice(0, list.length - KEEP);
    this.entries.set(workspaceId, list);
  }

  /** Newest first. */
  list(workspaceId: string, since = 0): DebugEntry[] {
    return (this.entries.get(workspaceId) ?? []).filter((e) => e.at >= since).reverse();
  }
}
