/** Control characters (C0 and DEL): a name or title never means to hold one, and PostgreSQL cannot store a NUL. */
// eslint-disable-next-line no-control-regex
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;

/** Half of a surrogate pair without its other half: what cutting a string inside an emoji leaves. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * The string with each lone surrogate replaced by U+FFFD, as its UTF-8 encoding would have it.
 * Each database stored one differently (SQLite as three replacement characters, PostgreSQL's
 * JSON parser refused it outright), so text from outside is made well formed first.
 */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\ufffd');
}

/**
 * A value a product sent (a trait, an account's name) as a line of text for a column: well
 * formed, without control characters, trimmed, at most `max` characters; undefined when it is
 * not a string or nothing is left.
 */
export function plainText(value: unknown, max: number): string | undefined {
  const text = typeof value === 'string' ? wellFormed(value).replace(CONTROL_CHARACTERS, '').trim() : '';
  return text === '' ? undefined : text.slice(0, max);
}
