import type { PromiseStatus } from '../../contract/promises.js';

/**
 * The promise registry: each promise of PROMISES.md, whether Candor keeps it yet, where the code
 * keeps it and (found by scanning the tests for `[Pxx]`) which tests prove it. `npm run promises`
 * prints the coverage and fails when a promise marked enforced has no test naming it.
 */
export interface PromiseEntry {
  readonly id: string;
  readonly section: string;
  readonly title: string;
  readonly status: PromiseStatus;
  readonly enforcedBy: readonly string[];
  readonly note?: string;
}

const A = 'Accounts, agents and end-users';
const B = 'Customer Data';
const C = 'Usage data, logs, cookies and beacons';
const D = 'Use and sharing';
const E = "People's rights";
const F = 'Public content';
const G = 'Retention, children, transfers, changes';
const H = 'Security';

export const PROMISES: readonly PromiseEntry[] = [
  { id: 'P01', section: A, title: 'Sign-up keeps business contact details; card data never reaches Candor', status: 'planned', enforcedBy: [] },
  {
    id: 'P02',
    section: A,
    title: 'Owners invite agents, who set their own password through a single-use, expiring link',
    status: 'enforced',
    enforcedBy: ['server/modules/invites/invites.service.ts', 'server/modules/invites/invites.repo.ts (markInviteAccepted)'],
  },
  {
    id: 'P03',
    section: A,
    title: 'Every personal field has declared purposes, a retention rule and readers',
    status: 'enforced',
    enforcedBy: ['server/privacy/data-map.ts', 'server/privacy/data-map.test.ts (live schema introspection)'],
    note: 'Covers every table that exists today; each later table must join the map or CI fails.',
  },
  {
    id: 'P04',
    section: A,
    title: 'Failed sign-ins, lockouts and token misuse go to a security log admins can review and export',
    status: 'partial',
    enforcedBy: ['server/modules/audit/audit.service.ts', 'server/modules/auth/auth.service.ts', 'server/modules/tokens/tokens.service.ts'],
    note: 'Impossible-travel detection needs a GeoIP database, which an offline install does not have.',
  },
  {
    id: 'P05',
    section: B,
    title: 'Customer Data is contacts, tracked usage and communications with contacts',
    status: 'partial',
    enforcedBy: ['server/privacy/data-map.ts (customerData on contact and timeline columns)'],
    note: 'Contacts and the engagement timeline are marked Customer Data in the data map; tracked usage joins it with the tracking tag.',
  },
  {
    id: 'P06',
    section: B,
    title: 'Customer Data serves only its customer; operator access needs an expiring, logged grant',
    status: 'partial',
    enforcedBy: ['server/db/scoped.ts', 'server/db/tenant-guard.ts', 'test/route-matrix.test.ts'],
    note: 'Customer Data never leaves its workspace (the tenant guard and the route matrix); Candor has no operator analytics. Support-access grants are not built yet.',
  },
  {
    id: 'P07',
    section: B,
    title: 'Sensitive categories are detected on arrival and rejected or redacted',
    status: 'enforced',
    enforcedBy: [
      'server/privacy/sensitive-data.ts (detectors)',
      'server/privacy/sensitive-guard.service.ts (the one chokepoint)',
      'server/modules/ingest/ingest.privacy.ts (every property and trait of a usage event)',
      'server/privacy/sensitive-guard.test.ts (each pattern through each entry point)',
    ],
    note: 'Every Customer Data write that exists passes the guard: API, UI, CSV import, notes, custom fields, and product-usage events from the tag and SDKs (refused per event or redacted, counted under "tracker"). Email bodies will call the same chokepoint when they arrive.',
  },
  {
    id: 'P08',
    section: B,
    title: 'Customers get a consent API, a notice template and per-contact opt-out',
    status: 'enforced',
    enforcedBy: [
      'contract/contacts.ts (doNotContact, marketingOptOut)',
      'tracker/src/full.ts (candor.consent)',
      'tracker/src/banner.ts (the consent banner, candor-consent.js)',
      'web/routes/usage-settings/usage-snippets.ts (noticeTemplate, from the workspace settings)',
      'server/modules/ingest/ingest.service.ts (consent mode enforced again on the server)',
    ],
    note: 'Per-contact do-not-contact and marketing opt-out; the tag’s consent API with an opt-in mode (nothing but essential, cookie-free page views before consent), enforced again by the server; a ready-made banner that asks once, refuses as easily as it accepts and can be reopened; and a privacy-notice draft written from the workspace’s own settings, next to the snippet.',
  },
  { id: 'P09', section: C, title: 'Usage data about Candor users follows the cookie categories they accepted', status: 'planned', enforcedBy: [] },
  {
    id: 'P10',
    section: C,
    title: 'Access logs have their own retention and optional IP truncation',
    status: 'partial',
    enforcedBy: ['server/lib/ip.ts', 'server/modules/audit/audit.service.ts (per-workspace audit IP mode)', 'server/modules/ingest/ingest.privacy.ts (usage events keep only /24 and /48)'],
    note: 'The audit log truncates per workspace; product-usage events always keep the truncated address only; request logs go to stdout, where the operator sets retention.',
  },
  { id: 'P11', section: C, title: 'Admins see aggregate usage trends without Customer Data', status: 'planned', enforcedBy: [] },
  {
    id: 'P12',
    section: C,
    title: 'The session cookie is opaque, HttpOnly, SameSite, Secure under TLS, and ends with the browser',
    status: 'enforced',
    enforcedBy: ['server/http/cookies.ts', 'server/modules/auth/session.service.ts'],
  },
  {
    id: 'P13',
    section: C,
    title: '"Keep me signed in" is a separate cookie, rotated on use and revocable per device',
    status: 'enforced',
    enforcedBy: ['server/modules/auth/session.service.ts (restoreFromDevice)', 'server/modules/account/account.service.ts (revokeOwnSession)'],
  },
  {
    id: 'P14',
    section: C,
    title: 'Only essential cookies before consent; choices recorded and revocable',
    status: 'enforced',
    enforcedBy: [
      'server/http/cookies.ts (the only place the app sets a cookie; all essential)',
      'server/privacy/cookies.ts (the categories, declared)',
      'tracker/src/full.ts (no storage before a grant; withdrawal clears it; a $consent record per choice)',
      'tracker/src/banner.ts (refusing as easy as accepting; reopened to withdraw)',
      'server/modules/ingest/ingest.privacy.ts (consentRecord)',
      'server/modules/usage/usage.service.ts (getConsentRecords: counts, latest, one visitor’s)',
    ],
    note: 'Candor’s own app sets essential cookies only (a test fails if any other place sets one, or if one is undeclared or not essential), so it has nothing to ask consent for. The tracking tag stores nothing before functional consent, withdrawing is one call (or the banner, reopened) that clears what it stored, and each choice is kept as a record (what, when, banner version, by click, call or signal) that admins can count and look up by visitor.',
  },
  {
    id: 'P15',
    section: C,
    title: 'No cookie value holds personal information',
    status: 'enforced',
    enforcedBy: ['server/http/cookies.ts', 'server/lib/crypto.ts (newSecretToken)'],
  },
  {
    id: 'P16',
    section: C,
    title: 'A cookie declaration is published as a page and as JSON',
    status: 'enforced',
    enforcedBy: ['server/privacy/cookies.ts (cookieDeclaration)', 'server/modules/promises/promises.routes.ts (GET /api/v1/cookies, public)', 'web/routes/cookies/cookies-page.tsx (/cookies)'],
    note: 'Every cookie the app sets and every key the tag and banner keep, with category, purpose, lifetime, party and when it is set; the names and lifetimes come from the deployment’s settings. Tests hold the app’s cookies and the tag’s storage in a real browser to the list.',
  },
  { id: 'P17', section: C, title: 'Open tracking in email is opaque, switchable, and never on opted-out transactional mail', status: 'planned', enforcedBy: [] },
  {
    id: 'P18',
    section: C,
    title: 'Do Not Track and Global Privacy Control are honoured',
    status: 'enforced',
    enforcedBy: ['tracker/src/config.ts (privacySignal)', 'server/modules/ingest/ingest.service.ts (DNT and Sec-GPC headers)', 'server/modules/ingest/ingest.routes.ts (/.well-known/gpc.json)', 'server/modules/usage/usage-settings.service.ts (per-workspace switch, on by default)'],
  },
  { id: 'P19', section: D, title: 'No data goes to third parties other than declared sub-processors', status: 'planned', enforcedBy: [] },
  { id: 'P20', section: D, title: 'A sub-processor registry is kept and owners hear of additions', status: 'planned', enforcedBy: [] },
  { id: 'P21', section: D, title: 'Hosting region and cross-border transfers are declared', status: 'planned', enforcedBy: [] },
  { id: 'P22', section: D, title: 'A new purpose needs notice first and, where required, consent', status: 'planned', enforcedBy: [] },
  { id: 'P23', section: D, title: 'Product announcements carry unsubscribe and honour opt-out', status: 'planned', enforcedBy: [] },
  { id: 'P24', section: D, title: 'Support requests are published only with the author’s consent', status: 'planned', enforcedBy: [] },
  {
    id: 'P25',
    section: D,
    title: 'Unauthorised access, alteration and destruction are prevented',
    status: 'partial',
    enforcedBy: ['server/http/authenticate.ts', 'server/http/csrf.ts', 'server/db/scoped.ts'],
    note: 'The security section (P43–P47) carries the detail.',
  },
  { id: 'P26', section: D, title: 'Disclosures to authorities are recorded in a register', status: 'planned', enforcedBy: [] },
  {
    id: 'P27',
    section: E,
    title: 'Every person edits their own profile in settings',
    status: 'enforced',
    enforcedBy: ['server/modules/account/account.service.ts (updateProfile)', 'web/routes/account/profile-page.tsx'],
  },
  { id: 'P28', section: E, title: 'Anyone can ask what is held about them and ask for removal', status: 'planned', enforcedBy: [] },
  { id: 'P29', section: E, title: 'Access: a complete copy from every table that holds the person’s data', status: 'planned', enforcedBy: [] },
  { id: 'P30', section: E, title: 'Rectification is applied and logged', status: 'planned', enforcedBy: [] },
  { id: 'P31', section: E, title: 'Erasure reaches every place the data lives and leaves a PII-free tombstone', status: 'planned', enforcedBy: [] },
  { id: 'P32', section: E, title: 'Portability: JSON and CSV in a ZIP', status: 'planned', enforcedBy: [] },
  { id: 'P33', section: E, title: 'Identity is verified before any answer', status: 'planned', enforcedBy: [] },
  { id: 'P34', section: E, title: 'Contacts’ requests go to the customer; erasure on request is prompt; deadlines tracked', status: 'planned', enforcedBy: [] },
  {
    id: 'P35',
    section: F,
    title: 'External links open with noopener noreferrer and are marked',
    status: 'enforced',
    enforcedBy: ['web/components/external-link.tsx', 'web/components/linkified-text.tsx'],
  },
  { id: 'P36', section: F, title: 'Public posts can be removed on request, with reasons when they cannot', status: 'planned', enforcedBy: [] },
  { id: 'P37', section: F, title: 'Named testimonials need recorded consent', status: 'planned', enforcedBy: [] },
  { id: 'P38', section: G, title: 'Each category has a retention period, purged on schedule with a report', status: 'planned', enforcedBy: [] },
  { id: 'P39', section: G, title: 'No knowing collection from children under 13', status: 'planned', enforcedBy: [] },
  { id: 'P40', section: G, title: 'A workspace can be exported and imported into another Candor', status: 'planned', enforcedBy: [] },
  { id: 'P41', section: G, title: 'The policy is versioned; material changes are notified and acknowledged', status: 'planned', enforcedBy: [] },
  { id: 'P42', section: G, title: 'A privacy contact is configured and shown; complaints are tracked', status: 'planned', enforcedBy: [] },
  {
    id: 'P43',
    section: H,
    title: 'Credentials travel only over TLS in production',
    status: 'partial',
    enforcedBy: ['server/http/security-headers.ts (HSTS under TLS)', 'server/http/cookies.ts (Secure, __Host-)', 'server/config.ts (TLS_CERT/TLS_KEY)'],
    note: 'Candor serves HTTPS itself or behind a proxy; redirecting plain HTTP is left to the proxy.',
  },
  {
    id: 'P44',
    section: H,
    title: 'argon2id passwords, revocable sessions, TOTP MFA, rate-limited sign-in',
    status: 'enforced',
    enforcedBy: ['server/modules/auth/password.ts', 'server/modules/auth/throttle.ts', 'server/modules/auth/totp.ts', 'server/modules/account/account.service.ts'],
  },
  {
    id: 'P45',
    section: H,
    title: 'Roles limit access; full-record reads and exports are audit-logged with minimal PII',
    status: 'enforced',
    enforcedBy: ['server/modules/access/access.policy.ts', 'server/modules/access/visibility.ts', 'server/modules/audit/audit.service.ts', 'server/modules/contacts/contacts.service.ts (contact.viewed)', 'server/modules/grid/client-grid.service.ts (clients.exported)'],
    note: 'Reading a contact’s full record records contact.viewed; the client grid and audit log exports record who exported how many rows. Entries hold ids and counts, not the record.',
  },
  {
    id: 'P46',
    section: H,
    title: 'Secrets and the most sensitive fields are encrypted at rest with a rotatable key',
    status: 'partial',
    enforcedBy: ['server/lib/crypto.ts (Keyring, AES-256-GCM with key ids)'],
    note: 'TOTP seeds are encrypted; ciphertexts carry a key id, and the rotation command is still to come.',
  },
  {
    id: 'P47',
    section: H,
    title: 'Each workspace is isolated: no API, page, export, search or job crosses it',
    status: 'enforced',
    enforcedBy: ['server/db/scoped.ts', 'server/http/authenticate.ts', 'test/route-matrix.test.ts'],
  },
];
