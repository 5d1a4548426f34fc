/**
 * Detection and redaction of sensitive categories in Customer Data (P07): payment cards and their
 * security codes, bank accounts, government ID numbers, passwords and other secrets, and health
 * information. This is the pure engine behind the single chokepoint every arrival path (API, CSV
 * import, notes, custom fields, tracker, email bodies) calls before anything is stored; the caller
 * applies the workspace policy (reject or redact) and records the counts.
 *
 * Precision is a product requirement, not a nicety: customer-success text is full of numbers (phone
 * numbers, dates, order ids, ARR, seat counts) and of words like "health score" or "at risk". A
 * false positive rejects a CSV import or mangles a note, so every detector below needs either a
 * checksum, an exact official format, a label in the text, or a field name that says what the
 * value is. Each deliberate blind spot is written next to the rule that causes it.
 *
 * Performance: this runs on every field of 100k-row imports, so all patterns are compiled once,
 * are linear (no nested quantifiers over overlapping classes; unbounded repeats only where the
 * classes of neighbouring parts are disjoint), and key classification is cached per key name.
 */

import { SENSITIVE_CATEGORY_LABELS, type SensitiveCategory } from '../../contract/sensitive-data.js';

export { SENSITIVE_CATEGORIES, SENSITIVE_CATEGORY_LABELS, type SensitiveCategory } from '../../contract/sensitive-data.js';

export interface SensitiveFinding {
  readonly path: string;
  readonly category: SensitiveCategory;
  /** Which rule fired, stable for counting and tests: 'payment_card', 'iban', 'us_ssn', … */
  readonly detector: string;
  /** e.g. 'visa ending 4242' or 'IBAN (DE)'; never the value itself */
  readonly hint: string;
  /** UTF-16 offsets into the field's value; `end` is exclusive. */
  readonly start: number;
  readonly end: number;
}

/** One field of Customer Data: where it is (e.g. 'body.name', 'row 12 › Email', 'custom.tax_id'), its key name as the user/customer named it (used for key-based detection like a field called "CVV" or "password"), and its text value. */
export interface FieldInput {
  readonly path: string;
  readonly key?: string;
  readonly value: string;
}

