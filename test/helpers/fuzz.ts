/**
 * Malformed-request generation for `test/api-fuzz.test.ts`: from an operation's OpenAPI schemas
 * (which the routes' zod schemas generate) to a list of variants, each with a label that says how
 * it was made, so a failure can be reproduced by hand.
 *
 * Everything here is deterministic: the only randomness is `seededShuffle`, driven by a fixed seed
 * and the operation's name, so a run sends the same requests in the same order every time.
 */

/** The subset of OpenAPI 3 / JSON Schema the generated document uses. */
export interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  nullable?: boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  $ref?: string;
  description?: string;
}

/** What must not happen to a variant: 'invalid' must never answer 2xx; 'any' only must not 5xx. */
export type Expect = 'invalid' | 'valid' | 'any';

/** Families of variants, used to group failures and to share the per-operation cap fairly. */
export type Family = 'control' | 'body' | 'content-type' | 'field' | 'unknown-field' | 'path' | 'query' | 'filter';

export type Body = { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'bytes'; bytes: Buffer };

export interface Variant {
  /** How the variant was made, e.g. `body.name ← 121×"x" (maxLength 120, +1)`. */
  readonly label: string;
  readonly family: Family;
  readonly expect: Expect;
  /** Raw (already percent-encoded) path segments replacing the valid ones. */
  readonly params?: Record<string, string>;
  /** Raw query string (without `?`) replacing the valid one. */
  readonly query?: string;
  /** Replaces the valid body; absent: the valid body. */
  readonly body?: Body;
  /** Content-Type to send; null sends none; absent: the operation's usual one when there is a body. */
  readonly contentType?: string | null;
  readonly headers?: Record<string, string>;
  /** Sent before the slot's other variants when the cap leaves room for only a few. */
  readonly priority?: boolean;
}

/** Bytes spliced verbatim into the JSON `encodeJson` writes: invalid UTF-8, `-0`, huge literals, deep nesting. */
export class Raw {
  constructor(
    readonly bytes: Buffer,
    /** How it reads in a label. */
    readonly note: string,
  ) {}
}
export const raw = (bytes: Buffer | string, note = String(bytes)): Raw => new Raw(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'utf8'), note);

/**
 * JSON text as bytes, with `Raw` values spliced in and `-0` kept (JSON.stringify writes it as 0).
 * Lone surrogates come out as `\ud800` escapes (JSON.stringify's well-formed output), which is
 * how a client would send one.
 */
export function encodeJson(value: unknown): Buffer {
  const chunks: Buffer[] = [];
  let text = '';
  const flush = () => {
    if (text) chunks.push(Buffer.from(text, 'utf8'));
    text = '';
  };
  const walk = (v: unknown): void => {
    if (v instanceof Raw) {
      flush();
      chunks.push(v.bytes);
    } else if (Object.is(v, -0)) text += '-0';
    else if (Array.isArray(v)) {
      text += '[';
      v.forEach((item, i) => {
        if (i > 0) text += ',';
        walk(item);
      });
      text += ']';
    } else if (v !== null && typeof v === 'object') {
      text += '{';
      Object.entries(v).forEach(([k, item], i) => {
        if (i > 0) text += ',';
        text += `${JSON.stringify(k)}:`;
        walk(item);
      });
      text += '}';
    } else text += JSON.stringify(v) ?? 'null';
  };
  walk(value);
  flush();
  return Buffer.concat(chunks);
}

/** A deterministic PRNG (mulberry32), seeded from a string. */
export function prng(seed: string): () => number {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function seededShuffle<T>(items: readonly T[], seed: string): T[] {
  const out = [...items];
  const next = prng(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/**
 * A payload as a person can read and retype it: invalid UTF-8 as `\xNN`, control characters
 * escaped, long runs folded (`«[»×5000` is 5,000 `[`), cut at `max` characters with the total size.
 */
export function preview(bytes: Buffer | string | undefined, max = 300): string {
  if (bytes === undefined) return '(no body)';
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'utf8');
  if (buf.length === 0) return '(empty body)';
  const head = buf.subarray(0, 64 * 1024);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(head);
  } catch {
    text = [...head].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`)).join('');
  }
  text = text
    .replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`)
    .replace(/(.{1,8}?)\1{15,}/gs, (run: string, unit: string) => `«${unit}»×${run.length / unit.length}`);
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  return buf.length > 200 ? `${cut} (${buf.length} bytes)` : cut;
}

// Reading schemas

/** The schema's JSON types ('integer' counts as a number type), or undefined when it allows anything. */
export function typesOf(s: Schema): Set<string> | undefined {
  const alts = s.anyOf ?? s.oneOf;
  if (alts) {
    const all = new Set<string>();
    for (const a of alts) {
      const t = typesOf(a);
      if (!t) return undefined;
      for (const x of t) all.add(x);
    }
    if (s.nullable) all.add('null');
    return all;
  }
  if (s.allOf?.length === 1 && s.allOf[0]) return typesOf(s.allOf[0]);
  if (s.type === undefined) return s.enum ? new Set(s.enum.map(jsonType)) : undefined;
  const set = new Set([s.type].flat());
  if (s.nullable) set.add('null');
  return set;
}

export function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** Whether a value of this JSON type could pass the schema's type check (not its other limits). */
function acceptsType(s: Schema, t: string): boolean {
  const types = typesOf(s);
  if (!types) return true;
  if (t === 'integer') return types.has('integer') || types.has('number');
  return types.has(t);
}

/** The schema an `allOf: [x]` stands for (how the document wraps a described `$ref`). */
export function unwrap(s: Schema): Schema {
  if (s.allOf?.length === 1 && s.allOf[0]) return { ...s.allOf[0], ...(s.description ? { description: s.description } : {}) };
  return s;
}

/** Replaces `$ref`s with the document's components (a recursive one down to a bounded depth). */
export function resolveRefs(s: Schema, components: Record<string, Schema>, depth = 0): Schema {
  if (depth > 12) return {};
  if (s.$ref) {
    const target = components[s.$ref.replace('#/components/schemas/', '')];
    return target ? resolveRefs(target, components, depth + 1) : {};
  }
  const out: Schema = { ...s };
  if (s.properties) out.properties = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, resolveRefs(v, components, depth + 1)]));
  if (s.items) out.items = resolveRefs(s.items, components, depth + 1);
  if (s.additionalProperties && typeof s.additionalProperties === 'object') out.additionalProperties = resolveRefs(s.additionalProperties, components, depth + 1);
  for (const k of ['anyOf', 'oneOf', 'allOf'] as const) {
    const list = s[k];
    if (list) out[k] = list.map((x) => resolveRefs(x, components, depth + 1));
  }
  return unwrap(out);
}

