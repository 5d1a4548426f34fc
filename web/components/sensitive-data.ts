import { isApiError } from '../api/client.js';

import { SENSITIVE_CATEGORY_LABELS } from '../../contract/sensitive-data.js';

/** The label the settings page uses for a category the server named (its own name if it is new to this build). */
export function sensitiveCategoryLabel(category: string): string {
  return (SENSITIVE_CATEGORY_LABELS as Record<string, string>)[category] ?? category;
}

export interface SensitiveFinding {
  readonly path: string;
  readonly category: string;
  readonly hint: string;
}

/** The findings of a `sensitive_data_rejected` answer; empty for any other error. */
export function sensitiveFindings(err: unknown): SensitiveFinding[] {
  if (!isApiError(err, 'sensitive_data_rejected')) return [];
  const findings = err.details.findings;
  if (!Array.isArray(findings)) return [];
  return findings.filter(
    (f): f is SensitiveFinding => typeof f === 'object' && f !== null && typeof f.path === 'string' && typeof f.category === 'string' && typeof f.hint === 'string',
  );
}

/** `body.customFields.health_notes` → `Health notes`; `body.phones.0.number` → `Phones 1 number`. */
export function humanizePath(path: string, labels: Record<string, string> = {}): string {
  const bare = path.replace(/^body\./, '');
  if (labels[bare]) return labels[bare];
  const last = bare.replace(/^customFields\./, '');
  const words = last
    .split('.')
    .map((part) => (/^\d+$/.test(part) ? String(Number(part) + 1) : part))
    .join(' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