/** Luhn (mod 10) check used by payment cards and Canadian SINs; spaces and dashes are ignored. */
export function luhnValid(digits: string): boolean {
  const s = digits.replace(/[ -]/g, '');
  if (!/^\d{2,}$/.test(s)) return false;
  let sum = 0;
  let double = false;
  for (let i = s.length - 1; i >= 0; i--) {
    let d = s.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

interface CardBrand {
  readonly name: string;
  readonly prefix: RegExp;
  readonly lengths: readonly number[];
}

/**
 * Issuer prefixes and the lengths each brand actually issues. Visa 13-digit cards are left out on
 * purpose: they are no longer issued, and 13-digit ids starting with 4 (order and shop numbers)
 * are common, so one in ten of them would pass Luhn and be reported. Maestro's 12–15 digit
 * variants are left out for the same reason.
 */
const CARD_BRANDS: readonly CardBrand[] = [
  { name: 'Amex', prefix: /^3[47]/, lengths: [15] },
  { name: 'Diners Club', prefix: /^(?:30[0-5]|3095|3[689])/, lengths: [14, 16, 17, 18, 19] },
  { name: 'JCB', prefix: /^35(?:2[89]|[3-8]\d)/, lengths: [16, 17, 18, 19] },
  { name: 'Visa', prefix: /^4/, lengths: [16, 19] },
  { name: 'Mastercard', prefix: /^(?:5[1-5]|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720)/, lengths: [16] },
  { name: 'Mir', prefix: /^220[0-4]/, lengths: [16, 17, 18, 19] },
  { name: 'Discover', prefix: /^(?:6011|64[4-9]|65)/, lengths: [16, 17, 18, 19] },
  { name: 'UnionPay', prefix: /^62/, lengths: [16, 17, 18, 19] },
  { name: 'Maestro', prefix: /^(?:50|5[6-8]|6304|6759|676[1-3])/, lengths: [16, 17, 18, 19] },
];

/** The brand whose prefix and length fit these digits, or `undefined` (no Luhn check here). */
export function cardBrand(digits: string): string | undefined {
  for (const brand of CARD_BRANDS) {
    if (brand.prefix.test(digits)) return brand.lengths.includes(digits.length) ? brand.name : undefined;
  }
  return undefined;
}

/** A payment card number: known brand prefix and length, and Luhn-valid. */
export function cardNumberValid(digits: string): boolean {
  const s = digits.replace(/[ -]/g, '');
  return /^\d{13,19}$/.test(s) && cardBrand(s) !== undefined && luhnValid(s);
}

/** IBAN lengths for SEPA countries, GB and the other countries customers most often bank in. */
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, CH: 21, CR: 22,
  CY: 28, CZ: 24, DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FO: 18, FR: 27, GB: 22,
  GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IS: 26, IT: 27, JO: 30,
  KW: 30, KZ: 20, LB: 28, LI: 21, LT: 20, LU: 20, LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27,
  MT: 31, MU: 30, NL: 18, NO: 15, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, SA: 24,
  SE: 24, SI: 19, SK: 24, SM: 27, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20,
};

/** ISO 13616 IBAN: a known country, that country's length, and the mod-97 check; spaces ignored. */
export function ibanValid(iban: string): boolean {
  const s = iban.replace(/ /g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(s)) return false;
  if (IBAN_LENGTHS[s.slice(0, 2)] !== s.length) return false;
  const rearranged = s.slice(4) + s.slice(0, 4);
  let rest = 0;
  for (let i = 0; i < rearranged.length; i++) {
    const c = rearranged.charCodeAt(i);
    // Letters count as two digits (A = 10 … Z = 35); folding one character at a time keeps the
    // running remainder small, so no big integers are needed.
    rest = c <= 57 ? (rest * 10 + (c - 48)) % 97 : (rest * 100 + (c - 55)) % 97;
  }
  return rest === 1;
}

/**
 * US ABA routing transit number: nine digits, a Federal Reserve prefix (01–12, 21–32, 61–72, 80)
 * and the 3-7-1 weighted checksum.
 */
export function abaRoutingValid(digits: string): boolean {
  if (!/^\d{9}$/.test(digits)) return false;
  const prefix = Number(digits.slice(0, 2));
  if (!((prefix >= 1 && prefix <= 12) || (prefix >= 21 && prefix <= 32) || (prefix >= 61 && prefix <= 72) || prefix === 80)) return false;
  const d = (i: number) => digits.charCodeAt(i) - 48;
  const sum = 3 * (d(0) + d(3) + d(6)) + 7 * (d(1) + d(4) + d(7)) + (d(2) + d(5) + d(8));
  return sum % 10 === 0;
}

/** US Social Security number (AAA-GG-SSSS, one separator or none): never area 000, 666 or 900–999, group 00 or serial 0000. */
export function ssnValid(value: string): boolean {
  if (!/^\d{3}([ -]?)\d{2}\1\d{4}$/.test(value)) return false;
  const s = value.replace(/[ -]/g, '');
  const area = s.slice(0, 3);
  return area !== '000' && area !== '666' && area[0] !== '9' && s.slice(3, 5) !== '00' && s.slice(5) !== '0000';
}

/** Prefixes HMRC never allocates as National Insurance numbers. */
const NINO_BAD_PREFIXES = new Set(['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ']);

/**
 * UK National Insurance number: two letters, six digits, a suffix A–D. The first letter is never
 * D, F, I, Q, U or V; the second never D, F, I, O, Q, U or V; a few prefixes are never allocated.
 */
export function ukNinoValid(value: string): boolean {
  const s = value.replace(/ /g, '').toUpperCase();
  return /^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$/.test(s) && !NINO_BAD_PREFIXES.has(s.slice(0, 2));
}

/** Canadian Social Insurance Number: nine digits, Luhn-valid, never starting with 0 or 8. */
export function canadianSinValid(value: string): boolean {
  const s = value.replace(/[ -]/g, '');
  return /^[1-79]\d{8}$/.test(s) && luhnValid(s);
}

/** Dutch BSN: eight or nine digits passing the "11-proof" (weights 9…2 and −1). */
export function dutchBsnValid(value: string): boolean {
  const raw = value.replace(/\./g, '');
  if (!/^\d{8,9}$/.test(raw)) return false;
  const s = raw.padStart(9, '0');
  if (/^0+$/.test(s)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * (s.charCodeAt(i) - 48);
  sum -= s.charCodeAt(8) - 48;
  return sum % 11 === 0;
}

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

/** Spanish DNI (8 digits + check letter) or NIE (X/Y/Z + 7 digits + check letter); dashes or spaces ignored. */
export function spanishIdValid(value: string): boolean {
  const s = value.replace(/[ -]/g, '').toUpperCase();
  const m = /^([XYZ]?)(\d{7,8})([A-Z])$/.exec(s);
  if (!m) return false;
  const [, nie = '', digits = '', letter] = m;
  if (nie ? digits.length !== 7 : digits.length !== 8) return false;
  const n = Number(`${nie ? 'XYZ'.indexOf(nie) : ''}${digits}`);
  return DNI_LETTERS[n % 23] === letter;
}

/** Indian PAN: five letters (the fourth the holder type), four digits, a letter. */
export function indianPanValid(value: string): boolean {
  return /^[A-Z]{3}[ABCFGHLJPTK][A-Z]\d{4}[A-Z]$/.test(value.trim().toUpperCase());
}

/**
 * How specific a rule is, used only to pick one finding where spans overlap. A field whose name
 * says the whole value is a secret wins (the whole value goes); then rules backed by a checksum or
 * exact format; then rules that rely on a label or field name; then health vocabulary.
 */
const RANK_SECRET_FIELD = 4;
const RANK_EXACT = 3;
const RANK_LABELLED = 2;
const RANK_TERM = 1;

interface Candidate {
  category: SensitiveCategory;
  detector: string;
  hint: string;
  start: number;
  end: number;
  rank: number;
}

/** One finding per span: overlapping candidates keep the most specific (rank, then longer, then earlier). */
function resolve(candidates: Candidate[]): Candidate[] {
  if (candidates.length < 2) return candidates;
  const sorted = [...candidates].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Candidate[] = [];
  let cluster: Candidate[] = [];
  let clusterEnd = -1;
  const flush = () => {
    if (cluster.length === 1) kept.push(cluster[0] as Candidate);
    else if (cluster.length > 1) {
      const byPreference = [...cluster].sort((a, b) => b.rank - a.rank || b.end - b.start - (a.end - a.start) || a.start - b.start);
      const chosen: Candidate[] = [];
      for (const c of byPreference) if (!chosen.some((k) => c.start < k.end && k.start < c.end)) chosen.push(c);
      kept.push(...chosen.sort((a, b) => a.start - b.start));
    }
    cluster = [];
  };
  for (const c of sorted) {
    if (c.start >= clusterEnd) {
      flush();
      clusterEnd = c.end;
    } else clusterEnd = Math.max(clusterEnd, c.end);
    cluster.push(c);
  }
  flush();
  return kept;
}

/** Digit groups joined by single spaces, no-break spaces or dashes; the groups are judged in code. */
const DIGIT_CHAIN = /\d+(?:[ \u00A0-]\d+)*/g;
const WORD_CHAR = /[A-Za-z0-9_]/;
const ALNUM = /[A-Za-z0-9]/;

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && WORD_CHAR.test(c);
}
function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/**
 * Whether a number starting at `start` stands on its own on the left: not glued to a word
 * ("INV4242…"), not a phone number ("+44 …"), not the fraction of a decimal ("1.4242…") and not a
 * later part of a dashed or slashed identifier or date ("PO-2026-…", "14/03/…").
 */
function leftIsolated(text: string, start: number): boolean {
  const prev = text[start - 1];
  if (prev === undefined) return true;
  if (isWordChar(prev) || prev === '+') return false;
  if ((prev === '.' || prev === ',') && isDigit(text[start - 2])) return false;
  if ((prev === '-' || prev === '/') && ALNUM.test(text[start - 2] ?? ' ')) return false;
  return true;
}

/** The mirror of `leftIsolated` for the character after the number. */
function rightIsolated(text: string, end: number): boolean {
  const next = text[end];
  if (next === undefined) return true;
  if (isWordChar(next)) return false;
  if ((next === '.' || next === ',' || next === '-' || next === '/') && ALNUM.test(text[end + 1] ?? ' ')) return false;
  return true;
}

interface Group {
  start: number;
  end: number;
}

/**
 * How card numbers are written: one unbroken run, groups of four with a shorter last group, or the Amex/Diners 4-6-5 and 4-6-4 layouts. Other groupings (phone numbers,
 * 3-3-4, dates, amounts with spaces) are not cards even when their digits would pass.
 */
function cardShaped(lengths: readonly number[]): boolean {
  if (lengths.length === 1) return true;
  if (lengths.length === 3 && lengths[0] === 4 && lengths[1] === 6 && (lengths[2] === 5 || lengths[2] === 4)) return true;
  if (lengths.length < 3) return false;
  for (let i = 0; i < lengths.length - 1; i++) if (lengths[i] !== 4) return false;
  const last = lengths[lengths.length - 1] ?? 0;
  return last >= 1 && last <= 4;
}

function detectCards(text: string, out: Candidate[]): void {
  for (const m of text.matchAll(DIGIT_CHAIN)) {
    const chain = m[0];
    const base = m.index;
    if (chain.length < 13) continue;
    const groups: Group[] = [];
    const seps: string[] = [];
    let gStart = 0;
    for (let i = 0; i <= chain.length; i++) {
      const c = chain[i];
      if (c === undefined || !isDigit(c)) {
        groups.push({ start: base + gStart, end: base + i });
        if (c !== undefined) seps.push(c);
        gStart = i + 1;
      }
    }
    const leftOk = leftIsolated(text, base);
    const rightOk = rightIsolated(text, base + chain.length);
    let i = 0;
    while (i < groups.length) {
      // A card starts with a group of four or is one unbroken run; skipping other starts keeps long
      // chains of short groups ("1-2-3-…") linear.
      const head = groups[i] as Group;
      const headLength = head.end - head.start;
      if (headLength !== 4 && (headLength < 13 || headLength > 19)) {
        i++;
        continue;
      }
      let best: { j: number; digits: string } | undefined;
      let digits = '';
      for (let j = i; j < groups.length; j++) {
        const g = groups[j] as Group;
        digits += text.slice(g.start, g.end);
        if (digits.length > 19) break;
        if (digits.length < 13) continue;
        if (acceptCardSpan(groups, seps, i, j, leftOk, rightOk) && cardNumberValid(digits)) best = { j, digits };
      }
      if (!best) {
        i++;
        continue;
      }
      const first = groups[i] as Group;
      const last = groups[best.j] as Group;
      out.push({
        category: 'payment_card',
        detector: 'payment_card',
        hint: `${cardBrand(best.digits)} ending ${best.digits.slice(-4)}`,
        start: first.start,
        end: last.end,
        rank: RANK_EXACT,
      });
      i = best.j + 1;
    }
  }
}

/**
 * Whether groups i..j of a chain may be read as one card number. Inside the run the separators must
 * all be the same and the grouping card-shaped. A number that is only part of a chain must be set
 * off by a space, and a four-grouped number must not sit next to another group of four, which
 * would make it a slice of a longer grouped number (a table of figures, not a card).
 */
function acceptCardSpan(groups: readonly Group[], seps: readonly string[], i: number, j: number, leftOk: boolean, rightOk: boolean): boolean {
  for (let k = i + 1; k < j; k++) if (seps[k] !== seps[i]) return false;
  const lengths: number[] = [];
  for (let k = i; k <= j; k++) {
    const g = groups[k] as Group;
    lengths.push(g.end - g.start);
  }
  if (!cardShaped(lengths)) return false;
  const grouped = j > i;
  const neighbourOk = (sep: string | undefined, neighbour: Group | undefined) =>
    (sep === ' ' || sep === '\u00A0') && (!grouped || (neighbour !== undefined && neighbour.end - neighbour.start !== 4));
  if (i === 0 ? !leftOk : !neighbourOk(seps[i - 1], groups[i - 1])) return false;
  if (j === groups.length - 1 ? !rightOk : !neighbourOk(seps[j], groups[j + 1])) return false;
  return true;
}

const IBAN_START = /\b([A-Za-z]{2})\d{2}(?=[ ]?[A-Za-z0-9])/g;

function detectIbans(text: string, out: Candidate[]): void {
  for (const m of text.matchAll(IBAN_START)) {
    const country = (m[1] ?? '').toUpperCase();
    const length = IBAN_LENGTHS[country];
    if (length === undefined) continue;
    // Walk forward collecting exactly the country's length of characters, allowing one space
    // between any two (IBANs are printed in groups of four); a longer token is not an IBAN.
    let collected = m[0].toUpperCase();
    let pos = m.index + m[0].length;
    while (collected.length < length) {
      let c = text[pos];
      if (c === ' ') c = text[++pos];
      if (c === undefined || !ALNUM.test(c)) break;
      collected += c.toUpperCase();
      pos++;
    }
    if (collected.length !== length || ALNUM.test(text[pos] ?? ' ')) continue;
    if (!ibanValid(collected)) continue;
    out.push({ category: 'bank_account', detector: 'iban', hint: `IBAN (${country})`, start: m.index, end: pos, rank: RANK_EXACT });
  }
}

/** AAA-GG-SSSS with one separator used throughout (a mix is some other identifier). */
const SSN_FORMATTED = /(?<![\w+.\/-])(\d{3})([ -])(\d{2})\2(\d{4})(?![\w]|[.\/-]\d)/g;
/**
 * 123-456-789. The spaced form (123 456 789) counts only after a SIN label: unlabelled, it is just
 * as often three figures in a row ("headcount 120 150 180"), and one such list in ten passes Luhn.
 */
const SIN_FORMATTED = /(?<![\w+.\/-])\d{3}-\d{3}-\d{3}(?![\w]|[.\/-]\d)/g;
const NINO = /\b([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z])(?:\d{6}|[ ]\d{2}[ ]\d{2}[ ]\d{2}[ ])[A-D]\b/g;
const DNI = /(?<![\w-])\d{8}-?[A-HJ-NP-TV-Z](?![\w-])/g;
const NIE = /(?<![\w-])[XYZ]-?\d{7}-?[A-HJ-NP-TV-Z](?![\w-])/g;
/** Words in the few characters before a number that say it is a phone number. */
const PHONE_CONTEXT = /(?:\b(?:tel|phone|mobile|mob|cell|fax|call|whatsapp|sms|text)\b|\+\d{1,3}\)?)\W{0,4}$/i;