// Valid values

/** Values a valid request needs that a schema cannot give: real ids, a real email, a password. */
export type Hints = (name: string, schema: Schema) => unknown;

/** Strings a schema's `pattern` is tried against, in order, when nothing else names a value. */
const PATTERN_CANDIDATES = ['2026-11-30', '2026-11-29T09:00:00.000Z', '123456', 'US', 'USD', 'fuzz_key', '+1 555 0100', 'ref', 'note', 'fuzz', 'a'];

/** A value the schema takes, preferring `hints` (by property name), then default, enum, const. */
export function validValue(s: Schema, name: string, hints: Hints, depth = 0): unknown {
  s = unwrap(s);
  const hinted = hints(name, s);
  if (hinted !== undefined) return hinted;
  if (s.default !== undefined) return structuredClone(s.default);
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  const alts = s.anyOf ?? s.oneOf;
  if (alts?.[0]) return validValue(alts[0], name, hints, depth + 1);
  const types = typesOf(s);
  const type = types ? [...types].find((t) => t !== 'null') ?? 'null' : 'string';
  switch (type) {
    case 'string': {
      if (s.format === 'date-time') return '2026-11-29T09:00:00.000Z';
      if (s.format === 'date') return '2026-11-30';
      if (s.format === 'email') return 'fuzz@example.test';
      if (s.pattern) {
        const re = new RegExp(s.pattern);
        const hit = PATTERN_CANDIDATES.find((c) => re.test(c));
        if (hit) return hit;
      }
      const base = 'Fuzz value';
      const min = s.minLength ?? 0;
      return (base.length >= min ? base : base.padEnd(min, 'x')).slice(0, s.maxLength ?? base.length);
    }
    case 'integer':
    case 'number':
      return Math.min(Math.max(1, s.minimum ?? 1), s.maximum ?? 1);
    case 'boolean':
      return false;
    case 'array': {
      const n = s.minItems ?? 0;
      return Array.from({ length: n }, () => validValue(s.items ?? {}, singular(name), hints, depth + 1));
    }
    case 'object':
      return depth > 6 ? {} : minimalObject(s, hints, depth + 1);
    default:
      return null;
  }
}

function singular(name: string): string {
  return name.endsWith('Ids') ? name.slice(0, -1) : name.endsWith('s') ? name.slice(0, -1) : name;
}

/** The required properties only (what a minimal valid body holds). */
export function minimalObject(s: Schema, hints: Hints, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of s.required ?? []) {
    const p = s.properties?.[key];
    if (p) out[key] = validValue(p, key, hints, depth);
  }
  return out;
}

/** Every declared property with a valid value, one level of nesting filled the same way. */
export function fullObject(s: Schema, hints: Hints): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, p] of Object.entries(s.properties ?? {})) {
    const u = unwrap(p);
    const hinted = hints(key, u);
    if (hinted !== undefined) out[key] = hinted;
    else if (typesOf(u)?.has('object') && u.properties) out[key] = fullObject(u, hints);
    else if (typesOf(u)?.has('array') && u.items && u.default === undefined) out[key] = [validValue(u.items, singular(key), hints)];
    else out[key] = validValue(u, key, hints);
  }
  return out;
}

// Field mutations: one slot of a valid body changed at a time

export interface Mutation {
  readonly label: string;
  readonly value: unknown;
  readonly expect: Expect;
  readonly family?: Family;
  readonly priority?: boolean;
}

export interface FieldOptions {
  /** The API refuses a NUL anywhere in a body (the ingestion routes do not, per field). */
  readonly nulRefused: boolean;
  /** Whether an unknown property must be refused (request schemas are meant to be strict). */
  readonly unknownRefused: boolean;
}

/** Boundary numbers, with raw literals JSON.stringify cannot write (-0, 2^53+1, 400 digits). */
export const BOUNDARY_NUMBERS: readonly { label: string; value: unknown; n: number }[] = [
  { label: '0', value: 0, n: 0 },
  { label: '-1', value: -1, n: -1 },
  { label: '-0', value: raw('-0'), n: -0 },
  { label: '2^31', value: 2 ** 31, n: 2 ** 31 },
  { label: '2^53', value: 2 ** 53, n: 2 ** 53 },
  { label: '2^53+1', value: raw('9007199254740993'), n: 2 ** 53 + 1 },
  { label: '1e308', value: 1e308, n: 1e308 },
  { label: '-1e308', value: -1e308, n: -1e308 },
  { label: '1e-308', value: 1e-308, n: 1e-308 },
  { label: '3e15', value: 3e15, n: 3e15 },
  { label: '1.5', value: 1.5, n: 1.5 },
  { label: '400-digit literal', value: raw(`1${'0'.repeat(400)}`, '1 followed by 400 zeros'), n: Infinity },
  { label: '1e999', value: raw('1e999'), n: Infinity },
];

