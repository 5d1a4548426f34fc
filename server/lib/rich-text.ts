import sanitizeHtml from 'sanitize-html';

/**
 * The rich text Candor stores (timeline notes): a small allow-list of formatting tags, links only
 * to http, https and mailto, opened in a new tab without opener or referrer. Scripts, styles,
 * event handlers, images and every other tag are dropped on the server, whatever the editor sent.
 */
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'b', 'em', 'i', 'u', 's', 'ul', 'ol', 'li', 'blockquote', 'code', 'pre', 'a', 'h3', 'h4'],
  allowedAttributes: { a: ['href', 'target', 'rel'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: { a: sanitizeHtml.simpleTransform('a', { target: '_blank', rel: 'noopener noreferrer' }) },
};

export function sanitizeRichText(html: string, textFilter?: (text: string) => string): string {
  return sanitizeHtml(html, textFilter ? { ...OPTIONS, textFilter } : OPTIONS).trim();
}

/** The plain text of stored rich text: what search and the sensitive-data guard read. */
export function richTextToText(html: string): string {
  const withBreaks = html.replace(/<\/(p|li|h3|h4|blockquote|pre)>|<br\s*\/?>/gi, '\n');
  return sanitizeHtml(withBreaks, { allowedTags: [], allowedAttributes: {} })
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
