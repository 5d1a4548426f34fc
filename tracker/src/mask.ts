/**
 * Query parameters whose values are always masked, whatever `data-mask-params` adds: the places a
 * sign-in link, an OAuth response, a reset token, a session id or an address ends up in a URL. The
 * ingestion API masks the same list again (server/modules/ingest/ingest.privacy.ts); the tag masks
 * first so the values never leave the browser.
 */
export const ALWAYS_MASKED = [
  'token', 'access_token', 'id_token', 'refresh_token', 'code', 'state', 'password', 'pass', 'passwd', 'pwd',
  'secret', 'client_secret', 'key', 'api_key', 'apikey', 'auth', 'session', 'session_id', 'sessionid', 'sid',
  'jsessionid', 'phpsessid', 'email', 'e-mail', 'phone', 'signature', 'sig', 'otp', 'jwt',
];

export type Mask = (url: string) => string;

/**
 * Masks `name=value` pairs after `?`, `&`, `#` or `;`, so a query, an OAuth fragment
 * (`#access_token=…`), a hash route's query (`#/reset?token=…`) and a path parameter
 * (`;jsessionid=…`) are all covered. Names compare case-insensitively after URL-decoding.
 */
export function masker(extra: readonly string[]): Mask {
  const names = ALWAYS_MASKED.concat(extra);
  return (url) =>
    url.replace(/([?&#;])([^?&#;=]*)=([^&#;]*)/g, (whole, lead: string, name: string, value: string) => {
      let key = name;
      try {
        key = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        // A malformed escape: compare the name as written.
      }
      return value && names.indexOf(key.toLowerCase()) >= 0 ? lead + name + '=[masked]' : whole;
    });
}
