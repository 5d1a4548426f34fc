import { describe, expect, it } from 'vitest';
import { plainToHtml } from './rich-text-format.js';

describe('the note editor turns plain text into HTML', () => {
  it('makes paragraphs and line breaks', () => {
    expect(plainToHtml('First line\nsecond line\n\nNew paragraph')).toBe('<p>First line<br>second line</p><p>New paragraph</p>');
  });

  it('escapes markup, so typed tags stay text', () => {
    expect(plainToHtml('<script>alert(1)</script> & "x"')).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;</p>');
  });

  it('reads bold, italic, code, lists and quotes', () => {
    expect(plainToHtml('**Risk**: _budget_ freeze, see `QBR`')).toBe('<p><strong>Risk</strong>: <em>budget</em> freeze, see <code>QBR</code></p>');
    expect(plainToHtml('- one\n- two')).toBe('<ul><li>one</li><li>two</li></ul>');
    expect(plainToHtml('1. one\n2. two')).toBe('<ol><li>one</li><li>two</li></ol>');
    expect(plainToHtml('> said so')).toBe('<blockquote><p>said so</p></blockquote>');
  });

  it('links URLs without reading markers inside them', () => {
    const url = `${'https'}://example.org/a_b_c`;
    expect(plainToHtml(`See ${url}.`)).toBe(`<p>See <a href="${url}">${url}</a>.</p>`);
  });

  it('leaves snake_case words alone', () => {
    expect(plainToHtml('the renewal_date field')).toBe('<p>the renewal_date field</p>');
  });
});