const WRONG_TYPES: readonly { type: string; value: unknown; label: string }[] = [
  { type: 'string', value: 'fuzz', label: 'the string "fuzz"' },
  { type: 'integer', value: 7, label: 'the number 7' },
  { type: 'boolean', value: true, label: 'true' },
  { type: 'array', value: [], label: '[]' },
  { type: 'object', value: {}, label: '{}' },
  { type: 'null', value: null, label: 'null' },
];

const bytesInString = (...bytes: number[]) => raw(Buffer.from([0x22, ...bytes, 0x22]), `"${bytes.map((b) => `\\x${b.toString(16)}`).join('')}" (raw bytes)`);

/** Nested arrays or objects `depth` levels deep, as raw JSON (JSON.stringify itself would overflow the stack). Made once per shape and depth. */
const deepCache = new Map<string, Raw>();
export function deepJson(depth: number, shape: 'array' | 'object'): Raw {
  const key = `${shape} ${depth}`;
  const cached = deepCache.get(key);
  if (cached) return cached;
  const made = makeDeepJson(depth, shape);
  deepCache.set(key, made);
  return made;
}
function makeDeepJson(depth: number, shape: 'array' | 'object'): Raw {
  const text = shape === 'array' ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  return raw(text, `${shape}s nested ${depth} levels`);
}

/** Whether the schema certainly refuses this string (by type, enum, length or pattern). */
function stringInvalid(s: Schema, value: string): boolean {
  if (!acceptsType(s, 'string')) return true;
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return alts.every((a) => stringInvalid(a, value));
  if (s.enum) return !s.enum.includes(value);
  if (s.maxLength !== undefined && value.length > s.maxLength) return true;
  if (s.pattern && !new RegExp(s.pattern).test(value)) return true;
  return false;
}

function numberInvalid(s: Schema, n: number): boolean {
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return alts.every((a) => numberInvalid(a, n));
  if (!acceptsType(s, Number.isInteger(n) ? 'integer' : 'number')) return true;
  if (!Number.isFinite(n)) return true;
  if (s.enum) return !s.enum.includes(n);
  const types = typesOf(s);
  if (types && !types.has('number') && !Number.isInteger(n)) return true;
  if (s.minimum !== undefined && n < s.minimum) return true;
  if (s.maximum !== undefined && n > s.maximum) return true;
  return false;
}

