import { Anchor, type AnchorProps } from '@mantine/core';
import { IconExternalLink } from '@tabler/icons-react';
import type { ReactNode } from 'react';

interface ExternalLinkProps extends AnchorProps {
  readonly href: string;
  readonly children: ReactNode;
}

/**
 * A link that leaves Candor (P35): a new tab, no opener and no referrer, and an icon so the
 * person sees before clicking that they are going elsewhere.
 */
export function ExternalLink({ href, children, ...props }: ExternalLinkProps) {
  return (
    // The caller's props come first, so nothing can take back target or rel.
    <Anchor {...props} href={href} target="_blank" rel="noopener noreferrer">
      {children}
      <IconExternalLink size="0.85em" stroke={1.8} aria-label="(opens in a new tab)" style={{ marginLeft: 3, verticalAlign: '-0.1em' }} />
    </Anchor>
  );
}
