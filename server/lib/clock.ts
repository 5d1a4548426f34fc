/** The one source of "now" for services, so tests can move time without fake global timers. */
export interface Clock {
  /** Milliseconds since the Unix epoch, UTC. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that tests advance by hand. */
export class ManualClock implements Clock {
  constructor(private current = Date.UTC(2026, 10, 29, 9, 0, 0)) {}
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += ms;
  }
  set(ms: number): void {
    this.current = ms;
  }
}

/** Stored timestamps are epoch milliseconds; the API speaks ISO 8601 UTC. */
export function toIso(ms: number): string;
export function toIso(ms: number | null): string | null;
export function toIso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** The UTC calendar day of a time, `YYYY-MM-DD`: how dates and daily rollups are keyed. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
