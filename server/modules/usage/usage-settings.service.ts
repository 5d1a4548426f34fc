import { inTransaction, type Ctx } from '../../context.js';
import { hasChanges } from '../../lib/patch.js';
import { authorize } from '../access/access.policy.js';
import { recordAudit } from '../audit/audit.service.js';
import { findUsageSettingsRow, saveUsageSettingsRow } from './usage-settings.repo.js';

/** A workspace's product-usage choices. */
export interface UsageSettings {
  /** Track event names that count as key events on the client page and in health scores. */
  readonly keyEvents: readonly string[];
  /**
   * 'opt-in': a browser event is stored in full only when it says the visitor consented
   * (`context.consent.functional`), otherwise as an essential page view; 'opt-out': in full unless
   * it says the visitor refused.
   */
  readonly consentMode: 'opt-in' | 'opt-out';
  /** Do Not Track and Global Privacy Control reduce events to essentials (P18). */
  readonly honourSignals: boolean;
  /** Query parameters masked in URLs, on top of the built-in list. */
  readonly maskedParams: readonly string[];
}

/** Opt-in consent and honoured signals: the strict choice is the default (P08, P18). */
export const DEFAULT_USAGE_SETTINGS: UsageSettings = { keyEvents: [], consentMode: 'opt-in', honourSignals: true, maskedParams: [] };

export async function getUsageSettings(ctx: Pick<Ctx, 'db' | 'workspaceId'>): Promise<UsageSettings> {
  const row = await findUsageSettingsRow(ctx);
  if (!row) return DEFAULT_USAGE_SETTINGS;
  return {
    keyEvents: JSON.parse(row.key_events) as string[],
    consentMode: row.consent_mode,
    honourSignals: row.honour_signals === 1,
    maskedParams: JSON.parse(row.masked_params) as string[],
  };
}

/** Changes the workspace's usage settings (admins); audited with what changed. */
export async function updateUsageSettings(ctx: Ctx, patch: Partial<UsageSettings>): Promise<UsageSettings> {
  authorize(ctx, 'workspace:administer');
  const current = await getUsageSettings(ctx);
  if (!hasChanges(patch)) return current;
  const next: UsageSettings = {
    keyEvents: patch.keyEvents ? [...new Set(patch.keyEvents)] : current.keyEvents,
    consentMode: patch.consentMode ?? current.consentMode,
    honourSignals: patch.honourSignals ?? current.honourSignals,
    maskedParams: patch.maskedParams ? [...new Set(patch.maskedParams.map((p) => p.toLowerCase()))] : current.maskedParams,
  };
  await inTransaction(ctx, async (tx) => {
    await saveUsageSettingsRow(tx, {
      key_events: JSON.stringify(next.keyEvents),
      consent_mode: next.consentMode,
      honour_signals: next.honourSignals ? 1 : 0,
      masked_params: JSON.stringify(next.maskedParams),
      updated_at: ctx.rt.clock.now(),
    });
    await recordAudit(tx, {
      action: 'usage_settings.updated',
      details: { consentMode: next.consentMode, honourSignals: String(next.honourSignals), keyEvents: next.keyEvents.length, maskedParams: next.maskedParams.join(' ') },
    });
  });
  return next;
}