/**
 * A space-separated number must not continue a run of space-separated digits on either side: "1 415
 * 555 2671" or "12 345 678 901" are phone numbers and figures, not IDs.
 */
function spaceRunIsolated(text: string, start: number, end: number, sep: string): boolean {
  if (sep !== ' ') return true;
  return !(text[start - 1] === ' ' && isDigit(text[start - 2])) && !(text[end] === ' ' && isDigit(text[end + 1]));
}

function detectGovernmentIds(text: string, out: Candidate[]): void {
  for (const m of text.matchAll(SSN_FORMATTED)) {
    const end = m.index + m[0].length;
    if (!spaceRunIsolated(text, m.index, end, m[2] ?? '') || !ssnValid(m[0])) continue;
    out.push({ category: 'government_id', detector: 'us_ssn', hint: 'US Social Security number', start: m.index, end, rank: RANK_EXACT });
  }
  for (const m of text.matchAll(SIN_FORMATTED)) {
    const end = m.index + m[0].length;
    if (!canadianSinValid(m[0])) continue;
    // Nine-digit phone numbers are written 3-3-3 in several countries (Spain, for one), and one in
    // ten passes Luhn; a phone word or country code just before the number rules it out.
    if (PHONE_CONTEXT.test(text.slice(Math.max(0, m.index - 24), m.index))) continue;
    out.push({ category: 'government_id', detector: 'ca_sin', hint: 'Canadian Social Insurance number', start: m.index, end, rank: RANK_EXACT });
  }
  for (const m of text.matchAll(NINO)) {
    if (!ukNinoValid(m[0])) continue;
    out.push({ category: 'government_id', detector: 'uk_nino', hint: 'UK National Insurance number', start: m.index, end: m.index + m[0].length, rank: RANK_EXACT });
  }
  for (const m of text.matchAll(DNI)) {
    if (!spanishIdValid(m[0])) continue;
    out.push({ category: 'government_id', detector: 'es_dni', hint: 'Spanish DNI', start: m.index, end: m.index + m[0].length, rank: RANK_EXACT });
  }
  for (const m of text.matchAll(NIE)) {
    if (!spanishIdValid(m[0])) continue;
    out.push({ category: 'government_id', detector: 'es_nie', hint: 'Spanish NIE', start: m.index, end: m.index + m[0].length, rank: RANK_EXACT });
  }
}

