/** A stored JSON object, or `{}` when the text is empty, broken or holds something else. */
export function parseJsonObject(text: string | null): Record<string, unknown> {
  if (!text) return {};
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * NUL and lone surrogates as JSON.stringify escapes them (`\u0000`, `\ud83d`), and not after an
 * escaped backslash. JSON.stringify writes whole surrogate pairs as they are, so every surrogate
 * escape it writes is a lone one.
 */
const UNREADABLE_ESCAPE = /(?<!\\)((?:\\\\)*)\\u(0000|d[89a-f][0-9a-f]{2})/gi;

/**
 * JSON text to store. PostgreSQL reads stored JSON as jsonb where a filter needs a member (custom
 * fields, consent records), and its JSON parser refuses a NUL or a lone surrogate, failing the
 * whole query; so a NUL is dropped (it never means anything in text) and a lone surrogate becomes
 * U+FFFD, as UTF-8 encoding would have it.
 */
export function storableJson(value: object): string {
  const text = JSON.stringify(value);
  if (!text.includes('\\u')) return text;
  return text.replace(UNREADABLE_ESCAPE, (_, backslashes: string, code: string) => (code === '0000' ? backslashes : `${backslashes}\\ufffd`));
}

/** Levels of objects and arrays a JSON value may nest: far above any body the API or an SDK sends. */
export const MAX_JSON_DEPTH = 32;
export const NUL_MESSAGE = 'must not contain a NUL character (\\u0000)';

/**
 * The first level past `MAX_JSON_DEPTH` in parsed JSON, or (with `nul`) the first NUL in a string
 * or a key, with its path; undefined when there is none. Only arrays and plain objects are walked
 * (a route whose body is a stream, as the CSV upload's, has nothing to check here), with a stack
 * of its own, since a value may nest deeper than the call stack goes.
 */
export function jsonProblemAt(value: unknown, path: string, options: { nul: boolean }): { path: string; message: string } | undefined {
  const stack: [unknown, string, number][] = [[value, path, 0]];
  while (stack.length > 0) {
    const [v, at, depth] = stack.pop() as [unknown, string, number];
    if (typeof v === 'string') {
      if (options.nul && v.includes('\u0000')) return { path: at, message: NUL_MESSAGE };
      continue;
    }
    const container = Array.isArray(v) || isPlainObject(v);
    if (!container) continue;
    if (depth >= MAX_JSON_DEPTH) return { path: at, message: `nests deeper than ${MAX_JSON_DEPTH} levels of objects and arrays` };
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${at}.${i}`, depth + 1]);
      continue;
    }
    const entries = Object.entries(v as Record<string, unknown>);
    if (options.nul) for (const [key] of entries) if (key.includes('\u0000')) return { path: `${at} (a key)`, message: NUL_MESSAGE };
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i] as [string, unknown];
      stack.push([child, `${at}.${key}`, depth + 1]);
    }
  }
  return undefined;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}