/** The malformed values tried at one slot, each with whether the schema certainly refuses it. */
export function mutationsFor(schema: Schema, name: string, valid: unknown, opts: FieldOptions): Mutation[] {
  const s = unwrap(schema);
  const types = typesOf(s);
  const out: Mutation[] = [];
  const add = (label: string, value: unknown, expect: Expect, family?: Family) => out.push({ label, value, expect, ...(family ? { family } : {}) });
  // What broke before goes first where a slot gets few variants: an empty string where an id of
  // another record belongs (it reached the foreign key), and a huge number (PostgreSQL's range).
  const idLike = /Ids?$|^id$/.test(name);
  const priority = (label: string) => (idLike && label === 'empty string') || label === 'number 1e308';

  for (const w of WRONG_TYPES) {
    if (!acceptsType(s, w.type) && !(w.type === 'integer' && acceptsType(s, 'number'))) add(`wrong type: ${w.label}`, w.value, 'invalid');
  }
  // Unknown types (a record's values, `z.any()`): still worth trying each, but nothing is certain.
  if (!types) for (const w of WRONG_TYPES) add(`value of any type: ${w.label}`, w.value, 'any');

  if (!types || types.has('string')) {
    const max = s.maxLength;
    if (max !== undefined) {
      add(`${max}×"x" (maxLength ${max})`, 'x'.repeat(max), stringInvalid(s, 'x'.repeat(max)) ? 'invalid' : 'any');
      add(`${max + 1}×"x" (maxLength ${max}, +1)`, 'x'.repeat(max + 1), 'invalid');
    }
    add('100000×"x"', 'x'.repeat(100_000), max !== undefined && max < 100_000 ? 'invalid' : 'any');
    add('empty string', '', (s.minLength ?? 0) > 0 || stringInvalid(s, '') ? 'invalid' : 'any');
    add('whitespace only', '   ', 'any');
    add('NUL inside ("a\\u0000b")', 'a\u0000b', opts.nulRefused ? 'invalid' : 'any');
    add('lone high surrogate escape "\\ud800"', '\ud800', 'any');
    add('lone low surrogate escape "x\\udc00"', 'x\udc00', 'any');
    add('invalid UTF-8 byte 0xff', bytesInString(0xff), 'any');
    add('invalid UTF-8 sequence 0xc3 0x28', bytesInString(0xc3, 0x28), 'any');
    add('UTF-8-encoded surrogate 0xed 0xa0 0x80', bytesInString(0xed, 0xa0, 0x80), 'any');
    add('unicode (astral, RTL override, zero-width)', '𝔘ñí©ødé \u202egnp.exe\u200b', 'any');
    add('SQL and LIKE metacharacters', "' or 1=1; -- %_\\", 'any');
    if (s.enum) add('a value outside the enum', 'not-a-choice', 'invalid');
    if (s.pattern || s.format) {
      add('"2026-02-30" (an impossible date)', '2026-02-30', stringInvalid(s, '2026-02-30') ? 'invalid' : 'any');
      add('"0000-01-01"', '0000-01-01', stringInvalid(s, '0000-01-01') ? 'invalid' : 'any');
      add('"9999-12-31T23:59:59.999Z"', '9999-12-31T23:59:59.999Z', stringInvalid(s, '9999-12-31T23:59:59.999Z') ? 'invalid' : 'any');
      add('"+275760-09-13T00:00:00.000Z" (beyond Date)', '+275760-09-13T00:00:00.000Z', stringInvalid(s, '+275760-09-13T00:00:00.000Z') ? 'invalid' : 'any');
    }
    if (/email/i.test(name)) {
      add('not an email', 'not-an-email', 'any');
      add('a 254-char email', `${'a'.repeat(64)}@${'b'.repeat(180)}.example`, 'any');
    }
    if (/Ids?$|^id$/.test(name) && typeof valid === 'string') {
      add('an unknown id of the right shape', unknownIdLike(valid), 'any');
    }
    if (types?.has('string') && !types.has('number') && !types.has('integer')) add('a number-like string "1"', '1', stringInvalid(s, '1') ? 'invalid' : 'any');
  }
  if (!types || types.has('number') || types.has('integer')) {
    for (const b of BOUNDARY_NUMBERS) add(`number ${b.label}`, b.value, types ? (numberInvalid(s, b.n) ? 'invalid' : 'any') : 'any');
    if (types && !types.has('string')) add('a numeric string "1"', '1', 'invalid');
  }
  if (types?.has('boolean') && !types.has('string')) add('the string "true"', 'true', 'invalid');
  if (types?.has('boolean') && !types.has('number') && !types.has('integer')) add('the number 1', 1, 'invalid');

  if (!types || types.has('array')) {
    const item = s.items ?? {};
    const sample = Array.isArray(valid) && valid.length > 0 ? valid[0] : validValue(item, singular(name), () => undefined);
    if (s.maxItems !== undefined) add(`${s.maxItems + 1} items (maxItems ${s.maxItems}, +1)`, Array.from({ length: s.maxItems + 1 }, () => sample), 'invalid');
    add('10000 items', Array.from({ length: 10_000 }, () => sample), s.maxItems !== undefined && s.maxItems < 10_000 ? 'invalid' : 'any');
    add('[null]', [null], acceptsType(item, 'null') ? 'any' : 'invalid');
    add('the same item twice', [sample, sample], 'any');
    add('[[]] (an array inside)', [[]], acceptsType(item, 'array') ? 'any' : 'invalid');
  }
  if (!types || types.has('object')) {
    const base = valid !== null && typeof valid === 'object' && !Array.isArray(valid) ? (valid as Record<string, unknown>) : {};
    const strict = s.additionalProperties === false;
    const refuse = strict || (opts.unknownRefused && s.properties !== undefined && s.additionalProperties === undefined);
    if (s.properties) add('with an unknown property "fuzzUnknown"', { ...base, fuzzUnknown: 1 }, refuse ? 'invalid' : 'any', 'unknown-field');
    if (s.additionalProperties && typeof s.additionalProperties === 'object') {
      add('a key holding NUL', { ...base, 'k\u0000': 'v' }, opts.nulRefused ? 'invalid' : 'any');
      add('1000 keys', Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, 'v'])), 'any');
      add('an empty key', { ...base, '': 'v' }, 'any');
    }
  }
  // Arrays in arrays pass only where an array may hold an array.
  const nestedArraysRefused = types !== undefined && !(types.has('array') && (!s.items || acceptsType(s.items, 'array')));
  for (const depth of [5_000, 100_000]) add(`arrays nested ${depth} levels`, deepJson(depth, 'array'), nestedArraysRefused ? 'invalid' : 'any');
  add('objects nested 5000 levels', deepJson(5_000, 'object'), types && !types.has('object') ? 'invalid' : 'any');
  return out.map((m) => (priority(m.label) ? { ...m, priority: true } : m));
}

/** A well-formed id that names nothing: the same prefix, the rest zeros. */
export function unknownIdLike(id: string): string {
  const i = id.indexOf('_');
  return i > 0 ? `${id.slice(0, i + 1)}${'0'.repeat(Math.max(1, id.length - i - 1))}` : `${id}0`;
}

/** A place in a body: its path, schema and whether it is required where it sits. */
export interface Slot {
  readonly path: (string | number)[];
  readonly schema: Schema;
  readonly required: boolean;
}

/** The slots of a body schema worth mutating: properties, and the first item of arrays, a few levels deep. */
export function slotsOf(s: Schema, maxDepth = 3, path: (string | number)[] = []): Slot[] {
  const out: Slot[] = [];
  if (path.length >= maxDepth) return out;
  const u = unwrap(s);
  for (const [key, p] of Object.entries(u.properties ?? {})) {
    const child = unwrap(p);
    out.push({ path: [...path, key], schema: child, required: (u.required ?? []).includes(key) });
    const t = typesOf(child);
    if (t?.has('object') && child.properties) out.push(...slotsOf(child, maxDepth, [...path, key]));
    if (t?.has('array') && child.items) {
      const item = unwrap(child.items);
      out.push({ path: [...path, key, 0], schema: item, required: true });
      if (typesOf(item)?.has('object') && item.properties) out.push(...slotsOf(item, maxDepth, [...path, key, 0]));
    }
  }
  return out;
}

