import { Typography, type BoxProps } from '@mantine/core';

/**
 * A timeline entry's body. The server sanitises `bodyHtml` on every write (server/lib/rich-text.ts:
 * paragraphs, emphasis, lists, quotes, code and links that open in a new tab with noopener
 * noreferrer, nothing else), so this is the one place that renders stored HTML as HTML.
 */
export function RichText({ html, ...props }: { html: string } & BoxProps) {
  return (
    <Typography
      {...props}
      fz="sm"
      style={{ overflowWrap: 'anywhere' }}
      // Sanitised by the server before it was stored; see the comment above.
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
