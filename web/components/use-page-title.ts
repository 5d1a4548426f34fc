import { useEffect } from 'react';

/** "Members · Candor" in the tab and in the browser history. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · Candor` : 'Candor';
  }, [title]);
}