interface TokenRule {
  readonly re: RegExp;
  readonly detector: string;
  readonly hint: string;
}

/**
 * Credential formats with a fixed, documented prefix, so they can be matched without a label.
 * Stripe test-mode secret keys count too: they are still secrets. Publishable keys (pk_…) are not.
 */
const TOKEN_RULES: readonly TokenRule[] = [
  { re: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/g, detector: 'aws_access_key_id', hint: 'AWS access key ID' },
  { re: /\bgh[pousr]_[A-Za-z0-9]{36}\b/g, detector: 'github_token', hint: 'GitHub token' },
  { re: /\bgithub_pat_[A-Za-z0-9_]{22,255}\b/g, detector: 'github_token', hint: 'GitHub token' },
  { re: /\bxox[abposr]-[A-Za-z0-9-]{10,250}/g, detector: 'slack_token', hint: 'Slack token' },
  { re: /\bhttps:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9\/]{20,120}/g, detector: 'slack_webhook', hint: 'Slack webhook URL' },
  { re: /\b[sr]k_(?:live|test)_[A-Za-z0-9]{10,247}\b/g, detector: 'stripe_secret_key', hint: 'Stripe secret key' },
  { re: /\bAIza[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])/g, detector: 'google_api_key', hint: 'Google API key' },
  { re: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, detector: 'jwt', hint: 'JSON Web Token' },
];

const PEM_BEGIN = /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK)?-----/g;
/** Credentials in a URL (scheme://user:password@host): only the password part is the secret. */
const URL_CREDENTIALS = /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s:\/@]{1,256}:(?<value>[^\s@\/]{1,256})@/dgi;

function detectSecrets(text: string, out: Candidate[]): void {
  for (const rule of TOKEN_RULES) {
    for (const m of text.matchAll(rule.re)) {
      out.push({ category: 'password', detector: rule.detector, hint: rule.hint, start: m.index, end: m.index + m[0].length, rank: RANK_EXACT });
    }
  }
  if (text.includes('-----BEGIN ')) {
    for (const m of text.matchAll(PEM_BEGIN)) {
      const endMarker = `-----END ${m[1] ?? ''}PRIVATE KEY${m[2] ?? ''}-----`;
      const at = text.indexOf(endMarker, m.index);
      // A block cut off before its END line is still a key: everything after BEGIN goes.
      const end = at < 0 ? text.length : at + endMarker.length;
      out.push({ category: 'password', detector: 'pem_private_key', hint: 'PEM private key', start: m.index, end, rank: RANK_EXACT });
    }
  }
  if (text.includes('://')) {
    for (const m of text.matchAll(URL_CREDENTIALS)) {
      const span = m.indices?.groups?.['value'];
      if (!span) continue;
      out.push({ category: 'password', detector: 'url_credentials', hint: 'password in a URL', start: span[0], end: span[1], rank: RANK_EXACT });
    }
  }
}

/** Optional "number"/"no."/"#" after a label. */
const NUM_WORD = String.raw`(?:[ \t]*(?:numbers?|num|no\.?|nr\.?|#))?`;
/** What may stand between a label and its value: a few spaces, and "is", ":", "=", "#" or a dash. */
const CONNECT = String.raw`\s{0,3}(?:(?:is|was|[:=#\u2013-])\s{0,3})?`;
/** After a numeric value: not more digits, letters, or the rest of a decimal, date or id. */
const NUM_END = String.raw`(?![\w]|[.,\/-]\d)`;

/** A value right after its label in free text: "CVV: 123", "routing 021000021", "SSN 123456789". */
interface LabelRule {
  readonly re: RegExp;
  readonly category: SensitiveCategory;
  readonly detector: string;
  readonly hint: string;
  /** Checks the captured value (and, where needed, its surroundings). */
  readonly accept: (value: string, text: string, start: number, end: number) => boolean;
}

function label(source: string, flags = 'gid'): RegExp {
  return new RegExp(source, flags);
}

const digitsOnly = (v: string) => v.replace(/\D/g, '');
const hasDigit = (v: string) => /\d/.test(v);

/**
 * Words that put a generic "account number" in a banking context. Without one, "account number"
 * in customer-success text is usually the customer's account in some system (a CRM id), not a
 * bank account, so it is not reported.
 */
const BANK_CONTEXT = /\b(?:bank(?:ing)?|routing|aba|rtn|sort[ \t]*code|bsb|iban|swift|bic|wire|ach|direct[ \t]+debit|checking|chequing|savings|payee|beneficiary)\b/i;

function bankContextAround(text: string, start: number, end: number): boolean {
  return BANK_CONTEXT.test(text.slice(Math.max(0, start - 120), Math.min(text.length, end + 120)));
}

/** Shapes of dates, so a date after a label ("account 2026-03-14", "driver's licence 2027-01-31") is not taken for a number. */
const DATE_SHAPE = /^(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}-\d{1,2}-\d{2,4})$/;

const ACCOUNT_VALUE = String.raw`(?<value>\d{1,17}(?:-\d{1,17}){0,3})` + NUM_END;
const accountDigitsOk = (v: string) => {
  const n = digitsOnly(v).length;
  return n >= 6 && n <= 17 && !DATE_SHAPE.test(v);
};

