import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useNavigate, useSearchParams } from 'react-router';

/** Only a path within this app; anything else (`//evil.example`, `https:…`) falls back to Home. */
export function safeNextPath(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (next.startsWith('/sign-in')) return '/';
  return next;
}

/** After a sign-in of any kind: forget what an earlier session left cached and open the app. */
export function useEnterApp(): () => void {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNextPath(params.get('next'));
  return useCallback(() => {
    queryClient.clear();
    void navigate(next, { replace: true });
  }, [queryClient, navigate, next]);
}
