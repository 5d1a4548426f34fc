import { Tooltip } from '@mantine/core';
import { useEffect, useState } from 'react';

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const absoluteFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** "3 minutes ago", "in 7 days"; under a minute reads "just now" rather than a ticking count. */
export function formatRelative(iso: string, now = Date.now()): string {
  const diff = new Date(iso).getTime() - now;
  const abs = Math.abs(diff);
  if (abs < 60_000) return diff <= 0 ? 'just now' : 'in less than a minute';
  for (const [unit, ms] of UNITS) {
    if (abs >= ms) return relativeFormat.format(Math.round(diff / ms), unit);
  }
  return relativeFormat.format(Math.round(diff / 60_000), 'minute');
}

export function formatAbsolute(iso: string): string {
  return absoluteFormat.format(new Date(iso));
}

export function formatDate(iso: string): string {
  return dateFormat.format(new Date(iso));
}

/** Re-renders every minute so "just now" does not stay on screen for an hour. */
function useNow(intervalMs = 60_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(id);
  }, [intervalMs]);
  return now;
}

/** A relative time, with the exact local time in a tooltip and machine-readable in `<time>`. */
export function RelativeTime({ iso, prefix }: { iso: string; prefix?: string }) {
  const now = useNow();
  const absolute = formatAbsolute(iso);
  return (
    <Tooltip label={absolute} openDelay={300} withArrow>
      <time dateTime={iso} style={{ whiteSpace: 'nowrap' }}>
        {prefix ? `${prefix} ` : ''}
        {formatRelative(iso, now)}
      </time>
    </Tooltip>
  );
}
