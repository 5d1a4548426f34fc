import type { CookieDeclaration, StoredItem } from '../../contract/promises.js';
import type { Config } from '../config.js';
import { cookieNames, MFA_COOKIE_SECONDS } from '../http/cookies.js';

/**
 * The cookie declaration (P16): every cookie Candor's app sets and every key the tracking tag and
 * its consent banner keep, with category, purpose, lifetime and party. It is the one list the
 * page, the JSON and the tests read: a cookie the app sets that is not declared here fails a test,
 * and so does a key the tag stores (test/e2e/usage.e2e.ts).
 *
 * Categories follow P14. Candor's app sets essential cookies only, so it has nothing to ask
 * consent for: signing in is the service the person asked for, and "Keep me signed in" is set only
 * when they tick it. The tag's ids are functional and exist only after the visitor allows product
 * analytics; what remembers the answer itself is essential, so a refusal is honoured on the next
 * page without asking again. Nothing is marketing, and nothing is third-party: the tag stores in
 * the site's own storage, and Candor's cookies are its own.
 */
export function cookieDeclaration(config: Config): CookieDeclaration {
  const names = cookieNames(config);
  const idleMinutes = Math.round(config.session.idleMs / 60_000);
  const absoluteHours = Math.round(config.session.absoluteMs / 3_600_000);
  const rememberDays = Math.round(config.session.rememberMs / 86_400_000);
  const app: StoredItem[] = [
    {
      name: names.session,
      kind: 'cookie',
      category: 'essential',
      purpose: 'Keeps a member signed in. An opaque random token; the server holds what it stands for.',
      lifetime: `Until the browser closes; the session also ends after ${idleMinutes} minutes idle, ${absoluteHours} hours in all, or at sign-out`,
      party: 'first',
      when: 'On sign-in',
    },
    {
      name: names.remember,
      kind: 'cookie',
      category: 'essential',
      purpose: 'Signs the member in again on this device after the browser was closed. Replaced with a new value each time it is used; revocable per device under Account → Security.',
      lifetime: `${rememberDays} days, or until revoked or signed out`,
      party: 'first',
      when: 'Only when the member ticks “Keep me signed in”',
    },
    {
      name: names.mfa,
      kind: 'cookie',
      category: 'essential',
      purpose: 'Holds a sign-in between the password and the two-factor code. An opaque random token.',
      lifetime: `${Math.round(MFA_COOKIE_SECONDS / 60)} minutes, or until the code is entered`,
      party: 'first',
      when: 'On sign-in, for members with two-factor sign-in',
    },
  ];
  const tag: StoredItem[] = [
    {
      name: 'candor_choice',
      kind: 'localStorage',
      category: 'essential',
      purpose: 'The consent banner remembers the visitor’s answer (product analytics and marketing, allowed or not) and the banner version, so it does not ask on every page. Holds no id.',
      lifetime: 'Until the visitor changes their answer, the banner version changes, or site data is cleared',
      party: 'first',
      when: 'When the visitor answers the banner',
    },
    {
      name: 'candor_consent',
      kind: 'localStorage',
      category: 'essential',
      purpose: 'The tag remembers that the visitor allowed product analytics, so the next page may send without asking again.',
      lifetime: 'Until the visitor withdraws (removed then) or site data is cleared',
      party: 'first',
      when: 'When the visitor allows product analytics',
    },
    {
      name: 'candor_aid',
      kind: 'localStorage',
      category: 'functional',
      purpose: 'A random anonymous id, so the visitor’s page views count as one person across visits.',
      lifetime: 'Until the visitor withdraws, the site calls reset(), or site data is cleared',
      party: 'first',
      when: 'After the visitor allows product analytics (or in opt-out mode, unless they object or send DNT/GPC)',
    },
    {
      name: 'candor_uid',
      kind: 'localStorage',
      category: 'functional',
      purpose: 'The user id your site gave with identify(), so later pages are tied to the same user.',
      lifetime: 'Until the visitor withdraws, the site calls reset(), or site data is cleared',
      party: 'first',
      when: 'After consent, when your site calls identify()',
    },
    {
      name: 'candor_gid',
      kind: 'localStorage',
      category: 'functional',
      purpose: 'The account id your site gave with group(), so later events are tied to the same account.',
      lifetime: 'Until the visitor withdraws, the site calls reset(), or site data is cleared',
      party: 'first',
      when: 'After consent, when your site calls group()',
    },
  ];
  return { app, tag };
}
