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

/** A link target as a person reads it (`%20` as a space), for the sensitive-data guard. */
function readableLink(href: string): string {
  try {
    return decodeURIComponent(href);
  } catch {
    return href;
  }
}

/**
 * `keepLink` decides, per link target, whether it is stored: a link it refuses keeps its text and
 * loses its href (the guard's redaction of a card number or password written into a URL).
 */
export function sanitizeRichText(html: string, textFilter?: (text: string) => string, keepLink?: (href: string) => boolean): string {
  const links: sanitizeHtml.IOptions = keepLink
    ? {
        transformTags: {
          a: (tagName, attribs) => {
            const out: sanitizeHtml.Attributes = { ...attribs, target: '_blank', rel: 'noopener noreferrer' };
            if (out.href !== undefined && !keepLink(readableLink(out.href))) delete out.href;
            return { tagName, attribs: out };
          },
        },
      }
    : {};
  return sanitizeHtml(html, { ...OPTIONS, ...links, ...(textFilter ? { textFilter } : {}) }).trim();
}

/** The link targets of stored rich text, readable: they are stored as much as the text is, so the guard reads them too. */
export function richTextLinks(html: string): string[] {
  const found: string[] = [];
  sanitizeHtml(html, {
    allowedTags: [],
    allowedAttributes: {},
    transformTags: {
      a: (tagName, attribs) => {
        if (attribs.href) found.push(readableLink(attribs.href));
        return { tagName, attribs };
      },
    },
  });
  return found;
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
