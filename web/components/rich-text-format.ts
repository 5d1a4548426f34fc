/**
 * The note editor is a plain textarea with a few markers: a blank line starts a paragraph,
 * `**bold**`, `_italic_`, `` `code` ``, lines starting `- ` make a list, `1. ` a numbered one and
 * `> ` a quote; links are found by themselves. These functions turn that text into the HTML the
 * server stores (and sanitises again), and stored HTML back into the same text for editing.
 */

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const URL_IN_TEXT = /https?:\/\/[^\s<>"]+[^\s<>".,;:!?)]/g;

function inline(text: string): string {
  // Links first, on the raw text, so markers inside a URL (snake_case paths) stay as they are.
  const parts: string[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_IN_TEXT)) {
    parts.push(markers(escapeHtml(text.slice(last, m.index))));
    const url = escapeHtml(m[0]);
    parts.push(`<a href="${url}">${url}</a>`);
    last = m.index + m[0].length;
  }
  parts.push(markers(escapeHtml(text.slice(last))));
  return parts.join('');
}

function markers(escaped: string): string {
  return escaped
    .replace(/`([^`\n]+)`/g, '<code>$1</code>')
    .replace(/\*\*(?=\S)([^*\n]*?\S)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^\w])_(?=\S)([^_\n]*?\S)_(?!\w)/g, '$1<em>$2</em>');
}

const BULLET = /^\s*[-*•]\s+/;
const NUMBERED = /^\s*\d+[.)]\s+/;
const QUOTE = /^\s*>\s?/;

export function plainToHtml(text: string): string {
  const blocks = text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((b) => b.replace(/^\n+|\n+$/g, ''))
    .filter((b) => b.trim() !== '');
  return blocks
    .map((block) => {
      const lines = block.split('\n');
      if (lines.every((l) => BULLET.test(l))) return `<ul>${lines.map((l) => `<li>${inline(l.replace(BULLET, ''))}</li>`).join('')}</ul>`;
      if (lines.every((l) => NUMBERED.test(l))) return `<ol>${lines.map((l) => `<li>${inline(l.replace(NUMBERED, ''))}</li>`).join('')}</ol>`;
      if (lines.every((l) => QUOTE.test(l))) return `<blockquote><p>${lines.map((l) => inline(l.replace(QUOTE, ''))).join('<br>')}</p></blockquote>`;
      return `<p>${lines.map(inline).join('<br>')}</p>`;
    })
    .join('');
}

/** Stored HTML back to editor text. DOMParser builds an inert document: nothing in it runs. */
export function htmlToPlain(html: string): string {
  if (!html) return '';
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  return blocksOf(doc.body).join('\n\n').trim();
}

function blocksOf(parent: Element): string[] {
  const out: string[] = [];
  let loose = '';
  const flush = () => {
    if (loose.trim()) out.push(loose.trim());
    loose = '';
  };
  for (const node of Array.from(parent.childNodes)) {
    if (!(node instanceof Element)) {
      loose += node.textContent ?? '';
      continue;
    }
    const tag = node.tagName.toLowerCase();
    if (tag === 'p' || tag === 'div') {
      flush();
      out.push(inlineOf(node));
    } else if (tag === 'ul' || tag === 'ol') {
      flush();
      const items = Array.from(node.children).filter((c) => c.tagName.toLowerCase() === 'li');
      out.push(items.map((li, i) => `${tag === 'ul' ? '-' : `${i + 1}.`} ${inlineOf(li).replace(/\n/g, ' ')}`).join('\n'));
    } else if (tag === 'blockquote') {
      flush();
      out.push(
        blocksOf(node)
          .join('\n')
          .split('\n')
          .map((l) => `> ${l}`)
          .join('\n'),
      );
    } else {
      loose += inlineOf(node, true);
    }
  }
  flush();
  return out;
}

function inlineOf(el: Element, self = false): string {
  const nodes = self ? [el] : Array.from(el.childNodes);
  return nodes
    .map((node) => {
      if (!(node instanceof Element)) return node.textContent ?? '';
      const tag = node.tagName.toLowerCase();
      const inner = inlineOf(node);
      if (tag === 'br') return '\n';
      if (tag === 'strong' || tag === 'b') return `**${inner}**`;
      if (tag === 'em' || tag === 'i') return `_${inner}_`;
      if (tag === 'code') return `\`${inner}\``;
      if (tag === 'a') {
        const href = node.getAttribute('href') ?? '';
        return href && href !== inner ? `${inner} (${href})` : inner;
      }
      return inner;
    })
    .join('');
}
