import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/**
 * A text kept in the page's address (`?q=`), so that a search can be linked to (the header
 * search's "See all matching" rows open `/clients?q=…`), shared, and restored with Back.
 * Changes replace the history entry: one entry per keystroke would make Back useless.
 */
export function useSearchParam(name: string): [string, (value: string) => void] {
  const [params, setParams] = useSearchParams();
  const value = params.get(name) ?? '';
  const setValue = useCallback(
    (next: string) =>
      setParams(
        (current) => {
          const updated = new URLSearchParams(current);
          if (next) updated.set(name, next);
          else updated.delete(name);
          return updated;
        },
        { replace: true },
      ),
    [name, setParams],
  );
  return [value, setValue];
}
