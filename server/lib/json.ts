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
