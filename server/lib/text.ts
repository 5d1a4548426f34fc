/** Control characters (C0 and DEL): a name or title never means to hold one, and PostgreSQL cannot store a NUL. */
// eslint-disable-next-line no-control-regex
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;

/**
 * A value a product sent (a trait, an account's name) as a line of text for a column: without
 * control characters, trimmed, at most `max` characters; undefined when it is not a string or
 * nothing is left.
 */
export function plainText(value: unknown, max: number): string | undefined {
  const text = typeof value === 'string' ? value.replace(CONTROL_CHARACTERS, '').trim() : '';
  return text === '' ? undefined : text.slice(0, max);
}
