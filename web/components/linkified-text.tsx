import { Anchor } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { ExternalLink } from './external-link.js';

const URL_PATTERN = /https?:\/\/[^\s<>"')\]]+/g;

/** Paths of this app that a mail from Candor links to. */
const APP_PATHS = new Set(['/invite', '/reset-password', '/sign-in', '/setup']);

/**
 * Where a URL from one of Candor's own mails should go. Those links point at this very server,
 * but under PUBLIC_URL, which may differ from the address this browser uses (localhost versus
 * 127.0.0.1), so a link to an app page is kept within the app as `/invite#token`.
 */
export function appPathOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    if (parsed.origin === window.location.origin || APP_PATHS.has(parsed.pathname)) return `${parsed.pathname}${parsed.search}${parsed.hash}`;
  } catch {
    return undefined;
  }
  return undefined;
}

export function findUrls(text: string): string[] {
  return [...text.matchAll(URL_PATTERN)].map((m) => m[0].replace(/[.,;:!?]+$/, ''));
}

/** Plain text with its URLs made clickable; never HTML, so a message cannot inject markup. */
export function LinkifiedText({ text }: { text: string }) {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const url = match[0].replace(/[.,;:!?]+$/, '');
    const start = match.index;
    if (start > last) parts.push(text.slice(last, start));
    const inApp = appPathOf(url);
    parts.push(
      inApp ? (
        <Anchor key={start} component={Link} to={inApp} inherit style={{ wordBreak: 'break-all' }}>
          {url}
        </Anchor>
      ) : (
        <ExternalLink key={start} href={url} inherit style={{ wordBreak: 'break-all' }}>
          {url}
        </ExternalLink>
      ),
    );
    last = start + url.length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return <>{parts}</>;
}