export const pathLabel = (path: (string | number)[]) => `body${path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('')}`;

/** A copy of `base` with the value at `path` set (missing parents made), or removed when `value` is `REMOVE`. */
export const REMOVE = Symbol('remove');
export function withValueAt(base: unknown, path: (string | number)[], value: unknown, parentHints: (path: (string | number)[]) => unknown): unknown {
  const root = structuredClone(base) as Record<string | number, unknown>;
  let node: Record<string | number, unknown> = root;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i] as string | number;
    let next = node[key];
    if (next === null || typeof next !== 'object') {
      next = parentHints(path.slice(0, i + 1));
      if (next === null || typeof next !== 'object') next = typeof path[i + 1] === 'number' ? [] : {};
      node[key] = next;
    }
    node = next as Record<string | number, unknown>;
  }
  const last = path[path.length - 1] as string | number;
  if (value === REMOVE) delete node[last];
  else node[last] = value;
  return root;
}

/** Reads a path of a plain JSON value. */
export function valueAt(base: unknown, path: (string | number)[]): unknown {
  let node: unknown = base;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

// Whole-body, path and query variants

export interface BodyOptions {
  /** The body's usual content type ('application/json'; ingestion also takes 'text/plain'). */
  readonly contentType: string;
  /** Content types the route takes besides JSON. */
  readonly alsoAccepted: readonly string[];
  /** Whether the route declares a JSON object body (else: none, or one it ignores). */
  readonly objectBody: boolean;
  /** The body may be left out (no required property, or no body schema). */
  readonly emptyOk: boolean;
  /** Whether an unknown top-level property must be refused. */
  readonly unknownRefused: boolean;
  /** Whether a NUL anywhere in the body is refused (the API's guard; not the ingestion routes). */
  readonly nulRefused: boolean;
  readonly bodyLimit: number;
}

/** The whole-body variants: shapes, encodings, content types, sizes, nesting, forbidden keys. */
export function bodyVariants(valid: Record<string, unknown>, o: BodyOptions): Variant[] {
  const out: Variant[] = [];
  const json = encodeJson(valid);
  const objectExpect: Expect = o.objectBody ? 'invalid' : 'any';
  const emptyExpect: Expect = o.objectBody && !o.emptyOk ? 'invalid' : 'any';
  const v = (label: string, body: Body, expect: Expect, family: Family = 'body', contentType?: string | null, headers?: Record<string, string>) =>
    out.push({ label, family, expect, body, ...(contentType !== undefined ? { contentType } : {}), ...(headers ? { headers } : {}) });
  const bytes = (b: Buffer | string): Body => ({ kind: 'bytes', bytes: Buffer.isBuffer(b) ? b : Buffer.from(b, 'utf8') });

  v('no body, no content type', { kind: 'none' }, emptyExpect, 'body', null);
  v('empty body with Content-Type: application/json', bytes(Buffer.alloc(0)), o.objectBody ? 'invalid' : 'any', 'body', 'application/json');
  v('{}', { kind: 'json', value: {} }, emptyExpect);
  for (const text of ['[]', 'null', '"x"', '0', 'true']) v(`${text} as the body`, bytes(text), objectExpect);
  for (const text of ['{', '{"a":}', '{}garbage', "{'a':1}", '{"a":1,}']) v(`invalid JSON ${text}`, bytes(text), 'invalid');
  v('a JSON body with a UTF-8 BOM', bytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), json])), 'any');
  v('the body as UTF-16LE', bytes(Buffer.from(json.toString('utf8'), 'utf16le')), 'invalid');
  v('bytes 0xff 0xfe 0x00 as the body', bytes(Buffer.from([0xff, 0xfe, 0x00])), 'invalid');
  v('a raw NUL byte inside a JSON string', bytes(Buffer.concat([Buffer.from('{"fuzz":"a'), Buffer.from([0]), Buffer.from('b"}')])), 'invalid');
  const firstKey = Object.keys(valid)[0];
  if (firstKey) v(`the key ${firstKey} twice`, bytes(`{${JSON.stringify(firstKey)}:null,${json.subarray(1).toString('utf8')}`), 'any');
  const inject = (extra: string) => bytes(Object.keys(valid).length > 0 ? `{${extra},${json.subarray(1).toString('utf8')}` : `{${extra}}`);
  v('a "__proto__" key', inject('"__proto__":{"isAdmin":true}'), 'invalid');
  v('a "constructor.prototype" key', inject('"constructor":{"prototype":{"isAdmin":true}}'), 'invalid');
  v('a top-level key holding NUL', inject('"k\\u0000":1'), o.nulRefused && o.objectBody ? 'invalid' : 'any');

  // Sizes: just under and over the route's body limit, and long in the other direction (many keys).
  const pad = (n: number) => inject(`"fuzzPad":"${'x'.repeat(n)}"`);
  v(`a ${Math.floor((o.bodyLimit - 2048) / 1024)} KB body (under the ${o.bodyLimit / 1024} KB limit)`, pad(o.bodyLimit - 2048), o.objectBody && o.unknownRefused ? 'invalid' : 'any');
  // A route that declares no body may never read one, so only a declared body is certainly refused.
  v(`a ${Math.ceil((o.bodyLimit + 4096) / 1024)} KB body (over the ${o.bodyLimit / 1024} KB limit)`, pad(o.bodyLimit + 4096), o.objectBody ? 'invalid' : 'any');
  v('20000 unknown keys', inject(Array.from({ length: 20_000 }, (_, i) => `"k${i}":${i}`).join(',')), o.objectBody && o.unknownRefused ? 'invalid' : 'any');

  for (const depth of [5_000, 100_000]) v(`arrays nested ${depth} levels as the body`, bytes(deepJson(depth, 'array').bytes), objectExpect);
  // An object body whose one (unknown) key holds the nesting: refused where unknown keys are.
  const unknownExpect: Expect = o.objectBody && o.unknownRefused ? 'invalid' : 'any';
  v('objects nested 5000 levels as the body', bytes(deepJson(5_000, 'object').bytes), unknownExpect);
  v('objects nested 100000 levels as the body', bytes(deepJson(100_000, 'object').bytes), unknownExpect);

  // Content types: what browsers send cross-site without a preflight, and odd charsets.
  const ct = (type: string | null, label = `Content-Type: ${type}`) => {
    const accepted = type !== null && (type.split(';')[0]?.trim().toLowerCase() === 'application/json' || o.alsoAccepted.some((a) => type.startsWith(a)));
    v(`${label} with the valid JSON`, bytes(json), accepted || !o.objectBody ? 'any' : 'invalid', 'content-type', type);
  };
  ct('text/plain');
  ct('application/x-www-form-urlencoded');
  v('Content-Type: application/x-www-form-urlencoded with a form body', bytes('name=fuzz&role=owner'), o.objectBody ? 'invalid' : 'any', 'content-type', 'application/x-www-form-urlencoded');
  v(
    'Content-Type: multipart/form-data with a form body',
    bytes('--fuzzb\r\nContent-Disposition: form-data; name="name"\r\n\r\nfuzz\r\n--fuzzb--\r\n'),
    o.objectBody ? 'invalid' : 'any',
    'content-type',
    'multipart/form-data; boundary=fuzzb',
  );
  ct(null, 'no Content-Type');
  ct('application/json; charset=latin1');
  ct('application/json; charset=utf-16');
  ct('APPLICATION/JSON');
  ct('application/jsonx');
  ct('application/json, text/plain');
  ct('text/csv');
  v('Content-Encoding: gzip that is not gzip', bytes(json), 'any', 'content-type', o.contentType, { 'content-encoding': 'gzip' });
  v('Content-Encoding: br', bytes(json), 'any', 'content-type', o.contentType, { 'content-encoding': 'br' });
  return out;
}

