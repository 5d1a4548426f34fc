/**
 * Public types of the Candor tracking tag's `window.candor` (the full build, candor.js). The
 * page-view build, candor-lite.js, has no API.
 *
 * Before the tag loads, `window.candor` may be an array of calls
 * (`window.candor = window.candor || []; candor.push(['track', 'Signed up'])`); the tag replays
 * it on load, consent calls first, and `push` keeps working afterwards.
 */

/** Event properties or traits. They are sent as JSON: a value JSON cannot encode (a cycle, a BigInt) drops the call. */
export type CandorProperties = Record<string, unknown>;

/**
 * The site visitor's choice. Essential page views need no consent; `functional` allows an
 * anonymous id in localStorage, identify/track/group and custom page properties; `marketing`
 * additionally allows track calls flagged `{ marketing: true }`. A field left out is a refusal.
 */
export interface CandorConsent {
  functional: boolean;
  marketing?: boolean;
  /** How the visitor answered, for the consent record: `'click'` from a banner; `'api'` when left out. */
  method?: 'click' | 'api';
}

export interface CandorTrackOptions {
  /** Send only with marketing consent; without it the call is dropped. */
  marketing?: boolean;
}

export type CandorCall =
  | ['identify', string | number, CandorProperties?]
  | ['identify', CandorProperties]
  | ['track', string, CandorProperties?, CandorTrackOptions?]
  | ['page', string?, CandorProperties?]
  | ['page', CandorProperties]
  | ['group', string | number, CandorProperties?]
  | ['consent', CandorConsent]
  | ['reset']
  | ['flush'];

/** Every method accepts any arguments without throwing; a call it cannot use is dropped. */
export interface Candor {
  /** Names the person (kept in localStorage `candor_uid`) and sends their traits. Needs functional consent. */
  identify(userId: string | number, traits?: CandorProperties): void;
  identify(traits: CandorProperties): void;
  /** Records an action. Needs functional consent, and marketing consent when `options.marketing` is true. */
  track(event: string, properties?: CandorProperties, options?: CandorTrackOptions): void;
  /**
   * Records a page view on top of the automatic ones. Without functional consent it is sent as
   * an essential view: the name and the page's path, URL, referrer and title, nothing else.
   */
  page(name?: string, properties?: CandorProperties): void;
  page(properties: CandorProperties): void;
  /** Ties the person to an account (kept in localStorage `candor_gid`, sent as context.groupId). Needs functional consent. */
  group(groupId: string | number, traits?: CandorProperties): void;
  /** Records the visitor's choice; withdrawal removes every key the tag stored. */
  consent(choice: CandorConsent): void;
  /** Forgets the user, group and anonymous ids (on sign-out); the consent choice stays. */
  reset(): void;
  /** Sends what is queued now; resolves when the server has answered, and never rejects. */
  flush(): Promise<void>;
  /** Runs queued-style calls; returns 0 (it stands in for the pre-load array's push). */
  push(...calls: CandorCall[]): number;
}

declare global {
  interface Window {
    candor: Candor | CandorCall[];
  }
}