const LABEL_RULES: readonly LabelRule[] = [
  {
    // "CID" alone is left out: in customer-success text it means a customer or client id far more
    // often than Amex's card identification number, so only "card CID" / "Amex CID" count.
    re: label(String.raw`\b(?:cvv2?|cvc2?|csc|cvn|(?:amex|card)[ \t]+cid|card[ \t]+(?:security|verification)[ \t]+(?:code|value|number)|card[ \t]+verification|security[ \t]+code|card[ \t]+code)\b` + CONNECT + String.raw`(?<value>\d{3,4})` + NUM_END),
    category: 'card_security_code',
    detector: 'card_security_code_labelled',
    hint: 'labelled card security code',
    accept: () => true,
  },
  {
    re: label(String.raw`\b(?:ssn|social[ \t]+security)\b` + NUM_WORD + CONNECT + String.raw`(?<value>\d{3}[ -]?\d{2}[ -]?\d{4})` + NUM_END),
    category: 'government_id',
    detector: 'us_ssn_labelled',
    hint: 'US Social Security number',
    accept: (v) => ssnValid(v),
  },
  {
    // "SIN" only in capitals: lower-case "sin" is an English word.
    re: label(String.raw`(?:\bSIN\b|\b[Ss]ocial[ \t]+[Ii]nsurance\b)` + NUM_WORD + CONNECT + String.raw`(?<value>\d{3}[ -]?\d{3}[ -]?\d{3})` + NUM_END, 'gd'),
    category: 'government_id',
    detector: 'ca_sin_labelled',
    hint: 'Canadian Social Insurance number',
    accept: (v) => canadianSinValid(v),
  },
  {
    // Any nine digits can be 11-proof by chance (one in eleven), so a BSN needs its label.
    re: label(String.raw`\b(?:bsn|burgerservicenummer|sofi-?nummer|citizen[ \t]+service)\b` + NUM_WORD + CONNECT + String.raw`(?<value>\d{8,9}|\d{4}\.\d{2}\.\d{3})` + NUM_END),
    category: 'government_id',
    detector: 'nl_bsn_labelled',
    hint: 'Dutch BSN',
    accept: (v) => dutchBsnValid(v),
  },
  {
    // "PAN" only in capitals (a pan is also cookware); the format alone matches product codes.
    re: label(String.raw`(?:\bPAN\b|\b[Pp]ermanent [Aa]ccount [Nn]umber\b)(?:[ \t]*[Cc]ard)?` + NUM_WORD + CONNECT + String.raw`(?<value>[A-Za-z]{5}\d{4}[A-Za-z])(?!\w)`, 'gd'),
    category: 'government_id',
    detector: 'in_pan_labelled',
    hint: 'Indian PAN',
    accept: (v) => indianPanValid(v),
  },
  {
    re: label(String.raw`\bpassport\b` + NUM_WORD + CONNECT + String.raw`(?<value>[A-Z0-9]{6,9})(?![\w-])`),
    category: 'government_id',
    detector: 'passport_labelled',
    hint: 'passport number',
    accept: (v) => hasDigit(v),
  },
  {
    // "Licence number" alone is left out: here it is far more often a software licence.
    re: label(String.raw`\b(?:driver(?:['\u2019]?s)?|driving)[ \t]+licen[cs]e\b` + NUM_WORD + CONNECT + String.raw`(?<value>[A-Z0-9][A-Z0-9-]{3,18}[A-Z0-9])(?![\w-])`),
    category: 'government_id',
    detector: 'drivers_licence_labelled',
    hint: "driver's licence number",
    accept: (v) => digitsOnly(v).length >= 2 && !DATE_SHAPE.test(v),
  },
  {
    // A nine-digit number with a valid checksum is common by chance, so routing numbers are only
    // reported next to their label.
    re: label(String.raw`\b(?:aba|rtn|routing)(?:[ \t]+transit)?\b` + NUM_WORD + CONNECT + String.raw`(?<value>\d{9})` + NUM_END),
    category: 'bank_account',
    detector: 'us_aba_routing_labelled',
    hint: 'US routing number',
    accept: (v) => abaRoutingValid(v),
  },
  {
    re: label(String.raw`\bsort[ \t]*code\b` + NUM_WORD + CONNECT + String.raw`(?<value>\d{2}(?<sep>[ -]?)\d{2}\k<sep>\d{2})` + NUM_END),
    category: 'bank_account',
    detector: 'uk_sort_code_labelled',
    hint: 'UK sort code',
    accept: () => true,
  },
  {
    re: label(String.raw`\bBSB\b` + NUM_WORD + CONNECT + String.raw`(?<value>\d{3}[ -]?\d{3})` + NUM_END),
    category: 'bank_account',
    detector: 'au_bsb_labelled',
    hint: 'Australian BSB',
    accept: () => true,
  },
  {
    re: label(String.raw`\b(?:bank|checking|chequing|savings|current|deposit)[ \t]+(?:account|acct|a\/c)\b` + NUM_WORD + CONNECT + ACCOUNT_VALUE),
    category: 'bank_account',
    detector: 'bank_account_labelled',
    hint: 'labelled bank account number',
    accept: accountDigitsOk,
  },
  {
    re: label(String.raw`\b(?:account|acct|a\/c)\b` + NUM_WORD + CONNECT + ACCOUNT_VALUE),
    category: 'bank_account',
    detector: 'bank_account_labelled',
    hint: 'labelled bank account number',
    accept: (v, text, start, end) => accountDigitsOk(v) && bankContextAround(text, start, end),
  },
  {
    re: label(String.raw`\b(?:ICD[ -]?10(?:[ -]?CM)?|ICD|diagnosis[ \t]+code|dx[ \t]+code)\b` + NUM_WORD + CONNECT + String.raw`(?<value>[A-TV-Z]\d[0-9AB](?:\.[0-9A-Z]{1,4})?)(?![\w.])`),
    category: 'health',
    detector: 'icd10_labelled',
    hint: 'diagnosis code',
    accept: () => true,
  },
];

/**
 * "password: x", "pwd=x", "my password is x". The value after "is"/"was" must look like a password
 * (six characters or more with a digit, a symbol or an inner capital, or quoted): "the password is
 * expired" and "the password is 12 characters" are ordinary sentences. A plain lower-case word
 * after "is" is therefore missed; that is the price of not reporting every note about password
 * resets. Values stop at 256 characters, which no password reaches, to keep the scan bounded.
 */