/** Malformed values for one path segment (raw, already encoded). */
export function pathParamVariants(name: string, valid: string, other: string): Variant[] {
  const out: Variant[] = [];
  const v = (label: string, segment: string, expect: Expect) => out.push({ label: `path ${name} = ${label}`, family: 'path', expect, params: { [name]: segment } });
  v('an unknown id of the right shape', encodeURIComponent(unknownIdLike(valid)), 'any');
  v('an id of another kind of record', encodeURIComponent(other), 'any');
  v('65 chars', 'x'.repeat(65), 'invalid');
  v('200 chars (the router limit)', 'x'.repeat(200), 'invalid');
  v('201 chars', 'x'.repeat(201), 'invalid');
  v('10000 chars', 'x'.repeat(10_000), 'invalid');
  v('%00', `${valid}%00`, 'invalid');
  v('%ff', '%ff', 'any');
  v('%c3%28 (invalid UTF-8)', 'a%c3%28', 'any');
  v('%ed%a0%80 (an encoded surrogate)', '%ed%a0%80', 'any');
  v('%zz (broken percent-encoding)', '%zz', 'any');
  v('..', '..', 'any');
  v('%2e%2e', '%2e%2e', 'any');
  v('%2F (an encoded slash)', `${valid}%2F..`, 'any');
  v('unicode', encodeURIComponent('café-😀'), 'any');
  v('a number', '12345', 'any');
  v('-1', '-1', 'any');
  v('1e308', '1e308', 'any');
  v('"null"', 'null', 'any');
  v('a space', '%20', 'any');
  v('SQL', encodeURIComponent("' or '1'='1"), 'any');
  v('the valid id upper-cased', encodeURIComponent(valid.toUpperCase()), 'any');
  return out;
}

export interface QueryParam {
  readonly name: string;
  readonly schema: Schema;
  readonly required: boolean;
}

