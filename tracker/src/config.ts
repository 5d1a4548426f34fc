/** The tag's settings, read from the attributes of its own <script> element. */
export interface Config {
  /** The ingestion API's base: the script's own origin, or `data-api`. */
  readonly api: string;
  readonly writeKey: string;
  /** `opt-in` (the default, and what an unknown value means) or `opt-out`. */
  readonly mode: 'opt-in' | 'opt-out';
  /** False only for `data-signals="ignore"`. */
  readonly honourSignals: boolean;
  /** `data-mask-params`, lower-cased; added to the built-in list. */
  readonly maskParams: string[];
  /** `data-consent-version`: the site's banner or policy version, written into each consent record. */
  readonly consentVersion: string;
}

/**
 * Reads the configuration, or undefined when the tag cannot send anything (no write key, an API
 * that is not http(s)). `currentScript` is set while a classic script, deferred or not, first runs;
 * the selector covers a loader that inserted the tag some other way.
 */
export function readConfig(): Config | undefined {
  const el = (document.currentScript || document.querySelector('script[data-write-key]')) as HTMLScriptElement | null;
  if (!el) return undefined;
  const attr = (name: string) => (el.getAttribute('data-' + name) || '').trim();
  const writeKey = attr('write-key');
  const override = attr('api');
  const base = new URL(override || el.src, location.href);
  if (!writeKey || !/^https?:$/.test(base.protocol)) return undefined;
  return {
    api: override ? base.href.replace(/\/+$/, '') : base.origin,
    writeKey,
    mode: attr('consent') === 'opt-out' ? 'opt-out' : 'opt-in',
    honourSignals: attr('signals') !== 'ignore',
    consentVersion: attr('consent-version').slice(0, 100),
    maskParams: attr('mask-params')
      .split(',')
      .map((p) => p.trim().toLowerCase())
      .filter(Boolean),
  };
}

/** The person asked not to be tracked: Global Privacy Control or Do Not Track. */
export function privacySignal(): boolean {
  return navigator.globalPrivacyControl === true || navigator.doNotTrack === '1' || window.doNotTrack === '1';
}

/**
 * Whether this copy of the tag should run. Automated browsers (`navigator.webdriver`) are
 * skipped: crawlers and test runs are not visitors. Only the first copy on a page runs, so a tag
 * pasted twice, or both builds, do not count every view twice.
 */
export function shouldRun(): boolean {
  const w = window as unknown as Record<symbol, unknown>;
  const key = Symbol.for('candor.tag');
  if (w[key] || navigator.webdriver === true) return false;
  w[key] = true;
  return true;
}