const PASSWORD_LABEL = /(?<![A-Za-z0-9])(?<label>password|passwd|pwd|pass[ \t]?phrase|passcode|pw)(?![A-Za-z0-9])(?:["']?[ \t]*(?<op>[:=])|[ \t]+(?<verb>is|was)\b(?:[ \t]*(?<op2>[:=]))?)[ \t]*(?<value>"[^"\n]{1,200}"|'[^'\n]{1,200}'|\S{1,256})/dgi;
/** API keys, client secrets and tokens named in text; only with ":" or "=", and the value must look random. */
const SECRET_LABEL = /(?<![A-Za-z0-9])(?:api[ _-]?(?:key|secret|token)|secret[ _-]?(?:access[ _-]?)?key|client[ _-]?secret|(?:access|auth|refresh|session|bearer)[ _-]?token|private[ _-]?key)(?![A-Za-z0-9])["']?[ \t]*[:=][ \t]*(?<value>"[^"\n]{8,512}"|'[^'\n]{8,512}'|[A-Za-z0-9_.\/+=~-]{8,512})/dgi;
const BEARER = /\bBearer[ \t]+(?<value>[A-Za-z0-9._~+\/-]{16,}=*)/dg;

/** Words that follow "password:" in notes about passwords rather than in front of one. */
const NOT_A_PASSWORD = new Set([
  'reset', 'changed', 'updated', 'expired', 'expires', 'required', 'sent', 'unknown', 'none', 'n/a', 'na', 'null', 'tbd',
  'sso', 'same', 'see', 'forgot', 'forgotten', 'removed', 'rotated', 'redacted', 'hidden', 'protected', 'set', 'blank',
  'empty', 'missing', 'ok', 'yes', 'no', 'true', 'false',
]);

/** Strips the quotes or the trailing list punctuation around a captured secret; returns its span. */
function secretSpan(raw: string, start: number, stopAtAmpersand: boolean): [number, number] | undefined {
  const q = raw[0];
  if ((q === '"' || q === "'") && raw.endsWith(q) && raw.length > 2) return [start + 1, start + raw.length - 1];
  let value = raw;
  if (stopAtAmpersand) {
    // "pwd=x&user=y" in a pasted URL: the query string's next parameter is not part of it.
    const amp = value.indexOf('&');
    if (amp > 0) value = value.slice(0, amp);
  }
  // Only list punctuation and closing brackets are handed back to the sentence; a trailing "." or
  // "!" may belong to the password, and redacting one full stop too many costs nothing.
  const trimmed = value.replace(/[,;)\]}"']+$/, '');
  if (trimmed === '' || trimmed.startsWith('[redacted')) return undefined;
  return [start, start + trimmed.length];
}

function detectLabelled(text: string, out: Candidate[], digits: boolean): void {
  if (digits) {
    for (const rule of LABEL_RULES) {
      for (const m of text.matchAll(rule.re)) {
        const span = m.indices?.groups?.['value'];
        const value = m.groups?.['value'];
        if (!span || value === undefined || !rule.accept(value, text, span[0], span[1])) continue;
        out.push({ category: rule.category, detector: rule.detector, hint: rule.hint, start: span[0], end: span[1], rank: RANK_LABELLED });
      }
    }
  }
  for (const m of text.matchAll(PASSWORD_LABEL)) {
    const g = m.groups ?? {};
    const span = m.indices?.groups?.['value'];
    const raw = g['value'];
    if (!span || raw === undefined) continue;
    const op = g['op'] ?? g['op2'];
    if (g['label']?.toLowerCase() === 'pw' && !op) continue;
    const quoted = raw.length > 2 && (raw[0] === '"' || raw[0] === "'") && raw.endsWith(raw[0]);
    const s = secretSpan(raw, span[0], op === '=');
    if (!s) continue;
    const token = text.slice(s[0], s[1]);
    if (!quoted) {
      if (NOT_A_PASSWORD.has(token.toLowerCase())) continue;
      if (!op && (token.length < 6 || !/[^A-Za-z]|[a-z][A-Z]/.test(token))) continue;
    }
    out.push({ category: 'password', detector: 'password_labelled', hint: 'labelled password', start: s[0], end: s[1], rank: RANK_LABELLED });
  }
  for (const m of text.matchAll(SECRET_LABEL)) {
    const span = m.indices?.groups?.['value'];
    const raw = m.groups?.['value'];
    if (!span || raw === undefined) continue;
    const s = secretSpan(raw, span[0], false);
    if (!s) continue;
    const token = text.slice(s[0], s[1]);
    // Keys are random: letters and digits together, or long. "API key: regenerated" is a note.
    if (!((/\d/.test(token) && /[A-Za-z]/.test(token)) || token.length >= 24)) continue;
    out.push({ category: 'password', detector: 'secret_labelled', hint: 'labelled API key or secret', start: s[0], end: s[1], rank: RANK_LABELLED });
  }
  for (const m of text.matchAll(BEARER)) {
    const span = m.indices?.groups?.['value'];
    if (!span) continue;
    out.push({ category: 'password', detector: 'bearer_token', hint: 'bearer token', start: span[0], end: span[1], rank: RANK_LABELLED });
  }
}

/**
 * A curated list of conditions and treatments, matched as whole words. Customer-success vocabulary
 * is deliberately absent: "health score", "account health", "healthy", "churn risk", "at risk",
 * "critical", "pulse" describe accounts, not people. Also not reported, by decision:
 * - "sick" ("sick of the UI", "off sick"): colloquial, or absence without a condition;
 * - "maternity leave" and "sick leave": availability facts CS teams must record about champions;
 * - "disabled", "blind", "deaf", "stroke", "heart attack", "seizure", "panic attack", "OCD", "COVID",
 *   "hospital": each is far more often a product state, idiom, customer name or business context;
 * - "aids" in lower case ("sales aids", "hearing aids" aside): only "AIDS" in capitals counts.
 * Terms are reported whoever they are about, so a note about a customer's diabetes product is
 * flagged too; workspaces in healthcare can choose redaction over rejection.
 */
const HEALTH_TERMS: Readonly<Record<string, readonly string[]>> = {
  condition: [
    'diabet(?:es|ic)', 'cancers?', 'cancerous', 'tumou?rs?', 'leuka?emia', 'lymphoma', 'melanoma', 'carcinoma',
    'HIV\\/AIDS', 'HIV(?:[ -]positive)?', 'hepatitis(?:[ -][ABC])?', 'epilep(?:sy|tic)', 'multiple sclerosis',
    "parkinson(?:['\u2019]?s)?", "alzheimer(?:['\u2019]?s)?", 'dementia', 'asthma(?:tic)?', 'cystic fibrosis',
    'sickle[ -]cell', 'tuberculosis', 'lupus', "crohn(?:['\u2019]?s)", 'c(?:o|oe|e)liac disease', 'arthritis',
    'heart (?:disease|condition|failure)', 'hypertension', 'cardiac arrest', '(?:kidney|renal|liver) (?:disease|failure)',
    'cirrhosis', 'concussion', 'long covid', 'chronic (?:illness|pain|fatigue)', 'terminal(?:ly)? ill(?:ness)?',
  ],
  mental: [
    'depression', 'bipolar', 'schizophreni(?:a|c)', 'PTSD', 'ADHD', 'autis(?:m|tic)', 'anxiety disorder',
    'eating disorder', 'anorexi(?:a|c)', 'bulimi(?:a|c)', 'suicidal', 'suicide', 'self[ -]harm',
    '(?:mental|nervous) breakdown', 'mental health (?:leave|condition|issues?|crisis)',
  ],
  treatment: [
    'chemo(?:therapy)?', 'radiotherapy', 'radiation therapy', 'dialysis', 'surgery', 'hospitali[sz]ed',
    'prescriptions?', 'on medication', 'antidepressants?', 'insulin', 'physiotherapy',
    '(?:organ|kidney|liver|heart|lung|bone marrow) transplant',
  ],
  reproductive: ['pregnan(?:t|cy)', 'miscarri(?:age|ed)', 'stillbirth', 'abortion', 'IVF', 'fertility treatment'],
  substance: ['alcoholism', 'substance abuse', 'drug addiction', 'overdos(?:e|ed)'],
};

const HEALTH_HINTS: Readonly<Record<string, string>> = {
  condition: 'medical condition',
  mental: 'mental health',
  treatment: 'medical treatment',
  reproductive: 'reproductive health',
  substance: 'substance use',
};

const HEALTH_TERM_RE = new RegExp(
  String.raw`\b(?:` + Object.entries(HEALTH_TERMS).map(([group, terms]) => `(?<${group}>${terms.join('|')})`).join('|') + String.raw`)\b`,
  'gi',
);
const AIDS_RE = /\bAIDS\b/g;

function detectHealth(text: string, out: Candidate[]): void {
  for (const m of text.matchAll(HEALTH_TERM_RE)) {
    const group = Object.keys(HEALTH_TERMS).find((g) => m.groups?.[g] !== undefined) ?? 'condition';
    out.push({ category: 'health', detector: 'health_terms', hint: HEALTH_HINTS[group] ?? 'medical condition', start: m.index, end: m.index + m[0].length, rank: RANK_TERM });
  }
  for (const m of text.matchAll(AIDS_RE)) {
    out.push({ category: 'health', detector: 'health_terms', hint: 'medical condition', start: m.index, end: m.index + m[0].length, rank: RANK_TERM });
  }
}

interface KeyRule {
  readonly category: SensitiveCategory;
  readonly detector: string;
  readonly hint: string;
  /** The key marks the whole value as a secret: it is reported and redacted whole, whatever it is. */
  readonly whole: boolean;
  /** Checks the trimmed value; `path` gives context for generic names like "account number". */
  readonly accept: (value: string, path: string) => boolean;
}

/** Splits "userPassword", "API_KEY", "Acct #", "card-CVV2" into lower-case words. */
function keyWords(key: string): string[] {
  return key
    .replace(/#/g, ' number ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/**
 * Words that make a key about a secret rather than the secret itself: "password_changed_at",
 * "has_password", "api_key_id", "password_hint", "password_manager".
 */
const SECRET_META_WORDS = new Set([
  'hint', 'reset', 'changed', 'updated', 'expires', 'expiry', 'expired', 'expiration', 'at', 'date', 'time', 'policy',
  'length', 'required', 'enabled', 'set', 'strength', 'last', 'age', 'rotated', 'rotation', 'manager', 'protected',
  'count', 'attempts', 'status', 'type', 'id', 'name', 'label', 'prefix', 'hash', 'hashed', 'digest', 'exists',
  'present', 'configured', 'has', 'is', 'needs', 'requires', 'require', 'uses', 'use', 'must', 'can', 'should', 'forgot',
]);

const KEY_TERMS = {
  password: [
    'password', 'passwd', 'pwd', 'passphrase', 'passcode', 'secret', 'apikey', 'apisecret', 'apitoken', 'accesstoken',
    'refreshtoken', 'authtoken', 'bearertoken', 'sessiontoken', 'privatekey', 'secretkey', 'clientsecret',
  ],
  // "cid" alone is a customer or client id in this domain; only card-qualified forms count.
  cvv: [
    'cvv', 'cvv2', 'cvc', 'cvc2', 'csc', 'cvn', 'securitycode', 'cardcode', 'cardcid', 'amexcid', 'cardverification',
    'cardverificationvalue', 'cardverificationcode', 'cardsecuritycode',
  ],
  ssn: ['ssn', 'socialsecurity', 'socialsecuritynumber', 'socialsecurityno'],
  sin: ['sin', 'socialinsurance', 'socialinsurancenumber', 'socialinsuranceno'],
  nino: ['nino', 'ninumber', 'nationalinsurance', 'nationalinsurancenumber', 'nationalinsuranceno'],
  bsn: ['bsn', 'burgerservicenummer', 'sofinummer', 'citizenservicenumber'],
  spanishId: ['dni', 'nie', 'nif'],
  pan: ['pan', 'pannumber', 'pancard', 'permanentaccountnumber'],
  passport: ['passport', 'passportnumber', 'passportno', 'passportnum'],
  driversLicence: [
    'driverslicense', 'driverlicense', 'driverslicence', 'driverlicence', 'drivinglicense', 'drivinglicence',
    'driverslicensenumber', 'driverlicensenumber', 'driverslicencenumber', 'drivinglicencenumber', 'dlnumber',
  ],
  iban: ['iban'],
  routing: ['routing', 'routingnumber', 'routingno', 'aba', 'abanumber', 'abarouting', 'rtn', 'routingtransitnumber'],
  sortCode: ['sortcode'],
  bsb: ['bsb', 'bsbnumber'],
  bankAccount: [
    'bankaccount', 'bankaccountnumber', 'bankaccountno', 'bankacct', 'bankacctno', 'checkingaccount',
    'checkingaccountnumber', 'savingsaccount', 'savingsaccountnumber',
  ],
  // Generic names: Salesforce's standard "AccountNumber" is a customer reference, so these count
  // only when the field's path or name also says bank.
  accountNumber: ['accountnumber', 'accountno', 'accountnum', 'acctnumber', 'acctno', 'acctnum'],
  // "health" alone is not here: it is the account health score in this product.
  health: [
    'diagnosis', 'diagnoses', 'medicalcondition', 'medicalconditions', 'medicalhistory', 'healthcondition',
    'healthconditions', 'medication', 'medications', 'medicalnotes', 'allergies', 'icd10', 'icd10code', 'diagnosiscode',
    'disability', 'disabilities',
  ],
} as const;

type KeyKind = keyof typeof KEY_TERMS;
const KEY_TERM_LOOKUP = new Map<string, KeyKind>();
for (const [kind, terms] of Object.entries(KEY_TERMS) as [KeyKind, readonly string[]][]) {
  for (const t of terms) KEY_TERM_LOOKUP.set(t, kind);
}
const MAX_KEY_TERM = Math.max(...[...KEY_TERM_LOOKUP.keys()].map((t) => t.length));

/** Values that mean "nothing here" in a sensitive-named field. */
const EMPTY_VALUES = new Set(['', '-', '--', 'n/a', 'na', 'none', 'null', 'nil', 'unknown', 'tbd', '?']);
const notEmpty = (v: string) => !EMPTY_VALUES.has(v.toLowerCase());

const KEY_RULES: Record<KeyKind, KeyRule> = {
  password: { category: 'password', detector: 'password_field', hint: 'password or secret field', whole: true, accept: notEmpty },
  cvv: { category: 'card_security_code', detector: 'card_security_code_field', hint: 'card security code field', whole: true, accept: (v) => /^\d{3,4}$/.test(v) },
  ssn: { category: 'government_id', detector: 'us_ssn_field', hint: 'US Social Security number', whole: false, accept: ssnValid },
  sin: { category: 'government_id', detector: 'ca_sin_field', hint: 'Canadian Social Insurance number', whole: false, accept: (v) => /^\d{3}[ -]?\d{3}[ -]?\d{3}$/.test(v) && canadianSinValid(v) },
  nino: { category: 'government_id', detector: 'uk_nino_field', hint: 'UK National Insurance number', whole: false, accept: ukNinoValid },
  bsn: { category: 'government_id', detector: 'nl_bsn_field', hint: 'Dutch BSN', whole: false, accept: dutchBsnValid },
  spanishId: { category: 'government_id', detector: 'es_dni_field', hint: 'Spanish DNI/NIE', whole: false, accept: spanishIdValid },
  pan: { category: 'government_id', detector: 'in_pan_field', hint: 'Indian PAN', whole: false, accept: indianPanValid },
  passport: { category: 'government_id', detector: 'passport_field', hint: 'passport number', whole: false, accept: (v) => /^[A-Z0-9]{6,9}$/i.test(v) && hasDigit(v) },
  driversLicence: {
    category: 'government_id', detector: 'drivers_licence_field', hint: "driver's licence number", whole: false,
    accept: (v) => /^[A-Z0-9][A-Z0-9 -]{3,18}[A-Z0-9]$/i.test(v) && digitsOnly(v).length >= 2 && !DATE_SHAPE.test(v),
  },
  // A mistyped IBAN is still a bank account: in an "IBAN" field the shape is enough.
  iban: { category: 'bank_account', detector: 'iban_field', hint: 'IBAN field', whole: false, accept: (v) => /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/i.test(v.replace(/ /g, '')) },
  routing: { category: 'bank_account', detector: 'us_aba_routing_field', hint: 'US routing number', whole: false, accept: (v) => abaRoutingValid(v.replace(/[ -]/g, '')) },
  sortCode: { category: 'bank_account', detector: 'uk_sort_code_field', hint: 'UK sort code', whole: false, accept: (v) => /^\d{2}[ -]?\d{2}[ -]?\d{2}$/.test(v) },
  bsb: { category: 'bank_account', detector: 'au_bsb_field', hint: 'Australian BSB', whole: false, accept: (v) => /^\d{3}[ -]?\d{3}$/.test(v) },
  bankAccount: { category: 'bank_account', detector: 'bank_account_field', hint: 'bank account field', whole: false, accept: (v) => /^[\d -]+$/.test(v) && accountDigitsOk(v) },
  accountNumber: {
    category: 'bank_account', detector: 'bank_account_field', hint: 'bank account field', whole: false,
    accept: (v, path) => /^[\d -]+$/.test(v) && accountDigitsOk(v) && BANK_CONTEXT.test(keyWords(path).join(' ')),
  },
  health: { category: 'health', detector: 'health_field', hint: 'health field', whole: false, accept: notEmpty },
};

const keyRuleCache = new Map<string, KeyRule | null>();

/**
 * The rule a field's name implies, if any. A name matches when some run of its words spells a term
 * ("x-api-key" → "apikey"); secret names carrying a meta word ("password_changed_at") do not.
 * Cached, because an import repeats the same column names on every row.
 */
function keyRule(key: string | undefined): KeyRule | undefined {
  if (!key) return undefined;
  const cached = keyRuleCache.get(key);
  if (cached !== undefined) return cached ?? undefined;
  const words = keyWords(key);
  let found: KeyRule | null = null;
  outer: for (let i = 0; i < words.length; i++) {
    let joined = '';
    for (let j = i; j < words.length; j++) {
      joined += words[j];
      if (joined.length > MAX_KEY_TERM) break;
      const kind = KEY_TERM_LOOKUP.get(joined);
      if (kind === undefined) continue;
      if ((kind === 'password' || kind === 'cvv') && words.some((w, k) => (k < i || k > j) && SECRET_META_WORDS.has(w))) continue;
      found = KEY_RULES[kind];
      break outer;
    }
  }
  if (keyRuleCache.size > 5000) keyRuleCache.clear();
  keyRuleCache.set(key, found);
  return found ?? undefined;
}

function detectByKey(field: FieldInput, out: Candidate[]): void {
  const rule = keyRule(field.key);
  if (!rule) return;
  const value = field.value;
  const trimmed = value.trim();
  if (trimmed === '' || !rule.accept(trimmed, `${field.path} ${field.key ?? ''}`)) return;
  if (rule.whole && rule.category === 'password') {
    out.push({ category: rule.category, detector: rule.detector, hint: rule.hint, start: 0, end: value.length, rank: RANK_SECRET_FIELD });
    return;
  }
  const start = value.indexOf(trimmed);
  out.push({ category: rule.category, detector: rule.detector, hint: rule.hint, start, end: start + trimmed.length, rank: RANK_LABELLED });
}

const ANY_DIGIT = /\d/;

/** Every sensitive span in one field, one finding per span, in order of position. */
export function scanField(field: FieldInput): SensitiveFinding[] {
  const text = field.value;
  const candidates: Candidate[] = [];
  if (text.length > 0) {
    // Most detectors need digits; plain prose skips them all.
    const digits = ANY_DIGIT.test(text);
    if (digits) {
      detectCards(text, candidates);
      detectIbans(text, candidates);
      detectGovernmentIds(text, candidates);
    }
    detectSecrets(text, candidates);
    detectLabelled(text, candidates, digits);
    detectHealth(text, candidates);
  }
  detectByKey(field, candidates);
  return resolve(candidates).map((c) => ({ path: field.path, category: c.category, detector: c.detector, hint: c.hint, start: c.start, end: c.end }));
}

/** `scanField` over many fields (a request body, an import row set), findings in field order. */
export function scanFields(fields: readonly FieldInput[]): SensitiveFinding[] {
  const out: SensitiveFinding[] = [];
  for (const field of fields) for (const f of scanField(field)) out.push(f);
  return out;
}

/** Returns the value with every finding replaced by `[redacted: <label>]`; a field whose key itself marks it as secret (password, cvv…) is replaced whole. */
export function redactField(field: FieldInput, findings?: SensitiveFinding[]): string {
  const rule = keyRule(field.key);
  const value = field.value;
  if (rule?.whole && value.trim() !== '') return `[redacted: ${SENSITIVE_CATEGORY_LABELS[rule.category]}]`;
  // Findings for other fields, or with spans outside this value, are ignored rather than trusted.
  const own = (findings ?? scanField(field))
    .filter((f) => f.path === field.path && f.start >= 0 && f.end <= value.length && f.start < f.end)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  if (own.length === 0) return value;
  let result = '';
  let cursor = 0;
  for (const f of own) {
    if (f.start < cursor) {
      // Overlapping spans supplied by a caller: widen the replacement that is already out rather
      // than let the tail of this one through in clear.
      cursor = Math.max(cursor, f.end);
      continue;
    }
    result += value.slice(cursor, f.start) + `[redacted: ${SENSITIVE_CATEGORY_LABELS[f.category]}]`;
    cursor = f.end;
  }
  return result + value.slice(cursor);
}

/** Walks a JSON-like value (objects, arrays, strings, numbers → strings) into FieldInputs with dotted paths and the nearest key; for scanning request bodies and custom-field maps. */
export function flattenForScan(value: unknown, basePath: string): FieldInput[] {
  const out: FieldInput[] = [];
  const seen = new WeakSet<object>();
  // An explicit stack rather than recursion: a hostile body nested thousands deep must still be
  // scanned in full, not overflow the call stack and skip the scan.
  const stack: { value: unknown; path: string; key: string | undefined }[] = [{ value, path: basePath, key: undefined }];
  const join = (path: string, key: string) => (path === '' ? key : `${path}.${key}`);
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const v = item.value;
    if (typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'bigint') {
      const s = String(v);
      out.push(item.key === undefined ? { path: item.path, value: s } : { path: item.path, key: item.key, value: s });
    } else if (typeof v === 'object' && v !== null) {
      if (seen.has(v)) continue;
      seen.add(v);
      if (Array.isArray(v)) {
        for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: `${item.path}[${i}]`, key: item.key });
      } else if (typeof (v as { toJSON?: unknown }).toJSON === 'function') {
        // Dates and other objects that serialise themselves are scanned as they would be sent.
        stack.push({ value: (v as { toJSON: () => unknown }).toJSON(), path: item.path, key: item.key });
      } else {
        const entries = Object.entries(v);
        for (let i = entries.length - 1; i >= 0; i--) {
          const [k, child] = entries[i] as [string, unknown];
          stack.push({ value: child, path: join(item.path, k), key: k });
        }
      }
    }
  }
  return out;
}