/** Malformed values for query parameters, one at a time, on top of the valid query. */
export function queryVariants(params: readonly QueryParam[], validQuery: Record<string, string>): Variant[] {
  const out: Variant[] = [];
  const qs = (pairs: [string, string][]) => pairs.map(([k, val]) => `${k}=${val}`).join('&');
  const baseWithout = (name: string): [string, string][] => Object.entries(validQuery).filter(([k]) => k !== name).map(([k, val]) => [k, encodeURIComponent(val)]);
  const v = (label: string, query: string, expect: Expect) => out.push({ label, family: 'query', expect, query });
  for (const p of params) {
    const s = unwrap(p.schema);
    const types = typesOf(s);
    const numeric = types?.has('integer') || types?.has('number');
    const set = (label: string, rawValue: string, expect: Expect) => v(`query ${p.name} = ${label}`, qs([...baseWithout(p.name), [p.name, rawValue]]), expect);
    const valid = validQuery[p.name] ?? String(validValue(s, p.name, () => undefined));
    if (numeric) {
      for (const [label, text] of [
        ['"abc"', 'abc'],
        ['1.5', '1.5'],
        ['-1', '-1'],
        ['0', '0'],
        ['1e308', '1e308'],
        ['2^53+1', '9007199254740993'],
        ['20 digits', '99999999999999999999'],
        ['"Infinity"', 'Infinity'],
        ['"0x10"', '0x10'],
        ['" 1"', '%201'],
      ] as const) {
        const n = Number(decodeURIComponent(text));
        const bad = !Number.isFinite(n) || (types?.has('integer') && !types.has('number') && !Number.isInteger(n)) || (s.minimum !== undefined && n < s.minimum) || (s.maximum !== undefined && n > s.maximum);
        set(label, text, bad && text !== '%201' ? 'invalid' : 'any');
      }
    }
    if (s.enum || s.anyOf) set('a value outside the enum', 'not-a-choice', 'invalid');
    if (s.maxLength !== undefined) {
      set(`${s.maxLength + 1}×"x" (maxLength ${s.maxLength}, +1)`, 'x'.repeat(s.maxLength + 1), 'invalid');
    }
    set('100000×"x"', 'x'.repeat(100_000), s.enum || numeric || (s.maxLength ?? Infinity) < 100_000 ? 'invalid' : 'any');
    set('empty', '', 'any');
    set('%00', 'a%00b', 'invalid');
    set('%ff', '%ff', 'any');
    set('%c3%28', '%c3%28', 'any');
    set('unicode', encodeURIComponent('café-😀'), 'any');
    v(`query ${p.name} repeated (${p.name}=a&${p.name}=b)`, qs([...baseWithout(p.name), [p.name, encodeURIComponent(valid)], [p.name, encodeURIComponent(valid)]]), types && !types.has('array') ? 'invalid' : 'any');
    v(`query ${p.name}[]=… (array syntax)`, qs([...baseWithout(p.name), [`${p.name}[]`, encodeURIComponent(valid)]]), p.required ? 'invalid' : 'any');
    v(`query ${p.name} with no "=" at all`, [qs(baseWithout(p.name)), p.name].filter(Boolean).join('&'), 'any');
    if (p.required) v(`query ${p.name} left out (required)`, qs(baseWithout(p.name)), 'invalid');
  }
  const all = qs(Object.entries(validQuery).map(([k, val]) => [k, encodeURIComponent(val)]));
  const plus = (extra: string) => [all, extra].filter(Boolean).join('&');
  v('an unknown query parameter', plus('fuzzUnknown=1'), 'any');
  v('2000 query parameters', plus(Array.from({ length: 2000 }, (_, i) => `p${i}=${i}`).join('&')), 'any');
  v('query __proto__ and constructor keys', plus('__proto__=x&constructor[prototype]=y&__proto__[admin]=1'), 'any');
  v('query with a bare "&&=&"', plus('&&=&'), 'any');
  return out;
}

// Grid filters: one condition at a time over every column and operator the grid lists

export interface GridColumn {
  readonly key: string;
  readonly type: string;
  readonly operators: readonly string[];
}

/** Values tried for a grid condition, by the column's type (boundary numbers for numbers and days). */
export function filterValues(type: string, op: string): { label: string; value: unknown }[] {
  const numbers = BOUNDARY_NUMBERS.map((b) => ({ label: b.label, value: b.value }));
  const common = [
    { label: 'null', value: null },
    { label: 'true', value: true },
    { label: '"x"', value: 'x' },
    { label: '500×"x"', value: 'x'.repeat(500) },
    { label: '"\\ud800"', value: '\ud800' },
    { label: '[]', value: [] },
  ];
  const dates = ['2026-11-29', '2026-02-30', '0000-01-01', '9999-12-31', '+275760-09-13', '2026-11-29T09:00:00Z', ''].map((d) => ({ label: JSON.stringify(d), value: d }));
  const pairs = [
    { label: '[0, 1]', value: [0, 1] },
    { label: '[1e308, -1e308]', value: [1e308, -1e308] },
    { label: '[-1e308, 1e308]', value: [-1e308, 1e308] },
    { label: '[2^53+1, 3e15]', value: [raw('9007199254740993'), 3e15] },
    { label: '["2026-01-01", "2026-12-31"]', value: ['2026-01-01', '2026-12-31'] },
    { label: '["9999-12-31", "0000-01-01"]', value: ['9999-12-31', '0000-01-01'] },
    { label: '[1]', value: [1] },
    { label: '[1, 2, 3]', value: [1, 2, 3] },
  ];
  if (op === 'between') return [...pairs, ...common];
  if (op === 'is_empty' || op === 'is_not_empty' || op === 'is_me' || op === 'in_my_team' || op === 'is_true' || op === 'is_false') {
    return [{ label: 'no value', value: undefined }, { label: '1e308', value: 1e308 }, { label: '"x"', value: 'x' }];
  }
  if (/days/.test(op) || type === 'number' || type === 'days') return [...numbers, ...common];
  if (type === 'date' || type === 'datetime') return [...dates, ...numbers.filter((_, i) => i % 3 === 0), ...common];
  if (op === 'in' || op === 'not_in' || op.startsWith('has_')) {
    return [
      { label: '["x"]', value: ['x'] },
      { label: '101 items', value: Array.from({ length: 101 }, (_, i) => `v${i}`) },
      { label: '[1e308]', value: [1e308] },
      { label: '[-0]', value: [raw('-0')] },
      ...common,
    ];
  }
  return [...common, { label: '1e308', value: 1e308 }, { label: '%_', value: '%_' }, { label: '"a\\u0000b"', value: 'a\u0000b' }];
}

// What the document does not describe: the ingestion bodies and the CSV upload.

// Ingestion bodies are read event by event in the service (the document has no body schema for
// them); these describe them as Segment's HTTP API does, so they get the same mutations.
const ID: Schema = { anyOf: [{ type: 'string', minLength: 1, maxLength: 200 }, { type: 'number' }], nullable: true };
const JSON_OBJECT: Schema = { type: 'object', additionalProperties: {}, nullable: true };
const TIME: Schema = { type: 'string', maxLength: 64, nullable: true };
const EVENT_FIELDS: Record<string, Schema> = {
  messageId: ID,
  userId: ID,
  anonymousId: ID,
  previousId: ID,
  groupId: ID,
  event: { type: 'string', minLength: 1, maxLength: 200, nullable: true },
  name: { type: 'string', maxLength: 200, nullable: true },
  properties: JSON_OBJECT,
  traits: JSON_OBJECT,
  // A `context` that is not an object is dropped, not refused (the service merges only an object
  // into the batch's), so no value of it is certainly refused.
  context: {},
  timestamp: TIME,
  originalTimestamp: TIME,
  sentAt: TIME,
};
/** The ingestion calls and their one-letter paths. */
export const INGEST_TYPES = { identify: 'i', track: 't', page: 'p', screen: 's', group: 'g', alias: 'a' } as const;
export type IngestType = keyof typeof INGEST_TYPES | 'batch';

export function ingestSchema(type: IngestType): Schema {
  if (type === 'batch') {
    return {
      type: 'object',
      properties: {
        writeKey: { type: 'string' },
        batch: { type: 'array', items: { type: 'object', properties: { type: { type: 'string', enum: Object.keys(INGEST_TYPES) }, ...EVENT_FIELDS }, required: ['type'] } },
        // Batch-level context and sentAt are applied when they are an object and a string, and
        // ignored otherwise (as Segment does), so no value of theirs is certainly refused.
        context: {},
        sentAt: {},
      },
      required: ['writeKey', 'batch'],
    };
  }
  return { type: 'object', properties: { writeKey: { type: 'string' }, ...EVENT_FIELDS }, required: ['writeKey'] };
}
/** A call the ingestion accepts: ids, the event or page name, the account of a group call. */
export function validIngestBody(type: IngestType, writeKey: string): Record<string, unknown> {
  const ids = { userId: 'fuzz-user', anonymousId: 'fuzz-anon' };
  const event: Record<string, Record<string, unknown>> = {
    identify: { ...ids, traits: { plan: 'pro' } },
    track: { ...ids, event: 'Opened', properties: { page: 1 } },
    page: { ...ids, name: 'Home', properties: {} },
    screen: { ...ids, name: 'Home' },
    group: { ...ids, groupId: 'fuzz-account', traits: { name: 'Fuzz Co' } },
    alias: { userId: 'fuzz-user', previousId: 'fuzz-anon' },
  };
  if (type === 'batch') return { writeKey, batch: [{ type: 'track', ...event.track }] };
  return { writeKey, ...event[type] };
}

/** The CSV upload's bodies: encodings, sizes and shapes a spreadsheet export might have. */
export function csvVariants(): Variant[] {
  const csv = (label: string, bytes: Buffer | string, contentType: string | null = 'text/csv', expect: Variant['expect'] = 'any'): Variant => ({
    label: `CSV: ${label}`,
    family: 'body',
    expect,
    body: { kind: 'bytes', bytes: Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes) },
    contentType,
  });
  return [
    csv('empty', Buffer.alloc(0)),
    csv('a header only', 'Name,Domain\n'),
    csv('invalid UTF-8 (0xff, 0xc3 0x28)', Buffer.concat([Buffer.from('Name\nA'), Buffer.from([0xff, 0xc3, 0x28]), Buffer.from('\n')])),
    csv('NUL bytes', Buffer.from('Name\nA\u0000B\n')),
    csv('a UTF-8 BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Name\nBom Co\n')])),
    csv('UTF-16LE with a BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Name\nWide Co\n', 'utf16le')])),
    csv('an unbalanced quote', 'Name,Domain\n"Open quote,x.example\n'),
    csv('bare CR line endings', 'Name,Domain\rCr Co,cr.example\r'),
    csv('5000 columns', `${Array.from({ length: 5000 }, (_, i) => `c${i}`).join(',')}\n${Array.from({ length: 5000 }, () => 'v').join(',')}\n`),
    csv('a 1 MB cell', `Name\n${'x'.repeat(1024 * 1024)}\n`),
    csv('20000 rows', `Name\n${Array.from({ length: 20_000 }, (_, i) => `Row ${i}`).join('\n')}\n`),
    csv('duplicate headers', 'Name,Name,Domain\nA,B,dup.example\n'),
    csv('an empty header', ',Domain\nA,empty.example\n'),
    csv('a formula cell', 'Name\n=HYPERLINK("http://evil.example","x")\n'),
    csv('lone surrogate escapes as text', 'Name\n\\ud800\n'),
    csv('Content-Type: text/csv; charset=latin1', 'Name\nLatin Co\n', 'text/csv; charset=latin1'),
    csv('Content-Type: application/csv', 'Name\nApp Co\n', 'application/csv'),
    csv('sent as application/json', '{"Name":"x"}', 'application/json', 'invalid'),
    csv('sent as text/plain', 'Name\nPlain Co\n', 'text/plain', 'invalid'),
    csv('sent with no Content-Type', 'Name\nNone Co\n', null, 'invalid'),
  ];
}
